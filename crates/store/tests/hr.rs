//! The personnel file's processes in the store (issue 11 §1): an appointment written through
//! the business action moves the person in the same transaction — position, rank, placement,
//! leader roles — and who evaluates their colleagues follows. On both backends.

use danhgia_domain::access::Role;
use danhgia_domain::evaluators;
use danhgia_domain::hr::{Decision, Details, Process, ProcessKind};
use danhgia_domain::people::PositionRank;
use danhgia_store::StoreError;
use danhgia_store::testing::fresh_store;
use time::macros::date;

mod common;

use common::{account, person, tree};

type R = Result<(), Box<dyn std::error::Error>>;

/// An appointment to head `unit`, decided and taking effect today.
fn appointment(unit: &str) -> Process {
    let today = danhgia_store::today();
    Process {
        kind: ProcessKind::Appointment,
        from: Some(today),
        to: None,
        decision: Decision {
            number: "125/QĐ-UBND".into(),
            date: Some(today),
            signer: "Chủ tịch UBND huyện".into(),
        },
        details: Details {
            position_title: "Chủ tịch UBND xã".into(),
            unit_id: Some(unit.into()),
            rank: Some(PositionRank::Head),
            ..Details::default()
        },
    }
}

#[tokio::test]
async fn an_appointment_moves_the_position_the_roles_and_who_evaluates() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, _b, _a1) = tree(&s).await?;
    let chosen = s
        .create_person(
            &person(&a, "Trần Thị Lan", PositionRank::Member),
            Some(&account("tranthilan_huyenmau")),
        )
        .await?;
    let colleague = s
        .create_person(&person(&a, "Lê Văn Tám", PositionRank::Member), None)
        .await?;
    assert!(danhgia_domain::hr::check(&appointment(&a)).is_empty());
    // Entered as a page of the past, an appointment changes nothing but the file.
    let mut past = appointment(&a);
    past.from = Some(date!(2019 - 03 - 01));
    past.decision.date = Some(date!(2019 - 02 - 20));
    s.record_process(&chosen.id, &past, false, "", None, "test")
        .await?;
    assert_eq!(s.person(&chosen.id).await?.rank, PositionRank::Member);
    // Moved before the current placement began: refused, nothing written.
    assert!(matches!(
        s.record_process(&chosen.id, &past, true, "", None, "test")
            .await,
        Err(StoreError::Refused("hr.err.before_placement"))
    ));
    s.record_process(&chosen.id, &appointment(&a), true, "", None, "test")
        .await?;

    let now = s.person(&chosen.id).await?;
    assert_eq!(
        (now.position_title.as_str(), now.rank),
        ("Chủ tịch UBND xã", PositionRank::Head)
    );
    let career = s.career(&chosen.id).await?;
    assert_eq!(
        career.len(),
        2,
        "the past one and the action; the refused one is not there"
    );
    assert_eq!(career[1].decision_number, "125/QĐ-UBND");
    let placements = s.placements(&chosen.id).await?;
    assert!(
        placements
            .iter()
            .any(|p| p.position_title == "Chủ tịch UBND xã" && p.ended_on.is_none())
    );
    // The head of the unit evaluates (Hanoi Đ.10): the role comes with the appointment.
    let acc = s.account_of_person(&chosen.id).await?;
    assert!(
        s.grants_of(&acc.id)
            .await?
            .iter()
            .any(|g| g.role == Role::Evaluator && g.unit_id == a)
    );
    // And the colleague's evaluator, derived from the tree, is now the appointee.
    let staff = s.people_in_unit(&a).await?;
    let holders: Vec<evaluators::Holder<'_>> = staff
        .iter()
        .map(|p| evaluators::Holder {
            person_id: &p.id,
            rank: p.rank,
        })
        .collect();
    let me = holders
        .iter()
        .find(|h| h.person_id == colleague.id)
        .cloned()
        .ok_or("colleague")?;
    let derived = evaluators::derive(&me, &holders, &[]);
    assert_eq!(derived.evaluator.as_deref(), Some(chosen.id.as_str()));
    Ok(())
}

#[tokio::test]
async fn a_process_into_an_unknown_unit_writes_nothing() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, ..) = tree(&s).await?;
    let p = s
        .create_person(&person(&a, "Trần Thị Lan", PositionRank::Member), None)
        .await?;
    let err = s
        .record_process(&p.id, &appointment("khong-co"), true, "", None, "test")
        .await
        .err();
    assert!(matches!(err, Some(StoreError::NotFound)), "{err:?}");
    assert!(s.career(&p.id).await?.is_empty());
    assert_eq!(s.person(&p.id).await?.rank, PositionRank::Member);
    Ok(())
}

/// The files of a subtree on a day follow the placements: a transfer moves the person's file
/// from one commune's count to the other's on the day it takes effect (the head
/// count of the periodic report, M8.7). A profile is written whole, again and again.
#[tokio::test]
async fn the_files_of_a_subtree_follow_the_placements_and_profiles_are_written_whole() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, b, _a1) = tree(&s).await?;
    let p = s
        .create_person(&person(&a, "Trần Thị Lan", PositionRank::Member), None)
        .await?;
    let path = |u: &str| {
        let s = s.clone();
        let u = u.to_owned();
        async move { s.unit(&u).await.map(|u| u.path) }
    };
    let (pa, pb) = (path(&a).await?, path(&b).await?);
    let today = danhgia_store::today();
    let mut transfer = appointment(&b);
    transfer.kind = ProcessKind::Transfer;
    transfer.details.rank = Some(PositionRank::Member);
    transfer.details.position_title = "Công chức Văn phòng - Thống kê".into();
    let ids = |rows: Vec<danhgia_store::FileRow>| -> Vec<String> {
        rows.into_iter().map(|r| r.person_id).collect()
    };
    assert_eq!(ids(s.files_on(&pa, today).await?), vec![p.id.clone()]);
    // A transfer decided for next week is not carried out ahead of its day.
    let mut ahead = transfer.clone();
    ahead.from = Some(today + time::Duration::days(7));
    assert!(matches!(
        s.record_process(&p.id, &ahead, true, "", None, "test")
            .await,
        Err(StoreError::Refused("hr.err.future_apply"))
    ));
    assert!(s.files_on(&pb, today).await?.is_empty());
    s.record_process(&p.id, &transfer, true, "", None, "test")
        .await?;
    assert!(s.files_on(&pa, today).await?.is_empty());
    let in_b = s.files_on(&pb, today).await?;
    assert_eq!(in_b[0].person_id, p.id);
    assert_eq!(in_b[0].position_title, "Công chức Văn phòng - Thống kê");
    assert!(in_b[0].profile.is_none());

    let mut profile = danhgia_domain::hr::Profile {
        id_number: "001188000123".into(),
        ethnicity: "Kinh".into(),
        ..Default::default()
    };
    s.save_profile(&p.id, &profile, "test").await?;
    profile.id_number = "038188000999".into();
    profile.ethnicity = String::new();
    s.save_profile(&p.id, &profile, "test").await?;
    let stored = s.profile(&p.id).await?.ok_or("a profile")?;
    assert_eq!(stored.profile(), profile);
    let in_b = s.files_on(&pb, today).await?;
    assert_eq!(in_b[0].profile.as_ref().map(|f| f.profile()), Some(profile));
    Ok(())
}
