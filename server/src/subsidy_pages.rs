//! The completion and subsidy pages: server-rendered documents driven by
//! `/classes.js`, each calling the same services as the JSON API. A page
//! whose content could not be loaded answers with the status that fits.

use app::{
    domain::{CertificateStatus, ClaimStatus, Role},
    error::AppError,
    pages::{ClaimPage, ClaimReviewPage, CompletionPage, InboxPage, MySubsidiesPage},
    server::{
        completion, inbox, journey,
        subsidies::{self, ClaimQuery},
        AppState,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::Response,
    routing::get,
    Router,
};
use chrono::Utc;
use leptos::prelude::*;
use serde::Deserialize;

use crate::class_pages::{parse_id, render, signed_in, visit};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/my/subsidies", get(my_subsidies))
        .route("/inbox", get(inbox_page))
        .route("/classes/{id}/completion", get(completion_page))
        .route("/subsidy-claims", get(review_page))
        .route("/subsidy-claims/{id}", get(claim_page))
}

/// The status of a page whose main content failed to load.
fn failure<T>(result: &Result<T, AppError>) -> Option<u16> {
    result.as_ref().err().map(AppError::status)
}

fn with_status(mut response: Response, failure: Option<u16>) -> Response {
    if let Some(status) = failure.and_then(|code| StatusCode::from_u16(code).ok()) {
        *response.status_mut() = status;
    }
    response
}

async fn my_subsidies(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let journeys = match signed_in(&visit) {
        Ok(actor) => journey::my_journeys(&state, actor, visit.lang, Utc::now()).await,
        Err(error) => Err(error),
    };
    let status = failure(&journeys);
    let page = render(
        &state,
        &visit,
        ("我的培训与补贴", "My training and subsidies"),
        move || view! { <MySubsidiesPage journeys/> }.into_any(),
    );
    with_status(page, status)
}

async fn inbox_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let inbox = match signed_in(&visit) {
        Ok(actor) => inbox::inbox(&state, actor, visit.lang).await,
        Err(error) => Err(error),
    };
    let status = failure(&inbox);
    let page = render(&state, &visit, ("消息", "Messages"), move || {
        view! { <InboxPage inbox/> }.into_any()
    });
    with_status(page, status)
}

async fn completion_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let sheet = match (signed_in(&visit), parse_id(&raw)) {
        (Ok(actor), Ok(id)) => completion::completion_sheet(&state, actor, id, Utc::now()).await,
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    let status = failure(&sheet);
    let page = render(
        &state,
        &visit,
        ("结业考核与补贴", "Completion and subsidies"),
        move || view! { <CompletionPage sheet/> }.into_any(),
    );
    with_status(page, status)
}

#[derive(Deserialize)]
struct ReviewQuery {
    status: Option<String>,
}

async fn review_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<ReviewQuery>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let status = query
        .status
        .as_deref()
        .and_then(|code| ClaimStatus::parse(code).ok());
    let now = Utc::now();
    let (claims, certificates) = match signed_in(&visit) {
        Ok(actor) if matches!(actor.role, Role::Bureau | Role::Province) => (
            subsidies::list(&state, actor, ClaimQuery { status }).await,
            completion::certificates(&state, actor, CertificateStatus::Pending, now).await,
        ),
        Ok(_) => (
            Err(AppError::Refused(app::error::Refusal::OutOfScope)),
            Ok(Vec::new()),
        ),
        Err(error) => (Err(error), Ok(Vec::new())),
    };
    let outcome = failure(&claims);
    let page = render(
        &state,
        &visit,
        ("补贴审核", "Subsidy review"),
        move || view! { <ClaimReviewPage status claims certificates/> }.into_any(),
    );
    with_status(page, outcome)
}

async fn claim_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let claim = match (signed_in(&visit), parse_id(&raw)) {
        (Ok(actor), Ok(id)) => subsidies::detail(&state, actor, id, visit.lang, Utc::now()).await,
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    let may_recover = visit
        .actor
        .as_ref()
        .is_some_and(|actor| actor.role == Role::Bureau);
    let status = failure(&claim);
    let page = render(
        &state,
        &visit,
        ("补贴申请", "Subsidy claim"),
        move || view! { <ClaimPage claim may_recover/> }.into_any(),
    );
    with_status(page, status)
}
