//! Consent in the office and for minors: the counsellor records that the
//! participant accepted the notice on paper, notes the signed copy on file,
//! and a participant under the consent age can accept nothing until a
//! guardian's consent is recorded. Every staff step writes its audit row.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lotse_shared::api::StaffRole;
use serde_json::{Value, json};

async fn notice(t: &TestApp) -> Value {
    t.send("GET", "/api/v1/notice?lang=en", None, None)
        .await
        .body
}

async fn audit_actions(t: &TestApp, participant: &str) -> Vec<String> {
    t.texts(
        "SELECT action FROM audit_events WHERE participant_id = $1 ORDER BY at, id",
        &[participant],
    )
    .await
    .into_iter()
    .flatten()
    .collect()
}

#[tokio::test]
async fn the_counsellor_takes_the_consent_in_the_office_and_files_the_signed_copy() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (kim, kim_cookie) = t.signed_in_without_consent().await;
    t.assign(&kim, &anna.id).await;
    let path = format!("/api/v1/staff/participants/{kim}/consent");
    let shown = notice(&t).await;

    // A wrong hash or a refusal changes nothing.
    for body in [
        json!({ "accept": true, "notice_version": shown["version"], "notice_hash": "x" }),
        json!({ "accept": false, "notice_version": shown["version"], "notice_hash": shown["hash"] }),
    ] {
        let reply = t.send("POST", &path, Some(body), Some(&anna.cookie)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.code(), "invalid_value");
    }
    // Nothing taken in the office yet: no signed copy to file.
    let early = t
        .send(
            "PUT",
            &format!("{path}/signed-copy"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "conflict")
    );
    assert_eq!(t.count("consent_events").await, 0);
    assert!(audit_actions(&t, &kim).await.is_empty());

    let reply = t
        .send(
            "POST",
            &path,
            Some(json!({
                "accept": true, "notice_version": shown["version"], "notice_hash": shown["hash"],
                "agency_results": true, "survey_contact": true,
            })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["required"], false);
    assert_eq!(reply.body["survey_contact"], true);
    assert_eq!(reply.body["job_matching"], false);
    let event = &reply.body["history"][0];
    assert_eq!(event["event"], "given");
    assert_eq!(event["channel"], "counsellor");
    assert_eq!(event["signed_copy_at"], Value::Null);
    assert_eq!(audit_actions(&t, &kim).await, ["consent.office"]);

    // Accepted once is enough.
    let again = t
        .send(
            "POST",
            &path,
            Some(json!({ "accept": true, "notice_version": shown["version"], "notice_hash": shown["hash"] })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The participant can use Lotse now and sees the office consent.
    let mine = t
        .send("GET", "/api/v1/consent", None, Some(&kim_cookie))
        .await;
    assert_eq!(mine.body["required"], false);
    assert_eq!(mine.body["survey_contact"], true);

    let filed = t
        .send(
            "PUT",
            &format!("{path}/signed-copy"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{:?}", filed.body);
    assert_eq!(filed.body["history"][0]["signed_copy_at"], t.clock_now());
    assert_eq!(
        audit_actions(&t, &kim).await,
        ["consent.office", "consent.signed_copy"]
    );
    // Once only: a second note changes nothing and writes no audit row.
    let twice = t
        .send(
            "PUT",
            &format!("{path}/signed-copy"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(audit_actions(&t, &kim).await.len(), 2);

    // The participant withdraws the survey contact themselves: a consent of its own.
    let changed = t
        .send(
            "PUT",
            "/api/v1/consent",
            Some(json!({ "agency_results": true, "job_matching": false })),
            Some(&kim_cookie),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.body["survey_contact"], false);
    assert_eq!(changed.body["agency_results"], true);
    assert_eq!(changed.body["history"][1]["event"], "withdrawn");
    // The newest event was the participant's own: nothing to file for it.
    let self_made = t
        .send(
            "PUT",
            &format!("{path}/signed-copy"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(self_made.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_minor_accepts_nothing_before_a_guardian_consented() {
    let t = TestApp::new().await;
    let office = t.staff("office", StaffRole::Office).await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (_, _) = t.participant().await; // makes the programme
    let programme = t.store().programme_by_name("Test").await.unwrap().unwrap();
    let create = |body: Value| {
        let cookie = office.cookie.clone();
        let t = &t;
        async move {
            t.send(
                "POST",
                "/api/v1/staff/participants",
                Some(body),
                Some(&cookie),
            )
            .await
        }
    };
    // T0 is 2026-11-23. A date of birth in the future, or one that says the
    // person is of age while "under the consent age" is ticked, is refused.
    for born in ["2027-01-01", "1990-05-04"] {
        let reply = create(json!({
            "programme_id": programme.id, "display_name": "Lea", "counsellor_id": anna.id,
            "date_of_birth": born, "under_consent_age": true,
        }))
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{born}");
    }
    let participants = t.count("participants").await;
    // Someone of age leaves nothing about their age behind.
    let adult = create(json!({
        "programme_id": programme.id, "display_name": "Ada", "date_of_birth": "1990-05-04",
    }))
    .await;
    assert_eq!(adult.status, StatusCode::CREATED);
    assert_eq!(t.count("participants").await, participants + 1);
    let letter = create(json!({
        "programme_id": programme.id, "display_name": "Lea", "counsellor_id": anna.id,
        "date_of_birth": "2011-02-10",
    }))
    .await;
    assert_eq!(letter.status, StatusCode::CREATED, "{:?}", letter.body);
    let lea = t
        .texts(
            "SELECT id FROM participants WHERE display_name = 'Lea'",
            &[],
        )
        .await[0]
        .clone()
        .unwrap();
    // Only the day she reaches 16 is kept, not the date of birth.
    assert_eq!(
        t.texts(
            "SELECT adult_on FROM participants WHERE minor = 1 ORDER BY id",
            &[]
        )
        .await,
        [Some("2027-02-10".to_owned())]
    );

    let signed_in = t
        .sign_in_code(letter.body["code"].as_str().unwrap(), None)
        .await;
    let cookie = signed_in.cookie().unwrap();
    let status = t.send("GET", "/api/v1/consent", None, Some(&cookie)).await;
    assert_eq!(status.body["guardian"]["required"], true);
    assert_eq!(status.body["guardian"]["adult_on"], "2027-02-10");
    let shown = notice(&t).await;
    let accept = json!({
        "accept": true, "notice_version": shown["version"], "notice_hash": shown["hash"],
    });
    let refused = t
        .send(
            "POST",
            "/api/v1/consent",
            Some(accept.clone()),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "guardian_consent_required")
    );
    // Nor in the office.
    let office_path = format!("/api/v1/staff/participants/{lea}/consent");
    let refused = t
        .send(
            "POST",
            &office_path,
            Some(accept.clone()),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(refused.code(), "guardian_consent_required");
    assert_eq!(t.count("consent_events").await, 0);

    // Bad input is refused and stores nothing.
    let guardian_path = format!("/api/v1/staff/participants/{lea}/guardian-consents");
    for body in [
        json!({ "guardian_name": "", "relation": "mother", "given_on": "2026-11-20", "channel": "office" }),
        json!({ "guardian_name": "Mia", "relation": "mother", "given_on": "2026-12-20", "channel": "office" }),
        json!({ "guardian_name": "Mia", "relation": "mother", "given_on": "20.11.2026", "channel": "office" }),
        json!({ "guardian_name": "Mia", "relation": "mother", "given_on": "2026-11-20", "channel": "phone" }),
    ] {
        let reply = t
            .send(
                "POST",
                &guardian_path,
                Some(body.clone()),
                Some(&office.cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    assert_eq!(t.count("guardian_consents").await, 0);

    let recorded = t
        .send(
            "POST",
            &guardian_path,
            Some(json!({
                "guardian_name": "Mia Berger", "relation": "mother",
                "given_on": "2026-11-20", "channel": "letter",
            })),
            Some(&office.cookie),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    assert_eq!(recorded.body["guardian"]["required"], false);
    assert_eq!(
        recorded.body["guardian"]["consents"][0]["guardian_name"],
        "Mia Berger"
    );
    assert_eq!(
        audit_actions(&t, &lea).await,
        ["participant.create", "guardian_consent.record"]
    );

    let accepted = t
        .send("POST", "/api/v1/consent", Some(accept), Some(&cookie))
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    // The export carries the guardian's consent.
    let export = t
        .send("GET", "/api/v1/me/export", None, Some(&cookie))
        .await;
    assert_eq!(export.body["schema_version"], 4);
    assert_eq!(export.body["guardian"]["consents"][0]["relation"], "mother");
}
