//! Publishing the catalogues: yearly editions, their filings with the
//! province (备案), publication and the adjustments after it (动态调整),
//! as the values the service, the pages and the API share.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, text::bounded, CatalogueKind, CatalogueStatus, City, CourseRecord, Field,
    InputError, InstitutionRecord, TemplateColumn,
};

code_enum! {
    /// What a filing puts before the province: a whole edition, or an
    /// adjustment of a published one.
    pub enum FilingPurpose for Field::Decision {
        Edition = "edition";
        Adjustment = "adjustment";
    }
}

code_enum! {
    /// Where a filing stands. An adjustment is composed as a draft; an
    /// edition's filing starts when it is submitted.
    pub enum FilingStatus for Field::Decision {
        Draft = "draft";
        Submitted = "submitted";
        Returned = "returned";
        Accepted = "accepted";
        Published = "published";
    }
}

code_enum! {
    /// What an adjustment does to one row.
    pub enum ChangeAction for Field::Decision {
        Add = "add";
        Change = "change";
        Remove = "remove";
    }
}

code_enum! {
    /// The file an export is written as.
    pub enum ExportFormat for Field::ExportFormat {
        Xlsx = "xlsx";
        Csv = "csv";
        CsvGbk = "csv-gbk";
    }
}

impl ExportFormat {
    /// The `Content-Type` of the file.
    pub const fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::CsvGbk => "text/csv; charset=gb18030",
        }
    }

    pub const fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv | ExportFormat::CsvGbk => "csv",
        }
    }
}

/// The years an edition may be drafted for.
pub const EDITION_YEARS: std::ops::RangeInclusive<i32> = 2020..=2100;

/// Reads the year of an edition.
pub fn parse_edition_year(input: &str) -> Result<i32, InputError> {
    let year = super::parse_bounded_int(
        Field::Year,
        input,
        i64::from(*EDITION_YEARS.start()),
        i64::from(*EDITION_YEARS.end()),
    )?;
    // Bounded above, well inside i32.
    Ok(year as i32)
}

/// The province's filing number (备案号), as it writes it: "闽人社目录备〔2027〕3号".
pub fn parse_filing_number(input: &str) -> Result<String, InputError> {
    bounded(Field::FilingNumber, input, 40, true)
}

/// Reads the reason of an adjustment: required, at most 200 characters.
pub fn parse_reason(input: &str) -> Result<String, InputError> {
    bounded(Field::Reason, input, 200, true)
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_date(field: Field, input: &str) -> Result<NaiveDate, InputError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(InputError::Required { field });
    }
    let date =
        NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|_| InputError::DateFormat {
            value: super::error::excerpt(trimmed),
        })?;
    if EDITION_YEARS.contains(&date.year()) && trimmed.len() == 10 {
        Ok(date)
    } else {
        Err(InputError::DateFormat {
            value: super::error::excerpt(trimmed),
        })
    }
}

/// Where a city stands with one catalogue for the current year, as the
/// province sees it: 1 June starts the warning, 30 June is the deadline
/// of the measures ("每年6月底前").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicationStanding {
    /// The year's edition is published.
    Published,
    /// Not yet published, and June has not begun.
    Pending,
    /// Not yet published in June: the bureau is warned.
    DueSoon,
    /// Not published by 30 June.
    Late,
}

impl PublicationStanding {
    /// The standing of a catalogue on `today`.
    pub fn on(today: NaiveDate, published: bool) -> Self {
        if published {
            return PublicationStanding::Published;
        }
        let (june_first, june_last) = (
            NaiveDate::from_ymd_opt(today.year(), 6, 1),
            NaiveDate::from_ymd_opt(today.year(), 6, 30),
        );
        match (june_first, june_last) {
            (_, Some(last)) if today > last => PublicationStanding::Late,
            (Some(first), _) if today >= first => PublicationStanding::DueSoon,
            _ => PublicationStanding::Pending,
        }
    }
}

/// An edition in a list or at the top of its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EditionSummary {
    pub id: i64,
    pub kind: CatalogueKind,
    pub city: City,
    pub year: i32,
    pub status: CatalogueStatus,
    /// Published versions so far: 1 once published, one more for each
    /// adjustment in force.
    pub version: i32,
    pub filing_number: Option<String>,
    /// The date the published edition shows from, `YYYY-MM-DD`.
    pub effective_on: Option<String>,
    pub rows: i64,
    pub is_demo: bool,
    /// The newest filing of the edition or of its adjustments.
    pub latest_filing: Option<FilingSummary>,
}

/// A filing in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FilingSummary {
    pub id: i64,
    pub edition_id: i64,
    pub kind: CatalogueKind,
    pub city: City,
    pub year: i32,
    pub purpose: FilingPurpose,
    pub status: FilingStatus,
    /// An adjustment's reason.
    pub reason: String,
    /// An adjustment's effective date, `YYYY-MM-DD`.
    pub effective_on: Option<String>,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
    /// Why the province returned it.
    pub decision_reason: String,
    pub attachment: Option<AttachmentSummary>,
    /// The version the filing made, once in force.
    pub version: Option<i32>,
    pub changes: i64,
}

/// The stamped scan of a filing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttachmentSummary {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// A course row of an edition with its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EditionCourse {
    pub id: i64,
    #[serde(flatten)]
    pub record: CourseRecord,
}

/// An institution row of an edition with its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EditionInstitution {
    pub id: i64,
    #[serde(flatten)]
    pub record: InstitutionRecord,
}

/// An edition with all its rows in force; one of the two lists is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EditionDetail {
    pub edition: EditionSummary,
    pub courses: Vec<EditionCourse>,
    pub institutions: Vec<EditionInstitution>,
    pub filings: Vec<FilingSummary>,
}

/// A problem of an import preview, told in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewProblem {
    /// The sheet row, as the spreadsheet numbers it; none for the file.
    pub row: Option<usize>,
    pub column: Option<TemplateColumn>,
    /// The column's title in the template.
    pub column_title: Option<String>,
    pub message: String,
}

/// A row of a preview, as it will be stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewCourse {
    pub sheet_row: usize,
    #[serde(flatten)]
    pub record: CourseRecord,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewInstitution {
    pub sheet_row: usize,
    #[serde(flatten)]
    pub record: InstitutionRecord,
}

/// What an uploaded template would store, and what is wrong with it.
/// Confirming stores it only when `problems` is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    /// Names the upload for confirming it.
    pub import_id: String,
    pub kind: CatalogueKind,
    pub city: City,
    pub year: i32,
    pub courses: Vec<PreviewCourse>,
    pub institutions: Vec<PreviewInstitution>,
    pub problems: Vec<PreviewProblem>,
}

impl ImportPreview {
    pub fn row_count(&self) -> usize {
        self.courses.len() + self.institutions.len()
    }
}

/// One change of an adjustment, with the row before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeView {
    pub id: i64,
    pub action: ChangeAction,
    /// The row's occupation or institution name.
    pub label: String,
    pub row_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// One version of a published edition: the filing that made it, with
/// its changes (none for version 1, the edition as filed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionView {
    pub version: i32,
    pub effective_on: Option<String>,
    pub reason: String,
    pub filing_number: Option<String>,
    pub changes: Vec<ChangeView>,
}

/// A city's standing with both catalogues for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CityPublication {
    pub city: City,
    pub course: PublicationStanding,
    pub institution: PublicationStanding,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, month, day).expect("a date")
    }

    #[test]
    fn an_unpublished_catalogue_is_due_in_june_and_late_from_july() {
        assert_eq!(
            PublicationStanding::on(day(5, 31), false),
            PublicationStanding::Pending
        );
        assert_eq!(
            PublicationStanding::on(day(6, 1), false),
            PublicationStanding::DueSoon
        );
        assert_eq!(
            PublicationStanding::on(day(6, 30), false),
            PublicationStanding::DueSoon
        );
        assert_eq!(
            PublicationStanding::on(day(7, 1), false),
            PublicationStanding::Late
        );
        assert_eq!(
            PublicationStanding::on(day(7, 1), true),
            PublicationStanding::Published
        );
    }

    #[test]
    fn years_and_filing_numbers_are_checked() {
        assert_eq!(parse_edition_year("2027"), Ok(2027));
        assert!(parse_edition_year("1999").is_err());
        assert!(parse_filing_number("  ").is_err());
        assert_eq!(
            parse_filing_number(" 闽人社目录备〔2027〕3号 ").as_deref(),
            Ok("闽人社目录备〔2027〕3号")
        );
    }
}
