//! The entry page group: sign-in on its own (`/`). It is what every
//! participant loads first, so it has no router and no other page's code;
//! signing in loads the participant app's page (an ordinary navigation).

use leptos::prelude::*;
use lotse_shared::api::SessionInfo;

use crate::components::live::{LiveRegion, announce};
use crate::components::{LanguagePicker, Organisation, SiteFooter, SkipLink, follow_lang};
use crate::i18n::{I18n, initial_lang};
use crate::pages::SignIn;

/// The address the app loads after signing out: the fragment never reaches
/// the server, and tells this page to say that it worked.
pub const SIGNED_OUT: &str = "/#signed-out";

/// Where a signed-in participant goes: the notice first if it needs consent.
pub fn next_page(info: &SessionInfo) -> &'static str {
    if info.consent_required {
        "/consent"
    } else {
        "/modules"
    }
}

/// Takes `#signed-out` off the address, reporting whether it was there.
fn take_signed_out() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let was = window.location().hash().is_ok_and(|h| h == "#signed-out");
    if was && let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
    }
    was
}

/// The entry page: the shell the app has (skip link, header with the
/// language, live region, footer) around the sign-in form.
#[component]
pub fn Entry() -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    Organisation::provide();
    follow_lang(i18n);
    let signed_out = take_signed_out();
    if signed_out {
        request_animation_frame(move || announce(i18n.t("nav.signed_out")));
    }
    view! {
        <SkipLink/>
        <header class="site-header">
            <a class="brand" href="/">"Lotse"</a>
            <div class="header-tools">
                <LanguagePicker/>
            </div>
        </header>
        <LiveRegion/>
        <main id="main" tabindex="-1">
            {signed_out.then(|| view! {
                <p class="note narrow">{i18n.tr("nav.signed_out")}</p>
            })}
            <SignIn/>
        </main>
        <SiteFooter/>
    }
}
