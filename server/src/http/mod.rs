//! The HTTP edge: the error shape and JSON extractor, security headers and the
//! CSRF gate, the embedded client, the privacy notice as a server page, the
//! request log and the client's address.

pub mod assets;
pub mod error;
pub mod privacy_page;
pub mod request_log;
pub mod security;
