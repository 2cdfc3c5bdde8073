//! Work planning and work logs (SPEC M5.1–M5.3).
//!
//! - Monthly plan (kế hoạch công tác tháng): "hằng tháng … xây dựng kế hoạch công tác tháng"
//!   (Hanoi Quy chế Đ.8.3, Đ.12.1). Written at the start of the month, then frozen (chốt) so the
//!   month can be compared with it; items added after that are marked as added.
//! - Weekly schedule (lịch công tác tuần): items per day, with unplanned tasks (việc đột xuất,
//!   phát sinh) added as they come and marked so (Đ.12.1 "cập nhật … công việc phát sinh").
//! - Work log (bảng kê công việc): what was done, by day, submitted by day or week to the direct
//!   leader, who approves it or returns it with a comment (Quảng Trị Đ.5.2a, Đ.10); approved
//!   entries are frozen.
//!
//! Everything here is pure: the store keeps the rows, the web layer asks these functions what
//! may be done and what the month adds up to.

use time::{Date, Duration, Month, Weekday};

/// Where an item of a plan came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Written into the plan before it was frozen.
    Planned,
    /// Added to the monthly plan after it was frozen (marked "bổ sung").
    Added,
    /// An unplanned task (việc đột xuất, phát sinh), entered as it came.
    Unplanned,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Planned => "planned",
            Origin::Added => "added",
            Origin::Unplanned => "unplanned",
        }
    }
    pub fn parse(s: &str) -> Option<Origin> {
        match s {
            "planned" => Some(Origin::Planned),
            "added" => Some(Origin::Added),
            "unplanned" => Some(Origin::Unplanned),
            _ => None,
        }
    }
}

/// How an item ended (issue 7 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Done,
    Partly,
    NotDone,
    /// Moved to the next month's plan.
    CarriedOver,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Done,
        Outcome::Partly,
        Outcome::NotDone,
        Outcome::CarriedOver,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Partly => "partly",
            Outcome::NotDone => "not_done",
            Outcome::CarriedOver => "carried",
        }
    }
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// The state of a monthly plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanState {
    Draft,
    /// Chốt: the planned items are the baseline of the month; new items are marked added.
    Frozen,
}

/// The state of a work-log entry, from its submission (bảng kê).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogState {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl LogState {
    pub fn as_str(self) -> &'static str {
        match self {
            LogState::Draft => "draft",
            LogState::Submitted => "submitted",
            LogState::Approved => "approved",
            LogState::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Option<LogState> {
        [
            LogState::Draft,
            LogState::Submitted,
            LogState::Approved,
            LogState::Returned,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
    /// The owner may change the entry: before submission and after it came back.
    /// Submitted entries wait for the leader; approved ones are frozen (Quảng Trị Đ.10).
    pub fn editable(self) -> bool {
        matches!(self, LogState::Draft | LogState::Returned)
    }
}

/// Why something may not be done; each is an i18n key (`work.err.*`) and, for field errors, the
/// field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkError {
    pub field: &'static str,
    pub key: &'static str,
}

const fn err(field: &'static str, key: &'static str) -> WorkError {
    WorkError { field, key }
}

/// Longest title and texts accepted (a clerk's line, not an essay).
pub const MAX_TITLE: usize = 300;
pub const MAX_TEXT: usize = 2000;
/// Weights run 1 (ordinary) to 5 (most important).
pub const MAX_WEIGHT: u8 = 5;

/// The month a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanMonth {
    pub year: i32,
    pub month: Month,
}

impl PlanMonth {
    pub fn of(d: Date) -> PlanMonth {
        PlanMonth {
            year: d.year(),
            month: d.month(),
        }
    }
    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).unwrap_or(Date::MIN)
    }
    pub fn last_day(self) -> Date {
        let days = self.month.length(self.year);
        Date::from_calendar_date(self.year, self.month, days).unwrap_or(Date::MAX)
    }
    pub fn contains(self, d: Date) -> bool {
        PlanMonth::of(d) == self
    }
    pub fn next(self) -> PlanMonth {
        let (year, month) = if self.month == Month::December {
            (self.year + 1, Month::January)
        } else {
            (self.year, self.month.next())
        };
        PlanMonth { year, month }
    }
    /// `2026-11`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, u8::from(self.month))
    }
    pub fn parse(s: &str) -> Option<PlanMonth> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
        (1900..=9999)
            .contains(&year)
            .then_some(PlanMonth { year, month })
    }
}

/// The Monday of `d`'s week (Vietnamese weeks start on Monday, Thứ Hai).
pub fn week_start(d: Date) -> Date {
    let back = i64::from(d.weekday().number_days_from_monday());
    d - Duration::days(back)
}

/// The seven days of the week starting `monday`.
pub fn week_days(monday: Date) -> [Date; 7] {
    let mut out = [monday; 7];
    for (i, d) in out.iter_mut().enumerate().skip(1) {
        *d = monday + Duration::days(i as i64);
    }
    out
}

/// Short Vietnamese day name: "Thứ Hai" … "Chủ nhật".
pub fn weekday_vi(d: Date) -> &'static str {
    match d.weekday() {
        Weekday::Monday => "Thứ Hai",
        Weekday::Tuesday => "Thứ Ba",
        Weekday::Wednesday => "Thứ Tư",
        Weekday::Thursday => "Thứ Năm",
        Weekday::Friday => "Thứ Sáu",
        Weekday::Saturday => "Thứ Bảy",
        Weekday::Sunday => "Chủ nhật",
    }
}

/// What a person types for a plan or schedule item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub title: String,
    pub expected: String,
    /// Monthly items: the due date, inside the month.
    pub due: Option<Date>,
    /// Weekly items: the day, inside the week shown.
    pub day: Option<Date>,
    pub weight: u8,
}

/// Checks an item of the plan of `month`; `week` is the Monday of the week for schedule items.
/// Every problem is returned at once, by field.
pub fn check_item(input: &ItemInput, month: PlanMonth, week: Option<Date>) -> Vec<WorkError> {
    let mut out = Vec::new();
    let title = input.title.trim();
    if title.is_empty() {
        out.push(err("title", "work.err.title_empty"));
    } else if title.chars().count() > MAX_TITLE {
        out.push(err("title", "work.err.too_long"));
    }
    if input.expected.chars().count() > MAX_TEXT {
        out.push(err("expected", "work.err.too_long"));
    }
    if let Some(due) = input.due
        && !month.contains(due)
    {
        out.push(err("due", "work.err.due_outside"));
    }
    match (week, input.day) {
        (Some(monday), Some(day)) if week_start(day) != monday => {
            out.push(err("day", "work.err.day_outside"));
        }
        (Some(_), None) => out.push(err("day", "work.err.day_missing")),
        _ => {}
    }
    if input.weight == 0 || input.weight > MAX_WEIGHT {
        out.push(err("weight", "work.err.weight"));
    }
    out
}

/// Whether an item's planned fields (title, expected result, due date, weight) may change: only
/// while its plan is a draft, or when it was added after freezing or is unplanned. The outcome
/// can always be set until the month's evaluation is submitted.
pub fn plan_fields_editable(plan: PlanState, origin: Origin) -> bool {
    plan == PlanState::Draft || origin != Origin::Planned
}

/// The origin a new monthly item gets: planned while the plan is a draft, added after.
pub fn new_item_origin(plan: PlanState, unplanned: bool) -> Origin {
    if unplanned {
        Origin::Unplanned
    } else if plan == PlanState::Frozen {
        Origin::Added
    } else {
        Origin::Planned
    }
}

/// What a person types into the work log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogInput {
    pub day: Date,
    pub what: String,
    pub result: String,
    pub evidence: String,
}

/// Checks a log entry typed on `today`: a day that has come (not in the future), in the week
/// being written (starting `monday`), with text.
pub fn check_log(input: &LogInput, monday: Date, today: Date) -> Vec<WorkError> {
    let mut out = Vec::new();
    if input.what.trim().is_empty() {
        out.push(err("what", "work.err.what_empty"));
    } else if input.what.chars().count() > MAX_TEXT {
        out.push(err("what", "work.err.too_long"));
    }
    if input.result.chars().count() > MAX_TEXT {
        out.push(err("result", "work.err.too_long"));
    }
    let ev = input.evidence.trim();
    if ev.chars().count() > MAX_TITLE {
        out.push(err("evidence", "work.err.too_long"));
    }
    if week_start(input.day) != monday {
        out.push(err("day", "work.err.day_outside"));
    } else if input.day > today {
        out.push(err("day", "work.err.day_future"));
    }
    out
}

/// A leader's decision on a submitted part of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    /// Returned with a comment, which is required.
    Return,
}

/// Checks a decision: returning needs a comment so the person knows what to fix.
pub fn check_decision(d: Decision, comment: &str) -> Result<(), WorkError> {
    if d == Decision::Return && comment.trim().is_empty() {
        return Err(err("comment", "work.err.comment_required"));
    }
    if comment.chars().count() > MAX_TEXT {
        return Err(err("comment", "work.err.too_long"));
    }
    Ok(())
}

/// One item as the month's summary sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryItem {
    pub origin: Origin,
    pub outcome: Option<Outcome>,
    pub due: Option<Date>,
    /// The day it was marked done or partly done.
    pub finished_on: Option<Date>,
    pub weight: u8,
}

/// The month's plan against what was done (issue 7 §4), shown beside the self-assessment and
/// in the evaluator's view of the form (SPEC M5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Summary {
    /// Items of the frozen plan.
    pub planned: u32,
    /// Of those: done, partly done, not done, carried over, not yet marked.
    pub planned_done: u32,
    pub planned_partly: u32,
    pub planned_not_done: u32,
    pub carried: u32,
    pub open: u32,
    /// Items added to the plan after it was frozen, and unplanned tasks, with how many are done.
    pub added: u32,
    pub unplanned: u32,
    pub extra_done: u32,
    /// Done items (any origin) that had a due date, and how many of them met it.
    pub with_due: u32,
    pub on_time: u32,
    /// Weighted share of the planned items done, in whole percent (a partly done item counts
    /// half its weight); `None` without planned items.
    pub planned_percent: Option<u32>,
}

/// Adds up `items` (issue 7 §4). Carried-over and partly done items are counted apart from the
/// done ones; an item with no outcome yet is open.
pub fn summarize(items: &[SummaryItem]) -> Summary {
    let mut s = Summary::default();
    let (mut weight_all, mut weight_done2) = (0u32, 0u32);
    for it in items {
        match it.origin {
            Origin::Planned => {
                s.planned += 1;
                let w = u32::from(it.weight.max(1));
                weight_all += w;
                match it.outcome {
                    Some(Outcome::Done) => {
                        s.planned_done += 1;
                        weight_done2 += 2 * w;
                    }
                    Some(Outcome::Partly) => {
                        s.planned_partly += 1;
                        weight_done2 += w;
                    }
                    Some(Outcome::NotDone) => s.planned_not_done += 1,
                    Some(Outcome::CarriedOver) => s.carried += 1,
                    None => s.open += 1,
                }
            }
            Origin::Added | Origin::Unplanned => {
                if it.origin == Origin::Added {
                    s.added += 1;
                } else {
                    s.unplanned += 1;
                }
                if it.outcome == Some(Outcome::Done) {
                    s.extra_done += 1;
                }
                if it.origin == Origin::Added && it.outcome == Some(Outcome::CarriedOver) {
                    s.carried += 1;
                }
            }
        }
        if it.outcome == Some(Outcome::Done)
            && let Some(due) = it.due
        {
            s.with_due += 1;
            if it.finished_on.is_some_and(|f| f <= due) {
                s.on_time += 1;
            }
        }
    }
    // Rounded half up to a whole percent.
    s.planned_percent =
        (weight_all > 0).then(|| (weight_done2 * 100 + weight_all) / (2 * weight_all));
    s
}

/// The next week's copies of last week's recurring items (issue 7 §7): same title, result and
/// weight, the same weekday one week later.
pub fn copy_recurring(items: &[ItemInput]) -> Vec<ItemInput> {
    items
        .iter()
        .map(|i| ItemInput {
            day: i.day.map(|d| d + Duration::days(7)),
            due: None,
            ..i.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn item(title: &str, due: Option<Date>, day: Option<Date>) -> ItemInput {
        ItemInput {
            title: title.into(),
            expected: String::new(),
            due,
            day,
            weight: 1,
        }
    }

    const NOV: PlanMonth = PlanMonth {
        year: 2026,
        month: Month::November,
    };

    #[test]
    fn due_dates_stay_inside_the_month_of_the_plan() {
        assert!(
            check_item(
                &item("Báo cáo", Some(date!(2026 - 11 - 30)), None),
                NOV,
                None
            )
            .is_empty()
        );
        let e = check_item(
            &item("Báo cáo", Some(date!(2026 - 12 - 01)), None),
            NOV,
            None,
        );
        assert_eq!(e, vec![err("due", "work.err.due_outside")]);
        let e = check_item(&item("  ", None, None), NOV, None);
        assert_eq!(e, vec![err("title", "work.err.title_empty")]);
    }

    #[test]
    fn schedule_days_stay_inside_their_week() {
        let monday = date!(2026 - 11 - 23);
        assert_eq!(week_start(date!(2026 - 11 - 29)), monday);
        assert_eq!(week_start(monday), monday);
        assert!(
            check_item(
                &item("Họp", None, Some(date!(2026 - 11 - 27))),
                NOV,
                Some(monday)
            )
            .is_empty()
        );
        let e = check_item(
            &item("Họp", None, Some(date!(2026 - 11 - 30))),
            NOV,
            Some(monday),
        );
        assert_eq!(e, vec![err("day", "work.err.day_outside")]);
    }

    #[test]
    fn log_days_are_in_the_week_and_not_in_the_future() {
        let today = date!(2026 - 11 - 23);
        let mut l = LogInput {
            day: today,
            what: "Soạn công văn".into(),
            result: String::new(),
            evidence: String::new(),
        };
        let monday = week_start(today);
        assert!(check_log(&l, monday, today).is_empty());
        l.day = date!(2026 - 11 - 24);
        assert_eq!(
            check_log(&l, monday, today),
            vec![err("day", "work.err.day_future")]
        );
        // The Sunday before belongs to the previous week.
        l.day = date!(2026 - 11 - 22);
        assert_eq!(
            check_log(&l, monday, today),
            vec![err("day", "work.err.day_outside")]
        );
    }

    #[test]
    fn frozen_plan_keeps_its_planned_items_and_marks_additions() {
        assert_eq!(new_item_origin(PlanState::Draft, false), Origin::Planned);
        assert_eq!(new_item_origin(PlanState::Frozen, false), Origin::Added);
        assert_eq!(new_item_origin(PlanState::Frozen, true), Origin::Unplanned);
        assert!(!plan_fields_editable(PlanState::Frozen, Origin::Planned));
        assert!(plan_fields_editable(PlanState::Frozen, Origin::Added));
        assert!(plan_fields_editable(PlanState::Draft, Origin::Planned));
    }

    #[test]
    fn only_draft_and_returned_entries_change_and_a_return_needs_a_reason() {
        assert!(LogState::Draft.editable() && LogState::Returned.editable());
        assert!(!LogState::Submitted.editable() && !LogState::Approved.editable());
        assert!(check_decision(Decision::Return, " ").is_err());
        assert!(check_decision(Decision::Approve, "").is_ok());
    }

    #[test]
    fn summary_counts_planned_against_done() {
        let d =
            |day| Some(Date::from_calendar_date(2026, Month::November, day).unwrap_or(Date::MIN));
        let items = [
            SummaryItem {
                origin: Origin::Planned,
                outcome: Some(Outcome::Done),
                due: d(10),
                finished_on: d(9),
                weight: 2,
            },
            SummaryItem {
                origin: Origin::Planned,
                outcome: Some(Outcome::Done),
                due: d(10),
                finished_on: d(12),
                weight: 1,
            },
            SummaryItem {
                origin: Origin::Planned,
                outcome: Some(Outcome::Partly),
                due: None,
                finished_on: None,
                weight: 1,
            },
            SummaryItem {
                origin: Origin::Planned,
                outcome: Some(Outcome::CarriedOver),
                due: None,
                finished_on: None,
                weight: 1,
            },
            SummaryItem {
                origin: Origin::Planned,
                outcome: None,
                due: None,
                finished_on: None,
                weight: 1,
            },
            SummaryItem {
                origin: Origin::Unplanned,
                outcome: Some(Outcome::Done),
                due: None,
                finished_on: d(5),
                weight: 1,
            },
            SummaryItem {
                origin: Origin::Added,
                outcome: Some(Outcome::NotDone),
                due: None,
                finished_on: None,
                weight: 1,
            },
        ];
        let s = summarize(&items);
        assert_eq!(
            (
                s.planned,
                s.planned_done,
                s.planned_partly,
                s.carried,
                s.open
            ),
            (5, 2, 1, 1, 1)
        );
        assert_eq!((s.added, s.unplanned, s.extra_done), (1, 1, 1));
        assert_eq!((s.with_due, s.on_time), (2, 1));
        // weights 2+1 done, 1 half: (3 + 0.5) / 6 = 58.3 % → 58.
        assert_eq!(s.planned_percent, Some(58));
        assert_eq!(summarize(&[]).planned_percent, None);
    }

    #[test]
    fn months_and_recurring_copies() {
        assert_eq!(PlanMonth::parse("2026-11"), Some(NOV));
        assert_eq!(NOV.key(), "2026-11");
        assert_eq!(PlanMonth::parse("2026-13"), None);
        assert_eq!(NOV.last_day(), date!(2026 - 11 - 30));
        assert_eq!(NOV.next().key(), "2026-12");
        let c = copy_recurring(&[item("Giao ban", None, Some(date!(2026 - 11 - 23)))]);
        assert_eq!(c[0].day, Some(date!(2026 - 11 - 30)));
    }

    proptest::proptest! {
        #[test]
        fn summary_parts_add_up(outcomes in proptest::collection::vec((0u8..3, 0u8..5, 1u8..6), 0..40)) {
            let items: Vec<SummaryItem> = outcomes.iter().map(|(o, oc, w)| SummaryItem {
                origin: [Origin::Planned, Origin::Added, Origin::Unplanned][usize::from(*o)],
                outcome: [None, Some(Outcome::Done), Some(Outcome::Partly), Some(Outcome::NotDone), Some(Outcome::CarriedOver)][usize::from(*oc)],
                due: None, finished_on: None, weight: *w,
            }).collect();
            let s = summarize(&items);
            proptest::prop_assert_eq!(s.planned, s.planned_done + s.planned_partly + s.planned_not_done + s.open
                + items.iter().filter(|i| i.origin == Origin::Planned && i.outcome == Some(Outcome::CarriedOver)).count() as u32);
            proptest::prop_assert_eq!(s.planned + s.added + s.unplanned, items.len() as u32);
            if let Some(p) = s.planned_percent { proptest::prop_assert!(p <= 100); }
        }
    }
}
