use leptos::prelude::*;
use leptos_meta::Title;

use crate::{components::AppHeader, i18n::use_lang};

/// Any address the app does not know; answers 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_lang().texts();
    view! {
        <Title text=t.not_found/>
        <AppHeader/>
        <main class="page">
            <div class="error-notice" role="alert">
                <p>{t.not_found}</p>
                <a class="button" href="/">{t.go_home}</a>
            </div>
        </main>
    }
}
