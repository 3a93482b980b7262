//! SkillPass (技能培训通): the shared user interface and logic, rendered on
//! the server (`ssr`) and hydrated in the browser (`hydrate`).

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{i18n::Lang, pages::*};

/// The whole HTML document, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b6e4f"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: language, routes and pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = request_lang();
    provide_context(lang);
    // Effects run only in the browser, once hydration is complete: the
    // marker lets browser tests wait for an interactive page.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title text=lang.texts().app_name/>
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/courses") view=CourseCataloguePage ssr=SsrMode::Async/>
                <Route path=path!("/courses/:id") view=CourseDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/institutions") view=InstitutionCataloguePage ssr=SsrMode::Async/>
                <Route
                    path=path!("/institutions/:id")
                    view=InstitutionDetailPage
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
    }
}

/// The language of this request: on the server from the cookie or
/// Accept-Language; in the browser from `<html lang>`, which the server
/// wrote, so hydration renders the same text.
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| server::request::lang(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_default()
    }
}
