//! The participant's view of staff work on their dossier: who looked at or
//! changed what (`/my-data/audit`), and the agency report they see and agree to
//! before it is released (`/my-data/report`). The "My data" page links here.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{AuditEntry, ReportOverview, ReportState};

use super::RequireSession;
use crate::api_me;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;
use crate::views::{AuditList, ReportContentView, format_time};

#[component]
pub fn MyAudit() -> impl IntoView {
    view! { <RequireSession><MyAuditContent/></RequireSession> }
}

#[component]
fn MyAuditContent() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("audit.title").to_owned());
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_me::my_audit().await {
            Ok(list) => entries.set(list),
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
        loaded.set(true);
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("audit.title")}</h1>
        <p>{move || i18n.t("audit.intro")}</p>
        <Alert message=error/>
        <Show when=move || loaded.get() fallback=move || view! { <p class="loading">{i18n.t("common.loading")}</p> }>
            <AuditList entries=entries/>
        </Show>
        <p><a href="/modules">{move || i18n.t("audit.back")}</a></p>
    }
}

#[component]
pub fn MyReport() -> impl IntoView {
    view! { <RequireSession><MyReportContent/></RequireSession> }
}

#[component]
fn MyReportContent() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("audit.report_title").to_owned());
    let overview = RwSignal::new(None::<ReportOverview>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_me::my_report().await {
            Ok(o) => {
                // Instrument and scale names come from definitions loaded on demand.
                let ids: Vec<String> = o
                    .draft
                    .iter()
                    .chain(&o.released)
                    .flat_map(|r| r.content.results.iter().map(|x| x.instrument.clone()))
                    .collect();
                crate::api::load_definitions(ids.iter().map(String::as_str)).await;
                overview.set(Some(o));
            }
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
    });
    let proposal = RwSignal::new(String::new());
    let decline = move |_| {
        spawn_local(async move {
            match api_me::decline_report(proposal.get_untracked()).await {
                Ok(o) => {
                    overview.set(Some(o));
                    proposal.set(String::new());
                    crate::components::live::announce(i18n.t("audit.report_declined"));
                }
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
        });
    };
    let agree = move |wording: String, hash: String| {
        spawn_local(async move {
            match api_me::agree_report(wording, hash).await {
                Ok(o) => overview.set(Some(o)),
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
        });
    };
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("audit.report_title")}</h1>
        <p>{move || i18n.t("audit.report_intro")}</p>
        <Alert message=error/>
        {move || match overview.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(o) => {
                let draft = o.draft.map(|d| {
                    let wording = d.content.wording.clone();
                    let hash = d.content_hash.clone();
                    let agreed = d.state == ReportState::Agreed;
                    view! {
                        <section class="card" aria-labelledby="draft-title">
                            <h2 id="draft-title">{i18n.t("audit.report_draft")}</h2>
                            <ReportContentView content=d.content find=crate::api::cached_definition/>
                            {if agreed {
                                view! { <p role="status" class="note">{i18n.t("audit.report_agreed")}</p> }.into_any()
                            } else {
                                view! { <p class="actions"><button type="button" class="button"
                                    on:click=move |_| agree(wording.clone(), hash.clone())>{i18n.t("audit.report_agree")}</button></p> }.into_any()
                            }}
                            {d.proposal.clone().map(|_| view! { <p class="note">{i18n.t("audit.report_proposal_sent")}</p> })}
                            <details class="decline">
                                <summary>{i18n.t("audit.report_decline_open")}</summary>
                                <label for="report-proposal">{i18n.t("audit.report_proposal")}</label>
                                <textarea id="report-proposal" rows="4" maxlength="4000" prop:value=proposal
                                    on:input=move |ev| proposal.set(event_target_value(&ev))></textarea>
                                <p class="actions"><button type="button" class="button secondary" on:click=decline>
                                    {i18n.t("audit.report_decline")}</button></p>
                            </details>
                        </section>
                    }
                });
                let released = o.released.into_iter().map(|r| view! {
                    <section class="card">
                        <h2>{i18n.fill("staff.report_released_at", &[("time", r.released_at.map(format_time).unwrap_or_default())])}</h2>
                        <ReportContentView content=r.content find=crate::api::cached_definition/>
                    </section>
                }).collect_view();
                let empty = draft.is_none();
                view! {
                    {draft}
                    {released}
                    {empty.then(|| view! { <p class="empty">{i18n.t("audit.report_none")}</p> })}
                }.into_any()
            }
        }}
    }
}
