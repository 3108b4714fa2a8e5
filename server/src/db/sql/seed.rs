// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the benchmark's bulk seeding. The rows are the ones `create_participant`,
// `upsert_release`, `insert_consent`, `create_session` and `create_staff`
// write, in multi-row INSERTs.

use async_trait::async_trait;

use super::{Conn, DbKind, This};
use crate::db::{
    Backend, Code as _, DbError, Maintenance as _, NewParticipantRow, Seed, SeedBatch, StaffRow,
    new_id,
};

/// Rows per INSERT: at most 10 parameters a row stays under every bind limit
/// (SQLite 32766, PostgreSQL 65535).
const ROWS_PER_INSERT: usize = 1000;

/// Adds participants (nothing released) inside the caller's transaction.
pub(super) async fn insert_participants(
    conn: &mut Conn,
    rows: &[NewParticipantRow],
) -> Result<(), DbError> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut insert = sqlx::QueryBuilder::<DbKind>::new(
            "INSERT INTO participants (id, programme_id, display_name, access_code_hash, \
             counsellor_id, created_at) ",
        );
        insert.push_values(chunk, |mut b, r| {
            b.push_bind(&r.id)
                .push_bind(&r.programme_id)
                .push_bind(&r.display_name)
                .push_bind(&r.access_code_hash)
                .push_bind(r.counsellor_id.as_deref())
                .push_bind(r.created_at);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

#[async_trait]
impl Seed for This {
    async fn seed_batch(&self, batch: &SeedBatch) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        if self.backend() == Backend::Sqlite {
            // Random keys (code and token hashes) land all over the indexes;
            // SQLite's default 2 MiB page cache makes that a read per row.
            sqlx::query("PRAGMA cache_size = -1048576")
                .execute(&mut *tx)
                .await?;
        }
        insert_participants(&mut tx, &batch.participants).await?;
        let releases: Vec<(&str, &str)> = batch
            .participants
            .iter()
            .flat_map(|p| batch.released.iter().map(|i| (p.id.as_str(), i.as_str())))
            .collect();
        for chunk in releases.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::<DbKind>::new(
                "INSERT INTO releases (participant_id, instrument, state, released_at) ",
            );
            insert.push_values(chunk, |mut b, (participant, instrument)| {
                b.push_bind(*participant)
                    .push_bind(*instrument)
                    .push_bind("released")
                    .push_bind(batch.released_at);
            });
            insert.build().execute(&mut *tx).await?;
        }
        let consent = &batch.consent;
        for chunk in batch.participants.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::<DbKind>::new(
                "INSERT INTO consent_events (id, participant_id, event, notice_accepted, \
                 agency_results, job_matching, health_data, notice_version, notice_hash, channel, \
                 created_at) ",
            );
            insert.push_values(chunk, |mut b, p| {
                b.push_bind(new_id())
                    .push_bind(&p.id)
                    .push_bind(consent.event.code())
                    .push_bind(i64::from(consent.notice_accepted))
                    .push_bind(i64::from(consent.agency_results))
                    .push_bind(i64::from(consent.job_matching))
                    .push_bind(i64::from(consent.health_data))
                    .push_bind(i64::from(consent.notice_version))
                    .push_bind(&consent.notice_hash)
                    .push_bind(consent.channel.code())
                    .push_bind(consent.at);
            });
            insert.build().execute(&mut *tx).await?;
        }
        let sessions: Vec<(&str, &str)> = batch
            .participants
            .iter()
            .zip(&batch.session_hashes)
            .map(|(p, hash)| (p.id.as_str(), hash.as_str()))
            .collect();
        for chunk in sessions.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::<DbKind>::new(
                "INSERT INTO sessions (token_hash, participant_id, created_at, last_seen_at) ",
            );
            insert.push_values(chunk, |mut b, (participant, hash)| {
                b.push_bind(*hash)
                    .push_bind(*participant)
                    .push_bind(batch.signed_in_at)
                    .push_bind(batch.last_seen_at);
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn seed_staff(&self, rows: &[StaffRow], created_at: i64) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::<DbKind>::new(
                "INSERT INTO staff (id, username, display_name, role, password_hash, \
                 totp_secret, totp_enrolled, totp_last_step, created_at, disabled_at) ",
            );
            insert.push_values(chunk, |mut b, r| {
                b.push_bind(&r.id)
                    .push_bind(&r.username)
                    .push_bind(&r.display_name)
                    .push_bind(r.role.code())
                    .push_bind(&r.password_hash)
                    .push_bind(&r.totp_secret)
                    .push_bind(i64::from(r.totp_enrolled))
                    .push_bind(r.totp_last_step)
                    .push_bind(created_at)
                    .push_bind(r.disabled_at);
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
