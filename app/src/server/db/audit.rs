//! The append-only audit trail, chained with a key kept outside the
//! database.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::server::crypto::{sha256_hex, AuditChainKey};

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
    /// The network address the request came from, where it matters
    /// (refused keys, failed confirmations, recoveries).
    pub client_address: Option<&'a str>,
}

/// How a record's hash was made.
pub mod chain_version {
    /// Plain SHA-256: records written before the chain was keyed.
    pub const LEGACY: i16 = 1;
    /// HMAC-SHA-256 under the audit chain key, covering the client address.
    pub const KEYED: i16 = 2;
}

/// A stored audit record.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
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
    pub client_address: Option<String>,
    pub chain_version: i16,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// The hash this record must carry by its own version: SHA-256 (legacy)
    /// or HMAC-SHA-256 under `key` over an unambiguous JSON array of its
    /// fields and the previous record's hash. `None` for an unknown version.
    pub fn expected_hash(&self, key: &AuditChainKey) -> Option<String> {
        let fields = ChainFields {
            seq: self.seq,
            at: &self.at,
            record: NewAuditRecord {
                actor_id: self.actor_id.as_deref(),
                actor_role: self.actor_role.as_deref(),
                action: &self.action,
                target: &self.target,
                outcome: &self.outcome,
                reason: &self.reason,
                city_code: self.city_code.as_deref(),
                client_address: self.client_address.as_deref(),
            },
            prev_hash: &self.prev_hash,
        };
        match self.chain_version {
            chain_version::LEGACY => Some(fields.legacy_hash()),
            chain_version::KEYED => Some(fields.keyed_hash(key)),
            _ => None,
        }
    }
}

/// Everything a record's hash covers.
struct ChainFields<'a> {
    seq: i64,
    at: &'a DateTime<Utc>,
    record: NewAuditRecord<'a>,
    prev_hash: &'a str,
}

impl ChainFields<'_> {
    fn at(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    /// How version 1 records were hashed (no key, no client address).
    fn legacy_hash(&self) -> String {
        let r = &self.record;
        let canonical = serde_json::json!([
            self.seq,
            self.at(),
            r.actor_id,
            r.actor_role,
            r.action,
            r.target,
            r.outcome,
            r.reason,
            r.city_code,
            self.prev_hash,
        ]);
        sha256_hex(canonical.to_string().as_bytes())
    }

    /// How version 2 records are hashed: keyed, and the version itself is
    /// covered so a record cannot be re-labelled.
    fn keyed_hash(&self, key: &AuditChainKey) -> String {
        let r = &self.record;
        let canonical = serde_json::json!([
            chain_version::KEYED,
            self.seq,
            self.at(),
            r.actor_id,
            r.actor_role,
            r.action,
            r.target,
            r.outcome,
            r.reason,
            r.city_code,
            r.client_address,
            self.prev_hash,
        ]);
        key.hash(canonical.to_string().as_bytes())
    }
}

/// Appends a keyed record inside `tx`. The first statement claims the
/// chain head, which serialises concurrent appends on both databases; a
/// trigger then stores the new record's hash in the head.
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
    let fields = ChainFields {
        seq,
        at: &at,
        record: record.clone(),
        prev_hash: &prev_hash,
    };
    let hash = fields.keyed_hash(tx.audit_chain());
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, target, outcome, reason, city_code,
                                    client_address, chain_version, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
        .bind(record.client_address)
        .bind(chain_version::KEYED)
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
    "seq, at, actor_id, actor_role, action, target, outcome, reason, city_code,
     client_address, chain_version, prev_hash, hash";

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
