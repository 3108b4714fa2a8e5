//! Consent history, the participant's view of their own data, and erasure.

use lotse_shared::api::{
    ConsentChannel, ConsentEvent, ConsentEventKind, ConsentScope, ErasureReceipt, MyProfile,
    MyProgramme, MySession,
};

use super::{Store, new_id};

/// Tables the export (`GET /api/v1/me/export`) covers, with the export field
/// that holds them. A test fails when a table holding participant data is in
/// neither this list nor [`NO_PARTICIPANT_DATA`].
pub const EXPORTED_TABLES: &[(&str, &str)] = &[
    ("participants", "participant"),
    ("releases", "modules"),
    ("aggregates", "results"),
    ("aggregate_scales", "results"),
    ("consent_events", "consents"),
    ("sessions", "sessions"),
    ("competences", "competences"),
    ("datasheets", "datasheet"),
    ("agency_reports", "agency_reports"),
    ("audit_events", "audit"),
];

/// Tables that hold nothing about a participant, each with the reason.
pub const NO_PARTICIPANT_DATA: &[(&str, &str)] = &[
    ("_sqlx_migrations", "schema history"),
    ("staff", "staff accounts, no participant data"),
    (
        "delegations",
        "which counsellor stands in for which colleague; names no participant",
    ),
    (
        "programmes",
        "courses and their dates; exported as the participant's programme",
    ),
    (
        "erasure_receipts",
        "random id and time only, by design unlinkable",
    ),
    (
        "request_log",
        "not linked to a participant; IP removed after 7 days",
    ),
    ("breaches", "incident register: counts, no participant ids"),
];

/// Why data was erased; recorded in the receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureReason {
    Withdrawal,
    Retention,
}

impl ErasureReason {
    fn as_str(self) -> &'static str {
        match self {
            ErasureReason::Withdrawal => "withdrawal",
            ErasureReason::Retention => "retention",
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct ConsentRow {
    event: String,
    notice_accepted: i64,
    agency_results: i64,
    job_matching: i64,
    notice_version: i64,
    notice_hash: String,
    channel: String,
    created_at: i64,
}

impl ConsentRow {
    fn into_event(self) -> Option<ConsentEvent> {
        Some(ConsentEvent {
            event: match self.event.as_str() {
                "given" => ConsentEventKind::Given,
                "changed" => ConsentEventKind::Changed,
                "withdrawn" => ConsentEventKind::Withdrawn,
                "declined" => ConsentEventKind::Declined,
                _ => return None,
            },
            notice_accepted: self.notice_accepted == 1,
            agency_results: self.agency_results == 1,
            job_matching: self.job_matching == 1,
            notice_version: u32::try_from(self.notice_version).ok()?,
            notice_hash: self.notice_hash,
            channel: match self.channel.as_str() {
                "self" => ConsentChannel::SelfService,
                "counsellor" => ConsentChannel::Counsellor,
                _ => return None,
            },
            at: self.created_at,
        })
    }
}

fn kind_str(kind: ConsentEventKind) -> &'static str {
    match kind {
        ConsentEventKind::Given => "given",
        ConsentEventKind::Changed => "changed",
        ConsentEventKind::Withdrawn => "withdrawn",
        ConsentEventKind::Declined => "declined",
    }
}

fn channel_str(channel: ConsentChannel) -> &'static str {
    match channel {
        ConsentChannel::SelfService => "self",
        ConsentChannel::Counsellor => "counsellor",
    }
}

const CONSENT_COLUMNS: &str = "event, notice_accepted, agency_results, job_matching, \
     notice_version, notice_hash, channel, created_at";

/// What the consent gate needs to know about a session.
#[derive(Debug, sqlx::FromRow)]
pub struct ConsentGateRow {
    pub participant_id: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub accepted_version: Option<i64>,
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

#[derive(Debug, sqlx::FromRow)]
struct MySessionRow {
    created_at: i64,
    last_seen_at: i64,
}

impl Store {
    /// Appends one event to the consent history.
    pub async fn insert_consent_event(
        &self,
        participant_id: &str,
        event: &ConsentEvent,
    ) -> Result<(), sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        insert_consent(&mut conn, participant_id, event).await
    }

    /// Appends a consent event a staff member recorded, with its audit row, in
    /// one transaction.
    pub async fn insert_consent_event_audited(
        &self,
        participant_id: &str,
        event: &ConsentEvent,
        audit: &super::AuditEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        insert_consent(&mut tx, participant_id, event).await?;
        super::staff::insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    /// The whole consent history, oldest first.
    pub async fn consent_history(
        &self,
        participant_id: &str,
    ) -> Result<Vec<ConsentEvent>, sqlx::Error> {
        let rows: Vec<ConsentRow> = sqlx::query_as(&format!(
            "SELECT {CONSENT_COLUMNS} FROM consent_events WHERE participant_id = $1 \
             ORDER BY created_at, id"
        ))
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(ConsentRow::into_event)
            .collect())
    }

    /// The newest consent event, if any.
    pub async fn latest_consent(
        &self,
        participant_id: &str,
    ) -> Result<Option<ConsentEvent>, sqlx::Error> {
        let row: Option<ConsentRow> = sqlx::query_as(&format!(
            "SELECT {CONSENT_COLUMNS} FROM consent_events WHERE participant_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(participant_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(ConsentRow::into_event))
    }

    /// Whether the participant's standing consent covers `scope`: the current
    /// notice is accepted and the optional consent is given. Every export to the
    /// agency must ask this first and leave out what it refuses.
    pub async fn consent_allows(
        &self,
        participant_id: &str,
        scope: ConsentScope,
    ) -> Result<bool, sqlx::Error> {
        let Some(latest) = self.latest_consent(participant_id).await? else {
            return Ok(false);
        };
        if !latest.notice_accepted || latest.notice_version != crate::notice::current_version() {
            return Ok(false);
        }
        Ok(match scope {
            ConsentScope::AgencyResults => latest.agency_results,
            ConsentScope::JobMatching => latest.job_matching,
        })
    }

    /// For the consent gate: the session, and the notice version the
    /// participant's newest consent event accepted (None if it accepted nothing).
    pub async fn session_consent(
        &self,
        token_hash: &str,
    ) -> Result<Option<ConsentGateRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT s.participant_id, s.created_at, s.last_seen_at, \
               (SELECT CASE WHEN c.notice_accepted = 1 THEN c.notice_version END \
                FROM consent_events c WHERE c.participant_id = s.participant_id \
                ORDER BY c.created_at DESC, c.id DESC LIMIT 1) AS accepted_version \
             FROM sessions s WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
    }

    /// Records a refusal and ends every session of the participant, together:
    /// afterwards only the refusal is stored.
    pub async fn decline(
        &self,
        participant_id: &str,
        event: &ConsentEvent,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        insert_consent(&mut tx, participant_id, event).await?;
        sqlx::query("DELETE FROM sessions WHERE participant_id = $1")
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// The participant record with its programme.
    pub async fn my_profile(
        &self,
        participant_id: &str,
    ) -> Result<Option<(MyProfile, MyProgramme)>, sqlx::Error> {
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

    /// The participant's open sessions (times only; the token is not stored).
    pub async fn my_sessions(&self, participant_id: &str) -> Result<Vec<MySession>, sqlx::Error> {
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

    /// Records a participant's exit date (YYYY-MM-DD), which can bring the
    /// retention deadline forward.
    pub async fn set_exit_on(
        &self,
        participant_id: &str,
        exit_on: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE participants SET exit_on = $1 WHERE id = $2")
            .bind(exit_on)
            .bind(participant_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Erases everything about a participant in one transaction — real
    /// `DELETE`s, child tables first — and leaves only a receipt with a random id
    /// and the time. `None` when there was nobody to erase (already gone).
    /// Tables added later that reference `participants` must cascade or be
    /// listed here; otherwise the foreign key fails the whole transaction, which
    /// is the safe failure (nothing half-deleted).
    pub async fn erase_participant(
        &self,
        participant_id: &str,
        reason: ErasureReason,
        now: i64,
    ) -> Result<Option<ErasureReceipt>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM aggregate_scales WHERE aggregate_id IN \
             (SELECT id FROM aggregates WHERE participant_id = $1)",
        )
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        for statement in [
            "DELETE FROM aggregates WHERE participant_id = $1",
            "DELETE FROM releases WHERE participant_id = $1",
            "DELETE FROM consent_events WHERE participant_id = $1",
            "DELETE FROM sessions WHERE participant_id = $1",
        ] {
            sqlx::query(statement)
                .bind(participant_id)
                .execute(&mut *tx)
                .await?;
        }
        let gone = sqlx::query("DELETE FROM participants WHERE id = $1")
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
        if gone.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let receipt = ErasureReceipt {
            receipt: new_id(),
            erased_at: now,
        };
        sqlx::query("INSERT INTO erasure_receipts (id, reason, erased_at) VALUES ($1, $2, $3)")
            .bind(&receipt.receipt)
            .bind(reason.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(receipt))
    }
}

async fn insert_consent(
    conn: &mut sqlx::SqliteConnection,
    participant_id: &str,
    event: &ConsentEvent,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO consent_events (id, participant_id, event, notice_accepted, agency_results, \
           job_matching, notice_version, notice_hash, channel, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id())
    .bind(participant_id)
    .bind(kind_str(event.event))
    .bind(i64::from(event.notice_accepted))
    .bind(i64::from(event.agency_results))
    .bind(i64::from(event.job_matching))
    .bind(i64::from(event.notice_version))
    .bind(&event.notice_hash)
    .bind(channel_str(event.channel))
    .bind(event.at)
    .execute(conn)
    .await?;
    Ok(())
}
