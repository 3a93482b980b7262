//! Process inspections of class sessions and their photos (issue 18).

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{
    City, InspectionMode, InspectionRecord, InspectionResult, InspectionStatus, PhotoType,
};

/// Which inspections (and classes) a list covers: a city or every one,
/// optionally one institution's, one employer's or one class's.
#[derive(Clone, Copy, Debug, Default)]
pub struct InspectionFilter {
    pub city: Option<City>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub class_id: Option<i64>,
}

#[derive(Clone, Debug, FromRow)]
pub struct InspectionRow {
    pub id: i64,
    pub city_code: City,
    pub class_id: i64,
    pub session_id: i64,
    pub session_position: i64,
    pub session_starts_at: DateTime<Utc>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub provider_name: String,
    pub occupation_name: String,
    pub status: InspectionStatus,
    pub mode: InspectionMode,
    pub scheduled_by_name: String,
    pub scheduled_at: DateTime<Utc>,
    pub inspector_name: Option<String>,
    pub inspected_at: Option<DateTime<Utc>>,
    pub headcount: Option<i64>,
    pub check_ins: i64,
    pub teaching_matches_plan: Option<bool>,
    pub teaching_note: String,
    pub findings: String,
    pub result: Option<InspectionResult>,
    pub answer: String,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The live check-ins of the session `session` names (a column), as
/// `db::attendance::count_check_ins` counts them.
macro_rules! live_check_ins {
    ($session:literal) => {
        concat!(
            "(SELECT COUNT(*) FROM attendance a WHERE a.session_id = ",
            $session,
            " AND a.direction = 'in' AND a.voided_at IS NULL)"
        )
    };
}

const INSPECTION_COLUMNS: &str = concat!(
    "
    SELECT n.id, n.city_code, n.class_id, n.session_id, s.position AS session_position,
           s.starts_at AS session_starts_at, c.institution_id, c.employer_id,
           COALESCE(i.name, m.name) AS provider_name, c.occupation_name, n.status, n.mode,
           sb.display_name AS scheduled_by_name, n.scheduled_at, ib.display_name AS inspector_name,
           n.inspected_at, n.headcount, ",
    live_check_ins!("n.session_id"),
    " AS check_ins,
           n.teaching_matches_plan, n.teaching_note, n.findings, n.result, n.answer, n.answered_at
      FROM inspections n
      JOIN class_sessions s ON s.id = n.session_id
      JOIN training_classes c ON c.id = n.class_id
      LEFT JOIN institutions i ON i.id = c.institution_id
      LEFT JOIN employers m ON m.id = c.employer_id
      JOIN users sb ON sb.id = n.scheduled_by
      LEFT JOIN users ib ON ib.id = n.inspector_id"
);

/// The inspections the filter covers, newest session first.
#[tracing::instrument(skip(db))]
pub async fn list_inspections(
    db: &Database,
    filter: InspectionFilter,
) -> Result<Vec<InspectionRow>, sqlx::Error> {
    let sql = format!(
        "{INSPECTION_COLUMNS}
          WHERE ($1 IS NULL OR n.city_code = $1) AND ($2 IS NULL OR c.institution_id = $2)
            AND ($3 IS NULL OR c.employer_id = $3) AND ($4 IS NULL OR n.class_id = $4)
          ORDER BY s.starts_at DESC, n.id DESC
          LIMIT 500"
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, InspectionRow>(&sql)
            .bind(filter.city.map(City::code))
            .bind(filter.institution_id)
            .bind(filter.employer_id)
            .bind(filter.class_id)
            .fetch_all(pool)
            .await
    })
}

#[tracing::instrument(skip(db))]
pub async fn find_inspection(db: &Database, id: i64) -> Result<Option<InspectionRow>, sqlx::Error> {
    let sql = format!("{INSPECTION_COLUMNS} WHERE n.id = $1");
    on_pool!(db, pool => {
        sqlx::query_as::<_, InspectionRow>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}

/// An approved class in scope with how its inspections went.
#[derive(Clone, Debug, FromRow)]
pub struct ClassInspectionTally {
    pub class_id: i64,
    pub city_code: City,
    pub provider_name: String,
    pub occupation_name: String,
    pub enrolled: i64,
    pub first_session_at: Option<DateTime<Utc>>,
    pub last_session_ends_at: Option<DateTime<Utc>>,
    pub recorded: i64,
    pub passed: i64,
    pub rectify: i64,
    pub failed: i64,
    pub awaiting_answer: i64,
}

/// Every approved class the filter covers with its inspections counted,
/// by provider and class.
#[tracing::instrument(skip(db))]
pub async fn tally_classes(
    db: &Database,
    filter: InspectionFilter,
) -> Result<Vec<ClassInspectionTally>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, ClassInspectionTally>(
            "SELECT c.id AS class_id, c.city_code, COALESCE(i.name, m.name) AS provider_name,
                    c.occupation_name, c.enrolled_count AS enrolled,
                    (SELECT MIN(s.starts_at) FROM class_sessions s WHERE s.class_id = c.id) AS first_session_at,
                    (SELECT MAX(s.ends_at) FROM class_sessions s WHERE s.class_id = c.id) AS last_session_ends_at,
                    COUNT(n.id) AS recorded,
                    COUNT(CASE WHEN n.result = 'pass' THEN 1 END) AS passed,
                    COUNT(CASE WHEN n.result = 'rectify' THEN 1 END) AS rectify,
                    COUNT(CASE WHEN n.result = 'fail' THEN 1 END) AS failed,
                    COUNT(CASE WHEN n.result = 'rectify' AND n.answered_at IS NULL THEN 1 END) AS awaiting_answer
               FROM training_classes c
               LEFT JOIN institutions i ON i.id = c.institution_id
               LEFT JOIN employers m ON m.id = c.employer_id
               LEFT JOIN inspections n ON n.class_id = c.id AND n.status = 'recorded'
              WHERE c.status = 'approved' AND ($1 IS NULL OR c.city_code = $1)
                AND ($2 IS NULL OR c.institution_id = $2) AND ($3 IS NULL OR c.employer_id = $3)
                AND ($4 IS NULL OR c.id = $4)
              GROUP BY c.id, c.city_code, i.name, m.name, c.occupation_name, c.enrolled_count
              ORDER BY COALESCE(i.name, m.name), c.id",
        )
        .bind(filter.city.map(City::code))
        .bind(filter.institution_id)
        .bind(filter.employer_id)
        .bind(filter.class_id)
        .fetch_all(pool)
        .await
    })
}

/// A session of a class with its live check-ins.
#[derive(Clone, Debug, FromRow)]
pub struct SessionCheckIns {
    pub session_id: i64,
    pub position: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub check_ins: i64,
}

#[tracing::instrument(skip(db))]
pub async fn list_sessions_with_check_ins(
    db: &Database,
    class_id: i64,
) -> Result<Vec<SessionCheckIns>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, SessionCheckIns>(concat!(
            "SELECT s.id AS session_id, s.position, s.starts_at, s.ends_at, ",
            live_check_ins!("s.id"),
            " AS check_ins FROM class_sessions s WHERE s.class_id = $1 ORDER BY s.position",
        ))
        .bind(class_id)
        .fetch_all(pool)
        .await
    })
}

/// Where an inspection is planned.
pub struct NewInspection<'a> {
    pub city: City,
    pub class_id: i64,
    pub session_id: i64,
    pub mode: InspectionMode,
    pub scheduled_by: &'a str,
}

/// Schedules an inspection; returns its id.
#[tracing::instrument(skip(tx, new), fields(session = new.session_id))]
pub async fn insert_scheduled(
    tx: &mut Tx,
    new: &NewInspection<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO inspections (city_code, class_id, session_id, status, mode, scheduled_by, scheduled_at)
             VALUES ($1, $2, $3, 'scheduled', $4, $5, $6) RETURNING id",
        )
        .bind(new.city.code())
        .bind(new.class_id)
        .bind(new.session_id)
        .bind(new.mode.code())
        .bind(new.scheduled_by)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// Records the findings of a scheduled inspection by `inspector`; false
/// when it is not (or no longer) scheduled.
#[tracing::instrument(skip(tx, record))]
pub async fn record_findings(
    tx: &mut Tx,
    id: i64,
    record: &InspectionRecord,
    inspector: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE inspections SET status = 'recorded', mode = $2, inspector_id = $3, inspected_at = $4,
                    headcount = $5, teaching_matches_plan = $6, teaching_note = $7, findings = $8, result = $9
              WHERE id = $1 AND status = 'scheduled'",
        )
        .bind(id)
        .bind(record.mode.code())
        .bind(inspector)
        .bind(now)
        .bind(record.headcount)
        .bind(record.teaching_matches_plan)
        .bind(&record.teaching_note)
        .bind(&record.findings)
        .bind(record.result.code())
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Stores the institution's answer to a 整改 result; false when the
/// inspection is no unanswered 整改.
#[tracing::instrument(skip(tx, answer))]
pub async fn answer_rectification(
    tx: &mut Tx,
    id: i64,
    answer: &str,
    answered_by: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE inspections SET answer = $2, answered_by = $3, answered_at = $4
              WHERE id = $1 AND result = 'rectify' AND answered_at IS NULL",
        )
        .bind(id)
        .bind(answer)
        .bind(answered_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// A photo's facts without its bytes.
#[derive(Clone, Debug, FromRow)]
pub struct PhotoRow {
    pub id: i64,
    pub inspection_id: i64,
    pub content_type: PhotoType,
    pub byte_count: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

/// The photos of these inspections, in the order filed.
#[tracing::instrument(skip(db, inspection_ids))]
pub async fn list_photos(
    db: &Database,
    inspection_ids: &[i64],
) -> Result<Vec<PhotoRow>, sqlx::Error> {
    if inspection_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = inspection_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT id, inspection_id, content_type, byte_count, sha256, uploaded_at
           FROM inspection_photos WHERE inspection_id IN ({ids}) ORDER BY id"
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, PhotoRow>(&sql).fetch_all(pool).await
    })
}

/// Photos an inspection carries, counted inside the transaction that
/// adds one.
#[tracing::instrument(skip(tx))]
pub async fn count_photos(tx: &mut Tx, inspection_id: i64) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar("SELECT COUNT(*) FROM inspection_photos WHERE inspection_id = $1")
            .bind(inspection_id)
            .fetch_one(conn)
            .await
    })
}

/// A photo about to be stored.
pub struct NewPhoto<'a> {
    pub inspection_id: i64,
    pub content_type: PhotoType,
    pub bytes: &'a [u8],
    pub sha256: &'a str,
    pub uploaded_by: &'a str,
}

#[tracing::instrument(skip(tx, photo), fields(inspection = photo.inspection_id))]
pub async fn insert_photo(
    tx: &mut Tx,
    photo: &NewPhoto<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO inspection_photos (inspection_id, content_type, bytes, byte_count, sha256, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(photo.inspection_id)
        .bind(photo.content_type.code())
        .bind(photo.bytes)
        .bind(photo.bytes.len() as i64)
        .bind(photo.sha256)
        .bind(photo.uploaded_by)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// A photo's bytes with its type.
#[derive(Clone, Debug, FromRow)]
pub struct PhotoFile {
    pub content_type: PhotoType,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

#[tracing::instrument(skip(db))]
pub async fn find_photo_file(
    db: &Database,
    inspection_id: i64,
    photo_id: i64,
) -> Result<Option<PhotoFile>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, PhotoFile>(
            "SELECT content_type, bytes, sha256 FROM inspection_photos WHERE id = $1 AND inspection_id = $2",
        )
        .bind(photo_id)
        .bind(inspection_id)
        .fetch_optional(pool)
        .await
    })
}
