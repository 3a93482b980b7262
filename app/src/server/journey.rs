//! The worker's own view of each training, from enrolment to payment: a
//! timeline in plain words, the claim's checks with their figures, and
//! what to do next.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    categories::{standing_line, standings_of},
    classes::{self, local_time},
    completion::{self, assessment_line},
    database_failure,
    db::classes::{list_worker_enrolments, ClassRow, EnrolmentRow},
    hires,
    hours_ledger::{enrolment_ledger, ClassSchedule},
    subsidies, AppState,
};
use crate::views::{
    AssessmentView, ClaimDetail, HoursLedger, StepState, TimelineStep, TrainingJourney,
};
use crate::{
    domain::{
        hours, may_rate, CategoryStanding, CategoryStatus, CertificateStatus, ClaimStatus,
        OfferStatus, OfferView, Provider,
    },
    error::AppError,
    i18n::Lang,
};

fn step(
    at: Option<DateTime<Utc>>,
    title: String,
    detail: String,
    state: StepState,
) -> TimelineStep {
    TimelineStep {
        at,
        title,
        detail,
        state,
    }
}

/// Every training of the signed-in worker, newest first.
pub async fn my_journeys(
    state: &AppState,
    actor: &Actor,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<TrainingJourney>, AppError> {
    let enrolments = list_worker_enrolments(&state.db, &actor.user_id)
        .await
        .map_err(database_failure("listing a worker's trainings"))?;
    let standings = standings_of(state, &actor.user_id).await?;
    let offers = hires::my_offers(&state.db, &actor.user_id).await?;
    let mut journeys = Vec::with_capacity(enrolments.len());
    for enrolment in enrolments {
        let mut journey = journey(state, actor, &enrolment, &standings, lang, now).await?;
        if let Some(offer) = offers.iter().find(|o| o.enrolment_id == enrolment.id) {
            journey.steps.extend(hire_steps(offer, lang));
            journey.job_offer = Some(offer.clone());
        }
        journeys.push(journey);
    }
    Ok(journeys)
}

async fn ledger_of(
    state: &AppState,
    enrolment: &EnrolmentRow,
) -> Result<(HoursLedger, usize), AppError> {
    let schedule = ClassSchedule::read(&state.db, enrolment.class_id).await?;
    let ledger = enrolment_ledger(&state.db, enrolment.id, &schedule).await?;
    Ok((ledger, schedule.sessions.len()))
}

async fn journey(
    state: &AppState,
    actor: &Actor,
    enrolment: &EnrolmentRow,
    standings: &[CategoryStanding],
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<TrainingJourney, AppError> {
    let class = classes::find(&state.db, enrolment.class_id).await?;
    let (ledger, session_count) = ledger_of(state, enrolment).await?;
    let finished = class.finished(now);
    let assessment = completion::assessment_of(state, enrolment.id).await?;
    let rating = completion::my_rating(state, actor, enrolment.id, now).await?;
    let claim = current_claim(state, enrolment.id, lang).await?;
    let kind = class.certificate_kind;
    let mut steps = vec![
        step(
            Some(enrolment.enrolled_at),
            lang.journey_texts().enrolled.to_owned(),
            enrolment.institution_name.clone(),
            StepState::Done,
        ),
        attendance_step(&ledger, session_count, finished, lang),
        end_step(&class, finished, lang),
        assessment_step(assessment.as_ref(), finished, lang),
    ];
    if kind.needs_verification() {
        steps.push(certificate_step(assessment.as_ref(), lang));
    }
    steps.extend(category_step(standings, lang));
    // An employer's own training is neither rated nor claimed by the
    // worker: the employer files its claims and is paid (直补企业).
    let institution_run = matches!(class.provider(), Provider::Institution(_));
    steps.extend(claim_steps(claim.as_ref(), finished, institution_run, lang));
    let rate_allowed = institution_run
        && may_rate(
            ledger.sessions_attended as i64,
            session_count as i64,
            state.subsidy.rating_min_attendance_percent,
        )
        && rating.as_ref().is_none_or(|r| r.editable_until > now);
    let may_claim = institution_run
        && finished
        && claim
            .as_ref()
            .is_none_or(|c| c.summary.status == ClaimStatus::Rejected);
    Ok(TrainingJourney {
        enrolment_id: enrolment.id,
        class_id: class.id,
        occupation_name: class.occupation_name.clone(),
        certificate_level: class.certificate_level,
        institution_name: enrolment.institution_name.clone(),
        finished,
        may_claim,
        may_rate: rate_allowed,
        next_step: next_step(claim.as_ref(), may_claim, lang),
        rating,
        categories: standings.to_vec(),
        steps,
        claim,
        job_offer: None,
    })
}

/// The job offer after a class trained for an order, the hire and the
/// retention checks, in the worker's words.
fn hire_steps(offer: &OfferView, lang: Lang) -> Vec<TimelineStep> {
    let t = lang.order_texts();
    let starts = offer.starts_on.clone().unwrap_or_default();
    let offer_state = match offer.status {
        OfferStatus::Offered => StepState::Current,
        OfferStatus::Declined => StepState::Failed,
        _ => StepState::Done,
    };
    let mut detail = (t.offer_detail)(&offer.employer_name, &offer.position_title, &starts);
    match offer.status {
        OfferStatus::Accepted => detail = format!("{detail} · {}", t.offer_accepted),
        OfferStatus::Declined => detail = format!("{detail} · {}", t.offer_declined),
        _ => {}
    }
    let mut steps = vec![step(None, t.job_offer_step.to_owned(), detail, offer_state)];
    if offer.status == OfferStatus::Hired {
        steps.push(step(
            None,
            t.hired_step.to_owned(),
            (t.hired_detail)(&starts),
            StepState::Done,
        ));
        for (months, retained) in [(3, offer.retained_3_months), (6, offer.retained_6_months)] {
            let (state, detail) = match retained {
                Some(true) => (StepState::Done, t.still_employed),
                Some(false) => (StepState::Failed, t.left_job),
                None => (StepState::Waiting, ""),
            };
            steps.push(step(
                None,
                (t.retention_step)(months),
                detail.to_owned(),
                state,
            ));
        }
    }
    steps
}

/// Says, before the claim's steps, how the worker's categories stand:
/// those awaiting the bureau's verification raise nothing until then.
fn category_step(standings: &[CategoryStanding], lang: Lang) -> Option<TimelineStep> {
    if standings.is_empty() {
        return None;
    }
    let has = |status: CategoryStatus| standings.iter().any(|s| s.status == status);
    let state = if has(CategoryStatus::Declared) {
        StepState::Waiting
    } else if has(CategoryStatus::Refused) {
        StepState::Failed
    } else {
        StepState::Done
    };
    let detail = standings
        .iter()
        .map(|standing| standing_line(standing, lang))
        .collect::<Vec<_>>()
        .join("；");
    let title = lang.category_texts().timeline_title.to_owned();
    Some(step(None, title, detail, state))
}

/// The live claim of an enrolment, else its latest rejected one.
async fn current_claim(
    state: &AppState,
    enrolment_id: i64,
    lang: Lang,
) -> Result<Option<ClaimDetail>, AppError> {
    let claims = subsidies::claims_of_enrolment(state, enrolment_id).await?;
    let chosen = claims
        .iter()
        .find(|claim| subsidies::is_live(claim))
        .or_else(|| claims.first());
    match chosen {
        Some(claim) => subsidies::detail_of(state, claim, lang).await.map(Some),
        None => Ok(None),
    }
}

fn attendance_step(
    ledger: &HoursLedger,
    session_count: usize,
    finished: bool,
    lang: Lang,
) -> TimelineStep {
    let texts = lang.journey_texts();
    let attended = ledger.sessions_attended;
    let hours_text = hours(ledger.attended_minutes);
    step(
        None,
        texts.training.to_owned(),
        (texts.attended)(
            attended,
            session_count,
            &hours_text,
            ledger.attendance_percent,
        ),
        if finished {
            StepState::Done
        } else {
            StepState::Current
        },
    )
}

fn end_step(class: &ClassRow, finished: bool, lang: Lang) -> TimelineStep {
    let texts = lang.journey_texts();
    let end = class.last_session_end;
    let when = end.map(local_time).unwrap_or_default();
    if finished {
        step(
            end,
            texts.training_ended.to_owned(),
            String::new(),
            StepState::Done,
        )
    } else {
        step(
            None,
            texts.training_ends.to_owned(),
            (texts.ends_at)(&when),
            StepState::Waiting,
        )
    }
}

fn assessment_step(
    assessment: Option<&AssessmentView>,
    finished: bool,
    lang: Lang,
) -> TimelineStep {
    let texts = lang.journey_texts();
    let title = texts.assessment.to_owned();
    match assessment {
        Some(a) => step(
            Some(a.recorded_at),
            title,
            assessment_line(a, lang),
            if a.passed {
                StepState::Done
            } else {
                StepState::Failed
            },
        ),
        None => step(
            None,
            title,
            if finished {
                texts.awaiting_result.to_owned()
            } else {
                texts.after_training.to_owned()
            },
            StepState::Waiting,
        ),
    }
}

fn certificate_step(assessment: Option<&AssessmentView>, lang: Lang) -> TimelineStep {
    let texts = lang.journey_texts();
    let title = texts.certificate_check.to_owned();
    match assessment.filter(|a| a.certificate_number.is_some()) {
        Some(a) => {
            let number = a.certificate_number.clone().unwrap_or_default();
            let state = match a.certificate_status {
                CertificateStatus::Verified | CertificateStatus::NotRequired => StepState::Done,
                CertificateStatus::Pending => StepState::Current,
                CertificateStatus::Invalid => StepState::Failed,
            };
            step(
                a.verified_at,
                title,
                format!("{} · {number}", a.certificate_status.label(lang)),
                state,
            )
        }
        None => step(
            None,
            title,
            texts.certificate_checked_later.to_owned(),
            StepState::Waiting,
        ),
    }
}

fn claim_steps(
    claim: Option<&ClaimDetail>,
    finished: bool,
    worker_files: bool,
    lang: Lang,
) -> Vec<TimelineStep> {
    let texts = lang.journey_texts();
    let Some(claim) = claim else {
        let (detail, state) = if !worker_files {
            (texts.employer_claims.to_owned(), StepState::Waiting)
        } else if finished {
            (texts.may_claim_now.to_owned(), StepState::Current)
        } else {
            (texts.claim_after_training.to_owned(), StepState::Waiting)
        };
        return vec![step(None, texts.subsidy_claim.to_owned(), detail, state)];
    };
    let mut steps: Vec<TimelineStep> = claim
        .events
        .iter()
        .map(|event| {
            let amount = event.amount.map(|fen| (texts.yuan)(&fen.yuan_text()));
            let detail = [amount.unwrap_or_default(), event.reason.clone()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let state = match event.to_status {
                ClaimStatus::Rejected | ClaimStatus::Recovered => StepState::Failed,
                ClaimStatus::Held => StepState::Current,
                _ => StepState::Done,
            };
            step(
                Some(event.at),
                event.to_status.label(lang).to_owned(),
                detail,
                state,
            )
        })
        .collect();
    let waiting = match claim.summary.status {
        ClaimStatus::ChecksPassed | ClaimStatus::UnderReview => Some(texts.awaiting_review),
        ClaimStatus::Approved => Some(texts.awaiting_payment),
        _ => None,
    };
    if let Some(title) = waiting {
        steps.push(step(
            None,
            title.to_owned(),
            String::new(),
            StepState::Waiting,
        ));
    }
    steps
}

fn next_step(claim: Option<&ClaimDetail>, may_claim: bool, lang: Lang) -> Option<String> {
    let texts = lang.journey_texts();
    if may_claim {
        return Some(texts.how_to_claim.to_owned());
    }
    let claim = claim?;
    let advice: Vec<&str> = claim.checks.iter().filter_map(|c| c.advice).collect();
    match claim.summary.status {
        ClaimStatus::Held | ClaimStatus::Rejected if !advice.is_empty() => Some(advice.join(" ")),
        ClaimStatus::Rejected => Some(texts.how_to_object.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a valid time")
    }

    fn assessment(passed: bool, certificate: Option<CertificateStatus>) -> AssessmentView {
        AssessmentView {
            enrolment_id: 7,
            passed,
            score: if passed { 86 } else { 41 },
            certificate_number: certificate.map(|_| "3501002026000123".to_owned()),
            certificate_level: None,
            issued_on: None,
            certificate_status: certificate.unwrap_or(CertificateStatus::NotRequired),
            recorded_at: at("2026-12-01T08:00:00Z"),
            verified_at: None,
            verification_reason: String::new(),
        }
    }

    fn ledger(sessions_attended: usize, attended_minutes: i64) -> HoursLedger {
        HoursLedger {
            enrolment_id: 7,
            scheduled_minutes: 600,
            scheduled_online_minutes: 0,
            offline_minutes: attended_minutes,
            online_minutes: 0,
            attended_minutes,
            staff_minutes: 0,
            password_minutes: 0,
            attendance_percent: attended_minutes * 100 / 600,
            sessions_attended,
            lines: Vec::new(),
        }
    }

    #[test]
    fn training_is_the_current_step_until_the_class_has_ended() {
        let during = attendance_step(&ledger(2, 240), 5, false, Lang::Zh);
        assert_eq!(during.state, StepState::Current);
        let after = attendance_step(&ledger(5, 600), 5, true, Lang::Zh);
        assert_eq!(after.state, StepState::Done);
        assert!(after.detail.contains("100"), "{}", after.detail);
    }

    #[test]
    fn a_failed_assessment_is_a_failed_step_and_a_missing_one_waits() {
        let passed = assessment(true, None);
        assert_eq!(
            assessment_step(Some(&passed), true, Lang::Zh).state,
            StepState::Done
        );
        let failed = assessment(false, None);
        assert_eq!(
            assessment_step(Some(&failed), true, Lang::Zh).state,
            StepState::Failed
        );
        let waiting = assessment_step(None, true, Lang::En);
        assert_eq!(waiting.state, StepState::Waiting);
        assert_ne!(
            waiting.detail,
            assessment_step(None, false, Lang::En).detail
        );
    }

    #[test]
    fn the_certificate_step_follows_the_bureaus_verification() {
        for (status, state) in [
            (CertificateStatus::Pending, StepState::Current),
            (CertificateStatus::Verified, StepState::Done),
            (CertificateStatus::Invalid, StepState::Failed),
        ] {
            let view = assessment(true, Some(status));
            let step = certificate_step(Some(&view), Lang::Zh);
            assert_eq!(step.state, state, "{status:?}");
            assert!(step.detail.contains("3501002026000123"));
        }
        assert_eq!(certificate_step(None, Lang::Zh).state, StepState::Waiting);
    }

    #[test]
    fn without_a_claim_the_worker_may_claim_once_the_class_has_ended() {
        let before = claim_steps(None, false, true, Lang::Zh);
        assert_eq!(before[0].state, StepState::Waiting);
        let after = claim_steps(None, true, true, Lang::Zh);
        assert_eq!(after[0].state, StepState::Current);
        assert!(next_step(None, true, Lang::Zh).is_some());
        assert!(next_step(None, false, Lang::Zh).is_none());
    }

    #[test]
    fn the_trainee_of_an_employers_own_training_is_told_the_employer_claims() {
        let after = claim_steps(None, true, false, Lang::Zh);
        assert_eq!(after[0].state, StepState::Waiting);
        assert!(after[0].detail.contains("单位申领"), "{}", after[0].detail);
    }
}
