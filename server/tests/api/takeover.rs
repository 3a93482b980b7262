//! Account takeover, written as the attack: an institution clerk who knows
//! a worker's ID number tries to plant a passkey on the worker's account
//! and confirm check-ins with it. Recovery codes come only from the
//! worker's bureau; a recovery ends the other sessions and suspends the
//! old passkeys until the worker decides; the worker is told.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    helpers::{error_code, spawn_app, Browser, TestApp},
    identity::{id_number, register_with_passkey, sign_in_with_passkey, staff},
};

async fn fuzhou_institution(app: &TestApp) -> i64 {
    let (_, institutions) = app.get_json("/api/v1/institutions?city=350100").await;
    institutions["institutions"]["items"][0]["id"]
        .as_i64()
        .expect("an institution id")
}

/// Bureau staff issue a recovery code after checking the ID card.
async fn issue_code(bureau: &Browser, id: &str) -> String {
    let (status, issued) = bureau
        .post(
            "/api/v1/accounts/recovery-codes",
            &json!({ "id_number": id, "identity_check": "id_card_in_person" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    issued["code"].as_str().expect("a code").to_owned()
}

/// Whoever holds the code sets up a passkey on `phone`; returns the
/// signed-in browser and its account.
async fn recover(app: &TestApp, phone: &mut Phone, id: &str, code: &str) -> (Browser, Value) {
    let browser = app.browser();
    let (status, challenge) = browser
        .post(
            "/api/v1/auth/code/passkey",
            &json!({ "login": id, "code": code }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let (status, me) = browser
        .post("/api/v1/auth/passkeys/finish", &phone.create(&challenge))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    (browser, me)
}

async fn my_id(browser: &Browser) -> String {
    let (status, me) = browser.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["account"]["id"].as_str().expect("an id").to_owned()
}

fn ids(passkeys: &Value) -> Vec<String> {
    passkeys
        .as_array()
        .expect("a list of passkeys")
        .iter()
        .map(|p| p["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[tokio::test]
async fn an_institution_clerk_cannot_issue_a_workers_recovery_code() {
    let app = spawn_app().await;
    let id = id_number(101);
    register_with_passkey(&app.browser(), &mut Phone::new(&app.origin), &id).await;
    let institution = fuzhou_institution(&app).await;
    let clerk = staff(&app, "institution", "fz-clerk", "350100", Some(institution)).await;
    let province = staff(&app, "province", "fj-admin", "", None).await;
    let xiamen = staff(&app, "bureau", "xm-bureau", "350200", None).await;
    let fuzhou = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let request = json!({ "id_number": id, "identity_check": "id_card_in_person" });

    for outsider in [&clerk, &province, &xiamen] {
        let (status, body) = outsider
            .post("/api/v1/accounts/recovery-codes", &request)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let (status, body) = fuzhou
        .post(
            "/api/v1/accounts/recovery-codes",
            &json!({ "id_number": id }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "identity_check");
    let (status, body) = fuzhou
        .post(
            "/api/v1/accounts/recovery-codes",
            &json!({ "id_number": id, "identity_check": "id_card_reader", "note": "窗口 3" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (_, refused) = fuzhou.get("/api/v1/audit?action=access.refused").await;
    assert!(
        refused
            .as_array()
            .expect("records")
            .iter()
            .any(|r| r["target"]
                .as_str()
                .is_some_and(|t| t.contains("recovery code"))),
        "the clerk's attempt is on record: {refused}"
    );
    let (_, issued) = fuzhou.get("/api/v1/audit?action=recovery.issue").await;
    assert_eq!(
        issued[0]["reason"], "identity check: id_card_reader; note: 窗口 3",
        "{issued}"
    );
}

#[tokio::test]
async fn after_a_recovery_the_clerks_planted_passkey_no_longer_signs_in_and_the_workers_old_sessions_are_ended(
) {
    let app = spawn_app().await;
    let id = id_number(102);
    let mut old_phone = Phone::new(&app.origin);
    let old_session = app.browser();
    let registered = register_with_passkey(&old_session, &mut old_phone, &id).await;
    let old_passkey = ids(&registered["account"]["passkeys"]).remove(0);
    let bureau = staff(&app, "bureau", "fz-bureau", "350100", None).await;

    // A code reaches the wrong hands and a clerk plants a passkey.
    let mut clerk_phone = Phone::new(&app.origin);
    let planted = issue_code(&bureau, &id).await;
    let (clerk_session, _) = recover(&app, &mut clerk_phone, &id, &planted).await;
    assert_eq!(
        old_session.get("/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED,
        "the recovery ended the worker's session"
    );
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut clerk_phone).await;
    assert_eq!(status, StatusCode::OK, "the planted passkey works for now");

    // The real worker recovers at the bureau with a new phone.
    let mut new_phone = Phone::new(&app.origin);
    let code = issue_code(&bureau, &id).await;
    let (worker, me) = recover(&app, &mut new_phone, &id, &code).await;
    assert_eq!(
        clerk_session.get("/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED,
        "the clerk's session ended"
    );
    let (status, body) = sign_in_with_passkey(&app.browser(), &mut clerk_phone).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "suspended: {body}");
    assert_eq!(error_code(&body), "sign_in_failed");
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut old_phone).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "suspended until kept");
    let to_review = ids(&me["passkeys_to_review"]);
    assert_eq!(to_review.len(), 2, "{me}");
    assert!(to_review.contains(&old_passkey));
    assert_eq!(me["account"]["passkeys"].as_array().map(Vec::len), Some(1));

    let (status, me) = worker
        .post(
            "/api/v1/me/passkeys/review",
            &json!({ "keep": [old_passkey] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["passkeys_to_review"], json!([]));
    assert_eq!(me["account"]["passkeys"].as_array().map(Vec::len), Some(2));
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut clerk_phone).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the planted passkey is gone"
    );
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut old_phone).await;
    assert_eq!(status, StatusCode::OK, "the kept passkey signs in again");

    let (_, trail) = bureau.get("/api/v1/audit?action=recovery.use").await;
    assert!(
        trail[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("passkeys suspended")),
        "{trail}"
    );
    assert_eq!(
        trail[0]["client_address"], "127.0.0.1",
        "recorded with the address"
    );
}

#[tokio::test]
async fn the_worker_is_told_in_the_inbox() {
    let app = spawn_app().await;
    let id = id_number(103);
    register_with_passkey(&app.browser(), &mut Phone::new(&app.origin), &id).await;
    let bureau = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let code = issue_code(&bureau, &id).await;
    let worker = app.browser();
    let (status, me) = worker
        .post(
            "/api/v1/auth/code/password",
            &json!({ "login": id, "code": code, "password": "a new password 1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(
        me["passkeys_to_review"].as_array().map(Vec::len),
        Some(1),
        "a password recovery suspends the passkey too"
    );

    let (status, inbox) = worker.get("/api/v1/me/notifications").await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    let message = &inbox["messages"][0];
    assert!(message["title"]
        .as_str()
        .is_some_and(|t| t.contains("找回")));
    let body = message["body"].as_str().expect("a body");
    assert!(body.contains("福州市人社局"), "{body}");
    assert!(body.contains("密码"), "{body}");
    assert!(
        !body.contains("林晓") && !body.contains("fz-bureau"),
        "no staff personal data: {body}"
    );
    assert_eq!(message["link"], "/account");
}

#[tokio::test]
async fn removing_the_last_sign_in_method_is_refused() {
    let app = spawn_app().await;
    let mut first_phone = Phone::new(&app.origin);
    let worker = app.browser();
    let me = register_with_passkey(&worker, &mut first_phone, &id_number(104)).await;
    let first = ids(&me["account"]["passkeys"]).remove(0);

    let (status, body) = worker.delete(&format!("/api/v1/me/passkeys/{first}")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "last_sign_in_method");
    let (status, body) = worker.delete("/api/v1/me/passkeys/abcdef").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let (_, challenge) = worker.post("/api/v1/me/passkeys", &json!({})).await;
    let mut second_phone = Phone::new(&app.origin);
    let (status, _) = worker
        .post(
            "/api/v1/auth/passkeys/finish",
            &second_phone.create(&challenge),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = worker.delete(&format!("/api/v1/me/passkeys/{first}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        worker.get("/api/v1/me").await.0,
        StatusCode::OK,
        "removal ends nothing else"
    );
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut first_phone).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut second_phone).await;
    assert_eq!(status, StatusCode::OK);

    let bureau = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let (_, trail) = bureau.get("/api/v1/audit?action=passkey.remove").await;
    assert_eq!(trail.as_array().map(Vec::len), Some(1), "{trail}");
    assert_eq!(
        trail[0]["client_address"], "127.0.0.1",
        "recorded with the address"
    );
}

#[tokio::test]
async fn a_disabled_staff_accounts_session_ends_and_it_cannot_sign_in() {
    let app = spawn_app().await;
    let institution = fuzhou_institution(&app).await;
    let clerk = staff(&app, "institution", "fz-clerk", "350100", Some(institution)).await;
    let bureau = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let clerk_id = my_id(&clerk).await;
    let (_, challenge) = clerk
        .post(
            "/api/v1/me/passkeys",
            &json!({ "password": "staff-password-1" }),
        )
        .await;
    let mut clerk_phone = Phone::new(&app.origin);
    let (status, body) = clerk
        .post(
            "/api/v1/auth/passkeys/finish",
            &clerk_phone.create(&challenge),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let disable = format!("/api/v1/accounts/{clerk_id}/disable");
    let (status, body) = bureau.post(&disable, &json!({})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reason is required: {body}"
    );
    let (status, account) = bureau.post(&disable, &json!({ "reason": "离职" })).await;
    assert_eq!(status, StatusCode::OK, "{account}");
    assert_eq!(account["disabled"], true);
    assert_eq!(clerk.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);

    let password = json!({ "login": "fz-clerk", "password": "staff-password-1" });
    let (status, body) = app
        .browser()
        .post("/api/v1/auth/sign-in/password", &password)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(error_code(&body), "sign_in_failed");
    let (status, _) = sign_in_with_passkey(&app.browser(), &mut clerk_phone).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, trail) = bureau.get("/api/v1/audit?action=session.sign_in").await;
    assert!(
        trail
            .as_array()
            .expect("records")
            .iter()
            .any(|r| r["reason"] == "account disabled"),
        "{trail}"
    );

    let (status, _) = bureau
        .post(
            &format!("/api/v1/accounts/{clerk_id}/enable"),
            &json!({ "reason": "复职" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .browser()
        .post("/api/v1/auth/sign-in/password", &password)
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_bureau_cannot_disable_another_citys_staff_or_a_province_account() {
    let app = spawn_app().await;
    let fuzhou = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let xiamen = staff(&app, "bureau", "xm-bureau", "350200", None).await;
    let province = staff(&app, "province", "fj-admin", "", None).await;
    let institution = fuzhou_institution(&app).await;
    let clerk = staff(&app, "institution", "fz-clerk", "350100", Some(institution)).await;
    let (fuzhou_id, xiamen_id, province_id, clerk_id) = (
        my_id(&fuzhou).await,
        my_id(&xiamen).await,
        my_id(&province).await,
        my_id(&clerk).await,
    );
    let worker = app.browser();
    register_with_passkey(&worker, &mut Phone::new(&app.origin), &id_number(105)).await;
    let worker_id = my_id(&worker).await;
    let reason = json!({ "reason": "核查" });
    let disable = |id: &str| format!("/api/v1/accounts/{id}/disable");

    for target in [&xiamen_id, &province_id, &fuzhou_id] {
        let (status, body) = fuzhou.post(&disable(target), &reason).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{target}: {body}");
    }
    for target in [worker_id.as_str(), "no-such-account"] {
        let (status, body) = fuzhou.post(&disable(target), &reason).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{target}: {body}");
    }
    assert_eq!(xiamen.get("/api/v1/me").await.0, StatusCode::OK);
    let (_, refused) = fuzhou.get("/api/v1/audit?action=access.refused").await;
    assert!(refused.as_array().expect("records").len() >= 3, "{refused}");

    let role = format!("/api/v1/accounts/{clerk_id}/role");
    let (status, body) = fuzhou
        .put(&role, &json!({ "role": "province", "reason": "调岗" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = fuzhou
        .put(
            &role,
            &json!({ "role": "institution", "institution_id": 999999, "reason": "调岗" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, account) = fuzhou
        .put(&role, &json!({ "role": "employer", "reason": "调岗" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{account}");
    assert_eq!(account["role"], "employer");
    assert_eq!(account["institution_id"], Value::Null);
    let (_, me) = clerk.get("/api/v1/me").await;
    assert_eq!(
        me["account"]["role"], "employer",
        "the session sees it at once"
    );

    let (status, body) = province.post(&disable(&xiamen_id), &reason).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(xiamen.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_password_session_cannot_add_a_passkey_without_reentering_the_password() {
    let app = spawn_app().await;
    let id = id_number(106);
    let worker = app.browser();
    let form = json!({
        "real_name": "王小明", "id_number": id, "mobile": "13800138000", "city": "350100",
        "categories": ["rural_transferred"], "password": "long enough password",
    });
    let (status, me) = worker
        .post("/api/v1/auth/register/worker/password", &form)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");

    let (status, body) = worker.post("/api/v1/me/passkeys", &json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(error_code(&body), "reauthentication_required");
    let (status, body) = worker
        .post(
            "/api/v1/me/passkeys",
            &json!({ "password": "not my password" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(error_code(&body), "sign_in_failed");
    let (status, challenge) = worker
        .post(
            "/api/v1/me/passkeys",
            &json!({ "password": "long enough password" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let mut phone = Phone::new(&app.origin);
    let (status, me) = worker
        .post("/api/v1/auth/passkeys/finish", &phone.create(&challenge))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");

    // Wrong passwords count like failed sign-ins: past the free attempts
    // the account waits a doubling delay, even for the right password.
    let other = app.browser();
    let (_, _) = other
        .post(
            "/api/v1/auth/sign-in/password",
            &json!({ "login": id, "password": "long enough password" }),
        )
        .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let (status, _) = other
            .post(
                "/api/v1/me/passkeys",
                &json!({ "password": "guessing 123" }),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(statuses[0], StatusCode::UNAUTHORIZED);
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let (status, body) = other
        .post(
            "/api/v1/me/passkeys",
            &json!({ "password": "long enough password" }),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}
