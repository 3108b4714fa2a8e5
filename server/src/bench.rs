//! The hidden `lotse bench …` commands behind `scripts/bench`: a bare axum
//! handler as the yardstick for the server's speed, fast seeding through the
//! storage layer, and counting the stored aggregates afterwards; for the
//! crash harness (`scripts/bench.d/crash.py`), what is stored for the seeded
//! participants and the database's integrity check. Nothing here is reachable
//! from `lotse serve`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use clap::Subcommand;
use lotse_shared::Lang;
use lotse_shared::api::{
    AggregateSubmission, ConsentChannel, ConsentEvent, ConsentEventKind, QualityFlag,
    ScaleAggregate, StaffRole,
};
use lotse_shared::instrument::{self, Instrument};
use time::format_description::well_known::Iso8601;

use crate::auth::{self, password, seal::SecretBox, totp};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::db::{NewParticipantRow, SeedBatch, SessionStage, StaffRow, Store, new_id};
use crate::domain::{notice, retention};

const DAY: i64 = 24 * 3600;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Serve `POST /api/v1/results` with a handler that only parses the
    /// aggregate and answers 201: the yardstick (uses --host and --port).
    Bare,
    /// Seed programmes, counsellors and participants with every instrument
    /// released, the current notice accepted and a live session; write the
    /// session cookies and one upload body per instrument to --out. Holds the
    /// retention job's lease for an hour (see `seed`).
    Seed {
        #[arg(long)]
        participants: usize,
        /// Participants are spread over them evenly.
        #[arg(long)]
        counsellors: usize,
        #[arg(long, default_value_t = 10)]
        programmes: usize,
        /// Participants a transaction. Large: with random keys (code and
        /// token hashes, names) every commit rewrites most index pages.
        #[arg(long, default_value_t = 50_000)]
        batch: usize,
        /// Folder for `participants.txt` (one cookie a line), `ids.txt` (their
        /// participant ids, line by line), `counsellor.txt`, `admin.txt` and
        /// `bodies.txt` (one aggregate a line).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the number of stored aggregates.
    Count,
    /// For each participant id in --ids (one a line, as `seed` writes
    /// `ids.txt`), print one JSON line: `{"id", "results": [instrument…],
    /// "consents": [consent event…]}` (history oldest first).
    Stored {
        #[arg(long)]
        ids: PathBuf,
    },
    /// Run the database's integrity check (SQLite: `PRAGMA integrity_check`;
    /// PostgreSQL: amcheck on every index): prints `ok`, `not available` (no
    /// right to create the amcheck extension) or the problems found, and
    /// fails on problems.
    Integrity,
}

pub async fn run(config: &Config, command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Bare => bare(config).await,
        BenchCommand::Seed {
            participants,
            counsellors,
            programmes,
            batch,
            out,
        } => {
            let store = crate::db::connect(&config.database_url()).await?;
            let secrets = SecretBox::load_or_create(&config.secret_key_path())?;
            let sizes = SeedSizes {
                participants,
                counsellors,
                programmes,
                batch,
            };
            seed(config, &*store, &secrets, &SystemClock, &sizes, &out).await
        }
        BenchCommand::Count => {
            let store = crate::db::connect(&config.database_url()).await?;
            let rows = store
                .raw_rows("SELECT COUNT(*) FROM aggregates", &[])
                .await?;
            let count = rows
                .first()
                .and_then(|r| r.first())
                .and_then(crate::db::Cell::int)
                .context("no count")?;
            println!("{count}");
            Ok(())
        }
        BenchCommand::Stored { ids } => {
            let store = crate::db::connect(&config.database_url()).await?;
            stored(&*store, &ids).await
        }
        BenchCommand::Integrity => {
            let store = crate::db::connect(&config.database_url()).await?;
            match store.integrity_check().await? {
                None => println!("not available"),
                Some(rows) if rows.len() == 1 && rows[0] == "ok" => println!("ok"),
                Some(rows) => {
                    for row in &rows {
                        println!("{row}");
                    }
                    anyhow::bail!("the integrity check found {} problem(s)", rows.len());
                }
            }
            Ok(())
        }
    }
}

/// `lotse bench stored`: what is stored for the listed participants.
async fn stored(store: &dyn Store, ids: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(ids).with_context(|| format!("cannot read {}", ids.display()))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for id in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let results: Vec<String> = store
            .results(id)
            .await?
            .into_iter()
            .map(|r| r.instrument)
            .collect();
        let consents = store.consent_history(id).await?;
        let line = serde_json::json!({ "id": id, "results": results, "consents": consents });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

async fn bare(config: &Config) -> anyhow::Result<()> {
    async fn submit(
        axum::Json(submission): axum::Json<AggregateSubmission>,
    ) -> (StatusCode, axum::Json<serde_json::Value>) {
        let answer = serde_json::json!({
            "instrument": submission.instrument,
            "version": submission.version,
        });
        (StatusCode::CREATED, axum::Json(answer))
    }
    let listener = tokio::net::TcpListener::bind(config.addr()).await?;
    println!("Bare handler at http://{}/", listener.local_addr()?);
    let app = Router::new().route("/api/v1/results", post(submit));
    axum::serve(listener, app).await?;
    Ok(())
}

/// How much `seed` writes.
#[derive(Debug, Clone, Copy)]
pub struct SeedSizes {
    pub participants: usize,
    /// At least one.
    pub counsellors: usize,
    /// At least one.
    pub programmes: usize,
    /// Participants a transaction.
    pub batch: usize,
}

/// Seeds the store (see `lotse bench seed`) and writes the session cookies
/// and upload bodies to `out`.
pub async fn seed(
    config: &Config,
    store: &dyn Store,
    secrets: &SecretBox,
    clock: &dyn Clock,
    sizes: &SeedSizes,
    out: &Path,
) -> anyhow::Result<()> {
    let started = Instant::now();
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    // A participant's day: added days ago (a second apart, so "newest first"
    // has an order), modules released yesterday, signed in 15 minutes ago, the
    // notice accepted right after, the last request 5 minutes ago (answering
    // happens in the browser): the session is live, and the first upload
    // refreshes it as in real use. Programmes and staff are older still.
    let now = clock.unix();
    let first = now - 2 * DAY - i64::try_from(sizes.participants).unwrap_or(0) - 60;
    let today = clock.now().date();
    let day = |offset: i64| {
        (today + time::Duration::days(offset))
            .format(&Iso8601::DATE)
            .unwrap_or_default()
    };
    let mut programmes = Vec::with_capacity(sizes.programmes);
    for n in 1..=sizes.programmes.max(1) {
        let name = format!("Bench {n:03}");
        let programme = store
            .create_programme(&name, &day(-30), &day(150), first, None)
            .await?;
        programmes.push(programme.id);
    }
    let staff = seed_staff(store, secrets, sizes.counsellors.max(1), first, now).await?;
    let (dpo, counsellors) = staff[1..]
        .split_last()
        .context("the bench seeds a data protection officer")?;
    let counsellors: Vec<&str> = counsellors.iter().map(|s| s.id.as_str()).collect();

    let released: Vec<String> = instrument::all().iter().map(|i| i.id.clone()).collect();
    let signed_in_at = now - 15 * 60;
    // The seeded participants accept the notice, so there must be one.
    if store.organisation().await?.is_none() {
        store
            .save_organisation(&crate::domain::organisation::demo(), now)
            .await?;
    }
    notice::sync(store, notice::NoticeSettings::from_config(config), now).await?;
    let shown = notice::current(store, Lang::De)
        .await?
        .context("no notice")?;
    let consent = ConsentEvent {
        event: ConsentEventKind::Given,
        notice_accepted: true,
        agency_results: false,
        job_matching: false,
        health_data: false,
        survey_contact: false,
        notice_version: shown.version,
        notice_hash: shown.hash,
        channel: ConsentChannel::SelfService,
        at: signed_in_at + 30,
        signed_copy_at: None,
    };
    let cookie = auth::cookie_name(config.tls);
    let mut cookies = std::io::BufWriter::new(std::fs::File::create(out.join("participants.txt"))?);
    let mut ids = std::io::BufWriter::new(std::fs::File::create(out.join("ids.txt"))?);
    let mut done = 0;
    while done < sizes.participants {
        let size = sizes.batch.max(1).min(sizes.participants - done);
        let mut batch = SeedBatch {
            participants: Vec::with_capacity(size),
            released: released.clone(),
            released_at: now - DAY,
            consent: consent.clone(),
            session_hashes: Vec::with_capacity(size),
            signed_in_at,
            last_seen_at: now - 5 * 60,
        };
        for n in done..done + size {
            let (_, code_hash) = auth::new_access_code().map_err(|e| anyhow::anyhow!("{e}"))?;
            let (token, token_hash) =
                auth::new_session_token().map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = new_id();
            writeln!(ids, "{id}")?;
            batch.participants.push(NewParticipantRow {
                id,
                programme_id: programmes[n % programmes.len()].clone(),
                display_name: display_name(n),
                access_code_hash: code_hash,
                counsellor_id: Some(counsellors[n % counsellors.len()].to_owned()),
                created_at: now - 2 * DAY - i64::try_from(sizes.participants - n).unwrap_or(0),
            });
            batch.session_hashes.push(token_hash);
            writeln!(cookies, "{cookie}={token}")?;
        }
        store.seed_batch(&batch).await?;
        done += size;
    }
    cookies.flush()?;
    ids.flush()?;

    // Signed-in staff: the admin (everyone), the data protection officer
    // and the first counsellor (own caseload).
    for (file, member) in [
        ("admin.txt", &staff[0]),
        ("dpo.txt", dpo),
        ("counsellor.txt", &staff[1]),
    ] {
        let (token, hash) = auth::new_session_token().map_err(|e| anyhow::anyhow!("{e}"))?;
        store
            .create_staff_session(&hash, &member.id, SessionStage::Full, now)
            .await?;
        std::fs::write(out.join(file), format!("{cookie}={token}\n"))?;
    }
    let mut bodies = Vec::new();
    for definition in instrument::all() {
        let body = submission(definition);
        definition
            .check_submission(&body)
            .with_context(|| format!("the upload for {} is refused", definition.id))?;
        bodies.push(serde_json::to_string(&body)?);
    }
    std::fs::write(out.join("bodies.txt"), bodies.join("\n") + "\n")?;
    // As if another instance ran the retention job: the servers started on
    // this database skip their start-up pass (at 10⁶ participants it would
    // run during the measurement). `scripts/bench` times a pass on its own.
    store
        .acquire_lease(retention::LEASE, "lotse bench", now, now + 3600)
        .await?;
    println!(
        "Seeded {} participants, {} counsellors, {} programmes in {:.1} s",
        sizes.participants,
        sizes.counsellors,
        sizes.programmes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One admin (first), the counsellors and one data protection officer
/// (last), created at `created_at` and enrolled
/// at their sign-in `now`. They share one password hash: Argon2id per account
/// would take minutes for 10⁴ accounts, and nobody signs in with them.
async fn seed_staff(
    store: &dyn Store,
    secrets: &SecretBox,
    counsellors: usize,
    created_at: i64,
    now: i64,
) -> anyhow::Result<Vec<StaffRow>> {
    let password = password::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
    let password_hash = password::hash(&password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut staff = Vec::with_capacity(counsellors + 2);
    for n in 0..=counsellors + 1 {
        let (username, display_name, role) = if n == 0 {
            (
                "bench-admin".to_owned(),
                "Bench Admin".to_owned(),
                StaffRole::Admin,
            )
        } else if n == counsellors + 1 {
            (
                "bench-dpo".to_owned(),
                "Bench Data Protection".to_owned(),
                StaffRole::Dpo,
            )
        } else {
            (
                format!("bench-counsellor-{n:05}"),
                format!("Counsellor {n:05}"),
                StaffRole::Counsellor,
            )
        };
        let secret = totp::new_secret().map_err(|e| anyhow::anyhow!("{e}"))?;
        let totp_secret = secrets
            .seal(&secret, &username)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        staff.push(StaffRow {
            id: new_id(),
            username,
            display_name,
            role,
            password_hash: password_hash.clone(),
            totp_secret,
            totp_enrolled: true,
            totp_last_step: Some(now / 30),
            disabled_at: None,
        });
    }
    store.seed_staff(&staff, created_at).await?;
    Ok(staff)
}

/// A varied, deterministic name, so that sorting by name is real work.
fn display_name(n: usize) -> String {
    const FIRST: [&str; 16] = [
        "Alex", "Sam", "Jana", "Mehmet", "Olga", "Paul", "Lea", "Yusuf", "Marta", "Tim", "Aylin",
        "Jonas", "Nina", "Karim", "Sofia", "Ben",
    ];
    const LAST: [&str; 16] = [
        "Schmidt", "Yilmaz", "Nowak", "Weber", "Kaya", "Fischer", "Meyer", "Wagner", "Becker",
        "Hoffmann", "Demir", "Schulz", "Koch", "Richter", "Klein", "Wolf",
    ];
    // A multiplicative hash spreads consecutive numbers over the alphabet.
    let h = n.wrapping_mul(2_654_435_761) % 1_000_003;
    format!("{} {} {h:06}", FIRST[h % 16], LAST[(h / 16) % 16])
}

/// A valid upload for the instrument: every scale scored, bands matching.
fn submission(definition: &Instrument) -> AggregateSubmission {
    let scales = definition
        .scales
        .iter()
        .map(|scale| {
            let band = scale.band_for(60).or_else(|| scale.bands.first());
            ScaleAggregate {
                scale: scale.id.clone(),
                score: band.map(|b| 60.clamp(b.from, b.to)),
                band: band.map(|b| b.id.clone()),
            }
        })
        .collect();
    AggregateSubmission {
        instrument: definition.id.clone(),
        version: definition.version,
        scales,
        quality: QualityFlag::Ok,
        completion_seconds: 420,
    }
}
