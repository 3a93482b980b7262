//! Training orders (订单、定向、定岗、项目制培训): a verified employer posts
//! what it needs and the jobs it ends in; the city's bureau approves or
//! returns it; an approved open order is shown to the institutions that
//! may train its occupation, who bid (揭榜) with a plan; the employer
//! picks one. Every step is kept in the order's history and the audit
//! trail.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    catalogue_publishing::exports::ExportFile,
    classes::{require_may_train, subsidised_course, Decision},
    database_failure,
    db::{
        catalogue::{find_published_institution, CourseRow},
        is_unique_violation,
        orders::{self as store, BidRow, FunnelRow, OrderCourse, OrderListing, OrderRow},
        Database, Tx,
    },
    employers::verified_employer_of,
    spreadsheet::sheet_file,
    AppState,
};
use crate::{
    domain::{
        BidView, City, ExportFormat, JobPromise, NewOrder, OrderDetail, OrderEventView,
        OrderFunnel, OrderStatus, OrderStep, OrderSummary, OrderWarningKind, OrderWarningView,
        Reason, Role, TemplateSheet,
    },
    error::{AppError, Conflict, Missing},
    i18n::Lang,
};

/// How much of an order a caller sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reader {
    /// The employer's own staff: everything, and it acts on it.
    Owner,
    /// The city's bureau and the province: everything.
    Supervisor,
    /// An institution: the public order and its own bid.
    Institution(i64),
    /// Anyone else, once the order is approved.
    Public,
}

fn reader(actor: Option<&Actor>, row: &OrderRow) -> Option<Reader> {
    match actor {
        Some(actor) if actor.is_staff_of_employer(row.employer_id) => Some(Reader::Owner),
        Some(actor) if actor.role == Role::Province => Some(Reader::Supervisor),
        Some(actor) if actor.may_supervise_city(row.city_code) => Some(Reader::Supervisor),
        Some(Actor {
            role: Role::Institution,
            institution_id: Some(id),
            ..
        }) if row.status.is_public() || row.institution_id == Some(*id) => {
            Some(Reader::Institution(*id))
        }
        _ if row.status.is_public() => Some(Reader::Public),
        _ => None,
    }
}

/// Posts an order of the caller's (verified) employer.
pub async fn post(
    state: &AppState,
    actor: &Actor,
    order: &NewOrder,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let employer = verified_employer_of(&state.db, actor).await?;
    let course = checked_course(state, employer.city_code, order).await?;
    let failed = || database_failure("posting an order");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = store::insert_order(
        &mut tx,
        employer.id,
        employer.city_code,
        order,
        &order_course(&course)?,
        &actor.user_id,
        now,
    )
    .await
    .map_err(failed())?;
    let reason = format!(
        "{} {} × {}, {} jobs",
        order.kind.code(),
        course.occupation_name,
        order.trainees_wanted,
        order.openings()
    );
    step(
        &mut tx,
        actor,
        id,
        "posted",
        &reason,
        employer.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), id, now).await
}

/// The employer corrects a returned order and puts it back before the
/// bureau.
pub async fn resubmit(
    state: &AppState,
    actor: &Actor,
    id: i64,
    order: &NewOrder,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let row = owned_order(state, actor, id, now).await?;
    let course = checked_course(state, row.city_code, order).await?;
    let failed = || database_failure("resubmitting an order");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::resubmit_order(&mut tx, id, order, &order_course(&course)?)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::OrderNotInState));
    }
    step(
        &mut tx,
        actor,
        id,
        OrderStep::Resubmit.code(),
        "",
        row.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), id, now).await
}

/// The bureau of the order's city approves (open to bids, or assigned to
/// the institution the employer chose) or returns it with a reason.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let row = find(&state.db, id).await?;
    if !actor.may_supervise_city(row.city_code) {
        return Err(audit::refuse(&state.db, actor, &order_target(id), now).await);
    }
    let (step_taken, reason) = match decision {
        Decision::Approve => (OrderStep::Approve, ""),
        Decision::Return(reason) => (OrderStep::Return, reason.as_str()),
    };
    let decided = Some((actor.user_id.as_str(), reason));
    change_state(state, actor, &row, step_taken, None, decided, reason, now).await
}

/// The employer withdraws an order no institution was assigned to yet.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    id: i64,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let row = owned_order(state, actor, id, now).await?;
    let why = reason.as_str();
    change_state(
        state,
        actor,
        &row,
        OrderStep::Withdraw,
        None,
        None,
        why,
        now,
    )
    .await
}

/// An institution that may train the order's occupation bids for an
/// approved open order of its city, with a plan.
pub async fn bid(
    state: &AppState,
    actor: &Actor,
    id: i64,
    plan: &str,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let (institution_id, city) = actor.own_institution()?;
    let row = find(&state.db, id).await?;
    if city != row.city_code || !row.status.is_public() {
        return Err(audit::refuse(&state.db, actor, &order_target(id), now).await);
    }
    if row.status.after(OrderStep::Bid, false).is_none() {
        return Err(AppError::Conflict(Conflict::OrderNotInState));
    }
    if !store_may_train(&state.db, institution_id, &row).await? {
        return Err(AppError::Invalid(
            crate::domain::InputError::OccupationNotAllowed {
                occupation: row.occupation_name.clone(),
            },
        ));
    }
    let failed = || database_failure("bidding for an order");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::insert_bid(&mut tx, id, institution_id, plan, &actor.user_id, now)
        .await
        .map_err(|error| {
            if is_unique_violation(&error, "order_bids_order_institution_key") {
                AppError::Conflict(Conflict::AlreadyBid)
            } else {
                failed()(error)
            }
        })?
        // Picked or withdrawn since it was read.
        .ok_or(AppError::Conflict(Conflict::OrderNotInState))?;
    let reason = format!("institution:{institution_id}");
    step(
        &mut tx,
        actor,
        id,
        OrderStep::Bid.code(),
        &reason,
        row.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), id, now).await
}

/// The employer picks one bid: its institution trains the order, the
/// other bids are not picked.
pub async fn pick(
    state: &AppState,
    actor: &Actor,
    id: i64,
    bid_id: i64,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let row = owned_order(state, actor, id, now).await?;
    let failed = || database_failure("picking a bid");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let bid = store::find_bid_in_tx(&mut tx, bid_id)
        .await
        .map_err(failed())?
        .filter(|bid| bid.order_id == id)
        .ok_or(AppError::NotFound(Missing::Bid))?;
    if !store::pick_bid(&mut tx, id, bid_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::OrderNotInState));
    }
    let to = row
        .status
        .after(OrderStep::Pick, true)
        .ok_or(AppError::Conflict(Conflict::OrderNotInState))?;
    let institution = Some(bid.institution_id);
    if !store::move_order(&mut tx, id, row.status, to, institution, None, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::OrderNotInState));
    }
    check_contacts(&mut tx, id, row.city_code, now).await?;
    let reason = format!("bid:{bid_id} institution:{}", bid.institution_id);
    step(
        &mut tx,
        actor,
        id,
        OrderStep::Pick.code(),
        &reason,
        row.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), id, now).await
}

/// One order as `actor` (or anyone, when `None`) may see it. Orders not
/// yet approved are 404 for anyone signed out and refused (recorded) for
/// anyone signed in outside the employer, its bureau and the province.
pub async fn detail(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let row = find(&state.db, id).await?;
    let Some(reader) = reader(actor, &row) else {
        return Err(match actor {
            Some(actor) => audit::refuse(&state.db, actor, &order_target(id), now).await,
            None => AppError::NotFound(Missing::Order),
        });
    };
    let failed = || database_failure("reading an order");
    let counts = match reader {
        Reader::Owner | Reader::Supervisor => Some(funnels(&state.db, Some(id)).await?),
        Reader::Institution(_) | Reader::Public => None,
    };
    let positions = store::positions_of(&state.db, id).await.map_err(failed())?;
    let bids = match reader {
        Reader::Owner | Reader::Supervisor => {
            store::bids_of(&state.db, id).await.map_err(failed())?
        }
        Reader::Institution(own) => store::bids_of(&state.db, id)
            .await
            .map_err(failed())?
            .into_iter()
            .filter(|bid| bid.institution_id == own)
            .collect(),
        Reader::Public => Vec::new(),
    };
    let history = match reader {
        Reader::Owner | Reader::Supervisor => store::events_of(&state.db, id)
            .await
            .map_err(failed())?
            .into_iter()
            .map(|event| OrderEventView {
                at: event.at.to_rfc3339(),
                action: event.action,
                actor_name: event.actor_name,
                reason: event.reason,
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(OrderDetail {
        course_id: row.course_id,
        requirements: row.requirements.clone(),
        decision_reason: row.decision_reason.clone(),
        jobs: JobPromise::of(row.id, row.employer_name.clone(), positions),
        bids: bids.iter().map(bid_view).collect(),
        history,
        class_ids: store::classes_of(&state.db, id).await.map_err(failed())?,
        warnings: match reader {
            Reader::Supervisor => store::warnings_of(&state.db, id)
                .await
                .map_err(failed())?
                .into_iter()
                .map(warning_view)
                .collect(),
            _ => Vec::new(),
        },
        summary: summary(&row, counts.as_deref()),
    })
}

/// The orders `actor` works with: an employer its own, an institution the
/// open orders it may train and those assigned to it, a bureau its city's,
/// the province every city's (or `city`'s); anyone else the approved
/// orders of `city`.
pub async fn list(
    state: &AppState,
    actor: Option<&Actor>,
    city: Option<City>,
    status: Option<OrderStatus>,
) -> Result<Vec<OrderSummary>, AppError> {
    let listing = match actor {
        Some(actor) if actor.role == Role::Province => OrderListing::Supervised { city },
        Some(Actor {
            role: Role::Bureau,
            city: Some(own),
            ..
        }) => OrderListing::Supervised { city: Some(*own) },
        Some(Actor {
            role: Role::Employer,
            employer_id: Some(employer_id),
            ..
        }) => OrderListing::Employer {
            employer_id: *employer_id,
        },
        Some(Actor {
            role: Role::Institution,
            institution_id: Some(institution_id),
            city: Some(own),
            ..
        }) => OrderListing::Institution {
            city: *own,
            institution_id: *institution_id,
        },
        _ => OrderListing::Public {
            city: city.or(actor.and_then(|a| a.city)),
        },
    };
    let rows = store::list_orders(&state.db, listing, status)
        .await
        .map_err(database_failure("listing orders"))?;
    // How far orders got is for the employer and its supervisors only.
    let counts = match listing {
        OrderListing::Supervised { .. } | OrderListing::Employer { .. } => {
            Some(funnels(&state.db, None).await?)
        }
        OrderListing::Institution { .. } | OrderListing::Public { .. } => None,
    };
    Ok(rows
        .iter()
        .map(|row| summary(row, counts.as_deref()))
        .collect())
}

/// The list an employer (its own), a bureau (its city) or the province
/// (all, or `city`) works from, with each order's funnel, as a file.
pub async fn export(
    state: &AppState,
    actor: &Actor,
    city: Option<City>,
    status: Option<OrderStatus>,
    format: ExportFormat,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ExportFile, AppError> {
    let exporting = matches!(actor.role, Role::Employer | Role::Bureau | Role::Province);
    if !exporting {
        return Err(audit::refuse(&state.db, actor, "orders export", now).await);
    }
    let orders = list(state, Some(actor), city, status).await?;
    let t = lang.order_texts();
    let mut cells = vec![
        vec![t.orders_title.to_owned()],
        t.export_columns.iter().map(|c| (*c).to_owned()).collect(),
    ];
    for order in &orders {
        let mut row = vec![
            order.id.to_string(),
            order.employer_name.clone(),
            order.city.label(lang).to_owned(),
            order.kind.label(lang).to_owned(),
            order.occupation_name.clone(),
            order.certificate_level.label(lang).to_owned(),
            order.status.label(lang).to_owned(),
            order.institution_name.clone().unwrap_or_default(),
            order.trainees_wanted.to_string(),
            (t.wage_range)(order.wage_min_yuan, order.wage_max_yuan),
        ];
        let funnel = order.funnel.unwrap_or_default();
        row.extend(funnel.stages().iter().map(i64::to_string));
        cells.push(row);
    }
    let sheet = TemplateSheet {
        width: t.export_columns.len(),
        header_row: 1,
        title_rows: vec![0],
        cells,
    };
    Ok(ExportFile {
        file_name: format!("{}.{}", t.orders_title, format.extension()),
        content_type: format.content_type(),
        bytes: sheet_file(sheet, format, "orders").await?,
    })
}

/// The jobs of the approved orders of a course: what a worker reading the
/// course sees training for it ends in.
pub async fn jobs_for_course(db: &Database, course_id: i64) -> Result<Vec<JobPromise>, AppError> {
    let failed = || database_failure("reading a course's orders");
    let rows = store::public_orders_of_course(db, course_id)
        .await
        .map_err(failed())?;
    let mut jobs = Vec::with_capacity(rows.len());
    for row in rows {
        let positions = store::positions_of(db, row.id).await.map_err(failed())?;
        jobs.push(JobPromise::of(row.id, row.employer_name, positions));
    }
    Ok(jobs)
}

/// The order `id` of the caller's employer; refused (recorded) for anyone
/// else.
async fn owned_order(
    state: &AppState,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<OrderRow, AppError> {
    let row = find(&state.db, id).await?;
    if actor.is_staff_of_employer(row.employer_id) {
        Ok(row)
    } else {
        Err(audit::refuse(&state.db, actor, &order_target(id), now).await)
    }
}

/// Applies `step_taken` to `row` in one transaction, with its history
/// line and audit record.
#[allow(clippy::too_many_arguments)]
async fn change_state(
    state: &AppState,
    actor: &Actor,
    row: &OrderRow,
    step_taken: OrderStep,
    institution_id: Option<i64>,
    decided: Option<(&str, &str)>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let to = row
        .status
        .after(step_taken, row.institution_id.is_some())
        .ok_or(AppError::Conflict(Conflict::OrderNotInState))?;
    let failed = || database_failure("changing an order");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::move_order(
        &mut tx,
        row.id,
        row.status,
        to,
        institution_id,
        decided,
        now,
    )
    .await
    .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::OrderNotInState));
    }
    if to == OrderStatus::Withdrawn {
        store::close_bids(&mut tx, row.id).await.map_err(failed())?;
    }
    if to == OrderStatus::Assigned {
        check_contacts(&mut tx, row.id, row.city_code, now).await?;
    }
    step(
        &mut tx,
        actor,
        row.id,
        step_taken.code(),
        reason,
        row.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), row.id, now).await
}

/// The course an order names, with the institution the employer chose
/// (if any) checked against the city's institution catalogue.
async fn checked_course(
    state: &AppState,
    city: City,
    order: &NewOrder,
) -> Result<CourseRow, AppError> {
    let today = state.clock.today();
    let course = subsidised_course(&state.db, city, order.course_id, order.level, today).await?;
    if let Some(institution_id) = order.institution_id {
        let in_city = find_published_institution(&state.db, institution_id, today)
            .await
            .map_err(database_failure("checking an institution"))?
            .is_some_and(|row| row.catalogue.city_code == city.code());
        if !in_city {
            return Err(AppError::NotFound(Missing::Institution));
        }
        require_may_train(&state.db, institution_id, &course).await?;
    }
    Ok(course)
}

fn order_course(course: &CourseRow) -> Result<OrderCourse<'_>, AppError> {
    Ok(OrderCourse {
        occupation_name: &course.occupation_name,
        occupation_key: &course.occupation_key,
        certificate_kind: course
            .certificate_kind()
            .map_err(database_failure("reading a course"))?,
    })
}

async fn store_may_train(
    db: &Database,
    institution_id: i64,
    row: &OrderRow,
) -> Result<bool, AppError> {
    super::db::classes::institution_may_train(db, institution_id, &row.occupation_key)
        .await
        .map_err(database_failure("checking what an institution may train"))
}

async fn find(db: &Database, id: i64) -> Result<OrderRow, AppError> {
    store::find_order(db, id)
        .await
        .map_err(database_failure("reading an order"))?
        .ok_or(AppError::NotFound(Missing::Order))
}

/// Adds a history line and the audit record of an order step.
async fn step(
    tx: &mut Tx,
    actor: &Actor,
    id: i64,
    action: &str,
    reason: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::insert_event(tx, id, &actor.user_id, action, reason, now)
        .await
        .map_err(database_failure("recording an order step"))?;
    let target = order_target(id);
    let audit_action = format!("order.{action}");
    let entry = Entry {
        actor: Some(actor),
        action: &audit_action,
        target: &target,
        outcome: outcome::DONE,
        reason,
        city: Some(city),
    };
    audit::record_in(tx, &entry, now).await
}

async fn funnels(db: &Database, order_id: Option<i64>) -> Result<Vec<FunnelRow>, AppError> {
    store::funnels(db, order_id)
        .await
        .map_err(database_failure("counting an order's trainees"))
}

/// The funnel of `row` from the counts of its classes.
fn funnel(row: &OrderRow, counts: &[FunnelRow]) -> OrderFunnel {
    let count = counts.iter().find(|c| c.order_id == row.id);
    let of = |pick: fn(&FunnelRow) -> i64| count.map(pick).unwrap_or(0);
    OrderFunnel {
        positions: row.openings,
        enrolled: of(|c| c.enrolled),
        completed: of(|c| c.completed),
        certified: of(|c| c.certified),
        offered: of(|c| c.offered),
        hired: of(|c| c.hired),
        retained_3_months: of(|c| c.retained_3),
        retained_6_months: of(|c| c.retained_6),
    }
}

fn summary(row: &OrderRow, counts: Option<&[FunnelRow]>) -> OrderSummary {
    OrderSummary {
        funnel: counts.map(|counts| funnel(row, counts)),
        id: row.id,
        city: row.city_code,
        kind: row.kind,
        status: row.status,
        employer_id: row.employer_id,
        employer_name: row.employer_name.clone(),
        occupation_name: row.occupation_name.clone(),
        certificate_level: row.certificate_level,
        trainees_wanted: row.trainees_wanted,
        openings: row.openings,
        wage_min_yuan: row.wage_min_yuan,
        wage_max_yuan: row.wage_max_yuan,
        start_training_by: row.start_training_by.clone(),
        open_to_any: row.open_to_any,
        institution_id: row.institution_id,
        institution_name: row.institution_name.clone(),
        posted_at: row.posted_at.to_rfc3339(),
    }
}

fn bid_view(row: &BidRow) -> BidView {
    BidView {
        id: row.id,
        institution_id: row.institution_id,
        institution_name: row.institution_name.clone(),
        plan: row.plan.clone(),
        status: row.status,
        bid_at: row.bid_at.to_rfc3339(),
    }
}

/// Raises a warning when the employer's and the assigned institution's
/// contact are one person: the same mobile number, or the same name.
async fn check_contacts(
    tx: &mut Tx,
    order_id: i64,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("comparing an order's contacts");
    let Some(contacts) = store::contacts_in_tx(tx, order_id)
        .await
        .map_err(failed())?
    else {
        return Ok(());
    };
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    let mobile = digits(&contacts.employer_mobile);
    let shared = if !mobile.is_empty() && digits(&contacts.institution_phone).ends_with(&mobile) {
        Some(contacts.employer_mobile)
    } else if contacts.employer_person.trim() == contacts.institution_person.trim() {
        Some(contacts.employer_person)
    } else {
        None
    };
    if let Some(shared) = shared {
        let kind = OrderWarningKind::SharedContact;
        store::raise_warning(tx, order_id, city, kind, "", &shared, now)
            .await
            .map_err(failed())?;
    }
    Ok(())
}

/// The bureau of the order's city clears a warning, with a reason.
pub async fn clear_warning(
    state: &AppState,
    actor: &Actor,
    order_id: i64,
    warning_id: i64,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<OrderDetail, AppError> {
    let row = find(&state.db, order_id).await?;
    if !actor.may_supervise_city(row.city_code) {
        return Err(audit::refuse(&state.db, actor, &order_target(order_id), now).await);
    }
    let failed = || database_failure("clearing an order warning");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::clear_warning(
        &mut tx,
        order_id,
        warning_id,
        &actor.user_id,
        reason.as_str(),
        now,
    )
    .await
    .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyCleared));
    }
    let target = order_target(order_id);
    let why = format!("warning:{warning_id} {}", reason.as_str());
    let entry = Entry {
        actor: Some(actor),
        action: "order.warning_cleared",
        target: &target,
        outcome: outcome::DONE,
        reason: &why,
        city: Some(row.city_code),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    detail(state, Some(actor), order_id, now).await
}

fn warning_view(row: store::WarningRow) -> OrderWarningView {
    OrderWarningView {
        id: row.id,
        kind: row.kind,
        details: row.details,
        subject: row.subject,
        raised_at: row.raised_at.to_rfc3339(),
        cleared: row.cleared_at.is_some(),
        clear_reason: row.clear_reason,
    }
}

fn order_target(id: i64) -> String {
    format!("order:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Assurance, CertificateKind, CertificateLevel, OrderKind};

    fn actor(role: Role, city: Option<City>) -> Actor {
        Actor {
            user_id: "u".into(),
            role,
            display_name: "someone".into(),
            city,
            institution_id: None,
            employer_id: None,
            assurance: Assurance::Passkey,
            csrf_token: String::new(),
            session_hash: String::new(),
        }
    }

    fn order(status: OrderStatus) -> OrderRow {
        OrderRow {
            id: 1,
            employer_id: 7,
            employer_name: "闽江电子".into(),
            city_code: City::Fuzhou,
            kind: OrderKind::Order,
            course_id: 3,
            occupation_name: "电工".into(),
            occupation_key: "6-31-01-03".into(),
            certificate_kind: CertificateKind::SkillLevel,
            certificate_level: CertificateLevel::Level4,
            trainees_wanted: 20,
            requirements: String::new(),
            start_training_by: "2027-01-15".into(),
            open_to_any: true,
            institution_id: None,
            institution_name: None,
            status,
            posted_at: DateTime::<Utc>::UNIX_EPOCH,
            decision_reason: String::new(),
            openings: 20,
            wage_min_yuan: 5000,
            wage_max_yuan: 6500,
        }
    }

    #[test]
    fn a_posted_order_is_seen_by_its_employer_its_bureau_and_the_province_only() {
        let row = order(OrderStatus::Submitted);
        let mut clerk = actor(Role::Employer, Some(City::Fuzhou));
        clerk.employer_id = Some(7);
        let mut other_clerk = clerk.clone();
        other_clerk.employer_id = Some(8);
        let mut school = actor(Role::Institution, Some(City::Fuzhou));
        school.institution_id = Some(4);
        assert_eq!(reader(Some(&clerk), &row), Some(Reader::Owner));
        let bureau = actor(Role::Bureau, Some(City::Fuzhou));
        assert_eq!(reader(Some(&bureau), &row), Some(Reader::Supervisor));
        let province = actor(Role::Province, None);
        assert_eq!(reader(Some(&province), &row), Some(Reader::Supervisor));
        assert_eq!(reader(Some(&other_clerk), &row), None);
        assert_eq!(reader(Some(&school), &row), None);
        let xiamen = actor(Role::Bureau, Some(City::Xiamen));
        assert_eq!(reader(Some(&xiamen), &row), None);
        assert_eq!(reader(None, &row), None);
    }

    #[test]
    fn an_approved_order_is_public_and_an_institution_sees_its_own_bid() {
        let row = order(OrderStatus::Approved);
        let mut school = actor(Role::Institution, Some(City::Fuzhou));
        school.institution_id = Some(4);
        assert_eq!(reader(Some(&school), &row), Some(Reader::Institution(4)));
        assert_eq!(reader(None, &row), Some(Reader::Public));
        let worker = actor(Role::Worker, Some(City::Fuzhou));
        assert_eq!(reader(Some(&worker), &row), Some(Reader::Public));
    }
}
