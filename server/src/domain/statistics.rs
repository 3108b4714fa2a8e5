//! Programme figures for management without people: counts only, and no
//! count below the minimum group size `k`. A count below `k` (zero too) is
//! withheld; where exactly one count of a group would be withheld, the next
//! smallest is withheld with it, so the withheld one cannot be worked out by
//! subtracting the others from a total. Pure, so the rules are tested here.
//!
//! What suppression does not hide: when every member of a group shares one
//! band, the one count shown equals the group's size. Figures are for a
//! programme's management; they name no one and list no one.

use lotse_shared::api::{Figure, ProgrammeFigures, ScaleDistribution};
use lotse_shared::instrument;

use crate::db::FigureRows;

/// The lifecycle states, in the order they are shown.
pub const STATES: [&str; 4] = ["consent_pending", "declined", "active", "finished"];

/// Applies the minimum group size to one group of counts, keeping its order.
pub fn suppress(cells: &[(String, u32)], k: u32) -> Vec<Figure> {
    let mut shown: Vec<bool> = cells.iter().map(|(_, n)| *n >= k).collect();
    let withheld = shown.iter().filter(|s| !**s).count();
    if withheld == 1 && cells.len() > 1 {
        // The smallest count still shown goes too.
        if let Some((i, _)) = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i])
            .min_by_key(|(_, (_, n))| *n)
        {
            shown[i] = false;
        }
    }
    cells
        .iter()
        .zip(shown)
        .map(|((key, n), show)| Figure {
            key: key.clone(),
            count: show.then_some(*n),
        })
        .collect()
}

fn count(rows: &[(String, i64)], key: &str) -> u32 {
    rows.iter()
        .filter(|(k, _)| k == key)
        .map(|(_, n)| u32::try_from(*n).unwrap_or(u32::MAX))
        .sum()
}

/// The figures as shown: every state, every module and every band of every
/// agency-shareable scale that is not health data, suppressed by `k`.
pub fn figures(rows: &FigureRows, k: u32, programme: Option<String>, at: i64) -> ProgrammeFigures {
    let total = u32::try_from(rows.participants).unwrap_or(u32::MAX);
    let states: Vec<(String, u32)> = STATES
        .iter()
        .map(|s| ((*s).to_owned(), count(&rows.states, s)))
        .collect();
    let modules: Vec<(String, u32)> = instrument::modules()
        .into_iter()
        .map(|m| (m.to_owned(), count(&rows.modules_done, m)))
        .collect();
    let mut scales = Vec::new();
    // Health data (the fit-for-work index) stays out of management figures.
    for def in instrument::all().iter().filter(|d| !d.health) {
        for scale in def.scales.iter().filter(|s| s.agency_shareable) {
            let cells: Vec<(String, u32)> = scale
                .bands
                .iter()
                .map(|band| {
                    let n = rows
                        .bands
                        .iter()
                        .filter(|(i, s, b, _)| *i == def.id && *s == scale.id && *b == band.id)
                        .map(|(_, _, _, n)| u32::try_from(*n).unwrap_or(u32::MAX))
                        .sum();
                    (band.id.clone(), n)
                })
                .collect();
            scales.push(ScaleDistribution {
                instrument: def.id.clone(),
                scale: scale.id.clone(),
                bands: suppress(&cells, k),
            });
        }
    }
    ProgrammeFigures {
        programme,
        min_group: k,
        participants: (total >= k).then_some(total),
        states: suppress(&states, k),
        modules_done: suppress(&modules, k),
        scales,
        generated_at: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(counts: &[u32]) -> Vec<(String, u32)> {
        counts
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("c{i}"), *n))
            .collect()
    }

    fn shown(figures: &[Figure]) -> Vec<Option<u32>> {
        figures.iter().map(|f| f.count).collect()
    }

    #[test]
    fn a_count_below_k_is_withheld_and_k_itself_is_shown() {
        assert_eq!(
            shown(&suppress(&cells(&[4, 5, 9, 6]), 5)),
            // 4 is withheld, so the smallest shown one (5) goes with it.
            vec![None, None, Some(9), Some(6)]
        );
        assert_eq!(
            shown(&suppress(&cells(&[5, 5, 6]), 5)),
            vec![Some(5), Some(5), Some(6)]
        );
        assert_eq!(
            shown(&suppress(&cells(&[0, 3, 7, 8]), 5)),
            vec![None, None, Some(7), Some(8)],
            "two withheld already protect each other"
        );
        assert_eq!(shown(&suppress(&cells(&[4]), 5)), vec![None]);
        assert_eq!(shown(&suppress(&cells(&[]), 5)), Vec::<Option<u32>>::new());
    }

    #[test]
    fn a_small_programme_shows_no_total_and_no_small_cell() {
        let rows = FigureRows {
            participants: 4,
            states: vec![("active".into(), 4)],
            modules_done: vec![("soft-skills".into(), 4)],
            bands: vec![("soft-skills".into(), "reliability".into(), "high".into(), 4)],
        };
        let f = figures(&rows, 5, None, 0);
        assert_eq!(f.participants, None);
        assert!(f.states.iter().all(|s| s.count.is_none()));
        assert!(f.modules_done.iter().all(|s| s.count.is_none()));
        assert!(
            f.scales
                .iter()
                .flat_map(|s| &s.bands)
                .all(|b| b.count.is_none())
        );
        let f = figures(&rows, 2, None, 0);
        assert_eq!(f.participants, Some(4));
    }

    #[test]
    fn health_data_and_unshareable_scales_are_never_in_the_figures() {
        let f = figures(&FigureRows::default(), 5, None, 0);
        assert!(!f.scales.iter().any(|s| s.instrument == "fit-for-work"));
        for s in &f.scales {
            let def = instrument::find(&s.instrument).unwrap();
            assert!(def.scale(&s.scale).unwrap().agency_shareable);
        }
    }
}
