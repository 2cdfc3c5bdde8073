//! Reports (issue 8): the period's summary list of a subtree as Excel, read back cell by cell.

mod common;

use std::io::Cursor;

use axum::http::Method;
use calamine::{Data, DataType, Reader, Xlsx};
use common::{Actor, World};

fn cells(bytes: Vec<u8>) -> Vec<Vec<String>> {
    sheet_cells(bytes, "Tổng hợp")
}

fn sheet_cells(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_summary_list_holds_every_form_below_the_unit_grouped_by_unit() {
    let w = World::new().await;
    let bytes = w
        .send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/summary.xlsx?period={}",
                w.ids.district, w.ids.period
            ),
        )
        .await;
    let rows = cells(bytes);
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    assert!(text[0].starts_with("HUYỆN MẪU"), "{text:?}");
    assert!(text[0].contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("STT"))
        .expect("a header row");
    assert_eq!(rows[header][1], "Họ và tên");
    // Every form of the district: the two people of commune A and the one of commune B, each
    // under its unit's line, numbered through.
    let people: Vec<(&str, &str, &str)> = rows[header + 1..]
        .iter()
        .filter(|r| r.first().is_some_and(|c| c.parse::<u32>().is_ok()))
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(people.len(), 3, "{text:?}");
    assert_eq!(
        people.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec!["1", "2", "3"]
    );
    assert!(
        people
            .iter()
            .any(|p| p.1 == "Nguyễn Văn An" && p.2 == "Xã An Phú")
    );
    assert!(
        people
            .iter()
            .any(|p| p.1 == "Lê Văn Cường" && p.2 == "Xã Bình Minh")
    );
    assert!(
        text.iter().any(|t| t.starts_with("Tổng số: 3 người.")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains("THỦ TRƯỞNG ĐƠN VỊ")));
    // Drafts are noted as such.
    assert!(
        text.iter()
            .any(|t| t.contains("Nguyễn Văn An") && t.contains("Đang soạn")),
        "{text:?}"
    );
    // The export is in the audit log.
    let audit = w.store.audit_by_action("export_summary", 5).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_name, "quantri_huyenmau");
}

#[tokio::test]
async fn a_unit_outside_the_scope_exports_nothing() {
    let w = World::new().await;
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/units/{}/summary.xlsx", w.ids.a),
            None,
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::NOT_FOUND);
    assert!(
        w.store
            .audit_by_action("export_summary", 5)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_statistics_page_draws_progress_and_grades_as_svg() {
    let w = World::new().await;
    let page = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!(
                "/units/{}/statistics?period={}",
                w.ids.district, w.ids.period
            ),
            None,
        )
        .await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    assert!(page.body.contains(r#"data-testid="chart-progress""#));
    assert!(page.body.contains("<svg"));
    // Commune A's two drafts and commune B's one: each bar all "not submitted".
    assert!(
        page.body
            .contains("<title>Chưa gửi phiếu: 2 (100,0%)</title>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<title>Chưa gửi phiếu: 1 (100,0%)</title>")
    );
    // Nothing published yet: the grade bars are empty.
    assert!(!page.body.contains("<title>Loại A:"));
}

#[tokio::test]
async fn the_statistics_table_exports_with_numbers_and_its_total() {
    let w = World::new().await;
    let bytes = w
        .send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/statistics.xlsx?period={}",
                w.ids.district, w.ids.period
            ),
        )
        .await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let header = rows
        .iter()
        .position(|r| r[1] == Data::String("Số phiếu".into()))
        .unwrap();
    // Commune A (2 forms) and commune B (1), then the total, as numbers.
    let lines: Vec<(String, f64)> = rows[header + 1..]
        .iter()
        .map(|r| (r[0].to_string(), r[1].get_float().unwrap_or(-1.0)))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("Xã An Phú".to_owned(), 2.0),
            ("Xã Bình Minh".to_owned(), 1.0),
            ("Tổng cộng".to_owned(), 3.0)
        ]
    );
    assert_eq!(
        w.store
            .audit_by_action("export_statistics", 5)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_summary_list_and_the_form_print_as_pdf_with_their_heading_and_signatures() {
    let w = World::new().await;
    let bytes = w
        .send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/summary.pdf?period={}",
                w.ids.district, w.ids.period
            ),
        )
        .await;
    assert!(bytes.starts_with(b"%PDF-"));
    let text = common::pdf_text(&bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for want in [
        "HUYỆN MẪU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nguyễn Văn An",
        "Lê Văn Cường",
        "Xã Bình Minh",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Trang 1/1",
    ] {
        assert!(lines.contains(&want), "{want:?} not in:\n{text}");
    }
    assert!(text.contains("Tổng số: 3 người."), "{text}");
    assert!(
        text.contains("Đang soạn"),
        "a draft is noted as such: {text}"
    );

    // The printed form: the person, the criteria of their set, the signatures.
    let bytes = w
        .send_bytes(
            Actor::Staff,
            &format!("/evaluations/{}/print.pdf", w.ids.staff_form),
        )
        .await;
    let text = common::pdf_text(&bytes);
    assert!(
        text.contains("PHIẾU ĐÁNH GIÁ, CHẤM ĐIỂM VÀ XẾP LOẠI"),
        "{text}"
    );
    assert!(text.contains("Họ và tên: Nguyễn Văn An"), "{text}");
    assert!(text.contains("NGƯỜI TỰ ĐÁNH GIÁ"));
    assert!(text.contains("LÃNH ĐẠO ĐÁNH GIÁ"));
    assert!(
        text.contains("Trần Thị Bích"),
        "the evaluator signs: {text}"
    );
    assert!(text.contains("Nội dung tiêu chí"));
    // Each download is in the audit log.
    let on_district = w.store.audit_of("unit", &w.ids.district, 10).await.unwrap();
    assert!(on_district.iter().any(|e| e.action == "export_summary_pdf"));
    let on_form = w
        .store
        .audit_of("evaluation", &w.ids.staff_form, 10)
        .await
        .unwrap();
    assert!(on_form.iter().any(|e| e.action == "export_form_pdf"));
}

/// Publishes the person's form of `period` with `grade`.
async fn publish(w: &World, period: &str, person: &str, grade: &str) {
    let form = w
        .store
        .evaluation_of(period, person)
        .await
        .unwrap()
        .unwrap();
    w.publish(&form.id, grade).await;
}

#[tokio::test]
async fn every_number_opens_its_forms_and_the_watch_list_finds_d_and_c_twice() {
    let w = World::new().await;
    // Last month too, with Lê Văn Cường graded C there.
    let mut last = common::this_month(&w.ids.district);
    let (y, m) = match last.month {
        time::Month::January => (last.year - 1, time::Month::December),
        m => (last.year, m.previous()),
    };
    last.year = y;
    last.month = m;
    let before = w.store.open_period(&last, None).await.unwrap().0;
    publish(&w, &before.id, &w.ids.b_person, "C").await;
    publish(&w, &w.ids.period, &w.ids.b_person, "C").await;
    publish(&w, &w.ids.period, &w.ids.staff_person, "D").await;

    // The statistics page links each number to its list.
    let page = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!(
                "/units/{}/statistics?period={}",
                w.ids.district, w.ids.period
            ),
            None,
        )
        .await;
    let link = format!(
        "/units/{}/forms?period={}&#38;show=D",
        w.ids.a, w.ids.period
    );
    assert!(page.body.contains(&link), "{}", page.body);

    let w = &w;
    let list = |q: String| async move { w.send(Actor::SysAdmin, Method::GET, &q, None).await.body };
    let body = list(format!(
        "/units/{}/forms?period={}&show=D",
        w.ids.a, w.ids.period
    ))
    .await;
    assert!(body.contains(r#"data-testid="list-total">(1)"#), "{body}");
    assert!(body.contains("Nguyễn Văn An"));
    let body = list(format!(
        "/units/{}/forms?period={}&show=draft",
        w.ids.district, w.ids.period
    ))
    .await;
    assert!(
        body.contains(r#"data-testid="list-total">(1)"#),
        "only the head's form is a draft: {body}"
    );
    assert!(body.contains("Trần Thị Bích"));
    let body = list(format!(
        "/units/{}/forms?period={}&show=all&own=1",
        w.ids.district, w.ids.period
    ))
    .await;
    assert!(
        body.contains(r#"data-testid="list-total">(0)"#),
        "the district has no staff of its own"
    );
    let r = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/units/{}/forms?show=E", w.ids.a),
            None,
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::BAD_REQUEST);

    // The watch list: An (D) and Cường (C two months running); nobody else.
    let body = list(format!(
        "/units/{}/watch?period={}",
        w.ids.district, w.ids.period
    ))
    .await;
    assert_eq!(
        body.matches(r#"data-testid="watch-row""#).count(),
        2,
        "{body}"
    );
    assert!(body.contains("Không hoàn thành nhiệm vụ (D)"), "{body}");
    assert!(body.contains("Hoàn thành nhiệm vụ (C) hai tháng liền"));
    assert!(body.contains("Lê Văn Cường"));
    // The trend over both months, filtered by rank and block; each month's numbers open lists.
    let body = list(format!("/units/{}/trends", w.ids.district)).await;
    assert_eq!(
        body.matches(r#"data-testid="trend-row""#).count(),
        2,
        "{body}"
    );
    assert!(body.contains(r#"data-testid="trend-forms">6<"#), "{body}");
    assert!(body.contains(r#"data-testid="chart-trend""#));
    let body = list(format!("/units/{}/trends?rank=head", w.ids.district)).await;
    assert!(
        body.contains(r#"data-testid="trend-forms">2<"#),
        "the head's two forms: {body}"
    );
    assert!(body.contains("&#38;show=all&#38;rank=head"), "{body}");
    let body = list(format!("/units/{}/trends?block=education", w.ids.district)).await;
    assert!(body.contains(r#"data-testid="trend-forms">0<"#), "{body}");
    let body = list(format!(
        "/units/{}/forms?period={}&show=all&rank=head",
        w.ids.district, w.ids.period
    ))
    .await;
    assert!(body.contains(r#"data-testid="list-total">(1)"#), "{body}");
    assert!(body.contains("Trần Thị Bích"));
    // Each table as Excel: the trend with its total row, the watch list with its reasons, a
    // list behind a number.
    let rows = sheet_cells(
        w.send_bytes(
            Actor::SysAdmin,
            &format!("/units/{}/trends.xlsx?rank=head", w.ids.district),
        )
        .await,
        "Xu hướng theo tháng",
    );
    let last = rows.last().unwrap();
    assert_eq!(last[0], "Cả khoảng thời gian");
    assert_eq!(last[1], "2", "{rows:?}");
    assert_eq!(
        rows[1][0], "Cấp trưởng",
        "the filter is the subtitle: {rows:?}"
    );
    let rows = sheet_cells(
        w.send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/watch.xlsx?period={}",
                w.ids.district, w.ids.period
            ),
        )
        .await,
        "Người cần quan tâm",
    );
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    assert!(
        text.iter().any(|r| r.starts_with("2|Lê Văn Cường|")
            && r.ends_with("|Hoàn thành nhiệm vụ (C) hai tháng liền")),
        "{text:?}"
    );
    let rows = sheet_cells(
        w.send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/forms.xlsx?period={}&show=D",
                w.ids.district, w.ids.period
            ),
        )
        .await,
        "Danh sách phiếu",
    );
    assert!(
        rows.iter()
            .any(|r| r.join("|") == "1|Nguyễn Văn An|Công chức|Xã An Phú|Đã công khai|D"),
        "{rows:?}"
    );
    // Commune A's own list holds An only.
    let body = list(format!("/units/{}/watch?period={}", w.ids.a, w.ids.period)).await;
    assert_eq!(
        body.matches(r#"data-testid="watch-row""#).count(),
        1,
        "{body}"
    );
}
