//! The separate consents the Personal Information Protection Law asks
//! for (face checks, pushed recommendations): each given with the version
//! of its wording, withdrawn by the worker at any time, never deleted.

use chrono::{DateTime, Utc};

use super::{on_pool, on_tx, Database, Tx};

/// When the worker's consent for `purpose` in force was given, if one is.
pub async fn find_consent(
    db: &Database,
    user_id: &str,
    purpose: &str,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, DateTime<Utc>>(
            "SELECT given_at FROM consents
             WHERE user_id = $1 AND purpose = $2 AND withdrawn_at IS NULL
             ORDER BY given_at DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(purpose)
        .fetch_optional(pool)
        .await
    })
}

pub async fn insert_consent(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    wording: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO consents (user_id, purpose, wording, given_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(purpose)
        .bind(wording)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Withdraws the worker's consents for `purpose`; how many were in force.
pub async fn withdraw_consents(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE consents SET withdrawn_at = $3
             WHERE user_id = $1 AND purpose = $2 AND withdrawn_at IS NULL",
        )
        .bind(user_id)
        .bind(purpose)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected())
    })
}
