//! Catalogue publishing: a city bureau drafts a yearly edition of either
//! catalogue (empty, copied from the current one, or imported from a
//! filled-in template), files it with the province with the stamped scan,
//! and publishes it from a date once the province accepts it; afterwards
//! it adjusts it by filed sets of changes. Drafts are seen by their bureau
//! and the province only; every step is in the audit trail.
//!
//! `editions` holds drafting and reading, `imports` and `exports` the
//! template files, `filings` the province's review and publication,
//! `adjustments` the changes after publication and the history.

pub mod adjustments;
pub mod editions;
pub mod exports;
pub mod filings;
pub mod imports;
pub mod system;

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    db::{catalogue_publishing as store, Database, Tx},
};
use crate::{
    domain::{City, Role},
    error::{AppError, Missing},
};

/// What a caller may do with a city's catalogues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// Draft, edit, file, publish and adjust: the city's bureau.
    Edit,
    /// Read drafts and filings: the city's bureau and the province.
    Read,
    /// Accept or return filings: the province.
    Review,
}

fn allowed(actor: &Actor, city: City, scope: Scope) -> bool {
    match (scope, actor.role) {
        (Scope::Edit | Scope::Read, Role::Bureau) => actor.city == Some(city),
        (Scope::Read | Scope::Review, Role::Province) => true,
        _ => false,
    }
}

/// Refuses (and records the refusal) unless `actor` may act in `scope`
/// on `city`'s catalogues.
async fn require(
    db: &Database,
    actor: &Actor,
    city: City,
    scope: Scope,
    target: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if allowed(actor, city, scope) {
        Ok(())
    } else {
        Err(audit::refuse(db, actor, target, now).await)
    }
}

/// An edition by id, or 404.
async fn edition(db: &Database, id: i64) -> Result<store::EditionRow, AppError> {
    store::find_edition_by_id(db, id)
        .await
        .map_err(super::database_failure("reading a catalogue edition"))?
        .ok_or(AppError::NotFound(Missing::Edition))
}

/// An edition the caller may edit (its city's bureau), with its city; a
/// refusal is recorded.
async fn editable_edition(
    db: &Database,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(store::EditionRow, City), AppError> {
    let row = edition(db, id).await?;
    let city = row
        .city()
        .map_err(super::database_failure("reading a catalogue edition"))?;
    require(db, actor, city, Scope::Edit, &edition_target(id), now).await?;
    Ok((row, city))
}

/// Records a catalogue step in the audit trail.
async fn record(
    tx: &mut Tx,
    actor: Option<&Actor>,
    action: &str,
    target: &str,
    reason: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let entry = Entry {
        actor,
        action,
        target,
        outcome: outcome::DONE,
        reason,
        city: Some(city),
    };
    audit::record_in(tx, &entry, now).await
}

fn edition_target(id: i64) -> String {
    format!("catalogue:{id}")
}

fn filing_target(id: i64) -> String {
    format!("catalogue_filing:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Assurance;

    fn actor(role: Role, city: Option<City>) -> Actor {
        Actor {
            user_id: "u".into(),
            role,
            display_name: "someone".into(),
            city,
            institution_id: None,
            employer_id: None,
            assurance: Assurance::Passkey,
            csrf_token: String::new(),
            session_hash: String::new(),
        }
    }

    #[test]
    fn a_bureau_edits_its_own_city_and_the_province_reads_and_reviews_every_city() {
        let fuzhou = actor(Role::Bureau, Some(City::Fuzhou));
        assert!(allowed(&fuzhou, City::Fuzhou, Scope::Edit));
        assert!(!allowed(&fuzhou, City::Xiamen, Scope::Read));
        assert!(!allowed(&fuzhou, City::Fuzhou, Scope::Review));
        let province = actor(Role::Province, None);
        assert!(allowed(&province, City::Xiamen, Scope::Read));
        assert!(allowed(&province, City::Xiamen, Scope::Review));
        assert!(!allowed(&province, City::Xiamen, Scope::Edit));
        for role in [Role::Worker, Role::Institution, Role::Employer] {
            let other = actor(role, Some(City::Fuzhou));
            assert!(!allowed(&other, City::Fuzhou, Scope::Read), "{role:?}");
        }
    }
}
