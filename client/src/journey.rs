//! Answers in progress. They belong to the participant who gave them, and
//! are kept only encrypted (`draft_cipher`: AES-GCM, base64(IV ‖ ciphertext))
//! under a key the server gives to this participant's session alone
//! (`GET /api/v1/me/draft-key`):
//!
//! - in this page's memory, dropped the moment someone else, or no one, is
//!   signed in;
//! - for this tab (sessionStorage), so that they survive the page loads
//!   between the questionnaire and the app's other pages (Back to the
//!   overview and forward again finds them where they were, on the same
//!   screen) and a reload; the browser drops this copy with the tab;
//! - on this device (localStorage) only if the participant ticked "keep my
//!   progress": the answers alone, until they are sent.
//!
//! Both copies are filed as `lotse.draft.<subject>.<instrument>`. The key is
//! fetched once per page load when a page that needs drafts opens, and lives
//! in this tab's memory only (non-extractable, never in any storage). When it
//! arrives, every copy in both stores is tried: the participant's own come
//! back into memory, any that does not open (someone else's, or one whose key
//! was erased with its participant's data, or an older unencrypted one) is
//! deleted. Without the key (offline) answers stay in memory only: nothing is
//! ever kept in the clear. Sending, withdrawing and signing out delete the
//! copies, and signing out or withdrawing forgets the key.
//!
//! Encrypting is asynchronous, so every write and wipe takes a ticket per
//! storage name and an encrypted write lands only if its ticket is still the
//! newest when it is ready: the last change wins, and a draft wiped by
//! sending or signing out cannot come back through a write that was still
//! under way.
//!
//! Leaving the page (reload, another page, closing the tab) with answers that
//! are in memory only, because the key is not here, asks first. Nothing here
//! ever goes to the server.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::scoring::Answers;
use serde::{Deserialize, Serialize};
use web_sys::{CryptoKey, Storage};

use crate::draft_cipher;
use crate::i18n::local_storage;
use crate::session::Session;

const DRAFT_PREFIX: &str = "lotse.draft.";

/// Where a copy of the answers in progress is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// This tab (sessionStorage): the whole [`InProgress`].
    Tab,
    /// This device (localStorage), "keep my progress": the answers alone.
    Device,
}

impl Place {
    const BOTH: [Self; 2] = [Self::Tab, Self::Device];

    fn storage(self) -> Option<Storage> {
        match self {
            Self::Tab => web_sys::window().and_then(|w| w.session_storage().ok().flatten()),
            Self::Device => local_storage(),
        }
    }

    /// What a copy is bound to (the cipher's additional data): its name, and
    /// for the tab's copy that it is one, so neither opens in the other store.
    fn bound_to(self, name: &str) -> String {
        match self {
            Self::Tab => format!("tab:{name}"),
            Self::Device => name.to_owned(),
        }
    }
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Intro,
    Page(usize),
    Review,
}

/// One questionnaire being answered (the tab's copy holds all of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
            if journey.only_in_memory() {
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
        // The tab's copies first: they hold the screen as well.
        let mut found = Vec::new();
        for place in Place::BOTH {
            for name in stored_names(place) {
                let Some(stored) = place
                    .storage()
                    .and_then(|s| s.get_item(&name).ok().flatten())
                else {
                    continue;
                };
                let plain = draft_cipher::open(&key, &stored, &place.bound_to(&name))
                    .await
                    .ok()
                    .and_then(|plain| String::from_utf8(plain).ok());
                let progress = plain.and_then(|plain| match place {
                    Place::Tab => crate::api::from_json::<InProgress>(&plain),
                    Place::Device => {
                        crate::api::from_json::<Answers>(&plain).map(InProgress::from_device)
                    }
                });
                let instrument = name
                    .strip_prefix(&name_prefix(&subject))
                    .filter(|i| !i.contains('.'));
                match (progress, instrument) {
                    (Some(progress), Some(instrument)) => {
                        found.push((instrument.to_owned(), progress));
                    }
                    (Some(_), None) => {}
                    // Not this participant's: someone else's, one whose key
                    // was erased, or one kept in the clear by an older version.
                    (None, _) => wipe_copy(place, &name),
                }
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
        // What is in memory is newer than what was kept, and the tab's copy
        // newer than the device's.
        let mut flush = Vec::new();
        self.drafts.update_value(|d| {
            for (instrument, progress) in found {
                d.open.entry(instrument).or_insert(progress);
            }
            for (instrument, p) in &d.open {
                if !p.answers.is_empty() {
                    flush.push((instrument.clone(), p.clone()));
                }
            }
        });
        for (instrument, progress) in flush {
            keep_copies(&subject, &instrument, &progress);
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
        keep_copies(subject, instrument, progress);
        self.drafts.update_value(|d| {
            d.open.insert(instrument.to_owned(), progress.clone());
        });
    }

    /// The questionnaire was sent (or skipped): nothing of it remains.
    pub fn finish(self, subject: &str, instrument: &str) {
        wipe_name(&key(subject, instrument));
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

    /// Drops every answer in memory (signing out: the page is left next, and
    /// must not ask whether to leave unsent answers that are gone anyway).
    pub fn clear(self) {
        self.drafts.update_value(|d| d.open.clear());
    }

    /// Whether signing out would throw answers away: given, not sent, and not
    /// kept on the device (ticking the box keeps nothing while there is no
    /// key). Counts the tab's copies of questionnaires this page has not
    /// opened, too.
    pub fn unsent(self) -> bool {
        let in_memory = self.drafts.with_value(|d| {
            let kept = d.owner.as_deref().and_then(ready_key).is_some();
            d.open
                .values()
                .any(|p| !(p.answers.is_empty() || p.keep && kept))
        });
        in_memory || {
            let on_device = stored_names(Place::Device);
            stored_names(Place::Tab)
                .iter()
                .any(|name| !on_device.contains(name))
        }
    }

    /// Whether leaving this page would lose answers: they are in memory only,
    /// because without the key (offline) not even the tab keeps a copy.
    fn only_in_memory(self) -> bool {
        self.drafts.with_value(|d| {
            let key = d.owner.as_deref().and_then(ready_key);
            key.is_none() && d.open.values().any(|p| !p.answers.is_empty())
        })
    }
}

fn name_prefix(subject: &str) -> String {
    format!("{DRAFT_PREFIX}{subject}.")
}

fn key(subject: &str, instrument: &str) -> String {
    format!("{DRAFT_PREFIX}{subject}.{instrument}")
}

/// The storage names of the copies kept in `place`, whoever made them.
fn stored_names(place: Place) -> Vec<String> {
    let Some(s) = place.storage() else {
        return Vec::new();
    };
    (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_PREFIX))
        .collect()
}

/// Keeps `progress` in the tab and, if the participant asked for it, on the
/// device; an empty draft is no draft (after sending, nothing may remain).
fn keep_copies(subject: &str, instrument: &str, progress: &InProgress) {
    let name = key(subject, instrument);
    if progress.answers.is_empty() {
        return wipe_name(&name);
    }
    save_copy(Place::Tab, subject, &name, crate::api::to_json(progress));
    if progress.keep {
        save_copy(
            Place::Device,
            subject,
            &name,
            crate::api::to_json(&progress.answers),
        );
    } else {
        wipe_copy(Place::Device, &name);
    }
}

/// Encrypts and stores a copy once the key is here; without it nothing is
/// written (never in the clear). Only the newest write of a copy lands.
fn save_copy(place: Place, subject: &str, name: &str, plain: Option<String>) {
    let Some(key) = ready_key(subject) else {
        return;
    };
    let Some(plain) = plain.map(String::into_bytes) else {
        return;
    };
    let ticket = take_ticket(&place.bound_to(name));
    let (subject, name) = (subject.to_owned(), name.to_owned());
    spawn_local(async move {
        let bound_to = place.bound_to(&name);
        let Ok(sealed) = draft_cipher::seal(&key, &plain, &bound_to).await else {
            return;
        };
        // Not if a later change, a send or a sign-out came first.
        if still_newest(&bound_to, ticket)
            && ready_key(&subject).is_some()
            && let Some(s) = place.storage()
        {
            let _ = s.set_item(&name, &sealed);
        }
    });
}

/// Deletes the copy under `name` in `place` and voids any write of it still
/// under way.
fn wipe_copy(place: Place, name: &str) {
    take_ticket(&place.bound_to(name));
    if let Some(s) = place.storage() {
        let _ = s.remove_item(name);
    }
}

/// Deletes both copies of one questionnaire.
fn wipe_name(name: &str) {
    for place in Place::BOTH {
        wipe_copy(place, name);
    }
}

/// Removes every copy from this tab and this device, whoever made it, voids
/// the writes under way and forgets the key (sign-out, withdrawal, erasure).
pub fn wipe_all_drafts() {
    TICKETS.with(|t| t.borrow_mut().clear());
    forget_key();
    for place in Place::BOTH {
        let Some(s) = place.storage() else { continue };
        for name in stored_names(place) {
            let _ = s.remove_item(&name);
        }
    }
}
