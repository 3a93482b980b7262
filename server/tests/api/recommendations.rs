//! Pushed recommendations: a worker receives them from registration on,
//! having read the sentence that says so, and switches them off or on
//! again in one step; each change is recorded, a repeated one is not.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    helpers::{spawn_app, Browser},
    identity::{id_number, register_with_passkey, staff},
};

async fn set(browser: &Browser, receive: bool) -> (StatusCode, Value) {
    browser
        .put("/api/v1/me/recommendations", &json!({ "receive": receive }))
        .await
}

#[tokio::test]
async fn a_new_worker_receives_recommendations_until_turning_them_off_in_one_step() {
    let app = spawn_app().await;
    let (status, page) = app.browser().page("/register").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("一键关闭"), "the registration page says so");

    let worker = app.browser();
    let mut phone = Phone::new(&app.origin);
    register_with_passkey(&worker, &mut phone, &id_number(41)).await;
    let (status, setting) = worker.get("/api/v1/me/recommendations").await;
    assert_eq!(status, StatusCode::OK, "{setting}");
    assert_eq!(setting["receive"], true);
    assert!(setting["since"].is_string());
    let (_, consents) = worker.get("/api/v1/me/consents").await;
    assert!(
        consents
            .as_array()
            .expect("consents")
            .iter()
            .any(|c| c["purpose"] == "recommendations" && c["wording"] == "recommendations/2026-12"),
        "{consents}"
    );
    let (_, page) = worker.page("/account").await;
    assert!(page.contains("data-recommendations=\"true\""));

    let (status, off) = set(&worker, false).await;
    assert_eq!(status, StatusCode::OK, "{off}");
    assert_eq!(off, json!({ "receive": false, "since": null }));
    let (status, again) = set(&worker, false).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let (_, page) = worker.page("/account").await;
    assert!(page.contains("data-recommendations=\"false\""));
    let (status, on) = set(&worker, true).await;
    assert_eq!(status, StatusCode::OK, "{on}");
    assert_eq!(on["receive"], true);

    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (_, withdrawn) = bureau.get("/api/v1/audit?action=consent.withdraw").await;
    assert_eq!(
        withdrawn.as_array().map(Vec::len),
        Some(1),
        "the repeated choice is not recorded: {withdrawn}"
    );
    assert_eq!(withdrawn[0]["reason"], "recommendations");
    let (_, given) = bureau.get("/api/v1/audit?action=consent.give").await;
    assert_eq!(given.as_array().map(Vec::len), Some(1), "{given}");

    let (status, body) = set(&bureau, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only workers: {body}");
    let (status, _) = app.browser().get("/api/v1/me/recommendations").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
