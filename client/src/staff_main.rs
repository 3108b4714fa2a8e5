//! The staff dashboard as its own app (`/staff/...`), built to a separate WASM
//! file so participants never download it: the participant's first load stays
//! within its size budget whatever the dashboard grows to.

use lotse_client::{i18n, staff};

fn main() {
    // Panic messages in the console are for development: in a release build
    // the formatting code would cost every participant ~1 KB of download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The dashboard's texts include its own area.
    i18n::use_areas(i18n::STAFF_AREAS);
    // Leptos starts its executor when it mounts: before that, the browser's own.
    wasm_bindgen_futures::spawn_local(async {
        let lang = i18n::initial_lang();
        if !i18n::load(lang).await {
            let _ = i18n::load(lang).await;
        }
        leptos::mount::mount_to_body(staff::StaffApp);
    });
}
