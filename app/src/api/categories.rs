//! The bureau's decision on a declared worker category and the import of
//! another department's list, as forms that work without JavaScript.

use leptos::{
    prelude::*,
    server_fn::codec::{MultipartData, MultipartFormData},
};

use crate::error::AppError;

/// Verifies or refuses (`decision`) a declared category, with a note.
#[server(prefix = "/sfn", endpoint = "decide-category")]
pub async fn decide_category(
    category_id: i64,
    decision: String,
    note: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{CategoryDecision, CategoryDecisionInput},
        server::{categories, flash::Done},
    };

    let decided = async {
        let decision = CategoryDecision::parse(&CategoryDecisionInput { decision, note })?;
        let (state, _, actor) = signed_in().await?;
        categories::decide(&state, &actor, category_id, &decision, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(decided, Done::CategoryDecided, After::SamePage)
}

/// The bureau imports another department's list (CSV in UTF-8 or GBK, or
/// XLSX; at most 5 MB) with an optional note, posted as a plain file
/// form. A bad row refuses the whole list; the page that follows says
/// what was verified and which rows matched no worker.
#[server(prefix = "/sfn", endpoint = "import-categories", input = MultipartFormData)]
pub async fn import_categories(data: MultipartData) -> Result<(), AppError> {
    use super::context::{end_form_telling, signed_in, After};
    use crate::server::{categories, flash::Flash, request::lang};

    let imported = async {
        let (file, note) = read_import_form(data).await?;
        let (state, headers, actor) = signed_in().await?;
        let now = state.clock.now();
        let lang = lang(&headers);
        let outcome = categories::import(&state, &actor, file, &note, lang, now).await?;
        Ok((outcome, lang))
    }
    .await;
    let told = |(outcome, lang): &(categories::ImportOutcome, crate::i18n::Lang)| {
        let texts = lang.category_texts();
        Flash::report(
            outcome.message.clone(),
            outcome
                .not_matched
                .iter()
                .map(|row| (texts.import_row)(row.row, row.message)),
        )
    };
    end_form_telling(imported, told, After::SamePage).map(drop)
}

/// The list file and the note of the import form. Reading stops past the
/// size limit.
#[cfg(feature = "ssr")]
async fn read_import_form(
    data: MultipartData,
) -> Result<(crate::server::spreadsheet::ListFile, String), AppError> {
    use super::upload::read_form_parts;
    use crate::{
        error::ImportProblem,
        server::spreadsheet::{ListFile, ListFormat, MAX_IMPORT_BYTES},
    };

    let unreadable = || AppError::Import(ImportProblem::Unreadable);
    let too_large = || {
        AppError::Import(ImportProblem::TooLarge {
            max_megabytes: MAX_IMPORT_BYTES / (1024 * 1024),
        })
    };
    let (mut file, mut note) = (None, String::new());
    for part in read_form_parts(data, MAX_IMPORT_BYTES, too_large, unreadable).await? {
        match part.name.as_str() {
            "file" if part.bytes.is_empty() => return Err(AppError::Import(ImportProblem::Empty)),
            "file" => {
                let format = ListFormat::from_content_type(&part.content_type, &part.bytes)?;
                file = Some(ListFile {
                    format,
                    bytes: part.bytes,
                });
            }
            "note" => note = part.text(unreadable)?,
            _ => {}
        }
    }
    Ok((file.ok_or(AppError::Import(ImportProblem::Empty))?, note))
}
