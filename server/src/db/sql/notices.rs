// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the privacy notice's published versions.

use async_trait::async_trait;
use lotse_shared::Lang;

use super::This;
use crate::db::rows::narrow;
use lotse_shared::api::NoticeOrigin;

use crate::db::{Code as _, DbError, NewNoticeText, NoticeRow, Notices};

#[derive(Debug, sqlx::FromRow)]
struct RawNotice {
    version: i64,
    lang: String,
    origin: String,
    source: String,
    text: String,
    hash: String,
    published_at: i64,
}

impl TryFrom<RawNotice> for NoticeRow {
    type Error = DbError;

    fn try_from(r: RawNotice) -> Result<Self, DbError> {
        Ok(Self {
            version: narrow("notice_versions.version", r.version)?,
            lang: Lang::decode("notice_versions.lang", &r.lang)?,
            origin: NoticeOrigin::decode("notice_versions.origin", &r.origin)?,
            source: r.source,
            text: r.text,
            hash: r.hash,
            published_at: r.published_at,
        })
    }
}

const SELECT: &str = "SELECT version, lang, origin, source, text, hash, published_at \
                      FROM notice_versions WHERE version = $1";

#[async_trait]
impl Notices for This {
    async fn current_notice_version(&self) -> Result<Option<u32>, DbError> {
        let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM notice_versions")
            .fetch_one(&self.pool)
            .await?;
        max.map(|v| narrow("notice_versions.version", v))
            .transpose()
    }

    async fn notice(&self, version: u32, lang: Lang) -> Result<Option<NoticeRow>, DbError> {
        let row: Option<RawNotice> = sqlx::query_as(&[SELECT, " AND lang = $2"].concat())
            .bind(i64::from(version))
            .bind(lang.code())
            .fetch_optional(&self.pool)
            .await?;
        row.map(NoticeRow::try_from).transpose()
    }

    async fn notice_texts(&self, version: u32) -> Result<Vec<NoticeRow>, DbError> {
        let rows: Vec<RawNotice> = sqlx::query_as(&[SELECT, " ORDER BY lang"].concat())
            .bind(i64::from(version))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(NoticeRow::try_from).collect()
    }

    async fn notice_hash_known(&self, version: u32, hash: &str) -> Result<bool, DbError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM notice_versions WHERE version = $1 AND hash = $2")
                .bind(i64::from(version))
                .bind(hash)
                .fetch_one(&self.pool)
                .await?;
        Ok(n > 0)
    }

    async fn publish_notice(
        &self,
        version: u32,
        origin: NoticeOrigin,
        texts: &[NewNoticeText],
        now: i64,
        published_by: Option<&str>,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        for t in texts {
            sqlx::query(
                "INSERT INTO notice_versions \
                 (version, lang, origin, source, text, hash, published_at, published_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(i64::from(version))
            .bind(t.lang.code())
            .bind(origin.code())
            .bind(&t.source)
            .bind(&t.text)
            .bind(&t.hash)
            .bind(now)
            .bind(published_by)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
