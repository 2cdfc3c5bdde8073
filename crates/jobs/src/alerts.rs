//! The alerts job (SPEC M7.4; issue 8 §5, rules in `danhgia_domain::alerts`): every few
//! minutes it writes the due alerts into the app, queues the owners' e-mails at once and, once
//! a day from 07:00 (Vietnam; a setting), one digest e-mail per leader instead of a mail per event.
//!
//! Several app servers may run it at the same time: every alert and every mail has its own
//! key, written `ON CONFLICT DO NOTHING` (see `danhgia_store::Store::add_alerts`), and the day's
//! digest is a job run that one server claims (`Store::claim_job_run`). Mail leaves through
//! the outbox (retries, backoff, at-most-one claim per mail), never from here.

use std::collections::BTreeMap;
use std::time::Duration;

use danhgia_domain::alerts::{self, Kind, Progress};
use danhgia_domain::calendar::VN;
use danhgia_store::{AlertMail, AlertToMail, NewAlert, Store, StoreError};
use time::OffsetDateTime;

/// What the job needs to write links in e-mails.
#[derive(Debug, Clone)]
pub struct AlertConfig {
    /// The app's address as users reach it (`https://danhgia.huyen.gov.vn`).
    pub public_url: String,
    /// The local hour (Vietnam) from which the day's digest leaves
    /// (`danhgia_domain::alerts::DIGEST_HOUR` by default).
    pub digest_hour: u8,
    /// Forms per transaction when alerting a whole period
    /// (`danhgia_store::ALERT_BATCH` in the app).
    pub batch: i64,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AlertRound {
    /// New alerts written.
    pub alerts: u64,
    /// E-mails queued one by one.
    pub mails: usize,
    /// Digest e-mails queued.
    pub digests: usize,
}

/// Alerts e-mailed one by one per batch (each batch one transaction).
const MAIL_BATCH: usize = 500;

/// How far back the moves are read (the job runs every few minutes; a day covers a server
/// that was down for hours).
const MOVES_WINDOW: time::Duration = time::Duration::days(1);

/// How far before the previous round's start the next round reads moves again (a move's
/// transaction may commit a little after the time it records).
const MOVES_MARGIN: time::Duration = time::Duration::minutes(2);

/// Alerts older than this are no longer e-mailed (an account that turns e-mail back on does
/// not get last month's alerts).
const MAIL_WINDOW: time::Duration = time::Duration::days(2);

/// One round at `now`. The moves read are those since `moves_since` (the previous round's
/// start, less a margin), or of the last day on a server's first round.
pub async fn run_alerts_once(
    store: &Store,
    cfg: &AlertConfig,
    now: OffsetDateTime,
    moves_since: Option<OffsetDateTime>,
) -> Result<AlertRound, StoreError> {
    let mut round = AlertRound::default();
    let local = now.to_offset(VN);
    let today = local.date();
    for period in store.active_periods(today).await? {
        let label = format!("{:02}/{}", period.month, period.year);
        // Each calendar alert is one pass over the period's forms a day (not every round: a
        // city has 250,000), claimed by one server.
        for kind in alerts::calendar_alerts(period.self_opens, period.self_before, today) {
            let run = format!("{}:{today}", period.id);
            if store
                .claim_job_run(kind.as_str(), &run, now, time::Duration::minutes(30))
                .await?
            {
                round.alerts += store
                    .alert_draft_owners(
                        &period.id,
                        kind,
                        &label,
                        now,
                        cfg.batch,
                        (kind == Kind::SelfClosing).then_some(period.self_before),
                    )
                    .await?;
                store.finish_job_run(kind.as_str(), &run).await?;
            }
        }
        let behind: Vec<NewAlert> = store
            .unit_progress(&period.id, today)
            .await?
            .into_iter()
            .filter(|u| {
                let progress = Progress {
                    drafts: u32::try_from(u.drafts).unwrap_or(u32::MAX),
                    undecided: u32::try_from(u.undecided).unwrap_or(u32::MAX),
                };
                alerts::behind(progress, period.self_before, period.decide_before, today)
            })
            .filter_map(|u| {
                let head = u.head_account?;
                Some(NewAlert {
                    id: format!("unit_behind-{}-{head}-{today}", u.unit_id),
                    account_id: head,
                    kind: Kind::UnitBehind,
                    period_id: Some(period.id.clone()),
                    evaluation_id: None,
                    link: format!("/units/{}/evaluations?period={}", u.unit_id, period.id),
                    unit_id: Some(u.unit_id),
                    detail: u.unit_name,
                })
            })
            .collect();
        round.alerts += store.add_alerts(&behind, now).await?;
    }
    let since = moves_since.map_or(now - MOVES_WINDOW, |t| t.max(now - MOVES_WINDOW));
    round.alerts += store.alert_moves(since, now).await?;
    store.expire_unmailed(now - MAIL_WINDOW).await?;

    loop {
        let due = store
            .alerts_to_mail(false, now - MAIL_WINDOW, MAIL_BATCH)
            .await?;
        if due.is_empty() {
            break;
        }
        let mails: Vec<AlertMail> = due.iter().map(|a| single_mail(cfg, a)).collect();
        round.mails += store.queue_alert_mails(&mails).await?;
        if due.len() < MAIL_BATCH {
            break;
        }
        // Let the app's own writes in between two batches (SQLite has one writer).
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    if local.hour() >= cfg.digest_hour {
        let key = today.to_string();
        if store
            .claim_job_run("digest", &key, now, time::Duration::minutes(30))
            .await?
        {
            round.digests = send_digests(store, cfg, now, &key).await?;
            store.finish_job_run("digest", &key).await?;
        }
    }
    Ok(round)
}

/// The day's digest: one mail per account with its unread leaders' alerts not yet e-mailed.
async fn send_digests(
    store: &Store,
    cfg: &AlertConfig,
    now: OffsetDateTime,
    day: &str,
) -> Result<usize, StoreError> {
    let mut sent = 0;
    loop {
        let due = store
            .alerts_to_mail(true, now - MAIL_WINDOW, MAIL_BATCH)
            .await?;
        if due.is_empty() {
            return Ok(sent);
        }
        let full = due.len() == MAIL_BATCH;
        let mut by_account: BTreeMap<&str, Vec<&AlertToMail>> = BTreeMap::new();
        for a in &due {
            by_account.entry(a.account_id.as_str()).or_default().push(a);
        }
        // A full batch may have cut the last account's alerts short: leave that account to the
        // next batch (which starts with it), unless it is the only one.
        if full
            && by_account.len() > 1
            && let Some(last) = due.last()
        {
            by_account.remove(last.account_id.as_str());
        }
        let mails: Vec<AlertMail> = by_account
            .into_values()
            .map(|list| digest_mail(cfg, day, &list))
            .collect();
        sent += store.queue_alert_mails(&mails).await?;
        if !full {
            return Ok(sent);
        }
    }
}

fn url(cfg: &AlertConfig, link: &str) -> String {
    format!("{}{link}", cfg.public_url.trim_end_matches('/'))
}

const FOOTER: &str = "Thư này do hệ thống Đánh giá, xếp loại CBCCVC gửi tự động; xin không trả lời.\n\
     Để không nhận thư thông báo, mở mục \"Thông báo\" trên hệ thống và chọn không nhận thư.\n";

/// One line of text for an alert (mail subject and digest line).
fn line(kind: Kind, detail: &str) -> String {
    match kind {
        Kind::SelfOpens => format!("Đã mở tự đánh giá, xếp loại tháng {detail}"),
        Kind::SelfClosing => {
            format!("Tự đánh giá tháng {detail} sẽ đóng sau 2 ngày: đồng chí chưa gửi phiếu")
        }
        Kind::Waiting => format!("Phiếu của {detail} đang chờ đồng chí xử lý"),
        Kind::Returned => "Phiếu đánh giá của đồng chí đã bị trả lại".to_owned(),
        Kind::UnitBehind => format!("{detail} đang chậm tiến độ đánh giá"),
    }
}

/// The mail of an owner's alert, sent at once.
fn single_mail(cfg: &AlertConfig, a: &AlertToMail) -> AlertMail {
    let what = match a.kind {
        Kind::SelfOpens => format!(
            "Hệ thống đã mở tự đánh giá, xếp loại tháng {}. Đồng chí tự chấm điểm và gửi phiếu trong thời hạn.",
            a.detail
        ),
        Kind::SelfClosing => format!(
            "Tự đánh giá tháng {} sẽ đóng sau 2 ngày mà phiếu của đồng chí chưa được gửi.",
            a.detail
        ),
        Kind::Returned => format!(
            "Phiếu đánh giá của đồng chí đã bị trả lại để hoàn thiện. Lý do: {}",
            a.detail
        ),
        Kind::Waiting | Kind::UnitBehind => line(a.kind, &a.detail),
    };
    AlertMail {
        to: a.email.clone(),
        subject: line(a.kind, &a.detail),
        body: format!(
            "Kính gửi đồng chí {},\n\n{what}\n\nMở phiếu: {}\n\n--\n{FOOTER}",
            a.full_name,
            url(cfg, &a.link)
        ),
        key: format!("alert-{}", a.id),
        alerts: vec![a.id.clone()],
    }
}

/// One account's digest of the day.
fn digest_mail(cfg: &AlertConfig, day: &str, list: &[&AlertToMail]) -> AlertMail {
    let first = list[0];
    let mut body = format!(
        "Kính gửi đồng chí {},\n\nTổng hợp việc cần xử lý trên hệ thống đánh giá ({} mục):\n\n",
        first.full_name,
        list.len()
    );
    for a in list {
        body.push_str(&format!(
            "- {}\n  {}\n",
            line(a.kind, &a.detail),
            url(cfg, &a.link)
        ));
    }
    body.push_str(&format!("\n--\n{FOOTER}"));
    AlertMail {
        to: first.email.clone(),
        subject: format!("Tổng hợp việc cần xử lý ({} mục)", list.len()),
        body,
        // The first alert's id too: a leader with more alerts than a batch gets a second mail
        // rather than losing the rest to the first one's key.
        key: format!("digest-{}-{day}-{}", first.account_id, first.id),
        alerts: list.iter().map(|a| a.id.clone()).collect(),
    }
}

/// Runs [`run_alerts_once`] every `every` until the task is dropped; errors are logged, the
/// loop goes on.
pub async fn run_alerts(store: Store, cfg: AlertConfig, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut since = None;
    loop {
        tick.tick().await;
        let now = danhgia_store::now();
        let round = run_alerts_once(&store, &cfg, now, since).await;
        if round.is_ok() {
            // A move committed while this round ran is read by the next one.
            since = Some(now - MOVES_MARGIN);
        }
        match round {
            Ok(r) if r == AlertRound::default() => {}
            Ok(r) => tracing::info!(
                alerts = r.alerts,
                mails = r.mails,
                digests = r.digests,
                "alerts round"
            ),
            Err(e) => tracing::warn!(error = %e, "alerts round failed"),
        }
    }
}
