//! Employers: a company registers itself with its unified social credit
//! code, and its first staff account with it; the city's bureau verifies
//! or rejects it (with a reason); a rejected company corrects its details
//! and asks again. Only a verified employer posts training orders. Every
//! step is in the audit trail.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use webauthn_rs::prelude::Uuid;

use super::{
    access::Actor,
    accounts::{mask_mobile, signed_in, user_in, SignedIn},
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        employers::{self as store, EmployerRow},
        identity::{self as identity_store, NewUserRow},
        is_unique_violation, Database, Tx,
    },
    passwords, sessions,
    sessions::PresentedSession,
    throttle::{self, Counted},
    AppState,
};
use crate::{
    domain::{
        Assurance, City, Company, EmployerRegistration, EmployerStatus, EmployerView, Reason, Role,
    },
    error::{AppError, Conflict, Missing, Refusal},
};

/// The bureau's decision on a registration.
pub enum EmployerDecision {
    Verify,
    Reject(Reason),
}

impl EmployerDecision {
    /// Reads the decision form: `verify`, or `reject` with a reason.
    pub fn parse(
        decision: &str,
        reason: &str,
    ) -> Result<EmployerDecision, crate::domain::InputError> {
        match decision.trim() {
            "verify" => Ok(EmployerDecision::Verify),
            "reject" => Reason::parse(reason).map(EmployerDecision::Reject),
            other => Err(crate::domain::InputError::UnknownCode {
                field: crate::domain::Field::Decision,
                value: other.chars().take(40).collect(),
            }),
        }
    }
}

/// Registers a company and its first staff account, signed in with the
/// password it chose (a passkey can be added from the account page). The
/// company waits for its bureau's verification.
pub async fn register(
    state: &AppState,
    presented: &PresentedSession,
    address: IpAddr,
    registration: &EmployerRegistration,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    throttle::count(
        &state.db,
        &state.limits,
        Counted::RegistrationFromAddress,
        &address.to_string(),
        now,
    )
    .await?;
    let hash = passwords::hash(&state.password_hashing, &registration.password).await?;
    let company = &registration.company;
    let failed = || database_failure("registering an employer");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let employer_id = store::insert_employer(&mut tx, company, now)
        .await
        .map_err(|error| {
            if is_unique_violation(&error, "employers_credit_code_key") {
                AppError::Conflict(Conflict::CreditCodeRegistered)
            } else {
                failed()(error)
            }
        })?;
    let user_id = Uuid::new_v4().to_string();
    let row = NewUserRow {
        id: &user_id,
        role: Role::Employer.code(),
        display_name: registration.display_name.as_str(),
        username: Some(registration.username.as_str()),
        city_code: Some(company.city.code()),
        organisation: Some(company.name.as_str()),
        institution_id: None,
        employer_id: Some(employer_id),
        mobile: Some(company.contact_mobile.as_str()),
        worker_categories: "",
        id_number_cipher: None,
        id_number_lookup: None,
        id_number_masked: None,
        password_hash: Some(&hash),
        created_by: None,
    };
    identity_store::insert_user(&mut tx, &row, now)
        .await
        .map_err(|error| {
            if is_unique_violation(&error, "users_username_key") {
                AppError::Conflict(Conflict::UsernameTaken)
            } else {
                failed()(error)
            }
        })?;
    let session = sessions::start(
        &mut tx,
        &state.security,
        presented,
        &user_id,
        Assurance::Password,
        now,
    )
    .await?;
    let target = employer_target(employer_id);
    let reason = format!(
        "{} {} registered by user:{user_id}",
        company.name, company.credit_code
    );
    let entry = Entry {
        actor: None,
        action: "employer.register",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: Some(company.city),
    };
    audit::record_in_from(&mut tx, &entry, Some(address), now).await?;
    let user = user_in(&mut tx, &user_id).await?;
    tx.commit().await.map_err(failed())?;
    signed_in(state, user, Assurance::Password, session).await
}

/// The employer `id`, or 404.
pub(super) async fn find(db: &Database, id: i64) -> Result<EmployerRow, AppError> {
    store::find_employer(db, id)
        .await
        .map_err(database_failure("reading an employer"))?
        .ok_or(AppError::NotFound(Missing::Employer))
}

/// Whether `actor` may read employer `row`: its own staff, its city's
/// bureau, the province.
fn may_read(actor: &Actor, row: &EmployerRow) -> bool {
    match actor.role {
        Role::Province => true,
        Role::Bureau => actor.city == Some(row.city_code),
        Role::Employer => actor.is_staff_of_employer(row.id),
        _ => false,
    }
}

/// An employer as `actor` sees it; the contact's mobile in full only for
/// its own staff and its bureau.
pub(super) fn view(actor: &Actor, row: &EmployerRow) -> EmployerView {
    let full_mobile = actor.is_staff_of_employer(row.id) || actor.may_supervise_city(row.city_code);
    EmployerView {
        id: row.id,
        name: row.name.clone(),
        credit_code: row.credit_code.clone(),
        address: row.address.clone(),
        city: row.city_code,
        contact_person: row.contact_person.clone(),
        contact_mobile: if full_mobile {
            row.contact_mobile.clone()
        } else {
            mask_mobile(&row.contact_mobile)
        },
        status: row.status,
        registered_at: row.registered_at.to_rfc3339(),
        decided_at: row.decided_at.map(|at| at.to_rfc3339()),
        decision_reason: row.decision_reason.clone(),
    }
}

/// One employer, for its staff, its bureau and the province; others are
/// refused (and recorded).
pub async fn employer(
    state: &AppState,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<EmployerView, AppError> {
    let row = find(&state.db, id).await?;
    if !may_read(actor, &row) {
        return Err(audit::refuse(&state.db, actor, &employer_target(id), now).await);
    }
    Ok(view(actor, &row))
}

/// The employers a bureau (its city) or the province (every city, or
/// `city`) oversees, optionally in one status.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    city: Option<City>,
    status: Option<EmployerStatus>,
    now: DateTime<Utc>,
) -> Result<Vec<EmployerView>, AppError> {
    let city = match actor.supervision_scope() {
        Ok(None) => city,
        Ok(Some(own)) => Some(own),
        Err(_) => return Err(audit::refuse(&state.db, actor, "employers", now).await),
    };
    let rows = store::list_employers(&state.db, city, status)
        .await
        .map_err(database_failure("listing employers"))?;
    Ok(rows.iter().map(|row| view(actor, row)).collect())
}

/// The bureau of the employer's city verifies or rejects a pending
/// registration.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: i64,
    decision: &EmployerDecision,
    now: DateTime<Utc>,
) -> Result<EmployerView, AppError> {
    let row = find(&state.db, id).await?;
    if !actor.may_supervise_city(row.city_code) {
        return Err(audit::refuse(&state.db, actor, &employer_target(id), now).await);
    }
    let (status, action, reason) = match decision {
        EmployerDecision::Verify => (EmployerStatus::Verified, "employer.verify", ""),
        EmployerDecision::Reject(reason) => {
            (EmployerStatus::Rejected, "employer.reject", reason.as_str())
        }
    };
    let failed = || database_failure("deciding on an employer");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::decide_employer(&mut tx, id, status, &actor.user_id, reason, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::NotAwaitingDecision));
    }
    record(&mut tx, actor, action, id, reason, row.city_code, now).await?;
    let row = employer_in(&mut tx, id).await?;
    tx.commit().await.map_err(failed())?;
    Ok(view(actor, &row))
}

/// The employer's own staff corrects a rejected registration and puts it
/// back before the bureau (a pending one waits: the bureau decides on
/// what it read). The city stays the one it
/// registered in: another city is another bureau's employer.
pub async fn correct(
    state: &AppState,
    actor: &Actor,
    id: i64,
    company: &Company,
    now: DateTime<Utc>,
) -> Result<EmployerView, AppError> {
    let row = find(&state.db, id).await?;
    if !actor.is_staff_of_employer(id) || company.city != row.city_code {
        return Err(audit::refuse(&state.db, actor, &employer_target(id), now).await);
    }
    let failed = || database_failure("correcting an employer");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let corrected = store::correct_employer(&mut tx, id, company, now)
        .await
        .map_err(|error| {
            if is_unique_violation(&error, "employers_credit_code_key") {
                AppError::Conflict(Conflict::CreditCodeRegistered)
            } else {
                failed()(error)
            }
        })?;
    if !corrected {
        return Err(AppError::Conflict(Conflict::NotAwaitingDecision));
    }
    let reason = format!("{} {}", company.name, company.credit_code);
    identity_store::set_organisation_of_employer_staff(&mut tx, id, company.name.as_str())
        .await
        .map_err(failed())?;
    record(
        &mut tx,
        actor,
        "employer.correct",
        id,
        &reason,
        row.city_code,
        now,
    )
    .await?;
    let row = employer_in(&mut tx, id).await?;
    tx.commit().await.map_err(failed())?;
    Ok(view(actor, &row))
}

/// The verified employer an employer's staff member acts for: refused
/// for anyone else, 409 while the employer is not verified.
pub(super) async fn verified_employer_of(
    db: &Database,
    actor: &Actor,
) -> Result<EmployerRow, AppError> {
    let (employer_id, _) = actor.own_employer()?;
    let row = find(db, employer_id).await?;
    if row.status != EmployerStatus::Verified {
        return Err(AppError::Conflict(Conflict::EmployerNotVerified));
    }
    if Some(row.city_code) != actor.city {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    Ok(row)
}

async fn employer_in(tx: &mut Tx, id: i64) -> Result<EmployerRow, AppError> {
    store::find_employer_in_tx(tx, id)
        .await
        .map_err(database_failure("reading an employer"))?
        .ok_or_else(|| super::internal_absence("the employer being written"))
}

async fn record(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    id: i64,
    reason: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = employer_target(id);
    audit::record_done(tx, actor, action, &target, reason, city, now).await
}

fn employer_target(id: i64) -> String {
    format!("employer:{id}")
}
