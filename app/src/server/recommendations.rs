//! Recommendations pushed to workers (项目找人、人策匹配): the worker's
//! consent to receive them, given at registration with the sentence the
//! registration page shows, withdrawn or given again in one tap on the
//! account page (个人信息保护法), each change in `consents` and the audit
//! trail; and the policy of their delivery. When a message may reach a
//! worker is [`delivery_time`](crate::domain::delivery_time); bureaus send
//! them as [`campaigns`](super::campaigns), delivered from the
//! [`outbox`](super::outbox).

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    consents, database_failure,
    db::{consents as store, Database, Tx},
    AppState,
};
use crate::{
    domain::{QuietHours, Role},
    error::{AppError, Refusal},
    views::RecommendationConsent,
};

/// How pushed recommendations are delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecommendationPolicy {
    /// Pushed messages a worker gets in any seven days
    /// (`SKILLPASS_RECOMMENDATIONS_WEEKLY_LIMIT`, 3 by default; 0 turns
    /// pushing off).
    pub weekly_limit: u32,
    /// How often this process delivers due messages, in seconds
    /// (`SKILLPASS_DELIVERY_EVERY_SECONDS`, 5 by default; 0: this process
    /// delivers nothing and leaves it to others).
    pub delivery_every_seconds: u64,
    /// When no pushed message goes (`SKILLPASS_RECOMMENDATIONS_QUIET_HOURS`,
    /// `21-8` by default).
    pub quiet_hours: QuietHours,
}

impl Default for RecommendationPolicy {
    fn default() -> Self {
        RecommendationPolicy {
            weekly_limit: crate::domain::DEFAULT_WEEKLY_LIMIT,
            delivery_every_seconds: 5,
            quiet_hours: QuietHours::DEFAULT,
        }
    }
}

/// The consent to pushed recommendations, as the consents table names it.
pub const CONSENT_PURPOSE: &str = "recommendations";
/// The version of the sentence the worker reads at registration and on
/// the account page (`AccountTexts::recommendations_sentence`).
pub const CONSENT_WORDING: &str = "recommendations/2026-12";

/// Whether worker `user_id` receives recommendations.
pub async fn consent_of(db: &Database, user_id: &str) -> Result<RecommendationConsent, AppError> {
    let since = consents::given_at(db, user_id, CONSENT_PURPOSE).await?;
    Ok(RecommendationConsent {
        receive: since.is_some(),
        since,
    })
}

/// A new worker receives recommendations unless they turn them off: the
/// registration page says so in one sentence.
pub(crate) async fn give_at_registration(
    tx: &mut Tx,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::insert_consent(tx, user_id, CONSENT_PURPOSE, CONSENT_WORDING, now)
        .await
        .map_err(database_failure("recording a consent"))
}

/// The worker turns recommendations on or off. Turning them on when on,
/// or off when off, changes nothing and records nothing.
pub async fn set_consent(
    state: &AppState,
    actor: &Actor,
    receive: bool,
    now: DateTime<Utc>,
) -> Result<RecommendationConsent, AppError> {
    if actor.role != Role::Worker {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    let current = consent_of(&state.db, &actor.user_id).await?;
    if current.receive == receive {
        return Ok(current);
    }
    let failed = || database_failure("changing a consent");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if receive {
        consents::give(&mut tx, actor, CONSENT_PURPOSE, CONSENT_WORDING, now).await?;
    } else {
        consents::withdraw(&mut tx, actor, CONSENT_PURPOSE, now).await?;
    }
    tx.commit().await.map_err(failed())?;
    consent_of(&state.db, &actor.user_id).await
}
