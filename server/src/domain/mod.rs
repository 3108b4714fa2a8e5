//! The rules of the domain that are neither HTTP nor storage: consent and the
//! participant's rights, the agency report, retention, the privacy notice and
//! the breach register.

pub mod breach;
pub mod notice;
pub mod report;
pub mod retention;
pub mod rights;
