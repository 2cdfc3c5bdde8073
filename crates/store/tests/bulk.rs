//! Loading an organisation and a finished month in bulk (issue 6) on the real backend: more
//! rows than one statement carries, every row readable through the regular queries, and the
//! month's forms counted by the tally index.

use danhgia_domain::access::Role;
use danhgia_domain::calendar::Calendar;
use danhgia_domain::org::{Block, UnitKind, UnitLevel, child_path};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::workflow::Status;
use danhgia_store::testing::fresh_store;
use danhgia_store::{BulkCohort, BulkEvent, BulkPerson, BulkUnit, NewPeriod, new_id, now};
use time::Month;

type R = Result<(), Box<dyn std::error::Error>>;

fn unit(parent: Option<&BulkUnit>, code: &str, kind: UnitKind) -> BulkUnit {
    let id = new_id();
    BulkUnit {
        path: child_path(parent.map(|p| p.path.as_str()), &id),
        parent_id: parent.map(|p| p.id.clone()),
        id,
        code: code.into(),
        name: format!("Đơn vị {code}"),
        kind,
        level: UnitLevel::District,
        block: Block::Government,
        suffix: parent.is_none().then(|| "mau".to_owned()),
    }
}

#[tokio::test]
async fn a_bulk_load_is_read_back_like_rows_written_one_by_one() -> R {
    let (s, _) = fresh_store().await?;
    let root = unit(None, "R", UnitKind::District);
    let office = unit(Some(&root), "R-1", UnitKind::Office);
    let cohort = BulkCohort {
        id: new_id(),
        unit_id: office.id.clone(),
        name: "Công chức".into(),
    };
    s.bulk_units(
        &[root.clone(), office.clone()],
        std::slice::from_ref(&cohort),
    )
    .await?;
    // More people than one statement carries on either backend.
    let people: Vec<BulkPerson> = (0..1_500)
        .map(|i| BulkPerson {
            id: new_id(),
            unit_id: office.id.clone(),
            full_name: format!("Nguyễn Văn Số {i}"),
            position_title: if i == 0 {
                "Trưởng phòng"
            } else {
                "Chuyên viên"
            }
            .into(),
            rank: if i == 0 {
                PositionRank::Head
            } else {
                PositionRank::Member
            },
            employment: Employment::CongChuc,
            cohort_id: Some(cohort.id.clone()),
            email: None,
            phone: None,
            account: Some((new_id(), format!("nguyenvanso{i}_mau"))),
        })
        .collect();
    s.bulk_people(&people, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
        .await?;
    let head_account = people[0].account.clone().ok_or("account")?.0;
    s.bulk_grants(&[(head_account.clone(), Role::Evaluator, office.id.clone())])
        .await?;

    assert_eq!(s.people_in_unit(&office.id).await?.len(), 1_500);
    let staff = s.person(&people[7].id).await?;
    assert_eq!(staff.full_name, "Nguyễn Văn Số 7");
    assert_eq!(
        s.account_of_person(&people[7].id).await?.username,
        "nguyenvanso7_mau"
    );
    assert_eq!(s.children(&root.id).await?.len(), 1);

    // The current month through the period opener, then a past month loaded from its forms.
    let cal = Calendar::default();
    let new = |month| -> Result<NewPeriod, Box<dyn std::error::Error>> {
        Ok(NewPeriod {
            tenant_id: root.id.clone(),
            year: 2026,
            month,
            deadlines: cal.deadlines(2026, month).ok_or("deadlines")?,
            late_submission: false,
            appeal_days: 15,
        })
    };
    let (current, opened) = s.open_period(&new(Month::November)?, None).await?;
    assert_eq!(opened, 1_500);
    let forms = s.evaluations_in(&current.id, &root.path).await?;
    let published_at = now();
    let past: Vec<_> = forms
        .iter()
        .map(|f| {
            let mut e = f.clone();
            e.id = new_id();
            e.status = Status::Published;
            e.final_grade = Some(
                if e.person_id == people[0].id {
                    "A"
                } else {
                    "B"
                }
                .into(),
            );
            e.published_at = Some(published_at);
            e
        })
        .collect();
    let events: Vec<BulkEvent> = past
        .iter()
        .map(|f| BulkEvent {
            evaluation_id: f.id.clone(),
            at: published_at,
            actor_id: None,
            actor_name: "demo".into(),
            action: "publish",
            from_status: "decided",
            to_status: "published",
            old_total: None,
            new_total: None,
            new_grade: f.final_grade.clone(),
        })
        .collect();
    let october = s.bulk_period(&new(Month::October)?, &past, &events).await?;
    assert_eq!(october.label(), "10/2026");
    let loaded = s.evaluations_in(&october.id, &root.path).await?;
    assert_eq!(loaded.len(), 1_500);
    assert!(loaded.iter().all(|f| f.status == Status::Published));
    let one = loaded
        .iter()
        .find(|f| f.person_id == people[7].id)
        .ok_or("form")?;
    // Đ.10: the head decides for the office's staff, in the loaded month as in the opened one.
    assert_eq!(one.evaluator_id.as_deref(), Some(people[0].id.as_str()));
    assert_eq!(s.evaluation_events(&one.id).await?.len(), 1);

    // The tally counts the month per unit, status and grade.
    let tallies = s.grade_statistics(&october.id, &root.path).await?;
    let total: i64 = tallies.iter().map(|t| t.forms).sum();
    assert_eq!(total, 1_500);
    let a = tallies
        .iter()
        .find(|t| t.grade() == Some(danhgia_domain::grade::Grade::A))
        .ok_or("no A")?;
    assert_eq!((a.forms, a.status), (1, Status::Published));
    assert!(s.size_bytes().await? > 0);
    Ok(())
}
