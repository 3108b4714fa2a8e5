//! The app shell: language and session context, header, routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use lotse_shared::Lang;

use crate::api;
use crate::components::SkipLink;
use crate::components::live::{LiveRegion, announce};
use crate::i18n::{I18n, initial_lang, remember_lang, use_i18n};
use crate::journey::{Journey, use_journey};
use crate::outbox::{Outbox, use_outbox};
use crate::pages::{
    Consent, MyAudit, MyDataPage, MyReport, MySkills, NotFound, Overview, Privacy, Questionnaire,
    ReportPage, ResultPage, SignIn,
};
use crate::session::{Session, SessionWatch};

pub use crate::session::use_session;

/// The organisation's public profile, loaded once for every page.
#[derive(Debug, Clone, Copy)]
pub struct Organisation(pub RwSignal<Option<lotse_shared::api::OrganisationProfile>>);

/// `signed_in`: who the server said is signed in, asked before mounting.
#[component]
pub fn App(signed_in: crate::session::Known) -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    let session = Session::provide(signed_in);
    Journey::provide(session);
    Outbox::provide(session, i18n);
    // Who is responsible and whom to ask, on every page (public data).
    let organisation = Organisation(RwSignal::new(None));
    provide_context(organisation);
    spawn_local(async move { organisation.0.set(api::organisation().await.ok()) });
    let organisation = organisation.0;
    // Keep <html lang> in step with the chosen language (WCAG 3.1.1).
    Effect::new(move || {
        let tag = i18n.lang.get().tag();
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", tag);
        }
    });

    view! {
        <Router>
            <SkipLink/>
            <Header/>
            <LiveRegion/>
            <SessionWatch/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=SignIn/>
                    <Route path=path!("/modules") view=Overview/>
                    <Route path=path!("/questionnaire/:id") view=Questionnaire/>
                    <Route path=path!("/results/:id") view=ResultPage/>
                    <Route path=path!("/results/:id/print") view=ReportPage/>
                    <Route path=path!("/privacy") view=Privacy/>
                    <Route path=path!("/consent") view=Consent/>
                    <Route path=path!("/my-data") view=MyDataPage/>
                    <Route path=path!("/my-data/audit") view=MyAudit/>
                    <Route path=path!("/my-data/report") view=MyReport/>
                    <Route path=path!("/my-data/skills") view=MySkills/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{move || i18n.t("common.footer")}</p>
                {move || organisation.get().filter(|o| !o.controller_name.is_empty()).map(|o| view! {
                    <p>{i18n.fill("common.footer_org", &[("controller", o.controller_name), ("help", o.help_contact)])}</p>
                })}
                <p><a href="/privacy">{i18n.tr("nav.privacy")}</a></p>
            </footer>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let journey = use_journey();
    let outbox = use_outbox();
    let navigate = use_navigate();
    let sign_out = move |_| {
        // Answers not sent yet would be lost: ask first (the browser's own
        // dialog, which every screen reader and keyboard handles).
        let question = if outbox.waiting.with_untracked(|w| !w.is_empty()) {
            Some("nav.sign_out_waiting")
        } else if journey.unsent() {
            Some("nav.sign_out_unsent")
        } else {
            None
        };
        if let Some(key) = question
            && !window().confirm_with_message(i18n.t(key)).unwrap_or(false)
        {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signing out ends the session on the server whatever happens here.
            let _ = api::sign_out().await;
            crate::journey::wipe_all_drafts();
            session.info.set(None);
            session.expired.set(false);
            // The server told the browser to clear this site's storage; the
            // language is a setting of the device, not of the person.
            remember_lang(i18n.lang.get_untracked());
            announce(i18n.t("nav.signed_out"));
            navigate("/", NavigateOptions::default());
        });
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Lotse"</a>
            <div class="header-tools">
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
                <Show when=move || session.info.with(Option::is_some)>
                    <a class="header-link" href="/my-data">{i18n.tr("nav.my_data")}</a>
                </Show>
                <Show when=move || session.info.with(Option::is_some)>
                    <button type="button" class="button secondary" on:click=sign_out.clone()>
                        {move || i18n.t("nav.sign_out")}
                    </button>
                </Show>
            </div>
        </header>
    }
}
