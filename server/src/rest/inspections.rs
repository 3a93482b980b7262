//! Process inspections (过程检查) through the API: a bureau or its
//! third-party supervisors schedule and record inspections of their
//! city's class sessions and file photos; the institution answers a 整改;
//! the province reads everything. Every operation carries the tag
//! `oversight`.

use app::{
    domain::{City, InspectionMode, InspectionRecord, InspectionRecordInput, RectificationAnswer},
    server::{
        inspections::{self, Inspected},
        AppState,
    },
    views::{ClassInspections, InspectionOverview, InspectionView},
};
use axum::{
    extract::{FromRequest, Request, State},
    http::{header, StatusCode},
    response::Response,
};
use serde::{Deserialize, Serialize};

use super::{
    catalogue_publishing::{file_answer, ApiIds},
    fail, invalid, private, ApiActor, ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ErrorBody,
    RequestLang,
};

const TAG: &str = "oversight";

#[derive(Deserialize)]
pub struct InspectionsQuery {
    city: Option<String>,
}

#[utoipa::path(
    get,
    path = "/inspections",
    tag = TAG,
    operation_id = "inspections",
    summary = "Process inspections (过程检查) by class and institution, with the approved classes never inspected: a bureau and its supervisors see their city, the province any area or all, an institution or employer its own classes. Photos are listed for the bureau and its supervisors only",
    params(("city" = Option<String>, Query, description = "An area's code (the province); a bureau's own city unless given")),
    responses(
        (status = 200, description = "The inspections", body = InspectionOverview),
        (status = 400, description = "Not a city code (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city, or a worker (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<InspectionsQuery>,
) -> ApiResult<Response> {
    let city = City::parse_optional(query.city.as_deref()).map_err(invalid(&lang))?;
    let overview = inspections::overview(&state, &actor, city, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, overview))
}

#[utoipa::path(
    get,
    path = "/classes/{id}/inspections",
    tag = TAG,
    operation_id = "classInspections",
    summary = "A class's sessions with their check-ins, and its inspections: for its provider, its city's bureau and supervisors, and the province",
    params(("id" = i64, Path, description = "The class")),
    responses(
        (status = 200, description = "The class's inspections", body = ClassInspections),
        (status = 400, description = "Bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such class (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn of_class(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
) -> ApiResult<Response> {
    let found = inspections::of_class(&state, &actor, class_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, found))
}

#[utoipa::path(
    get,
    path = "/inspections/{id}",
    tag = TAG,
    operation_id = "inspection",
    summary = "One inspection, for whoever may see its class",
    params(("id" = i64, Path, description = "The inspection")),
    responses(
        (status = 200, description = "The inspection", body = InspectionView),
        (status = 400, description = "Bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such inspection (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn inspection(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let found = inspections::find(&state, &actor, id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, found))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct InspectionPlan {
    /// The session to inspect.
    session_id: i64,
    /// `on_site` or `remote`.
    mode: String,
}

#[utoipa::path(
    post,
    path = "/inspections",
    tag = TAG,
    operation_id = "scheduleInspection",
    summary = "A bureau or its supervisor schedules an inspection of a session of an approved class of its city (recorded as inspection.scheduled)",
    request_body = InspectionPlan,
    responses(
        (status = 201, description = "The scheduled inspection", body = InspectionView),
        (status = 400, description = "A value failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau or a supervisor of the session's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such session (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class is not approved (`not_inspectable`)", body = ErrorBody),
    ),
)]
pub async fn schedule(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(plan): ApiJson<InspectionPlan>,
) -> ApiResult<Response> {
    let mode = InspectionMode::parse(&plan.mode).map_err(invalid(&lang))?;
    let now = state.clock.now();
    let answer = async {
        let id = inspections::schedule(&state, &actor, plan.session_id, mode, now).await?;
        inspections::find(&state, &actor, id, now).await
    }
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, answer))
}

/// An inspector's findings.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct InspectionFindings {
    /// `on_site` or `remote`.
    mode: String,
    /// The people the inspector counted in the room, 0 to 1000.
    headcount: i64,
    teaching_matches_plan: bool,
    /// Required when the teaching did not match the plan; at most 500
    /// characters.
    #[serde(default)]
    teaching_note: String,
    /// Required unless the result is `pass`; at most 2000 characters.
    #[serde(default)]
    findings: String,
    /// `pass` (合格), `rectify` (整改) or `fail` (不合格).
    result: String,
}

impl InspectionFindings {
    fn parse(self) -> Result<InspectionRecord, app::domain::InputError> {
        let input = InspectionRecordInput {
            mode: self.mode,
            headcount: self.headcount.to_string(),
            teaching_matches_plan: if self.teaching_matches_plan {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
            teaching_note: self.teaching_note,
            findings: self.findings,
            result: self.result,
        };
        InspectionRecord::try_from(&input)
    }
}

/// Records findings and answers the inspection as the caller sees it.
async fn record_and_answer(
    state: &AppState,
    lang: &RequestLang,
    actor: &app::server::access::Actor,
    on: Inspected,
    findings: InspectionFindings,
    status: StatusCode,
) -> ApiResult<Response> {
    let record = findings.parse().map_err(invalid(lang))?;
    let now = state.clock.now();
    let answer = async {
        let recorded = inspections::record(state, actor, on, &record, now).await?;
        inspections::find(state, actor, recorded.id, now).await
    }
    .await
    .map_err(fail(lang))?;
    Ok(private(status, answer))
}

#[utoipa::path(
    post,
    path = "/sessions/{id}/inspections",
    tag = TAG,
    operation_id = "recordInspection",
    summary = "A bureau or its supervisor records an inspection of a session that has begun (recorded as inspection.recorded). Fewer people counted than checked in raises the session's over_headcount warning, which holds every claim of the class until a reviewer clears it",
    params(("id" = i64, Path, description = "The session")),
    request_body = InspectionFindings,
    responses(
        (status = 201, description = "The recorded inspection", body = InspectionView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau or a supervisor of the session's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such session (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class is not approved or the session has not begun (`not_inspectable`)", body = ErrorBody),
    ),
)]
pub async fn record_on_session(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(session_id): ApiId,
    ApiJson(findings): ApiJson<InspectionFindings>,
) -> ApiResult<Response> {
    let on = Inspected::Session(session_id);
    record_and_answer(&state, &lang, &actor, on, findings, StatusCode::CREATED).await
}

#[utoipa::path(
    put,
    path = "/inspections/{id}/findings",
    tag = TAG,
    operation_id = "recordScheduledInspection",
    summary = "Records the findings of a scheduled inspection, as for a session (recorded as inspection.recorded); findings once recorded do not change",
    params(("id" = i64, Path, description = "The scheduled inspection")),
    request_body = InspectionFindings,
    responses(
        (status = 200, description = "The recorded inspection", body = InspectionView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau or a supervisor of the session's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such inspection (`not_found`)", body = ErrorBody),
        (status = 409, description = "Recorded already (`inspection_recorded`), or the session has not begun (`not_inspectable`)", body = ErrorBody),
    ),
)]
pub async fn record_scheduled(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(findings): ApiJson<InspectionFindings>,
) -> ApiResult<Response> {
    let on = Inspected::Scheduled(id);
    record_and_answer(&state, &lang, &actor, on, findings, StatusCode::OK).await
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RectificationInput {
    /// What the institution changed, at most 1000 characters.
    answer: String,
}

#[utoipa::path(
    post,
    path = "/inspections/{id}/answer",
    tag = TAG,
    operation_id = "answerRectification",
    summary = "The institution (or employer) that runs the class answers a 整改 result with what it changed, once (recorded as inspection.answered)",
    params(("id" = i64, Path, description = "The inspection")),
    request_body = RectificationInput,
    responses(
        (status = 200, description = "The inspection with its answer", body = InspectionView),
        (status = 400, description = "No answer, or too long (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the class's provider (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such inspection (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not a 整改 result, or answered already (`no_rectification_to_answer`)", body = ErrorBody),
    ),
)]
pub async fn answer(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<RectificationInput>,
) -> ApiResult<Response> {
    let answer = RectificationAnswer::parse(&input.answer).map_err(invalid(&lang))?;
    let now = state.clock.now();
    let found = async {
        inspections::answer(&state, &actor, id, &answer, now).await?;
        inspections::find(&state, &actor, id, now).await
    }
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, found))
}

/// A photo sent as the raw request body (`Content-Type: image/jpeg`,
/// `image/png` or `image/webp`; the bytes decide). Larger than 2 MB is
/// 413, read no further.
pub struct ApiPhoto(Vec<u8>);

impl<S: Send + Sync> FromRequest<S> for ApiPhoto {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        use app::{domain::MAX_PHOTO_BYTES, error::ImportProblem};
        let lang = app::server::request::lang(request.headers());
        let too_large = ImportProblem::PhotoTooLarge {
            max_megabytes: MAX_PHOTO_BYTES / (1024 * 1024),
        };
        axum::body::to_bytes(request.into_body(), MAX_PHOTO_BYTES)
            .await
            .map(|bytes| ApiPhoto(bytes.to_vec()))
            .map_err(|_| ApiError::new(app::error::AppError::Import(too_large), lang))
    }
}

/// A filed photo's id.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FiledPhoto {
    id: i64,
}

#[utoipa::path(
    post,
    path = "/inspections/{id}/photos",
    tag = TAG,
    operation_id = "addInspectionPhoto",
    summary = "A bureau or its supervisor files a photo with a recorded inspection: a JPEG, PNG or WebP image (known by its bytes) of at most 2 MB, at most 6 per inspection, kept with its SHA-256 (recorded as inspection.photo_added)",
    params(("id" = i64, Path, description = "The inspection")),
    request_body(description = "The image's bytes", content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp"))),
    responses(
        (status = 201, description = "The photo is filed", body = FiledPhoto),
        (status = 400, description = "No photo (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau or a supervisor of the city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such inspection (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not recorded yet, or six photos filed already (`photos_not_accepted`)", body = ErrorBody),
        (status = 413, description = "Larger than 2 MB (`file_too_large`)", body = ErrorBody),
        (status = 415, description = "Not a JPEG, PNG or WebP image (`not_an_image`)", body = ErrorBody),
    ),
)]
pub async fn add_photo(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiPhoto(bytes): ApiPhoto,
) -> ApiResult<Response> {
    let photo = inspections::add_photo(&state, &actor, id, &bytes, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, FiledPhoto { id: photo }))
}

#[utoipa::path(
    get,
    path = "/inspections/{id}/photos/{photo_id}",
    tag = TAG,
    operation_id = "inspectionPhoto",
    summary = "An inspection's photo, for the bureau of its city and its supervisors only",
    params(
        ("id" = i64, Path, description = "The inspection"),
        ("photo_id" = i64, Path, description = "The photo"),
    ),
    responses(
        (status = 200, description = "The image, with its SHA-256 in `X-Content-SHA256`", content(
            (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp"),
        )),
        (status = 400, description = "Bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau or a supervisor of the city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such inspection or photo (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn photo(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, photo_id): ApiIds,
) -> ApiResult<Response> {
    let file = inspections::photo(&state, &actor, id, photo_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    let name = format!("inspection-{id}-photo-{photo_id}");
    let mut response = file_answer(&name, &name, file.content_type.code(), file.bytes);
    if let Ok(value) = header::HeaderValue::from_str(&file.sha256) {
        response.headers_mut().insert("x-content-sha256", value);
    }
    Ok(response)
}
