// Shared statements, compiled into each database's store (see `db/mod.rs`):
// writes that several use cases make inside their own transaction.

use super::{Conn, DbKind};
use crate::db::{AuditEvent, DbError, new_id};

/// Inserts an audit row inside the caller's transaction.
pub(super) async fn insert_audit(conn: &mut Conn, event: &AuditEvent) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO audit_events (id, at, actor_id, acting_for, participant_id, action) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(event.at)
    .bind(&event.actor_id)
    .bind(event.acting_for.as_deref())
    .bind(event.participant_id.as_deref())
    .bind(event.action.code())
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the audit row (if any) and commits: the end of every audited change.
pub(super) async fn commit_audited(
    mut tx: sqlx::Transaction<'_, DbKind>,
    event: Option<&AuditEvent>,
) -> Result<(), DbError> {
    maybe_audit(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Inserts the audit row when there is one.
pub(super) async fn maybe_audit(
    conn: &mut Conn,
    event: Option<&AuditEvent>,
) -> Result<(), DbError> {
    match event {
        Some(event) => insert_audit(conn, event).await,
        None => Ok(()),
    }
}

/// Releases a module: new, or again after it was done or skipped.
pub(super) async fn upsert_release(
    conn: &mut Conn,
    participant_id: &str,
    instrument: &str,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO releases (participant_id, instrument, state, released_at) \
         VALUES ($1, $2, 'released', $3) \
         ON CONFLICT (participant_id, instrument) \
         DO UPDATE SET state = 'released', released_at = excluded.released_at",
    )
    .bind(participant_id)
    .bind(instrument)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
