//! The participant's result for one questionnaire: chart, band explanations, who
//! sees it, and a printable report.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lotse_shared::api::{QualityFlag, StoredResult};
use lotse_shared::instrument;

use super::RequireSession;
use crate::api;
use crate::components::{Alert, ScoreChart, page_setup};
use crate::i18n::use_i18n;

#[component]
pub fn ResultPage() -> impl IntoView {
    view! { <RequireSession><ResultContent/></RequireSession> }
}

#[component]
fn ResultContent() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let heading = NodeRef::<html::H1>::new();
    let id = move || params.read().get("id").unwrap_or_default();
    let def = move || instrument::find(&id());
    page_setup(heading, move || {
        def().map_or_else(
            || i18n.t("result.title").to_owned(),
            |d| {
                format!(
                    "{}: {}",
                    i18n.t("result.title"),
                    d.title.get(i18n.lang.get())
                )
            },
        )
    });
    let result = RwSignal::new(None::<Option<StoredResult>>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api::results().await {
            Ok(all) => {
                let wanted = id();
                result.set(Some(all.into_iter().find(|r| r.instrument == wanted)));
            }
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
    });

    view! {
        <h1 tabindex="-1" node_ref=heading>
            {move || i18n.t("result.title")}
            {move || def().map(|d| format!(": {}", d.title.get(i18n.lang.get())))}
        </h1>
        <Alert message=error/>
        {move || {
            let lang = i18n.lang.get();
            match (result.get(), def()) {
                (None, _) => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
                (Some(None), _) | (_, None) => view! { <p class="empty">{i18n.t("result.none")}</p> }.into_any(),
                (Some(Some(r)), Some(d)) => view! {
                    <section class="card report">
                        <ScoreChart instrument=d scales=r.scales.clone() lang=lang/>
                        <h2>{i18n.t("result.explanations")}</h2>
                        <dl class="scales">
                            {r.scales.iter().filter_map(|agg| d.scale(&agg.scale).map(|s| (agg, s))).map(|(agg, s)| {
                                let band = agg.score.and_then(|score| s.band_for(score));
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
                                        {band.map(|b| view! { <p>{b.explanation.get(lang)}</p> })}
                                    </dd>
                                }
                            }).collect_view()}
                        </dl>
                        {(r.quality != QualityFlag::Ok).then(|| view! {
                            <p class="note">{i18n.t("result.quality_note")}</p>
                        })}
                        <h2>{i18n.t("result.who_sees")}</h2>
                        <p>{d.who_sees.get(lang)}</p>
                        <p class="note">{d.note.get(lang)}</p>
                        <p class="actions no-print">
                            <button type="button" class="button" on:click=|_| {
                                if let Some(w) = web_sys::window() { let _ = w.print(); }
                            }>{i18n.t("result.print")}</button>
                            <a class="button secondary" href="/modules">{i18n.t("result.back")}</a>
                        </p>
                    </section>
                }.into_any(),
            }
        }}
    }
}
