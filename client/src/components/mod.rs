//! Presentational pieces: typed props, no fetching.

pub mod live;

use leptos::html;
use leptos::prelude::*;
use lotse_shared::Lang;
use lotse_shared::api::ScaleAggregate;
use lotse_shared::instrument::{Instrument, ReportKind};

use crate::i18n::use_i18n;

/// Sets the document title and moves focus to the page heading once it exists,
/// so screen-reader users hear where they arrived after a route change.
pub fn page_setup(heading: NodeRef<html::H1>, title: impl Fn() -> String + 'static) {
    Effect::new(move || {
        document().set_title(&format!("{} – Lotse", title()));
    });
    Effect::new(move || {
        if let Some(h1) = heading.get() {
            let _ = h1.focus();
        }
    });
}

/// A polite live message, e.g. an error after a failed request.
#[component]
pub fn Alert(#[prop(into)] message: Signal<Option<&'static str>>) -> impl IntoView {
    view! {
        <div role="alert" class="alert-region">
            {move || message.get().map(|m| view! { <p class="alert">{m}</p> })}
        </div>
    }
}

/// The result chart as SVG: one bar per scale over its bands, an orientation
/// (mLevel) as a marker between its two poles, and an index as a single bar. It is
/// an image with a text equivalent (title + description); the explanations below
/// it carry the same content in full. SVG attributes only, no inline styles, so
/// the CSP can forbid them.
#[component]
pub fn ScoreChart(
    instrument: &'static Instrument,
    scales: Vec<ScaleAggregate>,
    lang: Lang,
) -> impl IntoView {
    const WIDTH: i32 = 300;
    let i18n = use_i18n();
    let mut y = 0;
    let mut summary = Vec::new();
    let rows = scales
        .iter()
        .filter_map(|agg| instrument.scale(&agg.scale).map(|s| (agg, s)))
        .map(|(agg, scale)| {
            let top = y;
            let name = scale.name.get(lang).to_owned();
            let x = agg.score.map(|s| i32::from(s) * WIDTH / 100);
            let value = agg.score.map_or_else(
                || i18n.t("result.not_enough").to_owned(),
                |s| s.to_string(),
            );
            let band = agg.score.and_then(|s| scale.band_for(s));
            summary.push(format!(
                "{name}: {value}{}",
                band.map(|b| format!(" ({})", b.label.get(lang)))
                    .unwrap_or_default()
            ));
            // Bands as faint segments of the track, so the thresholds are visible.
            let segments = scale
                .bands
                .iter()
                .enumerate()
                .map(|(n, b)| {
                    let from = i32::from(b.from) * WIDTH / 100;
                    let to = (i32::from(b.to) + 1).min(100) * WIDTH / 100;
                    view! {
                        <rect x=from y=top + 18 width=(to - from).max(1) height=14
                            class=format!("chart-band chart-band-{}", n % 3)></rect>
                    }
                })
                .collect_view();
            if let Some(poles) = &scale.poles {
                y += 62;
                view! {
                    <g class="chart-orientation">
                        <text x=0 y=top + 12 class="chart-label">{name}</text>
                        {segments}
                        {x.map(|x| view! {
                            <circle cx=x cy=top + 25 r=9 class="chart-marker"></circle>
                        })}
                        <text x=WIDTH + 8 y=top + 30 class="chart-value">{value}</text>
                        <text x=0 y=top + 48 class="chart-pole">{poles.low.get(lang).to_owned()}</text>
                        <text x=WIDTH y=top + 48 text-anchor="end" class="chart-pole">{poles.high.get(lang).to_owned()}</text>
                    </g>
                }
                .into_any()
            } else {
                y += 44;
                // A single index gets its band thresholds written under the bar.
                let ticks = (instrument.report == ReportKind::Index).then(|| {
                    y += 16;
                    scale
                        .bands
                        .iter()
                        .map(|b| i32::from(b.from))
                        .chain([100])
                        .map(|t| {
                            let anchor = match t {
                                0 => "start",
                                100 => "end",
                                _ => "middle",
                            };
                            view! {
                                <text x=t * WIDTH / 100 y=top + 46 text-anchor=anchor class="chart-pole">{t}</text>
                            }
                        })
                        .collect_view()
                });
                view! {
                    <g>
                        <text x=0 y=top + 12 class="chart-label">{name}</text>
                        {segments}
                        {x.map(|x| view! {
                            <rect x=0 y=top + 21 width=x height=8 class="chart-bar"></rect>
                        })}
                        <text x=WIDTH + 8 y=top + 30 class="chart-value">{value}</text>
                        {ticks}
                    </g>
                }
                .into_any()
            }
        })
        .collect_view();
    let title_id = format!("chart-title-{}", instrument.id);
    let desc_id = format!("chart-desc-{}", instrument.id);
    let title = match instrument.report {
        ReportKind::Index => i18n.t("result.chart_title_index"),
        ReportKind::Profile => i18n.t("result.chart_title"),
    };
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 360 {y}")
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMinYMin meet"
            >
                <title id=title_id>{title}</title>
                <desc id=desc_id>{summary.join("; ")}</desc>
                {rows}
            </svg>
        </figure>
    }
}
