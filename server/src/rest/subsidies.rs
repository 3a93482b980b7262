//! Completion, ratings, subsidy claims and the inbox:
//! `/api/v1/enrolments/{id}/assessment|certificate-verification|rating|subsidy-claim`,
//! `/api/v1/classes/{id}/completion|ratings|subsidy-claims`, `/api/v1/certificates`,
//! `/api/v1/ratings/{id}/reply|hide`, `/api/v1/subsidy-claims*`,
//! `/api/v1/me/subsidies` and `/api/v1/me/notifications*`.

use app::views::{
    AssessmentView, CertificateView, ClaimDetail, ClaimSummary, ClassRatings, CompletionSheet,
    Inbox, RatingView, TrainingJourney,
};
use app::{
    domain::{
        AssessmentInput, CertificateStatus, ClaimStatus, Fen, InputError, PayeeChoice, Rating,
        RatingInput, Reason, Reply,
    },
    server::{
        completion::{self, Verification},
        inbox, journey,
        subsidies::{self, ClaimQuery, ReviewAction},
        AppState,
    },
};
use axum::{extract::State, http::StatusCode, response::Response, Json};
use serde::Deserialize;

use super::{
    fail, invalid, private, ApiActor, ApiId, ApiJson, ApiQuery, ApiResult, ErrorBody, ReasonInput,
    RequestLang,
};

/// How many messages a call marked read.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Marked {
    marked: u64,
}

#[utoipa::path(
    get,
    path = "/classes/{id}/completion",
    operation_id = "completionSheet",
    summary = "Every enrolled worker of a class with attendance, assessment and claim (the class's institution or employer, bureau, province)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The sheet", body = CompletionSheet),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn completion_sheet(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
) -> ApiResult<Response> {
    let sheet = completion::completion_sheet(&state, &actor, class_id, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, sheet))
}

#[utoipa::path(
    put,
    path = "/enrolments/{id}/assessment",
    operation_id = "recordAssessment",
    summary = "The class's institution (or the employer of its own training) records, or corrects until verification, the completion assessment after the class ended",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = AssessmentInput,
    responses(
        (status = 200, description = "Recorded; held claims are checked again", body = AssessmentView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class has not ended (`class_not_finished`), or the certificate was already verified (`assessment_locked`)", body = ErrorBody),
    ),
)]
pub async fn record_assessment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> ApiResult<Json<AssessmentView>> {
    completion::record_assessment(&state, &actor, enrolment_id, &input, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct VerificationInput {
    /// `verified` or `invalid`.
    result: String,
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/enrolments/{id}/certificate-verification",
    operation_id = "verifyCertificate",
    summary = "The city's bureau verifies a pending certificate, or finds it invalid (rejects unpaid claims, recovers paid ones)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = VerificationInput,
    responses(
        (status = 200, description = "Verified", body = AssessmentView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "No certificate awaits verification (`nothing_to_verify`); or a paid claim changed state meanwhile (`claim_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn verify_certificate(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<VerificationInput>,
) -> ApiResult<Json<AssessmentView>> {
    let verification = Verification::parse(&input.result, &input.reason).map_err(invalid(&lang))?;
    completion::verify_certificate(
        &state,
        &actor,
        enrolment_id,
        &verification,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct CertificateQuery {
    /// `pending` (default), `verified` or `invalid`.
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/certificates",
    operation_id = "listCertificates",
    summary = "Certificates of the bureau's city by verification status",
    params(
        ("status" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Certificates", body = [CertificateView]),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
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
    let list = completion::certificates(&state, &actor, status, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, list))
}

#[utoipa::path(
    put,
    path = "/enrolments/{id}/rating",
    operation_id = "rateClass",
    summary = "The worker rates the class (or changes the rating within 7 days), having attended the configured share of sessions",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = RatingInput,
    responses(
        (status = 200, description = "Stored", body = RatingView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Too few sessions attended (`too_few_sessions`), older than 7 days (`rating_locked`), or an employer's own training, which is not rated (`employer_training_not_rated`)", body = ErrorBody),
    ),
)]
pub async fn rate(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<RatingInput>,
) -> ApiResult<Json<RatingView>> {
    let rating = Rating::parse(&input).map_err(invalid(&lang))?;
    completion::rate(&state, &actor, enrolment_id, &rating, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/classes/{id}/ratings",
    operation_id = "classRatings",
    summary = "Ratings of an approved class; the average shows from 5 ratings",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Ratings", body = ClassRatings),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn class_ratings(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: axum::http::HeaderMap,
    ApiId(class_id): ApiId,
) -> ApiResult<Json<ClassRatings>> {
    let actor = app::server::request::current_actor(&state.db, &headers, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    completion::class_ratings(&state, actor.as_ref(), class_id)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReplyInput {
    reply: String,
}

#[utoipa::path(
    post,
    path = "/ratings/{id}/reply",
    operation_id = "replyToRating",
    summary = "The institution replies once",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ReplyInput,
    responses(
        (status = 200, description = "Replied", body = RatingView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already replied (`already_replied`)", body = ErrorBody),
    ),
)]
pub async fn reply_to_rating(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(rating_id): ApiId,
    ApiJson(input): ApiJson<ReplyInput>,
) -> ApiResult<Json<RatingView>> {
    let reply = Reply::parse(&input.reply).map_err(invalid(&lang))?;
    completion::reply(&state, &actor, rating_id, &reply, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/ratings/{id}/hide",
    operation_id = "hideRating",
    summary = "The city's bureau hides an abusive comment with the reason (recorded)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Hidden", body = RatingView),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already hidden (`already_hidden`)", body = ErrorBody),
    ),
)]
pub async fn hide_rating(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(rating_id): ApiId,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<RatingView>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    completion::hide(&state, &actor, rating_id, &reason, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct ClaimInput {
    /// `worker` (default), `institution` or `employer`. The claims of an
    /// employer's own training are always paid to that employer, whatever
    /// this says.
    #[serde(default)]
    payee: String,
    #[serde(default)]
    payee_name: String,
}

#[utoipa::path(
    post,
    path = "/enrolments/{id}/subsidy-claim",
    operation_id = "fileClaim",
    summary = "Files the subsidy claim of an enrolment whose class ended (the worker, or the institution on the worker's behalf; for an employer's own training the employer, paid to it, raising the `not_employee` warning for a trainee not declared employed by the class's first day); the checks run at once",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ClaimInput,
    responses(
        (status = 201, description = "Filed; `status` says where the checks left it", body = ClaimDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class has not ended (`class_not_finished`), or a claim exists for this enrolment or this occupation and level (`claim_exists`)", body = ErrorBody),
    ),
)]
pub async fn file_claim(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(enrolment_id): ApiId,
    ApiJson(input): ApiJson<ClaimInput>,
) -> ApiResult<Response> {
    let payee = PayeeChoice::parse(&input.payee, &input.payee_name).map_err(invalid(&lang))?;
    let claim = subsidies::file(
        &state,
        &actor,
        enrolment_id,
        &payee,
        lang.0,
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, claim))
}

#[utoipa::path(
    post,
    path = "/classes/{id}/subsidy-claims",
    operation_id = "fileClassClaims",
    summary = "Files, on the workers' behalf, the claim of every worker of an ended class who passed the completion assessment and has no claim standing (the class's institution, or the employer of its own training); each claim is checked at once, and workers whose claim could not be filed are listed with the reason",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = ClaimInput,
    responses(
        (status = 200, description = "The claims filed and the workers passed over", body = app::server::subsidies::ClassFiling),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such class (`not_found`)", body = ErrorBody),
        (status = 409, description = "The class has not ended (`class_not_finished`)", body = ErrorBody),
    ),
)]
pub async fn file_class_claims(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(class_id): ApiId,
    ApiJson(input): ApiJson<ClaimInput>,
) -> ApiResult<Response> {
    let payee = PayeeChoice::parse(&input.payee, &input.payee_name).map_err(invalid(&lang))?;
    let filing =
        subsidies::file_for_class(&state, &actor, class_id, &payee, lang.0, state.clock.now())
            .await
            .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, filing))
}

#[derive(Deserialize)]
pub struct ClaimListQuery {
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/subsidy-claims",
    operation_id = "listClaims",
    summary = "Claims the caller may see (bureau: its city; institution: its classes; employer: its own training's; worker: own)",
    params(
        ("status" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Claims", body = [ClaimSummary]),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/subsidy-claims/{id}",
    operation_id = "getClaim",
    summary = "A claim with its latest checks and every transition",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The claim", body = ClaimDetail),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn claim(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(claim_id): ApiId,
) -> ApiResult<Response> {
    let claim = subsidies::detail(&state, &actor, claim_id, lang.0, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, claim))
}

#[derive(Deserialize, utoipa::ToSchema)]
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

#[utoipa::path(
    post,
    path = "/subsidy-claims/review",
    operation_id = "reviewClaims",
    summary = "A bureau reviewer's step on a batch of its city's claims, in one transaction",
    request_body = ReviewInput,
    responses(
        (status = 200, description = "What was done and what was skipped", body = app::server::subsidies::BatchOutcome),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn review_claims(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<Response> {
    let action = review_action(&input).map_err(invalid(&lang))?;
    let outcome = subsidies::review(&state, &actor, &input.claim_ids, &action, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, outcome))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RecoveryInput {
    /// Yuan, as people write it: `1200` or `1200.50`.
    amount: String,
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/subsidy-claims/{id}/recovery",
    operation_id = "recoverClaim",
    summary = "Recovers (追回) part or all of a paid subsidy",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body = RecoveryInput,
    responses(
        (status = 200, description = "Recovered", body = ClaimDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "The claim is not paid (`claim_not_in_state`)", body = ErrorBody),
    ),
)]
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
        state.clock.now(),
    )
    .await
    .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, claim))
}

#[utoipa::path(
    get,
    path = "/me/subsidies",
    operation_id = "mySubsidies",
    summary = "The signed-in worker's trainings from enrolment to payment",
    responses(
        (status = 200, description = "Trainings", body = [TrainingJourney]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn my_subsidies(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let journeys = journey::my_journeys(&state, &actor, lang.0, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, journeys))
}

#[utoipa::path(
    get,
    path = "/me/notifications",
    operation_id = "myNotifications",
    summary = "The inbox: a message each time a claim changes state",
    responses(
        (status = 200, description = "Inbox", body = Inbox),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/me/notifications/{id}/read",
    operation_id = "readNotification",
    summary = "Marks one message read",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Marked", body = Marked),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`, field `id`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn read_notification(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    let changed = inbox::mark_read(&state, &actor, Some(id), state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, Marked { marked: changed }))
}

#[utoipa::path(
    post,
    path = "/me/notifications/read-all",
    operation_id = "readAllNotifications",
    summary = "Marks every message read",
    responses(
        (status = 200, description = "Marked", body = Marked),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn read_all_notifications(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Response> {
    let changed = inbox::mark_read(&state, &actor, None, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::OK, Marked { marked: changed }))
}
