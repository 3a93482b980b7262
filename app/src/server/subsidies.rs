//! Subsidy claims (补贴申请): filed for an enrolment once its class has
//! ended, by the worker or by the institution on the worker's behalf;
//! checked automatically (each check stored with the figures it used);
//! reviewed by the city's bureau in batches; paid, rejected or recovered.
//! Every transition is kept with who, when and why, audited, and put in
//! the worker's inbox.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    classes, database_failure,
    db::{
        catalogue::find_subsidy_standard,
        classes::{find_enrolment, ClassRow, EnrolmentRow},
        completion::{find_assessment, list_class_completion, CompletionRow},
        is_unique_violation,
        subsidies::{
            self as store, ClaimFilter, ClaimRef, ClaimRow, NewCheckRow, NewClaimEvent, NewClaimRow,
        },
        Tx,
    },
    hours_ledger::{enrolment_ledger, ClassSchedule, HoursLedger},
    inbox, internal_fault, AppState,
};
use crate::{
    domain::{
        china_time, claim_amount, run_checks, status_after_checks, CertificateKind,
        CertificateLevel, CertificateStatus, CheckKind, CheckLimits, CheckOutcome, CheckResult,
        City, ClaimAmount, ClaimFacts, ClaimStatus, ClassStatus, Fen, Field, InputError, Payee,
        PayeeChoice, Reason, Role,
    },
    error::{AppError, Conflict, Missing, Refusal},
    i18n::{check_advice, explain_check, unmet_checks_text, Lang},
};

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

/// One automatic check as people read it.
#[derive(Clone, Debug, Serialize)]
pub struct CheckView {
    pub kind: CheckKind,
    pub outcome: CheckOutcome,
    pub inputs: Value,
    /// E.g. `出勤率 92% ≥ 80% ✓`.
    pub explanation: String,
    /// What the worker can do when the check did not pass.
    pub advice: Option<&'static str>,
    pub checked_at: DateTime<Utc>,
}

/// One transition of a claim.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimEventView {
    pub at: DateTime<Utc>,
    /// The person's name, or `None` for the automatic checks.
    pub actor: Option<String>,
    pub from_status: Option<ClaimStatus>,
    pub to_status: ClaimStatus,
    pub reason: String,
    pub amount: Option<Fen>,
}

/// A claim as lists show it.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimSummary {
    pub id: i64,
    pub status: ClaimStatus,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub enrolment_id: Option<i64>,
    pub class_id: Option<i64>,
    pub institution_name: Option<String>,
    pub city: Option<City>,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub payee: Payee,
    pub payee_name: String,
    pub amount: ClaimAmount,
    pub recovered: Fen,
    pub payment_reference: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A claim with its latest checks and its whole history.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub summary: ClaimSummary,
    pub checks: Vec<CheckView>,
    pub events: Vec<ClaimEventView>,
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
        city: City::parse(&row.city_code).ok(),
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
        Role::Bureau => actor.city.map(City::code) == Some(claim.city_code.as_str()),
        Role::Province => true,
        Role::Employer => false,
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
        Role::Employer => return Err(AppError::Refused(Refusal::OutOfScope)),
    }
    store::list_claims(&state.db, &filter)
        .await
        .map_err(database_failure("listing subsidy claims"))?
        .iter()
        .map(summary)
        .collect()
}

/// The records of an enrolment that its claim is checked and paid
/// against.
struct Record {
    enrolment: EnrolmentRow,
    class: ClassRow,
    ledger: HoursLedger,
}

async fn record_of(state: &AppState, enrolment_id: i64) -> Result<Record, AppError> {
    let failed = || database_failure("reading an enrolment's record");
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let class = classes::find(&state.db, enrolment.class_id).await?;
    let schedule = ClassSchedule::read(&state.db, class.id).await?;
    let ledger = enrolment_ledger(&state.db, enrolment_id, &schedule).await?;
    Ok(Record {
        enrolment,
        class,
        ledger,
    })
}

fn certificate_kind(class: &ClassRow) -> Result<CertificateKind, AppError> {
    CertificateKind::parse(&class.certificate_kind).map_err(internal_fault)
}

/// What the checks look at, read from the records now.
async fn facts(
    state: &AppState,
    record: &Record,
    except_claim: i64,
) -> Result<ClaimFacts, AppError> {
    let failed = || database_failure("gathering a claim's facts");
    let kind = certificate_kind(&record.class)?;
    let assessment = find_assessment(&state.db, record.enrolment.id)
        .await
        .map_err(failed())?;
    let certificate = match &assessment {
        Some(row) => CertificateStatus::parse(&row.certificate_status).map_err(internal_fault)?,
        None if kind.needs_verification() => CertificateStatus::Pending,
        None => CertificateStatus::NotRequired,
    };
    let earlier_claims = store::count_live_claims(
        &state.db,
        &record.enrolment.worker_id,
        &record.class.occupation_key,
        &record.class.certificate_level,
        except_claim,
    )
    .await
    .map_err(failed())?;
    let course_published = store::course_is_published(&state.db, record.class.course_id)
        .await
        .map_err(failed())?;
    let open_warnings = store::count_open_warnings(&state.db, record.enrolment.id)
        .await
        .map_err(failed())?;
    Ok(ClaimFacts {
        scheduled_minutes: record.ledger.scheduled_minutes,
        attended_minutes: record.ledger.attended_minutes,
        attendance_percent: record.ledger.attendance_percent,
        online_minutes: record.ledger.online_minutes,
        assessment: assessment.map(|row| (row.passed, row.score)),
        certificate,
        earlier_claims,
        class_approved: record.class.status == ClassStatus::Approved.code(),
        course_published,
        open_warnings,
        staff_minutes: record.ledger.staff_minutes,
        password_minutes: record.ledger.password_minutes,
    })
}

/// Days (China time) on which the worker attended some part of a session.
fn attended_days(ledger: &HoursLedger) -> i64 {
    ledger
        .lines
        .iter()
        .filter(|line| line.attended_minutes > 0)
        .map(|line| line.starts_at.with_timezone(&china_time()).date_naive())
        .collect::<BTreeSet<_>>()
        .len() as i64
}

async fn amount_for(state: &AppState, record: &Record) -> Result<ClaimAmount, AppError> {
    let failed = || database_failure("computing a claim's amount");
    let kind = certificate_kind(&record.class)?;
    let standard = find_subsidy_standard(&state.db, record.class.course_id, kind)
        .await
        .map_err(failed())?;
    let level = CertificateLevel::parse(&record.class.certificate_level).map_err(internal_fault)?;
    let level_amount = standard
        .amounts()
        .iter()
        .find(|amount| amount.level == level)
        .map(|amount| amount.amount)
        .ok_or(AppError::Internal)?;
    // Only categories the bureau verified raise the amount: a declared
    // one is the worker's word alone.
    let categories =
        super::categories::verified_categories(state, &record.enrolment.worker_id).await?;
    Ok(claim_amount(
        level_amount,
        standard.uplifts(),
        &categories,
        attended_days(&record.ledger),
        state.subsidy.living_allowance_per_day,
    ))
}

/// The checks that did not pass, as the reason of the checks' own
/// transition: their codes (`attendance,assessment`), written out in the
/// reader's language by [`unmet_text`]. The figures are in the stored
/// checks.
fn unmet(checks: &[CheckResult]) -> String {
    checks
        .iter()
        .filter(|check| check.outcome != CheckOutcome::Passed)
        .map(|check| check.kind.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// The reason of a transition as the reader sees it: the checks' own
/// transitions and the filing note are written out in their language;
/// people's reasons are shown as they wrote them.
fn reason_text(row: &store::ClaimEventRow, lang: Lang) -> String {
    let automatic = row.actor_name.is_none();
    let filing = row.from_status.is_none();
    let texts = lang.journey_texts();
    match (automatic, filing, row.actor_role.as_deref()) {
        (true, ..) => unmet_checks_text(&row.reason, lang),
        (false, true, Some("worker")) => texts.filed_by_worker.to_owned(),
        (false, true, Some(_)) => texts.filed_by_institution.to_owned(),
        _ => row.reason.clone(),
    }
}

async fn store_checks(
    tx: &mut Tx,
    claim_id: i64,
    checks: &[CheckResult],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("storing a claim's checks");
    let run = store::next_check_run(tx, claim_id)
        .await
        .map_err(failed())?;
    let rows: Vec<NewCheckRow> = checks
        .iter()
        .map(|check| NewCheckRow {
            kind: check.kind.code(),
            outcome: check.outcome.code(),
            inputs: check.inputs.to_string(),
        })
        .collect();
    store::insert_checks(tx, claim_id, run, &rows, now)
        .await
        .map_err(failed())
}

/// One transition about to be written: the event, the audit entry and
/// the worker's inbox message, all in the caller's transaction.
struct Transition<'a> {
    claim: ClaimRef<'a>,
    actor: Option<&'a Actor>,
    from: Option<ClaimStatus>,
    to: ClaimStatus,
    reason: &'a str,
    amount: Option<Fen>,
}

async fn write_transition(
    tx: &mut Tx,
    t: &Transition<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("recording a claim's transition");
    store::insert_claim_event(
        tx,
        &NewClaimEvent {
            claim_id: t.claim.id,
            actor_id: t.actor.map(|a| a.user_id.as_str()),
            from_status: t.from.map(ClaimStatus::code),
            to_status: t.to.code(),
            reason: t.reason,
            amount_fen: t.amount.map(Fen::fen),
        },
        now,
    )
    .await
    .map_err(failed())?;
    let target = format!("claim:{}", t.claim.id);
    let action = format!("subsidy.{}", t.to.code());
    let entry = Entry {
        actor: t.actor,
        action: &action,
        target: &target,
        outcome: outcome::DONE,
        reason: t.reason,
        city: City::parse(t.claim.city_code).ok(),
    };
    audit::record_in(tx, &entry, now).await?;
    inbox::claim_changed(tx, t.claim, t.to, t.reason, t.actor.is_none(), now).await
}

/// Who files a claim: the worker, or the institution of the class on the
/// worker's behalf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filer {
    Worker,
    Institution,
}

impl Filer {
    fn of(actor: &Actor, enrolment: &EnrolmentRow) -> Option<Filer> {
        match actor.role {
            Role::Worker if actor.user_id == enrolment.worker_id => Some(Filer::Worker),
            Role::Institution if actor.is_staff_of(enrolment.institution_id) => {
                Some(Filer::Institution)
            }
            _ => None,
        }
    }

    /// The reason recorded with the filing.
    const fn note(self) -> &'static str {
        match self {
            Filer::Worker => "本人申请",
            Filer::Institution => "培训机构代为申请",
        }
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
    claim.status != ClaimStatus::Rejected
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
    record: &'a Record,
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
        city_code: &record.class.city_code,
        occupation_key: &record.class.occupation_key,
        occupation_name: &record.class.occupation_name,
        certificate_level: &record.class.certificate_level,
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
/// or by the institution of the class on the worker's behalf. The checks
/// run at once; the answer says where the claim stands.
pub async fn file(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    payee: &PayeeChoice,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ClaimDetail, AppError> {
    let record = record_of(state, enrolment_id).await?;
    let Some(filer) = Filer::of(actor, &record.enrolment) else {
        let target = format!("enrolment:{enrolment_id}");
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    };
    if !record.class.finished(now) {
        return Err(AppError::Conflict(Conflict::ClassNotFinished));
    }
    ensure_no_live_claim(state, enrolment_id).await?;
    let checks = run_checks(
        &facts(state, &record, 0).await?,
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
#[derive(Clone, Debug, Default, Serialize)]
pub struct ClassFiling {
    /// The ids of the claims filed.
    pub done: Vec<i64>,
    pub skipped: Vec<SkippedEnrolment>,
}

/// A worker whose claim was not filed, and why (e.g. a claim filed by
/// the worker a moment earlier).
#[derive(Clone, Debug, Serialize)]
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
    if !actor.is_staff_of(class.institution_id) {
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

async fn recheck(state: &AppState, claim: &ClaimRow, now: DateTime<Utc>) -> Result<(), AppError> {
    let Some(enrolment_id) = claim.enrolment_id else {
        return Ok(());
    };
    let record = record_of(state, enrolment_id).await?;
    let facts = facts(state, &record, claim.id).await?;
    let checks = run_checks(&facts, &state.subsidy.check_limits());
    let status = status_after_checks(&checks);
    let failed = || database_failure("re-checking a claim");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store_checks(&mut tx, claim.id, &checks, now).await?;
    if status != ClaimStatus::Held {
        let moved = store::move_claim(
            &mut tx,
            claim.id,
            ClaimStatus::Held.code(),
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
                from: Some(ClaimStatus::Held),
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
#[derive(Clone, Debug, Serialize)]
pub struct BatchOutcome {
    pub done: Vec<i64>,
    pub skipped: Vec<SkippedClaim>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SkippedClaim {
    pub id: i64,
    pub status: ClaimStatus,
    pub reason: SkipReason,
}

/// Why a claim of a batch was left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
        let city = City::parse(&claim.city_code).map_err(internal_fault)?;
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
    let city = City::parse(&claim.city_code).map_err(internal_fault)?;
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
