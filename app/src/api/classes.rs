//! The class forms that work without JavaScript: a worker enrols, a
//! bureau approves a class or returns it for changes.

use leptos::prelude::*;

use crate::error::AppError;

/// Enrols the signed-in worker in a class, then shows their classes.
#[server(prefix = "/sfn", endpoint = "enrol")]
pub async fn enrol(class_id: i64) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{classes, flash::Done};

    let enrolled = async {
        let (state, _, actor) = signed_in().await?;
        classes::enrol(&state, &actor, class_id, chrono::Utc::now()).await?;
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
        classes::decide(&state, &actor, class_id, &decision, chrono::Utc::now()).await?;
        Ok(())
    }
    .await;
    end_form(decided, done, After::Page(&format!("/classes/{class_id}")))
}
