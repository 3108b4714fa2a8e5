//! The OpenAPI document against the router it describes: served as OpenAPI
//! 3.1 with every `$ref` resolving, every documented operation answered by a
//! handler and every other method on a documented path refused with 405, and
//! routes added only through `routes!`, which takes the route and its
//! operation from the same `#[utoipa::path]`. The shared types' schemas
//! follow their serde attributes.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use serde_json::{Value, json};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

async fn served() -> Value {
    let t = TestApp::new().await;
    let reply = t.send("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/json",
        "served as JSON"
    );
    reply.body
}

/// Every `$ref` string in `value`.
fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => found.push(r),
                    _ => refs(v, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

/// (method, path) of every documented operation.
fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(method.to_lowercase()).is_some() {
                ops.push((method.to_owned(), path.clone()));
            }
        }
    }
    ops
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let s = &doc["components"]["schemas"][name];
    assert!(s.is_object(), "no schema {name}");
    s
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_every_ref_resolves() {
    let doc = served().await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc,
        serde_json::to_value(lotse_server::api::openapi_document()).unwrap(),
        "the served document is the generated one"
    );
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r} is not local"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

#[tokio::test]
async fn every_documented_operation_has_a_handler_and_no_other_method_does() {
    let doc = served().await;
    let documented = operations(&doc);
    // Every route the router had before the document existed, and the document.
    assert_eq!(documented.len(), 113);
    let t = TestApp::new().await;
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    for path in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        // A path parameter takes any segment; the value need not exist.
        let concrete: String = path
            .split('/')
            .map(|s| if s.starts_with('{') { "x0" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        for method in METHODS {
            // With the CSRF header and without a session: the handler's own
            // extractors answer (401, 422, ...), the router's fallbacks only
            // when no handler matched.
            let request = Request::builder()
                .method(method)
                .uri(&concrete)
                .header(lotse_shared::api::CSRF_HEADER, "1")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let reply = t.raw(request).await;
            let is_documented = documented.iter().any(|(m, p)| m == method && p == path);
            let unrouted = reply.status == StatusCode::METHOD_NOT_ALLOWED
                || (reply.status == StatusCode::NOT_FOUND
                    && reply.body["error"]["message"] == "API endpoint not found");
            if is_documented {
                assert!(!unrouted, "{method} {path} is documented but not routed");
            } else {
                assert_eq!(
                    (reply.status, reply.code()),
                    (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
                    "{method} {path} is routed but not documented"
                );
            }
        }
    }
}

/// A path the router knows but the document does not can only come from a
/// plain axum `.route(...)`, which the API's router must not use: `routes!`
/// registers a handler and its operation together.
#[test]
fn the_api_router_adds_routes_only_through_routes_macro() {
    let source = include_str!("../src/api/mod.rs");
    // One merge is allowed: a router of `routes!` only, for the larger body
    // limit of the vacancy import.
    let source = source.replacen(".merge(\n            // A file of vacancies", "(", 1);
    for forbidden in [".route(", ".route_service(", ".nest(", ".merge("] {
        assert!(
            !source.contains(forbidden),
            "server/src/api/mod.rs uses `{forbidden}`; register the handler with `routes!` instead"
        );
    }
}

#[tokio::test]
async fn every_operation_states_its_security_and_its_errors() {
    let doc = served().await;
    let mut ids = std::collections::HashSet::new();
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        let schemes: Vec<&str> = op["security"]
            .as_array()
            .map(|reqs| {
                reqs.iter()
                    .flat_map(|r| r.as_object().unwrap().keys().map(String::as_str))
                    .collect()
            })
            .unwrap_or_default();
        let responses = op["responses"].as_object().unwrap();
        let id = op["operationId"].as_str().unwrap().to_owned();
        assert!(ids.insert(id), "{method} {path}: operationId used twice");
        if method != "GET" {
            assert!(schemes.contains(&"csrf"), "{method} {path} without csrf");
            assert!(responses.contains_key("403"), "{method} {path} without 403");
        }
        if schemes.contains(&"session") {
            assert!(responses.contains_key("401"), "{method} {path} without 401");
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert!(
                    response["$ref"]
                        .as_str()
                        .is_some_and(|r| r.starts_with("#/components/responses/")),
                    "{method} {path} {status} is not an error response"
                );
            }
        }
    }
    // Public: the sign-in page's data, the notice, health and this document.
    for (method, path) in [
        ("get", "/api/v1/health"),
        ("get", "/api/v1/notice"),
        ("get", "/api/v1/organisation"),
        ("get", "/api/v1/openapi.json"),
    ] {
        assert!(
            doc["paths"][path][method].get("security").is_none(),
            "{path} is public"
        );
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        schemes["session"],
        json!({"type": "apiKey", "in": "cookie", "name": "lotse_session",
               "description": schemes["session"]["description"]})
    );
    assert_eq!(schemes["csrf"]["in"], "header");
    assert_eq!(schemes["csrf"]["name"], lotse_shared::api::CSRF_HEADER);
    let rate_limited = &doc["components"]["responses"]["RateLimited"];
    assert!(rate_limited["headers"]["Retry-After"].is_object());
}

#[tokio::test]
async fn schemas_follow_the_serde_attributes() {
    let doc = served().await;
    // The error body.
    let error = schema(&doc, "ErrorBody");
    assert_eq!(error["required"], json!(["code", "message"]));
    let codes = schema(&doc, "ErrorCode")["enum"]
        .as_array()
        .unwrap()
        .clone();
    assert!(codes.contains(&json!("invalid_body")) && codes.contains(&json!("csrf_rejected")));
    // Request bodies deny unknown fields.
    assert_eq!(
        schema(&doc, "AggregateSubmission")["additionalProperties"],
        false
    );
    // `#[serde(default)]` fields are optional.
    let decision = schema(&doc, "ConsentDecision");
    let required = decision["required"].as_array().unwrap();
    assert!(!required.contains(&json!("agency_results")));
    assert!(required.contains(&json!("accept")));
    // Absent, null and a value mean three different things.
    let update = schema(&doc, "ParticipantUpdate");
    assert!(update.get("required").is_none_or(|r| r == &json!([])));
    for field in ["counsellor_id", "exit_on"] {
        let ty = &update["properties"][field]["type"];
        assert_eq!(ty, &json!(["string", "null"]), "{field}: {ty}");
    }
    // Renamed variants.
    let channel = schema(&doc, "ConsentChannel");
    assert_eq!(channel["enum"], json!(["self", "counsellor"]));
    let action = schema(&doc, "AuditAction");
    assert!(
        action["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("dossier.view"))
    );
    assert!(
        schema(&doc, "Lang")["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("de-x-easy"))
    );
    // An externally tagged enum: one single-key object per variant.
    let blocks = schema(&doc, "NoticeBlock")["oneOf"].as_array().unwrap();
    assert_eq!(blocks.len(), 3);
    assert_eq!(blocks[0]["required"], json!(["paragraph"]));
    // Query parameters.
    let caseload = &doc["paths"]["/api/v1/staff/participants"]["get"]["parameters"];
    let names: Vec<&str> = caseload
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["q", "programme", "status", "sort", "page"]);
}
