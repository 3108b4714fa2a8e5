//! What storage fails with, the same on every database: callers above `db/`
//! never see a driver error type.

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The row the operation needs does not exist.
    #[error("not found")]
    NotFound,
    /// A unique or exclusion constraint refused the change (a name taken, a
    /// second open report draft); nothing was written.
    #[error("conflicts with a stored record")]
    Conflict,
    /// A stored value does not decode into its type (an unknown state, a
    /// number out of range). Never turned into a default: a record that
    /// silently changes meaning would be a lie.
    #[error("stored {column} has an unreadable value {value:?}")]
    Corrupt { column: &'static str, value: String },
    /// The database cannot take the operation right now, through no fault of
    /// the request: PostgreSQL is down or restarting, no connection came free
    /// in time, SQLite's file is locked past its busy timeout, or the disk is
    /// full. Nothing was written; the same request can succeed later.
    #[error("database unavailable ({reason})")]
    Unavailable {
        reason: Unavailable,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Anything else: syntax, a failed migration, a protocol error.
    #[error("database failure")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Why the database is unavailable; decides what the answer tells the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// Unreachable, restarting, or busy: it comes back by itself.
    Unreachable,
    /// The disk (or the database's size limit) is full: someone must free space.
    Full,
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unavailable::Unreachable => "unreachable",
            Unavailable::Full => "storage full",
        })
    }
}

impl DbError {
    /// The same failure for each of several waiters (the uploads of one
    /// failed group commit): its kind stays, its source becomes text.
    pub(crate) fn for_each_waiter(&self) -> Self {
        match self {
            Self::NotFound => Self::NotFound,
            Self::Conflict => Self::Conflict,
            Self::Corrupt { column, value } => Self::Corrupt {
                column,
                value: value.clone(),
            },
            Self::Unavailable { reason, source } => Self::Unavailable {
                reason: *reason,
                source: source.to_string().into(),
            },
            Self::Other(source) => Self::Other(source.to_string().into()),
        }
    }

    pub(crate) fn corrupt(column: &'static str, value: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            column,
            value: value.to_string(),
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(ref e) if e.is_unique_violation() => Self::Conflict,
            ref e => match unavailable(e) {
                Some(reason) => Self::Unavailable {
                    reason,
                    source: Box::new(error),
                },
                None => Self::Other(Box::new(error)),
            },
        }
    }
}

/// Whether a driver error means "not now" rather than "never": the
/// connection-level failures of both drivers, PostgreSQL's SQLSTATEs for a
/// lost connection (class 08), a shutdown or restart (57P01–57P03) and a full
/// disk (53100), and SQLite's primary result codes BUSY (5), LOCKED (6),
/// IOERR (10, which a failed write on a full disk also gives), FULL (13)
/// and CANTOPEN (14).
fn unavailable(error: &sqlx::Error) -> Option<Unavailable> {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Some(Unavailable::Unreachable),
        sqlx::Error::Database(e) => {
            let code = e.code()?;
            if e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                match code.as_ref() {
                    "53100" => Some(Unavailable::Full),
                    "57P01" | "57P02" | "57P03" => Some(Unavailable::Unreachable),
                    c if c.starts_with("08") => Some(Unavailable::Unreachable),
                    _ => None,
                }
            } else {
                // SQLite reports its extended result code; the low byte is
                // the primary one.
                match code.parse::<i32>().ok()? & 0xff {
                    13 => Some(Unavailable::Full),
                    5 | 6 | 10 | 14 => Some(Unavailable::Unreachable),
                    _ => None,
                }
            }
        }
        _ => None,
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        Self::Other(Box::new(error))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use sqlx::Connection as _;
    use sqlx::sqlite::SqliteConnection;

    use super::*;

    #[tokio::test]
    async fn a_full_database_is_unavailable_not_broken() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::query("CREATE TABLE t (v TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        // The page limit stands in for a full disk: SQLite answers both with
        // SQLITE_FULL.
        sqlx::query("PRAGMA max_page_count = 2")
            .execute(&mut conn)
            .await
            .unwrap();
        let error = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert!(matches!(
            DbError::from(error),
            DbError::Unavailable {
                reason: Unavailable::Full,
                ..
            }
        ));
        let error = sqlx::query("SELEKT 1")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert!(matches!(DbError::from(error), DbError::Other(_)));
    }

    #[tokio::test]
    async fn a_closed_pool_is_unreachable() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        pool.close().await;
        let error = sqlx::query("SELECT 1").execute(&pool).await.unwrap_err();
        let error = DbError::from(error);
        assert!(matches!(
            error,
            DbError::Unavailable {
                reason: Unavailable::Unreachable,
                ..
            }
        ));
        // A failed group commit tells each waiter the same kind.
        assert!(matches!(
            error.for_each_waiter(),
            DbError::Unavailable {
                reason: Unavailable::Unreachable,
                ..
            }
        ));
    }
}
