//! Spreadsheet files in and out: CSV (UTF-8 with or without a byte-order
//! mark, or GBK/GB 18030 as Excel and WPS on Chinese Windows save it) and
//! XLSX, read into rows of cell text with the row numbers the user sees,
//! and written from a template's grid. The crates do the formats:
//! `csv`, `encoding_rs`, `calamine` (reading XLSX) and `rust_xlsxwriter`.

use std::io::Cursor;

use crate::{
    domain::TemplateSheet,
    error::{AppError, ImportProblem},
};

/// The largest file an import takes, in bytes (5 MB).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

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

/// The rows of a CSV file numbered as a spreadsheet shows them: blank
/// lines count, line breaks inside a quoted cell do not. A row past
/// [`MAX_ROWS`] refuses the file.
pub fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ImportProblem> {
    let text = decode_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(&text);
    // A cell with line breaks (a wrapped title) is one row in a
    // spreadsheet: the breaks inside earlier rows do not count.
    let mut breaks_inside = 0;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| ImportProblem::Unreadable)?;
        let line = record.position().map_or(index + 1, |position| {
            lines.line_at(position.byte() as usize)
        });
        rows.push((
            line - breaks_inside,
            record.iter().map(str::to_owned).collect(),
        ));
        breaks_inside += record
            .iter()
            .map(|cell| cell.matches('\n').count())
            .sum::<usize>();
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

/// The most rows a spreadsheet import reads; a template has a few
/// thousand at most.
pub const MAX_ROWS: usize = 20_000;
/// Columns past this one are ignored (the templates have seven).
const MAX_COLUMNS: usize = 64;

/// The rows of the first worksheet of an XLSX file, numbered as the
/// spreadsheet numbers them. Cells are read one by one, so a sheet that
/// declares a huge range with few cells in it costs only what it holds;
/// a row past [`MAX_ROWS`] refuses the file. A merged cell's text is
/// given to every cell of the merge, as the reader sees it (a remark
/// merged over three rows belongs to all three).
pub fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ImportProblem> {
    use calamine::Reader;
    let unreadable = |_| ImportProblem::Unreadable;
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportProblem::Empty)?;
    let merges = workbook.merge_cells_by_sheet_id(0).map_err(unreadable)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize, column as usize);
        if row >= MAX_ROWS {
            return Err(ImportProblem::TooManyRows { max_rows: MAX_ROWS });
        }
        if column >= MAX_COLUMNS {
            continue;
        }
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let cells_of_row = &mut rows[row];
        if cells_of_row.len() <= column {
            cells_of_row.resize(column + 1, String::new());
        }
        cells_of_row[column] = cell_text(&calamine::Data::from(cell.get_value().clone()));
    }
    drop(cells);
    for merge in merges {
        spread_merge(&mut rows, merge);
    }
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(index, cells)| (index + 1, cells))
        .collect())
}

/// Copies the text of a merge's top-left cell into its other cells,
/// within the rows read and the columns kept.
fn spread_merge(rows: &mut [Vec<String>], merge: calamine::Dimensions) {
    let (top, left) = (merge.start.0 as usize, merge.start.1 as usize);
    let bottom = (merge.end.0 as usize).min(rows.len().saturating_sub(1));
    let right = (merge.end.1 as usize).min(MAX_COLUMNS - 1);
    let Some(text) = rows.get(top).and_then(|cells| cells.get(left)).cloned() else {
        return;
    };
    for cells in rows.iter_mut().take(bottom + 1).skip(top) {
        if cells.len() <= right {
            cells.resize(right + 1, String::new());
        }
        for cell in cells.iter_mut().take(right + 1).skip(left) {
            if cell.is_empty() {
                cell.clone_from(&text);
            }
        }
    }
}

/// A template's grid as an XLSX workbook of one sheet: the title lines and
/// notes merged across the table, the header bold, every cell wrapped.
pub fn xlsx_bytes(sheet: &TemplateSheet, sheet_name: &str) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let failed = |error: rust_xlsxwriter::XlsxError| {
        tracing::error!(%error, "writing an XLSX file");
        AppError::Internal
    };
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet_name).map_err(failed)?;
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let last_column = (sheet.width.max(1) - 1) as u16;
    for (index, cells) in sheet.cells.iter().enumerate() {
        let row = index as u32;
        if sheet.title_rows.contains(&index) {
            let text = cells.first().map_or("", String::as_str);
            worksheet
                .merge_range(row, 0, row, last_column, text, &wrapped)
                .map_err(failed)?;
            continue;
        }
        let format = if index == sheet.header_row {
            &header
        } else {
            &wrapped
        };
        for (column, text) in cells.iter().enumerate() {
            worksheet
                .write_string_with_format(row, column as u16, text, format)
                .map_err(failed)?;
        }
    }
    for column in 0..=last_column {
        worksheet.set_column_width(column, 22).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}

/// The text encodings a CSV export comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8.
    Utf8WithBom,
    /// GB 18030, the superset of GBK that Excel and WPS on Chinese Windows
    /// read by default; every character has a code in it.
    Gbk,
}

/// A template's grid as CSV in `encoding`.
pub fn csv_bytes(sheet: &TemplateSheet, encoding: CsvEncoding) -> Result<Vec<u8>, AppError> {
    let failed = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "writing a CSV file");
        AppError::Internal
    };
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for cells in &sheet.cells {
        for cell in cells {
            writer
                .write_field(inert(cell).as_bytes())
                .map_err(|e| failed(&e))?;
        }
        writer
            .write_record(std::iter::empty::<&[u8]>())
            .map_err(|e| failed(&e))?;
    }
    let utf8 = writer.into_inner().map_err(|e| failed(&e))?;
    Ok(match encoding {
        CsvEncoding::Utf8WithBom => [b"\xEF\xBB\xBF".as_slice(), &utf8].concat(),
        CsvEncoding::Gbk => {
            let text = String::from_utf8(utf8).map_err(|e| failed(&e))?;
            encoding_rs::GB18030.encode(&text).0.into_owned()
        }
    })
}

/// A cell that a spreadsheet program would run as a formula (`=`, `+`,
/// `@`, a tab or carriage return, or `-` before anything but a number) is
/// written with a leading apostrophe, which shows it as text: a name typed
/// in one city must not run on the province's computer. Numbers, negative
/// ones too, are written as they are.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => cell.parse::<f64>().is_err(),
        _ => false,
    };
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// `sheet` written as `format` (off the async threads: a large workbook
/// takes a while), its worksheet named `sheet_name`.
pub async fn sheet_file(
    sheet: TemplateSheet,
    format: crate::domain::ExportFormat,
    sheet_name: &'static str,
) -> Result<Vec<u8>, AppError> {
    use crate::domain::ExportFormat;
    tokio::task::spawn_blocking(move || match format {
        ExportFormat::Xlsx => xlsx_bytes(&sheet, sheet_name),
        ExportFormat::Csv => csv_bytes(&sheet, CsvEncoding::Utf8WithBom),
        ExportFormat::CsvGbk => csv_bytes(&sheet, CsvEncoding::Gbk),
    })
    .await
    .map_err(super::internal_fault)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cell_that_would_run_as_a_formula_is_written_as_text() {
        let sheet = TemplateSheet {
            width: 4,
            header_row: 0,
            title_rows: Vec::new(),
            cells: vec![vec![
                "=HYPERLINK(\"http://x\")".to_owned(),
                "-12.5".to_owned(),
                "-cmd".to_owned(),
                "电工".to_owned(),
            ]],
        };
        let written = csv_bytes(&sheet, CsvEncoding::Utf8WithBom).expect("written");
        let text = String::from_utf8(written[3..].to_vec()).expect("UTF-8");
        assert_eq!(text, "\"'=HYPERLINK(\"\"http://x\"\")\",-12.5,'-cmd,电工\n");
    }

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
    fn a_wrapped_cell_keeps_the_rows_after_it_numbered_as_a_spreadsheet_shows_them() {
        let rows = csv_rows("title\n\"wrapped\ntitle\",b\nrow\n".as_bytes()).expect("read");
        let numbers: Vec<usize> = rows.iter().map(|(row, _)| *row).collect();
        assert_eq!(numbers, [1, 2, 3]);
    }

    #[test]
    fn a_workbook_with_a_cell_far_beyond_the_rows_it_holds_is_refused_without_reading_the_gap() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "附表1").expect("written");
        sheet
            .write_string(1_048_575, 16_383, "far away")
            .expect("written");
        let bytes = workbook.save_to_buffer().expect("saved");
        assert_eq!(
            xlsx_rows(&bytes).map(|rows| rows.len()),
            Err(ImportProblem::TooManyRows { max_rows: MAX_ROWS })
        );
    }

    #[test]
    fn a_remark_merged_over_two_rows_of_a_workbook_belongs_to_both() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let header = [
            "培训类型（选填）",
            "职业（工种）名称",
            "职业（工种）编码",
            "是否急需紧缺工种",
            "补贴标准",
            "备注",
        ];
        for (column, title) in (0_u16..).zip(header) {
            sheet.write_string(0, column, title).expect("written");
        }
        for (row, (name, code)) in (1_u32..).zip([("育婴员", "4-10-01-02"), ("电工", "6-31-01-03")])
        {
            sheet.write_string(row, 1, name).expect("written");
            sheet.write_string(row, 2, code).expect("written");
            sheet.write_string(row, 3, "是").expect("written");
            sheet
                .write_string(row, 4, "初级工 1500 元")
                .expect("written");
        }
        sheet
            .merge_range(
                1,
                5,
                2,
                5,
                "按证书等级补贴",
                &rust_xlsxwriter::Format::new(),
            )
            .expect("merged");
        let bytes = workbook.save_to_buffer().expect("saved");
        let read = crate::domain::read_courses(&xlsx_rows(&bytes).expect("read"));
        assert_eq!(read.problems, vec![]);
        let remarks: Vec<&str> = read
            .rows
            .iter()
            .map(|row| row.record.remarks.as_str())
            .collect();
        assert_eq!(remarks, ["按证书等级补贴", "按证书等级补贴"]);
    }

    #[test]
    fn a_merge_far_larger_than_the_sheet_fills_only_the_cells_read() {
        let mut rows = vec![vec!["备注".to_owned()], vec![String::new()]];
        let huge = calamine::Dimensions {
            start: (0, 0),
            end: (1_048_575, 16_383),
        };
        spread_merge(&mut rows, huge);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].len(), MAX_COLUMNS);
        assert_eq!(rows[1][0], "备注");
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

    fn sheet() -> TemplateSheet {
        crate::domain::course_sheet(crate::domain::City::Fuzhou, 2027, &[])
    }

    #[test]
    fn an_xlsx_export_reads_back_with_its_title_lines_merged_across_the_table() {
        let sheet = sheet();
        let bytes = xlsx_bytes(&sheet, "目录").expect("written");
        let rows = xlsx_rows(&bytes).expect("read");
        let title = &rows[1].1;
        assert!(
            title.iter().all(|cell| cell == &sheet.cells[1][0]),
            "{title:?}"
        );
        assert_eq!(rows[sheet.header_row].1, sheet.cells[sheet.header_row]);
    }

    #[test]
    fn csv_exports_are_utf8_with_a_mark_or_gbk_and_read_back_the_same() {
        let sheet = sheet();
        for encoding in [CsvEncoding::Utf8WithBom, CsvEncoding::Gbk] {
            let bytes = csv_bytes(&sheet, encoding).expect("written");
            assert_eq!(
                bytes.starts_with(b"\xEF\xBB\xBF"),
                encoding == CsvEncoding::Utf8WithBom
            );
            let rows = csv_rows(&bytes).expect("read");
            assert_eq!(rows[sheet.header_row].1, sheet.cells[sheet.header_row]);
        }
    }
}
