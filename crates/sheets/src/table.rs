//! Any table of the app as .xlsx (issue 8 §3: "every table to .xlsx"): a title, the header and
//! the rows, numbers as numbers so Excel can sum them, and a total row when given.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::SheetError;

/// A cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum TableCell {
    Text(String),
    Number(f64),
}

/// A table to write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub sheet: String,
    pub title: String,
    pub subtitle: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
    pub total: Option<Vec<TableCell>>,
}

/// The sheet row (0-based) of a table's header.
pub const TABLE_HEADER_ROW: u32 = 3;

/// Writes `t` as a one-sheet workbook, row after row (constant memory).
pub fn write_table(t: &Table) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    let name: String = t
        .sheet
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(if name.is_empty() { "Bảng" } else { &name })?;
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let bold = base.clone().set_bold();
    let header = bold
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = base.clone().set_border(FormatBorder::Thin);
    let total = bold.clone().set_border(FormatBorder::Thin);
    let widths = t.headers.len().max(1);
    for c in 0..widths {
        sheet.set_column_width(
            u16::try_from(c).unwrap_or(0),
            if c == 0 { 36.0 } else { 12.0 },
        )?;
    }
    sheet.write_with_format(0, 0, &t.title, &bold)?;
    sheet.write_with_format(1, 0, &t.subtitle, &base.clone().set_italic())?;
    for (c, h) in t.headers.iter().enumerate() {
        sheet.write_with_format(TABLE_HEADER_ROW, u16::try_from(c).unwrap_or(0), h, &header)?;
    }
    let lines = t
        .rows
        .iter()
        .map(|x| (x, &cell))
        .chain(t.total.iter().map(|x| (x, &total)));
    for (r, (row, format)) in (TABLE_HEADER_ROW + 1..).zip(lines) {
        for (c, v) in row.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(0);
            match v {
                TableCell::Text(s) => sheet.write_with_format(r, col, s, format)?,
                TableCell::Number(n) => sheet.write_with_format(r, col, *n, format)?,
            };
        }
    }
    Ok(book.save_to_buffer()?)
}
