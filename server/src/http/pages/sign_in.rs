//! The sign-in page (`GET /`) and its form (`POST /sign-in`).
//!
//! The first page every participant opens: plain HTML with the form, so it
//! shows at once on any phone and works without JavaScript. The form posts
//! the access code; the answer is the participant app's first page (with the
//! session cookie) or this page again with what went wrong under the field.
//! A form cannot send the API's CSRF header, so `security::csrf` accepts
//! this one path when the browser proves it came from this origin.
//!
//! One small script, `/sign-in.js`, adds what only the browser can do: the
//! code from the letter's link (`/#code=…`, a fragment the server never
//! sees) goes into the field, and the language shown is remembered on the
//! device for the app.

use std::fmt::Write as _;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::Lang;
use serde::Deserialize;

use super::{Shell, Texts, escape, html_response, page_lang};
use crate::AppState;
use crate::auth::{self, ParticipantSession, ratelimit::ClientAddr};
use crate::http::assets;
use crate::http::error::AppError;

/// Where a participant goes after signing in: the notice first if it needs
/// their decision.
fn next_page(consent_required: bool) -> &'static str {
    if consent_required {
        "/consent"
    } else {
        "/modules"
    }
}

/// `?lang=…&signed-out`, read leniently.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
    #[serde(rename = "signed-out")]
    signed_out: Option<String>,
}

/// The form's fields; a missing one is empty.
#[derive(Debug, Default, Deserialize)]
pub struct SignInFields {
    #[serde(default)]
    code: String,
    lang: Option<String>,
}

/// `GET /[?lang=…][&signed-out]`: the sign-in page; someone signed in
/// already goes straight on.
pub async fn page(
    State(state): State<AppState>,
    session: Result<ParticipantSession, AppError>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Ok(session) = session {
        let consent =
            crate::domain::rights::needs_consent(&*state.store, &session.participant_id).await?;
        return Ok(see_other(next_page(consent), None));
    }
    let lang = page_lang(query.lang.as_deref(), &headers);
    let form = SignInForm {
        lang,
        code: String::new(),
        error: None,
        signed_out: query.signed_out.is_some(),
    };
    form.respond(&state, StatusCode::OK).await
}

/// `POST /sign-in` (a form: `code`, `lang`).
pub async fn submit(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Result<Form<SignInFields>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let SignInFields { code, lang } = form.map(|Form(f)| f).unwrap_or_default();
    let lang = page_lang(lang.as_deref(), &headers);
    let refused = |status, key| {
        SignInForm {
            lang,
            code: code.clone(),
            error: Some(key),
            signed_out: false,
        }
        .respond(&state, status)
    };
    // Checked here first, so a typo is explained without counting as a guess.
    if lotse_shared::access_code::normalize(&code).is_none() {
        return refused(StatusCode::BAD_REQUEST, "signin.code_format").await;
    }
    match auth::sign_in_participant(&state, client, &code).await {
        Ok((token, info)) => Ok(see_other(
            next_page(info.consent_required),
            Some(auth::session_cookie(state.config.tls, &token)),
        )),
        Err(AppError::InvalidCredentials) => {
            refused(StatusCode::UNAUTHORIZED, "error.invalid_code").await
        }
        Err(AppError::RateLimited { retry_after_secs }) => {
            let mut page = refused(StatusCode::TOO_MANY_REQUESTS, "error.rate_limited").await?;
            if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                page.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(page)
        }
        Err(AppError::Unavailable { .. }) => {
            refused(StatusCode::SERVICE_UNAVAILABLE, "error.unavailable").await
        }
        // Whatever else went wrong, the participant gets the page with a
        // message they can act on (try again); the cause goes to the log.
        Err(other) => {
            tracing::error!(error = ?other, "sign-in form failed");
            refused(StatusCode::INTERNAL_SERVER_ERROR, "error.server").await
        }
    }
}

fn see_other(location: &'static str, cookie: Option<HeaderValue>) -> Response {
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, HeaderValue::from_static(location))],
    )
        .into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// The sign-in page in one state.
struct SignInForm {
    lang: Lang,
    /// What was typed (shown again after a refusal, so a typo can be fixed).
    code: String,
    /// The text key of what went wrong.
    error: Option<&'static str>,
    /// Just signed out: the page says so.
    signed_out: bool,
}

impl SignInForm {
    async fn respond(self, state: &AppState, status: StatusCode) -> Result<Response, AppError> {
        let organisation = state.store.organisation().await?;
        let texts = Texts::load(self.lang);

        let shell = Shell {
            lang: self.lang,
            texts,
            stylesheets: assets::app_stylesheets(),
        };
        let mut html = String::with_capacity(8 * 1024);
        self.render(&shell, &mut html);
        shell.close(&mut html, organisation.as_ref());
        // A code typed in is never kept by a cache.
        Ok(html_response(status, html, "no-store"))
    }

    /// Everything up to the end of `<main>`.
    fn render(&self, shell: &Shell, out: &mut String) {
        let t = |key| shell.texts.get(key);
        let title = t("signin.title");
        shell.open(
            out,
            title,
            |lang| format!("/?lang={}", lang.tag()),
            // The form must name its origin (see `security::csrf`); under the
            // site-wide `no-referrer` a browser sends `Origin: null` instead.
            // Same-origin requests only: other sites still learn nothing.
            "<meta name=\"referrer\" content=\"same-origin\">\n\
             <link rel=\"manifest\" href=\"/pwa/manifest.webmanifest\">\n\
             <link rel=\"apple-touch-icon\" href=\"/pwa/icon-192.png\">\n\
             <script src=\"/sign-in.js\" defer></script>\n\
             <script src=\"/pwa/register.js\" defer></script>\n",
        );
        if self.signed_out {
            let _ = writeln!(
                out,
                "<p class=\"note narrow\">{}</p>",
                escape(t("nav.signed_out"))
            );
        }
        let invalid = self.error.is_some();
        let _ = write!(
            out,
            "<section class=\"card narrow\">\n<h1>{title}</h1>\n<p>{intro}</p>\n\
             <form method=\"post\" action=\"/sign-in\" novalidate>\n\
             <input type=\"hidden\" name=\"lang\" value=\"{lang}\">\n\
             <label for=\"access-code\">{label}</label>\n\
             <p id=\"access-code-hint\" class=\"hint\">{hint}</p>\n\
             <input id=\"access-code\" name=\"code\" type=\"text\" class=\"code-input\" \
             autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" \
             aria-describedby=\"access-code-hint access-code-error\" aria-invalid=\"{invalid}\" \
             value=\"{code}\"{autofocus}>\n\
             <div id=\"access-code-error\" role=\"alert\" class=\"alert-region\">",
            title = escape(title),
            intro = escape(t("signin.intro")),
            lang = shell.lang.tag(),
            label = escape(t("signin.code_label")),
            hint = escape(t("signin.code_hint")),
            code = escape(&self.code),
            // After a refusal the field is where the keyboard and the screen
            // reader start, next to what went wrong.
            autofocus = if invalid { " autofocus" } else { "" },
        );
        if let Some(key) = self.error {
            let _ = write!(out, "<p class=\"alert\">{}</p>", escape(t(key)));
        }
        let _ = write!(
            out,
            "</div>\n<button type=\"submit\" class=\"button\">{submit}</button>\n</form>\n\
             <p class=\"hint\">{privacy_hint}</p>\n\
             <p><a href=\"/privacy?lang={lang}\">{privacy}</a></p>\n</section>\n",
            submit = escape(t("signin.submit")),
            privacy_hint = escape(t("signin.privacy")),
            lang = shell.lang.tag(),
            privacy = escape(t("nav.privacy")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(form: &SignInForm) -> String {
        let texts = Texts(
            [
                ("signin.title", "Sign in"),
                ("error.invalid_code", "Wrong code"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        let shell = Shell {
            lang: form.lang,
            texts: &texts,
            stylesheets: "",
        };
        let mut out = String::new();
        form.render(&shell, &mut out);
        out
    }

    #[test]
    fn a_refusal_is_next_to_the_field_which_keeps_what_was_typed() {
        let html = page(&SignInForm {
            lang: Lang::En,
            code: "ABCD-\"><script>".into(),
            error: Some("error.invalid_code"),
            signed_out: false,
        });
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains(" autofocus>"));
        assert!(html.contains("value=\"ABCD-&quot;&gt;&lt;script&gt;\""));
        assert!(
            html.contains(
                "role=\"alert\" class=\"alert-region\"><p class=\"alert\">Wrong code</p>"
            )
        );
        assert!(html.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
    }

    #[test]
    fn a_fresh_page_has_an_empty_field_and_no_message() {
        let html = page(&SignInForm {
            lang: Lang::De,
            code: String::new(),
            error: None,
            signed_out: true,
        });
        assert!(html.contains("aria-invalid=\"false\""));
        assert!(!html.contains("autofocus"));
        assert!(html.contains("<p class=\"note narrow\">"));
        assert!(html.contains("class=\"alert-region\"></div>"));
        assert!(html.contains("<h1>Sign in</h1>"));
    }
}
