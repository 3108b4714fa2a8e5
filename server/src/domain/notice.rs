//! The privacy notice: versioned text files in `server/notices/`, embedded in the
//! binary. Each version exists in every language; the hash of the exact file is
//! recorded with each consent, so the words a participant agreed to are provable.
//!
//! The files use a small Markdown subset (`#` title, `##` sections, paragraphs,
//! `- ` lists, `|` tables) so they stay readable and reviewable as plain text.

use lotse_shared::Lang;
use lotse_shared::api::{Notice, NoticeBlock, NoticeSection};

/// Every notice text: (version, language, file contents). Add a new version by
/// adding its files here; participants are asked again at their next sign-in.
const TEXTS: &[(u32, Lang, &str)] = &[
    (1, Lang::De, include_str!("../../notices/privacy-v1.de.md")),
    (1, Lang::En, include_str!("../../notices/privacy-v1.en.md")),
];

/// The version participants must have accepted.
pub fn current_version() -> u32 {
    TEXTS.iter().map(|(v, _, _)| *v).max().unwrap_or(0)
}

/// The raw text of a version in a language.
pub fn text(version: u32, lang: Lang) -> Option<&'static str> {
    TEXTS
        .iter()
        .find(|(v, l, _)| *v == version && *l == lang)
        .map(|(_, _, t)| *t)
}

/// SHA-256 (hex) of a text, as recorded with consents.
pub fn hash(text: &str) -> String {
    crate::auth::sha256_hex(text)
}

/// True when `hash` is the hash of `version` in one of its languages: the
/// participant was shown exactly that text.
pub fn is_known(version: u32, hash: &str) -> bool {
    TEXTS
        .iter()
        .any(|(v, _, t)| *v == version && self::hash(t) == hash)
}

/// The current notice in `lang`, parsed for display.
pub fn current(lang: Lang) -> Option<Notice> {
    let version = current_version();
    text(version, lang).map(|t| parse(version, lang, t))
}

/// Parses the Markdown subset into sections and blocks.
pub fn parse(version: u32, lang: Lang, text: &str) -> Notice {
    let mut title = String::new();
    let mut sections: Vec<NoticeSection> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();

    // Closes whatever block is open and appends it to the last section.
    let flush = |sections: &mut Vec<NoticeSection>,
                 paragraph: &mut Vec<&str>,
                 items: &mut Vec<String>,
                 rows: &mut Vec<Vec<String>>| {
        let mut blocks = Vec::new();
        if !paragraph.is_empty() {
            blocks.push(NoticeBlock::Paragraph {
                text: paragraph.join(" "),
            });
            paragraph.clear();
        }
        if !items.is_empty() {
            blocks.push(NoticeBlock::List {
                items: std::mem::take(items),
            });
        }
        if !rows.is_empty() {
            let mut all = std::mem::take(rows);
            let header = all.remove(0);
            blocks.push(NoticeBlock::Table { header, rows: all });
        }
        if !blocks.is_empty() {
            if sections.is_empty() {
                sections.push(NoticeSection {
                    heading: String::new(),
                    blocks: Vec::new(),
                });
            }
            if let Some(last) = sections.last_mut() {
                last.blocks.extend(blocks);
            }
        }
    };

    for line in text.lines().map(str::trim_end) {
        if let Some(h) = line.strip_prefix("## ") {
            flush(&mut sections, &mut paragraph, &mut items, &mut rows);
            sections.push(NoticeSection {
                heading: h.trim().to_owned(),
                blocks: Vec::new(),
            });
        } else if let Some(t) = line.strip_prefix("# ") {
            flush(&mut sections, &mut paragraph, &mut items, &mut rows);
            t.trim().clone_into(&mut title);
        } else if let Some(item) = line.strip_prefix("- ") {
            if !paragraph.is_empty() || !rows.is_empty() {
                flush(&mut sections, &mut paragraph, &mut items, &mut rows);
            }
            items.push(item.trim().to_owned());
        } else if line.starts_with('|') {
            if !paragraph.is_empty() || !items.is_empty() {
                flush(&mut sections, &mut paragraph, &mut items, &mut rows);
            }
            let cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect();
            let separator = cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'));
            if !separator {
                rows.push(cells);
            }
        } else if line.trim().is_empty() {
            flush(&mut sections, &mut paragraph, &mut items, &mut rows);
        } else {
            if !items.is_empty() || !rows.is_empty() {
                flush(&mut sections, &mut paragraph, &mut items, &mut rows);
            }
            paragraph.push(line.trim());
        }
    }
    flush(&mut sections, &mut paragraph, &mut items, &mut rows);
    Notice {
        version,
        lang,
        hash: hash(text),
        title,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_exists_in_every_language_with_the_same_shape() {
        for version in 1..=current_version() {
            let shapes: Vec<Vec<usize>> = Lang::ALL
                .into_iter()
                .map(|lang| {
                    let text = text(version, lang).expect("every language");
                    let notice = parse(version, lang, text);
                    assert!(!notice.title.is_empty());
                    notice.sections.iter().map(|s| s.blocks.len()).collect()
                })
                .collect();
            assert!(shapes.windows(2).all(|w| w[0] == w[1]), "{shapes:?}");
        }
    }

    #[test]
    fn the_notice_covers_what_the_seeds_promise() {
        for lang in Lang::ALL {
            let notice = current(lang).unwrap();
            assert!(notice.sections.len() >= 10);
            // The visibility table: 5 roles plus the data column, 8 rows.
            let table = notice
                .sections
                .iter()
                .flat_map(|s| &s.blocks)
                .find_map(|b| match b {
                    NoticeBlock::Table { header, rows } => Some((header, rows)),
                    _ => None,
                })
                .expect("a who-sees-what table");
            assert_eq!(table.0.len(), 6);
            assert_eq!(table.1.len(), 8);
            assert!(table.1.iter().all(|r| r.len() == 6));
            let all = text(current_version(), lang).unwrap();
            for promise in ["6 ", "7 ", "72 ", "JSON", "DSGVO|GDPR"] {
                assert!(
                    promise.split('|').any(|p| all.contains(p)),
                    "{lang:?} lacks {promise}"
                );
            }
        }
    }

    #[test]
    fn hashes_identify_the_exact_text() {
        let de = current(Lang::De).unwrap();
        assert_eq!(de.hash.len(), 64);
        assert!(is_known(1, &de.hash));
        assert!(!is_known(2, &de.hash));
        assert!(!is_known(1, &hash("something else")));
    }

    #[test]
    fn parses_lists_paragraphs_and_tables() {
        let n = parse(
            1,
            Lang::En,
            "# T\n\n## A\n\nOne\ntwo.\n\n- x\n- y\n\n| h1 | h2 |\n|---|---|\n| a | b |\n",
        );
        assert_eq!(n.title, "T");
        assert_eq!(
            n.sections[0].blocks,
            vec![
                NoticeBlock::Paragraph {
                    text: "One two.".into()
                },
                NoticeBlock::List {
                    items: vec!["x".into(), "y".into()]
                },
                NoticeBlock::Table {
                    header: vec!["h1".into(), "h2".into()],
                    rows: vec![vec!["a".into(), "b".into()]]
                },
            ]
        );
    }
}
