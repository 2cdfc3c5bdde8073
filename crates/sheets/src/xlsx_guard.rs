//! Makes an uploaded .xlsx safe to hand to calamine.
//!
//! calamine's .xlsx reader reserves room for as many shared strings as the `uniqueCount`
//! attribute of `sharedStrings.xml` says, before reading any: a 2 KB file saying 20 billion
//! makes the allocation fail, which aborts the whole process (no panic to catch). It also loads
//! the shared strings and styles whole, so a small, highly compressed upload can expand to
//! gigabytes. Its XML reader keeps each piece of XML it reads whole (a text, a tag with its
//! attributes, a comment), and the text of a cell or shared string whole, however long: one
//! cell of a streamed worksheet can hold gigabytes. And streaming a worksheet of gigabytes of
//! empty cells takes minutes, for a few megabytes uploaded.
//!
//! So before calamine opens the file we decompress every part of it, refuse an implausible
//! `uniqueCount`, too much data in the parts calamine loads whole or in all the parts, and a
//! piece of XML, a cell or a shared string larger than any real workbook has. Reading a
//! 100,000-row list takes about a third longer for it.

use std::io::{Cursor, Read};

use crate::SheetError;

/// Most unique strings a workbook may declare. A 100,000-row list of 11 columns has at most
/// 1.1 million.
const MAX_SHARED_STRINGS: u128 = 10_000_000;

/// Most bytes of XML, once decompressed, in the parts calamine loads whole (the shared strings
/// of a 100,000-row list are about 40 MB).
const MAX_LOADED_BYTES: u64 = 128 * 1024 * 1024;

/// Most bytes, once decompressed, in all the parts together: the worksheets, which calamine
/// streams, are the bulk (a 100,000-row list as our export writes it is 73 MB). Streaming
/// this much takes calamine a few seconds.
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// Most bytes of one piece of XML (text, tag, comment, CDATA section, processing instruction)
/// and of one cell (`<c>…</c>`) or shared string (`<si>…</si>`). A cell holds at most 32,767
/// characters; even written one formatted run a character it stays below this.
const MAX_PIECE_BYTES: usize = 8 * 1024 * 1024;

const ATTRIBUTE: &[u8] = b"uniqueCount";
/// Room for `uniqueCount = "` and a number that would matter.
const TAIL: usize = 64;

pub(crate) fn check(bytes: &[u8]) -> Result<(), SheetError> {
    let read_err = |e: &dyn std::fmt::Display| SheetError::Read(e.to_string());
    let too_much = || SheetError::Read("the workbook expands to too much data to read".into());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| read_err(&e))?;
    let (mut loaded, mut total): (u64, u64) = (0, 0);
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
        // Every part is measured: calamine finds the workbook and its worksheets by the names
        // the relationships give, whatever they are.
        let loaded_whole = shared_strings
            || ((name.ends_with(".xml") || name.ends_with(".rels"))
                && !name.contains("worksheets/"));
        let mut xml = XmlPieces::new(MAX_PIECE_BYTES);
        let mut window: Vec<u8> = Vec::new();
        loop {
            let n = entry.read(&mut chunk).map_err(|e| read_err(&e))?;
            if n == 0 {
                break;
            }
            let n64 = u64::try_from(n).unwrap_or(u64::MAX);
            total = total.saturating_add(n64);
            if loaded_whole {
                loaded = loaded.saturating_add(n64);
            }
            if total > MAX_TOTAL_BYTES || loaded > MAX_LOADED_BYTES {
                return Err(too_much());
            }
            let data = chunk.get(..n).unwrap_or_default();
            xml.feed(data)?;
            if shared_strings {
                window.extend_from_slice(data);
                let settled = window.len().saturating_sub(TAIL);
                check_counts(&window, settled)?;
                window.drain(..settled);
            }
        }
        check_counts(&window, window.len())?;
    }
    Ok(())
}

/// The elements whose content calamine reads whole: a worksheet's cell, a shared string.
const WHOLE_ELEMENTS: [&[u8]; 2] = [b"c", b"si"];

/// Where [`XmlPieces`] is in the XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Text, up to the next `<`.
    Text,
    /// Just after `<`.
    Open,
    /// In a start or end tag; `quote` is the quote of an attribute value being read.
    Tag { quote: Option<u8> },
    /// Just after `<!`.
    Bang,
    /// Just after `<!-`.
    CommentOpen,
    /// In a comment, after `<!--`; `dashes` ending it so far.
    Comment { dashes: u8 },
    /// In a CDATA section, after `<![`; `brackets` ending it so far.
    CData { brackets: u8 },
    /// In a processing instruction, after `<?`; whether the last byte was `?`.
    Instruction { question: bool },
    /// After `<!D`: quick-xml reads a document type declaration by rules of its own (an OOXML
    /// part never has one); the rest of the part is taken as one piece.
    DocType,
}

/// Measures the pieces of an XML part as calamine's XML reader (quick-xml) cuts them, and the
/// content of the elements calamine reads whole. It errs on the long side: a piece it measures
/// ends no earlier than quick-xml's; where quick-xml would stop with a syntax error (and
/// calamine with it), it goes on as if the markup were text.
///
/// Every part of the zip is measured, pictures too: calamine reads the workbook and its
/// worksheets under whatever names the relationships give. A part no larger than
/// [`MAX_PIECE_BYTES`] cannot fail; a larger picture may, by chance.
struct XmlPieces {
    /// Most bytes of a piece, or of an element read whole.
    limit: usize,
    at: At,
    /// Bytes of the current piece so far.
    piece: usize,
    /// The name of the tag being read (its first bytes), whether its name is complete,
    /// whether it is an end tag, and whether it ends with `/` so far.
    name: Vec<u8>,
    name_done: bool,
    end_tag: bool,
    empty: bool,
    /// Bytes since a start tag of [`WHOLE_ELEMENTS`], until its end tag.
    inside: Option<usize>,
}

impl XmlPieces {
    fn new(limit: usize) -> Self {
        XmlPieces {
            limit,
            at: At::Text,
            piece: 0,
            name: Vec::new(),
            name_done: false,
            end_tag: false,
            empty: false,
            inside: None,
        }
    }

    fn feed(&mut self, mut data: &[u8]) -> Result<(), SheetError> {
        let upto = |data: &[u8], stop: fn(u8) -> bool| {
            data.iter().position(|b| stop(*b)).unwrap_or(data.len())
        };
        while !data.is_empty() {
            // Runs that cannot change the state are skipped in one step: text up to '<', a
            // quoted value up to its quote, the rest of a tag after its name up to a quote or
            // '>' (remembering whether the byte before is the '/' of an empty element).
            let step = match self.at {
                At::Text => upto(data, |b| b == b'<'),
                At::Tag { quote: Some(b'"') } => upto(data, |b| b == b'"'),
                At::Tag { quote: Some(_) } => upto(data, |b| b == b'\''),
                At::Tag { quote: None } if self.name_done => {
                    let step = upto(data, |b| matches!(b, b'"' | b'\'' | b'>'));
                    if let Some(last) = step.checked_sub(1).and_then(|i| data.get(i)) {
                        self.empty = *last == b'/';
                    }
                    step
                }
                _ => 0,
            };
            self.grow(step)?;
            let Some((&b, rest)) = data.get(step..).and_then(<[u8]>::split_first) else {
                break;
            };
            data = rest;
            self.grow(1)?;
            self.at = self.next(b);
        }
        Ok(())
    }

    fn grow(&mut self, n: usize) -> Result<(), SheetError> {
        self.piece = self.piece.saturating_add(n);
        if let Some(inside) = &mut self.inside {
            *inside = inside.saturating_add(n);
        }
        if self.piece > self.limit || self.inside.is_some_and(|i| i > self.limit) {
            return Err(SheetError::Read(
                "the workbook holds a piece of XML larger than Excel writes".into(),
            ));
        }
        Ok(())
    }

    /// The state after byte `b`.
    fn next(&mut self, b: u8) -> At {
        match self.at {
            At::Text => {
                // b is '<': a new piece starts.
                self.piece = 1;
                At::Open
            }
            At::Open => match b {
                b'!' => At::Bang,
                b'?' => At::Instruction { question: false },
                b'/' => {
                    self.start_tag(true);
                    At::Tag { quote: None }
                }
                _ => {
                    self.start_tag(false);
                    self.tag_byte(b)
                }
            },
            At::Tag { quote: Some(q) } => At::Tag {
                quote: (b != q).then_some(q),
            },
            At::Tag { quote: None } => self.tag_byte(b),
            At::Bang => match b {
                b'-' => At::CommentOpen,
                b'[' => At::CData { brackets: 0 },
                b'D' | b'd' => At::DocType,
                // A syntax error for quick-xml.
                _ => At::Text,
            },
            // The dashes of "<!--" do not count towards its end ("<!--->" is not closed).
            At::CommentOpen => At::Comment { dashes: 0 },
            At::Comment { dashes } => match b {
                b'>' if dashes >= 2 => self.end_piece(),
                b'-' => At::Comment {
                    dashes: dashes.saturating_add(1),
                },
                _ => At::Comment { dashes: 0 },
            },
            At::CData { brackets } => match b {
                b'>' if brackets >= 2 => self.end_piece(),
                b']' => At::CData {
                    brackets: brackets.saturating_add(1),
                },
                _ => At::CData { brackets: 0 },
            },
            At::Instruction { question } => match b {
                b'>' if question => self.end_piece(),
                _ => At::Instruction {
                    question: b == b'?',
                },
            },
            At::DocType => At::DocType,
        }
    }

    fn start_tag(&mut self, end_tag: bool) {
        self.name.clear();
        self.name_done = false;
        self.end_tag = end_tag;
        self.empty = false;
    }

    /// One byte of a tag, outside quotes (quick-xml reads a `>` in a quoted attribute value as
    /// part of the value).
    fn tag_byte(&mut self, b: u8) -> At {
        match b {
            b'"' | b'\'' => {
                self.name_done = true;
                self.empty = false;
                At::Tag { quote: Some(b) }
            }
            b'>' => {
                self.tag_read();
                self.end_piece()
            }
            _ => {
                self.empty = b == b'/';
                if b.is_ascii_whitespace() || b == b'/' {
                    self.name_done = true;
                } else if !self.name_done && self.name.len() < 64 {
                    self.name.push(b);
                }
                At::Tag { quote: None }
            }
        }
    }

    /// A whole tag has been read: enters or leaves an element read whole.
    fn tag_read(&mut self) {
        let local = self.name.rsplit(|c| *c == b':').next().unwrap_or_default();
        if !WHOLE_ELEMENTS.contains(&local) {
            return;
        }
        if self.end_tag {
            self.inside = None;
        } else if !self.empty && self.inside.is_none() {
            self.inside = Some(0);
        }
    }

    fn end_piece(&mut self) -> At {
        self.piece = 0;
        At::Text
    }
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

/// A minimal .xlsx with one worksheet (`sheet`: the content of its `sheetData`) and, if
/// given, shared strings (the content of `sst`), for tests.
#[cfg(test)]
pub(crate) fn workbook(sheet: &[u8], shared: Option<&[u8]>) -> Vec<u8> {
    use std::io::Write;
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut rels = format!(
        r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>"#
    );
    if shared.is_some() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>"#
        ));
    }
    rels.push_str("</Relationships>");
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        (
            "_rels/.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).into_bytes(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes(),
        ),
        ("xl/_rels/workbook.xml.rels", rels.into_bytes()),
    ];
    let mut xml = format!(r#"<worksheet xmlns="{NS}"><sheetData>"#).into_bytes();
    xml.extend_from_slice(sheet);
    xml.extend_from_slice(b"</sheetData></worksheet>");
    parts.push(("xl/worksheets/sheet1.xml", xml));
    if let Some(sst) = shared {
        let mut xml = format!(r#"<sst xmlns="{NS}">"#).into_bytes();
        xml.extend_from_slice(sst);
        xml.extend_from_slice(b"</sst>");
        parts.push(("xl/sharedStrings.xml", xml));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, data) in parts {
        let written = zip
            .start_file(name, options)
            .map_err(std::io::Error::other)
            .and_then(|()| zip.write_all(&data));
        assert!(written.is_ok(), "{written:?}");
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small limit keeps the tests quick; [`MAX_PIECE_BYTES`] is tested end to end.
    const LIMIT: usize = 4_096;

    fn pieces(xml: &[u8]) -> Result<(), SheetError> {
        let mut p = XmlPieces::new(LIMIT);
        // Fed in chunks cut anywhere, as the zip reader's may be.
        for chunk in xml.chunks(7) {
            p.feed(chunk)?;
        }
        Ok(())
    }

    fn repeat(parts: &[&[u8]], times: usize) -> Vec<u8> {
        parts.concat().repeat(times)
    }

    #[test]
    fn ordinary_xml_passes() {
        let cell = br#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a &gt; b</t></is></c><c r="C1"/></row>"#;
        assert_eq!(pieces(&repeat(&[cell], 1_000)), Ok(()));
        let big_enough = [
            b"<c><is><t>".as_slice(),
            &b"x".repeat(LIMIT / 2),
            b"</t></is></c>",
        ]
        .concat();
        assert_eq!(pieces(&repeat(&[&big_enough], 4)), Ok(()));
    }

    /// Finding: calamine's XML reader keeps a text, a comment, a tag whole; a 100 KB upload
    /// holding a 100 MB text took 500 MB and 20 s to refuse.
    #[test]
    fn pieces_too_long_are_refused() {
        let long = b"x".repeat(LIMIT + 1);
        assert!(pieces(&long).is_err());
        // In a comment, with what ends a tag or starts one.
        assert!(
            pieces(
                &[
                    b"<!--".as_slice(),
                    &repeat(&[b"a>b<"], LIMIT / 4 + 1),
                    b"-->"
                ]
                .concat()
            )
            .is_err()
        );
        // In a quoted attribute value.
        assert!(
            pieces(&[b"<c r=\"".as_slice(), &repeat(&[b">"], LIMIT + 1), b"\">"].concat()).is_err()
        );
        assert!(
            pieces(
                &[
                    b"<![CDATA[".as_slice(),
                    &repeat(&[b"]>"], LIMIT / 2 + 1),
                    b"]]>"
                ]
                .concat()
            )
            .is_err()
        );
        assert!(
            pieces(&[b"<?x ".as_slice(), &repeat(&[b">"], LIMIT + 1), b"?>"].concat()).is_err()
        );
        // "<!--->" does not close the comment it opens.
        assert!(
            pieces(&[b"<!--->".as_slice(), &repeat(&[b"<a>"], LIMIT / 3 + 1)].concat()).is_err()
        );
        // After a document type declaration everything counts as one piece.
        assert!(
            pieces(
                &[
                    b"<!DOCTYPE x>".as_slice(),
                    &repeat(&[b"<a/>"], LIMIT / 4 + 1)
                ]
                .concat()
            )
            .is_err()
        );
    }

    /// Finding: calamine joins the texts of a cell, so a cell cut into small texts by comments
    /// or rich-text runs is as large as their sum.
    #[test]
    fn a_cell_in_many_small_pieces_is_refused() {
        let cut = [
            b"<x:c r=\"A1\" t=\"inlineStr\"><is>".as_slice(),
            &repeat(&[b"<r><t>aaaa</t></r><!---->"], LIMIT / 20),
            b"</is></x:c>",
        ]
        .concat();
        assert!(pieces(&cut).is_err());
        let shared = [
            b"<si>".as_slice(),
            &repeat(&[b"<r><t>aaaa</t></r>"], LIMIT / 16),
            b"</si>",
        ]
        .concat();
        assert!(pieces(&shared).is_err());
        // Many small cells are fine; so are empty ones.
        let cells = repeat(&[b"<c r=\"A1\"><v>1</v></c><c/>"], LIMIT / 10);
        assert_eq!(pieces(&cells), Ok(()));
    }

    #[test]
    fn a_huge_inline_string_is_refused_before_calamine_reads_it() {
        let cell = [
            b"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".as_slice(),
            &b"a".repeat(MAX_PIECE_BYTES + 1),
            b"</t></is></c></row>",
        ]
        .concat();
        let file = workbook(&cell, None);
        assert!(file.len() < 100_000);
        assert!(matches!(check(&file), Err(SheetError::Read(_))));
        assert!(matches!(
            crate::read_staff_sheet(&file),
            Err(SheetError::Read(_))
        ));
    }

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
