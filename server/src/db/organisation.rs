//! The organisation's profile (one row).

use async_trait::async_trait;
use lotse_shared::api::OrganisationProfile;

use super::DbError;

#[async_trait]
pub trait Organisation: Send + Sync {
    /// The stored profile, or `None` before anyone filled it in.
    async fn organisation(&self) -> Result<Option<OrganisationProfile>, DbError>;
    /// Replaces the profile as a whole.
    async fn save_organisation(
        &self,
        profile: &OrganisationProfile,
        now: i64,
    ) -> Result<(), DbError>;
}
