//! `/api/v1/catalogue-editions`, `/catalogue-imports`, `/catalogue-filings`:
//! the bureau drafts, imports, exports, files, publishes and adjusts its
//! city's catalogues; the province reviews the filings of every city.
//! Every operation carries the tag `catalogue-publishing`.

use app::{
    domain::{
        parse_date, parse_edition_year, CatalogueKind, City, CityPublication, EditionDetail,
        EditionSummary, ExportFormat, Field, FilingStatus, FilingSummary, ImportPreview,
        VersionView,
    },
    server::{
        catalogue_publishing::{
            adjustments::{self, ChangeInput},
            editions::{self, RowInput},
            exports::{self, ExportFile},
            filings::{self, FilingDecision, Scan},
            imports,
        },
        AppState,
    },
};
use axum::{
    extract::{FromRequest, FromRequestParts, Request, State},
    http::{header, request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};

use super::{
    categories::ApiListFile, fail, invalid, private, ApiActor, ApiError, ApiId, ApiJson, ApiQuery,
    ApiResult, ErrorBody, RequestLang,
};

const TAG: &str = "catalogue-publishing";

/// The caller when signed in: drafts are theirs to see, published
/// editions everyone's.
pub struct MaybeActor(pub Option<app::server::access::Actor>);

impl FromRequestParts<AppState> for MaybeActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(&parts.headers);
        app::server::request::current_actor(&state.db, &parts.headers, state.clock.now())
            .await
            .map(MaybeActor)
            .map_err(|error| ApiError::new(error, lang))
    }
}

/// Two numeric ids from the path (`/catalogue-editions/{id}/rows/{row_id}`).
pub struct ApiIds(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(&parts.headers);
        let raw = axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(app::error::AppError::Malformed, lang))?;
        let id = |text: &str| {
            app::domain::parse_bounded_int(Field::Id, text, 1, i64::MAX)
                .map_err(|error| ApiError::new(error.into(), lang))
        };
        Ok(ApiIds(id(&raw.0 .0)?, id(&raw.0 .1)?))
    }
}

/// The characters RFC 5987 lets a `filename*` value carry unencoded.
const ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// A file answer: its type, and its Chinese name as `filename*` (RFC 6266
/// and 5987) with an ASCII fallback of `fallback_stem` and the type's
/// extension.
pub(super) fn file_answer(
    file_name: &str,
    fallback_stem: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> Response {
    let encoded = percent_encoding::utf8_percent_encode(file_name, ATTR_CHAR);
    // The plain fallback names the type, never text the uploader chose.
    let extension = match content_type.split(';').next().unwrap_or_default() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "text/csv" => "csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        _ => "bin",
    };
    let disposition =
        format!("attachment; filename=\"{fallback_stem}.{extension}\"; filename*=UTF-8''{encoded}");
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/catalogue-editions",
    tag = TAG,
    operation_id = "listCatalogueEditions",
    summary = "Editions of both catalogues: the bureau's city, every city for the province",
    responses(
        (status = 200, description = "Editions, newest year first", body = [EditionSummary]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn list_editions(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let editions = editions::list(&state, &actor, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, editions))
}

/// A new draft edition.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewEdition {
    /// `course` (附表1) or `institution` (附表2).
    #[schema(required = true)]
    #[serde(default)]
    kind: String,
    /// The area code of the bureau's city.
    #[schema(required = true)]
    #[serde(default)]
    city: String,
    #[schema(required = true)]
    #[serde(default)]
    year: String,
    /// Copy the rows of the city's current edition instead of starting
    /// empty.
    #[serde(default)]
    copy_current: bool,
}

#[utoipa::path(
    post,
    path = "/catalogue-editions",
    tag = TAG,
    operation_id = "createCatalogueEdition",
    summary = "The bureau drafts an edition for a year: empty, or copied from the current one",
    request_body = NewEdition,
    responses(
        (status = 201, description = "Drafted", body = EditionSummary),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of that city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 409, description = "An edition for that year exists (`edition_exists`), or there is no current edition to copy (`no_published_edition`)", body = ErrorBody),
    ),
)]
pub async fn create_edition(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewEdition>,
) -> ApiResult<Response> {
    let kind = CatalogueKind::parse(&input.kind).map_err(invalid(&lang))?;
    let city = City::parse(&input.city).map_err(invalid(&lang))?;
    let year = parse_edition_year(&input.year).map_err(invalid(&lang))?;
    let edition = editions::create_draft(
        &state,
        &actor,
        kind,
        city,
        year,
        input.copy_current,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, edition))
}

#[utoipa::path(
    get,
    path = "/catalogue-editions/{id}",
    tag = TAG,
    operation_id = "getCatalogueEdition",
    summary = "An edition with its rows in force; drafts and filings for the city's bureau and the province only",
    params(("id" = i64, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The edition", body = EditionDetail),
        (status = 400, description = "The id is not a positive whole number (`invalid_input`)", body = ErrorBody),
        (status = 403, description = "A draft of another city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition, or a draft and not signed in (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn edition(
    State(state): State<AppState>,
    lang: RequestLang,
    MaybeActor(actor): MaybeActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let detail = editions::detail(&state, actor.as_ref(), id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, detail))
}

/// The id of a new row or change.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    id: i64,
}

/// A course row (附表1) or an institution row (附表2), as form values.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum RowBody {
    Course(#[schema(inline)] CourseRowBody),
    Institution(#[schema(inline)] InstitutionRowBody),
}

/// A course row: amounts in yuan per level code, uplifts in percent per
/// worker category code.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CourseRowBody {
    #[serde(default)]
    training_type: String,
    #[schema(required = true)]
    occupation_name: String,
    #[serde(default)]
    occupation_code: String,
    #[schema(required = true)]
    certificate_kind: String,
    #[serde(default)]
    urgent: bool,
    #[schema(required = true)]
    amounts: Vec<LevelAmountBody>,
    #[serde(default)]
    uplifts: Vec<UpliftBody>,
    #[serde(default)]
    remarks: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LevelAmountBody {
    #[schema(required = true)]
    level: String,
    /// Yuan, at most two decimals: "1500" or "1500.50".
    #[schema(required = true)]
    yuan: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UpliftBody {
    #[schema(required = true)]
    worker_category: String,
    #[schema(required = true)]
    percent: String,
}

/// An institution row; `occupations` must be in the city's course
/// catalogue.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct InstitutionRowBody {
    #[schema(required = true)]
    name: String,
    #[schema(required = true)]
    address: String,
    /// `public` (公办), `private` (民办) or `state_enterprise` (国有企业办).
    #[schema(required = true)]
    nature: String,
    #[schema(required = true)]
    occupations: Vec<OccupationBody>,
    #[schema(required = true)]
    contact_person: String,
    #[schema(required = true)]
    contact_phone: String,
    #[serde(default)]
    remarks: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct OccupationBody {
    #[schema(required = true)]
    name: String,
    #[serde(default)]
    code: String,
}

impl From<RowBody> for RowInput {
    fn from(body: RowBody) -> RowInput {
        match body {
            RowBody::Course(course) => RowInput::Course(app::domain::CourseInput {
                training_type: course.training_type,
                occupation_name: course.occupation_name,
                occupation_code: course.occupation_code,
                certificate_kind: course.certificate_kind,
                urgent: course.urgent.to_string(),
                amounts: course
                    .amounts
                    .into_iter()
                    .map(|a| (a.level, a.yuan))
                    .collect(),
                uplifts: course
                    .uplifts
                    .into_iter()
                    .map(|u| (u.worker_category, u.percent))
                    .collect(),
                remarks: course.remarks,
            }),
            RowBody::Institution(institution) => {
                RowInput::Institution(app::domain::InstitutionInput {
                    name: institution.name,
                    address: institution.address,
                    nature: institution.nature,
                    occupations: institution
                        .occupations
                        .into_iter()
                        .map(|o| (o.name, o.code))
                        .collect(),
                    contact_person: institution.contact_person,
                    contact_phone: institution.contact_phone,
                    remarks: institution.remarks,
                })
            }
        }
    }
}

#[utoipa::path(
    post,
    path = "/catalogue-editions/{id}/rows",
    tag = TAG,
    operation_id = "addCatalogueRow",
    summary = "The bureau adds a row to a draft, checked by the same rules as every form",
    params(("id" = i64, Path, description = "Edition id")),
    request_body = RowBody,
    responses(
        (status = 201, description = "Added", body = Created),
        (status = 400, description = "A value failed its rules, the row is of the other catalogue, or an occupation is not in the city's course catalogue (`invalid_input`, `malformed_request`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition (`not_found`)", body = ErrorBody),
        (status = 409, description = "The edition is filed or published (`edition_not_draft`)", body = ErrorBody),
    ),
)]
pub async fn add_row(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<RowBody>,
) -> ApiResult<Response> {
    let row_id = editions::add_row(&state, &actor, id, &body.into(), state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, Created { id: row_id }))
}

#[utoipa::path(
    put,
    path = "/catalogue-editions/{id}/rows/{row_id}",
    tag = TAG,
    operation_id = "changeCatalogueRow",
    summary = "The bureau changes a row of a draft",
    params(("id" = i64, Path, description = "Edition id"), ("row_id" = i64, Path, description = "Row id")),
    request_body = RowBody,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "A value failed its rules (`invalid_input`, `malformed_request`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition or row (`not_found`)", body = ErrorBody),
        (status = 409, description = "The edition is filed or published (`edition_not_draft`)", body = ErrorBody),
    ),
)]
pub async fn change_row(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, row_id): ApiIds,
    ApiJson(body): ApiJson<RowBody>,
) -> ApiResult<StatusCode> {
    editions::update_row(&state, &actor, id, row_id, &body.into(), state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/catalogue-editions/{id}/rows/{row_id}",
    tag = TAG,
    operation_id = "deleteCatalogueRow",
    summary = "The bureau deletes a row of a draft",
    params(("id" = i64, Path, description = "Edition id"), ("row_id" = i64, Path, description = "Row id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "An id is not a positive whole number (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition or row (`not_found`)", body = ErrorBody),
        (status = 409, description = "The edition is filed or published (`edition_not_draft`)", body = ErrorBody),
    ),
)]
pub async fn delete_row(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, row_id): ApiIds,
) -> ApiResult<StatusCode> {
    editions::delete_row(&state, &actor, id, row_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct ImportTarget {
    kind: Option<String>,
    city: Option<String>,
    year: Option<String>,
}

#[utoipa::path(
    post,
    path = "/catalogue-imports",
    tag = TAG,
    operation_id = "previewCatalogueImport",
    summary = "The bureau uploads a filled-in 附表1 or 附表2; the answer previews every row as it will be stored and every problem",
    description = "Send the file as the raw request body with `Content-Type: text/csv` (UTF-8 with or without BOM, or GBK/GB18030) or the XLSX type; at most 5 MB. The header row is found by its column titles; title lines, \"单位（盖章）：\", the \"填报人\" line, the notes and the template's example rows are skipped. Nothing is stored in the catalogue: confirm the preview (by its `import_id`, within 24 hours) when it has no problems.",
    params(
        ("kind" = String, Query, description = "`course` (附表1) or `institution` (附表2)"),
        ("city" = String, Query, description = "Area code of the bureau's city"),
        ("year" = i32, Query, description = "The edition's year"),
    ),
    request_body(
        description = "The template file: CSV or XLSX",
        content(
            (Vec<u8> = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
    ),
    responses(
        (status = 200, description = "The preview; `problems` is empty when it may be confirmed", body = ImportPreview),
        (status = 400, description = "A query value failed its rules (`invalid_input`), or the file cannot be read (`file_unreadable`, `file_empty`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of that city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 409, description = "The year's edition is filed or published (`edition_not_draft`)", body = ErrorBody),
        (status = 413, description = "Larger than 5 MB (`file_too_large`)", body = ErrorBody),
        (status = 415, description = "Neither CSV nor XLSX (`unsupported_file_type`)", body = ErrorBody),
    ),
)]
pub async fn preview_import(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(target): ApiQuery<ImportTarget>,
    ApiListFile(file): ApiListFile,
) -> ApiResult<Response> {
    let kind =
        CatalogueKind::parse(target.kind.as_deref().unwrap_or_default()).map_err(invalid(&lang))?;
    let city = City::parse(target.city.as_deref().unwrap_or_default()).map_err(invalid(&lang))?;
    let year =
        parse_edition_year(target.year.as_deref().unwrap_or_default()).map_err(invalid(&lang))?;
    let preview = imports::preview(
        &state,
        &actor,
        kind,
        city,
        year,
        file,
        lang.0,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, preview))
}

#[utoipa::path(
    post,
    path = "/catalogue-imports/{import_id}/confirm",
    tag = TAG,
    operation_id = "confirmCatalogueImport",
    summary = "The bureau confirms a preview without problems: its rows replace the year's draft (created when there is none)",
    params(("import_id" = String, Path, description = "The preview's `import_id`")),
    responses(
        (status = 200, description = "Stored as the draft", body = EditionSummary),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of that city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such upload of the caller's, or older than 24 hours (`not_found`)", body = ErrorBody),
        (status = 409, description = "The preview has problems (`import_has_problems`), or the edition is no longer a draft (`edition_not_draft`); nothing changed", body = ErrorBody),
    ),
)]
pub async fn confirm_import(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    axum::extract::Path(import_id): axum::extract::Path<String>,
) -> ApiResult<Response> {
    let edition = imports::confirm(&state, &actor, &import_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, edition))
}

#[derive(Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/catalogue-editions/{id}/export",
    tag = TAG,
    operation_id = "exportCatalogueEdition",
    summary = "An edition as the filled-in template, header and footer lines included: XLSX, CSV in UTF-8 with BOM, or CSV in GBK",
    description = "The file is named in Chinese (`Content-Disposition` with `filename*`), e.g. 福州市职业技能培训需求指导目录（2027年）.xlsx. Importing it gives the same rows. Drafts are for the city's bureau and the province; published editions for anyone.",
    params(
        ("id" = i64, Path, description = "Edition id"),
        ("format" = Option<String>, Query, description = "`xlsx` (default), `csv` (UTF-8 with BOM) or `csv-gbk` (GB18030)"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "text/csv"),
        )),
        (status = 400, description = "Unknown format or bad id (`invalid_input`)", body = ErrorBody),
        (status = 403, description = "A draft of another city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition, or a draft and not signed in (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn export_edition(
    State(state): State<AppState>,
    lang: RequestLang,
    MaybeActor(actor): MaybeActor,
    ApiId(id): ApiId,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let format = match query.format.as_deref().map(str::trim) {
        None | Some("") => ExportFormat::Xlsx,
        Some(code) => ExportFormat::parse(code).map_err(invalid(&lang))?,
    };
    let ExportFile {
        file_name,
        content_type,
        bytes,
    } = exports::export(&state, actor.as_ref(), id, format, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(file_answer(&file_name, "catalogue", content_type, bytes))
}

/// A stamped scan, sent as the raw body (PDF, PNG or JPEG, at most 5 MB),
/// with its file name in the query.
pub struct ApiScan(pub Vec<u8>);

impl<S: Send + Sync> FromRequest<S> for ApiScan {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let lang = app::server::request::lang(request.headers());
        let limit = app::server::spreadsheet::MAX_IMPORT_BYTES;
        let bytes = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| {
                ApiError::new(
                    app::error::AppError::Import(app::error::ImportProblem::TooLarge {
                        max_megabytes: limit / (1024 * 1024),
                    }),
                    lang,
                )
            })?;
        Ok(ApiScan(bytes.to_vec()))
    }
}

#[derive(Deserialize)]
pub struct ScanQuery {
    file_name: Option<String>,
}

#[utoipa::path(
    post,
    path = "/catalogue-editions/{id}/filing",
    tag = TAG,
    operation_id = "fileCatalogueEdition",
    summary = "The bureau files a complete draft with the province (备案), attaching the stamped scan",
    description = "Send the scan as the raw body (PDF, PNG or JPEG, told by its first bytes; at most 5 MB); it is stored with its SHA-256. The edition can no longer be edited unless the province returns it.",
    params(
        ("id" = i64, Path, description = "Edition id"),
        ("file_name" = Option<String>, Query, description = "The scan's file name"),
    ),
    request_body(description = "The stamped scan", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
    responses(
        (status = 201, description = "Filed", body = FilingSummary),
        (status = 400, description = "Bad id (`invalid_input`) or an empty scan (`file_empty`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not a draft (`edition_not_draft`), or without rows (`edition_empty`)", body = ErrorBody),
        (status = 413, description = "Larger than 5 MB (`file_too_large`)", body = ErrorBody),
        (status = 415, description = "Not a PDF, PNG or JPEG (`unsupported_file_type`)", body = ErrorBody),
    ),
)]
pub async fn file_edition(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiQuery(query): ApiQuery<ScanQuery>,
    ApiScan(bytes): ApiScan,
) -> ApiResult<Response> {
    let scan = Scan {
        file_name: query.file_name.unwrap_or_default(),
        bytes,
    };
    let filing = filings::submit_edition(&state, &actor, id, &scan, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, filing))
}

#[derive(Deserialize)]
pub struct FilingQuery {
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/catalogue-filings",
    tag = TAG,
    operation_id = "listCatalogueFilings",
    summary = "Filings of editions and adjustments: every city's for the province, the bureau's own city's",
    params(("status" = Option<String>, Query, description = "`submitted`, `returned`, `accepted`, `published` (or `draft` for the bureau's adjustments)")),
    responses(
        (status = 200, description = "Filings, oldest submission first", body = [FilingSummary]),
        (status = 400, description = "Unknown status (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn list_filings(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<FilingQuery>,
) -> ApiResult<Response> {
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(FilingStatus::parse(code).map_err(invalid(&lang))?),
    };
    let list = filings::list(&state, &actor, status, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

/// The province's decision on a filing.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct FilingDecisionBody {
    /// `accept` or `return`.
    #[schema(required = true)]
    #[serde(default)]
    decision: String,
    /// Required to accept an edition (备案号), at most 40 characters.
    #[serde(default)]
    filing_number: String,
    /// Required to return one, at most 200 characters.
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/catalogue-filings/{id}/decision",
    tag = TAG,
    operation_id = "decideCatalogueFiling",
    summary = "The province accepts a filing (an edition with its filing number) or returns it with a reason",
    description = "A returned edition goes back to draft for the bureau to correct and file again. An accepted adjustment comes into force on its effective date (at once when that date has come).",
    params(("id" = i64, Path, description = "Filing id")),
    request_body = FilingDecisionBody,
    responses(
        (status = 200, description = "Decided", body = FilingSummary),
        (status = 400, description = "A value failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not province staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such filing (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not awaiting a decision (`filing_not_in_state`), or the filing number is taken (`filing_number_taken`)", body = ErrorBody),
    ),
)]
pub async fn decide_filing(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<FilingDecisionBody>,
) -> ApiResult<Json<FilingSummary>> {
    let decision = FilingDecision::parse(&body.decision, &body.filing_number, &body.reason)
        .map_err(invalid(&lang))?;
    filings::decide(&state, &actor, id, &decision, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/catalogue-attachments/{id}",
    tag = TAG,
    operation_id = "getCatalogueAttachment",
    summary = "A filing's stamped scan, for the city's bureau and the province",
    params(("id" = i64, Path, description = "Attachment id")),
    responses(
        (status = 200, description = "The scan, with its SHA-256 in `X-Content-SHA256`", content(
            (Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"),
        )),
        (status = 400, description = "Bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of its city or province staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such attachment (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn attachment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let scan = filings::attachment(&state, &actor, id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    let mut answer = file_answer(
        &scan.file_name,
        "catalogue",
        &scan.content_type,
        scan.content,
    );
    if let Ok(value) = header::HeaderValue::from_str(&scan.sha256) {
        answer.headers_mut().insert("x-content-sha256", value);
    }
    Ok(answer)
}

/// When a published edition or an adjustment is in force from.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct EffectiveDateBody {
    /// `YYYY-MM-DD`, today or later.
    #[schema(required = true)]
    #[serde(default)]
    effective_on: String,
}

#[utoipa::path(
    post,
    path = "/catalogue-editions/{id}/publication",
    tag = TAG,
    operation_id = "publishCatalogueEdition",
    summary = "The bureau publishes an accepted edition: the city's catalogue on the public pages from the date given",
    params(("id" = i64, Path, description = "Edition id")),
    request_body = EffectiveDateBody,
    responses(
        (status = 200, description = "Published", body = EditionSummary),
        (status = 400, description = "A bad or past date (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not accepted by the province (`filing_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn publish(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<EffectiveDateBody>,
) -> ApiResult<Json<EditionSummary>> {
    let effective_on =
        parse_date(Field::EffectiveDate, &body.effective_on).map_err(invalid(&lang))?;
    filings::publish(&state, &actor, id, effective_on, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

/// An adjustment's reason and effective date.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewAdjustment {
    /// Why, at most 200 characters.
    #[schema(required = true)]
    #[serde(default)]
    reason: String,
    /// `YYYY-MM-DD`, today or later.
    #[schema(required = true)]
    #[serde(default)]
    effective_on: String,
}

#[utoipa::path(
    post,
    path = "/catalogue-editions/{id}/adjustments",
    tag = TAG,
    operation_id = "openCatalogueAdjustment",
    summary = "The bureau opens an adjustment (动态调整) of a published edition, with its reason and effective date",
    params(("id" = i64, Path, description = "Edition id")),
    request_body = NewAdjustment,
    responses(
        (status = 201, description = "Opened; add changes, then file it", body = FilingSummary),
        (status = 400, description = "A value failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such edition (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not published (`no_published_edition`), or another adjustment is open (`adjustment_open`)", body = ErrorBody),
    ),
)]
pub async fn open_adjustment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<NewAdjustment>,
) -> ApiResult<Response> {
    let reason = app::domain::parse_reason(&body.reason).map_err(invalid(&lang))?;
    let effective_on =
        parse_date(Field::EffectiveDate, &body.effective_on).map_err(invalid(&lang))?;
    let filing = adjustments::open(&state, &actor, id, &reason, effective_on, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, filing))
}

/// One change of an adjustment.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChangeBody {
    /// `add`, `change` or `remove`.
    #[schema(required = true)]
    #[serde(default)]
    action: String,
    /// The row changed or removed.
    row_id: Option<i64>,
    /// The new row (to add) or the row's new values (to change).
    row: Option<RowBody>,
}

#[utoipa::path(
    post,
    path = "/catalogue-filings/{id}/changes",
    tag = TAG,
    operation_id = "addCatalogueChange",
    summary = "The bureau adds a change to an adjustment that is a draft or was returned",
    description = "A row is changed or removed once per adjustment; no two rows may end with the same occupation (a course) or name (an institution); a course keeps its occupation and code (another occupation is a removal and an addition); an institution's occupations must be in the city's course catalogue in force.",
    params(("id" = i64, Path, description = "The adjustment's filing id")),
    request_body = ChangeBody,
    responses(
        (status = 201, description = "Added", body = Created),
        (status = 400, description = "A value failed its rules, or the row or row id is missing (`invalid_input`, `malformed_request`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such adjustment, or no such row in force (`not_found`)", body = ErrorBody),
        (status = 409, description = "The adjustment is with the province or in force (`filing_not_in_state`), or changes or removes this row already (`row_changed_in_adjustment`)", body = ErrorBody),
    ),
)]
pub async fn add_change(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ChangeBody>,
) -> ApiResult<Response> {
    let malformed = || ApiError::new(app::error::AppError::Malformed, lang.0);
    let change = match (body.action.trim(), body.row_id, body.row) {
        ("add", _, Some(row)) => ChangeInput::Add(row.into()),
        ("change", Some(row_id), Some(row)) => ChangeInput::Change {
            row_id,
            row: row.into(),
        },
        ("remove", Some(row_id), _) => ChangeInput::Remove { row_id },
        ("add" | "change" | "remove", _, _) => return Err(malformed()),
        (other, _, _) => {
            return Err(invalid(&lang)(app::domain::InputError::UnknownCode {
                field: Field::Decision,
                value: other.chars().take(40).collect(),
            }))
        }
    };
    let change_id = adjustments::add_change(&state, &actor, id, &change, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, Created { id: change_id }))
}

#[utoipa::path(
    delete,
    path = "/catalogue-filings/{id}/changes/{change_id}",
    tag = TAG,
    operation_id = "deleteCatalogueChange",
    summary = "The bureau takes a change out of an adjustment that is a draft or was returned",
    params(("id" = i64, Path, description = "The adjustment's filing id"), ("change_id" = i64, Path, description = "Change id")),
    responses(
        (status = 204, description = "Taken out"),
        (status = 400, description = "An id is not a positive whole number (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such adjustment or change (`not_found`)", body = ErrorBody),
        (status = 409, description = "The adjustment is with the province or in force (`filing_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn delete_change(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, change_id): ApiIds,
) -> ApiResult<StatusCode> {
    adjustments::delete_change(&state, &actor, id, change_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/catalogue-filings/{id}",
    tag = TAG,
    operation_id = "abandonCatalogueAdjustment",
    summary = "The bureau abandons an adjustment that is being prepared or was returned, with its changes",
    params(("id" = i64, Path, description = "The adjustment's filing id")),
    responses(
        (status = 204, description = "Abandoned"),
        (status = 400, description = "Bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such adjustment (`not_found`)", body = ErrorBody),
        (status = 409, description = "With the province or in force (`filing_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn abandon_adjustment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    adjustments::abandon(&state, &actor, id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/catalogue-filings/{id}/submission",
    tag = TAG,
    operation_id = "fileCatalogueAdjustment",
    summary = "The bureau files an adjustment with the province, attaching the stamped scan",
    params(
        ("id" = i64, Path, description = "The adjustment's filing id"),
        ("file_name" = Option<String>, Query, description = "The scan's file name"),
    ),
    request_body(description = "The stamped scan", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
    responses(
        (status = 200, description = "Filed", body = FilingSummary),
        (status = 400, description = "Bad id (`invalid_input`) or an empty scan (`file_empty`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau staff of the edition's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such adjustment (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not a draft or returned (`filing_not_in_state`), or without changes (`adjustment_empty`)", body = ErrorBody),
        (status = 413, description = "Larger than 5 MB (`file_too_large`)", body = ErrorBody),
        (status = 415, description = "Not a PDF, PNG or JPEG (`unsupported_file_type`)", body = ErrorBody),
    ),
)]
pub async fn file_adjustment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiQuery(query): ApiQuery<ScanQuery>,
    ApiScan(bytes): ApiScan,
) -> ApiResult<Json<FilingSummary>> {
    let scan = Scan {
        file_name: query.file_name.unwrap_or_default(),
        bytes,
    };
    adjustments::submit(&state, &actor, id, &scan, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/catalogue-editions/{id}/history",
    tag = TAG,
    operation_id = "getCatalogueHistory",
    summary = "The versions of a published edition, newest first: what each changed (rows before and after), when and why",
    params(("id" = i64, Path, description = "Edition id")),
    responses(
        (status = 200, description = "Versions", body = [VersionView]),
        (status = 400, description = "Bad id (`invalid_input`)", body = ErrorBody),
        (status = 404, description = "No such published edition (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn history(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<VersionView>>> {
    adjustments::history(&state, id)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/catalogue-publication",
    tag = TAG,
    operation_id = "getCataloguePublication",
    summary = "Which cities have published each catalogue for the current year: `due_soon` from 1 June, `late` after 30 June",
    responses(
        (status = 200, description = "Every city for the province, the bureau's own city", body = [CityPublication]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn publication(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let overview = editions::publication_overview(&state, &actor, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, overview))
}
