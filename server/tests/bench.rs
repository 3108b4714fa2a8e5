//! The benchmark's seeding writes the rows the application writes: its
//! participants can upload at once (modules released, notice accepted,
//! session live), and its staff see their caseloads.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lotse_server::bench::{SeedSizes, seed};
use lotse_server::config::Config;
use serde_json::Value;

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn seeded_participants_upload_and_staff_see_their_caseloads() {
    let app = TestApp::new().await;
    let out = tempfile::tempdir().unwrap();
    let sizes = SeedSizes {
        participants: 12,
        counsellors: 3,
        programmes: 2,
        // Several transactions, the last one short.
        batch: 5,
    };
    seed(
        &Config::for_tests(),
        app.store(),
        &app.state.secrets,
        &app.clock,
        &sizes,
        out.path(),
    )
    .await
    .unwrap();

    let cookies = lines(&out.path().join("participants.txt"));
    let bodies = lines(&out.path().join("bodies.txt"));
    assert_eq!(cookies.len(), 12);
    assert_eq!(bodies.len(), lotse_shared::instrument::all().len());
    for cookie in [&cookies[0], &cookies[11]] {
        for body in &bodies {
            let body: Value = serde_json::from_str(body).unwrap();
            let reply = app
                .send("POST", "/api/v1/results", Some(body), Some(cookie))
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        }
    }
    let again: Value = serde_json::from_str(&bodies[0]).unwrap();
    let reply = app
        .send("POST", "/api/v1/results", Some(again), Some(&cookies[0]))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let consent = app
        .send("GET", "/api/v1/consent", None, Some(&cookies[5]))
        .await;
    assert_eq!(consent.body["required"], false);

    // The data protection officer reaches everyone's basic data.
    for (file, total) in [("admin.txt", 12), ("dpo.txt", 12), ("counsellor.txt", 4)] {
        let cookie = lines(&out.path().join(file)).remove(0);
        let reply = app
            .send("GET", "/api/v1/staff/participants", None, Some(&cookie))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{file}: {:?}", reply.body);
        assert_eq!(reply.body["total"], total, "{file}");
    }
    let instruments = i64::try_from(bodies.len()).unwrap();
    assert_eq!(
        app.int(
            "SELECT COUNT(*) FROM releases WHERE state = 'released'",
            &[]
        )
        .await,
        (12 - 2) * instruments
    );
    assert_eq!(
        app.int("SELECT COUNT(*) FROM consent_events", &[]).await,
        12
    );
    assert_eq!(app.int("SELECT COUNT(*) FROM sessions", &[]).await, 12 + 3);
    assert_eq!(app.int("SELECT COUNT(*) FROM staff", &[]).await, 1 + 3 + 1);

    // ids.txt names the participants line by line, as the crash harness
    // (scripts/bench.d/crash.py) reads them back through the store.
    let ids = lines(&out.path().join("ids.txt"));
    assert_eq!(ids.len(), 12);
    assert_eq!(
        app.store().results(&ids[0]).await.unwrap().len(),
        bodies.len()
    );
    assert!(app.store().results(&ids[1]).await.unwrap().is_empty());
    assert_eq!(app.store().consent_history(&ids[1]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_integrity_check_passes_on_a_sound_database() {
    let app = TestApp::new().await;
    let check = app.store().integrity_check().await.unwrap();
    match app.store().backend() {
        lotse_server::db::Backend::Sqlite => assert_eq!(check, Some(vec!["ok".to_owned()])),
        // amcheck needs the right to create the extension.
        lotse_server::db::Backend::Postgres => {
            assert!(
                check.is_none() || check == Some(vec!["ok".to_owned()]),
                "{check:?}"
            );
        }
    }
}
