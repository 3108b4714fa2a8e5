//! Scoring: answers in, aggregate out. Runs in the participant's browser; the raw
//! answers never leave it (SPEC §3). The server uses the band rules from the same
//! definitions to check what arrives.

use std::collections::BTreeMap;

use crate::api::{AggregateSubmission, QualityFlag, ScaleAggregate};
use crate::instrument::{Instrument, Scale};

/// Answers in progress: item id → chosen option (1 = first label … n = last).
/// Items the participant skipped are simply absent.
pub type Answers = BTreeMap<String, u8>;

/// How many answered items it takes before "the same answer everywhere" means
/// something rather than a short, consistent person.
const UNIFORM_MIN_ITEMS: usize = 8;

/// Scores one scale: the mean of its answered items after reverse keying, mapped
/// to 0–100 and rounded half up, or `None` when fewer than the scale's minimum
/// were answered. Integer arithmetic, so browser and server agree to the point.
pub fn scale_score(instrument: &Instrument, scale: &Scale, answers: &Answers) -> Option<u8> {
    let options = u32::from(instrument.options());
    if options < 2 {
        return None;
    }
    let (mut sum, mut answered) = (0u32, 0u32);
    for item in instrument.items_of(&scale.id) {
        let Some(&value) = answers.get(&item.id) else {
            continue;
        };
        let value = u32::from(value);
        if !(1..=options).contains(&value) {
            continue;
        }
        let keyed = if item.reverse {
            options + 1 - value
        } else {
            value
        };
        sum += keyed - 1;
        answered += 1;
    }
    if answered == 0 || (answered as usize) < scale.min_answers {
        return None;
    }
    let span = answered * (options - 1);
    let score = (200 * sum + span) / (2 * span);
    u8::try_from(score).ok()
}

/// The response-quality flag. Only the flag is uploaded, never the pattern.
pub fn quality(instrument: &Instrument, answers: &Answers) -> QualityFlag {
    let options = instrument.options();
    let valid: Vec<(&str, u8)> = instrument
        .items
        .iter()
        .filter_map(|i| answers.get(&i.id).map(|&v| (i.scale.as_str(), v)))
        .filter(|&(_, v)| (1..=options).contains(&v))
        .collect();
    if valid.len() >= UNIFORM_MIN_ITEMS && valid.iter().all(|&(_, v)| v == valid[0].1) {
        return QualityFlag::UniformAnswers;
    }
    // Contradiction: in a scale with items in both directions, the strongest
    // answer at the same end for both a plain and a reverse-keyed item — in two or
    // more scales, so that one honest "it depends" does not raise a flag.
    let contradicting_scales = instrument
        .scales
        .iter()
        .filter(|scale| {
            let ends = |reverse: bool, end: u8| {
                instrument
                    .items_of(&scale.id)
                    .filter(|i| i.reverse == reverse)
                    .any(|i| answers.get(&i.id) == Some(&end))
            };
            [1, options]
                .into_iter()
                .any(|end| ends(false, end) && ends(true, end))
        })
        .count();
    if contradicting_scales >= 2 {
        QualityFlag::Contradictory
    } else {
        QualityFlag::Ok
    }
}

/// Scores a whole questionnaire into the exact payload that is uploaded.
pub fn aggregate(
    instrument: &Instrument,
    answers: &Answers,
    completion_seconds: u32,
) -> AggregateSubmission {
    let scales = instrument
        .scales
        .iter()
        .map(|scale| {
            let score = scale_score(instrument, scale, answers);
            ScaleAggregate {
                scale: scale.id.clone(),
                score,
                band: score.and_then(|s| scale.band_for(s)).map(|b| b.id.clone()),
            }
        })
        .collect();
    AggregateSubmission {
        instrument: instrument.id.clone(),
        version: instrument.version,
        scales,
        quality: quality(instrument, answers),
        completion_seconds: completion_seconds.max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::find;

    fn soft_skills() -> &'static Instrument {
        find("soft-skills").unwrap()
    }

    fn all_answered(instrument: &Instrument, value: u8) -> Answers {
        instrument
            .items
            .iter()
            .map(|i| (i.id.clone(), value))
            .collect()
    }

    #[test]
    fn golden_scale_scores() {
        let inst = soft_skills();
        let scale = inst.scale("reliability").unwrap();
        // rel-3 is reverse-keyed: 2 counts as 4. Keyed 4,5,4,5 → mean 4.5 → 87.5 → 88.
        let answers: Answers = [("rel-1", 4), ("rel-2", 5), ("rel-3", 2), ("rel-4", 5)]
            .into_iter()
            .map(|(id, v)| (id.to_owned(), v))
            .collect();
        assert_eq!(scale_score(inst, scale, &answers), Some(88));
        // Skipping one item keeps the scale (3 of 4 ≥ minimum): keyed 4,5,4 → 10/12 → 83.
        let mut fewer = answers.clone();
        fewer.remove("rel-4");
        assert_eq!(scale_score(inst, scale, &fewer), Some(83));
    }

    #[test]
    fn not_enough_answers() {
        let inst = soft_skills();
        let scale = &inst.scales[0];
        let answers: Answers = inst
            .items_of(&scale.id)
            .take(scale.min_answers - 1)
            .map(|i| (i.id.clone(), 3))
            .collect();
        assert_eq!(scale_score(inst, scale, &answers), None);
        let agg = aggregate(inst, &answers, 30);
        assert_eq!(agg.scales[0].score, None);
        assert_eq!(agg.scales[0].band, None);
    }

    #[test]
    fn middle_answers_score_fifty_and_aggregate_passes_validation() {
        let inst = soft_skills();
        let agg = aggregate(inst, &all_answered(inst, 3), 120);
        assert!(agg.scales.iter().all(|s| s.score == Some(50)));
        assert_eq!(agg.quality, QualityFlag::UniformAnswers);
        assert_eq!(inst.check_submission(&agg), Ok(()));
    }

    #[test]
    fn out_of_range_answers_are_ignored() {
        let inst = soft_skills();
        let scale = &inst.scales[0];
        let answers: Answers = inst
            .items_of(&scale.id)
            .map(|i| (i.id.clone(), 9))
            .collect();
        assert_eq!(scale_score(inst, scale, &answers), None);
    }
}
