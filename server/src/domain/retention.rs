//! The retention job: deletes personal data when its time is up (never while
//! a legal hold lasts), removes IP addresses from the request log after 7
//! days and clears expired sessions.
//!
//! Each kind of data has its own period ([`Policy`]): questionnaire results,
//! health-related results, competences, agency reports and the audit trail
//! each go when theirs is over; the participant record, and with it
//! everything else, when the longest is. Periods run from the programme end,
//! or an earlier exit, so correcting a programme's dates moves every
//! deletion day with it.
//!
//! [`purge`] does the work for the clock it is given, so tests call it directly
//! at exact boundaries; the server runs it hourly ([`spawn_scheduler`]) and
//! `lotse purge [--dry-run]` runs it once. Each participant is erased in their
//! own transaction, so an interrupted run leaves whole participants, never
//! half of one, and the next run simply continues (idempotent). Participants
//! are read in pages of [`BATCH`], so memory stays bounded however many there
//! are. With several instances on one database, the scheduler runs the job on
//! one of them at a time: it holds a lease in the database, renewed per page,
//! that lapses by itself if its holder dies.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use time::format_description::well_known::Iso8601;
use time::{Date, Month, OffsetDateTime};

use lotse_shared::api::RetentionCategory;

use crate::auth::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Db, DbError, ErasureReason, Store};

/// Participants read per page.
pub const BATCH: u32 = 500;
/// The job's lease in `job_leases`, and how long one lasts without renewal.
pub const LEASE: &str = "retention";
const LEASE_SECS: i64 = 15 * 60;

/// How long the request log keeps an IP address.
pub const IP_RETENTION_SECS: i64 = 7 * 86_400;

/// How often the server runs the retention job.
pub const SCHEDULE: Duration = Duration::from_hours(1);

/// The kinds of data deleted on their own schedule, before the record.
pub const CATEGORIES: [RetentionCategory; 5] = [
    RetentionCategory::CounsellingResults,
    RetentionCategory::HealthResults,
    RetentionCategory::Competences,
    RetentionCategory::AgencyReports,
    RetentionCategory::AuditTrail,
];

/// How many months after the programme end (or an earlier exit) each kind
/// of data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Per entry of [`CATEGORIES`].
    months: [u32; 5],
    /// The participant record: never shorter than any category, since every
    /// category's rows belong to it.
    record: u32,
    /// Answered rights requests and told recipient notices, from the day
    /// they were answered or told (they outlive the participant).
    requests: u32,
}

impl Policy {
    /// Every category kept `months`.
    pub const fn uniform(months: u32) -> Self {
        Self {
            months: [months; 5],
            record: months,
            requests: crate::config::DEFAULT_REQUEST_RECORD_MONTHS,
        }
    }

    /// The preset, with the per-category settings over it.
    pub fn from_config(config: &Config) -> Self {
        let preset = config.retention_preset.months(config.retention_months);
        let overrides = [
            config.retention_counselling_results_months,
            config.retention_health_results_months,
            config.retention_competences_months,
            config.retention_agency_reports_months,
            config.retention_audit_trail_months,
        ];
        let months = overrides.map(|o| o.unwrap_or(preset));
        Self {
            months,
            record: months.iter().copied().fold(preset, u32::max),
            requests: config.retention_rights_requests_months,
        }
    }

    /// Months `category` is kept; the record's for a category not deleted on
    /// its own.
    pub fn months(&self, category: RetentionCategory) -> u32 {
        if category == RetentionCategory::RightsRequests {
            return self.requests;
        }
        CATEGORIES
            .iter()
            .position(|c| *c == category)
            .map_or(self.record, |i| self.months[i])
    }

    /// Months the participant record (and all else) is kept.
    pub const fn record_months(&self) -> u32 {
        self.record
    }
}

/// What a run deleted (or, on a dry run, would delete). Counts only: the report
/// itself must not become a list of people.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub dry_run: bool,
    /// Participants erased, per programme name.
    pub participants: BTreeMap<String, u64>,
    /// Participants whose time was up but who are under a legal hold, per
    /// programme name: kept until it is lifted.
    pub held: BTreeMap<String, u64>,
    /// Participants whose data of a category went before their record did.
    pub categories: BTreeMap<&'static str, u64>,
    pub request_log_ips: u64,
    pub sessions: u64,
    /// Answered rights requests and told recipient notices past their period.
    pub rights_records: u64,
}

impl PurgeReport {
    pub fn participants_total(&self) -> u64 {
        self.participants.values().sum()
    }
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.dry_run {
            "would delete"
        } else {
            "deleted"
        };
        writeln!(
            f,
            "Retention: {verb} the personal data of {} participant(s).",
            self.participants_total()
        )?;
        for (programme, n) in &self.participants {
            writeln!(f, "  programme {programme:?}: {n}")?;
        }
        for (category, n) in &self.categories {
            writeln!(
                f,
                "  {category}: {verb} for {n} participant(s) before their record"
            )?;
        }
        if !self.held.is_empty() {
            writeln!(
                f,
                "Legal hold: kept {} participant(s) whose time is up.",
                self.held.values().sum::<u64>()
            )?;
            for (programme, n) in &self.held {
                writeln!(f, "  programme {programme:?}: {n}")?;
            }
        }
        writeln!(
            f,
            "Request log: {verb} the IP address of {} line(s) older than 7 days.",
            self.request_log_ips
        )?;
        writeln!(
            f,
            "Rights requests: {verb} {} answered request(s) and told recipient notice(s) past their period.",
            self.rights_records
        )?;
        write!(f, "Sessions: {verb} {} expired session(s).", self.sessions)
    }
}

/// `date` plus `months` calendar months; the day is clamped to the month's
/// length (31 August + 6 months = 28/29 February).
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    shift_months(date, i64::from(months))
}

/// The instant `months` calendar months before `now` (unix seconds): a
/// record closed before it has been kept its full period.
fn months_before(now: OffsetDateTime, months: u32) -> Option<i64> {
    let day = shift_months(now.date(), -i64::from(months))?;
    Some(now.replace_date(day).unix_timestamp())
}

fn shift_months(date: Date, months: i64) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

fn parse_date(value: &str) -> Option<Date> {
    Date::parse(value, &Iso8601::DATE).ok()
}

/// The first day on which a participant's data is deleted: `months` after the
/// programme's end, or after their exit if that is earlier. `None` if a date is
/// unreadable (such a row is kept and reported in the log, never guessed at).
pub fn deletion_day(ends_on: &str, exit_on: Option<&str>, months: u32) -> Option<Date> {
    let end = parse_date(ends_on)?;
    let base = match exit_on {
        Some(exit) => parse_date(exit)?.min(end),
        None => end,
    };
    add_months(base, months)
}

/// Applies the retention policy once, at the clock's current time.
pub async fn purge(
    store: &dyn Store,
    clock: &dyn Clock,
    policy: &Policy,
    dry_run: bool,
) -> Result<PurgeReport, DbError> {
    purge_while(store, clock, policy, dry_run, || async { Ok(true) }).await
}

/// [`purge`], asking `go_on` before each page (the scheduler renews its lease
/// there and stops when it lost it).
async fn purge_while<F, Fut>(
    store: &dyn Store,
    clock: &dyn Clock,
    policy: &Policy,
    dry_run: bool,
    mut go_on: F,
) -> Result<PurgeReport, DbError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool, DbError>>,
{
    let now = clock.now();
    let today = now.date();
    let mut report = PurgeReport {
        dry_run,
        ..PurgeReport::default()
    };
    let mut after: Option<String> = None;
    loop {
        if !go_on().await? {
            return Ok(report);
        }
        let page = store.retention_batch(after.as_deref(), BATCH).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        erase_due(store, clock, policy, dry_run, today, page, &mut report).await?;
    }
    let unix = clock.unix();
    report.request_log_ips = store
        .expire_request_log_ips(unix - IP_RETENTION_SECS, dry_run)
        .await?;
    report.sessions = store
        .delete_expired_sessions(unix - ABSOLUTE_TIMEOUT, unix - IDLE_TIMEOUT, dry_run)
        .await?;
    if let Some(before) = months_before(now, policy.months(RetentionCategory::RightsRequests)) {
        report.rights_records = store.expire_rights_records(before, dry_run).await?;
    }
    if !dry_run {
        store.prune_rate_limits(unix).await?;
        // Deleted bytes leave the files too (also after erasures done
        // elsewhere whose own clean-up could not finish).
        store.after_erasure().await?;
    }
    Ok(report)
}

async fn erase_due(
    store: &dyn Store,
    clock: &dyn Clock,
    policy: &Policy,
    dry_run: bool,
    today: Date,
    page: Vec<crate::db::RetentionRow>,
    report: &mut PurgeReport,
) -> Result<(), DbError> {
    for row in page {
        let due = |months| deletion_day(&row.ends_on, row.exit_on.as_deref(), months);
        let Some(day) = due(policy.record_months()) else {
            tracing::warn!("retention: a participant has an unreadable date; kept");
            continue;
        };
        if today < day {
            if !row.held {
                purge_categories(store, policy, dry_run, today, &row, report).await?;
            }
            continue;
        }
        if row.held {
            *report.held.entry(row.programme_name).or_default() += 1;
            continue;
        }
        let erased = if dry_run {
            true
        } else {
            store
                .erase_participant(&row.id, ErasureReason::Retention, clock.unix())
                .await?
                .is_some()
        };
        if erased {
            *report.participants.entry(row.programme_name).or_default() += 1;
        }
    }
    Ok(())
}

/// Deletes the kinds of data of one participant whose period is over while
/// the record's is not.
async fn purge_categories(
    store: &dyn Store,
    policy: &Policy,
    dry_run: bool,
    today: Date,
    row: &crate::db::RetentionRow,
    report: &mut PurgeReport,
) -> Result<(), DbError> {
    for category in CATEGORIES {
        let months = policy.months(category);
        if months >= policy.record_months() {
            continue;
        }
        let Some(day) = deletion_day(&row.ends_on, row.exit_on.as_deref(), months) else {
            continue;
        };
        if today >= day && store.purge_category(&row.id, category, dry_run).await? {
            *report
                .categories
                .entry(category_name(category))
                .or_default() += 1;
        }
    }
    Ok(())
}

/// The category as the report names it.
pub const fn category_name(category: RetentionCategory) -> &'static str {
    match category {
        RetentionCategory::CounsellingResults => "questionnaire results",
        RetentionCategory::HealthResults => "health-related results",
        RetentionCategory::Competences => "competences",
        RetentionCategory::AgencyReports => "agency reports",
        RetentionCategory::AuditTrail => "audit trail",
        _ => "participant record",
    }
}

/// One scheduled run as instance `holder`: `None` when another instance holds
/// the job's lease. The lease is renewed before every page; a run that lost it
/// (it stalled longer than the lease) stops at the next page.
pub async fn run_exclusive(
    store: &dyn Store,
    clock: &dyn Clock,
    policy: &Policy,
    holder: &str,
) -> Result<Option<PurgeReport>, DbError> {
    let renew = || async {
        let now = clock.unix();
        store
            .acquire_lease(LEASE, holder, now, now + LEASE_SECS)
            .await
    };
    if !renew().await? {
        return Ok(None);
    }
    let report = purge_while(store, clock, policy, false, renew).await;
    store.release_lease(LEASE, holder).await?;
    report.map(Some)
}

/// Runs the job now and then every [`SCHEDULE`], for as long as the server
/// runs, on whichever instance holds the lease.
pub fn spawn_scheduler(
    store: Db,
    clock: Arc<dyn Clock>,
    policy: Policy,
) -> tokio::task::JoinHandle<()> {
    let holder = crate::db::new_id();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(SCHEDULE);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match run_exclusive(&*store, clock.as_ref(), &policy, &holder).await {
                Ok(None) => tracing::debug!("retention job runs on another instance"),
                Ok(Some(report))
                    if report.participants_total() > 0 || report.request_log_ips > 0 =>
                {
                    tracing::info!(
                        participants = report.participants_total(),
                        ips = report.request_log_ips,
                        sessions = report.sessions,
                        "retention job ran"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::error!(?error, "retention job failed; retrying later"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_calendar_months_clamped_to_the_month_end() {
        assert_eq!(
            add_months(date!(2027 - 03 - 31), 6),
            Some(date!(2027 - 09 - 30))
        );
        assert_eq!(
            add_months(date!(2027 - 08 - 31), 6),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            add_months(date!(2026 - 11 - 15), 2),
            Some(date!(2027 - 01 - 15))
        );
    }

    #[test]
    fn an_earlier_exit_wins_a_later_one_does_not() {
        assert_eq!(
            deletion_day("2027-03-31", Some("2027-01-10"), 6),
            Some(date!(2027 - 07 - 10))
        );
        assert_eq!(
            deletion_day("2027-03-31", Some("2027-05-01"), 6),
            Some(date!(2027 - 09 - 30))
        );
        assert_eq!(deletion_day("not a date", None, 6), None);
    }
}
