//! The staff dashboard as its own app (`/staff/...`), built to a separate WASM
//! file so participants never download it: the participant's first load stays
//! within its size budget whatever the dashboard grows to.

// Shared with the participant app, which uses calls this app does not.
#[allow(dead_code)]
mod api;
mod api_staff;
mod components;
#[allow(dead_code)]
mod i18n;
mod staff;
mod views;

/// The dashboard's own texts (the shared ones are built into `i18n`).
fn staff_texts(lang: lotse_shared::Lang) -> &'static [&'static str] {
    match lang {
        lotse_shared::Lang::De => &[include_str!("../i18n/de/staff.json")],
        lotse_shared::Lang::En => &[include_str!("../i18n/en/staff.json")],
    }
}

fn main() {
    console_error_panic_hook::set_once();
    i18n::register_texts(staff_texts);
    leptos::mount::mount_to_body(staff::StaffApp);
}
