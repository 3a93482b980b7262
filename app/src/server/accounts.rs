//! Accounts: worker registration, staff accounts, sign-in and sign-out,
//! one-time codes for recovery and enrolment, and the owner's own data.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::Uuid;

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    crypto::random_code,
    database_failure,
    db::{
        catalogue::find_published_institution,
        identity::{self as store, NewUserRow, UserRow},
        is_unique_violation, Database, Tx,
    },
    passkeys::{
        self, AuthenticationAnswer, PasskeyOwner, RegistrationAnswer, RegistrationChallenge,
    },
    passwords,
    sessions::{self, NewSession},
    AppState,
};
use crate::{
    domain::{
        AccountView, Assurance, CalendarDate, City, IdNumber, Me, NewStaffAccount, NewWorker,
        OneTimeCode, PasskeyView, Password, Role, Username, WorkerCategory,
    },
    error::{AppError, Conflict, Refusal},
};

/// How long a recovery code handed over in person stays valid.
pub const RECOVERY_CODE_LIFETIME: Duration = Duration::minutes(30);
/// How long a new staff member has to set up their sign-in.
pub const ENROLMENT_CODE_LIFETIME: Duration = Duration::days(7);
/// Failed attempts allowed per account, and per network address, in
/// [`ATTEMPT_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const ATTEMPT_WINDOW: Duration = Duration::minutes(15);

/// A sign-in that succeeded: who, and the cookie to set.
pub struct SignedIn {
    pub me: Me,
    pub set_cookie: String,
}

/// What a registration ceremony creates or changes, kept with its state.
#[derive(Serialize, Deserialize)]
enum RegistrationPurpose {
    NewWorker(PendingWorker),
    AddPasskey,
    Recovery { code_hash: String },
    Enrolment { code_hash: String },
}

/// A worker registration waiting for its passkey. The ID number is
/// already sealed: ceremony state never holds it in clear.
#[derive(Serialize, Deserialize)]
struct PendingWorker {
    real_name: String,
    city: City,
    mobile: String,
    categories: Vec<WorkerCategory>,
    id_number_cipher: Vec<u8>,
    id_number_lookup: String,
    id_number_masked: String,
}

/// Today's date, the bound for birth dates.
pub fn calendar_date(now: DateTime<Utc>) -> CalendarDate {
    use chrono::Datelike;
    CalendarDate {
        year: now.year() as u16,
        month: now.month() as u8,
        day: now.day() as u8,
    }
}

fn pending_worker(state: &AppState, worker: &NewWorker) -> PendingWorker {
    let sealed = state.security.keys.seal_id_number(&worker.id_number);
    PendingWorker {
        real_name: worker.real_name.as_str().to_owned(),
        city: worker.city,
        mobile: worker.mobile.as_str().to_owned(),
        categories: worker.categories.clone(),
        id_number_cipher: sealed.cipher,
        id_number_lookup: sealed.lookup,
        id_number_masked: sealed.masked,
    }
}

async fn refuse_if_registered(db: &Database, lookup: &str) -> Result<(), AppError> {
    let existing = store::find_user_by_id_number(db, lookup)
        .await
        .map_err(database_failure("checking an ID number"))?;
    match existing {
        Some(_) => Err(AppError::Conflict(Conflict::AccountExists)),
        None => Ok(()),
    }
}

/// Step 1 of a worker's registration with a passkey.
pub async fn start_worker_registration(
    state: &AppState,
    worker: &NewWorker,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let pending = pending_worker(state, worker);
    refuse_if_registered(&state.db, &pending.id_number_lookup).await?;
    let (name, display_name) = (pending.id_number_masked.clone(), pending.real_name.clone());
    let owner = PasskeyOwner {
        id: Uuid::new_v4(),
        name: &name,
        display_name: &display_name,
        existing: &[],
    };
    let purpose = RegistrationPurpose::NewWorker(pending);
    passkeys::start_registration(&state.db, &state.security, &owner, &purpose, now).await
}

/// Step 2 of any passkey registration: a new worker, another passkey, a
/// recovery or a staff enrolment. Ends signed in with the new passkey.
pub async fn finish_passkey_registration(
    state: &AppState,
    headers: &HeaderMap,
    answer: &RegistrationAnswer,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let registered = passkeys::finish_registration::<RegistrationPurpose>(
        &state.db,
        &state.security,
        answer,
        now,
    )
    .await?;
    let failed = || database_failure("finishing a passkey registration");
    let user_id = registered.user_id.as_str();
    let mut tx = state.db.begin().await.map_err(failed())?;
    let action = match &registered.purpose {
        RegistrationPurpose::NewWorker(pending) => {
            insert_worker(&mut tx, user_id, pending, None, now).await?;
            "account.register"
        }
        RegistrationPurpose::AddPasskey => {
            // Only the account's own session may finish adding its passkey.
            let caller = sessions::current_actor(&state.db, headers, now).await?;
            if caller.is_none_or(|actor| actor.user_id != user_id) {
                return Err(AppError::Refused(Refusal::SignInRequired));
            }
            "passkey.add"
        }
        RegistrationPurpose::Recovery { code_hash } => {
            use_code(&mut tx, user_id, "recovery", code_hash, now).await?;
            "recovery.use"
        }
        RegistrationPurpose::Enrolment { code_hash } => {
            use_code(&mut tx, user_id, "enrolment", code_hash, now).await?;
            "enrolment.use"
        }
    };
    let passkey_json =
        serde_json::to_string(&registered.passkey).map_err(|_| AppError::Internal)?;
    let label = passkey_label(&answer.label);
    store::insert_passkey(
        &mut tx,
        &registered.credential_id,
        user_id,
        &passkey_json,
        &label,
        now,
    )
    .await
    .map_err(|error| {
        if is_unique_violation(&error, "passkeys_pkey") {
            AppError::Conflict(Conflict::PasskeyAlreadyRegistered)
        } else {
            failed()(error)
        }
    })?;
    let user = user_in(&mut tx, user_id).await?;
    let sign_in = SignIn {
        assurance: Assurance::Passkey,
        action,
        reason: "passkey",
    };
    complete_sign_in(state, tx, headers, user, &sign_in, now).await
}

/// A worker registration without a passkey (browsers without WebAuthn):
/// the account is marked as using the weaker password method.
pub async fn register_worker_with_password(
    state: &AppState,
    headers: &HeaderMap,
    worker: &NewWorker,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let pending = pending_worker(state, worker);
    refuse_if_registered(&state.db, &pending.id_number_lookup).await?;
    let hash = passwords::hash(password).await?;
    let user_id = Uuid::new_v4().to_string();
    let failed = || database_failure("registering a worker");
    let mut tx = state.db.begin().await.map_err(failed())?;
    insert_worker(&mut tx, &user_id, &pending, Some(&hash), now).await?;
    let session = sessions::start(
        &mut tx,
        &state.security,
        headers,
        &user_id,
        Assurance::Password,
        now,
    )
    .await?;
    let target = format!("user:{user_id}");
    let entry = Entry {
        actor: None,
        action: "account.register",
        target: &target,
        outcome: outcome::DONE,
        reason: "password fallback (lower assurance)",
        city: Some(pending.city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    let user = user_in(&mut tx, &user_id).await?;
    tx.commit().await.map_err(failed())?;
    signed_in(state, user, Assurance::Password, session).await
}

async fn insert_worker(
    tx: &mut Tx,
    user_id: &str,
    pending: &PendingWorker,
    password_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let categories: Vec<&str> = pending.categories.iter().map(|c| c.code()).collect();
    let row = NewUserRow {
        id: user_id,
        role: Role::Worker.code(),
        display_name: &pending.real_name,
        username: None,
        city_code: Some(pending.city.code()),
        organisation: None,
        institution_id: None,
        mobile: Some(&pending.mobile),
        worker_categories: &categories.join(","),
        id_number_cipher: Some(&pending.id_number_cipher),
        id_number_lookup: Some(&pending.id_number_lookup),
        id_number_masked: Some(&pending.id_number_masked),
        password_hash,
        created_by: None,
    };
    store::insert_user(tx, &row, now).await.map_err(|error| {
        if is_unique_violation(&error, "users_id_number_lookup_key") {
            AppError::Conflict(Conflict::AccountExists)
        } else {
            database_failure("inserting a worker")(error)
        }
    })?;
    // Declared, not verified: they raise no payout until the bureau checks.
    super::db::categories::insert_declared_categories(tx, user_id, &categories, now)
        .await
        .map_err(database_failure("declaring a worker's categories"))
}

/// Reads an account through the transaction that may have just written it.
async fn user_in(tx: &mut Tx, user_id: &str) -> Result<UserRow, AppError> {
    store::find_user_in_tx(tx, user_id)
        .await
        .map_err(database_failure("reading an account"))?
        .ok_or(AppError::Internal)
}

fn user_city(user: &UserRow) -> Option<City> {
    user.city_code
        .as_deref()
        .and_then(|code| City::parse(code).ok())
}

fn passkey_label(label: &str) -> String {
    let label: String = label.trim().chars().take(40).collect();
    if label.is_empty() {
        "通行密钥".to_owned()
    } else {
        label
    }
}

async fn use_code(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let used = store::use_one_time_code(tx, user_id, purpose, code_hash, now)
        .await
        .map_err(database_failure("using a one-time code"))?;
    if used {
        Ok(())
    } else {
        Err(AppError::Refused(Refusal::Expired))
    }
}

/// Step 1 of a passkey sign-in.
pub async fn start_passkey_sign_in(
    state: &AppState,
    now: DateTime<Utc>,
) -> Result<passkeys::AuthenticationChallenge, AppError> {
    passkeys::start_authentication(&state.db, &state.security, now).await
}

/// Step 2 of a passkey sign-in: verifies, updates the counter, starts a
/// session. Failures are recorded and rate-limited per address.
pub async fn finish_passkey_sign_in(
    state: &AppState,
    headers: &HeaderMap,
    address: Option<IpAddr>,
    answer: &AuthenticationAnswer,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let address_subject = address.map(|ip| format!("ip:{ip}"));
    guard_attempts(&state.db, None, address_subject.as_deref(), now).await?;
    let authenticated =
        match passkeys::finish_authentication(&state.db, &state.security, answer, now).await {
            Ok(authenticated) => authenticated,
            Err(error @ AppError::Refused(Refusal::SignInFailed)) => {
                passkeys::discard_authentication(&state.db, &answer.ceremony, now).await?;
                record_failure(&state.db, None, address_subject.as_deref(), "passkey", now).await?;
                return Err(error);
            }
            Err(error) => return Err(error),
        };
    let failed = || database_failure("finishing a passkey sign-in");
    // Read before the write transaction: with SQLite the single writer is
    // what concurrent sign-ins queue for.
    let user = find_user(&state.db, &authenticated.user_id).await?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    passkeys::spend_authentication(&mut tx, &answer.ceremony).await?;
    store::update_passkey_use(
        &mut tx,
        &authenticated.credential_id,
        authenticated.updated_passkey.as_deref(),
        now,
    )
    .await
    .map_err(failed())?;
    let sign_in = SignIn {
        assurance: Assurance::Passkey,
        action: "session.sign_in",
        reason: "passkey",
    };
    complete_sign_in(state, tx, headers, user, &sign_in, now).await
}

/// How a sign-in happened, for its session and audit record.
struct SignIn<'a> {
    assurance: Assurance,
    action: &'a str,
    reason: &'a str,
}

/// The end of every sign-in: a new session, the audit record, commit.
async fn complete_sign_in(
    state: &AppState,
    mut tx: Tx,
    headers: &HeaderMap,
    user: UserRow,
    sign_in: &SignIn<'_>,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let session = sessions::start(
        &mut tx,
        &state.security,
        headers,
        &user.id,
        sign_in.assurance,
        now,
    )
    .await?;
    let target = format!("user:{}", user.id);
    let entry = Entry {
        actor: None,
        action: sign_in.action,
        target: &target,
        outcome: outcome::DONE,
        reason: sign_in.reason,
        city: user_city(&user),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit()
        .await
        .map_err(database_failure("finishing a sign-in"))?;
    signed_in(state, user, sign_in.assurance, session).await
}

/// Who a password sign-in names: a worker by ID number, staff by user name.
async fn find_by_login(
    state: &AppState,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Option<UserRow>, AppError> {
    let failed = || database_failure("finding an account");
    if let Ok(number) = IdNumber::parse(login, calendar_date(now)) {
        let lookup = state.security.keys.id_number_lookup(&number);
        return store::find_user_by_id_number(&state.db, &lookup)
            .await
            .map_err(failed());
    }
    match Username::parse(login) {
        Ok(username) => store::find_user_by_username(&state.db, username.as_str())
            .await
            .map_err(failed()),
        Err(_) => Ok(None),
    }
}

/// A sign-in or code attempt: the account it names (if any) and the
/// subjects its failures count against, once both are under their limits.
struct Attempt {
    user: Option<UserRow>,
    account_subject: Option<String>,
    address_subject: Option<String>,
}

async fn attempt(
    state: &AppState,
    address: Option<IpAddr>,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, AppError> {
    let user = find_by_login(state, login, now).await?;
    let account_subject = user.as_ref().map(|u| format!("user:{}", u.id));
    let address_subject = address.map(|ip| format!("ip:{ip}"));
    guard_attempts(
        &state.db,
        account_subject.as_deref(),
        address_subject.as_deref(),
        now,
    )
    .await?;
    Ok(Attempt {
        user,
        account_subject,
        address_subject,
    })
}

/// The password fallback sign-in. Limited to five failures per account and
/// thirty per address in fifteen minutes; every attempt is recorded.
pub async fn sign_in_with_password(
    state: &AppState,
    headers: &HeaderMap,
    address: Option<IpAddr>,
    login: &str,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let Attempt {
        user,
        account_subject,
        address_subject,
    } = attempt(state, address, login, now).await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    if !passwords::verify(password, stored_hash).await {
        record_failure(
            &state.db,
            account_subject.as_deref(),
            address_subject.as_deref(),
            "password",
            now,
        )
        .await?;
        return Err(AppError::Refused(Refusal::SignInFailed));
    }
    let user = user.ok_or(AppError::Refused(Refusal::SignInFailed))?;
    let failed = || database_failure("finishing a password sign-in");
    let tx = state.db.begin().await.map_err(failed())?;
    let sign_in = SignIn {
        assurance: Assurance::Password,
        action: "session.sign_in",
        reason: "password (lower assurance)",
    };
    complete_sign_in(state, tx, headers, user, &sign_in, now).await
}

async fn guard_attempts(
    db: &Database,
    account: Option<&str>,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("counting failed attempts");
    let since = now - ATTEMPT_WINDOW;
    for (subject, limit) in [
        (account, MAX_FAILURES_PER_ACCOUNT),
        (address, MAX_FAILURES_PER_ADDRESS),
    ] {
        if let Some(subject) = subject {
            if store::count_failed_attempts(db, subject, since)
                .await
                .map_err(failed())?
                >= limit
            {
                return Err(AppError::Refused(Refusal::TooManyAttempts));
            }
        }
    }
    Ok(())
}

async fn record_failure(
    db: &Database,
    account: Option<&str>,
    address: Option<&str>,
    method: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("recording a failed attempt");
    for subject in [account, address].into_iter().flatten() {
        store::insert_failed_attempt(db, subject, now)
            .await
            .map_err(failed())?;
    }
    let target = account.unwrap_or("unknown account");
    let entry = Entry {
        actor: None,
        action: "session.sign_in",
        target,
        outcome: outcome::FAILED,
        reason: method,
        city: None,
    };
    audit::record(db, &entry, now).await
}

/// Ends the caller's session.
pub async fn sign_out(state: &AppState, actor: &Actor, now: DateTime<Utc>) -> Result<(), AppError> {
    let failed = || database_failure("signing out");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::revoke_session(&mut tx, &actor.session_hash, now)
        .await
        .map_err(failed())?;
    let target = format!("user:{}", actor.user_id);
    let entry = Entry {
        actor: Some(actor),
        action: "session.sign_out",
        target: &target,
        outcome: outcome::DONE,
        reason: "",
        city: actor.city,
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())
}

/// Ends every session of the caller's account (a lost phone); returns
/// how many ended.
pub async fn sign_out_everywhere(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let failed = || database_failure("signing out everywhere");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let ended = store::revoke_all_sessions(&mut tx, &actor.user_id, now)
        .await
        .map_err(failed())?;
    let target = format!("user:{}", actor.user_id);
    let reason = format!("{ended} sessions ended");
    let entry = Entry {
        actor: Some(actor),
        action: "session.sign_out_all",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: actor.city,
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(ended)
}

/// Step 1 of adding another passkey (e.g. a new phone) to the caller's
/// account.
pub async fn start_adding_passkey(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let user = find_user(&state.db, &actor.user_id).await?;
    start_registration_for(state, &user, &RegistrationPurpose::AddPasskey, now).await
}

async fn start_registration_for(
    state: &AppState,
    user: &UserRow,
    purpose: &RegistrationPurpose,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let id = Uuid::parse_str(&user.id).map_err(|_| AppError::Internal)?;
    let existing = passkeys::passkeys_of(&state.db, &user.id).await?;
    let name = user
        .username
        .clone()
        .or_else(|| user.id_number_masked.clone())
        .unwrap_or_else(|| user.display_name.clone());
    let owner = PasskeyOwner {
        id,
        name: &name,
        display_name: &user.display_name,
        existing: &existing,
    };
    passkeys::start_registration(&state.db, &state.security, &owner, purpose, now).await
}

async fn find_user(db: &Database, user_id: &str) -> Result<UserRow, AppError> {
    store::find_user(db, user_id)
        .await
        .map_err(database_failure("reading an account"))?
        .ok_or(AppError::Refused(Refusal::SignInRequired))
}

/// A one-time code, shown once to the staff member who issued it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssuedCode {
    pub code: String,
    pub expires_at: DateTime<Utc>,
    pub account: AccountView,
}

/// Issues a recovery code for the worker with this ID number, after the
/// staff member checked the ID card in person.
pub async fn issue_recovery_code(
    state: &AppState,
    actor: &Actor,
    id_number: &IdNumber,
    now: DateTime<Utc>,
) -> Result<IssuedCode, AppError> {
    let lookup = state.security.keys.id_number_lookup(id_number);
    let worker = store::find_user_by_id_number(&state.db, &lookup)
        .await
        .map_err(database_failure("finding a worker"))?;
    let Some(worker) = worker else {
        if actor.may_issue_recovery(actor.city) {
            return Err(AppError::NotFound(crate::error::Missing::Account));
        }
        return Err(audit::refuse(&state.db, actor, "recovery code", now).await);
    };
    if !actor.may_issue_recovery(user_city(&worker)) {
        return Err(audit::refuse(
            &state.db,
            actor,
            &format!("recovery code for user:{}", worker.id),
            now,
        )
        .await);
    }
    issue_code(
        state,
        actor,
        &worker,
        "recovery",
        RECOVERY_CODE_LIFETIME,
        "ID card checked in person",
        now,
    )
    .await
}

async fn issue_code(
    state: &AppState,
    actor: &Actor,
    user: &UserRow,
    purpose: &str,
    lifetime: Duration,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<IssuedCode, AppError> {
    let code = random_code();
    let expires_at = now + lifetime;
    let failed = || database_failure("issuing a one-time code");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::insert_one_time_code(
        &mut tx,
        &user.id,
        purpose,
        &state.security.keys.code_hash(&code),
        Some(&actor.user_id),
        now,
        expires_at,
    )
    .await
    .map_err(failed())?;
    let target = format!("user:{}", user.id);
    let action = format!("{purpose}.issue");
    let entry = Entry {
        actor: Some(actor),
        action: &action,
        target: &target,
        outcome: outcome::DONE,
        reason,
        city: user_city(user),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(IssuedCode {
        code,
        expires_at,
        account: account_view(state, user).await?,
    })
}

/// Step 1 of a recovery or an enrolment: the person names their account
/// (ID number or user name) and the code they were given. Wrong codes
/// count as failed attempts.
pub async fn start_with_code(
    state: &AppState,
    address: Option<IpAddr>,
    login: &str,
    code: &OneTimeCode,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let CodeHolder {
        user,
        purpose,
        code_hash,
    } = code_holder(state, address, login, code, now).await?;
    let purpose = match purpose.as_str() {
        "recovery" => RegistrationPurpose::Recovery { code_hash },
        _ => RegistrationPurpose::Enrolment { code_hash },
    };
    start_registration_for(state, &user, &purpose, now).await
}

/// The account a live one-time code belongs to. Rate-limited per account
/// and address; a wrong login or code is recorded as a failed attempt.
struct CodeHolder {
    user: UserRow,
    purpose: String,
    code_hash: String,
}

async fn code_holder(
    state: &AppState,
    address: Option<IpAddr>,
    login: &str,
    code: &OneTimeCode,
    now: DateTime<Utc>,
) -> Result<CodeHolder, AppError> {
    let Attempt {
        user,
        account_subject,
        address_subject,
    } = attempt(state, address, login, now).await?;
    let code_hash = state.security.keys.code_hash(code.expose());
    let purpose = match &user {
        Some(user) => live_code_purpose(&state.db, &user.id, &code_hash, now).await?,
        None => None,
    };
    let (Some(user), Some(purpose)) = (user, purpose) else {
        record_failure(
            &state.db,
            account_subject.as_deref(),
            address_subject.as_deref(),
            "one-time code",
            now,
        )
        .await?;
        return Err(AppError::Refused(Refusal::SignInFailed));
    };
    Ok(CodeHolder {
        user,
        purpose,
        code_hash,
    })
}

async fn live_code_purpose(
    db: &Database,
    user_id: &str,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    store::find_live_code_purpose(db, user_id, code_hash, now)
        .await
        .map_err(database_failure("checking a one-time code"))
}

/// Staff enrolment (or worker recovery) without a passkey: the code sets a
/// password instead, marked as the weaker method.
pub async fn set_password_with_code(
    state: &AppState,
    headers: &HeaderMap,
    address: Option<IpAddr>,
    login: &str,
    code: &OneTimeCode,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let CodeHolder {
        user,
        purpose,
        code_hash,
    } = code_holder(state, address, login, code, now).await?;
    let hash = passwords::hash(password).await?;
    let failed = || database_failure("setting a password");
    let mut tx = state.db.begin().await.map_err(failed())?;
    use_code(&mut tx, &user.id, &purpose, &code_hash, now).await?;
    store::update_password_hash(&mut tx, &user.id, &hash)
        .await
        .map_err(failed())?;
    let action = format!("{purpose}.use");
    let sign_in = SignIn {
        assurance: Assurance::Password,
        action: &action,
        reason: "password (lower assurance)",
    };
    complete_sign_in(state, tx, headers, user, &sign_in, now).await
}

/// Creates a staff account and its enrolment code. A bureau creates
/// institution, employer and bureau staff of its own city; the province
/// anyone. An institution account must name an institution of the city's
/// published catalogue.
pub async fn create_staff_account(
    state: &AppState,
    actor: &Actor,
    account: &NewStaffAccount,
    now: DateTime<Utc>,
) -> Result<IssuedCode, AppError> {
    if !actor.may_create_staff(account.role, account.city) {
        return Err(audit::refuse(
            &state.db,
            actor,
            &format!("create {} account", account.role.code()),
            now,
        )
        .await);
    }
    if let Some(institution_id) = account.institution_id {
        let institution = find_published_institution(&state.db, institution_id)
            .await
            .map_err(database_failure("checking an institution"))?;
        let in_city = institution.is_some_and(|row| {
            Some(row.catalogue.city_code.as_str()) == account.city.map(City::code)
        });
        if !in_city {
            return Err(AppError::NotFound(crate::error::Missing::Institution));
        }
    }
    create_staff_unchecked(state, Some(actor), account, now).await
}

/// Creates a staff account without an actor check: for the command-line
/// bootstrap of the first province account.
pub async fn create_staff_unchecked(
    state: &AppState,
    actor: Option<&Actor>,
    account: &NewStaffAccount,
    now: DateTime<Utc>,
) -> Result<IssuedCode, AppError> {
    let user_id = Uuid::new_v4().to_string();
    let code = random_code();
    let expires_at = now + ENROLMENT_CODE_LIFETIME;
    let failed = || database_failure("creating a staff account");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let row = NewUserRow {
        id: &user_id,
        role: account.role.code(),
        display_name: account.display_name.as_str(),
        username: Some(account.username.as_str()),
        city_code: account.city.map(City::code),
        organisation: account.organisation.as_deref(),
        institution_id: account.institution_id,
        mobile: account.mobile.as_ref().map(|m| m.as_str()),
        worker_categories: "",
        id_number_cipher: None,
        id_number_lookup: None,
        id_number_masked: None,
        password_hash: None,
        created_by: actor.map(|a| a.user_id.as_str()),
    };
    store::insert_user(&mut tx, &row, now)
        .await
        .map_err(|error| {
            if is_unique_violation(&error, "users_username_key") {
                AppError::Conflict(Conflict::UsernameTaken)
            } else {
                failed()(error)
            }
        })?;
    let code_hash = state.security.keys.code_hash(&code);
    let issuer = actor.map(|a| a.user_id.as_str());
    store::insert_one_time_code(
        &mut tx,
        &user_id,
        "enrolment",
        &code_hash,
        issuer,
        now,
        expires_at,
    )
    .await
    .map_err(failed())?;
    let target = format!("user:{user_id}");
    let reason = format!("role {} granted", account.role.code());
    let entry = Entry {
        actor,
        action: "account.create",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: account.city,
    };
    audit::record_in(&mut tx, &entry, now).await?;
    let user = user_in(&mut tx, &user_id).await?;
    tx.commit().await.map_err(failed())?;
    Ok(IssuedCode {
        code,
        expires_at,
        account: account_view(state, &user).await?,
    })
}

/// Staff accounts a bureau (its city) or the province (all) may see.
pub async fn list_staff_accounts(
    state: &AppState,
    actor: &Actor,
    city: Option<City>,
    now: DateTime<Utc>,
) -> Result<Vec<AccountView>, AppError> {
    let city = match actor.role {
        Role::Bureau => city.or(actor.city),
        _ => city,
    };
    if !actor.may_list_staff(city) {
        return Err(audit::refuse(&state.db, actor, "staff accounts", now).await);
    }
    let rows = store::list_staff(&state.db, city.map(City::code))
        .await
        .map_err(database_failure("listing staff"))?;
    let mut views = Vec::with_capacity(rows.len());
    for row in &rows {
        views.push(account_view(state, row).await?);
    }
    Ok(views)
}

/// The caller as they see themselves.
pub async fn me(state: &AppState, actor: &Actor) -> Result<Me, AppError> {
    let user = find_user(&state.db, &actor.user_id).await?;
    Ok(Me {
        account: account_view(state, &user).await?,
        assurance: actor.assurance,
        csrf_token: actor.csrf_token.clone(),
    })
}

async fn signed_in(
    state: &AppState,
    user: UserRow,
    assurance: Assurance,
    session: NewSession,
) -> Result<SignedIn, AppError> {
    let account = account_view(state, &user).await?;
    Ok(SignedIn {
        me: Me {
            account,
            assurance,
            csrf_token: session.csrf_token,
        },
        set_cookie: session.set_cookie,
    })
}

/// An account with personal data masked, and its passkeys.
pub async fn account_view(state: &AppState, user: &UserRow) -> Result<AccountView, AppError> {
    let passkeys = store::list_passkeys(&state.db, &user.id)
        .await
        .map_err(database_failure("listing passkeys"))?;
    Ok(AccountView {
        id: user.id.clone(),
        role: Role::parse(&user.role).map_err(|_| AppError::Internal)?,
        display_name: user.display_name.clone(),
        username: user.username.clone(),
        city: user_city(user),
        organisation: user.organisation.clone(),
        institution_id: user.institution_id,
        mobile_masked: user.mobile.as_deref().map(mask_mobile),
        worker_categories: user
            .worker_categories
            .split(',')
            .filter_map(|code| WorkerCategory::parse(code).ok())
            .collect(),
        id_number_masked: user.id_number_masked.clone(),
        category_standings: super::categories::standings_of(state, &user.id).await?,
        passkeys: passkeys
            .into_iter()
            .map(|row| PasskeyView {
                short_id: row.credential_id.chars().take(8).collect(),
                label: row.label,
                created_at: row.created_at.format("%Y-%m-%d %H:%M").to_string(),
                last_used_at: row
                    .last_used_at
                    .map(|at| at.format("%Y-%m-%d %H:%M").to_string()),
            })
            .collect(),
        has_password: user.password_hash.is_some(),
    })
}

fn mask_mobile(mobile: &str) -> String {
    crate::domain::MobileNumber::parse(mobile)
        .map(|m| m.masked())
        .unwrap_or_else(|_| crate::domain::mask_id_number(mobile))
}

/// Everything stored about the caller, for download: the one place the
/// full ID number leaves the server, to its owner.
#[derive(Clone, Debug, Serialize)]
pub struct PersonalData {
    pub account: AccountView,
    pub id_number: Option<String>,
    pub mobile: Option<String>,
    pub created_at: DateTime<Utc>,
    pub audit: Vec<super::db::audit::AuditRecord>,
}

pub async fn personal_data(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<PersonalData, AppError> {
    let user = find_user(&state.db, &actor.user_id).await?;
    let id_number = match &user.id_number_cipher {
        Some(cipher) => Some(
            state
                .security
                .keys
                .open_id_number(cipher)
                .map_err(|error| {
                    tracing::error!(%error, "opening an ID number");
                    AppError::Internal
                })?,
        ),
        None => None,
    };
    let target = format!("user:{}", user.id);
    let audit = super::db::audit::list_audit_records_for_target(&state.db, &target)
        .await
        .map_err(database_failure("reading the owner's audit records"))?;
    let entry = Entry {
        actor: Some(actor),
        action: "account.export",
        target: &target,
        outcome: outcome::DONE,
        reason: "owner download",
        city: actor.city,
    };
    audit::record(&state.db, &entry, now).await?;
    Ok(PersonalData {
        account: account_view(state, &user).await?,
        id_number,
        mobile: user.mobile.clone(),
        created_at: user.created_at,
        audit,
    })
}
