//! Moving a file out of its unit's scope through the pages (issue 11 §6, M8.6; Đồng Nai 3647
//! §2.1): the commune's admin asks, the district (the unit above both) carries it out in one
//! transaction or refuses with a reason; nobody else decides. On both databases.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form};

fn request(code: &str, today: &str) -> String {
    form(&[
        ("move_unit_code", code),
        ("move_position", "Công chức Tư pháp - Hộ tịch"),
        ("move_rank", "member"),
        ("move_from", today),
        ("move_decision_number", "310/QĐ-UBND"),
        ("move_decision_date", today),
        ("move_decision_signer", "Chủ tịch UBND huyện"),
    ])
}

#[tokio::test]
async fn a_file_leaves_the_commune_through_the_district() {
    let w = World::new().await;
    let today = danhgia_store::today().to_string();
    let person = w.ids.staff_person.clone();
    let path = format!("/staff/{person}/moves");
    let b = w.store.unit(&w.ids.b).await.unwrap();
    let a1 = w.store.unit(&w.ids.a1).await.unwrap();

    // Inside the admin's own scope there is nothing to ask; an unknown code is named.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&request(&a1.code, &today)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("thuộc phạm vi của bạn"), "{}", r.body);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&request("KHONG-CO", &today)),
        )
        .await;
    assert!(r.body.contains("Không tìm thấy đơn vị có mã này"));
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&request(&b.code, &today)),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&request(&b.code, &today)),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // One request at a time.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&request(&b.code, &today)),
        )
        .await;
    assert!(r.body.contains("đang có một đề nghị"));
    let m = w.store.moves_of(&person).await.unwrap().remove(0);
    let district = w.store.unit(&w.ids.district).await.unwrap();
    assert_eq!(m.approver_path, district.path);

    // The requester sees it but may not decide; the other commune sees nothing.
    let list = w.send(Actor::AdminA, Method::GET, "/moves", None).await;
    assert!(list.body.contains("Chờ cấp trên"));
    assert!(!list.body.contains("move-approve"));
    let decide = format!("/moves/{}/decide", m.id);
    let approve = form(&[("decision", "approve")]);
    let r = w
        .send(Actor::AdminA, Method::POST, &decide, Some(&approve))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w
        .send(Actor::AdminB, Method::POST, &decide, Some(&approve))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A refusal needs its reason.
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &decide,
            Some(&form(&[("decision", "refuse"), ("answer", "")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // The district carries it out: the person is in commune B with the new position, the
    // file holds the transfer, the request is closed and cannot be decided twice.
    let list = w.send(Actor::SysAdmin, Method::GET, "/moves", None).await;
    assert!(list.body.contains("move-approve"));
    let r = w
        .send(Actor::SysAdmin, Method::POST, &decide, Some(&approve))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let moved = w.store.person(&person).await.unwrap();
    assert_eq!(
        (moved.unit_id.as_str(), moved.position_title.as_str()),
        (w.ids.b.as_str(), "Công chức Tư pháp - Hộ tịch")
    );
    let career = w.store.career(&person).await.unwrap();
    assert!(
        career
            .iter()
            .any(|c| c.kind == danhgia_domain::hr::ProcessKind::Transfer
                && c.decision_number == "310/QĐ-UBND")
    );
    let r = w
        .send(Actor::SysAdmin, Method::POST, &decide, Some(&approve))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(w.store.career(&person).await.unwrap().len(), career.len());
    // Commune B's admin now manages the person; commune A's no longer sees them.
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/staff/{person}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/staff/{person}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
