//! Reading and writing the staff list of Mẫu số 01 (seed 001): the sheet a unit fills in to
//! register its staff, as .xlsx or the old binary .xls.
//!
//! Reading finds the header row below any title lines, whatever the case, diacritics (NFC or
//! NFD), spacing and line breaks of the headers and whatever the column order, and returns each
//! data row as typed, with its sheet row number, for the caller to validate and report by row
//! and column. Writing lays a list out like the form, for exports, error reports and the blank
//! template.
//!
//! [`read_catalogue`] and [`write_catalogue`] do the same for the catalogue of converted
//! products of NĐ 335/2025 (Điều 13), in the layout of the Ministry handbook's appendices.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod catalogue;
mod cell;
mod column;
mod error;
mod read;
mod records;
mod summary;
mod table;
mod write;
mod xls_guard;
mod xlsx_guard;

pub use catalogue::{
    CATALOGUE_TITLE, CatalogueColumn, CatalogueOut, CatalogueRow, CatalogueSheet, INHERITED_MARK,
    group_number, read_catalogue, write_catalogue,
};
pub use column::{Column, column_letters};
pub use error::SheetError;
pub use read::{
    HEADER_SEARCH_ROWS, MAX_ROWS, SheetRow, StaffSheet, read_staff_sheet,
    read_staff_sheet_with_max_rows,
};
pub use records::{MAX_RECORDS, RecordSheet, SheetSpec, read_records, write_records};
pub use summary::{
    SUMMARY_HEADER_ROW, SUMMARY_HEADERS, SUMMARY_TITLE, SummaryHead, SummaryRow, write_summary,
};
pub use table::{TABLE_HEADER_ROW, Table, TableCell, write_table};
pub use write::{
    ERROR_TITLE, GUIDANCE, OutRow, ROLES, TEMPLATE_TITLE, example_row, template, write_staff_sheet,
    write_staff_sheet_with_note,
};
