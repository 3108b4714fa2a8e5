//! The one rule for text and dates that come from outside (the API, the
//! command line), and the one way stored text is shown on a terminal.
//!
//! Text is stored as people typed it only once it is plain: Unicode NFC (so
//! the same name written with a combining accent and with a precomposed one is
//! one name), trimmed, line breaks as `\n`, and free of what can take control
//! of whatever later shows it — C0/C1 control characters such as NUL or the
//! ESC that starts a terminal sequence, and the bidi embeddings, overrides and
//! isolates (U+202A–U+202E, U+2066–U+2069) that make a file name or a sum read
//! backwards. Bidi *marks* (U+200E, U+200F, U+061C) stay: Arabic and Hebrew
//! text needs them and they cannot reorder what follows a line.
//!
//! | field | kind | at most (characters) |
//! |---|---|---|
//! | names of people and programmes | one line | 100 ([`NAME`]) |
//! | skills | one line | 120 |
//! | staff user names | `[a-z0-9._-]` | 64 ([`username`]) |
//! | organisation profile fields | lines | 500 ([`PROFILE`]) |
//! | evidence, notes, report wording, breach description | lines | 4,000 ([`FREE_TEXT`]) |
//! | privacy notice source (markdown) | lines | 100,000 ([`NOTICE_SOURCE`]) |
//!
//! Dates are calendar dates written `YYYY-MM-DD` between [`FIRST_YEAR`] and
//! [`LAST_YEAR`]; a date-time, a week date or year 0000 is not a date.

use std::borrow::Cow;
use std::fmt::Write as _;

use time::{Date, Month};
use unicode_normalization::UnicodeNormalization as _;

/// Whether a field may hold line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    OneLine,
    Lines,
}

/// A field of outside text: what it is called in an error, its kind and its
/// longest length in characters (after normalisation).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub max: usize,
}

pub const NAME: usize = 100;
pub const PROFILE: usize = 500;
pub const FREE_TEXT: usize = 4000;
pub const NOTICE_SOURCE: usize = 100_000;

pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2199;

impl Field {
    pub const fn one_line(name: &'static str, max: usize) -> Self {
        Self {
            name,
            kind: Kind::OneLine,
            max,
        }
    }

    pub const fn lines(name: &'static str, max: usize) -> Self {
        Self {
            name,
            kind: Kind::Lines,
            max,
        }
    }

    /// The stored form of `value`, or why it cannot be stored. Empty is
    /// allowed here; whether a field may be empty is the caller's rule.
    pub fn clean(&self, value: &str) -> Result<String, TextError> {
        let normalised: String = value.replace("\r\n", "\n").nfc().collect();
        let trimmed = normalised.trim();
        for c in trimmed.chars() {
            if is_bidi_control(c) {
                return Err(TextError::Bidi { field: self.name });
            }
            if c == '\n' || c == '\r' {
                if self.kind == Kind::OneLine {
                    return Err(TextError::LineBreak { field: self.name });
                }
                if c == '\r' {
                    return Err(TextError::Control { field: self.name });
                }
            } else if c.is_control() && !(c == '\t' && self.kind == Kind::Lines) {
                return Err(TextError::Control { field: self.name });
            }
        }
        let length = trimmed.chars().count();
        if length > self.max {
            return Err(TextError::TooLong {
                field: self.name,
                max: self.max,
            });
        }
        Ok(trimmed.to_owned())
    }

    /// As [`Field::clean`], and not empty.
    pub fn required(&self, value: &str) -> Result<String, TextError> {
        let cleaned = self.clean(value)?;
        if cleaned.is_empty() {
            return Err(TextError::Empty { field: self.name });
        }
        Ok(cleaned)
    }
}

/// Why outside text is refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} may have at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field} must be a single line")]
    LineBreak { field: &'static str },
    #[error("{field} contains a control character")]
    Control { field: &'static str },
    #[error("{field} contains a character that reverses the writing direction")]
    Bidi { field: &'static str },
    #[error("user names have 2 to 64 letters, digits, dots, dashes or underscores")]
    Username,
    #[error("{value:?} is not a date (YYYY-MM-DD, {FIRST_YEAR} to {LAST_YEAR})")]
    Date { value: String },
}

/// Bidi embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A staff user name, lower-cased: 2 to 64 ASCII letters, digits, dots,
/// dashes or underscores (it is typed at sign-in and shown in the audit trail).
pub fn username(value: &str) -> Result<String, TextError> {
    let name = value.trim().to_ascii_lowercase();
    let fits = (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if fits {
        Ok(name)
    } else {
        Err(TextError::Username)
    }
}

/// A calendar date `YYYY-MM-DD` between [`FIRST_YEAR`] and [`LAST_YEAR`].
pub fn date(value: &str) -> Result<Date, TextError> {
    let refuse = || TextError::Date {
        value: value.chars().take(40).collect(),
    };
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(refuse());
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<i32>().map_err(|_| refuse());
    let year = number(0..4)?;
    let month = u8::try_from(number(5..7)?).map_err(|_| refuse())?;
    let day = u8::try_from(number(8..10)?).map_err(|_| refuse())?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(refuse());
    }
    let month = Month::try_from(month).map_err(|_| refuse())?;
    Date::from_calendar_date(year, month, day).map_err(|_| refuse())
}

/// Stored text as it may be printed on a terminal: control and bidi
/// characters (line breaks too, so one record stays one line) are written as
/// `\u{…}` escapes instead of being sent to the terminal. Text stored before
/// the rule above existed is the reason this is still needed.
pub fn for_terminal(value: &str) -> Cow<'_, str> {
    if !value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if c.is_control() || is_bidi_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: Field = Field::one_line("the name", 10);
    const MANY: Field = Field::lines("the notes", 10);

    #[test]
    fn plain_text_is_trimmed_and_kept() {
        assert_eq!(ONE.clean("  Ana  ").as_deref(), Ok("Ana"));
        assert_eq!(MANY.clean("a\r\nb\tc").as_deref(), Ok("a\nb\tc"));
    }

    #[test]
    fn text_is_stored_in_nfc() {
        // "é" as e + combining acute becomes the one precomposed character.
        assert_eq!(ONE.clean("Re\u{301}ka").as_deref(), Ok("R\u{e9}ka"));
        // Length counts the normalised form: ten decomposed letters fit.
        assert!(ONE.clean(&"e\u{301}".repeat(10)).is_ok());
    }

    #[test]
    fn controls_line_breaks_and_bidi_overrides_are_refused() {
        for (field, value, expected) in [
            (ONE, "a\0b", TextError::Control { field: "the name" }),
            (
                ONE,
                "a\u{1b}[31mb",
                TextError::Control { field: "the name" },
            ),
            (ONE, "a\u{85}b", TextError::Control { field: "the name" }),
            (ONE, "a\tb", TextError::Control { field: "the name" }),
            (ONE, "a\nb", TextError::LineBreak { field: "the name" }),
            (ONE, "a\rb", TextError::LineBreak { field: "the name" }),
            (MANY, "a\rb", TextError::Control { field: "the notes" }),
            (MANY, "a\u{7f}b", TextError::Control { field: "the notes" }),
            (ONE, "a\u{202e}gpj", TextError::Bidi { field: "the name" }),
            (MANY, "x\u{2066}y", TextError::Bidi { field: "the notes" }),
        ] {
            assert_eq!(field.clean(value), Err(expected), "{value:?}");
        }
        // Bidi marks are part of right-to-left writing, not an attack.
        assert!(ONE.clean("\u{5d0}\u{200f}b").is_ok());
    }

    #[test]
    fn lengths_are_bounded_and_required_fields_not_empty() {
        assert!(ONE.clean(&"x".repeat(10)).is_ok());
        assert_eq!(
            ONE.clean(&"x".repeat(11)),
            Err(TextError::TooLong {
                field: "the name",
                max: 10
            })
        );
        assert_eq!(
            ONE.required("   "),
            Err(TextError::Empty { field: "the name" })
        );
    }

    #[test]
    fn only_plausible_calendar_dates_are_dates() {
        assert_eq!(
            date("2026-02-28").ok(),
            Date::from_calendar_date(2026, Month::February, 28).ok()
        );
        for bad in [
            "0000-01-01",
            "1899-12-31",
            "2200-01-01",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-01T00:00",
            "2026-1-01",
            "+2026-01-01",
            "-1199-01-01",
            "2026-W01-1",
            "２０２６-01-01",
            "",
        ] {
            assert!(date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_terminal_gets_escapes_instead_of_controls() {
        assert_eq!(for_terminal("plain"), Cow::Borrowed("plain"));
        assert_eq!(
            for_terminal("a\u{1b}[2Jb\nc\u{202e}d"),
            "a\\u{1b}[2Jb\\u{a}c\\u{202e}d"
        );
    }

    proptest::proptest! {
        /// Any outside text either is refused with a typed error or comes
        /// back plain: within its length, free of controls (but the line
        /// breaks and tabs a multi-line field may hold) and bidi overrides,
        /// normalised, and unchanged when cleaned again.
        #[test]
        fn cleaning_any_text_is_total_and_idempotent(value in "\\PC{0,12}|(.|[\\x00-\\x1f\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\r\\n\\t]){0,12}", multi in proptest::bool::ANY) {
            let field = if multi { MANY } else { ONE };
            if let Ok(clean) = field.clean(&value) {
                proptest::prop_assert!(clean.chars().count() <= field.max);
                proptest::prop_assert!(clean.chars().all(|c| !is_bidi_control(c)
                    && (!c.is_control() || (multi && (c == '\n' || c == '\t')))));
                proptest::prop_assert_eq!(field.clean(&clean), Ok(clean.clone()));
            }
        }

        /// Any string is a date or a typed refusal; an accepted date is
        /// written exactly as it was given.
        #[test]
        fn parsing_any_date_is_total(value in "[0-9+-]{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}|.{0,12}") {
            if let Ok(d) = date(&value) {
                let shown = format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
                proptest::prop_assert_eq!(shown, value);
            }
        }

        #[test]
        fn user_names_are_total(value in ".{0,70}") {
            if let Ok(name) = username(&value) {
                proptest::prop_assert_eq!(username(&name), Ok(name.clone()));
            }
        }
    }
}
