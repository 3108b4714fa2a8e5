//! Pages the server writes itself, in plain HTML: the sign-in page (`/`), the
//! privacy notice (`/privacy`), and the first screen of a questionnaire
//! (`/questionnaire/<id>`, which its app then takes over).
//!
//! Both are public and the first thing a participant opens, often on a cheap
//! phone over a weak connection, so they come without WASM: a few kilobytes
//! that show at once and work without JavaScript. The participant app (its
//! own WASM) takes over after sign-in. Their texts are the client's own
//! (`i18n/<tag>/*.json`, embedded with the client), so both say the same;
//! the language comes from `?lang=` (the apps' links carry the one chosen),
//! else the browser's `Accept-Language`, else German, and every language is
//! one link away.

pub mod privacy;
pub mod questionnaire;
pub mod sign_in;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::Lang;
use lotse_shared::api::OrganisationProfile;

use crate::http::assets;

/// The page's language: `?lang=`, else the browser's, else German.
fn page_lang(query: Option<&str>, headers: &HeaderMap) -> Lang {
    query
        .and_then(Lang::from_tag)
        .or_else(|| browser_lang(headers))
        .unwrap_or(Lang::De)
}

/// The first of the browser's languages Lotse has, in its order of preference.
fn browser_lang(headers: &HeaderMap) -> Option<Lang> {
    let accepted = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut ranked: Vec<(f32, &str)> = accepted
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.parse::<f32>().ok())?;
            Some((q, tag))
        })
        .collect();
    // Stable: equal weights keep the browser's order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().find_map(|(_, tag)| Lang::from_tag(tag))
}

/// The interface texts a page uses, in one language.
struct Texts(HashMap<String, String>);

impl Texts {
    /// `lang`'s texts, read from the embedded files once per language.
    fn load(lang: Lang) -> &'static Self {
        static ALL: OnceLock<HashMap<Lang, Texts>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            Lang::ALL
                .into_iter()
                .map(|lang| {
                    let mut table = HashMap::new();
                    for area in ["common", "rights", "participant"] {
                        table.extend(assets::texts(lang, area));
                    }
                    (lang, Texts(table))
                })
                .collect()
        });
        &all[&lang]
    }

    /// The text for `key`; the key itself when the client was not built in.
    fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self.get(key).to_owned();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

/// What every such page has around its `<main>`: the head with the app's
/// stylesheets, the skip link, the header with the language links, and the
/// footer (who is responsible, whom to ask, the notice) — as the apps draw it.
struct Shell<'a> {
    lang: Lang,
    texts: &'a Texts,
    /// The app's stylesheet links (see [`assets::app_stylesheets`]).
    stylesheets: &'a str,
}

impl Shell<'_> {
    /// Writes everything up to and including `<main>`; `href` is this page
    /// in another language, `head_extra` what else belongs in the head.
    fn open(&self, out: &mut String, title: &str, href: impl Fn(Lang) -> String, head_extra: &str) {
        let t = |key| self.texts.get(key);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light\">\n<title>{title} – Lotse</title>\n\
             <meta name=\"theme-color\" content=\"#0b5c6b\">\n{styles}\n{head_extra}</head>\n<body>\n\
             <a class=\"skip-link\" href=\"#main\">{skip}</a>\n\
             <header class=\"site-header\">\n<a class=\"brand\" href=\"/?lang={lang}\">Lotse</a>\n\
             <nav class=\"header-tools\" aria-label=\"{language}\">\n<ul class=\"lang-links\">\n",
            lang = self.lang.tag(),
            title = escape(title),
            styles = self.stylesheets,
            skip = escape(t("nav.skip")),
            language = escape(t("nav.language")),
        );
        for lang in Lang::ALL {
            let current = if lang == self.lang {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<li><a href=\"{href}\" lang=\"{tag}\" hreflang=\"{tag}\"{current}>{name}</a></li>",
                href = escape(&href(lang)),
                tag = lang.tag(),
                name = escape(lang.native_name()),
            );
        }
        out.push_str("</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
    }

    /// Writes `</main>`, the footer and the end of the document.
    fn close(&self, out: &mut String, organisation: Option<&OrganisationProfile>) {
        let t = |key| self.texts.get(key);
        let _ = write!(
            out,
            "</main>\n<footer class=\"site-footer\">\n<p>{}</p>\n",
            escape(t("common.footer")),
        );
        if let Some(org) = organisation.filter(|o| !o.controller_name.is_empty()) {
            let line = self.texts.fill(
                "common.footer_org",
                &[
                    ("controller", &org.controller_name),
                    ("help", &org.help_contact),
                ],
            );
            let _ = writeln!(out, "<p>{}</p>", escape(&line));
        }
        let _ = write!(
            out,
            "<p><a href=\"/privacy?lang={}\">{}</a></p>\n</footer>\n</body>\n</html>\n",
            self.lang.tag(),
            escape(t("nav.privacy")),
        );
    }
}

/// A written page as a response; `cache` is its Cache-Control.
fn html_response(status: StatusCode, html: String, cache: &'static str) -> Response {
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// Text as HTML content or attribute value: nothing from outside (a notice
/// staff wrote, a code someone typed) can become markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_preferred_language_wins_by_weight() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(value));
            browser_lang(&headers)
        };
        assert_eq!(with("fr-FR, nl;q=0.8, en;q=0.9"), Some(Lang::En));
        assert_eq!(with("bg-BG,bg;q=0.9"), Some(Lang::Bg));
        assert_eq!(with("fr, it"), None);
        assert_eq!(with("en;q=nonsense, de;q=0.5"), Some(Lang::De));
    }

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
