//! Process inspections (过程检查): a supervisor the bureau engaged
//! inspects its city's classes; a headcount below the check-ins holds the
//! class's claims until the bureau clears the warning; the institution
//! reads its results and answers a 整改 once; photos are images only,
//! size-limited, kept with their checksum and shown to the bureau side
//! only.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::{
    classes::{approved_class, setup, Setup},
    forms::{location, post_form, post_multipart},
    helpers::{error_code, json_answer, Browser},
    identity::staff,
    subsidies::{
        attend, check, claim_of, end_classes, enrol, file_claim, record_assessment, three_days,
        verify,
    },
};

/// The findings an inspector sends.
fn findings(headcount: i64, result: &str, found: &str) -> Value {
    json!({
        "mode": "on_site",
        "headcount": headcount,
        "teaching_matches_plan": true,
        "findings": found,
        "result": result,
    })
}

async fn record(inspector: &Browser, session_id: i64, findings: &Value) -> (StatusCode, Value) {
    inspector
        .post(
            &format!("/api/v1/sessions/{session_id}/inspections"),
            findings,
        )
        .await
}

async fn upload(browser: &Browser, inspection_id: i64, photo: Vec<u8>) -> (StatusCode, Value) {
    let response = browser
        .client
        .post(format!(
            "{}/api/v1/inspections/{inspection_id}/photos",
            browser.address
        ))
        .header(header::CONTENT_TYPE, "image/jpeg")
        .body(photo)
        .send()
        .await
        .expect("answered");
    json_answer(reqwest::Method::POST, response).await
}

/// The smallest file that starts as a PNG does.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\rIHDR inspection photo");
    bytes
}

/// A supervisor of Fuzhou created by the city's bureau through the API,
/// signed in with the enrolment code it was handed.
async fn supervisor_of_fuzhou(setup: &Setup) -> Browser {
    let (status, issued) = setup
        .bureau
        .post(
            "/api/v1/accounts",
            &json!({ "role": "supervisor", "display_name": "郑监理", "username": "fz-supervisor", "city": "350100", "organisation": "福建某第三方评估公司" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let browser = setup.app.browser();
    let (status, body) = browser
        .post(
            "/api/v1/auth/code/password",
            &json!({ "login": "fz-supervisor", "code": issued["code"], "password": "supervisor-pass-1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, me) = browser.get("/api/v1/me").await;
    assert_eq!(me["account"]["role"], "supervisor", "{me}");
    browser
}

#[tokio::test]
async fn a_supervisors_headcount_below_the_check_ins_holds_every_claim_of_the_class_until_cleared()
{
    let setup = setup().await;
    let supervisor = supervisor_of_fuzhou(&setup).await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let trainees = [
        enrol(&setup, class_id, 701).await,
        enrol(&setup, class_id, 702).await,
    ];
    for trainee in &trainees {
        for session in &sessions {
            attend(&setup, *session, trainee.enrolment_id).await;
        }
    }

    let (status, body) = record(&supervisor, sessions[0], &findings(1, "pass", "")).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "not_inspectable"),
        "findings wait for the session to begin"
    );
    let (status, planned) = supervisor
        .post(
            "/api/v1/inspections",
            &json!({ "session_id": sessions[2], "mode": "remote" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{planned}");
    assert_eq!(planned["status"], "scheduled");
    end_classes(&setup.app);

    let (status, counted) = record(
        &supervisor,
        sessions[0],
        &findings(1, "rectify", "签到 2 人，现场仅 1 人"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{counted}");
    assert_eq!(
        (
            &counted["headcount"],
            &counted["check_ins"],
            &counted["result"]
        ),
        (&json!(1), &json!(2), &json!("rectify"))
    );
    let planned_id = planned["id"].as_i64().expect("an id");
    let (status, done) = supervisor
        .put(
            &format!("/api/v1/inspections/{planned_id}/findings"),
            &findings(2, "pass", ""),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "recorded");
    let (status, again) = supervisor
        .put(
            &format!("/api/v1/inspections/{planned_id}/findings"),
            &findings(0, "fail", "改口"),
        )
        .await;
    assert_eq!(
        (status, error_code(&again)),
        (StatusCode::CONFLICT, "inspection_recorded"),
        "findings do not change once recorded"
    );

    let (_, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    let inspection_id = counted["id"].as_i64().expect("an id");
    let raised: Vec<&Value> = warnings
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["kind"] == "over_headcount")
        .collect();
    assert_eq!(raised.len(), 1, "only the short count warns: {warnings}");
    assert_eq!(raised[0]["session_id"], sessions[0]);
    assert!(
        raised[0]["explanation"]
            .as_str()
            .is_some_and(|text| text.contains(&format!("过程检查（第 {inspection_id} 号）"))),
        "{warnings}"
    );

    let mut claims = Vec::new();
    for trainee in &trainees {
        record_assessment(&setup, trainee.enrolment_id, true, 90).await;
        verify(&setup, trainee.enrolment_id, "verified").await;
        let (status, claim) = file_claim(&trainee.browser, trainee.enrolment_id).await;
        assert_eq!(status, StatusCode::CREATED, "{claim}");
        assert_eq!(claim["status"], "held", "every claim of the class: {claim}");
        assert_eq!(check(&claim, "no_open_warning")["outcome"], "pending");
        claims.push(claim["id"].as_i64().expect("an id"));
    }

    let warning = raised[0]["id"].as_i64().expect("an id");
    let clear = json!({ "reason": "复核：另一名学员当时在隔壁实训室" });
    let (status, _) = supervisor
        .post(&format!("/api/v1/risk-warnings/{warning}/clear"), &clear)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a supervisor decides nothing"
    );
    for path in [
        format!("/api/v1/classes/{class_id}/completion"),
        "/api/v1/subsidy-claims".to_owned(),
    ] {
        let (status, _) = supervisor.get(&path).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "no claims for a supervisor: {path}"
        );
    }
    let (_, classes) = supervisor.get("/api/v1/classes").await;
    assert!(
        classes
            .as_array()
            .expect("classes")
            .iter()
            .any(|c| c["id"] == class_id),
        "its city's running classes: {classes}"
    );
    let (status, _) = setup
        .bureau
        .post(&format!("/api/v1/risk-warnings/{warning}/clear"), &clear)
        .await;
    assert_eq!(status, StatusCode::OK);
    for (trainee, claim) in trainees.iter().zip(&claims) {
        let claim = claim_of(&trainee.browser, *claim).await;
        assert_eq!(claim["status"], "checks_passed", "{claim}");
    }

    let (_, records) = setup
        .bureau
        .get("/api/v1/audit?action=inspection.recorded")
        .await;
    assert_eq!(records.as_array().map(Vec::len), Some(2), "{records}");
    let short = records
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["target"] == format!("inspection:{inspection_id}"))
        .expect("the short count's record");
    assert_eq!(
        short["reason"],
        "rectify; headcount 1 (over-headcount warning); teaching as planned: true"
    );
}

#[tokio::test]
async fn inspections_stay_in_their_city_and_the_province_reads_without_inspecting() {
    let setup = setup().await;
    let app = &setup.app;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let (never_inspected, _) = approved_class(&setup, 30, three_days()).await;
    end_classes(app);
    let xiamen = staff(app, "supervisor", "xm-supervisor", "350200", None).await;
    let (status, _) = record(&xiamen, sessions[0], &findings(0, "pass", "")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another city's class");
    let province = staff(app, "province", "fj-inspect", "", None).await;
    let (status, _) = record(&province, sessions[0], &findings(0, "pass", "")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the province reads only");
    let (status, _) = record(&setup.institution, sessions[0], &findings(0, "pass", "")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nobody inspects themselves");
    let (status, _) = record(&setup.bureau, 999_999, &findings(0, "pass", "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = record(&setup.bureau, sessions[0], &findings(1001, "pass", "")).await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("headcount"))
    );
    let (status, body) = record(&setup.bureau, sessions[0], &findings(3, "fail", " ")).await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("findings")),
        "a failed inspection says what was found"
    );
    let (status, _) = record(&setup.bureau, sessions[0], &findings(0, "pass", "")).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, list) = province.get("/api/v1/inspections?city=350100").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["may_inspect"], false);
    assert_eq!(list["inspections"].as_array().map(Vec::len), Some(1));
    let (status, list) = setup.bureau.get("/api/v1/inspections").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["may_inspect"], true);
    let never: Vec<&Value> = list["never_inspected"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|class| &class["class_id"])
        .collect();
    assert_eq!(never, [&json!(never_inspected)], "{list}");
    let by_institution = &list["by_provider"][0];
    assert_eq!(
        (
            &by_institution["classes"],
            &by_institution["inspected_classes"],
            &by_institution["passed"]
        ),
        (&json!(2), &json!(1), &json!(1))
    );
    let (_, one) = setup
        .bureau
        .get(&format!("/api/v1/classes/{class_id}/inspections"))
        .await;
    assert_eq!(one["sessions"].as_array().map(Vec::len), Some(3), "{one}");
    assert_eq!(one["inspections"][0]["inspector"], "林晓");
    let (status, _) = xiamen.get("/api/v1/inspections?city=350100").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let worker = enrol(&setup, class_id, 731).await;
    let (status, _) = worker.browser.get("/api/v1/inspections").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.browser().get("/api/v1/inspections").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_institution_answers_a_rectification_once_and_photos_are_checked_images_for_the_bureau_only(
) {
    let setup = setup().await;
    let supervisor = supervisor_of_fuzhou(&setup).await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    end_classes(&setup.app);
    let (status, inspection) = record(
        &supervisor,
        sessions[1],
        &json!({
            "mode": "remote",
            "headcount": 0,
            "teaching_matches_plan": false,
            "teaching_note": "讲授内容与计划第 2 次课不符",
            "findings": "教学计划未按备案执行",
            "result": "rectify",
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{inspection}");
    let id = inspection["id"].as_i64().expect("an id");

    let (status, filed) = upload(&supervisor, id, png()).await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let (status, body) = upload(&supervisor, id, b"<script>alert(1)</script>".to_vec()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_an_image"),
        "the bytes decide, not the type claimed"
    );
    let mut huge = png();
    huge.resize(2 * 1024 * 1024 + 1, 0);
    let (status, body) = upload(&supervisor, id, huge).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large")
    );
    let (status, _) = upload(&setup.institution, id, png()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let photo_id = filed["id"].as_i64().expect("an id");
    let photo_path = format!("/api/v1/inspections/{id}/photos/{photo_id}");
    let served = setup.bureau.get_raw(&photo_path).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[header::CONTENT_TYPE], "image/png");
    let checksum = served.headers()["x-content-sha256"]
        .to_str()
        .expect("text")
        .to_owned();
    assert_eq!(
        served.bytes().await.expect("bytes").as_ref(),
        png().as_slice()
    );
    let (_, seen) = setup.bureau.get(&format!("/api/v1/inspections/{id}")).await;
    assert_eq!(seen["photos"][0]["sha256"], checksum, "{seen}");
    let (status, _) = setup.institution.get(&photo_path).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "photos are the bureau's");

    let (status, own) = setup.institution.get("/api/v1/inspections").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    let theirs = &own["inspections"][0];
    assert_eq!(
        (
            &theirs["result"],
            &theirs["awaiting_answer"],
            &theirs["photos"]
        ),
        (&json!("rectify"), &json!(true), &json!([]))
    );
    let (_, page) = setup
        .institution
        .page(&format!("/classes/{class_id}/inspections"))
        .await;
    assert!(page.contains("data-form=\"answer\""), "{page}");
    assert!(
        !page.contains("/photos/"),
        "no photo link for the institution"
    );

    let answer = json!({ "answer": "已按备案计划调整第 2 次课内容并补课" });
    let (status, answered) = setup
        .institution
        .post(&format!("/api/v1/inspections/{id}/answer"), &answer)
        .await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["awaiting_answer"], false);
    let (status, body) = setup
        .institution
        .post(&format!("/api/v1/inspections/{id}/answer"), &answer)
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "no_rectification_to_answer"),
        "once"
    );
    let (status, _) = supervisor
        .post(&format!("/api/v1/inspections/{id}/answer"), &answer)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the institution answers");
    let (_, page) = supervisor
        .page(&format!("/classes/{class_id}/inspections"))
        .await;
    assert!(
        page.contains("已按备案计划调整"),
        "the bureau side reads the answer"
    );
    assert!(page.contains(&photo_path), "{page}");

    let (_, records) = setup
        .bureau
        .get("/api/v1/audit?action=inspection.photo_added")
        .await;
    assert!(
        records[0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains(&checksum)),
        "{records}"
    );
    let (_, records) = setup
        .bureau
        .get("/api/v1/audit?action=inspection.answered")
        .await;
    assert_eq!(records[0]["target"], format!("inspection:{id}"));
}

#[tokio::test]
async fn the_inspection_forms_work_without_javascript() {
    let setup = setup().await;
    let supervisor = supervisor_of_fuzhou(&setup).await;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    end_classes(&setup.app);
    let page = format!("/classes/{class_id}/inspections");
    let (status, shown) = supervisor.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown.contains("data-form=\"record-inspection\""), "{shown}");
    let (_, shown) = setup.institution.page(&page).await;
    assert!(
        !shown.contains("data-form=\"record-inspection\""),
        "the institution does not inspect itself"
    );

    let form = [
        ("session_id", sessions[0].to_string()),
        ("mode", "on_site".to_owned()),
        ("headcount", "0".to_owned()),
        ("teaching_matches_plan", "no".to_owned()),
        ("teaching_note", "未按计划授课".to_owned()),
        ("findings", "教学内容与计划不符".to_owned()),
        ("result", "rectify".to_owned()),
    ];
    let response = post_form(&supervisor, &setup, "/sfn/record-inspection", &page, &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page);
    let (_, one) = supervisor
        .get(&format!("/api/v1/classes/{class_id}/inspections"))
        .await;
    let id = one["inspections"][0]["id"]
        .as_i64()
        .expect("recorded by the form");
    assert_eq!(one["inspections"][0]["teaching_matches_plan"], false);

    let boundary = "skillpass-photo-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"inspection_id\"\r\n\r\n{id}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"room.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&png());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = post_multipart(
        &supervisor,
        &setup,
        "/sfn/add-inspection-photo",
        &page,
        boundary,
        body,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, shown) = supervisor.page(&page).await;
    assert!(shown.contains("照片已上传"), "{shown}");
    assert!(
        shown.contains(&format!("/api/v1/inspections/{id}/photos/")),
        "{shown}"
    );

    let answer = [
        ("inspection_id", id.to_string()),
        ("answer", "已调整授课内容".to_owned()),
    ];
    let response = post_form(
        &setup.institution,
        &setup,
        "/sfn/answer-rectification",
        &page,
        &answer,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, shown) = setup.institution.page(&page).await;
    assert!(shown.contains("整改情况已答复"), "{shown}");
    assert!(shown.contains("已调整授课内容"), "{shown}");
}
