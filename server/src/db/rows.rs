//! One struct per row shape, converted to `shared` types here and nowhere else.

use lotse_shared::api::{ModuleState, ModuleStatus, QualityFlag, ScaleAggregate, StoredResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgrammeRow {
    pub id: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: String,
    pub display_name: String,
    pub programme_id: String,
    pub programme_name: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub participant_id: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ReleaseRow {
    instrument: String,
    state: String,
}

impl ReleaseRow {
    pub(super) fn into_status(self) -> Option<ModuleStatus> {
        let state = match self.state.as_str() {
            "released" => ModuleState::Released,
            "done" => ModuleState::Done,
            "skipped" => ModuleState::Skipped,
            _ => return None,
        };
        Some(ModuleStatus {
            instrument: self.instrument,
            state,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct AggregateRow {
    id: String,
    instrument: String,
    instrument_version: i64,
    quality: String,
    completion_seconds: i64,
    submitted_at: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ScaleRow {
    aggregate_id: String,
    scale: String,
    score: Option<i64>,
    band: Option<String>,
}

impl AggregateRow {
    pub(super) fn into_result(self, scales: &[ScaleRow]) -> StoredResult {
        let scales = scales
            .iter()
            .filter(|s| s.aggregate_id == self.id)
            .map(|s| ScaleAggregate {
                scale: s.scale.clone(),
                score: s.score.and_then(|v| u8::try_from(v).ok()),
                band: s.band.clone(),
            })
            .collect();
        StoredResult {
            id: self.id,
            instrument: self.instrument,
            version: u32::try_from(self.instrument_version).unwrap_or_default(),
            scales,
            quality: quality_from_str(&self.quality).unwrap_or(QualityFlag::Ok),
            completion_seconds: u32::try_from(self.completion_seconds).unwrap_or_default(),
            submitted_at: self.submitted_at,
        }
    }
}

pub(super) fn quality_to_str(flag: QualityFlag) -> &'static str {
    match flag {
        QualityFlag::Ok => "ok",
        QualityFlag::UniformAnswers => "uniform_answers",
        QualityFlag::Contradictory => "contradictory",
    }
}

pub(super) fn quality_from_str(value: &str) -> Option<QualityFlag> {
    match value {
        "ok" => Some(QualityFlag::Ok),
        "uniform_answers" => Some(QualityFlag::UniformAnswers),
        "contradictory" => Some(QualityFlag::Contradictory),
        _ => None,
    }
}
