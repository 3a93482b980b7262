//! Forms that work without JavaScript: a plain POST to a server function
//! is answered with a redirect (303) to the page that tells what happened;
//! the same function called for JSON answers with its result.

use reqwest::{header, StatusCode};

use crate::{
    authenticator::Phone,
    classes::{application, approved_class, session_from_now, setup, Setup},
    helpers::{error_code, Browser},
    identity::{id_number, register_with_passkey},
};

/// Posts `form` as a browser without JavaScript does, from `page`.
async fn post_form(
    browser: &Browser,
    setup: &Setup,
    action: &str,
    page: &str,
    form: &[(&str, String)],
) -> reqwest::Response {
    browser
        .client
        .post(format!("{}{action}", browser.address))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, format!("{}{page}", setup.app.origin))
        .form(form)
        .send()
        .await
        .expect("answered")
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("a location")
}

/// A class waiting for the bureau, and a signed-in worker.
async fn submitted_class_and_worker() -> (Setup, i64, Browser) {
    let setup = setup().await;
    let (status, class) = setup
        .institution
        .post(
            "/api/v1/classes",
            &application(&setup, 10, vec![session_from_now(60, 60, "offline")]),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let worker = setup.app.browser();
    let mut phone = Phone::new(&setup.app.origin);
    register_with_passkey(&worker, &mut phone, &id_number(7)).await;
    (setup, class["id"].as_i64().expect("an id"), worker)
}

#[tokio::test]
async fn a_plain_form_approves_a_class_and_the_class_page_says_so_once() {
    let (setup, class_id, _) = submitted_class_and_worker().await;
    let page = format!("/classes/{class_id}");
    let form = [
        ("class_id", class_id.to_string()),
        ("decision", "approve".to_owned()),
    ];
    let response = post_form(&setup.bureau, &setup, "/sfn/decide-class", &page, &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page);

    let (status, shown) = setup.bureau.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown.contains("data-flash=\"done\""), "{shown}");
    assert!(shown.contains("已批准开班。"), "{shown}");
    let (_, again) = setup.bureau.page(&page).await;
    assert!(!again.contains("data-flash"), "told once: {again}");
}

#[tokio::test]
async fn a_refused_plain_form_goes_back_to_its_page_and_says_why() {
    let (setup, class_id, worker) = submitted_class_and_worker().await;
    let page = format!("/classes/{class_id}");
    let form = [
        ("class_id", class_id.to_string()),
        ("decision", "approve".to_owned()),
    ];
    let response = post_form(&worker, &setup, "/sfn/decide-class", &page, &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page);

    let (_, shown) = worker.page(&page).await;
    assert!(shown.contains("data-flash=\"problem\""), "{shown}");
    assert!(shown.contains("data-code=\"forbidden\""), "{shown}");
    let (_, class) = setup
        .bureau
        .get(&format!("/api/v1/classes/{class_id}"))
        .await;
    assert_eq!(class["status"], "submitted", "nothing changed: {class}");
}

#[tokio::test]
async fn a_plain_form_from_another_site_is_sent_home_not_there() {
    let (setup, class_id, worker) = submitted_class_and_worker().await;
    let form = [
        ("class_id", class_id.to_string()),
        ("decision", "approve".to_owned()),
    ];
    let response = worker
        .client
        .post(format!("{}/sfn/decide-class", worker.address))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "https://evil.example/phish")
        .form(&form)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    drop(setup);
}

#[tokio::test]
async fn the_same_function_called_for_json_answers_with_the_error_and_its_status() {
    let (setup, class_id, worker) = submitted_class_and_worker().await;
    let response = worker
        .client
        .post(format!("{}/sfn/decide-class", worker.address))
        .header(header::ACCEPT, "application/json")
        .form(&[
            ("class_id", class_id.to_string()),
            ("decision", "approve".to_owned()),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    drop(setup);
}

#[tokio::test]
async fn a_worker_enrols_and_signs_out_with_plain_forms() {
    let setup = setup().await;
    let (class_id, _) = approved_class(&setup, 10, vec![session_from_now(60, 60, "offline")]).await;
    let worker = setup.app.browser();
    let mut phone = Phone::new(&setup.app.origin);
    register_with_passkey(&worker, &mut phone, &id_number(8)).await;

    let page = format!("/classes/{class_id}");
    let response = post_form(
        &worker,
        &setup,
        "/sfn/enrol",
        &page,
        &[("class_id", class_id.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/my/classes");
    let (_, enrolments) = worker.get("/api/v1/me/enrolments").await;
    assert_eq!(enrolments.as_array().map(Vec::len), Some(1), "{enrolments}");

    let response = post_form(&worker, &setup, "/sfn/sign-out", "/account", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let (status, body) = worker.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "sign_in_required");
}

#[tokio::test]
async fn a_warning_is_cleared_with_a_plain_form_only_with_a_finding() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    let (worker, _) = crate::classes::enrolled_worker(&setup, class_id, 9).await;
    let (_, enrolments) = worker.get("/api/v1/me/enrolments").await;
    let enrolment_id = enrolments[0]["id"].as_i64().expect("an enrolment");
    let (status, added) = setup
        .institution
        .post(
            &format!("/api/v1/sessions/{}/attendance", sessions[0]),
            &serde_json::json!({ "enrolment_id": enrolment_id, "direction": "in", "action": "add", "reason": "手机没电，老师核对身份证" }),
        )
        .await;
    assert!(status.is_success(), "{added}");
    let (_, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    let warning_id = warnings[0]["id"]
        .as_i64()
        .expect("a staff-correction warning");

    let form = |reason: &str| {
        [
            ("warning_id", warning_id.to_string()),
            ("reason", reason.to_owned()),
        ]
    };
    let response = post_form(
        &setup.bureau,
        &setup,
        "/sfn/clear-warning",
        "/risk-warnings",
        &form(" "),
    )
    .await;
    assert_eq!(location(&response), "/risk-warnings");
    let (_, shown) = setup.bureau.page("/risk-warnings").await;
    assert!(
        shown.contains("data-flash=\"problem\""),
        "a finding is required: {shown}"
    );

    let response = post_form(
        &setup.bureau,
        &setup,
        "/sfn/clear-warning",
        "/risk-warnings",
        &form("已电话核实本人到课"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/risk-warnings");
    let (_, shown) = setup.bureau.page("/risk-warnings").await;
    assert!(shown.contains("预警已解除"), "{shown}");
    let (_, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    assert_eq!(
        warnings.as_array().map(Vec::len),
        Some(0),
        "no open warning is left: {warnings}"
    );
}

#[tokio::test]
async fn marking_messages_read_with_a_plain_form_returns_to_the_inbox() {
    let (setup, _, worker) = submitted_class_and_worker().await;
    let response = post_form(&worker, &setup, "/sfn/read-all-messages", "/inbox", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/inbox");
    let (status, shown) = worker.page("/inbox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown.contains("消息已全部标为已读。"), "{shown}");
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_and_changes_nothing() {
    let (setup, class_id, worker) = submitted_class_and_worker().await;
    let response = setup
        .bureau
        .client
        .post(format!("{}/sfn/decide-class", worker.address))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCEPT, "text/html")
        .form(&[
            ("class_id", class_id.to_string()),
            ("decision", "approve".to_owned()),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (_, class) = setup
        .bureau
        .get(&format!("/api/v1/classes/{class_id}"))
        .await;
    assert_eq!(class["status"], "submitted", "{class}");
}

#[tokio::test]
async fn the_bureau_verifies_a_declared_category_with_a_plain_form() {
    let (setup, _, _) = submitted_class_and_worker().await;
    let (_, declared) = setup.bureau.get("/api/v1/worker-categories").await;
    let id = declared[0]["id"]
        .as_i64()
        .expect("the worker's declared category");
    let form = [
        ("category_id", id.to_string()),
        ("decision", "verify".to_owned()),
        ("note", "对照县乡村振兴局名单核实".to_owned()),
    ];
    let page = "/worker-categories";
    let response = post_form(&setup.bureau, &setup, "/sfn/decide-category", page, &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(shown.contains("核实结论已记录。"), "{shown}");
    let (_, verified) = setup
        .bureau
        .get("/api/v1/worker-categories?status=verified")
        .await;
    assert_eq!(verified[0]["id"], id, "{verified}");
}

#[tokio::test]
async fn the_bureau_checks_a_certificate_with_a_plain_form() {
    use crate::subsidies::{ended_class, record_assessment};

    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(591, 3)]).await;
    let enrolment_id = trainees[0].enrolment_id;
    record_assessment(&setup, enrolment_id, true, 85).await;
    let page = "/subsidy-claims";
    let form = [
        ("enrolment_id", enrolment_id.to_string()),
        ("result", "verified".to_owned()),
    ];
    let response = post_form(
        &setup.bureau,
        &setup,
        "/sfn/verify-certificate",
        page,
        &form,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(shown.contains("证书核对结果已记录。"), "{shown}");
    let again = post_form(
        &setup.bureau,
        &setup,
        "/sfn/verify-certificate",
        page,
        &form,
    )
    .await;
    assert_eq!(location(&again), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(
        shown.contains("data-flash=\"problem\""),
        "a certificate is checked once: {shown}"
    );
}

#[tokio::test]
async fn the_bureau_disables_and_enables_a_clerk_with_plain_forms() {
    let setup = setup().await;
    let (_, me) = setup.institution.get("/api/v1/me").await;
    let clerk_id = me["account"]["id"]
        .as_str()
        .expect("the clerk's id")
        .to_owned();
    let page = "/staff/accounts";
    let status = |disable: bool| {
        [
            ("id", clerk_id.clone()),
            ("disable", disable.to_string()),
            ("reason", "离职交接".to_owned()),
        ]
    };
    let response = post_form(
        &setup.bureau,
        &setup,
        "/sfn/staff-status",
        page,
        &status(true),
    )
    .await;
    assert_eq!(location(&response), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(shown.contains("账号已停用"), "{shown}");
    let (code, _) = setup.institution.get("/api/v1/me").await;
    assert_eq!(code, StatusCode::UNAUTHORIZED, "its sessions ended");

    let response = post_form(
        &setup.bureau,
        &setup,
        "/sfn/staff-status",
        page,
        &status(false),
    )
    .await;
    assert_eq!(location(&response), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(shown.contains("账号已重新启用。"), "{shown}");
}

#[tokio::test]
async fn the_institution_records_an_assessment_with_a_plain_form_and_a_score_is_required() {
    use crate::subsidies::ended_class;

    let setup = setup().await;
    let (class_id, trainees) = ended_class(&setup, &[(592, 3)]).await;
    let enrolment_id = trainees[0].enrolment_id;
    let page = format!("/classes/{class_id}/completion");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let assessment = [
        ("enrolment_id", enrolment_id.to_string()),
        ("passed", "on".to_owned()),
        ("score", "88".to_owned()),
        ("certificate_number", format!("S3501{enrolment_id:08}")),
        ("certificate_level", setup.level.clone()),
        ("issued_on", today),
    ];
    let response = post_form(
        &setup.institution,
        &setup,
        "/sfn/record-assessment",
        &page,
        &assessment,
    )
    .await;
    assert_eq!(location(&response), page);
    let (_, shown) = setup.institution.page(&page).await;
    assert!(shown.contains("结业考核已保存。"), "{shown}");
    let (_, sheet) = setup
        .institution
        .get(&format!("/api/v1/classes/{class_id}/completion"))
        .await;
    assert_eq!(sheet["entries"][0]["score"], 88, "{sheet}");
    assert_eq!(sheet["entries"][0]["passed"], true, "{sheet}");

    let blank_score = [
        ("enrolment_id", enrolment_id.to_string()),
        ("score", String::new()),
        ("certificate_number", String::new()),
        ("certificate_level", String::new()),
        ("issued_on", String::new()),
    ];
    post_form(
        &setup.institution,
        &setup,
        "/sfn/record-assessment",
        &page,
        &blank_score,
    )
    .await;
    let (_, shown) = setup.institution.page(&page).await;
    assert!(
        shown.contains("data-flash=\"problem\""),
        "a score is required: {shown}"
    );
}

#[tokio::test]
async fn a_password_sign_in_works_as_a_plain_form_and_goes_on_to_the_page_asked_for() {
    let setup = setup().await;
    let (_, me) = setup.institution.get("/api/v1/me").await;
    let login = me["account"]["username"]
        .as_str()
        .expect("a user name")
        .to_owned();
    let browser = setup.app.browser();
    let sign_in = |password: &str, next: &str| {
        [
            ("login", login.clone()),
            ("password", password.to_owned()),
            ("next", next.to_owned()),
        ]
    };

    let page = "/sign-in?next=/classes";
    let wrong = sign_in("not-the-password", "/classes");
    let response = post_form(&browser, &setup, "/sfn/sign-in-with-password", page, &wrong).await;
    assert_eq!(location(&response), page, "back to the form");
    let (_, shown) = browser.page(page).await;
    assert!(shown.contains("data-flash=\"problem\""), "{shown}");

    let elsewhere = sign_in("staff-password-1", "//evil.example/");
    let response = post_form(
        &browser,
        &setup,
        "/sfn/sign-in-with-password",
        page,
        &elsewhere,
    )
    .await;
    assert_eq!(location(&response), "/account", "never to another site");

    let right = sign_in("staff-password-1", "/classes");
    let response = post_form(&browser, &setup, "/sfn/sign-in-with-password", page, &right).await;
    assert_eq!(location(&response), "/classes");
    let (status, _) = browser.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "signed in");
}

#[tokio::test]
async fn the_last_passkey_is_not_removed_by_a_plain_form_either() {
    let (setup, _, worker) = submitted_class_and_worker().await;
    let (_, me) = worker.get("/api/v1/me").await;
    let passkey = me["account"]["passkeys"][0]["id"]
        .as_str()
        .expect("the worker's passkey")
        .to_owned();
    let response = post_form(
        &worker,
        &setup,
        "/sfn/remove-passkey",
        "/account",
        &[("id", passkey)],
    )
    .await;
    assert_eq!(location(&response), "/account");
    let (_, shown) = worker.page("/account").await;
    assert!(shown.contains("data-flash=\"problem\""), "{shown}");
    let (_, me) = worker.get("/api/v1/me").await;
    assert_eq!(
        me["account"]["passkeys"].as_array().map(Vec::len),
        Some(1),
        "{me}"
    );
}

#[tokio::test]
async fn the_classroom_screen_calls_are_post_only_and_never_cached() {
    let setup = setup().await;
    let (_, sessions) = approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    let count = format!("/sfn/screen-count?session_id={}", sessions[0]);
    let (status, _) = setup.institution.get(&count).await;
    assert!(
        status.is_client_error(),
        "a link from another site cannot call it: {status}"
    );

    let response = setup
        .institution
        .client
        .post(format!("{}/sfn/screen-count", setup.institution.address))
        .header(header::ACCEPT, "application/json")
        .form(&[("session_id", sessions[0].to_string())])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
}
