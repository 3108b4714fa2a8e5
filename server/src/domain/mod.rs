//! The rules of the domain that are neither HTTP nor storage: consent and the
//! participant's rights, the agency report, retention, the privacy notice,
//! the organisation's profile, the breach register, and the rule for text
//! and dates from outside.

pub mod breach;
pub mod matching;
pub mod notice;
pub mod occupation;
pub mod organisation;
pub mod report;
pub mod retention;
pub mod rights;
pub mod text;
pub mod vacancy;
pub mod work_profile;
