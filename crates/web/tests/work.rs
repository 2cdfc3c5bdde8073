//! Work planning through the pages (issue 7): a month planned, frozen and added to; the log
//! submitted and decided; bad input refused with its message and nothing changed; the product
//! catalogue imported from Excel; and under NĐ 335 the form's result part computed from the
//! month's tasks, whatever was typed.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, MULTIPART, World, form};
use danhgia_domain::work::{PlanMonth, week_start};
use time::Date;

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn today() -> Date {
    danhgia_store::today()
}

#[tokio::test]
async fn a_month_is_planned_frozen_and_added_to_and_the_summary_follows() {
    let w = World::new().await;
    let month = PlanMonth::of(today()).key();
    let add = |title: &'static str, due: String| {
        form(&[
            ("kind", "month"),
            ("title", title),
            ("expected", "Văn bản trình ký"),
            ("due", &due),
            ("weight", "3"),
            ("month", &month),
        ])
    };
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            "/work/items",
            Some(&add("Kế hoạch kiểm tra", iso(today()))),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            "/work/plan/freeze",
            Some(&form(&[("month", &month)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            "/work/items",
            Some(&add("Việc bổ sung", iso(today()))),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = w.send(Actor::Evaluator, Method::GET, "/work", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Đã chốt"), "the plan shows as frozen");
    assert!(
        page.body.contains("Bổ sung sau khi chốt"),
        "the later item is marked"
    );
    // The summary counts the frozen plan's item, and the addition apart.
    assert!(
        page.body
            .contains(r#"<dd data-testid="sum-planned">1</dd>"#),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_its_message_and_nothing_changes() {
    let w = World::new().await;
    let month = PlanMonth::of(today());
    // A due date outside the plan's month.
    let outside = month.next().first_day();
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/work/items",
            Some(&form(&[
                ("kind", "month"),
                ("title", "Báo cáo quý"),
                ("due", &iso(outside)),
                ("month", &month.key()),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Thời hạn phải nằm trong tháng của kế hoạch."),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(r#"value="Báo cáo quý""#),
        "what was typed is kept"
    );
    let items = w
        .store
        .person_plan(
            &w.store.person(&w.ids.staff_person).await.unwrap(),
            &month.key(),
        )
        .await
        .unwrap();
    assert_eq!(
        w.store.plan_items(&items.id).await.unwrap().len(),
        1,
        "nothing was added"
    );

    // A log day outside the week being written, and a day that has not come.
    let monday = week_start(today());
    for (day, msg) in [
        (
            monday - time::Duration::days(1),
            "Ngày phải nằm trong tuần đang xem.",
        ),
        (
            today() + time::Duration::days(1),
            "Không ghi hoặc gửi bảng kê cho ngày chưa tới.",
        ),
    ] {
        let r = w
            .send(
                Actor::Staff,
                Method::POST,
                "/work/logs",
                Some(&form(&[
                    ("day", &iso(day)),
                    ("what", "Soạn thảo"),
                    ("week", &iso(monday)),
                    ("month", &month.key()),
                ])),
            )
            .await;
        if day > today() || week_start(day) != monday {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{day}");
            assert!(r.body.contains(msg), "{day}: {}", r.body);
        }
    }

    // Editing a planned item of a frozen plan.
    w.send(
        Actor::Staff,
        Method::POST,
        "/work/plan/freeze",
        Some(&form(&[("month", &month.key())])),
    )
    .await;
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/work/items/{}", w.ids.work_item),
            Some(&form(&[
                ("action", "save"),
                ("title", "Đổi tên"),
                ("weight", "1"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Kế hoạch đã chốt"), "{}", r.body);
    let (item, _) = w.store.work_item(&w.ids.work_item).await.unwrap();
    assert_eq!(item.title, "Báo cáo công tác tháng");

    // Approving outside one's team: the staff member on their own log.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/work/reviews/{}", w.ids.review),
            Some(&form(&[("decision", "approve")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        w.store.log_review(&w.ids.review).await.unwrap().state,
        "submitted"
    );
    // Returning without a comment.
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/work/reviews/{}", w.ids.review),
            Some(&form(&[("decision", "return")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Khi trả lại, vui lòng ghi rõ ý kiến"),
        "{}",
        r.body
    );
    assert_eq!(
        w.store.log_review(&w.ids.review).await.unwrap().state,
        "submitted"
    );
}

#[tokio::test]
async fn the_leader_returns_a_log_with_a_comment_and_the_person_fixes_and_resubmits_it() {
    let w = World::new().await;
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/work/reviews/{}", w.ids.review),
            Some(&form(&[
                ("decision", "return"),
                ("comment", "Ghi rõ số hồ sơ"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let review = w.store.log_review(&w.ids.review).await.unwrap();
    assert_eq!(
        (review.state.as_str(), review.comment.as_str()),
        ("returned", "Ghi rõ số hồ sơ")
    );
    let logged = w
        .store
        .audit_by_action("work_log_return", 10)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(
        logged[0].target_id.as_deref(),
        Some(w.ids.staff_person.as_str())
    );
    let yesterday = today().previous_day().unwrap();
    let page = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/work?week={}", iso(yesterday)),
            None,
        )
        .await;
    assert!(
        page.body.contains("Ghi rõ số hồ sơ"),
        "the comment shows to the person"
    );
    // Fixed and sent again; the head approves from the team page.
    let entry = w
        .store
        .log_entries(&w.ids.staff_person, yesterday, yesterday)
        .await
        .unwrap()
        .remove(0);
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/work/logs/{}", entry.id),
            Some(&form(&[
                ("day", &iso(yesterday)),
                ("what", "Tiếp nhận 12 hồ sơ một cửa"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/work/submit",
            Some(&form(&[("from", &iso(yesterday)), ("to", &iso(yesterday))])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let team = w
        .send(Actor::Evaluator, Method::GET, "/work/team", None)
        .await;
    assert!(team.body.contains("Nguyễn Văn An"));
    let waiting = w.store.reviews_waiting(&w.ids.head_person).await.unwrap();
    let again = waiting.iter().find(|r| r.from_day == yesterday).unwrap();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/work/reviews/{}", again.id),
            Some(&form(&[("decision", "approve"), ("from", "team")])),
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some("/work/team?ok=work.ok.approved")
    );
    let entry = w.store.log_entry(&entry.id).await.unwrap();
    assert_eq!(entry.state, "approved");
    // Approved entries are frozen.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/work/logs/{}", entry.id),
            Some(&form(&[("action", "delete")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_week_exports_as_icalendar() {
    let w = World::new().await;
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/work/items",
            Some(&form(&[
                ("kind", "week"),
                ("title", "Họp giao ban; tổ, đội"),
                ("day", &iso(today())),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let ics = w
        .send(Actor::Staff, Method::GET, "/work/week.ics", None)
        .await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.body.starts_with("BEGIN:VCALENDAR"));
    // RFC 5545 escapes ; and , in text.
    assert!(
        ics.body.contains(r"SUMMARY:Họp giao ban\; tổ\, đội"),
        "{}",
        ics.body
    );
    let d = today();
    assert!(ics.body.contains(&format!(
        "DTSTART;VALUE=DATE:{:04}{:02}{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    )));
}

fn catalogue_file(rows: &[(&str, &str, u8, &str)]) -> Vec<u8> {
    let out: Vec<danhgia_sheets::CatalogueOut> = rows
        .iter()
        .map(|(code, name, group, coef)| danhgia_sheets::CatalogueOut {
            code: (*code).into(),
            task: "Tham mưu".into(),
            name: (*name).into(),
            group: *group,
            measure: "Văn bản".into(),
            coefficient: (*coef).into(),
            note: String::new(),
            inherited_from: None,
        })
        .collect();
    danhgia_sheets::write_catalogue("Xã An Phú", &out).unwrap()
}

#[tokio::test]
async fn a_catalogue_imports_from_excel_or_changes_nothing_and_names_each_cell() {
    let mut w = World::new().await;
    // A product with a coefficient of 0 and a duplicate code: both named by cell, nothing saved.
    w.file = Some(catalogue_file(&[
        ("SP01", "Công văn", 1, "1"),
        ("SP02", "Tờ trình", 2, "0"),
        ("SP01", "Báo cáo", 2, "2"),
    ]));
    let url = format!("/units/{}/catalogue", w.ids.a);
    let r = w
        .send(Actor::AdminA, Method::POST, &url, Some(MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Hệ số quy đổi phải là số lớn hơn 0"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Mã sản phẩm bị trùng."), "{}", r.body);
    let unit = w.store.unit(&w.ids.a).await.unwrap();
    assert!(w.store.catalogue(&unit).await.unwrap().is_empty());

    w.file = Some(catalogue_file(&[
        ("SP01", "Công văn", 1, "1"),
        ("SP02", "Tờ trình", 2, "1,5"),
    ]));
    let r = w
        .send(Actor::AdminA, Method::POST, &url, Some(MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cat = w.store.catalogue(&unit).await.unwrap();
    assert_eq!(
        cat.iter()
            .map(|p| (p.code.as_str(), p.coefficient))
            .collect::<Vec<_>>(),
        vec![("SP01", 1_000), ("SP02", 1_500)]
    );
    // What is exported reads back the same.
    let x = w.send_bytes(Actor::Staff, &format!("{url}.xlsx")).await;
    let sheet = danhgia_sheets::read_catalogue(&x).unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[1].name, "Tờ trình");
}

#[tokio::test]
async fn under_nd335_the_result_part_is_computed_from_the_months_tasks() {
    let w = World::new().await;
    // The tenant moves to NĐ 335; next month's forms follow it.
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/settings/rules",
            Some(&form(&[
                ("unit", &w.ids.district),
                ("block", ""),
                ("preset", "nd335-2026"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let next = PlanMonth::of(today()).next();
    let mut period = common::this_month(&w.ids.district);
    period.year = next.year;
    period.month = next.month;
    let (period, _) = w.store.open_period(&period, None).await.unwrap();
    let form_id = w
        .store
        .evaluation_of(&period.id, &w.ids.staff_person)
        .await
        .unwrap()
        .unwrap()
        .id;

    // Two tasks: 2 × 1.5 reported on time and met; 1 × 1 handed back (stays in the denominator).
    let month = next.key();
    let due = iso(next.last_day());
    for (title, qty, coef) in [("Tờ trình", "2", "1,5"), ("Báo cáo", "1", "1")] {
        let r = w
            .send(
                Actor::Evaluator,
                Method::POST,
                &format!("/work/people/{}/tasks", w.ids.staff_person),
                Some(&form(&[
                    ("title", title),
                    ("quantity", qty),
                    ("coefficient", coef),
                    ("due", &due),
                    ("month", &month),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let tasks = w.store.tasks_of(&w.ids.staff_person, &month).await.unwrap();
    let (first, second) = (&tasks[0], &tasks[1]);
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/work/tasks/{}/report", first.id),
            Some(&form(&[
                ("done", "2"),
                ("product_ref", "Tờ trình số 12/TTr"),
                ("month", &month),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    w.send(
        Actor::Staff,
        Method::POST,
        &format!("/work/tasks/{}/report", second.id),
        Some(&form(&[("handed_back", "1"), ("month", &month)])),
    )
    .await;
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/work/tasks/{}/rate", first.id),
            Some(&form(&[
                ("quality", "met"),
                ("errors", "0"),
                ("month", &month),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Assignments and ratings are in the audit log (the Ministry's checklist: task assignment).
    assert_eq!(
        w.store
            .audit_by_action("kpi_task_assign", 10)
            .await
            .unwrap()
            .len(),
        2
    );
    let rated = w.store.audit_by_action("kpi_task_rate", 10).await.unwrap();
    assert_eq!(rated.len(), 1);
    assert_eq!(rated[0].actor_name, "tranthibich_huyenmau");
    // a = b = c = 3 / 4 = 75 %; result 75 % (NĐ 335 Đ.14.2, Đ.16.1; Đ.18.1 for the handed-back task).
    let page = w
        .send(
            Actor::Evaluator,
            Method::GET,
            &format!("/evaluations/{form_id}"),
            None,
        )
        .await;
    assert!(
        page.body.contains(r#"data-testid="computed-self">75%"#),
        "{}",
        page.body
    );

    // The person types 100 % for the result part: the form keeps the computed 75 %.
    let mut pairs: Vec<(String, String)> = ["I.1", "I.2"]
        .iter()
        .map(|i| (format!("self_score_{i}"), "5".to_owned()))
        .collect();
    for s in ["II", "III"] {
        for c in 1..=4 {
            pairs.push((format!("self_score_{s}.{c}"), "2.5".to_owned()));
        }
    }
    pairs.push(("self_score_IV".into(), "100".into()));
    pairs.push(("action".into(), "save".into()));
    pairs.push(("version".into(), "1".into()));
    let body: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/evaluations/{form_id}"),
            Some(&form(&body)),
        )
        .await;
    assert!(r.status.is_redirection(), "{}: {}", r.status, r.body);
    let saved = w.store.evaluation(&form_id).await.unwrap();
    // 30 + 75 % × 70 = 82.5 (Đ.17.1).
    assert_eq!(saved.self_total, Some(8_250));

    // The year's scores and their means appear once the person has NĐ 335 forms; a month counts
    // once decided, so none yet (Đ.17.3).
    let page = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/work?month={month}"),
            None,
        )
        .await;
    assert!(
        page.body.contains(r#"data-testid="year-scores""#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"<dd data-testid="year-mean">—</dd>"#));
}

#[tokio::test]
async fn submitting_the_whole_week_leaves_the_days_to_come_open() {
    let w = World::new().await;
    let monday = week_start(today());
    let sunday = monday + time::Duration::days(6);
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/work/submit",
            Some(&form(&[("from", &iso(monday)), ("to", &iso(sunday))])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let waiting = w.store.reviews_waiting(&w.ids.head_person).await.unwrap();
    let this_week = waiting.iter().find(|r| r.id != w.ids.review).unwrap();
    assert_eq!(this_week.from_day, monday);
    // The submission ends today: tomorrow can still be logged tomorrow.
    assert_eq!(this_week.to_day, today());
}

/// The API fuzz's finding holds for the pages too: a week in the last days of year 9999 made
/// computing its Sunday overflow (a panic). The pages keep to years 1900 to 9999 and say the
/// week is invalid.
#[tokio::test]
async fn a_week_outside_the_calendar_is_refused_on_the_pages_not_a_panic() {
    let w = World::new().await;
    let person = w.ids.staff_person.clone();
    for (actor, path) in [
        (Actor::Staff, "/work?week=9999-12-31".to_owned()),
        (Actor::Staff, "/work/week.ics?week=9999-12-31".to_owned()),
        (Actor::Staff, "/work?week=1899-12-31".to_owned()),
        (
            Actor::Evaluator,
            format!("/work/people/{person}?month=9999-12&week=9999-12-29"),
        ),
    ] {
        let r = w.send(actor, Method::GET, &path, None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(r.body.contains("Tuần không hợp lệ."), "{path}: {}", r.body);
    }
    let r = w
        .send(Actor::Staff, Method::GET, "/work?week=9999-12-26", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
}
