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
use serde::Deserialize;

use super::{fail, invalid, private, ApiActor, ApiId, ApiQuery, ApiResult, ErrorBody, RequestLang};

#[utoipa::path(
    get,
    path = "/sessions/{id}/display-link",
    operation_id = "displayLink",
    summary = "A link for the classroom screen that shows the rotating code without any sign-in, valid on the session's day until midnight China time (staff who run the class; audited as screen.link)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Display link", body = app::server::screens::DisplayLink),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Class not approved (`class_not_open`)", body = ErrorBody),
        (status = 410, description = "The session's day has passed (`display_link_expired`)", body = ErrorBody),
    ),
)]
/// Issues the display link of a session (staff who run the class).
pub async fn display_link(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
) -> ApiResult<Response> {
    let link: DisplayLink = screens::issue_link(&state, &actor, session_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, link))
}

#[derive(Deserialize)]
pub struct ScreenQuery {
    direction: Option<String>,
}

#[utoipa::path(
    get,
    path = "/screens/{token}/code",
    operation_id = "screenCode",
    summary = "The rotating check-in code a display link shows now; the token is the only credential (no session cookie)",
    params(
        ("token" = String, Path, description = "{session}-{yyyymmdd}-{mac}, from the display link's URL"),
        ("direction" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Code", body = app::server::attendance::DisplayedCode),
        (status = 400, description = "Not a display link of ours, or altered (`display_link_invalid`) (`invalid_input`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Class not approved (`class_not_open`)", body = ErrorBody),
        (status = 410, description = "The link is for another day than today (`display_link_expired`)", body = ErrorBody),
    ),
)]
/// The code a display link shows now; the token is the only credential.
pub async fn screen_code(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(token): Path<String>,
    ApiQuery(query): ApiQuery<ScreenQuery>,
) -> ApiResult<Response> {
    let direction =
        Direction::parse(query.direction.as_deref().unwrap_or("in")).map_err(invalid(&lang))?;
    let code: DisplayedCode = screens::screen_code(&state, &token, direction, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, code))
}
