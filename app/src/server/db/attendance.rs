//! Check-ins and check-outs, corrections, headcounts, online study, the
//! approved online platforms and risk warnings.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{City, ClassStatus, Direction, MarkAssurance, RiskKind, SessionMode};

/// A session with the class facts a check-in needs.
#[derive(Clone, Debug, FromRow)]
pub struct SessionContext {
    pub session_id: i64,
    pub position: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
    pub headcount: Option<i64>,
    pub class_id: i64,
    pub class_status: ClassStatus,
    pub city_code: City,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    /// The name of the institution or employer that runs the class.
    pub institution_name: String,
    pub occupation_name: String,
    pub venue: String,
    pub venue_latitude: f64,
    pub venue_longitude: f64,
    pub session_count: i64,
}

impl SessionContext {
    /// Who runs the session's class.
    pub fn provider(&self) -> crate::domain::Provider {
        crate::domain::Provider::from_ids(self.institution_id, self.employer_id)
    }
}

#[tracing::instrument(skip(db))]
pub async fn find_session_context(
    db: &Database,
    session_id: i64,
) -> Result<Option<SessionContext>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT s.id AS session_id, s.position, s.starts_at, s.ends_at, s.mode, s.headcount,
                    c.id AS class_id, c.status AS class_status, c.city_code, c.institution_id, c.employer_id,
                    COALESCE(i.name, m.name) AS institution_name, c.occupation_name, c.venue, c.venue_latitude,
                    c.venue_longitude, (SELECT COUNT(*) FROM class_sessions x WHERE x.class_id = c.id) AS session_count
             FROM class_sessions s JOIN training_classes c ON c.id = s.class_id
             LEFT JOIN institutions i ON i.id = c.institution_id LEFT JOIN employers m ON m.id = c.employer_id
             WHERE s.id = $1",
        )
        .bind(session_id)
        .fetch_optional(pool)
        .await
    })
}

/// A check-in or check-out about to be stored.
pub struct NewAttendanceRow<'a> {
    pub session_id: i64,
    pub enrolment_id: i64,
    pub worker_id: &'a str,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub assurance: MarkAssurance,
    pub credential_id: Option<&'a str>,
    pub device_hash: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accuracy_m: Option<f64>,
    pub distance_m: Option<f64>,
    pub far_from_venue: bool,
    /// An in-person mark the phone sent no position for.
    pub without_position: bool,
    /// The 10-second step of the confirmed code (`None` for staff).
    pub code_step: Option<i64>,
    pub recorded_by: Option<&'a str>,
    pub reason: &'a str,
}

/// Stores a record unless a live one exists for the same enrolment,
/// session and direction; returns the new id, or `None` for a duplicate.
#[tracing::instrument(skip(tx, row), fields(session = row.session_id))]
pub async fn insert_attendance(
    tx: &mut Tx,
    row: &NewAttendanceRow<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO attendance (session_id, enrolment_id, worker_id, direction, at, assurance, credential_id,
                 device_hash, latitude, longitude, accuracy_m, distance_m, far_from_venue, recorded_by, reason,
                 without_position, code_step)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             ON CONFLICT (session_id, enrolment_id, direction) WHERE voided_at IS NULL DO NOTHING
             RETURNING id",
        )
        .bind(row.session_id)
        .bind(row.enrolment_id)
        .bind(row.worker_id)
        .bind(row.direction.code())
        .bind(row.at)
        .bind(row.assurance.code())
        .bind(row.credential_id)
        .bind(row.device_hash)
        .bind(row.latitude)
        .bind(row.longitude)
        .bind(row.accuracy_m)
        .bind(row.distance_m)
        .bind(row.far_from_venue)
        .bind(row.recorded_by)
        .bind(row.reason)
        .bind(row.without_position)
        .bind(row.code_step)
        .fetch_optional(conn)
        .await
    })
}

/// When the live record of one direction was made, if there is one.
#[tracing::instrument(skip(tx))]
pub async fn find_live_attendance_at(
    tx: &mut Tx,
    session_id: i64,
    enrolment_id: i64,
    direction: &str,
) -> Result<Option<(i64, DateTime<Utc>)>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT id, at FROM attendance
             WHERE session_id = $1 AND enrolment_id = $2 AND direction = $3 AND voided_at IS NULL",
        )
        .bind(session_id)
        .bind(enrolment_id)
        .bind(direction)
        .fetch_optional(conn)
        .await
    })
}

/// Enrolments other than `enrolment_id` checked in or out of the session
/// from the same device.
#[tracing::instrument(skip(tx, device_hash))]
pub async fn list_other_enrolments_on_device(
    tx: &mut Tx,
    session_id: i64,
    device_hash: &str,
    enrolment_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT DISTINCT enrolment_id FROM attendance
             WHERE session_id = $1 AND device_hash = $2 AND enrolment_id <> $3 AND voided_at IS NULL",
        )
        .bind(session_id)
        .bind(device_hash)
        .bind(enrolment_id)
        .fetch_all(conn)
        .await
    })
}

/// Live check-ins of a session.
#[tracing::instrument(skip(tx))]
pub async fn count_check_ins(tx: &mut Tx, session_id: i64) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM attendance WHERE session_id = $1 AND direction = 'in' AND voided_at IS NULL",
        )
        .bind(session_id)
        .fetch_one(conn)
        .await
    })
}

/// Another session the worker checked in to whose time overlaps
/// `[starts_at, ends_at)`.
#[tracing::instrument(skip(tx))]
pub async fn find_overlapping_check_in(
    tx: &mut Tx,
    worker_id: &str,
    session_id: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT a.session_id FROM attendance a JOIN class_sessions s ON s.id = a.session_id
             WHERE a.worker_id = $1 AND a.direction = 'in' AND a.voided_at IS NULL AND a.session_id <> $2
               AND s.starts_at < $4 AND s.ends_at > $3
             LIMIT 1",
        )
        .bind(worker_id)
        .bind(session_id)
        .bind(starts_at)
        .bind(ends_at)
        .fetch_optional(conn)
        .await
    })
}

/// Voids a live record; `false` when there was none.
#[tracing::instrument(skip(tx))]
pub async fn void_attendance(
    tx: &mut Tx,
    session_id: i64,
    enrolment_id: i64,
    direction: &str,
    voided_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE attendance SET voided_at = $5, voided_by = $4, void_reason = $6
             WHERE session_id = $1 AND enrolment_id = $2 AND direction = $3 AND voided_at IS NULL",
        )
        .bind(session_id)
        .bind(enrolment_id)
        .bind(direction)
        .bind(voided_by)
        .bind(now)
        .bind(reason)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// A live record, for the roster and the hours ledger.
#[derive(Clone, Debug, FromRow)]
pub struct AttendanceRow {
    pub session_id: i64,
    pub enrolment_id: i64,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub assurance: MarkAssurance,
    pub distance_m: Option<f64>,
    pub far_from_venue: bool,
    pub without_position: bool,
    pub reason: String,
}

const ATTENDANCE_COLUMNS: &str = "session_id, enrolment_id, direction, at, assurance, distance_m, \
     far_from_venue, without_position, reason";

#[tracing::instrument(skip(db))]
pub async fn list_session_attendance(
    db: &Database,
    session_id: i64,
) -> Result<Vec<AttendanceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ATTENDANCE_COLUMNS} FROM attendance WHERE session_id = $1 AND voided_at IS NULL ORDER BY at"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(session_id).fetch_all(pool).await)
}

/// The live marks of a session, read in a writing transaction.
pub async fn list_session_marks_in(
    tx: &mut Tx,
    session_id: i64,
) -> Result<Vec<AttendanceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ATTENDANCE_COLUMNS} FROM attendance
         WHERE session_id = $1 AND voided_at IS NULL ORDER BY at"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(session_id).fetch_all(conn).await)
}

#[tracing::instrument(skip(db))]
pub async fn list_enrolment_attendance(
    db: &Database,
    enrolment_id: i64,
) -> Result<Vec<AttendanceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ATTENDANCE_COLUMNS} FROM attendance WHERE enrolment_id = $1 AND voided_at IS NULL ORDER BY at"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(enrolment_id).fetch_all(pool).await)
}

/// The teacher's count of people in the room.
#[tracing::instrument(skip(tx))]
pub async fn update_headcount(
    tx: &mut Tx,
    session_id: i64,
    headcount: i64,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE class_sessions SET headcount = $2, headcount_by = $3, headcount_at = $4 WHERE id = $1")
            .bind(session_id)
            .bind(headcount)
            .bind(by)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// An approved online-training platform.
#[derive(Clone, Debug, FromRow)]
pub struct PlatformRow {
    pub id: i64,
    pub name: String,
    pub city_code: City,
    pub created_at: DateTime<Utc>,
    /// When a bureau revoked its key; a revoked key is refused.
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
}

const PLATFORM_COLUMNS: &str = "id, name, city_code, created_at, revoked_at, revoke_reason";

#[tracing::instrument(skip(tx, key_hash))]
pub async fn insert_platform(
    tx: &mut Tx,
    name: &str,
    city_code: &str,
    key_hash: &str,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO online_platforms (name, city_code, key_hash, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name)
        .bind(city_code)
        .bind(key_hash)
        .bind(created_by)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// The platform a key belongs to, revoked or not.
#[tracing::instrument(skip(db, key_hash))]
pub async fn find_platform_by_key(
    db: &Database,
    key_hash: &str,
) -> Result<Option<PlatformRow>, sqlx::Error> {
    let sql = format!("SELECT {PLATFORM_COLUMNS} FROM online_platforms WHERE key_hash = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(key_hash).fetch_optional(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn find_platform(db: &Database, id: i64) -> Result<Option<PlatformRow>, sqlx::Error> {
    let sql = format!("SELECT {PLATFORM_COLUMNS} FROM online_platforms WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// A platform of `city_code` whose key is not revoked, the only kind a
/// class may choose.
#[tracing::instrument(skip(db))]
pub async fn find_active_platform(
    db: &Database,
    id: i64,
    city_code: &str,
) -> Result<Option<PlatformRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PLATFORM_COLUMNS} FROM online_platforms
         WHERE id = $1 AND city_code = $2 AND revoked_at IS NULL"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(id).bind(city_code).fetch_optional(pool).await
    })
}

#[tracing::instrument(skip(db))]
pub async fn list_platforms(
    db: &Database,
    city_code: Option<&str>,
) -> Result<Vec<PlatformRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PLATFORM_COLUMNS} FROM online_platforms
         WHERE ($1 IS NULL OR city_code = $1) ORDER BY id"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(city_code).fetch_all(pool).await)
}

/// Revokes a platform's key; `false` when it was revoked already.
#[tracing::instrument(skip(tx, reason))]
pub async fn revoke_platform(
    tx: &mut Tx,
    id: i64,
    revoked_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE online_platforms SET revoked_at = $2, revoked_by = $3, revoke_reason = $4
             WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .bind(revoked_by)
        .bind(reason)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// The platform chosen by the class of an online session (`None` when
/// the class chose none).
#[tracing::instrument(skip(db))]
pub async fn find_session_platform(
    db: &Database,
    session_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT c.online_platform_id FROM class_sessions s
             JOIN training_classes c ON c.id = s.class_id WHERE s.id = $1",
        )
        .bind(session_id)
        .fetch_optional(pool)
        .await
        .map(Option::flatten)
    })
}

/// The minutes reported so far for one enrolment in a session.
#[tracing::instrument(skip(tx))]
pub async fn find_online_minutes(
    tx: &mut Tx,
    session_id: i64,
    enrolment_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT minutes FROM online_study WHERE session_id = $1 AND enrolment_id = $2",
        )
        .bind(session_id)
        .bind(enrolment_id)
        .fetch_optional(conn)
        .await
    })
}

/// Records (or replaces) the online minutes of one enrolment in a session,
/// unless the enrolment has a live subsidy claim (any state but
/// rejected): the claim was computed from the minutes as they stood, so
/// they are frozen from then on. `false` when frozen.
#[tracing::instrument(skip(tx))]
pub async fn upsert_online_study(
    tx: &mut Tx,
    session_id: i64,
    enrolment_id: i64,
    minutes: i64,
    platform_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO online_study (session_id, enrolment_id, minutes, platform_id, reported_at)
             SELECT $1, $2, $3, $4, $5
             WHERE NOT EXISTS (SELECT 1 FROM subsidy_claims WHERE enrolment_id = $2 AND status <> 'rejected')
             ON CONFLICT (session_id, enrolment_id)
             DO UPDATE SET minutes = excluded.minutes, platform_id = excluded.platform_id, reported_at = excluded.reported_at",
        )
        .bind(session_id)
        .bind(enrolment_id)
        .bind(minutes)
        .bind(platform_id)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

#[tracing::instrument(skip(db))]
pub async fn list_online_study(
    db: &Database,
    enrolment_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as("SELECT session_id, minutes FROM online_study WHERE enrolment_id = $1")
            .bind(enrolment_id)
            .fetch_all(pool)
            .await
    })
}

/// A risk warning about to be raised.
pub struct NewWarningRow<'a> {
    pub city_code: &'a str,
    pub class_id: i64,
    pub session_id: i64,
    pub enrolment_id: Option<i64>,
    pub kind: &'a str,
    pub subject: &'a str,
    pub details: &'a str,
}

/// Raises a warning once per kind, session and subject; `true` when new.
#[tracing::instrument(skip(tx, row), fields(kind = row.kind))]
pub async fn insert_warning(
    tx: &mut Tx,
    row: &NewWarningRow<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO risk_warnings (city_code, class_id, session_id, enrolment_id, kind, subject, details, raised_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (kind, session_id, subject) DO NOTHING",
        )
        .bind(row.city_code)
        .bind(row.class_id)
        .bind(row.session_id)
        .bind(row.enrolment_id)
        .bind(row.kind)
        .bind(row.subject)
        .bind(row.details)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// A warning with the class it is about.
#[derive(Clone, Debug, FromRow)]
pub struct WarningRow {
    pub id: i64,
    pub city_code: City,
    pub class_id: i64,
    pub session_id: i64,
    pub session_position: i64,
    pub enrolment_id: Option<i64>,
    pub kind: RiskKind,
    pub details: String,
    pub raised_at: DateTime<Utc>,
    pub cleared_at: Option<DateTime<Utc>>,
    pub clear_reason: String,
    pub institution_name: String,
    pub occupation_name: String,
}

const WARNING_SELECT: &str =
    "SELECT w.id, w.city_code, w.class_id, w.session_id, s.position AS session_position,
        w.enrolment_id, w.kind, w.details, w.raised_at, w.cleared_at, w.clear_reason,
        COALESCE(i.name, m.name) AS institution_name, c.occupation_name
     FROM risk_warnings w JOIN class_sessions s ON s.id = w.session_id
     JOIN training_classes c ON c.id = w.class_id LEFT JOIN institutions i ON i.id = c.institution_id
     LEFT JOIN employers m ON m.id = c.employer_id";

#[tracing::instrument(skip(db))]
pub async fn list_warnings(
    db: &Database,
    city_code: Option<&str>,
    open_only: bool,
) -> Result<Vec<WarningRow>, sqlx::Error> {
    let sql = format!(
        "{WARNING_SELECT} WHERE ($1 IS NULL OR w.city_code = $1) AND ($2 = FALSE OR w.cleared_at IS NULL)
         ORDER BY w.raised_at DESC, w.id DESC LIMIT 500"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(city_code).bind(open_only).fetch_all(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn find_warning(db: &Database, id: i64) -> Result<Option<WarningRow>, sqlx::Error> {
    let sql = format!("{WARNING_SELECT} WHERE w.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Clears an open warning; `false` when it was already cleared.
#[tracing::instrument(skip(tx))]
pub async fn clear_warning(
    tx: &mut Tx,
    id: i64,
    by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE risk_warnings SET cleared_at = $2, cleared_by = $3, clear_reason = $4
             WHERE id = $1 AND cleared_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .bind(by)
        .bind(reason)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// The enrolments whose live marks of one code step (session, direction)
/// came from far away or without a position: a relayed code shows as
/// many of them.
#[tracing::instrument(skip(tx))]
pub async fn list_suspect_enrolments_of_step(
    tx: &mut Tx,
    session_id: i64,
    direction: &str,
    step: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT enrolment_id FROM attendance
             WHERE session_id = $1 AND direction = $2 AND code_step = $3 AND voided_at IS NULL
               AND (far_from_venue OR without_position)
             ORDER BY enrolment_id",
        )
        .bind(session_id)
        .bind(direction)
        .bind(step)
        .fetch_all(conn)
        .await
    })
}
