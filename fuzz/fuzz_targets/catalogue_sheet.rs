//! `read_catalogue` on arbitrary bytes, as uploaded to a unit's product catalogue: it must
//! return `Ok` or `Err(SheetError)`, within the memory limit, and never let a panic out.
#![no_main]

use danhgia_sheets::{CatalogueColumn, HEADER_SEARCH_ROWS, MAX_ROWS, read_catalogue};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: danhgia_fuzz::init(), |data: &[u8]| {
    danhgia_fuzz::must_not_panic(|| match read_catalogue(data) {
        Ok(sheet) => {
            assert!(sheet.rows.len() <= MAX_ROWS);
            assert!(sheet.header_row >= 1 && sheet.header_row <= HEADER_SEARCH_ROWS);
            for column in CatalogueColumn::REQUIRED {
                assert!(sheet.has(column));
            }
            for row in &sheet.rows {
                assert!(row.row > sheet.header_row);
                for field in ["code", "task", "name", "group", "points", "inherited_from"] {
                    let _ = sheet.cell_ref(row.row, field);
                }
            }
        }
        Err(e) => {
            let _ = (e.key(), e.to_string());
        }
    });
});
