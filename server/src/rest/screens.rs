//! `/api/v1/sessions/{id}/display-link` and `/api/v1/screens/{token}/code`:
//! the classroom screen's display link, and the code it shows without any
//! sign-in.

use app::{
    domain::Direction,
    server::{
        attendance::DisplayedCode,
        screens::{self, DisplayLink},
        AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use chrono::Utc;
use serde::Deserialize;

use super::{fail, invalid, private, ApiActor, ApiId, ApiQuery, ApiResult, RequestLang};

/// Issues the display link of a session (staff who run the class).
pub async fn display_link(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
) -> ApiResult<Response> {
    let link: DisplayLink = screens::issue_link(&state, &actor, session_id, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, link))
}

#[derive(Deserialize)]
pub struct ScreenQuery {
    direction: Option<String>,
}

/// The code a display link shows now; the token is the only credential.
pub async fn screen_code(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(token): Path<String>,
    ApiQuery(query): ApiQuery<ScreenQuery>,
) -> ApiResult<Response> {
    let direction =
        Direction::parse(query.direction.as_deref().unwrap_or("in")).map_err(invalid(&lang))?;
    let code: DisplayedCode = screens::screen_code(&state, &token, direction, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, code))
}
