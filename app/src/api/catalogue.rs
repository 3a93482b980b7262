//! The published catalogues, as the worker's pages ask for them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{
        City, CityOverview, CourseDetail, CourseList, CourseQueryParams, InstitutionDetail,
        InstitutionList, InstitutionQueryParams,
    },
    error::AppError,
};

/// What the home page shows: the remembered city and every city's
/// catalogue sizes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeOverview {
    pub remembered_city: Option<City>,
    pub cities: Vec<CityOverview>,
}

#[server(prefix = "/sfn", endpoint = "home", input = server_fn::codec::GetUrl)]
pub async fn load_home() -> Result<HomeOverview, AppError> {
    use super::context::{request, respond};
    use crate::server::{catalogue, request::remembered_city};

    respond(
        async {
            let (state, headers) = request()?;
            Ok(HomeOverview {
                remembered_city: remembered_city(&headers),
                cities: catalogue::city_overviews(&state.db, state.clock.today()).await?,
            })
        }
        .await,
    )
}

#[server(prefix = "/sfn", endpoint = "courses", input = server_fn::codec::GetUrl)]
pub async fn list_courses(params: CourseQueryParams) -> Result<CourseList, AppError> {
    use super::context::{request, respond};
    use crate::{
        domain::CourseQuery,
        server::{catalogue, request::remembered_city},
    };

    respond(
        async {
            let (state, headers) = request()?;
            let query = CourseQuery::parse(&params, remembered_city(&headers))?;
            catalogue::list_courses(&state.db, &query, state.clock.today()).await
        }
        .await,
    )
}

#[server(prefix = "/sfn", endpoint = "course", input = server_fn::codec::GetUrl)]
pub async fn load_course(id: String) -> Result<CourseDetail, AppError> {
    use super::context::{request, respond};
    use crate::server::{catalogue, visit::parse_id};

    respond(
        async {
            let (state, _) = request()?;
            let id = parse_id(&id)?;
            catalogue::course_detail(&state.db, id, state.clock.today()).await
        }
        .await,
    )
}

#[server(prefix = "/sfn", endpoint = "institutions", input = server_fn::codec::GetUrl)]
pub async fn list_institutions(
    params: InstitutionQueryParams,
) -> Result<InstitutionList, AppError> {
    use super::context::{request, respond};
    use crate::{
        domain::InstitutionQuery,
        server::{catalogue, request::remembered_city},
    };

    respond(
        async {
            let (state, headers) = request()?;
            let query = InstitutionQuery::parse(&params, remembered_city(&headers))?;
            catalogue::list_institutions(&state.db, &query, state.clock.today()).await
        }
        .await,
    )
}

#[server(prefix = "/sfn", endpoint = "institution", input = server_fn::codec::GetUrl)]
pub async fn load_institution(id: String) -> Result<InstitutionDetail, AppError> {
    use super::context::{request, respond};
    use crate::server::{catalogue, visit::parse_id};

    respond(
        async {
            let (state, _) = request()?;
            let id = parse_id(&id)?;
            catalogue::institution_detail(&state.db, id, state.clock.today()).await
        }
        .await,
    )
}
