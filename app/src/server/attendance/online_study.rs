//! Online study minutes reported by an approved platform for a worker's
//! online session.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::server::{
    audit::{self, outcome, Entry},
    classes::session_view,
    database_failure,
    db::{
        attendance::{self as store, PlatformRow, SessionContext},
        classes::{find_enrolment_id, list_sessions},
    },
    internal_absence, AppState,
};
use crate::{
    domain::{CalendarDate, IdNumber, SessionMode},
    error::{AppError, Conflict, Missing},
};

use super::{session_city, session_context};
use crate::views::SessionView;

/// What a platform reports: a worker's study time in an online session.
/// Its `Debug` masks the ID number.
#[derive(Clone, Deserialize, utoipa::ToSchema)]
pub struct StudyReport {
    pub session_id: i64,
    pub id_number: String,
    pub minutes: i64,
}

impl std::fmt::Debug for StudyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StudyReport")
            .field("session_id", &self.session_id)
            .field("id_number", &crate::domain::mask_id_number(&self.id_number))
            .field("minutes", &self.minutes)
            .finish()
    }
}

/// Records a platform's report of online study (replacing an earlier
/// report for the same worker and session). Only online sessions of a
/// class that chose this platform, only enrolled workers, at most the
/// session's length, and only until a subsidy claim is filed for the
/// enrolment. The audit record keeps the minutes before and after.
pub async fn report_online_study(
    state: &AppState,
    platform: &PlatformRow,
    report: &StudyReport,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    let session = reported_session(state, platform, report.session_id).await?;
    let scheduled = (session.ends_at - session.starts_at).num_minutes();
    if !(0..=scheduled).contains(&report.minutes) {
        return Err(AppError::Invalid(crate::domain::InputError::OutOfRange {
            field: crate::domain::Field::Minutes,
            min: 0,
            max: scheduled,
        }));
    }
    let enrolment_id = reported_enrolment(state, &session, &report.id_number, now).await?;
    let failed = || database_failure("recording online study");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let before = store::find_online_minutes(&mut tx, session.session_id, enrolment_id)
        .await
        .map_err(failed())?;
    let written = store::upsert_online_study(
        &mut tx,
        session.session_id,
        enrolment_id,
        report.minutes,
        platform.id,
        now,
    )
    .await
    .map_err(failed())?;
    if !written {
        return Err(AppError::Conflict(Conflict::StudyFrozenByClaim));
    }
    let target = format!("enrolment:{enrolment_id}");
    let reason = study_reason(session.session_id, before, report.minutes, platform);
    let entry = Entry {
        actor: None,
        action: "attendance.online_study",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    let sessions = list_sessions(&state.db, session.class_id)
        .await
        .map_err(failed())?;
    let row = sessions
        .iter()
        .find(|s| s.id == session.session_id)
        .ok_or_else(|| internal_absence("the reported session among its class's sessions"))?;
    session_view(row)
}

/// The online session a platform reports for, or 404 unless its class
/// (of the platform's city) chose this platform.
async fn reported_session(
    state: &AppState,
    platform: &PlatformRow,
    session_id: i64,
) -> Result<SessionContext, AppError> {
    let session = session_context(&state.db, session_id).await?;
    let chosen = store::find_session_platform(&state.db, session_id)
        .await
        .map_err(database_failure("finding a class's online platform"))?;
    if session.city_code != platform.city_code
        || session.mode != SessionMode::Online
        || chosen != Some(platform.id)
    {
        return Err(AppError::NotFound(Missing::Session));
    }
    Ok(session)
}

/// The enrolment in the session's class of the worker with `id_number`.
async fn reported_enrolment(
    state: &AppState,
    session: &SessionContext,
    id_number: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let number = IdNumber::parse(id_number, CalendarDate::of(now))?;
    let lookup = state.security.keys.id_number_lookup(&number);
    let failed = || database_failure("finding the reported worker");
    let worker = crate::server::db::identity::find_user_by_id_number(&state.db, &lookup)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    find_enrolment_id(&state.db, session.class_id, &worker.id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))
}

/// The audit reason of a report: `session:12 None → 45 min by platform 3
/// (name)`, or `30 → 45` when it replaces an earlier report.
fn study_reason(
    session_id: i64,
    before: Option<i64>,
    after: i64,
    platform: &PlatformRow,
) -> String {
    let before = before.map_or("None".to_owned(), |minutes| minutes.to_string());
    format!(
        "session:{session_id} {before} → {after} min reported by platform {} ({})",
        platform.id, platform.name
    )
}

#[cfg(test)]
mod study_report_debug {
    use super::StudyReport;

    #[test]
    fn the_debug_form_of_a_study_report_shows_the_id_number_masked_only() {
        let report = StudyReport {
            session_id: 12,
            id_number: "11010519491231002X".into(),
            minutes: 45,
        };
        let shown = format!("{report:?}");
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(shown.contains("1101**********002X"), "{shown}");
    }
}
