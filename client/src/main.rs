//! The participant app (every participant page but sign-in): mounts the
//! router once the texts and the session are known.

use leptos::prelude::*;
use lotse_client::{api, app, i18n, session};

fn main() {
    // Panic messages in the console are for development: in a release build
    // the formatting code would cost every participant ~1 KB of download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Leptos starts its executor when it mounts: before that, the browser's own.
    wasm_bindgen_futures::spawn_local(async {
        // Texts and who is signed in come before anything is shown, asked
        // for together, so the first paint is already the right page (no
        // "loading" that shifts the layout); a second try covers a blip.
        let lang = i18n::initial_lang();
        let (loaded, signed_in) =
            futures_util::future::join(i18n::load(lang), api::session()).await;
        if !loaded {
            let _ = i18n::load(lang).await;
        }
        let signed_in = match signed_in {
            Ok(info) => session::Known::SignedIn(info),
            Err(api::Failure::Network) => session::Known::NotAsked,
            Err(api::Failure::Api { .. }) => session::Known::SignedOut,
        };
        leptos::mount::mount_to_body(move || view! { <app::App signed_in/> });
    });
}
