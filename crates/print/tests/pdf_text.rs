//! The PDFs read back: text extracted with poppler's `pdftotext` (installed by scripts/test as
//! `poppler-utils`), and fonts embedded as subsets (`pdffonts`).

use std::process::Command;

use danhgia_print::{Align, Col, Document, Heading, Orientation, Signer, render};

fn doc(rows: usize) -> Document {
    Document {
        heading: Heading {
            parent_agency: "UBND HUYỆN MẪU".into(),
            agency: "VĂN PHÒNG HĐND VÀ UBND".into(),
            number: "Số: 12/DS-VP".into(),
            place_date: "Huyện Mẫu, ngày 24 tháng 11 năm 2026".into(),
            title: "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI".into(),
            subtitle: "Tháng 11/2026".into(),
        },
        orientation: Orientation::Landscape,
        before: vec!["Đơn vị: Văn phòng HĐND và UBND".into()],
        columns: vec![
            Col::new("STT", 4.0, Align::Center),
            Col::new("Họ và tên", 20.0, Align::Left),
            Col::new("Xếp loại", 8.0, Align::Center),
        ],
        rows: (0..rows)
            .map(|i| {
                vec![
                    (i + 1).to_string(),
                    // Decomposed (NFD) on purpose: it must come back composed.
                    if i == 1 {
                        "Nguye\u{0302}\u{0303}n Thi\u{0323} Ho\u{0302}\u{0300}ng".into()
                    } else {
                        format!("Trương Thị Ngọc Ửng {i}")
                    },
                    "A".into(),
                ]
            })
            .collect(),
        after: vec!["Tổng số: người được đánh giá.".into()],
        signers: vec![
            Signer {
                title: "NGƯỜI LẬP BIỂU".into(),
                name: "Lê Thị Thu Hà".into(),
            },
            Signer {
                title: "THỦ TRƯỞNG ĐƠN VỊ".into(),
                name: "Phạm Quốc Việt".into(),
            },
        ],
    }
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} failed: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A PDF written to a temporary file, removed when dropped.
struct TempPdf(String);

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn write(name: &str, bytes: &[u8]) -> TempPdf {
    let dir = std::env::temp_dir().join("danhgia-print-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("written");
    TempPdf(path.display().to_string())
}

#[test]
fn the_text_reads_back_with_its_diacritics_heading_and_signatures() {
    let pdf = write("short", &render(&doc(3)).expect("rendered"));
    let path = &pdf.0;
    let text = tool("pdftotext", &[path, "-"]);
    for line in [
        "UBND HUYỆN MẪU",
        "VĂN PHÒNG HĐND VÀ UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/DS-VP",
        "Huyện Mẫu, ngày 24 tháng 11 năm 2026",
        "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI",
        "Đơn vị: Văn phòng HĐND và UBND",
        "Nguyễn Thị Hồng",
        "Trương Thị Ngọc Ửng 2",
        "Tổng số: người được đánh giá.",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên)",
        "Phạm Quốc Việt",
        "Trang 1/1",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == line),
            "{line:?} not in:\n{text}"
        );
    }
    let fonts = tool("pdffonts", &[path]);
    let embedded: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| l.contains("LiberationSerif"))
        .collect();
    assert_eq!(embedded.len(), 3, "{fonts}");
    // Columns: name type encoding emb sub uni …: every font embedded, subset, with a Unicode map.
    assert!(
        embedded
            .iter()
            .all(|l| l.split_whitespace().filter(|w| *w == "yes").count() == 3),
        "{fonts}"
    );
}

#[test]
fn a_long_list_repeats_its_header_on_every_page_and_numbers_the_pages() {
    let pdf = write("long", &render(&doc(200)).expect("rendered"));
    let path = &pdf.0;
    let info = tool("pdfinfo", &[path]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(pages > 3, "{info}");
    let text = tool("pdftotext", &[path, "-"]);
    assert_eq!(
        text.matches("Họ và tên").count(),
        pages,
        "the header on each page"
    );
    assert!(text.contains(&format!("Trang {pages}/{pages}")));
    assert!(text.contains("Trương Thị Ngọc Ửng 199"));
    // The signatures come once, after the last row.
    assert_eq!(text.matches("THỦ TRƯỞNG ĐƠN VỊ").count(), 1);
    assert!(text.rfind("THỦ TRƯỞNG ĐƠN VỊ") > text.rfind("Ửng 199"));
}
