//! The participant app's shell: the frame every participant page shares
//! (contexts, header, footer) and the routes of the pages it draws.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::components::live::LiveRegion;
use crate::components::{LanguagePicker, Organisation, SiteFooter, SkipLink, follow_lang};
use crate::i18n::{I18n, initial_lang, remember_lang, use_i18n};
use crate::journey::{Journey, use_journey};
use crate::outbox::{Outbox, use_outbox};
use crate::pages::{
    Consent, MyAudit, MyCareer, MyDataPage, MyReport, MySkills, NotFound, Overview, ReportPage,
    ResultPage,
};
use crate::session::{Session, SessionWatch};

pub use crate::session::use_session;

/// The participant app: every participant page but sign-in, the notice and
/// the questionnaire (each of which the server answers with its own page).
/// `signed_in`: who the server said is signed in, asked before mounting.
#[component]
pub fn App(signed_in: crate::session::Known) -> impl IntoView {
    view! {
        <Router>
            <Frame signed_in>
                <Routes fallback=NotFound>
                    // Pages the server writes (sign-in, the notice) or that
                    // have their own app (the questionnaire).
                    <Route path=path!("/") view=Elsewhere/>
                    <Route path=path!("/privacy") view=Elsewhere/>
                    <Route path=path!("/questionnaire/:id") view=Elsewhere/>
                    <Route path=path!("/modules") view=Overview/>
                    <Route path=path!("/results/:id") view=ResultPage/>
                    <Route path=path!("/results/:id/print") view=ReportPage/>
                    <Route path=path!("/consent") view=Consent/>
                    <Route path=path!("/my-data") view=MyDataPage/>
                    <Route path=path!("/my-data/audit") view=MyAudit/>
                    <Route path=path!("/my-data/report") view=MyReport/>
                    <Route path=path!("/my-data/skills") view=MySkills/>
                    <Route path=path!("/my-career") view=MyCareer/>
                </Routes>
            </Frame>
        </Router>
    }
}

/// What every participant page has around its content, whichever app draws
/// it: the language, session, journey and outbox contexts, the header, the
/// live region, the session watch and the footer.
#[component]
pub fn Frame(signed_in: crate::session::Known, children: Children) -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    let session = Session::provide(signed_in);
    Journey::provide(session);
    Outbox::provide(session, i18n);
    Organisation::provide();
    follow_lang(i18n);

    view! {
        <SkipLink/>
        <Header/>
        <LiveRegion/>
        <SessionWatch/>
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter/>
    }
}

/// A page this app does not draw (sign-in, the notice, the questionnaire),
/// reached by a redirect of this app (links to them are `rel="external"`):
/// the router has already put it in the history, so the browser loads it in
/// place of that entry (nothing is drawn here).
#[component]
fn Elsewhere() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let target = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    let _ = window().location().replace(&target);
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let journey = use_journey();
    let outbox = use_outbox();
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
        spawn_local(async move {
            // Signing out ends the session on the server whatever happens here.
            let _ = api::sign_out().await;
            crate::journey::wipe_all_drafts();
            journey.clear();
            // The session signal stays as it is until the sign-in page
            // replaces this one: clearing it would first draw the pages' own
            // "not signed in" redirect. The server told the browser to clear
            // this site's storage; the language is a setting of the device,
            // not of the person.
            remember_lang(i18n.lang.get_untracked());
            // The sign-in page says that signing out worked.
            let lang = i18n.lang.get_untracked().tag();
            crate::load_page(&format!("/?lang={lang}&signed-out"));
        });
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/" rel="external">"Lotse"</a>
            <div class="header-tools">
                <LanguagePicker/>
                <Show when=move || session.info.with(Option::is_some)>
                    <a class="header-link" href="/my-data">{i18n.tr("nav.my_data")}</a>
                </Show>
                <Show when=move || session.info.with(Option::is_some)>
                    <button type="button" class="button secondary" on:click=sign_out>
                        {move || i18n.t("nav.sign_out")}
                    </button>
                </Show>
            </div>
        </header>
    }
}
