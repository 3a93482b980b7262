//! Employers and training orders: registration with the credit-code check,
//! verification by the bureau, posting, approval, bids (揭榜), the pick,
//! and who may see what.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    classes::{approved_platform, session_from_now, Setup},
    helpers::{error_code, spawn_app, Browser, TestApp},
    identity::{id_number, register_with_passkey, sign_in_with_passkey, staff},
    subsidies::{attend, end_classes, enrol, record_assessment, three_days},
};

/// Valid codes (their check characters computed by GB 32100), one per
/// test employer.
pub const MINJIANG_CODE: &str = "91350100M000100Y43";
pub const HAIXIA_CODE: &str = "91350102MA2Y0FJ55J";

/// Fuzhou institutions by the course ids they may train.
async fn institutions_by_course(app: &TestApp) -> Vec<(i64, Vec<i64>)> {
    let (status, list) = app.get_json("/api/v1/institutions?city=350100").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mut found = Vec::new();
    for item in list["institutions"]["items"].as_array().expect("items") {
        let id = item["id"].as_i64().expect("id");
        let (_, detail) = app.get_json(&format!("/api/v1/institutions/{id}")).await;
        let courses = detail["occupations"]
            .as_array()
            .expect("occupations")
            .iter()
            .filter_map(|occupation| occupation["course_id"].as_i64())
            .collect();
        found.push((id, courses));
    }
    found
}

/// A course two Fuzhou institutions may train, those two, and one that
/// may not train it.
pub struct Catalogue {
    pub course_id: i64,
    pub level: String,
    pub trainers: [i64; 2],
    pub outsider: i64,
}

pub async fn catalogue(app: &TestApp) -> Catalogue {
    let institutions = institutions_by_course(app).await;
    let (course_id, trainers, outsider) = institutions
        .iter()
        .flat_map(|(_, courses)| courses.iter().copied())
        .find_map(|course| {
            let trainers: Vec<i64> = institutions
                .iter()
                .filter(|(_, courses)| courses.contains(&course))
                .map(|(id, _)| *id)
                .collect();
            let outsider = institutions
                .iter()
                .find(|(_, courses)| !courses.contains(&course))
                .map(|(id, _)| *id);
            match (trainers.as_slice(), outsider) {
                ([first, second, ..], Some(outsider)) => {
                    Some((course, [*first, *second], outsider))
                }
                _ => None,
            }
        })
        .expect("a course two institutions of the demo catalogue may train");
    let (_, course) = app.get_json(&format!("/api/v1/courses/{course_id}")).await;
    let level = course["subsidy"]["amounts"][0]["level"]
        .as_str()
        .expect("a subsidised level")
        .to_owned();
    Catalogue {
        course_id,
        level,
        trainers,
        outsider,
    }
}

pub fn company(name: &str, credit_code: &str, city: &str) -> Value {
    json!({
        "name": name,
        "credit_code": credit_code,
        "address": "福州市马尾区江滨东大道 100 号",
        "city": city,
        "contact_person": "林晓",
        "contact_mobile": "13800138000",
    })
}

/// Registers an employer and returns its clerk's browser and the
/// employer's id.
pub async fn registered_employer(
    app: &TestApp,
    name: &str,
    credit_code: &str,
    username: &str,
) -> (Browser, i64) {
    let clerk = app.browser();
    let mut form = company(name, credit_code, "350100");
    form["display_name"] = json!("林晓");
    form["username"] = json!(username);
    form["password"] = json!("employer-password-1");
    let (status, me) = clerk.post("/api/v1/employers", &form).await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    assert_eq!(me["account"]["role"], "employer");
    let employer_id = me["account"]["employer_id"].as_i64().expect("employer id");
    (clerk, employer_id)
}

/// A registered employer its bureau has verified.
pub async fn verified_employer(
    app: &TestApp,
    bureau: &Browser,
    name: &str,
    credit_code: &str,
    username: &str,
) -> (Browser, i64) {
    let (clerk, id) = registered_employer(app, name, credit_code, username).await;
    verify_employer(bureau, id).await;
    (clerk, id)
}

/// The bureau verifies employer `id`.
pub async fn verify_employer(bureau: &Browser, id: i64) {
    let (status, body) = bureau
        .post(
            &format!("/api/v1/employers/{id}/decision"),
            &json!({ "decision": "verify" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

pub fn order_form(catalogue: &Catalogue, institution_id: Option<i64>) -> Value {
    json!({
        "kind": "order",
        "course_id": catalogue.course_id.to_string(),
        "certificate_level": catalogue.level,
        "trainees_wanted": "20",
        "requirements": "18 至 45 周岁，能适应两班倒",
        "start_training_by": "2099-01-15",
        "institution_id": institution_id.map(|id| id.to_string()).unwrap_or_default(),
        "positions": [
            {
                "title": "电子装配工",
                "openings": "15",
                "wage_min_yuan": "5000",
                "wage_max_yuan": "6500",
                "workplace": "福州市马尾区",
                "contract_months": "24",
                "starts_on": "2099-03-01",
            },
            {
                "title": "质检员",
                "openings": "5",
                "wage_min_yuan": "4500",
                "wage_max_yuan": "7000",
                "workplace": "福州市马尾区",
                "contract_months": "12",
                "starts_on": "2099-03-01",
            },
        ],
    })
}

/// An approved order of a verified employer, open to bids.
pub async fn approved_open_order(clerk: &Browser, bureau: &Browser, catalogue: &Catalogue) -> i64 {
    let (status, order) = clerk
        .post("/api/v1/orders", &order_form(catalogue, None))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["summary"]["id"].as_i64().expect("order id");
    let (status, order) = bureau
        .post(
            &format!("/api/v1/orders/{id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{order}");
    assert_eq!(order["summary"]["status"], "approved");
    id
}

#[tokio::test]
async fn a_wrong_credit_code_is_refused_saying_what_to_check_and_a_taken_one_is_refused_too() {
    let app = spawn_app().await;
    let mut form = company("福州闽江电子有限公司", "91350100M000100Y44", "350100");
    form["display_name"] = json!("林晓");
    form["username"] = json!("minjiang-hr");
    form["password"] = json!("employer-password-1");
    let (status, body) = app.browser().post("/api/v1/employers", &form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error_code(&body), "invalid_input");
    assert_eq!(body["error"]["field"], "credit_code");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("校验码")),
        "{body}"
    );

    registered_employer(&app, "福州闽江电子有限公司", MINJIANG_CODE, "minjiang-hr").await;
    let mut again = company("闽江电子（重复）", MINJIANG_CODE, "350100");
    again["display_name"] = json!("陈红");
    again["username"] = json!("minjiang-2");
    again["password"] = json!("employer-password-2");
    let (status, body) = app.browser().post("/api/v1/employers", &again).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "credit_code_registered");
}

#[tokio::test]
async fn an_employer_posts_orders_only_once_its_own_citys_bureau_has_verified_it() {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let (clerk, employer_id) =
        registered_employer(&app, "福州闽江电子有限公司", MINJIANG_CODE, "minjiang-hr").await;
    let (status, body) = clerk
        .post("/api/v1/orders", &order_form(&catalogue, None))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "employer_not_verified");

    let xiamen = staff(&app, "bureau", "xiamen-bureau", "350200", None).await;
    let decision = format!("/api/v1/employers/{employer_id}/decision");
    let (status, _) = xiamen
        .post(&decision, &json!({ "decision": "verify" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another city's bureau");

    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (status, pending) = bureau.get("/api/v1/employers?status=pending").await;
    assert_eq!(status, StatusCode::OK, "{pending}");
    assert_eq!(pending[0]["id"], employer_id);
    assert_eq!(pending[0]["credit_code"], MINJIANG_CODE);
    let (status, body) = bureau
        .post(&decision, &json!({ "decision": "reject" }))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a rejection needs a reason: {body}"
    );
    let (status, rejected) = bureau
        .post(
            &decision,
            &json!({ "decision": "reject", "reason": "地址与营业执照不符" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["status"], "rejected");

    let mut corrected = company("福州闽江电子有限公司", MINJIANG_CODE, "350100");
    corrected["address"] = json!("福州市马尾区儒江西路 8 号");
    let (status, body) = clerk
        .put(&format!("/api/v1/employers/{employer_id}"), &corrected)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "pending");
    let (status, verified) = bureau
        .post(&decision, &json!({ "decision": "verify" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["status"], "verified");
    let (status, body) = bureau
        .post(&decision, &json!({ "decision": "verify" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, order) = clerk
        .post("/api/v1/orders", &order_form(&catalogue, None))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    assert_eq!(order["summary"]["status"], "submitted");
    assert_eq!(order["jobs"]["openings"], 20);
    assert_eq!(order["jobs"]["wage_min_yuan"], 4500);
    assert_eq!(order["jobs"]["wage_max_yuan"], 7000);
}

#[tokio::test]
async fn an_open_order_is_returned_corrected_approved_bid_for_and_given_to_the_institution_picked()
{
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (clerk, _) = verified_employer(
        &app,
        &bureau,
        "福州闽江电子有限公司",
        MINJIANG_CODE,
        "minjiang-hr",
    )
    .await;
    let [first, second] = catalogue.trainers;
    let school_a = staff(&app, "institution", "school-a", "350100", Some(first)).await;
    let school_b = staff(&app, "institution", "school-b", "350100", Some(second)).await;
    let outsider = staff(
        &app,
        "institution",
        "school-c",
        "350100",
        Some(catalogue.outsider),
    )
    .await;

    let (status, order) = clerk
        .post("/api/v1/orders", &order_form(&catalogue, None))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["summary"]["id"].as_i64().expect("id");
    let path = format!("/api/v1/orders/{id}");
    let (status, _) = app.get_json(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not public before approval");
    let plan = json!({ "plan": "两名高级技师授课，马尾实训基地，周末班共 120 学时" });
    let (status, body) = school_a.post(&format!("{path}/bids"), &plan).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "not visible to bid yet: {body}"
    );

    let (status, returned) = bureau
        .post(
            &format!("{path}/decision"),
            &json!({ "decision": "return", "reason": "请写明招收对象的年龄要求" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    assert_eq!(returned["summary"]["status"], "returned");
    assert_eq!(returned["decision_reason"], "请写明招收对象的年龄要求");
    let (status, resubmitted) = clerk.put(&path, &order_form(&catalogue, None)).await;
    assert_eq!(status, StatusCode::OK, "{resubmitted}");
    assert_eq!(resubmitted["summary"]["status"], "submitted");
    let (status, approved) = bureau
        .post(
            &format!("{path}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["summary"]["status"], "approved");

    let (status, public) = app.get_json(&path).await;
    assert_eq!(status, StatusCode::OK, "{public}");
    assert_eq!(public["jobs"]["employer_name"], "福州闽江电子有限公司");
    assert_eq!(public["bids"], json!([]), "bids are not public");
    assert_eq!(public["history"], json!([]), "the history is not public");

    let (status, open) = school_a.get("/api/v1/orders?status=approved").await;
    assert_eq!(status, StatusCode::OK, "{open}");
    assert!(open.as_array().expect("list").iter().any(|o| o["id"] == id));
    let (_, not_theirs) = outsider.get("/api/v1/orders?status=approved").await;
    assert!(
        !not_theirs
            .as_array()
            .expect("list")
            .iter()
            .any(|o| o["id"] == id),
        "an institution that may not train the occupation is not offered it"
    );

    let (status, body) = school_a
        .post(&format!("{path}/bids"), &json!({ "plan": "可以" }))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "too short a plan: {body}");
    let (status, seen_by_a) = school_a.post(&format!("{path}/bids"), &plan).await;
    assert_eq!(status, StatusCode::CREATED, "{seen_by_a}");
    let (status, body) = school_a.post(&format!("{path}/bids"), &plan).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "already_bid");
    let (status, seen_by_b) = school_b.post(&format!("{path}/bids"), &plan).await;
    assert_eq!(status, StatusCode::CREATED, "{seen_by_b}");
    assert_eq!(
        seen_by_b["bids"].as_array().expect("bids").len(),
        1,
        "an institution sees its own bid only"
    );
    let (status, body) = outsider.post(&format!("{path}/bids"), &plan).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (_, with_bids) = clerk.get(&path).await;
    let bids = with_bids["bids"].as_array().expect("bids");
    assert_eq!(bids.len(), 2);
    let bid_a = bids
        .iter()
        .find(|bid| bid["institution_id"] == first)
        .and_then(|bid| bid["id"].as_i64())
        .expect("school A's bid");
    let (status, _) = school_a
        .post(&format!("{path}/bids/{bid_a}/pick"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the employer picks");
    let (status, assigned) = clerk
        .post(&format!("{path}/bids/{bid_a}/pick"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{assigned}");
    assert_eq!(assigned["summary"]["status"], "assigned");
    assert_eq!(assigned["summary"]["institution_id"], first);
    let statuses: Vec<(&Value, &Value)> = assigned["bids"]
        .as_array()
        .expect("bids")
        .iter()
        .map(|bid| (&bid["institution_id"], &bid["status"]))
        .collect();
    assert!(statuses.contains(&(&json!(first), &json!("picked"))));
    assert!(statuses.contains(&(&json!(second), &json!("not_picked"))));
    let (status, body) = clerk
        .post(&format!("{path}/bids/{bid_a}/pick"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let steps: Vec<&str> = assigned["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|step| step["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        steps,
        [
            "posted",
            "returned",
            "resubmitted",
            "approved",
            "bid",
            "bid",
            "picked"
        ]
    );
    let (status, audit) = bureau.get("/api/v1/audit?action=order.picked").await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    assert!(
        audit.to_string().contains(&format!("order:{id}")),
        "{audit}"
    );
}

#[tokio::test]
async fn an_employer_sees_only_its_own_orders_and_an_order_with_a_chosen_institution_is_assigned_on_approval(
) {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (minjiang, _) = verified_employer(
        &app,
        &bureau,
        "福州闽江电子有限公司",
        MINJIANG_CODE,
        "minjiang-hr",
    )
    .await;
    let (haixia, _) = verified_employer(
        &app,
        &bureau,
        "福州海峡食品有限公司",
        HAIXIA_CODE,
        "haixia-hr",
    )
    .await;
    let chosen = catalogue.trainers[0];
    let (status, order) = minjiang
        .post("/api/v1/orders", &order_form(&catalogue, Some(chosen)))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["summary"]["id"].as_i64().expect("id");
    assert_eq!(order["summary"]["open_to_any"], false);

    let (status, body) = haixia.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, own) = haixia.get("/api/v1/orders").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own, json!([]), "another employer's orders are not listed");
    let (status, body) = haixia
        .post(
            &format!("/api/v1/orders/{id}/withdrawal"),
            &json!({ "reason": "不要了" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let (status, assigned) = bureau
        .post(
            &format!("/api/v1/orders/{id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{assigned}");
    assert_eq!(assigned["summary"]["status"], "assigned");
    assert_eq!(assigned["summary"]["institution_id"], chosen);
    let (status, body) = minjiang
        .post(
            &format!("/api/v1/orders/{id}/withdrawal"),
            &json!({ "reason": "计划有变" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an assigned order stays: {body}"
    );

    let mut elsewhere = order_form(&catalogue, Some(catalogue.outsider));
    elsewhere["kind"] = json!("directed");
    let (status, body) = minjiang.post("/api/v1/orders", &elsewhere).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "course_id");
}

fn class_for(catalogue: &Catalogue, order_id: Option<i64>) -> Value {
    json!({
        "course_id": catalogue.course_id,
        "certificate_level": catalogue.level,
        "training_type": "employment_skills",
        "capacity": 20,
        "teacher": "陈老师",
        "venue": "福州市马尾区儒江西路 8 号实训楼",
        "latitude": 26.0,
        "longitude": 119.44,
        "sessions": [session_from_now(2 * 24 * 60, 180, "offline")],
        "commitment": true,
        "order_id": order_id,
    })
}

#[tokio::test]
async fn the_picked_institution_opens_a_class_for_the_order_and_workers_see_the_jobs_it_ends_in() {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (clerk, _) = verified_employer(
        &app,
        &bureau,
        "福州闽江电子有限公司",
        MINJIANG_CODE,
        "minjiang-hr",
    )
    .await;
    let [first, second] = catalogue.trainers;
    let picked = staff(&app, "institution", "school-a", "350100", Some(first)).await;
    let other = staff(&app, "institution", "school-b", "350100", Some(second)).await;
    let order_id = approved_open_order(&clerk, &bureau, &catalogue).await;
    let (status, bid) = picked
        .post(
            &format!("/api/v1/orders/{order_id}/bids"),
            &json!({ "plan": "两名高级技师授课，马尾实训基地，周末班共 120 学时" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{bid}");
    let bid_id = bid["bids"][0]["id"].as_i64().expect("bid id");
    let (status, body) = clerk
        .post(
            &format!("/api/v1/orders/{order_id}/bids/{bid_id}/pick"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = other
        .post("/api/v1/classes", &class_for(&catalogue, Some(order_id)))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "not the picked institution: {body}"
    );
    let mut wrong_level = class_for(&catalogue, Some(order_id));
    let (_, course) = app
        .get_json(&format!("/api/v1/courses/{}", catalogue.course_id))
        .await;
    if let Some(other_level) = course["subsidy"]["amounts"]
        .as_array()
        .expect("amounts")
        .iter()
        .map(|amount| amount["level"].clone())
        .find(|level| level != &json!(catalogue.level))
    {
        wrong_level["certificate_level"] = other_level;
        let (status, body) = picked.post("/api/v1/classes", &wrong_level).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["field"], "course_id");
    }

    let (status, class) = picked
        .post("/api/v1/classes", &class_for(&catalogue, Some(order_id)))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let class_id = class["id"].as_i64().expect("class id");
    assert_eq!(class["order_id"], order_id);
    let (status, approved) = bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");

    let (status, public) = app.get_json(&format!("/api/v1/classes/{class_id}")).await;
    assert_eq!(status, StatusCode::OK, "{public}");
    assert_eq!(public["jobs"]["employer_name"], "福州闽江电子有限公司");
    assert_eq!(public["jobs"]["openings"], 20);
    assert_eq!(public["jobs"]["wage_min_yuan"], 4500);
    assert_eq!(public["jobs"]["wage_max_yuan"], 7000);
    assert_eq!(public["jobs"]["positions"][0]["title"], "电子装配工");
    let (_, order) = clerk.get(&format!("/api/v1/orders/{order_id}")).await;
    assert_eq!(order["class_ids"], json!([class_id]));

    let worker = app.browser();
    let mut phone = Phone::new(&app.origin);
    register_with_passkey(&worker, &mut phone, &id_number(61)).await;
    let (status, enrolment) = worker
        .post(
            &format!("/api/v1/classes/{class_id}/enrolments"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{enrolment}");
    let (status, page) = worker.page(&format!("/classes/{class_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("培训后由福州闽江电子有限公司录用"),
        "the class page names the job"
    );
}

/// An order of Minjiang assigned to the first trainer, with a class for it
/// approved; as the classes suite's setup, so its helpers apply.
async fn order_with_a_class() -> (Setup, Browser, i64, i64) {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (clerk, _) = verified_employer(
        &app,
        &bureau,
        "福州闽江电子有限公司",
        MINJIANG_CODE,
        "minjiang-hr",
    )
    .await;
    let trainer = catalogue.trainers[0];
    let (status, order) = clerk
        .post("/api/v1/orders", &order_form(&catalogue, Some(trainer)))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let order_id = order["summary"]["id"].as_i64().expect("order id");
    let (status, _) = bureau
        .post(
            &format!("/api/v1/orders/{order_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let institution = staff(&app, "institution", "school-a", "350100", Some(trainer)).await;
    let (platform_id, platform_key) = approved_platform(&bureau, "福州职业技能在线").await;
    let setup = Setup {
        app,
        institution,
        bureau,
        institution_id: trainer,
        course_id: catalogue.course_id,
        level: catalogue.level.clone(),
        platform_id,
        platform_key,
    };
    let mut form = class_for(&catalogue, Some(order_id));
    form["sessions"] = json!(three_days());
    let (status, class) = setup.institution.post("/api/v1/classes", &form).await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let class_id = class["id"].as_i64().expect("class id");
    let (status, _) = setup
        .bureau
        .post(
            &format!("/api/v1/classes/{class_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    (setup, clerk, order_id, class_id)
}

#[tokio::test]
async fn the_employer_offers_a_job_to_a_trainee_who_completed_the_worker_accepts_and_retention_is_confirmed_when_due(
) {
    let (setup, clerk, order_id, class_id) = order_with_a_class().await;
    let (_, class) = setup
        .app
        .get_json(&format!("/api/v1/classes/{class_id}"))
        .await;
    let sessions: Vec<i64> = class["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| s["id"].as_i64().expect("id"))
        .collect();
    let passed = enrol(&setup, class_id, 71).await;
    let failed = enrol(&setup, class_id, 72).await;
    for session in &sessions {
        attend(&setup, *session, passed.enrolment_id).await;
        attend(&setup, *session, failed.enrolment_id).await;
    }
    let trainee_path = |enrolment_id: i64, what: &str| {
        format!("/api/v1/orders/{order_id}/trainees/{enrolment_id}/{what}")
    };
    let starts_on = (setup.app.state.clock.today() + Duration::days(14)).to_string();
    let offer = json!({ "outcome": "offer", "position": "电子装配工", "starts_on": starts_on });
    let (status, body) = clerk
        .post(&trainee_path(passed.enrolment_id, "outcome"), &offer)
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the class has not ended: {body}"
    );
    assert_eq!(error_code(&body), "trainee_not_completed");

    end_classes(&setup.app);
    record_assessment(&setup, passed.enrolment_id, true, 86).await;
    record_assessment(&setup, failed.enrolment_id, false, 41).await;

    let (status, trainees) = clerk
        .get(&format!("/api/v1/orders/{order_id}/trainees"))
        .await;
    assert_eq!(status, StatusCode::OK, "{trainees}");
    let listed = trainees.as_array().expect("trainees");
    assert_eq!(listed.len(), 2);
    for trainee in listed {
        let masked = trainee["id_number_masked"].as_str().expect("masked ID");
        assert!(masked.contains('*'), "only the masked ID number: {masked}");
    }
    assert!(
        !trainees.to_string().contains(&id_number(71)),
        "the full ID number never reaches the employer"
    );

    let (haixia, _) = verified_employer(
        &setup.app,
        &setup.bureau,
        "福州海峡食品有限公司",
        HAIXIA_CODE,
        "haixia-hr",
    )
    .await;
    let (status, _) = haixia
        .get(&format!("/api/v1/orders/{order_id}/trainees"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another employer's trainees");
    let (status, _) = haixia
        .post(&trainee_path(passed.enrolment_id, "outcome"), &offer)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, body) = clerk
        .post(&trainee_path(failed.enrolment_id, "outcome"), &offer)
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "failed the assessment: {body}"
    );
    let (status, offered) = clerk
        .post(&trainee_path(passed.enrolment_id, "outcome"), &offer)
        .await;
    assert_eq!(status, StatusCode::OK, "{offered}");
    assert_eq!(offered["status"], "offered");

    let (status, offers) = passed.browser.get("/api/v1/me/job-offers").await;
    assert_eq!(status, StatusCode::OK, "{offers}");
    assert_eq!(offers[0]["employer_name"], "福州闽江电子有限公司");
    let offer_id = offers[0]["id"].as_i64().expect("offer id");
    let answer = format!("/api/v1/job-offers/{offer_id}/answer");
    let (status, _) = failed
        .browser
        .post(&answer, &json!({ "answer": "accept" }))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not their offer");
    let (status, hire_early) = clerk
        .post(
            &trainee_path(passed.enrolment_id, "outcome"),
            &json!({ "outcome": "hired", "starts_on": starts_on }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "not before the worker accepts: {hire_early}"
    );
    let (status, accepted) = passed
        .browser
        .post(&answer, &json!({ "answer": "accept" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["status"], "accepted");
    let (status, _) = passed
        .browser
        .post(&answer, &json!({ "answer": "decline" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "answered once");

    let (status, hired) = clerk
        .post(
            &trainee_path(passed.enrolment_id, "outcome"),
            &json!({ "outcome": "hired", "starts_on": starts_on }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{hired}");
    assert_eq!(hired["status"], "hired");

    let still = json!({ "months": 3, "still_employed": true });
    let (status, body) = clerk
        .post(&trainee_path(passed.enrolment_id, "retention"), &still)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not due yet: {body}");
    setup.app.state.clock.advance(Duration::days(110));
    // Sessions last 14 days: both sign in again, months later.
    let (status, body) = clerk
        .post(
            "/api/v1/auth/sign-in/password",
            &json!({ "login": "minjiang-hr", "password": "employer-password-1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut phone = passed.phone;
    let (status, body) = sign_in_with_passkey(&passed.browser, &mut phone).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, retained) = clerk
        .post(&trainee_path(passed.enrolment_id, "retention"), &still)
        .await;
    assert_eq!(status, StatusCode::OK, "{retained}");
    assert_eq!(retained["retained_3_months"], true);
    let (status, body) = clerk
        .post(&trainee_path(passed.enrolment_id, "retention"), &still)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "retention_recorded");
    let six = json!({ "months": 6, "still_employed": true });
    let (status, _) = clerk
        .post(&trainee_path(passed.enrolment_id, "retention"), &six)
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "six months have not passed"
    );

    let (status, page) = passed.browser.page("/my/subsidies").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("入职满 3 个月"),
        "the timeline shows the hire"
    );
    assert!(page.contains("仍在岗"));
    let (status, body) = setup
        .bureau
        .post(
            "/api/v1/auth/sign-in/password",
            &json!({ "login": "fuzhou-bureau", "password": "staff-password-1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, audit) = setup
        .bureau
        .get("/api/v1/audit?action=hire.accepted_by_worker")
        .await;
    assert!(
        audit.to_string().contains(&format!("order:{order_id}")),
        "the worker's answer is on the order, for its bureau: {audit}"
    );
    let (_, audit) = setup.bureau.get("/api/v1/audit?action=hire.hired").await;
    assert!(
        audit.to_string().contains(&format!("order:{order_id}")),
        "{audit}"
    );

    let (status, own) = clerk.get("/api/v1/orders").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    let funnel = &own[0]["funnel"];
    assert_eq!(funnel["positions"], 20);
    assert_eq!(funnel["enrolled"], 2);
    assert_eq!(funnel["completed"], 1);
    assert_eq!(funnel["offered"], 1);
    assert_eq!(funnel["hired"], 1);
    assert_eq!(funnel["retained_3_months"], 1);
    assert_eq!(funnel["retained_6_months"], 0);
    let (_, public) = setup.app.get_json("/api/v1/orders?city=350100").await;
    assert_eq!(
        public[0]["funnel"],
        Value::Null,
        "how an order went is not public"
    );

    let csv = clerk.get_raw("/api/v1/orders/export?format=csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.expect("a CSV body");
    assert!(text.starts_with('\u{feff}'), "UTF-8 with a BOM for Excel");
    assert!(
        text.contains("订单号") && text.contains("福州闽江电子有限公司"),
        "{text}"
    );
    assert!(text.contains(",20,2,1,"), "the funnel's counts: {text}");
    let xlsx = clerk.get_raw("/api/v1/orders/export").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.expect("an XLSX body");
    assert!(bytes.starts_with(b"PK"), "an XLSX workbook");
    let worker_export = passed.browser.get_raw("/api/v1/orders/export").await;
    assert_eq!(worker_export.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_bureau_adds_staff_to_an_employer_of_its_city_who_then_work_on_its_orders() {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let (clerk, employer_id) = verified_employer(
        &app,
        &bureau,
        "福州闽江电子有限公司",
        MINJIANG_CODE,
        "minjiang-hr",
    )
    .await;
    let (status, order) = clerk
        .post("/api/v1/orders", &order_form(&catalogue, None))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");

    let account = |username: &str, city: &str| {
        json!({
            "role": "employer",
            "display_name": "陈红",
            "username": username,
            "city": city,
            "employer_id": employer_id.to_string(),
        })
    };
    let xiamen = staff(&app, "bureau", "xiamen-bureau", "350200", None).await;
    let (status, body) = xiamen
        .post("/api/v1/accounts", &account("minjiang-2", "350200"))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another city's employer: {body}"
    );
    let (status, issued) = bureau
        .post("/api/v1/accounts", &account("minjiang-2", "350100"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert_eq!(issued["account"]["employer_id"], employer_id);

    let colleague = app.browser();
    let (status, body) = colleague
        .post(
            "/api/v1/auth/code/password",
            &json!({ "login": "minjiang-2", "code": issued["code"], "password": "colleague-password-1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, own) = colleague.get("/api/v1/orders").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own[0]["id"], order["summary"]["id"], "the company's orders");
}

#[tokio::test]
async fn a_hire_of_a_trainee_who_attended_too_little_warns_the_bureau_which_clears_it_with_a_reason(
) {
    let (setup, clerk, order_id, class_id) = order_with_a_class().await;
    let (_, class) = setup
        .app
        .get_json(&format!("/api/v1/classes/{class_id}"))
        .await;
    let first_session = class["sessions"][0]["id"].as_i64().expect("a session");
    let absent = enrol(&setup, class_id, 81).await;
    attend(&setup, first_session, absent.enrolment_id).await;
    end_classes(&setup.app);
    record_assessment(&setup, absent.enrolment_id, true, 75).await;
    let outcome = format!(
        "/api/v1/orders/{order_id}/trainees/{}/outcome",
        absent.enrolment_id
    );
    let starts_on = (setup.app.state.clock.today() + Duration::days(7)).to_string();
    let (status, body) = clerk
        .post(
            &outcome,
            &json!({ "outcome": "offer", "position": "电子装配工", "starts_on": starts_on }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, offers) = absent.browser.get("/api/v1/me/job-offers").await;
    let offer_id = offers[0]["id"].as_i64().expect("offer");
    let (status, _) = absent
        .browser
        .post(
            &format!("/api/v1/job-offers/{offer_id}/answer"),
            &json!({ "answer": "accept" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = clerk
        .post(
            &outcome,
            &json!({ "outcome": "hired", "starts_on": starts_on }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let order_path = format!("/api/v1/orders/{order_id}");
    let (_, seen_by_employer) = clerk.get(&order_path).await;
    assert_eq!(
        seen_by_employer["warnings"],
        json!([]),
        "warnings are the bureau's"
    );
    let (_, seen_by_bureau) = setup.bureau.get(&order_path).await;
    let warning = &seen_by_bureau["warnings"][0];
    assert_eq!(warning["kind"], "hire_below_attendance");
    assert_eq!(
        warning["details"], "33|80",
        "one of three sessions, of the 80% a claim needs"
    );
    let warning_id = warning["id"].as_i64().expect("warning id");
    let (status, page) = setup.bureau.page(&format!("/orders/{order_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("出勤率只有 33%"),
        "the page explains the warning"
    );

    let clear = format!("{order_path}/warnings/{warning_id}/clear");
    let (status, _) = clerk.post(&clear, &json!({ "reason": "已核实" })).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the employer does not clear its own warning"
    );
    let (status, cleared) = setup
        .bureau
        .post(
            &clear,
            &json!({ "reason": "电话核实：学员因病缺课，企业另行岗前培训" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cleared}");
    assert_eq!(cleared["warnings"][0]["cleared"], true);
    let (status, body) = setup
        .bureau
        .post(&clear, &json!({ "reason": "再次" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn one_person_as_both_the_employers_and_the_institutions_contact_warns_the_bureau() {
    let app = spawn_app().await;
    let catalogue = catalogue(&app).await;
    let bureau = staff(&app, "bureau", "fuzhou-bureau", "350100", None).await;
    let trainer = catalogue.trainers[0];
    let (_, institution) = app
        .get_json(&format!("/api/v1/institutions/{trainer}"))
        .await;
    let their_contact = institution["contact_person"].as_str().expect("a contact");
    let clerk = app.browser();
    let mut form = company("福州闽江电子有限公司", MINJIANG_CODE, "350100");
    form["contact_person"] = json!(their_contact);
    form["display_name"] = json!("林晓");
    form["username"] = json!("minjiang-hr");
    form["password"] = json!("employer-password-1");
    let (status, me) = clerk.post("/api/v1/employers", &form).await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    let employer_id = me["account"]["employer_id"].as_i64().expect("employer");
    bureau
        .post(
            &format!("/api/v1/employers/{employer_id}/decision"),
            &json!({ "decision": "verify" }),
        )
        .await;
    let (_, order) = clerk
        .post("/api/v1/orders", &order_form(&catalogue, Some(trainer)))
        .await;
    let id = order["summary"]["id"].as_i64().expect("order");
    let (status, assigned) = bureau
        .post(
            &format!("/api/v1/orders/{id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{assigned}");
    assert_eq!(assigned["warnings"][0]["kind"], "shared_contact");
    assert_eq!(assigned["warnings"][0]["details"], their_contact);
}
