//! Rolling a period's form counts up a unit tree (progress summaries and statistics, SPEC M7.1:
//! "thống kê kết quả xếp loại" per unit and for the whole body).
//!
//! The store counts forms per unit path, status and standing grade; this module adds those
//! counts up per child subtree of the unit looked at, so a city's page shows its districts and
//! departments, and each of those can be opened in turn.

use std::collections::BTreeMap;

use crate::grade::Grade;
use crate::workflow::Status;

/// Counts of forms: by status, and by standing grade among those that carry one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub forms: u64,
    /// Not yet submitted (draft).
    pub draft: u64,
    /// Submitted or reviewed: waiting for the evaluator.
    pub waiting: u64,
    /// Decided or adjusted: waiting for publication.
    pub decided: u64,
    pub published: u64,
    /// Published forms by grade: A, B, C, D.
    pub grades: [u64; 4],
}

impl Counts {
    /// Adds `n` forms in `status` whose standing grade is `grade` (counted only once published).
    pub fn add(&mut self, status: Status, grade: Option<Grade>, n: u64) {
        self.forms += n;
        match status {
            Status::Draft => self.draft += n,
            Status::Submitted | Status::Reviewed => self.waiting += n,
            Status::Decided | Status::Adjusted => self.decided += n,
            Status::Published => {
                self.published += n;
                if let Some(g) = grade {
                    self.grades[usize::from(4 - g.rank())] += n;
                }
            }
        }
    }

    /// Adds another count.
    pub fn merge(&mut self, other: &Counts) {
        self.forms += other.forms;
        self.draft += other.draft;
        self.waiting += other.waiting;
        self.decided += other.decided;
        self.published += other.published;
        for (a, b) in self.grades.iter_mut().zip(other.grades) {
            *a += b;
        }
    }

    /// Share of A among the published forms, in whole percent rounded half up (0 when none
    /// is published).
    pub fn share_a(&self) -> u64 {
        (self.grades[0] * 100 + self.published / 2)
            .checked_div(self.published)
            .unwrap_or(0)
    }
}

/// The counts under one unit: its own staff, each child subtree (keyed by the child's id, the
/// path segment after the unit's path), and the total.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rollup {
    pub own: Counts,
    pub children: BTreeMap<String, Counts>,
    pub total: Counts,
}

/// Rolls `(unit path, status, grade, forms)` rows up under the unit at `root` (a unit path,
/// ending in `/`). Rows outside the subtree are ignored.
pub fn roll_up<'a>(
    root: &str,
    rows: impl IntoIterator<Item = (&'a str, Status, Option<Grade>, u64)>,
) -> Rollup {
    let mut r = Rollup::default();
    for (path, status, grade, n) in rows {
        let Some(rest) = path.strip_prefix(root) else {
            continue;
        };
        let counts = match rest.split('/').next().filter(|s| !s.is_empty()) {
            None => &mut r.own,
            Some(child) => r.children.entry(child.to_owned()).or_default(),
        };
        counts.add(status, grade, n);
        r.total.add(status, grade, n);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::child_path;
    use proptest::prelude::*;

    #[test]
    fn forms_of_the_unit_itself_and_of_each_child_subtree_are_counted_apart() {
        let root = child_path(None, "city");
        let district = child_path(Some(&root), "d1");
        let commune = child_path(Some(&district), "c1");
        let rows = [
            (root.as_str(), Status::Published, Some(Grade::A), 2),
            (district.as_str(), Status::Published, Some(Grade::B), 3),
            (commune.as_str(), Status::Draft, None, 4),
            (commune.as_str(), Status::Submitted, None, 1),
            ("/elsewhere/", Status::Draft, None, 9),
        ];
        let r = roll_up(&root, rows);
        assert_eq!(r.own.forms, 2);
        assert_eq!(r.own.grades, [2, 0, 0, 0]);
        let d = r.children["d1"];
        assert_eq!((d.forms, d.draft, d.waiting, d.published), (8, 4, 1, 3));
        assert_eq!(d.grades, [0, 3, 0, 0]);
        assert_eq!(
            r.total.forms, 10,
            "rows outside the subtree are not counted"
        );
    }

    #[test]
    fn a_grade_counts_once_the_form_is_published() {
        // M7.1: the statistics are of published results; a decided grade may still change.
        let mut c = Counts::default();
        c.add(Status::Decided, Some(Grade::A), 5);
        c.add(Status::Published, Some(Grade::A), 1);
        c.add(Status::Published, Some(Grade::C), 1);
        assert_eq!(c.grades, [1, 0, 1, 0]);
        assert_eq!(c.decided, 5);
        assert_eq!(c.share_a(), 50);
        assert_eq!(Counts::default().share_a(), 0);
    }

    fn status() -> impl Strategy<Value = Status> {
        prop::sample::select(vec![
            Status::Draft,
            Status::Submitted,
            Status::Reviewed,
            Status::Decided,
            Status::Adjusted,
            Status::Published,
        ])
    }

    fn grade() -> impl Strategy<Value = Option<Grade>> {
        prop::option::of(prop::sample::select(vec![
            Grade::A,
            Grade::B,
            Grade::C,
            Grade::D,
        ]))
    }

    proptest! {
        /// The total is the unit's own count plus every child's, whatever the rows.
        #[test]
        fn the_total_is_the_sum_of_its_parts(
            rows in prop::collection::vec((0usize..4, 0usize..3, status(), grade(), 0u64..50), 0..60)
        ) {
            let root = child_path(None, "r");
            let paths: Vec<String> = (0..4)
                .map(|i| match i {
                    0 => root.clone(),
                    i => child_path(Some(&child_path(Some(&root), &format!("c{i}"))), "x"),
                })
                .collect();
            let rows: Vec<(&str, Status, Option<Grade>, u64)> = rows
                .iter()
                .map(|(p, _, s, g, n)| (paths[*p].as_str(), *s, *g, *n))
                .collect();
            let r = roll_up(&root, rows.iter().copied());
            let mut sum = r.own;
            for c in r.children.values() {
                sum.merge(c);
            }
            prop_assert_eq!(sum, r.total);
            let forms: u64 = rows.iter().map(|r| r.3).sum();
            prop_assert_eq!(r.total.forms, forms);
            prop_assert_eq!(
                r.total.draft + r.total.waiting + r.total.decided + r.total.published,
                r.total.forms
            );
            prop_assert!(r.total.grades.iter().sum::<u64>() <= r.total.published);
        }
    }
}

/// A number of the statistics table, as the list behind it: which forms it counts (the same
/// grouping as [`Counts::add`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    All,
    Draft,
    Waiting,
    Decided,
    Published,
    /// Published with this standing grade.
    Grade(Grade),
}

impl Bucket {
    /// From the query string: `all`, `draft`, `waiting`, `decided`, `published`, `A`…`D`.
    pub fn parse(s: &str) -> Option<Bucket> {
        Some(match s {
            "all" | "" => Bucket::All,
            "draft" => Bucket::Draft,
            "waiting" => Bucket::Waiting,
            "decided" => Bucket::Decided,
            "published" => Bucket::Published,
            g => Bucket::Grade(Grade::parse(g)?),
        })
    }

    /// The statuses of the forms it counts (empty: every status).
    pub fn statuses(self) -> &'static [Status] {
        match self {
            Bucket::All => &[],
            Bucket::Draft => &[Status::Draft],
            Bucket::Waiting => &[Status::Submitted, Status::Reviewed],
            Bucket::Decided => &[Status::Decided, Status::Adjusted],
            Bucket::Published | Bucket::Grade(_) => &[Status::Published],
        }
    }

    /// The standing grade it counts, if one.
    pub fn grade(self) -> Option<Grade> {
        match self {
            Bucket::Grade(g) => Some(g),
            _ => None,
        }
    }

    /// The i18n key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Bucket::All => "stats.forms",
            Bucket::Draft => "eval.not_submitted",
            Bucket::Waiting => "stats.waiting",
            Bucket::Decided => "stats.decided",
            Bucket::Published => "stats.published",
            Bucket::Grade(_) => "eval.final_grade",
        }
    }
}

/// Why a person needs the leaders' attention (issue 8 §2 "the people with D or repeated C").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Watch {
    /// Graded D (Không hoàn thành nhiệm vụ) this month.
    D,
    /// Graded C (Hoàn thành nhiệm vụ, the lowest pass) this month and the month before
    /// (decision D47).
    RepeatedC,
}

impl Watch {
    pub fn key(self) -> &'static str {
        match self {
            Watch::D => "stats.watch.d",
            Watch::RepeatedC => "stats.watch.repeated_c",
        }
    }
}

/// Whether someone graded `this` month (published) and `before` (the previous month's
/// published grade, if any) is on the watch list.
pub fn watch(this: Option<Grade>, before: Option<Grade>) -> Option<Watch> {
    match (this, before) {
        (Some(Grade::D), _) => Some(Watch::D),
        (Some(Grade::C), Some(Grade::C)) => Some(Watch::RepeatedC),
        _ => None,
    }
}

#[cfg(test)]
mod bucket_tests {
    use super::*;

    #[test]
    fn each_number_of_the_table_names_the_forms_it_counts() {
        // The list behind a number holds exactly what Counts::add counted in it.
        for s in Status::ALL {
            for g in [None, Some(Grade::A), Some(Grade::C)] {
                let mut c = Counts::default();
                c.add(*s, g, 1);
                let cells = [
                    (Bucket::All, c.forms),
                    (Bucket::Draft, c.draft),
                    (Bucket::Waiting, c.waiting),
                    (Bucket::Decided, c.decided),
                    (Bucket::Published, c.published),
                    (Bucket::Grade(Grade::A), c.grades[0]),
                    (Bucket::Grade(Grade::C), c.grades[2]),
                ];
                for (b, n) in cells {
                    let listed = (b.statuses().is_empty() || b.statuses().contains(s))
                        && (b.grade().is_none() || b.grade() == g);
                    assert_eq!(u64::from(listed), n, "{s} {g:?} {b:?}");
                }
            }
        }
        assert_eq!(Bucket::parse("B"), Some(Bucket::Grade(Grade::B)));
        assert_eq!(Bucket::parse("x"), None);
    }

    #[test]
    fn d_or_c_two_months_running_needs_attention() {
        assert_eq!(watch(Some(Grade::D), None), Some(Watch::D));
        assert_eq!(watch(Some(Grade::D), Some(Grade::A)), Some(Watch::D));
        assert_eq!(
            watch(Some(Grade::C), Some(Grade::C)),
            Some(Watch::RepeatedC)
        );
        assert_eq!(watch(Some(Grade::C), Some(Grade::B)), None);
        assert_eq!(watch(Some(Grade::C), None), None);
        assert_eq!(watch(Some(Grade::B), Some(Grade::C)), None);
        assert_eq!(watch(None, Some(Grade::D)), None);
    }
}

/// Which people statistics count (issue 8 §2: "block, position, employment type"): any when a
/// field is `None`. Block is the unit's; rank and employment are the person's record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub block: Option<crate::org::Block>,
    pub rank: Option<crate::people::PositionRank>,
    pub employment: Option<crate::people::Employment>,
}

impl Filter {
    /// From the query string's codes; an empty or unknown code means "any".
    pub fn parse(block: &str, rank: &str, employment: &str) -> Filter {
        Filter {
            block: crate::org::Block::parse(block),
            rank: crate::people::PositionRank::parse(rank),
            employment: crate::people::Employment::parse(employment),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The query string that carries it (`&block=…&rank=…&employment=…`, only what is set).
    pub fn query(&self) -> String {
        let mut q = String::new();
        if let Some(b) = self.block {
            q.push_str(&format!("&block={b}"));
        }
        if let Some(r) = self.rank {
            q.push_str(&format!("&rank={r}"));
        }
        if let Some(e) = self.employment {
            q.push_str(&format!("&employment={e}"));
        }
        q
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;
    use crate::org::Block;
    use crate::people::Employment;

    #[test]
    fn a_filter_reads_back_from_its_own_query() {
        let f = Filter::parse("education", "", "vien_chuc");
        assert_eq!(f.block, Some(Block::Education));
        assert_eq!(f.rank, None);
        assert_eq!(f.employment, Some(Employment::VienChuc));
        assert_eq!(f.query(), "&block=education&employment=vien_chuc");
        assert!(Filter::parse("x", "y", "z").is_empty());
    }
}
