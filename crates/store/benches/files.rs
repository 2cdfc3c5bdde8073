//! The personnel files at a province's size (issue 11, M8.7): `UNITS` units of `STAFF` people
//! each (default 50 × 400 = 20,000 people), every one with a profile and three processes,
//! loaded in bulk; then timed as the reports read them: the files of the whole tree on a day
//! (head count, with profiles), the process kinds held (completeness), the changes of a
//! half-year, and the domain's count of the lot. SQLite by default;
//! `DANHGIA_TEST_DATABASE_URL` runs it on PostgreSQL.
//!
//! ```sh
//! cargo bench -p danhgia-store --bench files
//! UNITS=250 STAFF=1000 cargo bench -p danhgia-store --bench files
//! ```

use std::time::Instant;

use danhgia_domain::hr::{
    self, Decision, Details, Gender, Process, ProcessKind, Profile, Qualification,
};
use danhgia_domain::org::{Block, UnitKind, UnitLevel, child_path};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::points::Points;
use danhgia_domain::staffing::{self, Member, Report};
use danhgia_store::testing::fresh_store;
use danhgia_store::{BulkFile, BulkPerson, BulkUnit, new_id};
use time::Duration;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn process(kind: ProcessKind, days_ago: i64) -> Process {
    let day = danhgia_store::today() - Duration::days(days_ago);
    Process {
        kind,
        from: Some(day),
        to: None,
        decision: Decision {
            number: "45/QĐ-UBND".into(),
            date: Some(day - Duration::days(5)),
            signer: "Chủ tịch UBND tỉnh".into(),
        },
        details: Details {
            position_title: "Chuyên viên".into(),
            scale_code: "01.003".into(),
            step: Some(3),
            coefficient: Points::parse("3,00"),
            allowance: "Phụ cấp công vụ".into(),
            ..Details::default()
        },
    }
}

#[tokio::main]
async fn main() {
    let (units, staff) = (env("UNITS", 50), env("STAFF", 400));
    let (store, url) = fresh_store().await.expect("a test database");
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let root_id = new_id();
    let root_path = child_path(None, &root_id);
    let unit = |id: &str, parent: Option<&str>, path: &str, code: String| BulkUnit {
        id: id.to_owned(),
        parent_id: parent.map(str::to_owned),
        path: path.to_owned(),
        code,
        name: "Sở".into(),
        kind: UnitKind::Department,
        level: UnitLevel::Province,
        block: Block::Government,
        suffix: None,
    };
    let mut all_units = vec![unit(&root_id, None, &root_path, "T".into())];
    let mut people = Vec::new();
    for u in 0..units {
        let id = new_id();
        let path = child_path(Some(&root_path), &id);
        all_units.push(unit(&id, Some(&root_id), &path, format!("U{u}")));
        for s in 0..staff {
            people.push(BulkPerson {
                id: new_id(),
                unit_id: id.clone(),
                full_name: format!("Nguyễn Văn Số {u}-{s}"),
                position_title: "Chuyên viên".into(),
                rank: if s == 0 {
                    PositionRank::Head
                } else {
                    PositionRank::Member
                },
                employment: Employment::CongChuc,
                cohort_id: None,
                email: None,
                phone: None,
                account: None,
            });
        }
    }
    let t = Instant::now();
    store.bulk_units(&all_units, &[]).await.expect("units");
    store.bulk_people(&people, "x").await.expect("people");
    let entered = danhgia_store::now();
    let files: Vec<BulkFile> = people
        .iter()
        .enumerate()
        .map(|(i, p)| BulkFile {
            person_id: p.id.clone(),
            profile: Profile {
                birth_date: time::Date::from_ordinal_date(1970 + (i % 30) as i32, 100).ok(),
                gender: Some(if i % 2 == 0 {
                    Gender::Female
                } else {
                    Gender::Male
                }),
                id_number: format!("{:012}", i),
                hometown: "Hà Nội".into(),
                ethnicity: "Kinh".into(),
                qualification: Some(Qualification::Bachelor),
                ..Profile::default()
            },
            career: [
                (ProcessKind::Recruitment, 4000),
                (ProcessKind::Salary, 300),
                (ProcessKind::Allowance, 100),
            ]
            .into_iter()
            .map(|(k, d)| (process(k, d), String::new(), entered))
            .collect(),
            in_post_since: danhgia_store::today() - Duration::days(4000),
        })
        .collect();
    store.bulk_files(&files, "bench").await.expect("files");
    println!(
        "{backend}: {} people, {} processes loaded in {:.1?}",
        people.len(),
        people.len() * 3,
        t.elapsed()
    );

    let today = danhgia_store::today();
    let t = Instant::now();
    let rows = store.files_on(&root_path, today).await.expect("files");
    println!(
        "files of the whole tree on a day: {} rows in {:.1?}",
        rows.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let held = store.kinds_held(&root_path).await.expect("kinds");
    println!(
        "process kinds held: {} pairs in {:.1?}",
        held.len(),
        t.elapsed()
    );
    let period = staffing::report_period(today.year(), Report::December);
    let t = Instant::now();
    let entries = store
        .entries(&root_path, period.from, today)
        .await
        .expect("entries");
    println!(
        "changes of the year: {} in {:.1?}",
        entries.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let mut by_person: std::collections::HashMap<&str, Vec<ProcessKind>> =
        std::collections::HashMap::new();
    for (p, k) in &held {
        by_person.entry(p.as_str()).or_default().push(*k);
    }
    let profiles: Vec<Option<Profile>> = rows
        .iter()
        .map(|r| r.profile.as_ref().map(|p| p.profile()))
        .collect();
    let members: Vec<Member<'_>> = rows
        .iter()
        .zip(&profiles)
        .map(|(r, p)| Member {
            employment: r.employment,
            profile: p.as_ref(),
            complete: hr::file_gaps(
                r.employment,
                r.rank,
                by_person
                    .get(r.person_id.as_str())
                    .map_or(&[][..], Vec::as_slice),
                p.as_ref(),
            )
            .is_empty(),
        })
        .collect();
    let count = staffing::head_count(&members, today);
    println!(
        "head count and completeness worked out: {} people, {} incomplete, in {:.1?}",
        count.total,
        count.incomplete,
        t.elapsed()
    );
}
