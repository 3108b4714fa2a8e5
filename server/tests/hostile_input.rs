//! Input nobody meant to send: control characters, bidi overrides, line
//! breaks in one-line fields, implausible dates and endless text are refused
//! with `invalid_value` before anything is stored, and what is accepted is
//! stored in one normal form (the rule of `domain::text`).

mod common;

use axum::http::StatusCode;
use common::{T0, TestApp};
use lotse_shared::api::StaffRole;
use serde_json::json;

#[tokio::test]
async fn hostile_text_and_dates_are_refused_and_nothing_is_stored() {
    let t = TestApp::new().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    let post = |path: &'static str, body| t.send("POST", path, Some(body), Some(&admin.cookie));
    let programmes = t.count("programmes").await;
    let staff = t.count("staff").await;

    let long = "x".repeat(4001);
    let cases = [
        (
            "/api/v1/staff/programmes",
            json!({ "name": "Kurs\u{0}A", "starts_on": "2026-01-01", "ends_on": "2026-06-30" }),
        ),
        (
            "/api/v1/staff/programmes",
            json!({ "name": "Kurs \u{1b}[31mrot", "starts_on": "2026-01-01", "ends_on": "2026-06-30" }),
        ),
        (
            "/api/v1/staff/programmes",
            json!({ "name": "Kurs\u{202e}fdp.exe", "starts_on": "2026-01-01", "ends_on": "2026-06-30" }),
        ),
        (
            "/api/v1/staff/programmes",
            json!({ "name": "Kurs\r\nB", "starts_on": "2026-01-01", "ends_on": "2026-06-30" }),
        ),
        (
            "/api/v1/staff/programmes",
            json!({ "name": "Kurs", "starts_on": "0000-01-01", "ends_on": "2026-06-30" }),
        ),
        (
            "/api/v1/staff/programmes",
            json!({ "name": "Kurs", "starts_on": "2026-01-01T00:00:00", "ends_on": "2026-06-30" }),
        ),
        (
            "/api/v1/staff/staff",
            json!({ "username": "kim", "display_name": "Kim\u{2067}", "role": "counsellor" }),
        ),
        (
            "/api/v1/staff/breaches",
            json!({ "what": "lost", "found_at": -99_999_999_999_i64, "reported_at": null, "affected": 1 }),
        ),
        (
            "/api/v1/staff/breaches",
            json!({ "what": long, "found_at": T0 - 60, "reported_at": null, "affected": 1 }),
        ),
        (
            "/api/v1/staff/breaches",
            json!({ "what": "lost\u{7}", "found_at": T0 - 60, "reported_at": null, "affected": 1 }),
        ),
    ];
    for (path, body) in cases {
        let reply = post(path, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(reply.body["error"]["code"], "invalid_value", "{body}");
    }
    assert_eq!(t.count("programmes").await, programmes);
    assert_eq!(t.count("staff").await, staff);
    assert_eq!(t.count("breaches").await, 0);
}

#[tokio::test]
async fn accepted_text_is_stored_trimmed_and_in_nfc() {
    let t = TestApp::new().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    let reply = t
        .send(
            "POST",
            "/api/v1/staff/programmes",
            // "é" written as e + combining acute accent.
            Some(json!({ "name": "  Cafe\u{301} Kurs  ", "starts_on": "2026-01-01", "ends_on": "2026-06-30" })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let names = t
        .texts("SELECT name FROM programmes WHERE name LIKE $1", &["Caf%"])
        .await;
    assert_eq!(names, vec![Some("Caf\u{e9} Kurs".to_owned())]);
}

/// Any query string on the caseload (the one list with free parameters) is
/// answered or refused with the JSON error, never a 5xx.
#[test]
fn any_caseload_query_is_answered_or_refused() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (t, admin) = runtime.block_on(async {
        let t = TestApp::new().await;
        let admin = t.staff("office", StaffRole::Admin).await;
        (t, admin)
    });
    let pair = "(q|programme|status|sort|page|x|q\\[\\])=[a-zA-Z0-9%+._~-]{0,12}";
    let query = format!("({pair})(&{pair}){{0,4}}|[a-zA-Z0-9=&%+._~-]{{0,40}}");
    proptest!(ProptestConfig::with_cases(96), |(query in query.as_str())| {
        let reply = runtime.block_on(t.send(
            "GET",
            &format!("/api/v1/staff/participants?{query}"),
            None,
            Some(&admin.cookie),
        ));
        let status = reply.status.as_u16();
        prop_assert!(status == 200 || status == 422, "{query}: {status}");
        if status == 422 {
            prop_assert_eq!(&reply.body["error"]["code"], "invalid_value");
        }
    });
}

/// Found by Schemathesis: a page past the documented range was answered
/// with an empty page instead of being refused.
#[tokio::test]
async fn a_caseload_page_outside_its_range_is_refused() {
    let t = TestApp::new().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    for page in ["0", "1000001", "2147483648"] {
        let reply = t
            .send(
                "GET",
                &format!("/api/v1/staff/participants?page={page}"),
                None,
                Some(&admin.cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert_eq!(reply.body["error"]["code"], "invalid_value");
    }
}

/// Found by Schemathesis: a method no route has (TRACE) got the CSRF refusal
/// (403) instead of the truth (405). A write method the path does not have
/// gets 405 once it carries the request header; without it, the CSRF check
/// refuses it first, on purpose, before any routing.
#[tokio::test]
async fn an_unknown_method_is_not_allowed_rather_than_forbidden() {
    use axum::body::Body;
    use axum::http::Request;
    let t = TestApp::new().await;
    for (method, path, header) in [
        ("TRACE", "/api/v1/health", false),
        ("TRACE", "/api/v1/notice", false),
        ("PUT", "/api/v1/notice", true),
        ("DELETE", "/api/v1/organisation", true),
    ] {
        let mut request = Request::builder().method(method).uri(path);
        if header {
            request = request.header(lotse_shared::api::CSRF_HEADER, "1");
        }
        let reply = t.raw(request.body(Body::empty()).unwrap()).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(reply.body["error"]["code"], "method_not_allowed");
    }
}

/// A path segment that does not decode (invalid UTF-8 once percent-decoded)
/// was answered by axum in plain text; it is the API's JSON 404 now, like any
/// id that names nothing. A NUL in it reached PostgreSQL, which refuses NUL
/// in text: a 500 there.
#[tokio::test]
async fn a_path_segment_that_does_not_decode_is_a_json_not_found() {
    let t = TestApp::new().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    for (method, path) in [
        ("GET", "/api/v1/staff/participants/%FF"),
        ("GET", "/api/v1/staff/participants/%C3%28/audit"),
        ("GET", "/api/v1/staff/participants/a%00b"),
        ("PUT", "/api/v1/staff/participants/%1B/datasheet"),
        ("DELETE", "/api/v1/staff/participants/x/competences/%FE%FF"),
    ] {
        let reply = t.send(method, path, None, Some(&admin.cookie)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.body["error"]["code"], "not_found", "{path}");
    }
}

/// A NUL in the caseload's search or filters reached PostgreSQL (500 there).
#[tokio::test]
async fn a_caseload_search_with_a_control_character_is_refused() {
    let t = TestApp::new().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    for query in ["q=a%00b", "programme=%00", "sort=name%1B"] {
        let reply = t
            .send(
                "GET",
                &format!("/api/v1/staff/participants?{query}"),
                None,
                Some(&admin.cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(reply.body["error"]["code"], "invalid_value");
    }
}

/// Found by Schemathesis on PostgreSQL: a NUL in the username at staff
/// sign-in went into the sign-in limit's key, which PostgreSQL refuses (500).
/// No stored username has a control character, so it is simply wrong.
#[tokio::test]
async fn a_staff_username_with_a_control_character_is_wrong_credentials() {
    let t = TestApp::new().await;
    for username in ["a\u{0}b", "office\u{1b}[2J", "\u{7f}"] {
        let reply = t
            .send(
                "POST",
                "/api/v1/staff/session",
                Some(serde_json::json!({"username": username, "password": "whatever it is"})),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{username:?}");
        assert_eq!(reply.body["error"]["code"], "invalid_credentials");
    }
}
