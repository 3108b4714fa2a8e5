// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the schema from the database's own catalogue, and raw statements.

use async_trait::async_trait;
use sqlx::Row as _;

use super::{This, dialect};
use crate::db::{Cell, DbError, Inspect, TableInfo};

/// A column as an integer, as text, or NULL (anything else reads as NULL).
fn cell(row: &<super::DbKind as sqlx::Database>::Row, index: usize) -> Cell {
    if let Ok(Some(n)) = row.try_get::<Option<i64>, _>(index) {
        return Cell::Int(n);
    }
    match row.try_get::<Option<String>, _>(index) {
        Ok(Some(s)) => Cell::Text(s),
        _ => Cell::Null,
    }
}

#[async_trait]
impl Inspect for This {
    async fn tables(&self) -> Result<Vec<TableInfo>, DbError> {
        let names: Vec<String> = sqlx::query_scalar(dialect::TABLES)
            .fetch_all(&self.pool)
            .await?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let columns = sqlx::query_scalar(dialect::COLUMNS)
                .bind(&name)
                .fetch_all(&self.pool)
                .await?;
            let references = sqlx::query_scalar(dialect::REFERENCES)
                .bind(&name)
                .fetch_all(&self.pool)
                .await?;
            tables.push(TableInfo {
                name,
                columns,
                references,
            });
        }
        Ok(tables)
    }

    async fn raw_execute(&self, sql: &str, params: &[&str]) -> Result<u64, DbError> {
        let mut query = sqlx::query(sql);
        for p in params {
            query = query.bind(*p);
        }
        Ok(query.execute(&self.pool).await?.rows_affected())
    }

    async fn raw_rows(&self, sql: &str, params: &[&str]) -> Result<Vec<Vec<Cell>>, DbError> {
        let mut query = sqlx::query(sql);
        for p in params {
            query = query.bind(*p);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|row| (0..row.len()).map(|i| cell(row, i)).collect())
            .collect())
    }
}
