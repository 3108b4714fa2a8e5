//! The questionnaire's page (`GET /questionnaire/<id>`): the questionnaire's
//! own app (`client/src/questionnaire_main.rs`), with its first screen
//! already written.
//!
//! The app is WASM that takes a while to arrive over a weak connection; the
//! participant reads meanwhile. So the server writes the frame and the
//! questionnaire's introduction (title, purpose, who sees what: public texts
//! of the definition) as the app will draw them, its controls disabled until
//! the app is ready. The app draws itself hidden and swaps places with this
//! copy in one step once it knows what to show (`lotse_client::reveal_page`),
//! so nothing moves. Nothing personal is written: the page is the same for
//! every participant and may be kept by the service worker.
//!
//! Who may open it is checked here as the app would: no session goes to
//! sign-in, an open consent decision to `/consent`. An unknown id gets the
//! bare app with 404, and a questionnaire this participant cannot answer
//! now (done, or not released to them) the bare app with 200: the app says
//! which, in the participant's language, instead of an introduction that
//! would offer to start it.

use std::fmt::Write as _;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::Lang;
use lotse_shared::api::{ModuleState, OrganisationProfile};
use lotse_shared::instrument::{self, Instrument};
use serde::Deserialize;

use super::{Texts, escape, html_response, page_lang};
use crate::AppState;
use crate::auth::ParticipantSession;
use crate::http::assets;
use crate::http::error::AppError;

/// `?lang=…` (the overview's links carry the language chosen).
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
}

/// `GET /questionnaire/<id>`.
pub async fn page(
    State(state): State<AppState>,
    session: Result<ParticipantSession, AppError>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = page_lang(query.lang.as_deref(), &headers);
    let Ok(session) = session else {
        return Ok(see_other(&format!("/?lang={}", lang.tag())));
    };
    if crate::domain::rights::needs_consent(&*state.store, &session.participant_id).await? {
        return Ok(see_other("/consent"));
    }
    let Some(app) = assets::questionnaire_page() else {
        return Ok(assets::not_built());
    };
    let Some(def) = instrument::find(&id) else {
        return Ok(html_response(StatusCode::NOT_FOUND, app, "no-cache"));
    };
    let open = state
        .store
        .modules(&session.participant_id)
        .await?
        .iter()
        .any(|m| {
            m.instrument == def.id
                && matches!(m.state, ModuleState::Released | ModuleState::Skipped)
        });
    if !open {
        return Ok(html_response(StatusCode::OK, app, "no-cache"));
    }
    let organisation = state.store.organisation().await?;
    let texts = Texts::load(lang);
    let html = write_page(&app, lang, texts, def, organisation.as_ref());
    Ok(html_response(StatusCode::OK, html, "no-cache"))
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The app's page (`app`, as Trunk wrote it) in `lang`, with the title and
/// the first screen in its body.
fn write_page(
    app: &str,
    lang: Lang,
    texts: &Texts,
    def: &Instrument,
    organisation: Option<&OrganisationProfile>,
) -> String {
    let title = def.title.get(lang);
    let mut first = String::with_capacity(6 * 1024);
    first_screen(&mut first, lang, texts, def, organisation);
    app.replacen(
        "<html lang=\"de\">",
        &format!("<html lang=\"{}\">", lang.tag()),
        1,
    )
    .replacen(
        "<title>Lotse</title>",
        &format!("<title>{} – Lotse</title>", escape(title)),
        1,
    )
    .replacen("<body>", &format!("<body>\n{first}"), 1)
}

/// The frame and the introduction as the app draws them (`app::Frame`,
/// `pages::questionnaire::Runner` at its first step), inside `#pre`, and the
/// hidden place the app draws itself into (`#app`).
fn first_screen(
    out: &mut String,
    lang: Lang,
    texts: &Texts,
    def: &Instrument,
    organisation: Option<&OrganisationProfile>,
) {
    let t = |key| escape(texts.get(key));
    let _ = write!(
        out,
        "<div id=\"pre\">\n<a class=\"skip-link\" href=\"#main\">{skip}</a>\n\
         <header class=\"site-header\"><a class=\"brand\" href=\"/\" rel=\"external\">Lotse</a>\
         <div class=\"header-tools\"><label class=\"lang-picker\"><span class=\"visually-hidden\">{language}</span>\
         <select disabled>",
        skip = t("nav.skip"),
        language = t("nav.language"),
    );
    for option in Lang::ALL {
        let selected = if option == lang { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{tag}\"{selected}>{name}</option>",
            tag = option.tag(),
            name = escape(option.native_name()),
        );
    }
    let minutes = def.minutes.to_string();
    let items = def.items.len().to_string();
    let duration = texts.fill("q.duration", &[("n", &minutes), ("items", &items)]);
    let _ = write!(
        out,
        "</select></label><a class=\"header-link\" href=\"/my-data\">{my_data}</a>\
         <button type=\"button\" class=\"button secondary\" disabled>{sign_out}</button></div></header>\n\
         <main id=\"main\" tabindex=\"-1\"><h1 tabindex=\"-1\">{title}</h1>\
         <section class=\"card intro\"><h2>{intro}</h2><p>{purpose}</p><p>{duration}</p>\
         <h3>{who_heading}</h3><p>{who_sees}</p><p class=\"note\">{note}</p>\
         <div class=\"check\"><input type=\"checkbox\" id=\"keep-progress\" aria-describedby=\"keep-progress-hint\" disabled>\
         <label for=\"keep-progress\">{keep}</label></div>\
         <p class=\"hint\" id=\"keep-progress-hint\">{keep_hint}</p>\
         <p class=\"actions\"><button type=\"button\" class=\"button\" disabled>{start}</button>\
         <button type=\"button\" class=\"button secondary\" disabled>{skip_module}</button></p></section>\
         <div role=\"alert\" class=\"alert-region\"></div></main>\n\
         <footer class=\"site-footer\"><p>{footer}</p>",
        my_data = t("nav.my_data"),
        sign_out = t("nav.sign_out"),
        title = escape(def.title.get(lang)),
        intro = t("q.intro_heading"),
        purpose = escape(def.purpose.get(lang)),
        duration = escape(&duration),
        who_heading = t("q.who_sees_heading"),
        who_sees = escape(def.who_sees.get(lang)),
        note = escape(def.note.get(lang)),
        keep = t("q.keep_progress"),
        keep_hint = t("q.keep_progress_hint"),
        start = t("q.start"),
        skip_module = t("q.skip_module"),
        footer = t("common.footer"),
    );
    if let Some(org) = organisation.filter(|o| !o.controller_name.is_empty()) {
        let line = texts.fill(
            "common.footer_org",
            &[
                ("controller", &org.controller_name),
                ("help", &org.help_contact),
            ],
        );
        let _ = write!(out, "<p>{}</p>", escape(&line));
    }
    let _ = write!(
        out,
        "<p><a href=\"/privacy?lang={}\" rel=\"external\">{}</a></p></footer>\n</div>\n\
         <div id=\"app\" hidden></div>",
        lang.tag(),
        t("nav.privacy"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page as Trunk writes it, cut to what `write_page` works on.
    const APP: &str = "<!DOCTYPE html>\n<html lang=\"de\">\n<head><title>Lotse</title>\
                       <script type=\"module\">init('/questionnaire-app/x.js')</script></head>\n\
                       <body>\n<noscript>JS</noscript>\n</body>\n</html>\n";

    fn written(lang: Lang, id: &str) -> String {
        let def = instrument::find(id).unwrap_or_else(|| panic!("{id} is a questionnaire"));
        let org = OrganisationProfile {
            controller_name: "Träger <Beispiel>".into(),
            help_contact: "help@example.invalid".into(),
            ..OrganisationProfile::default()
        };
        // The organisation's line as the texts have it (the embedded texts
        // are absent when the client is not built, as in a plain `cargo test`).
        let texts = Texts(std::collections::HashMap::from([(
            "common.footer_org".to_owned(),
            "Verantwortlich: {controller} · Hilfe: {help}".to_owned(),
        )]));
        write_page(APP, lang, &texts, def, Some(&org))
    }

    #[test]
    fn the_first_screen_is_the_introduction_in_the_pages_language_its_controls_waiting_for_the_app()
    {
        let def = instrument::find("fit-for-work").unwrap_or_else(|| panic!("a questionnaire"));
        let html = written(Lang::En, "fit-for-work");
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains(&format!(
            "<title>{} – Lotse</title>",
            escape(def.title.get(Lang::En))
        )));
        assert!(html.contains(&escape(def.purpose.get(Lang::En))));
        assert!(html.contains(&escape(def.who_sees.get(Lang::En))));
        // The app's loader stays as it was (its hash is in the CSP).
        assert!(html.contains("<script type=\"module\">init('/questionnaire-app/x.js')</script>"));
        // Every control waits for the app; the app's place is hidden.
        for control in ["<select", "<input", "<button"] {
            for tag in html.split(control).skip(1) {
                let tag = tag.split('>').next().unwrap_or_default();
                assert!(tag.contains("disabled"), "{control}{tag}>");
            }
        }
        assert!(html.contains("<div id=\"app\" hidden></div>"));
        assert_eq!(html.matches("<div id=\"pre\">").count(), 1);
        // The organisation's words are text, never markup.
        assert!(html.contains("Träger &lt;Beispiel&gt;"));
        assert!(!html.contains("<Beispiel>"));
    }

    #[test]
    fn each_language_gets_its_own_words() {
        let def = instrument::find("motivation").unwrap_or_else(|| panic!("a questionnaire"));
        for lang in Lang::ALL {
            let html = written(lang, "motivation");
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.tag())));
            assert!(html.contains(&escape(def.title.get(lang))), "{lang:?}");
            assert!(html.contains(&format!("<option value=\"{}\" selected>", lang.tag())));
        }
    }
}
