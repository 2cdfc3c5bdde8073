//! What can go wrong reading or writing a staff sheet.

use crate::{CatalogueColumn, Column};

/// Why a staff sheet could not be read or written. `Display` is English for logs; the UI shows
/// the text of [`SheetError::key`] from the i18n catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Neither an .xlsx (zip) nor an .xls (OLE2) workbook, whatever the file is called.
    #[error("the file is not an Excel workbook (.xlsx or .xls)")]
    NotASpreadsheet,
    /// The workbook is protected by a password (encrypted); it cannot be read without it.
    #[error("the workbook is protected by a password")]
    Encrypted,
    /// The workbook has no worksheet.
    #[error("the workbook has no worksheet")]
    NoSheet,
    /// No row among the first [`crate::HEADER_SEARCH_ROWS`] has the required column headers;
    /// `missing` lists the required columns absent from the row that came closest.
    #[error(
        "no header row with the required columns; missing: {}",
        titles(missing)
    )]
    NoHeader { missing: Vec<Column> },
    /// No row among the first [`crate::HEADER_SEARCH_ROWS`] has the required columns of a
    /// product catalogue (Sản phẩm đầu ra, Phân nhóm, Hệ số quy đổi); `missing` lists those
    /// absent from the row that came closest.
    #[error(
        "no catalogue header row with the required columns; missing: {}",
        catalogue_titles(missing)
    )]
    NoCatalogueHeader { missing: Vec<CatalogueColumn> },
    /// More data rows than one import takes.
    #[error("the sheet has more than {max} data rows")]
    TooManyRows { max: usize },
    /// The file is damaged or uses something the reader does not understand, or writing failed.
    #[error("the spreadsheet could not be read or written: {0}")]
    Read(String),
}

fn titles(cols: &[Column]) -> String {
    cols.iter()
        .map(|c| c.title())
        .collect::<Vec<_>>()
        .join(", ")
}

fn catalogue_titles(cols: &[CatalogueColumn]) -> String {
    cols.iter()
        .map(|c| c.title())
        .collect::<Vec<_>>()
        .join(", ")
}

impl SheetError {
    /// The i18n key of the message to show a person.
    pub fn key(&self) -> &'static str {
        match self {
            SheetError::NotASpreadsheet => "err.sheet_not_spreadsheet",
            SheetError::Encrypted => "err.sheet_encrypted",
            SheetError::NoSheet => "err.sheet_no_sheet",
            SheetError::NoHeader { .. } => "err.sheet_no_header",
            SheetError::NoCatalogueHeader { .. } => "err.sheet_catalogue_no_header",
            SheetError::TooManyRows { .. } => "err.sheet_too_many_rows",
            SheetError::Read(_) => "err.sheet_unreadable",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for SheetError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        SheetError::Read(e.to_string())
    }
}
