//! Filing with the province (备案) and publication. The bureau submits a
//! complete draft (or an adjustment) with the stamped scan; the province
//! accepts it with a filing number or returns it with a reason; the
//! bureau publishes an accepted edition from a date.

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::{
    editable_edition, edition, edition_target, filing_target, record, require, store, Scope,
};
use crate::{
    domain::{
        china_date, parse_filing_number, CatalogueStatus, City, EditionSummary, Field,
        FilingPurpose, FilingStatus, FilingSummary, InputError,
    },
    error::{AppError, Conflict, ImportProblem, Missing},
    server::{
        access::Actor, database_failure, db::is_unique_violation, spreadsheet::MAX_IMPORT_BYTES,
        AppState,
    },
};

/// A stamped scan as uploaded.
pub struct Scan {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Scan {
    /// The scan's type, told by its first bytes: PDF, PNG or JPEG.
    fn content_type(&self) -> Result<&'static str, AppError> {
        let bytes = &self.bytes;
        if bytes.is_empty() {
            return Err(AppError::Import(ImportProblem::Empty));
        }
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(AppError::Import(ImportProblem::TooLarge {
                max_megabytes: MAX_IMPORT_BYTES / (1024 * 1024),
            }));
        }
        if bytes.starts_with(b"%PDF-") {
            Ok("application/pdf")
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok("image/png")
        } else if bytes.starts_with(b"\xFF\xD8\xFF") {
            Ok("image/jpeg")
        } else {
            Err(AppError::Import(ImportProblem::UnsupportedType))
        }
    }

    /// The file name without a path, bounded, without control characters
    /// or the characters that end a header parameter.
    fn clean_name(&self) -> String {
        let base = self
            .file_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default();
        // Nothing that ends a header parameter (`"`, `\`, `;`) survives.
        let cleaned: String = base
            .chars()
            .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | ';'))
            .take(100)
            .collect();
        match cleaned.trim() {
            "" => "scan".to_owned(),
            name => name.to_owned(),
        }
    }
}

/// A filing by id, or 404.
async fn filing(state: &AppState, id: i64) -> Result<store::FilingRow, AppError> {
    store::find_filing(&state.db, id)
        .await
        .map_err(database_failure("reading a catalogue filing"))?
        .ok_or(AppError::NotFound(Missing::Filing))
}

/// Submits a complete draft for filing with its stamped scan.
pub async fn submit_edition(
    state: &AppState,
    actor: &Actor,
    id: i64,
    scan: &Scan,
    now: DateTime<Utc>,
) -> Result<FilingSummary, AppError> {
    let (draft, city) = editable_edition(&state.db, actor, id, now).await?;
    let failed = || database_failure("filing a catalogue");
    if draft.status != CatalogueStatus::Draft {
        return Err(AppError::Conflict(Conflict::EditionNotDraft));
    }
    if draft.row_count == 0 {
        return Err(AppError::Conflict(Conflict::EditionEmpty));
    }
    let content_type = scan.content_type()?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let filing_id = file_in(&mut tx, Some(actor), &draft, city, scan, content_type, now).await?;
    tx.commit().await.map_err(failed())?;
    filing(state, filing_id).await?.summary().map_err(failed())
}

/// Files a draft inside `tx`: the edition leaves draft, a filing with the
/// scan is submitted, and the step is recorded. `by` is none for the demo
/// loader.
pub(super) async fn file_in(
    tx: &mut crate::server::db::Tx,
    by: Option<&Actor>,
    draft: &store::EditionRow,
    city: City,
    scan: &Scan,
    content_type: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let failed = || database_failure("filing a catalogue");
    let id = draft.id;
    if !store::move_edition(tx, id, CatalogueStatus::Draft, CatalogueStatus::Filed)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::EditionNotDraft));
    }
    let user = by.map(|a| a.user_id.as_str());
    let filing_id = store::insert_filing(
        tx,
        id,
        FilingPurpose::Edition,
        FilingStatus::Draft,
        "",
        None,
        user,
        now,
    )
    .await
    .map_err(failed())?;
    attach_and_submit(
        tx,
        by,
        id,
        filing_id,
        FilingStatus::Draft,
        scan,
        content_type,
        now,
    )
    .await?;
    let reason = format!(
        "{} {} rows filed with the province",
        draft.year, draft.row_count
    );
    record(
        tx,
        by,
        "catalogue.file",
        &filing_target(filing_id),
        &reason,
        city,
        now,
    )
    .await?;
    Ok(filing_id)
}

/// Stores the scan with its checksum and submits the filing.
#[allow(clippy::too_many_arguments)]
pub(super) async fn attach_and_submit(
    tx: &mut crate::server::db::Tx,
    by: Option<&Actor>,
    edition_id: i64,
    filing_id: i64,
    from: FilingStatus,
    scan: &Scan,
    content_type: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("filing a catalogue");
    let sha256 = hex::encode(Sha256::digest(&scan.bytes));
    let attachment = store::insert_attachment(
        tx,
        edition_id,
        &scan.clean_name(),
        content_type,
        &sha256,
        &scan.bytes,
        by.map(|a| a.user_id.as_str()),
        now,
    )
    .await
    .map_err(failed())?;
    if store::submit_filing(
        tx,
        filing_id,
        from,
        attachment,
        by.map(|a| a.user_id.as_str()),
        now,
    )
    .await
    .map_err(failed())?
    {
        Ok(())
    } else {
        Err(AppError::Conflict(Conflict::FilingNotInState))
    }
}

/// Checks an uploaded scan: its type and size.
pub(super) fn scan_type(scan: &Scan) -> Result<&'static str, AppError> {
    scan.content_type()
}

/// The province's decision on a submitted filing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilingDecision {
    /// Accepted under this filing number (an edition) or without one (an
    /// adjustment).
    Accept { filing_number: Option<String> },
    /// Returned to the bureau with the reason.
    Return { reason: String },
}

impl FilingDecision {
    /// Reads the form or body: `accept` with a filing number for an
    /// edition, `return` with a reason.
    pub fn parse(
        decision: &str,
        filing_number: &str,
        reason: &str,
    ) -> Result<FilingDecision, InputError> {
        match decision.trim() {
            "accept" if filing_number.trim().is_empty() => Ok(FilingDecision::Accept {
                filing_number: None,
            }),
            "accept" => Ok(FilingDecision::Accept {
                filing_number: Some(parse_filing_number(filing_number)?),
            }),
            "return" => Ok(FilingDecision::Return {
                reason: crate::domain::text::bounded(Field::Reason, reason, 200, true)?,
            }),
            other => Err(InputError::UnknownCode {
                field: Field::Decision,
                value: crate::domain::error::excerpt(other),
            }),
        }
    }
}

/// The province accepts or returns a submitted filing. An edition needs a
/// filing number to be accepted; a returned edition goes back to draft.
/// An accepted adjustment comes into force on its date.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    filing_id: i64,
    decision: &FilingDecision,
    now: DateTime<Utc>,
) -> Result<FilingSummary, AppError> {
    let row = filing(state, filing_id).await?;
    let failed = || database_failure("deciding a catalogue filing");
    let city = City::parse(&row.city_code).map_err(|_| AppError::Internal)?;
    require(
        &state.db,
        actor,
        city,
        Scope::Review,
        &filing_target(filing_id),
        now,
    )
    .await?;
    if row.status != FilingStatus::Submitted {
        return Err(AppError::Conflict(Conflict::FilingNotInState));
    }
    let mut tx = state.db.begin().await.map_err(failed())?;
    let to = decide_in(&mut tx, Some(actor), &row, city, decision, now).await?;
    tx.commit().await.map_err(failed())?;
    if to == FilingStatus::Accepted && row.purpose == FilingPurpose::Adjustment {
        // Decided already; a failure to apply is retried by housekeeping.
        if let Err(error) = super::adjustments::apply_due(state, now).await {
            tracing::error!(
                ?error,
                "bringing adjustments into force after an acceptance"
            );
        }
    }
    filing(state, filing_id).await?.summary().map_err(failed())
}

/// Records the province's decision inside `tx`; the filing's new state.
pub(super) async fn decide_in(
    tx: &mut crate::server::db::Tx,
    by: Option<&Actor>,
    row: &store::FilingRow,
    city: City,
    decision: &FilingDecision,
    now: DateTime<Utc>,
) -> Result<FilingStatus, AppError> {
    let failed = || database_failure("deciding a catalogue filing");
    let filing_id = row.id;
    let (to, reason) = match decision {
        FilingDecision::Accept { filing_number } => {
            if row.purpose == FilingPurpose::Edition {
                let number =
                    filing_number
                        .as_deref()
                        .ok_or(AppError::Invalid(InputError::Required {
                            field: Field::FilingNumber,
                        }))?;
                store::set_filing_number(tx, row.catalogue_id, number)
                    .await
                    .map_err(|error| {
                        if is_unique_violation(&error, "catalogues_filing_number") {
                            AppError::Conflict(Conflict::FilingNumberTaken)
                        } else {
                            failed()(error)
                        }
                    })?;
            }
            (
                FilingStatus::Accepted,
                filing_number.clone().unwrap_or_default(),
            )
        }
        FilingDecision::Return { reason } => {
            if row.purpose == FilingPurpose::Edition {
                store::move_edition(
                    tx,
                    row.catalogue_id,
                    CatalogueStatus::Filed,
                    CatalogueStatus::Draft,
                )
                .await
                .map_err(failed())?;
            }
            (FilingStatus::Returned, reason.clone())
        }
    };
    let returned_reason = if to == FilingStatus::Returned {
        reason.as_str()
    } else {
        ""
    };
    if !store::decide_filing(
        tx,
        filing_id,
        to,
        returned_reason,
        by.map(|a| a.user_id.as_str()),
        now,
    )
    .await
    .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::FilingNotInState));
    }
    let action = match to {
        FilingStatus::Accepted => "catalogue.filing_accept",
        _ => "catalogue.filing_return",
    };
    record(
        tx,
        by,
        action,
        &filing_target(filing_id),
        &reason,
        city,
        now,
    )
    .await?;
    Ok(to)
}

/// The bureau publishes an accepted edition as the city's catalogue from
/// `effective_on` (today or later).
pub async fn publish(
    state: &AppState,
    actor: &Actor,
    id: i64,
    effective_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<EditionSummary, AppError> {
    let (accepted, city) = editable_edition(&state.db, actor, id, now).await?;
    let failed = || database_failure("publishing a catalogue");
    if effective_on < china_date(now) {
        return Err(AppError::Invalid(InputError::DateInPast {
            field: Field::EffectiveDate,
        }));
    }
    let filings = store::list_filings_of(&state.db, id)
        .await
        .map_err(failed())?;
    let accepted_filing = filings
        .iter()
        .find(|f| f.purpose == FilingPurpose::Edition && f.status == FilingStatus::Accepted)
        .filter(|_| accepted.status == CatalogueStatus::Filed)
        .ok_or(AppError::Conflict(Conflict::FilingNotInState))?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    publish_in(
        &mut tx,
        Some(actor),
        &accepted,
        city,
        accepted_filing.id,
        effective_on,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    super::editions::summary(&state.db, id).await
}

/// Publishes an accepted edition inside `tx` as version 1.
pub(super) async fn publish_in(
    tx: &mut crate::server::db::Tx,
    by: Option<&Actor>,
    accepted: &store::EditionRow,
    city: City,
    filing_id: i64,
    effective_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("publishing a catalogue");
    let id = accepted.id;
    let published = store::publish_edition(tx, id, effective_on, now)
        .await
        .map_err(failed())?
        && store::publish_filing(tx, filing_id, 1, effective_on)
            .await
            .map_err(failed())?;
    if !published {
        return Err(AppError::Conflict(Conflict::FilingNotInState));
    }
    let reason = format!("{} version 1 in force from {effective_on}", accepted.year);
    record(
        tx,
        by,
        "catalogue.publish",
        &edition_target(id),
        &reason,
        city,
        now,
    )
    .await
}

/// Filings for the caller: the province sees every city's (those waiting
/// first), a bureau its own city's.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    status: Option<FilingStatus>,
    now: DateTime<Utc>,
) -> Result<Vec<FilingSummary>, AppError> {
    let city = match (actor.role, actor.city) {
        (crate::domain::Role::Province, _) => None,
        (crate::domain::Role::Bureau, Some(city)) => Some(city),
        _ => {
            return Err(crate::server::audit::refuse(
                &state.db,
                actor,
                "catalogue_filing:list",
                now,
            )
            .await)
        }
    };
    let failed = || database_failure("listing catalogue filings");
    store::list_filings(&state.db, city, status)
        .await
        .map_err(failed())?
        .iter()
        .filter(|f| f.status != FilingStatus::Draft || city.is_some())
        .map(store::FilingRow::summary)
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed())
}

/// A filing's stamped scan, for the city's bureau and the province.
pub async fn attachment(
    state: &AppState,
    actor: &Actor,
    attachment_id: i64,
    now: DateTime<Utc>,
) -> Result<store::AttachmentRow, AppError> {
    let failed = || database_failure("reading an attachment");
    let scan = store::find_attachment(&state.db, attachment_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Attachment))?;
    let owner = edition(&state.db, scan.catalogue_id).await?;
    let city = owner.city().map_err(failed())?;
    require(
        &state.db,
        actor,
        city,
        Scope::Read,
        &format!("catalogue_attachment:{attachment_id}"),
        now,
    )
    .await?;
    Ok(scan)
}
