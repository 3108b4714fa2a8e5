//! Numbers, dates and plural forms the way each language writes them, from the
//! browser's own CLDR data (`Intl`): nothing of it is compiled into the WASM,
//! and the rules are the ones the browser keeps up to date.

use js_sys::{Array, Date, Intl, Object, Reflect};
use lotse_shared::Lang;
use wasm_bindgen::JsValue;

/// The locale `Intl` is asked for (easy German is German to it).
fn locales(lang: Lang) -> Array {
    let tag = match lang {
        Lang::DeEasy => "de",
        other => other.tag(),
    };
    Array::of1(&JsValue::from_str(tag))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn format(lang: Lang, date: &Date, pairs: &[(&str, &str)]) -> String {
    let formatter = Intl::DateTimeFormat::new(&locales(lang), &options(pairs));
    formatter
        .format()
        .call1(&JsValue::NULL, date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn date_of(unix: i64) -> Date {
    #[allow(clippy::cast_precision_loss)] // Unix seconds fit an f64 exactly
    Date::new(&JsValue::from_f64(unix as f64 * 1000.0))
}

/// A point in time, in the reader's language and time zone ("3. Dez. 2026, 09:30").
pub fn when(unix: i64, lang: Lang) -> String {
    format(
        lang,
        &date_of(unix),
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

/// A day from a Unix time, in the reader's language ("03.12.2026").
pub fn date(unix: i64, lang: Lang) -> String {
    format(lang, &date_of(unix), &[("dateStyle", "medium")])
}

/// A calendar day given as `YYYY-MM-DD`, in the reader's language; as given
/// if it is not such a day. The day is the same everywhere (no time zone).
pub fn day(iso: &str, lang: Lang) -> String {
    let date = Date::new(&JsValue::from_str(&format!("{iso}T00:00:00Z")));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    format(lang, &date, &[("dateStyle", "medium"), ("timeZone", "UTC")])
}

/// The CLDR plural category of `n` in `lang`: "one", "few", "other", …
pub fn plural(lang: Lang, n: usize) -> String {
    #[allow(clippy::cast_precision_loss)] // counts on a page are small
    let n = n as f64;
    Intl::PluralRules::new(&locales(lang), &Object::new())
        .select(n)
        .as_string()
        .unwrap_or_else(|| "other".to_owned())
}
