// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the consent history and erasure.

use async_trait::async_trait;
use lotse_shared::api::{
    ConsentChannel, ConsentEvent, ConsentEventKind, ErasureReceipt, GuardianChannel,
    GuardianConsent, GuardianConsentRecord,
};

use super::common::commit_audited;
use super::{Conn, This};
use crate::db::rows::{flag, narrow};
use crate::db::{AuditEvent, Code as _, Consents, DbError, ErasureReason, Minority, new_id};

#[derive(Debug, sqlx::FromRow)]
struct ConsentRow {
    event: String,
    notice_accepted: i64,
    agency_results: i64,
    job_matching: i64,
    health_data: i64,
    survey_contact: i64,
    notice_version: i64,
    notice_hash: String,
    channel: String,
    created_at: i64,
    signed_copy_at: Option<i64>,
}

impl TryFrom<ConsentRow> for ConsentEvent {
    type Error = DbError;
    fn try_from(r: ConsentRow) -> Result<Self, DbError> {
        Ok(ConsentEvent {
            event: ConsentEventKind::decode("consent_events.event", &r.event)?,
            notice_accepted: flag("consent_events.notice_accepted", r.notice_accepted)?,
            agency_results: flag("consent_events.agency_results", r.agency_results)?,
            job_matching: flag("consent_events.job_matching", r.job_matching)?,
            health_data: flag("consent_events.health_data", r.health_data)?,
            survey_contact: flag("consent_events.survey_contact", r.survey_contact)?,
            notice_version: narrow("consent_events.notice_version", r.notice_version)?,
            notice_hash: r.notice_hash,
            channel: ConsentChannel::decode("consent_events.channel", &r.channel)?,
            at: r.created_at,
            signed_copy_at: r.signed_copy_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
struct GuardianRow {
    guardian_name: String,
    relation: String,
    given_on: String,
    channel: String,
    recorded_at: i64,
}

impl TryFrom<GuardianRow> for GuardianConsent {
    type Error = DbError;
    fn try_from(r: GuardianRow) -> Result<Self, DbError> {
        Ok(GuardianConsent {
            guardian_name: r.guardian_name,
            relation: r.relation,
            given_on: r.given_on,
            channel: GuardianChannel::decode("guardian_consents.channel", &r.channel)?,
            recorded_at: r.recorded_at,
        })
    }
}

const CONSENT_SELECT: &str = "SELECT event, notice_accepted, agency_results, job_matching, \
     health_data, survey_contact, notice_version, notice_hash, channel, created_at, \
     signed_copy_at FROM consent_events \
     WHERE participant_id = $1 ";

async fn insert_consent(
    conn: &mut Conn,
    participant_id: &str,
    event: &ConsentEvent,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO consent_events (id, participant_id, event, notice_accepted, agency_results, \
           job_matching, health_data, survey_contact, notice_version, notice_hash, channel, \
           created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new_id())
    .bind(participant_id)
    .bind(event.event.code())
    .bind(i64::from(event.notice_accepted))
    .bind(i64::from(event.agency_results))
    .bind(i64::from(event.job_matching))
    .bind(i64::from(event.health_data))
    .bind(i64::from(event.survey_contact))
    .bind(i64::from(event.notice_version))
    .bind(&event.notice_hash)
    .bind(event.channel.code())
    .bind(event.at)
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl Consents for This {
    async fn insert_consent_event(
        &self,
        participant_id: &str,
        event: &ConsentEvent,
        audit: Option<&AuditEvent>,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        insert_consent(&mut tx, participant_id, event).await?;
        commit_audited(tx, audit).await?;
        Ok(())
    }

    async fn has_any_consent(&self) -> Result<bool, DbError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT 1 FROM consent_events LIMIT 1) AS any_consent",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    async fn consent_history(&self, participant_id: &str) -> Result<Vec<ConsentEvent>, DbError> {
        let rows: Vec<ConsentRow> =
            sqlx::query_as(&[CONSENT_SELECT, "ORDER BY created_at, id"].concat())
                .bind(participant_id)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(ConsentEvent::try_from).collect()
    }

    async fn latest_consent(&self, participant_id: &str) -> Result<Option<ConsentEvent>, DbError> {
        let row: Option<ConsentRow> =
            sqlx::query_as(&[CONSENT_SELECT, "ORDER BY created_at DESC, id DESC LIMIT 1"].concat())
                .bind(participant_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(ConsentEvent::try_from).transpose()
    }

    async fn mark_signed_copy(
        &self,
        participant_id: &str,
        staff_id: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        // The latest event only: an older record was replaced by what came after.
        let marked = sqlx::query(
            "UPDATE consent_events SET signed_copy_at = $1, signed_copy_by = $2 \
             WHERE id = (SELECT id FROM consent_events WHERE participant_id = $3 \
                         ORDER BY created_at DESC, id DESC LIMIT 1) \
               AND channel = $4 AND signed_copy_at IS NULL",
        )
        .bind(at)
        .bind(staff_id)
        .bind(participant_id)
        .bind(ConsentChannel::Counsellor.code())
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn minority(&self, participant_id: &str) -> Result<Option<Minority>, DbError> {
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT minor, adult_on FROM participants WHERE id = $1")
                .bind(participant_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(minor, adult_on)| {
            Ok(Minority {
                minor: flag("participants.minor", minor)?,
                adult_on,
            })
        })
        .transpose()
    }

    async fn guardian_consents(
        &self,
        participant_id: &str,
    ) -> Result<Vec<GuardianConsent>, DbError> {
        let rows: Vec<GuardianRow> = sqlx::query_as(
            "SELECT guardian_name, relation, given_on, channel, recorded_at \
             FROM guardian_consents WHERE participant_id = $1 ORDER BY recorded_at, id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GuardianConsent::try_from).collect()
    }

    async fn insert_guardian_consent(
        &self,
        participant_id: &str,
        record: &GuardianConsentRecord,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO guardian_consents (id, participant_id, guardian_name, relation, given_on, \
               channel, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(new_id())
        .bind(participant_id)
        .bind(&record.guardian_name)
        .bind(&record.relation)
        .bind(&record.given_on)
        .bind(record.channel.code())
        .bind(&audit.actor_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, Some(audit)).await?;
        Ok(())
    }

    async fn decline(&self, participant_id: &str, event: &ConsentEvent) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        insert_consent(&mut tx, participant_id, event).await?;
        sqlx::query("DELETE FROM sessions WHERE participant_id = $1")
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn erase_participant(
        &self,
        participant_id: &str,
        reason: ErasureReason,
        now: i64,
    ) -> Result<Option<ErasureReceipt>, DbError> {
        let mut tx = self.pool.begin().await?;
        let Some(receipt) = erase_in(&mut tx, participant_id, reason, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        tx.commit().await?;
        Ok(Some(receipt))
    }
}

/// Erases the participant inside the caller's transaction and writes the
/// receipt; `None` when there is no such participant or a legal hold keeps
/// their data, and then the caller must roll back (child rows may be gone).
pub(super) async fn erase_in(
    tx: &mut Conn,
    participant_id: &str,
    reason: ErasureReason,
    now: i64,
) -> Result<Option<ErasureReceipt>, DbError> {
    // Child tables first; tables added later that reference `participants`
    // must cascade, set null or be listed here, else the foreign key fails the
    // whole transaction, which is the safe failure (nothing half-deleted).
    for statement in [
        "DELETE FROM aggregate_scales WHERE aggregate_id IN \
         (SELECT id FROM aggregates WHERE participant_id = $1)",
        "DELETE FROM aggregates WHERE participant_id = $1",
        "DELETE FROM releases WHERE participant_id = $1",
        "DELETE FROM consent_events WHERE participant_id = $1",
        "DELETE FROM guardian_consents WHERE participant_id = $1",
        "DELETE FROM sessions WHERE participant_id = $1",
        // Drafts left on a device become unreadable with it.
        "DELETE FROM draft_keys WHERE participant_id = $1",
    ] {
        sqlx::query(statement)
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
    }
    // A legal hold keeps everything: the caller undoes the transaction.
    let gone = sqlx::query("DELETE FROM participants WHERE id = $1 AND hold_since IS NULL")
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Ok(None);
    }
    let receipt = ErasureReceipt {
        receipt: new_id(),
        erased_at: now,
    };
    sqlx::query("INSERT INTO erasure_receipts (id, reason, erased_at) VALUES ($1, $2, $3)")
        .bind(&receipt.receipt)
        .bind(reason.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(Some(receipt))
}
