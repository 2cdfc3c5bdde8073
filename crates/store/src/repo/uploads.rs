//! Staff-list uploads waiting for confirmation, and the one-time password sheet of a
//! confirmed import (issue 3 §2).

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A stored upload.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Upload {
    pub id: String,
    pub unit_id: String,
    pub account_id: String,
    pub file_name: String,
    pub file: Vec<u8>,
    /// After confirmation: the created/updated counts as JSON text.
    pub outcome: Option<String>,
    pub has_credentials: bool,
}

impl Store {
    pub async fn save_upload(
        &self,
        unit_id: &str,
        account_id: &str,
        file_name: &str,
        file: &[u8],
    ) -> Result<String> {
        let id = new_id();
        write_tx!(self, |tx| {
            sqlx::query("INSERT INTO import_uploads (id, unit_id, account_id, file_name, file, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&id)
                .bind(unit_id)
                .bind(account_id)
                .bind(file_name)
                .bind(file)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            Ok(id.clone())
        })
    }

    /// An upload of `account_id` (nobody else's) for `unit_id`.
    pub async fn upload(&self, id: &str, unit_id: &str, account_id: &str) -> Result<Upload> {
        read!(self, |p| sqlx::query_as::<_, Upload>(
            "SELECT id, unit_id, account_id, file_name, file, outcome, credentials IS NOT NULL AS has_credentials \
             FROM import_uploads WHERE id = $1 AND unit_id = $2 AND account_id = $3"
        )
        .bind(id)
        .bind(unit_id)
        .bind(account_id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Marks an upload imported, keeping the outcome and the one-time password sheet.
    pub async fn finish_upload(
        &self,
        id: &str,
        outcome: &str,
        credentials: Option<&[u8]>,
    ) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE import_uploads SET outcome = $2, credentials = $3 WHERE id = $1")
                .bind(id)
                .bind(outcome)
                .bind(credentials)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Hands out the one-time password sheet once: it is erased as it is read.
    pub async fn take_credentials(&self, id: &str, account_id: &str) -> Result<Vec<u8>> {
        write_tx!(self, |tx| {
            let sheet: Option<Option<Vec<u8>>> = sqlx::query_scalar(
                "SELECT credentials FROM import_uploads WHERE id = $1 AND account_id = $2",
            )
            .bind(id)
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(Some(sheet)) = sheet else {
                return Err(StoreError::NotFound);
            };
            sqlx::query("UPDATE import_uploads SET credentials = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Ok(sheet)
        })
    }

    /// Every account name in use, for generating free ones in bulk (M2.4).
    pub async fn all_usernames(&self) -> Result<Vec<String>> {
        read!(self, |p| Ok(sqlx::query_scalar(
            "SELECT username FROM accounts"
        )
        .fetch_all(p)
        .await?))
    }

    /// Current staff of a subtree with what an import matches them by:
    /// (id, full name, unit id, account name, e-mail).
    #[allow(clippy::type_complexity)]
    pub async fn people_in_subtree(
        &self,
        root_path: &str,
    ) -> Result<Vec<(String, String, String, Option<String>, Option<String>)>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(root_path);
        read!(self, |p| {
            Ok(sqlx::query_as(
            "SELECT p.id, p.full_name, p.unit_id, a.username, p.email FROM people p JOIN units u ON u.id = p.unit_id \
             LEFT JOIN accounts a ON a.person_id = p.id WHERE p.left_at IS NULL AND u.path >= $1 AND u.path < $2"
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(p)
        .await?)
        })
    }
}
