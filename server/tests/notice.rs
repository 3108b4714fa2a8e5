//! The privacy notice as the organisation's own versioned data (issue 11):
//! filled from the profile, republished when the profile changes, published by
//! admins after a preview, every version readable, and a new version asks
//! participants again.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::{T0, TestApp};
use lotse_shared::api::StaffRole;
use serde_json::json;

async fn notice(t: &TestApp, query: &str) -> common::Reply {
    t.send("GET", &format!("/api/v1/notice?{query}"), None, None)
        .await
}

#[tokio::test]
async fn changing_the_controller_publishes_a_new_version_and_asks_again() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let (_, cookie) = t.signed_in().await;
    let first = notice(&t, "lang=en").await;
    assert_eq!(first.body["version"], 1);

    // Saving the profile unchanged publishes nothing.
    let same = t.send("GET", "/api/v1/organisation", None, None).await.body;
    t.send(
        "PUT",
        "/api/v1/staff/organisation",
        Some(same.clone()),
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(notice(&t, "lang=en").await.body["version"], 1);

    let mut changed = same;
    changed["controller_name"] = json!("Neuer Träger GmbH");
    let saved = t
        .send(
            "PUT",
            "/api/v1/staff/organisation",
            Some(changed),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let second = notice(&t, "lang=en").await;
    assert_eq!(second.body["version"], 2);
    assert!(second.body.to_string().contains("Neuer Träger GmbH"));
    assert_ne!(second.body["hash"], first.body["hash"]);

    // The participant is asked again; the old version stays readable.
    let session = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(session.body["consent_required"], true);
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(modules.code(), "consent_required");
    let old = notice(&t, "lang=en&version=1").await;
    assert_eq!(old.body["hash"], first.body["hash"]);
    assert!(!old.body.to_string().contains("Neuer Träger GmbH"));
    assert_eq!(
        notice(&t, "lang=en&version=9").await.status,
        StatusCode::NOT_FOUND
    );
    // Accepting version 1 now is refused; version 2 is accepted.
    let stale = t
        .send(
            "POST",
            "/api/v1/consent",
            Some(
                json!({ "accept": true, "notice_version": 1, "notice_hash": first.body["hash"],
                         "agency_results": false, "job_matching": false }),
            ),
            Some(&cookie),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    t.accept_notice(&cookie, false, false).await;
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(modules.status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_previews_and_publishes_their_own_text() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let sources = t
        .send("GET", "/api/v1/staff/notice", None, Some(&admin.cookie))
        .await;
    assert_eq!(sources.body["version"], 1);
    assert_eq!(sources.body["texts"][0]["origin"], "shipped");
    assert!(
        sources.body["texts"][0]["source"]
            .as_str()
            .unwrap()
            .contains("{{controller_name}}")
    );
    let own = "# Datenschutz bei {{controller_name}}\n\n## Kurz\n\nFassung {{version}}.\n\n## Rechte\n\n- Auskunft\n";
    let draft = json!({ "lang": "de", "source": own });
    let denied = t
        .send(
            "POST",
            "/api/v1/staff/notice",
            Some(draft.clone()),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    let preview = t
        .send(
            "POST",
            "/api/v1/staff/notice/preview",
            Some(draft.clone()),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(
        preview.body["title"],
        "Datenschutz bei Beispiel-Bildungsträger gGmbH (Demo – fiktiv)"
    );
    assert_eq!(
        notice(&t, "lang=de").await.body["version"],
        1,
        "a preview publishes nothing"
    );

    for (source, why) in [
        (
            "# T\n\n## A\n\n{{nope}}\n\n## B\n\nx",
            "unknown placeholder",
        ),
        ("no title", "not a notice"),
    ] {
        let bad = t
            .send(
                "POST",
                "/api/v1/staff/notice",
                Some(json!({ "lang": "de", "source": source })),
                Some(&admin.cookie),
            )
            .await;
        assert_eq!(bad.code(), "invalid_value", "{why}");
    }
    let published = t
        .send(
            "POST",
            "/api/v1/staff/notice",
            Some(draft),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{:?}",
        published.body
    );
    assert_eq!(published.body["version"], 2);
    let de = notice(&t, "lang=de").await;
    assert_eq!(de.body["version"], 2);
    assert!(de.body.to_string().contains("Fassung 2."));
    // The other language carries on with its text, as version 2 too.
    let en = notice(&t, "lang=en").await;
    assert_eq!(en.body["version"], 2);
    // The organisation's own text survives a later profile change.
    let mut profile = t.send("GET", "/api/v1/organisation", None, None).await.body;
    profile["controller_name"] = json!("Anderer Träger");
    t.send(
        "PUT",
        "/api/v1/staff/organisation",
        Some(profile),
        Some(&admin.cookie),
    )
    .await;
    let de = notice(&t, "lang=de").await;
    assert_eq!(de.body["version"], 3);
    assert_eq!(de.body["title"], "Datenschutz bei Anderer Träger");
}

#[tokio::test]
async fn nothing_is_published_before_the_profile_is_complete() {
    let store = lotse_server::db::connect_for_tests().await.unwrap();
    let settings = lotse_server::domain::notice::NoticeSettings {
        retention_months: 6,
        idle_minutes: 30,
        consent_age: 16,
    };
    lotse_server::domain::notice::sync(&*store, settings, T0)
        .await
        .unwrap();
    assert_eq!(store.current_notice_version().await.unwrap(), None);
    store
        .save_organisation(&lotse_server::domain::organisation::demo(), T0)
        .await
        .unwrap();
    lotse_server::domain::notice::sync(&*store, settings, T0)
        .await
        .unwrap();
    assert_eq!(store.current_notice_version().await.unwrap(), Some(1));
    // Idempotent: nothing changed, nothing new.
    lotse_server::domain::notice::sync(&*store, settings, T0)
        .await
        .unwrap();
    assert_eq!(store.current_notice_version().await.unwrap(), Some(1));
    // A changed setting (retention) is a new version.
    let longer = lotse_server::domain::notice::NoticeSettings {
        retention_months: 12,
        idle_minutes: 30,
        consent_age: 16,
    };
    lotse_server::domain::notice::sync(&*store, longer, T0)
        .await
        .unwrap();
    assert_eq!(store.current_notice_version().await.unwrap(), Some(2));
}
