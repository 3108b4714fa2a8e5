// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the request register, restriction, objection, master-data corrections and
// the recipients' notices.

use async_trait::async_trait;
use lotse_shared::api::{
    ErasureReceipt, MasterDataCorrection, MyRecipient, MyRecipientNotice, MyRequest, MyRights,
    RecipientChange, RecipientNotice, RequestChannel, RequestKind, RequestStatus, Restriction,
    RightsRequest,
};

use super::common::{commit_audited, insert_audit};
use super::{Conn, This};
use crate::db::{
    AuditEvent, Closing, Code as _, DbError, ErasureReason, Lift, NewRequestRow, Requests, new_id,
};

const REQUEST_SELECT: &str = "SELECT r.id, r.participant_id, p.display_name AS participant_name, \
     r.kind, r.channel, r.requester, r.details, r.received_on, r.due_on, \
     i.display_name AS identity_checked_by, r.identity_checked_at, r.status, r.outcome, \
     b.display_name AS recorded_by, r.recorded_at, c.display_name AS closed_by, r.closed_at \
     FROM rights_requests r \
     LEFT JOIN participants p ON p.id = r.participant_id \
     LEFT JOIN staff i ON i.id = r.identity_checked_by \
     JOIN staff b ON b.id = r.recorded_by \
     LEFT JOIN staff c ON c.id = r.closed_by ";

const REQUEST_ORDER: &str = " ORDER BY CASE WHEN r.status = 'open' THEN 0 ELSE 1 END, \
     CASE WHEN r.status = 'open' THEN r.due_on END, r.closed_at DESC, r.id DESC";

#[derive(Debug, sqlx::FromRow)]
struct RequestRow {
    id: String,
    participant_id: Option<String>,
    participant_name: Option<String>,
    kind: String,
    channel: String,
    requester: String,
    details: String,
    received_on: String,
    due_on: String,
    identity_checked_by: Option<String>,
    identity_checked_at: Option<i64>,
    status: String,
    outcome: Option<String>,
    recorded_by: String,
    recorded_at: i64,
    closed_by: Option<String>,
    closed_at: Option<i64>,
}

impl RequestRow {
    fn into_request(self, today: &str) -> Result<RightsRequest, DbError> {
        let status = RequestStatus::decode("rights_requests.status", &self.status)?;
        Ok(RightsRequest {
            overdue: status == RequestStatus::Open && self.due_on.as_str() < today,
            id: self.id,
            participant_id: self.participant_id,
            participant_name: self.participant_name,
            kind: RequestKind::decode("rights_requests.kind", &self.kind)?,
            channel: RequestChannel::decode("rights_requests.channel", &self.channel)?,
            requester: self.requester,
            details: self.details,
            received_on: self.received_on,
            due_on: self.due_on,
            identity_checked_by: self.identity_checked_by,
            identity_checked_at: self.identity_checked_at,
            status,
            outcome: self.outcome,
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
            closed_by: self.closed_by,
            closed_at: self.closed_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
struct NoticeRow {
    id: String,
    participant_id: Option<String>,
    recipient: String,
    subject: String,
    change_kind: String,
    released_at: i64,
    created_by: String,
    created_at: i64,
    told_by: Option<String>,
    told_at: Option<i64>,
}

/// Writes the notice a recipient is owed for `change`, when a report was
/// released to it: before the change, so `subject` is the name the
/// recipient knows. Writes nothing when nothing was released.
async fn note_recipients(
    conn: &mut Conn,
    participant_id: &str,
    change: RecipientChange,
    by: &str,
    at: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO recipient_notices \
         (id, participant_id, recipient, subject, change_kind, released_at, created_by, created_at) \
         SELECT $1, p.id, o.agency_name, p.display_name, $2, MAX(r.released_at), $3, $4 \
         FROM participants p \
         JOIN agency_reports r ON r.participant_id = p.id AND r.state = 'released' \
         JOIN organisation o ON o.id = 1 \
         WHERE p.id = $5 \
         GROUP BY p.id, p.display_name, o.agency_name",
    )
    .bind(new_id())
    .bind(change.code())
    .bind(by)
    .bind(at)
    .bind(participant_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes an open request inside the caller's transaction; `false` when it
/// was not open.
async fn close_in(conn: &mut Conn, id: &str, closing: &Closing<'_>) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE rights_requests SET status = $1, outcome = $2, closed_by = $3, closed_at = $4 \
         WHERE id = $5 AND status = 'open'",
    )
    .bind(closing.status.code())
    .bind(closing.outcome)
    .bind(closing.by)
    .bind(closing.at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[async_trait]
impl Requests for This {
    async fn expire_rights_records(&self, before: i64, dry_run: bool) -> Result<u64, DbError> {
        // A held participant's records stay with the rest of their data.
        const NOT_HELD: &str = "(participant_id IS NULL OR participant_id NOT IN \
             (SELECT id FROM participants WHERE hold_since IS NOT NULL))";
        let requests = format!(
            "FROM rights_requests WHERE status <> 'open' AND closed_at < $1 AND {NOT_HELD}"
        );
        let notices = format!("FROM recipient_notices WHERE told_at < $1 AND {NOT_HELD}");
        let mut tx = self.pool.begin().await?;
        let mut total = 0;
        for from in [requests, notices] {
            total += if dry_run {
                let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))
                    .bind(before)
                    .fetch_one(&mut *tx)
                    .await?;
                u64::try_from(n).unwrap_or(0)
            } else {
                sqlx::query(&format!("DELETE {from}"))
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            };
        }
        tx.commit().await?;
        Ok(total)
    }

    async fn record_request(
        &self,
        row: &NewRequestRow<'_>,
        audit: &AuditEvent,
    ) -> Result<Option<String>, DbError> {
        let mut tx = self.pool.begin().await?;
        let id = new_id();
        let checked_by = row.identity_checked.then_some(row.recorded_by);
        let checked_at = row.identity_checked.then_some(row.at);
        let added = sqlx::query(
            "INSERT INTO rights_requests (id, participant_id, kind, channel, requester, details, \
             received_on, due_on, identity_checked_by, identity_checked_at, status, recorded_by, \
             recorded_at) \
             SELECT $1, p.id, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11 \
             FROM participants p WHERE p.id = $12",
        )
        .bind(&id)
        .bind(row.kind.code())
        .bind(row.channel.code())
        .bind(row.requester)
        .bind(row.details)
        .bind(row.received_on)
        .bind(row.due_on)
        .bind(checked_by)
        .bind(checked_at)
        .bind(row.recorded_by)
        .bind(row.at)
        .bind(row.participant_id)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 0 {
            return Ok(None);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(Some(id))
    }

    async fn rights_requests(&self, today: &str) -> Result<Vec<RightsRequest>, DbError> {
        let rows: Vec<RequestRow> = sqlx::query_as(&[REQUEST_SELECT, REQUEST_ORDER].concat())
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|r| r.into_request(today)).collect()
    }

    async fn rights_request(
        &self,
        id: &str,
        today: &str,
    ) -> Result<Option<RightsRequest>, DbError> {
        let row: Option<RequestRow> = sqlx::query_as(&[REQUEST_SELECT, "WHERE r.id = $1"].concat())
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.into_request(today)).transpose()
    }

    async fn check_request_identity(
        &self,
        id: &str,
        by: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE rights_requests SET identity_checked_by = $1, identity_checked_at = $2 \
             WHERE id = $3 AND status = 'open' AND identity_checked_at IS NULL",
        )
        .bind(by)
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn close_request(
        &self,
        id: &str,
        closing: &Closing<'_>,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        if !close_in(&mut tx, id, closing).await? {
            return Ok(false);
        }
        if closing.status == RequestStatus::Done {
            // An upheld objection takes effect with the answer.
            sqlx::query(
                "UPDATE participants SET objected_at = $1 WHERE objected_at IS NULL AND id = \
                 (SELECT participant_id FROM rights_requests WHERE id = $2 AND kind = 'objection')",
            )
            .bind(closing.at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn erase_for_request(
        &self,
        id: &str,
        participant_id: &str,
        closing: &Closing<'_>,
        audit: &AuditEvent,
    ) -> Result<Option<ErasureReceipt>, DbError> {
        let mut tx = self.pool.begin().await?;
        note_recipients(
            &mut tx,
            participant_id,
            RecipientChange::Erasure,
            closing.by,
            closing.at,
        )
        .await?;
        let Some(receipt) = super::consents::erase_in(
            &mut tx,
            participant_id,
            ErasureReason::Withdrawal,
            closing.at,
        )
        .await?
        else {
            tx.rollback().await?;
            return Ok(None);
        };
        if !close_in(&mut tx, id, closing).await? {
            // Closed meanwhile by someone else: their answer stands.
            tx.rollback().await?;
            return Err(DbError::Conflict);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(Some(receipt))
    }

    async fn restrict(
        &self,
        participant_id: &str,
        reason: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE participants SET restricted_since = $1, restriction_reason = $2, \
             restriction_lift_told_at = NULL WHERE id = $3 AND restricted_since IS NULL",
        )
        .bind(at)
        .bind(reason)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        note_recipients(
            &mut tx,
            participant_id,
            RecipientChange::Restriction,
            &audit.actor_id,
            at,
        )
        .await?;
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn tell_restriction_lift(
        &self,
        participant_id: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE participants SET restriction_lift_told_at = $1 \
             WHERE id = $2 AND restricted_since IS NOT NULL",
        )
        .bind(at)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn lift_restriction(
        &self,
        participant_id: &str,
        audit: &AuditEvent,
    ) -> Result<Lift, DbError> {
        let mut tx = self.pool.begin().await?;
        let state: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT restricted_since, restriction_lift_told_at FROM participants WHERE id = $1",
        )
        .bind(participant_id)
        .fetch_optional(&mut *tx)
        .await?;
        match state {
            Some((Some(_), Some(_))) => {}
            Some((Some(_), None)) => return Ok(Lift::NotTold),
            _ => return Ok(Lift::NotRestricted),
        }
        let done = sqlx::query(
            "UPDATE participants SET restricted_since = NULL, restriction_reason = NULL, \
             restriction_lift_told_at = NULL \
             WHERE id = $1 AND restriction_lift_told_at IS NOT NULL",
        )
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            // Changed between the read and the write: try again.
            return Err(DbError::Conflict);
        }
        note_recipients(
            &mut tx,
            participant_id,
            RecipientChange::RestrictionLifted,
            &audit.actor_id,
            audit.at,
        )
        .await?;
        commit_audited(tx, Some(audit)).await?;
        Ok(Lift::Lifted)
    }

    async fn correct_master_data(
        &self,
        participant_id: &str,
        correction: &MasterDataCorrection,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        note_recipients(
            &mut tx,
            participant_id,
            RecipientChange::Correction,
            &audit.actor_id,
            audit.at,
        )
        .await?;
        let done = sqlx::query(
            "UPDATE participants SET display_name = $1, programme_id = $2, exit_on = $3 \
             WHERE id = $4 AND EXISTS (SELECT 1 FROM programmes WHERE id = $2)",
        )
        .bind(&correction.display_name)
        .bind(&correction.programme_id)
        .bind(correction.exit_on.as_deref())
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        commit_audited(tx, Some(audit)).await?;
        Ok(true)
    }

    async fn recipient_notices(&self) -> Result<Vec<RecipientNotice>, DbError> {
        let rows: Vec<NoticeRow> = sqlx::query_as(
            "SELECT n.id, n.participant_id, n.recipient, n.subject, n.change_kind, n.released_at, \
             c.display_name AS created_by, n.created_at, t.display_name AS told_by, n.told_at \
             FROM recipient_notices n JOIN staff c ON c.id = n.created_by \
             LEFT JOIN staff t ON t.id = n.told_by \
             ORDER BY CASE WHEN n.told_at IS NULL THEN 0 ELSE 1 END, n.created_at DESC, n.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RecipientNotice {
                    change: RecipientChange::decode(
                        "recipient_notices.change_kind",
                        &r.change_kind,
                    )?,
                    id: r.id,
                    participant_id: r.participant_id,
                    recipient: r.recipient,
                    subject: r.subject,
                    released_at: r.released_at,
                    created_by: r.created_by,
                    created_at: r.created_at,
                    told_by: r.told_by,
                    told_at: r.told_at,
                })
            })
            .collect()
    }

    async fn mark_recipient_told(
        &self,
        id: &str,
        by: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            // Once told, the name of an erased person has served its
            // purpose: it goes, the record that the notice was sent stays.
            "UPDATE recipient_notices SET told_by = $1, told_at = $2, \
             subject = CASE WHEN participant_id IS NULL THEN '' ELSE subject END \
             WHERE id = $3 AND told_at IS NULL",
        )
        .bind(by)
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn my_rights(&self, participant_id: &str) -> Result<MyRights, DbError> {
        let requests: Vec<(
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<i64>,
        )> = sqlx::query_as(
            "SELECT kind, channel, received_on, due_on, status, outcome, closed_at \
                 FROM rights_requests WHERE participant_id = $1 ORDER BY recorded_at, id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        let requests = requests
            .into_iter()
            .map(
                |(kind, channel, received_on, due_on, status, outcome, closed_at)| {
                    Ok(MyRequest {
                        kind: RequestKind::decode("rights_requests.kind", &kind)?,
                        channel: RequestChannel::decode("rights_requests.channel", &channel)?,
                        received_on,
                        due_on,
                        status: RequestStatus::decode("rights_requests.status", &status)?,
                        outcome,
                        closed_at,
                    })
                },
            )
            .collect::<Result<Vec<_>, DbError>>()?;
        let state: Option<(Option<i64>, Option<String>, Option<i64>, Option<i64>)> =
            sqlx::query_as(
                "SELECT restricted_since, restriction_reason, restriction_lift_told_at, objected_at \
                 FROM participants WHERE id = $1",
            )
            .bind(participant_id)
            .fetch_optional(&self.pool)
            .await?;
        let (restricted_since, reason, lift_told_at, objected_at) =
            state.unwrap_or((None, None, None, None));
        let recipients: Vec<(String, i64)> = sqlx::query_as(
            "SELECT o.agency_name, r.released_at FROM agency_reports r \
             JOIN organisation o ON o.id = 1 \
             WHERE r.participant_id = $1 AND r.state = 'released' AND r.released_at IS NOT NULL \
             ORDER BY r.released_at",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        let notices: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT recipient, change_kind, created_at, told_at FROM recipient_notices \
             WHERE participant_id = $1 ORDER BY created_at, id",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(MyRights {
            requests,
            restriction: restricted_since.map(|since| Restriction {
                since,
                reason: reason.unwrap_or_default(),
                lift_told_at,
            }),
            objected_at,
            recipients: recipients
                .into_iter()
                .map(|(recipient, released_at)| MyRecipient {
                    recipient,
                    released_at,
                })
                .collect(),
            recipient_notices: notices
                .into_iter()
                .map(|(recipient, change, created_at, told_at)| {
                    Ok(MyRecipientNotice {
                        recipient,
                        change: RecipientChange::decode("recipient_notices.change_kind", &change)?,
                        created_at,
                        told_at,
                    })
                })
                .collect::<Result<Vec<_>, DbError>>()?,
        })
    }
}
