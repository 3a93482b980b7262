//! The in-app inbox: a message each time a person's subsidy claim changes
//! state, when their account was recovered, and when a device key was set
//! up for it. Messages are stored as facts and written out in the reader's
//! language when read.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{
    access::Actor,
    database_failure,
    db::{
        campaigns::CampaignRow,
        identity::CodeIssuerRow,
        subsidies::{self as store, ClaimRef},
        Tx,
    },
    AppState,
};

use crate::views::{Inbox, Notification};
use crate::{
    domain::{china_time, CertificateLevel, City, ClaimStatus, OfferKind, Role},
    error::{AppError, Missing},
    i18n::{unmet_checks_text, Lang},
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

/// The kind of message saying the account was recovered.
const ACCOUNT_RECOVERED: &str = "account_recovered";

/// Tells a worker their account was recovered with a new `method`
/// (passkey or password), and by which bureau: its role, city and
/// organisation, never the staff member's name.
pub(crate) async fn account_recovered(
    tx: &mut Tx,
    user_id: &str,
    issuer: Option<&CodeIssuerRow>,
    method: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = json!({
        "method": method,
        "issuer_role": issuer.map(|i| i.role.code()),
        "issuer_city": issuer.and_then(|i| i.city_code.map(City::code)),
        "issuer_organisation": issuer.and_then(|i| i.organisation.as_deref()),
    });
    store::insert_notification(
        tx,
        user_id,
        ACCOUNT_RECOVERED,
        &format!("user:{user_id}"),
        &details.to_string(),
        now,
    )
    .await
    .map_err(database_failure("putting a message in the inbox"))
}

/// The kind of message saying a device key was set up for the account.
const DEVICE_KEY_REGISTERED: &str = "device_key_registered";

/// Tells a worker a device key was set up for their account, so that one
/// set up by someone who knew their password does not go unseen.
pub(crate) async fn device_key_registered(
    tx: &mut Tx,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::insert_notification(
        tx,
        user_id,
        DEVICE_KEY_REGISTERED,
        &format!("user:{user_id}"),
        "{}",
        now,
    )
    .await
    .map_err(database_failure("putting a message in the inbox"))
}

/// The kind of message recommending an offer to the worker.
const RECOMMENDATION: &str = "recommendation";

/// Puts a bureau's recommendation in the worker's inbox: the offer, and
/// the message in Chinese and (when given) English.
pub(crate) async fn recommendation(
    tx: &mut Tx,
    worker_id: &str,
    campaign: &CampaignRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = json!({
        "campaign_id": campaign.id,
        "offer_kind": campaign.offer_kind,
        "offer_id": campaign.offer_id,
        "occupation_name": campaign.occupation_name,
        "certificate_level": campaign.certificate_level,
        "message_zh": campaign.message_zh,
        "message_en": campaign.message_en,
    });
    store::insert_notification(
        tx,
        worker_id,
        RECOMMENDATION,
        &format!("campaign:{}", campaign.id),
        &details.to_string(),
        now,
    )
    .await
    .map_err(database_failure("putting a recommendation in the inbox"))
}

fn recommendation_written(row: store::NotificationRow, lang: Lang) -> Notification {
    let details: serde_json::Value = serde_json::from_str(&row.details).unwrap_or_default();
    let text = |key: &str| details[key].as_str().unwrap_or_default().to_owned();
    let level = CertificateLevel::parse(&text("certificate_level"))
        .map(|level| level.label(lang))
        .unwrap_or_default();
    let english = text("message_en");
    let body = match lang {
        Lang::En if !english.is_empty() => english,
        _ => text("message_zh"),
    };
    let link = OfferKind::parse(&text("offer_kind"))
        .ok()
        .zip(details["offer_id"].as_i64())
        .map_or_else(|| "/".to_owned(), |(kind, id)| kind.path(id));
    Notification {
        id: row.id,
        at: row.at,
        title: (lang.inbox_texts().recommendation_title)(&text("occupation_name"), level),
        body,
        link,
        read: row.read_at.is_some(),
    }
}

fn device_key_written(row: store::NotificationRow, lang: Lang) -> Notification {
    let at = row.at.with_timezone(&china_time()).format("%Y-%m-%d %H:%M");
    let texts = lang.inbox_texts();
    Notification {
        id: row.id,
        at: row.at,
        title: texts.device_key_title.to_owned(),
        body: (texts.device_key_body)(&at.to_string()),
        link: "/account".to_owned(),
        read: row.read_at.is_some(),
    }
}

/// The office that issued a recovery code, as the worker is told it.
fn issuer_name(details: &serde_json::Value, lang: Lang) -> String {
    if let Some(organisation) = details["issuer_organisation"].as_str() {
        return organisation.to_owned();
    }
    let city = details["issuer_city"]
        .as_str()
        .and_then(|code| City::parse(code).ok());
    let role = details["issuer_role"]
        .as_str()
        .and_then(|code| Role::parse(code).ok())
        .unwrap_or(Role::Bureau);
    match city {
        Some(city) => (lang.inbox_texts().office)(city.label(lang), role.label(lang)),
        None => role.label(lang).to_owned(),
    }
}

fn recovery_written(row: store::NotificationRow, lang: Lang) -> Notification {
    let details: serde_json::Value = serde_json::from_str(&row.details).unwrap_or_default();
    let issuer = issuer_name(&details, lang);
    let at = row.at.with_timezone(&china_time()).format("%Y-%m-%d %H:%M");
    let password = details["method"].as_str() == Some("password");
    let texts = lang.inbox_texts();
    let title = texts.recovered_title.to_owned();
    let body = (texts.recovered_body)(&at.to_string(), &issuer, password);
    Notification {
        id: row.id,
        at: row.at,
        title,
        body,
        link: "/account".to_owned(),
        read: row.read_at.is_some(),
    }
}

fn written(row: store::NotificationRow, lang: Lang) -> Notification {
    match row.kind.as_str() {
        ACCOUNT_RECOVERED => return recovery_written(row, lang),
        DEVICE_KEY_REGISTERED => return device_key_written(row, lang),
        RECOMMENDATION => return recommendation_written(row, lang),
        _ => {}
    }
    let details: serde_json::Value = serde_json::from_str(&row.details).unwrap_or_default();
    let occupation = details["occupation_name"].as_str().unwrap_or_default();
    let stored = details["reason"].as_str().unwrap_or_default();
    let reason = if details["automatic"].as_bool().unwrap_or(false) {
        unmet_checks_text(stored, lang)
    } else {
        stored.to_owned()
    };
    let status = details["status"]
        .as_str()
        .and_then(|code| ClaimStatus::parse(code).ok());
    let label = status.map(|s| s.label(lang)).unwrap_or_default();
    let title = (lang.inbox_texts().claim_title)(occupation, label);
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
