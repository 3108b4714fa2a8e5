//! The entry page (`/`, sign-in) as its own small app: the first page every
//! participant loads carries no router and none of the other pages' code.

use lotse_client::{api, entry, i18n};

fn main() {
    // Panic messages in the console are for development: in a release build
    // the formatting code would cost every participant ~1 KB of download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    i18n::use_areas(i18n::ENTRY_AREAS);
    wasm_bindgen_futures::spawn_local(async {
        // Texts and the session together: someone already signed in goes
        // straight on, without seeing the form first.
        let lang = i18n::initial_lang();
        let (loaded, signed_in) =
            futures_util::future::join(i18n::load(lang), api::session()).await;
        if let Ok(info) = signed_in {
            lotse_client::load_page(entry::next_page(&info));
            return;
        }
        if !loaded {
            let _ = i18n::load(lang).await;
        }
        leptos::mount::mount_to_body(entry::Entry);
    });
}
