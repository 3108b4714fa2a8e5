//! The instrument validator and the content hash that ties a version number to
//! what is measured.
//!
//! Every shipped definition is checked by the tests: a definition that breaks a
//! rule here never reaches a participant. The rules protect the privacy contract
//! as much as the psychometrics — a scale with fewer than three items, or one that
//! can be reported from a single answer, would let an aggregate reveal an answer.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::instrument::{Instrument, ReportKind, Text};
use crate::{Lang, instrument};

/// Fewest items a reported scale may have (SPEC §2).
pub const MIN_ITEMS_PER_SCALE: usize = 3;

/// A rule a definition breaks. `at` names the place, e.g. `items[3].text`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{at}: id `{id}` is used more than once")]
    DuplicateId { at: String, id: String },
    #[error("{at}: the id is empty")]
    EmptyId { at: String },
    #[error("{at}: the {lang:?} text is missing or empty")]
    MissingText { at: String, lang: Lang },
    #[error("{at}: a text in a language Lotse does not ship")]
    ExtraLanguage { at: String },
    #[error("the version must be 1 or higher")]
    Version,
    #[error("there must be between 2 and 255 response labels")]
    ResponseLabels,
    #[error("{at}: scale `{scale}` does not exist")]
    UnknownScale { at: String, scale: String },
    #[error("scale `{scale}` has {items} items; at least {MIN_ITEMS_PER_SCALE} are needed")]
    TooFewItems { scale: String, items: usize },
    #[error("scale `{scale}`: min_answers {min} must be between 2 and its {items} items")]
    MinAnswers {
        scale: String,
        min: usize,
        items: usize,
    },
    #[error(
        "scale `{scale}`: bands must run from 0 to 100 in ascending order without gaps or overlaps ({detail})"
    )]
    Bands { scale: String, detail: String },
    #[error("an instrument reported as an index must have exactly one scale")]
    IndexScales,
    #[error("there are no items or no scales")]
    Empty,
}

fn check_text(text: &Text, at: &str, out: &mut Vec<Problem>) {
    for lang in Lang::ALL {
        if text.0.get(&lang).is_none_or(|t| t.trim().is_empty()) {
            out.push(Problem::MissingText {
                at: at.to_owned(),
                lang,
            });
        }
    }
    if text.0.keys().any(|l| !Lang::ALL.contains(l)) {
        out.push(Problem::ExtraLanguage { at: at.to_owned() });
    }
}

fn check_ids<'a>(at: &str, ids: impl Iterator<Item = &'a str>, out: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if id.trim().is_empty() {
            out.push(Problem::EmptyId { at: at.to_owned() });
        } else if !seen.insert(id) {
            out.push(Problem::DuplicateId {
                at: at.to_owned(),
                id: id.to_owned(),
            });
        }
    }
}

/// Every rule a definition breaks; empty when it is fit to ship.
pub fn validate(inst: &Instrument) -> Vec<Problem> {
    let mut out = Vec::new();
    if inst.id.trim().is_empty() {
        out.push(Problem::EmptyId {
            at: "instrument".into(),
        });
    }
    if inst.version == 0 {
        out.push(Problem::Version);
    }
    if inst.items.is_empty() || inst.scales.is_empty() {
        out.push(Problem::Empty);
    }
    for (text, at) in [
        (&inst.title, "title"),
        (&inst.purpose, "purpose"),
        (&inst.who_sees, "who_sees"),
        (&inst.note, "note"),
        (&inst.prompt, "prompt"),
    ] {
        check_text(text, at, &mut out);
    }
    if !(2..=255).contains(&inst.response_labels.len()) {
        out.push(Problem::ResponseLabels);
    }
    for (n, label) in inst.response_labels.iter().enumerate() {
        check_text(label, &format!("response_labels[{n}]"), &mut out);
    }
    check_ids("items", inst.items.iter().map(|i| i.id.as_str()), &mut out);
    check_ids(
        "scales",
        inst.scales.iter().map(|s| s.id.as_str()),
        &mut out,
    );
    for (n, item) in inst.items.iter().enumerate() {
        check_text(&item.text, &format!("items[{n}].text"), &mut out);
        if inst.scale(&item.scale).is_none() {
            out.push(Problem::UnknownScale {
                at: format!("items[{n}]"),
                scale: item.scale.clone(),
            });
        }
    }
    for scale in &inst.scales {
        let at = |field: &str| format!("scales.{}.{field}", scale.id);
        check_text(&scale.name, &at("name"), &mut out);
        check_text(&scale.description, &at("description"), &mut out);
        if let Some(poles) = &scale.poles {
            check_text(&poles.low, &at("poles.low"), &mut out);
            check_text(&poles.high, &at("poles.high"), &mut out);
        }
        let items = inst.items_of(&scale.id).count();
        if items < MIN_ITEMS_PER_SCALE {
            out.push(Problem::TooFewItems {
                scale: scale.id.clone(),
                items,
            });
        }
        // At least two answers, so a reported score never is one answer in disguise.
        if scale.min_answers < 2 || scale.min_answers > items {
            out.push(Problem::MinAnswers {
                scale: scale.id.clone(),
                min: scale.min_answers,
                items,
            });
        }
        check_ids(
            &at("bands"),
            scale.bands.iter().map(|b| b.id.as_str()),
            &mut out,
        );
        let mut next = 0u16;
        for band in &scale.bands {
            check_text(
                &band.label,
                &at(&format!("bands.{}.label", band.id)),
                &mut out,
            );
            check_text(
                &band.explanation,
                &at(&format!("bands.{}.explanation", band.id)),
                &mut out,
            );
            let detail = if u16::from(band.from) != next {
                Some(format!(
                    "`{}` starts at {}, expected {next}",
                    band.id, band.from
                ))
            } else if band.to < band.from {
                Some(format!("`{}` ends before it starts", band.id))
            } else {
                None
            };
            if let Some(detail) = detail {
                out.push(Problem::Bands {
                    scale: scale.id.clone(),
                    detail,
                });
            }
            next = u16::from(band.to) + 1;
        }
        if next != 101 {
            out.push(Problem::Bands {
                scale: scale.id.clone(),
                detail: format!(
                    "the last band ends at {}, expected 100",
                    i32::from(next) - 1
                ),
            });
        }
    }
    if inst.report == ReportKind::Index && inst.scales.len() != 1 {
        out.push(Problem::IndexScales);
    }
    out
}

/// What a version number stands for: everything that changes what is measured or
/// how it is scored (response labels, items, scale membership, minimums, bands,
/// sharing). Explanatory texts may be improved without a new version.
#[derive(Serialize)]
struct Measured<'a> {
    id: &'a str,
    response_labels: &'a [Text],
    items: &'a [instrument::Item],
    scales: Vec<MeasuredScale<'a>>,
}

#[derive(Serialize)]
struct MeasuredScale<'a> {
    id: &'a str,
    min_answers: usize,
    agency_shareable: bool,
    orientation: bool,
    bands: Vec<(&'a str, u8, u8)>,
}

/// FNV-1a, 64 bit: tiny, deterministic on every platform, no dependency. It
/// guards against forgetting a version bump, not against an attacker.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The content hash of a definition's measured part, as 16 hex digits.
pub fn content_hash(inst: &Instrument) -> String {
    let measured = Measured {
        id: &inst.id,
        response_labels: &inst.response_labels,
        items: &inst.items,
        scales: inst
            .scales
            .iter()
            .map(|s| MeasuredScale {
                id: &s.id,
                min_answers: s.min_answers,
                agency_shareable: s.agency_shareable,
                orientation: s.poles.is_some(),
                bands: s
                    .bands
                    .iter()
                    .map(|b| (b.id.as_str(), b.from, b.to))
                    .collect(),
            })
            .collect(),
    };
    // Struct fields serialize in declaration order and `Text` is a BTreeMap, so
    // the serialization is canonical.
    let canonical = serde_json::to_vec(&measured).unwrap_or_default();
    format!("{:016x}", fnv1a(&canonical))
}

/// One line of `shared/instruments/versions.lock`: a released version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released<'a> {
    pub id: &'a str,
    pub version: u32,
    pub hash: &'a str,
}

/// Parses `versions.lock`: `id version hash` per line, `#` starts a comment.
pub fn parse_lock(lock: &str) -> Vec<Released<'_>> {
    lock.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some(Released {
                id: parts.next()?,
                version: parts.next()?.parse().ok()?,
                hash: parts.next()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::{Band, all};

    const LOCK: &str = include_str!("../instruments/versions.lock");

    #[test]
    fn every_shipped_instrument_is_valid() {
        assert!(all().len() >= 3);
        for inst in all() {
            let problems = validate(inst);
            assert!(problems.is_empty(), "{}: {problems:#?}", inst.id);
        }
        let mut ids: Vec<&str> = all().iter().map(|i| i.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len(), "two instruments share an id");
    }

    #[test]
    fn changed_content_needs_a_new_version() {
        let released = parse_lock(LOCK);
        for inst in all() {
            let hash = content_hash(inst);
            let line = format!("{} {} {hash}", inst.id, inst.version);
            let entry = released
                .iter()
                .find(|r| r.id == inst.id && r.version == inst.version);
            let Some(entry) = entry else {
                panic!(
                    "{} version {} is not in versions.lock; add `{line}`",
                    inst.id, inst.version
                );
            };
            assert_eq!(
                entry.hash, hash,
                "{}: items, scales or labels changed without a version bump — \
                 raise `version` and add `{}` to versions.lock",
                inst.id, line
            );
            let newest = released
                .iter()
                .filter(|r| r.id == inst.id)
                .map(|r| r.version)
                .max();
            assert_eq!(
                newest,
                Some(inst.version),
                "{}: an older version ships",
                inst.id
            );
        }
        let mut keys: Vec<(&str, u32)> = released.iter().map(|r| (r.id, r.version)).collect();
        let listed = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), listed, "versions.lock lists a version twice");
    }

    #[test]
    fn the_hash_sees_measured_changes_only() {
        let original = all()[0].clone();
        let base = content_hash(&original);
        let mut reworded = original.clone();
        reworded.items[0]
            .text
            .0
            .insert(Lang::En, "Something else".into());
        assert_ne!(content_hash(&reworded), base);
        let mut rekeyed = original.clone();
        rekeyed.items[0].reverse = !rekeyed.items[0].reverse;
        assert_ne!(content_hash(&rekeyed), base);
        let mut rebanded = original.clone();
        rebanded.scales[0].bands[0].to += 1;
        assert_ne!(content_hash(&rebanded), base);
        let mut explained = original.clone();
        explained.scales[0].bands[0]
            .explanation
            .0
            .insert(Lang::En, "A clearer explanation.".into());
        explained
            .purpose
            .0
            .insert(Lang::De, "Neu formuliert.".into());
        assert_eq!(content_hash(&explained), base);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c, "FNV-1a reference value");
    }

    fn broken(f: impl Fn(&mut Instrument)) -> Vec<Problem> {
        let mut inst = all()[0].clone();
        f(&mut inst);
        validate(&inst)
    }

    #[test]
    fn the_validator_catches_each_rule() {
        let dup = broken(|i| i.items[1].id = i.items[0].id.clone());
        assert!(matches!(dup[..], [Problem::DuplicateId { .. }]), "{dup:?}");
        let dup_scale = broken(|i| i.scales[1].id = i.scales[0].id.clone());
        assert!(
            dup_scale
                .iter()
                .any(|p| matches!(p, Problem::DuplicateId { .. }))
        );
        let dup_band = broken(|i| i.scales[0].bands[1].id = i.scales[0].bands[0].id.clone());
        assert!(
            dup_band
                .iter()
                .any(|p| matches!(p, Problem::DuplicateId { .. }))
        );
        let missing = broken(|i| {
            i.items[0].text.0.remove(&Lang::De);
        });
        assert!(matches!(
            missing[..],
            [Problem::MissingText { lang: Lang::De, .. }]
        ));
        let blank = broken(|i| {
            i.scales[0].bands[0]
                .explanation
                .0
                .insert(Lang::En, "  ".into());
        });
        assert!(matches!(
            blank[..],
            [Problem::MissingText { lang: Lang::En, .. }]
        ));
        let orphan = broken(|i| i.items[0].scale = "charm".into());
        assert!(
            orphan
                .iter()
                .any(|p| matches!(p, Problem::UnknownScale { .. }))
        );
        let thin = broken(|i| {
            let scale = i.scales[0].id.clone();
            let mut kept = 0;
            i.items.retain(|item| {
                if item.scale != scale {
                    return true;
                }
                kept += 1;
                kept <= 2
            });
            i.scales[0].min_answers = 2;
        });
        assert!(
            matches!(thin[..], [Problem::TooFewItems { items: 2, .. }]),
            "{thin:?}"
        );
        for min in [0, 1, 99] {
            let bad = broken(|i| i.scales[0].min_answers = min);
            assert!(
                matches!(bad[..], [Problem::MinAnswers { .. }]),
                "{min}: {bad:?}"
            );
        }
        let gap = broken(|i| i.scales[0].bands[1].from += 1);
        assert!(matches!(gap[..], [Problem::Bands { .. }]), "{gap:?}");
        let overlap = broken(|i| i.scales[0].bands[1].from -= 1);
        assert!(matches!(overlap[..], [Problem::Bands { .. }]));
        let short = broken(|i| {
            i.scales[0].bands.pop();
        });
        assert!(matches!(short[..], [Problem::Bands { .. }]));
        let unordered = broken(|i| i.scales[0].bands.swap(0, 1));
        assert!(!unordered.is_empty());
        let inverted = broken(|i| {
            let b: &mut Band = &mut i.scales[0].bands[0];
            b.to = 0;
            b.from = 0;
        });
        assert!(!inverted.is_empty());
        let one_label = broken(|i| i.response_labels.truncate(1));
        assert!(one_label.contains(&Problem::ResponseLabels));
        let index = broken(|i| i.report = ReportKind::Index);
        assert_eq!(index, vec![Problem::IndexScales]);
        assert_eq!(broken(|i| i.version = 0), vec![Problem::Version]);
    }

    #[test]
    fn lock_lines_parse() {
        let parsed = parse_lock("# comment\n\na 1 00ff # note\nbroken line\n");
        assert_eq!(
            parsed,
            vec![Released {
                id: "a",
                version: 1,
                hash: "00ff"
            }]
        );
    }
}
