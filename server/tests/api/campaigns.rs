//! Recommendation campaigns: a bureau counts an audience by category and
//! filter, sends a campaign, and the outbox delivers it once to each
//! worker's inbox and, through a gateway that fails at first, by SMS,
//! even with another process taking over in the middle; within the weekly
//! limit and outside the quiet hours; only within the bureau's own city.
//!
//! Delivery runs in the background of every server; these tests turn it
//! off (`SKILLPASS_DELIVERY_EVERY_SECONDS=0`) and deliver by hand at
//! chosen times, so the quiet hours do not depend on when the suite runs.

use std::sync::{Arc, Mutex};

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode as AxumStatus},
    response::IntoResponse,
    routing::post,
    Router,
};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

use app::server::{
    db::Database,
    outbox::{deliver_due, DeliveryRound},
};

use crate::{
    categories::verify_declared_categories,
    classes::{approved_class, session_from_now, setup_on, Setup},
    helpers::{another_process, error_code, spawn_app_with, Browser, TestApp},
    identity::{id_number, staff},
    subsidies::{ended_class, record_assessment},
};

const GATEWAY_KEY: &str = "an-sms-gateway-key-of-32-characters!";
const PASSWORD: &str = "worker-password-1";

/// Settings of a server whose deliveries the test makes by hand.
const DELIVERY_BY_HAND: (&str, &str) = ("SKILLPASS_DELIVERY_EVERY_SECONDS", "0");

/// The next time it is `hour`:00 in China after the server's now.
fn next_china_hour(app: &TestApp, hour: u32) -> DateTime<Utc> {
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let now = app.state.clock.now().with_timezone(&china);
    let at = |day: chrono::NaiveDate| {
        china
            .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("hour")))
            .single()
            .expect("unambiguous")
    };
    let today = at(now.date_naive());
    let next = if today > now {
        today
    } else {
        at(now.date_naive().succ_opt().expect("a next day"))
    };
    next.with_timezone(&Utc)
}

/// A worker registered with a password in `city`, declaring `categories`.
pub(crate) async fn worker(
    app: &TestApp,
    sequence: u32,
    city: &str,
    categories: &[&str],
) -> Browser {
    let browser = app.browser();
    let (status, me) = browser
        .post(
            "/api/v1/auth/register/worker/password",
            &json!({
                "real_name": "陈小燕", "id_number": id_number(sequence),
                "mobile": format!("1370013{sequence:04}"), "city": city,
                "categories": categories, "password": PASSWORD,
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    browser
}

fn course_campaign(setup: &Setup, level: &str, audience: Value) -> Value {
    json!({
        "offer_kind": "course",
        "offer_id": setup.course_id.to_string(),
        "certificate_level": level,
        "message_zh": "家门口学技能，培训免费还有补贴",
        "message_en": "Learn a skill near home: free, with a subsidy",
        "audience": audience,
    })
}

async fn audience_size(setup: &Setup, level: &str, audience: Value) -> Value {
    let (status, size) = setup
        .bureau
        .post(
            "/api/v1/campaigns/audience",
            &course_campaign(setup, level, audience),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{size}");
    size
}

async fn audience_count(setup: &Setup, level: &str, audience: Value) -> i64 {
    audience_size(setup, level, audience).await["workers"]
        .as_i64()
        .expect("a count")
}

/// A draft sent at once; its view.
async fn sent_campaign(setup: &Setup, audience: Value) -> Value {
    let (status, draft) = setup
        .bureau
        .post(
            "/api/v1/campaigns",
            &course_campaign(setup, &setup.level, audience),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    let id = draft["id"].as_i64().expect("id");
    let (status, sent) = setup
        .bureau
        .post(&format!("/api/v1/campaigns/{id}/send"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    sent
}

/// The level of the setup's course one step above its first subsidised
/// level, if the course has one.
async fn level_above(setup: &Setup) -> Option<String> {
    let order = ["level5", "level4", "level3", "level2", "level1"];
    let position = order.iter().position(|l| *l == setup.level)?;
    let above = order.get(position + 1)?;
    let (_, course) = setup
        .app
        .get_json(&format!("/api/v1/courses/{}", setup.course_id))
        .await;
    course["subsidy"]["amounts"]
        .as_array()?
        .iter()
        .any(|a| a["level"] == *above)
        .then(|| (*above).to_owned())
}

#[tokio::test]
async fn the_audience_counts_consenting_workers_of_the_city_by_category_and_each_filter_narrows_it()
{
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    // A class still to come (days 10 to 12), and one that ended with a
    // certificate for the worker who passed it (the clock moves 6 days).
    let future_sessions = (10..=12)
        .map(|day| session_from_now(day * 24 * 60, 120, "offline"))
        .collect();
    let (future_class, _) = approved_class(&setup, 30, future_sessions).await;
    let (_, certified) = ended_class(&setup, &[(60, 3)]).await;
    record_assessment(&setup, certified[0].enrolment_id, true, 90).await;

    let app = &setup.app;
    worker(app, 61, "350100", &["returning_migrant"]).await;
    worker(app, 62, "350100", &["poverty_alleviated"]).await;
    let trainee = worker(app, 63, "350100", &["rural_transferred"]).await;
    let (status, enrolled) = trainee
        .post(
            &format!("/api/v1/classes/{future_class}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{enrolled}");
    worker(app, 64, "350200", &["returning_migrant"]).await;
    let unwilling = worker(app, 65, "350100", &["returning_migrant"]).await;
    let (status, _) = unwilling
        .put("/api/v1/me/recommendations", &json!({ "receive": false }))
        .await;
    assert_eq!(status, StatusCode::OK);
    verify_declared_categories(&setup.bureau).await;

    let level = setup.level.clone();
    let everyone = audience_size(&setup, &level, json!({})).await;
    assert_eq!(
        everyone,
        json!({
            "workers": 4,
            "by_category": [
                { "category": "rural_transferred", "workers": 2 },
                { "category": "returning_migrant", "workers": 1 },
                { "category": "poverty_alleviated", "workers": 2 },
            ],
            "without_category": 0,
        }),
        "the certified worker, three new ones of the city; not the other city's nor the one who said no; counts only, never who"
    );
    let count = |audience: Value| audience_count(&setup, &level, audience);
    assert_eq!(
        count(json!({ "categories": ["returning_migrant"] })).await,
        1
    );
    assert_eq!(
        count(json!({ "categories": ["returning_migrant", "rural_transferred"] })).await,
        3
    );
    assert_eq!(
        count(json!({ "living_allowance_eligible": true })).await,
        2,
        "the two verified poverty-alleviated workers"
    );
    assert_eq!(
        count(json!({ "not_in_training": true })).await,
        3,
        "not the worker enrolled in the class to come"
    );
    assert_eq!(
        count(json!({ "without_this_certificate": true })).await,
        3,
        "not the worker who holds this certificate"
    );
    let today = app.state.clock.today();
    let yesterday = today.pred_opt().expect("a day before");
    assert_eq!(
        count(json!({ "registered_from": today.to_string() })).await,
        3
    );
    assert_eq!(
        count(json!({ "registered_until": yesterday.to_string() })).await,
        1,
        "only the worker registered before the clock moved"
    );
    assert_eq!(
        count(
            json!({ "living_allowance_eligible": true, "registered_until": yesterday.to_string() })
        )
        .await,
        1
    );
    if let Some(above) = level_above(&setup).await {
        assert_eq!(
            audience_count(&setup, &above, json!({ "holding_level_below": true })).await,
            1,
            "only the holder of {level} is offered {above}"
        );
    }
    let (status, refused) = setup
        .bureau
        .post(
            "/api/v1/campaigns/audience",
            &course_campaign(
                &setup,
                &level,
                json!({ "registered_from": "2026-06-30", "registered_until": "2026-01-01" }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["error"]["field"], "registered_from", "{refused}");
}

/// The gateway's stand-in: fails the first `failures` requests with 503,
/// then accepts; sends each idempotency key once and answers repeats as
/// the first time.
#[derive(Clone, Default)]
struct Gateway {
    failures: usize,
    requests: Arc<Mutex<Vec<GatewayRequest>>>,
    sent: Arc<Mutex<Vec<(String, Value)>>>,
}

#[derive(Clone, Debug)]
struct GatewayRequest {
    key: String,
    signed: bool,
}

fn signed_by_skillpass(headers: &HeaderMap, body: &[u8]) -> bool {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(GATEWAY_KEY.as_bytes()).expect("a key");
    mac.update(
        format!(
            "{}.{}.",
            header("X-SkillPass-Timestamp"),
            header("Idempotency-Key")
        )
        .as_bytes(),
    );
    mac.update(body);
    let expected = hex::encode(mac.finalize().into_bytes());
    header("X-SkillPass-Signature") == expected
}

async fn receive(
    State(gateway): State<Gateway>,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let key = headers
        .get("Idempotency-Key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let signed = signed_by_skillpass(&headers, &body);
    let seen = {
        let mut requests = gateway.requests.lock().expect("requests");
        requests.push(GatewayRequest {
            key: key.clone(),
            signed,
        });
        requests.len()
    };
    if !signed {
        return AxumStatus::UNAUTHORIZED;
    }
    if seen <= gateway.failures {
        return AxumStatus::SERVICE_UNAVAILABLE;
    }
    let mut sent = gateway.sent.lock().expect("sent");
    if !sent.iter().any(|(known, _)| *known == key) {
        let message: Value = serde_json::from_slice(&body).unwrap_or_default();
        sent.push((key, message));
    }
    AxumStatus::ACCEPTED
}

async fn start_gateway(failures: usize) -> (Gateway, String) {
    let gateway = Gateway {
        failures,
        ..Gateway::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("bound").port()
    );
    let router = Router::new()
        .route("/messages", post(receive))
        .with_state(gateway.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (gateway, base)
}

async fn recommendations_in_inbox(worker: &Browser) -> Vec<Value> {
    let (status, inbox) = worker.get("/api/v1/me/notifications").await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    inbox["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| {
            m["title"]
                .as_str()
                .unwrap_or_default()
                .starts_with("为你推荐")
        })
        .cloned()
        .collect()
}

async fn deliver(app: &TestApp, at: DateTime<Utc>) -> DeliveryRound {
    deliver_due(&app.state, at).await.expect("a delivery round")
}

#[tokio::test]
async fn a_campaign_reaches_each_worker_once_in_the_inbox_and_by_sms_through_a_failing_gateway_across_a_restart(
) {
    let (gateway, base) = start_gateway(2).await;
    let settings = [
        DELIVERY_BY_HAND,
        ("SKILLPASS_SMS_GATEWAY_URL", base.as_str()),
        ("SKILLPASS_SMS_GATEWAY_KEY", GATEWAY_KEY),
    ];
    let setup = setup_on(spawn_app_with(&settings).await).await;
    let workers = [
        worker(&setup.app, 71, "350100", &["returning_migrant"]).await,
        worker(&setup.app, 72, "350100", &["rural_transferred"]).await,
        worker(&setup.app, 73, "350100", &["returning_migrant"]).await,
    ];
    let campaign = sent_campaign(&setup, json!({})).await;
    assert_eq!(campaign["status"], "sent");
    assert_eq!(campaign["recipients"], 3);
    let id = campaign["id"].as_i64().expect("id");

    let morning = next_china_hour(&setup.app, 10);
    let first = deliver(&setup.app, morning).await;
    assert_eq!(first.inbox_delivered, 3);
    assert_eq!(
        (first.sms_sent, first.sms_retrying),
        (1, 2),
        "the gateway failed the first two"
    );
    for worker in &workers {
        let messages = recommendations_in_inbox(worker).await;
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0]["link"], format!("/courses/{}", setup.course_id));
        assert_eq!(messages[0]["body"], "家门口学技能，培训免费还有补贴");
    }

    // This process leases the two due SMS and stops before sending them.
    let retry = morning + Duration::seconds(31);
    let leased = lease(&setup.app, retry).await;
    assert_eq!(leased.len(), 2);

    let restarted = another_process(&setup.app, &settings).await;
    let too_soon = deliver(&restarted, retry + Duration::minutes(5)).await;
    assert_eq!(
        too_soon,
        DeliveryRound::default(),
        "the lease still holds them"
    );
    let taken_over = deliver(&restarted, retry + Duration::minutes(11)).await;
    assert_eq!(taken_over.sms_sent, 2, "{taken_over:?}");
    assert_eq!(
        deliver(&restarted, retry + Duration::hours(1)).await,
        DeliveryRound::default(),
        "nothing is left to send"
    );

    let sent = gateway.sent.lock().expect("sent").clone();
    assert_eq!(sent.len(), 3, "one SMS per worker: {sent:?}");
    let requests = gateway.requests.lock().expect("requests").clone();
    assert!(requests.iter().all(|r| r.signed), "{requests:?}");
    for (key, _) in &sent {
        let attempts = requests.iter().filter(|r| r.key == *key).count();
        assert!(attempts <= 2, "{key} tried {attempts} times");
    }
    let link = format!("{}/courses/{}", setup.app.origin, setup.course_id);
    let mut mobiles: Vec<&str> = sent
        .iter()
        .map(|(_, message)| message["mobile"].as_str().expect("a mobile"))
        .collect();
    mobiles.sort_unstable();
    assert_eq!(mobiles, ["13700130071", "13700130072", "13700130073"]);
    for (_, message) in &sent {
        assert_eq!(
            message["text"],
            format!("【技能培训通】家门口学技能，培训免费还有补贴 {link}")
        );
    }
    for worker in &workers {
        assert_eq!(recommendations_in_inbox(worker).await.len(), 1);
    }
    let (status, view) = setup.bureau.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(
        view["messages"],
        json!([
            { "channel": "inbox", "state": "delivered", "messages": 3 },
            { "channel": "sms", "state": "delivered", "messages": 3 },
        ])
    );
}

#[tokio::test]
async fn a_gateway_that_never_accepts_is_tried_five_times_and_the_failure_recorded() {
    let (gateway, base) = start_gateway(usize::MAX).await;
    let settings = [
        DELIVERY_BY_HAND,
        ("SKILLPASS_SMS_GATEWAY_URL", base.as_str()),
        ("SKILLPASS_SMS_GATEWAY_KEY", GATEWAY_KEY),
    ];
    let setup = setup_on(spawn_app_with(&settings).await).await;
    worker(&setup.app, 74, "350100", &["returning_migrant"]).await;
    let campaign = sent_campaign(&setup, json!({})).await;
    let mut at = next_china_hour(&setup.app, 9);
    let mut failed = 0;
    for _ in 0..5 {
        let round = deliver(&setup.app, at).await;
        failed += round.sms_failed;
        at += Duration::hours(1);
    }
    assert_eq!(failed, 1);
    assert_eq!(gateway.requests.lock().expect("requests").len(), 5);
    let id = campaign["id"].as_i64().expect("id");
    let (_, view) = setup.bureau.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(
        view["messages"][1],
        json!({ "channel": "sms", "state": "failed", "messages": 1 })
    );
}

/// Leases the SMS due at `at` as one process would.
async fn lease(app: &TestApp, at: DateTime<Utc>) -> Vec<app::server::db::campaigns::DueMessage> {
    let mut tx = app.db.begin().await.expect("a transaction");
    let leased =
        app::server::db::campaigns::lease_due_sms(&mut tx, at, at + Duration::minutes(10), 50)
            .await
            .expect("leased");
    tx.commit().await.expect("committed");
    leased
}

#[tokio::test]
async fn an_outcome_that_comes_after_its_lease_ran_out_changes_nothing() {
    let (_gateway, base) = start_gateway(usize::MAX).await;
    let settings = [
        DELIVERY_BY_HAND,
        ("SKILLPASS_SMS_GATEWAY_URL", base.as_str()),
        ("SKILLPASS_SMS_GATEWAY_KEY", GATEWAY_KEY),
    ];
    let setup = setup_on(spawn_app_with(&settings).await).await;
    worker(&setup.app, 75, "350100", &["returning_migrant"]).await;
    let campaign = sent_campaign(&setup, json!({})).await;
    let morning = next_china_hour(&setup.app, 9);
    assert_eq!(deliver(&setup.app, morning).await.sms_retrying, 1);

    let slow = lease(&setup.app, morning + Duration::minutes(1)).await;
    let later = lease(&setup.app, morning + Duration::minutes(12)).await;
    assert_eq!((slow.len(), later.len()), (1, 1), "the first lease ran out");
    assert_eq!(later[0].attempts, slow[0].attempts + 1);
    let db = &setup.app.db;
    let stale = app::server::db::campaigns::record_sms_failure(
        db,
        slow[0].id,
        slow[0].attempts,
        "refused after the lease ran out",
        None,
    )
    .await
    .expect("answered");
    assert!(!stale, "the slow process no longer decides");
    let sent = app::server::db::campaigns::record_sms_sent(
        db,
        later[0].id,
        later[0].attempts,
        morning + Duration::minutes(12),
    )
    .await
    .expect("answered");
    assert!(sent);
    let id = campaign["id"].as_i64().expect("id");
    let (_, view) = setup.bureau.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(
        view["messages"][1],
        json!({ "channel": "sms", "state": "delivered", "messages": 1 })
    );
}

#[tokio::test]
async fn the_weekly_limit_and_the_quiet_hours_hold_a_message_back_until_it_may_go() {
    let settings = [
        DELIVERY_BY_HAND,
        ("SKILLPASS_RECOMMENDATIONS_WEEKLY_LIMIT", "1"),
    ];
    let setup = setup_on(spawn_app_with(&settings).await).await;
    let reader = worker(&setup.app, 81, "350100", &["returning_migrant"]).await;
    let leaver = worker(&setup.app, 82, "350100", &["returning_migrant"]).await;
    sent_campaign(&setup, json!({})).await;
    sent_campaign(&setup, json!({ "categories": ["returning_migrant"] })).await;

    let night = next_china_hour(&setup.app, 22);
    let held = deliver(&setup.app, night).await;
    assert_eq!((held.inbox_delivered, held.inbox_postponed), (0, 4));
    let (status, _) = leaver
        .put("/api/v1/me/recommendations", &json!({ "receive": false }))
        .await;
    assert_eq!(status, StatusCode::OK);
    let morning = night + Duration::hours(10);
    assert_eq!(
        deliver(&setup.app, morning - Duration::minutes(1)).await,
        DeliveryRound::default(),
        "not before eight"
    );
    let delivered = deliver(&setup.app, morning).await;
    assert_eq!(
        (
            delivered.inbox_delivered,
            delivered.inbox_postponed,
            delivered.dropped
        ),
        (1, 1, 2),
        "one a week even of two due at once; the worker who said no in the night gets nothing"
    );
    assert_eq!(recommendations_in_inbox(&reader).await.len(), 1);
    let week_on = morning + Duration::days(7);
    assert_eq!(
        deliver(&setup.app, week_on - Duration::minutes(1))
            .await
            .inbox_delivered,
        0
    );
    let delivered = deliver(&setup.app, week_on + Duration::seconds(1)).await;
    assert_eq!(delivered.inbox_delivered, 1, "a week after the first");
    assert_eq!(recommendations_in_inbox(&reader).await.len(), 2);
    assert!(recommendations_in_inbox(&leaver).await.is_empty());
}

/// Several processes share a PostgreSQL database; an SQLite file is
/// served by one process, whose rounds may still overlap.
#[tokio::test]
async fn two_delivery_rounds_at_once_deliver_each_message_once() {
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    let mut workers = Vec::new();
    for sequence in 91..=96 {
        workers.push(worker(&setup.app, sequence, "350100", &["returning_migrant"]).await);
    }
    sent_campaign(&setup, json!({})).await;
    let other = match setup.app.db {
        Database::Postgres { .. } => another_process(&setup.app, &[DELIVERY_BY_HAND])
            .await
            .state
            .clone(),
        Database::Sqlite { .. } => setup.app.state.clone(),
    };
    let at = next_china_hour(&setup.app, 11);
    let (one, two) = tokio::join!(deliver_due(&setup.app.state, at), deliver_due(&other, at));
    let (one, two) = (one.expect("a round"), two.expect("a round"));
    assert_eq!(one.inbox_delivered + two.inbox_delivered, 6);
    for worker in &workers {
        assert_eq!(recommendations_in_inbox(worker).await.len(), 1);
    }
}

#[tokio::test]
async fn only_a_bureau_sends_to_its_own_city_once_and_the_province_reads_every_campaign() {
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    let app = &setup.app;
    let draft = course_campaign(&setup, &setup.level, json!({}));
    let (status, body) = setup.institution.post("/api/v1/campaigns", &draft).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let someone = worker(app, 101, "350100", &["returning_migrant"]).await;
    let (status, _) = someone.post("/api/v1/campaigns/audience", &draft).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.browser().get("/api/v1/campaigns").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let xiamen = staff(app, "bureau", "xiamen-bureau", "350200", None).await;
    let (status, body) = xiamen.post("/api/v1/campaigns", &draft).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "another city's course: {body}"
    );

    let (status, created) = setup.bureau.post("/api/v1/campaigns", &draft).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["audience_size"]["workers"], 1);
    let id = created["id"].as_i64().expect("id");
    let path = format!("/api/v1/campaigns/{id}");
    let (status, _) = xiamen.get(&path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = xiamen.post(&format!("{path}/send"), &json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let empty = course_campaign(
        &setup,
        &setup.level,
        json!({ "categories": ["zero_employment_family"] }),
    );
    let (status, changed) = setup.bureau.put(&path, &empty).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    let (status, body) = setup.bureau.post(&format!("{path}/send"), &json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "audience_empty");
    let (status, _) = setup.bureau.put(&path, &draft).await;
    assert_eq!(status, StatusCode::OK);
    let (status, sent) = setup.bureau.post(&format!("{path}/send"), &json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let (status, body) = setup.bureau.post(&format!("{path}/send"), &json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "campaign_sent");
    let (status, body) = setup.bureau.put(&path, &draft).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "campaign_sent")
    );

    let province = staff(app, "province", "fujian", "", None).await;
    let (status, all) = province.get("/api/v1/campaigns").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    let (status, _) = province.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = province.post("/api/v1/campaigns", &draft).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "read-only");

    for action in ["campaign.create", "campaign.update", "campaign.send"] {
        let (_, records) = setup
            .bureau
            .get(&format!("/api/v1/audit?action={action}"))
            .await;
        assert!(
            records
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r["target"] == format!("campaign:{id}"))),
            "{action}: {records}"
        );
    }
    let (_, sent_record) = setup.bureau.get("/api/v1/audit?action=campaign.send").await;
    assert_eq!(sent_record[0]["reason"], "recipients:1");
}

async fn recommended(worker: &Browser) -> Vec<Value> {
    let (status, items) = worker.get("/api/v1/me/recommended").await;
    assert_eq!(status, StatusCode::OK, "{items}");
    items.as_array().expect("a list").clone()
}

/// How many workers opened or dismissed the campaign's recommendation.
async fn reactions(app: &TestApp, campaign_id: i64) -> (i64, i64) {
    on_db!(app, pool => {
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT COUNT(opened_at), COUNT(dismissed_at) FROM recommendation_reactions
              WHERE campaign_id = $1",
        )
        .bind(campaign_id)
        .fetch_one(pool)
        .await
    })
    .expect("counted")
}

#[tokio::test]
async fn a_worker_sees_a_pushed_offer_with_why_opens_it_in_one_tap_and_dismisses_it() {
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    let app = &setup.app;
    let reader = worker(app, 111, "350100", &["returning_migrant"]).await;
    let other = worker(app, 112, "350100", &["poverty_alleviated"]).await;
    let campaign = sent_campaign(&setup, json!({ "categories": ["returning_migrant"] })).await;
    let id = campaign["id"].as_i64().expect("id");
    deliver(app, next_china_hour(app, 10)).await;

    let items = recommended(&reader).await;
    let pushed = &items[0];
    assert_eq!(pushed["kind"], "pushed", "{items:?}");
    assert_eq!(pushed["item"], format!("campaign:{id}"));
    assert_eq!(pushed["reason"], "因为你是返乡农民工，在福州市");
    assert_eq!(pushed["detail"], "家门口学技能，培训免费还有补贴");
    let open = pushed["open"].as_str().expect("a link");
    assert_eq!(open, format!("/recommended/open?item=campaign:{id}"));
    let (status, home) = reader.page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("为你推荐"), "the home page shows them");
    assert!(home.contains(&format!("data-recommended=\"campaign:{id}\"")));
    assert!(home.contains("因为你是返乡农民工，在福州市"));
    let (_, inbox) = reader.page("/inbox").await;
    assert!(
        inbox.contains(&format!("data-recommended=\"campaign:{id}\"")),
        "and the inbox"
    );
    assert!(
        !recommended(&other)
            .await
            .iter()
            .any(|item| item["kind"] == "pushed"),
        "not sent to the other worker"
    );

    let home = reader.get_raw("/").await;
    let caching = home.headers()["cache-control"].to_str().unwrap_or_default();
    assert!(
        caching.contains("no-store"),
        "a worker's home page is personal: {caching}"
    );
    let from_elsewhere = reader
        .client
        .get(format!("{}{open}", reader.address))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("answered");
    assert_eq!(from_elsewhere.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        reactions(app, id).await,
        (0, 0),
        "a link from another site counts nothing"
    );
    let signed_out = app.browser().get_raw(open).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    assert!(
        signed_out.headers()["location"]
            .to_str()
            .is_ok_and(|to| to.starts_with("/sign-in?next=")),
        "signed out, through the sign-in page"
    );
    for _ in 0..2 {
        let answer = reader.get_raw(open).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            answer.headers()["location"],
            format!("/courses/{}", setup.course_id).as_str()
        );
    }
    assert_eq!(reactions(app, id).await, (1, 0), "opened, counted once");
    let (status, _) = other
        .post(
            "/api/v1/me/recommended/open",
            &json!({ "item": format!("campaign:{id}") }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not delivered to them");
    let (status, body) = reader
        .post(
            "/api/v1/me/recommended/open",
            &json!({ "item": "https://evil.example" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (status, _) = reader
        .post(
            "/api/v1/me/recommended/dismiss",
            &json!({ "item": format!("campaign:{id}") }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(reactions(app, id).await, (1, 1));
    assert!(!recommended(&reader)
        .await
        .iter()
        .any(|item| item["item"] == format!("campaign:{id}")));
    let (_, home) = reader.page("/").await;
    assert!(!home.contains(&format!("data-recommended=\"campaign:{id}\"")));

    let (status, _) = setup.bureau.get("/api/v1/me/recommended").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "workers only");

    assert!(!recommended(&other).await.is_empty());
    let (status, _) = other
        .put("/api/v1/me/recommendations", &json!({ "receive": false }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        recommended(&other).await,
        Vec::<Value>::new(),
        "turned off, nothing is chosen for them"
    );
}

#[tokio::test]
async fn without_a_campaign_rules_choose_urgent_courses_classes_soon_and_the_living_allowance() {
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    let app = &setup.app;
    let sessions = (2..=4)
        .map(|day| session_from_now(day * 24 * 60, 120, "offline"))
        .collect();
    let (class_id, _) = approved_class(&setup, 30, sessions).await;
    let worker = worker(app, 121, "350100", &["poverty_alleviated"]).await;
    verify_declared_categories(&setup.bureau).await;

    let items = recommended(&worker).await;
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["kind"].as_str()).collect();
    let class = items
        .iter()
        .find(|i| i["item"] == format!("class:{class_id}"))
        .unwrap_or_else(|| panic!("the class starting soon: {items:?}"));
    assert_eq!(class["kind"], "starting_soon");
    assert!(
        class["reason"]
            .as_str()
            .is_some_and(|r| r.contains("还剩 30 个名额")),
        "{class}"
    );
    assert!(kinds.contains(&"living_allowance"), "{kinds:?}");
    let (_, urgent) = app
        .get_json("/api/v1/courses?city=350100&urgent=true")
        .await;
    if urgent["courses"]["total"].as_i64().unwrap_or(0) > 0 {
        assert!(kinds.contains(&"urgent"), "{kinds:?}");
    }
    let english = worker
        .client
        .get(format!("{}/api/v1/me/recommended", worker.address))
        .header("accept-language", "en")
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a body");
    assert!(english.contains("seats left"), "{english}");
}

/// A worker of the cohort enrols in `class_id`; their enrolment.
pub(crate) async fn enrol_in(worker: &Browser, class_id: i64) -> i64 {
    let (status, enrolment) = worker
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{enrolment}");
    enrolment["id"].as_i64().expect("an enrolment id")
}

fn funnel_line(view: &Value, category: Value) -> Vec<i64> {
    view["funnel"]
        .as_array()
        .expect("a funnel")
        .iter()
        .find(|line| line["category"] == category)
        .unwrap_or_else(|| panic!("a line for {category}: {view}"))["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|step| step["workers"].as_i64().expect("a count"))
        .collect()
}

#[tokio::test]
async fn the_funnel_follows_a_scripted_cohort_from_the_message_to_the_certificate_by_category() {
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    let app = &setup.app;
    let sessions: Vec<Value> = (3..=5)
        .map(|day| session_from_now(day * 24 * 60, 120, "offline"))
        .collect();
    let (class_id, session_ids) = approved_class(&setup, 30, sessions).await;
    let certified = worker(app, 131, "350100", &["returning_migrant"]).await;
    let failed = worker(app, 132, "350100", &["rural_transferred"]).await;
    let enrolled_only = worker(app, 133, "350100", &["rural_transferred"]).await;
    let opened_only = worker(app, 134, "350100", &["rural_transferred"]).await;
    worker(app, 135, "350100", &["rural_transferred"]).await;
    let (status, draft) = setup
        .bureau
        .post(
            "/api/v1/campaigns",
            &json!({
                "offer_kind": "class", "offer_id": class_id.to_string(),
                "message_zh": "下周开班，还有名额", "audience": {},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    let id = draft["id"].as_i64().expect("id");
    let (status, _) = setup
        .bureau
        .post(&format!("/api/v1/campaigns/{id}/send"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let morning = next_china_hour(app, 10);
    app.state.clock.advance(morning - app.state.clock.now());
    assert_eq!(deliver(app, app.state.clock.now()).await.inbox_delivered, 5);

    let first = enrol_in(&certified, class_id).await;
    let second = enrol_in(&failed, class_id).await;
    enrol_in(&enrolled_only, class_id).await;
    let answer = opened_only
        .get_raw(&format!("/recommended/open?item=campaign:{id}"))
        .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    for enrolment in [first, second] {
        for session in &session_ids {
            crate::subsidies::attend(&setup, *session, enrolment).await;
        }
    }
    app.state.clock.advance(Duration::days(6));
    record_assessment(&setup, first, true, 92).await;
    record_assessment(&setup, second, false, 41).await;
    let (status, verified) = crate::subsidies::verify(&setup, first, "verified").await;
    assert_eq!(status, StatusCode::OK, "{verified}");

    let (status, view) = setup.bureau.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(funnel_line(&view, Value::Null), [5, 5, 4, 3, 2, 1, 1, 0]);
    assert_eq!(
        funnel_line(&view, json!("returning_migrant")),
        [1, 1, 1, 1, 1, 1, 1, 0]
    );
    assert_eq!(
        funnel_line(&view, json!("rural_transferred")),
        [4, 4, 3, 2, 1, 0, 0, 0]
    );
    assert_eq!(view["funnel"][0]["steps"][2]["share_of_previous"], 80.0);

    let csv = setup
        .bureau
        .get_raw(&format!("/api/v1/campaigns/{id}/funnel?format=csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.expect("a body");
    assert!(text.contains("已推送") && text.contains("已取证"), "{text}");
    assert!(
        text.contains("全部推送对象,5,,5,100.0%,4,80.0%,3,75.0%"),
        "{text}"
    );
    let xlsx = setup
        .bureau
        .get_raw(&format!("/api/v1/campaigns/{id}/funnel"))
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.expect("a body");
    assert!(bytes.starts_with(b"PK"), "an XLSX file");
    let xiamen = staff(app, "bureau", "xiamen-funnel", "350200", None).await;
    let (status, _) = xiamen.get(&format!("/api/v1/campaigns/{id}/funnel")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_javascript_a_bureau_drafts_a_campaign_sees_its_reach_sends_it_and_follows_it() {
    use crate::forms::{location, post_form};
    let setup = setup_on(spawn_app_with(&[DELIVERY_BY_HAND]).await).await;
    let app = &setup.app;
    worker(app, 141, "350100", &["returning_migrant"]).await;
    worker(app, 142, "350100", &["rural_transferred"]).await;
    let (status, page) = setup.bureau.page("/campaigns/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-form=\"campaign\""));
    let form = [
        ("offer_kind", "course".to_owned()),
        ("offer_id", setup.course_id.to_string()),
        ("certificate_level", setup.level.clone()),
        ("message_zh", "家门口学技能，补贴到手".to_owned()),
        ("categories[]", "returning_migrant".to_owned()),
    ];
    let saved = post_form(
        &setup.bureau,
        &setup,
        "/sfn/save-campaign",
        "/campaigns/new",
        &form,
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let path = location(&saved).to_owned();
    assert!(path.starts_with("/campaigns/"), "{path}");
    let (_, page) = setup.bureau.page(&path).await;
    assert!(
        page.contains("data-audience=\"1\""),
        "one returning migrant"
    );
    assert!(page.contains("发送给 1 名劳动者"));
    let id: i64 = path
        .trim_start_matches("/campaigns/")
        .parse()
        .expect("an id");
    let sent = post_form(
        &setup.bureau,
        &setup,
        "/sfn/send-campaign",
        &path,
        &[("id", id.to_string())],
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.bureau.page(&path).await;
    assert!(page.contains("data-status=\"sent\""));
    assert!(page.contains("data-funnel"), "the funnel table");
    assert!(page.contains("class=\"funnel-chart\""), "and its chart");
    let (_, list) = setup.bureau.page("/campaigns").await;
    assert!(list.contains(&format!("data-campaign=\"{id}\"")));

    let province = staff(app, "province", "fj-campaigns", "", None).await;
    let (status, page) = province.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("data-form=\"send-campaign\""), "read-only");
    let (status, _) = setup.institution.page("/campaigns").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
