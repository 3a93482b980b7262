//! Importing a filled-in template (附表1 or 附表2) into a draft edition:
//! first a preview of every row as it will be stored and every problem,
//! then, on confirmation of a preview without problems, the rows replace
//! the draft's. Nothing is stored before that; a failed import changes
//! nothing.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    edition_target,
    editions::{self, CheckedRow},
    record, require, store, Scope,
};
use crate::{
    domain::{
        china_date, read_courses, read_institutions, CatalogueKind, CatalogueStatus, City,
        EditionSummary, ImportPreview, NewCourse, NewInstitution, OccupationIndex, PreviewCourse,
        PreviewInstitution, PreviewProblem, TemplateProblem, TemplateRead,
    },
    error::{AppError, Conflict, Missing},
    i18n::Lang,
    server::{
        access::Actor,
        crypto::random_token,
        database_failure,
        spreadsheet::{csv_rows, xlsx_rows, ListFile, ListFormat},
        AppState,
    },
};

/// How long an uploaded template waits for its confirmation.
const IMPORT_KEPT_FOR: Duration = Duration::hours(24);

/// What a template read: the rows (as the preview shows them and as they
/// will be stored) and the problems.
pub struct TemplateRows {
    pub courses: Vec<PreviewCourse>,
    pub institutions: Vec<PreviewInstitution>,
    pub problems: Vec<TemplateProblem>,
}

impl TemplateRows {
    /// The rows to store, in sheet order.
    fn checked(&self) -> Result<Vec<CheckedRow>, AppError> {
        let courses = self
            .courses
            .iter()
            .map(|row| NewCourse::try_from(&row.record.to_input()).map(CheckedRow::Course));
        let institutions = self.institutions.iter().map(|row| {
            NewInstitution::try_from(&row.record.to_input()).map(CheckedRow::Institution)
        });
        // The records came out of these very rules.
        courses
            .chain(institutions)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| {
                tracing::error!(%error, "a previewed catalogue row failed its rules again");
                AppError::Internal
            })
    }
}

/// Reads a template file for an edition of `kind` in `city` and `year`.
/// CPU-bound, so the sheet is read off the async runtime.
pub async fn read_template(
    state: &AppState,
    kind: CatalogueKind,
    city: City,
    year: i32,
    file: &ListFile,
    today: NaiveDate,
) -> Result<TemplateRows, AppError> {
    let occupations = match kind {
        CatalogueKind::Course => OccupationIndex::default(),
        CatalogueKind::Institution => {
            editions::occupation_index(
                &state.db,
                city,
                year,
                editions::OccupationSource::SameYear,
                today,
            )
            .await?
        }
    };
    let (format, bytes) = (file.format, file.bytes.clone());
    tokio::task::spawn_blocking(move || {
        let grid = match format {
            ListFormat::Csv => csv_rows(&bytes),
            ListFormat::Xlsx => xlsx_rows(&bytes),
        }
        .map_err(AppError::Import)?;
        Ok(match kind {
            CatalogueKind::Course => {
                let read = read_courses(&grid);
                TemplateRows {
                    courses: read
                        .rows
                        .into_iter()
                        .map(|row| PreviewCourse {
                            sheet_row: row.sheet_row,
                            record: row.record,
                        })
                        .collect(),
                    institutions: Vec::new(),
                    problems: read.problems,
                }
            }
            CatalogueKind::Institution => {
                let TemplateRead { rows, problems } = read_institutions(&grid, &occupations);
                TemplateRows {
                    courses: Vec::new(),
                    institutions: rows
                        .into_iter()
                        .map(|row| PreviewInstitution {
                            sheet_row: row.sheet_row,
                            record: row.record,
                        })
                        .collect(),
                    problems,
                }
            }
        })
    })
    .await
    .map_err(|error| {
        // A reader that panicked on a malformed file: the file is unreadable.
        tracing::error!(%error, "reading a template failed");
        AppError::Import(crate::error::ImportProblem::Unreadable)
    })?
}

/// A problem as the preview page, the API and the command line tell it.
pub fn problem_view(problem: &TemplateProblem, lang: Lang) -> PreviewProblem {
    PreviewProblem {
        row: problem.row,
        column: problem.column,
        column_title: problem.column.map(|c| c.title().to_owned()),
        message: problem.kind.message(lang),
    }
}

/// Refuses an import into an edition that is no longer a draft.
async fn refuse_unless_draftable(
    state: &AppState,
    kind: CatalogueKind,
    city: City,
    year: i32,
) -> Result<(), AppError> {
    let existing = store::find_edition(&state.db, kind, city, year)
        .await
        .map_err(database_failure("reading a catalogue edition"))?;
    match existing {
        Some(edition) if edition.status != CatalogueStatus::Draft => {
            Err(AppError::Conflict(Conflict::EditionNotDraft))
        }
        _ => Ok(()),
    }
}

/// Reads an uploaded template and keeps it for confirmation; the preview
/// says what would be stored and what is wrong.
#[allow(clippy::too_many_arguments)]
pub async fn preview(
    state: &AppState,
    actor: &Actor,
    kind: CatalogueKind,
    city: City,
    year: i32,
    file: ListFile,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ImportPreview, AppError> {
    require(&state.db, actor, city, Scope::Edit, "catalogue:import", now).await?;
    refuse_unless_draftable(state, kind, city, year).await?;
    let read = read_template(state, kind, city, year, &file, china_date(now)).await?;
    let import_id = random_token();
    let failed = || database_failure("keeping an uploaded catalogue");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::delete_imports(&mut tx, &import_id, now - IMPORT_KEPT_FOR)
        .await
        .map_err(failed())?;
    let format = match file.format {
        ListFormat::Csv => "csv",
        ListFormat::Xlsx => "xlsx",
    };
    store::insert_import(
        &mut tx,
        &import_id,
        kind,
        city,
        year,
        format,
        &file.bytes,
        &actor.user_id,
        now,
    )
    .await
    .map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    Ok(ImportPreview {
        import_id,
        kind,
        city,
        year,
        problems: read
            .problems
            .iter()
            .map(|p| problem_view(p, lang))
            .collect(),
        courses: read.courses,
        institutions: read.institutions,
    })
}

/// The preview of an upload of the caller's, read again from the file
/// kept: the page that follows the upload shows it.
pub async fn show(
    state: &AppState,
    actor: &Actor,
    import_id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ImportPreview, AppError> {
    let KeptUpload {
        kind,
        city,
        year,
        file,
    } = kept_upload(state, actor, import_id, now).await?;
    let read = read_template(state, kind, city, year, &file, china_date(now)).await?;
    Ok(ImportPreview {
        import_id: import_id.to_owned(),
        kind,
        city,
        year,
        problems: read
            .problems
            .iter()
            .map(|p| problem_view(p, lang))
            .collect(),
        courses: read.courses,
        institutions: read.institutions,
    })
}

/// An upload of the caller's that is still kept: what it is for, and the
/// file.
struct KeptUpload {
    kind: CatalogueKind,
    city: City,
    year: i32,
    file: ListFile,
}

async fn kept_upload(
    state: &AppState,
    actor: &Actor,
    import_id: &str,
    now: DateTime<Utc>,
) -> Result<KeptUpload, AppError> {
    let failed = || database_failure("reading an uploaded catalogue");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let upload = store::find_import(&mut tx, import_id)
        .await
        .map_err(failed())?;
    drop(tx);
    let upload = upload
        .filter(|upload| {
            upload.uploaded_by == actor.user_id && upload.uploaded_at > now - IMPORT_KEPT_FOR
        })
        .ok_or(AppError::NotFound(Missing::Import))?;
    let city = City::parse(&upload.city_code).map_err(|_| AppError::Internal)?;
    require(&state.db, actor, city, Scope::Edit, "catalogue:import", now).await?;
    let format = if upload.file_format == "xlsx" {
        ListFormat::Xlsx
    } else {
        ListFormat::Csv
    };
    Ok(KeptUpload {
        kind: upload.kind,
        city,
        year: upload.year,
        file: ListFile {
            format,
            bytes: upload.content,
        },
    })
}

/// Stores a previewed upload as the draft's rows, when its preview (read
/// again now) has no problems.
pub async fn confirm(
    state: &AppState,
    actor: &Actor,
    import_id: &str,
    now: DateTime<Utc>,
) -> Result<EditionSummary, AppError> {
    let failed = || database_failure("confirming a catalogue import");
    let KeptUpload {
        kind,
        city,
        year,
        file,
    } = kept_upload(state, actor, import_id, now).await?;
    let read = read_template(state, kind, city, year, &file, china_date(now)).await?;
    if !read.problems.is_empty() {
        return Err(AppError::Conflict(Conflict::ImportHasProblems));
    }
    let rows = read.checked()?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    // Taken out first, so that a second confirmation stores nothing.
    if !store::take_import(&mut tx, import_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::NotFound(Missing::Import));
    }
    let id = store_as_draft(&mut tx, Some(actor), kind, city, year, &rows, now).await?;
    store::delete_imports(&mut tx, import_id, now - IMPORT_KEPT_FOR)
        .await
        .map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    editions::summary(&state.db, id).await
}

/// Reads a template and, when it has no problems, stores it as the
/// draft at once: the command line's `--confirm` and the demo loader.
/// The problems come back when there are any, and nothing is stored.
pub async fn import_at_once(
    state: &AppState,
    actor: Option<&Actor>,
    kind: CatalogueKind,
    city: City,
    year: i32,
    file: &ListFile,
    now: DateTime<Utc>,
) -> Result<Result<i64, Vec<TemplateProblem>>, AppError> {
    refuse_unless_draftable(state, kind, city, year).await?;
    let read = read_template(state, kind, city, year, file, china_date(now)).await?;
    if !read.problems.is_empty() {
        return Ok(Err(read.problems));
    }
    let rows = read.checked()?;
    let failed = || database_failure("importing a catalogue");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = store_as_draft(&mut tx, actor, kind, city, year, &rows, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(Ok(id))
}

/// Replaces the rows of the year's draft (created when there is none).
async fn store_as_draft(
    tx: &mut crate::server::db::Tx,
    actor: Option<&Actor>,
    kind: CatalogueKind,
    city: City,
    year: i32,
    rows: &[CheckedRow],
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let failed = || database_failure("storing an imported catalogue");
    let existing = store::find_edition_for_update(tx, kind, city, year)
        .await
        .map_err(failed())?;
    let id = match existing {
        Some((_, status)) if status != CatalogueStatus::Draft => {
            return Err(AppError::Conflict(Conflict::EditionNotDraft))
        }
        Some((id, _)) => {
            editions::hold_draft(tx, id).await?;
            id
        }
        None => {
            let by = actor.map(|a| a.user_id.as_str());
            store::insert_draft(tx, kind, city, year, by, None, now)
                .await
                .map_err(failed())?
        }
    };
    store::delete_rows(tx, id).await.map_err(failed())?;
    editions::insert_rows(tx, id, rows).await?;
    let reason = format!(
        "{} {year}: {} rows imported from a template",
        kind.code(),
        rows.len()
    );
    record(
        tx,
        actor,
        "catalogue.import",
        &edition_target(id),
        &reason,
        city,
        now,
    )
    .await?;
    Ok(id)
}
