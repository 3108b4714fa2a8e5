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
    /// Anything else: connection, I/O, syntax, a failed migration.
    #[error("database failure")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl DbError {
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
            other => Self::Other(Box::new(other)),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        Self::Other(Box::new(error))
    }
}
