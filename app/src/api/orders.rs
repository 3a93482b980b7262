//! Training orders as forms that work without JavaScript: the employer
//! posts, corrects, withdraws and picks; the bureau approves or returns;
//! an institution bids (揭榜).

// A form's fields are a server function's arguments: the order form has
// eight, and the macro's generated functions take them all.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One job row of the order form (`positions[i][title]`, …); a row left
/// blank is no job.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PositionRow {
    pub title: String,
    pub openings: String,
    pub wage_min_yuan: String,
    pub wage_max_yuan: String,
    pub workplace: String,
    pub contract_months: String,
    pub starts_on: String,
}

/// Posts an order (or, with `order_id`, corrects a returned one), then
/// shows it.
#[server(prefix = "/sfn", endpoint = "post-order")]
pub async fn post_order(
    order_id: Option<i64>,
    kind: String,
    course_level: String,
    trainees_wanted: String,
    requirements: Option<String>,
    start_training_by: String,
    institution_id: Option<String>,
    positions: Option<Vec<PositionRow>>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{NewOrder, OrderInput, PositionInput},
        server::{flash::Done, orders},
    };

    let posted = async {
        let (course_id, level) = course_level.split_once(':').unwrap_or_default();
        let input = OrderInput {
            kind,
            course_id: course_id.to_owned(),
            certificate_level: level.to_owned(),
            trainees_wanted,
            requirements: requirements.unwrap_or_default(),
            start_training_by,
            institution_id: institution_id.unwrap_or_default(),
            positions: positions
                .unwrap_or_default()
                .into_iter()
                .filter(|row| !row.title.trim().is_empty() || !row.openings.trim().is_empty())
                .map(|row| PositionInput {
                    title: row.title,
                    openings: row.openings,
                    wage_min_yuan: row.wage_min_yuan,
                    wage_max_yuan: row.wage_max_yuan,
                    workplace: row.workplace,
                    contract_months: row.contract_months,
                    starts_on: row.starts_on,
                })
                .collect(),
        };
        let (state, _, actor) = signed_in().await?;
        let order = NewOrder::parse(&input, state.clock.today())?;
        let now = state.clock.now();
        let detail = match order_id {
            Some(id) => orders::resubmit(&state, &actor, id, &order, now).await?,
            None => orders::post(&state, &actor, &order, now).await?,
        };
        Ok(detail.summary.id)
    }
    .await;
    let next = match &posted {
        Ok(id) => format!("/orders/{id}"),
        Err(_) => String::new(),
    };
    end_form(posted, Done::OrderPosted, After::Page(&next)).map(drop)
}

/// The bureau approves (`decision` = `approve`) or returns (`return`,
/// with a reason) an order.
#[server(prefix = "/sfn", endpoint = "decide-order")]
pub async fn decide_order(
    order_id: i64,
    decision: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{classes::Decision, flash::Done, orders};

    let decided = async {
        let decision = Decision::parse(&decision, &reason.unwrap_or_default())?;
        let (state, _, actor) = signed_in().await?;
        orders::decide(&state, &actor, order_id, &decision, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(decided, Done::OrderDecided, After::SamePage)
}

/// The employer withdraws an order, with a reason.
#[server(prefix = "/sfn", endpoint = "withdraw-order")]
pub async fn withdraw_order(order_id: i64, reason: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reason,
        server::{flash::Done, orders},
    };

    let withdrawn = async {
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        orders::withdraw(&state, &actor, order_id, &reason, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(withdrawn, Done::OrderWithdrawn, After::SamePage)
}

/// An institution bids (揭榜) for an open order with its plan.
#[server(prefix = "/sfn", endpoint = "bid-for-order")]
pub async fn bid_for_order(order_id: i64, plan: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_plan, BidInput},
        server::{flash::Done, orders},
    };

    let sent = async {
        let plan = parse_plan(&BidInput { plan })?;
        let (state, _, actor) = signed_in().await?;
        orders::bid(&state, &actor, order_id, &plan, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(sent, Done::BidSent, After::SamePage)
}

/// The employer picks a bid.
#[server(prefix = "/sfn", endpoint = "pick-bid")]
pub async fn pick_bid(order_id: i64, bid_id: i64) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{flash::Done, orders};

    let picked = async {
        let (state, _, actor) = signed_in().await?;
        orders::pick(&state, &actor, order_id, bid_id, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(picked, Done::BidPicked, After::SamePage)
}

/// The employer records a trainee's outcome: `outcome` = `offer` (with
/// `position` and `starts_on`), `hired` (with `starts_on`), `declined`, or
/// `not_offered` (with `reason`).
#[server(prefix = "/sfn", endpoint = "record-outcome")]
pub async fn record_outcome(
    order_id: i64,
    enrolment_id: i64,
    outcome: String,
    position: Option<String>,
    starts_on: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{Outcome, OutcomeInput},
        server::{flash::Done, hires},
    };

    let recorded = async {
        let outcome = Outcome::parse(&OutcomeInput {
            outcome,
            position: position.unwrap_or_default(),
            starts_on: starts_on.unwrap_or_default(),
            reason: reason.unwrap_or_default(),
        })?;
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        hires::record(&state, &actor, order_id, enrolment_id, &outcome, now).await?;
        Ok(())
    }
    .await;
    end_form(recorded, Done::OutcomeRecorded, After::SamePage)
}

/// The employer confirms at 3 or 6 months whether a hire stayed; an empty
/// `left_on` means still employed.
#[server(prefix = "/sfn", endpoint = "confirm-retention")]
pub async fn confirm_retention(
    order_id: i64,
    enrolment_id: i64,
    months: u32,
    left_on: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::RetentionInput,
        server::{flash::Done, hires},
    };

    let confirmed = async {
        let left_on = left_on.unwrap_or_default();
        let input = RetentionInput {
            months,
            still_employed: left_on.trim().is_empty(),
            left_on,
        };
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        hires::confirm_retention(&state, &actor, order_id, enrolment_id, &input, now).await?;
        Ok(())
    }
    .await;
    end_form(confirmed, Done::RetentionConfirmed, After::SamePage)
}

/// The worker accepts (`answer` = `accept`) or declines a job offer.
#[server(prefix = "/sfn", endpoint = "answer-offer")]
pub async fn answer_offer(offer_id: i64, answer: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{Field, InputError},
        server::{flash::Done, hires},
    };

    let answered = async {
        let accept = match answer.trim() {
            "accept" => true,
            "decline" => false,
            other => {
                return Err(AppError::Invalid(InputError::UnknownCode {
                    field: Field::Decision,
                    value: other.chars().take(40).collect(),
                }))
            }
        };
        let (state, _, actor) = signed_in().await?;
        hires::answer_offer(&state, &actor, offer_id, accept, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(answered, Done::OfferAnswered, After::SamePage)
}

/// The bureau clears a warning of an order, with a reason.
#[server(prefix = "/sfn", endpoint = "clear-order-warning")]
pub async fn clear_order_warning(
    order_id: i64,
    warning_id: i64,
    reason: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reason,
        server::{flash::Done, orders},
    };

    let cleared = async {
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        orders::clear_warning(&state, &actor, order_id, warning_id, &reason, now).await?;
        Ok(())
    }
    .await;
    end_form(cleared, Done::WarningCleared, After::SamePage)
}

/// The employer declares when a trainee of its own class started working
/// for it (`YYYY-MM-DD`).
#[server(prefix = "/sfn", endpoint = "declare-employment")]
pub async fn declare_employment(enrolment_id: i64, employed_since: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{employment, flash::Done};

    let declared = async {
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        employment::declare(&state, &actor, enrolment_id, &employed_since, now).await?;
        Ok(())
    }
    .await;
    end_form(declared, Done::EmploymentDeclared, After::SamePage)
}
