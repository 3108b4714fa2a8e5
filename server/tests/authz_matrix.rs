//! The authorization matrix through the real router: every staff endpoint ×
//! every role × own / foreign / delegated / expired-delegation participant,
//! each asserting allow or deny against the one table in `authz.rs`, plus the
//! audit row every allowed dossier call writes (with `acting_for` for a
//! substitute). No IDOR: an out-of-reach participant answers 404 with no data.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::{Staff, T0, TestApp};
use lotse_server::auth::authz::{Action, Relation, decide};
use lotse_server::db::{AuditEvent, SessionStage};
use lotse_shared::api::{AuditAction, StaffRole};
use serde_json::{Value, json};

/// Who calls, and how they stand to the participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Admin,
    Dpo,
    Office,
    Owner,
    Foreign,
    Delegated,
    Expired,
}

impl Caller {
    const ALL: [Caller; 7] = [
        Caller::Admin,
        Caller::Dpo,
        Caller::Office,
        Caller::Owner,
        Caller::Foreign,
        Caller::Delegated,
        Caller::Expired,
    ];

    fn role(self) -> StaffRole {
        match self {
            Caller::Admin => StaffRole::Admin,
            Caller::Dpo => StaffRole::Dpo,
            Caller::Office => StaffRole::Office,
            Caller::Owner | Caller::Foreign | Caller::Delegated | Caller::Expired => {
                StaffRole::Counsellor
            }
        }
    }

    /// Staff without a caseload of their own (they reach every participant,
    /// or none, by role alone).
    fn office_side(self) -> bool {
        matches!(self, Caller::Admin | Caller::Dpo | Caller::Office)
    }

    fn relation(self) -> Relation {
        match self {
            Caller::Owner => Relation::Own,
            Caller::Delegated => Relation::Delegated,
            // The office side owns no caseload; an expired delegation is no delegation.
            Caller::Admin | Caller::Dpo | Caller::Office | Caller::Foreign | Caller::Expired => {
                Relation::Foreign
            }
        }
    }
}

struct World {
    t: TestApp,
    admin: Staff,
    dpo: Staff,
    office: Staff,
    owner: Staff,
    foreign: Staff,
    delegated: Staff,
    expired: Staff,
    participant: String,
    participant_cookie: String,
    competence: String,
    report: String,
    programme: String,
}

impl World {
    async fn new() -> Self {
        let t = TestApp::new().await;
        let admin = t.staff("admin", StaffRole::Admin).await;
        let dpo = t.staff("dpo", StaffRole::Dpo).await;
        let office = t.staff("office", StaffRole::Office).await;
        let owner = t.staff("owner", StaffRole::Counsellor).await;
        let foreign = t.staff("foreign", StaffRole::Counsellor).await;
        let delegated = t.staff("delegated", StaffRole::Counsellor).await;
        let expired = t.staff("expired", StaffRole::Counsellor).await;
        let (participant, participant_cookie) = t.signed_in().await;
        t.assign(&participant, &owner.id).await;
        // T0 is 2026-11-23. One delegation covers it, one ended the day before.
        let store = t.store();
        store
            .create_delegation(
                &owner.id,
                &delegated.id,
                "2026-11-20",
                "2026-11-30",
                &admin.id,
                T0,
                &AuditEvent::general(&admin.id, AuditAction::DelegationGrant, T0),
            )
            .await
            .unwrap();
        store
            .create_delegation(
                &owner.id,
                &expired.id,
                "2026-11-01",
                "2026-11-22",
                &admin.id,
                T0,
                &AuditEvent::general(&admin.id, AuditAction::DelegationGrant, T0),
            )
            .await
            .unwrap();
        let audit = |action| AuditEvent {
            actor_id: owner.id.clone(),
            acting_for: None,
            participant_id: Some(participant.clone()),
            action,
            at: T0,
        };
        let competence = store
            .add_competence(
                &participant,
                &lotse_shared::api::CompetenceRecord {
                    skill: "Welding".into(),
                    level: lotse_shared::api::CompetenceLevel::Basic,
                    evidence: "course".into(),
                    occupation: None,
                },
                T0,
                Some(&audit(AuditAction::CompetenceAdd)),
            )
            .await
            .unwrap();
        store
            .put_report_draft(
                &participant,
                "first",
                T0,
                &audit(AuditAction::ReportCompose),
            )
            .await
            .unwrap();
        let released = r#"{"participant":"Pat","programme":"Test","results":[],"results_consented":false,"competences":[],"competences_consented":false,"wording":"first"}"#;
        assert!(
            store
                .agree_report(&participant, "first", released, T0)
                .await
                .unwrap()
        );
        let report = store
            .release_report(
                &participant,
                released,
                T0,
                &audit(AuditAction::ReportRelease),
            )
            .await
            .unwrap()
            .unwrap();
        let programme = store.programme_by_name("Test").await.unwrap().unwrap().id;
        Self {
            t,
            admin,
            dpo,
            office,
            owner,
            foreign,
            delegated,
            expired,
            participant,
            participant_cookie,
            competence,
            report,
            programme,
        }
    }

    fn staff(&self, caller: Caller) -> &Staff {
        match caller {
            Caller::Admin => &self.admin,
            Caller::Dpo => &self.dpo,
            Caller::Office => &self.office,
            Caller::Owner => &self.owner,
            Caller::Foreign => &self.foreign,
            Caller::Delegated => &self.delegated,
            Caller::Expired => &self.expired,
        }
    }

    /// Makes the state an endpoint needs to succeed when allowed.
    async fn prepare(&self, endpoint: &str) {
        if endpoint == "release report" {
            let audit = AuditEvent {
                actor_id: self.owner.id.clone(),
                acting_for: None,
                participant_id: Some(self.participant.clone()),
                action: AuditAction::ReportCompose,
                at: T0,
            };
            let store = self.t.store();
            store
                .put_report_draft(&self.participant, "again", T0, &audit)
                .await
                .unwrap();
            // Agreed to exactly what would be released now.
            let content =
                lotse_server::domain::report::current_content(store, &self.participant, "again")
                    .await
                    .unwrap();
            let json = serde_json::to_string(&content).unwrap();
            assert!(
                store
                    .agree_report(&self.participant, "again", &json, T0)
                    .await
                    .unwrap()
            );
        }
    }

    async fn audit_rows(&self) -> Vec<(String, Option<String>, String)> {
        self.t
            .rows(
                "SELECT actor_id, acting_for, action FROM audit_events WHERE participant_id = $1 \
                 ORDER BY at, id",
                &[&self.participant],
            )
            .await
            .into_iter()
            .map(|r| {
                (
                    r[0].text().unwrap().to_owned(),
                    r[1].text().map(str::to_owned),
                    r[2].text().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

/// Every per-participant endpoint: (name, method, path, body, action).
fn participant_endpoints(
    w: &World,
) -> Vec<(&'static str, &'static str, String, Option<Value>, Action)> {
    let p = format!("/api/v1/staff/participants/{}", w.participant);
    let competence = json!({ "skill": "Forklift", "level": "advanced", "evidence": "licence" });
    let cook = lotse_server::domain::occupation::search("cook", 1)[0].id;
    vec![
        ("dossier", "GET", p.clone(), None, Action::ViewDossier),
        (
            "results",
            "GET",
            format!("{p}/results"),
            None,
            Action::ViewResults,
        ),
        (
            "legal hold",
            "PUT",
            format!("{p}/hold"),
            Some(json!({ "reason": "An open complaint" })),
            Action::HoldData,
        ),
        (
            "release module",
            "PUT",
            format!("{p}/modules/soft-skills"),
            Some(json!({ "state": "released" })),
            Action::ReleaseModule,
        ),
        (
            "competences",
            "GET",
            format!("{p}/competences"),
            None,
            Action::ViewCompetences,
        ),
        (
            "add competence",
            "POST",
            format!("{p}/competences"),
            Some(competence.clone()),
            Action::EditCompetences,
        ),
        (
            "edit competence",
            "PUT",
            format!("{p}/competences/{}", w.competence),
            Some(competence),
            Action::EditCompetences,
        ),
        (
            "data sheet",
            "GET",
            format!("{p}/datasheet"),
            None,
            Action::ViewDataSheet,
        ),
        (
            "edit data sheet",
            "PUT",
            format!("{p}/datasheet"),
            Some(json!({ "results": "r", "notes": "n" })),
            Action::EditDataSheet,
        ),
        (
            "report",
            "GET",
            format!("{p}/report"),
            None,
            Action::ViewReport,
        ),
        (
            "compose report",
            "PUT",
            format!("{p}/report"),
            Some(json!({ "wording": "text" })),
            Action::ComposeReport,
        ),
        (
            "release report",
            "POST",
            format!("{p}/report/release"),
            None,
            Action::ReleaseReport,
        ),
        (
            "export report",
            "GET",
            format!("{p}/reports/{}", w.report),
            None,
            Action::ExportReport,
        ),
        (
            "audit trail",
            "GET",
            format!("{p}/audit"),
            None,
            Action::ViewAudit,
        ),
        (
            "consent",
            "GET",
            format!("{p}/consent"),
            None,
            Action::RecordConsent,
        ),
        (
            "record consent",
            "PUT",
            format!("{p}/consent"),
            Some(json!({ "agency_results": true, "job_matching": true })),
            Action::RecordConsent,
        ),
        // After the change above, the newest event is the counsellor's.
        (
            "signed copy on file",
            "PUT",
            format!("{p}/consent/signed-copy"),
            None,
            Action::RecordConsent,
        ),
        (
            "record guardian consent",
            "POST",
            format!("{p}/guardian-consents"),
            Some(json!({
                "guardian_name": "Mia", "relation": "mother",
                "given_on": "2026-11-20", "channel": "office"
            })),
            Action::RecordGuardianConsent,
        ),
        (
            "set exit date",
            "PATCH",
            p.clone(),
            Some(json!({ "exit_on": "2027-01-31" })),
            Action::ManageParticipant,
        ),
        (
            "reissue code",
            "POST",
            format!("{p}/code"),
            None,
            Action::ManageParticipant,
        ),
        (
            "wishes",
            "GET",
            format!("{p}/wishes"),
            None,
            Action::ViewProfile,
        ),
        (
            "add wish",
            "POST",
            format!("{p}/wishes"),
            Some(json!({ "occupation_id": cook })),
            Action::EditProfile,
        ),
        (
            "work profile",
            "GET",
            format!("{p}/profile"),
            None,
            Action::ViewProfile,
        ),
        (
            "edit work profile",
            "PUT",
            format!("{p}/profile"),
            Some(json!({ "places": ["Leipzig"], "hours_min": 20 })),
            Action::EditProfile,
        ),
        (
            "suggestions",
            "GET",
            format!("{p}/suggestions"),
            None,
            Action::MatchVacancies,
        ),
        (
            "record a rights request",
            "POST",
            "/api/v1/staff/requests".to_owned(),
            Some(json!({
                "participant_id": w.participant, "kind": "access", "channel": "letter",
                "received_on": "2026-11-20", "requester": "The participant"
            })),
            Action::HandleRequest,
        ),
        (
            "correct master data",
            "PUT",
            format!("{p}/master-data"),
            Some(json!({ "display_name": "Pat Miller", "programme_id": w.programme })),
            Action::CorrectMasterData,
        ),
        // Destructive last.
        (
            "restrict processing",
            "PUT",
            format!("{p}/restriction"),
            Some(json!({ "reason": "The participant disputes the accuracy" })),
            Action::RestrictData,
        ),
        (
            "remove competence",
            "DELETE",
            format!("{p}/competences/{}", w.competence),
            None,
            Action::EditCompetences,
        ),
    ]
}

/// The expectation written out independently of `authz.rs` (SPEC §1): the
/// office manages participants but sees no counselling content; the data
/// protection officer sees basic data and audit trails; office staff basic
/// data only; counsellors do the counselling on their own and delegated
/// participants only.
fn expected_allow(caller: Caller, action: Action) -> bool {
    use Action as A;
    match caller {
        Caller::Admin => matches!(
            action,
            A::ViewDossier
                | A::ViewAudit
                | A::ManageParticipant
                | A::CorrectMasterData
                | A::RecordGuardianConsent
        ),
        Caller::Dpo => matches!(
            action,
            A::ViewDossier
                | A::ViewAudit
                | A::HoldData
                | A::HandleRequest
                | A::RestrictData
                | A::CorrectMasterData
        ),
        Caller::Office => matches!(
            action,
            A::ViewDossier | A::ManageParticipant | A::CorrectMasterData | A::RecordGuardianConsent
        ),
        Caller::Owner | Caller::Delegated => !matches!(
            action,
            A::ViewAudit
                | A::ManageParticipant
                | A::HoldData
                | A::HandleRequest
                | A::RestrictData
                | A::CorrectMasterData
        ),
        Caller::Foreign | Caller::Expired => false,
    }
}

#[tokio::test]
async fn every_participant_endpoint_for_every_caller() {
    for caller in Caller::ALL {
        // A fresh world per caller, so one caller's changes never decide another's case.
        let w = World::new().await;
        let endpoints = participant_endpoints(&w);
        assert_eq!(endpoints.len(), 29);
        for (name, method, path, body, action) in endpoints {
            w.prepare(name).await;
            let before = w.audit_rows().await.len();
            let reply =
                w.t.send(method, &path, body, Some(&w.staff(caller).cookie))
                    .await;
            let allowed = expected_allow(caller, action);
            // The router follows the table in authz.rs, and the table says this.
            assert_eq!(
                allowed,
                decide(caller.role(), action, caller.relation()),
                "{caller:?} {name}"
            );
            if allowed {
                assert!(
                    reply.status.is_success(),
                    "{caller:?} {name}: expected allow, got {} {:?}",
                    reply.status,
                    reply.body
                );
                // Exactly one audit row, naming the actor and, for a substitute,
                // whose caseload they acted for.
                let rows = w.audit_rows().await;
                assert_eq!(rows.len(), before + 1, "{caller:?} {name}: audit rows");
                let (actor, acting_for, _) = rows.last().unwrap();
                assert_eq!(actor, &w.staff(caller).id, "{caller:?} {name}");
                let expected_for = (caller == Caller::Delegated).then(|| w.owner.id.clone());
                assert_eq!(acting_for, &expected_for, "{caller:?} {name}");
            } else {
                // Out of reach reads as "does not exist"; a role that may never do
                // it gets 403. Either way: no data, no audit row, nothing changed.
                let never_for_role = caller.office_side()
                    || matches!(
                        action,
                        Action::ViewAudit
                            | Action::ManageParticipant
                            | Action::HoldData
                            | Action::HandleRequest
                            | Action::RestrictData
                            | Action::CorrectMasterData
                    );
                let expected = if never_for_role {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(
                    reply.status, expected,
                    "{caller:?} {name}: {:?}",
                    reply.body
                );
                assert_eq!(
                    reply.body.as_object().unwrap().len(),
                    1,
                    "{caller:?} {name}"
                );
                assert!(reply.body.get("error").is_some());
                assert_eq!(w.audit_rows().await.len(), before, "{caller:?} {name}");
            }
        }
    }
}

#[tokio::test]
async fn unknown_participants_answer_exactly_like_foreign_ones() {
    let w = World::new().await;
    let foreign =
        w.t.send(
            "GET",
            &format!("/api/v1/staff/participants/{}/results", w.participant),
            None,
            Some(&w.foreign.cookie),
        )
        .await;
    let unknown =
        w.t.send(
            "GET",
            "/api/v1/staff/participants/00000000-0000-0000-0000-000000000000/results",
            None,
            Some(&w.foreign.cookie),
        )
        .await;
    assert_eq!(foreign.status, unknown.status);
    assert_eq!(foreign.body, unknown.body);
}

#[tokio::test]
async fn general_endpoints_for_every_role() {
    let w = World::new().await;
    let programme =
        w.t.store()
            .programme_by_name("Test")
            .await
            .unwrap()
            .unwrap()
            .id;
    let cases: Vec<(&str, &str, &str, Option<Value>, Action)> = vec![
        (
            "list staff",
            "GET",
            "/api/v1/staff/staff",
            None,
            Action::ListStaff,
        ),
        (
            "create staff",
            "POST",
            "/api/v1/staff/staff",
            Some(json!({ "username": "new{n}", "display_name": "New", "role": "counsellor" })),
            Action::ManageStaff,
        ),
        (
            "programmes",
            "GET",
            "/api/v1/staff/programmes",
            None,
            Action::ListProgrammes,
        ),
        (
            "create programme",
            "POST",
            "/api/v1/staff/programmes",
            Some(json!({ "name": "P{n}", "starts_on": "2026-01-01", "ends_on": "2026-12-31" })),
            Action::ManageProgrammes,
        ),
        (
            "create participant",
            "POST",
            "/api/v1/staff/participants",
            Some(
                json!({ "programme_id": programme, "display_name": "Kim", "counsellor_id": w.owner.id }),
            ),
            Action::CreateParticipant,
        ),
        (
            "caseload",
            "GET",
            "/api/v1/staff/participants",
            None,
            Action::ListCaseload,
        ),
        (
            "breaches",
            "GET",
            "/api/v1/staff/breaches",
            None,
            Action::ManageBreaches,
        ),
        (
            "record of processing",
            "GET",
            "/api/v1/staff/register",
            None,
            Action::ViewRegister,
        ),
        (
            "programme figures",
            "GET",
            "/api/v1/staff/statistics",
            None,
            Action::ViewStatistics,
        ),
        (
            "request register",
            "GET",
            "/api/v1/staff/requests",
            None,
            Action::ManageRequests,
        ),
        (
            "record breach",
            "POST",
            "/api/v1/staff/breaches",
            Some(
                json!({ "what": "Lost stick {n}", "found_at": common::T0 - 3600, "reported_at": null, "affected": 3 }),
            ),
            Action::ManageBreaches,
        ),
    ];
    for (n, caller) in Caller::ALL.into_iter().enumerate() {
        for (name, method, path, body, action) in &cases {
            let body = body.as_ref().map(|b| {
                serde_json::from_str(&b.to_string().replace("{n}", &n.to_string())).unwrap()
            });
            let reply =
                w.t.send(method, path, body, Some(&w.staff(caller).cookie))
                    .await;
            let expected = matches!(
                action,
                Action::ListStaff | Action::ListProgrammes | Action::ListCaseload
            ) || match caller {
                Caller::Admin => *action != Action::ManageRequests,
                Caller::Dpo => matches!(
                    action,
                    Action::ManageBreaches
                        | Action::ViewRegister
                        | Action::ViewStatistics
                        | Action::ManageRequests
                ),
                Caller::Office => *action == Action::CreateParticipant,
                _ => false,
            };
            assert_eq!(expected, decide(caller.role(), *action, Relation::General));
            if expected {
                assert!(
                    reply.status.is_success(),
                    "{caller:?} {name}: {:?}",
                    reply.body
                );
            } else {
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{caller:?} {name}");
            }
        }
    }
    // Staff-only endpoints refuse participants and strangers.
    for path in [
        "/api/v1/staff/participants",
        "/api/v1/staff/staff",
        "/api/v1/staff/programmes",
        "/api/v1/staff/breaches",
    ] {
        let r =
            w.t.send("GET", path, None, Some(&w.participant_cookie))
                .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = w.t.send("GET", path, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn caseloads_show_own_and_delegated_participants_only() {
    let w = World::new().await;
    let ids = |reply: &common::Reply| -> Vec<String> {
        reply.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    for (caller, visible) in [
        (Caller::Admin, true),
        (Caller::Dpo, true),
        (Caller::Office, true),
        (Caller::Owner, true),
        (Caller::Delegated, true),
        (Caller::Foreign, false),
        (Caller::Expired, false),
    ] {
        let r =
            w.t.send(
                "GET",
                "/api/v1/staff/participants",
                None,
                Some(&w.staff(caller).cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(ids(&r).contains(&w.participant), visible, "{caller:?}");
    }
    let r =
        w.t.send(
            "GET",
            "/api/v1/staff/participants",
            None,
            Some(&w.delegated.cookie),
        )
        .await;
    assert_eq!(r.body["entries"][0]["delegated_by"], "owner");
}

/// Sets the clock and asks with a session made at that moment (sessions would
/// time out over the days the test jumps).
async fn status_at(t: &TestApp, staff_id: &str, path: &str, unix: i64) -> StatusCode {
    t.clock.set(unix);
    let (token, hash) = lotse_server::auth::new_session_token().unwrap();
    t.store()
        .create_staff_session(&hash, staff_id, SessionStage::Full, unix)
        .await
        .unwrap();
    t.send("GET", path, None, Some(&format!("lotse_session={token}")))
        .await
        .status
}

/// A delegation from D1 to D2 holds exactly from D1 00:00:00 UTC to the end of D2.
#[tokio::test]
async fn substitutes_start_and_end_on_their_dates() {
    let w = World::new().await;
    let sub = w.t.staff("sub", StaffRole::Counsellor).await;
    // Granted by the owner through the API, for 2026-11-25 to 2026-11-26.
    let grant =
        w.t.send(
            "POST",
            "/api/v1/staff/delegations",
            Some(json!({
                "owner_id": w.owner.id, "substitute_id": sub.id,
                "starts_on": "2026-11-25", "ends_on": "2026-11-26"
            })),
            Some(&w.owner.cookie),
        )
        .await;
    assert_eq!(grant.status, StatusCode::CREATED, "{:?}", grant.body);
    let path = format!("/api/v1/staff/participants/{}/results", w.participant);
    let status_at = |unix: i64| status_at(&w.t, &sub.id, &path, unix);
    let day = 86_400;
    let nov25 = T0 - 12 * 3600 + 2 * day; // 2026-11-25T00:00:00Z
    assert_eq!(status_at(nov25 - 1).await, StatusCode::NOT_FOUND);
    assert_eq!(status_at(nov25).await, StatusCode::OK);
    assert_eq!(status_at(nov25 + 2 * day - 1).await, StatusCode::OK);
    assert_eq!(status_at(nov25 + 2 * day).await, StatusCode::NOT_FOUND);

    // Revocation applies at once.
    let id = grant.body["id"].as_str().unwrap();
    w.t.clock.set(nov25 + 3600);
    let other = w.t.staff("other", StaffRole::Counsellor).await;
    let revoke_by_stranger =
        w.t.send(
            "DELETE",
            &format!("/api/v1/staff/delegations/{id}"),
            None,
            Some(&other.cookie),
        )
        .await;
    assert_eq!(revoke_by_stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(status_at(nov25 + 3600).await, StatusCode::OK);
    let owner_cookie = {
        let (token, hash) = lotse_server::auth::new_session_token().unwrap();
        w.t.store()
            .create_staff_session(&hash, &w.owner.id, SessionStage::Full, nov25 + 3600)
            .await
            .unwrap();
        format!("lotse_session={token}")
    };
    let revoke =
        w.t.send(
            "DELETE",
            &format!("/api/v1/staff/delegations/{id}"),
            None,
            Some(&owner_cookie),
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    assert_eq!(status_at(nov25 + 3600).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn counsellors_delegate_only_their_own_caseload() {
    let w = World::new().await;
    let body = json!({
        "owner_id": w.owner.id, "substitute_id": w.foreign.id,
        "starts_on": "2026-11-23", "ends_on": "2026-11-24"
    });
    // The foreign counsellor cannot hand the owner's caseload to themselves.
    let r =
        w.t.send(
            "POST",
            "/api/v1/staff/delegations",
            Some(body.clone()),
            Some(&w.foreign.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A substitute cannot pass it on either.
    let r =
        w.t.send(
            "POST",
            "/api/v1/staff/delegations",
            Some(body.clone()),
            Some(&w.delegated.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The admin can.
    let r =
        w.t.send(
            "POST",
            "/api/v1/staff/delegations",
            Some(body),
            Some(&w.admin.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_read_fails_when_its_audit_row_cannot_be_written() {
    let w = World::new().await;
    // Any failure to write will do; a missing table fails the same way on
    // both databases.
    w.t.exec("ALTER TABLE audit_events RENAME TO audit_gone", &[])
        .await;
    let p = format!("/api/v1/staff/participants/{}", w.participant);
    for path in [
        p.clone(),
        format!("{p}/results"),
        format!("{p}/datasheet"),
        format!("{p}/report"),
    ] {
        let r = w.t.send("GET", &path, None, Some(&w.owner.cookie)).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        assert!(
            !r.body.to_string().contains("Pat"),
            "{path}: no data leaves"
        );
    }
    // A change fails as a whole: the data sheet stays as it was.
    let r =
        w.t.send(
            "PUT",
            &format!("{p}/datasheet"),
            Some(json!({ "results": "new", "notes": "new" })),
            Some(&w.owner.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(w.t.count("datasheets").await, 0);
}

#[tokio::test]
async fn the_audit_trail_is_append_only_and_shown_to_the_participant() {
    let w = World::new().await;
    let p = format!("/api/v1/staff/participants/{}", w.participant);
    w.t.send(
        "GET",
        &format!("{p}/results"),
        None,
        Some(&w.delegated.cookie),
    )
    .await;
    w.t.send("GET", &p, None, Some(&w.admin.cookie)).await;
    let update =
        w.t.store()
            .raw_execute("UPDATE audit_events SET action = 'nothing'", &[])
            .await;
    assert!(update.is_err(), "audit rows cannot be changed");

    let mine =
        w.t.send("GET", "/api/v1/me/audit", None, Some(&w.participant_cookie))
            .await;
    assert_eq!(mine.status, StatusCode::OK);
    let entries = mine.body.as_array().unwrap();
    let find = |action: &str, actor: &str| {
        entries
            .iter()
            .find(|e| e["action"] == action && e["actor"] == actor)
            .cloned()
    };
    let by_sub = find("results.view", "delegated").expect("the substitute's view is listed");
    assert_eq!(by_sub["acting_for"], "owner");
    let by_admin = find("dossier.view", "admin").expect("the admin's view is listed");
    assert_eq!(by_admin["acting_for"], Value::Null);
    // Another participant sees none of it.
    let (_, other) = w.t.signed_in().await;
    let theirs =
        w.t.send("GET", "/api/v1/me/audit", None, Some(&other))
            .await;
    assert_eq!(theirs.body, json!([]));
}

#[tokio::test]
async fn counsellors_see_colleagues_names_but_not_their_user_names() {
    let w = World::new().await;
    let list =
        w.t.send("GET", "/api/v1/staff/staff", None, Some(&w.owner.cookie))
            .await;
    let entries = list.body.as_array().unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e["username"] == "" && e["role"] == "counsellor")
    );
    assert!(entries.iter().any(|e| e["display_name"] == "foreign"));
    let full =
        w.t.send("GET", "/api/v1/staff/staff", None, Some(&w.admin.cookie))
            .await;
    assert!(
        full.body
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["username"] == "admin")
    );
}
