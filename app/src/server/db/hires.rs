//! The trainees of an order's classes, the employer's job offers to them,
//! the workers' answers and the retention checks.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::{catalogue::day, on_pool, on_tx, Database, Tx};
use crate::domain::OfferStatus;

/// A trainee of one of an order's classes, with how the training ended
/// for them and what the employer recorded.
#[derive(Clone, Debug, FromRow)]
pub struct TraineeRow {
    pub enrolment_id: i64,
    pub class_id: i64,
    pub worker_id: String,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub class_ends_at: Option<DateTime<Utc>>,
    pub passed: Option<bool>,
    pub certificate_status: Option<String>,
    pub offer_id: Option<i64>,
    pub offer_status: Option<OfferStatus>,
    pub position_title: Option<String>,
    pub starts_on: Option<String>,
    pub reason: Option<String>,
    pub retained_3: Option<bool>,
    pub retained_6: Option<bool>,
}

const TRAINEE_SELECT: &str = "SELECT e.id AS enrolment_id, e.class_id, e.worker_id,
        u.display_name AS worker_name, u.id_number_masked,
        (SELECT MAX(s.ends_at) FROM class_sessions s WHERE s.class_id = c.id) AS class_ends_at,
        a.passed, a.certificate_status,
        j.id AS offer_id, j.status AS offer_status, j.position_title, j.starts_on, j.reason,
        r3.still_employed AS retained_3, r6.still_employed AS retained_6
     FROM enrolments e
     JOIN training_classes c ON c.id = e.class_id
     JOIN users u ON u.id = e.worker_id
     LEFT JOIN assessments a ON a.enrolment_id = e.id
     LEFT JOIN job_offers j ON j.enrolment_id = e.id
     LEFT JOIN retention_checks r3 ON r3.offer_id = j.id AND r3.months = 3
     LEFT JOIN retention_checks r6 ON r6.offer_id = j.id AND r6.months = 6";

/// Every trainee of the classes of order `order_id`.
#[tracing::instrument(skip(db))]
pub async fn trainees_of_order(
    db: &Database,
    order_id: i64,
) -> Result<Vec<TraineeRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(&format!("{TRAINEE_SELECT} WHERE c.order_id = $1 ORDER BY e.class_id, e.id"))
            .bind(order_id)
            .fetch_all(pool)
            .await
    })
}

/// One trainee of order `order_id`, as `tx` sees it.
#[tracing::instrument(skip(tx))]
pub async fn trainee_in_tx(
    tx: &mut Tx,
    order_id: i64,
    enrolment_id: i64,
) -> Result<Option<TraineeRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(&format!("{TRAINEE_SELECT} WHERE c.order_id = $1 AND e.id = $2"))
            .bind(order_id)
            .bind(enrolment_id)
            .fetch_optional(conn)
            .await
    })
}

/// What an outcome writes.
pub struct OfferWrite<'a> {
    pub order_id: i64,
    pub enrolment_id: i64,
    pub worker_id: &'a str,
    pub status: OfferStatus,
    pub position_title: Option<&'a str>,
    pub starts_on: Option<NaiveDate>,
    pub reason: Option<&'a str>,
    pub recorded_by: &'a str,
}

/// Records the first outcome of a trainee; a second one fails on
/// `job_offers_enrolment_key`.
#[tracing::instrument(skip(tx, offer))]
pub async fn insert_offer(
    tx: &mut Tx,
    offer: &OfferWrite<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO job_offers (order_id, enrolment_id, worker_id, status, position_title,
                 starts_on, reason, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(offer.order_id)
        .bind(offer.enrolment_id)
        .bind(offer.worker_id)
        .bind(offer.status.code())
        .bind(offer.position_title.unwrap_or_default())
        .bind(offer.starts_on.map(day))
        .bind(offer.reason.unwrap_or_default())
        .bind(offer.recorded_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Moves a trainee's outcome from `from` to the written one, keeping the
/// fields the write leaves out. Returns whether it was in `from`.
#[tracing::instrument(skip(tx, offer))]
pub async fn update_offer(
    tx: &mut Tx,
    from: OfferStatus,
    offer: &OfferWrite<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE job_offers SET status = $3,
                 position_title = COALESCE($4, position_title),
                 starts_on = COALESCE($5, starts_on),
                 reason = COALESCE($6, reason),
                 recorded_by = $7, recorded_at = $8
             WHERE enrolment_id = $1 AND status = $2",
        )
        .bind(offer.enrolment_id)
        .bind(from.code())
        .bind(offer.status.code())
        .bind(offer.position_title)
        .bind(offer.starts_on.map(day))
        .bind(offer.reason)
        .bind(offer.recorded_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// The worker's answer to an offered job. Returns whether the offer was
/// theirs and still offered.
#[tracing::instrument(skip(tx))]
pub async fn answer_offer(
    tx: &mut Tx,
    offer_id: i64,
    worker_id: &str,
    status: OfferStatus,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE job_offers SET status = $3, answered_at = $4
             WHERE id = $1 AND worker_id = $2 AND status = 'offered'",
        )
        .bind(offer_id)
        .bind(worker_id)
        .bind(status.code())
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Records a retention check; a second one for the same months fails on
/// the primary key.
#[tracing::instrument(skip(tx))]
pub async fn insert_retention(
    tx: &mut Tx,
    offer_id: i64,
    months: u32,
    left_on: Option<NaiveDate>,
    confirmed_by: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO retention_checks (offer_id, months, still_employed, left_on, confirmed_by, confirmed_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(offer_id)
        .bind(i64::from(months))
        .bind(left_on.is_none())
        .bind(left_on.map(day))
        .bind(confirmed_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// A worker's offer with its employer, for the worker's own pages.
#[derive(Clone, Debug, FromRow)]
pub struct WorkerOfferRow {
    pub id: i64,
    pub order_id: i64,
    pub enrolment_id: i64,
    pub employer_name: String,
    pub status: OfferStatus,
    pub position_title: String,
    pub starts_on: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub retained_3: Option<bool>,
    pub retained_6: Option<bool>,
}

/// The offers made to worker `worker_id`, by enrolment.
#[tracing::instrument(skip(db))]
pub async fn offers_of_worker(
    db: &Database,
    worker_id: &str,
) -> Result<Vec<WorkerOfferRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT j.id, j.order_id, j.enrolment_id, e.name AS employer_name, j.status,
                 j.position_title, j.starts_on, j.recorded_at, j.answered_at,
                 r3.still_employed AS retained_3, r6.still_employed AS retained_6
             FROM job_offers j
             JOIN training_orders o ON o.id = j.order_id
             JOIN employers e ON e.id = o.employer_id
             LEFT JOIN retention_checks r3 ON r3.offer_id = j.id AND r3.months = 3
             LEFT JOIN retention_checks r6 ON r6.offer_id = j.id AND r6.months = 6
             WHERE j.worker_id = $1 AND j.status <> 'not_offered'
             ORDER BY j.id",
        )
        .bind(worker_id)
        .fetch_all(pool)
        .await
    })
}

/// The order and enrolment of offer `offer_id`, as `tx` sees it.
#[tracing::instrument(skip(tx))]
pub async fn offer_in_tx(tx: &mut Tx, offer_id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as("SELECT order_id, enrolment_id FROM job_offers WHERE id = $1")
            .bind(offer_id)
            .fetch_optional(conn)
            .await
    })
}
