//! The participant's result for one questionnaire: chart, band explanations, who
//! sees what, earlier results, and a printable detailed report
//! (`/results/:id/print`, laid out for A4 by the print stylesheet).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lotse_shared::Lang;
use lotse_shared::api::{QualityFlag, StoredResult};
use lotse_shared::instrument::Instrument;

use super::RequireSession;
use crate::api;
use crate::app::use_session;
use crate::components::{Alert, ScoreChart, page_setup};
use crate::i18n::{I18n, use_i18n};

#[component]
pub fn ResultPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! { <RequireSession>{move || view! { <ResultContent id=id.get() print=false/> }}</RequireSession> }
}

/// The printable detailed report.
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! { <RequireSession>{move || view! { <ResultContent id=id.get() print=true/> }}</RequireSession> }
}

use crate::locale::date;

#[component]
fn ResultContent(id: String, print: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let organisation = use_context::<crate::components::Organisation>();
    let heading = NodeRef::<html::H1>::new();
    // `Some(None)`: there is no such questionnaire.
    let definition = RwSignal::new(None::<Option<&'static Instrument>>);
    let def = move || definition.get().flatten();
    let title_key = if print {
        "report.title"
    } else {
        "result.title"
    };
    page_setup(heading, move || {
        def().map_or_else(
            || i18n.t(title_key).to_owned(),
            |d| format!("{}: {}", i18n.t(title_key), d.title.get(i18n.lang.get())),
        )
    });
    // All of this instrument's results, newest first (the server's order).
    let results = RwSignal::new(None::<Vec<StoredResult>>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        definition.set(Some(api::definition(&id).await.ok()));
        match api::results().await {
            Ok(all) => {
                results.set(Some(
                    all.into_iter().filter(|r| r.instrument == id).collect(),
                ));
            }
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
    });
    let name = move || {
        session
            .info
            .with(|s| s.as_ref().map(|s| s.display_name.clone()))
    };

    view! {
        <h1 tabindex="-1" node_ref=heading>
            {move || i18n.t(title_key)}
            {move || def().map(|d| format!(": {}", d.title.get(i18n.lang.get())))}
        </h1>
        <Alert message=error/>
        {move || {
            let lang = i18n.lang.get();
            match (results.get(), definition.get()) {
                (None, _) | (_, None) => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
                (Some(list), Some(Some(d))) if !list.is_empty() => {
                    let latest = list[0].clone();
                    let earlier = list[1..].to_vec();
                    view! {
                        {print.then(|| view! {
                            // Each term with its value in a group, so the value can wrap
                            // under its term on a narrow screen.
                            <dl class="report-meta">
                                {organisation.and_then(|o| o.0.get()).map(|o| view! {
                                    <div>
                                        <dt>{i18n.t("report.organisation")}</dt>
                                        <dd>{format!("{}, {}", o.controller_name, crate::views::one_line(&o.controller_address))}</dd>
                                    </div>
                                })}
                                <div><dt>{i18n.t("report.participant")}</dt><dd>{name()}</dd></div>
                                <div>
                                    <dt>{i18n.t("report.questionnaire")}</dt>
                                    <dd>{i18n.fill("report.version", &[("title", d.title.get(lang).to_owned()), ("v", latest.version.to_string())])}</dd>
                                </div>
                                <div><dt>{i18n.t("report.date")}</dt><dd>{date(latest.submitted_at, lang)}</dd></div>
                            </dl>
                        })}
                        {(!print).then(|| view! {
                            <p class="hint">{i18n.fill("result.submitted", &[("date", date(latest.submitted_at, lang))])}</p>
                        })}
                        <ResultBody def=d result=latest lang=lang i18n=i18n/>
                        {(!earlier.is_empty()).then(|| view! { <History def=d earlier=earlier lang=lang i18n=i18n/> })}
                        <p class="actions no-print">
                            {if print {
                                view! {
                                    <button type="button" class="button" on:click=|_| {
                                        if let Some(w) = web_sys::window() { let _ = w.print(); }
                                    }>{i18n.t("result.print")}</button>
                                    <a class="button secondary" href=format!("/results/{}", d.id)>{i18n.t("report.back")}</a>
                                }.into_any()
                            } else {
                                view! {
                                    <a class="button" href=format!("/results/{}/print", d.id)>{i18n.t("result.open_report")}</a>
                                    <a class="button secondary" href="/modules">{i18n.t("result.back")}</a>
                                }.into_any()
                            }}
                        </p>
                    }.into_any()
                }
                _ => view! {
                    <p class="empty">{i18n.t("result.none")}</p>
                    <p><a href="/modules">{i18n.t("result.back")}</a></p>
                }.into_any(),
            }
        }}
    }
}

/// Chart, per-scale explanation and sharing, and the instrument's notes.
#[component]
fn ResultBody(
    def: &'static Instrument,
    result: StoredResult,
    lang: Lang,
    i18n: I18n,
) -> impl IntoView {
    view! {
        <section class="card report" aria-labelledby="chart-heading">
            <h2 id="chart-heading">{i18n.t("result.overview")}</h2>
            <ScoreChart instrument=def scales=result.scales.clone() lang=lang/>
            <h2>{i18n.t("result.explanations")}</h2>
            <dl class="scales">
                {result.scales.iter().filter_map(|agg| def.scale(&agg.scale).map(|s| (agg, s))).map(|(agg, s)| {
                    let band = agg.score.and_then(|score| s.band_for(score));
                    let shared = if s.agency_shareable { "result.shared_agency" } else { "result.shared_never" };
                    view! {
                        <dt>{s.name.get(lang)}</dt>
                        <dd>
                            <p class="score">
                                {match (agg.score, band) {
                                    (Some(score), Some(b)) => i18n.fill("result.score", &[("score", score.to_string()), ("band", b.label.get(lang).to_owned())]),
                                    _ => i18n.t("result.not_enough").to_owned(),
                                }}
                            </p>
                            <p class="description">{s.description.get(lang)}</p>
                            {s.poles.as_ref().map(|p| view! {
                                <p class="description">{i18n.fill("result.poles", &[("low", p.low.get(lang).to_owned()), ("high", p.high.get(lang).to_owned())])}</p>
                            })}
                            {band.map(|b| view! { <p>{b.explanation.get(lang)}</p> })}
                            <p class="shared">{i18n.t(shared)}</p>
                        </dd>
                    }
                }).collect_view()}
            </dl>
            {(result.quality != QualityFlag::Ok).then(|| view! {
                <p class="note">{i18n.t("result.quality_note")}</p>
            })}
            <h2>{i18n.t("result.who_sees")}</h2>
            <p>{def.who_sees.get(lang)}</p>
            <p>{i18n.t("result.answers_stayed")}</p>
            <p class="note">{def.note.get(lang)}</p>
        </section>
    }
}

/// Earlier results of the same questionnaire (after a retake): kept, listed.
#[component]
fn History(
    def: &'static Instrument,
    earlier: Vec<StoredResult>,
    lang: Lang,
    i18n: I18n,
) -> impl IntoView {
    view! {
        <section class="card history" aria-labelledby="history-heading">
            <h2 id="history-heading">{i18n.t("result.history")}</h2>
            <ul>
                {earlier.into_iter().map(|r| {
                    let scores = r.scales.iter().filter_map(|agg| def.scale(&agg.scale).map(|s| {
                        let value = agg.score.map_or_else(|| i18n.t("result.not_enough").to_owned(), |v| v.to_string());
                        format!("{} {value}", s.name.get(lang))
                    })).collect::<Vec<_>>().join(" · ");
                    view! { <li><strong>{date(r.submitted_at, lang)}</strong>": " {scores}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}
