//! The yearly training targets per area (oversight, issue 18).

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{City, MIGRANT_CATEGORIES};

#[derive(Clone, Debug, FromRow)]
pub struct TargetRow {
    pub city_code: String,
    pub year: i64,
    pub person_times: i64,
    pub set_at: Option<DateTime<Utc>>,
    pub reason: String,
}

/// The targets of `year`, of one city or (with `None`) every area.
#[tracing::instrument(skip(db))]
pub async fn list_targets(
    db: &Database,
    year: i64,
    city: Option<City>,
) -> Result<Vec<TargetRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, TargetRow>(
            "SELECT city_code, year, person_times, set_at, reason FROM training_targets
              WHERE year = $1 AND ($2 IS NULL OR city_code = $2) ORDER BY city_code",
        )
        .bind(year)
        .bind(city.map(City::code))
        .fetch_all(pool)
        .await
    })
}

/// Sets an area's target of a year, new or changed.
#[tracing::instrument(skip(tx))]
pub async fn set_target(
    tx: &mut Tx,
    city: City,
    year: i64,
    person_times: i64,
    set_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO training_targets (city_code, year, person_times, set_by, set_at, reason)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (city_code, year) DO UPDATE SET person_times = excluded.person_times,
                 set_by = excluded.set_by, set_at = excluded.set_at, reason = excluded.reason",
        )
        .bind(city.code())
        .bind(year)
        .bind(person_times)
        .bind(set_by)
        .bind(now)
        .bind(reason)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Person-times of one area, training type, first migrant-worker
/// category (its position in [`MIGRANT_CATEGORIES`], from 1), month (1
/// to 12) and occupation.
#[derive(Clone, Debug, FromRow)]
pub struct SliceRow {
    pub city_code: String,
    pub training_type: String,
    pub category_rank: i64,
    pub month: i64,
    pub occupation_name: String,
    pub person_times: i64,
}

/// The workers who hold a migrant-worker category the bureau has not
/// refused, each with the position of their first such category.
fn migrant_workers() -> String {
    let ranks: String = MIGRANT_CATEGORIES
        .iter()
        .enumerate()
        .map(|(index, category)| format!(" WHEN '{}' THEN {}", category.code(), index + 1))
        .collect();
    let codes = MIGRANT_CATEGORIES
        .iter()
        .map(|category| format!("'{}'", category.code()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH migrant AS (
            SELECT worker_id, MIN(CASE category{ranks} END) AS category_rank
              FROM worker_categories
             WHERE status <> 'refused' AND category IN ({codes})
             GROUP BY worker_id)"
    )
}

/// The completions that count against the targets (see
/// [`counts_as_person_time`](crate::domain::counts_as_person_time)):
/// passed final assessments recorded in the year, of migrant workers, in
/// classes of the area (`$1`: a city code, or null for every area). The
/// year runs from `$2` to the parameter `year_end`.
fn counted(year_end: &str) -> String {
    format!(
        "FROM assessments a
           JOIN enrolments e ON e.id = a.enrolment_id
           JOIN training_classes c ON c.id = e.class_id
           JOIN migrant m ON m.worker_id = e.worker_id
          WHERE a.passed AND a.recorded_at >= $2 AND a.recorded_at < {year_end}
            AND ($1 IS NULL OR c.city_code = $1)"
    )
}

/// Person-times of `year` (its [`month_starts`]) by area, training type,
/// first migrant-worker category, month and occupation, of one area or
/// every one: one pass over the year's assessments for every breakdown.
#[tracing::instrument(skip(db))]
pub async fn count_person_times(
    db: &Database,
    month_starts: &[DateTime<Utc>; 13],
    city: Option<City>,
) -> Result<Vec<SliceRow>, sqlx::Error> {
    let month: String = (2..=12)
        .map(|month| format!(" WHEN a.recorded_at < ${} THEN {}", month + 1, month - 1))
        .collect();
    let sql = format!(
        "{migrant}
         SELECT c.city_code, c.training_type, CAST(m.category_rank AS BIGINT) AS category_rank,
                CAST(CASE{month} ELSE 12 END AS BIGINT) AS month, c.occupation_name,
                CAST(COUNT(*) AS BIGINT) AS person_times
           {counted}
          GROUP BY 1, 2, 3, 4, 5",
        migrant = migrant_workers(),
        counted = counted("$14"),
    );
    on_pool!(db, pool => {
        let mut query = sqlx::query_as::<_, SliceRow>(&sql).bind(city.map(City::code));
        for start in month_starts {
            query = query.bind(*start);
        }
        query.fetch_all(pool).await
    })
}
