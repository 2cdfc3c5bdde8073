//! Reading real-looking Mẫu số 01 sheets, writing exports, error reports and the template, and
//! reading back what was written.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use danhgia_sheets::{
    Column, ERROR_TITLE, GUIDANCE, OutRow, ROLES, SheetError, StaffSheet, TEMPLATE_TITLE,
    example_row, read_staff_sheet, read_staff_sheet_with_max_rows, template, write_staff_sheet,
};
use rust_xlsxwriter::{Format, Formula, Workbook};

type Cells = BTreeMap<Column, String>;

fn cells(pairs: &[(Column, &str)]) -> Cells {
    pairs.iter().map(|(c, t)| (*c, (*t).to_owned())).collect()
}

/// Every column of the sheet, with "" for those not given.
fn full(sheet: &StaffSheet, pairs: &[(Column, &str)]) -> Cells {
    let mut out: Cells = sheet
        .columns
        .iter()
        .map(|(c, _)| (*c, String::new()))
        .collect();
    out.extend(cells(pairs));
    out
}

fn nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

/// A sheet as units really send it: three title lines, the header in another order, in upper
/// case, NFD, with line breaks, a stray space in "ST T" and an unknown column; a phone typed as
/// a number, an empty row, the form's "..." row, a formula, and rows with data only in
/// ignored places.
fn messy_sheet() -> Vec<u8> {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    let bold = Format::new().set_bold();
    s.write_string(0, 0, "ỦY BAN NHÂN DÂN HUYỆN MẪU").unwrap();
    s.merge_range(
        1,
        0,
        1,
        11,
        "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, LAO ĐỘNG HỢP ĐỒNG",
        &bold,
    )
    .unwrap();
    s.write_string(2, 0, "1 - Loại hình của cơ quan đơn vị: đơn vị hành chính")
        .unwrap();
    let headers = [
        "ST T",
        "VAI TRÒ",
        &nfd("Họ và tên"),
        "Đơn vị",
        "Ghi chú",
        "SĐT\nliên hệ",
        "Là quản trị\nđơn vị",
        "Chức vụ, chức danh",
        "E-mail",
        "TÀI KHOẢN",
        "Lãnh đạo phụ trách  nhận xét",
        &nfd("LÃNH ĐẠO ĐÁNH GIÁ"),
    ];
    for (c, h) in (0u16..).zip(headers) {
        s.write_string_with_format(3, c, h, &bold).unwrap();
    }
    // Row 5: a full row, the phone typed as a number.
    let row5: [&str; 12] = [
        "",
        "Công chức, viên chức, lao động hợp đồng",
        "Nguyễn Văn A",
        "Đảng ủy phường Cống Vị",
        "chuyển từ quận khác",
        "",
        "X",
        "Chuyên viên",
        "nguyenvana_badinh@hanoi.gov.vn",
        "nguyenvana_badinh",
        "Nguyễn Văn B",
        "Nguyễn Văn C",
    ];
    for (c, t) in (0u16..).zip(row5) {
        if !t.is_empty() {
            s.write_string(4, c, t).unwrap();
        }
    }
    s.write_number(4, 0, 1).unwrap();
    s.write_number(4, 5, 912_345_678).unwrap();
    // Row 6: empty but formatted cells; row 7: the form's "..." line.
    for c in 0..12 {
        s.write_blank(5, c, &bold).unwrap();
    }
    s.write_string(6, 0, "...").unwrap();
    s.write_string(6, 2, "…").unwrap();
    // Row 8: NFD text with spaces and a line break, a phone as text, a formula.
    s.write_number(7, 0, 2).unwrap();
    s.write_string(7, 1, "Trưởng, phó các phòng, ban, ngành")
        .unwrap();
    s.write_string(7, 2, nfd("  Đỗ Thị\nHường ")).unwrap();
    s.write_string(7, 3, nfd("Ủy ban nhân dân xã Mẫu Sơn"))
        .unwrap();
    s.write_string(7, 5, "0987654321").unwrap();
    s.write_string(7, 7, "Phó Chủ tịch").unwrap();
    s.write_formula(7, 11, Formula::new("=L5").set_result("Nguyễn Văn C"))
        .unwrap();
    // Row 9: incomplete, kept for the caller to report.
    s.write_string(8, 2, "Trần Văn Bình").unwrap();
    s.write_string(8, 3, "Văn phòng").unwrap();
    // Row 10: only the unknown column; row 11: only an STT.
    s.write_string(9, 4, "ghi chú lạc").unwrap();
    s.write_number(10, 0, 3).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn reads_a_messy_sheet_as_typed() {
    let sheet = read_staff_sheet(&messy_sheet()).unwrap();
    assert_eq!(sheet.header_row, 4);
    use Column::*;
    assert_eq!(
        sheet.columns,
        vec![
            (Stt, 0),
            (Role, 1),
            (FullName, 2),
            (Unit, 3),
            (Phone, 5),
            (IsUnitAdmin, 6),
            (Position, 7),
            (Email, 8),
            (Username, 9),
            (Reviewer, 10),
            (Evaluator, 11),
        ]
    );
    assert_eq!(sheet.column_letter(Phone).as_deref(), Some("F"));
    assert_eq!(sheet.column_letter(FullName).as_deref(), Some("C"));
    assert_eq!(sheet.column_letter(Evaluator).as_deref(), Some("L"));
    assert_eq!(sheet.cell_ref(9, Role).as_deref(), Some("B9"));

    let rows: Vec<u32> = sheet.rows.iter().map(|r| r.row).collect();
    assert_eq!(
        rows,
        vec![5, 8, 9],
        "empty, '...', note-only and STT-only rows skipped"
    );
    assert_eq!(
        sheet.rows[0].cells,
        full(
            &sheet,
            &[
                (Stt, "1"),
                (Role, "Công chức, viên chức, lao động hợp đồng"),
                (FullName, "Nguyễn Văn A"),
                (Unit, "Đảng ủy phường Cống Vị"),
                (Phone, "912345678"),
                (IsUnitAdmin, "X"),
                (Position, "Chuyên viên"),
                (Email, "nguyenvana_badinh@hanoi.gov.vn"),
                (Username, "nguyenvana_badinh"),
                (Reviewer, "Nguyễn Văn B"),
                (Evaluator, "Nguyễn Văn C"),
            ]
        )
    );
    assert_eq!(
        sheet.rows[1].cells,
        full(
            &sheet,
            &[
                (Stt, "2"),
                (Role, "Trưởng, phó các phòng, ban, ngành"),
                (FullName, "Đỗ Thị Hường"),
                (Unit, "Ủy ban nhân dân xã Mẫu Sơn"),
                (Phone, "0987654321"),
                (Position, "Phó Chủ tịch"),
                (Evaluator, "Nguyễn Văn C"),
            ]
        )
    );
    assert_eq!(
        sheet.rows[2].cells,
        full(&sheet, &[(FullName, "Trần Văn Bình"), (Unit, "Văn phòng")])
    );
    assert_eq!(sheet.rows[2].get(Email), "");
}

fn sample_rows() -> Vec<OutRow> {
    use Column::*;
    vec![
        OutRow {
            cells: example_row().cells,
            error: None,
        },
        OutRow {
            cells: cells(&[
                (Stt, "2"),
                (FullName, "Đỗ Thị Hường"),
                (Position, "Phó Chủ tịch"),
                (Phone, "0912345678"),
                (Unit, "Ủy ban nhân dân xã Mẫu Sơn"),
                (Role, ROLES[1]),
                (Username, "dothihuong_x0041_mauson"),
            ]),
            error: Some("Số điện thoại gồm 9–11 chữ số.".to_owned()),
        },
        OutRow {
            cells: cells(&[
                (Stt, "007"),
                (FullName, "=Lê Văn Long"),
                (Position, "1.50"),
                (Unit, "Phòng Nội vụ"),
                (Role, ROLES[3]),
                (Email, "long@mau.gov.vn"),
            ]),
            error: None,
        },
    ]
}

fn assert_round_trip(sheet: &StaffSheet, rows: &[OutRow]) {
    assert_eq!(sheet.header_row, 2);
    let expected: Vec<(Column, u32)> = (0u32..).zip(Column::ALL).map(|(i, c)| (c, i)).collect();
    assert_eq!(sheet.columns, expected);
    assert_eq!(sheet.rows.len(), rows.len());
    for ((got, want), at) in sheet.rows.iter().zip(rows).zip(3u32..) {
        assert_eq!(got.row, at);
        assert_eq!(
            got.cells,
            full(sheet, &[])
                .into_iter()
                .chain(want.cells.clone())
                .collect()
        );
    }
}

/// The first worksheet's cells as (row, col) → text, straight from calamine.
fn raw_cells(bytes: &[u8], sheet: &str) -> BTreeMap<(u32, u32), String> {
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .cells()
        .filter(|(_, _, d)| **d != Data::Empty)
        .map(|(r, c, d)| ((r as u32, c as u32), d.to_string()))
        .collect()
}

#[test]
fn an_export_reads_back_the_same() {
    let rows = sample_rows();
    let bytes = write_staff_sheet("DANH SÁCH CÁN BỘ XÃ MẪU SƠN", &rows, false).unwrap();
    assert_round_trip(&read_staff_sheet(&bytes).unwrap(), &rows);
    let raw = raw_cells(&bytes, "Danh sách");
    assert_eq!(raw[&(0, 0)], "DANH SÁCH CÁN BỘ XÃ MẪU SƠN");
    assert_eq!(raw[&(1, 5)], "SĐT liên hệ");
    assert!(!raw.contains_key(&(1, 11)));
}

#[test]
fn an_error_report_reads_back_the_same_and_has_the_errors() {
    let rows = sample_rows();
    let bytes = write_staff_sheet("LỖI NHẬP DANH SÁCH", &rows, true).unwrap();
    assert_round_trip(&read_staff_sheet(&bytes).unwrap(), &rows);
    let raw = raw_cells(&bytes, "Danh sách");
    assert_eq!(raw[&(1, 11)], ERROR_TITLE);
    assert_eq!(raw[&(3, 11)], "Số điện thoại gồm 9–11 chữ số.");
    assert!(!raw.contains_key(&(2, 11)));
    assert!(!raw.contains_key(&(4, 11)));
}

#[test]
fn an_empty_export_has_the_header() {
    let bytes = write_staff_sheet("DANH SÁCH", &[], true).unwrap();
    let sheet = read_staff_sheet(&bytes).unwrap();
    assert_eq!(sheet.header_row, 2);
    assert_eq!(sheet.columns.len(), 11);
    assert!(sheet.rows.is_empty());
}

#[test]
fn the_template_reads_back_its_example_and_has_the_guidance() {
    let bytes = template().unwrap();
    let sheet = read_staff_sheet(&bytes).unwrap();
    assert_round_trip(&sheet, &[example_row()]);
    assert_eq!(sheet.rows[0].get(Column::Username), "nguyenvana_badinh");
    assert_eq!(sheet.rows[0].get(Column::Phone), "0123456789");

    let book = Xlsx::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Danh sách", "Hướng dẫn"]);
    assert_eq!(raw_cells(&bytes, "Danh sách")[&(0, 0)], TEMPLATE_TITLE);
    let guide: Vec<String> = raw_cells(&bytes, "Hướng dẫn").into_values().collect();
    assert_eq!(guide, GUIDANCE);
    for role in [
        "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị",
        "Trưởng, phó các phòng, ban, ngành",
        "Công chức, viên chức, lao động hợp đồng",
        "Tổng hợp, tham mưu đánh giá",
    ] {
        assert!(guide.iter().any(|l| l == role), "{role}");
    }
    assert!(guide.iter().any(|l| l.contains("đánh dấu X")));
}

#[test]
fn reads_an_old_xls_made_by_libreoffice() {
    let bytes = include_bytes!("fixtures/mau-so-01.xls");
    let sheet = read_staff_sheet(bytes).unwrap();
    assert_eq!(sheet.header_row, 6);
    let expected: Vec<(Column, u32)> = (0u32..).zip(Column::ALL).map(|(i, c)| (c, i)).collect();
    assert_eq!(sheet.columns, expected);
    let rows: Vec<u32> = sheet.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, vec![7, 8, 10]);
    use Column::*;
    assert_eq!(
        sheet.rows[0].cells,
        full(&sheet, &[])
            .into_iter()
            .chain(example_row().cells)
            .collect()
    );
    assert_eq!(
        sheet.rows[1].cells,
        full(
            &sheet,
            &[
                (Stt, "2"),
                (FullName, "Đỗ Thị Hường"),
                (Position, "Phó Chủ tịch"),
                (Phone, "912345678"),
                (Unit, "Ủy ban nhân dân phường Điện Biên"),
                (Role, "Trưởng, phó các phòng, ban, ngành"),
                (Evaluator, "Nguyễn Văn C"),
            ]
        )
    );
    assert_eq!(
        sheet.rows[2].cells,
        full(
            &sheet,
            &[
                (Stt, "3"),
                (FullName, "Lê Thị Ánh Tuyết"),
                (Position, "Kế toán"),
                (Phone, "2.5"),
                (Unit, "Trường Mầm non Hoa Sữa"),
                (Role, "Tổng hợp, tham mưu đánh giá"),
            ]
        )
    );
}

#[test]
fn what_is_not_a_workbook_is_refused() {
    for bytes in [
        &b""[..],
        b"hello",
        b"STT,H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n1,Nguyen Van A\n",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        &[0u8; 4096][..],
        &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'],
    ] {
        assert_eq!(read_staff_sheet(bytes), Err(SheetError::NotASpreadsheet));
    }
}

#[test]
fn a_damaged_workbook_is_an_error_not_a_panic() {
    let xlsx = template().unwrap();
    for cut in [4, 30, xlsx.len() / 2, xlsx.len() - 10] {
        let err = read_staff_sheet(&xlsx[..cut]).unwrap_err();
        assert!(matches!(err, SheetError::Read(_)), "cut {cut}: {err:?}");
    }
    let xls = include_bytes!("fixtures/mau-so-01.xls");
    for cut in [8, 600, xls.len() / 2] {
        let err = read_staff_sheet(&xls[..cut]).unwrap_err();
        assert!(matches!(err, SheetError::Read(_)), "cut {cut}: {err:?}");
    }
}

fn sheet_with(rows: &[(u32, &[&str])]) -> Vec<u8> {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for (r, texts) in rows {
        for (c, t) in (0u16..).zip(*texts) {
            s.write_string(*r, c, *t).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_sheet_without_the_headers_says_which_are_missing() {
    let bytes = sheet_with(&[
        (0, &["DANH SÁCH"]),
        (2, &["STT", "Họ tên", "Chức danh", "Ghi chú"]),
        (3, &["1", "Nguyễn Văn A", "Chuyên viên"]),
    ]);
    let err = read_staff_sheet(&bytes).unwrap_err();
    assert_eq!(
        err,
        SheetError::NoHeader {
            missing: vec![Column::Unit, Column::Role]
        }
    );
    assert_eq!(err.key(), "err.sheet_no_header");
    assert_eq!(
        err.to_string(),
        "no header row with the required columns; missing: Đơn vị, Vai trò"
    );

    let empty = sheet_with(&[]);
    assert_eq!(
        read_staff_sheet(&empty),
        Err(SheetError::NoHeader {
            missing: Column::REQUIRED.to_vec()
        })
    );
}

#[test]
fn the_header_is_searched_in_the_first_30_rows_only() {
    let header: &[&str] = &["Họ và tên", "Chức vụ", "Đơn vị", "Vai trò"];
    let person: &[&str] = &["Nguyễn Văn A", "Chuyên viên", "Văn phòng", ROLES[2]];
    let found = read_staff_sheet(&sheet_with(&[(29, header), (30, person)])).unwrap();
    assert_eq!(found.header_row, 30);
    assert_eq!(found.rows.len(), 1);
    assert_eq!(found.rows[0].row, 31);
    assert!(!found.has(Column::Stt));
    assert_eq!(found.column_letter(Column::Stt), None);
    let too_low = read_staff_sheet(&sheet_with(&[
        (0, &["DANH SÁCH"]),
        (30, header),
        (31, person),
    ]));
    assert_eq!(
        too_low,
        Err(SheetError::NoHeader {
            missing: Column::REQUIRED.to_vec()
        })
    );
}

#[test]
fn the_list_reads_from_the_first_visible_worksheet() {
    let mut book = Workbook::new();
    let hidden = book.add_worksheet();
    hidden.set_name("Ẩn").unwrap();
    hidden.write_string(0, 0, "không phải danh sách").unwrap();
    hidden.set_hidden(true);
    let list = book.add_worksheet();
    list.set_name("Danh sách").unwrap();
    for (c, t) in (0u16..).zip(["Họ và tên", "Chức vụ", "Đơn vị", "Vai trò"]) {
        list.write_string(0, c, t).unwrap();
    }
    list.write_string(1, 0, "Nguyễn Văn A").unwrap();
    list.set_active(true);
    let sheet = read_staff_sheet(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].get(Column::FullName), "Nguyễn Văn A");
}

#[test]
fn column_numbering_lines_are_not_people() {
    let bytes = sheet_with(&[
        (0, &["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Vai trò"]),
        (1, &["(1)", "(2)", "(3)", "(4)", "(5)"]),
        (2, &["1", "2", "3", "4", "5"]),
        (3, &["1", "Nguyễn Văn A", "3", "4", "5"]),
    ]);
    let sheet = read_staff_sheet(&bytes).unwrap();
    let rows: Vec<u32> = sheet.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, vec![4]);
}

#[test]
fn too_many_rows_are_refused() {
    let rows: Vec<OutRow> = (1..=11)
        .map(|i| OutRow {
            cells: cells(&[
                (Column::Stt, &i.to_string()),
                (Column::FullName, "Nguyễn Văn A"),
            ]),
            error: None,
        })
        .collect();
    let bytes = write_staff_sheet("DANH SÁCH", &rows, false).unwrap();
    assert_eq!(
        read_staff_sheet_with_max_rows(&bytes, 10),
        Err(SheetError::TooManyRows { max: 10 })
    );
    let sheet = read_staff_sheet_with_max_rows(&bytes, 11).unwrap();
    assert_eq!(sheet.rows.len(), 11);
    assert_eq!(sheet.rows[10].get(Column::Stt), "11");
    let err = SheetError::TooManyRows { max: 100_000 };
    assert_eq!(err.key(), "err.sheet_too_many_rows");
}

#[test]
fn every_error_has_an_i18n_key() {
    let all = [
        SheetError::NotASpreadsheet,
        SheetError::Encrypted,
        SheetError::NoSheet,
        SheetError::NoHeader { missing: vec![] },
        SheetError::TooManyRows { max: 1 },
        SheetError::Read("x".into()),
    ];
    let keys: std::collections::BTreeSet<&str> = all.iter().map(SheetError::key).collect();
    assert_eq!(keys.len(), all.len());
    assert!(keys.iter().all(|k| k.starts_with("err.sheet_")));
}

/// The fixture with its DIMENSIONS record claiming `rows` rows and `cols` columns.
fn xls_declaring(rows: u32, cols: u16) -> Vec<u8> {
    let mut bytes = include_bytes!("fixtures/mau-so-01.xls").to_vec();
    let at = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("the fixture has a DIMENSIONS record");
    bytes[at + 8..at + 12].copy_from_slice(&rows.to_le_bytes());
    bytes[at + 14..at + 16].copy_from_slice(&cols.to_le_bytes());
    bytes
}

#[test]
fn an_xls_declaring_an_impossible_size_is_refused_not_a_crash() {
    // Given to calamine as is, this file makes it reserve petabytes and abort the process.
    let err = read_staff_sheet(&xls_declaring(0xFFFF_FFF0, 0xFFFF)).unwrap_err();
    assert!(matches!(err, SheetError::Read(_)), "{err:?}");
    // The largest size the format allows is fine.
    let sheet = read_staff_sheet(&xls_declaring(65_536, 256)).unwrap();
    assert_eq!(sheet.rows.len(), 3);
}

fn ole2_with(stream: &str) -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream(stream)
        .unwrap()
        .write_all(b"not a workbook")
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn other_ole2_files_are_told_apart() {
    assert_eq!(
        read_staff_sheet(&ole2_with("/WordDocument")),
        Err(SheetError::NotASpreadsheet)
    );
    assert_eq!(
        read_staff_sheet(&ole2_with("/EncryptedPackage")),
        Err(SheetError::Encrypted)
    );
}

/// An .xlsx (written in the standard mode, with a shared-strings part) whose
/// `sharedStrings.xml` declares `count` distinct strings.
fn xlsx_declaring_shared_strings(count: &str) -> Vec<u8> {
    use std::io::Write;
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for (c, t) in (0u16..).zip(["Họ và tên", "Chức vụ", "Đơn vị", "Vai trò"]) {
        s.write_string(0, c, t).unwrap();
        s.write_string(1, c, "Nguyễn Văn A").unwrap();
    }
    let original = book.save_to_buffer().unwrap();
    let mut zin = zip::ZipArchive::new(Cursor::new(original)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut seen = false;
    for i in 0..zin.len() {
        let entry = zin.by_index(i).unwrap();
        if entry.name().unwrap() == "xl/sharedStrings.xml" {
            let name = entry.name().unwrap().into_owned();
            let xml = std::io::read_to_string(entry).unwrap();
            let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + xml[at..].find('"').unwrap();
            let xml = format!("{}{count}{}", &xml[..at], &xml[end..]);
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(xml.as_bytes()).unwrap();
            seen = true;
        } else {
            out.raw_copy_file(entry).unwrap();
        }
    }
    assert!(seen);
    out.finish().unwrap().into_inner()
}

#[test]
fn an_xlsx_declaring_billions_of_strings_is_refused_not_a_crash() {
    // Given to calamine as is, this file makes it reserve 480 GB and abort the process.
    let err = read_staff_sheet(&xlsx_declaring_shared_strings("20000000000")).unwrap_err();
    assert!(matches!(err, SheetError::Read(_)), "{err:?}");
    let sheet = read_staff_sheet(&xlsx_declaring_shared_strings("5")).unwrap();
    assert_eq!(sheet.rows[0].get(Column::Unit), "Nguyễn Văn A");
}
