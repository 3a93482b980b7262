use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    domain::{City, CityOverview},
    i18n::use_lang,
    url::{encode_component, with_query},
};

/// The top bar: the app name (home), the two catalogues, the account, and
/// the language switch, which reloads the current page in the other
/// language. `here` is the current path for pages rendered outside the
/// router (the account pages); routed pages read it from the router.
#[component]
pub fn AppHeader(#[prop(optional, into)] here: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let switch_to = move |next: &str| {
        format!(
            "/prefs/lang?to={}&next={}",
            lang.other().code(),
            encode_component(next)
        )
    };
    let switch_href = match here {
        Some(here) => Signal::derive(move || switch_to(&here)),
        None => {
            let location = use_location();
            Signal::derive(move || {
                let search = location.search.get();
                match search.trim_start_matches('?') {
                    "" => switch_to(&location.pathname.get()),
                    query => switch_to(&format!("{}?{query}", location.pathname.get())),
                }
            })
        }
    };
    view! {
        <header class="app-header">
            <a class="brand" href="/">{t.app_name}</a>
            <nav class="main-nav" aria-label=t.main_navigation>
                <a href="/courses">{t.courses}</a>
                <a href="/institutions">{t.institutions}</a>
                // Class and account pages are server-rendered outside the router.
                <a href="/classes" rel="external">{t.classes}</a>
                <a href="/account" rel="external">{t.my_account}</a>
            </nav>
            <a
                class="lang-switch"
                href=switch_href
                rel="external"
                hreflang=lang.other().tag()
                aria-label=t.switch_language_label
            >
                {t.switch_language}
            </a>
        </header>
    }
}

/// Big buttons, one per city; choosing one remembers it and opens `next`
/// (the course catalogue by default) for that city.
#[component]
pub fn CityPicker(
    cities: Vec<CityOverview>,
    current: Option<City>,
    #[prop(default = "/courses")] next: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <section class="city-picker" aria-labelledby="city-picker-title">
            <h2 id="city-picker-title">{t.choose_city}</h2>
            <ul class="city-grid">
                {cities
                    .into_iter()
                    .map(|overview| {
                        let city = overview.city;
                        let target = with_query(next, &[("city", Some(city.code()))]);
                        let href = format!(
                            "/prefs/city?code={}&next={}",
                            city.code(),
                            encode_component(&target),
                        );
                        let current = (current == Some(city)).then_some("true");
                        view! {
                            <li>
                                <a class="city-button" href=href rel="external" aria-current=current>
                                    <span class="city-name">{city.label(lang)}</span>
                                    <span class="city-count">{(t.results)(overview.courses)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
