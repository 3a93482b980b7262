//! When each trainee of an employer's own training started working for
//! the employer, as the employer declared it.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{catalogue::day, on_pool, on_tx, Database, Tx};

/// A trainee of an employer-run class with the declared start
/// (`YYYY-MM-DD`, `None` until declared).
#[derive(Clone, Debug, FromRow)]
pub struct EmploymentRow {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub employed_since: Option<String>,
}

/// The trainees of class `class_id` with their declared employment.
#[tracing::instrument(skip(db))]
pub async fn list_class_employment(
    db: &Database,
    class_id: i64,
) -> Result<Vec<EmploymentRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.id AS enrolment_id, u.display_name AS worker_name, u.id_number_masked,
                 t.employed_since
             FROM enrolments e JOIN users u ON u.id = e.worker_id
             LEFT JOIN trainee_employment t ON t.enrolment_id = e.id
             WHERE e.class_id = $1 ORDER BY e.id",
        )
        .bind(class_id)
        .fetch_all(pool)
        .await
    })
}

/// The declared employment start of enrolment `enrolment_id`.
#[tracing::instrument(skip(db))]
pub async fn find_employed_since(
    db: &Database,
    enrolment_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT employed_since FROM trainee_employment WHERE enrolment_id = $1",
        )
        .bind(enrolment_id)
        .fetch_optional(pool)
        .await
    })
}

/// Records (or replaces) the declared employment start of a trainee.
#[tracing::instrument(skip(tx))]
pub async fn declare_employment(
    tx: &mut Tx,
    enrolment_id: i64,
    employed_since: chrono::NaiveDate,
    declared_by: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO trainee_employment (enrolment_id, employed_since, declared_by, declared_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (enrolment_id) DO UPDATE SET employed_since = excluded.employed_since,
                 declared_by = excluded.declared_by, declared_at = excluded.declared_at",
        )
        .bind(enrolment_id)
        .bind(day(employed_since))
        .bind(declared_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}
