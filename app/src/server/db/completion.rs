//! Completion assessments with their certificates, and ratings.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{CertificateKind, CertificateLevel, CertificateStatus, City, ClaimStatus};

/// An enrolment's completion assessment.
#[derive(Clone, Debug, FromRow)]
pub struct AssessmentRow {
    pub enrolment_id: i64,
    pub passed: bool,
    pub score: i64,
    pub certificate_number: Option<String>,
    pub certificate_level: Option<CertificateLevel>,
    pub certificate_issued_on: Option<String>,
    pub certificate_status: CertificateStatus,
    pub recorded_at: DateTime<Utc>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verification_reason: String,
}

const ASSESSMENT_COLUMNS: &str =
    "enrolment_id, passed, score, certificate_number, certificate_level,
    certificate_issued_on, certificate_status, recorded_at, verified_at, verification_reason";

#[tracing::instrument(skip(db))]
pub async fn find_assessment(
    db: &Database,
    enrolment_id: i64,
) -> Result<Option<AssessmentRow>, sqlx::Error> {
    let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE enrolment_id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(enrolment_id).fetch_optional(pool).await)
}

/// An assessment about to be recorded.
pub struct NewAssessmentRow<'a> {
    pub enrolment_id: i64,
    pub passed: bool,
    pub score: i64,
    pub certificate_number: Option<&'a str>,
    pub certificate_level: Option<&'a str>,
    pub certificate_issued_on: Option<String>,
    pub certificate_status: &'a str,
    pub recorded_by: &'a str,
}

/// Records or replaces an assessment; `false` when the certificate was
/// already verified or found invalid (the record is then final).
#[tracing::instrument(skip(tx, row), fields(enrolment_id = row.enrolment_id))]
pub async fn upsert_assessment(
    tx: &mut Tx,
    row: &NewAssessmentRow<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO assessments (enrolment_id, passed, score, certificate_number, certificate_level,
                 certificate_issued_on, certificate_status, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (enrolment_id) DO UPDATE SET passed = excluded.passed, score = excluded.score,
                 certificate_number = excluded.certificate_number,
                 certificate_level = excluded.certificate_level,
                 certificate_issued_on = excluded.certificate_issued_on,
                 certificate_status = excluded.certificate_status,
                 recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
             WHERE assessments.certificate_status IN ('not_required', 'pending')",
        )
        .bind(row.enrolment_id)
        .bind(row.passed)
        .bind(row.score)
        .bind(row.certificate_number)
        .bind(row.certificate_level)
        .bind(row.certificate_issued_on.as_deref())
        .bind(row.certificate_status)
        .bind(row.recorded_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// Records the bureau's finding on a pending certificate (a verified one
/// can still be found invalid later, on evidence of fraud); `false` when
/// there is nothing to decide.
#[tracing::instrument(skip(tx))]
pub async fn verify_certificate(
    tx: &mut Tx,
    enrolment_id: i64,
    status: &str,
    by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE assessments SET certificate_status = $2, verified_by = $3, verification_reason = $4,
                 verified_at = $5
             WHERE enrolment_id = $1
               AND (certificate_status = 'pending' OR (certificate_status = 'verified' AND $2 = 'invalid'))",
        )
        .bind(enrolment_id)
        .bind(status)
        .bind(by)
        .bind(reason)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// One worker of a class at its end: attendance is computed by the
/// service; this row carries the records.
#[derive(Clone, Debug, FromRow)]
pub struct CompletionRow {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub passed: Option<bool>,
    pub score: Option<i64>,
    pub certificate_number: Option<String>,
    pub certificate_status: Option<CertificateStatus>,
    pub claim_id: Option<i64>,
    pub claim_status: Option<ClaimStatus>,
}

#[tracing::instrument(skip(db))]
pub async fn list_class_completion(
    db: &Database,
    class_id: i64,
) -> Result<Vec<CompletionRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.id AS enrolment_id, u.display_name AS worker_name, u.id_number_masked,
                 a.passed, a.score, a.certificate_number, a.certificate_status,
                 s.id AS claim_id, s.status AS claim_status
             FROM enrolments e JOIN users u ON u.id = e.worker_id
             LEFT JOIN assessments a ON a.enrolment_id = e.id
             LEFT JOIN subsidy_claims s ON s.enrolment_id = e.id AND s.status <> 'rejected'
             WHERE e.class_id = $1 ORDER BY e.id",
        )
        .bind(class_id)
        .fetch_all(pool)
        .await
    })
}

/// A certificate awaiting (or past) the bureau's verification.
#[derive(Clone, Debug, FromRow)]
pub struct CertificateRow {
    pub enrolment_id: i64,
    pub class_id: i64,
    pub city_code: City,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub institution_name: String,
    pub occupation_name: String,
    pub certificate_kind: CertificateKind,
    pub certificate_number: Option<String>,
    pub certificate_level: Option<CertificateLevel>,
    pub certificate_issued_on: Option<String>,
    pub certificate_status: CertificateStatus,
    pub score: i64,
    pub recorded_at: DateTime<Utc>,
}

#[tracing::instrument(skip(db))]
pub async fn list_certificates(
    db: &Database,
    city_code: Option<&str>,
    status: &str,
) -> Result<Vec<CertificateRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.enrolment_id, c.id AS class_id, c.city_code, u.display_name AS worker_name,
                 u.id_number_masked, COALESCE(i.name, m.name) AS institution_name, c.occupation_name,
                 c.certificate_kind,
                 a.certificate_number, a.certificate_level, a.certificate_issued_on, a.certificate_status,
                 a.score, a.recorded_at
             FROM assessments a JOIN enrolments e ON e.id = a.enrolment_id
             JOIN training_classes c ON c.id = e.class_id LEFT JOIN institutions i ON i.id = c.institution_id
             LEFT JOIN employers m ON m.id = c.employer_id JOIN users u ON u.id = e.worker_id
             WHERE ($1 IS NULL OR c.city_code = $1) AND a.certificate_status = $2
             ORDER BY a.recorded_at LIMIT 500",
        )
        .bind(city_code)
        .bind(status)
        .fetch_all(pool)
        .await
    })
}

/// A rating with the class it is about.
#[derive(Clone, Debug, FromRow)]
pub struct RatingRow {
    pub id: i64,
    pub enrolment_id: i64,
    pub class_id: i64,
    pub institution_id: i64,
    pub city_code: City,
    pub worker_id: String,
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
    pub comment: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
    pub hidden_at: Option<DateTime<Utc>>,
    pub hidden_reason: String,
}

const RATING_SELECT: &str =
    "SELECT r.id, r.enrolment_id, r.class_id, r.institution_id, c.city_code,
        r.worker_id, r.teaching, r.facilities, r.usefulness, r.comment, r.created_at, r.updated_at,
        r.reply, r.replied_at, r.hidden_at, r.hidden_reason
     FROM ratings r JOIN training_classes c ON c.id = r.class_id";

#[tracing::instrument(skip(db))]
pub async fn find_rating(db: &Database, id: i64) -> Result<Option<RatingRow>, sqlx::Error> {
    let sql = format!("{RATING_SELECT} WHERE r.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn find_rating_of_enrolment(
    db: &Database,
    enrolment_id: i64,
) -> Result<Option<RatingRow>, sqlx::Error> {
    let sql = format!("{RATING_SELECT} WHERE r.enrolment_id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(enrolment_id).fetch_optional(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn list_class_ratings(
    db: &Database,
    class_id: i64,
) -> Result<Vec<RatingRow>, sqlx::Error> {
    let sql = format!("{RATING_SELECT} WHERE r.class_id = $1 ORDER BY r.created_at DESC");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(class_id).fetch_all(pool).await)
}

/// A rating about to be stored.
pub struct NewRatingRow<'a> {
    pub enrolment_id: i64,
    pub class_id: i64,
    pub institution_id: i64,
    pub worker_id: &'a str,
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
    pub comment: &'a str,
}

/// Stores a first rating; `None` when the enrolment has one already.
#[tracing::instrument(skip(tx, row), fields(enrolment_id = row.enrolment_id))]
pub async fn insert_rating(
    tx: &mut Tx,
    row: &NewRatingRow<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO ratings (enrolment_id, class_id, institution_id, worker_id, teaching, facilities,
                 usefulness, comment, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
             ON CONFLICT (enrolment_id) DO NOTHING RETURNING id",
        )
        .bind(row.enrolment_id)
        .bind(row.class_id)
        .bind(row.institution_id)
        .bind(row.worker_id)
        .bind(row.teaching)
        .bind(row.facilities)
        .bind(row.usefulness)
        .bind(row.comment)
        .bind(now)
        .fetch_optional(conn)
        .await
    })
}

/// Changes a rating given after `editable_since`; `false` when it is
/// older (no longer changeable).
#[tracing::instrument(skip(tx, row), fields(enrolment_id = row.enrolment_id))]
pub async fn update_rating(
    tx: &mut Tx,
    row: &NewRatingRow<'_>,
    editable_since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE ratings SET teaching = $2, facilities = $3, usefulness = $4, comment = $5, updated_at = $6
             WHERE enrolment_id = $1 AND created_at >= $7",
        )
        .bind(row.enrolment_id)
        .bind(row.teaching)
        .bind(row.facilities)
        .bind(row.usefulness)
        .bind(row.comment)
        .bind(now)
        .bind(editable_since)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// The institution's one reply; `false` when it replied already.
#[tracing::instrument(skip(tx, reply))]
pub async fn set_reply(
    tx: &mut Tx,
    id: i64,
    reply: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE ratings SET reply = $2, replied_by = $3, replied_at = $4 WHERE id = $1 AND reply IS NULL",
        )
        .bind(id)
        .bind(reply)
        .bind(by)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// Hides a rating's comment; `false` when it is hidden already.
#[tracing::instrument(skip(tx, reason))]
pub async fn hide_rating(
    tx: &mut Tx,
    id: i64,
    by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE ratings SET hidden_at = $2, hidden_by = $3, hidden_reason = $4 WHERE id = $1 AND hidden_at IS NULL",
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

/// How many ratings an institution has and the sum of all their scores.
#[tracing::instrument(skip(db))]
pub async fn institution_rating_totals(
    db: &Database,
    institution_id: i64,
) -> Result<(i64, i64), sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(teaching + facilities + usefulness), 0) AS BIGINT) FROM ratings
             WHERE institution_id = $1",
        )
        .bind(institution_id)
        .fetch_one(pool)
        .await
    })
}
