//! Random roll-calls and the workers' answers to them.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::MarkAssurance;

/// One roll-call of a session.
#[derive(Clone, Debug, FromRow)]
pub struct RollCallRow {
    pub id: i64,
    pub session_id: i64,
    pub seq: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
}

const ROLL_CALL_COLUMNS: &str = "id, session_id, seq, opens_at, closes_at, settled_at";

/// A worker's answer to a roll-call, for the roster and the ledger.
#[derive(Clone, Debug, FromRow)]
pub struct AnswerRow {
    pub roll_call_id: i64,
    pub enrolment_id: i64,
    pub at: DateTime<Utc>,
    pub assurance: MarkAssurance,
    pub far_from_venue: bool,
    pub reason: String,
}

const ANSWER_COLUMNS: &str = "roll_call_id, enrolment_id, at, assurance, far_from_venue, reason";

/// An answer to write.
pub struct NewAnswerRow<'a> {
    pub roll_call_id: i64,
    pub enrolment_id: i64,
    pub worker_id: &'a str,
    pub at: DateTime<Utc>,
    pub assurance: MarkAssurance,
    pub device_hash: Option<&'a str>,
    pub distance_m: Option<f64>,
    pub far_from_venue: bool,
    pub without_position: bool,
    pub code_step: Option<i64>,
    pub recorded_by: Option<&'a str>,
    pub reason: &'a str,
}

/// Writes a drawn roll-call; `false` when the session has it already
/// (another process drew the same moment).
pub async fn insert_roll_call(
    tx: &mut Tx,
    session_id: i64,
    seq: i64,
    (opens_at, closes_at): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO roll_calls (session_id, seq, opens_at, closes_at, drawn_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (session_id, seq) DO NOTHING",
        )
        .bind(session_id)
        .bind(seq)
        .bind(opens_at)
        .bind(closes_at)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// The roll-call of the session open at `now`, if one is.
#[tracing::instrument(skip(db))]
pub async fn find_open_roll_call(
    db: &Database,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<RollCallRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROLL_CALL_COLUMNS} FROM roll_calls
         WHERE session_id = $1 AND opens_at <= $2 AND closes_at > $2 ORDER BY seq LIMIT 1"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(session_id).bind(now).fetch_optional(pool).await)
}

/// The roll-call of the session that was open at some moment of
/// `[from, until)` (a code's 10-second step), if one was.
#[tracing::instrument(skip(db))]
pub async fn find_roll_call_open_during(
    db: &Database,
    session_id: i64,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Option<RollCallRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROLL_CALL_COLUMNS} FROM roll_calls
         WHERE session_id = $1 AND opens_at < $3 AND closes_at > $2 ORDER BY seq LIMIT 1"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(session_id).bind(from).bind(until).fetch_optional(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn find_roll_call(db: &Database, id: i64) -> Result<Option<RollCallRow>, sqlx::Error> {
    let sql = format!("SELECT {ROLL_CALL_COLUMNS} FROM roll_calls WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The roll-calls of a session, in order.
#[tracing::instrument(skip(db))]
pub async fn list_session_roll_calls(
    db: &Database,
    session_id: i64,
) -> Result<Vec<RollCallRow>, sqlx::Error> {
    let sql =
        format!("SELECT {ROLL_CALL_COLUMNS} FROM roll_calls WHERE session_id = $1 ORDER BY seq");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(session_id).fetch_all(pool).await)
}

/// The roll-calls of every session of a class.
#[tracing::instrument(skip(db))]
pub async fn list_class_roll_calls(
    db: &Database,
    class_id: i64,
) -> Result<Vec<RollCallRow>, sqlx::Error> {
    let sql = "SELECT r.id, r.session_id, r.seq, r.opens_at, r.closes_at, r.settled_at
         FROM roll_calls r JOIN class_sessions s ON s.id = r.session_id
         WHERE s.class_id = $1 ORDER BY r.session_id, r.seq";
    on_pool!(db, pool => sqlx::query_as(sql).bind(class_id).fetch_all(pool).await)
}

/// Roll-calls closed before `before` whose misses are not counted yet.
#[tracing::instrument(skip(db))]
pub async fn list_unsettled_roll_calls(
    db: &Database,
    before: DateTime<Utc>,
) -> Result<Vec<RollCallRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROLL_CALL_COLUMNS} FROM roll_calls
         WHERE settled_at IS NULL AND closes_at <= $1 ORDER BY closes_at LIMIT 100"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(before).fetch_all(pool).await)
}

/// Claims a roll-call's settlement; `false` when another process settled
/// it first.
pub async fn mark_settled(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE roll_calls SET settled_at = $2 WHERE id = $1 AND settled_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Writes an answer; `false` when the enrolment answered already.
pub async fn insert_answer(tx: &mut Tx, row: &NewAnswerRow<'_>) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO roll_call_answers (roll_call_id, enrolment_id, worker_id, at, assurance, device_hash,
                 distance_m, far_from_venue, without_position, code_step, recorded_by, reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (roll_call_id, enrolment_id) DO NOTHING",
        )
        .bind(row.roll_call_id)
        .bind(row.enrolment_id)
        .bind(row.worker_id)
        .bind(row.at)
        .bind(row.assurance.code())
        .bind(row.device_hash)
        .bind(row.distance_m)
        .bind(row.far_from_venue)
        .bind(row.without_position)
        .bind(row.code_step)
        .bind(row.recorded_by)
        .bind(row.reason)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// When the enrolment answered the roll-call, if it did.
pub async fn find_answer_at(
    tx: &mut Tx,
    roll_call_id: i64,
    enrolment_id: i64,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT at FROM roll_call_answers WHERE roll_call_id = $1 AND enrolment_id = $2",
        )
        .bind(roll_call_id)
        .bind(enrolment_id)
        .fetch_optional(conn)
        .await
    })
}

/// The answers of one enrolment, to every roll-call of its class.
#[tracing::instrument(skip(db))]
pub async fn list_enrolment_answers(
    db: &Database,
    enrolment_id: i64,
) -> Result<Vec<AnswerRow>, sqlx::Error> {
    let sql = format!("SELECT {ANSWER_COLUMNS} FROM roll_call_answers WHERE enrolment_id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(enrolment_id).fetch_all(pool).await)
}

/// The answers to the roll-calls of one session.
#[tracing::instrument(skip(db))]
pub async fn list_session_answers(
    db: &Database,
    session_id: i64,
) -> Result<Vec<AnswerRow>, sqlx::Error> {
    let sql = "SELECT a.roll_call_id, a.enrolment_id, a.at, a.assurance, a.far_from_venue, a.reason
         FROM roll_call_answers a JOIN roll_calls r ON r.id = a.roll_call_id
         WHERE r.session_id = $1";
    on_pool!(db, pool => sqlx::query_as(sql).bind(session_id).fetch_all(pool).await)
}

/// Enrolments other than `enrolment_id` that answered the roll-call from
/// the same device.
pub async fn list_other_answers_on_device(
    tx: &mut Tx,
    roll_call_id: i64,
    device_hash: &str,
    enrolment_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT enrolment_id FROM roll_call_answers
             WHERE roll_call_id = $1 AND device_hash = $2 AND enrolment_id <> $3",
        )
        .bind(roll_call_id)
        .bind(device_hash)
        .bind(enrolment_id)
        .fetch_all(conn)
        .await
    })
}

/// Enrolments that answered the roll-call with the code of one step from
/// far away or without a position.
pub async fn list_suspect_answers_of_step(
    tx: &mut Tx,
    roll_call_id: i64,
    step: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT enrolment_id FROM roll_call_answers
             WHERE roll_call_id = $1 AND code_step = $2 AND (far_from_venue OR without_position)
             ORDER BY enrolment_id",
        )
        .bind(roll_call_id)
        .bind(step)
        .fetch_all(conn)
        .await
    })
}

/// The answers to one roll-call, read in the settling transaction.
pub async fn list_answers_in(
    tx: &mut Tx,
    roll_call_id: i64,
) -> Result<Vec<AnswerRow>, sqlx::Error> {
    let sql = format!("SELECT {ANSWER_COLUMNS} FROM roll_call_answers WHERE roll_call_id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(roll_call_id).fetch_all(conn).await)
}
