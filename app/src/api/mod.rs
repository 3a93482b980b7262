//! Server functions: thin adapters from the page to the service layer.
//! Each reads the request context, parses raw input into domain types,
//! calls one service and returns [`AppError`](crate::error::AppError).

pub mod accounts;
pub mod attendance;
pub mod campaigns;
pub mod catalogue;
pub mod catalogue_publishing;
pub mod categories;
pub mod check_in;
pub mod classes;
pub mod device_keys;
pub mod employers;
pub mod inspections;
pub mod orders;
pub mod oversight;
pub mod passkeys;
pub mod recommended;
pub mod roster;
pub mod subsidies;

#[cfg(feature = "ssr")]
mod context {
    use http::HeaderMap;
    use leptos::prelude::use_context;

    use crate::{
        error::{AppError, Refusal},
        server::{access::Actor, flash::Flash, AppState},
    };

    /// The shared state and the request headers of the current call.
    pub use crate::server::visit::state_and_headers as request;

    /// The time of the current call, from the state's clock.
    pub fn now() -> Result<chrono::DateTime<chrono::Utc>, AppError> {
        Ok(request()?.0.clock.now())
    }

    /// Sets the HTTP status of the response to fit a failed call, so a
    /// server-rendered page for a missing course answers 404.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            crate::server::visit::answer_with_status_of(error);
        }
        result
    }

    /// Like [`respond`] for an answer about one person or a secret (a
    /// check-in code, a display link): never stored by a cache.
    pub fn respond_privately<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        crate::server::visit::never_cache();
        respond(result)
    }

    /// The shared state, the request headers and the signed-in caller
    /// (401 when nobody is signed in).
    pub async fn signed_in() -> Result<(AppState, HeaderMap, Actor), AppError> {
        let (state, headers) = request()?;
        let actor = crate::server::request::current_actor(&state.db, &headers, state.clock.now())
            .await?
            .ok_or(AppError::Refused(Refusal::SignInRequired))?;
        Ok((state, headers, actor))
    }

    /// Where a form's outcome is shown: the page that follows it, or the
    /// form's own page again.
    pub enum After<'a> {
        Page(&'a str),
        SamePage,
    }

    /// How a form's server function ends. A browser that posted the form
    /// itself (no JavaScript; it accepts HTML) is sent on (303): after
    /// success to the page `after` names, after a failure back to the
    /// form's page, with the outcome kept for that page to tell. A caller
    /// that asked for JSON gets the result as it is, with a fitting status.
    pub fn end_form<T>(
        result: Result<T, AppError>,
        done: crate::server::flash::Done,
        after: After<'_>,
    ) -> Result<T, AppError> {
        end_form_telling(result, |_| Flash::Done(done), after)
    }

    /// Like [`end_form`], where the page that follows tells what the
    /// success gave (`told`), such as a one-time code to hand over.
    pub fn end_form_telling<T>(
        result: Result<T, AppError>,
        told: impl FnOnce(&T) -> Flash,
        after: After<'_>,
    ) -> Result<T, AppError> {
        crate::server::visit::never_cache();
        let Some((parts, state)) = html_form() else {
            return respond(result);
        };
        // The form's page: the Referer, when it is a page of this site.
        let form_page = || {
            parts
                .headers
                .get(http::header::REFERER)
                .and_then(|value| value.to_str().ok())
                .and_then(|referer| {
                    crate::url::local_path_of(referer, &state.security.public_origin)
                })
                .unwrap_or_else(|| "/".to_owned())
        };
        let (flash, target) = match (&result, after) {
            (Ok(value), After::Page(next)) => (told(value), next.to_owned()),
            (Ok(value), After::SamePage) => (told(value), form_page()),
            (Err(error), _) => (Flash::problem(error), form_page()),
        };
        if let Some(cookie) = flash.cookie(&state.security.keys, state.security.secure_cookies) {
            set_cookie(&cookie);
        }
        see_other(&target);
        result
    }

    /// The request and state of a form a browser posted itself (it
    /// accepts HTML), which is answered with a redirect.
    fn html_form() -> Option<(http::request::Parts, AppState)> {
        let parts = use_context::<http::request::Parts>()?;
        let state = use_context::<AppState>()?;
        use_context::<leptos_axum::ResponseOptions>()?;
        let accepts_html = parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("text/html"));
        accepts_html.then_some((parts, state))
    }

    /// Answers 303 See Other to `target`.
    fn see_other(target: &str) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            leptos_axum::redirect(target);
            response.set_status(http::StatusCode::SEE_OTHER);
        }
    }

    /// The network address of the caller (behind trusted proxies, the one
    /// they forward), for rate limits and the audit trail.
    pub fn client_address(state: &AppState) -> std::net::IpAddr {
        use_context::<http::request::Parts>()
            .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |parts| {
                state.client_addresses.of_request(&parts)
            })
    }

    /// Adds a `Set-Cookie` header to the answer of the current call.
    pub use crate::server::visit::set_cookie;
}

#[cfg(feature = "ssr")]
mod upload {
    use leptos::server_fn::codec::MultipartData;

    use crate::error::AppError;

    /// One part of a posted `multipart/form-data` form: a text field, or
    /// a file with the name the browser gave it.
    pub struct FormPart {
        pub name: String,
        pub file_name: Option<String>,
        pub content_type: String,
        pub bytes: Vec<u8>,
    }

    impl FormPart {
        /// The part as text (a form field), or `unreadable` when it is not
        /// UTF-8.
        pub fn text(self, unreadable: impl Fn() -> AppError) -> Result<String, AppError> {
            String::from_utf8(self.bytes).map_err(|_| unreadable())
        }
    }

    /// Every part of an upload form, in order. A part longer than
    /// `max_part_bytes` is refused with `too_large` as soon as reading
    /// passes the limit; a form that cannot be read is `unreadable`.
    pub async fn read_form_parts(
        data: MultipartData,
        max_part_bytes: usize,
        too_large: impl Fn() -> AppError,
        unreadable: impl Fn() -> AppError,
    ) -> Result<Vec<FormPart>, AppError> {
        let mut form = data.into_inner().ok_or_else(&unreadable)?;
        let mut parts = Vec::new();
        while let Some(mut field) = form.next_field().await.map_err(|_| unreadable())? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field
                .content_type()
                .map(|mime| mime.to_string())
                .unwrap_or_default();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
                if bytes.len() + chunk.len() > max_part_bytes {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&chunk);
            }
            parts.push(FormPart {
                name,
                file_name,
                content_type,
                bytes,
            });
        }
        Ok(parts)
    }
}
