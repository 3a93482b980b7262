//! Issue 22's hand-off from an in-app browser: a worker who scans the
//! classroom code with WeChat (or Alipay) lands in a browser that hides
//! passkeys. The page moves to an address that carries a hand-off token,
//! explains with a picture how to open it in the phone's own browser, and
//! the code stays confirmable there within the scan grace.

use chrono::{Duration, Utc};
use reqwest::{header, StatusCode};
use serde_json::json;

use app::{
    domain::{Direction, ScanPurpose},
    server::check_in_codes,
};

use crate::{
    classes::{approved_class, screen_code, session_from_now, setup, Setup},
    helpers::error_code,
};

const WECHAT: &str = "Mozilla/5.0 (Linux; Android 12; V2145A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230405 MMWEBID/2585 MicroMessenger/8.0.35.2360(0x2800235B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
const PHONE_BROWSER: &str = "Mozilla/5.0 (Linux; Android 12; V2145A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

async fn session(setup: &Setup) -> i64 {
    let (_, sessions) = approved_class(setup, 30, vec![session_from_now(10, 60, "offline")]).await;
    sessions[0]
}

/// A check-in code of `session_id` as the screen showed it `seconds_ago`.
fn code_shown(setup: &Setup, session_id: i64, seconds_ago: i64) -> String {
    let keys = &setup.app.state.security.keys;
    let shown_at = Utc::now() - Duration::seconds(seconds_ago);
    check_in_codes::issue(keys, session_id, ScanPurpose::Mark(Direction::In), shown_at)
}

#[tokio::test]
async fn wechat_is_sent_to_an_address_it_can_hand_to_the_phones_browser() {
    let setup = setup().await;
    let session_id = session(&setup).await;
    let code = screen_code(&setup, session_id, "in").await;

    let response = setup
        .app
        .get_with(&format!("/c/{code}"), &[(header::USER_AGENT, WECHAT)])
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("a location")
        .to_owned();
    let token = check_in_codes::handoff_token(&setup.app.state.security.keys, &code);
    assert_eq!(location, format!("/c/{code}?handoff={token}"));

    let (status, page) = setup
        .app
        .get_page(&location, &[(header::USER_AGENT, WECHAT)])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-handoff"), "the hand-off explanation");
    assert!(page.contains("在浏览器打开"), "names the menu item");
    assert!(page.contains("<svg"), "with a picture of the menu");

    let (status, page) = setup
        .app
        .get_page(
            &format!("/c/{code}"),
            &[(header::USER_AGENT, PHONE_BROWSER)],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the phone's own browser is not moved"
    );
    assert!(!page.contains("data-handoff") && page.contains("data-check-in"));
}

#[tokio::test]
async fn a_handed_off_code_stays_confirmable_within_the_grace_and_not_after() {
    let setup = setup().await;
    let session_id = session(&setup).await;
    let keys = &setup.app.state.security.keys;
    let worker = setup.app.browser();

    let old = code_shown(&setup, session_id, 40);
    let (status, refused) = worker
        .post("/api/v1/check-ins", &json!({ "code": old }))
        .await;
    assert_eq!(status, StatusCode::GONE, "{refused}");
    let token = check_in_codes::handoff_token(keys, &old);
    let (status, page) = setup
        .app
        .get_page(
            &format!("/c/{old}?handoff={token}"),
            &[(header::USER_AGENT, PHONE_BROWSER)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-check-in"),
        "the check-in page, not an error"
    );
    let (status, scan) = worker
        .post(
            "/api/v1/check-ins",
            &json!({ "code": old, "handoff": token }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    let classmate = setup.app.browser();
    let (status, again) = classmate
        .post(
            "/api/v1/check-ins",
            &json!({ "code": old, "handoff": token }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::GONE,
        "the link starts one scan only: {again}"
    );
    assert_eq!(error_code(&again), "handoff_used");

    let (status, forged) = worker
        .post(
            "/api/v1/check-ins",
            &json!({ "code": old, "handoff": "0".repeat(32) }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{forged}");
    assert_eq!(error_code(&forged), "code_invalid");

    let too_old = code_shown(&setup, session_id, 120);
    let token = check_in_codes::handoff_token(keys, &too_old);
    let (status, expired) = worker
        .post(
            "/api/v1/check-ins",
            &json!({ "code": too_old, "handoff": token }),
        )
        .await;
    assert_eq!(status, StatusCode::GONE, "past the grace: {expired}");
}

#[tokio::test]
async fn registering_or_signing_in_inside_wechat_explains_the_hand_off_too() {
    let setup = setup().await;
    for page in ["/register", "/sign-in"] {
        let (status, inside) = setup
            .app
            .get_page(page, &[(header::USER_AGENT, WECHAT)])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(inside.contains("data-handoff"), "{page} in WeChat");
        assert!(inside.contains("在浏览器里注册或登录"), "{page} in WeChat");
        let (_, outside) = setup
            .app
            .get_page(page, &[(header::USER_AGENT, PHONE_BROWSER)])
            .await;
        assert!(
            !outside.contains("data-handoff"),
            "{page} in the phone's browser"
        );
    }
}
