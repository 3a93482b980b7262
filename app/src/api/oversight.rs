//! The province's form that sets an area's yearly training target.

use leptos::prelude::*;

use crate::error::AppError;

/// The province sets `city`'s target of `year` to `person_times`, with
/// the reason for it.
#[server(prefix = "/sfn", endpoint = "set-target")]
pub async fn set_target(
    year: String,
    city: String,
    person_times: String,
    reason: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::TargetChange,
        server::{flash::Done, oversight},
    };

    let set = async {
        let change = TargetChange::parse(&year, &city, &person_times, &reason)?;
        let (state, _, actor) = signed_in().await?;
        oversight::set_target(&state, &actor, &change, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(set, Done::TargetSet, After::SamePage)
}
