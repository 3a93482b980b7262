//! Verified worker categories: a category a worker declared raises the
//! payout only once the bureau has verified it, one by one with a note or
//! by importing another department's list (ID number and category per row).

use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, error::excerpt, text::bounded, CalendarDate, Field, IdNumber, InputError,
    RowProblem, RowProblemKind, WorkerCategory,
};
use crate::i18n::Lang;

code_enum! {
    /// Where a declared category stands.
    pub enum CategoryStatus for Field::CategoryStatus {
        Declared = "declared";
        Verified = "verified";
        Refused = "refused";
    }
}

code_enum! {
    /// How a category got its status.
    pub enum CategorySource for Field::CategoryStatus {
        Registration = "registration";
        Review = "review";
        Import = "import";
    }
}

code_enum! {
    /// Why an import row verified nothing. The ID number is never echoed.
    pub enum NotMatchedReason for Field::File {
        NoAccount = "no_account";
        NotDeclared = "not_declared";
        Refused = "refused";
    }
}

/// One declared category of a worker and where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryStanding {
    pub category: WorkerCategory,
    pub status: CategoryStatus,
}

/// The bureau's decision on one declared category, with its note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CategoryDecision {
    Verify(String),
    Refuse(String),
}

/// The decision as a client sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryDecisionInput {
    /// `verify` or `refuse`.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub decision: String,
    /// Why (for example the list it was checked against), at most 200
    /// characters.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(required = true, max_length = 200))]
    pub note: String,
}

impl CategoryDecision {
    /// Both decisions need a note (at most 200 characters): the audit
    /// trail keeps why.
    pub fn parse(input: &CategoryDecisionInput) -> Result<CategoryDecision, InputError> {
        let decision = input.decision.trim();
        let known = matches!(decision, "verify" | "refuse");
        if !known {
            return Err(InputError::UnknownCode {
                field: Field::Decision,
                value: excerpt(decision),
            });
        }
        let note = bounded(Field::Note, &input.note, 200, true)?;
        Ok(if decision == "verify" {
            CategoryDecision::Verify(note)
        } else {
            CategoryDecision::Refuse(note)
        })
    }

    /// The status the decision gives the category.
    pub const fn status(&self) -> CategoryStatus {
        match self {
            CategoryDecision::Verify(_) => CategoryStatus::Verified,
            CategoryDecision::Refuse(_) => CategoryStatus::Refused,
        }
    }

    pub fn note(&self) -> &str {
        match self {
            CategoryDecision::Verify(note) | CategoryDecision::Refuse(note) => note,
        }
    }
}

/// Reads a category as other departments write it: its code, its Chinese
/// label, its English label, or the short Chinese names lists use
/// (脱贫人口, 防返贫监测对象).
pub fn category_from_text(text: &str) -> Option<WorkerCategory> {
    let text = text.trim();
    let by_name = WorkerCategory::ALL.iter().copied().find(|category| {
        category.code() == text
            || category.label(Lang::Zh) == text
            || category.label(Lang::En).eq_ignore_ascii_case(text)
    });
    by_name.or(match text {
        "脱贫人口" | "脱贫劳动力" | "防返贫监测对象" => {
            Some(WorkerCategory::PovertyAlleviated)
        }
        _ => None,
    })
}

/// One row of an import that passed its rules. `row` is the spreadsheet's
/// row number (the header is row 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub row: usize,
    pub id_number: IdNumber,
    pub category: WorkerCategory,
}

/// Whether a first row is a header (`身份证号码,人员类别`): its first cell
/// has no digit at all.
fn is_header(cells: &[String]) -> bool {
    cells
        .first()
        .is_some_and(|cell| !cell.chars().any(|c| c.is_ascii_digit()))
}

/// Reads one row: the ID number in the first column, the category in the
/// second; further columns (a name, a remark) are ignored.
fn parse_row(row: usize, cells: &[String], today: CalendarDate) -> Result<ImportRow, RowProblem> {
    let problem = |kind| RowProblem { row, kind };
    let cell = |index: usize| cells.get(index).map(|c| c.trim()).unwrap_or_default();
    let id_number = match cell(0) {
        "" => return Err(problem(RowProblemKind::MissingIdNumber)),
        text => IdNumber::parse(text, today).map_err(|error| match error {
            InputError::IdNumber { problem: p } => problem(RowProblemKind::IdNumber(p)),
            _ => problem(RowProblemKind::MissingIdNumber),
        })?,
    };
    let category = match cell(1) {
        "" => return Err(problem(RowProblemKind::MissingCategory)),
        text => category_from_text(text)
            .ok_or_else(|| problem(RowProblemKind::UnknownCategory(excerpt(text))))?,
    };
    Ok(ImportRow {
        row,
        id_number,
        category,
    })
}

/// Reads every row of a list: its row number in the file and its cells as
/// text. Blank rows and a header (the first row with content) are skipped;
/// any bad row refuses the whole list, with every bad row named.
pub fn parse_import_rows(
    rows: &[(usize, Vec<String>)],
    today: CalendarDate,
) -> Result<Vec<ImportRow>, Vec<RowProblem>> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut first = true;
    for (row, cells) in rows {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let header = first && is_header(cells);
        first = false;
        if header {
            continue;
        }
        match parse_row(*row, cells, today) {
            Ok(row) => good.push(row),
            Err(problem) => bad.push(problem),
        }
    }
    if bad.is_empty() {
        Ok(good)
    } else {
        Err(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CalendarDate = CalendarDate {
        year: 2026,
        month: 12,
        day: 4,
    };
    const GOOD_ID: &str = "11010519491231002X";

    fn rows(lines: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
        lines
            .iter()
            .enumerate()
            .map(|(index, cells)| (index + 1, cells.iter().map(|c| (*c).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn a_category_is_read_from_its_code_or_its_chinese_or_english_label() {
        assert_eq!(
            category_from_text("就业困难人员"),
            Some(WorkerCategory::EmploymentDifficulty)
        );
        assert_eq!(
            category_from_text(" poverty_alleviated "),
            Some(WorkerCategory::PovertyAlleviated)
        );
        assert_eq!(
            category_from_text("脱贫人口"),
            Some(WorkerCategory::PovertyAlleviated)
        );
        assert_eq!(
            category_from_text("employment difficulty"),
            Some(WorkerCategory::EmploymentDifficulty)
        );
        assert_eq!(category_from_text("低保户"), None);
    }

    #[test]
    fn a_list_with_a_header_and_blank_rows_gives_its_rows_with_spreadsheet_numbers() {
        let list = rows(&[
            &["身份证号码", "人员类别"],
            &[GOOD_ID, "就业困难人员"],
            &["", ""],
            &[&GOOD_ID.to_lowercase(), "zero_employment_family", "王小明"],
        ]);
        let parsed = parse_import_rows(&list, TODAY).expect("valid");
        assert_eq!(parsed.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 4]);
        assert_eq!(parsed[1].category, WorkerCategory::ZeroEmploymentFamily);
    }

    #[test]
    fn every_bad_row_is_named_and_none_is_accepted() {
        let list = rows(&[
            &[GOOD_ID, "就业困难人员"],
            &["110105194912310021", "就业困难人员"],
            &[GOOD_ID, "低保户"],
            &[GOOD_ID],
        ]);
        let problems = parse_import_rows(&list, TODAY).expect_err("refused");
        assert_eq!(
            problems,
            vec![
                RowProblem {
                    row: 2,
                    kind: RowProblemKind::IdNumber(crate::domain::IdNumberProblem::CheckDigit)
                },
                RowProblem {
                    row: 3,
                    kind: RowProblemKind::UnknownCategory("低保户".into())
                },
                RowProblem {
                    row: 4,
                    kind: RowProblemKind::MissingCategory
                },
            ]
        );
    }

    #[test]
    fn a_row_problem_never_repeats_the_id_number() {
        let problems =
            parse_import_rows(&rows(&[&["110105194912310021", "其他"]]), TODAY).expect_err("bad");
        for lang in [Lang::Zh, Lang::En] {
            let text = problems[0].message(lang);
            assert!(!text.contains("110105"), "{text}");
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn a_decision_needs_a_known_verdict_and_a_note() {
        let input = |decision: &str, note: &str| CategoryDecisionInput {
            decision: decision.into(),
            note: note.into(),
        };
        assert_eq!(
            CategoryDecision::parse(&input("verify", "民政部门名单第 12 页")),
            Ok(CategoryDecision::Verify("民政部门名单第 12 页".into()))
        );
        assert_eq!(
            CategoryDecision::parse(&input("refuse", "  ")),
            Err(InputError::Required { field: Field::Note })
        );
        assert!(CategoryDecision::parse(&input("approve", "x")).is_err());
    }
}
