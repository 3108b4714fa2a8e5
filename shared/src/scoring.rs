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
    // Uniform answers only mean something when the items point both ways: on a
    // one-directional list (the FFA) "no difficulty anywhere" is a plausible answer.
    let both_ways =
        instrument.items.iter().any(|i| i.reverse) && instrument.items.iter().any(|i| !i.reverse);
    if both_ways && valid.len() >= UNIFORM_MIN_ITEMS && valid.iter().all(|&(_, v)| v == valid[0].1)
    {
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

    fn answers(pairs: &[(&str, u8)]) -> Answers {
        pairs.iter().map(|&(id, v)| (id.to_owned(), v)).collect()
    }

    fn scores(inst: &Instrument, answers: &Answers) -> Vec<Option<u8>> {
        aggregate(inst, answers, 60)
            .scales
            .into_iter()
            .map(|s| s.score)
            .collect()
    }

    #[test]
    fn golden_motivation_and_mlevel_orientation() {
        let inst = find("motivation").unwrap();
        let mlevel = inst.scale("mlevel").unwrap();
        let hopeful = answers(&[
            ("hope-1", 5),
            ("hope-2", 5),
            ("hope-3", 5),
            ("hope-4", 5),
            ("fear-1", 1),
            ("fear-2", 1),
            ("fear-3", 1),
            ("fear-4", 1),
        ]);
        assert_eq!(scale_score(inst, mlevel, &hopeful), Some(100));
        // Fear items are reverse-keyed: agreeing with them moves towards avoidance.
        let worried = answers(&[
            ("hope-1", 2),
            ("hope-2", 2),
            ("hope-3", 3),
            ("hope-4", 2),
            ("fear-1", 5),
            ("fear-2", 4),
            ("fear-3", 5),
            ("fear-4", 4),
        ]);
        // keyed 1,1,2,1 + 0,1,0,1 = 7 of 32 → 21.875 → 22
        assert_eq!(scale_score(inst, mlevel, &worried), Some(22));
        assert_eq!(mlevel.band_for(22).unwrap().id, "avoidance");
        let both = answers(&[
            ("hope-1", 4),
            ("hope-2", 4),
            ("hope-3", 4),
            ("hope-4", 4),
            ("fear-1", 4),
            ("fear-2", 4),
            ("fear-3", 4),
            ("fear-4", 4),
        ]);
        assert_eq!(scale_score(inst, mlevel, &both), Some(50));
        assert_eq!(mlevel.band_for(50).unwrap().id, "balanced");
        // Five answers are below mLevel's minimum of six.
        let few: Answers = hopeful.into_iter().take(5).collect();
        assert_eq!(scale_score(inst, mlevel, &few), None);
        assert!(!mlevel.agency_shareable, "mLevel never goes to the agency");
    }

    #[test]
    fn golden_fit_for_work_index_is_high_when_fit() {
        let inst = find("fit-for-work").unwrap();
        let index = &inst.scales[0];
        let ids: Vec<&str> = inst.items.iter().map(|i| i.id.as_str()).collect();
        let fit: Answers = ids.iter().map(|id| ((*id).to_owned(), 1)).collect();
        assert_eq!(
            scale_score(inst, index, &fit),
            Some(100),
            "1 = without difficulty"
        );
        let unable: Answers = ids.iter().map(|id| ((*id).to_owned(), 5)).collect();
        assert_eq!(
            scale_score(inst, index, &unable),
            Some(0),
            "5 = not possible"
        );
        // Half without difficulty, half with considerable difficulty: keyed 4 and 2 → 75.
        let mixed: Answers = ids
            .iter()
            .enumerate()
            .map(|(n, id)| ((*id).to_owned(), if n % 2 == 0 { 1 } else { 3 }))
            .collect();
        assert_eq!(scale_score(inst, index, &mixed), Some(75));
        assert_eq!(index.band_for(75).unwrap().id, "few");
        // A fit person answering "without difficulty" everywhere is not unusual.
        assert_eq!(quality(inst, &fit), QualityFlag::Ok);
        let agg = aggregate(inst, &mixed, 90);
        assert_eq!(agg.scales.len(), 1, "only the overall index is reported");
        assert_eq!(inst.check_submission(&agg), Ok(()));
    }

    #[test]
    fn quality_flag_examples() {
        let inst = soft_skills();
        assert_eq!(
            quality(inst, &all_answered(inst, 5)),
            QualityFlag::UniformAnswers
        );
        // Too few answers for "uniform" to mean anything.
        let short = answers(&[("rel-1", 5), ("rel-2", 5), ("rel-4", 5)]);
        assert_eq!(quality(inst, &short), QualityFlag::Ok);
        // Fully agreeing with a statement and its reverse-keyed opposite, in one
        // scale: an honest "it depends", no flag.
        let one = answers(&[("rel-1", 5), ("rel-3", 5), ("team-1", 4), ("team-3", 2)]);
        assert_eq!(quality(inst, &one), QualityFlag::Ok);
        // The same in two scales: flagged.
        let two = answers(&[("rel-1", 5), ("rel-3", 5), ("team-1", 1), ("team-3", 1)]);
        assert_eq!(quality(inst, &two), QualityFlag::Contradictory);
        // A varied, consistent pattern is fine.
        let varied = answers(&[
            ("rel-1", 4),
            ("rel-2", 5),
            ("rel-3", 2),
            ("rel-4", 4),
            ("team-1", 2),
            ("team-2", 3),
            ("team-3", 4),
            ("team-4", 3),
        ]);
        assert_eq!(quality(inst, &varied), QualityFlag::Ok);
    }

    mod props {
        use super::*;
        use crate::instrument::all;
        use proptest::prelude::*;

        /// An instrument and answers to it: each item answered 1..=n or skipped.
        fn answered() -> impl Strategy<Value = (&'static Instrument, Answers)> {
            (0..all().len()).prop_flat_map(|n| {
                let inst = &all()[n];
                let options = inst.options();
                proptest::collection::vec(proptest::option::of(1..=options), inst.items.len())
                    .prop_map(move |values| {
                        let answers = inst
                            .items
                            .iter()
                            .zip(values)
                            .filter_map(|(item, v)| v.map(|v| (item.id.clone(), v)))
                            .collect();
                        (inst, answers)
                    })
            })
        }

        fn mirrored_answers(inst: &Instrument, answers: &Answers) -> Answers {
            let n = inst.options();
            answers
                .iter()
                .map(|(k, &v)| (k.clone(), n + 1 - v))
                .collect()
        }

        fn mirrored_keys(inst: &Instrument) -> Instrument {
            let mut flipped = inst.clone();
            for item in &mut flipped.items {
                item.reverse = !item.reverse;
            }
            flipped
        }

        proptest! {
            #[test]
            fn scores_stay_in_range_and_pass_the_server_check((inst, answers) in answered()) {
                let agg = aggregate(inst, &answers, 42);
                for s in &agg.scales {
                    if let Some(score) = s.score {
                        prop_assert!(score <= 100);
                    }
                }
                if agg.scales.iter().any(|s| s.score.is_some()) {
                    prop_assert_eq!(inst.check_submission(&agg), Ok(()));
                }
            }

            #[test]
            fn reversing_answers_or_keys_mirrors_the_score((inst, answers) in answered()) {
                let base = scores(inst, &answers);
                let by_answers = scores(inst, &mirrored_answers(inst, &answers));
                let flipped = mirrored_keys(inst);
                let by_keys = scores(&flipped, &answers);
                let by_both = scores(&flipped, &mirrored_answers(inst, &answers));
                for (n, s) in base.iter().enumerate() {
                    match s {
                        None => {
                            prop_assert_eq!(by_answers[n], None);
                            prop_assert_eq!(by_keys[n], None);
                        }
                        Some(s) => {
                            let mirror = 100 - i32::from(*s);
                            for other in [by_answers[n], by_keys[n]] {
                                let other = i32::from(other.unwrap_or(255));
                                // Rounding half up may move a mirrored .5 by one.
                                prop_assert!((other - mirror).abs() <= 1, "{} vs {}", other, mirror);
                            }
                            prop_assert_eq!(by_both[n], Some(*s));
                        }
                    }
                }
            }

            #[test]
            fn scores_are_monotonic_in_each_item(
                (inst, answers) in answered(),
                pick in any::<prop::sample::Index>(),
            ) {
                let item = pick.get(&inst.items);
                let Some(&value) = answers.get(&item.id) else { return Ok(()) };
                if value >= inst.options() {
                    return Ok(());
                }
                let scale = inst.scale(&item.scale).unwrap();
                let before = scale_score(inst, scale, &answers);
                let mut higher = answers.clone();
                higher.insert(item.id.clone(), value + 1);
                let after = scale_score(inst, scale, &higher);
                if let (Some(b), Some(a)) = (before, after) {
                    if item.reverse {
                        prop_assert!(a <= b);
                    } else {
                        prop_assert!(a >= b);
                    }
                } else {
                    prop_assert_eq!(before.is_some(), after.is_some());
                }
            }

            #[test]
            fn a_scale_is_reported_exactly_when_enough_items_are_answered((inst, answers) in answered()) {
                for scale in &inst.scales {
                    let answered = inst.items_of(&scale.id).filter(|i| answers.contains_key(&i.id)).count();
                    let score = scale_score(inst, scale, &answers);
                    prop_assert_eq!(score.is_some(), answered >= scale.min_answers);
                }
            }
        }
    }
}
