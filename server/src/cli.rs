//! Command-line tasks: serve, migrate, demo data, the organisation's profile,
//! adding programmes and participants.

use std::sync::Arc;

use anyhow::{Context as _, bail};
use lotse_shared::instrument;
use time::{Date, Duration, OffsetDateTime, format_description::well_known::Iso8601};

use crate::auth;
use crate::auth::password;
use crate::auth::seal::SecretBox;
use crate::auth::totp;
use crate::clock::{Clock, SystemClock};
use crate::config::{
    AdminCommand, BreachCommand, Cli, Command, Config, NoticeCommand, OrganisationCommand,
    ParticipantCommand, ProfileArgs, ProgrammeCommand,
};
use crate::db::{NewStaffRow, Store};
use crate::domain::notice::{self, NoticeSettings};
use crate::domain::text::{self, Field};
use lotse_shared::Lang;
use lotse_shared::api::{OrganisationProfile, StaffRole};

/// Name of the programme `lotse demo` creates.
pub const DEMO_PROGRAMME: &str = "Demo: Wege in Arbeit";
const DEMO_PARTICIPANTS: [&str; 2] = ["Alex Demo", "Sam Demo"];

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    if let Some(Command::Bench(command)) = cli.command {
        return crate::bench::run(&config, command).await;
    }
    let store = crate::db::connect(&config.database_url()).await?;
    let secrets = if config.database_url().contains(":memory:") {
        SecretBox::ephemeral()?
    } else {
        SecretBox::load_or_create(&config.secret_key_path())?
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // The published notice follows the profile, the settings and this
    // release's templates before anything else happens.
    let settings = NoticeSettings::from_config(&config);
    notice::sync(&*store, settings, clock.unix())
        .await
        .map_err(|e| anyhow::anyhow!("privacy notice: {e}"))?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve(config, store, secrets).await,
        Command::Migrate => {
            println!(
                "Database is up to date: {}",
                config.database_url_for_display()
            );
            Ok(())
        }
        Command::Demo => demo(&config, &*store, &secrets, clock.as_ref()).await,
        Command::Participant(ParticipantCommand::Add { programme, name }) => {
            let programme = store
                .programme_by_name(&programme)
                .await?
                .with_context(|| format!("no programme named {programme:?}"))?;
            let (code, _) = add_participant(&*store, &programme.id, &name, clock.as_ref()).await?;
            println!("Access code: {code}");
            Ok(())
        }
        Command::Programme(ProgrammeCommand::Add {
            name,
            starts_on,
            ends_on,
        }) => {
            let name = Field::one_line("the name", text::NAME).required(&name)?;
            let (start, end) = (parse_date(&starts_on)?, parse_date(&ends_on)?);
            if end < start {
                bail!("the programme ends before it starts");
            }
            store
                .create_programme(&name, &starts_on, &ends_on, clock.unix(), None)
                .await?;
            println!("Programme \"{name}\" added ({starts_on} – {ends_on}).");
            Ok(())
        }
        Command::Purge { dry_run } => {
            let report = crate::domain::retention::purge(
                &*store,
                clock.as_ref(),
                &crate::domain::retention::Policy::from_config(&config),
                dry_run,
            )
            .await?;
            println!("{report}");
            Ok(())
        }
        Command::Breach(command) => breach(&*store, clock.as_ref(), command).await,
        Command::Organisation(command) => {
            organisation(&*store, clock.as_ref(), settings, command).await
        }
        Command::Notice(command) => {
            notice_command(&*store, clock.as_ref(), settings, command).await
        }
        Command::Admin(AdminCommand::Add { username, name }) => {
            let (password, generated) = read_password()?;
            let secret = add_staff(
                &*store,
                &secrets,
                &username,
                &name,
                StaffRole::Admin,
                &password,
                clock.as_ref(),
            )
            .await?;
            println!("Admin {username:?} added.");
            if generated {
                println!("Password (shown once): {password}");
            }
            print_totp(&username, &secret);
            Ok(())
        }
        Command::Admin(AdminCommand::ResetTotp { username }) => {
            let staff = store
                .staff_by_username(&username.trim().to_lowercase())
                .await?
                .with_context(|| format!("no staff member named {username:?}"))?;
            let secret = totp::new_secret()?;
            let sealed = secrets.seal(&secret, &staff.username)?;
            store.reset_staff_totp(&staff.id, &sealed).await?;
            println!("The TOTP seed of {username:?} was replaced.");
            print_totp(&staff.username, &secret);
            Ok(())
        }
        Command::Bench(_) => unreachable!("handled before the database is opened"),
    }
}

async fn breach(
    store: &dyn Store,
    clock: &dyn Clock,
    command: BreachCommand,
) -> anyhow::Result<()> {
    match command {
        BreachCommand::Record {
            what,
            found_at,
            reported_at,
            affected,
        } => {
            let id = crate::domain::breach::record(
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
            let at = crate::domain::breach::parse_time(&at)?;
            if !store.mark_breach_reported(&id, at, None).await? {
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
                println!("{}", crate::domain::breach::describe(b, clock.unix()));
            }
        }
    }
    Ok(())
}

/// The password: the first line of standard input; at a terminal, asked for
/// without echo (an empty answer generates a strong one, printed once). The
/// bool says whether it was generated.
fn read_password() -> anyhow::Result<(String, bool)> {
    use std::io::{BufRead as _, IsTerminal as _, Write as _};
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    if terminal {
        print!("Password (at least 12 characters; empty: generate one): ");
        std::io::stdout().flush()?;
        set_echo(false);
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if terminal {
        set_echo(true);
        println!();
    }
    read?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if terminal && password.is_empty() {
        return Ok((password::generate()?, true));
    }
    Ok((password, false))
}

/// Turns the terminal's echo off or on (Unix `stty`; elsewhere a no-op).
fn set_echo(on: bool) {
    let _ = std::process::Command::new("stty")
        .arg(if on { "echo" } else { "-echo" })
        .stdin(std::process::Stdio::inherit())
        .status();
}

fn print_totp(username: &str, secret: &str) {
    println!("TOTP seed (add it to an authenticator app; it is asked for at sign-in):");
    println!("  secret: {secret}");
    println!("  uri:    {}", totp::otpauth_uri(secret, username));
}

/// Adds a staff account; returns its TOTP seed.
pub async fn add_staff(
    store: &dyn Store,
    secrets: &SecretBox,
    username: &str,
    name: &str,
    role: StaffRole,
    password: &str,
    clock: &dyn Clock,
) -> anyhow::Result<String> {
    let username = text::username(username)?;
    let name = Field::one_line("the name", text::NAME).required(name)?;
    if store.staff_by_username(&username).await?.is_some() {
        bail!("the user name {username:?} is taken");
    }
    password::check_policy(password, &username)?;
    let hash = password::hash(password).await?;
    let secret = totp::new_secret()?;
    store
        .create_staff(
            NewStaffRow {
                username: &username,
                display_name: &name,
                role,
                password_hash: &hash,
                totp_secret: &secrets.seal(&secret, &username)?,
            },
            clock.unix(),
            None,
        )
        .await?;
    Ok(secret)
}

fn parse_date(value: &str) -> anyhow::Result<Date> {
    Ok(text::date(value)?)
}

fn format_date(date: Date) -> String {
    date.format(&Iso8601::DATE).unwrap_or_default()
}

/// Adds a participant with every module released, and returns the
/// access code to hand over (it is shown once; only its hash is stored).
pub async fn add_participant(
    store: &dyn Store,
    programme_id: &str,
    name: &str,
    clock: &dyn Clock,
) -> anyhow::Result<(String, String)> {
    crate::domain::organisation::require_complete(store)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let name = Field::one_line("the name", text::NAME).required(name)?;
    let (code, hash) = auth::new_access_code()?;
    let released = instrument::modules();
    let id = store
        .create_participant(
            programme_id,
            &name,
            None,
            &hash,
            &released,
            &crate::db::Minority::default(),
            clock.unix(),
            None,
        )
        .await?;
    Ok((code, id))
}

async fn organisation(
    store: &dyn Store,
    clock: &dyn Clock,
    settings: NoticeSettings,
    command: OrganisationCommand,
) -> anyhow::Result<()> {
    let mut profile = crate::domain::organisation::load(store).await?;
    if let OrganisationCommand::Set(args) = command {
        apply(&mut profile, *args)?;
        profile = crate::domain::organisation::validate(&profile)?;
        store.save_organisation(&profile, clock.unix()).await?;
        notice::sync(store, settings, clock.unix())
            .await
            .map_err(|e| anyhow::anyhow!("privacy notice: {e}"))?;
        println!("Saved.");
    }
    // JSON escapes C0 controls but not C1 ones or bidi overrides, and the
    // profile may predate the text rule: each line goes through the escape.
    for line in serde_json::to_string_pretty(&profile)?.lines() {
        println!("{}", text::for_terminal(line));
    }
    let missing = profile.missing();
    if missing.is_empty() {
        println!("The profile is complete: participants can be invited.");
    } else {
        println!(
            "Still missing (no participant can be invited until it is filled in): {}",
            serde_json::to_string(&missing)?
        );
    }
    Ok(())
}

async fn notice_command(
    store: &dyn Store,
    clock: &dyn Clock,
    settings: NoticeSettings,
    command: NoticeCommand,
) -> anyhow::Result<()> {
    if let NoticeCommand::Publish { lang, file } = command {
        let lang = Lang::from_tag(&lang).with_context(|| format!("no language {lang:?}"))?;
        let source = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let version = notice::publish(store, lang, &source, settings, clock.unix(), None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!(
            "Published version {version}; participants are asked again at their next sign-in."
        );
        return Ok(());
    }
    let current = notice::current_version(store).await?;
    if current == 0 {
        println!(
            "No privacy notice is published yet: it is published once the organisation's profile is complete."
        );
        return Ok(());
    }
    println!("Current version: {current}");
    for row in store.notice_texts(current).await? {
        println!(
            "  {}: {:?}, {} characters, SHA-256 {}",
            row.lang.tag(),
            row.origin,
            row.text.chars().count(),
            row.hash
        );
    }
    Ok(())
}

/// Copies the fields given on the command line into `profile`.
fn apply(profile: &mut OrganisationProfile, args: ProfileArgs) -> anyhow::Result<()> {
    let set = |field: &mut String, value: Option<String>| {
        if let Some(value) = value {
            // A literal "\n" on the command line is a line break.
            *field = value.replace("\\n", "\n");
        }
    };
    set(&mut profile.controller_name, args.controller_name);
    set(&mut profile.controller_address, args.controller_address);
    set(&mut profile.controller_contact, args.controller_contact);
    set(&mut profile.dpo_name, args.dpo_name);
    set(&mut profile.dpo_contact, args.dpo_contact);
    set(&mut profile.agency_name, args.agency_name);
    set(&mut profile.authority_name, args.authority_name);
    set(&mut profile.authority_contact, args.authority_contact);
    set(
        &mut profile.legal_basis_reference,
        args.legal_basis_reference,
    );
    set(&mut profile.help_contact, args.help_contact);
    set(&mut profile.public_url, args.public_url);
    if let Some(basis) = args.counselling_basis {
        profile.counselling_basis = serde_json::from_value(serde_json::Value::String(basis))
            .context(
                "--counselling-basis is one of consent, contract, legal_obligation, public_task",
            )?;
    }
    if let Some(basis) = args.health_basis {
        profile.health_basis = serde_json::from_value(serde_json::Value::String(basis))
            .context("--health-basis is one of explicit_consent, social_protection_law")?;
    }
    Ok(())
}

/// Creates the demo programme and participants once; on every run prints fresh
/// access codes for them (the old ones stop working, since only hashes are kept).
async fn demo(
    config: &Config,
    store: &dyn Store,
    secrets: &SecretBox,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    let today: OffsetDateTime = clock.now();
    // A clearly fictional profile, unless the organisation has its own.
    if store.organisation().await?.is_none() {
        let mut profile = crate::domain::organisation::demo();
        profile.public_url = format!("http://{}", config.addr());
        store.save_organisation(&profile, clock.unix()).await?;
        notice::sync(store, NoticeSettings::from_config(config), clock.unix())
            .await
            .map_err(|e| anyhow::anyhow!("privacy notice: {e}"))?;
    }
    let programme = if let Some(p) = store.programme_by_name(DEMO_PROGRAMME).await? {
        p
    } else {
        let starts = format_date(today.date() - Duration::days(30));
        let ends = format_date(today.date() + Duration::days(150));
        store
            .create_programme(DEMO_PROGRAMME, &starts, &ends, clock.unix(), None)
            .await?
    };
    let existing = store.participants_in_programme(&programme.id).await?;
    let mut sign_ins = Vec::new();
    for name in DEMO_PARTICIPANTS {
        let code = if let Some(p) = existing.iter().find(|p| p.display_name == name) {
            let (code, hash) = auth::new_access_code()?;
            store.reissue_access_code(&p.id, &hash, None).await?;
            code
        } else {
            add_participant(store, &programme.id, name, clock).await?.0
        };
        sign_ins.push((name, code));
    }
    let staff = demo_staff(
        store,
        secrets,
        &existing_ids(store, &programme.id).await?,
        clock,
    )
    .await?;
    println!(
        "Demo data is ready in {}",
        config.database_url_for_display()
    );
    println!("Demo sign-ins (participant access codes, renewed on every run):");
    for (name, code) in sign_ins {
        println!("  {name:<12} {code}");
    }
    println!("Demo staff sign-ins at /staff (password, then a code from an authenticator");
    println!("app set up with the TOTP seed; renewed on every run):");
    for (username, password, secret) in staff {
        println!("  {username:<16} password {password}  TOTP seed {secret}");
    }
    Ok(())
}

async fn existing_ids(store: &dyn Store, programme_id: &str) -> anyhow::Result<Vec<String>> {
    Ok(store
        .participants_in_programme(programme_id)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// The demo admin and counsellor with fresh passwords and TOTP seeds; the demo
/// participants are assigned to the counsellor.
async fn demo_staff(
    store: &dyn Store,
    secrets: &SecretBox,
    participants: &[String],
    clock: &dyn Clock,
) -> anyhow::Result<Vec<(&'static str, String, String)>> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for (username, name, role) in [
        ("demo-admin", "Demo Admin", StaffRole::Admin),
        ("demo-counsellor", "Demo Counsellor", StaffRole::Counsellor),
    ] {
        let password = password::generate()?;
        let hash = password::hash(&password).await?;
        let secret = totp::new_secret()?;
        let sealed = secrets.seal(&secret, username)?;
        let id = if let Some(existing) = store.staff_by_username(username).await? {
            store.set_staff_password(&existing.id, &hash, "").await?;
            store.reset_staff_totp(&existing.id, &sealed).await?;
            existing.id
        } else {
            store
                .create_staff(
                    NewStaffRow {
                        username,
                        display_name: name,
                        role,
                        password_hash: &hash,
                        totp_secret: &sealed,
                    },
                    clock.unix(),
                    None,
                )
                .await?
        };
        ids.push(id);
        out.push((username, password, secret));
    }
    if let [admin, counsellor] = ids.as_slice() {
        for participant in participants {
            let audit = crate::db::AuditEvent {
                actor_id: admin.clone(),
                acting_for: None,
                participant_id: Some(participant.clone()),
                action: lotse_shared::api::AuditAction::ParticipantAssign,
                at: clock.unix(),
            };
            if store
                .participant_reach(participant)
                .await?
                .and_then(|r| r.counsellor_id)
                .as_ref()
                != Some(counsellor)
            {
                store
                    .update_participant(participant, Some(Some(counsellor)), None, &audit)
                    .await?;
            }
        }
    }
    Ok(out)
}
