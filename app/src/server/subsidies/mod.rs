//! Subsidy claims (补贴申请): filed for an enrolment once its class has
//! ended, by the worker or by the institution on the worker's behalf
//! (`filing`); checked automatically, each check stored with the figures
//! it used (`checks`, `rechecks`); reviewed by the city's bureau in
//! batches and paid or rejected (`review`); recovered (`recovery`). Every
//! transition is kept with who, when and why, audited, and put in the
//! worker's inbox (`transitions`). This file reads claims for the pages.

mod checks;
mod filing;
mod rechecks;
mod recovery;
mod review;
mod transitions;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{
    access::Actor,
    audit, database_failure,
    db::subsidies::{self as store, ClaimFilter, ClaimRow},
    internal_fault, AppState,
};
use crate::views::{CheckView, ClaimDetail, ClaimEventView, ClaimSummary};
use crate::{
    domain::{CheckLimits, City, ClaimAmount, ClaimStatus, Fen, Role},
    error::{AppError, Missing, Refusal},
    i18n::{check_advice, explain_check, Lang},
};
use checks::reason_text;

pub(crate) use filing::{awaits_class_filing, claims_of_enrolment, is_live};
pub use filing::{file, file_for_class, ClassFiling, SkippedEnrolment};
pub use rechecks::{recheck_class_quietly, recheck_enrolment, recheck_quietly};
pub use recovery::{recover, void_for_invalid_certificate};
pub use review::{review, BatchOutcome, ReviewAction, SkipReason, SkippedClaim, MAX_BATCH};

/// The configured thresholds and rates of the subsidy rules.
#[derive(Clone, Copy, Debug)]
pub struct SubsidyPolicy {
    /// Attendance a claim needs, in percent of scheduled hours.
    pub min_attendance_percent: i64,
    /// Share of sessions a worker must have attended to rate a class.
    pub rating_min_attendance_percent: i64,
    /// Living allowance per attended day for eligible categories.
    pub living_allowance_per_day: Fen,
    /// Most of the attended hours that may rest on staff corrections
    /// before a claim is held for review, in percent.
    pub max_staff_percent: i64,
    /// … and on the password fallback.
    pub max_password_percent: i64,
    /// Whether the reviewer who approved a claim may not also mark it
    /// paid (separation of duties).
    pub separate_approval_and_payment: bool,
}

impl Default for SubsidyPolicy {
    fn default() -> Self {
        SubsidyPolicy {
            min_attendance_percent: 80,
            rating_min_attendance_percent: 50,
            living_allowance_per_day: Fen::from_yuan(30),
            max_staff_percent: 10,
            max_password_percent: 50,
            separate_approval_and_payment: true,
        }
    }
}

impl SubsidyPolicy {
    /// The limits the automatic checks compare against.
    pub const fn check_limits(&self) -> CheckLimits {
        CheckLimits {
            min_attendance_percent: self.min_attendance_percent,
            max_staff_percent: self.max_staff_percent,
            max_password_percent: self.max_password_percent,
        }
    }
}

fn summary(row: &ClaimRow) -> Result<ClaimSummary, AppError> {
    Ok(ClaimSummary {
        id: row.id,
        status: row.status,
        worker_name: row.worker_name.clone(),
        id_number_masked: row.id_number_masked.clone(),
        enrolment_id: row.enrolment_id,
        class_id: row.class_id,
        institution_name: row.institution_name.clone(),
        city: Some(row.city_code),
        occupation_name: row.occupation_name.clone(),
        certificate_level: row.certificate_level,
        payee: row.payee,
        payee_name: row.payee_name.clone(),
        amount: ClaimAmount {
            training: Fen::from_fen(row.training_fen),
            uplift_percent: u8::try_from(row.uplift_percent).map_err(internal_fault)?,
            uplift: Fen::from_fen(row.uplift_fen),
            living_days: row.living_days,
            living_allowance: Fen::from_fen(row.living_allowance_fen),
            total: Fen::from_fen(row.total_fen),
        },
        recovered: Fen::from_fen(row.recovered_fen),
        payment_reference: row.payment_reference.clone(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

async fn find(state: &AppState, claim_id: i64) -> Result<ClaimRow, AppError> {
    store::find_claim(&state.db, claim_id)
        .await
        .map_err(database_failure("reading a subsidy claim"))?
        .ok_or(AppError::NotFound(Missing::Claim))
}

/// Whether `actor` may see a claim: the worker, the institution of the
/// class, the city's bureau, the province.
fn may_see(actor: &Actor, claim: &ClaimRow) -> bool {
    match actor.role {
        Role::Worker => actor.user_id == claim.worker_id,
        Role::Institution => {
            claim.institution_id.is_some() && actor.institution_id == claim.institution_id
        }
        Role::Bureau => actor.city == Some(claim.city_code),
        Role::Province => true,
        Role::Employer => claim.employer_id.is_some() && actor.employer_id == claim.employer_id,
        Role::Supervisor => false,
    }
}

/// Whether `actor` may record a recovery (追回) in `city`: its bureau.
fn may_recover_in(actor: &Actor, city: City) -> bool {
    actor.may_supervise_city(city)
}

/// Whether the claim page offers `actor` the recovery form: a paid claim
/// of a city whose recoveries this actor records.
pub fn may_recover(actor: &Actor, claim: &ClaimSummary) -> bool {
    claim.status == ClaimStatus::Paid && claim.city.is_some_and(|city| may_recover_in(actor, city))
}

/// A claim with its checks and history, for those who may see it.
pub async fn detail(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ClaimDetail, AppError> {
    let claim = find(state, claim_id).await?;
    if !may_see(actor, &claim) {
        return Err(audit::refuse(&state.db, actor, &format!("claim:{claim_id}"), now).await);
    }
    detail_of(state, &claim, lang).await
}

pub(crate) async fn detail_of(
    state: &AppState,
    claim: &ClaimRow,
    lang: Lang,
) -> Result<ClaimDetail, AppError> {
    let failed = || database_failure("reading a subsidy claim");
    let checks = store::list_latest_checks(&state.db, claim.id)
        .await
        .map_err(failed())?
        .into_iter()
        .map(|row| {
            let kind = row.kind;
            let outcome = row.outcome;
            let inputs: Value = serde_json::from_str(&row.inputs).map_err(internal_fault)?;
            Ok(CheckView {
                explanation: explain_check(kind, outcome, &inputs, lang),
                advice: check_advice(kind, outcome, lang),
                kind,
                outcome,
                inputs,
                checked_at: row.checked_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let events = store::list_claim_events(&state.db, claim.id)
        .await
        .map_err(failed())?
        .into_iter()
        .map(|row| {
            Ok(ClaimEventView {
                reason: reason_text(&row, lang),
                at: row.at,
                actor: row.actor_name,
                from_status: row.from_status,
                to_status: row.to_status,
                amount: row.amount_fen.map(Fen::from_fen),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(ClaimDetail {
        summary: summary(claim)?,
        checks,
        events,
    })
}

/// Which claims a list asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClaimQuery {
    pub status: Option<ClaimStatus>,
}

/// Claims the caller may see: a bureau its city's, the province all, an
/// institution its own classes', a worker their own.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    query: ClaimQuery,
) -> Result<Vec<ClaimSummary>, AppError> {
    let own_city = actor.city.map(City::code);
    let mut filter = ClaimFilter {
        status: query.status.map(ClaimStatus::code),
        ..ClaimFilter::default()
    };
    match actor.role {
        Role::Province => {}
        Role::Bureau => filter.city_code = own_city,
        Role::Institution => filter.institution_id = Some(actor.own_institution()?.0),
        Role::Worker => filter.worker_id = Some(&actor.user_id),
        Role::Employer => filter.employer_id = Some(actor.own_employer()?.0),
        Role::Supervisor => return Err(AppError::Refused(Refusal::OutOfScope)),
    }
    store::list_claims(&state.db, &filter)
        .await
        .map_err(database_failure("listing subsidy claims"))?
        .iter()
        .map(summary)
        .collect()
}
