//! `/api/v1/cities`, `/courses`, `/institutions`.

use app::{
    domain::{
        parse_bounded_int, CityOverview, CourseDetail, CourseList, CourseQuery, CourseQueryParams,
        Field, InstitutionDetail, InstitutionList, InstitutionQuery, InstitutionQueryParams,
    },
    error::AppError,
    server::{catalogue, AppState},
};
use axum::{
    extract::{Path, State},
    Json,
};

use super::{ApiError, ApiQuery, ErrorBody, RequestLang};

type ApiResult<T> = Result<Json<T>, ApiError>;

#[utoipa::path(
    get,
    path = "/cities",
    operation_id = "listCities",
    summary = "Every city with the size of its published catalogues",
    responses(
        (status = 200, description = "The ten areas", body = [app::domain::CityOverview]),
        (status = 503, description = "Database unreachable (`unavailable`)", body = ErrorBody),
    ),
)]
pub async fn cities(
    State(state): State<AppState>,
    lang: RequestLang,
) -> ApiResult<Vec<CityOverview>> {
    respond(
        catalogue::city_overviews(&state.db, state.clock.today()).await,
        lang,
    )
}

#[utoipa::path(
    get,
    path = "/courses",
    operation_id = "listCourses",
    summary = "Search a city's published course catalogue",
    params(
        ("city" = String, Query, description = "Area code of the city (required)."),
        ("q" = Option<String>, Query, description = "Substring of the occupation name or code, e.g. 育婴 or 4-10."),
        ("type" = Option<String>, Query, description = "Training type."),
        ("urgent" = Option<bool>, Query, description = "Only urgently-needed rows (true/false, 1/0)."),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 1000, description = "Page number, from 1."),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Rows per page."),
    ),
    responses(
        (status = 200, description = "One page of courses", body = app::domain::CourseList),
        (status = 400, description = "A query value failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 503, description = "Database unreachable (`unavailable`)", body = ErrorBody),
    ),
)]
pub async fn courses(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiQuery(params): ApiQuery<CourseQueryParams>,
) -> ApiResult<CourseList> {
    let result = async {
        let query = CourseQuery::parse(&params, None)?;
        catalogue::list_courses(&state.db, &query, state.clock.today()).await
    };
    respond(result.await, lang)
}

#[utoipa::path(
    get,
    path = "/courses/{id}",
    operation_id = "getCourse",
    summary = "One course with its subsidy standard and the institutions that may train it",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The course", body = app::domain::CourseDetail),
        (status = 400, description = "The id is not a positive whole number (`invalid_input`)", body = ErrorBody),
        (status = 404, description = "No published course has this id (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn course(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(id): Path<String>,
) -> ApiResult<CourseDetail> {
    let result = async {
        let id = parse_bounded_int(Field::Id, &id, 1, i64::MAX)?;
        catalogue::course_detail(&state.db, id, state.clock.today()).await
    };
    respond(result.await, lang)
}

#[utoipa::path(
    get,
    path = "/institutions",
    operation_id = "listInstitutions",
    summary = "Search a city's published institution catalogue",
    params(
        ("city" = String, Query, description = "Area code of the city (required)."),
        ("q" = Option<String>, Query, description = "Substring of the name or address."),
        ("nature" = Option<String>, Query, description = "Institution nature."),
        ("occupation" = Option<String>, Query, description = "Substring of an occupation name or code the institution may train."),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 1000, description = "Page number, from 1."),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Rows per page."),
    ),
    responses(
        (status = 200, description = "One page of institutions", body = app::domain::InstitutionList),
        (status = 400, description = "A query value failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 503, description = "Database unreachable (`unavailable`)", body = ErrorBody),
    ),
)]
pub async fn institutions(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiQuery(params): ApiQuery<InstitutionQueryParams>,
) -> ApiResult<InstitutionList> {
    let result = async {
        let query = InstitutionQuery::parse(&params, None)?;
        catalogue::list_institutions(&state.db, &query, state.clock.today()).await
    };
    respond(result.await, lang)
}

#[utoipa::path(
    get,
    path = "/institutions/{id}",
    operation_id = "getInstitution",
    summary = "One institution with the occupations it may train",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The institution", body = app::domain::InstitutionDetail),
        (status = 400, description = "The id is not a positive whole number (`invalid_input`)", body = ErrorBody),
        (status = 404, description = "No published institution has this id (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn institution(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(id): Path<String>,
) -> ApiResult<InstitutionDetail> {
    let result = async {
        let id = parse_bounded_int(Field::Id, &id, 1, i64::MAX)?;
        catalogue::institution_detail(&state.db, id, state.clock.today()).await
    };
    respond(result.await, lang)
}

fn respond<T>(result: Result<T, AppError>, RequestLang(lang): RequestLang) -> ApiResult<T> {
    result.map(Json).map_err(|error| ApiError::new(error, lang))
}
