//! Bureau or province staff managing staff accounts: disabling or
//! enabling one (which ends its sessions) and changing its role, each
//! recorded with who, when and why.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    accounts::{self, account_view, user_city, user_in},
    audit::{self, outcome, Entry},
    credentials, database_failure,
    db::{
        identity::{self as store, UserRow},
        Tx,
    },
    AppState,
};
use crate::{
    domain::{AccountView, Field, InputError, Reason, Role, RoleChange},
    error::{AppError, Missing},
};

/// The staff account `account_id` if the actor may manage it: unknown ids
/// and workers are 404, anything else outside the actor's scope (or the
/// actor's own account) is 403 and recorded.
async fn managed_staff(
    state: &AppState,
    actor: &Actor,
    account_id: &str,
    what: &str,
    now: DateTime<Utc>,
) -> Result<UserRow, AppError> {
    let user = credentials::find_account(&state.db, account_id).await?;
    let role = user.role;
    if role == Role::Worker {
        return Err(AppError::NotFound(Missing::Account));
    }
    if !actor.may_manage_staff(&user.id, role, user_city(&user)) {
        let target = format!("{what} user:{}", user.id);
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    Ok(user)
}

/// Disables (`disabled`) or enables a staff account. Disabling ends its
/// sessions at once; the account then cannot sign in by any method.
pub async fn set_staff_disabled(
    state: &AppState,
    actor: &Actor,
    account_id: &str,
    disabled: bool,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<AccountView, AppError> {
    let (what, action) = if disabled {
        ("disable", "account.disable")
    } else {
        ("enable", "account.enable")
    };
    let user = managed_staff(state, actor, account_id, what, now).await?;
    let failed = || database_failure("disabling or enabling an account");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::update_user_disabled(&mut tx, &user.id, disabled.then_some(now))
        .await
        .map_err(failed())?;
    let ended = if disabled {
        store::revoke_all_sessions(&mut tx, &user.id, now)
            .await
            .map_err(failed())?
    } else {
        0
    };
    let reason = format!("{}; {ended} sessions ended", reason.as_str());
    record_on(&mut tx, actor, &user, action, &reason, now).await?;
    let user = user_in(&mut tx, &user.id).await?;
    tx.commit().await.map_err(failed())?;
    account_view(state, &user).await
}

/// Gives a staff account another role, by the rules of creating one: the
/// actor must be allowed to create the new role in the account's city,
/// and an institution role names a published institution of that city.
/// The account keeps its city; its sessions see the new role at once.
pub async fn change_staff_role(
    state: &AppState,
    actor: &Actor,
    account_id: &str,
    change: &RoleChange,
    now: DateTime<Utc>,
) -> Result<AccountView, AppError> {
    let user = managed_staff(state, actor, account_id, "change role of", now).await?;
    let city = user_city(&user);
    if !actor.may_create_staff(change.role, city) {
        let target = format!("role {} for user:{}", change.role.code(), user.id);
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    if (change.role == Role::Province) != city.is_none() {
        return Err(AppError::Invalid(InputError::UnknownCode {
            field: Field::Role,
            value: change.role.code().to_owned(),
        }));
    }
    if let Some(institution_id) = change.institution_id {
        accounts::require_institution_in_city(state, institution_id, city).await?;
    }
    let failed = || database_failure("changing a role");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::update_user_role(&mut tx, &user.id, change.role.code(), change.institution_id)
        .await
        .map_err(failed())?;
    let institution = change
        .institution_id
        .map(|id| format!(" (institution {id})"))
        .unwrap_or_default();
    let reason = format!(
        "role {} -> {}{institution}; {}",
        user.role,
        change.role.code(),
        change.reason.as_str()
    );
    record_on(&mut tx, actor, &user, "account.role", &reason, now).await?;
    let user = user_in(&mut tx, &user.id).await?;
    tx.commit().await.map_err(failed())?;
    account_view(state, &user).await
}

async fn record_on(
    tx: &mut Tx,
    actor: &Actor,
    user: &UserRow,
    action: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = format!("user:{}", user.id);
    let entry = Entry {
        actor: Some(actor),
        action,
        target: &target,
        outcome: outcome::DONE,
        reason,
        city: user_city(user).or(actor.city),
    };
    audit::record_in(tx, &entry, now).await
}
