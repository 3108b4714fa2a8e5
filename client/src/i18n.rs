//! Interface texts: JSON files per language and area in `client/i18n/<lang>/`.
//! The current language is a signal in context, so every text follows a switch.

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;
use lotse_shared::Lang;

type Table = HashMap<String, String>;

/// Every text file of a language; areas keep their own file so features can
/// add texts without touching each other's.
macro_rules! texts {
    ($lang:literal) => {
        &[
            include_str!(concat!("../i18n/", $lang, "/common.json")),
            include_str!(concat!("../i18n/", $lang, "/participant.json")),
            include_str!(concat!("../i18n/", $lang, "/rights.json")),
            include_str!(concat!("../i18n/", $lang, "/audit.json")),
            include_str!(concat!("../i18n/", $lang, "/a11y.json")),
        ]
    };
}

/// Texts only one app needs (the staff dashboard's), registered by that app
/// before the first text is looked up, so the other app does not carry them.
static EXTRA: OnceLock<fn(Lang) -> &'static [&'static str]> = OnceLock::new();

/// Adds an app's own text files (call once, at start-up).
#[cfg_attr(not(test), allow(dead_code))] // only the staff app calls it
pub fn register_texts(sources: fn(Lang) -> &'static [&'static str]) {
    let _ = EXTRA.set(sources);
}

fn table(lang: Lang) -> &'static Table {
    static DE: OnceLock<Table> = OnceLock::new();
    static EN: OnceLock<Table> = OnceLock::new();
    let (cell, sources): (_, &[&str]) = match lang {
        Lang::De => (&DE, texts!("de")),
        Lang::En => (&EN, texts!("en")),
    };
    cell.get_or_init(|| {
        #[cfg(test)]
        register_texts(crate::i18n::tests::staff_texts);
        let extra: &[&str] = EXTRA.get().map_or(&[], |f| f(lang));
        sources
            .iter()
            .chain(extra)
            .flat_map(|src| serde_json::from_str::<Table>(src).unwrap_or_default())
            .collect()
    })
}

/// The text for `key` in `lang`; the key itself if it is missing (a test makes
/// sure no key is missing in any language).
pub fn text(lang: Lang, key: &str) -> &'static str {
    match table(lang).get(key) {
        Some(s) => s.as_str(),
        None => Box::leak(key.to_owned().into_boxed_str()),
    }
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

/// The browser's preferred supported language, German otherwise.
/// Where the device keeps the chosen language (a setting, nothing personal).
const LANG_KEY: &str = "lotse.lang";

fn local_storage() -> Option<web_sys::Storage> {
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
#[cfg_attr(not(test), allow(dead_code))] // the staff app has its own picker
pub fn remember_lang(lang: Lang) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(LANG_KEY, lang.tag());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use lotse_shared::api::AuditAction;

    use super::*;

    /// The tests check every app's texts, whichever binary they run in.
    pub(crate) fn staff_texts(lang: Lang) -> &'static [&'static str] {
        match lang {
            Lang::De => &[include_str!("../i18n/de/staff.json")],
            Lang::En => &[include_str!("../i18n/en/staff.json")],
        }
    }
    use std::path::Path;

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

    #[test]
    fn every_key_used_in_code_exists() {
        let areas: Vec<&str> = table(Lang::De)
            .keys()
            .filter_map(|k| k.split('.').next())
            .collect();
        let mut all = Vec::new();
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
        let mut checked = 0;
        for source in &all {
            for quoted in source.split('"').skip(1).step_by(2) {
                let looks_like_key = quoted.contains('.')
                    && quoted
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                    && quoted.split('.').next().is_some_and(|a| areas.contains(&a));
                if looks_like_key {
                    checked += 1;
                    assert!(
                        table(Lang::De).contains_key(quoted),
                        "missing text {quoted}"
                    );
                }
            }
        }
        assert!(checked > 20, "the key scan found too few keys ({checked})");
    }
}
