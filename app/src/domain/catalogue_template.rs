//! The two filing templates of the 2024 measures as grids of cell text:
//! 附表1 (the course catalogue) and 附表2 (the institution catalogue).
//!
//! Reading finds the header row by its column titles (a sheet may start
//! with the title line and "单位（盖章）：" and end with the "填报人" line and
//! the notes), reads every row under the same rules as the forms, and
//! reports each problem with its sheet row and column. Writing lays
//! records out again in the template's own layout, so that an exported
//! file reads back as the same rows. Bytes (XLSX, CSV, GBK) are the
//! server's business (`server::spreadsheet`); this module sees only text.

use std::collections::HashMap;

use super::{
    catalogue::{CourseInput, CourseRecord, InstitutionInput, InstitutionRecord, OccupationRef},
    code_enum::code_enum,
    error::excerpt,
    subsidy_text, City, Field, InputError, NewCourse, NewInstitution, OccupationCode, TrainingType,
};
use crate::i18n::Lang;

code_enum! {
    /// Which of the two catalogues: 附表1 or 附表2.
    pub enum CatalogueKind for Field::CatalogueKind {
        Course = "course";
        Institution = "institution";
    }
}

code_enum! {
    /// A column of the two templates.
    pub enum TemplateColumn for Field::File {
        TrainingType = "training_type";
        OccupationName = "occupation_name";
        OccupationCode = "occupation_code";
        Urgent = "urgent";
        SubsidyStandard = "subsidy_standard";
        InstitutionName = "institution_name";
        Address = "address";
        Nature = "nature";
        Occupations = "occupations";
        ContactPerson = "contact_person";
        ContactPhone = "contact_phone";
        Remarks = "remarks";
    }
}

impl TemplateColumn {
    /// The title the template prints over the column.
    pub const fn title(self) -> &'static str {
        match self {
            TemplateColumn::TrainingType => "培训类型（选填）",
            TemplateColumn::OccupationName => "职业（工种）名称",
            TemplateColumn::OccupationCode => "职业（工种）编码",
            TemplateColumn::Urgent => "是否急需紧缺工种",
            TemplateColumn::SubsidyStandard => "补贴标准",
            TemplateColumn::InstitutionName => "机构（单位）名称",
            TemplateColumn::Address => "地址",
            TemplateColumn::Nature => "办学性质",
            TemplateColumn::Occupations => "可开展的职业（工种）",
            TemplateColumn::ContactPerson => "联系人",
            TemplateColumn::ContactPhone => "联系电话",
            TemplateColumn::Remarks => "备注",
        }
    }

    /// Whether a header row's cell (compacted) names this column.
    fn is_named_by(self, title: &str) -> bool {
        let has = |word: &str| title.contains(word);
        match self {
            TemplateColumn::TrainingType => has("培训类型"),
            TemplateColumn::OccupationName => has("名称") && has("工种") && !has("机构"),
            TemplateColumn::OccupationCode => has("编码") || has("代码"),
            TemplateColumn::Urgent => has("急需") || has("紧缺"),
            TemplateColumn::SubsidyStandard => has("补贴标准"),
            TemplateColumn::InstitutionName => has("名称") && (has("机构") || has("单位")),
            TemplateColumn::Address => has("地址"),
            TemplateColumn::Nature => has("性质"),
            TemplateColumn::Occupations => has("可开展"),
            TemplateColumn::ContactPerson => has("联系人"),
            TemplateColumn::ContactPhone => has("电话"),
            TemplateColumn::Remarks => has("备注"),
        }
    }

    /// The column a rule's field belongs to.
    fn of_field(field: Field) -> Option<TemplateColumn> {
        Some(match field {
            Field::TrainingType => TemplateColumn::TrainingType,
            Field::OccupationName => TemplateColumn::OccupationName,
            Field::OccupationCode => TemplateColumn::OccupationCode,
            Field::Urgent => TemplateColumn::Urgent,
            Field::CertificateKind
            | Field::CertificateLevel
            | Field::SubsidyAmount
            | Field::UpliftPercent
            | Field::WorkerCategory => TemplateColumn::SubsidyStandard,
            Field::InstitutionName => TemplateColumn::InstitutionName,
            Field::Address => TemplateColumn::Address,
            Field::Nature => TemplateColumn::Nature,
            Field::Occupations => TemplateColumn::Occupations,
            Field::ContactPerson => TemplateColumn::ContactPerson,
            Field::ContactPhone => TemplateColumn::ContactPhone,
            Field::Remarks => TemplateColumn::Remarks,
            _ => return None,
        })
    }
}

impl CatalogueKind {
    /// The template's columns, in its order.
    pub const fn columns(self) -> &'static [TemplateColumn] {
        use TemplateColumn as C;
        match self {
            CatalogueKind::Course => &[
                C::TrainingType,
                C::OccupationName,
                C::OccupationCode,
                C::Urgent,
                C::SubsidyStandard,
                C::Remarks,
            ],
            CatalogueKind::Institution => &[
                C::InstitutionName,
                C::Address,
                C::Nature,
                C::Occupations,
                C::ContactPerson,
                C::ContactPhone,
                C::Remarks,
            ],
        }
    }

    /// The columns a filled-in template must have ("选填" ones and the
    /// remarks may be left out).
    fn required_columns(self) -> impl Iterator<Item = TemplateColumn> {
        self.columns()
            .iter()
            .copied()
            .filter(|c| !matches!(c, TemplateColumn::TrainingType | TemplateColumn::Remarks))
    }

    /// "附表1" or "附表2".
    pub const fn annex(self) -> &'static str {
        match self {
            CatalogueKind::Course => "附表1",
            CatalogueKind::Institution => "附表2",
        }
    }

    /// The catalogue's official name after the city's: "职业技能培训需求指导目录".
    pub const fn official_name(self) -> &'static str {
        match self {
            CatalogueKind::Course => "职业技能培训需求指导目录",
            CatalogueKind::Institution => "补贴性职业技能培训机构（单位）目录",
        }
    }

    const fn notes(self) -> &'static [&'static str] {
        match self {
            CatalogueKind::Course => &[
                "注：1.本表格作为备案模板，请于每年 6 月底前将电子档和盖章扫描版发送至 ldjyfwj@rst.fujian.gov.cn。动态调整也请及时报送。",
                "2.各地正式发布职业技能培训需求指导目录文件请抄送省厅。",
            ],
            CatalogueKind::Institution => &[
                "注：1.办学性质包括：公办、民办、国有企业办。",
                "2.本表格作为备案模板，请于每年 6 月底前将电子档和盖章扫描版发送至 ldjyfwj@rst.fujian.gov.cn。动态调整也请及时报送。",
                "3.各地正式发布补贴性职业技能培训机构（单位）目录文件请抄送省厅。",
            ],
        }
    }

    /// The other template, for telling a user which one they sent.
    const fn other(self) -> CatalogueKind {
        match self {
            CatalogueKind::Course => CatalogueKind::Institution,
            CatalogueKind::Institution => CatalogueKind::Course,
        }
    }
}

// ---- Cell text ------------------------------------------------------------

/// A cell as people mean it: full-width digits, Latin letters, spaces and
/// the signs of numbers and codes (`－．％：`) turned half-width, runs of
/// white space (line breaks in a wrapped cell) made one space, and the
/// ends trimmed. Chinese punctuation such as （） and 、 stays as typed.
/// Idempotent, so an exported file reads back as the same text.
pub fn tidy(cell: &str) -> String {
    let half: String = cell
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '－' | '—' | '–' => '-',
            '．' => '.',
            '％' => '%',
            '：' => ':',
            '\u{3000}' | '\u{00A0}' => ' ',
            other => other,
        })
        .collect();
    half.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title or marker compared loosely: tidied, with every space removed
/// and full-width parentheses made half-width.
fn compact(cell: &str) -> String {
    tidy(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

// ---- Problems -------------------------------------------------------------

/// What is wrong with a file or one of its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblemKind {
    /// No row of the sheet carries the template's column titles.
    HeaderNotFound,
    /// The header is that of the other template (附表2 sent for 附表1).
    OtherTemplate { sent: CatalogueKind },
    /// The header lacks a column the template requires.
    MissingColumn,
    /// The header was found but no row follows it.
    NoRows,
    /// A value broke a rule of the forms.
    Input(InputError),
    /// The subsidy standard names no amount in yuan.
    NoAmountInStandard,
    /// "属 … 上浮" names no worker category we know.
    UnknownCategoryInStandard { text: String },
    /// "上浮" is not followed by a percentage.
    UpliftWithoutPercent,
    /// An occupation the institution may train is not in the city's
    /// course catalogue.
    UnknownOccupation { name: String },
    /// The same course or institution appears on an earlier row.
    DuplicateRow { first_row: usize },
}

/// A problem with the sheet row (as the spreadsheet numbers it) and the
/// column it was found in; file-level problems have neither.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateProblem {
    pub row: Option<usize>,
    pub column: Option<TemplateColumn>,
    pub kind: TemplateProblemKind,
}

impl TemplateProblem {
    fn file(kind: TemplateProblemKind) -> Self {
        TemplateProblem {
            row: None,
            column: None,
            kind,
        }
    }

    fn at(row: usize, column: Option<TemplateColumn>, kind: TemplateProblemKind) -> Self {
        TemplateProblem {
            row: Some(row),
            column,
            kind,
        }
    }

    fn input(row: usize, error: InputError) -> Self {
        let column = error.field().and_then(TemplateColumn::of_field);
        TemplateProblem::at(row, column, TemplateProblemKind::Input(error))
    }
}

// ---- Reading --------------------------------------------------------------

/// A row that passed every rule, with the sheet row it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadRow<R> {
    pub sheet_row: usize,
    pub record: R,
}

/// What reading a sheet found: the rows that will be stored and every
/// problem. Only a read without problems may be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRead<R> {
    pub rows: Vec<ReadRow<R>>,
    pub problems: Vec<TemplateProblem>,
}

impl<R> TemplateRead<R> {
    fn refused(problem: TemplateProblem) -> Self {
        TemplateRead {
            rows: Vec::new(),
            problems: vec![problem],
        }
    }
}

/// Where the template's columns are in a sheet.
struct Layout {
    header_row: usize,
    columns: HashMap<TemplateColumn, usize>,
}

impl Layout {
    fn cell<'a>(&self, cells: &'a [String], column: TemplateColumn) -> &'a str {
        self.columns
            .get(&column)
            .and_then(|&index| cells.get(index))
            .map_or("", String::as_str)
    }
}

/// The columns of `kind` a row's cells name, by position.
fn columns_named(kind: CatalogueKind, cells: &[String]) -> HashMap<TemplateColumn, usize> {
    let mut found = HashMap::new();
    for (index, cell) in cells.iter().enumerate() {
        let title = compact(cell);
        if title.is_empty() {
            continue;
        }
        if let Some(column) = kind
            .columns()
            .iter()
            .copied()
            .find(|column| !found.contains_key(column) && column.is_named_by(&title))
        {
            found.insert(column, index);
        }
    }
    found
}

/// Whether a row names enough of `kind`'s columns to be its header.
fn is_header(kind: CatalogueKind, cells: &[String]) -> bool {
    let found = columns_named(kind, cells);
    let key = match kind {
        CatalogueKind::Course => TemplateColumn::SubsidyStandard,
        CatalogueKind::Institution => TemplateColumn::Nature,
    };
    found.len() >= 3 && found.contains_key(&key)
}

fn find_layout(
    kind: CatalogueKind,
    rows: &[(usize, Vec<String>)],
) -> Result<Layout, TemplateProblem> {
    let Some((header_row, cells)) = rows.iter().find(|(_, cells)| is_header(kind, cells)) else {
        let sent = kind.other();
        return Err(TemplateProblem::file(
            if rows.iter().any(|(_, cells)| is_header(sent, cells)) {
                TemplateProblemKind::OtherTemplate { sent }
            } else {
                TemplateProblemKind::HeaderNotFound
            },
        ));
    };
    let columns = columns_named(kind, cells);
    if let Some(missing) = kind.required_columns().find(|c| !columns.contains_key(c)) {
        return Err(TemplateProblem::at(
            *header_row,
            Some(missing),
            TemplateProblemKind::MissingColumn,
        ));
    }
    Ok(Layout {
        header_row: *header_row,
        columns,
    })
}

/// The rows below the header that hold data: blank rows and the
/// template's example rows ("例：…") are skipped, and the "填报人" line or
/// the notes end the table.
fn data_rows<'a>(
    layout: &Layout,
    rows: &'a [(usize, Vec<String>)],
) -> impl Iterator<Item = &'a (usize, Vec<String>)> {
    let header_row = layout.header_row;
    rows.iter()
        .skip_while(move |(number, _)| *number <= header_row)
        .take_while(|(_, cells)| !ends_table(cells))
        .filter(|(_, cells)| {
            // The template's own example rows begin "例：…" in their first cell.
            let first = cells.iter().map(|c| compact(c)).find(|t| !t.is_empty());
            first.is_some_and(|text| !text.starts_with("例:"))
        })
}

fn ends_table(cells: &[String]) -> bool {
    let first = cells
        .iter()
        .map(|c| compact(c))
        .find(|c| !c.is_empty())
        .unwrap_or_default();
    first.starts_with("填报人") || first.starts_with("注:") || first.starts_with("注1")
}

/// Reads the data rows of a sheet of `kind` with `read_row`, refusing a
/// row whose key (`key_of`) an earlier row has.
fn read_sheet<N, R>(
    kind: CatalogueKind,
    rows: &[(usize, Vec<String>)],
    read_row: impl Fn(&Layout, usize, &[String]) -> Result<N, Vec<TemplateProblem>>,
    key_of: impl Fn(&N) -> (String, TemplateColumn),
    record_of: impl Fn(&N) -> R,
) -> TemplateRead<R> {
    let layout = match find_layout(kind, rows) {
        Ok(layout) => layout,
        Err(problem) => return TemplateRead::refused(problem),
    };
    let mut read = TemplateRead {
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut first_rows: HashMap<String, usize> = HashMap::new();
    for (number, cells) in data_rows(&layout, rows) {
        let checked = match read_row(&layout, *number, cells) {
            Ok(checked) => checked,
            Err(problems) => {
                read.problems.extend(problems);
                continue;
            }
        };
        let (key, column) = key_of(&checked);
        if let Some(&first_row) = first_rows.get(&key) {
            read.problems.push(TemplateProblem::at(
                *number,
                Some(column),
                TemplateProblemKind::DuplicateRow { first_row },
            ));
            continue;
        }
        first_rows.insert(key, *number);
        read.rows.push(ReadRow {
            sheet_row: *number,
            record: record_of(&checked),
        });
    }
    if read.rows.is_empty() && read.problems.is_empty() {
        read.problems.push(TemplateProblem::at(
            layout.header_row,
            None,
            TemplateProblemKind::NoRows,
        ));
    }
    read
}

/// Reads a filled-in 附表1.
pub fn read_courses(rows: &[(usize, Vec<String>)]) -> TemplateRead<CourseRecord> {
    read_sheet(
        CatalogueKind::Course,
        rows,
        read_course_row,
        |course: &NewCourse| (course.occupation_key(), TemplateColumn::OccupationName),
        |course: &NewCourse| CourseRecord::from(course),
    )
}

/// One 附表1 row: every cell is read, so that all its problems are told
/// at once; the row's rules run when the cells are fine.
fn read_course_row(
    layout: &Layout,
    row: usize,
    cells: &[String],
) -> Result<NewCourse, Vec<TemplateProblem>> {
    let cell = |column| tidy(layout.cell(cells, column));
    let mut problems = Vec::new();
    let mut told = |error: InputError| problems.push(TemplateProblem::input(row, error));
    let training_type = training_type_from_text(&cell(TemplateColumn::TrainingType))
        .map_err(&mut told)
        .ok()
        .flatten();
    let name = cell(TemplateColumn::OccupationName);
    if let Err(error) = super::OccupationName::parse(&name) {
        told(error);
    }
    let code = cell(TemplateColumn::OccupationCode).replace(' ', "");
    let code = if is_no_code(&code) {
        String::new()
    } else {
        code
    };
    if let (false, Err(error)) = (code.is_empty(), OccupationCode::parse(&code)) {
        told(error);
    }
    let urgent = urgent_from_text(&cell(TemplateColumn::Urgent))
        .map_err(&mut told)
        .ok();
    let standard = subsidy_text::parse(&cell(TemplateColumn::SubsidyStandard), training_type)
        .map_err(|kind| {
            problems.push(TemplateProblem::at(
                row,
                Some(TemplateColumn::SubsidyStandard),
                kind,
            ))
        })
        .ok();
    // The row's own rules (a code where the certificate needs one, the
    // standard's levels) run once every cell reads.
    let (Some(urgent), Some(standard), true) = (urgent, standard, problems.is_empty()) else {
        return Err(problems);
    };
    let input = CourseInput {
        training_type: training_type
            .map(|t| t.code().to_owned())
            .unwrap_or_default(),
        occupation_name: name,
        occupation_code: code,
        certificate_kind: standard.kind.code().to_owned(),
        urgent: urgent.to_string(),
        amounts: standard.amounts,
        uplifts: standard.uplifts,
        remarks: cell(TemplateColumn::Remarks),
    };
    NewCourse::try_from(&input).map_err(|error| vec![TemplateProblem::input(row, error)])
}

/// "无", "/" or "—" in the code column mean no code.
fn is_no_code(code: &str) -> bool {
    matches!(code, "无" | "/" | "-" | "不适用")
}

/// 培训类型 as the template prints it ("就业技能培训"), without "培训", or
/// as its code; empty is allowed (the column is 选填).
fn training_type_from_text(text: &str) -> Result<Option<TrainingType>, InputError> {
    let wanted = compact(text);
    if wanted.is_empty() {
        return Ok(None);
    }
    TrainingType::ALL
        .iter()
        .copied()
        .find(|t| {
            let label = compact(t.label(Lang::Zh));
            wanted == label
                || wanted == label.trim_end_matches("培训")
                || wanted == t.code()
                || wanted.eq_ignore_ascii_case(&compact(t.label(Lang::En)))
        })
        .map(Some)
        .ok_or_else(|| InputError::UnknownCode {
            field: Field::TrainingType,
            value: excerpt(text),
        })
}

/// 是否急需紧缺工种: "是", "√" and the like for yes; "否" or empty for no.
fn urgent_from_text(text: &str) -> Result<bool, InputError> {
    match compact(text).to_lowercase().as_str() {
        "是" | "√" | "✓" | "✔" | "y" | "yes" | "true" | "1" => Ok(true),
        "" | "否" | "×" | "✗" | "n" | "no" | "false" | "0" | "/" => Ok(false),
        _ => Err(InputError::NotAFlag {
            field: Field::Urgent,
            value: excerpt(text),
        }),
    }
}

/// The occupations of a city's course catalogue, for reading the
/// occupations an institution may train by name or code.
#[derive(Clone, Debug, Default)]
pub struct OccupationIndex {
    by_name: HashMap<String, OccupationRef>,
    by_code: HashMap<String, OccupationRef>,
}

impl OccupationIndex {
    pub fn new<'a>(courses: impl IntoIterator<Item = &'a CourseRecord>) -> Self {
        let mut index = OccupationIndex::default();
        for course in courses {
            let occupation = OccupationRef {
                name: course.occupation_name.clone(),
                code: course.occupation_code.clone(),
            };
            if let Some(code) = &course.occupation_code {
                index.by_code.insert(code.clone(), occupation.clone());
            }
            index
                .by_name
                .insert(compact(&course.occupation_name), occupation);
        }
        index
    }

    /// The catalogue's occupation a cell's item names: "育婴员",
    /// "育婴员（4-10-01-02）" or "4-10-01-02".
    fn find(&self, item: &str) -> Option<&OccupationRef> {
        let (name, code) = split_code(item);
        code.and_then(|code| self.by_code.get(code))
            .or_else(|| self.by_name.get(&compact(name)))
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Whether the catalogue has this occupation (by code when it has one).
    pub fn knows(&self, name: &str, code: Option<&str>) -> bool {
        match code {
            Some(code) => self.by_code.contains_key(code),
            None => self
                .by_name
                .get(&compact(name))
                .is_some_and(|o| o.code.is_none()),
        }
    }
}

/// "育婴员（4-10-01-02）" into its name and code; a bare code is a code.
fn split_code(item: &str) -> (&str, Option<&str>) {
    if OccupationCode::parse(item).is_ok() {
        return ("", Some(item.trim()));
    }
    let open = item.rfind(['(', '（']);
    let inner = open.and_then(|at| {
        let rest = &item[at..];
        let inner = rest
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim();
        (rest.ends_with([')', '）']) && OccupationCode::parse(inner).is_ok()).then_some(inner)
    });
    match (open, inner) {
        (Some(at), Some(code)) => (item[..at].trim(), Some(code)),
        _ => (item.trim(), None),
    }
}

/// Reads a filled-in 附表2; the occupations are looked up in `occupations`
/// (the city's course catalogue).
pub fn read_institutions(
    rows: &[(usize, Vec<String>)],
    occupations: &OccupationIndex,
) -> TemplateRead<InstitutionRecord> {
    read_sheet(
        CatalogueKind::Institution,
        rows,
        |layout, row, cells| read_institution_row(layout, row, cells, occupations),
        |institution: &NewInstitution| {
            (
                institution.name.as_str().to_owned(),
                TemplateColumn::InstitutionName,
            )
        },
        |institution: &NewInstitution| InstitutionRecord::from(institution),
    )
}

fn read_institution_row(
    layout: &Layout,
    row: usize,
    cells: &[String],
    index: &OccupationIndex,
) -> Result<NewInstitution, Vec<TemplateProblem>> {
    let cell = |column| tidy(layout.cell(cells, column));
    let mut problems = Vec::new();
    let mut occupations = Vec::new();
    for item in occupation_items(&cell(TemplateColumn::Occupations)) {
        match index.find(item) {
            Some(found) => {
                occupations.push((found.name.clone(), found.code.clone().unwrap_or_default()))
            }
            None => problems.push(TemplateProblem::at(
                row,
                Some(TemplateColumn::Occupations),
                TemplateProblemKind::UnknownOccupation {
                    name: excerpt(item),
                },
            )),
        }
    }
    let nature = nature_code(&cell(TemplateColumn::Nature));
    let input = InstitutionInput {
        name: cell(TemplateColumn::InstitutionName),
        address: cell(TemplateColumn::Address),
        nature,
        occupations,
        contact_person: cell(TemplateColumn::ContactPerson),
        contact_phone: cell(TemplateColumn::ContactPhone),
        remarks: cell(TemplateColumn::Remarks),
    };
    match NewInstitution::try_from(&input) {
        Ok(institution) if problems.is_empty() => Ok(institution),
        Ok(_) => Err(problems),
        // An empty list was already told item by item.
        Err(InputError::Required {
            field: Field::Occupations,
        }) if !problems.is_empty() => Err(problems),
        Err(error) => {
            problems.push(TemplateProblem::input(row, error));
            Err(problems)
        }
    }
}

/// The items of "可开展的职业（工种）": separated by 、，,；; or line breaks.
fn occupation_items(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', '，', ',', '；', ';', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// 办学性质 as printed ("公办", "民办", "国有企业办") or as its code.
fn nature_code(text: &str) -> String {
    let wanted = compact(text);
    super::InstitutionNature::ALL
        .iter()
        .find(|n| {
            wanted == n.label(Lang::Zh)
                || wanted == n.code()
                || (**n == super::InstitutionNature::StateEnterprise
                    && matches!(wanted.as_str(), "国企办" | "国有企业"))
        })
        .map_or(text.to_owned(), |n| n.code().to_owned())
}

// ---- Writing --------------------------------------------------------------

/// A sheet laid out as the template: the annex line, the title, "单位（盖章）：",
/// the header, the rows, the "填报人" line and the notes. `title_rows` are
/// the rows a spreadsheet shows merged across the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateSheet {
    pub cells: Vec<Vec<String>>,
    /// The header's index in `cells`.
    pub header_row: usize,
    pub width: usize,
    pub title_rows: Vec<usize>,
}

fn sheet(kind: CatalogueKind, city: City, year: i32, rows: Vec<Vec<String>>) -> TemplateSheet {
    let width = kind.columns().len();
    let line = |text: String| vec![text];
    let mut cells = vec![
        line(kind.annex().to_owned()),
        line(format!(
            "{}{}（{year}年）",
            city.label(Lang::Zh),
            kind.official_name()
        )),
        line("单位（盖章）：".to_owned()),
        kind.columns()
            .iter()
            .map(|c| c.title().to_owned())
            .collect(),
    ];
    let header_row = cells.len() - 1;
    cells.extend(rows);
    cells.push(vec![
        "填报人：".to_owned(),
        String::new(),
        "联系电话：".to_owned(),
        String::new(),
        "填报日期：    年  月  日".to_owned(),
    ]);
    let notes_from = cells.len();
    cells.extend(kind.notes().iter().map(|note| line((*note).to_owned())));
    let title_rows = [0, 1, 2]
        .into_iter()
        .chain(notes_from..cells.len())
        .collect();
    TemplateSheet {
        cells,
        header_row,
        width,
        title_rows,
    }
}

/// The occupations of an institution as 附表2 lists them: "育婴员（4-10-01-02）、
/// SYB创业培训", the code telling apart occupations of the same name.
pub fn occupations_text(occupations: &[OccupationRef]) -> String {
    occupations
        .iter()
        .map(|o| match &o.code {
            Some(code) => format!("{}（{code}）", o.name),
            None => o.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// An item of "可开展的职业（工种）" split into its name and code.
pub fn occupation_item(item: &str) -> (String, Option<String>) {
    let (name, code) = split_code(item);
    (name.to_owned(), code.map(str::to_owned))
}

/// A course catalogue as a filled-in 附表1.
pub fn course_sheet(city: City, year: i32, courses: &[CourseRecord]) -> TemplateSheet {
    let rows = courses
        .iter()
        .map(|course| {
            vec![
                course
                    .training_type
                    .map(|t| t.label(Lang::Zh).to_owned())
                    .unwrap_or_default(),
                course.occupation_name.clone(),
                course.occupation_code.clone().unwrap_or_default(),
                if course.urgent { "是" } else { "否" }.to_owned(),
                subsidy_text::format(course.certificate_kind, &course.subsidy),
                course.remarks.clone(),
            ]
        })
        .collect();
    sheet(CatalogueKind::Course, city, year, rows)
}

/// An institution catalogue as a filled-in 附表2.
pub fn institution_sheet(
    city: City,
    year: i32,
    institutions: &[InstitutionRecord],
) -> TemplateSheet {
    let rows = institutions
        .iter()
        .map(|institution| {
            vec![
                institution.name.clone(),
                institution.address.clone(),
                institution.nature.label(Lang::Zh).to_owned(),
                occupations_text(&institution.occupations),
                institution.contact_person.clone(),
                institution.contact_phone.clone(),
                institution.remarks.clone(),
            ]
        })
        .collect();
    sheet(CatalogueKind::Institution, city, year, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        CertificateKind, CertificateLevel, Fen, InstitutionNature, WorkerCategory,
    };

    fn grid(lines: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| (i + 1, cells.iter().map(|c| (*c).to_owned()).collect()))
            .collect()
    }

    const COURSE_HEADER: &[&str] = &[
        "培 训 类 型\n（选填）",
        "职业（工种）\n名称",
        "职业（工种）\n编码",
        "是否急需紧\n缺工种",
        "补贴标准",
        "备注",
    ];

    /// The seed template with its title lines, example rows, footer and
    /// notes around two real rows.
    fn filled_course_template() -> Vec<(usize, Vec<String>)> {
        grid(&[
            &["附表1"],
            &["福州市职业技能培训需求指导目录"],
            &["单位（盖章）："],
            COURSE_HEADER,
            &[
                "例：就业技能培训",
                "育婴员",
                "4-10-01-02",
                "是",
                "按照证书等级给予补贴：如初级工补贴X元",
                "",
            ],
            &[],
            &[
                "就业技能培训",
                "育婴员",
                "４－１０－０１－０２",
                "√",
                "初级工 1500 元，中级工 2000 元；属脱贫劳动力上浮 10%",
                "按证书等级补贴",
            ],
            &[
                "创业培训",
                "ＳＹＢ创业培训",
                "无",
                "",
                "取得创业培训合格证书给予补贴1000元",
                "",
            ],
            &["填报人：", "", "联系电话：", "", "填报日期： 年 月 日"],
            &["注：1.本表格作为备案模板，请于每年 6 月底前将电子档和盖章扫描版发送至省厅。"],
            &["2.各地正式发布职业技能培训需求指导目录文件请抄送省厅。"],
        ])
    }

    #[test]
    fn a_filled_template_is_read_between_its_title_lines_and_its_footer() {
        let read = read_courses(&filled_course_template());
        assert_eq!(read.problems, vec![]);
        assert_eq!(read.rows.len(), 2);
        let childcare = &read.rows[0];
        assert_eq!(childcare.sheet_row, 7);
        assert_eq!(
            childcare.record.occupation_code.as_deref(),
            Some("4-10-01-02")
        );
        assert!(childcare.record.urgent);
        assert_eq!(
            childcare.record.certificate_kind,
            CertificateKind::SkillLevel
        );
        assert_eq!(childcare.record.subsidy.amounts().len(), 2);
        assert_eq!(
            childcare.record.subsidy.uplifts()[0].category,
            WorkerCategory::PovertyAlleviated
        );
        let syb = &read.rows[1].record;
        assert_eq!(syb.occupation_name, "SYB创业培训");
        assert_eq!(syb.occupation_code, None);
        assert!(!syb.urgent);
        assert_eq!(syb.certificate_kind, CertificateKind::Entrepreneurship);
        assert_eq!(syb.subsidy.amounts()[0].level, CertificateLevel::Certified);
        assert_eq!(syb.subsidy.amounts()[0].amount, Fen::from_yuan(1000));
    }

    #[test]
    fn every_problem_is_told_with_its_sheet_row_and_column() {
        let rows = grid(&[
            COURSE_HEADER,
            &["", "育婴员", "4-10-1-2", "是", "初级工 1500 元", ""],
            &[
                "烹饪",
                "中式烹调师",
                "4-03-02-01",
                "也许",
                "初级工 1200 元",
                "",
            ],
            &["", "电工", "6-31-01-03", "否", "按等级给予补贴", ""],
            &["", "焊工", "", "否", "初级工 1500 元", ""],
        ]);
        let read = read_courses(&rows);
        assert!(read.rows.is_empty());
        let found: Vec<(Option<usize>, Option<TemplateColumn>)> =
            read.problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(
            found,
            vec![
                (Some(2), Some(TemplateColumn::OccupationCode)),
                (Some(3), Some(TemplateColumn::TrainingType)),
                (Some(3), Some(TemplateColumn::Urgent)),
                (Some(4), Some(TemplateColumn::SubsidyStandard)),
                (Some(5), Some(TemplateColumn::OccupationCode)),
            ]
        );
        assert_eq!(
            read.problems[3].kind,
            TemplateProblemKind::NoAmountInStandard
        );
    }

    #[test]
    fn a_sheet_without_the_header_or_with_the_other_one_is_refused_as_a_whole() {
        let no_header = grid(&[&["姓名", "身份证号"], &["张三", "350102199001011234"]]);
        assert_eq!(
            read_courses(&no_header).problems[0].kind,
            TemplateProblemKind::HeaderNotFound
        );
        let institutions = grid(&[&[
            "机构（单位）名称",
            "地址",
            "办学性质",
            "可开展的职业（工种）",
            "联系人",
            "联系电话",
            "备注",
        ]]);
        assert_eq!(
            read_courses(&institutions).problems[0].kind,
            TemplateProblemKind::OtherTemplate {
                sent: CatalogueKind::Institution
            }
        );
        let no_code_column = grid(&[&["职业（工种）名称", "是否急需紧缺工种", "补贴标准"]]);
        let problem = &read_courses(&no_code_column).problems[0];
        assert_eq!(problem.kind, TemplateProblemKind::MissingColumn);
        assert_eq!(problem.column, Some(TemplateColumn::OccupationCode));
    }

    #[test]
    fn a_header_with_nothing_under_it_says_there_are_no_rows() {
        let read = read_courses(&grid(&[COURSE_HEADER, &[], &["填报人："]]));
        assert_eq!(read.problems[0].kind, TemplateProblemKind::NoRows);
    }

    #[test]
    fn the_same_occupation_twice_is_refused_on_its_second_row() {
        let rows = grid(&[
            COURSE_HEADER,
            &["", "育婴员", "4-10-01-02", "是", "初级工 1500 元", ""],
            &["", "育婴员", "4-10-01-02", "否", "初级工 1600 元", ""],
        ]);
        let read = read_courses(&rows);
        assert_eq!(read.rows.len(), 1);
        assert_eq!(
            read.problems[0].kind,
            TemplateProblemKind::DuplicateRow { first_row: 2 }
        );
        assert_eq!(read.problems[0].row, Some(3));
    }

    #[test]
    fn full_width_text_and_spaces_are_read_as_half_width() {
        assert_eq!(tidy("　４－１０－０１－０２　"), "4-10-01-02");
        assert_eq!(tidy("初级工\n１５００．５０ 元"), "初级工 1500.50 元");
        assert_eq!(
            tidy("互联网营销师（直播销售员）"),
            "互联网营销师（直播销售员）"
        );
        assert_eq!(tidy(&tidy("ＳＹＢ 创业培训")), tidy("ＳＹＢ 创业培训"));
    }

    fn course(name: &str, code: Option<&str>) -> CourseRecord {
        let text = "初级工 1500 元";
        let standard = subsidy_text::parse(text, None).expect("a standard");
        let input = CourseInput {
            training_type: String::new(),
            occupation_name: name.into(),
            occupation_code: code.unwrap_or_default().into(),
            certificate_kind: standard.kind.code().into(),
            urgent: "false".into(),
            amounts: standard.amounts,
            uplifts: standard.uplifts,
            remarks: String::new(),
        };
        CourseRecord::from(&NewCourse::try_from(&input).expect("a valid course"))
    }

    const INSTITUTION_HEADER: &[&str] = &[
        "机构（单\n位）名称",
        "地址",
        "办学性质",
        "可开展的\n职业（工\n种）",
        "联系人",
        "联系电话",
        "备注",
    ];

    #[test]
    fn institutions_name_occupations_of_the_city_catalogue_by_name_or_code() {
        let courses = [
            course("育婴员", Some("4-10-01-02")),
            course("电工", Some("6-31-01-03")),
        ];
        let index = OccupationIndex::new(&courses);
        let rows = grid(&[
            &["附表2"],
            INSTITUTION_HEADER,
            &[
                "福州职业培训学校",
                "福州市鼓楼区示例路1号",
                "民办",
                "育婴员、6-31-01-03",
                "林老师",
                "０５９１－８７６５４３２１",
                "",
            ],
            &[
                "福州焊接学校",
                "福州市仓山区示例路2号",
                "国有企业办",
                "焊工，育婴员（4-10-01-02）",
                "陈老师",
                "13800000000",
                "",
            ],
            &["填报人："],
        ]);
        let read = read_institutions(&rows, &index);
        assert_eq!(read.rows.len(), 1);
        let school = &read.rows[0].record;
        assert_eq!(school.nature, InstitutionNature::Private);
        assert_eq!(school.contact_phone, "0591-87654321");
        assert_eq!(
            school.occupations[1],
            OccupationRef {
                name: "电工".into(),
                code: Some("6-31-01-03".into())
            }
        );
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].row, Some(4));
        assert_eq!(read.problems[0].column, Some(TemplateColumn::Occupations));
        assert_eq!(
            read.problems[0].kind,
            TemplateProblemKind::UnknownOccupation {
                name: "焊工".into()
            }
        );
    }

    #[test]
    fn an_exported_sheet_reads_back_as_the_same_rows() {
        let read = read_courses(&filled_course_template());
        let courses: Vec<CourseRecord> = read.rows.into_iter().map(|r| r.record).collect();
        let sheet = course_sheet(City::Fuzhou, 2027, &courses);
        let again = read_courses(&numbered(&sheet));
        assert_eq!(again.problems, vec![]);
        assert_eq!(
            again.rows.into_iter().map(|r| r.record).collect::<Vec<_>>(),
            courses
        );

        let index = OccupationIndex::new(&courses);
        let institutions = vec![InstitutionRecord {
            name: "福州职业培训学校".into(),
            address: "福州市鼓楼区示例路1号".into(),
            nature: InstitutionNature::Public,
            occupations: vec![
                OccupationRef {
                    name: "育婴员".into(),
                    code: Some("4-10-01-02".into()),
                },
                OccupationRef {
                    name: "SYB创业培训".into(),
                    code: None,
                },
            ],
            contact_person: "林老师".into(),
            contact_phone: "0591-87654321".into(),
            remarks: "演示数据".into(),
        }];
        let sheet = institution_sheet(City::Fuzhou, 2027, &institutions);
        let again = read_institutions(&numbered(&sheet), &index);
        assert_eq!(again.problems, vec![]);
        assert_eq!(
            again.rows.into_iter().map(|r| r.record).collect::<Vec<_>>(),
            institutions
        );
    }

    fn numbered(sheet: &TemplateSheet) -> Vec<(usize, Vec<String>)> {
        sheet
            .cells
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, cells)| (i + 1, cells))
            .collect()
    }

    #[test]
    fn an_eight_hundred_row_sheet_is_read_whole() {
        let mut lines: Vec<Vec<String>> = vec![COURSE_HEADER.iter().map(|c| (*c).into()).collect()];
        for n in 0..800 {
            lines.push(vec![
                "就业技能培训".into(),
                format!("示例工种{n}"),
                format!("4-{:02}-{:02}-{:02}", n / 100 % 100, n / 10 % 10, n % 100),
                if n % 2 == 0 { "是" } else { "否" }.into(),
                format!("初级工 {} 元，中级工 {} 元", 1000 + n, 1500 + n),
                String::new(),
            ]);
        }
        let rows: Vec<(usize, Vec<String>)> = lines
            .into_iter()
            .enumerate()
            .map(|(i, c)| (i + 1, c))
            .collect();
        let read = read_courses(&rows);
        assert_eq!(read.problems, vec![]);
        assert_eq!(read.rows.len(), 800);
        assert_eq!(read.rows[799].sheet_row, 801);
    }
}
