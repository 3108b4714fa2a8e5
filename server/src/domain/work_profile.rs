//! Module 2 as it may be stored: the work profile checked against the text
//! rule and plausible ranges, lists without duplicates.

use lotse_shared::api::{LanguageSkill, Qualification, WorkProfile};

use crate::domain::text::{self, Field, NAME, TextError};

/// Most places, languages or qualifications one profile lists.
pub const MAX_ITEMS: usize = 20;

const PLACE: Field = Field::one_line("a place", NAME);
const QUALIFICATION: Field = Field::one_line("a qualification", 200);

/// Why a profile is refused; the message says which part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("at most {MAX_ITEMS} {0}")]
    TooMany(&'static str),
    #[error("hours per week are between 1 and 60, and \"from\" is not above \"to\"")]
    Hours,
    #[error("a way to work takes at most 240 minutes")]
    Commute,
    #[error("{0:?} is no ISO 639-1 language code (two letters)")]
    Language(String),
    #[error("a qualification's year is between 1940 and 2100")]
    Year,
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

/// The profile in its stored form.
pub fn check(input: WorkProfile) -> Result<WorkProfile, ProfileError> {
    let mut places: Vec<String> = Vec::new();
    for place in &input.places {
        let place = PLACE.required(place)?;
        if !places
            .iter()
            .any(|p| p.to_lowercase() == place.to_lowercase())
        {
            places.push(place);
        }
    }
    let mut languages: Vec<LanguageSkill> = Vec::new();
    for l in &input.languages {
        let code = l.language.trim().to_ascii_lowercase();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(ProfileError::Language(
                l.language.chars().take(20).collect(),
            ));
        }
        languages.retain(|k| k.language != code);
        languages.push(LanguageSkill {
            language: code,
            level: l.level,
        });
    }
    let mut qualifications = Vec::new();
    for q in &input.qualifications {
        if q.year.is_some_and(|y| !(1940..=2100).contains(&y)) {
            return Err(ProfileError::Year);
        }
        qualifications.push(Qualification {
            kind: q.kind,
            title: QUALIFICATION.required(&q.title)?,
            year: q.year,
        });
    }
    for (len, what) in [
        (places.len(), "places"),
        (languages.len(), "languages"),
        (qualifications.len(), "qualifications"),
    ] {
        if len > MAX_ITEMS {
            return Err(ProfileError::TooMany(what));
        }
    }
    let hours_ok = |h: Option<u8>| h.is_none_or(|h| (1..=60).contains(&h));
    if !hours_ok(input.hours_min)
        || !hours_ok(input.hours_max)
        || matches!((input.hours_min, input.hours_max), (Some(a), Some(b)) if a > b)
    {
        return Err(ProfileError::Hours);
    }
    if input.max_commute_minutes.is_some_and(|m| m > 240) {
        return Err(ProfileError::Commute);
    }
    let earliest_start = match input.earliest_start.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => {
            text::date(d)?;
            Some(d.to_owned())
        }
    };
    Ok(WorkProfile {
        preferred_activities: sorted(input.preferred_activities),
        able_activities: sorted(input.able_activities),
        places,
        max_commute_minutes: input.max_commute_minutes,
        relocate: input.relocate,
        licences: sorted(input.licences),
        vehicle: input.vehicle,
        hours_min: input.hours_min,
        hours_max: input.hours_max,
        shifts: sorted(input.shifts),
        earliest_start,
        languages,
        qualifications,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use lotse_shared::api::{Activity, Cefr, Licence, QualificationKind};

    use super::*;

    #[test]
    fn a_profile_is_cleaned_and_its_lists_have_no_duplicates() {
        let profile = check(WorkProfile {
            preferred_activities: vec![Activity::Cooking, Activity::Caring, Activity::Cooking],
            places: vec![" Leipzig ".into(), "leipzig".into(), "Halle".into()],
            licences: vec![Licence::B, Licence::B],
            languages: vec![
                LanguageSkill {
                    language: "DE".into(),
                    level: Cefr::B1,
                },
                LanguageSkill {
                    language: "de".into(),
                    level: Cefr::B2,
                },
            ],
            qualifications: vec![Qualification {
                kind: QualificationKind::Vocational,
                title: "Koch\u{0301}".into(),
                year: Some(2010),
            }],
            hours_min: Some(20),
            hours_max: Some(30),
            earliest_start: Some("2027-01-01".into()),
            ..WorkProfile::default()
        })
        .unwrap();
        assert_eq!(
            profile.preferred_activities,
            vec![Activity::Cooking, Activity::Caring]
        );
        assert_eq!(profile.places, vec!["Leipzig", "Halle"]);
        assert_eq!(profile.licences, vec![Licence::B]);
        assert_eq!(profile.languages.len(), 1);
        assert_eq!(profile.languages[0].level, Cefr::B2);
    }

    #[test]
    fn implausible_values_are_refused() {
        let base = WorkProfile::default;
        for bad in [
            WorkProfile {
                hours_min: Some(40),
                hours_max: Some(20),
                ..base()
            },
            WorkProfile {
                hours_max: Some(0),
                ..base()
            },
            WorkProfile {
                max_commute_minutes: Some(600),
                ..base()
            },
            WorkProfile {
                earliest_start: Some("0000-01-01".into()),
                ..base()
            },
            WorkProfile {
                places: vec!["\u{1b}[2J".into()],
                ..base()
            },
            WorkProfile {
                places: vec![String::new()],
                ..base()
            },
            WorkProfile {
                languages: vec![LanguageSkill {
                    language: "deu".into(),
                    level: Cefr::A1,
                }],
                ..base()
            },
            WorkProfile {
                qualifications: vec![Qualification {
                    kind: QualificationKind::School,
                    title: "x".into(),
                    year: Some(1200),
                }],
                ..base()
            },
            WorkProfile {
                places: (0..21).map(|i| format!("Place {i}")).collect(),
                ..base()
            },
        ] {
            assert!(check(bad.clone()).is_err(), "{bad:?}");
        }
    }
}
