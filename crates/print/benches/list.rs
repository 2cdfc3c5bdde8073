//! Renders a summary list (danh sách tổng hợp) of 200 people (or `BENCH_ROWS`) to PDF and prints
//! the time and size. Issue 8's target: a PDF summary list of 200 people under 1 s.
//!
//! ```sh
//! cargo bench -p danhgia-print --bench list
//! ```

use std::time::Instant;

use danhgia_print::{Align, Col, Document, Heading, Orientation, Signer, render};

fn main() {
    let n: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let doc = Document {
        heading: Heading {
            parent_agency: "UBND HUYỆN MẪU".into(),
            agency: "VĂN PHÒNG HĐND VÀ UBND".into(),
            number: "Số: ....../DS-VP".into(),
            place_date: "Huyện Mẫu, ngày 24 tháng 11 năm 2026".into(),
            title: "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI".into(),
            subtitle: "Tháng 11/2026".into(),
        },
        orientation: Orientation::Landscape,
        before: Vec::new(),
        columns: vec![
            Col::new("STT", 4.0, Align::Center),
            Col::new("Họ và tên", 18.0, Align::Left),
            Col::new("Chức vụ", 16.0, Align::Left),
            Col::new("Đơn vị", 20.0, Align::Left),
            Col::new("Điểm tự chấm", 8.0, Align::Center),
            Col::new("Điểm lãnh đạo chấm", 8.0, Align::Center),
            Col::new("Xếp loại", 6.0, Align::Center),
            Col::new("Ghi chú", 10.0, Align::Left),
        ],
        rows: (0..n)
            .map(|i| {
                vec![
                    (i + 1).to_string(),
                    format!("Nguyễn Thị Hồng Nhung {i}"),
                    "Chuyên viên".into(),
                    format!("Ủy ban nhân dân xã số {}", i / 30),
                    "92,5".into(),
                    "90".into(),
                    ["A", "B", "B", "B", "B", "C"][i % 6].into(),
                    String::new(),
                ]
            })
            .collect(),
        after: vec!["Tổng số: 200 người.".into()],
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
    };
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let bytes = render(&doc).expect("the list is rendered");
        best = best.min(t.elapsed().as_secs_f64());
        size = bytes.len();
    }
    println!(
        "PDF summary list of {n} rows: best of 5 {:.0} ms, {} KB",
        best * 1000.0,
        size / 1024
    );
}
