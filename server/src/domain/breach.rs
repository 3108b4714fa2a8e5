//! The breach register: what happened, when it was found, when it was reported
//! and how many people are affected, so an admin can meet the duty to notify
//! the supervisory authority within 72 hours (GDPR Art. 33). Used through
//! `lotse breach` at the server and the office dashboard (`/api/v1/staff/breaches`).

use anyhow::{Context as _, bail};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::db::{BreachRow, Store};
use crate::domain::text::{self, Field, TextError, for_terminal};

/// The notification deadline after a breach is found.
pub const DEADLINE_SECS: i64 = 72 * 3600;

/// Parses a time given on the command line: RFC 3339 (`2026-11-23T09:30:00+01:00`)
/// or `YYYY-MM-DDTHH:MM` / `YYYY-MM-DD HH:MM`, taken as UTC.
pub fn parse_time(value: &str) -> anyhow::Result<i64> {
    if let Ok(t) = OffsetDateTime::parse(value, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let normalized = value.trim().replacen(' ', "T", 1);
    PrimitiveDateTime::parse(
        &normalized,
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    )
    .map(|t| t.assume_utc().unix_timestamp())
    .with_context(|| format!("{value:?} is not a time (use 2026-11-23T09:30 (UTC) or RFC 3339)"))
}

fn show(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

/// Checks and records a breach; returns its id.
pub async fn record(
    store: &dyn Store,
    what: &str,
    found_at: &str,
    reported_at: Option<&str>,
    affected: i64,
    now: i64,
) -> anyhow::Result<String> {
    let found = parse_time(found_at)?;
    let reported = reported_at.map(parse_time).transpose()?;
    let what = match check(what, found, reported, affected, now) {
        Ok(what) => what,
        Err(problem) => bail!("{problem}"),
    };
    Ok(store
        .record_breach(&what, found, reported, affected, now, None)
        .await?)
}

/// The earliest time a breach may be dated: older is a typo (Lotse did not
/// exist then), and a date like the year -1199 would sort and count wrongly.
pub const EARLIEST: i64 = 946_684_800; // 2000-01-01T00:00Z

/// Why a breach record cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BreachProblem {
    #[error("describe what happened")]
    NoDescription,
    #[error(transparent)]
    Description(#[from] TextError),
    #[error("a breach cannot have been found or reported before 2000")]
    TooEarly,
    #[error("the time it was reported lies in the future")]
    ReportedInFuture,
    #[error("the number of affected people cannot be negative")]
    NegativeCount,
    #[error("the time it was found lies in the future")]
    FoundInFuture,
    #[error("it cannot have been reported before it was found")]
    ReportedBeforeFound,
}

/// The rules for a breach record, shared by the CLI and the dashboard;
/// gives the description in its stored form.
pub fn check(
    what: &str,
    found: i64,
    reported: Option<i64>,
    affected: i64,
    now: i64,
) -> Result<String, BreachProblem> {
    let what = Field::lines("the description", text::FREE_TEXT).clean(what)?;
    if what.is_empty() {
        return Err(BreachProblem::NoDescription);
    }
    if found < EARLIEST || reported.is_some_and(|r| r < EARLIEST) {
        return Err(BreachProblem::TooEarly);
    }
    if affected < 0 {
        return Err(BreachProblem::NegativeCount);
    }
    if found > now {
        return Err(BreachProblem::FoundInFuture);
    }
    if reported.is_some_and(|r| r < found) {
        return Err(BreachProblem::ReportedBeforeFound);
    }
    if reported.is_some_and(|r| r > now) {
        return Err(BreachProblem::ReportedInFuture);
    }
    Ok(what)
}

/// One line of `lotse breach list`, with the 72-hour deadline.
pub fn describe(b: &BreachRow, now: i64) -> String {
    let deadline = b.found_at + DEADLINE_SECS;
    let state = match b.reported_at {
        Some(r) if r <= deadline => format!("reported {}", show(r)),
        Some(r) => format!("reported {} (after the 72-hour deadline)", show(r)),
        None if now <= deadline => format!(
            "OPEN: report by {} ({} h left)",
            show(deadline),
            (deadline - now) / 3600
        ),
        None => format!(
            "OPEN: deadline {} passed {} h ago, report now",
            show(deadline),
            (now - deadline) / 3600
        ),
    };
    format!(
        "{}  found {}  affected {}  {}\n    {}",
        b.id,
        show(b.found_at),
        b.affected,
        state,
        for_terminal(&b.what)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(found_at: i64, reported_at: Option<i64>) -> BreachRow {
        BreachRow {
            id: "b1".into(),
            what: "a laptop was stolen".into(),
            found_at,
            reported_at,
            affected: 3,
            recorded_at: found_at,
            measures: String::new(),
            consequences: String::new(),
            contact: String::new(),
            message: String::new(),
            notified_at: None,
        }
    }

    #[test]
    fn parses_both_time_forms() {
        assert_eq!(parse_time("2026-11-23T12:00").unwrap(), 1_795_435_200);
        assert_eq!(parse_time("2026-11-23 12:00").unwrap(), 1_795_435_200);
        assert_eq!(
            parse_time("2026-11-23T13:00:00+01:00").unwrap(),
            1_795_435_200
        );
        assert!(parse_time("yesterday").is_err());
    }

    #[test]
    fn shows_the_72_hour_deadline() {
        let found = 1_795_435_200;
        let open = describe(&row(found, None), found + 10 * 3600);
        assert!(
            open.contains("OPEN: report by 2026-11-26 12:00 UTC (62 h left)"),
            "{open}"
        );
        let late = describe(&row(found, None), found + 80 * 3600);
        assert!(late.contains("passed 8 h ago"), "{late}");
        let done = describe(&row(found, Some(found + 3600)), found + 80 * 3600);
        assert!(done.contains("reported 2026-11-23 13:00 UTC") && !done.contains("OPEN"));
        let after = describe(&row(found, Some(found + 73 * 3600)), found + 80 * 3600);
        assert!(after.contains("after the 72-hour deadline"));
    }

    #[test]
    fn refuses_implausible_records() {
        let now = 1_795_435_200;
        let found = now - 3600;
        assert_eq!(
            check("  lost  ", found, None, 1, now).as_deref(),
            Ok("lost")
        );
        for (what, found, reported, expected) in [
            ("", found, None, BreachProblem::NoDescription),
            ("lost", -99_999_999_999, None, BreachProblem::TooEarly),
            (
                "lost",
                found,
                Some(now + 60),
                BreachProblem::ReportedInFuture,
            ),
            (
                "lost\u{1b}[2J",
                found,
                None,
                BreachProblem::Description(TextError::Control {
                    field: "the description",
                }),
            ),
        ] {
            assert_eq!(check(what, found, reported, 1, now), Err(expected));
        }
        let long = "x".repeat(text::FREE_TEXT + 1);
        assert!(matches!(
            check(&long, found, None, 1, now),
            Err(BreachProblem::Description(TextError::TooLong { .. }))
        ));
    }

    #[test]
    fn the_list_never_sends_controls_to_the_terminal() {
        let mut b = row(1_795_435_200, None);
        b.what = "x\u{1b}]0;owned\u{7}\u{202e}y".into();
        let line = describe(&b, 1_795_435_200);
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{202e}'),
            "{line}"
        );
        assert!(line.contains("x\\u{1b}]0;owned"), "{line}");
    }

    proptest::proptest! {
        /// A time typed at the command line is a time or an error, never a panic.
        #[test]
        fn parsing_any_time_is_total(value in "[0-9T: +-]{0,30}|.{0,30}") {
            let _ = parse_time(&value);
        }
    }
}
