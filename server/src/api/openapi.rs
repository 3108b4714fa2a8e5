//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers'
//! `#[utoipa::path]` attributes and the shared types' `ToSchema` derives
//! (feature `openapi` of lotse-shared). The router in `api` registers every
//! handler through utoipa-axum's `routes!`, so a route cannot exist without
//! its entry in the document, nor the other way round. Served at
//! `GET /api/v1/openapi.json`.
//!
//! The error answers are reusable responses (`#/components/responses/...`),
//! all with the [`ApiError`] body; their descriptions list the codes a status
//! can carry. Which statuses an operation lists follows from its extractors:
//! a JSON body can fail with 400, 413, 415 and 422, a session with 401, the
//! consent gate and role checks with 403, the CSRF gate with 403 on every
//! state-changing request, the store with 500 and, while the database is
//! unavailable, 503 (added to every operation that lists 500).

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{ApiError, CSRF_HEADER, ErrorBody, ErrorCode};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{RefOr, ResponseBuilder, content::ContentBuilder, header::HeaderBuilder};
use utoipa::{Modify, OpenApi};

/// The security scheme of the session cookie.
pub const SESSION: &str = "session";
/// The security scheme of the CSRF header.
pub const CSRF: &str = "csrf";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lotse API",
        description = "The JSON API of Lotse under `/api/v1`. Every failure answers \
            `{\"error\": {\"code\", \"message\"}}`; clients match on `code`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    components(schemas(ApiError, ErrorBody, ErrorCode)),
    modifiers(&Components),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "participant", description = "What a signed-in participant uses"),
        (name = "rights", description = "A participant's data rights and consent"),
        (name = "staff", description = "Counsellors and admins"),
        (name = "meta", description = "Health and this document"),
    ),
)]
struct ApiDoc;

/// Adds the security schemes and the reusable error responses.
struct Components;

impl Modify for Components {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi
            .components
            .get_or_insert_with(utoipa::openapi::Components::new);
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "lotse_session",
                "The session cookie set by signing in. Behind TLS it is named \
                 `__Host-lotse_session`.",
            ))),
        );
        components.add_security_scheme(
            CSRF,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                CSRF_HEADER,
                "Must be `1` on every request that is not GET, HEAD or OPTIONS; \
                 a request that says it comes from another site is refused as well.",
            ))),
        );
        for (name, response) in error_responses() {
            components.responses.insert(name.to_owned(), response);
        }
    }
}

/// Declares the reusable error responses: a marker type per response that the
/// handlers name in `responses(...)` (`response = errors::NotFound`), and the
/// list that puts them into the document's components.
macro_rules! error_responses {
    ($($(#[doc = $doc:literal])+ $name:ident $(retry_after $retry:tt)?,)+) => {
        /// Reusable error responses for `#[utoipa::path(responses(...))]`.
        pub mod errors {
            $(
                $(#[doc = $doc])+
                pub struct $name;

                impl<'s> utoipa::ToResponse<'s> for $name {
                    fn response() -> (
                        &'s str,
                        utoipa::openapi::RefOr<utoipa::openapi::response::Response>,
                    ) {
                        (
                            stringify!($name),
                            super::error_response(
                                concat!($($doc, "\n"),+),
                                false $(|| $retry)?,
                            ),
                        )
                    }
                }
            )+
        }

        fn error_responses() -> Vec<(&'static str, RefOr<utoipa::openapi::response::Response>)> {
            vec![$((
                stringify!($name),
                <errors::$name as utoipa::ToResponse>::response().1,
            )),+]
        }
    };
}

error_responses! {
    /// `invalid_body`: the body is not JSON, not a JSON object, or not the
    /// expected shape; or a forwarded client address is malformed.
    InvalidBody,
    /// `unauthenticated`: no live session of the kind this route needs.
    Unauthenticated,
    /// `invalid_credentials`: the access code or password is not correct.
    InvalidCredentials,
    /// `unauthenticated` (no live session of the kind this route needs) or
    /// `invalid_credentials` (the code or password is not correct).
    SessionOrCredentials,
    /// `forbidden`: the session may not do this (another role, or a staff
    /// session on a participant's route); `consent_required`: a participant
    /// who has not accepted the current privacy notice (on every route but
    /// health, sign-in, the notice, the organisation, consent and the data
    /// rights).
    Forbidden,
    /// `forbidden`: the session may not do this (another role, or a staff
    /// session on a participant's route); `consent_required`: a participant
    /// who has not accepted the current privacy notice (on every route but
    /// health, sign-in, the notice, the organisation, consent and the data
    /// rights); `csrf_rejected`: the
    /// request lacks `x-lotse-request: 1` or comes from another site.
    ForbiddenWrite,
    /// `csrf_rejected`: the request lacks `x-lotse-request: 1` or comes from
    /// another site; `consent_required`: sent with the cookie of a participant
    /// who has not accepted the current privacy notice, on a route that waits
    /// for it.
    CsrfRejected,
    /// `not_found`: the thing asked for does not exist or is out of the
    /// caller's reach (a participant of another counsellor answers like one
    /// that does not exist).
    NotFound,
    /// `conflict`: the request conflicts with the current state.
    Conflict,
    /// `restricted`: the participant's data is under a restriction of
    /// processing, so nothing may be changed, released or exported until the
    /// data protection officer lifts it; or `conflict`: the request conflicts
    /// with the current state.
    Restricted,
    /// `profile_incomplete`: the organisation's profile is not filled in yet;
    /// or `conflict`: the request conflicts with the current state.
    ProfileIncomplete,
    /// `payload_too_large`: the body is larger than the server accepts.
    PayloadTooLarge,
    /// `unsupported_media_type`: the body needs `Content-Type: application/json`.
    UnsupportedMediaType,
    /// `invalid_value`: the body, query or path is well-formed, but a value
    /// breaks the rules; the message says which.
    InvalidValue,
    /// `rate_limited`: too many attempts; `Retry-After` says how many seconds
    /// to wait.
    RateLimited retry_after true,
    /// `internal`: something went wrong on the server; the details are in its
    /// log only.
    Internal,
    /// `unavailable`: the database cannot take requests right now (restarting,
    /// unreachable, or its disk full). Nothing was changed; `Retry-After` says
    /// how many seconds to wait before sending the same request again.
    Unavailable retry_after true,
}

/// An error response with the [`ApiError`] body.
fn error_response(
    description: &str,
    retry_after: bool,
) -> RefOr<utoipa::openapi::response::Response> {
    let mut response = ResponseBuilder::new()
        .description(description.trim().replace('\n', " ").replace("  ", " "))
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    "ApiError",
                ))))
                .build(),
        );
    if retry_after {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(<u64 as utoipa::PartialSchema>::schema())
                .description(Some("Seconds until the next attempt is allowed"))
                .build(),
        );
    }
    response.build().into()
}

/// The whole document: the routes' part nested below `/api/v1`, over the
/// title, schemes and reusable responses of [`ApiDoc`].
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let (_, routes) = super::routes().split_for_parts();
        let mut document = ApiDoc::openapi().nest("/api/v1", routes);
        answers_unavailable_where_it_stores(&mut document);
        document
    })
}

/// Every operation that reaches the store (it lists 500) can also meet the
/// store unavailable: the 503 is added here once rather than in each handler.
fn answers_unavailable_where_it_stores(document: &mut utoipa::openapi::OpenApi) {
    let unavailable = RefOr::Ref(utoipa::openapi::Ref::from_response_name("Unavailable"));
    for item in document.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let responses = &mut operation.responses.responses;
            if responses.contains_key("500") {
                responses.insert("503".to_owned(), unavailable.clone());
            }
        }
    }
}

/// `GET /api/v1/openapi.json`: this API's OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi_serve",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")),
)]
pub async fn serve() -> Response {
    // Serialised once: the document never changes while the server runs.
    static JSON: OnceLock<String> = OnceLock::new();
    // Only maps with string keys and plain values: serialising cannot fail.
    let json = JSON.get_or_init(|| {
        document()
            .to_json()
            .expect("the OpenAPI document serialises")
    });
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json.as_str(),
    )
        .into_response()
}
