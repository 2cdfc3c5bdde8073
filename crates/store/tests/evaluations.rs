//! Periods and forms on the real backend (SQLite, or PostgreSQL with
//! DANHGIA_TEST_DATABASE_URL): opening writes a form per current staff member with the set
//! and the people of that month; saves are optimistic and recorded.

mod common;

use common::{person, tree};
use danhgia_domain::calendar::Calendar;
use danhgia_domain::people::PositionRank;
use danhgia_domain::workflow::Status;
use danhgia_store::testing::fresh_store;
use danhgia_store::{FormChange, NewPeriod, StoreError};
use time::Month;

type R = Result<(), Box<dyn std::error::Error>>;

fn november(tenant: &str) -> Result<NewPeriod, Box<dyn std::error::Error>> {
    Ok(NewPeriod {
        tenant_id: tenant.into(),
        year: 2026,
        month: Month::November,
        deadlines: Calendar::default()
            .deadlines(2026, Month::November)
            .ok_or("deadlines")?,
        late_submission: false,
        appeal_days: 15,
    })
}

#[tokio::test]
async fn opening_a_period_writes_one_form_per_staff_member_with_their_set_and_leaders() -> R {
    let (s, _) = fresh_store().await?;
    let (d, a, _b, _a1) = tree(&s).await?;
    let head = s
        .create_person(&person(&a, "Trần Văn Trưởng", PositionRank::Head), None)
        .await?;
    let staff = s
        .create_person(&person(&a, "Lê Thị Lan", PositionRank::Member), None)
        .await?;
    let chief = s
        .create_person(&person(&d, "Phạm Chủ Tịch", PositionRank::Head), None)
        .await?;

    let (period, created) = s.open_period(&november(&d)?, None).await?;
    assert_eq!(created, 3);
    assert_eq!(period.label(), "11/2026");
    assert!(matches!(
        s.open_period(&november(&d)?, None).await,
        Err(StoreError::Duplicate("period"))
    ));

    let form = s
        .evaluation_of(&period.id, &staff.id)
        .await?
        .ok_or("no form")?;
    assert_eq!(form.status, Status::Draft);
    // Đ.10.3: the head of the unit decides for its staff; a unit under 20 has no reviewer.
    assert_eq!(form.evaluator_id.as_deref(), Some(head.id.as_str()));
    assert_eq!(form.reviewer_id, None);
    assert_eq!(form.head_id.as_deref(), Some(head.id.as_str()));
    assert!(
        form.set_version_id.is_some(),
        "the shipped mapping gives a set"
    );
    assert_eq!(form.preset, "hanoi-2021");
    // Đ.10.2: the head of a unit is evaluated by the head of the level above.
    let head_form = s
        .evaluation_of(&period.id, &head.id)
        .await?
        .ok_or("no form")?;
    assert_eq!(head_form.evaluator_id.as_deref(), Some(chief.id.as_str()));
    assert_eq!(head_form.head_id.as_deref(), Some(chief.id.as_str()));
    assert_eq!(s.evaluations_acted_by(&period.id, &head.id).await?.len(), 1);
    assert_eq!(
        s.evaluations_in(&period.id, &s.unit(&a).await?.path)
            .await?
            .len(),
        2
    );

    // Someone who joins later gets a form when the opener runs again; nobody gets two.
    s.create_person(&person(&a, "Ngô Văn Mới", PositionRank::Member), None)
        .await?;
    assert_eq!(s.add_missing_forms(&period.id).await?, 1);
    assert_eq!(s.add_missing_forms(&period.id).await?, 0);
    assert_eq!(s.evaluations_of_person(&staff.id).await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_second_save_of_the_same_version_is_refused_and_nothing_is_lost() -> R {
    let (s, _) = fresh_store().await?;
    let (d, a, _b, _a1) = tree(&s).await?;
    let staff = s
        .create_person(&person(&a, "Lê Thị Lan", PositionRank::Member), None)
        .await?;
    let (period, _) = s.open_period(&november(&d)?, None).await?;
    let read = s
        .evaluation_of(&period.id, &staff.id)
        .await?
        .ok_or("no form")?;

    let mut first = read.clone();
    first.self_total = Some(9_000);
    first.self_grade = Some("A".into());
    s.save_forms(
        &[FormChange {
            before: read.clone(),
            after: first,
            action: "save",
            reason: String::new(),
        }],
        None,
        "lethilan",
    )
    .await?;
    let mut second = read.clone();
    second.self_total = Some(5_000);
    let late = s
        .save_forms(
            &[FormChange {
                before: read.clone(),
                after: second,
                action: "save",
                reason: String::new(),
            }],
            None,
            "someone",
        )
        .await;
    assert!(matches!(
        late,
        Err(StoreError::Refused("evaluation_changed"))
    ));
    let now = s.evaluation(&read.id).await?;
    assert_eq!(now.self_total, Some(9_000));
    assert_eq!(now.updated_by, "lethilan");
    assert_eq!(now.version, read.version + 1);

    // M4.7: every change is recorded with the old and new total and grade.
    let events = s.evaluation_events(&read.id).await?;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].action, "open");
    assert_eq!(events[1].new_total, Some(9_000));
    assert_eq!(events[1].new_grade.as_deref(), Some("A"));
    assert_eq!(events[1].old_total, None);
    Ok(())
}
