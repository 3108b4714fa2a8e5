//! Staff accounts, their sessions, delegations (substitutes) and the audit trail.

use lotse_shared::api::{AuditEntry, Delegation, StaffMember, StaffRole};

use super::{Store, new_id};

/// A staff account as stored.
#[derive(Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    /// Sealed (see `seal.rs`); open it with the user name as context.
    pub totp_secret: String,
    pub totp_enrolled: i64,
    pub totp_last_step: Option<i64>,
    pub disabled_at: Option<i64>,
}

impl std::fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRow")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl StaffRow {
    pub fn role(&self) -> Option<StaffRole> {
        role_from_str(&self.role)
    }

    pub fn to_member(&self) -> Option<StaffMember> {
        Some(StaffMember {
            id: self.id.clone(),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role()?,
            enrolled: self.totp_enrolled != 0,
            disabled: self.disabled_at.is_some(),
        })
    }
}

pub fn role_to_str(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "admin",
        StaffRole::Counsellor => "counsellor",
    }
}

pub fn role_from_str(value: &str) -> Option<StaffRole> {
    match value {
        "admin" => Some(StaffRole::Admin),
        "counsellor" => Some(StaffRole::Counsellor),
        _ => None,
    }
}

/// A session that belongs to a staff member.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffSessionRow {
    pub token_hash: String,
    pub staff_id: String,
    pub stage: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// One audit row to write: who did what to whose dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor_id: String,
    pub acting_for: Option<String>,
    pub participant_id: Option<String>,
    pub action: &'static str,
    pub at: i64,
}

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

/// `SELECT` of a whole staff row, followed by a literal tail (no `format!`: SQL is
/// never assembled at run time).
macro_rules! staff_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, username, display_name, role, password_hash, totp_secret, \
             totp_enrolled, totp_last_step, disabled_at FROM staff ",
            $tail
        )
    };
}

macro_rules! delegation_select {
    ($tail:literal) => {
        concat!(
            "SELECT d.id, d.owner_id, o.display_name AS owner, d.substitute_id, \
             s.display_name AS substitute, d.starts_on, d.ends_on, d.revoked_at \
             FROM delegations d JOIN staff o ON o.id = d.owner_id \
             JOIN staff s ON s.id = d.substitute_id ",
            $tail
        )
    };
}

impl Store {
    pub async fn create_staff(
        &self,
        username: &str,
        display_name: &str,
        role: StaffRole,
        password_hash: &str,
        totp_secret: &str,
        now: i64,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO staff (id, username, display_name, role, password_hash, totp_secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(username)
        .bind(display_name)
        .bind(role_to_str(role))
        .bind(password_hash)
        .bind(totp_secret)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    pub async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>, sqlx::Error> {
        sqlx::query_as(staff_select!("WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>, sqlx::Error> {
        sqlx::query_as(staff_select!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn list_staff(&self) -> Result<Vec<StaffRow>, sqlx::Error> {
        sqlx::query_as(staff_select!("ORDER BY display_name, id"))
            .fetch_all(&self.pool)
            .await
    }

    /// Disables (or re-enables) an account; disabling ends its sessions at once.
    pub async fn set_staff_disabled(
        &self,
        id: &str,
        disabled_at: Option<i64>,
    ) -> Result<(), sqlx::Error> {
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
        tx.commit().await
    }

    /// Replaces the password hash; every other session of the account ends.
    pub async fn set_staff_password(
        &self,
        id: &str,
        hash: &str,
        keep_session: &str,
    ) -> Result<(), sqlx::Error> {
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
        tx.commit().await
    }

    /// Replaces the TOTP seed and marks the account as not enrolled (demo and
    /// a lost authenticator, which only an admin at the CLI can do).
    pub async fn reset_staff_totp(&self, id: &str, secret: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE staff SET totp_secret = $1, totp_enrolled = 0, totp_last_step = NULL WHERE id = $2",
        )
        .bind(secret)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records `step` as used if it is newer than the last used one. Returns
    /// `false` when the step (or a later one) was used already: a replay.
    /// One conditional UPDATE, so two requests with the same code cannot both win.
    pub async fn use_totp_step(&self, id: &str, step: i64) -> Result<bool, sqlx::Error> {
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

    pub async fn create_staff_session(
        &self,
        token_hash: &str,
        staff_id: &str,
        stage: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_id, stage, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(staff_id)
        .bind(stage)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn staff_session(
        &self,
        token_hash: &str,
    ) -> Result<Option<StaffSessionRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT token_hash, staff_id, stage, created_at, last_seen_at FROM sessions \
             WHERE token_hash = $1 AND staff_id IS NOT NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
    }

    /// Swaps a pending session for a full one with a new token (ASVS 7.2.4).
    pub async fn promote_staff_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        staff_id: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(old_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_id, stage, created_at, last_seen_at) \
             VALUES ($1, $2, 'full', $3, $3)",
        )
        .bind(new_hash)
        .bind(staff_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    pub async fn create_delegation(
        &self,
        owner_id: &str,
        substitute_id: &str,
        starts_on: &str,
        ends_on: &str,
        granted_by: &str,
        now: i64,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO delegations (id, owner_id, substitute_id, starts_on, ends_on, granted_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(owner_id)
        .bind(substitute_id)
        .bind(starts_on)
        .bind(ends_on)
        .bind(granted_by)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    pub async fn delegation(&self, id: &str) -> Result<Option<Delegation>, sqlx::Error> {
        let row: Option<DelegationRow> = sqlx::query_as(delegation_select!("WHERE d.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Delegation::from))
    }

    /// Every delegation, or only those where `staff_id` is owner or substitute.
    pub async fn delegations(
        &self,
        staff_id: Option<&str>,
    ) -> Result<Vec<Delegation>, sqlx::Error> {
        let rows: Vec<DelegationRow> =
            match staff_id {
                None => {
                    sqlx::query_as(delegation_select!("ORDER BY d.starts_on DESC, d.id"))
                        .fetch_all(&self.pool)
                        .await?
                }
                Some(id) => sqlx::query_as(delegation_select!(
                    "WHERE d.owner_id = $1 OR d.substitute_id = $1 ORDER BY d.starts_on DESC, d.id"
                ))
                .bind(id)
                .fetch_all(&self.pool)
                .await?,
            };
        Ok(rows.into_iter().map(Delegation::from).collect())
    }

    pub async fn revoke_delegation(&self, id: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE delegations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether `substitute` stands in for `owner` on `today` (YYYY-MM-DD, UTC).
    pub async fn delegation_active(
        &self,
        owner: &str,
        substitute: &str,
        today: &str,
    ) -> Result<bool, sqlx::Error> {
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

    /// Writes one audit row on its own (before data is read and returned).
    pub async fn record_audit(&self, event: &AuditEvent) -> Result<(), sqlx::Error> {
        insert_audit(&mut *self.pool.acquire().await?, event).await
    }

    /// The trail of one participant's dossier, newest first, with staff names.
    pub async fn audit_trail(&self, participant_id: &str) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT a.at, s.display_name, o.display_name, a.action FROM audit_events a \
             JOIN staff s ON s.id = a.actor_id LEFT JOIN staff o ON o.id = a.acting_for \
             WHERE a.participant_id = $1 ORDER BY a.at DESC, a.id DESC",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, actor, acting_for, action)| AuditEntry {
                at,
                actor,
                acting_for,
                action,
            })
            .collect())
    }
}

/// Inserts an audit row on a connection or inside a transaction.
pub(super) async fn insert_audit(
    conn: &mut sqlx::SqliteConnection,
    event: &AuditEvent,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (id, at, actor_id, acting_for, participant_id, action) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(event.at)
    .bind(&event.actor_id)
    .bind(event.acting_for.as_deref())
    .bind(event.participant_id.as_deref())
    .bind(event.action)
    .execute(conn)
    .await?;
    Ok(())
}
