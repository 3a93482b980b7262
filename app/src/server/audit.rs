//! Recording and verifying the audit trail.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    crypto::{AuditChainKey, SecretKeys},
    database_failure,
    db::{
        audit::{self as store, chain_version, AuditRecord, NewAuditRecord},
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
    fn record<'a>(&'a self, client_address: Option<&'a str>) -> NewAuditRecord<'a> {
        NewAuditRecord {
            actor_id: self.actor.map(|a| a.user_id.as_str()),
            actor_role: self.actor.map(|a| a.role.code()),
            action: self.action,
            target: self.target,
            outcome: self.outcome,
            reason: self.reason,
            city_code: self.city.map(City::code),
            client_address,
        }
    }
}

/// Appends inside the transaction of the change it records.
pub async fn record_in(tx: &mut Tx, entry: &Entry<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    record_in_from(tx, entry, None, now).await
}

/// Appends inside the transaction of the change it records, keeping the
/// network address the request came from.
pub async fn record_in_from(
    tx: &mut Tx,
    entry: &Entry<'_>,
    client: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let address = client.map(|ip| ip.to_string());
    store::append_audit_record(tx, &entry.record(address.as_deref()), now)
        .await
        .map(|_| ())
        .map_err(database_failure("appending to the audit trail"))
}

/// Appends in a transaction of its own (refusals, failed attempts).
pub async fn record(db: &Database, entry: &Entry<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    record_from(db, entry, None, now).await
}

/// Appends in a transaction of its own, keeping the network address the
/// request came from (a refused key, a failed confirmation).
pub async fn record_from(
    db: &Database,
    entry: &Entry<'_>,
    client: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("appending to the audit trail");
    let mut tx = db.begin().await.map_err(failed())?;
    record_in_from(&mut tx, entry, client, now).await?;
    tx.commit().await.map_err(failed())
}

/// Records a failed sign-in or code attempt (`method`) with the caller's
/// address, naming the account when one was found.
pub async fn record_failed_sign_in(
    db: &Database,
    account: Option<&str>,
    address: IpAddr,
    method: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = account.map_or_else(|| "unknown account".to_owned(), |id| format!("user:{id}"));
    let entry = Entry {
        actor: None,
        action: "session.sign_in",
        target: &target,
        outcome: outcome::FAILED,
        reason: method,
        city: None,
    };
    record_from(db, &entry, Some(address), now).await
}

/// Records, inside the transaction of the change, that `actor` did
/// `action` to `target` in `city` because of `reason`.
pub async fn record_done(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    target: &str,
    reason: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let entry = Entry {
        actor: Some(actor),
        action,
        target,
        outcome: outcome::DONE,
        reason,
        city: Some(city),
    };
    record_in(tx, &entry, now).await
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
    /// Every record links to the previous one and carries its own hash;
    /// `legacy` of them were written before the chain was keyed, and
    /// `head_hash` is the newest record's hash (zeros when empty).
    Intact {
        records: i64,
        legacy: i64,
        head_hash: String,
    },
    /// The first record that does not fit, and why.
    Broken { seq: i64, problem: &'static str },
}

/// A head of the trail written down elsewhere (`audit-head`): the record
/// `seq` carried `hash`, signed with a key derived from the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub signature: String,
}

impl Anchor {
    /// Signs the head `seq:hash`.
    pub fn sign(keys: &SecretKeys, seq: i64, hash: &str) -> Anchor {
        Anchor {
            seq,
            hash: hash.to_owned(),
            signature: keys.audit_anchor_signature(seq, hash),
        }
    }

    /// Reads `SEQ:HASH:SIGNATURE` and checks the signature, so an anchor
    /// made up by someone without the key is refused.
    pub fn parse_signed(text: &str, keys: &SecretKeys) -> Result<Anchor, &'static str> {
        let mut parts = text.trim().split(':');
        let (Some(seq), Some(hash), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("an anchor reads SEQ:HASH:SIGNATURE");
        };
        let seq: i64 = seq
            .parse()
            .map_err(|_| "the anchor's SEQ is not a number")?;
        if !keys.audit_anchor_is_signed(seq, hash, signature) {
            return Err("the anchor's signature is not valid under this secret key");
        }
        Ok(Anchor {
            seq,
            hash: hash.to_owned(),
            signature: signature.to_owned(),
        })
    }
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.seq, self.hash, self.signature)
    }
}

/// Walks the chain from the first record, recomputing every hash.
pub async fn verify_chain(db: &Database) -> Result<ChainReport, AppError> {
    verify_chain_against(db, None).await
}

/// Walks the chain from the first record, recomputing every hash with the
/// database's chain key, and checks that the anchored record (if any)
/// still carries the anchored hash: a history rewritten or cut before the
/// anchor is found even by someone who holds the key.
pub async fn verify_chain_against(
    db: &Database,
    anchor: Option<&Anchor>,
) -> Result<ChainReport, AppError> {
    let failed = || database_failure("verifying the audit trail");
    let mut walk = ChainWalk::new(db.audit_chain(), anchor);
    loop {
        let batch: Vec<AuditRecord> = store::list_audit_chain(db, walk.last_seq(), 1000)
            .await
            .map_err(failed())?;
        if batch.is_empty() {
            break;
        }
        for record in batch {
            if let Err(broken) = walk.step(record) {
                return Ok(broken);
            }
        }
    }
    let head = store::find_audit_head(db).await.map_err(failed())?;
    Ok(walk.finish(head))
}

/// The state of a verification between two records.
struct ChainWalk<'a> {
    key: &'a AuditChainKey,
    anchor: Option<&'a Anchor>,
    previous_hash: String,
    records: i64,
    legacy: i64,
    keyed_seen: bool,
}

impl<'a> ChainWalk<'a> {
    fn new(key: &'a AuditChainKey, anchor: Option<&'a Anchor>) -> ChainWalk<'a> {
        ChainWalk {
            key,
            anchor,
            previous_hash: "0".repeat(64),
            records: 0,
            legacy: 0,
            keyed_seen: false,
        }
    }

    fn last_seq(&self) -> i64 {
        self.records
    }

    /// Checks the next record, or names the break.
    fn step(&mut self, record: AuditRecord) -> Result<(), ChainReport> {
        let broken = |seq: i64, problem: &'static str| -> Result<(), ChainReport> {
            Err(ChainReport::Broken { seq, problem })
        };
        let expected_seq = self.records + 1;
        if record.seq != expected_seq {
            return broken(expected_seq, "record missing");
        }
        if record.prev_hash != self.previous_hash {
            return broken(record.seq, "does not link to the previous record");
        }
        if record.chain_version == chain_version::LEGACY && self.keyed_seen {
            return broken(record.seq, "an unkeyed record after a keyed one");
        }
        if record.chain_version == chain_version::LEGACY && record.client_address.is_some() {
            return broken(record.seq, "an unkeyed record cannot carry an address");
        }
        if record.expected_hash(self.key).as_ref() != Some(&record.hash) {
            return broken(record.seq, "content changed after it was written");
        }
        if self
            .anchor
            .is_some_and(|a| a.seq == record.seq && a.hash != record.hash)
        {
            return broken(record.seq, "differs from the anchored head");
        }
        self.keyed_seen |= record.chain_version != chain_version::LEGACY;
        self.legacy += i64::from(record.chain_version == chain_version::LEGACY);
        self.records += 1;
        self.previous_hash = record.hash;
        Ok(())
    }

    /// Compares the walked chain with the stored head and the anchor.
    fn finish(self, (head_seq, head_hash): (i64, String)) -> ChainReport {
        let expected_seq = self.records + 1;
        if head_seq != self.records || head_hash != self.previous_hash {
            return ChainReport::Broken {
                seq: expected_seq,
                problem: "newest records missing",
            };
        }
        if let Some(anchor) = self.anchor.filter(|a| a.seq > self.records) {
            return ChainReport::Broken {
                seq: anchor.seq,
                problem: "the anchored record is missing",
            };
        }
        ChainReport::Intact {
            records: self.records,
            legacy: self.legacy,
            head_hash: self.previous_hash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditChainKey {
        SecretKeys::derive(&[7; 32]).audit_chain()
    }

    /// A chain of `versions.len()` records, each hashed by its version.
    fn chain(versions: &[i16]) -> Vec<AuditRecord> {
        let mut previous = "0".repeat(64);
        let mut records = Vec::new();
        for (index, version) in versions.iter().enumerate() {
            let mut record = AuditRecord {
                seq: index as i64 + 1,
                at: "2026-12-04T02:00:00Z".parse().expect("a time"),
                actor_id: None,
                actor_role: None,
                action: "account.sign_in".to_owned(),
                target: format!("user:{index}"),
                outcome: outcome::DONE.to_owned(),
                reason: String::new(),
                city_code: Some("350100".to_owned()),
                client_address: None,
                chain_version: *version,
                prev_hash: previous.clone(),
                hash: String::new(),
            };
            record.hash = record.expected_hash(&key()).expect("a known version");
            previous = record.hash.clone();
            records.push(record);
        }
        records
    }

    fn walk(records: Vec<AuditRecord>, anchor: Option<&Anchor>) -> ChainReport {
        let key = key();
        let mut walk = ChainWalk::new(&key, anchor);
        let head = records
            .last()
            .map_or((0, "0".repeat(64)), |r| (r.seq, r.hash.clone()));
        for record in records {
            if let Err(broken) = walk.step(record) {
                return broken;
            }
        }
        walk.finish(head)
    }

    #[test]
    fn legacy_records_followed_by_keyed_ones_are_intact() {
        let report = walk(chain(&[1, 1, 2, 2]), None);
        assert!(
            matches!(
                report,
                ChainReport::Intact {
                    records: 4,
                    legacy: 2,
                    ..
                }
            ),
            "{report:?}"
        );
    }

    #[test]
    fn a_keyed_record_does_not_verify_under_another_key() {
        let mut records = chain(&[2, 2]);
        let other = SecretKeys::derive(&[8; 32]).audit_chain();
        records[1].reason = "forged".to_owned();
        records[1].hash = records[1].expected_hash(&other).expect("a known version");
        assert_eq!(
            walk(records, None),
            ChainReport::Broken {
                seq: 2,
                problem: "content changed after it was written"
            }
        );
    }

    #[test]
    fn an_unkeyed_record_after_a_keyed_one_is_a_break() {
        assert_eq!(
            walk(chain(&[1, 2, 1]), None),
            ChainReport::Broken {
                seq: 3,
                problem: "an unkeyed record after a keyed one"
            }
        );
    }

    #[test]
    fn the_client_address_is_covered_by_the_keyed_hash() {
        let mut records = chain(&[2, 2]);
        records[0].client_address = Some("203.0.113.9".to_owned());
        assert_eq!(
            walk(records, None),
            ChainReport::Broken {
                seq: 1,
                problem: "content changed after it was written"
            }
        );
    }

    #[test]
    fn an_anchor_finds_a_history_rewritten_with_the_key() {
        let original = chain(&[2, 2, 2]);
        let anchor = Anchor::sign(&SecretKeys::derive(&[7; 32]), 2, &original[1].hash);
        let mut rewritten = chain(&[2, 2, 2]);
        rewritten[0].reason = "rewritten".to_owned();
        for index in 0..rewritten.len() {
            if index > 0 {
                rewritten[index].prev_hash = rewritten[index - 1].hash.clone();
            }
            rewritten[index].hash = rewritten[index].expected_hash(&key()).expect("known");
        }
        assert!(matches!(
            walk(rewritten.clone(), None),
            ChainReport::Intact { .. }
        ));
        assert_eq!(
            walk(rewritten, Some(&anchor)),
            ChainReport::Broken {
                seq: 2,
                problem: "differs from the anchored head"
            }
        );
        assert_eq!(
            walk(original[..1].to_vec(), Some(&anchor)),
            ChainReport::Broken {
                seq: 2,
                problem: "the anchored record is missing"
            }
        );
    }

    #[test]
    fn an_anchor_is_read_only_with_a_valid_signature() {
        let keys = SecretKeys::derive(&[7; 32]);
        let anchor = Anchor::sign(&keys, 5, "abc");
        let text = format!("{}:{}:{}", anchor.seq, anchor.hash, anchor.signature);
        assert_eq!(Anchor::parse_signed(&text, &keys), Ok(anchor));
        assert!(Anchor::parse_signed("5:abd:00", &keys).is_err());
        assert!(Anchor::parse_signed("5:abc", &keys).is_err());
        assert!(Anchor::parse_signed(&text, &SecretKeys::derive(&[9; 32])).is_err());
    }
}
