//! Accounts: worker registration, staff accounts, sign-in and sign-out,
//! one-time codes for recovery and enrolment, and the owner's own data.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::Uuid;

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    credentials,
    crypto::random_code,
    database_failure,
    db::{
        catalogue::find_published_institution,
        device_keys::set_phone_capability_in,
        identity::{self as store, NewUserRow, UserRow},
        is_unique_violation, Database, Tx,
    },
    internal_absence, internal_fault,
    passkeys::{
        self, AuthenticationAnswer, PasskeyOwner, RegistrationAnswer, RegistrationChallenge,
    },
    passwords,
    sessions::{self, NewSession, PresentedSession},
    throttle::{self, Counted, Reservation, Subject},
    AppState,
};
use crate::{
    domain::{
        AccountView, Assurance, CalendarDate, City, IdNumber, Me, NewStaffAccount, NewWorker,
        OneTimeCode, Password, PhoneCapability, RecoveryCodeRequest, Role, Username,
        WorkerCategory,
    },
    error::{AppError, Conflict, Refusal},
};

/// How long a recovery code handed over in person stays valid.
pub const RECOVERY_CODE_LIFETIME: Duration = Duration::minutes(30);
/// How long a new staff member has to set up their sign-in.
pub const ENROLMENT_CODE_LIFETIME: Duration = Duration::days(7);

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

/// The registration of a new worker, with the ID number sealed to the
/// account it will belong to (`user_id`).
fn pending_worker(state: &AppState, worker: &NewWorker, user_id: &Uuid) -> PendingWorker {
    let sealed = state
        .security
        .keys
        .seal_id_number(&worker.id_number, &user_id.to_string());
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

/// Counts a registration against the caller's address and the mobile
/// number it names: registration answers whether an ID number has an
/// account (the real-name flow needs that), so probing it is limited.
async fn count_registration(
    state: &AppState,
    worker: &NewWorker,
    address: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let limits = &state.limits;
    throttle::count(
        &state.db,
        limits,
        Counted::RegistrationFromAddress,
        &address.to_string(),
        now,
    )
    .await?;
    throttle::count(
        &state.db,
        limits,
        Counted::RegistrationForPhone,
        worker.mobile.as_str(),
        now,
    )
    .await
}

/// Refuses a second account for one ID number, recording the refusal
/// (with the caller's address) as a possible probe.
async fn refuse_if_registered(
    state: &AppState,
    pending: &PendingWorker,
    address: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let existing = store::find_user_by_id_number(&state.db, &pending.id_number_lookup)
        .await
        .map_err(database_failure("checking an ID number"))?;
    let Some(existing) = existing else {
        return Ok(());
    };
    let target = format!("user:{}", existing.id);
    let entry = Entry {
        actor: None,
        action: "account.register",
        target: &target,
        outcome: outcome::REFUSED,
        reason: "ID number has an account",
        city: user_city(&existing),
    };
    audit::record_from(&state.db, &entry, Some(address), now).await?;
    Err(AppError::Conflict(Conflict::AccountExists))
}

/// Step 1 of a worker's registration with a passkey.
pub async fn start_worker_registration(
    state: &AppState,
    address: IpAddr,
    worker: &NewWorker,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    count_registration(state, worker, address, now).await?;
    let user_id = Uuid::new_v4();
    let pending = pending_worker(state, worker, &user_id);
    refuse_if_registered(state, &pending, address, now).await?;
    let (name, display_name) = (pending.id_number_masked.clone(), pending.real_name.clone());
    let owner = PasskeyOwner {
        id: user_id,
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
    presented: &PresentedSession,
    address: IpAddr,
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
    let mut reason = "passkey".to_owned();
    let action = match &registered.purpose {
        RegistrationPurpose::NewWorker(pending) => {
            insert_worker(&mut tx, user_id, pending, None, now).await?;
            "account.register"
        }
        RegistrationPurpose::AddPasskey => {
            // Only the account's own session may finish adding its passkey.
            let caller = sessions::actor_of(&state.db, presented, now).await?;
            if caller.is_none_or(|actor| actor.user_id != user_id) {
                return Err(AppError::Refused(Refusal::SignInRequired));
            }
            "passkey.add"
        }
        RegistrationPurpose::Recovery { code_hash } => {
            use_code(&mut tx, user_id, "recovery", code_hash, now).await?;
            reason = credentials::recover(&mut tx, user_id, code_hash, "passkey", now).await?;
            "recovery.use"
        }
        RegistrationPurpose::Enrolment { code_hash } => {
            use_code(&mut tx, user_id, "enrolment", code_hash, now).await?;
            "enrolment.use"
        }
    };
    let passkey_json = serde_json::to_string(&registered.passkey).map_err(internal_fault)?;
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
        reason: &reason,
        address,
    };
    complete_sign_in(state, tx, presented, user, &sign_in, now).await
}

/// A worker registration without a passkey (browsers without WebAuthn):
/// the account is marked as using the weaker password method.
pub async fn register_worker_with_password(
    state: &AppState,
    presented: &PresentedSession,
    address: IpAddr,
    worker: &NewWorker,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    count_registration(state, worker, address, now).await?;
    let user_uuid = Uuid::new_v4();
    let pending = pending_worker(state, worker, &user_uuid);
    refuse_if_registered(state, &pending, address, now).await?;
    let hash = passwords::hash(&state.password_hashing, password).await?;
    let user_id = user_uuid.to_string();
    let failed = || database_failure("registering a worker");
    let mut tx = state.db.begin().await.map_err(failed())?;
    insert_worker(&mut tx, &user_id, &pending, Some(&hash), now).await?;
    let session = sessions::start(
        &mut tx,
        &state.security,
        presented,
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
        employer_id: None,
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
        .map_err(database_failure("declaring a worker's categories"))?;
    super::recommendations::give_at_registration(tx, user_id, now).await
}

/// Reads an account through the transaction that may have just written it.
/// The account `user_id` as `tx` sees it (written in it, or before).
pub(super) async fn user_in(tx: &mut Tx, user_id: &str) -> Result<UserRow, AppError> {
    store::find_user_in_tx(tx, user_id)
        .await
        .map_err(database_failure("reading an account"))?
        .ok_or_else(|| internal_absence("the account being written"))
}

/// The city of an account (none for the province).
pub(super) fn user_city(user: &UserRow) -> Option<City> {
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

/// Step 1 of a passkey sign-in (limited per address: each start stores
/// ceremony state).
pub async fn start_passkey_sign_in(
    state: &AppState,
    address: IpAddr,
    now: DateTime<Utc>,
) -> Result<passkeys::AuthenticationChallenge, AppError> {
    count_ceremony(state, address, now).await?;
    passkeys::start_authentication(&state.db, &state.security, now).await
}

/// Counts the start of a passkey ceremony against the caller's address.
pub async fn count_ceremony(
    state: &AppState,
    address: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let key = address.to_string();
    throttle::count(&state.db, &state.limits, Counted::CeremonyStart, &key, now).await
}

/// Step 2 of a passkey sign-in: verifies, updates the counter, starts a
/// session. A passkey's signature cannot be guessed, so failures are
/// counted (per address, with a growing delay) only when they happen.
pub async fn finish_passkey_sign_in(
    state: &AppState,
    presented: &PresentedSession,
    address: IpAddr,
    answer: &AuthenticationAnswer,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let from_address = Subject::address(&state.limits, address);
    throttle::require_not_waiting(&state.db, &from_address, now).await?;
    let authenticated =
        match passkeys::finish_authentication(&state.db, &state.security, answer, now).await {
            Ok(authenticated) => authenticated,
            Err(error @ AppError::Refused(Refusal::SignInFailed)) => {
                passkeys::discard_authentication(&state.db, &answer.ceremony, now).await?;
                let counted = throttle::reserve(&state.db, vec![from_address], now)
                    .await
                    .map(|_failure_stays_counted| ());
                audit::record_failed_sign_in(&state.db, None, address, "passkey", now).await?;
                counted?;
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
        address,
    };
    complete_sign_in(state, tx, presented, user, &sign_in, now).await
}

/// How a sign-in happened, for its session and audit record.
struct SignIn<'a> {
    assurance: Assurance,
    action: &'a str,
    reason: &'a str,
    /// The client's network address, for the audit record.
    address: IpAddr,
}

/// The end of every sign-in: a new session, the audit record, commit.
async fn complete_sign_in(
    state: &AppState,
    mut tx: Tx,
    presented: &PresentedSession,
    user: UserRow,
    sign_in: &SignIn<'_>,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    if user.disabled_at.is_some() {
        drop(tx);
        return Err(credentials::refuse_disabled(&state.db, &user, now).await);
    }
    let session = sessions::start(
        &mut tx,
        &state.security,
        presented,
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
    audit::record_in_from(&mut tx, &entry, Some(sign_in.address), now).await?;
    if sign_in.assurance == Assurance::Passkey {
        // A passkey ceremony just succeeded: this (worker's) phone holds
        // passkeys.
        let passkey = PhoneCapability::Passkey.code();
        set_phone_capability_in(&mut tx, &user.id, passkey)
            .await
            .map_err(database_failure("noting what a phone can do"))?;
    }
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
    if let Ok(number) = IdNumber::parse(login, CalendarDate::of(now)) {
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

/// A sign-in or code attempt: the account it names (if any), counted as
/// a failure against the account and the address before it is tried.
struct Attempt {
    user: Option<UserRow>,
    reservation: Reservation,
}

async fn attempt(
    state: &AppState,
    address: IpAddr,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, AppError> {
    let user = find_by_login(state, login, now).await?;
    let limits = &state.limits;
    let mut subjects = vec![Subject::address(limits, address)];
    if let Some(user) = &user {
        subjects.push(Subject::account_from(limits, &user.id, address));
        subjects.push(Subject::account(limits, &user.id));
    }
    let reservation = throttle::reserve(&state.db, subjects, now).await?;
    Ok(Attempt { user, reservation })
}

/// The password fallback sign-in. Every attempt counts as a failure
/// until it proves right (so parallel guesses are all counted); past the
/// free attempts each account and address waits a doubling delay.
pub async fn sign_in_with_password(
    state: &AppState,
    presented: &PresentedSession,
    address: IpAddr,
    login: &str,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let Attempt { user, reservation } = attempt(state, address, login, now).await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    if !passwords::verify(&state.password_hashing, password, stored_hash).await? {
        let account = user.as_ref().map(|u| u.id.as_str());
        audit::record_failed_sign_in(&state.db, account, address, "password", now).await?;
        return Err(AppError::Refused(Refusal::SignInFailed));
    }
    let user = user.ok_or(AppError::Refused(Refusal::SignInFailed))?;
    throttle::succeeded(&state.db, reservation).await?;
    let failed = || database_failure("finishing a password sign-in");
    let tx = state.db.begin().await.map_err(failed())?;
    let sign_in = SignIn {
        assurance: Assurance::Password,
        action: "session.sign_in",
        reason: "password (lower assurance)",
        address,
    };
    complete_sign_in(state, tx, presented, user, &sign_in, now).await
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
/// account. A session that signed in with a password gives the password
/// again first (see [`credentials::reauthenticate`]).
pub async fn start_adding_passkey(
    state: &AppState,
    actor: &Actor,
    address: IpAddr,
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    credentials::reauthenticate(state, actor, address, password, now).await?;
    let user = find_user(&state.db, &actor.user_id).await?;
    start_registration_for(state, &user, &RegistrationPurpose::AddPasskey, now).await
}

async fn start_registration_for(
    state: &AppState,
    user: &UserRow,
    purpose: &RegistrationPurpose,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let id = Uuid::parse_str(&user.id).map_err(internal_fault)?;
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
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IssuedCode {
    pub code: String,
    pub expires_at: DateTime<Utc>,
    pub account: AccountView,
}

/// Issues a recovery code for the worker with this ID number, after bureau
/// staff of the worker's city checked the identity as `request` records.
pub async fn issue_recovery_code(
    state: &AppState,
    actor: &Actor,
    request: &RecoveryCodeRequest,
    now: DateTime<Utc>,
) -> Result<IssuedCode, AppError> {
    let lookup = state.security.keys.id_number_lookup(&request.id_number);
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
        &request.audit_reason(),
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
    address: IpAddr,
    login: &str,
    code: &OneTimeCode,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let CodeHolder {
        user,
        purpose,
        code_hash,
    } = code_holder(state, address, login, code, now).await?;
    count_ceremony(state, address, now).await?;
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
    address: IpAddr,
    login: &str,
    code: &OneTimeCode,
    now: DateTime<Utc>,
) -> Result<CodeHolder, AppError> {
    let Attempt { user, reservation } = attempt(state, address, login, now).await?;
    let code_hash = state.security.keys.code_hash(code.expose());
    let purpose = match &user {
        Some(user) => live_code_purpose(&state.db, &user.id, &code_hash, now).await?,
        None => None,
    };
    let (Some(user), Some(purpose)) = (user.clone(), purpose) else {
        let account = user.as_ref().map(|u| u.id.as_str());
        audit::record_failed_sign_in(&state.db, account, address, "one-time code", now).await?;
        return Err(AppError::Refused(Refusal::SignInFailed));
    };
    throttle::succeeded(&state.db, reservation).await?;
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
    presented: &PresentedSession,
    address: IpAddr,
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
    let hash = passwords::hash(&state.password_hashing, password).await?;
    let failed = || database_failure("setting a password");
    let mut tx = state.db.begin().await.map_err(failed())?;
    use_code(&mut tx, &user.id, &purpose, &code_hash, now).await?;
    let mut reason = "password (lower assurance)".to_owned();
    if purpose == "recovery" {
        reason = credentials::recover(&mut tx, &user.id, &code_hash, "password", now).await?;
    }
    store::update_password_hash(&mut tx, &user.id, &hash)
        .await
        .map_err(failed())?;
    let action = format!("{purpose}.use");
    let sign_in = SignIn {
        assurance: Assurance::Password,
        action: &action,
        reason: &reason,
        address,
    };
    complete_sign_in(state, tx, presented, user, &sign_in, now).await
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
        require_institution_in_city(state, institution_id, account.city).await?;
    }
    if let Some(employer_id) = account.employer_id {
        require_employer_in_city(state, employer_id, account.city).await?;
    }
    create_staff_unchecked(state, Some(actor), account, now).await
}

/// An institution account names an institution of its city's published
/// catalogue; anything else is 404.
pub(super) async fn require_institution_in_city(
    state: &AppState,
    institution_id: i64,
    city: Option<City>,
) -> Result<(), AppError> {
    let institution = find_published_institution(&state.db, institution_id, state.clock.today())
        .await
        .map_err(database_failure("checking an institution"))?;
    let in_city = institution
        .is_some_and(|row| Some(row.catalogue.city_code.as_str()) == city.map(City::code));
    if in_city {
        Ok(())
    } else {
        Err(AppError::NotFound(crate::error::Missing::Institution))
    }
}

/// An employer's staff account names an employer of its own city
/// (verified or not: the bureau may add staff while it checks); anything
/// else is 404.
async fn require_employer_in_city(
    state: &AppState,
    employer_id: i64,
    city: Option<City>,
) -> Result<(), AppError> {
    let employer = super::db::employers::find_employer(&state.db, employer_id)
        .await
        .map_err(database_failure("checking an employer"))?;
    if employer.is_some_and(|row| Some(row.city_code) == city) {
        Ok(())
    } else {
        Err(AppError::NotFound(crate::error::Missing::Employer))
    }
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
        employer_id: account.employer_id,
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
    let (_, passkeys_to_review) = credentials::passkeys_by_state(&state.db, &user.id).await?;
    Ok(Me {
        account: account_view(state, &user).await?,
        assurance: actor.assurance,
        csrf_token: actor.csrf_token.clone(),
        passkeys_to_review,
    })
}

pub(super) async fn signed_in(
    state: &AppState,
    user: UserRow,
    assurance: Assurance,
    session: NewSession,
) -> Result<SignedIn, AppError> {
    let account = account_view(state, &user).await?;
    let (_, passkeys_to_review) = credentials::passkeys_by_state(&state.db, &user.id).await?;
    Ok(SignedIn {
        me: Me {
            account,
            assurance,
            csrf_token: session.csrf_token,
            passkeys_to_review,
        },
        set_cookie: session.set_cookie,
    })
}

/// An account with personal data masked, and the passkeys that sign in.
pub async fn account_view(state: &AppState, user: &UserRow) -> Result<AccountView, AppError> {
    let (passkeys, _) = credentials::passkeys_by_state(&state.db, &user.id).await?;
    Ok(AccountView {
        id: user.id.clone(),
        role: user.role,
        display_name: user.display_name.clone(),
        username: user.username.clone(),
        city: user_city(user),
        organisation: user.organisation.clone(),
        institution_id: user.institution_id,
        employer_id: user.employer_id,
        mobile_masked: user.mobile.as_deref().map(mask_mobile),
        worker_categories: user
            .worker_categories
            .split(',')
            .filter_map(|code| WorkerCategory::parse(code).ok())
            .collect(),
        id_number_masked: user.id_number_masked.clone(),
        category_standings: super::categories::standings_of(state, &user.id).await?,
        passkeys,
        has_password: user.password_hash.is_some(),
        disabled: user.disabled_at.is_some(),
    })
}

pub(super) fn mask_mobile(mobile: &str) -> String {
    crate::domain::MobileNumber::parse(mobile)
        .map(|m| m.masked())
        .unwrap_or_else(|_| crate::domain::mask_id_number(mobile))
}

/// Everything stored about the caller, for download: the one place the
/// full ID number leaves the server, to its owner. Its `Debug` masks the
/// ID number and the mobile number.
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct PersonalData {
    pub account: AccountView,
    pub id_number: Option<String>,
    pub mobile: Option<String>,
    pub created_at: DateTime<Utc>,
    pub audit: Vec<super::db::audit::AuditRecord>,
}

impl std::fmt::Debug for PersonalData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |number: &Option<String>| number.as_deref().map(crate::domain::mask_id_number);
        f.debug_struct("PersonalData")
            .field("account", &self.account)
            .field("id_number", &masked(&self.id_number))
            .field("mobile", &masked(&self.mobile))
            .field("created_at", &self.created_at)
            .field("audit", &self.audit)
            .finish()
    }
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
                .open_id_number(cipher, &user.id)
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

/// The data migration that binds every ID number to its account.
const BIND_ID_NUMBERS: &str = "bind_id_numbers_to_accounts";

/// Seals again, once, the ID numbers stored before they were bound to
/// their account (see [`super::crypto::BOUND_PREFIX`]). All in one
/// transaction: a failure changes nothing and stops the start-up.
pub async fn bind_legacy_id_numbers(
    db: &Database,
    keys: &super::crypto::SecretKeys,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let failed = || database_failure("binding ID numbers to their accounts");
    if store::find_data_migration(db, BIND_ID_NUMBERS)
        .await
        .map_err(failed())?
    {
        return Ok(0);
    }
    let rows = store::list_id_number_ciphers(db).await.map_err(failed())?;
    let mut tx = db.begin().await.map_err(failed())?;
    let mut bound = 0;
    for (user_id, cipher) in rows {
        let resealed = keys
            .reseal_legacy_id_number(&cipher, &user_id)
            .map_err(|error| {
                tracing::error!(%error, user_id, "a stored ID number does not open with this key");
                AppError::Internal
            })?;
        if let Some(resealed) = resealed {
            store::update_id_number_cipher(&mut tx, &user_id, &resealed)
                .await
                .map_err(failed())?;
            bound += 1;
        }
    }
    store::insert_data_migration(&mut tx, BIND_ID_NUMBERS, now)
        .await
        .map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    Ok(bound)
}

#[cfg(test)]
mod personal_data_debug {
    use super::*;
    use crate::domain::Role;

    #[test]
    fn the_debug_form_of_personal_data_shows_the_id_number_masked_only() {
        let data = PersonalData {
            account: AccountView {
                id: "u1".into(),
                role: Role::Worker,
                display_name: "王小明".into(),
                username: None,
                city: None,
                organisation: None,
                institution_id: None,
                employer_id: None,
                mobile_masked: None,
                worker_categories: Vec::new(),
                category_standings: Vec::new(),
                id_number_masked: Some("1101**********002X".into()),
                passkeys: Vec::new(),
                has_password: false,
                disabled: false,
            },
            id_number: Some("11010519491231002X".into()),
            mobile: Some("13800138000".into()),
            created_at: Utc::now(),
            audit: Vec::new(),
        };
        let shown = format!("{data:?}");
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(!shown.contains("13800138000"), "{shown}");
        assert!(shown.contains("1101**********002X"), "{shown}");
    }
}
