//! Issue 22's middle level of check-in assurance: a device-bound P-256
//! key for phones that cannot hold a passkey. The phone's browser is
//! played by a software key that signs as WebCrypto does (ECDSA P-256,
//! SHA-256, `r‖s`).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use reqwest::StatusCode;
use serde_json::{json, Value};

use app::{domain::registration_message, server::db::audit::list_audit_chain};

use crate::{
    classes::{approved_class, enrolled_worker, screen_code, session_from_now, setup, Setup},
    helpers::{error_code, Browser},
    identity::id_number,
    subsidies::{attend, attend_by_correction, enrol, three_days},
};

/// The key a phone's browser made and keeps.
struct PhoneKey(SigningKey);

impl PhoneKey {
    fn new() -> Self {
        PhoneKey(SigningKey::random(&mut rand::rngs::OsRng))
    }

    fn public_key(&self) -> String {
        let point = self.0.verifying_key().to_encoded_point(false);
        URL_SAFE_NO_PAD.encode(point.as_bytes())
    }

    fn sign(&self, message: &str) -> String {
        let signature: Signature = self.0.sign(message.as_bytes());
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    }
}

pub const PASSWORD: &str = "a-long-password";

/// A worker on the password fallback, signed in and enrolled in `class_id`;
/// returns the browser and the ID number they sign in with.
pub async fn password_worker(
    setup: &Setup,
    class_id: i64,
    sequence: u32,
) -> (Browser, String, Value) {
    let browser = setup.app.browser();
    let id = id_number(sequence);
    let (status, me) = browser
        .post(
            "/api/v1/auth/register/worker/password",
            &json!({
                "real_name": "李小红", "id_number": id, "mobile": format!("1390013{sequence:04}"),
                "city": "350100", "categories": ["returning_migrant"], "password": PASSWORD,
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    let (status, enrolment) = browser
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{enrolment}");
    (browser, id, me)
}

async fn register_key(browser: &Browser, me: &Value, key: &PhoneKey) -> (StatusCode, Value) {
    let user_id = me["account"]["id"].as_str().expect("the account's id");
    browser
        .post(
            "/api/v1/me/device-key",
            &json!({
                "password": PASSWORD,
                "public_key": key.public_key(),
                "signature": key.sign(&registration_message(user_id)),
            }),
        )
        .await
}

async fn scan(setup: &Setup, browser: &Browser, session_id: i64) -> Value {
    let code = screen_code(setup, session_id, "in").await;
    let (status, scan) = browser
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    scan
}

async fn confirm(
    browser: &Browser,
    scan: &Value,
    signature: Option<String>,
) -> (StatusCode, Value) {
    let scan_id = scan["scan"].as_str().expect("scan id");
    let body = match signature {
        Some(signature) => json!({ "device_signature": signature }),
        None => json!({}),
    };
    browser
        .post(&format!("/api/v1/check-ins/{scan_id}/session"), &body)
        .await
}

fn challenge(scan: &Value) -> &str {
    scan["device_challenge"]
        .as_str()
        .expect("the scan's device challenge")
}

/// An approved class whose one session opens for check-in now.
async fn classroom(setup: &Setup) -> (i64, i64) {
    let (class_id, sessions) =
        approved_class(setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    (class_id, sessions[0])
}

#[tokio::test]
async fn a_phone_without_passkeys_checks_in_at_device_key_level() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, _, me) = password_worker(&setup, class_id, 71).await;
    let key = PhoneKey::new();
    let (status, answer) = register_key(&worker, &me, &key).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");

    let scan = scan(&setup, &worker, session_id).await;
    let (status, outcome) = confirm(&worker, &scan, Some(key.sign(challenge(&scan)))).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["assurance"], "device_key");
    let (_, roster) = setup
        .institution
        .get(&format!("/api/v1/sessions/{session_id}/roster"))
        .await;
    assert_eq!(
        roster["entries"][0]["check_in"]["assurance"], "device_key",
        "{roster}"
    );
}

#[tokio::test]
async fn a_key_is_registered_only_with_the_password_again_its_own_signature_and_once() {
    let setup = setup().await;
    let (class_id, _) = classroom(&setup).await;
    let (worker, _, me) = password_worker(&setup, class_id, 72).await;
    let user_id = me["account"]["id"].as_str().expect("id");
    let key = PhoneKey::new();
    let signed = key.sign(&registration_message(user_id));

    let (status, refused) = worker
        .post(
            "/api/v1/me/device-key",
            &json!({ "public_key": key.public_key(), "signature": signed }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{refused}");
    assert_eq!(error_code(&refused), "reauthentication_required");

    let other = PhoneKey::new();
    let (status, refused) = worker
        .post(
            "/api/v1/me/device-key",
            &json!({ "password": PASSWORD, "public_key": key.public_key(), "signature": other.sign(&registration_message(user_id)) }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a key that did not sign: {refused}"
    );
    assert_eq!(error_code(&refused), "sign_in_failed");

    let (status, refused) = worker
        .post(
            "/api/v1/me/device-key",
            &json!({ "password": PASSWORD, "public_key": "not a key", "signature": signed }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");

    let (status, _) = register_key(&worker, &me, &key).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, refused) = register_key(&worker, &me, &PhoneKey::new()).await;
    assert_eq!(status, StatusCode::CONFLICT, "a second phone: {refused}");
    assert_eq!(error_code(&refused), "device_key_exists");
}

#[tokio::test]
async fn a_stolen_password_on_another_browser_cannot_confirm_at_any_level() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, id_number, me) = password_worker(&setup, class_id, 73).await;
    let (status, _) = register_key(&worker, &me, &PhoneKey::new()).await;
    assert_eq!(status, StatusCode::CREATED);

    // A classmate who knows the password signs in on their own phone.
    let classmate = setup.app.browser();
    let (status, signed_in) = classmate
        .post(
            "/api/v1/auth/sign-in/password",
            &json!({ "login": id_number, "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    let scan = scan(&setup, &classmate, session_id).await;
    let (status, refused) = confirm(&classmate, &scan, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "device_key_required");

    let scan = self::scan(&setup, &classmate, session_id).await;
    let their_own = PhoneKey::new().sign(challenge(&scan));
    let (status, refused) = confirm(&classmate, &scan, Some(their_own)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "device_key_refused");
}

#[tokio::test]
async fn a_signature_confirms_only_its_own_scan_and_only_once() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, _, me) = password_worker(&setup, class_id, 74).await;
    let key = PhoneKey::new();
    let (status, _) = register_key(&worker, &me, &key).await;
    assert_eq!(status, StatusCode::CREATED);

    let earlier = scan(&setup, &worker, session_id).await;
    let earlier_signature = key.sign(challenge(&earlier));
    let now = scan(&setup, &worker, session_id).await;
    assert_ne!(challenge(&earlier), challenge(&now));
    let (status, refused) = confirm(&worker, &now, Some(earlier_signature)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "another scan's challenge: {refused}"
    );
    assert_eq!(error_code(&refused), "device_key_refused");

    let signature = key.sign(challenge(&now));
    let (status, outcome) = confirm(&worker, &now, Some(signature.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    let (status, replayed) = confirm(&worker, &now, Some(signature)).await;
    assert_eq!(status, StatusCode::GONE, "a replay: {replayed}");
    assert_eq!(error_code(&replayed), "scan_expired");
}

#[tokio::test]
async fn a_recovery_on_a_new_phone_removes_the_old_device_key() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, id_number, me) = password_worker(&setup, class_id, 75).await;
    let (status, _) = register_key(&worker, &me, &PhoneKey::new()).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, issued) = setup
        .bureau
        .post(
            "/api/v1/accounts/recovery-codes",
            &json!({ "id_number": id_number, "identity_check": "id_card_in_person" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let code = issued["code"].clone();
    let new_phone = setup.app.browser();
    let (status, recovered) = new_phone
        .post(
            "/api/v1/auth/code/password",
            &json!({ "login": id_number, "code": code, "password": "a-new-long-password" }),
        )
        .await;
    assert!(status.is_success(), "{recovered}");
    let (_, me) = new_phone.get("/api/v1/me").await;
    let key = PhoneKey::new();
    let user_id = me["account"]["id"].as_str().expect("id");
    let (status, answer) = new_phone
        .post(
            "/api/v1/me/device-key",
            &json!({
                "password": "a-new-long-password",
                "public_key": key.public_key(),
                "signature": key.sign(&registration_message(user_id)),
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "the new phone's key: {answer}");
    let scan = scan(&setup, &new_phone, session_id).await;
    let (status, outcome) = confirm(&new_phone, &scan, Some(key.sign(challenge(&scan)))).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
}

#[tokio::test]
async fn my_classes_shows_how_each_session_was_confirmed_and_the_way_up() {
    let setup = setup().await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let trainee = enrol(&setup, class_id, 76).await;
    attend(&setup, sessions[0], trainee.enrolment_id).await;
    attend_by_correction(&setup, sessions[1], trainee.enrolment_id).await;

    let (status, html) = trainee.browser.page("/my/classes").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(r#"data-assurance="passkey""#), "{html}");
    assert!(html.contains(r#"data-assurance="staff""#), "{html}");
    assert!(
        html.contains(r#"data-weak-sessions="1""#),
        "one weak session: {html}"
    );
    assert!(html.contains("设置本机密钥"), "{html}");
}

#[tokio::test]
async fn the_bureau_counts_its_workers_by_phone_class_and_its_check_ins_by_level() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (on_password, _, me) = password_worker(&setup, class_id, 77).await;
    let key = PhoneKey::new();
    let (status, _) = register_key(&on_password, &me, &key).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = on_password
        .put(
            "/api/v1/me/phone-capability",
            &json!({ "capability": "device_key" }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, refused) = on_password
        .put(
            "/api/v1/me/phone-capability",
            &json!({ "capability": "fingerprint" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (unseen, _, _) = password_worker(&setup, class_id, 78).await;
    let scan = scan(&setup, &on_password, session_id).await;
    let (status, _) = confirm(&on_password, &scan, Some(key.sign(challenge(&scan)))).await;
    assert_eq!(status, StatusCode::CREATED);
    let scan = self::scan(&setup, &unseen, session_id).await;
    let (status, _) = confirm(&unseen, &scan, None).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, summary) = setup.bureau.get("/api/v1/assurance-summary").await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary["city"], "350100");
    let count = |list: &str, key: &str, value: Value| {
        summary[list]
            .as_array()
            .expect("a list")
            .iter()
            .find(|group| group[key] == value)
            .and_then(|group| group["count"].as_i64())
            .unwrap_or(0)
    };
    assert_eq!(
        count("workers", "capability", json!("device_key")),
        1,
        "{summary}"
    );
    assert!(
        count("workers", "capability", Value::Null) >= 1,
        "{summary}"
    );
    assert_eq!(
        count("marks", "assurance", json!("device_key")),
        1,
        "{summary}"
    );
    assert_eq!(
        count("marks", "assurance", json!("password")),
        1,
        "{summary}"
    );

    let (status, _) = setup
        .bureau
        .get("/api/v1/assurance-summary?city=350200")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another city's figures");
    let (status, _) = on_password.get("/api/v1/assurance-summary").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a worker");
    let (status, html) = setup.bureau.page("/risk-warnings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("签到保障概况"), "{html}");
    assert!(html.contains(r#"data-level="device_key""#), "{html}");
}

#[tokio::test]
async fn a_phone_holding_someone_elses_key_confirms_a_keyless_account_at_password_level() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, _, _) = password_worker(&setup, class_id, 79).await;
    let scan = scan(&setup, &worker, session_id).await;
    let (status, outcome) =
        confirm(&worker, &scan, Some(PhoneKey::new().sign(challenge(&scan)))).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["assurance"], "password");
}

#[tokio::test]
async fn an_oversized_key_or_signature_is_refused() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, _, me) = password_worker(&setup, class_id, 80).await;
    let (status, refused) = worker
        .post(
            "/api/v1/me/device-key",
            &json!({ "password": PASSWORD, "public_key": "A".repeat(10_000), "signature": "A" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (status, _) = register_key(&worker, &me, &PhoneKey::new()).await;
    assert_eq!(status, StatusCode::CREATED);
    let scan = scan(&setup, &worker, session_id).await;
    let (status, refused) = confirm(&worker, &scan, Some("A".repeat(10_000))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "device_key_refused");
}

#[tokio::test]
async fn the_worker_hears_of_every_key_set_up_and_the_records_name_each_key() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, _, me) = password_worker(&setup, class_id, 76).await;
    let user_id = me["account"]["id"].as_str().expect("id");
    let key = PhoneKey::new();
    let (status, refused) = worker
        .post(
            "/api/v1/me/device-key",
            &json!({ "password": PASSWORD, "public_key": key.public_key(), "signature": PhoneKey::new().sign(&registration_message(user_id)) }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{refused}");
    let (status, _) = register_key(&worker, &me, &key).await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, inbox) = worker.page("/inbox").await;
    assert!(
        inbox.contains("您的账号设置了本机密钥"),
        "the worker is told"
    );
    assert!(
        inbox.contains("人社局找回账号"),
        "with what to do if it was not them"
    );
    // Marking the message read does not silence it: the account page says
    // when the key was set up for as long as it exists.
    let (_, account) = worker.page("/account").await;
    assert!(account.contains("data-device-key-since"), "{account}");
    assert!(account.contains("本账号的本机密钥设置于"));

    let trail = list_audit_chain(&setup.app.db, 0, 100_000)
        .await
        .expect("the trail");
    let registrations: Vec<_> = trail
        .iter()
        .filter(|record| record.action == "device_key.register")
        .collect();
    let outcomes: Vec<&str> = registrations.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        ["failed", "done"],
        "the refused one is recorded too"
    );
    assert!(registrations
        .iter()
        .all(|r| r.reason.starts_with("device-key:")));
    let fingerprint = registrations[1]
        .reason
        .split(' ')
        .next()
        .expect("the key's fingerprint");

    let scan = scan(&setup, &worker, session_id).await;
    let (status, outcome) = confirm(&worker, &scan, Some(key.sign(challenge(&scan)))).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    let recorded: Option<String> = on_db!(setup.app, pool => sqlx::query_scalar(
        "SELECT credential_id FROM attendance WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_one(pool)
    .await)
    .expect("the check-in");
    assert_eq!(
        recorded.as_deref(),
        Some(fingerprint),
        "the check-in names the key"
    );
}

#[tokio::test]
async fn an_account_with_a_passkey_confirms_with_it_and_gets_no_device_key() {
    let setup = setup().await;
    let (class_id, _) = classroom(&setup).await;
    let (worker, _) = enrolled_worker(&setup, class_id, 77).await;
    let (_, me) = worker.get("/api/v1/me").await;
    let (status, refused) = register_key(&worker, &me, &PhoneKey::new()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "passkey_held");
}

#[tokio::test]
async fn a_worker_who_registers_with_a_passkey_is_counted_on_a_passkey_phone() {
    let setup = setup().await;
    let (class_id, _) = classroom(&setup).await;
    enrolled_worker(&setup, class_id, 79).await;
    let (_, summary) = setup.bureau.get("/api/v1/assurance-summary").await;
    let passkey_phones = summary["workers"]
        .as_array()
        .expect("workers by phone class")
        .iter()
        .find(|group| group["capability"] == "passkey")
        .and_then(|group| group["count"].as_i64());
    assert_eq!(passkey_phones, Some(1), "{summary}");
}

#[tokio::test]
async fn the_check_in_page_offers_the_device_key_until_the_worker_has_one() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, _, me) = password_worker(&setup, class_id, 81).await;
    let code = screen_code(&setup, session_id, "in").await;
    let (status, page) = worker.page(&format!("/c/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-device-key-offer"), "offered before");
    let (status, _) = register_key(&worker, &me, &PhoneKey::new()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, page) = worker.page(&format!("/c/{code}")).await;
    assert!(
        !page.contains("data-device-key-offer"),
        "not once it is set up"
    );
}
