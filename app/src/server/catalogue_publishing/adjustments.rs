//! Dynamic adjustment (动态调整) of a published edition: a set of changes
//! with a reason and an effective date, filed with the province like an
//! edition (a lighter review: accept or return). An accepted adjustment
//! comes into force on its date and makes a new version; rows keep their
//! ids (classes, accounts and ratings point at them), a removed row is
//! marked with the version that removed it, and every change keeps the
//! row before and after, so anyone can read the history.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    editable_edition, edition, edition_target,
    editions::{self, CheckedRow, OccupationSource, RowInput},
    filing_target,
    filings::{self, Scan},
    record, require, store, Scope,
};
use crate::{
    domain::{
        china_date, CatalogueStatus, ChangeAction, ChangeView, City, Field, FilingPurpose,
        FilingStatus, FilingSummary, InputError, VersionView,
    },
    error::{AppError, Conflict, Missing},
    server::{access::Actor, database_failure, AppState},
};

/// Opens an adjustment of a published edition, with its reason and the
/// date it is to be in force from.
pub async fn open(
    state: &AppState,
    actor: &Actor,
    id: i64,
    reason: &str,
    effective_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<FilingSummary, AppError> {
    let (published, city) = editable_edition(&state.db, actor, id, now).await?;
    let failed = || database_failure("opening an adjustment");
    if published.status != CatalogueStatus::Published {
        return Err(AppError::Conflict(Conflict::NoPublishedEdition));
    }
    if effective_on < china_date(now) {
        return Err(AppError::Invalid(InputError::DateInPast {
            field: Field::EffectiveDate,
        }));
    }
    let filings = store::list_filings_of(&state.db, id)
        .await
        .map_err(failed())?;
    if filings.iter().any(|f| {
        f.purpose == FilingPurpose::Adjustment && !matches!(f.status, FilingStatus::Published)
    }) {
        return Err(AppError::Conflict(Conflict::AdjustmentOpen));
    }
    let mut tx = state.db.begin().await.map_err(failed())?;
    let filing_id = store::insert_filing(
        &mut tx,
        id,
        FilingPurpose::Adjustment,
        FilingStatus::Draft,
        reason,
        Some(effective_on),
        Some(&actor.user_id),
        now,
    )
    .await
    .map_err(failed())?;
    record(
        &mut tx,
        Some(actor),
        "catalogue.adjustment_open",
        &filing_target(filing_id),
        reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    summary(state, filing_id).await
}

async fn summary(state: &AppState, filing_id: i64) -> Result<FilingSummary, AppError> {
    let failed = || database_failure("reading an adjustment");
    store::find_filing(&state.db, filing_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Filing))?
        .summary()
        .map_err(failed())
}

/// An adjustment the caller may still change: draft or returned.
async fn editable(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    now: DateTime<Utc>,
) -> Result<(store::FilingRow, City), AppError> {
    let row = store::find_filing(&state.db, filing_id)
        .await
        .map_err(database_failure("reading an adjustment"))?
        .filter(|f| f.purpose == FilingPurpose::Adjustment)
        .ok_or(AppError::NotFound(Missing::Filing))?;
    let city = City::parse(&row.city_code).map_err(|_| AppError::Internal)?;
    require(
        &state.db,
        actor,
        city,
        Scope::Edit,
        &filing_target(filing_id),
        now,
    )
    .await?;
    if !matches!(row.status, FilingStatus::Draft | FilingStatus::Returned) {
        return Err(AppError::Conflict(Conflict::FilingNotInState));
    }
    Ok((row, city))
}

/// One change as asked for: a new row, new values for a row, or a row to
/// remove.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeInput {
    Add(RowInput),
    Change { row_id: i64, row: RowInput },
    Remove { row_id: i64 },
}

/// Adds a change to an adjustment; its id. The row is checked by the same
/// rules as a draft's, against the rows in force and the adjustment's
/// other changes: a row is changed or removed once per adjustment, no two
/// rows end with the same occupation or name, and a course keeps its
/// occupation (another occupation is a removal and an addition).
pub async fn add_change(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    change: &ChangeInput,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let (filing, city) = editable(state, actor, filing_id, now).await?;
    let today = china_date(now);
    let failed = || database_failure("adding a change");
    let current = editions::rows_with_ids(&state.db, filing.kind, filing.catalogue_id).await?;
    let in_force = |row_id: i64| {
        current
            .iter()
            .find(|(id, _)| *id == row_id)
            .map(|(_, row)| row)
            .ok_or(AppError::NotFound(Missing::CatalogueRow))
    };
    let check = |input| {
        editions::check_row(
            &state.db,
            filing.kind,
            city,
            filing.year,
            input,
            OccupationSource::InForce,
            today,
        )
    };
    let (action, row_id, old, new) = match change {
        ChangeInput::Add(input) => (ChangeAction::Add, None, None, Some(check(input).await?)),
        ChangeInput::Change { row_id, row } => {
            let old = in_force(*row_id)?;
            let new = check(row).await?;
            if matches!(new, CheckedRow::Course(_)) && new.key() != old.key() {
                return Err(AppError::Invalid(
                    InputError::OccupationChangedInAdjustment { name: old.label() },
                ));
            }
            (ChangeAction::Change, Some(*row_id), Some(old), Some(new))
        }
        ChangeInput::Remove { row_id } => (
            ChangeAction::Remove,
            Some(*row_id),
            Some(in_force(*row_id)?),
            None,
        ),
    };
    let mut tx = state.db.begin().await.map_err(failed())?;
    hold_open(&mut tx, filing_id).await?;
    let others = store::list_changes_in(&mut tx, filing_id)
        .await
        .map_err(failed())?;
    if let Some(row_id) = row_id {
        if others.iter().any(|other| other.row_id == Some(row_id)) {
            return Err(AppError::Conflict(Conflict::RowChangedInAdjustment));
        }
    }
    if let Some(new) = &new {
        let key = new.key();
        let taken_in_force = current
            .iter()
            .any(|(id, row)| Some(*id) != row_id && row.key() == key);
        let taken_by_other_row =
            store::find_row_by_key(&mut tx, filing.kind, filing.catalogue_id, &key)
                .await
                .map_err(failed())?
                .is_some_and(|other| Some(other) != row_id && action == ChangeAction::Change);
        let taken_by_change = others.iter().any(|other| {
            other
                .after_record
                .as_deref()
                .and_then(|json| editions::row_from_json(filing.kind, json).ok())
                .is_some_and(|row| row.key() == key)
        });
        if taken_in_force || taken_by_other_row || taken_by_change {
            return Err(duplicate(new));
        }
    }
    let label = new
        .as_ref()
        .or(old)
        .map(CheckedRow::label)
        .unwrap_or_default();
    let before = old.map(CheckedRow::record_json);
    let after = new.as_ref().map(CheckedRow::record_json);
    let change_id = store::insert_change(
        &mut tx,
        filing_id,
        action,
        row_id,
        &label,
        before.as_deref(),
        after.as_deref(),
    )
    .await
    .map_err(failed())?;
    let reason = format!("{} {label}", action.code());
    record(
        &mut tx,
        Some(actor),
        "catalogue.change_add",
        &filing_target(filing_id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(change_id)
}

/// Holds an adjustment for a change in `tx`, or refuses when it was filed
/// meanwhile.
async fn hold_open(tx: &mut crate::server::db::Tx, filing_id: i64) -> Result<(), AppError> {
    if store::lock_open_adjustment(tx, filing_id)
        .await
        .map_err(database_failure("holding an adjustment"))?
    {
        Ok(())
    } else {
        Err(AppError::Conflict(Conflict::FilingNotInState))
    }
}

fn duplicate(row: &CheckedRow) -> AppError {
    AppError::Invalid(match row {
        CheckedRow::Course(_) => InputError::DuplicateOccupation { name: row.label() },
        CheckedRow::Institution(_) => InputError::DuplicateInstitution { name: row.label() },
    })
}

/// Takes a change out of an adjustment.
pub async fn delete_change(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    change_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (_, city) = editable(state, actor, filing_id, now).await?;
    let failed = || database_failure("deleting a change");
    let mut tx = state.db.begin().await.map_err(failed())?;
    hold_open(&mut tx, filing_id).await?;
    if !store::delete_change(&mut tx, filing_id, change_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::NotFound(Missing::CatalogueRow));
    }
    let reason = format!("change {change_id} withdrawn");
    record(
        &mut tx,
        Some(actor),
        "catalogue.change_delete",
        &filing_target(filing_id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())
}

/// Files an adjustment with the province, with its stamped scan.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    scan: &Scan,
    now: DateTime<Utc>,
) -> Result<FilingSummary, AppError> {
    let (filing, city) = editable(state, actor, filing_id, now).await?;
    if filing.changes == 0 {
        return Err(AppError::Conflict(Conflict::AdjustmentEmpty));
    }
    let content_type = filings::scan_type(scan)?;
    let failed = || database_failure("filing an adjustment");
    let mut tx = state.db.begin().await.map_err(failed())?;
    hold_open(&mut tx, filing_id).await?;
    // Counted again under the hold: a change withdrawn meanwhile counts.
    let changes = store::list_changes_in(&mut tx, filing_id)
        .await
        .map_err(failed())?;
    if changes.is_empty() {
        return Err(AppError::Conflict(Conflict::AdjustmentEmpty));
    }
    filings::attach_and_submit(
        &mut tx,
        Some(actor),
        filing.catalogue_id,
        filing_id,
        filing.status,
        scan,
        content_type,
        now,
    )
    .await?;
    let reason = format!("{} changes filed with the province", changes.len());
    record(
        &mut tx,
        Some(actor),
        "catalogue.adjustment_file",
        &filing_target(filing_id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    summary(state, filing_id).await
}

/// Brings every accepted adjustment whose date has come into force, each
/// in its own transaction. Safe with several processes: the filing moves
/// from accepted to published in the same transaction as its changes, so
/// only one process applies it. One that fails is logged and left
/// accepted, and the others still come into force. Returns how many did.
pub async fn apply_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, AppError> {
    let failed = || database_failure("bringing an adjustment into force");
    let due = store::list_due_adjustments(&state.db, china_date(now))
        .await
        .map_err(failed())?;
    let mut applied = 0;
    for filing_id in due {
        match apply(state, filing_id, now).await {
            Ok(true) => applied += 1,
            Ok(false) => {}
            Err(error) => {
                tracing::error!(
                    filing_id,
                    ?error,
                    "an accepted adjustment could not come into force"
                );
            }
        }
    }
    Ok(applied)
}

/// Abandons an adjustment that is being prepared or was returned: it and
/// its changes are deleted (the audit trail keeps what was done).
pub async fn abandon(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (filing, city) = editable(state, actor, filing_id, now).await?;
    let failed = || database_failure("abandoning an adjustment");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::delete_open_adjustment(&mut tx, filing_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::FilingNotInState));
    }
    let reason = format!(
        "abandoned with {} changes: {}",
        filing.changes, filing.reason
    );
    record(
        &mut tx,
        Some(actor),
        "catalogue.adjustment_abandon",
        &edition_target(filing.catalogue_id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())
}

async fn apply(state: &AppState, filing_id: i64, now: DateTime<Utc>) -> Result<bool, AppError> {
    let failed = || database_failure("bringing an adjustment into force");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let Some(filing) = store::find_filing_in(&mut tx, filing_id)
        .await
        .map_err(failed())?
    else {
        return Ok(false);
    };
    let filed_for = filing
        .effective_on
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or(AppError::Internal)?;
    // Accepted after its date, it is in force from the day it is applied.
    let effective_on = filed_for.max(china_date(now));
    let version = store::next_version(&mut tx, filing.catalogue_id)
        .await
        .map_err(failed())?;
    if !store::publish_filing(&mut tx, filing_id, version, effective_on)
        .await
        .map_err(failed())?
    {
        // Another process brought it into force first.
        return Ok(false);
    }
    let changes = store::list_changes_in(&mut tx, filing_id)
        .await
        .map_err(failed())?;
    for change in changes {
        apply_change(&mut tx, &filing, &change, version).await?;
    }
    let city = City::parse(&filing.city_code).map_err(|_| AppError::Internal)?;
    let reason = format!(
        "version {version} in force from {effective_on}: {}",
        filing.reason
    );
    record(
        &mut tx,
        None,
        "catalogue.adjustment_in_force",
        &edition_target(filing.catalogue_id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(true)
}

async fn apply_change(
    tx: &mut crate::server::db::Tx,
    filing: &store::FilingRow,
    change: &store::ChangeRow,
    version: i32,
) -> Result<(), AppError> {
    let failed = || database_failure("applying a change");
    let kind = filing.kind;
    let row = || -> Result<CheckedRow, AppError> {
        let after = change.after_record.as_deref().ok_or(AppError::Internal)?;
        editions::row_from_json(kind, after)
    };
    match change.action {
        ChangeAction::Add => {
            let row = row()?;
            // An occupation or institution removed before comes back as
            // the same row.
            let existing = store::find_row_by_key(tx, kind, filing.catalogue_id, &row.key())
                .await
                .map_err(failed())?;
            let row_id = match existing {
                Some(row_id) => {
                    editions::write_row(tx, row_id, &row)
                        .await
                        .map_err(failed())?;
                    store::set_removed_in(tx, kind, row_id, None)
                        .await
                        .map_err(failed())?;
                    row_id
                }
                None => {
                    let position = store::next_position(tx, kind, filing.catalogue_id)
                        .await
                        .map_err(failed())?;
                    editions::insert_row(tx, filing.catalogue_id, position, &row)
                        .await
                        .map_err(failed())?
                }
            };
            store::set_change_row(tx, change.id, row_id)
                .await
                .map_err(failed())
        }
        ChangeAction::Change => {
            let row_id = change.row_id.ok_or(AppError::Internal)?;
            editions::write_row(tx, row_id, &row()?)
                .await
                .map_err(failed())
        }
        ChangeAction::Remove => {
            let row_id = change.row_id.ok_or(AppError::Internal)?;
            store::set_removed_in(tx, kind, row_id, Some(version))
                .await
                .map_err(failed())
        }
    }
}

/// The changes of an adjustment, for the city's bureau and the province.
pub async fn changes(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<ChangeView>, AppError> {
    let failed = || database_failure("reading an adjustment");
    let filing = store::find_filing(&state.db, filing_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Filing))?;
    let city = City::parse(&filing.city_code).map_err(|_| AppError::Internal)?;
    require(
        &state.db,
        actor,
        city,
        Scope::Read,
        &filing_target(filing_id),
        now,
    )
    .await?;
    let rows = store::list_changes(&state.db, filing_id)
        .await
        .map_err(failed())?;
    Ok(rows.into_iter().map(change_view).collect())
}

fn change_view(change: store::ChangeRow) -> ChangeView {
    ChangeView {
        id: change.id,
        action: change.action,
        label: change.label,
        row_id: change.row_id,
        before: change
            .before_record
            .and_then(|j| serde_json::from_str(&j).ok()),
        after: change
            .after_record
            .and_then(|j| serde_json::from_str(&j).ok()),
    }
}

/// The versions of a published edition, newest first, with what each
/// changed and why. Public, like the edition.
pub async fn history(state: &AppState, id: i64) -> Result<Vec<VersionView>, AppError> {
    let published = edition(&state.db, id).await?;
    if published.status != CatalogueStatus::Published {
        return Err(AppError::NotFound(Missing::Edition));
    }
    let failed = || database_failure("reading a catalogue's history");
    let filings = store::list_filings_of(&state.db, id)
        .await
        .map_err(failed())?;
    let mut versions = Vec::new();
    for filing in filings
        .iter()
        .filter(|f| f.status == FilingStatus::Published)
    {
        let changes = store::list_changes(&state.db, filing.id)
            .await
            .map_err(failed())?;
        versions.push(VersionView {
            version: filing.version.unwrap_or(1),
            effective_on: filing.effective_on.clone(),
            reason: filing.reason.clone(),
            filing_number: match filing.purpose {
                FilingPurpose::Edition => published.filing_number.clone(),
                FilingPurpose::Adjustment => None,
            },
            changes: changes.into_iter().map(change_view).collect(),
        });
    }
    versions.sort_by_key(|v| std::cmp::Reverse(v.version));
    Ok(versions)
}
