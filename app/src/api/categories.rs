//! The bureau's decision on a declared worker category, as a form that
//! works without JavaScript.

use leptos::prelude::*;

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
        categories::decide(&state, &actor, category_id, &decision, chrono::Utc::now()).await?;
        Ok(())
    }
    .await;
    end_form(decided, Done::CategoryDecided, After::SamePage)
}
