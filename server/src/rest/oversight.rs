//! `/api/v1/targets`: the yearly migrant-worker training targets per area
//! (oversight). A bureau reads its city's, the province every area's and
//! sets them with a reason. Every operation carries the tag `oversight`.

use app::{
    domain::{parse_bounded_int, City, Field, Reason, EDITION_YEARS},
    server::{oversight, AppState},
    views::TargetView,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    fail, invalid, private, ApiActor, ApiJson, ApiQuery, ApiResult, ErrorBody, RequestLang,
};

const TAG: &str = "oversight";

/// A year as the targets take it.
fn year(text: &str) -> Result<i64, app::domain::InputError> {
    parse_bounded_int(
        Field::Year,
        text,
        i64::from(*EDITION_YEARS.start()),
        i64::from(*EDITION_YEARS.end()),
    )
}

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
    let year = year(query.year.as_deref().unwrap_or("2024")).map_err(invalid(&lang))?;
    let list = oversight::targets(&state, &actor, year, state.clock.now())
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
    let year = year(&year_text).map_err(invalid(&lang))?;
    let city = City::parse(&city).map_err(invalid(&lang))?;
    let person_times = parse_bounded_int(Field::PersonTimes, &input.person_times, 0, 1_000_000)
        .map_err(invalid(&lang))?;
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    let list = oversight::set_target(
        &state,
        &actor,
        city,
        year,
        person_times,
        &reason,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}
