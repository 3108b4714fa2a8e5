//! The pages the server writes: sign-in (`/`, its form at `/sign-in`) and the
//! privacy notice (`/privacy`). The form has no CSRF header, so it must prove
//! it came from this origin; a refusal is the page again, never a session.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::TestApp;
use http_body_util::BodyExt as _;
use lotse_server::app;
use tower::ServiceExt as _;

const HOST: &str = "lotse.test";

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    html: String,
}

async fn request(t: &TestApp, request: Request<Body>) -> Page {
    let response = app(t.state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page {
        status,
        headers,
        html: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// The form as a browser posts it; `origin` and `fetch_site` as it says
/// where the form came from (None: not said).
async fn post_form(
    t: &TestApp,
    body: &str,
    origin: Option<&str>,
    fetch_site: Option<&str>,
) -> Page {
    let mut builder = Request::post("/sign-in")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    if let Some(site) = fetch_site {
        builder = builder.header("sec-fetch-site", site);
    }
    request(t, builder.body(Body::from(body.to_owned())).unwrap()).await
}

async fn get(t: &TestApp, path: &str, cookie: Option<&str>) -> Page {
    let mut builder = Request::get(path).header(header::HOST, HOST);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    request(t, builder.body(Body::empty()).unwrap()).await
}

fn cookie(page: &Page) -> Option<String> {
    page.headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

#[tokio::test]
async fn the_form_signs_in_and_goes_on_to_the_notice() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    let body = format!("lang=en&code={code}");
    let page = post_form(
        &t,
        &body,
        Some(&format!("http://{HOST}")),
        Some("same-origin"),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers[header::LOCATION], "/consent");
    let session = cookie(&page).expect("a session cookie");
    // Signed in, `/` is no longer the form: it sends the participant on.
    let again = get(&t, "/", Some(&session)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.headers[header::LOCATION], "/consent");
    // The API knows the same session.
    let info = t.send("GET", "/api/v1/session", None, Some(&session)).await;
    assert_eq!(info.status, StatusCode::OK);
}

#[tokio::test]
async fn a_form_from_elsewhere_is_refused_and_signs_no_one_in() {
    let t = TestApp::new().await;
    let (_, code) = t.participant().await;
    let body = format!("code={code}");
    for (origin, site) in [
        (Some("https://evil.example"), Some("cross-site")),
        (Some("https://evil.example"), None),
        (Some("null"), Some("cross-site")),
        // Nothing says where it came from: not proven.
        (None, None),
    ] {
        let page = post_form(&t, &body, origin, site).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{origin:?} {site:?}");
        assert!(cookie(&page).is_none());
    }
    assert_eq!(t.count("sessions").await, 0);
}

#[tokio::test]
async fn a_wrong_code_is_the_page_again_with_the_reason_at_the_field() {
    let t = TestApp::new().await;
    t.participant().await;
    let origin = format!("http://{HOST}");
    let wrong = post_form(
        &t,
        "lang=en&code=AAAA-BBBB-CCCC-DDDD",
        Some(&origin),
        Some("same-origin"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(cookie(&wrong).is_none());
    assert_eq!(wrong.headers[header::CACHE_CONTROL], "no-store");
    assert!(wrong.html.contains("<html lang=\"en\">"));
    assert!(wrong.html.contains("aria-invalid=\"true\""));
    assert!(wrong.html.contains("value=\"AAAA-BBBB-CCCC-DDDD\""));
    assert!(wrong.html.contains("<p class=\"alert\">"));
    // Not even the shape of a code: said without counting as a guess.
    let typo = post_form(&t, "code=%3Cb%3E", Some(&origin), Some("same-origin")).await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    assert!(typo.html.contains("value=\"&lt;b&gt;\""));
    assert_eq!(t.count("sessions").await, 0);
}

#[tokio::test]
async fn guessing_codes_is_slowed_down_on_the_page_as_in_the_api() {
    let t = TestApp::new().await;
    t.participant().await;
    let origin = format!("http://{HOST}");
    let mut last = None;
    for _ in 0..=10 {
        last = Some(
            post_form(
                &t,
                "code=AAAA-BBBB-CCCC-DDDD",
                Some(&origin),
                Some("same-origin"),
            )
            .await,
        );
    }
    let page = last.unwrap();
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers.contains_key(header::RETRY_AFTER));
    assert!(page.html.contains("<p class=\"alert\">"));
    assert!(cookie(&page).is_none());
}

#[tokio::test]
async fn the_pages_speak_the_browsers_language_unless_a_link_asks_for_another() {
    let t = TestApp::new().await;
    let request = |path: &str, accept: &str| {
        Request::get(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT_LANGUAGE, accept)
            .body(Body::empty())
            .unwrap()
    };
    let dutch = html_of(&t, request("/", "nl-NL,nl;q=0.9,en;q=0.5")).await;
    assert!(dutch.contains("<html lang=\"nl\">"));
    let asked = html_of(&t, request("/?lang=bg", "nl-NL")).await;
    assert!(asked.contains("<html lang=\"bg\">"));
    let notice = html_of(&t, request("/privacy", "en-GB")).await;
    assert!(notice.contains("<html lang=\"en\">"));
    assert!(!notice.contains("<script"));
    let signed_out = html_of(&t, request("/?lang=en&signed-out", "de")).await;
    assert!(signed_out.contains("class=\"note narrow\""));
}

async fn html_of(t: &TestApp, r: Request<Body>) -> String {
    request(t, r).await.html
}

#[tokio::test]
async fn a_questionnaires_page_is_for_a_signed_in_participant_who_has_decided_on_the_notice() {
    let t = TestApp::new().await;
    // No session: to sign-in, in the language asked for.
    let page = get(&t, "/questionnaire/soft-skills?lang=nl", None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers[header::LOCATION], "/?lang=nl");
    // The notice not yet accepted: to the notice first.
    let (_, undecided) = t.signed_in_without_consent().await;
    let page = get(&t, "/questionnaire/soft-skills", Some(&undecided)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers[header::LOCATION], "/consent");
    // Signed in and decided: the page (here without a built client, which
    // the server says plainly rather than serving half a page).
    let (_, cookie) = t.signed_in().await;
    let page = get(&t, "/questionnaire/soft-skills", Some(&cookie)).await;
    assert_ne!(page.status, StatusCode::SEE_OTHER);
    assert!(page.headers.get(header::LOCATION).is_none());
}
