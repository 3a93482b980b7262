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
        sessions::{self},
        staff_accounts, AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

use super::{ApiActor, ApiError, ApiJson, ApiQuery, ClientIp, ErrorBody, ReasonInput, RequestLang};

type ApiResult<T> = Result<T, ApiError>;

fn fail(lang: &RequestLang) -> impl Fn(AppError) -> ApiError + '_ {
    move |error| ApiError::new(error, lang.0)
}

/// A successful sign-in: the account as JSON and the session cookie.
pub(super) fn signed_in(result: SignedIn, status: StatusCode) -> Response {
    (
        status,
        [(header::SET_COOKIE, result.set_cookie)],
        Json(result.me),
    )
        .into_response()
}

/// How many sessions signing out everywhere ended.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct EndedSessions {
    ended_sessions: u64,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordRegistration {
    #[serde(flatten)]
    worker: WorkerRegistrationInput,
    password: String,
}

#[utoipa::path(
    post,
    path = "/auth/register/worker/passkey",
    operation_id = "startWorkerRegistration",
    summary = "Step 1 of a worker registration with a passkey: checks the form, returns WebAuthn creation options",
    request_body = WorkerRegistrationInput,
    responses(
        (status = 200, description = "Creation options for navigator.credentials.create()", body = app::server::passkeys::RegistrationChallenge),
        (status = 400, description = "A field failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 409, description = "An account with this ID number exists (`account_exists`; the message says how to recover)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
pub async fn start_worker_registration(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiJson(input): ApiJson<WorkerRegistrationInput>,
) -> ApiResult<Json<RegistrationChallenge>> {
    let now = state.clock.now();
    let worker =
        NewWorker::parse(&input, CalendarDate::of(now)).map_err(|e| fail(&lang)(e.into()))?;
    accounts::start_worker_registration(&state, address, &worker, now)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/auth/register/worker/password",
    operation_id = "registerWorkerWithPassword",
    summary = "Worker registration with a password, for browsers without WebAuthn (lower assurance)",
    request_body = PasswordRegistration,
    responses(
        (status = 201, description = "Registered and signed in; sets the `sp_session` cookie (HttpOnly, SameSite=Lax).", body = app::domain::Me),
        (status = 400, description = "A field failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 409, description = "An account with this ID number exists (`account_exists`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
pub async fn register_worker_with_password(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<PasswordRegistration>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let parsed = NewWorker::parse(&input.worker, CalendarDate::of(now))
        .and_then(|worker| Ok((worker, Password::parse(&input.password)?)));
    let (worker, password) = parsed.map_err(|e| fail(&lang)(e.into()))?;
    let result = accounts::register_worker_with_password(
        &state,
        &app::server::request::presented_session(&headers),
        address,
        &worker,
        &password,
        now,
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::CREATED))
}

#[utoipa::path(
    post,
    path = "/auth/passkeys/finish",
    operation_id = "finishPasskeyRegistration",
    summary = "Step 2 of every passkey registration (new worker, added passkey, recovery, staff enrolment)",
    request_body = RegistrationAnswer,
    responses(
        (status = 201, description = "Passkey stored, signed in; sets the `sp_session` cookie (HttpOnly, SameSite=Lax).", body = app::domain::Me),
        (status = 400, description = "The ceremony or code expired or was used (`expired`)", body = ErrorBody),
        (status = 401, description = "Verification failed (`sign_in_required`); or the passkey was refused or the account is disabled (`sign_in_failed`)", body = ErrorBody),
        (status = 409, description = "This passkey is registered already (`passkey_exists`); or an account with this ID number was created meanwhile (`account_exists`)", body = ErrorBody),
    ),
)]
pub async fn finish_passkey_registration(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(answer): ApiJson<RegistrationAnswer>,
) -> ApiResult<Response> {
    let result = accounts::finish_passkey_registration(
        &state,
        &app::server::request::presented_session(&headers),
        address,
        &answer,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::CREATED))
}

#[utoipa::path(
    post,
    path = "/auth/sign-in/passkey",
    operation_id = "startPasskeySignIn",
    summary = "Step 1 of a passkey sign-in without a user name",
    responses(
        (status = 200, description = "Request options for navigator.credentials.get()", body = app::server::passkeys::AuthenticationChallenge),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
pub async fn start_passkey_sign_in(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
) -> ApiResult<Json<AuthenticationChallenge>> {
    accounts::start_passkey_sign_in(&state, address, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/auth/sign-in/passkey/finish",
    operation_id = "finishPasskeySignIn",
    summary = "Step 2: verifies the assertion (user handle, signature, user verification, counter, origin)",
    request_body = AuthenticationAnswer,
    responses(
        (status = 200, description = "Signed in; sets the `sp_session` cookie (HttpOnly, SameSite=Lax).", body = app::domain::Me),
        (status = 400, description = "The ceremony expired or was used already (`expired`)", body = ErrorBody),
        (status = 401, description = "The credentials were refused (`sign_in_failed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
pub async fn finish_passkey_sign_in(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(answer): ApiJson<AuthenticationAnswer>,
) -> ApiResult<Response> {
    let result = accounts::finish_passkey_sign_in(
        &state,
        &app::server::request::presented_session(&headers),
        address,
        &answer,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::OK))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordSignIn {
    /// A worker's ID number or a staff member's user name.
    login: String,
    password: String,
}

#[utoipa::path(
    post,
    path = "/auth/sign-in/password",
    operation_id = "signInWithPassword",
    summary = "Password sign-in: a worker's ID number or a staff user name",
    request_body = PasswordSignIn,
    responses(
        (status = 200, description = "Signed in (assurance: password) Sets the `sp_session` cookie (HttpOnly, SameSite=Lax).", body = app::domain::Me),
        (status = 400, description = "A value failed its rules, or the ceremony expired (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "The credentials were refused (`sign_in_failed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
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
        &app::server::request::presented_session(&headers),
        address,
        &input.login,
        &password,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::OK))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CodeInput {
    login: String,
    code: String,
    #[serde(default)]
    password: Option<String>,
}

#[utoipa::path(
    post,
    path = "/auth/code/passkey",
    operation_id = "startWithCode",
    summary = "Recovery (workers) or enrolment (staff) with a one-time code handed over in person: returns passkey creation options",
    request_body = CodeInput,
    responses(
        (status = 200, description = "Creation options", body = app::server::passkeys::RegistrationChallenge),
        (status = 400, description = "A value failed its rules, or the ceremony expired (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "The credentials were refused (`sign_in_failed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
pub async fn start_with_code(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiJson(input): ApiJson<CodeInput>,
) -> ApiResult<Json<RegistrationChallenge>> {
    let code = OneTimeCode::parse(&input.code).map_err(|e| fail(&lang)(e.into()))?;
    accounts::start_with_code(&state, address, &input.login, &code, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/auth/code/password",
    operation_id = "setPasswordWithCode",
    summary = "Recovery or enrolment with a password instead of a passkey",
    request_body = CodeInput,
    responses(
        (status = 200, description = "Password set, signed in; sets the `sp_session` cookie (HttpOnly, SameSite=Lax).", body = app::domain::Me),
        (status = 400, description = "A value failed its rules, or the ceremony expired (`invalid_input`); or the code was used meanwhile (`expired`)", body = ErrorBody),
        (status = 401, description = "The login or code was refused, or the account is disabled (`sign_in_failed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or requests from this address, account or phone number; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
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
        &app::server::request::presented_session(&headers),
        address,
        &input.login,
        &code,
        &password,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::OK))
}

#[utoipa::path(
    post,
    path = "/auth/sign-out",
    operation_id = "signOut",
    summary = "Ends this session",
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn sign_out(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    accounts::sign_out(&state, &actor, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    let clear = sessions::clearing_cookie(&state.security);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

#[utoipa::path(
    post,
    path = "/auth/sign-out-everywhere",
    operation_id = "signOutEverywhere",
    summary = "Ends every session of the account",
    responses(
        (status = 200, description = "Sessions ended", body = EndedSessions),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let ended = accounts::sign_out_everywhere(&state, &actor, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    let clear = sessions::clearing_cookie(&state.security);
    Ok((
        [(header::SET_COOKIE, clear)],
        Json(EndedSessions {
            ended_sessions: ended,
        }),
    )
        .into_response())
}

#[utoipa::path(
    get,
    path = "/me",
    operation_id = "getMe",
    summary = "The signed-in account, personal data masked",
    responses(
        (status = 200, description = "The account", body = app::domain::Me),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn me(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let me = accounts::me(&state, &actor).await.map_err(fail(&lang))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(me)).into_response())
}

#[utoipa::path(
    get,
    path = "/me/data",
    operation_id = "downloadMyData",
    summary = "Everything stored about the caller, including the full ID number (owner only), as a download",
    responses(
        (status = 200, description = "Personal data", body = app::server::accounts::PersonalData),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn my_data(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let data = accounts::personal_data(&state, &actor, state.clock.now())
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
#[derive(Default, Deserialize, utoipa::ToSchema)]
pub struct Reauthentication {
    /// Required when the session signed in with a password.
    #[serde(default)]
    password: Option<String>,
}

#[utoipa::path(
    post,
    path = "/me/passkeys",
    operation_id = "startAddingPasskey",
    summary = "Step 1 of adding another passkey (finish with /auth/passkeys/finish). A session that signed in with a password sends the password again",
    request_body(content = Option<Reauthentication>, description = "Optional: `{}` or no body for a passkey session"),
    responses(
        (status = 200, description = "Creation options", body = app::server::passkeys::RegistrationChallenge),
        (status = 401, description = "Not signed in (`sign_in_required`); a password session without the password (`reauthentication_required`); a wrong password (`sign_in_failed`, counted as a failed sign-in)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts (`too_many_attempts`)", body = ErrorBody),
        (status = 400, description = "The body is not the JSON this operation reads (`malformed_request`)", body = ErrorBody),
    ),
)]
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
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

/// The body of `POST /me/device-key`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct DeviceKeyRegistration {
    /// Required when the session signed in with a password.
    #[serde(default)]
    password: Option<String>,
    /// The uncompressed P-256 point, base64url (WebCrypto's `raw` export).
    public_key: String,
    /// The key's signature of `skillpass device key\n<user id>`, base64url.
    signature: String,
}

#[utoipa::path(
    post,
    path = "/me/device-key",
    operation_id = "registerDeviceKey",
    summary = "Registers the worker's device key: a non-extractable P-256 key the phone's browser made with WebCrypto, for phones that cannot hold a passkey. A session that signed in with a password sends the password again. One key per worker: a new phone goes through recovery at the bureau",
    request_body = DeviceKeyRegistration,
    responses(
        (status = 201, description = "Registered"),
        (status = 400, description = "The key or signature cannot be read (`malformed_request`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`); a password session without the password (`reauthentication_required`); a wrong password, or a signature that does not match the key (`sign_in_failed`)", body = ErrorBody),
        (status = 403, description = "Not a worker (out_of_scope), or a cross-site request (`forbidden`)", body = ErrorBody),
        (status = 409, description = "The worker holds a device key already (`device_key_exists`); or the worker has a passkey and needs no device key (`passkey_held`)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts (`too_many_attempts`)", body = ErrorBody),
    ),
)]
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
        state.clock.now(),
    )
    .await
    .map(|()| StatusCode::CREATED)
    .map_err(fail(&lang))
}

/// The body of `PUT /me/phone-capability`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CapabilityReport {
    capability: String,
}

#[utoipa::path(
    put,
    path = "/me/phone-capability",
    operation_id = "notePhoneCapability",
    summary = "Keeps what the signed-in worker's phone can do for a strong check-in, as its browser found out: only the class is stored",
    request_body = CapabilityReport,
    responses(
        (status = 204, description = "Kept"),
        (status = 400, description = "An unknown class (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a worker (out_of_scope), or a cross-site request (`forbidden`)", body = ErrorBody),
    ),
)]
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

#[utoipa::path(
    delete,
    path = "/me/passkeys/{id}",
    operation_id = "removePasskey",
    summary = "Remove one of my passkeys (suspended or not). Ends nothing else; recorded in the audit trail",
    params(
        ("id" = String, Path, description = "The full credential id (Passkey.id)"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 404, description = "No such passkey of mine (`not_found`)", body = ErrorBody),
        (status = 409, description = "It is the last way to sign in: last passkey and no password (`last_sign_in_method`)", body = ErrorBody),
    ),
)]
pub async fn remove_passkey(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    credentials::remove_passkey(&state, &actor, address, &id, state.clock.now())
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasskeyReview {
    /// Full credential ids from `passkeys_to_review`.
    #[serde(default)]
    #[schema(required = true)]
    keep: Vec<String>,
}

#[utoipa::path(
    post,
    path = "/me/passkeys/review",
    operation_id = "reviewPasskeys",
    summary = "After a recovery: keep the suspended passkeys named in keep (they sign in again) and remove every other suspended one; answers the account as GET /me",
    request_body = PasskeyReview,
    responses(
        (status = 200, description = "Decided", body = app::domain::Me),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn review_passkeys(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<PasskeyReview>,
) -> ApiResult<Json<app::domain::Me>> {
    credentials::review_passkeys(&state, &actor, address, &input.keep, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    accounts::me(&state, &actor)
        .await
        .map(Json)
        .map_err(fail(&lang))
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
    staff_accounts::set_staff_disabled(&state, &actor, &id, disabled, &reason, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/accounts/{id}/disable",
    operation_id = "disableStaffAccount",
    summary = "Disable a staff account: its sessions end at once and it cannot sign in (password, passkey, codes). A bureau for institution, employer and bureau staff of its city, the province any staff; never oneself",
    params(
        ("id" = String, Path, description = "The account id"),
    ),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "The account", body = app::domain::AccountView),
        (status = 400, description = "No reason, or over 200 characters (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or city, or the caller's own account (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such staff account; worker accounts are not managed here (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn disable_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<AccountView>> {
    set_disabled(state, lang, actor, id, input, true).await
}

#[utoipa::path(
    post,
    path = "/accounts/{id}/enable",
    operation_id = "enableStaffAccount",
    summary = "Enable a disabled staff account again (same scope as disable)",
    params(
        ("id" = String, Path, description = "The account id"),
    ),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "The account", body = app::domain::AccountView),
        (status = 400, description = "No reason, or over 200 characters (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or city, or the caller's own account (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such staff account; worker accounts are not managed here (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn enable_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<AccountView>> {
    set_disabled(state, lang, actor, id, input, false).await
}

#[utoipa::path(
    put,
    path = "/accounts/{id}/role",
    operation_id = "changeStaffRole",
    summary = "Change a staff account's role, by the rules of creating one (an institution role names a published institution of the account's city). Same scope as disable",
    params(
        ("id" = String, Path, description = "The account id"),
    ),
    request_body = RoleChangeInput,
    responses(
        (status = 200, description = "The account", body = app::domain::AccountView),
        (status = 400, description = "Unknown role, missing institution_id or reason (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or city, a role the caller may not grant, or the caller's own account (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such staff account, or no such published institution in the account's city (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn change_staff_role(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RoleChangeInput>,
) -> ApiResult<Json<AccountView>> {
    let change = RoleChange::try_from(&input).map_err(|e| fail(&lang)(e.into()))?;
    staff_accounts::change_staff_role(&state, &actor, &id, &change, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct StaffQuery {
    city: Option<String>,
}

#[utoipa::path(
    get,
    path = "/accounts",
    operation_id = "listStaff",
    summary = "Staff accounts: a bureau sees its city, the province all",
    params(
        ("city" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Accounts", body = [app::domain::AccountView]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 400, description = "An unknown city (`invalid_input`)", body = ErrorBody),
    ),
)]
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
    accounts::list_staff_accounts(&state, &actor, city, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/accounts",
    operation_id = "createStaff",
    summary = "Creates a staff account and its one-time enrolment code (valid 7 days). A bureau: institution, employer and bureau staff of its city; the province: anyone",
    request_body = StaffAccountInput,
    responses(
        (status = 201, description = "Created; the code is shown once", body = app::server::accounts::IssuedCode),
        (status = 400, description = "A field failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "The institution is not in the city's catalogue (`not_found`)", body = ErrorBody),
        (status = 409, description = "User name taken (`username_taken`)", body = ErrorBody),
    ),
)]
pub async fn create_staff(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<StaffAccountInput>,
) -> ApiResult<(StatusCode, Json<IssuedCode>)> {
    let account = NewStaffAccount::try_from(&input).map_err(|e| fail(&lang)(e.into()))?;
    accounts::create_staff_account(&state, &actor, &account, state.clock.now())
        .await
        .map(|issued| (StatusCode::CREATED, Json(issued)))
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/accounts/recovery-codes",
    operation_id = "issueRecoveryCode",
    summary = "After checking the ID card, bureau staff of the worker's city issue a one-time recovery code (30 minutes, single use). Using it ends the worker's other sessions, suspends their passkeys until they review them, and tells the worker in the inbox",
    request_body = RecoveryCodeInput,
    responses(
        (status = 201, description = "Issued", body = app::server::accounts::IssuedCode),
        (status = 400, description = "Not a valid ID number, or no valid identity_check (`invalid_input`), or a note over 200 characters (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the worker's city: institutions, the province and other cities are refused (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such account (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn issue_recovery_code(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<RecoveryCodeInput>,
) -> ApiResult<(StatusCode, Json<IssuedCode>)> {
    let now = state.clock.now();
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

#[utoipa::path(
    get,
    path = "/audit",
    operation_id = "listAudit",
    summary = "The audit trail, newest first: a bureau sees its city, the province all",
    params(
        ("action" = Option<String>, Query),
        ("before" = Option<i64>, Query, description = "Only records with a smaller seq (paging)"),
        ("limit" = Option<i64>, Query, maximum = 500),
    ),
    responses(
        (status = 200, description = "Records", body = [app::server::db::audit::AuditRecord]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 400, description = "`before` or `limit` is not a whole number in range (`invalid_input`)", body = ErrorBody),
    ),
)]
pub async fn audit_records(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditRecord>>> {
    use app::domain::{parse_bounded_int, Field};
    let now = state.clock.now();
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
