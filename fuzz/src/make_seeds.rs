//! Writes the seed workbooks of the sheet fuzz targets into `fuzz/seeds/<target>/`:
//!
//! ```sh
//! cd fuzz && cargo run --example make_seeds
//! ```
//!
//! Each workbook is written twice: as the writer makes it (deflated) and with every part
//! stored uncompressed, so that the fuzzer's mutations land in the XML itself rather than in a
//! deflate stream (the zip reader checks a part's CRC only once it has read all of it, so the
//! parsers still see the mutated XML). The old binary .xls fixture of the tests is copied in by
//! `scripts/fuzz`, not duplicated here.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use danhgia_sheets::{CatalogueOut, Column, OutRow, example_row, template, write_catalogue};
use danhgia_sheets::{
    read_catalogue, read_staff_sheet, write_staff_sheet, write_staff_sheet_with_note,
};
use rust_xlsxwriter::{Format, Workbook};

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let staff = root.join("staff_sheet");
    let catalogue = root.join("catalogue_sheet");
    std::fs::create_dir_all(&staff)?;
    std::fs::create_dir_all(&catalogue)?;

    // Each seed must read back, or the fuzzer starts from an early error path.
    let staff_ok = |b: &[u8]| {
        read_staff_sheet(b)
            .map(|s| s.rows.len())
            .map_err(Error::from)
    };
    let catalogue_ok = |b: &[u8]| read_catalogue(b).map(|s| s.rows.len()).map_err(Error::from);

    save(&staff, "template", &template()?, staff_ok)?;
    save(
        &staff,
        "list",
        &write_staff_sheet("DANH SÁCH", &staff_rows(), false)?,
        staff_ok,
    )?;
    save(
        &staff,
        "errors",
        &write_staff_sheet_with_note("LỖI", &staff_rows(), Some("Lỗi"))?,
        staff_ok,
    )?;

    save(
        &catalogue,
        "written",
        &write_catalogue("Phòng Nội vụ", &products())?,
        catalogue_ok,
    )?;
    save(&catalogue, "handbook", &handbook()?, catalogue_ok)?;
    Ok(())
}

/// Writes `<name>.xlsx` as given and `<name>-stored.xlsx` with its parts uncompressed, after
/// checking that both read (`read` gives the number of data rows).
fn save(
    dir: &Path,
    name: &str,
    xlsx: &[u8],
    read: impl Fn(&[u8]) -> Result<usize, Error>,
) -> Result<(), Error> {
    let plain = stored(xlsx)?;
    for (file, bytes) in [
        (format!("{name}.xlsx"), xlsx),
        (format!("{name}-stored.xlsx"), &plain),
    ] {
        let rows = read(bytes).map_err(|e| format!("{file} does not read: {e}"))?;
        println!("{file}: {} bytes, {rows} rows", bytes.len());
        std::fs::write(dir.join(file), bytes)?;
    }
    Ok(())
}

/// The same zip with every entry stored, not deflated.
fn stored(xlsx: &[u8]) -> Result<Vec<u8>, Error> {
    let mut input = zip::ZipArchive::new(Cursor::new(xlsx))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..input.len() {
        let mut entry = input.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}

fn staff_rows() -> Vec<OutRow> {
    let mut rows = vec![example_row()];
    let mut second: BTreeMap<Column, String> = example_row().cells;
    second.insert(Column::Stt, "2".into());
    second.insert(Column::FullName, "Trần Thị Bích".into());
    second.insert(Column::Username, "tranthibich".into());
    rows.push(OutRow {
        cells: second,
        error: Some("Tài khoản đã có".into()),
    });
    rows
}

fn products() -> Vec<CatalogueOut> {
    let product = |code: &str, task: &str, name: &str, group: u8, coefficient: &str| CatalogueOut {
        code: code.into(),
        task: task.into(),
        name: name.into(),
        group,
        measure: "Văn bản".into(),
        coefficient: coefficient.into(),
        note: String::new(),
        inherited_from: None,
    };
    let mut inherited = product("SP03", "Tổng hợp", "Báo cáo tháng", 3, "2");
    inherited.note = "Theo mẫu".into();
    inherited.inherited_from = Some("Văn phòng".into());
    vec![
        product("SP01", "Văn thư", "Công văn trả lời", 1, "0,5"),
        product("SP02", "Văn thư", "Tờ trình", 2, "1.5"),
        inherited,
    ]
}

/// A catalogue in the layout of the handbook's Phụ lục III: a header merged over two rows, a
/// task line, details below it, a task merged down over two products, a group heading.
fn handbook() -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    let f = Format::new();
    s.write_string(
        0,
        0,
        "Phụ lục III: BẢNG TỔNG HỢP DANH MỤC SẢN PHẨM/CÔNG VIỆC",
    )?;
    for (c, h) in (0u16..).zip([
        "Stt",
        "Nhiệm vụ",
        "Công việc chi tiết",
        "Sản phẩm đầu ra",
        "Phân nhóm",
    ]) {
        s.merge_range(1, c, 2, c, h, &f)?;
    }
    s.merge_range(1, 5, 1, 6, "Điểm", &f)?;
    s.write_string(2, 5, "Khung điểm tối đa")?;
    s.write_string(2, 6, "Điểm chấm")?;
    s.merge_range(1, 7, 2, 7, "Hệ số quy đổi", &f)?;
    s.merge_range(1, 8, 2, 8, "Ghi chú", &f)?;
    let rows: [&[&str]; 5] = [
        &[
            "(1)",
            "(2)",
            "(3)",
            "(4)",
            "(5)",
            "(6)",
            "(7)",
            "(8)=(7)÷5",
            "(9)",
        ],
        &["I", "NHÓM 1: CÔNG VIỆC ĐƠN GIẢN"],
        &["1", "Xây dựng nghị định"],
        &[
            "1.1",
            "",
            "Thành lập ban soạn thảo",
            "QĐ thành lập",
            "Nhóm 2",
            "200",
            "50",
            "10",
        ],
        &[
            "1.2",
            "",
            "Lấy ý kiến",
            "Công văn",
            "N3",
            "300",
            "80",
            "16",
            "Kế thừa từ: Sở Tư pháp",
        ],
    ];
    for (r, cells) in (3u32..).zip(rows) {
        for (c, t) in (0u16..).zip(cells.iter()) {
            if !t.is_empty() {
                s.write_string(r, c, *t)?;
            }
        }
    }
    s.merge_range(8, 1, 9, 1, "Tổ chức hội nghị", &f)?;
    s.write_string(8, 3, "Giấy mời")?;
    s.write_string(8, 4, "I")?;
    s.write_number(8, 7, 0.5)?;
    s.write_string(9, 3, "Biên bản")?;
    s.write_string(9, 4, "Nhóm 1: đơn giản")?;
    s.write_number(9, 7, 1.0)?;
    Ok(book.save_to_buffer()?)
}
