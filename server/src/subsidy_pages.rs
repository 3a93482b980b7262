//! The completion and subsidy pages: server-rendered documents driven by
//! `/classes.js`, each calling the same services as the JSON API. A page
//! whose content could not be loaded answers with the status that fits.

use app::{
    domain::{CertificateStatus, ClaimStatus, Role},
    error::{AppError, Refusal},
    pages::{ClaimPage, ClaimReviewPage, CompletionPage, InboxPage, MySubsidiesPage},
    server::{
        completion, inbox, journey,
        subsidies::{self, ClaimQuery},
        AppState,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, Uri},
    response::Response,
    routing::get,
    Router,
};
use chrono::Utc;
use leptos::prelude::*;
use serde::Deserialize;

use crate::class_pages::{page_around, reader_and_id, signed_in, visit};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/my/subsidies", get(my_subsidies))
        .route("/inbox", get(inbox_page))
        .route("/classes/{id}/completion", get(completion_page))
        .route("/subsidy-claims", get(review_page))
        .route("/subsidy-claims/{id}", get(claim_page))
}

async fn my_subsidies(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let journeys = match signed_in(&visit) {
        Ok(actor) => journey::my_journeys(&state, actor, visit.lang, Utc::now()).await,
        Err(error) => Err(error),
    };
    page_around(
        &state,
        &visit,
        ("我的培训与补贴", "My training and subsidies"),
        journeys,
        |journeys| view! { <MySubsidiesPage journeys/> }.into_any(),
    )
}

async fn inbox_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let inbox = match signed_in(&visit) {
        Ok(actor) => inbox::inbox(&state, actor, visit.lang).await,
        Err(error) => Err(error),
    };
    page_around(&state, &visit, ("消息", "Messages"), inbox, |inbox| {
        view! { <InboxPage inbox/> }.into_any()
    })
}

async fn completion_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let sheet = match reader_and_id(&visit, &raw) {
        Ok((actor, id)) => completion::completion_sheet(&state, actor, id, Utc::now()).await,
        Err(error) => Err(error),
    };
    page_around(
        &state,
        &visit,
        ("结业考核与补贴", "Completion and subsidies"),
        sheet,
        |sheet| view! { <CompletionPage sheet/> }.into_any(),
    )
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
        Ok(_) => (Err(AppError::Refused(Refusal::OutOfScope)), Ok(Vec::new())),
        Err(error) => (Err(error), Ok(Vec::new())),
    };
    page_around(
        &state,
        &visit,
        ("补贴审核", "Subsidy review"),
        claims,
        move |claims| view! { <ClaimReviewPage status claims certificates/> }.into_any(),
    )
}

async fn claim_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let (claim, may_recover) = match reader_and_id(&visit, &raw) {
        Ok((actor, id)) => {
            let claim = subsidies::detail(&state, actor, id, visit.lang, Utc::now()).await;
            let may_recover = claim
                .as_ref()
                .is_ok_and(|claim| subsidies::may_recover(actor, &claim.summary));
            (claim, may_recover)
        }
        Err(error) => (Err(error), false),
    };
    page_around(
        &state,
        &visit,
        ("补贴申请", "Subsidy claim"),
        claim,
        move |claim| view! { <ClaimPage claim may_recover/> }.into_any(),
    )
}
