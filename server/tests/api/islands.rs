//! The server functions the islands call, driven as the islands drive
//! them (a software authenticator plays the phone): the passkey
//! ceremonies, the check-in and the live roster.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    classes::{approved_class, enrolled_worker, screen_code, session_from_now, setup},
    helpers::Browser,
    identity::id_number,
};

/// Calls a server function with URL-encoded arguments, as an island does.
async fn call(
    browser: &Browser,
    endpoint: &str,
    arguments: &[(&str, &str)],
) -> (StatusCode, Value) {
    let response = browser
        .client
        .post(format!("{}/sfn/{endpoint}", browser.address))
        .header(header::ACCEPT, "application/json")
        .form(arguments)
        .send()
        .await
        .expect("answered");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Calls a server function that takes JSON arguments.
async fn call_json(browser: &Browser, endpoint: &str, arguments: &Value) -> (StatusCode, Value) {
    browser.post(&format!("/sfn/{endpoint}"), arguments).await
}

async fn signed_in_name(browser: &Browser) -> Option<String> {
    let (status, me) = browser.get("/api/v1/me").await;
    (status == StatusCode::OK).then(|| {
        me["account"]["display_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    })
}

#[tokio::test]
async fn a_worker_registers_signs_in_and_adds_a_phone_through_the_passkey_islands_functions() {
    let setup = setup().await;
    let phone_browser = setup.app.browser();
    let mut phone = Phone::new(&setup.app.origin);
    let (status, challenge) = call_json(
        &phone_browser,
        "register-with-passkey",
        &json!({
            "real_name": "黄小燕",
            "id_number": id_number(311),
            "mobile": "13900139311",
            "city": "350100",
            "categories": ["rural_transferred"],
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let (status, finished) = call_json(
        &phone_browser,
        "finish-passkey",
        &json!({ "answer": phone.create(&challenge) }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{finished}");
    assert_eq!(
        signed_in_name(&phone_browser).await.as_deref(),
        Some("黄小燕")
    );

    let other_browser = setup.app.browser();
    let (status, challenge) = call(&other_browser, "sign-in-with-passkey", &[]).await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let (status, _) = call_json(
        &other_browser,
        "finish-sign-in",
        &json!({ "answer": phone.sign_in(&challenge) }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        signed_in_name(&other_browser).await.as_deref(),
        Some("黄小燕")
    );

    let mut new_phone = Phone::new(&setup.app.origin);
    let (status, challenge) = call(&other_browser, "add-passkey", &[]).await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let (status, _) = call_json(
        &other_browser,
        "finish-passkey",
        &json!({ "answer": new_phone.create(&challenge) }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, me) = other_browser.get("/api/v1/me").await;
    assert_eq!(
        me["account"]["passkeys"].as_array().map(Vec::len),
        Some(2),
        "{me}"
    );
}

#[tokio::test]
async fn a_registration_the_rules_refuse_answers_the_island_with_the_reason_and_its_status() {
    let setup = setup().await;
    let browser = setup.app.browser();
    let (status, refused) = call_json(
        &browser,
        "register-with-passkey",
        &json!({
            "real_name": "黄小燕",
            "id_number": "350102199001011234",
            "mobile": "13900139311",
            "city": "350100",
            "categories": ["rural_transferred"],
        }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused.to_string().contains("IdNumber"),
        "the island says which field, in the page's language: {refused}"
    );
    let (status, _) = call(&browser, "add-passkey", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "adding needs an account");
}

#[tokio::test]
async fn a_worker_checks_in_through_the_check_in_islands_functions_and_the_live_roster_shows_it() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 312).await;
    let code = screen_code(&setup, sessions[0], "in").await;

    let (status, ticket) = call(&worker, "scan", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    let scan = ticket["scan"].as_str().expect("a scan id");
    let answer = phone.sign_in(&json!({ "ceremony": "", "publicKey": ticket["options"] }));
    let (status, shown) = call_json(
        &worker,
        "confirm-check-in",
        &json!({
            "scan": scan,
            "position": { "latitude": 26.0822, "longitude": 119.2964, "accuracy_m": 20.0 },
            "credential": answer["credential"],
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["purpose"], json!({ "mark": "in" }), "{shown}");
    assert_eq!(shown["duplicate"], false);
    assert!(
        shown["at"].as_str().is_some_and(|at| at.len() == 8),
        "{shown}"
    );

    let session = sessions[0].to_string();
    let (status, roster) = call(&setup.institution, "roster", &[("session_id", &session)]).await;
    assert_eq!(status, StatusCode::OK, "{roster}");
    assert_eq!(roster["checked_in"], 1, "{roster}");
    let mark = roster["rows"][0]["check_in"]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        mark.ends_with(" 密钥"),
        "confirmed with the passkey, near the venue: {mark}"
    );
    let (status, refused) = call(&worker, "roster", &[("session_id", &session)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
}

#[tokio::test]
async fn a_check_in_without_a_passkey_needs_the_signed_in_account() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    let (worker, _) = enrolled_worker(&setup, class_id, 313).await;
    let code = screen_code(&setup, sessions[0], "in").await;
    let stranger = setup.app.browser();
    let (status, ticket) = call(&stranger, "scan", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "anyone may scan: {ticket}");
    let (status, refused) = call_json(
        &stranger,
        "confirm-check-in",
        &json!({ "scan": ticket["scan"], "position": null, "credential": null }),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{refused}");

    let (_, ticket) = call(&worker, "scan", &[("code", &code)]).await;
    let (status, shown) = call_json(
        &worker,
        "confirm-check-in",
        &json!({ "scan": ticket["scan"], "position": null, "credential": null }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{shown}");
    assert!(
        shown.to_string().contains("PasskeyRequired"),
        "a worker with a passkey must use it: {shown}"
    );
}
