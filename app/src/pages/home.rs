use leptos::prelude::*;
use leptos_meta::Meta;

use crate::{
    api::catalogue::load_home,
    components::{AppHeader, CityPicker, ErrorNotice, Loading},
    i18n::use_lang,
    url::with_query,
};

/// The landing page: the remembered city with its two catalogues, and the
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
