//! The shipped rule presets, tested at every threshold and against the article they come from.

use danhgia_domain::catalogue::Catalogue;
use danhgia_domain::grade::Grade;
use danhgia_domain::points::Points;
use danhgia_domain::preset::{Facts, Outcome, Preset, Reason, mean};
use proptest::prelude::*;

fn preset(key: &str) -> Preset {
    let cat = Catalogue::get().unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    cat.preset(key)
        .cloned()
        .unwrap_or_else(|| panic!("no preset {key}"))
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap_or_else(|| panic!("bad points {s}"))
}

fn grade_of(preset: &Preset, facts: Facts) -> Option<Grade> {
    preset.grade(&facts).grade()
}

fn total(preset: &Preset, s: &str) -> Option<Grade> {
    grade_of(
        preset,
        Facts {
            total: p(s),
            ..Facts::default()
        },
    )
}

/// Hanoi Quy chế 2021-QĐ/TU Đ.13.1: "Loại A: Đạt từ 90 điểm đến 100 điểm. Loại B: Đạt từ 70
/// điểm đến dưới 90 điểm. Loại C: Đạt từ 50 điểm đến dưới 70 điểm. Loại D: Dưới 50 điểm."
/// NĐ 335 Đ.20.1–4a says the same.
#[test]
fn hanoi_and_nd335_bands_at_every_boundary() {
    for key in ["hanoi-2021", "nd335-2026"] {
        let pr = preset(key);
        let table = [
            ("100", Grade::A),
            ("90", Grade::A),
            ("89.99", Grade::B),
            ("89.5", Grade::B),
            ("70", Grade::B),
            ("69.99", Grade::C),
            ("50", Grade::C),
            ("49.99", Grade::D),
            ("49.5", Grade::D),
            ("0", Grade::D),
        ];
        for (t, g) in table {
            assert_eq!(total(&pr, t), Some(g), "{key}: {t} points");
        }
    }
}

/// Quảng Trị Đ.6.1: "Hoàn thành xuất sắc nhiệm vụ: đạt từ 90 điểm trở lên. Hoàn thành tốt
/// nhiệm vụ: đạt từ 75 đến dưới 90 điểm. Hoàn thành nhiệm vụ …: đạt từ 50 đến dưới 75 điểm.
/// Không hoàn thành nhiệm vụ: dưới 50 điểm."
#[test]
fn quang_tri_bands_at_every_boundary() {
    let pr = preset("quang-tri-2019");
    let table = [
        ("90", Grade::A),
        ("89.99", Grade::B),
        ("75", Grade::B),
        ("74.99", Grade::C),
        ("70", Grade::C),
        ("50", Grade::C),
        ("49.99", Grade::D),
    ];
    for (t, g) in table {
        assert_eq!(total(&pr, t), Some(g), "quang-tri: {t} points");
    }
}

/// Hanoi (QĐ 1841, RULES.md): staff whose actual working days in the month are not above 50 %
/// "are still evaluated but cannot be graded B or higher".
#[test]
fn hanoi_half_the_days_or_less_caps_at_c() {
    let pr = preset("hanoi-2021");
    let f = Facts {
        total: p("95"),
        worked_half_or_less: true,
        ..Facts::default()
    };
    assert_eq!(
        pr.grade(&f),
        Outcome::Graded {
            grade: Grade::C,
            reasons: vec![Reason::Band(Grade::A), Reason::HalfDays(Grade::C)]
        }
    );
    let low = Facts {
        total: p("40"),
        worked_half_or_less: true,
        ..Facts::default()
    };
    assert_eq!(
        grade_of(&pr, low),
        Some(Grade::D),
        "a cap never raises a grade"
    );
}

/// Quảng Trị Đ.6.1: "Trường hợp có 1 tiêu chí trong Bộ tiêu chí chấm điểm đạt điểm 0 thì không
/// được xếp loại hoàn thành tốt nhiệm vụ trở lên."
#[test]
fn quang_tri_zero_criterion_caps_at_c() {
    let pr = preset("quang-tri-2019");
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                total: p("92"),
                any_criterion_zero: true,
                ..Facts::default()
            }
        ),
        Some(Grade::C)
    );
    // Hanoi has no such rule.
    let hn = preset("hanoi-2021");
    assert_eq!(
        grade_of(
            &hn,
            Facts {
                total: p("92"),
                any_criterion_zero: true,
                ..Facts::default()
            }
        ),
        Some(Grade::A)
    );
}

/// Quảng Trị Đ.6.1: "Trường hợp có sự khác nhau giữa điểm cá nhân tự chấm với mức cá nhân tự
/// nhận xếp loại … thì lấy cá nhân tự nhận xếp loại … làm kết quả cuối cùng."
#[test]
fn quang_tri_self_declared_grade_wins() {
    let pr = preset("quang-tri-2019");
    let f = Facts {
        total: p("93"),
        self_declared: Some(Grade::B),
        ..Facts::default()
    };
    assert_eq!(grade_of(&pr, f), Some(Grade::B));
    // …but the zero-criterion cap still holds (both sentences of Đ.6.1 apply).
    let f = Facts {
        total: p("80"),
        self_declared: Some(Grade::A),
        any_criterion_zero: true,
        ..Facts::default()
    };
    assert_eq!(grade_of(&pr, f), Some(Grade::C));
    // Hanoi: the score decides.
    let hn = preset("hanoi-2021");
    assert_eq!(
        grade_of(
            &hn,
            Facts {
                total: p("93"),
                self_declared: Some(Grade::B),
                ..Facts::default()
            }
        ),
        Some(Grade::A)
    );
}

/// NĐ 335 Đ.20.4: "Không hoàn thành nhiệm vụ thuộc một trong các trường hợp sau: … b) Bị cấp có
/// thẩm quyền kết luận có biểu hiện suy thoái … c) … bị kỷ luật bằng hình thức từ khiển trách
/// trở lên trong năm đánh giá. d) Cơ quan, tổ chức, đơn vị thuộc thẩm quyền phụ trách … liên quan
/// đến tham ô, tham nhũng, lãng phí … (đối với công chức giữ chức vụ lãnh đạo, quản lý)."
#[test]
fn nd335_findings_make_d_whatever_the_score() {
    let pr = preset("nd335-2026");
    let base = Facts {
        total: p("98"),
        ..Facts::default()
    };
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                degradation_finding: true,
                ..base.clone()
            }
        ),
        Some(Grade::D)
    );
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                reprimand_or_more: true,
                ..base.clone()
            }
        ),
        Some(Grade::D)
    );
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                unit_corruption: true,
                is_leader: true,
                ..base.clone()
            }
        ),
        Some(Grade::D)
    );
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                unit_corruption: true,
                is_leader: false,
                ..base.clone()
            }
        ),
        Some(Grade::A),
        "d) is for leaders only"
    );
    // Hanoi 2021 has no such rule in its preset.
    assert_eq!(
        grade_of(
            &preset("hanoi-2021"),
            Facts {
                reprimand_or_more: true,
                ..base
            }
        ),
        Some(Grade::A)
    );
}

/// NĐ 335 Đ.20.6: "Mức xếp loại chất lượng của người đứng đầu tổ chức không cao hơn mức xếp loại
/// chất lượng của tổ chức đó."
#[test]
fn nd335_head_never_above_the_organisation() {
    let pr = preset("nd335-2026");
    let f = Facts {
        total: p("95"),
        is_head: true,
        org_grade: Some(Grade::B),
        ..Facts::default()
    };
    assert_eq!(grade_of(&pr, f.clone()), Some(Grade::B));
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                is_head: false,
                ..f
            }
        ),
        Some(Grade::A)
    );
}

/// NĐ 335 Đ.11.1: "Công chức có thời gian công tác trong năm chưa đủ 06 tháng không xếp loại
/// chất lượng".
#[test]
fn nd335_fewer_than_six_months_is_not_graded() {
    let pr = preset("nd335-2026");
    assert_eq!(
        pr.grade(&Facts {
            total: p("95"),
            months_worked: Some(5),
            ..Facts::default()
        }),
        Outcome::NotGraded
    );
    assert_eq!(
        grade_of(
            &pr,
            Facts {
                total: p("95"),
                months_worked: Some(6),
                ..Facts::default()
            }
        ),
        Some(Grade::A)
    );
}

/// NĐ 335 Đ.17.3: "theo quý (bằng điểm trung bình cộng của 03 tháng), 06 tháng (… của 06 tháng)
/// và xếp loại chất lượng cuối năm (bằng điểm trung bình cộng của 12 tháng …)".
#[test]
fn nd335_periods_are_means_of_months() {
    assert_eq!(mean(&[p("80"), p("90"), p("95")]), Some(p("88.33")));
    assert_eq!(mean(&[p("89.99"), p("90")]), Some(p("90"))); // 89.995 rounds half up
    assert_eq!(mean(&[]), None);
    let year: Vec<Points> = (0..12)
        .map(|i| if i < 6 { p("92") } else { p("88") })
        .collect();
    assert_eq!(mean(&year), Some(p("90")));
}

/// Quotas come from the presets: Hanoi 20 % with the small-cohort rule, NĐ 335 20 % / 25 %.
#[test]
fn quotas_come_from_the_presets() {
    let hn = preset("hanoi-2021").quota;
    assert_eq!(
        (hn.a_percent_of_b, hn.small_cohort_below, hn.small_cohort_a),
        (20, 5, 1)
    );
    let nd = preset("nd335-2026").quota;
    assert_eq!(
        (
            nd.a_percent_of_b,
            nd.outstanding_percent,
            nd.small_cohort_below
        ),
        (20, 25, 0)
    );
}

fn facts() -> impl Strategy<Value = Facts> {
    (
        any::<[bool; 7]>(),
        proptest::option::of(0usize..4),
        proptest::option::of(0usize..4),
        proptest::option::of(0usize..4),
        proptest::option::of(0u8..13),
    )
        .prop_map(|(b, knock, declared, org, months)| Facts {
            total: Points::ZERO,
            knockout: knock.map(|i| Grade::ALL[i]),
            any_criterion_zero: b[0],
            worked_half_or_less: b[1],
            self_declared: declared.map(|i| Grade::ALL[i]),
            degradation_finding: b[2],
            reprimand_or_more: b[3],
            is_leader: b[4],
            unit_corruption: b[5],
            is_head: b[6],
            org_grade: org.map(|i| Grade::ALL[i]),
            months_worked: months,
        })
}

proptest! {
    /// With every other fact fixed, a higher total never gives a lower grade, in every preset.
    #[test]
    fn grade_is_monotonic_in_the_total(f in facts(), a in 0i64..=10_000, b in 0i64..=10_000, which in 0usize..3) {
        let pr = preset(["hanoi-2021", "nd335-2026", "quang-tri-2019"][which]);
        let lo = pr.grade(&Facts { total: Points(a.min(b)), ..f.clone() }).grade();
        let hi = pr.grade(&Facts { total: Points(a.max(b)), ..f }).grade();
        prop_assert_eq!(lo.is_some(), hi.is_some());
        if let (Some(lo), Some(hi)) = (lo, hi) {
            prop_assert!(lo.rank() <= hi.rank(), "{:?} at {} but {:?} at {}", lo, a.min(b), hi, a.max(b));
        }
    }

    /// Without special facts the grade is exactly the band of the total.
    #[test]
    fn plain_totals_get_their_band(t in 0i64..=10_000, which in 0usize..3) {
        let pr = preset(["hanoi-2021", "nd335-2026", "quang-tri-2019"][which]);
        let g = pr.grade(&Facts { total: Points(t), ..Facts::default() }).grade();
        prop_assert_eq!(g, Some(pr.bands.grade(Points(t))));
    }
}

/// A QT sheet at full marks, with criterion `zero` (an item id) at 0 if given.
fn qt_sheet(
    set: &danhgia_domain::criteria::CriteriaSet,
    zero: Option<&str>,
) -> danhgia_domain::evaluation::Sheet {
    use danhgia_domain::criteria::{CriteriaSet, SectionKind};
    use danhgia_domain::evaluation::{Score, Sheet};
    let mut sheet = Sheet::default();
    for s in set
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Criteria)
    {
        for c in &s.criteria {
            let id = CriteriaSet::item_id(s, c);
            let points = if zero == Some(id.as_str()) {
                Points::ZERO
            } else {
                c.max
            };
            sheet.scores.insert(
                id,
                Score {
                    points,
                    reason: String::new(),
                },
            );
        }
    }
    sheet
}

#[test]
fn quang_tri_360_total_keeps_the_zero_criterion_cap() {
    // Đ.6.1: "Tổng điểm đánh giá được lấy từ điểm trung bình cộng của điểm số cá nhân tự chấm với
    // tổng điểm của đánh giá 360°" and "Trường hợp có 1 tiêu chí … đạt điểm 0 thì không được xếp
    // loại hoàn thành tốt nhiệm vụ trở lên".
    let qt = preset("quang-tri-2019");
    let cat = Catalogue::get().unwrap_or_else(|_| panic!("catalogue"));
    let set = cat.set("qt-3-cong-chuc").unwrap_or_else(|| panic!("qt-3"));
    let decided = |sheet, total| {
        danhgia_domain::evaluation::grade_decided_total(&qt, set, sheet, total)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .grade
    };
    let clean = qt_sheet(set, None);
    assert_eq!(decided(&clean, p("90")), Some(Grade::A));
    assert_eq!(decided(&clean, p("89.99")), Some(Grade::B));
    assert_eq!(decided(&clean, p("75")), Some(Grade::B));
    assert_eq!(decided(&clean, p("74.99")), Some(Grade::C));
    let first = set.sections[0].criteria[0].clone();
    let zero_id = danhgia_domain::criteria::CriteriaSet::item_id(&set.sections[0], &first);
    let with_zero = qt_sheet(set, Some(&zero_id));
    assert_eq!(decided(&with_zero, p("95")), Some(Grade::C));
    // The self-declared grade is the self-assessment's result, not the decision's (D53).
    let mut declared = clean.clone();
    declared.self_grade = Some(Grade::D);
    assert_eq!(decided(&declared, p("95")), Some(Grade::A));
}
