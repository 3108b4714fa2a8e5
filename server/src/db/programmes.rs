//! Programmes: a course or measure with its dates.

use super::{ProgrammeRow, Store, new_id};

impl Store {
    pub async fn create_programme(
        &self,
        name: &str,
        starts_on: &str,
        ends_on: &str,
        now: i64,
    ) -> Result<ProgrammeRow, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO programmes (id, name, starts_on, ends_on, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(name)
        .bind(starts_on)
        .bind(ends_on)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(ProgrammeRow {
            id,
            name: name.to_owned(),
            starts_on: starts_on.to_owned(),
            ends_on: ends_on.to_owned(),
        })
    }

    pub async fn programme_by_name(&self, name: &str) -> Result<Option<ProgrammeRow>, sqlx::Error> {
        sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn programme(&self, id: &str) -> Result<Option<ProgrammeRow>, sqlx::Error> {
        sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }
}
