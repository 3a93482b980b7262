//! Device-bound keys, one per worker at a time, and what the city's
//! phones and check-ins can prove.

use chrono::{DateTime, Utc};

use super::{on_pool, on_tx, on_writer, Database, Tx};
use crate::domain::{MarkAssurance, PhoneCapability};

/// The public half of a worker's device key.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeviceKeyRow {
    pub user_id: String,
    pub public_key: String,
    pub registered_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The worker's device key, if they have one.
#[tracing::instrument(skip(db))]
pub async fn find_device_key(
    db: &Database,
    user_id: &str,
) -> Result<Option<DeviceKeyRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, DeviceKeyRow>(
            "SELECT user_id, public_key, registered_at, last_used_at FROM device_keys WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await
    })
}

/// Registers the worker's device key; `false` when they hold one already.
pub async fn insert_device_key(
    tx: &mut Tx,
    user_id: &str,
    public_key: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO device_keys (user_id, public_key, registered_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(public_key)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Notes that the key confirmed a check-in.
pub async fn touch_device_key(
    tx: &mut Tx,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE device_keys SET last_used_at = $2 WHERE user_id = $1")
            .bind(user_id)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Removes the worker's device key (a recovery on a new phone).
pub async fn delete_device_key(tx: &mut Tx, user_id: &str) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM device_keys WHERE user_id = $1")
            .bind(user_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Keeps the class of what the worker's phone can do; `false` when it
/// was that already.
/// Stores a worker's phone class when it changed (staff are not counted).
const SET_PHONE_CAPABILITY: &str = "UPDATE users SET phone_capability = $2 \
     WHERE id = $1 AND role = 'worker' AND (phone_capability IS NULL OR phone_capability <> $2)";

/// Like [`set_phone_capability`], in a writing transaction.
pub async fn set_phone_capability_in(
    tx: &mut Tx,
    user_id: &str,
    capability: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(SET_PHONE_CAPABILITY)
        .bind(user_id)
        .bind(capability)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

pub async fn set_phone_capability(
    db: &Database,
    user_id: &str,
    capability: &str,
) -> Result<bool, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(SET_PHONE_CAPABILITY)
        .bind(user_id)
        .bind(capability)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// How many of a city's workers are in each phone class (`None`: never
/// seen by a browser yet).
#[tracing::instrument(skip(db))]
pub async fn count_workers_by_capability(
    db: &Database,
    city_code: &str,
) -> Result<Vec<(Option<PhoneCapability>, i64)>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT phone_capability, COUNT(*) FROM users \
             WHERE role = 'worker' AND city_code = $1 GROUP BY phone_capability",
        )
        .bind(city_code)
        .fetch_all(pool)
        .await
    })
}

/// How many live check-ins and check-outs of a city's classes were
/// confirmed at each assurance level.
#[tracing::instrument(skip(db))]
pub async fn count_marks_by_assurance(
    db: &Database,
    city_code: &str,
) -> Result<Vec<(MarkAssurance, i64)>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.assurance, COUNT(*) FROM attendance a \
             JOIN class_sessions s ON s.id = a.session_id \
             JOIN training_classes c ON c.id = s.class_id \
             WHERE c.city_code = $1 AND a.voided_at IS NULL GROUP BY a.assurance",
        )
        .bind(city_code)
        .fetch_all(pool)
        .await
    })
}
