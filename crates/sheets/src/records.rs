//! Workbooks of records with named columns, one record per row under a header row, on
//! several named worksheets: the personnel files' import and export (issue 11 §8: "import of
//! existing files from Excel"). The caller says which worksheets and columns it knows; cells
//! come back as text the way a person typed them (dates `dd/mm/yyyy`, numbers as typed), each
//! with its Excel row number and column letter for error messages.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xls, XlsError, Xlsx, XlsxError};
use rust_xlsxwriter::{Format, Workbook};

use crate::SheetError;
use crate::cell::data_text;
use crate::column::{column_letters, header_key};

/// The most data rows read from one worksheet.
pub const MAX_RECORDS: usize = 50_000;

/// One worksheet of records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordSheet {
    /// The worksheet's name as in the workbook.
    pub name: String,
    /// Each known column's key and its letter (`A`, `B`, …).
    pub columns: Vec<(&'static str, String)>,
    /// Each data row: its Excel row number (from 1) and its cells by column key.
    pub rows: Vec<(u32, Vec<(&'static str, String)>)>,
}

impl RecordSheet {
    /// The letter of a column, for messages.
    pub fn letter(&self, key: &str) -> String {
        self.columns
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }
}

/// What a worksheet is: its name, and its columns as (key, header title).
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    pub name: &'static str,
    pub columns: &'static [(&'static str, &'static str)],
}

fn range_of(bytes: &[u8], name: &str) -> Result<Option<Range<Data>>, SheetError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let wanted = |names: Vec<String>| {
        names
            .into_iter()
            .find(|n| header_key(n) == header_key(name))
    };
    if bytes.starts_with(ZIP) {
        crate::xlsx_guard::check(bytes)?;
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
            XlsxError::Password => SheetError::Encrypted,
            XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => {
                SheetError::NotASpreadsheet
            }
            e => SheetError::Read(e.to_string()),
        })?;
        let Some(n) = wanted(book.sheet_names()) else {
            return Ok(None);
        };
        book.worksheet_range(&n)
            .map(Some)
            .map_err(|e| SheetError::Read(e.to_string()))
    } else if bytes.starts_with(OLE2) {
        let checked = crate::xls_guard::sanitise(bytes)?;
        let mut book = Xls::new(Cursor::new(checked)).map_err(|e| match e {
            XlsError::Password => SheetError::Encrypted,
            e => SheetError::Read(e.to_string()),
        })?;
        let Some(n) = wanted(book.sheet_names()) else {
            return Ok(None);
        };
        book.worksheet_range(&n)
            .map(Some)
            .map_err(|e| SheetError::Read(e.to_string()))
    } else {
        Err(SheetError::NotASpreadsheet)
    }
}

/// Reads the worksheets `specs` names (by name, case and accents aside) from an .xlsx or .xls
/// workbook: in each, the header row is the first row holding any of its column titles; the
/// rows below it are records (empty rows skipped). A missing worksheet reads as none.
pub fn read_records(bytes: &[u8], specs: &[SheetSpec]) -> Result<Vec<RecordSheet>, SheetError> {
    // The readers parse untrusted bytes; a panic is an unreadable file, not a crashed request.
    std::panic::catch_unwind(|| {
        let mut out = Vec::new();
        for spec in specs {
            let Some(range) = range_of(bytes, spec.name)? else {
                out.push(RecordSheet {
                    name: spec.name.to_owned(),
                    ..RecordSheet::default()
                });
                continue;
            };
            out.push(read_one(&range, spec)?);
        }
        Ok(out)
    })
    .unwrap_or_else(|_| Err(SheetError::Read("the reader failed on this file".into())))
}

fn read_one(range: &Range<Data>, spec: &SheetSpec) -> Result<RecordSheet, SheetError> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut sheet = RecordSheet {
        name: spec.name.to_owned(),
        ..RecordSheet::default()
    };
    let mut header: Option<Vec<(usize, &'static str)>> = None;
    for (i, row) in range.rows().enumerate() {
        let excel_row = row0 + u32::try_from(i).unwrap_or(u32::MAX) + 1;
        let texts: Vec<String> = row.iter().map(data_text).collect::<Result<_, _>>()?;
        match &header {
            None => {
                let found: Vec<(usize, &'static str)> = texts
                    .iter()
                    .enumerate()
                    .filter_map(|(c, t)| {
                        spec.columns
                            .iter()
                            .find(|(_, title)| {
                                t.len() <= crate::column::MAX_HEADER_BYTES
                                    && header_key(title) == header_key(t)
                            })
                            .map(|(key, _)| (c, *key))
                    })
                    .collect();
                if !found.is_empty() {
                    sheet.columns = found
                        .iter()
                        .map(|(c, k)| (*k, column_letters(col0 + u32::try_from(*c).unwrap_or(0))))
                        .collect();
                    header = Some(found);
                }
            }
            Some(cols) => {
                if texts.iter().all(|t| t.trim().is_empty()) {
                    continue;
                }
                if sheet.rows.len() >= MAX_RECORDS {
                    return Err(SheetError::TooManyRows { max: MAX_RECORDS });
                }
                let cells = cols
                    .iter()
                    .map(|(c, k)| (*k, texts.get(*c).cloned().unwrap_or_default()))
                    .collect();
                sheet.rows.push((excel_row, cells));
            }
        }
    }
    Ok(sheet)
}

/// Writes a workbook of one worksheet per spec, its header row then `rows` (cells in the
/// spec's column order).
pub fn write_records(sheets: &[(SheetSpec, Vec<Vec<String>>)]) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let bold = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_bold();
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    for (spec, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(spec.name)?;
        for (c, (_, title)) in spec.columns.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(0);
            sheet.write_with_format(0, col, *title, &bold)?;
            let widest = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0)
                .max(title.chars().count());
            sheet.set_column_width(col, (widest as f64 + 2.0).clamp(6.0, 50.0))?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_with_format(
                    u32::try_from(r + 1).unwrap_or(u32::MAX),
                    u16::try_from(c).unwrap_or(0),
                    v,
                    &base,
                )?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: SheetSpec = SheetSpec {
        name: "Lý lịch",
        columns: &[("username", "Tài khoản"), ("birth_date", "Ngày sinh")],
    };

    #[test]
    fn what_is_written_reads_back_with_rows_and_letters() -> Result<(), SheetError> {
        let bytes = write_records(&[(
            SPEC,
            vec![
                vec!["lan_hm".into(), "08/03/1988".into()],
                vec![String::new(), String::new()],
                vec!["binh_hm".into(), "01/01/1990".into()],
            ],
        )])?;
        let sheets = read_records(&bytes, &[SPEC])?;
        assert_eq!(sheets[0].letter("birth_date"), "B");
        assert_eq!(
            sheets[0].rows,
            vec![
                (
                    2,
                    vec![
                        ("username", "lan_hm".into()),
                        ("birth_date", "08/03/1988".into())
                    ]
                ),
                (
                    4,
                    vec![
                        ("username", "binh_hm".into()),
                        ("birth_date", "01/01/1990".into())
                    ]
                ),
            ]
        );
        Ok(())
    }

    #[test]
    fn a_missing_sheet_is_empty_and_a_non_workbook_an_error() -> Result<(), SheetError> {
        let bytes = write_records(&[(SPEC, vec![])])?;
        let other = SheetSpec {
            name: "Quá trình",
            columns: &[("username", "Tài khoản")],
        };
        assert!(read_records(&bytes, &[other])?[0].rows.is_empty());
        assert_eq!(
            read_records(b"not a workbook", &[SPEC]),
            Err(SheetError::NotASpreadsheet)
        );
        Ok(())
    }
}
