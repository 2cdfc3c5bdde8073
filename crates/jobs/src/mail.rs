//! Delivery of the e-mail outbox (`mail_outbox`, see `danhgia_store::Store::enqueue_mail`) over
//! SMTP with lettre.
//!
//! Each round claims due mails for a lease with one conditional `UPDATE … RETURNING`, so
//! several app servers (or two overlapping rounds) never send the same mail twice; sends each
//! one; and marks it sent, or failed with an exponential backoff (`retry_base` doubled per
//! failure, at most `retry_max`). After `danhgia_store::MAIL_MAX_ATTEMPTS` failures the outbox
//! gives the mail up (`failed_at`). A mail that can never be sent (its address does not parse)
//! is given up at once. If a server dies mid-round, its claims expire with the lease and the
//! mails go out from another round: delivery is at least once, and the Message-ID is the
//! outbox row id so a duplicate is recognisable.
//!
//! Messages are UTF-8 plain text, normalised to NFC; lettre encodes the Vietnamese subject as
//! RFC 2047 words and the body as quoted-printable or base64, whichever is shorter.

use std::fmt;
use std::time::Duration;

use danhgia_store::{OutgoingMail, Store, StoreError};
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use unicode_normalization::UnicodeNormalization;

/// How long connecting to the server may take (lettre's own timeout covers the connection
/// only; the whole conversation is bounded by `MailConfig::send_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Where and how outgoing mail is sent.
#[derive(Clone)]
pub struct MailConfig {
    /// The `From:` of every message, e.g. `Hệ thống đánh giá <khong-tra-loi@huyen.gov.vn>`.
    pub from: Mailbox,
    /// Mails claimed per round.
    pub batch: usize,
    /// How long one message's SMTP conversation may take in all (connect, EHLO, … QUIT); a
    /// server that stalls past it counts as a failed try.
    pub send_timeout: Duration,
    /// How long a claim holds; keep it above `batch` × `send_timeout` so a slow round does not
    /// lose its claims to another server (which would then send them a second time).
    pub lease: Duration,
    /// Wait after the first failure; doubled after each further failure.
    pub retry_base: Duration,
    /// Longest wait between two tries.
    pub retry_max: Duration,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// The server URL without the password, for logs.
    server: String,
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .field("batch", &self.batch)
            .field("send_timeout", &self.send_timeout)
            .field("lease", &self.lease)
            .field("retry_base", &self.retry_base)
            .field("retry_max", &self.retry_max)
            .finish_non_exhaustive()
    }
}

impl MailConfig {
    /// Builds the configuration from a server URL and the sender:
    /// - `smtp://host[:port]` — plain SMTP (port 25 by default), for a relay on the same host
    ///   or network; no credentials (they would travel in clear);
    /// - `smtp+starttls://user:pass@host[:port]` — STARTTLS required (port 587 by default);
    /// - `smtps://user:pass@host[:port]` — TLS from the first byte (port 465 by default).
    ///
    /// User and password are percent-encoded as in any URL (`%40` for `@`). A path names the
    /// EHLO host (`smtp://relay:25/app.huyen.gov.vn`); without one the client says
    /// `[127.0.0.1]`. TLS certificates are checked against the system's trust store.
    pub fn from_url(url: &str, from: &str) -> Result<MailConfig, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("invalid sender address {from:?}: {e}"))?;
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("not a mail server URL: {}", redact(url)))?;
        if rest.contains(['?', '#']) {
            return Err(format!(
                "mail server URL takes no query or fragment: {}",
                redact(url)
            ));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        let has_credentials = authority.contains('@');
        let lettre_url = match scheme {
            "smtp" if has_credentials => {
                return Err(
                    "smtp:// is plain text: give credentials only with smtp+starttls:// or smtps://"
                        .to_owned(),
                );
            }
            "smtp" => format!("smtp://{rest}"),
            "smtp+starttls" => format!("smtp://{rest}?tls=required"),
            "smtps" => format!("smtps://{rest}"),
            other => {
                return Err(format!(
                    "unsupported mail server scheme {other:?} (use smtp://, smtp+starttls:// or smtps://)"
                ));
            }
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url)
            .map_err(|e| format!("invalid mail server URL {}: {e}", redact(url)))?
            .timeout(Some(CONNECT_TIMEOUT))
            .build();
        Ok(MailConfig {
            from,
            batch: 10,
            send_timeout: Duration::from_secs(30),
            lease: Duration::from_secs(10 * 60),
            retry_base: Duration::from_secs(60),
            retry_max: Duration::from_secs(60 * 60),
            transport,
            server: redact(url),
        })
    }

    /// The server URL without its password.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The wait before the next try of a mail that has failed `attempts` times before this
    /// failure: `retry_base` × 2^attempts, at most `retry_max`.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let doublings = u32::try_from(attempts.clamp(0, 30)).unwrap_or(30);
        self.retry_base
            .saturating_mul(1u32 << doublings)
            .min(self.retry_max)
    }
}

/// `scheme://user@host…` with the password removed.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}{path}")
        }
        None => url.to_owned(),
    }
}

/// RFC 3834: tells auto-responders (out-of-office replies) not to answer.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// The message for one outbox row, or why it can never be sent.
fn build_message(cfg: &MailConfig, mail: &OutgoingMail) -> Result<Message, String> {
    let to: Mailbox = mail
        .to_addr
        .parse()
        .map_err(|e| format!("invalid recipient address: {e}"))?;
    // One line, NFC: a stray line break in a subject must not become a header of its own.
    let subject: String = mail
        .subject
        .nfc()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let body: String = mail.body_text.nfc().collect();
    Message::builder()
        .from(cfg.from.clone())
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<{}@{}>", mail.id, cfg.from.email.domain())))
        .header(AutoSubmitted)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| format!("cannot build the message: {e}"))
}

/// One round: claims up to `cfg.batch` due mails, sends them, records each outcome. Answers
/// how many were sent; SMTP failures are recorded on the mails (and logged), only a database
/// failure is an error (the claims then lapse with their lease and the mails go out later).
pub async fn deliver_due(store: &Store, cfg: &MailConfig) -> Result<usize, StoreError> {
    let lease = time::Duration::try_from(cfg.lease).unwrap_or(time::Duration::minutes(10));
    let mails = store
        .claim_due_mail(danhgia_store::now(), cfg.batch, lease)
        .await?;
    let mut sent = 0;
    for mail in mails {
        let message = match build_message(cfg, &mail) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(mail = %mail.id, error = %e, "mail given up: it can never be sent");
                store.abandon_mail(&mail.id, &e).await?;
                continue;
            }
        };
        let outcome =
            match tokio::time::timeout(cfg.send_timeout, cfg.transport.send(message)).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err(format!(
                    "the mail server did not complete the exchange within {} ms",
                    cfg.send_timeout.as_millis()
                )),
            };
        match outcome {
            Ok(_) => {
                store.mark_mail_sent(&mail.id).await?;
                sent += 1;
                tracing::debug!(mail = %mail.id, "mail sent");
            }
            Err(e) => {
                let wait = cfg.backoff(mail.attempts);
                let retry_at = danhgia_store::now()
                    + time::Duration::try_from(wait).unwrap_or(time::Duration::hours(1));
                let error = e;
                store.mark_mail_failed(&mail.id, &error, retry_at).await?;
                let attempts = mail.attempts + 1;
                if attempts >= danhgia_store::MAIL_MAX_ATTEMPTS {
                    tracing::error!(mail = %mail.id, attempts, server = %cfg.server, error = %error,
                        "mail given up after its last attempt");
                } else {
                    tracing::warn!(mail = %mail.id, attempts, server = %cfg.server, error = %error,
                        retry_in_secs = wait.as_secs(), "mail not sent; will retry");
                }
            }
        }
    }
    Ok(sent)
}

/// Delivers the outbox every `every` until the task is dropped; a round that sent a full batch
/// is followed at once by another. Errors are logged, never raised: the loop goes on.
pub async fn run_mailer(store: Store, cfg: MailConfig, every: Duration) {
    tracing::info!(server = %cfg.server, from = %cfg.from, "mailer started");
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        loop {
            match deliver_due(&store, &cfg).await {
                Ok(n) if n > 0 && n >= cfg.batch => continue,
                Ok(0) => {}
                Ok(n) => tracing::debug!(sent = n, "mail round done"),
                Err(e) => tracing::warn!(error = %e, "mail round failed"),
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "Hệ thống đánh giá <khong-tra-loi@huyenmau.gov.vn>";

    #[test]
    fn accepts_the_three_schemes() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://relay.local",
            "smtp+starttls://user:p%40ss@mail.example.vn:587",
            "smtp+starttls://user:pass@mail.example.vn",
            "smtps://user:pass@mail.example.vn:465",
            "smtp://relay.local:25/app.huyen.gov.vn",
        ] {
            assert!(MailConfig::from_url(url, FROM).is_ok(), "{url}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_do_safely() {
        for url in [
            "smtp://user:pass@relay.local:25",
            "http://mail.example.vn",
            "smtp+starttls://mail.example.vn?tls=opportunistic",
            "mail.example.vn:25",
        ] {
            assert!(MailConfig::from_url(url, FROM).is_err(), "{url}");
        }
        assert!(MailConfig::from_url("smtp://relay.local", "not an address").is_err());
    }

    #[test]
    fn never_shows_the_password() -> Result<(), String> {
        let cfg = MailConfig::from_url("smtps://an:bimat@mail.example.vn:465", FROM)?;
        assert_eq!(cfg.server(), "smtps://an@mail.example.vn:465");
        assert!(!format!("{cfg:?}").contains("bimat"));
        let err = MailConfig::from_url("smtps://an:bimat@mail.example.vn:465?x", FROM).err();
        assert!(err.is_some_and(|e| !e.contains("bimat")));
        Ok(())
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() -> Result<(), String> {
        let mut cfg = MailConfig::from_url("smtp://relay.local", FROM)?;
        cfg.retry_base = Duration::from_secs(60);
        cfg.retry_max = Duration::from_secs(3600);
        assert_eq!(cfg.backoff(0), Duration::from_secs(60));
        assert_eq!(cfg.backoff(1), Duration::from_secs(120));
        assert_eq!(cfg.backoff(5), Duration::from_secs(1920));
        assert_eq!(cfg.backoff(6), Duration::from_secs(3600));
        assert_eq!(cfg.backoff(1000), Duration::from_secs(3600));
        Ok(())
    }
}
