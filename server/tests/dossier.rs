//! The counsellor's and admin's work through the real router: access letters,
//! module releases, competences (also by the participant), the data sheet and
//! the agency report from draft to agreement to release.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lotse_shared::api::StaffRole;
use serde_json::{Value, json};

#[tokio::test]
async fn admin_creates_a_participant_and_the_letter_code_signs_in_once_reissued() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let programme = t
        .send(
            "POST",
            "/api/v1/staff/programmes",
            Some(json!({ "name": "Wege", "starts_on": "2026-11-01", "ends_on": "2027-03-31" })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(programme.status, StatusCode::CREATED);
    let letter = t
        .send(
            "POST",
            "/api/v1/staff/participants",
            Some(json!({
                "programme_id": programme.body["id"], "display_name": "Kim",
                "counsellor_id": anna.id
            })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(letter.status, StatusCode::CREATED, "{:?}", letter.body);
    let code = letter.body["code"].as_str().unwrap().to_owned();
    assert!(
        letter.body["qr_image"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    assert_eq!(letter.body["programme"], "Wege");
    let id = letter.body["participant_id"].as_str().unwrap().to_owned();
    // The code is not stored, only its hash: the dossier never shows it.
    let dossier = t
        .send(
            "GET",
            &format!("/api/v1/staff/participants/{id}"),
            None,
            Some(&admin.cookie),
        )
        .await;
    assert!(!dossier.body.to_string().contains(&code));
    assert_eq!(dossier.body["counsellor"], "anna");
    let sign_in = |c: String| t.send("POST", "/api/v1/session", Some(json!({ "code": c })), None);
    assert_eq!(sign_in(code.clone()).await.status, StatusCode::OK);
    // A reissued code replaces the old one.
    let again = t
        .send(
            "POST",
            &format!("/api/v1/staff/participants/{id}/code"),
            None,
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let new_code = again.body["code"].as_str().unwrap().to_owned();
    assert_ne!(new_code, code);
    assert_eq!(sign_in(code).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(new_code).await.status, StatusCode::OK);
    // The admin sets the exit date and may not assign a non-counsellor.
    let exit = t
        .send(
            "PATCH",
            &format!("/api/v1/staff/participants/{id}"),
            Some(json!({ "exit_on": "2027-02-28" })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(exit.status, StatusCode::NO_CONTENT);
    let bad = t
        .send(
            "PATCH",
            &format!("/api/v1/staff/participants/{id}"),
            Some(json!({ "counsellor_id": admin.id })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let dossier = t
        .send(
            "GET",
            &format!("/api/v1/staff/participants/{id}"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(dossier.body["exit_on"], "2027-02-28");
    assert_eq!(dossier.body["counsellor_id"], anna.id.as_str());
}

#[tokio::test]
async fn releasing_and_re_releasing_modules() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, &anna.id).await;
    // The participant skips; the counsellor releases it again.
    let skip = t
        .send(
            "POST",
            "/api/v1/modules/soft-skills/skip",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(skip.status, StatusCode::NO_CONTENT);
    let path = format!("/api/v1/staff/participants/{id}/modules/soft-skills");
    let r = t
        .send(
            "PUT",
            &path,
            Some(json!({ "state": "released" })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    let soft = modules
        .body
        .as_array()
        .and_then(|m| m.iter().find(|m| m["instrument"] == "soft-skills"))
        .cloned()
        .unwrap();
    assert_eq!(soft["state"], "released");
    // Only release is a counsellor's move; unknown modules do not exist.
    let r = t
        .send(
            "PUT",
            &path,
            Some(json!({ "state": "done" })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = t
        .send(
            "PUT",
            &format!("/api/v1/staff/participants/{id}/modules/nope"),
            Some(json!({ "state": "released" })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn competences_by_counsellor_and_participant() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, &anna.id).await;
    let staff_path = format!("/api/v1/staff/participants/{id}/competences");
    let added = t
        .send(
            "POST",
            &staff_path,
            Some(json!({ "skill": "Forklift", "level": "advanced", "evidence": "licence 2019" })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED);
    let cid = added.body[0]["id"].as_str().unwrap().to_owned();
    // The participant sees and corrects it, and adds their own.
    let mine = t
        .send("GET", "/api/v1/me/competences", None, Some(&cookie))
        .await;
    assert_eq!(mine.body[0]["skill"], "Forklift");
    let fixed = t
        .send(
            "PUT",
            &format!("/api/v1/me/competences/{cid}"),
            Some(json!({ "skill": "Forklift", "level": "expert", "evidence": "licence 2019" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(fixed.body[0]["level"], "expert");
    let own = t
        .send(
            "POST",
            "/api/v1/me/competences",
            Some(json!({ "skill": "Cooking", "level": "basic", "evidence": "" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(own.status, StatusCode::CREATED);
    assert_eq!(own.body.as_array().unwrap().len(), 2);
    // Invalid input and unknown fields are refused.
    let bad = t
        .send(
            "POST",
            "/api/v1/me/competences",
            Some(json!({ "skill": " ", "level": "basic", "evidence": "" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let extra = t
        .send(
            "POST",
            "/api/v1/me/competences",
            Some(json!({ "skill": "x", "level": "basic", "evidence": "", "participant_id": "x" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(extra.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Another participant cannot touch it.
    let (_, other) = t.signed_in().await;
    let r = t
        .send(
            "DELETE",
            &format!("/api/v1/me/competences/{cid}"),
            None,
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = t
        .send(
            "DELETE",
            &format!("/api/v1/me/competences/{cid}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The participant's own changes are not staff views: no audit rows from them.
    let trail = t.send("GET", "/api/v1/me/audit", None, Some(&cookie)).await;
    let actions: Vec<&str> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["competence.add"]);
}

#[tokio::test]
async fn the_agency_report_needs_the_participants_agreement_and_is_kept() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, &anna.id).await;
    let base = format!("/api/v1/staff/participants/{id}");
    let report_path = format!("{base}/report");
    let release_path = format!("{base}/report/release");
    let compose = |w: &str| {
        t.send(
            "PUT",
            &report_path,
            Some(json!({ "wording": w })),
            Some(&anna.cookie),
        )
    };
    let release = || t.send("POST", &release_path, None, Some(&anna.cookie));

    assert_eq!(
        release().await.status,
        StatusCode::CONFLICT,
        "nothing to release"
    );
    let draft = compose("Reliable, keen on logistics.").await;
    assert_eq!(draft.body["draft"]["state"], "draft");
    assert_eq!(
        release().await.status,
        StatusCode::CONFLICT,
        "not agreed yet"
    );

    // The participant sees the draft as it would go out.
    let seen = t
        .send("GET", "/api/v1/me/report", None, Some(&cookie))
        .await;
    assert_eq!(
        seen.body["draft"]["content"]["wording"],
        "Reliable, keen on logistics."
    );
    // Without consent records, nothing but the wording goes to the agency.
    assert_eq!(seen.body["draft"]["content"]["results_consented"], false);
    assert_eq!(seen.body["draft"]["content"]["results"], json!([]));
    assert_eq!(seen.body["draft"]["content"]["competences"], json!([]));
    let hash = seen.body["draft"]["content_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(hash.len(), 64);
    let agree_to = |wording: &str, hash: &str| {
        t.send(
            "POST",
            "/api/v1/me/report/agree",
            Some(json!({ "wording": wording, "content_hash": hash })),
            Some(&cookie),
        )
    };
    // Agreeing to a text or a content that is not the current one fails.
    assert_eq!(agree_to("other", &hash).await.status, StatusCode::CONFLICT);
    assert_eq!(
        agree_to("Reliable, keen on logistics.", &"0".repeat(64))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let agree = agree_to("Reliable, keen on logistics.", &hash).await;
    assert_eq!(agree.body["draft"]["state"], "agreed");
    // A change of the wording after agreement needs a new agreement.
    compose("Reliable.").await;
    assert_eq!(release().await.status, StatusCode::CONFLICT);
    let hash_now = |seen: Value| seen["draft"]["content_hash"].as_str().unwrap().to_owned();
    let seen = t
        .send("GET", "/api/v1/me/report", None, Some(&cookie))
        .await;
    let agree = agree_to("Reliable.", &hash_now(seen.body)).await;
    assert_eq!(agree.body["draft"]["state"], "agreed");
    // So does any change of the content: the participant now consents to
    // job matching and has a competence, which would go to the agency too.
    t.send(
        "PUT",
        "/api/v1/consent",
        Some(json!({ "agency_results": false, "job_matching": true })),
        Some(&cookie),
    )
    .await;
    let skill = json!({ "skill": "Forklift", "level": "advanced", "evidence": "" });
    t.send("POST", "/api/v1/me/competences", Some(skill), Some(&cookie))
        .await;
    let changed = release().await;
    assert_eq!(changed.status, StatusCode::CONFLICT, "{:?}", changed.body);
    let seen = t
        .send("GET", "/api/v1/me/report", None, Some(&cookie))
        .await;
    assert_eq!(seen.body["draft"]["state"], "draft", "asked again");
    assert_eq!(
        seen.body["draft"]["content"]["competences"][0]["skill"],
        "Forklift"
    );
    let agree = agree_to("Reliable.", &hash_now(seen.body)).await;
    assert_eq!(agree.body["draft"]["state"], "agreed");
    t.clock.advance(60);
    let released = release().await;
    assert_eq!(released.status, StatusCode::OK, "{:?}", released.body);
    assert_eq!(released.body["state"], "released");
    assert_eq!(released.body["released_at"], common::T0 + 60);
    let rid = released.body["id"].as_str().unwrap().to_owned();

    // Kept with its time; a new draft can start; the JSON export is audited.
    let overview = t
        .send("GET", &format!("{base}/report"), None, Some(&anna.cookie))
        .await;
    assert_eq!(overview.body["draft"], serde_json::Value::Null);
    assert_eq!(
        overview.body["released"][0]["content"]["wording"],
        "Reliable."
    );
    let export = t
        .send(
            "GET",
            &format!("{base}/reports/{rid}"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let mine = t
        .send("GET", "/api/v1/me/report", None, Some(&cookie))
        .await;
    assert_eq!(mine.body["released"][0]["id"], rid.as_str());
    let trail = t.send("GET", "/api/v1/me/audit", None, Some(&cookie)).await;
    let actions: Vec<&str> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"report.release") && actions.contains(&"report.export"));
}

#[tokio::test]
async fn data_sheet_round_trip() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, &anna.id).await;
    let path = format!("/api/v1/staff/participants/{id}/datasheet");
    let empty = t.send("GET", &path, None, Some(&anna.cookie)).await;
    assert_eq!(empty.body, json!({ "results": "", "notes": "" }));
    let sheet = json!({ "results": "Goal: warehouse job", "notes": "Met twice" });
    let put = t
        .send("PUT", &path, Some(sheet.clone()), Some(&anna.cookie))
        .await;
    assert_eq!(put.status, StatusCode::OK);
    assert_eq!(
        t.send("GET", &path, None, Some(&anna.cookie)).await.body,
        sheet
    );
    // The participant reads it; another participant sees their own (empty) one.
    let mine = t
        .send("GET", "/api/v1/me/datasheet", None, Some(&cookie))
        .await;
    assert_eq!(mine.body, sheet);
    let (_, other) = t.signed_in().await;
    assert_eq!(
        t.send("GET", "/api/v1/me/datasheet", None, Some(&other))
            .await
            .body,
        json!({ "results": "", "notes": "" })
    );
    let long = json!({ "results": "x".repeat(4001), "notes": "" });
    assert_eq!(
        t.send("PUT", &path, Some(long), Some(&anna.cookie))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn caseload_search_filter_sort_and_pages() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let mut ids = Vec::new();
    for _ in 0..25 {
        let (id, _) = t.participant().await;
        t.assign(&id, &anna.id).await;
        ids.push(id);
    }
    t.exec(
        "UPDATE participants SET display_name = 'Zoe Special' WHERE id = $1",
        &[&ids[3]],
    )
    .await;
    let cookie = anna.cookie.clone();
    let get = |q: &str| {
        let path = format!("/api/v1/staff/participants{q}");
        let cookie = cookie.clone();
        let t = &t;
        async move { t.send("GET", &path, None, Some(&cookie)).await }
    };
    let first = get("").await;
    assert_eq!(first.body["total"], 25);
    assert_eq!(first.body["entries"].as_array().unwrap().len(), 20);
    let second = get("?page=2").await;
    assert_eq!(second.body["entries"].as_array().unwrap().len(), 5);
    let found = get("?q=special").await;
    assert_eq!(found.body["total"], 1);
    assert_eq!(found.body["entries"][0]["display_name"], "Zoe Special");
    let desc = get("?sort=-name").await;
    assert_eq!(desc.body["entries"][0]["display_name"], "Zoe Special");
    // Every test participant has the questionnaire released; nobody skipped it.
    assert_eq!(get("?status=released").await.body["total"], 25);
    assert_eq!(get("?status=skipped").await.body["total"], 0);
    // Bad parameters get the JSON error shape.
    let bad = get("?status=nonsense").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.code(), "invalid_value");
    assert_eq!(get("?page=x").await.code(), "invalid_value");
    assert_eq!(get("?participant_id=x").await.code(), "invalid_value");
}

#[tokio::test]
async fn staff_store_nothing_before_the_participant_accepts_the_notice() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    // One who has not answered the notice yet, one who declined it.
    let (newcomer, newcomer_cookie) = t.signed_in_without_consent().await;
    let (decliner, decliner_code) = t.participant().await;
    let signed = t.sign_in_code(&decliner_code, None).await;
    t.decline_notice(&signed.cookie().unwrap()).await;
    let mut competences = Vec::new();
    for id in [&newcomer, &decliner] {
        t.assign(id, &anna.id).await;
        // A hard skill from before (the participant's own, or an older notice).
        let cid = t
            .store()
            .add_competence(
                id,
                &lotse_shared::api::CompetenceRecord {
                    skill: "Welding".into(),
                    level: lotse_shared::api::CompetenceLevel::Basic,
                    evidence: String::new(),
                    occupation: None,
                },
                common::T0,
                None,
            )
            .await
            .unwrap();
        competences.push(cid);
    }
    let writes = |id: &str, cid: &str| {
        let p = format!("/api/v1/staff/participants/{id}");
        vec![
            (
                "POST",
                format!("{p}/competences"),
                json!({ "skill": "Forklift", "level": "advanced", "evidence": "licence" }),
            ),
            (
                "PUT",
                format!("{p}/competences/{cid}"),
                json!({ "skill": "Welding", "level": "expert", "evidence": "changed" }),
            ),
            (
                "PUT",
                format!("{p}/datasheet"),
                json!({ "results": "Goal: warehouse job", "notes": "Met twice" }),
            ),
            (
                "PUT",
                format!("{p}/report"),
                json!({ "wording": "Reliable" }),
            ),
        ]
    };
    let audit_rows = t.count("audit_events").await;
    for (id, cid) in [&newcomer, &decliner].into_iter().zip(&competences) {
        for (method, path, body) in writes(id, cid) {
            let reply = t.send(method, &path, Some(body), Some(&anna.cookie)).await;
            assert_eq!(
                (reply.status, reply.code()),
                (StatusCode::CONFLICT, "conflict"),
                "{method} {path}: {:?}",
                reply.body
            );
            let message = reply.body["error"]["message"].as_str().unwrap();
            assert!(message.contains("accept the privacy notice"), "{message}");
        }
    }
    // Nothing stored, nothing changed, nothing audited as a change.
    assert_eq!(t.count("competences").await, 2);
    assert_eq!(
        t.store().competences(&newcomer).await.unwrap()[0].level,
        lotse_shared::api::CompetenceLevel::Basic
    );
    assert_eq!(t.count("datasheets").await, 0);
    assert_eq!(t.count("agency_reports").await, 0);
    assert_eq!(t.count("audit_events").await, audit_rows);
    // Removing a hard skill stays possible.
    let kept = t
        .store()
        .add_competence(
            &decliner,
            &lotse_shared::api::CompetenceRecord {
                skill: "Typing".into(),
                level: lotse_shared::api::CompetenceLevel::Basic,
                evidence: String::new(),
                occupation: None,
            },
            common::T0,
            None,
        )
        .await
        .unwrap();
    let removed = t
        .send(
            "DELETE",
            &format!("/api/v1/staff/participants/{decliner}/competences/{kept}"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);

    // Once the notice is accepted (also after declining it), the same writes work.
    t.accept_notice(&newcomer_cookie, false, false).await;
    let again = t.sign_in_code(&decliner_code, None).await;
    t.accept_notice(&again.cookie().unwrap(), false, false)
        .await;
    for (id, cid) in [&newcomer, &decliner].into_iter().zip(&competences) {
        for (method, path, body) in writes(id, cid) {
            let reply = t.send(method, &path, Some(body), Some(&anna.cookie)).await;
            assert!(
                reply.status.is_success(),
                "{method} {path}: {} {:?}",
                reply.status,
                reply.body
            );
        }
    }
    assert_eq!(t.count("competences").await, 4);
    assert_eq!(t.count("datasheets").await, 2);
    assert_eq!(t.count("agency_reports").await, 2);
}

#[tokio::test]
async fn a_participant_update_must_be_an_object() {
    let t = TestApp::new().await;
    let admin = t.staff("admin", StaffRole::Admin).await;
    let (id, _) = t.participant().await;
    let path = format!("/api/v1/staff/participants/{id}");
    let audit_rows = t.count("audit_events").await;
    // Arrays of the fields in order would otherwise pass as the struct.
    for body in [json!([]), json!([null, "2027-02-28"])] {
        let reply = t
            .send("PATCH", &path, Some(body.clone()), Some(&admin.cookie))
            .await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::BAD_REQUEST, "invalid_body"),
            "{body}: {:?}",
            reply.body
        );
        assert_eq!(
            reply.body["error"]["message"],
            "the request body must be a JSON object"
        );
    }
    assert_eq!(t.count("audit_events").await, audit_rows);
    let dossier = t.send("GET", &path, None, Some(&admin.cookie)).await;
    assert_eq!(dossier.body["exit_on"], serde_json::Value::Null);
    // An object, also after whitespace, is read as before.
    let exit = t
        .raw(
            axum::http::Request::builder()
                .method("PATCH")
                .uri(&path)
                .header(lotse_shared::api::CSRF_HEADER, "1")
                .header(axum::http::header::COOKIE, &admin.cookie)
                .header(axum::http::header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(
                    " \r\n\t{\"exit_on\": \"2027-02-28\"}",
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(exit.status, StatusCode::NO_CONTENT, "{:?}", exit.body);
}

#[tokio::test]
async fn the_participant_may_decline_the_report_and_propose_other_wording() {
    let t = TestApp::new().await;
    let anna = t.staff("anna", StaffRole::Counsellor).await;
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, &anna.id).await;
    let report_path = format!("/api/v1/staff/participants/{id}/report");
    let decline = |proposal: &str| {
        t.send(
            "POST",
            "/api/v1/me/report/decline",
            Some(json!({ "proposal": proposal })),
            Some(&cookie),
        )
    };
    assert_eq!(
        decline("").await.status,
        StatusCode::CONFLICT,
        "no draft yet"
    );
    t.send(
        "PUT",
        &report_path,
        Some(json!({ "wording": "Needs close supervision." })),
        Some(&anna.cookie),
    )
    .await;
    let seen = t
        .send("GET", "/api/v1/me/report", None, Some(&cookie))
        .await;
    let hash = seen.body["draft"]["content_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    t.send(
        "POST",
        "/api/v1/me/report/agree",
        Some(json!({ "wording": "Needs close supervision.", "content_hash": hash })),
        Some(&cookie),
    )
    .await;
    // Even after agreeing, until it is released.
    let bad = decline("a\u{1b}[2J").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let declined = decline("Works independently after a short introduction.").await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    assert_eq!(declined.body["draft"]["state"], "draft");
    let staff_view = t.send("GET", &report_path, None, Some(&anna.cookie)).await;
    assert_eq!(
        staff_view.body["draft"]["proposal"],
        "Works independently after a short introduction."
    );
    let release = t
        .send(
            "POST",
            &format!("{report_path}/release"),
            None,
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(release.status, StatusCode::CONFLICT);
    // Writing the wording again answers the proposal.
    let rewritten = t
        .send(
            "PUT",
            &report_path,
            Some(json!({ "wording": "Works independently after an introduction." })),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(rewritten.body["draft"]["proposal"], Value::Null);
}
