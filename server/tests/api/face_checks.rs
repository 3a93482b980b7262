//! Issue 22's face check at check-in, against a local HTTP stand-in for a
//! licensed face-verification provider. The stand-in speaks the protocol
//! README documents, implemented here from that text (its own HMAC), so a
//! drift between the document and the server fails these tests.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode as AxumStatus},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Json, Router,
};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

use app::server::db::audit::list_audit_chain;

use crate::{
    classes::{approved_class, enrolled_worker, screen_code, session_from_now, setup_on, Setup},
    device_keys::password_worker,
    forms::{location, post_form},
    helpers::{error_code, spawn_app, spawn_app_with, Browser},
};

const SECRET: &str = "the-provider-and-skillpass-share-this-secret";

/// What the stand-in decides when the worker shows their face.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Matches,
    DoesNotMatch,
}

/// One check the stand-in was asked to open.
#[derive(Clone)]
struct Opened {
    name: String,
    id_number: String,
    return_url: String,
    outcome: Option<&'static str>,
}

#[derive(Clone)]
struct StandIn {
    face: Arc<Mutex<Face>>,
    /// Signs outcomes with this secret (a forger's, in one test).
    signing_secret: Arc<Mutex<String>>,
    checks: Arc<Mutex<HashMap<String, Opened>>>,
    base: String,
}

fn hmac_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

fn signed_by_skillpass(headers: &HeaderMap, message: &[u8]) -> bool {
    headers
        .get("x-skillpass-signature")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|signature| signature == hmac_hex(SECRET, message))
}

async fn open_check(State(provider): State<StandIn>, headers: HeaderMap, body: Bytes) -> Response {
    if !signed_by_skillpass(&headers, &body) {
        return AxumStatus::UNAUTHORIZED.into_response();
    }
    let request: Value = serde_json::from_slice(&body).expect("JSON");
    let nonce = request["nonce"].as_str().expect("nonce").to_owned();
    let opened = Opened {
        name: request["name"].as_str().expect("name").to_owned(),
        id_number: request["id_number"].as_str().expect("id_number").to_owned(),
        return_url: request["return_url"]
            .as_str()
            .expect("return_url")
            .to_owned(),
        outcome: None,
    };
    provider
        .checks
        .lock()
        .expect("checks")
        .insert(nonce.clone(), opened);
    Json(json!({ "verify_url": format!("{}/verify/{nonce}", provider.base) })).into_response()
}

/// The provider's page: the worker shows their face, and is sent back.
async fn verify_page(State(provider): State<StandIn>, Path(nonce): Path<String>) -> Response {
    let face = *provider.face.lock().expect("face");
    let mut checks = provider.checks.lock().expect("checks");
    let Some(check) = checks.get_mut(&nonce) else {
        return AxumStatus::NOT_FOUND.into_response();
    };
    check.outcome = Some(match face {
        Face::Matches => "match",
        Face::DoesNotMatch => "no_match",
    });
    Redirect::to(&check.return_url).into_response()
}

async fn outcome(
    State(provider): State<StandIn>,
    headers: HeaderMap,
    Path(nonce): Path<String>,
) -> Response {
    if !signed_by_skillpass(&headers, format!("/checks/{nonce}").as_bytes()) {
        return AxumStatus::UNAUTHORIZED.into_response();
    }
    let Some(check) = provider.checks.lock().expect("checks").get(&nonce).cloned() else {
        return AxumStatus::NOT_FOUND.into_response();
    };
    let outcome = check.outcome.unwrap_or("pending");
    let secret = provider.signing_secret.lock().expect("secret").clone();
    let message = format!("skillpass-face-result:{nonce}:{outcome}");
    Json(json!({
        "nonce": nonce,
        "outcome": outcome,
        "signature": hmac_hex(&secret, message.as_bytes()),
    }))
    .into_response()
}

async fn start_stand_in() -> StandIn {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("bound").port()
    );
    let provider = StandIn {
        face: Arc::new(Mutex::new(Face::Matches)),
        signing_secret: Arc::new(Mutex::new(SECRET.to_owned())),
        checks: Arc::default(),
        base,
    };
    let router = Router::new()
        .route("/checks", post(open_check))
        .route("/checks/{nonce}", get(outcome))
        .route("/verify/{nonce}", get(verify_page))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    provider
}

/// A Fuzhou setup whose server is connected to a fresh stand-in.
async fn connected() -> (Setup, StandIn) {
    let provider = start_stand_in().await;
    let app = spawn_app_with(&[
        ("SKILLPASS_FACE_PROVIDER_URL", &provider.base),
        ("SKILLPASS_FACE_PROVIDER_SECRET", SECRET),
    ])
    .await;
    (setup_on(app).await, provider)
}

async fn classroom(setup: &Setup) -> (i64, i64) {
    let (class_id, sessions) =
        approved_class(setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    (class_id, sessions[0])
}

async fn require_for_password_workers(setup: &Setup) {
    let (status, rule) = setup
        .bureau
        .put(
            "/api/v1/cities/350100/face-check",
            &json!({ "password_fallback": true, "reason": "代签风险高" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rule}");
    assert_eq!(rule["password_fallback"], true);
}

/// Opens the screen's check-in code on the worker's phone (the page gives
/// the browser its device cookie) and scans it; the scan and the code.
async fn scan(setup: &Setup, worker: &Browser, session_id: i64) -> (String, String) {
    let code = screen_code(setup, session_id, "in").await;
    let (status, _) = worker.page(&format!("/c/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, scan) = worker
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    (scan["scan"].as_str().expect("scan id").to_owned(), code)
}

async fn confirm_by_password(worker: &Browser, scan_id: &str) -> (StatusCode, Value) {
    worker
        .post(&format!("/api/v1/check-ins/{scan_id}/session"), &json!({}))
        .await
}

async fn start_face_check(
    worker: &Browser,
    scan_id: &str,
    code: &str,
    consent: bool,
) -> (StatusCode, Value) {
    worker
        .post(
            &format!("/api/v1/check-ins/{scan_id}/face"),
            &json!({ "code": code, "consent": consent }),
        )
        .await
}

/// The worker's browser on the provider's page, sent back to SkillPass:
/// the nonce of the check.
async fn show_face(verify_url: &str) -> String {
    let page = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .get(verify_url)
        .send()
        .await
        .expect("the provider's page");
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    let back = page.headers()["location"].to_str().expect("an address");
    let (_, nonce) = back.split_once("nonce=").expect("the nonce comes back");
    nonce.to_owned()
}

async fn finish(worker: &Browser, nonce: &str) -> (StatusCode, Value) {
    worker
        .post(&format!("/api/v1/face-checks/{nonce}/result"), &json!({}))
        .await
}

/// Starts (with consent) and completes a face check of the scan.
async fn pass_face_check(worker: &Browser, scan_id: &str, code: &str) -> (StatusCode, Value) {
    let (status, started) = start_face_check(worker, scan_id, code, true).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let nonce = show_face(started["verify_url"].as_str().expect("verify_url")).await;
    finish(worker, &nonce).await
}

#[tokio::test]
async fn a_password_worker_checks_in_after_a_matching_face_check_with_consent_recorded() {
    let (setup, provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (worker, id_number, _) = password_worker(&setup, class_id, 1).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;

    let (status, refused) = confirm_by_password(&worker, &scan_id).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "face_check_required");

    let (status, refused) = start_face_check(&worker, &scan_id, &code, false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(error_code(&refused), "face_consent_required");
    assert!(
        provider.checks.lock().expect("checks").is_empty(),
        "nothing sent without consent"
    );

    let (status, outcome) = pass_face_check(&worker, &scan_id, &code).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["matched"], true);
    assert!(outcome["return_to"]
        .as_str()
        .expect("return_to")
        .starts_with(&format!("/c/{code}?face=")));
    let sent = provider
        .checks
        .lock()
        .expect("checks")
        .values()
        .next()
        .cloned()
        .expect("one check");
    assert_eq!(
        (sent.name.as_str(), sent.id_number.as_str()),
        ("李小红", id_number.as_str())
    );

    let (status, recorded) = confirm_by_password(&worker, &scan_id).await;
    assert_eq!(status, StatusCode::CREATED, "{recorded}");
    assert_eq!(recorded["assurance"], "password");

    let (_, consents) = worker.get("/api/v1/me/consents").await;
    assert_eq!(consents[0]["purpose"], "face_verification");
    let trail = list_audit_chain(&setup.app.db, 0, 100_000)
        .await
        .expect("the trail");
    let actions: Vec<&str> = trail.iter().map(|record| record.action.as_str()).collect();
    for action in [
        "city.face_check_password_fallback_on",
        "consent.give",
        "face_check.start",
        "face_check.result",
    ] {
        assert!(actions.contains(&action), "{action} is in the audit trail");
    }
}

#[tokio::test]
async fn a_face_that_does_not_match_leaves_the_check_in_refused() {
    let (setup, provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (worker, _, _) = password_worker(&setup, class_id, 2).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    *provider.face.lock().expect("face") = Face::DoesNotMatch;

    let (status, outcome) = pass_face_check(&worker, &scan_id, &code).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["matched"], false);
    let (status, refused) = confirm_by_password(&worker, &scan_id).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "face_check_required");
}

#[tokio::test]
async fn an_outcome_signed_with_another_secret_is_never_taken() {
    let (setup, provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (worker, _, _) = password_worker(&setup, class_id, 3).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    *provider.signing_secret.lock().expect("secret") =
        "a-forger-who-does-not-know-the-secret".to_owned();

    let (status, refused) = pass_face_check(&worker, &scan_id, &code).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{refused}");
    assert_eq!(error_code(&refused), "face_provider_unavailable");
    let (status, _) = confirm_by_password(&worker, &scan_id).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_face_check_counts_for_its_own_scan_only_and_only_once_finished() {
    let (setup, _provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (worker, _, _) = password_worker(&setup, class_id, 4).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;

    let (status, started) = start_face_check(&worker, &scan_id, &code, true).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let verify_url = started["verify_url"].as_str().expect("verify_url");
    let nonce = verify_url.rsplit('/').next().expect("the nonce");
    let (status, pending) = finish(&worker, nonce).await;
    assert_eq!(status, StatusCode::CONFLICT, "{pending}");
    assert_eq!(error_code(&pending), "face_check_pending");
    let nonce = show_face(verify_url).await;

    let (other_scan, _) = scan(&setup, &worker, session_id).await;
    let (status, outcome) = finish(&worker, &nonce).await;
    assert_eq!(
        (status, outcome["matched"].clone()),
        (StatusCode::OK, json!(true))
    );
    let (status, refused) = confirm_by_password(&worker, &other_scan).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");

    let (stranger, _, _) = password_worker(&setup, class_id, 5).await;
    let (status, _) = finish(&stranger, &nonce).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "another worker cannot read the check"
    );
}

#[tokio::test]
async fn a_class_rule_asks_passkey_workers_too_and_only_the_city_bureau_sets_it() {
    let (setup, _provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    let rule = json!({ "required": true, "reason": "上次抽查发现代签" });
    let (status, _) = setup
        .institution
        .put(&format!("/api/v1/classes/{class_id}/face-check"), &rule)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the institution may not");
    let (status, set) = setup
        .bureau
        .put(&format!("/api/v1/classes/{class_id}/face-check"), &rule)
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["changed"], true);
    let (_, class) = setup
        .bureau
        .get(&format!("/api/v1/classes/{class_id}"))
        .await;
    assert_eq!(class["face_check_required"], true);
    let last = class["history"]
        .as_array()
        .expect("history")
        .last()
        .cloned()
        .expect("an event");
    assert_eq!(
        (last["action"].as_str(), last["reason"].as_str()),
        (Some("face_check_on"), Some("上次抽查发现代签"))
    );

    let (worker, mut phone) = enrolled_worker(&setup, class_id, 6).await;
    let (status, refused) = crate::classes::check_in(
        &worker,
        &mut phone,
        &screen_code(&setup, session_id, "in").await,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "face_check_required");

    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    let (status, _) = pass_face_check(&worker, &scan_id, &code).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn no_rule_can_be_set_before_a_provider_is_connected_and_none_applies_by_default() {
    let setup = setup_on(spawn_app().await).await;
    let (class_id, session_id) = classroom(&setup).await;
    let (status, refused) = setup
        .bureau
        .put(
            "/api/v1/cities/350100/face-check",
            &json!({ "password_fallback": true, "reason": "试行" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "face_provider_not_connected");
    let (status, refused) = setup
        .bureau
        .put(
            &format!("/api/v1/classes/{class_id}/face-check"),
            &json!({ "required": true, "reason": "试行" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");

    let (worker, _, _) = password_worker(&setup, class_id, 7).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    let (status, refused) = start_face_check(&worker, &scan_id, &code, true).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "face_check_not_required");
    let (status, _) = confirm_by_password(&worker, &scan_id).await;
    assert_eq!(status, StatusCode::CREATED, "off by default");
}

#[tokio::test]
async fn the_check_in_page_asks_for_consent_then_tells_the_outcome_it_came_back_with() {
    let (setup, _provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (worker, _, _) = password_worker(&setup, class_id, 8).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;

    let (status, page) = worker.page(&format!("/c/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-face-check=\"\""),
        "the face step is shown"
    );
    assert!(
        page.contains("data-face-consent"),
        "with the consent to tick"
    );

    let (status, started) = start_face_check(&worker, &scan_id, &code, true).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let nonce = show_face(started["verify_url"].as_str().expect("verify_url")).await;
    let back = worker
        .get_raw(&format!("/face-check/return?nonce={nonce}"))
        .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    let return_to = back.headers()["location"]
        .to_str()
        .expect("an address")
        .to_owned();
    assert_eq!(return_to, format!("/c/{code}?face={nonce}"));

    let (_, page) = worker.page(&return_to).await;
    assert!(
        page.contains("data-face-check=\"passed\""),
        "the page tells it passed"
    );
}

#[tokio::test]
async fn a_withdrawn_consent_is_asked_for_again() {
    let (setup, _provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (worker, _, _) = password_worker(&setup, class_id, 9).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    let (status, _) = pass_face_check(&worker, &scan_id, &code).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = worker.delete("/api/v1/me/consents/face-verification").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, consents) = worker.get("/api/v1/me/consents").await;
    assert!(
        consents
            .as_array()
            .expect("consents")
            .iter()
            .all(|consent| consent["purpose"] != "face_verification"),
        "only the consent to recommendations stays: {consents}"
    );
    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    let (status, refused) = start_face_check(&worker, &scan_id, &code, false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(error_code(&refused), "face_consent_required");
}

#[tokio::test]
async fn without_javascript_the_forms_set_the_rules_and_send_the_worker_to_the_provider() {
    let (setup, provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    let class_page = format!("/classes/{class_id}");
    let (_, page) = setup.bureau.page(&class_page).await;
    assert!(
        page.contains("data-face-check-rule"),
        "the bureau sees the switch"
    );
    let form = [
        ("class_id", class_id.to_string()),
        ("required", "true".to_owned()),
        ("reason", "抽查".to_owned()),
    ];
    let saved = post_form(
        &setup.bureau,
        &setup,
        "/sfn/class-face-check",
        &class_page,
        &form,
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), class_page);
    let (_, page) = setup.app.browser().page(&class_page).await;
    assert!(
        page.contains("data-face-check-required"),
        "everyone is told"
    );

    let form = [
        ("password_fallback", "true".to_owned()),
        ("reason", "代签风险".to_owned()),
    ];
    let saved = post_form(
        &setup.bureau,
        &setup,
        "/sfn/city-face-check",
        "/risk-warnings",
        &form,
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.bureau.page("/risk-warnings").await;
    assert!(page.contains("data-city-face-rule=\"true\""), "{page}");

    let (worker, _, _) = password_worker(&setup, class_id, 10).await;
    let (scan_id, code) = scan(&setup, &worker, session_id).await;
    let form = [
        ("scan", scan_id),
        ("code", code.clone()),
        ("consent", "true".to_owned()),
    ];
    let sent = post_form(
        &worker,
        &setup,
        "/sfn/start-face-check",
        &format!("/c/{code}"),
        &form,
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let step = location(&sent).to_owned();
    assert!(step.starts_with("/face-check/go?nonce="), "{step}");
    let (status, page) = worker.page(&step).await;
    assert_eq!(status, StatusCode::OK);
    let link = format!("href=\"{}/verify/", provider.base);
    assert!(page.contains(&link), "a link to the provider's page");
}

#[tokio::test]
async fn a_check_link_sent_to_another_phone_proves_nothing() {
    let (setup, _provider) = connected().await;
    let (class_id, session_id) = classroom(&setup).await;
    require_for_password_workers(&setup).await;
    let (in_class, id, _) = password_worker(&setup, class_id, 11).await;
    let (scan_id, code) = scan(&setup, &in_class, session_id).await;
    let (status, started) = start_face_check(&in_class, &scan_id, &code, true).await;
    assert_eq!(status, StatusCode::OK, "{started}");

    // The absent worker, signed in on their own phone, does the check.
    let at_home = setup.app.browser();
    let password = json!({ "login": id, "password": crate::device_keys::PASSWORD });
    let (status, _) = at_home
        .post("/api/v1/auth/sign-in/password", &password)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = at_home.page(&format!("/c/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    let nonce = show_face(started["verify_url"].as_str().expect("verify_url")).await;
    let (status, refused) = finish(&at_home, &nonce).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "face_check_other_browser");
    let (status, _) = confirm_by_password(&in_class, &scan_id).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the scan's confirmation stays refused"
    );
}
