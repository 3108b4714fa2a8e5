//! The audit trail's action codes: every action is stored and read back as
//! itself, and a stored code no action has is an error, never a gap or a
//! default. Who writes which row is in authz_matrix.rs and dossier.rs.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::{T0, TestApp};
use lotse_server::db::{AuditEvent, DbError};
use lotse_shared::api::{AuditAction, AuditEntry, StaffRole};

#[tokio::test]
async fn every_action_is_stored_and_read_back_as_itself() {
    let t = TestApp::new().await;
    let (participant, cookie) = t.signed_in().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    for (at, &action) in (T0..).zip(AuditAction::ALL) {
        t.store()
            .record_audit(&AuditEvent {
                actor_id: admin.id.clone(),
                acting_for: None,
                participant_id: Some(participant.clone()),
                action,
                at,
            })
            .await
            .unwrap();
    }
    let stored = t
        .texts(
            "SELECT action FROM audit_events WHERE participant_id = $1 ORDER BY at",
            &[&participant],
        )
        .await;
    let codes: Vec<Option<String>> = AuditAction::ALL
        .iter()
        .map(|a| Some(a.code().to_owned()))
        .collect();
    assert_eq!(stored, codes);

    let reply = t.send("GET", "/api/v1/me/audit", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let trail: Vec<AuditEntry> = serde_json::from_value(reply.body).unwrap();
    // Newest first.
    let read: Vec<AuditAction> = trail.iter().rev().map(|e| e.action).collect();
    assert_eq!(read, AuditAction::ALL);
}

#[tokio::test]
async fn an_unknown_stored_action_fails_the_trail() {
    let t = TestApp::new().await;
    let (participant, cookie) = t.signed_in().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    t.exec(
        "INSERT INTO audit_events (id, at, actor_id, acting_for, participant_id, action) \
         VALUES ('unknown-action', 1795435200, $1, NULL, $2, 'dossier.edit')",
        &[&admin.id, &participant],
    )
    .await;
    let error = t.store().audit_trail(&participant).await.unwrap_err();
    assert!(
        matches!(
            &error,
            DbError::Corrupt { column: "audit_events.action", value } if value == "dossier.edit"
        ),
        "{error:?}"
    );
    let reply = t.send("GET", "/api/v1/me/audit", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.code(), "internal");
}
