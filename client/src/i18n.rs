//! Interface texts: JSON files per language and area in `client/i18n/<tag>/`.
//! The build copies them next to the app (`/i18n/<tag>/<area>.json`); the
//! browser fetches the current language's files only, so the WASM carries no
//! texts and a new language costs nothing to those who do not use it. The
//! current language is a signal in context, so every text follows a switch;
//! a switch loads the new language's texts first.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::Lang;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;

type Table = HashMap<String, String>;

/// The areas the participant app reads; areas keep their own file so features
/// can add texts without touching each other's.
pub const PARTICIPANT_AREAS: &[&str] = &["common", "participant", "rights", "audit", "a11y"];
/// The questionnaire's app needs only these (its frame's texts are common):
/// less to fetch and to read before it can draw.
pub const QUESTIONNAIRE_AREAS: &[&str] = &["common", "participant"];
/// The staff dashboard reads its own area too.
pub const STAFF_AREAS: &[&str] = &["common", "participant", "rights", "audit", "a11y", "staff"];

thread_local! {
    static AREAS: Cell<&'static [&'static str]> = const { Cell::new(PARTICIPANT_AREAS) };
    /// Loaded languages; a table lives as long as the page (texts are `&'static`).
    static TABLES: RefCell<HashMap<Lang, &'static Table>> = RefCell::new(HashMap::new());
}

/// Chooses the areas this app loads (call once, before [`load`]).
pub fn use_areas(areas: &'static [&'static str]) {
    AREAS.with(|a| a.set(areas));
}

/// Fetches `lang`'s texts unless they are here already; false when they could
/// not be fetched (offline), in which case nothing changes.
pub async fn load(lang: Lang) -> bool {
    if TABLES.with(|t| t.borrow().contains_key(&lang)) {
        return true;
    }
    let Some(table) = fetch(lang).await else {
        return false;
    };
    let table: &'static Table = Box::leak(Box::new(table));
    TABLES.with(|t| t.borrow_mut().insert(lang, table));
    true
}

/// All of a language's area files, requested at once and merged.
async fn fetch(lang: Lang) -> Option<Table> {
    let window = web_sys::window()?;
    let areas = AREAS.with(Cell::get);
    // Every request starts before the first answer is awaited.
    let pending: Vec<js_sys::Promise> = areas
        .iter()
        .map(|area| window.fetch_with_str(&format!("/i18n/{}/{area}.json", lang.tag())))
        .collect();
    let mut table = Table::new();
    for promise in pending {
        let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        // The browser parses the JSON: no JSON parser in the WASM for texts.
        let texts = JsFuture::from(response.json().ok()?).await.ok()?;
        for entry in js_sys::Object::entries(texts.dyn_ref::<js_sys::Object>()?) {
            let pair = js_sys::Array::from(&entry);
            table.insert(pair.get(0).as_string()?, pair.get(1).as_string()?);
        }
    }
    Some(table)
}

/// The text for `key` in `lang`; the key itself if it is missing (a test makes
/// sure no key is missing in any language, and `load` runs before anything is
/// shown).
pub fn text(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or_else(|| Box::leak(key.to_owned().into_boxed_str()))
}

fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    TABLES.with(|t| {
        t.borrow()
            .get(&lang)
            .and_then(|table| table.get(key))
            .map(String::as_str)
    })
}

/// The language setting, provided as context by the app.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The text for `key` in the current language (tracks the language signal).
    pub fn t(self, key: &str) -> &'static str {
        text(self.lang.get(), key)
    }

    /// The text for `key` as a reactive view child (`{i18n.tr("key")}`). Every
    /// call returns the same closure type, so the WASM holds one copy of its
    /// rendering code instead of one per `move || i18n.t(..)` closure.
    pub fn tr(self, key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// Loads `lang`'s texts, then switches to it and remembers it on this
    /// device; if they cannot be loaded, the language stays as it is.
    pub fn switch(self, lang: Lang) {
        spawn_local(async move {
            if load(lang).await {
                self.lang.set(lang);
                remember_lang(lang);
            }
        });
    }

    /// A text about a count: the key's form for `n` in the current language's
    /// plural rules (`key#one`, `key#few`, … falling back to `key#other`), with
    /// `{n}` and the other placeholders filled.
    pub fn count(self, key: &str, n: usize, values: &[(&str, String)]) -> String {
        let lang = self.lang.get();
        let category = crate::locale::plural(lang, n);
        let mut out = lookup(lang, &format!("{key}#{category}"))
            .unwrap_or_else(|| text(lang, &format!("{key}#other")))
            .replace("{n}", &n.to_string());
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// Replaces `{name}` placeholders.
    pub fn fill(self, key: &str, values: &[(&str, String)]) -> String {
        let mut out = self.t(key).to_owned();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Where the device keeps the chosen language (a setting, nothing personal).
const LANG_KEY: &str = "lotse-lang";

/// This device's local storage, if the browser allows it (also used by
/// `journey` and `outbox`).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The language chosen on this device before, else the browser's, else German.
pub fn initial_lang() -> Lang {
    local_storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::De)
}

/// Remembers the chosen language on this device.
pub fn remember_lang(lang: Lang) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(LANG_KEY, lang.tag());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use lotse_shared::api::AuditAction;

    use super::*;

    use std::path::Path;

    /// Every area file of a language, read from disk as the build copies them.
    fn table(lang: Lang) -> Table {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("i18n")
            .join(lang.tag());
        let mut table = Table::new();
        for area in STAFF_AREAS {
            let raw = std::fs::read_to_string(dir.join(format!("{area}.json")))
                .unwrap_or_else(|e| panic!("{lang:?} {area}: {e}"));
            let texts: Table =
                serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{lang:?} {area}: {e}"));
            for key in texts.keys() {
                assert!(!table.contains_key(key), "{key} is in two areas");
            }
            table.extend(texts);
        }
        table
    }

    #[test]
    fn every_area_file_is_in_one_of_the_apps() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("i18n")
            .join("de");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let area = name.trim_end_matches(".json");
            assert!(STAFF_AREAS.contains(&area), "{name} is loaded by no app");
        }
        assert!(PARTICIPANT_AREAS.iter().all(|a| STAFF_AREAS.contains(a)));
        assert!(
            QUESTIONNAIRE_AREAS
                .iter()
                .all(|a| PARTICIPANT_AREAS.contains(a))
        );
    }

    fn sources(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }

    #[test]
    fn every_language_has_the_same_keys() {
        let de = table(Lang::De);
        assert!(!de.is_empty());
        for lang in Lang::ALL {
            let other = table(lang);
            let mut missing: Vec<_> = de.keys().filter(|k| !other.contains_key(*k)).collect();
            missing.extend(other.keys().filter(|k| !de.contains_key(*k)));
            assert!(
                missing.is_empty(),
                "{lang:?} differs from de in {missing:?}"
            );
            assert!(
                other.values().all(|v| !v.trim().is_empty()),
                "{lang:?} has an empty text"
            );
        }
    }

    #[test]
    fn every_audit_action_has_a_label_in_every_language() {
        for lang in Lang::ALL {
            for &action in AuditAction::ALL {
                let key = crate::views::action_key(action);
                assert!(
                    table(lang).contains_key(key),
                    "{lang:?} has no label {key} for {}",
                    action.code()
                );
            }
        }
    }

    /// Every Rust source of the client, as one text, with the server's pages
    /// that use the same texts (sign-in and the privacy notice).
    fn all_sources() -> String {
        let mut all = Vec::new();
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/http/pages"),
            &mut all,
        );
        all.concat()
    }

    /// A key without its plural category (`q.open_title#one` → `q.open_title`).
    fn base(key: &str) -> &str {
        key.split('#').next().unwrap_or(key)
    }

    #[test]
    fn every_key_used_in_code_exists() {
        let de = table(Lang::De);
        let areas: Vec<&str> = de.keys().filter_map(|k| k.split('.').next()).collect();
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut checked = 0;
        // Per file: a stray quote in one must not shift the pairs in the next.
        for quoted in files.iter().flat_map(|f| f.split('"').skip(1).step_by(2)) {
            let looks_like_key = quoted.contains('.')
                && quoted
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                && quoted.split('.').next().is_some_and(|a| areas.contains(&a));
            if looks_like_key {
                checked += 1;
                assert!(
                    de.contains_key(quoted) || de.contains_key(&format!("{quoted}#other")),
                    "missing text {quoted}"
                );
            }
        }
        assert!(checked > 20, "the key scan found too few keys ({checked})");
    }

    #[test]
    fn no_text_is_unused() {
        let all = all_sources();
        let unused: Vec<String> = table(Lang::De)
            .keys()
            .map(|k| base(k))
            .filter(|k| !all.contains(&format!("\"{k}\"")))
            .map(str::to_owned)
            .collect();
        assert!(unused.is_empty(), "texts no code uses: {unused:?}");
    }

    /// The `{placeholder}` names in a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn every_language_keeps_every_placeholder_and_every_plural_has_its_other_form() {
        let de = table(Lang::De);
        for lang in Lang::ALL {
            let other = table(lang);
            for (key, text) in &other {
                // A plural form may differ in wording, not in what it fills in.
                let reference = de
                    .get(key)
                    .or_else(|| de.get(&format!("{}#other", base(key))))
                    .unwrap_or_else(|| panic!("{lang:?} has {key}, German has not"));
                assert_eq!(
                    placeholders(text),
                    placeholders(reference),
                    "{lang:?} {key}: placeholders differ from German"
                );
                if key.contains('#') {
                    assert!(
                        other.contains_key(&format!("{}#other", base(key))),
                        "{lang:?} {key} has no #other form"
                    );
                }
            }
        }
    }
}
