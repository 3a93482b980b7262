//! Issue 12's attacks on attendance and sign-in, each written as the
//! attacker would try it: the test passes when the attack fails, or when
//! it raises the warning that holds the money.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    classes::{approved_class, enrolled_worker, screen_code, session_from_now, setup, Setup},
    helpers::{error_code, spawn_app, spawn_app_with, TestApp},
    identity::{id_number, register_with_passkey, staff},
    subsidies::{
        attend_by_correction, check, end_classes, enrol, file_claim, record_assessment, review,
        three_days, verify,
    },
};

/// Open warnings of the city, as its bureau reads them.
async fn open_warnings(setup: &Setup) -> Vec<Value> {
    let (status, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    assert_eq!(status, StatusCode::OK, "{warnings}");
    warnings.as_array().expect("warnings").clone()
}

fn of_kind<'a>(warnings: &'a [Value], kind: &str) -> Vec<&'a Value> {
    warnings.iter().filter(|w| w["kind"] == kind).collect()
}

#[tokio::test]
async fn a_self_certified_class_is_held_for_review_with_its_figures() {
    // The institution enrols a worker who never comes, adds every
    // check-in and check-out itself, enters a headcount that matches,
    // records the assessment and files the claim.
    let setup = setup().await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let absent = enrol(&setup, class_id, 70).await;
    for session in &sessions {
        attend_by_correction(&setup, *session, absent.enrolment_id).await;
        let (status, _) = setup
            .institution
            .put(
                &format!("/api/v1/sessions/{session}/headcount"),
                &json!({ "headcount": 1 }),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    end_classes(&setup.app);
    record_assessment(&setup, absent.enrolment_id, true, 90).await;
    verify(&setup, absent.enrolment_id, "verified").await;
    let (status, claim) = file_claim(&absent.browser, absent.enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{claim}");

    assert_eq!(claim["status"], "held", "{claim}");
    let assurance = check(&claim, "attendance_assurance");
    assert_eq!(assurance["outcome"], "pending");
    assert_eq!(assurance["inputs"]["staff_percent"], 100);
    assert!(
        assurance["explanation"]
            .as_str()
            .is_some_and(|text| text.contains("100%")),
        "{assurance}"
    );
    let warnings = open_warnings(&setup).await;
    assert_eq!(
        of_kind(&warnings, "staff_correction").len(),
        6,
        "every added check-in and check-out is a warning, and the matching headcount cleared none: {warnings:?}"
    );
}

#[tokio::test]
async fn a_reviewer_may_release_a_claim_held_on_how_attendance_was_confirmed_but_not_one_waiting_for_facts(
) {
    let setup = setup().await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let worker = enrol(&setup, class_id, 71).await;
    for session in &sessions {
        attend_by_correction(&setup, *session, worker.enrolment_id).await;
    }
    end_classes(&setup.app);
    let (_, claim) = file_claim(&worker.browser, worker.enrolment_id).await;
    let claim_id = claim["id"].as_i64().expect("id");
    assert_eq!(claim["status"], "held");

    // The assessment is still missing: a reviewer cannot wave that through.
    let outcome = review(&setup, &[claim_id], json!({ "action": "start_review" })).await;
    assert_eq!(
        outcome["skipped"][0]["reason"], "checks_pending",
        "{outcome}"
    );

    record_assessment(&setup, worker.enrolment_id, true, 85).await;
    verify(&setup, worker.enrolment_id, "verified").await;
    let outcome = review(&setup, &[claim_id], json!({ "action": "start_review" })).await;
    assert_eq!(outcome["done"], json!([claim_id]), "{outcome}");
}

#[tokio::test]
async fn the_reviewer_who_approved_a_claim_cannot_also_mark_it_paid() {
    let setup = setup().await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let worker = enrol(&setup, class_id, 72).await;
    for session in &sessions {
        crate::subsidies::attend(&setup, *session, worker.enrolment_id).await;
    }
    end_classes(&setup.app);
    record_assessment(&setup, worker.enrolment_id, true, 85).await;
    verify(&setup, worker.enrolment_id, "verified").await;
    let (_, claim) = file_claim(&worker.browser, worker.enrolment_id).await;
    let claim_id = claim["id"].as_i64().expect("id");
    review(&setup, &[claim_id], json!({ "action": "start_review" })).await;
    review(&setup, &[claim_id], json!({ "action": "approve" })).await;

    let paid_by_approver = review(
        &setup,
        &[claim_id],
        json!({ "action": "pay", "payment_reference": "FJ-SELF" }),
    )
    .await;
    assert_eq!(paid_by_approver["done"], json!([]));
    assert_eq!(paid_by_approver["skipped"][0]["reason"], "approved_by_you");

    let paid = crate::subsidies::pay(&setup, &[claim_id], "FJ-OTHER").await;
    assert_eq!(paid["done"], json!([claim_id]));
}

/// Three enrolled workers and the code on the screen now.
async fn classroom(setup: &Setup) -> (i64, Vec<(crate::helpers::Browser, Phone)>) {
    let (class_id, sessions) =
        approved_class(setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let mut workers = Vec::new();
    for sequence in 80..83 {
        workers.push(enrolled_worker(setup, class_id, sequence).await);
    }
    (sessions[0], workers)
}

#[tokio::test]
async fn a_code_relayed_to_a_chat_group_raises_a_warning_that_holds_every_claim_it_touched() {
    let setup = setup().await;
    let (session_id, mut workers) = classroom(&setup).await;
    // One code, posted to the group, confirmed from three homes.
    let code = screen_code(&setup, session_id, "in").await;
    let far_away = json!({ "latitude": 24.4798, "longitude": 118.0894, "accuracy_m": 20.0 });
    for (index, (browser, phone)) in workers.iter_mut().enumerate() {
        let position = (index == 0).then(|| far_away.clone());
        let (status, outcome) = crate::classes::check_in(browser, phone, &code, position).await;
        assert_eq!(status, StatusCode::CREATED, "{outcome}");
        if index > 0 {
            assert_eq!(outcome["without_position"], true, "{outcome}");
        }
    }
    let warnings = open_warnings(&setup).await;
    let relayed = of_kind(&warnings, "relayed_code");
    assert_eq!(relayed.len(), 3, "{warnings:?}");
    assert!(relayed.iter().all(|w| w["enrolment_id"].is_i64()));
    assert!(relayed[0]["explanation"]
        .as_str()
        .is_some_and(|text| text.contains('3')));
}

#[tokio::test]
async fn a_scan_handed_on_to_another_phone_cannot_be_confirmed_there() {
    let setup = setup().await;
    let (session_id, mut workers) = classroom(&setup).await;
    let code = screen_code(&setup, session_id, "in").await;
    let (in_class, _) = &workers[0];
    let (status, scan) = in_class
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    // The scan id and challenge travel to an absent classmate's phone.
    let (absent_browser, absent_phone) = &mut workers[1];
    let answer = absent_phone.sign_in(&scan);
    let scan_id = scan["scan"].as_str().expect("scan id");
    let (status, refused) = absent_browser
        .post(
            &format!("/api/v1/check-ins/{scan_id}/passkey"),
            &json!({ "credential": answer["credential"] }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "scan_other_browser");
}

#[tokio::test]
async fn a_worker_with_a_passkey_cannot_confirm_with_a_plain_session() {
    let setup = setup().await;
    let (session_id, workers) = classroom(&setup).await;
    let code = screen_code(&setup, session_id, "in").await;
    let (browser, _) = &workers[0];
    let (_, scan) = browser
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    let scan_id = scan["scan"].as_str().expect("scan id");
    let (status, refused) = browser
        .post(&format!("/api/v1/check-ins/{scan_id}/session"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(error_code(&refused), "passkey_required");
}

#[tokio::test]
async fn repeated_failed_confirmations_raise_a_warning_on_the_session() {
    let setup = setup().await;
    let (session_id, mut workers) = classroom(&setup).await;
    let code = screen_code(&setup, session_id, "in").await;
    let (owner, _) = &workers[0];
    let (_, scan) = owner
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    let scan_id = scan["scan"].as_str().expect("scan id").to_owned();
    for attempt in 0..3 {
        let (browser, phone) = &mut workers[1 + attempt % 2];
        let answer = phone.sign_in(&scan);
        let (status, _) = browser
            .post(
                &format!("/api/v1/check-ins/{scan_id}/passkey"),
                &json!({ "credential": answer["credential"] }),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let warnings = open_warnings(&setup).await;
    assert_eq!(
        of_kind(&warnings, "failed_confirmations").len(),
        1,
        "{warnings:?}"
    );
    let (status, audit) = setup
        .bureau
        .get("/api/v1/audit?action=attendance.confirm")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(audit.as_array().map(Vec::len), Some(3), "{audit}");
}

#[tokio::test]
async fn scans_by_callers_who_are_not_signed_in_are_limited_per_address() {
    let setup = setup().await;
    let (session_id, _) = classroom(&setup).await;
    let code = screen_code(&setup, session_id, "in").await;
    let stranger = setup.app.browser();
    let mut last = None;
    for _ in 0..61 {
        let response = stranger
            .post_raw("/api/v1/check-ins", &json!({ "code": code }))
            .await;
        last = Some(response);
    }
    let last = last.expect("answered");
    assert_eq!(last.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = last
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=60).contains(&wait), "{wait}");
}

/// A worker with a password, registered from the given client address.
async fn password_worker(app: &TestApp, sequence: u32) -> String {
    let id = id_number(sequence);
    let (status, me) = app
        .browser()
        .post(
            "/api/v1/auth/register/worker/password",
            &json!({
                "real_name": "李小红", "id_number": id, "mobile": format!("1390013{sequence:04}"),
                "city": "350100", "categories": ["rural_transferred"], "password": "the-right-password",
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    id
}

async fn password_sign_in(
    app: &TestApp,
    forwarded_for: &str,
    login: &str,
    password: &str,
) -> StatusCode {
    app.client
        .post(format!("{}/api/v1/auth/sign-in/password", app.address))
        .header(header::ORIGIN, &app.origin)
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await
        .expect("answered")
        .status()
}

#[tokio::test]
async fn behind_a_proxy_a_stranger_cannot_lock_a_worker_out() {
    let app = spawn_app_with(&[("SKILLPASS_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let login = password_worker(&app, 90).await;
    let mut answers = Vec::new();
    for _ in 0..12 {
        answers.push(password_sign_in(&app, "198.51.100.66", &login, "a-wrong-password").await);
    }
    assert!(
        answers.contains(&StatusCode::TOO_MANY_REQUESTS),
        "the guessing address slows down: {answers:?}"
    );
    // Every request arrived from the proxy (127.0.0.1), yet the worker at
    // another address signs in at once.
    let own = password_sign_in(&app, "203.0.113.7", &login, "the-right-password").await;
    assert_eq!(own, StatusCode::OK);
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_header_cannot_dodge_the_limit() {
    let app = spawn_app().await;
    let login = password_worker(&app, 91).await;
    let mut answers = Vec::new();
    for attempt in 0..12 {
        let made_up = format!("198.51.100.{attempt}");
        answers.push(password_sign_in(&app, &made_up, &login, "a-wrong-password").await);
    }
    assert!(
        answers.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{answers:?}"
    );
}

#[tokio::test]
async fn a_parallel_burst_of_guesses_is_counted_in_full() {
    let app = spawn_app().await;
    let login = password_worker(&app, 92).await;
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, url, origin, login) = (
            app.client.clone(),
            format!("{}/api/v1/auth/sign-in/password", app.address),
            app.origin.clone(),
            login.clone(),
        );
        burst.spawn(async move {
            client
                .post(url)
                .header(header::ORIGIN, origin)
                .json(&json!({ "login": login, "password": "a-wrong-password" }))
                .send()
                .await
                .expect("answered")
                .status()
        });
    }
    let answers = burst.join_all().await;
    let tried = answers
        .iter()
        .filter(|status| **status == StatusCode::UNAUTHORIZED)
        .count();
    let slowed = answers
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        tried <= 6,
        "at most the 5 free attempts and the one that starts the delay reach the password check: {answers:?}"
    );
    assert_eq!(tried + slowed, 20, "{answers:?}");
}

#[tokio::test]
async fn registrations_naming_one_phone_number_are_limited() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    for sequence in 0..4 {
        let (status, _) = app
            .browser()
            .post(
                "/api/v1/auth/register/worker/passkey",
                &json!({
                    "real_name": "王小明", "id_number": id_number(100 + sequence),
                    "mobile": "13800138000", "city": "350100", "categories": ["rural_transferred"],
                }),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[tokio::test]
async fn probing_whether_an_id_number_has_an_account_is_recorded() {
    let app = spawn_app().await;
    let browser = app.browser();
    let mut phone = Phone::new(&app.origin);
    let id = id_number(93);
    register_with_passkey(&browser, &mut phone, &id).await;
    let (status, refused) = app
        .browser()
        .post(
            "/api/v1/auth/register/worker/password",
            &json!({
                "real_name": "冒名", "id_number": id, "mobile": "13700137000",
                "city": "350100", "categories": ["rural_transferred"], "password": "a-long-password",
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let province = staff(&app, "province", "fj-province", "", None).await;
    let (_, audit) = province.get("/api/v1/audit?action=account.register").await;
    let refusals: Vec<&Value> = audit
        .as_array()
        .expect("records")
        .iter()
        .filter(|record| record["outcome"] == "refused")
        .collect();
    assert_eq!(refusals.len(), 1, "{audit}");
}

#[tokio::test]
async fn an_id_number_copied_into_another_account_does_not_open() {
    let app = spawn_app().await;
    let (first, second) = (app.browser(), app.browser());
    let (mut phone_a, mut phone_b) = (Phone::new(&app.origin), Phone::new(&app.origin));
    let a = register_with_passkey(&first, &mut phone_a, &id_number(94)).await;
    let b = register_with_passkey(&second, &mut phone_b, &id_number(95)).await;
    let (a_id, b_id) = (
        a["account"]["id"].as_str().expect("id"),
        b["account"]["id"].as_str().expect("id"),
    );
    // An insider copies B's ciphertext into A's row, hoping A's data
    // export now shows B's number.
    on_db!(app, pool => {
        sqlx::query(
            "UPDATE users SET id_number_cipher = (SELECT id_number_cipher FROM users WHERE id = $2) WHERE id = $1",
        )
        .bind(a_id)
        .bind(b_id)
        .execute(pool)
        .await
        .map(|_| ())
    })
    .expect("copied");
    let (status, data) = first.get("/api/v1/me/data").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{data}");
    assert!(!data.to_string().contains(&id_number(95)));
    let (status, own) = second.get("/api/v1/me/data").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own["id_number"], id_number(95));
}
