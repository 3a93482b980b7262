//! The inspection forms: an inspector schedules or records an inspection
//! of a class session and files its photos; the institution answers a
//! rectification order. Each works without JavaScript.

// A server function takes one argument per field of its form.
#![allow(clippy::too_many_arguments)]

use leptos::{
    prelude::*,
    server_fn::codec::{MultipartData, MultipartFormData},
};

use crate::error::AppError;

/// Schedules an inspection of session `session_id`, on site or remote.
#[server(prefix = "/sfn", endpoint = "schedule-inspection")]
pub async fn schedule_inspection(session_id: i64, mode: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::InspectionMode,
        server::{flash::Done, inspections},
    };

    let scheduled = async {
        let mode = InspectionMode::parse(&mode)?;
        let (state, _, actor) = signed_in().await?;
        inspections::schedule(&state, &actor, session_id, mode, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(scheduled, Done::InspectionScheduled, After::SamePage)
}

/// Records an inspector's findings on session `session_id`, or on the
/// inspection `inspection_id` scheduled earlier.
#[server(prefix = "/sfn", endpoint = "record-inspection")]
pub async fn record_inspection(
    session_id: Option<i64>,
    inspection_id: Option<i64>,
    mode: String,
    headcount: String,
    teaching_matches_plan: Option<String>,
    teaching_note: Option<String>,
    findings: Option<String>,
    result: String,
) -> Result<(), AppError> {
    use super::context::{end_form_telling, signed_in, After};
    use crate::{
        domain::{InspectionRecord, InspectionRecordInput},
        server::{
            flash::{Done, Flash},
            inspections::{self, Inspected, Recorded},
        },
    };

    let recorded = async {
        let on = match (inspection_id, session_id) {
            (Some(id), _) => Inspected::Scheduled(id),
            (None, Some(session_id)) => Inspected::Session(session_id),
            (None, None) => return Err(AppError::Malformed),
        };
        let record = InspectionRecord::try_from(&InspectionRecordInput {
            mode,
            headcount,
            teaching_matches_plan: teaching_matches_plan.unwrap_or_default(),
            teaching_note: teaching_note.unwrap_or_default(),
            findings: findings.unwrap_or_default(),
            result,
        })?;
        let (state, _, actor) = signed_in().await?;
        inspections::record(&state, &actor, on, &record, state.clock.now()).await
    }
    .await;
    let told = |recorded: &Recorded| {
        Flash::Done(if recorded.warned {
            Done::InspectionWarned
        } else {
            Done::InspectionRecorded
        })
    };
    end_form_telling(recorded, told, After::SamePage).map(drop)
}

/// The institution answers a 整改 with what it changed.
#[server(prefix = "/sfn", endpoint = "answer-rectification")]
pub async fn answer_rectification(inspection_id: i64, answer: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::RectificationAnswer,
        server::{flash::Done, inspections},
    };

    let answered = async {
        let answer = RectificationAnswer::parse(&answer)?;
        let (state, _, actor) = signed_in().await?;
        inspections::answer(&state, &actor, inspection_id, &answer, state.clock.now()).await
    }
    .await;
    end_form(answered, Done::RectificationAnswered, After::SamePage)
}

/// Files a photo (`photo`, JPEG, PNG or WebP, at most 2 MB) with the
/// recorded inspection `inspection_id`, posted as a plain file form.
#[server(prefix = "/sfn", endpoint = "add-inspection-photo", input = MultipartFormData)]
pub async fn add_inspection_photo(data: MultipartData) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{flash::Done, inspections};

    let added = async {
        let (inspection_id, photo) = read_photo_form(data).await?;
        let (state, _, actor) = signed_in().await?;
        inspections::add_photo(&state, &actor, inspection_id, &photo, state.clock.now()).await
    }
    .await;
    end_form(added, Done::PhotoAdded, After::SamePage).map(drop)
}

/// The inspection's id and the photo's bytes of the photo form. Reading
/// stops past the size limit.
#[cfg(feature = "ssr")]
async fn read_photo_form(data: MultipartData) -> Result<(i64, Vec<u8>), AppError> {
    use super::upload::read_form_parts;
    use crate::{
        domain::{Field, InputError, MAX_PHOTO_BYTES},
        error::ImportProblem,
    };

    let malformed = || AppError::Malformed;
    let too_large = || {
        AppError::Import(ImportProblem::PhotoTooLarge {
            max_megabytes: MAX_PHOTO_BYTES / (1024 * 1024),
        })
    };
    let (mut inspection_id, mut photo) = (None, None);
    for part in read_form_parts(data, MAX_PHOTO_BYTES, too_large, malformed).await? {
        match part.name.as_str() {
            "inspection_id" => {
                let text = part.text(malformed)?;
                inspection_id = Some(text.trim().parse().map_err(|_| malformed())?);
            }
            "photo" => photo = Some(part.bytes),
            _ => {}
        }
    }
    let photo = photo.ok_or(AppError::Invalid(InputError::Required {
        field: Field::Photo,
    }))?;
    Ok((inspection_id.ok_or(AppError::Malformed)?, photo))
}
