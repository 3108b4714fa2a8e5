//! Sign-in with the personal access code from the counsellor's letter.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::app::use_session;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;

fn code_from_fragment() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let code = hash.strip_prefix("#code=")?.to_owned();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
    }
    lotse_shared::access_code::normalize(&code).map(|_| code)
}

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("signin.title").to_owned());
    // The letter's QR code opens `/#code=…`: the code comes in the fragment,
    // which the browser never sends. Take it into the field and drop it from
    // the address bar and the history at once.
    let code = RwSignal::new(code_from_fragment().unwrap_or_default());
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
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::sign_in(value).await {
                Ok(info) => {
                    let next = if info.consent_required {
                        "/consent"
                    } else {
                        "/modules"
                    };
                    session.info.set(Some(info));
                    navigate(next, NavigateOptions::default());
                }
                Err(failure) => error.set(Some(i18n.t(failure.message_key()))),
            }
            busy.set(false);
        });
    };

    view! {
        <Show when=move || session.info.with(Option::is_some)>
            <Redirect path="/modules"/>
        </Show>
        <section class="card narrow">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("signin.title")}</h1>
            <p>{move || i18n.t("signin.intro")}</p>
            <form on:submit=on_submit novalidate>
                <label for="access-code">{move || i18n.t("signin.code_label")}</label>
                <p id="access-code-hint" class="hint">{move || i18n.t("signin.code_hint")}</p>
                <input
                    id="access-code"
                    name="access-code"
                    type="text"
                    class="code-input"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-describedby="access-code-hint"
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    prop:value=code
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
                <Alert message=error/>
                <button type="submit" class="button" disabled=busy>
                    {move || i18n.t("signin.submit")}
                </button>
            </form>
            <p class="hint">{move || i18n.t("signin.privacy")}</p>
            <p><a href="/privacy">{i18n.tr("nav.privacy")}</a></p>
        </section>
    }
}
