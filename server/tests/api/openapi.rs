use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => refs.push(target.clone()),
                    _ => collect_refs(inner, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

/// `(method, path)` of every `.route(...)` in the API router's source.
fn routes_of(source: &str) -> Vec<(String, String)> {
    let flat: String = source.split_whitespace().collect();
    let mut routes = Vec::new();
    for chunk in flat.split(".route(\"").skip(1) {
        let Some((path, rest)) = chunk.split_once('"') else {
            continue;
        };
        let handlers = rest.split(")),").next().unwrap_or(rest);
        for method in ["get", "post", "put", "delete"] {
            if handlers.contains(&format!(",{method}("))
                || handlers.contains(&format!(".{method}("))
            {
                routes.push((method.to_owned(), path.to_owned()));
            }
        }
    }
    routes
}

#[tokio::test]
async fn the_openapi_document_is_served_and_describes_every_route() {
    let app = spawn_app().await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let routed = routes_of(include_str!("../../src/rest/mod.rs"));
    assert!(routed.len() > 30, "{routed:?}");
    for (method, path) in &routed {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is routed but not documented"
        );
    }
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            let methods: Vec<String> = item.as_object().expect("methods").keys().cloned().collect();
            methods
                .into_iter()
                .map(move |method| (method, path.clone()))
        })
        .collect();
    for operation in &documented {
        assert!(
            routed.contains(operation),
            "{operation:?} is documented but not routed"
        );
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for target in refs {
        let name = target.trim_start_matches("#/components/schemas/");
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{target} is not defined"
        );
    }
}

#[tokio::test]
async fn every_operation_with_an_id_in_its_path_answers_the_documented_400_for_id_zero() {
    let app = spawn_app().await;
    let (_, document) = app.get_json("/api/v1/openapi.json").await;
    let bureau = crate::identity::staff(&app, "bureau", "id_zero_bureau", "350100", None).await;
    let mut checked = 0;
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            let takes_id = operation["parameters"]
                .as_array()
                .is_some_and(|parameters| {
                    parameters
                        .iter()
                        .any(|p| p["in"] == "path" && p["schema"]["type"] == "integer")
                });
            if !takes_id {
                continue;
            }
            assert!(
                operation["responses"]["400"].is_object(),
                "{method} {path} does not document its 400"
            );
            let url = format!("/api/v1{}", path.replace("{id}", "0"));
            let (status, body) = match method.as_str() {
                "get" => bureau.get(&url).await,
                "post" => bureau.post(&url, &serde_json::json!({})).await,
                "put" => bureau.put(&url, &serde_json::json!({})).await,
                "delete" => bureau.delete(&url).await,
                other => panic!("unexpected method {other}"),
            };
            assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {url}: {body}");
            assert_eq!(
                crate::helpers::error_code(&body),
                "invalid_input",
                "{method} {url}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 11, "only {checked} operations take an id");
}
