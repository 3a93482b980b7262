//! Server functions: thin adapters from the page to the service layer.
//! Each reads the request context, parses raw input into domain types,
//! calls one service and returns [`AppError`](crate::error::AppError).

pub mod attendance;
pub mod catalogue;

#[cfg(feature = "ssr")]
mod context {
    use http::HeaderMap;
    use leptos::prelude::use_context;

    use crate::{error::AppError, server::AppState};

    /// The shared state and the request headers of the current call.
    pub fn request() -> Result<(AppState, HeaderMap), AppError> {
        let state = use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })?;
        let headers = use_context::<http::request::Parts>()
            .map(|parts| parts.headers)
            .unwrap_or_default();
        Ok((state, headers))
    }

    /// Sets the HTTP status of the response to fit a failed call, so a
    /// server-rendered page for a missing course answers 404.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(status) = http::StatusCode::from_u16(error.status()) {
                    response.set_status(status);
                }
            }
        }
        result
    }
}
