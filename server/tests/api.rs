//! The HTTP API through the real router: sessions, CSRF, headers, error shapes,
//! and the strict checking of uploaded aggregates.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use lotse_server::clock::Clock as _;
use serde_json::{Value, json};

/// The shipped definition's version, so the tests follow a version bump.
fn version_of(instrument: &str) -> u32 {
    lotse_shared::instrument::find(instrument).map_or(0, |i| i.version)
}

fn valid_submission() -> Value {
    json!({
        "instrument": "soft-skills",
        "version": version_of("soft-skills"),
        "scales": [
            { "scale": "reliability", "score": 88, "band": "high" },
            { "scale": "teamwork", "score": 38, "band": "low" },
            { "scale": "communication", "score": 50, "band": "medium" },
            { "scale": "flexibility", "score": 69, "band": "medium" },
            { "scale": "independence", "score": 70, "band": "high" },
            { "scale": "resilience", "score": 0, "band": "low" },
            { "scale": "learning", "score": 100, "band": "high" },
            { "scale": "customer", "score": null, "band": null }
        ],
        "quality": "ok",
        "completion_seconds": 95
    })
}

fn valid_motivation() -> Value {
    json!({
        "instrument": "motivation",
        "version": version_of("motivation"),
        "scales": [
            { "scale": "work-orientation", "score": 81, "band": "high" },
            { "scale": "perseverance", "score": 44, "band": "medium" },
            { "scale": "support", "score": 25, "band": "low" },
            { "scale": "prudence", "score": 50, "band": "medium" },
            { "scale": "self-efficacy", "score": 75, "band": "high" },
            { "scale": "mlevel", "score": 61, "band": "success" }
        ],
        "quality": "ok",
        "completion_seconds": 240
    })
}

/// A valid result for any shipped instrument: every scale at 50, in the
/// band that holds 50.
fn valid_result_of(definition: &lotse_shared::instrument::Instrument) -> Value {
    let scales: Vec<Value> = definition
        .scales
        .iter()
        .map(|scale| {
            let band = scale
                .bands
                .iter()
                .find(|b| b.from <= 50 && 50 <= b.to)
                .map(|b| b.id.clone());
            json!({ "scale": scale.id, "score": 50, "band": band })
        })
        .collect();
    json!({
        "instrument": definition.id,
        "version": definition.version,
        "scales": scales,
        "quality": "ok",
        "completion_seconds": 120
    })
}

fn valid_fit_for_work() -> Value {
    json!({
        "instrument": "fit-for-work",
        "version": version_of("fit-for-work"),
        "scales": [{ "scale": "index", "score": 75, "band": "few" }],
        "quality": "ok",
        "completion_seconds": 120
    })
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let t = TestApp::new().await;
    for path in ["/api/v1/health", "/api/v1/nothing", "/some/page"] {
        let reply = t.send("GET", path, None, None).await;
        let h = &reply.headers;
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("object-src 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
        // No TLS configured: no HSTS (it would lock plain-HTTP set-ups out).
        assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    }
    let api = t.send("GET", "/api/v1/health", None, None).await;
    assert_eq!(api.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn tls_adds_hsts_and_secure_host_cookie() {
    let mut config = lotse_server::config::Config::for_tests();
    config.tls = true;
    let t = TestApp::with_config(config).await;
    let (_, code) = t.participant().await;
    let reply = t.sign_in_code(&code, None).await;
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-lotse_session="));
    assert!(cookie.contains("; Secure"));
    assert!(
        reply.headers[header::STRICT_TRANSPORT_SECURITY]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
}

#[tokio::test]
async fn unknown_api_paths_get_json_not_the_page() {
    let t = TestApp::new().await;
    let reply = t.send("GET", "/api/v1/does-not-exist", None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
    let reply = t.send("GET", "/api/other", None, None).await;
    assert_eq!(reply.code(), "not_found");
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    // Lower case and spaces are forgiven.
    let typed = code.to_lowercase().replace('-', " ");
    let reply = t.sign_in_code(typed, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["role"], "participant");
    let set = reply.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"));
    let cookie = reply.cookie().unwrap();
    // The token itself is never stored, only its hash.
    let token = cookie.split_once('=').unwrap().1;
    let stored = t.texts("SELECT token_hash FROM sessions", &[]).await;
    assert_eq!(stored, [Some(lotse_server::auth::sha256_hex(token))]);

    assert_eq!(
        t.send("GET", "/api/v1/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    let out = t
        .send("DELETE", "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(t.count("sessions").await, 0);
    let after = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "unauthenticated");
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    let a = t.sign_in_code(&code, None).await;
    let b = t
        .send(
            "POST",
            "/api/v1/session",
            Some(json!({ "code": code })),
            a.cookie().as_deref(),
        )
        .await;
    assert_ne!(a.cookie(), b.cookie());
}

#[tokio::test]
async fn wrong_and_malformed_sign_ins_get_clear_errors() {
    let t = TestApp::new().await;
    t.participant().await;
    let wrong = t.sign_in_code("AAAA-BBBB-CCCC-DDDD", None).await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    let garbage = t.sign_in_code("x", None).await;
    assert_eq!(garbage.code(), "invalid_credentials");
    let extra = t
        .send(
            "POST",
            "/api/v1/session",
            Some(json!({ "code": "x", "admin": true })),
            None,
        )
        .await;
    assert_eq!(
        (extra.status, extra.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_value")
    );

    let not_json = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(lotse_shared::api::CSRF_HEADER, "1")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let reply = t.raw(not_json).await;
    assert_eq!(
        (reply.status, reply.code()),
        (StatusCode::BAD_REQUEST, "invalid_body")
    );

    let no_type = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(lotse_shared::api::CSRF_HEADER, "1")
        .body(Body::from("{}"))
        .unwrap();
    let reply = t.raw(no_type).await;
    assert_eq!(reply.code(), "unsupported_media_type");
    assert_eq!(t.count("sessions").await, 0);
}

#[tokio::test]
async fn state_changes_need_the_csrf_header_and_same_origin() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    let body = json!({ "code": code }).to_string();
    let without = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.clone()))
        .unwrap();
    let reply = t.raw(without).await;
    assert_eq!(
        (reply.status, reply.code()),
        (StatusCode::FORBIDDEN, "csrf_rejected")
    );

    let foreign = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header(lotse_shared::api::CSRF_HEADER, "1")
        .header(header::HOST, "lotse.example")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(body.clone()))
        .unwrap();
    assert_eq!(t.raw(foreign).await.code(), "csrf_rejected");

    let cross_site = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header(lotse_shared::api::CSRF_HEADER, "1")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(body.clone()))
        .unwrap();
    assert_eq!(t.raw(cross_site).await.code(), "csrf_rejected");

    let same = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header(lotse_shared::api::CSRF_HEADER, "1")
        .header(header::HOST, "lotse.example")
        .header(header::ORIGIN, "https://lotse.example")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(t.raw(same).await.status, StatusCode::OK);
    assert_eq!(t.count("sessions").await, 1);
}

#[tokio::test]
async fn sessions_expire_when_idle_and_after_twelve_hours() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    t.clock.advance(29 * 60);
    assert_eq!(
        t.send("GET", "/api/v1/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    t.clock.advance(31 * 60);
    assert_eq!(
        t.send("GET", "/api/v1/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(t.count("sessions").await, 0);

    // Active all day: still ends at 12 hours.
    let (_, cookie) = t.signed_in().await;
    for _ in 0..35 {
        t.clock.advance(20 * 60); // 35 × 20 min = 11 h 40 min, never idle
        let status = t
            .send("GET", "/api/v1/session", None, Some(&cookie))
            .await
            .status;
        assert_eq!(status, StatusCode::OK);
    }
    t.clock.advance(21 * 60);
    assert_eq!(
        t.send("GET", "/api/v1/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_configured_shorter_idle_timeout_ends_sessions_and_is_told_to_the_browser() {
    let mut config = lotse_server::config::Config::for_tests();
    config.session_idle_seconds = 120;
    let t = TestApp::with_config(config).await;
    let (_, cookie) = t.signed_in().await;
    let info = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(info.body["idle_timeout_seconds"], 120);
    // A keep-alive (the session read) a little before the end moves it on.
    t.clock.advance(100);
    let kept = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(kept.status, StatusCode::OK);
    t.clock.advance(100);
    let kept = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(kept.status, StatusCode::OK, "the keep-alive was recorded");
    t.clock.advance(121);
    let ended = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_subject_tag_is_stable_per_participant_and_differs_between_them() {
    let t = TestApp::new().await;
    let (id, code) = t.participant().await;
    let first = t.sign_in_code(&code, None).await;
    let again = t.sign_in_code(&code, None).await;
    let (_, other) = t.participant().await;
    let other = t.sign_in_code(&other, None).await;
    let tag = |reply: &common::Reply| reply.body["subject"].as_str().map(str::to_owned);
    let mine = tag(&first).expect("a subject tag");
    assert_eq!(tag(&again).as_deref(), Some(mine.as_str()));
    assert_ne!(tag(&other).as_deref(), Some(mine.as_str()));
    assert!(!mine.contains(&id), "the tag does not reveal the id");
}

#[tokio::test]
async fn a_valid_aggregate_is_stored_and_marks_the_module_done() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let reply = t
        .send(
            "POST",
            "/api/v1/results",
            Some(valid_submission()),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let list = t.send("GET", "/api/v1/results", None, Some(&cookie)).await;
    assert_eq!(list.body[0]["scales"], valid_submission()["scales"]);
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    let soft = modules
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["instrument"] == "soft-skills")
        .unwrap();
    assert_eq!(soft["state"], "done");
}

#[tokio::test]
async fn every_bad_aggregate_is_refused_and_nothing_is_stored() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let mut cases: Vec<(&str, Value)> = Vec::new();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = valid_submission();
        f(&mut v);
        v
    };
    cases.push((
        "raw answers",
        with(&|v| v["answers"] = json!([5, 4, 2, 5, 1, 2, 3, 4])),
    ));
    cases.push(("item ids", with(&|v| v["items"] = json!({ "rel-1": 5 }))));
    cases.push((
        "extra scale field",
        with(&|v| v["scales"][0]["answers"] = json!([5, 4])),
    ));
    cases.push((
        "score over 100",
        with(&|v| v["scales"][0]["score"] = json!(101)),
    ));
    cases.push((
        "negative score",
        with(&|v| v["scales"][0]["score"] = json!(-1)),
    ));
    cases.push((
        "fractional score",
        with(&|v| v["scales"][0]["score"] = json!(87.5)),
    ));
    cases.push((
        "band does not fit",
        with(&|v| v["scales"][0]["band"] = json!("low")),
    ));
    cases.push((
        "unknown band",
        with(&|v| v["scales"][0]["band"] = json!("superb")),
    ));
    cases.push((
        "score without band",
        with(&|v| v["scales"][0]["band"] = Value::Null),
    ));
    cases.push((
        "unknown scale",
        with(&|v| v["scales"][0]["scale"] = json!("charm")),
    ));
    cases.push((
        "duplicate scale",
        with(&|v| v["scales"][1] = v["scales"][0].clone()),
    ));
    cases.push((
        "missing scale",
        with(&|v| v["scales"].as_array_mut().unwrap().truncate(1)),
    ));
    cases.push((
        "nothing scored",
        with(&|v| {
            for scale in v["scales"].as_array_mut().unwrap() {
                scale["score"] = Value::Null;
                scale["band"] = Value::Null;
            }
        }),
    ));
    cases.push(("wrong version", with(&|v| v["version"] = json!(99))));
    cases.push(("retired version", with(&|v| v["version"] = json!(1))));
    let motivation = |f: &dyn Fn(&mut Value)| {
        let mut v = valid_motivation();
        f(&mut v);
        v
    };
    let fit = |f: &dyn Fn(&mut Value)| {
        let mut v = valid_fit_for_work();
        f(&mut v);
        v
    };
    cases.push((
        "motivation with raw answers",
        motivation(&|v| v["answers"] = json!({ "hope-1": 5, "fear-1": 1 })),
    ));
    cases.push((
        "mLevel band from another scale",
        motivation(&|v| v["scales"][5]["band"] = json!("high")),
    ));
    cases.push((
        "mLevel band that does not fit",
        motivation(&|v| v["scales"][5]["band"] = json!("balanced")),
    ));
    cases.push((
        "mLevel split into hope and fear",
        motivation(&|v| {
            v["scales"][5] = json!({ "scale": "hope", "score": 80, "band": "success" });
        }),
    ));
    cases.push((
        "motivation without mLevel",
        motivation(&|v| {
            v["scales"].as_array_mut().unwrap().pop();
        }),
    ));
    cases.push((
        "fit-for-work with one activity's answer",
        fit(&|v| {
            v["scales"]
                .as_array_mut()
                .unwrap()
                .push(json!({ "scale": "act-1", "score": 0, "band": "considerable" }));
        }),
    ));
    cases.push((
        "fit-for-work with raw answers",
        fit(&|v| v["answers"] = json!([1, 1, 5, 3])),
    ));
    cases.push((
        "fit-for-work band inverted",
        fit(&|v| v["scales"][0]["band"] = json!("considerable")),
    ));
    cases.push((
        "fit-for-work, a version never shipped",
        fit(&|v| v["version"] = json!(99)),
    ));
    cases.push((
        "unknown instrument",
        with(&|v| v["instrument"] = json!("mind-reader")),
    ));
    cases.push((
        "unknown quality flag",
        with(&|v| v["quality"] = json!("pattern:5,4,2,5")),
    ));
    cases.push(("zero time", with(&|v| v["completion_seconds"] = json!(0))));
    cases.push((
        "absurd time",
        with(&|v| v["completion_seconds"] = json!(999_999_999)),
    ));
    cases.push((
        "missing field",
        with(&|v| {
            v.as_object_mut().unwrap().remove("quality");
        }),
    ));
    for (name, body) in cases {
        let reply = t
            .send("POST", "/api/v1/results", Some(body), Some(&cookie))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "invalid_value", "{name}");
        assert!(!reply.body["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(t.count("aggregates").await, 0);
    assert_eq!(t.count("aggregate_scales").await, 0);
}

#[tokio::test]
async fn aggregates_need_a_session_and_a_released_module() {
    let t = TestApp::new().await;
    let reply = t
        .send("POST", "/api/v1/results", Some(valid_submission()), None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    let (id, cookie) = t.signed_in().await;
    t.exec("DELETE FROM releases WHERE participant_id = $1", &[&id])
        .await;
    let reply = t
        .send(
            "POST",
            "/api/v1/results",
            Some(valid_submission()),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    assert_eq!(t.count("aggregates").await, 0);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let mut body = valid_submission();
    body["padding"] = json!("x".repeat(lotse_server::MAX_BODY_BYTES + 1));
    let reply = t
        .send("POST", "/api/v1/results", Some(body), Some(&cookie))
        .await;
    assert_eq!(
        (reply.status, reply.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
}

#[tokio::test]
async fn skipping_a_module_is_recorded_and_unknown_modules_are_404() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let reply = t
        .send(
            "POST",
            "/api/v1/modules/soft-skills/skip",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    let state = |name: &str| {
        modules
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["instrument"] == name)
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(state("soft-skills"), "skipped");
    assert_eq!(
        state("motivation"),
        "released",
        "skipping affects nothing else"
    );
    // Changing one's mind later is fine: a skipped module can still be submitted.
    let reply = t
        .send(
            "POST",
            "/api/v1/results",
            Some(valid_submission()),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let reply = t
        .send("POST", "/api/v1/modules/nope/skip", None, Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_done_module_can_be_neither_skipped_nor_answered_again() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let first = t
        .send(
            "POST",
            "/api/v1/results",
            Some(valid_submission()),
            Some(&cookie),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    // Skipping a done module used to set it to "skipped", which reopened it.
    let skip = t
        .send(
            "POST",
            "/api/v1/modules/soft-skills/skip",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(skip.status, StatusCode::CONFLICT, "{:?}", skip.body);
    assert_eq!(skip.body["error"]["code"], "conflict");
    let second = t
        .send(
            "POST",
            "/api/v1/results",
            Some(valid_submission()),
            Some(&cookie),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{:?}", second.body);
    let results = t.send("GET", "/api/v1/results", None, Some(&cookie)).await;
    assert_eq!(results.body.as_array().map(Vec::len), Some(1));
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    let soft = modules
        .body
        .as_array()
        .and_then(|m| m.iter().find(|m| m["instrument"] == "soft-skills"))
        .cloned();
    assert_eq!(soft.map(|m| m["state"].clone()), Some("done".into()));
}

#[tokio::test]
async fn every_shipped_instrument_is_accepted() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let shipped = lotse_shared::instrument::all();
    for body in shipped.iter().map(valid_result_of) {
        let reply = t
            .send("POST", "/api/v1/results", Some(body.clone()), Some(&cookie))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{body}: {:?}",
            reply.body
        );
    }
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    let order: Vec<&Value> = modules
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["instrument"])
        .collect();
    assert_eq!(
        order,
        [
            "interests",
            "activities",
            "soft-skills",
            "motivation",
            "fit-for-work"
        ],
        "career orientation (module 1) and the activities (module 2) come first, \
         then the questionnaires as they ship"
    );
    let state = |id: &str| {
        modules
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["instrument"] == id)
            .map(|m| m["state"].clone())
    };
    for def in shipped {
        assert_eq!(state(&def.id), Some("done".into()), "{}", def.id);
    }
    // No result can close module 2: only its work profile does.
    assert_eq!(state("activities"), Some("released".into()));
}

#[tokio::test]
async fn a_retake_needs_a_new_release_and_keeps_the_history() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in().await;
    let submit = || {
        t.send(
            "POST",
            "/api/v1/results",
            Some(valid_fit_for_work()),
            Some(&cookie),
        )
    };
    assert_eq!(submit().await.status, StatusCode::CREATED);
    let again = submit().await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "conflict")
    );
    assert_eq!(t.count("aggregates").await, 1);

    // Later the same day the counsellor releases it again.
    t.clock.advance(600);
    t.store()
        .release_module(&id, "fit-for-work", t.clock.unix(), None)
        .await
        .unwrap();
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    let fit = modules
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["instrument"] == "fit-for-work")
        .unwrap()
        .clone();
    assert_eq!(fit["state"], "released");
    let mut lower = valid_fit_for_work();
    lower["scales"][0] = json!({ "scale": "index", "score": 40, "band": "considerable" });
    let retake = t
        .send("POST", "/api/v1/results", Some(lower), Some(&cookie))
        .await;
    assert_eq!(retake.status, StatusCode::CREATED);
    let list = t.send("GET", "/api/v1/results", None, Some(&cookie)).await;
    let scores: Vec<&Value> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["scales"][0]["score"])
        .collect();
    assert_eq!(scores, [&json!(40), &json!(75)], "newest first, both kept");
}

#[tokio::test]
async fn simultaneous_uploads_of_one_questionnaire_store_one_result() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let replies = futures_util::future::join_all(
        (0..8)
            .map(|_| {
                t.send(
                    "POST",
                    "/api/v1/results",
                    Some(valid_submission()),
                    Some(&cookie),
                )
            })
            .collect::<Vec<_>>(),
    )
    .await;
    let created = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let refused = replies
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (1, 7));
    assert_eq!(t.count("aggregates").await, 1);
}

#[tokio::test]
async fn session_use_is_recorded_in_the_background_unless_the_session_is_near_its_idle_limit() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let seen = || async { t.int("SELECT last_seen_at FROM sessions", &[]).await };
    let start = seen().await;
    // Two minutes later the use is queued for the background writer.
    t.clock.advance(120);
    let reply = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    t.state.request_log.flush().await;
    assert_eq!(seen().await, start + 120);
    // Twenty idle minutes later the touch is written before the answer.
    t.clock.advance(20 * 60);
    let reply = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(seen().await, start + 120 + 20 * 60);
}
