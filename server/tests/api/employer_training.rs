//! Employer-run training with the subsidy paid to the employer (直补企业):
//! a verified employer applies for a class for its own employees, shows
//! the check-in code, records the assessments, declares when each
//! trainee was employed and files the claims, paid to itself; the bureau
//! reviews and pays them as any other. A trainee employed after the class
//! started, or never declared, is a risk warning that holds the claim.
//! The worker files no such claim; another employer sees none of it.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    classes::{check_in, screen_code, session_from_now, Setup},
    helpers::{error_code, spawn_app, Browser, TestApp},
    identity::staff,
    orders::{
        catalogue, registered_employer, verified_employer, verify_employer, Catalogue, HAIXIA_CODE,
        MINJIANG_CODE,
    },
    subsidies::{
        attend, claim_of, end_classes, enrol, file_claim, passkey_mark, pay, record_assessment,
        review, three_days, verify,
    },
};

const COMPANY: &str = "福州闽江电子有限公司";

/// An application for pre-job training of the employer's own staff.
fn own_training(catalogue: &Catalogue, sessions: Vec<Value>) -> Value {
    json!({
        "course_id": catalogue.course_id,
        "certificate_level": catalogue.level,
        "training_type": "pre_job",
        "capacity": 20,
        "teacher": "企业内训师 王工",
        "venue": "福州市马尾区江滨东大道 100 号培训室",
        "latitude": 26.0,
        "longitude": 119.44,
        "sessions": sessions,
        "commitment": true,
    })
}

/// The classes suite's setup with the employer's clerk where the
/// institution's would be, so its helpers (enrol, attend, assess) apply.
fn run_by_employer(app: TestApp, hr: Browser, bureau: Browser, catalogue: &Catalogue) -> Setup {
    Setup {
        app,
        institution: hr,
        bureau,
        // The class is the employer's: no institution, no platform.
        institution_id: 0,
        course_id: catalogue.course_id,
        level: catalogue.level.clone(),
        platform_id: 0,
        platform_key: String::new(),
    }
}

async fn declare(setup: &Setup, enrolment_id: i64, since: &str) -> (StatusCode, Value) {
    setup
        .institution
        .put(
            &format!("/api/v1/enrolments/{enrolment_id}/employment"),
            &json!({ "employed_since": since }),
        )
        .await
}

fn open_not_employee_warnings(warnings: &Value) -> Vec<i64> {
    let mut enrolments: Vec<i64> = warnings
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["kind"] == "not_employee" && w["open"] == true)
        .filter_map(|w| w["enrolment_id"].as_i64())
        .collect();
    enrolments.sort_unstable();
    enrolments
}

#[tokio::test]
async fn an_employer_trains_its_own_employees_files_their_claims_and_is_paid_directly() {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;

    let (other_hr, other_id) =
        registered_employer(&app, "福州海峡物流有限公司", HAIXIA_CODE, "haixia-hr").await;
    let (status, body) = other_hr
        .post("/api/v1/classes", &own_training(&catalogue, three_days()))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "employer_not_verified");

    let (hr, employer_id) = registered_employer(&app, COMPANY, MINJIANG_CODE, "minjiang-hr").await;
    for id in [employer_id, other_id] {
        verify_employer(&bureau, id).await;
    }
    let mut general = own_training(&catalogue, three_days());
    general["training_type"] = json!("employment_skills");
    let (status, body) = hr.post("/api/v1/classes", &general).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "not its own staff's training: {body}"
    );
    assert!(body["error"]["message"]
        .as_str()
        .expect("message")
        .contains("岗前培训"));

    let mut sessions = vec![session_from_now(10, 60, "offline")];
    sessions.extend(three_days());
    let (status, class) = hr
        .post("/api/v1/classes", &own_training(&catalogue, sessions))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    assert_eq!(class["employer_id"], employer_id);
    assert!(class["institution_id"].is_null());
    assert_eq!(class["institution_name"], COMPANY);
    let class_id = class["id"].as_i64().expect("class id");
    let commitment: String = on_db!(app, pool => {
        sqlx::query_scalar("SELECT commitment FROM training_classes WHERE id = $1")
            .bind(class_id)
            .fetch_one(pool)
            .await
    })
    .expect("the class's commitment");
    assert!(
        commitment.starts_with("本单位承诺") && commitment.contains("本单位职工"),
        "the employer commits that its trainees are its employees: {commitment}"
    );
    let (status, form) = hr.page("/classes/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("学员均为本单位职工"),
        "and reads it on the form"
    );
    let (status, approved) = bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    let session_ids: Vec<i64> = approved["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| s["id"].as_i64().expect("id"))
        .collect();
    let (_, listed) = hr.get("/api/v1/classes").await;
    assert_eq!(
        listed[0]["id"], class_id,
        "the employer lists its own class"
    );
    let (_, others) = other_hr.get("/api/v1/classes").await;
    assert_eq!(others, json!([]), "and another employer none of them");
    let (_, public) = app.get_json("/api/v1/classes?city=350100").await;
    assert!(
        public
            .as_array()
            .expect("classes")
            .iter()
            .all(|class| class["id"] != class_id),
        "its own staff's training is not offered to the public: {public}"
    );

    let setup = run_by_employer(app, hr, bureau, &catalogue);
    let mut employee = enrol(&setup, class_id, 81).await;
    let newcomer = enrol(&setup, class_id, 82).await;
    let undeclared = enrol(&setup, class_id, 83).await;

    // The employer shows the code like an institution; the worker
    // confirms with a passkey. Another employer may not show it.
    let code = screen_code(&setup, session_ids[0], "in").await;
    let (status, outcome) = check_in(&employee.browser, &mut employee.phone, &code, None).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    let (status, _) = other_hr
        .get(&format!(
            "/api/v1/sessions/{}/code?direction=in",
            session_ids[0]
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    passkey_mark(&setup, session_ids[0], employee.enrolment_id, "out").await;
    for session in &session_ids[1..] {
        attend(&setup, *session, employee.enrolment_id).await;
    }
    for trainee in [&newcomer, &undeclared] {
        for session in &session_ids {
            attend(&setup, *session, trainee.enrolment_id).await;
        }
    }

    let (status, declared) = declare(&setup, employee.enrolment_id, "2025-03-01").await;
    assert_eq!(status, StatusCode::OK, "{declared}");
    assert_eq!(declared["employed_since"], "2025-03-01");
    let (status, body) = declare(&setup, newcomer.enrolment_id, "2099-01-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a future start: {body}");
    let (status, _) = employee
        .browser
        .put(
            &format!("/api/v1/enrolments/{}/employment", employee.enrolment_id),
            &json!({ "employed_since": "2025-03-01" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the employer declares");
    let (status, _) = other_hr
        .get(&format!("/api/v1/classes/{class_id}/employment"))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "nor reads another's trainees"
    );

    end_classes(&setup.app);
    // The first session started ten minutes after the class was applied
    // for; the day after it, in China (the rule's days are China's).
    let first_session = setup.app.state.clock.now() - Duration::days(6) + Duration::minutes(10);
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("China's offset");
    let day_after = (first_session + Duration::days(1))
        .with_timezone(&china)
        .format("%Y-%m-%d")
        .to_string();
    let (status, _) = declare(&setup, newcomer.enrolment_id, &day_after).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "declared, though employed after the start"
    );
    let (_, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    assert_eq!(
        open_not_employee_warnings(&warnings),
        [newcomer.enrolment_id],
        "{warnings}"
    );
    let (status, listed) = setup
        .institution
        .get(&format!("/api/v1/classes/{class_id}/employment"))
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed.as_array().map(Vec::len), Some(3));
    assert!(
        listed[0]["id_number_masked"]
            .as_str()
            .expect("masked")
            .contains('*'),
        "the employer sees masked ID numbers only: {listed}"
    );

    for trainee in [&employee, &newcomer, &undeclared] {
        record_assessment(&setup, trainee.enrolment_id, true, 86).await;
        let (status, verified) = verify(&setup, trainee.enrolment_id, "verified").await;
        assert_eq!(status, StatusCode::OK, "{verified}");
    }
    let (status, body) = file_claim(&employee.browser, employee.enrolment_id).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the employer files: {body}");
    let (_, journeys) = employee.browser.get("/api/v1/me/subsidies").await;
    assert_eq!(journeys[0]["may_claim"], false, "{journeys}");
    assert_eq!(journeys[0]["may_rate"], false, "{journeys}");
    assert!(
        journeys[0]["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|step| step["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("由单位申领")),
        "the timeline says the employer claims: {journeys}"
    );

    let (status, filing) = setup
        .institution
        .post(
            &format!("/api/v1/classes/{class_id}/subsidy-claims"),
            &json!({ "payee": "worker" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{filing}");
    assert_eq!(filing["done"].as_array().map(Vec::len), Some(3), "{filing}");
    let (status, body) = declare(&setup, undeclared.enrolment_id, "2025-01-01").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "declared after filing: {body}"
    );
    assert_eq!(error_code(&body), "employment_locked");
    let (_, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    assert_eq!(
        open_not_employee_warnings(&warnings),
        [newcomer.enrolment_id, undeclared.enrolment_id],
        "the undeclared trainee is warned when the claim is filed"
    );

    let (status, claims) = setup.institution.get("/api/v1/subsidy-claims").await;
    assert_eq!(status, StatusCode::OK, "{claims}");
    let claims = claims.as_array().expect("claims").clone();
    assert_eq!(claims.len(), 3);
    for claim in &claims {
        assert_eq!(claim["payee"], "employer", "paid to the employer: {claim}");
        assert_eq!(claim["payee_name"], COMPANY);
    }
    let claim_for = |enrolment_id: i64| {
        claims
            .iter()
            .find(|c| c["enrolment_id"] == enrolment_id)
            .and_then(|c| c["id"].as_i64())
            .expect("a claim")
    };
    let paid_claim = claim_for(employee.enrolment_id);
    assert_eq!(
        claim_of(&setup.institution, paid_claim).await["status"],
        "checks_passed"
    );
    for held in [newcomer.enrolment_id, undeclared.enrolment_id] {
        let claim = claim_of(&setup.institution, claim_for(held)).await;
        assert_eq!(
            claim["status"], "held",
            "not an employee at the start: {claim}"
        );
    }
    let (_, none) = other_hr.get("/api/v1/subsidy-claims").await;
    assert_eq!(none, json!([]));
    let (status, _) = other_hr
        .get(&format!("/api/v1/subsidy-claims/{paid_claim}"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    review(&setup, &[paid_claim], json!({ "action": "start_review" })).await;
    review(&setup, &[paid_claim], json!({ "action": "approve" })).await;
    let paid = pay(&setup, &[paid_claim], "FJ20261207-0001").await;
    assert_eq!(paid["done"], json!([paid_claim]));
    let claim = claim_of(&employee.browser, paid_claim).await;
    assert_eq!(claim["status"], "paid");
    assert_eq!(claim["payee"], "employer", "the worker sees who was paid");

    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=class.declare_employment")
        .await;
    assert_eq!(trail.as_array().map(Vec::len), Some(2), "{trail}");
}

#[tokio::test]
async fn a_worker_may_not_rate_an_employers_own_training() {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (hr, _) = verified_employer(&app, &bureau, COMPANY, MINJIANG_CODE, "minjiang-hr").await;
    let (status, class) = hr
        .post("/api/v1/classes", &own_training(&catalogue, three_days()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let class_id = class["id"].as_i64().expect("class id");
    let (_, approved) = bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    let setup = run_by_employer(app, hr, bureau, &catalogue);
    let trainee = enrol(&setup, class_id, 91).await;
    for session in approved["sessions"].as_array().expect("sessions") {
        attend(
            &setup,
            session["id"].as_i64().expect("id"),
            trainee.enrolment_id,
        )
        .await;
    }
    end_classes(&setup.app);
    let (status, body) = trainee
        .browser
        .put(
            &format!("/api/v1/enrolments/{}/rating", trainee.enrolment_id),
            &json!({ "teaching": 5, "facilities": 5, "usefulness": 5, "comment": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "employer_training_not_rated");
}
