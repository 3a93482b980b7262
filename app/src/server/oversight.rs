//! Oversight (issue 18, first step): the yearly migrant-worker training
//! targets per area. A bureau reads its city's, the province every
//! area's and sets them, each change with its reason in the audit trail.
//! What counts against a target is
//! [`counts_as_person_time`](crate::domain::counts_as_person_time).

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit, database_failure,
    db::oversight::{self as store, TargetRow},
    AppState,
};
use crate::{
    domain::{City, Reason, Role},
    error::AppError,
    views::TargetView,
};

/// The targets of `year` that `actor` answers for: a bureau its city's,
/// the province every area's.
pub async fn targets(
    state: &AppState,
    actor: &Actor,
    year: i64,
    now: DateTime<Utc>,
) -> Result<Vec<TargetView>, AppError> {
    let scope = match (actor.role, actor.city) {
        (Role::Province, _) => None,
        (Role::Bureau, Some(city)) => Some(city),
        _ => return Err(audit::refuse(&state.db, actor, "targets", now).await),
    };
    let rows = store::list_targets(&state.db, year, scope)
        .await
        .map_err(database_failure("reading the targets"))?;
    rows.iter().map(view).collect()
}

/// The province sets `city`'s target of `year` to `person_times`.
pub async fn set_target(
    state: &AppState,
    actor: &Actor,
    city: City,
    year: i64,
    person_times: i64,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<Vec<TargetView>, AppError> {
    let target = format!("target:{}:{year}", city.code());
    if actor.role != Role::Province {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let failed = || database_failure("setting a target");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::set_target(
        &mut tx,
        city,
        year,
        person_times,
        &actor.user_id,
        reason.as_str(),
        now,
    )
    .await
    .map_err(failed())?;
    let why = format!("{person_times}: {}", reason.as_str());
    audit::record_done(&mut tx, actor, "target.set", &target, &why, city, now).await?;
    tx.commit().await.map_err(failed())?;
    targets(state, actor, year, now).await
}

fn view(row: &TargetRow) -> Result<TargetView, AppError> {
    let city =
        City::parse(&row.city_code).map_err(|_| super::internal_absence("a target's city"))?;
    Ok(TargetView {
        city,
        year: row.year,
        person_times: row.person_times,
        set_at: row.set_at,
        reason: row.reason.clone(),
    })
}
