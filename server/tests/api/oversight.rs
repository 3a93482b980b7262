//! Oversight: the yearly training targets, loaded for 2024 from the
//! province's table and changed by the province alone, with its reason
//! recorded.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    helpers::{error_code, spawn_app},
    identity::staff,
};

fn person_times(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .expect("targets")
        .iter()
        .map(|t| {
            (
                t["city"].as_str().expect("a city").to_owned(),
                t["person_times"].as_i64().expect("a number"),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_2024_targets_are_the_provinces_table_and_only_the_province_changes_them() {
    let app = spawn_app().await;
    let province = staff(&app, "province", "fj-targets", "", None).await;
    let (status, all) = province.get("/api/v1/targets?year=2024").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let table = person_times(&all);
    assert_eq!(table.len(), 10, "nine cities and 平潭");
    assert_eq!(table.iter().map(|(_, n)| n).sum::<i64>(), 50_000);
    assert!(table.contains(&("350100".to_owned(), 12_500)));
    assert!(table.contains(&("350128".to_owned(), 500)));

    let bureau = staff(&app, "bureau", "fz-targets", "350100", None).await;
    let (status, own) = bureau.get("/api/v1/targets").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(
        person_times(&own),
        [("350100".to_owned(), 12_500)],
        "its city only"
    );
    let change = json!({ "person_times": "13000", "reason": "省厅调整 2025 年任务" });
    let (status, _) = bureau.put("/api/v1/targets/2025/350100", &change).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a bureau does not set targets"
    );

    let (status, set) = province.put("/api/v1/targets/2025/350100", &change).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(person_times(&set), [("350100".to_owned(), 13_000)]);
    let (_, records) = province.get("/api/v1/audit?action=target.set").await;
    assert_eq!(records[0]["target"], "target:350100:2025", "{records}");
    assert_eq!(records[0]["reason"], "13000: 省厅调整 2025 年任务");

    let (status, body) = province
        .put(
            "/api/v1/targets/2025/350100",
            &json!({ "person_times": "-1", "reason": "x" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "person_times");
    let (status, body) = province.get("/api/v1/targets?year=1999").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_input")
    );
    let visitor = app.browser();
    let (status, _) = visitor.get("/api/v1/targets").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
