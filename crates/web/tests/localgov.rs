//! Local government through the pages (issue 11 §3, M8.3): a commune's People's Council and
//! Committee by term — one chair at a time, board heads on the council only, dates inside the
//! term — and the commune-level category of each staff member. On both databases.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form};
use danhgia_domain::localgov::{Body, CommuneCategory, Office};

#[tokio::test]
async fn a_communes_council_and_committee_by_term() {
    let w = World::new().await;
    let term = danhgia_domain::localgov::term_of(danhgia_store::today().year());
    let page = format!("/units/{}/local-government?term={term}", w.ids.a);
    let add = format!("/units/{}/local-government/offices?term={term}", w.ids.a);
    let start = format!("{term}-07-01");
    let office = |body: &str, office: &str, person: &str, name: &str, from: &str| {
        form(&[
            ("body", body),
            ("office", office),
            ("person_id", person),
            ("full_name", name),
            ("from", from),
            ("decision_number", "01/NQ-HĐND"),
        ])
    };
    assert_eq!(
        w.send(Actor::AdminA, Method::GET, &page, None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        w.send(Actor::AdminB, Method::GET, &page, None).await.status,
        StatusCode::NOT_FOUND
    );
    // The head chairs the committee; a second chair, a committee board head, a start outside
    // the term and another unit's person are refused by field.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &add,
            Some(&office(
                "committee",
                "chair",
                &w.ids.head_person,
                "",
                &start,
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for (body, bad, msg) in [
        (
            office("committee", "chair", "", "Trần Văn Hai", &start),
            "office",
            "đã có Chủ tịch đương nhiệm",
        ),
        (
            office("committee", "board_head", "", "Trần Văn Hai", &start),
            "office",
            "chỉ có ở Hội đồng nhân dân",
        ),
        (
            office("council", "member", "", "Trần Văn Hai", "2001-01-01"),
            "from",
            "trong nhiệm kỳ",
        ),
        (
            office("council", "member", &w.ids.b_person, "", &start),
            "person_id",
            "cán bộ của đơn vị",
        ),
    ] {
        let r = w.send(Actor::AdminA, Method::POST, &add, Some(&body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.body.contains(msg), "{bad}: {}", r.body);
    }
    // A council delegate who is not on the staff.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &add,
            Some(&office("council", "member", "", "Lò Văn Páo", &start)),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let held = w.store.offices(&w.ids.a, term).await.unwrap();
    assert_eq!(held.len(), 2);
    let chair = held
        .iter()
        .find(|o| o.body == Body::Committee && o.office == Office::Chair)
        .unwrap();
    assert_eq!(chair.person_id.as_deref(), Some(w.ids.head_person.as_str()));
    assert!(
        held.iter()
            .any(|o| o.full_name == "Lò Văn Páo" && o.person_id.is_none())
    );
    // The chair steps down; then another may be elected.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!(
                "/units/{}/local-government/offices/{}/end",
                w.ids.a, chair.id
            ),
            Some(&form(&[("ended_on", &danhgia_store::today().to_string())])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &add,
            Some(&office("committee", "chair", "", "Trần Văn Hai", &start)),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The commune's staff categories; someone of another commune is refused, nothing written.
    let cats = format!("/units/{}/local-government/commune-staff", w.ids.a);
    let staff_key = format!("person_{}", w.ids.staff_person);
    let b_key = format!("person_{}", w.ids.b_person);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &cats,
            Some(&form(&[
                (&staff_key, "civil_servant"),
                (&b_key, "part_time"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        w.store
            .commune_categories(std::slice::from_ref(&w.ids.staff_person))
            .await
            .unwrap()
            .is_empty()
    );
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &cats,
            Some(&form(&[(&staff_key, "civil_servant")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        w.store
            .commune_categories(std::slice::from_ref(&w.ids.staff_person))
            .await
            .unwrap(),
        vec![(w.ids.staff_person.clone(), CommuneCategory::CivilServant)]
    );
    let page = w.send(Actor::AdminA, Method::GET, &page, None).await;
    assert!(page.body.contains("Lò Văn Páo"));
    assert!(
        page.body
            .contains("<option value=\"civil_servant\" selected>")
    );
}
