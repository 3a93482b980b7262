//! `/api/v1/orders`: a verified employer posts training orders (订单、定向、
//! 定岗、项目制) with the jobs they end in; the city's bureau approves or
//! returns them; institutions that may train the occupation bid (揭榜) for
//! an open order; the employer picks one. Every operation carries the tag
//! `orders`.

use app::{
    domain::{
        parse_plan, BidInput, City, ExportFormat, NewOrder, OfferView, OrderDetail, OrderInput,
        OrderStatus, OrderSummary, Outcome, OutcomeInput, Reason, RetentionInput, TraineeOutcome,
    },
    server::{classes::Decision, hires, orders, AppState},
};
use axum::{extract::State, http::StatusCode, response::Response, Json};
use serde::Deserialize;

use super::{
    catalogue_publishing::{file_answer, ApiIds, MaybeActor},
    fail, invalid, private, ApiActor, ApiId, ApiJson, ApiQuery, ApiResult, ErrorBody, ReasonInput,
    RequestLang,
};

const TAG: &str = "orders";

#[derive(Deserialize)]
pub struct OrderQuery {
    city: Option<String>,
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/orders",
    tag = TAG,
    operation_id = "listOrders",
    summary = "Training orders: an employer its own, an institution the open orders it may train and those assigned to it, a bureau its city's, the province every city's; anyone else the approved orders (of `city`)",
    params(
        ("city" = Option<String>, Query, description = "A city code (province and the public)"),
        ("status" = Option<String>, Query, description = "submitted, returned, approved, assigned or withdrawn"),
    ),
    responses(
        (status = 200, description = "Newest first", body = [OrderSummary]),
        (status = 400, description = "An unknown city or status (`invalid_input`)", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    lang: RequestLang,
    MaybeActor(actor): MaybeActor,
    ApiQuery(query): ApiQuery<OrderQuery>,
) -> ApiResult<Json<Vec<OrderSummary>>> {
    let city = optional(query.city.as_deref(), City::parse).map_err(invalid(&lang))?;
    let status = optional(query.status.as_deref(), OrderStatus::parse).map_err(invalid(&lang))?;
    orders::list(&state, actor.as_ref(), city, status)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

/// An optional query value: absent or empty means "any".
fn optional<T>(
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, app::domain::InputError>,
) -> Result<Option<T>, app::domain::InputError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) => parse(code).map(Some),
    }
}

#[utoipa::path(
    post,
    path = "/orders",
    tag = TAG,
    operation_id = "postOrder",
    summary = "A verified employer posts an order: kind, a course and level of its city's published catalogue, trainees wanted, the jobs, requirements, the last day to start training, and a chosen institution or none (open to every institution that may train the occupation)",
    request_body = OrderInput,
    responses(
        (status = 201, description = "Posted, waiting for the bureau", body = OrderDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not an employer's staff (`forbidden`)", body = ErrorBody),
        (status = 404, description = "The chosen institution is not in the city's catalogue (`not_found`)", body = ErrorBody),
        (status = 409, description = "The employer is not verified yet (`employer_not_verified`)", body = ErrorBody),
    ),
)]
pub async fn post(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<OrderInput>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let order = NewOrder::parse(&input, state.clock.today()).map_err(invalid(&lang))?;
    let detail = orders::post(&state, &actor, &order, now)
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, detail))
}

#[utoipa::path(
    get,
    path = "/orders/{id}",
    tag = TAG,
    operation_id = "order",
    summary = "One order with its jobs; bids and history for the employer, the bureau and the province, an institution's own bid for it",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`)", body = ErrorBody),
        (status = 200, description = "The order", body = OrderDetail),
        (status = 403, description = "Not yet approved, and the caller is not the employer, its bureau or the province (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found, or not yet approved and nobody is signed in (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn order(
    State(state): State<AppState>,
    lang: RequestLang,
    MaybeActor(actor): MaybeActor,
    ApiId(id): ApiId,
) -> ApiResult<Json<OrderDetail>> {
    orders::detail(&state, actor.as_ref(), id, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    put,
    path = "/orders/{id}",
    tag = TAG,
    operation_id = "resubmitOrder",
    summary = "The employer corrects a returned order and submits it again",
    params(("id" = i64, Path, minimum = 1)),
    request_body = OrderInput,
    responses(
        (status = 200, description = "Submitted again", body = OrderDetail),
        (status = 400, description = "A value failed its rules; `field` names it (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this employer's staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not returned (`order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn resubmit(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<OrderInput>,
) -> ApiResult<Json<OrderDetail>> {
    let order = NewOrder::parse(&input, state.clock.today()).map_err(invalid(&lang))?;
    orders::resubmit(&state, &actor, id, &order, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct OrderDecisionInput {
    /// `approve` or `return`.
    decision: String,
    /// Required to return: what the employer must put right.
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/orders/{id}/decision",
    tag = TAG,
    operation_id = "decideOrder",
    summary = "The bureau of the order's city approves it (open to bids, or assigned to the institution the employer chose) or returns it with a reason",
    params(("id" = i64, Path, minimum = 1)),
    request_body = OrderDecisionInput,
    responses(
        (status = 200, description = "Decided", body = OrderDetail),
        (status = 400, description = "An unknown decision, or a return without a reason (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau of the order's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not submitted (`order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn decide(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<OrderDecisionInput>,
) -> ApiResult<Json<OrderDetail>> {
    let decision = Decision::parse(&input.decision, &input.reason).map_err(invalid(&lang))?;
    orders::decide(&state, &actor, id, &decision, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/withdrawal",
    tag = TAG,
    operation_id = "withdrawOrder",
    summary = "The employer withdraws an order no institution was assigned to yet, with a reason",
    params(("id" = i64, Path, minimum = 1)),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Withdrawn", body = OrderDetail),
        (status = 400, description = "No reason (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this employer's staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Assigned or withdrawn already (`order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn withdraw(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<OrderDetail>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    orders::withdraw(&state, &actor, id, &reason, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/bids",
    tag = TAG,
    operation_id = "bidForOrder",
    summary = "揭榜: an institution of the order's city that may train its occupation offers to train an approved open order, with a short plan",
    params(("id" = i64, Path, minimum = 1)),
    request_body = BidInput,
    responses(
        (status = 201, description = "Bid; the order as the institution sees it", body = OrderDetail),
        (status = 400, description = "The plan is too short or long, or the institution may not train the occupation (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not an institution of the order's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not open to bids (`order_not_in_state`), or bid already (`already_bid`)", body = ErrorBody),
    ),
)]
pub async fn bid(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<BidInput>,
) -> ApiResult<Response> {
    let plan = parse_plan(&input).map_err(invalid(&lang))?;
    let detail = orders::bid(&state, &actor, id, &plan, state.clock.now())
        .await
        .map_err(fail(&lang))?;
    Ok(private(StatusCode::CREATED, detail))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/bids/{bid_id}/pick",
    tag = TAG,
    operation_id = "pickBid",
    summary = "The employer picks a bid: its institution trains the order, the other bids are not picked",
    params(
        ("id" = i64, Path, minimum = 1),
        ("bid_id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`)", body = ErrorBody),
        (status = 200, description = "Assigned", body = OrderDetail),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this employer's staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such order, or no such bid on it (`not_found`)", body = ErrorBody),
        (status = 409, description = "The order is not open, or the bid was decided (`order_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn pick(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, bid_id): ApiIds,
) -> ApiResult<Json<OrderDetail>> {
    orders::pick(&state, &actor, id, bid_id, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/orders/{id}/trainees",
    tag = TAG,
    operation_id = "orderTrainees",
    summary = "The trainees of the order's classes (name and masked ID number only) with completion, certificate, offer, hire and retention: for the employer, its bureau and the province",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "Trainees by class", body = [TraineeOutcome]),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the employer, its bureau or the province (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn trainees(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<TraineeOutcome>>> {
    hires::trainees(&state, &actor, id, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/trainees/{enrolment_id}/outcome",
    tag = TAG,
    operation_id = "recordTraineeOutcome",
    summary = "The employer records what became of a trainee who completed: a job offer (the worker answers it), the hire of one who accepted with its start date, a decline, or no offer with a reason",
    params(
        ("id" = i64, Path, minimum = 1),
        ("enrolment_id" = i64, Path, minimum = 1),
    ),
    request_body = OutcomeInput,
    responses(
        (status = 200, description = "Recorded", body = TraineeOutcome),
        (status = 400, description = "A value failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this employer's staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such order, or no such trainee of its classes (`not_found`)", body = ErrorBody),
        (status = 409, description = "The trainee has not completed (`trainee_not_completed`), or the outcome does not follow the last one (`offer_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn record_outcome(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, enrolment_id): ApiIds,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> ApiResult<Json<TraineeOutcome>> {
    let outcome = Outcome::parse(&input).map_err(invalid(&lang))?;
    hires::record(
        &state,
        &actor,
        id,
        enrolment_id,
        &outcome,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(fail(&lang))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/trainees/{enrolment_id}/retention",
    tag = TAG,
    operation_id = "confirmRetention",
    summary = "The employer confirms, once 3 (or 6) months have passed since the start, whether a hire is still employed, or when they left",
    params(
        ("id" = i64, Path, minimum = 1),
        ("enrolment_id" = i64, Path, minimum = 1),
    ),
    request_body = RetentionInput,
    responses(
        (status = 200, description = "Confirmed", body = TraineeOutcome),
        (status = 400, description = "Not due yet, or a leaving date outside the period (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this employer's staff (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such order or trainee (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not hired (`offer_not_in_state`) or confirmed already (`retention_recorded`)", body = ErrorBody),
    ),
)]
pub async fn confirm_retention(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, enrolment_id): ApiIds,
    ApiJson(input): ApiJson<RetentionInput>,
) -> ApiResult<Json<TraineeOutcome>> {
    let now = state.clock.now();
    hires::confirm_retention(&state, &actor, id, enrolment_id, &input, now)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/me/job-offers",
    tag = TAG,
    operation_id = "myJobOffers",
    summary = "The job offers made to the signed-in worker after classes trained for employers' orders, with hire and retention",
    responses(
        (status = 200, description = "Offers", body = [OfferView]),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
    ),
)]
pub async fn my_job_offers(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<OfferView>>> {
    hires::my_offers(&state.db, &actor.user_id)
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct OfferAnswerInput {
    /// `accept` or `decline`.
    answer: String,
}

#[utoipa::path(
    post,
    path = "/job-offers/{id}/answer",
    tag = TAG,
    operation_id = "answerJobOffer",
    summary = "The worker accepts or declines a job offered to them",
    params(("id" = i64, Path, minimum = 1)),
    request_body = OfferAnswerInput,
    responses(
        (status = 200, description = "Answered", body = OfferView),
        (status = 400, description = "Neither accept nor decline, or a bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a worker (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such offer of this worker (`not_found`)", body = ErrorBody),
        (status = 409, description = "Answered already (`offer_not_in_state`)", body = ErrorBody),
    ),
)]
pub async fn answer_job_offer(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<OfferAnswerInput>,
) -> ApiResult<Json<OfferView>> {
    let accept = match input.answer.trim() {
        "accept" => true,
        "decline" => false,
        other => {
            return Err(invalid(&lang)(app::domain::InputError::UnknownCode {
                field: app::domain::Field::Decision,
                value: other.chars().take(40).collect(),
            }))
        }
    };
    hires::answer_offer(&state, &actor, id, accept, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize)]
pub struct OrderExportQuery {
    city: Option<String>,
    status: Option<String>,
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/orders/export",
    tag = TAG,
    operation_id = "exportOrders",
    summary = "The order list with each order's funnel (jobs → enrolled → completed → certified → offered → hired → employed at 3 and 6 months) as XLSX (default), CSV in UTF-8 with BOM, or CSV in GBK: an employer its own, a bureau its city's, the province all (or `city`)",
    params(
        ("city" = Option<String>, Query, description = "A city code (province only)"),
        ("status" = Option<String>, Query, description = "An order status"),
        ("format" = Option<String>, Query, description = "xlsx, csv or csv-gbk"),
    ),
    responses(
        (status = 200, description = "The file, named 培训订单.xlsx (or .csv)", content_type = "application/octet-stream"),
        (status = 400, description = "An unknown city, status or format (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not an employer, bureau or province (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn export(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<OrderExportQuery>,
) -> ApiResult<Response> {
    let city = optional(query.city.as_deref(), City::parse).map_err(invalid(&lang))?;
    let status = optional(query.status.as_deref(), OrderStatus::parse).map_err(invalid(&lang))?;
    let format = optional(query.format.as_deref(), ExportFormat::parse)
        .map_err(invalid(&lang))?
        .unwrap_or(ExportFormat::Xlsx);
    let now = state.clock.now();
    let file = orders::export(&state, &actor, city, status, format, lang.0, now)
        .await
        .map_err(fail(&lang))?;
    Ok(file_answer(
        &file.file_name,
        "orders",
        file.content_type,
        file.bytes,
    ))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/warnings/{warning_id}/clear",
    tag = TAG,
    operation_id = "clearOrderWarning",
    summary = "The bureau of the order's city clears a risk warning of the order (a hire below the attendance a claim needs, or one person as both contacts), with a reason",
    params(
        ("id" = i64, Path, minimum = 1),
        ("warning_id" = i64, Path, minimum = 1),
    ),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Cleared; the order as the bureau sees it", body = OrderDetail),
        (status = 400, description = "No reason, or a bad id (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau of the order's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such order (`not_found`)", body = ErrorBody),
        (status = 409, description = "No such open warning on the order (`already_cleared`)", body = ErrorBody),
    ),
)]
pub async fn clear_warning(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiIds(id, warning_id): ApiIds,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<OrderDetail>> {
    let reason = Reason::parse(&input.reason).map_err(invalid(&lang))?;
    orders::clear_warning(&state, &actor, id, warning_id, &reason, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}
