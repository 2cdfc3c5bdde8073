//! The e-mail outbox end to end: the store's outbox, the lettre mailer and a real SMTP server on
//! loopback. Runs on SQLite by default and on PostgreSQL when DANHGIA_TEST_DATABASE_URL is set.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::Duration;

use danhgia_jobs::{MailConfig, deliver_due};
use danhgia_store::testing::fresh_store;
use danhgia_store::{MAIL_MAX_ATTEMPTS, Store};
use danhgia_testsmtp::TestSmtp;

type R = Result<(), Box<dyn std::error::Error + Send + Sync>>;

const FROM: &str = "Hệ thống đánh giá <khong-tra-loi@huyenmau.gov.vn>";
const TO: &str = "nguyen.thi.huong@huyenmau.gov.vn";
const SUBJECT: &str = "Đặt lại mật khẩu — Hệ thống đánh giá, xếp loại CBCCVC";
const BODY: &str = "Kính gửi bà Nguyễn Thị Hường,\n\n\
Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản huongnt.\n\
Mở liên kết sau trong vòng 30 phút để đặt mật khẩu mới:\n\
https://danhgia.huyenmau.gov.vn/dat-lai-mat-khau?t=AbC123_-xyz\n\n\
Nếu không phải bà yêu cầu, xin bỏ qua thư này. Trân trọng.\n";

const WAIT: Duration = Duration::from_secs(10);
/// Long enough for a stray message to arrive, when checking that none does.
const QUIET: Duration = Duration::from_millis(500);

fn config(url: &str) -> Result<MailConfig, String> {
    let mut cfg = MailConfig::from_url(url, FROM)?;
    cfg.retry_base = Duration::from_millis(300);
    Ok(cfg)
}

/// A loopback port with nothing listening on it (bound, read, released).
fn closed_port() -> std::io::Result<SocketAddr> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    l.local_addr()
}

#[tokio::test]
async fn queued_mail_reaches_the_smtp_server_with_its_vietnamese_text() -> R {
    let (store, _) = fresh_store().await?;
    let smtp = TestSmtp::start().await;
    let cfg = config(&smtp.url())?;

    let id = store
        .enqueue_mail(TO, SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;
    assert_eq!(store.outbox_counts().await?, (1, 0));
    assert_eq!(deliver_due(&store, &cfg).await?, 1);

    let got = smtp.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.from, "khong-tra-loi@huyenmau.gov.vn");
    assert_eq!(mail.to, [TO]);
    assert_eq!(mail.subject().as_deref(), Some(SUBJECT));
    assert_eq!(mail.text().as_deref(), Some(BODY));
    assert_eq!(mail.from_name().as_deref(), Some("Hệ thống đánh giá"));
    assert_eq!(
        mail.message_id(),
        Some(format!("{id}@huyenmau.gov.vn")),
        "the outbox id is the Message-ID"
    );
    assert_eq!(
        mail.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    // The headers on the wire are ASCII (lettre encodes the subject as RFC 2047 words).
    let raw = String::from_utf8_lossy(&mail.data);
    let headers = raw.split("\r\n\r\n").next().unwrap_or_default();
    assert!(headers.is_ascii(), "{headers}");

    let row = store.outbox_entry(&id).await?;
    assert!(row.sent_at.is_some());
    assert_eq!(row.claimed_until, None);
    assert_eq!(row.attempts, 0);
    assert_eq!(store.outbox_counts().await?, (0, 0));

    // Sent is sent: the next round finds nothing.
    assert_eq!(deliver_due(&store, &cfg).await?, 0);
    assert_eq!(smtp.wait_for(2, QUIET).await.len(), 1);
    Ok(())
}

#[tokio::test]
async fn text_is_sent_in_nfc_whatever_form_it_was_queued_in() -> R {
    use unicode_normalization::UnicodeNormalization;
    let (store, _) = fresh_store().await?;
    let smtp = TestSmtp::start().await;
    let cfg = config(&smtp.url())?;
    let nfd_subject: String = SUBJECT.nfd().collect();
    let nfd_body: String = BODY.nfd().collect();
    assert_ne!(nfd_subject, SUBJECT);
    store
        .enqueue_mail(TO, &nfd_subject, &nfd_body, None)
        .await?;
    assert_eq!(deliver_due(&store, &cfg).await?, 1);
    let got = smtp.wait_for(1, WAIT).await;
    assert_eq!(got[0].subject().as_deref(), Some(SUBJECT));
    assert_eq!(got[0].text().as_deref(), Some(BODY));
    Ok(())
}

#[tokio::test]
async fn a_dedup_key_queues_a_mail_once_even_after_it_was_sent() -> R {
    let (store, _) = fresh_store().await?;
    let smtp = TestSmtp::start().await;
    let cfg = config(&smtp.url())?;
    let key = "nhac-nho:tu-danh-gia:2026-11:person-1";

    let first = store
        .enqueue_mail(TO, "Nhắc tự đánh giá tháng 11/2026", BODY, Some(key))
        .await?;
    assert!(first.is_some());
    let again = store
        .enqueue_mail(TO, "Nhắc tự đánh giá tháng 11/2026", BODY, Some(key))
        .await?;
    assert_eq!(again, None, "same key: nothing queued");
    assert_eq!(store.outbox_counts().await?, (1, 0));

    // Mails without a key never collide with each other.
    store.enqueue_mail(TO, "Khác", "Thư khác", None).await?;
    store.enqueue_mail(TO, "Khác", "Thư khác", None).await?;
    assert_eq!(store.outbox_counts().await?, (3, 0));

    assert_eq!(deliver_due(&store, &cfg).await?, 3);
    assert_eq!(smtp.wait_for(3, WAIT).await.len(), 3);
    let later = store
        .enqueue_mail(TO, "Nhắc tự đánh giá tháng 11/2026", BODY, Some(key))
        .await?;
    assert_eq!(later, None, "a reminder already sent is not queued again");
    assert_eq!(deliver_due(&store, &cfg).await?, 0);
    assert_eq!(smtp.wait_for(4, QUIET).await.len(), 3);
    Ok(())
}

#[tokio::test]
async fn a_mail_that_failed_is_retried_after_its_backoff_and_delivered_once_the_server_is_up() -> R
{
    let (store, _) = fresh_store().await?;
    let addr = closed_port()?;
    let cfg = config(&format!("smtp://{addr}"))?;
    let id = store
        .enqueue_mail(TO, SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;

    // Nobody listens yet: the try fails and is recorded.
    assert_eq!(deliver_due(&store, &cfg).await?, 0);
    let row = store.outbox_entry(&id).await?;
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.is_some(), "{row:?}");
    assert!(row.send_after > row.created_at, "retry later: {row:?}");
    assert_eq!(row.claimed_until, None);
    assert_eq!(row.sent_at, None);
    assert_eq!(row.failed_at, None);

    // The server comes up on that port; before the backoff ends nothing is tried.
    let smtp = TestSmtp::start_on(addr).await;
    assert_eq!(deliver_due(&store, &cfg).await?, 0);
    assert_eq!(store.outbox_entry(&id).await?.attempts, 1);
    assert_eq!(smtp.connections(), 0);

    tokio::time::sleep(cfg.backoff(0) + Duration::from_millis(100)).await;
    assert_eq!(deliver_due(&store, &cfg).await?, 1);
    let got = smtp.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject().as_deref(), Some(SUBJECT));
    assert_eq!(got[0].text().as_deref(), Some(BODY));
    let row = store.outbox_entry(&id).await?;
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 1);
    Ok(())
}

#[tokio::test]
async fn a_temporary_smtp_refusal_is_retried() -> R {
    let (store, _) = fresh_store().await?;
    let smtp = TestSmtp::start().await;
    let cfg = config(&smtp.url())?;
    let id = store
        .enqueue_mail(TO, SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;
    smtp.reject_next(1);
    assert_eq!(deliver_due(&store, &cfg).await?, 0);
    let row = store.outbox_entry(&id).await?;
    assert_eq!(row.attempts, 1);
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("451")),
        "{row:?}"
    );
    tokio::time::sleep(cfg.backoff(0) + Duration::from_millis(100)).await;
    assert_eq!(deliver_due(&store, &cfg).await?, 1);
    assert_eq!(smtp.wait_for(2, QUIET).await.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_mail_is_given_up_after_the_last_attempt() -> R {
    let (store, _) = fresh_store().await?;
    let mut cfg = config(&format!("smtp://{}", closed_port()?))?;
    cfg.retry_base = Duration::ZERO;
    let id = store
        .enqueue_mail(TO, SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;
    for n in 1..=MAIL_MAX_ATTEMPTS {
        assert_eq!(deliver_due(&store, &cfg).await?, 0);
        let row = store.outbox_entry(&id).await?;
        assert_eq!(row.attempts, n);
        assert_eq!(row.failed_at.is_some(), n == MAIL_MAX_ATTEMPTS, "{row:?}");
    }
    // Given up: never claimed again, counted as failed.
    let claimed = store
        .claim_due_mail(
            danhgia_store::now() + time::Duration::days(365),
            10,
            time::Duration::minutes(5),
        )
        .await?;
    assert!(claimed.is_empty());
    assert_eq!(store.outbox_counts().await?, (0, 1));
    Ok(())
}

#[tokio::test]
async fn an_unparsable_address_is_given_up_at_once() -> R {
    let (store, _) = fresh_store().await?;
    let smtp = TestSmtp::start().await;
    let cfg = config(&smtp.url())?;
    let id = store
        .enqueue_mail("không phải địa chỉ", SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;
    assert_eq!(deliver_due(&store, &cfg).await?, 0);
    let row = store.outbox_entry(&id).await?;
    assert!(row.failed_at.is_some(), "{row:?}");
    assert_eq!(row.attempts, 1);
    assert_eq!(smtp.connections(), 0);
    Ok(())
}

#[tokio::test]
async fn tls_urls_never_fall_back_to_plain_text() -> R {
    // The test server speaks plain SMTP only and offers no STARTTLS: a mailer told to use TLS
    // must fail (and record why) rather than send in clear.
    let (store, _) = fresh_store().await?;
    let smtp = TestSmtp::start().await;
    for url in [
        format!("smtp+starttls://an:bimat@{}", smtp.addr),
        format!("smtps://an:bimat@{}", smtp.addr),
    ] {
        let cfg = config(&url)?;
        let id = store
            .enqueue_mail(TO, SUBJECT, BODY, None)
            .await?
            .ok_or("queued")?;
        assert_eq!(deliver_due(&store, &cfg).await?, 0, "{url}");
        let row = store.outbox_entry(&id).await?;
        assert_eq!(row.attempts, 1, "{url}");
        assert!(row.sent_at.is_none());
    }
    assert!(smtp.wait_for(1, QUIET).await.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_claim_holds_for_its_lease_and_lapses_after_it() -> R {
    let (store, _) = fresh_store().await?;
    let id = store
        .enqueue_mail(TO, SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;
    let t0 = danhgia_store::now();
    let lease = time::Duration::minutes(5);
    let first = store.claim_due_mail(t0, 10, lease).await?;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].id, id);
    assert_eq!(first[0].to_addr, TO);
    assert_eq!(first[0].subject, SUBJECT);
    assert_eq!(first[0].body_text, BODY);
    // Held: another server finds nothing until the lease has run out.
    let held = store
        .claim_due_mail(t0 + time::Duration::minutes(4), 10, lease)
        .await?;
    assert!(held.is_empty());
    // The holder died: after the lease the mail is claimed again.
    let again = store
        .claim_due_mail(t0 + time::Duration::minutes(6), 10, lease)
        .await?;
    assert_eq!(again.len(), 1);
    // Not due yet is not claimed; the limit is honoured.
    for i in 0..5 {
        store
            .enqueue_mail(TO, &format!("Thư {i}"), BODY, None)
            .await?;
    }
    let some = store
        .claim_due_mail(t0 + time::Duration::minutes(6), 3, lease)
        .await?;
    assert_eq!(some.len(), 3);
    assert!(store.claim_due_mail(t0, 10, lease).await?.is_empty());
    // Marking an unknown mail is an error; marking twice is not.
    store.mark_mail_sent(&id).await?;
    store.mark_mail_sent(&id).await?;
    assert!(matches!(
        store.mark_mail_sent("khong-co").await,
        Err(danhgia_store::StoreError::NotFound)
    ));
    // A late failure report does not undo a delivery.
    store
        .mark_mail_failed(&id, "quá hạn", danhgia_store::now())
        .await?;
    let row = store.outbox_entry(&id).await?;
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 0);
    Ok(())
}

/// Two app servers (two stores on one database) delivering at once never send a mail twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_rounds_never_send_a_mail_twice() -> R {
    const N: usize = 30;
    let (store, url) = fresh_store().await?;
    let other = Store::open(&url).await?;
    let smtp = TestSmtp::start().await;
    let mut cfg = config(&smtp.url())?;
    cfg.batch = 4;
    for i in 0..N {
        store
            .enqueue_mail(TO, &format!("Thư số {i}"), BODY, None)
            .await?;
    }

    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let round = |s: Store, cfg: MailConfig, barrier: std::sync::Arc<tokio::sync::Barrier>| async move {
        barrier.wait().await;
        let mut sent = 0;
        loop {
            let n = deliver_due(&s, &cfg).await?;
            if n == 0 {
                return Ok::<usize, danhgia_store::StoreError>(sent);
            }
            sent += n;
        }
    };
    let a = tokio::spawn(round(store.clone(), cfg.clone(), barrier.clone()));
    let b = tokio::spawn(round(other.clone(), cfg.clone(), barrier.clone()));
    let (a, b) = (a.await??, b.await??);
    // One may stop on an empty round while the other still holds claims: drain what is left.
    let rest = round(
        store.clone(),
        cfg.clone(),
        std::sync::Arc::new(tokio::sync::Barrier::new(1)),
    )
    .await?;
    assert_eq!(
        a + b + rest,
        N,
        "each mail counted once (a {a}, b {b}, rest {rest})"
    );

    let got = smtp.wait_for(N + 1, Duration::from_secs(2)).await;
    assert_eq!(got.len(), N, "every mail arrives exactly once");
    let ids: HashSet<String> = got.iter().filter_map(|m| m.message_id()).collect();
    assert_eq!(ids.len(), N);
    let subjects: HashSet<String> = got.iter().filter_map(|m| m.subject()).collect();
    assert_eq!(subjects.len(), N);
    assert_eq!(store.outbox_counts().await?, (0, 0));
    other.close().await;
    Ok(())
}

#[tokio::test]
async fn a_server_that_stalls_counts_as_a_failed_try() -> R {
    // Accepts the connection, greets, then never answers: the round must not hang.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut sock, _)) = listener.accept().await {
            use tokio::io::AsyncWriteExt;
            let _ = sock.write_all(b"220 stall.localhost ESMTP\r\n").await;
            held.push(sock);
        }
    });
    let (store, _) = fresh_store().await?;
    let mut cfg = config(&format!("smtp://{addr}"))?;
    cfg.send_timeout = Duration::from_millis(500);
    let id = store
        .enqueue_mail(TO, SUBJECT, BODY, None)
        .await?
        .ok_or("queued")?;
    let round = tokio::time::timeout(Duration::from_secs(10), deliver_due(&store, &cfg)).await?;
    assert_eq!(round?, 0);
    let row = store.outbox_entry(&id).await?;
    assert_eq!(row.attempts, 1);
    assert!(
        row.last_error
            .as_deref()
            .is_some_and(|e| e.contains("500 ms")),
        "{row:?}"
    );
    server.abort();
    Ok(())
}

/// Many claimers at once on one database (as many app servers): no mail is handed to two.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_claims_are_disjoint() -> R {
    const MAILS: usize = 40;
    const CLAIMERS: usize = 6;
    let (store, url) = fresh_store().await?;
    for i in 0..MAILS {
        store
            .enqueue_mail(TO, &format!("Thư {i}"), BODY, None)
            .await?;
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(CLAIMERS));
    let mut tasks = Vec::new();
    for _ in 0..CLAIMERS {
        let s = Store::open(&url).await?;
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let got = s
                    .claim_due_mail(danhgia_store::now(), 3, time::Duration::minutes(5))
                    .await?;
                if got.is_empty() {
                    break;
                }
                mine.extend(got.into_iter().map(|m| m.id));
            }
            s.close().await;
            Ok::<_, danhgia_store::StoreError>(mine)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let distinct: HashSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), all.len(), "a mail was claimed twice");
    // A claimer stops at its first empty answer, which may come while rows are still locked
    // by another; whatever is left is still claimable, once.
    let left = store
        .claim_due_mail(danhgia_store::now(), MAILS, time::Duration::minutes(5))
        .await?;
    assert_eq!(all.len() + left.len(), MAILS);
    Ok(())
}
