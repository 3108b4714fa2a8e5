//! The agency short report: what may go to the employment agency.
//!
//! It holds only (a) results of scales the instrument marks agency-shareable
//! (mLevel never is), and only with the participant's consent to forward
//! results, except health data such as the fit-for-work index, which goes
//! only with its own, separate consent to health data; (b) hard skills with
//! their ESCO occupations, coded occupational wishes, languages, driving
//! licences and qualifications, only with the consent to job matching; and
//! (c) the wording counsellor and participant agreed on. [`compose`] is pure,
//! so these rules are tested without a database.

use lotse_shared::api::{
    AGENCY_REPORT_VERSION, AgencyReport, CompetenceRecord, ConsentScope, OptionalConsents,
    ReportContent, ReportOverview, ReportParties, ReportResult, ReportState, StoredResult,
};
use lotse_shared::instrument;

use crate::db::{DbError, ReportRow, Store};

/// Why the report content could not be composed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("participant not found")]
    NoParticipant,
    #[error("a released report's stored content does not read back")]
    Stored(#[from] serde_json::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Whether the participant consented to `scope` for the current notice
/// (`rights::consent_allows`): with no record, or a withdrawn one, nothing goes.
pub async fn agency_consent(
    store: &dyn Store,
    participant_id: &str,
    scope: ConsentScope,
) -> Result<bool, DbError> {
    crate::domain::rights::consent_allows(store, participant_id, scope).await
}

/// Builds the report content from the stored data and the consents.
pub fn compose(
    participant: &str,
    programme: &str,
    results: &[StoredResult],
    competences: &[CompetenceRecord],
    consents: OptionalConsents,
    wording: &str,
) -> ReportContent {
    let mut shared: Vec<ReportResult> = Vec::new();
    // Newest first: keep the latest result per instrument.
    for result in results {
        if shared.iter().any(|r| r.instrument == result.instrument) {
            continue;
        }
        let Some(definition) = instrument::find(&result.instrument) else {
            continue;
        };
        // Health data goes only with its own consent, never with the consent
        // to forward the other results (and that one is not needed for it).
        let consented = if definition.health {
            consents.health_data
        } else {
            consents.agency_results
        };
        if consented {
            let scales: Vec<_> = result
                .scales
                .iter()
                .filter(|s| {
                    definition
                        .scale(&s.scale)
                        .is_some_and(|d| d.agency_shareable)
                })
                .cloned()
                .collect();
            if !scales.is_empty() {
                shared.push(ReportResult {
                    instrument: result.instrument.clone(),
                    version: result.version,
                    scales,
                });
            }
        }
    }
    ReportContent {
        schema_version: AGENCY_REPORT_VERSION,
        wishes: Vec::new(),
        languages: Vec::new(),
        licences: Vec::new(),
        qualifications: Vec::new(),
        participant: participant.to_owned(),
        programme: programme.to_owned(),
        results: shared,
        results_consented: consents.agency_results,
        health_consented: consents.health_data,
        competences: if consents.job_matching {
            competences.to_vec()
        } else {
            Vec::new()
        },
        competences_consented: consents.job_matching,
        wording: wording.to_owned(),
        parties: None,
    }
}

/// Composes the current report content for a participant from the database.
pub async fn current_content(
    store: &dyn Store,
    participant_id: &str,
    wording: &str,
) -> Result<ReportContent, ReportError> {
    let participant = store
        .participant(participant_id)
        .await?
        .ok_or(ReportError::NoParticipant)?;
    let consents = crate::domain::rights::standing_consent(store, participant_id)
        .await?
        .map(|e| e.optional())
        .unwrap_or_default();
    let skills_ok = consents.job_matching;
    let results = if consents.agency_results || consents.health_data {
        store.results(participant_id).await?
    } else {
        Vec::new()
    };
    let competences: Vec<CompetenceRecord> = if skills_ok {
        store
            .competences(participant_id)
            .await?
            .into_iter()
            .map(|c| CompetenceRecord {
                skill: c.skill,
                level: c.level,
                evidence: c.evidence,
                occupation: c.occupation,
            })
            .collect()
    } else {
        Vec::new()
    };
    let parties = store.organisation().await?.map(|o| ReportParties {
        controller_name: o.controller_name,
        controller_address: o.controller_address,
        dpo_contact: o.dpo_contact,
        agency_name: o.agency_name,
    });
    // What job matching reads goes with the same consent as the hard skills.
    let (wishes, profile) = if skills_ok {
        (
            store.wishes(participant_id).await?,
            Some(store.work_profile(participant_id).await?.profile),
        )
    } else {
        (Vec::new(), None)
    };
    let profile = profile.unwrap_or_default();
    Ok(ReportContent {
        parties,
        wishes: wishes.into_iter().map(|w| w.occupation).collect(),
        languages: profile.languages,
        licences: profile.licences,
        qualifications: profile.qualifications,
        ..compose(
            &participant.display_name,
            &participant.programme_name,
            &results,
            &competences,
            consents,
            wording,
        )
    })
}

/// SHA-256 (hex) of the content as the API sends it: what an agreement
/// binds to.
pub fn content_hash(content: &ReportContent) -> String {
    use sha2::Digest as _;
    let json = serde_json::to_vec(content).unwrap_or_default();
    hex::encode(sha2::Sha256::digest(json))
}

/// A stored report as it is shown; the open draft is composed afresh so it
/// always shows what would be released now.
pub async fn shown(
    store: &dyn Store,
    participant_id: &str,
    row: ReportRow,
) -> Result<AgencyReport, ReportError> {
    let content: ReportContent = match (row.state, &row.content) {
        (ReportState::Released, Some(json)) => serde_json::from_str(json)?,
        _ => current_content(store, participant_id, &row.wording).await?,
    };
    Ok(AgencyReport {
        id: row.id,
        state: row.state,
        content_hash: content_hash(&content),
        proposal: row.proposal,
        content,
        agreed_at: row.agreed_at,
        released_at: row.released_at,
    })
}

/// The open draft and every released report of a participant.
pub async fn overview(store: &dyn Store, id: &str) -> Result<ReportOverview, ReportError> {
    let draft = match store.report_draft(id).await? {
        Some(row) => Some(shown(store, id, row).await?),
        None => None,
    };
    let mut released = Vec::new();
    for row in store.released_reports(id).await? {
        released.push(shown(store, id, row).await?);
    }
    Ok(ReportOverview { draft, released })
}

#[cfg(test)]
mod tests {
    use lotse_shared::api::{CompetenceLevel, QualityFlag, ScaleAggregate};

    use super::*;

    const NONE: OptionalConsents = OptionalConsents {
        agency_results: false,
        job_matching: false,
        health_data: false,
        survey_contact: false,
    };
    const RESULTS_AND_SKILLS: OptionalConsents = OptionalConsents {
        agency_results: true,
        job_matching: true,
        health_data: false,
        survey_contact: false,
    };

    fn result(instrument: &str, scales: &[&str], at: i64) -> StoredResult {
        StoredResult {
            id: format!("r{at}"),
            instrument: instrument.into(),
            version: 1,
            scales: scales
                .iter()
                .map(|s| ScaleAggregate {
                    scale: (*s).into(),
                    score: Some(50),
                    band: Some("mid".into()),
                })
                .collect(),
            quality: QualityFlag::Ok,
            completion_seconds: 60,
            submitted_at: at,
        }
    }

    #[test]
    fn only_shareable_scales_and_only_with_consent() {
        let def = instrument::find("soft-skills").unwrap();
        let all: Vec<&str> = def.scales.iter().map(|s| s.id.as_str()).collect();
        let shareable: Vec<&str> = def
            .scales
            .iter()
            .filter(|s| s.agency_shareable)
            .map(|s| s.id.as_str())
            .collect();
        let results = vec![
            result("soft-skills", &all, 2),
            result("soft-skills", &all, 1),
        ];
        let skills = vec![CompetenceRecord {
            skill: "Forklift".into(),
            level: CompetenceLevel::Advanced,
            evidence: "licence".into(),
            occupation: None,
        }];

        let none = compose("P", "G", &results, &skills, NONE, "agreed text");
        assert!(none.results.is_empty());
        assert!(none.competences.is_empty());
        assert_eq!(none.wording, "agreed text");

        let both = compose("P", "G", &results, &skills, RESULTS_AND_SKILLS, "w");
        assert_eq!(both.competences, skills);
        if shareable.is_empty() {
            assert!(both.results.is_empty());
        } else {
            assert_eq!(both.results.len(), 1, "latest result per instrument only");
            let got: Vec<&str> = both.results[0]
                .scales
                .iter()
                .map(|s| s.scale.as_str())
                .collect();
            assert_eq!(got, shareable);
        }
    }

    #[test]
    fn non_shareable_scales_never_appear() {
        // A scale the definition does not mark shareable (as mLevel) is dropped
        // even with consent, and unknown instruments are dropped entirely.
        let results = vec![
            result("soft-skills", &["not-a-scale"], 2),
            result("mlevel-unknown", &["success"], 1),
        ];
        let content = compose("P", "G", &results, &[], RESULTS_AND_SKILLS, "w");
        assert!(content.results.is_empty());
        // The response-quality flag never travels to the agency.
        let flagged = StoredResult {
            quality: QualityFlag::UniformAnswers,
            ..result("soft-skills", &["reliability"], 3)
        };
        let json =
            serde_json::to_string(&compose("P", "G", &[flagged], &[], RESULTS_AND_SKILLS, "w"))
                .unwrap();
        assert!(
            !json.contains("quality") && !json.contains("uniform"),
            "{json}"
        );
    }

    #[test]
    fn health_data_never_goes_with_the_consent_to_forward_results() {
        let definition = instrument::find("fit-for-work").unwrap();
        assert!(definition.health);
        assert!(definition.scales.iter().any(|s| s.agency_shareable));
        let results = vec![
            result("fit-for-work", &["index"], 2),
            result("soft-skills", &["reliability"], 1),
        ];
        let content = compose("P", "G", &results, &[], RESULTS_AND_SKILLS, "w");
        let sent: Vec<&str> = content
            .results
            .iter()
            .map(|r| r.instrument.as_str())
            .collect();
        assert_eq!(sent, vec!["soft-skills"]);
        assert!(!content.health_consented);
    }

    #[test]
    fn health_data_goes_only_with_its_own_consent() {
        let results = vec![
            result("fit-for-work", &["index"], 2),
            result("soft-skills", &["reliability"], 1),
        ];
        let sent = |consents| -> Vec<String> {
            compose("P", "G", &results, &[], consents, "w")
                .results
                .into_iter()
                .map(|r| r.instrument)
                .collect()
        };
        let health_only = OptionalConsents {
            health_data: true,
            ..NONE
        };
        assert_eq!(sent(health_only), vec!["fit-for-work"]);
        let all = OptionalConsents {
            health_data: true,
            ..RESULTS_AND_SKILLS
        };
        assert_eq!(sent(all), vec!["fit-for-work", "soft-skills"]);
        assert!(compose("P", "G", &results, &[], all, "w").health_consented);
    }

    #[tokio::test]
    async fn without_a_consent_record_nothing_is_forwarded() {
        let store = crate::db::connect_for_tests().await.unwrap();
        for scope in [ConsentScope::AgencyResults, ConsentScope::JobMatching] {
            assert!(!agency_consent(&*store, "nobody", scope).await.unwrap());
        }
    }
}
