//! A cell's value as the text a person typed or sees, and the limits on how much text a sheet
//! may hand the readers.

use calamine::{Data, DataRef, ExcelDateTime};
use danhgia_domain::text::clean;
use unicode_normalization::{IsNormalized, is_nfc_quick};

use crate::SheetError;

/// Most characters in one cell: Excel's own limit, so no workbook Excel writes goes over it.
/// Checked before a cell's text is copied: one shared string of a million characters used by
/// thousands of cells would otherwise be copied (and tidied) thousands of times.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Most bytes of text one read keeps (cells taken, merged cells filled in, rows produced). A
/// 100,000-row staff list keeps about 30 MB.
pub(crate) const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;

/// Counts the text a read keeps against [`MAX_TEXT_BYTES`].
#[derive(Debug)]
pub(crate) struct TextBudget {
    left: usize,
}

impl TextBudget {
    pub(crate) fn new(bytes: usize) -> Self {
        TextBudget { left: bytes }
    }

    /// Takes `bytes` from the budget; an error once it is spent.
    pub(crate) fn take(&mut self, bytes: usize) -> Result<(), SheetError> {
        self.left = self.left.checked_sub(bytes).ok_or_else(|| {
            SheetError::Read("the sheet holds more text than one import takes".into())
        })?;
        Ok(())
    }
}

/// Refuses a cell of more than [`MAX_CELL_CHARS`] characters.
fn check_length(s: &str) -> Result<(), SheetError> {
    // Four bytes a character at most; counting is only needed in between.
    if s.len() > MAX_CELL_CHARS
        && (s.len() > 4 * MAX_CELL_CHARS || s.chars().count() > MAX_CELL_CHARS)
    {
        return Err(SheetError::Read(format!(
            "a cell holds more than {MAX_CELL_CHARS} characters, more than Excel allows"
        )));
    }
    Ok(())
}

/// Invisible characters that copy-paste from web pages and Word leaves in cells: zero-width
/// space, word joiner, byte-order mark, soft hyphen. They make equal names compare unequal.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// A text cell as stored: invisible characters dropped, NFC, trimmed, inner whitespace (line
/// breaks included) collapsed to one space — `danhgia_domain::text::clean`, with a fast path
/// for the common case of text already in that form (most cells; NFC is the costly part).
pub(crate) fn tidy(s: &str) -> String {
    if s.chars().any(is_invisible) {
        let visible: String = s.chars().filter(|c| !is_invisible(*c)).collect();
        return clean(&visible);
    }
    let nfc = s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes;
    if nfc && is_collapsed(s) {
        s.to_owned()
    } else {
        clean(s)
    }
}

/// No leading or trailing whitespace, and no whitespace but single spaces between words.
fn is_collapsed(s: &str) -> bool {
    let mut previous_space = true;
    for c in s.chars() {
        if c == ' ' {
            if previous_space {
                return false;
            }
            previous_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            previous_space = false;
        }
    }
    !previous_space || s.is_empty()
}

/// A number as Excel's General format shows it: integers without ".0" (a phone typed as the
/// number 912345678 stays "912345678"), others to 15 significant digits (0.1 + 0.2 → "0.3").
pub(crate) fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // 2^53: every integer below it is exact in an f64 and fits an i64.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// A date or time the way Vietnamese sheets show it: `dd/mm/yyyy`, `dd/mm/yyyy hh:mm[:ss]`,
/// `hh:mm[:ss]` for a time alone; a duration as `[h]:mm:ss`.
pub(crate) fn datetime_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let total = (dt.as_f64() * 86_400.0).round();
        let sign = if total < 0.0 { "-" } else { "" };
        let total = total.abs() as u64;
        return format!(
            "{sign}{}:{:02}:{:02}",
            total / 3600,
            total / 60 % 60,
            total % 60
        );
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    let time = if s == 0 {
        format!("{h:02}:{mi:02}")
    } else {
        format!("{h:02}:{mi:02}:{s:02}")
    };
    let v = dt.as_f64();
    if (0.0..1.0).contains(&v) {
        time
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{d:02}/{mo:02}/{y:04}")
    } else {
        format!("{d:02}/{mo:02}/{y:04} {time}")
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_owned()
}

/// The text of a cell read from an .xls sheet; an error for a cell longer than Excel allows.
pub(crate) fn data_text(d: &Data) -> Result<String, SheetError> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            check_length(s)?;
            tidy(s)
        }
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(dt) => datetime_text(dt),
        Data::Error(e) => e.to_string(),
    })
}

/// The text of a cell read from an .xlsx sheet; an error for a cell longer than Excel allows.
pub(crate) fn data_ref_text(d: &DataRef<'_>) -> Result<String, SheetError> {
    Ok(match d {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => {
            check_length(s)?;
            tidy(s)
        }
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            check_length(s)?;
            tidy(s)
        }
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => bool_text(*b),
        DataRef::DateTime(dt) => datetime_text(dt),
        DataRef::Error(e) => e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_look_as_typed() {
        assert_eq!(number_text(912_345_678.0), "912345678");
        assert_eq!(number_text(1.0), "1");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(84_912_345_678.0), "84912345678");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }

    #[test]
    fn dates_look_vietnamese() {
        let d = |v| ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime_text(&d(44515.0)), "15/11/2021");
        assert_eq!(datetime_text(&d(44515.5)), "15/11/2021 12:00");
        assert_eq!(datetime_text(&d(0.75)), "18:00");
        let dur = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(datetime_text(&dur), "36:00:00");
    }

    proptest::proptest! {
        #[test]
        fn tidy_is_clean(s in "[ a-zA-Z0-9\t\n\r\u{a0}\u{3000}àẢẵĐđươ\u{300}\u{301}\u{303}\u{309}\u{323}]{0,24}") {
            proptest::prop_assert_eq!(tidy(&s), clean(&s));
        }
    }

    #[test]
    fn cells_longer_than_excel_allows_are_refused() {
        let at_limit = "ễ".repeat(MAX_CELL_CHARS);
        assert!(data_ref_text(&DataRef::SharedString(&at_limit)).is_ok());
        let over = "a".repeat(MAX_CELL_CHARS + 1);
        assert!(data_ref_text(&DataRef::SharedString(&over)).is_err());
        assert!(data_text(&Data::String(over)).is_err());
        let huge = "a".repeat(4 * MAX_CELL_CHARS + 1);
        assert!(data_ref_text(&DataRef::String(huge)).is_err());
    }

    #[test]
    fn the_text_budget_runs_out() {
        let mut budget = TextBudget::new(10);
        assert!(budget.take(6).is_ok());
        assert!(budget.take(4).is_ok());
        assert!(budget.take(1).is_err());
    }

    #[test]
    fn text_is_tidied() {
        assert_eq!(
            tidy("  Nguye\u{302}\u{303}n\u{200B}  Văn\nA "),
            "Nguyễn Văn A"
        );
        assert_eq!(tidy("\u{FEFF}Đơn vị"), "Đơn vị");
        assert_eq!(tidy(" \t "), "");
    }
}
