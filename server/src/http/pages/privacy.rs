//! `GET /privacy`: the privacy notice, readable by anyone without signing in
//! and without JavaScript. `?version=N` shows an earlier version, as the
//! consent history links it; a version that does not exist is a 404 page
//! that says so.

use std::fmt::Write as _;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use lotse_shared::Lang;
use lotse_shared::api::{Notice, NoticeBlock, OrganisationProfile};
use serde::Deserialize;

use super::{Shell, Texts, escape, html_response, page_lang};
use crate::AppState;
use crate::domain::notice;
use crate::http::assets;
use crate::http::error::AppError;

/// `?lang=…&version=…`, read leniently: a stray value still shows the notice.
#[derive(Debug, Deserialize)]
pub struct PrivacyQuery {
    lang: Option<String>,
    version: Option<String>,
}

/// `GET /privacy[?lang=…][&version=…]`.
pub async fn page(
    State(state): State<AppState>,
    Query(query): Query<PrivacyQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = page_lang(query.lang.as_deref(), &headers);
    let version = query.version.and_then(|v| v.parse::<u32>().ok());
    let found = match version {
        Some(version) => notice::version_in(&*state.store, version, lang).await?,
        None => notice::current(&*state.store, lang).await?,
    };
    let organisation = state.store.organisation().await?;
    let texts = Texts::load(lang);

    let shell = Shell {
        lang,
        texts,
        stylesheets: assets::app_stylesheets(),
    };
    let status = if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let html = render(&shell, version, found.as_ref(), organisation.as_ref());
    // A new notice version is seen at once.
    Ok(html_response(status, html, "no-cache"))
}

fn render(
    shell: &Shell,
    version: Option<u32>,
    found: Option<&Notice>,
    organisation: Option<&OrganisationProfile>,
) -> String {
    let texts = shell.texts;
    let title = texts.get("privacy.title");
    let mut out = String::with_capacity(16 * 1024);
    shell.open(&mut out, title, |lang| href(lang, version), "");
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    match found {
        Some(notice) => notice_html(&mut out, texts, notice),
        None => {
            let _ = writeln!(
                out,
                "<p class=\"alert\">{}</p>",
                escape(texts.get("common.not_found"))
            );
        }
    }
    let _ = writeln!(
        out,
        "<p><a href=\"/?lang={}\">{}</a></p>",
        shell.lang.tag(),
        escape(texts.get("privacy.to_start"))
    );
    shell.close(&mut out, organisation);
    out
}

/// This page in `lang`, keeping the version asked for.
fn href(lang: Lang, version: Option<u32>) -> String {
    match version {
        Some(version) => format!("/privacy?lang={}&version={version}", lang.tag()),
        None => format!("/privacy?lang={}", lang.tag()),
    }
}

/// The notice: its version, then its sections as headed regions; tables
/// scroll sideways on narrow screens and can be reached by keyboard (as the
/// app draws it on the consent page).
fn notice_html(out: &mut String, texts: &Texts, notice: &Notice) {
    let _ = writeln!(
        out,
        "<div class=\"notice\" lang=\"{}\">\n<p class=\"meta\">{}</p>",
        notice.lang.tag(),
        escape(&texts.fill("privacy.version", &[("n", &notice.version.to_string())])),
    );
    let table_label = escape(texts.get("privacy.table_label"));
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

    fn page(version: Option<u32>, found: Option<&Notice>) -> String {
        let texts = texts();
        let shell = Shell {
            lang: Lang::En,
            texts: &texts,
            stylesheets: "",
        };
        render(&shell, version, found, None)
    }

    #[test]
    fn what_staff_wrote_is_text_never_markup() {
        let html = page(None, Some(&notice()));
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("A &amp; B &quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt;")
        );
        assert!(html.contains("<h2 id=\"notice-0\">Who sees &lt;what&gt;</h2>"));
    }

    #[test]
    fn the_page_is_complete_without_a_script() {
        let html = page(Some(3), Some(&notice()));
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
        assert!(page(Some(99), None).contains("class=\"alert\""));
    }
}
