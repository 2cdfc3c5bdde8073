//! Writing a staff list laid out like Mẫu số 01: the export, the error report and the blank
//! template.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet,
};

use crate::{Column, SheetError};

/// One row to write: its cells (a missing column is an empty cell) and, for the error report,
/// what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutRow {
    pub cells: BTreeMap<Column, String>,
    pub error: Option<String>,
}

/// Title of the template, as on the form.
pub const TEMPLATE_TITLE: &str = "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, LAO ĐỘNG HỢP ĐỒNG";

/// Header of the error column of the error report.
pub const ERROR_TITLE: &str = "Lỗi";

/// The four roles the form allows (seed 001, guidance under the table).
pub const ROLES: [&str; 4] = [
    "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị",
    "Trưởng, phó các phòng, ban, ngành",
    "Công chức, viên chức, lao động hợp đồng",
    "Tổng hợp, tham mưu đánh giá",
];

/// Sheet name of the staff list.
const LIST_SHEET: &str = "Danh sách";
/// Sheet name of the guidance.
const GUIDE_SHEET: &str = "Hướng dẫn";

/// Rows of the layout (0-based): the title, then the header; data start below.
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 1;
const FIRST_DATA_ROW: u32 = 2;

/// The template's data validations reach this many rows.
const TEMPLATE_ROWS: u32 = 5_000;

fn width(column: Column) -> f64 {
    match column {
        Column::Stt => 6.0,
        Column::FullName => 24.0,
        Column::Position => 20.0,
        Column::Username => 24.0,
        Column::Email => 32.0,
        Column::Phone => 14.0,
        Column::Unit => 32.0,
        Column::Role => 36.0,
        Column::IsUnitAdmin => 11.0,
        Column::Reviewer => 24.0,
        Column::Evaluator => 24.0,
    }
}

/// Columns typed as text, so that Excel keeps a phone's leading zero and never turns an
/// account name into a number or date.
fn is_text_column(column: Column) -> bool {
    matches!(column, Column::Phone | Column::Username)
}

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    text_cell: Format,
    error_cell: Format,
}

impl Formats {
    fn new() -> Self {
        let border = Format::new().set_border(FormatBorder::Thin);
        let cell = border.clone().set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: border
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0x00DD_EBF7)),
            text_cell: cell.clone().set_num_format("@"),
            error_cell: cell.clone().set_font_color(Color::RGB(0x00C0_0000)),
            cell,
        }
    }
}

/// Writes the title line, the header and the column layout; the data go below.
fn write_head(
    sheet: &mut Worksheet,
    title: &str,
    note: Option<&str>,
    f: &Formats,
) -> Result<u16, SheetError> {
    let with_error_column = note.is_some();
    let ncols: u16 = if with_error_column { 12 } else { 11 };
    sheet.set_name(LIST_SHEET)?;
    for (i, column) in (0u16..).zip(Column::ALL) {
        sheet.set_column_width(i, width(column))?;
        if is_text_column(column) {
            sheet.set_column_format(i, &f.text_cell.clone().set_border(FormatBorder::None))?;
        }
    }
    if with_error_column {
        sheet.set_column_width(11, 60.0)?;
    }
    sheet.set_row_height(TITLE_ROW, 30)?;
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, ncols - 1, title, &f.title)?;
    sheet.set_row_height(HEADER_ROW, 45)?;
    for (i, column) in (0u16..).zip(Column::ALL) {
        sheet.write_string_with_format(HEADER_ROW, i, column.title(), &f.header)?;
    }
    if let Some(note) = note {
        sheet.write_string_with_format(HEADER_ROW, 11, note, &f.header)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    // Printed as the form is: A4 landscape, the columns on one page width, the header on
    // every page.
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_repeat_rows(TITLE_ROW, HEADER_ROW)?;
    Ok(ncols)
}

/// Writes one data row at a 0-based sheet row.
fn write_row(
    sheet: &mut Worksheet,
    at: u32,
    row: &OutRow,
    with_error_column: bool,
    f: &Formats,
) -> Result<(), SheetError> {
    for (i, column) in (0u16..).zip(Column::ALL) {
        let text = row.cells.get(&column).map_or("", String::as_str);
        let format = if is_text_column(column) {
            &f.text_cell
        } else {
            &f.cell
        };
        if text.is_empty() {
            sheet.write_blank(at, i, format)?;
        } else if let Some(n) = plain_integer(column, text) {
            // An STT typed as a number, as Excel users expect (no "number stored as text").
            sheet.write_number_with_format(at, i, n, format)?;
        } else {
            sheet.write_string_with_format(at, i, text, format)?;
        }
    }
    if with_error_column {
        match row.error.as_deref() {
            Some(e) if !e.is_empty() => {
                sheet.write_string_with_format(at, 11, e, &f.error_cell)?;
            }
            _ => {
                sheet.write_blank(at, 11, &f.error_cell)?;
            }
        }
    }
    Ok(())
}

/// The STT as a number when it reads back as the same text.
fn plain_integer(column: Column, text: &str) -> Option<f64> {
    if column != Column::Stt || text.len() > 9 {
        return None;
    }
    let n: u32 = text.parse().ok()?;
    (n.to_string() == text).then_some(f64::from(n))
}

/// An .xlsx laid out like Mẫu số 01: a title line, the header of the 11 columns in the form's
/// order and one line per row; with `with_error_column`, a 12th column "Lỗi" holds each row's
/// error in red. Rows are streamed to a temporary file as they are written, so a 100,000-row
/// export does not hold the sheet in memory.
pub fn write_staff_sheet(
    title: &str,
    rows: &[OutRow],
    with_error_column: bool,
) -> Result<Vec<u8>, SheetError> {
    write_staff_sheet_with_note(title, rows, with_error_column.then_some(ERROR_TITLE))
}

/// The same layout with a 12th column of another title (e.g. the one-time passwords of an
/// import), taken from each row's `error` text.
pub fn write_staff_sheet_with_note(
    title: &str,
    rows: &[OutRow],
    note: Option<&str>,
) -> Result<Vec<u8>, SheetError> {
    let with_error_column = note.is_some();
    let mut book = Workbook::new();
    let f = Formats::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    write_head(sheet, title, note, &f)?;
    for (at, row) in (FIRST_DATA_ROW..).zip(rows) {
        write_row(sheet, at, row, with_error_column, &f)?;
    }
    Ok(book.save_to_buffer()?)
}

/// The example row of the template, from the form (seed 001).
pub fn example_row() -> OutRow {
    let cells = [
        (Column::Stt, "1"),
        (Column::FullName, "Nguyễn Văn A"),
        (Column::Position, "Chuyên viên"),
        (Column::Username, "nguyenvana_badinh"),
        (Column::Email, "nguyenvana_badinh@hanoi.gov.vn"),
        (Column::Phone, "0123456789"),
        (Column::Unit, "Đảng ủy phường Cống Vị"),
        (Column::Role, ROLES[2]),
        (Column::IsUnitAdmin, "X"),
        (Column::Reviewer, "Nguyễn Văn B"),
        (Column::Evaluator, "Nguyễn Văn C"),
    ];
    OutRow {
        cells: cells.into_iter().map(|(c, t)| (c, t.to_owned())).collect(),
        error: None,
    }
}

/// The guidance under the form's table (seed 001), one paragraph per line.
pub const GUIDANCE: &[&str] = &[
    "Hướng dẫn việc cập nhật dữ liệu ban đầu đối với phần mềm",
    "- Họ và tên: Ghi rõ, đầy đủ, chính xác họ và tên của cán bộ.",
    "- Chức vụ: Chức vụ của cán bộ tại cơ quan, đơn vị.",
    "- Tài khoản: dùng để đăng nhập vào hệ thống, đặt tên tài khoản theo cú pháp: \
     họvàtênviếtliềnkhôngdấu_hậutốđơnvị. Ví dụ: nguyenvana_badinh; nguyenthib_badinh.",
    "- Email: địa chỉ hòm thư cán bộ, ưu tiên sử dụng email công vụ để bảo đảm tính bảo mật.",
    "- SĐT liên hệ: cập nhật chính xác SĐT của cán bộ phục vụ việc xác minh tài khoản, \
     lấy lại mật khẩu.",
    "- Đơn vị: điền tên cơ quan, đơn vị của cán bộ.",
    "- Vai trò: cập nhật đúng vai trò tương ứng với chức vụ của từng cán bộ, là một trong các \
     giá trị sau:",
    ROLES[0],
    ROLES[1],
    ROLES[2],
    ROLES[3],
    "- Là quản trị đơn vị: Quản trị đơn vị là cán bộ phụ trách việc thêm mới, sửa, xóa, phân \
     quyền và cấp lại mật khẩu cho người dùng của đơn vị.",
    "  + Đối với cán bộ quản trị đơn vị đánh dấu X, các cán bộ không phải là quản trị đơn vị \
     không điền vào mục này.",
    "- Lãnh đạo phụ trách nhận xét:",
    "  + Đối với các phòng, ban, đơn vị có từ 20 cán bộ trở lên, ghi tên lãnh đạo cấp phó phụ \
     trách trực tiếp nhận xét trước khi trình phiếu đánh giá lên cấp có thẩm quyền đánh giá.",
    "  + Lãnh đạo cấp phó của cơ quan phụ trách nhận xét đánh giá đối với các trưởng phòng, \
     ban, đơn vị trực thuộc.",
    "- Lãnh đạo đánh giá: Ghi tên lãnh đạo cấp trưởng phụ trách đánh giá cuối cùng đối với \
     phiếu đánh giá của cán bộ.",
];

/// Width of the guidance column, and about how many characters fit on one of its lines.
const GUIDE_WIDTH: f64 = 100.0;
const GUIDE_CHARS_PER_LINE: usize = 100;

/// Index in [`GUIDANCE`] of the first role line (they are listed as the allowed values).
const FIRST_ROLE_LINE: u32 = 8;

/// The blank Mẫu số 01 to hand out: the title, the header, one example row from the form, a
/// drop-down of the four roles and of "X" for the unit-admin column, and a second sheet
/// "Hướng dẫn" with the form's guidance.
pub fn template() -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    {
        let sheet = book.add_worksheet();
        write_head(sheet, TEMPLATE_TITLE, None, &f)?;
        write_row(sheet, FIRST_DATA_ROW, &example_row(), false, &f)?;
        let col = |c: Column| {
            (0u16..)
                .zip(Column::ALL)
                .find(|(_, x)| *x == c)
                .map(|(i, _)| i)
        };
        let last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1;
        if let Some(role) = col(Column::Role) {
            let first = FIRST_ROLE_LINE + 1;
            let roles = Formula::new(format!("='{GUIDE_SHEET}'!$A${first}:$A${}", first + 3));
            let v = DataValidation::new()
                .allow_list_formula(roles)
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Vai trò")?
                .set_error_message("Vai trò nên là một trong bốn giá trị ở trang Hướng dẫn.")?;
            sheet.add_data_validation(FIRST_DATA_ROW, role, last, role, &v)?;
        }
        if let Some(admin) = col(Column::IsUnitAdmin) {
            let v = DataValidation::new()
                .allow_list_strings(&["X"])?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Là quản trị đơn vị")?
                .set_error_message("Đánh dấu X nếu là quản trị đơn vị, nếu không thì để trống.")?;
            sheet.add_data_validation(FIRST_DATA_ROW, admin, last, admin, &v)?;
        }
    }
    let guide = book.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    guide.set_column_width(0, GUIDE_WIDTH)?;
    guide
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new().set_bold().set_font_size(13);
    let role = wrap.clone().set_indent(2);
    for (i, line) in (0u32..).zip(GUIDANCE) {
        let format = if i == 0 {
            &bold
        } else if (FIRST_ROLE_LINE..FIRST_ROLE_LINE + 4).contains(&i) {
            &role
        } else {
            &wrap
        };
        // Neither Excel nor LibreOffice grows a row for wrapped text written by a program:
        // give each paragraph the height of its lines.
        let lines = line.chars().count().div_ceil(GUIDE_CHARS_PER_LINE).max(1);
        guide.set_row_height(i, 16.5 * f64::from(u32::try_from(lines).unwrap_or(1)))?;
        guide.write_string_with_format(i, 0, *line, format)?;
    }
    Ok(book.save_to_buffer()?)
}
