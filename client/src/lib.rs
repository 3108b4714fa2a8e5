//! Lotse's browser apps, one library with three entry points (`src/*_main.rs`
//! and `src/main.rs`), each built by Trunk to its own WASM so that a page
//! carries only the code it uses:
//!
//! - **entry** (`/`): the sign-in page on its own, the first thing every
//!   participant loads, without a router;
//! - **participant app** (every other participant page): the router, the
//!   questionnaires (scored here; only aggregates are sent, see
//!   `pages/questionnaire.rs`), results and "my data";
//! - **staff** (`/staff/…`): the dashboard, which participants never download.
//!
//! The server picks the page (and so the WASM) by path; moving between the
//! entry and the app is an ordinary page load.

pub mod api;
pub mod api_me;
pub mod api_staff;
pub mod app;
pub mod components;
pub mod draft_cipher;
pub mod entry;
pub mod i18n;
pub mod journey;
pub mod locale;
pub mod outbox;
pub mod pages;
pub mod session;
pub mod staff;
pub mod views;

/// Loads the page `path` (an ordinary navigation: the server answers it with
/// the page group's own document, e.g. the entry for `/`).
pub fn load_page(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}
