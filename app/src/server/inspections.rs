//! Process inspections (过程检查, measure 3 of 闽人社发〔2024〕2号). A
//! bureau, or a third-party supervisor it engaged, schedules or records
//! an inspection of a class session of its city, on site or remote: the
//! people counted in the room, whether the teaching matched the plan, the
//! findings, photos and a result. Fewer people counted than checked in
//! raises the session's over-headcount warning, which holds the class's
//! claims until cleared. The institution reads the result and answers a
//! 整改; the province reads everything. Photos are shown to the bureau and
//! its supervisors only. Every change is in the audit trail.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit,
    crypto::sha256_hex,
    database_failure,
    db::{
        attendance::{find_session_context, SessionContext},
        inspections::{self as store, InspectionFilter, InspectionRow, NewInspection, NewPhoto},
    },
    AppState,
};
use crate::{
    domain::{
        City, ClassStatus, InspectionMode, InspectionRecord, InspectionResult, InspectionStatus,
        PhotoType, Provider, RectificationAnswer, Role, MAX_PHOTOS_PER_INSPECTION, MAX_PHOTO_BYTES,
    },
    error::{AppError, Conflict, ImportProblem, Missing},
    views::{
        ClassInspections, InspectableSession, InspectionOverview, InspectionPhotoView,
        InspectionView, ProviderInspections, UninspectedClass,
    },
};

pub use store::PhotoFile;

/// What an inspector's findings are recorded on: a session not inspected
/// before, or an inspection scheduled earlier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inspected {
    Session(i64),
    Scheduled(i64),
}

/// The inspections `actor` may read when asking for `asked`: a bureau
/// and its supervisors their city's (another is refused), the province
/// any area's or all, an institution or employer its own classes'.
fn read_filter(actor: &Actor, asked: Option<City>) -> Option<InspectionFilter> {
    let own_city = |city: City| InspectionFilter {
        city: Some(city),
        ..InspectionFilter::default()
    };
    match (actor.role, actor.city) {
        (Role::Province, _) => Some(InspectionFilter {
            city: asked,
            ..InspectionFilter::default()
        }),
        (Role::Bureau | Role::Supervisor, Some(city)) if asked.is_none_or(|a| a == city) => {
            Some(own_city(city))
        }
        (Role::Institution, _) => actor
            .own_institution()
            .ok()
            .map(|(id, _)| InspectionFilter {
                institution_id: Some(id),
                ..InspectionFilter::default()
            }),
        (Role::Employer, _) => actor.own_employer().ok().map(|(id, _)| InspectionFilter {
            employer_id: Some(id),
            ..InspectionFilter::default()
        }),
        _ => None,
    }
}

/// The inspections of a city (or the province, or an institution's own
/// classes) by class and institution, and the classes never inspected.
pub async fn overview(
    state: &AppState,
    actor: &Actor,
    asked: Option<City>,
    now: DateTime<Utc>,
) -> Result<InspectionOverview, AppError> {
    let Some(filter) = read_filter(actor, asked) else {
        let target = asked.map_or("inspections".to_owned(), |city| {
            format!("inspections:{}", city.code())
        });
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    };
    let failed = || database_failure("reading the inspections");
    let rows = store::list_inspections(&state.db, filter)
        .await
        .map_err(failed())?;
    let tallies = store::tally_classes(&state.db, filter)
        .await
        .map_err(failed())?;
    Ok(InspectionOverview {
        city: filter.city,
        may_inspect: filter.city.is_some_and(|city| actor.may_inspect_city(city)),
        inspections: views_of(state, actor, rows).await?,
        by_provider: by_provider(&tallies),
        never_inspected: tallies
            .iter()
            .filter(|class| class.recorded == 0)
            .map(|class| UninspectedClass {
                class_id: class.class_id,
                city: class.city_code,
                provider_name: class.provider_name.clone(),
                occupation_name: class.occupation_name.clone(),
                enrolled: class.enrolled,
                first_session_at: class.first_session_at,
                last_session_ends_at: class.last_session_ends_at,
            })
            .collect(),
    })
}

/// The classes' tallies summed per institution or employer.
fn by_provider(tallies: &[store::ClassInspectionTally]) -> Vec<ProviderInspections> {
    let mut lines: BTreeMap<&str, ProviderInspections> = BTreeMap::new();
    for class in tallies {
        let line = lines
            .entry(class.provider_name.as_str())
            .or_insert_with(|| ProviderInspections {
                provider_name: class.provider_name.clone(),
                classes: 0,
                inspected_classes: 0,
                passed: 0,
                rectify: 0,
                failed: 0,
                awaiting_answer: 0,
            });
        line.classes += 1;
        line.inspected_classes += i64::from(class.recorded > 0);
        line.passed += class.passed;
        line.rectify += class.rectify;
        line.failed += class.failed;
        line.awaiting_answer += class.awaiting_answer;
    }
    lines.into_values().collect()
}

/// A class's sessions and inspections, for whoever may see the class.
pub async fn of_class(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<ClassInspections, AppError> {
    let class = super::classes::find(&state.db, class_id).await?;
    if !actor.may_read_inspections(class.city_code, class.provider()) {
        let target = format!("class:{class_id}:inspections");
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let failed = || database_failure("reading a class's inspections");
    let filter = InspectionFilter {
        class_id: Some(class_id),
        ..InspectionFilter::default()
    };
    let rows = store::list_inspections(&state.db, filter)
        .await
        .map_err(failed())?;
    let sessions = store::list_sessions_with_check_ins(&state.db, class_id)
        .await
        .map_err(failed())?;
    Ok(ClassInspections {
        class_id,
        city: class.city_code,
        provider_name: class.institution_name.clone(),
        occupation_name: class.occupation_name.clone(),
        sessions: sessions
            .into_iter()
            .map(|session| InspectableSession {
                session_id: session.session_id,
                position: session.position,
                starts_at: session.starts_at,
                ends_at: session.ends_at,
                check_ins: session.check_ins,
                started: session.starts_at <= now,
            })
            .collect(),
        inspections: views_of(state, actor, rows).await?,
        may_inspect: class.status == ClassStatus::Approved
            && actor.may_inspect_city(class.city_code),
        may_answer: actor.is_staff_of(class.provider()),
    })
}

/// One inspection, for whoever may see its class.
pub async fn find(
    state: &AppState,
    actor: &Actor,
    inspection_id: i64,
    now: DateTime<Utc>,
) -> Result<InspectionView, AppError> {
    let row = find_row(state, inspection_id).await?;
    if !actor.may_read_inspections(row.city_code, provider_of(&row)) {
        let target = format!("inspection:{inspection_id}");
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let mut views = views_of(state, actor, vec![row]).await?;
    views.pop().ok_or(AppError::NotFound(Missing::Inspection))
}

/// Plans an inspection of a session of an approved class.
pub async fn schedule(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    mode: InspectionMode,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let session = inspectable_session(state, actor, session_id, now).await?;
    let failed = || database_failure("scheduling an inspection");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = store::insert_scheduled(&mut tx, &new_inspection(actor, &session, mode), now)
        .await
        .map_err(failed())?;
    let why = format!(
        "session {} ({}), {}",
        session.position,
        session.session_id,
        mode.code()
    );
    let target = format!("inspection:{id}");
    audit::record_done(
        &mut tx,
        actor,
        "inspection.scheduled",
        &target,
        &why,
        session.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(id)
}

/// A recorded inspection, and whether its headcount raised the
/// over-headcount warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub warned: bool,
}

/// Records an inspector's findings, on a session or on an inspection
/// scheduled earlier. Fewer people counted than checked in raises the
/// session's over-headcount warning, in the same transaction.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    on: Inspected,
    record: &InspectionRecord,
    now: DateTime<Utc>,
) -> Result<Recorded, AppError> {
    let (session_id, scheduled) = match on {
        Inspected::Session(session_id) => (session_id, None),
        Inspected::Scheduled(id) => (find_row(state, id).await?.session_id, Some(id)),
    };
    let session = inspectable_session(state, actor, session_id, now).await?;
    if now < session.starts_at {
        return Err(AppError::Conflict(Conflict::NotInspectable));
    }
    let failed = || database_failure("recording an inspection");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = match scheduled {
        Some(id) => id,
        None => {
            store::insert_scheduled(&mut tx, &new_inspection(actor, &session, record.mode), now)
                .await
                .map_err(failed())?
        }
    };
    if !store::record_findings(&mut tx, id, record, &actor.user_id, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::InspectionRecorded));
    }
    let warned =
        super::risk::check_inspector_headcount(&mut tx, &session, id, record.headcount, now)
            .await?;
    let why = format!(
        "{}; headcount {}{}; teaching as planned: {}",
        record.result.code(),
        record.headcount,
        if warned {
            " (over-headcount warning)"
        } else {
            ""
        },
        record.teaching_matches_plan,
    );
    let target = format!("inspection:{id}");
    audit::record_done(
        &mut tx,
        actor,
        "inspection.recorded",
        &target,
        &why,
        session.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    if warned {
        super::subsidies::recheck_class_quietly(state, session.class_id, now).await;
    }
    Ok(Recorded { id, warned })
}

/// The institution (or employer) that runs the class answers a 整改 with
/// what it changed.
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    inspection_id: i64,
    answer: &RectificationAnswer,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = find_row(state, inspection_id).await?;
    let target = format!("inspection:{inspection_id}");
    if !actor.is_staff_of(provider_of(&row)) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let failed = || database_failure("answering a rectification");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::answer_rectification(&mut tx, inspection_id, answer.as_str(), &actor.user_id, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::NoRectificationToAnswer));
    }
    audit::record_done(
        &mut tx,
        actor,
        "inspection.answered",
        &target,
        answer.as_str(),
        row.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())
}

/// Files a photo with a recorded inspection: a JPEG, PNG or WebP image
/// (by its bytes) of at most 2 MB, at most six per inspection, kept with
/// its SHA-256.
pub async fn add_photo(
    state: &AppState,
    actor: &Actor,
    inspection_id: i64,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let row = find_row(state, inspection_id).await?;
    let target = format!("inspection:{inspection_id}");
    if !actor.may_inspect_city(row.city_code) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let content_type = photo_type(bytes)?;
    if row.status != InspectionStatus::Recorded {
        return Err(AppError::Conflict(Conflict::PhotosNotAccepted));
    }
    let failed = || database_failure("filing an inspection photo");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let filed = store::count_photos(&mut tx, inspection_id)
        .await
        .map_err(failed())?;
    if filed >= MAX_PHOTOS_PER_INSPECTION {
        return Err(AppError::Conflict(Conflict::PhotosNotAccepted));
    }
    let sha256 = sha256_hex(bytes);
    let photo = NewPhoto {
        inspection_id,
        content_type,
        bytes,
        sha256: &sha256,
        uploaded_by: &actor.user_id,
    };
    let id = store::insert_photo(&mut tx, &photo, now)
        .await
        .map_err(failed())?;
    let why = format!(
        "photo {id}: {}, {} bytes, sha256 {sha256}",
        content_type.code(),
        bytes.len()
    );
    audit::record_done(
        &mut tx,
        actor,
        "inspection.photo_added",
        &target,
        &why,
        row.city_code,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(id)
}

/// What a photo's bytes say it is, refusing an empty, oversized or
/// non-image file.
fn photo_type(bytes: &[u8]) -> Result<PhotoType, AppError> {
    if bytes.is_empty() {
        return Err(AppError::Invalid(crate::domain::InputError::Required {
            field: crate::domain::Field::Photo,
        }));
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(AppError::Import(ImportProblem::PhotoTooLarge {
            max_megabytes: MAX_PHOTO_BYTES / (1024 * 1024),
        }));
    }
    PhotoType::sniff(bytes).ok_or(AppError::Import(ImportProblem::NotAnImage))
}

/// A photo's file, for the bureau of the inspection's city and its
/// supervisors only.
pub async fn photo(
    state: &AppState,
    actor: &Actor,
    inspection_id: i64,
    photo_id: i64,
    now: DateTime<Utc>,
) -> Result<PhotoFile, AppError> {
    let row = find_row(state, inspection_id).await?;
    if !actor.may_inspect_city(row.city_code) {
        let target = format!("inspection:{inspection_id}:photo:{photo_id}");
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    store::find_photo_file(&state.db, inspection_id, photo_id)
        .await
        .map_err(database_failure("reading an inspection photo"))?
        .ok_or(AppError::NotFound(Missing::Photo))
}

async fn find_row(state: &AppState, inspection_id: i64) -> Result<InspectionRow, AppError> {
    store::find_inspection(&state.db, inspection_id)
        .await
        .map_err(database_failure("reading an inspection"))?
        .ok_or(AppError::NotFound(Missing::Inspection))
}

fn provider_of(row: &InspectionRow) -> Provider {
    Provider::from_ids(row.institution_id, row.employer_id)
}

/// The session, when `actor` inspects its city and its class is approved.
async fn inspectable_session(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<SessionContext, AppError> {
    let session = find_session_context(&state.db, session_id)
        .await
        .map_err(database_failure("reading a session"))?
        .ok_or(AppError::NotFound(Missing::Session))?;
    if !actor.may_inspect_city(session.city_code) {
        let target = format!("session:{session_id}:inspection");
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    if session.class_status != ClassStatus::Approved {
        return Err(AppError::Conflict(Conflict::NotInspectable));
    }
    Ok(session)
}

fn new_inspection<'a>(
    actor: &'a Actor,
    session: &SessionContext,
    mode: InspectionMode,
) -> NewInspection<'a> {
    NewInspection {
        city: session.city_code,
        class_id: session.class_id,
        session_id: session.session_id,
        mode,
        scheduled_by: &actor.user_id,
    }
}

/// The rows as `actor` sees them: with their photos for the bureau of
/// the city and its supervisors, without for anyone else.
async fn views_of(
    state: &AppState,
    actor: &Actor,
    rows: Vec<InspectionRow>,
) -> Result<Vec<InspectionView>, AppError> {
    let shown: Vec<i64> = rows
        .iter()
        .filter(|row| actor.may_inspect_city(row.city_code))
        .map(|row| row.id)
        .collect();
    let photos = store::list_photos(&state.db, &shown)
        .await
        .map_err(database_failure("reading inspection photos"))?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let photos = photos
                .iter()
                .filter(|photo| photo.inspection_id == row.id)
                .map(|photo| InspectionPhotoView {
                    id: photo.id,
                    content_type: photo.content_type,
                    byte_count: photo.byte_count,
                    sha256: photo.sha256.clone(),
                    uploaded_at: photo.uploaded_at,
                })
                .collect();
            view(row, photos)
        })
        .collect())
}

fn view(row: InspectionRow, photos: Vec<InspectionPhotoView>) -> InspectionView {
    InspectionView {
        awaiting_answer: row.result == Some(InspectionResult::Rectify) && row.answered_at.is_none(),
        id: row.id,
        city: row.city_code,
        class_id: row.class_id,
        session_id: row.session_id,
        session_position: row.session_position,
        session_starts_at: row.session_starts_at,
        provider_name: row.provider_name,
        occupation_name: row.occupation_name,
        status: row.status,
        mode: row.mode,
        scheduled_by: row.scheduled_by_name,
        scheduled_at: row.scheduled_at,
        inspector: row.inspector_name,
        inspected_at: row.inspected_at,
        headcount: row.headcount,
        check_ins: row.check_ins,
        teaching_matches_plan: row.teaching_matches_plan,
        teaching_note: row.teaching_note,
        findings: row.findings,
        result: row.result,
        answer: row.answer,
        answered_at: row.answered_at,
        photos,
    }
}
