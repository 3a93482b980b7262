//! Server-only code: state, request helpers, services and storage.

pub mod access;
pub mod accounts;
pub mod attendance;
pub mod audit;
pub mod campaigns;
pub mod catalogue;
pub mod catalogue_publishing;
pub mod categories;
pub mod check_in_codes;
pub mod classes;
pub mod clock;
pub mod completion;
pub mod consents;
pub mod credentials;
pub mod crypto;
pub mod db;
pub mod device_keys;
pub mod employers;
pub mod employment;
pub mod face_checks;
pub mod face_provider;
pub mod flash;
pub mod hires;
pub mod hours_ledger;
pub mod inbox;
pub mod inspections;
pub mod journey;
pub mod orders;
pub mod outbox;
pub mod oversight;
pub mod passkeys;
pub mod passwords;
pub mod recommendations;
pub mod recommended;
pub mod remote;
pub mod request;
pub mod risk;
pub mod roll_calls;
pub mod scorecards;
pub mod screens;
pub mod security;
pub mod sessions;
pub mod sms_gateway;
pub mod spreadsheet;
pub mod staff_accounts;
pub mod state;
pub mod subsidies;
pub mod throttle;
pub mod visit;
pub mod warning_review;

pub use state::AppState;

/// Logs a database failure with its cause chain and turns it into what the
/// caller may see: 503 when the database is unreachable, 500 otherwise.
pub fn database_failure(
    context: &'static str,
) -> impl FnOnce(sqlx::Error) -> crate::error::AppError {
    move |error| {
        let unreachable = matches!(
            error,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
        );
        tracing::error!(
            error = &error as &dyn std::error::Error,
            context,
            "database failure"
        );
        if unreachable {
            crate::error::AppError::Unavailable
        } else {
            crate::error::AppError::Internal
        }
    }
}

/// A failure of ours, never the caller's (a stored value that no longer
/// passes its rules, a value that will not serialise, a task that died):
/// logged once with its cause chain and answered with the generic message.
pub fn internal_fault<E: std::error::Error + 'static>(error: E) -> crate::error::AppError {
    tracing::error!(
        error = &error as &dyn std::error::Error,
        kind = std::any::type_name::<E>(),
        "internal failure"
    );
    crate::error::AppError::Internal
}

/// Something that must exist was not there (a row this transaction just
/// wrote, a session of the class being read): logged with what it was and
/// answered with the generic message.
pub fn internal_absence(what: &'static str) -> crate::error::AppError {
    tracing::error!(what, "internal failure: a value that must exist is missing");
    crate::error::AppError::Internal
}
