//! The public JSON API under `/api/v1`, documented by `openapi.json`.
//! Handlers are thin: extract, parse into domain types, call the same
//! service the pages use, answer JSON.

mod catalogue;
mod error;

use app::server::AppState;
use axum::{
    extract::{FromRequestParts, RawQuery},
    http::{header, request::Parts},
    response::IntoResponse,
    routing::get,
    Router,
};
use serde::de::DeserializeOwned;

pub use error::ApiError;

/// The OpenAPI 3 document of this API.
pub const OPENAPI_DOCUMENT: &str = include_str!("openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cities", get(catalogue::cities))
        .route("/courses", get(catalogue::courses))
        .route("/courses/{id}", get(catalogue::course))
        .route("/institutions", get(catalogue::institutions))
        .route("/institutions/{id}", get(catalogue::institution))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
}

async fn openapi() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI_DOCUMENT,
    )
}

async fn not_found(lang: RequestLang) -> ApiError {
    ApiError::new(
        app::error::AppError::NotFound(app::error::Missing::Route),
        lang.0,
    )
}

/// The language API messages are written in: the `lang` cookie, else
/// Accept-Language, else Chinese.
pub struct RequestLang(pub app::i18n::Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(app::server::request::lang(&parts.headers)))
    }
}

/// A query string read into `T`, answering our JSON error (not axum's
/// plain-text one) when it cannot be read.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(&parts.headers);
        let Ok(RawQuery(query)) = RawQuery::from_request_parts(parts, state).await;
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default())
            .map(ApiQuery)
            .map_err(|_| ApiError::new(app::error::AppError::Malformed, lang))
    }
}
