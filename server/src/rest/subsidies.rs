//! Completion, ratings, subsidy claims and the inbox:
//! `/api/v1/enrolments/{id}/assessment|certificate-verification|rating|subsidy-claim`,
//! `/api/v1/classes/{id}/completion|ratings|subsidy-claims`, `/api/v1/certificates`,
//! `/api/v1/ratings/{id}/reply|hide`, `/api/v1/subsidy-claims*`,
//! `/api/v1/me/subsidies` and `/api/v1/me/notifications*`.

use app::{
    domain::{
        AssessmentInput, CertificateStatus, ClaimStatus, Fen, InputError, PayeeChoice, Rating,
        RatingInput, Reason, Reply,
    },
    server::{
        completion::{self, AssessmentView, ClassRatings, RatingView, Verification},
        inbox, journey,
        subsidies::{self, ClaimQuery, ReviewAction},
        AppState,
    },
};
use axum::{extract::State, http::StatusCode, response::Response, Json};
use chrono::Utc;
use serde::Deserialize;

use super::{fail, invalid, private, ApiActor, ApiId, ApiJson, ApiQuery, ApiResult, RequestLang};

pub async fn completion_sheet(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
) -> ApiResult<Response> {
    let sheet = completion::completion_sheet(&state, &actor, class_id, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, sheet))
}

pub async fn record_assessment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> ApiResult<Json<AssessmentView>> {
    completion::record_assessment(&state, &actor, enrolment_id, &input, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct VerificationInput {
    /// `verified` or `invalid`.
    result: String,
    #[serde(default)]
    reason: String,
}

pub async fn verify_certificate(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<VerificationInput>,
) -> ApiResult<Json<AssessmentView>> {
    let verification = Verification::parse(&input.result, &input.reason).map_err(invalid(&lang))?;
    completion::verify_certificate(&state, &actor, enrolment_id, &verification, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct CertificateQuery {
    /// `pending` (default), `verified` or `invalid`.
    status: Option<String>,
}

pub async fn certificates(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<CertificateQuery>,
) -> ApiResult<Response> {
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => CertificateStatus::Pending,
        Some(code) => CertificateStatus::parse(code).map_err(invalid(&lang))?,
    };
    let list = completion::certificates(&state, &actor, status, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

pub async fn rate(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<RatingInput>,
) -> ApiResult<Json<RatingView>> {
    let rating = Rating::parse(&input).map_err(invalid(&lang))?;
    completion::rate(&state, &actor, enrolment_id, &rating, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

pub async fn class_ratings(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: axum::http::HeaderMap,
    ApiId(class_id): ApiId,
) -> ApiResult<Json<ClassRatings>> {
    let actor = app::server::sessions::current_actor(&state.db, &headers, Utc::now())
        .await
        .map_err(fail(&lang))?;
    completion::class_ratings(&state, actor.as_ref(), class_id)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct ReplyInput {
    reply: String,
}

pub async fn reply_to_rating(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(rating_id): ApiId,
    ApiJson(input): ApiJson<ReplyInput>,
) -> ApiResult<Json<RatingView>> {
    let reply = Reply::parse(&input.reply).map_err(invalid(&lang))?;
    completion::reply(&state, &actor, rating_id, &reply, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct ReasonInput {
    #[serde(default)]
    reason: String,
}

pub async fn hide_rating(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(rating_id): ApiId,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<RatingView>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    completion::hide(&state, &actor, rating_id, &reason, Utc::now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, Default)]
pub struct ClaimInput {
    /// `worker` (default), `institution` or `employer`.
    #[serde(default)]
    payee: String,
    #[serde(default)]
    payee_name: String,
}

pub async fn file_claim(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<ClaimInput>,
) -> ApiResult<Response> {
    let payee = PayeeChoice::parse(&input.payee, &input.payee_name).map_err(invalid(&lang))?;
    let claim = subsidies::file(&state, &actor, enrolment_id, &payee, lang.0, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, claim))
}

pub async fn file_class_claims(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<ClaimInput>,
) -> ApiResult<Response> {
    let payee = PayeeChoice::parse(&input.payee, &input.payee_name).map_err(invalid(&lang))?;
    let filing = subsidies::file_for_class(&state, &actor, class_id, &payee, lang.0, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, filing))
}

#[derive(Deserialize)]
pub struct ClaimListQuery {
    status: Option<String>,
}

pub async fn claims(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ClaimListQuery>,
) -> ApiResult<Response> {
    let status = query
        .status
        .filter(|s| !s.trim().is_empty())
        .map(|code| ClaimStatus::parse(&code))
        .transpose()
        .map_err(invalid(&lang))?;
    let list = subsidies::list(&state, &actor, ClaimQuery { status })
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

pub async fn claim(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(claim_id): ApiId,
) -> ApiResult<Response> {
    let claim = subsidies::detail(&state, &actor, claim_id, lang.0, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, claim))
}

#[derive(Deserialize)]
pub struct ReviewInput {
    claim_ids: Vec<i64>,
    /// `start_review`, `approve`, `reject`, `pay` or `recheck`.
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    payment_reference: String,
}

fn review_action(input: &ReviewInput) -> Result<ReviewAction, InputError> {
    ReviewAction::parse(
        &input.claim_ids,
        &input.action,
        &input.reason,
        &input.payment_reference,
    )
}

pub async fn review_claims(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<Response> {
    let action = review_action(&input).map_err(invalid(&lang))?;
    let outcome = subsidies::review(&state, &actor, &input.claim_ids, &action, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, outcome))
}

#[derive(Deserialize)]
pub struct RecoveryInput {
    /// Yuan, as people write it: `1200` or `1200.50`.
    amount: String,
    #[serde(default)]
    reason: String,
}

pub async fn recover_claim(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(claim_id): ApiId,
    ApiJson(input): ApiJson<RecoveryInput>,
) -> ApiResult<Response> {
    let amount = Fen::parse_yuan(&input.amount).map_err(invalid(&lang))?;
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    let claim = subsidies::recover(
        &state,
        &actor,
        claim_id,
        amount,
        &reason,
        lang.0,
        Utc::now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, claim))
}

pub async fn my_subsidies(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let journeys = journey::my_journeys(&state, &actor, lang.0, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, journeys))
}

pub async fn notifications(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let inbox = inbox::inbox(&state, &actor, lang.0)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, inbox))
}

pub async fn read_notification(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let changed = inbox::mark_read(&state, &actor, Some(id), Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(
        StatusCode::OK,
        serde_json::json!({ "marked": changed }),
    ))
}

pub async fn read_all_notifications(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let changed = inbox::mark_read(&state, &actor, None, Utc::now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(
        StatusCode::OK,
        serde_json::json!({ "marked": changed }),
    ))
}
