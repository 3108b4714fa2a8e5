//! One polite live region for the whole app: status messages ("saved",
//! "sent", "signed in again") are announced by screen readers without moving
//! focus. Errors keep their own `role="alert"` next to what they are about.

use std::cell::Cell;

use leptos::prelude::*;

thread_local! {
    static REGION: Cell<Option<RwSignal<String>>> = const { Cell::new(None) };
}

/// Announces `message` politely. The region is emptied first, so the same
/// message twice in a row is announced twice.
pub fn announce(message: &str) {
    let Some(text) = REGION.with(Cell::get) else {
        return;
    };
    text.set(String::new());
    let message = message.to_owned();
    // A separate task, so the empty state reaches the DOM before the message.
    request_animation_frame(move || text.set(message));
}

/// Where a message waits for the next page of this tab.
const NEXT_PAGE: &str = "lotse.announce";

/// Announces `message` on the page that loads next in this tab (the
/// questionnaire's own app hands over to the app's pages by a page load,
/// which would otherwise swallow "your result is saved"). Only interface
/// texts go here, never anything the participant entered.
pub fn announce_after_load(message: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(NEXT_PAGE, message);
    }
}

/// The region itself; the app shell renders it once, and it announces what
/// the page before left for it.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let text = RwSignal::new(String::new());
    REGION.with(|r| r.set(Some(text)));
    let waiting = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|storage| {
            let message = storage.get_item(NEXT_PAGE).ok().flatten();
            let _ = storage.remove_item(NEXT_PAGE);
            message
        });
    if let Some(message) = waiting {
        request_animation_frame(move || text.set(message));
    }
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true"
            data-testid="live-region">
            {move || text.get()}
        </div>
    }
}
