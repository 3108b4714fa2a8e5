//! Response headers every answer carries, and the CSRF gate for state changes.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use lotse_shared::api::CSRF_HEADER;
use sha2::{Digest as _, Sha256};

use crate::AppState;
use crate::http::error::AppError;

/// Builds the Content-Security-Policy. Only this origin is ever contacted (no CDN,
/// fonts or analytics). Trunk's loader is an inline module script, so it is
/// allowed by its hash, computed once at start-up, never by `'unsafe-inline'`.
pub fn content_security_policy(index_html: Option<&str>) -> String {
    let mut hashes = String::new();
    for script in index_html.map(inline_scripts).unwrap_or_default() {
        let digest = Sha256::digest(script.as_bytes());
        hashes.push_str(" 'sha256-");
        hashes.push_str(&base64::engine::general_purpose::STANDARD.encode(digest));
        hashes.push('\'');
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_and_rest = &rest[tag_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            found.push(&body_and_rest[..close]);
        }
        rest = &body_and_rest[close..];
    }
    found
}

/// Adds the security headers to every response.
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&state.csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if state.config.tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if is_api {
        // Personal data must not linger in browser or proxy caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The one path a plain HTML form posts to (the sign-in page's form).
pub const FORM_PATH: &str = "/sign-in";

/// Refuses state-changing requests that did not come from Lotse's own pages:
/// they must carry [`CSRF_HEADER`], and if the browser says where they came from,
/// it must be this origin. Cookies are `SameSite=Strict` as a second line.
/// A form cannot set a header, so the sign-in form ([`FORM_PATH`]) must
/// instead prove its origin: `Sec-Fetch-Site: same-origin` or an `Origin`
/// of this host. Without that, another site could sign a visitor in with
/// its own code and collect what they then answer (login CSRF).
pub async fn csrf(request: Request, next: Next) -> Response {
    // Only the methods the API changes data with are checked: any other
    // (TRACE, CONNECT, made-up ones) has no route and gets the router's 405,
    // which tells a client the truth instead of a misleading CSRF refusal.
    let changes = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if changes {
        let headers = request.headers();
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        // Whether the browser's `Origin` is this host (None: not sent).
        let same_origin = match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
            (Some(origin), Some(host)) => {
                let origin = origin.to_str().unwrap_or_default();
                let host = host.to_str().unwrap_or_default();
                Some(
                    origin
                        .split_once("://")
                        .is_some_and(|(_, authority)| authority == host),
                )
            }
            _ => None,
        };
        let has_header = headers.get(CSRF_HEADER).is_some_and(|v| v == "1")
            || (request.uri().path() == FORM_PATH
                && (fetch_site == Some("same-origin") || same_origin == Some(true)));
        let cross_site = fetch_site.is_some_and(|v| v != "same-origin" && v != "none");
        let foreign_origin = same_origin == Some(false);
        if !has_header || cross_site || foreign_origin {
            return AppError::Csrf.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        assert_eq!(inline_scripts(html), vec!["init()"]);
        let csp = content_security_policy(Some(html));
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
