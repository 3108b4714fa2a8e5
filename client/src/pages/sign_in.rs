//! Sign-in with the personal access code from the counsellor's letter (the
//! entry page, see `entry`); the form is shared with "sign in again".

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::SessionInfo;

use crate::api;
use crate::components::page_setup;
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
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("signin.title").to_owned());
    // The letter's QR code opens `/#code=…`: the code comes in the fragment,
    // which the browser never sends. Take it into the field and drop it from
    // the address bar and the history at once.
    let code = RwSignal::new(code_from_fragment().unwrap_or_default());
    // The participant app is another page (see `entry`).
    let on_signed_in = |info: SessionInfo| crate::load_page(crate::entry::next_page(&info));

    view! {
        <section class="card narrow">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("signin.title")}</h1>
            <p>{move || i18n.t("signin.intro")}</p>
            <AccessCodeForm id="access-code" hint=true submit_key="signin.submit" code on_signed_in/>
            <p class="hint">{move || i18n.t("signin.privacy")}</p>
            <p><a href=move || crate::components::privacy_href(i18n.lang.get(), None)>{i18n.tr("nav.privacy")}</a></p>
        </section>
    }
}

/// The access code field and its button, shared by the sign-in page and the
/// "sign in again" panel: checks the code's shape on the device, signs in, and
/// hands the new session to `on_signed_in`; a refusal is shown under the field.
#[component]
pub fn AccessCodeForm(
    /// The input's id; other ids derive from it.
    id: &'static str,
    /// Whether to show the hint on the code's format above the field.
    hint: bool,
    submit_key: &'static str,
    #[prop(optional)] code: Option<RwSignal<String>>,
    on_signed_in: impl Fn(SessionInfo) + Clone + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = code.unwrap_or_else(|| RwSignal::new(String::new()));
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
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = if hint {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <form on:submit=on_submit novalidate>
            <label for=id>{move || i18n.t("signin.code_label")}</label>
            {hint.then(|| view! { <p id=hint_id class="hint">{move || i18n.t("signin.code_hint")}</p> })}
            <input
                id=id
                name=id
                type="text"
                class="code-input"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                aria-describedby=described
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                prop:value=code
                on:input=move |ev| code.set(event_target_value(&ev))
            />
            <div id=error_id role="alert" class="alert-region">
                {move || error.get().map(|m| view! { <p class="alert">{m}</p> })}
            </div>
            <button type="submit" class="button" disabled=busy>
                {move || i18n.t(submit_key)}
            </button>
        </form>
    }
}
