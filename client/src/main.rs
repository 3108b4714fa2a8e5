//! Lotse's browser app: mounts the router. Everything a participant answers is
//! kept and scored here; only aggregates are sent (see `pages/questionnaire.rs`).

mod api;
mod api_me;
mod app;
mod components;
mod draft_cipher;
mod i18n;
mod journey;
mod locale;
mod pages;
mod session;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    // Leptos starts its executor when it mounts: before that, the browser's own.
    wasm_bindgen_futures::spawn_local(async {
        // Texts come before anything is shown; a second try covers a blip.
        let lang = i18n::initial_lang();
        if !i18n::load(lang).await {
            let _ = i18n::load(lang).await;
        }
        leptos::mount::mount_to_body(app::App);
    });
}
