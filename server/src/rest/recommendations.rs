//! `/api/v1/me/recommendations`: the worker's choice of pushed
//! recommendations (项目找人、人策匹配), on by default at registration and
//! switched in one tap. Every operation carries the tag `recommendations`.

use app::{
    server::{recommendations, AppState},
    views::RecommendationConsent,
};
use axum::{extract::State, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{fail, private, ApiActor, ApiJson, ApiResult, ErrorBody, RequestLang};

const TAG: &str = "recommendations";

#[utoipa::path(
    get,
    path = "/me/recommendations",
    tag = TAG,
    operation_id = "myRecommendationSetting",
    summary = "Whether the signed-in worker receives pushed recommendations, and since when",
    responses(
        (status = 200, description = "The setting", body = RecommendationConsent),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn my_setting(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let consent = recommendations::consent_of(&state.db, &actor.user_id)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, consent))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RecommendationSettingInput {
    /// `true` to receive pushed recommendations, `false` to stop them.
    receive: bool,
}

#[utoipa::path(
    put,
    path = "/me/recommendations",
    tag = TAG,
    operation_id = "setRecommendations",
    summary = "The worker turns pushed recommendations on or off (recorded as consent.give or consent.withdraw; the same choice again changes nothing)",
    request_body = RecommendationSettingInput,
    responses(
        (status = 200, description = "The setting now", body = RecommendationConsent),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a worker (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn set(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<RecommendationSettingInput>,
) -> ApiResult<Response> {
    let consent = recommendations::set_consent(&state, &actor, input.receive, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, consent))
}
