//! The figures of the institution and course scorecards (oversight):
//! each query counts one thing per institution or per course, of one
//! city's classes or every city's.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, Database};
use crate::domain::City;

/// What a scorecard is of: the column of `training_classes` that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoredBy {
    Institution,
    Course,
}

impl ScoredBy {
    const fn column(self) -> &'static str {
        match self {
            ScoredBy::Institution => "institution_id",
            ScoredBy::Course => "course_id",
        }
    }
}

/// One institution's or course's trainees.
#[derive(Clone, Debug, Default, FromRow)]
pub struct TraineeCounts {
    pub subject_id: i64,
    pub classes: i64,
    pub enrolled: i64,
    /// Enrolled in classes whose last session has ended.
    pub finished_classes_enrolled: i64,
    /// Of those, passed the final assessment.
    pub completed: i64,
    /// Completed with the certificate verified by the bureau.
    pub certified: i64,
    /// Completed a class of a training order (where hires are recorded).
    pub completed_for_orders: i64,
    /// Of those, hired by the order's employer.
    pub hired: i64,
}

/// The approved classes of each subject (institution-run only for
/// institutions), of the city (`$1`, or every city) and of one subject
/// (`$3`, or every one), with whether each has ended by `$2`.
fn scored_classes(by: ScoredBy) -> String {
    let column = by.column();
    format!(
        "SELECT c.id, c.{column} AS subject_id, c.order_id,
                CASE WHEN (SELECT MAX(s.ends_at) FROM class_sessions s WHERE s.class_id = c.id) < $2
                     THEN 1 ELSE 0 END AS ended
           FROM training_classes c
          WHERE c.status = 'approved' AND c.{column} IS NOT NULL
            AND ($1 IS NULL OR c.city_code = $1)
            AND ($3 IS NULL OR c.{column} = $3)"
    )
}

/// Classes and trainees of every institution or course of the city.
pub async fn trainee_counts(
    db: &Database,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<TraineeCounts>, sqlx::Error> {
    let sql = format!(
        "WITH scored AS ({classes}),
              trainees AS (
                SELECT scored.subject_id, scored.ended, scored.order_id,
                       CASE WHEN a.passed THEN 1 ELSE 0 END AS completed,
                       CASE WHEN a.passed AND a.certificate_status = 'verified' THEN 1 ELSE 0 END AS certified,
                       CASE WHEN j.status = 'hired' THEN 1 ELSE 0 END AS hired
                  FROM scored
                  JOIN enrolments e ON e.class_id = scored.id
                  LEFT JOIN assessments a ON a.enrolment_id = e.id
                  LEFT JOIN job_offers j ON j.enrolment_id = e.id)
         SELECT s.subject_id,
                CAST(COUNT(*) AS BIGINT) AS classes,
                CAST(COALESCE(t.enrolled, 0) AS BIGINT) AS enrolled,
                CAST(COALESCE(t.finished_classes_enrolled, 0) AS BIGINT) AS finished_classes_enrolled,
                CAST(COALESCE(t.completed, 0) AS BIGINT) AS completed,
                CAST(COALESCE(t.certified, 0) AS BIGINT) AS certified,
                CAST(COALESCE(t.completed_for_orders, 0) AS BIGINT) AS completed_for_orders,
                CAST(COALESCE(t.hired, 0) AS BIGINT) AS hired
           FROM scored s
           LEFT JOIN (
                SELECT subject_id, COUNT(*) AS enrolled,
                       SUM(ended) AS finished_classes_enrolled,
                       SUM(ended * completed) AS completed,
                       SUM(ended * certified) AS certified,
                       SUM(CASE WHEN order_id IS NOT NULL THEN ended * completed ELSE 0 END)
                           AS completed_for_orders,
                       SUM(CASE WHEN order_id IS NOT NULL THEN ended * completed * hired ELSE 0 END)
                           AS hired
                  FROM trainees GROUP BY subject_id) t ON t.subject_id = s.subject_id
          GROUP BY s.subject_id, t.enrolled, t.finished_classes_enrolled, t.completed,
                   t.certified, t.completed_for_orders, t.hired",
        classes = scored_classes(by),
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, TraineeCounts>(&sql)
            .bind(city.map(City::code))
            .bind(now)
            .bind(subject)
            .fetch_all(pool)
            .await
    })
}

/// The ratings of one institution or course: how many, and the sum of
/// each criterion's scores.
#[derive(Clone, Debug, Default, FromRow)]
pub struct RatingSums {
    pub subject_id: i64,
    pub ratings: i64,
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
}

/// Ratings by the trainees (only those who attended enough may rate) of
/// the subject's classes in the city.
pub async fn rating_sums(
    db: &Database,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<RatingSums>, sqlx::Error> {
    let sql = format!(
        "WITH scored AS ({classes})
         SELECT scored.subject_id, CAST(COUNT(*) AS BIGINT) AS ratings,
                CAST(SUM(r.teaching) AS BIGINT) AS teaching,
                CAST(SUM(r.facilities) AS BIGINT) AS facilities,
                CAST(SUM(r.usefulness) AS BIGINT) AS usefulness
           FROM scored JOIN ratings r ON r.class_id = scored.id
          GROUP BY scored.subject_id",
        classes = scored_classes(by),
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, RatingSums>(&sql)
            .bind(city.map(City::code))
            .bind(now)
            .bind(subject)
            .fetch_all(pool)
            .await
    })
}

/// Check-ins, risk warnings and recovered subsidies of one institution or
/// course.
#[derive(Clone, Debug, Default, FromRow)]
pub struct RiskCounts {
    pub subject_id: i64,
    pub check_ins: i64,
    pub warnings: i64,
    pub recovered_subsidies: i64,
}

/// Check-ins that stand, risk warnings raised (cleared or not) and
/// subsidy claims recovered, of the subject's classes in the city.
pub async fn risk_counts(
    db: &Database,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<RiskCounts>, sqlx::Error> {
    let sql = format!(
        "WITH scored AS ({classes})
         SELECT scored.subject_id,
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
          GROUP BY scored.subject_id",
        classes = scored_classes(by),
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, RiskCounts>(&sql)
            .bind(city.map(City::code))
            .bind(now)
            .bind(subject)
            .fetch_all(pool)
            .await
    })
}

/// The names of the subjects: (id, name, city code).
pub async fn subject_names(
    db: &Database,
    by: ScoredBy,
    ids: &[i64],
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let sql = match by {
        ScoredBy::Institution => format!(
            "SELECT i.id, i.name, c.city_code FROM institutions i
               JOIN catalogues c ON c.id = i.catalogue_id WHERE i.id IN ({list})"
        ),
        ScoredBy::Course => format!(
            "SELECT o.id, o.occupation_name, c.city_code FROM courses o
               JOIN catalogues c ON c.id = o.catalogue_id WHERE o.id IN ({list})"
        ),
    };
    on_pool!(db, pool => {
        sqlx::query_as::<_, (i64, String, String)>(&sql).fetch_all(pool).await
    })
}
