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

use std::io::{Cursor, Read, Write};

use crate::SheetError;

/// Upper bound of the cells calamine may allocate over all the sheets of one .xls: the sum of
/// the bounding-box areas of the values and of the formulas (about 32 bytes each). A staff list
/// of 65,536 rows (the format's limit) × 20 columns is 1.3 million.
const MAX_CELLS: u64 = 8_000_000;

/// The format's limits (BIFF8): 65,536 rows, 256 columns.
const MAX_XLS_ROWS: u64 = 65_536;
const MAX_XLS_COLS: u64 = 256;

/// The workbook stream of an OLE2 file, checked, in a container of its own.
pub(crate) fn sanitise(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let stream = workbook_stream(bytes)?;
    check(&stream)?;
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

/// BIFF records as calamine's `RecordIter` cuts them: type, length, data. Stops at a record
/// that runs past the end (calamine reports that as an error).
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let head = self.rest.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = self.rest.get(4..4 + len)?;
        self.rest = self.rest.get(4 + len..).unwrap_or_default();
        Some((typ, data))
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
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const MUL_RK: u16 = 0x00BD;
/// Number, Label, RString, BoolErr, Rk, LabelSst: each starts with row and column.
const SINGLE_CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// Refuses a workbook stream that would make calamine allocate more than the format allows.
fn check(stream: &[u8]) -> Result<(), SheetError> {
    let too_big = |what: &str| {
        SheetError::Read(format!(
            "the .xls declares {what} larger than an .xls sheet can be; save it as .xlsx"
        ))
    };
    // The globals substream lists the sheets and where their records start.
    let mut starts = Vec::new();
    for (typ, data) in (Records { rest: stream }) {
        match typ {
            BOUND_SHEET => starts.extend(u32_at(data, 0)),
            EOF => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    for start in starts {
        let Some(sheet) = usize::try_from(start).ok().and_then(|s| stream.get(s..)) else {
            return Err(SheetError::Read(
                "a sheet starts past the end of the file".into(),
            ));
        };
        let (mut values, mut formulas) = (BoundingBox::default(), BoundingBox::default());
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, data) in (Records { rest: sheet }) {
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
    Ok(())
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
        let globals_len = 4 + 8 + 4;
        let mut out = record(BOUND_SHEET, &[0; 8]);
        out[4..8].copy_from_slice(&u32::try_from(globals_len).unwrap_or(0).to_le_bytes());
        out.extend(record(EOF, &[]));
        out.extend(record(BOF, &[0; 16]));
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

    #[test]
    fn ordinary_sizes_pass() {
        assert_eq!(
            check(&stream(&[dims(11, 11), number(0, 0), number(10, 10)])),
            Ok(())
        );
        assert_eq!(
            check(&stream(&[dims(65_536, 256), number(65_535, 20)])),
            Ok(())
        );
    }

    #[test]
    fn impossible_declared_sizes_are_refused() {
        assert!(check(&stream(&[dims(0xFFFF_FFF0, 11)])).is_err());
        assert!(check(&stream(&[dims(11, 0xFFFF)])).is_err());
        let mut backwards = dims(5, 11);
        backwards[4..8].copy_from_slice(&10u32.to_le_bytes());
        assert!(check(&stream(&[backwards])).is_err());
    }

    #[test]
    fn cells_spread_over_a_huge_area_are_refused() {
        assert!(check(&stream(&[number(0, 0), number(65_535, 65_535)])).is_err());
        assert!(check(&stream(&[number(0, 0), number(65_535, 255)])).is_err());
    }

    #[test]
    fn a_sheet_starting_past_the_end_is_refused() {
        let mut s = record(BOUND_SHEET, &[0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]);
        s.extend(record(EOF, &[]));
        assert!(check(&s).is_err());
    }
}
