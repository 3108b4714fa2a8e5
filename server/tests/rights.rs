//! Consent, "my data", withdrawal and the data lifecycle, through the real
//! router and store: the gate, the history, the export's coverage of the
//! schema, erasure down to the file bytes, and retention at exact boundaries.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::{T0, TestApp};
use lotse_server::AppState;
use lotse_server::db::Cell;
use lotse_server::db::{EXPORTED_TABLES, NO_PARTICIPANT_DATA, RequestLogEntry, Store};
use lotse_server::domain::retention as jobs;
use lotse_shared::api::{ConsentScope, MyData};
use serde_json::{Value, json};
use time::macros::datetime;

/// A real aggregate of the current soft-skills definition, scored by the shared
/// code exactly as the browser does it.
fn submission() -> Value {
    submission_of("soft-skills")
}

fn submission_of(instrument: &str) -> Value {
    let def = lotse_shared::instrument::find(instrument).unwrap();
    let answers: lotse_shared::scoring::Answers = def
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.id.clone(), u8::try_from(n % 5 + 1).unwrap()))
        .collect();
    serde_json::to_value(lotse_shared::scoring::aggregate(def, &answers, 95)).unwrap()
}

async fn notice(t: &TestApp) -> (u32, String) {
    let n = t.send("GET", "/api/v1/notice?lang=de", None, None).await;
    (
        u32::try_from(n.body["version"].as_u64().unwrap()).unwrap(),
        n.body["hash"].as_str().unwrap().to_owned(),
    )
}

/// Every (table, column) whose value contains `needle`, across the whole
/// schema (read from `sqlite_master` or `information_schema`).
async fn find_anywhere(store: &dyn Store, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for table in store.tables().await.unwrap() {
        for column in &table.columns {
            let rows = store
                .raw_rows(
                    &format!(
                        "SELECT COUNT(*) FROM {name} WHERE CAST({column} AS TEXT) LIKE $1",
                        name = table.name
                    ),
                    &[&format!("%{needle}%")],
                )
                .await
                .unwrap();
            if rows[0][0] != Cell::Int(0) {
                found.push(format!("{}.{column}", table.name));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_notice_is_public_versioned_and_hashed() {
    let t = TestApp::new().await;
    for lang in ["de", "en"] {
        let reply = t
            .send("GET", &format!("/api/v1/notice?lang={lang}"), None, None)
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body["version"], 1);
        assert_eq!(reply.body["lang"], lang);
        let shown = t
            .texts(
                "SELECT text FROM notice_versions WHERE version = 1 AND lang = $1",
                &[lang],
            )
            .await;
        let shown = shown[0].as_deref().unwrap();
        assert_eq!(
            reply.body["hash"],
            lotse_server::auth::sha256_hex(shown),
            "the hash is the SHA-256 of the exact text shown"
        );
        // Filled from the organisation's profile.
        assert!(shown.contains("Beispiel-Bildungsträger"));
        assert!(reply.body["sections"].as_array().unwrap().len() >= 10);
    }
    let default = t.send("GET", "/api/v1/notice", None, None).await;
    assert_eq!(default.body["lang"], "de");
    for bad in ["/api/v1/notice?lang=xx", "/api/v1/notice?lang=de&x=1"] {
        let reply = t.send("GET", bad, None, None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(reply.code(), "invalid_value");
    }
}

#[tokio::test]
async fn nothing_is_usable_before_the_notice_is_accepted() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in_without_consent().await;
    let session = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(session.body["consent_required"], true);

    for (method, path, body) in [
        ("GET", "/api/v1/modules", None),
        ("GET", "/api/v1/results", None),
        ("POST", "/api/v1/results", Some(submission())),
        ("POST", "/api/v1/modules/soft-skills/skip", None),
    ] {
        let reply = t.send(method, path, body, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(reply.code(), "consent_required", "{method} {path}");
    }
    assert_eq!(t.count("aggregates").await, 0);
    assert_eq!(t.count("consent_events").await, 0);
    let skipped = t
        .int("SELECT COUNT(*) FROM releases WHERE state = 'skipped'", &[])
        .await;
    assert_eq!(skipped, 0);

    // Reading the notice and one's own data stays possible.
    let me = t.send("GET", "/api/v1/me", None, Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);

    t.accept_notice(&cookie, false, false).await;
    let session = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(session.body["consent_required"], false);
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(modules.status, StatusCode::OK);
    let event = t
        .rows(
            "SELECT event, notice_accepted, agency_results, job_matching, notice_version, \
             notice_hash, channel FROM consent_events WHERE participant_id = $1",
            &[&id],
        )
        .await
        .remove(0);
    let (_, hash) = notice(&t).await;
    assert_eq!(event[0].text(), Some("given"));
    let flags: Vec<_> = event[1..5].iter().map(Cell::int).collect();
    assert_eq!(flags, [Some(1), Some(0), Some(0), Some(1)]);
    assert_eq!(event[5].text().map(str::len), Some(hash.len()));
    assert_eq!(event[6].text(), Some("self"));
}

#[tokio::test]
async fn a_new_notice_version_asks_again() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in().await;
    // Pretend the last acceptance was of an older version.
    t.exec(
        "UPDATE consent_events SET notice_version = 0 WHERE participant_id = $1",
        &[&id],
    )
    .await;
    let reply = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(reply.code(), "consent_required");
    assert!(
        !lotse_server::domain::rights::consent_allows(t.store(), &id, ConsentScope::AgencyResults)
            .await
            .unwrap()
    );
    let session = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(session.body["consent_required"], true);
    t.accept_notice(&cookie, false, false).await;
    let reply = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn declining_signs_out_and_stores_only_the_refusal() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in_without_consent().await;
    let (version, hash) = notice(&t).await;
    let before_tables = t.count("releases").await;
    let reply = t
        .send(
            "POST",
            "/api/v1/consent",
            Some(json!({ "accept": false, "notice_version": version, "notice_hash": hash })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let set_cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.contains("Max-Age=0"));
    assert!(reply.headers.contains_key("clear-site-data"));
    // Signed out: the session is gone on the server.
    assert_eq!(t.count("sessions").await, 0);
    let again = t.send("GET", "/api/v1/session", None, Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    let modules = t.send("GET", "/api/v1/modules", None, Some(&cookie)).await;
    assert_eq!(modules.status, StatusCode::UNAUTHORIZED);
    // Only the refusal was added.
    let events = t
        .rows(
            "SELECT event, notice_accepted FROM consent_events WHERE participant_id = $1",
            &[&id],
        )
        .await;
    assert_eq!(events, [[Cell::Text("declined".into()), Cell::Int(0)]]);
    assert_eq!(t.count("aggregates").await, 0);
    assert_eq!(t.count("releases").await, before_tables);
}

#[tokio::test]
async fn optional_consents_are_separate_revocable_and_recorded() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in().await;
    let store = t.store();
    assert!(
        !lotse_server::domain::rights::consent_allows(store, &id, ConsentScope::AgencyResults)
            .await
            .unwrap()
    );
    assert!(
        !lotse_server::domain::rights::consent_allows(store, &id, ConsentScope::JobMatching)
            .await
            .unwrap()
    );
    let put = |a: bool, j: bool| {
        let cookie = cookie.clone();
        let t = &t;
        async move {
            t.send(
                "PUT",
                "/api/v1/consent",
                Some(json!({ "agency_results": a, "job_matching": j })),
                Some(&cookie),
            )
            .await
        }
    };
    let reply = put(true, false).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["agency_results"], true);
    assert!(
        lotse_server::domain::rights::consent_allows(store, &id, ConsentScope::AgencyResults)
            .await
            .unwrap()
    );
    assert!(
        !lotse_server::domain::rights::consent_allows(store, &id, ConsentScope::JobMatching)
            .await
            .unwrap()
    );
    // No change, no event.
    put(true, false).await;
    put(false, true).await;
    put(false, false).await;
    let status = t.send("GET", "/api/v1/consent", None, Some(&cookie)).await;
    let kinds: Vec<&str> = status.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["given", "changed", "changed", "withdrawn"]);
    assert_eq!(status.body["required"], false);
    assert!(
        !lotse_server::domain::rights::consent_allows(store, &id, ConsentScope::JobMatching)
            .await
            .unwrap()
    );
    // Accepting with the optional consents ticked grants them at once.
    let (other, other_cookie) = t.signed_in_without_consent().await;
    t.accept_notice(&other_cookie, true, true).await;
    assert!(
        lotse_server::domain::rights::consent_allows(store, &other, ConsentScope::JobMatching)
            .await
            .unwrap()
    );
    assert!(
        !lotse_server::domain::rights::consent_allows(store, "nobody", ConsentScope::JobMatching)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn bad_consent_requests_get_clear_errors_and_change_nothing() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in_without_consent().await;
    let (version, hash) = notice(&t).await;
    let cases = [
        (
            json!({ "accept": true, "notice_version": version + 1, "notice_hash": hash }),
            StatusCode::CONFLICT,
            "conflict",
        ),
        (
            json!({ "accept": true, "notice_version": version, "notice_hash": "abc" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            json!({ "accept": false, "notice_version": version, "notice_hash": hash, "job_matching": true }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            json!({ "accept": true, "notice_version": version, "notice_hash": hash, "extra": 1 }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        // Not an object at all: refused before it is read.
        (json!("yes"), StatusCode::BAD_REQUEST, "invalid_body"),
    ];
    for (body, status, code) in cases {
        let reply = t
            .send("POST", "/api/v1/consent", Some(body.clone()), Some(&cookie))
            .await;
        assert_eq!((reply.status, reply.code()), (status, code), "{body}");
    }
    // Optional consents cannot be changed before the notice is accepted.
    let reply = t
        .send(
            "PUT",
            "/api/v1/consent",
            Some(json!({ "agency_results": true, "job_matching": true })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.code(), "consent_required");
    assert_eq!(t.count("consent_events").await, 0);
    assert_eq!(t.count("sessions").await, 1);
    // Without a session: 401, nothing stored.
    let reply = t
        .send(
            "POST",
            "/api/v1/consent",
            Some(json!({ "accept": true, "notice_version": version, "notice_hash": hash })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // Accepting twice: the second is a conflict, not a second event.
    t.accept_notice(&cookie, false, false).await;
    let reply = t
        .send(
            "POST",
            "/api/v1/consent",
            Some(json!({ "accept": true, "notice_version": version, "notice_hash": hash })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(t.count("consent_events").await, 1);
    // Erasure needs explicit confirmation and a JSON body.
    for body in [
        json!({ "confirm": false }),
        json!({}),
        json!({ "confirm": "yes" }),
    ] {
        let reply = t
            .send(
                "POST",
                "/api/v1/me/erase",
                Some(body.clone()),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    assert_eq!(t.count("participants").await, 1);
    let reply = t
        .send(
            "POST",
            "/api/v1/me/erase",
            Some(json!({ "confirm": true })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(t.count("participants").await, 1);
}

/// A participant with something in every table that can hold their data: a
/// result, consents, a hard skill, a draft key, and from their counsellor a
/// data sheet and an agency report draft (each staff touch also writes the
/// audit trail).
async fn busy_participant(t: &TestApp) -> (String, String) {
    let (id, cookie) = t.signed_in().await;
    let key = t
        .send("GET", "/api/v1/me/draft-key", None, Some(&cookie))
        .await;
    assert_eq!(key.status, StatusCode::OK);
    let reply = t
        .send("POST", "/api/v1/results", Some(submission()), Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    t.send(
        "PUT",
        "/api/v1/consent",
        Some(json!({ "agency_results": true, "job_matching": true })),
        Some(&cookie),
    )
    .await;
    let skill =
        json!({ "skill": "Forklift licence", "level": "advanced", "evidence": "certificate" });
    let added = t
        .send("POST", "/api/v1/me/competences", Some(skill), Some(&cookie))
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    let counsellor = t
        .staff(
            &format!("counsellor-{}", &id[id.len() - 6..]),
            lotse_shared::api::StaffRole::Counsellor,
        )
        .await;
    t.assign(&id, &counsellor.id).await;
    let base = format!("/api/v1/staff/participants/{id}");
    let sheet = json!({ "results": "Strong in logistics", "notes": "Next talk in May" });
    let put = t
        .send(
            "PUT",
            &format!("{base}/datasheet"),
            Some(sheet),
            Some(&counsellor.cookie),
        )
        .await;
    assert!(put.status.is_success(), "{:?}", put.body);
    let wording = json!({ "wording": "Reliable, looking for warehouse work." });
    let put = t
        .send(
            "PUT",
            &format!("{base}/report"),
            Some(wording),
            Some(&counsellor.cookie),
        )
        .await;
    assert!(put.status.is_success(), "{:?}", put.body);
    let found = t
        .send(
            "GET",
            "/api/v1/me/occupations?q=warehouse",
            None,
            Some(&cookie),
        )
        .await;
    let occupation = found.body["occupations"][0]["id"].clone();
    let wish = t
        .send(
            "POST",
            "/api/v1/me/wishes",
            Some(json!({ "occupation_id": occupation })),
            Some(&cookie),
        )
        .await;
    assert_eq!(wish.status, StatusCode::CREATED, "{:?}", wish.body);
    let profile =
        json!({ "places": ["Leipzig"], "licences": ["B"], "earliest_start": "2026-12-01" });
    let put = t
        .send("PUT", "/api/v1/me/profile", Some(profile), Some(&cookie))
        .await;
    assert!(put.status.is_success(), "{:?}", put.body);
    let vacancy = t
        .send(
            "POST",
            "/api/v1/staff/vacancies",
            Some(json!({ "title": "Warehouse clerk", "place": "Leipzig", "licences": ["B"] })),
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(vacancy.status, StatusCode::CREATED, "{:?}", vacancy.body);
    let shared = t
        .send(
            "POST",
            &format!(
                "{base}/suggestions/{}",
                vacancy.body["id"].as_str().unwrap()
            ),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{:?}", shared.body);
    // Affected by a breach and told about it.
    let dpo = t
        .staff(
            &format!("dpo-{}", &id[id.len() - 6..]),
            lotse_shared::api::StaffRole::Dpo,
        )
        .await;
    let breach = t
        .send(
            "POST",
            "/api/v1/staff/breaches",
            Some(json!({ "what": "A stolen laptop", "found_at": T0 - 60, "reported_at": null, "affected": 1 })),
            Some(&dpo.cookie),
        )
        .await;
    let breach = format!(
        "/api/v1/staff/breaches/{}",
        breach.body[0]["id"].as_str().unwrap()
    );
    let details = json!({ "measures": "Locked remotely.", "consequences": "Your name could be read.",
        "contact": "dpo@example.org", "message": "A laptop with your name was stolen." });
    for (method, path, body) in [
        ("PUT", breach.clone(), Some(details)),
        (
            "POST",
            format!("{breach}/participants"),
            Some(json!({ "participant_id": id })),
        ),
        ("POST", format!("{breach}/notified"), None),
    ] {
        let r = t.send(method, &path, body, Some(&dpo.cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {:?}", r.body);
    }
    (id, cookie)
}

#[tokio::test]
async fn my_data_downloads_as_an_attachment_with_a_schema_version() {
    let t = TestApp::new().await;
    let (_, cookie) = busy_participant(&t).await;
    let reply = t
        .send("GET", "/api/v1/me/export", None, Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let disposition = reply.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"lotse-my-data-2026-11-23.json\""
    );
    let data: MyData = serde_json::from_value(reply.body.clone()).unwrap();
    assert_eq!(
        data.schema_version,
        lotse_shared::api::EXPORT_SCHEMA_VERSION
    );
    assert_eq!(data.participant.display_name, "Pat");
    assert_eq!(data.programme.name, "Test");
    assert_eq!(data.results.len(), 1);
    let uploaded: lotse_shared::api::AggregateSubmission =
        serde_json::from_value(submission()).unwrap();
    assert_eq!(data.results[0].scales, uploaded.scales);
    assert_eq!(data.consents.len(), 2);
    assert_eq!(data.sessions.len(), 1);
    // Programme ends 2027-03-31; deleted 6 months later.
    assert_eq!(data.deleted_on.as_deref(), Some("2027-09-30"));
    // The secret parts are not in it.
    let text = reply.body.to_string();
    assert!(!text.contains("token") && !text.contains("access_code"));
    let unauth = t.send("GET", "/api/v1/me/export", None, None).await;
    assert_eq!(unauth.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_export_covers_every_table_that_holds_participant_data() {
    let t = TestApp::new().await;
    let (_, cookie) = busy_participant(&t).await;
    let export = t
        .send("GET", "/api/v1/me/export", None, Some(&cookie))
        .await;
    let listed = |name: &str| {
        (
            EXPORTED_TABLES.iter().find(|(t, _)| *t == name),
            NO_PARTICIPANT_DATA.iter().any(|(t, _)| *t == name),
        )
    };
    let tables = t.store().tables().await.unwrap();
    assert!(tables.iter().any(|t| t.name == "consent_events"));
    for info in tables {
        let table = info.name.as_str();
        let (exported, exempt) = listed(table);
        let holds = info.columns.iter().any(|c| c == "participant_id")
            || info.references.iter().any(|r| r == "participants")
            || table == "participants";
        assert!(
            exported.is_some() || exempt,
            "table {table} is neither exported nor listed as holding no participant data"
        );
        assert!(
            !(holds && exempt),
            "table {table} holds participant data but is listed as holding none"
        );
        if let Some((_, field)) = exported {
            let value = &export.body[field];
            let empty = value.is_null()
                || value.as_array().is_some_and(Vec::is_empty)
                || value.as_object().is_some_and(serde_json::Map::is_empty);
            assert!(!empty, "export field {field} (table {table}) is empty");
        }
    }
}

#[tokio::test]
async fn withdrawal_erases_everything_at_once_and_leaves_only_a_receipt() {
    let t = TestApp::new().await;
    let (other, _) = busy_participant(&t).await;
    let (id, code) = t.participant().await;
    let signed = t.sign_in_code(&code, None).await;
    let cookie = signed.cookie().unwrap();
    t.accept_notice(&cookie, true, true).await;
    t.send("POST", "/api/v1/results", Some(submission()), Some(&cookie))
        .await;
    t.send("GET", "/api/v1/me/draft-key", None, Some(&cookie))
        .await;
    assert!(t.store().draft_key(&id).await.unwrap().is_some());
    let normalized = lotse_shared::access_code::normalize(&code).unwrap();
    let code_hash = lotse_server::auth::access_code_hash(&normalized);
    assert!(!find_anywhere(t.store(), &id).await.is_empty());
    assert!(!find_anywhere(t.store(), &code_hash).await.is_empty());

    t.clock.advance(60);
    let reply = t
        .send(
            "POST",
            "/api/v1/me/erase",
            Some(json!({ "confirm": true })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert!(
        reply.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(reply.body["erased_at"], T0 + 60);
    let receipt = reply.body["receipt"].as_str().unwrap().to_owned();

    assert_eq!(find_anywhere(t.store(), &id).await, Vec::<String>::new());
    assert_eq!(
        find_anywhere(t.store(), &code_hash).await,
        Vec::<String>::new()
    );
    // The receipt: a random id, the time and the reason; nothing else.
    let receipts = t
        .rows("SELECT id, reason, erased_at FROM erasure_receipts", &[])
        .await;
    assert_eq!(
        receipts,
        [[
            Cell::Text(receipt),
            Cell::Text("withdrawal".into()),
            Cell::Int(T0 + 60)
        ]]
    );
    // The old code and the old cookie are dead.
    let again = t.sign_in_code(&code, None).await;
    assert_eq!(again.code(), "invalid_credentials");
    let me = t.send("GET", "/api/v1/me", None, Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert!(t.store().draft_key(&id).await.unwrap().is_none());
    // The other participant is untouched.
    assert_eq!(t.store().results(&other).await.unwrap().len(), 1);
    assert!(t.store().draft_key(&other).await.unwrap().is_some());
    assert_eq!(t.store().consent_history(&other).await.unwrap().len(), 2);
    // Erasing twice is a no-op.
    assert!(
        t.store()
            .erase_participant(&id, lotse_server::db::ErasureReason::Withdrawal, T0)
            .await
            .unwrap()
            .is_none()
    );
}

fn file_contains(path: &std::path::Path, needle: &[u8]) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
}

#[tokio::test]
async fn erasure_needs_an_object_not_an_array_of_its_fields() {
    let t = TestApp::new().await;
    let (id, cookie) = t.signed_in().await;
    // `[true]` deserialises into `{ "confirm": true }` unless refused first.
    for body in [json!([true]), json!(true), json!(null)] {
        let reply = t
            .send(
                "POST",
                "/api/v1/me/erase",
                Some(body.clone()),
                Some(&cookie),
            )
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
    assert!(t.store().my_profile(&id).await.unwrap().is_some());
    assert_eq!(t.count("erasure_receipts").await, 0);
    // The session is still there: the same cookie reads the data.
    let me = t.send("GET", "/api/v1/me", None, Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn erased_bytes_are_gone_from_the_database_files() {
    const CANARY: &str = "Canary-Zebrafish-4711";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lotse.db");
    let store = lotse_server::db::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let clock = lotse_server::clock::FixedClock::at(T0);
    let state = AppState::new(
        store.clone(),
        Arc::new(clock.clone()),
        lotse_server::config::Config::for_tests(),
        lotse_server::auth::seal::SecretBox::ephemeral().unwrap(),
    );
    let t = TestApp { state, clock };
    common::set_up_organisation(&*store, &lotse_server::config::Config::for_tests()).await;
    let programme = store
        .create_programme("Files", "2026-11-01", "2027-03-31", T0, None)
        .await
        .unwrap();
    let (code, _) = lotse_server::cli::add_participant(&*store, &programme.id, CANARY, &t.clock)
        .await
        .unwrap();
    let signed = t.sign_in_code(&code, None).await;
    let cookie = signed.cookie().unwrap();
    t.accept_notice(&cookie, false, false).await;
    t.send("POST", "/api/v1/results", Some(submission()), Some(&cookie))
        .await;
    let wal = dir.path().join("lotse.db-wal");
    let present = file_contains(&db, CANARY.as_bytes()) || file_contains(&wal, CANARY.as_bytes());
    assert!(present, "the canary must be in the files before erasure");

    let reply = t
        .send(
            "POST",
            "/api/v1/me/erase",
            Some(json!({ "confirm": true })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    t.state.request_log.flush().await;
    assert!(
        !file_contains(&db, CANARY.as_bytes()),
        "canary left in lotse.db"
    );
    assert!(
        !file_contains(&wal, CANARY.as_bytes()),
        "canary left in lotse.db-wal"
    );
}

fn at(dt: time::OffsetDateTime) -> i64 {
    dt.unix_timestamp()
}

#[tokio::test]
async fn retention_deletes_at_the_exact_boundaries_and_an_earlier_exit_wins() {
    let t = TestApp::new().await;
    // Programme "Test" ends 2027-03-31: data is kept until 2027-09-29 and gone from 2027-09-30.
    let (stays, _) = busy_participant(&t).await;
    let (leaves_early, _) = busy_participant(&t).await;
    t.exec(
        "UPDATE participants SET exit_on = '2027-01-10' WHERE id = $1",
        &[&leaves_early],
    )
    .await;
    let months = 6;

    // Exit 2027-01-10 + 6 months = 2027-07-10.
    t.clock.set(at(datetime!(2027-07-09 12:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 0);
    t.clock.set(at(datetime!(2027-07-11 12:00 UTC)));
    let dry = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), true)
        .await
        .unwrap();
    assert_eq!(dry.participants_total(), 1);
    assert!(
        dry.to_string()
            .contains("would delete the personal data of 1")
    );
    assert!(
        t.store().my_profile(&leaves_early).await.unwrap().is_some(),
        "dry run deleted"
    );
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert_eq!(report.participants.get("Test"), Some(&1));
    let left = find_anywhere(t.store(), &leaves_early).await;
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(t.store().my_profile(&stays).await.unwrap().is_some());

    // End + 6 months − 1 day: kept. + 1 day: deleted. A second run finds nothing.
    t.clock.set(at(datetime!(2027-09-29 12:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 0);
    assert!(t.store().my_profile(&stays).await.unwrap().is_some());
    t.clock.set(at(datetime!(2027-10-01 12:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert!(find_anywhere(t.store(), &stays).await.is_empty());
    let again = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(again.participants_total(), 0);
    assert_eq!(t.count("participants").await, 0);
    let reasons = t.texts("SELECT reason FROM erasure_receipts", &[]).await;
    assert_eq!(
        reasons,
        [Some("retention".to_owned()), Some("retention".to_owned())]
    );
    // The programme itself holds no personal data and stays.
    assert_eq!(t.count("programmes").await, 1);
}

#[tokio::test]
async fn a_configured_retention_period_is_honoured() {
    let t = TestApp::new().await;
    let (id, _) = t.participant().await;
    t.clock.set(at(datetime!(2027-04-30 12:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(2), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 0);
    t.clock.set(at(datetime!(2027-06-01 12:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(2), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert!(t.store().my_profile(&id).await.unwrap().is_none());
}

#[tokio::test]
async fn ip_addresses_are_kept_six_days_and_gone_on_day_eight() {
    let t = TestApp::new().await;
    t.store()
        .insert_request_log(&[RequestLogEntry {
            at: T0,
            method: "GET".into(),
            path: "/".into(),
            status: 200,
            size: Some(10),
            user_agent: Some("UA".into()),
            ip: Some("192.0.2.44".into()),
        }])
        .await
        .unwrap();
    let ip = || async { t.texts("SELECT ip FROM request_log", &[]).await.remove(0) };
    t.clock.set(T0 + 6 * 86_400);
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(6), false)
        .await
        .unwrap();
    assert_eq!(report.request_log_ips, 0);
    assert_eq!(ip().await.as_deref(), Some("192.0.2.44"));
    t.clock.set(T0 + 8 * 86_400);
    let dry = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(6), true)
        .await
        .unwrap();
    assert_eq!(dry.request_log_ips, 1);
    assert_eq!(ip().await.as_deref(), Some("192.0.2.44"));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(6), false)
        .await
        .unwrap();
    assert_eq!(report.request_log_ips, 1);
    assert_eq!(ip().await, None);
    // The rest of the line stays.
    assert_eq!(t.count("request_log").await, 1);
}

#[tokio::test]
async fn expired_sessions_are_cleared_by_the_job() {
    let t = TestApp::new().await;
    let (_, _) = t.signed_in().await;
    t.clock.advance(lotse_server::auth::IDLE_TIMEOUT - 1);
    jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(6), false)
        .await
        .unwrap();
    assert_eq!(t.count("sessions").await, 1);
    t.clock.advance(2);
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(6), false)
        .await
        .unwrap();
    assert_eq!(report.sessions, 1);
    assert_eq!(t.count("sessions").await, 0);
}

#[tokio::test]
async fn the_request_log_records_path_status_size_agent_and_socket_ip_only() {
    let t = TestApp::new().await;
    let mut request = Request::builder()
        .uri("/api/v1/notice?lang=en&secret=1")
        .header(header::USER_AGENT, "TestBrowser/1.0")
        .header("x-forwarded-for", "203.0.113.66")
        .body(Body::empty())
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(
        "198.51.100.23:40000"
            .parse::<std::net::SocketAddr>()
            .unwrap(),
    ));
    let reply = t.raw(request).await;
    // The unknown query parameter is refused, and logged without the query.
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Without connect info (as through `oneshot`), there is simply no IP.
    t.send("GET", "/api/v1/nothing-here", None, None).await;
    t.state.request_log.flush().await;
    let rows = t
        .rows(
            "SELECT method, path, status, size, user_agent, ip FROM request_log ORDER BY id",
            &[],
        )
        .await;
    assert_eq!(rows.len(), 2);
    let first = &rows[0];
    assert_eq!(
        (first[0].text(), first[1].text(), first[2].int()),
        (Some("GET"), Some("/api/v1/notice"), Some(422))
    );
    assert!(first[3].int().unwrap() > 20);
    assert_eq!(first[4].text(), Some("TestBrowser/1.0"));
    // The forwarded header is not trusted from a peer that is not a trusted proxy.
    assert_eq!(first[5].text(), Some("198.51.100.23"));
    assert_eq!((rows[1][2].int(), &rows[1][5]), (Some(404), &Cell::Null));
    // The IP is stored in the request log and nowhere else.
    assert_eq!(
        find_anywhere(t.store(), "198.51.100.23").await,
        ["request_log.ip"]
    );
}

#[tokio::test]
async fn a_trusted_proxy_supplies_the_client_ip() {
    let mut config = lotse_server::config::Config::for_tests();
    config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    let t = TestApp::with_config(config).await;
    let mut request = Request::builder()
        .uri("/api/v1/health")
        .header("x-forwarded-for", "203.0.113.66")
        .body(Body::empty())
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(
        "127.0.0.1:40000".parse::<std::net::SocketAddr>().unwrap(),
    ));
    t.raw(request).await;
    t.state.request_log.flush().await;
    let ip = t.texts("SELECT ip FROM request_log", &[]).await;
    assert_eq!(ip, [Some("203.0.113.66".to_owned())]);
}

#[tokio::test]
async fn breaches_are_recorded_with_checked_input() {
    let t = TestApp::new().await;
    let store = t.store();
    let now = T0;
    for (what, found, reported, affected) in [
        ("", "2026-11-22T10:00", None, 1),
        ("lost USB stick", "2026-11-30T10:00", None, 1),
        ("lost USB stick", "yesterday", None, 1),
        (
            "lost USB stick",
            "2026-11-22T10:00",
            Some("2026-11-21T10:00"),
            1,
        ),
        ("lost USB stick", "2026-11-22T10:00", None, -1),
    ] {
        assert!(
            lotse_server::domain::breach::record(store, what, found, reported, affected, now)
                .await
                .is_err(),
            "{what} {found}"
        );
    }
    assert_eq!(t.count("breaches").await, 0);
    let id = lotse_server::domain::breach::record(
        store,
        "lost USB stick",
        "2026-11-22T10:00",
        None,
        12,
        now,
    )
    .await
    .unwrap();
    let list = store.breaches().await.unwrap();
    let line = lotse_server::domain::breach::describe(&list[0], now);
    assert!(
        line.contains("OPEN: report by 2026-11-25 10:00 UTC (46 h left)"),
        "{line}"
    );
    assert!(line.contains("affected 12"));
    assert!(store.mark_breach_reported(&id, now, None).await.unwrap());
    assert!(!store.mark_breach_reported("nope", now, None).await.unwrap());
    let line = lotse_server::domain::breach::describe(&store.breaches().await.unwrap()[0], now);
    assert!(line.contains("reported 2026-11-23 12:00 UTC"), "{line}");
}

#[tokio::test]
async fn a_wrong_method_gets_a_json_error_and_changes_nothing() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    for (method, path) in [
        ("DELETE", "/api/v1/me"),
        ("PATCH", "/api/v1/consent"),
        ("GET", "/api/v1/me/erase"),
    ] {
        let reply = t.send(method, path, None, Some(&cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(reply.code(), "method_not_allowed");
    }
    assert_eq!(t.count("participants").await, 1);
    assert_eq!(t.count("consent_events").await, 1);
}

#[tokio::test]
async fn the_retention_job_runs_on_one_instance_at_a_time() {
    let t = TestApp::new().await;
    let (id, _) = t.participant().await;
    t.clock.set(at(datetime!(2027-10-01 12:00 UTC)));
    let now = at(datetime!(2027-10-01 12:00 UTC));
    // Another instance holds the lease: this one leaves the work to it.
    assert!(
        t.store()
            .acquire_lease("retention", "instance-a", now, now + 600)
            .await
            .unwrap()
    );
    let skipped = jobs::run_exclusive(t.store(), &t.clock, &jobs::Policy::uniform(6), "instance-b")
        .await
        .unwrap();
    assert_eq!(skipped, None);
    assert!(t.store().my_profile(&id).await.unwrap().is_some());
    // Its lease lapses (it died); the next run takes over and does the work.
    t.clock.advance(601);
    let report = jobs::run_exclusive(t.store(), &t.clock, &jobs::Policy::uniform(6), "instance-b")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert!(t.store().my_profile(&id).await.unwrap().is_none());
    // The lease is given back after the run.
    assert!(
        t.store()
            .acquire_lease("retention", "instance-a", now + 602, now + 1200)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_legal_hold_stops_retention_and_erasure_until_it_is_lifted() {
    let t = TestApp::new().await;
    // Programme "Test" ends 2027-03-31: due for deletion from 2027-09-30.
    let (held, cookie) = busy_participant(&t).await;
    let (free, _) = busy_participant(&t).await;
    let dpo = t.staff("dora", lotse_shared::api::StaffRole::Dpo).await;
    let hold_path = format!("/api/v1/staff/participants/{held}/hold");
    let empty = t
        .send(
            "PUT",
            &hold_path,
            Some(json!({ "reason": " " })),
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set = t
        .send(
            "PUT",
            &hold_path,
            Some(json!({ "reason": "A complaint about the report is open" })),
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(
        set.body["legal_hold"]["reason"],
        "A complaint about the report is open"
    );
    // The participant sees it, and cannot erase meanwhile.
    let mine = t
        .send("GET", "/api/v1/me/export", None, Some(&cookie))
        .await;
    assert_eq!(
        mine.body["legal_hold"]["reason"],
        "A complaint about the report is open"
    );
    let erase = t
        .send(
            "POST",
            "/api/v1/me/erase",
            Some(json!({ "confirm": true })),
            Some(&cookie),
        )
        .await;
    assert_eq!(erase.status, StatusCode::CONFLICT);
    assert!(t.store().my_profile(&held).await.unwrap().is_some());

    // At the exact boundary the free participant goes, the held one stays.
    let months = 6;
    t.clock.set(at(datetime!(2027-09-29 12:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 0);
    assert!(report.held.is_empty(), "not due yet");
    t.clock.set(at(datetime!(2027-09-30 00:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert_eq!(report.held.get("Test"), Some(&1));
    assert!(report.to_string().contains("Legal hold: kept 1"));
    assert!(t.store().my_profile(&free).await.unwrap().is_none());
    assert!(t.store().my_profile(&held).await.unwrap().is_some());

    // Lifted (by a session of today: the first one has long expired): the
    // next run deletes it; lifting twice is refused.
    let dpo = t
        .staff("dora-later", lotse_shared::api::StaffRole::Dpo)
        .await;
    let lifted = t.send("DELETE", &hold_path, None, Some(&dpo.cookie)).await;
    assert_eq!(lifted.status, StatusCode::OK, "{:?}", lifted.body);
    assert!(lifted.body["legal_hold"].is_null());
    let again = t.send("DELETE", &hold_path, None, Some(&dpo.cookie)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let report = jobs::purge(t.store(), &t.clock, &jobs::Policy::uniform(months), false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert!(t.store().my_profile(&held).await.unwrap().is_none());
}

#[tokio::test]
async fn each_kind_of_data_goes_when_its_own_period_is_over() {
    let t = TestApp::new().await;
    // Programme "Test" ends 2027-03-31. Competences are kept 2 months (gone
    // from 2027-05-31), health-related results 3 (gone from 2027-06-30),
    // everything else 6: the record goes from 2027-09-30.
    let mut config = lotse_server::config::Config::for_tests();
    config.retention_months = 6;
    config.retention_competences_months = Some(2);
    config.retention_health_results_months = Some(3);
    let policy = jobs::Policy::from_config(&config);
    assert_eq!(policy.record_months(), 6);
    let (id, cookie) = busy_participant(&t).await;
    let (held, held_cookie) = busy_participant(&t).await;
    for c in [&cookie, &held_cookie] {
        let r = t
            .send(
                "POST",
                "/api/v1/results",
                Some(submission_of("fit-for-work")),
                Some(c),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let dpo = t.staff("dora", lotse_shared::api::StaffRole::Dpo).await;
    let put_on_hold = t
        .send(
            "PUT",
            &format!("/api/v1/staff/participants/{held}/hold"),
            Some(json!({ "reason": "An appeal is open" })),
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(put_on_hold.status, StatusCode::OK);
    let count = |table: &'static str, who: &str| {
        let who = who.to_owned();
        let t = &t;
        async move {
            t.int(
                &format!("SELECT COUNT(*) FROM {table} WHERE participant_id = $1"),
                &[&who],
            )
            .await
        }
    };
    let health = |who: &str| {
        let who = who.to_owned();
        let t = &t;
        async move {
            t.int(
                "SELECT COUNT(*) FROM aggregates WHERE participant_id = $1 \
                 AND instrument = 'fit-for-work'",
                &[&who],
            )
            .await
        }
    };
    assert_eq!(count("competences", &id).await, 1);
    assert_eq!(health(&id).await, 1);

    // The day before: nothing.
    t.clock.set(at(datetime!(2027-05-30 23:59:59 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert!(report.categories.is_empty(), "{report}");
    // On the day: a dry run tells, changes nothing; the run deletes the
    // competences only, and not the held participant's.
    t.clock.set(at(datetime!(2027-05-31 00:00 UTC)));
    let dry = jobs::purge(t.store(), &t.clock, &policy, true)
        .await
        .unwrap();
    assert_eq!(dry.categories.get("competences"), Some(&1));
    assert!(dry.to_string().contains("competences: would delete for 1"));
    assert_eq!(count("competences", &id).await, 1);
    let report = jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(report.categories.get("competences"), Some(&1));
    assert_eq!(report.categories.get("health-related results"), None);
    assert_eq!(count("competences", &id).await, 0);
    assert_eq!(count("competences", &held).await, 1);
    assert_eq!(health(&id).await, 1);
    // Nothing is counted twice.
    let again = jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert!(again.categories.is_empty());

    t.clock.set(at(datetime!(2027-06-29 23:59:59 UTC)));
    jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(health(&id).await, 1);
    t.clock.set(at(datetime!(2027-06-30 00:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(report.categories.get("health-related results"), Some(&1));
    assert_eq!(health(&id).await, 0);
    assert_eq!(health(&held).await, 1);
    // The other results, the record and the held participant stay.
    assert_eq!(count("aggregates", &id).await, 1);
    assert!(t.store().my_profile(&id).await.unwrap().is_some());
    assert_eq!(count("competences", &held).await, 1);

    // Correcting the programme's dates moves the record's day: ended a
    // month later, the participant is still there on 2027-09-30.
    let admin = t.staff("adam", lotse_shared::api::StaffRole::Admin).await;
    let programme = t.store().programme_by_name("Test").await.unwrap().unwrap();
    let bad = t
        .send(
            "PATCH",
            &format!("/api/v1/staff/programmes/{}", programme.id),
            Some(json!({ "starts_on": "2027-05-01", "ends_on": "2027-04-30" })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let moved = t
        .send(
            "PATCH",
            &format!("/api/v1/staff/programmes/{}", programme.id),
            Some(json!({ "starts_on": programme.starts_on, "ends_on": "2027-04-30" })),
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    t.clock.set(at(datetime!(2027-09-30 00:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 0);
    t.clock.set(at(datetime!(2027-10-30 00:00 UTC)));
    let report = jobs::purge(t.store(), &t.clock, &policy, false)
        .await
        .unwrap();
    assert_eq!(report.participants_total(), 1);
    assert!(t.store().my_profile(&id).await.unwrap().is_none());
    assert!(t.store().my_profile(&held).await.unwrap().is_some());
}

#[test]
fn presets_and_categories_make_the_policy() {
    use lotse_shared::api::RetentionCategory as K;
    let mut config = lotse_server::config::Config::for_tests();
    config.retention_preset = lotse_server::config::RetentionPreset::ThirteenYears;
    config.retention_audit_trail_months = Some(24);
    let policy = jobs::Policy::from_config(&config);
    assert_eq!(policy.months(K::AuditTrail), 24);
    assert_eq!(policy.months(K::Competences), 156);
    assert_eq!(policy.record_months(), 156);
    // A category longer than the preset keeps the record that long too.
    config.retention_preset = lotse_server::config::RetentionPreset::FiveYears;
    config.retention_agency_reports_months = Some(120);
    let policy = jobs::Policy::from_config(&config);
    assert_eq!(policy.months(K::CounsellingResults), 60);
    assert_eq!(policy.record_months(), 120);
}
