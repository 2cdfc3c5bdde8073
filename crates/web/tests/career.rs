//! The personnel file through the pages (issue 11 §1 "Done when": an appointment done through
//! the UI changes the person's position and who evaluates them). On both databases.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form};
use danhgia_domain::people::PositionRank;

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[tokio::test]
async fn an_appointment_through_the_page_moves_the_position_and_who_evaluates() {
    let w = World::new().await;
    let person = w.ids.staff_person.clone();
    let path = format!("/staff/{person}/career");
    let today = danhgia_store::today();
    let soon = iso(today);
    let tomorrow = iso(today + time::Duration::days(1));
    let base = |extra: &[(&'static str, String)]| {
        let mut fields: Vec<(&str, String)> = vec![
            ("career_kind", "appointment".into()),
            ("career_from", soon.clone()),
            ("career_decision_number", "15/QĐ-UBND".into()),
            ("career_decision_date", iso(today)),
            ("career_decision_signer", "Chủ tịch UBND xã".into()),
            ("career_unit", w.ids.a.clone()),
            ("career_position", "Phó Chủ tịch UBND xã".into()),
            ("career_rank", "deputy".into()),
            ("career_apply", "1".into()),
        ];
        for (k, v) in extra {
            fields.retain(|(f, _)| f != k);
            fields.push((k, v.clone()));
        }
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form(&pairs)
    };

    // The staff member may not write their own file.
    let r = w
        .send(Actor::Staff, Method::POST, &path, Some(&base(&[])))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Bad input is named by field, in Vietnamese, and nothing changes.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&base(&[
                ("career_decision_number", String::new()),
                ("career_rank", "member".into()),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cần số quyết định"), "{}", r.body);
    assert!(r.body.contains("chọn cấp trưởng hoặc cấp phó"));
    assert!(w.store.career(&person).await.unwrap().is_empty());
    // A unit outside the admin's scope is refused (a move outside is the superior's).
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&base(&[("career_unit", w.ids.b.clone())])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("phạm vi quản lý"));

    // A decision not yet in effect is not carried out ahead of its day.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&base(&[("career_from", tomorrow.clone())])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("chưa đến ngày hiệu lực"), "{}", r.body);
    assert!(
        r.body.contains(&format!("value=\"{tomorrow}\"")),
        "the form keeps what was typed"
    );
    assert!(w.store.career(&person).await.unwrap().is_empty());

    // Carried out: the person is a deputy, holds the reviewer role, and the file says why.
    let r = w
        .send(Actor::AdminA, Method::POST, &path, Some(&base(&[])))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let now = w.store.person(&person).await.unwrap();
    assert_eq!(
        (now.position_title.as_str(), now.rank),
        ("Phó Chủ tịch UBND xã", PositionRank::Deputy)
    );
    let acc = w.store.account_of_person(&person).await.unwrap();
    assert!(
        w.store
            .grants_of(&acc.id)
            .await
            .unwrap()
            .iter()
            .any(|g| g.role == danhgia_domain::access::Role::Reviewer && g.unit_id == w.ids.a)
    );
    let page = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/staff/{person}"),
            None,
        )
        .await;
    assert!(page.body.contains("15/QĐ-UBND"));
    assert!(page.body.contains("Bổ nhiệm"));
    // Whom they answer to: a deputy is evaluated by the head of the unit (Đ.10.2).
    let staff = w.store.people_in_unit(&w.ids.a).await.unwrap();
    let holders: Vec<danhgia_domain::evaluators::Holder<'_>> = staff
        .iter()
        .map(|p| danhgia_domain::evaluators::Holder {
            person_id: &p.id,
            rank: p.rank,
        })
        .collect();
    let me = holders.iter().find(|h| h.person_id == person).unwrap();
    let derived = danhgia_domain::evaluators::derive(me, &holders, &[]);
    assert_eq!(
        derived.evaluator.as_deref(),
        Some(w.ids.head_person.as_str())
    );
    assert!(derived.reviewer.is_none());
}

#[tokio::test]
async fn a_decisions_scan_is_attached_by_the_admins_and_seen_with_the_file() {
    let mut w = World::new().await;
    let person = w.ids.staff_person.clone();
    let today = danhgia_store::today();
    let process = danhgia_domain::hr::Process {
        kind: danhgia_domain::hr::ProcessKind::Recruitment,
        from: Some(today),
        to: None,
        decision: danhgia_domain::hr::Decision {
            number: "45/QĐ-UBND".into(),
            date: Some(today),
            signer: "Chủ tịch UBND huyện".into(),
        },
        details: danhgia_domain::hr::Details {
            position_title: "Công chức Văn phòng - Thống kê".into(),
            ..Default::default()
        },
    };
    let id = w
        .store
        .record_process(&person, &process, false, "", None, "t")
        .await
        .unwrap();
    let path = format!("/staff/{person}/career/{id}/scan");
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".to_vec();

    // A program is refused whatever it is called; the person may not attach to their own file.
    w.file = Some(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec());
    let r = w
        .send(Actor::AdminA, Method::POST, &path, Some(common::MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    w.file = Some(pdf.clone());
    let r = w
        .send(Actor::Staff, Method::POST, &path, Some(common::MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w
        .send(Actor::AdminA, Method::POST, &path, Some(common::MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The person and the admins get it back; their leader does not.
    assert_eq!(w.send_bytes(Actor::Staff, &path).await, pdf);
    assert_eq!(w.send_bytes(Actor::SysAdmin, &path).await, pdf);
    let r = w.send(Actor::Evaluator, Method::GET, &path, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = w
        .send(Actor::Staff, Method::GET, &format!("/staff/{person}"), None)
        .await;
    assert!(page.body.contains("data-testid=\"scan-link\""));
}
