//! One file per route.

// The account pages are forms driven by /passkey.js; they need no
// client-side reactivity, so they are rendered on the server only and kept
// out of the WebAssembly every worker downloads (see server/account_pages).
#[cfg(feature = "ssr")]
mod account;
#[cfg(feature = "ssr")]
mod attendance;
#[cfg(feature = "ssr")]
mod classes;
mod course_catalogue;
mod course_detail;
mod home;
mod institution_catalogue;
mod institution_detail;
mod not_found;
#[cfg(feature = "ssr")]
mod register;
#[cfg(feature = "ssr")]
mod sign_in;
#[cfg(feature = "ssr")]
mod staff_accounts;
#[cfg(feature = "ssr")]
mod subsidies;
#[cfg(feature = "ssr")]
mod worker_categories;

#[cfg(feature = "ssr")]
pub use account::AccountPage;
#[cfg(feature = "ssr")]
pub use attendance::{
    CheckInPage, DisplayScreenPage, MyClassesPage, RiskWarningsPage, RosterPage, ScreenPage,
};
#[cfg(feature = "ssr")]
pub use classes::{ClassDetailPage, ClassListPage, CourseChoice, NewClassPage, Viewer};
pub use course_catalogue::CourseCataloguePage;
pub use course_detail::CourseDetailPage;
pub use home::HomePage;
pub use institution_catalogue::InstitutionCataloguePage;
pub use institution_detail::InstitutionDetailPage;
pub use not_found::NotFoundPage;
#[cfg(feature = "ssr")]
pub use register::RegisterPage;
#[cfg(feature = "ssr")]
pub use sign_in::{RecoverPage, SignInPage};
#[cfg(feature = "ssr")]
pub use staff_accounts::StaffAccountsPage;
#[cfg(feature = "ssr")]
pub use subsidies::{
    ClaimPage, ClaimReviewPage, CompletionPage, InboxPage, MySubsidiesPage, RatingsSection,
};
#[cfg(feature = "ssr")]
pub use worker_categories::WorkerCategoriesPage;

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
