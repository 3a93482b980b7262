//! 随机点名: random roll-calls during an in-person session. When a
//! session's first check-in is recorded, its roll-call moments are drawn
//! from the server's secret (the same in every app process, unknown to
//! anyone else). At each moment the classroom screen shows a roll-call
//! code for a short window, and every worker who checked in confirms it
//! the way they checked in. Once a roll-call has closed it is settled:
//! each worker who checked in and did not answer raises a warning that
//! holds their claim, and the session's hours no longer count for them
//! unless staff add the answer with a reason.

use chrono::{DateTime, Duration, Utc};

use super::{
    audit::{self, outcome, Entry},
    check_in_codes::next_rotation,
    crypto::SecretKeys,
    database_failure,
    db::{
        attendance::{find_session_context, list_session_marks_in, AttendanceRow, SessionContext},
        roll_calls::{self as store, AnswerRow, RollCallRow},
        Database, Tx,
    },
    internal_absence,
    risk::{self, RollCallTally},
    AppState,
};

use crate::views::Standing;
use crate::{
    domain::{Direction, SessionMode},
    error::AppError,
};

/// How many roll-calls each in-person session has (0 turns them off) and
/// how long each stays open. Set from configuration.
#[derive(Clone, Copy, Debug)]
pub struct RollCallPolicy {
    pub per_session: i64,
    pub window: Duration,
}

impl Default for RollCallPolicy {
    fn default() -> Self {
        RollCallPolicy {
            per_session: 1,
            window: Duration::minutes(3),
        }
    }
}

/// When one roll-call opens and closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub seq: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// The moments of a session's roll-calls. `quiet` is the part of the
/// session between check-in closing and check-out opening; when it is
/// shorter than one window the whole session is used. The stretch is cut
/// into one part per roll-call (fewer when they do not fit), and each
/// roll-call opens at a point of its part that `keys` decide, so they
/// never overlap and nobody can work them out in advance.
pub fn moments(
    keys: &SecretKeys,
    policy: &RollCallPolicy,
    session_id: i64,
    session: (DateTime<Utc>, DateTime<Utc>),
    quiet: (DateTime<Utc>, DateTime<Utc>),
) -> Vec<Moment> {
    let window = policy.window.num_seconds();
    if policy.per_session <= 0 || window <= 0 {
        return Vec::new();
    }
    let (from, to) = if (quiet.1 - quiet.0).num_seconds() >= window {
        quiet
    } else {
        session
    };
    let span = (to - from).num_seconds();
    let count = policy.per_session.min(span / window);
    if count <= 0 {
        return Vec::new();
    }
    let part = span / count;
    (0..count)
        .map(|index| {
            let seq = index + 1;
            let slack = (part - window) as u64;
            let offset = keys.roll_call_draw(session_id, seq) % (slack + 1);
            let opens_at = from + Duration::seconds(index * part + offset as i64);
            Moment {
                seq,
                opens_at,
                closes_at: opens_at + policy.window,
            }
        })
        .collect()
}

/// Draws the roll-calls of an in-person session once its first check-in
/// is written in `tx`. Moments already past are left out; drawing again
/// (another check-in, another process) writes nothing new.
pub async fn draw(
    tx: &mut Tx,
    state: &AppState,
    session: &SessionContext,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if session.mode != SessionMode::Offline {
        return Ok(());
    }
    let span = (session.starts_at, session.ends_at);
    let quiet = state
        .attendance
        .quiet_middle(session.starts_at, session.ends_at);
    let drawn = moments(
        &state.security.keys,
        &state.attendance.roll_calls,
        session.session_id,
        span,
        quiet,
    );
    for moment in drawn.iter().filter(|moment| moment.opens_at > now) {
        let window = (moment.opens_at, moment.closes_at);
        store::insert_roll_call(tx, session.session_id, moment.seq, window, now)
            .await
            .map_err(database_failure("drawing roll-calls"))?;
    }
    Ok(())
}

/// The roll-call of a session open at `now`, if one is.
pub async fn open_now(
    db: &Database,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<RollCallRow>, AppError> {
    store::find_open_roll_call(db, session_id, now)
        .await
        .map_err(database_failure("finding an open roll-call"))
}

/// The roll-call a roll-call code of `step` answers: the one the screen
/// was showing during that step (moments never overlap).
pub async fn shown_during_step(
    db: &Database,
    session_id: i64,
    step: i64,
) -> Result<Option<RollCallRow>, AppError> {
    let shown = (next_rotation(step - 1), next_rotation(step));
    store::find_roll_call_open_during(db, session_id, shown)
        .await
        .map_err(database_failure("finding a roll-call"))
}

/// One roll-call, if it exists.
pub async fn find(db: &Database, id: i64) -> Result<Option<RollCallRow>, AppError> {
    store::find_roll_call(db, id)
        .await
        .map_err(database_failure("reading a roll-call"))
}

/// Whether a worker had to answer a roll-call: they were checked in
/// before it closed and had not checked out before it opened. A check-in
/// staff added counts too (staff would otherwise swap a worker's own
/// check-in for one of theirs to spare them the roll-call); staff who
/// vouch for a worker add the answer as well, with its own reason.
pub fn must_answer(
    check_in: &AttendanceRow,
    check_out: Option<&AttendanceRow>,
    roll_call: &RollCallRow,
) -> bool {
    check_in.at < roll_call.closes_at && check_out.is_none_or(|out| out.at >= roll_call.opens_at)
}

/// The roll-calls of a session that a worker (with these live marks) had
/// to answer and has answered, or missed once settled. An open roll-call
/// not answered yet is not listed.
pub fn standings(
    session_id: i64,
    marks: &[AttendanceRow],
    roll_calls: &[RollCallRow],
    answers: &[AnswerRow],
) -> Vec<Standing> {
    let find = |direction: Direction| {
        marks
            .iter()
            .find(|m| m.session_id == session_id && m.direction == direction)
    };
    let Some(check_in) = find(Direction::In) else {
        return Vec::new();
    };
    let check_out = find(Direction::Out);
    roll_calls
        .iter()
        .filter(|roll_call| roll_call.session_id == session_id)
        .filter(|roll_call| must_answer(check_in, check_out, roll_call))
        .filter_map(|roll_call| {
            let answer = answers
                .iter()
                .find(|a| a.roll_call_id == roll_call.id && a.enrolment_id == check_in.enrolment_id)
                .map(|a| a.assurance);
            (answer.is_some() || roll_call.settled_at.is_some()).then_some(Standing {
                seq: roll_call.seq,
                answer,
            })
        })
        .collect()
}

/// How long after the scan grace a roll-call is settled: an answer that
/// was still being confirmed at the last moment has been written by then.
const SETTLE_MARGIN: Duration = Duration::seconds(15);

/// Settles every roll-call that closed (with the scan grace and a margin)
/// before `now`; safe to run in several processes at once, since each
/// roll-call is claimed by one. A roll-call that cannot be settled is
/// logged and left for the next round; the others go on. Returns how many
/// this call settled.
pub async fn settle_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, AppError> {
    let before = now - state.attendance.scan_grace - SETTLE_MARGIN;
    let due = store::list_unsettled_roll_calls(&state.db, before)
        .await
        .map_err(database_failure("listing roll-calls to settle"))?;
    let mut settled = 0;
    for roll_call in &due {
        match settle(state, roll_call, now).await {
            Ok(true) => settled += 1,
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(roll_call = roll_call.id, ?error, "settling a roll-call");
            }
        }
    }
    Ok(settled)
}

/// Counts who missed one roll-call, raises their warnings (and the
/// session's, when many missed) and records it, in one transaction.
async fn settle(
    state: &AppState,
    roll_call: &RollCallRow,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let failed = || database_failure("settling a roll-call");
    let session = find_session_context(&state.db, roll_call.session_id)
        .await
        .map_err(failed())?
        .ok_or_else(|| internal_absence("the session of a roll-call"))?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::mark_settled(&mut tx, roll_call.id, now)
        .await
        .map_err(failed())?
    {
        return Ok(false);
    }
    let marks = list_session_marks_in(&mut tx, session.session_id)
        .await
        .map_err(failed())?;
    let answers = store::list_answers_in(&mut tx, roll_call.id)
        .await
        .map_err(failed())?;
    let settled = RollCallRow {
        settled_at: Some(now),
        ..roll_call.clone()
    };
    let roll_calls = [settled];
    let mut checked_in = 0;
    let mut missed = Vec::new();
    for check_in in marks.iter().filter(|m| m.direction == Direction::In) {
        let of_worker: Vec<AttendanceRow> = marks
            .iter()
            .filter(|m| m.enrolment_id == check_in.enrolment_id)
            .cloned()
            .collect();
        let standing = standings(session.session_id, &of_worker, &roll_calls, &answers);
        if let Some(standing) = standing.first() {
            checked_in += 1;
            if standing.answer.is_none() {
                missed.push(check_in.enrolment_id);
            }
        }
    }
    for enrolment_id in &missed {
        risk::after_missed_roll_call(&mut tx, &session, *enrolment_id, roll_call.seq, now).await?;
    }
    let tally = RollCallTally {
        seq: roll_call.seq,
        checked_in,
        answered: checked_in - missed.len(),
        missed: missed.len(),
    };
    if tally.missed as i64 >= state.attendance.relay_threshold {
        risk::after_roll_call_shortfall(&mut tx, &session, &tally, now).await?;
    }
    record_settlement(&mut tx, &session, &tally, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(true)
}

async fn record_settlement(
    tx: &mut Tx,
    session: &SessionContext,
    tally: &RollCallTally,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = format!("session:{}", session.session_id);
    let reason = format!(
        "roll-call {}: {} of {} answered, {} missed",
        tally.seq, tally.answered, tally.checked_in, tally.missed
    );
    let entry = Entry {
        actor: None,
        action: "attendance.roll_call_settle",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: Some(session.city_code),
    };
    audit::record_in(tx, &entry, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MarkAssurance;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a valid time")
    }

    fn keys() -> SecretKeys {
        SecretKeys::derive(b"a test secret of at least thirty-two bytes")
    }

    fn policy(per_session: i64) -> RollCallPolicy {
        RollCallPolicy {
            per_session,
            window: Duration::minutes(3),
        }
    }

    const SESSION: (&str, &str) = ("2026-12-07T01:00:00Z", "2026-12-07T04:00:00Z");
    const QUIET: (&str, &str) = ("2026-12-07T01:15:00Z", "2026-12-07T03:45:00Z");

    fn drawn(per_session: i64, session_id: i64) -> Vec<Moment> {
        moments(
            &keys(),
            &policy(per_session),
            session_id,
            (at(SESSION.0), at(SESSION.1)),
            (at(QUIET.0), at(QUIET.1)),
        )
    }

    #[test]
    fn roll_calls_fall_in_the_quiet_middle_one_per_part_without_overlapping() {
        let moments = drawn(3, 7);
        assert_eq!(moments.len(), 3);
        for pair in moments.windows(2) {
            assert!(pair[0].closes_at <= pair[1].opens_at);
        }
        for moment in &moments {
            assert!(moment.opens_at >= at(QUIET.0));
            assert!(moment.closes_at <= at(QUIET.1));
            assert_eq!(moment.closes_at - moment.opens_at, Duration::minutes(3));
        }
    }

    #[test]
    fn the_moments_depend_on_the_secret_and_the_session() {
        assert_eq!(drawn(1, 7), drawn(1, 7), "every process draws the same");
        let opening = |keys: &SecretKeys, id| {
            let session = (at(SESSION.0), at(SESSION.1));
            moments(keys, &policy(1), id, session, (at(QUIET.0), at(QUIET.1)))[0].opens_at
        };
        let other_secret = SecretKeys::derive(b"another secret of at least thirty-two bytes");
        let sessions: std::collections::BTreeSet<_> =
            (1..20).map(|id| opening(&keys(), id)).collect();
        assert!(sessions.len() > 10, "different sessions, different moments");
        let same_with_another_secret = (1..20)
            .filter(|id| opening(&keys(), *id) == opening(&other_secret, *id))
            .count();
        assert!(
            same_with_another_secret < 5,
            "the secret decides the moment"
        );
    }

    #[test]
    fn zero_turns_roll_calls_off_and_a_short_session_gets_only_what_fits() {
        assert!(drawn(0, 7).is_empty());
        let short = moments(
            &keys(),
            &policy(5),
            7,
            (at("2026-12-07T01:00:00Z"), at("2026-12-07T01:07:00Z")),
            (at("2026-12-07T01:15:00Z"), at("2026-12-07T00:52:00Z")),
        );
        assert_eq!(short.len(), 2, "two windows of three minutes fit in seven");
        assert!(short[0].opens_at >= at("2026-12-07T01:00:00Z"));
        assert!(short[1].closes_at <= at("2026-12-07T01:07:00Z"));
    }

    fn mark(direction: &str, when: &str, assurance: &str) -> AttendanceRow {
        AttendanceRow {
            session_id: 1,
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

    fn roll_call(settled: bool) -> RollCallRow {
        RollCallRow {
            id: 4,
            session_id: 1,
            seq: 1,
            opens_at: at("2026-12-07T02:00:00Z"),
            closes_at: at("2026-12-07T02:03:00Z"),
            settled_at: settled.then(|| at("2026-12-07T02:05:00Z")),
        }
    }

    #[test]
    fn every_worker_checked_in_must_answer_unless_they_had_left() {
        let rc = roll_call(true);
        let arrived = mark("in", "2026-12-07T00:55:00Z", "device_key");
        assert!(must_answer(&arrived, None, &rc));
        let by_staff = mark("in", "2026-12-07T01:00:00Z", "staff");
        assert!(
            must_answer(&by_staff, None, &rc),
            "staff answer for them too"
        );
        let left_early = mark("out", "2026-12-07T01:30:00Z", "password");
        assert!(!must_answer(&arrived, Some(&left_early), &rc));
        let too_late = mark("in", "2026-12-07T02:04:00Z", "password");
        assert!(!must_answer(&too_late, None, &rc));
    }

    #[test]
    fn a_settled_roll_call_without_an_answer_is_missed_and_an_open_one_is_not_yet() {
        let marks = [mark("in", "2026-12-07T00:55:00Z", "passkey")];
        assert_eq!(
            standings(1, &marks, &[roll_call(true)], &[]),
            [Standing {
                seq: 1,
                answer: None
            }]
        );
        assert!(standings(1, &marks, &[roll_call(false)], &[]).is_empty());
        let answer = AnswerRow {
            roll_call_id: 4,
            enrolment_id: 9,
            at: at("2026-12-07T02:01:00Z"),
            assurance: MarkAssurance::parse("device_key").expect("an assurance"),
            far_from_venue: false,
            reason: String::new(),
        };
        assert_eq!(
            standings(1, &marks, &[roll_call(false)], &[answer]),
            [Standing {
                seq: 1,
                answer: Some(MarkAssurance::DeviceKey)
            }]
        );
    }
}
