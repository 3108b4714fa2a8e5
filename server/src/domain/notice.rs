//! The privacy notice as the organisation's own, versioned data.
//!
//! A version is a set of texts, one per language, published together and never
//! changed (`db::Notices`). Lotse ships templates (`server/notices/template.*.md`)
//! written for it, with `{{placeholders}}` filled from the organisation's
//! profile and the settings (retention, session timeout); an admin may publish
//! their own source instead (preview, then publish). Each consent records the
//! version and the SHA-256 of the exact text shown, and every version stays
//! readable, so the words a participant agreed to are provable. A new version
//! asks participants again at their next sign-in.
//!
//! [`sync`] keeps the published notice in step: when the profile, the
//! settings or the shipped templates change what the current version would
//! say, it publishes the next version. Before the profile is complete nothing
//! is published (no participant can be invited then), except that an install
//! with consents from before notices were stored gets those texts as version 1.
//!
//! The files use a small Markdown subset (`#` title, `##` sections, paragraphs,
//! `- ` lists, `|` tables) so they stay readable and reviewable as plain text.

use lotse_shared::Lang;
use lotse_shared::api::{
    HealthBasis, LegalBasis, Notice, NoticeBlock, NoticeOrigin, NoticeSection, OrganisationProfile,
    RetentionCategory,
};

use crate::db::{DbError, NewNoticeText, NoticeRow, Store};
use crate::domain::retention::Policy;
use crate::domain::text::{self, Field};
use crate::http::error::AppError;

/// Lotse's templates, one per language.
const TEMPLATES: &[(Lang, &str)] = &[
    (Lang::De, include_str!("../../notices/template.de.md")),
    (
        Lang::DeEasy,
        include_str!("../../notices/template.de-x-easy.md"),
    ),
    (Lang::En, include_str!("../../notices/template.en.md")),
    (Lang::Nl, include_str!("../../notices/template.nl.md")),
    (Lang::Bg, include_str!("../../notices/template.bg.md")),
];

/// The words for each legal basis per language, as they continue the
/// template's sentence about the basis (`legal-basis.<lang>.json`).
const BASIS_WORDS: &[(Lang, &str)] = &[
    (Lang::De, include_str!("../../notices/legal-basis.de.json")),
    (
        Lang::DeEasy,
        include_str!("../../notices/legal-basis.de-x-easy.json"),
    ),
    (Lang::En, include_str!("../../notices/legal-basis.en.json")),
    (Lang::Nl, include_str!("../../notices/legal-basis.nl.json")),
    (Lang::Bg, include_str!("../../notices/legal-basis.bg.json")),
];

/// The texts shipped before notices were stored: version 1 of an install that
/// has consents to it.
const LEGACY: &[(Lang, &str)] = &[
    (Lang::De, include_str!("../../notices/privacy-v1.de.md")),
    (Lang::En, include_str!("../../notices/privacy-v1.en.md")),
];

/// The longest source an admin may publish.
const MAX_SOURCE: usize = 100_000;

/// What the templates need besides the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeSettings {
    /// The retention period of each kind of data.
    pub retention: Policy,
    pub idle_minutes: u32,
    /// Months the office has to answer a request.
    pub request_deadline_months: u8,
    /// Below it a guardian consents first (`LOTSE_CONSENT_AGE`).
    pub consent_age: u32,
}

impl NoticeSettings {
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self {
            retention: Policy::from_config(config),
            idle_minutes: config.session_idle_seconds.div_ceil(60),
            request_deadline_months: config.request_deadline_months,
            consent_age: config.consent_age,
        }
    }

    /// Every kind of data kept `retention_months`, requests answered within
    /// a month.
    pub const fn uniform(retention_months: u32, idle_minutes: u32) -> Self {
        Self {
            retention: Policy::uniform(retention_months),
            idle_minutes,
            request_deadline_months: 1,
            consent_age: 16,
        }
    }
}

/// SHA-256 (hex) of a text, as recorded with consents.
pub fn hash(text: &str) -> String {
    crate::auth::sha256_hex(text)
}

fn template(lang: Lang) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("", |(_, t)| t)
}

/// One language's legal-basis words.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BasisWords {
    consent: String,
    contract: String,
    legal_obligation: String,
    public_task: String,
    explicit_consent: String,
    social_protection_law: String,
    in_connection_with: String,
}

fn basis_table(lang: Lang) -> Option<BasisWords> {
    BASIS_WORDS
        .iter()
        .find(|(l, _)| *l == lang)
        .and_then(|(_, raw)| serde_json::from_str(raw).ok())
}

/// The words for the two legal bases, with the law they rest on when it is
/// not consent. A test makes sure every language has them.
pub fn basis_words(profile: &OrganisationProfile, lang: Lang) -> (String, String) {
    let Some(words) = basis_table(lang) else {
        return (String::new(), String::new());
    };
    let counselling = match profile.counselling_basis {
        LegalBasis::Consent => &words.consent,
        LegalBasis::Contract => &words.contract,
        LegalBasis::LegalObligation => &words.legal_obligation,
        LegalBasis::PublicTask => &words.public_task,
    };
    let health = match profile.health_basis {
        HealthBasis::ExplicitConsent => &words.explicit_consent,
        HealthBasis::SocialProtectionLaw => &words.social_protection_law,
    };
    let reference = profile.legal_basis_reference.trim();
    let with_law = |phrase: &str, applies: bool| {
        if applies && !reference.is_empty() {
            format!("{phrase} {} {reference}", words.in_connection_with)
        } else {
            phrase.to_owned()
        }
    };
    (
        with_law(
            counselling,
            profile.counselling_basis != LegalBasis::Consent,
        ),
        with_law(health, profile.health_basis != HealthBasis::ExplicitConsent),
    )
}

/// The placeholders a source may use.
pub const PLACEHOLDERS: &[&str] = &[
    "controller_name",
    "controller_address",
    "controller_contact",
    "dpo_name",
    "dpo_contact",
    "agency_name",
    "authority_name",
    "authority_contact",
    "help_contact",
    "public_url",
    "counselling_basis",
    "health_basis",
    "retention_months",
    "retention_results_months",
    "retention_health_months",
    "retention_competences_months",
    "retention_reports_months",
    "retention_audit_months",
    "retention_requests_months",
    "request_deadline_months",
    "idle_minutes",
    "consent_age",
    "version",
];

/// Fills a source's `{{placeholders}}`. A value never starts a line of its
/// own (line breaks become ", "), so it cannot add a heading or a list.
/// Unknown placeholders are an error (a typo would otherwise reach participants).
pub fn render(
    source: &str,
    lang: Lang,
    version: u32,
    profile: &OrganisationProfile,
    settings: NoticeSettings,
) -> Result<String, String> {
    let (counselling, health) = basis_words(profile, lang);
    let one_line = |v: &str| {
        v.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let months = |category| settings.retention.months(category).to_string();
    let value = |key: &str| -> Option<String> {
        Some(match key {
            "controller_name" => one_line(&profile.controller_name),
            "controller_address" => one_line(&profile.controller_address),
            "controller_contact" => one_line(&profile.controller_contact),
            "dpo_name" => one_line(&profile.dpo_name),
            "dpo_contact" => one_line(&profile.dpo_contact),
            "agency_name" => one_line(&profile.agency_name),
            "authority_name" => one_line(&profile.authority_name),
            "authority_contact" => one_line(&profile.authority_contact),
            "help_contact" => one_line(&profile.help_contact),
            "public_url" => one_line(&profile.public_url),
            "counselling_basis" => counselling.clone(),
            "health_basis" => health.clone(),
            "retention_months" => settings.retention.record_months().to_string(),
            "retention_results_months" => months(RetentionCategory::CounsellingResults),
            "retention_health_months" => months(RetentionCategory::HealthResults),
            "retention_competences_months" => months(RetentionCategory::Competences),
            "retention_reports_months" => months(RetentionCategory::AgencyReports),
            "retention_audit_months" => months(RetentionCategory::AuditTrail),
            "retention_requests_months" => months(RetentionCategory::RightsRequests),
            "request_deadline_months" => settings.request_deadline_months.to_string(),
            "idle_minutes" => settings.idle_minutes.to_string(),
            "consent_age" => settings.consent_age.to_string(),
            "version" => version.to_string(),
            _ => return None,
        })
    };
    let mut out = String::with_capacity(source.len() + 512);
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "a {{ without its }}".to_owned())?;
        let key = after[..end].trim();
        out.push_str(&value(key).ok_or_else(|| format!("unknown placeholder {{{{{key}}}}}"))?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A notice row, parsed for display.
fn shown(row: &NoticeRow) -> Notice {
    let mut notice = parse(row.version, row.lang, &row.text);
    notice.hash.clone_from(&row.hash);
    notice
}

/// The version participants must have accepted (0: none published yet).
pub async fn current_version(store: &dyn Store) -> Result<u32, DbError> {
    Ok(store.current_notice_version().await?.unwrap_or(0))
}

/// The current notice in `lang`.
pub async fn current(store: &dyn Store, lang: Lang) -> Result<Option<Notice>, DbError> {
    let version = current_version(store).await?;
    version_in(store, version, lang).await
}

/// Any published version in `lang`, for the consent history.
pub async fn version_in(
    store: &dyn Store,
    version: u32,
    lang: Lang,
) -> Result<Option<Notice>, DbError> {
    Ok(store.notice(version, lang).await?.as_ref().map(shown))
}

/// True when `hash` is the hash of `version` in one of its languages: the
/// participant was shown exactly that text.
pub async fn is_known(store: &dyn Store, version: u32, hash: &str) -> Result<bool, DbError> {
    store.notice_hash_known(version, hash).await
}

/// Renders an admin's source and checks it is a notice: known placeholders, a
/// title, sections, not too long. The preview shows exactly this.
pub fn preview(
    source: &str,
    lang: Lang,
    version: u32,
    profile: &OrganisationProfile,
    settings: NoticeSettings,
) -> Result<(String, Notice), AppError> {
    if source.len() > MAX_SOURCE {
        return Err(AppError::InvalidValue(format!(
            "the notice is longer than {MAX_SOURCE} bytes"
        )));
    }
    let text = render(source, lang, version, profile, settings).map_err(AppError::InvalidValue)?;
    let notice = parse(version, lang, &text);
    if notice.title.is_empty() || notice.sections.len() < 2 {
        return Err(AppError::InvalidValue(
            "a notice needs a title (# …) and sections (## …)".into(),
        ));
    }
    Ok((text, notice))
}

/// Publishes the next version, in every language at once: `lang`'s source as
/// given, the other languages' as they are now. Returns the new version.
/// A notice source from an admin in its stored form (see `domain::text`).
pub fn check_source(source: &str) -> Result<String, AppError> {
    Ok(Field::lines("the notice", text::NOTICE_SOURCE).clean(source)?)
}

pub async fn publish(
    store: &dyn Store,
    lang: Lang,
    source: &str,
    settings: NoticeSettings,
    now: i64,
    by: Option<&str>,
) -> Result<u32, AppError> {
    let source = check_source(source)?;
    let profile = crate::domain::organisation::require_complete(store).await?;
    let current = current_version(store).await?;
    let existing = store.notice_texts(current).await?;
    let next = current + 1;
    let mut texts = Vec::new();
    for l in Lang::ALL {
        let src = if l == lang {
            source.clone()
        } else {
            source_for(&existing, l)
        };
        let (text, _) = preview(&src, l, next, &profile, settings)?;
        texts.push(NewNoticeText {
            lang: l,
            hash: hash(&text),
            source: src,
            text,
        });
    }
    store
        .publish_notice(next, NoticeOrigin::Admin, &texts, now, by)
        .await
        .map_err(|e| match e {
            DbError::Conflict => AppError::Conflict(
                "someone published a notice at the same moment; please look again".into(),
            ),
            other => other.into(),
        })?;
    Ok(next)
}

/// The source a language continues with: the organisation's own if it wrote
/// one, else the shipped template.
fn source_for(existing: &[NoticeRow], lang: Lang) -> String {
    existing
        .iter()
        .find(|r| r.lang == lang && r.origin == NoticeOrigin::Admin)
        .map_or_else(|| template(lang).to_owned(), |r| r.source.clone())
}

/// Publishes the next version when what the notice would say now (profile,
/// settings, templates) differs from the current version. Idempotent, and
/// safe when several instances start at once (one of them publishes).
pub async fn sync(store: &dyn Store, settings: NoticeSettings, now: i64) -> Result<(), AppError> {
    let current = current_version(store).await?;
    let profile = crate::domain::organisation::load(store).await?;
    if !profile.missing().is_empty() {
        if current == 0 && store.has_any_consent().await? {
            publish_legacy(store, now).await?;
        }
        return Ok(());
    }
    let existing = store.notice_texts(current).await?;
    let admin_written = existing.iter().any(|r| r.origin == NoticeOrigin::Admin);
    // What the current version says, rendered with today's profile: the same
    // words mean nothing to publish.
    let mut unchanged = !existing.is_empty();
    let mut texts = Vec::new();
    for lang in Lang::ALL {
        let source = source_for(&existing, lang);
        let now_says = |version| render(&source, lang, version, &profile, settings);
        let same = existing
            .iter()
            .find(|r| r.lang == lang)
            .is_some_and(|r| now_says(current).is_ok_and(|t| t == r.text));
        unchanged &= same;
        let text = now_says(current + 1).map_err(AppError::InvalidValue)?;
        texts.push(NewNoticeText {
            lang,
            hash: hash(&text),
            source,
            text,
        });
    }
    if unchanged {
        return Ok(());
    }
    let origin = if admin_written {
        NoticeOrigin::Admin
    } else {
        NoticeOrigin::Shipped
    };
    match store
        .publish_notice(current + 1, origin, &texts, now, None)
        .await
    {
        Ok(()) | Err(DbError::Conflict) => Ok(()),
        Err(other) => Err(other.into()),
    }
}

async fn publish_legacy(store: &dyn Store, now: i64) -> Result<(), AppError> {
    let texts: Vec<NewNoticeText> = LEGACY
        .iter()
        .map(|(lang, text)| NewNoticeText {
            lang: *lang,
            source: (*text).to_owned(),
            text: (*text).to_owned(),
            hash: hash(text),
        })
        .collect();
    match store
        .publish_notice(1, NoticeOrigin::Legacy, &texts, now, None)
        .await
    {
        Ok(()) | Err(DbError::Conflict) => Ok(()),
        Err(other) => Err(other.into()),
    }
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

    const SETTINGS: NoticeSettings = NoticeSettings::uniform(6, 30);

    #[test]
    fn every_language_has_a_template_and_its_legal_basis_words() {
        for lang in Lang::ALL {
            assert!(!template(lang).is_empty(), "{lang:?} has no template");
            assert!(
                basis_table(lang).is_some(),
                "{lang:?} has no legal-basis words"
            );
        }
    }

    #[test]
    fn every_template_renders_in_every_language_with_the_same_shape() {
        let profile = crate::domain::organisation::demo();
        let shapes: Vec<Vec<usize>> = Lang::ALL
            .into_iter()
            .map(|lang| {
                let text = render(template(lang), lang, 3, &profile, SETTINGS).unwrap();
                assert!(!text.contains("{{"), "{lang:?}");
                let notice = parse(3, lang, &text);
                assert!(!notice.title.is_empty());
                notice.sections.iter().map(|s| s.blocks.len()).collect()
            })
            .collect();
        assert!(shapes.windows(2).all(|w| w[0] == w[1]), "{shapes:?}");
        // The legacy texts too.
        for (lang, text) in LEGACY {
            assert!(!parse(1, *lang, text).title.is_empty());
        }
    }

    #[test]
    fn the_notice_covers_what_the_seeds_promise() {
        let profile = crate::domain::organisation::demo();
        for lang in Lang::ALL {
            let all = render(template(lang), lang, 2, &profile, SETTINGS).unwrap();
            let notice = parse(2, lang, &all);
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
            for promise in [
                "6 ",
                "7 ",
                "72 ",
                "JSON",
                "DSGVO|GDPR|AVG|ОРЗД",
                profile.controller_name.as_str(),
                profile.dpo_contact.as_str(),
                profile.authority_name.as_str(),
                "Musterstraße 1, 12345 Musterstadt",
            ] {
                assert!(
                    promise.split('|').any(|p| all.contains(p)),
                    "{lang:?} lacks {promise}"
                );
            }
        }
    }

    #[test]
    fn every_template_states_each_period_and_the_deadline_from_the_configuration() {
        let mut config = crate::config::Config::for_tests();
        config.retention_preset = crate::config::RetentionPreset::FiveYears;
        config.retention_competences_months = Some(7);
        config.retention_audit_trail_months = Some(11);
        config.request_deadline_months = 2;
        let settings = NoticeSettings::from_config(&config);
        let profile = crate::domain::organisation::demo();
        for lang in Lang::ALL {
            let text = render(template(lang), lang, 1, &profile, settings).unwrap();
            for months in [" 60 ", " 7 ", " 11 ", " 2 "] {
                assert!(text.contains(months), "{lang:?} lacks{months}");
            }
        }
    }

    #[test]
    fn placeholders_follow_the_profile_and_the_settings() {
        let mut profile = crate::domain::organisation::demo();
        profile.counselling_basis = LegalBasis::PublicTask;
        profile.legal_basis_reference = "§ 16 SGB II".into();
        let text = render(
            "{{counselling_basis}} / {{health_basis}} / {{retention_months}} / {{idle_minutes}} / {{version}}",
            Lang::En,
            4,
            &profile,
            NoticeSettings::uniform(12, 15),
        )
        .unwrap();
        assert_eq!(
            text,
            "a task we carry out in the public interest (Art. 6(1)(e) GDPR) in connection with § 16 SGB II / your explicit consent (Art. 9(2)(a) GDPR) / 12 / 15 / 4"
        );
        assert!(render("{{nope}}", Lang::En, 1, &profile, SETTINGS).is_err());
        assert!(render("{{controller_name", Lang::En, 1, &profile, SETTINGS).is_err());
        // A value cannot start a line of its own (no injected headings).
        profile.controller_name = "A\n## Injected".into();
        let text = render("x {{controller_name}}", Lang::En, 1, &profile, SETTINGS).unwrap();
        assert_eq!(text, "x A, ## Injected");
    }

    #[test]
    fn a_preview_must_be_a_notice() {
        let profile = crate::domain::organisation::demo();
        assert!(preview("just words", Lang::De, 2, &profile, SETTINGS).is_err());
        assert!(
            preview(
                "# T\n\n## A\n\nx\n\n## B\n\ny",
                Lang::De,
                2,
                &profile,
                SETTINGS
            )
            .is_ok()
        );
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

    proptest::proptest! {
        /// An admin's notice source of any shape parses without panicking
        /// (headings, lists and table rows mixed with anything).
        #[test]
        fn parsing_any_markdown_is_total(lines in proptest::collection::vec("(#{0,3} |- |\\| |)[^\\n]{0,20}\\|?", 0..12)) {
            let _ = parse(1, Lang::De, &lines.join("\n"));
        }
    }
}
