//! Alerts end to end (issue 8 §5): the alerts job writes in-app alerts from the calendar, the
//! moves on forms and the units' progress; the owners' e-mails leave at once, the leaders' in
//! one daily digest; a muted account gets none; two servers running the job at once write and
//! send each alert once. Mail goes through the outbox to a real SMTP server on loopback. Runs
//! on SQLite by default and on PostgreSQL when DANHGIA_TEST_DATABASE_URL is set.

use std::time::Duration;

use danhgia_domain::alerts::Kind;
use danhgia_domain::calendar::{Deadlines, VN};
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::workflow::Status;
use danhgia_jobs::{AlertConfig, AlertRound, MailConfig, deliver_due, run_alerts_once};
use danhgia_store::testing::fresh_store;
use danhgia_store::{FormChange, NewAccount, NewPeriod, NewPerson, NewUnit, PersonUpdate, Store};
use danhgia_testsmtp::TestSmtp;
use time::{Date, OffsetDateTime, Time};

type R = Result<(), Box<dyn std::error::Error + Send + Sync>>;
type E = Box<dyn std::error::Error + Send + Sync>;

const FROM: &str = "Hệ thống đánh giá <khong-tra-loi@huyenmau.gov.vn>";

fn unit(parent: Option<&str>, code: &str, name: &str) -> NewUnit {
    NewUnit {
        parent_id: parent.map(str::to_owned),
        code: code.into(),
        name: name.into(),
        kind: UnitKind::Office,
        level: UnitLevel::District,
        block: Block::Government,
        suffix: parent.is_none().then(|| "huyenmau".into()),
    }
}

/// A person with an account (`username`) and, if given, an e-mail address.
async fn member(
    s: &Store,
    unit_id: &str,
    name: &str,
    rank: PositionRank,
    username: &str,
    email: Option<&str>,
) -> Result<(String, String), E> {
    let p = s
        .create_person(
            &NewPerson {
                unit_id: unit_id.into(),
                details: PersonUpdate {
                    full_name: name.into(),
                    position_title: "Chuyên viên".into(),
                    rank,
                    employment: Employment::CongChuc,
                    cohort_id: None,
                    email: email.map(str::to_owned),
                    phone: None,
                    reviewer_id: None,
                    evaluator_id: None,
                },
            },
            None,
        )
        .await?;
    let account = s
        .create_account_for(
            &p.id,
            &NewAccount {
                username: username.into(),
                password_hash: "$argon2id$test".into(),
                must_change_password: false,
                password_deadline: None,
            },
        )
        .await?;
    Ok((p.id, account))
}

/// `day` at `hour`:00 in Vietnam.
fn at(day: Date, hour: u8) -> Result<OffsetDateTime, E> {
    Ok(day.with_time(Time::from_hms(hour, 0, 0)?).assume_offset(VN))
}

/// Moves the person's form to `to` with `action`, as `actor`.
async fn move_form(
    s: &Store,
    period: &str,
    person: &str,
    to: Status,
    action: &'static str,
    reason: &str,
    actor: &str,
) -> R {
    let before = s.evaluation_of(period, person).await?.ok_or("form")?;
    let mut after = before.clone();
    after.status = to;
    s.save_forms(
        &[FormChange {
            before,
            after,
            action,
            reason: reason.into(),
        }],
        Some(actor),
        "test",
    )
    .await?;
    Ok(())
}

/// Runs the job on two servers at once (on PostgreSQL a second connection pool to the same
/// database); answers the two rounds added up.
async fn both(
    a: &Store,
    b: &Store,
    cfg: &AlertConfig,
    now: OffsetDateTime,
) -> Result<AlertRound, E> {
    let (x, y) = tokio::join!(
        run_alerts_once(a, cfg, now, None),
        run_alerts_once(b, cfg, now, None)
    );
    let (x, y) = (x?, y?);
    Ok(AlertRound {
        alerts: x.alerts + y.alerts,
        mails: x.mails + y.mails,
        digests: x.digests + y.digests,
    })
}

#[tokio::test]
async fn owners_hear_at_once_leaders_once_a_day_and_each_alert_leaves_once() -> R {
    let (s, url) = fresh_store().await?;
    // A second "app server": its own pool on PostgreSQL; on SQLite the same file.
    let s2 = Store::open(&url).await?;
    let smtp = TestSmtp::start().await;
    let mail = MailConfig::from_url(&smtp.url(), FROM)?;
    let cfg = AlertConfig {
        public_url: "https://danhgia.huyenmau.gov.vn/".into(),
        digest_hour: danhgia_domain::alerts::DIGEST_HOUR,
        // Two forms a transaction: the five forms take three batches.
        batch: 2,
    };

    let d = s.create_unit(&unit(None, "HM", "Huyện Mẫu")).await?;
    let a = s
        .create_unit(&unit(Some(&d.id), "HM-VP", "Văn phòng HĐND và UBND"))
        .await?;
    let (_, chief) = member(
        &s,
        &d.id,
        "Phạm Văn Chủ",
        PositionRank::Head,
        "chupv",
        Some("chu@huyenmau.gov.vn"),
    )
    .await?;
    let (_, head) = member(
        &s,
        &a.id,
        "Trần Văn Trưởng",
        PositionRank::Head,
        "truongtv",
        Some("truong@huyenmau.gov.vn"),
    )
    .await?;
    let (lan, lan_acc) = member(
        &s,
        &a.id,
        "Lê Thị Lan",
        PositionRank::Member,
        "lanlt",
        Some("lan@huyenmau.gov.vn"),
    )
    .await?;
    let (minh, minh_acc) = member(
        &s,
        &a.id,
        "Đỗ Văn Minh",
        PositionRank::Member,
        "minhdv",
        Some("minh@huyenmau.gov.vn"),
    )
    .await?;
    member(&s, &a.id, "Vũ Thị Hoa", PositionRank::Member, "hoavt", None).await?;
    s.set_mute_email(&minh_acc, true).await?;
    assert!(s.mute_email(&minh_acc).await?);

    // A period whose self-assessment opens today (the moves below happen now, so the days are
    // set around today): open 5 days, decisions 3 days later.
    let day0 = danhgia_store::today();
    let period = s
        .open_period(
            &NewPeriod {
                tenant_id: d.id.clone(),
                year: day0.year(),
                month: day0.month(),
                deadlines: Deadlines {
                    self_opens: day0,
                    self_before: day0 + time::Duration::days(5),
                    decide_before: day0 + time::Duration::days(8),
                    publish_before: day0 + time::Duration::days(12),
                },
                late_submission: false,
                appeal_days: 15,
            },
            None,
        )
        .await?
        .0;
    let label = format!("{:02}/{}", period.month, period.year);

    // 06:00: self-assessment opens for the five drafts; the owners' mails leave at once (not
    // to the muted account, nor to the person without an address). No digest before 07:00.
    let r = both(&s, &s2, &cfg, at(day0, 6)?).await?;
    assert_eq!((r.alerts, r.mails, r.digests), (5, 3, 0));

    // Lan submits (her form now waits for her head, the evaluator: the unit has no reviewer);
    // Minh submits and the head returns his form with a reason.
    move_form(
        &s,
        &period.id,
        &lan,
        Status::Submitted,
        "submit",
        "",
        &lan_acc,
    )
    .await?;
    move_form(
        &s,
        &period.id,
        &minh,
        Status::Submitted,
        "submit",
        "",
        &minh_acc,
    )
    .await?;
    move_form(
        &s,
        &period.id,
        &minh,
        Status::Draft,
        "return",
        "Thiếu minh chứng công việc tuần 3",
        &head,
    )
    .await?;

    // 08:00: two forms waited for the head, one returned to Minh (muted: in the app only);
    // the head's day digest carries both waiting forms in one mail.
    let r = both(&s, &s2, &cfg, at(day0, 8)?).await?;
    assert_eq!((r.alerts, r.mails, r.digests), (3, 0, 1));
    // Again the same day: nothing new, nothing sent twice.
    let r = both(&s, &s2, &cfg, at(day0, 9)?).await?;
    assert_eq!(r, AlertRound::default());

    let minh_alerts = s.alerts_of(&minh_acc, 10).await?;
    let returned = minh_alerts
        .iter()
        .find(|x| x.kind == Kind::Returned)
        .ok_or("returned alert")?;
    assert_eq!(returned.detail, "Thiếu minh chứng công việc tuần 3");
    assert!(returned.link.starts_with("/evaluations/"));
    assert_eq!(s.mark_alerts_read(&minh_acc, Some(&returned.id)).await?, 1);
    assert_eq!(
        s.mark_alerts_read(&head, Some(&returned.id)).await?,
        0,
        "not the head's alert"
    );

    // Two days before closing: the four forms still drafts are told (mails to the two leaders).
    let r = both(&s, &s2, &cfg, at(day0 + time::Duration::days(3), 8)?).await?;
    assert_eq!((r.alerts, r.mails, r.digests), (4, 2, 0));

    // Self-assessment has closed with drafts left: the head of the office hears that it is
    // behind, in that day's digest. The chief is not told of the office (the head's own form
    // names the chief as its head, but the office's head is the one its staff forms name).
    let r = both(&s, &s2, &cfg, at(day0 + time::Duration::days(5), 8)?).await?;
    assert_eq!((r.alerts, r.mails, r.digests), (1, 0, 1));

    // The outbox delivers every mail to the SMTP server once.
    while deliver_due(&s, &mail).await? > 0 {}
    let got = smtp.wait_for(7, Duration::from_secs(10)).await;
    let to = |addr: &str| -> Vec<String> {
        got.iter()
            .filter(|m| m.to == [addr])
            .filter_map(|m| m.subject())
            .collect()
    };
    assert_eq!(
        got.len(),
        7,
        "{:?}",
        got.iter()
            .map(|m| (m.to.clone(), m.subject()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        to("lan@huyenmau.gov.vn"),
        [format!("Đã mở tự đánh giá, xếp loại tháng {label}")]
    );
    assert!(to("minh@huyenmau.gov.vn").is_empty(), "muted");
    let head_mails = to("truong@huyenmau.gov.vn");
    assert_eq!(head_mails.len(), 4, "{head_mails:?}");
    assert!(head_mails.contains(&"Tổng hợp việc cần xử lý (2 mục)".to_owned()));
    assert!(head_mails.contains(&format!(
        "Tự đánh giá tháng {label} sẽ đóng sau 2 ngày: đồng chí chưa gửi phiếu"
    )));
    let digest = got
        .iter()
        .find(|m| m.subject().as_deref() == Some("Tổng hợp việc cần xử lý (2 mục)"))
        .and_then(|m| m.text())
        .ok_or("digest text")?;
    assert!(
        digest.starts_with("Kính gửi đồng chí Trần Văn Trưởng,"),
        "{digest}"
    );
    assert!(
        digest.contains("Phiếu của Lê Thị Lan đang chờ đồng chí xử lý"),
        "{digest}"
    );
    assert!(
        digest.contains("Phiếu của Đỗ Văn Minh đang chờ đồng chí xử lý"),
        "{digest}"
    );
    assert!(
        digest.contains("https://danhgia.huyenmau.gov.vn/evaluations/"),
        "{digest}"
    );
    let chief_mails = to("chu@huyenmau.gov.vn");
    assert_eq!(
        chief_mails.len(),
        2,
        "opens and closes, no digest: {chief_mails:?}"
    );
    assert!(!chief_mails.iter().any(|m| m.starts_with("Tổng hợp")));
    let behind = got
        .iter()
        .filter(|m| m.to == ["truong@huyenmau.gov.vn"])
        .filter_map(|m| m.text())
        .find(|t| t.contains("đang chậm tiến độ"))
        .ok_or("the head's digest of the behind office")?;
    assert!(
        behind.contains("Văn phòng HĐND và UBND đang chậm tiến độ đánh giá"),
        "{behind}"
    );
    let _ = chief;
    Ok(())
}
