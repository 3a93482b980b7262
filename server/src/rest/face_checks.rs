//! `/api/v1/check-ins/{scan}/face`, `/api/v1/face-checks/*`, the
//! face-check rules of a class and of a city, and the worker's consents:
//! issue 22's face check at check-in, ready for a licensed provider.

use app::views::CityFaceRule;
use app::{
    domain::City,
    error::AppError,
    server::{
        attendance::{self},
        face_checks::{self, FaceCheckRequest},
        recommendations, request, AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{fail, private, ApiActor, ApiId, ApiJson, ApiResult, ClientIp, ErrorBody, RequestLang};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct FaceCheckInput {
    /// The scanned code, whose check-in page the worker comes back to.
    code: String,
    #[serde(default)]
    handoff: Option<String>,
    /// The worker's separate consent, given now (needed until one is in
    /// force).
    #[serde(default)]
    consent: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StartedFaceCheck {
    /// The provider's page, where the worker goes next.
    verify_url: String,
}

#[utoipa::path(
    post,
    path = "/check-ins/{scan}/face",
    operation_id = "startFaceCheck",
    summary = "Start the face check of a pending scan made in this browser, when the class or the city asks this worker for one. Gives the worker's name and ID number to the provider with a new nonce and answers the provider's page. Needs the worker's separate consent (PIPL art. 29) until one is in force; the consent and the check are recorded in the audit trail. No image ever reaches SkillPass. The scan is held 5 minutes for the check. The browser must carry the device cookie the check-in page sets (sp_device): the check finishes only in that browser. At most 5 starts per worker in 10 minutes.",
    params(
        ("scan" = String, Path),
    ),
    request_body = FaceCheckInput,
    responses(
        (status = 200, description = "The provider's page", body = StartedFaceCheck),
        (status = 400, description = "Consent needed (`face_consent_required`) or not a code (`code_invalid`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a worker (`forbidden`), a scan made in another browser (`scan_other_browser`), or no device cookie (`face_check_other_browser`)", body = ErrorBody),
        (status = 409, description = "No rule asks this worker for a face check here (`face_check_not_required`)", body = ErrorBody),
        (status = 410, description = "The scan expired (`scan_expired`)", body = ErrorBody),
        (status = 503, description = "The provider cannot be reached or is not connected (`face_provider_unavailable`)", body = ErrorBody),
        (status = 429, description = "Too many face checks started (`too_many_attempts`, with Retry-After)", body = ErrorBody),
    ),
)]
/// Starts the face check of a pending scan made in this browser.
pub async fn start(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    Path(scan_id): Path<String>,
    ApiJson(input): ApiJson<FaceCheckInput>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let circumstances = app::server::request::confirmation_context(&headers, address, None);
    let session_id =
        attendance::hold_scan_for_face_check(&state, &actor, &scan_id, &circumstances, now)
            .await
            .map_err(fail(&lang))?;
    let request = FaceCheckRequest {
        scan_id: &scan_id,
        session_id,
        device_id: circumstances.device_id.as_deref(),
        code: &input.code,
        handoff: input.handoff.as_deref(),
        consent: input.consent,
    };
    let started = face_checks::start(&state, &actor, &request, now)
        .await
        .map_err(fail(&lang))?;
    Ok(private(
        StatusCode::OK,
        StartedFaceCheck {
            verify_url: started.verify_url,
        },
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FaceCheckOutcome {
    matched: bool,
    /// The check-in page to go back to.
    return_to: String,
}

#[utoipa::path(
    post,
    path = "/face-checks/{nonce}/result",
    operation_id = "finishFaceCheck",
    summary = "Fetch and keep the signed outcome of my face check `nonce` (what /face-check/return does for a browser). An outcome whose signature or nonce does not match is never taken.",
    params(
        ("nonce" = String, Path),
    ),
    responses(
        (status = 200, description = "The outcome", body = FaceCheckOutcome),
        (status = 400, description = "No check with this nonce (`expired`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another worker's check (`forbidden`), or another browser than the one that started it (`face_check_other_browser`, audited)", body = ErrorBody),
        (status = 409, description = "Not finished on the provider's page yet (`face_check_pending`)", body = ErrorBody),
        (status = 503, description = "The provider cannot be reached, or its answer was not acceptable (`face_provider_unavailable`)", body = ErrorBody),
    ),
)]
/// Fetches and keeps the signed outcome of the caller's check `nonce`
/// (what the page `/face-check/return` does for a browser).
pub async fn finish(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ApiActor(actor): ApiActor,
    Path(nonce): Path<String>,
) -> ApiResult<Response> {
    let device = request::device_id(&headers);
    let back = face_checks::finish(&state, &actor, &nonce, device.as_deref(), state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(
        StatusCode::OK,
        FaceCheckOutcome {
            matched: back.matched,
            return_to: back.return_to,
        },
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ClassRuleInput {
    required: bool,
    reason: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ClassRule {
    class_id: i64,
    face_check_required: bool,
    /// Whether this call changed it.
    changed: bool,
}

#[utoipa::path(
    put,
    path = "/classes/{id}/face-check",
    operation_id = "setClassFaceRule",
    summary = "Bureau of the class's city: require a face check at every confirmation of the class, or stop; the reason is kept in the class's history and the audit trail",
    params(
        ("id" = i64, Path),
    ),
    request_body = ClassRuleInput,
    responses(
        (status = 200, description = "Saved", body = ClassRule),
        (status = 400, description = "Reason missing or too long (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this city's bureau (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such class (`not_found`)", body = ErrorBody),
        (status = 409, description = "No provider connected (`face_provider_not_connected`)", body = ErrorBody),
    ),
)]
/// The bureau requires a face check at every confirmation of a class, or
/// stops requiring it.
pub async fn set_class_rule(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<ClassRuleInput>,
) -> ApiResult<Response> {
    let changed = face_checks::set_class_rule(
        &state,
        &actor,
        class_id,
        input.required,
        &input.reason,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(
        StatusCode::OK,
        ClassRule {
            class_id,
            face_check_required: input.required,
            changed,
        },
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CityRule {
    city: String,
    password_fallback: bool,
    changed_at: Option<DateTime<Utc>>,
    reason: String,
    provider_connected: bool,
}

impl CityRule {
    fn of(city: City, rule: CityFaceRule) -> CityRule {
        CityRule {
            city: city.code().to_owned(),
            password_fallback: rule.password_fallback,
            changed_at: rule.changed_at,
            reason: rule.reason,
            provider_connected: rule.provider_connected,
        }
    }
}

fn city_of(raw: &str) -> Result<City, AppError> {
    City::parse(raw).map_err(AppError::from)
}

#[utoipa::path(
    get,
    path = "/cities/{city}/face-check",
    operation_id = "cityFaceRule",
    summary = "The city's face-check rule for workers on the password fallback (its bureau, the province)",
    params(
        ("city" = String, Path),
    ),
    responses(
        (status = 200, description = "The rule", body = CityRule),
        (status = 400, description = "Unknown city (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's rule (`forbidden`)", body = ErrorBody),
    ),
)]
/// The city's rule for workers on the password fallback.
pub async fn city_rule(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(city): Path<String>,
) -> ApiResult<Response> {
    let city = city_of(&city).map_err(fail(&lang))?;
    let rule = face_checks::city_rule(&state, &actor, city, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, CityRule::of(city, rule)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CityRuleInput {
    password_fallback: bool,
    reason: String,
}

#[utoipa::path(
    put,
    path = "/cities/{city}/face-check",
    operation_id = "setCityFaceRule",
    summary = "The city's bureau: workers confirming at password level pass a face check first (or not), with a reason in the audit trail",
    params(
        ("city" = String, Path),
    ),
    request_body = CityRuleInput,
    responses(
        (status = 200, description = "Saved", body = CityRule),
        (status = 400, description = "Unknown city, or reason missing (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this city's bureau (`forbidden`)", body = ErrorBody),
        (status = 409, description = "No provider connected (`face_provider_not_connected`)", body = ErrorBody),
    ),
)]
/// The bureau sets its city's rule.
pub async fn set_city_rule(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(city): Path<String>,
    ApiJson(input): ApiJson<CityRuleInput>,
) -> ApiResult<Response> {
    let city = city_of(&city).map_err(fail(&lang))?;
    let rule = face_checks::set_city_rule(
        &state,
        &actor,
        city,
        input.password_fallback,
        &input.reason,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, CityRule::of(city, rule)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Consent {
    purpose: &'static str,
    given_at: DateTime<Utc>,
    wording: &'static str,
}

#[utoipa::path(
    get,
    path = "/me/consents",
    operation_id = "myConsents",
    summary = "My consents in force (the separate consents to face checks and to pushed recommendations)",
    responses(
        (status = 200, description = "Consents", body = [Consent]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
/// The caller's consents in force.
pub async fn my_consents(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let given = face_checks::consent_of(&state, &actor)
        .await
        .map_err(fail(&lang))?;
    let recommended = recommendations::consent_of(&state.db, &actor.user_id)
        .await
        .map_err(fail(&lang))?;
    let face = given.map(|given_at| Consent {
        purpose: face_checks::CONSENT_PURPOSE,
        given_at,
        wording: face_checks::CONSENT_WORDING,
    });
    let pushed = recommended.since.map(|given_at| Consent {
        purpose: recommendations::CONSENT_PURPOSE,
        given_at,
        wording: recommendations::CONSENT_WORDING,
    });
    let consents: Vec<Consent> = face.into_iter().chain(pushed).collect();
    Ok(private(StatusCode::OK, consents))
}

#[utoipa::path(
    delete,
    path = "/me/consents/face-verification",
    operation_id = "withdrawFaceConsent",
    summary = "Withdraw my consent to face checks (recorded; a check-in that needs one asks again)",
    responses(
        (status = 204, description = "Withdrawn (or none was in force)"),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
/// Withdraws the caller's consent to face checks (204 also when none
/// was in force).
pub async fn withdraw_face_consent(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<StatusCode> {
    face_checks::withdraw_consent(&state, &actor, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}
