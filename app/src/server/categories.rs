//! Verified worker categories: the bureau of the worker's city verifies a
//! declared category one by one with a note, or by importing another
//! department's list (CSV in UTF-8 or GBK, or XLSX). Only verified
//! categories raise a claim's amount.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    database_failure,
    db::{
        categories::{self as store, ImportMatch, WorkerCategoryRow},
        Tx,
    },
    internal_absence, internal_fault,
    spreadsheet::{csv_rows, xlsx_rows, ListFile, ListFormat},
    AppState,
};

use crate::views::CategoryView;
use crate::{
    domain::{
        parse_import_rows, CalendarDate, CategoryDecision, CategorySource, CategoryStanding,
        CategoryStatus, City, ImportRow, NotMatchedReason, Role, WorkerCategory,
    },
    error::{AppError, Conflict, ImportProblem, Missing},
    i18n::Lang,
};

fn view(row: WorkerCategoryRow) -> Result<CategoryView, AppError> {
    Ok(CategoryView {
        id: row.id,
        worker_name: row.worker_name,
        id_number_masked: row.id_number_masked,
        city: row.city_code,
        category: row.category,
        status: row.status,
        source: row.source,
        declared_at: row.declared_at,
        decided_by: row.decided_by_name,
        decided_at: row.decided_at,
        note: row.note,
    })
}

/// Declared categories in `status`: the bureau's city, or every city for
/// the province. Anyone else is refused, and the refusal audited.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    status: CategoryStatus,
    now: DateTime<Utc>,
) -> Result<Vec<CategoryView>, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "worker_categories", now).await),
    };
    store::list_worker_categories(&state.db, scope.map(City::code), status.code())
        .await
        .map_err(database_failure("listing worker categories"))?
        .into_iter()
        .map(view)
        .collect()
}

/// The bureau of the worker's city verifies or refuses one declared
/// category, with its note; the decision and the audit record are written
/// together.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: i64,
    decision: &CategoryDecision,
    now: DateTime<Utc>,
) -> Result<CategoryView, AppError> {
    let failed = || database_failure("deciding a worker category");
    let row = store::find_worker_category(&state.db, id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::WorkerCategory))?;
    let target = format!("worker_category:{id}");
    let Some(city) = row.city_code.filter(|city| actor.may_supervise_city(*city)) else {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    };
    let status = decision.status();
    let mut tx = state.db.begin().await.map_err(failed())?;
    let changed = store::decide_worker_category(
        &mut tx,
        id,
        status.code(),
        CategorySource::Review.code(),
        &actor.user_id,
        decision.note(),
        now,
    )
    .await
    .map_err(failed())?;
    if !changed {
        return Err(AppError::Conflict(Conflict::CategoryAlreadyDecided));
    }
    let action = decision_action(status);
    audit_decision(&mut tx, actor, action, &target, decision.note(), city, now).await?;
    tx.commit().await.map_err(failed())?;
    let row = store::find_worker_category(&state.db, id)
        .await
        .map_err(failed())?
        .ok_or_else(|| internal_absence("the worker category just written"))?;
    view(row)
}

const fn decision_action(status: CategoryStatus) -> &'static str {
    match status {
        CategoryStatus::Refused => "worker_category.refuse",
        _ => "worker_category.verify",
    }
}

async fn audit_decision(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    target: &str,
    note: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let entry = Entry {
        actor: Some(actor),
        action,
        target,
        outcome: outcome::DONE,
        reason: note,
        city: Some(city),
    };
    audit::record_in(tx, &entry, now).await
}

/// Every category a worker declared, with where it stands.
pub async fn standings_of(
    state: &AppState,
    worker_id: &str,
) -> Result<Vec<CategoryStanding>, AppError> {
    let rows = store::list_categories_of_worker(&state.db, worker_id)
        .await
        .map_err(database_failure("reading a worker's categories"))?;
    Ok(rows
        .into_iter()
        .map(|row| CategoryStanding {
            category: row.category,
            status: row.status,
        })
        .collect())
}

/// The categories of a worker that count for the claim amount: verified
/// ones only.
pub async fn verified_categories(
    state: &AppState,
    worker_id: &str,
) -> Result<Vec<WorkerCategory>, AppError> {
    store::list_verified_categories(&state.db, worker_id)
        .await
        .map_err(database_failure("reading verified categories"))
}

/// A category line of the worker's timeline, in plain words.
pub fn standing_line(standing: &CategoryStanding, lang: Lang) -> String {
    let t = lang.category_texts();
    let label = standing.category.label(lang);
    match standing.status {
        CategoryStatus::Declared => (t.awaiting)(label),
        CategoryStatus::Verified => (t.verified)(label),
        CategoryStatus::Refused => (t.refused)(label),
    }
}

// ---- Importing a list -----------------------------------------------------

/// A row of the list that verified nothing, by its row number.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NotMatched {
    pub row: usize,
    pub reason: NotMatchedReason,
    pub message: &'static str,
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub verified: usize,
    pub already_verified: usize,
    pub not_matched: Vec<NotMatched>,
    /// The counts in a sentence, in the reader's language.
    pub message: String,
}

/// Reads and checks every row of a list; any bad row refuses the whole
/// file. CPU-bound, so it runs off the async runtime.
async fn read_list(file: ListFile, now: DateTime<Utc>) -> Result<Vec<ImportRow>, AppError> {
    let today = CalendarDate::of(now);
    tokio::task::spawn_blocking(move || {
        let rows = match file.format {
            ListFormat::Csv => csv_rows(&file.bytes),
            ListFormat::Xlsx => xlsx_rows(&file.bytes),
        }
        .map_err(AppError::Import)?;
        let parsed = parse_import_rows(&rows, today)
            .map_err(|problems| AppError::Import(ImportProblem::Rows(problems)))?;
        if parsed.is_empty() {
            return Err(AppError::Import(ImportProblem::Empty));
        }
        Ok(parsed)
    })
    .await
    .map_err(internal_fault)?
}

/// What one row of a list does to the worker it names.
enum RowEffect {
    Verify(i64),
    AlreadyVerified,
    NotMatched(NotMatchedReason),
}

fn row_effect(found: Option<ImportMatch>, city: City) -> RowEffect {
    let Some(found) = found.filter(|m| m.city_code.as_deref() == Some(city.code())) else {
        return RowEffect::NotMatched(NotMatchedReason::NoAccount);
    };
    match (found.category_id, found.status.as_deref()) {
        (Some(id), Some("declared")) => RowEffect::Verify(id),
        (Some(_), Some("verified")) => RowEffect::AlreadyVerified,
        (Some(_), _) => RowEffect::NotMatched(NotMatchedReason::Refused),
        (None, _) => RowEffect::NotMatched(NotMatchedReason::NotDeclared),
    }
}

/// The bureau imports a list of another department: each row's ID number
/// is matched through its keyed look-up hash (never stored or logged in
/// clear) and its declared category verified. A bad row refuses the whole
/// list and changes nothing; rows naming no declared category of a worker
/// of the city are reported back by row number.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    file: ListFile,
    note: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ImportOutcome, AppError> {
    let city = match (actor.role, actor.city) {
        (Role::Bureau, Some(city)) => city,
        _ => return Err(audit::refuse(&state.db, actor, "worker_categories:import", now).await),
    };
    let rows = read_list(file, now).await?;
    let note = match note.trim() {
        "" => lang.category_texts().import_default_note,
        note => note,
    };
    let failed = || database_failure("importing worker categories");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let mut result = ImportOutcome::default();
    for row in &rows {
        let lookup = state.security.keys.id_number_lookup(&row.id_number);
        let found = store::find_import_match(&mut tx, &lookup, row.category.code())
            .await
            .map_err(failed())?;
        match row_effect(found, city) {
            RowEffect::Verify(id) => {
                verify_imported(&mut tx, actor, id, note, city, now).await?;
                result.verified += 1;
            }
            RowEffect::AlreadyVerified => result.already_verified += 1,
            RowEffect::NotMatched(reason) => result.not_matched.push(NotMatched {
                row: row.row,
                reason,
                message: reason.label(lang),
            }),
        }
    }
    let summary = format!(
        "{} rows: {} verified, {} already verified, {} not matched; {note}",
        rows.len(),
        result.verified,
        result.already_verified,
        result.not_matched.len()
    );
    audit_decision(
        &mut tx,
        actor,
        "worker_category.import",
        "worker_categories",
        &summary,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    result.message = (lang.category_texts().import_summary)(
        result.verified,
        result.already_verified,
        result.not_matched.len(),
    );
    Ok(result)
}

async fn verify_imported(
    tx: &mut Tx,
    actor: &Actor,
    id: i64,
    note: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::decide_worker_category(
        tx,
        id,
        CategoryStatus::Verified.code(),
        CategorySource::Import.code(),
        &actor.user_id,
        note,
        now,
    )
    .await
    .map_err(database_failure("verifying an imported category"))?;
    let target = format!("worker_category:{id}");
    audit_decision(
        tx,
        actor,
        "worker_category.verify",
        &target,
        note,
        city,
        now,
    )
    .await
}
