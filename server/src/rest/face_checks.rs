//! `/api/v1/check-ins/{scan}/face`, `/api/v1/face-checks/*`, the
//! face-check rules of a class and of a city, and the worker's consents:
//! issue 22's face check at check-in, ready for a licensed provider.

use app::{
    domain::City,
    error::AppError,
    server::{
        attendance::{self, ConfirmationContext},
        face_checks::{self, CityFaceRule, FaceCheckRequest},
        request, AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{fail, private, ApiActor, ApiId, ApiJson, ApiResult, ClientIp, RequestLang};

#[derive(Deserialize)]
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

#[derive(Serialize)]
pub struct StartedFaceCheck {
    /// The provider's page, where the worker goes next.
    verify_url: String,
}

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
    let now = Utc::now();
    let circumstances = ConfirmationContext::of_request(&headers, address, None);
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

#[derive(Serialize)]
pub struct FaceCheckOutcome {
    matched: bool,
    /// The check-in page to go back to.
    return_to: String,
}

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
    let back = face_checks::finish(&state, &actor, &nonce, device.as_deref(), Utc::now())
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

#[derive(Deserialize)]
pub struct ClassRuleInput {
    required: bool,
    reason: String,
}

#[derive(Serialize)]
pub struct ClassRule {
    class_id: i64,
    face_check_required: bool,
    /// Whether this call changed it.
    changed: bool,
}

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
        Utc::now(),
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

#[derive(Serialize)]
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

/// The city's rule for workers on the password fallback.
pub async fn city_rule(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(city): Path<String>,
) -> ApiResult<Response> {
    let city = city_of(&city).map_err(fail(&lang))?;
    let rule = face_checks::city_rule(&state, &actor, city, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, CityRule::of(city, rule)))
}

#[derive(Deserialize)]
pub struct CityRuleInput {
    password_fallback: bool,
    reason: String,
}

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
        Utc::now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, CityRule::of(city, rule)))
}

#[derive(Serialize)]
pub struct Consent {
    purpose: &'static str,
    given_at: DateTime<Utc>,
    wording: &'static str,
}

/// The caller's consents in force.
pub async fn my_consents(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let given = face_checks::consent_of(&state, &actor)
        .await
        .map_err(fail(&lang))?;
    let consents: Vec<Consent> = given
        .map(|given_at| Consent {
            purpose: "face_verification",
            given_at,
            wording: face_checks::CONSENT_WORDING,
        })
        .into_iter()
        .collect();
    Ok(private(StatusCode::OK, consents))
}

/// Withdraws the caller's consent to face checks (204 also when none
/// was in force).
pub async fn withdraw_face_consent(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<StatusCode> {
    face_checks::withdraw_consent(&state, &actor, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}
