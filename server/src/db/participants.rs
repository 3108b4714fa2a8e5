//! Participants and their access codes.

use super::{ParticipantRow, Store, new_id};

impl Store {
    /// Adds a participant and releases the given questionnaire modules to them,
    /// in one transaction.
    pub async fn create_participant(
        &self,
        programme_id: &str,
        display_name: &str,
        access_code_hash: &str,
        released: &[&str],
        now: i64,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO participants (id, programme_id, display_name, access_code_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(programme_id)
        .bind(display_name)
        .bind(access_code_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for instrument in released {
            sqlx::query(
                "INSERT INTO releases (participant_id, instrument, state, released_at) \
                 VALUES ($1, $2, 'released', $3)",
            )
            .bind(&id)
            .bind(instrument)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn participant(&self, id: &str) -> Result<Option<ParticipantRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme_name \
             FROM participants p JOIN programmes g ON g.id = p.programme_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn participant_by_code_hash(
        &self,
        hash: &str,
    ) -> Result<Option<ParticipantRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme_name \
             FROM participants p JOIN programmes g ON g.id = p.programme_id \
             WHERE p.access_code_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn participants_in_programme(
        &self,
        programme_id: &str,
    ) -> Result<Vec<ParticipantRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme_name \
             FROM participants p JOIN programmes g ON g.id = p.programme_id \
             WHERE p.programme_id = $1 ORDER BY p.id",
        )
        .bind(programme_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Replaces a participant's access code; their open sessions end with it.
    pub async fn reissue_access_code(&self, id: &str, hash: &str) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        replace_access_code(&mut tx, id, hash).await?;
        tx.commit().await
    }
}

/// The new code's hash in place of the old one, and the end of every session
/// opened with the old code; inside the caller's transaction.
pub(super) async fn replace_access_code(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET access_code_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE participant_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
