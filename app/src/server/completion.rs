//! The end of a class: the institution records each worker's completion
//! assessment (结业考核) and certificate; the city's bureau verifies the
//! certificates (证书核对), and an invalid one voids what depends on it;
//! workers who attended enough rate the class (学员评价), the institution
//! replies once, and the bureau may hide an abusive comment.

use chrono::{DateTime, Duration, Utc};

use super::{
    access::Actor,
    audit, classes, database_failure,
    db::{
        catalogue::rating_summary,
        classes::{find_enrolment, ClassRow, EnrolmentRow},
        completion::{self as store, NewAssessmentRow, NewRatingRow, RatingRow},
    },
    hours_ledger::{enrolment_ledger, ClassSchedule},
    internal_absence, subsidies, AppState,
};
use crate::views::{
    AssessmentView, CertificateView, ClassRatings, CompletionEntry, CompletionSheet, RatingView,
};
use crate::{
    domain::{
        china_time, Assessment, AssessmentInput, CertificateStatus, City, Rating, Reason, Reply,
        Role, RATING_EDIT_DAYS,
    },
    error::{AppError, Conflict, Missing},
    i18n::Lang,
};

fn city_of(class: &ClassRow) -> Result<City, AppError> {
    Ok(class.city_code)
}

async fn enrolment_and_class(
    state: &AppState,
    enrolment_id: i64,
) -> Result<(EnrolmentRow, ClassRow), AppError> {
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(database_failure("reading an enrolment"))?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let class = classes::find(&state.db, enrolment.class_id).await?;
    Ok((enrolment, class))
}

// ---- Assessment and certificate -------------------------------------------

fn assessment_view(row: store::AssessmentRow) -> Result<AssessmentView, AppError> {
    Ok(AssessmentView {
        enrolment_id: row.enrolment_id,
        passed: row.passed,
        score: row.score,
        certificate_number: row.certificate_number,
        certificate_level: row.certificate_level,
        issued_on: row.certificate_issued_on,
        certificate_status: row.certificate_status,
        recorded_at: row.recorded_at,
        verified_at: row.verified_at,
        verification_reason: row.verification_reason,
    })
}

async fn stored_assessment(
    state: &AppState,
    enrolment_id: i64,
) -> Result<AssessmentView, AppError> {
    store::find_assessment(&state.db, enrolment_id)
        .await
        .map_err(database_failure("reading an assessment"))?
        .ok_or(AppError::NotFound(Missing::Assessment))
        .and_then(assessment_view)
}

/// The institution of the class records (or corrects, until the
/// certificate is verified) a worker's completion assessment, once the
/// class has ended. Held claims are checked again.
pub async fn record_assessment(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    input: &AssessmentInput,
    now: DateTime<Utc>,
) -> Result<AssessmentView, AppError> {
    let (enrolment, class) = enrolment_and_class(state, enrolment_id).await?;
    let target = format!("enrolment:{enrolment_id}");
    if !actor.is_staff_of(enrolment.provider()) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    if !class.finished(now) {
        return Err(AppError::Conflict(Conflict::ClassNotFinished));
    }
    let kind = class.certificate_kind;
    let today = now.with_timezone(&china_time()).date_naive();
    let assessment = Assessment::parse(input, kind, today)?;
    let certificate = assessment.certificate.as_ref();
    let row = NewAssessmentRow {
        enrolment_id,
        passed: assessment.passed,
        score: assessment.score,
        certificate_number: certificate.map(|c| c.number.as_str()),
        certificate_level: certificate.map(|c| c.level.code()),
        certificate_issued_on: certificate.map(|c| c.issued_on.format("%Y-%m-%d").to_string()),
        certificate_status: assessment.certificate_status(kind).code(),
        recorded_by: &actor.user_id,
    };
    let failed = || database_failure("recording an assessment");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::upsert_assessment(&mut tx, &row, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AssessmentLocked));
    }
    let reason = format!(
        "{} {}",
        if assessment.passed {
            "合格"
        } else {
            "不合格"
        },
        assessment.score
    );
    let city = city_of(&class)?;
    audit::record_done(
        &mut tx,
        actor,
        "completion.assess",
        &target,
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    subsidies::recheck_quietly(state, enrolment_id, now).await;
    stored_assessment(state, enrolment_id).await
}

/// The bureau's finding on a certificate.
#[derive(Clone, Debug)]
pub enum Verification {
    Verified,
    /// Fake, bought or issued without an exam: voids the claims on it.
    Invalid(Reason),
}

impl Verification {
    /// Reads the finding: `verified`, or `invalid` with a reason.
    pub fn parse(result: &str, reason: &str) -> Result<Verification, crate::domain::InputError> {
        match CertificateStatus::parse(result)? {
            CertificateStatus::Verified => Ok(Verification::Verified),
            CertificateStatus::Invalid => Reason::parse(reason).map(Verification::Invalid),
            _ => Err(crate::domain::InputError::UnknownCode {
                field: crate::domain::Field::CertificateStatus,
                value: result.chars().take(40).collect(),
            }),
        }
    }
}

/// The city's bureau verifies a pending certificate, or finds it invalid,
/// which rejects claims not yet paid and recovers paid ones.
pub async fn verify_certificate(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    verification: &Verification,
    now: DateTime<Utc>,
) -> Result<AssessmentView, AppError> {
    let (_, class) = enrolment_and_class(state, enrolment_id).await?;
    let city = city_of(&class)?;
    let target = format!("enrolment:{enrolment_id}");
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let (status, reason) = match verification {
        Verification::Verified => (CertificateStatus::Verified, ""),
        Verification::Invalid(reason) => (CertificateStatus::Invalid, reason.as_str()),
    };
    let failed = || database_failure("verifying a certificate");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::verify_certificate(
        &mut tx,
        enrolment_id,
        status.code(),
        &actor.user_id,
        reason,
        now,
    )
    .await
    .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::NothingToVerify));
    }
    let action = format!("certificate.{}", status.code());
    audit::record_done(&mut tx, actor, &action, &target, reason, city, now).await?;
    if status == CertificateStatus::Invalid {
        subsidies::void_for_invalid_certificate(state, &mut tx, actor, enrolment_id, reason, now)
            .await?;
    }
    tx.commit().await.map_err(failed())?;
    if status == CertificateStatus::Verified {
        subsidies::recheck_quietly(state, enrolment_id, now).await;
    }
    stored_assessment(state, enrolment_id).await
}

/// Certificates of the caller's city in `status` (the province sees all).
pub async fn certificates(
    state: &AppState,
    actor: &Actor,
    status: CertificateStatus,
    now: DateTime<Utc>,
) -> Result<Vec<CertificateView>, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "certificates", now).await),
    };
    let rows = store::list_certificates(&state.db, scope.map(City::code), status.code())
        .await
        .map_err(database_failure("listing certificates"))?;
    rows.into_iter()
        .map(|row| {
            Ok(CertificateView {
                enrolment_id: row.enrolment_id,
                class_id: row.class_id,
                worker_name: row.worker_name,
                id_number_masked: row.id_number_masked,
                institution_name: row.institution_name,
                occupation_name: row.occupation_name,
                certificate_kind: row.certificate_kind,
                certificate_number: row.certificate_number,
                certificate_level: row.certificate_level,
                issued_on: row.certificate_issued_on,
                status: row.certificate_status,
                score: row.score,
                recorded_at: row.recorded_at,
            })
        })
        .collect()
}

/// The completion sheet, for the institution and the bureau.
pub async fn completion_sheet(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<CompletionSheet, AppError> {
    let class = classes::find(&state.db, class_id).await?;
    if !actor.may_oversee_class(city_of(&class)?, class.provider()) {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    let failed = || database_failure("reading a completion sheet");
    let rows = store::list_class_completion(&state.db, class_id)
        .await
        .map_err(failed())?;
    let schedule = ClassSchedule::read(&state.db, class_id).await?;
    let awaiting_claims = rows
        .iter()
        .filter(|row| subsidies::awaits_class_filing(row))
        .count();
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let ledger = enrolment_ledger(&state.db, row.enrolment_id, &schedule).await?;
        entries.push(CompletionEntry {
            enrolment_id: row.enrolment_id,
            worker_name: row.worker_name,
            id_number_masked: row.id_number_masked,
            attendance_percent: ledger.attendance_percent,
            sessions_attended: ledger.sessions_attended,
            passed: row.passed,
            score: row.score,
            certificate_number: row.certificate_number,
            certificate_status: row.certificate_status,
            claim_id: row.claim_id,
            claim_status: row.claim_status,
        });
    }
    Ok(CompletionSheet {
        class_id,
        occupation_name: class.occupation_name.clone(),
        certificate_kind: class.certificate_kind,
        finished: class.finished(now),
        may_record: actor.is_staff_of(class.provider()),
        awaiting_claims,
        session_count: class.session_count,
        entries,
    })
}

// ---- Ratings --------------------------------------------------------------

fn rating_view(row: RatingRow, overseer: bool) -> RatingView {
    let hidden = row.hidden_at.is_some();
    RatingView {
        id: row.id,
        class_id: row.class_id,
        teaching: row.teaching,
        facilities: row.facilities,
        usefulness: row.usefulness,
        comment: if hidden && !overseer {
            String::new()
        } else {
            row.comment
        },
        hidden,
        hidden_reason: (hidden && overseer).then_some(row.hidden_reason),
        reply: row.reply,
        created_at: row.created_at,
        updated_at: row.updated_at,
        editable_until: row.created_at + Duration::days(RATING_EDIT_DAYS),
    }
}

/// A worker rates (or, within 7 days, re-rates) the class of their
/// enrolment, having attended enough of its sessions.
pub async fn rate(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    rating: &Rating,
    now: DateTime<Utc>,
) -> Result<RatingView, AppError> {
    let (enrolment, class) = enrolment_and_class(state, enrolment_id).await?;
    let target = format!("enrolment:{enrolment_id}");
    if actor.role != Role::Worker || actor.user_id != enrolment.worker_id {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let failed = || database_failure("storing a rating");
    let schedule = ClassSchedule::read(&state.db, class.id).await?;
    let ledger = enrolment_ledger(&state.db, enrolment_id, &schedule).await?;
    if !crate::domain::may_rate(
        ledger.sessions_attended as i64,
        schedule.sessions.len() as i64,
        state.subsidy.rating_min_attendance_percent,
    ) {
        return Err(AppError::Conflict(Conflict::TooFewSessionsToRate));
    }
    // Ratings are of the catalogue's institutions (they feed its
    // scorecards); an employer's training of its own staff is not rated.
    let Some(institution_id) = class.institution_id else {
        return Err(AppError::Conflict(Conflict::EmployerTrainingNotRated));
    };
    let row = NewRatingRow {
        enrolment_id,
        class_id: class.id,
        institution_id,
        worker_id: &actor.user_id,
        teaching: rating.teaching,
        facilities: rating.facilities,
        usefulness: rating.usefulness,
        comment: &rating.comment,
    };
    let mut tx = state.db.begin().await.map_err(failed())?;
    let action = match store::insert_rating(&mut tx, &row, now)
        .await
        .map_err(failed())?
    {
        Some(_) => "rating.give",
        None => {
            let since = now - Duration::days(RATING_EDIT_DAYS);
            if !store::update_rating(&mut tx, &row, since, now)
                .await
                .map_err(failed())?
            {
                return Err(AppError::Conflict(Conflict::RatingLocked));
            }
            "rating.change"
        }
    };
    audit::record_done(&mut tx, actor, action, &target, "", city_of(&class)?, now).await?;
    tx.commit().await.map_err(failed())?;
    let stored = store::find_rating_of_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .ok_or_else(|| internal_absence("the rating just written"))?;
    Ok(rating_view(stored, false))
}

async fn find_rating(state: &AppState, rating_id: i64) -> Result<RatingRow, AppError> {
    store::find_rating(&state.db, rating_id)
        .await
        .map_err(database_failure("reading a rating"))?
        .ok_or(AppError::NotFound(Missing::Rating))
}

/// The institution of the class replies, once.
pub async fn reply(
    state: &AppState,
    actor: &Actor,
    rating_id: i64,
    reply: &Reply,
    now: DateTime<Utc>,
) -> Result<RatingView, AppError> {
    let rating = find_rating(state, rating_id).await?;
    let target = format!("rating:{rating_id}");
    if !actor.is_staff_of(crate::domain::Provider::Institution(rating.institution_id)) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let city = rating.city_code;
    let failed = || database_failure("replying to a rating");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::set_reply(&mut tx, rating_id, reply.as_str(), &actor.user_id, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyReplied));
    }
    audit::record_done(&mut tx, actor, "rating.reply", &target, "", city, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(rating_view(find_rating(state, rating_id).await?, true))
}

/// The city's bureau hides an abusive comment, with the reason (the
/// scores still count).
pub async fn hide(
    state: &AppState,
    actor: &Actor,
    rating_id: i64,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<RatingView, AppError> {
    let rating = find_rating(state, rating_id).await?;
    let city = rating.city_code;
    let target = format!("rating:{rating_id}");
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let failed = || database_failure("hiding a rating");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::hide_rating(&mut tx, rating_id, &actor.user_id, reason.as_str(), now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyHidden));
    }
    audit::record_done(
        &mut tx,
        actor,
        "rating.hide",
        &target,
        reason.as_str(),
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(rating_view(find_rating(state, rating_id).await?, true))
}

/// The ratings of an approved class, for everyone; hidden comments show
/// only to the staff who oversee it.
pub async fn class_ratings(
    state: &AppState,
    actor: Option<&Actor>,
    class_id: i64,
) -> Result<ClassRatings, AppError> {
    let class = classes::detail(state, actor, class_id).await?;
    let city = class.summary.city;
    let provider =
        crate::domain::Provider::from_ids(class.summary.institution_id, class.summary.employer_id);
    let overseer = actor.is_some_and(|a| a.may_oversee_class(city, provider));
    let rows = store::list_class_ratings(&state.db, class_id)
        .await
        .map_err(database_failure("listing ratings"))?;
    let points: i64 = rows
        .iter()
        .map(|r| r.teaching + r.facilities + r.usefulness)
        .sum();
    Ok(ClassRatings {
        class_id,
        summary: rating_summary(rows.len() as i64, points),
        ratings: rows
            .into_iter()
            .map(|row| rating_view(row, overseer))
            .collect(),
    })
}

/// The caller's own rating of an enrolment, if any.
pub async fn my_rating(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<RatingView>, AppError> {
    let (enrolment, _) = enrolment_and_class(state, enrolment_id).await?;
    if actor.user_id != enrolment.worker_id {
        return Err(
            audit::refuse(&state.db, actor, &format!("enrolment:{enrolment_id}"), now).await,
        );
    }
    Ok(store::find_rating_of_enrolment(&state.db, enrolment_id)
        .await
        .map_err(database_failure("reading a rating"))?
        .map(|row| rating_view(row, false)))
}

/// Labels for timeline steps, shared with the worker's subsidy page.
pub fn assessment_line(assessment: &AssessmentView, lang: Lang) -> String {
    (lang.journey_texts().assessment_result)(assessment.passed, assessment.score)
}

/// The assessment of an enrolment, if recorded (for the worker's page).
pub async fn assessment_of(
    state: &AppState,
    enrolment_id: i64,
) -> Result<Option<AssessmentView>, AppError> {
    store::find_assessment(&state.db, enrolment_id)
        .await
        .map_err(database_failure("reading an assessment"))?
        .map(assessment_view)
        .transpose()
}
