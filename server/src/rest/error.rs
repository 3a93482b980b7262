use app::{
    error::{AppError, ImportProblem, API_ERROR_CODES},
    i18n::Lang,
};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use utoipa::{
    openapi::{schema::SchemaType, ObjectBuilder, Type},
    ToSchema,
};

/// An [`AppError`] on its way to an API client, answered as an
/// [`ErrorBody`] with the status the error documents.
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

/// Every error the API answers: `{ "error": { "code", "message", ... } }`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong, for programs (`code`) and for people (`message`).
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// What went wrong, as a stable code; each operation lists the codes
    /// each of its statuses can carry.
    #[schema(schema_with = error_code_schema)]
    code: &'static str,
    /// A sentence for people, in the request's language.
    message: String,
    /// The field at fault, for `invalid_input`.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    /// For `import_rows_invalid`: every bad row of the file, by row number
    /// (never its ID number).
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<RefusedRow>>,
}

/// One refused row of an imported file.
#[derive(Serialize, ToSchema)]
pub struct RefusedRow {
    row: usize,
    problem: String,
}

/// The closed list of error codes, from [`API_ERROR_CODES`].
fn error_code_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(API_ERROR_CODES.iter().copied()))
}

impl ErrorBody {
    fn of(error: &AppError, lang: Lang) -> ErrorBody {
        let field = match error {
            AppError::Invalid(input) => input.field().map(|field| field.key()),
            _ => None,
        };
        // A refused import names each bad row (never its ID number).
        let rows = match error {
            AppError::Import(ImportProblem::Rows(rows)) => Some(
                rows.iter()
                    .map(|row| RefusedRow {
                        row: row.row,
                        problem: row.message(lang),
                    })
                    .collect(),
            ),
            _ => None,
        };
        ErrorBody {
            error: ErrorDetail {
                code: error.code(),
                message: error.message(lang),
                field,
                rows,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody::of(&self.error, self.lang);
        let mut response = (status, Json(body)).into_response();
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
