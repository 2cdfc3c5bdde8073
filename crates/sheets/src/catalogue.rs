//! The catalogue of converted products of NĐ 335/2025 (Điều 13), as Excel: reading a unit's
//! sheet in the layout of the Ministry handbook's appendices (Phụ lục I, Phụ lục III) or its
//! local variants, and writing one in that layout.
//!
//! Reading finds the header row below any title lines, whatever the case, diacritics (NFC or
//! NFD), spacing and line breaks of the headers and whatever the column order; skips blank
//! rows, the column numbering line "(1) (2) …" and section or group heading rows; fills
//! vertically merged cells (a "Nhiệm vụ" or "Phân nhóm" cell spanning several products) down
//! to every row they span; and returns each product row as trimmed NFC text with its sheet row,
//! for the caller to validate and report by row and column letter.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::sync::OnceLock;

use calamine::{
    Dimensions, Reader, Sheet, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError,
};
use danhgia_domain::text::fold;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder,
    FormatUnderline, Workbook, Worksheet,
};

use crate::cell::{MAX_TEXT_BYTES, TextBudget, data_ref_text, data_text};
use crate::column::{MAX_HEADER_BYTES, column_letters, header_key};
use crate::{HEADER_SEARCH_ROWS, MAX_ROWS, SheetError};

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

/// A column of a product catalogue, in the order of the handbook's Phụ lục III (with the code,
/// unit of measure and our written layout's columns added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CatalogueColumn {
    /// Stt: the row's number, or a section number (I, II, A…) on heading rows.
    Stt,
    /// Mã sản phẩm.
    Code,
    /// Nhiệm vụ: the task the product belongs to.
    Task,
    /// Công việc chi tiết: the step of the task (Phụ lục I and III); read into the task.
    Detail,
    /// Sản phẩm đầu ra: the product.
    Name,
    /// Đơn vị tính.
    Measure,
    /// Phân nhóm: complexity group 1..=5.
    Group,
    /// Khung điểm tối đa: the group's frame (informative; read as the points when the sheet
    /// has no "Điểm chấm" column).
    Frame,
    /// Điểm chấm: the product's points within its group's frame (informative).
    Points,
    /// Hệ số quy đổi: standard product units per product.
    Coefficient,
    /// Ghi chú.
    Note,
}

impl CatalogueColumn {
    /// Every column.
    pub const ALL: [CatalogueColumn; 11] = [
        CatalogueColumn::Stt,
        CatalogueColumn::Code,
        CatalogueColumn::Task,
        CatalogueColumn::Detail,
        CatalogueColumn::Name,
        CatalogueColumn::Measure,
        CatalogueColumn::Group,
        CatalogueColumn::Frame,
        CatalogueColumn::Points,
        CatalogueColumn::Coefficient,
        CatalogueColumn::Note,
    ];

    /// The columns a sheet must have for its header row to be recognised.
    pub const REQUIRED: [CatalogueColumn; 3] = [
        CatalogueColumn::Name,
        CatalogueColumn::Group,
        CatalogueColumn::Coefficient,
    ];

    /// The handbook's Vietnamese header.
    pub fn title(self) -> &'static str {
        match self {
            CatalogueColumn::Stt => "Stt",
            CatalogueColumn::Code => "Mã sản phẩm",
            CatalogueColumn::Task => "Nhiệm vụ",
            CatalogueColumn::Detail => "Công việc chi tiết",
            CatalogueColumn::Name => "Sản phẩm đầu ra",
            CatalogueColumn::Measure => "Đơn vị tính",
            CatalogueColumn::Group => "Phân nhóm",
            CatalogueColumn::Frame => "Khung điểm tối đa",
            CatalogueColumn::Points => "Điểm chấm",
            CatalogueColumn::Coefficient => "Hệ số quy đổi",
            CatalogueColumn::Note => "Ghi chú",
        }
    }

    /// A stable snake_case name, as taken by [`CatalogueSheet::cell_ref`].
    pub fn key(self) -> &'static str {
        match self {
            CatalogueColumn::Stt => "stt",
            CatalogueColumn::Code => "code",
            CatalogueColumn::Task => "task",
            CatalogueColumn::Detail => "detail",
            CatalogueColumn::Name => "name",
            CatalogueColumn::Measure => "measure",
            CatalogueColumn::Group => "group",
            CatalogueColumn::Frame => "frame",
            CatalogueColumn::Points => "points",
            CatalogueColumn::Coefficient => "coefficient",
            CatalogueColumn::Note => "note",
        }
    }

    /// Whether the header row must have this column.
    pub fn is_required(self) -> bool {
        CatalogueColumn::REQUIRED.contains(&self)
    }

    /// The column of a [`CatalogueColumn::key`].
    pub fn from_key(key: &str) -> Option<CatalogueColumn> {
        CatalogueColumn::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Header spellings seen in the handbook, the Thanh Hóa catalogue and their variants (the
    /// title is always one of them).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            CatalogueColumn::Stt => &["Stt", "TT", "Số TT", "Số thứ tự"],
            CatalogueColumn::Code => &[
                "Mã sản phẩm",
                "Mã",
                "Mã SP",
                "Mã số",
                "Mã sản phẩm/công việc",
                "Mã sản phẩm, công việc",
            ],
            CatalogueColumn::Task => &[
                "Nhiệm vụ",
                "Tên nhiệm vụ",
                "Nhóm nhiệm vụ",
                "Nội dung nhiệm vụ",
                "Nhiệm vụ, công việc",
            ],
            CatalogueColumn::Detail => &["Công việc chi tiết", "Chi tiết công việc"],
            CatalogueColumn::Name => &[
                "Sản phẩm đầu ra",
                "Sản phẩm",
                "Tên sản phẩm",
                "Sản phẩm/công việc",
                "Sản phẩm, công việc",
                "Tên sản phẩm/công việc",
            ],
            CatalogueColumn::Measure => &["Đơn vị tính", "ĐVT", "Đơn vị đo"],
            CatalogueColumn::Group => &[
                "Phân nhóm",
                "Nhóm",
                "Nhóm độ phức tạp",
                "Phân nhóm độ phức tạp",
                "Thuộc nhóm",
            ],
            CatalogueColumn::Frame => &["Khung điểm tối đa", "Khung điểm", "Điểm tối đa"],
            CatalogueColumn::Points => &["Điểm chấm", "Điểm"],
            CatalogueColumn::Coefficient => &[
                "Hệ số quy đổi",
                "Hệ số",
                "HSQĐ",
                "Hệ số quy đổi về sản phẩm chuẩn",
            ],
            CatalogueColumn::Note => &["Ghi chú"],
        }
    }

    fn from_key_text(key: &str) -> Option<CatalogueColumn> {
        if key.is_empty() {
            return None;
        }
        // Folded once: a sheet's first rows may hold hundreds of thousands of candidates.
        static KEYS: OnceLock<Vec<(String, CatalogueColumn)>> = OnceLock::new();
        KEYS.get_or_init(|| {
            CatalogueColumn::ALL
                .into_iter()
                .flat_map(|c| c.aliases().iter().map(move |a| (header_key(a), c)))
                .collect()
        })
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, c)| *c)
    }

    /// The column a header cell names, if any. Spellings are compared folded (case and
    /// diacritics off, đ→d, only letters and digits kept); a header with a parenthesised
    /// remark ("Điểm chấm (khoảng)", "Hệ số quy đổi (7)=(6)÷5") is also tried without it.
    pub fn from_header(text: &str) -> Option<CatalogueColumn> {
        CatalogueColumn::from_key_text(&header_key(text))
            .or_else(|| CatalogueColumn::from_key_text(&header_key(&without_parentheses(text))))
            .or_else(|| {
                let head = text.split('(').next().unwrap_or_default();
                CatalogueColumn::from_key_text(&header_key(head))
            })
    }
}

/// The text with every "(…)" removed.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0u32;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth = depth.saturating_add(1),
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/// The complexity group (1..=5) a cell names: "2", "Nhóm 2", "nhóm 02", "N2", "Nhóm N2",
/// "Phân nhóm 2", "II", "Nhóm II", "2.0", or any of these followed by ":", "(" or a spaced dash
/// and a description ("Nhóm 1: đơn giản", "Nhóm 2 – Nghiệp vụ"). `None` for anything else,
/// including groups outside 1..=5 ("0", "6", "VI") and ranges ("1-2").
pub fn group_number(text: &str) -> Option<u8> {
    let folded = fold(text);
    let mut s = folded.trim();
    for prefix in ["phan nhom", "nhom do phuc tap", "nhom"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    // "N3" as in the Thanh Hóa catalogue.
    if let Some(rest) = s.strip_prefix('n') {
        let rest = rest.trim_start();
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            s = rest;
        }
    }
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    let (token, rest) = s.split_at(end);
    let n = if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
        if !(rest_is_description(rest) || is_zero_fraction(rest)) {
            return None;
        }
        token.parse::<u32>().ok()?
    } else {
        if !rest_is_description(rest) {
            return None;
        }
        roman(token)?
    };
    u8::try_from(n).ok().filter(|n| (1..=5).contains(n))
}

/// What may follow a group number: nothing, a final dot, or a description after ":", "(" or a
/// dash with a space on each side.
fn rest_is_description(rest: &str) -> bool {
    let trimmed = rest.trim_start();
    if trimmed.is_empty() || trimmed == "." {
        return true;
    }
    if trimmed.starts_with([':', '(']) {
        return true;
    }
    let spaced_before = trimmed.len() < rest.len();
    let mut chars = trimmed.chars();
    matches!(chars.next(), Some('-' | '–' | '—'))
        && spaced_before
        && chars.next().is_some_and(char::is_whitespace)
}

/// ".0", ",00": a whole number written with decimals.
fn is_zero_fraction(rest: &str) -> bool {
    let Some(digits) = rest.strip_prefix(['.', ',']) else {
        return false;
    };
    !digits.is_empty() && digits.bytes().all(|b| b == b'0')
}

/// The value of a lower-case roman numeral up to 39 ("i", "iv", "xii"); `None` otherwise.
fn roman(token: &str) -> Option<u32> {
    if token.is_empty() || !token.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    const NUMERALS: [&str; 40] = [
        "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
        "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv",
        "xxvi", "xxvii", "xxviii", "xxix", "xxx", "xxxi", "xxxii", "xxxiii", "xxxiv", "xxxv",
        "xxxvi", "xxxvii", "xxxviii", "xxxix",
    ];
    (1u32..)
        .zip(NUMERALS.iter().skip(1))
        .find(|(_, r)| **r == token)
        .map(|(n, _)| n)
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Marker of a product inherited from another unit's catalogue, written in the note column.
pub const INHERITED_MARK: &str = "Kế thừa từ:";

/// One product row as typed: trimmed NFC text, empty when the cell is empty or the sheet has no
/// such column. The caller validates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueRow {
    /// 1-based sheet row number, as Excel shows it.
    pub row: u32,
    /// Mã sản phẩm; without a code column, "SP" + the Stt (an integer Stt zero-padded to two
    /// digits: "SP03", "SP12"; another Stt without spaces: "SP1.2", "SPII.A.1") or, without an
    /// Stt, the sheet row number zero-padded to two digits. Empty when the sheet has a code
    /// column and the cell is empty.
    pub code: String,
    /// Nhiệm vụ; with a "Công việc chi tiết" column as well, "nhiệm vụ – công việc chi tiết"
    /// (either alone when the other is empty). Filled from a vertically merged cell, or, in the
    /// handbook's layout with a "Công việc chi tiết" column, from the task line above.
    pub task: String,
    /// Sản phẩm đầu ra.
    pub name: String,
    /// Phân nhóm: "1".."5" when [`group_number`] recognises the cell, otherwise the cell as
    /// typed (empty or wrong, for the caller to report).
    pub group: String,
    /// Đơn vị tính.
    pub measure: String,
    /// Hệ số quy đổi as typed: "1,5", "1.5", or a number cell as Excel's General format shows
    /// it with a dot ("1.5", "2", float noise removed: 0.30000000000000004 → "0.3"). Empty when
    /// the row has no coefficient (it is returned so that the caller reports it).
    pub coefficient: String,
    /// Điểm chấm (else Khung điểm tối đa) as typed, informative.
    pub points: String,
    /// Ghi chú, without the trailing "Kế thừa từ: <unit>" the export writes (see
    /// `inherited_from`).
    pub note: String,
    /// The unit named by a trailing "Kế thừa từ: <unit>" in the note (as [`write_catalogue`]
    /// writes for inherited products); empty when there is none.
    pub inherited_from: String,
}

/// A catalogue sheet as read: where its header is, where each known column is, and its
/// product rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueSheet {
    /// 1-based sheet row number of the header row.
    pub header_row: u32,
    /// The recognised columns with their 0-based sheet column index, in sheet order.
    pub columns: Vec<(CatalogueColumn, u32)>,
    pub rows: Vec<CatalogueRow>,
}

impl CatalogueSheet {
    /// Whether the sheet has the column.
    pub fn has(&self, column: CatalogueColumn) -> bool {
        self.columns.iter().any(|(c, _)| *c == column)
    }

    /// The sheet column letter of a column ("B"); `None` if the sheet lacks it.
    pub fn column_letter(&self, column: CatalogueColumn) -> Option<String> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, i)| column_letters(*i))
    }

    /// The Excel reference ("E7") of the cell a field of a [`CatalogueRow`] came from, for
    /// messages. `field` is a field name of [`CatalogueRow`] or a [`CatalogueColumn::key`]:
    /// "code" (the Stt column when the code was made from it), "task" (the "Nhiệm vụ" column,
    /// else "Công việc chi tiết"), "name", "group", "measure", "coefficient", "points" (the
    /// "Điểm chấm" column, else "Khung điểm tối đa"), "note" or "inherited_from" (the note
    /// column), "stt", "detail", "frame". `None` if the sheet lacks the column or the field is
    /// unknown.
    pub fn cell_ref(&self, row: u32, field: &str) -> Option<String> {
        let candidates: &[CatalogueColumn] = match field {
            "code" => &[CatalogueColumn::Code, CatalogueColumn::Stt],
            "task" => &[CatalogueColumn::Task, CatalogueColumn::Detail],
            "points" => &[CatalogueColumn::Points, CatalogueColumn::Frame],
            "inherited_from" => &[CatalogueColumn::Note],
            _ => {
                let column = CatalogueColumn::from_key(field)?;
                return self.column_letter(column).map(|l| format!("{l}{row}"));
            }
        };
        candidates
            .iter()
            .find_map(|c| self.column_letter(*c))
            .map(|l| format!("{l}{row}"))
    }
}

/// Reads the product catalogue on the first visible worksheet of an .xlsx (or .xls) workbook,
/// told apart by content, not name; at most [`MAX_ROWS`] product rows.
///
/// Errors: [`SheetError::NotASpreadsheet`], [`SheetError::Encrypted`],
/// [`SheetError::NoSheet`], [`SheetError::NoCatalogueHeader`] (no row among the first
/// [`HEADER_SEARCH_ROWS`] has "Sản phẩm đầu ra", "Phân nhóm" and "Hệ số quy đổi"),
/// [`SheetError::TooManyRows`], [`SheetError::Read`].
pub fn read_catalogue(bytes: &[u8]) -> Result<CatalogueSheet, SheetError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let xlsx = if bytes.starts_with(ZIP) {
        true
    } else if bytes.starts_with(OLE2) {
        false
    } else {
        return Err(SheetError::NotASpreadsheet);
    };
    // The readers parse untrusted bytes; should one of them panic on a malformed file, that
    // file is unreadable, not a crashed request.
    std::panic::catch_unwind(|| {
        let mut asm = Assembler::new(MAX_ROWS, MAX_TEXT_BYTES);
        if xlsx {
            read_xlsx(bytes, &mut asm)?;
        } else {
            read_xls(bytes, &mut asm)?;
        }
        asm.finish()
    })
    .unwrap_or_else(|_| Err(SheetError::Read("the reader failed on this file".into())))
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

/// Most bytes of worksheet XML, decompressed, for which the merged cells are loaded: calamine
/// keeps every merged range of a sheet in memory, so a small upload expanding to millions of
/// them is read without filling merged cells. A 100,000-row catalogue is far below.
const MAX_MERGE_SCAN_BYTES: u64 = 64 * 1024 * 1024;

/// Whether all the worksheet parts together decompress to at most [`MAX_MERGE_SCAN_BYTES`].
fn worksheets_are_small(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let mut total: u64 = 0;
    let mut chunk = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return false;
        };
        let Ok(name) = entry.name() else {
            return false;
        };
        let name = name.replace('\\', "/").to_ascii_lowercase();
        if !name.contains("worksheets/") {
            continue;
        }
        loop {
            match entry.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    total = total.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
                    if total > MAX_MERGE_SCAN_BYTES {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
    }
    true
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
    if worksheets_are_small(bytes) {
        // Merged cells only help; a sheet whose merges cannot be read is read without them.
        if let Ok(merges) = book.merge_cells_by_sheet_name(&name) {
            asm.set_merges(&merges);
        }
    }
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
    Ok(())
}

fn read_xls(bytes: &[u8], asm: &mut Assembler) -> Result<(), SheetError> {
    let checked = crate::xls_guard::sanitise(bytes)?;
    let mut book = Xls::new(Cursor::new(checked)).map_err(|e| match e {
        XlsError::Password => SheetError::Encrypted,
        e => SheetError::Read(e.to_string()),
    })?;
    let name = first_worksheet(book.sheets_metadata())?;
    if let Ok(merges) = book.merge_cells_by_sheet_name(&name) {
        asm.set_merges(&merges);
    }
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
    Ok(())
}

/// Most merged ranges a sheet may have for them to fill cells; a real catalogue has a few
/// hundred.
const MAX_MERGES: usize = 100_000;

/// A vertically merged range: its first column and its rows (0-based, inclusive).
#[derive(Debug, Clone, Copy)]
struct Merge {
    col: u32,
    first_row: u32,
    last_row: u32,
}

/// Turns cells, arriving row by row, into the header and the product rows.
struct Assembler {
    max_rows: usize,
    /// The text kept so far: each cell taken, each merged cell filled in, each product row.
    budget: TextBudget,
    /// Vertically merged ranges, by first row; once the header is found, only those starting
    /// below it.
    merges: Vec<Merge>,
    /// How many of `merges` have started above the current row.
    merges_started: usize,
    /// The merged ranges covering the current row, by column (at most one a column).
    merges_open: BTreeMap<u32, Merge>,
    /// The top cells of `merges`, and the text of those read so far.
    merge_tops: BTreeMap<(u32, u32), Option<String>>,
    /// Once found: the header's row (0-based) and the recognised columns, in sheet order.
    header: Option<(u32, Vec<(CatalogueColumn, u32)>)>,
    /// The required columns missing from the closest header candidate so far.
    best_missing: Option<Vec<CatalogueColumn>>,
    /// The row being collected and its non-empty cells (0-based column, text).
    current: Option<(u32, Vec<(u32, String)>)>,
    /// The task of the last task line ("1 | Xây dựng nghị định"), for the detail rows below it.
    task_line: String,
    rows: Vec<CatalogueRow>,
}

impl Assembler {
    fn new(max_rows: usize, text_bytes: usize) -> Self {
        Assembler {
            max_rows,
            budget: TextBudget::new(text_bytes),
            merges: Vec::new(),
            merges_started: 0,
            merges_open: BTreeMap::new(),
            merge_tops: BTreeMap::new(),
            header: None,
            best_missing: None,
            current: None,
            task_line: String::new(),
            rows: Vec::new(),
        }
    }

    /// Takes the sheet's merged ranges (before its cells); more than [`MAX_MERGES`] are
    /// ignored.
    fn set_merges(&mut self, merges: &[Dimensions]) {
        if merges.len() > MAX_MERGES {
            return;
        }
        self.merges = merges
            .iter()
            .filter(|d| d.end.0 > d.start.0)
            .map(|d| Merge {
                col: d.start.1,
                first_row: d.start.0,
                last_row: d.end.0,
            })
            .collect();
        self.merges.sort_by_key(|m| (m.first_row, m.col));
    }

    /// Takes one cell; `text` is only computed for cells that matter.
    fn push(
        &mut self,
        row: u32,
        col: u32,
        text: impl FnOnce() -> Result<String, SheetError>,
    ) -> Result<(), SheetError> {
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            self.end_row()?;
        }
        if self.header.is_none() && row >= HEADER_SEARCH_ROWS {
            return Err(self.no_header());
        }
        let wanted = match &self.header {
            // The row under the header may be a second header line.
            Some((header_row, columns)) if row > header_row.saturating_add(1) => {
                columns.iter().any(|(_, i)| *i == col)
            }
            _ => true,
        };
        if !wanted {
            return Ok(());
        }
        let text = text()?;
        if text.is_empty() {
            return Ok(());
        }
        self.budget.take(text.len())?;
        if let Some(top) = self.merge_tops.get_mut(&(row, col)) {
            self.budget.take(text.len())?;
            *top = Some(text.clone());
        }
        self.current
            .get_or_insert_with(|| (row, Vec::new()))
            .1
            .push((col, text));
        Ok(())
    }

    /// Fills the cells of a data row covered by a merged range from its top cell.
    fn fill_merged(&mut self, row: u32, cells: &mut Vec<(u32, String)>) -> Result<(), SheetError> {
        while let Some(m) = self.merges.get(self.merges_started)
            && m.first_row < row
        {
            self.merges_open.insert(m.col, *m);
            self.merges_started += 1;
        }
        self.merges_open.retain(|_, m| m.last_row >= row);
        for m in self.merges_open.values() {
            if cells.iter().any(|(c, _)| *c == m.col) {
                continue;
            }
            if let Some(Some(text)) = self.merge_tops.get(&(m.first_row, m.col)) {
                self.budget.take(text.len())?;
                cells.push((m.col, text.clone()));
            }
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), SheetError> {
        let Some((row, mut cells)) = self.current.take() else {
            return Ok(());
        };
        if self.header.is_none() {
            self.consider_header(row, &cells);
            return Ok(());
        }
        if self.consider_subheader(row, &cells) {
            return Ok(());
        }
        self.fill_merged(row, &mut cells)?;
        let Some((_, columns)) = &self.header else {
            return Ok(());
        };
        let mut by_column: BTreeMap<CatalogueColumn, String> = BTreeMap::new();
        let mut in_order: Vec<&str> = Vec::new();
        for (column, index) in columns {
            if let Some((_, text)) = cells.iter().find(|(i, _)| i == index) {
                by_column.insert(*column, text.clone());
                in_order.push(text);
            }
        }
        if is_filler(&in_order) {
            return Ok(());
        }
        let has_code_column = columns.iter().any(|(c, _)| *c == CatalogueColumn::Code);
        let has_detail_column = columns.iter().any(|(c, _)| *c == CatalogueColumn::Detail);
        if let Some(out) = self.product(row + 1, &by_column, has_code_column, has_detail_column) {
            // A task line's text is copied into every detail row below it: count each row.
            self.budget.take(row_bytes(&out))?;
            self.rows.push(out);
            if self.rows.len() > self.max_rows {
                return Err(SheetError::TooManyRows { max: self.max_rows });
            }
        }
        Ok(())
    }

    /// The product on a data row, or `None` for a row that holds none (a section, group or
    /// task heading), remembering a task line for the rows below it.
    fn product(
        &mut self,
        row: u32,
        cells: &BTreeMap<CatalogueColumn, String>,
        has_code_column: bool,
        has_detail_column: bool,
    ) -> Option<CatalogueRow> {
        let get = |c: CatalogueColumn| cells.get(&c).map_or("", String::as_str);
        let stt = get(CatalogueColumn::Stt);
        if get(CatalogueColumn::Coefficient).is_empty() {
            if is_section_number(stt) {
                self.task_line.clear();
                return None;
            }
            let no_product = [
                CatalogueColumn::Name,
                CatalogueColumn::Code,
                CatalogueColumn::Group,
                CatalogueColumn::Measure,
            ]
            .into_iter()
            .all(|c| get(c).is_empty());
            if no_product {
                // A task line: the detail rows below it belong to its task.
                let task = get(CatalogueColumn::Task);
                if !task.is_empty() {
                    task.clone_into(&mut self.task_line);
                }
                return None;
            }
            let labels: Vec<&str> = [
                CatalogueColumn::Code,
                CatalogueColumn::Task,
                CatalogueColumn::Detail,
                CatalogueColumn::Name,
                CatalogueColumn::Measure,
                CatalogueColumn::Group,
            ]
            .into_iter()
            .map(get)
            .filter(|t| !t.is_empty())
            .collect();
            if let [label] = labels.as_slice()
                && stt.is_empty()
                && looks_like_heading(label)
            {
                self.task_line.clear();
                return None;
            }
        }
        let mut task = get(CatalogueColumn::Task).to_owned();
        if task.is_empty() && has_detail_column {
            task.clone_from(&self.task_line);
        }
        let detail = get(CatalogueColumn::Detail);
        let task = match (task.is_empty(), detail.is_empty()) {
            (_, true) => task,
            (true, false) => detail.to_owned(),
            (false, false) => format!("{task} – {detail}"),
        };
        let code = if has_code_column {
            get(CatalogueColumn::Code).to_owned()
        } else {
            generated_code(stt, row)
        };
        let raw_group = get(CatalogueColumn::Group);
        let group = group_number(raw_group).map_or_else(|| raw_group.to_owned(), |n| n.to_string());
        let points = match get(CatalogueColumn::Points) {
            "" => get(CatalogueColumn::Frame),
            p => p,
        };
        let (note, inherited_from) = split_inherited(get(CatalogueColumn::Note));
        Some(CatalogueRow {
            row,
            code,
            task,
            name: get(CatalogueColumn::Name).to_owned(),
            group,
            measure: get(CatalogueColumn::Measure).to_owned(),
            coefficient: get(CatalogueColumn::Coefficient).to_owned(),
            points: points.to_owned(),
            note,
            inherited_from,
        })
    }

    /// Takes the row right under the header as a second header line when each of its cells
    /// names a column: a header cell merged over two rows ("Điểm") split below it into
    /// "Khung điểm tối đa" and "Điểm chấm". Its columns replace those of the first line at the
    /// same place.
    fn consider_subheader(&mut self, row: u32, cells: &[(u32, String)]) -> bool {
        let Some((header_row, columns)) = &mut self.header else {
            return false;
        };
        if row != header_row.saturating_add(1) || cells.is_empty() {
            return false;
        }
        let Some(named): Option<Vec<(CatalogueColumn, u32)>> = cells
            .iter()
            .map(|(i, t)| header_column(t).map(|c| (c, *i)))
            .collect()
        else {
            return false;
        };
        for (column, index) in named {
            let required_elsewhere = columns.iter().any(|(c, i)| {
                (*i == index && *c != column && c.is_required())
                    || (*c == column && *i != index && c.is_required())
            });
            if !required_elsewhere {
                columns.retain(|(c, i)| *c != column && *i != index);
                columns.push((column, index));
            }
        }
        columns.sort_by_key(|(_, i)| *i);
        self.merges.retain(|m| m.first_row > row);
        true
    }

    fn consider_header(&mut self, row: u32, cells: &[(u32, String)]) {
        let mut columns: Vec<(CatalogueColumn, u32)> = Vec::new();
        // A text repeated across the row (one shared string) is looked at once.
        let mut seen: HashMap<&str, Option<CatalogueColumn>> = HashMap::new();
        for (index, text) in cells {
            if let Some(column) = *seen
                .entry(text.as_str())
                .or_insert_with(|| header_column(text))
                && !columns.iter().any(|(c, _)| *c == column)
            {
                columns.push((column, *index));
            }
        }
        let missing: Vec<CatalogueColumn> = CatalogueColumn::REQUIRED
            .into_iter()
            .filter(|r| !columns.iter().any(|(c, _)| c == r))
            .collect();
        if missing.is_empty() {
            columns.sort_by_key(|(_, i)| *i);
            // Only ranges started below the header fill data cells (a header cell merged over
            // two rows must not fill the row under it).
            self.merges.retain(|m| m.first_row > row);
            self.merge_tops = self
                .merges
                .iter()
                .map(|m| ((m.first_row, m.col), None))
                .collect();
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
        SheetError::NoCatalogueHeader {
            missing: self
                .best_missing
                .clone()
                .unwrap_or_else(|| CatalogueColumn::REQUIRED.to_vec()),
        }
    }

    fn finish(mut self) -> Result<CatalogueSheet, SheetError> {
        self.end_row()?;
        match self.header {
            None => Err(self.no_header()),
            Some((row, columns)) => Ok(CatalogueSheet {
                header_row: row + 1,
                columns,
                rows: self.rows,
            }),
        }
    }
}

/// The column a header cell names; a text too long to be a header names none.
fn header_column(text: &str) -> Option<CatalogueColumn> {
    if text.len() > MAX_HEADER_BYTES {
        return None;
    }
    CatalogueColumn::from_header(text)
}

/// The bytes of text a product row holds.
fn row_bytes(row: &CatalogueRow) -> usize {
    [
        &row.code,
        &row.task,
        &row.name,
        &row.group,
        &row.measure,
        &row.coefficient,
        &row.points,
        &row.note,
        &row.inherited_from,
    ]
    .iter()
    .map(|s| s.len())
    .sum()
}

/// Rows that hold nothing (their non-empty cells in sheet order): only "..." placeholders, or
/// the column numbering line under the header ("(1)", "(2)", … "(7)=(6)÷5", or 1, 2, 3 …).
fn is_filler(filled: &[&str]) -> bool {
    if filled.is_empty() {
        return true;
    }
    if filled
        .iter()
        .all(|t| t.chars().all(|ch| matches!(ch, '.' | '…' | ' ' | '-')))
    {
        return true;
    }
    if filled.len() < 3 {
        return false;
    }
    let numbered = |t: &str| {
        t.strip_prefix('(')
            .and_then(|t| t.split_once(')'))
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    filled.iter().all(|t| numbered(t))
        || filled
            .iter()
            .zip(1u32..)
            .all(|(t, n)| t.parse::<u32>().ok() == Some(n))
}

/// A section number in the Stt column: roman numerals or single letters, possibly dotted,
/// possibly after "Phần", "Mục" or "Chương" ("I", "II.", "A", "b)", "I.A", "PHẦN II"), but not
/// numbered rows ("1", "1.2", "I.A.1").
fn is_section_number(stt: &str) -> bool {
    let folded = fold(stt).replace(['.', ')', '(', ':'], " ");
    let mut words = folded
        .split_whitespace()
        .filter(|w| !matches!(*w, "phan" | "muc" | "chuong"))
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            roman(w).is_some()
                || matches!(w, "l" | "c")
                || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
        })
}

/// A label that names a section or group rather than a product: "Nhóm 1: Công việc đơn giản",
/// "Phần II", "I. LÃNH ĐẠO, QUẢN LÝ", in capitals up to its colon or dash, or a remark in
/// parentheses ("(Áp dụng cho công chức không giữ chức vụ lãnh đạo)").
fn looks_like_heading(label: &str) -> bool {
    if label.starts_with('(') && label.ends_with(')') {
        return true;
    }
    let head = label
        .split([':', '–', '—'])
        .next()
        .unwrap_or_default()
        .split(". ")
        .next()
        .unwrap_or_default();
    let folded = fold(head);
    if folded.starts_with("nhom") && group_number(head).is_some() {
        return true;
    }
    if is_section_number(head) {
        return true;
    }
    // In capitals up to its colon or dash ("TỔNG CỘNG: 55 nhóm").
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !head.chars().any(char::is_lowercase)
}

/// "SP" + the Stt or the sheet row, for sheets without a code column.
fn generated_code(stt: &str, row: u32) -> String {
    if stt.is_empty() {
        return format!("SP{row:02}");
    }
    if stt.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = stt.parse::<u64>()
    {
        return format!("SP{n:02}");
    }
    let compact: String = stt.chars().filter(|c| !c.is_whitespace()).collect();
    format!("SP{}", compact.to_uppercase())
}

/// Splits a trailing "Kế thừa từ: <unit>" off a note (compared folded, so in any case, with or
/// without diacritics): (the note before it, the unit). A note without one, or with nothing
/// after the colon, is returned whole.
fn split_inherited(note: &str) -> (String, String) {
    let unchanged = || (note.to_owned(), String::new());
    let mark: Vec<char> = fold(INHERITED_MARK)
        .trim_end_matches(':')
        .trim_end()
        .chars()
        .collect();
    // The note's chars folded one by one, with their byte offsets (a cell's text is NFC, so
    // each char folds to one char; a note where one does not is left alone).
    let mut folded: Vec<(usize, char)> = Vec::with_capacity(note.len());
    for (at, c) in note.char_indices() {
        let f = fold(c.encode_utf8(&mut [0u8; 4]));
        let mut chars = f.chars();
        let fc = match (chars.next(), chars.next()) {
            (Some(fc), None) => fc,
            (None, None) if c.is_whitespace() => ' ',
            _ => return unchanged(),
        };
        folded.push((at, fc));
    }
    let chars: Vec<char> = folded.iter().map(|(_, c)| *c).collect();
    let Some(at) = (0..chars.len())
        .rev()
        .find(|i| chars.get(*i..).is_some_and(|rest| rest.starts_with(&mark)))
    else {
        return unchanged();
    };
    let boundary_before = at == 0
        || chars
            .get(at - 1)
            .is_some_and(|c| c.is_whitespace() || matches!(c, ';' | ',' | '.'));
    let mut colon = at + mark.len();
    while chars.get(colon) == Some(&' ') {
        colon += 1;
    }
    if !boundary_before || chars.get(colon) != Some(&':') {
        return unchanged();
    }
    let unit_start = folded.get(colon + 1).map_or(note.len(), |(b, _)| *b);
    let note_end = folded.get(at).map_or(0, |(b, _)| *b);
    let unit = note.get(unit_start..).unwrap_or_default().trim();
    if unit.is_empty() {
        return unchanged();
    }
    let before = note
        .get(..note_end)
        .unwrap_or_default()
        .trim_end_matches([' ', ';', ',']);
    (before.to_owned(), unit.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Title of the written catalogue.
pub const CATALOGUE_TITLE: &str = "DANH MỤC SẢN PHẨM, CÔNG VIỆC QUY ĐỔI";

/// One product to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueOut {
    pub code: String,
    pub task: String,
    pub name: String,
    /// 1..=5, written "Nhóm 2".
    pub group: u8,
    pub measure: String,
    /// Already formatted ("1,5", "1.5", "2"); written as a number when it is one, else as text.
    pub coefficient: String,
    pub note: String,
    /// The unit the product is inherited from; written as "Kế thừa từ: <unit>" at the end of
    /// the note.
    pub inherited_from: Option<String>,
}

/// The written layout's columns, in the handbook's order.
const OUT_COLUMNS: [CatalogueColumn; 8] = [
    CatalogueColumn::Stt,
    CatalogueColumn::Code,
    CatalogueColumn::Task,
    CatalogueColumn::Name,
    CatalogueColumn::Measure,
    CatalogueColumn::Group,
    CatalogueColumn::Coefficient,
    CatalogueColumn::Note,
];
const LAST_COL: u16 = 7;

/// Rows of the layout (0-based): the national heading and the title, the header, its
/// numbering, then the products.
const NATION_ROW: u32 = 0;
const MOTTO_ROW: u32 = 1;
const TITLE_ROW: u32 = 3;
const SUBTITLE_ROW: u32 = 4;
const HEADER_ROW: u32 = 5;
const NUMBERING_ROW: u32 = 6;
const FIRST_DATA_ROW: u32 = 7;

/// Rows below the products that still get the group drop-down, for additions.
const SPARE_ROWS: u32 = 200;

const SHEET_NAME: &str = "Danh mục";
const FONT: &str = "Times New Roman";
const FONT_SIZE: u8 = 12;
/// Height of one line of text at [`FONT_SIZE`], in points.
const LINE_HEIGHT: f64 = 16.5;

fn out_width(column: CatalogueColumn) -> f64 {
    match column {
        CatalogueColumn::Stt => 6.0,
        CatalogueColumn::Code => 12.0,
        CatalogueColumn::Task => 34.0,
        CatalogueColumn::Name => 38.0,
        CatalogueColumn::Measure => 12.0,
        CatalogueColumn::Group => 11.0,
        CatalogueColumn::Coefficient => 11.0,
        CatalogueColumn::Note => 30.0,
        _ => 12.0,
    }
}

struct Formats {
    bold_center: Format,
    motto: Format,
    title: Format,
    subtitle: Format,
    header: Format,
    numbering: Format,
    text: Format,
    center: Format,
    code: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(FONT_SIZE)
            .set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin);
        let bold_center = base.clone().set_bold().set_align(FormatAlign::Center);
        Formats {
            motto: bold_center.clone().set_underline(FormatUnderline::Single),
            title: bold_center.clone().set_font_size(14),
            subtitle: base.clone().set_italic().set_align(FormatAlign::Center),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0x00DD_EBF7)),
            numbering: cell.clone().set_italic().set_align(FormatAlign::Center),
            text: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            code: cell.set_num_format("@"),
            bold_center,
        }
    }
}

/// The coefficient as a number, when the text is a plain decimal ("1,5", "0.25", "2").
fn coefficient_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let mut separators = 0;
    for c in t.chars() {
        match c {
            '0'..='9' => {}
            '.' | ',' => separators += 1,
            _ => return None,
        }
    }
    if separators > 1 || !t.starts_with(|c: char| c.is_ascii_digit()) || t.ends_with(['.', ',']) {
        return None;
    }
    let n: f64 = t.replace(',', ".").parse().ok()?;
    n.is_finite().then_some(n)
}

/// How many lines a text takes in a wrapped column of this width.
fn lines(text: &str, width: f64) -> u32 {
    let per_line = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let chars = u32::try_from(line.chars().count()).unwrap_or(u32::MAX);
            let n = (f64::from(chars) / per_line).ceil();
            if n < 1.0 { 1 } else { n as u32 }
        })
        .sum::<u32>()
        .max(1)
}

/// The note cell of a product: its note, then "Kế thừa từ: <unit>" on a line of its own.
fn note_text(row: &CatalogueOut) -> String {
    match row.inherited_from.as_deref().map(str::trim) {
        Some(unit) if !unit.is_empty() => {
            if row.note.trim().is_empty() {
                format!("{INHERITED_MARK} {unit}")
            } else {
                format!("{}\n{INHERITED_MARK} {unit}", row.note.trim())
            }
        }
        _ => row.note.clone(),
    }
}

fn write_head(sheet: &mut Worksheet, unit_name: &str, f: &Formats) -> Result<(), SheetError> {
    sheet.set_name(SHEET_NAME)?;
    for (i, column) in (0u16..).zip(OUT_COLUMNS) {
        sheet.set_column_width(i, out_width(column))?;
        if column == CatalogueColumn::Code {
            // Codes typed in later stay text ("001", not 1).
            sheet.set_column_format(i, &Format::new().set_num_format("@"))?;
        }
    }
    // National heading: the unit on the left, the national name and motto on the right.
    let unit = unit_name.trim().to_uppercase();
    if !unit.is_empty() {
        sheet.merge_range(
            NATION_ROW,
            0,
            MOTTO_ROW,
            2,
            &unit,
            &f.bold_center.clone().set_text_wrap(),
        )?;
    }
    sheet.merge_range(
        NATION_ROW,
        4,
        NATION_ROW,
        LAST_COL,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.bold_center,
    )?;
    sheet.merge_range(
        MOTTO_ROW,
        4,
        MOTTO_ROW,
        LAST_COL,
        "Độc lập - Tự do - Hạnh phúc",
        &f.motto,
    )?;
    sheet.set_row_height(TITLE_ROW, 24)?;
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, LAST_COL, CATALOGUE_TITLE, &f.title)?;
    sheet.merge_range(
        SUBTITLE_ROW,
        0,
        SUBTITLE_ROW,
        LAST_COL,
        "(Theo Điều 13 Nghị định số 335/2025/NĐ-CP của Chính phủ)",
        &f.subtitle,
    )?;
    sheet.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT + 4.0)?;
    for (i, column) in (0u16..).zip(OUT_COLUMNS) {
        sheet.write_string_with_format(HEADER_ROW, i, column.title(), &f.header)?;
        sheet.write_string_with_format(NUMBERING_ROW, i, format!("({})", i + 1), &f.numbering)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    // Printed as the handbook's tables are: A4 landscape, the columns on one page width, the
    // header on every page.
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_repeat_rows(HEADER_ROW, NUMBERING_ROW)?;
    Ok(())
}

/// An .xlsx laid out like the handbook's catalogue (Phụ lục III, with the code and unit of
/// measure): the unit and the national heading, the title "DANH MỤC SẢN PHẨM, CÔNG VIỆC QUY
/// ĐỔI", the header (Stt, Mã sản phẩm, Nhiệm vụ, Sản phẩm đầu ra, Đơn vị tính, Phân nhóm, Hệ
/// số quy đổi, Ghi chú) with its numbering line, then one line per product in the order given,
/// numbered from 1. The group is written "Nhóm 2" with a drop-down of the five groups; the
/// coefficient as a number when it is one; an inherited product's note ends with "Kế thừa từ:
/// <unit>". Reads back with [`read_catalogue`] to the same values (a number coefficient with a
/// dot: "1,5" → "1.5").
pub fn write_catalogue(unit_name: &str, rows: &[CatalogueOut]) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let sheet = book.add_worksheet();
    write_head(sheet, unit_name, &f)?;
    for ((at, stt), row) in (FIRST_DATA_ROW..).zip(1u32..).zip(rows) {
        let note = note_text(row);
        let cells: [(CatalogueColumn, &str); 8] = [
            (CatalogueColumn::Stt, ""),
            (CatalogueColumn::Code, &row.code),
            (CatalogueColumn::Task, &row.task),
            (CatalogueColumn::Name, &row.name),
            (CatalogueColumn::Measure, &row.measure),
            (CatalogueColumn::Group, ""),
            (CatalogueColumn::Coefficient, &row.coefficient),
            (CatalogueColumn::Note, &note),
        ];
        let mut height = 1;
        for (i, (column, text)) in (0u16..).zip(cells) {
            match column {
                CatalogueColumn::Stt => {
                    sheet.write_number_with_format(at, i, f64::from(stt), &f.center)?;
                }
                CatalogueColumn::Group => {
                    let group = format!("Nhóm {}", row.group);
                    sheet.write_string_with_format(at, i, group, &f.center)?;
                }
                CatalogueColumn::Code if text.is_empty() => {
                    sheet.write_blank(at, i, &f.code)?;
                }
                CatalogueColumn::Code => {
                    sheet.write_string_with_format(at, i, text, &f.code)?;
                }
                CatalogueColumn::Coefficient => match coefficient_number(text) {
                    Some(n) => {
                        sheet.write_number_with_format(at, i, n, &f.center)?;
                    }
                    None if text.is_empty() => {
                        sheet.write_blank(at, i, &f.center)?;
                    }
                    None => {
                        sheet.write_string_with_format(at, i, text, &f.center)?;
                    }
                },
                _ => {
                    if text.is_empty() {
                        sheet.write_blank(at, i, &f.text)?;
                    } else {
                        sheet.write_string_with_format(at, i, text, &f.text)?;
                    }
                    height = height.max(lines(text, out_width(column)));
                }
            }
        }
        // Neither Excel nor LibreOffice grows a row for wrapped text written by a program.
        if height > 1 {
            sheet.set_row_height(at, LINE_HEIGHT * f64::from(height) + 2.0)?;
        }
    }
    let group_col = 5;
    let rows_written = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let last = FIRST_DATA_ROW
        .saturating_add(rows_written)
        .saturating_add(SPARE_ROWS)
        .min(1_048_575);
    let groups = DataValidation::new()
        .allow_list_strings(&["Nhóm 1", "Nhóm 2", "Nhóm 3", "Nhóm 4", "Nhóm 5"])?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Phân nhóm")?
        .set_error_message("Phân nhóm là một trong Nhóm 1 đến Nhóm 5.")?;
    sheet.add_data_validation(FIRST_DATA_ROW, group_col, last, group_col, &groups)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding: a task merged down over many rows is copied into each; one of 30,000
    /// characters over 65,000 rows is 2 GB. The copies count against the text budget.
    #[test]
    fn merged_cells_filled_in_count_against_the_text_budget() {
        let mut asm = Assembler::new(MAX_ROWS, 1_000_000);
        let headers = ["Nhiệm vụ", "Sản phẩm đầu ra", "Phân nhóm", "Hệ số quy đổi"];
        let mut result = (0u32..)
            .zip(headers)
            .try_for_each(|(col, h)| asm.push(0, col, || Ok(h.to_owned())));
        asm.set_merges(&[Dimensions::new((2, 0), (60_000, 0))]);
        let task = "t".repeat(30_000);
        for row in 2..60_000 {
            result = result
                .and_then(|()| {
                    if row == 2 {
                        asm.push(row, 0, || Ok(task.clone()))
                    } else {
                        Ok(())
                    }
                })
                .and_then(|()| asm.push(row, 1, || Ok(format!("SP {row}"))))
                .and_then(|()| asm.push(row, 2, || Ok("1".to_owned())))
                .and_then(|()| asm.push(row, 3, || Ok("1".to_owned())));
            if result.is_err() {
                break;
            }
        }
        assert!(matches!(result, Err(SheetError::Read(_))), "{result:?}");
        assert!(asm.rows.len() < 100, "{}", asm.rows.len());
    }

    #[test]
    fn titles_match_themselves_and_keys_round_trip() {
        for c in CatalogueColumn::ALL {
            assert_eq!(
                CatalogueColumn::from_header(c.title()),
                Some(c),
                "{}",
                c.title()
            );
            assert_eq!(CatalogueColumn::from_key(c.key()), Some(c));
            for a in c.aliases() {
                assert_eq!(CatalogueColumn::from_header(a), Some(c), "{a}");
            }
        }
    }

    #[test]
    fn headers_with_remarks() {
        let h = CatalogueColumn::from_header;
        assert_eq!(h("ĐIỂM CHẤM (KHOẢNG)"), Some(CatalogueColumn::Points));
        assert_eq!(
            h("HỆ SỐ QUY ĐỔI (7)=(6)÷5"),
            Some(CatalogueColumn::Coefficient)
        );
        assert_eq!(h("Đơn vị tính\n(ĐVT)"), Some(CatalogueColumn::Measure));
        assert_eq!(h("NHÓM NHIỆM VỤ"), Some(CatalogueColumn::Task));
        assert_eq!(h("Tần suất/ Số lượng sản phẩm"), None);
        assert_eq!(h("Tham chiếu"), None);
        assert_eq!(h("(3)"), None);
    }

    #[test]
    fn sections_and_headings() {
        for s in [
            "I",
            "II.",
            "IV",
            "A",
            "b)",
            "I.A",
            "PHẦN II",
            "Phần I",
            "I.A.",
        ] {
            assert!(is_section_number(s), "{s}");
        }
        for s in ["", "1", "1.2", "I.A.1", "3.", "Tổng cộng"] {
            assert!(!is_section_number(s), "{s}");
        }
        for s in [
            "Nhóm 1: Công việc đơn giản",
            "Nhóm 2 – Nghiệp vụ thường xuyên",
            "I. LÃNH ĐẠO, QUẢN LÝ",
            "PHẦN III. HỖ TRỢ, PHỤC VỤ",
            "TỔNG CỘNG: 55 nhóm",
            "(Áp dụng cho công chức không giữ chức vụ lãnh đạo)",
        ] {
            assert!(looks_like_heading(s), "{s}");
        }
        for s in [
            "Soạn thảo văn bản hành chính",
            "Nhóm họp giao ban",
            "Báo cáo tháng",
        ] {
            assert!(!looks_like_heading(s), "{s}");
        }
    }

    #[test]
    fn codes_made_from_the_stt() {
        assert_eq!(generated_code("3", 9), "SP03");
        assert_eq!(generated_code("12", 9), "SP12");
        assert_eq!(generated_code("", 9), "SP09");
        assert_eq!(generated_code("1.2", 9), "SP1.2");
        assert_eq!(generated_code("ii.a.1", 9), "SPII.A.1");
    }

    #[test]
    fn inherited_marks_are_split_off() {
        let s = |t: &str| split_inherited(t);
        assert_eq!(
            s("Kế thừa từ: Sở Nội vụ"),
            (String::new(), "Sở Nội vụ".into())
        );
        assert_eq!(
            s("SP chuẩn Kế thừa từ: UBND tỉnh"),
            ("SP chuẩn".into(), "UBND tỉnh".into())
        );
        assert_eq!(
            s("SP chuẩn; kế thừa từ : UBND tỉnh"),
            ("SP chuẩn".into(), "UBND tỉnh".into())
        );
        assert_eq!(
            s("Ke\u{302}\u{301} thừa từ: X"),
            ("Ke\u{302}\u{301} thừa từ: X".into(), String::new()),
            "NFD is never handed in: cells are NFC"
        );
        assert_eq!(s("Kế thừa từ:"), ("Kế thừa từ:".into(), String::new()));
        assert_eq!(
            s("Không kế thừa từ đâu"),
            ("Không kế thừa từ đâu".into(), String::new())
        );
        assert_eq!(s(""), (String::new(), String::new()));
    }

    #[test]
    fn coefficients_written_as_numbers() {
        assert_eq!(coefficient_number("1,5"), Some(1.5));
        assert_eq!(coefficient_number("0.25"), Some(0.25));
        assert_eq!(coefficient_number("2"), Some(2.0));
        assert_eq!(coefficient_number("1.000,5"), None);
        assert_eq!(coefficient_number("40–56"), None);
        assert_eq!(coefficient_number(",5"), None);
        assert_eq!(coefficient_number("5,"), None);
        assert_eq!(coefficient_number(""), None);
    }

    #[test]
    fn line_counts() {
        assert_eq!(lines("", 30.0), 1);
        assert_eq!(lines("abc", 30.0), 1);
        assert_eq!(lines(&"a".repeat(30), 30.0), 2);
        assert_eq!(lines("a\nb", 30.0), 2);
    }
}
