//! The draft key (`GET /api/v1/me/draft-key`): one per participant, stable,
//! only for their own session, never cached, sealed at rest, and gone with
//! their data.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{StatusCode, header};
use base64::Engine as _;
use common::TestApp;
use lotse_server::db::ErasureReason;
use lotse_shared::api::{DraftKey, StaffRole};
use serde_json::json;

const PATH: &str = "/api/v1/me/draft-key";

/// The key the participant's session is given, checked to be 32 bytes.
async fn key_of(t: &TestApp, cookie: &str) -> String {
    let reply = t.send("GET", PATH, None, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
    let key: DraftKey = serde_json::from_value(reply.body).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&key.key)
        .unwrap();
    assert_eq!(bytes.len(), 32);
    key.key
}

#[tokio::test]
async fn a_participant_gets_the_same_key_every_time() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in().await;
    let first = key_of(&t, &cookie).await;
    let again = key_of(&t, &cookie).await;
    assert_eq!(first, again);
    assert_eq!(t.count("draft_keys").await, 1);
    // Sealed at rest: the key is nowhere in the table.
    let stored = t
        .texts(
            "SELECT sealed FROM draft_keys WHERE participant_id = $1",
            &[&id],
        )
        .await;
    let sealed = stored[0].clone().unwrap();
    assert!(!sealed.contains(&first));
    assert!(sealed.starts_with("v1."));
    // The export says that there is a key, not what it is.
    let export = t
        .send("GET", "/api/v1/me/export", None, Some(&cookie))
        .await;
    assert_eq!(export.body["draft_key"]["created_at"], common::T0);
    assert!(!export.body.to_string().contains(&first));
}

#[tokio::test]
async fn another_sign_in_of_the_same_participant_gets_the_same_key() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    let first = t.sign_in_code(&code, None).await.cookie().unwrap();
    t.accept_notice(&first, false, false).await;
    let second = t.sign_in_code(&code, None).await.cookie().unwrap();
    assert_ne!(first, second);
    assert_eq!(key_of(&t, &first).await, key_of(&t, &second).await);
}

#[tokio::test]
async fn two_participants_get_different_keys() {
    let t = TestApp::new().await;
    let (_, a) = t.signed_in().await;
    let (_, b) = t.signed_in().await;
    assert_ne!(key_of(&t, &a).await, key_of(&t, &b).await);
    assert_eq!(t.count("draft_keys").await, 2);
}

#[tokio::test]
async fn only_a_signed_in_participant_gets_a_key() {
    let t = TestApp::new().await;
    let nobody = t.send("GET", PATH, None, None).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    assert_eq!(nobody.code(), "unauthenticated");
    let forged = t
        .send("GET", PATH, None, Some("lotse_session=not-a-session"))
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    for role in [StaffRole::Counsellor, StaffRole::Admin] {
        let staff = t.staff(&format!("{role:?}").to_lowercase(), role).await;
        let reply = t.send("GET", PATH, None, Some(&staff.cookie)).await;
        assert!(
            matches!(
                reply.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ),
            "{role:?}: {:?}",
            reply.status
        );
    }
    // Drafts are answers to questionnaires, which wait for consent.
    let (_, undecided) = t.signed_in_without_consent().await;
    let reply = t.send("GET", PATH, None, Some(&undecided)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.code(), "consent_required");
    assert_eq!(t.count("draft_keys").await, 0);
    // Reading is all there is.
    let posted = t.send("POST", PATH, Some(json!({})), None).await;
    assert_eq!(posted.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn withdrawal_deletes_the_key_and_no_later_sign_in_gets_it() {
    let t = TestApp::new().await;
    let (id, code) = t.participant().await;
    let cookie = t.sign_in_code(&code, None).await.cookie().unwrap();
    t.accept_notice(&cookie, false, false).await;
    let old = key_of(&t, &cookie).await;
    let (other, other_cookie) = t.signed_in().await;
    let kept = key_of(&t, &other_cookie).await;

    let reply = t
        .send(
            "POST",
            "/api/v1/me/erase",
            Some(json!({ "confirm": true })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        t.int(
            "SELECT COUNT(*) FROM draft_keys WHERE participant_id = $1",
            &[&id]
        )
        .await,
        0
    );
    assert!(t.store().draft_key(&id).await.unwrap().is_none());
    // The old session and code are dead; whoever signs in next on the device
    // gets a key of their own.
    let gone = t.send("GET", PATH, None, Some(&cookie)).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        t.sign_in_code(&code, None).await.code(),
        "invalid_credentials"
    );
    let (_, next) = t.signed_in().await;
    let fresh = key_of(&t, &next).await;
    assert_ne!(fresh, old);
    // The other participant keeps theirs.
    assert!(t.store().draft_key(&other).await.unwrap().is_some());
    assert_eq!(key_of(&t, &other_cookie).await, kept);
}

#[tokio::test]
async fn erasure_by_retention_deletes_the_key() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in().await;
    key_of(&t, &cookie).await;
    let receipt = t
        .store()
        .erase_participant(&id, ErasureReason::Retention, common::T0)
        .await
        .unwrap();
    assert!(receipt.is_some());
    assert_eq!(t.count("draft_keys").await, 0);
}
