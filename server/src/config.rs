//! All configuration in one struct, from command-line flags or `LOTSE_*`
//! environment variables. The one secret is a password inside a PostgreSQL
//! URL: `Debug` and every printed message show the URL without it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The `lotse` command line.
#[derive(Debug, Parser)]
#[command(
    name = "lotse",
    version,
    about = "Lotse: privacy-first competence assessment"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; `serve` when nothing is given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (runs pending migrations first).
    Serve,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Create demo data (once) and print fresh demo sign-ins.
    Demo,
    /// Manage participants.
    #[command(subcommand)]
    Participant(ParticipantCommand),
    /// Manage programmes.
    #[command(subcommand)]
    Programme(ProgrammeCommand),
    /// The organisation's profile (controller, data protection officer,
    /// agency, supervisory authority, legal basis, help contact, address).
    #[command(subcommand)]
    Organisation(OrganisationCommand),
    /// The privacy notice: show the published version, or publish a new one.
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// Apply the retention policy now: delete personal data whose time is up,
    /// IP addresses older than 7 days and expired sessions.
    Purge {
        /// Only report what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
    /// The breach register (72-hour notification duty).
    #[command(subcommand)]
    Breach(BreachCommand),
    /// Manage staff accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// What `scripts/bench` drives (see `bench.rs`).
    #[command(subcommand, hide = true)]
    Bench(crate::bench::BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Record a personal-data breach.
    Record {
        /// What happened.
        #[arg(long)]
        what: String,
        /// When it was found: 2026-11-23T09:30 (UTC) or RFC 3339.
        #[arg(long)]
        found_at: String,
        /// When it was reported to the supervisory authority, if already done.
        #[arg(long)]
        reported_at: Option<String>,
        /// How many people are affected.
        #[arg(long)]
        affected: i64,
    },
    /// Record when a breach was reported to the supervisory authority.
    Reported {
        /// The breach id from `lotse breach list`.
        #[arg(long)]
        id: String,
        /// 2026-11-23T09:30 (UTC) or RFC 3339.
        #[arg(long)]
        at: String,
    },
    /// List breaches with their 72-hour deadline.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Add an admin account. The password is the first line of standard input;
    /// at a terminal it is asked for without echo (empty: a strong one is
    /// generated and printed once). Prints the TOTP seed for an authenticator app.
    Add {
        #[arg(long)]
        username: String,
        /// The name shown in the dashboard and in participants' audit trail.
        #[arg(long)]
        name: String,
    },
    /// Replace a staff member's TOTP seed after a lost authenticator (the next
    /// sign-in enrols the new one). Only possible at the server's console.
    ResetTotp {
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ParticipantCommand {
    /// Add a participant to a programme and print their access code.
    Add {
        /// Name of the programme (see `lotse programme add`).
        #[arg(long)]
        programme: String,
        /// How the participant is addressed on screen.
        #[arg(long, default_value = "")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// The current version and its texts' hashes.
    Show,
    /// Publish a new version with this language's text from a file (Markdown
    /// with {{placeholders}} from the profile); the other languages stay as
    /// they are. Participants are asked again at their next sign-in.
    Publish {
        /// The language tag, e.g. de or en.
        #[arg(long)]
        lang: String,
        /// The Markdown file.
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrganisationCommand {
    /// Print the profile and what is still missing.
    Show,
    /// Set the fields given (the others stay as they are). Participants can
    /// be invited once every required field is filled.
    Set(Box<ProfileArgs>),
}

/// The fields of the organisation's profile; each is optional on the command line.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// The controller: the organisation responsible for the data.
    #[arg(long)]
    pub controller_name: Option<String>,
    /// Its postal address; separate lines with "\n".
    #[arg(long)]
    pub controller_address: Option<String>,
    /// Its e-mail address and/or phone number.
    #[arg(long)]
    pub controller_contact: Option<String>,
    /// The data protection officer's name.
    #[arg(long)]
    pub dpo_name: Option<String>,
    /// The data protection officer's e-mail address and/or phone number.
    #[arg(long)]
    pub dpo_contact: Option<String>,
    /// The employment agency as participants know it (e.g. "Jobcenter").
    #[arg(long)]
    pub agency_name: Option<String>,
    /// The supervisory authority for complaints.
    #[arg(long)]
    pub authority_name: Option<String>,
    /// How to reach the supervisory authority.
    #[arg(long)]
    pub authority_contact: Option<String>,
    /// consent, contract, legal_obligation or public_task (GDPR Art. 6(1)).
    #[arg(long)]
    pub counselling_basis: Option<String>,
    /// explicit_consent or social_protection_law (GDPR Art. 9(2)).
    #[arg(long)]
    pub health_basis: Option<String>,
    /// The national law a basis other than consent rests on (e.g. "§ 16 SGB II").
    #[arg(long)]
    pub legal_basis_reference: Option<String>,
    /// Whom participants can ask for help.
    #[arg(long)]
    pub help_contact: Option<String>,
    /// Where participants open Lotse, e.g. https://lotse.example.org
    #[arg(long)]
    pub public_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProgrammeCommand {
    /// Add a programme (a course or measure) with its dates.
    Add {
        #[arg(long)]
        name: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        starts_on: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        ends_on: String,
    },
}

/// Server configuration.
#[derive(Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "LOTSE_HOST", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), global = true)]
    pub host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "LOTSE_PORT", default_value_t = 8080, global = true)]
    pub port: u16,
    /// Folder for the SQLite database and other local state.
    #[arg(long, env = "LOTSE_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Database URL; defaults to `sqlite://<data-dir>/lotse.db`.
    #[arg(long, env = "LOTSE_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Set when Lotse is reached over HTTPS (directly or behind a TLS proxy):
    /// cookies get `Secure` and the `__Host-` prefix, responses get HSTS.
    #[arg(long, env = "LOTSE_TLS", default_value_t = false, global = true)]
    pub tls: bool,
    /// Months after the programme end (or an earlier exit) after which a
    /// participant's personal data is deleted.
    #[arg(long, env = "LOTSE_RETENTION_MONTHS", default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=120), global = true)]
    pub retention_months: u32,
    /// One of the retention rules an employment agency works by, for every
    /// kind of data at once: `months` (the months above), `five-years`,
    /// `ten-years`, `thirteen-years` (ESF-funded programmes) or
    /// `thirty-years`. The per-category settings below shorten or lengthen
    /// single kinds; the participant record is kept as long as the longest.
    #[arg(long, env = "LOTSE_RETENTION_PRESET", value_enum, default_value_t = RetentionPreset::Months, global = true)]
    pub retention_preset: RetentionPreset,
    /// Months questionnaire results (not health-related) are kept.
    #[arg(long, env = "LOTSE_RETENTION_COUNSELLING_RESULTS_MONTHS", value_parser = clap::value_parser!(u32).range(1..=360), global = true)]
    pub retention_counselling_results_months: Option<u32>,
    /// Months health-related results (the fit-for-work index) are kept.
    #[arg(long, env = "LOTSE_RETENTION_HEALTH_RESULTS_MONTHS", value_parser = clap::value_parser!(u32).range(1..=360), global = true)]
    pub retention_health_results_months: Option<u32>,
    /// Months recorded competences are kept.
    #[arg(long, env = "LOTSE_RETENTION_COMPETENCES_MONTHS", value_parser = clap::value_parser!(u32).range(1..=360), global = true)]
    pub retention_competences_months: Option<u32>,
    /// Months agency reports are kept.
    #[arg(long, env = "LOTSE_RETENTION_AGENCY_REPORTS_MONTHS", value_parser = clap::value_parser!(u32).range(1..=360), global = true)]
    pub retention_agency_reports_months: Option<u32>,
    /// Months a participant's audit trail is kept.
    #[arg(long, env = "LOTSE_RETENTION_AUDIT_TRAIL_MONTHS", value_parser = clap::value_parser!(u32).range(1..=360), global = true)]
    pub retention_audit_trail_months: Option<u32>,
    /// Months an answered rights request and a recipient notice once told
    /// are kept, as proof of how the request was handled (open ones always).
    /// 36 by default: the regular limitation period for claims in Germany.
    #[arg(long, env = "LOTSE_RETENTION_RIGHTS_REQUESTS_MONTHS", default_value_t = DEFAULT_REQUEST_RECORD_MONTHS, value_parser = clap::value_parser!(u32).range(1..=360), global = true)]
    pub retention_rights_requests_months: u32,
    /// Addresses of reverse proxies (e.g. the TLS terminator) whose
    /// `X-Forwarded-For` header is believed; from anyone else it is ignored.
    /// Comma-separated. Used to key the sign-in rate limits by client.
    #[arg(
        long = "trusted-proxy",
        env = "LOTSE_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// File with the key that seals TOTP seeds at rest (64 hex digits; created
    /// on first start). Defaults to `<data-dir>/secret.key`; keep it out of
    /// database backups.
    #[arg(long, env = "LOTSE_SECRET_KEY_FILE", global = true)]
    pub secret_key_file: Option<PathBuf>,
    /// Seconds without a request after which a session ends (30 minutes at
    /// most; shorter suits shared terminals). Participants are warned two
    /// minutes before, and answers on the page are kept when it happens.
    #[arg(long, env = "LOTSE_SESSION_IDLE_SECONDS", default_value_t = 1800, value_parser = clap::value_parser!(u32).range(10..=1800), global = true)]
    pub session_idle_seconds: u32,
    /// The smallest group the programme figures show a count for; smaller
    /// counts are withheld, so no figure points to a few people.
    #[arg(long, env = "LOTSE_STATISTICS_MIN_GROUP", default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=100), global = true)]
    pub statistics_min_group: u32,
    /// Months the office has to answer a rights request (GDPR Art. 12(3):
    /// one month; the deadline shown in the request register).
    #[arg(long, env = "LOTSE_REQUEST_DEADLINE_MONTHS", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3), global = true)]
    pub request_deadline_months: u8,
    /// The age from which a participant consents alone; below it a
    /// guardian's consent must be recorded before anything is stored
    /// (GDPR Art. 8 lets member states set 13 to 16).
    #[arg(long, env = "LOTSE_CONSENT_AGE", default_value_t = 16, value_parser = clap::value_parser!(u32).range(13..=18), global = true)]
    pub consent_age: u32,
    /// Log filter, e.g. `info` or `lotse_server=debug`.
    #[arg(long, env = "LOTSE_LOG", default_value = "info", global = true)]
    pub log: String,
}

impl Config {
    /// The socket address to bind.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// The database URL, defaulting to a SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("lotse.db").display()))
    }

    /// The database URL as it may be printed or logged: any password replaced.
    pub fn database_url_for_display(&self) -> String {
        redact_password(&self.database_url())
    }

    /// The sealing key file.
    pub fn secret_key_path(&self) -> PathBuf {
        self.secret_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("secret.key"))
    }

    /// A configuration for tests: in-memory defaults, no files.
    pub fn for_tests() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir: PathBuf::from("data"),
            database_url: Some("sqlite::memory:".into()),
            tls: false,
            retention_months: 6,
            retention_preset: RetentionPreset::Months,
            retention_counselling_results_months: None,
            retention_health_results_months: None,
            retention_competences_months: None,
            retention_agency_reports_months: None,
            retention_audit_trail_months: None,
            retention_rights_requests_months: DEFAULT_REQUEST_RECORD_MONTHS,
            trusted_proxies: Vec::new(),
            secret_key_file: None,
            session_idle_seconds: 1800,
            consent_age: 16,
            statistics_min_group: 5,
            request_deadline_months: 1,
            log: "warn".into(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url_for_display())
            .field("tls", &self.tls)
            .field("retention_months", &self.retention_months)
            .field("retention_preset", &self.retention_preset)
            .field(
                "retention_counselling_results_months",
                &self.retention_counselling_results_months,
            )
            .field(
                "retention_health_results_months",
                &self.retention_health_results_months,
            )
            .field(
                "retention_competences_months",
                &self.retention_competences_months,
            )
            .field(
                "retention_agency_reports_months",
                &self.retention_agency_reports_months,
            )
            .field(
                "retention_audit_trail_months",
                &self.retention_audit_trail_months,
            )
            .field(
                "retention_rights_requests_months",
                &self.retention_rights_requests_months,
            )
            .field("trusted_proxies", &self.trusted_proxies)
            .field("secret_key_file", &self.secret_key_file)
            .field("session_idle_seconds", &self.session_idle_seconds)
            .field("statistics_min_group", &self.statistics_min_group)
            .field("request_deadline_months", &self.request_deadline_months)
            .field("consent_age", &self.consent_age)
            .field("log", &self.log)
            .finish()
    }
}

/// Months answered rights requests are kept unless configured otherwise.
pub const DEFAULT_REQUEST_RECORD_MONTHS: u32 = 36;

/// A retention rule for every kind of data at once (the job centre's rules:
/// 5 years; 10 or 30 for some records; 13 years for ESF-funded programmes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RetentionPreset {
    /// `--retention-months` for everything.
    Months,
    FiveYears,
    TenYears,
    /// ESF-funded programmes keep their records 13 years.
    ThirteenYears,
    ThirtyYears,
}

impl RetentionPreset {
    /// The months it keeps everything for; `base` for [`Self::Months`].
    pub const fn months(self, base: u32) -> u32 {
        match self {
            Self::Months => base,
            Self::FiveYears => 60,
            Self::TenYears => 120,
            Self::ThirteenYears => 156,
            Self::ThirtyYears => 360,
        }
    }
}

/// `scheme://user:password@host/…` becomes `scheme://user:***@host/…`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split_once(':').map_or(credentials, |(u, _)| u);
            if user == credentials {
                url.to_owned()
            } else {
                format!("{scheme}://{user}:***@{host}{path}")
            }
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_leave_in_a_printed_url() {
        assert_eq!(
            redact_password("postgres://lotse:s3cret@db.example:5432/lotse"),
            "postgres://lotse:***@db.example:5432/lotse"
        );
        assert_eq!(
            redact_password("postgres://lotse@db/lotse"),
            "postgres://lotse@db/lotse"
        );
        assert_eq!(
            redact_password("sqlite://data/lotse.db"),
            "sqlite://data/lotse.db"
        );
        let mut config = Config::for_tests();
        config.database_url = Some("postgres://u:pw-123@h/d".into());
        assert!(!format!("{config:?}").contains("pw-123"));
    }
}
