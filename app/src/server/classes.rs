//! Classes: an institution applies (开班申请 with its commitment), or a
//! verified employer for the training of its own employees (直补企业);
//! the city's bureau approves or returns with a reason, workers enrol in
//! an approved class with free seats. Every step is kept in the class's
//! history and the audit trail.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        catalogue::{find_published_course, find_subsidy_standard, CourseRow},
        classes::{self as store, ClassFilter, ClassRow, EnrolmentRow, NewClassRow, SessionRow},
        is_unique_violation, Database,
    },
    AppState,
};
use crate::views::{
    ClassDetail, ClassEventView, ClassSummary, EnrolmentNotice, EnrolmentView, PlatformChoice,
    PriorClaim, SessionView,
};
use crate::{
    domain::{
        china_time, City, ClassApplication, ClassStatus, InputError, JobPromise, Provider, Reason,
        Role, SessionMode,
    },
    error::{AppError, Conflict, Missing, Refusal},
};

/// The bureau's decision on an application.
pub enum Decision {
    Approve,
    Return(Reason),
}

impl Decision {
    /// Reads the decision form: `approve`, or `return` with a reason.
    pub fn parse(decision: &str, reason: &str) -> Result<Decision, crate::domain::InputError> {
        match decision.trim() {
            "approve" => Ok(Decision::Approve),
            "return" => Reason::parse(reason).map(Decision::Return),
            other => Err(crate::domain::InputError::UnknownCode {
                field: crate::domain::Field::ClassStatus,
                value: other.chars().take(40).collect(),
            }),
        }
    }
}

fn summary(row: &ClassRow) -> Result<ClassSummary, AppError> {
    Ok(ClassSummary {
        id: row.id,
        city: row.city_code,
        institution_id: row.institution_id,
        employer_id: row.employer_id,
        institution_name: row.institution_name.clone(),
        course_id: row.course_id,
        occupation_name: row.occupation_name.clone(),
        certificate_kind: row.certificate_kind.code().to_owned(),
        certificate_level: row.certificate_level,
        training_type: row.training_type.code().to_owned(),
        capacity: row.capacity,
        enrolled: row.enrolled_count,
        seats_left: row.capacity - row.enrolled_count,
        teacher: row.teacher.clone(),
        venue: row.venue.clone(),
        status: row.status,
        submitted_at: row.submitted_at,
        first_session_at: row.first_session_at,
        last_session_end: row.last_session_end,
        session_count: row.session_count,
        order_id: row.order_id,
    })
}

pub(crate) fn session_view(row: &SessionRow) -> Result<SessionView, AppError> {
    Ok(SessionView {
        id: row.id,
        position: row.position,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        mode: row.mode,
        minutes: (row.ends_at - row.starts_at).num_minutes(),
        headcount: row.headcount,
    })
}

fn enrolment_view(row: &EnrolmentRow) -> Result<EnrolmentView, AppError> {
    Ok(EnrolmentView {
        id: row.id,
        class_id: row.class_id,
        occupation_name: row.occupation_name.clone(),
        certificate_level: row.certificate_level,
        institution_name: row.institution_name.clone(),
        enrolled_at: row.enrolled_at,
    })
}

/// The course an application names, once the catalogue rules hold: it is
/// in the provider's city's published catalogue and the level carries a
/// subsidy; an institution must be listed for its occupation, an employer
/// runs only the training of its own employees.
async fn course_for(
    db: &Database,
    provider: Provider,
    city: City,
    application: &ClassApplication,
    today: chrono::NaiveDate,
) -> Result<CourseRow, AppError> {
    if !provider.may_run(application.training_type) {
        return Err(AppError::Invalid(InputError::TrainingTypeNotForEmployers));
    }
    let course =
        subsidised_course(db, city, application.course_id, application.level, today).await?;
    if let Provider::Institution(institution_id) = provider {
        require_may_train(db, institution_id, &course).await?;
    }
    Ok(course)
}

/// The provider the caller applies as: its institution, or its employer
/// once the bureau has verified it.
async fn applying_provider(state: &AppState, actor: &Actor) -> Result<(Provider, City), AppError> {
    let (provider, city) = actor.own_provider()?;
    if let Provider::Employer(_) = provider {
        super::employers::verified_employer_of(&state.db, actor).await?;
    }
    Ok((provider, city))
}

/// Course `course_id` of `city`'s published course catalogue, if `level`
/// carries a subsidy in it: what classes and training orders are made of.
pub(super) async fn subsidised_course(
    db: &Database,
    city: City,
    course_id: i64,
    level: crate::domain::CertificateLevel,
    today: chrono::NaiveDate,
) -> Result<CourseRow, AppError> {
    let failed = || database_failure("checking a course against the catalogue");
    let course = find_published_course(db, course_id, today)
        .await
        .map_err(failed())?
        .filter(|course| course.catalogue.city_code == city.code())
        .ok_or(AppError::Invalid(InputError::CourseNotPublished))?;
    let kind = course.certificate_kind().map_err(failed())?;
    let standard = find_subsidy_standard(db, course.id, kind)
        .await
        .map_err(failed())?;
    if standard
        .amounts()
        .iter()
        .any(|amount| amount.level == level)
    {
        Ok(course)
    } else {
        Err(AppError::Invalid(InputError::LevelNotSubsidised { level }))
    }
}

/// Refuses unless the institution's catalogue entry lists the course's
/// occupation.
pub(super) async fn require_may_train(
    db: &Database,
    institution_id: i64,
    course: &CourseRow,
) -> Result<(), AppError> {
    if store::institution_may_train(db, institution_id, &course.occupation_key)
        .await
        .map_err(database_failure("checking what an institution may train"))?
    {
        Ok(())
    } else {
        Err(AppError::Invalid(InputError::OccupationNotAllowed {
            occupation: course.occupation_name.clone(),
        }))
    }
}

fn class_row<'a>(
    actor: &'a Actor,
    provider: Provider,
    city: &'a str,
    course: &'a CourseRow,
    application: &'a ClassApplication,
) -> NewClassRow<'a> {
    NewClassRow {
        city_code: city,
        institution_id: provider.institution_id(),
        employer_id: provider.employer_id(),
        course_id: course.id,
        occupation_name: &course.occupation_name,
        occupation_key: &course.occupation_key,
        certificate_kind: &course.certificate_kind,
        certificate_level: application.level.code(),
        training_type: application.training_type.code(),
        capacity: application.capacity,
        teacher: &application.teacher,
        venue: &application.venue,
        venue_latitude: application.location.latitude,
        venue_longitude: application.location.longitude,
        commitment: provider.commitment(),
        applied_by: &actor.user_id,
        online_platform_id: application.online_platform_id,
        order_id: application.order_id,
    }
}

/// The online platform an application names must be an approved platform
/// of the class's city whose key is not revoked.
async fn check_online_platform(
    db: &Database,
    city: City,
    application: &ClassApplication,
) -> Result<(), AppError> {
    let Some(platform_id) = application.online_platform_id else {
        return Ok(());
    };
    super::db::attendance::find_active_platform(db, platform_id, city.code())
        .await
        .map_err(database_failure("checking a class's online platform"))?
        .map(|_| ())
        .ok_or(AppError::Invalid(InputError::OnlinePlatformNotAvailable))
}

/// What was submitted, kept in the history as JSON.
fn snapshot(application: &ClassApplication, provider: Provider) -> String {
    serde_json::json!({
        "course_id": application.course_id,
        "certificate_level": application.level,
        "training_type": application.training_type,
        "capacity": application.capacity,
        "teacher": application.teacher,
        "venue": application.venue,
        "location": application.location,
        "sessions": application.schedule.sessions(),
        "commitment": provider.commitment(),
        "online_platform_id": application.online_platform_id,
    })
    .to_string()
}

/// Submits a class application of the caller's institution.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    application: &ClassApplication,
    now: DateTime<Utc>,
) -> Result<ClassDetail, AppError> {
    let (provider, city) = applying_provider(state, actor).await?;
    let course = course_for(
        &state.db,
        provider,
        city,
        application,
        crate::domain::china_date(now),
    )
    .await?;
    check_online_platform(&state.db, city, application).await?;
    check_order(
        state,
        actor,
        provider,
        application.order_id,
        application,
        now,
    )
    .await?;
    let failed = || database_failure("submitting a class application");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let row = class_row(actor, provider, city.code(), &course, application);
    let class_id = store::insert_class(&mut tx, &row, now)
        .await
        .map_err(failed())?;
    write_schedule(&mut tx, class_id, application).await?;
    store::snapshot_standard(&mut tx, class_id)
        .await
        .map_err(failed())?;
    let history = snapshot(application, provider);
    store::insert_class_event(
        &mut tx,
        class_id,
        &actor.user_id,
        "submitted",
        "",
        &history,
        now,
    )
    .await
    .map_err(failed())?;
    record(&mut tx, actor, "class.apply", class_id, "", city, now).await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), class_id).await
}

/// Changes a returned application and submits it again.
pub async fn resubmit(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    application: &ClassApplication,
    now: DateTime<Utc>,
) -> Result<ClassDetail, AppError> {
    let (provider, city) = applying_provider(state, actor).await?;
    let existing = find(&state.db, class_id).await?;
    if existing.provider() != provider {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    let course = course_for(
        &state.db,
        provider,
        city,
        application,
        crate::domain::china_date(now),
    )
    .await?;
    check_online_platform(&state.db, city, application).await?;
    check_order(state, actor, provider, existing.order_id, application, now).await?;
    let failed = || database_failure("resubmitting a class application");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let row = class_row(actor, provider, city.code(), &course, application);
    if !store::resubmit_class(&mut tx, class_id, &row, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::NotReturned));
    }
    write_schedule(&mut tx, class_id, application).await?;
    store::snapshot_standard(&mut tx, class_id)
        .await
        .map_err(failed())?;
    store::insert_class_event(
        &mut tx,
        class_id,
        &actor.user_id,
        "resubmitted",
        "",
        &snapshot(application, provider),
        now,
    )
    .await
    .map_err(failed())?;
    record(&mut tx, actor, "class.resubmit", class_id, "", city, now).await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), class_id).await
}

/// The order a class application trains, when there is one: an order
/// assigned to the applying institution, whose course and level the
/// application keeps. Another institution's order is refused (recorded);
/// an employer's own class trains none.
async fn check_order(
    state: &AppState,
    actor: &Actor,
    provider: Provider,
    order_id: Option<i64>,
    application: &ClassApplication,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(order_id) = order_id else {
        return Ok(());
    };
    let Provider::Institution(institution_id) = provider else {
        return Err(AppError::Invalid(InputError::OrderNotForEmployerClass));
    };
    let order = super::db::orders::find_order(&state.db, order_id)
        .await
        .map_err(database_failure("reading a class's order"))?
        .ok_or(AppError::NotFound(Missing::Order))?;
    let assigned_here = order.status == crate::domain::OrderStatus::Assigned
        && order.institution_id == Some(institution_id);
    if !assigned_here {
        return Err(audit::refuse(&state.db, actor, &format!("order:{order_id}"), now).await);
    }
    if order.course_id != application.course_id || order.certificate_level != application.level {
        return Err(AppError::Invalid(InputError::NotTheOrdersCourse {
            occupation: order.occupation_name,
        }));
    }
    Ok(())
}

/// The jobs a class trained for an order ends in.
async fn jobs_of(db: &Database, order_id: Option<i64>) -> Result<Option<JobPromise>, AppError> {
    let Some(order_id) = order_id else {
        return Ok(None);
    };
    let failed = || database_failure("reading a class's order");
    let Some(order) = super::db::orders::find_order(db, order_id)
        .await
        .map_err(failed())?
        .filter(|order| order.status.is_public())
    else {
        return Ok(None);
    };
    let positions = super::db::orders::positions_of(db, order_id)
        .await
        .map_err(failed())?;
    Ok(Some(JobPromise::of(
        order.id,
        order.employer_name,
        positions,
    )))
}

async fn write_schedule(
    tx: &mut super::db::Tx,
    class_id: i64,
    application: &ClassApplication,
) -> Result<(), AppError> {
    for (index, session) in application.schedule.sessions().iter().enumerate() {
        store::insert_session(
            tx,
            class_id,
            index as i64 + 1,
            session.starts_at,
            session.ends_at,
            session.mode.code(),
        )
        .await
        .map_err(database_failure("storing a class schedule"))?;
    }
    Ok(())
}

async fn record(
    tx: &mut super::db::Tx,
    actor: &Actor,
    action: &str,
    class_id: i64,
    reason: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = format!("class:{class_id}");
    audit::record_done(tx, actor, action, &target, reason, city, now).await
}

/// The bureau approves or returns a submitted application of its city.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<ClassDetail, AppError> {
    let class = find(&state.db, class_id).await?;
    let city = class.city_code;
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    let (status, action, reason) = match decision {
        Decision::Approve => (ClassStatus::Approved, "approved", ""),
        Decision::Return(reason) => (ClassStatus::Returned, "returned", reason.as_str()),
    };
    let failed = || database_failure("deciding a class application");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::decide_class(
        &mut tx,
        class_id,
        status.code(),
        &actor.user_id,
        reason,
        now,
    )
    .await
    .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::NotAwaitingDecision));
    }
    store::insert_class_event(&mut tx, class_id, &actor.user_id, action, reason, "", now)
        .await
        .map_err(failed())?;
    if status == ClassStatus::Approved {
        store::snapshot_standard(&mut tx, class_id)
            .await
            .map_err(failed())?;
    }
    let audit_action = format!("class.{action}");
    record(&mut tx, actor, &audit_action, class_id, reason, city, now).await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), class_id).await
}

pub(crate) async fn find(db: &Database, class_id: i64) -> Result<ClassRow, AppError> {
    store::find_class(db, class_id)
        .await
        .map_err(database_failure("reading a class"))?
        .ok_or(AppError::NotFound(Missing::Class))
}

/// Whether `actor` may see a class that is not (yet) open to everyone.
fn may_see_unapproved(actor: Option<&Actor>, class: &ClassRow) -> Result<bool, AppError> {
    let city = class.city_code;
    Ok(actor.is_some_and(|actor| actor.may_oversee_class(city, class.provider())))
}

/// A class with its sessions. Approved classes are public (workers find
/// them before signing in); others only for those who oversee them.
pub async fn detail(
    state: &AppState,
    actor: Option<&Actor>,
    class_id: i64,
) -> Result<ClassDetail, AppError> {
    let failed = || database_failure("reading a class");
    let class = find(&state.db, class_id).await?;
    let overseer = may_see_unapproved(actor, &class)?;
    if class.status != ClassStatus::Approved && !overseer {
        return Err(AppError::NotFound(Missing::Class));
    }
    let sessions = store::list_sessions(&state.db, class_id)
        .await
        .map_err(failed())?
        .iter()
        .map(session_view)
        .collect::<Result<Vec<_>, _>>()?;
    let history = if overseer {
        let events = store::list_class_events(&state.db, class_id)
            .await
            .map_err(failed())?;
        Some(
            events
                .into_iter()
                .map(|event| ClassEventView {
                    at: event.at,
                    actor: event.actor_name,
                    action: event.action,
                    reason: event.reason,
                })
                .collect(),
        )
    } else {
        None
    };
    let my_enrolment_id = match actor.filter(|actor| actor.role == Role::Worker) {
        Some(worker) => store::find_enrolment_id(&state.db, class_id, &worker.user_id)
            .await
            .map_err(failed())?,
        None => None,
    };
    let total_minutes = sessions.iter().map(|s| s.minutes).sum();
    let online_minutes = sessions
        .iter()
        .filter(|s| s.mode == SessionMode::Online)
        .map(|s| s.minutes)
        .sum();
    Ok(ClassDetail {
        summary: summary(&class)?,
        venue_latitude: class.venue_latitude,
        venue_longitude: class.venue_longitude,
        decision_reason: class.decision_reason.clone(),
        total_minutes,
        online_minutes,
        online_platform: class.online_platform_id.map(|id| PlatformChoice {
            id,
            name: class.online_platform_name.clone().unwrap_or_default(),
        }),
        face_check_required: class.face_check_required,
        sessions,
        jobs: jobs_of(&state.db, class.order_id).await?,
        history,
        my_enrolment_id,
    })
}

/// Which classes a list asks for.
#[derive(Clone, Debug, Default)]
pub struct ClassQuery {
    pub city: Option<City>,
    pub status: Option<ClassStatus>,
    pub course_id: Option<i64>,
}

/// Classes the caller may see: an institution or employer its own, a
/// bureau its city's (a supervisor its city's approved ones), the province
/// all; workers and visitors the approved
/// institutions' classes of a city that have sessions still to come.
pub async fn list(
    state: &AppState,
    actor: Option<&Actor>,
    query: &ClassQuery,
    now: DateTime<Utc>,
) -> Result<Vec<ClassSummary>, AppError> {
    let role = actor.map(|a| a.role);
    let city_code = query.city.map(City::code);
    let status_code = query.status.map(ClassStatus::code);
    let mut filter = ClassFilter {
        city_code,
        status: status_code,
        course_id: query.course_id,
        ..ClassFilter::default()
    };
    match (role, actor) {
        (Some(Role::Institution), Some(actor)) => {
            let (institution_id, _) = actor.own_institution()?;
            filter.institution_id = Some(institution_id);
        }
        (Some(Role::Employer), Some(actor)) => {
            let (employer_id, _) = actor.own_employer()?;
            filter.employer_id = Some(employer_id);
        }
        (Some(role @ (Role::Bureau | Role::Supervisor)), Some(actor)) => {
            let own = actor.city.map(City::code);
            if query.city.is_some() && filter.city_code != own {
                return Err(AppError::Refused(Refusal::OutOfScope));
            }
            filter.city_code = own;
            if role == Role::Supervisor {
                // A supervisor inspects classes that run, not applications.
                filter.status = Some(ClassStatus::Approved.code());
            }
        }
        (Some(Role::Province), _) => {}
        _ => {
            filter.status = Some(ClassStatus::Approved.code());
            filter.running_after = Some(now);
            // An employer's training of its own staff is not offered to
            // the public: the employer gives its staff the class's page.
            filter.institutions_only = true;
        }
    }
    let rows = store::list_classes(&state.db, &filter)
        .await
        .map_err(database_failure("listing classes"))?;
    rows.iter().map(summary).collect()
}

/// What a worker should know before enrolling in `class_id`.
pub async fn enrolment_notice(
    state: &AppState,
    worker: &Actor,
    class_id: i64,
) -> Result<EnrolmentNotice, AppError> {
    let class = find(&state.db, class_id).await?;
    let failed = || database_failure("reading earlier claims");
    let claims = store::list_prior_claims(
        &state.db,
        &worker.user_id,
        &class.occupation_key,
        class.certificate_level.code(),
    )
    .await
    .map_err(failed())?;
    let similar = store::list_similar_enrolments(
        &state.db,
        &worker.user_id,
        &class.occupation_key,
        class.certificate_level.code(),
        class_id,
    )
    .await
    .map_err(failed())?;
    Ok(EnrolmentNotice {
        occupation_name: class.occupation_name.clone(),
        certificate_level: class.certificate_level,
        subsidy_available: claims.is_empty(),
        prior_claims: claims
            .into_iter()
            .map(|claim| PriorClaim {
                occupation_name: claim.occupation_name,
                status: claim.status,
                created_at: claim.created_at,
            })
            .collect(),
        similar_enrolments: similar
            .iter()
            .map(enrolment_view)
            .collect::<Result<_, _>>()?,
    })
}

/// Enrols the signed-in worker in an approved class with a free seat.
pub async fn enrol(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<EnrolmentView, AppError> {
    if actor.role != Role::Worker {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    let class = find(&state.db, class_id).await?;
    if class.status != ClassStatus::Approved {
        return Err(AppError::Conflict(Conflict::ClassNotOpen));
    }
    let city = class.city_code;
    let failed = || database_failure("enrolling a worker");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let enrolment_id = match store::insert_enrolment(&mut tx, class_id, &actor.user_id, now).await {
        Ok(id) => id,
        Err(error) if is_unique_violation(&error, "enrolments_class_worker_key") => {
            return Err(AppError::Conflict(Conflict::AlreadyEnrolled))
        }
        Err(error) => return Err(failed()(error)),
    };
    if !store::take_seat(&mut tx, class_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::ClassFull));
    }
    let target = format!("enrolment:{enrolment_id}");
    let reason = format!("class:{class_id}");
    let entry = Entry {
        actor: Some(actor),
        action: "class.enrol",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(EnrolmentView {
        id: enrolment_id,
        class_id,
        occupation_name: class.occupation_name.clone(),
        certificate_level: class.certificate_level,
        institution_name: class.institution_name.clone(),
        enrolled_at: now,
    })
}

/// The signed-in worker's enrolments.
pub async fn my_enrolments(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<EnrolmentView>, AppError> {
    let rows = store::list_worker_enrolments(&state.db, &actor.user_id)
        .await
        .map_err(database_failure("listing enrolments"))?;
    rows.iter().map(enrolment_view).collect()
}

/// `2026-12-01 09:00` in China time, as pages show it.
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&china_time())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
