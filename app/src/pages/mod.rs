//! Every page of the product: one file per feature, each with the route
//! components the router names (`…Route`, or `…Page` for the catalogues)
//! and the views they render. Pages exist on the server only; their
//! interactive parts are islands (`crate::islands`).

mod account;
mod attendance;
mod campaigns;
mod catalogue_publishing;
mod classes;
mod course_catalogue;
mod course_detail;
mod employers;
mod employment;
mod frame;
mod home;
mod inspections;
mod institution_catalogue;
mod institution_detail;
mod jobs;
mod not_found;
mod orders;
mod oversight;
mod recommended;
mod register;
mod scorecards;
mod sign_in;
mod staff_accounts;
mod subsidies;
mod worker_categories;

pub use account::{AccountPage, AccountRoute};
pub use attendance::{
    CheckInPage, CheckInRoute, DisplayScreenPage, DisplayScreenRoute, FaceCheckGoRoute,
    FaceCheckReturnRoute, MyClassesPage, MyClassesRoute, RiskWarningsPage, RiskWarningsRoute,
    RosterPage, RosterRoute, ScreenPage, ScreenRoute,
};
pub use campaigns::{CampaignPage, CampaignRoute, CampaignsPage, CampaignsRoute, NewCampaignRoute};
pub use catalogue_publishing::{
    CatalogueEditionRoute, CatalogueEditionsRoute, CatalogueHistoryRoute, CatalogueImportRoute,
    CatalogueRowRoute,
};
pub use classes::{
    ClassDetailPage, ClassDetailRoute, ClassListPage, ClassListRoute, CourseChoice, NewClassPage,
    NewClassRoute, Viewer,
};
pub use course_catalogue::CourseCataloguePage;
pub use course_detail::CourseDetailPage;
pub use employers::{
    EmployerPage, EmployerRegisterPage, EmployerRegisterRoute, EmployerRoute, EmployersPage,
    EmployersRoute,
};
pub use employment::EmploymentRoute;
pub use home::HomePage;
pub use inspections::{ClassInspectionsRoute, InspectionsRoute};
pub use institution_catalogue::InstitutionCataloguePage;
pub use institution_detail::InstitutionDetailPage;
pub use not_found::NotFoundPage;
pub use orders::{NewOrderPage, NewOrderRoute, OrderPage, OrderRoute, OrdersPage, OrdersRoute};
pub use oversight::{ProgressRoute, TargetsRoute};
pub use register::{RegisterPage, RegisterRoute};
pub use scorecards::{CourseScorecardsRoute, InstitutionScorecardsRoute};
pub use sign_in::{RecoverPage, RecoverRoute, SignInPage, SignInRoute};
pub use staff_accounts::{StaffAccountsPage, StaffAccountsRoute};
pub use subsidies::{
    ClaimPage, ClaimReviewPage, ClaimReviewRoute, ClaimRoute, CompletionPage, CompletionRoute,
    InboxPage, InboxRoute, MySubsidiesPage, MySubsidiesRoute, RatingsSection,
};
pub use worker_categories::{WorkerCategoriesPage, WorkerCategoriesRoute};

use leptos::prelude::*;

use crate::{
    domain::{Field, InputError},
    error::AppError,
    i18n::use_lang,
};

/// When a catalogue was asked for without a city (none in the link and
/// none remembered), a friendly pointer to the city list instead of an
/// error.
fn choose_city_first(error: &AppError) -> Option<AnyView> {
    let needs_city = matches!(
        error,
        AppError::Invalid(InputError::Required { field: Field::City })
    );
    needs_city.then(|| {
        let t = use_lang().texts();
        view! {
            <div class="notice" role="status">
                <p>{t.city_needed}</p>
                <a class="button big" href="/">{t.choose_city}</a>
            </div>
        }
        .into_any()
    })
}
