//! The Quảng Trị demo body (issue 10): a department on the `quang-tri-2019` preset, evaluating by
//! 360° (seed 003 Đ.3, Đ.5). Its office of five (a head, a deputy, three chuyên viên) is the team
//! the browser test walks through a round; the department's director and deputy rate the
//! office's head from above. This month's period is open with every form a draft.
//!
//! The twelve months of last year are published, and last year's period (the annual
//! evaluation, M6.3) is open with its days moved around today, as an admin does for a late
//! annual round: each form proposes the mean of its person's twelve months.

use anyhow::{Context, Result};
use danhgia_domain::access::Role;
use danhgia_domain::account_name;
use danhgia_domain::calendar::{Calendar, Deadlines};
use danhgia_domain::evaluation::grade;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::peer::{DEFAULT_GAP, Method};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::workflow::Status;
use danhgia_store::{
    FormChange, NewAccount, NewPeriod, NewPerson, NewUnit, PeerSetting, PersonUpdate, Store,
};

use crate::demo::DemoAccount;

/// The Quảng Trị body's system admin.
pub const ADMIN: &str = "quantri_quangtri";
const SUFFIX: &str = "quangtri";
pub const PRESET: &str = "quang-tri-2019";

/// (unit code, position, rank, full name)
const STAFF: &[(&str, &str, PositionRank, &str)] = &[
    ("QT", "Giám đốc Sở", PositionRank::Head, "Lê Văn Quảng"),
    (
        "QT",
        "Phó Giám đốc Sở",
        PositionRank::Deputy,
        "Hoàng Thị Thạch Hãn",
    ),
    (
        "QT-CCVC",
        "Trưởng phòng",
        PositionRank::Head,
        "Nguyễn Văn Hiếu",
    ),
    (
        "QT-CCVC",
        "Phó Trưởng phòng",
        PositionRank::Deputy,
        "Trần Thị Bến Hải",
    ),
    (
        "QT-CCVC",
        "Chuyên viên",
        PositionRank::Member,
        "Phạm Văn Cửa Việt",
    ),
    (
        "QT-CCVC",
        "Chuyên viên",
        PositionRank::Member,
        "Võ Thị Gio Linh",
    ),
    (
        "QT-CCVC",
        "Chuyên viên",
        PositionRank::Member,
        "Đặng Văn Triệu Phong",
    ),
];

/// Loads the body; returns the accounts worth trying.
pub async fn load(store: &Store, password_hash: &str) -> Result<Vec<DemoAccount>> {
    let root = store
        .create_unit(&NewUnit {
            parent_id: None,
            code: "QT".into(),
            name: "Sở Nội vụ tỉnh Quảng Trị (mẫu)".into(),
            kind: UnitKind::Department,
            level: UnitLevel::Province,
            block: Block::Government,
            suffix: Some(SUFFIX.into()),
        })
        .await?;
    let office = store
        .create_unit(&NewUnit {
            parent_id: Some(root.id.clone()),
            code: "QT-CCVC".into(),
            name: "Phòng Công chức, viên chức".into(),
            kind: UnitKind::Office,
            level: UnitLevel::Province,
            block: Block::Government,
            suffix: None,
        })
        .await?;
    let mut taken: Vec<String> = Vec::new();
    let mut to_try = Vec::new();
    for (code, position, rank, name) in STAFF {
        let unit = if *code == "QT" { &root } else { &office };
        let username = account_name::generate(name, SUFFIX, |n| taken.iter().any(|t| t == n));
        taken.push(username.clone());
        let person = store
            .create_person(
                &NewPerson {
                    unit_id: unit.id.clone(),
                    details: PersonUpdate {
                        full_name: (*name).into(),
                        position_title: (*position).into(),
                        rank: *rank,
                        employment: Employment::CongChuc,
                        cohort_id: None,
                        email: Some(format!("{username}@quangtri.gov.vn")),
                        phone: None,
                        reviewer_id: None,
                        evaluator_id: None,
                    },
                },
                Some(&NewAccount {
                    username: username.clone(),
                    password_hash: password_hash.to_owned(),
                    must_change_password: false,
                    password_deadline: None,
                }),
            )
            .await
            .with_context(|| format!("Quảng Trị demo: {name}"))?;
        let account = store.account_of_person(&person.id).await?;
        let role = match rank {
            PositionRank::Head => Some(Role::Evaluator),
            PositionRank::Deputy => Some(Role::Reviewer),
            PositionRank::Member => None,
        };
        if let Some(role) = role {
            store.grant_role(&account.id, role, &unit.id, None).await?;
        }
        if *code == "QT-CCVC" {
            to_try.push(DemoAccount {
                username,
                what: format!("{position} of {} (Quảng Trị, 360°)", office.name),
            });
        }
    }
    let admin = store
        .create_account(&NewAccount {
            username: ADMIN.into(),
            password_hash: password_hash.to_owned(),
            must_change_password: false,
            password_deadline: None,
        })
        .await?;
    store
        .grant_role(&admin, Role::SystemAdmin, &root.id, None)
        .await?;
    store.set_rule_choice(&root.id, "", PRESET, &admin).await?;
    store
        .set_peer_setting(
            &root.id,
            PeerSetting {
                method: Method::Peer360,
                gap: DEFAULT_GAP,
            },
            Some(&admin),
        )
        .await?;
    let today = danhgia_store::today();
    let deadlines = Calendar::default()
        .deadlines(today.year(), today.month())
        .context("calendar")?;
    store
        .open_period(
            &NewPeriod {
                tenant_id: root.id.clone(),
                year: today.year(),
                month: today.month(),
                deadlines,
                late_submission: false,
                appeal_days: danhgia_domain::evaluation::DEFAULT_APPEAL_DAYS,
            },
            None,
        )
        .await?;
    last_year(store, &root.id, today).await?;
    to_try.insert(
        0,
        DemoAccount {
            username: ADMIN.into(),
            what: format!("system admin of {} (360°)", root.name),
        },
    );
    Ok(to_try)
}

/// Publishes the twelve months of last year for every member of the body (each person steady
/// around their own level, so the year's mean reads plausibly) and opens last year's period.
async fn last_year(store: &Store, tenant_id: &str, today: time::Date) -> Result<()> {
    let year = today.year() - 1;
    let cal = Calendar::default();
    let cat = danhgia_domain::catalogue::Catalogue::get()
        .map_err(|e| anyhow::anyhow!("catalogue: {e:?}"))?;
    let preset = cat.preset(PRESET).context("preset")?;
    let root = store.unit(tenant_id).await?;
    for m in 1..=12u8 {
        let month = time::Month::try_from(m)?;
        let deadlines = cal.deadlines(year, month).context("calendar")?;
        let (period, _) = store
            .open_period(
                &NewPeriod {
                    tenant_id: tenant_id.to_owned(),
                    year,
                    month,
                    deadlines,
                    late_submission: false,
                    appeal_days: danhgia_domain::evaluation::DEFAULT_APPEAL_DAYS,
                },
                None,
            )
            .await?;
        let published_at =
            Deadlines::starts_at(deadlines.publish_before.previous_day().context("date")?)
                + time::Duration::hours(9);
        let mut changes = Vec::new();
        for (i, f) in store
            .evaluations_in(&period.id, &root.path)
            .await?
            .into_iter()
            .enumerate()
        {
            let Some(version) = f.set_version_id.as_deref() else {
                continue;
            };
            let set = store.set_of_version(version).await?;
            // 84 to 92 % of each item: mostly B, the months moving a little around each level.
            let level = 84 + i64::try_from(i % 4).unwrap_or(0) * 2;
            let quality = level + i64::from(m % 3);
            let sheet = crate::demo::demo_sheet(&set, quality);
            let g = grade(preset, &set, &sheet).map_err(|e| anyhow::anyhow!("demo: {e:?}"))?;
            let json = serde_json::to_string(&sheet)?;
            let mut after = f.clone();
            after.status = Status::Published;
            after.self_sheet = json.clone();
            after.self_total = Some(g.total.hundredths());
            after.self_grade = g.grade.map(|g| g.as_str().to_owned());
            after.leader_sheet = json;
            after.leader_total = after.self_total;
            after.leader_grade = after.self_grade.clone();
            after.final_grade = after.self_grade.clone();
            after.submitted_on = Some(deadlines.self_opens);
            after.published_at = Some(published_at);
            changes.push(FormChange {
                before: f,
                after,
                action: "publish",
                reason: String::new(),
            });
        }
        store.save_forms(&changes, None, "demo").await?;
    }
    let days = |n: i64| today + time::Duration::days(n);
    store
        .open_year(
            &NewPeriod {
                tenant_id: tenant_id.to_owned(),
                year,
                month: time::Month::December,
                deadlines: Deadlines {
                    self_opens: days(-1),
                    self_before: days(6),
                    decide_before: days(9),
                    publish_before: days(13),
                },
                late_submission: false,
                appeal_days: danhgia_domain::evaluation::DEFAULT_APPEAL_DAYS,
            },
            None,
        )
        .await?;
    Ok(())
}
