//! Completion assessments, certificates, ratings and the subsidy claim
//! from filing to payment, rejection and recovery.
//!
//! A class ends only by waiting; these tests instead move the server's
//! injected clock past its end (`end_classes`), leaving every stored date
//! as the class recorded it.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    categories::verify_declared_categories,
    classes::{
        approved_class, check_in, enrolled_worker, screen_code, session_from_now, setup, Setup,
    },
    helpers::{error_code, Browser, TestApp},
    identity::{id_number, staff},
};

/// Moves the server's clock six days forward: classes whose sessions
/// were in the next three days have ended.
pub(crate) fn end_classes(app: &TestApp) {
    app.state.clock.advance(Duration::days(6));
}

/// A worker of a class, with their browser, phone and enrolment.
pub(crate) struct Trainee {
    pub(crate) browser: Browser,
    pub(crate) phone: Phone,
    pub(crate) enrolment_id: i64,
}

pub(crate) async fn enrol(setup: &Setup, class_id: i64, sequence: u32) -> Trainee {
    let (browser, phone) = enrolled_worker(setup, class_id, sequence).await;
    let (_, enrolments) = browser.get("/api/v1/me/enrolments").await;
    let enrolment_id = enrolments
        .as_array()
        .expect("enrolments")
        .iter()
        .find(|e| e["class_id"] == class_id)
        .and_then(|e| e["id"].as_i64())
        .expect("the new enrolment");
    Trainee {
        browser,
        phone,
        enrolment_id,
    }
}

/// The worker's own passkey check-in at the start and check-out at the
/// end of a session, as a class that ran records them. Sessions days
/// ahead cannot be scanned now, so the marks are written as the check-in
/// service writes them.
pub(crate) async fn attend(setup: &Setup, session_id: i64, enrolment_id: i64) {
    for direction in ["in", "out"] {
        passkey_mark(setup, session_id, enrolment_id, direction).await;
    }
}

/// One passkey check-in (at the start) or check-out (at the end).
pub(crate) async fn passkey_mark(
    setup: &Setup,
    session_id: i64,
    enrolment_id: i64,
    direction: &str,
) {
    on_db!(setup.app, pool => {
        sqlx::query(
            "INSERT INTO attendance (session_id, enrolment_id, worker_id, direction, at, assurance, reason, code_step)
             SELECT s.id, e.id, e.worker_id, $3,
                    CASE WHEN $3 = 'in' THEN s.starts_at ELSE s.ends_at END, 'passkey', '', 0
             FROM class_sessions s, enrolments e WHERE s.id = $1 AND e.id = $2",
        )
        .bind(session_id)
        .bind(enrolment_id)
        .bind(direction)
        .execute(pool)
        .await
        .map(|_| ())
    })
    .expect("a passkey mark");
}

/// The institution adds a check-in at the start and a check-out at the
/// end of a session itself (a staff correction, with its reason).
pub(crate) async fn attend_by_correction(setup: &Setup, session_id: i64, enrolment_id: i64) {
    for direction in ["in", "out"] {
        let (status, roster) = setup
            .institution
            .post(
                &format!("/api/v1/sessions/{session_id}/attendance"),
                &json!({ "enrolment_id": enrolment_id, "direction": direction, "action": "add", "reason": "纸质签到表补录" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{roster}");
    }
}

/// Three in-person sessions of two hours on three days.
pub(crate) fn three_days() -> Vec<Value> {
    (1..=3)
        .map(|day| session_from_now(day * 24 * 60, 120, "offline"))
        .collect()
}

/// An ended class of three sessions; each worker (by sequence) attended
/// the given number of sessions.
pub(crate) async fn ended_class(setup: &Setup, attended: &[(u32, usize)]) -> (i64, Vec<Trainee>) {
    let (class_id, trainees) = trained_class(setup, attended).await;
    end_classes(&setup.app);
    (class_id, trainees)
}

/// Like [`ended_class`], with the class not yet ended.
async fn trained_class(setup: &Setup, attended: &[(u32, usize)]) -> (i64, Vec<Trainee>) {
    let (class_id, sessions) = approved_class(setup, 30, three_days()).await;
    let mut trainees = Vec::new();
    for (sequence, count) in attended {
        let trainee = enrol(setup, class_id, *sequence).await;
        for session in sessions.iter().take(*count) {
            attend(setup, *session, trainee.enrolment_id).await;
        }
        trainees.push(trainee);
    }
    (class_id, trainees)
}

pub(crate) async fn record_assessment(
    setup: &Setup,
    enrolment_id: i64,
    passed: bool,
    score: i64,
) -> Value {
    let today = setup.app.state.clock.now().format("%Y-%m-%d").to_string();
    let (status, assessment) = setup
        .institution
        .put(
            &format!("/api/v1/enrolments/{enrolment_id}/assessment"),
            &json!({
                "passed": passed,
                "score": score,
                "certificate_number": format!("S3501{enrolment_id:08}"),
                "certificate_level": setup.level,
                "issued_on": today,
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{assessment}");
    assessment
}

pub(crate) async fn verify(setup: &Setup, enrolment_id: i64, result: &str) -> (StatusCode, Value) {
    setup
        .bureau
        .post(
            &format!("/api/v1/enrolments/{enrolment_id}/certificate-verification"),
            &json!({ "result": result, "reason": "证书编号在国家证书查询系统中查无此证" }),
        )
        .await
}

pub(crate) async fn file_claim(browser: &Browser, enrolment_id: i64) -> (StatusCode, Value) {
    browser
        .post(
            &format!("/api/v1/enrolments/{enrolment_id}/subsidy-claim"),
            &json!({}),
        )
        .await
}

pub(crate) async fn claim_of(browser: &Browser, claim_id: i64) -> Value {
    let (status, claim) = browser
        .get(&format!("/api/v1/subsidy-claims/{claim_id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{claim}");
    claim
}

pub(crate) async fn review(setup: &Setup, ids: &[i64], action: Value) -> Value {
    let mut body = action;
    body["claim_ids"] = json!(ids);
    let (status, outcome) = setup
        .bureau
        .post("/api/v1/subsidy-claims/review", &body)
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    outcome
}

/// Another reviewer of the city marks claims paid: the one who approved
/// them may not (separation of duties).
pub(crate) async fn pay(setup: &Setup, ids: &[i64], reference: &str) -> Value {
    let username = format!("pay{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let treasurer = staff(&setup.app, "bureau", &username, "350100", None).await;
    let body = json!({ "claim_ids": ids, "action": "pay", "payment_reference": reference });
    let (status, outcome) = treasurer.post("/api/v1/subsidy-claims/review", &body).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    outcome
}

pub(crate) fn check<'a>(claim: &'a Value, kind: &str) -> &'a Value {
    claim["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("check {kind} in {claim}"))
}

/// The subsidy the course's standard gives the test worker once the
/// bureau verified the poverty-alleviated category they declared: the
/// uplift where the course has one, and the living allowance of 30 yuan
/// per attended day.
pub(crate) async fn expected_total_fen(setup: &Setup, attended_days: i64) -> i64 {
    let (_, course) = setup
        .app
        .get_json(&format!("/api/v1/courses/{}", setup.course_id))
        .await;
    let amount = course["subsidy"]["amounts"]
        .as_array()
        .expect("amounts")
        .iter()
        .find(|a| a["level"] == setup.level.as_str())
        .and_then(|a| a["amount"].as_i64())
        .expect("the level's amount");
    let uplift = course["subsidy"]["uplifts"]
        .as_array()
        .expect("uplifts")
        .iter()
        .filter(|u| u["category"] == "poverty_alleviated")
        .filter_map(|u| u["percent"].as_i64())
        .max()
        .unwrap_or(0);
    (amount * (100 + uplift) + 50) / 100 + attended_days * 3_000
}

#[tokio::test]
async fn a_claim_goes_from_filing_through_checks_review_and_payment_to_recovery_with_every_step_recorded(
) {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(501, 3)]).await;
    let worker = &trainees[0];
    let enrolment = worker.enrolment_id;
    verify_declared_categories(&setup.bureau).await;

    let (status, claim) = file_claim(&worker.browser, enrolment).await;
    assert_eq!(status, StatusCode::CREATED, "{claim}");
    assert_eq!(claim["status"], "held", "no assessment yet: {claim}");
    assert_eq!(
        check(&claim, "attendance")["explanation"],
        "出勤率 100% ≥ 80%（出勤 6 / 应出勤 6 小时） ✓"
    );
    assert_eq!(check(&claim, "assessment")["outcome"], "pending");
    assert!(check(&claim, "assessment")["advice"]
        .as_str()
        .expect("advice")
        .contains("培训机构"));
    assert_eq!(
        claim["amount"]["total"],
        expected_total_fen(&setup, 3).await,
        "{claim}"
    );
    assert_eq!(claim["amount"]["living_days"], 3);
    let claim_id = claim["id"].as_i64().expect("id");

    let (status, again) = file_claim(&worker.browser, enrolment).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(error_code(&again), "claim_exists");

    record_assessment(&setup, enrolment, true, 88).await;
    assert_eq!(
        claim_of(&worker.browser, claim_id).await["status"],
        "held",
        "the certificate is not verified yet"
    );
    let (_, pending) = setup.bureau.get("/api/v1/certificates").await;
    assert_eq!(pending[0]["enrolment_id"], enrolment, "{pending}");
    let (status, verified) = verify(&setup, enrolment, "verified").await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    let claim = claim_of(&worker.browser, claim_id).await;
    assert_eq!(claim["status"], "checks_passed", "{claim}");

    let outcome = review(&setup, &[claim_id], json!({ "action": "approve" })).await;
    assert_eq!(
        outcome["skipped"][0]["status"], "checks_passed",
        "review must start first"
    );
    review(&setup, &[claim_id], json!({ "action": "start_review" })).await;
    review(&setup, &[claim_id], json!({ "action": "approve" })).await;
    let paid = pay(&setup, &[claim_id], "FJ20261124-0001").await;
    assert_eq!(paid["done"], json!([claim_id]));

    let (status, recovered) = setup
        .bureau
        .post(
            &format!("/api/v1/subsidy-claims/{claim_id}/recovery"),
            &json!({ "amount": "100", "reason": "重复领取生活费补贴" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{recovered}");
    assert_eq!(recovered["recovered"], 10_000);
    let steps: Vec<&str> = recovered["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["to_status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        steps,
        [
            "submitted",
            "held",
            "checks_passed",
            "under_review",
            "approved",
            "paid",
            "recovered"
        ]
    );
    assert!(
        recovered["events"][1]["actor"].is_null(),
        "the checks act alone"
    );
    assert_eq!(
        recovered["events"][1]["reason"],
        "未通过或待定：结业考核、证书核对"
    );
    assert_eq!(recovered["payment_reference"], "FJ20261124-0001");

    let (_, inbox) = worker.browser.get("/api/v1/me/notifications").await;
    assert_eq!(inbox["unread"], 7, "{inbox}");
    assert!(inbox["messages"][0]["title"]
        .as_str()
        .expect("title")
        .contains("已追回"));
    let (_, marked) = worker
        .browser
        .post("/api/v1/me/notifications/read-all", &json!({}))
        .await;
    assert_eq!(marked["marked"], 7);

    let (_, trail) = setup.bureau.get("/api/v1/audit?action=subsidy.paid").await;
    assert_eq!(trail[0]["target"], format!("claim:{claim_id}"), "{trail}");
}

#[tokio::test]
async fn the_worker_follows_the_claim_on_a_timeline_in_plain_words() {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(511, 3)]).await;
    let worker = &trainees[0];
    let (_, journeys) = worker.browser.get("/api/v1/me/subsidies").await;
    assert_eq!(journeys[0]["may_claim"], true, "{journeys}");
    assert!(journeys[0]["next_step"]
        .as_str()
        .expect("next step")
        .contains("申请补贴"));
    file_claim(&worker.browser, worker.enrolment_id).await;
    let (_, journeys) = worker.browser.get("/api/v1/me/subsidies").await;
    let journey = &journeys[0];
    assert_eq!(journey["may_claim"], false);
    assert_eq!(journey["claim"]["status"], "held");
    let titles: Vec<&str> = journey["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        &titles[..4],
        ["报名", "参加培训", "培训结束", "结业考核"],
        "{titles:?}"
    );
    let page = worker
        .browser
        .client
        .get(format!("{}/my/subsidies", setup.app.address))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .expect("answered");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("a page");
    assert!(html.contains("My training and subsidies"), "{html}");
    assert!(html.contains("Attendance 100% ≥ 80%"), "{html}");
    assert!(
        html.contains("Not passed or pending: Completion assessment"),
        "the checks' own reason in the reader's language: {html}"
    );
    let page = setup
        .app
        .client
        .get(format!("{}/my/subsidies", setup.app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(page.status(), StatusCode::UNAUTHORIZED, "signed out");
}

#[tokio::test]
async fn too_little_attendance_a_failed_assessment_and_an_earlier_claim_are_each_rejected_saying_why(
) {
    let setup = setup().await;
    let (_, trainees) = trained_class(&setup, &[(521, 1), (522, 3), (523, 3)]).await;
    // The third worker also trains for the same occupation and level in
    // another class, which ends at the same time.
    let (other_class, other_sessions) = approved_class(&setup, 30, three_days()).await;
    let (status, _) = trainees[2]
        .browser
        .post(
            &format!("/api/v1/classes/{other_class}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let second_enrolment = {
        let (_, list) = trainees[2].browser.get("/api/v1/me/enrolments").await;
        list.as_array()
            .expect("list")
            .iter()
            .find(|e| e["class_id"] == other_class)
            .and_then(|e| e["id"].as_i64())
            .expect("enrolment")
    };
    for session in &other_sessions {
        attend(&setup, *session, second_enrolment).await;
    }
    end_classes(&setup.app);

    let (status, low) = file_claim(&trainees[0].browser, trainees[0].enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{low}");
    assert_eq!(low["status"], "rejected");
    assert_eq!(check(&low, "attendance")["outcome"], "failed");
    assert!(check(&low, "attendance")["explanation"]
        .as_str()
        .expect("text")
        .starts_with("出勤率 33% < 80%"));

    record_assessment(&setup, trainees[1].enrolment_id, false, 41).await;
    let (_, failed) = file_claim(&trainees[1].browser, trainees[1].enrolment_id).await;
    assert_eq!(failed["status"], "rejected");
    assert_eq!(check(&failed, "assessment")["outcome"], "failed");

    // The third worker claims for the first class, then for the other.
    let (_, first) = file_claim(&trainees[2].browser, trainees[2].enrolment_id).await;
    assert_eq!(first["status"], "held", "{first}");
    let (status, duplicate) = file_claim(&trainees[2].browser, second_enrolment).await;
    assert_eq!(status, StatusCode::CREATED, "{duplicate}");
    assert_eq!(duplicate["status"], "rejected");
    assert_eq!(check(&duplicate, "no_earlier_claim")["outcome"], "failed");
}

#[tokio::test]
async fn online_hours_above_forty_percent_of_attended_hours_reject_the_claim() {
    let setup = setup().await;
    let sessions = vec![
        session_from_now(24 * 60, 60, "offline"),
        session_from_now(2 * 24 * 60, 60, "offline"),
        session_from_now(3 * 24 * 60, 60, "offline"),
        session_from_now(4 * 24 * 60, 120, "online"),
    ];
    let (class_id, ids) = approved_class(&setup, 30, sessions).await;
    let worker = enrol(&setup, class_id, 531).await;
    attend(&setup, ids[0], worker.enrolment_id).await;
    attend(&setup, ids[1], worker.enrolment_id).await;
    let response = setup
        .app
        .client
        .post(format!("{}/api/v1/online-study", setup.app.address))
        .bearer_auth(&setup.platform_key)
        .json(&json!({ "session_id": ids[3], "id_number": id_number(531), "minutes": 120 }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    end_classes(&setup.app);
    let (_, claim) = file_claim(&worker.browser, worker.enrolment_id).await;
    assert_eq!(
        check(&claim, "attendance")["outcome"],
        "passed",
        "240 of 300 minutes"
    );
    assert_eq!(
        check(&claim, "online_share")["outcome"],
        "failed",
        "{claim}"
    );
    assert_eq!(check(&claim, "online_share")["inputs"]["percent"], 50);
    assert_eq!(claim["status"], "rejected");
}

#[tokio::test]
async fn a_course_removed_from_the_catalogue_rejects_the_claim() {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(541, 3)]).await;
    on_db!(setup.app, pool => {
        sqlx::query(
            "UPDATE catalogues SET status = 'draft' WHERE id = (SELECT catalogue_id FROM courses WHERE id = $1)",
        )
        .bind(setup.course_id)
        .execute(pool)
        .await
        .map(|_| ())
    })
    .expect("catalogue withdrawn");
    let (_, claim) = file_claim(&trainees[0].browser, trainees[0].enrolment_id).await;
    assert_eq!(check(&claim, "class_in_catalogue")["outcome"], "failed");
    assert_eq!(claim["status"], "rejected");
}

#[tokio::test]
async fn an_open_risk_warning_holds_the_claim_until_a_reviewer_clears_it() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    let mut worker = enrol(&setup, class_id, 551).await;
    let code = screen_code(&setup, sessions[0], "in").await;
    let far_away = json!({ "latitude": 24.4798, "longitude": 118.0894, "accuracy_m": 20.0 });
    let (status, outcome) =
        check_in(&worker.browser, &mut worker.phone, &code, Some(far_away)).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    // The worker checks out at the end of the session, with the passkey.
    passkey_mark(&setup, sessions[0], worker.enrolment_id, "out").await;
    end_classes(&setup.app);
    record_assessment(&setup, worker.enrolment_id, true, 90).await;
    verify(&setup, worker.enrolment_id, "verified").await;

    let (_, claim) = file_claim(&worker.browser, worker.enrolment_id).await;
    assert_eq!(claim["status"], "held", "{claim}");
    assert_eq!(check(&claim, "no_open_warning")["outcome"], "pending");

    let (_, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    let warning = warnings[0]["id"].as_i64().expect("a warning");
    let (status, _) = setup
        .bureau
        .post(
            &format!("/api/v1/risk-warnings/{warning}/clear"),
            &json!({ "reason": "电话核实：学员当天在校区北门签到，定位漂移" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let claim = claim_of(&worker.browser, claim["id"].as_i64().expect("id")).await;
    assert_eq!(claim["status"], "checks_passed", "{claim}");
}

#[tokio::test]
async fn concurrent_claims_for_one_occupation_and_level_leave_exactly_one_standing() {
    let setup = setup().await;
    let mut classes = Vec::new();
    for _ in 0..4 {
        classes.push(approved_class(&setup, 30, three_days()).await);
    }
    let worker = enrol(&setup, classes[0].0, 561).await;
    let mut enrolments = vec![worker.enrolment_id];
    for (class_id, _) in &classes[1..] {
        let (status, enrolment) = worker
            .browser
            .post(
                &format!("/api/v1/classes/{class_id}/enrolments"),
                &json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{enrolment}");
        enrolments.push(enrolment["id"].as_i64().expect("id"));
    }
    for ((_, sessions), enrolment) in classes.iter().zip(&enrolments) {
        for session in sessions {
            attend(&setup, *session, *enrolment).await;
        }
    }
    end_classes(&setup.app);
    let browser = &worker.browser;
    let answers = tokio::join!(
        file_claim(browser, enrolments[0]),
        file_claim(browser, enrolments[1]),
        file_claim(browser, enrolments[2]),
        file_claim(browser, enrolments[3]),
    );
    let answers = [answers.0, answers.1, answers.2, answers.3];
    for (status, body) in &answers {
        assert!(
            *status == StatusCode::CREATED || *status == StatusCode::CONFLICT,
            "{status}: {body}"
        );
    }
    let live: i64 = on_db!(setup.app, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM subsidy_claims WHERE status <> 'rejected'")
            .fetch_one(pool)
            .await
    })
    .expect("count");
    assert_eq!(live, 1, "{answers:?}");

    // The database itself refuses a second live claim, whatever the code.
    let second = on_db!(setup.app, pool => {
        sqlx::query(
            "INSERT INTO subsidy_claims (worker_id, enrolment_id, occupation_key, occupation_name,
                 certificate_level, status, created_at)
             SELECT worker_id, $1, occupation_key, occupation_name, certificate_level, 'submitted', created_at
             FROM subsidy_claims WHERE status <> 'rejected'",
        )
        .bind(enrolments[3])
        .execute(pool)
        .await
        .map(|_| ())
    });
    assert!(second.is_err(), "the unique index must refuse it");
}

#[tokio::test]
async fn a_certificate_found_invalid_rejects_unpaid_claims_and_recovers_paid_ones() {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(571, 3), (572, 3)]).await;
    let mut claim_ids = Vec::new();
    for trainee in &trainees {
        record_assessment(&setup, trainee.enrolment_id, true, 80).await;
        verify(&setup, trainee.enrolment_id, "verified").await;
        let (_, claim) = file_claim(&trainee.browser, trainee.enrolment_id).await;
        claim_ids.push(claim["id"].as_i64().expect("id"));
    }
    review(&setup, &claim_ids, json!({ "action": "start_review" })).await;
    review(&setup, &claim_ids, json!({ "action": "approve" })).await;
    pay(&setup, &claim_ids[..1], "FJ-7").await;

    for trainee in &trainees {
        let (status, found) = verify(&setup, trainee.enrolment_id, "invalid").await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["certificate_status"], "invalid");
    }
    let paid = claim_of(&setup.bureau, claim_ids[0]).await;
    assert_eq!(paid["status"], "recovered");
    assert_eq!(paid["recovered"], paid["amount"]["total"]);
    assert!(paid["events"]
        .as_array()
        .expect("events")
        .last()
        .and_then(|e| e["reason"].as_str())
        .expect("reason")
        .contains("证书核对无效"));
    let approved = claim_of(&setup.bureau, claim_ids[1]).await;
    assert_eq!(approved["status"], "rejected");
    let (status, again) = verify(&setup, trainees[0].enrolment_id, "verified").await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
}

#[tokio::test]
async fn claims_and_reviews_are_refused_outside_their_scope_and_before_the_class_ends() {
    let setup = setup().await;
    let (class_id, _) = approved_class(&setup, 30, three_days()).await;
    let early = enrol(&setup, class_id, 581).await;
    let (status, refused) = file_claim(&early.browser, early.enrolment_id).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&refused), "class_not_finished");

    let (_, trainees) = ended_class(&setup, &[(582, 3)]).await;
    let worker = &trainees[0];
    let (status, _) = file_claim(&early.browser, worker.enrolment_id).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another worker's enrolment");
    let (status, invalid) = worker
        .browser
        .post(
            &format!("/api/v1/enrolments/{}/subsidy-claim", worker.enrolment_id),
            &json!({ "payee": "employer" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid["error"]["field"], "payee_name");

    let (status, claim) = setup
        .institution
        .post(
            &format!("/api/v1/enrolments/{}/subsidy-claim", worker.enrolment_id),
            &json!({ "payee": "institution" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "filed on the worker's behalf: {claim}"
    );
    assert_eq!(claim["payee"], "institution");
    let claim_id = claim["id"].as_i64().expect("id");
    let (status, _) = early
        .browser
        .get(&format!("/api/v1/subsidy-claims/{claim_id}"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let xiamen = staff(&setup.app, "bureau", "xiamen-bureau", "350200", None).await;
    let (status, _) = xiamen
        .post(
            "/api/v1/subsidy-claims/review",
            &json!({ "claim_ids": [claim_id], "action": "start_review" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, empty) = setup
        .bureau
        .post(
            "/api/v1/subsidy-claims/review",
            &json!({ "claim_ids": [], "action": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(empty["error"]["field"], "claim_ids");
    let (status, _) = setup
        .bureau
        .post(
            "/api/v1/subsidy-claims/review",
            &json!({ "claim_ids": [claim_id], "action": "reject" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a rejection needs its reason"
    );
    let (status, too_much) = setup
        .bureau
        .post(
            &format!("/api/v1/subsidy-claims/{claim_id}/recovery"),
            &json!({ "amount": "999999", "reason": "测试" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{too_much}");
}

#[tokio::test]
async fn only_the_institution_is_offered_the_assessment_and_claim_forms_on_the_completion_sheet() {
    let setup = setup().await;
    let (class_id, _) = ended_class(&setup, &[(591, 3)]).await;
    let path = format!("/api/v1/classes/{class_id}/completion");
    let (status, own) = setup.institution.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["may_record"], true);
    let (status, supervised) = setup.bureau.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{supervised}");
    assert_eq!(supervised["may_record"], false);

    let page = format!("/classes/{class_id}/completion");
    let (status, clerk_sees) = setup.institution.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(clerk_sees.contains("录入结业考核"), "{clerk_sees}");
    assert!(clerk_sees.contains("代学员申请补贴"), "{clerk_sees}");
    let (status, reviewer_sees) = setup.bureau.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(reviewer_sees.contains("结业考核与补贴"), "{reviewer_sees}");
    assert!(!reviewer_sees.contains("录入结业考核"), "{reviewer_sees}");
    assert!(!reviewer_sees.contains("代学员申请补贴"), "{reviewer_sees}");
}

#[tokio::test]
async fn the_recovery_form_is_offered_to_the_city_bureau_once_the_claim_is_paid() {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(601, 3)]).await;
    let worker = &trainees[0];
    record_assessment(&setup, worker.enrolment_id, true, 90).await;
    verify(&setup, worker.enrolment_id, "verified").await;
    let (status, claim) = file_claim(&worker.browser, worker.enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{claim}");
    let claim_id = claim["id"].as_i64().expect("id");
    let page = format!("/subsidy-claims/{claim_id}");
    let offered = |html: &str| html.contains("登记追回");

    review(&setup, &[claim_id], json!({ "action": "start_review" })).await;
    review(&setup, &[claim_id], json!({ "action": "approve" })).await;
    let (status, approved) = setup.bureau.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!offered(&approved), "not paid yet: {approved}");

    pay(&setup, &[claim_id], "FJ20261124-0601").await;
    let (_, paid) = setup.bureau.page(&page).await;
    assert!(offered(&paid), "{paid}");
    let province = staff(&setup.app, "province", "fj-province", "", None).await;
    let (status, overseen) = province.page(&page).await;
    assert_eq!(status, StatusCode::OK, "the province reads every claim");
    assert!(!offered(&overseen), "recoveries are the city's: {overseen}");
}

#[tokio::test]
async fn the_institution_files_for_every_worker_who_passed_in_one_step() {
    let setup = setup().await;
    let (running, _) = approved_class(&setup, 30, three_days()).await;
    let running_path = format!("/api/v1/classes/{running}/subsidy-claims");
    let (status, early) = setup.institution.post(&running_path, &json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&early), "class_not_finished");

    let (class_id, trainees) = ended_class(&setup, &[(621, 3), (622, 3), (623, 3)]).await;
    let [filed_herself, passed, failed] = [&trainees[0], &trainees[1], &trainees[2]];
    for (trainee, pass) in [(filed_herself, true), (passed, true), (failed, false)] {
        record_assessment(
            &setup,
            trainee.enrolment_id,
            pass,
            if pass { 85 } else { 40 },
        )
        .await;
    }
    let (status, own) = file_claim(&filed_herself.browser, filed_herself.enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    let (_, sheet) = setup
        .institution
        .get(&format!("/api/v1/classes/{class_id}/completion"))
        .await;
    assert_eq!(sheet["awaiting_claims"], 1, "{sheet}");
    let page = format!("/classes/{class_id}/completion");
    let offer = "为考核合格的 1 名学员申请补贴";
    assert!(setup.institution.page(&page).await.1.contains(offer));
    assert!(!setup.bureau.page(&page).await.1.contains(offer));

    let path = format!("/api/v1/classes/{class_id}/subsidy-claims");
    let body = json!({ "payee": "institution" });
    let (status, _) = setup.bureau.post(&path, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the bureau does not file");
    let (status, _) = passed.browser.post(&path, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a worker files only her own");

    let (status, filing) = setup.institution.post(&path, &body).await;
    assert_eq!(status, StatusCode::OK, "{filing}");
    assert_eq!(filing["skipped"], json!([]), "{filing}");
    let done = filing["done"].as_array().expect("done");
    assert_eq!(
        done.len(),
        1,
        "only the worker who passed and had not filed"
    );
    let claim = claim_of(&setup.institution, done[0].as_i64().expect("id")).await;
    assert_eq!(claim["enrolment_id"], passed.enrolment_id);
    assert_eq!(claim["payee"], "institution");
    assert_eq!(claim["events"][0]["reason"], "培训机构代为申请");
    let (_, own_again) = file_claim(&failed.browser, failed.enrolment_id).await;
    assert_eq!(
        own_again["status"], "rejected",
        "filed one by one, and checked"
    );

    let (status, again) = setup.institution.post(&path, &body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["done"], json!([]), "nothing is filed twice: {again}");
    assert!(!setup.institution.page(&page).await.1.contains(offer));
}

#[tokio::test]
async fn workers_who_attended_enough_rate_once_the_institution_replies_once_and_the_bureau_hides_abuse(
) {
    let setup = setup().await;
    let (class_id, trainees) = ended_class(
        &setup,
        &[(601, 1), (602, 2), (603, 2), (604, 3), (605, 3), (606, 3)],
    )
    .await;
    let rating = |teaching: i64, comment: &str| json!({ "teaching": teaching, "facilities": 4, "usefulness": 4, "comment": comment });
    let path = |t: &Trainee| format!("/api/v1/enrolments/{}/rating", t.enrolment_id);
    let (status, refused) = trainees[0]
        .browser
        .put(&path(&trainees[0]), &rating(5, ""))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "one of three sessions: {refused}"
    );
    assert_eq!(error_code(&refused), "too_few_sessions");
    let (status, bad) = trainees[1]
        .browser
        .put(&path(&trainees[1]), &rating(6, ""))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(bad["error"]["field"], "teaching");

    let (status, given) = trainees[1]
        .browser
        .put(&path(&trainees[1]), &rating(2, "老师经常迟到，骗子机构"))
        .await;
    assert_eq!(status, StatusCode::OK, "{given}");
    let (status, changed) = trainees[1]
        .browser
        .put(&path(&trainees[1]), &rating(3, "老师经常迟到"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(changed["teaching"], 3, "changed within 7 days");
    let rating_id = changed["id"].as_i64().expect("id");

    let (_, public) = setup
        .app
        .get_json(&format!("/api/v1/classes/{class_id}/ratings"))
        .await;
    assert_eq!(public["summary"]["count"], 1);
    assert!(
        public["summary"]["average_tenths"].is_null(),
        "fewer than 5"
    );

    let (status, replied) = setup
        .institution
        .post(
            &format!("/api/v1/ratings/{rating_id}/reply"),
            &json!({ "reply": "已调整排课，感谢反馈" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{replied}");
    let (status, twice) = setup
        .institution
        .post(
            &format!("/api/v1/ratings/{rating_id}/reply"),
            &json!({ "reply": "再次回复" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&twice), "already_replied");

    let (status, hidden) = setup
        .bureau
        .post(
            &format!("/api/v1/ratings/{rating_id}/hide"),
            &json!({ "reason": "含人身攻击" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{hidden}");
    let (_, public) = setup
        .app
        .get_json(&format!("/api/v1/classes/{class_id}/ratings"))
        .await;
    assert_eq!(public["ratings"][0]["hidden"], true);
    assert_eq!(
        public["ratings"][0]["comment"], "",
        "hidden from the public"
    );
    let (_, trail) = setup.bureau.get("/api/v1/audit?action=rating.hide").await;
    assert_eq!(trail[0]["reason"], "含人身攻击", "{trail}");

    for trainee in &trainees[2..] {
        let (status, _) = trainee
            .browser
            .put(&path(trainee), &rating(5, "很好"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, institution) = setup
        .app
        .get_json(&format!("/api/v1/institutions/{}", setup.institution_id))
        .await;
    // 3+4+4 and four times 5+4+4: 11 + 52 = 63 points over 15 scores = 4.2.
    assert_eq!(institution["rating"]["count"], 5, "{institution}");
    assert_eq!(institution["rating"]["average_tenths"], 42);

    // A rating may be changed for seven days.
    setup
        .app
        .state
        .clock
        .advance(Duration::days(7) + Duration::hours(1));
    let (status, locked) = trainees[1]
        .browser
        .put(&path(&trainees[1]), &rating(1, ""))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&locked), "rating_locked");
}

#[tokio::test]
async fn a_stored_code_this_build_does_not_know_answers_500_with_the_generic_message() {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(545, 3)]).await;
    let worker = &trainees[0].browser;
    let (_, claim) = file_claim(worker, trainees[0].enrolment_id).await;
    let claim_id = claim["id"].as_i64().expect("a claim id");
    on_db!(setup.app, pool => {
        sqlx::query("UPDATE subsidy_claims SET payee = 'carrier_pigeon' WHERE id = $1")
            .bind(claim_id)
            .execute(pool)
            .await
            .map(|_| ())
    })
    .expect("a corrupted payee");
    let (status, body) = worker
        .get(&format!("/api/v1/subsidy-claims/{claim_id}"))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_code(&body), "internal");
    assert!(
        !body.to_string().contains("carrier_pigeon"),
        "the stored value stays on the server: {body}"
    );
}
