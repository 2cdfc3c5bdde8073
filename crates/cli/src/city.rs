//! The city-sized demo (`danhgia demo --size city`, issue 6): a city shaped like Hanoi, described
//! in `data/demo/thanh-pho-mau.json` — ~30 districts that repeat the offices, communes and schools
//! of the demo district, ~100 departments, hospitals with their wards, high schools — with
//! ~250,000 staff, twelve published months and the current month open on its deadline days.
//!
//! It is loaded through the store's bulk paths (many rows per statement) but shaped by the same
//! rules as everything else: account names (M2.4), who evaluates whom (derived by the period
//! opener, Đ.10), grades from the criteria sets and each cohort's A quota. The current month is
//! opened by the real period opener, and its submissions go through the real save.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::{Context, Result};
use danhgia_domain::access::Role;
use danhgia_domain::account_name;
use danhgia_domain::calendar::Deadlines;
use danhgia_domain::criteria::CriteriaSet;
use danhgia_domain::evaluation::grade;
use danhgia_domain::grade::Grade;
use danhgia_domain::org::{Block, UnitKind, UnitLevel, child_path};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::quota::{self, Counts};
use danhgia_domain::workflow::Status;
use danhgia_store::{
    BulkCohort, BulkEvent, BulkPerson, BulkUnit, Evaluation, FormChange, NewPeriod, Store, new_id,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

use crate::demo::{DEMO_PASSWORD, Demo, DemoAccount, DemoUnit, Post, demo_sheet, full_name};

static CITY: &str = include_str!("../../../data/demo/thanh-pho-mau.json");

/// The months of published history before the current one.
const PAST_MONTHS: usize = 12;

#[derive(Deserialize)]
struct City {
    code: String,
    name: String,
    suffix: String,
    staff_target: usize,
    root_staff: Vec<CityPost>,
    districts: Vec<String>,
    communes_per_district: usize,
    schools_per_district: usize,
    departments: Vec<String>,
    numbered_departments: Vec<(String, usize)>,
    department: DepartmentShape,
    hospitals: ServiceShape,
    high_schools: ServiceShape,
}

#[derive(Deserialize, Clone)]
struct CityPost {
    position: String,
    rank: PositionRank,
    employment: Employment,
    cohort: String,
    count: usize,
    #[serde(default)]
    scale: bool,
}

#[derive(Deserialize)]
struct DepartmentShape {
    cohorts: Vec<String>,
    staff: Vec<CityPost>,
    offices: Vec<String>,
    office_staff: Vec<CityPost>,
}

#[derive(Deserialize)]
struct ServiceShape {
    under: String,
    name: String,
    count: usize,
    cohorts: Vec<String>,
    staff: Vec<CityPost>,
    #[serde(default)]
    teams: Vec<String>,
    #[serde(default)]
    team_staff: Vec<CityPost>,
}

impl From<&Post> for CityPost {
    fn from(p: &Post) -> Self {
        CityPost {
            position: p.position.clone(),
            rank: p.rank,
            employment: p.employment,
            cohort: p.cohort.clone(),
            count: p.count,
            // Teachers are most of a city's staff: schools grow with the city's target.
            scale: p.position.starts_with("Giáo viên"),
        }
    }
}

/// A unit planned before anything is written.
struct Planned {
    unit: BulkUnit,
    cohorts: Vec<String>,
    posts: Vec<CityPost>,
    /// The account-name suffix of its staff (the district's, else the city's).
    suffix: String,
    /// Which unit's aggregator this unit's first member becomes, if any.
    aggregates: Option<usize>,
    unit_admin: bool,
}

struct Plan {
    units: Vec<Planned>,
}

impl Plan {
    fn add(
        &mut self,
        parent: Option<usize>,
        code: String,
        name: String,
        (kind, level, block): (UnitKind, UnitLevel, Block),
        suffix: &str,
    ) -> usize {
        let id = new_id();
        let parent_path = parent.map(|p| self.units[p].unit.path.clone());
        let path = child_path(parent_path.as_deref(), &id);
        self.units.push(Planned {
            unit: BulkUnit {
                parent_id: parent.map(|p| self.units[p].unit.id.clone()),
                id,
                path,
                code,
                name,
                kind,
                level,
                block,
                suffix: (parent.is_none()
                    || (kind == UnitKind::District && level == UnitLevel::District))
                    .then(|| suffix.to_owned()),
            },
            cohorts: Vec::new(),
            posts: Vec::new(),
            suffix: suffix.to_owned(),
            aggregates: None,
            unit_admin: false,
        });
        self.units.len() - 1
    }

    fn staff(&mut self, i: usize, cohorts: &[String], posts: Vec<CityPost>) {
        self.units[i].cohorts = cohorts.to_vec();
        self.units[i].posts = posts;
    }
}

fn template(demo: &Demo, kind: UnitKind) -> Vec<&DemoUnit> {
    demo.units.iter().filter(|u| u.kind == kind).collect()
}

fn plan(demo: &Demo, city: &City) -> Result<Plan> {
    let mut p = Plan { units: Vec::new() };
    let gov = (UnitKind::Province, UnitLevel::Province, Block::Government);
    let root = p.add(
        None,
        city.code.clone(),
        city.name.clone(),
        gov,
        &city.suffix,
    );
    p.staff(root, &["Lãnh đạo".to_owned()], city.root_staff.clone());

    let district_root = demo
        .units
        .iter()
        .find(|u| u.kind == UnitKind::District)
        .context("huyen-mau.json has no district")?;
    let offices = template(demo, UnitKind::Office);
    let communes = template(demo, UnitKind::Commune);
    let schools = template(demo, UnitKind::School);
    let posts = |u: &DemoUnit| u.staff.iter().map(CityPost::from).collect::<Vec<_>>();
    for (d, name) in city.districts.iter().enumerate() {
        let suffix = account_name::base(name);
        let code = format!("{}-Q{:02}", city.code, d + 1);
        let di = p.add(
            Some(root),
            code.clone(),
            format!("Quận {name}"),
            (UnitKind::District, UnitLevel::District, Block::Government),
            &suffix,
        );
        p.staff(di, &district_root.cohorts, posts(district_root));
        p.units[di].unit_admin = true;
        for o in &offices {
            let short = o.code.rsplit('-').next().unwrap_or(&o.code);
            let oi = p.add(
                Some(di),
                format!("{code}-{short}"),
                o.name.clone(),
                (o.kind, o.level, o.block),
                &suffix,
            );
            p.staff(oi, &o.cohorts, posts(o));
            // The district's Phòng Nội vụ aggregates the district (as in the demo district).
            if short == "NV" {
                p.units[oi].aggregates = Some(di);
            }
        }
        for c in 0..city.communes_per_district {
            let t = communes[c % communes.len()];
            let ci = p.add(
                Some(di),
                format!("{code}-P{:02}", c + 1),
                format!("Phường {} {name}", c + 1),
                (t.kind, t.level, t.block),
                &suffix,
            );
            p.staff(ci, &t.cohorts, posts(t));
            p.units[ci].unit_admin = true;
        }
        for s in 0..city.schools_per_district {
            let t = schools[s % schools.len()];
            // "Trường Mầm non Hoa Sen" → "Trường Mầm non số 3 Ba Đình"
            let kind_name = t
                .name
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let si = p.add(
                Some(di),
                format!("{code}-T{:02}", s + 1),
                format!("{kind_name} số {} {name}", s / schools.len() + 1),
                (t.kind, t.level, t.block),
                &suffix,
            );
            p.staff(si, &t.cohorts, posts(t));
        }
    }

    let mut names: Vec<String> = city.departments.clone();
    for (prefix, n) in &city.numbered_departments {
        names.extend((1..=*n).map(|i| format!("{prefix} {i}")));
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (k, name) in names.iter().enumerate() {
        let code = format!("{}-S{:03}", city.code, k + 1);
        let block = if name.contains("Giáo dục") {
            Block::Education
        } else {
            Block::Government
        };
        let si = p.add(
            Some(root),
            code.clone(),
            name.clone(),
            (UnitKind::Department, UnitLevel::Province, block),
            &city.suffix,
        );
        p.staff(si, &city.department.cohorts, city.department.staff.clone());
        by_name.insert(name.clone(), si);
        for (o, office) in city.department.offices.iter().enumerate() {
            let oi = p.add(
                Some(si),
                format!("{code}-P{}", o + 1),
                office.clone(),
                (UnitKind::Office, UnitLevel::Province, block),
                &city.suffix,
            );
            p.staff(
                oi,
                &city.department.cohorts,
                city.department.office_staff.clone(),
            );
            if o == 0 {
                // Each department's office follows the department; Sở Nội vụ's the city.
                p.units[oi].aggregates = Some(if name == "Sở Nội vụ" { root } else { si });
            }
        }
    }
    for shape in [&city.hospitals, &city.high_schools] {
        let parent = *by_name
            .get(&shape.under)
            .with_context(|| format!("no department named {}", shape.under))?;
        let block = p.units[parent].unit.block;
        let kind = if shape.teams.is_empty() {
            UnitKind::School
        } else {
            UnitKind::Office
        };
        let parent_code = p.units[parent].unit.code.clone();
        for n in 1..=shape.count {
            let code = format!(
                "{parent_code}-{}{n:03}",
                if shape.teams.is_empty() { "T" } else { "B" }
            );
            let hi = p.add(
                Some(parent),
                code.clone(),
                format!("{} {n}", shape.name),
                (kind, UnitLevel::Province, block),
                &city.suffix,
            );
            p.staff(hi, &shape.cohorts, shape.staff.clone());
            for (t, team) in shape.teams.iter().enumerate() {
                let ti = p.add(
                    Some(hi),
                    format!("{code}-K{:02}", t + 1),
                    team.clone(),
                    (UnitKind::Team, UnitLevel::Province, block),
                    &city.suffix,
                );
                p.staff(ti, &shape.cohorts, shape.team_staff.clone());
            }
        }
    }

    // Grow the posts marked `scale` so that the city reaches its staff target.
    let count = |pred: &dyn Fn(&CityPost) -> bool| -> usize {
        p.units
            .iter()
            .flat_map(|u| u.posts.iter())
            .filter(|x| pred(x))
            .map(|x| x.count)
            .sum()
    };
    let fixed = count(&|x| !x.scale);
    let scalable = count(&|x| x.scale).max(1);
    let factor = city.staff_target.saturating_sub(fixed) as f64 / scalable as f64;
    for u in &mut p.units {
        for post in u.posts.iter_mut().filter(|x| x.scale) {
            post.count = ((post.count as f64) * factor).round().max(1.0) as usize;
        }
    }
    Ok(p)
}

/// What loading took and made.
pub struct Report {
    pub units: usize,
    pub staff: usize,
    pub forms: usize,
    /// Forms of the current month submitted by the load.
    pub submitted: usize,
    pub steps: Vec<(String, f64)>,
    pub bytes: Option<i64>,
}

/// Loads the city; returns the accounts worth trying and what it took.
pub async fn load(store: &Store) -> Result<(Vec<DemoAccount>, Report)> {
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut lap = Instant::now();
    let mut step = |name: &str, steps: &mut Vec<(String, f64)>| {
        let s = lap.elapsed().as_secs_f64();
        println!("  {name}: {s:.1} s");
        steps.push((name.to_owned(), s));
        lap = Instant::now();
    };
    let demo: Demo =
        serde_json::from_str(crate::demo::DATA).context("data/demo/huyen-mau.json is invalid")?;
    let city: City =
        serde_json::from_str(CITY).context("data/demo/thanh-pho-mau.json is invalid")?;
    let plan = plan(&demo, &city)?;
    store.prepare_bulk_load().await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let hash = danhgia_web::auth::hash_password(DEMO_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!("cannot hash the demo password: {e:?}"))?;

    // Units, cohorts, people and accounts.
    let mut cohorts = Vec::new();
    let mut cohort_of: HashMap<(usize, String), String> = HashMap::new();
    for (i, u) in plan.units.iter().enumerate() {
        for c in &u.cohorts {
            let id = new_id();
            cohort_of.insert((i, c.clone()), id.clone());
            cohorts.push(BulkCohort {
                id,
                unit_id: u.unit.id.clone(),
                name: c.clone(),
            });
        }
    }
    let units: Vec<BulkUnit> = plan.units.iter().map(|u| u.unit.clone()).collect();
    store.bulk_units(&units, &cohorts).await?;
    let mut taken: HashSet<String> = HashSet::new();
    let mut people: Vec<BulkPerson> = Vec::new();
    let mut grants: Vec<(String, Role, String)> = Vec::new();
    // (unit index, person index) of each unit's first member, and of each role worth trying
    let mut first_member: HashMap<usize, usize> = HashMap::new();
    for (i, u) in plan.units.iter().enumerate() {
        for post in &u.posts {
            for _ in 0..post.count {
                let name = full_name(&mut rng, &demo.names);
                let username = account_name::generate(&name, &u.suffix, |n| taken.contains(n));
                taken.insert(username.clone());
                let account_id = new_id();
                match post.rank {
                    PositionRank::Head => {
                        grants.push((account_id.clone(), Role::Evaluator, u.unit.id.clone()))
                    }
                    PositionRank::Deputy => {
                        grants.push((account_id.clone(), Role::Reviewer, u.unit.id.clone()))
                    }
                    PositionRank::Member => {
                        first_member.entry(i).or_insert(people.len());
                    }
                }
                people.push(BulkPerson {
                    id: new_id(),
                    unit_id: u.unit.id.clone(),
                    full_name: name,
                    position_title: post.position.clone(),
                    rank: post.rank,
                    employment: post.employment,
                    cohort_id: cohort_of.get(&(i, post.cohort.clone())).cloned(),
                    email: Some(format!("{username}@{}.gov.vn", city.suffix)),
                    phone: Some(format!("09{:08}", rng.random_range(0..100_000_000u32))),
                    account: Some((account_id, username)),
                });
            }
        }
    }
    step("plan and names", &mut steps);
    for chunk in people.chunks(50_000) {
        store.bulk_people(chunk, &hash).await?;
    }
    let mut to_try = Vec::new();
    let account = |p: usize| people[p].account.clone().unwrap_or_default();
    for (i, u) in plan.units.iter().enumerate() {
        let Some(&m) = first_member.get(&i) else {
            continue;
        };
        let (account_id, username) = account(m);
        if let Some(target) = u.aggregates {
            grants.push((
                account_id.clone(),
                Role::Aggregator,
                plan.units[target].unit.id.clone(),
            ));
            if target == 0 || to_try.len() < 3 {
                to_try.push(DemoAccount {
                    username: username.clone(),
                    what: format!("aggregator of {}", plan.units[target].unit.name),
                });
            }
        }
        if u.unit_admin {
            grants.push((account_id, Role::UnitAdmin, u.unit.id.clone()));
        }
    }
    let admin = format!("quantri_{}", city.suffix);
    let admin_id = store
        .create_account(&danhgia_store::NewAccount {
            username: admin.clone(),
            password_hash: hash.clone(),
            must_change_password: false,
            password_deadline: None,
        })
        .await?;
    grants.push((admin_id, Role::SystemAdmin, plan.units[0].unit.id.clone()));
    store.bulk_grants(&grants).await?;
    to_try.insert(
        0,
        DemoAccount {
            username: admin,
            what: format!("system admin of {}", city.name),
        },
    );
    step("units, people, accounts and roles", &mut steps);

    // The current month, opened by the period opener itself.
    let tenant = &plan.units[0].unit;
    let today = danhgia_store::today();
    // The tenant's calendar, as the period opener reads it (Hanoi's days by default).
    let setting = store.tenant_calendar(&tenant.id).await?;
    let new_period = |day: time::Date| -> Result<NewPeriod> {
        setting
            .period(&tenant.id, day.year(), day.month())
            .context("calendar")
    };
    let current_new = new_period(today)?;
    let this_month = current_new.deadlines;
    let (current, opened) = store.open_period(&current_new, None).await?;
    step("open the current month (period opener)", &mut steps);
    let forms = store.evaluations_in(&current.id, &tenant.path).await?;

    // Sheets, totals and grades: one per (criteria set, quality), as the demo district does.
    let cat = danhgia_domain::catalogue::Catalogue::get()
        .map_err(|e| anyhow::anyhow!("catalogue: {e:?}"))?;
    let mut sets: HashMap<String, CriteriaSet> = HashMap::new();
    for v in forms.iter().filter_map(|f| f.set_version_id.clone()) {
        if let std::collections::hash_map::Entry::Vacant(e) = sets.entry(v) {
            let set = store.set_version_by_id(e.key()).await?.set()?;
            e.insert(set);
        }
    }
    let mut sheets: HashMap<(String, String, i64), Scored> = HashMap::new();
    let mut scored = |f: &Evaluation, quality: i64| -> Result<Scored> {
        let v = f.set_version_id.clone().unwrap_or_default();
        let key = (v.clone(), f.preset.clone(), quality);
        if let Some(s) = sheets.get(&key) {
            return Ok(s.clone());
        }
        let set = sets.get(&v).context("set")?;
        let preset = cat.preset(&f.preset).context("preset")?;
        let sheet = demo_sheet(set, quality);
        let g = grade(preset, set, &sheet).map_err(|e| anyhow::anyhow!("demo scores: {e:?}"))?;
        let s = Scored {
            json: serde_json::to_string(&sheet)?,
            total: g.total.hundredths(),
            grade: g.grade,
        };
        sheets.insert(key, s.clone());
        Ok(s)
    };
    let account_of: HashMap<&str, &(String, String)> = people
        .iter()
        .filter_map(|p| p.account.as_ref().map(|a| (p.id.as_str(), a)))
        .collect();
    let gradable: Vec<&Evaluation> = forms
        .iter()
        .filter(|f| f.set_version_id.is_some())
        .collect();

    // Twelve published months, oldest first.
    let mut starts = Vec::new();
    let mut start = today.replace_day(1)?;
    for _ in 0..PAST_MONTHS {
        start = start.previous_day().context("date")?.replace_day(1)?;
        starts.push(start);
    }
    starts.reverse();
    let mut past_forms = 0;
    for start in starts {
        let past = new_period(start)?;
        let d = past.deadlines;
        let published_at = Deadlines::starts_at(d.publish_before.previous_day().context("date")?)
            + time::Duration::hours(9);
        let decided_at = Deadlines::starts_at(d.decide_before.previous_day().context("date")?)
            + time::Duration::hours(15);
        let window = (d.self_before - d.self_opens).whole_days().max(1);
        let mut month: Vec<Evaluation> = Vec::with_capacity(gradable.len());
        for f in &gradable {
            let s = scored(f, rng.random_range(80..=100))?;
            let mut e = (*f).clone();
            e.id = new_id();
            e.status = Status::Published;
            e.self_sheet = s.json.clone();
            e.self_total = Some(s.total);
            e.self_grade = s.grade.map(|g| g.as_str().to_owned());
            e.leader_sheet = s.json;
            e.leader_total = Some(s.total);
            e.leader_grade = e.self_grade.clone();
            e.final_grade = e.self_grade.clone();
            e.submitted_on = Some(d.self_opens + time::Duration::days(rng.random_range(0..window)));
            e.published_at = Some(published_at);
            e.version = 4;
            e.updated_at = published_at;
            e.updated_by = "demo".into();
            month.push(e);
        }
        // Each cohort within its A quota: the leader scores the extra A's lower.
        let mut groups: HashMap<(&str, Option<&str>), Vec<usize>> = HashMap::new();
        for (i, f) in month.iter().enumerate() {
            groups
                .entry((f.unit_id.as_str(), f.cohort_id.as_deref()))
                .or_default()
                .push(i);
        }
        let mut lower = Vec::new();
        for idx in groups.values() {
            let preset = cat.preset(&month[idx[0]].preset).context("preset")?;
            let mut grades: Vec<Option<Grade>> =
                idx.iter().map(|i| month[*i].final_grade()).collect();
            while !quota::check(
                &preset.quota,
                Counts::of(grades.iter().flatten().copied()),
                false,
            )
            .allowed
            {
                let Some(k) = grades.iter().rposition(|g| *g == Some(Grade::A)) else {
                    break;
                };
                grades[k] = Some(Grade::B);
                lower.push(idx[k]);
            }
        }
        for i in lower {
            let s = scored(&month[i], 88)?;
            let f = &mut month[i];
            f.leader_sheet = s.json;
            f.leader_total = Some(s.total);
            f.leader_grade = s.grade.map(|g| g.as_str().to_owned());
            f.final_grade = f.leader_grade.clone();
        }
        let mut events = Vec::with_capacity(month.len() * 3);
        for f in &month {
            let owner = account_of.get(f.person_id.as_str());
            let evaluator = f.evaluator_id.as_deref().and_then(|e| account_of.get(e));
            let submitted = f.submitted_on.map_or(published_at, |d| {
                Deadlines::starts_at(d) + time::Duration::hours(10)
            });
            for (at, actor, name, action, from, to, total, grade) in [
                (
                    submitted,
                    owner.map(|a| a.0.clone()),
                    f.full_name.clone(),
                    "submit",
                    Status::Draft,
                    Status::Submitted,
                    f.self_total,
                    f.self_grade.clone(),
                ),
                (
                    decided_at,
                    evaluator.map(|a| a.0.clone()),
                    f.evaluator_name.clone().unwrap_or_default(),
                    "decide",
                    Status::Submitted,
                    Status::Decided,
                    f.leader_total,
                    f.final_grade.clone(),
                ),
                (
                    published_at,
                    None,
                    "demo".to_owned(),
                    "publish",
                    Status::Decided,
                    Status::Published,
                    f.leader_total,
                    f.final_grade.clone(),
                ),
            ] {
                events.push(BulkEvent {
                    evaluation_id: f.id.clone(),
                    at,
                    actor_id: actor,
                    actor_name: name,
                    action,
                    from_status: from.as_str(),
                    to_status: to.as_str(),
                    old_total: None,
                    new_total: total,
                    new_grade: grade,
                });
            }
        }
        store.bulk_period(&past, &month, &events).await?;
        past_forms += month.len();
        step(
            &format!(
                "publish {}/{} ({} forms)",
                start.month() as u8,
                start.year(),
                month.len()
            ),
            &mut steps,
        );
    }

    // The deadline day of the current month: a little over half have submitted.
    let mut submitted = 0;
    if today >= this_month.self_opens {
        let window = (today - this_month.self_opens).whole_days() + 1;
        let mut changes = Vec::new();
        for f in &gradable {
            if !rng.random_bool(0.55) {
                continue;
            }
            let s = scored(f, rng.random_range(80..=100))?;
            let mut after = (*f).clone();
            after.status = Status::Submitted;
            after.self_sheet = s.json;
            after.self_total = Some(s.total);
            after.self_grade = s.grade.map(|g| g.as_str().to_owned());
            after.submitted_on =
                Some(this_month.self_opens + time::Duration::days(rng.random_range(0..window)));
            changes.push(FormChange {
                before: (*f).clone(),
                after,
                action: "submit",
                reason: String::new(),
            });
        }
        for chunk in changes.chunks(20_000) {
            store.save_forms(chunk, None, "demo").await?;
        }
        submitted = changes.len();
        step(
            &format!("submit {submitted} forms of the current month (real save)"),
            &mut steps,
        );
    }
    // A head with forms waiting, and a staff member whose form is still a draft.
    let forms = store.evaluations_in(&current.id, &tenant.path).await?;
    let mut waiting: HashMap<&str, usize> = HashMap::new();
    for f in forms.iter().filter(|f| f.status == Status::Submitted) {
        if let Some(e) = f.evaluator_id.as_deref() {
            *waiting.entry(e).or_default() += 1;
        }
    }
    if let Some((a, n)) = waiting
        .iter()
        .filter(|(_, n)| **n >= 20)
        .min_by_key(|(_, n)| **n)
        .and_then(|(e, n)| account_of.get(e).map(|a| (a, n)))
    {
        to_try.push(DemoAccount {
            username: a.1.clone(),
            what: format!("evaluator with {n} forms waiting"),
        });
    }
    if let Some((f, a)) = forms
        .iter()
        .filter(|f| f.status == Status::Draft)
        .find_map(|f| account_of.get(f.person_id.as_str()).map(|a| (f, a)))
    {
        to_try.push(DemoAccount {
            username: a.1.clone(),
            what: format!("{} ({}), form still a draft", f.position_title, f.unit_name),
        });
    }
    store.analyze().await?;
    step("planner statistics (ANALYZE)", &mut steps);
    let total = started.elapsed().as_secs_f64();
    steps.push(("total".into(), total));
    let report = Report {
        units: plan.units.len(),
        staff: people.len(),
        forms: opened + past_forms,
        submitted,
        steps,
        bytes: store.size_bytes().await.ok(),
    };
    Ok((to_try, report))
}

#[derive(Clone)]
struct Scored {
    json: String,
    total: i64,
    grade: Option<Grade>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The city's shape (issue 6): ~3,000 units, ~250,000 staff, every district with the demo
    /// district's offices, communes and schools, and units of 20 or more where deputies comment.
    #[test]
    fn the_city_plan_has_the_size_of_hanoi() -> Result<()> {
        let demo: Demo = serde_json::from_str(crate::demo::DATA)?;
        let city: City = serde_json::from_str(CITY)?;
        let p = plan(&demo, &city)?;
        let staff: usize = p
            .units
            .iter()
            .flat_map(|u| u.posts.iter())
            .map(|x| x.count)
            .sum();
        assert!(
            (2_800..=3_300).contains(&p.units.len()),
            "{} units",
            p.units.len()
        );
        assert!(
            staff.abs_diff(city.staff_target) < city.staff_target / 100,
            "{staff} staff"
        );
        let districts = p
            .units
            .iter()
            .filter(|u| u.unit.kind == UnitKind::District)
            .count();
        assert_eq!(districts, city.districts.len());
        // every unit has a head, so every form has someone to decide it (Đ.10)
        assert!(
            p.units
                .iter()
                .all(|u| u.posts.iter().any(|x| x.rank == PositionRank::Head))
        );
        // paths nest: each unit's path starts with its parent's
        let by_id: HashMap<&str, &Planned> =
            p.units.iter().map(|u| (u.unit.id.as_str(), u)).collect();
        for u in &p.units {
            if let Some(parent) = &u.unit.parent_id {
                assert!(u.unit.path.starts_with(&by_id[parent.as_str()].unit.path));
            }
        }
        // the city and every district have an aggregator's office
        let aggregated: HashSet<usize> = p.units.iter().filter_map(|u| u.aggregates).collect();
        assert!(aggregated.contains(&0));
        assert!(aggregated.len() > city.districts.len());
        Ok(())
    }
}
