//! The only module that talks HTTP. Same-origin `fetch` with the session cookie and
//! the CSRF header; errors come back as the server's stable codes.

use std::cell::{Cell, RefCell};

use lotse_shared::api::{
    AggregateSubmission, ApiError, CSRF_HEADER, ConsentDecision, ConsentStatus, EraseRequest,
    ErasureReceipt, ErrorCode, ModuleStatus, MyData, Notice, OptionalConsents, OrganisationProfile,
    SessionInfo, SignInRequest, StoredResult,
};
use lotse_shared::instrument::Instrument;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server could not be reached (offline, server down).
    Network,
    /// The server answered with an error.
    Api { status: u16, code: ErrorCode },
}

impl Failure {
    /// Whether the same request may succeed later unchanged: no connection,
    /// or a server that cannot store right now (any 5xx, including a proxy's
    /// answer while Lotse restarts). A result is kept for such a failure,
    /// never dropped.
    pub fn is_transient(&self) -> bool {
        match self {
            Failure::Network => true,
            Failure::Api { status, .. } => *status >= 500,
        }
    }

    /// The i18n key of a message a person can act on.
    pub fn message_key(&self) -> &'static str {
        match self {
            Failure::Network => "error.network",
            Failure::Api { code, .. } => match code {
                ErrorCode::InvalidCredentials => "error.invalid_code",
                ErrorCode::Unauthenticated => "error.signed_out",
                ErrorCode::RateLimited => "error.rate_limited",
                ErrorCode::Forbidden | ErrorCode::CsrfRejected => "error.forbidden",
                ErrorCode::InvalidValue | ErrorCode::InvalidBody => "error.invalid",
                ErrorCode::ConsentRequired => "error.consent_required",
                ErrorCode::ProfileIncomplete => "error.profile_incomplete",
                ErrorCode::GuardianConsentRequired => "error.guardian_consent_required",
                ErrorCode::Unavailable => "error.unavailable",
                ErrorCode::Restricted => "error.restricted",
                _ => "error.server",
            },
        }
    }
}

/// What a response says about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// The server answered normally: a live session was just used.
    Alive,
    /// The server says no one is signed in (any more).
    SignedOut,
}

thread_local! {
    static ON_CONTACT: Cell<Option<fn(Contact)>> = const { Cell::new(None) };
}

/// Lets the app follow every response (the participant app's session clock).
pub fn on_contact(hook: fn(Contact)) {
    ON_CONTACT.with(|c| c.set(Some(hook)));
}

fn contact(what: Contact) {
    if let Some(hook) = ON_CONTACT.with(Cell::get) {
        hook(what);
    }
}

pub(crate) async fn call(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<String, Failure> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| Failure::Network)?;
    let headers = request.headers();
    let _ = headers.set("accept", "application/json");
    if body.is_some() {
        let _ = headers.set("content-type", "application/json");
    }
    if method != "GET" {
        let _ = headers.set(CSRF_HEADER, "1");
    }
    let window = web_sys::window().ok_or(Failure::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::Network)?
        .dyn_into()
        .map_err(|_| Failure::Network)?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if response.ok() {
        // Only calls that go through the session count as its use; the notice
        // and the questionnaire files are public.
        if path.starts_with("/api/v1/") && !path.starts_with("/api/v1/notice") {
            contact(Contact::Alive);
        }
        Ok(text)
    } else {
        let code = from_json::<ApiError>(&text).map_or(ErrorCode::Internal, |e| e.error.code);
        if code == ErrorCode::Unauthenticated {
            contact(Contact::SignedOut);
        }
        Err(Failure::Api {
            status: response.status(),
            code,
        })
    }
}

/// JSON text as a `T`: the browser parses it (`JSON.parse`) and serde reads
/// the result, so no JSON parser is compiled into the WASM; the shared serde
/// types keep the wire format the server's.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text, written by the browser (`JSON.stringify`); maps
/// become objects and `None` becomes `null`, as with serde_json.
pub fn to_json(value: &impl Serialize) -> Option<String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let text = call("GET", path, None).await?;
    from_json(&text).ok_or(Failure::Api {
        status: 200,
        code: ErrorCode::Internal,
    })
}

pub(crate) async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, Failure> {
    let body = to_json(body).ok_or(Failure::Network)?;
    let text = call(method, path, Some(body)).await?;
    from_json(&text).ok_or(Failure::Api {
        status: 200,
        code: ErrorCode::Internal,
    })
}

pub async fn session() -> Result<SessionInfo, Failure> {
    get("/api/v1/session").await
}

pub async fn sign_in(code: String) -> Result<SessionInfo, Failure> {
    send("POST", "/api/v1/session", &SignInRequest { code }).await
}

pub async fn sign_out() -> Result<(), Failure> {
    call("DELETE", "/api/v1/session", None).await.map(|_| ())
}

pub async fn modules() -> Result<Vec<ModuleStatus>, Failure> {
    get("/api/v1/modules").await
}

pub async fn skip_module(instrument: &str) -> Result<(), Failure> {
    call("POST", &format!("/api/v1/modules/{instrument}/skip"), None)
        .await
        .map(|_| ())
}

pub async fn results() -> Result<Vec<StoredResult>, Failure> {
    get("/api/v1/results").await
}

/// Uploads an aggregate. The type is the whole payload: there is no field that
/// could carry an answer.
pub async fn submit(aggregate: &AggregateSubmission) -> Result<StoredResult, Failure> {
    send("POST", "/api/v1/results", aggregate).await
}

thread_local! {
    /// Definitions fetched during this visit; a handful at most, kept for good.
    static DEFINITIONS: RefCell<Vec<&'static Instrument>> = const { RefCell::new(Vec::new()) };
}

/// A definition already loaded during this visit (see [`definition`]), for
/// views that render synchronously after their page loaded what it needs.
pub fn cached_definition(id: &str) -> Option<&'static Instrument> {
    DEFINITIONS.with(|d| d.borrow().iter().find(|d| d.id == id).copied())
}

/// Loads the definitions of these instruments (ignoring unknown ones), so that
/// [`cached_definition`] finds them.
pub async fn load_definitions<'a>(ids: impl IntoIterator<Item = &'a str>) {
    for id in ids {
        let _ = definition(id).await;
    }
}

/// An instrument definition. The browser does not carry the questionnaires in its
/// code: it loads each one when needed from `/instruments/<id>.json`, a copy of the
/// very file the shared crate embeds, so the server checks uploads against the
/// same definition the browser scored with (and refuses another version).
pub async fn definition(id: &str) -> Result<&'static Instrument, Failure> {
    let not_found = Failure::Api {
        status: 404,
        code: ErrorCode::NotFound,
    };
    if let Some(def) = cached_definition(id) {
        return Ok(def);
    }
    // Ids come from the address bar: only plain ids may become a path.
    let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    if id.is_empty() || !id.bytes().all(plain) {
        return Err(not_found);
    }
    let def: Instrument = get(&format!("/instruments/{id}.json"))
        .await
        .map_err(|f| match f {
            Failure::Api { status: 404, .. } => not_found.clone(),
            other => other,
        })?;
    if def.id != id {
        return Err(not_found);
    }
    let def: &'static Instrument = Box::leak(Box::new(def));
    DEFINITIONS.with(|d| d.borrow_mut().push(def));
    Ok(def)
}

/// Who runs Lotse here: controller, help contact, … (public).
pub async fn organisation() -> Result<OrganisationProfile, Failure> {
    get("/api/v1/organisation").await
}

/// The current privacy notice in a language (public, no sign-in needed).
pub async fn notice(lang: lotse_shared::Lang) -> Result<Notice, Failure> {
    get(&format!("/api/v1/notice?lang={}", lang.tag())).await
}

/// Accepts the notice (with the optional consents ticked) or declines it, which
/// also signs out.
pub async fn decide(decision: &ConsentDecision) -> Result<(), Failure> {
    let body = to_json(decision).ok_or(Failure::Network)?;
    call("POST", "/api/v1/consent", Some(body))
        .await
        .map(|_| ())
}

pub async fn change_consents(wanted: &OptionalConsents) -> Result<ConsentStatus, Failure> {
    send("PUT", "/api/v1/consent", wanted).await
}

pub async fn my_data() -> Result<MyData, Failure> {
    get("/api/v1/me").await
}

/// Where the browser downloads everything as a JSON file.
pub const EXPORT_URL: &str = "/api/v1/me/export";

/// Withdraws and erases everything; the server signs out at the same time.
pub async fn erase() -> Result<ErasureReceipt, Failure> {
    send("POST", "/api/v1/me/erase", &EraseRequest { confirm: true }).await
}
