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
//!   ([`sms_retry_delay`], never in the quiet hours). A process that
//!   stops after sending and before recording leaves the lease to run
//!   out; the next attempt carries the same key, and the gateway does not
//!   send twice.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::{
    database_failure,
    db::campaigns::{self as store, CampaignRow, DueMessage},
    inbox,
    sms_gateway::{SmsFailure, SmsGateway},
    AppState,
};
use crate::{
    domain::{delivery_time, outside_quiet_hours, sms_retry_delay, sms_text, OfferKind},
    error::AppError,
};

/// Inbox messages delivered in one transaction.
const INBOX_BATCH: i64 = 1000;
/// SMS leased at a time.
const SMS_BATCH: i64 = 50;
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

/// Delivers every message due at `now`: the inbox's first, then the SMS
/// (those of the inbox messages just delivered among them).
pub async fn deliver_due(state: &AppState, now: DateTime<Utc>) -> Result<DeliveryRound, AppError> {
    let mut round = DeliveryRound::default();
    let mut campaigns = CampaignCache::default();
    loop {
        let taken = deliver_inbox_batch(state, &mut campaigns, &mut round, now).await?;
        if taken < INBOX_BATCH {
            break;
        }
    }
    if let Some(gateway) = state.sms_gateway.as_deref() {
        loop {
            let taken = send_sms_batch(state, gateway, &mut campaigns, &mut round, now).await?;
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
        match delivery_time(now, worker_sent, weekly_limit) {
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
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let failed = || database_failure("leasing SMS to send");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let leased_until = now + Duration::minutes(SMS_LEASE_MINUTES);
    let leased = store::lease_due_sms(&mut tx, now, leased_until, SMS_BATCH)
        .await
        .map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    for message in &leased {
        let campaign = campaigns.get(state, message.campaign_id).await?;
        send_one_sms(state, gateway, campaign, message, round, now).await?;
    }
    Ok(i64::try_from(leased.len()).unwrap_or(i64::MAX))
}

/// The idempotency key of a message: the same for every attempt.
pub fn idempotency_key(message_id: i64) -> String {
    format!("skillpass-campaign-message-{message_id}")
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
    let link = format!("{}{path}", state.security.public_origin);
    let text = sms_text(&campaign.message_zh, &link);
    let attempt = u32::try_from(message.attempts).unwrap_or(u32::MAX);
    let outcome = gateway
        .send(
            &idempotency_key(message.id),
            &mobile,
            &text,
            now.timestamp(),
        )
        .await;
    match outcome {
        Ok(()) => {
            store::record_sms_sent(&state.db, message.id, now)
                .await
                .map_err(failed())?;
            round.sms_sent += 1;
        }
        Err(failure) => {
            let retry_at = match &failure {
                SmsFailure::Temporary(_) => {
                    sms_retry_delay(attempt).map(|wait| outside_quiet_hours(now + wait))
                }
                SmsFailure::Refused(_) => None,
            };
            tracing::warn!(message = message.id, %failure, "sending an SMS");
            store::record_sms_failure(&state.db, message.id, &failure.to_string(), retry_at)
                .await
                .map_err(failed())?;
            if retry_at.is_some() {
                round.sms_retrying += 1;
            } else {
                round.sms_failed += 1;
            }
        }
    }
    Ok(())
}
