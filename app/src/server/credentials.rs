//! Credentials after sign-in: what a recovery ends and suspends, the
//! owner's review of suspended passkeys, removing a passkey, and the
//! password asked again before a password session adds a passkey.
//!
//! The attack these rules close: someone who can get a recovery code for
//! a worker plants their own passkey on the account and confirms
//! check-ins with it. Only the worker's bureau issues codes; a recovery
//! ends the other sessions and suspends the old passkeys until the worker
//! decides which to keep, and the worker is told in the inbox.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        device_keys::delete_device_key,
        identity::{self as store, PasskeyRow, UserRow},
        Database, Tx,
    },
    inbox, passwords,
    throttle::{self, Subject},
    AppState,
};
use crate::{
    domain::{City, PasskeyView, Password},
    error::{AppError, Conflict, Missing, Refusal},
};

/// A passkey as its owner sees it.
pub(super) fn passkey_view(row: PasskeyRow) -> PasskeyView {
    PasskeyView {
        short_id: row.credential_id.chars().take(8).collect(),
        id: row.credential_id,
        label: row.label,
        created_at: row.created_at.format("%Y-%m-%d %H:%M").to_string(),
        last_used_at: row
            .last_used_at
            .map(|at| at.format("%Y-%m-%d %H:%M").to_string()),
    }
}

/// The passkeys of an account: those that sign in, and those a recovery
/// suspended (for the owner to review).
pub(super) async fn passkeys_by_state(
    db: &Database,
    user_id: &str,
) -> Result<(Vec<PasskeyView>, Vec<PasskeyView>), AppError> {
    let rows = store::list_passkeys(db, user_id)
        .await
        .map_err(database_failure("listing passkeys"))?;
    let (suspended, active): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|row| row.suspended_at.is_some());
    Ok((
        active.into_iter().map(passkey_view).collect(),
        suspended.into_iter().map(passkey_view).collect(),
    ))
}

/// What a recovery does besides adding the new credential: ends every
/// session of the account, suspends its passkeys, removes its device key
/// (it lives on the old phone) and tells the worker in the inbox who
/// issued the code. Runs in the recovery's transaction,
/// before the new passkey and session exist; returns the audit reason.
pub(super) async fn recover(
    tx: &mut Tx,
    user_id: &str,
    code_hash: &str,
    method: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let failed = || database_failure("recovering an account");
    let issuer = store::find_code_issuer(tx, user_id, code_hash)
        .await
        .map_err(failed())?;
    let suspended = store::suspend_passkeys(tx, user_id, now)
        .await
        .map_err(failed())?;
    let ended = store::revoke_all_sessions(tx, user_id, now)
        .await
        .map_err(failed())?;
    let device_key = delete_device_key(tx, user_id).await.map_err(failed())?;
    inbox::account_recovered(tx, user_id, issuer.as_ref(), method, now).await?;
    let device_key = if device_key {
        "; device key removed"
    } else {
        ""
    };
    Ok(format!(
        "{method}; {suspended} passkeys suspended, {ended} sessions ended{device_key}"
    ))
}

/// The answer to a sign-in of a disabled account: the same as a failed
/// one, while the audit record says why.
pub(super) async fn refuse_disabled(db: &Database, user: &UserRow, now: DateTime<Utc>) -> AppError {
    let target = format!("user:{}", user.id);
    let city = user
        .city_code
        .as_deref()
        .and_then(|code| City::parse(code).ok());
    let entry = Entry {
        actor: None,
        action: "session.sign_in",
        target: &target,
        outcome: outcome::FAILED,
        reason: "account disabled",
        city,
    };
    match audit::record(db, &entry, now).await {
        Ok(()) => AppError::Refused(Refusal::SignInFailed),
        Err(error) => error,
    }
}

/// Asks a session that signed in with a password for the password again
/// (before it adds a passkey): missing is 401 `reauthentication_required`,
/// wrong is 401 `sign_in_failed` and counts as a failed sign-in. A
/// passkey session needs nothing more.
pub async fn reauthenticate(
    state: &AppState,
    actor: &Actor,
    address: IpAddr,
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if actor.assurance == crate::domain::Assurance::Passkey {
        return Ok(());
    }
    let Some(password) = password.filter(|p| !p.is_empty()) else {
        return Err(AppError::Refused(Refusal::ReauthenticationRequired));
    };
    let limits = &state.limits;
    let subjects = vec![
        Subject::address(limits, address),
        Subject::account_from(limits, &actor.user_id, address),
        Subject::account(limits, &actor.user_id),
    ];
    let reservation = throttle::reserve(&state.db, subjects, now).await?;
    let user = find_account(&state.db, &actor.user_id).await?;
    let matches = match Password::parse(password) {
        Ok(password) => {
            passwords::verify(
                &state.password_hashing,
                &password,
                user.password_hash.as_deref(),
            )
            .await?
        }
        Err(_) => false,
    };
    if matches {
        return throttle::succeeded(&state.db, reservation).await;
    }
    audit::record_failed_sign_in(
        &state.db,
        Some(&actor.user_id),
        address,
        "password (re-authentication)",
        now,
    )
    .await?;
    Err(AppError::Refused(Refusal::SignInFailed))
}

/// Removes one of the caller's passkeys (`credential_id` in full). The
/// last way to sign in (last passkey, no password) is kept: 409. Ends
/// nothing else; recorded in the audit trail.
pub async fn remove_passkey(
    state: &AppState,
    actor: &Actor,
    address: IpAddr,
    credential_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("removing a passkey");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::delete_passkey(&mut tx, &actor.user_id, credential_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::NotFound(Missing::Passkey));
    }
    let left = store::count_sign_in_methods(&mut tx, &actor.user_id)
        .await
        .map_err(failed())?;
    if left == 0 {
        return Err(AppError::Conflict(Conflict::LastSignInMethod));
    }
    let short: String = credential_id.chars().take(8).collect();
    let reason = format!("passkey {short} removed by its owner");
    record_own(&mut tx, actor, address, "passkey.remove", &reason, now).await?;
    tx.commit().await.map_err(failed())
}

/// The owner's decision after a recovery: the suspended passkeys named in
/// `keep` sign in again, every other suspended one is removed.
pub async fn review_passkeys(
    state: &AppState,
    actor: &Actor,
    address: IpAddr,
    keep: &[String],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("reviewing passkeys");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let mut kept = 0;
    for id in keep {
        if store::resume_passkey(&mut tx, &actor.user_id, id)
            .await
            .map_err(failed())?
        {
            kept += 1;
        }
    }
    let removed = store::delete_suspended_passkeys(&mut tx, &actor.user_id)
        .await
        .map_err(failed())?;
    let reason = format!("after recovery: {kept} passkeys kept, {removed} removed");
    record_own(&mut tx, actor, address, "passkey.review", &reason, now).await?;
    tx.commit().await.map_err(failed())
}

async fn record_own(
    tx: &mut Tx,
    actor: &Actor,
    address: IpAddr,
    action: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = format!("user:{}", actor.user_id);
    let entry = Entry {
        actor: Some(actor),
        action,
        target: &target,
        outcome: outcome::DONE,
        reason,
        city: actor.city,
    };
    audit::record_in_from(tx, &entry, Some(address), now).await
}

/// The account `user_id`, or 404.
pub(super) async fn find_account(db: &Database, user_id: &str) -> Result<UserRow, AppError> {
    store::find_user(db, user_id)
        .await
        .map_err(database_failure("reading an account"))?
        .ok_or(AppError::NotFound(Missing::Account))
}
