use app::{
    domain::{NewStaffAccount, StaffAccountInput},
    server::{
        accounts,
        audit::{verify_chain, ChainReport},
    },
};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    helpers::{spawn_app, Browser, TestApp},
};

/// A valid Fujian ID number with the given sequence, check digit computed.
pub fn id_number(sequence: u32) -> String {
    let first17 = format!("35010219900101{:03}", sequence % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// A registration form; each ID number gets its own mobile number, as
/// registrations per number are limited.
fn worker_form(id: &str) -> Value {
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    let mobile = format!("138{}", &digits[digits.len().saturating_sub(8)..]);
    json!({
        "real_name": "王小明",
        "id_number": id,
        "mobile": mobile,
        "city": "350100",
        "categories": ["rural_transferred", "poverty_alleviated"],
    })
}

/// Registers a worker with a passkey on `phone`; returns the account.
pub async fn register_with_passkey(browser: &Browser, phone: &mut Phone, id: &str) -> Value {
    let (status, challenge) = browser
        .post("/api/v1/auth/register/worker/passkey", &worker_form(id))
        .await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let (status, me) = browser
        .post("/api/v1/auth/passkeys/finish", &phone.create(&challenge))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    me
}

pub async fn sign_in_with_passkey(browser: &Browser, phone: &mut Phone) -> (StatusCode, Value) {
    let (status, challenge) = browser
        .post("/api/v1/auth/sign-in/passkey", &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    browser
        .post(
            "/api/v1/auth/sign-in/passkey/finish",
            &phone.sign_in(&challenge),
        )
        .await
}

/// Creates a staff account directly (as the CLI bootstrap does) and
/// enrols it with a password; returns its browser.
pub async fn staff(
    app: &TestApp,
    role: &str,
    username: &str,
    city: &str,
    institution_id: Option<i64>,
) -> Browser {
    let input = StaffAccountInput {
        role: role.into(),
        display_name: "林晓".into(),
        username: username.into(),
        city: city.into(),
        institution_id: institution_id.map(|id| id.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    let account = NewStaffAccount::try_from(&input).expect("valid staff account");
    let issued = accounts::create_staff_unchecked(&app.state, None, &account, chrono::Utc::now())
        .await
        .expect("created");
    let browser = app.browser();
    let (status, body) = browser
        .post(
            "/api/v1/auth/code/password",
            &json!({ "login": username, "code": issued.code, "password": "staff-password-1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    browser
}

#[tokio::test]
async fn a_worker_registers_with_a_passkey_and_signs_in_without_a_user_name() {
    let app = spawn_app().await;
    let mut phone = Phone::new(&app.origin);
    let browser = app.browser();
    let me = register_with_passkey(&browser, &mut phone, &id_number(1)).await;
    assert_eq!(me["assurance"], "passkey");
    assert_eq!(
        me["account"]["id_number_masked"],
        "3501**********0011".replace("0011", &id_number(1)[14..])
    );
    assert_eq!(me["account"]["role"], "worker");

    let other_browser = app.browser();
    let (status, me) = sign_in_with_passkey(&other_browser, &mut phone).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["account"]["display_name"], "王小明");
    let (status, _) = other_browser.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_second_account_for_the_same_id_number_is_refused_with_the_way_to_recover() {
    let app = spawn_app().await;
    let mut phone = Phone::new(&app.origin);
    register_with_passkey(&app.browser(), &mut phone, &id_number(2)).await;
    let (status, body) = app
        .browser()
        .post(
            "/api/v1/auth/register/worker/passkey",
            &worker_form(&id_number(2)),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "account_exists");
    assert!(body["error"]["message"]
        .as_str()
        .expect("message")
        .contains("恢复码"));
}

#[tokio::test]
async fn a_bad_id_number_is_refused_naming_the_problem() {
    let app = spawn_app().await;
    let mut wrong = id_number(3);
    wrong.replace_range(17..18, if wrong.ends_with('1') { "2" } else { "1" });
    let (status, body) = app
        .browser()
        .post("/api/v1/auth/register/worker/passkey", &worker_form(&wrong))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "id_number");
    assert!(body["error"]["message"]
        .as_str()
        .expect("message")
        .contains("校验码"));
}

#[tokio::test]
async fn a_replayed_or_foreign_origin_assertion_is_rejected() {
    let app = spawn_app().await;
    let mut phone = Phone::new(&app.origin);
    let browser = app.browser();
    register_with_passkey(&browser, &mut phone, &id_number(4)).await;

    let (_, challenge) = browser
        .post("/api/v1/auth/sign-in/passkey", &json!({}))
        .await;
    let answer = phone.sign_in(&challenge);
    let (status, _) = browser
        .post("/api/v1/auth/sign-in/passkey/finish", &answer)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = browser
        .post("/api/v1/auth/sign-in/passkey/finish", &answer)
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the ceremony is used once: {body}"
    );
    assert_eq!(body["error"]["code"], "expired");

    let (_, fresh) = browser
        .post("/api/v1/auth/sign-in/passkey", &json!({}))
        .await;
    let mut replay = answer.clone();
    replay["ceremony"] = fresh["ceremony"].clone();
    let (status, body) = browser
        .post("/api/v1/auth/sign-in/passkey/finish", &replay)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "an old assertion fails a new challenge: {body}"
    );

    phone.at_origin("http://localhost:1");
    let (_, challenge) = browser
        .post("/api/v1/auth/sign-in/passkey", &json!({}))
        .await;
    let (status, body) = browser
        .post(
            "/api/v1/auth/sign-in/passkey/finish",
            &phone.sign_in(&challenge),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"]["code"], "sign_in_failed");
}

#[tokio::test]
async fn a_second_passkey_can_be_added_for_a_new_phone() {
    let app = spawn_app().await;
    let mut old_phone = Phone::new(&app.origin);
    let browser = app.browser();
    register_with_passkey(&browser, &mut old_phone, &id_number(5)).await;
    let (status, challenge) = browser.post("/api/v1/me/passkeys", &json!({})).await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let mut new_phone = Phone::new(&app.origin);
    let (status, me) = browser
        .post(
            "/api/v1/auth/passkeys/finish",
            &new_phone.create(&challenge),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    assert_eq!(me["account"]["passkeys"].as_array().map(Vec::len), Some(2));
    for phone in [&mut old_phone, &mut new_phone] {
        let (status, _) = sign_in_with_passkey(&app.browser(), phone).await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_password_fallback_works_marks_lower_assurance_and_is_rate_limited() {
    let app = spawn_app().await;
    let id = id_number(6);
    let mut form = worker_form(&id);
    form["password"] = json!("long enough password");
    let (status, me) = app
        .browser()
        .post("/api/v1/auth/register/worker/password", &form)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    assert_eq!(me["assurance"], "password");

    let browser = app.browser();
    let (status, me) = browser
        .post(
            "/api/v1/auth/sign-in/password",
            &json!({ "login": id, "password": "long enough password" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["assurance"], "password");

    let wrong = json!({ "login": id, "password": "wrong password!" });
    for _ in 0..6 {
        let (status, _) = app
            .browser()
            .post("/api/v1/auth/sign-in/password", &wrong)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Past five free attempts from one address the account waits a delay
    // that doubles with each further failure.
    let response = app
        .browser()
        .post_raw("/api/v1/auth/sign-in/password", &wrong)
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let (_, body) = crate::helpers::json_answer(reqwest::Method::POST, response).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("秒后再试")),
        "{body}"
    );
}

#[tokio::test]
async fn sessions_are_http_only_cookies_rotated_on_sign_in_and_revocable_everywhere() {
    let app = spawn_app().await;
    let mut phone = Phone::new(&app.origin);
    let first = app.browser();
    register_with_passkey(&first, &mut phone, &id_number(7)).await;

    let (_, challenge) = first.post("/api/v1/auth/sign-in/passkey", &json!({})).await;
    let response = first
        .post_raw(
            "/api/v1/auth/sign-in/passkey/finish",
            &phone.sign_in(&challenge),
        )
        .await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain-HTTP localhost");

    let second = app.browser();
    assert_eq!(
        sign_in_with_passkey(&second, &mut phone).await.0,
        StatusCode::OK
    );
    let (status, body) = second
        .post("/api/v1/auth/sign-out-everywhere", &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["ended_sessions"].as_i64() >= Some(2));
    assert_eq!(first.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(second.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);

    let third = app.browser();
    sign_in_with_passkey(&third, &mut phone).await;
    assert_eq!(
        third.post("/api/v1/auth/sign-out", &json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(third.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_state_changing_request_from_another_site_is_refused() {
    let app = spawn_app().await;
    let plain = reqwest::Client::new();
    let mut form = worker_form(&id_number(8));
    form["password"] = json!("long enough password");
    let response = plain
        .post(format!(
            "{}/api/v1/auth/register/worker/password",
            app.address
        ))
        .header(header::ORIGIN, &app.origin)
        .json(&form)
        .send()
        .await
        .expect("answered");
    let set_cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let cookie = set_cookie.split(';').next().expect("a cookie").to_owned();
    let (_, me) = crate::helpers::json_answer(reqwest::Method::POST, response).await;

    let post = |path: &str| {
        plain
            .post(format!("{}{path}", app.address))
            .header(header::COOKIE, &cookie)
    };
    let forged = post("/api/v1/auth/sign-out-everywhere")
        .header(header::ORIGIN, "https://evil.example")
        .send()
        .await
        .expect("answered");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let (_, body) = crate::helpers::json_answer(reqwest::Method::POST, forged).await;
    assert_eq!(body["error"]["code"], "cross_site_request");

    let without_proof = post("/api/v1/me/passkeys").send().await.expect("answered");
    assert_eq!(
        without_proof.status(),
        StatusCode::FORBIDDEN,
        "no Origin and no token"
    );
    let with_token = post("/api/v1/me/passkeys")
        .header("X-CSRF-Token", me["csrf_token"].as_str().expect("token"))
        .json(&json!({ "password": "long enough password" }))
        .send()
        .await
        .expect("answered");
    assert_eq!(with_token.status(), StatusCode::OK);
}

#[tokio::test]
async fn id_numbers_are_stored_encrypted_and_shown_masked_but_the_owner_can_download_theirs() {
    let app = spawn_app().await;
    let id = id_number(9);
    let mut phone = Phone::new(&app.origin);
    let browser = app.browser();
    let me = register_with_passkey(&browser, &mut phone, &id).await;
    assert!(!me.to_string().contains(&id));

    let rows =
        app::server::db::identity::find_user(&app.db, me["account"]["id"].as_str().expect("id"))
            .await
            .expect("read")
            .expect("a row");
    let dump = format!(
        "{rows:?}{}",
        String::from_utf8_lossy(rows.id_number_cipher.as_deref().unwrap_or_default())
    );
    assert!(
        !dump.contains(&id),
        "a database dump must not reveal the ID number"
    );
    assert!(!dump.contains(&id[6..14]), "nor its birth date");

    let response = browser
        .client
        .get(format!("{}/api/v1/me/data", app.address))
        .send()
        .await
        .expect("answered");
    assert!(response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains("attachment"));
    let (_, data) = crate::helpers::json_answer(reqwest::Method::GET, response).await;
    assert_eq!(data["id_number"], id);
    assert!(data["audit"]
        .as_array()
        .is_some_and(|records| !records.is_empty()));
}

#[tokio::test]
async fn protected_endpoints_answer_401_without_a_session() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in [
        "/api/v1/me",
        "/api/v1/me/data",
        "/api/v1/accounts",
        "/api/v1/audit",
    ] {
        let (status, body) = browser.get(path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(body["error"]["code"], "sign_in_required");
    }
    for path in [
        "/api/v1/auth/sign-out",
        "/api/v1/auth/sign-out-everywhere",
        "/api/v1/me/passkeys",
        "/api/v1/accounts",
        "/api/v1/accounts/recovery-codes",
    ] {
        let (status, _) = browser
            .post(
                path,
                &json!({ "id_number": id_number(1), "role": "bureau" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_bureau_manages_staff_of_its_own_city_only_and_refusals_are_recorded() {
    let app = spawn_app().await;
    let fuzhou = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let (_, institutions) = app.get_json("/api/v1/institutions?city=350100").await;
    let institution_id = institutions["institutions"]["items"][0]["id"]
        .as_i64()
        .expect("an id");

    let (status, issued) = fuzhou
        .post(
            "/api/v1/accounts",
            &json!({ "role": "institution", "display_name": "陈老师", "username": "fz-school", "city": "350100", "institution_id": institution_id.to_string() }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert_eq!(issued["code"].as_str().map(str::len), Some(8));

    let (status, body) = fuzhou
        .post("/api/v1/accounts", &json!({ "role": "employer", "display_name": "黄经理", "username": "xm-firm", "city": "350200" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = fuzhou
        .post(
            "/api/v1/accounts",
            &json!({ "role": "province", "display_name": "黄经理", "username": "prov-2" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = fuzhou
        .post("/api/v1/accounts", &json!({ "role": "employer", "display_name": "黄经理", "username": "fz-school", "city": "350100" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "username_taken");

    let (status, staff_list) = fuzhou.get("/api/v1/accounts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(staff_list
        .as_array()
        .expect("list")
        .iter()
        .all(|a| a["city"] == "350100"));
    assert_eq!(
        fuzhou.get("/api/v1/accounts?city=350200").await.0,
        StatusCode::FORBIDDEN
    );

    let (status, records) = fuzhou.get("/api/v1/audit?action=access.refused").await;
    assert_eq!(status, StatusCode::OK);
    assert!(records.as_array().expect("records").len() >= 3, "{records}");

    let mut phone = Phone::new(&app.origin);
    let worker = app.browser();
    register_with_passkey(&worker, &mut phone, &id_number(10)).await;
    assert_eq!(
        worker.get("/api/v1/accounts").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(worker.get("/api/v1/audit").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_bureau_of_the_workers_city_issues_a_recovery_code_that_works_once() {
    let app = spawn_app().await;
    let id = id_number(11);
    let mut lost_phone = Phone::new(&app.origin);
    register_with_passkey(&app.browser(), &mut lost_phone, &id).await;
    let request = json!({ "id_number": id, "identity_check": "id_card_in_person" });

    let xiamen = staff(&app, "bureau", "xm-bureau", "350200", None).await;
    let (status, _) = xiamen
        .post("/api/v1/accounts/recovery-codes", &request)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another city's bureau");

    let (_, institutions) = app.get_json("/api/v1/institutions?city=350100").await;
    let institution_id = institutions["institutions"]["items"][0]["id"].as_i64();
    let school = staff(&app, "institution", "fz-school", "350100", institution_id).await;
    let (status, _) = school
        .post("/api/v1/accounts/recovery-codes", &request)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an institution");

    let fuzhou = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let (status, issued) = fuzhou
        .post("/api/v1/accounts/recovery-codes", &request)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert!(
        !issued.to_string().contains(&id),
        "the full number is not echoed"
    );

    let mut new_phone = Phone::new(&app.origin);
    let worker = app.browser();
    let code_form = json!({ "login": id, "code": issued["code"] });
    let (status, challenge) = worker.post("/api/v1/auth/code/passkey", &code_form).await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let (status, me) = worker
        .post(
            "/api/v1/auth/passkeys/finish",
            &new_phone.create(&challenge),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{me}");
    assert_eq!(
        sign_in_with_passkey(&app.browser(), &mut new_phone).await.0,
        StatusCode::OK
    );

    let (status, challenge) = worker.post("/api/v1/auth/code/passkey", &code_form).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "used once: {challenge}");
}

#[tokio::test]
async fn the_audit_trail_is_scoped_chained_and_tampering_is_detected() {
    let app = spawn_app().await;
    let mut phone = Phone::new(&app.origin);
    register_with_passkey(&app.browser(), &mut phone, &id_number(12)).await;
    let fuzhou = staff(&app, "bureau", "fz-bureau", "350100", None).await;
    let xiamen = staff(&app, "bureau", "xm-bureau", "350200", None).await;
    let province = staff(&app, "province", "fj-province", "", None).await;

    let (_, fuzhou_records) = fuzhou.get("/api/v1/audit").await;
    let fuzhou_records = fuzhou_records.as_array().expect("records").clone();
    assert!(fuzhou_records
        .iter()
        .any(|r| r["action"] == "account.register"));
    assert!(fuzhou_records.iter().all(|r| r["city_code"] == "350100"));
    let (_, xiamen_records) = xiamen.get("/api/v1/audit?action=account.register").await;
    assert!(
        xiamen_records.as_array().expect("records").is_empty(),
        "{xiamen_records}"
    );
    let (_, all) = province.get("/api/v1/audit").await;
    assert!(all.as_array().expect("records").len() > fuzhou_records.len());

    assert!(
        matches!(verify_chain(&app.db).await, Ok(ChainReport::Intact { records, .. }) if records >= 5)
    );
    let update = "UPDATE audit_log SET reason = 'forged' WHERE seq = 1";
    let refused = match &app.db {
        app::server::db::Database::Sqlite { writer: pool, .. } => {
            sqlx::query(update).execute(pool).await.is_err()
        }
        app::server::db::Database::Postgres { pool, .. } => {
            sqlx::query(update).execute(pool).await.is_err()
        }
    };
    assert!(refused, "the log refuses updates");
    // Someone with full database access removes the guard and edits a record:
    let tamper: &[&str] = match &app.db {
        app::server::db::Database::Sqlite { .. } => &["DROP TRIGGER audit_log_no_update", update],
        app::server::db::Database::Postgres { .. } => {
            &["DROP TRIGGER audit_log_no_update ON audit_log", update]
        }
    };
    for statement in tamper {
        match &app.db {
            app::server::db::Database::Sqlite { writer: pool, .. } => {
                sqlx::query(statement).execute(pool).await.map(|_| ())
            }
            app::server::db::Database::Postgres { pool, .. } => {
                sqlx::query(statement).execute(pool).await.map(|_| ())
            }
        }
        .expect("tampering");
    }
    assert_eq!(
        verify_chain(&app.db).await,
        Ok(ChainReport::Broken {
            seq: 1,
            problem: "content changed after it was written"
        })
    );
}

#[tokio::test]
async fn only_the_accounts_own_session_can_finish_adding_a_passkey() {
    let app = spawn_app().await;
    let mut phone = Phone::new(&app.origin);
    let owner = app.browser();
    register_with_passkey(&owner, &mut phone, &id_number(13)).await;
    let (_, challenge) = owner.post("/api/v1/me/passkeys", &json!({})).await;
    let mut stranger_phone = Phone::new(&app.origin);
    let stranger = app.browser();
    let (status, body) = stranger
        .post(
            "/api/v1/auth/passkeys/finish",
            &stranger_phone.create(&challenge),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (_, me) = owner.get("/api/v1/me").await;
    assert_eq!(me["account"]["passkeys"].as_array().map(Vec::len), Some(1));
}
