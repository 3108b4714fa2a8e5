//! Interface texts, one JSON file per language in `client/i18n/`. The current
//! language is a signal in context, so every text follows a language switch.

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;
use lotse_shared::Lang;

type Table = HashMap<String, String>;

fn table(lang: Lang) -> &'static Table {
    static DE: OnceLock<Table> = OnceLock::new();
    static EN: OnceLock<Table> = OnceLock::new();
    let (cell, source) = match lang {
        Lang::De => (&DE, include_str!("../i18n/de.json")),
        Lang::En => (&EN, include_str!("../i18n/en.json")),
    };
    cell.get_or_init(|| serde_json::from_str(source).unwrap_or_default())
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
pub fn initial_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::De)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_keys() {
        let de: Vec<_> = table(Lang::De).keys().collect();
        let en = table(Lang::En);
        assert!(!de.is_empty());
        for key in &de {
            assert!(en.contains_key(*key), "en lacks {key}");
        }
        assert_eq!(de.len(), en.len(), "de and en have different keys");
    }

    #[test]
    fn every_key_used_in_code_exists() {
        let sources = [
            include_str!("app.rs"),
            include_str!("api.rs"),
            include_str!("components/mod.rs"),
            include_str!("pages/sign_in.rs"),
            include_str!("pages/overview.rs"),
            include_str!("pages/questionnaire.rs"),
            include_str!("pages/result.rs"),
        ];
        for source in sources {
            for quoted in source.split('"').skip(1).step_by(2) {
                let looks_like_key = quoted.contains('.')
                    && quoted
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                    && [
                        "common.",
                        "nav.",
                        "signin.",
                        "overview.",
                        "q.",
                        "result.",
                        "error.",
                        "state.",
                    ]
                    .iter()
                    .any(|p| quoted.starts_with(p));
                if looks_like_key {
                    assert!(
                        table(Lang::De).contains_key(quoted),
                        "missing text {quoted}"
                    );
                }
            }
        }
    }
}
