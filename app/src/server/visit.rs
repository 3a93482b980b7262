//! Who is looking at a page: what a server-rendered page knows of its
//! request before it loads anything.

use chrono::{DateTime, Utc};
use http::{header, HeaderMap, HeaderValue, StatusCode};
use leptos::prelude::use_context;

use crate::{
    error::{AppError, Refusal},
    i18n::Lang,
    server::{access::Actor, request, AppState},
};

/// One page request: the shared state, the request's headers, the
/// signed-in caller (if any), the page language and the time it is
/// rendered at.
pub struct PageRequest {
    pub state: AppState,
    pub headers: HeaderMap,
    pub actor: Option<Actor>,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

/// The shared state and the headers of the request being handled (a page
/// or a server function).
pub fn state_and_headers() -> Result<(AppState, HeaderMap), AppError> {
    let state = use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })?;
    let headers = use_context::<http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default();
    Ok((state, headers))
}

impl PageRequest {
    /// The visit of the request being rendered. A session that cannot be
    /// read because the database is down is not taken for "signed out":
    /// the page answers 503 and says so.
    pub async fn current() -> Result<PageRequest, AppError> {
        let (state, headers) = state_and_headers()?;
        let now = state.clock.now();
        let actor = crate::server::request::current_actor(&state.db, &headers, now).await?;
        Ok(PageRequest {
            lang: request::lang(&headers),
            state,
            headers,
            actor,
            now,
        })
    }

    /// The in-app browser (WeChat, Alipay, QQ) the page is opened in, if
    /// its user agent names one.
    pub fn in_app_browser(&self) -> Option<crate::domain::InAppBrowser> {
        self.headers
            .get(header::USER_AGENT)
            .and_then(|agent| agent.to_str().ok())
            .and_then(crate::domain::InAppBrowser::of)
    }

    /// The signed-in caller, or why the page cannot be shown (401).
    pub fn signed_in(&self) -> Result<&Actor, AppError> {
        self.actor
            .as_ref()
            .ok_or(AppError::Refused(Refusal::SignInRequired))
    }
}

/// Parses the id in a page's path (400 when it is not one).
pub fn parse_id(raw: &str) -> Result<i64, AppError> {
    crate::domain::parse_bounded_int(crate::domain::Field::Id, raw, 1, i64::MAX).map_err(Into::into)
}

/// Marks the page being rendered as personal: never stored by a cache.
pub fn never_cache() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// Sends the browser on to `path` (303) instead of the page being
/// rendered. A page request always wants a document, so this does not
/// depend on its `Accept` header.
pub fn see_other(path: &str) {
    if let (Some(response), Ok(location)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(path),
    ) {
        response.set_status(StatusCode::SEE_OTHER);
        response.insert_header(header::LOCATION, location);
    }
}

/// Answers with the status of `error` (401, 403, 404, ...): a page that
/// could not show its content, or a server function that failed, says so.
pub fn answer_with_status_of(error: &AppError) {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        StatusCode::from_u16(error.status()),
    ) {
        response.set_status(status);
    }
}

/// Adds a `Set-Cookie` header to the answer being made (a page or a
/// server function's).
pub fn set_cookie(cookie: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}
