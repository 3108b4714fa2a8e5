//! The breach register through the office API: checked input, the 72-hour
//! deadline, marking a breach reported. Who may use it is in authz_matrix.rs.

mod common;

use axum::http::StatusCode;
use common::{T0, TestApp};
use lotse_shared::api::StaffRole;
use serde_json::json;

#[tokio::test]
async fn admins_record_breaches_and_see_the_deadline() {
    let t = TestApp::new().await;
    let admin = t.staff("office", StaffRole::Admin).await;
    let post = |body| {
        t.send(
            "POST",
            "/api/v1/staff/breaches",
            Some(body),
            Some(&admin.cookie),
        )
    };

    for (bad, why) in [
        (
            json!({ "what": " ", "found_at": T0 - 60, "reported_at": null, "affected": 1 }),
            "describe",
        ),
        (
            json!({ "what": "x", "found_at": T0 + 60, "reported_at": null, "affected": 1 }),
            "future",
        ),
        (
            json!({ "what": "x", "found_at": T0 - 60, "reported_at": T0 - 120, "affected": 1 }),
            "before",
        ),
        (
            json!({ "what": "x", "found_at": T0 - 60, "reported_at": null, "affected": -1 }),
            "negative",
        ),
    ] {
        let reply = post(bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(why),
            "{why}"
        );
    }
    let extra = post(json!({ "what": "x", "found_at": T0, "reported_at": null, "affected": 1, "names": ["Kim"] })).await;
    assert_eq!(extra.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.count("breaches").await, 0);

    let found = T0 - 2 * 3600;
    let reply = post(
        json!({ "what": "Laptop stolen", "found_at": found, "reported_at": null, "affected": 12 }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let breach = &reply.body[0];
    assert_eq!(breach["deadline"], found + 72 * 3600);
    assert_eq!(breach["reported_at"], serde_json::Value::Null);
    let id = breach["id"].as_str().unwrap().to_owned();

    let mark = |id: String, at: i64| {
        let cookie = admin.cookie.clone();
        let t = &t;
        async move {
            t.send(
                "POST",
                &format!("/api/v1/staff/breaches/{id}/reported"),
                Some(json!({ "at": at })),
                Some(&cookie),
            )
            .await
        }
    };
    assert_eq!(
        mark(id.clone(), found - 1).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        mark(id.clone(), T0 + 60).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        mark("no-such-id".into(), T0).await.status,
        StatusCode::NOT_FOUND
    );
    let done = mark(id, T0).await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.body[0]["reported_at"], T0);
}
