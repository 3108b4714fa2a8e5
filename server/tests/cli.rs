//! The admin commands of the data lifecycle through the real command line:
//! `lotse purge [--dry-run]` and `lotse breach record|reported|list`.
#![allow(clippy::unwrap_used)]

use clap::Parser as _;
use lotse_server::cli;
use lotse_server::config::Cli;

async fn lotse(dir: &std::path::Path, args: &[&str]) -> anyhow::Result<()> {
    let data_dir = dir.display().to_string();
    let mut command_line = vec!["lotse", "--data-dir", data_dir.as_str()];
    command_line.extend_from_slice(args);
    cli::run(Cli::try_parse_from(command_line)?).await
}

async fn count(dir: &std::path::Path, table: &str) -> i64 {
    let store = lotse_server::db::connect(&format!("sqlite://{}", dir.join("lotse.db").display()))
        .await
        .unwrap();
    store
        .raw_rows(&format!("SELECT COUNT(*) FROM {table}"), &[])
        .await
        .unwrap()[0][0]
        .int()
        .unwrap()
}

/// Fills the organisation's profile through the command line.
async fn set_profile(d: &std::path::Path) {
    lotse(
        d,
        &[
            "organisation",
            "set",
            "--controller-name",
            "Träger Nord",
            "--controller-address",
            "Hafenweg 2\\n20457 Hamburg",
            "--controller-contact",
            "info@example.org",
            "--dpo-name",
            "D. Schutz",
            "--dpo-contact",
            "dsb@example.org",
            "--agency-name",
            "Agentur für Arbeit",
            "--authority-name",
            "HmbBfDI",
            "--authority-contact",
            "mailbox@example.org",
            "--help-contact",
            "040 123",
            "--public-url",
            "https://lotse.example.org",
        ],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn participants_are_added_only_once_the_profile_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let add = || {
        lotse(
            d,
            &["participant", "add", "--programme", "Now", "--name", "Kim"],
        )
    };
    lotse(
        d,
        &[
            "programme",
            "add",
            "--name",
            "Now",
            "--starts-on",
            "2026-01-01",
            "--ends-on",
            "2027-06-30",
        ],
    )
    .await
    .unwrap();
    let refused = add().await.unwrap_err().to_string();
    assert!(refused.contains("profile is incomplete"), "{refused}");
    assert_eq!(count(d, "participants").await, 0);
    // A bad value is refused and changes nothing.
    assert!(
        lotse(d, &["organisation", "set", "--counselling-basis", "vibes"])
            .await
            .is_err()
    );
    set_profile(d).await;
    add().await.unwrap();
    assert_eq!(count(d, "participants").await, 1);
    let store = lotse_server::db::connect(&format!("sqlite://{}", d.join("lotse.db").display()))
        .await
        .unwrap();
    let profile = store.organisation().await.unwrap().unwrap();
    assert_eq!(profile.controller_address, "Hafenweg 2\n20457 Hamburg");
    assert_eq!(profile.missing(), vec![]);
}

#[tokio::test]
async fn purge_reports_on_a_dry_run_and_deletes_on_a_real_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    set_profile(d).await;
    lotse(
        d,
        &[
            "programme",
            "add",
            "--name",
            "Old",
            "--starts-on",
            "2019-01-01",
            "--ends-on",
            "2019-06-30",
        ],
    )
    .await
    .unwrap();
    lotse(
        d,
        &[
            "participant",
            "add",
            "--programme",
            "Old",
            "--name",
            "Former",
        ],
    )
    .await
    .unwrap();
    lotse(d, &["purge", "--dry-run"]).await.unwrap();
    assert_eq!(count(d, "participants").await, 1);
    lotse(d, &["purge"]).await.unwrap();
    assert_eq!(count(d, "participants").await, 0);
    assert_eq!(count(d, "erasure_receipts").await, 1);
    // Idempotent.
    lotse(d, &["purge"]).await.unwrap();
    assert_eq!(count(d, "erasure_receipts").await, 1);
    // A shorter configured period is accepted; a nonsensical one is refused.
    lotse(d, &["--retention-months", "1", "purge", "--dry-run"])
        .await
        .unwrap();
    assert!(
        lotse(d, &["--retention-months", "0", "purge"])
            .await
            .is_err()
    );
}

#[tokio::test]
async fn breaches_are_recorded_reported_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = [
        "breach",
        "record",
        "--what",
        "A letter with access codes went to the wrong address",
        "--found-at",
        "2026-01-05T09:30",
        "--affected",
        "4",
    ];
    lotse(d, &record).await.unwrap();
    assert_eq!(count(d, "breaches").await, 1);
    for bad in [
        vec![
            "breach",
            "record",
            "--what",
            " ",
            "--found-at",
            "2026-01-05T09:30",
            "--affected",
            "1",
        ],
        vec![
            "breach",
            "record",
            "--what",
            "x",
            "--found-at",
            "soon",
            "--affected",
            "1",
        ],
        vec![
            "breach",
            "record",
            "--what",
            "x",
            "--found-at",
            "2026-01-05T09:30",
        ],
        vec![
            "breach",
            "reported",
            "--id",
            "no-such-id",
            "--at",
            "2026-01-06T10:00",
        ],
    ] {
        assert!(lotse(d, &bad).await.is_err(), "{bad:?}");
    }
    assert_eq!(count(d, "breaches").await, 1);
    lotse(d, &["breach", "list"]).await.unwrap();
}
