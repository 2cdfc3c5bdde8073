//! Backup and restore (issue 9 §3, SPEC M9.1; Hanoi Quy chế Đ.20–21: monthly backups).
//!
//! A backup is one file, taken while the app serves: on SQLite `VACUUM INTO` (a consistent copy
//! read in one transaction, compacted), on PostgreSQL `pg_dump --format=custom` (one snapshot).
//! It is written beside its final name and renamed, so a backup file is always whole.
//!
//! Restoring puts every table back as it was in the backup, in one transaction: SQLite copies
//! from the attached (and first migrated) backup; PostgreSQL runs `pg_restore --clean
//! --single-transaction`. Sessions are not brought back: everyone logs in again.

use std::path::{Path, PathBuf};
use std::process::Command;

use sqlx::AssertSqlSafe;
use sqlx::Connection;

use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::{Backend, Store};

/// The first bytes of each kind of backup file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PGDUMP_MAGIC: &[u8] = b"PGDMP";

/// The file name extension of a backup of `backend`.
pub fn extension(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "pgdump",
    }
}

fn io(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Backup(format!("{what} {}: {e}", path.display()))
}

/// Splits a PostgreSQL URL into the URL without its password and the password (decoded), so
/// that the password reaches `pg_dump` in its environment, not on its command line where any
/// user of the machine could read it.
fn without_password(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://") else {
        return (url.to_owned(), None);
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return (url.to_owned(), None);
    };
    let creds = &rest[..at];
    let Some((user, password)) = creds.split_once(':') else {
        return (url.to_owned(), None);
    };
    let bare = format!("{}{user}{}", &url[..scheme_end + 3], &rest[at..]);
    (bare, Some(percent_decode(password)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a PostgreSQL client tool with the database's password in its environment.
fn pg_tool(tool: &str, url: &str, args: &[&str]) -> Result<()> {
    let (bare, password) = without_password(url);
    let mut cmd = Command::new(tool);
    cmd.args(args).arg("--dbname").arg(&bare);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let out = cmd.output().map_err(|e| {
        StoreError::Backup(format!(
            "cannot run {tool} (is the PostgreSQL client installed?): {e}"
        ))
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(StoreError::Backup(format!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

impl Store {
    /// Writes a consistent copy of the whole database to `file` while the app keeps serving.
    /// Refuses to overwrite an existing file.
    pub async fn backup(&self, file: &Path) -> Result<()> {
        if file.exists() {
            return Err(StoreError::Backup(format!(
                "{} already exists; choose a new name",
                file.display()
            )));
        }
        let partial = partial_name(file);
        let _ = std::fs::remove_file(&partial);
        match &self.db {
            Db::Sqlite { read, .. } => {
                sqlx::query("VACUUM INTO $1")
                    .bind(partial.to_string_lossy().into_owned())
                    .execute(read)
                    .await?;
            }
            Db::Postgres(_) => {
                let (url, out) = (self.url.clone(), partial.clone());
                tokio::task::spawn_blocking(move || {
                    pg_tool(
                        "pg_dump",
                        &url,
                        &[
                            "--format=custom",
                            "--no-owner",
                            "--file",
                            &out.to_string_lossy(),
                        ],
                    )
                })
                .await
                .map_err(|e| StoreError::Backup(e.to_string()))??;
            }
        }
        std::fs::rename(&partial, file).map_err(|e| io("cannot rename to", file, e))?;
        Ok(())
    }

    /// Replaces every table's rows with the backup's, in one transaction, then ends every
    /// session. A backup from an older version is migrated first; a backup of the other kind of
    /// database, or a file that is no backup, is refused before anything changes.
    pub async fn restore(&self, file: &Path) -> Result<()> {
        let head = read_head(file)?;
        match (&self.db, head) {
            (Db::Sqlite { write, .. }, Kind::Sqlite) => {
                // Work on a copy, brought to this version's schema.
                let copy =
                    std::env::temp_dir().join(format!("danhgia-restore-{}.db", crate::new_id()));
                let _ = std::fs::remove_file(&copy);
                std::fs::copy(file, &copy).map_err(|e| io("cannot copy", file, e))?;
                let outcome = self.restore_sqlite(write, &copy).await;
                let _ = std::fs::remove_file(&copy);
                outcome?;
            }
            (Db::Postgres(_), Kind::PgDump) => {
                let (url, from) = (self.url.clone(), file.to_path_buf());
                tokio::task::spawn_blocking(move || {
                    pg_tool(
                        "pg_restore",
                        &url,
                        &[
                            "--clean",
                            "--if-exists",
                            "--single-transaction",
                            "--no-owner",
                            "--no-privileges",
                            &from.to_string_lossy(),
                        ],
                    )
                })
                .await
                .map_err(|e| StoreError::Backup(e.to_string()))??;
                self.migrate().await?;
            }
            (_, kind) => {
                return Err(StoreError::Backup(format!(
                    "{} is a {} backup; this database is {:?}",
                    file.display(),
                    kind.name(),
                    self.backend()
                )));
            }
        }
        crate::db::write_tx!(self, |tx| {
            sqlx::query("DELETE FROM sessions")
                .execute(&mut *tx)
                .await?;
            Ok(())
        })?;
        Ok(())
    }

    async fn restore_sqlite(&self, write: &sqlx::SqlitePool, copy: &Path) -> Result<()> {
        {
            let url = format!("sqlite://{}", copy.display());
            let source = Store::open(&url).await?;
            let outcome = async {
                let ok: String = match &source.db {
                    Db::Sqlite { write, .. } => {
                        sqlx::query_scalar("PRAGMA integrity_check")
                            .fetch_one(write)
                            .await?
                    }
                    Db::Postgres(_) => unreachable!("opened from a sqlite URL"),
                };
                if ok != "ok" {
                    return Err(StoreError::Backup(format!("the backup is damaged: {ok}")));
                }
                source.migrate().await
            }
            .await;
            source.close().await;
            outcome?;
        }
        let mut conn = write.acquire().await?;
        sqlx::query("ATTACH DATABASE $1 AS backup")
            .bind(copy.to_string_lossy().into_owned())
            .execute(&mut *conn)
            .await?;
        let outcome: Result<()> = async {
            let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM main.sessions")
                .execute(&mut *tx)
                .await?;
            let triggers: Vec<(String, String)> = sqlx::query_as(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL",
            )
            .fetch_all(&mut *tx)
            .await?;
            for (name, _) in &triggers {
                sqlx::query(AssertSqlSafe(format!("DROP TRIGGER main.\"{name}\"")))
                    .execute(&mut *tx)
                    .await?;
            }
            for table in sqlite_tables(&mut tx).await? {
                let cols = sqlite_columns(&mut tx, &table).await?;
                let list = cols
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                sqlx::query(AssertSqlSafe(format!("DELETE FROM main.\"{table}\"")))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(AssertSqlSafe(format!(
                    "INSERT INTO main.\"{table}\" ({list}) SELECT {list} FROM backup.\"{table}\""
                )))
                .execute(&mut *tx)
                .await?;
            }
            for (_, sql) in &triggers {
                sqlx::query(AssertSqlSafe(sql.clone()))
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await;
        let detached = sqlx::query("DETACH DATABASE backup")
            .execute(&mut *conn)
            .await;
        outcome?;
        detached?;
        Ok(())
    }

    /// What is wrong with the database file, if anything: SQLite's own page-by-page check and
    /// foreign-key check (after a crash or a full disk); PostgreSQL keeps both itself, so only
    /// a query is run. Empty when all is well.
    pub async fn check_integrity(&self) -> Result<Vec<String>> {
        match &self.db {
            Db::Sqlite { write, .. } => {
                let mut problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(write)
                    .await?;
                problems.retain(|p| p != "ok");
                let orphans: Vec<(String, i64, String)> =
                    sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                        .fetch_all(write)
                        .await?;
                problems.extend(
                    orphans
                        .into_iter()
                        .map(|(t, row, parent)| format!("{t} row {row}: no {parent}")),
                );
                Ok(problems)
            }
            Db::Postgres(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
                Ok(Vec::new())
            }
        }
    }

    /// Every table's rows as text, sorted, by table name: what a restore must bring back
    /// exactly (tests compare two of these). Sessions are left out (a restore ends them).
    pub async fn table_rows(&self) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
        let mut out = std::collections::BTreeMap::new();
        match &self.db {
            Db::Sqlite { write, .. } => {
                let mut conn = write.acquire().await?;
                let mut tx = conn.begin().await?;
                for table in sqlite_tables(&mut tx).await? {
                    let cols = sqlite_columns(&mut tx, &table).await?;
                    let expr = cols
                        .iter()
                        .map(|c| format!("quote(\"{c}\")"))
                        .collect::<Vec<_>>()
                        .join(" || '|' || ");
                    let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
                        "SELECT {expr} FROM main.\"{table}\" ORDER BY 1"
                    )))
                    .fetch_all(&mut *tx)
                    .await?;
                    out.insert(table, rows);
                }
            }
            Db::Postgres(pool) => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
                     AND table_name NOT IN ('_sqlx_migrations', 'sessions') ORDER BY 1",
                )
                .fetch_all(pool)
                .await?;
                for table in tables {
                    let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
                        "SELECT t::text FROM \"{table}\" t ORDER BY 1"
                    )))
                    .fetch_all(pool)
                    .await?;
                    out.insert(table, rows);
                }
            }
        }
        Ok(out)
    }
}

/// The app's tables (not SQLite's own, not the migration ledger, not sessions).
async fn sqlite_tables(tx: &mut sqlx::SqliteConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT IN ('_sqlx_migrations', 'sessions') ORDER BY name",
    )
    .fetch_all(&mut *tx)
    .await?)
}

/// The columns of `table`, in their order.
async fn sqlite_columns(tx: &mut sqlx::SqliteConnection, table: &str) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM pragma_table_info($1, 'main') ORDER BY cid")
            .bind(table)
            .fetch_all(&mut *tx)
            .await?,
    )
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Sqlite,
    PgDump,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Sqlite => "SQLite",
            Kind::PgDump => "PostgreSQL (pg_dump)",
        }
    }
}

fn read_head(file: &Path) -> Result<Kind> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(file)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io("cannot read", file, e))?;
    if head[..n].starts_with(SQLITE_MAGIC) {
        Ok(Kind::Sqlite)
    } else if head[..n].starts_with(PGDUMP_MAGIC) {
        Ok(Kind::PgDump)
    } else {
        Err(StoreError::Backup(format!(
            "{} is not a danhgia backup (neither SQLite nor pg_dump)",
            file.display()
        )))
    }
}

/// The name a backup is written under until it is whole.
fn partial_name(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    file.with_file_name(name)
}

/// Keeps the backups of the newest `keep` months in `dir` (files named `danhgia-YYYY-MM.*`:
/// the backup and its anchor) and deletes the older months' files; returns the names deleted.
/// Other files, and backups still being written (`.partial`), are left alone.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<String>> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .map_err(|e| io("cannot list", dir, e))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| month_of(&n).map(|m| (m.to_owned(), n.clone())))
        .collect();
    files.sort();
    let mut months: Vec<&str> = files.iter().map(|(m, _)| m.as_str()).collect();
    months.dedup();
    let cut = months.len().saturating_sub(keep);
    let old: Vec<String> = months[..cut].iter().map(|m| (*m).to_owned()).collect();
    let mut gone = Vec::new();
    for (m, n) in &files {
        if old.contains(m) {
            std::fs::remove_file(dir.join(n)).map_err(|e| io("cannot delete", &dir.join(n), e))?;
            gone.push(n.clone());
        }
    }
    Ok(gone)
}

/// The file name of the monthly backup of `month` (YYYY-MM).
pub fn monthly_name(month: &str, backend: Backend) -> String {
    format!("danhgia-{month}.{}", extension(backend))
}

/// The month of a monthly backup's file (or of its anchor), from its name.
fn month_of(n: &str) -> Option<&str> {
    let (month, ext) = n.strip_prefix("danhgia-")?.split_once('.')?;
    let ok = month.len() == 7
        && month
            .char_indices()
            .all(|(i, c)| if i == 4 { c == '-' } else { c.is_ascii_digit() })
        && matches!(ext, "sqlite" | "pgdump" | "anchor");
    ok.then_some(month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        let (bare, pw) =
            without_password("postgres://danhgia:s%40cret:x@db.local:5432/dg?sslmode=require");
        assert_eq!(bare, "postgres://danhgia@db.local:5432/dg?sslmode=require");
        assert_eq!(pw.as_deref(), Some("s@cret:x"));
        let (bare, pw) = without_password("postgres://db.local/dg");
        assert_eq!(bare, "postgres://db.local/dg");
        assert_eq!(pw, None);
    }

    #[test]
    fn pruning_keeps_the_newest_months_and_nothing_else_is_touched() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("danhgia-prune-{}", crate::new_id()));
        std::fs::create_dir_all(&dir)?;
        for n in [
            "danhgia-2026-01.sqlite",
            "danhgia-2026-01.anchor",
            "danhgia-2025-12.sqlite",
            "danhgia-2026-03.sqlite",
            "danhgia-2026-02.sqlite",
            "notes.txt",
            "danhgia-2026-04.sqlite.partial",
        ] {
            std::fs::write(dir.join(n), b"x")?;
        }
        let gone = prune(&dir, 2).map_err(std::io::Error::other)?;
        assert_eq!(
            gone,
            [
                "danhgia-2025-12.sqlite",
                "danhgia-2026-01.anchor",
                "danhgia-2026-01.sqlite"
            ]
        );
        let mut left: Vec<String> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "danhgia-2026-02.sqlite",
                "danhgia-2026-03.sqlite",
                "danhgia-2026-04.sqlite.partial",
                "notes.txt"
            ]
        );
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
