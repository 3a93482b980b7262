//! The subsidy and rating forms that work without JavaScript: the
//! institution's reply to a rating, the bureau hiding a comment and
//! recovering a paid subsidy, and marking messages read.

use leptos::prelude::*;

use crate::error::AppError;

/// The institution's one reply to a rating.
#[server(prefix = "/sfn", endpoint = "reply-to-rating")]
pub async fn reply_to_rating(rating_id: i64, reply: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reply,
        server::{completion, flash::Done},
    };

    let replied = async {
        let reply = Reply::parse(&reply)?;
        let (state, _, actor) = signed_in().await?;
        completion::reply(&state, &actor, rating_id, &reply, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(replied, Done::RatingReplied, After::SamePage)
}

/// The bureau hides a rating's comment, saying why (the score stays).
#[server(prefix = "/sfn", endpoint = "hide-rating")]
pub async fn hide_rating(rating_id: i64, reason: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reason,
        server::{completion, flash::Done},
    };

    let hidden = async {
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        completion::hide(&state, &actor, rating_id, &reason, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(hidden, Done::RatingHidden, After::SamePage)
}

/// The bureau records the recovery of a paid subsidy (amount in yuan).
#[server(prefix = "/sfn", endpoint = "recover-claim")]
pub async fn recover_claim(claim_id: i64, amount: String, reason: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{Fen, Reason},
        server::{flash::Done, request::lang, subsidies},
    };

    let recovered = async {
        let amount = Fen::parse_yuan(&amount)?;
        let reason = Reason::parse(&reason)?;
        let (state, headers, actor) = signed_in().await?;
        let now = state.clock.now();
        subsidies::recover(
            &state,
            &actor,
            claim_id,
            amount,
            &reason,
            lang(&headers),
            now,
        )
        .await?;
        Ok(())
    }
    .await;
    end_form(recovered, Done::ClaimRecovered, After::SamePage)
}

/// Marks every message of the signed-in person read.
#[server(prefix = "/sfn", endpoint = "read-all-messages")]
pub async fn read_all_messages() -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{flash::Done, inbox};

    let read = async {
        let (state, _, actor) = signed_in().await?;
        inbox::mark_read(&state, &actor, None, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(read, Done::MessagesRead, After::SamePage)
}

/// The worker claims the subsidy of a finished training, paid to them or
/// to their employer (named).
#[server(prefix = "/sfn", endpoint = "claim-subsidy")]
pub async fn claim_subsidy(
    enrolment_id: i64,
    payee: String,
    payee_name: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::PayeeChoice,
        server::{flash::Done, request::lang, subsidies},
    };

    let filed = async {
        let payee = PayeeChoice::parse(&payee, payee_name.as_deref().unwrap_or_default())?;
        let (state, headers, actor) = signed_in().await?;
        let now = state.clock.now();
        subsidies::file(&state, &actor, enrolment_id, &payee, lang(&headers), now).await?;
        Ok(())
    }
    .await;
    end_form(filed, Done::ClaimFiled, After::SamePage)
}

/// The worker rates their training (three scores of 1 to 5 and an
/// optional comment), or changes the rating within seven days.
#[server(prefix = "/sfn", endpoint = "rate-training")]
pub async fn rate_training(
    enrolment_id: i64,
    teaching: i64,
    facilities: i64,
    usefulness: i64,
    comment: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{Rating, RatingInput},
        server::{completion, flash::Done},
    };

    let rated = async {
        let rating = Rating::parse(&RatingInput {
            teaching,
            facilities,
            usefulness,
            comment: comment.unwrap_or_default(),
        })?;
        let (state, _, actor) = signed_in().await?;
        completion::rate(&state, &actor, enrolment_id, &rating, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(rated, Done::RatingSaved, After::SamePage)
}

/// The bureau's finding on a pending certificate: `verified`, or
/// `invalid` with a reason (which voids the claims resting on it).
#[server(prefix = "/sfn", endpoint = "verify-certificate")]
pub async fn verify_certificate(
    enrolment_id: i64,
    result: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{
        completion::{self, Verification},
        flash::Done,
    };

    let verified = async {
        let verification = Verification::parse(&result, reason.as_deref().unwrap_or_default())?;
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        completion::verify_certificate(&state, &actor, enrolment_id, &verification, now).await?;
        Ok(())
    }
    .await;
    end_form(verified, Done::CertificateChecked, After::SamePage)
}

/// The institution records a worker's completion assessment (and
/// certificate), or corrects it while the certificate is unchecked.
#[server(prefix = "/sfn", endpoint = "record-assessment")]
pub async fn record_assessment(
    enrolment_id: i64,
    passed: Option<String>,
    score: String,
    certificate_number: String,
    certificate_level: String,
    issued_on: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_bounded_int, AssessmentInput, Field},
        server::{completion, flash::Done},
    };

    let recorded = async {
        let input = AssessmentInput {
            passed: passed.is_some(),
            score: parse_bounded_int(Field::Score, &score, 0, 100)?,
            certificate_number,
            certificate_level,
            issued_on,
        };
        let (state, _, actor) = signed_in().await?;
        completion::record_assessment(&state, &actor, enrolment_id, &input, state.clock.now())
            .await?;
        Ok(())
    }
    .await;
    end_form(recorded, Done::AssessmentRecorded, After::SamePage)
}

/// The institution files the claims of every worker of an ended class who
/// passed (paid to `payee`, `institution` by default); the page that
/// follows says how many, and which workers were passed over and why.
#[server(prefix = "/sfn", endpoint = "class-claims")]
pub async fn file_class_claims(
    class_id: i64,
    payee: Option<String>,
    payee_name: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form_telling, signed_in, After};
    use crate::{
        domain::PayeeChoice,
        server::{flash::Flash, request::lang, subsidies},
    };

    let filed = async {
        let payee = PayeeChoice::parse(
            payee.as_deref().unwrap_or("institution"),
            payee_name.as_deref().unwrap_or_default(),
        )?;
        let (state, headers, actor) = signed_in().await?;
        let now = state.clock.now();
        let lang = lang(&headers);
        let filing = subsidies::file_for_class(&state, &actor, class_id, &payee, lang, now).await?;
        Ok((filing, lang))
    }
    .await;
    let told = |(filing, lang): &(subsidies::ClassFiling, crate::i18n::Lang)| {
        let summary = (lang.form_texts().batch_done)(filing.done.len(), filing.skipped.len());
        Flash::report(
            summary,
            filing
                .skipped
                .iter()
                .map(|skipped| format!("{}：{}", skipped.worker_name, skipped.message)),
        )
    };
    end_form_telling(filed, told, After::SamePage).map(drop)
}

/// A bureau reviewer's step on the ticked claims (`claim_ids[]`): start
/// review, approve, reject (with a reason), record payment (with its
/// reference) or run the checks again. The page that follows says how
/// many moved and which were left as they were, and why.
#[server(prefix = "/sfn", endpoint = "review-claims")]
pub async fn review_claims(
    claim_ids: Option<Vec<i64>>,
    action: String,
    reason: Option<String>,
    payment_reference: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form_telling, signed_in, After};
    use crate::server::{
        flash::Flash,
        request::lang,
        subsidies::{self, BatchOutcome, ReviewAction},
    };

    let claim_ids = claim_ids.unwrap_or_default();
    let reviewed = async {
        let action = ReviewAction::parse(
            &claim_ids,
            &action,
            reason.as_deref().unwrap_or_default(),
            payment_reference.as_deref().unwrap_or_default(),
        )?;
        let (state, headers, actor) = signed_in().await?;
        let outcome =
            subsidies::review(&state, &actor, &claim_ids, &action, state.clock.now()).await?;
        Ok((outcome, lang(&headers)))
    }
    .await;
    let told = |(outcome, lang): &(BatchOutcome, crate::i18n::Lang)| {
        let summary = (lang.form_texts().batch_done)(outcome.done.len(), outcome.skipped.len());
        Flash::report(
            summary,
            outcome
                .skipped
                .iter()
                .map(|skipped| format!("#{} {}", skipped.id, skipped.reason.message(*lang))),
        )
    };
    end_form_telling(reviewed, told, After::SamePage).map(drop)
}
