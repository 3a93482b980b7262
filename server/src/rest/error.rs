use app::{
    error::{AppError, ImportProblem},
    i18n::Lang,
};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

/// An [`AppError`] on its way to an API client:
/// `{ "error": { "code": "...", "message": "...", "field": "..." } }`
/// with the status the error documents.
#[derive(Debug)]
pub struct ApiError {
    error: AppError,
    lang: Lang,
}

impl ApiError {
    pub fn new(error: AppError, lang: Lang) -> Self {
        ApiError { error, lang }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({
            "code": self.error.code(),
            "message": self.error.message(self.lang),
        });
        if let AppError::Invalid(input) = &self.error {
            if let Some(field) = input.field() {
                body["field"] = json!(field.key());
            }
        }
        // A refused import names each bad row (never its ID number).
        if let AppError::Import(ImportProblem::Rows(rows)) = &self.error {
            let rows: Vec<_> = rows
                .iter()
                .map(|row| json!({ "row": row.row, "problem": row.message(self.lang) }))
                .collect();
            body["rows"] = json!(rows);
        }
        let mut response = (status, Json(json!({ "error": body }))).into_response();
        if let AppError::TooManyRequests {
            retry_after_seconds,
        } = self.error
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
        }
        response
    }
}
