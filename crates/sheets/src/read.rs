//! Reading a filled-in Mẫu số 01 from an .xlsx or .xls workbook.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Reader, Sheet, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError};

use crate::cell::{MAX_TEXT_BYTES, TextBudget, data_ref_text, data_text};
use crate::column::{MAX_HEADER_BYTES, column_letters};
use crate::{Column, SheetError};

/// The most data rows one sheet may have.
pub const MAX_ROWS: usize = 100_000;

/// How many rows from the top of the sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// One data row as typed: each column of the header, as trimmed NFC text (empty when the cell
/// is empty); columns the sheet lacks are absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// 1-based sheet row number, as Excel shows it.
    pub row: u32,
    pub cells: BTreeMap<Column, String>,
}

impl SheetRow {
    /// The cell's text; empty when the cell is empty or the sheet has no such column.
    pub fn get(&self, column: Column) -> &str {
        self.cells.get(&column).map_or("", String::as_str)
    }
}

/// A staff sheet as read: where its header is, where each known column is, and its data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSheet {
    /// 1-based sheet row number of the header row.
    pub header_row: u32,
    /// The recognised columns with their 0-based sheet column index, in sheet order.
    pub columns: Vec<(Column, u32)>,
    pub rows: Vec<SheetRow>,
}

impl StaffSheet {
    /// The sheet column letter of a column ("B", "F"), for messages; `None` if the sheet
    /// lacks it.
    pub fn column_letter(&self, column: Column) -> Option<String> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, i)| column_letters(*i))
    }

    /// The Excel reference of a cell ("F12"), for messages; `None` if the sheet lacks the
    /// column.
    pub fn cell_ref(&self, row: u32, column: Column) -> Option<String> {
        self.column_letter(column).map(|l| format!("{l}{row}"))
    }

    /// Whether the sheet has the column.
    pub fn has(&self, column: Column) -> bool {
        self.columns.iter().any(|(c, _)| *c == column)
    }
}

/// Reads the staff list on the first worksheet of an .xlsx or .xls workbook (told apart by
/// content, not name), at most [`MAX_ROWS`] data rows.
pub fn read_staff_sheet(bytes: &[u8]) -> Result<StaffSheet, SheetError> {
    read_staff_sheet_with_max_rows(bytes, MAX_ROWS)
}

/// [`read_staff_sheet`] with another row limit.
pub fn read_staff_sheet_with_max_rows(
    bytes: &[u8],
    max_rows: usize,
) -> Result<StaffSheet, SheetError> {
    let format = Format::sniff(bytes).ok_or(SheetError::NotASpreadsheet)?;
    // The readers parse untrusted bytes; should one of them panic on a malformed file, that
    // file is unreadable, not a crashed request.
    std::panic::catch_unwind(|| {
        let mut asm = Assembler::new(max_rows, MAX_TEXT_BYTES);
        match format {
            Format::Xlsx => read_xlsx(bytes, &mut asm)?,
            Format::Xls => read_xls(bytes, &mut asm)?,
        }
        asm.finish()
    })
    .unwrap_or_else(|_| Err(SheetError::Read("the reader failed on this file".into())))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xls,
}

impl Format {
    fn sniff(bytes: &[u8]) -> Option<Format> {
        const ZIP: &[u8] = b"PK\x03\x04";
        const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(ZIP) {
            Some(Format::Xlsx)
        } else if bytes.starts_with(OLE2) {
            Some(Format::Xls)
        } else {
            None
        }
    }
}

/// The sheet a person sees first: the first visible worksheet, else the first worksheet.
fn first_worksheet(sheets: &[Sheet]) -> Result<String, SheetError> {
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or(SheetError::NoSheet)
}

fn read_xlsx(bytes: &[u8], asm: &mut Assembler) -> Result<(), SheetError> {
    crate::xlsx_guard::check(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => SheetError::Encrypted,
        // A zip without a workbook: a .docx, an .odt, a zipped folder.
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => SheetError::NotASpreadsheet,
        e => SheetError::Read(e.to_string()),
    })?;
    let name = first_worksheet(book.sheets_metadata())?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| SheetError::Read(e.to_string()))?;
    // Streamed cell by cell: memory follows the cells kept, not the sheet's declared size.
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| SheetError::Read(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        asm.push(row, col, || data_ref_text(cell.get_value()))?;
    }
    asm.end_row();
    Ok(())
}

fn read_xls(bytes: &[u8], asm: &mut Assembler) -> Result<(), SheetError> {
    let checked = crate::xls_guard::sanitise(bytes)?;
    let mut book = Xls::new(Cursor::new(checked)).map_err(|e| match e {
        XlsError::Password => SheetError::Encrypted,
        e => SheetError::Read(e.to_string()),
    })?;
    let name = first_worksheet(book.sheets_metadata())?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| SheetError::Read(e.to_string()))?;
    let Some((row0, col0)) = range.start() else {
        return Ok(());
    };
    for (r, c, value) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        asm.push(row0 + r, col0 + c, || data_text(value))?;
    }
    asm.end_row();
    Ok(())
}

/// Turns cells, arriving row by row, into the header and the data rows.
struct Assembler {
    max_rows: usize,
    /// The text kept so far (each cell taken, once).
    budget: TextBudget,
    /// Once found: the header's row (0-based) and the recognised columns.
    header: Option<(u32, Vec<(Column, u32)>)>,
    /// The required columns missing from the closest header candidate so far.
    best_missing: Option<Vec<Column>>,
    /// The row being collected and its non-empty cells (0-based column, text).
    current: Option<(u32, Vec<(u32, String)>)>,
    rows: Vec<SheetRow>,
}

impl Assembler {
    fn new(max_rows: usize, text_bytes: usize) -> Self {
        Assembler {
            max_rows,
            budget: TextBudget::new(text_bytes),
            header: None,
            best_missing: None,
            current: None,
            rows: Vec::new(),
        }
    }

    /// Takes one cell; `text` is only computed for cells that matter.
    fn push(
        &mut self,
        row: u32,
        col: u32,
        text: impl FnOnce() -> Result<String, SheetError>,
    ) -> Result<(), SheetError> {
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            self.end_row();
            self.check()?;
        }
        if self.header.is_none() && row >= HEADER_SEARCH_ROWS {
            return Err(self.no_header());
        }
        let wanted = match &self.header {
            None => true,
            Some((_, columns)) => columns.iter().any(|(_, i)| *i == col),
        };
        if !wanted {
            return Ok(());
        }
        let text = text()?;
        if text.is_empty() {
            return Ok(());
        }
        // A row holding each cell once keeps its text once more; the budget counts both.
        self.budget.take(text.len().saturating_mul(2))?;
        self.current
            .get_or_insert_with(|| (row, Vec::new()))
            .1
            .push((col, text));
        Ok(())
    }

    fn check(&self) -> Result<(), SheetError> {
        if self.rows.len() > self.max_rows {
            return Err(SheetError::TooManyRows { max: self.max_rows });
        }
        Ok(())
    }

    fn end_row(&mut self) {
        let Some((row, cells)) = self.current.take() else {
            return;
        };
        match &self.header {
            None => self.consider_header(row, &cells),
            Some((_, columns)) => {
                let mut out = BTreeMap::new();
                for (column, index) in columns {
                    let text = cells
                        .iter()
                        .find(|(i, _)| i == index)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default();
                    out.insert(*column, text);
                }
                if !is_filler(columns, &out) {
                    self.rows.push(SheetRow {
                        row: row + 1,
                        cells: out,
                    });
                }
            }
        }
    }

    fn consider_header(&mut self, row: u32, cells: &[(u32, String)]) {
        let mut columns: Vec<(Column, u32)> = Vec::new();
        // A text repeated across the row (one shared string) is looked at once.
        let mut seen: HashMap<&str, Option<Column>> = HashMap::new();
        for (index, text) in cells {
            let column = *seen.entry(text.as_str()).or_insert_with(|| {
                (text.len() <= MAX_HEADER_BYTES)
                    .then(|| Column::from_header(text))
                    .flatten()
            });
            if let Some(column) = column
                && !columns.iter().any(|(c, _)| *c == column)
            {
                columns.push((column, *index));
            }
        }
        let missing: Vec<Column> = Column::REQUIRED
            .into_iter()
            .filter(|r| !columns.iter().any(|(c, _)| c == r))
            .collect();
        if missing.is_empty() {
            columns.sort_by_key(|(_, i)| *i);
            self.header = Some((row, columns));
        } else if self
            .best_missing
            .as_ref()
            .is_none_or(|best| missing.len() < best.len())
        {
            self.best_missing = Some(missing);
        }
    }

    fn no_header(&self) -> SheetError {
        SheetError::NoHeader {
            missing: self
                .best_missing
                .clone()
                .unwrap_or_else(|| Column::REQUIRED.to_vec()),
        }
    }

    fn finish(mut self) -> Result<StaffSheet, SheetError> {
        self.end_row();
        self.check()?;
        match self.header {
            None => Err(self.no_header()),
            Some((row, columns)) => Ok(StaffSheet {
                header_row: row + 1,
                columns,
                rows: self.rows,
            }),
        }
    }
}

/// Rows that hold no person: only an STT, only "..." placeholders (the form's "..." line), or
/// the column numbering line some forms put under the header ("(1)", "(2)", … or 1, 2, …).
fn is_filler(columns: &[(Column, u32)], cells: &BTreeMap<Column, String>) -> bool {
    let filled: Vec<&str> = columns
        .iter()
        .filter(|(c, _)| *c != Column::Stt)
        .filter_map(|(c, _)| cells.get(c).map(String::as_str))
        .filter(|t| !t.is_empty())
        .collect();
    if filled.is_empty() {
        return true;
    }
    if filled
        .iter()
        .all(|t| t.chars().all(|ch| matches!(ch, '.' | '…' | ' ')))
    {
        return true;
    }
    // Column numbering: every filled cell, in sheet order, a number one more than the last.
    let numbers: Vec<Option<u32>> = columns
        .iter()
        .filter_map(|(c, _)| cells.get(c).map(String::as_str))
        .filter(|t| !t.is_empty())
        .map(|t| {
            let t = t
                .strip_prefix('(')
                .and_then(|t| t.strip_suffix(')'))
                .unwrap_or(t);
            t.parse().ok()
        })
        .collect();
    numbers.len() >= 3
        && numbers.iter().all(Option::is_some)
        && numbers
            .windows(2)
            .all(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a.checked_add(1) == Some(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx_guard::workbook;

    const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Chức vụ</t></is></c><c r="C1" t="inlineStr"><is><t>Đơn vị</t></is></c><c r="D1" t="inlineStr"><is><t>Vai trò</t></is></c></row>"#;

    /// Finding: every cell naming a shared string got its own tidied copy of it. A 3 KB upload
    /// of 1,000 cells naming one string of a million characters took 53 s and 1 GB; the cells
    /// of the first rows of a sheet (16,384 columns × 30 rows) would take hundreds of GB.
    #[test]
    fn a_long_shared_string_named_by_many_cells_is_refused_at_once() {
        let shared = [b"<si><t>".as_slice(), &b"a".repeat(1 << 20), b"</t></si>"].concat();
        let cells = br#"<c r="A1" t="s"><v>0</v></c>"#.repeat(1_000);
        let sheet = [b"<row r=\"1\">".as_slice(), &cells, b"</row>"].concat();
        let file = workbook(&sheet, Some(&shared));
        assert!(file.len() < 50_000, "{}", file.len());
        let started = std::time::Instant::now();
        assert!(matches!(read_staff_sheet(&file), Err(SheetError::Read(_))));
        assert!(crate::read_catalogue(&file).is_err());
        assert!(started.elapsed().as_secs() < 5);
    }

    /// Finding: every candidate header cell was compared with every spelling folded anew, so
    /// a 26 KB upload of 29 rows × 16,384 cells naming one shared string took 5 s to find no
    /// header (31 s for a catalogue). Here 6 rows; the header search stops after 30.
    #[test]
    fn a_wide_sheet_without_a_header_is_refused_quickly() {
        let cells = br#"<c t="s"><v>0</v></c>"#.repeat(16_384);
        let sheet: Vec<u8> = (1..=6)
            .flat_map(|r| {
                [
                    format!(r#"<row r="{r}">"#).into_bytes(),
                    cells.clone(),
                    b"</row>".to_vec(),
                ]
            })
            .flatten()
            .collect();
        let file = workbook(&sheet, Some(b"<si><t>Ghi chu (x)</t></si>"));
        let started = std::time::Instant::now();
        assert!(matches!(
            read_staff_sheet(&file),
            Err(SheetError::NoHeader { .. })
        ));
        assert!(matches!(
            crate::read_catalogue(&file),
            Err(SheetError::NoCatalogueHeader { .. })
        ));
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn cells_up_to_excels_limit_are_read() -> Result<(), SheetError> {
        let note = "ư".repeat(crate::cell::MAX_CELL_CHARS);
        let row = format!(
            r#"<row r="2"><c r="A2" t="inlineStr"><is><t>Nguyễn Văn A</t></is></c><c r="B2" t="inlineStr"><is><t>{note}</t></is></c></row>"#
        );
        let file = workbook(format!("{HEADER}{row}").as_bytes(), None);
        let sheet = read_staff_sheet(&file)?;
        assert_eq!(
            sheet.rows[0].get(Column::Position).chars().count(),
            note.chars().count()
        );
        Ok(())
    }

    /// The text a read keeps is capped, however it is spread over cells.
    #[test]
    fn the_text_kept_is_capped() {
        let mut asm = Assembler::new(MAX_ROWS, 10_000);
        let text = || Ok("x".repeat(1_000));
        let mut result = Ok(());
        for col in 0..20 {
            result = result.and_then(|()| asm.push(0, col, text));
        }
        assert!(matches!(result, Err(SheetError::Read(_))), "{result:?}");
    }
}
