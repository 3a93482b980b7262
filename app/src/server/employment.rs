//! Employer-run training (直补企业): the employer declares when each
//! trainee started working for it, until the trainee's claim is filed.
//! A trainee employed only after the class started, or never declared
//! once the employer files the claim, is a risk warning (`not_employee`)
//! that holds the claim until the city's bureau clears it. Declarations
//! are in the audit trail.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    classes, database_failure,
    db::{
        attendance::find_session_context,
        classes::{find_enrolment, list_sessions, ClassRow},
        employment as store,
        subsidies::{list_claims, ClaimFilter},
        Database,
    },
    risk, AppState,
};
use crate::{
    domain::{china_date, parse_employed_since, Provider, TraineeEmployment},
    error::{AppError, Conflict, Missing},
};

/// The trainees of an employer's own class with their declared start:
/// for the employer, the city's bureau and the province.
pub async fn of_class(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<TraineeEmployment>, AppError> {
    let class = classes::find(&state.db, class_id).await?;
    let employer_run = matches!(class.provider(), Provider::Employer(_));
    if !employer_run || !actor.may_oversee_class(class.city_code, class.provider()) {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    let rows = store::list_class_employment(&state.db, class_id)
        .await
        .map_err(database_failure("listing a class's employment"))?;
    Ok(rows
        .into_iter()
        .map(|row| TraineeEmployment {
            enrolment_id: row.enrolment_id,
            worker_name: row.worker_name,
            id_number_masked: row.id_number_masked,
            employed_since: row.employed_since,
        })
        .collect())
}

/// The employer declares that the trainee of enrolment `enrolment_id`
/// has worked for it since `input` (a date, not in the future). A start
/// after the class's first day raises the warning at once. Once the
/// trainee's claim is filed the start is fixed: the claim's checks ran
/// against it.
pub async fn declare(
    state: &AppState,
    actor: &Actor,
    enrolment_id: i64,
    input: &str,
    now: DateTime<Utc>,
) -> Result<TraineeEmployment, AppError> {
    let target = format!("enrolment:{enrolment_id}");
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(database_failure("reading an enrolment"))?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let provider = enrolment.provider();
    if !matches!(provider, Provider::Employer(_)) || !actor.is_staff_of(provider) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let since = parse_employed_since(input, china_date(now))?;
    require_no_live_claim(&state.db, enrolment_id).await?;
    let class = classes::find(&state.db, enrolment.class_id).await?;
    let failed = || database_failure("declaring a trainee's employment");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::declare_employment(&mut tx, enrolment_id, since, &actor.user_id, now)
        .await
        .map_err(failed())?;
    let reason = format!("employed_since:{since}");
    let entry = Entry {
        actor: Some(actor),
        action: "class.declare_employment",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: Some(class.city_code),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    if let Some((session, starts_on)) = first_session(&state.db, &class).await? {
        if let Some(warning) = risk::not_employee(enrolment_id, Some(since), starts_on) {
            risk::raise(&mut tx, &session, warning, now).await?;
        }
    }
    tx.commit().await.map_err(failed())?;
    Ok(TraineeEmployment {
        enrolment_id,
        worker_name: enrolment.worker_name,
        id_number_masked: enrolment.id_number_masked,
        employed_since: Some(since.to_string()),
    })
}

/// Before the employer files the claim of a trainee of its own class:
/// raises the warning when no start was declared, or one after the
/// class's first day (the claim checks then hold the claim).
pub(crate) async fn warn_unless_employed(
    state: &AppState,
    class: &ClassRow,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("checking a trainee's employment");
    let since = store::find_employed_since(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .and_then(|day| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok());
    let Some((session, starts_on)) = first_session(&state.db, class).await? else {
        return Ok(());
    };
    let Some(warning) = risk::not_employee(enrolment_id, since, starts_on) else {
        return Ok(());
    };
    let mut tx = state.db.begin().await.map_err(failed())?;
    risk::raise(&mut tx, &session, warning, now).await?;
    tx.commit().await.map_err(failed())
}

/// Refuses a declaration once a claim of the enrolment stands.
async fn require_no_live_claim(db: &Database, enrolment_id: i64) -> Result<(), AppError> {
    let filter = ClaimFilter {
        enrolment_id: Some(enrolment_id),
        ..ClaimFilter::default()
    };
    let claims = list_claims(db, &filter)
        .await
        .map_err(database_failure("reading an enrolment's claims"))?;
    if claims.iter().any(|claim| claim.status.is_live()) {
        return Err(AppError::Conflict(Conflict::EmploymentLocked));
    }
    Ok(())
}

/// The class's first session (the warning is raised on it) and its day
/// in China.
async fn first_session(
    db: &Database,
    class: &ClassRow,
) -> Result<Option<(super::db::attendance::SessionContext, NaiveDate)>, AppError> {
    let failed = || database_failure("reading a class's first session");
    let sessions = list_sessions(db, class.id).await.map_err(failed())?;
    let Some(first) = sessions.first() else {
        return Ok(None);
    };
    let context = find_session_context(db, first.id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Class))?;
    Ok(Some((context, china_date(first.starts_at))))
}
