//! Scoring a form against its criteria set (SPEC M3.3): every score 0..max of its item, a
//! written reason where the set asks for one (always for deductions), bonus and deduction sums
//! within their section's limit, total between 0 and the set's scale.
//!
//! Scores are keyed by item id (`I.1`; a result section by its own code, holding the
//! percentage). Missing items count 0 towards the total and are listed, so a draft can be
//! saved half-filled and a submission can insist on completeness.

use std::collections::BTreeMap;

use crate::criteria::{CriteriaSet, SectionKind};
use crate::grade::Grade;
use crate::points::Points;

/// One typed score: the points (for a result section: the percentage, in the same
/// hundredths) and the written reason, if any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub points: Points,
    pub reason: String,
}

/// Scores by item id.
pub type Entries = BTreeMap<String, Entry>;

/// What is wrong with one item of a scored form. `item` is the item id, or a section code for
/// section-wide problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreError {
    pub item: String,
    /// Message key of the i18n catalogue (`score.err.*`).
    pub key: &'static str,
    /// The limit that was broken, if any (shown in the message).
    pub limit: Option<Points>,
}

/// Points of one section after scoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionScore {
    pub code: String,
    pub kind: SectionKind,
    /// Points this section adds (deductions: the amount subtracted).
    pub points: Points,
}

/// A validated, totalled form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub sections: Vec<SectionScore>,
    /// Between 0 and the set's scale.
    pub total: Points,
    /// The strictest knockout cap among knockout criteria scored 0 (set rules, "điểm liệt").
    pub knockout: Option<Grade>,
    /// Some scored criterion (kind `criteria`) was given 0 (Quảng Trị Đ.6.1 uses this).
    pub any_criterion_zero: bool,
    /// Items with no score yet.
    pub missing: Vec<String>,
}

const HUNDRED_PERCENT: Points = Points::whole(100);

/// Checks and totals `entries` against `set`. Every problem is returned at once.
pub fn score(set: &CriteriaSet, entries: &Entries) -> Result<Scored, Vec<ScoreError>> {
    let mut errors = Vec::new();
    let mut err = |item: &str, key: &'static str, limit: Option<Points>| {
        errors.push(ScoreError {
            item: item.to_owned(),
            key,
            limit,
        });
    };
    let mut known: Vec<String> = Vec::new();
    let mut sections = Vec::new();
    let mut missing = Vec::new();
    let mut knockout: Option<Grade> = None;
    let mut any_zero = false;
    let mut total = Points::ZERO;

    for section in &set.sections {
        let mut sum = Points::ZERO;
        if section.kind == SectionKind::Result {
            let id = section.code.clone();
            known.push(id.clone());
            match entries.get(&id) {
                None => missing.push(id),
                Some(e) if e.points < Points::ZERO || e.points > HUNDRED_PERCENT => {
                    err(&id, "score.err.percent", Some(HUNDRED_PERCENT));
                }
                Some(e) => sum = section.max.of_percent(e.points),
            }
        }
        for c in &section.criteria {
            let id = CriteriaSet::item_id(section, c);
            known.push(id.clone());
            let Some(e) = entries.get(&id) else {
                missing.push(id);
                continue;
            };
            if e.points < Points::ZERO {
                err(&id, "score.err.negative", None);
                continue;
            }
            if e.points > c.max {
                err(&id, "score.err.over_max", Some(c.max));
                continue;
            }
            if c.reason_required && e.points > Points::ZERO && e.reason.trim().is_empty() {
                err(&id, "score.err.reason", None);
            }
            if section.kind == SectionKind::Criteria && e.points == Points::ZERO {
                any_zero = true;
                if let Some(cap) = c.knockout {
                    knockout = Some(knockout.map_or(cap, |k| k.at_most(cap)));
                }
            }
            sum = sum + e.points;
        }
        if matches!(section.kind, SectionKind::Bonus | SectionKind::Deduction) && sum > section.max
        {
            err(&section.code, "score.err.section_cap", Some(section.max));
        }
        total = match section.kind {
            SectionKind::Deduction => total - sum,
            _ => total + sum,
        };
        sections.push(SectionScore {
            code: section.code.clone(),
            kind: section.kind,
            points: sum,
        });
    }
    for id in entries.keys() {
        if !known.contains(id) {
            err(id, "score.err.unknown", None);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let total = total.clamp(Points::ZERO, set.scale);
    Ok(Scored {
        sections,
        total,
        knockout,
        any_criterion_zero: any_zero,
        missing,
    })
}

#[cfg(test)]
#[allow(clippy::panic)]
pub(crate) mod tests {
    use super::*;
    use crate::criteria::parse;
    use proptest::prelude::*;

    pub(crate) fn sample() -> CriteriaSet {
        parse("sample", include_str!("../tests/fixtures/sample-set.toml")).unwrap_or_else(|e| {
            panic!("{e:?}");
        })
    }

    fn entries(items: &[(&str, i64, &str)]) -> Entries {
        items
            .iter()
            .map(|(id, h, r)| {
                (
                    (*id).to_owned(),
                    Entry {
                        points: Points(*h),
                        reason: (*r).to_owned(),
                    },
                )
            })
            .collect()
    }

    fn full() -> Vec<(&'static str, i64, &'static str)> {
        vec![("I.1", 1000, ""), ("I.2", 1000, ""), ("II.1", 7000, "")]
    }

    #[test]
    fn totals_scored_bonus_and_deduction() {
        let mut e = full();
        e.push(("III.1", 500, "Sáng kiến X"));
        e.push(("IV.1", 1250, "Đi muộn"));
        let s = score(&sample(), &entries(&e)).unwrap_or_else(|e| panic!("{e:?}"));
        // 10 + 10 + 70 + 5 − 12.5 = 82.5
        assert_eq!(s.total, Points(8250));
        assert!(s.missing.contains(&"III.2".to_owned()));
    }

    #[test]
    fn total_is_capped_at_the_scale() {
        // "Total capped at 100" (issue 4; Hanoi 3814: 90 scored + 10 bonus).
        let mut e = full();
        e.push(("III.1", 500, "a"));
        e.push(("III.2", 500, ""));
        let s = score(&sample(), &entries(&e)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.total, Points::whole(100));
    }

    #[test]
    fn a_deduction_needs_a_reason() {
        let mut e = full();
        e.push(("IV.1", 200, "  "));
        let errs = score(&sample(), &entries(&e)).err().unwrap_or_default();
        assert_eq!(
            errs,
            vec![ScoreError {
                item: "IV.1".into(),
                key: "score.err.reason",
                limit: None
            }]
        );
    }

    #[test]
    fn scores_above_max_or_below_zero_are_refused() {
        let errs = score(
            &sample(),
            &entries(&[("I.1", 1050, ""), ("I.2", -50, ""), ("X.9", 0, "")]),
        )
        .err()
        .unwrap_or_default();
        let keys: Vec<(&str, &str)> = errs.iter().map(|e| (e.item.as_str(), e.key)).collect();
        assert_eq!(
            keys,
            vec![
                ("I.1", "score.err.over_max"),
                ("I.2", "score.err.negative"),
                ("X.9", "score.err.unknown")
            ]
        );
        assert_eq!(errs[0].limit, Some(Points::whole(10)));
    }

    #[test]
    fn bonus_over_its_section_limit_is_refused() {
        let mut e = full();
        e.push(("III.1", 500, "a"));
        e.push(("III.2", 750, ""));
        let errs = score(&sample(), &entries(&e)).err().unwrap_or_default();
        assert_eq!(errs[0].item, "III");
        assert_eq!(errs[0].key, "score.err.section_cap");
    }

    #[test]
    fn knockout_criterion_at_zero_caps() {
        let e = entries(&[("I.1", 1000, ""), ("I.2", 0, ""), ("II.1", 7000, "")]);
        let s = score(&sample(), &e).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.knockout, Some(Grade::C));
        assert!(s.any_criterion_zero);
    }

    #[test]
    fn result_section_is_percent_times_max() {
        // NĐ 335 Đ.17.1 and the handbook's worked example: 30 + 66.7 % × 70 = 76.69.
        let set = parse(
            "nd",
            "key='x'\ntitle='x'\npreset='nd335-2026'\n[[section]]\ncode='I'\ntitle='Chung'\nmax=30\n[[section.criterion]]\ncode='1'\ntitle='c'\nmax=30\n[[section]]\ncode='II'\ntitle='KQ'\nkind='result'\nmax=70\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let s = score(&set, &entries(&[("I.1", 3000, ""), ("II", 6670, "")]))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.total, Points(7669));
        let errs = score(&set, &entries(&[("II", 10001, "")]))
            .err()
            .unwrap_or_default();
        assert_eq!(errs[0].key, "score.err.percent");
    }

    proptest! {
        /// Whatever is typed, an accepted form's total lies within 0..=scale and each section
        /// within its limit.
        #[test]
        fn accepted_totals_stay_within_bounds(
            vals in proptest::collection::vec((-500i64..8000, any::<bool>()), 6)
        ) {
            let set = sample();
            let ids = ["I.1", "I.2", "II.1", "III.1", "III.2", "IV.1"];
            let e: Entries = ids.iter().zip(&vals).map(|(id, (h, r))| {
                ((*id).to_owned(), Entry { points: Points(*h), reason: if *r { "lý do".into() } else { String::new() } })
            }).collect();
            if let Ok(s) = score(&set, &e) {
                prop_assert!(s.total >= Points::ZERO && s.total <= set.scale);
                for (sec, got) in set.sections.iter().zip(&s.sections) {
                    prop_assert!(got.points >= Points::ZERO && got.points <= sec.max);
                }
                for (id, v) in &e {
                    prop_assert!(v.points >= Points::ZERO, "{id} accepted below zero");
                }
            }
        }

        /// Raising one criterion's score never lowers the total.
        #[test]
        fn total_is_monotonic_in_each_criterion(a in 0i64..=1000, b in 0i64..=1000, c in 0i64..=7000) {
            let set = sample();
            let base = entries(&[("I.1", a.min(b), ""), ("I.2", 500, ""), ("II.1", c, "")]);
            let more = entries(&[("I.1", a.max(b), ""), ("I.2", 500, ""), ("II.1", c, "")]);
            let (Ok(x), Ok(y)) = (score(&set, &base), score(&set, &more)) else {
                return Err(TestCaseError::fail("valid scores refused"));
            };
            prop_assert!(x.total <= y.total);
        }
    }
}
