//! Pushed recommendations (项目找人、人策匹配): `/api/v1/me/recommendations`,
//! the worker's choice to receive them, on by default at registration and
//! switched in one tap; `/api/v1/campaigns`, a bureau's campaigns of its
//! city, drafted, counted and sent (the province reads them all). Every
//! operation carries the tag `recommendations`.

use app::{
    domain::{AudienceSize, CampaignInput, ExportFormat},
    server::{campaigns, recommendations, recommended, AppState},
    views::{CampaignView, RecommendationConsent, Recommended},
};
use axum::{extract::State, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    catalogue_publishing::file_answer, fail, invalid, private, ApiActor, ApiId, ApiJson, ApiQuery,
    ApiResult, ErrorBody, RequestLang,
};

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

#[utoipa::path(
    get,
    path = "/campaigns",
    tag = TAG,
    operation_id = "listCampaigns",
    summary = "Recommendation campaigns: a bureau its city's, the province every city's (read-only), newest first",
    responses(
        (status = 200, description = "The campaigns", body = [CampaignView]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn list_campaigns(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let list = campaigns::list(&state, &actor, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[utoipa::path(
    post,
    path = "/campaigns",
    tag = TAG,
    operation_id = "draftCampaign",
    summary = "A bureau drafts a campaign of its city: the offer (a course of the published catalogue at a level, an approved class with seats, or an approved order), a message in Chinese (at most 50 characters; English optional) and the audience's filters (recorded as campaign.create)",
    request_body = CampaignInput,
    responses(
        (status = 201, description = "The draft, with the audience it reaches now", body = CampaignView),
        (status = 400, description = "A value failed its rules, or the offer is another city's or not in the published catalogue; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a bureau (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "The class or order does not exist (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class is not open or full (`class_not_open`, `class_full`), or the order is not approved (`order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn draft_campaign(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<CampaignInput>,
) -> ApiResult<Response> {
    let view = campaigns::create(&state, &actor, &input, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, view))
}

#[utoipa::path(
    post,
    path = "/campaigns/audience",
    tag = TAG,
    operation_id = "campaignAudience",
    summary = "How many workers a campaign as typed would reach now, in all and by worker category; never who they are. Nothing is saved",
    request_body = CampaignInput,
    responses(
        (status = 200, description = "The audience's size", body = AudienceSize),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a bureau (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "The class or order does not exist (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class is not open or full (`class_not_open`, `class_full`), or the order is not approved (`order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn campaign_audience(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<CampaignInput>,
) -> ApiResult<Response> {
    let size = campaigns::preview(&state, &actor, &input, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, size))
}

#[utoipa::path(
    get,
    path = "/campaigns/{id}",
    tag = TAG,
    operation_id = "campaign",
    summary = "One campaign: a draft with the audience it reaches now, a sent one with its messages per channel and state",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "The campaign", body = CampaignView),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's campaign, or neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn campaign(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let view = campaigns::show(&state, &actor, id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, view))
}

#[utoipa::path(
    put,
    path = "/campaigns/{id}",
    tag = TAG,
    operation_id = "changeCampaign",
    summary = "A bureau changes a draft of its city (recorded as campaign.update)",
    params(("id" = i64, Path, minimum = 1)),
    request_body = CampaignInput,
    responses(
        (status = 200, description = "The draft, with the audience it reaches now", body = CampaignView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's campaign, or not a bureau (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Sent already (`campaign_sent`); or the class is not open or full, or the order not approved", body = ErrorBody),
    ),
)]
pub async fn change_campaign(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<CampaignInput>,
) -> ApiResult<Response> {
    let view = campaigns::update(&state, &actor, id, &input, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, view))
}

#[utoipa::path(
    post,
    path = "/campaigns/{id}/send",
    tag = TAG,
    operation_id = "sendCampaign",
    summary = "A bureau sends a draft of its city: one message per worker the audience reaches now goes into the outbox, delivered in the background within the weekly limit and outside 21:00–08:00 (recorded as campaign.send with the number of recipients)",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "Sent", body = CampaignView),
        (status = 400, description = "The offer no longer passes its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's campaign, or not a bureau (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Sent already (`campaign_sent`), nobody matches (`audience_empty`), or the class filled up or the order changed (`class_full`, `class_not_open`, `order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn send_campaign(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let view = campaigns::send(&state, &actor, id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, view))
}

#[utoipa::path(
    get,
    path = "/me/recommended",
    tag = TAG,
    operation_id = "myRecommended",
    summary = "为你推荐: what the signed-in worker is recommended now, each with why: offers bureaus pushed, the next level of a certificate held, classes of the city starting soon with seats, orders that end in a job, urgently-needed courses, and the living-allowance note; none the worker dismissed",
    responses(
        (status = 200, description = "At most eight, pushed ones first", body = [Recommended]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a worker (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn my_recommended(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let items = recommended::for_worker(&state, &actor, lang.0, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, items))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RecommendedItemInput {
    /// The recommendation's `item` key, e.g. `campaign:12`.
    item: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct OpenedRecommendation {
    /// The page of the offer on this site.
    path: String,
}

#[utoipa::path(
    post,
    path = "/me/recommended/open",
    tag = TAG,
    operation_id = "openRecommended",
    summary = "The worker opens a recommendation: recorded (the first time) for its campaign's funnel; answers where the offer is",
    request_body = RecommendedItemInput,
    responses(
        (status = 200, description = "Where the offer is", body = OpenedRecommendation),
        (status = 400, description = "Not a recommendation key (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 404, description = "A campaign not delivered to this worker (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn open_recommended(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<RecommendedItemInput>,
) -> ApiResult<Response> {
    let path = recommended::open(&state, Some(&actor), &input.item, true, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, OpenedRecommendation { path }))
}

#[utoipa::path(
    post,
    path = "/me/recommended/dismiss",
    tag = TAG,
    operation_id = "dismissRecommended",
    summary = "The worker hides a recommendation for good (recorded for its campaign's funnel)",
    request_body = RecommendedItemInput,
    responses(
        (status = 204, description = "Hidden"),
        (status = 400, description = "Not a recommendation key (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a worker (`forbidden`)", body = ErrorBody),
        (status = 404, description = "A campaign not delivered to this worker (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn dismiss_recommended(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<RecommendedItemInput>,
) -> ApiResult<StatusCode> {
    recommended::dismiss(&state, &actor, &input.item, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct FunnelExportQuery {
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/campaigns/{id}/funnel",
    tag = TAG,
    operation_id = "exportCampaignFunnel",
    summary = "A sent campaign's funnel (sent → delivered → opened → enrolled → attended → completed → certified → hired, each with its share of the step before), in all and by worker category, as XLSX (default), CSV in UTF-8 with BOM, or CSV in GBK",
    params(
        ("id" = i64, Path, minimum = 1),
        ("format" = Option<String>, Query, description = "xlsx, csv or csv-gbk"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 400, description = "The id is not a whole number of at least 1, or an unknown format (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Another city's campaign, or neither a bureau nor the province (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn export_funnel(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiQuery(query): ApiQuery<FunnelExportQuery>,
) -> ApiResult<Response> {
    let format = match query.format.as_deref().map(str::trim) {
        None | Some("") => ExportFormat::Xlsx,
        Some(code) => ExportFormat::parse(code).map_err(invalid(&lang))?,
    };
    let file = campaigns::export_funnel(&state, &actor, id, format, lang.0, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(file_answer(
        &file.file_name,
        "campaign-funnel",
        file.content_type,
        file.bytes,
    ))
}
