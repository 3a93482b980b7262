//! `/api/v1/auth/*`, `/api/v1/me*`, `/api/v1/accounts*`, `/api/v1/audit`.

use app::{
    domain::{
        AccountView, CalendarDate, NewStaffAccount, NewWorker, OneTimeCode, Password,
        PhoneCapability, Reason, RecoveryCodeInput, RecoveryCodeRequest, RoleChange,
        RoleChangeInput, StaffAccountInput, WorkerRegistrationInput,
    },
    error::AppError,
    server::{
        accounts::{self, IssuedCode, SignedIn},
        audit, credentials,
        db::audit::{list_audit_records, AuditRecord},
        device_keys,
        passkeys::{
            AuthenticationAnswer, AuthenticationChallenge, RegistrationAnswer,
            RegistrationChallenge,
        },
        sessions::{self, PresentedSession},
        staff_accounts, AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::Utc;
use serde::Deserialize;

use super::{ApiActor, ApiError, ApiJson, ApiQuery, ClientIp, RequestLang};

type ApiResult<T> = Result<T, ApiError>;

fn fail(lang: &RequestLang) -> impl Fn(AppError) -> ApiError + '_ {
    move |error| ApiError::new(error, lang.0)
}

/// A successful sign-in: the account as JSON and the session cookie.
fn signed_in(result: SignedIn, status: StatusCode) -> Response {
    (
        status,
        [(header::SET_COOKIE, result.set_cookie)],
        Json(result.me),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct PasswordRegistration {
    #[serde(flatten)]
    worker: WorkerRegistrationInput,
    password: String,
}

pub async fn start_worker_registration(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiJson(input): ApiJson<WorkerRegistrationInput>,
) -> ApiResult<Json<RegistrationChallenge>> {
    let now = Utc::now();
    let worker =
        NewWorker::parse(&input, CalendarDate::of(now)).map_err(|e| fail(&lang)(e.into()))?;
    accounts::start_worker_registration(&state, address, &worker, now)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn register_worker_with_password(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<PasswordRegistration>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let parsed = NewWorker::parse(&input.worker, CalendarDate::of(now))
        .and_then(|worker| Ok((worker, Password::parse(&input.password)?)));
    let (worker, password) = parsed.map_err(|e| fail(&lang)(e.into()))?;
    let result = accounts::register_worker_with_password(
        &state,
        &PresentedSession::of(&headers),
        address,
        &worker,
        &password,
        now,
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::CREATED))
}

pub async fn finish_passkey_registration(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(answer): ApiJson<RegistrationAnswer>,
) -> ApiResult<Response> {
    let result = accounts::finish_passkey_registration(
        &state,
        &PresentedSession::of(&headers),
        address,
        &answer,
        Utc::now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::CREATED))
}

pub async fn start_passkey_sign_in(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
) -> ApiResult<Json<AuthenticationChallenge>> {
    accounts::start_passkey_sign_in(&state, address, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn finish_passkey_sign_in(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(answer): ApiJson<AuthenticationAnswer>,
) -> ApiResult<Response> {
    let result = accounts::finish_passkey_sign_in(
        &state,
        &PresentedSession::of(&headers),
        address,
        &answer,
        Utc::now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::OK))
}

#[derive(Deserialize)]
pub struct PasswordSignIn {
    /// A worker's ID number or a staff member's user name.
    login: String,
    password: String,
}

pub async fn sign_in_with_password(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<PasswordSignIn>,
) -> ApiResult<Response> {
    let password = Password::parse(&input.password).map_err(|e| fail(&lang)(e.into()))?;
    let result = accounts::sign_in_with_password(
        &state,
        &PresentedSession::of(&headers),
        address,
        &input.login,
        &password,
        Utc::now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::OK))
}

#[derive(Deserialize)]
pub struct CodeInput {
    login: String,
    code: String,
    #[serde(default)]
    password: Option<String>,
}

pub async fn start_with_code(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiJson(input): ApiJson<CodeInput>,
) -> ApiResult<Json<RegistrationChallenge>> {
    let code = OneTimeCode::parse(&input.code).map_err(|e| fail(&lang)(e.into()))?;
    accounts::start_with_code(&state, address, &input.login, &code, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn set_password_with_code(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<CodeInput>,
) -> ApiResult<Response> {
    let parsed = OneTimeCode::parse(&input.code).and_then(|code| {
        Ok((
            code,
            Password::parse(input.password.as_deref().unwrap_or_default())?,
        ))
    });
    let (code, password) = parsed.map_err(|e| fail(&lang)(e.into()))?;
    let result = accounts::set_password_with_code(
        &state,
        &PresentedSession::of(&headers),
        address,
        &input.login,
        &code,
        &password,
        Utc::now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::OK))
}

pub async fn sign_out(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    accounts::sign_out(&state, &actor, Utc::now())
        .await
        .map_err(fail(&lang))?;
    let clear = sessions::clearing_cookie(&state.security);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let ended = accounts::sign_out_everywhere(&state, &actor, Utc::now())
        .await
        .map_err(fail(&lang))?;
    let clear = sessions::clearing_cookie(&state.security);
    Ok((
        [(header::SET_COOKIE, clear)],
        Json(serde_json::json!({ "ended_sessions": ended })),
    )
        .into_response())
}

pub async fn me(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let me = accounts::me(&state, &actor).await.map_err(fail(&lang))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(me)).into_response())
}

pub async fn my_data(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let data = accounts::personal_data(&state, &actor, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"skillpass-my-data.json\"",
            ),
        ],
        Json(data),
    )
        .into_response())
}

/// The optional body of `POST /me/passkeys`: the password again, when the
/// session signed in with one.
#[derive(Default, Deserialize)]
pub struct Reauthentication {
    #[serde(default)]
    password: Option<String>,
}

pub async fn start_adding_passkey(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    body: axum::body::Bytes,
) -> ApiResult<Json<RegistrationChallenge>> {
    // The body may be absent: a passkey session sends nothing.
    let input: Reauthentication = if body.iter().all(u8::is_ascii_whitespace) {
        Reauthentication::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| fail(&lang)(AppError::Malformed))?
    };
    accounts::start_adding_passkey(
        &state,
        &actor,
        address,
        input.password.as_deref(),
        Utc::now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

/// The body of `POST /me/device-key`.
#[derive(Deserialize)]
pub struct DeviceKeyRegistration {
    /// Required when the session signed in with a password.
    #[serde(default)]
    password: Option<String>,
    /// The uncompressed P-256 point, base64url (WebCrypto's `raw` export).
    public_key: String,
    /// The key's signature of `skillpass device key\n<user id>`, base64url.
    signature: String,
}

pub async fn register_device_key(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<DeviceKeyRegistration>,
) -> ApiResult<StatusCode> {
    device_keys::register(
        &state,
        &actor,
        address,
        input.password.as_deref(),
        &input.public_key,
        &input.signature,
        Utc::now(),
    )
    .await
    .map(|()| StatusCode::CREATED)
    .map_err(fail(&lang))
}

/// The body of `PUT /me/phone-capability`.
#[derive(Deserialize)]
pub struct CapabilityReport {
    capability: String,
}

pub async fn note_phone_capability(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<CapabilityReport>,
) -> ApiResult<StatusCode> {
    let capability = PhoneCapability::parse(&input.capability).map_err(super::invalid(&lang))?;
    device_keys::note_capability(&state, &actor, capability)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(fail(&lang))
}

pub async fn remove_passkey(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    credentials::remove_passkey(&state, &actor, address, &id, Utc::now())
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct PasskeyReview {
    #[serde(default)]
    keep: Vec<String>,
}

pub async fn review_passkeys(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<PasskeyReview>,
) -> ApiResult<Json<app::domain::Me>> {
    credentials::review_passkeys(&state, &actor, address, &input.keep, Utc::now())
        .await
        .map_err(fail(&lang))?;
    accounts::me(&state, &actor)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct ReasonInput {
    #[serde(default)]
    reason: String,
}

async fn set_disabled(
    state: AppState,
    lang: RequestLang,
    actor: app::server::access::Actor,
    id: String,
    input: ReasonInput,
    disabled: bool,
) -> ApiResult<Json<AccountView>> {
    let reason = Reason::parse(&input.reason).map_err(|e| fail(&lang)(e.into()))?;
    staff_accounts::set_staff_disabled(&state, &actor, &id, disabled, &reason, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn disable_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<AccountView>> {
    set_disabled(state, lang, actor, id, input, true).await
}

pub async fn enable_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<AccountView>> {
    set_disabled(state, lang, actor, id, input, false).await
}

pub async fn change_staff_role(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RoleChangeInput>,
) -> ApiResult<Json<AccountView>> {
    let change = RoleChange::try_from(&input).map_err(|e| fail(&lang)(e.into()))?;
    staff_accounts::change_staff_role(&state, &actor, &id, &change, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct StaffQuery {
    city: Option<String>,
}

pub async fn list_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<StaffQuery>,
) -> ApiResult<Json<Vec<app::domain::AccountView>>> {
    let city = match query.city.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => Some(app::domain::City::parse(code).map_err(|e| fail(&lang)(e.into()))?),
        None => None,
    };
    accounts::list_staff_accounts(&state, &actor, city, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn create_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<StaffAccountInput>,
) -> ApiResult<(StatusCode, Json<IssuedCode>)> {
    let account = NewStaffAccount::try_from(&input).map_err(|e| fail(&lang)(e.into()))?;
    accounts::create_staff_account(&state, &actor, &account, Utc::now())
        .await
        .map(|issued| (StatusCode::CREATED, Json(issued)))
        .map_err(fail(&lang))
}

pub async fn issue_recovery_code(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<RecoveryCodeInput>,
) -> ApiResult<(StatusCode, Json<IssuedCode>)> {
    let now = Utc::now();
    let request = RecoveryCodeRequest::parse(&input, CalendarDate::of(now))
        .map_err(|e| fail(&lang)(e.into()))?;
    accounts::issue_recovery_code(&state, &actor, &request, now)
        .await
        .map(|issued| (StatusCode::CREATED, Json(issued)))
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    action: Option<String>,
    before: Option<String>,
    limit: Option<String>,
}

pub async fn audit_records(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditRecord>>> {
    use app::domain::{parse_bounded_int, Field};
    let now = Utc::now();
    let scope = match actor.audit_scope() {
        Ok(scope) => scope,
        Err(_) => {
            return Err(fail(&lang)(
                audit::refuse(&state.db, &actor, "audit trail", now).await,
            ))
        }
    };
    let parse = |value: Option<&str>, field, max| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| parse_bounded_int(field, v, 1, max))
            .transpose()
            .map_err(|e| fail(&lang)(e.into()))
    };
    let before = parse(query.before.as_deref(), Field::Id, i64::MAX)?;
    let limit = parse(query.limit.as_deref(), Field::PerPage, 500)?.unwrap_or(100);
    let action = query.action.as_deref().filter(|a| !a.is_empty());
    list_audit_records(&state.db, scope.map(|c| c.code()), action, before, limit)
        .await
        .map(Json)
        .map_err(|error| {
            fail(&lang)(app::server::database_failure("reading the audit trail")(
                error,
            ))
        })
}
