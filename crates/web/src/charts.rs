//! Charts drawn on the server as inline SVG (issue 8 §2: "server-side SVG, no external
//! service"): no script, no external file, readable when printed, each segment titled with its
//! number for the mouse and the table beside it for everyone else.

use std::fmt::Write;

/// One bar: its label, where the label links to, and its parts in the order of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub href: Option<String>,
    pub parts: Vec<u64>,
}

/// A series: its name (shown in the legend and each segment's title) and colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub color: &'static str,
}

/// The four grades as series, A to D, each named "`label` A" (e.g. "Xếp loại A").
pub fn grade_series(label: &str) -> [Series; 4] {
    [
        ("A", "#1b7f3b"),
        ("B", "#2f6db5"),
        ("C", "#e0a100"),
        ("D", "#b3261e"),
    ]
    .map(|(k, color)| Series {
        name: format!("{label} {k}"),
        color,
    })
}

const WIDTH: u32 = 760;
const LABEL: u32 = 230;
const BAR: u32 = 440;
const ROW: u32 = 24;
const LEGEND: u32 = 28;

/// Text for SVG/XML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Horizontal bars, each stacked to 100 % of its own total (shares, so a commune and a city
/// compare), with the total at the end of the bar. Bars with no total are drawn empty.
pub fn stacked_bars(title: &str, series: &[Series], bars: &[Bar]) -> String {
    let height = LEGEND + ROW * u32::try_from(bars.len()).unwrap_or(0) + 8;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12"><title>{}</title>"#,
        escape(title)
    );
    // The legend.
    let mut x = LABEL;
    for se in series {
        let _ = write!(
            s,
            r#"<rect x="{x}" y="6" width="12" height="12" fill="{}"/><text x="{}" y="16">{}</text>"#,
            se.color,
            x + 16,
            escape(&se.name)
        );
        x += 20 + 7 * u32::try_from(se.name.chars().count()).unwrap_or(0);
    }
    for (i, b) in bars.iter().enumerate() {
        let y = LEGEND + ROW * u32::try_from(i).unwrap_or(0);
        let label = escape(&truncate(&b.label, 34));
        match &b.href {
            Some(h) => {
                let _ = write!(
                    s,
                    r##"<a href="{}"><text x="0" y="{}" fill="#0b3d73">{label}</text></a>"##,
                    escape(h),
                    y + 15
                );
            }
            None => {
                let _ = write!(s, r#"<text x="0" y="{}">{label}</text>"#, y + 15);
            }
        }
        let total: u64 = b.parts.iter().sum();
        let _ = write!(
            s,
            r##"<rect x="{LABEL}" y="{}" width="{BAR}" height="{}" fill="none" stroke="#c9d3e0"/>"##,
            y + 3,
            ROW - 6
        );
        {
            // A zero total has only zero parts: nothing is drawn.
            let mut at = 0u64; // cumulative, in units of the bar
            for (k, part) in b.parts.iter().enumerate() {
                if *part == 0 {
                    continue;
                }
                let Some(se) = series.get(k) else { continue };
                // Edges from cumulative sums, so rounding never leaves a gap or overflows.
                let x0 = (u64::from(BAR) * at).checked_div(total).unwrap_or(0);
                at += part;
                let x1 = (u64::from(BAR) * at).checked_div(total).unwrap_or(0);
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {part} ({}%)</title></rect>"#,
                    u64::from(LABEL) + x0,
                    y + 3,
                    x1 - x0,
                    ROW - 6,
                    se.color,
                    escape(&se.name),
                    percent(*part, total)
                );
            }
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}">{total}</text>"#,
            LABEL + BAR + 8,
            y + 15
        );
    }
    s.push_str("</svg>");
    s
}

/// `part / total` as a percentage with one decimal and a decimal comma.
fn percent(part: u64, total: u64) -> String {
    let tenths = (part * 1000 + total / 2) / total.max(1);
    format!("{},{}", tenths / 10, tenths % 10)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Vec<Series> {
        vec![
            Series {
                name: "A".into(),
                color: "#1b7f3b",
            },
            Series {
                name: "B".into(),
                color: "#2f6db5",
            },
        ]
    }

    #[test]
    fn segments_share_the_bar_in_proportion_and_fill_it_exactly() {
        let svg = stacked_bars(
            "Xếp loại",
            &series(),
            &[Bar {
                label: "Xã An Phú".into(),
                href: Some("/units/x/statistics".into()),
                parts: vec![1, 2],
            }],
        );
        // 1 of 3 and 2 of 3 of 440 px: 146 and 294, together the whole bar.
        assert!(svg.contains(r##"<rect x="230" y="31" width="146" height="18" fill="#1b7f3b"><title>A: 1 (33,3%)</title></rect>"##), "{svg}");
        assert!(svg.contains(r##"<rect x="376" y="31" width="294" height="18" fill="#2f6db5"><title>B: 2 (66,7%)</title></rect>"##), "{svg}");
        assert!(svg.contains(r#"<a href="/units/x/statistics">"#));
    }

    #[test]
    fn names_are_escaped_and_empty_bars_draw_no_segment() {
        let svg = stacked_bars(
            "<b>",
            &series(),
            &[Bar {
                label: "Tổ <script>alert(1)</script> & \"x\"".into(),
                href: None,
                parts: vec![0, 0],
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("&amp; &quot;x&quot;"));
        assert!(!svg.contains("<title>A:"));
    }

    /// (x, width) of each drawn segment: the rects that carry a title.
    fn segments(svg: &str) -> Vec<(u64, u64)> {
        svg.split("<rect ")
            .skip(1)
            .filter(|r| r.contains("><title>"))
            .filter_map(|r| {
                let attr = |name: &str| -> Option<u64> {
                    r.split(&format!(" {name}=\""))
                        .nth(1)?
                        .split('"')
                        .next()?
                        .parse()
                        .ok()
                };
                let x: u64 = r.strip_prefix("x=\"")?.split('"').next()?.parse().ok()?;
                Some((x, attr("width")?))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn segments_tile_the_bar_without_gap_or_overflow(parts in proptest::collection::vec(0u64..10_000, 2)) {
            let svg = stacked_bars("t", &series(), &[Bar { label: "u".into(), href: None, parts: parts.clone() }]);
            let segs = segments(&svg);
            let total: u64 = parts.iter().sum();
            proptest::prop_assert_eq!(segs.len(), parts.iter().filter(|p| **p > 0).count());
            if total > 0 {
                proptest::prop_assert_eq!(segs.iter().map(|s| s.1).sum::<u64>(), u64::from(BAR));
                for w in segs.windows(2) {
                    proptest::prop_assert_eq!(w[0].0 + w[0].1, w[1].0);
                }
            }
        }
    }
}
