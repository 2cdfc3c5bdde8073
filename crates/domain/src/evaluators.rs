//! Who evaluates whom (SPEC M2.3; Hanoi Quy chế 2021 Đ.10; Mẫu số 01 guidance, seed 001).
//!
//! Each staff member has an evaluator (lãnh đạo đánh giá, who decides the grade) and, in some
//! cases, a reviewer (lãnh đạo phụ trách nhận xét, who comments first). Either may be set per
//! person; otherwise it is derived from the position and the size of the unit.

use crate::people::PositionRank;

/// Units with at least this many staff have a deputy comment before the head decides
/// (Đ.10.3: "áp dụng đối với các phòng, ban, đơn vị có từ 20 CBCCVC trở lên").
pub const REVIEWER_THRESHOLD: usize = 20;

/// A staff member as the derivation needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder<'a> {
    pub person_id: &'a str,
    pub rank: PositionRank,
}

/// The derived (or overridden) reviewer and evaluator of one person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    pub reviewer: Option<String>,
    pub evaluator: Option<String>,
}

/// Derives who reviews and evaluates `person` from the staff of their unit and of its parent
/// unit. Holders are given in a stable order (the store sorts them by name); where several
/// deputies could comment, the first is proposed and an administrator sets the one in charge of
/// the field per person (see docs/decisions.md).
///
/// - Staff of a unit (Đ.10.3): the head of the unit decides; where the unit has ≥ 20 staff a
///   deputy of the unit comments first.
/// - A deputy of a unit (Đ.10.2, Đ.10.3): the head of the unit decides.
/// - The head of a unit (Đ.10.2): the head of the parent body decides, and a deputy of the parent
///   body comments first ("cấp phó ... nhận xét, đánh giá đối với trưởng các phòng").
/// - Nobody evaluates themselves; where no such leader exists the slot stays empty, to be set by
///   hand (the head of the top body is evaluated by the level above, Đ.10.1).
pub fn derive(person: &Holder<'_>, unit: &[Holder<'_>], parent: &[Holder<'_>]) -> Assignment {
    derive_with(person, &Leaders::of(unit), &Leaders::of(parent))
}

/// What [`derive`] looks at in a unit: how many staff it has, and its heads and deputies in
/// the given order. Computed once per unit, it makes deriving for every member of a large
/// unit linear instead of quadratic (opening a period for a whole province).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leaders<'a> {
    pub size: usize,
    pub leaders: Vec<Holder<'a>>,
}

impl<'a> Leaders<'a> {
    pub fn of(holders: &[Holder<'a>]) -> Leaders<'a> {
        Leaders {
            size: holders.len(),
            leaders: holders
                .iter()
                .filter(|h| h.rank != PositionRank::Member)
                .cloned()
                .collect(),
        }
    }

    /// The first holder of `rank` who is not `not`.
    pub fn first(&self, rank: PositionRank, not: &str) -> Option<&'a str> {
        self.leaders
            .iter()
            .find(|h| h.rank == rank && h.person_id != not)
            .map(|h| h.person_id)
    }
}

/// [`derive`] over precomputed [`Leaders`].
pub fn derive_with(person: &Holder<'_>, unit: &Leaders<'_>, parent: &Leaders<'_>) -> Assignment {
    let first = |l: &Leaders<'_>, rank| l.first(rank, person.person_id).map(str::to_owned);
    match person.rank {
        PositionRank::Member => Assignment {
            evaluator: first(unit, PositionRank::Head),
            reviewer: if unit.size >= REVIEWER_THRESHOLD {
                first(unit, PositionRank::Deputy)
            } else {
                None
            },
        },
        PositionRank::Deputy => Assignment {
            evaluator: first(unit, PositionRank::Head),
            reviewer: None,
        },
        PositionRank::Head => Assignment {
            evaluator: first(parent, PositionRank::Head),
            reviewer: first(parent, PositionRank::Deputy),
        },
    }
}

/// Applies per-person settings over the derived assignment: a set value wins.
pub fn resolve(derived: Assignment, reviewer: Option<&str>, evaluator: Option<&str>) -> Assignment {
    Assignment {
        reviewer: reviewer.map(str::to_owned).or(derived.reviewer),
        evaluator: evaluator.map(str::to_owned).or(derived.evaluator),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionRank::*;
    use proptest::prelude::*;

    fn unit_of(n: usize) -> Vec<(String, PositionRank)> {
        let mut v = vec![("head".to_owned(), Head), ("dep".to_owned(), Deputy)];
        v.extend((2..n).map(|i| (format!("m{i}"), Member)));
        v
    }
    fn holders(v: &[(String, PositionRank)]) -> Vec<Holder<'_>> {
        v.iter()
            .map(|(id, r)| Holder {
                person_id: id,
                rank: *r,
            })
            .collect()
    }

    #[test]
    fn under_20_staff_the_head_decides_alone() {
        // Đ.10.3: "Trưởng các phòng ... đánh giá, xếp loại đối với cấp phó và CBCCVC ... (dưới 20 CBCCVC)"
        let u = unit_of(19);
        let h = holders(&u);
        let a = derive(
            &Holder {
                person_id: "m5",
                rank: Member,
            },
            &h,
            &[],
        );
        assert_eq!(
            a,
            Assignment {
                reviewer: None,
                evaluator: Some("head".into())
            }
        );
    }

    #[test]
    fn from_20_staff_a_deputy_comments_first() {
        // Đ.10.3: "Cấp phó ... nhận xét, đánh giá đối với CBCCVC (từ 20 CBCCVC trở lên) để cấp trưởng ... quyết định"
        let u = unit_of(20);
        let h = holders(&u);
        let a = derive(
            &Holder {
                person_id: "m5",
                rank: Member,
            },
            &h,
            &[],
        );
        assert_eq!(
            a,
            Assignment {
                reviewer: Some("dep".into()),
                evaluator: Some("head".into())
            }
        );
    }

    #[test]
    fn deputies_are_evaluated_by_their_head() {
        let u = unit_of(25);
        let h = holders(&u);
        let a = derive(
            &Holder {
                person_id: "dep",
                rank: Deputy,
            },
            &h,
            &[],
        );
        assert_eq!(
            a,
            Assignment {
                reviewer: None,
                evaluator: Some("head".into())
            }
        );
    }

    #[test]
    fn heads_of_offices_go_to_the_leaders_of_the_body() {
        // Đ.10.2: the head of the body decides; a deputy of the body comments on office heads.
        let body = vec![("chair".to_owned(), Head), ("vice".to_owned(), Deputy)];
        let bh = holders(&body);
        let office = unit_of(5);
        let oh = holders(&office);
        let a = derive(
            &Holder {
                person_id: "head",
                rank: Head,
            },
            &oh,
            &bh,
        );
        assert_eq!(
            a,
            Assignment {
                reviewer: Some("vice".into()),
                evaluator: Some("chair".into())
            }
        );
        let top = derive(
            &Holder {
                person_id: "chair",
                rank: Head,
            },
            &bh,
            &[],
        );
        assert_eq!(
            top,
            Assignment::default(),
            "the top head is evaluated outside the system"
        );
    }

    #[test]
    fn per_person_settings_win() {
        let d = Assignment {
            reviewer: Some("a".into()),
            evaluator: Some("b".into()),
        };
        assert_eq!(
            resolve(d.clone(), None, Some("c")),
            Assignment {
                reviewer: Some("a".into()),
                evaluator: Some("c".into())
            }
        );
        assert_eq!(resolve(d.clone(), None, None), d);
    }

    proptest! {
        #[test]
        fn nobody_evaluates_themselves(ranks in proptest::collection::vec(0u8..3, 1..40), pick in 0usize..40) {
            let u: Vec<(String, PositionRank)> = ranks.iter().enumerate()
                .map(|(i, r)| (format!("p{i}"), [Head, Deputy, Member][usize::from(*r)])).collect();
            let h = holders(&u);
            let me = &h[pick % h.len()];
            let a = derive(me, &h, &h);
            prop_assert_ne!(a.evaluator.as_deref(), Some(me.person_id));
            prop_assert_ne!(a.reviewer.as_deref(), Some(me.person_id));
            if me.rank == Member && h.len() < REVIEWER_THRESHOLD {
                prop_assert!(a.reviewer.is_none());
            }
        }
    }
}
