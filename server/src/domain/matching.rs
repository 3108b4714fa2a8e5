//! Explainable job matching: ranks vacancies for one participant by the
//! criteria a job centre names (occupation, skills, languages, licences,
//! hours, place and mobility, start date) and says per vacancy which matched
//! and which did not. Pure: the rules are tested without a database.
//!
//! It suggests; a counsellor decides. Nothing here sends or decides anything.
//! The caller runs it only with the participant's consent to job matching
//! ([`suggest`] returns nothing without it), and it reads only what that
//! consent covers: wishes, competences (with their ESCO occupations) and the
//! work profile. The physical demands of a job are judged against the
//! fit-for-work self-assessment, which is health data: only with the
//! participant's separate consent to health data; without it the criterion
//! is shown as not considered and never counted.
//!
//! The score is the weighted share of the criteria that could be judged:
//! a criterion whose participant side is not recorded is `unknown` and left
//! out of the denominator, so missing data neither helps nor hurts.
//!
//! | criterion | weight | met | partly | not met |
//! |---|---|---|---|---|
//! | occupation | 3 | a wish, or a hard skill's occupation, is this ESCO occupation | one in the same ISCO unit group (2/3) or minor group (1/3) | none close |
//! | skills | 3 | every required skill recorded | some (by share) | none |
//! | languages | 2 | every language at the level asked | some (by share) | none |
//! | licences | 2 | every licence held | some (by share) | none |
//! | hours | 1 | within the wished hours | — | outside |
//! | place | 2 | remote, a place the person named, or willing to move | — | elsewhere |
//! | start | 1 | the person can start by then | — | later |
//! | shifts | 1 | the person works every shift the job has | some (by share) | none |
//! | physical | 1 | the fit-for-work index allows it (light: any; medium: 50 or more; heavy: 75 or more) | — | it does not |
//!
//! The physical demands count only with the consent to health data and a
//! fit-for-work result; the bands are the instrument's own ("considerable
//! limitations" below 50, "few" from 75). The commute time the person named
//! is shown to the counsellor but not judged: Lotse has no map to measure
//! the way to a workplace.

use std::cmp::Ordering;

use lotse_shared::api::{
    Cefr, Criterion, CriterionResult, Fit, LanguageSkill, PhysicalDemand, Suggestion, Suggestions,
    Vacancy, WorkProfile,
};

/// An occupation as matching needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    pub id: String,
    pub isco: String,
    pub label: String,
}

/// What matching may read about the participant.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    pub wishes: Vec<Coded>,
    /// The competences' skill names.
    pub skills: Vec<String>,
    /// The ESCO occupations the competences are coded with.
    pub skill_occupations: Vec<Coded>,
    /// `None` while module 2 was never recorded.
    pub profile: Option<WorkProfile>,
    pub fitness: Fitness,
}

/// The fit-for-work self-assessment as matching may see it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fitness {
    /// No consent to health data: physical demands are not considered.
    #[default]
    NotConsented,
    /// Consent, but no fit-for-work result.
    NotAnswered,
    /// The fit-for-work index, 0–100.
    Index(u8),
}

/// Weights, as documented above.
const fn weight(criterion: Criterion) -> u8 {
    match criterion {
        Criterion::Occupation | Criterion::Skills => 3,
        Criterion::Languages | Criterion::Licences | Criterion::Place => 2,
        Criterion::Hours | Criterion::Start | Criterion::Shifts | Criterion::Physical => 1,
    }
}

/// One criterion's judgement: its result and the share met (0.0–1.0) when
/// it counts.
struct Judged {
    result: CriterionResult,
    share: Option<f64>,
}

fn judged(
    criterion: Criterion,
    share: Option<f64>,
    matched: Vec<String>,
    missing: Vec<String>,
) -> Judged {
    let fit = match share {
        None => Fit::Unknown,
        Some(s) if s >= 1.0 => Fit::Met,
        Some(s) if s <= 0.0 => Fit::NotMet,
        Some(_) => Fit::Partly,
    };
    Judged {
        result: CriterionResult {
            criterion,
            fit,
            weight: weight(criterion),
            matched,
            missing,
        },
        share,
    }
}

/// Lower case, single spaces: how skills and places are compared.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A recorded skill covers a required one when they are the same, or one
/// holds the other as whole words ("forklift" and "forklift driving").
fn covers(have: &str, need: &str) -> bool {
    let (have, need) = (normal(have), normal(need));
    if have.is_empty() || need.is_empty() {
        return false;
    }
    let words = |s: &str| format!(" {s} ");
    have == need || words(&have).contains(&words(&need)) || words(&need).contains(&words(&have))
}

fn occupation(candidate: &Candidate, wanted: &Coded) -> Judged {
    if candidate.wishes.is_empty() && candidate.skill_occupations.is_empty() {
        return judged(
            Criterion::Occupation,
            None,
            vec![],
            vec![wanted.label.clone()],
        );
    }
    let closeness = |w: &Coded| {
        if w.id == wanted.id {
            1.0
        } else if w.isco == wanted.isco {
            2.0 / 3.0
        } else if w.isco.get(..3).is_some() && w.isco.get(..3) == wanted.isco.get(..3) {
            1.0 / 3.0
        } else {
            0.0
        }
    };
    let best = candidate
        .wishes
        .iter()
        .chain(&candidate.skill_occupations)
        .map(|w| (closeness(w), w))
        .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
    match best {
        Some((share, wish)) if share > 0.0 => judged(
            Criterion::Occupation,
            Some(share),
            vec![wish.label.clone()],
            vec![],
        ),
        _ => judged(
            Criterion::Occupation,
            Some(0.0),
            vec![],
            vec![wanted.label.clone()],
        ),
    }
}

/// The share of `needed` that `has` covers, with both lists for the reader.
fn share_of<T>(
    criterion: Criterion,
    needed: &[T],
    known: bool,
    has: impl Fn(&T) -> bool,
    name: impl Fn(&T) -> String,
) -> Judged {
    if !known {
        return judged(criterion, None, vec![], needed.iter().map(&name).collect());
    }
    let (matched, missing): (Vec<&T>, Vec<&T>) = needed.iter().partition(|n| has(n));
    #[allow(clippy::cast_precision_loss)]
    let share = matched.len() as f64 / needed.len() as f64;
    judged(
        criterion,
        Some(share),
        matched.into_iter().map(&name).collect(),
        missing.into_iter().map(&name).collect(),
    )
}

fn speaks(languages: &[LanguageSkill], need: &LanguageSkill) -> bool {
    languages.iter().any(|l| {
        l.language.eq_ignore_ascii_case(&need.language)
            && (l.level == Cefr::Native || l.level >= need.level)
    })
}

fn language_name(l: &LanguageSkill) -> String {
    let level = serde_json::to_value(l.level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("{} {level}", l.language)
}

/// Judges one vacancy for the candidate; `today` is `YYYY-MM-DD`.
pub fn judge(candidate: &Candidate, vacancy: &Vacancy, today: &str) -> Suggestion {
    let profile = candidate.profile.as_ref();
    let mut all: Vec<Judged> = Vec::new();
    if let Some(o) = &vacancy.occupation {
        all.push(occupation(
            candidate,
            &Coded {
                id: o.id.clone(),
                isco: o.isco.clone(),
                label: o.label.clone(),
            },
        ));
    }
    if !vacancy.skills.is_empty() {
        all.push(share_of(
            Criterion::Skills,
            &vacancy.skills,
            !candidate.skills.is_empty(),
            |need| candidate.skills.iter().any(|have| covers(have, need)),
            Clone::clone,
        ));
    }
    if !vacancy.languages.is_empty() {
        let languages = profile.map(|p| p.languages.as_slice()).unwrap_or_default();
        all.push(share_of(
            Criterion::Languages,
            &vacancy.languages,
            !languages.is_empty(),
            |need| speaks(languages, need),
            language_name,
        ));
    }
    if !vacancy.licences.is_empty() {
        all.push(share_of(
            Criterion::Licences,
            &vacancy.licences,
            profile.is_some(),
            |need| profile.is_some_and(|p| p.licences.contains(need)),
            |l| l.code().to_owned(),
        ));
    }
    if let Some(hours) = vacancy.hours {
        let range = profile.and_then(|p| match (p.hours_min, p.hours_max) {
            (None, None) => None,
            (min, max) => Some((min.unwrap_or(0), max.unwrap_or(u8::MAX))),
        });
        let share = range.map(|(min, max)| f64::from(u8::from((min..=max).contains(&hours))));
        let text = format!("{hours} h");
        let (matched, missing) = if share == Some(1.0) {
            (vec![text], vec![])
        } else {
            (vec![], vec![text])
        };
        all.push(judged(Criterion::Hours, share, matched, missing));
    }
    all.push(place(profile, vacancy));
    all.push(start(profile, vacancy, today));
    if !vacancy.shifts.is_empty() {
        all.push(share_of(
            Criterion::Shifts,
            &vacancy.shifts,
            profile.is_some_and(|p| !p.shifts.is_empty()),
            |need| profile.is_some_and(|p| p.shifts.contains(need)),
            |s| s.code().to_owned(),
        ));
    }
    if let Some(demand) = vacancy.physical {
        all.push(physical(candidate.fitness, demand));
    }
    let (mut sum, mut total) = (0.0, 0.0);
    for j in &all {
        if let Some(share) = j.share {
            sum += f64::from(j.result.weight) * share;
            total += f64::from(j.result.weight);
        }
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let score = if total > 0.0 {
        (100.0 * sum / total).round().clamp(0.0, 100.0) as u8
    } else {
        0
    };
    Suggestion {
        vacancy: vacancy.clone(),
        score,
        criteria: all.into_iter().map(|j| j.result).collect(),
        shared_at: None,
    }
}

/// The physical demand against the fit-for-work index, only with the
/// consent to health data (see the table above for the limits).
fn physical(fitness: Fitness, demand: PhysicalDemand) -> Judged {
    let text = vec![
        match demand {
            PhysicalDemand::Light => "light",
            PhysicalDemand::Medium => "medium",
            PhysicalDemand::Heavy => "heavy",
        }
        .to_owned(),
    ];
    match fitness {
        Fitness::NotConsented => Judged {
            result: CriterionResult {
                criterion: Criterion::Physical,
                fit: Fit::NotConsidered,
                weight: weight(Criterion::Physical),
                matched: vec![],
                missing: vec![],
            },
            share: None,
        },
        Fitness::NotAnswered => judged(Criterion::Physical, None, vec![], text),
        Fitness::Index(index) => {
            let able = match demand {
                PhysicalDemand::Light => true,
                PhysicalDemand::Medium => index >= 50,
                PhysicalDemand::Heavy => index >= 75,
            };
            if able {
                judged(Criterion::Physical, Some(1.0), text, vec![])
            } else {
                judged(Criterion::Physical, Some(0.0), vec![], text)
            }
        }
    }
}

fn place(profile: Option<&WorkProfile>, vacancy: &Vacancy) -> Judged {
    let here = vec![vacancy.place.clone()];
    if vacancy.remote {
        return judged(Criterion::Place, Some(1.0), here, vec![]);
    }
    let Some(p) = profile.filter(|p| p.relocate || !p.places.is_empty()) else {
        return judged(Criterion::Place, None, vec![], here);
    };
    let near = p
        .places
        .iter()
        .any(|place| normal(place) == normal(&vacancy.place));
    if near || p.relocate {
        judged(Criterion::Place, Some(1.0), here, vec![])
    } else {
        judged(Criterion::Place, Some(0.0), vec![], here)
    }
}

fn start(profile: Option<&WorkProfile>, vacancy: &Vacancy, today: &str) -> Judged {
    let begins = vacancy.start.clone().unwrap_or_else(|| today.to_owned());
    let Some(earliest) = profile.and_then(|p| p.earliest_start.as_deref()) else {
        return judged(Criterion::Start, None, vec![], vec![begins]);
    };
    // Both are validated YYYY-MM-DD: their text order is their date order.
    if earliest <= begins.as_str() {
        judged(Criterion::Start, Some(1.0), vec![begins], vec![])
    } else {
        judged(
            Criterion::Start,
            Some(0.0),
            vec![],
            vec![earliest.to_owned()],
        )
    }
}

/// Ranks every vacancy for the candidate: by score, then by the number of
/// criteria met, then by title and id (so equal vacancies keep one order).
/// Without the participant's consent to job matching, nothing is matched.
pub fn suggest(
    consented: bool,
    candidate: &Candidate,
    vacancies: &[Vacancy],
    today: &str,
) -> Suggestions {
    if !consented {
        return Suggestions {
            consented,
            suggestions: Vec::new(),
        };
    }
    let mut suggestions: Vec<Suggestion> = vacancies
        .iter()
        .map(|v| judge(candidate, v, today))
        .collect();
    let met = |s: &Suggestion| s.criteria.iter().filter(|c| c.fit == Fit::Met).count();
    suggestions.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| met(b).cmp(&met(a)))
            .then_with(|| a.vacancy.title.cmp(&b.vacancy.title))
            .then_with(|| a.vacancy.id.cmp(&b.vacancy.id))
    });
    Suggestions {
        consented,
        suggestions,
    }
}

#[cfg(test)]
#[allow(clippy::many_single_char_names)] // v, p, c, s: vacancy, profile, candidate, suggestion
mod tests {
    use lotse_shared::api::{Licence, Occupation, Shift};

    use super::*;

    const TODAY: &str = "2026-12-04";

    fn vacancy(id: &str) -> Vacancy {
        Vacancy {
            id: id.into(),
            title: format!("Job {id}"),
            employer: String::new(),
            reference: String::new(),
            occupation: None,
            place: "Leipzig".into(),
            remote: false,
            hours: None,
            start: None,
            skills: vec![],
            languages: vec![],
            licences: vec![],
            physical: None,
            shifts: vec![],
            created_at: 0,
        }
    }

    fn cook() -> Occupation {
        Occupation {
            id: "cook".into(),
            code: "5120.1".into(),
            isco: "5120".into(),
            label: "cook".into(),
            group_labels: std::collections::BTreeMap::default(),
        }
    }

    fn wish(id: &str, isco: &str) -> Coded {
        Coded {
            id: id.into(),
            isco: isco.into(),
            label: id.into(),
        }
    }

    fn fit(s: &Suggestion, c: Criterion) -> Fit {
        s.criteria
            .iter()
            .find(|r| r.criterion == c)
            .map_or(Fit::Unknown, |r| r.fit)
    }

    fn profile() -> WorkProfile {
        WorkProfile {
            places: vec!["Leipzig".into()],
            earliest_start: Some("2026-12-01".into()),
            ..WorkProfile::default()
        }
    }

    #[test]
    fn occupation_exact_group_and_minor_group() {
        let mut v = vacancy("1");
        v.occupation = Some(cook());
        for (wishes, expected, score) in [
            (vec![wish("cook", "5120")], Fit::Met, 100),
            (vec![wish("chef", "5120")], Fit::Partly, 67),
            (vec![wish("baker", "5121")], Fit::Partly, 33),
            (vec![wish("nurse", "2221")], Fit::NotMet, 0),
        ] {
            let c = Candidate {
                wishes,
                ..Candidate::default()
            };
            let s = judge(&c, &v, TODAY);
            assert_eq!(fit(&s, Criterion::Occupation), expected);
            // Place and start are unknown (no profile): only the occupation counts.
            assert_eq!(s.score, score);
        }
        // No wish recorded: unknown, not counted, not a zero.
        let s = judge(&Candidate::default(), &v, TODAY);
        assert_eq!(fit(&s, Criterion::Occupation), Fit::Unknown);
        assert_eq!(s.score, 0);
        assert!(s.criteria.iter().all(|c| c.fit == Fit::Unknown));
    }

    #[test]
    fn skills_by_share_with_whole_words() {
        let mut v = vacancy("1");
        v.skills = vec![
            "Forklift".into(),
            "first aid".into(),
            "SAP".into(),
            "Excel".into(),
        ];
        let c = Candidate {
            skills: vec![
                "forklift driving".into(),
                "First  Aid".into(),
                "sapling care".into(),
            ],
            ..Candidate::default()
        };
        let s = judge(&c, &v, TODAY);
        let r = s
            .criteria
            .iter()
            .find(|r| r.criterion == Criterion::Skills)
            .unwrap();
        assert_eq!(r.fit, Fit::Partly);
        assert_eq!(r.matched, vec!["Forklift", "first aid"]);
        assert_eq!(r.missing, vec!["SAP", "Excel"]);
        assert_eq!(s.score, 50);
        // No skills recorded at all: unknown.
        let s = judge(&Candidate::default(), &v, TODAY);
        assert_eq!(fit(&s, Criterion::Skills), Fit::Unknown);
    }

    #[test]
    fn languages_need_the_level_and_a_first_language_is_every_level() {
        let mut v = vacancy("1");
        v.languages = vec![
            LanguageSkill {
                language: "de".into(),
                level: Cefr::B2,
            },
            LanguageSkill {
                language: "en".into(),
                level: Cefr::A2,
            },
        ];
        let mut p = profile();
        p.languages = vec![
            LanguageSkill {
                language: "de".into(),
                level: Cefr::B1,
            },
            LanguageSkill {
                language: "EN".into(),
                level: Cefr::Native,
            },
        ];
        let c = Candidate {
            profile: Some(p.clone()),
            ..Candidate::default()
        };
        let s = judge(&c, &v, TODAY);
        let r = s
            .criteria
            .iter()
            .find(|r| r.criterion == Criterion::Languages)
            .unwrap();
        assert_eq!(r.fit, Fit::Partly);
        assert_eq!(r.missing, vec!["de B2"]);
        p.languages[0].level = Cefr::C1;
        let c = Candidate {
            profile: Some(p),
            ..Candidate::default()
        };
        assert_eq!(fit(&judge(&c, &v, TODAY), Criterion::Languages), Fit::Met);
    }

    #[test]
    fn licences_hours_place_and_start() {
        let mut v = vacancy("1");
        v.licences = vec![Licence::B, Licence::Ce];
        v.hours = Some(30);
        v.start = Some("2027-01-01".into());
        let mut p = profile();
        p.licences = vec![Licence::B];
        p.hours_min = Some(20);
        p.hours_max = Some(30);
        let c = Candidate {
            profile: Some(p.clone()),
            ..Candidate::default()
        };
        let s = judge(&c, &v, TODAY);
        assert_eq!(fit(&s, Criterion::Licences), Fit::Partly);
        assert_eq!(fit(&s, Criterion::Hours), Fit::Met);
        assert_eq!(fit(&s, Criterion::Place), Fit::Met);
        assert_eq!(fit(&s, Criterion::Start), Fit::Met);
        // licences 2×½ + hours 1 + place 2 + start 1 = 5 of 6.
        assert_eq!(s.score, 83);

        p.hours_max = Some(25);
        p.places = vec!["Halle".into()];
        p.earliest_start = Some("2027-02-01".into());
        let c = Candidate {
            profile: Some(p.clone()),
            ..Candidate::default()
        };
        let s = judge(&c, &v, TODAY);
        assert_eq!(fit(&s, Criterion::Hours), Fit::NotMet);
        assert_eq!(fit(&s, Criterion::Place), Fit::NotMet);
        assert_eq!(fit(&s, Criterion::Start), Fit::NotMet);
        // Willing to move, or a job from home: the place fits.
        p.relocate = true;
        let c = Candidate {
            profile: Some(p),
            ..Candidate::default()
        };
        assert_eq!(fit(&judge(&c, &v, TODAY), Criterion::Place), Fit::Met);
        let mut remote = v.clone();
        remote.remote = true;
        assert_eq!(
            fit(
                &judge(&Candidate::default(), &remote, TODAY),
                Criterion::Place
            ),
            Fit::Met
        );
        // A vacancy without a start date starts today.
        let mut now = v.clone();
        now.start = None;
        let c = Candidate {
            profile: Some(profile()),
            ..Candidate::default()
        };
        assert_eq!(fit(&judge(&c, &now, TODAY), Criterion::Start), Fit::Met);
    }

    #[test]
    fn physical_demands_are_never_counted_without_the_health_consent() {
        let mut v = vacancy("1");
        v.physical = Some(PhysicalDemand::Heavy);
        let c = Candidate {
            profile: Some(profile()),
            ..Candidate::default()
        };
        let s = judge(&c, &v, TODAY);
        assert_eq!(fit(&s, Criterion::Physical), Fit::NotConsidered);
        // Place and start met: 100, the physical criterion does not lower it.
        assert_eq!(s.score, 100);
    }

    #[test]
    fn physical_demands_against_the_index_with_the_health_consent() {
        let mut v = vacancy("1");
        let judged_with = |fitness: Fitness, v: &Vacancy| {
            let c = Candidate {
                profile: Some(profile()),
                fitness,
                ..Candidate::default()
            };
            judge(&c, v, TODAY)
        };
        for (demand, index, expected) in [
            (PhysicalDemand::Light, 0, Fit::Met),
            (PhysicalDemand::Medium, 49, Fit::NotMet),
            (PhysicalDemand::Medium, 50, Fit::Met),
            (PhysicalDemand::Heavy, 74, Fit::NotMet),
            (PhysicalDemand::Heavy, 75, Fit::Met),
        ] {
            v.physical = Some(demand);
            let s = judged_with(Fitness::Index(index), &v);
            assert_eq!(fit(&s, Criterion::Physical), expected, "{demand:?} {index}");
        }
        // Not met lowers the score: place 2 + start 1 met of 2 + 1 + 1.
        v.physical = Some(PhysicalDemand::Heavy);
        assert_eq!(judged_with(Fitness::Index(10), &v).score, 75);
        // Consent without a result: unknown, left out of the score.
        let s = judged_with(Fitness::NotAnswered, &v);
        assert_eq!(fit(&s, Criterion::Physical), Fit::Unknown);
        assert_eq!(s.score, 100);
    }

    #[test]
    fn shifts_by_share_and_unknown_while_none_named() {
        let mut v = vacancy("1");
        v.shifts = vec![Shift::Early, Shift::Night];
        let mut p = profile();
        let c = Candidate {
            profile: Some(p.clone()),
            ..Candidate::default()
        };
        assert_eq!(fit(&judge(&c, &v, TODAY), Criterion::Shifts), Fit::Unknown);
        p.shifts = vec![Shift::Early, Shift::Day];
        let c = Candidate {
            profile: Some(p.clone()),
            ..Candidate::default()
        };
        let s = judge(&c, &v, TODAY);
        let shifts = s
            .criteria
            .iter()
            .find(|r| r.criterion == Criterion::Shifts)
            .unwrap();
        assert_eq!(shifts.fit, Fit::Partly);
        assert_eq!(shifts.matched, vec!["early"]);
        assert_eq!(shifts.missing, vec!["night"]);
        p.shifts.push(Shift::Night);
        let c = Candidate {
            profile: Some(p),
            ..Candidate::default()
        };
        assert_eq!(fit(&judge(&c, &v, TODAY), Criterion::Shifts), Fit::Met);
    }

    #[test]
    fn a_hard_skills_occupation_counts_like_a_wish() {
        let mut v = vacancy("1");
        v.occupation = Some(cook());
        let c = Candidate {
            skill_occupations: vec![wish("cook", "5120")],
            ..Candidate::default()
        };
        assert_eq!(fit(&judge(&c, &v, TODAY), Criterion::Occupation), Fit::Met);
    }

    #[test]
    fn ranking_by_score_then_criteria_met_then_title_and_id() {
        let mut a = vacancy("a");
        a.occupation = Some(cook());
        let mut b = vacancy("b");
        b.title = "Job a".into();
        let c_ = vacancy("c");
        let mut d = vacancy("0");
        d.title = "Job c".into();
        let candidate = Candidate {
            wishes: vec![wish("nurse", "2221")],
            profile: Some(profile()),
            ..Candidate::default()
        };
        let ranked = suggest(true, &candidate, &[a, b, c_, d], TODAY);
        assert!(ranked.consented);
        let order: Vec<&str> = ranked
            .suggestions
            .iter()
            .map(|s| s.vacancy.id.as_str())
            .collect();
        // b, c and 0 score 100 (place and start met); a scores less (its
        // occupation is no wish). Among equals: by title ("Job a" < "Job c"),
        // then by id ("0" < "c").
        assert_eq!(order, vec!["b", "0", "c", "a"]);
        assert!(ranked.suggestions[3].score < 100);
    }

    #[test]
    fn without_the_matching_consent_nothing_is_matched() {
        let candidate = Candidate {
            wishes: vec![wish("cook", "5120")],
            ..Candidate::default()
        };
        let out = suggest(false, &candidate, &[vacancy("1")], TODAY);
        assert!(!out.consented);
        assert!(out.suggestions.is_empty());
    }
}
