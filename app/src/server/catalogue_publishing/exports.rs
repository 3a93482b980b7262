//! Exporting an edition, draft or published, as the filled-in template:
//! XLSX, CSV in UTF-8 with a byte-order mark, or CSV in GBK (GB 18030),
//! header and footer lines included, so that the file can be stamped and
//! sent as the filing copy. Importing the file gives the same rows.

use chrono::{DateTime, Utc};

use crate::{
    domain::{
        course_sheet, institution_sheet, CatalogueKind, City, EditionDetail, ExportFormat,
        TemplateSheet,
    },
    error::AppError,
    i18n::Lang,
    server::{access::Actor, spreadsheet::sheet_file, AppState},
};

/// A file to send: its name (Chinese), type and bytes.
pub struct ExportFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl ExportFile {
    /// A table as a file named by its title: the title on the first line
    /// (merged across the table in a workbook), the header below it, then
    /// the rows.
    pub async fn titled_table(
        title: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        format: ExportFormat,
        sheet_name: &'static str,
    ) -> Result<ExportFile, AppError> {
        let width = header.len();
        let file_name = format!("{title}.{}", format.extension());
        let mut cells = vec![vec![title], header];
        cells.extend(rows);
        let sheet = TemplateSheet {
            width,
            header_row: 1,
            title_rows: vec![0],
            cells,
        };
        Ok(ExportFile {
            file_name,
            content_type: format.content_type(),
            bytes: sheet_file(sheet, format, sheet_name).await?,
        })
    }
}

/// The edition `id` as a file: drafts for their bureau and the province,
/// published editions for anyone.
pub async fn export(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    format: ExportFormat,
    now: DateTime<Utc>,
) -> Result<ExportFile, AppError> {
    let detail = super::editions::detail(state, actor, id, now).await?;
    write(&detail, format).await
}

/// Writes an edition's rows as the template in `format`.
pub async fn write(detail: &EditionDetail, format: ExportFormat) -> Result<ExportFile, AppError> {
    let edition = &detail.edition;
    let sheet = sheet_of(detail);
    let file_name = file_name(edition.kind, edition.city, edition.year, format);
    let bytes = sheet_file(sheet, format, "目录").await?;
    Ok(ExportFile {
        file_name,
        content_type: format.content_type(),
        bytes,
    })
}

fn sheet_of(detail: &EditionDetail) -> TemplateSheet {
    let edition = &detail.edition;
    match edition.kind {
        CatalogueKind::Course => {
            let records: Vec<_> = detail.courses.iter().map(|c| c.record.clone()).collect();
            course_sheet(edition.city, edition.year, &records)
        }
        CatalogueKind::Institution => {
            let records: Vec<_> = detail
                .institutions
                .iter()
                .map(|i| i.record.clone())
                .collect();
            institution_sheet(edition.city, edition.year, &records)
        }
    }
}

/// "福州市职业技能培训需求指导目录（2027年）.xlsx".
pub fn file_name(kind: CatalogueKind, city: City, year: i32, format: ExportFormat) -> String {
    format!(
        "{}{}（{year}年）.{}",
        city.label(Lang::Zh),
        kind.official_name(),
        format.extension()
    )
}
