//! Several instances as one: two applications, each with its own state (as two
//! `lotse serve` processes would have), on one database and one key file.
//! Sessions made on one are valid on the other, and the sign-in rate limits
//! count attempts on both against one allowance.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use axum::http::{StatusCode, header};
use common::{STAFF_PASSWORD, T0, TestApp};
use lotse_server::AppState;
use lotse_server::auth::seal::SecretBox;
use lotse_server::auth::totp;
use lotse_server::clock::FixedClock;
use lotse_server::config::Config;
use lotse_server::db::Db;
use lotse_shared::api::StaffRole;
use serde_json::json;

/// The shipped definition's version, so the tests follow a version bump.
fn version_of(instrument: &str) -> u32 {
    lotse_shared::instrument::find(instrument).map_or(0, |i| i.version)
}

/// Two instances, A and B, sharing one store and one key file (and the time
/// of day, like servers synchronised by NTP). Nothing else is shared: each
/// gets its own `AppState::new`, as each process would.
struct Pair {
    a: TestApp,
    b: TestApp,
    _dir: tempfile::TempDir,
}

impl Pair {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("secret.key");
        let store = lotse_server::db::connect_for_tests().await.unwrap();
        common::set_up_organisation(&*store, &Config::for_tests()).await;
        let clock = FixedClock::at(T0);
        let instance = |store: Db| {
            let secrets = SecretBox::load_or_create(&key_file).unwrap();
            let state = AppState::new(store, Arc::new(clock.clone()), Config::for_tests(), secrets);
            TestApp {
                state,
                clock: clock.clone(),
            }
        };
        let a = instance(store.clone());
        let b = instance(store);
        Self { a, b, _dir: dir }
    }

    /// A for even `n`, B for odd.
    fn alternate(&self, n: usize) -> &TestApp {
        if n.is_multiple_of(2) {
            &self.a
        } else {
            &self.b
        }
    }
}

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

fn submission() -> serde_json::Value {
    json!({
        "instrument": "fit-for-work",
        "version": version_of("fit-for-work"),
        "scales": [{ "scale": "index", "score": 75, "band": "few" }],
        "quality": "ok",
        "completion_seconds": 120
    })
}

#[tokio::test]
async fn failed_code_sign_ins_count_across_instances() {
    let p = Pair::new().await;
    let (_, code) = p.a.participant().await;
    // Ten failures, five on each instance: the shared allowance is used up.
    for n in 0..10 {
        let r = p
            .alternate(n)
            .sign_in_code("AAAA-AAAA-AAAA-AAAA", None)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    for t in [&p.a, &p.b] {
        let limited = t.sign_in_code("AAAA-AAAA-AAAA-AAAA", None).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.code(), "rate_limited");
        assert_eq!(limited.headers[header::RETRY_AFTER], "30");
        // The right code waits as well, on either instance.
        let right = t.sign_in_code(&code, None).await;
        assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    }
    // One interval later exactly one attempt is free again, wherever it lands.
    p.a.clock.advance(30);
    let right = p.b.sign_in_code(&code, None).await;
    assert_eq!(right.status, StatusCode::OK, "{:?}", right.body);
    // The success gave its attempt back (on B), so A may fail once more...
    let wrong = p.a.sign_in_code("AAAA-AAAA-AAAA-AAAA", None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // ...and then neither instance takes another.
    for t in [&p.b, &p.a] {
        let limited = t.sign_in_code("AAAA-AAAA-AAAA-AAAA", None).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn staff_limits_count_across_instances() {
    let p = Pair::new().await;
    let anna = p.a.staff("anna", StaffRole::Counsellor).await;
    // Five wrong passwords for one account, alternating A and B.
    for n in 0..5 {
        let r = password_step(p.alternate(n), "anna", "wrong guess number x").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    for t in [&p.a, &p.b] {
        let limited = password_step(t, "anna", STAFF_PASSWORD).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.headers[header::RETRY_AFTER], "300");
    }
    // Five TOTP guesses on the same pending session, alternating.
    p.a.clock.advance(300);
    let pending = password_step(&p.b, "anna", STAFF_PASSWORD).await;
    assert_eq!(pending.status, StatusCode::OK, "{:?}", pending.body);
    let pending = pending.cookie().unwrap();
    for n in 0..5 {
        let r = totp_step(p.alternate(n), &pending, &format!("00000{n}")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let right = totp::generate(&anna.secret, p.a.clock_now()).unwrap();
    for t in [&p.a, &p.b] {
        let limited = totp_step(t, &pending, &right).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.headers[header::RETRY_AFTER], "300");
    }
}

#[tokio::test]
async fn a_participant_session_made_on_one_instance_works_on_the_other() {
    let p = Pair::new().await;
    let (_, code) = p.a.participant().await;
    let signed_in = p.a.sign_in_code(&code, None).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    let cookie = signed_in.cookie().unwrap();
    // The notice is accepted and a result uploaded through B.
    p.b.accept_notice(&cookie, false, false).await;
    let upload =
        p.b.send("POST", "/api/v1/results", Some(submission()), Some(&cookie))
            .await;
    assert_eq!(upload.status, StatusCode::CREATED, "{:?}", upload.body);
    // A sees it.
    let results =
        p.a.send("GET", "/api/v1/results", None, Some(&cookie))
            .await;
    assert_eq!(results.status, StatusCode::OK);
    assert_eq!(results.body[0]["instrument"], "fit-for-work");
    // Signing out on A ends the session on B.
    let out =
        p.a.send("DELETE", "/api/v1/session", None, Some(&cookie))
            .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after =
        p.b.send("GET", "/api/v1/session", None, Some(&cookie))
            .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_staff_sign_in_spans_instances_with_one_key_file() {
    let p = Pair::new().await;
    // The seed is sealed by A; B opens it with the same key file.
    let anna = p.a.staff("anna", StaffRole::Counsellor).await;
    let (participant, code) = p.a.participant().await;
    p.a.assign(&participant, &anna.id).await;
    let cookie = p.b.sign_in_code(&code, None).await.cookie().unwrap();
    p.b.accept_notice(&cookie, false, false).await;
    let upload =
        p.a.send("POST", "/api/v1/results", Some(submission()), Some(&cookie))
            .await;
    assert_eq!(upload.status, StatusCode::CREATED, "{:?}", upload.body);

    // Password on A, TOTP on B, the dossier on A.
    let pending = password_step(&p.a, "anna", STAFF_PASSWORD).await;
    assert_eq!(pending.status, StatusCode::OK, "{:?}", pending.body);
    let code = totp::generate(&anna.secret, p.a.clock_now()).unwrap();
    let done = totp_step(&p.b, &pending.cookie().unwrap(), &code).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let staff_cookie = done.cookie().unwrap();
    let results =
        p.a.send(
            "GET",
            &format!("/api/v1/staff/participants/{participant}/results"),
            None,
            Some(&staff_cookie),
        )
        .await;
    assert_eq!(results.status, StatusCode::OK, "{:?}", results.body);
    assert_eq!(results.body["results"][0]["instrument"], "fit-for-work");
    // A used TOTP code is used on every instance.
    let again = password_step(&p.b, "anna", STAFF_PASSWORD).await;
    let replay = totp_step(&p.a, &again.cookie().unwrap(), &code).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    // Signing out on B ends the session on A.
    let out =
        p.b.send("DELETE", "/api/v1/staff/session", None, Some(&staff_cookie))
            .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me =
        p.a.send("GET", "/api/v1/staff/session", None, Some(&staff_cookie))
            .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}
