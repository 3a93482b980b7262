//! Verified worker categories: `/api/v1/worker-categories`,
//! `/api/v1/worker-categories/{id}/decision` and
//! `/api/v1/worker-categories/import`.

use app::views::CategoryView;
use app::{
    domain::{CategoryDecision, CategoryDecisionInput, CategoryStatus},
    error::{AppError, ImportProblem},
    server::{
        categories::{self, ImportOutcome},
        spreadsheet::{ListFile, ListFormat, MAX_IMPORT_BYTES},
        AppState,
    },
};
use axum::{
    extract::{FromRequest, Request, State},
    http::{header, StatusCode},
    response::Response,
    Json,
};
use serde::Deserialize;

use super::{
    fail, invalid, private, ApiActor, ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ErrorBody,
    RequestLang,
};

#[derive(Deserialize)]
pub struct CategoryQuery {
    /// `declared` (default), `verified` or `refused`.
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/worker-categories",
    operation_id = "listWorkerCategories",
    summary = "Declared worker categories by verification status: the bureau's city, every city for the province",
    params(
        ("status" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Worker categories (at most 500, oldest first)", body = [CategoryView]),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<CategoryQuery>,
) -> ApiResult<Response> {
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => CategoryStatus::Declared,
        Some(code) => CategoryStatus::parse(code).map_err(invalid(&lang))?,
    };
    let list = categories::list(&state, &actor, status, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[utoipa::path(
    post,
    path = "/worker-categories/{id}/decision",
    operation_id = "decideWorkerCategory",
    summary = "The bureau of the worker's city verifies or refuses a declared category, with a note; audited",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = CategoryDecisionInput,
    responses(
        (status = 200, description = "Decided", body = CategoryView),
        (status = 400, description = "A value failed its rules (`invalid_input`, `field` is decision or note)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau of the worker's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such declared category (`not_found`)", body = ErrorBody),
        (status = 409, description = "The category already has this status (`category_already_decided`)", body = ErrorBody),
    ),
)]
pub async fn decide(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<CategoryDecisionInput>,
) -> ApiResult<Json<CategoryView>> {
    let decision = CategoryDecision::parse(&input).map_err(invalid(&lang))?;
    categories::decide(&state, &actor, id, &decision, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct ImportQuery {
    /// Where the list comes from; kept as the decision's note.
    #[serde(default)]
    note: String,
}

/// The list, sent as the raw request body: `Content-Type: text/csv`
/// (UTF-8 or GBK) or the XLSX type. Larger than 5 MB is 413, read no
/// further.
pub struct ApiListFile(pub ListFile);

impl<S: Send + Sync> FromRequest<S> for ApiListFile {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(request.headers());
        let refuse = |problem| ApiError::new(AppError::Import(problem), lang);
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let too_large = ImportProblem::TooLarge {
            max_megabytes: MAX_IMPORT_BYTES / (1024 * 1024),
        };
        let bytes = axum::body::to_bytes(request.into_body(), MAX_IMPORT_BYTES)
            .await
            .map_err(|_| refuse(too_large))?;
        let format = ListFormat::from_content_type(&content_type, &bytes)
            .map_err(|error| ApiError::new(error, lang))?;
        Ok(ApiListFile(ListFile {
            format,
            bytes: bytes.to_vec(),
        }))
    }
}

#[utoipa::path(
    post,
    path = "/worker-categories/import",
    operation_id = "importWorkerCategories",
    summary = "The bureau imports another department's list: one row per ID number and category (code or Chinese label); the first row may be a header",
    description = "Send the file as the raw request body with `Content-Type: text/csv` (UTF-8 or GBK) or `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (the first worksheet is read); at most 5 MB. Rows are matched through the keyed look-up hash of the ID number, which is never stored or logged in clear. All or nothing: any bad row (ID number check digit, unknown category) refuses the whole file with 400 `import_rows_invalid` listing the rows, and nothing changes. Rows whose ID number has no account in the bureau's city, or whose category the worker did not declare, are reported in `not_matched` and do not fail the import. Each verification is audited.",
    params(
        ("note" = Option<String>, Query, description = "Where the list comes from; kept as each verification's note"),
    ),
    request_body(
        description = "The list itself: CSV (UTF-8 or GBK) or XLSX",
        content(
            (Vec<u8> = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
    ),
    responses(
        (status = 200, description = "Imported", body = app::server::categories::ImportOutcome),
        (status = 400, description = "Bad rows (`import_rows_invalid`, with `rows`), an unreadable file (`file_unreadable`) or no rows (`file_empty`); nothing changed", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 413, description = "Larger than 5 MB (`file_too_large`)", body = ErrorBody),
        (status = 415, description = "Neither CSV nor XLSX (`unsupported_file_type`)", body = ErrorBody),
    ),
)]
pub async fn import(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ImportQuery>,
    ApiListFile(file): ApiListFile,
) -> ApiResult<Json<ImportOutcome>> {
    categories::import(&state, &actor, file, &query.note, lang.0, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}
