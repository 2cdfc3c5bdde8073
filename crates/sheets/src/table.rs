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

/// Each column's width in characters: its longest cell (a heading wraps, so it counts up to
/// 16), between 5 and 60.
fn column_widths(t: &Table) -> Vec<f64> {
    let n = t
        .headers
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    (0..n)
        .map(|c| {
            let heading = t.headers.get(c).map_or(0, |h| h.chars().count().min(16));
            let cells = t
                .rows
                .iter()
                .chain(t.total.iter())
                .filter_map(|r| r.get(c))
                .map(|v| match v {
                    TableCell::Text(s) => s.chars().count(),
                    TableCell::Number(n) => format!("{n}").len(),
                })
                .max()
                .unwrap_or(0);
            (heading.max(cells) as f64 + 2.0).clamp(5.0, 60.0)
        })
        .collect()
}

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
    for (c, w) in column_widths(t).into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), w)?;
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

#[cfg(test)]
mod width_tests {
    use super::*;

    #[test]
    fn a_column_is_as_wide_as_what_it_holds() {
        let t = Table {
            headers: vec!["STT".into(), "Họ và tên".into(), "Còn thiếu".into()],
            rows: vec![vec![
                TableCell::Number(1.0),
                TableCell::Text("Nguyễn Thị Minh Khai".into()),
                TableCell::Text("x".repeat(200)),
            ]],
            ..Table::default()
        };
        let w = column_widths(&t);
        assert_eq!(w[0], 5.0, "a number column stays narrow");
        assert_eq!(w[1], 22.0, "a name fits");
        assert_eq!(w[2], 60.0, "a long text is capped");
    }
}
