//! The criteria sets and presets shipped in `data/`: they load, they are the ones the
//! regulations name, and the NĐ 335 form is the decree's own.

use danhgia_domain::catalogue::Catalogue;
use danhgia_domain::criteria::{CriteriaSet, SectionKind, parse};
use danhgia_domain::points::Points;

fn catalogue() -> &'static Catalogue {
    Catalogue::get().unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn sets_of(preset: &str) -> Vec<&'static CriteriaSet> {
    catalogue()
        .sets
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.preset == preset)
        .collect()
}

/// Hanoi Quy chế Đ.11: "Thực hiện theo 19 mẫu phiếu đánh giá, xếp loại hằng tháng"; Quảng Trị
/// Đ.4 lists six sets; NĐ 335 has one general-criteria form (Mẫu số 01).
#[test]
fn the_regulations_sets_are_all_there() {
    assert_eq!(sets_of("hanoi-2021").len(), 19);
    assert_eq!(sets_of("quang-tri-2019").len(), 6);
    assert_eq!(sets_of("nd335-2026").len(), 1);
    let mut presets: Vec<&str> = catalogue().presets.iter().map(|p| p.key.as_str()).collect();
    presets.sort_unstable();
    assert_eq!(presets, ["hanoi-2021", "nd335-2026", "quang-tri-2019"]);
}

/// NĐ 335 Phụ lục II, Mẫu số 01: I = 5 + 5, II = 4 × 2,5, III = 4 × 2,5, "Tổng cộng 30"; and
/// Đ.17.1: monthly score = general criteria + result × 70.
#[test]
fn nd335_mau_01_has_the_decrees_points_and_titles() {
    let set = catalogue()
        .set("nd335-mau-01")
        .unwrap_or_else(|| panic!("no nd335-mau-01"));
    assert!(
        !set.needs_confirmation(),
        "the decree's text needs no confirmation"
    );
    let points: Vec<Vec<Points>> = set
        .sections
        .iter()
        .map(|s| s.criteria.iter().map(|c| c.max).collect())
        .collect();
    let h = Points(250);
    let f = Points::whole(5);
    assert_eq!(
        points,
        vec![vec![f, f], vec![h, h, h, h], vec![h, h, h, h], vec![]]
    );
    assert_eq!(set.sections[3].kind, SectionKind::Result);
    assert_eq!(set.sections[3].max, Points::whole(70));
    assert_eq!(set.base_max(), Points::whole(100));
    let titles: Vec<&str> = set
        .sections
        .iter()
        .flat_map(|s| s.criteria.iter().map(|c| c.title.as_str()))
        .collect();
    assert_eq!(
        titles[0],
        "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ"
    );
    assert_eq!(titles[1], "Ý thức kỷ luật, kỷ cương trong thực thi công vụ");
    assert_eq!(
        titles[2],
        "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm"
    );
    assert_eq!(
        titles[9],
        "Chủ động đưa ra quyết định trong phạm vi thẩm quyền, không né tránh; có tinh thần tiên phong trong thực hiện những nhiệm vụ mới."
    );
}

/// RULES.md: the Hanoi sets' texts are not public; 3814-QĐ/TU's structure is 20 + 70 + 10 bonus,
/// and every text and number is marked "to be confirmed by the administrator".
#[test]
fn hanoi_sets_follow_3814_and_await_confirmation() {
    for set in sets_of("hanoi-2021") {
        assert!(set.needs_confirmation(), "{}", set.key);
        let maxima: Vec<(SectionKind, Points)> =
            set.sections.iter().map(|s| (s.kind, s.max)).collect();
        assert_eq!(
            &maxima[..3],
            &[
                (SectionKind::Criteria, Points::whole(20)),
                (SectionKind::Criteria, Points::whole(70)),
                (SectionKind::Bonus, Points::whole(10)),
            ],
            "{}",
            set.key
        );
    }
}

#[test]
fn quang_tri_sets_score_to_one_hundred() {
    for set in sets_of("quang-tri-2019") {
        assert!(set.needs_confirmation(), "{}", set.key);
        assert_eq!(set.base_max(), Points::whole(100), "{}", set.key);
    }
}

/// What the store keeps (the canonical text) reads back as the same set, for every shipped set.
#[test]
fn every_shipped_set_round_trips() {
    for (file, set) in &catalogue().sets {
        let again = parse(file, &set.to_toml()).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!(&again, set, "{file}");
    }
}

/// Every rule of every mapping names a set of its own preset (checked on load), and each
/// mapping ends with a rule that matches everyone, so nobody is left without a form.
#[test]
fn every_mapping_ends_with_a_catch_all() {
    for m in &catalogue().mappings {
        let last = m
            .rules
            .last()
            .unwrap_or_else(|| panic!("{} has no rules", m.preset));
        assert!(
            last.level.is_empty()
                && last.unit_kind.is_empty()
                && last.block.is_empty()
                && last.rank.is_empty()
                && last.employment.is_empty()
                && last.title_contains.is_empty()
                && last.unit_name_contains.is_empty(),
            "{}: the last rule is not a catch-all",
            m.preset
        );
    }
}
