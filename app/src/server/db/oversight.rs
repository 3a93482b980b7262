//! The yearly training targets per area (oversight, issue 18).

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::City;

#[derive(Clone, Debug, FromRow)]
pub struct TargetRow {
    pub city_code: String,
    pub year: i64,
    pub person_times: i64,
    pub set_at: Option<DateTime<Utc>>,
    pub reason: String,
}

/// The targets of `year`, of one city or (with `None`) every area.
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
