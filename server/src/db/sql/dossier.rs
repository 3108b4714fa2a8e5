// Shared statements, compiled into each database's store (see `db/mod.rs`):
// competences, the data sheet and agency reports.

use async_trait::async_trait;
use lotse_shared::api::{
    Competence, CompetenceLevel, CompetenceRecord, DataSheet, Occupation, RecordedBy,
};

use super::This;
use super::common::commit_audited;
use crate::db::rows::RawReport;
use crate::db::{AuditEvent, Code as _, DbError, DossierRecords, ReportRow, new_id};

#[derive(Debug, sqlx::FromRow)]
struct CompetenceRow {
    id: String,
    skill: String,
    level: String,
    evidence: String,
    occupation_id: Option<String>,
    occupation_code: Option<String>,
    occupation_isco: Option<String>,
    occupation_label: Option<String>,
    changed_by: String,
    updated_at: i64,
}

const REPORT_SELECT: &str = "SELECT id, state, wording, proposal, content, agreed_at, released_at \
     FROM agency_reports WHERE participant_id = $1 ";

/// Who entered or last changed a competence.
fn changed_by(audit: Option<&AuditEvent>) -> &'static str {
    if audit.is_some() {
        "staff"
    } else {
        "participant"
    }
}

#[async_trait]
impl DossierRecords for This {
    async fn competences(&self, participant_id: &str) -> Result<Vec<Competence>, DbError> {
        let rows: Vec<CompetenceRow> = sqlx::query_as(
            "SELECT id, skill, level, evidence, occupation_id, occupation_code, occupation_isco, \
             occupation_label, changed_by, updated_at FROM competences \
             WHERE participant_id = $1 ORDER BY skill, id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let occupation = match (
                    r.occupation_id,
                    r.occupation_code,
                    r.occupation_isco,
                    r.occupation_label,
                ) {
                    (Some(id), Some(code), Some(isco), Some(label)) => Some(Occupation {
                        group_labels: std::collections::BTreeMap::default(),
                        id,
                        code,
                        isco,
                        label,
                    }),
                    (None, None, None, None) => None,
                    _ => {
                        return Err(DbError::corrupt(
                            "competences.occupation_id",
                            "only some of the occupation columns are set",
                        ));
                    }
                };
                Ok(Competence {
                    level: CompetenceLevel::decode("competences.level", &r.level)?,
                    changed_by: RecordedBy::decode("competences.changed_by", &r.changed_by)?,
                    occupation,
                    id: r.id,
                    skill: r.skill,
                    evidence: r.evidence,
                    updated_at: r.updated_at,
                })
            })
            .collect()
    }

    async fn add_competence(
        &self,
        participant_id: &str,
        input: &CompetenceRecord,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO competences (id, participant_id, skill, level, evidence, changed_by, \
             updated_at, occupation_id, occupation_code, occupation_isco, occupation_label) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(participant_id)
        .bind(&input.skill)
        .bind(input.level.code())
        .bind(&input.evidence)
        .bind(changed_by(audit))
        .bind(now)
        .bind(input.occupation.as_ref().map(|o| &o.id))
        .bind(input.occupation.as_ref().map(|o| &o.code))
        .bind(input.occupation.as_ref().map(|o| &o.isco))
        .bind(input.occupation.as_ref().map(|o| &o.label))
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, audit).await?;
        Ok(id)
    }

    async fn update_competence(
        &self,
        participant_id: &str,
        competence_id: &str,
        input: &CompetenceRecord,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE competences SET skill = $1, level = $2, evidence = $3, changed_by = $4, \
             updated_at = $5, occupation_id = $8, occupation_code = $9, occupation_isco = $10, \
             occupation_label = $11 WHERE id = $6 AND participant_id = $7",
        )
        .bind(&input.skill)
        .bind(input.level.code())
        .bind(&input.evidence)
        .bind(changed_by(audit))
        .bind(now)
        .bind(competence_id)
        .bind(participant_id)
        .bind(input.occupation.as_ref().map(|o| &o.id))
        .bind(input.occupation.as_ref().map(|o| &o.code))
        .bind(input.occupation.as_ref().map(|o| &o.isco))
        .bind(input.occupation.as_ref().map(|o| &o.label))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_audited(tx, audit).await?;
        Ok(true)
    }

    async fn delete_competence(
        &self,
        participant_id: &str,
        competence_id: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM competences WHERE id = $1 AND participant_id = $2")
            .bind(competence_id)
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_audited(tx, audit).await?;
        Ok(true)
    }

    async fn datasheet(&self, participant_id: &str) -> Result<DataSheet, DbError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT results, notes FROM datasheets WHERE participant_id = $1")
                .bind(participant_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row
            .map(|(results, notes)| DataSheet { results, notes })
            .unwrap_or_default())
    }

    async fn put_datasheet(
        &self,
        participant_id: &str,
        sheet: &DataSheet,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO datasheets (participant_id, results, notes, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (participant_id) DO UPDATE SET \
             results = excluded.results, notes = excluded.notes, updated_at = excluded.updated_at",
        )
        .bind(participant_id)
        .bind(&sheet.results)
        .bind(&sheet.notes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, Some(audit)).await?;
        Ok(())
    }

    async fn report_draft(&self, participant_id: &str) -> Result<Option<ReportRow>, DbError> {
        let row: Option<RawReport> =
            sqlx::query_as(&[REPORT_SELECT, "AND state IN ('draft', 'agreed')"].concat())
                .bind(participant_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(ReportRow::try_from).transpose()
    }

    async fn released_reports(&self, participant_id: &str) -> Result<Vec<ReportRow>, DbError> {
        let rows: Vec<RawReport> = sqlx::query_as(
            &[
                REPORT_SELECT,
                "AND state = 'released' ORDER BY released_at DESC, id DESC",
            ]
            .concat(),
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ReportRow::try_from).collect()
    }

    async fn released_report(
        &self,
        participant_id: &str,
        report_id: &str,
    ) -> Result<Option<ReportRow>, DbError> {
        let row: Option<RawReport> =
            sqlx::query_as(&[REPORT_SELECT, "AND id = $2 AND state = 'released'"].concat())
                .bind(participant_id)
                .bind(report_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(ReportRow::try_from).transpose()
    }

    async fn put_report_draft(
        &self,
        participant_id: &str,
        wording: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        // One upsert against the partial unique index on open drafts: two
        // racing saves end as one draft with the later wording, never two.
        sqlx::query(
            "INSERT INTO agency_reports (id, participant_id, state, wording, updated_at) \
             VALUES ($1, $2, 'draft', $3, $4) \
             ON CONFLICT (participant_id) WHERE state IN ('draft', 'agreed') \
             DO UPDATE SET wording = excluded.wording, state = 'draft', agreed_at = NULL, \
             content = NULL, proposal = NULL, updated_at = excluded.updated_at",
        )
        .bind(new_id())
        .bind(participant_id)
        .bind(wording)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, Some(audit)).await?;
        Ok(())
    }

    async fn agree_report(
        &self,
        participant_id: &str,
        wording: &str,
        content_json: &str,
        now: i64,
    ) -> Result<bool, DbError> {
        // The open draft's `content` holds what was agreed to; a released
        // report's, what was released (the same text, or no release).
        let done = sqlx::query(
            "UPDATE agency_reports SET state = 'agreed', agreed_at = $1, content = $4 \
             WHERE participant_id = $2 AND state = 'draft' AND wording = $3",
        )
        .bind(now)
        .bind(participant_id)
        .bind(wording)
        .bind(content_json)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn decline_report(
        &self,
        participant_id: &str,
        proposal: &str,
        now: i64,
    ) -> Result<bool, DbError> {
        let done = sqlx::query(
            "UPDATE agency_reports SET state = 'draft', agreed_at = NULL, content = NULL, \
             proposal = $1, updated_at = $2 \
             WHERE participant_id = $3 AND state IN ('draft', 'agreed')",
        )
        .bind(proposal)
        .bind(now)
        .bind(participant_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn reopen_report(&self, participant_id: &str) -> Result<bool, DbError> {
        let done = sqlx::query(
            "UPDATE agency_reports SET state = 'draft', agreed_at = NULL, content = NULL \
             WHERE participant_id = $1 AND state = 'agreed'",
        )
        .bind(participant_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn release_report(
        &self,
        participant_id: &str,
        content_json: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<Option<String>, DbError> {
        let mut tx = self.pool.begin().await?;
        let id: Option<(String,)> = sqlx::query_as(
            "UPDATE agency_reports SET state = 'released', content = $1, released_at = $2, \
             updated_at = $2 WHERE participant_id = $3 AND state = 'agreed' AND content = $1 \
             RETURNING id",
        )
        .bind(content_json)
        .bind(now)
        .bind(participant_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(None);
        };
        commit_audited(tx, Some(audit)).await?;
        Ok(Some(id))
    }
}
