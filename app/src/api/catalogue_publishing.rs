//! The forms of catalogue publishing, as server functions that work
//! without JavaScript: drafting, importing, editing rows, filing,
//! deciding, publishing and adjusting. Each redirects to the page that
//! shows the result, or back to the form with the problem.

use std::collections::HashMap;

use leptos::{
    prelude::*,
    server_fn::codec::{MultipartData, MultipartFormData},
};

use crate::error::AppError;

/// The bureau drafts an edition (empty or copied from the current one).
#[server(prefix = "/sfn", endpoint = "catalogue-draft")]
pub async fn create_catalogue_draft(
    kind: String,
    year: String,
    copy_current: Option<String>,
) -> Result<i64, AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_edition_year, CatalogueKind},
        error::Refusal,
        server::{catalogue_publishing::editions, flash::Done},
    };

    let drafted = async {
        let kind = CatalogueKind::parse(&kind)?;
        let year = parse_edition_year(&year)?;
        let (state, _, actor) = signed_in().await?;
        let city = actor.city.ok_or(AppError::Refused(Refusal::OutOfScope))?;
        let now = state.clock.now();
        let copy = copy_current.as_deref() == Some("on");
        Ok(
            editions::create_draft(&state, &actor, kind, city, year, copy, now)
                .await?
                .id,
        )
    }
    .await;
    let next = drafted
        .as_ref()
        .map(|id| format!("/catalogue-editions/{id}"))
        .unwrap_or_default();
    end_form(drafted, Done::CatalogueSaved, After::Page(&next))
}

/// The bureau uploads a filled-in template (`kind`, `year`, `file`); the
/// preview page follows.
#[server(prefix = "/sfn", endpoint = "catalogue-import", input = MultipartFormData)]
pub async fn upload_catalogue_template(data: MultipartData) -> Result<String, AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_edition_year, CatalogueKind},
        error::Refusal,
        server::{catalogue_publishing::imports, flash::Done, request::lang},
    };

    let previewed = async {
        let (fields, file) = read_upload(data).await?;
        let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
        let kind = CatalogueKind::parse(&field("kind"))?;
        let year = parse_edition_year(&field("year"))?;
        let (state, headers, actor) = signed_in().await?;
        let city = actor.city.ok_or(AppError::Refused(Refusal::OutOfScope))?;
        let list = list_file(file)?;
        let now = state.clock.now();
        let preview =
            imports::preview(&state, &actor, kind, city, year, list, lang(&headers), now).await?;
        Ok(preview.import_id)
    }
    .await;
    let next = previewed
        .as_ref()
        .map(|id| format!("/catalogue-imports/{id}"))
        .unwrap_or_default();
    end_form(previewed, Done::CatalogueSaved, After::Page(&next))
}

/// The bureau confirms a preview without problems.
#[server(prefix = "/sfn", endpoint = "catalogue-import-confirm")]
pub async fn confirm_catalogue_import(import_id: String) -> Result<i64, AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{catalogue_publishing::imports, flash::Done};

    let confirmed = async {
        let (state, _, actor) = signed_in().await?;
        Ok(
            imports::confirm(&state, &actor, &import_id, state.clock.now())
                .await?
                .id,
        )
    }
    .await;
    let next = confirmed
        .as_ref()
        .map(|id| format!("/catalogue-editions/{id}"))
        .unwrap_or_default();
    end_form(confirmed, Done::CatalogueImported, After::Page(&next))
}

/// A course or institution row from the row form: a draft's row (new, or
/// `row_id` changed), or, with `adjustment_id`, a change of an adjustment.
/// The form's fields are `row[...]`; amounts are `row[amount_<level>]` in
/// yuan and uplifts `row[uplift_<category>]` in percent.
#[server(prefix = "/sfn", endpoint = "catalogue-row")]
pub async fn save_catalogue_row(
    edition_id: i64,
    row_id: Option<i64>,
    adjustment_id: Option<i64>,
    row: HashMap<String, String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{
        catalogue_publishing::{
            adjustments::{self, ChangeInput},
            editions,
        },
        flash::Done,
    };

    let saved = async {
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        let input = row_input(&row);
        match (adjustment_id, row_id) {
            (Some(filing), Some(row_id)) => {
                let change = ChangeInput::Change { row_id, row: input };
                adjustments::add_change(&state, &actor, filing, &change, now)
                    .await
                    .map(drop)
            }
            (Some(filing), None) => {
                adjustments::add_change(&state, &actor, filing, &ChangeInput::Add(input), now)
                    .await
                    .map(drop)
            }
            (None, Some(row_id)) => {
                editions::update_row(&state, &actor, edition_id, row_id, &input, now).await
            }
            (None, None) => editions::add_row(&state, &actor, edition_id, &input, now)
                .await
                .map(drop),
        }
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(saved, Done::CatalogueSaved, After::Page(&next))
}

/// The form's fields as a course row (when it names a certificate kind)
/// or an institution row.
#[cfg(feature = "ssr")]
fn row_input(
    fields: &HashMap<String, String>,
) -> crate::server::catalogue_publishing::editions::RowInput {
    use crate::{
        domain::{CertificateLevel, CourseInput, InstitutionInput, WorkerCategory},
        server::catalogue_publishing::editions::RowInput,
    };
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    if fields.contains_key("certificate_kind") {
        let filled = |prefix: &str, code: &str| {
            let value = field(&format!("{prefix}{code}"));
            (!value.trim().is_empty()).then(|| (code.to_owned(), value))
        };
        return RowInput::Course(CourseInput {
            training_type: field("training_type"),
            occupation_name: field("occupation_name"),
            occupation_code: field("occupation_code"),
            certificate_kind: field("certificate_kind"),
            urgent: if field("urgent") == "on" {
                "true"
            } else {
                "false"
            }
            .to_owned(),
            amounts: CertificateLevel::ALL
                .iter()
                .filter_map(|l| filled("amount_", l.code()))
                .collect(),
            uplifts: WorkerCategory::ALL
                .iter()
                .filter_map(|c| filled("uplift_", c.code()))
                .collect(),
            remarks: field("remarks"),
        });
    }
    let occupations = field("occupations")
        .split(['、', '，', ',', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (name, code) = crate::domain::occupation_item(item);
            (name, code.unwrap_or_default())
        })
        .collect();
    RowInput::Institution(InstitutionInput {
        name: field("name"),
        address: field("address"),
        nature: field("nature"),
        occupations,
        contact_person: field("contact_person"),
        contact_phone: field("contact_phone"),
        remarks: field("remarks"),
    })
}

/// The bureau deletes a draft's row, or with `adjustment_id` asks in the
/// adjustment that a published row be removed.
#[server(prefix = "/sfn", endpoint = "catalogue-row-remove")]
pub async fn remove_catalogue_row(
    edition_id: i64,
    row_id: i64,
    adjustment_id: Option<i64>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{
        catalogue_publishing::{
            adjustments::{self, ChangeInput},
            editions,
        },
        flash::Done,
    };

    let removed = async {
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        match adjustment_id {
            Some(filing) => adjustments::add_change(
                &state,
                &actor,
                filing,
                &ChangeInput::Remove { row_id },
                now,
            )
            .await
            .map(drop),
            None => editions::delete_row(&state, &actor, edition_id, row_id, now).await,
        }
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(removed, Done::CatalogueSaved, After::Page(&next))
}

/// The bureau files a draft (`edition_id`) or an adjustment
/// (`adjustment_id`) with the stamped scan (`scan`).
#[server(prefix = "/sfn", endpoint = "catalogue-file", input = MultipartFormData)]
pub async fn file_catalogue(data: MultipartData) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{
        catalogue_publishing::{
            adjustments,
            filings::{self, Scan},
        },
        flash::Done,
    };

    let mut edition = 0;
    let filed = async {
        let (fields, file) = read_upload(data).await?;
        let number = |name: &str| fields.get(name).and_then(|v| v.trim().parse::<i64>().ok());
        edition = number("edition_id").unwrap_or_default();
        let (file_name, bytes) =
            file.ok_or(AppError::Import(crate::error::ImportProblem::Empty))?;
        let scan = Scan { file_name, bytes };
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        match number("adjustment_id") {
            Some(filing) => adjustments::submit(&state, &actor, filing, &scan, now)
                .await
                .map(drop),
            None => filings::submit_edition(&state, &actor, edition, &scan, now)
                .await
                .map(drop),
        }
    }
    .await;
    let next = format!("/catalogue-editions/{edition}");
    end_form(filed, Done::CatalogueFiled, After::Page(&next))
}

/// The province accepts (with the filing number) or returns (with the
/// reason) a filing.
#[server(prefix = "/sfn", endpoint = "catalogue-decide")]
pub async fn decide_catalogue_filing(
    filing_id: i64,
    edition_id: i64,
    decision: String,
    filing_number: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{
        catalogue_publishing::filings::{self, FilingDecision},
        flash::Done,
    };

    let decided = async {
        let decision = FilingDecision::parse(
            &decision,
            filing_number.as_deref().unwrap_or_default(),
            reason.as_deref().unwrap_or_default(),
        )?;
        let (state, _, actor) = signed_in().await?;
        filings::decide(&state, &actor, filing_id, &decision, state.clock.now())
            .await
            .map(drop)
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(decided, Done::CatalogueDecided, After::Page(&next))
}

/// The bureau publishes an accepted edition from a date.
#[server(prefix = "/sfn", endpoint = "catalogue-publish")]
pub async fn publish_catalogue(edition_id: i64, effective_on: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_date, Field},
        server::{catalogue_publishing::filings, flash::Done},
    };

    let published = async {
        let date = parse_date(Field::EffectiveDate, &effective_on)?;
        let (state, _, actor) = signed_in().await?;
        filings::publish(&state, &actor, edition_id, date, state.clock.now())
            .await
            .map(drop)
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(published, Done::CataloguePublished, After::Page(&next))
}

/// The bureau opens an adjustment of a published edition.
#[server(prefix = "/sfn", endpoint = "catalogue-adjust")]
pub async fn open_catalogue_adjustment(
    edition_id: i64,
    reason: String,
    effective_on: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_date, parse_reason, Field},
        server::{catalogue_publishing::adjustments, flash::Done},
    };

    let opened = async {
        let reason = parse_reason(&reason)?;
        let date = parse_date(Field::EffectiveDate, &effective_on)?;
        let (state, _, actor) = signed_in().await?;
        adjustments::open(&state, &actor, edition_id, &reason, date, state.clock.now())
            .await
            .map(drop)
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(opened, Done::CatalogueSaved, After::Page(&next))
}

/// The bureau abandons its adjustment (a draft or returned one).
#[server(prefix = "/sfn", endpoint = "catalogue-abandon")]
pub async fn abandon_catalogue_adjustment(
    edition_id: i64,
    adjustment_id: i64,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{catalogue_publishing::adjustments, flash::Done};

    let abandoned = async {
        let (state, _, actor) = signed_in().await?;
        adjustments::abandon(&state, &actor, adjustment_id, state.clock.now()).await
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(abandoned, Done::CatalogueSaved, After::Page(&next))
}

/// The bureau takes a change out of its adjustment.
#[server(prefix = "/sfn", endpoint = "catalogue-change-withdraw")]
pub async fn withdraw_catalogue_change(
    edition_id: i64,
    adjustment_id: i64,
    change_id: i64,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{catalogue_publishing::adjustments, flash::Done};

    let withdrawn = async {
        let (state, _, actor) = signed_in().await?;
        adjustments::delete_change(&state, &actor, adjustment_id, change_id, state.clock.now())
            .await
    }
    .await;
    let next = format!("/catalogue-editions/{edition_id}");
    end_form(withdrawn, Done::CatalogueSaved, After::Page(&next))
}

/// The text fields and the one file of an upload form. Reading stops
/// past the size limit.
#[cfg(feature = "ssr")]
async fn read_upload(
    data: MultipartData,
) -> Result<(HashMap<String, String>, Option<(String, Vec<u8>)>), AppError> {
    use super::upload::read_form_parts;
    use crate::{error::ImportProblem, server::spreadsheet::MAX_IMPORT_BYTES};

    let unreadable = || AppError::Import(ImportProblem::Unreadable);
    let too_large = || {
        AppError::Import(ImportProblem::TooLarge {
            max_megabytes: MAX_IMPORT_BYTES / (1024 * 1024),
        })
    };
    let (mut fields, mut file) = (HashMap::new(), None);
    for part in read_form_parts(data, MAX_IMPORT_BYTES, too_large, unreadable).await? {
        match part.file_name.clone() {
            Some(file_name) if !part.bytes.is_empty() => file = Some((file_name, part.bytes)),
            Some(_) => {}
            None => {
                let name = part.name.clone();
                fields.insert(name, part.text(unreadable)?);
            }
        }
    }
    Ok((fields, file))
}

/// An uploaded template as a spreadsheet: XLSX by its ZIP signature or
/// name, CSV otherwise.
#[cfg(feature = "ssr")]
fn list_file(
    file: Option<(String, Vec<u8>)>,
) -> Result<crate::server::spreadsheet::ListFile, AppError> {
    use crate::server::spreadsheet::{ListFile, ListFormat};
    let (name, bytes) = file.ok_or(AppError::Import(crate::error::ImportProblem::Empty))?;
    let lower = name.to_lowercase();
    let format = if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".xlsx") {
        ListFormat::Xlsx
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        ListFormat::Csv
    } else {
        return Err(AppError::Import(
            crate::error::ImportProblem::UnsupportedType,
        ));
    };
    Ok(ListFile { format, bytes })
}
