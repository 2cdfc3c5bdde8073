//! Writes and reads a staff sheet of 10,000 rows (or `BENCH_ROWS`), and prints the times.
//!
//! ```sh
//! cargo bench -p danhgia-sheets --bench read
//! BENCH_ROWS=100000 cargo bench -p danhgia-sheets --bench read
//! ```

use std::time::{Duration, Instant};

use danhgia_sheets::{Column, OutRow, ROLES, read_staff_sheet, write_staff_sheet};

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 5] = ["Văn", "Thị", "Đức", "Ngọc", "Minh"];
const GIVEN: [&str; 8] = [
    "An", "Bình", "Cường", "Dũng", "Hường", "Lan", "Phương", "Tuấn",
];

fn rows(n: usize) -> Vec<OutRow> {
    (0..n)
        .map(|i| {
            let name = format!(
                "{} {} {}",
                FAMILY[i % 8],
                MIDDLE[i / 8 % 5],
                GIVEN[i / 40 % 8]
            );
            let cells = [
                (Column::Stt, (i + 1).to_string()),
                (Column::FullName, name),
                (Column::Position, "Chuyên viên".to_owned()),
                (Column::Username, format!("canbo{i}_huyenmau")),
                (Column::Email, format!("canbo{i}@huyenmau.gov.vn")),
                (Column::Phone, format!("09{i:08}")),
                (Column::Unit, format!("Ủy ban nhân dân xã số {}", i % 300)),
                (Column::Role, ROLES[i % 4].to_owned()),
                (
                    Column::IsUnitAdmin,
                    if i % 50 == 0 { "X" } else { "" }.to_owned(),
                ),
                (Column::Reviewer, "Nguyễn Văn B".to_owned()),
                (Column::Evaluator, "Nguyễn Văn C".to_owned()),
            ];
            OutRow {
                cells: cells.into_iter().collect(),
                error: (i % 10 == 0).then(|| "Số điện thoại gồm 9–11 chữ số.".to_owned()),
            }
        })
        .collect()
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed());
    }
    times.sort();
    let Some(out) = last else {
        unreachable!("runs > 0")
    };
    (times[0], times[times.len() / 2], out)
}

fn main() {
    let n: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs = if n > 20_000 { 3 } else { 7 };
    let data = rows(n);
    for with_errors in [false, true] {
        let (min, median, bytes) = time(runs, || {
            write_staff_sheet("DANH SÁCH", &data, with_errors).expect("write")
        });
        println!(
            "write {n} rows{}: min {:.1} ms, median {:.1} ms, {} KiB",
            if with_errors { " + error column" } else { "" },
            min.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            bytes.len() / 1024
        );
        let (min, median, sheet) = time(runs, || read_staff_sheet(&bytes).expect("read"));
        assert_eq!(sheet.rows.len(), n);
        println!(
            "read  {n} rows{}: min {:.1} ms, median {:.1} ms",
            if with_errors { " + error column" } else { "" },
            min.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3
        );
    }
}
