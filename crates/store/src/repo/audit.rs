//! The audit log (issue 3 §5): who did what, when. Tamper evidence comes with issue 9.

use crate::db::{read, write_tx};
use crate::error::Result;
use crate::models::AuditEntry;
use crate::{Store, new_id};

impl Store {
    /// Appends one entry.
    pub async fn audit(&self, e: &AuditEntry) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_kind, target_id, unit_id, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(new_id())
            .bind(e.at)
            .bind(&e.actor_id)
            .bind(&e.actor_name)
            .bind(&e.action)
            .bind(&e.target_kind)
            .bind(&e.target_id)
            .bind(&e.unit_id)
            .bind(&e.detail)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// The latest entries about one thing, newest first.
    pub async fn audit_of(
        &self,
        target_kind: &str,
        target_id: &str,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        read!(self, |p| {
            Ok(sqlx::query_as::<_, AuditEntry>(
            "SELECT at, actor_id, actor_name, action, target_kind, target_id, unit_id, detail FROM audit_log \
             WHERE target_kind = $1 AND target_id = $2 ORDER BY at DESC, id DESC LIMIT $3"
        )
        .bind(target_kind)
        .bind(target_id)
        .bind(limit)
        .fetch_all(p)
        .await?)
        })
    }

    /// Entries by action, newest first (for tests and reports).
    pub async fn audit_by_action(&self, action: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        read!(self, |p| {
            Ok(sqlx::query_as::<_, AuditEntry>(
            "SELECT at, actor_id, actor_name, action, target_kind, target_id, unit_id, detail FROM audit_log \
             WHERE action = $1 ORDER BY at DESC, id DESC LIMIT $2"
        )
        .bind(action)
        .bind(limit)
        .fetch_all(p)
        .await?)
        })
    }
}
