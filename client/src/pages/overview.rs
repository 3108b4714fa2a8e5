//! The participant's module overview: what the counsellor released, what is done
//! or skipped, and where a result is waiting; and the way to their career
//! wishes and work profile.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{ModuleState, ModuleStatus, StoredResult};
use lotse_shared::instrument::{self, Instrument};

use super::RequireSession;
use crate::api;
use crate::app::use_session;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::journey::use_journey;

#[component]
pub fn Overview() -> impl IntoView {
    view! { <RequireSession><OverviewContent/></RequireSession> }
}

#[component]
fn OverviewContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let journey = use_journey();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("overview.title").to_owned());
    let modules = RwSignal::new(None::<Vec<ModuleStatus>>);
    let results = RwSignal::new(Vec::<StoredResult>::new());
    // Definitions arrive one by one, in any order; the cards appear together
    // once none is outstanding, so no card is inserted above the one a
    // participant is about to tap.
    let definitions = RwSignal::new(Vec::<&'static Instrument>::new());
    let outstanding = RwSignal::new(0_usize);
    let error = RwSignal::new(None::<&'static str>);
    // Answers kept on the device show as "continue" once they are read.
    {
        let subject = session
            .info
            .with_untracked(|i| i.as_ref().map(|i| i.subject.clone()))
            .unwrap_or_default();
        spawn_local(async move { journey.prepare(&subject).await });
    }
    spawn_local(async move {
        match api::modules().await {
            Ok(list) => {
                // Module 2 is no questionnaire: it has no definition to fetch.
                let questionnaires: Vec<String> = list
                    .iter()
                    .filter(|m| m.instrument != instrument::ACTIVITIES)
                    .map(|m| m.instrument.clone())
                    .collect();
                outstanding.set(questionnaires.len());
                for id in questionnaires {
                    spawn_local(async move {
                        match api::definition(&id).await {
                            Ok(def) => definitions.update(|d| d.push(def)),
                            Err(f) => error.set(Some(i18n.t(f.message_key()))),
                        }
                        outstanding.update(|n| *n = n.saturating_sub(1));
                    });
                }
                modules.set(Some(list));
            }
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
        if let Ok(list) = api::results().await {
            results.set(list);
        }
    });
    let name = move || {
        session.info.with(|s| {
            s.as_ref()
                .map(|s| s.display_name.clone())
                .unwrap_or_default()
        })
    };

    let questionnaire_card = move |m: ModuleStatus, def: &'static Instrument| {
        let lang = i18n.lang.get();
        let has_result = results.with(|r| r.iter().any(|r| r.instrument == def.id));
        let state_key = state_key(m.state);
        let subject = session
            .info
            .with_untracked(|i| i.as_ref().map(|i| i.subject.clone()))
            .unwrap_or_default();
        let start_key = if journey.started(&subject, &def.id) {
            "overview.continue"
        } else if has_result {
            "overview.retake"
        } else {
            "overview.start"
        };
        let title = def.title.get(lang);
        view! {
            <li class="card module">
                <h2>{title}</h2>
                <p class="meta">
                    <span class=format!("badge {}", state_key.replace('.', "-"))>{i18n.t(state_key)}</span>
                    " · "
                    {i18n.fill("overview.minutes", &[("n", def.minutes.to_string())])}
                </p>
                <p>{def.purpose.get(lang)}</p>
                {(m.state == ModuleState::Skipped).then(|| view! {
                    <p class="hint">{i18n.t("overview.skipped_hint")}</p>
                })}
                <p class="actions">
                    {(m.state != ModuleState::Done).then(|| view! {
                        <a class="button" href=format!("/questionnaire/{}", def.id) rel="external">
                            {i18n.t(start_key)}
                            <span class="visually-hidden">": " {title}</span>
                        </a>
                    })}
                    {has_result.then(|| view! {
                        <a class=if m.state == ModuleState::Done { "button" } else { "button secondary" }
                            href=format!("/results/{}", def.id)>
                            {i18n.t("overview.show_result")}
                            <span class="visually-hidden">": " {title}</span>
                        </a>
                    })}
                </p>
            </li>
        }
    };

    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("overview.title")}</h1>
        <p>{move || i18n.fill("overview.greeting", &[("name", name())])}</p>
        <p>{move || i18n.t("overview.intro")}</p>
        <Alert message=error/>
        {move || match modules.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(_) if outstanding.get() > 0 => {
                view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any()
            }
            Some(list) if list.is_empty() => {
                view! { <p class="empty">{i18n.t("overview.empty")}</p> }.into_any()
            }
            Some(list) => {
                view! {
                    <ul class="module-list">
                        {list
                            .into_iter()
                            .filter_map(|m| {
                                if m.instrument == instrument::ACTIVITIES {
                                    return Some(activities_card(i18n, m.state).into_any());
                                }
                                let def = definitions.with(|d| d.iter().find(|d| d.id == m.instrument).copied());
                                def.map(|def| questionnaire_card(m, def).into_any())
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
        <section class="card" aria-labelledby="career-heading">
            <h2 id="career-heading">{i18n.tr("career.overview_heading")}</h2>
            <p>{i18n.tr("career.overview_text")}</p>
            <p><a href="/my-career">{i18n.tr("career.overview_link")}</a></p>
        </section>
    }
}

fn state_key(state: ModuleState) -> &'static str {
    match state {
        ModuleState::Released => "state.released",
        ModuleState::Done => "state.done",
        ModuleState::Skipped => "state.skipped",
    }
}

/// Module 2's card: it is filled in on the career page, not as a questionnaire.
fn activities_card(i18n: I18n, state: ModuleState) -> impl IntoView {
    let key = state_key(state);
    let title = i18n.t("career.activities_title");
    view! {
        <li class="card module">
            <h2>{title}</h2>
            <p class="meta">
                <span class=format!("badge {}", key.replace('.', "-"))>{i18n.t(key)}</span>
            </p>
            <p>{i18n.t("career.activities_open")}</p>
            <p class="actions">
                <a class="button" href="/my-career#activities-title">
                    {i18n.t("career.activities_link")}
                    <span class="visually-hidden">": " {title}</span>
                </a>
            </p>
        </li>
    }
}
