//! The privacy notice: readable by anyone at `/privacy`, without signing in,
//! and shown again on the consent page.

use leptos::html;
use leptos::prelude::*;
use lotse_shared::Lang;
use lotse_shared::api::{Notice, NoticeBlock};

use crate::api;
use crate::components::page_setup;
use crate::i18n::use_i18n;

#[component]
pub fn Privacy() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("privacy.title").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("privacy.title")}</h1>
        <NoticeLoader/>
        <p><a href="/">{move || i18n.t("privacy.to_start")}</a></p>
    }
}

/// Loads the notice in the current language (again when it changes).
pub fn notice_resource() -> LocalResource<Result<Notice, api::Failure>> {
    let i18n = use_i18n();
    LocalResource::new(move || api::notice(i18n.lang.get()))
}

/// Shows the notice once loaded, or what went wrong.
#[component]
pub fn NoticeLoader(
    #[prop(optional)] notice: Option<LocalResource<Result<Notice, api::Failure>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notice = notice.unwrap_or_else(notice_resource);
    move || match notice.get() {
        None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
        Some(Err(failure)) => {
            view! { <p class="alert" role="alert">{i18n.t(failure.message_key())}</p> }.into_any()
        }
        Some(Ok(n)) => view! { <NoticeBody notice=n/> }.into_any(),
    }
}

/// The notice's sections as headed regions; the "who sees what" table scrolls
/// sideways on narrow screens and can be reached by keyboard.
#[component]
pub fn NoticeBody(notice: Notice) -> impl IntoView {
    let i18n = use_i18n();
    let version = notice.version;
    let lang = notice.lang;
    let sections = notice
        .sections
        .into_iter()
        .enumerate()
        .map(|(n, section)| {
            let id = format!("notice-{n}");
            let labelled_by = id.clone();
            let blocks = section
                .blocks
                .into_iter()
                .map(|block| block_view(block, i18n.t("privacy.table_label")))
                .collect_view();
            view! {
                <section class="notice-section" aria-labelledby=labelled_by>
                    <h2 id=id>{section.heading}</h2>
                    {blocks}
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="notice" lang=lang_tag(lang)>
            <p class="meta">{i18n.fill("privacy.version", &[("n", version.to_string())])}</p>
            {sections}
        </div>
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    lang.tag()
}

fn block_view(block: NoticeBlock, table_label: &'static str) -> AnyView {
    match block {
        NoticeBlock::Paragraph { text } => view! { <p>{text}</p> }.into_any(),
        NoticeBlock::List { items } => view! {
            <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        }
        .into_any(),
        NoticeBlock::Table { header, rows } => view! {
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
        }
        .into_any(),
    }
}
