//! "Forgot password" links (M2.6; issue 3 §3): single use, short-lived, and the mail that
//! carries the link is queued in the same transaction as the token.

use time::OffsetDateTime;

use crate::db::write_tx;
use crate::error::{Result, StoreError};
use crate::repo::mail::enqueue_mail_tx;
use crate::{Store, now};

/// An account a reset can be sent to: enabled or locked for a missed deadline, with an e-mail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResetTarget {
    pub account_id: String,
    pub username: String,
    pub email: String,
}

impl Store {
    /// The account named by an account name or an e-mail address, if it can receive a reset
    /// (an account of someone who left, or one disabled by an admin, cannot).
    pub async fn reset_target(&self, name_or_email: &str) -> Result<Option<ResetTarget>> {
        let key = name_or_email.trim().to_lowercase();
        crate::db::read!(self, |p| {
            Ok(sqlx::query_as::<_, ResetTarget>(
            "SELECT a.id AS account_id, a.username, p.email FROM accounts a JOIN people p ON p.id = a.person_id \
             WHERE (a.username = $1 OR p.email = $1) AND p.email IS NOT NULL AND p.left_at IS NULL \
             AND (a.disabled = FALSE OR a.disabled_reason = 'password_deadline') ORDER BY a.username LIMIT 1"
        )
        .bind(&key)
        .fetch_optional(p)
        .await?)
        })
    }

    /// Records a reset token (its hash) and queues the mail carrying it, together.
    pub async fn create_password_reset(
        &self,
        token_hash: &str,
        account_id: &str,
        expires_at: OffsetDateTime,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("INSERT INTO password_resets (id, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(account_id)
                .bind(now())
                .bind(expires_at)
                .execute(&mut *tx)
                .await?;
            let _queued = enqueue_mail_tx!(tx, to, subject, body, None::<&str>);
            Ok(())
        })
    }

    /// Whether a reset token is live (unused, not expired) at `at`; its account.
    pub async fn live_reset(&self, token_hash: &str, at: OffsetDateTime) -> Result<Option<String>> {
        crate::db::read!(self, |p| {
            Ok(sqlx::query_scalar(
            "SELECT account_id FROM password_resets WHERE id = $1 AND used_at IS NULL AND expires_at > $2"
        )
        .bind(token_hash)
        .bind(at)
        .fetch_optional(p)
        .await?)
        })
    }

    /// Uses a live token once and sets the new password hash, in one transaction; a second
    /// use (or an expired token) is `NotFound`. Every session of the account ends.
    pub async fn complete_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
    ) -> Result<String> {
        let t = now();
        write_tx!(self, |tx| {
            let account: Option<String> = sqlx::query_scalar(
                "UPDATE password_resets SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id",
            )
            .bind(token_hash)
            .bind(t)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(account_id) = account else {
                return Err(StoreError::NotFound);
            };
            sqlx::query(
                "UPDATE accounts SET password_hash = $2, must_change_password = FALSE, password_changed_at = $3, \
                 password_deadline = NULL, failed_logins = 0, locked_until = NULL, \
                 disabled = CASE WHEN disabled_reason = 'password_deadline' THEN FALSE ELSE disabled END, \
                 disabled_reason = CASE WHEN disabled_reason = 'password_deadline' THEN NULL ELSE disabled_reason END \
                 WHERE id = $1",
            )
            .bind(&account_id)
            .bind(password_hash)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE password_resets SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
            )
            .bind(&account_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(&account_id)
                .execute(&mut *tx)
                .await?;
            Ok(account_id)
        })
    }
}
