//! Online learning platforms the bureau approves, each with the API key
//! it reports study with.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::server::{
    access::Actor,
    audit::{self, outcome, Entry},
    crypto::random_token,
    database_failure,
    db::attendance::{self as store, PlatformRow},
    internal_absence, AppState,
};
use crate::{
    domain::{City, Reason},
    error::{AppError, Conflict, Missing, Refusal},
};

/// An approved platform, with its key only when just created.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PlatformView {
    pub id: i64,
    pub name: String,
    pub city: City,
    pub created_at: DateTime<Utc>,
    /// When the bureau revoked the key (`null` while it works), and why.
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

fn platform_view(row: PlatformRow, api_key: Option<String>) -> Result<PlatformView, AppError> {
    Ok(PlatformView {
        id: row.id,
        name: row.name,
        city: row.city_code,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
        revoke_reason: row.revoke_reason,
        api_key,
    })
}

/// A bureau approves an online-training platform of its city and gets its
/// API key, shown this once.
pub async fn approve_platform(
    state: &AppState,
    actor: &Actor,
    name: &str,
    now: DateTime<Utc>,
) -> Result<PlatformView, AppError> {
    let city = match actor.city.filter(|city| actor.may_supervise_city(*city)) {
        Some(city) => city,
        None => return Err(audit::refuse(&state.db, actor, "online-platforms", now).await),
    };
    let name = crate::domain::InstitutionName::parse(name)?;
    let api_key = format!("spk_{}", random_token());
    let failed = || database_failure("approving an online platform");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = store::insert_platform(
        &mut tx,
        name.as_str(),
        city.code(),
        &state.security.keys.token_hash(&api_key),
        &actor.user_id,
        now,
    )
    .await
    .map_err(failed())?;
    let target = format!("online-platform:{id}");
    let entry = Entry {
        actor: Some(actor),
        action: "platform.approve",
        target: &target,
        outcome: outcome::DONE,
        reason: name.as_str(),
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(PlatformView {
        id,
        name: name.as_str().to_owned(),
        city,
        created_at: now,
        revoked_at: None,
        revoke_reason: None,
        api_key: Some(api_key),
    })
}

/// The bureau of the platform's city revokes its key, giving the reason;
/// from then on the key is refused like an unknown one.
pub async fn revoke_platform(
    state: &AppState,
    actor: &Actor,
    platform_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<PlatformView, AppError> {
    let target = format!("online-platform:{platform_id}");
    let failed = || database_failure("revoking an online platform");
    let platform = store::find_platform(&state.db, platform_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Platform))?;
    let city = platform.city_code;
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let reason = Reason::parse(reason)?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::revoke_platform(&mut tx, platform_id, &actor.user_id, reason.as_str(), now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyRevoked));
    }
    let entry = Entry {
        actor: Some(actor),
        action: "platform.revoke",
        target: &target,
        outcome: outcome::DONE,
        reason: reason.as_str(),
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    let row = store::find_platform(&state.db, platform_id)
        .await
        .map_err(failed())?
        .ok_or_else(|| internal_absence("the platform just written"))?;
    platform_view(row, None)
}

/// Platforms of the bureau's city (all for the province).
pub async fn list_platforms(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<PlatformView>, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "online-platforms", now).await),
    };
    store::list_platforms(&state.db, scope.map(City::code))
        .await
        .map_err(database_failure("listing online platforms"))?
        .into_iter()
        .map(|row| platform_view(row, None))
        .collect()
}

/// The platform an API key belongs to, or 401 for an unknown or revoked
/// key; a refusal is audited with the address it came from (a leaked or
/// guessed key being tried shows up in the trail).
pub async fn platform_for_key(
    state: &AppState,
    api_key: &str,
    client: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<PlatformRow, AppError> {
    let found =
        store::find_platform_by_key(&state.db, &state.security.keys.token_hash(api_key.trim()))
            .await
            .map_err(database_failure("checking a platform key"))?;
    let (target, reason, city) = match found {
        Some(platform) if platform.revoked_at.is_none() => return Ok(platform),
        Some(platform) => (
            format!("online-platform:{}", platform.id),
            "revoked platform key",
            Some(platform.city_code),
        ),
        None => ("online-platforms".to_owned(), "unknown platform key", None),
    };
    let entry = Entry {
        actor: None,
        action: "platform.key_refused",
        target: &target,
        outcome: outcome::REFUSED,
        reason,
        city,
    };
    audit::record_from(&state.db, &entry, client, now).await?;
    Err(AppError::Refused(Refusal::SignInFailed))
}
