//! Lotse's shared core: domain and API types, the instrument definitions and the
//! scoring that turns answers into aggregates.
//!
//! This crate is compiled into the browser (WASM) and into the server. It does no
//! I/O on purpose: the same scoring and validation code runs on both sides, so the
//! server can check an uploaded aggregate against exactly the rules the browser used.

pub mod access_code;
pub mod api;
pub mod instrument;
pub mod scoring;
pub mod validate;

pub use instrument::{Instrument, Lang};
