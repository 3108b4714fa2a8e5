//! The breach register through the API: checked input, the 72-hour
//! deadline, marking a breach reported, telling the affected participants.
//! Who may use it is in authz_matrix.rs.

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

/// The breaches a participant was told about, as they read them.
async fn mine(t: &TestApp, cookie: &str) -> serde_json::Value {
    t.send("GET", "/api/v1/me/breaches", None, Some(cookie))
        .await
        .body
}

#[tokio::test]
async fn the_officer_tells_the_affected_participants_who_read_it_in_my_data() {
    let t = TestApp::new().await;
    let dpo = t.staff("dora", StaffRole::Dpo).await;
    let (id, cookie) = t.signed_in().await;
    let (_, other_cookie) = t.signed_in().await;
    let recorded = t
        .send(
            "POST",
            "/api/v1/staff/breaches",
            Some(json!({ "what": "A laptop with a list was stolen", "found_at": T0 - 3600, "reported_at": null, "affected": 1 })),
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    let breach = recorded.body[0]["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/staff/breaches/{breach}");
    let notified = format!("{base}/notified");
    let notify = || t.send("POST", &notified, None, Some(&dpo.cookie));

    // Nothing to tell yet: no words, nobody linked.
    assert_eq!(notify().await.status, StatusCode::CONFLICT);
    let details = json!({
        "measures": "The laptop was locked remotely; passwords were changed.",
        "consequences": "Someone could read your name and programme.",
        "contact": "datenschutz@example.org",
        "message": "A laptop with your name on a list was stolen on 22 November."
    });
    let saved = t.send("PUT", &base, Some(details), Some(&dpo.cookie)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(notify().await.status, StatusCode::CONFLICT, "nobody linked");
    let bad_link = t
        .send(
            "POST",
            &format!("{base}/participants"),
            Some(json!({ "participant_id": "nobody" })),
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(bad_link.status, StatusCode::NOT_FOUND);
    let linked = t
        .send(
            "POST",
            &format!("{base}/participants"),
            Some(json!({ "participant_id": id })),
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{:?}", linked.body);
    assert_eq!(linked.body[0]["participants"][0]["id"], id.as_str());
    // Linked but not told: the participant sees nothing yet.
    assert_eq!(mine(&t, &cookie).await, json!([]));

    let told = notify().await;
    assert_eq!(told.status, StatusCode::OK, "{:?}", told.body);
    assert!(told.body[0]["notified_at"].is_i64());
    let notices = mine(&t, &cookie).await;
    assert_eq!(
        notices[0]["message"],
        "A laptop with your name on a list was stolen on 22 November."
    );
    assert_eq!(notices[0]["contact"], "datenschutz@example.org");
    assert_eq!(mine(&t, &other_cookie).await, json!([]), "only the linked");
    // In their export and their audit trail.
    let export = t
        .send("GET", "/api/v1/me/export", None, Some(&cookie))
        .await;
    assert_eq!(export.body["schema_version"], 4);
    assert_eq!(export.body["breaches"], notices);
    let trail = t.send("GET", "/api/v1/me/audit", None, Some(&cookie)).await;
    let actions: Vec<&str> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"breach.link"), "{actions:?}");
    assert!(actions.contains(&"breach.notify"), "{actions:?}");

    // Unlinking takes it away again.
    let unlinked = t
        .send(
            "DELETE",
            &format!("{base}/participants/{id}"),
            None,
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(unlinked.status, StatusCode::OK);
    assert_eq!(mine(&t, &cookie).await, json!([]));
}
