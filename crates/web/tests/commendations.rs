//! The commendation list (issue 8 §1, Hanoi Quy chế Đ.13.2): the aggregator drafts it from the
//! published A grades, the head of the unit approves it, and then it is final, seen by the
//! unit's staff and exported.

mod common;

use std::io::Cursor;

use axum::http::{Method, StatusCode};
use calamine::{Reader, Xlsx};
use common::{Actor, World, form};
use danhgia_domain::access::Role;

#[tokio::test]
async fn drafted_from_published_a_grades_approved_by_the_head_then_final() {
    let w = World::new().await;
    // Commune A's admin is also its aggregator here (the one who drafts).
    let admin = w.store.account_by_username("quantri_anphu").await.unwrap();
    w.store
        .grant_role(&admin.id, Role::Aggregator, &w.ids.a, None)
        .await
        .unwrap();
    let page_url = format!("/units/{}/commendations?period={}", w.ids.a, w.ids.period);
    let post_url = format!("/units/{}/commendations", w.ids.a);

    // Nobody published yet: no one to propose.
    let r = w.send(Actor::AdminA, Method::GET, &page_url, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("chưa có ai được công khai xếp loại A"),
        "{}",
        r.body
    );

    w.publish(&w.ids.staff_form, "A").await;
    let r = w.send(Actor::AdminA, Method::GET, &page_url, None).await;
    assert_eq!(r.body.matches(r#"data-testid="candidate""#).count(), 1);
    assert!(
        r.body.contains(&format!(
            r#"value="{}" id="pick-{}" aria-label="Đề nghị Nguyễn Văn An" checked"#,
            w.ids.staff_form, w.ids.staff_form
        )),
        "a fresh list proposes every A"
    );
    // The unit's staff do not see a draft.
    let r = w.send(Actor::Staff, Method::GET, &page_url, None).await;
    assert!(r.body.contains("chưa lập danh sách"), "{}", r.body);

    let achievement = "Hoàn thành xuất sắc đề án chuyển đổi số của xã";
    let ach_field = format!("achievement_{}", w.ids.staff_form);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &post_url,
            Some(&form(&[
                ("period", &w.ids.period),
                ("doc_number", "12/DS-UBND"),
                ("pick", &w.ids.staff_form),
                (&ach_field, achievement),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Someone of another unit (and not published) is refused, and the draft stays as it was.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &post_url,
            Some(&form(&[
                ("period", &w.ids.period),
                ("doc_number", "13/DS-UBND"),
                ("pick", &w.ids.staff_form),
                ("pick", &w.ids.b_form),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("không có phiếu đã công khai với mức A"),
        "{}",
        r.body
    );
    let (list, entries) = w
        .store
        .commendation_list(&w.ids.a, &w.ids.period)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(list.doc_number, "12/DS-UBND");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].achievement, achievement);

    // Only the head approves.
    let approve = format!("/units/{}/commendations/approve", w.ids.a);
    let body = form(&[("period", &w.ids.period)]);
    let r = w
        .send(Actor::AdminA, Method::POST, &approve, Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w.send(Actor::Evaluator, Method::GET, &page_url, None).await;
    assert!(r.body.contains(r#"data-testid="commend-approve""#));
    // A grade changed since the draft refuses the approval, and nothing is approved.
    w.publish(&w.ids.staff_form, "B").await;
    let r = w
        .send(Actor::Evaluator, Method::POST, &approve, Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains("không có phiếu đã công khai với mức A"),
        "{}",
        r.body
    );
    w.publish(&w.ids.staff_form, "A").await;
    let r = w
        .send(Actor::Evaluator, Method::POST, &approve, Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Final: no more drafting, and a second approval is refused.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &post_url,
            Some(&form(&[("period", &w.ids.period), ("doc_number", "14/DS")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("đã được phê duyệt"));
    let r = w
        .send(Actor::Evaluator, Method::POST, &approve, Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // The staff see the approved list; the export holds it.
    let r = w.send(Actor::Staff, Method::GET, &page_url, None).await;
    assert!(r.body.contains("Đã phê duyệt"), "{}", r.body);
    assert!(r.body.contains(achievement));
    assert!(r.body.contains("Trần Thị Bích"), "the approver is named");
    let bytes = w
        .send_bytes(
            Actor::Staff,
            &format!(
                "/units/{}/commendations.xlsx?period={}",
                w.ids.a, w.ids.period
            ),
        )
        .await;
    let pdf = w
        .send_bytes(
            Actor::Staff,
            &format!(
                "/units/{}/commendations.pdf?period={}",
                w.ids.a, w.ids.period
            ),
        )
        .await;
    let text = common::pdf_text(&pdf);
    assert!(text.contains("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"), "{text}");
    assert!(text.contains("Số: 12/DS-UBND"), "{text}");
    assert!(text.contains("Hoàn thành xuất sắc nhiệm vụ"), "{text}");
    assert!(text.contains("Nguyễn Văn An"));
    assert!(!text.contains("dự thảo"), "approved: {text}");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Đề nghị khen thưởng").unwrap();
    let rows: Vec<String> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        rows.iter()
            .any(|r| r == &format!("1|Nguyễn Văn An|Công chức|95|A|{achievement}")),
        "{rows:?}"
    );
}
