//! Every table of the progress page as a file (XLSX or CSV), in the
//! reader's language, as the page shows it.

use chrono::{DateTime, Utc};

use super::progress;
use crate::{
    domain::{City, ExportFormat, ProgressTable, TargetStanding},
    error::AppError,
    i18n::Lang,
    server::{access::Actor, catalogue_publishing::exports::ExportFile, AppState},
    views::ProgressView,
};

/// One table of the progress of `year` (an area's, or the province's
/// with `city` unset) as a file.
#[allow(clippy::too_many_arguments)]
pub async fn export_progress(
    state: &AppState,
    actor: &Actor,
    year: i32,
    city: Option<City>,
    table: ProgressTable,
    format: ExportFormat,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ExportFile, AppError> {
    let view = progress(state, actor, year, city, now).await?;
    let (header, rows) = table_cells(&view, table, lang);
    let t = lang.oversight_texts();
    let area = view.total.city.map_or(t.province, |city| city.label(lang));
    let title = (t.file_title)(year, area, table_heading(table, lang));
    ExportFile::titled_table(title, header, rows, format, "progress").await
}

/// A table's heading on the page and in its file's title.
pub fn table_heading(table: ProgressTable, lang: Lang) -> &'static str {
    let t = lang.oversight_texts();
    match table {
        ProgressTable::Areas => t.areas_heading,
        ProgressTable::Months => t.months_heading,
        ProgressTable::TrainingTypes => t.training_types_heading,
        ProgressTable::Categories => t.categories_heading,
        ProgressTable::Occupations => t.occupations_heading,
    }
}

/// A table's header and rows of cell text, as the page shows them.
pub fn table_cells(
    view: &ProgressView,
    table: ProgressTable,
    lang: Lang,
) -> (Vec<String>, Vec<Vec<String>>) {
    let t = lang.oversight_texts();
    let header = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
    // The province's own line closes the table of its areas.
    let province_total = (view.total.city.is_none()).then_some(&view.total);
    match table {
        ProgressTable::Areas => (
            header(&[
                t.area,
                t.target,
                t.person_times,
                t.percent_of_target,
                t.pace,
                t.forecast,
            ]),
            view.areas
                .iter()
                .chain(province_total)
                .map(|line| {
                    let area = line.city.map_or(t.province, |city| city.label(lang));
                    standing_cells(area, &line.standing, lang)
                })
                .collect(),
        ),
        ProgressTable::Months => (
            header(&[t.month, t.person_times, t.cumulative, t.pace_at_month_end]),
            view.by_month
                .iter()
                .map(|month| {
                    vec![
                        (t.month_name)(month.month),
                        month.person_times.to_string(),
                        month.cumulative.to_string(),
                        optional(month.pace, lang),
                    ]
                })
                .collect(),
        ),
        ProgressTable::TrainingTypes | ProgressTable::Categories | ProgressTable::Occupations => {
            let name = match table {
                ProgressTable::TrainingTypes => t.training_type,
                ProgressTable::Categories => t.category,
                _ => t.occupation,
            };
            (
                header(&[name, t.person_times]),
                breakdown(view, table, lang)
                    .into_iter()
                    .map(|(label, person_times)| vec![label, person_times.to_string()])
                    .collect(),
            )
        }
    }
}

/// The lines of a breakdown (training types, categories or occupations)
/// as (label, person-times); none for the other tables.
pub fn breakdown(view: &ProgressView, table: ProgressTable, lang: Lang) -> Vec<(String, i64)> {
    match table {
        ProgressTable::TrainingTypes => view
            .by_training_type
            .iter()
            .map(|line| (line.training_type.label(lang).to_owned(), line.person_times))
            .collect(),
        ProgressTable::Categories => view
            .by_category
            .iter()
            .map(|line| (line.category.label(lang).to_owned(), line.person_times))
            .collect(),
        ProgressTable::Occupations => view
            .by_occupation
            .iter()
            .map(|line| (line.occupation_name.clone(), line.person_times))
            .collect(),
        ProgressTable::Areas | ProgressTable::Months => Vec::new(),
    }
}

/// An area's line: its name, target, person-times, share, pace and
/// forecast ("未设定" where there is no target).
fn standing_cells(area: &str, standing: &TargetStanding, lang: Lang) -> Vec<String> {
    vec![
        area.to_owned(),
        optional(standing.target, lang),
        standing.person_times.to_string(),
        standing.percent_of_target.map_or_else(
            || lang.oversight_texts().no_target.to_owned(),
            |p| format!("{p:.1}%"),
        ),
        optional(standing.pace, lang),
        standing
            .forecast
            .map_or_else(String::new, |forecast| forecast.to_string()),
    ]
}

fn optional(value: Option<i64>, lang: Lang) -> String {
    value.map_or_else(
        || lang.oversight_texts().no_target.to_owned(),
        |value| value.to_string(),
    )
}
