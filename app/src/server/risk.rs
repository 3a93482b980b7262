//! 风控预警: the rules that raise risk warnings while attendance is
//! recorded, each warning with the figures that explain it. The bureau
//! lists and clears them in `warning_review`.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{
    access::Actor,
    database_failure,
    db::{
        attendance::{self as store, NewWarningRow, SessionContext},
        roll_calls as roll_call_store, Tx,
    },
};
use crate::{
    domain::{Direction, RiskKind},
    error::AppError,
};

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
        city_code: session.city_code.code(),
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
