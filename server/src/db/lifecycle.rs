//! The data lifecycle: retention candidates, expired sessions, the request log
//! and the breach register.

use super::{Store, new_id};

/// A participant as the retention job sees them: no name, only dates.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RetentionRow {
    pub id: String,
    pub programme_name: String,
    pub ends_on: String,
    pub exit_on: Option<String>,
}

/// One line of the request log, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLogEntry {
    pub at: i64,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub size: Option<u64>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// A recorded breach.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BreachRow {
    pub id: String,
    pub what: String,
    pub found_at: i64,
    pub reported_at: Option<i64>,
    pub affected: i64,
    pub recorded_at: i64,
}

impl Store {
    /// Every participant with the dates that decide when their data is deleted.
    pub async fn retention_rows(&self) -> Result<Vec<RetentionRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, g.name AS programme_name, g.ends_on, p.exit_on \
             FROM participants p JOIN programmes g ON g.id = p.programme_id ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// Deletes sessions past their idle or absolute timeout; returns how many.
    pub async fn delete_expired_sessions(
        &self,
        created_before: i64,
        seen_before: i64,
        dry_run: bool,
    ) -> Result<u64, sqlx::Error> {
        let filter = "created_at < $1 OR last_seen_at < $2";
        if dry_run {
            let n: i64 =
                sqlx::query_scalar(&format!("SELECT COUNT(*) FROM sessions WHERE {filter}"))
                    .bind(created_before)
                    .bind(seen_before)
                    .fetch_one(&self.pool)
                    .await?;
            return Ok(u64::try_from(n).unwrap_or(0));
        }
        let done = sqlx::query(&format!("DELETE FROM sessions WHERE {filter}"))
            .bind(created_before)
            .bind(seen_before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Writes a batch of request-log lines in one transaction.
    pub async fn insert_request_log(&self, entries: &[RequestLogEntry]) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for e in entries {
            sqlx::query(
                "INSERT INTO request_log (id, at, method, path, status, size, user_agent, ip) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new_id())
            .bind(e.at)
            .bind(&e.method)
            .bind(&e.path)
            .bind(i64::from(e.status))
            .bind(e.size.and_then(|s| i64::try_from(s).ok()))
            .bind(&e.user_agent)
            .bind(&e.ip)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }

    /// Removes the IP address from log lines written before `before`; returns
    /// how many lines lost theirs (or would, on a dry run).
    pub async fn expire_request_log_ips(
        &self,
        before: i64,
        dry_run: bool,
    ) -> Result<u64, sqlx::Error> {
        if dry_run {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM request_log WHERE at < $1 AND ip IS NOT NULL",
            )
            .bind(before)
            .fetch_one(&self.pool)
            .await?;
            return Ok(u64::try_from(n).unwrap_or(0));
        }
        let done = sqlx::query("UPDATE request_log SET ip = NULL WHERE at < $1 AND ip IS NOT NULL")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Records a breach; returns its id.
    pub async fn record_breach(
        &self,
        what: &str,
        found_at: i64,
        reported_at: Option<i64>,
        affected: i64,
        now: i64,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO breaches (id, what, found_at, reported_at, affected, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(what)
        .bind(found_at)
        .bind(reported_at)
        .bind(affected)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// Records when a breach was reported to the supervisory authority.
    pub async fn mark_breach_reported(&self, id: &str, at: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE breaches SET reported_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// All breaches, newest finding first.
    pub async fn breaches(&self) -> Result<Vec<BreachRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, what, found_at, reported_at, affected, recorded_at FROM breaches \
             ORDER BY found_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await
    }
}
