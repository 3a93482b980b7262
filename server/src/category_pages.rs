//! The bureau's worker-category verification page: a server-rendered
//! document driven by `/classes.js`, calling the same service as the
//! JSON API.

use app::{
    domain::{CategoryStatus, Role},
    i18n::Lang,
    pages::WorkerCategoriesPage,
    server::{categories, AppState},
};
use axum::{
    extract::{Query, State},
    http::{HeaderMap, Uri},
    response::Response,
    routing::get,
    Router,
};
use chrono::Utc;
use leptos::prelude::*;
use serde::Deserialize;

use crate::class_pages::{page_around, signed_in, visit};

pub fn router() -> Router<AppState> {
    Router::new().route("/worker-categories", get(worker_categories))
}

#[derive(Deserialize)]
struct StatusQuery {
    status: Option<String>,
}

async fn worker_categories(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<StatusQuery>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let status = query
        .status
        .as_deref()
        .and_then(|code| CategoryStatus::parse(code).ok())
        .unwrap_or(CategoryStatus::Declared);
    let (categories, may_decide) = match signed_in(&visit) {
        Ok(actor) => (
            categories::list(&state, actor, status, Utc::now()).await,
            actor.role == Role::Bureau,
        ),
        Err(error) => (Err(error), false),
    };
    let title = (
        Lang::Zh.category_texts().page_title,
        Lang::En.category_texts().page_title,
    );
    page_around(&state, &visit, title, categories, move |categories| {
        view! { <WorkerCategoriesPage status categories may_decide/> }.into_any()
    })
}
