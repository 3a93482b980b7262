//! The figures of the institution and course scorecards (oversight):
//! each query counts one thing per institution or per course, of one
//! city's classes or every city's. An institution or a course is known
//! by its city and its name (an institution) or its occupation key (a
//! course), not by its row: each yearly edition of a catalogue has rows
//! of its own.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, Database};
use crate::domain::{City, ScoredBy};

/// The catalogue table, the column of `training_classes` that points into
/// it, and the column that names the subject across editions.
const fn columns(by: ScoredBy) -> (&'static str, &'static str, &'static str, &'static str) {
    match by {
        ScoredBy::Institution => ("institutions", "institution_id", "name", "name"),
        ScoredBy::Course => ("courses", "course_id", "occupation_key", "occupation_name"),
    }
}

/// The approved classes of each subject (institution-run only for
/// institutions), of the city (`$1`, or every city) and of the subject
/// of one catalogue row (`$3`, or every subject), with whether each has
/// ended by `$2` and the subject's key (city and name or occupation key),
/// latest row and name.
fn scored_classes(by: ScoredBy) -> String {
    let (table, column, key, name) = columns(by);
    format!(
        "SELECT c.id, c.order_id,
                k.city_code || ':' || s.{key} AS subject_key, s.id AS row_id,
                s.{name} AS subject_name, k.city_code AS subject_city,
                CASE WHEN (SELECT MAX(cs.ends_at) FROM class_sessions cs WHERE cs.class_id = c.id) < $2
                     THEN 1 ELSE 0 END AS ended
           FROM training_classes c
           JOIN {table} s ON s.id = c.{column}
           JOIN catalogues k ON k.id = s.catalogue_id
          WHERE c.status = 'approved'
            AND ($1 IS NULL OR c.city_code = $1)
            AND ($3 IS NULL OR k.city_code || ':' || s.{key} =
                 (SELECT k3.city_code || ':' || s3.{key} FROM {table} s3
                    JOIN catalogues k3 ON k3.id = s3.catalogue_id WHERE s3.id = $3))"
    )
}

/// The rows of `sql`, a query over [`scored_classes`], for the city, the
/// subject and the time given.
async fn fetch_scored<T>(
    db: &Database,
    sql: &str,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<T>, sqlx::Error>
where
    T: Send
        + Unpin
        + for<'r> FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> FromRow<'r, sqlx::postgres::PgRow>,
{
    on_pool!(db, pool => {
        sqlx::query_as::<_, T>(sql)
            .bind(city.map(City::code))
            .bind(now)
            .bind(subject)
            .fetch_all(pool)
            .await
    })
}

/// One institution's or course's classes and trainees.
#[derive(Clone, Debug, Default, FromRow)]
pub struct TraineeCounts {
    pub subject_key: String,
    /// Its latest catalogue row.
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_city: String,
    pub classes: i64,
    pub enrolled: i64,
    /// Trainees of ended classes whose final assessment is recorded.
    pub assessed: i64,
    /// Of those, passed.
    pub completed: i64,
    /// Completed with the certificate verified by the bureau.
    pub certified: i64,
    /// Completed a class of a training order and the employer recorded
    /// the outcome (hired, declined or no offer).
    pub placed_outcomes: i64,
    /// Of those, hired.
    pub hired: i64,
}

/// Classes and trainees of every institution or course of the city.
#[tracing::instrument(skip(db))]
pub async fn count_trainees(
    db: &Database,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<TraineeCounts>, sqlx::Error> {
    let sql = format!(
        "WITH scored AS ({classes}),
              trainees AS (
                SELECT scored.subject_key, scored.ended, scored.order_id,
                       CASE WHEN a.enrolment_id IS NOT NULL THEN 1 ELSE 0 END AS assessed,
                       CASE WHEN a.passed THEN 1 ELSE 0 END AS completed,
                       CASE WHEN a.passed AND a.certificate_status = 'verified' THEN 1 ELSE 0 END AS certified,
                       CASE WHEN j.status IN ('hired', 'declined', 'not_offered') THEN 1 ELSE 0 END AS outcome,
                       CASE WHEN j.status = 'hired' THEN 1 ELSE 0 END AS hired
                  FROM scored
                  JOIN enrolments e ON e.class_id = scored.id
                  LEFT JOIN assessments a ON a.enrolment_id = e.id
                  LEFT JOIN job_offers j ON j.enrolment_id = e.id),
              subjects AS (
                SELECT subject_key, MAX(row_id) AS subject_id, MAX(subject_name) AS subject_name,
                       MAX(subject_city) AS subject_city, COUNT(*) AS classes
                  FROM scored GROUP BY subject_key),
              sums AS (
                SELECT subject_key, COUNT(*) AS enrolled,
                       SUM(ended * assessed) AS assessed,
                       SUM(ended * completed) AS completed,
                       SUM(ended * certified) AS certified,
                       SUM(CASE WHEN order_id IS NOT NULL THEN ended * completed * outcome ELSE 0 END)
                           AS placed_outcomes,
                       SUM(CASE WHEN order_id IS NOT NULL THEN ended * completed * hired ELSE 0 END)
                           AS hired
                  FROM trainees GROUP BY subject_key)
         SELECT s.subject_key, CAST(s.subject_id AS BIGINT) AS subject_id, s.subject_name,
                s.subject_city, CAST(s.classes AS BIGINT) AS classes,
                CAST(COALESCE(t.enrolled, 0) AS BIGINT) AS enrolled,
                CAST(COALESCE(t.assessed, 0) AS BIGINT) AS assessed,
                CAST(COALESCE(t.completed, 0) AS BIGINT) AS completed,
                CAST(COALESCE(t.certified, 0) AS BIGINT) AS certified,
                CAST(COALESCE(t.placed_outcomes, 0) AS BIGINT) AS placed_outcomes,
                CAST(COALESCE(t.hired, 0) AS BIGINT) AS hired
           FROM subjects s LEFT JOIN sums t ON t.subject_key = s.subject_key",
        classes = scored_classes(by),
    );
    fetch_scored(db, &sql, city, subject, now).await
}

/// The ratings of one institution or course: how many, and the sum of
/// each criterion's scores.
#[derive(Clone, Debug, Default, FromRow)]
pub struct RatingSums {
    pub subject_key: String,
    pub ratings: i64,
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
}

/// Ratings by the trainees (only those who attended enough may rate) of
/// the subject's classes in the city.
#[tracing::instrument(skip(db))]
pub async fn sum_ratings(
    db: &Database,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<RatingSums>, sqlx::Error> {
    let sql = format!(
        "WITH scored AS ({classes})
         SELECT scored.subject_key, CAST(COUNT(*) AS BIGINT) AS ratings,
                CAST(SUM(r.teaching) AS BIGINT) AS teaching,
                CAST(SUM(r.facilities) AS BIGINT) AS facilities,
                CAST(SUM(r.usefulness) AS BIGINT) AS usefulness
           FROM scored JOIN ratings r ON r.class_id = scored.id
          GROUP BY scored.subject_key",
        classes = scored_classes(by),
    );
    fetch_scored(db, &sql, city, subject, now).await
}

/// Check-ins, risk warnings and recovered subsidies of one institution or
/// course.
#[derive(Clone, Debug, Default, FromRow)]
pub struct RiskCounts {
    pub subject_key: String,
    pub check_ins: i64,
    pub warnings: i64,
    pub recovered_subsidies: i64,
}

/// Check-ins that stand, risk warnings raised (cleared or not) and
/// subsidy claims recovered, of the subject's classes in the city.
#[tracing::instrument(skip(db))]
pub async fn count_risks(
    db: &Database,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<RiskCounts>, sqlx::Error> {
    let sql = format!(
        "WITH scored AS ({classes})
         SELECT scored.subject_key,
                CAST(COALESCE(SUM((SELECT COUNT(*) FROM attendance a
                     JOIN class_sessions s ON s.id = a.session_id
                    WHERE s.class_id = scored.id AND a.direction = 'in' AND a.voided_at IS NULL)), 0)
                     AS BIGINT) AS check_ins,
                CAST(COALESCE(SUM((SELECT COUNT(*) FROM risk_warnings w
                    WHERE w.class_id = scored.id)), 0) AS BIGINT) AS warnings,
                CAST(COALESCE(SUM((SELECT COUNT(*) FROM subsidy_claims sc
                    WHERE sc.class_id = scored.id AND sc.status = 'recovered')), 0) AS BIGINT)
                     AS recovered_subsidies
           FROM scored
          GROUP BY scored.subject_key",
        classes = scored_classes(by),
    );
    fetch_scored(db, &sql, city, subject, now).await
}
