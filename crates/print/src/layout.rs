//! A small layout layer over `krilla`: fonts shaped with `rustybuzz` (the shaper krilla uses,
//! so what is measured is what is drawn), line wrapping with clipping, a canvas with alignment
//! helpers, measured blocks, and a ruled table paginated with its header repeated.
//!
//! Coordinates are PDF points (1/72 in), origin top-left, y growing down (krilla's convention);
//! text is placed by its baseline.

use std::ops::Range;

use krilla::geom::{PathBuilder, Point};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

/// A4 in points.
pub const A4_WIDTH: f32 = 595.28;
pub const A4_HEIGHT: f32 = 841.89;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Font bytes could not be parsed (by krilla or by the shaper).
    #[error("invalid font data: {0}")]
    InvalidFont(&'static str),
    /// The text holds characters the font has no glyph for.
    #[error("font {font} has no glyphs for {chars:?}")]
    MissingGlyphs { font: &'static str, chars: String },
    /// A table row has another number of cells than the table has columns.
    #[error("table row has {got} cells, expected {expected}")]
    CellCount { expected: usize, got: usize },
    /// Invalid page geometry (e.g. a zero-sized page).
    #[error("invalid geometry: {0}")]
    Geometry(&'static str),
    /// Writing the PDF failed.
    #[error("PDF serialisation failed: {0:?}")]
    Krilla(krilla::error::KrillaError),
}

impl From<krilla::error::KrillaError> for PdfError {
    fn from(e: krilla::error::KrillaError) -> Self {
        Self::Krilla(e)
    }
}

pub type Result<T> = std::result::Result<T, PdfError>;

// ---------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------

/// One font file: the krilla handle (embedding/subsetting) plus a shaping face.
pub struct FontFace {
    name: &'static str,
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
    upem: f32,
    /// Ascent / descent (positive) / line gap, in em.
    ascent: f32,
    descent: f32,
    line_gap: f32,
}

/// The result of shaping one line: glyphs with em-normalised metrics.
pub struct Shaped {
    pub glyphs: Vec<KrillaGlyph>,
    /// Total advance in em (multiply by font size).
    pub advance: f32,
}

impl FontFace {
    /// `bytes` is typically `include_bytes!("../fonts/X.ttf")`.
    pub fn from_static(name: &'static str, bytes: &'static [u8]) -> Result<Self> {
        let pdf = Font::new(bytes.into(), 0).ok_or(PdfError::InvalidFont(name))?;
        let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or(PdfError::InvalidFont(name))?;
        let upem = shaper.units_per_em() as f32;
        Ok(Self {
            name,
            pdf,
            ascent: f32::from(shaper.ascender()) / upem,
            descent: -f32::from(shaper.descender()) / upem,
            line_gap: f32::from(shaper.line_gap()) / upem,
            upem,
            shaper,
        })
    }

    /// Shape a single line of text (no line breaks) left-to-right.
    pub fn shape(&self, text: &str) -> Shaped {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(&self.shaper, &[], buffer);

        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut advance = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            // The cluster of glyph i spans up to the next glyph with a different
            // cluster; this range drives the ToUnicode / ActualText mapping.
            let start = info.cluster as usize;
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            let x_advance = pos.x_advance as f32 / self.upem;
            advance += x_advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                x_advance,
                pos.x_offset as f32 / self.upem,
                pos.y_offset as f32 / self.upem,
                pos.y_advance as f32 / self.upem,
                start..end,
                None,
            ));
        }
        Shaped { glyphs, advance }
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.shape(text).advance * size
    }

    /// Characters of `text` the font cannot display (mapped to .notdef).
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && !is_combining_mark(*c))
            .filter(|&c| self.shaper.glyph_index(c).is_none())
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Regular,
    Bold,
    Italic,
}

#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub variant: Variant,
    pub size: f32,
}

impl TextStyle {
    pub const fn regular(size: f32) -> Self {
        Self {
            variant: Variant::Regular,
            size,
        }
    }
    pub const fn bold(size: f32) -> Self {
        Self {
            variant: Variant::Bold,
            size,
        }
    }
    pub const fn italic(size: f32) -> Self {
        Self {
            variant: Variant::Italic,
            size,
        }
    }
}

/// Line height factor applied to the font's natural line height.
const LEADING: f32 = 1.05;

pub struct FontSet {
    pub regular: FontFace,
    pub bold: FontFace,
    pub italic: FontFace,
}

impl FontSet {
    pub fn face(&self, variant: Variant) -> &FontFace {
        match variant {
            Variant::Regular => &self.regular,
            Variant::Bold => &self.bold,
            Variant::Italic => &self.italic,
        }
    }

    pub fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.face(style.variant).width(text, style.size)
    }

    /// Distance between consecutive baselines.
    pub fn line_height(&self, style: TextStyle) -> f32 {
        let f = self.face(style.variant);
        (f.ascent + f.descent + f.line_gap) * style.size * LEADING
    }

    /// Distance from the top of a line box to its baseline.
    pub fn baseline_offset(&self, style: TextStyle) -> f32 {
        let f = self.face(style.variant);
        let extra = self.line_height(style) - (f.ascent + f.descent) * style.size;
        extra / 2.0 + f.ascent * style.size
    }

    /// Fail if any font lacks a glyph used in `text` for that style.
    pub fn check_coverage(&self, text: &str, variant: Variant) -> Result<()> {
        let face = self.face(variant);
        let missing = face.missing_chars(text);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(PdfError::MissingGlyphs {
                font: face.name,
                chars: missing.into_iter().collect(),
            })
        }
    }

    /// Greedy word wrap. Words longer than `max_width` are broken between
    /// grapheme clusters (a base char and its combining marks stay together).
    /// Explicit `\n` forces a break.
    pub fn wrap(&self, text: &str, style: TextStyle, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, style) <= max_width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, style) <= max_width {
                    line = word.to_owned();
                } else {
                    // Hard-break an over-long word.
                    let mut rest = word;
                    while !rest.is_empty() {
                        let cut = self.longest_prefix(rest, style, max_width, "");
                        let (head, tail) = rest.split_at(cut);
                        if tail.is_empty() {
                            line = head.to_owned();
                        } else {
                            lines.push(head.to_owned());
                        }
                        rest = tail;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Wrap, then keep at most `max_lines`; if text was dropped, the last kept
    /// line is shortened and ends with an ellipsis.
    pub fn wrap_clipped(
        &self,
        text: &str,
        style: TextStyle,
        max_width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(text, style, max_width);
        if max_lines == 0 || lines.len() <= max_lines {
            return lines;
        }
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let cut = self.longest_prefix(last, style, max_width, "…");
            let kept = last[..cut].trim_end();
            *last = format!("{kept}…");
        }
        lines
    }

    /// Byte length of the longest grapheme-aligned prefix of `text` that fits
    /// in `max_width` together with `suffix`. Always at least one grapheme so
    /// that wrapping makes progress.
    fn longest_prefix(&self, text: &str, style: TextStyle, max_width: f32, suffix: &str) -> usize {
        let bounds = grapheme_ends(text);
        let fits =
            |end: usize| self.width(&format!("{}{suffix}", &text[..end]), style) <= max_width;
        // Binary search on the monotone "fits" predicate.
        let (mut lo, mut hi) = (0usize, bounds.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(bounds[mid - 1]) {
                lo = mid
            } else {
                hi = mid - 1
            }
        }
        bounds.get(lo.max(1) - 1).copied().unwrap_or(0)
    }
}

/// Combining diacritics (enough for Vietnamese and general Latin).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// End byte offsets of each (simplified) grapheme cluster.
fn grapheme_ends(text: &str) -> Vec<usize> {
    let mut ends: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match ends.last_mut() {
            Some(last) if is_combining_mark(c) => *last = end,
            _ => ends.push(end),
        }
    }
    ends
}

// ---------------------------------------------------------------------------
// Canvas
// ---------------------------------------------------------------------------

/// A straight line from one point to another: `((x1, y1), (x2, y2))`.
pub type Segment = ((f32, f32), (f32, f32));

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// Drawing helpers over a krilla page surface.
pub struct Canvas<'s, 'f> {
    surface: Surface<'s>,
    fonts: &'f FontSet,
}

impl<'s, 'f> Canvas<'s, 'f> {
    pub fn new(surface: Surface<'s>, fonts: &'f FontSet) -> Self {
        Self { surface, fonts }
    }

    pub fn fonts(&self) -> &'f FontSet {
        self.fonts
    }

    /// Draw one line. `x` is the left edge, centre or right edge depending on
    /// `align`. Returns the drawn width.
    pub fn text(
        &mut self,
        x: f32,
        baseline: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) -> f32 {
        let face = self.fonts.face(style.variant);
        let shaped = face.shape(text);
        let width = shaped.advance * style.size;
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.surface.set_fill(Some(Fill::default()));
        self.surface.set_stroke(None);
        self.surface.draw_glyphs(
            Point::from_xy(left, baseline),
            &shaped.glyphs,
            face.pdf.clone(),
            text,
            style.size,
            false,
        );
        width
    }

    /// Draw a line inside the horizontal box `[left, left + width]`.
    pub fn text_in(
        &mut self,
        left: f32,
        width: f32,
        baseline: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        let x = match align {
            Align::Left => left,
            Align::Center => left + width / 2.0,
            Align::Right => left + width,
        };
        self.text(x, baseline, text, style, align);
    }

    /// Stroke a set of straight segments `((x1, y1), (x2, y2))` in one path.
    pub fn segments(&mut self, segments: &[Segment], width: f32) {
        let mut pb = PathBuilder::new();
        for &((x1, y1), (x2, y2)) in segments {
            pb.move_to(x1, y1);
            pb.line_to(x2, y2);
        }
        let Some(path) = pb.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            width,
            ..Stroke::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill::default()));
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.segments(&[((x1, y), (x2, y))], width);
    }

    pub fn finish(self) {
        self.surface.finish();
    }
}

// ---------------------------------------------------------------------------
// Block: a measured display list (lay out first, draw later)
// ---------------------------------------------------------------------------

enum Item {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        style: TextStyle,
        align: Align,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
    },
}

/// Free-positioned texts and rules whose extent is known before drawing, so
/// fixed parts (headings, signature blocks) can take part in pagination.
pub struct Block<'f> {
    fonts: &'f FontSet,
    items: Vec<Item>,
    /// Lowest y touched by the block (line box bottoms / rules).
    pub bottom: f32,
}

impl<'f> Block<'f> {
    pub fn new(fonts: &'f FontSet, top: f32) -> Self {
        Self {
            fonts,
            items: Vec::new(),
            bottom: top,
        }
    }

    pub fn fonts(&self) -> &'f FontSet {
        self.fonts
    }

    /// Queue a text line (see [`Canvas::text`] for `x`/`align`); returns its width.
    pub fn text(
        &mut self,
        x: f32,
        baseline: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) -> f32 {
        let width = self.fonts.width(text, style);
        let line_bottom =
            baseline - self.fonts.baseline_offset(style) + self.fonts.line_height(style);
        self.bottom = self.bottom.max(line_bottom);
        self.items.push(Item::Text {
            x,
            baseline,
            text: text.to_owned(),
            style,
            align,
        });
        width
    }

    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.bottom = self.bottom.max(y + width / 2.0);
        self.items.push(Item::Rule { x1, x2, y, width });
    }

    pub fn draw(&self, canvas: &mut Canvas) {
        for item in &self.items {
            match item {
                Item::Text {
                    x,
                    baseline,
                    text,
                    style,
                    align,
                } => {
                    canvas.text(*x, *baseline, text, *style, *align);
                }
                Item::Rule { x1, x2, y, width } => canvas.hline(*x1, *x2, *y, *width),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

pub struct TableStyle {
    pub header: TextStyle,
    pub body: TextStyle,
    pub pad_x: f32,
    pub pad_y: f32,
    /// Max lines per body cell before clipping with "…" (0 = unlimited).
    pub max_lines: usize,
    pub rule_width: f32,
}

/// A row with its cells already wrapped and its height computed.
pub struct RowLayout {
    cells: Vec<Vec<String>>,
    style: TextStyle,
    pub height: f32,
}

pub struct Table {
    pub columns: Vec<Column>,
    pub style: TableStyle,
}

impl Table {
    pub fn width(&self) -> f32 {
        self.columns.iter().map(|c| c.width).sum()
    }

    fn layout(
        &self,
        fonts: &FontSet,
        cells: &[&str],
        style: TextStyle,
        max_lines: usize,
    ) -> Result<RowLayout> {
        if cells.len() != self.columns.len() {
            return Err(PdfError::CellCount {
                expected: self.columns.len(),
                got: cells.len(),
            });
        }
        let cells: Vec<Vec<String>> = cells
            .iter()
            .zip(&self.columns)
            .map(|(text, col)| {
                fonts.wrap_clipped(text, style, col.width - 2.0 * self.style.pad_x, max_lines)
            })
            .collect();
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * fonts.line_height(style) + 2.0 * self.style.pad_y;
        Ok(RowLayout {
            cells,
            style,
            height,
        })
    }

    pub fn layout_header(&self, fonts: &FontSet) -> Result<RowLayout> {
        let titles: Vec<&str> = self.columns.iter().map(|c| c.title.as_str()).collect();
        self.layout(fonts, &titles, self.style.header, 0)
    }

    pub fn layout_row(&self, fonts: &FontSet, cells: &[&str]) -> Result<RowLayout> {
        self.layout(fonts, cells, self.style.body, self.style.max_lines)
    }

    /// Draw `header` followed by `rows` with top-left corner at (x, y).
    /// Returns the y of the table's bottom edge.
    pub fn draw(
        &self,
        canvas: &mut Canvas,
        x: f32,
        y: f32,
        header: &RowLayout,
        rows: &[RowLayout],
    ) -> f32 {
        let fonts = canvas.fonts();
        let mut top = y;
        let mut rules = Vec::new();
        for (i, row) in std::iter::once(header).chain(rows).enumerate() {
            let is_header = i == 0;
            let line_h = fonts.line_height(row.style);
            let mut left = x;
            for (col, lines) in self.columns.iter().zip(&row.cells) {
                // Vertically centre the cell's text block.
                let block = lines.len() as f32 * line_h;
                let mut line_top = top + (row.height - block) / 2.0;
                let align = if is_header { Align::Center } else { col.align };
                for line in lines {
                    let baseline = line_top + fonts.baseline_offset(row.style);
                    canvas.text_in(
                        left + self.style.pad_x,
                        col.width - 2.0 * self.style.pad_x,
                        baseline,
                        line,
                        row.style,
                        align,
                    );
                    line_top += line_h;
                }
                left += col.width;
            }
            rules.push(((x, top), (x + self.width(), top)));
            top += row.height;
        }
        rules.push(((x, top), (x + self.width(), top)));
        let mut left = x;
        for col in std::iter::once(0.0).chain(self.columns.iter().map(|c| c.width)) {
            left += col;
            rules.push(((left, y), (left, top)));
        }
        canvas.segments(&rules, self.style.rule_width);
        top
    }
}

/// Split rows into pages. `first` / `rest` are the vertical space available
/// for the table (header included) on the first / following pages; `tail` is
/// space needed after the table on the last page (e.g. signatures). If the
/// tail does not fit, up to `keep_with_tail` rows move to a new page with it;
/// a trailing empty range means the tail sits alone on a new page.
pub fn paginate(
    heights: &[f32],
    header: f32,
    first: f32,
    rest: f32,
    tail: f32,
    keep_with_tail: usize,
) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut avail = first - header;
    for (i, &h) in heights.iter().enumerate() {
        if h > avail && i > start {
            pages.push(start..i);
            start = i;
            avail = rest - header;
        }
        avail -= h;
    }
    pages.push(start..heights.len());

    if avail < tail
        && let Some(last) = pages.pop()
    {
        // Keep at least one row on the old page; carry up to keep_with_tail over.
        let carry = keep_with_tail.min(last.len().saturating_sub(1));
        let split = last.end - carry;
        let carried: f32 = heights[split..last.end].iter().sum();
        if carry > 0 && header + carried + tail <= rest {
            pages.push(last.start..split);
            pages.push(split..last.end);
        } else {
            pages.push(last.clone());
            pages.push(last.end..last.end);
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grapheme_ends_keep_marks() {
        // "ệ" decomposed: e + U+0323 + U+0302
        let s = "Vie\u{0323}\u{0302}t";
        assert_eq!(grapheme_ends(s), vec![1, 2, 7, 8]);
    }

    #[test]
    fn paginate_moves_rows_with_tail() {
        let heights = [10.0; 10];
        // 4 rows per page (header 10, avail 50).
        let pages = paginate(&heights, 10.0, 50.0, 50.0, 0.0, 2);
        assert_eq!(pages, vec![0..4, 4..8, 8..10]);
        let pages = paginate(&heights, 10.0, 50.0, 50.0, 25.0, 2);
        assert_eq!(pages, vec![0..4, 4..8, 8..9, 9..10]);
    }
}
