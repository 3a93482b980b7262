//! Security headers on every kind of answer: pages, API answers, errors
//! and static files; HSTS only when the public origin is https.

use reqwest::{header, StatusCode};

use crate::helpers::{spawn_app, spawn_https_app, TestApp};

fn assert_hardened(response: &reqwest::Response, what: &str) {
    let headers = response.headers();
    let value = |name: &header::HeaderName| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_else(|| panic!("{what} lacks {name}"))
            .to_owned()
    };
    let policy = value(&header::CONTENT_SECURITY_POLICY);
    for part in [
        "default-src 'self'",
        "script-src 'self' 'nonce-",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(part), "{what}: {part} missing in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
    assert_eq!(value(&header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{what}");
    assert_eq!(value(&header::X_FRAME_OPTIONS), "DENY", "{what}");
    assert!(headers.contains_key(header::REFERRER_POLICY), "{what}");
}

/// The answers of every kind the server gives.
const ANSWERS: &[(&str, &str)] = &[
    ("a hydrated page", "/courses?city=350100"),
    ("a server-rendered page", "/classes"),
    ("an API answer", "/api/v1/cities"),
    ("an API error", "/api/v1/courses/999999"),
    ("a page not found", "/no-such-page"),
    ("a static file", "/favicon.svg"),
    ("the health check", "/healthz"),
];

async fn assert_every_answer_hardened(app: &TestApp, hsts: bool) {
    for (what, path) in ANSWERS {
        let response = app.get(path).await;
        assert_hardened(&response, what);
        assert_eq!(
            response
                .headers()
                .contains_key(header::STRICT_TRANSPORT_SECURITY),
            hsts,
            "{what}: HSTS only under an https origin"
        );
    }
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    assert_every_answer_hardened(&app, false).await;
}

#[tokio::test]
async fn an_https_origin_adds_strict_transport_security() {
    let app = spawn_https_app().await;
    assert_every_answer_hardened(&app, true).await;
    let file = app.get("/favicon.svg").await;
    assert_eq!(
        file.status(),
        StatusCode::OK,
        "the site's static files are served"
    );
    let response = app.get("/api/v1/cities").await;
    assert_eq!(
        response.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn check_in_and_display_pages_send_no_referrer_to_other_sites() {
    let app = spawn_app().await;
    // The check-in page's forms post to this site, which must see their
    // origin; no other site learns the code.
    let response = app.get("/c/1-i-1-00").await;
    assert_eq!(response.headers()[header::REFERRER_POLICY], "same-origin");
    let response = app.get("/screen/1-20260101-00").await;
    assert_eq!(response.headers()[header::REFERRER_POLICY], "no-referrer");
    let response = app.get("/classes").await;
    assert_eq!(
        response.headers()[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );
}
