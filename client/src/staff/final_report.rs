//! The detailed report at the end of counselling: one printable document
//! (A4, black and white) with every module's result and its explanation, the
//! competences, the occupational wishes, the work profile and the data sheet,
//! for the participant to take home. Read only; every part is read through
//! the audited endpoints the dossier uses.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lotse_shared::api::{Competence, DataSheet, Dossier, OccupationWish, StoredResult};
use lotse_shared::instrument;

use super::dossier::ResultArticle;
use super::matching::{ProfileSection, occupation_text};
use super::{RequireStaff, failure_text};
use crate::api_staff;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;
use crate::views::{format_time, level_text};

/// `/staff/participants/:id/final`
#[component]
pub fn FinalReportPage() -> impl IntoView {
    view! { <RequireStaff allow=super::roles::counsels><FinalReport/></RequireStaff> }
}

#[component]
fn FinalReport() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("final.title").to_owned());
    let error = RwSignal::new(None::<&'static str>);
    let dossier = RwSignal::new(None::<Dossier>);
    let results = RwSignal::new(None::<Vec<StoredResult>>);
    let competences = RwSignal::new(Vec::<Competence>::new());
    let wishes = RwSignal::new(Vec::<OccupationWish>::new());
    let sheet = RwSignal::new(None::<DataSheet>);
    let load = id.clone();
    spawn_local(async move {
        let id = load;
        let fail = |f| error.set(Some(failure_text(i18n, &f)));
        match api_staff::dossier(&id).await {
            Ok(d) => dossier.set(Some(d)),
            Err(f) => return fail(f),
        }
        match api_staff::results(&id).await {
            // Newest first from the server; the report shows the latest per module.
            Ok(r) => {
                let mut latest: Vec<StoredResult> = Vec::new();
                for result in r.results {
                    if !latest.iter().any(|x| x.instrument == result.instrument) {
                        latest.push(result);
                    }
                }
                results.set(Some(latest));
            }
            Err(f) => fail(f),
        }
        match api_staff::competences(&id).await {
            Ok(c) => competences.set(c),
            Err(f) => fail(f),
        }
        match api_staff::wishes(&id).await {
            Ok(w) => wishes.set(w),
            Err(f) => fail(f),
        }
        match api_staff::datasheet(&id).await {
            Ok(s) => sheet.set(Some(s)),
            Err(f) => fail(f),
        }
    });
    let back = format!("/staff/participants/{id}");
    // Seconds since 1970 fit an i64 for the next 292 billion years.
    #[allow(clippy::cast_possible_truncation)]
    let printed = format_time((js_sys::Date::now() / 1000.0) as i64);
    view! {
        <article class="card print-a4 final-report">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("final.title")}</h1>
            <Alert message=error/>
            {move || dossier.get().map(|d| view! {
                <dl class="facts">
                    <div><dt>{i18n.t("final.for")}</dt><dd>{d.display_name.clone()}</dd></div>
                    <div><dt>{i18n.t("staff.programme")}</dt><dd>{d.programme.clone()}</dd></div>
                    <div><dt>{i18n.t("staff.counsellor")}</dt><dd>{d.counsellor.clone().unwrap_or_else(|| "–".into())}</dd></div>
                    <div><dt>{i18n.t("final.printed")}</dt><dd>{printed.clone()}</dd></div>
                </dl>
            })}
            <p>{move || i18n.t("final.intro")}</p>
            <section aria-labelledby="final-results">
                <h2 id="final-results">{move || i18n.t("final.results")}</h2>
                {move || match results.get() {
                    None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
                    Some(list) if list.is_empty() => view! { <p class="empty">{i18n.t("staff.results_none")}</p> }.into_any(),
                    Some(list) => list.into_iter()
                        .filter_map(|r| instrument::find(&r.instrument).map(|d| view! { <ResultArticle result=r definition=d/> }))
                        .collect_view().into_any(),
                }}
            </section>
            <section aria-labelledby="final-competences">
                <h2 id="final-competences">{move || i18n.t("staff.competences")}</h2>
                {move || if competences.with(Vec::is_empty) {
                    view! { <p class="empty">{i18n.t("staff.competences_none")}</p> }.into_any()
                } else {
                    view! { <ul>{competences.get().into_iter().map(|c| view! {
                        <li><strong>{c.skill.clone()}</strong>" – "{level_text(i18n, c.level)}
                            {(!c.evidence.is_empty()).then(|| view! { <span>" ("{c.evidence.clone()}")"</span> })}
                            {c.occupation.as_ref().map(|o| view! { <span class="meta">" · ESCO "{o.code.clone()}": "{occupation_text(i18n, o)}</span> })}</li>
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="final-wishes">
                <h2 id="final-wishes">{move || i18n.t("jobs.wishes")}</h2>
                {move || if wishes.with(Vec::is_empty) {
                    view! { <p class="empty">{i18n.t("jobs.wishes_none")}</p> }.into_any()
                } else {
                    view! {
                        <ul>{wishes.get().into_iter().map(|w| view! { <li>{occupation_text(i18n, &w.occupation)}</li> }).collect_view()}</ul>
                        <p class="meta">{i18n.t("jobs.source")}</p>
                    }.into_any()
                }}
            </section>
            <ProfileSection id=id.clone()/>
            <section aria-labelledby="final-sheet">
                <h2 id="final-sheet">{move || i18n.t("staff.datasheet")}</h2>
                {move || sheet.get().map(|s| view! {
                    <h3>{i18n.t("staff.datasheet_results")}</h3>
                    <p class="wording">{if s.results.is_empty() { "–".to_owned() } else { s.results.clone() }}</p>
                    <h3>{i18n.t("staff.datasheet_notes")}</h3>
                    <p class="wording">{if s.notes.is_empty() { "–".to_owned() } else { s.notes.clone() }}</p>
                })}
            </section>
            <p class="note">{move || i18n.t("final.decide")}</p>
            <p class="actions no-print">
                <button type="button" class="button" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{move || i18n.t("staff.report_print")}</button>
                <a class="button secondary" href=back>{move || i18n.t("staff.back")}</a>
            </p>
        </article>
    }
}
