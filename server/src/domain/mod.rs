//! The rules of the domain that are neither HTTP nor storage: consent and the
//! participant's rights, the agency report, retention, the privacy notice,
//! the organisation's profile, the breach register, the rule for text and
//! dates from outside, and career orientation: the ESCO occupation catalogue,
//! the work profile, vacancies and their import, and explainable matching;
//! and programme figures without people.

pub mod breach;
pub mod matching;
pub mod notice;
pub mod occupation;
pub mod organisation;
pub mod report;
pub mod retention;
pub mod rights;
pub mod statistics;
pub mod text;
pub mod vacancy;
pub mod work_profile;
