//! A claim's automatic checks: the records they read (hours ledger,
//! assessment, certificate, earlier claims, warnings), the amount by the
//! city's subsidy standard, and each run stored with its figures.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::server::{
    classes, database_failure,
    db::{
        classes::{find_class_standard, find_enrolment, ClassRow, EnrolmentRow},
        completion::find_assessment,
        subsidies::{self as store, NewCheckRow},
        Tx,
    },
    hours_ledger::{enrolment_ledger, ClassSchedule},
    internal_absence, AppState,
};

use crate::views::HoursLedger;
use crate::{
    domain::{
        china_time, claim_amount, CertificateStatus, CheckOutcome, CheckResult, ClaimAmount,
        ClaimFacts, ClassStatus,
    },
    error::{AppError, Missing},
    i18n::{unmet_checks_text, Lang},
};

/// The records of an enrolment that its claim is checked and paid
/// against.
pub(super) struct EnrolmentRecords {
    pub(super) enrolment: EnrolmentRow,
    pub(super) class: ClassRow,
    pub(super) ledger: HoursLedger,
}

pub(super) async fn enrolment_records(
    state: &AppState,
    enrolment_id: i64,
) -> Result<EnrolmentRecords, AppError> {
    let failed = || database_failure("reading an enrolment's record");
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let class = classes::find(&state.db, enrolment.class_id).await?;
    let schedule = ClassSchedule::read(&state.db, class.id).await?;
    let ledger = enrolment_ledger(&state.db, enrolment_id, &schedule).await?;
    Ok(EnrolmentRecords {
        enrolment,
        class,
        ledger,
    })
}

/// What the checks look at, read from the records now.
pub(super) async fn claim_facts(
    state: &AppState,
    record: &EnrolmentRecords,
    except_claim: i64,
) -> Result<ClaimFacts, AppError> {
    let failed = || database_failure("gathering a claim's facts");
    let kind = record.class.certificate_kind;
    let assessment = find_assessment(&state.db, record.enrolment.id)
        .await
        .map_err(failed())?;
    let certificate = match &assessment {
        Some(row) => row.certificate_status,
        None if kind.needs_verification() => CertificateStatus::Pending,
        None => CertificateStatus::NotRequired,
    };
    let earlier_claims = store::count_live_claims(
        &state.db,
        &record.enrolment.worker_id,
        &record.class.occupation_key,
        record.class.certificate_level.code(),
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
        class_approved: record.class.status == ClassStatus::Approved,
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

pub(super) async fn amount_for(
    state: &AppState,
    record: &EnrolmentRecords,
) -> Result<ClaimAmount, AppError> {
    let failed = || database_failure("computing a claim's amount");
    let kind = record.class.certificate_kind;
    let standard = find_class_standard(&state.db, record.class.id, kind)
        .await
        .map_err(failed())?;
    let level = record.class.certificate_level;
    let level_amount = standard
        .amounts()
        .iter()
        .find(|amount| amount.level == level)
        .map(|amount| amount.amount)
        .ok_or_else(|| internal_absence("the subsidy amount of the class's certificate level"))?;
    // Only categories the bureau verified raise the amount: a declared
    // one is the worker's word alone.
    let categories =
        crate::server::categories::verified_categories(state, &record.enrolment.worker_id).await?;
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
pub(super) fn unmet(checks: &[CheckResult]) -> String {
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
pub(super) fn reason_text(row: &store::ClaimEventRow, lang: Lang) -> String {
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

pub(super) async fn store_checks(
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
