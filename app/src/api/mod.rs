//! Server functions: thin adapters from the page to the service layer.
//! Each reads the request context, parses raw input into domain types,
//! calls one service and returns [`AppError`](crate::error::AppError).

pub mod accounts;
pub mod attendance;
pub mod catalogue;
pub mod classes;

#[cfg(feature = "ssr")]
mod context {
    use http::HeaderMap;
    use leptos::prelude::use_context;

    use crate::{
        error::{AppError, Refusal},
        server::{access::Actor, flash::Flash, sessions, AppState},
    };

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

    /// The shared state, the request headers and the signed-in caller
    /// (401 when nobody is signed in).
    pub async fn signed_in() -> Result<(AppState, HeaderMap, Actor), AppError> {
        let (state, headers) = request()?;
        let actor = sessions::current_actor(&state.db, &headers, chrono::Utc::now())
            .await?
            .ok_or(AppError::Refused(Refusal::SignInRequired))?;
        Ok((state, headers, actor))
    }

    /// How a form's server function ends. A browser that posted the form
    /// itself (no JavaScript; it accepts HTML) is sent on (303) to `next`
    /// after success, or back to the form's page after a failure, with the
    /// outcome kept for that page to tell. A caller that asked for JSON
    /// gets the result as it is.
    pub fn end_form<T>(
        result: Result<T, AppError>,
        done: crate::server::flash::Done,
        next: &str,
    ) -> Result<T, AppError> {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return respond(result);
        };
        let accepts_html = parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("text/html"));
        if !accepts_html {
            return respond(result);
        }
        let Some(state) = use_context::<AppState>() else {
            return respond(result);
        };
        let (flash, target) = match &result {
            Ok(_) => (Flash::Done(done), next.to_owned()),
            Err(error) => {
                let back = parts
                    .headers
                    .get(http::header::REFERER)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|referer| {
                        crate::url::local_path_of(referer, &state.security.public_origin)
                    })
                    .unwrap_or_else(|| "/".to_owned());
                (Flash::Problem(error.clone()), back)
            }
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            if let Some(cookie) = flash
                .cookie(state.security.secure_cookies)
                .and_then(|cookie| http::HeaderValue::from_str(&cookie).ok())
            {
                response.append_header(http::header::SET_COOKIE, cookie);
            }
            leptos_axum::redirect(&target);
            response.set_status(http::StatusCode::SEE_OTHER);
        }
        result
    }

    /// Adds a `Set-Cookie` header to the answer of the current call.
    pub fn set_cookie(cookie: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(cookie),
        ) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}
