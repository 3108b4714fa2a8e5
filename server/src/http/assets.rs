//! The client, embedded in the binary, served with pre-compressed variants.
//!
//! The build writes `name.br` and `name.gz` next to every asset once
//! (`build_client` in `scripts/common.sh`); serving picks the best one the browser accepts, so no
//! CPU is spent compressing per request. Paths outside `/api/` that are not files
//! get their app's page, whose WASM holds that app's code: `/staff/…` the
//! dashboard (`staff/index.html`), every other path the participant app
//! (`index.html`), whose router handles it. (`/`, `/privacy` and
//! `/questionnaire/<id>` are pages the server writes, see `pages`; the last
//! is the questionnaire's app, `questionnaire-app/index.html`.)

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use crate::http::error::AppError;

#[derive(Embed)]
#[folder = "../dist"]
#[allow_missing = true]
struct Assets;

/// The client's `index.html`, if the client was built.
pub fn index_html() -> Option<String> {
    Assets::get("index.html").map(|f| String::from_utf8_lossy(&f.data).into_owned())
}

/// The questionnaire app's page: as Trunk wrote it, but the app starts
/// after the first paint (see [`load_after_first_paint`]). Read once.
pub fn questionnaire_page() -> Option<String> {
    static PAGE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        Assets::get(QUESTIONNAIRE_INDEX)
            .map(|f| load_after_first_paint(&String::from_utf8_lossy(&f.data)))
    })
    .clone()
}

/// Trunk's page loads the app at once: it preloads the script and the WASM
/// and imports the script while the page is parsed. On a weak connection
/// that download competes with the stylesheets for the first paint, which
/// on the questionnaire's page is already the content (the server writes
/// it). So the preloads go, and the loader waits for the first frame before
/// it imports the app. Anything not in Trunk's usual shape is left as it is.
fn load_after_first_paint(page: &str) -> String {
    let between = |from: &str, to: &str| {
        let start = page.find(from)? + from.len();
        let len = page[start..].find(to)?;
        Some(&page[start..start + len])
    };
    let (Some(js), Some(wasm), Some(script_start), Some(head_end)) = (
        between("import init, * as bindings from '", "'"),
        between("module_or_path: '", "'"),
        page.find("<script type=\"module\">"),
        page.find("</head>"),
    ) else {
        return page.to_owned();
    };
    let Some(script_len) = page[script_start..].find("</script>") else {
        return page.to_owned();
    };
    let script_end = script_start + script_len + "</script>".len();
    // Trunk writes the preload links right before `</head>`, after the script.
    let Some(preloads) = page[script_end..head_end]
        .find("<link rel=\"modulepreload\"")
        .map(|at| script_end + at)
    else {
        return page.to_owned();
    };
    format!(
        "{before}<script type=\"module\">requestAnimationFrame(() => setTimeout(async () => {{ \
         const {{ default: init }} = await import('{js}'); \
         await init({{ module_or_path: '{wasm}' }}); }}));</script>{middle}{after}",
        before = &page[..script_start],
        middle = &page[script_end..preloads],
        after = &page[head_end..],
    )
}

/// What a page answers when the client was not built into this server.
pub fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The Lotse client was not built into this server. Run scripts/run.",
    )
        .into_response()
}

/// Every app's page (participant app, questionnaire, staff dashboard), as
/// built and as served, as far as the client was built: each has its own
/// inline loader script, which the content security policy allows by hash.
pub fn app_pages() -> Vec<String> {
    ["index.html", QUESTIONNAIRE_INDEX, STAFF_INDEX]
        .into_iter()
        .filter_map(Assets::get)
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .chain(questionnaire_page())
        .collect()
}

/// The participant app's stylesheet links, as Trunk wrote them into its page
/// (hashed names, with their integrity): for the pages the server writes.
/// Read once: the embedded page does not change while the server runs.
pub fn app_stylesheets() -> &'static str {
    static LINKS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LINKS.get_or_init(stylesheet_links)
}

fn stylesheet_links() -> String {
    let Some(page) = index_html() else {
        return String::new();
    };
    page.split('<')
        .filter(|tag| {
            tag.starts_with("link rel=\"stylesheet\"") || tag.starts_with("link rel=\"icon\"")
        })
        .map(|tag| format!("<{}", tag.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One area of the interface texts in `lang` (empty if the client was not
/// built in).
pub fn texts(lang: lotse_shared::Lang, area: &str) -> std::collections::HashMap<String, String> {
    Assets::get(&format!("i18n/{}/{area}.json", lang.tag()))
        .and_then(|f| serde_json::from_slice(&f.data).ok())
        .unwrap_or_default()
}

const STAFF_INDEX: &str = "staff/index.html";
const QUESTIONNAIRE_INDEX: &str = "questionnaire-app/index.html";

/// Whether the embedded client is present (it is absent in a plain `cargo test`).
pub fn client_built() -> bool {
    Assets::get("index.html").is_some()
}

/// Trunk puts a content hash in the names of the files it builds
/// (`main-3892dc0bfc7f68d9.css`, `lotse-client-<hash>_bg.wasm`; the hash has up
/// to 16 hex digits, fewer when it starts with zeros), so those can
/// be cached for a year: a new build has new names. Everything else keeps its
/// name from build to build — the pages, the copied questionnaire definitions
/// and interface texts, the web app manifest and icons, and above all the
/// service worker `sw.js`, which browsers must re-check — and is revalidated.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len())
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn is_html(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html"))
}

/// Fallback handler for everything that is not an API route.
pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") || path == "api" {
        return AppError::NotFound("API endpoint").into_response();
    }
    let (path, is_page) = if !path.is_empty() && Assets::get(path).is_some() {
        (path, false)
    } else if path.contains('.') && !is_html(path) {
        // A missing asset, not a client route: a real 404, not the page.
        return (StatusCode::NOT_FOUND, "not found").into_response();
    } else if path == "staff" || path.starts_with("staff/") {
        // The dashboard's routes get the dashboard's page.
        (STAFF_INDEX, true)
    } else {
        ("index.html", true)
    };
    let accepts = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut encoding = None;
    let mut file = None;
    for (token, suffix) in [("br", ".br"), ("gzip", ".gz")] {
        if accepts
            .split(',')
            .any(|e| e.trim().split(';').next() == Some(token))
            && let Some(f) = Assets::get(&format!("{path}{suffix}"))
        {
            encoding = Some(token);
            file = Some(f);
            break;
        }
    }
    let Some(file) = file.or_else(|| Assets::get(path)) else {
        return not_built();
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let cache = if is_page || is_html(path) || !is_hashed(path) {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let mut response = (StatusCode::OK, file.data.into_owned()).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{is_hashed, load_after_first_paint};

    #[test]
    fn the_questionnaire_app_loads_after_the_first_paint_without_preloads() {
        let trunk = "<html><head><title>Lotse</title>\n<script type=\"module\">\n\
            import init, * as bindings from '/questionnaire-app/q-0123456789abcdef.js';\n\
            const wasm = await init({ module_or_path: '/questionnaire-app/q-0123456789abcdef_bg.wasm' });\n\
            </script>\n  <link rel=\"modulepreload\" href=\"/questionnaire-app/q-0123456789abcdef.js\">\
            <link rel=\"preload\" href=\"/questionnaire-app/q-0123456789abcdef_bg.wasm\" as=\"fetch\"></head>\n\
            <body></body></html>";
        let page = load_after_first_paint(trunk);
        assert!(!page.contains("preload"), "{page}");
        assert!(!page.contains("import init"), "{page}");
        assert!(page.contains("requestAnimationFrame(() => setTimeout(async () => {"));
        assert!(page.contains("await import('/questionnaire-app/q-0123456789abcdef.js')"));
        assert!(page.contains("module_or_path: '/questionnaire-app/q-0123456789abcdef_bg.wasm'"));
        assert!(page.starts_with("<html><head><title>Lotse</title>\n<script"));
        assert!(page.ends_with("</head>\n<body></body></html>"));
        // A page in another shape is served as it is.
        assert_eq!(load_after_first_paint("<html></html>"), "<html></html>");
    }

    #[test]
    fn only_trunks_hashed_names_are_immutable() {
        for hashed in [
            "main-3892dc0bfc7f68d9.css",
            "lotse-client-fd8da87454e9bd95_bg.wasm",
            "lotse-client-fd8da87454e9bd95.js",
            "lotse-client-5202ffdd5946cd6.js",
            "staff/lotse-staff-0123456789abcdef.js",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for revalidated in [
            "sw.js",
            "pwa/register.js",
            "pwa/manifest.webmanifest",
            "pwa/icon-192.png",
            "i18n/en/common.json",
            "instruments/soft-skills.json",
            "instruments/fit-for-work.json",
            "index.html",
        ] {
            assert!(!is_hashed(revalidated), "{revalidated}");
        }
    }
}
