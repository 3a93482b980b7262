//! The bureau's campaign forms: save a draft (new or changed) and send it.

// A form's fields are a server function's arguments: the campaign form
// has thirteen, and the macro's generated functions take them all.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;

/// A bureau saves a campaign draft: new without `id`, changed with it.
/// The audience's categories are ticked boxes named `categories[]`, its
/// other filters checkboxes present when ticked.
#[server(prefix = "/sfn", endpoint = "save-campaign")]
pub async fn save_campaign(
    id: Option<String>,
    offer_kind: String,
    offer_id: String,
    certificate_level: Option<String>,
    message_zh: String,
    message_en: Option<String>,
    categories: Option<Vec<String>>,
    living_allowance_eligible: Option<String>,
    without_this_certificate: Option<String>,
    holding_level_below: Option<String>,
    not_in_training: Option<String>,
    registered_from: Option<String>,
    registered_until: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_bounded_int, AudienceInput, CampaignInput, Field},
        server::{campaigns, flash::Done},
    };

    let input = CampaignInput {
        offer_kind,
        offer_id,
        certificate_level: certificate_level.unwrap_or_default(),
        message_zh,
        message_en: message_en.unwrap_or_default(),
        audience: AudienceInput {
            categories: categories.unwrap_or_default(),
            living_allowance_eligible: living_allowance_eligible.is_some(),
            without_this_certificate: without_this_certificate.is_some(),
            holding_level_below: holding_level_below.is_some(),
            not_in_training: not_in_training.is_some(),
            registered_from: registered_from.unwrap_or_default(),
            registered_until: registered_until.unwrap_or_default(),
        },
    };
    let saved = async {
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        let view = match id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => {
                let id = parse_bounded_int(Field::Id, id, 1, i64::MAX)?;
                campaigns::update(&state, &actor, id, &input, now).await?
            }
            None => campaigns::create(&state, &actor, &input, now).await?,
        };
        Ok(view.id)
    }
    .await;
    let next = match &saved {
        Ok(id) => format!("/campaigns/{id}"),
        Err(_) => String::new(),
    };
    let after = if next.is_empty() {
        After::SamePage
    } else {
        After::Page(&next)
    };
    end_form(saved.map(|_| ()), Done::CampaignSaved, after)
}

/// A bureau sends a draft of its city.
#[server(prefix = "/sfn", endpoint = "send-campaign")]
pub async fn send_campaign(id: i64) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{campaigns, flash::Done};

    let sent = async {
        let (state, _, actor) = signed_in().await?;
        campaigns::send(&state, &actor, id, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(sent, Done::CampaignSent, After::SamePage)
}
