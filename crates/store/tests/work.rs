//! Plans, work logs and KPI tasks on the real backend (issue 7): a frozen plan keeps its items
//! and marks additions; a submitted or approved part of the log cannot change; a review is
//! decided once; the catalogue is inherited and replaced in one transaction.

mod common;

use common::{person, tree};
use danhgia_domain::people::PositionRank;
use danhgia_domain::work::{Decision, ItemInput, LogInput, Outcome};
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewItem, NewTask, ProductInput, StoreError, TaskRating, TaskReport};
use time::macros::date;

type R = Result<(), Box<dyn std::error::Error>>;

fn item(title: &str) -> NewItem {
    NewItem {
        kind: "month",
        unplanned: false,
        input: ItemInput {
            title: title.into(),
            expected: "Ban hành".into(),
            due: Some(date!(2026 - 11 - 20)),
            day: None,
            weight: 2,
        },
        link_id: None,
        recurring: false,
    }
}

#[tokio::test]
async fn a_frozen_plan_keeps_its_items_and_marks_what_is_added_later() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, _b, _a1) = tree(&s).await?;
    let staff = s
        .create_person(&person(&a, "Lê Thị Lan", PositionRank::Member), None)
        .await?;
    let plan = s.person_plan(&staff, "2026-11").await?;
    assert_eq!(plan.state, "draft");
    assert_eq!(
        s.person_plan(&staff, "2026-11").await?.id,
        plan.id,
        "one plan per month"
    );
    assert!(matches!(
        s.freeze_plan(&plan.id, false).await,
        Err(StoreError::Refused("plan_empty"))
    ));

    let first = s.add_item(&plan.id, &item("Báo cáo tháng"), "Lan").await?;
    s.freeze_plan(&plan.id, false).await?;
    let later = s
        .add_item(&plan.id, &item("Tổng hợp số liệu"), "Lan")
        .await?;
    let mut unplanned = item("Tiếp đoàn kiểm tra");
    unplanned.unplanned = true;
    unplanned.kind = "week";
    unplanned.input.due = None;
    unplanned.input.day = Some(date!(2026 - 11 - 23));
    s.add_item(&plan.id, &unplanned, "Lan").await?;

    let items = s.plan_items(&plan.id).await?;
    let origin = |id: &str| items.iter().find(|i| i.id == id).map(|i| i.origin.clone());
    assert_eq!(origin(&first).as_deref(), Some("planned"));
    assert_eq!(origin(&later).as_deref(), Some("added"));
    assert!(
        items
            .iter()
            .any(|i| i.origin == "unplanned" && i.kind == "week")
    );

    // Planned fields of the frozen baseline do not change; an added item's do.
    let edit = ItemInput {
        title: "Đổi tên".into(),
        expected: String::new(),
        due: None,
        day: None,
        weight: 1,
    };
    assert!(matches!(
        s.update_item(&first, &edit, None).await,
        Err(StoreError::Refused("item_frozen"))
    ));
    assert!(matches!(
        s.delete_item(&first).await,
        Err(StoreError::Refused("item_frozen"))
    ));
    s.update_item(&later, &edit, None).await?;
    let (unchanged, _) = s.work_item(&first).await?;
    assert_eq!(unchanged.title, "Báo cáo tháng");

    // Outcomes can be set on any item; done keeps the day for the on-time count.
    s.set_outcome(&first, Some(Outcome::Done), date!(2026 - 11 - 19))
        .await?;
    let (done, _) = s.work_item(&first).await?;
    assert_eq!(done.finished_on, Some(date!(2026 - 11 - 19)));
    let summary = danhgia_domain::work::summarize(
        &s.plan_items(&plan.id)
            .await?
            .iter()
            .map(|i| i.summary_item())
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        (summary.planned, summary.planned_done, summary.on_time),
        (1, 1, 1)
    );
    assert_eq!((summary.added, summary.unplanned), (1, 1));
    Ok(())
}

#[tokio::test]
async fn the_log_goes_to_the_direct_leader_and_approved_entries_are_frozen() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, _b, _a1) = tree(&s).await?;
    let head = s
        .create_person(&person(&a, "Trần Văn Trưởng", PositionRank::Head), None)
        .await?;
    let staff = s
        .create_person(&person(&a, "Lê Thị Lan", PositionRank::Member), None)
        .await?;
    assert_eq!(
        s.direct_leader(&staff).await?.as_deref(),
        Some(head.id.as_str())
    );
    let team = s.team_of(&head).await?;
    assert_eq!(
        team.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec![staff.id.as_str()]
    );

    let log = |day, what: &str| LogInput {
        day,
        what: what.into(),
        result: "Xong".into(),
        evidence: String::new(),
    };
    let e1 = s
        .add_log(
            &staff.id,
            &log(date!(2026 - 11 - 09), "Soạn tờ trình"),
            None,
        )
        .await?;
    s.add_log(&staff.id, &log(date!(2026 - 11 - 17), "Họp giao ban"), None)
        .await?;
    assert!(matches!(
        s.submit_log(
            &staff.id,
            date!(2026 - 11 - 02),
            date!(2026 - 11 - 08),
            &head.id
        )
        .await,
        Err(StoreError::Refused("log_nothing"))
    ));
    let week1 = s
        .submit_log(
            &staff.id,
            date!(2026 - 11 - 09),
            date!(2026 - 11 - 15),
            &head.id,
        )
        .await?;
    let week2 = s
        .submit_log(
            &staff.id,
            date!(2026 - 11 - 16),
            date!(2026 - 11 - 22),
            &head.id,
        )
        .await?;
    assert_eq!(s.reviews_waiting(&head.id).await?.len(), 2);

    // Waiting for the leader: no edits, no new entries that day.
    assert!(matches!(
        s.update_log(&e1, &log(date!(2026 - 11 - 09), "Sửa"), None)
            .await,
        Err(StoreError::Refused("log_frozen"))
    ));
    assert!(matches!(
        s.add_log(&staff.id, &log(date!(2026 - 11 - 10), "Thêm"), None)
            .await,
        Err(StoreError::Refused("log_frozen"))
    ));

    s.decide_log(&week1, Decision::Approve, "", "Trần Văn Trưởng")
        .await?;
    s.decide_log(
        &week2,
        Decision::Return,
        "Ghi rõ kết quả",
        "Trần Văn Trưởng",
    )
    .await?;
    assert!(matches!(
        s.decide_log(&week1, Decision::Return, "x", "Trần Văn Trưởng")
            .await,
        Err(StoreError::Refused("review_decided"))
    ));
    let entries = s
        .log_entries(&staff.id, date!(2026 - 11 - 01), date!(2026 - 11 - 30))
        .await?;
    let states: Vec<&str> = entries.iter().map(|e| e.state.as_str()).collect();
    assert_eq!(states, vec!["approved", "returned"]);
    assert!(matches!(
        s.delete_log(&e1).await,
        Err(StoreError::Refused("log_frozen"))
    ));
    // A returned entry is fixed and submitted again.
    let returned = &entries[1];
    s.update_log(
        &returned.id,
        &log(date!(2026 - 11 - 17), "Họp giao ban tuần"),
        None,
    )
    .await?;
    s.submit_log(
        &staff.id,
        date!(2026 - 11 - 16),
        date!(2026 - 11 - 22),
        &head.id,
    )
    .await?;
    let review = s.log_review(&week2).await?;
    assert_eq!(
        (review.state.as_str(), review.comment.as_str()),
        ("returned", "Ghi rõ kết quả")
    );
    Ok(())
}

fn product(code: &str, group: i64, coefficient: i64) -> ProductInput {
    ProductInput {
        code: code.into(),
        task: "Tham mưu".into(),
        name: format!("Sản phẩm {code}"),
        group_no: group,
        measure: "Văn bản".into(),
        coefficient,
        note: String::new(),
    }
}

#[tokio::test]
async fn a_unit_inherits_and_extends_its_superiors_catalogue_and_tasks_are_reported_then_rated() -> R
{
    let (s, _) = fresh_store().await?;
    let (d, a, _b, _a1) = tree(&s).await?;
    let saved = s
        .save_catalogue(&d, &[product("SP01", 1, 1_000), product("SP02", 3, 2_500)])
        .await?;
    assert_eq!(saved.added, 2);
    s.save_catalogue(&a, &[product("SP02", 4, 3_000), product("SP03", 2, 1_500)])
        .await?;
    let cat = s.catalogue(&s.unit(&a).await?).await?;
    let codes: Vec<(&str, i64)> = cat
        .iter()
        .map(|p| (p.code.as_str(), p.coefficient))
        .collect();
    // The unit's own SP02 replaces the district's.
    assert_eq!(
        codes,
        vec![("SP01", 1_000), ("SP03", 1_500), ("SP02", 3_000)]
    );

    let staff = s
        .create_person(&person(&a, "Lê Thị Lan", PositionRank::Member), None)
        .await?;
    let sp03 = cat.iter().find(|p| p.code == "SP03").ok_or("SP03")?;
    let task = s
        .assign_task(
            &NewTask {
                person_id: staff.id.clone(),
                unit_id: a.clone(),
                month: "2026-11".into(),
                product_id: Some(sp03.id.clone()),
                title: "Dự thảo quy chế".into(),
                origin: "assigned",
                quantity: 2_000,
                coefficient: sp03.coefficient,
                due: date!(2026 - 11 - 20),
            },
            "Trưởng phòng",
        )
        .await?;
    // A product in use stays when the list is replaced without it.
    let saved = s.save_catalogue(&a, &[product("SP02", 4, 3_000)]).await?;
    assert_eq!((saved.kept, saved.removed), (1, 0));

    let rating = TaskRating {
        quality: "met",
        quality_errors: 1,
        errors_excused: 0,
        delay_excused: false,
    };
    assert!(matches!(
        s.rate_task(&task, rating, "x").await,
        Err(StoreError::Refused("task_unreported"))
    ));
    s.report_task(
        &task,
        &TaskReport {
            done_quantity: 2_000,
            reported_on: Some(date!(2026 - 11 - 21)),
            product_ref: "https://vb.example/qc".into(),
            handed_back: false,
        },
    )
    .await?;
    s.rate_task(&task, rating, "Trưởng phòng").await?;
    let rows = s.tasks_of(&staff.id, "2026-11").await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].done_quantity,
            rows[0].quality_errors,
            rows[0].quality.as_str()
        ),
        (2_000, 1, "met")
    );
    assert_eq!(rows[0].product_code.as_deref(), Some("SP03"));
    assert!(matches!(
        s.delete_task(&task).await,
        Err(StoreError::Refused("task_reported"))
    ));

    s.set_leader_marks(&staff.id, "2026-11", 100, 50, "x")
        .await?;
    s.set_leader_marks(&staff.id, "2026-11", 50, 50, "x")
        .await?;
    let marks = s.leader_marks(&staff.id, "2026-11").await?.ok_or("marks")?;
    assert_eq!((marks.organising, marks.unity), (50, 50));
    Ok(())
}
