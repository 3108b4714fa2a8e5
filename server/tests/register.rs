//! The record of processing is made from the schema: every column of every
//! table in the live database (SQLite, or PostgreSQL with
//! `LOTSE_TEST_DATABASE_URL`) has exactly one classification, and nothing is
//! classified that the database does not have. The officer reads it as JSON.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::TestApp;
use lotse_server::db::register;
use lotse_shared::api::{ProcessingBasis, StaffRole};

#[tokio::test]
async fn every_column_of_the_live_schema_is_classified_once_and_only_those() {
    let t = TestApp::new().await;
    let live: BTreeSet<(String, String)> = t
        .store()
        .tables()
        .await
        .unwrap()
        .into_iter()
        .flat_map(|table| {
            let name = table.name;
            table.columns.into_iter().map(move |c| (name.clone(), c))
        })
        .collect();
    let classified: Vec<(String, String)> = register::columns()
        .into_iter()
        .map(|c| (c.table, c.column))
        .collect();
    let unique: BTreeSet<(String, String)> = classified.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        classified.len(),
        "a column is classified twice"
    );
    let missing: Vec<_> = live.difference(&unique).collect();
    assert!(
        missing.is_empty(),
        "columns without a classification in db/register.rs: {missing:?}"
    );
    let stale: Vec<_> = unique.difference(&live).collect();
    assert!(
        stale.is_empty(),
        "classified columns the database does not have: {stale:?}"
    );
}

#[test]
fn every_entry_says_why_and_personal_data_has_a_basis() {
    for c in register::columns() {
        assert!(c.why.len() > 10, "{}.{} says why", c.table, c.column);
        assert!(!c.recipients.is_empty(), "{}.{}", c.table, c.column);
        if c.personal {
            assert_ne!(
                c.basis,
                ProcessingBasis::NotPersonal,
                "{}.{}",
                c.table,
                c.column
            );
        }
    }
}

#[tokio::test]
async fn the_officer_reads_the_register_and_a_counsellor_does_not() {
    let t = TestApp::new().await;
    let dpo = t.staff("dora", StaffRole::Dpo).await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    let reply = t
        .send("GET", "/api/v1/staff/register", None, Some(&dpo.cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert!(!reply.body["controller"].as_str().unwrap().is_empty());
    let columns = reply.body["columns"].as_array().unwrap();
    let score = columns
        .iter()
        .find(|c| c["table"] == "aggregate_scales" && c["column"] == "score")
        .unwrap();
    assert_eq!(score["personal"], true);
    assert!(score["why"].as_str().unwrap().contains("health data"));
    // Every retention category a column names has its period, once; the
    // participant's kinds of data in months from the configuration.
    let periods = reply.body["periods"].as_array().unwrap();
    for column in columns {
        let named = periods
            .iter()
            .filter(|p| p["category"] == column["retention"])
            .count();
        assert_eq!(named, 1, "{}", column["retention"]);
    }
    let record = periods
        .iter()
        .find(|p| p["category"] == "participant_record")
        .unwrap();
    assert_eq!(record["months"], 6);
    let refused = t
        .send(
            "GET",
            "/api/v1/staff/register",
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
