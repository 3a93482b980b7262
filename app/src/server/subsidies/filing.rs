//! Filing a claim: by the worker, or by the institution for the workers
//! of a finished class, or by an employer for the trainees of its own
//! training (paid to the employer, 直补企业); one live claim per
//! enrolment.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::server::{
    access::Actor,
    audit, classes, database_failure,
    db::{
        classes::EnrolmentRow,
        completion::{list_class_completion, CompletionRow},
        is_unique_violation,
        subsidies::{self as store, ClaimFilter, ClaimRef, ClaimRow, NewClaimRow},
        Tx,
    },
    AppState,
};
use crate::{
    domain::{
        run_checks, status_after_checks, ClaimAmount, ClaimStatus, Payee, PayeeChoice, Provider,
        Role,
    },
    error::{AppError, Conflict},
    i18n::Lang,
};

use super::checks::{
    amount_for, claim_facts, enrolment_records, store_checks, unmet, EnrolmentRecords,
};
use super::transitions::{write_transition, Transition};
use super::{detail_of, find};
use crate::views::ClaimDetail;

/// Who files a claim: the worker, or the institution of the class on the
/// worker's behalf; for an employer's own training only the employer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filer {
    Worker,
    Institution,
    Employer,
}

impl Filer {
    fn of(actor: &Actor, enrolment: &EnrolmentRow) -> Option<Filer> {
        let provider = enrolment.provider();
        match (actor.role, provider) {
            (Role::Worker, Provider::Institution(_)) if actor.user_id == enrolment.worker_id => {
                Some(Filer::Worker)
            }
            (Role::Institution, _) if actor.is_staff_of(provider) => Some(Filer::Institution),
            (Role::Employer, _) if actor.is_staff_of(provider) => Some(Filer::Employer),
            _ => None,
        }
    }

    /// The reason recorded with the filing.
    const fn note(self) -> &'static str {
        match self {
            Filer::Worker => "本人申请",
            Filer::Institution => "培训机构代为申请",
            Filer::Employer => "用人单位自主培训，补贴直补企业",
        }
    }
}

/// Who is paid: the subsidy of an employer's own training goes to that
/// employer, whatever the form said; other claims to the payee chosen.
fn payee_of(record: &EnrolmentRecords, chosen: &PayeeChoice) -> PayeeChoice {
    match record.class.provider() {
        Provider::Employer(_) => PayeeChoice {
            payee: Payee::Employer,
            name: record.class.institution_name.clone(),
        },
        Provider::Institution(_) => chosen.clone(),
    }
}

/// An enrolment's claims, newest first.
pub(crate) async fn claims_of_enrolment(
    state: &AppState,
    enrolment_id: i64,
) -> Result<Vec<ClaimRow>, AppError> {
    store::list_claims(
        &state.db,
        &ClaimFilter {
            enrolment_id: Some(enrolment_id),
            ..ClaimFilter::default()
        },
    )
    .await
    .map_err(database_failure("reading an enrolment's claims"))
}

/// Whether a stored claim still stands: every state but rejected. An
/// enrolment has at most one such claim (a unique index says so too).
pub(crate) fn is_live(claim: &ClaimRow) -> bool {
    claim.status.is_live()
}

/// Refuses a second live claim of the same enrolment before anything is
/// computed (the unique index is the guard against a race).
async fn ensure_no_live_claim(state: &AppState, enrolment_id: i64) -> Result<(), AppError> {
    let existing = claims_of_enrolment(state, enrolment_id).await?;
    if existing.iter().any(is_live) {
        return Err(AppError::Conflict(Conflict::ClaimExists));
    }
    Ok(())
}

fn claim_row<'a>(
    record: &'a EnrolmentRecords,
    actor: &'a Actor,
    payee: &'a PayeeChoice,
    status: ClaimStatus,
    amount: &ClaimAmount,
) -> NewClaimRow<'a> {
    NewClaimRow {
        worker_id: &record.enrolment.worker_id,
        enrolment_id: record.enrolment.id,
        class_id: record.class.id,
        institution_id: record.class.institution_id,
        employer_id: record.class.employer_id,
        city_code: record.class.city_code.code(),
        occupation_key: &record.class.occupation_key,
        occupation_name: &record.class.occupation_name,
        certificate_level: record.class.certificate_level.code(),
        status: status.code(),
        filed_by: &actor.user_id,
        payee: payee.payee.code(),
        payee_name: &payee.name,
        training_fen: amount.training.fen(),
        uplift_percent: i64::from(amount.uplift_percent),
        uplift_fen: amount.uplift.fen(),
        living_days: amount.living_days,
        living_allowance_fen: amount.living_allowance.fen(),
        total_fen: amount.total.fen(),
    }
}

/// Inserts the claim; a live claim of this person for the occupation and
/// level, or of this enrolment, makes the database refuse it.
async fn insert_claim(
    tx: &mut Tx,
    row: &NewClaimRow<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    match store::insert_claim(tx, row, now).await {
        Ok(id) => Ok(id),
        Err(error)
            if is_unique_violation(&error, "subsidy_claims_once_per_level")
                || is_unique_violation(&error, "subsidy_claims_once_per_enrolment") =>
        {
            Err(AppError::Conflict(Conflict::ClaimExists))
        }
        Err(error) => Err(database_failure("filing a subsidy claim")(error)),
    }
}

/// Files the claim of an enrolment whose class has ended: by the worker,
/// or by the institution of the class on the worker's behalf; for an
/// employer's own training by that employer, paid to it. The checks run
/// at once; the answer says where the claim stands.
pub async fn file(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    payee: &PayeeChoice,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ClaimDetail, AppError> {
    let record = enrolment_records(state, enrolment_id).await?;
    let Some(filer) = Filer::of(actor, &record.enrolment) else {
        let target = format!("enrolment:{enrolment_id}");
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    };
    if !record.class.finished(now) {
        return Err(AppError::Conflict(Conflict::ClassNotFinished));
    }
    ensure_no_live_claim(state, enrolment_id).await?;
    if filer == Filer::Employer {
        crate::server::employment::warn_unless_employed(
            state,
            &record.class,
            record.enrolment.id,
            now,
        )
        .await?;
    }
    let payee = &payee_of(&record, payee);
    let checks = run_checks(
        &claim_facts(state, &record, 0).await?,
        &state.subsidy.check_limits(),
    );
    let status = status_after_checks(&checks);
    let amount = amount_for(state, &record).await?;
    let row = claim_row(&record, actor, payee, status, &amount);
    let failed = || database_failure("filing a subsidy claim");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let claim_id = insert_claim(&mut tx, &row, now).await?;
    store_checks(&mut tx, claim_id, &checks, now).await?;
    let claim = ClaimRef {
        id: claim_id,
        worker_id: row.worker_id,
        city_code: row.city_code,
        occupation_name: row.occupation_name,
    };
    let submitted = Transition {
        claim,
        actor: Some(actor),
        from: None,
        to: ClaimStatus::Submitted,
        reason: filer.note(),
        amount: Some(amount.total),
    };
    write_transition(&mut tx, &submitted, now).await?;
    let reason = unmet(&checks);
    let checked = Transition {
        claim,
        actor: None,
        from: Some(ClaimStatus::Submitted),
        to: status,
        reason: &reason,
        amount: None,
    };
    write_transition(&mut tx, &checked, now).await?;
    tx.commit().await.map_err(failed())?;
    detail_of(state, &find(state, claim_id).await?, lang).await
}

/// What filing for a whole class did: the claims filed, and the workers
/// passed over with the reason.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ClassFiling {
    /// The ids of the claims filed.
    pub done: Vec<i64>,
    pub skipped: Vec<SkippedEnrolment>,
}

/// A worker whose claim was not filed, and why (e.g. a claim filed by
/// the worker a moment earlier).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SkippedEnrolment {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub code: &'static str,
    pub message: String,
}

/// Files, on the workers' behalf, the claim of every worker of an ended
/// class who passed the completion assessment and has no claim standing.
/// Each claim is filed on its own as [`file`] files it (checks, history,
/// inbox), so a refusal for one worker does not stop the others.
pub async fn file_for_class(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    payee: &PayeeChoice,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ClassFiling, AppError> {
    let class = classes::find(&state.db, class_id).await?;
    if !actor.is_staff_of(class.provider()) {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    if !class.finished(now) {
        return Err(AppError::Conflict(Conflict::ClassNotFinished));
    }
    let sheet = list_class_completion(&state.db, class_id)
        .await
        .map_err(database_failure("reading a completion sheet"))?;
    let mut filing = ClassFiling::default();
    for row in sheet.into_iter().filter(awaits_class_filing) {
        match file(state, actor, row.enrolment_id, payee, lang, now).await {
            Ok(claim) => filing.done.push(claim.summary.id),
            Err(error @ AppError::Conflict(_)) => filing.skipped.push(SkippedEnrolment {
                enrolment_id: row.enrolment_id,
                worker_name: row.worker_name,
                code: error.code(),
                message: error.message(lang),
            }),
            Err(error) => return Err(error),
        }
    }
    Ok(filing)
}

/// Whether filing for the whole class includes this worker: passed the
/// assessment, and no claim standing. Others are filed one by one.
pub(crate) fn awaits_class_filing(row: &CompletionRow) -> bool {
    row.passed == Some(true) && row.claim_id.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Assurance, CertificateLevel, City};

    fn actor(user_id: &str, role: Role, institution_id: Option<i64>) -> Actor {
        Actor {
            user_id: user_id.to_owned(),
            role,
            display_name: "林晓".to_owned(),
            city: Some(City::ALL[0]),
            institution_id,
            employer_id: None,
            assurance: Assurance::Password,
            csrf_token: String::new(),
            session_hash: String::new(),
        }
    }

    fn enrolment_of(worker_id: &str, institution_id: i64) -> EnrolmentRow {
        run_by(worker_id, Provider::Institution(institution_id))
    }

    fn run_by(worker_id: &str, provider: Provider) -> EnrolmentRow {
        EnrolmentRow {
            id: 1,
            class_id: 1,
            worker_id: worker_id.to_owned(),
            worker_name: "陈师傅".to_owned(),
            id_number_masked: None,
            enrolled_at: "2026-12-01T01:00:00Z".parse().expect("a time"),
            city_code: City::ALL[0],
            institution_id: provider.institution_id(),
            employer_id: provider.employer_id(),
            occupation_name: "育婴员".to_owned(),
            certificate_level: CertificateLevel::ALL[0],
            institution_name: "福州职业培训学校".to_owned(),
        }
    }

    #[test]
    fn a_worker_files_only_for_their_own_enrolment() {
        let enrolment = enrolment_of("worker-1", 7);
        let owner = actor("worker-1", Role::Worker, None);
        assert_eq!(Filer::of(&owner, &enrolment), Some(Filer::Worker));
        let classmate = actor("worker-2", Role::Worker, None);
        assert_eq!(Filer::of(&classmate, &enrolment), None);
    }

    #[test]
    fn only_the_institution_of_the_class_files_on_the_workers_behalf() {
        let enrolment = enrolment_of("worker-1", 7);
        let own_school = actor("clerk-1", Role::Institution, Some(7));
        assert_eq!(Filer::of(&own_school, &enrolment), Some(Filer::Institution));
        let other_school = actor("clerk-2", Role::Institution, Some(8));
        assert_eq!(Filer::of(&other_school, &enrolment), None);
    }

    #[test]
    fn bureau_and_province_staff_never_file_a_claim() {
        let enrolment = enrolment_of("worker-1", 7);
        for role in [Role::Bureau, Role::Province] {
            assert_eq!(
                Filer::of(&actor("staff-1", role, None), &enrolment),
                None,
                "{role:?}"
            );
        }
    }

    #[test]
    fn only_the_employer_files_the_claims_of_its_own_training() {
        let enrolment = run_by("worker-1", Provider::Employer(4));
        let mut own_hr = actor("hr-1", Role::Employer, None);
        own_hr.employer_id = Some(4);
        assert_eq!(Filer::of(&own_hr, &enrolment), Some(Filer::Employer));
        let mut other_hr = actor("hr-2", Role::Employer, None);
        other_hr.employer_id = Some(5);
        assert_eq!(Filer::of(&other_hr, &enrolment), None);
        let trainee = actor("worker-1", Role::Worker, None);
        assert_eq!(
            Filer::of(&trainee, &enrolment),
            None,
            "paid to the employer"
        );
        let school = actor("clerk-1", Role::Institution, Some(4));
        assert_eq!(Filer::of(&school, &enrolment), None);
    }

    #[test]
    fn the_filing_says_who_filed() {
        assert_ne!(Filer::Worker.note(), Filer::Institution.note());
        assert_ne!(Filer::Employer.note(), Filer::Institution.note());
    }
}
