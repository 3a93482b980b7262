use leptos::prelude::*;

use crate::{domain::CatalogueInfo, error::AppError, i18n::use_lang};

/// Where the rows come from; a demo catalogue says so plainly. On a
/// catalogue list the same line offers to change city, so the city is
/// named once.
#[component]
pub fn CatalogueBanner(
    info: CatalogueInfo,
    #[prop(optional)] offer_city_change: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <p class="catalogue-line">
            {info.city.label(lang)} " · " {(t.catalogue_year)(info.year)}
            {info.published_on.map(|date| format!(" · {}", (t.published_from)(&date)))}
            {info.filing_number.map(|number| format!(" · {}", (t.filing_number)(&number)))}
            " · " <a href=format!("/catalogue-editions/{}/history", info.id)>{(t.catalogue_version)(info.version)}</a>
            {offer_city_change.then(|| view! { " · " <a href="/">{t.change_city}</a> })}
        </p>
        {info.is_demo.then(|| view! { <p class="demo-banner" role="note">{t.demo_data}</p> })}
    }
}

/// A failed request, told in the user's language.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error-notice" role="alert" data-code=error.code()>
            <p>{error.message(lang)}</p>
            <a class="button secondary" href="/">{lang.texts().go_home}</a>
        </div>
    }
}

/// Shown while a page's data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{use_lang().texts().loading}</p> }
}

/// The script that hydrates the page's islands, in the page's body: only
/// a page with an island renders it, so every other page loads no
/// JavaScript and no WebAssembly.
#[component]
pub fn IslandScripts() -> impl IntoView {
    use_context::<leptos::config::LeptosOptions>()
        .map(|options| view! { <HydrationScripts options islands=true/> })
}
