//! The classroom screen's display link: the rotating code without any
//! sign-in on the classroom PC, for the session's day only.

use app::server::screens;
use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    classes::{approved_class, enrolled_worker, session_from_now, setup, Setup},
    helpers::error_code,
};

/// An approved class with one session today (China time), a worker
/// enrolled in it, and the session's display link as staff copied it.
async fn class_with_display_link() -> (Setup, i64, String) {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    enrolled_worker(&setup, class_id, 1).await;
    let session_id = sessions[0];
    let (status, link) = setup
        .institution
        .get(&format!("/api/v1/sessions/{session_id}/display-link"))
        .await;
    assert_eq!(status, StatusCode::OK, "{link}");
    let url = link["url"].as_str().expect("a url").to_owned();
    assert!(link["valid_until"].as_str().is_some(), "{link}");
    (setup, session_id, url)
}

/// `/screen/{token}` of a display link URL, as a path.
fn path_of(url: &str) -> String {
    let token = url.rsplit('/').next().expect("a token");
    format!("/screen/{token}")
}

fn token_of(url: &str) -> String {
    url.rsplit('/').next().expect("a token").to_owned()
}

#[tokio::test]
async fn a_display_link_shows_the_code_without_any_session_cookie() {
    let (setup, session_id, url) = class_with_display_link().await;
    assert!(
        url.starts_with(&format!("{}/screen/", setup.app.origin)),
        "{url}"
    );
    let token = token_of(&url);

    let (status, page) = setup.app.get_page(&path_of(&url), &[]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!("data-screen-token=\"{token}\"")),
        "{page}"
    );

    let (status, shown) = setup
        .app
        .get_json(&format!("/api/v1/screens/{token}/code?direction=out"))
        .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["direction"], "out");
    assert!(shown["svg"].as_str().expect("svg").starts_with("<?xml"));
    assert!(shown["url"]
        .as_str()
        .expect("url")
        .contains(&format!("/c/{session_id}-o-")));

    let (status, audit) = setup.bureau.get("/api/v1/audit?action=screen.link").await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    assert!(
        audit.to_string().contains(&format!("session:{session_id}")),
        "issuing the link is audited: {audit}"
    );
}

#[tokio::test]
async fn a_display_link_from_yesterday_is_refused() {
    let (setup, session_id, url) = class_with_display_link().await;
    let yesterday = screens::local_day(Utc::now())
        .checked_sub_days(Days::new(1))
        .expect("a day");
    let old = screens::issue_token(&setup.app.state.security.keys, session_id, yesterday);

    let (status, body) = setup
        .app
        .get_json(&format!("/api/v1/screens/{old}/code"))
        .await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    assert_eq!(error_code(&body), "display_link_expired");

    let (status, page) = setup.app.get_page(&format!("/screen/{old}"), &[]).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("只在这次课的当天有效"), "{page}");
    let (status, page) = setup
        .app
        .get_page(
            &format!("/screen/{old}"),
            &[(reqwest::header::ACCEPT_LANGUAGE, "en")],
        )
        .await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        page.contains("works only on the day of its session"),
        "{page}"
    );

    let mut forged = token_of(&url);
    forged.replace_range(forged.len() - 4.., "0000");
    let (status, body) = setup
        .app
        .get_json(&format!("/api/v1/screens/{forged}/code"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error_code(&body), "display_link_invalid");
}

#[tokio::test]
async fn the_display_link_cannot_read_the_roster() {
    let (setup, session_id, url) = class_with_display_link().await;
    let token = token_of(&url);
    let (status, _) = setup
        .app
        .get_json(&format!("/api/v1/sessions/{session_id}/roster"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = setup
        .app
        .get_json(&format!("/api/v1/screens/{token}/roster"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, page) = setup.app.get_page(&path_of(&url), &[]).await;
    let (_, code): (StatusCode, Value) = setup
        .app
        .get_json(&format!("/api/v1/screens/{token}/code"))
        .await;
    for shown in [page.as_str(), &code.to_string()] {
        assert!(!shown.contains("王小明"), "no worker's name: {shown}");
        assert!(!shown.contains("/roster"), "no way to the roster: {shown}");
        assert!(
            !shown.contains("href=\"/account\""),
            "no site navigation: {shown}"
        );
    }
}

#[tokio::test]
async fn only_staff_who_run_the_class_get_a_display_link() {
    let setup = setup().await;
    let (class_id, sessions) =
        approved_class(&setup, 10, vec![session_from_now(2, 60, "offline")]).await;
    let (worker, _) = enrolled_worker(&setup, class_id, 2).await;
    let path = format!("/api/v1/sessions/{}/display-link", sessions[0]);
    let (status, body) = worker.get(&path).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = setup.app.get_json(&path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_display_page_hydrates_its_island_with_the_nonce_the_policy_names() {
    let (setup, _, url) = class_with_display_link().await;
    let response = setup.app.get(&path_of(&url)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()[reqwest::header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("text")
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_owned();
    let page = response.text().await.expect("html");
    assert!(
        page.contains("/pkg/skillpass"),
        "the island's script is linked"
    );
    assert!(page.contains(&format!("nonce=\"{nonce}\"")), "{page}");
    let again = setup.app.get(&path_of(&url)).await;
    assert!(
        !again.headers()[reqwest::header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text")
            .contains(&nonce),
        "a fresh nonce per answer"
    );
}
