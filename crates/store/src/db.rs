use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::{Result, StoreError};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The two real backends, each with its native sqlx driver.
#[derive(Debug, Clone)]
pub enum Db {
    /// Readers share a pool; every write goes through the one-connection `write` pool so that
    /// SQLite never answers "database is locked" to a second writer.
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
    },
    Postgres(PgPool),
}

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The repository API that everything above the store uses.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) db: Db,
    /// Parsed criteria sets by version id; a version never changes once written (M3.4).
    pub(crate) sets: std::sync::Arc<
        std::sync::RwLock<
            std::collections::HashMap<
                String,
                std::sync::Arc<danhgia_domain::criteria::CriteriaSet>,
            >,
        >,
    >,
    /// Where the database is (for `pg_dump` and `pg_restore`).
    pub(crate) url: String,
}

/// Runs `$body` with `$pool` bound to the backend's read pool (same text, two drivers).
macro_rules! read {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite { read: $pool, .. } => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` (a `Result`) inside one write transaction bound to `$tx`, and commits only when
/// it is `Ok`; an error or an early return drops the transaction, which rolls it back, so
/// nothing is half-written.
macro_rules! write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite { write, .. } => {
                let mut $tx = write.begin_with("BEGIN IMMEDIATE").await?;
                let out: $crate::error::Result<_> = $body;
                if out.is_ok() {
                    $tx.commit().await?;
                }
                out
            }
            $crate::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out: $crate::error::Result<_> = $body;
                if out.is_ok() {
                    $tx.commit().await?;
                }
                out
            }
        }
    };
}
pub(crate) use {read, write_tx};

impl Store {
    /// Opens (creating if needed) the database at `url`: `sqlite://path`, `sqlite::memory:` or
    /// `postgres://…`. Does not migrate.
    pub async fn open(url: &str) -> Result<Store> {
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Db::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("temp_store", "memory")
                // 8 MB of page cache per reader (SQLite's default is 2 MB; a reader's cache is
                // dropped whenever another connection has written, so more buys little under
                // load); the writer gets 32 MB below: index inserts on city-sized tables.
                .pragma("cache_size", "-8192");
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                // A write that failed on a full or failing disk ends with SQLite rolling the
                // transaction back by itself; sqlx's own ROLLBACK then fails and leaves the
                // connection counting a transaction that no longer exists, refusing every later
                // BEGIN. Such a connection is closed and a fresh one opened (issue 9 §4).
                .after_release(|conn, _| {
                    Box::pin(async move {
                        use sqlx::Connection;
                        if !conn.is_in_transaction() {
                            return Ok(true);
                        }
                        // A rollback may still be queued: let it run, then look again.
                        let _ = sqlx::query("SELECT 1").execute(&mut *conn).await;
                        Ok(!conn.is_in_transaction())
                    })
                })
                .connect_with(opts.clone().pragma("cache_size", "-32768"))
                .await?;
            // An in-memory database exists per connection: share the single one.
            let read = if in_memory {
                write.clone()
            } else {
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(opts.read_only(true))
                    .await?
            };
            Db::Sqlite { read, write }
        } else {
            return Err(StoreError::Corrupt(format!(
                "unsupported database URL (use sqlite://FILE or postgres://…): {url}"
            )));
        };
        Ok(Store {
            db,
            sets: Default::default(),
            url: url.to_owned(),
        })
    }

    /// How many rows of `columns` values one multi-row INSERT should carry. SQLite looks each
    /// `$n` parameter up by walking the statement's parameter list (sqlx binds by name), so a
    /// statement of n parameters costs n² — 250 parameters keep that negligible; PostgreSQL
    /// gains from fewer round trips and takes up to 65,535.
    pub(crate) fn rows_per_insert(&self, columns: usize) -> usize {
        let binds = match self.db {
            Db::Sqlite { .. } => 250,
            Db::Postgres(_) => 16_000,
        };
        (binds / columns.max(1)).max(1)
    }

    /// Prepares the writer for loading millions of rows (`repo::bulk`): on SQLite a 1 GB page
    /// cache, so that inserts into indexes with random keys stay in memory until commit. The
    /// setting lives as long as the writer's connection.
    pub async fn prepare_bulk_load(&self) -> Result<()> {
        if let Db::Sqlite { write, .. } = &self.db {
            sqlx::query("PRAGMA cache_size = -1048576")
                .execute(write)
                .await?;
        }
        Ok(())
    }

    /// Refreshes the statistics the query planner chooses indexes by, after a load has changed
    /// the tables' sizes. Without them SQLite answered "the forms a leader acts on" by scanning
    /// a city's whole month (180 ms instead of 3 ms, issue 6). SQLite samples at most 1,000 rows
    /// per index (about a second on a city, holding the writer); PostgreSQL runs ANALYZE.
    pub async fn analyze(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite { write, .. } => {
                sqlx::query("PRAGMA analysis_limit = 1000")
                    .execute(write)
                    .await?;
                sqlx::query("ANALYZE").execute(write).await?;
            }
            Db::Postgres(pool) => {
                sqlx::query("ANALYZE").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// The cheap, periodic form of [`Store::analyze`]: SQLite re-analyzes only the tables whose
    /// size changed a lot since their last analysis (`PRAGMA optimize`), so it is a no-op on
    /// most runs and never stalls the writer at start; PostgreSQL's autovacuum does this alone.
    pub async fn optimize(&self) -> Result<()> {
        if let Db::Sqlite { write, .. } = &self.db {
            sqlx::query("PRAGMA analysis_limit = 1000")
                .execute(write)
                .await?;
            sqlx::query("PRAGMA optimize = 0x10002")
                .execute(write)
                .await?;
        }
        Ok(())
    }

    /// The database's size on disk in bytes (SQLite: pages in use; PostgreSQL: the database).
    pub async fn size_bytes(&self) -> Result<i64> {
        Ok(match &self.db {
            Db::Sqlite { read, .. } => {
                sqlx::query_scalar(
                    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                )
                .fetch_one(read)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar("SELECT pg_database_size(current_database())")
                    .fetch_one(pool)
                    .await?
            }
        })
    }

    /// Applies the backend's migrations.
    pub async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        // Domain data migrates with the schema: the criteria sets shipped in this binary.
        let catalogue = danhgia_domain::catalogue::Catalogue::get().map_err(|e| {
            StoreError::Corrupt(
                e.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        self.sync_shipped_sets(catalogue).await?;
        self.seal_audit().await?;
        Ok(())
    }

    /// Opens and migrates.
    pub async fn connect(url: &str) -> Result<Store> {
        let s = Store::open(url).await?;
        s.migrate().await?;
        Ok(s)
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        read!(self, |p| sqlx::query("SELECT 1")
            .execute(p)
            .await
            .map(|_| ())?);
        Ok(())
    }

    /// Table → sorted column names, for the test that keeps both schemas in step.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String)>> {
        let rows: Vec<(String, String)> = match &self.db {
            Db::Sqlite { read, .. } => {
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE '\\_%' ESCAPE '\\' AND m.name NOT LIKE 'sqlite%' \
                     ORDER BY 1, 2",
                )
                .fetch_all(read)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_%' \
                     ORDER BY 1, 2",
                )
                .fetch_all(pool)
                .await?
            }
        };
        Ok(rows)
    }

    /// Closes the pools.
    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }
}
