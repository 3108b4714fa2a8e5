//! The organisation's profile: what makes a saved profile valid, and the rule
//! that no participant is invited before it is complete (an access letter
//! without the controller, the help contact and Lotse's address would leave
//! the participant with nowhere to turn).

use lotse_shared::api::{OrganisationProfile, ProfileField};

use crate::db::Store;
use crate::domain::text::{self, Field};
use crate::http::error::AppError;

/// Checks a profile before it is saved: the rule for outside text of
/// `domain::text` (line breaks allowed, but not in the public address), and an `http(s)` public address without query or fragment (it
/// gets `/#code=…` appended on the letter). Incomplete is allowed: an admin may
/// save what they have so far.
pub fn validate(profile: &OrganisationProfile) -> Result<OrganisationProfile, AppError> {
    let mut p = profile.clone();
    for (name, value) in [
        ("controller_name", &mut p.controller_name),
        ("controller_address", &mut p.controller_address),
        ("controller_contact", &mut p.controller_contact),
        ("dpo_name", &mut p.dpo_name),
        ("dpo_contact", &mut p.dpo_contact),
        ("agency_name", &mut p.agency_name),
        ("authority_name", &mut p.authority_name),
        ("authority_contact", &mut p.authority_contact),
        ("legal_basis_reference", &mut p.legal_basis_reference),
        ("help_contact", &mut p.help_contact),
        ("public_url", &mut p.public_url),
    ] {
        let field = if name == "public_url" {
            Field::one_line(name, text::PROFILE)
        } else {
            Field::lines(name, text::PROFILE)
        };
        *value = field.clean(value)?;
    }
    if !p.public_url.is_empty() {
        let url = p.public_url.trim_end_matches('/').to_owned();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let plain = rest.is_some_and(|r| {
            !r.is_empty() && !r.contains(['?', '#', ' ', '\n', '@']) && !r.starts_with('/')
        });
        if !plain {
            return Err(AppError::InvalidValue(
                "public_url must be an http(s) address without query or fragment, e.g. https://lotse.example.org"
                    .into(),
            ));
        }
        p.public_url = url;
    }
    Ok(p)
}

/// The stored profile, empty if none was saved yet.
pub async fn load(store: &dyn Store) -> Result<OrganisationProfile, AppError> {
    Ok(store.organisation().await?.unwrap_or_default())
}

/// The profile, if it is complete enough to invite participants.
pub async fn require_complete(store: &dyn Store) -> Result<OrganisationProfile, AppError> {
    let profile = load(store).await?;
    let missing: Vec<ProfileField> = profile.missing();
    if missing.is_empty() {
        Ok(profile)
    } else {
        Err(AppError::ProfileIncomplete(missing))
    }
}

/// A clearly fictional profile for `lotse demo` and the tests.
pub fn demo() -> OrganisationProfile {
    use lotse_shared::api::{HealthBasis, LegalBasis};
    OrganisationProfile {
        controller_name: "Beispiel-Bildungsträger gGmbH (Demo – fiktiv)".into(),
        controller_address: "Musterstraße 1\n12345 Musterstadt".into(),
        controller_contact: "kontakt@beispiel.invalid · 01234 567890".into(),
        dpo_name: "Erika Beispiel (Demo)".into(),
        dpo_contact: "datenschutz@beispiel.invalid".into(),
        agency_name: "Agentur für Arbeit".into(),
        authority_name: "Landesbeauftragte für Datenschutz Musterland (Demo)".into(),
        authority_contact: "poststelle@datenschutz.beispiel.invalid".into(),
        counselling_basis: LegalBasis::Consent,
        health_basis: HealthBasis::ExplicitConsent,
        legal_basis_reference: String::new(),
        help_contact: "Ihre Beraterin oder Ihr Berater · 01234 567891 (Mo–Fr 9–15 Uhr)".into(),
        public_url: "http://127.0.0.1:8080".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_profile_is_complete_and_valid() {
        let demo = demo();
        assert_eq!(demo.missing(), vec![]);
        assert_eq!(validate(&demo).ok(), Some(demo));
    }

    #[test]
    fn a_public_url_must_be_a_plain_http_address() {
        let with = |url: &str| {
            let mut p = demo();
            p.public_url = url.into();
            validate(&p).map(|p| p.public_url)
        };
        assert_eq!(
            with("https://lotse.example.org/").ok().as_deref(),
            Some("https://lotse.example.org")
        );
        for bad in [
            "lotse.example.org",
            "ftp://x",
            "https://x/?a=1",
            "https://x/#code",
            "https://",
        ] {
            assert!(with(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn fields_are_trimmed_and_bounded() {
        let mut p = demo();
        p.dpo_name = "  Erika  ".into();
        assert_eq!(
            validate(&p).map(|p| p.dpo_name).ok().as_deref(),
            Some("Erika")
        );
        p.dpo_name = "x".repeat(text::PROFILE + 1);
        assert!(validate(&p).is_err());
        p.dpo_name = "a\u{7}b".into();
        assert!(validate(&p).is_err());
    }
}
