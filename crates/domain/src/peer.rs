//! 360° peer review (SPEC M6.1–M6.2; Quảng Trị Quy chế 2019 Đ.2.5, Đ.3, Đ.5, Đ.6.1, seed 003):
//! who rates whom, worked out from the tree and the positions, and how the ratings become the
//! total a leader decides on.
//!
//! - **Who rates whom** ([`raters`]), Đ.3 read against the tree (D53):
//!   - inside a unit, everyone rates everyone else: the head rates "cấp phó và CBCC-VC thuộc đơn
//!     vị mình"; a deputy rates "người đứng đầu và CBCC-VC thuộc đơn vị mình; các đồng cấp"; staff
//!     rate "người đứng đầu, cấp phó của người đứng đầu và CBCC-VC là đồng nghiệp trong bộ phận";
//!   - the leaders (head and deputies) of a body rate the heads of the offices under it (Đ.3.1:
//!     "thủ trưởng các cơ quan chuyên môn, các đơn vị sự nghiệp trực thuộc");
//!   - the heads of the offices of one body rate each other (Đ.3.2: "các đồng cấp trong cơ quan,
//!     đơn vị").
//! - **Total** ([`combine`]), Đ.6.1: "Tổng điểm đánh giá được lấy từ điểm trung bình cộng của
//!   điểm số cá nhân tự chấm với tổng điểm của đánh giá 360°" — the mean of the self score and
//!   the 360° score, the 360° score being the mean of the raters' totals.
//! - **Gap** ([`combine`]), Đ.6.1: "Nếu kết quả chấm 360° chênh lệch quá nhiều so với điểm cá nhân
//!   tự chấm … có thể đề nghị chấm lại": a gap above the tenant's setting flags the form.

use crate::org::string_enum;
use crate::people::PositionRank;
use crate::points::Points;

string_enum! {
    /// How a tenant evaluates (issue 10 §1): the leader decides on the self-assessment (Hanoi),
    /// or the team rates each other first (Quảng Trị's 360°).
    Method {
        Leader = "leader",
        Peer360 = "peer360",
    }
}

string_enum! {
    /// What the rater is to the person rated, the group their opinion is shown under in the
    /// minutes (Đ.5.1c: "tự đánh giá; đánh giá của đồng cấp; đánh giá của Thủ trưởng trực tiếp;
    /// đánh giá của Thủ trưởng cơ quan, đơn vị").
    Relation {
        /// A leader of the body above the person's office.
        BodyLeader = "body_leader",
        /// A leader (head or deputy) of the person's own unit.
        DirectLeader = "direct_leader",
        /// A colleague at the same level: staff of the same unit, or heads of sibling offices.
        Peer = "peer",
        /// Someone the person leads ("cấp dưới đánh giá cấp trên", Đ.2.5).
        Subordinate = "subordinate",
        /// Added by an administrator.
        Other = "other",
    }
}

impl Relation {
    /// Message key of the group's name (`peer.relation.*`).
    pub fn key(self) -> &'static str {
        match self {
            Relation::BodyLeader => "peer.relation.body_leader",
            Relation::DirectLeader => "peer.relation.direct_leader",
            Relation::Peer => "peer.relation.peer",
            Relation::Subordinate => "peer.relation.subordinate",
            Relation::Other => "peer.relation.other",
        }
    }

    /// Whether the minutes name the rater to everyone in the unit. Leaders' opinions are theirs
    /// to sign; colleagues' and subordinates' are shown without a name, to everyone but those
    /// who decide (Đ.2.5: "chỉ có giá trị cho Thủ trưởng trực tiếp tham khảo"; D53).
    pub fn named_in_public(self) -> bool {
        matches!(self, Relation::BodyLeader | Relation::DirectLeader)
    }
}

/// Someone holding a position in a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat<'a> {
    pub person_id: &'a str,
    pub unit_id: &'a str,
    pub rank: PositionRank,
}

/// A unit and where it hangs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team<'a> {
    pub unit_id: &'a str,
    pub parent_id: Option<&'a str>,
}

/// One rater of one person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub ratee: String,
    pub rater: String,
    pub relation: Relation,
}

fn is_leader(r: PositionRank) -> bool {
    r != PositionRank::Member
}

/// Who rates whom among `members` of the `teams` (the units of a tenant), per Đ.3 as the module
/// says. Nobody rates themselves; a pair appears once (the closest relation wins: one's own
/// unit before the body above). The order is stable: by ratee, then rater, as given.
pub fn raters(teams: &[Team<'_>], members: &[Seat<'_>]) -> Vec<Pair> {
    let parent_of = |unit: &str| {
        teams
            .iter()
            .find(|t| t.unit_id == unit)
            .and_then(|t| t.parent_id)
    };
    let mut out: Vec<Pair> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |ratee: &str, rater: &str, relation: Relation, out: &mut Vec<Pair>| {
        if ratee != rater && seen.insert((ratee.to_owned(), rater.to_owned())) {
            out.push(Pair {
                ratee: ratee.to_owned(),
                rater: rater.to_owned(),
                relation,
            });
        }
    };
    for ratee in members {
        // Everyone in the same unit.
        for rater in members.iter().filter(|m| m.unit_id == ratee.unit_id) {
            let relation = match (is_leader(rater.rank), is_leader(ratee.rank)) {
                (true, true) if rater.rank == PositionRank::Head => Relation::DirectLeader,
                (true, true) if ratee.rank == PositionRank::Head => Relation::Subordinate,
                (true, true) => Relation::Peer,
                (true, false) => Relation::DirectLeader,
                (false, true) => Relation::Subordinate,
                (false, false) => Relation::Peer,
            };
            push(ratee.person_id, rater.person_id, relation, &mut out);
        }
        if ratee.rank != PositionRank::Head {
            continue;
        }
        // A head of an office: the leaders of the body above, and the heads of its siblings.
        let Some(body) = parent_of(ratee.unit_id) else {
            continue;
        };
        for rater in members
            .iter()
            .filter(|m| m.unit_id == body && is_leader(m.rank))
        {
            push(
                ratee.person_id,
                rater.person_id,
                Relation::BodyLeader,
                &mut out,
            );
        }
        for rater in members.iter().filter(|m| {
            m.rank == PositionRank::Head
                && m.unit_id != ratee.unit_id
                && parent_of(m.unit_id) == Some(body)
        }) {
            push(ratee.person_id, rater.person_id, Relation::Peer, &mut out);
        }
    }
    out
}

/// The gap above which a form is flagged when the tenant has set none: 10 points (D53; the
/// seed says only "chênh lệch quá nhiều").
pub const DEFAULT_GAP: Points = Points::whole(10);

/// A person's line of the minutes, worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Combined {
    /// The 360° score: the mean of the raters' totals; `None` when nobody rated.
    pub peer: Option<Points>,
    /// What the leader decides on: the mean of the self score and the 360° score (the self
    /// score alone when nobody rated).
    pub total: Points,
    /// How far the 360° score is from the self score.
    pub gap: Points,
    /// The gap is above the setting: the leader may ask for a re-score (Đ.6.1).
    pub flagged: bool,
}

/// Đ.6.1's total for a self score and the raters' totals, with `gap_limit` the tenant's
/// setting. Means are rounded half away from zero to the hundredth.
pub fn combine(self_total: Points, ratings: &[Points], gap_limit: Points) -> Combined {
    let Some(peer) = crate::preset::mean(ratings) else {
        return Combined {
            peer: None,
            total: self_total,
            gap: Points::ZERO,
            flagged: false,
        };
    };
    let total = crate::preset::mean(&[self_total, peer]).unwrap_or(self_total);
    let gap = Points((self_total.0 - peer.0).abs());
    Combined {
        peer: Some(peer),
        total,
        gap,
        flagged: gap > gap_limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionRank::*;
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;

    fn m<'a>(id: &'a str, unit: &'a str, rank: PositionRank) -> Seat<'a> {
        Seat {
            person_id: id,
            unit_id: unit,
            rank,
        }
    }

    fn teams() -> Vec<Team<'static>> {
        vec![
            Team {
                unit_id: "so",
                parent_id: None,
            },
            Team {
                unit_id: "p1",
                parent_id: Some("so"),
            },
            Team {
                unit_id: "p2",
                parent_id: Some("so"),
            },
        ]
    }

    fn relation(pairs: &[Pair], ratee: &str, rater: &str) -> Option<Relation> {
        pairs
            .iter()
            .find(|p| p.ratee == ratee && p.rater == rater)
            .map(|p| p.relation)
    }

    #[test]
    fn a_team_of_five_rates_each_other_all_round() {
        // Đ.3.2–3.3: the head rates "cấp phó và CBCC-VC thuộc đơn vị mình"; the deputy "người đứng
        // đầu và CBCC-VC thuộc đơn vị mình"; staff "người đứng đầu, cấp phó … và CBCC-VC là đồng
        // nghiệp trong bộ phận".
        let team = [
            m("truong", "p1", Head),
            m("pho", "p1", Deputy),
            m("cv1", "p1", Member),
            m("cv2", "p1", Member),
            m("cv3", "p1", Member),
        ];
        let pairs = raters(&teams(), &team);
        assert_eq!(pairs.len(), 5 * 4);
        assert_eq!(
            relation(&pairs, "cv1", "truong"),
            Some(Relation::DirectLeader)
        );
        assert_eq!(relation(&pairs, "cv1", "pho"), Some(Relation::DirectLeader));
        assert_eq!(relation(&pairs, "cv1", "cv2"), Some(Relation::Peer));
        assert_eq!(
            relation(&pairs, "truong", "cv1"),
            Some(Relation::Subordinate)
        );
        assert_eq!(
            relation(&pairs, "truong", "pho"),
            Some(Relation::Subordinate)
        );
        assert_eq!(
            relation(&pairs, "pho", "truong"),
            Some(Relation::DirectLeader)
        );
        assert_eq!(relation(&pairs, "pho", "cv3"), Some(Relation::Subordinate));
        assert!(pairs.iter().all(|p| p.ratee != p.rater));
    }

    #[test]
    fn the_body_rates_the_heads_of_its_offices_and_the_heads_rate_each_other() {
        // Đ.3.1: the head of the body rates "cấp phó … và thủ trưởng các cơ quan chuyên môn";
        // deputies rate "người đứng đầu … và các đồng cấp khác trong ban Lãnh đạo; thủ trưởng các
        // cơ quan chuyên môn". Đ.3.2: heads of offices rate "các đồng cấp trong cơ quan".
        let all = [
            m("gd", "so", Head),
            m("pgd", "so", Deputy),
            m("tp1", "p1", Head),
            m("pp1", "p1", Deputy),
            m("cv1", "p1", Member),
            m("tp2", "p2", Head),
        ];
        let pairs = raters(&teams(), &all);
        assert_eq!(relation(&pairs, "pgd", "gd"), Some(Relation::DirectLeader));
        assert_eq!(relation(&pairs, "gd", "pgd"), Some(Relation::Subordinate));
        assert_eq!(relation(&pairs, "tp1", "gd"), Some(Relation::BodyLeader));
        assert_eq!(relation(&pairs, "tp1", "pgd"), Some(Relation::BodyLeader));
        assert_eq!(relation(&pairs, "tp1", "tp2"), Some(Relation::Peer));
        assert_eq!(relation(&pairs, "tp2", "tp1"), Some(Relation::Peer));
        // Deputies and staff of an office are rated inside their office only.
        assert_eq!(relation(&pairs, "pp1", "gd"), None);
        assert_eq!(relation(&pairs, "cv1", "gd"), None);
        assert_eq!(relation(&pairs, "cv1", "tp2"), None);
        // The body's leaders are not rated by the offices' heads (not in Đ.3.2's list).
        assert_eq!(relation(&pairs, "gd", "tp1"), None);
    }

    #[test]
    fn the_total_is_the_mean_of_the_self_score_and_the_360_score() {
        // Đ.6.1: "Tổng điểm đánh giá được lấy từ điểm trung bình cộng của điểm số cá nhân tự chấm
        // với tổng điểm của đánh giá 360°".
        let c = combine(
            Points::whole(90),
            &[Points::whole(80), Points::whole(85), Points::whole(75)],
            DEFAULT_GAP,
        );
        assert_eq!(c.peer, Some(Points::whole(80)));
        assert_eq!(c.total, Points::whole(85));
        assert_eq!(c.gap, Points::whole(10));
        assert!(!c.flagged, "a gap of exactly the limit is not above it");
    }

    #[test]
    fn a_gap_above_the_setting_flags_the_form() {
        // Đ.6.1: "Nếu kết quả chấm 360° chênh lệch quá nhiều so với điểm cá nhân tự chấm, thủ
        // trưởng … có thể đề nghị chấm lại".
        let c = combine(Points::whole(95), &[Points::whole(70)], DEFAULT_GAP);
        assert!(c.flagged);
        assert_eq!(c.total, Points(8250));
        let lenient = combine(Points::whole(95), &[Points::whole(70)], Points::whole(30));
        assert!(!lenient.flagged);
    }

    #[test]
    fn with_no_rating_the_self_score_stands_alone() {
        let c = combine(Points::whole(88), &[], DEFAULT_GAP);
        assert_eq!(
            (c.peer, c.total, c.flagged),
            (None, Points::whole(88), false)
        );
    }

    fn rank() -> impl Strategy<Value = PositionRank> {
        prop_oneof![Just(Head), Just(Deputy), Just(Member), Just(Member)]
    }

    proptest! {
        #[test]
        fn nobody_rates_themselves_or_twice_and_a_unit_is_all_round(
            ranks in proptest::collection::vec((0usize..3, rank()), 0..30)
        ) {
            let units = ["so", "p1", "p2"];
            let ids: Vec<String> = (0..ranks.len()).map(|i| format!("x{i}")).collect();
            let members: Vec<Seat<'_>> = ranks
                .iter()
                .zip(&ids)
                .map(|((u, r), id)| m(id, units[*u], *r))
                .collect();
            let pairs = raters(&teams(), &members);
            let mut seen = std::collections::HashSet::new();
            for p in &pairs {
                prop_assert_ne!(&p.ratee, &p.rater);
                prop_assert!(seen.insert((p.ratee.clone(), p.rater.clone())));
            }
            for a in &members {
                for b in members.iter().filter(|b| b.unit_id == a.unit_id && b.person_id != a.person_id) {
                    prop_assert!(relation(&pairs, a.person_id, b.person_id).is_some());
                }
            }
        }

        #[test]
        fn the_total_lies_between_the_self_and_the_360_score(
            own in 0i64..=10_000,
            ratings in proptest::collection::vec(0i64..=10_000, 1..40),
            limit in 0i64..=5_000,
        ) {
            let ratings: Vec<Points> = ratings.into_iter().map(Points).collect();
            let c = combine(Points(own), &ratings, Points(limit));
            let Some(peer) = c.peer else {
                return Err(TestCaseError::fail("ratings were given"));
            };
            prop_assert!(c.total >= Points(own).min(peer) && c.total <= Points(own).max(peer));
            prop_assert_eq!(c.flagged, c.gap > Points(limit));
            prop_assert_eq!(c.gap, Points((own - peer.0).abs()));
        }
    }
}
