//! Answers in progress. They belong to the participant who gave them:
//!
//! - in this tab's memory while the participant moves around the app (Back to
//!   the overview and forward again finds them where they were), dropped the
//!   moment someone else, or no one, is signed in;
//! - on this device only if the participant ticked "keep my progress", filed
//!   under their subject tag (`SessionInfo::subject`), so no one else who
//!   signs in on the device is offered them; sending, withdrawing and signing
//!   out delete them.
//!
//! Leaving the page (reload, closing the tab) with answers that are in memory
//! only asks first. Nothing here ever goes to the server.

use std::collections::HashMap;

use leptos::prelude::*;
use lotse_shared::scoring::Answers;

use crate::session::Session;

const DRAFT_PREFIX: &str = "lotse.draft.";

/// Where the participant is in a questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Intro,
    Page(usize),
    Review,
}

/// One questionnaire being answered.
#[derive(Debug, Clone, PartialEq)]
pub struct InProgress {
    pub answers: Answers,
    pub step: Step,
    /// When answering began (ms since the epoch), for the time taken.
    pub started: Option<f64>,
    /// Kept on this device as well.
    pub keep: bool,
}

impl InProgress {
    fn from_device(answers: Answers) -> Self {
        Self {
            answers,
            step: Step::Intro,
            started: None,
            keep: true,
        }
    }
}

#[derive(Debug, Default)]
struct Drafts {
    /// Whose answers these are (their subject tag).
    owner: Option<String>,
    open: HashMap<String, InProgress>,
}

/// The answers in progress of the signed-in participant.
#[derive(Debug, Clone, Copy)]
pub struct Journey {
    drafts: StoredValue<Drafts>,
}

pub fn use_journey() -> Journey {
    expect_context::<Journey>()
}

impl Journey {
    /// Creates the context; follows who is signed in, and guards leaving the page.
    pub fn provide(session: Session) -> Self {
        let journey = Self {
            drafts: StoredValue::new(Drafts::default()),
        };
        provide_context(journey);
        Effect::new(move || {
            let subject = session.info.with(|i| i.as_ref().map(|i| i.subject.clone()));
            journey.drafts.update_value(|d| {
                if d.owner != subject {
                    d.open.clear();
                    d.owner = subject;
                }
            });
        });
        let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if journey.unsent() {
                // Both, for the browsers that still read the old property.
                ev.prevent_default();
                ev.set_return_value("unsent");
            }
        });
        // The shell lives as long as the page.
        std::mem::forget(guard);
        journey
    }

    /// Whether the drafts in memory are `subject`'s (adopting them if the
    /// session was not known yet when the page asked).
    fn owned_by(self, subject: &str) -> bool {
        let mut mine = false;
        self.drafts.update_value(|d| {
            mine = d.owner.get_or_insert_with(|| subject.to_owned()) == subject;
        });
        mine
    }

    /// The answers in progress for `instrument`: from memory, else from this
    /// device (only the participant's own), else none.
    pub fn resume(self, subject: &str, instrument: &str) -> Option<InProgress> {
        let mine = self.owned_by(subject);
        if !mine {
            return None;
        }
        self.drafts
            .with_value(|d| d.open.get(instrument).cloned())
            .or_else(|| device_draft(subject, instrument).map(InProgress::from_device))
    }

    /// Records the current state; ignored if someone else is signed in by now.
    pub fn record(self, subject: &str, instrument: &str, progress: &InProgress) {
        let mine = self.owned_by(subject);
        if !mine {
            return;
        }
        // An empty draft is no draft: after sending, nothing may remain.
        if progress.keep && !progress.answers.is_empty() {
            save_device_draft(subject, instrument, &progress.answers);
        } else {
            wipe_device_draft(subject, instrument);
        }
        self.drafts.update_value(|d| {
            d.open.insert(instrument.to_owned(), progress.clone());
        });
    }

    /// The questionnaire was sent (or skipped): nothing of it remains.
    pub fn finish(self, subject: &str, instrument: &str) {
        wipe_device_draft(subject, instrument);
        self.drafts.update_value(|d| {
            d.open.remove(instrument);
        });
    }

    /// Whether `instrument` has answers in progress (memory or device).
    pub fn started(self, subject: &str, instrument: &str) -> bool {
        self.resume(subject, instrument)
            .is_some_and(|p| !p.answers.is_empty())
    }

    /// Whether answers would be lost by leaving: given, not sent, and not kept
    /// on the device.
    pub fn unsent(self) -> bool {
        self.drafts
            .with_value(|d| d.open.values().any(|p| !p.keep && !p.answers.is_empty()))
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn key(subject: &str, instrument: &str) -> String {
    format!("{DRAFT_PREFIX}{subject}.{instrument}")
}

fn device_draft(subject: &str, instrument: &str) -> Option<Answers> {
    let raw = storage()?.get_item(&key(subject, instrument)).ok()??;
    serde_json::from_str(&raw).ok()
}

fn save_device_draft(subject: &str, instrument: &str, answers: &Answers) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(answers)) {
        let _ = s.set_item(&key(subject, instrument), &raw);
    }
}

fn wipe_device_draft(subject: &str, instrument: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(subject, instrument));
    }
}

/// Removes every kept draft from this device, whoever made it (sign-out,
/// withdrawal, erasure).
pub fn wipe_all_drafts() {
    let Some(s) = storage() else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_PREFIX))
        .collect();
    for key in keys {
        let _ = s.remove_item(&key);
    }
}
