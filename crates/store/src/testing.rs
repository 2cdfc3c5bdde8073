//! Test databases: a fresh SQLite file, or a fresh PostgreSQL database on the server named by
//! `DANHGIA_TEST_DATABASE_URL`, so the same tests run on both backends.

use crate::error::Result;
use crate::{Store, new_id};

/// The environment variable that switches tests to PostgreSQL.
pub const TEST_DB_ENV: &str = "DANHGIA_TEST_DATABASE_URL";

/// A migrated, empty store for one test, and the URL it lives at.
pub async fn fresh_store() -> Result<(Store, String)> {
    let url = fresh_url().await?;
    Ok((Store::connect(&url).await?, url))
}

/// The URL of a new, empty database on the test backend (not migrated).
pub async fn fresh_url() -> Result<String> {
    let name = format!("t_{}", new_id().replace('-', ""));
    match std::env::var(TEST_DB_ENV) {
        Ok(server) if !server.is_empty() => {
            let admin = Store::open(&server).await?;
            if let crate::Db::Postgres(p) = &admin.db {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(p)
                    .await?;
            }
            admin.close().await;
            let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
            Ok(format!("{base}/{name}"))
        }
        _ => {
            let dir = std::env::temp_dir().join("danhgia-tests");
            std::fs::create_dir_all(&dir).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
            Ok(format!(
                "sqlite://{}",
                dir.join(format!("{name}.db")).display()
            ))
        }
    }
}
