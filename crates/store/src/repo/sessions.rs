//! Server-side sessions (issue 2): kept in the database so several app servers share them.
//! The id stored is a hash of the cookie/bearer token; the token itself never reaches the
//! database.

use time::OffsetDateTime;

use crate::db::{read, write_tx};
use crate::error::Result;
use crate::models::Session;
use crate::{Store, now};

impl Store {
    /// Records a new session.
    pub async fn create_session(
        &self,
        id_hash: &str,
        account_id: &str,
        kind: &str,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO sessions (id, account_id, kind, csrf_token, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $5, $6)",
            )
            .bind(id_hash)
            .bind(account_id)
            .bind(kind)
            .bind(csrf_token)
            .bind(t)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// A live session (not expired at `at`, account enabled), with its account.
    pub async fn session(&self, id_hash: &str, at: OffsetDateTime) -> Result<Option<Session>> {
        read!(self, |p| {
            Ok(sqlx::query_as::<_, Session>(
            "SELECT s.id, s.account_id, s.kind, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, a.username, a.person_id, \
             a.must_change_password, \
             (SELECT COUNT(*) FROM notifications n WHERE n.account_id = a.id AND n.read_at IS NULL) AS unread_alerts \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.id = $1 AND s.expires_at > $2 AND a.disabled = FALSE"
        )
        .bind(id_hash)
        .bind(at)
        .fetch_optional(p)
        .await?)
        })
    }

    /// Extends a session that is in use (idle timeout restarts).
    pub async fn touch_session(&self, id_hash: &str, expires_at: OffsetDateTime) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1")
                .bind(id_hash)
                .bind(now())
                .bind(expires_at)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Ends a session (logout).
    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(id_hash)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Ends every session of an account except `keep` (after a password change).
    pub async fn delete_sessions_of(&self, account_id: &str, keep: Option<&str>) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id <> $2")
                .bind(account_id)
                .bind(keep.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Removes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self, at: OffsetDateTime) -> Result<u64> {
        write_tx!(self, |tx| Ok(sqlx::query(
            "DELETE FROM sessions WHERE expires_at <= $1"
        )
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected()))
    }
}
