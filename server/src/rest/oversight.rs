//! Oversight: the yearly migrant-worker training targets per area
//! (`/api/v1/targets`; the province sets them with a reason), the progress
//! against them (`/api/v1/progress`, its tables as files), and the
//! scorecards of institutions and courses (`/api/v1/scorecards/…`). A
//! bureau reads its city's, the province every area's. Every operation
//! carries the tag `oversight`.

use app::{
    domain::{parse_edition_year, City, ExportFormat, ProgressTable, ScoredBy, TargetChange},
    server::{oversight, scorecards, AppState},
    views::{ProgressView, ScorecardList, TargetView},
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    catalogue_publishing::file_answer, fail, invalid, private, ApiActor, ApiJson, ApiQuery,
    ApiResult, ErrorBody, RequestLang,
};

const TAG: &str = "oversight";

#[derive(Deserialize)]
pub struct TargetsQuery {
    year: Option<String>,
}

#[utoipa::path(
    get,
    path = "/targets",
    tag = TAG,
    operation_id = "trainingTargets",
    summary = "The yearly migrant-worker training targets in person-times (闽人社办〔2024〕40号): a bureau its city's, the province every area's. A person-time is a worker of a migrant-worker category who completed a class in the year; one person finishing two classes counts twice",
    params(("year" = Option<String>, Query, description = "The year, 2024 unless given")),
    responses(
        (status = 200, description = "The targets", body = [TargetView]),
        (status = 400, description = "Not a year (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn targets(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<TargetsQuery>,
) -> ApiResult<Response> {
    let year =
        parse_edition_year(query.year.as_deref().unwrap_or("2024")).map_err(invalid(&lang))?;
    let list = oversight::targets(&state, &actor, i64::from(year), state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TargetInput {
    /// The target in person-times, 0 to 1,000,000.
    person_times: String,
    /// Why (for example the document that sets it), at most 200 characters.
    reason: String,
}

#[utoipa::path(
    put,
    path = "/targets/{year}/{city}",
    tag = TAG,
    operation_id = "setTrainingTarget",
    summary = "The province sets an area's target of a year, with a reason (recorded as target.set)",
    params(
        ("year" = String, Path, description = "2020 to 2100"),
        ("city" = String, Path, description = "A city code"),
    ),
    request_body = TargetInput,
    responses(
        (status = 200, description = "Every area's targets of the year", body = [TargetView]),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn set_target(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    Path((year_text, city)): Path<(String, String)>,
    ApiJson(input): ApiJson<TargetInput>,
) -> ApiResult<Response> {
    let change = TargetChange::parse(&year_text, &city, &input.person_times, &input.reason)
        .map_err(invalid(&lang))?;
    let list = oversight::set_target(&state, &actor, &change, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[derive(Deserialize)]
pub struct ProgressQuery {
    year: Option<String>,
    city: Option<String>,
}

/// The year (this year in China unless given) and the area (the caller's
/// own, or for the province the whole province unless given) asked for.
fn progress_asked(
    query: &ProgressQuery,
    state: &AppState,
) -> Result<(i32, Option<City>), app::domain::InputError> {
    let year = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        Some(year) => parse_edition_year(year)?,
        None => chrono::Datelike::year(&app::domain::china_date(state.clock.now())),
    };
    let city = City::parse_optional(query.city.as_deref())?;
    Ok((year, city))
}

#[utoipa::path(
    get,
    path = "/progress",
    tag = TAG,
    operation_id = "trainingProgress",
    summary = "Progress against the yearly targets: person-times so far, the target, where the schedule puts the area today (pace), the year-end forecast at the current pace, and the person-times by training type, worker category (the first migrant-worker category of each trainee), occupation and month. A bureau sees its city; the province every area and the total, or one area with `city`",
    params(
        ("year" = Option<String>, Query, description = "The year, this year (China time) unless given"),
        ("city" = Option<String>, Query, description = "An area's code; the province's whole view unless given"),
    ),
    responses(
        (status = 200, description = "The progress", body = ProgressView),
        (status = 400, description = "Not a year or not an area (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's, or neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn progress(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ProgressQuery>,
) -> ApiResult<Response> {
    let (year, city) = progress_asked(&query, &state).map_err(invalid(&lang))?;
    let view = oversight::progress(&state, &actor, year, city, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, view))
}

#[derive(Deserialize)]
pub struct ProgressExportQuery {
    #[serde(flatten)]
    asked: ProgressQuery,
    table: Option<String>,
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/progress/export",
    tag = TAG,
    operation_id = "exportTrainingProgress",
    summary = "One table of the progress page (areas, months, training types, categories or occupations) as XLSX (default), CSV in UTF-8 with BOM, or CSV in GBK, in the caller's language",
    params(
        ("year" = Option<String>, Query, description = "The year, this year (China time) unless given"),
        ("city" = Option<String>, Query, description = "An area's code; the province's whole view unless given"),
        ("table" = String, Query, description = "areas, months, training_types, categories or occupations"),
        ("format" = Option<String>, Query, description = "xlsx, csv or csv-gbk"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 400, description = "Not a year, an area, a table or a format (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's, or neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn export_progress(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ProgressExportQuery>,
) -> ApiResult<Response> {
    let (year, city) = progress_asked(&query.asked, &state).map_err(invalid(&lang))?;
    let table =
        ProgressTable::parse(query.table.as_deref().unwrap_or_default()).map_err(invalid(&lang))?;
    let format = match query.format.as_deref().map(str::trim) {
        None | Some("") => ExportFormat::Xlsx,
        Some(code) => ExportFormat::parse(code).map_err(invalid(&lang))?,
    };
    let file = oversight::exports::export_progress(
        &state,
        &actor,
        year,
        city,
        table,
        format,
        lang.0,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(file_answer(
        &file.file_name,
        "training-progress",
        file.content_type,
        file.bytes,
    ))
}

#[derive(Deserialize)]
pub struct ScorecardsQuery {
    city: Option<String>,
}

/// The scorecards of `by` for the city asked for (if any), as `actor` may
/// read them.
async fn scorecards_of(
    state: &AppState,
    lang: &RequestLang,
    actor: &app::server::access::Actor,
    query: &ScorecardsQuery,
    by: ScoredBy,
) -> ApiResult<Response> {
    let city = City::parse_optional(query.city.as_deref()).map_err(invalid(lang))?;
    let list = scorecards::scorecards(state, actor, by, city, state.clock.now())
        .await
        .map_err(fail(lang))?;
    Ok(private(StatusCode::OK, list))
}

#[utoipa::path(
    get,
    path = "/scorecards/institutions",
    tag = TAG,
    operation_id = "institutionScorecards",
    summary = "Each institution's record from its approved classes: classes, trainees enrolled and completed, completion and certification rates, employment from employers' hire records, average ratings per criterion, risk warnings per 100 check-ins, subsidies recovered; ranked by completion rate then rating, with the removal rules' findings. A rate or average from fewer than 10 trainees is null. A bureau its city's, the province every city's (or `city`), an institution its own",
    params(("city" = Option<String>, Query, description = "A city code (the province only)")),
    responses(
        (status = 200, description = "The scorecards", body = ScorecardList),
        (status = 400, description = "Not a city (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's, or a worker or employer (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn institution_scorecards(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ScorecardsQuery>,
) -> ApiResult<Response> {
    scorecards_of(&state, &lang, &actor, &query, ScoredBy::Institution).await
}

#[utoipa::path(
    get,
    path = "/scorecards/courses",
    tag = TAG,
    operation_id = "courseScorecards",
    summary = "Each course's record over the classes that trained it, as for institutions: a course whose trainees rarely complete or find work is a candidate for removal. A bureau its city's, the province every city's (or `city`)",
    params(("city" = Option<String>, Query, description = "A city code (the province only)")),
    responses(
        (status = 200, description = "The scorecards", body = ScorecardList),
        (status = 400, description = "Not a city (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's, or neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn course_scorecards(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ScorecardsQuery>,
) -> ApiResult<Response> {
    scorecards_of(&state, &lang, &actor, &query, ScoredBy::Course).await
}
