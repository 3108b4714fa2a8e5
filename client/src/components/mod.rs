//! Presentational pieces: typed props, no fetching.

pub mod live;
pub mod occupation_picker;

use leptos::html;
use leptos::prelude::*;
use lotse_shared::Lang;
use lotse_shared::api::ScaleAggregate;
use lotse_shared::instrument::{Instrument, ReportKind};

use crate::i18n::{I18n, use_i18n};

/// The organisation's public profile (who is responsible, whom to ask),
/// loaded once per page for the footer and the pages that name it.
#[derive(Debug, Clone, Copy)]
pub struct Organisation(pub RwSignal<Option<lotse_shared::api::OrganisationProfile>>);

impl Organisation {
    /// Provides it as context and starts loading it (public data).
    pub fn provide() {
        let organisation = Organisation(RwSignal::new(None));
        provide_context(organisation);
        leptos::task::spawn_local(async move {
            organisation.0.set(crate::api::organisation().await.ok());
        });
    }
}

/// Keeps `<html lang>` in step with the chosen language (WCAG 3.1.1).
pub fn follow_lang(i18n: I18n) {
    Effect::new(move || {
        let tag = i18n.lang.get().tag();
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", tag);
        }
    });
}

/// The language menu of the header; a choice loads that language's texts.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="lang-picker">
            <span class="visually-hidden">{move || i18n.t("nav.language")}</span>
            <select on:change=move |ev| {
                if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                    i18n.switch(lang);
                }
            }>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() selected=move || i18n.lang.get() == lang>
                                {lang.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The privacy notice (a page from the server) in `lang`, at `version` or the
/// current one. Links to it, and to `/` (sign-in, also the server's), carry
/// `rel="external"`: the app's router leaves them to the browser.
pub fn privacy_href(lang: Lang, version: Option<u32>) -> String {
    match version {
        Some(version) => format!("/privacy?lang={}&version={version}", lang.tag()),
        None => format!("/privacy?lang={}", lang.tag()),
    }
}

/// The footer of every participant page: what Lotse keeps, who is
/// responsible and whom to ask, and the privacy notice.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    let organisation = expect_context::<Organisation>().0;
    view! {
        <footer class="site-footer">
            <p>{move || i18n.t("common.footer")}</p>
            {move || organisation.get().filter(|o| !o.controller_name.is_empty()).map(|o| view! {
                <p>{i18n.fill("common.footer_org", &[("controller", o.controller_name), ("help", o.help_contact)])}</p>
            })}
            <p><a href=move || privacy_href(i18n.lang.get(), None) rel="external">{i18n.tr("nav.privacy")}</a></p>
        </footer>
    }
}

/// "Skip to content": moves focus into `<main id="main">` itself (the router
/// would treat the fragment as a navigation and leave focus where it was), so
/// the next Tab starts in the content.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document()
                .get_element_by_id("main")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = main.focus();
            }
        }>{move || i18n.t("nav.skip")}</a>
    }
}

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

/// After an entry of a list was removed: focus the first button of the entry
/// now at `position` (or of the last entry), so a keyboard user stays in the
/// list; with none left, the element `fallback` (a CSS selector, usually the
/// form's first field). Call it once the list has been redrawn.
pub fn focus_after_removal(buttons: &str, position: usize, fallback: &str) {
    let doc = document();
    let list = doc.query_selector_all(buttons).ok();
    let count = list.as_ref().map_or(0, web_sys::NodeList::length);
    let target = list
        .filter(|_| count > 0)
        .and_then(|b| b.get(u32::try_from(position).unwrap_or(u32::MAX).min(count - 1)))
        .or_else(|| doc.query_selector(fallback).ok().flatten().map(Into::into))
        .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok());
    if let Some(element) = target {
        let _ = element.focus();
    }
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

/// The result chart: one row per scale with its name, a bar over its bands (an
/// orientation such as mLevel gets a marker between its two poles) and its value
/// with the band's words. Names, values and poles are HTML text at body size, so
/// they stay readable on a phone, reflow with 200 % text and are read in order
/// by screen readers; a single index lists its bands under the bar. Only the
/// bars are drawn, as SVG attributes (no inline styles, so the CSP can forbid
/// them), stretched to the row's width and hidden from assistive technology.
#[component]
pub fn ScoreChart(
    instrument: &'static Instrument,
    scales: Vec<ScaleAggregate>,
    lang: Lang,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = scales
        .iter()
        .filter_map(|agg| instrument.scale(&agg.scale).map(|s| (agg, s)))
        .map(|(agg, scale)| {
            let band = agg.score.and_then(|s| scale.band_for(s));
            let value = match (agg.score, band) {
                (Some(score), Some(b)) => i18n.fill(
                    "result.score",
                    &[("score", score.to_string()), ("band", b.label.get(lang).to_owned())],
                ),
                (Some(score), None) => score.to_string(),
                (None, _) => i18n.t("result.not_enough").to_owned(),
            };
            // Bands as faint segments of the track, so the thresholds are visible.
            let segments = scale
                .bands
                .iter()
                .enumerate()
                .map(|(n, b)| {
                    let to = (u16::from(b.to) + 1).min(100);
                    let width = to.saturating_sub(u16::from(b.from)).max(1);
                    view! {
                        <rect x=b.from y=0 width=width height=10
                            class=format!("chart-band chart-band-{}", n % 3)></rect>
                    }
                })
                .collect_view();
            let oriented = scale.poles.is_some();
            let mark = agg.score.map(|s| {
                if oriented {
                    // A marker 2 units wide, centred on the score and kept inside the track.
                    let x = f32::from(s).clamp(1.0, 99.0) - 1.0;
                    view! { <rect x=x y=0 width=2 height=10 class="chart-marker"></rect> }.into_any()
                } else {
                    view! { <rect x=0 y=2.5 width=s height=5 class="chart-bar"></rect> }.into_any()
                }
            });
            let poles = scale.poles.as_ref().map(|p| {
                let (low, high) = (p.low.get(lang).to_owned(), p.high.get(lang).to_owned());
                let said = i18n.fill("result.poles", &[("low", low.clone()), ("high", high.clone())]);
                view! {
                    // Under the ends of the track for the eye; one sentence for screen readers.
                    <div class="chart-poles" aria-hidden="true"><span>{low}</span><span>{high}</span></div>
                    <span class="visually-hidden">{said}</span>
                }
            });
            let legend = (instrument.report == ReportKind::Index).then(|| {
                view! {
                    <ul class="chart-legend">
                        {scale.bands.iter().map(|b| view! {
                            <li>{format!("{}–{}: {}", b.from, b.to, b.label.get(lang))}</li>
                        }).collect_view()}
                    </ul>
                }
            });
            view! {
                <li class="chart-row">
                    <span class="chart-label">{scale.name.get(lang).to_owned()}</span>
                    <div class="chart-graph">
                        <div class="chart-scale">
                            <svg class="chart-track" viewBox="0 0 100 10" preserveAspectRatio="none"
                                aria-hidden="true" focusable="false">
                                {segments}
                                {mark}
                            </svg>
                            {poles}
                        </div>
                        <span class="chart-value">{value}</span>
                    </div>
                    {legend}
                </li>
            }
        })
        .collect_view();
    let title = match instrument.report {
        ReportKind::Index => i18n.t("result.chart_title_index"),
        ReportKind::Profile => i18n.t("result.chart_title"),
    };
    view! {
        <figure class="chart">
            <figcaption class="chart-title">{title}</figcaption>
            <ul class="chart-rows">{rows}</ul>
        </figure>
    }
}
