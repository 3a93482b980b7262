//! Employers and their verification.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{City, Company, EmployerStatus};

/// An employer row.
#[derive(Clone, Debug, FromRow)]
pub struct EmployerRow {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub city_code: City,
    pub contact_person: String,
    pub contact_mobile: String,
    pub status: EmployerStatus,
    pub registered_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: String,
}

const EMPLOYER_SELECT: &str = "SELECT id, name, credit_code, address, city_code, contact_person,
        contact_mobile, status, registered_at, decided_at, decision_reason
     FROM employers";

/// Stores a newly registered employer as pending and returns its id; a
/// second registration of one credit code fails on
/// `employers_credit_code_key`.
#[tracing::instrument(skip(tx, company))]
pub async fn insert_employer(
    tx: &mut Tx,
    company: &Company,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO employers (name, credit_code, address, city_code, contact_person,
                 contact_mobile, status, registered_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
             RETURNING id",
        )
        .bind(company.name.as_str())
        .bind(company.credit_code.as_str())
        .bind(company.address.as_str())
        .bind(company.city.code())
        .bind(company.contact_person.as_str())
        .bind(company.contact_mobile.as_str())
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// Replaces a rejected employer's details and puts it back before the
/// bureau. Returns whether it was rejected. (A pending registration does
/// not change under the reviewer's eyes.)
#[tracing::instrument(skip(tx, company))]
pub async fn correct_employer(
    tx: &mut Tx,
    id: i64,
    company: &Company,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE employers SET name = $2, credit_code = $3, address = $4, contact_person = $5,
                 contact_mobile = $6, status = 'pending', registered_at = $7,
                 decided_at = NULL, decided_by = NULL, decision_reason = ''
             WHERE id = $1 AND status = 'rejected'",
        )
        .bind(id)
        .bind(company.name.as_str())
        .bind(company.credit_code.as_str())
        .bind(company.address.as_str())
        .bind(company.contact_person.as_str())
        .bind(company.contact_mobile.as_str())
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Records the bureau's decision on a pending employer. Returns whether
/// it was pending.
#[tracing::instrument(skip(tx, reason))]
pub async fn decide_employer(
    tx: &mut Tx,
    id: i64,
    status: EmployerStatus,
    decided_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE employers SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(status.code())
        .bind(decided_by)
        .bind(reason)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

#[tracing::instrument(skip(db))]
pub async fn find_employer(db: &Database, id: i64) -> Result<Option<EmployerRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(&format!("{EMPLOYER_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}

/// The employer `id` as `tx` sees it.
#[tracing::instrument(skip(tx))]
pub async fn find_employer_in_tx(tx: &mut Tx, id: i64) -> Result<Option<EmployerRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(&format!("{EMPLOYER_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await
    })
}

/// Employers of `city` (every city when `None`) in `status` (any when
/// `None`), newest registration first.
#[tracing::instrument(skip(db))]
pub async fn list_employers(
    db: &Database,
    city: Option<City>,
    status: Option<EmployerStatus>,
) -> Result<Vec<EmployerRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{EMPLOYER_SELECT}
             WHERE ($1 IS NULL OR city_code = $1) AND ($2 IS NULL OR status = $2)
             ORDER BY registered_at DESC, id DESC LIMIT 500"
        ))
        .bind(city.map(City::code))
        .bind(status.map(EmployerStatus::code))
        .fetch_all(pool)
        .await
    })
}
