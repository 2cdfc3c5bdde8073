//! `read_staff_sheet` on arbitrary bytes, as uploaded to the staff import: it must return
//! `Ok` or `Err(SheetError)`, within the memory limit, and never let a panic out.
#![no_main]

use danhgia_sheets::{Column, HEADER_SEARCH_ROWS, MAX_ROWS, read_staff_sheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: danhgia_fuzz::init(), |data: &[u8]| {
    danhgia_fuzz::must_not_panic(|| match read_staff_sheet(data) {
        Ok(sheet) => {
            assert!(sheet.rows.len() <= MAX_ROWS);
            assert!(sheet.header_row >= 1 && sheet.header_row <= HEADER_SEARCH_ROWS);
            for column in Column::REQUIRED {
                assert!(sheet.has(column));
            }
            for row in &sheet.rows {
                assert!(row.row > sheet.header_row);
                for (column, _) in &sheet.columns {
                    let _ = (sheet.cell_ref(row.row, *column), row.get(*column));
                }
            }
        }
        Err(e) => {
            let _ = (e.key(), e.to_string());
        }
    });
});
