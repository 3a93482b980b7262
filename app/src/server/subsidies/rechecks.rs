//! Running the checks again when what they read changed (an assessment,
//! a certificate, a cleared warning, a correction, a warning that holds a
//! whole class).

use chrono::{DateTime, Utc};

use crate::server::{
    database_failure,
    db::subsidies::{self as store, ClaimFilter, ClaimRow},
    AppState,
};
use crate::{
    domain::{run_checks, status_after_checks, ClaimStatus},
    error::AppError,
};

use super::checks::{claim_facts, enrolment_records, store_checks, unmet};
use super::transitions::{write_transition, Transition};

/// Runs the checks again on an enrolment's held claims, after something
/// they wait for changed (an assessment recorded, a certificate verified,
/// a warning cleared). A claim whose checks now pass goes on to review; one
/// with a failed check is rejected.
pub async fn recheck_enrolment(
    state: &AppState,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let held = store::list_claims(
        &state.db,
        &ClaimFilter {
            enrolment_id: Some(enrolment_id),
            status: Some(ClaimStatus::Held.code()),
            ..ClaimFilter::default()
        },
    )
    .await
    .map_err(database_failure("finding held claims"))?;
    for claim in held {
        recheck(state, &claim, now).await?;
    }
    Ok(())
}

/// Runs the checks again on every claim of a class that is held or
/// awaiting review, after a warning that holds every claim of the class
/// was raised or cleared: a claim awaiting review goes back to held while
/// the warning is open, and a held one goes on once it is cleared.
pub async fn recheck_class(
    state: &AppState,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for status in [ClaimStatus::Held, ClaimStatus::ChecksPassed] {
        let claims = store::list_claims(
            &state.db,
            &ClaimFilter {
                class_id: Some(class_id),
                status: Some(status.code()),
                ..ClaimFilter::default()
            },
        )
        .await
        .map_err(database_failure("finding a class's open claims"))?;
        for claim in claims {
            recheck(state, &claim, now).await?;
        }
    }
    Ok(())
}

/// [`recheck_class`] without failing the caller, whose own change is
/// already committed: a failure is logged.
pub async fn recheck_class_quietly(state: &AppState, class_id: i64, now: DateTime<Utc>) {
    if let Err(error) = recheck_class(state, class_id, now).await {
        tracing::error!(class_id, ?error, "re-checking a class's claims failed");
    }
}

/// Runs the checks again on a held claim or one awaiting review, and
/// moves it where they now put it.
pub(super) async fn recheck(
    state: &AppState,
    claim: &ClaimRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(enrolment_id) = claim.enrolment_id else {
        return Ok(());
    };
    let records = enrolment_records(state, enrolment_id).await?;
    let facts = claim_facts(state, &records, claim.id).await?;
    let checks = run_checks(&facts, &state.subsidy.check_limits());
    let status = status_after_checks(&checks);
    let failed = || database_failure("re-checking a claim");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store_checks(&mut tx, claim.id, &checks, now).await?;
    if status != claim.status {
        let moved = store::move_claim(
            &mut tx,
            claim.id,
            claim.status.code(),
            status.code(),
            None,
            now,
        )
        .await
        .map_err(failed())?;
        if moved {
            let reason = unmet(&checks);
            let transition = Transition {
                claim: claim.into(),
                actor: None,
                from: Some(claim.status),
                to: status,
                reason: &reason,
                amount: None,
            };
            write_transition(&mut tx, &transition, now).await?;
        }
    }
    tx.commit().await.map_err(failed())
}

/// Re-checks without failing the caller, whose own change is already
/// committed: a failure is logged, and the claim stays held until the
/// next trigger or a reviewer's re-check.
pub async fn recheck_quietly(state: &AppState, enrolment_id: i64, now: DateTime<Utc>) {
    if let Err(error) = recheck_enrolment(state, enrolment_id, now).await {
        tracing::error!(enrolment_id, ?error, "re-checking held claims failed");
    }
}
