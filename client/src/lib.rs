//! Lotse's browser apps, one library with two entry points (`src/main.rs`,
//! `src/staff_main.rs`), each built by Trunk to its own WASM so that a page
//! carries only the code it uses:
//!
//! - **participant app** (every participant page after sign-in): the router,
//!   the questionnaires (scored here; only aggregates are sent, see
//!   `pages/questionnaire.rs`), results and "my data";
//! - **staff** (`/staff/…`): the dashboard, which participants never download.
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

/// Loads the page `path` (an ordinary navigation, e.g. to the sign-in page
/// the server writes).
pub fn load_page(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}
