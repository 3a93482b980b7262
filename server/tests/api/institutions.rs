use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{error_code, spawn_app};

fn names(body: &Value) -> Vec<String> {
    body["institutions"]["items"]
        .as_array()
        .expect("an institution list")
        .iter()
        .map(|i| i["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[tokio::test]
async fn institutions_can_be_searched_by_name() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/institutions?city=350200&q=%E6%8A%80%E5%B8%88")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(names(&body), ["厦门技师学院"]);
}

#[tokio::test]
async fn institutions_can_be_filtered_by_nature() {
    let app = spawn_app().await;
    let (_, body) = app
        .get_json("/api/v1/institutions?city=350500&nature=state_enterprise")
        .await;
    let items = body["institutions"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["nature"] == "state_enterprise"));
}

#[tokio::test]
async fn institutions_can_be_filtered_by_an_occupation_they_may_train() {
    let app = spawn_app().await;
    // 育婴 = childcare
    let (_, body) = app
        .get_json("/api/v1/institutions?city=350100&occupation=%E8%82%B2%E5%A9%B4")
        .await;
    let found = names(&body);
    assert!(
        found.contains(&"福州巧手家政职业培训学校".to_owned()),
        "{found:?}"
    );
    assert!(
        !found.contains(&"福州建工集团职工培训学校".to_owned()),
        "{found:?}"
    );
}

#[tokio::test]
async fn an_institution_lists_its_occupations_linked_to_the_city_courses() {
    let app = spawn_app().await;
    let (_, list) = app
        .get_json("/api/v1/institutions?city=350100&q=%E5%B7%A7%E6%89%8B")
        .await;
    let id = list["institutions"]["items"][0]["id"]
        .as_i64()
        .expect("an id");
    let (status, institution) = app.get_json(&format!("/api/v1/institutions/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(institution["nature"], "private");
    assert!(institution["contact_phone"]
        .as_str()
        .is_some_and(|p| p.len() == 11));
    let occupations = institution["occupations"].as_array().expect("occupations");
    assert!(occupations
        .iter()
        .any(|o| o["name"] == "育婴员" && o["course_id"].is_i64()));
}

#[tokio::test]
async fn unknown_institutions_are_404_and_bad_filters_400() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/institutions/424242").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    let (status, body) = app
        .get_json("/api/v1/institutions?city=350100&nature=foreign")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "nature");
}
