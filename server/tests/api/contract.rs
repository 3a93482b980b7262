//! The API's contract, enforced on every JSON answer the suite receives:
//! the operation must be in the generated OpenAPI document, the status
//! documented for it, and the body valid against that answer's schema
//! (for an error, that includes its code being one the answer lists).

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock, Mutex},
};

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The document as the server generates it.
static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::to_value(skillpass_server::rest::openapi_document()).expect("a JSON document")
});

/// An answer of the document: method, path template and status.
type Answer = (String, String, u16);

/// Validators already built, by answer.
static VALIDATORS: LazyLock<Mutex<HashMap<Answer, Arc<jsonschema::Validator>>>> =
    LazyLock::new(Default::default);

/// Panics unless `body` is what the document promises for `method path`
/// answering `status`. Paths outside `/api/v1/` are not the API's.
pub fn check_answer(method: &Method, url: &str, status: StatusCode, body: &Value) {
    let Some(path) = api_path_of(url) else {
        return;
    };
    let method = method.as_str().to_lowercase();
    let Some(template) = documented_template(&path) else {
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{method} {path} answered {status} but no operation documents it"
        );
        return;
    };
    let operation = &DOCUMENT["paths"][&template][&method];
    if !operation.is_object() {
        assert!(
            matches!(
                status,
                StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND
            ),
            "{method} {template} answered {status} but is not documented"
        );
        return;
    }
    let answer = answer_of(&method, &template, status);
    assert!(
        answer.is_object(),
        "{method} {template} answered {status}, which it does not document: {body}"
    );
    if body.is_null() {
        return;
    }
    let validator = validator_for(&method, &template, status, answer);
    let problems: Vec<String> = validator
        .iter_errors(body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "{method} {template} {status}: the answer does not match the document:\n{}\n{body}",
        problems.join("\n")
    );
}

/// Reads an answer's body as JSON and checks it (see [`check_answer`]);
/// an empty body reads as null. A body that is not JSON fails when the
/// document promises JSON for that answer, and reads as null otherwise.
pub fn check_raw_answer(method: &Method, url: &str, status: StatusCode, text: &str) -> Value {
    if text.is_empty() {
        check_answer(method, url, status, &Value::Null);
        return Value::Null;
    }
    match serde_json::from_str(text) {
        Ok(body) => {
            check_answer(method, url, status, &body);
            body
        }
        Err(_) => {
            // The operation and status must be documented all the same.
            check_answer(method, url, status, &Value::Null);
            let promised = api_path_of(url)
                .and_then(|path| documented_template(&path))
                .is_some_and(|template| {
                    let method = method.as_str().to_lowercase();
                    answer_of(&method, &template, status)["content"]["application/json"].is_object()
                });
            assert!(
                !promised,
                "{method} {url} answered {status} with a body that is not JSON: {text}"
            );
            Value::Null
        }
    }
}

/// The document's answer of `method` (lower case) on `template` for
/// `status` (null when it has none).
fn answer_of(method: &str, template: &str, status: StatusCode) -> &'static Value {
    &DOCUMENT["paths"][template][method]["responses"][status.as_str()]
}

/// `/api/v1/classes/3?x=1` → `/classes/3`.
fn api_path_of(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = match path.find("://") {
        Some(scheme) => &path[scheme + 3..][path[scheme + 3..].find('/')?..],
        None => path,
    };
    path.strip_prefix("/api/v1").map(str::to_owned)
}

/// The document's path template that `path` fills (`/classes/{id}`),
/// preferring literal segments over parameters.
fn documented_template(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(part, segment)| part.starts_with('{') || part == segment)
        })
        .min_by_key(|template| template.matches('{').count())
        .cloned()
}

fn validator_for(
    method: &str,
    template: &str,
    status: StatusCode,
    answer: &Value,
) -> Arc<jsonschema::Validator> {
    let key = (method.to_owned(), template.to_owned(), status.as_u16());
    let mut validators = VALIDATORS.lock().expect("validators");
    validators
        .entry(key)
        .or_insert_with(|| {
            let mut schema = answer["content"]["application/json"]["schema"].clone();
            assert!(
                schema.is_object(),
                "{method} {template} {status} answers JSON but documents no schema"
            );
            // `#/components/schemas/...` resolves within this root.
            schema["components"] = DOCUMENT["components"].clone();
            Arc::new(
                jsonschema::draft202012::new(&schema)
                    .unwrap_or_else(|error| panic!("{method} {template} {status}: {error}")),
            )
        })
        .clone()
}

#[test]
fn a_url_is_read_as_the_path_under_the_api_root() {
    assert_eq!(
        api_path_of("http://127.0.0.1:4000/api/v1/classes/3?x=1"),
        Some("/classes/3".to_owned())
    );
    assert_eq!(api_path_of("/api/v1/me"), Some("/me".to_owned()));
    assert_eq!(api_path_of("/classes/3"), None);
}

#[test]
fn a_path_fills_the_most_literal_template() {
    assert_eq!(
        documented_template("/subsidy-claims/review").as_deref(),
        Some("/subsidy-claims/review")
    );
    assert_eq!(
        documented_template("/subsidy-claims/12").as_deref(),
        Some("/subsidy-claims/{id}")
    );
}

#[test]
fn an_answer_with_an_undocumented_error_code_fails_the_contract() {
    let body = serde_json::json!({
        "error": { "code": "class_full", "message": "满员" }
    });
    let wrong = std::panic::catch_unwind(|| {
        check_answer(
            &Method::GET,
            "/api/v1/courses/1",
            StatusCode::NOT_FOUND,
            &body,
        )
    });
    assert!(wrong.is_err(), "class_full is not a 404 of a course");
    let right = serde_json::json!({
        "error": { "code": "not_found", "message": "没有找到" }
    });
    check_answer(
        &Method::GET,
        "/api/v1/courses/1",
        StatusCode::NOT_FOUND,
        &right,
    );
}
