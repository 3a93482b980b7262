//! Hire and retention: when an order's class has ended, the employer
//! records for each trainee who completed an offer (the worker accepts or
//! declines it in the app), the hire with its start date, or why no job
//! was offered; then confirms at 3 and 6 months that the hire stayed. The
//! employer sees its trainees' names and masked ID numbers only. Every
//! step is in the audit trail.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        hires::{self as store, OfferWrite, TraineeRow},
        is_unique_violation,
        orders::{find_order, raise_warning, OrderRow},
        Database, Tx,
    },
    hours_ledger::{enrolment_ledger, ClassSchedule},
    AppState,
};
use crate::{
    domain::{
        answer, china_date, CertificateStatus, City, Field, InputError, OfferStatus, OfferView,
        OrderWarningKind, Outcome, Retention, RetentionInput, Role, TraineeOutcome,
    },
    error::{AppError, Conflict, Missing},
};

/// The trainees of an order's classes with their outcomes: for the
/// employer, the city's bureau and the province.
pub async fn trainees(
    state: &AppState,
    actor: &Actor,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<TraineeOutcome>, AppError> {
    let order = order(&state.db, order_id).await?;
    let may_read = actor.is_staff_of_employer(order.employer_id)
        || actor.may_supervise_city(order.city_code)
        || actor.role == Role::Province;
    if !may_read {
        return Err(audit::refuse(&state.db, actor, &order_target(order_id), now).await);
    }
    let rows = store::trainees_of_order(&state.db, order_id)
        .await
        .map_err(database_failure("listing an order's trainees"))?;
    Ok(rows.iter().map(|row| trainee_view(row, now)).collect())
}

/// The employer records `outcome` for trainee `enrolment_id` of one of
/// its order's classes.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    order_id: i64,
    enrolment_id: i64,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<TraineeOutcome, AppError> {
    let order = owned_order(state, actor, order_id, now).await?;
    let failed = || database_failure("recording a trainee's outcome");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let trainee = trainee_in(&mut tx, order_id, enrolment_id).await?;
    if !completed(&trainee, now) {
        return Err(AppError::Conflict(Conflict::TraineeNotCompleted));
    }
    let current = trainee.offer_status;
    let status = outcome
        .after(current)
        .ok_or(AppError::Conflict(Conflict::OfferNotInState))?;
    require_start_after_training(&trainee, outcome)?;
    let write = offer_write(&order, &trainee, outcome, status, &actor.user_id);
    match current {
        None => store::insert_offer(&mut tx, &write, now)
            .await
            .map_err(|error| {
                if is_unique_violation(&error, "job_offers_enrolment_key") {
                    AppError::Conflict(Conflict::OfferNotInState)
                } else {
                    failed()(error)
                }
            })?,
        Some(from) => {
            if !store::update_offer(&mut tx, from, &write, now)
                .await
                .map_err(failed())?
            {
                return Err(AppError::Conflict(Conflict::OfferNotInState));
            }
        }
    }
    if status == OfferStatus::Hired {
        warn_if_below_attendance(state, &mut tx, &order, &trainee, now).await?;
    }
    let action = format!("hire.{}", outcome.code());
    let reason = format!("enrolment:{enrolment_id} {}", status.code());
    let target = order_target(order_id);
    let city = Some(order.city_code);
    record_step(&mut tx, Some(actor), &action, &target, &reason, city, now).await?;
    let trainee = trainee_in(&mut tx, order_id, enrolment_id).await?;
    tx.commit().await.map_err(failed())?;
    Ok(trainee_view(&trainee, now))
}

/// The worker accepts or declines a job offered to them.
pub async fn answer_offer(
    state: &AppState,
    actor: &Actor,
    offer_id: i64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<OfferView, AppError> {
    if actor.role != Role::Worker {
        return Err(audit::refuse(&state.db, actor, &format!("job_offer:{offer_id}"), now).await);
    }
    let failed = || database_failure("answering a job offer");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let status = answer(accept);
    if !store::answer_offer(&mut tx, offer_id, &actor.user_id, status, now)
        .await
        .map_err(failed())?
    {
        // Another worker's offer reads as missing; their own one as taken.
        let exists = store::offer_in_tx(&mut tx, offer_id)
            .await
            .map_err(failed())?
            .is_some();
        let mine = my_offers(&state.db, &actor.user_id)
            .await?
            .into_iter()
            .any(|offer| offer.id == offer_id);
        return Err(if exists && mine {
            AppError::Conflict(Conflict::OfferNotInState)
        } else {
            AppError::NotFound(Missing::Offer)
        });
    }
    // Recorded on the order, in its city: its employer's bureau follows it.
    let (order_id, enrolment_id) = store::offer_in_tx(&mut tx, offer_id)
        .await
        .map_err(failed())?
        .ok_or_else(|| super::internal_absence("the offer just answered"))?;
    let city = order(&state.db, order_id).await?.city_code;
    let action = if accept {
        "hire.accepted_by_worker"
    } else {
        "hire.declined_by_worker"
    };
    let reason = format!("enrolment:{enrolment_id} job_offer:{offer_id}");
    let target = order_target(order_id);
    record_step(
        &mut tx,
        Some(actor),
        action,
        &target,
        &reason,
        Some(city),
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    my_offers(&state.db, &actor.user_id)
        .await?
        .into_iter()
        .find(|offer| offer.id == offer_id)
        .ok_or_else(|| super::internal_absence("the offer just answered"))
}

/// The employer confirms at 3 or 6 months whether a hire stayed.
pub async fn confirm_retention(
    state: &AppState,
    actor: &Actor,
    order_id: i64,
    enrolment_id: i64,
    input: &RetentionInput,
    now: DateTime<Utc>,
) -> Result<TraineeOutcome, AppError> {
    let order = owned_order(state, actor, order_id, now).await?;
    let failed = || database_failure("confirming a retention");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let trainee = trainee_in(&mut tx, order_id, enrolment_id).await?;
    let (Some(offer_id), Some(OfferStatus::Hired), Some(started)) =
        (trainee.offer_id, trainee.offer_status, started_on(&trainee))
    else {
        return Err(AppError::Conflict(Conflict::OfferNotInState));
    };
    if input.months == 6 && trainee.retained_3 != Some(true) {
        // Six months follow a confirmed three; a hire who left is done.
        return Err(AppError::Conflict(Conflict::OfferNotInState));
    }
    let retention = Retention::parse(input, started, state.clock.today())?;
    store::insert_retention(
        &mut tx,
        offer_id,
        retention.months,
        retention.left_on,
        &actor.user_id,
        now,
    )
    .await
    .map_err(|error| {
        if is_unique_violation(&error, "retention_checks_pkey") {
            AppError::Conflict(Conflict::RetentionRecorded)
        } else {
            failed()(error)
        }
    })?;
    let reason = match retention.left_on {
        None => format!(
            "enrolment:{enrolment_id} {} months: still employed",
            retention.months
        ),
        Some(left) => format!(
            "enrolment:{enrolment_id} {} months: left on {left}",
            retention.months
        ),
    };
    let target = order_target(order_id);
    let city = Some(order.city_code);
    record_step(
        &mut tx,
        Some(actor),
        "hire.retention",
        &target,
        &reason,
        city,
        now,
    )
    .await?;
    let trainee = trainee_in(&mut tx, order_id, enrolment_id).await?;
    tx.commit().await.map_err(failed())?;
    Ok(trainee_view(&trainee, now))
}

/// The job offers made to the worker `worker_id`.
pub async fn my_offers(db: &Database, worker_id: &str) -> Result<Vec<OfferView>, AppError> {
    let rows = store::offers_of_worker(db, worker_id)
        .await
        .map_err(database_failure("listing a worker's job offers"))?;
    Ok(rows
        .into_iter()
        .map(|row| OfferView {
            id: row.id,
            order_id: row.order_id,
            enrolment_id: row.enrolment_id,
            employer_name: row.employer_name,
            status: row.status,
            position_title: row.position_title,
            starts_on: row.starts_on,
            retained_3_months: row.retained_3,
            retained_6_months: row.retained_6,
        })
        .collect())
}

/// Whether the trainee completed: the class has ended and the assessment
/// was passed.
fn completed(trainee: &TraineeRow, now: DateTime<Utc>) -> bool {
    trainee.class_ends_at.is_some_and(|end| end <= now) && trainee.passed == Some(true)
}

/// Raises a warning when the hired trainee attended less of the class
/// than a subsidy claim needs: a hire without the training behind it.
async fn warn_if_below_attendance(
    state: &AppState,
    tx: &mut Tx,
    order: &OrderRow,
    trainee: &TraineeRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let schedule = ClassSchedule::read(&state.db, trainee.class_id).await?;
    let ledger = enrolment_ledger(&state.db, trainee.enrolment_id, &schedule).await?;
    let needed = state.subsidy.min_attendance_percent;
    if ledger.attendance_percent >= needed {
        return Ok(());
    }
    let subject = format!("enrolment:{}", trainee.enrolment_id);
    let details = format!("{}|{needed}", ledger.attendance_percent);
    let kind = OrderWarningKind::HireBelowAttendance;
    raise_warning(tx, order.id, order.city_code, kind, &subject, &details, now)
        .await
        .map_err(database_failure("raising an order warning"))
}

/// A job starts no earlier than the day the training ended.
fn require_start_after_training(trainee: &TraineeRow, outcome: &Outcome) -> Result<(), AppError> {
    let starts_on = match outcome {
        Outcome::Offer { starts_on, .. } | Outcome::Hired { starts_on } => *starts_on,
        Outcome::Declined | Outcome::NotOffered { .. } => return Ok(()),
    };
    let ended_on = trainee.class_ends_at.map(china_date);
    if ended_on.is_some_and(|ended| starts_on < ended) {
        return Err(AppError::Invalid(InputError::DateInPast {
            field: Field::StartDate,
        }));
    }
    Ok(())
}

fn started_on(trainee: &TraineeRow) -> Option<NaiveDate> {
    trainee
        .starts_on
        .as_deref()
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
}

fn offer_write<'a>(
    order: &OrderRow,
    trainee: &'a TraineeRow,
    outcome: &'a Outcome,
    status: OfferStatus,
    recorded_by: &'a str,
) -> OfferWrite<'a> {
    let (position_title, starts_on, reason) = match outcome {
        Outcome::Offer {
            position,
            starts_on,
        } => (Some(position.as_str()), Some(*starts_on), Some("")),
        Outcome::Hired { starts_on } => (None, Some(*starts_on), None),
        Outcome::Declined => (None, None, None),
        Outcome::NotOffered { reason } => (None, None, Some(reason.as_str())),
    };
    OfferWrite {
        order_id: order.id,
        enrolment_id: trainee.enrolment_id,
        worker_id: &trainee.worker_id,
        status,
        position_title,
        starts_on,
        reason,
        recorded_by,
    }
}

fn trainee_view(row: &TraineeRow, now: DateTime<Utc>) -> TraineeOutcome {
    TraineeOutcome {
        enrolment_id: row.enrolment_id,
        class_id: row.class_id,
        worker_name: row.worker_name.clone(),
        id_number_masked: row.id_number_masked.clone(),
        completed: completed(row, now),
        certified: row.certificate_status.as_deref() == Some(CertificateStatus::Verified.code()),
        offer_id: row.offer_id,
        status: row.offer_status,
        position_title: row.position_title.clone().unwrap_or_default(),
        starts_on: row.starts_on.clone(),
        reason: row.reason.clone().unwrap_or_default(),
        retained_3_months: row.retained_3,
        retained_6_months: row.retained_6,
    }
}

async fn order(db: &Database, order_id: i64) -> Result<OrderRow, AppError> {
    find_order(db, order_id)
        .await
        .map_err(database_failure("reading an order"))?
        .ok_or(AppError::NotFound(Missing::Order))
}

/// The order `order_id` of the caller's employer; refused (recorded) for
/// anyone else.
async fn owned_order(
    state: &AppState,
    actor: &Actor,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<OrderRow, AppError> {
    let order = order(&state.db, order_id).await?;
    if actor.is_staff_of_employer(order.employer_id) {
        Ok(order)
    } else {
        Err(audit::refuse(&state.db, actor, &order_target(order_id), now).await)
    }
}

async fn trainee_in(tx: &mut Tx, order_id: i64, enrolment_id: i64) -> Result<TraineeRow, AppError> {
    store::trainee_in_tx(tx, order_id, enrolment_id)
        .await
        .map_err(database_failure("reading a trainee"))?
        .ok_or(AppError::NotFound(Missing::Enrolment))
}

async fn record_step(
    tx: &mut Tx,
    actor: Option<&Actor>,
    action: &str,
    target: &str,
    reason: &str,
    city: Option<City>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let entry = Entry {
        actor,
        action,
        target,
        outcome: outcome::DONE,
        reason,
        city,
    };
    audit::record_in(tx, &entry, now).await
}

fn order_target(id: i64) -> String {
    format!("order:{id}")
}
