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

/// The region itself; the app shell renders it once.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let text = RwSignal::new(String::new());
    REGION.with(|r| r.set(Some(text)));
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true"
            data-testid="live-region">
            {move || text.get()}
        </div>
    }
}
