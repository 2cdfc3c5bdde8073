//! Emulation and rewards through the pages (issue 11 §4, M8.4): the year's registration, the
//! titles the year's published results open (and discipline closes), the proposal list, and
//! awards recorded with their decision. On both databases.

mod common;

use std::io::Cursor;

use axum::http::{Method, StatusCode};
use calamine::{Reader, Xlsx};
use common::{Actor, World, form};
use danhgia_domain::hr::{Decision, Details, DisciplineForm, Process, ProcessKind};
use time::macros::date;

const YEAR: i32 = 2025;

#[tokio::test]
async fn the_years_results_open_the_titles_and_awards_are_recorded() {
    let w = World::new().await;
    let page_path = format!("/units/{}/emulation?year={YEAR}", w.ids.a);
    let page = w.send(Actor::AdminA, Method::GET, &page_path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Chưa có kỳ đánh giá năm này"));

    // The registration: the unit's own title and the staff member's; someone of another unit
    // is refused and nothing is written.
    let pledges = format!("/units/{}/emulation/pledges?year={YEAR}", w.ids.a);
    let staff_key = format!("person_{}", w.ids.staff_person);
    let b_key = format!("person_{}", w.ids.b_person);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &pledges,
            Some(&form(&[
                ("unit", "advanced_collective"),
                (&staff_key, "base_fighter"),
                (&b_key, "advanced_worker"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không thuộc đơn vị"), "{}", r.body);
    assert!(w.store.pledges(&w.ids.a, YEAR).await.unwrap().is_empty());
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &pledges,
            Some(&form(&[
                ("unit", "advanced_collective"),
                (&staff_key, "base_fighter"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(w.store.pledges(&w.ids.a, YEAR).await.unwrap().len(), 2);

    // The year's results: the staff member excellent (A), the head good (B) but reprimanded
    // in the year.
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/periods",
            Some(&form(&[
                ("tenant", &w.ids.district),
                ("month", &YEAR.to_string()),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let year = w
        .store
        .periods(&w.ids.district)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.is_year() && p.year == i64::from(YEAR))
        .unwrap();
    for (person, grade) in [(&w.ids.staff_person, "A"), (&w.ids.head_person, "B")] {
        let f = w
            .store
            .evaluation_of(&year.id, person)
            .await
            .unwrap()
            .unwrap();
        w.publish(&f.id, grade).await;
    }
    let reprimand = Process {
        kind: ProcessKind::Discipline,
        from: Some(date!(2025 - 06 - 10)),
        to: None,
        decision: Decision {
            number: "9/QĐ-UBND".into(),
            date: Some(date!(2025 - 06 - 09)),
            signer: "Chủ tịch UBND huyện".into(),
        },
        details: Details {
            discipline: Some(DisciplineForm::Reprimand),
            ..Details::default()
        },
    };
    w.store
        .record_process(&w.ids.head_person, &reprimand, false, "", None, "t")
        .await
        .unwrap();

    let page = w.send(Actor::AdminA, Method::GET, &page_path, None).await;
    let staff = w.store.person(&w.ids.staff_person).await.unwrap();
    let head = w.store.person(&w.ids.head_person).await.unwrap();
    let row_of = |name: &str| -> String {
        let at = page.body.find(&format!(">{name}</a>")).expect(name);
        let end = page.body[at..].find("</tr>").unwrap();
        page.body[at..at + end].to_owned()
    };
    let staff_row = row_of(&staff.full_name);
    assert!(
        staff_row.contains("Chiến sĩ thi đua cơ sở, Lao động tiên tiến"),
        "{staff_row}"
    );
    let head_row = row_of(&head.full_name);
    assert!(head_row.contains("Bị kỷ luật trong năm"), "{head_row}");
    assert!(!head_row.contains("Lao động tiên tiến"), "{head_row}");

    // The proposal list holds the staff member and not the head.
    let bytes = w
        .send_bytes(
            Actor::AdminA,
            &format!("/units/{}/emulation/proposals.xlsx?year={YEAR}", w.ids.a),
        )
        .await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Đề nghị khen thưởng").unwrap();
    let text: Vec<String> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(text.iter().any(|l| l.contains(&staff.full_name)
        && l.contains("Hoàn thành xuất sắc nhiệm vụ")
        && l.ends_with("Chiến sĩ thi đua cơ sở")));
    assert!(!text.iter().any(|l| l.contains(&head.full_name)));

    // Awards: a person's title for the collective is refused; the staff member's is recorded
    // and shows on their page.
    let awards = format!("/units/{}/emulation/awards?year={YEAR}", w.ids.a);
    let award = |recipient: &str, award: &str| {
        form(&[
            ("recipient", recipient),
            ("award", award),
            ("decision_number", "120/QĐ-UBND"),
            ("decision_date", "2026-01-15"),
            ("decision_signer", "Chủ tịch UBND huyện"),
        ])
    };
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &awards,
            Some(&award("", "base_fighter")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("chỉ dành cho cá nhân"));
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &awards,
            Some(&award(&w.ids.staff_person, "base_fighter")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mine = w.store.awards_of(&w.ids.staff_person).await.unwrap();
    assert_eq!(
        (mine[0].year, mine[0].decision_number.as_str()),
        (i64::from(YEAR), "120/QĐ-UBND")
    );
    let page = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/staff/{}", w.ids.staff_person),
            None,
        )
        .await;
    assert!(page.body.contains("120/QĐ-UBND"));
    // Another commune's admin sees none of it.
    let r = w.send(Actor::AdminB, Method::GET, &page_path, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
