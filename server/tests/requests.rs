//! Rights handled by the data protection officer: the request register and
//! its deadline, identity before a copy or an erasure, restriction (and
//! telling the participant before lifting it), correction, an upheld
//! objection, and the agency's notices (GDPR Art. 12, 15–19, 21).
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::{Staff, T0, TestApp};
use lotse_server::db::AuditEvent;
use lotse_shared::api::{AuditAction, StaffRole};
use serde_json::{Value, json};

struct World {
    t: TestApp,
    dpo: Staff,
    counsellor: Staff,
    participant: String,
    cookie: String,
}

impl World {
    async fn new() -> Self {
        let t = TestApp::new().await;
        let dpo = t.staff("dora", StaffRole::Dpo).await;
        let counsellor = t.staff("carla", StaffRole::Counsellor).await;
        let (participant, cookie) = t.signed_in().await;
        t.assign(&participant, &counsellor.id).await;
        Self {
            t,
            dpo,
            counsellor,
            participant,
            cookie,
        }
    }

    /// A report went to the agency: from now on changes must be told to it.
    async fn release_report(&self) {
        let audit = |action| AuditEvent {
            actor_id: self.counsellor.id.clone(),
            acting_for: None,
            participant_id: Some(self.participant.clone()),
            action,
            at: T0,
        };
        let store = self.t.store();
        store
            .put_report_draft(
                &self.participant,
                "w",
                T0,
                &audit(AuditAction::ReportCompose),
            )
            .await
            .unwrap();
        let content = r#"{"participant":"Pat","programme":"Test","results":[],"results_consented":false,"competences":[],"competences_consented":false,"wording":"w"}"#;
        assert!(
            store
                .agree_report(&self.participant, "w", content, T0)
                .await
                .unwrap()
        );
        store
            .release_report(
                &self.participant,
                content,
                T0,
                &audit(AuditAction::ReportRelease),
            )
            .await
            .unwrap()
            .unwrap();
    }

    async fn request(&self, kind: &str, received_on: &str) -> common::Reply {
        self.t
            .send(
                "POST",
                "/api/v1/staff/requests",
                Some(json!({
                    "participant_id": self.participant, "kind": kind, "channel": "letter",
                    "received_on": received_on, "requester": "Pat Example, by letter",
                })),
                Some(&self.dpo.cookie),
            )
            .await
    }

    async fn dpo(&self, method: &str, path: &str, body: Option<Value>) -> common::Reply {
        self.t
            .send(method, path, body, Some(&self.dpo.cookie))
            .await
    }

    async fn register(&self) -> Value {
        self.dpo("GET", "/api/v1/staff/requests", None).await.body
    }

    async fn my_rights(&self) -> Value {
        self.t
            .send("GET", "/api/v1/me", None, Some(&self.cookie))
            .await
            .body["rights"]
            .clone()
    }

    fn path(&self, tail: &str) -> String {
        format!("/api/v1/staff/participants/{}{tail}", self.participant)
    }
}

#[tokio::test]
async fn a_request_gets_its_deadline_and_stands_out_when_overdue() {
    let w = World::new().await;
    // Bad input is refused and stores nothing.
    for (body, why) in [
        (json!({ "received_on": "2026-11-24" }), "in the future"),
        (json!({ "received_on": "2026-02-30" }), "not a date"),
        (json!({ "requester": " " }), "nobody asked"),
    ] {
        let mut request = json!({
            "participant_id": w.participant, "kind": "access", "channel": "desk",
            "received_on": "2026-11-20", "requester": "Pat",
        });
        for (k, v) in body.as_object().unwrap() {
            request[k] = v.clone();
        }
        let r = w.dpo("POST", "/api/v1/staff/requests", Some(request)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    assert_eq!(w.t.count("rights_requests").await, 0);

    // One month, clamped to the month's end; today is 2026-11-23.
    let late = w.request("access", "2026-10-22").await;
    assert_eq!(late.status, StatusCode::CREATED, "{:?}", late.body);
    assert_eq!(late.body["due_on"], "2026-11-22");
    assert_eq!(late.body["overdue"], true);
    let clamped = w.request("correction", "2026-10-31").await;
    assert_eq!(clamped.body["due_on"], "2026-11-30");
    assert_eq!(clamped.body["overdue"], false);
    let today = w.request("copy", "2026-11-23").await;
    assert_eq!(today.body["due_on"], "2026-12-23");

    let register = w.register().await;
    let due: Vec<&str> = register["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["due_on"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["2026-11-22", "2026-11-30", "2026-12-23"]);
    assert_eq!(register["deadline_months"], 1);
    assert_eq!(register["requests"][0]["participant_name"], "Pat");

    // The participant sees their requests.
    let mine = w.my_rights().await;
    assert_eq!(mine["requests"].as_array().unwrap().len(), 3);
    assert_eq!(mine["requests"][0]["status"], "open");
}

#[tokio::test]
async fn a_copy_needs_a_checked_identity_and_leaves_a_trace() {
    let w = World::new().await;
    let id = w.request("copy", "2026-11-20").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let export = format!("/api/v1/staff/requests/{id}/export");
    let refused = w.dpo("GET", &export, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let checked = w
        .dpo(
            "POST",
            &format!("/api/v1/staff/requests/{id}/identity"),
            None,
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK);
    assert_eq!(checked.body["identity_checked_by"], "dora");
    let again = w
        .dpo(
            "POST",
            &format!("/api/v1/staff/requests/{id}/identity"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let copy = w.dpo("GET", &export, None).await;
    assert_eq!(copy.status, StatusCode::OK, "{:?}", copy.body);
    assert_eq!(copy.body["participant"]["display_name"], "Pat");
    let trail: Vec<String> = copy.body["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    assert!(trail.contains(&"request.record".to_owned()));
    assert!(trail.contains(&"request.export".to_owned()));

    // Closing needs an answer; an open status is not one.
    let close = format!("/api/v1/staff/requests/{id}/close");
    let open = w
        .dpo(
            "POST",
            &close,
            Some(json!({ "status": "open", "outcome": "x" })),
        )
        .await;
    assert_eq!(open.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = w
        .dpo(
            "POST",
            &close,
            Some(json!({ "status": "done", "outcome": "Handed over at the desk." })),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.body["closed_by"], "dora");
    let twice = w
        .dpo(
            "POST",
            &close,
            Some(json!({ "status": "refused", "outcome": "no" })),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(
        w.dpo("GET", &export, None).await.status,
        StatusCode::CONFLICT
    );
    let mine = w.my_rights().await;
    assert_eq!(mine["requests"][0]["status"], "done");
    assert_eq!(mine["requests"][0]["outcome"], "Handed over at the desk.");
}

#[tokio::test]
async fn a_restriction_stops_changes_until_the_participant_was_told_of_its_end() {
    let w = World::new().await;
    w.release_report().await;
    let datasheet = w.path("/datasheet");
    let edit = |notes: &'static str| json!({ "results": "r", "notes": notes });
    let counsellor = |method: &'static str, path: String, body: Option<Value>| {
        let t = &w.t;
        let cookie = w.counsellor.cookie.clone();
        async move { t.send(method, &path, body, Some(&cookie)).await }
    };
    assert_eq!(
        counsellor("PUT", datasheet.clone(), Some(edit("before")))
            .await
            .status,
        StatusCode::OK
    );
    let set = w
        .dpo(
            "PUT",
            &w.path("/restriction"),
            Some(json!({ "reason": "The accuracy of the notes is disputed" })),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(
        set.body["restriction"]["reason"],
        "The accuracy of the notes is disputed"
    );
    let twice = w
        .dpo(
            "PUT",
            &w.path("/restriction"),
            Some(json!({ "reason": "x" })),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // Reading goes on; changing, releasing and exporting do not.
    assert_eq!(
        counsellor("GET", datasheet.clone(), None).await.status,
        StatusCode::OK
    );
    let blocked = counsellor("PUT", datasheet.clone(), Some(edit("during"))).await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert_eq!(blocked.code(), "restricted");
    let release = counsellor("POST", w.path("/report/release"), None).await;
    assert_eq!(release.code(), "restricted");
    let sheet = counsellor("GET", datasheet.clone(), None).await;
    assert_eq!(sheet.body["notes"], "before");

    // The participant sees it; it cannot end before they were told.
    let mine = w.my_rights().await;
    assert_eq!(
        mine["restriction"]["reason"],
        "The accuracy of the notes is disputed"
    );
    assert!(mine["restriction"]["lift_told_at"].is_null());
    let early = w.dpo("DELETE", &w.path("/restriction"), None).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    let told = w
        .dpo("POST", &w.path("/restriction/lift-notice"), None)
        .await;
    assert_eq!(told.status, StatusCode::OK);
    assert_eq!(w.my_rights().await["restriction"]["lift_told_at"], T0);
    let lifted = w.dpo("DELETE", &w.path("/restriction"), None).await;
    assert_eq!(lifted.status, StatusCode::OK, "{:?}", lifted.body);
    assert!(lifted.body["restriction"].is_null());
    assert_eq!(
        counsellor("PUT", datasheet, Some(edit("after")))
            .await
            .status,
        StatusCode::OK
    );

    // The agency had a report: it must hear of both, until the officer
    // notes it was told.
    let notices = w.register().await["recipient_notices"].clone();
    let changes: Vec<&str> = notices
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["change"].as_str().unwrap())
        .collect();
    assert_eq!(changes.len(), 2);
    assert!(changes.contains(&"restriction") && changes.contains(&"restriction_lifted"));
    let id = notices[0]["id"].as_str().unwrap();
    let path = format!("/api/v1/staff/recipient-notices/{id}/told");
    assert_eq!(
        w.dpo("POST", &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        w.dpo("POST", &path, None).await.status,
        StatusCode::NOT_FOUND
    );
    let notices = w.register().await["recipient_notices"].clone();
    assert!(notices[0]["told_at"].is_null(), "the open one comes first");
    assert_eq!(notices[1]["told_by"], "dora");
    let mine = w.my_rights().await;
    assert_eq!(mine["recipients"].as_array().unwrap().len(), 1);
    assert_eq!(mine["recipient_notices"].as_array().unwrap().len(), 2);
    // Every step is in the participant's trail.
    let trail = w.t.store().audit_trail(&w.participant).await.unwrap();
    for action in [
        AuditAction::RestrictionSet,
        AuditAction::RestrictionAnnounce,
        AuditAction::RestrictionLift,
        AuditAction::RecipientTold,
    ] {
        assert!(trail.iter().any(|e| e.action == action), "{action:?}");
    }
}

#[tokio::test]
async fn a_correction_tells_the_agency_under_the_name_it_knew() {
    let w = World::new().await;
    let programme =
        w.t.store()
            .programme_by_name("Test")
            .await
            .unwrap()
            .unwrap()
            .id;
    let path = w.path("/master-data");
    let bad = w
        .dpo(
            "PUT",
            &path,
            Some(json!({ "display_name": "Pat Miller", "programme_id": "nope" })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_date = w
        .dpo(
            "PUT",
            &path,
            Some(json!({ "display_name": "Pat Miller", "programme_id": programme, "exit_on": "2026-13-01" })),
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Without a released report nobody is to be told.
    let first = w
        .dpo(
            "PUT",
            &path,
            Some(json!({ "display_name": "Pat Miller", "programme_id": programme })),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["display_name"], "Pat Miller");
    assert_eq!(w.t.count("recipient_notices").await, 0);
    w.release_report().await;
    let second = w
        .dpo(
            "PUT",
            &path,
            Some(json!({ "display_name": "Pat Müller", "programme_id": programme, "exit_on": "2027-01-15" })),
        )
        .await;
    assert_eq!(second.body["exit_on"], "2027-01-15");
    let notices = w.register().await["recipient_notices"].clone();
    assert_eq!(notices[0]["change"], "correction");
    assert_eq!(notices[0]["subject"], "Pat Miller");
    assert_eq!(notices[0]["recipient"], "Agentur für Arbeit");
}

#[tokio::test]
async fn erasing_on_behalf_waits_for_a_hold_and_leaves_the_agency_notice() {
    let w = World::new().await;
    w.release_report().await;
    let id = w.request("erasure", "2026-11-20").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let erase = format!("/api/v1/staff/requests/{id}/erase");
    let confirm = Some(json!({ "confirm": true }));
    assert_eq!(
        w.dpo("POST", &erase, confirm.clone()).await.status,
        StatusCode::CONFLICT,
        "identity first"
    );
    w.dpo(
        "POST",
        &format!("/api/v1/staff/requests/{id}/identity"),
        None,
    )
    .await;
    assert_eq!(
        w.dpo("POST", &erase, Some(json!({ "confirm": false })))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A hold wins, and nothing changes.
    w.dpo(
        "PUT",
        &w.path("/hold"),
        Some(json!({ "reason": "An appeal is open" })),
    )
    .await;
    let held = w.dpo("POST", &erase, confirm.clone()).await;
    assert_eq!(held.status, StatusCode::CONFLICT);
    assert!(
        w.t.store()
            .my_profile(&w.participant)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(w.t.count("recipient_notices").await, 0);
    assert_eq!(w.register().await["requests"][0]["status"], "open");
    w.dpo("DELETE", &w.path("/hold"), None).await;

    let erased = w.dpo("POST", &erase, confirm.clone()).await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.body);
    assert!(erased.body["receipt"].is_string());
    assert!(
        w.t.store()
            .my_profile(&w.participant)
            .await
            .unwrap()
            .is_none()
    );
    let register = w.register().await;
    let request = &register["requests"][0];
    assert_eq!(request["status"], "done");
    assert!(request["participant_id"].is_null());
    assert_eq!(request["requester"], "Pat Example, by letter");
    let notice = &register["recipient_notices"][0];
    assert_eq!(notice["change"], "erasure");
    assert_eq!(notice["subject"], "Pat");
    assert!(notice["participant_id"].is_null());
    // Once the agency was told, the erased person's name goes too.
    let told = format!(
        "/api/v1/staff/recipient-notices/{}/told",
        notice["id"].as_str().unwrap()
    );
    assert_eq!(
        w.dpo("POST", &told, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(w.register().await["recipient_notices"][0]["subject"], "");
    // The officer's rows name nobody.
    assert_eq!(
        w.t.int(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'request.erase' \
             AND participant_id IS NULL",
            &[],
        )
        .await,
        1
    );
    assert_eq!(
        w.dpo("POST", &erase, confirm).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn an_upheld_objection_takes_the_participant_out_of_the_figures() {
    let w = World::new().await;
    let id = w.request("objection", "2026-11-20").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dossier = w.dpo("GET", &w.path(""), None).await;
    assert!(dossier.body["objected_at"].is_null());
    w.dpo(
        "POST",
        &format!("/api/v1/staff/requests/{id}/close"),
        Some(json!({ "status": "done", "outcome": "Upheld: left out of the figures." })),
    )
    .await;
    let dossier = w.dpo("GET", &w.path(""), None).await;
    assert_eq!(dossier.body["objected_at"], T0);
    assert_eq!(w.my_rights().await["objected_at"], T0);
    let figures = w.t.store().figures(None, "2026-11-23").await.unwrap();
    assert_eq!(figures.participants, 0);
}

#[tokio::test]
async fn answered_requests_go_after_their_period_open_or_held_ones_stay() {
    use lotse_server::domain::retention as jobs;
    let w = World::new().await;
    let answered = w.request("access", "2026-11-20").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    w.request("copy", "2026-11-21").await;
    let closed = w
        .dpo(
            "POST",
            &format!("/api/v1/staff/requests/{answered}/close"),
            Some(json!({ "status": "done", "outcome": "Shown in the office." })),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    // The participant's own data is kept 6 months; a hold keeps all of it.
    w.dpo(
        "PUT",
        &w.path("/hold"),
        Some(json!({ "reason": "A court case is open" })),
    )
    .await;
    let policy = jobs::Policy::uniform(6);
    // Answered at T0 (2026-11-23 12:00 UTC); 36 months later to the second.
    let three_years = 1_890_129_600;
    assert_eq!(
        policy.months(lotse_shared::api::RetentionCategory::RightsRequests),
        36
    );

    w.t.clock.set(three_years + 1);
    let held = jobs::purge(w.t.store(), &w.t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(held.rights_records, 0, "a hold keeps the requests too");
    // The purge also ended the officer's session, 3 years old: lifted here.
    w.t.exec(
        "UPDATE participants SET hold_since = NULL, hold_reason = NULL WHERE id = $1",
        &[&w.participant],
    )
    .await;
    assert_eq!(w.t.count("rights_requests").await, 2);

    // Lifting the hold lets the participant go: the requests stay, nameless.
    w.t.clock.set(three_years);
    let on_the_second = jobs::purge(w.t.store(), &w.t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(on_the_second.participants_total(), 1);
    assert_eq!(
        on_the_second.rights_records, 0,
        "not before its period is over"
    );
    assert_eq!(w.t.count("rights_requests").await, 2);

    w.t.clock.set(three_years + 1);
    let dry = jobs::purge(w.t.store(), &w.t.clock, &policy, true)
        .await
        .unwrap();
    assert_eq!(dry.rights_records, 1);
    assert!(
        dry.to_string()
            .contains("would delete 1 answered request(s)")
    );
    assert_eq!(w.t.count("rights_requests").await, 2, "the dry run deleted");
    let after = jobs::purge(w.t.store(), &w.t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(after.rights_records, 1);
    // The open one stays until it is answered, however old.
    assert_eq!(w.t.count("rights_requests").await, 1);
    assert_eq!(
        w.t.int(
            "SELECT COUNT(*) FROM rights_requests WHERE kind = 'copy' AND status = 'open'",
            &[],
        )
        .await,
        1
    );
}
