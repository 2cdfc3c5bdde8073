//! Printed documents (issue 8 §3, SPEC M7.3): the evaluation form, the summary list and the
//! commendation list as PDF, laid out like the paper ones of the Hanoi Quy chế and Nghị định
//! 30/2020 on administrative documents: the issuing body and the national motto side by side
//! (Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Tiêu ngữ "Độc lập - Tự do - Hạnh phúc"),
//! the number and the place and date, the title, a ruled table whose header repeats on every
//! page, and the signature block; "Trang n/N" at the foot of each page.
//!
//! Fonts: Liberation Serif 2.x (SIL OFL, `fonts/`; the 1.x files many systems carry have no
//! Vietnamese), embedded and subset by krilla with Unicode maps, so every reader shows the
//! diacritics and text extraction gives the words back. Text is normalised to NFC first; a
//! character the font lacks prints as "?".
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod layout;

use std::sync::OnceLock;

use krilla::Document as PdfDocument;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use unicode_normalization::UnicodeNormalization;

use layout::{
    A4_HEIGHT, A4_WIDTH, Block, Canvas, Column, FontFace, FontSet, RowLayout, Table, TableStyle,
    TextStyle, Variant, mm, paginate,
};
pub use layout::{Align, PdfError};

static SERIF_REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
static SERIF_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");

/// The fonts, parsed once per process.
pub fn fonts() -> Result<&'static FontSet, PdfError> {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    if let Some(f) = FONTS.get() {
        return Ok(f);
    }
    let set = FontSet {
        regular: FontFace::from_static("LiberationSerif-Regular", SERIF_REGULAR)?,
        bold: FontFace::from_static("LiberationSerif-Bold", SERIF_BOLD)?,
        italic: FontFace::from_static("LiberationSerif-Italic", SERIF_ITALIC)?,
    };
    Ok(FONTS.get_or_init(|| set))
}

/// The top of an official document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heading {
    /// The body above the issuer ("UBND HUYỆN MẪU"); may be empty.
    pub parent_agency: String,
    /// The issuer ("VĂN PHÒNG HĐND VÀ UBND"), printed bold and underlined.
    pub agency: String,
    /// "Số: …/DS-VP".
    pub number: String,
    /// "Huyện Mẫu, ngày 24 tháng 11 năm 2026".
    pub place_date: String,
    pub title: String,
    pub subtitle: String,
}

/// Someone who signs at the foot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signer {
    /// "THỦ TRƯỞNG ĐƠN VỊ".
    pub title: String,
    /// Printed under the space for the signature; may be empty (then written by hand).
    pub name: String,
}

/// A column of the table: its title, its share of the width, and how its cells align.
#[derive(Debug, Clone, PartialEq)]
pub struct Col {
    pub title: String,
    pub weight: f32,
    pub align: Align,
}

impl Col {
    pub fn new(title: &str, weight: f32, align: Align) -> Col {
        Col {
            title: title.to_owned(),
            weight,
            align,
        }
    }
}

/// Page orientation (A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A document: heading, lines before the table, the table, lines after it, signatures.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub heading: Heading,
    pub orientation: Orientation,
    /// Paragraphs between the title and the table ("Họ và tên: …").
    pub before: Vec<String>,
    pub columns: Vec<Col>,
    pub rows: Vec<Vec<String>>,
    /// Paragraphs after the table ("Tổng số: 3 người …").
    pub after: Vec<String>,
    /// One to three signers, left to right.
    pub signers: Vec<Signer>,
}

const HEAD: TextStyle = TextStyle::regular(12.5);
const HEAD_BOLD: TextStyle = TextStyle::bold(12.5);
const MOTTO: TextStyle = TextStyle::bold(13.0);
const HEAD_ITALIC: TextStyle = TextStyle::italic(13.0);
const TITLE: TextStyle = TextStyle::bold(14.0);
const SUBTITLE: TextStyle = TextStyle::regular(13.0);
const PARAGRAPH: TextStyle = TextStyle::regular(12.5);
const SIGN_TITLE: TextStyle = TextStyle::bold(12.5);
const SIGN_NOTE: TextStyle = TextStyle::italic(12.0);
const FOOTER: TextStyle = TextStyle::italic(10.0);
/// Above this many columns a table is set in a smaller size.
const WIDE_TABLE: usize = 12;

/// Margins of Nghị định 30/2020 (Phụ lục I): top and bottom 20–25 mm, left 30–35 mm, right
/// 15–20 mm.
struct Geometry {
    page_w: f32,
    page_h: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    footer_baseline: f32,
}

impl Geometry {
    fn new(o: Orientation) -> Self {
        let (page_w, page_h) = match o {
            Orientation::Portrait => (A4_WIDTH, A4_HEIGHT),
            Orientation::Landscape => (A4_HEIGHT, A4_WIDTH),
        };
        Self {
            page_w,
            page_h,
            left: mm(30.0),
            right: page_w - mm(15.0),
            top: mm(20.0),
            bottom: page_h - mm(20.0),
            footer_baseline: page_h - mm(10.0),
        }
    }
    fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// NFC, control characters as spaces, characters the font lacks as "?".
fn clean(fonts: &FontSet, text: &str) -> String {
    let text: String = text
        .nfc()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect();
    let missing = fonts.face(Variant::Regular).missing_chars(&text);
    if missing.is_empty() {
        text
    } else {
        text.chars()
            .map(|c| if missing.contains(&c) { '?' } else { c })
            .collect()
    }
}

/// The issuer and motto side by side, the number and date, the title, and the paragraphs
/// before the table.
fn heading<'f>(fonts: &'f FontSet, geo: &Geometry, h: &Heading, before: &[String]) -> Block<'f> {
    let mut b = Block::new(fonts, geo.top);
    let half = geo.width() / 2.0;
    let left_cx = geo.left + half * 0.42;
    let right_cx = geo.left + half + half * 0.58;
    let lh = fonts.line_height(MOTTO);

    let mut y = geo.top + fonts.baseline_offset(HEAD);
    b.text(left_cx, y, &h.parent_agency, HEAD, Align::Center);
    b.text(
        right_cx,
        y,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        HEAD_BOLD,
        Align::Center,
    );
    y += lh;
    let agency_w = b.text(left_cx, y, &h.agency, HEAD_BOLD, Align::Center);
    let motto_w = b.text(
        right_cx,
        y,
        "Độc lập - Tự do - Hạnh phúc",
        MOTTO,
        Align::Center,
    );
    // A short rule under the issuer (a third of its width); one as wide as the motto.
    let rule_y = y + 4.0;
    b.rule(
        left_cx - agency_w / 6.0,
        left_cx + agency_w / 6.0,
        rule_y,
        0.6,
    );
    b.rule(
        right_cx - motto_w / 2.0,
        right_cx + motto_w / 2.0,
        rule_y,
        0.6,
    );
    y += lh + 8.0;
    b.text(left_cx, y, &h.number, HEAD, Align::Center);
    b.text(right_cx, y, &h.place_date, HEAD_ITALIC, Align::Center);

    let cx = (geo.left + geo.right) / 2.0;
    y += lh + 14.0;
    for line in fonts.wrap(&h.title, TITLE, geo.width()) {
        b.text(cx, y, &line, TITLE, Align::Center);
        y += fonts.line_height(TITLE);
    }
    if !h.subtitle.is_empty() {
        b.text(cx, y, &h.subtitle, SUBTITLE, Align::Center);
        y += fonts.line_height(SUBTITLE);
    }
    if !before.is_empty() {
        y += 6.0;
        for p in before {
            for line in fonts.wrap(p, PARAGRAPH, geo.width()) {
                b.text(geo.left, y, &line, PARAGRAPH, Align::Left);
                y += fonts.line_height(PARAGRAPH);
            }
        }
    }
    b.bottom += 8.0;
    b
}

/// The paragraphs after the table and the signers side by side, from `top`.
fn closing<'f>(
    fonts: &'f FontSet,
    geo: &Geometry,
    top: f32,
    after: &[String],
    signers: &[Signer],
) -> Block<'f> {
    let mut b = Block::new(fonts, top);
    let mut y = top + 6.0 + fonts.baseline_offset(PARAGRAPH);
    for p in after {
        for line in fonts.wrap(p, PARAGRAPH, geo.width()) {
            b.text(geo.left, y, &line, PARAGRAPH, Align::Left);
            y += fonts.line_height(PARAGRAPH);
        }
    }
    let n = signers.len().max(1) as f32;
    for (i, s) in signers.iter().enumerate() {
        let cx = geo.left + geo.width() * (2.0 * i as f32 + 1.0) / (2.0 * n);
        let mut sy = y + 12.0;
        b.text(cx, sy, &s.title, SIGN_TITLE, Align::Center);
        sy += fonts.line_height(SIGN_NOTE);
        b.text(cx, sy, "(Ký, ghi rõ họ tên)", SIGN_NOTE, Align::Center);
        sy += 60.0 + fonts.line_height(SIGN_TITLE);
        b.text(cx, sy, &s.name, SIGN_TITLE, Align::Center);
    }
    b
}

/// The document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let c = |s: &String| clean(fonts, s);
    let heading_text = Heading {
        parent_agency: c(&doc.heading.parent_agency),
        agency: c(&doc.heading.agency),
        number: c(&doc.heading.number),
        place_date: c(&doc.heading.place_date),
        title: c(&doc.heading.title),
        subtitle: c(&doc.heading.subtitle),
    };
    let before: Vec<String> = doc.before.iter().map(c).collect();
    let after: Vec<String> = doc.after.iter().map(c).collect();
    let signers: Vec<Signer> = doc
        .signers
        .iter()
        .map(|s| Signer {
            title: c(&s.title),
            name: c(&s.name),
        })
        .collect();

    let geo = Geometry::new(doc.orientation);
    let total_weight: f32 = doc.columns.iter().map(|col| col.weight).sum();
    if doc.columns.is_empty() || total_weight <= 0.0 {
        return Err(PdfError::Geometry("a table needs columns"));
    }
    // A wide table (a report with many counts) is set smaller so its headings fit their columns
    // without breaking a word.
    let (size, pad_x) = if doc.columns.len() > WIDE_TABLE {
        (9.5, 2.5)
    } else {
        (11.5, 4.0)
    };
    let table = Table {
        columns: doc
            .columns
            .iter()
            .map(|col| Column {
                title: c(&col.title),
                width: geo.width() * col.weight / total_weight,
                align: col.align,
            })
            .collect(),
        style: TableStyle {
            header: TextStyle::bold(size),
            body: TextStyle::regular(size),
            pad_x,
            pad_y: 3.0,
            max_lines: 4,
            rule_width: 0.6,
        },
    };

    // Pass 1: lay everything out and paginate, so the page count is known.
    let head = heading(fonts, &geo, &heading_text, &before);
    let header = table.layout_header(fonts)?;
    let rows: Vec<RowLayout> = doc
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r.iter().map(c).collect();
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            table.layout_row(fonts, &refs)
        })
        .collect::<Result<_, _>>()?;
    let heights: Vec<f32> = rows.iter().map(|r| r.height).collect();
    let tail = closing(fonts, &geo, 0.0, &after, &signers).bottom;
    let pages = paginate(
        &heights,
        header.height,
        geo.bottom - head.bottom,
        geo.bottom - geo.top,
        tail,
        2,
    );
    let total = pages.len();

    // Pass 2: draw.
    let mut pdf = PdfDocument::new();
    pdf.set_metadata(
        Metadata::new()
            .title(format!(
                "{} - {}",
                heading_text.title, heading_text.subtitle
            ))
            .language("vi".into()),
    );
    let settings =
        PageSettings::from_wh(geo.page_w, geo.page_h).ok_or(PdfError::Geometry("page size"))?;
    for (index, range) in pages.iter().enumerate() {
        let mut page = pdf.start_page_with(settings.clone());
        let mut canvas = Canvas::new(page.surface(), fonts);
        let mut y = geo.top;
        if index == 0 {
            head.draw(&mut canvas);
            y = head.bottom;
        }
        if !range.is_empty() || index == 0 {
            let body = rows.get(range.clone()).unwrap_or(&[]);
            y = table.draw(&mut canvas, geo.left, y, &header, body);
        }
        if index + 1 == total {
            closing(fonts, &geo, y, &after, &signers).draw(&mut canvas);
        }
        canvas.text(
            (geo.left + geo.right) / 2.0,
            geo.footer_baseline,
            &format!("Trang {}/{}", index + 1, total),
            FOOTER,
            Align::Center,
        );
        canvas.finish();
        page.finish();
    }
    Ok(pdf.finish()?)
}

/// "Huyện Mẫu, ngày 24 tháng 11 năm 2026" (Nghị định 30/2020: days and months below 10 take a
/// leading zero only for 1 and 2, here always two digits as the Quy chế's forms print them).
pub fn place_date(place: &str, day: u8, month: u8, year: i32) -> String {
    format!("{place}, ngày {day:02} tháng {month:02} năm {year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_cover_every_vietnamese_letter() -> Result<(), PdfError> {
        let f = fonts()?;
        let all = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ\
                   ẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
        for v in [Variant::Regular, Variant::Bold, Variant::Italic] {
            f.check_coverage(all, v)?;
        }
        Ok(())
    }

    #[test]
    fn text_is_composed_and_unknown_characters_print_as_a_question_mark() -> Result<(), PdfError> {
        let f = fonts()?;
        assert_eq!(clean(f, "Nguye\u{0302}\u{0303}n"), "Nguyễn");
        assert_eq!(clean(f, "A\u{1F600}B\tC"), "A?B C");
        Ok(())
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() -> Result<(), PdfError> {
        let f = fonts()?;
        let style = TextStyle::regular(11.5);
        let text = "Trung tâm Phát triển quỹ đất và Cụm công nghiệp kiêm Ban Quản lý dự án";
        let lines = f.wrap(text, style, 150.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| f.width(l, style) <= 150.0));
        assert_eq!(lines.join(" "), text);
        let clipped = f.wrap_clipped(text, style, 150.0, 2);
        assert_eq!(clipped.len(), 2);
        assert!(clipped[1].ends_with('…'));
        Ok(())
    }
}
