//! Makes an uploaded .xls safe to hand to calamine.
//!
//! calamine's .xls reader parses every sheet when the file is opened and sizes its buffers from
//! numbers in the file: `Vec::reserve(rows × columns)` of the DIMENSIONS record, then one
//! default-filled cell per position of the bounding box of the cells (`Range::from_sparse`).
//! A 7 KB file declaring 4 billion rows makes the allocation fail, which aborts the whole
//! process (no panic to catch). So before calamine sees the file we take its workbook stream
//! out of the OLE2 container, walk its records the way calamine does, refuse sizes no real
//! .xls has, and give calamine a fresh container holding only the checked stream, so the two
//! readers cannot disagree about which bytes are the workbook.
//!
//! calamine also parses every sheet's formulas when the file is opened, though the staff list
//! and the catalogue read only values: a formula of 64 KB can take it half a second and expand
//! to megabytes of text (it rebuilds the text by inserting at the front, and names the sheet of
//! each 7-byte reference in full). The guard blanks the formulas (their values stay). A cell
//! holding a shared string gets its own copy of the string, so a few hundred thousand cells
//! naming one string of 65,535 characters need tens of gigabytes: the guard adds up what the
//! cells would copy. And calamine takes the continuation records of the shared strings one by
//! one from the front of a list, which is quadratic: the guard caps their number.

use std::io::{Cursor, Read, Write};

use crate::SheetError;

/// Upper bound of the cells calamine may allocate over all the sheets of one .xls: the sum of
/// the bounding-box areas of the values and of the formulas (about 32 bytes each). A staff list
/// of 65,536 rows (the format's limit) × 20 columns is 1.3 million.
const MAX_CELLS: u64 = 8_000_000;

/// The format's limits (BIFF8): 65,536 rows, 256 columns.
const MAX_XLS_ROWS: u64 = 65_536;
const MAX_XLS_COLS: u64 = 256;

/// Most bytes of text the cells naming shared strings may copy, over all the sheets (counted
/// at 3 bytes a character, 6 in a legacy code page). A staff list of 65,536 rows × 11
/// columns of 30 characters copies under 65 MB.
const MAX_SHARED_TEXT_BYTES: u64 = 256 * 1024 * 1024;

/// Most sheets a workbook may list (calamine reads every one when the file is opened).
const MAX_SHEETS: usize = 10_000;

/// Most continuation records after the shared strings: one is 8 KB of strings, so a 20 MB
/// upload has fewer than 2,600.
const MAX_SST_CONTINUES: usize = 8_192;

/// The workbook stream of an OLE2 file, checked and with its formulas blanked, in a container
/// of its own.
pub(crate) fn sanitise(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut stream = workbook_stream(bytes)?;
    check(&mut stream)?;
    repack(&stream)
}

fn read_err(e: impl std::fmt::Display) -> SheetError {
    SheetError::Read(e.to_string())
}

fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(read_err)?;
    // calamine looks for "Workbook" (BIFF8) then "Book" (BIFF5).
    for name in ["/Workbook", "/Book"] {
        if file.is_stream(name) {
            let limit = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            let mut out = Vec::new();
            file.open_stream(name)
                .map_err(read_err)?
                .take(limit.saturating_add(1))
                .read_to_end(&mut out)
                .map_err(read_err)?;
            if u64::try_from(out.len()).unwrap_or(u64::MAX) > limit {
                return Err(SheetError::Read(
                    "workbook stream larger than the file".into(),
                ));
            }
            return Ok(out);
        }
    }
    // An encrypted .xlsx travels in an OLE2 container; a .doc or .msg is OLE2 too.
    if file.exists("/EncryptedPackage") {
        Err(SheetError::Encrypted)
    } else {
        Err(SheetError::NotASpreadsheet)
    }
}

fn repack(stream: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .map_err(read_err)?;
    file.create_stream("/Workbook")
        .map_err(read_err)?
        .write_all(stream)
        .map_err(read_err)?;
    file.flush().map_err(read_err)?;
    Ok(file.into_inner().into_inner())
}

/// BIFF records as calamine's `RecordIter` cuts them: type, length, data, with the offset of
/// the data in the stream. Continuation records come as records of their own (calamine
/// appends them to the record before). Stops at a record that runs past the end (calamine
/// reports that as an error).
struct Records<'a> {
    rest: &'a [u8],
    /// Offset of `rest` in the stream.
    at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = (usize, u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let head = self.rest.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = self.rest.get(4..4 + len)?;
        let at = self.at + 4;
        self.rest = self.rest.get(4 + len..).unwrap_or_default();
        self.at = at + len;
        Some((at, typ, data))
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at + 2)?;
    Some(u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The bounding box of a set of cell positions.
#[derive(Default)]
struct BoundingBox(Option<(u32, u32, u32, u32)>);

impl BoundingBox {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1) - u64::from(r0) + 1) * (u64::from(c1) - u64::from(c0) + 1)
        })
    }
}

const EOF: u16 = 0x000A;
const BOF: u16 = 0x0809;
const BOUND_SHEET: u16 = 0x0085;
const CODE_PAGE: u16 = 0x0042;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const LABEL_SST: u16 = 0x00FD;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const MUL_RK: u16 = 0x00BD;
/// Where a FORMULA record's formula starts: its length (cce), then its tokens.
const FORMULA_CCE: usize = 20;
/// Number, Label, RString, BoolErr, Rk, LabelSst: each starts with row and column.
const SINGLE_CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// Refuses a workbook stream that would make calamine allocate more than the format allows,
/// or take too long, and blanks its formulas.
fn check(stream: &mut [u8]) -> Result<(), SheetError> {
    let too_big = |what: &str| {
        SheetError::Read(format!(
            "the .xls declares {what} larger than an .xls sheet can be; save it as .xlsx"
        ))
    };
    // The globals substream lists the sheets and where their records start, and holds the
    // shared strings (calamine keeps the last SST record's, with its continuation records).
    let mut starts = Vec::new();
    let (mut attached_to, mut continues) = (EOF, 0usize);
    let (mut sst, mut sst_parts): (Option<u64>, Vec<&[u8]>) = (None, Vec::new());
    let mut wide = true;
    for (_, typ, data) in (Records {
        rest: stream,
        at: 0,
    }) {
        if typ == CONTINUE {
            if attached_to == SST {
                continues += 1;
                if continues > MAX_SST_CONTINUES {
                    return Err(SheetError::Read(
                        "the .xls splits its texts into more pieces than a real file has".into(),
                    ));
                }
                sst_parts.push(data);
            }
            continue;
        }
        attached_to = typ;
        match typ {
            BOUND_SHEET => starts.extend(u32_at(data, 0)),
            // The shared strings are decoded with the code page in force when they come.
            CODE_PAGE => wide = matches!(u16_at(data, 0), Some(1200 | 1201)),
            SST => {
                sst = Some(if wide { 3 } else { 6 });
                sst_parts = vec![data];
            }
            EOF => break,
            _ => {}
        }
    }
    // Upper bounds of the UTF-8 length of each shared string.
    let shared: Vec<u64> = match sst {
        Some(per_char) => sst_lengths(&sst_parts)
            .into_iter()
            .map(|chars| u64::from(chars) * per_char)
            .collect(),
        None => Vec::new(),
    };
    if starts.len() > MAX_SHEETS {
        return Err(too_big("more sheets"));
    }
    let mut copied: u64 = 0;
    let mut blank = Vec::new();
    let mut total: u64 = 0;
    // Bytes of records read over all the sheets: calamine reads each sheet from where the
    // workbook says it starts, so sheets listed many times at one place, or inside each other,
    // are read again and again (a 400 KB file took a second).
    let mut walked: usize = 0;
    let stream_len = stream.len();
    for start in starts {
        let Some((start, sheet)) = usize::try_from(start)
            .ok()
            .and_then(|s| Some((s, stream.get(s..)?)))
        else {
            return Err(SheetError::Read(
                "a sheet starts past the end of the file".into(),
            ));
        };
        let (mut values, mut formulas) = (BoundingBox::default(), BoundingBox::default());
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (at, typ, data) in (Records {
            rest: sheet,
            at: start,
        }) {
            walked = walked.saturating_add(4 + data.len());
            if walked > stream_len {
                return Err(SheetError::Read(
                    "the .xls lists sheets that overlap".into(),
                ));
            }
            if typ == CONTINUE {
                continue;
            }
            // Embedded charts are substreams of their own, skipped as calamine skips them.
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS => {
                    let (first_row, last_row, last_col) = match data.len() {
                        10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6)),
                        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 10)),
                        _ => continue,
                    };
                    let (Some(first_row), Some(last_row), Some(last_col)) =
                        (first_row, last_row, last_col)
                    else {
                        continue;
                    };
                    // calamine reserves (last_row - 1 - first_row + 1) × columns cells,
                    // computed in u32: a first row after the last one wraps around.
                    let declared_rows = u64::from(last_row).checked_sub(u64::from(first_row));
                    if last_row >= 1
                        && last_col >= 1
                        && (declared_rows.is_none_or(|rows| rows > MAX_XLS_ROWS)
                            || u64::from(last_col) > MAX_XLS_COLS)
                    {
                        return Err(too_big("a sheet"));
                    }
                }
                t if SINGLE_CELLS.contains(&t) => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        values.add(row, col);
                    }
                    if t == LABEL_SST
                        && data.len() >= 10
                        && let Some(len) = u32_at(data, 6)
                            .and_then(|i| usize::try_from(i).ok())
                            .and_then(|i| shared.get(i))
                    {
                        copied = copied.saturating_add(*len);
                        if copied > MAX_SHARED_TEXT_BYTES {
                            return Err(SheetError::Read(
                                "the .xls repeats more text than one import takes".into(),
                            ));
                        }
                    }
                }
                MUL_RK => {
                    if let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) {
                        let count = u32::try_from(data.len().saturating_sub(6) / 6).unwrap_or(0);
                        values.add(row, first);
                        values.add(row, first + count.saturating_sub(1));
                    }
                }
                FORMULA => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        values.add(row, col);
                        formulas.add(row, col);
                    }
                    if data.len() >= FORMULA_CCE + 2 {
                        blank.push(at + FORMULA_CCE);
                    }
                }
                _ => {}
            }
        }
        total = total
            .saturating_add(values.area())
            .saturating_add(formulas.area());
        if total > MAX_CELLS {
            return Err(too_big("cells over an area"));
        }
    }
    // An empty formula: calamine reads none of its tokens. The value before it stays.
    for at in blank {
        if let Some(cce) = stream.get_mut(at..at + 2) {
            cce.fill(0);
        }
    }
    Ok(())
}

/// The character count of each shared string of an SST record (`parts`: its data, then that
/// of its continuation records), read as calamine's `parse_sst` reads them; where calamine
/// would fail (and the whole workbook with it), the strings read so far.
fn sst_lengths(parts: &[&[u8]]) -> Vec<u32> {
    let mut out = Vec::new();
    let Some(first) = parts.first().and_then(|d| d.get(8..)) else {
        return out;
    };
    let mut r = Pieces {
        data: first,
        rest: parts.get(1..).unwrap_or_default(),
    };
    while !r.data.is_empty() || r.next_piece() {
        if r.data.is_empty() {
            out.push(0);
            continue;
        }
        let (Some(cch), Some(&flags)) = (u16_at(r.data, 0), r.data.get(2)) else {
            return out;
        };
        r.data = r.data.get(3..).unwrap_or_default();
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            let Some(n) = u16_at(r.data, 0) else {
                return out;
            };
            runs = usize::try_from(n).unwrap_or(usize::MAX);
            r.data = r.data.get(2..).unwrap_or_default();
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            let Some(n) = u32_at(r.data, 0) else {
                return out;
            };
            // calamine reads it as an i32 and casts it: a negative size skips everything.
            ext = usize::try_from(n.cast_signed()).unwrap_or(usize::MAX);
            r.data = r.data.get(4..).unwrap_or_default();
        }
        out.push(cch);
        // The characters, one or two bytes each, the flags byte again at each continuation.
        let mut left = usize::try_from(cch).unwrap_or(0);
        let mut wide = flags & 0x1 != 0;
        while left > 0 {
            let n = if wide {
                (r.data.len() / 2).min(left)
            } else {
                r.data.len().min(left)
            };
            r.data = r
                .data
                .get(if wide { 2 * n } else { n }..)
                .unwrap_or_default();
            left -= n;
            if left > 0 {
                if !r.next_piece() {
                    return out;
                }
                let Some((&f, rest)) = r.data.split_first() else {
                    return out;
                };
                wide = f & 0x1 != 0;
                r.data = rest;
            }
        }
        if !r.skip(runs.saturating_mul(4)) || !r.skip(ext) {
            return out;
        }
    }
    out
}

/// The data of a record and its continuation records, consumed from the front.
struct Pieces<'a> {
    data: &'a [u8],
    rest: &'a [&'a [u8]],
}

impl Pieces<'_> {
    /// Moves to the next continuation record; `false` if there is none.
    fn next_piece(&mut self) -> bool {
        match self.rest.split_first() {
            Some((next, rest)) => {
                self.data = next;
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Skips `n` bytes across continuation records; `false` if there are not that many.
    fn skip(&mut self, mut n: usize) -> bool {
        while n > 0 {
            if self.data.is_empty() && !self.next_piece() {
                return false;
            }
            let k = n.min(self.data.len());
            self.data = self.data.get(k..).unwrap_or_default();
            n -= k;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend(u16::try_from(data.len()).unwrap_or(0).to_le_bytes());
        out.extend(data);
        out
    }

    /// A globals substream pointing at one sheet substream made of `sheet` records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        stream_with(&[], sheet)
    }

    /// A globals substream of `globals` records (after a BOF and the sheet "S"), pointing at
    /// one sheet substream made of `sheet` records.
    fn stream_with(globals: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
        let mut out = record(
            BOF,
            &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        let bound_sheet = out.len();
        out.extend(record(BOUND_SHEET, &[0, 0, 0, 0, 0, 0, 1, 0, b'S']));
        for r in globals {
            out.extend(r);
        }
        out.extend(record(EOF, &[]));
        let start = u32::try_from(out.len()).unwrap_or(0).to_le_bytes();
        out[bound_sheet + 4..bound_sheet + 8].copy_from_slice(&start);
        out.extend(record(
            BOF,
            &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        for r in sheet {
            out.extend(r);
        }
        out.extend(record(EOF, &[]));
        out
    }

    fn dims(rows: u32, cols: u16) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(0u32.to_le_bytes());
        d.extend(rows.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(cols.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        record(DIMENSIONS, &d)
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    /// A shared string table of compressed (one byte a character) strings.
    fn sst(strings: &[&str]) -> Vec<u8> {
        let mut d = Vec::new();
        let n = u32::try_from(strings.len()).unwrap_or(0);
        d.extend(n.to_le_bytes());
        d.extend(n.to_le_bytes());
        for s in strings {
            d.extend(u16::try_from(s.len()).unwrap_or(0).to_le_bytes());
            d.push(0);
            d.extend(s.as_bytes());
        }
        record(SST, &d)
    }

    fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(index.to_le_bytes());
        record(LABEL_SST, &d)
    }

    fn formula(row: u16, col: u16, tokens: &[u8]) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(2.5f64.to_le_bytes());
        d.extend([0; 6]);
        d.extend(u16::try_from(tokens.len()).unwrap_or(0).to_le_bytes());
        d.extend(tokens);
        record(FORMULA, &d)
    }

    /// The staff list's header, as shared strings 0 to 3 on the first row.
    fn header() -> (Vec<u8>, Vec<Vec<u8>>) {
        let table = sst(&["Ho va ten", "Chuc vu", "Don vi", "Vai tro", "Nguyen Van A"]);
        let cells = (0u16..4).map(|c| label_sst(0, c, u32::from(c))).collect();
        (table, cells)
    }

    #[test]
    fn ordinary_sizes_pass() {
        assert_eq!(
            check(&mut stream(&[dims(11, 11), number(0, 0), number(10, 10)])),
            Ok(())
        );
        assert_eq!(
            check(&mut stream(&[dims(65_536, 256), number(65_535, 20)])),
            Ok(())
        );
    }

    #[test]
    fn impossible_declared_sizes_are_refused() {
        assert!(check(&mut stream(&[dims(0xFFFF_FFF0, 11)])).is_err());
        assert!(check(&mut stream(&[dims(11, 0xFFFF)])).is_err());
        let mut backwards = dims(5, 11);
        backwards[4..8].copy_from_slice(&10u32.to_le_bytes());
        assert!(check(&mut stream(&[backwards])).is_err());
    }

    #[test]
    fn cells_spread_over_a_huge_area_are_refused() {
        assert!(check(&mut stream(&[number(0, 0), number(65_535, 65_535)])).is_err());
        assert!(check(&mut stream(&[number(0, 0), number(65_535, 255)])).is_err());
    }

    #[test]
    fn a_sheet_starting_past_the_end_is_refused() {
        let mut s = record(BOUND_SHEET, &[0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]);
        s.extend(record(EOF, &[]));
        assert!(check(&mut s).is_err());
    }

    #[test]
    fn a_staff_list_reads_through_the_guard() -> Result<(), SheetError> {
        let (table, mut cells) = header();
        cells.push(label_sst(1, 0, 4));
        cells.extend([1, 2, 3].map(|c| label_sst(1, c, c.into())));
        cells.push(formula(1, 4, &[0x1E, 0x07, 0x00]));
        let file = repack(&stream_with(&[table], &cells))?;
        let sheet = crate::read_staff_sheet(&file)?;
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].get(crate::Column::FullName), "Nguyen Van A");
        // The formula is blanked, its value stays.
        use calamine::Reader;
        let mut book = calamine::Xls::new(Cursor::new(sanitise(&file)?))
            .map_err(|e| SheetError::Read(e.to_string()))?;
        let range = book
            .worksheet_range("S")
            .map_err(|e| SheetError::Read(e.to_string()))?;
        assert_eq!(range.get_value((1, 4)), Some(&calamine::Data::Float(2.5)));
        Ok(())
    }

    /// Finding: calamine rebuilt each formula's text by inserting at its front, so one 64 KB
    /// formula of parentheses took half a second (a 20 MB upload minutes). Blanked, it is not
    /// read at all.
    #[test]
    fn formulas_are_blanked() -> Result<(), SheetError> {
        let mut tokens = vec![0x1E, 0x07, 0x00];
        tokens.resize(60_000, 0x15);
        let (table, mut cells) = header();
        cells.push(formula(1, 4, &tokens));
        let mut s = stream_with(&[table], &cells);
        check(&mut s)?;
        let tokens_at = s.windows(4).position(|w| w == [0x1E, 0x07, 0x00, 0x15]);
        let cce_at = tokens_at.map_or(0, |at| at - 2);
        assert_eq!(s.get(cce_at..cce_at + 2), Some(&[0u8, 0][..]));
        let started = std::time::Instant::now();
        let read = crate::read_staff_sheet(&repack(&s)?);
        assert!(
            matches!(read, Err(SheetError::NoHeader { .. }) | Ok(_)),
            "{read:?}"
        );
        assert!(started.elapsed().as_secs() < 5);
        Ok(())
    }

    /// Finding: each cell naming a shared string gets its own copy, so a 21 KB file of 1,500
    /// cells naming one string of 60,000 characters made calamine allocate 90 MB, and a 20 MB
    /// one tens of gigabytes.
    #[test]
    fn cells_copying_a_long_shared_string_are_refused() {
        let long = "a".repeat(60_000);
        let table = sst(&[&long]);
        let few: Vec<Vec<u8>> = (0..100).map(|r| label_sst(r, 0, 0)).collect();
        assert_eq!(
            check(&mut stream_with(std::slice::from_ref(&table), &few)),
            Ok(())
        );
        let many: Vec<Vec<u8>> = (0..1_500).map(|r| label_sst(r, 0, 0)).collect();
        assert!(check(&mut stream_with(&[table], &many)).is_err());
    }

    /// Finding: calamine takes continuation records from the front of a list, one by one:
    /// 40,000 empty ones took 0.3 s, a million (4 MB) would take minutes.
    #[test]
    fn too_many_continuation_records_are_refused() {
        let mut table = sst(&[]);
        for _ in 0..=MAX_SST_CONTINUES {
            table.extend(record(CONTINUE, &[]));
        }
        assert!(check(&mut stream_with(&[table], &[])).is_err());
    }

    /// Finding: calamine (and the guard) read each sheet from where the workbook says it
    /// starts: a 400 KB file listing one sheet of 100,000 records a thousand times took over
    /// a second, a 20 MB one would take hours.
    #[test]
    fn sheets_read_more_than_once_are_refused() {
        let filler: Vec<Vec<u8>> = (0..1_000).map(|_| record(0x0001, &[])).collect();
        assert_eq!(check(&mut stream_with(&[], &filler)), Ok(()));
        // The sheet listed a second time, at the same place: BOF (20 bytes), the first
        // BOUNDSHEET (13, its position at 24), the second (its position at 37).
        let second = record(BOUND_SHEET, &[0, 0, 0, 0, 0, 0, 1, 0, b'T']);
        let mut twice = stream_with(&[second], &filler);
        let start = twice[24..28].to_vec();
        twice[37..41].copy_from_slice(&start);
        assert!(check(&mut twice).is_err());
        // Too many sheets, however small.
        let many: Vec<Vec<u8>> = (0..=MAX_SHEETS)
            .map(|_| record(BOUND_SHEET, &[0, 0, 0, 0, 0, 0, 1, 0, b'S']))
            .collect();
        assert!(check(&mut stream_with(&many, &[])).is_err());
    }

    #[test]
    fn shared_string_lengths_are_read_as_calamine_reads_them() {
        let mut d = vec![0; 8];
        // "ab", compressed.
        d.extend([2, 0, 0, b'a', b'b']);
        // 4 characters, two-byte, with one formatting run and 3 bytes of phonetic data, cut
        // after one character: the rest comes compressed in a continuation record.
        d.extend([4, 0, 0x0D, 1, 0, 3, 0, 0, 0, b'x', 0]);
        let cont = [0, b'y', b'z', b'w', 1, 0, 2, 0, 9, 9, 9];
        // An empty continuation record reads as an empty string.
        let parts: [&[u8]; 3] = [&d, &cont, &[]];
        assert_eq!(sst_lengths(&parts), vec![2, 4, 0]);
        // Cut short (where calamine fails): what was read before.
        assert_eq!(sst_lengths(&[&d[..14]]), vec![2]);
        assert_eq!(sst_lengths(&[&[0; 4]]), Vec::<u32>::new());
    }
}
