//! The staff view of participants: caseloads, dossiers, module releases,
//! competences, the data sheet and agency reports. Every staff change takes an
//! [`AuditEvent`] and writes it in the same transaction as the change.

use lotse_shared::api::{
    CaseloadEntry, CaseloadPage, CaseloadQuery, Competence, CompetenceInput, CompetenceLevel,
    DataSheet, Dossier, ModuleState, ModuleStatus,
};

use super::staff::{AuditEvent, insert_audit};
use super::{Store, new_id};

/// Rows per caseload page.
pub const PER_PAGE: u32 = 20;

/// Whose participants a caseload list shows.
#[derive(Debug, Clone)]
pub enum CaseloadScope {
    /// Everyone (the admin's participant list).
    All,
    /// A counsellor's own and, on `today`, delegated participants.
    Counsellor { id: String, today: String },
}

#[derive(Debug, sqlx::FromRow)]
struct DossierRow {
    id: String,
    display_name: String,
    programme_id: String,
    programme: String,
    counsellor_id: Option<String>,
    counsellor: Option<String>,
    exit_on: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
struct CaseloadRow {
    id: String,
    display_name: String,
    programme: String,
    counsellor_id: Option<String>,
    counsellor: Option<String>,
    exit_on: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
struct ModuleRow {
    instrument: String,
    state: String,
}

impl ModuleRow {
    fn into_status(self) -> Option<ModuleStatus> {
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
struct CompetenceRow {
    id: String,
    skill: String,
    level: String,
    evidence: String,
    updated_at: i64,
}

/// A stored agency report.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: String,
    pub state: String,
    pub wording: String,
    pub content: Option<String>,
    pub agreed_at: Option<i64>,
    pub released_at: Option<i64>,
}

pub fn level_to_str(level: CompetenceLevel) -> &'static str {
    match level {
        CompetenceLevel::Basic => "basic",
        CompetenceLevel::Advanced => "advanced",
        CompetenceLevel::Expert => "expert",
    }
}

fn level_from_str(value: &str) -> CompetenceLevel {
    match value {
        "expert" => CompetenceLevel::Expert,
        "advanced" => CompetenceLevel::Advanced,
        _ => CompetenceLevel::Basic,
    }
}

fn state_to_str(state: ModuleState) -> &'static str {
    match state {
        ModuleState::Released => "released",
        ModuleState::Done => "done",
        ModuleState::Skipped => "skipped",
    }
}

impl Store {
    /// `None` if the participant does not exist, else their counsellor (if any).
    pub async fn participant_counsellor(
        &self,
        id: &str,
    ) -> Result<Option<Option<String>>, sqlx::Error> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT counsellor_id FROM participants WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(c,)| c))
    }

    pub async fn dossier(&self, id: &str) -> Result<Option<Dossier>, sqlx::Error> {
        let row: Option<DossierRow> = sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme, p.counsellor_id, \
             s.display_name AS counsellor, p.exit_on FROM participants p \
             JOIN programmes g ON g.id = p.programme_id LEFT JOIN staff s ON s.id = p.counsellor_id \
             WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let modules = self.modules(id).await?;
        Ok(Some(Dossier {
            id: row.id,
            display_name: row.display_name,
            programme_id: row.programme_id,
            programme: row.programme,
            counsellor_id: row.counsellor_id,
            counsellor: row.counsellor,
            exit_on: row.exit_on,
            modules,
        }))
    }

    /// One page of a caseload, filtered and sorted.
    pub async fn caseload(
        &self,
        scope: &CaseloadScope,
        query: &CaseloadQuery,
    ) -> Result<CaseloadPage, sqlx::Error> {
        let (me, today, all) = match scope {
            CaseloadScope::All => (String::new(), String::new(), 1_i64),
            CaseloadScope::Counsellor { id, today } => (id.clone(), today.clone(), 0),
        };
        let q = query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| format!("%{}%", q.replace(['%', '_', '\\'], "")));
        let programme = query.programme.as_deref().filter(|p| !p.is_empty());
        let status = query.status.map(state_to_str);
        // The sort key is picked from a fixed list; user input never reaches SQL text.
        let order = match query.sort.as_deref() {
            Some("-name") => "p.display_name DESC, p.id",
            Some("programme") => "g.name, p.display_name, p.id",
            Some("created") => "p.created_at, p.id",
            Some("-created") => "p.created_at DESC, p.id",
            _ => "p.display_name, p.id",
        };
        let page = query.page.unwrap_or(1).max(1);
        let offset = i64::from((page - 1) * PER_PAGE);
        // Visible: everything ($1 = 1), or own participants, or those of an owner
        // who delegated to me today.
        let filter = "FROM participants p JOIN programmes g ON g.id = p.programme_id \
             LEFT JOIN staff s ON s.id = p.counsellor_id \
             WHERE ($1 = 1 OR p.counsellor_id = $2 OR EXISTS (SELECT 1 FROM delegations d \
               WHERE d.owner_id = p.counsellor_id AND d.substitute_id = $2 AND d.revoked_at IS NULL \
               AND d.starts_on <= $3 AND d.ends_on >= $3)) \
             AND ($4 IS NULL OR p.display_name LIKE $4) \
             AND ($5 IS NULL OR p.programme_id = $5) \
             AND ($6 IS NULL OR EXISTS (SELECT 1 FROM releases r WHERE r.participant_id = p.id \
               AND r.state = $6))";
        let count_sql = ["SELECT COUNT(*) ", filter].concat();
        let total: i64 = sqlx::query_scalar(&count_sql)
            .bind(all)
            .bind(&me)
            .bind(&today)
            .bind(q.as_deref())
            .bind(programme)
            .bind(status)
            .fetch_one(&self.pool)
            .await?;
        let list_sql = [
            "SELECT p.id, p.display_name, g.name AS programme, p.counsellor_id, \
             s.display_name AS counsellor, p.exit_on ",
            filter,
            " ORDER BY ",
            order,
            " LIMIT $7 OFFSET $8",
        ]
        .concat();
        let rows: Vec<CaseloadRow> = sqlx::query_as(&list_sql)
            .bind(all)
            .bind(&me)
            .bind(&today)
            .bind(q.as_deref())
            .bind(programme)
            .bind(status)
            .bind(i64::from(PER_PAGE))
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let modules: Vec<ModuleRow> = sqlx::query_as(
                "SELECT instrument, state FROM releases WHERE participant_id = $1 \
                 ORDER BY released_at, instrument",
            )
            .bind(&row.id)
            .fetch_all(&self.pool)
            .await?;
            let delegated_by = match scope {
                CaseloadScope::Counsellor { id, .. }
                    if row.counsellor_id.as_deref() != Some(id) =>
                {
                    row.counsellor.clone()
                }
                _ => None,
            };
            entries.push(CaseloadEntry {
                id: row.id,
                display_name: row.display_name,
                programme: row.programme,
                counsellor: row.counsellor,
                delegated_by,
                exit_on: row.exit_on,
                modules: modules
                    .into_iter()
                    .filter_map(ModuleRow::into_status)
                    .collect(),
            });
        }
        Ok(CaseloadPage {
            entries,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            page,
            per_page: PER_PAGE,
        })
    }

    /// Adds a participant (no modules released yet) with the audit row.
    pub async fn create_participant_audited(
        &self,
        programme_id: &str,
        display_name: &str,
        counsellor_id: Option<&str>,
        access_code_hash: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO participants (id, programme_id, display_name, access_code_hash, \
             counsellor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(programme_id)
        .bind(display_name)
        .bind(access_code_hash)
        .bind(counsellor_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.participant_id = Some(id.clone());
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes counsellor and/or exit date (`None` leaves a field as it is).
    pub async fn update_participant(
        &self,
        id: &str,
        counsellor_id: Option<Option<&str>>,
        exit_on: Option<Option<&str>>,
        audit: &AuditEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if let Some(counsellor) = counsellor_id {
            sqlx::query("UPDATE participants SET counsellor_id = $1 WHERE id = $2")
                .bind(counsellor)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(exit) = exit_on {
            sqlx::query("UPDATE participants SET exit_on = $1 WHERE id = $2")
                .bind(exit)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    /// A new access code; the old one and the participant's sessions end.
    pub async fn reissue_code_audited(
        &self,
        id: &str,
        hash: &str,
        audit: &AuditEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        super::participants::replace_access_code(&mut tx, id, hash).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    /// Releases a module, or re-releases a done or skipped one (the participant
    /// can work on it again; earlier results stay).
    pub async fn release_module(
        &self,
        id: &str,
        instrument: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        super::releases::upsert_release(&mut *tx, id, instrument, now).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    pub async fn competences(&self, participant_id: &str) -> Result<Vec<Competence>, sqlx::Error> {
        let rows: Vec<CompetenceRow> = sqlx::query_as(
            "SELECT id, skill, level, evidence, updated_at FROM competences \
             WHERE participant_id = $1 ORDER BY skill, id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Competence {
                id: r.id,
                skill: r.skill,
                level: level_from_str(&r.level),
                evidence: r.evidence,
                updated_at: r.updated_at,
            })
            .collect())
    }

    /// Adds a competence; `audit` is `None` when the participant adds their own.
    pub async fn add_competence(
        &self,
        participant_id: &str,
        input: &CompetenceInput,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO competences (id, participant_id, skill, level, evidence, changed_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(participant_id)
        .bind(&input.skill)
        .bind(level_to_str(input.level))
        .bind(&input.evidence)
        .bind(if audit.is_some() { "staff" } else { "participant" })
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(audit) = audit {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a competence of this participant; `false` if there is none with that id.
    pub async fn update_competence(
        &self,
        participant_id: &str,
        competence_id: &str,
        input: &CompetenceInput,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE competences SET skill = $1, level = $2, evidence = $3, changed_by = $4, \
             updated_at = $5 WHERE id = $6 AND participant_id = $7",
        )
        .bind(&input.skill)
        .bind(level_to_str(input.level))
        .bind(&input.evidence)
        .bind(if audit.is_some() {
            "staff"
        } else {
            "participant"
        })
        .bind(now)
        .bind(competence_id)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(audit) = audit {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn delete_competence(
        &self,
        participant_id: &str,
        competence_id: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM competences WHERE id = $1 AND participant_id = $2")
            .bind(competence_id)
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(audit) = audit {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn datasheet(&self, participant_id: &str) -> Result<DataSheet, sqlx::Error> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT results, notes FROM datasheets WHERE participant_id = $1")
                .bind(participant_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row
            .map(|(results, notes)| DataSheet { results, notes })
            .unwrap_or_default())
    }

    pub async fn put_datasheet(
        &self,
        participant_id: &str,
        sheet: &DataSheet,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO datasheets (participant_id, results, notes, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (participant_id) DO UPDATE SET results = excluded.results, \
             notes = excluded.notes, updated_at = excluded.updated_at",
        )
        .bind(participant_id)
        .bind(&sheet.results)
        .bind(&sheet.notes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    /// The open draft (state `draft` or `agreed`), if any.
    pub async fn report_draft(
        &self,
        participant_id: &str,
    ) -> Result<Option<ReportRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, state, wording, content, agreed_at, released_at FROM agency_reports \
             WHERE participant_id = $1 AND state IN ('draft', 'agreed')",
        )
        .bind(participant_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn released_reports(
        &self,
        participant_id: &str,
    ) -> Result<Vec<ReportRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, state, wording, content, agreed_at, released_at FROM agency_reports \
             WHERE participant_id = $1 AND state = 'released' ORDER BY released_at DESC, id DESC",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Writes the counsellor's wording; any earlier agreement lapses, because
    /// the participant agreed to a different text.
    pub async fn put_report_draft(
        &self,
        participant_id: &str,
        wording: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE agency_reports SET wording = $1, state = 'draft', agreed_at = NULL, \
             updated_at = $2 WHERE participant_id = $3 AND state IN ('draft', 'agreed')",
        )
        .bind(wording)
        .bind(now)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            sqlx::query(
                "INSERT INTO agency_reports (id, participant_id, state, wording, updated_at) \
                 VALUES ($1, $2, 'draft', $3, $4)",
            )
            .bind(new_id())
            .bind(participant_id)
            .bind(wording)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    /// The participant agrees to the draft with exactly the wording they saw.
    pub async fn agree_report(
        &self,
        participant_id: &str,
        wording: &str,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE agency_reports SET state = 'agreed', agreed_at = $1 \
             WHERE participant_id = $2 AND state = 'draft' AND wording = $3",
        )
        .bind(now)
        .bind(participant_id)
        .bind(wording)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Releases the agreed draft with its frozen content.
    pub async fn release_report(
        &self,
        participant_id: &str,
        content_json: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<Option<String>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let id: Option<(String,)> = sqlx::query_as(
            "UPDATE agency_reports SET state = 'released', content = $1, released_at = $2, \
             updated_at = $2 WHERE participant_id = $3 AND state = 'agreed' RETURNING id",
        )
        .bind(content_json)
        .bind(now)
        .bind(participant_id)
        .fetch_optional(&mut *tx)
        .await?;
        if id.is_none() {
            return Ok(None);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id.map(|(id,)| id))
    }

    pub async fn released_report(
        &self,
        participant_id: &str,
        report_id: &str,
    ) -> Result<Option<ReportRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, state, wording, content, agreed_at, released_at FROM agency_reports \
             WHERE participant_id = $1 AND id = $2 AND state = 'released'",
        )
        .bind(participant_id)
        .bind(report_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn all_programmes(&self) -> Result<Vec<super::ProgrammeRow>, sqlx::Error> {
        sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes ORDER BY name")
            .fetch_all(&self.pool)
            .await
    }
}
