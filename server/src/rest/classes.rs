//! `/api/v1/classes*`, `/api/v1/enrolments*`, `/api/v1/sessions*`,
//! `/api/v1/check-ins*`, `/api/v1/risk-warnings*`,
//! `/api/v1/online-platforms` and `/api/v1/online-study`.

use app::views::{
    AssuranceSummary, ClassDetail, ClassSummary, EnrolmentNotice, EnrolmentView, HoursLedger,
    SessionView, WarningView,
};
use app::{
    domain::{
        City, ClassApplication, ClassApplicationInput, ClassStatus, Direction, Field, InputError,
        Reason, ReportedPosition,
    },
    error::{AppError, Refusal},
    server::{
        attendance::{
            self, CheckInOutcome, Correction, DisplayedCode, PlatformView, Roster, Scan, Scanned,
            Scanner, SignedInProof, StudyReport,
        },
        classes::{self, ClassQuery, Decision},
        device_keys, hours_ledger, warning_review, AppState,
    },
};
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::Response,
    Json,
};
use serde::Deserialize;
use webauthn_rs::prelude::PublicKeyCredential;

use super::{
    fail, invalid, private, ApiActor, ApiId, ApiJson, ApiQuery, ApiResult, ClientIp, ErrorBody,
    ReasonInput, RequestLang,
};

#[utoipa::path(
    post,
    path = "/classes",
    operation_id = "applyForClass",
    summary = "An institution applies to open a class (开班申请 with commitment), or a verified employer for the training of its own employees (直补企业: pre-job, on-the-job or apprenticeship training, no order)",
    request_body = ClassApplicationInput,
    responses(
        (status = 201, description = "Submitted", body = ClassDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such order (`not_found`)", body = ErrorBody),
        (status = 409, description = "The employer is not verified (`employer_not_verified`)", body = ErrorBody),
    ),
)]
pub async fn apply(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ClassApplicationInput>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let application = ClassApplication::parse(&input, now).map_err(invalid(&lang))?;
    let detail = classes::apply(&state, &actor, &application, now)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, detail))
}

#[utoipa::path(
    put,
    path = "/classes/{id}",
    operation_id = "resubmitClass",
    summary = "Change a returned application and submit it again",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ClassApplicationInput,
    responses(
        (status = 200, description = "Submitted again", body = ClassDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not returned (`not_returned`), or the employer is not verified (`employer_not_verified`)", body = ErrorBody),
    ),
)]
pub async fn resubmit(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<ClassApplicationInput>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let application = ClassApplication::parse(&input, now).map_err(invalid(&lang))?;
    let detail = classes::resubmit(&state, &actor, class_id, &application, now)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, detail))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct DecisionInput {
    /// `approve` or `return`.
    decision: String,
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/classes/{id}/decision",
    operation_id = "decideClass",
    summary = "The city's bureau approves or returns (with a reason) a submitted application",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "Decided", body = ClassDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already decided (`already_decided`)", body = ErrorBody),
    ),
)]
pub async fn decide(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<ClassDetail>> {
    let decision = Decision::parse(&input.decision, &input.reason).map_err(invalid(&lang))?;
    classes::decide(&state, &actor, class_id, &decision, state.clock.now())
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
    app::server::request::current_actor(&state.db, headers, state.clock.now()).await
}

#[utoipa::path(
    get,
    path = "/classes",
    operation_id = "listClasses",
    summary = "Classes the caller may see: an institution or an employer its own, a bureau its city's, the province all; workers and visitors the approved institutions' classes with sessions to come (an employer's training of its own staff is not listed publicly)",
    params(
        ("city" = Option<String>, Query),
        ("status" = Option<String>, Query),
        ("course" = Option<i64>, Query),
    ),
    responses(
        (status = 200, description = "Classes", body = [ClassSummary]),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
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
    classes::list(&state, actor.as_ref(), &query, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/classes/{id}",
    operation_id = "getClass",
    summary = "A class with its sessions (unapproved ones only for those who oversee them)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The class", body = ClassDetail),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/classes/{id}/enrolment-notice",
    operation_id = "enrolmentNotice",
    summary = "What the signed-in worker should know before enrolling: earlier subsidy claims for this occupation and level",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Notice", body = EnrolmentNotice),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/classes/{id}/enrolments",
    operation_id = "enrol",
    summary = "The signed-in worker enrols in an approved class with a free seat",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 201, description = "Enrolled", body = EnrolmentView),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Full (`class_full`), not approved (`class_not_open`), or already enrolled (`already_enrolled`)", body = ErrorBody),
    ),
)]
pub async fn enrol(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
) -> ApiResult<(StatusCode, Json<EnrolmentView>)> {
    classes::enrol(&state, &actor, class_id, state.clock.now())
        .await
        .map(|enrolment| (StatusCode::CREATED, Json(enrolment)))
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/me/enrolments",
    operation_id = "myEnrolments",
    summary = "The signed-in worker's enrolments",
    responses(
        (status = 200, description = "Enrolments", body = [EnrolmentView]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/enrolments/{id}/hours",
    operation_id = "hoursLedger",
    summary = "Hours ledger of an enrolment: offline from check-in/out pairs, online as reported, attendance rate",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Ledger", body = HoursLedger),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn hours(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
) -> ApiResult<Json<HoursLedger>> {
    hours_ledger::ledger(&state, &actor, enrolment_id, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct CodeQuery {
    direction: Option<String>,
}

#[utoipa::path(
    get,
    path = "/sessions/{id}/code",
    operation_id = "displayCode",
    summary = "The rotating check-in code the classroom screen shows now (staff of the class's institution, or of the employer whose own training it is)",
    params(
        ("id" = i64, Path, minimum = 1),
        ("direction" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Code", body = app::server::attendance::DisplayedCode),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Class not approved (`class_not_open`)", body = ErrorBody),
    ),
)]
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
        attendance::display_code(&state, &actor, session_id, direction, state.clock.now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, code))
}

#[utoipa::path(
    get,
    path = "/sessions/{id}/roster",
    operation_id = "roster",
    summary = "Who checked in and out of a session",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Roster", body = app::server::attendance::Roster),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn roster(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
) -> ApiResult<Response> {
    let roster: Roster = attendance::roster(&state, &actor, session_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, roster))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CorrectionInput {
    enrolment_id: i64,
    direction: String,
    /// `add` or `void`.
    action: String,
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/sessions/{id}/attendance",
    operation_id = "correctAttendance",
    summary = "Staff add or void a check-in or check-out, with a reason (audited)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = CorrectionInput,
    responses(
        (status = 200, description = "Roster after the correction", body = app::server::attendance::Roster),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already recorded (`already_recorded`)", body = ErrorBody),
    ),
)]
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
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RollCallExcuseInput {
    enrolment_id: i64,
    /// The roll-call's number in the session.
    seq: i64,
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/sessions/{id}/roll-call-answers",
    operation_id = "excuseMissedRollCall",
    summary = "Staff add the answer to a settled roll-call a worker missed, with a reason (audited): the session's hours count again",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = RollCallExcuseInput,
    responses(
        (status = 200, description = "Roster after the answer was added", body = app::server::attendance::Roster),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such session, enrolment of its class, or settled roll-call (`not_found`)", body = ErrorBody),
        (status = 409, description = "The roll-call was answered already (`already_recorded`)", body = ErrorBody),
    ),
)]
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
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct HeadcountInput {
    headcount: i64,
}

#[utoipa::path(
    put,
    path = "/sessions/{id}/headcount",
    operation_id = "setHeadcount",
    summary = "The teacher's count of people in the room",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = HeadcountInput,
    responses(
        (status = 200, description = "Roster", body = app::server::attendance::Roster),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
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
    attendance::set_headcount(
        &state,
        &actor,
        session_id,
        input.headcount,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ScanInput {
    code: String,
    /// The hand-off token of a code brought over from an in-app browser.
    #[serde(default)]
    handoff: Option<String>,
}

#[utoipa::path(
    post,
    path = "/check-ins",
    operation_id = "scan",
    summary = "Step 1: a scanned code; remembered server-side with a passkey challenge bound to it",
    request_body = ScanInput,
    responses(
        (status = 201, description = "Scan", body = app::server::attendance::Scan),
        (status = 400, description = "Not a check-in code (`code_invalid`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Outside the check-in or check-out window (`outside_window`)", body = ErrorBody),
        (status = 410, description = "Code expired (`code_expired`); or the hand-off link was used on another phone (`handoff_used`); or the roll-call is closed (`roll_call_closed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
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
    let started = attendance::scan(&state, scanned, &scanner, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    let scan: Scan = started.scan;
    let mut response = private(StatusCode::CREATED, scan);
    if let Ok(value) = started.set_cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasskeyConfirmation {
    /// The WebAuthn assertion, as the browser API defines it.
    #[schema(value_type = Object)]
    credential: PublicKeyCredential,
    #[serde(default)]
    position: Option<ReportedPosition>,
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct SessionConfirmation {
    #[serde(default)]
    position: Option<ReportedPosition>,
    /// The device key's signature (base64url of its 64-byte `r‖s`) of the
    /// scan's `device_challenge`; required once the worker has a device key.
    #[serde(default)]
    device_signature: Option<String>,
}

#[utoipa::path(
    post,
    path = "/check-ins/{scan}/passkey",
    operation_id = "confirmWithPasskey",
    summary = "Step 2: confirm with a passkey (signs the worker in when needed)",
    params(
        ("scan" = String, Path),
    ),
    request_body = PasskeyConfirmation,
    responses(
        (status = 201, description = "Recorded", body = app::server::attendance::CheckInOutcome),
        (status = 200, description = "Already recorded (nothing written)", body = app::server::attendance::CheckInOutcome),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "The passkey was refused (`sign_in_failed`)", body = ErrorBody),
        (status = 403, description = "Not enrolled (`not_enrolled`), another person's passkey (`other_person`), a scan made in another browser (`scan_other_browser`), or a face check this class or city asks for has not passed for this scan (`face_check_required`)", body = ErrorBody),
        (status = 409, description = "Outside the window, re-checked at confirmation (`outside_window`), the class no longer approved (`class_not_open`), or a check-out before a check-in (`not_checked_in`); or not checked in for the roll-call (`roll_call_not_checked_in`)", body = ErrorBody),
        (status = 410, description = "Scan expired (`scan_expired`); or the roll-call is closed (`roll_call_closed`)", body = ErrorBody),
        (status = 429, description = "Too many failed confirmations from this address (`too_many_attempts`)", body = ErrorBody),
        (status = 503, description = "A face check is required but the provider cannot be reached (`face_provider_unavailable`)", body = ErrorBody),
    ),
)]
pub async fn confirm_with_passkey(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ClientIp(address): ClientIp,
    Path(scan_id): Path<String>,
    ApiJson(input): ApiJson<PasskeyConfirmation>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let circumstances =
        app::server::request::confirmation_context(&headers, address, input.position);
    let caller = app::server::request::current_actor(&state.db, &headers, now)
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

#[utoipa::path(
    post,
    path = "/check-ins/{scan}/session",
    operation_id = "confirmWithSession",
    summary = "Step 2 without a passkey: with the device key's signature of the scan's device_challenge (device_key level), or, for a worker without a device key, with the signed-in session alone (password level)",
    params(
        ("scan" = String, Path),
    ),
    request_body = SessionConfirmation,
    responses(
        (status = 201, description = "Recorded", body = app::server::attendance::CheckInOutcome),
        (status = 200, description = "Already recorded", body = app::server::attendance::CheckInOutcome),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Passkey not accepted / not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not enrolled (`not_enrolled`), a scan made in another browser (`scan_other_browser`), a confirmation by an account that has a passkey (`passkey_required`), a session-only confirmation by an account with a device key (`device_key_required`), a signature that is not this worker's key over this scan's challenge (`device_key_refused`), a face check this class or city asks for has not passed for this scan (`face_check_required`), or the caller is not a worker (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Outside the window, re-checked at confirmation (`outside_window`), the class no longer approved (`class_not_open`), or a check-out before a check-in (`not_checked_in`); or not checked in for the roll-call (`roll_call_not_checked_in`)", body = ErrorBody),
        (status = 410, description = "Scan expired (`scan_expired`); or the roll-call is closed (`roll_call_closed`)", body = ErrorBody),
        (status = 429, description = "Too many failed confirmations from this address (`too_many_attempts`)", body = ErrorBody),
        (status = 503, description = "A face check is required but the provider cannot be reached (`face_provider_unavailable`)", body = ErrorBody),
    ),
)]
pub async fn confirm_with_session(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    Path(scan_id): Path<String>,
    ApiJson(input): ApiJson<SessionConfirmation>,
) -> ApiResult<Response> {
    let circumstances =
        app::server::request::confirmation_context(&headers, address, input.position);
    let proof = SignedInProof::from_signature(input.device_signature.as_deref());
    let outcome = attendance::confirm_signed_in(
        &state,
        &actor,
        &scan_id,
        proof,
        &circumstances,
        state.clock.now(),
    )
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

#[utoipa::path(
    get,
    path = "/assurance-summary",
    operation_id = "assuranceSummary",
    summary = "What a city's phones and check-ins can prove: its workers by phone class, and its live check-ins and check-outs by assurance level. A bureau gets its own city; the province names one",
    params(
        ("city" = Option<String>, Query, description = "City code; required for the province, and a bureau may only name its own"),
    ),
    responses(
        (status = 200, description = "The summary", body = AssuranceSummary),
        (status = 400, description = "An unknown city, or none named by the province (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff, or another city's bureau (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn assurance_summary(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> ApiResult<Response> {
    let city = City::parse_optional(query.city.as_deref()).map_err(invalid(&lang))?;
    let summary = device_keys::assurance_summary(&state, &actor, city, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, summary))
}

#[utoipa::path(
    get,
    path = "/risk-warnings",
    operation_id = "riskWarnings",
    summary = "Risk warnings of the bureau's city (all for the province), each explained",
    params(
        ("status" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Warnings", body = [WarningView]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 400, description = "An unknown status (`invalid_input`)", body = ErrorBody),
    ),
)]
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
        warning_review::list(&state, &actor, open_only, lang.0, state.clock.now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[utoipa::path(
    post,
    path = "/risk-warnings/{id}/clear",
    operation_id = "clearRiskWarning",
    summary = "A reviewer of the city clears a warning with the finding",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Cleared", body = WarningView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already cleared (`already_cleared`)", body = ErrorBody),
    ),
)]
pub async fn clear_warning(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(warning_id): ApiId,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<WarningView>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    warning_review::clear(
        &state,
        &actor,
        warning_id,
        &reason,
        lang.0,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PlatformInput {
    name: String,
}

#[utoipa::path(
    post,
    path = "/online-platforms",
    operation_id = "approveOnlinePlatform",
    summary = "A bureau approves a platform of its city; the API key is shown once",
    request_body = PlatformInput,
    responses(
        (status = 201, description = "Approved", body = app::server::attendance::PlatformView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn approve_platform(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<PlatformInput>,
) -> ApiResult<Response> {
    let platform: PlatformView =
        attendance::approve_platform(&state, &actor, &input.name, state.clock.now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, platform))
}

#[utoipa::path(
    get,
    path = "/online-platforms",
    operation_id = "onlinePlatforms",
    summary = "Approved online-training platforms",
    responses(
        (status = 200, description = "Platforms", body = [app::server::attendance::PlatformView]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn platforms(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<PlatformView>>> {
    attendance::list_platforms(&state, &actor, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/online-platforms/{id}/revoke",
    operation_id = "revokeOnlinePlatform",
    summary = "The bureau of the platform's city revokes its API key, giving the reason (recorded in the audit trail)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Revoked", body = app::server::attendance::PlatformView),
        (status = 400, description = "A value failed its rules (no reason); `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Revoked already (`already_revoked`)", body = ErrorBody),
    ),
)]
/// The bureau of the platform's city revokes its key.
pub async fn revoke_platform(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<PlatformView>> {
    attendance::revoke_platform(&state, &actor, id, &input.reason, state.clock.now())
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

#[utoipa::path(
    post,
    path = "/online-study",
    operation_id = "reportOnlineStudy",
    summary = "The platform a class chose reports a worker's online study time in one of its online sessions (Authorization: Bearer <api key>); allowed until a subsidy claim is filed for the enrolment",
    request_body = StudyReport,
    responses(
        (status = 200, description = "Recorded", body = SessionView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked key (a refused key is recorded with the client address) (`sign_in_required`); or the credentials were refused (`sign_in_failed`)", body = ErrorBody),
        (status = 404, description = "No such online session of a class that chose this platform, or the worker is not enrolled (`not_found`)", body = ErrorBody),
        (status = 409, description = "A subsidy claim was filed for the enrolment (`claim_filed`): the minutes stand", body = ErrorBody),
    ),
)]
pub async fn report_online_study(
    State(state): State<AppState>,
    lang: RequestLang,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(report): ApiJson<StudyReport>,
) -> ApiResult<Json<SessionView>> {
    let now = state.clock.now();
    let key = bearer(&headers).ok_or(fail(&lang)(AppError::Refused(Refusal::SignInRequired)))?;
    let platform = attendance::platform_for_key(&state, key, Some(peer.ip()), now)
        .await
        .map_err(fail(&lang))?;
    attendance::report_online_study(&state, &platform, &report, now)
        .await
        .map(Json)
        .map_err(fail(&lang))
}
