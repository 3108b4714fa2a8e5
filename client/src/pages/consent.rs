//! The consent screen after sign-in: the notice, the optional consents as
//! separate unticked checkboxes, and two equal buttons — agree or decline.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use lotse_shared::api::ConsentDecision;

use super::RequireSession;
use super::privacy::{NoticeLoader, load_notice};
use crate::api;
use crate::app::use_session;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;

#[component]
pub fn Consent() -> impl IntoView {
    let declined = RwSignal::new(false);
    view! {
        {move || declined.get().then(|| view! { <Declined/> })}
        {move || {
            (!declined.get()).then(|| view! {
                <RequireSession allow_without_consent=true>
                    <ConsentForm declined/>
                </RequireSession>
            })
        }}
    }
}

#[component]
fn Declined() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("consent.declined_title").to_owned());
    view! {
        <section class="card narrow">
            <h1 tabindex="-1" node_ref=heading>{i18n.tr("consent.declined_title")}</h1>
            <p>{i18n.tr("consent.declined_text")}</p>
            <p><a href="/" rel="external">{i18n.tr("common.to_start")}</a></p>
        </section>
    }
}

#[component]
fn ConsentForm(declined: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("consent.title").to_owned());
    let notice = load_notice();
    let agency_results = RwSignal::new(false);
    let job_matching = RwSignal::new(false);
    let health_data = RwSignal::new(false);
    let survey_contact = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let already = move || {
        session
            .info
            .with(|s| s.as_ref().is_some_and(|s| !s.consent_required))
    };

    let decide = move |accept: bool| {
        if busy.get_untracked() {
            return;
        }
        let Some(Ok(shown)) = notice.get_untracked() else {
            return;
        };
        let decision = ConsentDecision {
            accept,
            notice_version: shown.version,
            notice_hash: shown.hash,
            agency_results: accept && agency_results.get_untracked(),
            job_matching: accept && job_matching.get_untracked(),
            health_data: accept && health_data.get_untracked(),
            survey_contact: accept && survey_contact.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::decide(&decision).await {
                Ok(()) if accept => {
                    session.info.update(|s| {
                        if let Some(s) = s {
                            s.consent_required = false;
                        }
                    });
                    navigate("/modules", NavigateOptions::default());
                }
                Ok(()) => {
                    crate::pages::questionnaire::wipe_all_drafts();
                    declined.set(true);
                    session.info.set(None);
                }
                Err(failure) => error.set(Some(i18n.t(failure.message_key()))),
            }
            busy.set(false);
        });
    };
    let accept = decide.clone();
    // The decision names the notice version and hash shown, so the buttons wait for it.
    let not_ready = move || busy.get() || !matches!(notice.get(), Some(Ok(_)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        accept(true);
    };

    view! {
        <Show when=already>
            <Redirect path="/modules"/>
        </Show>
        <h1 tabindex="-1" node_ref=heading>{i18n.tr("consent.title")}</h1>
        <p class="lead">{i18n.tr("consent.intro")}</p>
        <p><a href="#decision">{i18n.tr("consent.to_decision")}</a></p>
        <NoticeLoader notice=notice/>
        <form class="card consent-form" on:submit=on_submit novalidate aria-labelledby="decision">
            <h2 id="decision" tabindex="-1">{i18n.tr("consent.decision")}</h2>
            <fieldset class="consent-options">
                <legend>{i18n.tr("consent.optional_legend")}</legend>
                <p class="hint">{i18n.tr("consent.optional_hint")}</p>
                <ConsentCheckbox id="consent-agency" label="consent.agency_results" hint="consent.agency_results_hint" checked=agency_results/>
                <ConsentCheckbox id="consent-matching" label="consent.job_matching" hint="consent.job_matching_hint" checked=job_matching/>
                <ConsentCheckbox id="consent-health" label="consent.health_data" hint="consent.health_data_hint" checked=health_data/>
                <ConsentCheckbox id="consent-survey" label="consent.survey_contact" hint="consent.survey_contact_hint" checked=survey_contact/>
            </fieldset>
            <Alert message=error/>
            <div class="actions">
                <button type="submit" class="button" disabled=not_ready>
                    {i18n.tr("consent.accept")}
                </button>
                <button type="button" class="button secondary" disabled=not_ready on:click=move |_| decide(false)>
                    {i18n.tr("consent.decline")}
                </button>
            </div>
        </form>
    }
}

/// One optional consent: a checkbox with its label and an explaining hint.
#[component]
pub fn ConsentCheckbox(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="check">
            <input
                type="checkbox"
                id=id
                aria-describedby=hint_id.clone()
                prop:checked=checked
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <div>
                <label for=id>{move || i18n.t(label)}</label>
                <p class="hint" id=hint_id>{move || i18n.t(hint)}</p>
            </div>
        </div>
    }
}
