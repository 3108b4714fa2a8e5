//! Presentational pieces: typed props, no fetching.

use leptos::html;
use leptos::prelude::*;
use lotse_shared::Lang;
use lotse_shared::api::ScaleAggregate;
use lotse_shared::instrument::Instrument;

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

/// A bar chart of scale scores (0–100) as SVG, with a text equivalent for screen
/// readers. SVG attributes only, no inline styles, so the CSP can forbid them.
#[component]
pub fn ScoreChart(
    instrument: &'static Instrument,
    scales: Vec<ScaleAggregate>,
    lang: Lang,
) -> impl IntoView {
    let i18n = use_i18n();
    let row_height = 36;
    let label_width = 0;
    let height = row_height * i32::try_from(scales.len()).unwrap_or(0) + 24;
    let title_id = format!("chart-title-{}", instrument.id);
    let rows = scales
        .iter()
        .enumerate()
        .map(|(n, agg)| {
            let y = i32::try_from(n).unwrap_or(0) * row_height;
            let name = instrument
                .scale(&agg.scale)
                .map_or(agg.scale.clone(), |s| s.name.get(lang).to_owned());
            let score = agg.score.map(i32::from);
            let width = score.map_or(0, |s| s * 3);
            let value = score.map_or_else(|| i18n.t("result.not_enough").to_owned(), |s| s.to_string());
            view! {
                <g>
                    <text x=label_width y=y + 12 class="chart-label">{name}</text>
                    <rect x=label_width y=y + 16 width=300 height=12 rx=3 class="chart-track"></rect>
                    <rect x=label_width y=y + 16 width=width height=12 rx=3 class="chart-bar"></rect>
                    <text x=308 y=y + 27 class="chart-value">{value}</text>
                </g>
            }
        })
        .collect_view();
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 360 {height}")
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMinYMin meet"
            >
                <title id=title_id>{i18n.t("result.chart_title")}</title>
                {rows}
            </svg>
        </figure>
    }
}
