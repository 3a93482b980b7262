//! The in-app inbox: a message each time a person's subsidy claim changes
//! state. Messages are stored as facts and written out in the reader's
//! language when read.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::{
    access::Actor,
    database_failure,
    db::{subsidies as store, Tx},
    subsidies::ClaimRef,
    AppState,
};
use crate::{
    domain::ClaimStatus,
    error::{AppError, Missing},
    i18n::Lang,
};

/// The kind of message about a claim's new state.
const CLAIM_STATUS: &str = "claim_status";

/// Tells the worker their claim is now in `status`.
pub(crate) async fn claim_changed(
    tx: &mut Tx,
    claim: ClaimRef<'_>,
    status: ClaimStatus,
    reason: &str,
    automatic: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = json!({
        "claim_id": claim.id,
        "status": status,
        "occupation_name": claim.occupation_name,
        "reason": reason,
        "automatic": automatic,
    });
    store::insert_notification(
        tx,
        claim.worker_id,
        CLAIM_STATUS,
        &format!("claim:{}", claim.id),
        &details.to_string(),
        now,
    )
    .await
    .map_err(database_failure("putting a message in the inbox"))
}

/// A message as the inbox shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Notification {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub title: String,
    pub body: String,
    /// Where the message leads (the subsidy page).
    pub link: String,
    pub read: bool,
}

/// The inbox with how many messages are unread.
#[derive(Clone, Debug, Serialize)]
pub struct Inbox {
    pub unread: i64,
    pub messages: Vec<Notification>,
}

fn written(row: store::NotificationRow, lang: Lang) -> Notification {
    let details: serde_json::Value = serde_json::from_str(&row.details).unwrap_or_default();
    let occupation = details["occupation_name"].as_str().unwrap_or_default();
    let stored = details["reason"].as_str().unwrap_or_default();
    let reason = if details["automatic"].as_bool().unwrap_or(false) {
        super::subsidies::unmet_text(stored, lang)
    } else {
        stored.to_owned()
    };
    let status = details["status"]
        .as_str()
        .and_then(|code| ClaimStatus::parse(code).ok());
    let label = status.map(|s| s.label(lang)).unwrap_or_default();
    let title = match lang {
        Lang::Zh => format!("补贴申请（{occupation}）：{label}"),
        Lang::En => format!("Subsidy claim ({occupation}): {label}"),
    };
    Notification {
        id: row.id,
        at: row.at,
        title,
        body: reason,
        link: "/my/subsidies".to_owned(),
        read: row.read_at.is_some(),
    }
}

/// The caller's newest messages.
pub async fn inbox(state: &AppState, actor: &Actor, lang: Lang) -> Result<Inbox, AppError> {
    let failed = || database_failure("reading the inbox");
    let rows = store::list_notifications(&state.db, &actor.user_id)
        .await
        .map_err(failed())?;
    let unread = store::count_unread(&state.db, &actor.user_id)
        .await
        .map_err(failed())?;
    Ok(Inbox {
        unread,
        messages: rows.into_iter().map(|row| written(row, lang)).collect(),
    })
}

/// Marks one of the caller's messages read, or all of them (`None`).
pub async fn mark_read(
    state: &AppState,
    actor: &Actor,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let failed = || database_failure("marking messages read");
    if let Some(id) = id {
        if !store::notification_exists(&state.db, &actor.user_id, id)
            .await
            .map_err(failed())?
        {
            return Err(AppError::NotFound(Missing::Notification));
        }
    }
    store::mark_notifications_read(&state.db, &actor.user_id, id, now)
        .await
        .map_err(failed())
}
