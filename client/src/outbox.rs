//! Results that could not be sent yet: the connection dropped while the
//! participant was sending a questionnaire.
//!
//! Only what would have been uploaded waits here — the aggregate
//! (`AggregateSubmission`: scale scores, quality flag, time taken), never an
//! answer or an item id — on this device, under the participant's subject tag
//! (`lotse.outbox.<subject>`), so nobody else who signs in here sends or sees
//! it. It is sent again when the browser says it is online, when the app
//! starts with that participant signed in, when the participant asks, and
//! half a minute after a try that found no server or a server that could
//! not store (a 5xx: its database restarting, its disk full): the browser's
//! "online" event does not fire for a server that is down.
//! The server stays the authority: a result it refuses (the module is no
//! longer released, the consent was withdrawn, …) leaves the queue, and the
//! participant is told why. Signing out clears it with the rest of the site's
//! storage (`Clear-Site-Data`), after the participant confirmed (see
//! `app::Header`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{AggregateSubmission, ErrorCode};

use crate::api::{self, Failure};
use crate::components::live::announce;
use crate::i18n::{I18n, local_storage};
use crate::session::Session;

const PREFIX: &str = "lotse.outbox.";
/// How long a result waits after a try that found no server, or one that
/// could not store it.
const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(30);

/// What became of a waiting result once the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        instrument: String,
    },
    Refused {
        instrument: String,
        message: &'static str,
    },
}

/// The signed-in participant's waiting results and what became of them.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    pub waiting: RwSignal<Vec<AggregateSubmission>>,
    pub outcomes: RwSignal<Vec<Outcome>>,
    subject: RwSignal<Option<String>>,
    sending: StoredValue<bool>,
    /// A retry is already scheduled.
    retrying: StoredValue<bool>,
    // Kept here: sending may start from a browser event, outside any component.
    i18n: I18n,
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

impl Outbox {
    /// Creates the context; follows who is signed in and sends what waits
    /// whenever the connection returns.
    pub fn provide(session: Session, i18n: I18n) -> Self {
        let outbox = Self {
            waiting: RwSignal::new(Vec::new()),
            outcomes: RwSignal::new(Vec::new()),
            subject: RwSignal::new(None),
            sending: StoredValue::new(false),
            retrying: StoredValue::new(false),
            i18n,
        };
        provide_context(outbox);
        Effect::new(move || {
            let subject = session.info.with(|i| i.as_ref().map(|i| i.subject.clone()));
            outbox
                .waiting
                .set(subject.as_deref().map(load).unwrap_or_default());
            outbox.outcomes.set(Vec::new());
            outbox.subject.set(subject.clone());
            if subject.is_some() {
                outbox.flush();
            }
        });
        let handle = window_event_listener(leptos::ev::online, move |_| outbox.flush());
        // The shell lives as long as the page.
        std::mem::forget(handle);
        outbox
    }

    /// Keeps `result` for sending later (one per questionnaire: a newer one
    /// replaces an older one that never arrived).
    pub fn put(self, result: AggregateSubmission) {
        let Some(subject) = self.subject.get_untracked() else {
            return;
        };
        self.waiting.update(|w| {
            w.retain(|r| r.instrument != result.instrument);
            w.push(result);
        });
        self.waiting.with_untracked(|w| store(&subject, w));
        self.retry_later();
    }

    /// Whether a result for `instrument` is waiting to be sent.
    pub fn holds(self, instrument: &str) -> bool {
        self.waiting
            .with(|w| w.iter().any(|r| r.instrument == instrument))
    }

    /// What became of the last result for `instrument` sent from here.
    pub fn outcome(self, instrument: &str) -> Option<Outcome> {
        self.outcomes.with(|o| {
            o.iter()
                .rev()
                .find(|x| match x {
                    Outcome::Sent { instrument: i } | Outcome::Refused { instrument: i, .. } => {
                        i == instrument
                    }
                })
                .cloned()
        })
    }

    /// Schedules one more try, unless one is scheduled already.
    fn retry_later(self) {
        if self.retrying.get_value() {
            return;
        }
        self.retrying.set_value(true);
        set_timeout(
            move || {
                self.retrying.set_value(false);
                self.flush();
            },
            RETRY_AFTER,
        );
    }

    /// Tries to send every waiting result, one after the other.
    pub fn flush(self) {
        if self.sending.get_value() || self.waiting.with_untracked(Vec::is_empty) {
            return;
        }
        let Some(subject) = self.subject.get_untracked() else {
            return;
        };
        self.sending.set_value(true);
        let i18n = self.i18n;
        spawn_local(async move {
            let queue = self.waiting.get_untracked();
            for result in queue {
                let outcome = match api::submit(&result).await {
                    Ok(_) => Outcome::Sent {
                        instrument: result.instrument.clone(),
                    },
                    // Still offline, or the server cannot store right now: it
                    // waits, and is tried again.
                    Err(f) if f.is_transient() => {
                        self.retry_later();
                        break;
                    }
                    // The session ended: it waits (signing in again as the
                    // same participant sends it).
                    Err(Failure::Api {
                        code: ErrorCode::Unauthenticated,
                        ..
                    }) => break,
                    Err(Failure::Api {
                        code: ErrorCode::Conflict,
                        ..
                    }) => Outcome::Refused {
                        instrument: result.instrument.clone(),
                        message: i18n.t("q.already_done"),
                    },
                    Err(f) => Outcome::Refused {
                        instrument: result.instrument.clone(),
                        message: i18n.t(f.message_key()),
                    },
                };
                // Someone else signed in meanwhile: their queue is not ours.
                if self.subject.get_untracked().as_deref() != Some(subject.as_str()) {
                    break;
                }
                self.waiting
                    .update(|w| w.retain(|r| r.instrument != result.instrument));
                self.waiting.with_untracked(|w| store(&subject, w));
                announce(match &outcome {
                    Outcome::Sent { .. } => i18n.t("outbox.sent"),
                    Outcome::Refused { message, .. } => message,
                });
                self.outcomes.update(|o| o.push(outcome));
            }
            self.sending.set_value(false);
        });
    }
}

fn load(subject: &str) -> Vec<AggregateSubmission> {
    local_storage()
        .and_then(|s| s.get_item(&format!("{PREFIX}{subject}")).ok().flatten())
        .and_then(|raw| crate::api::from_json(&raw))
        .unwrap_or_default()
}

fn store(subject: &str, waiting: &[AggregateSubmission]) {
    let Some(s) = local_storage() else { return };
    let key = format!("{PREFIX}{subject}");
    if waiting.is_empty() {
        let _ = s.remove_item(&key);
    } else if let Some(raw) = crate::api::to_json(&waiting) {
        let _ = s.set_item(&key, &raw);
    }
}
