//! The month's summary list (danh sách tổng hợp kết quả đánh giá, xếp loại; Hanoi Quy chế Đ.13.2,
//! SPEC M7.1/M7.3) as an .xlsx laid out like the paper list: the body's name and the national
//! motto, the title and month, one row per person grouped by unit, the counts per grade, and the
//! signature block. Written in constant-memory mode, row after row, so a city's list stays small
//! in memory; titles are centred across the columns instead of merged (merges need the whole
//! sheet in memory).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::SheetError;

/// What heads the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryHead {
    /// The body the list is made in (top left, capitals).
    pub unit_name: String,
    /// "Tháng 11/2026".
    pub period: String,
    /// "…, ngày … tháng … năm …" line above the signatures.
    pub place_date: String,
}

/// One person of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryRow {
    pub unit: String,
    pub full_name: String,
    pub position: String,
    /// Totals as shown ("92,5"), empty when none.
    pub self_total: String,
    pub leader_total: String,
    /// "A", "B", "C", "D" or empty when not graded yet.
    pub grade: String,
    pub note: String,
}

/// The title of the list.
pub const SUMMARY_TITLE: &str =
    "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC";

/// Column headers, in order.
pub const SUMMARY_HEADERS: [&str; 8] = [
    "STT",
    "Họ và tên",
    "Chức vụ, chức danh",
    "Đơn vị",
    "Điểm tự chấm",
    "Điểm lãnh đạo chấm",
    "Xếp loại",
    "Ghi chú",
];

/// The sheet row (0-based) of the header; people start below it.
pub const SUMMARY_HEADER_ROW: u32 = 5;

const WIDTHS: [f64; 8] = [6.0, 26.0, 24.0, 30.0, 11.0, 12.0, 9.0, 20.0];

/// Writes the list. Rows should come grouped by unit (a unit's first row starts its group).
pub fn write_summary(head: &SummaryHead, rows: &[SummaryRow]) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("Tổng hợp")?;
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let bold = base.clone().set_bold();
    let centred = bold.clone().set_align(FormatAlign::CenterAcross);
    let italic_centred = base
        .clone()
        .set_italic()
        .set_align(FormatAlign::CenterAcross);
    let header = bold
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    let number = cell.clone().set_align(FormatAlign::Center);
    let group = bold.clone().set_border(FormatBorder::Thin);
    for (c, w) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    // The national heading: the body on the left, the motto on the right.
    sheet.write_with_format(0, 0, head.unit_name.to_uppercase(), &bold)?;
    sheet.write_with_format(0, 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &centred)?;
    for c in 5..8 {
        sheet.write_blank(0, c, &centred)?;
    }
    sheet.write_with_format(1, 4, "Độc lập - Tự do - Hạnh phúc", &centred)?;
    for c in 5..8 {
        sheet.write_blank(1, c, &centred)?;
    }
    sheet.write_with_format(3, 0, SUMMARY_TITLE, &centred)?;
    for c in 1..8 {
        sheet.write_blank(3, c, &centred)?;
    }
    sheet.write_with_format(4, 0, &head.period, &italic_centred)?;
    for c in 1..8 {
        sheet.write_blank(4, c, &italic_centred)?;
    }
    for (c, h) in SUMMARY_HEADERS.iter().enumerate() {
        sheet.write_with_format(
            SUMMARY_HEADER_ROW,
            u16::try_from(c).unwrap_or(0),
            *h,
            &header,
        )?;
    }
    let mut r = SUMMARY_HEADER_ROW + 1;
    let mut current_unit: Option<&str> = None;
    let mut counts = [0usize; 4];
    for (n, row) in rows.iter().enumerate() {
        if current_unit != Some(row.unit.as_str()) {
            sheet.write_with_format(r, 0, &row.unit, &group)?;
            for c in 1..8 {
                sheet.write_blank(r, c, &group)?;
            }
            r += 1;
            current_unit = Some(row.unit.as_str());
        }
        sheet.write_with_format(r, 0, u32::try_from(n + 1).unwrap_or(0), &number)?;
        sheet.write_with_format(r, 1, &row.full_name, &cell)?;
        sheet.write_with_format(r, 2, &row.position, &cell)?;
        sheet.write_with_format(r, 3, &row.unit, &cell)?;
        sheet.write_with_format(r, 4, &row.self_total, &number)?;
        sheet.write_with_format(r, 5, &row.leader_total, &number)?;
        sheet.write_with_format(r, 6, &row.grade, &number)?;
        sheet.write_with_format(r, 7, &row.note, &cell)?;
        if let Some(i) = ["A", "B", "C", "D"].iter().position(|g| *g == row.grade) {
            counts[i] += 1;
        }
        r += 1;
    }
    // The counts, as the paper list ends: "Tổng số: n; loại A: x (y%)…".
    r += 1;
    let total = rows.len();
    let share = |k: usize| {
        if total == 0 {
            "0".to_owned()
        } else {
            format!("{:.1}", k as f64 * 100.0 / total as f64).replace('.', ",")
        }
    };
    sheet.write_with_format(r, 0, format!("Tổng số: {total} người."), &bold)?;
    r += 1;
    for (i, g) in ["A", "B", "C", "D"].iter().enumerate() {
        sheet.write_with_format(
            r,
            0,
            format!("Xếp loại {g}: {} người ({}%).", counts[i], share(counts[i])),
            &base,
        )?;
        r += 1;
    }
    let graded: usize = counts.iter().sum();
    sheet.write_with_format(
        r,
        0,
        format!("Chưa xếp loại: {} người.", total - graded),
        &base,
    )?;
    r += 2;
    sheet.write_with_format(r, 4, &head.place_date, &italic_centred)?;
    for c in 5..8 {
        sheet.write_blank(r, c, &italic_centred)?;
    }
    r += 1;
    sheet.write_with_format(r, 0, "NGƯỜI LẬP BIỂU", &bold)?;
    sheet.write_with_format(r, 4, "THỦ TRƯỞNG ĐƠN VỊ", &centred)?;
    for c in 5..8 {
        sheet.write_blank(r, c, &centred)?;
    }
    r += 1;
    sheet.write_with_format(r, 0, "(Ký, ghi rõ họ tên)", &base.clone().set_italic())?;
    sheet.write_with_format(r, 4, "(Ký tên, đóng dấu)", &italic_centred)?;
    for c in 5..8 {
        sheet.write_blank(r, c, &italic_centred)?;
    }
    Ok(book.save_to_buffer()?)
}
