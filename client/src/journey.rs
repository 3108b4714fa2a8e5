//! Answers in progress. They belong to the participant who gave them:
//!
//! - in this tab's memory while the participant moves around the app (Back to
//!   the overview and forward again finds them where they were), dropped the
//!   moment someone else, or no one, is signed in;
//! - on this device only if the participant ticked "keep my progress", and
//!   then only encrypted (`draft_cipher`: AES-GCM, base64(IV ‖ ciphertext) in
//!   localStorage under `lotse.draft.<subject>.<instrument>`) under a key the
//!   server gives to this participant's session alone
//!   (`GET /api/v1/me/draft-key`). The key is fetched once per page load when
//!   a page that needs drafts opens, and lives in this tab's memory only
//!   (non-extractable, never in any storage). When it arrives, every kept draft
//!   on the device is tried: the participant's own come back into memory, any
//!   that does not open (someone else's, or one whose key was erased with its
//!   participant's data, or an older unencrypted one) is deleted. Without the
//!   key (offline) answers stay in memory only: nothing is ever kept in the
//!   clear. Sending, withdrawing and signing out delete the drafts, and signing
//!   out or withdrawing forgets the key.
//!
//! Encrypting is asynchronous, so every write and wipe takes a ticket per
//! storage name and an encrypted write lands only if its ticket is still the
//! newest when it is ready: the last change wins, and a draft wiped by
//! sending or signing out cannot come back through a write that was still
//! under way.
//!
//! Leaving the page (reload, closing the tab) with answers that are in memory
//! only asks first. Nothing here ever goes to the server.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::scoring::Answers;
use web_sys::CryptoKey;

use crate::draft_cipher;
use crate::i18n::local_storage;
use crate::session::Session;

const DRAFT_PREFIX: &str = "lotse.draft.";

/// The draft key of the signed-in participant, in this tab's memory.
enum KeyState {
    /// Being fetched and the device's drafts being read with it; the promise
    /// settles when that is done, whatever the outcome.
    Loading(js_sys::Promise),
    Ready(CryptoKey),
    /// The fetch failed (offline, signed out): drafts stay in memory until a
    /// page that needs them opens again and asks once more.
    Failed,
}

thread_local! {
    /// Whose key it is (their subject tag) and where it stands.
    static KEY: RefCell<Option<(String, KeyState)>> = const { RefCell::new(None) };
    /// The newest ticket per storage name; a write whose ticket is no longer
    /// here (wiped) or was overtaken (a later change) is dropped.
    static TICKETS: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
    static NEXT_TICKET: Cell<u64> = const { Cell::new(0) };
}

/// A new newest ticket for `name`.
fn take_ticket(name: &str) -> u64 {
    let ticket = NEXT_TICKET.with(|n| {
        let t = n.get() + 1;
        n.set(t);
        t
    });
    TICKETS.with(|t| t.borrow_mut().insert(name.to_owned(), ticket));
    ticket
}

fn still_newest(name: &str, ticket: u64) -> bool {
    TICKETS.with(|t| t.borrow().get(name) == Some(&ticket))
}

/// The key if it is loaded for `subject`.
fn ready_key(subject: &str) -> Option<CryptoKey> {
    KEY.with(|k| match &*k.borrow() {
        Some((owner, KeyState::Ready(key))) if owner == subject => Some(key.clone()),
        _ => None,
    })
}

/// Drops the key from memory (sign-out, withdrawal, someone else signed in).
/// A load under way finds it gone when it finishes and keeps nothing.
fn forget_key() {
    KEY.with(|k| k.borrow_mut().take());
}

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
    /// Counts the times kept drafts came back from the device, so views that
    /// show "continue" follow.
    restored: RwSignal<u32>,
}

pub fn use_journey() -> Journey {
    expect_context::<Journey>()
}

impl Journey {
    /// Creates the context; follows who is signed in, and guards leaving the page.
    pub fn provide(session: Session) -> Self {
        let journey = Self {
            drafts: StoredValue::new(Drafts::default()),
            restored: RwSignal::new(0),
        };
        provide_context(journey);
        Effect::new(move || {
            let subject = session.info.with(|i| i.as_ref().map(|i| i.subject.clone()));
            journey.drafts.update_value(|d| {
                if d.owner != subject {
                    d.open.clear();
                    d.owner.clone_from(&subject);
                }
            });
            // Someone else's key never serves the one signed in now.
            let stale = KEY.with(|k| {
                k.borrow()
                    .as_ref()
                    .is_some_and(|(owner, _)| Some(owner) != subject.as_ref())
            });
            if stale {
                forget_key();
            }
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

    /// Fetches the draft key once per page load and brings the participant's
    /// kept drafts back into memory; returns when that is done (or failed, and
    /// then answers stay in memory only). Pages that show or resume drafts wait
    /// for it; asking again after a failure tries again.
    pub async fn prepare(self, subject: &str) {
        if subject.is_empty() {
            return;
        }
        let pending = KEY.with(|k| match &*k.borrow() {
            Some((owner, KeyState::Ready(_))) if owner == subject => Some(None),
            Some((owner, KeyState::Loading(p))) if owner == subject => Some(Some(p.clone())),
            _ => None,
        });
        let pending = if let Some(pending) = pending {
            pending
        } else {
            let promise =
                wasm_bindgen_futures::future_to_promise(self.load_device(subject.to_owned()));
            KEY.with(|k| {
                *k.borrow_mut() = Some((subject.to_owned(), KeyState::Loading(promise.clone())));
            });
            Some(promise)
        };
        if let Some(promise) = pending {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
    }

    /// Fetches and imports the key, then tries every kept draft on the device.
    async fn load_device(
        self,
        subject: String,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
        let done = Ok(wasm_bindgen::JsValue::UNDEFINED);
        let key = match crate::api_me::draft_key().await {
            Ok(k) => draft_cipher::import(&k.key).await.ok(),
            Err(_) => None,
        };
        // Signed out or someone else signed in while this was under way.
        let current = KEY.with(|k| {
            k.borrow().as_ref().is_some_and(|(owner, state)| {
                *owner == subject && matches!(state, KeyState::Loading(_))
            })
        });
        if !current {
            return done;
        }
        let Some(key) = key else {
            KEY.with(|k| *k.borrow_mut() = Some((subject, KeyState::Failed)));
            return done;
        };
        let mut found = Vec::new();
        for name in device_names() {
            let Some(stored) = local_storage().and_then(|s| s.get_item(&name).ok().flatten())
            else {
                continue;
            };
            let answers = draft_cipher::open(&key, &stored, &name)
                .await
                .ok()
                .and_then(|plain| String::from_utf8(plain).ok())
                .and_then(|plain| crate::api::from_json::<Answers>(&plain));
            match answers {
                Some(answers) => {
                    if let Some(instrument) = name
                        .strip_prefix(&name_prefix(&subject))
                        .filter(|i| !i.contains('.'))
                    {
                        found.push((instrument.to_owned(), answers));
                    }
                }
                // Not this participant's: someone else's, one whose key was
                // erased, or one kept in the clear by an older version.
                None => wipe_name(&name),
            }
        }
        let still_current = KEY.with(|k| {
            let mut k = k.borrow_mut();
            let current = k.as_ref().is_some_and(|(owner, state)| {
                *owner == subject && matches!(state, KeyState::Loading(_))
            });
            if current {
                *k = Some((subject.clone(), KeyState::Ready(key)));
            }
            current
        });
        if !still_current || !self.owned_by(&subject) {
            return done;
        }
        // What is in memory is newer than what the device kept.
        let mut flush = Vec::new();
        self.drafts.update_value(|d| {
            for (instrument, answers) in found {
                d.open
                    .entry(instrument)
                    .or_insert_with(|| InProgress::from_device(answers));
            }
            for (instrument, p) in &d.open {
                if p.keep && !p.answers.is_empty() {
                    flush.push((instrument.clone(), p.answers.clone()));
                }
            }
        });
        for (instrument, answers) in flush {
            save_device_draft(&subject, &instrument, &answers);
        }
        self.restored.update(|n| *n += 1);
        done
    }

    /// The answers in progress for `instrument`, from memory (where
    /// [`Journey::prepare`] put the device's); none if someone else is signed
    /// in by now.
    pub fn resume(self, subject: &str, instrument: &str) -> Option<InProgress> {
        let mine = self.owned_by(subject);
        if !mine {
            return None;
        }
        self.drafts.with_value(|d| d.open.get(instrument).cloned())
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

    /// Whether `instrument` has answers in progress (tracks drafts coming
    /// back from the device).
    pub fn started(self, subject: &str, instrument: &str) -> bool {
        self.restored.track();
        self.resume(subject, instrument)
            .is_some_and(|p| !p.answers.is_empty())
    }

    /// Whether answers would be lost by leaving: given, not sent, and not kept
    /// on the device (ticking the box keeps nothing while there is no key).
    /// Drops every answer in memory (signing out: the page is left next, and
    /// must not ask whether to leave unsent answers that are gone anyway).
    pub fn clear(self) {
        self.drafts.update_value(|d| d.open.clear());
    }

    pub fn unsent(self) -> bool {
        self.drafts.with_value(|d| {
            let kept = d.owner.as_deref().and_then(ready_key).is_some();
            d.open
                .values()
                .any(|p| !(p.answers.is_empty() || p.keep && kept))
        })
    }
}

fn name_prefix(subject: &str) -> String {
    format!("{DRAFT_PREFIX}{subject}.")
}

fn key(subject: &str, instrument: &str) -> String {
    format!("{DRAFT_PREFIX}{subject}.{instrument}")
}

/// Every kept draft's storage name on this device, whoever made it.
fn device_names() -> Vec<String> {
    let Some(s) = local_storage() else {
        return Vec::new();
    };
    (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_PREFIX))
        .collect()
}

/// Encrypts and stores the draft once the key is here; without it nothing is
/// written (never in the clear). Only the newest write of a name lands.
fn save_device_draft(subject: &str, instrument: &str, answers: &Answers) {
    let Some(key) = ready_key(subject) else {
        return;
    };
    let Some(plain) = crate::api::to_json(answers).map(String::into_bytes) else {
        return;
    };
    let name = self::key(subject, instrument);
    let ticket = take_ticket(&name);
    let subject = subject.to_owned();
    spawn_local(async move {
        let Ok(sealed) = draft_cipher::seal(&key, &plain, &name).await else {
            return;
        };
        // Not if a later change, a send or a sign-out came first.
        if still_newest(&name, ticket)
            && ready_key(&subject).is_some()
            && let Some(s) = local_storage()
        {
            let _ = s.set_item(&name, &sealed);
        }
    });
}

fn wipe_device_draft(subject: &str, instrument: &str) {
    wipe_name(&key(subject, instrument));
}

/// Deletes the draft under `name` and voids any write of it still under way.
fn wipe_name(name: &str) {
    take_ticket(name);
    if let Some(s) = local_storage() {
        let _ = s.remove_item(name);
    }
}

/// Removes every kept draft from this device, whoever made it, voids the
/// writes under way and forgets the key (sign-out, withdrawal, erasure).
pub fn wipe_all_drafts() {
    TICKETS.with(|t| t.borrow_mut().clear());
    forget_key();
    let Some(s) = local_storage() else { return };
    for name in device_names() {
        let _ = s.remove_item(&name);
    }
}
