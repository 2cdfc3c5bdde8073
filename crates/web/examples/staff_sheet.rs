//! Writes a realistic Mẫu số 01 staff list for benchmarks and manual trials:
//! `cargo run --release -p danhgia-web --example staff_sheet -- ROWS OUT.xlsx "Unit name" [SEED]`
//! Names are unique; the first row is the head, the others name them as evaluator.

use std::collections::{BTreeMap, HashSet};

use danhgia_sheets::{Column, OutRow};

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const MIDDLE: [&str; 12] = [
    "Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân", "Hồng", "Bảo",
];
const GIVEN: [&str; 24] = [
    "An", "Bình", "Cường", "Dung", "Hà", "Hường", "Khánh", "Lan", "Nguyệt", "Thủy", "Đức", "Quỳnh",
    "Sơn", "Tâm", "Vy", "Long", "Hải", "Mai", "Hoa", "Phúc", "Trang", "Tuấn", "Yến", "Thắng",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(Ok(10_000), |s| s.parse())?;
    let out = args.get(2).cloned().unwrap_or_else(|| "staff.xlsx".into());
    let unit = args.get(3).cloned().unwrap_or_else(|| "Xã An Phú".into());
    let mut seed: u64 = args.get(4).map_or(Ok(2026), |s| s.parse())?;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(n);
    let mut head = String::new();
    for i in 0..n {
        let name = loop {
            let pick = |len: usize, r: u64| usize::try_from(r % len as u64).unwrap_or(0);
            let (f, m, g, g2) = (
                pick(14, next()),
                pick(12, next()),
                pick(24, next()),
                pick(24, next()),
            );
            let candidate = format!("{} {} {} {}", FAMILY[f], MIDDLE[m], GIVEN[g2], GIVEN[g]);
            if seen.insert(candidate.clone()) {
                break candidate;
            }
        };
        let (position, role) = if i == 0 {
            head = name.clone();
            ("Chủ tịch", "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị")
        } else {
            ("Chuyên viên", "Công chức, viên chức, lao động hợp đồng")
        };
        let mut cells: BTreeMap<Column, String> = [
            (Column::Stt, (i + 1).to_string()),
            (Column::FullName, name),
            (Column::Position, position.into()),
            (Column::Email, format!("cb{i}@donvi.gov.vn")),
            (Column::Phone, format!("09{:08}", i)),
            (Column::Unit, unit.clone()),
            (Column::Role, role.into()),
        ]
        .into_iter()
        .collect();
        if i > 0 {
            cells.insert(Column::Evaluator, head.clone());
        }
        rows.push(OutRow { cells, error: None });
    }
    std::fs::write(
        &out,
        danhgia_sheets::write_staff_sheet("DANH SÁCH CÁN BỘ", &rows, false)?,
    )?;
    println!("{n} rows written to {out}");
    Ok(())
}
