use reqwest::{header, StatusCode};

use crate::helpers::spawn_app;

#[tokio::test]
async fn choosing_a_language_remembers_it_and_returns_to_the_page() {
    let app = spawn_app().await;
    let response = app
        .get("/prefs/lang?to=en&next=%2Fcourses%3Fcity%3D350100")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/courses?city=350100");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii");
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));
}

#[tokio::test]
async fn choosing_a_city_remembers_it() {
    let app = spawn_app().await;
    let response = app.get("/prefs/city?code=350200&next=%2Fcourses").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii");
    assert!(cookie.starts_with("city=350200;"), "{cookie}");
}

#[tokio::test]
async fn a_preference_link_never_redirects_to_another_site() {
    let app = spawn_app().await;
    let response = app
        .get("/prefs/lang?to=zh&next=%2F%2Fevil.example%2F")
        .await;
    assert_eq!(response.headers()[header::LOCATION], "/");
}

#[tokio::test]
async fn unknown_languages_and_cities_are_refused_with_a_message() {
    let app = spawn_app().await;
    let response = app.get("/prefs/lang?to=klingon").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let response = app.get("/prefs/city?code=110000").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.expect("text").contains("110000"));
}
