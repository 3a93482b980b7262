//! Online study against platforms that overreach: a class chooses the one
//! platform that reports for it, a filed claim freezes the minutes, a
//! bureau revokes a key, and every report keeps before and after.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    classes::{
        application, approved_class, approved_platform, report_study, session_from_now, setup,
        Setup,
    },
    helpers::error_code,
    identity::staff,
    subsidies::{attend, end_classes, enrol, file_claim},
};

/// The online minutes in an enrolment's hours ledger.
async fn online_minutes(setup: &Setup, enrolment_id: i64) -> i64 {
    let (status, ledger) = setup
        .bureau
        .get(&format!("/api/v1/enrolments/{enrolment_id}/hours"))
        .await;
    assert_eq!(status, StatusCode::OK, "{ledger}");
    ledger["online_minutes"].as_i64().expect("online minutes")
}

/// A class of one in-person and one online session, approved.
async fn blended_class(setup: &Setup) -> (i64, Vec<i64>) {
    approved_class(
        setup,
        30,
        vec![
            session_from_now(24 * 60, 120, "offline"),
            session_from_now(2 * 24 * 60, 60, "online"),
        ],
    )
    .await
}

/// The field an application is refused for (400).
async fn refused_field(setup: &Setup, body: Value) -> String {
    let (status, answer) = setup.institution.post("/api/v1/classes", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(error_code(&answer), "invalid_input");
    answer["error"]["field"]
        .as_str()
        .expect("a field")
        .to_owned()
}

#[tokio::test]
async fn a_class_with_online_sessions_must_choose_an_active_platform_of_its_city() {
    let setup = setup().await;
    let sessions = vec![
        session_from_now(24 * 60, 120, "offline"),
        session_from_now(2 * 24 * 60, 60, "online"),
    ];
    let mut without = application(&setup, 30, sessions.clone());
    without["online_platform_id"] = Value::Null;
    assert_eq!(refused_field(&setup, without).await, "online_platform_id");

    let xiamen = staff(&setup.app, "bureau", "xm-bureau", "350200", None).await;
    let (xiamen_platform, _) = approved_platform(&xiamen, "厦门在线").await;
    let mut foreign = application(&setup, 30, sessions.clone());
    foreign["online_platform_id"] = json!(xiamen_platform);
    assert_eq!(refused_field(&setup, foreign).await, "online_platform_id");

    let (status, class) = setup
        .institution
        .post("/api/v1/classes", &application(&setup, 30, sessions))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    assert_eq!(class["online_platform"]["id"], setup.platform_id, "{class}");
    assert_eq!(class["online_platform"]["name"], "福州职业技能在线");
}

#[tokio::test]
async fn a_platform_cannot_overwrite_minutes_of_a_class_that_did_not_choose_it() {
    let setup = setup().await;
    let (class_id, sessions) = blended_class(&setup).await;
    let worker = enrol(&setup, class_id, 601).await;
    let (status, _) = report_study(&setup.app, &setup.platform_key, sessions[1], 601, 30).await;
    assert_eq!(status, StatusCode::OK);

    let (_, intruder_key) = approved_platform(&setup.bureau, "另一家平台").await;
    let (status, answer) = report_study(&setup.app, &intruder_key, sessions[1], 601, 60).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(online_minutes(&setup, worker.enrolment_id).await, 30);
}

#[tokio::test]
async fn a_platforms_late_report_after_the_claim_was_filed_is_refused_and_the_minutes_stay() {
    let setup = setup().await;
    let (class_id, sessions) = blended_class(&setup).await;
    let worker = enrol(&setup, class_id, 611).await;
    attend(&setup, sessions[0], worker.enrolment_id).await;
    let (status, _) = report_study(&setup.app, &setup.platform_key, sessions[1], 611, 60).await;
    assert_eq!(status, StatusCode::OK);
    end_classes(&setup.app);
    let (status, claim) = file_claim(&worker.browser, worker.enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{claim}");
    assert_ne!(claim["status"], "rejected", "{claim}");

    let (status, answer) =
        report_study(&setup.app, &setup.platform_key, sessions[1], 611, 10).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(error_code(&answer), "claim_filed");
    assert_eq!(online_minutes(&setup, worker.enrolment_id).await, 60);
}

#[tokio::test]
async fn a_revoked_platform_key_is_refused_and_the_refusal_is_audited() {
    let setup = setup().await;
    let (class_id, sessions) = blended_class(&setup).await;
    enrol(&setup, class_id, 621).await;
    let revoke = format!("/api/v1/online-platforms/{}/revoke", setup.platform_id);

    let (status, answer) = setup.bureau.post(&revoke, &json!({})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reason is required: {answer}"
    );
    assert_eq!(answer["error"]["field"], "reason");
    let xiamen = staff(&setup.app, "bureau", "xm-bureau", "350200", None).await;
    let (status, _) = xiamen.post(&revoke, &json!({ "reason": "越权" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another city's bureau");
    let (status, revoked) = setup
        .bureau
        .post(&revoke, &json!({ "reason": "密钥泄露" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    let (status, again) = setup
        .bureau
        .post(&revoke, &json!({ "reason": "密钥泄露" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&again), "already_revoked");
    let (_, listed) = setup.bureau.get("/api/v1/online-platforms").await;
    assert_eq!(listed[0]["revoke_reason"], "密钥泄露", "{listed}");

    let (status, _) = report_study(&setup.app, &setup.platform_key, sessions[1], 621, 30).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=platform.key_refused")
        .await;
    let refusal = &trail[0];
    assert_eq!(
        refusal["target"],
        format!("online-platform:{}", setup.platform_id)
    );
    assert_eq!(refusal["reason"], "revoked platform key");
    assert_eq!(refusal["client_address"], "127.0.0.1", "{trail}");
    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=platform.revoke")
        .await;
    assert_eq!(trail[0]["reason"], "密钥泄露");
}

#[tokio::test]
async fn each_reports_audit_record_shows_before_and_after() {
    let setup = setup().await;
    let (class_id, sessions) = blended_class(&setup).await;
    enrol(&setup, class_id, 631).await;
    for minutes in [30, 45] {
        let (status, _) =
            report_study(&setup.app, &setup.platform_key, sessions[1], 631, minutes).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, trail) = setup
        .bureau
        .get("/api/v1/audit?action=attendance.online_study")
        .await;
    let reasons: Vec<&str> = trail
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r["reason"].as_str().expect("a reason"))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("30 → 45 min"), "{reasons:?}");
    assert!(reasons[1].contains("None → 30 min"), "{reasons:?}");
}
