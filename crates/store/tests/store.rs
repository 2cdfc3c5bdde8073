//! Store tests: run on SQLite by default and on PostgreSQL when DANHGIA_TEST_DATABASE_URL is
//! set (scripts/test runs both).

use danhgia_domain::access::Role;
use danhgia_domain::lockout::LoginState;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewAccount, Store, StoreError, UnitUpdate};

mod common;

use common::{account, person, tree, unit};

type R = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn schemas_of_both_backends_match() -> R {
    let (s, _) = fresh_store().await?;
    let sqlite = Store::connect("sqlite::memory:").await?;
    let mut here = s.schema_columns().await?;
    let mut reference = sqlite.schema_columns().await?;
    here.sort();
    reference.sort();
    assert!(!reference.is_empty());
    assert_eq!(
        here, reference,
        "migrations/sqlite and migrations/postgres must define the same columns"
    );
    Ok(())
}

#[tokio::test]
async fn subtree_is_one_range_and_excludes_siblings() -> R {
    let (s, _) = fresh_store().await?;
    let (d, a, b, a1) = tree(&s).await?;
    let ua = s.unit(&a).await?;
    let inside = s
        .units_in_scope(std::slice::from_ref(&ua.path), &[])
        .await?;
    let ids: Vec<&str> = inside.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, vec![a.as_str(), a1.as_str()]);
    let all = s.units_in_scope(&[s.unit(&d).await?.path], &[]).await?;
    assert_eq!(all.len(), 4);
    let single = s.units_in_scope(&[], &[s.unit(&b).await?.path]).await?;
    assert_eq!(single.len(), 1);
    assert!(s.units_in_scope(&[], &[]).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn duplicate_code_is_refused_and_nothing_changes() -> R {
    let (s, _) = fresh_store().await?;
    let (d, ..) = tree(&s).await?;
    let err = s
        .create_unit(&unit(Some(&d), "HM-A", "Another"))
        .await
        .err();
    assert!(
        matches!(err, Some(StoreError::Duplicate("unit_code"))),
        "{err:?}"
    );
    let root = s.unit(&d).await?;
    assert_eq!(s.units_in_scope(&[root.path], &[]).await?.len(), 4);
    Ok(())
}

#[tokio::test]
async fn move_carries_the_subtree_and_refuses_cycles() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, b, a1) = tree(&s).await?;
    let before = s.unit(&a).await?;
    let err = s.move_unit(&a, &a1).await.err();
    assert!(
        matches!(err, Some(StoreError::Refused("move_cycle"))),
        "{err:?}"
    );
    assert_eq!(s.unit(&a).await?, before, "a refused move changes nothing");

    let moved = s.move_unit(&a, &b).await?;
    let ub = s.unit(&b).await?;
    assert!(moved.path.starts_with(&ub.path));
    assert_eq!(moved.parent_id.as_deref(), Some(b.as_str()));
    let child = s.unit(&a1).await?;
    assert_eq!(child.path, format!("{}{}/", moved.path, a1));
    let under_b = s.units_in_scope(&[ub.path], &[]).await?;
    assert_eq!(under_b.len(), 3);
    Ok(())
}

#[tokio::test]
async fn dissolve_only_when_empty() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, b, a1) = tree(&s).await?;
    assert!(matches!(
        s.dissolve_unit(&a).await,
        Err(StoreError::Refused("unit_not_empty"))
    ));
    s.create_person(&person(&b, "Lê Văn Tám", PositionRank::Member), None)
        .await?;
    assert!(matches!(
        s.dissolve_unit(&b).await,
        Err(StoreError::Refused("unit_not_empty"))
    ));
    s.dissolve_unit(&a1).await?;
    assert!(matches!(s.unit(&a1).await, Err(StoreError::NotFound)));
    s.dissolve_unit(&a).await?;
    Ok(())
}

#[tokio::test]
async fn update_unit_keeps_codes_unique() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, ..) = tree(&s).await?;
    let up = UnitUpdate {
        code: "HM-B".into(),
        name: "Xã  An   Phú mới".into(),
        kind: UnitKind::Commune,
        level: UnitLevel::Commune,
        block: Block::Government,
        suffix: Some("anphu".into()),
    };
    assert!(matches!(
        s.update_unit(&a, &up).await,
        Err(StoreError::Duplicate("unit_code"))
    ));
    s.update_unit(
        &a,
        &UnitUpdate {
            code: "HM-AP".into(),
            ..up
        },
    )
    .await?;
    let u = s.unit(&a).await?;
    assert_eq!(
        (u.code.as_str(), u.name.as_str(), u.kind),
        ("HM-AP", "Xã An Phú mới", UnitKind::Commune)
    );
    assert_eq!(
        s.suffix_for(&s.unit(&u.id).await?).await?.as_deref(),
        Some("anphu")
    );
    Ok(())
}

#[tokio::test]
async fn people_accounts_and_grants() -> R {
    let (s, _) = fresh_store().await?;
    let (d, a, ..) = tree(&s).await?;
    let c = s.create_cohort(&a, "Công chức").await?;
    assert!(matches!(
        s.create_cohort(&a, "Công chức").await,
        Err(StoreError::Duplicate("cohort_name"))
    ));
    let mut np = person(&a, "Nguyễn Văn Bình", PositionRank::Member);
    np.details.cohort_id = Some(c.id.clone());
    let p = s
        .create_person(&np, Some(&account("nguyenvanbinh_huyenmau")))
        .await?;
    assert_eq!(p.username.as_deref(), Some("nguyenvanbinh_huyenmau"));
    let acc = s.account_by_username("nguyenvanbinh_huyenmau").await?;
    let grants = s.grants_of(&acc.id).await?;
    assert_eq!(grants.len(), 1);
    assert_eq!(
        (grants[0].role, grants[0].unit_id.as_str()),
        (Role::Staff, a.as_str())
    );

    // a duplicate account name leaves no half-made person behind
    let before = s.people_in_unit(&a).await?.len();
    let dup = s
        .create_person(
            &person(&a, "Nguyễn Văn Bình", PositionRank::Member),
            Some(&account("nguyenvanbinh_huyenmau")),
        )
        .await;
    assert!(
        matches!(dup, Err(StoreError::Duplicate("username"))),
        "{dup:?}"
    );
    assert_eq!(s.people_in_unit(&a).await?.len(), before);

    // a cohort of another unit is refused
    let mut wrong = person(&d, "Trần Thị Hoa", PositionRank::Member);
    wrong.details.cohort_id = Some(c.id.clone());
    assert!(matches!(
        s.create_person(&wrong, None).await,
        Err(StoreError::Refused("cohort_other_unit"))
    ));

    let g = s.grant_role(&acc.id, Role::UnitAdmin, &a, None).await?;
    assert!(matches!(
        s.grant_role(&acc.id, Role::UnitAdmin, &a, None).await,
        Err(StoreError::Duplicate("role_grant"))
    ));
    assert_eq!(s.grants_on_unit(&a).await?.len(), 1);
    s.revoke_role(&g).await?;
    assert!(matches!(s.revoke_role(&g).await, Err(StoreError::NotFound)));
    assert_eq!(s.cohorts(&a).await?[0].members, 1);
    Ok(())
}

#[tokio::test]
async fn people_sort_in_vietnamese_order_on_both_backends() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, ..) = tree(&s).await?;
    for n in [
        "Đỗ Văn Đức",
        "Nguyễn Thị Ánh",
        "Trần Văn Dũng",
        "Lê Thị An",
        "Phạm Văn Ấn",
    ] {
        s.create_person(&person(&a, n, PositionRank::Member), None)
            .await?;
    }
    let names: Vec<String> = s
        .people_in_unit(&a)
        .await?
        .into_iter()
        .map(|p| p.full_name)
        .collect();
    assert_eq!(
        names,
        vec![
            "Lê Thị An",
            "Nguyễn Thị Ánh",
            "Phạm Văn Ấn",
            "Trần Văn Dũng",
            "Đỗ Văn Đức"
        ]
    );
    Ok(())
}

#[test]
fn stored_instants_sort_as_text_on_sqlite() {
    // sqlx writes RFC 3339 text to SQLite; every instant from `now()` has nine fraction digits.
    use time::format_description::well_known::Rfc3339;
    let mut texts: Vec<(time::OffsetDateTime, String)> = (0..2000)
        .map(|i| {
            let t = danhgia_store::now() + time::Duration::microseconds(i * 7);
            (t, t.format(&Rfc3339).unwrap_or_default())
        })
        .collect();
    assert!(
        texts.iter().all(|(_, s)| s.len() == texts[0].1.len()),
        "fixed width"
    );
    texts.sort_by(|a, b| a.1.cmp(&b.1));
    assert!(
        texts.windows(2).all(|w| w[0].0 <= w[1].0),
        "text order is time order"
    );
}

#[tokio::test]
async fn login_state_and_sessions() -> R {
    let (s, _) = fresh_store().await?;
    let id = s.create_account(&account("quantri_huyenmau")).await?;
    let t = danhgia_store::now();
    let locked = LoginState {
        failed_logins: 0,
        locked_until: Some(t + time::Duration::minutes(15)),
    };
    s.record_login_failure(&id, &locked).await?;
    let acc = s.account(&id).await?;
    // (PostgreSQL keeps microseconds: compare at that precision)
    let micros = |t: Option<time::OffsetDateTime>| t.map(|t| t.unix_timestamp_nanos() / 1000);
    assert_eq!(micros(acc.locked_until), micros(locked.locked_until));
    s.record_login_success(&id).await?;
    assert_eq!(s.account(&id).await?.locked_until, None);

    s.create_session("h1", &id, "web", "csrf", t + time::Duration::minutes(30))
        .await?;
    assert!(s.session("h1", t).await?.is_some());
    assert!(
        s.session("h1", t + time::Duration::minutes(31))
            .await?
            .is_none()
    );
    assert_eq!(
        s.delete_expired_sessions(t + time::Duration::minutes(31))
            .await?,
        1
    );
    Ok(())
}

#[tokio::test]
async fn transfer_moves_access_and_keeps_history() -> R {
    let (s, _) = fresh_store().await?;
    let (_d, a, b, _) = tree(&s).await?;
    let p = s
        .create_person(
            &person(&a, "Ngô Thị Mai", PositionRank::Member),
            Some(&account("ngothimai_huyenmau")),
        )
        .await?;
    let acc = s.account_by_username("ngothimai_huyenmau").await?;
    s.grant_role(&acc.id, Role::Aggregator, &a, None).await?;
    s.grant_role(&acc.id, Role::Reviewer, &b, None).await?;
    let early = danhgia_store::Transfer {
        unit_id: b.clone(),
        position_title: "Chuyên viên".into(),
        rank: PositionRank::Member,
        effective_on: time::macros::date!(2020 - 01 - 01),
    };
    assert!(matches!(
        s.transfer_person(&p.id, &early).await,
        Err(StoreError::Refused("transfer_before_start"))
    ));
    let day = danhgia_store::today();
    let ended = s
        .transfer_person(
            &p.id,
            &danhgia_store::Transfer {
                unit_id: b.clone(),
                position_title: "Chuyên viên".into(),
                rank: PositionRank::Member,
                effective_on: day,
            },
        )
        .await?;
    assert_eq!(
        ended,
        vec!["aggregator".to_owned()],
        "roles at the old unit end"
    );
    let roles: Vec<(Role, String)> = s
        .grants_of(&acc.id)
        .await?
        .into_iter()
        .map(|g| (g.role, g.unit_id))
        .collect();
    assert!(
        roles.contains(&(Role::Staff, b.clone())) && roles.contains(&(Role::Reviewer, b.clone()))
    );
    assert_eq!(roles.len(), 2);
    assert_eq!(s.person(&p.id).await?.unit_id, b);
    let history = s.placements(&p.id).await?;
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].unit_id.as_str(), history[0].ended_on),
        (b.as_str(), None)
    );
    assert_eq!(
        (history[1].unit_id.as_str(), history[1].ended_on),
        (a.as_str(), Some(day))
    );
    assert!(matches!(
        s.transfer_person(
            &p.id,
            &danhgia_store::Transfer {
                unit_id: b.clone(),
                position_title: "x".into(),
                rank: PositionRank::Member,
                effective_on: day
            }
        )
        .await,
        Err(StoreError::Refused("transfer_same_unit"))
    ));

    s.person_left(&p.id, day, "retired").await?;
    assert!(
        matches!(s.person(&p.id).await, Err(StoreError::NotFound)),
        "no longer current staff"
    );
    let acc = s.account(&acc.id).await?;
    assert!(acc.disabled, "disabled, never deleted");
    assert_eq!(acc.disabled_reason.as_deref(), Some("left"));
    assert!(s.grants_of(&acc.id).await?.is_empty());
    assert_eq!(
        s.placements(&p.id).await?[0].end_reason.as_deref(),
        Some("retired")
    );
    Ok(())
}

#[tokio::test]
async fn an_import_applied_twice_changes_nothing_the_second_time() -> R {
    use danhgia_domain::import::{LeaderRef, PlannedRow};
    let (s, _) = fresh_store().await?;
    let (_d, a, ..) = tree(&s).await?;
    let planned = |existing: Vec<Option<String>>| -> Vec<PlannedRow> {
        let base = |i: usize, name: &str, user: &str, rank| PlannedRow {
            row: u32::try_from(i).unwrap_or(0) + 5,
            existing: existing[i].clone(),
            unit_id: a.clone(),
            full_name: name.into(),
            position: "Chuyên viên".into(),
            rank,
            employment: Employment::CongChuc,
            email: Some(format!("{user}@hm.gov.vn")),
            phone: None,
            username: user.into(),
            roles: if rank == PositionRank::Head {
                vec![Role::Evaluator]
            } else {
                vec![]
            },
            reviewer: None,
            evaluator: if rank == PositionRank::Head {
                None
            } else {
                Some(LeaderRef::Row(0))
            },
        };
        vec![
            base(0, "Trần Văn Chủ", "tranvanchu_huyenmau", PositionRank::Head),
            base(1, "Lê Thị Một", "lethimot_huyenmau", PositionRank::Member),
        ]
    };
    let accounts: std::collections::HashMap<usize, NewAccount> = [
        (0, account("tranvanchu_huyenmau")),
        (1, account("lethimot_huyenmau")),
    ]
    .into_iter()
    .collect();
    let first = s
        .apply_import(&planned(vec![None, None]), &accounts, None)
        .await?;
    assert_eq!(
        (first.created, first.updated, first.roles_granted),
        (2, 0, 1)
    );
    let people = s.people_in_unit(&a).await?;
    let chu = people
        .iter()
        .find(|p| p.full_name == "Trần Văn Chủ")
        .map(|p| p.id.clone());
    let mot = people
        .iter()
        .find(|p| p.full_name == "Lê Thị Một")
        .map(|p| p.id.clone());
    assert_eq!(
        people
            .iter()
            .find(|p| p.full_name == "Lê Thị Một")
            .and_then(|p| p.evaluator_id.clone()),
        chu
    );
    let again = s
        .apply_import(
            &planned(vec![chu.clone(), mot.clone()]),
            &Default::default(),
            None,
        )
        .await?;
    assert_eq!(
        (
            again.created,
            again.updated,
            again.unchanged,
            again.roles_granted
        ),
        (0, 0, 2, 0)
    );
    let mut changed = planned(vec![chu, mot]);
    changed[1].position = "Chuyên viên chính".into();
    let third = s.apply_import(&changed, &Default::default(), None).await?;
    assert_eq!((third.updated, third.unchanged), (1, 1));
    Ok(())
}
