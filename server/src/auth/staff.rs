//! Staff sessions. They live in the same `sessions` table and cookie as
//! participant sessions, with the same idle (30 min) and absolute (12 h)
//! timeouts, and a `stage`: after the password a session is only *pending*
//! (`totp` or `enrol`) for five minutes and opens nothing but the TOTP step.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use lotse_shared::api::{StaffInfo, StaffRole};

use crate::AppState;
use crate::auth::live_session;
use crate::db::{SessionRow, SessionStage, StaffRow};
use crate::http::error::AppError;

/// A signed-in staff member (both factors passed).
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub staff_id: String,
    pub role: StaffRole,
    pub username: String,
    pub display_name: String,
    pub token_hash: String,
}

impl StaffSession {
    pub fn info(&self) -> StaffInfo {
        StaffInfo {
            id: self.staff_id.clone(),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
        }
    }
}

/// A session whose password step passed and whose TOTP step is outstanding.
#[derive(Debug, Clone)]
pub struct PendingStaffSession {
    pub staff: StaffRow,
    pub stage: SessionStage,
    pub token_hash: String,
}

async fn load(parts: &Parts, state: &AppState) -> Result<(SessionRow, StaffRow), AppError> {
    let session = live_session(parts, state).await?;
    let Some(staff_id) = &session.staff_id else {
        return Err(AppError::Unauthenticated);
    };
    match state.store.staff_by_id(staff_id).await? {
        Some(staff) if staff.disabled_at.is_none() => Ok((session, staff)),
        _ => {
            state.store.delete_session(&session.token_hash).await?;
            Err(AppError::Unauthenticated)
        }
    }
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (session, staff) = load(parts, state).await?;
        if session.stage != SessionStage::Full {
            return Err(AppError::Unauthenticated);
        }
        let role = staff.role;
        let now = state.clock.unix();
        crate::auth::touch(state, &session.token_hash, session.last_seen_at, now).await?;
        Ok(Self {
            staff_id: staff.id,
            role,
            username: staff.username,
            display_name: staff.display_name,
            token_hash: session.token_hash,
        })
    }
}

impl FromRequestParts<AppState> for PendingStaffSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (session, staff) = load(parts, state).await?;
        if session.stage == SessionStage::Full {
            return Err(AppError::Conflict("already signed in".into()));
        }
        Ok(Self {
            staff,
            stage: session.stage,
            token_hash: session.token_hash,
        })
    }
}
