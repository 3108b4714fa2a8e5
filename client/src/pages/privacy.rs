//! The privacy notice's parts in the app: the notice on the consent page, and
//! the section renderer "my data" shares. The public notice at `/privacy` is
//! a page the server writes (`server/src/http/privacy_page.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::Lang;
use lotse_shared::api::{Notice, NoticeBlock, NoticeSection};

use crate::api;
use crate::i18n::use_i18n;

/// The notice in the current language: `None` while loading. Loaded again when
/// the language changes. (Plain signals rather than a resource: smaller WASM.)
pub type NoticeState = RwSignal<Option<Result<Notice, api::Failure>>>;

pub fn load_notice() -> NoticeState {
    let i18n = use_i18n();
    let notice: NoticeState = RwSignal::new(None);
    Effect::new(move || {
        let lang = i18n.lang.get();
        spawn_local(async move {
            let loaded = api::notice(lang).await;
            // Only the answer for the language still chosen counts.
            if i18n.lang.get_untracked() == lang {
                notice.set(Some(loaded));
            }
        });
    });
    notice
}

/// A "loading" line while `state` is `None`, the error's message if it failed.
pub fn loading_or_error(
    i18n: crate::i18n::I18n,
    state: Option<Result<(), &api::Failure>>,
) -> Option<impl IntoView + use<>> {
    let (text, class) = match state {
        None => (i18n.t("common.loading"), "loading"),
        Some(Err(failure)) => (i18n.t(failure.message_key()), "alert"),
        Some(Ok(())) => return None,
    };
    let role = (class == "alert").then_some("alert");
    Some(view! { <p class=class role=role>{text}</p> })
}

/// Shows the notice once loaded, or what went wrong.
#[component]
pub fn NoticeLoader(#[prop(optional)] notice: Option<NoticeState>) -> impl IntoView {
    let i18n = use_i18n();
    let notice = notice.unwrap_or_else(load_notice);
    view! {
        {move || notice.with(|n| loading_or_error(i18n, n.as_ref().map(|r| r.as_ref().map(|_| ()))))}
        {move || match notice.get() {
            Some(Ok(n)) => Some(view! { <NoticeBody notice=n/> }),
            _ => None,
        }}
    }
}

/// The notice: its version, then its sections.
#[component]
pub fn NoticeBody(notice: Notice) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice" lang=lang_tag(notice.lang)>
            <p class="meta">{i18n.fill("privacy.version", &[("n", notice.version.to_string())])}</p>
            {sections_view(notice.sections, "notice", i18n.t("privacy.table_label"))}
        </div>
    }
}

/// Sections as headed regions (`<section>` + `<h2>`), shared by the notice and
/// "my data": one renderer for all read-only text keeps the WASM small. Tables
/// scroll sideways on narrow screens and can be reached by keyboard.
pub fn sections_view(
    sections: Vec<NoticeSection>,
    id_prefix: &'static str,
    table_label: &'static str,
) -> impl IntoView + use<> {
    sections
        .into_iter()
        .enumerate()
        .map(|(n, section)| {
            let id = format!("{id_prefix}-{n}");
            let labelled_by = id.clone();
            let blocks = section
                .blocks
                .into_iter()
                .map(|block| block_view(block, table_label))
                .collect_view();
            view! {
                <section class="notice-section" aria-labelledby=labelled_by>
                    <h2 id=id>{section.heading}</h2>
                    {blocks}
                </section>
            }
        })
        .collect_view()
}

fn lang_tag(lang: Lang) -> &'static str {
    lang.tag()
}

fn block_view(block: NoticeBlock, table_label: &'static str) -> impl IntoView + use<> {
    let (paragraph, list, table) = match block {
        NoticeBlock::Paragraph { text } => (Some(text), None, None),
        NoticeBlock::List { items } => (None, Some(items), None),
        NoticeBlock::Table { header, rows } => (None, None, Some((header, rows))),
    };
    view! {
        {paragraph.map(|text| view! { <p>{text}</p> })}
        {list.map(|items| view! {
            <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        })}
        {table.map(|(header, rows)| view! {
            <div class="table-scroll" role="region" aria-label=table_label tabindex="0">
                <table class="notice-table">
                    <thead>
                        <tr>
                            {header
                                .into_iter()
                                .map(|h| view! { <th scope="col">{h}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| {
                                let mut cells = row.into_iter();
                                let first = cells.next().unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{first}</th>
                                        {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}
