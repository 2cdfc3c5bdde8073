//! Writes the summary list (danh sách tổng hợp) of 10,000 people (or `BENCH_ROWS`) in units of
//! 30, and prints the time and size. Issue 8's target: an export of 10,000 rows under 3 s.
//!
//! ```sh
//! cargo bench -p danhgia-sheets --bench summary
//! ```

use std::time::Instant;

use danhgia_sheets::{SummaryHead, SummaryRow, write_summary};

fn main() {
    let n: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let rows: Vec<SummaryRow> = (0..n)
        .map(|i| SummaryRow {
            unit: format!("Ủy ban nhân dân xã số {}", i / 30),
            full_name: format!("Nguyễn Văn Số {i}"),
            position: "Chuyên viên".into(),
            self_total: "92,5".into(),
            leader_total: "90".into(),
            grade: ["A", "B", "B", "B", "B", "C"][i % 6].into(),
            note: String::new(),
        })
        .collect();
    let head = SummaryHead {
        unit_name: "Thành phố Mẫu".into(),
        period: "Tháng 11/2026".into(),
        place_date: "Ngày 24 tháng 11 năm 2026".into(),
    };
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let bytes = write_summary(&head, &rows).expect("the list is written");
        best = best.min(t.elapsed().as_secs_f64());
        size = bytes.len();
    }
    println!(
        "summary list of {n} rows: best of 5 {:.0} ms, {} KB",
        best * 1000.0,
        size / 1024
    );
}
