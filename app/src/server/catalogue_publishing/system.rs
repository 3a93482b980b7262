//! The whole path without a person at the keyboard, for the demo loader:
//! a template file is imported by the importer, filed with a scan,
//! accepted with a filing number and published, each step in its own
//! transaction and in the audit trail with no actor, exactly as the
//! bureau and the province would take it.

use chrono::{DateTime, Utc};

use super::{
    adjustments::{self, ChangeInput},
    editions::{self, CheckedRow, RowInput},
    filings::{self, FilingDecision, Scan},
    imports, store,
};
use crate::{
    domain::{
        china_date, CatalogueKind, ChangeAction, City, FilingPurpose, FilingStatus, TemplateProblem,
    },
    error::AppError,
    server::{database_failure, spreadsheet::ListFile, AppState},
};

/// Why the system path stopped.
#[derive(Debug)]
pub enum SystemPathError {
    /// The template has problems (the preview's list).
    Template(Vec<TemplateProblem>),
    /// A step was refused or failed.
    Step(AppError),
}

impl From<AppError> for SystemPathError {
    fn from(error: AppError) -> Self {
        SystemPathError::Step(error)
    }
}

/// Imports, files, accepts and publishes a template as the edition of
/// `kind` for `city` and `year`, in force from today; the edition's id.
#[allow(clippy::too_many_arguments)]
pub async fn publish_template(
    state: &AppState,
    kind: CatalogueKind,
    city: City,
    year: i32,
    file: &ListFile,
    scan: &Scan,
    filing_number: &str,
    now: DateTime<Utc>,
) -> Result<i64, SystemPathError> {
    let id = imports::import_at_once(state, None, kind, city, year, file, now)
        .await?
        .map_err(SystemPathError::Template)?;
    let failed = || database_failure("publishing a catalogue");
    let draft = super::edition(&state.db, id).await?;
    let content_type = filings::scan_type(scan)?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let filing_id = filings::file_in(&mut tx, None, &draft, city, scan, content_type, now).await?;
    tx.commit().await.map_err(failed())?;
    let filing = store::find_filing(&state.db, filing_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::Internal)?;
    let accept = FilingDecision::Accept {
        filing_number: Some(filing_number.to_owned()),
    };
    let mut tx = state.db.begin().await.map_err(failed())?;
    filings::decide_in(&mut tx, None, &filing, city, &accept, now).await?;
    store::mark_demo(&mut tx, id).await.map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    let accepted = super::edition(&state.db, id).await?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    filings::publish_in(
        &mut tx,
        None,
        &accepted,
        city,
        filing_id,
        china_date(now),
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(id)
}

/// Adjusts a published edition by `changes`, files, accepts and brings
/// the adjustment into force today; the new version.
pub async fn adjust(
    state: &AppState,
    id: i64,
    reason: &str,
    changes: &[ChangeInput],
    scan: &Scan,
    now: DateTime<Utc>,
) -> Result<i32, SystemPathError> {
    let failed = || database_failure("adjusting a catalogue");
    let published = super::edition(&state.db, id).await?;
    let city = published.city().map_err(failed())?;
    let today = china_date(now);
    let current = editions::rows_with_ids(&state.db, published.kind, id).await?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let filing_id = store::insert_filing(
        &mut tx,
        id,
        FilingPurpose::Adjustment,
        FilingStatus::Draft,
        reason,
        Some(today),
        None,
        now,
    )
    .await
    .map_err(failed())?;
    for change in changes {
        let (action, row_id, after) = match change {
            ChangeInput::Add(input) => (
                ChangeAction::Add,
                None,
                Some(check(state, &published, city, input, now).await?),
            ),
            ChangeInput::Change { row_id, row } => (
                ChangeAction::Change,
                Some(*row_id),
                Some(check(state, &published, city, row, now).await?),
            ),
            ChangeInput::Remove { row_id } => (ChangeAction::Remove, Some(*row_id), None),
        };
        let before = row_id
            .and_then(|row_id| current.iter().find(|(id, _)| *id == row_id))
            .map(|(_, row)| row);
        let label = after
            .as_ref()
            .or(before)
            .map(CheckedRow::label)
            .unwrap_or_default();
        store::insert_change(
            &mut tx,
            filing_id,
            action,
            row_id,
            &label,
            before.map(CheckedRow::record_json).as_deref(),
            after.as_ref().map(CheckedRow::record_json).as_deref(),
        )
        .await
        .map_err(failed())?;
    }
    let content_type = filings::scan_type(scan)?;
    filings::attach_and_submit(
        &mut tx,
        None,
        id,
        filing_id,
        FilingStatus::Draft,
        scan,
        content_type,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    let filing = store::find_filing(&state.db, filing_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::Internal)?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    filings::decide_in(
        &mut tx,
        None,
        &filing,
        city,
        &FilingDecision::Accept {
            filing_number: None,
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    adjustments::apply_due(state, now).await?;
    let after = super::edition(&state.db, id).await?;
    Ok(after.version)
}

async fn check(
    state: &AppState,
    edition: &store::EditionRow,
    city: City,
    input: &RowInput,
    now: DateTime<Utc>,
) -> Result<CheckedRow, AppError> {
    editions::check_row(
        &state.db,
        edition.kind,
        city,
        edition.year,
        input,
        editions::OccupationSource::InForce,
        china_date(now),
    )
    .await
}
