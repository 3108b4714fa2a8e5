// Shared statements, compiled into each database's store (see `db/mod.rs`):
// participant and staff sessions.

use async_trait::async_trait;
use lotse_shared::api::MySession;

use super::This;
use crate::db::rows::{RawGate, RawSession};
use crate::db::{Code as _, ConsentGateRow, DbError, SessionRow, SessionStage, Sessions};

#[derive(Debug, sqlx::FromRow)]
struct MySessionRow {
    created_at: i64,
    last_seen_at: i64,
}

#[async_trait]
impl Sessions for This {
    async fn create_session(
        &self,
        token_hash: &str,
        participant_id: &str,
        now: i64,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, participant_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $3)",
        )
        .bind(token_hash)
        .bind(participant_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, DbError> {
        let row: Option<RawSession> = sqlx::query_as(
            "SELECT token_hash, participant_id, staff_id, stage, created_at, last_seen_at \
             FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(SessionRow::try_from).transpose()
    }

    async fn touch_sessions(&self, touches: &[(String, i64)]) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        for (token_hash, at) in touches {
            // Never backwards: a deferred touch may arrive after a later one.
            sqlx::query(
                "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1",
            )
            .bind(at)
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session_consent(&self, token_hash: &str) -> Result<Option<ConsentGateRow>, DbError> {
        let row: Option<RawGate> = sqlx::query_as(
            "SELECT s.token_hash, s.participant_id, s.staff_id, s.stage, s.created_at, \
               s.last_seen_at, (SELECT CASE WHEN c.notice_accepted = 1 THEN c.notice_version END \
                FROM consent_events c WHERE c.participant_id = s.participant_id \
                ORDER BY c.created_at DESC, c.id DESC LIMIT 1) AS accepted_version, \
               (SELECT MAX(version) FROM notice_versions) AS current_version \
             FROM sessions s WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(ConsentGateRow::try_from).transpose()
    }

    async fn my_sessions(&self, participant_id: &str) -> Result<Vec<MySession>, DbError> {
        let rows: Vec<MySessionRow> = sqlx::query_as(
            "SELECT created_at, last_seen_at FROM sessions WHERE participant_id = $1 \
             ORDER BY created_at",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| MySession {
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
            })
            .collect())
    }

    async fn create_staff_session(
        &self,
        token_hash: &str,
        staff_id: &str,
        stage: SessionStage,
        now: i64,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_id, stage, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(staff_id)
        .bind(stage.code())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn promote_staff_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        staff_id: &str,
        now: i64,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(old_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_id, stage, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(new_hash)
        .bind(staff_id)
        .bind(SessionStage::Full.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_expired_sessions(
        &self,
        created_before: i64,
        seen_before: i64,
        dry_run: bool,
    ) -> Result<u64, DbError> {
        if dry_run {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sessions WHERE created_at < $1 OR last_seen_at < $2",
            )
            .bind(created_before)
            .bind(seen_before)
            .fetch_one(&self.pool)
            .await?;
            return Ok(u64::try_from(n).unwrap_or(0));
        }
        let done = sqlx::query("DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
            .bind(created_before)
            .bind(seen_before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
