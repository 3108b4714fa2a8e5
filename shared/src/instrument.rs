//! Instrument definitions: questionnaires as data, not code.
//!
//! Each instrument is one JSON file in `shared/instruments/`, embedded at compile
//! time and parsed once. The same definition drives the questionnaire screens and
//! scoring in the browser and the validation of uploaded aggregates on the server.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::api::AggregateSubmission;

/// Languages Lotse ships texts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[serde(rename = "de")]
    De,
    #[serde(rename = "en")]
    En,
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "bg")]
    Bg,
    /// Easy German (Einfache Sprache): German in short sentences and common
    /// words, tagged with a private-use subtag of German.
    #[serde(rename = "de-x-easy")]
    DeEasy,
}

impl Lang {
    /// Every supported language, in the order a picker lists them; each text
    /// must exist in all of them.
    pub const ALL: [Lang; 5] = [Lang::De, Lang::DeEasy, Lang::En, Lang::Nl, Lang::Bg];

    /// The BCP 47 tag, for `<html lang>` and file names.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
            Lang::Nl => "nl",
            Lang::Bg => "bg",
            Lang::DeEasy => "de-x-easy",
        }
    }

    /// The language's name for itself, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
            Lang::Nl => "Nederlands",
            Lang::Bg => "Български",
            Lang::DeEasy => "Deutsch – Einfache Sprache",
        }
    }

    /// Parses a BCP 47 tag: an exact tag first (`de-x-easy`), else loosely by
    /// its primary subtag (`de-AT` → German); unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        if let Some(exact) = Lang::ALL.into_iter().find(|l| l.tag() == tag) {
            return Some(exact);
        }
        let primary = tag.split('-').next()?;
        Lang::ALL
            .into_iter()
            .filter(|l| !l.tag().contains('-'))
            .find(|l| l.tag() == primary)
    }
}

/// A text in every supported language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<Lang, String>);

impl Text {
    /// The text in `lang`; falls back to English, then to nothing. The validator
    /// guarantees shipped instruments never need the fallback.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(&lang)
            .or_else(|| self.0.get(&Lang::En))
            .map_or("", String::as_str)
    }
}

/// A questionnaire definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable id, used in URLs and stored aggregates.
    pub id: String,
    /// Bumped whenever items, scales or scoring change.
    pub version: u32,
    pub title: Text,
    /// What the questionnaire is for, in plain language.
    pub purpose: Text,
    /// Who sees what of the result, in plain language.
    pub who_sees: Text,
    /// About how many minutes it takes.
    pub minutes: u8,
    /// The reminder that Lotse draws no conclusions: decisions are made in counselling.
    pub note: Text,
    /// The question shown above every item (e.g. "How well does this describe you?").
    pub prompt: Text,
    /// How the result is presented: a profile over several scales (default) or
    /// one overall index.
    #[serde(default)]
    pub report: ReportKind,
    /// Health data (GDPR Art. 9, the fit-for-work self-assessment): its
    /// results go to the agency only with a separate explicit consent for
    /// health data, apart from the consent to forward results. Lotse does not
    /// ask for that consent yet, so such results never go.
    #[serde(default)]
    pub health: bool,
    /// Labels of the response options, from 1 (first) to n (last).
    pub response_labels: Vec<Text>,
    pub items: Vec<Item>,
    pub scales: Vec<Scale>,
}

/// How an instrument's result is presented on the result page and in the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// One bar per scale.
    #[default]
    Profile,
    /// A single overall index (the instrument has exactly one scale).
    Index,
}

/// One statement the participant answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: Text,
    /// The scale this item counts towards.
    pub scale: String,
    /// Whether agreeing means *less* of the scale's construct.
    #[serde(default)]
    pub reverse: bool,
}

/// A reported result: the mean of its items, mapped to 0–100, and a band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub id: String,
    pub name: Text,
    /// What a high score on this scale means.
    pub description: Text,
    /// Fewer answered items than this and the scale is "not enough answers".
    pub min_answers: usize,
    /// Whether this result may go to the agency (with consent). mLevel never does.
    pub agency_shareable: bool,
    /// Set for a bipolar orientation (mLevel): what the two ends of the scale
    /// mean. Such a scale is shown as a position between two poles, not as "more
    /// is better".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poles: Option<Poles>,
    /// Bands in ascending order; together they cover 0–100 without gaps.
    pub bands: Vec<Band>,
}

/// The two ends of an orientation scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Poles {
    /// What a score of 0 means.
    pub low: Text,
    /// What a score of 100 means.
    pub high: Text,
}

/// A score range with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    /// Lowest score in this band (inclusive).
    pub from: u8,
    /// Highest score in this band (inclusive).
    pub to: u8,
    pub label: Text,
    pub explanation: Text,
}

/// The source of every shipped instrument, in the order the overview lists them.
pub(crate) const SOURCES: &[&str] = &[
    include_str!("../instruments/interests.json"),
    include_str!("../instruments/soft-skills.json"),
    include_str!("../instruments/motivation.json"),
    include_str!("../instruments/fit-for-work.json"),
];

/// All shipped instruments.
///
/// # Panics
/// If a shipped definition does not parse. The test suite parses every one, so
/// this cannot happen in a build that passed its tests.
pub fn all() -> &'static [Instrument] {
    static ALL: OnceLock<Vec<Instrument>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|src| serde_json::from_str(src).expect("shipped instrument definitions parse"))
            .collect()
    })
}

/// The shipped instrument with this id.
pub fn find(id: &str) -> Option<&'static Instrument> {
    all().iter().find(|i| i.id == id)
}

/// Module 2 of the method, "activities": not a questionnaire but the work
/// profile (what the person likes to do and can do, mobility, working
/// time), released, skipped and declined like a questionnaire.
pub const ACTIVITIES: &str = "activities";

/// The instrument that is module 1 (career orientation); the activities
/// module follows it.
const ORIENTATION: &str = "interests";

/// Every module a counsellor can release, in the method's order: the
/// questionnaires as they ship, with the activities right after career
/// orientation.
pub fn modules() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = all().iter().map(|i| i.id.as_str()).collect();
    let at = ids
        .iter()
        .position(|id| *id == ORIENTATION)
        .map_or(ids.len(), |i| i + 1);
    ids.insert(at, ACTIVITIES);
    ids
}

/// Whether `id` is a module a counsellor can release.
pub fn is_module(id: &str) -> bool {
    id == ACTIVITIES || find(id).is_some()
}

/// Why an uploaded aggregate was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error("unknown instrument `{0}`")]
    UnknownInstrument(String),
    #[error("instrument version {got} is not the current version {current}")]
    WrongVersion { got: u32, current: u32 },
    #[error("unknown scale `{0}`")]
    UnknownScale(String),
    #[error("scale `{0}` appears more than once")]
    DuplicateScale(String),
    #[error("scale `{0}` is missing")]
    MissingScale(String),
    #[error("score {score} of scale `{scale}` is outside 0–100")]
    ScoreOutOfRange { scale: String, score: u8 },
    #[error("band of scale `{0}` does not match its score")]
    BandMismatch(String),
    #[error("no scale has enough answers to be reported")]
    NothingScored,
    #[error("completion time is implausible")]
    CompletionTime,
}

/// Longest plausible completion time: progress may be kept on the device for weeks.
pub const MAX_COMPLETION_SECONDS: u32 = 60 * 24 * 3600;

impl Instrument {
    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// Items belonging to `scale`, in definition order.
    pub fn items_of<'a>(&'a self, scale: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.scale == scale)
    }

    /// Number of response options (the highest answer value).
    pub fn options(&self) -> u8 {
        u8::try_from(self.response_labels.len()).unwrap_or(u8::MAX)
    }

    /// Checks an uploaded aggregate against this definition, exactly as strictly
    /// as the browser produced it: every scale once, scores in range, bands that
    /// match their scores.
    pub fn check_submission(&self, sub: &AggregateSubmission) -> Result<(), SubmissionError> {
        if sub.instrument != self.id {
            return Err(SubmissionError::UnknownInstrument(sub.instrument.clone()));
        }
        if sub.version != self.version {
            return Err(SubmissionError::WrongVersion {
                got: sub.version,
                current: self.version,
            });
        }
        if sub.completion_seconds == 0 || sub.completion_seconds > MAX_COMPLETION_SECONDS {
            return Err(SubmissionError::CompletionTime);
        }
        let mut seen: Vec<&str> = Vec::with_capacity(sub.scales.len());
        for agg in &sub.scales {
            let scale = self
                .scale(&agg.scale)
                .ok_or_else(|| SubmissionError::UnknownScale(agg.scale.clone()))?;
            if seen.contains(&scale.id.as_str()) {
                return Err(SubmissionError::DuplicateScale(scale.id.clone()));
            }
            seen.push(&scale.id);
            match (agg.score, agg.band.as_deref()) {
                (None, None) => {}
                (Some(score), Some(band)) => {
                    if score > 100 {
                        return Err(SubmissionError::ScoreOutOfRange {
                            scale: scale.id.clone(),
                            score,
                        });
                    }
                    if scale.band_for(score).map(|b| b.id.as_str()) != Some(band) {
                        return Err(SubmissionError::BandMismatch(scale.id.clone()));
                    }
                }
                _ => return Err(SubmissionError::BandMismatch(scale.id.clone())),
            }
        }
        if let Some(missing) = self.scales.iter().find(|s| !seen.contains(&s.id.as_str())) {
            return Err(SubmissionError::MissingScale(missing.id.clone()));
        }
        if sub.scales.iter().all(|s| s.score.is_none()) {
            return Err(SubmissionError::NothingScored);
        }
        Ok(())
    }
}

impl Scale {
    /// The band a score falls into.
    pub fn band_for(&self, score: u8) -> Option<&Band> {
        self.bands.iter().find(|b| b.from <= score && score <= b.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_instrument_parses() {
        assert_eq!(all().len(), SOURCES.len());
        for source in SOURCES {
            let parsed: Instrument = serde_json::from_str(source).unwrap();
            assert!(find(&parsed.id).is_some());
        }
    }

    #[test]
    fn lang_from_tag() {
        assert_eq!(Lang::from_tag("de-AT"), Some(Lang::De));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
