//! The privacy notice's published versions.

use async_trait::async_trait;
use lotse_shared::Lang;
use lotse_shared::api::NoticeOrigin;

use super::DbError;

/// One language of one published version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    pub version: u32,
    pub lang: Lang,
    pub origin: NoticeOrigin,
    pub source: String,
    pub text: String,
    pub hash: String,
    pub published_at: i64,
}

/// A version to publish: one row per language, same version number.
#[derive(Debug, Clone)]
pub struct NewNoticeText {
    pub lang: Lang,
    pub source: String,
    pub text: String,
    pub hash: String,
}

#[async_trait]
pub trait Notices: Send + Sync {
    /// The newest published version, `None` before the first.
    async fn current_notice_version(&self) -> Result<Option<u32>, DbError>;
    /// One language of one version.
    async fn notice(&self, version: u32, lang: Lang) -> Result<Option<NoticeRow>, DbError>;
    /// Every language of one version.
    async fn notice_texts(&self, version: u32) -> Result<Vec<NoticeRow>, DbError>;
    /// Whether `hash` is the hash of one of `version`'s texts.
    async fn notice_hash_known(&self, version: u32, hash: &str) -> Result<bool, DbError>;
    /// Publishes `version` in every language at once. `Conflict` when the
    /// version exists already (someone published at the same moment).
    async fn publish_notice(
        &self,
        version: u32,
        origin: NoticeOrigin,
        texts: &[NewNoticeText],
        now: i64,
        published_by: Option<&str>,
    ) -> Result<(), DbError>;
}
