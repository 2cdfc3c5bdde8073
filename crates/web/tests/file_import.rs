//! Personnel files in and out of Excel through the pages (issue 11 §8): the export's workbook
//! comes back in; a workbook with problems is refused whole with each problem by sheet, row and
//! column; a good one is written in one go. On both databases.

mod common;

use std::io::Cursor;

use axum::http::{Method, StatusCode};
use calamine::{DataType, Reader, Xlsx};
use common::{Actor, World};
use danhgia_sheets::{SheetSpec, write_records};

const PROFILE: SheetSpec = SheetSpec {
    name: "Lý lịch",
    columns: &[
        ("username", "Tài khoản"),
        ("birth_date", "Ngày sinh"),
        ("gender", "Giới tính"),
        ("id_number", "Số CCCD"),
        ("hometown", "Quê quán"),
        ("ethnicity", "Dân tộc"),
        ("qualification", "Trình độ chuyên môn"),
    ],
};

const CAREER: SheetSpec = SheetSpec {
    name: "Quá trình",
    columns: &[
        ("username", "Tài khoản"),
        ("kind", "Loại quá trình"),
        ("from", "Từ ngày"),
        ("decision_number", "Số quyết định"),
        ("decision_date", "Ngày quyết định"),
        ("decision_signer", "Người ký"),
        ("position_title", "Chức vụ, chức danh"),
        ("scale_code", "Mã ngạch"),
        ("step", "Bậc"),
        ("coefficient", "Hệ số"),
    ],
};

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

async fn import(w: &mut World, file: Vec<u8>) -> common::Resp {
    w.file = Some(file);
    w.send(
        Actor::AdminA,
        Method::POST,
        &format!("/units/{}/files/import", w.ids.a),
        Some(common::MULTIPART),
    )
    .await
}

#[tokio::test]
async fn files_come_in_from_excel_all_or_nothing_and_go_out_the_same_way() {
    let mut w = World::new().await;
    let person = w.ids.staff_person.clone();
    let account = w.store.account_of_person(&person).await.unwrap().username;

    // Problems everywhere: a bad identification number, an account nobody in the commune
    // has, a recruitment without its decision number. Nothing is written.
    let bad = write_records(&[
        (
            PROFILE,
            vec![
                row(&[
                    &account,
                    "08/03/1988",
                    "Nữ",
                    "123",
                    "Nam Định",
                    "Kinh",
                    "Đại học",
                ]),
                row(&["khong_co_ai", "", "", "", "", "", ""]),
            ],
        ),
        (
            CAREER,
            vec![row(&[
                &account,
                "Tuyển dụng",
                "01/09/2010",
                "",
                "20/08/2010",
                "Chủ tịch UBND huyện",
                "Công chức Văn phòng - Thống kê",
                "",
                "",
                "",
            ])],
        ),
    ])
    .unwrap();
    let r = import(&mut w, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (sheet, cell, msg) in [
        (
            "Lý lịch",
            "<td class=\"num\">2</td><td>D (Số CCCD)</td>",
            "đúng 12 chữ số",
        ),
        (
            "Lý lịch",
            "<td class=\"num\">3</td><td>A (Tài khoản)</td>",
            "Không có cán bộ nào có tài khoản này",
        ),
        (
            "Quá trình",
            "<td class=\"num\">2</td><td>D (Số quyết định)</td>",
            "Cần số quyết định",
        ),
    ] {
        let at = r
            .body
            .find(cell)
            .unwrap_or_else(|| panic!("{cell}: {}", r.body));
        let line = &r.body[r.body[..at].rfind("<tr>").unwrap()..at + cell.len() + 200];
        assert!(line.contains(sheet) && line.contains(msg), "{line}");
    }
    assert!(w.store.profile(&person).await.unwrap().is_none());
    assert!(w.store.career(&person).await.unwrap().is_empty());

    // Mended, it is written whole: the profile, the recruitment and the salary step.
    let good = write_records(&[
        (
            PROFILE,
            vec![row(&[
                &account,
                "08/03/1988",
                "Nữ",
                "036188000123",
                "Nam Định",
                "Kinh",
                "Đại học",
            ])],
        ),
        (
            CAREER,
            vec![
                row(&[
                    &account,
                    "Tuyển dụng",
                    "01/09/2010",
                    "45/QĐ-UBND",
                    "20/08/2010",
                    "Chủ tịch UBND huyện",
                    "Công chức Văn phòng - Thống kê",
                    "",
                    "",
                    "",
                ]),
                row(&[
                    &account,
                    "Ngạch, bậc lương",
                    "01/09/2022",
                    "77/QĐ-UBND",
                    "25/08/2022",
                    "Chủ tịch UBND huyện",
                    "",
                    "01.003",
                    "4",
                    "3,33",
                ]),
            ],
        ),
    ])
    .unwrap();
    let r = import(&mut w, good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = w.store.profile(&person).await.unwrap().unwrap().profile();
    assert_eq!(p.id_number, "036188000123");
    assert_eq!(p.gender, Some(danhgia_domain::hr::Gender::Female));
    let career = w.store.career(&person).await.unwrap();
    assert_eq!(career.len(), 2);
    assert_eq!(career[1].coefficient, Some(333));
    // Imported processes fill the file; they move nobody.
    assert_eq!(w.store.person(&person).await.unwrap().unit_id, w.ids.a);

    // The export holds what came in, in the same columns.
    let bytes = w
        .send_bytes(Actor::AdminA, &format!("/units/{}/files.xlsx", w.ids.a))
        .await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let profiles = book.worksheet_range("Lý lịch").unwrap();
    let line = profiles
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .find(|l| l.starts_with(&account))
        .unwrap();
    assert!(line.contains("08/03/1988|Nữ|036188000123"), "{line}");
    let career = book.worksheet_range("Quá trình").unwrap();
    assert!(career.rows().any(|r| {
        r.iter()
            .any(|c| c.as_string().as_deref() == Some("Ngạch, bậc lương"))
    }));
    let audit = w.store.audit_of("unit", &w.ids.a, 10).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "files_imported"));
    assert!(audit.iter().any(|e| e.action == "files_exported"));
}
