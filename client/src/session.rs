//! Who is signed in, and keeping that session alive while the participant works.
//!
//! The server ends a session after `idle_timeout_seconds` without a request
//! (`SessionInfo`). Answering a questionnaire makes no request, so here:
//!
//! - **Activity counts.** A key press, click or touch while signed in sends a
//!   keep-alive (`GET /api/v1/session`, which carries nothing but the cookie)
//!   once a quarter of the timeout (at most every five minutes) has passed
//!   since the server last heard from this browser.
//! - **A warning comes first.** Two minutes (a third of a short timeout)
//!   before the earliest moment the server may end it, a dialog says so and
//!   offers to stay signed in; focus moves to its button and returns afterwards.
//! - **If it ends anyway** (the full timeout since the server last answered,
//!   or the server refuses a request), nothing on the page is thrown away: the
//!   page stays, and a panel asks for the access code again in place. The same
//!   participant carries on where they were; a different one starts afresh, and the
//!   previous person's answers in progress are dropped (see `journey`).

use std::cell::Cell;
use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::SessionInfo;
use wasm_bindgen::JsCast as _;

use crate::api::{self, Contact};
use crate::components::live::announce;
use crate::i18n::use_i18n;

/// What the server said about who is signed in before the app was mounted.
#[derive(Debug, Clone)]
pub enum Known {
    SignedIn(SessionInfo),
    SignedOut,
    /// It could not be asked (no connection).
    NotAsked,
}

/// Who is signed in; `checked` turns true once the server was asked.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub info: RwSignal<Option<SessionInfo>>,
    pub checked: RwSignal<bool>,
    /// The session ended while a page was open (idle timeout, or the server
    /// said so): the page stays, and the participant signs in again in place.
    pub expired: RwSignal<bool>,
    /// When (ms since the epoch) the server last answered this browser.
    last_contact: RwSignal<f64>,
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

thread_local! {
    /// The app's session, for the `api` hook (a plain function, so the staff
    /// app, which shares `api`, needs none of this).
    static CURRENT: Cell<Option<Session>> = const { Cell::new(None) };
}

fn on_contact(contact: Contact) {
    let Some(session) = CURRENT.with(Cell::get) else {
        return;
    };
    match contact {
        Contact::Alive => session.last_contact.set(js_sys::Date::now()),
        Contact::SignedOut => {
            if session.info.with_untracked(Option::is_some) {
                session.expired.set(true);
            }
        }
    }
}

impl Session {
    /// Creates the session context and starts watching activity and the
    /// clock. If the server could not be asked before, it is asked now.
    pub fn provide(known: Known) -> Self {
        let checked = !matches!(known, Known::NotAsked);
        let info = match known {
            Known::SignedIn(info) => Some(info),
            Known::SignedOut | Known::NotAsked => None,
        };
        let session = Self {
            info: RwSignal::new(info),
            checked: RwSignal::new(checked),
            expired: RwSignal::new(false),
            last_contact: RwSignal::new(js_sys::Date::now()),
        };
        provide_context(session);
        CURRENT.with(|c| c.set(Some(session)));
        api::on_contact(on_contact);
        if !checked {
            spawn_local(async move {
                session.info.set(api::session().await.ok());
                session.checked.set(true);
            });
        }
        session
    }

    /// The idle timeout in seconds, 30 minutes until the server said otherwise.
    fn timeout_seconds(self) -> f64 {
        self.info.with_untracked(|i| {
            i.as_ref()
                .map_or(1800.0, |i| f64::from(i.idle_timeout_seconds))
        })
    }

    /// When the session has ended for sure (ms): the server's clock started
    /// no later than the last contact. It may have ended up to a minute
    /// earlier (the server records use once a minute, a sixth of a short
    /// timeout); a request in between is refused and ends it here at once.
    fn ends_at(self) -> f64 {
        self.last_contact.get_untracked() + self.timeout_seconds() * 1000.0 + 1000.0
    }

    /// When the warning comes (ms): two minutes (a third of a short timeout)
    /// before the earliest moment the server may end the session.
    fn warn_at(self) -> f64 {
        let timeout = self.timeout_seconds();
        let slack = (timeout / 6.0).min(60.0) + 2.0;
        let lead = (timeout / 3.0).min(120.0);
        self.last_contact.get_untracked() + (timeout - slack - lead) * 1000.0
    }

    /// How long after the last contact activity sends a keep-alive (ms).
    fn keep_alive_after(self) -> f64 {
        (self.timeout_seconds() / 4.0).min(300.0) * 1000.0
    }

    fn signed_in(self) -> bool {
        self.info.with_untracked(Option::is_some) && !self.expired.get_untracked()
    }
}

/// Tells the server the participant is still here.
fn keep_alive() {
    spawn_local(async move {
        // Success and "signed out" both reach `on_contact`.
        let _ = api::session().await;
    });
}

/// What the shell shows about the session: the warning before it ends, and
/// the panel to sign in again after it ended. Also listens for activity.
#[component]
pub fn SessionWatch() -> impl IntoView {
    let session = use_session();
    let now = RwSignal::new(js_sys::Date::now());
    // A coarse tick: the warning needs no second-by-second countdown, and a
    // cheap phone should not wake up more than it must.
    let _ = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(5));
    let pinging = StoredValue::new(false);
    let activity = move || {
        if !session.signed_in() || pinging.get_value() {
            return;
        }
        let since = js_sys::Date::now() - session.last_contact.get_untracked();
        if since >= session.keep_alive_after() {
            pinging.set_value(true);
            spawn_local(async move {
                let _ = api::session().await;
                pinging.set_value(false);
            });
        }
    };
    for event in ["keydown", "pointerdown", "change"] {
        let handle = window_event_listener_untyped(event, move |_| activity());
        // The shell lives as long as the page.
        std::mem::forget(handle);
    }
    Effect::new(move || {
        now.track();
        if session.signed_in() && js_sys::Date::now() >= session.ends_at() {
            session.expired.set(true);
        }
    });
    let warn = Memo::new(move |_| {
        now.track();
        session.last_contact.track();
        session.info.with(Option::is_some)
            && !session.expired.get()
            && js_sys::Date::now() >= session.warn_at()
    });
    view! {
        <Show when=move || warn.get()>
            <TimeoutWarning/>
        </Show>
        <Show when=move || session.expired.get()>
            <SignInAgain/>
        </Show>
    }
}

/// Two minutes left: say so and offer to stay (WCAG 2.2.1).
#[component]
fn TimeoutWarning() -> impl IntoView {
    let i18n = use_i18n();
    let button = NodeRef::<html::Button>::new();
    let before = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    Effect::new(move || {
        if let Some(b) = button.get() {
            let _ = b.focus();
        }
    });
    on_cleanup(move || {
        if let Some(el) = before.as_ref().filter(|e| e.is_connected()) {
            let _ = el.focus();
        }
    });
    view! {
        <div class="session-dialog" role="alertdialog" aria-labelledby="timeout-title"
            aria-describedby="timeout-text">
            <h2 id="timeout-title">{move || i18n.t("session.warning_title")}</h2>
            <p id="timeout-text">{move || i18n.t("session.warning_text")}</p>
            <button type="button" class="button" node_ref=button
                on:click=move |_| {
                    keep_alive();
                    announce(i18n.t("session.extended"));
                }>
                {move || i18n.t("session.stay")}
            </button>
        </div>
    }
}

/// The session ended: sign in again here, without leaving the page.
#[component]
fn SignInAgain() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let on_signed_in = move |info: SessionInfo| {
        let same = session
            .info
            .with_untracked(|old| old.as_ref().is_some_and(|o| o.subject == info.subject));
        let consent = info.consent_required;
        session.info.set(Some(info));
        session.expired.set(false);
        announce(i18n.t("session.signed_in_again"));
        // Someone else: nothing of the previous person's stays.
        if !same || consent {
            crate::load_page(if consent { "/consent" } else { "/modules" });
        }
    };
    view! {
        <section class="session-dialog expired" role="dialog" aria-labelledby="expired-title">
            <h2 id="expired-title" tabindex="-1" node_ref=heading>
                {move || i18n.t("session.expired_title")}
            </h2>
            <p>{move || i18n.t("session.expired_text")}</p>
            <AccessCodeForm on_signed_in/>
        </section>
    }
}

/// The access code field and its button of the "sign in again" panel (the
/// sign-in page is the server's, with the same field): checks the code's
/// shape on the device, signs in, and hands the new session to
/// `on_signed_in`; a refusal is shown under the field.
#[component]
fn AccessCodeForm(on_signed_in: impl Fn(SessionInfo) + Clone + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let value = code.get_untracked();
        if lotse_shared::access_code::normalize(&value).is_none() {
            error.set(Some(i18n.t("signin.code_format")));
            return;
        }
        busy.set(true);
        error.set(None);
        let on_signed_in = on_signed_in.clone();
        spawn_local(async move {
            match api::sign_in(value).await {
                Ok(info) => on_signed_in(info),
                Err(failure) => error.set(Some(i18n.t(failure.message_key()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=on_submit novalidate>
            <label for="again-code">{move || i18n.t("signin.code_label")}</label>
            <input
                id="again-code"
                name="again-code"
                type="text"
                class="code-input"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                aria-describedby="again-code-error"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                prop:value=code
                on:input=move |ev| code.set(event_target_value(&ev))
            />
            <div id="again-code-error" role="alert" class="alert-region">
                {move || error.get().map(|m| view! { <p class="alert">{m}</p> })}
            </div>
            <button type="submit" class="button" disabled=busy>
                {move || i18n.t("session.sign_in_again")}
            </button>
        </form>
    }
}
