//! Device-bound keys, one per worker at a time.

use chrono::{DateTime, Utc};

use super::{on_pool, on_tx, Database, Tx};

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
