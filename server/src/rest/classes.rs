//! `/api/v1/classes*`, `/api/v1/enrolments*`, `/api/v1/sessions*`,
//! `/api/v1/check-ins*`, `/api/v1/risk-warnings*`,
//! `/api/v1/online-platforms` and `/api/v1/online-study`.

use app::{
    domain::{
        City, ClassApplication, ClassApplicationInput, ClassStatus, Direction, Field, InputError,
        Reason, ReportedPosition,
    },
    error::{AppError, Refusal},
    server::{
        attendance::{
            self, CheckInOutcome, ConfirmationContext, Correction, DisplayedCode, PlatformView,
            Roster, Scan, Scanned, Scanner, SignedInProof, StudyReport,
        },
        classes::SessionView,
        classes::{
            self, ClassDetail, ClassQuery, ClassSummary, Decision, EnrolmentNotice, EnrolmentView,
        },
        device_keys,
        hours_ledger::{self, HoursLedger},
        sessions,
        warning_review::{self, WarningView},
        AppState,
    },
};
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::Response,
    Json,
};
use chrono::Utc;
use serde::Deserialize;
use webauthn_rs::prelude::PublicKeyCredential;

use super::{
    fail, invalid, private, ApiActor, ApiId, ApiJson, ApiQuery, ApiResult, ClientIp, RequestLang,
};

pub async fn apply(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ClassApplicationInput>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let application = ClassApplication::parse(&input, now).map_err(invalid(&lang))?;
    let detail = classes::apply(&state, &actor, &application, now)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, detail))
}

pub async fn resubmit(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<ClassApplicationInput>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let application = ClassApplication::parse(&input, now).map_err(invalid(&lang))?;
    let detail = classes::resubmit(&state, &actor, class_id, &application, now)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, detail))
}

#[derive(Deserialize)]
pub struct DecisionInput {
    /// `approve` or `return`.
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<ClassDetail>> {
    let decision = Decision::parse(&input.decision, &input.reason).map_err(invalid(&lang))?;
    classes::decide(&state, &actor, class_id, &decision, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct ClassListQuery {
    city: Option<String>,
    status: Option<String>,
    course: Option<String>,
}

async fn optional_actor(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<app::server::access::Actor>, AppError> {
    sessions::current_actor(&state.db, headers, Utc::now()).await
}

pub async fn list(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ClassListQuery>,
) -> ApiResult<Json<Vec<ClassSummary>>> {
    let filled = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
    let city = filled(&query.city)
        .map(|code| City::parse(&code))
        .transpose()
        .map_err(invalid(&lang))?;
    let status = filled(&query.status)
        .map(|code| ClassStatus::parse(&code))
        .transpose()
        .map_err(invalid(&lang))?;
    let course_id = filled(&query.course)
        .map(|id| app::domain::parse_bounded_int(Field::Course, &id, 1, i64::MAX))
        .transpose()
        .map_err(invalid(&lang))?;
    let actor = optional_actor(&state, &headers)
        .await
        .map_err(fail(&lang))?;
    let query = ClassQuery {
        city,
        status,
        course_id,
    };
    classes::list(&state, actor.as_ref(), &query, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn detail(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ApiId(class_id): ApiId,
) -> ApiResult<Response> {
    let actor = optional_actor(&state, &headers)
        .await
        .map_err(fail(&lang))?;
    let detail = classes::detail(&state, actor.as_ref(), class_id)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, detail))
}

pub async fn enrolment_notice(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
) -> ApiResult<Json<EnrolmentNotice>> {
    classes::enrolment_notice(&state, &actor, class_id)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn enrol(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
) -> ApiResult<(StatusCode, Json<EnrolmentView>)> {
    classes::enrol(&state, &actor, class_id, Utc::now())
        .await
        .map(|enrolment| (StatusCode::CREATED, Json(enrolment)))
        .map_err(fail(&lang))
}

pub async fn my_enrolments(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let list = classes::my_enrolments(&state, &actor)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

pub async fn hours(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
) -> ApiResult<Json<HoursLedger>> {
    hours_ledger::ledger(&state, &actor, enrolment_id, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct CodeQuery {
    direction: Option<String>,
}

pub async fn display_code(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
    ApiQuery(query): ApiQuery<CodeQuery>,
) -> ApiResult<Response> {
    let direction =
        Direction::parse(query.direction.as_deref().unwrap_or("in")).map_err(invalid(&lang))?;
    let code: DisplayedCode =
        attendance::display_code(&state, &actor, session_id, direction, Utc::now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, code))
}

pub async fn roster(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
) -> ApiResult<Response> {
    let roster: Roster = attendance::roster(&state, &actor, session_id, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, roster))
}

#[derive(Deserialize)]
pub struct CorrectionInput {
    enrolment_id: i64,
    direction: String,
    /// `add` or `void`.
    action: String,
    #[serde(default)]
    reason: String,
}

pub async fn correct(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> ApiResult<Json<Roster>> {
    let direction = Direction::parse(&input.direction).map_err(invalid(&lang))?;
    let correction = Correction::parse(&input.action).map_err(invalid(&lang))?;
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    attendance::correct(
        &state,
        &actor,
        session_id,
        input.enrolment_id,
        direction,
        correction,
        &reason,
        Utc::now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct RollCallExcuseInput {
    enrolment_id: i64,
    /// The roll-call's number in the session.
    seq: i64,
    #[serde(default)]
    reason: String,
}

/// Staff add the answer to a roll-call a worker missed, with a reason.
pub async fn excuse_missed_roll_call(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
    ApiJson(input): ApiJson<RollCallExcuseInput>,
) -> ApiResult<Json<Roster>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    attendance::excuse_missed_roll_call(
        &state,
        &actor,
        session_id,
        input.seq,
        input.enrolment_id,
        &reason,
        Utc::now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct HeadcountInput {
    headcount: i64,
}

pub async fn set_headcount(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
    ApiJson(input): ApiJson<HeadcountInput>,
) -> ApiResult<Json<Roster>> {
    if !(0..=1000).contains(&input.headcount) {
        return Err(invalid(&lang)(InputError::OutOfRange {
            field: Field::Headcount,
            min: 0,
            max: 1000,
        }));
    }
    attendance::set_headcount(&state, &actor, session_id, input.headcount, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct ScanInput {
    code: String,
    /// The hand-off token of a code brought over from an in-app browser.
    #[serde(default)]
    handoff: Option<String>,
}

pub async fn scan(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ClientIp(address): ClientIp,
    ApiJson(input): ApiJson<ScanInput>,
) -> ApiResult<Response> {
    let caller = optional_actor(&state, &headers)
        .await
        .map_err(fail(&lang))?;
    let scanner = Scanner {
        signed_in: caller.as_ref(),
        address,
    };
    let scanned = Scanned {
        code: &input.code,
        handoff: input.handoff.as_deref(),
    };
    let started = attendance::scan(&state, scanned, &scanner, Utc::now())
        .await
        .map_err(fail(&lang))?;
    let scan: Scan = started.scan;
    let mut response = private(StatusCode::CREATED, scan);
    if let Ok(value) = started.set_cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct PasskeyConfirmation {
    credential: PublicKeyCredential,
    #[serde(default)]
    position: Option<ReportedPosition>,
}

#[derive(Deserialize, Default)]
pub struct SessionConfirmation {
    #[serde(default)]
    position: Option<ReportedPosition>,
    /// The device key's signature (base64url of its 64-byte `r‖s`) of the
    /// scan's `device_challenge`; required once the worker has a device key.
    #[serde(default)]
    device_signature: Option<String>,
}

pub async fn confirm_with_passkey(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ClientIp(address): ClientIp,
    Path(scan_id): Path<String>,
    ApiJson(input): ApiJson<PasskeyConfirmation>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let circumstances = ConfirmationContext::of_request(&headers, address, input.position);
    let caller = sessions::current_actor(&state.db, &headers, now)
        .await
        .map_err(fail(&lang))?;
    let confirmed = attendance::confirm_with_passkey(
        &state,
        caller.as_ref(),
        &scan_id,
        &input.credential,
        &circumstances,
        now,
    )
    .await
    .map_err(fail(&lang))?;
    let status = outcome_status(&confirmed.outcome);
    let mut response = private(status, confirmed.outcome);
    if let Some(cookie) = confirmed.set_cookie {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

pub async fn confirm_with_session(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    Path(scan_id): Path<String>,
    ApiJson(input): ApiJson<SessionConfirmation>,
) -> ApiResult<Response> {
    let circumstances = ConfirmationContext::of_request(&headers, address, input.position);
    let proof = SignedInProof::from_signature(input.device_signature.as_deref());
    let outcome =
        attendance::confirm_signed_in(&state, &actor, &scan_id, proof, &circumstances, Utc::now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(outcome_status(&outcome), outcome))
}

/// 201 for a new record, 200 when it was already there.
fn outcome_status(outcome: &CheckInOutcome) -> StatusCode {
    match outcome.result {
        attendance::CheckInResult::Recorded => StatusCode::CREATED,
        attendance::CheckInResult::Duplicate => StatusCode::OK,
    }
}

#[derive(Deserialize)]
pub struct WarningQuery {
    /// `open` (default) or `all`.
    status: Option<String>,
}

#[derive(Deserialize)]
pub struct SummaryQuery {
    /// The province names a city; a bureau gets its own.
    #[serde(default)]
    city: Option<String>,
}

pub async fn assurance_summary(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> ApiResult<Response> {
    let city = query
        .city
        .as_deref()
        .filter(|code| !code.trim().is_empty())
        .map(City::parse)
        .transpose()
        .map_err(invalid(&lang))?;
    let summary = device_keys::assurance_summary(&state, &actor, city, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, summary))
}

pub async fn warnings(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<WarningQuery>,
) -> ApiResult<Response> {
    let open_only = match query.status.as_deref().map(str::trim) {
        None | Some("" | "open") => true,
        Some("all") => false,
        Some(other) => {
            return Err(invalid(&lang)(InputError::UnknownCode {
                field: Field::ClassStatus,
                value: other.chars().take(40).collect(),
            }))
        }
    };
    let list: Vec<WarningView> =
        warning_review::list(&state, &actor, open_only, lang.0, Utc::now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[derive(Deserialize)]
pub struct ClearInput {
    #[serde(default)]
    reason: String,
}

pub async fn clear_warning(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(warning_id): ApiId,
    ApiJson(input): ApiJson<ClearInput>,
) -> ApiResult<Json<WarningView>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    warning_review::clear(&state, &actor, warning_id, &reason, lang.0, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct PlatformInput {
    name: String,
}

pub async fn approve_platform(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<PlatformInput>,
) -> ApiResult<Response> {
    let platform: PlatformView =
        attendance::approve_platform(&state, &actor, &input.name, Utc::now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, platform))
}

pub async fn platforms(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<PlatformView>>> {
    attendance::list_platforms(&state, &actor, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct RevokeInput {
    #[serde(default)]
    reason: String,
}

/// The bureau of the platform's city revokes its key.
pub async fn revoke_platform(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<RevokeInput>,
) -> ApiResult<Json<PlatformView>> {
    attendance::revoke_platform(&state, &actor, id, &input.reason, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

/// A platform's bearer key from `Authorization: Bearer …`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
}

pub async fn report_online_study(
    State(state): State<AppState>,
    lang: RequestLang,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(report): ApiJson<StudyReport>,
) -> ApiResult<Json<SessionView>> {
    let now = Utc::now();
    let key = bearer(&headers).ok_or(fail(&lang)(AppError::Refused(Refusal::SignInRequired)))?;
    let platform = attendance::platform_for_key(&state, key, Some(peer.ip()), now)
        .await
        .map_err(fail(&lang))?;
    attendance::report_online_study(&state, &platform, &report, now)
        .await
        .map(Json)
        .map_err(fail(&lang))
}
