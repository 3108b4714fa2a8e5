//! Lotse's browser apps, one library with three entry points, each built by
//! Trunk to its own WASM so that a page carries only the code it uses; the
//! server answers each path with the page of its app (`server/src/http/assets.rs`):
//!
//! - **participant app** (`src/main.rs`, every participant page after
//!   sign-in but the questionnaire): the router, the overview, consent,
//!   results and "my data";
//! - **questionnaire** (`src/questionnaire_main.rs`, `/questionnaire/…`):
//!   one questionnaire, answered and scored here (only the aggregate is sent,
//!   see `pages/questionnaire.rs`), without the router or the other pages;
//! - **staff** (`src/staff_main.rs`, `/staff/…`): the dashboard, which
//!   participants never download.
//!
//! The sign-in page (`/`) and the privacy notice (`/privacy`) are pages the
//! server writes, without WASM (`server/src/http/pages/`); moving between
//! them and the app is an ordinary page load.

pub mod api;
pub mod api_me;
pub mod api_staff;
pub mod app;
pub mod components;
pub mod draft_cipher;
pub mod i18n;
pub mod journey;
pub mod locale;
pub mod outbox;
pub mod pages;
pub mod session;
pub mod staff;
pub mod views;
pub mod work_profile;

/// Loads the page `path` (an ordinary navigation, e.g. to the sign-in page
/// the server writes, or between the participant app and the questionnaire's).
pub fn load_page(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}

/// Shows the app in place of the first screen the server wrote
/// (`server/src/http/pages/questionnaire.rs`): the server's copy (`#pre`)
/// goes and the app's (`#app`) appears in one step, so nothing moves. A
/// page without such a copy is left as it is.
pub fn reveal_page() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(app) = document.get_element_by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
    if let Some(first) = document.get_element_by_id("pre") {
        first.remove();
    }
}

/// Loads the page `path` in place of this one in the history: a page the
/// participant may not see yet sends them on, and Back does not return to it.
pub fn replace_page(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(path);
    }
}
