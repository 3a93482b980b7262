//! A worker's separate consents (个人信息保护法): giving one with the
//! version of the wording read, and withdrawing it, each recorded in the
//! audit trail on the worker (`consent.give` with the wording,
//! `consent.withdraw` with the purpose). Face checks and pushed
//! recommendations both go through here.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{consents as store, Database, Tx},
};
use crate::error::AppError;

/// When the worker's consent to `purpose` in force was given, if one is.
pub(crate) async fn given_at(
    db: &Database,
    user_id: &str,
    purpose: &str,
) -> Result<Option<DateTime<Utc>>, AppError> {
    store::find_consent(db, user_id, purpose)
        .await
        .map_err(database_failure("reading a consent"))
}

/// Records the worker's consent to `purpose` under `wording`.
pub(crate) async fn give(
    tx: &mut Tx,
    actor: &Actor,
    purpose: &str,
    wording: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::insert_consent(tx, &actor.user_id, purpose, wording, now)
        .await
        .map_err(database_failure("recording a consent"))?;
    record(tx, actor, "consent.give", wording, now).await
}

/// Withdraws the worker's consent to `purpose`; `false` (and nothing
/// recorded) when none was in force.
pub(crate) async fn withdraw(
    tx: &mut Tx,
    actor: &Actor,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let withdrawn = store::withdraw_consents(tx, &actor.user_id, purpose, now)
        .await
        .map_err(database_failure("withdrawing a consent"))?;
    if withdrawn > 0 {
        record(tx, actor, "consent.withdraw", purpose, now).await?;
    }
    Ok(withdrawn > 0)
}

async fn record(
    tx: &mut Tx,
    actor: &Actor,
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
    audit::record_in(tx, &entry, now).await
}
