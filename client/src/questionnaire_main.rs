//! The questionnaire (`/questionnaire/<id>`) as its own app: one page, no
//! router and none of the other pages' code, so the page a participant
//! spends the most time on loads the least. Every way on from here (the
//! result, the overview, "my data") is an ordinary page load into the
//! participant app; the answers in progress follow in the tab's encrypted
//! copy (`journey`).

use leptos::prelude::*;
use lotse_client::pages::Questionnaire;
use lotse_client::{api, app, i18n, session};

fn main() {
    // Panic messages in the console are for development: in a release build
    // the formatting code would cost every participant ~1 KB of download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Which questionnaire is the server's routing: this app only ever gets
    // `/questionnaire/<id>`.
    let id = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .and_then(|path| path.strip_prefix("/questionnaire/").map(str::to_owned))
        .unwrap_or_default();
    i18n::use_areas(i18n::QUESTIONNAIRE_AREAS);
    // Leptos starts its executor when it mounts: before that, the browser's own.
    wasm_bindgen_futures::spawn_local(async move {
        // As in the participant app: texts and session first, together.
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
        let page = move || view! { <app::Frame signed_in><Questionnaire id/></app::Frame> };
        // Drawn hidden next to the first screen the server wrote, and shown
        // in its place once it knows what to show (`reveal_page`).
        let place = document()
            .get_element_by_id("app")
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        match place {
            Some(place) => leptos::mount::mount_to(place, page).forget(),
            None => leptos::mount::mount_to_body(page),
        }
    });
}
