//! Verified worker categories: the bureau of the worker's city verifies a
//! declared category one by one with a note, or by importing another
//! department's list (CSV in UTF-8 or GBK, or XLSX). Only verified
//! categories raise a claim's amount.

use std::io::Cursor;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        categories::{self as store, ImportMatch, WorkerCategoryRow},
        Tx,
    },
    internal_absence, internal_fault, AppState,
};

use crate::views::CategoryView;
use crate::{
    domain::{
        parse_import_rows, CalendarDate, CategoryDecision, CategorySource, CategoryStanding,
        CategoryStatus, City, ImportRow, NotMatchedReason, Role, WorkerCategory,
    },
    error::{AppError, Conflict, ImportProblem, Missing},
    i18n::Lang,
};

/// The largest list accepted, in bytes (5 MB).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

fn view(row: WorkerCategoryRow) -> Result<CategoryView, AppError> {
    Ok(CategoryView {
        id: row.id,
        worker_name: row.worker_name,
        id_number_masked: row.id_number_masked,
        city: row.city_code,
        category: row.category,
        status: row.status,
        source: row.source,
        declared_at: row.declared_at,
        decided_by: row.decided_by_name,
        decided_at: row.decided_at,
        note: row.note,
    })
}

/// Declared categories in `status`: the bureau's city, or every city for
/// the province. Anyone else is refused, and the refusal audited.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    status: CategoryStatus,
    now: DateTime<Utc>,
) -> Result<Vec<CategoryView>, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "worker_categories", now).await),
    };
    store::list_worker_categories(&state.db, scope.map(City::code), status.code())
        .await
        .map_err(database_failure("listing worker categories"))?
        .into_iter()
        .map(view)
        .collect()
}

/// The bureau of the worker's city verifies or refuses one declared
/// category, with its note; the decision and the audit record are written
/// together.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: i64,
    decision: &CategoryDecision,
    now: DateTime<Utc>,
) -> Result<CategoryView, AppError> {
    let failed = || database_failure("deciding a worker category");
    let row = store::find_worker_category(&state.db, id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::WorkerCategory))?;
    let target = format!("worker_category:{id}");
    let Some(city) = row.city_code.filter(|city| actor.may_supervise_city(*city)) else {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    };
    let status = decision.status();
    let mut tx = state.db.begin().await.map_err(failed())?;
    let changed = store::decide_worker_category(
        &mut tx,
        id,
        status.code(),
        CategorySource::Review.code(),
        &actor.user_id,
        decision.note(),
        now,
    )
    .await
    .map_err(failed())?;
    if !changed {
        return Err(AppError::Conflict(Conflict::CategoryAlreadyDecided));
    }
    let action = decision_action(status);
    audit_decision(&mut tx, actor, action, &target, decision.note(), city, now).await?;
    tx.commit().await.map_err(failed())?;
    let row = store::find_worker_category(&state.db, id)
        .await
        .map_err(failed())?
        .ok_or_else(|| internal_absence("the worker category just written"))?;
    view(row)
}

const fn decision_action(status: CategoryStatus) -> &'static str {
    match status {
        CategoryStatus::Refused => "worker_category.refuse",
        _ => "worker_category.verify",
    }
}

async fn audit_decision(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    target: &str,
    note: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let entry = Entry {
        actor: Some(actor),
        action,
        target,
        outcome: outcome::DONE,
        reason: note,
        city: Some(city),
    };
    audit::record_in(tx, &entry, now).await
}

/// Every category a worker declared, with where it stands.
pub async fn standings_of(
    state: &AppState,
    worker_id: &str,
) -> Result<Vec<CategoryStanding>, AppError> {
    let rows = store::list_categories_of_worker(&state.db, worker_id)
        .await
        .map_err(database_failure("reading a worker's categories"))?;
    Ok(rows
        .into_iter()
        .map(|row| CategoryStanding {
            category: row.category,
            status: row.status,
        })
        .collect())
}

/// The categories of a worker that count for the claim amount: verified
/// ones only.
pub async fn verified_categories(
    state: &AppState,
    worker_id: &str,
) -> Result<Vec<WorkerCategory>, AppError> {
    store::list_verified_categories(&state.db, worker_id)
        .await
        .map_err(database_failure("reading verified categories"))
}

/// A category line of the worker's timeline, in plain words.
pub fn standing_line(standing: &CategoryStanding, lang: Lang) -> String {
    let t = lang.category_texts();
    let label = standing.category.label(lang);
    match standing.status {
        CategoryStatus::Declared => (t.awaiting)(label),
        CategoryStatus::Verified => (t.verified)(label),
        CategoryStatus::Refused => (t.refused)(label),
    }
}

// ---- Importing a list -----------------------------------------------------

/// The two kinds of file an import takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Csv,
    Xlsx,
}

/// The MIME type of an XLSX workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl ListFormat {
    /// The format a `Content-Type` names; `application/octet-stream` is
    /// told apart by the ZIP signature an XLSX file starts with.
    pub fn from_content_type(content_type: &str, body: &[u8]) -> Result<ListFormat, AppError> {
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match mime.as_str() {
            "text/csv" | "application/csv" | "text/plain" => Ok(ListFormat::Csv),
            XLSX_MIME => Ok(ListFormat::Xlsx),
            "application/octet-stream" if body.starts_with(b"PK\x03\x04") => Ok(ListFormat::Xlsx),
            "application/octet-stream" => Ok(ListFormat::Csv),
            _ => Err(AppError::Import(ImportProblem::UnsupportedType)),
        }
    }
}

/// A list as it arrived: the raw bytes, at most [`MAX_IMPORT_BYTES`].
pub struct ListFile {
    pub format: ListFormat,
    pub bytes: Vec<u8>,
}

/// A row of the list that verified nothing, by its row number.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NotMatched {
    pub row: usize,
    pub reason: NotMatchedReason,
    pub message: &'static str,
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub verified: usize,
    pub already_verified: usize,
    pub not_matched: Vec<NotMatched>,
    /// The counts in a sentence, in the reader's language.
    pub message: String,
}

/// Text of a CSV file: UTF-8 (a byte-order mark is dropped), else GBK
/// (GB 18030, which Excel on Chinese Windows writes).
pub fn decode_csv(bytes: &[u8]) -> Result<String, ImportProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(ImportProblem::Unreadable)
}

/// The rows of a CSV list with their line numbers.
pub fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ImportProblem> {
    let text = decode_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(&text);
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| ImportProblem::Unreadable)?;
        let line = record.position().map_or(index + 1, |position| {
            lines.line_at(position.byte() as usize)
        });
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// The line numbers of byte offsets met in increasing order: the reader
/// skips blank lines, and a record's position may point at the blank
/// line before it, so the row's line is that of its first character.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        let from = self.offset.min(start);
        self.line += self.bytes[from..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = start;
        self.line
    }
}

/// A spreadsheet cell as text. Whole numbers (an ID number typed without
/// a leading apostrophe) lose their `.0`.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e18 => {
            format!("{number:.0}")
        }
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The rows of the first worksheet of an XLSX list, numbered as the
/// spreadsheet numbers them.
pub fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ImportProblem> {
    use calamine::Reader;
    let mut workbook =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| ImportProblem::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ImportProblem::Empty)?
        .map_err(|_| ImportProblem::Unreadable)?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(index, cells)| (first_row + index + 1, cells.iter().map(cell_text).collect()))
        .collect())
}

/// Reads and checks every row of a list; any bad row refuses the whole
/// file. CPU-bound, so it runs off the async runtime.
async fn read_list(file: ListFile, now: DateTime<Utc>) -> Result<Vec<ImportRow>, AppError> {
    let today = CalendarDate::of(now);
    tokio::task::spawn_blocking(move || {
        let rows = match file.format {
            ListFormat::Csv => csv_rows(&file.bytes),
            ListFormat::Xlsx => xlsx_rows(&file.bytes),
        }
        .map_err(AppError::Import)?;
        let parsed = parse_import_rows(&rows, today)
            .map_err(|problems| AppError::Import(ImportProblem::Rows(problems)))?;
        if parsed.is_empty() {
            return Err(AppError::Import(ImportProblem::Empty));
        }
        Ok(parsed)
    })
    .await
    .map_err(internal_fault)?
}

/// What one row of a list does to the worker it names.
enum RowEffect {
    Verify(i64),
    AlreadyVerified,
    NotMatched(NotMatchedReason),
}

fn row_effect(found: Option<ImportMatch>, city: City) -> RowEffect {
    let Some(found) = found.filter(|m| m.city_code.as_deref() == Some(city.code())) else {
        return RowEffect::NotMatched(NotMatchedReason::NoAccount);
    };
    match (found.category_id, found.status.as_deref()) {
        (Some(id), Some("declared")) => RowEffect::Verify(id),
        (Some(_), Some("verified")) => RowEffect::AlreadyVerified,
        (Some(_), _) => RowEffect::NotMatched(NotMatchedReason::Refused),
        (None, _) => RowEffect::NotMatched(NotMatchedReason::NotDeclared),
    }
}

/// The bureau imports a list of another department: each row's ID number
/// is matched through its keyed look-up hash (never stored or logged in
/// clear) and its declared category verified. A bad row refuses the whole
/// list and changes nothing; rows naming no declared category of a worker
/// of the city are reported back by row number.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    file: ListFile,
    note: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ImportOutcome, AppError> {
    let city = match (actor.role, actor.city) {
        (Role::Bureau, Some(city)) => city,
        _ => return Err(audit::refuse(&state.db, actor, "worker_categories:import", now).await),
    };
    let rows = read_list(file, now).await?;
    let note = match note.trim() {
        "" => lang.category_texts().import_default_note,
        note => note,
    };
    let failed = || database_failure("importing worker categories");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let mut result = ImportOutcome::default();
    for row in &rows {
        let lookup = state.security.keys.id_number_lookup(&row.id_number);
        let found = store::find_import_match(&mut tx, &lookup, row.category.code())
            .await
            .map_err(failed())?;
        match row_effect(found, city) {
            RowEffect::Verify(id) => {
                verify_imported(&mut tx, actor, id, note, city, now).await?;
                result.verified += 1;
            }
            RowEffect::AlreadyVerified => result.already_verified += 1,
            RowEffect::NotMatched(reason) => result.not_matched.push(NotMatched {
                row: row.row,
                reason,
                message: reason.label(lang),
            }),
        }
    }
    let summary = format!(
        "{} rows: {} verified, {} already verified, {} not matched; {note}",
        rows.len(),
        result.verified,
        result.already_verified,
        result.not_matched.len()
    );
    audit_decision(
        &mut tx,
        actor,
        "worker_category.import",
        "worker_categories",
        &summary,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    result.message = (lang.category_texts().import_summary)(
        result.verified,
        result.already_verified,
        result.not_matched.len(),
    );
    Ok(result)
}

async fn verify_imported(
    tx: &mut Tx,
    actor: &Actor,
    id: i64,
    note: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::decide_worker_category(
        tx,
        id,
        CategoryStatus::Verified.code(),
        CategorySource::Import.code(),
        &actor.user_id,
        note,
        now,
    )
    .await
    .map_err(database_failure("verifying an imported category"))?;
    let target = format!("worker_category:{id}");
    audit_decision(
        tx,
        actor,
        "worker_category.verify",
        &target,
        note,
        city,
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gbk_csv_is_decoded_like_its_utf8_twin() {
        let text = "身份证号码,人员类别\n11010519491231002X,就业困难人员\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_ne!(gbk.as_ref(), text.as_bytes());
        assert_eq!(decode_csv(&gbk), Ok(text.to_owned()));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode_csv(&with_bom), Ok(text.to_owned()));
    }

    #[test]
    fn csv_rows_keep_their_line_numbers_across_blank_lines() {
        let rows = csv_rows("a,b\n\n11010519491231002X,其他\n".as_bytes()).expect("read");
        assert_eq!(rows.last().map(|(line, _)| *line), Some(3));
        assert_eq!(
            rows.last().map(|(_, cells)| cells[1].as_str()),
            Some("其他")
        );
    }

    #[test]
    fn bytes_that_are_neither_utf8_nor_gbk_are_unreadable() {
        assert_eq!(
            decode_csv(&[0xFF, 0xFF, 0x80]),
            Err(ImportProblem::Unreadable)
        );
    }

    #[test]
    fn the_content_type_names_the_format_and_others_are_refused() {
        assert_eq!(
            ListFormat::from_content_type("text/csv; charset=gbk", b""),
            Ok(ListFormat::Csv)
        );
        assert_eq!(
            ListFormat::from_content_type("application/octet-stream", b"PK\x03\x04rest"),
            Ok(ListFormat::Xlsx)
        );
        assert_eq!(
            ListFormat::from_content_type("application/pdf", b""),
            Err(AppError::Import(ImportProblem::UnsupportedType))
        );
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_unreadable() {
        assert_eq!(
            xlsx_rows(b"not a zip").map(|rows| rows.len()),
            Err(ImportProblem::Unreadable)
        );
    }

    #[test]
    fn whole_numbers_in_cells_lose_their_decimal_point() {
        assert_eq!(cell_text(&calamine::Data::Float(350102.0)), "350102");
        assert_eq!(cell_text(&calamine::Data::String("其他".into())), "其他");
    }
}
