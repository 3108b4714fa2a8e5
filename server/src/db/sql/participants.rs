// Shared statements, compiled into each database's store (see `db/mod.rs`):
// programmes, participants, dossier header, caseload.

use async_trait::async_trait;
use lotse_shared::api::{
    CaseloadEntry, CaseloadPage, CaseloadQuery, Dossier, LegalHold, ModuleState, ModuleStatus,
    MyProfile, MyProgramme, Restriction,
};

use super::common::{commit_audited, insert_audit};
use super::{DbKind, This, dialect};
use crate::db::Code as _;
use crate::db::{
    AuditEvent, CaseloadScope, DbError, NewParticipantRow, PER_PAGE, ParticipantReach,
    ParticipantRow, Participants, ProgrammeRow, new_id,
};

const PARTICIPANT_SELECT: &str = "SELECT p.id, p.display_name, p.programme_id, \
     g.name AS programme_name FROM participants p JOIN programmes g ON g.id = p.programme_id ";

#[derive(Debug, sqlx::FromRow)]
struct DossierRow {
    id: String,
    display_name: String,
    programme_id: String,
    programme: String,
    counsellor_id: Option<String>,
    counsellor: Option<String>,
    exit_on: Option<String>,
    hold_since: Option<i64>,
    hold_reason: Option<String>,
    restricted_since: Option<i64>,
    restriction_reason: Option<String>,
    restriction_lift_told_at: Option<i64>,
    objected_at: Option<i64>,
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

/// Matches counted beyond this are reported as "more".
const COUNT_CAP: u32 = 10_000;

/// The `FROM … WHERE …` of a caseload list, with only the conditions asked
/// for, so that each database can use the index that fits (a counsellor's own
/// caseload: `participants_counsellor_name`; everyone: `participants_name`).
struct CaseloadFilter<'a> {
    scope: &'a CaseloadScope,
    name: Option<String>,
    programme: Option<&'a str>,
    status: Option<&'static str>,
}

impl<'a> CaseloadFilter<'a> {
    fn new(scope: &'a CaseloadScope, query: &'a CaseloadQuery) -> Self {
        Self {
            scope,
            name: query
                .q
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(|q| format!("%{}%", q.replace(['%', '_', '\\'], ""))),
            programme: query.programme.as_deref().filter(|p| !p.is_empty()),
            status: query.status.map(ModuleState::code),
        }
    }

    fn push<'q>(&'q self, sql: &mut sqlx::QueryBuilder<'q, DbKind>) {
        sql.push(
            "FROM participants p JOIN programmes g ON g.id = p.programme_id \
             LEFT JOIN staff s ON s.id = p.counsellor_id WHERE 1 = 1",
        );
        if let CaseloadScope::Counsellor { id, today } = self.scope {
            // Own participants, and those of an owner who delegated to me today.
            sql.push(" AND p.counsellor_id IN (SELECT s2.id FROM staff s2 WHERE s2.id = ")
                .push_bind(id.as_str())
                .push(" UNION SELECT d.owner_id FROM delegations d WHERE d.substitute_id = ")
                .push_bind(id.as_str())
                .push(" AND d.revoked_at IS NULL AND d.starts_on <= ")
                .push_bind(today.as_str())
                .push(" AND d.ends_on >= ")
                .push_bind(today.as_str())
                .push(")");
        }
        if let Some(name) = &self.name {
            sql.push(" AND p.display_name ")
                .push(dialect::LIKE_CI)
                .push(" ")
                .push_bind(name.as_str());
        }
        if let Some(programme) = self.programme {
            sql.push(" AND p.programme_id = ").push_bind(programme);
        }
        if let Some(status) = self.status {
            sql.push(
                " AND EXISTS (SELECT 1 FROM releases r WHERE r.participant_id = p.id AND r.state = ",
            )
            .push_bind(status)
            .push(")");
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct CaseloadModuleRow {
    participant_id: String,
    instrument: String,
    state: String,
}

#[derive(Debug, sqlx::FromRow)]
struct ProfileRow {
    display_name: String,
    exit_on: Option<String>,
    created_at: i64,
    programme_name: String,
    starts_on: String,
    ends_on: String,
}

#[async_trait]
impl Participants for This {
    async fn create_programme(
        &self,
        name: &str,
        starts_on: &str,
        ends_on: &str,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<ProgrammeRow, DbError> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO programmes (id, name, starts_on, ends_on, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(name)
        .bind(starts_on)
        .bind(ends_on)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, audit).await?;
        Ok(ProgrammeRow {
            id,
            name: name.to_owned(),
            starts_on: starts_on.to_owned(),
            ends_on: ends_on.to_owned(),
        })
    }

    async fn set_programme_dates(
        &self,
        id: &str,
        starts_on: &str,
        ends_on: &str,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE programmes SET starts_on = $1, ends_on = $2 WHERE id = $3")
            .bind(starts_on)
            .bind(ends_on)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn programme_by_name(&self, name: &str) -> Result<Option<ProgrammeRow>, DbError> {
        Ok(
            sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn programme(&self, id: &str) -> Result<Option<ProgrammeRow>, DbError> {
        Ok(
            sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn all_programmes(&self) -> Result<Vec<ProgrammeRow>, DbError> {
        Ok(
            sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes ORDER BY name")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn create_participant(
        &self,
        programme_id: &str,
        display_name: &str,
        counsellor_id: Option<&str>,
        access_code_hash: &str,
        released: &[&str],
        minority: &crate::db::Minority,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO participants (id, programme_id, display_name, access_code_hash, \
             counsellor_id, created_at, minor, adult_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(programme_id)
        .bind(display_name)
        .bind(access_code_hash)
        .bind(counsellor_id)
        .bind(now)
        .bind(i64::from(minority.minor))
        .bind(minority.adult_on.as_deref())
        .execute(&mut *tx)
        .await?;
        for instrument in released {
            super::common::upsert_release(&mut tx, &id, instrument, now).await?;
        }
        if let Some(audit) = audit {
            let mut audit = audit.clone();
            audit.participant_id = Some(id.clone());
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn seed_participants(&self, rows: &[NewParticipantRow]) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        super::seed::insert_participants(&mut tx, rows).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn participant(&self, id: &str) -> Result<Option<ParticipantRow>, DbError> {
        Ok(
            sqlx::query_as(&[PARTICIPANT_SELECT, "WHERE p.id = $1"].concat())
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn participant_by_code_hash(
        &self,
        hash: &str,
    ) -> Result<Option<ParticipantRow>, DbError> {
        Ok(
            sqlx::query_as(&[PARTICIPANT_SELECT, "WHERE p.access_code_hash = $1"].concat())
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn participants_in_programme(
        &self,
        programme_id: &str,
    ) -> Result<Vec<ParticipantRow>, DbError> {
        Ok(sqlx::query_as(
            &[
                PARTICIPANT_SELECT,
                "WHERE p.programme_id = $1 ORDER BY p.id",
            ]
            .concat(),
        )
        .bind(programme_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn reissue_access_code(
        &self,
        id: &str,
        hash: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE participants SET access_code_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE participant_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        commit_audited(tx, audit).await?;
        Ok(())
    }

    async fn update_participant(
        &self,
        id: &str,
        counsellor_id: Option<Option<&str>>,
        exit_on: Option<Option<&str>>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
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
        commit_audited(tx, Some(audit)).await?;
        Ok(())
    }

    async fn participant_reach(&self, id: &str) -> Result<Option<ParticipantReach>, DbError> {
        let row: Option<(Option<String>, bool)> = sqlx::query_as(
            "SELECT counsellor_id, restricted_since IS NOT NULL FROM participants WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(counsellor_id, restricted)| ParticipantReach {
            counsellor_id,
            restricted,
        }))
    }

    async fn set_legal_hold(
        &self,
        id: &str,
        hold: Option<&str>,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = match hold {
            Some(reason) => {
                sqlx::query(
                    "UPDATE participants SET hold_since = $1, hold_reason = $2 WHERE id = $3",
                )
                .bind(now)
                .bind(reason)
                .bind(id)
                .execute(&mut *tx)
                .await?
            }
            None => {
                sqlx::query(
                    "UPDATE participants SET hold_since = NULL, hold_reason = NULL \
                     WHERE id = $1 AND hold_since IS NOT NULL",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?
            }
        };
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn dossier(&self, id: &str) -> Result<Option<Dossier>, DbError> {
        let row: Option<DossierRow> = sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme, p.counsellor_id, \
             s.display_name AS counsellor, p.exit_on, p.hold_since, p.hold_reason, \
             p.restricted_since, p.restriction_reason, p.restriction_lift_told_at, p.objected_at \
             FROM participants p \
             JOIN programmes g ON g.id = p.programme_id LEFT JOIN staff s ON s.id = p.counsellor_id \
             WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let modules = crate::db::Modules::modules(self, id).await?;
        Ok(Some(Dossier {
            id: row.id,
            display_name: row.display_name,
            programme_id: row.programme_id,
            programme: row.programme,
            counsellor_id: row.counsellor_id,
            counsellor: row.counsellor,
            exit_on: row.exit_on,
            modules,
            legal_hold: row.hold_since.map(|since| LegalHold {
                since,
                reason: row.hold_reason.unwrap_or_default(),
            }),
            restriction: row.restricted_since.map(|since| Restriction {
                since,
                reason: row.restriction_reason.unwrap_or_default(),
                lift_told_at: row.restriction_lift_told_at,
            }),
            objected_at: row.objected_at,
            // Filled in by the API, which knows today's date.
            guardian: lotse_shared::api::Guardianship::default(),
        }))
    }

    async fn caseload(
        &self,
        scope: &CaseloadScope,
        query: &CaseloadQuery,
    ) -> Result<CaseloadPage, DbError> {
        let filter = CaseloadFilter::new(scope, query);
        // How many match, counted only up to a cap: a full count of a large
        // table costs more than the page itself.
        let mut count = sqlx::QueryBuilder::<DbKind>::new("SELECT COUNT(*) FROM (SELECT 1 ");
        filter.push(&mut count);
        count
            .push(" LIMIT ")
            .push_bind(i64::from(COUNT_CAP) + 1)
            .push(") AS m");
        let matching: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let page = query.page.unwrap_or(1).max(1);
        let mut list = sqlx::QueryBuilder::<DbKind>::new(
            "SELECT p.id, p.display_name, g.name AS programme, p.counsellor_id, \
             s.display_name AS counsellor, p.exit_on ",
        );
        filter.push(&mut list);
        // The sort key is picked from a fixed list; user input never reaches SQL text.
        list.push(match query.sort.as_deref() {
            Some("-name") => " ORDER BY p.display_name DESC, p.id",
            Some("programme") => " ORDER BY g.name, p.display_name, p.id",
            Some("created") => " ORDER BY p.created_at, p.id",
            Some("-created") => " ORDER BY p.created_at DESC, p.id",
            _ => " ORDER BY p.display_name, p.id",
        });
        list.push(" LIMIT ")
            .push_bind(i64::from(PER_PAGE))
            .push(" OFFSET ")
            .push_bind(i64::from((page - 1).saturating_mul(PER_PAGE)));
        let rows: Vec<CaseloadRow> = list.build_query_as().fetch_all(&self.pool).await?;
        // The listed participants' modules in one query, not one per row.
        let mut modules: Vec<CaseloadModuleRow> = Vec::new();
        if !rows.is_empty() {
            let mut select = sqlx::QueryBuilder::<DbKind>::new(
                "SELECT participant_id, instrument, state FROM releases WHERE participant_id IN (",
            );
            let mut ids = select.separated(", ");
            for row in &rows {
                ids.push_bind(&row.id);
            }
            select.push(") ORDER BY participant_id, released_at, instrument");
            modules = select.build_query_as().fetch_all(&self.pool).await?;
        }
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let delegated_by = match scope {
                CaseloadScope::Counsellor { id, .. }
                    if row.counsellor_id.as_deref() != Some(id) =>
                {
                    row.counsellor.clone()
                }
                _ => None,
            };
            let own = modules
                .iter()
                .filter(|m| m.participant_id == row.id)
                .map(|m| {
                    Ok(ModuleStatus {
                        instrument: m.instrument.clone(),
                        state: ModuleState::decode("releases.state", &m.state)?,
                    })
                })
                .collect::<Result<Vec<_>, DbError>>()?;
            entries.push(CaseloadEntry {
                id: row.id,
                display_name: row.display_name,
                programme: row.programme,
                counsellor: row.counsellor,
                delegated_by,
                exit_on: row.exit_on,
                modules: own,
            });
        }
        Ok(CaseloadPage {
            entries,
            total: u32::try_from(matching.min(i64::from(COUNT_CAP))).unwrap_or(COUNT_CAP),
            more: matching > i64::from(COUNT_CAP),
            page,
            per_page: PER_PAGE,
        })
    }

    async fn my_profile(
        &self,
        participant_id: &str,
    ) -> Result<Option<(MyProfile, MyProgramme)>, DbError> {
        let row: Option<ProfileRow> = sqlx::query_as(
            "SELECT p.display_name, p.exit_on, p.created_at, g.name AS programme_name, \
               g.starts_on, g.ends_on \
             FROM participants p JOIN programmes g ON g.id = p.programme_id WHERE p.id = $1",
        )
        .bind(participant_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| {
            (
                MyProfile {
                    display_name: r.display_name,
                    exit_on: r.exit_on,
                    created_at: r.created_at,
                },
                MyProgramme {
                    name: r.programme_name,
                    starts_on: r.starts_on,
                    ends_on: r.ends_on,
                },
            )
        }))
    }
}
