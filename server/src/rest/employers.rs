//! `/api/v1/employers`: a company registers itself and its first staff
//! account; its city's bureau verifies or rejects it; a rejected company
//! corrects its details. A verified employer that trains its own
//! employees (直补企业) declares when each trainee was employed. Every
//! operation carries the tag `employers`.

use app::{
    domain::{
        City, Company, CompanyInput, EmployerRegistration, EmployerRegistrationInput,
        EmployerStatus, EmployerView, TraineeEmployment,
    },
    server::{
        employers::{self, EmployerDecision},
        employment, AppState,
    },
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
    Json,
};
use serde::Deserialize;

use super::{
    fail, identity::signed_in, invalid, ApiActor, ApiId, ApiJson, ApiQuery, ApiResult, ClientIp,
    ErrorBody, RequestLang,
};

const TAG: &str = "employers";

#[utoipa::path(
    post,
    path = "/employers",
    tag = TAG,
    operation_id = "registerEmployer",
    summary = "A company registers with its unified social credit code (GB 32100 check character) and its first staff account, which is signed in with the password it chose; it posts orders once its city's bureau has verified it",
    request_body = EmployerRegistrationInput,
    responses(
        (status = 201, description = "Registered (pending verification) and signed in; sets the `sp_session` cookie (HttpOnly, SameSite=Lax).", body = app::domain::Me),
        (status = 400, description = "A field failed its rules, e.g. a wrong credit code (`invalid_input`)", body = ErrorBody),
        (status = 409, description = "The credit code (`credit_code_registered`) or the user name (`username_taken`) is taken", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address; wait as Retry-After says (`too_many_attempts`)", body = ErrorBody),
    ),
)]
pub async fn register(
    State(state): State<AppState>,
    lang: RequestLang,
    ClientIp(address): ClientIp,
    headers: HeaderMap,
    ApiJson(input): ApiJson<EmployerRegistrationInput>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let registration = EmployerRegistration::try_from(&input).map_err(invalid(&lang))?;
    let presented = app::server::request::presented_session(&headers);
    let result = employers::register(&state, &presented, address, &registration, now)
        .await
        .map_err(fail(&lang))?;
    Ok(signed_in(result, StatusCode::CREATED))
}

#[derive(Deserialize)]
pub struct EmployerQuery {
    city: Option<String>,
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/employers",
    tag = TAG,
    operation_id = "listEmployers",
    summary = "Registered employers: the bureau's city, every city (or `city`) for the province; `status` = pending, verified or rejected",
    params(
        ("city" = Option<String>, Query, description = "A city code (province only)"),
        ("status" = Option<String>, Query, description = "pending, verified or rejected"),
    ),
    responses(
        (status = 200, description = "Newest registration first", body = [EmployerView]),
        (status = 400, description = "An unknown city or status (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not bureau or province staff (recorded) (`forbidden`)", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<EmployerQuery>,
) -> ApiResult<Json<Vec<EmployerView>>> {
    let city = optional(query.city.as_deref(), City::parse).map_err(invalid(&lang))?;
    let status =
        optional(query.status.as_deref(), EmployerStatus::parse).map_err(invalid(&lang))?;
    employers::list(&state, &actor, city, status, state.clock.now())
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
    get,
    path = "/employers/{id}",
    tag = TAG,
    operation_id = "employer",
    summary = "One employer, for its own staff, its city's bureau and the province",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`)", body = ErrorBody),
        (status = 200, description = "The employer; the contact's mobile is masked for the province", body = EmployerView),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Outside the caller's role or scope (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn employer(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Json<EmployerView>> {
    employers::employer(&state, &actor, id, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    put,
    path = "/employers/{id}",
    tag = TAG,
    operation_id = "correctEmployer",
    summary = "The employer's staff corrects a pending or rejected registration, which goes back before the bureau; the city cannot change",
    params(("id" = i64, Path, minimum = 1)),
    request_body = CompanyInput,
    responses(
        (status = 200, description = "Corrected, pending again", body = EmployerView),
        (status = 400, description = "A field failed its rules (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not this employer's staff, or another city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Verified already (`already_decided`) or the credit code is another employer's (`credit_code_registered`)", body = ErrorBody),
    ),
)]
pub async fn correct(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<CompanyInput>,
) -> ApiResult<Json<EmployerView>> {
    let company = Company::try_from(&input).map_err(invalid(&lang))?;
    employers::correct(&state, &actor, id, &company, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct EmployerDecisionInput {
    /// `verify` or `reject`.
    decision: String,
    /// Required to reject: what the company must put right.
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/employers/{id}/decision",
    tag = TAG,
    operation_id = "decideEmployer",
    summary = "The bureau of the employer's city verifies it, or rejects it with a reason",
    params(("id" = i64, Path, minimum = 1)),
    request_body = EmployerDecisionInput,
    responses(
        (status = 200, description = "Decided", body = EmployerView),
        (status = 400, description = "An unknown decision, or a rejection without a reason (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not the bureau of the employer's city (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "Not found (`not_found`)", body = ErrorBody),
        (status = 409, description = "Not pending (`already_decided`)", body = ErrorBody),
    ),
)]
pub async fn decide(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<EmployerDecisionInput>,
) -> ApiResult<Json<EmployerView>> {
    let decision =
        EmployerDecision::parse(&input.decision, &input.reason).map_err(invalid(&lang))?;
    employers::decide(&state, &actor, id, &decision, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[utoipa::path(
    get,
    path = "/classes/{id}/employment",
    tag = TAG,
    operation_id = "classEmployment",
    summary = "The trainees of an employer's own class (name and masked ID number only) with the employment start the employer declared: for the employer, its bureau and the province",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "Trainees", body = [TraineeEmployment]),
        (status = 400, description = "The id is not a whole number of at least 1 (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not an employer-run class this caller oversees (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such class (`not_found`)", body = ErrorBody),
    ),
)]
pub async fn class_employment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<TraineeEmployment>>> {
    employment::of_class(&state, &actor, id, state.clock.now())
        .await
        .map(Json)
        .map_err(fail(&lang))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct EmploymentInput {
    /// `YYYY-MM-DD`, not after today: when the trainee started working
    /// for the employer.
    employed_since: String,
}

#[utoipa::path(
    put,
    path = "/enrolments/{id}/employment",
    tag = TAG,
    operation_id = "declareEmployment",
    summary = "The employer declares when a trainee of its own class started working for it; a start after the class's first day raises the `not_employee` risk warning, which holds the claim until the bureau clears it",
    params(("id" = i64, Path, minimum = 1)),
    request_body = EmploymentInput,
    responses(
        (status = 200, description = "Declared", body = TraineeEmployment),
        (status = 400, description = "Not a date, or after today (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Not signed in (`sign_in_required`)", body = ErrorBody),
        (status = 403, description = "Not a trainee of this employer's own class (recorded) (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such enrolment (`not_found`)", body = ErrorBody),
        (status = 409, description = "The trainee's claim is filed: the start is fixed (`employment_locked`)", body = ErrorBody),
    ),
)]
pub async fn declare_employment(
    State(state): State<AppState>,
    lang: RequestLang,
    ApiActor(actor): ApiActor,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<EmploymentInput>,
) -> ApiResult<Json<TraineeEmployment>> {
    let now = state.clock.now();
    employment::declare(&state, &actor, id, &input.employed_since, now)
        .await
        .map(Json)
        .map_err(fail(&lang))
}
