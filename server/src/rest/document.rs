//! What every operation of the OpenAPI document shares, added after the
//! handlers' own attributes are collected: the answers of the layers in
//! front of every handler, and for each error answer the codes it carries.
//!
//! An error answer's description names its codes in backticks
//! (`` `class_full` ``); its schema is [`ErrorBody`](super::ErrorBody)
//! narrowed to those codes, so a test that receives any other code for that
//! status fails on the document.

use app::error::API_ERROR_CODES;
use utoipa::{
    openapi::{
        path::ParameterIn,
        path::{HttpMethod, Operation},
        schema::{AllOfBuilder, ObjectBuilder, Schema, SchemaType, Type},
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, Ref, RefOr, ResponseBuilder,
    },
    Modify,
};

/// The layers' answers that any operation can give.
pub struct CommonAnswers;

/// Online-learning platforms authenticate with a bearer key.
pub struct PlatformKey;

impl Modify for PlatformKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "platformKey",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

const CHANGING_METHODS: [HttpMethod; 4] = [
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Delete,
];

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                (HttpMethod::Get, &mut item.get),
                (HttpMethod::Post, &mut item.post),
                (HttpMethod::Put, &mut item.put),
                (HttpMethod::Patch, &mut item.patch),
                (HttpMethod::Delete, &mut item.delete),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    add_layer_answers(operation, CHANGING_METHODS.contains(&method));
                    narrow_error_schemas(operation);
                }
            }
        }
    }
}

/// The answers given before or around the handler.
fn add_layer_answers(operation: &mut Operation, changes_state: bool) {
    let reads_json = operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.content.contains_key("application/json"));
    if changes_state {
        add_answer(
            operation,
            403,
            "Sent from another site without the session's CSRF token",
            "cross_site_request",
        );
        add_answer(operation, 413, "The body is too large", "request_too_large");
    }
    if reads_json {
        add_answer(
            operation,
            400,
            "The body is not the JSON this operation reads",
            "malformed_request",
        );
    }
    let reads_query = operation.parameters.as_ref().is_some_and(|parameters| {
        parameters
            .iter()
            .any(|parameter| parameter.parameter_in == ParameterIn::Query)
    });
    if reads_query {
        add_answer(
            operation,
            400,
            "The query string cannot be read",
            "malformed_request",
        );
    }
    add_answer(
        operation,
        500,
        "A fault of ours, logged with its cause; a handler that panicked answers the same status with a plain-text sentence instead of this body",
        "internal",
    );
    add_answer(
        operation,
        503,
        "The database cannot be reached right now; a request that ran over the server's time limit gets the same status with an empty body",
        "unavailable",
    );
}

/// Adds `code` to the answer for `status`, creating the answer if the
/// handler does not document one.
fn add_answer(operation: &mut Operation, status: u16, description: &str, code: &str) {
    let key = status.to_string();
    match operation.responses.responses.get_mut(&key) {
        Some(RefOr::T(response)) => {
            if !codes_named_in(&response.description).contains(&code) {
                response.description =
                    format!("{}; {description} (`{code}`)", response.description);
            }
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            let response = ResponseBuilder::new()
                .description(format!("{description} (`{code}`)"))
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build();
            operation
                .responses
                .responses
                .insert(key, RefOr::T(response));
        }
    }
}

/// Gives each error answer the schema of an error with the codes its
/// description names.
fn narrow_error_schemas(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if !(status.starts_with('4') || status.starts_with('5')) {
            continue;
        }
        let codes = codes_named_in(&response.description);
        let schema = Schema::AllOf(
            AllOfBuilder::new()
                .item(Ref::from_schema_name("ErrorBody"))
                .item(
                    ObjectBuilder::new().property(
                        "error",
                        ObjectBuilder::new().property(
                            "code",
                            ObjectBuilder::new()
                                .schema_type(SchemaType::Type(Type::String))
                                .enum_values(Some(codes)),
                        ),
                    ),
                )
                .build(),
        );
        let content = ContentBuilder::new().schema(Some(schema)).build();
        response
            .content
            .insert(String::from("application/json"), content);
    }
}

/// The error codes a description names in backticks.
pub fn codes_named_in(description: &str) -> Vec<&'static str> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|word| API_ERROR_CODES.iter().copied().find(|code| *code == word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words in backticks that name a field of the answer, not a code.
    const FIELD_NAMES: [&str; 5] = ["field", "rows", "id", "before", "limit"];

    #[test]
    fn a_description_names_its_codes_in_backticks() {
        assert_eq!(
            codes_named_in("Full (`class_full`) or not open (`class_not_open`); `id`"),
            vec!["class_full", "class_not_open"]
        );
    }

    #[test]
    fn every_error_answer_of_every_operation_names_at_least_one_code() {
        let document = super::super::openapi_document();
        let mut answers = 0;
        for (path, item) in &document.paths.paths {
            for operation in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
                .into_iter()
                .flatten()
            {
                for (status, response) in &operation.responses.responses {
                    let RefOr::T(response) = response else {
                        panic!("{path} {status} is a reference");
                    };
                    if status.starts_with('4') || status.starts_with('5') {
                        answers += 1;
                        assert!(
                            !codes_named_in(&response.description).is_empty(),
                            "{path} {status} names no error code: {}",
                            response.description
                        );
                        for word in response.description.split('`').skip(1).step_by(2) {
                            assert!(
                                API_ERROR_CODES.contains(&word) || FIELD_NAMES.contains(&word),
                                "{path} {status} names `{word}`, which is no error code"
                            );
                        }
                    }
                }
            }
        }
        assert!(answers > 250, "only {answers} error answers");
    }
}
