use reqwest::{header, StatusCode};

use crate::helpers::{course_names, error_code, spawn_app};

#[tokio::test]
async fn every_city_publishes_at_least_twenty_courses_and_eight_institutions() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/cities").await;
    assert_eq!(status, StatusCode::OK);
    let cities = body.as_array().expect("a list of cities");
    assert_eq!(cities.len(), 10);
    for city in cities {
        assert!(city["courses"].as_i64() >= Some(20), "{city}");
        assert!(city["institutions"].as_i64() >= Some(8), "{city}");
    }
}

#[tokio::test]
async fn searching_for_part_of_a_chinese_name_finds_the_course() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/courses?city=350100&q=%E8%82%B2%E5%A9%B4")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(course_names(&body), ["育婴员"]);
    assert_eq!(body["courses"]["items"][0]["occupation_code"], "4-10-01-02");
    assert_eq!(body["catalogue"]["is_demo"], true);
}

#[tokio::test]
async fn searching_for_the_start_of_a_code_finds_the_course() {
    let app = spawn_app().await;
    let (_, body) = app.get_json("/api/v1/courses?city=350200&q=6-31-01").await;
    assert_eq!(course_names(&body), ["电工"]);
}

#[tokio::test]
async fn a_wildcard_character_in_the_search_is_matched_literally() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/courses?city=350100&q=%25").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["courses"]["total"], 0);
}

#[tokio::test]
async fn the_urgent_filter_keeps_only_urgently_needed_courses() {
    let app = spawn_app().await;
    let (_, all) = app
        .get_json("/api/v1/courses?city=350500&per_page=100")
        .await;
    let (_, urgent) = app
        .get_json("/api/v1/courses?city=350500&urgent=true&per_page=100")
        .await;
    let urgent_items = urgent["courses"]["items"].as_array().expect("items");
    assert!(!urgent_items.is_empty());
    assert!(urgent_items.iter().all(|c| c["urgent"] == true));
    assert!(urgent["courses"]["total"].as_i64() < all["courses"]["total"].as_i64());
}

#[tokio::test]
async fn the_training_type_filter_keeps_only_that_type() {
    let app = spawn_app().await;
    let (_, body) = app
        .get_json("/api/v1/courses?city=350100&type=entrepreneurship")
        .await;
    let names = course_names(&body);
    assert!(names.contains(&"SYB创业培训".to_owned()), "{names:?}");
    assert!(body["courses"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|c| c["training_type"] == "entrepreneurship"));
}

#[tokio::test]
async fn long_lists_come_in_pages_that_do_not_overlap() {
    let app = spawn_app().await;
    let (_, first) = app
        .get_json("/api/v1/courses?city=350100&per_page=10")
        .await;
    let (_, second) = app
        .get_json("/api/v1/courses?city=350100&per_page=10&page=2")
        .await;
    let (first, second) = (course_names(&first), course_names(&second));
    assert_eq!(first.len(), 10);
    assert_eq!(second.len(), 10);
    assert!(first.iter().all(|name| !second.contains(name)));
    let (_, beyond) = app
        .get_json("/api/v1/courses?city=350100&per_page=10&page=50")
        .await;
    assert!(course_names(&beyond).is_empty());
    assert!(
        beyond["courses"]["total"].as_i64() >= Some(20),
        "the total is kept past the end"
    );
}

#[tokio::test]
async fn a_course_shows_its_subsidy_per_level_and_who_may_teach_it() {
    let app = spawn_app().await;
    let (_, list) = app
        .get_json("/api/v1/courses?city=350100&q=%E8%82%B2%E5%A9%B4")
        .await;
    let id = list["courses"]["items"][0]["id"].as_i64().expect("an id");
    let (status, course) = app.get_json(&format!("/api/v1/courses/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let levels: Vec<&str> = course["subsidy"]["amounts"]
        .as_array()
        .expect("amounts")
        .iter()
        .map(|a| a["level"].as_str().expect("a level"))
        .collect();
    assert_eq!(levels, ["level5", "level4", "level3"]);
    assert_eq!(
        course["subsidy"]["amounts"][0]["amount"], 150_000,
        "1,500 yuan in fen"
    );
    let teachers: Vec<&str> = course["institutions"]
        .as_array()
        .expect("institutions")
        .iter()
        .map(|i| i["name"].as_str().expect("a name"))
        .collect();
    assert!(
        teachers.contains(&"福州巧手家政职业培训学校"),
        "{teachers:?}"
    );
}

#[tokio::test]
async fn the_syb_course_has_no_code_and_one_amount_for_the_certificate() {
    let app = spawn_app().await;
    let (_, list) = app.get_json("/api/v1/courses?city=350128&q=SYB").await;
    assert_eq!(course_names(&list), ["SYB创业培训"]);
    let id = list["courses"]["items"][0]["id"].as_i64().expect("an id");
    let (_, course) = app.get_json(&format!("/api/v1/courses/{id}")).await;
    assert!(course["occupation_code"].is_null());
    assert_eq!(course["certificate_kind"], "entrepreneurship");
    assert_eq!(
        course["subsidy"]["amounts"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(!course["institutions"]
        .as_array()
        .expect("institutions")
        .is_empty());
}

#[tokio::test]
async fn bad_query_values_are_refused_with_400_naming_the_field() {
    let app = spawn_app().await;
    let long = "电".repeat(41);
    for (query, field) in [
        ("", "city"),
        ("city=999999", "city"),
        ("city=350100&type=cooking", "type"),
        ("city=350100&urgent=maybe", "urgent"),
        ("city=350100&page=0", "page"),
        ("city=350100&page=abc", "page"),
        ("city=350100&per_page=1000", "per_page"),
        (&format!("city=350100&q={long}"), "q"),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/courses?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(error_code(&body), "invalid_input");
        assert_eq!(body["error"]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn a_query_string_that_cannot_be_read_is_a_400_in_the_error_shape() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/courses?city=350100&city=350200")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "malformed_request");
    let (status, body) = app.get_json("/api/v1/courses?city=%FF%FE").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "invalid UTF-8 is read lossily and refused"
    );
    assert_eq!(error_code(&body), "invalid_input");
}

#[tokio::test]
async fn unknown_or_malformed_course_ids_are_404_or_400() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/courses/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    for id in ["abc", "0", "-1", "99999999999999999999"] {
        let (status, body) = app.get_json(&format!("/api/v1/courses/{id}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{id}");
        assert_eq!(error_code(&body), "invalid_input");
    }
    let (status, body) = app.get_json("/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
}

#[tokio::test]
async fn error_messages_follow_the_requested_language() {
    let app = spawn_app().await;
    let (_, chinese) = app
        .get_json("/api/v1/courses?city=350100&type=cooking")
        .await;
    let (_, english) = app
        .get_json_with(
            "/api/v1/courses?city=350100&type=cooking",
            &[(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")],
        )
        .await;
    assert!(chinese["error"]["message"]
        .as_str()
        .expect("message")
        .contains("培训类型"));
    assert!(english["error"]["message"]
        .as_str()
        .expect("message")
        .contains("training type"));
}
