//! The institution's live roster of a session, staff corrections with a
//! reason, missed roll-calls excused and the teacher's headcount.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::server::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        attendance::{self as store, AttendanceRow, NewAttendanceRow, SessionContext},
        classes::{find_enrolment, list_class_enrolments},
        roll_calls::{self as roll_call_store, NewAnswerRow, RollCallRow},
    },
    risk, roll_calls, AppState,
};
use crate::{
    domain::{Direction, Field, InputError, MarkAssurance, Reason},
    error::{AppError, Conflict, Missing},
};

use super::{brief, session_city, session_context};
use crate::views::{SessionBrief, Standing};

/// One mark on the roster.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Mark {
    pub at: DateTime<Utc>,
    pub assurance: MarkAssurance,
    pub far_from_venue: bool,
    pub without_position: bool,
    pub distance_m: Option<f64>,
    /// Why staff added it, for a correction.
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RosterEntry {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub check_in: Option<Mark>,
    pub check_out: Option<Mark>,
    /// The roll-calls the worker had to answer: answered, or missed once
    /// settled.
    pub roll_calls: Vec<Standing>,
}

/// How a roll-call of the session went, once it opened.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RollCallSummary {
    pub seq: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub open_now: bool,
    /// Settled: the misses are counted and warned about.
    pub settled: bool,
    pub answered: usize,
    pub missed: usize,
}

/// Who checked in and out of a session.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Roster {
    pub session: SessionBrief,
    pub enrolled: usize,
    pub checked_in: usize,
    pub checked_out: usize,
    pub headcount: Option<i64>,
    /// The roll-calls that have opened, set against the headcount.
    pub roll_calls: Vec<RollCallSummary>,
    pub entries: Vec<RosterEntry>,
}

fn mark(row: &AttendanceRow) -> Mark {
    Mark {
        at: row.at,
        assurance: row.assurance,
        far_from_venue: row.far_from_venue,
        without_position: row.without_position,
        distance_m: row.distance_m.map(f64::round),
        reason: row.reason.clone(),
    }
}

async fn overseen_session(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    run: bool,
    now: DateTime<Utc>,
) -> Result<SessionContext, AppError> {
    let session = session_context(&state.db, session_id).await?;
    let city = session_city(&session)?;
    let allowed = if run {
        actor.may_run_class(city, session.provider())
    } else {
        actor.may_oversee_class(city, session.provider())
    };
    if allowed {
        Ok(session)
    } else {
        Err(audit::refuse(&state.db, actor, &format!("session:{session_id}"), now).await)
    }
}

/// The facts of a session for the staff who oversee it, without its
/// roster.
pub async fn session_for_staff(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<SessionBrief, AppError> {
    overseen_session(state, actor, session_id, false, now)
        .await
        .map(|session| brief(&session))
}

/// The live roster of a session.
pub async fn roster(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, false, now).await?;
    let failed = || database_failure("reading a roster");
    let enrolments = list_class_enrolments(&state.db, session.class_id)
        .await
        .map_err(failed())?;
    let marks = store::list_session_attendance(&state.db, session_id)
        .await
        .map_err(failed())?;
    // Roll-calls still to come stay secret, from staff too.
    let roll_calls: Vec<RollCallRow> =
        roll_call_store::list_session_roll_calls(&state.db, session_id)
            .await
            .map_err(failed())?
            .into_iter()
            .filter(|roll_call| roll_call.opens_at <= now)
            .collect();
    let answers = roll_call_store::list_session_answers(&state.db, session_id)
        .await
        .map_err(failed())?;
    let entries: Vec<RosterEntry> = enrolments
        .iter()
        .map(|e| {
            let own: Vec<AttendanceRow> = marks
                .iter()
                .filter(|m| m.enrolment_id == e.id)
                .cloned()
                .collect();
            let find =
                |direction: Direction| own.iter().find(|m| m.direction == direction).map(mark);
            RosterEntry {
                enrolment_id: e.id,
                worker_name: e.worker_name.clone(),
                id_number_masked: e.id_number_masked.clone(),
                check_in: find(Direction::In),
                check_out: find(Direction::Out),
                roll_calls: roll_calls::standings(session_id, &own, &roll_calls, &answers),
            }
        })
        .collect();
    let summaries = roll_calls
        .iter()
        .map(|roll_call| roll_call_summary(roll_call, &entries, now))
        .collect();
    Ok(Roster {
        session: brief(&session),
        enrolled: entries.len(),
        checked_in: entries.iter().filter(|e| e.check_in.is_some()).count(),
        checked_out: entries.iter().filter(|e| e.check_out.is_some()).count(),
        headcount: session.headcount,
        roll_calls: summaries,
        entries,
    })
}

fn roll_call_summary(
    roll_call: &RollCallRow,
    entries: &[RosterEntry],
    now: DateTime<Utc>,
) -> RollCallSummary {
    let standings = || {
        entries
            .iter()
            .flat_map(|entry| &entry.roll_calls)
            .filter(|standing| standing.seq == roll_call.seq)
    };
    RollCallSummary {
        seq: roll_call.seq,
        opens_at: roll_call.opens_at,
        closes_at: roll_call.closes_at,
        open_now: (roll_call.opens_at..roll_call.closes_at).contains(&now),
        settled: roll_call.settled_at.is_some(),
        answered: standings().filter(|s| s.answer.is_some()).count(),
        missed: standings().filter(|s| s.answer.is_none()).count(),
    }
}

/// A staff correction of the roster.
pub enum Correction {
    /// Records a check-in (at the session's start) or check-out (at its
    /// end) the worker could not make themselves.
    Add,
    /// Voids the live record.
    Void,
}

impl Correction {
    /// `add` or `void`, as the roster's forms name them.
    pub fn parse(action: &str) -> Result<Correction, InputError> {
        match action.trim() {
            "add" => Ok(Correction::Add),
            "void" => Ok(Correction::Void),
            other => Err(InputError::UnknownCode {
                field: Field::Reason,
                value: other.chars().take(40).collect(),
            }),
        }
    }
}

/// Corrects one worker's check-in or check-out, with a reason.
#[allow(clippy::too_many_arguments)]
pub async fn correct(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    enrolment_id: i64,
    direction: Direction,
    correction: Correction,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, true, now).await?;
    let failed = || database_failure("correcting attendance");
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .filter(|e| e.class_id == session.class_id)
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let action = match correction {
        Correction::Add => {
            let at = match direction {
                Direction::In => session.starts_at,
                Direction::Out => session.ends_at,
            };
            let row = NewAttendanceRow {
                session_id,
                enrolment_id,
                worker_id: &enrolment.worker_id,
                direction,
                at,
                assurance: MarkAssurance::Staff,
                credential_id: None,
                device_hash: None,
                latitude: None,
                longitude: None,
                accuracy_m: None,
                distance_m: None,
                far_from_venue: false,
                without_position: false,
                code_step: None,
                recorded_by: Some(&actor.user_id),
                reason: reason.as_str(),
            };
            if store::insert_attendance(&mut tx, &row)
                .await
                .map_err(failed())?
                .is_none()
            {
                return Err(AppError::Conflict(Conflict::AlreadyRecorded));
            }
            risk::after_staff_correction(&mut tx, &session, enrolment_id, direction, actor, now)
                .await?;
            if direction == Direction::In {
                risk::check_headcount(&mut tx, &session, session.headcount, now).await?;
            }
            "attendance.correct_add"
        }
        Correction::Void => {
            if !store::void_attendance(
                &mut tx,
                session_id,
                enrolment_id,
                direction.code(),
                &actor.user_id,
                reason.as_str(),
                now,
            )
            .await
            .map_err(failed())?
            {
                return Err(AppError::NotFound(Missing::Attendance));
            }
            "attendance.correct_void"
        }
    };
    let target = format!("enrolment:{enrolment_id}");
    let why = format!(
        "session:{session_id} {}: {}",
        direction.code(),
        reason.as_str()
    );
    let entry = Entry {
        actor: Some(actor),
        action,
        target: &target,
        outcome: outcome::DONE,
        reason: &why,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    roster(state, actor, session_id, now).await
}

/// Staff add the answer to a settled roll-call that a worker missed, with
/// a reason (the phone died, the worker was called out): the session's
/// hours count again. The missed-roll-call warning stays for the bureau.
#[allow(clippy::too_many_arguments)]
pub async fn excuse_missed_roll_call(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    seq: i64,
    enrolment_id: i64,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, true, now).await?;
    let failed = || database_failure("excusing a missed roll-call");
    let roll_call = roll_call_store::list_session_roll_calls(&state.db, session_id)
        .await
        .map_err(failed())?
        .into_iter()
        .find(|roll_call| roll_call.seq == seq && roll_call.settled_at.is_some())
        .ok_or(AppError::NotFound(Missing::RollCall))?;
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .filter(|e| e.class_id == session.class_id)
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let answer = NewAnswerRow {
        roll_call_id: roll_call.id,
        enrolment_id,
        worker_id: &enrolment.worker_id,
        at: roll_call.closes_at,
        assurance: MarkAssurance::Staff,
        device_hash: None,
        distance_m: None,
        far_from_venue: false,
        without_position: false,
        code_step: None,
        recorded_by: Some(&actor.user_id),
        reason: reason.as_str(),
    };
    if !roll_call_store::insert_answer(&mut tx, &answer)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyRecorded));
    }
    let target = format!("enrolment:{enrolment_id}");
    let why = format!("session:{session_id} roll-call {seq}: {}", reason.as_str());
    let entry = Entry {
        actor: Some(actor),
        action: "attendance.roll_call_excuse",
        target: &target,
        outcome: outcome::DONE,
        reason: &why,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    roster(state, actor, session_id, now).await
}

/// The teacher enters how many people are in the room. Fewer than checked
/// in raises the over-headcount warning, which holds the class's claims.
pub async fn set_headcount(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    headcount: i64,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, true, now).await?;
    let failed = || database_failure("entering a headcount");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::update_headcount(&mut tx, session_id, headcount, &actor.user_id, now)
        .await
        .map_err(failed())?;
    risk::check_headcount(&mut tx, &session, Some(headcount), now).await?;
    let target = format!("session:{session_id}");
    let reason = format!("headcount {headcount}");
    let entry = Entry {
        actor: Some(actor),
        action: "session.headcount",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    crate::server::subsidies::recheck_class_quietly(state, session.class_id, now).await;
    roster(state, actor, session_id, now).await
}
