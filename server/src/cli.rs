//! Command-line tasks: serve, migrate, demo data, adding programmes and participants.

use std::sync::Arc;

use anyhow::{Context as _, bail};
use lotse_shared::instrument;
use time::{Date, Duration, OffsetDateTime, format_description::well_known::Iso8601};

use crate::auth;
use crate::clock::{Clock, SystemClock};
use crate::config::{BreachCommand, Cli, Command, Config, ParticipantCommand, ProgrammeCommand};
use crate::db::Store;

/// Name of the programme `lotse demo` creates.
pub const DEMO_PROGRAMME: &str = "Demo: Wege in Arbeit";
const DEMO_PARTICIPANTS: [&str; 2] = ["Alex Demo", "Sam Demo"];

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    let store = Store::connect(&config.database_url()).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve(config, store).await,
        Command::Migrate => {
            println!("Database is up to date: {}", config.database_url());
            Ok(())
        }
        Command::Demo => demo(&config, &store, clock.as_ref()).await,
        Command::Participant(ParticipantCommand::Add { programme, name }) => {
            let programme = store
                .programme_by_name(&programme)
                .await?
                .with_context(|| format!("no programme named {programme:?}"))?;
            let (code, _) = add_participant(&store, &programme.id, &name, clock.as_ref()).await?;
            println!("Access code: {code}");
            Ok(())
        }
        Command::Programme(ProgrammeCommand::Add {
            name,
            starts_on,
            ends_on,
        }) => {
            let (start, end) = (parse_date(&starts_on)?, parse_date(&ends_on)?);
            if end < start {
                bail!("the programme ends before it starts");
            }
            store
                .create_programme(&name, &starts_on, &ends_on, clock.unix())
                .await?;
            println!("Programme {name:?} added ({starts_on} – {ends_on}).");
            Ok(())
        }
        Command::Purge { dry_run } => {
            let report =
                crate::jobs::purge(&store, clock.as_ref(), config.retention_months, dry_run)
                    .await?;
            println!("{report}");
            Ok(())
        }
        Command::Breach(command) => breach(&store, clock.as_ref(), command).await,
    }
}

async fn breach(store: &Store, clock: &dyn Clock, command: BreachCommand) -> anyhow::Result<()> {
    match command {
        BreachCommand::Record {
            what,
            found_at,
            reported_at,
            affected,
        } => {
            let id = crate::breach::record(
                store,
                &what,
                &found_at,
                reported_at.as_deref(),
                affected,
                clock.unix(),
            )
            .await?;
            println!("Breach recorded: {id}");
        }
        BreachCommand::Reported { id, at } => {
            let at = crate::breach::parse_time(&at)?;
            if !store.mark_breach_reported(&id, at).await? {
                bail!("no breach with id {id:?}");
            }
            println!("Breach {id} marked as reported.");
        }
        BreachCommand::List => {
            let all = store.breaches().await?;
            if all.is_empty() {
                println!("No breaches recorded.");
            }
            for b in &all {
                println!("{}", crate::breach::describe(b, clock.unix()));
            }
        }
    }
    Ok(())
}

fn parse_date(value: &str) -> anyhow::Result<Date> {
    Date::parse(value, &Iso8601::DATE)
        .with_context(|| format!("{value:?} is not a date (YYYY-MM-DD)"))
}

fn format_date(date: Date) -> String {
    date.format(&Iso8601::DATE).unwrap_or_default()
}

/// Adds a participant with every shipped questionnaire released, and returns the
/// access code to hand over (it is shown once; only its hash is stored).
pub async fn add_participant(
    store: &Store,
    programme_id: &str,
    name: &str,
    clock: &dyn Clock,
) -> anyhow::Result<(String, String)> {
    let (code, hash) = auth::new_access_code().map_err(|e| anyhow::anyhow!("{e}"))?;
    let released: Vec<&str> = instrument::all().iter().map(|i| i.id.as_str()).collect();
    let id = store
        .create_participant(programme_id, name, &hash, &released, clock.unix())
        .await?;
    Ok((code, id))
}

/// Creates the demo programme and participants once; on every run prints fresh
/// access codes for them (the old ones stop working, since only hashes are kept).
async fn demo(config: &Config, store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    let today: OffsetDateTime = clock.now();
    let programme = if let Some(p) = store.programme_by_name(DEMO_PROGRAMME).await? {
        p
    } else {
        let starts = format_date(today.date() - Duration::days(30));
        let ends = format_date(today.date() + Duration::days(150));
        store
            .create_programme(DEMO_PROGRAMME, &starts, &ends, clock.unix())
            .await?
    };
    let existing = store.participants_in_programme(&programme.id).await?;
    let mut sign_ins = Vec::new();
    for name in DEMO_PARTICIPANTS {
        let code = if let Some(p) = existing.iter().find(|p| p.display_name == name) {
            let (code, hash) = auth::new_access_code().map_err(|e| anyhow::anyhow!("{e}"))?;
            store.reissue_access_code(&p.id, &hash).await?;
            code
        } else {
            add_participant(store, &programme.id, name, clock).await?.0
        };
        sign_ins.push((name, code));
    }
    println!("Demo data is ready in {}", config.database_url());
    println!("Demo sign-ins (participant access codes, renewed on every run):");
    for (name, code) in sign_ins {
        println!("  {name:<12} {code}");
    }
    Ok(())
}
