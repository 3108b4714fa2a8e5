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

#[tokio::test]
async fn purge_reports_on_a_dry_run_and_deletes_on_a_real_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
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
