// Shared statements, compiled into each database's store (see `db/mod.rs`):
// wishes, work profiles, vacancies and shared suggestions.

use async_trait::async_trait;
use lotse_shared::api::{
    ModuleState, Occupation, OccupationWish, RecordedBy, StoredWorkProfile, Suggestion, Vacancy,
    WorkProfile,
};
use lotse_shared::instrument;

use super::This;
use super::common::{commit_audited, insert_audit};
use crate::db::{AuditEvent, Code as _, DbError, Matching, ProfileWrite, new_id};

#[derive(Debug, sqlx::FromRow)]
struct WishRow {
    id: String,
    occupation_id: String,
    code: String,
    isco: String,
    label: String,
    recorded_by: String,
    created_at: i64,
}

/// A JSON column back into its type; a document that does not read is a
/// corrupt row, never a default.
fn document<T: serde::de::DeserializeOwned>(
    column: &'static str,
    json: &str,
) -> Result<T, DbError> {
    serde_json::from_str(json).map_err(|e| DbError::corrupt(column, e))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Other(Box::new(e)))
}

#[async_trait]
impl Matching for This {
    async fn wishes(&self, participant_id: &str) -> Result<Vec<OccupationWish>, DbError> {
        let rows: Vec<WishRow> = sqlx::query_as(
            "SELECT id, occupation_id, code, isco, label, recorded_by, created_at \
             FROM occupation_wishes WHERE participant_id = $1 ORDER BY created_at, id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(OccupationWish {
                    recorded_by: RecordedBy::decode(
                        "occupation_wishes.recorded_by",
                        &r.recorded_by,
                    )?,
                    id: r.id,
                    occupation: Occupation {
                        id: r.occupation_id,
                        code: r.code,
                        isco: r.isco,
                        label: r.label,
                        group_labels: std::collections::BTreeMap::default(),
                    },
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    async fn add_wish(
        &self,
        participant_id: &str,
        occupation: &Occupation,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError> {
        let id = new_id();
        let by = if audit.is_some() {
            RecordedBy::Staff
        } else {
            RecordedBy::Participant
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO occupation_wishes (id, participant_id, occupation_id, code, isco, label, \
             recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(participant_id)
        .bind(&occupation.id)
        .bind(&occupation.code)
        .bind(&occupation.isco)
        .bind(&occupation.label)
        .bind(by.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, audit).await?;
        Ok(id)
    }

    async fn remove_wish(
        &self,
        participant_id: &str,
        wish_id: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let gone =
            sqlx::query("DELETE FROM occupation_wishes WHERE participant_id = $1 AND id = $2")
                .bind(participant_id)
                .bind(wish_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        if gone {
            commit_audited(tx, audit).await?;
        }
        Ok(gone)
    }

    async fn work_profile(&self, participant_id: &str) -> Result<StoredWorkProfile, DbError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT profile, changed_by, updated_at FROM work_profiles WHERE participant_id = $1",
        )
        .bind(participant_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(StoredWorkProfile {
                profile: WorkProfile::default(),
                changed_by: None,
                updated_at: None,
            }),
            Some((profile, by, at)) => Ok(StoredWorkProfile {
                profile: document("work_profiles.profile", &profile)?,
                changed_by: Some(RecordedBy::decode("work_profiles.changed_by", &by)?),
                updated_at: Some(at),
            }),
        }
    }

    async fn put_work_profile(
        &self,
        participant_id: &str,
        profile: &WorkProfile,
        by: RecordedBy,
        open: &[ModuleState],
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<ProfileWrite, DbError> {
        let json = to_json(profile)?;
        let mut tx = self.pool.begin().await?;
        let state: Option<(String,)> = sqlx::query_as(
            "SELECT state FROM releases WHERE participant_id = $1 AND instrument = $2",
        )
        .bind(participant_id)
        .bind(instrument::ACTIVITIES)
        .fetch_optional(&mut *tx)
        .await?;
        let state = state
            .map(|(code,)| ModuleState::decode("releases.state", &code))
            .transpose()?;
        if !state.is_some_and(|s| open.contains(&s)) {
            return Ok(ProfileWrite::Closed(state));
        }
        sqlx::query(
            "UPDATE releases SET state = 'done' WHERE participant_id = $1 AND instrument = $2",
        )
        .bind(participant_id)
        .bind(instrument::ACTIVITIES)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO work_profiles (participant_id, profile, changed_by, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (participant_id) DO UPDATE SET \
             profile = excluded.profile, changed_by = excluded.changed_by, \
             updated_at = excluded.updated_at",
        )
        .bind(participant_id)
        .bind(&json)
        .bind(by.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, audit).await?;
        Ok(ProfileWrite::Stored)
    }

    async fn remove_work_profile(&self, participant_id: &str) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let removed = sqlx::query("DELETE FROM work_profiles WHERE participant_id = $1")
            .bind(participant_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        sqlx::query(
            "UPDATE releases SET state = 'skipped' WHERE participant_id = $1 AND instrument = $2",
        )
        .bind(participant_id)
        .bind(instrument::ACTIVITIES)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(removed)
    }

    async fn vacancies(&self) -> Result<Vec<Vacancy>, DbError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT content FROM vacancies ORDER BY created_at DESC, id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|(json,)| document("vacancies.content", json))
            .collect()
    }

    async fn vacancy(&self, id: &str) -> Result<Option<Vacancy>, DbError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT content FROM vacancies WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(json,)| document("vacancies.content", &json))
            .transpose()
    }

    async fn add_vacancies(
        &self,
        vacancies: &[Vacancy],
        created_by: &str,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        for v in vacancies {
            sqlx::query(
                "INSERT INTO vacancies (id, content, created_by, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(&v.id)
            .bind(to_json(v)?)
            .bind(created_by)
            .bind(v.created_at)
            .execute(&mut *tx)
            .await?;
        }
        commit_audited(tx, Some(audit)).await
    }

    async fn remove_vacancy(&self, id: &str, audit: &AuditEvent) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let gone = sqlx::query("DELETE FROM vacancies WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if gone {
            insert_audit(&mut tx, audit).await?;
            tx.commit().await?;
        }
        Ok(gone)
    }

    async fn share_suggestion(
        &self,
        participant_id: &str,
        suggestion: &Suggestion,
        shared_by: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut shared = suggestion.clone();
        shared.shared_at = Some(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO shared_suggestions (participant_id, vacancy_id, content, shared_by, \
             shared_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (participant_id, vacancy_id) \
             DO UPDATE SET content = excluded.content, shared_by = excluded.shared_by, \
             shared_at = excluded.shared_at",
        )
        .bind(participant_id)
        .bind(&shared.vacancy.id)
        .bind(to_json(&shared)?)
        .bind(shared_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, Some(audit)).await
    }

    async fn shared_suggestions(&self, participant_id: &str) -> Result<Vec<Suggestion>, DbError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT content FROM shared_suggestions WHERE participant_id = $1 \
             ORDER BY shared_at DESC, vacancy_id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|(json,)| document("shared_suggestions.content", json))
            .collect()
    }
}
