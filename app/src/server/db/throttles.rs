//! Rate-limit counters. Each statement counts and decides at once, on
//! the database, so limits hold across app processes and parallel bursts.

use chrono::{DateTime, Utc};

use super::{on_pool, on_tx, on_writer, Database, Tx};

/// Counts one request against `subject` in a fixed window that restarts
/// once it began at or before `window_cutoff`. Returns the count in the
/// current window and when that window began.
#[tracing::instrument(skip(db))]
pub async fn count_throttle_hit(
    db: &Database,
    subject: &str,
    now: DateTime<Utc>,
    window_cutoff: DateTime<Utc>,
) -> Result<(i64, DateTime<Utc>), sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query_as(
            "INSERT INTO throttles (subject, hits, window_started_at) VALUES ($1, 1, $2)
             ON CONFLICT (subject) DO UPDATE SET
                 hits = CASE WHEN throttles.window_started_at <= $3 THEN 1 ELSE throttles.hits + 1 END,
                 window_started_at = CASE WHEN throttles.window_started_at <= $3 THEN $2
                                          ELSE throttles.window_started_at END
             RETURNING hits, window_started_at",
        )
        .bind(subject)
        .bind(now)
        .bind(window_cutoff)
        .fetch_one(pool)
        .await
    })
}

/// Counts an attempt as a failure before it is tried (a success gives it
/// back), unless `subject` is waiting out a delay. Failures older than
/// `forget_before` are forgotten. `Ok(Ok(failures))` counts it;
/// `Ok(Err(until))` means the subject must wait until then.
#[tracing::instrument(skip(tx))]
pub async fn reserve_throttle_attempt(
    tx: &mut Tx,
    subject: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<Result<i64, DateTime<Utc>>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO throttles (subject, window_started_at) VALUES ($1, $2)
             ON CONFLICT (subject) DO NOTHING",
        )
        .bind(subject)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        let counted: Option<i64> = sqlx::query_scalar(
            "UPDATE throttles SET
                 failures = CASE WHEN last_failure_at IS NULL OR last_failure_at <= $3 THEN 1
                                 ELSE failures + 1 END,
                 last_failure_at = $2
             WHERE subject = $1 AND (blocked_until IS NULL OR blocked_until <= $2)
             RETURNING failures",
        )
        .bind(subject)
        .bind(now)
        .bind(forget_before)
        .fetch_optional(&mut *conn)
        .await?;
        match counted {
            Some(failures) => Ok(Ok(failures)),
            None => {
                let until: Option<DateTime<Utc>> =
                    sqlx::query_scalar("SELECT blocked_until FROM throttles WHERE subject = $1")
                        .bind(subject)
                        .fetch_one(&mut *conn)
                        .await?;
                Ok(Err(until.unwrap_or(now)))
            }
        }
    })
}

/// Makes `subject` wait until `until` before its next attempt.
#[tracing::instrument(skip(tx))]
pub async fn update_throttle_block(
    tx: &mut Tx,
    subject: &str,
    until: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE throttles SET blocked_until = $2 WHERE subject = $1")
            .bind(subject)
            .bind(until)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Gives back one reserved attempt of a shared subject (an address) after
/// it succeeded; any delay already running stays.
#[tracing::instrument(skip(db))]
pub async fn release_throttle_attempt(db: &Database, subject: &str) -> Result<(), sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(
            "UPDATE throttles SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END
             WHERE subject = $1",
        )
        .bind(subject)
        .execute(pool)
        .await
        .map(|_| ())
    })
}

/// Forgets the failures and delay of a subject that proved itself (the
/// account, or the account from this address, signed in).
#[tracing::instrument(skip(db))]
pub async fn reset_throttle(db: &Database, subject: &str) -> Result<(), sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query("UPDATE throttles SET failures = 0, blocked_until = NULL WHERE subject = $1")
            .bind(subject)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// Until when `subject` must wait, if it must.
#[tracing::instrument(skip(db))]
pub async fn find_throttle_block(
    db: &Database,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT blocked_until FROM throttles WHERE subject = $1 AND blocked_until > $2",
        )
        .bind(subject)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}
