//! Staff sign-in through the real router: password, TOTP (enrolment, one use
//! per code), sessions and their timeouts, no user enumeration, and the rate
//! limits on every sign-in path (participant codes too).
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::{StatusCode, header};
use common::{STAFF_PASSWORD, T0, TestApp};
use lotse_server::auth::totp;
use lotse_shared::api::StaffRole;
use serde_json::json;

async fn password_step(t: &TestApp, username: &str, password: &str) -> common::Reply {
    t.send(
        "POST",
        "/api/v1/staff/session",
        Some(json!({ "username": username, "password": password })),
        None,
    )
    .await
}

async fn totp_step(t: &TestApp, cookie: &str, code: &str) -> common::Reply {
    t.send(
        "POST",
        "/api/v1/staff/session/totp",
        Some(json!({ "code": code })),
        Some(cookie),
    )
    .await
}

fn code_now(t: &TestApp, secret: &str) -> String {
    totp::generate(secret, t.clock_now()).unwrap()
}

#[tokio::test]
async fn first_sign_in_enrols_then_password_and_totp() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;

    let pending = password_step(&t, "Anna", STAFF_PASSWORD).await;
    assert_eq!(pending.status, StatusCode::OK, "{:?}", pending.body);
    assert_eq!(pending.body["next"], "enrol");
    let pending_cookie = pending.cookie().unwrap();
    // The password alone opens nothing.
    let me = t
        .send("GET", "/api/v1/staff/session", None, Some(&pending_cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let caseload = t
        .send(
            "GET",
            "/api/v1/staff/participants",
            None,
            Some(&pending_cookie),
        )
        .await;
    assert_eq!(caseload.status, StatusCode::UNAUTHORIZED);
    // Enrolment shows the seed, its URI and a QR image.
    let enrol = t
        .send(
            "GET",
            "/api/v1/staff/session/enrolment",
            None,
            Some(&pending_cookie),
        )
        .await;
    assert_eq!(enrol.status, StatusCode::OK);
    assert_eq!(enrol.body["secret"], anna.secret.as_str());
    assert!(
        enrol.body["uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Lotse%3Aanna?")
    );
    assert!(
        enrol.body["qr_image"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );

    let wrong = totp_step(&t, &pending_cookie, "000000").await;
    assert_eq!(wrong.code(), "invalid_credentials");
    let done = totp_step(&t, &pending_cookie, &code_now(&t, &anna.secret)).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["role"], "counsellor");
    let cookie = done.cookie().unwrap();
    // A new token at the second factor; the pending one is gone.
    assert_ne!(cookie, pending_cookie);
    let old = t
        .send("GET", "/api/v1/staff/session", None, Some(&pending_cookie))
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let me = t
        .send("GET", "/api/v1/staff/session", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["username"], "anna");

    // Enrolled now: the next sign-in asks for a code, and the seed is not shown again.
    t.clock.advance(30);
    let again = password_step(&t, "anna", STAFF_PASSWORD).await;
    assert_eq!(again.body["next"], "totp");
    let enrol = t
        .send(
            "GET",
            "/api/v1/staff/session/enrolment",
            None,
            Some(&again.cookie().unwrap()),
        )
        .await;
    assert_eq!(enrol.status, StatusCode::FORBIDDEN);

    // Sign-out deletes the session.
    let out = t
        .send("DELETE", "/api/v1/staff/session", None, Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me = t
        .send("GET", "/api/v1/staff/session", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_totp_code_works_only_once() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Admin).await;
    let code = code_now(&t, &anna.secret);
    let first = password_step(&t, "anna", STAFF_PASSWORD)
        .await
        .cookie()
        .unwrap();
    assert_eq!(totp_step(&t, &first, &code).await.status, StatusCode::OK);
    // Same code, same step, a fresh password step: refused (RFC 6238 §5.2).
    let second = password_step(&t, "anna", STAFF_PASSWORD)
        .await
        .cookie()
        .unwrap();
    let replay = totp_step(&t, &second, &code).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.code(), "invalid_credentials");
    // Still refused 20 s later (the code is valid for ±1 step, but used).
    t.clock.advance(20);
    assert_eq!(
        totp_step(&t, &second, &code).await.status,
        StatusCode::UNAUTHORIZED
    );
    // An older code (previous step) is refused too once a newer one was used.
    let previous = totp::generate(&anna.secret, T0 - 30).unwrap();
    assert_eq!(
        totp_step(&t, &second, &previous).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The next step's code works.
    t.clock.advance(30);
    let next = code_now(&t, &anna.secret);
    assert_eq!(totp_step(&t, &second, &next).await.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_user_and_wrong_password_look_the_same() {
    let t = TestApp::new().await;
    t.staff("anna", StaffRole::Admin).await;
    let unknown = password_step(&t, "nobody", STAFF_PASSWORD).await;
    let wrong = password_step(&t, "anna", "not the password at all").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(unknown.body, wrong.body);
    assert!(unknown.cookie().is_none() && wrong.cookie().is_none());
}

#[tokio::test]
async fn disabled_accounts_cannot_sign_in_and_lose_their_sessions() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let reply = t
        .send(
            "PATCH",
            &format!("/api/v1/staff/staff/{}", anna.id),
            Some(json!({ "disabled": true })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["disabled"], true);
    let me = t
        .send("GET", "/api/v1/staff/session", None, Some(&anna.cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let again = password_step(&t, "anna", STAFF_PASSWORD).await;
    assert_eq!(again.code(), "invalid_credentials");
}

#[tokio::test]
async fn staff_sessions_time_out() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    // Active use keeps it alive for up to 12 hours.
    for _ in 0..24 {
        t.clock.advance(29 * 60);
        let r = t
            .send("GET", "/api/v1/staff/session", None, Some(&anna.cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    t.clock.advance(25 * 60); // 12 h 21 min since sign-in
    let r = t
        .send("GET", "/api/v1/staff/session", None, Some(&anna.cookie))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // Idle for more than 30 minutes: gone.
    let t2 = TestApp::new().await;
    let ben = t2.staff("ben", StaffRole::Counsellor).await;
    t2.clock.advance(30 * 60 + 1);
    let r = t2
        .send("GET", "/api/v1/staff/session", None, Some(&ben.cookie))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // A pending session (password only) lasts five minutes.
    let t3 = TestApp::new().await;
    let cleo = t3.staff("cleo", StaffRole::Counsellor).await;
    let pending = password_step(&t3, "cleo", STAFF_PASSWORD)
        .await
        .cookie()
        .unwrap();
    t3.clock.advance(5 * 60 + 1);
    let late = totp_step(&t3, &pending, &code_now(&t3, &cleo.secret)).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    assert_eq!(late.code(), "unauthenticated");
}

#[tokio::test]
async fn participant_code_sign_in_is_rate_limited() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    let attempt =
        |c: &'static str| t.send("POST", "/api/v1/session", Some(json!({ "code": c })), None);
    for _ in 0..10 {
        let r = attempt("AAAA-AAAA-AAAA-AAAA").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let limited = attempt("AAAA-AAAA-AAAA-AAAA").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.code(), "rate_limited");
    assert_eq!(limited.headers[header::RETRY_AFTER], "30");
    // Even the right code waits: the limit counts attempts, not failures.
    let right = t.sign_in_code(&code, None).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    t.clock.advance(30);
    let right = t.sign_in_code(&code, None).await;
    assert_eq!(right.status, StatusCode::OK);
}

#[tokio::test]
async fn only_failed_sign_ins_count() {
    // A course room behind one address: thirty participants sign in at once.
    let t = TestApp::new().await;
    for _ in 0..30 {
        let (_, code) = t.participant().await;
        let r = t.sign_in_code(&code, None).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    // Staff too: many colleagues sign in from the office's one address.
    for n in 0..12 {
        let name = format!("staff{n}");
        let s = t.staff(&name, StaffRole::Counsellor).await;
        let pending = password_step(&t, &name, STAFF_PASSWORD).await;
        assert_eq!(pending.status, StatusCode::OK, "{name}");
        let done = totp_step(&t, &pending.cookie().unwrap(), &code_now(&t, &s.secret)).await;
        assert_eq!(done.status, StatusCode::OK, "{name}");
    }
}

#[tokio::test]
async fn staff_passwords_are_rate_limited_per_account() {
    let t = TestApp::new().await;
    t.staff("anna", StaffRole::Admin).await;
    for _ in 0..5 {
        let r = password_step(&t, "anna", "wrong guess number x").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let limited = password_step(&t, "anna", STAFF_PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers[header::RETRY_AFTER], "300");
    // Another account is not locked by anna's attempts (the per-client limit is
    // looser than the per-account one).
    t.staff("ben", StaffRole::Admin).await;
    assert_eq!(
        password_step(&t, "ben", STAFF_PASSWORD).await.status,
        StatusCode::OK
    );
    t.clock.advance(300);
    assert_eq!(
        password_step(&t, "anna", STAFF_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn staff_sign_in_is_rate_limited_per_client() {
    let t = TestApp::new().await;
    // Ten attempts on ten different (unknown) accounts from one client.
    for n in 0..10 {
        let r = password_step(&t, &format!("user{n}"), "wrong guess number x").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let limited = password_step(&t, "user11", "wrong guess number x").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers[header::RETRY_AFTER], "60");
}

#[tokio::test]
async fn totp_guesses_are_rate_limited() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Admin).await;
    let pending = password_step(&t, "anna", STAFF_PASSWORD)
        .await
        .cookie()
        .unwrap();
    for n in 0..5 {
        let r = totp_step(&t, &pending, &format!("00000{n}")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let limited = totp_step(&t, &pending, &code_now(&t, &anna.secret)).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers[header::RETRY_AFTER], "300");
}

#[tokio::test]
async fn password_change_needs_the_current_one_and_the_policy() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let change = |current: &str, new: &str| {
        t.send(
            "PUT",
            "/api/v1/staff/me/password",
            Some(json!({ "current": current, "new": new })),
            Some(&anna.cookie),
        )
    };
    assert_eq!(
        change("wrong current password", "green tractor in the sun")
            .await
            .code(),
        "invalid_credentials"
    );
    assert_eq!(
        change(STAFF_PASSWORD, "password1234").await.code(),
        "invalid_value"
    );
    assert_eq!(
        change(STAFF_PASSWORD, "short").await.code(),
        "invalid_value"
    );
    assert_eq!(
        change(STAFF_PASSWORD, "green tractor in the sun")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let old = password_step(&t, "anna", STAFF_PASSWORD).await;
    assert_eq!(old.code(), "invalid_credentials");
    let new = password_step(&t, "anna", "green tractor in the sun").await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn participant_and_staff_sessions_do_not_mix() {
    let t = TestApp::new().await;
    let (_, participant_cookie) = t.signed_in().await;
    let anna = t.staff("anna", StaffRole::Admin).await;
    let r = t
        .send(
            "GET",
            "/api/v1/staff/session",
            None,
            Some(&participant_cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = t
        .send("GET", "/api/v1/modules", None, Some(&anna.cookie))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t
        .send("GET", "/api/v1/me/audit", None, Some(&anna.cookie))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cli_admin_add_applies_the_password_policy() {
    let t = TestApp::new().await;
    let weak = lotse_server::cli::add_staff(
        t.store(),
        &t.state.secrets,
        "root",
        "Root",
        StaffRole::Admin,
        "password1234",
        &t.clock,
    )
    .await;
    assert!(weak.is_err());
    let secret = lotse_server::cli::add_staff(
        t.store(),
        &t.state.secrets,
        "Root",
        "Root",
        StaffRole::Admin,
        STAFF_PASSWORD,
        &t.clock,
    )
    .await
    .unwrap();
    assert_eq!(secret.len(), 32);
    let pending = password_step(&t, "root", STAFF_PASSWORD).await;
    assert_eq!(pending.body["next"], "enrol");
    let done = totp_step(&t, &pending.cookie().unwrap(), &code_now(&t, &secret)).await;
    assert_eq!(done.body["role"], "admin");
}

#[tokio::test]
async fn limits_are_per_client_address_behind_a_trusted_proxy() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::Request;
    let mut config = lotse_server::config::Config::for_tests();
    config.trusted_proxies = vec!["10.0.0.1".parse().unwrap()];
    let t = TestApp::with_config(config).await;
    let attempt = |peer: &str, xff: Option<&str>| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/v1/session")
            .header(lotse_shared::api::CSRF_HEADER, "1")
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(xff) = xff {
            request = request.header("x-forwarded-for", xff);
        }
        let mut request = request
            .body(Body::from(
                json!({ "code": "AAAA-AAAA-AAAA-AAAA" }).to_string(),
            ))
            .unwrap();
        let addr: std::net::SocketAddr = format!("{peer}:4000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(addr));
        t.raw(request)
    };
    for _ in 0..10 {
        assert_eq!(
            attempt("10.0.0.1", Some("203.0.113.7")).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt("10.0.0.1", Some("203.0.113.7")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The client cannot escape by writing another address on the left.
    assert_eq!(
        attempt("10.0.0.1", Some("192.0.2.55, 203.0.113.7"))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same proxy is not affected.
    assert_eq!(
        attempt("10.0.0.1", Some("203.0.113.8")).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A direct client's made-up header is ignored: it is keyed by its own address.
    for _ in 0..10 {
        assert_eq!(
            attempt("198.51.100.9", Some("203.0.113.99")).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt("198.51.100.9", Some("203.0.113.100")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A malformed header from the proxy is refused.
    assert_eq!(
        attempt("10.0.0.1", Some("not-an-ip")).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn totp_seeds_are_sealed_at_rest() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let stored = t
        .texts("SELECT totp_secret FROM staff WHERE username = 'anna'", &[])
        .await
        .remove(0)
        .unwrap();
    assert!(stored.starts_with("v1."));
    assert!(!stored.contains(&anna.secret));
    // A database copied to a server with another key cannot produce codes.
    let other = TestApp::new().await;
    let sealed_elsewhere = other.state.secrets.open(&stored, "anna");
    assert!(sealed_elsewhere.is_err());
    // The seed still works where it was sealed.
    let pending = password_step(&t, "anna", STAFF_PASSWORD).await;
    let done = totp_step(&t, &pending.cookie().unwrap(), &code_now(&t, &anna.secret)).await;
    assert_eq!(done.status, StatusCode::OK);
}
