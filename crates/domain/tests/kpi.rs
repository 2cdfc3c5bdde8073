//! The result criterion of NĐ 335/2025/NĐ-CP (Đ.13–18), against the decree's words and every worked
//! number of the Ministry of Home Affairs handbook (Sổ tay 2026, `shared/rules/so-tay-bo-noi-vu-2026.txt`,
//! "ST l.N" below; the decree is `shared/rules/nd-335-2025-nd-cp.txt`, "NĐ l.N").

use danhgia_domain::kpi::{
    self, CatalogueError, DelayCount, LeaderParts, Level, MAX_GROUPS, Origin, Parts, Product,
    Quality, Rules, Task, Units,
};
use danhgia_domain::points::Points;
use proptest::prelude::*;
use time::Date;
use time::macros::date;

fn u(s: &str) -> Units {
    Units::parse(s).unwrap_or_else(|| panic!("bad units {s}"))
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap_or_else(|| panic!("bad points {s}"))
}

/// One row of the handbook's Bảng 1–3 (ST l.1195–1214, l.1266–1291, l.1354–1377): columns (2)
/// task, (3) deadline, (5) coefficient, (6) number assigned, (8) number done, (10) finished on.
struct Row {
    deadline: Date,
    coefficient: &'static str,
    assigned: &'static str,
    done: &'static str,
    finished: Date,
}

const HANDBOOK_ROWS: [Row; 3] = [
    // "1 Soạn VB Tham gia ý kiến với đơn vị chủ trì 15/11/2025 Công văn 1,0 5,0 5,0 4,0 4,0 19/11/2025"
    Row {
        deadline: date!(2025 - 11 - 15),
        coefficient: "1,0",
        assigned: "5,0",
        done: "4,0",
        finished: date!(2025 - 11 - 19),
    },
    // "2 Trả lời kiến nghị của người dân/doanh nghiệp 10/11/2025 Công văn trả lời 2,7 3,0 8,1 3,0 8,1 12/11/2025"
    Row {
        deadline: date!(2025 - 11 - 10),
        coefficient: "2,7",
        assigned: "3,0",
        done: "3,0",
        finished: date!(2025 - 11 - 12),
    },
    // "3 Báo cáo tổng hợp về công tác chuyên môn 19/11/2025 Báo cáo 3,7 1,0 3,7 0,8 3,0 18/11/2025"
    Row {
        deadline: date!(2025 - 11 - 19),
        coefficient: "3,7",
        assigned: "1,0",
        done: "0,8",
        finished: date!(2025 - 11 - 18),
    },
];

/// Major errors per row of Bảng 3. The extracted handbook text lost columns (11)–(14) (ST l.1351–1353
/// end at "S / ch / (11)=(10)"), so these are worked back from the printed b = 68,8 %;
/// `handbook_table_3_quality_errors_are_the_only_fit` proves no other 0–4 per row gives it.
const HANDBOOK_ERRORS: [u32; 3] = [0, 1, 2];

/// The handbook's tasks: converted quantities (7) = (5)×(6) and (9) = (5)×(8), delays counted from
/// (3) and (10) as `rules` says, errors as above, every product rated.
fn handbook_tasks(rules: &Rules, errors: [u32; 3]) -> Vec<Task> {
    HANDBOOK_ROWS
        .iter()
        .zip(errors)
        .map(|(r, e)| Task {
            origin: Origin::Assigned,
            assigned: u(r.coefficient).times(u(r.assigned)),
            done: u(r.coefficient).times(u(r.done)),
            handed_back: false,
            quality: Quality::Met,
            quality_errors: e,
            delays: kpi::delays(r.deadline, r.finished, rules.delay_count),
        })
        .collect()
}

fn assigned(n: &str, done: &str) -> Task {
    Task {
        done: u(done),
        quality: Quality::Met,
        ..Task::new(Origin::Assigned, u(n))
    }
}

// ---------------------------------------------------------------------------------------------
// The handbook's worked examples
// ---------------------------------------------------------------------------------------------

/// ST l.1163–1165: "Điểm tỷ lệ phần trăm (%) hoàn thành về số lượng = Số lượng sản phẩm, công việc
/// hoàn thành (đã quy đổi) / Số lượng sản phẩm, công việc được giao (đã quy đổi)"; Bảng 1 totals
/// "Tổng cộng 16,8 15,1" (l.1215) and "89,6%" (l.1222).
#[test]
fn handbook_table_1_quantity() {
    let rules = Rules::handbook();
    let tasks = handbook_tasks(&rules, HANDBOOK_ERRORS);
    let total_assigned = kpi::assigned_total(&tasks);
    let total_done: Units = tasks.iter().map(|t| t.done).sum();
    assert_eq!(total_assigned.vi(), "16,8");
    // Column (9) prints 15,1 but sums 4 + 8,1 + 2,96 = 15,06; the 89,6 % comes from 15,06 (15,1 ÷
    // 16,8 would be 89,9 %), so nothing is rounded before the division.
    assert_eq!(total_done.vi(), "15,06");
    let a = kpi::parts(&tasks, &rules).quantity;
    assert_eq!(a, p("89.6"));
    let from_printed = kpi::parts(
        &[Task {
            done: u("15,1"),
            ..Task::new(Origin::Assigned, total_assigned)
        }],
        &rules,
    )
    .quantity;
    assert_eq!(from_printed, p("89.9"));
    assert_ne!(from_printed, a);
}

/// ST l.1227–1231: tiến độ = products done on time ÷ assigned; "Trường hợp không bảo đảm đúng tiến
/// độ thì mỗi lần/ngày chậm bị trừ 25% điểm tiến độ của sản phẩm/công việc đó"; the example's c is
/// "41,7" (l.1406). Only the handbook's per-day reading gives it: row 1 (15/11 → 19/11, 4 days)
/// keeps nothing, row 2 (10/11 → 12/11, 2 days) keeps half, row 3 (early) keeps all. The decree
/// (NĐ l.289: "mỗi lần chậm bị trừ 25%") counts each late product once.
#[test]
fn handbook_table_2_timeliness_needs_days() {
    let per_day = Rules::handbook();
    let tasks = handbook_tasks(&per_day, HANDBOOK_ERRORS);
    assert_eq!(
        tasks.iter().map(|t| t.delays).collect::<Vec<_>>(),
        [4, 2, 0]
    );
    let points: Vec<String> = tasks
        .iter()
        .map(|t| kpi::task_points(t, &per_day).timeliness.vi())
        .collect();
    assert_eq!(points, ["0", "4,05", "2,96"]);
    assert_eq!(kpi::parts(&tasks, &per_day).timeliness, p("41.7"));

    let per_time = Rules::default();
    assert_eq!(per_time.delay_count, DelayCount::PerTime);
    let decree = handbook_tasks(&per_time, HANDBOOK_ERRORS);
    assert_eq!(
        decree.iter().map(|t| t.delays).collect::<Vec<_>>(),
        [1, 1, 0]
    );
    let c = kpi::parts(&decree, &per_time).timeliness;
    // (4 × 75 % + 8,1 × 75 % + 2,96) ÷ 16,8 = 12,035 ÷ 16,8
    assert_eq!(c, p("71.6"));
    assert_ne!(c, kpi::parts(&tasks, &per_day).timeliness);
}

/// ST l.1305–1311: chất lượng = products done meeting the content requirements ÷ assigned; "mỗi
/// lần đánh giá chưa đạt bị trừ 25% điểm chất lượng của sản phẩm, công việc đó"; b is "68,8"
/// (l.1405). The error counts themselves are lost from the text; among 0–4 errors per row exactly
/// one combination reproduces 68,8 %.
#[test]
fn handbook_table_3_quality_errors_are_the_only_fit() {
    let rules = Rules::handbook();
    let target = p("68.8");
    let mut fits = Vec::new();
    for e0 in 0..=4 {
        for e1 in 0..=4 {
            for e2 in 0..=4 {
                let tasks = handbook_tasks(&rules, [e0, e1, e2]);
                if kpi::parts(&tasks, &rules).quality == target {
                    fits.push([e0, e1, e2]);
                }
            }
        }
    }
    assert_eq!(fits, [HANDBOOK_ERRORS]);
    let tasks = handbook_tasks(&rules, HANDBOOK_ERRORS);
    let points: Vec<String> = tasks
        .iter()
        .map(|t| kpi::task_points(t, &rules).quality.vi())
        .collect();
    // 4 × 100 %, 8,1 × 75 %, 2,96 × 50 %
    assert_eq!(points, ["4", "6,075", "1,48"]);
}

/// ST l.1396–1407: "Điểm đánh giá = (a + b + c) / 3 … a … % 89,6; b … % 68,8; c … % 41,7; Điểm
/// đánh giá % 66,7"; ST l.1444–1446: "Điểm đánh giá tiêu chí chung đạt 30 điểm - Tổng điểm theo dõi
/// đánh giá theo tháng = 30 + (66,7% x 70) = 30 + 46,7 = 76,7 điểm". NĐ Đ.16.1 (l.327–331), Đ.17.1
/// (l.358–363).
#[test]
fn handbook_staff_example() {
    let rules = Rules::handbook();
    let parts = kpi::parts(&handbook_tasks(&rules, HANDBOOK_ERRORS), &rules);
    assert_eq!(
        (parts.quantity, parts.quality, parts.timeliness),
        (p("89.6"), p("68.8"), p("41.7"))
    );
    let result = kpi::result_percent(&parts, None, &rules);
    assert_eq!(result, p("66.7"));
    let score = kpi::period_score(Points::whole(30), result);
    // 66,7 % × 70 = 46,69; the handbook prints it and the total with one decimal.
    assert_eq!(score, p("76.69"));
    assert_eq!(kpi::round_to(score, 1), p("76.7"));
    assert_eq!(kpi::round_to(score, 1).vi(), "76,7");
}

/// ST l.1410–1434, the leader example: "Điểm đánh giá = (a + b + c + d + đ + e) / 6"; the same tasks;
/// "Không có chuyên viên thuộc phạm vi quản lý hoàn thành <50 điểm; Không phát sinh phản ánh, khiếu
/// nại, kiến nghị về mâu thuẫn, mất đoàn kết nội bộ; Tiến độ thực hiện nhiệm vụ “Soạn thảo văn bản
/// tham gia ý kiến” chậm quá 4 ngày"; printed "b … tiến độ … 68,8; c … chất lượng … 41,7; d … 50,0;
/// đ … 50,0; e … 100,0; Điểm đánh giá % 66,7". NĐ Đ.16.2 (l.339–356), Đ.15.3 (l.303–322).
#[test]
fn handbook_leader_example() {
    let rules = Rules::handbook();
    let parts = kpi::parts(&handbook_tasks(&rules, HANDBOOK_ERRORS), &rules);

    // As printed: d = 50 %, đ = 50 %, e = 100 %.
    let printed = LeaderParts {
        unit_result: Level::Half.percent(),
        organising: Level::Half,
        unity: Level::Full,
    };
    assert_eq!(
        kpi::result_percent(&parts, Some(&printed), &rules),
        p("66.7")
    );

    // The printed labels of b and c are swapped; the mean does not care.
    let swapped = Parts {
        quality: parts.timeliness,
        timeliness: parts.quality,
        ..parts
    };
    assert_eq!(
        kpi::result_percent(&swapped, Some(&printed), &rules),
        kpi::result_percent(&parts, Some(&printed), &rules)
    );

    // The decree applied to the example's own facts: nobody under 50 → d = 100 % (Đ.15.3.a);
    // the 4-day delay read as "chậm trễ kéo dài" → đ = 50 % (Đ.15.3.b); no complaints → e = 100 %.
    let staff_scores = [p("76.69"), p("50"), p("92.5")];
    let decree = LeaderParts {
        unit_result: kpi::unit_result(&staff_scores),
        organising: Level::Half,
        unity: Level::Full,
    };
    assert_eq!(decree.unit_result, Points::whole(100));
    // (89,6 + 68,8 + 41,7 + 100 + 50 + 100) / 6 = 450,1 / 6
    assert_eq!(kpi::result_percent(&parts, Some(&decree), &rules), p("75"));
}

/// Handbook chương II Bước 3 (ST l.599–603): "Lấy hệ số của đơn vị sản phẩm/công việc chuẩn bằng 1 …
/// Hệ số quy đổi sản phẩm/công việc (i) = Điểm của sản phẩm/công việc (i) / Điểm của đơn vị sản
/// phẩm/công việc chuẩn", "(làm tròn đến 1 số thập phân)" (l.625); the table of Phụ lục IV.2
/// (l.1836–1859), whose rows 1–10 are also the example of l.611–620, and whose points stay within
/// "Khung điểm tối đa" (l.594–595: "không vượt quá điểm tối đa của nhóm").
#[test]
fn handbook_coefficients_phu_luc_iv() {
    // (group, frame, points, coefficient) as printed; the standard is row 1 with 5 points.
    let rows: [(u8, u32, u32, &str); 17] = [
        (1, 100, 5, "1"),     // Soạn thảo văn bản hành chính — "Sản phẩm chuẩn"
        (1, 100, 4, "0.8"),   // Phát hành văn bản (l.623 says "kết quả = 0,6": a slip)
        (1, 100, 4, "0.8"),   // Lưu trữ hồ sơ, tài liệu
        (1, 100, 8, "1.6"),   // Hậu cần phục vụ cuộc họp
        (2, 200, 40, "8"),    // Báo cáo thông tin, số liệu theo yêu cầu
        (2, 200, 30, "6"),    // Chấm điểm Chỉ số cải cách hành chính
        (2, 200, 100, "20"),  // Lập dự toán ngân sách nhà nước năm
        (2, 200, 50, "10"),   // Biên bản, thông báo xét duyệt báo cáo quyết toán ngân sách
        (3, 300, 80, "16"),   // Văn bản tham mưu xử lý đơn thư
        (3, 300, 250, "50"),  // Báo cáo nghiên cứu khoa học cấp tỉnh
        (3, 300, 260, "52"),  // Báo cáo phục vụ Đại hội Đảng đơn vị
        (3, 300, 180, "36"),  // Bài phát biểu, trả lời phỏng vấn của LĐ
        (4, 400, 380, "76"),  // Báo cáo đại hội đảng cấp tỉnh
        (4, 400, 400, "80"),  // Xây dựng dự thảo Nghị định
        (4, 400, 280, "56"),  // Xây dựng thông tư hướng dẫn
        (5, 500, 500, "100"), // Xây dựng đề án cấp quốc gia
        (5, 500, 450, "90"),  // Xây dựng Nghị quyết TW
    ];
    let standard = rows[0].2;
    for (group, frame, points, printed) in rows {
        assert_eq!(kpi::group_max_points(group), Some(frame));
        assert!(points <= frame, "{points} within group {group}");
        assert_eq!(kpi::coefficient(points, standard, 1), Some(u(printed)));
    }
    assert_eq!(kpi::group_max_points(0), None);
    assert_eq!(kpi::group_max_points(MAX_GROUPS + 1), None);
    assert_eq!(kpi::coefficient(4, 0, 1), None);
    // One decimal, half up: 7 ÷ 6 = 1,1666… → 1,2; 1 ÷ 8 = 0,125 → 0,1 (one) or 0,125 (three).
    assert_eq!(kpi::coefficient(7, 6, 1), Some(u("1.2")));
    assert_eq!(kpi::coefficient(1, 8, 1), Some(u("0.1")));
    assert_eq!(kpi::coefficient(1, 8, 3), Some(u("0.125")));
}

/// The Thanh Hóa catalogue (`vd-danh-muc-san-pham-quy-doi-thanh-hoa-2026.txt` l.40–41): "SẢN PHẨM
/// CHUẨN: Mục II.A.1 … Nhóm N1 – Điểm = 5 – Hệ số = 1 … Hệ số = Điểm ÷ 5", column "(7)=(6)÷5", and
/// its rows' ranges, e.g. I.A.1 "N3 ≤300 200–280 40–56", II.A.3 "N1 ≤100 40–80 8–16", II.B.10 "N4
/// ≤400 320–400 64–80".
#[test]
fn thanh_hoa_catalogue_rows() {
    // (code, group, frame, points low–high, coefficients low–high) as printed
    type CatalogueRow = (
        &'static str,
        u8,
        u32,
        (u32, u32),
        (&'static str, &'static str),
    );
    let rows: [CatalogueRow; 4] = [
        ("I.A.1", 3, 300, (200, 280), ("40", "56")),
        ("II.A.1", 1, 100, (5, 5), ("1", "1")),
        ("II.A.3", 1, 100, (40, 80), ("8", "16")),
        ("II.B.10", 4, 400, (320, 400), ("64", "80")),
    ];
    let mut catalogue = Vec::new();
    for (code, group, frame, (lo, hi), (c_lo, c_hi)) in rows {
        assert_eq!(kpi::group_max_points(group), Some(frame));
        assert!(hi <= frame);
        assert_eq!(kpi::coefficient(lo, 5, 1), Some(u(c_lo)), "{code}");
        assert_eq!(kpi::coefficient(hi, 5, 1), Some(u(c_hi)), "{code}");
        catalogue.push(Product {
            code: code.into(),
            name: format!("sản phẩm {code}"),
            group,
            unit: "Văn bản".into(),
            coefficient: u(c_lo),
        });
    }
    assert_eq!(kpi::check_catalogue(&catalogue), []);
}

// ---------------------------------------------------------------------------------------------
// Đ.18.1: handed back, taken over, ad hoc
// ---------------------------------------------------------------------------------------------

/// NĐ Đ.18.1.d (l.389–392): "Công chức không có khả năng hoàn thành nhiệm vụ … phải báo cáo ngay với
/// người giao việc để giao công chức khác thực hiện; nhiệm vụ này vẫn tính trong tổng nhiệm vụ được
/// giao, nhưng không được tính vào kết quả hoàn thành".
#[test]
fn handed_back_stays_in_the_denominator_only() {
    let rules = Rules::default();
    let kept = assigned("6", "6");
    let before = kpi::parts(std::slice::from_ref(&kept), &rules);
    assert_eq!(before.quantity, Points::whole(100));
    // Handed back after doing part of it: still 4 units assigned, none of them done.
    let back = Task {
        handed_back: true,
        ..assigned("4", "1")
    };
    let tasks = [kept, back];
    assert_eq!(kpi::assigned_total(&tasks), u("10"));
    let after = kpi::parts(&tasks, &rules);
    // 6 ÷ 10 for each part
    assert_eq!(
        (after.quantity, after.quality, after.timeliness),
        (p("60"), p("60"), p("60"))
    );
}

/// NĐ Đ.18.1.d (l.393–398): "Công chức được giao đảm nhận thêm nhiệm vụ từ công chức khác thì nhiệm
/// vụ này được tính ngoài tổng số nhiệm vụ được giao ban đầu và được tính thêm điểm …"; "Công chức
/// được giao nhiệm vụ đột xuất, phát sinh mới ngoài kế hoạch … được tính ngoài số nhiệm vụ được giao
/// ban đầu và được tính thêm điểm".
#[test]
fn taken_over_and_ad_hoc_add_to_the_numerator_only() {
    let rules = Rules::default();
    let base = assigned("10", "8");
    let base_parts = kpi::parts(std::slice::from_ref(&base), &rules);
    assert_eq!(base_parts.quantity, p("80"));
    for origin in [Origin::TakenOver, Origin::AdHoc] {
        let extra = Task {
            origin,
            ..assigned("3", "3")
        };
        let tasks = [base.clone(), extra];
        assert_eq!(kpi::assigned_total(&tasks), u("10"), "{origin:?}");
        // (8 + 3) ÷ 10
        assert_eq!(kpi::parts(&tasks, &rules).quantity, p("110"), "{origin:?}");
    }
    // Extra work can lift a part above 100 % and make up for another part, but the result is
    // capped at 100 % (Đ.12.3: "được chấm tối đa là 70 điểm").
    let tasks = [
        assigned("10", "10"),
        Task {
            origin: Origin::AdHoc,
            ..assigned("10", "10")
        },
    ];
    let parts = kpi::parts(&tasks, &rules);
    assert_eq!(parts.quantity, Points::whole(200));
    assert_eq!(
        kpi::result_percent(&parts, None, &rules),
        Points::whole(100)
    );
    // With each part capped instead.
    let capped = Rules {
        cap_parts: true,
        ..Rules::default()
    };
    assert_eq!(kpi::parts(&tasks, &capped).quantity, Points::whole(100));
}

/// Partly done (done < assigned) counts what was done, in a, b and c alike (ST Bảng 1 row 3: 0,8 of
/// a report of coefficient 3,7 counts 2,96); done beyond what was assigned counts up to it.
#[test]
fn partly_done_and_overdone() {
    let rules = Rules::default();
    let half = kpi::parts(&[assigned("4", "2")], &rules);
    assert_eq!(
        (half.quantity, half.quality, half.timeliness),
        (p("50"), p("50"), p("50"))
    );
    let over = kpi::parts(&[assigned("4", "5")], &rules);
    assert_eq!(over.quantity, Points::whole(100));
}

/// A product is "đạt yêu cầu về chất lượng nội dung" (Đ.14.2.b) only once the leader rates it so:
/// unrated and failed products count for a and c, not for b.
#[test]
fn quality_counts_only_products_that_meet_it() {
    let rules = Rules::default();
    for (quality, b) in [
        (Quality::Met, "100"),
        (Quality::Pending, "0"),
        (Quality::NotMet, "0"),
    ] {
        let t = Task {
            quality,
            ..assigned("2", "2")
        };
        let parts = kpi::parts(std::slice::from_ref(&t), &rules);
        assert_eq!(parts.quantity, Points::whole(100));
        assert_eq!(parts.timeliness, Points::whole(100));
        assert_eq!(parts.quality, p(b), "{quality:?}");
        assert_eq!(kpi::unrated(&[t]), usize::from(quality == Quality::Pending));
    }
}

/// With nothing assigned there is no ratio; every part is 0 (Đ.18.1.d: "Từng công chức … phải được
/// giao nhiệm vụ").
#[test]
fn nothing_assigned_scores_nothing() {
    let rules = Rules::default();
    let only_extra = [Task {
        origin: Origin::AdHoc,
        ..assigned("3", "3")
    }];
    assert_eq!(kpi::assigned_total(&only_extra), Units::ZERO);
    assert_eq!(kpi::parts(&only_extra, &rules), Parts::default());
    assert_eq!(kpi::parts(&[], &rules), Parts::default());
}

// ---------------------------------------------------------------------------------------------
// The −25 % penalties
// ---------------------------------------------------------------------------------------------

/// NĐ Đ.14.2.b (l.284–286): "Trường hợp có sai sót lớn về nội dung ảnh hưởng đến chất lượng của sản
/// phẩm/công việc thì mỗi lần đánh giá chưa đạt bị trừ 25% điểm chất lượng của sản phẩm/công việc
/// đó, trừ trường hợp sai sót do nguyên nhân khách quan được cấp có thẩm quyền xác nhận."
#[test]
fn each_error_takes_a_quarter_of_that_products_quality() {
    let rules = Rules::default();
    let good = assigned("4", "4");
    for (errors, b) in [
        (0, "100"),
        (1, "87.5"),
        (2, "75"),
        (3, "62.5"),
        (4, "50"),
        (5, "50"),
        (40, "50"),
    ] {
        let flawed = Task {
            quality_errors: errors,
            ..assigned("4", "4")
        };
        let tasks = [good.clone(), flawed.clone()];
        // Only the flawed product loses: (4 + 4 × max(0, 1 − 25 % × errors)) ÷ 8.
        assert_eq!(kpi::parts(&tasks, &rules).quality, p(b), "{errors} errors");
        assert!(kpi::task_points(&flawed, &rules).quality >= Units::ZERO);
        // Timeliness and quantity are untouched.
        assert_eq!(kpi::parts(&tasks, &rules).timeliness, Points::whole(100));
    }
    // Four errors leave that product nothing, never less.
    let four = Task {
        quality_errors: 4,
        ..assigned("4", "4")
    };
    assert_eq!(kpi::task_points(&four, &rules).quality, Units::ZERO);
    assert_eq!(kpi::parts(&[four], &rules).quality, Points::ZERO);
    // An error with a certified objective cause is not counted: the product keeps its points.
    let certified = assigned("4", "4");
    assert_eq!(kpi::parts(&[certified], &rules).quality, Points::whole(100));
}

/// NĐ Đ.14.2.c (l.289–291): "Trường hợp không bảo đảm đúng tiến độ thì mỗi lần chậm bị trừ 25% điểm
/// tiến độ của sản phẩm/công việc đó, trừ trường hợp sai sót do nguyên nhân khách quan được cấp có
/// thẩm quyền xác nhận."
#[test]
fn each_delay_takes_a_quarter_of_that_products_timeliness() {
    let rules = Rules::default();
    for (delays, c) in [
        (0, "100"),
        (1, "75"),
        (2, "50"),
        (3, "25"),
        (4, "0"),
        (9, "0"),
    ] {
        let t = Task {
            delays,
            ..assigned("2,96", "2,96")
        };
        let parts = kpi::parts(&[t], &rules);
        assert_eq!(parts.timeliness, p(c), "{delays} delays");
        assert_eq!(parts.quality, Points::whole(100));
    }
}

/// The penalty is a setting (25 % by Đ.14.2.b–c).
#[test]
fn penalty_percent_is_a_setting() {
    let tenth = Rules {
        penalty_percent: Points::whole(10),
        ..Rules::default()
    };
    let t = Task {
        quality_errors: 3,
        delays: 11,
        ..assigned("1", "1")
    };
    let parts = kpi::parts(&[t], &tenth);
    assert_eq!((parts.quality, parts.timeliness), (p("70"), Points::ZERO));
}

/// Đ.14.2.c: "đạt tiến độ trở lên" — on time or early is no delay; the decree counts each late
/// product once, the handbook (ST l.1230) each calendar day.
#[test]
fn counting_delays() {
    let due = date!(2025 - 11 - 15);
    for (finished, per_time, per_day) in [
        (date!(2025 - 11 - 10), 0, 0),
        (date!(2025 - 11 - 15), 0, 0),
        (date!(2025 - 11 - 16), 1, 1),
        (date!(2025 - 11 - 19), 1, 4),
        (date!(2025 - 12 - 15), 1, 30),
    ] {
        assert_eq!(kpi::delays(due, finished, DelayCount::PerTime), per_time);
        assert_eq!(kpi::delays(due, finished, DelayCount::PerDay), per_day);
    }
}

// ---------------------------------------------------------------------------------------------
// Leaders: d (Đ.15.3.a)
// ---------------------------------------------------------------------------------------------

/// NĐ Đ.15.3.a (l.306–311): "Trường hợp 100% công chức thuộc thẩm quyền quản lý có điểm theo dõi,
/// đánh giá ở mức điểm tương ứng với mức xếp loại chất lượng hoàn thành nhiệm vụ trở lên thì được
/// tính đạt điểm tỷ lệ bằng 100%. Trường hợp có công chức … không hoàn thành nhiệm vụ thì … bằng
/// 50%." Đ.20.3 (l.428): "Hoàn thành nhiệm vụ: Đạt từ 50 điểm"; ST l.1025 "(≥ 50 điểm)".
#[test]
fn unit_result_at_the_boundary() {
    let ok = [p("76.69"), p("90"), p("50.01")];
    assert_eq!(kpi::unit_result(&ok), Points::whole(100));
    let mut at_fifty = ok.to_vec();
    at_fifty.push(p("50"));
    assert_eq!(kpi::unit_result(&at_fifty), Points::whole(100));
    let mut one_below = ok.to_vec();
    one_below.push(p("49.99"));
    assert_eq!(kpi::unit_result(&one_below), Points::whole(50));
    assert_eq!(kpi::unit_result(&[p("10"), p("20")]), Points::whole(50));
    assert_eq!(kpi::unit_result(&[]), Points::whole(100));
    assert_eq!(Level::Full.percent(), kpi::unit_result(&ok));
    assert_eq!(Level::Half.percent(), kpi::unit_result(&one_below));
}

/// NĐ Đ.16.2 (l.341–343): (a + b + c + d + đ + e) / 6, against Đ.16.1's (a + b + c) / 3.
#[test]
fn leader_result_has_six_parts() {
    let rules = Rules::default();
    let parts = Parts {
        quantity: p("90"),
        quality: p("80"),
        timeliness: p("70"),
    };
    assert_eq!(kpi::result_percent(&parts, None, &rules), p("80"));
    for (d, org, unity, result) in [
        ("100", Level::Full, Level::Full, "90"),  // 540 / 6
        ("50", Level::Full, Level::Full, "81.7"), // 490 / 6 = 81,666…
        ("50", Level::Half, Level::Half, "65"),   // 390 / 6
    ] {
        let leader = LeaderParts {
            unit_result: p(d),
            organising: org,
            unity,
        };
        assert_eq!(
            kpi::result_percent(&parts, Some(&leader), &rules),
            p(result)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Rounding
// ---------------------------------------------------------------------------------------------

/// Percentages are rounded half away from zero to `Rules::decimals` (the handbook shows one: "89,6").
#[test]
fn rounding_follows_decimals() {
    // 2 ÷ 3 = 66,666… %; 1 ÷ 8 = 12,5 %
    let two_thirds = [assigned("3", "2")];
    let eighth = [assigned("8", "1")];
    for (decimals, a, b) in [
        (0, "67", "13"),
        (1, "66.7", "12.5"),
        (2, "66.67", "12.5"),
        (9, "66.67", "12.5"),
    ] {
        let rules = Rules {
            decimals,
            ..Rules::default()
        };
        assert_eq!(kpi::parts(&two_thirds, &rules).quantity, p(a), "{decimals}");
        assert_eq!(kpi::parts(&eighth, &rules).quantity, p(b), "{decimals}");
    }
    assert_eq!(kpi::round_to(p("76.65"), 1), p("76.7"));
    assert_eq!(kpi::round_to(p("76.64"), 1), p("76.6"));
    assert_eq!(kpi::round_to(p("76.5"), 0), p("77"));
}

// ---------------------------------------------------------------------------------------------
// Đ.17: the period score and the means
// ---------------------------------------------------------------------------------------------

/// NĐ Đ.17.1 (l.358–363): "Điểm theo dõi, đánh giá của tháng hoặc quý = Điểm tiêu chí chung + (Điểm
/// tiêu chí kết quả thực hiện nhiệm vụ x 70)"; Đ.12.2–12.3: at most 30 + 70.
#[test]
fn period_score_is_general_plus_result_times_seventy() {
    for (general, result, score) in [
        ("30", "100", "100"),
        ("30", "66.7", "76.69"),
        ("25", "50", "60"),
        ("0", "0", "0"),
        ("27.5", "89.6", "90.22"), // 62,72 + 27,5
        ("30", "150", "100"),      // the result never counts above 100 %
    ] {
        assert_eq!(
            kpi::period_score(p(general), p(result)),
            p(score),
            "{general} + {result}"
        );
    }
}

/// NĐ Đ.17.3 (l.367–371): "theo quý (bằng điểm trung bình cộng của 03 tháng), 06 tháng (bằng điểm
/// trung bình cộng của 06 tháng) và xếp loại chất lượng cuối năm (bằng điểm trung bình cộng của 12
/// tháng …)".
#[test]
fn quarter_half_year_and_year_are_means_of_months() {
    let quarter = [p("76.69"), p("80"), p("90")];
    // 246,69 ÷ 3 = 82,23
    assert_eq!(kpi::mean_score(&quarter), Some(p("82.23")));
    let half = [p("70"), p("71"), p("72"), p("73"), p("74"), p("75")];
    assert_eq!(kpi::mean_score(&half), Some(p("72.5")));
    // 12 months, one of them 89,99: 11 × 90 + 89,99 = 1079,99 ÷ 12 = 89,9991… → 90,00
    let mut year = vec![p("90"); 11];
    year.push(p("89.99"));
    assert_eq!(kpi::mean_score(&year), Some(p("90")));
    // Two months: 50 and 50,01 → 50,005 → 50,01 (half up)
    assert_eq!(kpi::mean_score(&[p("50"), p("50.01")]), Some(p("50.01")));
    assert_eq!(kpi::mean_score(&[]), None);
}

// ---------------------------------------------------------------------------------------------
// The catalogue (Đ.13)
// ---------------------------------------------------------------------------------------------

fn product(code: &str, group: u8, coefficient: &str) -> Product {
    Product {
        code: code.into(),
        name: "Soạn thảo văn bản hành chính".into(),
        group,
        unit: "Văn bản".into(),
        coefficient: u(coefficient),
    }
}

fn err(row: usize, field: &'static str, key: &'static str) -> CatalogueError {
    CatalogueError { row, field, key }
}

/// NĐ Đ.13.1.a (l.251–255): "rà soát, loại bỏ các nhiệm vụ gắn với sản phẩm/công việc trùng lặp …
/// phân loại tối đa thành 05 nhóm theo cấp độ phức tạp"; Đ.13.1.c: every product converted to the
/// standard unit (a coefficient above zero).
#[test]
fn catalogue_errors() {
    let good: Vec<Product> = (1..=MAX_GROUPS)
        .map(|g| product(&format!("N{g}"), g, "1"))
        .collect();
    assert_eq!(kpi::check_catalogue(&good), []);

    let bad = vec![
        product("A", 0, "1"),   // group 0
        product("B", 6, "1"),   // group 6
        product("C", 1, "0"),   // coefficient 0
        product("A", 2, "0,8"), // duplicate of row 0
        product(" c ", 2, "1"), // duplicate of row 2, trimmed, any case
        Product {
            code: " ".into(),
            name: String::new(),
            unit: "\t".into(),
            ..product("x", 1, "1")
        },
        Product {
            coefficient: Units(-1000),
            ..product("D", 3, "1")
        },
    ];
    assert_eq!(
        kpi::check_catalogue(&bad),
        [
            err(0, "group", "kpi.err.group_range"),
            err(1, "group", "kpi.err.group_range"),
            err(2, "coefficient", "kpi.err.coefficient_positive"),
            err(3, "code", "kpi.err.code_duplicate"),
            err(4, "code", "kpi.err.code_duplicate"),
            err(5, "code", "kpi.err.code_required"),
            err(5, "name", "kpi.err.name_required"),
            err(5, "unit", "kpi.err.unit_required"),
            err(6, "coefficient", "kpi.err.coefficient_positive"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

#[test]
fn units_parse_and_print() {
    for (text, thousandths, vi) in [
        ("1,5", 1500, "1,5"),
        ("1.5", 1500, "1,5"),
        ("2", 2000, "2"),
        ("0,8", 800, "0,8"),
        ("2.96", 2960, "2,96"),
        ("6,075", 6075, "6,075"),
        ("16,80", 16800, "16,8"),
        (" 3 ", 3000, "3"),
        (",5", 500, "0,5"),
        ("0", 0, "0"),
    ] {
        let v = Units::parse(text);
        assert_eq!(v, Some(Units(thousandths)), "{text}");
        assert_eq!(Units(thousandths).vi(), vi);
    }
    assert_eq!(Units(2960).to_string(), "2.96");
    for bad in ["", "-1", "1.2345", "1.", "1,2,3", "abc", "1e3", " . ", "+1"] {
        assert_eq!(Units::parse(bad), None, "{bad}");
    }
    assert_eq!(Units::whole(7), Units(7000));
    assert_eq!(Units::from_thousandths(5).thousandths(), 5);
}

/// The handbook's column (7) = (5) × (6): 2,7 × 3 = 8,1; 3,7 × 0,8 = 2,96 (ST l.1209, l.1214).
#[test]
fn units_times() {
    assert_eq!(u("2,7").times(u("3")), u("8,1"));
    assert_eq!(u("3,7").times(u("0,8")), u("2,96"));
    // 0,015 × 0,1 = 0,0015 → 0,002 (half up); 0,014 × 0,1 = 0,0014 → 0,001
    assert_eq!(u("0,015").times(u("0,1")), u("0,002"));
    assert_eq!(u("0,014").times(u("0,1")), u("0,001"));
}

#[test]
fn units_json_are_thousandths() -> Result<(), serde_json::Error> {
    assert_eq!(serde_json::to_string(&Units(1500))?, "1500");
    let t = handbook_tasks(&Rules::handbook(), HANDBOOK_ERRORS);
    let back: Vec<Task> = serde_json::from_str(&serde_json::to_string(&t)?)?;
    assert_eq!(back, t);
    let r: Rules = serde_json::from_str(&serde_json::to_string(&Rules::handbook())?)?;
    assert_eq!(r, Rules::handbook());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn arb_task(extra: bool) -> impl Strategy<Value = Task> {
    let origins = if extra {
        prop_oneof![
            Just(Origin::Assigned),
            Just(Origin::TakenOver),
            Just(Origin::AdHoc)
        ]
        .boxed()
    } else {
        Just(Origin::Assigned).boxed()
    };
    (
        origins,
        0i64..100_000,
        0i64..120_000,
        any::<bool>(),
        prop_oneof![
            Just(Quality::Met),
            Just(Quality::Pending),
            Just(Quality::NotMet)
        ],
        0u32..6,
        0u32..6,
    )
        .prop_map(
            |(origin, assigned, done, handed_back, quality, quality_errors, delays)| Task {
                origin,
                assigned: Units(assigned),
                done: Units(done),
                handed_back,
                quality,
                quality_errors,
                delays,
            },
        )
}

fn arb_rules() -> impl Strategy<Value = Rules> {
    (0u8..=3, any::<bool>(), any::<bool>()).prop_map(|(decimals, per_day, cap_parts)| Rules {
        decimals,
        delay_count: if per_day {
            DelayCount::PerDay
        } else {
            DelayCount::PerTime
        },
        cap_parts,
        ..Rules::default()
    })
}

fn arb_level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Full), Just(Level::Half)]
}

fn within(p: Points, lo: Points, hi: Points) -> bool {
    lo <= p && p <= hi
}

proptest! {
    /// Without extra work every part is within 0 ..= 100 % (Đ.14.2: a share of what was assigned).
    #[test]
    fn parts_of_assigned_work_are_percentages(
        tasks in prop::collection::vec(arb_task(false), 0..8),
        rules in arb_rules(),
    ) {
        let parts = kpi::parts(&tasks, &rules);
        for x in [parts.quantity, parts.quality, parts.timeliness] {
            prop_assert!(within(x, Points::ZERO, Points::whole(100)), "{x}");
        }
        // b and c never exceed a: they count the same completed units, less penalties.
        prop_assert!(parts.quality <= parts.quantity);
        prop_assert!(parts.timeliness <= parts.quantity);
    }

    /// With extra work the parts are at least 0 (at most 100 % when capped) and the result is
    /// always within 0 ..= 100 % (Đ.12.3), for staff and for leaders.
    #[test]
    fn result_is_a_percentage(
        tasks in prop::collection::vec(arb_task(true), 0..8),
        rules in arb_rules(),
        scores in prop::collection::vec(0i64..=10_000, 0..5),
        org in arb_level(),
        unity in arb_level(),
    ) {
        let parts = kpi::parts(&tasks, &rules);
        for x in [parts.quantity, parts.quality, parts.timeliness] {
            prop_assert!(x >= Points::ZERO);
            if rules.cap_parts {
                prop_assert!(x <= Points::whole(100));
            }
        }
        let scores: Vec<Points> = scores.into_iter().map(Points).collect();
        let leader = LeaderParts { unit_result: kpi::unit_result(&scores), organising: org, unity };
        for l in [None, Some(&leader)] {
            let r = kpi::result_percent(&parts, l, &rules);
            prop_assert!(within(r, Points::ZERO, Points::whole(100)), "{r}");
        }
    }

    /// Doing more never lowers a, b or c; an error never raises b; a delay never raises c.
    #[test]
    fn parts_are_monotonic(
        tasks in prop::collection::vec(arb_task(true), 1..8),
        rules in arb_rules(),
        pick in any::<prop::sample::Index>(),
        more in 1i64..50_000,
    ) {
        let i = pick.index(tasks.len());
        let before = kpi::parts(&tasks, &rules);

        let mut done_more = tasks.clone();
        done_more[i].done = Units(done_more[i].done.0 + more);
        let after = kpi::parts(&done_more, &rules);
        prop_assert!(after.quantity >= before.quantity);
        prop_assert!(after.quality >= before.quality);
        prop_assert!(after.timeliness >= before.timeliness);
        prop_assert!(
            kpi::result_percent(&after, None, &rules) >= kpi::result_percent(&before, None, &rules)
        );

        let mut erred = tasks.clone();
        erred[i].quality_errors += 1;
        let e = kpi::parts(&erred, &rules);
        prop_assert!(e.quality <= before.quality);
        prop_assert_eq!((e.quantity, e.timeliness), (before.quantity, before.timeliness));

        let mut late = tasks;
        late[i].delays += 1;
        let l = kpi::parts(&late, &rules);
        prop_assert!(l.timeliness <= before.timeliness);
        prop_assert_eq!((l.quantity, l.quality), (before.quantity, before.quality));
    }

    /// Đ.17.1 with Đ.12.2–12.3: general 0 ..= 30 and result 0 ..= 100 % make 0 ..= 100 points, and
    /// more of either never lowers the score.
    #[test]
    fn period_score_is_on_the_hundred_point_scale(
        general in 0i64..=3000,
        result in 0i64..=10_000,
        d_general in 0i64..=100,
        d_result in 0i64..=100,
    ) {
        let s = kpi::period_score(Points(general), Points(result));
        prop_assert!(within(s, Points::ZERO, Points::whole(100)), "{s}");
        let g2 = Points((general + d_general).min(3000));
        let r2 = Points((result + d_result).min(10_000));
        prop_assert!(kpi::period_score(g2, r2) >= s);
    }

    /// A mean of months lies between the lowest and the highest month (Đ.17.3).
    #[test]
    fn mean_lies_between_the_months(months in prop::collection::vec(0i64..=10_000, 1..13)) {
        let pts: Vec<Points> = months.iter().copied().map(Points).collect();
        let m = kpi::mean_score(&pts);
        let lo = pts.iter().copied().min();
        let hi = pts.iter().copied().max();
        prop_assert!(m.is_some() && m >= lo && m <= hi);
    }

    #[test]
    fn units_parse_inverts_display(t in 0i64..1_000_000_000) {
        prop_assert_eq!(Units::parse(&Units(t).vi()), Some(Units(t)));
        prop_assert_eq!(Units::parse(&Units(t).to_string()), Some(Units(t)));
    }

    /// The exact sum of task contributions is what `parts` divides; the rounded per-task display
    /// values never drift from it by more than half a thousandth each.
    #[test]
    fn task_points_add_up(tasks in prop::collection::vec(arb_task(false), 1..8)) {
        let rules = Rules { decimals: 2, ..Rules::default() };
        let total: i64 = tasks.iter().map(|t| kpi::task_points(t, &rules).quantity.0).sum();
        let den = kpi::assigned_total(&tasks).0;
        prop_assume!(den > 0);
        let a = kpi::parts(&tasks, &rules).quantity.hundredths();
        // quantity points are whole thousandths, so no drift at all for a
        let expect = (i128::from(total) * 10_000 * 2 + i128::from(den)) / (2 * i128::from(den));
        prop_assert_eq!(i128::from(a), expect);
    }
}
