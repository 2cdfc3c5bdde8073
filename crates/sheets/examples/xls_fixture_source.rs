//! Writes the .xlsx from which `tests/fixtures/mau-so-01.xls` was made, once, with
//! LibreOffice (tests never need it):
//!
//! ```sh
//! cargo run -p danhgia-sheets --example xls_fixture_source -- /tmp/mau-so-01.xlsx
//! libreoffice --headless --convert-to xls --outdir crates/sheets/tests/fixtures /tmp/mau-so-01.xlsx
//! ```

use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "mau-so-01.xlsx".to_owned());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Mẫu số 01")?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, "BAN TỔ CHỨC QUẬN ỦY BA ĐÌNH", &bold)?;
    sheet.merge_range(
        1,
        0,
        1,
        10,
        "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, LAO ĐỘNG HỢP ĐỒNG\nĐĂNG KÝ PHẦN MỀM ĐÁNH GIÁ",
        &bold,
    )?;
    sheet.write_string(2, 0, "1 - Loại hình của cơ quan đơn vị: đơn vị hành chính")?;
    sheet.write_string(
        3,
        0,
        "2- Tổng số CBCCVC và LĐHĐ hiện có của cơ quan, đơn vị: 3 người",
    )?;
    let headers = [
        "ST T",
        "Họ và tên",
        "Chức vụ",
        "Tài khoản",
        "Email",
        "SĐT liên hệ",
        "Đơn vị",
        "Vai trò",
        "Là quản trị\nđơn vị",
        "Lãnh đạo phụ trách nhận xét",
        "Lãnh đạo đánh giá",
    ];
    for (c, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(5, c, h, &bold)?;
    }
    sheet.write_number(6, 0, 1)?;
    sheet.write_string(6, 1, "Nguyễn Văn A")?;
    sheet.write_string(6, 2, "Chuyên viên")?;
    sheet.write_string(6, 3, "nguyenvana_badinh")?;
    sheet.write_string(6, 4, "nguyenvana_badinh@hanoi.gov.vn")?;
    sheet.write_string(6, 5, "0123456789")?;
    sheet.write_string(6, 6, "Đảng ủy phường Cống Vị")?;
    sheet.write_string(6, 7, "Công chức, viên chức, lao động hợp đồng")?;
    sheet.write_string(6, 8, "X")?;
    sheet.write_string(6, 9, "Nguyễn Văn B")?;
    sheet.write_string(6, 10, "Nguyễn Văn C")?;
    sheet.write_number(7, 0, 2)?;
    sheet.write_string(7, 1, "Đỗ Thị Hường")?;
    sheet.write_string(7, 2, "Phó Chủ tịch")?;
    sheet.write_number(7, 5, 912_345_678)?;
    sheet.write_string(7, 6, "Ủy ban nhân dân phường Điện Biên")?;
    sheet.write_string(7, 7, "Trưởng, phó các phòng, ban, ngành")?;
    // Not a formula: LibreOffice writes 0 as the cached result of a text formula it converts
    // from .xlsx, and an .xls reader only has the cached result.
    sheet.write_string(7, 10, "Nguyễn Văn C")?;
    sheet.write_string(8, 0, "...")?;
    sheet.write_number(9, 0, 3)?;
    sheet.write_string(9, 1, "Lê Thị Ánh Tuyết")?;
    sheet.write_string(9, 2, "Kế toán")?;
    sheet.write_number(9, 5, 2.5)?;
    sheet.write_string(9, 6, "Trường Mầm non Hoa Sữa")?;
    sheet.write_string(9, 7, "Tổng hợp, tham mưu đánh giá")?;
    book.save(&path)?;
    println!("{path}");
    Ok(())
}
