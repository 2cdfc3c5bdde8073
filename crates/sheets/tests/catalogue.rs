//! Reading product catalogues (NĐ 335/2025 Điều 13) laid out as in the Ministry handbook's
//! appendices and as units really send them, and writing one that reads back the same.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use danhgia_sheets::{
    CATALOGUE_TITLE, CatalogueColumn, CatalogueOut, CatalogueRow, CatalogueSheet, SheetError,
    group_number, read_catalogue, write_catalogue,
};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

fn nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

fn out(code: &str, task: &str, name: &str, group: u8, measure: &str, coef: &str) -> CatalogueOut {
    CatalogueOut {
        code: code.into(),
        task: task.into(),
        name: name.into(),
        group,
        measure: measure.into(),
        coefficient: coef.into(),
        note: String::new(),
        inherited_from: None,
    }
}

/// The handbook's example catalogue (Sổ tay, Chương II, Bước 3), with an inherited product.
fn sample() -> Vec<CatalogueOut> {
    let mut rows = vec![
        out(
            "VP01",
            "Soạn thảo văn bản hành chính (đơn giản)",
            "Văn bản",
            1,
            "Văn bản",
            "1",
        ),
        out(
            "VP02",
            "Phát hành văn bản",
            "Lượt phát hành",
            1,
            "Lượt",
            "0,8",
        ),
        out(
            "VP03",
            "Hậu cần phục vụ cuộc họp",
            "Cuộc họp",
            1,
            "Cuộc",
            "1,6",
        ),
        out(
            "VP04",
            "Báo cáo thông tin, số liệu theo yêu cầu của cấp trên, tổng hợp từ các phòng, \
             ban và đơn vị trực thuộc",
            "Báo cáo",
            2,
            "Báo cáo",
            "8",
        ),
        out("001", "", "Đề án cấp quốc gia", 5, "Đề án", "100"),
        out("VP06", "Chấm điểm", "Bảng điểm", 2, "", "0,125"),
        // Not a number: written and read back as text, for the caller to report.
        out(
            "VP07",
            "Kiến nghị cử tri",
            "Bảng theo dõi",
            2,
            "Bảng",
            "28–38",
        ),
    ];
    rows[0].note = "Sản phẩm chuẩn".into();
    rows[2].inherited_from = Some("Sở Nội vụ".into());
    rows[3].note = "Theo quý".into();
    rows[3].inherited_from = Some("UBND tỉnh Thanh Hóa".into());
    rows
}

fn raw_cells(bytes: &[u8]) -> BTreeMap<(u32, u32), String> {
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let (r0, c0) = range.start().unwrap();
    range
        .used_cells()
        .filter(|(_, _, d)| !matches!(d, Data::Empty))
        .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.to_string()))
        .collect()
}

#[test]
fn a_written_catalogue_reads_back_the_same() {
    let rows = sample();
    let bytes = write_catalogue("Văn phòng Đoàn ĐBQH và HĐND tỉnh", &rows).unwrap();
    let sheet = read_catalogue(&bytes).unwrap();
    assert_eq!(sheet.header_row, 6);
    assert_eq!(sheet.rows.len(), rows.len());
    for (i, (got, want)) in sheet.rows.iter().zip(&rows).enumerate() {
        let expected = CatalogueRow {
            row: 8 + i as u32,
            code: want.code.clone(),
            task: want.task.clone(),
            name: want.name.clone(),
            group: want.group.to_string(),
            measure: want.measure.clone(),
            // A number coefficient comes back as Excel's General format shows it, with a dot.
            coefficient: if want.coefficient == "28–38" {
                want.coefficient.clone()
            } else {
                want.coefficient.replace(',', ".")
            },
            points: String::new(),
            note: want.note.clone(),
            inherited_from: want.inherited_from.clone().unwrap_or_default(),
        };
        assert_eq!(got, &expected);
    }
    // Reported by sheet row and column letter, in the handbook's column order.
    assert_eq!(sheet.cell_ref(8, "code").as_deref(), Some("B8"));
    assert_eq!(sheet.cell_ref(8, "task").as_deref(), Some("C8"));
    assert_eq!(sheet.cell_ref(8, "name").as_deref(), Some("D8"));
    assert_eq!(sheet.cell_ref(8, "measure").as_deref(), Some("E8"));
    assert_eq!(sheet.cell_ref(9, "group").as_deref(), Some("F9"));
    assert_eq!(sheet.cell_ref(9, "coefficient").as_deref(), Some("G9"));
    assert_eq!(sheet.cell_ref(9, "note").as_deref(), Some("H9"));
    assert_eq!(sheet.cell_ref(9, "points"), None);
    assert_eq!(sheet.cell_ref(9, "nonsense"), None);
}

#[test]
fn the_written_layout_is_the_handbooks() {
    let bytes = write_catalogue("Sở Nội vụ", &sample()).unwrap();
    let cells = raw_cells(&bytes);
    let at = |r: u32, c: u32| cells.get(&(r, c)).cloned().unwrap_or_default();
    assert_eq!(at(0, 0), "SỞ NỘI VỤ");
    assert_eq!(at(0, 4), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(at(1, 4), "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(at(3, 0), CATALOGUE_TITLE);
    let header: Vec<String> = (0..8).map(|c| at(5, c)).collect();
    assert_eq!(
        header,
        [
            "Stt",
            "Mã sản phẩm",
            "Nhiệm vụ",
            "Sản phẩm đầu ra",
            "Đơn vị tính",
            "Phân nhóm",
            "Hệ số quy đổi",
            "Ghi chú"
        ]
    );
    assert_eq!(at(6, 0), "(1)");
    assert_eq!(at(6, 7), "(8)");
    assert_eq!(at(7, 0), "1");
    assert_eq!(at(13, 0), "7");
    assert_eq!(at(8, 5), "Nhóm 1");
    assert_eq!(
        at(8, 6),
        "0.8",
        "a number, shown with the reader's decimal separator"
    );
    assert_eq!(at(9, 7), "Kế thừa từ: Sở Nội vụ");
    assert_eq!(at(10, 7), "Theo quý\nKế thừa từ: UBND tỉnh Thanh Hóa");
    assert_eq!(at(11, 1), "001", "codes stay text");
}

#[test]
fn an_empty_catalogue_has_the_header() {
    let bytes = write_catalogue("", &[]).unwrap();
    let sheet = read_catalogue(&bytes).unwrap();
    assert!(sheet.rows.is_empty());
    assert_eq!(sheet.header_row, 6);
    assert!(sheet.has(CatalogueColumn::Code) && sheet.has(CatalogueColumn::Note));
}

fn write_row(s: &mut Worksheet, row: u32, cells: &[&str]) {
    for (c, t) in (0u16..).zip(cells) {
        if !t.is_empty() {
            s.write_string(row, c, *t).unwrap();
        }
    }
}

/// A catalogue as a unit sends it: title lines, the header in another order, upper case,
/// NFD, line breaks, no code column; the numbering line; a section row with a roman numeral, a
/// group heading merged across the row, a blank row, a task merged down over three products,
/// groups typed every way, the Stt and coefficients typed as numbers, a product without a
/// coefficient and one without a name.
fn unit_sheet() -> Vec<u8> {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    let bold = Format::new().set_bold();
    s.write_string(0, 0, "UBND TỈNH THANH HÓA").unwrap();
    s.merge_range(
        1,
        0,
        1,
        8,
        "BẢNG TỔNG HỢP DANH MỤC SẢN PHẨM/CÔNG VIỆC VÀ HỆ SỐ QUY ĐỔI VỀ SẢN PHẨM CHUẨN",
        &bold,
    )
    .unwrap();
    s.write_string(
        2,
        0,
        "Sản phẩm chuẩn: Soạn thảo văn bản hành chính (5 điểm)",
    )
    .unwrap();
    let headers = [
        "ST T",
        &nfd("NHIỆM VỤ"),
        &nfd("Sản phẩm\nđầu ra"),
        "ĐVT",
        &nfd("Hệ số  quy đổi"),
        &nfd("Phân nhóm"),
        "Điểm chấm (khoảng)",
        "Tham chiếu",
        &nfd("Ghi chú"),
    ];
    for (c, h) in (0u16..).zip(headers) {
        s.write_string_with_format(4, c, h, &bold).unwrap();
    }
    write_row(
        s,
        5,
        &[
            "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)",
        ],
    );
    // Row 7: a section with a roman numeral.
    write_row(s, 6, &["I", "CÔNG VIỆC HÀNH CHÍNH"]);
    // Row 8: a group heading merged across the row.
    s.merge_range(7, 0, 7, 8, "Nhóm 1: Công việc đơn giản, lặp lại", &bold)
        .unwrap();
    // Row 9: a product, the Stt and the coefficient as numbers.
    s.write_number(8, 0, 1.0).unwrap();
    write_row(
        s,
        8,
        &[
            "",
            "Soạn thảo văn bản",
            "Công văn",
            "Văn bản",
            "",
            "Nhóm 1",
            "5",
        ],
    );
    s.write_number(8, 4, 1.0).unwrap();
    // Rows 10-12: the task merged down, groups typed as "II" and 1, a comma coefficient.
    s.merge_range(9, 1, 11, 1, &nfd("Tổ chức hội nghị"), &Format::new())
        .unwrap();
    s.write_number(9, 0, 2.0).unwrap();
    write_row(
        s,
        9,
        &[
            "",
            "",
            "Kế hoạch hội nghị",
            "Kế hoạch",
            "1,5",
            "II",
            "",
            "",
            "ghi chú",
        ],
    );
    s.write_number(10, 0, 3.0).unwrap();
    write_row(s, 10, &["", "", "Giấy mời", "Văn bản", "0.6"]);
    s.write_number(10, 5, 1.0).unwrap();
    s.write_string(11, 0, "4").unwrap();
    write_row(
        s,
        11,
        &["", "", "Biên bản hội nghị", "Biên bản", "", "N2", "40–60"],
    );
    // Row 13 blank; row 14: a second section and group heading (in the name column).
    write_row(s, 13, &["II", "CÔNG VIỆC CHUYÊN MÔN"]);
    write_row(s, 14, &["", "", "Nhóm 3 – Công việc phức tạp"]);
    // Row 16: a product without a name; row 17: a group that is no group.
    write_row(
        s,
        15,
        &["5", "Báo cáo chuyên đề", "", "Báo cáo", "8", "Nhóm 3"],
    );
    write_row(
        s,
        16,
        &["6", "Tham mưu đề án", "Đề án", "Đề án", "20", "Nhóm 7"],
    );
    // Row 18: "..." as on a blank form.
    write_row(s, 17, &["...", "...", "..."]);
    // Row 19: the total line under the table.
    s.merge_range(18, 0, 18, 8, "TỔNG CỘNG: 6 sản phẩm", &bold)
        .unwrap();
    book.save_to_buffer().unwrap()
}

fn row(sheet: &CatalogueSheet, n: u32) -> &CatalogueRow {
    sheet
        .rows
        .iter()
        .find(|r| r.row == n)
        .unwrap_or_else(|| panic!("no row {n} in {:#?}", sheet.rows))
}

#[test]
fn reads_a_unit_catalogue_below_its_title_lines() {
    let sheet = read_catalogue(&unit_sheet()).unwrap();
    assert_eq!(sheet.header_row, 5);
    assert!(!sheet.has(CatalogueColumn::Code));
    let rows: Vec<u32> = sheet.rows.iter().map(|r| r.row).collect();
    // Headings (7, 8, 14, 15), the numbering line (6), blank and "..." rows and the total
    // line are skipped; the product without a coefficient (12) and the one without a name (16)
    // are kept for the caller to report.
    assert_eq!(rows, [9, 10, 11, 12, 16, 17]);

    assert_eq!(
        row(&sheet, 9),
        &CatalogueRow {
            row: 9,
            code: "SP01".into(),
            task: "Soạn thảo văn bản".into(),
            name: "Công văn".into(),
            group: "1".into(),
            measure: "Văn bản".into(),
            coefficient: "1".into(),
            points: "5".into(),
            note: String::new(),
            inherited_from: String::new(),
        }
    );
    let r10 = row(&sheet, 10);
    assert_eq!(r10.code, "SP02");
    assert_eq!(r10.task, "Tổ chức hội nghị", "NFC, from the merged cell");
    assert_eq!(r10.group, "2");
    assert_eq!(r10.coefficient, "1,5");
    assert_eq!(r10.note, "ghi chú");
    let r11 = row(&sheet, 11);
    assert_eq!(
        (r11.task.as_str(), r11.group.as_str()),
        ("Tổ chức hội nghị", "1")
    );
    assert_eq!(r11.coefficient, "0.6");
    let r12 = row(&sheet, 12);
    assert_eq!(r12.code, "SP04");
    assert_eq!(r12.task, "Tổ chức hội nghị");
    assert_eq!(r12.group, "2");
    assert_eq!(r12.coefficient, "");
    assert_eq!(r12.points, "40–60");
    let r16 = row(&sheet, 16);
    assert_eq!((r16.name.as_str(), r16.coefficient.as_str()), ("", "8"));
    assert_eq!(
        r16.task, "Báo cáo chuyên đề",
        "not the task of the rows above"
    );
    assert_eq!(
        row(&sheet, 17).group,
        "Nhóm 7",
        "left as typed for the caller"
    );

    // Without a code column the code is reported at the Stt it was made from.
    assert_eq!(sheet.cell_ref(10, "code").as_deref(), Some("A10"));
    assert_eq!(sheet.cell_ref(10, "task").as_deref(), Some("B10"));
    assert_eq!(sheet.cell_ref(10, "name").as_deref(), Some("C10"));
    assert_eq!(sheet.cell_ref(10, "measure").as_deref(), Some("D10"));
    assert_eq!(sheet.cell_ref(12, "coefficient").as_deref(), Some("E12"));
    assert_eq!(sheet.cell_ref(10, "group").as_deref(), Some("F10"));
    assert_eq!(sheet.cell_ref(10, "points").as_deref(), Some("G10"));
    assert_eq!(sheet.cell_ref(10, "note").as_deref(), Some("I10"));
    assert_eq!(
        sheet.column_letter(CatalogueColumn::Note).as_deref(),
        Some("I")
    );
}

/// The handbook's Phụ lục III: Nhiệm vụ and Công việc chi tiết, Khung điểm tối đa and Điểm
/// chấm, a task line above its detail rows, and a header on two lines: cells merged over both,
/// and "Điểm" split below into the frame and the points. The points fall back to the frame.
#[test]
fn reads_the_handbooks_appendix_three() {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    let f = Format::new();
    s.write_string(
        0,
        0,
        "Phụ lục III: BẢNG TỔNG HỢP DANH MỤC SẢN PHẨM/CÔNG VIỆC",
    )
    .unwrap();
    for (c, h) in (0u16..).zip([
        "Stt",
        "Nhiệm vụ",
        "Công việc chi tiết",
        "Sản phẩm đầu ra",
        "Phân nhóm",
    ]) {
        s.merge_range(1, c, 2, c, h, &f).unwrap();
    }
    s.merge_range(1, 5, 1, 6, "Điểm", &f).unwrap();
    s.write_string(2, 5, "Khung điểm tối đa").unwrap();
    s.write_string(2, 6, "Điểm chấm").unwrap();
    s.merge_range(1, 7, 2, 7, "Hệ số quy đổi", &f).unwrap();
    s.merge_range(1, 8, 2, 8, "Ghi chú", &f).unwrap();
    write_row(s, 3, &["1", "Xây dựng nghị định"]);
    write_row(
        s,
        4,
        &[
            "1.1",
            "",
            "Thành lập ban soạn thảo",
            "QĐ thành lập ban soạn thảo",
            "Nhóm 2",
            "200",
            "50",
            "10",
        ],
    );
    write_row(
        s,
        5,
        &[
            "1.2",
            "",
            "Xây dựng đề cương",
            "Đề cương Nghị định",
            "Nhóm 4",
            "400",
            "",
            "80",
            "Kế thừa từ: Bộ Nội vụ",
        ],
    );
    write_row(
        s,
        6,
        &[
            "2",
            "Soạn thảo văn bản hành chính",
            "",
            "Văn bản",
            "Nhóm 1",
            "100",
            "5",
            "1",
            "SP chuẩn",
        ],
    );
    let sheet = read_catalogue(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(sheet.header_row, 2);
    let got: Vec<(u32, &str, &str, &str, &str, &str, &str)> = sheet
        .rows
        .iter()
        .map(|r| {
            (
                r.row,
                r.code.as_str(),
                r.task.as_str(),
                r.group.as_str(),
                r.points.as_str(),
                r.note.as_str(),
                r.inherited_from.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                5,
                "SP1.1",
                "Xây dựng nghị định – Thành lập ban soạn thảo",
                "2",
                "50",
                "",
                ""
            ),
            (
                6,
                "SP1.2",
                "Xây dựng nghị định – Xây dựng đề cương",
                "4",
                "400",
                "",
                "Bộ Nội vụ"
            ),
            (
                7,
                "SP02",
                "Soạn thảo văn bản hành chính",
                "1",
                "5",
                "SP chuẩn",
                ""
            ),
        ]
    );
    assert_eq!(sheet.cell_ref(5, "task").as_deref(), Some("B5"));
    // The second header line split "Điểm" into the frame and the points.
    assert_eq!(sheet.cell_ref(5, "points").as_deref(), Some("G5"));
    assert_eq!(
        sheet.column_letter(CatalogueColumn::Frame).as_deref(),
        Some("F")
    );
}

fn sheet_with(rows: &[(u32, &[&str])]) -> Vec<u8> {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for (r, cells) in rows {
        write_row(s, *r, cells);
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_sheet_without_the_required_columns_says_which_are_missing() {
    // The handbook's Phụ lục I, before conversion: no coefficient yet.
    let appendix_one = sheet_with(&[
        (0, &["Phụ lục I: BẢNG THỐNG KÊ DANH MỤC SẢN PHẨM/CÔNG VIỆC"]),
        (
            1,
            &[
                "Stt",
                "Nhiệm vụ",
                "Công việc chi tiết",
                "Sản phẩm đầu ra",
                "Tần suất/ Số lượng sản phẩm",
                "Tổng số người làm",
                "Phân nhóm",
                "Ghi chú",
            ],
        ),
        (
            2,
            &["1", "Soạn thảo", "", "Văn bản", "5/tháng", "1", "Nhóm 1"],
        ),
    ]);
    let err = read_catalogue(&appendix_one).unwrap_err();
    assert_eq!(
        err,
        SheetError::NoCatalogueHeader {
            missing: vec![CatalogueColumn::Coefficient]
        }
    );
    assert_eq!(err.key(), "err.sheet_catalogue_no_header");
    assert!(err.to_string().contains("Hệ số quy đổi"), "{err}");

    let nothing = sheet_with(&[(0, &["DANH MỤC"]), (1, &["a", "b"])]);
    assert_eq!(
        read_catalogue(&nothing).unwrap_err(),
        SheetError::NoCatalogueHeader {
            missing: CatalogueColumn::REQUIRED.to_vec()
        }
    );

    // The header is searched in the first 30 rows only.
    let too_low = sheet_with(&[(30, &["Sản phẩm", "Nhóm", "Hệ số"]), (31, &["A", "1", "1"])]);
    assert!(matches!(
        read_catalogue(&too_low),
        Err(SheetError::NoCatalogueHeader { .. })
    ));
    let just_in = sheet_with(&[(29, &["Sản phẩm", "Nhóm", "Hệ số"]), (31, &["A", "1", "1"])]);
    let sheet = read_catalogue(&just_in).unwrap();
    assert_eq!(sheet.rows[0].code, "SP32", "no Stt: the sheet row");
}

#[test]
fn what_is_not_a_catalogue_workbook_is_refused() {
    assert_eq!(
        read_catalogue(b"Stt;San pham;Nhom;He so"),
        Err(SheetError::NotASpreadsheet)
    );
    let xlsx = write_catalogue("X", &sample()).unwrap();
    for cut in [4, 30, xlsx.len() / 2] {
        assert!(matches!(
            read_catalogue(&xlsx[..cut]),
            Err(SheetError::Read(_) | SheetError::NotASpreadsheet)
        ));
    }
    // An old .xls is read too; this one is a staff list, not a catalogue.
    let xls = include_bytes!("fixtures/mau-so-01.xls");
    assert!(matches!(
        read_catalogue(xls),
        Err(SheetError::NoCatalogueHeader { .. })
    ));
}

#[test]
fn groups_are_numbers_one_to_five() {
    for (text, want) in [
        ("1", Some(1)),
        ("5", Some(5)),
        ("Nhóm 2", Some(2)),
        ("nhóm 02", Some(2)),
        ("NHÓM 3", Some(3)),
        (&nfd("Nhóm 4") as &str, Some(4)),
        ("Nhóm2", Some(2)),
        ("II", Some(2)),
        ("iv", Some(4)),
        ("Nhóm V", Some(5)),
        ("N3", Some(3)),
        ("Nhóm N1", Some(1)),
        ("Phân nhóm 4", Some(4)),
        ("2.0", Some(2)),
        ("Nhóm 1: đơn giản", Some(1)),
        ("Nhóm 2 – Nghiệp vụ", Some(2)),
        ("Nhóm 3 (phức tạp)", Some(3)),
        ("  3 ", Some(3)),
        ("0", None),
        ("6", None),
        ("VI", None),
        ("Nhóm 7", None),
        ("", None),
        ("Nhóm", None),
        ("2.5", None),
        ("1-2", None),
        ("2 người", None),
        ("abc", None),
        ("N", None),
    ] {
        assert_eq!(group_number(text), want, "{text:?}");
    }
}

#[test]
fn numbers_come_back_without_float_noise() {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    write_row(s, 0, &["Stt", "Mã", "Sản phẩm", "Nhóm", "Hệ số quy đổi"]);
    let values = [
        0.1 + 0.2,
        1.1 * 3.0,
        1.5,
        2.0,
        4.0 / 5.0,
        0.125,
        100.0,
        56.0 / 3.0,
    ];
    for (r, v) in (1u32..).zip(values) {
        s.write_number(r, 0, f64::from(r)).unwrap();
        s.write_string(r, 1, format!("SP{r}")).unwrap();
        s.write_string(r, 2, "Văn bản").unwrap();
        s.write_number(r, 3, 2.0).unwrap();
        s.write_number(r, 4, v).unwrap();
    }
    let sheet = read_catalogue(&book.save_to_buffer().unwrap()).unwrap();
    let got: Vec<&str> = sheet.rows.iter().map(|r| r.coefficient.as_str()).collect();
    assert_eq!(
        got,
        [
            "0.3",
            "3.3",
            "1.5",
            "2",
            "0.8",
            "0.125",
            "100",
            "18.6666666666667"
        ]
    );
    assert!(sheet.rows.iter().all(|r| r.group == "2"));
    assert_eq!(sheet.rows[0].code, "SP1");
}
