use leptos::prelude::*;
use leptos_meta::Meta;

use crate::{
    api::catalogue::load_home,
    components::{AppHeader, CityPicker, ErrorNotice, Loading},
    i18n::use_lang,
    server::visit::PageRequest,
    url::with_query,
};

use super::recommended::ForYou;

/// The landing page: for a signed-in worker what is recommended to them
/// ("为你推荐"), then the remembered city with its two catalogues, and the
/// list of cities to choose from.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <Meta name="description" content=t.tagline/>
        <AppHeader/>
        <super::frame::FlashNotice/>
        <main class="page">
            <section class="hero">
                <h1>{t.app_name}</h1>
                <p>{t.tagline}</p>
            </section>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    let recommended = match PageRequest::current().await {
                        Ok(visit) => super::recommended::for_visitor(&visit).await,
                        Err(error) => Err(error),
                    };
                    match recommended {
                        Ok(items) => view! { <ForYou items/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match load_home().await {
                        Ok(overview) => {
                            let current = overview.remembered_city;
                            view! {
                                {current.map(|city| {
                                    let city_query = [("city", Some(city.code()))];
                                    view! {
                                        <section class="current-city" aria-labelledby="current-city-title">
                                            <h2 id="current-city-title">
                                                {t.current_city} ": " {city.label(lang)}
                                            </h2>
                                            <div class="big-actions">
                                                <a class="button big" href=with_query("/courses", &city_query)>
                                                    {t.view_courses}
                                                </a>
                                                <a class="button big secondary" href=with_query("/institutions", &city_query)>
                                                    {t.view_institutions}
                                                </a>
                                            </div>
                                        </section>
                                    }
                                })}
                                <CityPicker cities=overview.cities current=current/>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
