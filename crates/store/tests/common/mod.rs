//! Helpers shared by the store's integration tests: a unit, a person, an account, and the
//! small tree D (district) → A, B (communes) → A1 under A.
#![allow(dead_code)]

use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_store::{NewAccount, NewPerson, NewUnit, PersonUpdate, Store, StoreError};

pub fn unit(parent: Option<&str>, code: &str, name: &str) -> NewUnit {
    NewUnit {
        parent_id: parent.map(str::to_owned),
        code: code.into(),
        name: name.into(),
        kind: UnitKind::Office,
        level: UnitLevel::District,
        block: Block::Government,
        suffix: None,
    }
}

pub fn person(unit_id: &str, name: &str, rank: PositionRank) -> NewPerson {
    NewPerson {
        unit_id: unit_id.into(),
        details: PersonUpdate {
            full_name: name.into(),
            position_title: "Chuyên viên".into(),
            rank,
            employment: Employment::CongChuc,
            cohort_id: None,
            email: None,
            phone: None,
            reviewer_id: None,
            evaluator_id: None,
        },
    }
}

pub fn account(username: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        password_hash: "$argon2id$test".into(),
        must_change_password: true,
        password_deadline: None,
    }
}

/// D with children A and B, and A1 under A. Returns their ids.
pub async fn tree(s: &Store) -> Result<(String, String, String, String), StoreError> {
    let d = s
        .create_unit(&NewUnit {
            suffix: Some("huyenmau".into()),
            ..unit(None, "HM", "Huyện Mẫu")
        })
        .await?;
    let a = s
        .create_unit(&unit(Some(&d.id), "HM-A", "Xã An Phú"))
        .await?;
    let b = s
        .create_unit(&unit(Some(&d.id), "HM-B", "Xã Bình Minh"))
        .await?;
    let a1 = s.create_unit(&unit(Some(&a.id), "HM-A1", "Thôn 1")).await?;
    Ok((d.id, a.id, b.id, a1.id))
}
