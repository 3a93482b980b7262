//! "为你推荐" on the worker's pages: hiding one for good.

use leptos::prelude::*;

use crate::error::AppError;

/// The worker hides recommendation `item` for good.
#[server(prefix = "/sfn", endpoint = "dismiss-recommendation")]
pub async fn dismiss_recommendation(item: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{flash::Done, recommended};

    let dismissed = async {
        let (state, _, actor) = signed_in().await?;
        recommended::dismiss(&state, &actor, &item, state.clock.now()).await
    }
    .await;
    end_form(dismissed, Done::RecommendationDismissed, After::SamePage)
}
