//! Upgrading a database that already holds data: the migrations that rebuild
//! a table keep every row that references it, and its foreign keys still
//! hold and still act afterwards.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::borrow::Cow;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Row as _, SqlitePool};

async fn pool() -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .in_memory(true)
                .foreign_keys(true),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_staff_rebuild_for_more_roles_keeps_everything_that_names_staff() {
    let pool = pool().await;
    let all = sqlx::migrate!("./migrations/sqlite");
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = Cow::Owned(
        all.migrations
            .iter()
            .filter(|m| m.version < 12)
            .cloned()
            .collect(),
    );
    before.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO staff (id, username, display_name, role, password_hash, totp_secret, created_at) \
         VALUES ('s1', 'anna', 'Anna', 'counsellor', 'h', 't', 1), ('s2', 'ben', 'Ben', 'counsellor', 'h', 't', 1)",
        "INSERT INTO sessions (token_hash, participant_id, created_at, last_seen_at, staff_id, stage) \
         VALUES ('tok', NULL, 1, 1, 's1', 'full')",
        "INSERT INTO delegations (id, owner_id, substitute_id, starts_on, ends_on, granted_by, created_at) \
         VALUES ('d1', 's1', 's2', '2026-01-01', '2026-01-31', 's1', 1)",
        "INSERT INTO vacancies (id, content, created_by, created_at) VALUES ('v1', '{}', 's1', 1)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }

    all.run(&pool).await.unwrap();

    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>(0)
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM staff").await, 2);
    assert_eq!(
        count("SELECT COUNT(*) FROM sessions WHERE staff_id = 's1'").await,
        1
    );
    assert_eq!(count("SELECT COUNT(*) FROM delegations").await, 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM vacancies WHERE created_by = 's1'").await,
        1
    );
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        broken.is_empty(),
        "{} rows break a foreign key",
        broken.len()
    );
    // The new roles are accepted, others still refused.
    sqlx::query(
        "INSERT INTO staff (id, username, display_name, role, password_hash, totp_secret, created_at) \
         VALUES ('s3', 'dora', 'Dora', 'dpo', 'h', 't', 1), ('s4', 'otto', 'Otto', 'office', 'h', 't', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(
        sqlx::query(
            "INSERT INTO staff (id, username, display_name, role, password_hash, totp_secret, created_at) \
             VALUES ('s5', 'x', 'X', 'root', 'h', 't', 1)",
        )
        .execute(&pool)
        .await
        .is_err()
    );
    // The other tables' keys still point at the new table and still act.
    assert!(
        sqlx::query(
            "INSERT INTO sessions (token_hash, participant_id, created_at, last_seen_at, staff_id, stage) \
             VALUES ('ghost', NULL, 1, 1, 'nobody', 'full')",
        )
        .execute(&pool)
        .await
        .is_err()
    );
    sqlx::query("DELETE FROM staff WHERE id = 's1'")
        .execute(&pool)
        .await
        .unwrap_err();
    sqlx::query("DELETE FROM delegations")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM staff WHERE id = 's1'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM sessions").await, 0, "cascaded");
    assert_eq!(
        count("SELECT COUNT(*) FROM vacancies WHERE created_by IS NULL").await,
        1,
        "set null"
    );
}
