//! The quota of A grades per cohort (SPEC M4.4).
//!
//! Hanoi Quy chế Đ.13.1: "Tỷ lệ CBCCVC được đánh giá, xếp loại 'Hoàn thành xuất sắc nhiệm vụ'
//! không vượt quá 20% tổng số CBCCVC được xếp loại 'Hoàn thành tốt nhiệm vụ' theo từng nhóm đối
//! tượng … (đối với đơn vị hoặc nhóm đối tượng có dưới 5 người thì được đánh giá 'Hoàn thành
//! xuất sắc nhiệm vụ' đối với 01 đồng chí, nếu đồng chí đó đạt đủ điều kiện …)".
//! NĐ 335 Đ.20.5: the same 20 %, up to 25 % for an outstanding unit by decision.
//!
//! Readings (docs/decisions.md D20): "B" is the number graded B, A's not included; "không vượt
//! quá" means the largest whole number of A's that does not exceed the percentage, i.e. the
//! floor; the small-cohort rule counts the people graded in the cohort and allows
//! `max(floor, 1)` A's.

use crate::grade::Grade;
use crate::preset::QuotaRule;

/// Grades proposed for one cohort.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub d: u32,
}

impl Counts {
    pub fn of(grades: impl IntoIterator<Item = Grade>) -> Counts {
        let mut c = Counts::default();
        for g in grades {
            c.add(g, 1);
        }
        c
    }

    /// Counts `n` more people graded `g`.
    pub fn add(&mut self, g: Grade, n: u32) {
        match g {
            Grade::A => self.a += n,
            Grade::B => self.b += n,
            Grade::C => self.c += n,
            Grade::D => self.d += n,
        }
    }

    /// People graded in the cohort.
    pub fn graded(&self) -> u32 {
        self.a + self.b + self.c + self.d
    }
}

/// The verdict on a cohort's proposed grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The proposed A's fit the quota.
    pub allowed: bool,
    /// The most A's this cohort may have with its present number of B's.
    pub max_a: u32,
    /// How many more A's would still fit (0 when full or over).
    pub more_a_fit: u32,
    /// How many A's are over the quota (0 when allowed).
    pub over_by: u32,
    /// The small-cohort rule gave the allowance.
    pub small_cohort: bool,
}

/// Checks a cohort's proposed grades against the quota. `outstanding` is a competent
/// authority's decision that the unit is outstanding (NĐ 335 Đ.20.5b).
pub fn check(rule: &QuotaRule, counts: Counts, outstanding: bool) -> Verdict {
    let percent = if outstanding {
        rule.outstanding_percent
    } else {
        rule.a_percent_of_b
    };
    let by_percent =
        u32::try_from(u64::from(counts.b) * u64::from(percent) / 100).unwrap_or(u32::MAX);
    let small = rule.small_cohort_below > 0 && counts.graded() < rule.small_cohort_below;
    let max_a = if small {
        by_percent.max(rule.small_cohort_a)
    } else {
        by_percent
    };
    Verdict {
        allowed: counts.a <= max_a,
        max_a,
        more_a_fit: max_a.saturating_sub(counts.a),
        over_by: counts.a.saturating_sub(max_a),
        small_cohort: small && max_a > by_percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HANOI: QuotaRule = QuotaRule {
        a_percent_of_b: 20,
        outstanding_percent: 20,
        small_cohort_below: 5,
        small_cohort_a: 1,
    };
    const ND335: QuotaRule = QuotaRule {
        a_percent_of_b: 20,
        outstanding_percent: 25,
        small_cohort_below: 0,
        small_cohort_a: 0,
    };

    fn counts(a: u32, b: u32, c: u32, d: u32) -> Counts {
        Counts { a, b, c, d }
    }

    /// Hanoi Đ.13.1: "không vượt quá 20% tổng số … 'Hoàn thành tốt nhiệm vụ'".
    #[test]
    fn a_at_most_twenty_percent_of_b() {
        assert!(check(&HANOI, counts(2, 10, 0, 0), false).allowed);
        assert!(!check(&HANOI, counts(3, 10, 0, 0), false).allowed);
        assert_eq!(check(&HANOI, counts(3, 10, 0, 0), false).over_by, 1);
        // 14 B → 2.8 → at most 2 (never above 20 %).
        assert_eq!(check(&HANOI, counts(0, 14, 1, 0), false).max_a, 2);
        assert_eq!(check(&HANOI, counts(1, 14, 1, 0), false).more_a_fit, 1);
        // The A's are not counted among the B's: 5 A and 20 B is 25 %, refused.
        assert!(!check(&HANOI, counts(5, 20, 0, 0), false).allowed);
    }

    /// Hanoi Đ.13.1: "đơn vị hoặc nhóm đối tượng có dưới 5 người thì được đánh giá 'Hoàn
    /// thành xuất sắc nhiệm vụ' đối với 01 đồng chí".
    #[test]
    fn fewer_than_five_may_have_one_a() {
        let v = check(&HANOI, counts(1, 2, 1, 0), false);
        assert!(v.allowed && v.small_cohort && v.max_a == 1);
        assert!(!check(&HANOI, counts(2, 2, 0, 0), false).allowed);
        // Five people is not "dưới 5": 1 A with 4 B is 25 %, refused.
        assert!(!check(&HANOI, counts(1, 4, 0, 0), false).allowed);
        // A lone person who qualifies.
        assert!(check(&HANOI, counts(1, 0, 0, 0), false).allowed);
    }

    /// NĐ 335 Đ.20.5b: up to 25 % for an outstanding unit, by decision; no small-cohort rule.
    #[test]
    fn outstanding_unit_up_to_twenty_five_percent() {
        assert!(!check(&ND335, counts(5, 20, 0, 0), false).allowed);
        assert!(check(&ND335, counts(5, 20, 0, 0), true).allowed);
        assert!(!check(&ND335, counts(1, 2, 0, 0), false).allowed);
    }

    fn rules() -> impl Strategy<Value = QuotaRule> {
        (0u32..=100, 0u32..=30, 0u32..=10, 0u32..=3).prop_map(|(p, extra, below, small_a)| {
            QuotaRule {
                a_percent_of_b: p,
                outstanding_percent: (p + extra).min(100),
                small_cohort_below: below,
                small_cohort_a: small_a,
            }
        })
    }

    proptest! {
        /// The verdict agrees with the rule read literally, in exact rational arithmetic:
        /// allowed exactly when a × 100 ≤ percent × b, or the cohort is small and a ≤ its
        /// allowance. So it never allows more, and never refuses an allowed set.
        #[test]
        fn agrees_with_the_rule(rule in rules(), a in 0u32..50, b in 0u32..200, c in 0u32..50, d in 0u32..10, out in any::<bool>()) {
            let cts = counts(a, b, c, d);
            let v = check(&rule, cts, out);
            let pct = u64::from(if out { rule.outstanding_percent } else { rule.a_percent_of_b });
            let by_rule = u64::from(a) * 100 <= pct * u64::from(b);
            let small = rule.small_cohort_below > 0 && a + b + c + d < rule.small_cohort_below && a <= rule.small_cohort_a;
            prop_assert_eq!(v.allowed, by_rule || small);
            prop_assert_eq!(v.allowed, v.over_by == 0);
            prop_assert_eq!(v.more_a_fit + a.min(v.max_a), v.max_a);
        }

        /// Turning a B into an A never makes a refused cohort allowed.
        #[test]
        fn more_a_fewer_b_is_never_easier(rule in rules(), a in 0u32..20, b in 1u32..100) {
            let before = check(&rule, counts(a, b, 0, 0), false);
            let after = check(&rule, counts(a + 1, b - 1, 0, 0), false);
            prop_assert!(before.allowed || !after.allowed);
        }
    }
}
