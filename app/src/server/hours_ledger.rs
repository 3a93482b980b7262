//! The hours ledger of each enrolment: offline minutes from check-in and
//! check-out pairs inside the scheduled time, online minutes reported by
//! approved platforms, the roll-calls that take a session's hours away,
//! and what each session's hours rest on. Subsidy checks, completion and
//! the worker's pages read it.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit, database_failure,
    db::{
        attendance::{self as store, AttendanceRow},
        classes::{find_enrolment, list_sessions, SessionRow},
        roll_calls::{self as roll_call_store, AnswerRow, RollCallRow},
        Database,
    },
    roll_calls, AppState,
};
use crate::views::{HoursLedger, LedgerLine};
use crate::{
    domain::{Direction, MarkAssurance, SessionMode},
    error::{AppError, Missing},
};

/// What an enrolment's hours rest on: its live marks, the minutes
/// reported by online platforms (`(session_id, minutes)`), its class's
/// roll-calls and the enrolment's answers to them.
#[derive(Clone, Copy)]
pub struct Evidence<'a> {
    pub marks: &'a [AttendanceRow],
    pub online: &'a [(i64, i64)],
    pub roll_calls: &'a [RollCallRow],
    pub answers: &'a [AnswerRow],
}

/// Computes the ledger from a class's sessions and what the enrolment's
/// hours rest on. A missed roll-call takes the session's hours away.
pub fn compute_ledger(
    enrolment_id: i64,
    sessions: &[SessionRow],
    evidence: Evidence<'_>,
) -> HoursLedger {
    let Evidence { marks, online, .. } = evidence;
    let lines: Vec<LedgerLine> = sessions
        .iter()
        .map(|session| {
            let mode = session.mode;
            let scheduled = (session.ends_at - session.starts_at).num_minutes();
            let find = |direction: Direction| {
                marks
                    .iter()
                    .find(|m| m.session_id == session.id && m.direction == direction)
            };
            let (marked_in, marked_out) = (find(Direction::In), find(Direction::Out));
            let (check_in, check_out) = (marked_in.map(|m| m.at), marked_out.map(|m| m.at));
            let roll_calls =
                roll_calls::standings(session.id, marks, evidence.roll_calls, evidence.answers);
            let missed_roll_call = roll_calls.iter().any(|standing| standing.answer.is_none());
            let attended = match mode {
                SessionMode::Offline if missed_roll_call => 0,
                SessionMode::Offline => match (check_in, check_out) {
                    (Some(arrived), Some(left)) => {
                        let from = arrived.max(session.starts_at);
                        let to = left.min(session.ends_at);
                        (to - from).num_minutes().max(0)
                    }
                    _ => 0,
                },
                SessionMode::Online => online
                    .iter()
                    .find(|(id, _)| *id == session.id)
                    .map_or(0, |(_, minutes)| (*minutes).clamp(0, scheduled)),
            };
            let assurance = match (mode, marked_in, marked_out) {
                (SessionMode::Offline, Some(arrived), Some(left)) if attended > 0 => Some(
                    roll_calls
                        .iter()
                        .filter_map(|standing| standing.answer)
                        .fold(
                            arrived.assurance.weaker(left.assurance),
                            MarkAssurance::weaker,
                        ),
                ),
                _ => None,
            };
            LedgerLine {
                session_id: session.id,
                position: session.position,
                mode,
                starts_at: session.starts_at,
                ends_at: session.ends_at,
                scheduled_minutes: scheduled,
                check_in,
                check_out,
                attended_minutes: attended,
                assurance,
                roll_calls,
                missed_roll_call,
            }
        })
        .collect();
    let sum = |online: Option<SessionMode>, attended: bool| -> i64 {
        lines
            .iter()
            .filter(|line| online.is_none_or(|mode| line.mode == mode))
            .map(|line| {
                if attended {
                    line.attended_minutes
                } else {
                    line.scheduled_minutes
                }
            })
            .sum()
    };
    let scheduled_minutes = sum(None, false);
    let attended_minutes = sum(None, true);
    let resting_on = |weak: MarkAssurance| -> i64 {
        lines
            .iter()
            .filter(|line| line.assurance == Some(weak))
            .map(|line| line.attended_minutes)
            .sum()
    };
    HoursLedger {
        enrolment_id,
        scheduled_minutes,
        scheduled_online_minutes: sum(Some(SessionMode::Online), false),
        offline_minutes: sum(Some(SessionMode::Offline), true),
        online_minutes: sum(Some(SessionMode::Online), true),
        attended_minutes,
        staff_minutes: resting_on(MarkAssurance::Staff),
        password_minutes: resting_on(MarkAssurance::Password),
        attendance_percent: if scheduled_minutes > 0 {
            attended_minutes * 100 / scheduled_minutes
        } else {
            0
        },
        sessions_attended: lines.iter().filter(|l| l.attended_minutes > 0).count(),
        lines,
    }
}

/// What every hours ledger of one class reads: its sessions and their
/// roll-calls. Callers that build several ledgers of a class read it once.
pub struct ClassSchedule {
    pub sessions: Vec<SessionRow>,
    roll_calls: Vec<RollCallRow>,
}

impl ClassSchedule {
    pub async fn read(db: &Database, class_id: i64) -> Result<ClassSchedule, AppError> {
        let failed = || database_failure("reading a class's sessions");
        Ok(ClassSchedule {
            sessions: list_sessions(db, class_id).await.map_err(failed())?,
            roll_calls: roll_call_store::list_class_roll_calls(db, class_id)
                .await
                .map_err(failed())?,
        })
    }
}

/// The hours ledger of one enrolment against its class's schedule.
pub(crate) async fn enrolment_ledger(
    db: &Database,
    enrolment_id: i64,
    schedule: &ClassSchedule,
) -> Result<HoursLedger, AppError> {
    let failed = || database_failure("reading an hours ledger");
    let marks = store::list_enrolment_attendance(db, enrolment_id)
        .await
        .map_err(failed())?;
    let online = store::list_online_study(db, enrolment_id)
        .await
        .map_err(failed())?;
    let answers = roll_call_store::list_enrolment_answers(db, enrolment_id)
        .await
        .map_err(failed())?;
    let evidence = Evidence {
        marks: &marks,
        online: &online,
        roll_calls: &schedule.roll_calls,
        answers: &answers,
    };
    Ok(compute_ledger(enrolment_id, &schedule.sessions, evidence))
}

/// The hours ledger of an enrolment: the worker's own, or for staff who
/// oversee the class.
pub async fn ledger(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<HoursLedger, AppError> {
    let failed = || database_failure("reading an hours ledger");
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let city = enrolment.city_code;
    let own = actor.user_id == enrolment.worker_id;
    if !own && !actor.may_oversee_class(city, enrolment.provider()) {
        return Err(
            audit::refuse(&state.db, actor, &format!("enrolment:{enrolment_id}"), now).await,
        );
    }
    let schedule = ClassSchedule::read(&state.db, enrolment.class_id).await?;
    enrolment_ledger(&state.db, enrolment_id, &schedule).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a valid time")
    }

    fn session(id: i64, starts: &str, ends: &str, mode: &str) -> SessionRow {
        SessionRow {
            id,
            class_id: 1,
            position: id,
            starts_at: at(starts),
            ends_at: at(ends),
            mode: SessionMode::parse(mode).expect("a session mode"),
            headcount: None,
        }
    }

    fn marked_only<'a>(marks: &'a [AttendanceRow], online: &'a [(i64, i64)]) -> Evidence<'a> {
        Evidence {
            marks,
            online,
            roll_calls: &[],
            answers: &[],
        }
    }

    fn mark(session_id: i64, direction: &str, when: &str) -> AttendanceRow {
        marked(session_id, direction, when, "passkey")
    }

    fn marked(session_id: i64, direction: &str, when: &str, assurance: &str) -> AttendanceRow {
        AttendanceRow {
            session_id,
            enrolment_id: 9,
            direction: Direction::parse(direction).expect("a direction"),
            at: at(when),
            assurance: MarkAssurance::parse(assurance).expect("an assurance"),
            distance_m: None,
            far_from_venue: false,
            without_position: false,
            reason: String::new(),
        }
    }

    #[test]
    fn offline_hours_count_only_the_scheduled_part_between_check_in_and_check_out() {
        let sessions = [
            session(1, "2026-12-01T01:00:00Z", "2026-12-01T04:00:00Z", "offline"),
            session(2, "2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z", "offline"),
        ];
        let marks = [
            mark(1, "in", "2026-12-01T00:40:00Z"),
            mark(1, "out", "2026-12-01T03:30:00Z"),
            mark(2, "in", "2026-12-02T01:05:00Z"),
        ];
        let ledger = compute_ledger(9, &sessions, marked_only(&marks, &[]));
        assert_eq!(ledger.lines[0].attended_minutes, 150);
        assert_eq!(
            ledger.lines[1].attended_minutes, 0,
            "no check-out, no hours"
        );
        assert_eq!(ledger.scheduled_minutes, 300);
        assert_eq!(ledger.attendance_percent, 50);
        assert_eq!(ledger.sessions_attended, 1);
    }

    #[test]
    fn online_minutes_come_from_the_platform_capped_at_the_session_length() {
        let sessions = [
            session(1, "2026-12-01T01:00:00Z", "2026-12-01T04:00:00Z", "offline"),
            session(2, "2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z", "online"),
        ];
        let marks = [
            mark(1, "in", "2026-12-01T01:00:00Z"),
            mark(1, "out", "2026-12-01T04:00:00Z"),
        ];
        let ledger = compute_ledger(9, &sessions, marked_only(&marks, &[(2, 500)]));
        assert_eq!((ledger.offline_minutes, ledger.online_minutes), (180, 120));
        assert_eq!(ledger.scheduled_online_minutes, 120);
        assert_eq!(ledger.attendance_percent, 100);
    }

    #[test]
    fn hours_rest_on_the_weaker_of_the_check_in_and_the_check_out() {
        let sessions = [
            session(1, "2026-12-01T01:00:00Z", "2026-12-01T03:00:00Z", "offline"),
            session(2, "2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z", "offline"),
            session(3, "2026-12-03T01:00:00Z", "2026-12-03T03:00:00Z", "offline"),
        ];
        let marks = [
            marked(1, "in", "2026-12-01T01:00:00Z", "staff"),
            marked(1, "out", "2026-12-01T03:00:00Z", "passkey"),
            marked(2, "in", "2026-12-02T01:00:00Z", "passkey"),
            marked(2, "out", "2026-12-02T03:00:00Z", "password"),
            marked(3, "in", "2026-12-03T01:00:00Z", "passkey"),
            marked(3, "out", "2026-12-03T03:00:00Z", "passkey"),
        ];
        let ledger = compute_ledger(9, &sessions, marked_only(&marks, &[]));
        assert_eq!(ledger.lines[0].assurance, Some(MarkAssurance::Staff));
        assert_eq!(ledger.lines[1].assurance, Some(MarkAssurance::Password));
        assert_eq!(ledger.lines[2].assurance, Some(MarkAssurance::Passkey));
        assert_eq!((ledger.staff_minutes, ledger.password_minutes), (120, 120));
    }

    #[test]
    fn a_missed_roll_call_takes_the_hours_away_and_an_answer_counts_towards_the_assurance() {
        let sessions = [
            session(1, "2026-12-01T01:00:00Z", "2026-12-01T03:00:00Z", "offline"),
            session(2, "2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z", "offline"),
        ];
        let marks = [
            mark(1, "in", "2026-12-01T01:00:00Z"),
            mark(1, "out", "2026-12-01T03:00:00Z"),
            mark(2, "in", "2026-12-02T01:00:00Z"),
            mark(2, "out", "2026-12-02T03:00:00Z"),
        ];
        let roll_call = |id: i64, day: &str| RollCallRow {
            id,
            session_id: id,
            seq: 1,
            opens_at: at(&format!("2026-12-0{day}T02:00:00Z")),
            closes_at: at(&format!("2026-12-0{day}T02:03:00Z")),
            settled_at: Some(at(&format!("2026-12-0{day}T02:05:00Z"))),
        };
        let answered_second = AnswerRow {
            roll_call_id: 2,
            enrolment_id: 9,
            at: at("2026-12-02T02:01:00Z"),
            assurance: MarkAssurance::parse("device_key").expect("an assurance"),
            far_from_venue: false,
            reason: String::new(),
        };
        let evidence = Evidence {
            marks: &marks,
            online: &[],
            roll_calls: &[roll_call(1, "1"), roll_call(2, "2")],
            answers: &[answered_second],
        };
        let ledger = compute_ledger(9, &sessions, evidence);
        assert!(ledger.lines[0].missed_roll_call);
        assert_eq!(ledger.lines[0].attended_minutes, 0);
        assert_eq!(ledger.lines[1].attended_minutes, 120);
        assert_eq!(ledger.lines[1].assurance, Some(MarkAssurance::DeviceKey));
        assert_eq!(ledger.attended_minutes, 120);
    }
}
