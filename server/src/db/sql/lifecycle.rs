// Shared statements, compiled into each database's store (see `db/mod.rs`):
// retention, the request log, breaches, rate-limit cells and job leases.

use async_trait::async_trait;
use lotse_shared::api::{BreachDetails, BreachNotice, BreachParticipant, RetentionCategory};

use super::This;
use super::common::{commit_audited, insert_audit};
use crate::db::{
    AuditEvent, BreachRow, DbError, Lifecycle, RequestLogEntry, RetentionRow, Rule, new_id,
};

#[async_trait]
impl Lifecycle for This {
    async fn retention_batch(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<RetentionRow>, DbError> {
        // Two statements, not `$1 IS NULL OR p.id > $1`: with the OR, SQLite
        // cannot start the key range at the cursor and rescans every page.
        const SELECT: &str = "SELECT p.id, g.name AS programme_name, g.ends_on, p.exit_on, \
             p.hold_since IS NOT NULL AS held \
             FROM participants p JOIN programmes g ON g.id = p.programme_id ";
        let limit = i64::from(limit);
        Ok(match after {
            Some(after) => {
                sqlx::query_as(&[SELECT, "WHERE p.id > $1 ORDER BY p.id LIMIT $2"].concat())
                    .bind(after)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query_as(&[SELECT, "ORDER BY p.id LIMIT $1"].concat())
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
        })
    }

    async fn purge_category(
        &self,
        participant_id: &str,
        category: RetentionCategory,
        dry_run: bool,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let held: Option<(bool,)> =
            sqlx::query_as("SELECT hold_since IS NOT NULL FROM participants WHERE id = $1")
                .bind(participant_id)
                .fetch_optional(&mut *tx)
                .await?;
        if held != Some((false,)) {
            return Ok(false);
        }
        // Results are told apart by their instrument: the health-related
        // ones (the fit-for-work index) keep their own period.
        let instruments = |health: bool| {
            lotse_shared::instrument::all()
                .iter()
                .filter(move |i| i.health == health)
                .map(|i| i.id.as_str())
        };
        let mut deleted = 0;
        match category {
            RetentionCategory::CounsellingResults | RetentionCategory::HealthResults => {
                let health = category == RetentionCategory::HealthResults;
                for instrument in instruments(health) {
                    sqlx::query(
                        "DELETE FROM aggregate_scales WHERE aggregate_id IN \
                         (SELECT id FROM aggregates WHERE participant_id = $1 AND instrument = $2)",
                    )
                    .bind(participant_id)
                    .bind(instrument)
                    .execute(&mut *tx)
                    .await?;
                    deleted += sqlx::query(
                        "DELETE FROM aggregates WHERE participant_id = $1 AND instrument = $2",
                    )
                    .bind(participant_id)
                    .bind(instrument)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
            }
            RetentionCategory::Competences => {
                deleted = sqlx::query("DELETE FROM competences WHERE participant_id = $1")
                    .bind(participant_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            RetentionCategory::AgencyReports => {
                deleted = sqlx::query("DELETE FROM agency_reports WHERE participant_id = $1")
                    .bind(participant_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            RetentionCategory::AuditTrail => {
                deleted = sqlx::query("DELETE FROM audit_events WHERE participant_id = $1")
                    .bind(participant_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            // The rest goes with the record.
            _ => {}
        }
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(deleted > 0)
    }

    async fn insert_request_log(&self, entries: &[RequestLogEntry]) -> Result<(), DbError> {
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
        tx.commit().await?;
        Ok(())
    }

    async fn expire_request_log_ips(&self, before: i64, dry_run: bool) -> Result<u64, DbError> {
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

    async fn record_breach(
        &self,
        what: &str,
        found_at: i64,
        reported_at: Option<i64>,
        affected: i64,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
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
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, audit).await?;
        Ok(id)
    }

    async fn mark_breach_reported(
        &self,
        id: &str,
        at: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE breaches SET reported_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        commit_audited(tx, audit).await?;
        Ok(true)
    }

    async fn breaches(&self) -> Result<Vec<BreachRow>, DbError> {
        Ok(sqlx::query_as(
            "SELECT id, what, found_at, reported_at, affected, recorded_at, measures, \
             consequences, contact, message, notified_at FROM breaches \
             ORDER BY found_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    async fn update_breach(
        &self,
        id: &str,
        details: &BreachDetails,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE breaches SET measures = $1, consequences = $2, contact = $3, message = $4 \
             WHERE id = $5",
        )
        .bind(&details.measures)
        .bind(&details.consequences)
        .bind(&details.contact)
        .bind(&details.message)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn link_breach(
        &self,
        id: &str,
        participant_id: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM breaches WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(false);
        }
        let added = sqlx::query(
            "INSERT INTO breach_participants (breach_id, participant_id, linked_at) \
             VALUES ($1, $2, $3) ON CONFLICT (breach_id, participant_id) DO NOTHING",
        )
        .bind(id)
        .bind(participant_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 0 {
            return Ok(true);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn unlink_breach(
        &self,
        id: &str,
        participant_id: &str,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "DELETE FROM breach_participants WHERE breach_id = $1 AND participant_id = $2",
        )
        .bind(id)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn mark_breach_notified(
        &self,
        id: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE breaches SET notified_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let linked: Vec<(String,)> =
            sqlx::query_as("SELECT participant_id FROM breach_participants WHERE breach_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        for (participant,) in linked {
            insert_audit(
                &mut tx,
                &AuditEvent {
                    participant_id: Some(participant),
                    ..audit.clone()
                },
            )
            .await?;
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn breach_participants(&self) -> Result<Vec<(String, BreachParticipant)>, DbError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT b.breach_id, p.id, p.display_name, b.linked_at FROM breach_participants b \
             JOIN participants p ON p.id = b.participant_id ORDER BY p.display_name, p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(breach, id, display_name, linked_at)| {
                (
                    breach,
                    BreachParticipant {
                        id,
                        display_name,
                        linked_at,
                    },
                )
            })
            .collect())
    }

    async fn breach_notices(&self, participant_id: &str) -> Result<Vec<BreachNotice>, DbError> {
        let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT b.found_at, b.message, b.consequences, b.measures, b.contact, b.notified_at \
             FROM breaches b JOIN breach_participants l ON l.breach_id = b.id \
             WHERE l.participant_id = $1 AND b.notified_at IS NOT NULL \
             ORDER BY b.found_at DESC, b.id DESC",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(found_at, message, consequences, measures, contact, notified_at)| BreachNotice {
                    found_at,
                    message,
                    consequences,
                    measures,
                    contact,
                    notified_at,
                },
            )
            .collect())
    }

    async fn rate_limit_hit(
        &self,
        key: &str,
        rule: Rule,
        now: i64,
    ) -> Result<Option<i64>, DbError> {
        // GCRA in one statement: the cell's next arrival time moves on by one
        // interval unless that passes `now + burst * interval`. The WHERE of
        // the upsert is evaluated under the row lock on both databases, so
        // concurrent attempts on several instances cannot overspend.
        let counted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO rate_limits (key, tat) VALUES ($1, $2 + $3) \
             ON CONFLICT (key) DO UPDATE SET \
             tat = CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END + $3 \
             WHERE CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END + $3 \
               <= $2 + $4 * $3 \
             RETURNING tat",
        )
        .bind(key)
        .bind(now)
        .bind(rule.interval)
        .bind(rule.burst)
        .fetch_optional(&self.pool)
        .await?;
        if counted.is_some() {
            return Ok(None);
        }
        let tat: Option<i64> = sqlx::query_scalar("SELECT tat FROM rate_limits WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        let next = tat.unwrap_or(now).max(now) + rule.interval;
        Ok(Some((next - (now + rule.burst * rule.interval)).max(1)))
    }

    async fn rate_limit_refund(&self, key: &str, rule: Rule, now: i64) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE rate_limits SET tat = CASE WHEN tat - $2 > $3 THEN tat - $2 ELSE $3 END \
             WHERE key = $1",
        )
        .bind(key)
        .bind(rule.interval)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn rate_limit_reset(&self, key: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM rate_limits WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn prune_rate_limits(&self, now: i64) -> Result<u64, DbError> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE tat <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, DbError> {
        let done = sqlx::query(
            "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
             expires_at = excluded.expires_at \
             WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4",
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn release_lease(&self, name: &str, holder: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
