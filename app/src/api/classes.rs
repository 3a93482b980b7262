//! The class forms that work without JavaScript: an institution applies
//! to open a class (or changes a returned application), a worker enrols,
//! a bureau approves a class or returns it for changes.

// A form's fields are a server function's arguments: the class
// application has twelve, and the macro's generated functions take them all.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One session row of the application form (`sessions[i][date]`, …); a
/// row left blank is no session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionRow {
    /// `2026-12-01`.
    pub date: String,
    /// `09:00`.
    pub start: String,
    /// `12:00`.
    pub end: String,
    /// `offline` or `online`.
    pub mode: String,
}

#[cfg(feature = "ssr")]
impl SessionRow {
    fn is_blank(&self) -> bool {
        [&self.date, &self.start, &self.end]
            .iter()
            .all(|field| field.trim().is_empty())
    }
}

/// The form of a class application, as posted.
#[cfg(feature = "ssr")]
struct ClassApplicationForm {
    /// `course id:level code`.
    course_level: String,
    training_type: String,
    capacity: String,
    teacher: String,
    venue: String,
    latitude: String,
    longitude: String,
    sessions: Vec<SessionRow>,
    /// Empty when the class has no online sessions.
    online_platform_id: String,
    /// `on` when the commitment box is ticked.
    commitment: String,
    /// The training order the class trains; empty for none.
    order_id: String,
}

/// An institution applies to open a class, or (with `class_id`) changes
/// an application the bureau returned; then shows the class. The session
/// rows are `sessions[i][date]`, `[start]`, `[end]` and `[mode]`.
#[server(prefix = "/sfn", endpoint = "class-application")]
pub async fn submit_class_application(
    class_id: Option<i64>,
    course_level: String,
    training_type: String,
    capacity: String,
    teacher: String,
    venue: String,
    latitude: String,
    longitude: String,
    sessions: Option<Vec<SessionRow>>,
    online_platform_id: Option<String>,
    commitment: Option<String>,
    order_id: Option<String>,
) -> Result<i64, AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::ClassApplication,
        server::{classes, flash::Done},
    };

    let submitted = async {
        let now = super::context::now()?;
        let form = ClassApplicationForm {
            course_level,
            training_type,
            capacity,
            teacher,
            venue,
            latitude,
            longitude,
            sessions: sessions.unwrap_or_default(),
            online_platform_id: online_platform_id.unwrap_or_default(),
            commitment: commitment.unwrap_or_default(),
            order_id: order_id.unwrap_or_default(),
        };
        let application = ClassApplication::parse(&form.into_input()?, now)?;
        let (state, _, actor) = signed_in().await?;
        let detail = match class_id {
            Some(class_id) => {
                classes::resubmit(&state, &actor, class_id, &application, now).await?
            }
            None => classes::apply(&state, &actor, &application, now).await?,
        };
        Ok(detail.summary.id)
    }
    .await;
    let next = match &submitted {
        Ok(id) => format!("/classes/{id}"),
        Err(_) => String::new(),
    };
    end_form(submitted, Done::ClassSubmitted, After::Page(&next))
}

#[cfg(feature = "ssr")]
impl ClassApplicationForm {
    /// The typed input the class rules read; numbers that are not numbers
    /// are refused with the field they belong to.
    fn into_input(self) -> Result<crate::domain::ClassApplicationInput, crate::domain::InputError> {
        use crate::domain::{
            parse_bounded_int, ClassApplicationInput, Field, InputError, SessionInput,
        };

        let (course, level) = self.course_level.split_once(':').unwrap_or_default();
        let coordinate = |raw: &str| {
            raw.trim()
                .parse::<f64>()
                .map_err(|_| InputError::CoordinatesOutOfRange)
        };
        let online_platform_id = match self.online_platform_id.trim() {
            "" => None,
            raw => Some(parse_bounded_int(Field::Id, raw, 1, i64::MAX)?),
        };
        let order_id = match self.order_id.trim() {
            "" => None,
            raw => Some(parse_bounded_int(Field::Id, raw, 1, i64::MAX)?),
        };
        Ok(ClassApplicationInput {
            course_id: parse_bounded_int(Field::Course, course, 1, i64::MAX)?,
            certificate_level: level.to_owned(),
            training_type: self.training_type,
            capacity: parse_bounded_int(Field::Capacity, &self.capacity, 1, 200)?,
            teacher: self.teacher,
            venue: self.venue,
            latitude: coordinate(&self.latitude)?,
            longitude: coordinate(&self.longitude)?,
            sessions: self
                .sessions
                .into_iter()
                .filter(|row| !row.is_blank())
                .map(|row| SessionInput {
                    date: row.date,
                    start: row.start,
                    end: row.end,
                    mode: row.mode,
                })
                .collect(),
            commitment: self.commitment == "on",
            online_platform_id,
            order_id,
        })
    }
}

/// Enrols the signed-in worker in a class, then shows their classes.
#[server(prefix = "/sfn", endpoint = "enrol")]
pub async fn enrol(class_id: i64) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{classes, flash::Done};

    let enrolled = async {
        let (state, _, actor) = signed_in().await?;
        classes::enrol(&state, &actor, class_id, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(enrolled, Done::Enrolled, After::Page("/my/classes"))
}

/// The bureau's decision on a class application: `approve`, or `return`
/// with a reason. Shows the class again.
#[server(prefix = "/sfn", endpoint = "decide-class")]
pub async fn decide_class(
    class_id: i64,
    decision: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{classes, classes::Decision, flash::Done};

    let decision = Decision::parse(&decision, reason.as_deref().unwrap_or_default());
    let done = match decision {
        Ok(Decision::Return(_)) => Done::ClassReturned,
        _ => Done::ClassApproved,
    };
    let decided = async {
        let decision = decision?;
        let (state, _, actor) = signed_in().await?;
        classes::decide(&state, &actor, class_id, &decision, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(decided, done, After::Page(&format!("/classes/{class_id}")))
}

/// The bureau requires a face check at every confirmation of a class
/// (`required` = `true`), or stops, with a reason kept in its history.
#[server(prefix = "/sfn", endpoint = "class-face-check")]
pub async fn set_class_face_check(
    class_id: i64,
    required: bool,
    reason: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{face_checks, flash::Done};

    let saved = async {
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        face_checks::set_class_rule(&state, &actor, class_id, required, &reason, now).await?;
        Ok(())
    }
    .await;
    end_form(
        saved,
        Done::FaceRuleSaved,
        After::Page(&format!("/classes/{class_id}")),
    )
}
