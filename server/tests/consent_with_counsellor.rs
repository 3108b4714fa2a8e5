//! Optional consents recorded by the counsellor with the participant: the
//! history says "with counsellor", the notice stays the participant's own step,
//! and the agency report follows the recorded consent.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lotse_shared::api::StaffRole;
use serde_json::json;

#[tokio::test]
async fn the_counsellor_records_optional_consents_with_the_participant() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;

    // Someone who has not accepted the notice: the counsellor cannot do it for them.
    let (newcomer, _) = t.signed_in_without_consent().await;
    t.assign(&newcomer, &anna.id).await;
    let reply = t
        .send(
            "PUT",
            &format!("/api/v1/staff/participants/{newcomer}/consent"),
            Some(json!({ "agency_results": true, "job_matching": false })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code()),
        (StatusCode::CONFLICT, "conflict")
    );
    assert_eq!(t.count("consent_events").await, 0);

    let (kim, kim_cookie) = t.signed_in().await;
    t.assign(&kim, &anna.id).await;
    let path = format!("/api/v1/staff/participants/{kim}/consent");
    let extra = t
        .send(
            "PUT",
            &path,
            Some(json!({ "agency_results": true, "job_matching": true, "notice": 9 })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(extra.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = t
        .send(
            "PUT",
            &path,
            Some(json!({ "agency_results": true, "job_matching": false })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["agency_results"], true);
    assert_eq!(reply.body["job_matching"], false);

    // The participant sees it in their own history, marked as recorded with the counsellor.
    let mine = t
        .send("GET", "/api/v1/consent", None, Some(&kim_cookie))
        .await;
    let last = mine.body["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["channel"], "counsellor");
    assert_eq!(last["agency_results"], true);

    // The consent now decides what the agency report may carry.
    assert!(
        lotse_server::domain::rights::consent_allows(
            t.store(),
            &kim,
            lotse_shared::api::ConsentScope::AgencyResults
        )
        .await
        .unwrap()
    );
    assert!(
        !lotse_server::domain::rights::consent_allows(
            t.store(),
            &kim,
            lotse_shared::api::ConsentScope::JobMatching
        )
        .await
        .unwrap()
    );
    // And the audit trail names it.
    let audit = t
        .send("GET", "/api/v1/me/audit", None, Some(&kim_cookie))
        .await;
    assert!(
        audit
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "consent.record")
    );
}

#[tokio::test]
async fn saving_the_optional_consents_unchanged_records_no_event() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (kim, kim_cookie) = t.signed_in().await;
    t.assign(&kim, &anna.id).await;
    let path = format!("/api/v1/staff/participants/{kim}/consent");
    let history = |reply: &common::Reply| reply.body["history"].as_array().unwrap().clone();

    let before = t.send("GET", &path, None, Some(&anna.cookie)).await;
    assert_eq!(before.status, StatusCode::OK);
    // The notice was accepted without the optional consents; save the same.
    let reply = t
        .send(
            "PUT",
            &path,
            Some(json!({ "agency_results": false, "job_matching": false })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(history(&reply), history(&before));
    assert!(history(&reply).iter().all(|e| e["event"] != "withdrawn"));

    // The same after a real change: saving it again adds nothing.
    let given = json!({ "agency_results": true, "job_matching": false });
    let changed = t
        .send("PUT", &path, Some(given.clone()), Some(&anna.cookie))
        .await;
    assert_eq!(history(&changed).len(), history(&before).len() + 1);
    let again = t.send("PUT", &path, Some(given), Some(&anna.cookie)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(history(&again), history(&changed));
    assert!(history(&again).iter().all(|e| e["event"] != "withdrawn"));

    // One 'consent.record' row for the one change, none for the unchanged saves.
    let audit = t
        .send("GET", "/api/v1/me/audit", None, Some(&kim_cookie))
        .await;
    let records = audit
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "consent.record")
        .count();
    assert_eq!(records, 1);
}
