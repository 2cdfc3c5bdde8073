//! The annual evaluation built from the months (SPEC M6.3; issue 10 §6).
//!
//! - **The year's score** (NĐ 335 Đ.17.3): "điểm đánh giá năm là trung bình cộng điểm đánh giá
//!   của 12 tháng" — the mean of the months that have a result; months not worked (Đ.11.2: sick,
//!   maternity, unpaid leave) simply have none, so the mean is over the actual working time.
//! - **Too few months** (NĐ 335 Đ.11.1): "có thời gian công tác … dưới 06 tháng thì không thực
//!   hiện đánh giá, xếp loại" — fewer months with a result than the preset's
//!   `min_months_for_year` → not graded.
//! - **Transfers** (NĐ 335 Đ.19.1): the new unit grades "căn cứ kết quả theo dõi, đánh giá … tại
//!   cơ quan cũ": the months are the person's, wherever their forms were made.
//! - **Quảng Trị Đ.2.8–2.9:** a person who studied full time for over half the year is not
//!   evaluated; one transferred in under 6 months brings a paper result confirmed by the old
//!   head, entered by the admin. Both are an admin's note on the annual form ([`Note`]).

use crate::grade::Grade;
use crate::points::Points;
use crate::preset::{Facts, Outcome, Preset};

/// One month's result of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub month: u8,
    /// The decided total (hundredths), if the month was decided.
    pub total: Option<Points>,
    pub grade: Option<Grade>,
}

/// An admin's note on an annual form (Quảng Trị Đ.2.8–2.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A paper result from the old unit (transferred in under 6 months).
    Paper { total: Points, grade: Grade },
    /// Not evaluated this year (full-time study over half the year, Đ.2.8).
    NotEvaluated,
}

/// What the annual form proposes to the leader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Months with a result, and how many of each grade.
    pub months: usize,
    pub by_grade: [usize; 4],
    /// The proposed total: the months' mean, or the paper result.
    pub total: Option<Points>,
    /// The proposed grade; `None`: not graded.
    pub grade: Option<Grade>,
    /// Message key of why it is what it is (`annual.why.*`).
    pub why: &'static str,
}

fn grade_index(g: Grade) -> usize {
    match g {
        Grade::A => 0,
        Grade::B => 1,
        Grade::C => 2,
        Grade::D => 3,
    }
}

/// The year's proposal from the months' results under `preset`, and the admin's note if any.
pub fn propose(preset: &Preset, months: &[Month], note: Option<&Note>) -> Proposal {
    let decided: Vec<&Month> = months.iter().filter(|m| m.total.is_some()).collect();
    let mut by_grade = [0; 4];
    for g in months.iter().filter_map(|m| m.grade) {
        by_grade[grade_index(g)] += 1;
    }
    let base = Proposal {
        months: decided.len(),
        by_grade,
        total: None,
        grade: None,
        why: "annual.why.mean",
    };
    match note {
        Some(Note::NotEvaluated) => {
            return Proposal {
                why: "annual.why.not_evaluated",
                ..base
            };
        }
        Some(Note::Paper { total, grade }) => {
            return Proposal {
                total: Some(*total),
                grade: Some(*grade),
                why: "annual.why.paper",
                ..base
            };
        }
        None => {}
    }
    let totals: Vec<Points> = decided.iter().filter_map(|m| m.total).collect();
    let Some(mean) = crate::preset::mean(&totals) else {
        return Proposal {
            why: "annual.why.no_months",
            ..base
        };
    };
    let facts = Facts {
        total: mean,
        months_worked: Some(u8::try_from(decided.len()).unwrap_or(u8::MAX)),
        ..Facts::default()
    };
    match preset.grade(&facts) {
        Outcome::Graded { grade, .. } => Proposal {
            total: Some(mean),
            grade: Some(grade),
            ..base
        },
        Outcome::NotGraded => Proposal {
            total: Some(mean),
            why: "annual.why.too_few_months",
            ..base
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use proptest::prelude::*;

    #[allow(clippy::panic)] // a shipped preset missing is a broken build
    fn preset(key: &str) -> Preset {
        Catalogue::get()
            .ok()
            .and_then(|c| c.preset(key).cloned())
            .unwrap_or_else(|| panic!("preset {key}"))
    }

    fn months(totals: &[i64]) -> Vec<Month> {
        totals
            .iter()
            .enumerate()
            .map(|(i, t)| Month {
                month: u8::try_from(i + 1).unwrap_or(12),
                total: Some(Points::whole(*t)),
                grade: None,
            })
            .collect()
    }

    #[test]
    fn the_year_is_the_mean_of_its_months() {
        // NĐ 335 Đ.17.3: "điểm đánh giá năm là trung bình cộng điểm đánh giá của 12 tháng".
        let p = propose(
            &preset("nd335-2026"),
            &months(&[90, 92, 88, 91, 95, 89, 90, 90, 93, 94, 88, 92]),
            None,
        );
        assert_eq!(p.months, 12);
        assert_eq!(p.total, Some(Points(9100)));
        assert_eq!(p.grade, Some(Grade::A));
    }

    #[test]
    fn fewer_than_six_months_is_not_graded() {
        // NĐ 335 Đ.11.1: "thời gian công tác … dưới 06 tháng thì không thực hiện đánh giá".
        let p = propose(&preset("nd335-2026"), &months(&[95, 95, 95, 95, 95]), None);
        assert_eq!(p.grade, None);
        assert_eq!(p.why, "annual.why.too_few_months");
        let six = propose(&preset("nd335-2026"), &months(&[95; 6]), None);
        assert_eq!(six.grade, Some(Grade::A));
    }

    #[test]
    fn a_paper_result_or_full_time_study_replaces_the_months() {
        // Quảng Trị Đ.2.9: "chuyển đến … chưa đến 06 tháng thì thực hiện … bằng giấy có xác nhận
        // của Thủ trưởng cơ quan cũ"; Đ.2.8: "đi học cả ngày trên nửa thời gian làm việc trong
        // năm thì không thực hiện đánh giá".
        let qt = preset("quang-tri-2019");
        let paper = Note::Paper {
            total: Points::whole(80),
            grade: Grade::B,
        };
        let p = propose(&qt, &months(&[95, 95]), Some(&paper));
        assert_eq!(
            (p.total, p.grade),
            (Some(Points::whole(80)), Some(Grade::B))
        );
        let s = propose(&qt, &months(&[95; 12]), Some(&Note::NotEvaluated));
        assert_eq!(
            (s.total, s.grade, s.why),
            (None, None, "annual.why.not_evaluated")
        );
    }

    #[test]
    fn months_without_a_result_are_not_counted() {
        // NĐ 335 Đ.11.2: graded on the actual working time.
        let mut m = months(&[80; 8]);
        m.push(Month {
            month: 9,
            total: None,
            grade: None,
        });
        let p = propose(&preset("nd335-2026"), &m, None);
        assert_eq!((p.months, p.total), (8, Some(Points::whole(80))));
    }

    proptest! {
        #[test]
        fn the_mean_lies_within_the_months(totals in proptest::collection::vec(0i64..=100, 6..=12)) {
            let p = propose(&preset("nd335-2026"), &months(&totals), None);
            let lo = Points::whole(*totals.iter().min().unwrap_or(&0));
            let hi = Points::whole(*totals.iter().max().unwrap_or(&0));
            let t = p.total.unwrap_or_default();
            prop_assert!(t >= lo && t <= hi);
            prop_assert!(p.grade.is_some());
        }
    }
}
