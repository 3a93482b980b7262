//! The bureau's review of claims in batches: taken into review, approved,
//! rejected with a reason, paid with a reference, or re-checked.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::server::{
    access::Actor,
    audit, database_failure,
    db::subsidies::{self as store, ClaimRow},
    AppState,
};
use crate::{
    domain::{CheckOutcome, ClaimStatus, Fen, Field, InputError, Reason},
    error::AppError,
    i18n::Lang,
};

use super::find;
use super::rechecks::recheck;
use super::transitions::{write_transition, Transition};

/// A bureau reviewer's step on a batch of claims.
#[derive(Clone, Debug)]
pub enum ReviewAction {
    /// Takes claims whose checks passed into review (so two reviewers do
    /// not decide the same claim).
    StartReview,
    Approve,
    Reject(Reason),
    /// Records the payment with its bank reference.
    Pay(String),
    /// Runs the checks again on held claims.
    Recheck,
}

/// At most this many claims in one batch.
pub const MAX_BATCH: usize = 200;

impl ReviewAction {
    /// A reviewer's step on `claim_ids` (1 to [`MAX_BATCH`]) as the form
    /// names it: `start_review`, `approve`, `reject` (with a reason), `pay`
    /// (with the payment reference) or `recheck`.
    pub fn parse(
        claim_ids: &[i64],
        action: &str,
        reason: &str,
        payment_reference: &str,
    ) -> Result<ReviewAction, InputError> {
        if claim_ids.is_empty() {
            return Err(InputError::Required {
                field: Field::Claims,
            });
        }
        if claim_ids.len() > MAX_BATCH {
            return Err(InputError::OutOfRange {
                field: Field::Claims,
                min: 1,
                max: MAX_BATCH as i64,
            });
        }
        Ok(match action.trim() {
            "start_review" => ReviewAction::StartReview,
            "approve" => ReviewAction::Approve,
            "reject" => ReviewAction::Reject(Reason::parse(reason)?),
            "pay" => ReviewAction::Pay(crate::domain::parse_payment_reference(payment_reference)?),
            "recheck" => ReviewAction::Recheck,
            other => {
                return Err(InputError::UnknownCode {
                    field: Field::ClaimStatus,
                    value: other.chars().take(40).collect(),
                })
            }
        })
    }
}

impl ReviewAction {
    /// The state the action moves a claim from `from` to, when it may.
    fn target(&self, from: ClaimStatus) -> Option<ClaimStatus> {
        let to = match self {
            ReviewAction::StartReview => ClaimStatus::UnderReview,
            ReviewAction::Approve => ClaimStatus::Approved,
            ReviewAction::Reject(_) => ClaimStatus::Rejected,
            ReviewAction::Pay(_) => ClaimStatus::Paid,
            ReviewAction::Recheck => return (from == ClaimStatus::Held).then_some(from),
        };
        from.may_become(to).then_some(to)
    }

    fn reason(&self) -> &str {
        match self {
            ReviewAction::Reject(reason) => reason.as_str(),
            ReviewAction::Pay(reference) => reference,
            _ => "",
        }
    }
}

/// What a batch did: the claims moved and those left as they were (their
/// state did not allow the step, or another reviewer moved them first).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BatchOutcome {
    pub done: Vec<i64>,
    pub skipped: Vec<SkippedClaim>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SkippedClaim {
    pub id: i64,
    pub status: ClaimStatus,
    pub reason: SkipReason,
}

/// Why a claim of a batch was left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Its state does not allow the step (or another reviewer moved it).
    NotInState,
    /// The reviewer approved it, so someone else marks it paid.
    ApprovedByYou,
    /// It is held on a check only a changed fact can pass (an assessment,
    /// a verification, a cleared warning), not a reviewer.
    ChecksPending,
}

impl SkipReason {
    /// Why the claim was left as it was, in words.
    pub fn message(self, lang: Lang) -> &'static str {
        let t = lang.form_texts();
        match self {
            SkipReason::NotInState => t.skipped_not_in_state,
            SkipReason::ApprovedByYou => t.skipped_approved_by_you,
            SkipReason::ChecksPending => t.skipped_checks_pending,
        }
    }
}

/// Applies a reviewer's step to a batch of claims of the reviewer's city,
/// all in one transaction.
pub async fn review(
    state: &AppState,
    actor: &Actor,
    claim_ids: &[i64],
    action: &ReviewAction,
    now: DateTime<Utc>,
) -> Result<BatchOutcome, AppError> {
    let mut claims = Vec::with_capacity(claim_ids.len());
    for id in claim_ids.iter().copied().collect::<BTreeSet<_>>() {
        let claim = find(state, id).await?;
        let city = claim.city_code;
        if !actor.may_supervise_city(city) {
            return Err(audit::refuse(&state.db, actor, &format!("claim:{id}"), now).await);
        }
        claims.push(claim);
    }
    if let ReviewAction::Recheck = action {
        return recheck_batch(state, &claims, now).await;
    }
    let failed = || database_failure("reviewing subsidy claims");
    let mut outcome = BatchOutcome {
        done: Vec::new(),
        skipped: Vec::new(),
    };
    let mut blocked = Vec::new();
    for claim in &claims {
        let from = claim.status;
        if let Some(reason) = may_not_take(state, actor, action, claim, from).await? {
            blocked.push((claim.id, reason));
        }
    }
    let mut tx = state.db.begin().await.map_err(failed())?;
    for claim in &claims {
        let from = claim.status;
        if let Some((_, reason)) = blocked.iter().find(|(id, _)| *id == claim.id) {
            outcome.skipped.push(SkippedClaim {
                id: claim.id,
                status: from,
                reason: *reason,
            });
            continue;
        }
        let moved = match action.target(from) {
            Some(to) => store::move_claim(
                &mut tx,
                claim.id,
                from.code(),
                to.code(),
                Some(&actor.user_id),
                now,
            )
            .await
            .map_err(failed())?
            .then_some(to),
            None => None,
        };
        let Some(to) = moved else {
            outcome.skipped.push(SkippedClaim {
                id: claim.id,
                status: from,
                reason: SkipReason::NotInState,
            });
            continue;
        };
        if let ReviewAction::Pay(reference) = action {
            store::set_payment_reference(&mut tx, claim.id, reference)
                .await
                .map_err(failed())?;
        }
        let transition = Transition {
            claim: claim.into(),
            actor: Some(actor),
            from: Some(from),
            to,
            reason: action.reason(),
            amount: (to == ClaimStatus::Paid).then_some(Fen::from_fen(claim.total_fen)),
        };
        write_transition(&mut tx, &transition, now).await?;
        outcome.done.push(claim.id);
    }
    tx.commit().await.map_err(failed())?;
    Ok(outcome)
}

/// Why this reviewer may not take this step on this claim, beyond what
/// its state allows: the approver does not also pay (when configured),
/// and a held claim goes to review only when every check it waits for is
/// one a reviewer may release.
async fn may_not_take(
    state: &AppState,
    actor: &Actor,
    action: &ReviewAction,
    claim: &ClaimRow,
    from: ClaimStatus,
) -> Result<Option<SkipReason>, AppError> {
    let failed = || database_failure("checking a review step");
    match (action, from) {
        (ReviewAction::Pay(_), ClaimStatus::Approved)
            if state.subsidy.separate_approval_and_payment =>
        {
            let approver = store::find_claim_approver(&state.db, claim.id)
                .await
                .map_err(failed())?;
            Ok((approver.as_deref() == Some(actor.user_id.as_str()))
                .then_some(SkipReason::ApprovedByYou))
        }
        (ReviewAction::StartReview, ClaimStatus::Held) => {
            let checks = store::list_latest_checks(&state.db, claim.id)
                .await
                .map_err(failed())?;
            let releasable = checks
                .iter()
                .filter(|check| check.outcome != CheckOutcome::Passed)
                .all(|check| check.kind.reviewer_may_release());
            Ok((!releasable).then_some(SkipReason::ChecksPending))
        }
        _ => Ok(None),
    }
}

async fn recheck_batch(
    state: &AppState,
    claims: &[ClaimRow],
    now: DateTime<Utc>,
) -> Result<BatchOutcome, AppError> {
    let mut outcome = BatchOutcome {
        done: Vec::new(),
        skipped: Vec::new(),
    };
    for claim in claims {
        let status = claim.status;
        if status == ClaimStatus::Held {
            recheck(state, claim, now).await?;
            outcome.done.push(claim.id);
        } else {
            outcome.skipped.push(SkippedClaim {
                id: claim.id,
                status,
                reason: SkipReason::NotInState,
            });
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(name: &str) -> ReviewAction {
        ReviewAction::parse(&[1], name, "材料不全，请补交", "BANK-2026-0001").expect("a valid step")
    }

    #[test]
    fn a_batch_names_one_to_two_hundred_claims() {
        assert!(ReviewAction::parse(&[], "approve", "", "").is_err());
        let too_many: Vec<i64> = (1..=(MAX_BATCH as i64 + 1)).collect();
        assert!(ReviewAction::parse(&too_many, "approve", "", "").is_err());
        let most: Vec<i64> = (1..=MAX_BATCH as i64).collect();
        assert!(ReviewAction::parse(&most, "approve", "", "").is_ok());
    }

    #[test]
    fn a_rejection_needs_a_reason_and_a_payment_its_reference() {
        assert!(ReviewAction::parse(&[1], "reject", "", "").is_err());
        assert!(ReviewAction::parse(&[1], "pay", "", "").is_err());
        assert!(ReviewAction::parse(&[1], "delete", "", "").is_err());
    }

    #[test]
    fn a_claim_moves_from_checks_passed_through_review_and_approval_to_payment() {
        assert_eq!(
            action("start_review").target(ClaimStatus::ChecksPassed),
            Some(ClaimStatus::UnderReview)
        );
        assert_eq!(
            action("approve").target(ClaimStatus::UnderReview),
            Some(ClaimStatus::Approved)
        );
        assert_eq!(
            action("pay").target(ClaimStatus::Approved),
            Some(ClaimStatus::Paid)
        );
    }

    #[test]
    fn a_step_out_of_order_leaves_the_claim_as_it_is() {
        assert_eq!(action("approve").target(ClaimStatus::ChecksPassed), None);
        assert_eq!(action("pay").target(ClaimStatus::UnderReview), None);
        assert_eq!(action("approve").target(ClaimStatus::Paid), None);
        assert_eq!(action("reject").target(ClaimStatus::Paid), None);
    }

    #[test]
    fn only_a_held_claim_is_checked_again() {
        assert_eq!(
            action("recheck").target(ClaimStatus::Held),
            Some(ClaimStatus::Held)
        );
        assert_eq!(action("recheck").target(ClaimStatus::UnderReview), None);
    }

    #[test]
    fn the_rejection_keeps_its_reason_and_the_payment_its_reference() {
        assert_eq!(action("reject").reason(), "材料不全，请补交");
        assert_eq!(action("pay").reason(), "BANK-2026-0001");
        assert_eq!(action("approve").reason(), "");
    }
}
