//! Classes, enrolment, QR check-in, roster, hours and risk warnings.

use app::{
    domain::{Direction, ScanPurpose},
    server::check_in_codes,
};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    helpers::{error_code, spawn_app, Browser, TestApp},
    identity::{id_number, register_with_passkey, staff},
};

/// A published Fuzhou institution with a course it may train, its staff
/// and the city's bureau.
pub struct Setup {
    pub app: TestApp,
    pub institution: Browser,
    pub bureau: Browser,
    pub institution_id: i64,
    pub course_id: i64,
    pub level: String,
    /// An approved online platform of the city that classes choose.
    pub platform_id: i64,
    pub platform_key: String,
}

pub async fn setup() -> Setup {
    setup_on(spawn_app().await).await
}

/// [`setup`] on a server started with settings of its own.
pub async fn setup_on(app: TestApp) -> Setup {
    let (status, list) = app.get_json("/api/v1/institutions?city=350100").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mut found = None;
    for item in list["institutions"]["items"]
        .as_array()
        .expect("institutions")
    {
        let id = item["id"].as_i64().expect("id");
        let (_, detail) = app.get_json(&format!("/api/v1/institutions/{id}")).await;
        let course = detail["occupations"]
            .as_array()
            .expect("occupations")
            .iter()
            .find_map(|occupation| occupation["course_id"].as_i64());
        if let Some(course_id) = course {
            found = Some((id, course_id));
            break;
        }
    }
    let (institution_id, course_id) = found.expect("a Fuzhou institution teaching a course");
    let (_, course) = app.get_json(&format!("/api/v1/courses/{course_id}")).await;
    let level = course["subsidy"]["amounts"][0]["level"]
        .as_str()
        .expect("a subsidised level")
        .to_owned();
    let institution = staff(
        &app,
        "institution",
        "school1",
        "350100",
        Some(institution_id),
    )
    .await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (platform_id, platform_key) = approved_platform(&bureau, "福州职业技能在线").await;
    Setup {
        app,
        institution,
        bureau,
        institution_id,
        course_id,
        level,
        platform_id,
        platform_key,
    }
}

/// A platform the bureau approved: its id and API key.
pub async fn approved_platform(bureau: &Browser, name: &str) -> (i64, String) {
    let (status, platform) = bureau
        .post("/api/v1/online-platforms", &json!({ "name": name }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{platform}");
    let id = platform["id"].as_i64().expect("platform id");
    (
        id,
        platform["api_key"]
            .as_str()
            .expect("key shown once")
            .to_owned(),
    )
}

/// A platform's report of online minutes, with its key.
pub async fn report_study(
    app: &TestApp,
    key: &str,
    session_id: i64,
    sequence: u32,
    minutes: i64,
) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}/api/v1/online-study", app.address))
        .bearer_auth(key)
        .json(&json!({ "session_id": session_id, "id_number": id_number(sequence), "minutes": minutes }))
        .send()
        .await
        .expect("answered");
    crate::helpers::json_answer(reqwest::Method::POST, response).await
}

/// A session starting `from_now` minutes from now and lasting `minutes`,
/// as the form writes it (China time). A session a day or more ahead
/// starts that day at 08:00 plus the minutes beyond whole days, so that
/// it never runs past midnight whatever the time the suite runs at.
pub fn session_from_now(from_now: i64, minutes: i64, mode: &str) -> Value {
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let day = 24 * 60;
    let starts = if from_now >= day {
        let date = (Utc::now() + Duration::minutes(from_now))
            .with_timezone(&china)
            .date_naive();
        date.and_hms_opt(8, 0, 0)
            .expect("a time")
            .and_local_timezone(china)
            .single()
            .expect("unambiguous")
            + Duration::minutes(from_now % day)
    } else {
        (Utc::now() + Duration::minutes(from_now)).with_timezone(&china)
    };
    let same_day_end = starts
        .date_naive()
        .and_hms_opt(23, 59, 0)
        .expect("a time")
        .and_local_timezone(china)
        .single()
        .expect("unambiguous");
    let ends = (starts + Duration::minutes(minutes)).min(same_day_end);
    json!({
        "date": starts.format("%Y-%m-%d").to_string(),
        "start": starts.format("%H:%M").to_string(),
        "end": ends.format("%H:%M").to_string(),
        "mode": mode,
    })
}

/// How long a planned session is, from its `HH:MM` start and end.
pub fn planned_minutes(session: &Value) -> i64 {
    let minutes = |key: &str| {
        let text = session[key].as_str().expect("a time");
        let (hours, minutes) = text.split_once(':').expect("HH:MM");
        hours.parse::<i64>().expect("hours") * 60 + minutes.parse::<i64>().expect("minutes")
    };
    minutes("end") - minutes("start")
}

pub fn application(setup: &Setup, capacity: i64, sessions: Vec<Value>) -> Value {
    json!({
        "course_id": setup.course_id,
        "certificate_level": setup.level,
        "training_type": "employment_skills",
        "capacity": capacity,
        "teacher": "陈老师",
        "venue": "福州市鼓楼区五四路 100 号 3 楼",
        "latitude": 26.0822,
        "longitude": 119.2964,
        "sessions": sessions,
        "commitment": true,
        "online_platform_id": setup.platform_id,
    })
}

/// Applies and approves a class; returns its id and session ids.
pub async fn approved_class(setup: &Setup, capacity: i64, sessions: Vec<Value>) -> (i64, Vec<i64>) {
    let (status, class) = setup
        .institution
        .post("/api/v1/classes", &application(setup, capacity, sessions))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let class_id = class["id"].as_i64().expect("class id");
    let (status, decided) = setup
        .bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    let sessions = decided["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| s["id"].as_i64().expect("session id"))
        .collect();
    (class_id, sessions)
}

/// A registered worker enrolled in `class_id`, with their phone.
pub async fn enrolled_worker(setup: &Setup, class_id: i64, sequence: u32) -> (Browser, Phone) {
    let browser = setup.app.browser();
    let mut phone = Phone::new(&setup.app.origin);
    register_with_passkey(&browser, &mut phone, &id_number(sequence)).await;
    let (status, enrolment) = browser
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{enrolment}");
    (browser, phone)
}

/// The code the classroom screen shows now, as scanned from its URL.
pub async fn screen_code(setup: &Setup, session_id: i64, direction: &str) -> String {
    let (status, shown) = setup
        .institution
        .get(&format!(
            "/api/v1/sessions/{session_id}/code?direction={direction}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert!(shown["svg"].as_str().expect("svg").starts_with("<?xml"));
    let url = shown["url"].as_str().expect("url");
    url.rsplit('/').next().expect("a code").to_owned()
}

/// Scans `code` and confirms with the phone's passkey.
pub async fn check_in(
    browser: &Browser,
    phone: &mut Phone,
    code: &str,
    position: Option<Value>,
) -> (StatusCode, Value) {
    let (status, scan) = browser
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    if status != StatusCode::CREATED {
        return (status, scan);
    }
    let answer = phone.sign_in(&scan);
    let scan_id = scan["scan"].as_str().expect("scan id");
    browser
        .post(
            &format!("/api/v1/check-ins/{scan_id}/passkey"),
            &json!({ "credential": answer["credential"], "position": position }),
        )
        .await
}

#[tokio::test]
async fn an_institution_applies_and_the_bureau_approves_keeping_the_history() {
    let setup = setup().await;
    let sessions = vec![
        session_from_now(24 * 60, 180, "offline"),
        session_from_now(48 * 60, 60, "online"),
    ];
    let (status, class) = setup
        .institution
        .post("/api/v1/classes", &application(&setup, 30, sessions))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    assert_eq!(class["status"], "submitted");
    assert_eq!(class["online_minutes"], 60);
    let class_id = class["id"].as_i64().expect("id");

    let (status, _) = setup
        .app
        .get_json(&format!("/api/v1/classes/{class_id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not public before approval");

    let (status, decided) = setup
        .bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "approved");
    let actions: Vec<&str> = decided["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|event| event["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["submitted", "approved"]);

    let (status, again) = setup
        .bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "return", "reason": "太晚了" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&again), "already_decided");

    let (status, public) = setup.app.get_json("/api/v1/classes?city=350100").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public.as_array().expect("list").len(), 1);
    assert!(public[0].get("history").is_none());

    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=class.approved")
        .await;
    assert_eq!(trail.as_array().expect("records").len(), 1, "{trail}");
}

#[tokio::test]
async fn an_application_that_breaks_a_rule_is_refused_saying_which() {
    let setup = setup().await;
    let refuse = |body: Value| {
        let browser = &setup.institution;
        async move {
            let (status, error) = browser.post("/api/v1/classes", &body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
            (
                error["error"]["field"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                error["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        }
    };
    let too_much_online = application(
        &setup,
        30,
        vec![
            session_from_now(24 * 60, 60, "offline"),
            session_from_now(48 * 60, 60, "online"),
        ],
    );
    let (field, message) = refuse(too_much_online).await;
    assert_eq!(field, "sessions");
    assert!(message.contains("40%"), "{message}");

    let overlapping = application(
        &setup,
        30,
        vec![
            session_from_now(24 * 60, 120, "offline"),
            session_from_now(24 * 60 + 30, 60, "offline"),
        ],
    );
    let (_, message) = refuse(overlapping).await;
    assert!(message.contains("重叠"), "{message}");

    let past = application(&setup, 30, vec![session_from_now(-24 * 60, 60, "offline")]);
    let (_, message) = refuse(past).await;
    assert!(message.contains("已经过去"), "{message}");

    let (field, _) = refuse(application(
        &setup,
        0,
        vec![session_from_now(60, 60, "offline")],
    ))
    .await;
    assert_eq!(field, "capacity");

    let mut unpublished = application(&setup, 30, vec![session_from_now(60, 60, "offline")]);
    unpublished["course_id"] = json!(999_999);
    let (field, message) = refuse(unpublished).await;
    assert_eq!(field, "course_id");
    assert!(message.contains("目录"), "{message}");

    let mut unsigned = application(&setup, 30, vec![session_from_now(60, 60, "offline")]);
    unsigned["commitment"] = json!(false);
    let (field, _) = refuse(unsigned).await;
    assert_eq!(field, "commitment");
}

#[tokio::test]
async fn an_institution_may_open_only_classes_of_occupations_it_may_train() {
    let setup = setup().await;
    let (_, detail) = setup
        .app
        .get_json(&format!("/api/v1/institutions/{}", setup.institution_id))
        .await;
    let taught: Vec<i64> = detail["occupations"]
        .as_array()
        .expect("occupations")
        .iter()
        .filter_map(|o| o["course_id"].as_i64())
        .collect();
    let (_, courses) = setup
        .app
        .get_json("/api/v1/courses?city=350100&per_page=50")
        .await;
    let other = courses["courses"]["items"]
        .as_array()
        .expect("courses")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .find(|id| !taught.contains(id))
        .expect("a course this institution does not teach");
    let mut body = application(&setup, 30, vec![session_from_now(60, 60, "offline")]);
    body["course_id"] = json!(other);
    let (_, course) = setup
        .app
        .get_json(&format!("/api/v1/courses/{other}"))
        .await;
    body["certificate_level"] = course["subsidy"]["amounts"][0]["level"].clone();
    let (status, error) = setup.institution.post("/api/v1/classes", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["error"]["message"]
        .as_str()
        .expect("message")
        .contains("机构目录"));
}

#[tokio::test]
async fn a_returned_application_is_changed_and_submitted_again() {
    let setup = setup().await;
    let (_, class) = setup
        .institution
        .post(
            "/api/v1/classes",
            &application(&setup, 30, vec![session_from_now(24 * 60, 60, "offline")]),
        )
        .await;
    let class_id = class["id"].as_i64().expect("id");
    let (status, error) = setup
        .bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "return", "reason": " " }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a return needs a reason");
    assert_eq!(error["error"]["field"], "reason");
    let (status, returned) = setup
        .bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "return", "reason": "请补充实操课时" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(returned["decision_reason"], "请补充实操课时");

    let changed = application(
        &setup,
        40,
        vec![
            session_from_now(24 * 60, 60, "offline"),
            session_from_now(48 * 60, 120, "offline"),
        ],
    );
    let response = setup
        .institution
        .client
        .put(format!("{}/api/v1/classes/{class_id}", setup.app.address))
        .json(&changed)
        .send()
        .await
        .expect("answered");
    let (status, resubmitted) = crate::helpers::json_answer(reqwest::Method::PUT, response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resubmitted["status"], "submitted");
    assert_eq!(
        resubmitted["sessions"].as_array().expect("sessions").len(),
        2
    );
    let actions: Vec<&str> = resubmitted["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["submitted", "returned", "resubmitted"]);
}

#[tokio::test]
async fn only_the_citys_bureau_decides_and_only_institutions_apply() {
    let setup = setup().await;
    let (_, class) = setup
        .institution
        .post(
            "/api/v1/classes",
            &application(&setup, 30, vec![session_from_now(24 * 60, 60, "offline")]),
        )
        .await;
    let class_id = class["id"].as_i64().expect("id");
    let xiamen = staff(&setup.app, "bureau", "xiamen-bureau", "350200", None).await;
    let (status, _) = xiamen
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = setup
        .bureau
        .post(
            "/api/v1/classes",
            &application(&setup, 30, vec![session_from_now(60, 60, "offline")]),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = setup
        .app
        .browser()
        .post(
            "/api/v1/classes",
            &application(&setup, 30, vec![session_from_now(60, 60, "offline")]),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn workers_enrol_until_the_class_is_full_and_see_earlier_claims_first() {
    let setup = setup().await;
    let (class_id, _) =
        approved_class(&setup, 1, vec![session_from_now(24 * 60, 60, "offline")]).await;
    let (first, _) = enrolled_worker(&setup, class_id, 11).await;
    let (status, again) = first
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&again), "already_enrolled");

    let second = setup.app.browser();
    let mut phone = Phone::new(&setup.app.origin);
    let me = register_with_passkey(&second, &mut phone, &id_number(12)).await;
    let (status, notice) = second
        .get(&format!("/api/v1/classes/{class_id}/enrolment-notice"))
        .await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    assert_eq!(notice["subsidy_available"], true);

    let worker_id = me["account"]["id"].as_str().expect("user id").to_owned();
    record_earlier_claim(&setup.app, &worker_id, class_id).await;
    let (_, notice) = second
        .get(&format!("/api/v1/classes/{class_id}/enrolment-notice"))
        .await;
    assert_eq!(notice["subsidy_available"], false, "{notice}");
    assert_eq!(notice["prior_claims"].as_array().expect("claims").len(), 1);

    let (status, full) = second
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&full), "class_full");
}

/// An earlier subsidy claim for the class's occupation and level, as the
/// subsidy process will record it.
async fn record_earlier_claim(app: &TestApp, worker_id: &str, class_id: i64) {
    use app::server::db::Database;
    let sql = "INSERT INTO subsidy_claims (worker_id, occupation_key, occupation_name, certificate_level, status, created_at)
               SELECT $1, occupation_key, occupation_name, certificate_level, 'paid', $2 FROM training_classes WHERE id = $3";
    let now = Utc::now();
    match &app.db {
        Database::Sqlite { writer, .. } => sqlx::query(sql)
            .bind(worker_id)
            .bind(now)
            .bind(class_id)
            .execute(writer)
            .await
            .map(|_| ()),
        Database::Postgres { pool, .. } => sqlx::query(sql)
            .bind(worker_id)
            .bind(now)
            .bind(class_id)
            .execute(pool)
            .await
            .map(|_| ()),
    }
    .expect("claim recorded");
}

#[tokio::test]
async fn a_worker_checks_in_and_out_with_a_passkey_and_the_roster_and_hours_show_it() {
    let setup = setup().await;
    // Up to two hours, shorter when the suite runs near midnight China time.
    let planned = session_from_now(10, 120, "offline");
    let (class_id, sessions) = approved_class(&setup, 30, vec![planned.clone()]).await;
    let session_id = sessions[0];
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 21).await;

    let code = screen_code(&setup, session_id, "in").await;
    let (status, outcome) = check_in(&worker, &mut phone, &code, None).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["result"], "recorded");
    assert_eq!(outcome["assurance"], "passkey");

    let (status, repeat) = check_in(&worker, &mut phone, &code, None).await;
    assert_eq!(status, StatusCode::OK, "{repeat}");
    assert_eq!(repeat["result"], "duplicate");
    assert_eq!(repeat["at"], outcome["at"], "the first record stands");

    let (status, roster) = setup
        .institution
        .get(&format!("/api/v1/sessions/{session_id}/roster"))
        .await;
    assert_eq!(status, StatusCode::OK, "{roster}");
    assert_eq!(roster["checked_in"], 1);
    assert_eq!(roster["entries"][0]["check_in"]["assurance"], "passkey");
    assert!(roster["entries"][0]["id_number_masked"]
        .as_str()
        .expect("masked")
        .contains('*'));

    let out = screen_code(&setup, session_id, "out").await;
    let (status, outcome) = check_in(&worker, &mut phone, &out, None).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["direction"], "out");

    let (_, enrolments) = worker.get("/api/v1/me/enrolments").await;
    let enrolment_id = enrolments[0]["id"].as_i64().expect("enrolment");
    let (status, ledger) = worker
        .get(&format!("/api/v1/enrolments/{enrolment_id}/hours"))
        .await;
    assert_eq!(status, StatusCode::OK, "{ledger}");
    assert_eq!(ledger["scheduled_minutes"], planned_minutes(&planned));
    assert!(ledger["lines"][0]["check_in"].is_string());
    assert_eq!(
        ledger["attended_minutes"], 0,
        "checked out before the start"
    );

    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=attendance.check_in")
        .await;
    assert_eq!(trail.as_array().expect("records").len(), 1);
}

#[tokio::test]
async fn a_worker_who_is_not_signed_in_is_signed_in_by_the_check_in_itself() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let (_, mut phone) = enrolled_worker(&setup, class_id, 31).await;
    let fresh = setup.app.browser();
    let code = screen_code(&setup, sessions[0], "in").await;
    let (status, outcome) = check_in(&fresh, &mut phone, &code, None).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    let (status, me) = fresh.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
}

#[tokio::test]
async fn expired_tampered_foreign_and_untimely_scans_are_refused_clearly() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 41).await;
    let keys = &setup.app.state.security.keys;

    let old = check_in_codes::issue(
        keys,
        sessions[0],
        ScanPurpose::Mark(Direction::In),
        Utc::now() - Duration::seconds(30),
    );
    let (status, error) = check_in(&worker, &mut phone, &old, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(error_code(&error), "code_expired");
    assert!(error["error"]["message"]
        .as_str()
        .expect("message")
        .contains("重新扫描"));

    let code = screen_code(&setup, sessions[0], "in").await;
    let tampered = code.replacen("-i-", "-o-", 1);
    let (status, error) = check_in(&worker, &mut phone, &tampered, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&error), "code_invalid");

    let (later_class, later) = approved_class(
        &setup,
        30,
        vec![session_from_now(3 * 24 * 60, 60, "offline")],
    )
    .await;
    for direction in ["in", "out"] {
        let code = screen_code(&setup, later[0], direction).await;
        let (status, error) = check_in(&worker, &mut phone, &code, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{direction}: {error}");
        assert_eq!(error_code(&error), "outside_window");
    }

    let (other_class, other) =
        approved_class(&setup, 30, vec![session_from_now(12, 60, "offline")]).await;
    assert_ne!(later_class, other_class);
    let (status, error) = check_in(
        &worker,
        &mut phone,
        &screen_code(&setup, other[0], "in").await,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not enrolled there: {error}");
    assert_eq!(error_code(&error), "not_enrolled");
}

#[tokio::test]
async fn a_password_fallback_check_in_is_recorded_as_lower_assurance() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let worker = setup.app.browser();
    let (status, me) = worker
        .post(
            "/api/v1/auth/register/worker/password",
            &json!({
                "real_name": "李小红", "id_number": id_number(51), "mobile": "13900139000",
                "city": "350100", "categories": ["returning_migrant"], "password": "a-long-password",
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    let (status, _) = worker
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let code = screen_code(&setup, sessions[0], "in").await;
    let (_, scan) = worker
        .post("/api/v1/check-ins", &json!({ "code": code }))
        .await;
    let scan_id = scan["scan"].as_str().expect("scan");
    let (status, outcome) = worker
        .post(&format!("/api/v1/check-ins/{scan_id}/session"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["assurance"], "password");
}

#[tokio::test]
async fn suspicious_check_ins_raise_explained_warnings_for_the_citys_bureau() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let (other_class, other_sessions) =
        approved_class(&setup, 30, vec![session_from_now(15, 60, "offline")]).await;
    let session_id = sessions[0];
    let (first, mut first_phone) = enrolled_worker(&setup, class_id, 61).await;
    let (_second, mut second_phone) = enrolled_worker(&setup, class_id, 62).await;
    let (status, _) = first
        .post(
            &format!("/api/v1/classes/{other_class}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // One phone (the same device cookie) checks in both workers, far from
    // the venue; the check-in signs each of them in on that phone.
    let device = format!("sp_device={}", "ab".repeat(32));
    let (client, address) = (&setup.app.client, &setup.app.address);
    for phone in [&mut first_phone, &mut second_phone] {
        let code = screen_code(&setup, session_id, "in").await;
        let scanned = client
            .post(format!("{address}/api/v1/check-ins"))
            .header("cookie", &device)
            .json(&json!({ "code": code }))
            .send()
            .await
            .expect("answered");
        // The phone keeps the cookie that ties the scan to it.
        let scan_cookie = scanned
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .expect("a scan cookie")
            .to_owned();
        let (_, scan) = crate::helpers::json_answer(reqwest::Method::POST, scanned).await;
        let answer = phone.sign_in(&scan);
        let far_away = json!({ "latitude": 24.4798, "longitude": 118.0894, "accuracy_m": 30.0 });
        let scan_id = scan["scan"].as_str().expect("scan");
        let response = client
            .post(format!("{address}/api/v1/check-ins/{scan_id}/passkey"))
            .header("cookie", format!("{device}; {scan_cookie}"))
            .json(&json!({ "credential": answer["credential"], "position": far_away }))
            .send()
            .await
            .expect("answered");
        let (status, outcome) = crate::helpers::json_answer(reqwest::Method::POST, response).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(outcome["far_from_venue"], true);
    }
    // The first worker also checks in to an overlapping session elsewhere.
    let code = screen_code(&setup, other_sessions[0], "in").await;
    let (status, _) = check_in(&first, &mut first_phone, &code, None).await;
    assert_eq!(status, StatusCode::CREATED);
    // The teacher counts one person in the room.
    let response = setup
        .institution
        .client
        .put(format!(
            "{}/api/v1/sessions/{session_id}/headcount",
            setup.app.address
        ))
        .json(&json!({ "headcount": 1 }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);

    let (status, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    assert_eq!(status, StatusCode::OK, "{warnings}");
    let kinds: Vec<&str> = warnings
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["kind"].as_str().expect("kind"))
        .collect();
    for kind in [
        "shared_device",
        "far_from_venue",
        "over_headcount",
        "overlapping_sessions",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let headcount = warnings
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["kind"] == "over_headcount")
        .expect("headcount warning");
    assert!(headcount["explanation"]
        .as_str()
        .expect("text")
        .contains("实到人数只有 1 人"));

    let xiamen = staff(&setup.app, "bureau", "xiamen-bureau", "350200", None).await;
    let (_, none) = xiamen.get("/api/v1/risk-warnings").await;
    assert_eq!(none.as_array().expect("list").len(), 0);
    let (status, _) = first.get("/api/v1/risk-warnings").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let id = headcount["id"].as_i64().expect("id");
    let (status, cleared) = setup
        .bureau
        .post(
            &format!("/api/v1/risk-warnings/{id}/clear"),
            &json!({ "reason": "现场核查：两人均在场" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cleared}");
    assert_eq!(cleared["open"], false);
    let (status, _) = setup
        .bureau
        .post(
            &format!("/api/v1/risk-warnings/{id}/clear"),
            &json!({ "reason": "again" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn staff_corrections_need_a_reason_and_are_in_the_audit_trail() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let (worker, _) = enrolled_worker(&setup, class_id, 71).await;
    let (_, enrolments) = worker.get("/api/v1/me/enrolments").await;
    let enrolment_id = enrolments[0]["id"].as_i64().expect("enrolment");
    let path = format!("/api/v1/sessions/{}/attendance", sessions[0]);
    let (status, error) = setup
        .institution
        .post(
            &path,
            &json!({ "enrolment_id": enrolment_id, "direction": "in", "action": "add" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["field"], "reason");
    let (status, roster) = setup
        .institution
        .post(
            &path,
            &json!({ "enrolment_id": enrolment_id, "direction": "in", "action": "add", "reason": "手机没电，老师核对身份证" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{roster}");
    assert_eq!(roster["entries"][0]["check_in"]["assurance"], "staff");
    let (status, _) = worker.post(&path, &json!({ "enrolment_id": enrolment_id, "direction": "in", "action": "void", "reason": "x" })).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "workers do not correct rosters"
    );
    let (status, roster) = setup
        .institution
        .post(&path, &json!({ "enrolment_id": enrolment_id, "direction": "in", "action": "void", "reason": "登记错了人" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(roster["checked_in"], 0);
    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=attendance.correct_add")
        .await;
    let reason = trail[0]["reason"].as_str().expect("reason");
    assert!(reason.contains("手机没电"), "{reason}");
}

#[tokio::test]
async fn an_approved_platform_reports_online_study_into_the_hours_ledger() {
    let setup = setup().await;
    let (class_id, sessions) = approved_class(
        &setup,
        30,
        vec![
            session_from_now(24 * 60, 60, "online"),
            session_from_now(24 * 60 + 120, 180, "offline"),
        ],
    )
    .await;
    let (worker, _) = enrolled_worker(&setup, class_id, 81).await;
    let key = setup.platform_key.as_str();
    let (_, listed) = setup.bureau.get("/api/v1/online-platforms").await;
    assert!(listed[0].get("api_key").is_none());

    let report = json!({ "session_id": sessions[0], "id_number": id_number(81), "minutes": 45 });
    let post = |key: &str| {
        setup
            .app
            .client
            .post(format!("{}/api/v1/online-study", setup.app.address))
            .bearer_auth(key)
            .json(&report)
            .send()
    };
    assert_eq!(
        post("spk_wrong").await.expect("answered").status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(post(key).await.expect("answered").status(), StatusCode::OK);
    let offline = json!({ "session_id": sessions[1], "id_number": id_number(81), "minutes": 45 });
    let response = setup
        .app
        .client
        .post(format!("{}/api/v1/online-study", setup.app.address))
        .bearer_auth(key)
        .json(&offline)
        .send()
        .await
        .expect("answered");
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "only online sessions"
    );

    let (_, enrolments) = worker.get("/api/v1/me/enrolments").await;
    let enrolment_id = enrolments[0]["id"].as_i64().expect("enrolment");
    let (_, ledger) = worker
        .get(&format!("/api/v1/enrolments/{enrolment_id}/hours"))
        .await;
    assert_eq!(ledger["online_minutes"], 45, "{ledger}");
    assert_eq!(ledger["scheduled_minutes"], 240);
    let stranger = setup.app.browser();
    let mut phone = Phone::new(&setup.app.origin);
    register_with_passkey(&stranger, &mut phone, &id_number(82)).await;
    let (status, _) = stranger
        .get(&format!("/api/v1/enrolments/{enrolment_id}/hours"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
