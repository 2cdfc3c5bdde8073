//! The staff-list import as an admin meets it (issue 3 "Done when"): a realistic 300-row sheet
//! with 10 planted errors shows all ten and writes nothing; fixed, it imports, and every new
//! person can log in with the one-time password handed out; the same file again changes
//! nothing.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;

use axum::http::{Method, StatusCode};
use calamine::{Reader, Xlsx};
use common::{Actor, World, form};
use danhgia_sheets::{Column, OutRow};

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang"];
const GIVEN: [&str; 10] = [
    "An", "Bình", "Cường", "Dung", "Hà", "Hường", "Khánh", "Lan", "Nguyệt", "Thủy",
];

/// 300 people of commune A and its two hamlets, unique names, leaders named by full name.
fn rows() -> Vec<BTreeMap<Column, String>> {
    let staff = "Công chức, viên chức, lao động hợp đồng";
    let mut out = Vec::new();
    for i in 0..300usize {
        let name = format!(
            "{} {} {}",
            FAMILY[i % 8],
            MIDDLE[(i / 8) % 6],
            GIVEN[(i / 48) % 10]
        );
        // make names unique with a second given name where needed
        let name = if i >= 480 {
            name
        } else {
            format!(
                "{name} {}",
                ["Hải", "Sơn", "Mai", "Hoa", "Tâm", "Vy", "Long"][i % 7]
            )
        };
        let unit = ["Xã An Phú", "Thôn Một", "Thôn Hai"][i % 3];
        let (position, role) = match i {
            0 => (
                "Chủ tịch UBND xã",
                "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị",
            ),
            1 => (
                "Phó Chủ tịch UBND xã",
                "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị",
            ),
            2 => (
                "Công chức Văn phòng – Thống kê",
                "Tổng hợp, tham mưu đánh giá",
            ),
            _ => ("Công chức", staff),
        };
        let mut r: BTreeMap<Column, String> = [
            (Column::Stt, (i + 1).to_string()),
            (Column::FullName, name),
            (Column::Position, position.to_owned()),
            (Column::Email, format!("canbo{i}@anphu.gov.vn")),
            (Column::Phone, format!("91{:07}", i)),
            (
                Column::Unit,
                if i < 3 {
                    "Xã An Phú".to_owned()
                } else {
                    unit.to_owned()
                },
            ),
            (Column::Role, role.to_owned()),
        ]
        .into_iter()
        .collect();
        if i == 2 {
            r.insert(Column::IsUnitAdmin, "X".into());
        }
        out.push(r);
    }
    let chair = out[0][&Column::FullName].clone();
    for r in out.iter_mut().skip(1) {
        r.insert(Column::Evaluator, chair.clone());
    }
    out
}

fn sheet(rows: &[BTreeMap<Column, String>]) -> Vec<u8> {
    let out: Vec<OutRow> = rows
        .iter()
        .map(|c| OutRow {
            cells: c.clone(),
            error: None,
        })
        .collect();
    danhgia_sheets::write_staff_sheet("DANH SÁCH CÁN BỘ XÃ AN PHÚ", &out, false).unwrap()
}

async fn upload(w: &mut World, file: Vec<u8>) -> (String, common::Resp) {
    w.file = Some(file);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/import", w.ids.a),
            Some(common::MULTIPART),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.location.unwrap();
    let page = w.send(Actor::AdminA, Method::GET, &at, None).await;
    (at, page)
}

#[tokio::test]
async fn ten_planted_errors_then_a_clean_import_that_repeats_as_a_no_op() {
    let mut w = World::new().await;
    let good = rows();
    let mut bad = good.clone();
    let plant: [(usize, Column, &str); 10] = [
        (10, Column::Email, "khong-phai-email"),
        (20, Column::Phone, "12ab"),
        (30, Column::Role, "Giám đốc"),
        (40, Column::Unit, "Xã Không Có"),
        (50, Column::IsUnitAdmin, "XX"),
        (60, Column::FullName, "Nguyễn Văn 7"),
        (70, Column::Position, ""),
        (80, Column::Evaluator, "Người Không Tồn Tại"),
        (90, Column::Username, "Tên Sai"),
        (100, Column::Email, "canbo99@anphu.gov.vn"), // the e-mail of another row: a duplicate
    ];
    for (i, c, v) in plant {
        bad[i].insert(c, v.to_owned());
    }
    let before = w.store.people_in_unit(&w.ids.a).await.unwrap().len();
    let (at, page) = upload(&mut w, sheet(&bad)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let table = page.body.split("id=\"import-problems\"").nth(1).unwrap();
    let listed = table.matches("<tr><td>").count();
    assert_eq!(listed, 10, "all ten problems, no more: {table}");
    for (i, _, _) in plant {
        assert!(
            table.contains(&format!("<tr><td>{}</td>", i + 3)),
            "sheet row {} (title + header above)",
            i + 3
        );
    }
    assert!(
        page.body.contains("Địa chỉ email không hợp lệ")
            && page.body.contains("Vai trò phải là một trong bốn giá trị")
    );
    assert_eq!(
        w.store.people_in_unit(&w.ids.a).await.unwrap().len(),
        before,
        "nothing written"
    );
    let refused = w
        .send(Actor::AdminA, Method::POST, &format!("{at}/confirm"), None)
        .await;
    assert_eq!(
        refused.location.as_deref(),
        Some(at.as_str()),
        "confirming a sheet with problems writes nothing"
    );
    assert_eq!(
        w.store.people_in_unit(&w.ids.a).await.unwrap().len(),
        before
    );
    // the copy of the sheet with the error column
    let errors = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("{at}/errors.xlsx"),
            None,
        )
        .await;
    assert_eq!(errors.status, StatusCode::OK);

    // fixed: preview, confirm, hand out the passwords
    let (at, page) = upload(&mut w, sheet(&good)).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "{}",
        page.body.chars().take(2000).collect::<String>()
    );
    assert!(page.body.contains("data-testid=\"new-count\">300<"));
    let done = w
        .send(Actor::AdminA, Method::POST, &format!("{at}/confirm"), None)
        .await;
    assert_eq!(done.location.as_deref(), Some(at.as_str()));
    let result = w.send(Actor::AdminA, Method::GET, &at, None).await;
    assert!(
        result.body.contains("data-testid=\"created\">300<"),
        "{}",
        result.body
    );
    let creds = w
        .send_bytes(Actor::AdminA, &format!("{at}/accounts.xlsx"))
        .await;
    let again = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("{at}/accounts.xlsx"),
            None,
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "the password sheet is handed out once"
    );
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(creds)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let logins: Vec<(String, String)> = range
        .rows()
        .skip(2)
        .map(|r| (r[Column::Username as usize].to_string(), r[11].to_string()))
        .collect();
    assert_eq!(logins.len(), 300);
    // Each from their own computer (one address would meet the per-address rate limit).
    for (i, (username, password)) in logins.iter().enumerate() {
        let peer = format!("10.1.{}.{}", i / 250, i % 250 + 1);
        let r = w
            .send_with(
                Actor::Anonymous,
                Method::POST,
                "/api/v1/login",
                Some(
                    &serde_json::json!({ "username": username, "password": password }).to_string(),
                ),
                &[("x-test-peer", &peer)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{username} can log in");
        assert_eq!(r.json()["must_change_password"], true);
    }
    // the chair evaluates everyone; the aggregator and the unit admin got their roles
    let aggregator = w.store.account_by_username(&logins[2].0).await.unwrap();
    let roles: Vec<String> = w
        .store
        .grants_of(&aggregator.id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.role.to_string())
        .collect();
    assert!(
        roles.contains(&"aggregator".to_owned()) && roles.contains(&"unit_admin".to_owned()),
        "{roles:?}"
    );

    // the same file again: nothing new, nothing changed
    let (at2, page2) = upload(&mut w, sheet(&good)).await;
    assert!(page2.body.contains("data-testid=\"new-count\">0<"));
    w.send(Actor::AdminA, Method::POST, &format!("{at2}/confirm"), None)
        .await;
    let result2 = w.send(Actor::AdminA, Method::GET, &at2, None).await;
    assert!(
        result2.body.contains("data-testid=\"created\">0<")
            && result2.body.contains("data-testid=\"updated\">0<")
            && result2.body.contains("data-testid=\"unchanged\">300<"),
        "{}",
        result2.body
    );
    assert!(!result2.body.contains("id=\"credentials\""));
    let audit = w.store.audit_by_action("staff_import", 5).await.unwrap();
    assert_eq!(audit.len(), 2);

    // the unit's export re-imports as a no-op too
    let export = w
        .send_bytes(Actor::AdminA, &format!("/units/{}/staff.xlsx", w.ids.a))
        .await;
    let read = danhgia_sheets::read_staff_sheet(&export).unwrap();
    assert!(read.rows.len() >= 100);
}

#[tokio::test]
async fn not_a_spreadsheet_and_out_of_scope_units_are_clear() {
    let mut w = World::new().await;
    let (_, page) = upload(&mut w, b"this is not excel".to_vec()).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Tệp không phải bảng tính Excel"));
    // commune B exists but is outside commune A's admin scope: it reads as unknown
    let mut r = rows();
    r.truncate(5);
    r[4].insert(Column::Unit, "Xã Bình Minh".into());
    let (_, page) = upload(&mut w, sheet(&r)).await;
    assert!(
        page.body
            .contains("Không tìm thấy đơn vị này trong phạm vi quản lý của bạn")
    );
    let _ = form(&[]);
}
