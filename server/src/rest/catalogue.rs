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

use super::{ApiError, ApiQuery, RequestLang};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub async fn cities(
    State(state): State<AppState>,
    lang: RequestLang,
) -> ApiResult<Vec<CityOverview>> {
    respond(catalogue::city_overviews(&state.db).await, lang)
}

pub async fn courses(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiQuery(params): ApiQuery<CourseQueryParams>,
) -> ApiResult<CourseList> {
    let result = async {
        let query = CourseQuery::parse(&params, None)?;
        catalogue::list_courses(&state.db, &query).await
    };
    respond(result.await, lang)
}

pub async fn course(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(id): Path<String>,
) -> ApiResult<CourseDetail> {
    let result = async {
        let id = parse_bounded_int(Field::Id, &id, 1, i64::MAX)?;
        catalogue::course_detail(&state.db, id).await
    };
    respond(result.await, lang)
}

pub async fn institutions(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiQuery(params): ApiQuery<InstitutionQueryParams>,
) -> ApiResult<InstitutionList> {
    let result = async {
        let query = InstitutionQuery::parse(&params, None)?;
        catalogue::list_institutions(&state.db, &query).await
    };
    respond(result.await, lang)
}

pub async fn institution(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(id): Path<String>,
) -> ApiResult<InstitutionDetail> {
    let result = async {
        let id = parse_bounded_int(Field::Id, &id, 1, i64::MAX)?;
        catalogue::institution_detail(&state.db, id).await
    };
    respond(result.await, lang)
}

fn respond<T>(result: Result<T, AppError>, RequestLang(lang): RequestLang) -> ApiResult<T> {
    result.map(Json).map_err(|error| ApiError::new(error, lang))
}
