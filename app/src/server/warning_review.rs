//! The bureau's review of risk warnings: the city's warnings listed with
//! their explanations, and a reviewer clearing one with a reason (which
//! re-checks the claims the warning held).

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::attendance::{self as store, WarningRow},
    subsidies, AppState,
};

use crate::views::WarningView;
use crate::{
    domain::{City, Reason},
    error::{AppError, Conflict, Missing},
    i18n::{explain_warning, Lang},
};

fn view(row: WarningRow, lang: Lang) -> Result<WarningView, AppError> {
    let kind = row.kind;
    let details: Value = serde_json::from_str(&row.details).unwrap_or(Value::Null);
    Ok(WarningView {
        id: row.id,
        kind,
        title: kind.label(lang).to_owned(),
        explanation: explain_warning(kind, &details, lang),
        city: row.city_code,
        class_id: row.class_id,
        session_id: row.session_id,
        session_position: row.session_position,
        enrolment_id: row.enrolment_id,
        institution_name: row.institution_name,
        occupation_name: row.occupation_name,
        raised_at: row.raised_at,
        open: row.cleared_at.is_none(),
        cleared_at: row.cleared_at,
        clear_reason: row.clear_reason,
    })
}

/// Warnings of the bureau's city (the province sees all).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    open_only: bool,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<WarningView>, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "risk-warnings", now).await),
    };
    let rows = store::list_warnings(&state.db, scope.map(City::code), open_only)
        .await
        .map_err(database_failure("listing risk warnings"))?;
    rows.into_iter().map(|row| view(row, lang)).collect()
}

/// A reviewer of the city clears a warning, giving the reason.
pub async fn clear(
    state: &AppState,
    actor: &Actor,
    warning_id: i64,
    reason: &Reason,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<WarningView, AppError> {
    let failed = || database_failure("clearing a risk warning");
    let warning = store::find_warning(&state.db, warning_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Warning))?;
    let city = warning.city_code;
    let target = format!("risk-warning:{warning_id}");
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::clear_warning(&mut tx, warning_id, &actor.user_id, reason.as_str(), now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyCleared));
    }
    let entry = Entry {
        actor: Some(actor),
        action: "risk.clear",
        target: &target,
        outcome: outcome::DONE,
        reason: reason.as_str(),
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    match warning.enrolment_id {
        Some(enrolment_id) => subsidies::recheck_quietly(state, enrolment_id, now).await,
        None if warning.kind.holds_class_claims() => {
            subsidies::recheck_class_quietly(state, warning.class_id, now).await;
        }
        None => {}
    }
    let cleared = store::find_warning(&state.db, warning_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Warning))?;
    view(cleared, lang)
}
