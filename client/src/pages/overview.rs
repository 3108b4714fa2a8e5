//! The participant's module overview: what the counsellor released, what is done
//! or skipped.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{ModuleState, ModuleStatus};
use lotse_shared::instrument;

use super::RequireSession;
use crate::api;
use crate::app::use_session;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;

#[component]
pub fn Overview() -> impl IntoView {
    view! { <RequireSession><OverviewContent/></RequireSession> }
}

#[component]
fn OverviewContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("overview.title").to_owned());
    let modules = RwSignal::new(None::<Vec<ModuleStatus>>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api::modules().await {
            Ok(list) => modules.set(Some(list)),
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
    });
    let name = move || {
        session.info.with(|s| {
            s.as_ref()
                .map(|s| s.display_name.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("overview.title")}</h1>
        <p>{move || i18n.fill("overview.greeting", &[("name", name())])}</p>
        <p>{move || i18n.t("overview.intro")}</p>
        <Alert message=error/>
        {move || match modules.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(list) if list.is_empty() => {
                view! { <p class="empty">{i18n.t("overview.empty")}</p> }.into_any()
            }
            Some(list) => {
                let lang = i18n.lang.get();
                view! {
                    <ul class="module-list">
                        {list
                            .into_iter()
                            .filter_map(|m| instrument::find(&m.instrument).map(|def| (m, def)))
                            .map(|(m, def)| {
                                let state_key = match m.state {
                                    ModuleState::Released => "state.released",
                                    ModuleState::Done => "state.done",
                                    ModuleState::Skipped => "state.skipped",
                                };
                                let start_key = match m.state {
                                    ModuleState::Done => "overview.retake_hint",
                                    _ => "overview.start",
                                };
                                view! {
                                    <li class="card module">
                                        <h2>{def.title.get(lang)}</h2>
                                        <p class="meta">
                                            <span class=format!("badge {state_key}")>{i18n.t(state_key)}</span>
                                            " · "
                                            {i18n.fill("overview.minutes", &[("n", def.minutes.to_string())])}
                                        </p>
                                        <p>{def.purpose.get(lang)}</p>
                                        <p class="actions">
                                            {(m.state != ModuleState::Done).then(|| view! {
                                                <a class="button" href=format!("/questionnaire/{}", def.id)>
                                                    {i18n.t(start_key)}
                                                    <span class="visually-hidden">": " {def.title.get(lang)}</span>
                                                </a>
                                            })}
                                            {(m.state == ModuleState::Done).then(|| view! {
                                                <a class="button" href=format!("/results/{}", def.id)>
                                                    {i18n.t("overview.show_result")}
                                                    <span class="visually-hidden">": " {def.title.get(lang)}</span>
                                                </a>
                                            })}
                                        </p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}
