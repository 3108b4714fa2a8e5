// Shared statements, compiled into each database's store (see `db/mod.rs`):
// staff accounts, delegations and the audit trail.

use async_trait::async_trait;
use lotse_shared::api::{AuditAction, AuditEntry, Delegation};

use super::This;
use super::common::{commit_audited, insert_audit};
use crate::db::rows::RawStaff;
use crate::db::{AuditEvent, Code as _, DbError, NewStaffRow, Staff, StaffRow, new_id};

#[derive(Debug, sqlx::FromRow)]
struct DelegationRow {
    id: String,
    owner_id: String,
    owner: String,
    substitute_id: String,
    substitute: String,
    starts_on: String,
    ends_on: String,
    revoked_at: Option<i64>,
}

impl From<DelegationRow> for Delegation {
    fn from(r: DelegationRow) -> Self {
        Delegation {
            id: r.id,
            owner_id: r.owner_id,
            owner: r.owner,
            substitute_id: r.substitute_id,
            substitute: r.substitute,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            revoked: r.revoked_at.is_some(),
        }
    }
}

const STAFF_SELECT: &str = "SELECT id, username, display_name, role, password_hash, \
     totp_secret, totp_enrolled, totp_last_step, disabled_at FROM staff ";

const DELEGATION_SELECT: &str = "SELECT d.id, d.owner_id, o.display_name AS owner, \
     d.substitute_id, s.display_name AS substitute, d.starts_on, d.ends_on, d.revoked_at \
     FROM delegations d JOIN staff o ON o.id = d.owner_id JOIN staff s ON s.id = d.substitute_id ";

impl This {
    async fn staff_where(&self, tail: &str, value: &str) -> Result<Option<StaffRow>, DbError> {
        let row: Option<RawStaff> = sqlx::query_as(&[STAFF_SELECT, tail].concat())
            .bind(value)
            .fetch_optional(&self.pool)
            .await?;
        row.map(StaffRow::try_from).transpose()
    }
}

#[async_trait]
impl Staff for This {
    async fn create_staff(
        &self,
        new: NewStaffRow<'_>,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO staff (id, username, display_name, role, password_hash, totp_secret, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(new.username)
        .bind(new.display_name)
        .bind(new.role.code())
        .bind(new.password_hash)
        .bind(new.totp_secret)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, audit).await?;
        Ok(id)
    }

    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>, DbError> {
        self.staff_where("WHERE username = $1", username).await
    }

    async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>, DbError> {
        self.staff_where("WHERE id = $1", id).await
    }

    async fn list_staff(&self) -> Result<Vec<StaffRow>, DbError> {
        let rows: Vec<RawStaff> =
            sqlx::query_as(&[STAFF_SELECT, "ORDER BY display_name, id"].concat())
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(StaffRow::try_from).collect()
    }

    async fn set_staff_disabled(
        &self,
        id: &str,
        disabled_at: Option<i64>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE staff SET disabled_at = $1 WHERE id = $2")
            .bind(disabled_at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if disabled_at.is_some() {
            sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(())
    }

    async fn set_staff_password(
        &self,
        id: &str,
        hash: &str,
        keep_session: &str,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE staff_id = $1 AND token_hash <> $2")
            .bind(id)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_staff_totp(&self, id: &str, secret: &str) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE staff SET totp_secret = $1, totp_enrolled = 0, totp_last_step = NULL \
             WHERE id = $2",
        )
        .bind(secret)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn use_totp_step(&self, id: &str, step: i64) -> Result<bool, DbError> {
        let done = sqlx::query(
            "UPDATE staff SET totp_last_step = $1, totp_enrolled = 1 \
             WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn create_delegation(
        &self,
        owner_id: &str,
        substitute_id: &str,
        starts_on: &str,
        ends_on: &str,
        granted_by: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<String, DbError> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO delegations (id, owner_id, substitute_id, starts_on, ends_on, \
             granted_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(owner_id)
        .bind(substitute_id)
        .bind(starts_on)
        .bind(ends_on)
        .bind(granted_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, Some(audit)).await?;
        Ok(id)
    }

    async fn delegation(&self, id: &str) -> Result<Option<Delegation>, DbError> {
        let row: Option<DelegationRow> =
            sqlx::query_as(&[DELEGATION_SELECT, "WHERE d.id = $1"].concat())
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Delegation::from))
    }

    async fn delegations(&self, staff_id: Option<&str>) -> Result<Vec<Delegation>, DbError> {
        let rows: Vec<DelegationRow> = sqlx::query_as(
            &[
                DELEGATION_SELECT,
                "WHERE $1 IS NULL OR d.owner_id = $1 OR d.substitute_id = $1 \
                 ORDER BY d.starts_on DESC, d.id",
            ]
            .concat(),
        )
        .bind(staff_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Delegation::from).collect())
    }

    async fn revoke_delegation(
        &self,
        id: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE delegations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delegation_active(
        &self,
        owner: &str,
        substitute: &str,
        today: &str,
    ) -> Result<bool, DbError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM delegations WHERE owner_id = $1 AND substitute_id = $2 \
             AND revoked_at IS NULL AND starts_on <= $3 AND ends_on >= $3",
        )
        .bind(owner)
        .bind(substitute)
        .bind(today)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    async fn record_audit(&self, event: &AuditEvent) -> Result<(), DbError> {
        insert_audit(&mut *self.pool.acquire().await?, event).await
    }

    async fn audit_trail(&self, participant_id: &str) -> Result<Vec<AuditEntry>, DbError> {
        let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT a.at, s.display_name, o.display_name, a.action FROM audit_events a \
             JOIN staff s ON s.id = a.actor_id LEFT JOIN staff o ON o.id = a.acting_for \
             WHERE a.participant_id = $1 ORDER BY a.at DESC, a.id DESC",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(at, actor, acting_for, action)| {
                Ok(AuditEntry {
                    at,
                    actor,
                    acting_for,
                    action: AuditAction::decode("audit_events.action", &action)?,
                })
            })
            .collect()
    }
}
