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
pub async fn post_form(
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

/// Posts a `multipart/form-data` body (parts separated by `boundary`) as
/// the browser posts a file form from `page`, without JavaScript.
pub async fn post_multipart(
    browser: &Browser,
    setup: &Setup,
    action: &str,
    page: &str,
    boundary: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    browser
        .client
        .post(format!("{}{action}", browser.address))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("{}{page}", setup.app.origin))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("answered")
}

pub fn location(response: &reqwest::Response) -> &str {
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

/// The fields of one session row of the application form, at `index`.
fn session_row(index: usize, session: &serde_json::Value) -> Vec<(String, String)> {
    ["date", "start", "end", "mode"]
        .iter()
        .map(|field| {
            (
                format!("sessions[{index}][{field}]"),
                session[field].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_institution_applies_with_a_plain_form_and_blank_session_rows_are_no_sessions() {
    let setup = setup().await;
    let mut form: Vec<(String, String)> = [
        (
            "course_level",
            format!("{}:{}", setup.course_id, setup.level),
        ),
        ("training_type", "employment_skills".to_owned()),
        ("capacity", "20".to_owned()),
        ("teacher", "陈老师".to_owned()),
        ("venue", "福州市鼓楼区五四路 100 号".to_owned()),
        ("latitude", "26.0822".to_owned()),
        ("longitude", "119.2964".to_owned()),
        ("online_platform_id", String::new()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    form.extend(session_row(0, &session_from_now(24 * 60, 90, "offline")));
    form.extend(session_row(1, &serde_json::json!({ "mode": "offline" })));
    // Rows removed in the browser leave gaps in the numbers.
    form.extend(session_row(
        5,
        &session_from_now(2 * 24 * 60, 90, "offline"),
    ));
    let fields: Vec<(&str, String)> = form.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();

    let refused = post_form(
        &setup.institution,
        &setup,
        "/sfn/class-application",
        "/classes/new",
        &fields,
    )
    .await;
    assert_eq!(
        location(&refused),
        "/classes/new",
        "the commitment is required"
    );
    let (_, shown) = setup.institution.page("/classes/new").await;
    assert!(shown.contains("data-flash=\"problem\""), "{shown}");

    let mut committed = fields.clone();
    committed.push(("commitment", "on".to_owned()));
    let response = post_form(
        &setup.institution,
        &setup,
        "/sfn/class-application",
        "/classes/new",
        &committed,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = location(&response).to_owned();
    let id = page
        .strip_prefix("/classes/")
        .expect("the new class's page");
    let (_, class) = setup
        .institution
        .get(&format!("/api/v1/classes/{id}"))
        .await;
    assert_eq!(class["status"], "submitted", "{class}");
    assert_eq!(
        class["sessions"].as_array().map(Vec::len),
        Some(2),
        "{class}"
    );
    let (_, shown) = setup.institution.page(&page).await;
    assert!(shown.contains("开班申请已提交"), "{shown}");
}

#[tokio::test]
async fn a_worker_registers_with_a_password_as_a_plain_form_with_the_ticked_categories() {
    let setup = setup().await;
    let worker = setup.app.browser();
    let form = [
        ("real_name", "陈小红".to_owned()),
        ("id_number", id_number(321)),
        ("mobile", "13900139321".to_owned()),
        ("city", "350100".to_owned()),
        ("categories[]", "rural_transferred".to_owned()),
        ("categories[]", "poverty_alleviated".to_owned()),
        ("password", "a-long-password-1".to_owned()),
        // What the page's island found this phone can do.
        ("phone_capability", "device_key".to_owned()),
    ];
    let response = post_form(
        &worker,
        &setup,
        "/sfn/register-with-password",
        "/register",
        &form,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/account");
    let (_, me) = worker.get("/api/v1/me").await;
    assert_eq!(me["account"]["display_name"], "陈小红", "{me}");
    assert_eq!(me["assurance"], "password", "{me}");
    let (_, declared) = setup.bureau.get("/api/v1/worker-categories").await;
    assert_eq!(declared.as_array().map(Vec::len), Some(2), "{declared}");
    let (_, shown) = worker.page("/account").await;
    assert!(shown.contains("注册成功"), "{shown}");
    let (_, summary) = setup.bureau.get("/api/v1/assurance-summary").await;
    let device_key_phones = summary["workers"]
        .as_array()
        .expect("workers by phone class")
        .iter()
        .find(|group| group["capability"] == "device_key")
        .map(|group| group["count"].clone());
    assert_eq!(device_key_phones, Some(serde_json::json!(1)), "{summary}");
}

#[tokio::test]
async fn a_staff_account_made_with_a_plain_form_shows_its_code_once_and_only_there() {
    let setup = setup().await;
    let form = [
        ("role", "institution".to_owned()),
        ("display_name", "培训机构教务".to_owned()),
        ("username", "fz-clerk-form".to_owned()),
        ("city", "350100".to_owned()),
        ("institution_id", setup.institution_id.to_string()),
    ];
    let page = "/staff/accounts";
    let response = post_form(&setup.bureau, &setup, "/sfn/create-staff", page, &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("a cookie")
        .to_owned();
    let (_, shown) = setup.bureau.page(page).await;
    let code = shown
        .split("data-issued-code=\"\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("the code on the page: {shown}"));
    assert!(
        code.len() == 8 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    assert!(
        !cookie.contains(code),
        "the cookie does not show the code: {cookie}"
    );
    let (_, again) = setup.bureau.page(page).await;
    assert!(!again.contains(code), "shown once");

    let clerk = setup.app.browser();
    let (status, _) = clerk
        .post(
            "/api/v1/auth/code/password",
            &serde_json::json!({ "login": "fz-clerk-form", "code": code, "password": "clerk-password-1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the code enrols the clerk");
}

#[tokio::test]
async fn the_claim_review_as_a_plain_form_says_what_it_did_and_what_it_left() {
    use crate::subsidies::{ended_class, file_claim, record_assessment};

    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(331, 3), (332, 3)]).await;
    let mut claims = Vec::new();
    for trainee in &trainees {
        record_assessment(&setup, trainee.enrolment_id, true, 80).await;
        let (_, claim) = file_claim(&trainee.browser, trainee.enrolment_id).await;
        claims.push(claim["id"].as_i64().expect("a claim"));
    }
    let page = "/subsidy-claims";
    let mut form: Vec<(&str, String)> = claims
        .iter()
        .map(|id| ("claim_ids[]", id.to_string()))
        .collect();
    form.push(("action", "pay".to_owned()));
    form.push(("payment_reference", "FZ-2026-0001".to_owned()));
    let response = post_form(&setup.bureau, &setup, "/sfn/review-claims", page, &form).await;
    assert_eq!(location(&response), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(shown.contains("data-flash=\"report\""), "{shown}");
    assert!(
        shown.contains("已处理 0 份；未处理 2 份"),
        "nothing to pay yet: {shown}"
    );
    assert!(shown.contains(&format!("#{}", claims[0])), "{shown}");

    let none: Vec<(&str, String)> = vec![("action", "approve".to_owned())];
    post_form(&setup.bureau, &setup, "/sfn/review-claims", page, &none).await;
    let (_, shown) = setup.bureau.page(page).await;
    assert!(
        shown.contains("data-flash=\"problem\""),
        "no claim ticked: {shown}"
    );
}

#[tokio::test]
async fn the_headcount_and_a_roster_correction_are_plain_forms_and_a_correction_needs_a_reason() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    let (worker, _) = crate::classes::enrolled_worker(&setup, class_id, 341).await;
    drop(worker);
    let session = sessions[0];
    let page = format!("/sessions/{session}/roster");
    let form = [
        ("session_id", session.to_string()),
        ("headcount", "12".to_owned()),
    ];
    let response = post_form(&setup.institution, &setup, "/sfn/headcount", &page, &form).await;
    assert_eq!(location(&response), page);
    let (_, shown) = setup.institution.page(&page).await;
    assert!(shown.contains("实到人数已保存。"), "{shown}");
    assert!(shown.contains("data-headcount=\"\">12<"), "{shown}");

    let (_, roster) = setup
        .institution
        .get(&format!("/api/v1/sessions/{session}/roster"))
        .await;
    let enrolment = roster["entries"][0]["enrolment_id"].to_string();
    let correction = |reason: &str| {
        [
            ("session_id", session.to_string()),
            ("enrolment_id", enrolment.clone()),
            ("direction", "in".to_owned()),
            ("action", "add".to_owned()),
            ("reason", reason.to_owned()),
        ]
    };
    post_form(
        &setup.institution,
        &setup,
        "/sfn/correct-attendance",
        &page,
        &correction(" "),
    )
    .await;
    let (_, shown) = setup.institution.page(&page).await;
    assert!(
        shown.contains("data-flash=\"problem\""),
        "a reason is required: {shown}"
    );
    post_form(
        &setup.institution,
        &setup,
        "/sfn/correct-attendance",
        &page,
        &correction("手机没电，老师核实在场"),
    )
    .await;
    let (_, shown) = setup.institution.page(&page).await;
    assert!(shown.contains("已更正"), "{shown}");
    assert!(
        shown.contains("人工"),
        "the roster shows the staff mark: {shown}"
    );
}

#[tokio::test]
async fn the_bureau_imports_a_list_as_a_plain_file_form() {
    let (setup, _, _) = submitted_class_and_worker().await;
    let boundary = "skillpass-test-boundary";
    let list = format!("身份证号码,人员类别\n{},农村转移劳动力\n", id_number(7));
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n{list}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n县乡村振兴局名单\r\n--{boundary}--\r\n"
    );
    let page = "/worker-categories";
    let response = post_multipart(
        &setup.bureau,
        &setup,
        "/sfn/import-categories",
        page,
        boundary,
        body.into_bytes(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page);
    let (_, shown) = setup.bureau.page(page).await;
    assert!(shown.contains("data-flash=\"report\""), "{shown}");
    let (_, verified) = setup
        .bureau
        .get("/api/v1/worker-categories?status=verified")
        .await;
    assert_eq!(verified.as_array().map(Vec::len), Some(1), "{verified}");
}

#[tokio::test]
async fn a_body_larger_than_the_limit_is_refused_before_it_is_read() {
    let setup = setup().await;
    let worker = setup.app.browser();
    let huge = "x".repeat(100 * 1024);
    let response = post_form(
        &worker,
        &setup,
        "/sfn/sign-in-with-password",
        "/sign-in",
        &[("login", huge.clone()), ("password", "p".into())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = response.json().await.expect("a JSON error");
    assert_eq!(error_code(&body), "request_too_large");

    let (status, refused) = worker
        .post("/api/v1/classes", &serde_json::json!({ "teacher": huge }))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{refused}");
}
