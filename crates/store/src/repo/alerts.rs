//! Alerts (issue 8 §5): in-app notifications, their e-mail (at once or in a daily digest,
//! through the outbox), each account's choice to get no e-mail, and the runs of scheduled jobs.
//!
//! Every alert has its own key as id (`<kind>-<form or move id>`, `unit_behind-<unit>-<day>`),
//! and every write is `ON CONFLICT DO NOTHING`: the alerts job may run on several app servers,
//! or again after a crash, and each alert still exists once. Its mail is queued in the same
//! transaction that marks it e-mailed, with the alert's key as the outbox's dedup key, so it
//! leaves once too.

use danhgia_domain::alerts::{Kind, waiting_on};
use danhgia_domain::workflow::{Part, Status};
use sqlx::AssertSqlSafe;
use time::{Date, Duration, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::Result;
use crate::repo::evaluations::{PERIOD_SELECT, Period};
use crate::repo::mail::enqueue_mail_tx;
use crate::{Store, now};

/// One alert as its account sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Alert {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: Kind,
    pub detail: String,
    /// A path inside the app (`/evaluations/…`).
    pub link: String,
    pub created_at: OffsetDateTime,
    pub read_at: Option<OffsetDateTime>,
}

/// An alert to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    pub id: String,
    pub account_id: String,
    pub kind: Kind,
    pub period_id: Option<String>,
    pub evaluation_id: Option<String>,
    pub unit_id: Option<String>,
    pub detail: String,
    pub link: String,
}

/// An alert waiting for its e-mail, with where it goes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AlertToMail {
    pub id: String,
    pub account_id: String,
    #[sqlx(try_from = "String")]
    pub kind: Kind,
    pub detail: String,
    pub link: String,
    pub full_name: String,
    pub email: String,
    pub created_at: OffsetDateTime,
}

/// One e-mail carrying one or more alerts (a digest carries several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The outbox's dedup key: a second mail with it is never queued.
    pub key: String,
    pub alerts: Vec<String>,
}

/// An alert found among the moves, before it is written.
#[derive(Debug, Clone, sqlx::FromRow)]
struct MoveAlert {
    id: String,
    account_id: String,
    kind: String,
    period_id: String,
    evaluation_id: String,
    unit_id: String,
    detail: String,
}

impl MoveAlert {
    fn into_alert(self) -> Option<NewAlert> {
        Some(NewAlert {
            kind: Kind::parse(&self.kind)?,
            link: format!("/evaluations/{}", self.evaluation_id),
            id: self.id,
            account_id: self.account_id,
            period_id: Some(self.period_id),
            evaluation_id: Some(self.evaluation_id),
            unit_id: Some(self.unit_id),
            detail: self.detail,
        })
    }
}

/// A unit's forms of a period, counted for "my unit is behind", with its head's account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UnitProgress {
    pub unit_id: String,
    pub unit_name: String,
    /// The account of the unit's head (the person most of its staff forms name as head).
    pub head_account: Option<String>,
    pub drafts: i64,
    pub undecided: i64,
}

/// Forms per transaction when alerting every owner of a period.
pub const ALERT_BATCH: i64 = 5_000;

/// Columns an alert's row is written with; 9 binds a row keeps a statement under SQLite's
/// cheap parameter count (D37).
const ALERT_ROWS_PER_STATEMENT: usize = 27;

/// The person column of a form that plays `part`.
fn person_column(part: Part) -> &'static str {
    match part {
        Part::Owner => "e.person_id",
        Part::Reviewer => "e.reviewer_id",
        Part::Evaluator => "e.evaluator_id",
        Part::Head | Part::Aggregator => "e.head_id",
    }
}

impl Store {
    /// Periods whose cycle is under way on `today`: self-assessment has opened and the
    /// publication day has not passed.
    pub async fn active_periods(&self, today: Date) -> Result<Vec<Period>> {
        let sql = format!(
            "{PERIOD_SELECT} WHERE self_opens <= $1 AND publish_before >= $1 ORDER BY year, month"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, Period>(AssertSqlSafe(
            sql
        ))
        .bind(today)
        .fetch_all(p)
        .await?))
    }

    /// Writes a `kind` alert to the owner of every form of the period still a draft, one per
    /// form (`<kind>-<form id>`), dated `at`; answers how many are new. Written in batches of
    /// `batch` forms (in the order of the `(period, person)` index; [`ALERT_BATCH`] in the
    /// app), each its own short transaction, so a city's 250,000 forms never hold the writer
    /// for long. With `extended_before`, a form extended to that day or later is left out
    /// (its window has not closed).
    pub async fn alert_draft_owners(
        &self,
        period_id: &str,
        kind: Kind,
        detail: &str,
        at: OffsetDateTime,
        batch: i64,
        extended_before: Option<Date>,
    ) -> Result<u64> {
        let batch = batch.max(1);
        let mut written = 0;
        let mut after = String::new();
        loop {
            // The batch ends at the `batch`-th form after `after` (None: the rest).
            let end: Option<String> = read!(self, |p| sqlx::query_scalar(
                "SELECT person_id FROM evaluations WHERE period_id = $1 AND person_id > $2 \
                 ORDER BY person_id LIMIT 1 OFFSET $3"
            )
            .bind(period_id)
            .bind(&after)
            .bind(batch - 1)
            .fetch_optional(p)
            .await?);
            written += write_tx!(self, |tx| {
                Ok(sqlx::query(
                "INSERT INTO notifications (id, account_id, kind, period_id, evaluation_id, unit_id, detail, link, created_at) \
                 SELECT $2 || '-' || e.id, a.id, $2, e.period_id, e.id, e.unit_id, $3, '/evaluations/' || e.id, $4 \
                 FROM evaluations e JOIN accounts a ON a.person_id = e.person_id AND a.disabled = FALSE \
                 WHERE e.period_id = $1 AND e.status = 'draft' AND e.person_id > $5 \
                   AND ($6 IS NULL OR e.person_id <= $6) \
                   AND ($7 IS NULL OR e.extended_to IS NULL OR e.extended_to < $7) ON CONFLICT (id) DO NOTHING"
            )
            .bind(period_id)
            .bind(kind.as_str())
            .bind(detail)
            .bind(at)
            .bind(&after)
            .bind(&end)
            .bind(extended_before)
            .execute(&mut *tx)
            .await?
            .rows_affected())
            })?;
            match end {
                Some(e) => after = e,
                None => return Ok(written),
            }
        }
    }

    /// Writes the alerts of the moves made since `since`: a form sent back to its owner tells
    /// the owner (`returned-<move>`, with the reason); a form that now waits for someone's move
    /// tells them (`waiting-<move>`, with the owner's name; who, from
    /// `danhgia_domain::alerts::waiting_on`). Nobody is told of their own move. The alerts are
    /// dated `at`.
    pub async fn alert_moves(&self, since: OffsetDateTime, at: OffsetDateTime) -> Result<u64> {
        let mut statements: Vec<String> = vec![format!(
            "SELECT 'returned-' || ev.id AS id, a.id AS account_id, 'returned' AS kind, e.period_id, e.id AS evaluation_id, e.unit_id, ev.reason AS detail \
                 FROM evaluation_events ev JOIN evaluations e ON e.id = ev.evaluation_id \
                 JOIN accounts a ON a.person_id = {} AND a.disabled = FALSE \
                 WHERE ev.at >= $1 AND ev.action = 'return' AND ev.to_status = 'draft' \
                   AND (ev.actor_id IS NULL OR ev.actor_id <> a.id)",
            person_column(Part::Owner)
        )];
        for status in [Status::Submitted, Status::Reviewed] {
            for has_reviewer in [true, false] {
                let Some(part) = waiting_on(status, has_reviewer) else {
                    continue;
                };
                let reviewer = if has_reviewer {
                    "IS NOT NULL"
                } else {
                    "IS NULL"
                };
                statements.push(format!(
                        "SELECT 'waiting-' || ev.id AS id, a.id AS account_id, 'waiting' AS kind, e.period_id, e.id AS evaluation_id, e.unit_id, e.full_name AS detail \
                         FROM evaluation_events ev JOIN evaluations e ON e.id = ev.evaluation_id \
                         JOIN accounts a ON a.person_id = {} AND a.disabled = FALSE \
                         WHERE ev.at >= $1 AND ev.to_status = '{}' AND e.reviewer_id {reviewer} \
                           AND (ev.actor_id IS NULL OR ev.actor_id <> a.id)",
                    person_column(part),
                    status.as_str()
                ));
            }
        }
        // Each select runs on the read pool; only the alerts found are written, so a day of
        // moves (a city's deadline day) never holds the writer while it is searched.
        let mut found: Vec<NewAlert> = Vec::new();
        for select in &statements {
            let rows: Vec<MoveAlert> =
                read!(self, |p| sqlx::query_as(AssertSqlSafe(select.clone()))
                    .bind(since)
                    .fetch_all(p)
                    .await?);
            found.extend(rows.into_iter().filter_map(MoveAlert::into_alert));
        }
        self.add_alerts(&found, at).await
    }

    /// Each unit's forms of the period on `today`, counted, with the account of the unit's head
    /// (the person most of the unit's staff forms name as head: a head's own form names the
    /// leader above, who is not told of this unit).
    pub async fn unit_progress(&self, period_id: &str, today: Date) -> Result<Vec<UnitProgress>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, UnitProgress>(
            // A form extended to `today` or later is not late yet.
            "SELECT e.unit_id, u.name AS unit_name, \
                    (SELECT a.id FROM evaluations h JOIN accounts a ON a.person_id = h.head_id AND a.disabled = FALSE \
                     WHERE h.unit_id = e.unit_id AND h.period_id = e.period_id AND h.head_id <> h.person_id \
                     GROUP BY a.id ORDER BY COUNT(*) DESC, a.id LIMIT 1) AS head_account, \
                    SUM(CASE WHEN e.status = 'draft' AND (e.extended_to IS NULL OR e.extended_to < $2) THEN 1 ELSE 0 END) AS drafts, \
                    SUM(CASE WHEN e.status IN ('submitted', 'reviewed') THEN 1 ELSE 0 END) AS undecided \
             FROM evaluations e JOIN units u ON u.id = e.unit_id \
             WHERE e.period_id = $1 GROUP BY e.unit_id, u.name, e.period_id ORDER BY e.unit_id"
        )
        .bind(period_id)
        .bind(today)
        .fetch_all(p)
        .await?
        }))
    }

    /// Writes alerts dated `at`; one that exists already (same id) is kept as it is. Answers
    /// how many are new.
    pub async fn add_alerts(&self, alerts: &[NewAlert], at: OffsetDateTime) -> Result<u64> {
        let t = at;
        let mut n = 0;
        // A transaction per thousand alerts, so a big round never holds the writer for long.
        for part in alerts.chunks(1_000) {
            n += write_tx!(self, |tx| {
                let mut n = 0;
                for chunk in part.chunks(ALERT_ROWS_PER_STATEMENT) {
                    let mut q = sqlx::QueryBuilder::new(
                        "INSERT INTO notifications (id, account_id, kind, period_id, unit_id, detail, link, created_at, evaluation_id) ",
                    );
                    q.push_values(chunk, |mut b, a| {
                        b.push_bind(&a.id)
                            .push_bind(&a.account_id)
                            .push_bind(a.kind.as_str())
                            .push_bind(&a.period_id)
                            .push_bind(&a.unit_id)
                            .push_bind(&a.detail)
                            .push_bind(&a.link)
                            .push_bind(t)
                            .push_bind(&a.evaluation_id);
                    });
                    q.push(" ON CONFLICT (id) DO NOTHING");
                    n += q.build().execute(&mut *tx).await?.rows_affected();
                }
                Ok(n)
            })?;
        }
        Ok(n)
    }

    /// Alerts created since `since` still to e-mail: of kinds sent one by one (`digest`
    /// false) or in the digest (`digest` true), not yet e-mailed, to accounts that take
    /// e-mail and whose person has an address; oldest first, at most `limit`. The digest's
    /// leave out what was read in the app meanwhile.
    pub async fn alerts_to_mail(
        &self,
        digest: bool,
        since: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<AlertToMail>> {
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .filter(|k| k.in_digest() == digest)
            .map(|k| format!("'{}'", k.as_str()))
            .collect();
        let unread = if digest { "AND n.read_at IS NULL" } else { "" };
        let sql = format!(
            // CROSS JOIN keeps SQLite walking the partial index of alerts still to e-mail in
            // its own order (25 ms for a city instead of 1.7 s sorting from the accounts).
            "SELECT n.id, n.account_id, n.kind, n.detail, n.link, p.full_name, p.email, n.created_at \
             FROM notifications n CROSS JOIN accounts a CROSS JOIN people p \
             WHERE a.id = n.account_id AND p.id = a.person_id AND n.emailed_at IS NULL AND n.created_at >= $1 AND n.kind IN ({}) {unread} \
               AND a.mute_email = FALSE AND a.disabled = FALSE AND p.email IS NOT NULL AND p.email <> '' \
               AND p.left_at IS NULL \
             ORDER BY n.account_id, n.created_at, n.id LIMIT $2",
            kinds.join(", ")
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(read!(self, |p| sqlx::query_as::<_, AlertToMail>(
            AssertSqlSafe(sql)
        )
        .bind(since)
        .bind(limit)
        .fetch_all(p)
        .await?))
    }

    /// Queues each mail in the outbox and marks its alerts e-mailed, all in one transaction:
    /// a mail whose key is queued already is not queued again. Answers how many were queued.
    pub async fn queue_alert_mails(&self, mails: &[AlertMail]) -> Result<usize> {
        let t = now();
        write_tx!(self, |tx| {
            let mut queued = 0;
            for m in mails {
                if enqueue_mail_tx!(tx, &m.to, &m.subject, &m.body, Some(m.key.as_str())).is_some()
                {
                    queued += 1;
                }
                for chunk in m.alerts.chunks(200) {
                    let mut q = sqlx::QueryBuilder::new("UPDATE notifications SET emailed_at = ");
                    q.push_bind(t).push(" WHERE emailed_at IS NULL AND id IN (");
                    let mut ids = q.separated(", ");
                    for id in chunk {
                        ids.push_bind(id);
                    }
                    q.push(")");
                    q.build().execute(&mut *tx).await?;
                }
            }
            Ok(queued)
        })
    }

    /// Gives up e-mailing alerts created before `before` that never left (their account had
    /// e-mail muted or no address, or a digest alert was read in the app first): they stay in
    /// the app, and leave the mailer's scan. Answers how many.
    pub async fn expire_unmailed(&self, before: OffsetDateTime) -> Result<u64> {
        let t = now();
        write_tx!(self, |tx| Ok(sqlx::query(
            "UPDATE notifications SET emailed_at = $2 WHERE emailed_at IS NULL AND created_at < $1"
        )
        .bind(before)
        .bind(t)
        .execute(&mut *tx)
        .await?
        .rows_affected()))
    }

    /// An account's latest alerts, newest first.
    pub async fn alerts_of(&self, account_id: &str, limit: usize) -> Result<Vec<Alert>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(read!(self, |p| sqlx::query_as::<_, Alert>(
            "SELECT id, kind, detail, link, created_at, read_at FROM notifications \
             WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        )
        .bind(account_id)
        .bind(limit)
        .fetch_all(p)
        .await?))
    }

    /// Marks one alert of the account read (`Some(id)`), or all of them; answers how many
    /// changed. Another account's alert is never touched.
    pub async fn mark_alerts_read(&self, account_id: &str, id: Option<&str>) -> Result<u64> {
        let t = now();
        write_tx!(self, |tx| Ok(sqlx::query(
            "UPDATE notifications SET read_at = $3 WHERE account_id = $1 AND read_at IS NULL \
             AND ($2 IS NULL OR id = $2)"
        )
        .bind(account_id)
        .bind(id)
        .bind(t)
        .execute(&mut *tx)
        .await?
        .rows_affected()))
    }

    /// Whether the account gets no e-mail alerts.
    pub async fn mute_email(&self, account_id: &str) -> Result<bool> {
        Ok(read!(self, |p| sqlx::query_scalar::<_, bool>(
            "SELECT mute_email FROM accounts WHERE id = $1"
        )
        .bind(account_id)
        .fetch_optional(p)
        .await?)
        .unwrap_or(false))
    }

    /// Sets whether the account gets e-mail alerts (it always sees them in the app).
    pub async fn set_mute_email(&self, account_id: &str, mute: bool) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE accounts SET mute_email = $2 WHERE id = $1")
                .bind(account_id)
                .bind(mute)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Claims the run `key` of a scheduled job for `lease`: true for the one server that gets
    /// it; false while another holds it or once it is done. A run whose server died is
    /// claimable again when its lease ends. One conditional upsert: on PostgreSQL the row's
    /// lock makes a second claimer wait and then see the first one's claim.
    pub async fn claim_job_run(
        &self,
        job: &str,
        key: &str,
        at: OffsetDateTime,
        lease: Duration,
    ) -> Result<bool> {
        write_tx!(self, |tx| {
            let claimed: Option<String> = sqlx::query_scalar(
                "INSERT INTO job_runs (job, run_key, claimed_until) VALUES ($1, $2, $3) \
                 ON CONFLICT (job, run_key) DO UPDATE SET claimed_until = excluded.claimed_until \
                 WHERE job_runs.done_at IS NULL AND job_runs.claimed_until <= $4 \
                 RETURNING job",
            )
            .bind(job)
            .bind(key)
            .bind(at + lease)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await?;
            Ok(claimed.is_some())
        })
    }

    /// Records a claimed run as done: it is never claimed again.
    pub async fn finish_job_run(&self, job: &str, key: &str) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE job_runs SET done_at = $3 WHERE job = $1 AND run_key = $2")
                .bind(job)
                .bind(key)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }
}
