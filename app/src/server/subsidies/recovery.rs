//! Recovering a paid claim, and voiding what rests on a certificate the
//! bureau found invalid.

use chrono::{DateTime, Utc};

use crate::server::{
    access::Actor,
    audit, database_failure,
    db::{
        subsidies::{self as store, ClaimFilter, ClaimRow},
        Tx,
    },
    AppState,
};
use crate::{
    domain::{ClaimStatus, Fen, Reason},
    error::{AppError, Conflict},
    i18n::Lang,
};

use super::transitions::{write_transition, Transition};
use super::{detail_of, find, may_recover_in};
use crate::views::ClaimDetail;

/// Recovers (追回) part or all of a paid subsidy, with the reason.
pub async fn recover(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    amount: Fen,
    reason: &Reason,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ClaimDetail, AppError> {
    let claim = find(state, claim_id).await?;
    let city = claim.city_code;
    if !may_recover_in(actor, city) {
        return Err(audit::refuse(&state.db, actor, &format!("claim:{claim_id}"), now).await);
    }
    if amount <= Fen::ZERO || amount.fen() > claim.total_fen {
        return Err(AppError::Invalid(
            crate::domain::InputError::RecoveryTooLarge {
                paid_fen: claim.total_fen,
            },
        ));
    }
    let failed = || database_failure("recovering a subsidy");
    let mut tx = state.db.begin().await.map_err(failed())?;
    recover_in(&mut tx, &claim, Some(actor), amount, reason.as_str(), now).await?;
    tx.commit().await.map_err(failed())?;
    detail_of(state, &find(state, claim_id).await?, lang).await
}

async fn recover_in(
    tx: &mut Tx,
    claim: &ClaimRow,
    actor: Option<&Actor>,
    amount: Fen,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("recovering a subsidy");
    let reviewer = actor.map(|a| a.user_id.as_str());
    let (paid, recovered) = (ClaimStatus::Paid.code(), ClaimStatus::Recovered.code());
    if !store::move_claim(tx, claim.id, paid, recovered, reviewer, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::ClaimNotInState));
    }
    store::set_recovered(tx, claim.id, amount.fen())
        .await
        .map_err(failed())?;
    let transition = Transition {
        claim: claim.into(),
        actor,
        from: Some(ClaimStatus::Paid),
        to: ClaimStatus::Recovered,
        reason,
        amount: Some(amount),
    };
    write_transition(tx, &transition, now).await
}

/// A certificate found invalid voids what depends on it: claims not yet
/// paid are rejected, paid ones are recovered in full. Runs in the
/// verification's transaction.
pub async fn void_for_invalid_certificate(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    enrolment_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let claims = store::list_claims(
        &state.db,
        &ClaimFilter {
            enrolment_id: Some(enrolment_id),
            ..ClaimFilter::default()
        },
    )
    .await
    .map_err(database_failure("finding claims on a certificate"))?;
    let why = format!("证书核对无效：{reason}");
    for claim in &claims {
        let from = claim.status;
        if from == ClaimStatus::Paid {
            let amount = Fen::from_fen(claim.total_fen);
            recover_in(tx, claim, Some(actor), amount, &why, now).await?;
        } else if from.may_become(ClaimStatus::Rejected) {
            let moved = store::move_claim(
                tx,
                claim.id,
                from.code(),
                ClaimStatus::Rejected.code(),
                Some(&actor.user_id),
                now,
            )
            .await
            .map_err(database_failure("rejecting a claim"))?;
            if moved {
                let transition = Transition {
                    claim: claim.into(),
                    actor: Some(actor),
                    from: Some(from),
                    to: ClaimStatus::Rejected,
                    reason: &why,
                    amount: None,
                };
                write_transition(tx, &transition, now).await?;
            }
        }
    }
    Ok(())
}
