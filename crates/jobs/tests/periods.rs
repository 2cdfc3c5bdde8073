//! The period opener on the real backend: it opens the month once per tenant, with the Hanoi
//! days, and writes the forms of people who join later.

use danhgia_domain::calendar::Calendar;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_jobs::{Opened, open_due_periods};
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewPerson, NewUnit, PersonUpdate, Store, TenantCalendar};
use time::macros::date;

type R = Result<(), Box<dyn std::error::Error>>;

async fn staff(s: &Store, unit: &str, name: &str) -> Result<(), Box<dyn std::error::Error>> {
    s.create_person(
        &NewPerson {
            unit_id: unit.into(),
            details: PersonUpdate {
                full_name: name.into(),
                position_title: "Chuyên viên".into(),
                rank: PositionRank::Member,
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
    .await?;
    Ok(())
}

#[tokio::test]
async fn each_month_opens_once_per_tenant_with_the_hanoi_days() -> R {
    let (s, _) = fresh_store().await?;
    let unit = s
        .create_unit(&NewUnit {
            parent_id: None,
            code: "HM".into(),
            name: "Huyện Mẫu".into(),
            kind: UnitKind::District,
            level: UnitLevel::District,
            block: Block::Government,
            suffix: Some("huyenmau".into()),
        })
        .await?;
    staff(&s, &unit.id, "Lê Thị Lan").await?;
    let first = open_due_periods(&s, date!(2026 - 11 - 03)).await?;
    assert_eq!(
        first,
        Opened {
            periods: 1,
            forms: 1
        }
    );
    // Đ.12: self-assessment from the 20th, decisions before the 28th, publication before the 5th.
    let p = s
        .period_of_month(&unit.id, 2026, time::Month::November)
        .await?
        .ok_or("no period")?;
    assert_eq!(p.self_opens, date!(2026 - 11 - 20));
    assert_eq!(p.publish_before, date!(2026 - 12 - 05));
    // Running again opens nothing; a newcomer gets a form.
    assert_eq!(
        open_due_periods(&s, date!(2026 - 11 - 04)).await?,
        Opened::default()
    );
    staff(&s, &unit.id, "Ngô Văn Mới").await?;
    assert_eq!(
        open_due_periods(&s, date!(2026 - 11 - 05)).await?,
        Opened {
            periods: 0,
            forms: 1
        }
    );
    // December: before the 15th.
    open_due_periods(&s, date!(2026 - 12 - 01)).await?;
    let dec = s
        .period_of_month(&unit.id, 2026, time::Month::December)
        .await?
        .ok_or("no period")?;
    assert!(dec.publish_before <= date!(2026 - 12 - 15));

    // M4.1 "each tenant can change the dates": a tenant's own days apply from the next month.
    let own = TenantCalendar {
        calendar: Calendar {
            self_from: 18,
            self_before: 23,
            decide_before: 26,
            ..Calendar::default()
        },
        late_submission: true,
        appeal_days: 10,
    };
    s.set_tenant_calendar(&unit.id, &own, None).await?;
    open_due_periods(&s, date!(2027 - 01 - 02)).await?;
    let jan = s
        .period_of_month(&unit.id, 2027, time::Month::January)
        .await?
        .ok_or("no period")?;
    assert_eq!(
        (jan.self_opens, jan.self_before),
        (date!(2027 - 01 - 18), date!(2027 - 01 - 23))
    );
    assert!(jan.late_submission);
    assert_eq!(jan.appeal_days, 10);
    Ok(())
}
