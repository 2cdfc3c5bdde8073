//! The annual evaluation through the router (issue 10 §6, M6.3): twelve published months, the
//! year's period opened by the admin, the annual form pre-filled from the months with the year's
//! proposal (their mean, NĐ 335 Đ.17.3), the admin's note (a paper result, Quảng Trị Đ.2.9) that
//! replaces it, and the leader's decision on the proposal. On both databases.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form, form_with, score_fields, score_sheet};
use danhgia_domain::calendar::Deadlines;
use danhgia_domain::points::Points;
use danhgia_domain::workflow::Status;
use danhgia_store::NewPeriod;

const YEAR: i32 = 2025;

/// Publishes the staff member's twelve months of `YEAR` at the given percents of each item;
/// returns the twelve totals.
async fn twelve_months(w: &World, percents: &[i64; 12]) -> Vec<Points> {
    let cal = danhgia_domain::calendar::Calendar::default();
    let mut totals = Vec::new();
    for (i, percent) in percents.iter().enumerate() {
        let month = time::Month::try_from(u8::try_from(i + 1).unwrap()).unwrap();
        let (period, _) = w
            .store
            .open_period(
                &NewPeriod {
                    tenant_id: w.ids.district.clone(),
                    year: YEAR,
                    month,
                    deadlines: cal.deadlines(YEAR, month).unwrap(),
                    late_submission: false,
                    appeal_days: 15,
                },
                None,
            )
            .await
            .unwrap();
        let f = w
            .store
            .evaluation_of(&period.id, &w.ids.staff_person)
            .await
            .unwrap()
            .unwrap();
        let set = w.set_of(&f).await;
        let s = score_sheet(&set, *percent);
        let total = danhgia_domain::scoring::score(
            &set,
            &s.scores
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        danhgia_domain::scoring::Entry {
                            points: v.points,
                            reason: String::new(),
                        },
                    )
                })
                .collect(),
        )
        .unwrap()
        .total;
        let mut after = f.clone();
        after.status = Status::Published;
        after.self_sheet = serde_json::to_string(&s).unwrap();
        after.leader_sheet = after.self_sheet.clone();
        after.leader_total = Some(total.hundredths());
        after.leader_grade = Some(if total >= Points::whole(90) { "A" } else { "B" }.into());
        after.final_grade = after.leader_grade.clone();
        w.save_form(f, after, "publish").await;
        totals.push(total);
    }
    totals
}

#[tokio::test]
async fn a_year_from_twelve_months_to_the_decision() {
    let w = World::new().await;
    let totals = twelve_months(&w, &[100, 90, 90, 80, 100, 90, 90, 90, 80, 100, 90, 90]).await;
    let mean = danhgia_domain::preset::mean(&totals).unwrap();

    // The admin opens the year's period: a year alone in the month field.
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/periods",
            Some(&form(&[("tenant", &w.ids.district), ("month", "2025")])),
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
        .expect("the year's period");
    assert_eq!(year.label(), "2025");
    // Its days are 2025's December cycle, long past: the admin moves them around today.
    let today = danhgia_store::today();
    w.store
        .set_period_dates(
            &year.id,
            &Deadlines {
                self_opens: today,
                self_before: today + time::Duration::days(2),
                decide_before: today + time::Duration::days(4),
                publish_before: today + time::Duration::days(8),
            },
            false,
        )
        .await
        .unwrap();
    let f = w
        .store
        .evaluation_of(&year.id, &w.ids.staff_person)
        .await
        .unwrap()
        .expect("an annual form for the staff member");
    let path = format!("/evaluations/{}", f.id);

    // The annual form shows the twelve months and proposes their mean (NĐ 335 Đ.17.3); the
    // self-assessment starts from each item's mean.
    let page = w.send(Actor::Staff, Method::GET, &path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"year-record\""));
    assert!(
        page.body.contains(&mean.vi()),
        "the mean {mean} is proposed"
    );
    assert!(page.body.contains("Trung bình cộng điểm các tháng"));
    assert!(page.body.contains("name=\"self_score_"));

    // The unit's admin notes a paper result (Quảng Trị Đ.2.9); it replaces the months; a bad
    // note names its field and changes nothing.
    let note = format!("{path}/annual-note");
    let bad = w
        .send(
            Actor::AdminA,
            Method::POST,
            &note,
            Some(&form(&[("kind", "paper"), ("total", "80"), ("grade", "B")])),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Cần ghi cơ quan cũ xác nhận kết quả."));
    assert!(w.store.annual_note(&f.id).await.unwrap().is_none());
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &note,
            Some(&form(&[
                ("kind", "paper"),
                ("total", "80"),
                ("grade", "B"),
                ("source", "Sở Tư pháp"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = w.send(Actor::Staff, Method::GET, &path, None).await;
    assert!(page.body.contains("Kết quả bằng giấy có xác nhận"));
    // Only the unit's admins note; the staff member may not.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &note,
            Some(&form(&[("kind", "")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Taken back: the months again.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &note,
            Some(&form(&[("kind", "")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // The annual self-assessment, then the leader decides the proposal.
    let set = w.set_of(&f).await;
    // Each note moved the form's version on (a decision read before a note is stale).
    let v = w.store.evaluation(&f.id).await.unwrap().version;
    assert_eq!(v, f.version + 2);
    let (v, next) = (v.to_string(), (v + 1).to_string());
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(
                &score_fields(&set, "self", 90),
                &[("action", "submit"), ("version", &v)],
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Not on a sheet of the leader's own: on the proposal.
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[("action", "accept"), ("version", &next)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[("action", "decide_proposed"), ("version", &next)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let decided = w.store.evaluation(&f.id).await.unwrap();
    assert_eq!(decided.status, Status::Decided);
    assert_eq!(decided.leader_total, Some(mean.hundredths()));
    let expected = if mean >= Points::whole(90) { "A" } else { "B" };
    assert_eq!(decided.final_grade.as_deref(), Some(expected));
    // Decided: the note can no longer change.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &note,
            Some(&form(&[
                ("kind", "not_evaluated"),
                ("note", "Học tập trung"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("Phiếu năm đã được quyết định"));
    assert!(w.store.annual_note(&f.id).await.unwrap().is_none());

    // The annual summary list exports like a month's, named for the year.
    let bytes = w
        .send_bytes(
            Actor::Evaluator,
            &format!("/units/{}/summary.xlsx?period={}", w.ids.a, year.id),
        )
        .await;
    let mut book: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).unwrap();
    let names = calamine::Reader::sheet_names(&book);
    let text: String = names
        .iter()
        .map(|n| {
            calamine::Reader::worksheet_range(&mut book, n)
                .unwrap()
                .rows()
                .flat_map(|r| r.iter().map(ToString::to_string))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(text.contains("Năm 2025"), "{text}");
    assert!(text.contains(&decided.full_name));
    let pdf = w
        .send_bytes(
            Actor::Evaluator,
            &format!("/units/{}/summary.pdf?period={}", w.ids.a, year.id),
        )
        .await;
    assert!(pdf.starts_with(b"%PDF"));
}
