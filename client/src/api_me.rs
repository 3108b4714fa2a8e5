//! The participant's view of staff-side data: the audit trail and the agency
//! report. HTTP itself stays in `api.rs`.

use lotse_shared::api::{AuditEntry, ReportDraft, ReportOverview};

use crate::api::{Failure, get, send};

/// The participant's own audit trail (`/my-data/audit`).
pub async fn my_audit() -> Result<Vec<AuditEntry>, Failure> {
    get("/api/v1/me/audit").await
}

/// The participant's view of the agency report.
pub async fn my_report() -> Result<ReportOverview, Failure> {
    get("/api/v1/me/report").await
}

pub async fn agree_report(wording: String) -> Result<ReportOverview, Failure> {
    send("POST", "/api/v1/me/report/agree", &ReportDraft { wording }).await
}
