//! Makes an uploaded .xlsx safe to hand to calamine.
//!
//! calamine's .xlsx reader reserves room for as many shared strings as the `uniqueCount`
//! attribute of `sharedStrings.xml` says, before reading any: a 2 KB file saying 20 billion
//! makes the allocation fail, which aborts the whole process (no panic to catch). It also loads
//! the shared strings and styles whole, so a small, highly compressed upload can expand to
//! gigabytes. So before calamine opens the file we decompress the parts it loads whole (not the
//! worksheets, which it streams) and refuse an implausible `uniqueCount` or too much text.

use std::io::{Cursor, Read};

use crate::SheetError;

/// Most unique strings a workbook may declare. A 100,000-row list of 11 columns has at most
/// 1.1 million.
const MAX_SHARED_STRINGS: u128 = 10_000_000;

/// Most bytes of XML, once decompressed, in the parts calamine loads whole.
const MAX_LOADED_BYTES: u64 = 512 * 1024 * 1024;

const ATTRIBUTE: &[u8] = b"uniqueCount";
/// Room for `uniqueCount = "` and a number that would matter.
const TAIL: usize = 64;

pub(crate) fn check(bytes: &[u8]) -> Result<(), SheetError> {
    let read_err = |e: &dyn std::fmt::Display| SheetError::Read(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| read_err(&e))?;
    let mut loaded: u64 = 0;
    let mut chunk = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| read_err(&e))?;
        // calamine finds parts case-insensitively, with '\' read as '/'.
        let name = entry
            .name()
            .map_err(|e| read_err(&e))?
            .replace('\\', "/")
            .to_ascii_lowercase();
        let shared_strings = name.ends_with("sharedstrings.xml");
        let loaded_whole = name.ends_with(".xml") || name.ends_with(".rels");
        if !shared_strings && (!loaded_whole || name.contains("worksheets/")) {
            continue;
        }
        let mut window: Vec<u8> = Vec::new();
        loop {
            let n = entry.read(&mut chunk).map_err(|e| read_err(&e))?;
            if n == 0 {
                break;
            }
            loaded = loaded.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
            if loaded > MAX_LOADED_BYTES {
                return Err(SheetError::Read(
                    "the workbook expands to too much data to read".into(),
                ));
            }
            if shared_strings {
                window.extend_from_slice(chunk.get(..n).unwrap_or_default());
                let settled = window.len().saturating_sub(TAIL);
                check_counts(&window, settled)?;
                window.drain(..settled);
            }
        }
        check_counts(&window, window.len())?;
    }
    Ok(())
}

/// Checks every `uniqueCount` attribute starting before `settled` (those after it may be cut
/// off, and are checked with the next chunk).
fn check_counts(window: &[u8], settled: usize) -> Result<(), SheetError> {
    let mut from = 0;
    while let Some(at) = find(window.get(from..settled).unwrap_or_default(), ATTRIBUTE) {
        let start = from + at;
        if let Some(n) = attribute_number(window.get(start + ATTRIBUTE.len()..).unwrap_or_default())
            && n > MAX_SHARED_STRINGS
        {
            return Err(SheetError::Read(format!(
                "the workbook declares {n} distinct texts, more than it can hold"
            )));
        }
        from = start + 1;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The number in `="123"` (spaces allowed around `=`), saturating; `None` if there is none.
fn attribute_number(rest: &[u8]) -> Option<u128> {
    let mut it = rest.iter().copied().peekable();
    while it.next_if(u8::is_ascii_whitespace).is_some() {}
    it.next_if_eq(&b'=')?;
    while it.next_if(u8::is_ascii_whitespace).is_some() {}
    it.next_if(|c| *c == b'"' || *c == b'\'')?;
    let mut n: Option<u128> = None;
    while let Some(d) = it.next_if(u8::is_ascii_digit) {
        let v = n.unwrap_or(0);
        n = Some(v.saturating_mul(10).saturating_add(u128::from(d - b'0')));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_attribute_number() {
        assert_eq!(attribute_number(br#"="34">"#), Some(34));
        assert_eq!(attribute_number(b" = '0012'"), Some(12));
        assert_eq!(
            attribute_number(br#"="99999999999999999999999999999999999999999999""#),
            Some(u128::MAX)
        );
        assert_eq!(attribute_number(br#"="&#57;""#), None);
        assert_eq!(attribute_number(b"Foo"), None);
    }

    #[test]
    fn refuses_counts_too_large_wherever_the_chunk_is_cut() {
        let xml = br#"<?xml version="1.0"?><sst count="35" uniqueCount="20000000000"><si>"#;
        assert!(check_counts(xml, xml.len()).is_err());
        let ok = br#"<?xml version="1.0"?><sst count="35" uniqueCount="34"><si>"#;
        assert_eq!(check_counts(ok, ok.len()), Ok(()));
        // Cut inside the number: the attribute is left for the next chunk.
        let cut = xml.len() - 8;
        assert_eq!(check_counts(&xml[..cut], cut.saturating_sub(TAIL)), Ok(()));
    }
}
