//! One step of a claim's life written in the caller's transaction: the
//! event, the audit entry and the worker's inbox message.

use chrono::{DateTime, Utc};

use crate::server::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        subsidies::{self as store, ClaimRef, NewClaimEvent},
        Tx,
    },
    inbox,
};
use crate::{
    domain::{City, ClaimStatus, Fen},
    error::AppError,
};

/// One transition about to be written: the event, the audit entry and
/// the worker's inbox message, all in the caller's transaction.
pub(super) struct Transition<'a> {
    pub(super) claim: ClaimRef<'a>,
    pub(super) actor: Option<&'a Actor>,
    pub(super) from: Option<ClaimStatus>,
    pub(super) to: ClaimStatus,
    pub(super) reason: &'a str,
    pub(super) amount: Option<Fen>,
}

pub(super) async fn write_transition(
    tx: &mut Tx,
    t: &Transition<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("recording a claim's transition");
    store::insert_claim_event(
        tx,
        &NewClaimEvent {
            claim_id: t.claim.id,
            actor_id: t.actor.map(|a| a.user_id.as_str()),
            from_status: t.from.map(ClaimStatus::code),
            to_status: t.to.code(),
            reason: t.reason,
            amount_fen: t.amount.map(Fen::fen),
        },
        now,
    )
    .await
    .map_err(failed())?;
    let target = format!("claim:{}", t.claim.id);
    let action = format!("subsidy.{}", t.to.code());
    let entry = Entry {
        actor: t.actor,
        action: &action,
        target: &target,
        outcome: outcome::DONE,
        reason: t.reason,
        city: City::parse(t.claim.city_code).ok(),
    };
    audit::record_in(tx, &entry, now).await?;
    inbox::claim_changed(tx, t.claim, t.to, t.reason, t.actor.is_none(), now).await
}
