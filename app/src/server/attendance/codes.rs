//! The code a classroom screen shows now: the rotating check-in code (or
//! the roll-call code while a roll-call is open) as a QR picture.

use chrono::{DateTime, Utc};

use crate::server::{
    access::Actor,
    audit,
    check_in_codes::{self, CodeProblem},
    db::attendance::SessionContext,
    roll_calls, AppState,
};
use crate::{
    domain::{ClassStatus, Direction, ScanPurpose},
    error::{AppError, CheckInProblem, Conflict},
};

use super::{brief, session_city, session_context, DisplayedCode, RollCallShown};

/// The code the classroom screen of a session shows now (staff of the
/// class's institution only). Computing it writes nothing.
pub async fn display_code(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<DisplayedCode, AppError> {
    let session = session_context(&state.db, session_id).await?;
    let city = session_city(&session)?;
    if !actor.may_run_class(city, session.provider()) {
        return Err(audit::refuse(&state.db, actor, &format!("session:{session_id}"), now).await);
    }
    if session.class_status != ClassStatus::Approved {
        return Err(AppError::Conflict(Conflict::ClassNotOpen));
    }
    shown_code(state, &session, direction, now).await
}

/// The code a screen of `session` shows at `now`, once the caller was
/// allowed to see it (staff, or a display link): the roll-call's while
/// one is open, otherwise the one for `direction`. Computing it writes
/// nothing.
pub(crate) async fn shown_code(
    state: &AppState,
    session: &SessionContext,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<DisplayedCode, AppError> {
    let session_id = session.session_id;
    let roll_call = roll_calls::open_now(&state.db, session_id, now)
        .await?
        .map(|open| RollCallShown {
            seq: open.seq,
            closes_at: open.closes_at,
        });
    let purpose = match roll_call {
        Some(_) => ScanPurpose::RollCall,
        None => ScanPurpose::Mark(direction),
    };
    let code = check_in_codes::issue(&state.security.keys, session_id, purpose, now);
    let url = format!("{}/c/{code}", state.security.public_origin);
    let (window_opens, window_closes) =
        state
            .attendance
            .window(direction, session.starts_at, session.ends_at);
    Ok(DisplayedCode {
        direction,
        roll_call,
        svg: qr_svg(&url)?,
        url,
        next_rotation: check_in_codes::next_rotation(check_in_codes::step_at(now)),
        window_opens,
        window_closes,
        open_now: (window_opens..=window_closes).contains(&now),
        session: brief(session),
    })
}

fn qr_svg(url: &str) -> Result<String, AppError> {
    use qrcode::{render::svg, EcLevel, QrCode};
    let code =
        QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|error| {
            tracing::error!(%error, "encoding a QR code");
            AppError::Internal
        })?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build())
}

pub(super) fn code_refusal(problem: CodeProblem) -> AppError {
    match problem {
        CodeProblem::Expired => AppError::CheckIn(CheckInProblem::CodeExpired),
        CodeProblem::Malformed | CodeProblem::Tampered | CodeProblem::FromTheFuture => {
            AppError::CheckIn(CheckInProblem::CodeInvalid)
        }
    }
}
