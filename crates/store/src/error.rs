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
    /// A backup or restore could not be done (the message says why, for an operator).
    #[error("{0}")]
    Backup(String),
}

/// Why the database cannot take a write (or any query) just now: the operator's problem, not
/// the request's. The web layer answers these with 503 and a message that says the data was not
/// saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// The disk of the database is full.
    Full,
    /// The database or its disk is read-only.
    ReadOnly,
    /// The database server cannot be reached (restarting, network).
    Unreachable,
}

impl StoreError {
    /// The outage behind this error, if it is one. SQLite names it by its result code (the low
    /// byte of the extended code: 13 full, 8 read-only, 10 I/O, 14 cannot open); PostgreSQL by
    /// SQLSTATE (53100 disk full, 25006 read-only transaction, class 08 connection, 57P0x
    /// shutdown) or a connection that broke or could not be had.
    pub fn outage(&self) -> Option<Outage> {
        let StoreError::Db(e) = self else {
            return None;
        };
        match e {
            sqlx::Error::Database(d) => {
                let code = d.code()?;
                if let Ok(n) = code.parse::<u32>() {
                    return match n & 0xff {
                        13 => Some(Outage::Full),
                        8 => Some(Outage::ReadOnly),
                        10 | 14 => Some(Outage::Unreachable),
                        _ => None,
                    };
                }
                match code.as_ref() {
                    "53100" => Some(Outage::Full),
                    "25006" => Some(Outage::ReadOnly),
                    c if c.starts_with("08") || c.starts_with("57P0") => Some(Outage::Unreachable),
                    _ => None,
                }
            }
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Some(Outage::Unreachable),
            _ => None,
        }
    }

    /// Maps a unique violation to `Duplicate(key)`, anything else to `Db`.
    pub(crate) fn unique_as(key: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(key),
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
