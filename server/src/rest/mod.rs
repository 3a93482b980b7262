//! The public JSON API under `/api/v1`, documented by `openapi.json`.
//! Handlers are thin: extract, parse into domain types, call the same
//! service the pages use, answer JSON.

mod catalogue;
mod categories;
mod classes;
mod error;
mod face_checks;
mod identity;
mod screens;
mod subsidies;

use app::server::AppState;
use axum::{
    extract::{FromRequest, FromRequestParts, RawQuery, Request},
    http::{header, request::Parts},
    response::IntoResponse,
    routing::{delete, get, post, put},
    Router,
};
use serde::de::DeserializeOwned;

pub use error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Turns a service error into the API's error in the caller's language.
fn fail(lang: &RequestLang) -> impl Fn(app::error::AppError) -> ApiError + '_ {
    move |error| ApiError::new(error, lang.0)
}

/// Turns a refused value into the API's error in the caller's language.
fn invalid(lang: &RequestLang) -> impl Fn(app::domain::InputError) -> ApiError + '_ {
    move |error| ApiError::new(error.into(), lang.0)
}

/// An answer with personal or changing data, which is never cached.
fn private<T: serde::Serialize>(
    status: axum::http::StatusCode,
    body: T,
) -> axum::response::Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

/// The OpenAPI 3 document of this API.
pub const OPENAPI_DOCUMENT: &str = include_str!("openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cities", get(catalogue::cities))
        .route("/courses", get(catalogue::courses))
        .route("/courses/{id}", get(catalogue::course))
        .route("/institutions", get(catalogue::institutions))
        .route("/institutions/{id}", get(catalogue::institution))
        .route(
            "/auth/register/worker/passkey",
            post(identity::start_worker_registration),
        )
        .route(
            "/auth/register/worker/password",
            post(identity::register_worker_with_password),
        )
        .route(
            "/auth/passkeys/finish",
            post(identity::finish_passkey_registration),
        )
        .route(
            "/auth/sign-in/passkey",
            post(identity::start_passkey_sign_in),
        )
        .route(
            "/auth/sign-in/passkey/finish",
            post(identity::finish_passkey_sign_in),
        )
        .route(
            "/auth/sign-in/password",
            post(identity::sign_in_with_password),
        )
        .route("/auth/code/passkey", post(identity::start_with_code))
        .route(
            "/auth/code/password",
            post(identity::set_password_with_code),
        )
        .route("/auth/sign-out", post(identity::sign_out))
        .route(
            "/auth/sign-out-everywhere",
            post(identity::sign_out_everywhere),
        )
        .route("/me", get(identity::me))
        .route("/me/data", get(identity::my_data))
        .route("/me/passkeys", post(identity::start_adding_passkey))
        .route("/me/passkeys/review", post(identity::review_passkeys))
        .route("/me/passkeys/{id}", delete(identity::remove_passkey))
        .route("/me/device-key", post(identity::register_device_key))
        .route("/me/phone-capability", put(identity::note_phone_capability))
        .route(
            "/accounts",
            get(identity::list_staff).post(identity::create_staff),
        )
        .route(
            "/accounts/recovery-codes",
            post(identity::issue_recovery_code),
        )
        .route("/accounts/{id}/disable", post(identity::disable_staff))
        .route("/accounts/{id}/enable", post(identity::enable_staff))
        .route("/accounts/{id}/role", put(identity::change_staff_role))
        .route("/audit", get(identity::audit_records))
        .route("/classes", get(classes::list).post(classes::apply))
        .route("/classes/{id}", get(classes::detail).put(classes::resubmit))
        .route("/classes/{id}/decision", post(classes::decide))
        .route(
            "/classes/{id}/enrolment-notice",
            get(classes::enrolment_notice),
        )
        .route("/classes/{id}/enrolments", post(classes::enrol))
        .route("/me/enrolments", get(classes::my_enrolments))
        .route("/enrolments/{id}/hours", get(classes::hours))
        .route("/sessions/{id}/code", get(classes::display_code))
        .route("/sessions/{id}/display-link", get(screens::display_link))
        .route("/screens/{token}/code", get(screens::screen_code))
        .route("/sessions/{id}/roster", get(classes::roster))
        .route("/sessions/{id}/attendance", post(classes::correct))
        .route("/sessions/{id}/headcount", put(classes::set_headcount))
        .route(
            "/sessions/{id}/roll-call-answers",
            post(classes::excuse_missed_roll_call),
        )
        .route("/check-ins", post(classes::scan))
        .route(
            "/check-ins/{scan}/passkey",
            post(classes::confirm_with_passkey),
        )
        .route(
            "/check-ins/{scan}/session",
            post(classes::confirm_with_session),
        )
        .route("/check-ins/{scan}/face", post(face_checks::start))
        .route("/face-checks/{nonce}/result", post(face_checks::finish))
        .route("/classes/{id}/face-check", put(face_checks::set_class_rule))
        .route(
            "/cities/{city}/face-check",
            get(face_checks::city_rule).put(face_checks::set_city_rule),
        )
        .route("/me/consents", get(face_checks::my_consents))
        .route(
            "/me/consents/face-verification",
            delete(face_checks::withdraw_face_consent),
        )
        .route("/risk-warnings", get(classes::warnings))
        .route("/assurance-summary", get(classes::assurance_summary))
        .route("/risk-warnings/{id}/clear", post(classes::clear_warning))
        .route(
            "/online-platforms",
            get(classes::platforms).post(classes::approve_platform),
        )
        .route(
            "/online-platforms/{id}/revoke",
            post(classes::revoke_platform),
        )
        .route("/online-study", post(classes::report_online_study))
        .route("/classes/{id}/completion", get(subsidies::completion_sheet))
        .route(
            "/classes/{id}/subsidy-claims",
            post(subsidies::file_class_claims),
        )
        .route("/classes/{id}/ratings", get(subsidies::class_ratings))
        .route(
            "/enrolments/{id}/assessment",
            put(subsidies::record_assessment),
        )
        .route(
            "/enrolments/{id}/certificate-verification",
            post(subsidies::verify_certificate),
        )
        .route("/enrolments/{id}/rating", put(subsidies::rate))
        .route(
            "/enrolments/{id}/subsidy-claim",
            post(subsidies::file_claim),
        )
        .route("/certificates", get(subsidies::certificates))
        .route("/ratings/{id}/reply", post(subsidies::reply_to_rating))
        .route("/ratings/{id}/hide", post(subsidies::hide_rating))
        .route("/subsidy-claims", get(subsidies::claims))
        .route("/subsidy-claims/review", post(subsidies::review_claims))
        .route("/subsidy-claims/{id}", get(subsidies::claim))
        .route(
            "/subsidy-claims/{id}/recovery",
            post(subsidies::recover_claim),
        )
        .route("/me/subsidies", get(subsidies::my_subsidies))
        .route("/me/notifications", get(subsidies::notifications))
        .route(
            "/me/notifications/read-all",
            post(subsidies::read_all_notifications),
        )
        .route(
            "/me/notifications/{id}/read",
            post(subsidies::read_notification),
        )
        .route("/worker-categories", get(categories::list))
        .route("/worker-categories/{id}/decision", post(categories::decide))
        .route("/worker-categories/import", post(categories::import))
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

/// A JSON body read into `T`, answering our JSON error when it cannot be
/// read (wrong content type, bad JSON, missing fields).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(request.headers());
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(|_| ApiError::new(app::error::AppError::Malformed, lang))
    }
}

/// The signed-in caller, or 401 in the API's error shape.
pub struct ApiActor(pub app::server::access::Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(&parts.headers);
        app::server::sessions::require_actor(&state.db, &parts.headers, chrono::Utc::now())
            .await
            .map(ApiActor)
            .map_err(|error| ApiError::new(error, lang))
    }
}

/// The client's network address: the TCP peer, or behind a trusted proxy
/// the address it forwards (see `SKILLPASS_TRUSTED_PROXIES`).
pub struct ClientIp(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(state.client_addresses.of_request(parts)))
    }
}

/// A numeric id from the path (`/classes/{id}`), or 400 in the API's error
/// shape when it is not a positive whole number.
pub struct ApiId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(&parts.headers);
        let raw = axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(app::error::AppError::Malformed, lang))?;
        app::domain::parse_bounded_int(app::domain::Field::Id, &raw.0, 1, i64::MAX)
            .map(ApiId)
            .map_err(|error| ApiError::new(error.into(), lang))
    }
}
