//! The public JSON API under `/api/v1`, documented by the OpenAPI
//! document generated from its handlers (`/api/v1/openapi.json`).
//! Handlers are thin: extract, parse into domain types, call the same
//! service the pages use, answer JSON.

mod catalogue;
mod catalogue_publishing;
mod categories;
mod classes;
mod document;
mod employers;
mod error;
mod face_checks;
mod identity;
mod inspections;
mod orders;
mod oversight;
mod recommendations;
mod screens;
mod subsidies;

use app::server::AppState;
use axum::{
    extract::{FromRequest, FromRequestParts, RawQuery, Request},
    http::{header, request::Parts},
    response::IntoResponse,
    Router,
};
use serde::de::DeserializeOwned;
use utoipa::{Modify as _, OpenApi as _};
use utoipa_axum::{router::OpenApiRouter, routes};

use document::{CommonAnswers, PlatformKey};
pub use error::{ApiError, ErrorBody};

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

/// The API's routes, each with the operation its handler documents.
fn documented_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDocument::openapi())
        .routes(routes!(catalogue::cities))
        .routes(routes!(catalogue::courses))
        .routes(routes!(catalogue::course))
        .routes(routes!(catalogue::institutions))
        .routes(routes!(catalogue::institution))
        .routes(routes!(identity::start_worker_registration))
        .routes(routes!(identity::register_worker_with_password))
        .routes(routes!(identity::finish_passkey_registration))
        .routes(routes!(identity::start_passkey_sign_in))
        .routes(routes!(identity::finish_passkey_sign_in))
        .routes(routes!(identity::sign_in_with_password))
        .routes(routes!(identity::start_with_code))
        .routes(routes!(identity::set_password_with_code))
        .routes(routes!(identity::sign_out))
        .routes(routes!(identity::sign_out_everywhere))
        .routes(routes!(identity::me))
        .routes(routes!(identity::my_data))
        .routes(routes!(identity::start_adding_passkey))
        .routes(routes!(identity::review_passkeys))
        .routes(routes!(identity::remove_passkey))
        .routes(routes!(identity::register_device_key))
        .routes(routes!(identity::note_phone_capability))
        .routes(routes!(identity::list_staff, identity::create_staff))
        .routes(routes!(identity::issue_recovery_code))
        .routes(routes!(identity::disable_staff))
        .routes(routes!(identity::enable_staff))
        .routes(routes!(identity::change_staff_role))
        .routes(routes!(identity::audit_records))
        .routes(routes!(classes::list, classes::apply))
        .routes(routes!(classes::detail, classes::resubmit))
        .routes(routes!(classes::decide))
        .routes(routes!(classes::enrolment_notice))
        .routes(routes!(classes::enrol))
        .routes(routes!(classes::my_enrolments))
        .routes(routes!(classes::hours))
        .routes(routes!(classes::display_code))
        .routes(routes!(screens::display_link))
        .routes(routes!(screens::screen_code))
        .routes(routes!(classes::roster))
        .routes(routes!(classes::correct))
        .routes(routes!(classes::set_headcount))
        .routes(routes!(classes::excuse_missed_roll_call))
        .routes(routes!(classes::scan))
        .routes(routes!(classes::confirm_with_passkey))
        .routes(routes!(classes::confirm_with_session))
        .routes(routes!(face_checks::start))
        .routes(routes!(face_checks::finish))
        .routes(routes!(face_checks::set_class_rule))
        .routes(routes!(face_checks::city_rule, face_checks::set_city_rule))
        .routes(routes!(face_checks::my_consents))
        .routes(routes!(face_checks::withdraw_face_consent))
        .routes(routes!(classes::warnings))
        .routes(routes!(classes::assurance_summary))
        .routes(routes!(classes::clear_warning))
        .routes(routes!(classes::platforms, classes::approve_platform))
        .routes(routes!(classes::revoke_platform))
        .routes(routes!(classes::report_online_study))
        .routes(routes!(subsidies::completion_sheet))
        .routes(routes!(subsidies::file_class_claims))
        .routes(routes!(subsidies::class_ratings))
        .routes(routes!(subsidies::record_assessment))
        .routes(routes!(subsidies::verify_certificate))
        .routes(routes!(subsidies::rate))
        .routes(routes!(subsidies::file_claim))
        .routes(routes!(subsidies::certificates))
        .routes(routes!(subsidies::reply_to_rating))
        .routes(routes!(subsidies::hide_rating))
        .routes(routes!(subsidies::claims))
        .routes(routes!(subsidies::review_claims))
        .routes(routes!(subsidies::claim))
        .routes(routes!(subsidies::recover_claim))
        .routes(routes!(subsidies::my_subsidies))
        .routes(routes!(subsidies::notifications))
        .routes(routes!(subsidies::read_all_notifications))
        .routes(routes!(subsidies::read_notification))
        .routes(routes!(categories::list))
        .routes(routes!(categories::decide))
        .routes(routes!(categories::import))
        .routes(routes!(
            catalogue_publishing::list_editions,
            catalogue_publishing::create_edition
        ))
        .routes(routes!(catalogue_publishing::edition))
        .routes(routes!(catalogue_publishing::add_row))
        .routes(routes!(
            catalogue_publishing::change_row,
            catalogue_publishing::delete_row
        ))
        .routes(routes!(catalogue_publishing::preview_import))
        .routes(routes!(catalogue_publishing::confirm_import))
        .routes(routes!(catalogue_publishing::export_edition))
        .routes(routes!(catalogue_publishing::file_edition))
        .routes(routes!(catalogue_publishing::list_filings))
        .routes(routes!(catalogue_publishing::decide_filing))
        .routes(routes!(catalogue_publishing::abandon_adjustment))
        .routes(routes!(catalogue_publishing::attachment))
        .routes(routes!(catalogue_publishing::publish))
        .routes(routes!(catalogue_publishing::open_adjustment))
        .routes(routes!(catalogue_publishing::add_change))
        .routes(routes!(catalogue_publishing::delete_change))
        .routes(routes!(catalogue_publishing::file_adjustment))
        .routes(routes!(catalogue_publishing::history))
        .routes(routes!(catalogue_publishing::publication))
        .routes(routes!(employers::list, employers::register))
        .routes(routes!(employers::employer, employers::correct))
        .routes(routes!(employers::decide))
        .routes(routes!(recommendations::my_setting, recommendations::set))
        .routes(routes!(
            recommendations::list_campaigns,
            recommendations::draft_campaign
        ))
        .routes(routes!(recommendations::campaign_audience))
        .routes(routes!(
            recommendations::campaign,
            recommendations::change_campaign
        ))
        .routes(routes!(recommendations::send_campaign))
        .routes(routes!(recommendations::export_funnel))
        .routes(routes!(oversight::targets))
        .routes(routes!(oversight::set_target))
        .routes(routes!(oversight::progress))
        .routes(routes!(oversight::export_progress))
        .routes(routes!(oversight::institution_scorecards))
        .routes(routes!(oversight::course_scorecards))
        .routes(routes!(inspections::list, inspections::schedule))
        .routes(routes!(inspections::of_class))
        .routes(routes!(inspections::inspection))
        .routes(routes!(inspections::record_on_session))
        .routes(routes!(inspections::record_scheduled))
        .routes(routes!(inspections::answer))
        .routes(routes!(inspections::add_photo))
        .routes(routes!(inspections::photo))
        .routes(routes!(recommendations::my_recommended))
        .routes(routes!(recommendations::open_recommended))
        .routes(routes!(recommendations::dismiss_recommended))
        .routes(routes!(employers::class_employment))
        .routes(routes!(employers::declare_employment))
        .routes(routes!(orders::list, orders::post))
        .routes(routes!(orders::order, orders::resubmit))
        .routes(routes!(orders::decide))
        .routes(routes!(orders::withdraw))
        .routes(routes!(orders::bid))
        .routes(routes!(orders::pick))
        .routes(routes!(orders::export))
        .routes(routes!(orders::clear_warning))
        .routes(routes!(orders::trainees))
        .routes(routes!(orders::record_outcome))
        .routes(routes!(orders::confirm_retention))
        .routes(routes!(orders::my_job_offers))
        .routes(routes!(orders::answer_job_offer))
        .routes(routes!(openapi))
}

pub fn router() -> Router<AppState> {
    let (routes, _) = documented_routes().split_for_parts();
    routes.fallback(not_found)
}

/// The OpenAPI 3.1 document of this API, generated from the handlers'
/// `#[utoipa::path]` attributes and the types they take and answer.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut document = documented_routes().into_openapi();
    // After the routes: a modifier of `ApiDocument` would see no paths.
    CommonAnswers.modify(&mut document);
    PlatformKey.modify(&mut document);
    document
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "SkillPass API (技能培训通)",
        version = "1.0.0",
        description = "Public catalogues of subsidised vocational training in Fujian: the training-demand catalogue (职业技能培训需求指导目录) and the subsidised training institution catalogue (补贴性职业技能培训机构目录) of each city. Amounts are integer fen (1 yuan = 100 fen). Every error has the shape {\"error\": {\"code\", \"message\", \"field\"?}}; messages follow Accept-Language (Chinese by default). Accounts: workers register with real name and ID card number and a passkey (WebAuthn, discoverable, user verification required) or, where the browser lacks WebAuthn, a password (lower assurance). State-changing requests must come from the site's origin (Origin header) or carry the session's CSRF token in `X-CSRF-Token` (403 `cross_site_request` otherwise).",
    ),
    servers((url = "/api/v1")),
    components(schemas(ErrorBody)),
)]
struct ApiDocument;

/// The document as served, rendered once.
static OPENAPI_JSON: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    openapi_document().to_json().unwrap_or_else(|error| {
        tracing::error!(%error, "the OpenAPI document cannot be written as JSON");
        String::from("{}")
    })
});

#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "getOpenApi",
    summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1 document", body = Object)),
)]
async fn openapi() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI_JSON.as_str(),
    )
}

async fn not_found(lang: RequestLang) -> ApiError {
    ApiError::new(
        app::error::AppError::NotFound(app::error::Missing::Route),
        lang.0,
    )
}

/// The body of a change that needs a reason (disabling an account,
/// clearing a warning, hiding a rating, revoking a platform).
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ReasonInput {
    /// Why, kept in the audit trail (at most 200 characters).
    #[serde(default)]
    #[schema(required = true, max_length = 200)]
    pub reason: String,
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
        let presented = app::server::request::presented_session(&parts.headers);
        app::server::sessions::require_actor(&state.db, &presented, state.clock.now())
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
