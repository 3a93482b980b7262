//! Drafting an edition and reading editions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{editable_edition, edition, edition_target, record, require, store, Scope};
use crate::{
    domain::{
        china_date, CatalogueKind, CatalogueStatus, City, CityPublication, CourseInput,
        CourseRecord, EditionDetail, EditionSummary, InputError, InstitutionInput, NewCourse,
        NewInstitution, OccupationIndex, PublicationStanding,
    },
    error::{AppError, Conflict, Missing},
    server::{
        access::Actor,
        database_failure,
        db::{catalogue as rows_store, Database, Tx},
        AppState,
    },
};

/// A row as typed into the edition's form or sent to the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RowInput {
    Course(CourseInput),
    Institution(InstitutionInput),
}

/// A row that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckedRow {
    Course(NewCourse),
    Institution(NewInstitution),
}

impl CheckedRow {
    /// The row's occupation or institution name, for lists and the history.
    pub fn label(&self) -> String {
        match self {
            CheckedRow::Course(course) => course.occupation_name.as_str().to_owned(),
            CheckedRow::Institution(institution) => institution.name.as_str().to_owned(),
        }
    }

    /// What no two rows of an edition share: the occupation key or the
    /// institution name.
    pub fn key(&self) -> String {
        match self {
            CheckedRow::Course(course) => course.occupation_key(),
            CheckedRow::Institution(institution) => institution.name.as_str().to_owned(),
        }
    }

    /// The row as JSON, as the history keeps it.
    pub fn record_json(&self) -> String {
        let json = match self {
            CheckedRow::Course(course) => {
                serde_json::to_string(&crate::domain::CourseRecord::from(course))
            }
            CheckedRow::Institution(institution) => {
                serde_json::to_string(&crate::domain::InstitutionRecord::from(institution))
            }
        };
        // Plain records of strings, numbers and lists always serialise.
        json.unwrap_or_default()
    }
}

/// Which course catalogue an institution's occupations are checked
/// against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OccupationSource {
    /// A draft's rows: the city's course edition of the same year,
    /// whatever its state, else the one in force.
    SameYear,
    /// An adjustment of a published edition: the course catalogue in
    /// force, rows that are not removed only.
    InForce,
}

/// Checks a row for an edition of `kind` in `city` and `year`: the same
/// rules as every form, and an institution may train only occupations of
/// the city's course catalogue (`source` says which).
pub async fn check_row(
    db: &Database,
    kind: CatalogueKind,
    city: City,
    year: i32,
    input: &RowInput,
    source: OccupationSource,
    today: NaiveDate,
) -> Result<CheckedRow, AppError> {
    match (kind, input) {
        (CatalogueKind::Course, RowInput::Course(input)) => {
            Ok(CheckedRow::Course(NewCourse::try_from(input)?))
        }
        (CatalogueKind::Institution, RowInput::Institution(input)) => {
            let institution = NewInstitution::try_from(input)?;
            let index = occupation_index(db, city, year, source, today).await?;
            for occupation in &institution.occupations {
                let code = occupation.code.as_ref().map(|c| c.as_str());
                if !index.knows(occupation.name.as_str(), code) {
                    return Err(AppError::Invalid(InputError::OccupationNotInCatalogue {
                        name: occupation.name.as_str().to_owned(),
                    }));
                }
            }
            Ok(CheckedRow::Institution(institution))
        }
        _ => Err(AppError::Malformed),
    }
}

/// The occupations an institution of `city` may list (see
/// [`OccupationSource`]).
pub async fn occupation_index(
    db: &Database,
    city: City,
    year: i32,
    source: OccupationSource,
    today: NaiveDate,
) -> Result<OccupationIndex, AppError> {
    let failed = || database_failure("reading the course catalogue");
    let same_year = match source {
        OccupationSource::SameYear => store::find_edition(db, CatalogueKind::Course, city, year)
            .await
            .map_err(failed())?,
        OccupationSource::InForce => None,
    };
    let source = match same_year {
        Some(edition) => Some(edition),
        None => store::find_current_edition(db, CatalogueKind::Course, city, today)
            .await
            .map_err(failed())?,
    };
    let Some(source) = source else {
        return Ok(OccupationIndex::default());
    };
    let courses = store::list_edition_courses(db, source.id)
        .await
        .map_err(failed())?;
    let records: Vec<CourseRecord> = courses.into_iter().map(|c| c.record).collect();
    Ok(OccupationIndex::new(&records))
}

/// Creates an empty draft, or a copy of the city's current edition.
pub async fn create_draft(
    state: &AppState,
    actor: &Actor,
    kind: CatalogueKind,
    city: City,
    year: i32,
    copy_current: bool,
    now: DateTime<Utc>,
) -> Result<EditionSummary, AppError> {
    let db = &state.db;
    require(db, actor, city, Scope::Edit, "catalogue:draft", now).await?;
    let failed = || database_failure("drafting a catalogue edition");
    if store::find_edition(db, kind, city, year)
        .await
        .map_err(failed())?
        .is_some()
    {
        return Err(AppError::Conflict(Conflict::EditionExists));
    }
    let source = if copy_current {
        let current = store::find_current_edition(db, kind, city, china_date(now))
            .await
            .map_err(failed())?;
        Some(current.ok_or(AppError::Conflict(Conflict::NoPublishedEdition))?)
    } else {
        None
    };
    let rows = match &source {
        Some(source) => rows_of(db, kind, source.id).await?,
        None => Vec::new(),
    };
    let mut tx = db.begin().await.map_err(failed())?;
    let id = store::insert_draft(
        &mut tx,
        kind,
        city,
        year,
        Some(&actor.user_id),
        source.as_ref().map(|s| s.id),
        now,
    )
    .await
    .map_err(|error| {
        if super::super::db::is_unique_violation(&error, "catalogues_kind_city_year_key") {
            AppError::Conflict(Conflict::EditionExists)
        } else {
            failed()(error)
        }
    })?;
    insert_rows(&mut tx, id, &rows).await?;
    let reason = match &source {
        Some(source) => format!(
            "{} {year}, copied from {} ({} rows)",
            kind.code(),
            source.year,
            rows.len()
        ),
        None => format!("{} {year}, empty", kind.code()),
    };
    record(
        &mut tx,
        Some(actor),
        "catalogue.draft",
        &edition_target(id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    summary(db, id).await
}

/// The rows in force of an edition, as checked rows.
pub async fn rows_of(
    db: &Database,
    kind: CatalogueKind,
    id: i64,
) -> Result<Vec<CheckedRow>, AppError> {
    Ok(rows_with_ids(db, kind, id)
        .await?
        .into_iter()
        .map(|(_, row)| row)
        .collect())
}

/// The rows in force of an edition with their ids.
pub async fn rows_with_ids(
    db: &Database,
    kind: CatalogueKind,
    id: i64,
) -> Result<Vec<(i64, CheckedRow)>, AppError> {
    let failed = || database_failure("reading catalogue rows");
    let checked = match kind {
        CatalogueKind::Course => store::list_edition_courses(db, id)
            .await
            .map_err(failed())?
            .into_iter()
            .map(|row| {
                NewCourse::try_from(&row.record.to_input()).map(|c| (row.id, CheckedRow::Course(c)))
            })
            .collect::<Result<Vec<_>, _>>(),
        CatalogueKind::Institution => store::list_edition_institutions(db, id)
            .await
            .map_err(failed())?
            .into_iter()
            .map(|row| {
                NewInstitution::try_from(&row.record.to_input())
                    .map(|i| (row.id, CheckedRow::Institution(i)))
            })
            .collect::<Result<Vec<_>, _>>(),
    };
    // Stored rows passed these rules when they were stored.
    checked.map_err(|error| {
        tracing::error!(%error, edition = id, "a stored catalogue row no longer passes its rules");
        AppError::Internal
    })
}

/// A row kept as JSON in an adjustment's change, checked again.
pub fn row_from_json(kind: CatalogueKind, json: &str) -> Result<CheckedRow, AppError> {
    let broken = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "a stored catalogue change does not read back");
        AppError::Internal
    };
    match kind {
        CatalogueKind::Course => {
            let record: CourseRecord = serde_json::from_str(json).map_err(|e| broken(&e))?;
            NewCourse::try_from(&record.to_input())
                .map(CheckedRow::Course)
                .map_err(|e| broken(&e))
        }
        CatalogueKind::Institution => {
            let record: crate::domain::InstitutionRecord =
                serde_json::from_str(json).map_err(|e| broken(&e))?;
            NewInstitution::try_from(&record.to_input())
                .map(CheckedRow::Institution)
                .map_err(|e| broken(&e))
        }
    }
}

/// Appends rows to an edition, in order.
pub async fn insert_rows(tx: &mut Tx, id: i64, rows: &[CheckedRow]) -> Result<(), AppError> {
    let failed = || database_failure("storing catalogue rows");
    for (position, row) in (0_i64..).zip(rows) {
        insert_row(tx, id, position, row).await.map_err(failed())?;
    }
    Ok(())
}

pub async fn insert_row(
    tx: &mut Tx,
    id: i64,
    position: i64,
    row: &CheckedRow,
) -> Result<i64, sqlx::Error> {
    match row {
        CheckedRow::Course(course) => rows_store::insert_course(tx, id, position, course).await,
        CheckedRow::Institution(institution) => {
            rows_store::insert_institution(tx, id, position, institution).await
        }
    }
}

/// An edition's header with its newest filing.
pub async fn summary(db: &Database, id: i64) -> Result<EditionSummary, AppError> {
    let failed = || database_failure("reading a catalogue edition");
    let row = edition(db, id).await?;
    let filings = store::list_filings_of(db, id).await.map_err(failed())?;
    let latest = filings
        .first()
        .map(store::FilingRow::summary)
        .transpose()
        .map_err(failed())?;
    row.summary(latest).map_err(failed())
}

/// The editions the caller may see: a bureau its city's, the province all.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<EditionSummary>, AppError> {
    let city = match (actor.role, actor.city) {
        (crate::domain::Role::Province, _) => None,
        (crate::domain::Role::Bureau, Some(city)) => Some(city),
        _ => {
            return Err(crate::server::audit::refuse(&state.db, actor, "catalogue:list", now).await)
        }
    };
    let failed = || database_failure("listing catalogue editions");
    let rows = store::list_editions(&state.db, city)
        .await
        .map_err(failed())?;
    let mut editions = Vec::with_capacity(rows.len());
    for row in rows {
        editions.push(summary(&state.db, row.id).await?);
    }
    Ok(editions)
}

/// An edition with its rows in force and its filings. Drafts and filings
/// are for the city's bureau and the province; a published edition is
/// public.
pub async fn detail(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<EditionDetail, AppError> {
    let db = &state.db;
    let failed = || database_failure("reading a catalogue edition");
    let row = edition(db, id).await?;
    let city = row.city().map_err(failed())?;
    let may_read = actor.is_some_and(|actor| super::allowed(actor, city, Scope::Read));
    if !may_read && row.status != CatalogueStatus::Published {
        return Err(match actor {
            Some(actor) => crate::server::audit::refuse(db, actor, &edition_target(id), now).await,
            None => AppError::NotFound(Missing::Edition),
        });
    }
    load_detail(db, &row, may_read).await
}

/// An edition's rows in force and, with `with_filings`, its filings; no
/// scope check (the command line on the server itself uses it directly).
pub async fn load_detail(
    db: &Database,
    row: &store::EditionRow,
    with_filings: bool,
) -> Result<EditionDetail, AppError> {
    let failed = || database_failure("reading a catalogue edition");
    let id = row.id;
    let (courses, institutions) = match row.kind {
        CatalogueKind::Course => (
            store::list_edition_courses(db, id)
                .await
                .map_err(failed())?,
            Vec::new(),
        ),
        CatalogueKind::Institution => (
            Vec::new(),
            store::list_edition_institutions(db, id)
                .await
                .map_err(failed())?,
        ),
    };
    let filings = if with_filings {
        store::list_filings_of(db, id)
            .await
            .map_err(failed())?
            .iter()
            .map(store::FilingRow::summary)
            .collect::<Result<Vec<_>, _>>()
            .map_err(failed())?
    } else {
        Vec::new()
    };
    Ok(EditionDetail {
        edition: row.summary(filings.first().cloned()).map_err(failed())?,
        courses,
        institutions,
        filings,
    })
}

/// A draft the caller may edit, or the reason not.
async fn editable_draft(
    state: &AppState,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(store::EditionRow, City), AppError> {
    let (row, city) = editable_edition(&state.db, actor, id, now).await?;
    if row.status != CatalogueStatus::Draft {
        return Err(AppError::Conflict(Conflict::EditionNotDraft));
    }
    Ok((row, city))
}

/// Adds a row to a draft; its id.
pub async fn add_row(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &RowInput,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let (draft, city) = editable_draft(state, actor, id, now).await?;
    let row = check_row(
        &state.db,
        draft.kind,
        city,
        draft.year,
        input,
        OccupationSource::SameYear,
        china_date(now),
    )
    .await?;
    let failed = || database_failure("adding a catalogue row");
    let mut tx = state.db.begin().await.map_err(failed())?;
    hold_draft(&mut tx, id).await?;
    refuse_duplicate(&mut tx, draft.kind, id, &row, None).await?;
    let position = store::next_position(&mut tx, draft.kind, id)
        .await
        .map_err(failed())?;
    let row_id = insert_row(&mut tx, id, position, &row)
        .await
        .map_err(failed())?;
    let reason = format!("added {}", row.label());
    record(
        &mut tx,
        Some(actor),
        "catalogue.row_add",
        &edition_target(id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(row_id)
}

/// Holds a draft for the change in `tx`, or refuses when it was filed
/// meanwhile: the state read before the transaction is checked again.
pub async fn hold_draft(tx: &mut Tx, id: i64) -> Result<(), AppError> {
    if store::lock_draft(tx, id)
        .await
        .map_err(database_failure("holding a draft"))?
    {
        Ok(())
    } else {
        Err(AppError::Conflict(Conflict::EditionNotDraft))
    }
}

/// Refuses a row whose occupation or name another row of the edition has.
pub async fn refuse_duplicate(
    tx: &mut Tx,
    kind: CatalogueKind,
    id: i64,
    row: &CheckedRow,
    except: Option<i64>,
) -> Result<(), AppError> {
    let existing = store::find_row_by_key(tx, kind, id, &row.key())
        .await
        .map_err(database_failure("checking a catalogue row"))?;
    match existing {
        Some(other) if Some(other) != except => Err(AppError::Invalid(match row {
            CheckedRow::Course(_) => InputError::DuplicateOccupation { name: row.label() },
            CheckedRow::Institution(_) => InputError::DuplicateInstitution { name: row.label() },
        })),
        _ => Ok(()),
    }
}

/// The draft row `row_id` of edition `id`, or 404.
async fn draft_row(tx: &mut Tx, kind: CatalogueKind, id: i64, row_id: i64) -> Result<(), AppError> {
    let found = store::find_row(tx, kind, row_id)
        .await
        .map_err(database_failure("reading a catalogue row"))?;
    match found {
        Some((edition_id, None)) if edition_id == id => Ok(()),
        _ => Err(AppError::NotFound(Missing::CatalogueRow)),
    }
}

/// Replaces the values of a draft's row.
pub async fn update_row(
    state: &AppState,
    actor: &Actor,
    id: i64,
    row_id: i64,
    input: &RowInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (draft, city) = editable_draft(state, actor, id, now).await?;
    let row = check_row(
        &state.db,
        draft.kind,
        city,
        draft.year,
        input,
        OccupationSource::SameYear,
        china_date(now),
    )
    .await?;
    let failed = || database_failure("changing a catalogue row");
    let mut tx = state.db.begin().await.map_err(failed())?;
    hold_draft(&mut tx, id).await?;
    draft_row(&mut tx, draft.kind, id, row_id).await?;
    refuse_duplicate(&mut tx, draft.kind, id, &row, Some(row_id)).await?;
    write_row(&mut tx, row_id, &row).await.map_err(failed())?;
    let reason = format!("changed {}", row.label());
    record(
        &mut tx,
        Some(actor),
        "catalogue.row_change",
        &edition_target(id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())
}

/// Writes a row's new values over `row_id`.
pub async fn write_row(tx: &mut Tx, row_id: i64, row: &CheckedRow) -> Result<(), sqlx::Error> {
    match row {
        CheckedRow::Course(course) => store::update_course(tx, row_id, course).await,
        CheckedRow::Institution(institution) => {
            store::update_institution(tx, row_id, institution).await
        }
    }
}

/// Deletes a draft's row.
pub async fn delete_row(
    state: &AppState,
    actor: &Actor,
    id: i64,
    row_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (draft, city) = editable_draft(state, actor, id, now).await?;
    let failed = || database_failure("deleting a catalogue row");
    let mut tx = state.db.begin().await.map_err(failed())?;
    hold_draft(&mut tx, id).await?;
    draft_row(&mut tx, draft.kind, id, row_id).await?;
    store::delete_row(&mut tx, draft.kind, row_id)
        .await
        .map_err(failed())?;
    let reason = format!("deleted row {row_id}");
    record(
        &mut tx,
        Some(actor),
        "catalogue.row_delete",
        &edition_target(id),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())
}

/// For the province: where every city stands with both catalogues for
/// the year of `now`. For a bureau: its own city only.
pub async fn publication_overview(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<CityPublication>, AppError> {
    let cities: Vec<City> = match (actor.role, actor.city) {
        (crate::domain::Role::Province, _) => City::ALL.to_vec(),
        (crate::domain::Role::Bureau, Some(city)) => vec![city],
        _ => {
            return Err(
                crate::server::audit::refuse(&state.db, actor, "catalogue:overview", now).await,
            )
        }
    };
    let today = china_date(now);
    let year = chrono::Datelike::year(&today);
    let failed = || database_failure("reading catalogue publication");
    let mut overview = Vec::with_capacity(cities.len());
    for city in cities {
        let standing = |published: bool| PublicationStanding::on(today, published);
        let course = store::find_edition(&state.db, CatalogueKind::Course, city, year)
            .await
            .map_err(failed())?;
        let institution = store::find_edition(&state.db, CatalogueKind::Institution, city, year)
            .await
            .map_err(failed())?;
        let is_published = |row: &Option<store::EditionRow>| {
            row.as_ref()
                .is_some_and(|row| row.status == CatalogueStatus::Published)
        };
        overview.push(CityPublication {
            city,
            course: standing(is_published(&course)),
            institution: standing(is_published(&institution)),
        });
    }
    Ok(overview)
}
