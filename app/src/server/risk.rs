//! 风控预警: risk warnings raised while attendance is recorded, each with
//! the figures that explain it, listed for the city's bureau and cleared
//! by a reviewer with a reason.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        attendance::{self as store, NewWarningRow, SessionContext, WarningRow},
        roll_calls as roll_call_store, Tx,
    },
    AppState,
};
use crate::{
    domain::{City, Direction, Reason, RiskKind},
    error::{AppError, Conflict, Missing},
    i18n::{explain_warning, Lang},
};

/// A warning as the bureau sees it.
#[derive(Clone, Debug, Serialize)]
pub struct WarningView {
    pub id: i64,
    pub kind: RiskKind,
    pub title: String,
    pub explanation: String,
    pub city: City,
    pub class_id: i64,
    pub session_id: i64,
    pub session_position: i64,
    pub enrolment_id: Option<i64>,
    pub institution_name: String,
    pub occupation_name: String,
    pub raised_at: DateTime<Utc>,
    pub open: bool,
    pub cleared_at: Option<DateTime<Utc>>,
    pub clear_reason: String,
}

/// The facts of one recorded check-in that the rules look at.
pub struct CheckInFacts<'a> {
    pub session: &'a SessionContext,
    pub enrolment_id: i64,
    pub worker_id: &'a str,
    pub direction: Direction,
    /// The 10-second step of the confirmed code.
    pub step: Option<i64>,
    pub device_hash: Option<&'a str>,
    pub distance_m: Option<f64>,
    pub accuracy_m: Option<f64>,
    pub far_from_venue: bool,
    pub without_position: bool,
    pub radius_m: f64,
    /// Suspect confirmations of one step that mark a relayed code.
    pub relay_threshold: i64,
    /// The roll-call this confirmation answered (`direction` is then
    /// `in`): the same rules run on its answers.
    pub roll_call: Option<RollCallRef>,
}

/// A roll-call answered: its id and its number in the session.
#[derive(Clone, Copy, Debug)]
pub struct RollCallRef {
    pub id: i64,
    pub seq: i64,
}

impl CheckInFacts<'_> {
    /// What the confirmation was, in a warning's subject: `in`, `out` or
    /// `roll-call-1`.
    fn confirmed(&self) -> String {
        match self.roll_call {
            Some(roll_call) => format!("roll-call-{}", roll_call.seq),
            None => self.direction.code().to_owned(),
        }
    }
}

async fn raise(
    tx: &mut Tx,
    session: &SessionContext,
    enrolment_id: Option<i64>,
    kind: RiskKind,
    subject: &str,
    details: Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = details.to_string();
    let row = NewWarningRow {
        city_code: &session.city_code,
        class_id: session.class_id,
        session_id: session.session_id,
        enrolment_id,
        kind: kind.code(),
        subject,
        details: &details,
    };
    store::insert_warning(tx, &row, now)
        .await
        .map(|_| ())
        .map_err(database_failure("raising a risk warning"))
}

/// Runs every rule on a check-in just written in `tx`.
pub async fn after_check_in(
    tx: &mut Tx,
    facts: &CheckInFacts<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("checking attendance for risks");
    let session = facts.session;
    if let Some(device) = facts.device_hash {
        let others = match facts.roll_call {
            None => {
                store::list_other_enrolments_on_device(
                    tx,
                    session.session_id,
                    device,
                    facts.enrolment_id,
                )
                .await
            }
            Some(roll_call) => {
                roll_call_store::list_other_answers_on_device(
                    tx,
                    roll_call.id,
                    device,
                    facts.enrolment_id,
                )
                .await
            }
        }
        .map_err(failed())?;
        if !others.is_empty() {
            let workers = others.len() + 1;
            for enrolment in others.iter().copied().chain([facts.enrolment_id]) {
                let device = &device[..device.len().min(16)];
                let subject = match facts.roll_call {
                    None => format!("device:{device}:{enrolment}"),
                    Some(roll_call) => format!("device:{device}:{enrolment}:r{}", roll_call.seq),
                };
                let details = json!({ "workers": workers });
                raise(
                    tx,
                    session,
                    Some(enrolment),
                    RiskKind::SharedDevice,
                    &subject,
                    details,
                    now,
                )
                .await?;
            }
        }
    }
    if facts.far_from_venue {
        let subject = format!("far:{}:{}", facts.enrolment_id, facts.confirmed());
        let details = json!({
            "distance_m": facts.distance_m.map(f64::round),
            "accuracy_m": facts.accuracy_m.map(f64::round),
            "radius_m": facts.radius_m,
        });
        raise(
            tx,
            session,
            Some(facts.enrolment_id),
            RiskKind::FarFromVenue,
            &subject,
            details,
            now,
        )
        .await?;
    }
    check_relayed_code(tx, facts, now).await?;
    if facts.direction == Direction::In && facts.roll_call.is_none() {
        check_headcount(tx, session, session.headcount, now).await?;
        let overlapping = store::find_overlapping_check_in(
            tx,
            facts.worker_id,
            session.session_id,
            session.starts_at,
            session.ends_at,
        )
        .await
        .map_err(failed())?;
        if let Some(other_session) = overlapping {
            let subject = format!("overlap:{}:{other_session}", facts.enrolment_id);
            let details = json!({ "other_session_id": other_session });
            raise(
                tx,
                session,
                Some(facts.enrolment_id),
                RiskKind::OverlappingSessions,
                &subject,
                details,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Raises the relayed-code warning on every worker who confirmed one code
/// step from far away or without a position, once there are as many of
/// them as the threshold: a code posted to a chat group every ten
/// seconds shows as a cluster like this. The warning holds their claims.
async fn check_relayed_code(
    tx: &mut Tx,
    facts: &CheckInFacts<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(step) = facts.step else {
        return Ok(());
    };
    if !(facts.far_from_venue || facts.without_position) {
        return Ok(());
    }
    let suspects = match facts.roll_call {
        None => {
            let direction = facts.direction.code();
            store::list_suspect_enrolments_of_step(tx, facts.session.session_id, direction, step)
                .await
        }
        Some(roll_call) => {
            roll_call_store::list_suspect_answers_of_step(tx, roll_call.id, step).await
        }
    }
    .map_err(database_failure("looking for a relayed code"))?;
    let confirmed = facts.confirmed();
    let confirmations = suspects.len() as i64;
    if confirmations < facts.relay_threshold {
        return Ok(());
    }
    for enrolment in suspects {
        let subject = format!("relay:{enrolment}:{confirmed}");
        let details = json!({
            "step": step,
            "confirmations": confirmations,
            "threshold": facts.relay_threshold,
        });
        raise(
            tx,
            facts.session,
            Some(enrolment),
            RiskKind::RelayedCode,
            &subject,
            details,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Every check-in or check-out that staff add is a warning the bureau
/// sees (it does not hold the claim by itself: the claim checks weigh the
/// hours that rest on corrections).
pub async fn after_staff_correction(
    tx: &mut Tx,
    session: &SessionContext,
    enrolment_id: i64,
    direction: Direction,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let subject = format!("staff:{enrolment_id}:{}", direction.code());
    let details = json!({ "direction": direction.code(), "role": actor.role.code() });
    raise(
        tx,
        session,
        Some(enrolment_id),
        RiskKind::StaffCorrection,
        &subject,
        details,
        now,
    )
    .await
}

/// A worker who checked in and did not answer a roll-call: the warning
/// holds their claim until a reviewer clears it.
pub async fn after_missed_roll_call(
    tx: &mut Tx,
    session: &SessionContext,
    enrolment_id: i64,
    seq: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let subject = format!("roll-call:{seq}:{enrolment_id}");
    raise(
        tx,
        session,
        Some(enrolment_id),
        RiskKind::MissedRollCall,
        &subject,
        json!({ "seq": seq }),
        now,
    )
    .await
}

/// How a roll-call went for a session: who had checked in, who answered
/// and who missed it.
pub struct RollCallTally {
    pub seq: i64,
    pub checked_in: usize,
    pub answered: usize,
    pub missed: usize,
}

/// Many workers of one session missed a roll-call: set against the
/// teacher's headcount, the bureau sees whether the check-in code went to
/// people who were never in the room.
pub async fn after_roll_call_shortfall(
    tx: &mut Tx,
    session: &SessionContext,
    tally: &RollCallTally,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = json!({
        "seq": tally.seq,
        "checked_in": tally.checked_in,
        "answered": tally.answered,
        "missed": tally.missed,
        "headcount": session.headcount,
    });
    let subject = format!("roll-call:{}", tally.seq);
    raise(
        tx,
        session,
        None,
        RiskKind::RollCallShortfall,
        &subject,
        details,
        now,
    )
    .await
}

/// Repeated failed confirmations of a session's codes (a passkey refused,
/// a scan confirmed from another browser) are a warning of the session.
pub async fn after_failed_confirmations(
    tx: &mut Tx,
    session: &SessionContext,
    failures: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = json!({ "failures": failures });
    raise(
        tx,
        session,
        None,
        RiskKind::FailedConfirmations,
        "failed-confirmations",
        details,
        now,
    )
    .await
}

/// Raises the over-headcount warning when more workers checked in than
/// the teacher counted.
pub async fn check_headcount(
    tx: &mut Tx,
    session: &SessionContext,
    headcount: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(headcount) = headcount else {
        return Ok(());
    };
    let check_ins = store::count_check_ins(tx, session.session_id)
        .await
        .map_err(database_failure("counting check-ins"))?;
    if check_ins > headcount {
        let details = json!({ "check_ins": check_ins, "headcount": headcount });
        raise(
            tx,
            session,
            None,
            RiskKind::OverHeadcount,
            "headcount",
            details,
            now,
        )
        .await?;
    }
    Ok(())
}

fn view(row: WarningRow, lang: Lang) -> Result<WarningView, AppError> {
    let kind = RiskKind::parse(&row.kind).map_err(|_| AppError::Internal)?;
    let details: Value = serde_json::from_str(&row.details).unwrap_or(Value::Null);
    Ok(WarningView {
        id: row.id,
        kind,
        title: kind.label(lang).to_owned(),
        explanation: explain_warning(kind, &details, lang),
        city: City::parse(&row.city_code).map_err(|_| AppError::Internal)?,
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
    let city = City::parse(&warning.city_code).map_err(|_| AppError::Internal)?;
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
    if let Some(enrolment_id) = warning.enrolment_id {
        super::subsidies::recheck_quietly(state, enrolment_id, now).await;
    }
    let cleared = store::find_warning(&state.db, warning_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Warning))?;
    view(cleared, lang)
}
