//! The e-mail outbox: mail is written here (possibly in the same transaction as the change that
//! causes it) and delivered later by `danhgia_jobs::mail`, which claims due rows with one
//! conditional `UPDATE … RETURNING`, so several app servers never send the same mail twice.
//!
//! Life of a row: pending (`sent_at`, `failed_at` NULL) → claimed for a lease (`claimed_until`)
//! → sent (`sent_at`), or failed once more (`attempts` + 1, `last_error`, due again at
//! `send_after`). After [`MAIL_MAX_ATTEMPTS`] failed deliveries, or when the mailer abandons a
//! mail that can never be sent (an unparsable address), `failed_at` is set: the row stays for
//! the operator and is never claimed again. A claim whose holder died expires with its lease
//! and the mail is claimed again (delivery is at least once; the Message-ID carries the row id
//! so receivers can spot a duplicate).

use time::{Duration, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, now};

/// Failed deliveries after which a mail is given up (`failed_at` set).
pub const MAIL_MAX_ATTEMPTS: i64 = 8;

/// The longest `last_error` kept, in characters (SMTP servers can answer at length).
const MAX_ERROR_CHARS: usize = 1000;

/// A mail claimed for delivery by [`Store::claim_due_mail`].
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutgoingMail {
    pub id: String,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    /// Failed deliveries so far (0 on the first try).
    pub attempts: i64,
    pub created_at: OffsetDateTime,
}

/// Everything the outbox knows about one mail, for operators and tests.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxEntry {
    pub id: String,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: OffsetDateTime,
    pub send_after: OffsetDateTime,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub claimed_until: Option<OffsetDateTime>,
    pub sent_at: Option<OffsetDateTime>,
    /// Set when the mail was given up; it is then never claimed again.
    pub failed_at: Option<OffsetDateTime>,
    pub dedup_key: Option<String>,
}

/// Queues a mail inside a caller's write transaction `$tx` (so a reset token and its mail are
/// written together or not at all); evaluates to `Some(id)`, or `None` when a mail with the
/// same dedup key is already queued. Due at once.
macro_rules! enqueue_mail_tx {
    ($tx:ident, $to:expr, $subject:expr, $body:expr, $dedup:expr) => {{
        let id = $crate::new_id();
        let to: &str = $to;
        let subject: &str = $subject;
        let body: &str = $body;
        let dedup: Option<&str> = $dedup;
        let inserted: Option<String> = sqlx::query_scalar(
            "INSERT INTO mail_outbox (id, to_addr, subject, body_text, created_at, send_after, attempts, dedup_key) \
             VALUES ($1, $2, $3, $4, $5, $5, 0, $6) ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
        )
        .bind(&id)
        .bind(to.trim())
        .bind(subject)
        .bind(body)
        .bind($crate::now())
        .bind(dedup)
        .fetch_optional(&mut *$tx)
        .await?;
        inserted
    }};
}
pub(crate) use enqueue_mail_tx;

/// After an update that changed nothing: `Ok` when the mail exists (it was already settled),
/// else `NotFound`.
macro_rules! exists_or_not_found {
    ($tx:ident, $id:expr) => {{
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE id = $1")
            .bind($id)
            .fetch_one(&mut *$tx)
            .await?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }};
}

impl Store {
    /// Queues a mail to `to`, due at once. With a `dedup_key` (e.g. `reminder:<job>:<period>`),
    /// a second call with the same key queues nothing and answers `None`.
    pub async fn enqueue_mail(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        dedup_key: Option<&str>,
    ) -> Result<Option<String>> {
        // Through the crate path, as the other repositories will call it.
        write_tx!(self, |tx| Ok(crate::repo::mail::enqueue_mail_tx!(
            tx, to, subject, body, dedup_key
        )))
    }

    /// Claims up to `limit` due mails for `lease`: pending, `send_after <= now`, and not held by
    /// a live claim. One conditional `UPDATE … RETURNING`; the conditions are repeated outside
    /// the sub-select so that on PostgreSQL a row claimed meanwhile by another server is
    /// re-checked after its lock is released and skipped, and SQLite runs it under its single
    /// writer. Oldest due first.
    pub async fn claim_due_mail(
        &self,
        now: OffsetDateTime,
        limit: usize,
        lease: Duration,
    ) -> Result<Vec<OutgoingMail>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let until = now + lease;
        let mut rows: Vec<OutgoingMail> = write_tx!(self, |tx| Ok(sqlx::query_as(
            "UPDATE mail_outbox SET claimed_until = $2 \
             WHERE id IN (SELECT id FROM mail_outbox \
                          WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= $1 \
                            AND (claimed_until IS NULL OR claimed_until <= $1) \
                          ORDER BY send_after, id LIMIT $3) \
               AND sent_at IS NULL AND failed_at IS NULL AND send_after <= $1 \
               AND (claimed_until IS NULL OR claimed_until <= $1) \
             RETURNING id, to_addr, subject, body_text, attempts, created_at"
        )
        .bind(now)
        .bind(until)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?))?;
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(rows)
    }

    /// Records a delivery. A mail already marked sent stays as it was.
    pub async fn mark_mail_sent(&self, id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE mail_outbox SET sent_at = $2, claimed_until = NULL WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                exists_or_not_found!(tx, id)
            } else {
                Ok(())
            }
        })
    }

    /// Records a failed delivery: `attempts` + 1, the error, and the claim released with the
    /// mail due again at `retry_at`. The failure that reaches [`MAIL_MAX_ATTEMPTS`] gives the
    /// mail up (`failed_at` set). A mail already sent (by another server whose claim outlived
    /// ours) is left alone.
    pub async fn mark_mail_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: OffsetDateTime,
    ) -> Result<()> {
        let error = truncate(error);
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, send_after = $3, \
                 claimed_until = NULL, failed_at = CASE WHEN attempts + 1 >= $4 THEN $5 ELSE NULL END \
                 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id)
            .bind(&error)
            .bind(retry_at)
            .bind(MAIL_MAX_ATTEMPTS)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                exists_or_not_found!(tx, id)
            } else {
                Ok(())
            }
        })
    }

    /// Gives a mail up at once (it can never be sent, e.g. its address does not parse):
    /// `attempts` + 1, the error, `failed_at` set.
    pub async fn abandon_mail(&self, id: &str, error: &str) -> Result<()> {
        let error = truncate(error);
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL, \
                 failed_at = $3 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id)
            .bind(&error)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                exists_or_not_found!(tx, id)
            } else {
                Ok(())
            }
        })
    }

    /// One outbox row.
    pub async fn outbox_entry(&self, id: &str) -> Result<OutboxEntry> {
        read!(self, |p| sqlx::query_as::<_, OutboxEntry>(
            "SELECT id, to_addr, subject, body_text, created_at, send_after, attempts, last_error, \
             claimed_until, sent_at, failed_at, dedup_key FROM mail_outbox WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// How many mails wait to be sent (claimed or not), and how many were given up.
    pub async fn outbox_counts(&self) -> Result<(i64, i64)> {
        let (pending, failed): (i64, i64) = read!(self, |p| sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END), 0), \
                    COALESCE(SUM(CASE WHEN failed_at IS NULL THEN 0 ELSE 1 END), 0) \
             FROM mail_outbox WHERE sent_at IS NULL"
        )
        .fetch_one(p)
        .await?);
        Ok((pending, failed))
    }
}

fn truncate(error: &str) -> String {
    match error.char_indices().nth(MAX_ERROR_CHARS) {
        Some((at, _)) => format!("{}…", &error[..at]),
        None => error.to_owned(),
    }
}
