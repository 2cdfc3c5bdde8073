//! Whatever Vietnamese text a cell holds, writing it and reading it back gives the same text
//! (tidied as `clean` does: NFC, trimmed, inner whitespace collapsed).

use std::collections::BTreeMap;

use danhgia_domain::text::clean;
use danhgia_sheets::{Column, OutRow, read_staff_sheet, write_staff_sheet};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Vietnamese letters in both cases, digits, punctuation seen in names, units, e-mails and
/// phones, and whitespace including line breaks and tabs.
const ALPHABET: &str = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ\
pqrstuùúủũụưừứửữựvxyỳýỷỹỵAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ\
PQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴfjwzFJWZ0123456789 .,;:-–_@()/&'\"+=*#%!?\n\t";

fn text(max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    (
        proptest::collection::vec(proptest::sample::select(chars), 0..max),
        any::<bool>(),
    )
        .prop_map(|(cs, decompose)| {
            let s: String = cs.into_iter().collect();
            if decompose { s.nfd().collect() } else { s }
        })
}

fn row() -> impl Strategy<Value = OutRow> {
    (
        // A name always starts with a letter, so that no row is a blank or "..." filler.
        ("[A-ZĐÂƠ]", text(30)),
        proptest::collection::vec(text(40), 10),
    )
        .prop_map(|((first, name), others)| {
            let mut cells = BTreeMap::new();
            cells.insert(Column::FullName, format!("{first}{name}"));
            let rest = Column::ALL.into_iter().filter(|c| *c != Column::FullName);
            for (c, t) in rest.zip(others) {
                cells.insert(c, t);
            }
            OutRow { cells, error: None }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cells_survive_write_then_read(rows in proptest::collection::vec(row(), 1..6)) {
        let bytes = write_staff_sheet("DANH SÁCH", &rows, true).unwrap();
        let sheet = read_staff_sheet(&bytes).unwrap();
        prop_assert_eq!(sheet.rows.len(), rows.len());
        for (got, want) in sheet.rows.iter().zip(&rows) {
            let want: BTreeMap<Column, String> =
                want.cells.iter().map(|(c, t)| (*c, clean(t))).collect();
            prop_assert_eq!(&got.cells, &want);
        }
    }
}
