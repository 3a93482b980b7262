use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_answers_200_while_the_database_is_reachable() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn health_answers_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn a_catalogue_request_without_the_database_is_a_503_not_a_crash() {
    let app = spawn_app().await;
    app.db.close().await;
    let (status, body) = app.get_json("/api/v1/courses?city=350100").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(crate::helpers::error_code(&body), "unavailable");
}
