//! The append-only, hash-chained audit trail.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::server::crypto::sha256_hex;

/// What happened, by whom, to what, with what outcome and why.
#[derive(Clone, Debug)]
pub struct NewAuditRecord<'a> {
    pub actor_id: Option<&'a str>,
    pub actor_role: Option<&'a str>,
    pub action: &'a str,
    pub target: &'a str,
    pub outcome: &'a str,
    pub reason: &'a str,
    /// The city whose bureau may read the record.
    pub city_code: Option<&'a str>,
}

/// A stored audit record.
#[derive(Clone, Debug, FromRow, serde::Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub target: String,
    pub outcome: String,
    pub reason: String,
    pub city_code: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// The hash this record must carry: SHA-256 over an unambiguous JSON
    /// array of its fields and the previous record's hash.
    pub fn expected_hash(&self) -> String {
        chain_hash(
            self.seq,
            &self.at,
            self.actor_id.as_deref(),
            self.actor_role.as_deref(),
            &self.action,
            &self.target,
            &self.outcome,
            &self.reason,
            self.city_code.as_deref(),
            &self.prev_hash,
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn chain_hash(
    seq: i64,
    at: &DateTime<Utc>,
    actor_id: Option<&str>,
    actor_role: Option<&str>,
    action: &str,
    target: &str,
    outcome: &str,
    reason: &str,
    city_code: Option<&str>,
    prev_hash: &str,
) -> String {
    let canonical = serde_json::json!([
        seq,
        at.to_rfc3339_opts(SecondsFormat::Micros, true),
        actor_id,
        actor_role,
        action,
        target,
        outcome,
        reason,
        city_code,
        prev_hash,
    ]);
    sha256_hex(canonical.to_string().as_bytes())
}

/// Appends a record inside `tx`. The first statement claims the chain
/// head, which serialises concurrent appends on both databases; a trigger
/// then stores the new record's hash in the head.
#[tracing::instrument(skip(tx, record), fields(action = record.action))]
pub async fn append_audit_record(
    tx: &mut Tx,
    record: &NewAuditRecord<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    // Stored precision is microseconds on both databases.
    let at = now.trunc_subsecs(6);
    let (seq, prev_hash): (i64, String) = on_tx!(tx, conn => {
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(conn)
            .await
    })?;
    let hash = chain_hash(
        seq,
        &at,
        record.actor_id,
        record.actor_role,
        record.action,
        record.target,
        record.outcome,
        record.reason,
        record.city_code,
        &prev_hash,
    );
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, target, outcome, reason, city_code, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(seq)
        .bind(at)
        .bind(record.actor_id)
        .bind(record.actor_role)
        .bind(record.action)
        .bind(record.target)
        .bind(record.outcome)
        .bind(record.reason)
        .bind(record.city_code)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(conn)
        .await
        .map(|_| ())
    })?;
    // The trigger audit_log_advance_head moves the head's hash along.
    Ok(seq)
}

const RECORD_COLUMNS: &str =
    "seq, at, actor_id, actor_role, action, target, outcome, reason, city_code, prev_hash, hash";

/// The newest records, newest first, of one city (`Some`) or all.
#[tracing::instrument(skip(db))]
pub async fn list_audit_records(
    db: &Database,
    city_code: Option<&str>,
    action: Option<&str>,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM audit_log
         WHERE (CAST($1 AS TEXT) IS NULL OR city_code = $1)
           AND (CAST($2 AS TEXT) IS NULL OR action = $2)
           AND (CAST($3 AS BIGINT) IS NULL OR seq < $3)
         ORDER BY seq DESC LIMIT $4"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(city_code)
            .bind(action)
            .bind(before_seq)
            .bind(limit)
            .fetch_all(pool)
            .await
    })
}

/// Every record about one target (e.g. `user:<id>`), oldest first.
#[tracing::instrument(skip(db))]
pub async fn list_audit_records_for_target(
    db: &Database,
    target: &str,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM audit_log WHERE target = $1 ORDER BY seq");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(target).fetch_all(pool).await)
}

/// Records in chain order from `after_seq`, for verification.
#[tracing::instrument(skip(db))]
pub async fn list_audit_chain(
    db: &Database,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    let sql =
        format!("SELECT {RECORD_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(after_seq).bind(limit).fetch_all(pool).await
    })
}

/// The chain head: the last sequence number and hash.
pub async fn find_audit_head(db: &Database) -> Result<(i64, String), sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(pool).await
    })
}
