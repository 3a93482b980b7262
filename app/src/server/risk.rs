//! 风控预警: the rules that raise risk warnings while attendance is
//! recorded, each warning with the figures that explain it. The bureau
//! lists and clears them in `warning_review`.

use chrono::{DateTime, NaiveDate, Utc};
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
    domain::{counted_fewer_than_checked_in, Direction, RiskKind},
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

/// A warning a rule decided to raise: on whom, of what kind, under which
/// subject (one warning per subject and session), with its figures.
#[derive(Debug, PartialEq)]
pub struct Warning {
    pub enrolment_id: Option<i64>,
    pub kind: RiskKind,
    pub subject: String,
    pub details: Value,
}

/// Records `warning` on `session` (once: a second raise of the same
/// subject changes nothing).
pub(crate) async fn raise(
    tx: &mut Tx,
    session: &SessionContext,
    warning: Warning,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let details = warning.details.to_string();
    let row = NewWarningRow {
        city_code: session.city_code.code(),
        class_id: session.class_id,
        session_id: session.session_id,
        enrolment_id: warning.enrolment_id,
        kind: warning.kind.code(),
        subject: &warning.subject,
        details: &details,
    };
    store::insert_warning(tx, &row, now)
        .await
        .map(|_| ())
        .map_err(database_failure("raising a risk warning"))
}

async fn raise_all(
    tx: &mut Tx,
    session: &SessionContext,
    warnings: Vec<Warning>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for warning in warnings {
        raise(tx, session, warning, now).await?;
    }
    Ok(())
}

/// One phone confirmed for several workers: each of them is warned, the
/// device named by the start of its keyed hash.
pub fn shared_device(facts: &CheckInFacts<'_>, device: &str, others: &[i64]) -> Vec<Warning> {
    if others.is_empty() {
        return Vec::new();
    }
    let workers = others.len() + 1;
    let device = &device[..device.len().min(16)];
    others
        .iter()
        .copied()
        .chain([facts.enrolment_id])
        .map(|enrolment| Warning {
            enrolment_id: Some(enrolment),
            kind: RiskKind::SharedDevice,
            subject: match facts.roll_call {
                None => format!("device:{device}:{enrolment}"),
                Some(roll_call) => format!("device:{device}:{enrolment}:r{}", roll_call.seq),
            },
            details: json!({ "workers": workers }),
        })
        .collect()
}

/// A confirmation from beyond the venue's radius.
pub fn far_from_venue(facts: &CheckInFacts<'_>) -> Option<Warning> {
    facts.far_from_venue.then(|| Warning {
        enrolment_id: Some(facts.enrolment_id),
        kind: RiskKind::FarFromVenue,
        subject: format!("far:{}:{}", facts.enrolment_id, facts.confirmed()),
        details: json!({
            "distance_m": facts.distance_m.map(f64::round),
            "accuracy_m": facts.accuracy_m.map(f64::round),
            "radius_m": facts.radius_m,
        }),
    })
}

/// Whether a confirmation can be part of a relayed code: it confirmed a
/// code step from far away or without a position.
pub fn may_be_relayed(facts: &CheckInFacts<'_>) -> bool {
    facts.step.is_some() && (facts.far_from_venue || facts.without_position)
}

/// Every suspect confirmation of one code step, once there are as many
/// as the threshold: each of those workers is warned.
pub fn relayed_code(facts: &CheckInFacts<'_>, suspects: &[i64]) -> Vec<Warning> {
    let (Some(step), true) = (facts.step, may_be_relayed(facts)) else {
        return Vec::new();
    };
    let confirmations = suspects.len() as i64;
    if confirmations < facts.relay_threshold {
        return Vec::new();
    }
    let confirmed = facts.confirmed();
    suspects
        .iter()
        .map(|&enrolment| Warning {
            enrolment_id: Some(enrolment),
            kind: RiskKind::RelayedCode,
            subject: format!("relay:{enrolment}:{confirmed}"),
            details: json!({
                "step": step,
                "confirmations": confirmations,
                "threshold": facts.relay_threshold,
            }),
        })
        .collect()
}

/// More workers checked in than the teacher counted.
pub fn over_headcount(check_ins: i64, headcount: Option<i64>) -> Option<Warning> {
    let headcount = headcount?;
    counted_fewer_than_checked_in(headcount, check_ins).then(|| Warning {
        enrolment_id: None,
        kind: RiskKind::OverHeadcount,
        subject: "headcount".to_owned(),
        details: json!({ "check_ins": check_ins, "headcount": headcount }),
    })
}

/// The worker is checked in to another session at the same time.
pub fn overlapping(enrolment_id: i64, other_session: i64) -> Warning {
    Warning {
        enrolment_id: Some(enrolment_id),
        kind: RiskKind::OverlappingSessions,
        subject: format!("overlap:{enrolment_id}:{other_session}"),
        details: json!({ "other_session_id": other_session }),
    }
}

/// A trainee of an employer's own training who was not its employee
/// when the class started: employed later, or never declared. The
/// subject names the declared start, so a later, different declaration
/// is a warning of its own even after the bureau cleared the first.
pub fn not_employee(
    enrolment_id: i64,
    employed_since: Option<NaiveDate>,
    class_starts_on: NaiveDate,
) -> Option<Warning> {
    let employed_in_time = employed_since.is_some_and(|since| since <= class_starts_on);
    (!employed_in_time).then(|| Warning {
        enrolment_id: Some(enrolment_id),
        kind: RiskKind::NotEmployee,
        subject: format!(
            "employee:{enrolment_id}:{}",
            employed_since.map_or_else(|| "undeclared".to_owned(), |since| since.to_string())
        ),
        details: json!({
            "employed_since": employed_since.map(|since| since.to_string()),
            "class_starts_on": class_starts_on.to_string(),
        }),
    })
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
        raise_all(tx, session, shared_device(facts, device, &others), now).await?;
    }
    if let Some(warning) = far_from_venue(facts) {
        raise(tx, session, warning, now).await?;
    }
    check_relayed_code(tx, facts, now).await?;
    if facts.direction == Direction::In && facts.roll_call.is_none() {
        check_headcount(tx, session, session.headcount, now).await?;
        let overlapping_session = store::find_overlapping_check_in(
            tx,
            facts.worker_id,
            session.session_id,
            session.starts_at,
            session.ends_at,
        )
        .await
        .map_err(failed())?;
        if let Some(other_session) = overlapping_session {
            raise(
                tx,
                session,
                overlapping(facts.enrolment_id, other_session),
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
    let Some(step) = facts.step.filter(|_| may_be_relayed(facts)) else {
        return Ok(());
    };
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
    raise_all(tx, facts.session, relayed_code(facts, &suspects), now).await
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
    let warning = Warning {
        enrolment_id: Some(enrolment_id),
        kind: RiskKind::StaffCorrection,
        subject: format!("staff:{enrolment_id}:{}", direction.code()),
        details: json!({ "direction": direction.code(), "role": actor.role.code() }),
    };
    raise(tx, session, warning, now).await
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
    let warning = Warning {
        enrolment_id: Some(enrolment_id),
        kind: RiskKind::MissedRollCall,
        subject: format!("roll-call:{seq}:{enrolment_id}"),
        details: json!({ "seq": seq }),
    };
    raise(tx, session, warning, now).await
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
    let warning = Warning {
        enrolment_id: None,
        kind: RiskKind::RollCallShortfall,
        subject: format!("roll-call:{}", tally.seq),
        details,
    };
    raise(tx, session, warning, now).await
}

/// Repeated failed confirmations of a session's codes (a passkey refused,
/// a scan confirmed from another browser) are a warning of the session.
pub async fn after_failed_confirmations(
    tx: &mut Tx,
    session: &SessionContext,
    failures: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let warning = Warning {
        enrolment_id: None,
        kind: RiskKind::FailedConfirmations,
        subject: "failed-confirmations".to_owned(),
        details: json!({ "failures": failures }),
    };
    raise(tx, session, warning, now).await
}

/// Raises the over-headcount warning when more workers checked in than
/// the teacher counted.
pub async fn check_headcount(
    tx: &mut Tx,
    session: &SessionContext,
    headcount: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if headcount.is_none() {
        return Ok(());
    }
    let check_ins = store::count_check_ins(tx, session.session_id)
        .await
        .map_err(database_failure("counting check-ins"))?;
    match over_headcount(check_ins, headcount) {
        Some(warning) => raise(tx, session, warning, now).await,
        None => Ok(()),
    }
}

/// Raises the over-headcount warning of the session, named for the
/// inspection, when the inspector counted fewer people in the room than
/// had checked in; it holds every claim of the class until a reviewer
/// clears it. Returns whether it was raised.
pub async fn check_inspector_headcount(
    tx: &mut Tx,
    session: &SessionContext,
    inspection_id: i64,
    headcount: i64,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let check_ins = store::count_check_ins(tx, session.session_id)
        .await
        .map_err(database_failure("counting check-ins"))?;
    if !counted_fewer_than_checked_in(headcount, check_ins) {
        return Ok(false);
    }
    let warning = Warning {
        enrolment_id: None,
        kind: RiskKind::OverHeadcount,
        subject: format!("inspection:{inspection_id}"),
        details: json!({
            "check_ins": check_ins,
            "headcount": headcount,
            "inspection_id": inspection_id,
        }),
    };
    raise(tx, session, warning, now).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{City, ClassStatus, SessionMode};

    fn session() -> SessionContext {
        let at = |text: &str| text.parse().expect("a valid time");
        SessionContext {
            session_id: 7,
            position: 1,
            starts_at: at("2026-12-01T01:00:00Z"),
            ends_at: at("2026-12-01T03:00:00Z"),
            mode: SessionMode::Offline,
            headcount: None,
            class_id: 3,
            class_status: ClassStatus::Approved,
            city_code: City::Fuzhou,
            institution_id: Some(1),
            employer_id: None,
            institution_name: "示例学校".to_owned(),
            occupation_name: "育婴员".to_owned(),
            venue: "教室".to_owned(),
            venue_latitude: 26.07,
            venue_longitude: 119.3,
            session_count: 4,
        }
    }

    /// A check-in of enrolment 11 at code step 500, at the venue.
    fn at_the_venue(session: &SessionContext) -> CheckInFacts<'_> {
        CheckInFacts {
            session,
            enrolment_id: 11,
            worker_id: "worker-11",
            direction: Direction::In,
            step: Some(500),
            device_hash: Some("abcdef0123456789abcdef"),
            distance_m: Some(40.0),
            accuracy_m: Some(20.0),
            far_from_venue: false,
            without_position: false,
            radius_m: 500.0,
            relay_threshold: 3,
            roll_call: None,
        }
    }

    fn far_away(session: &SessionContext) -> CheckInFacts<'_> {
        CheckInFacts {
            distance_m: Some(12_345.6),
            far_from_venue: true,
            ..at_the_venue(session)
        }
    }

    #[test]
    fn a_phone_used_by_one_worker_raises_nothing() {
        let session = session();
        assert!(shared_device(&at_the_venue(&session), "abcdef", &[]).is_empty());
    }

    #[test]
    fn a_phone_shared_by_three_workers_warns_each_of_them_naming_the_device() {
        let session = session();
        let warnings = shared_device(&at_the_venue(&session), "abcdef0123456789abcdef", &[12, 13]);
        let subjects: Vec<&str> = warnings.iter().map(|w| w.subject.as_str()).collect();
        assert_eq!(
            subjects,
            [
                "device:abcdef0123456789:12",
                "device:abcdef0123456789:13",
                "device:abcdef0123456789:11"
            ]
        );
        assert!(warnings
            .iter()
            .all(|w| w.kind == RiskKind::SharedDevice && w.details["workers"] == 3));
    }

    #[test]
    fn a_roll_call_answer_names_its_roll_call_in_the_subject() {
        let session = session();
        let answer = CheckInFacts {
            roll_call: Some(RollCallRef { id: 40, seq: 2 }),
            ..far_away(&session)
        };
        let warning = far_from_venue(&answer).expect("a far-from-venue warning");
        assert_eq!(warning.subject, "far:11:roll-call-2");
        let shared = shared_device(&answer, "abc", &[12]);
        assert_eq!(shared[0].subject, "device:abc:12:r2");
    }

    #[test]
    fn a_confirmation_from_afar_is_warned_with_the_rounded_distance() {
        let session = session();
        assert_eq!(far_from_venue(&at_the_venue(&session)), None);
        let warning = far_from_venue(&far_away(&session)).expect("a warning");
        assert_eq!(warning.subject, "far:11:in");
        assert_eq!(warning.details["distance_m"], 12_346.0);
        assert_eq!(warning.details["radius_m"], 500.0);
    }

    #[test]
    fn a_relayed_code_warns_every_suspect_once_the_threshold_is_reached() {
        let session = session();
        let facts = far_away(&session);
        assert!(
            relayed_code(&facts, &[11, 12]).is_empty(),
            "below the threshold"
        );
        let warnings = relayed_code(&facts, &[11, 12, 13]);
        assert_eq!(warnings.len(), 3);
        assert_eq!(warnings[2].subject, "relay:13:in");
        assert_eq!(warnings[0].details["confirmations"], 3);
        assert_eq!(warnings[0].details["step"], 500);
    }

    #[test]
    fn a_confirmation_at_the_venue_or_without_a_code_step_is_never_a_relay() {
        let session = session();
        assert!(!may_be_relayed(&at_the_venue(&session)));
        assert!(relayed_code(&at_the_venue(&session), &[11, 12, 13]).is_empty());
        let no_step = CheckInFacts {
            step: None,
            ..far_away(&session)
        };
        assert!(relayed_code(&no_step, &[11, 12, 13]).is_empty());
        let without_position = CheckInFacts {
            without_position: true,
            distance_m: None,
            ..at_the_venue(&session)
        };
        assert!(may_be_relayed(&without_position));
    }

    #[test]
    fn more_check_ins_than_the_teacher_counted_is_a_warning_and_as_many_is_not() {
        assert_eq!(over_headcount(12, None), None, "no headcount yet");
        assert_eq!(over_headcount(12, Some(12)), None);
        let warning = over_headcount(13, Some(12)).expect("a warning");
        assert_eq!(warning.kind, RiskKind::OverHeadcount);
        assert_eq!(warning.details["check_ins"], 13);
        assert_eq!(warning.enrolment_id, None);
    }

    #[test]
    fn a_check_in_overlapping_another_session_names_that_session() {
        let warning = overlapping(11, 99);
        assert_eq!(warning.subject, "overlap:11:99");
        assert_eq!(warning.details["other_session_id"], 99);
    }

    #[test]
    fn a_trainee_employed_after_the_employers_class_started_or_never_declared_is_a_warning() {
        let day = |text: &str| text.parse::<NaiveDate>().expect("a date");
        let starts = day("2026-12-01");
        assert_eq!(not_employee(5, Some(day("2026-11-30")), starts), None);
        assert_eq!(
            not_employee(5, Some(starts), starts),
            None,
            "hired that day"
        );
        let late = not_employee(5, Some(day("2026-12-02")), starts).expect("a warning");
        assert_eq!(late.kind, RiskKind::NotEmployee);
        assert_eq!(late.enrolment_id, Some(5));
        assert_eq!(late.details["employed_since"], "2026-12-02");
        let undeclared = not_employee(5, None, starts).expect("a warning");
        assert_eq!(undeclared.details["employed_since"], Value::Null);
        assert!(RiskKind::NotEmployee.holds_claims());
    }
}
