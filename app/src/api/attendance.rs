//! What the classroom screen island asks for: the rotating code, the
//! check-in count and the display link.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Where a classroom screen takes its code from: the signed-in staff
/// member's session, or a display link's token (no sign-in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeSource {
    Session(i64),
    DisplayLink(String),
}

/// The code a classroom screen shows now, ready to draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenCode {
    /// The QR code, an SVG document made on the server.
    pub svg: String,
    /// The address the code holds.
    pub url: String,
    pub open_now: bool,
    /// When scanning is open, in China time and the page's language.
    pub window_line: String,
    /// While a roll-call is open: what the screen says above its code.
    pub roll_call_line: Option<String>,
    /// Milliseconds until the code changes, so the screen asks again then.
    pub next_rotation_ms: u64,
}

/// A display link and, in words, until when it works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownDisplayLink {
    pub url: String,
    pub valid_until: String,
}

impl CodeSource {
    /// The session id or the token, as the query of [`current_code`] names
    /// them.
    pub fn parts(&self) -> (Option<i64>, Option<String>) {
        match self {
            CodeSource::Session(id) => (Some(*id), None),
            CodeSource::DisplayLink(token) => (None, Some(token.clone())),
        }
    }
}

/// The code of a session (`session_id`, for signed-in staff) or of a
/// display link (`token`) for `direction` (`in` or `out`).
// POST, like every call that reads personal or secret data: the
// same-origin check then refuses it from another site.
#[server(prefix = "/sfn", endpoint = "screen-code")]
pub async fn current_code(
    session_id: Option<i64>,
    token: Option<String>,
    direction: String,
) -> Result<ScreenCode, AppError> {
    use super::context::{request, respond_privately, signed_in};
    use crate::{
        domain::{china_time, Direction},
        server::{attendance, request::lang, screens},
    };

    respond_privately(
        async {
            let (state, headers) = request()?;
            let now = state.clock.now();
            let direction = Direction::parse(&direction)?;
            let code = match (session_id, token) {
                (Some(session_id), _) => {
                    let (_, _, actor) = signed_in().await?;
                    attendance::display_code(&state, &actor, session_id, direction, now).await?
                }
                (None, Some(token)) => screens::screen_code(&state, &token, direction, now).await?,
                (None, None) => {
                    return Err(crate::domain::InputError::Required {
                        field: crate::domain::Field::Id,
                    }
                    .into())
                }
            };
            let texts = lang(&headers).screen_texts();
            let clock = |at: chrono::DateTime<chrono::Utc>| {
                at.with_timezone(&china_time()).format("%H:%M").to_string()
            };
            let (opens, closes) = (clock(code.window_opens), clock(code.window_closes));
            let window_line = if code.open_now {
                (texts.window_open)(&opens, &closes)
            } else {
                (texts.window_closed)(&opens, &closes)
            };
            let roll_call_line = code
                .roll_call
                .map(|open| (texts.roll_call_open)(open.seq, &clock(open.closes_at)));
            let until_next = (code.next_rotation - now).num_milliseconds();
            Ok(ScreenCode {
                svg: code.svg,
                url: code.url,
                open_now: code.open_now,
                window_line,
                roll_call_line,
                next_rotation_ms: u64::try_from(until_next).unwrap_or(0),
            })
        }
        .await,
    )
}

/// How many of the session's workers have checked in, of how many.
#[server(prefix = "/sfn", endpoint = "screen-count")]
pub async fn screen_count(session_id: i64) -> Result<(usize, usize), AppError> {
    use super::context::{respond_privately, signed_in};
    use crate::server::attendance;

    respond_privately(
        async {
            let (state, _, actor) = signed_in().await?;
            let now = state.clock.now();
            let roster = attendance::roster(&state, &actor, session_id, now).await?;
            Ok((roster.checked_in, roster.enrolled))
        }
        .await,
    )
}

/// Issues today's display link of a session (recorded in the audit
/// trail).
#[server(prefix = "/sfn", endpoint = "display-link")]
pub async fn issue_display_link(session_id: i64) -> Result<ShownDisplayLink, AppError> {
    use super::context::{respond_privately, signed_in};
    use crate::server::{classes::local_time, screens};

    respond_privately(
        async {
            let (state, _, actor) = signed_in().await?;
            let now = state.clock.now();
            let link = screens::issue_link(&state, &actor, session_id, now).await?;
            Ok(ShownDisplayLink {
                url: link.url,
                valid_until: local_time(link.valid_until),
            })
        }
        .await,
    )
}

/// The bureau clears a risk warning after checking it, saying what it
/// found; the warnings page shows it cleared.
#[server(prefix = "/sfn", endpoint = "clear-warning")]
pub async fn clear_warning(warning_id: i64, reason: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reason,
        server::{flash::Done, request::lang, warning_review},
    };

    let cleared = async {
        let reason = Reason::parse(&reason)?;
        let (state, headers, actor) = signed_in().await?;
        let now = state.clock.now();
        warning_review::clear(&state, &actor, warning_id, &reason, lang(&headers), now).await?;
        Ok(())
    }
    .await;
    end_form(cleared, Done::WarningCleared, After::SamePage)
}

/// The institution (or the bureau) records how many people the teacher
/// counted in the room; it clears nothing, but the roster shows it beside
/// the check-ins.
#[server(prefix = "/sfn", endpoint = "headcount")]
pub async fn set_headcount(session_id: i64, headcount: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_bounded_int, Field},
        server::{attendance, flash::Done},
    };

    let saved = async {
        let headcount = parse_bounded_int(Field::Headcount, &headcount, 0, 1000)?;
        let (state, _, actor) = signed_in().await?;
        attendance::set_headcount(&state, &actor, session_id, headcount, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(saved, Done::HeadcountSaved, After::SamePage)
}

/// The bureau sets whether its city's workers on the password fallback
/// pass a face check before each confirmation, with a reason.
#[server(prefix = "/sfn", endpoint = "city-face-check")]
pub async fn set_city_face_check(password_fallback: bool, reason: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        error::Refusal,
        server::{face_checks, flash::Done},
    };

    let saved = async {
        let (state, _, actor) = signed_in().await?;
        let city = actor.city.ok_or(AppError::Refused(Refusal::OutOfScope))?;
        let now = state.clock.now();
        face_checks::set_city_rule(&state, &actor, city, password_fallback, &reason, now).await?;
        Ok(())
    }
    .await;
    end_form(saved, Done::FaceRuleSaved, After::SamePage)
}
