//! The privacy notice as a plain page from the server (`GET /privacy`).
//!
//! The notice is public and must be readable by anyone, before signing in,
//! on any device: here it is HTML written by the server, with the app's
//! stylesheets and no script at all, so it works without JavaScript and
//! costs a fraction of the participant app's download. `?lang=` chooses
//! the language (else the browser's `Accept-Language`, else German);
//! `?version=N` shows an earlier version, as the consent history links it.
//! The texts around the notice are the client's own (`i18n/<tag>/*.json`,
//! embedded with the client), so both say the same.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::Lang;
use lotse_shared::api::{Notice, NoticeBlock, OrganisationProfile};

use crate::AppState;
use crate::domain::notice;
use crate::http::assets;
use crate::http::error::AppError;

/// `?lang=…&version=…`, read leniently: a page link with a stray value still
/// shows the notice.
type PageQuery = HashMap<String, String>;

/// `GET /privacy`.
pub async fn page(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = query
        .get("lang")
        .and_then(|tag| Lang::from_tag(tag))
        .or_else(|| browser_lang(&headers))
        .unwrap_or(Lang::De);
    let version = query.get("version").and_then(|v| v.parse::<u32>().ok());
    let found = match version {
        Some(version) => notice::version_in(&*state.store, version, lang).await?,
        None => notice::current(&*state.store, lang).await?,
    };
    let organisation = state.store.organisation().await?;
    let texts = Texts::load(lang);
    let page = Page {
        lang,
        version,
        texts: &texts,
        stylesheets: &assets::app_stylesheets(),
    };
    let status = if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let html = page.render(found.as_ref(), organisation.as_ref());
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // A new notice version is seen at once.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-language"));
    Ok(response)
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

/// The interface texts this page uses, in one language.
struct Texts(HashMap<String, String>);

impl Texts {
    fn load(lang: Lang) -> Self {
        let mut table = HashMap::new();
        for area in ["common", "rights"] {
            table.extend(assets::texts(lang, area));
        }
        Self(table)
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

struct Page<'a> {
    lang: Lang,
    version: Option<u32>,
    texts: &'a Texts,
    stylesheets: &'a str,
}

impl Page<'_> {
    fn render(&self, found: Option<&Notice>, organisation: Option<&OrganisationProfile>) -> String {
        let t = |key| self.texts.get(key);
        let title = t("privacy.title");
        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light\">\n<title>{title} – Lotse</title>\n\
             <meta name=\"theme-color\" content=\"#0b5c6b\">\n{styles}\n</head>\n<body>\n\
             <a class=\"skip-link\" href=\"#main\">{skip}</a>\n\
             <header class=\"site-header\">\n<a class=\"brand\" href=\"/\">Lotse</a>\n\
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
                href = escape(&self.href(lang)),
                tag = lang.tag(),
                name = escape(lang.native_name()),
            );
        }
        out.push_str("</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
        let _ = writeln!(out, "<h1>{}</h1>", escape(title));
        match found {
            Some(notice) => self.notice(&mut out, notice),
            None => {
                let _ = writeln!(
                    out,
                    "<p class=\"alert\">{}</p>",
                    escape(t("common.not_found"))
                );
            }
        }
        let _ = write!(
            out,
            "<p><a href=\"/\">{to_start}</a></p>\n</main>\n<footer class=\"site-footer\">\n<p>{footer}</p>\n",
            to_start = escape(t("privacy.to_start")),
            footer = escape(t("common.footer")),
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
            "<p><a href=\"{href}\">{privacy}</a></p>\n</footer>\n</body>\n</html>\n",
            href = escape(&self.href(self.lang)),
            privacy = escape(t("nav.privacy")),
        );
        out
    }

    /// This page in `lang`, keeping the version asked for.
    fn href(&self, lang: Lang) -> String {
        match self.version {
            Some(version) => format!("/privacy?lang={}&version={version}", lang.tag()),
            None => format!("/privacy?lang={}", lang.tag()),
        }
    }

    /// The notice: its version, then its sections as headed regions; tables
    /// scroll sideways on narrow screens and can be reached by keyboard (as
    /// the app draws it on the consent page).
    fn notice(&self, out: &mut String, notice: &Notice) {
        let _ = writeln!(
            out,
            "<div class=\"notice\" lang=\"{}\">\n<p class=\"meta\">{}</p>",
            notice.lang.tag(),
            escape(
                &self
                    .texts
                    .fill("privacy.version", &[("n", &notice.version.to_string())])
            ),
        );
        let table_label = escape(self.texts.get("privacy.table_label"));
        for (n, section) in notice.sections.iter().enumerate() {
            let _ = writeln!(
                out,
                "<section class=\"notice-section\" aria-labelledby=\"notice-{n}\">\n\
                 <h2 id=\"notice-{n}\">{}</h2>",
                escape(&section.heading)
            );
            for block in &section.blocks {
                match block {
                    NoticeBlock::Paragraph { text } => {
                        let _ = writeln!(out, "<p>{}</p>", escape(text));
                    }
                    NoticeBlock::List { items } => {
                        out.push_str("<ul>\n");
                        for item in items {
                            let _ = writeln!(out, "<li>{}</li>", escape(item));
                        }
                        out.push_str("</ul>\n");
                    }
                    NoticeBlock::Table { header, rows } => {
                        let _ = write!(
                            out,
                            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{table_label}\" tabindex=\"0\">\n\
                             <table class=\"notice-table\">\n<thead>\n<tr>"
                        );
                        for h in header {
                            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
                        }
                        out.push_str("</tr>\n</thead>\n<tbody>\n");
                        for row in rows {
                            let mut cells = row.iter();
                            let first = cells.next().map_or("", String::as_str);
                            let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(first));
                            for cell in cells {
                                let _ = write!(out, "<td>{}</td>", escape(cell));
                            }
                            out.push_str("</tr>\n");
                        }
                        out.push_str("</tbody>\n</table>\n</div>\n");
                    }
                }
            }
            out.push_str("</section>\n");
        }
        out.push_str("</div>\n");
    }
}

/// Text as HTML content or attribute value: nothing from the notice (which
/// staff write) can become markup.
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
    use lotse_shared::api::NoticeSection;

    use super::*;

    fn texts() -> Texts {
        Texts(
            [
                ("privacy.title", "Privacy notice"),
                ("privacy.version", "Version {n}"),
                ("privacy.table_label", "Who sees what"),
                (
                    "common.footer_org",
                    "Responsible: {controller} · Help: {help}",
                ),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        )
    }

    fn notice() -> Notice {
        Notice {
            version: 3,
            lang: Lang::En,
            hash: String::new(),
            title: "t".into(),
            sections: vec![NoticeSection {
                heading: "Who sees <what>".into(),
                blocks: vec![
                    NoticeBlock::Paragraph {
                        text: "A & B \"quoted\" <script>alert(1)</script>".into(),
                    },
                    NoticeBlock::Table {
                        header: vec!["Data".into(), "Agency".into()],
                        rows: vec![vec!["Results".into(), "if you agree".into()]],
                    },
                ],
            }],
        }
    }

    fn render(version: Option<u32>, found: Option<&Notice>) -> String {
        let texts = texts();
        Page {
            lang: Lang::En,
            version,
            texts: &texts,
            stylesheets: "",
        }
        .render(found, None)
    }

    #[test]
    fn what_staff_wrote_is_text_never_markup() {
        let html = render(None, Some(&notice()));
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("A &amp; B &quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt;")
        );
        assert!(html.contains("<h2 id=\"notice-0\">Who sees &lt;what&gt;</h2>"));
    }

    #[test]
    fn the_page_is_complete_without_a_script() {
        let html = render(Some(3), Some(&notice()));
        assert!(!html.contains("<script"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<p class=\"meta\">Version 3</p>"));
        assert!(html.contains("<th scope=\"col\">Agency</th>"));
        assert!(html.contains("<tr><th scope=\"row\">Results</th><td>if you agree</td></tr>"));
        // Every language is one link away, keeping the version.
        assert!(html.contains("href=\"/privacy?lang=de&amp;version=3\" lang=\"de\""));
        assert!(html.contains("hreflang=\"en\" aria-current=\"page\""));
    }

    #[test]
    fn a_version_that_does_not_exist_says_so() {
        assert!(render(Some(99), None).contains("class=\"alert\""));
    }

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
}
