//! Delivery of recommendation campaigns from the outbox
//! (`campaign_messages`), in the background of every process.
//!
//! A message goes through two channels with one lifecycle (pending, then
//! delivered, failed or dropped, with attempts and the last error):
//! - **inbox**, always: a due message is delivered if the worker still
//!   receives recommendations and the weekly limit and quiet hours allow
//!   ([`delivery_time`]); otherwise it waits for the time they do. The
//!   notification and the message's new state are written in one
//!   transaction, so a restart can neither lose nor repeat it. On
//!   PostgreSQL, processes take due messages with `FOR UPDATE SKIP
//!   LOCKED` and lock the workers concerned, so two never deliver the
//!   same message or count one worker's week apart.
//! - **SMS**, when a gateway is connected and the worker has a mobile
//!   number: put in the outbox when the inbox message is delivered, then
//!   leased to one process for a while, sent with an idempotency key that
//!   stays the same for every attempt, and retried with growing waits
//!   ([`sms_retry_delay`]); none goes in the quiet hours, nor to a worker
//!   who has since withdrawn consent or whose account was disabled. A
//!   process that stops after sending and before recording leaves the
//!   lease to run out; the next attempt carries the same key, and the
//!   gateway does not send twice. An outcome is recorded only by the
//!   holder of the message's latest lease (its attempt number), so a
//!   process whose lease ran out cannot overwrite a later attempt.
//!
//! A round is bounded (at most [`SMS_ROUND`] SMS), and the time it works
//! with moves on with the time it takes, so leases, request timestamps
//! and the quiet hours stay true however long the gateway takes.

use std::{
    collections::{HashMap, HashSet},
    time::Instant,
};

use chrono::{DateTime, Duration, Utc};

use super::{
    database_failure,
    db::campaigns::{self as store, CampaignRow, DueMessage},
    inbox,
    sms_gateway::{SmsFailure, SmsGateway},
    AppState,
};
use crate::{
    domain::{delivery_time, sms_retry_delay, sms_text, OfferKind},
    error::AppError,
};

/// Inbox messages delivered in one transaction.
const INBOX_BATCH: i64 = 1000;
/// SMS leased at a time.
const SMS_BATCH: i64 = 50;
/// Most SMS one round sends; the rest wait for the next round.
pub const SMS_ROUND: i64 = 200;
/// How long a process holds the SMS it leased before another may take
/// them: longer than a batch of requests takes with their timeouts.
const SMS_LEASE_MINUTES: i64 = 10;

/// Why a message was dropped, as the outbox records it.
const CONSENT_WITHDRAWN: &str = "consent_withdrawn";
const PUSHES_OFF: &str = "weekly_limit_zero";
const NO_MOBILE: &str = "no_mobile";

/// What one round of delivery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryRound {
    pub inbox_delivered: u64,
    /// Held back by the weekly limit or the quiet hours, with a new time.
    pub inbox_postponed: u64,
    pub dropped: u64,
    pub sms_sent: u64,
    /// Failed this time, to be tried again later.
    pub sms_retrying: u64,
    pub sms_failed: u64,
}

/// The time of a round: its start as the rules saw it, moved on by the
/// time the round has taken.
struct RoundClock {
    start: DateTime<Utc>,
    started: Instant,
}

impl RoundClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.start + elapsed
    }
}

/// Delivers the messages due at `now`: every inbox message, then up to
/// [`SMS_ROUND`] SMS (those of the inbox messages just delivered among
/// them), none in the quiet hours.
pub async fn deliver_due(state: &AppState, now: DateTime<Utc>) -> Result<DeliveryRound, AppError> {
    let clock = RoundClock {
        start: now,
        started: Instant::now(),
    };
    let mut round = DeliveryRound::default();
    let mut campaigns = CampaignCache::default();
    loop {
        let taken = deliver_inbox_batch(state, &mut campaigns, &mut round, clock.now()).await?;
        if taken < INBOX_BATCH {
            break;
        }
    }
    if let Some(gateway) = state.sms_gateway.as_deref() {
        round.dropped += store::drop_unwanted_sms(&state.db)
            .await
            .map_err(database_failure("dropping SMS no longer wanted"))?;
        let mut sent = 0;
        let quiet = state.recommendations.quiet_hours;
        while sent < SMS_ROUND && quiet.outside(clock.now()) <= clock.now() {
            let taken = send_sms_batch(state, gateway, &mut campaigns, &mut round, &clock).await?;
            sent += taken;
            if taken < SMS_BATCH {
                break;
            }
        }
    }
    Ok(round)
}

/// The campaigns of the messages at hand, read once per round.
#[derive(Default)]
struct CampaignCache(HashMap<i64, CampaignRow>);

impl CampaignCache {
    async fn get(&mut self, state: &AppState, id: i64) -> Result<&CampaignRow, AppError> {
        use std::collections::hash_map::Entry;
        match self.0.entry(id) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(slot) => {
                let row = store::find_campaign(&state.db, id)
                    .await
                    .map_err(database_failure("reading a campaign to deliver"))?
                    .ok_or_else(|| super::internal_absence("the campaign of a message"))?;
                Ok(slot.insert(row))
            }
        }
    }
}

/// Delivers one batch of due inbox messages in one transaction; how many
/// were taken.
async fn deliver_inbox_batch(
    state: &AppState,
    campaigns: &mut CampaignCache,
    round: &mut DeliveryRound,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let failed = || database_failure("delivering recommendations");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let due = store::take_due_inbox(&mut tx, now, INBOX_BATCH)
        .await
        .map_err(failed())?;
    let taken = i64::try_from(due.len()).unwrap_or(i64::MAX);
    let mut workers: Vec<String> = due.iter().map(|m| m.worker_id.clone()).collect();
    workers.sort_unstable();
    workers.dedup();
    store::lock_workers(&mut tx, &workers)
        .await
        .map_err(failed())?;
    let consenting: HashSet<String> = store::list_consenting(&mut tx, &workers)
        .await
        .map_err(failed())?
        .into_iter()
        .collect();
    let mut sent: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
    for row in store::list_recent_deliveries(&mut tx, &workers, now - Duration::days(7))
        .await
        .map_err(failed())?
    {
        sent.entry(row.worker_id)
            .or_default()
            .push(row.delivered_at);
    }
    let weekly_limit = state.recommendations.weekly_limit;
    let quiet = state.recommendations.quiet_hours;
    let with_sms = state.sms_gateway.is_some();
    for message in &due {
        if !consenting.contains(&message.worker_id) {
            store::drop_message(&mut tx, message.id, CONSENT_WITHDRAWN)
                .await
                .map_err(failed())?;
            round.dropped += 1;
            continue;
        }
        let worker_sent = sent.entry(message.worker_id.clone()).or_default();
        match delivery_time(now, worker_sent, weekly_limit, quiet) {
            Some(at) if at <= now => {
                let campaign = campaigns.get(state, message.campaign_id).await?;
                inbox::recommendation(&mut tx, &message.worker_id, campaign, now).await?;
                store::mark_delivered(&mut tx, message.id, now)
                    .await
                    .map_err(failed())?;
                if with_sms {
                    store::enqueue_sms(&mut tx, message.campaign_id, &message.worker_id, now)
                        .await
                        .map_err(failed())?;
                }
                worker_sent.push(now);
                round.inbox_delivered += 1;
            }
            Some(at) => {
                store::postpone(&mut tx, message.id, at)
                    .await
                    .map_err(failed())?;
                round.inbox_postponed += 1;
            }
            None => {
                store::drop_message(&mut tx, message.id, PUSHES_OFF)
                    .await
                    .map_err(failed())?;
                round.dropped += 1;
            }
        }
    }
    tx.commit().await.map_err(failed())?;
    Ok(taken)
}

/// Leases one batch of due SMS and sends each; how many were leased.
async fn send_sms_batch(
    state: &AppState,
    gateway: &SmsGateway,
    campaigns: &mut CampaignCache,
    round: &mut DeliveryRound,
    clock: &RoundClock,
) -> Result<i64, AppError> {
    let failed = || database_failure("leasing SMS to send");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let now = clock.now();
    let leased_until = now + Duration::minutes(SMS_LEASE_MINUTES);
    let leased = store::lease_due_sms(&mut tx, now, leased_until, SMS_BATCH)
        .await
        .map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    for message in &leased {
        let campaign = campaigns.get(state, message.campaign_id).await?;
        send_one_sms(state, gateway, campaign, message, round, clock.now()).await?;
    }
    Ok(i64::try_from(leased.len()).unwrap_or(i64::MAX))
}

/// The idempotency key of a message: the same for every attempt, and
/// different between deployments (their public origins) that share a
/// gateway account, so a test system's message 9 is never taken for
/// production's.
pub fn idempotency_key(public_origin: &str, message_id: i64) -> String {
    use sha2::{Digest, Sha256};
    let deployment = hex::encode(&Sha256::digest(public_origin.as_bytes())[..6]);
    format!("skillpass-{deployment}-campaign-message-{message_id}")
}

async fn send_one_sms(
    state: &AppState,
    gateway: &SmsGateway,
    campaign: &CampaignRow,
    message: &DueMessage,
    round: &mut DeliveryRound,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("recording an SMS");
    let mobile = store::find_mobile(&state.db, &message.worker_id)
        .await
        .map_err(failed())?;
    let Some(mobile) = mobile.filter(|m| !m.trim().is_empty()) else {
        let mut tx = state.db.begin().await.map_err(failed())?;
        store::drop_message(&mut tx, message.id, NO_MOBILE)
            .await
            .map_err(failed())?;
        tx.commit().await.map_err(failed())?;
        round.dropped += 1;
        return Ok(());
    };
    let path = OfferKind::parse(&campaign.offer_kind)
        .map(|kind| kind.path(campaign.offer_id))
        .unwrap_or_default();
    let origin = &state.security.public_origin;
    let text = sms_text(&campaign.message_zh, &format!("{origin}{path}"));
    let key = idempotency_key(origin, message.id);
    let outcome = gateway.send(&key, &mobile, &text, now.timestamp()).await;
    let recorded = match outcome {
        Ok(()) => {
            let recorded = store::record_sms_sent(&state.db, message.id, message.attempts, now)
                .await
                .map_err(failed())?;
            round.sms_sent += u64::from(recorded);
            recorded
        }
        Err(failure) => {
            let attempt = u32::try_from(message.attempts).unwrap_or(u32::MAX);
            let retry_at = match &failure {
                SmsFailure::Temporary(_) => {
                    let quiet = state.recommendations.quiet_hours;
                    sms_retry_delay(attempt).map(|wait| quiet.outside(now + wait))
                }
                SmsFailure::Refused(_) => None,
            };
            tracing::warn!(message = message.id, %failure, "sending an SMS");
            let recorded = store::record_sms_failure(
                &state.db,
                message.id,
                message.attempts,
                &failure.to_string(),
                retry_at,
            )
            .await
            .map_err(failed())?;
            match (recorded, retry_at) {
                (false, _) => {}
                (true, Some(_)) => round.sms_retrying += 1,
                (true, None) => round.sms_failed += 1,
            }
            recorded
        }
    };
    if !recorded {
        tracing::warn!(
            message = message.id,
            "an SMS outcome came after its lease ran out; a later attempt decides"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idempotency_key_names_the_message_and_differs_between_deployments() {
        let production = idempotency_key("https://skillpass.fujian.example", 9);
        assert_eq!(
            production,
            idempotency_key("https://skillpass.fujian.example", 9)
        );
        assert_ne!(
            production,
            idempotency_key("https://skillpass.fujian.example", 10)
        );
        assert_ne!(
            production,
            idempotency_key("https://staging.fujian.example", 9)
        );
        assert!(production.ends_with("-campaign-message-9"), "{production}");
    }
}
