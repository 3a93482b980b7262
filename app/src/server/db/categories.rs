//! Declared worker categories and the bureau's verification of them.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{CategorySource, CategoryStatus, City, WorkerCategory};

/// A declared category with its worker, as the bureau's list shows it.
#[derive(Clone, Debug, FromRow)]
pub struct WorkerCategoryRow {
    pub id: i64,
    pub worker_id: String,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub city_code: Option<City>,
    pub category: WorkerCategory,
    pub status: CategoryStatus,
    pub source: CategorySource,
    pub declared_at: DateTime<Utc>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: String,
}

const ROW_SELECT: &str = "SELECT wc.id, wc.worker_id, u.display_name AS worker_name, u.id_number_masked,
     u.city_code, wc.category, wc.status, wc.source, wc.declared_at, d.display_name AS decided_by_name,
     wc.decided_at, wc.note
     FROM worker_categories wc JOIN users u ON u.id = wc.worker_id
     LEFT JOIN users d ON d.id = wc.decided_by";

/// Writes the categories a worker declared at registration.
#[tracing::instrument(skip(tx, categories))]
pub async fn insert_declared_categories(
    tx: &mut Tx,
    worker_id: &str,
    categories: &[&str],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for category in categories {
        on_tx!(tx, conn => {
            sqlx::query(
                "INSERT INTO worker_categories (worker_id, category, status, source, declared_at)
                 VALUES ($1, $2, 'declared', 'registration', $3)",
            )
            .bind(worker_id)
            .bind(*category)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// Declared categories in `status`, of one city or (with `None`) all.
#[tracing::instrument(skip(db))]
pub async fn list_worker_categories(
    db: &Database,
    city_code: Option<&str>,
    status: &str,
) -> Result<Vec<WorkerCategoryRow>, sqlx::Error> {
    let sql = format!(
        "{ROW_SELECT} WHERE ($1 IS NULL OR u.city_code = $1) AND wc.status = $2
         ORDER BY wc.declared_at, wc.id LIMIT 500"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(city_code)
            .bind(status)
            .fetch_all(pool)
            .await
    })
}

#[tracing::instrument(skip(db))]
pub async fn find_worker_category(
    db: &Database,
    id: i64,
) -> Result<Option<WorkerCategoryRow>, sqlx::Error> {
    let sql = format!("{ROW_SELECT} WHERE wc.id = $1");
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(id).fetch_optional(pool).await
    })
}

/// Every category one worker declared, with its status.
#[tracing::instrument(skip(db))]
pub async fn list_categories_of_worker(
    db: &Database,
    worker_id: &str,
) -> Result<Vec<WorkerCategoryRow>, sqlx::Error> {
    let sql = format!("{ROW_SELECT} WHERE wc.worker_id = $1 ORDER BY wc.id");
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(worker_id).fetch_all(pool).await
    })
}

/// A decision on one category. Changes nothing (false) when the
/// category already has `status`, so two bureau staff deciding at once
/// record one decision.
#[tracing::instrument(skip(tx, note))]
pub async fn decide_worker_category(
    tx: &mut Tx,
    id: i64,
    status: &str,
    source: &str,
    by: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE worker_categories SET status = $2, source = $3, decided_by = $4, note = $5,
                 decided_at = $6
             WHERE id = $1 AND status <> $2",
        )
        .bind(id)
        .bind(status)
        .bind(source)
        .bind(by)
        .bind(note)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// What an import row finds: the account with this ID number's look-up
/// hash, and its row for the category if the worker declared it.
#[derive(Clone, Debug, FromRow)]
pub struct ImportMatch {
    pub worker_id: String,
    pub city_code: Option<String>,
    pub category_id: Option<i64>,
    pub status: Option<String>,
}

/// Finds the worker by the keyed look-up hash of the ID number (the
/// number itself never reaches the database) and the declared category.
#[tracing::instrument(skip(tx, lookup))]
pub async fn find_import_match(
    tx: &mut Tx,
    lookup: &str,
    category: &str,
) -> Result<Option<ImportMatch>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT u.id AS worker_id, u.city_code, wc.id AS category_id, wc.status
             FROM users u LEFT JOIN worker_categories wc ON wc.worker_id = u.id AND wc.category = $2
             WHERE u.id_number_lookup = $1 AND u.role = 'worker'",
        )
        .bind(lookup)
        .bind(category)
        .fetch_optional(conn)
        .await
    })
}

/// The categories of a worker the bureau verified: the only ones that
/// raise a claim's amount.
#[tracing::instrument(skip(db))]
pub async fn list_verified_categories(
    db: &Database,
    worker_id: &str,
) -> Result<Vec<WorkerCategory>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT category FROM worker_categories WHERE worker_id = $1 AND status = 'verified'
             ORDER BY category",
        )
        .bind(worker_id)
        .fetch_all(pool)
        .await
    })
}
