use thiserror::Error;

/// What the store can answer besides data. Constraint violations are their own variants so the
/// web layer can answer 4xx with a clear message instead of 500.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule: the key names which (`unit_code`, `username`, `cohort_name`, ...).
    #[error("already exists: {0}")]
    Duplicate(&'static str),
    /// A rule of the data that the request breaks (`move_cycle`, `unit_not_empty`, ...).
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Maps a unique violation to `Duplicate(key)`, anything else to `Db`.
    pub(crate) fn unique_as(key: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(key),
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
