//! The organisation's profile (issue 11): public to read, edited by admins only,
//! validated, and required before any participant is invited; the access letter
//! carries the address, the controller, the help contact and a QR code that
//! opens the sign-in page with the code in the fragment.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use base64::Engine as _;
use common::TestApp;
use lotse_shared::api::StaffRole;
use serde_json::{Value, json};

fn profile() -> Value {
    json!({
        "controller_name": "Jobcenter Musterstadt",
        "controller_address": "Am Markt 1\n12345 Musterstadt",
        "controller_contact": "jobcenter@example.org",
        "dpo_name": "Dana Schutz",
        "dpo_contact": "datenschutz@example.org",
        "agency_name": "Jobcenter",
        "authority_name": "Die Landesbeauftragte für den Datenschutz",
        "authority_contact": "poststelle@ldi.example.org",
        "counselling_basis": "public_task",
        "health_basis": "social_protection_law",
        "legal_basis_reference": "§ 16 SGB II in Verbindung mit § 67a SGB X",
        "help_contact": "0800 123 456 (Mo–Fr 8–16 Uhr)",
        "public_url": "https://lotse.example.org/"
    })
}

#[tokio::test]
async fn the_profile_is_public_to_read_and_only_admins_change_it() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let public = t.send("GET", "/api/v1/organisation", None, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.body["controller_name"]
            .as_str()
            .unwrap()
            .contains("Demo")
    );

    let denied = t
        .send(
            "PUT",
            "/api/v1/staff/organisation",
            Some(profile()),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let saved = t
        .send(
            "PUT",
            "/api/v1/staff/organisation",
            Some(profile()),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(saved.body["missing"], json!([]));
    // Stored as given, the address without its trailing slash.
    let public = t.send("GET", "/api/v1/organisation", None, None).await;
    assert_eq!(public.body["controller_name"], "Jobcenter Musterstadt");
    assert_eq!(public.body["counselling_basis"], "public_task");
    assert_eq!(public.body["public_url"], "https://lotse.example.org");
}

#[tokio::test]
async fn bad_values_are_refused_and_change_nothing() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let before = t.send("GET", "/api/v1/organisation", None, None).await.body;
    for (field, value, code) in [
        ("public_url", json!("lotse.example.org"), "invalid_value"),
        ("public_url", json!("https://x/?code=1"), "invalid_value"),
        ("counselling_basis", json!("vibes"), "invalid_value"),
        ("dpo_name", json!("x".repeat(501)), "invalid_value"),
        ("surprise", json!("field"), "invalid_value"),
    ] {
        let mut body = profile();
        body[field] = value;
        let reply = t
            .send(
                "PUT",
                "/api/v1/staff/organisation",
                Some(body),
                Some(&admin.cookie),
            )
            .await;
        assert_eq!(
            reply.body["error"]["code"], code,
            "{field}: {:?}",
            reply.body
        );
    }
    let after = t.send("GET", "/api/v1/organisation", None, None).await.body;
    assert_eq!(before, after);
}

#[tokio::test]
async fn no_participant_is_invited_before_the_profile_is_complete() {
    let t = TestApp::without_profile().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let programme = t
        .send(
            "POST",
            "/api/v1/staff/programmes",
            Some(json!({ "name": "Wege", "starts_on": "2026-11-01", "ends_on": "2027-03-31" })),
            Some(&admin.cookie),
        )
        .await;
    let invite = || {
        t.send(
            "POST",
            "/api/v1/staff/participants",
            Some(json!({ "programme_id": programme.body["id"], "display_name": "Kim" })),
            Some(&admin.cookie),
        )
    };
    let refused = invite().await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["error"]["code"], "profile_incomplete");
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("controller_name")
    );
    assert_eq!(t.count("participants").await, 0);
    let status = t
        .send(
            "GET",
            "/api/v1/staff/organisation",
            None,
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(status.body["missing"].as_array().map(Vec::len), Some(10));

    t.send(
        "PUT",
        "/api/v1/staff/organisation",
        Some(profile()),
        Some(&admin.cookie),
    )
    .await;
    let letter = invite().await;
    assert_eq!(letter.status, StatusCode::CREATED, "{:?}", letter.body);
    let code = letter.body["code"].as_str().unwrap();
    // The letter says where, who is responsible and whom to ask.
    assert_eq!(letter.body["public_url"], "https://lotse.example.org");
    assert_eq!(letter.body["controller_name"], "Jobcenter Musterstadt");
    assert_eq!(letter.body["help_contact"], "0800 123 456 (Mo–Fr 8–16 Uhr)");
    // The code travels in the fragment, which browsers never send.
    let link = letter.body["sign_in_link"].as_str().unwrap();
    assert_eq!(link, format!("https://lotse.example.org/#code={code}"));
    let svg = letter.body["qr_image"]
        .as_str()
        .unwrap()
        .strip_prefix("data:image/svg+xml;base64,")
        .map(|b| base64::engine::general_purpose::STANDARD.decode(b).unwrap())
        .unwrap();
    assert!(String::from_utf8(svg).unwrap().starts_with("<?xml"));
}
