//! The organisation that runs Lotse: who is responsible, whom to ask, where to
//! complain, on which legal basis, and where Lotse is reached. Everything here is
//! public: it is what the privacy notice, the consent screen, the access letter
//! and the footer tell every participant.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// The organisation's profile (`GET /api/v1/organisation`, public;
/// `PUT /api/v1/staff/organisation`, admins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganisationProfile {
    /// The controller (GDPR Art. 4(7)): the organisation responsible.
    pub controller_name: String,
    /// Postal address, as it should be printed (lines separated by newlines).
    pub controller_address: String,
    /// E-mail and/or phone.
    pub controller_contact: String,
    /// The data protection officer.
    pub dpo_name: String,
    pub dpo_contact: String,
    /// The employment agency reports go to, by the name participants know it
    /// (Agentur für Arbeit, Jobcenter, UWV, Агенция по заетостта, …).
    pub agency_name: String,
    /// The supervisory authority for complaints (GDPR Art. 77).
    pub authority_name: String,
    pub authority_contact: String,
    /// On which basis counselling data is processed.
    pub counselling_basis: LegalBasis,
    /// On which basis the fit-for-work questionnaire (health data) is processed.
    pub health_basis: HealthBasis,
    /// The national law that basis rests on, if any (e.g. "§ 16 SGB II"),
    /// as it should appear in the notice; empty for consent.
    pub legal_basis_reference: String,
    /// Whom participants can ask for help (phone, e-mail, office hours).
    pub help_contact: String,
    /// Where participants open Lotse, e.g. `https://lotse.example.org`.
    pub public_url: String,
}

/// GDPR Art. 6(1): the lawful bases Lotse's counselling can rest on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// (a) consent — a private provider's voluntary offer.
    #[default]
    Consent,
    /// (b) a contract with the participant.
    Contract,
    /// (c) a legal obligation of the controller.
    LegalObligation,
    /// (e) a task in the public interest (job centres, public employment services).
    PublicTask,
}

/// GDPR Art. 9(2): the bases for health data (the fit-for-work questionnaire).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthBasis {
    /// (a) explicit consent.
    #[default]
    ExplicitConsent,
    /// (b) obligations in social security and social protection law.
    SocialProtectionLaw,
}

/// A field of the profile that must be filled before participants are invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    ControllerName,
    ControllerAddress,
    ControllerContact,
    DpoName,
    DpoContact,
    AgencyName,
    AuthorityName,
    AuthorityContact,
    LegalBasisReference,
    HelpContact,
    PublicUrl,
}

/// The profile and what is still missing (`GET /api/v1/staff/organisation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationStatus {
    pub profile: OrganisationProfile,
    /// Empty when participants can be invited.
    pub missing: Vec<ProfileField>,
}

impl OrganisationProfile {
    /// What must still be filled in. A basis other than consent needs the law
    /// it rests on, so the notice can name it.
    pub fn missing(&self) -> Vec<ProfileField> {
        let law_needed = self.counselling_basis != LegalBasis::Consent
            || self.health_basis != HealthBasis::ExplicitConsent;
        [
            (ProfileField::ControllerName, &self.controller_name, true),
            (
                ProfileField::ControllerAddress,
                &self.controller_address,
                true,
            ),
            (
                ProfileField::ControllerContact,
                &self.controller_contact,
                true,
            ),
            (ProfileField::DpoName, &self.dpo_name, true),
            (ProfileField::DpoContact, &self.dpo_contact, true),
            (ProfileField::AgencyName, &self.agency_name, true),
            (ProfileField::AuthorityName, &self.authority_name, true),
            (
                ProfileField::AuthorityContact,
                &self.authority_contact,
                true,
            ),
            (
                ProfileField::LegalBasisReference,
                &self.legal_basis_reference,
                law_needed,
            ),
            (ProfileField::HelpContact, &self.help_contact, true),
            (ProfileField::PublicUrl, &self.public_url, true),
        ]
        .into_iter()
        .filter(|(_, value, needed)| *needed && value.trim().is_empty())
        .map(|(field, _, _)| field)
        .collect()
    }

    /// The sign-in address with an access code in the fragment: browsers never
    /// send a fragment to the server, so the code reaches no log.
    pub fn sign_in_link(&self, code: &str) -> String {
        format!("{}/#code={code}", self.public_url.trim_end_matches('/'))
    }
}

/// Where a published notice text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeOrigin {
    /// The fixed texts shipped before notices were stored (version 1).
    Legacy,
    /// Lotse's templates, filled from the organisation's profile.
    Shipped,
    /// Written and published by the organisation.
    Admin,
}

/// A notice source to preview or publish (`POST /api/v1/staff/notice[/preview]`):
/// Markdown with `{{placeholders}}` from the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeDraft {
    pub lang: Lang,
    pub source: String,
}

/// The current notice's sources (`GET /api/v1/staff/notice`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeSources {
    /// 0 while none is published (the profile is incomplete).
    pub version: u32,
    pub texts: Vec<NoticeSource>,
    /// The placeholders a source may use, e.g. `controller_name`.
    pub placeholders: Vec<String>,
}

/// One language of the current notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeSource {
    pub lang: Lang,
    pub origin: NoticeOrigin,
    pub source: String,
    pub published_at: i64,
}

/// The answer to publishing: the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedNotice {
    pub version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> OrganisationProfile {
        OrganisationProfile {
            controller_name: "C".into(),
            controller_address: "A".into(),
            controller_contact: "c@example.org".into(),
            dpo_name: "D".into(),
            dpo_contact: "d@example.org".into(),
            agency_name: "Agency".into(),
            authority_name: "Authority".into(),
            authority_contact: "a@example.org".into(),
            counselling_basis: LegalBasis::Consent,
            health_basis: HealthBasis::ExplicitConsent,
            legal_basis_reference: String::new(),
            help_contact: "h@example.org".into(),
            public_url: "https://lotse.example.org/".into(),
        }
    }

    #[test]
    fn an_empty_profile_misses_everything_a_complete_one_nothing() {
        assert_eq!(OrganisationProfile::default().missing().len(), 10);
        assert_eq!(complete().missing(), vec![]);
    }

    #[test]
    fn a_basis_other_than_consent_needs_its_law() {
        let mut p = complete();
        p.counselling_basis = LegalBasis::PublicTask;
        assert_eq!(p.missing(), vec![ProfileField::LegalBasisReference]);
        p.legal_basis_reference = "§ 16 SGB II".into();
        assert_eq!(p.missing(), vec![]);
    }

    #[test]
    fn the_sign_in_link_carries_the_code_in_the_fragment() {
        assert_eq!(
            complete().sign_in_link("ABCD-EFGH"),
            "https://lotse.example.org/#code=ABCD-EFGH"
        );
    }
}
