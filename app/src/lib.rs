//! SkillPass (技能培训通): the shared user interface and logic.
//!
//! Pages are rendered on the server (`ssr`) in Leptos islands mode: a page
//! is plain HTML that works without JavaScript, and only the interactive
//! parts (`islands`) are compiled to WebAssembly and hydrated in the
//! browser (`hydrate`). The router, the pages and the services exist on
//! the server only.

// Leptos views are deeply nested types. Without incremental caches (a
// fresh clone, as CI builds) laying out a large page's async view can
// pass the default query depth of 128; pages also erase their types
// (`into_any`) section by section to stay well inside it.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod islands;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod url;
#[cfg(feature = "ssr")]
pub mod views;

#[cfg(all(test, feature = "ssr"))]
mod architecture_tests;

#[cfg(feature = "ssr")]
pub use routes::{shell, App};

#[cfg(feature = "ssr")]
mod routes {
    use leptos::prelude::*;
    use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
    use leptos_router::{
        components::{Route, Router, Routes},
        path, SsrMode,
    };

    use crate::{i18n::Lang, pages::*};

    /// The whole HTML document, rendered on the server for every page. It
    /// loads no script: a page with an island adds
    /// [`IslandScripts`](crate::components::IslandScripts) itself.
    pub fn shell(options: LeptosOptions) -> impl IntoView {
        let lang = request_lang();
        provide_context(options.clone());
        view! {
            <!DOCTYPE html>
            <html lang=lang.tag()>
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <meta name="theme-color" content="#0b6e4f"/>
                    <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                    <AutoReload options=options.clone()/>
                    <HashedStylesheet options id="leptos"/>
                    <MetaTags/>
                </head>
                <body>
                    <App/>
                </body>
            </html>
        }
    }

    /// The application: language, routes and pages. Every page of the
    /// product is a route here.
    #[component]
    pub fn App() -> impl IntoView {
        provide_meta_context();
        let lang = request_lang();
        provide_context(lang);
        let t = lang.texts();
        view! {
            <Title text=t.app_name formatter=move |title: String| page_title(t.app_name, &title)/>
            <Router>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    // The catalogues.
                    <Route path=path!("/courses") view=CourseCataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:id") view=CourseDetailPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/institutions")
                        view=InstitutionCataloguePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/institutions/:id")
                        view=InstitutionDetailPage
                        ssr=SsrMode::Async
                    />
                    // Accounts.
                    <Route path=path!("/register") view=RegisterRoute ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInRoute ssr=SsrMode::Async/>
                    <Route path=path!("/recover") view=RecoverRoute ssr=SsrMode::Async/>
                    <Route path=path!("/enrol") view=RecoverRoute ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountRoute ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=StaffAccountsRoute ssr=SsrMode::Async/>
                    <Route
                        path=path!("/worker-categories")
                        view=WorkerCategoriesRoute
                        ssr=SsrMode::Async
                    />
                    // Classes and attendance.
                    <Route path=path!("/catalogue-editions") view=CatalogueEditionsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/catalogue-editions/:id") view=CatalogueEditionRoute ssr=SsrMode::Async/>
                    <Route
                        path=path!("/catalogue-editions/:id/rows/:row_id")
                        view=CatalogueRowRoute
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/catalogue-editions/:id/history")
                        view=CatalogueHistoryRoute
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/catalogue-imports/:id") view=CatalogueImportRoute ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns") view=CampaignsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/oversight") view=ProgressRoute ssr=SsrMode::Async/>
                    <Route path=path!("/oversight/targets") view=TargetsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/oversight/institutions") view=InstitutionScorecardsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/oversight/courses") view=CourseScorecardsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/oversight/inspections") view=InspectionsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/new") view=NewCampaignRoute ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:id") view=CampaignRoute ssr=SsrMode::Async/>
                    <Route path=path!("/employers") view=EmployersRoute ssr=SsrMode::Async/>
                    <Route path=path!("/employers/register") view=EmployerRegisterRoute ssr=SsrMode::Async/>
                    <Route path=path!("/employers/:id") view=EmployerRoute ssr=SsrMode::Async/>
                    <Route path=path!("/orders") view=OrdersRoute ssr=SsrMode::Async/>
                    <Route path=path!("/orders/new") view=NewOrderRoute ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view=OrderRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes") view=ClassListRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/new") view=NewClassRoute ssr=SsrMode::Async/>
                    <Route path=path!("/classes/:id") view=ClassDetailRoute ssr=SsrMode::Async/>
                    <Route path=path!("/my/classes") view=MyClassesRoute ssr=SsrMode::Async/>
                    <Route path=path!("/c/:code") view=CheckInRoute ssr=SsrMode::Async/>
                    <Route path=path!("/face-check/go") view=FaceCheckGoRoute ssr=SsrMode::Async/>
                    <Route path=path!("/face-check/return") view=FaceCheckReturnRoute ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/screen") view=ScreenRoute ssr=SsrMode::Async/>
                    <Route path=path!("/screen/:token") view=DisplayScreenRoute ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/roster") view=RosterRoute ssr=SsrMode::Async/>
                    <Route path=path!("/risk-warnings") view=RiskWarningsRoute ssr=SsrMode::Async/>
                    // Completion and subsidies.
                    <Route
                        path=path!("/classes/:id/completion")
                        view=CompletionRoute
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/classes/:id/inspections")
                        view=ClassInspectionsRoute
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/classes/:id/employment")
                        view=EmploymentRoute
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/my/subsidies") view=MySubsidiesRoute ssr=SsrMode::Async/>
                    <Route path=path!("/inbox") view=InboxRoute ssr=SsrMode::Async/>
                    <Route path=path!("/subsidy-claims") view=ClaimReviewRoute ssr=SsrMode::Async/>
                    <Route path=path!("/subsidy-claims/:id") view=ClaimRoute ssr=SsrMode::Async/>
                </Routes>
            </Router>
        }
    }

    /// "Page · 技能培训通", or just the app's name for a page without a
    /// title of its own.
    fn page_title(app_name: &str, title: &str) -> String {
        if title.is_empty() || title == app_name {
            app_name.to_owned()
        } else {
            format!("{title} · {app_name}")
        }
    }

    /// The language of this request: from the cookie or Accept-Language.
    fn request_lang() -> Lang {
        use_context::<http::request::Parts>()
            .map(|parts| crate::server::request::lang(&parts.headers))
            .unwrap_or_default()
    }
}
