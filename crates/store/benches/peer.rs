//! The 360° round at a body's size (issue 10): `OFFICES` offices of `STAFF` people each under
//! one body (default 20 × 30 = 600 people, every one rating every colleague: ~17,000 ratings),
//! timed as the store does it: working out who rates whom, writing every rating, and compiling
//! every office's minutes. SQLite by default; `DANHGIA_TEST_DATABASE_URL` runs it on PostgreSQL.
//!
//! ```sh
//! cargo bench -p danhgia-store --bench peer
//! OFFICES=40 STAFF=60 cargo bench -p danhgia-store --bench peer
//! ```

use std::time::Instant;

use danhgia_domain::calendar::Calendar;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::points::Points;
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewPeriod, NewPerson, NewUnit, PersonUpdate, Store};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

async fn person(store: &Store, unit: &str, i: usize, rank: PositionRank) {
    store
        .create_person(
            &NewPerson {
                unit_id: unit.to_owned(),
                details: PersonUpdate {
                    full_name: format!("Nguyễn Văn Số {i}"),
                    position_title: "Chuyên viên".into(),
                    rank,
                    employment: Employment::CongChuc,
                    cohort_id: None,
                    email: None,
                    phone: None,
                    reviewer_id: None,
                    evaluator_id: None,
                },
            },
            None,
        )
        .await
        .expect("person");
}

#[tokio::main]
async fn main() {
    let (offices, staff) = (env("OFFICES", 20), env("STAFF", 30));
    let (store, url) = fresh_store().await.expect("a test database");
    let unit = |parent: Option<String>, code: String| NewUnit {
        parent_id: parent,
        code,
        name: "Đơn vị".into(),
        kind: UnitKind::Office,
        level: UnitLevel::Province,
        block: Block::Government,
        suffix: None,
    };
    let body = store
        .create_unit(&unit(None, "SO".into()))
        .await
        .expect("body");
    let mut n = 0;
    let mut units = Vec::new();
    for o in 0..offices {
        let u = store
            .create_unit(&unit(Some(body.id.clone()), format!("P{o}")))
            .await
            .expect("office");
        for s in 0..staff {
            let rank = match s {
                0 => PositionRank::Head,
                1 => PositionRank::Deputy,
                _ => PositionRank::Member,
            };
            person(&store, &u.id, n, rank).await;
            n += 1;
        }
        units.push(u.id);
    }
    let today = danhgia_store::today();
    let (period, _) = store
        .open_period(
            &NewPeriod {
                tenant_id: body.id.clone(),
                year: today.year(),
                month: today.month(),
                deadlines: Calendar::default()
                    .deadlines(today.year(), today.month())
                    .expect("days"),
                late_submission: false,
                appeal_days: 15,
            },
            None,
        )
        .await
        .expect("period");
    // Everyone has self-assessed (written as the flow does, outside the timing).
    for f in store
        .evaluations_in(&period.id, &body.path)
        .await
        .expect("forms")
    {
        let mut after = f.clone();
        after.status = danhgia_domain::workflow::Status::Submitted;
        after.self_total = Some(8_500);
        store
            .save_forms(
                &[danhgia_store::FormChange {
                    before: f,
                    after,
                    action: "submit",
                    reason: String::new(),
                }],
                None,
                "bench",
            )
            .await
            .expect("submit");
    }
    println!(
        "{} on {}: {offices} offices × {staff} people = {n}",
        env!("CARGO_PKG_NAME"),
        url.split(':').next().unwrap_or("?")
    );

    let t = Instant::now();
    let pairs = store.start_peer_round(&period.id).await.expect("round");
    println!(
        "  who rates whom: {pairs} pairs in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut rated = 0;
    for u in &units {
        for r in store
            .peer_ratings_of_unit(&period.id, u)
            .await
            .expect("ratings")
        {
            store
                .save_peer_rating(&r.id, r.version, "{}", Points::whole(80), "Tốt")
                .await
                .expect("rating");
            rated += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  ratings written one by one: {rated} in {secs:.2} s ({:.2} ms each)",
        secs * 1000.0 / f64::from(u32::try_from(rated.max(1)).unwrap_or(u32::MAX))
    );

    let t = Instant::now();
    let mut lines = 0;
    for u in &units {
        lines += store
            .compile_peer_minutes(&period.id, u, Points::whole(10), None, "bench")
            .await
            .expect("minutes")
            .1;
    }
    println!(
        "  minutes of {} offices: {lines} lines in {:.2} s",
        units.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let v = store
        .peer_ratings_of_unit(&period.id, &units[0])
        .await
        .expect("read");
    println!(
        "  one office's {} ratings read back in {:.1} ms",
        v.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
