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

#[tokio::test]
async fn the_served_document_is_the_one_generated_from_the_handlers() {
    let app = spawn_app().await;
    let (status, served) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let generated =
        serde_json::to_value(skillpass_server::rest::openapi_document()).expect("a JSON document");
    assert_eq!(served, generated);
    assert!(served["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    assert_eq!(served["servers"][0]["url"], "/api/v1");
}

#[test]
fn every_operation_has_its_own_id_and_every_reference_resolves() {
    let document =
        serde_json::to_value(skillpass_server::rest::openapi_document()).expect("a JSON document");
    let mut ids = Vec::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(!id.is_empty(), "{method} {path} has no operationId");
            assert!(!ids.contains(&id.to_owned()), "{id} is used twice");
            ids.push(id.to_owned());
        }
    }
    assert!(ids.len() >= 84, "only {} operations", ids.len());
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    assert!(!refs.is_empty());
    for target in refs {
        let name = target.trim_start_matches("#/components/schemas/");
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target} is not defined"
        );
    }
}

#[test]
fn object_schemas_require_the_fields_always_sent() {
    let document =
        serde_json::to_value(skillpass_server::rest::openapi_document()).expect("a JSON document");
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    let claim = &schemas["ClaimSummary"];
    let required: Vec<&str> = claim["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(required.contains(&"status"), "{required:?}");
    let empty: Vec<&String> = schemas
        .iter()
        .filter(|(_, schema)| {
            schema["type"] == "object"
                && schema["properties"]
                    .as_object()
                    .is_some_and(|p| !p.is_empty())
                && schema["required"].as_array().is_none_or(Vec::is_empty)
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        empty.len() * 10 < schemas.len(),
        "object schemas requiring nothing: {empty:?}"
    );
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

/// The names of the types that derive `ToSchema` in the Rust files under
/// `dir`, with the file of each.
fn documented_type_names(dir: &std::path::Path, into: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a source folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            documented_type_names(&path, into);
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let mut derives = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[") && line.contains("ToSchema") {
                derives = true;
            }
            let item = ["pub struct ", "pub enum ", "struct ", "enum "]
                .iter()
                .find_map(|keyword| line.strip_prefix(keyword));
            if let Some(rest) = item {
                if derives {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    into.push((name, path.display().to_string()));
                }
                derives = false;
            }
        }
    }
}

#[test]
fn no_two_documented_types_share_a_name() {
    // The document keys schemas by type name: a second type of the same
    // name would silently replace the first.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = Vec::new();
    documented_type_names(&root.join("src"), &mut names);
    documented_type_names(&root.join("../app/src"), &mut names);
    assert!(names.len() > 80, "only {} documented types", names.len());
    let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
    for (name, file) in &names {
        if let Some(first) = seen.insert(name, file) {
            panic!("{name} is documented by {first} and by {file}");
        }
    }
}
