//! Verified worker categories: `/api/v1/worker-categories`,
//! `/api/v1/worker-categories/{id}/decision` and
//! `/api/v1/worker-categories/import`.

use app::{
    domain::{CategoryDecision, CategoryDecisionInput, CategoryStatus},
    error::{AppError, ImportProblem},
    server::{
        categories::{self, CategoryView, ImportOutcome, ListFile, ListFormat, MAX_IMPORT_BYTES},
        AppState,
    },
};
use axum::{
    extract::{FromRequest, Request, State},
    http::{header, StatusCode},
    response::Response,
    Json,
};
use chrono::Utc;
use serde::Deserialize;

use super::{
    fail, invalid, private, ApiActor, ApiError, ApiId, ApiJson, ApiQuery, ApiResult, RequestLang,
};

#[derive(Deserialize)]
pub struct CategoryQuery {
    /// `declared` (default), `verified` or `refused`.
    status: Option<String>,
}

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
    let list = categories::list(&state, &actor, status, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

pub async fn decide(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<CategoryDecisionInput>,
) -> ApiResult<Json<CategoryView>> {
    let decision = CategoryDecision::parse(&input).map_err(invalid(&lang))?;
    categories::decide(&state, &actor, id, &decision, Utc::now())
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

pub async fn import(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ImportQuery>,
    ApiListFile(file): ApiListFile,
) -> ApiResult<Json<ImportOutcome>> {
    categories::import(&state, &actor, file, &query.note, lang.0, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}
