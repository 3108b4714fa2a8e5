//! The HTTP edge: the error shape and JSON extractor, security headers and the
//! CSRF gate, the embedded client, the pages the server writes (sign-in and
//! the privacy notice), the request log and the client's address.

pub mod assets;
pub mod error;
pub mod pages;
pub mod request_log;
pub mod security;
