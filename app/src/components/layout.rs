use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    domain::{City, CityOverview},
    i18n::use_lang,
    url::{encode_component, with_query},
};

/// The top bar: the app name (home), the two catalogues, the classes, the
/// account, and the language switch, which reloads the current page in the
/// other language.
#[component]
pub fn AppHeader() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let location = use_location();
    let here = match location.search.get_untracked().trim_start_matches('?') {
        "" => location.pathname.get_untracked(),
        query => format!("{}?{query}", location.pathname.get_untracked()),
    };
    let switch_href = format!(
        "/prefs/lang?to={}&next={}",
        lang.other().code(),
        encode_component(&here)
    );
    view! {
        <header class="app-header">
            <a class="brand" href="/">{t.app_name}</a>
            <nav class="main-nav" aria-label=t.main_navigation>
                <a href="/courses">{t.courses}</a>
                <a href="/institutions">{t.institutions}</a>
                <a href="/classes">{t.classes}</a>
                <a href="/account">{t.my_account}</a>
            </nav>
            <a
                class="lang-switch"
                href=switch_href
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
