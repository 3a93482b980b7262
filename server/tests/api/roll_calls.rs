//! Issue 22's random roll-calls (随机点名): drawn in secret with a
//! session's first check-in, shown on the classroom screen when they fall
//! due, answered like a check-in by the workers who checked in, and
//! settled once closed: a miss takes the session's hours away and raises
//! a warning until staff add the answer with a reason. A roll-call's
//! moment is brought to now by moving its stored window; settling takes
//! its clock as an argument.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use app::server::{
    check_in_codes,
    db::roll_calls::{list_session_roll_calls, RollCallRow},
    roll_calls::settle_due,
    screens,
};

use crate::{
    classes::{
        approved_class, check_in, enrolled_worker, screen_code, session_from_now, setup, Setup,
    },
    helpers::{error_code, spawn_app_with, Browser},
};

/// An approved class whose one session opens for check-in now.
async fn classroom(setup: &Setup) -> (i64, i64) {
    let (class_id, sessions) =
        approved_class(setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    (class_id, sessions[0])
}

async fn roll_calls_of(setup: &Setup, session_id: i64) -> Vec<RollCallRow> {
    list_session_roll_calls(&setup.app.db, session_id)
        .await
        .expect("the roll-calls")
}

/// Moves the session's first roll-call so that it opened a few seconds
/// ago and closes in three minutes: its moment has come.
async fn roll_call_falls_due(setup: &Setup, session_id: i64) -> RollCallRow {
    roll_call_opened_at(setup, session_id, Utc::now() - Duration::seconds(5)).await
}

/// Moves the session's first roll-call to open at `opens_at`.
async fn roll_call_opened_at(
    setup: &Setup,
    session_id: i64,
    opens_at: DateTime<Utc>,
) -> RollCallRow {
    let closes_at = opens_at + Duration::minutes(3);
    on_db!(setup.app, pool => sqlx::query(
        "UPDATE roll_calls SET opens_at = $2, closes_at = $3 WHERE session_id = $1 AND seq = 1",
    )
    .bind(session_id)
    .bind(opens_at)
    .bind(closes_at)
    .execute(pool)
    .await
    .map(|_| ()))
    .expect("the roll-call moved");
    roll_calls_of(setup, session_id).await.remove(0)
}

/// Settles the roll-calls as the housekeeping task would at `now`.
async fn settle_at(setup: &Setup, now: DateTime<Utc>) -> usize {
    settle_due(&setup.app.state, now)
        .await
        .expect("settling succeeds")
}

async fn enrolment_of(worker: &Browser) -> i64 {
    let (_, enrolments) = worker.get("/api/v1/me/enrolments").await;
    enrolments[0]["id"].as_i64().expect("an enrolment")
}

async fn hours_of(worker: &Browser) -> Value {
    let enrolment_id = enrolment_of(worker).await;
    let (status, ledger) = worker
        .get(&format!("/api/v1/enrolments/{enrolment_id}/hours"))
        .await;
    assert_eq!(status, StatusCode::OK, "{ledger}");
    ledger
}

async fn roster(setup: &Setup, session_id: i64) -> Value {
    let (status, roster) = setup
        .institution
        .get(&format!("/api/v1/sessions/{session_id}/roster"))
        .await;
    assert_eq!(status, StatusCode::OK, "{roster}");
    roster
}

async fn open_warnings(setup: &Setup, kind: &str) -> Vec<Value> {
    let (status, warnings) = setup.bureau.get("/api/v1/risk-warnings").await;
    assert_eq!(status, StatusCode::OK, "{warnings}");
    warnings
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|warning| warning["kind"] == kind)
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_first_check_in_draws_a_secret_roll_call_that_the_screen_shows_when_due() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    assert!(roll_calls_of(&setup, session_id).await.is_empty());
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 301).await;
    let code = screen_code(&setup, session_id, "in").await;
    let (status, outcome) = check_in(&worker, &mut phone, &code, None).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");

    let drawn = roll_calls_of(&setup, session_id).await;
    assert_eq!(drawn.len(), 1, "one roll-call per session by default");
    let roll_call = &drawn[0];
    assert_eq!(
        roll_call.closes_at - roll_call.opens_at,
        Duration::minutes(3)
    );
    assert!(roll_call.opens_at > Utc::now(), "still to come");
    assert_eq!(
        roster(&setup, session_id).await["roll_calls"],
        json!([]),
        "a roll-call still to come is secret, from staff too"
    );

    let (status, link) = setup
        .institution
        .get(&format!("/api/v1/sessions/{session_id}/display-link"))
        .await;
    assert_eq!(status, StatusCode::OK, "{link}");
    let token = link["url"]
        .as_str()
        .and_then(|url| url.rsplit('/').next())
        .expect("the display link's token")
        .to_owned();
    let state = &setup.app.state;
    let before = roll_call.opens_at - Duration::seconds(1);
    let shown = screens::screen_code(state, &token, app::domain::Direction::In, before)
        .await
        .expect("the screen's code");
    assert!(shown.roll_call.is_none() && shown.url.contains("-i-"));
    let during = roll_call.opens_at + Duration::seconds(1);
    let shown = screens::screen_code(state, &token, app::domain::Direction::In, during)
        .await
        .expect("the screen's code");
    assert_eq!(shown.roll_call.map(|open| open.seq), Some(1));
    assert!(shown.url.contains("-r-"), "{}", shown.url);
}

#[tokio::test]
async fn a_worker_who_checked_in_answers_the_roll_call_the_way_they_checked_in() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 302).await;
    let (absent, mut absent_phone) = enrolled_worker(&setup, class_id, 303).await;
    let code = screen_code(&setup, session_id, "in").await;
    check_in(&worker, &mut phone, &code, None).await;
    roll_call_falls_due(&setup, session_id).await;

    let roll_call_code = screen_code(&setup, session_id, "in").await;
    assert!(
        roll_call_code.contains("-r-"),
        "the screen shows the roll-call"
    );
    let (status, scan) = worker
        .post("/api/v1/check-ins", &json!({ "code": roll_call_code }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    assert_eq!(scan["roll_call"], true);
    // Answered from Xiamen: the check-in's rules run on answers too.
    let far_away = json!({ "latitude": 24.4798, "longitude": 118.0894, "accuracy_m": 20.0 });
    let (status, answered) = check_in(&worker, &mut phone, &roll_call_code, Some(far_away)).await;
    assert_eq!(status, StatusCode::CREATED, "{answered}");
    assert_eq!(answered["roll_call"], 1);
    assert_eq!(answered["assurance"], "passkey");
    assert_eq!(answered["far_from_venue"], true);
    assert_eq!(open_warnings(&setup, "far_from_venue").await.len(), 1);
    let (status, again) = check_in(&worker, &mut phone, &roll_call_code, None).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["result"], "duplicate");

    let (status, refused) = check_in(&absent, &mut absent_phone, &roll_call_code, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "roll_call_not_checked_in");

    let roster = roster(&setup, session_id).await;
    assert_eq!(roster["roll_calls"][0]["open_now"], true, "{roster}");
    assert_eq!(roster["roll_calls"][0]["answered"], 1);
    let answered_entry = roster["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|entry| entry["check_in"].is_object())
        .expect("the worker who checked in");
    assert_eq!(
        answered_entry["roll_calls"],
        json!([{ "seq": 1, "answer": "passkey" }])
    );
}

#[tokio::test]
async fn a_missed_roll_call_takes_the_hours_away_until_staff_add_the_answer_with_a_reason() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let mut workers = Vec::new();
    for sequence in 311..315 {
        workers.push(enrolled_worker(&setup, class_id, sequence).await);
    }
    let code = screen_code(&setup, session_id, "in").await;
    for (worker, phone) in workers.iter_mut() {
        let (status, outcome) = check_in(worker, phone, &code, None).await;
        assert_eq!(status, StatusCode::CREATED, "{outcome}");
    }
    let (status, counted) = setup
        .institution
        .put(
            &format!("/api/v1/sessions/{session_id}/headcount"),
            &json!({ "headcount": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{counted}");
    let roll_call = roll_call_falls_due(&setup, session_id).await;
    let roll_call_code = screen_code(&setup, session_id, "in").await;
    let (present, present_phone) = &mut workers[0];
    let (status, answered) = check_in(present, present_phone, &roll_call_code, None).await;
    assert_eq!(status, StatusCode::CREATED, "{answered}");

    assert_eq!(settle_at(&setup, roll_call.opens_at).await, 0, "still open");
    let after = roll_call.closes_at + Duration::minutes(5);
    assert_eq!(settle_at(&setup, after).await, 1);
    assert_eq!(settle_at(&setup, after).await, 0, "settled once");

    let missed = hours_of(&workers[1].0).await;
    assert_eq!(missed["lines"][0]["missed_roll_call"], true, "{missed}");
    assert_eq!(
        missed["lines"][0]["roll_calls"],
        json!([{ "seq": 1, "answer": null }])
    );
    let kept = hours_of(&workers[0].0).await;
    assert_eq!(kept["lines"][0]["missed_roll_call"], false, "{kept}");

    let warnings = open_warnings(&setup, "missed_roll_call").await;
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    let shortfall = open_warnings(&setup, "roll_call_shortfall").await;
    assert_eq!(
        shortfall.len(),
        1,
        "three missed: set against the headcount"
    );
    let explanation = shortfall[0]["explanation"].as_str().expect("explanation");
    assert!(explanation.contains("4 人签到"), "{explanation}");
    assert!(explanation.contains("实到人数为 1"), "{explanation}");
    let roster_now = roster(&setup, session_id).await;
    assert_eq!(roster_now["roll_calls"][0]["missed"], 3, "{roster_now}");

    let excused = enrolment_of(&workers[1].0).await;
    let path = format!("/api/v1/sessions/{session_id}/roll-call-answers");
    let (status, refused) = setup
        .institution
        .post(&path, &json!({ "enrolment_id": excused, "seq": 1 }))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reason is required: {refused}"
    );
    let excuse =
        json!({ "enrolment_id": excused, "seq": 1, "reason": "手机没电，老师当面点名在场" });
    let (status, roster_after) = setup.institution.post(&path, &excuse).await;
    assert_eq!(status, StatusCode::OK, "{roster_after}");
    let (status, twice) = setup.institution.post(&path, &excuse).await;
    assert_eq!(status, StatusCode::CONFLICT, "{twice}");
    let (status, by_worker) = workers[2].0.post(&path, &excuse).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a worker cannot excuse anyone: {by_worker}"
    );
    let restored = hours_of(&workers[1].0).await;
    assert_eq!(
        restored["lines"][0]["missed_roll_call"], false,
        "{restored}"
    );
    assert_eq!(
        restored["lines"][0]["roll_calls"],
        json!([{ "seq": 1, "answer": "staff" }])
    );
}

#[tokio::test]
async fn zero_roll_calls_per_session_turns_them_off() {
    let app = spawn_app_with(&[("SKILLPASS_ROLL_CALLS_PER_SESSION", "0")]).await;
    let setup = crate::classes::setup_on(app).await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 321).await;
    let code = screen_code(&setup, session_id, "in").await;
    let (status, outcome) = check_in(&worker, &mut phone, &code, None).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert!(roll_calls_of(&setup, session_id).await.is_empty());
}

#[tokio::test]
async fn a_roll_call_code_answers_its_own_roll_call_within_the_grace_and_no_other_moment() {
    let setup = setup().await;
    let (class_id, session_id) = classroom(&setup).await;
    let (worker, mut phone) = enrolled_worker(&setup, class_id, 331).await;
    let code = screen_code(&setup, session_id, "in").await;
    check_in(&worker, &mut phone, &code, None).await;
    // The roll-call closed twenty seconds ago.
    let closed = roll_call_opened_at(&setup, session_id, Utc::now() - Duration::seconds(200)).await;
    let keys = &setup.app.state.security.keys;
    let roll_call = app::domain::ScanPurpose::RollCall;

    // Its code, shown just before the close and handed off from WeChat.
    let shown = check_in_codes::issue(
        keys,
        session_id,
        roll_call,
        closed.closes_at - Duration::seconds(5),
    );
    let token = check_in_codes::handoff_token(keys, &shown);
    let (status, answered) = worker
        .post(
            "/api/v1/check-ins",
            &json!({ "code": shown, "handoff": token }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "within the grace: {answered}");

    // A roll-call code of a moment when no roll-call was open answers none.
    let forged_moment = check_in_codes::issue(keys, session_id, roll_call, Utc::now());
    let (status, refused) = worker
        .post("/api/v1/check-ins", &json!({ "code": forged_moment }))
        .await;
    assert_eq!(status, StatusCode::GONE, "{refused}");
    assert_eq!(error_code(&refused), "roll_call_closed");
}
