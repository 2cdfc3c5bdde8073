//! The demo organisation (`danhgia demo`, `serve --demo`): a fictional district described in
//! `data/demo/huyen-mau.json`, with ~300 staff whose names are drawn deterministically from the
//! name pools there, accounts named by M2.4, and the roles a real district would hand out.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};
use danhgia_domain::access::Role;
use danhgia_domain::account_name;
use danhgia_domain::calendar::Calendar;
use danhgia_domain::criteria::SectionKind;
use danhgia_domain::evaluation::{Score, Sheet, grade};
use danhgia_domain::grade::Grade;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::points::Points;
use danhgia_domain::quota::Counts;
use danhgia_domain::workflow::Status;
use danhgia_store::{
    Evaluation, FormChange, NewAccount, NewPeriod, NewPerson, NewUnit, PersonUpdate, Store,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

/// Every demo account's password.
pub const DEMO_PASSWORD: &str = "Demo@2026";
/// The system admin of the demo district.
pub const ADMIN: &str = "quantri_huyenmau";

pub(crate) static DATA: &str = include_str!("../../../data/demo/huyen-mau.json");

#[derive(Deserialize)]
pub(crate) struct Demo {
    pub(crate) units: Vec<DemoUnit>,
    pub(crate) names: Names,
}

#[derive(Deserialize, Clone)]
pub(crate) struct DemoUnit {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kind: UnitKind,
    pub(crate) level: UnitLevel,
    pub(crate) block: Block,
    pub(crate) suffix: Option<String>,
    pub(crate) parent: Option<String>,
    pub(crate) cohorts: Vec<String>,
    pub(crate) staff: Vec<Post>,
}

#[derive(Deserialize, Clone)]
pub(crate) struct Post {
    pub(crate) position: String,
    pub(crate) rank: PositionRank,
    pub(crate) employment: Employment,
    pub(crate) cohort: String,
    pub(crate) count: usize,
}

#[derive(Deserialize)]
pub(crate) struct Names {
    family: Vec<(String, u32)>,
    middle_male: Vec<String>,
    middle_female: Vec<String>,
    given_male: Vec<String>,
    given_female: Vec<String>,
}

/// Whether the database holds no unit yet.
pub async fn is_empty(store: &Store) -> Result<bool> {
    Ok(store
        .units_in_scope(&["/".to_owned()], &[])
        .await?
        .is_empty())
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.random_range(0..items.len())])
}

pub(crate) fn full_name(rng: &mut StdRng, names: &Names) -> String {
    let total: u32 = names.family.iter().map(|(_, w)| *w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    let family = names
        .family
        .iter()
        .find(|(_, w)| {
            if roll < *w {
                true
            } else {
                roll -= w;
                false
            }
        })
        .map_or("Nguyễn", |(f, _)| f.as_str());
    let male = rng.random_bool(0.5);
    let (middle, given) = if male {
        (&names.middle_male, &names.given_male)
    } else {
        (&names.middle_female, &names.given_female)
    };
    let m = pick(rng, middle).map_or("Văn", String::as_str);
    let g = pick(rng, given).map_or("An", String::as_str);
    format!("{family} {m} {g}")
}

/// An account to show after loading, with what it can do.
pub struct DemoAccount {
    pub username: String,
    pub what: String,
}

/// Loads the demo; returns the accounts worth trying.
pub async fn load(store: &Store) -> Result<Vec<DemoAccount>> {
    let demo: Demo = serde_json::from_str(DATA).context("data/demo/huyen-mau.json is invalid")?;
    let mut rng = StdRng::seed_from_u64(2026);
    // One argon2id hash shared by the demo accounts: they all have the same known password,
    // and hashing ~300 times would make every demo start slow. Real accounts get their own.
    let hash = danhgia_web::auth::hash_password(DEMO_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!("cannot hash the demo password: {e:?}"))?;
    let mut unit_ids: HashMap<String, String> = HashMap::new();
    let mut usernames: HashSet<String> = HashSet::new();
    let mut to_try = Vec::new();
    // (unit code, person id, username, rank, position)
    let mut people: Vec<(String, String, String, PositionRank, String)> = Vec::new();
    let root_suffix = demo
        .units
        .iter()
        .find_map(|u| u.suffix.clone())
        .unwrap_or_default();

    for u in &demo.units {
        let unit = store
            .create_unit(&NewUnit {
                parent_id: u.parent.as_ref().and_then(|p| unit_ids.get(p).cloned()),
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind,
                level: u.level,
                block: u.block,
                suffix: u.suffix.clone(),
            })
            .await
            .with_context(|| format!("demo unit {}", u.code))?;
        unit_ids.insert(u.code.clone(), unit.id.clone());
        let mut cohorts = HashMap::new();
        for c in &u.cohorts {
            cohorts.insert(c.clone(), store.create_cohort(&unit.id, c).await?.id);
        }
        for post in &u.staff {
            for _ in 0..post.count {
                let name = full_name(&mut rng, &demo.names);
                let username =
                    account_name::generate(&name, &root_suffix, |n| usernames.contains(n));
                usernames.insert(username.clone());
                let person = store
                    .create_person(
                        &NewPerson {
                            unit_id: unit.id.clone(),
                            details: PersonUpdate {
                                full_name: name,
                                position_title: post.position.clone(),
                                rank: post.rank,
                                employment: post.employment,
                                cohort_id: cohorts.get(&post.cohort).cloned(),
                                email: Some(format!("{username}@huyenmau.gov.vn")),
                                phone: Some(format!(
                                    "09{:08}",
                                    rng.random_range(0..100_000_000u32)
                                )),
                                reviewer_id: None,
                                evaluator_id: None,
                            },
                        },
                        Some(&NewAccount {
                            username: username.clone(),
                            password_hash: hash.clone(),
                            must_change_password: false,
                            password_deadline: None,
                        }),
                    )
                    .await
                    .with_context(|| format!("demo staff of {}", u.code))?;
                people.push((
                    u.code.clone(),
                    person.id,
                    username,
                    post.rank,
                    post.position.clone(),
                ));
            }
        }
    }

    // Leaders evaluate (heads) and comment (deputies) in their own unit (Hanoi Đ.10).
    for (code, person_id, _, rank, _) in &people {
        let role = match rank {
            PositionRank::Head => Role::Evaluator,
            PositionRank::Deputy => Role::Reviewer,
            PositionRank::Member => continue,
        };
        let account = store.account_of_person(person_id).await?;
        store
            .grant_role(&account.id, role, &unit_ids[code], None)
            .await?;
    }

    // The district's system admin (Phòng Nội vụ's account, seed 000).
    let root = demo.units.first().context("the demo has no unit")?;
    let admin = store
        .create_account(&NewAccount {
            username: ADMIN.into(),
            password_hash: hash.clone(),
            must_change_password: false,
            password_deadline: None,
        })
        .await?;
    store
        .grant_role(&admin, Role::SystemAdmin, &unit_ids[&root.code], None)
        .await?;
    to_try.push(DemoAccount {
        username: ADMIN.into(),
        what: format!("system admin of {}", root.name),
    });

    // One unit admin per commune; Phòng GD&ĐT administers the schools (seed 000).
    for u in demo
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Commune || u.code == "HM-GD")
    {
        if let Some((_, pid, username, ..)) = people
            .iter()
            .find(|p| p.0 == u.code && p.3 == PositionRank::Member)
        {
            let account = store.account_of_person(pid).await?;
            store
                .grant_role(&account.id, Role::UnitAdmin, &unit_ids[&u.code], None)
                .await?;
            to_try.push(DemoAccount {
                username: username.clone(),
                what: format!("unit admin of {}", u.name),
            });
        }
    }
    // An aggregator at Phòng Nội vụ for the whole district.
    if let Some((_, pid, username, ..)) = people
        .iter()
        .find(|p| p.0 == "HM-NV" && p.3 == PositionRank::Member)
    {
        let account = store.account_of_person(pid).await?;
        store
            .grant_role(&account.id, Role::Aggregator, &unit_ids[&root.code], None)
            .await?;
        to_try.push(DemoAccount {
            username: username.clone(),
            what: "aggregator of the district (Phòng Nội vụ)".into(),
        });
    }
    if let Some((code, _, username, _, position)) = people
        .iter()
        .find(|p| p.3 == PositionRank::Head && p.0 == "HM-VP")
    {
        to_try.push(DemoAccount {
            username: username.clone(),
            what: format!("{position} ({code}), evaluator"),
        });
    }
    if let Some((code, _, username, _, position)) = people
        .iter()
        .find(|p| p.3 == PositionRank::Member && p.0 == "HM-VP")
    {
        to_try.push(DemoAccount {
            username: username.clone(),
            what: format!("{position} ({code}), staff member"),
        });
    }
    // Phòng Tư pháp is the small unit the browser test walks through a month: its deputy
    // comments on each chuyên viên's form before the head decides (set per person, as an
    // administrator does where the unit is under 20 but the head wants it, Đ.10.3).
    let tp: Vec<&(String, String, String, PositionRank, String)> =
        people.iter().filter(|p| p.0 == "HM-TP").collect();
    if let Some(deputy) = tp.iter().find(|p| p.3 == PositionRank::Deputy) {
        for m in tp.iter().filter(|p| p.3 == PositionRank::Member) {
            let mut details = person_details(store, &m.1).await?;
            details.reviewer_id = Some(deputy.1.clone());
            store.update_person(&m.1, &details).await?;
        }
    }
    for (rank, what) in [
        (PositionRank::Head, "head of Phòng Tư pháp, evaluator"),
        (PositionRank::Deputy, "deputy of Phòng Tư pháp, reviewer"),
        (
            PositionRank::Member,
            "chuyên viên of Phòng Tư pháp, staff member",
        ),
    ] {
        if let Some(p) = tp.iter().find(|p| p.3 == rank) {
            to_try.push(DemoAccount {
                username: p.2.clone(),
                what: what.into(),
            });
        }
    }

    months(store, &mut rng).await?;
    if let Some(a) = crate::demo_work::load(store).await? {
        to_try.push(a);
    }
    // A second body, on Quảng Trị's 360° method (issue 10), loaded last: the district stays
    // the first tenant.
    to_try.extend(crate::demo_peer::load(store, &hash).await?);
    // Personnel files for everyone in both bodies (issue 11), a few left incomplete.
    crate::demo_hr::load(store).await?;
    Ok(to_try)
}

async fn person_details(store: &Store, id: &str) -> Result<PersonUpdate> {
    let p = store.person(id).await?;
    Ok(PersonUpdate {
        full_name: p.full_name,
        position_title: p.position_title,
        rank: p.rank,
        employment: p.employment,
        cohort_id: p.cohort_id,
        email: p.email,
        phone: p.phone,
        reviewer_id: p.reviewer_id,
        evaluator_id: p.evaluator_id,
    })
}

/// The demo's months (issue 5 "Done when"): the two months before today's published, with
/// self-assessments, decisions within the A quota and publication; today's month open, and
/// past its opening day most of the district (all but Phòng Tư pháp, which the browser test
/// walks through) has submitted.
async fn months(store: &Store, rng: &mut StdRng) -> Result<()> {
    let today = danhgia_store::today();
    let tenant = store
        .tenants()
        .await?
        .into_iter()
        .next()
        .context("the demo has no tenant")?;
    let tp = store.unit_by_code("HM-TP").await?;
    let cal = Calendar::default();
    let mut month_start = today.replace_day(1)?;
    let mut starts = Vec::new();
    for _ in 0..3 {
        starts.push(month_start);
        month_start = month_start.previous_day().context("date")?.replace_day(1)?;
    }
    starts.reverse();
    let mut sets: HashMap<String, danhgia_domain::criteria::CriteriaSet> = HashMap::new();
    for (i, start) in starts.iter().enumerate() {
        let deadlines = cal
            .deadlines(start.year(), start.month())
            .context("calendar")?;
        let (period, _) = store
            .open_period(
                &NewPeriod {
                    tenant_id: tenant.id.clone(),
                    year: start.year(),
                    month: start.month(),
                    deadlines,
                    late_submission: false,
                    appeal_days: danhgia_domain::evaluation::DEFAULT_APPEAL_DAYS,
                },
                None,
            )
            .await?;
        let past = i + 1 < starts.len();
        if !past && today < deadlines.self_opens {
            continue;
        }
        let forms = store.evaluations_in(&period.id, &tenant.path).await?;
        let cat = danhgia_domain::catalogue::Catalogue::get()
            .map_err(|e| anyhow::anyhow!("catalogue: {e:?}"))?;
        // Self-assessments.
        let mut submit = Vec::new();
        for f in &forms {
            if !past && (f.unit_id == tp.id || rng.random_bool(0.4)) {
                continue;
            }
            let Some(v) = &f.set_version_id else { continue };
            if !sets.contains_key(v) {
                sets.insert(v.clone(), store.set_version_by_id(v).await?.set()?);
            }
            let set = &sets[v];
            let preset = cat.preset(&f.preset).context("preset")?;
            let quality = rng.random_range(80..=100);
            let sheet = demo_sheet(set, quality);
            let g =
                grade(preset, set, &sheet).map_err(|e| anyhow::anyhow!("demo scores: {e:?}"))?;
            let mut after = f.clone();
            after.status = Status::Submitted;
            after.self_sheet = serde_json::to_string(&sheet)?;
            after.self_total = Some(g.total.hundredths());
            after.self_grade = g.grade.map(|g| g.as_str().to_owned());
            let late = deadlines.self_before - deadlines.self_opens;
            after.submitted_on = Some(
                deadlines.self_opens
                    + time::Duration::days(rng.random_range(0..late.whole_days().max(1))),
            );
            submit.push(FormChange {
                before: f.clone(),
                after,
                action: "submit",
                reason: String::new(),
            });
        }
        store.save_forms(&submit, None, "demo").await?;
        if !past {
            continue;
        }
        // Decisions: each leader accepts the self-assessment, and keeps each cohort within
        // its A quota by scoring the extra A's lower (what heads do before publication).
        let forms = store.evaluations_in(&period.id, &tenant.path).await?;
        let mut decided: Vec<Evaluation> = Vec::new();
        for f in forms.iter().filter(|f| f.status == Status::Submitted) {
            let mut after = f.clone();
            after.status = Status::Decided;
            after.leader_sheet = f.self_sheet.clone();
            after.leader_total = f.self_total;
            after.leader_grade = f.self_grade.clone();
            after.final_grade = f.self_grade.clone();
            decided.push(after);
        }
        loop {
            let mut changed = false;
            let mut groups: HashMap<(String, Option<String>), Vec<usize>> = HashMap::new();
            for (i, f) in decided.iter().enumerate() {
                groups
                    .entry((f.unit_id.clone(), f.cohort_id.clone()))
                    .or_default()
                    .push(i);
            }
            for idx in groups.values() {
                let grades = idx.iter().filter_map(|i| decided[*i].final_grade());
                let preset = cat.preset(&decided[idx[0]].preset).context("preset")?;
                let verdict =
                    danhgia_domain::quota::check(&preset.quota, Counts::of(grades), false);
                if verdict.allowed {
                    continue;
                }
                if let Some(i) = idx
                    .iter()
                    .rev()
                    .find(|i| decided[**i].final_grade() == Some(Grade::A))
                {
                    let f = &mut decided[*i];
                    let set = &sets[f.set_version_id.as_deref().context("set")?];
                    let sheet = demo_sheet(set, 88);
                    let g = grade(preset, set, &sheet)
                        .map_err(|e| anyhow::anyhow!("demo scores: {e:?}"))?;
                    f.leader_sheet = serde_json::to_string(&sheet)?;
                    f.leader_total = Some(g.total.hundredths());
                    f.leader_grade = g.grade.map(|g| g.as_str().to_owned());
                    f.final_grade = f.leader_grade.clone();
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let before: HashMap<String, Evaluation> =
            forms.into_iter().map(|f| (f.id.clone(), f)).collect();
        let decide: Vec<FormChange> = decided
            .iter()
            .map(|after| FormChange {
                before: before[&after.id].clone(),
                after: after.clone(),
                action: "decide",
                reason: String::new(),
            })
            .collect();
        store.save_forms(&decide, None, "demo").await?;
        let published_at = danhgia_domain::calendar::Deadlines::starts_at(
            deadlines.publish_before.previous_day().context("date")?,
        ) + time::Duration::hours(9);
        let mut publish = Vec::new();
        for f in store.evaluations_in(&period.id, &tenant.path).await? {
            if f.status != Status::Decided {
                continue;
            }
            let mut after = f.clone();
            after.status = Status::Published;
            after.published_at = Some(published_at);
            publish.push(FormChange {
                before: f,
                after,
                action: "publish",
                reason: String::new(),
            });
        }
        store.save_forms(&publish, None, "demo").await?;
    }
    Ok(())
}

/// A self-assessment at `quality` percent of every criterion's max (rounded down to the half
/// point) and of the result, with no bonus or deduction.
pub(crate) fn demo_sheet(set: &danhgia_domain::criteria::CriteriaSet, quality: i64) -> Sheet {
    let mut sheet = Sheet::default();
    for s in &set.sections {
        match s.kind {
            SectionKind::Result => {
                sheet.scores.insert(
                    s.code.clone(),
                    Score {
                        points: Points::whole(quality),
                        reason: String::new(),
                    },
                );
            }
            SectionKind::Criteria => {
                for c in &s.criteria {
                    let h = c.max.hundredths() * quality / 100 / 50 * 50;
                    sheet.scores.insert(
                        danhgia_domain::criteria::CriteriaSet::item_id(s, c),
                        Score {
                            points: Points::from_hundredths(h),
                            reason: String::new(),
                        },
                    );
                }
            }
            _ => {}
        }
    }
    sheet
}

/// The headline account when the demo was loaded earlier.
pub fn accounts_to_try() -> Vec<DemoAccount> {
    vec![DemoAccount {
        username: ADMIN.into(),
        what: "system admin of Huyện Mẫu".into(),
    }]
}

pub fn print_accounts(accounts: &[DemoAccount]) {
    println!("Demo organisation: Huyện Mẫu. Accounts to try (password {DEMO_PASSWORD}):");
    for a in accounts {
        println!("  {:<28} {}", a.username, a.what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use danhgia_store::testing::fresh_store;
    use std::collections::BTreeMap;

    #[tokio::test]
    async fn the_demo_district_is_realistic_and_follows_the_rules() -> Result<()> {
        let (store, _) = fresh_store().await?;
        assert!(is_empty(&store).await?);
        let to_try = load(&store).await?;
        assert!(!is_empty(&store).await?);
        let district = store.unit_by_code("HM").await?;
        let units = store.units_in_scope(&[district.path], &[]).await?;
        assert_eq!(units.len(), 15);
        let mut staff = 0;
        let mut names = BTreeMap::new();
        for u in &units {
            for p in store.people_in_unit(&u.id).await? {
                staff += 1;
                let username = p.username.clone().unwrap_or_default();
                // M2.4: họvàtênkhôngdấu_suffix, de-duplicated with a number
                let base = account_name::base(&p.full_name);
                assert!(
                    username.starts_with(&base) && username.ends_with("_huyenmau"),
                    "{username} for {}",
                    p.full_name
                );
                assert!(names.insert(username, p.full_name).is_none());
            }
        }
        assert!((280..=320).contains(&staff), "{staff} staff");
        let admin = store.account_by_username(ADMIN).await?;
        assert_eq!(store.grants_of(&admin.id).await?[0].role, Role::SystemAdmin);
        assert_eq!(
            to_try
                .iter()
                .filter(|a| a.what.starts_with("unit admin of Xã"))
                .count(),
            3
        );
        assert!(danhgia_web::auth::verify_password(DEMO_PASSWORD, &admin.password_hash).await);
        Ok(())
    }

    /// Issue 4 "Done when": every staff member of the demo gets the set that Hanoi Quy chế
    /// Đ.11 names for their position (the shipped mapping), through the same resolver the
    /// pages use.
    #[tokio::test]
    async fn every_demo_staff_member_gets_the_set_of_their_position() -> Result<()> {
        let (store, _) = fresh_store().await?;
        load(&store).await?;
        let state = danhgia_web::AppState::new(store.clone(), danhgia_web::Config::default());
        let mut seen = BTreeMap::new();
        let district = store.unit_by_code("HM").await?;
        for u in store.units_in_scope(&[district.path], &[]).await? {
            for p in store.people_in_unit(&u.id).await? {
                let expected = match (p.employment, p.rank, u.kind) {
                    (Employment::HopDong, _, _) => "hn-19-lao-dong-hop-dong",
                    (_, PositionRank::Member, _) => "hn-15-cong-chuc-quan-huyen-xa",
                    (_, PositionRank::Head, UnitKind::District) => {
                        "hn-09-thuong-truc-quan-huyen-uy"
                    }
                    (_, _, UnitKind::District) => "hn-10-pho-chu-tich-hdnd-ubnd-huyen",
                    (_, _, UnitKind::Office) => "hn-12-lanh-dao-phong-ubnd-huyen",
                    (_, _, UnitKind::Commune) => "hn-13-lanh-dao-xa-phuong",
                    (_, _, UnitKind::School) => "hn-14-hieu-truong-truong-hoc",
                    other => anyhow::bail!("the demo has no {other:?}"),
                };
                let got = danhgia_web::pages::criteria::resolve_person(&state, &p, &u)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                assert_eq!(
                    got.set_key.as_deref(),
                    Some(expected),
                    "{} ({}, {})",
                    p.full_name,
                    p.position_title,
                    u.name
                );
                *seen.entry(expected).or_insert(0) += 1;
            }
        }
        assert_eq!(
            seen.len(),
            7,
            "the demo uses seven of the 19 sets: {seen:?}"
        );
        Ok(())
    }

    /// Issue 10: the Quảng Trị body evaluates by 360°, its people get the Quảng Trị sets of
    /// their positions (Quy chế 2019 Đ.4), and its team of five has a draft form this month.
    #[tokio::test]
    async fn the_quang_tri_body_runs_on_its_own_preset_and_360() -> Result<()> {
        let (store, _) = fresh_store().await?;
        load(&store).await?;
        let state = danhgia_web::AppState::new(store.clone(), danhgia_web::Config::default());
        let root = store.unit_by_code("QT").await?;
        let setting = store.peer_setting(&root.id).await?.context("a setting")?;
        assert_eq!(setting.method, danhgia_domain::peer::Method::Peer360);
        for u in store
            .units_in_scope(std::slice::from_ref(&root.path), &[])
            .await?
        {
            for p in store.people_in_unit(&u.id).await? {
                let expected = match p.rank {
                    PositionRank::Member => "qt-3-cong-chuc",
                    _ => "qt-2-cong-chuc-lanh-dao",
                };
                let got = danhgia_web::pages::criteria::resolve_person(&state, &p, &u)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                assert_eq!(got.set_key.as_deref(), Some(expected), "{}", p.full_name);
            }
        }
        let period = store.periods(&root.id).await?.remove(0);
        let office = store.unit_by_code("QT-CCVC").await?;
        let forms = store.evaluations_of_unit(&period.id, &office.id).await?;
        assert_eq!(forms.len(), 5);
        assert!(forms.iter().all(|f| f.status == Status::Draft));
        // Last year: twelve published months each, and the year's period open.
        let last = i64::from(danhgia_store::today().year()) - 1;
        let year = store
            .periods(&root.id)
            .await?
            .into_iter()
            .find(|p| p.is_year() && p.year == last)
            .context("last year's period")?;
        let annual = store.evaluations_of_unit(&year.id, &office.id).await?;
        assert_eq!(annual.len(), 5);
        for f in &annual {
            let months = store.year_months(&f.person_id, last).await?;
            assert_eq!(months.len(), 12, "{}", f.full_name);
            assert!(months.iter().all(|m| m.grade.is_some()));
        }
        Ok(())
    }

    /// Issue 5 "Done when": two past months published, within every cohort's A quota, and the
    /// current month open with a form for everyone.
    #[tokio::test]
    async fn the_demo_has_two_published_months_and_the_current_one_open() -> Result<()> {
        let (store, _) = fresh_store().await?;
        load(&store).await?;
        let tenant = store.tenants().await?.remove(0);
        let periods = store.periods(&tenant.id).await?;
        assert_eq!(periods.len(), 3);
        let today = danhgia_store::today();
        assert_eq!(
            (periods[0].year, periods[0].month),
            (i64::from(today.year()), i64::from(u8::from(today.month())))
        );
        let staff = store
            .evaluations_in(&periods[0].id, &tenant.path)
            .await?
            .len();
        assert!(staff >= 280);
        let cat =
            danhgia_domain::catalogue::Catalogue::get().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        for past in &periods[1..] {
            let forms = store.evaluations_in(&past.id, &tenant.path).await?;
            assert_eq!(forms.len(), staff);
            let published = forms
                .iter()
                .filter(|f| f.status == Status::Published)
                .count();
            assert!(
                published * 10 >= staff * 9,
                "{published} of {staff} published"
            );
            let mut cohorts: BTreeMap<(String, Option<String>), Vec<Grade>> = BTreeMap::new();
            for f in &forms {
                if let Some(g) = f.final_grade() {
                    cohorts
                        .entry((f.unit_id.clone(), f.cohort_id.clone()))
                        .or_default()
                        .push(g);
                }
            }
            let rule = cat
                .preset("hanoi-2021")
                .map(|p| p.quota)
                .ok_or_else(|| anyhow::anyhow!("preset"))?;
            for (k, grades) in cohorts {
                let v =
                    danhgia_domain::quota::check(&rule, Counts::of(grades.iter().copied()), false);
                assert!(v.allowed, "{k:?} over the quota: {grades:?}");
            }
        }
        // Phòng Tư pháp's chuyên viên are commented on by its deputy, and have not started.
        let tp = store.unit_by_code("HM-TP").await?;
        let tp_forms = store.evaluations_of_unit(&periods[0].id, &tp.id).await?;
        assert!(tp_forms.iter().all(|f| f.status == Status::Draft));
        assert_eq!(
            tp_forms
                .iter()
                .filter(|f| f.position_title == "Chuyên viên" && f.reviewer_id.is_some())
                .count(),
            4
        );
        Ok(())
    }
}
