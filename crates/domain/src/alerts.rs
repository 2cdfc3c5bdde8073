//! Alerts (SPEC M7.4; issue 8 §5): what is worth telling whom, and when.
//!
//! - Self-assessment opens (Hanoi Quy chế Đ.12.2 "từ ngày 20"), told to everyone whose form is
//!   still a draft, once per period.
//! - Self-assessment closes in 2 days (Đ.12.2 "đến trước ngày 25"), told once to those who
//!   have still not submitted.
//! - A form waits for me: submitted to its reviewer (or its evaluator where there is no
//!   reviewer), reviewed to its evaluator (Đ.10, the chain of `workflow`).
//! - A form was returned to me: sent back to its owner.
//! - My unit is behind: once self-assessment has closed, some forms of the unit are still
//!   drafts; once the decision day has passed, some still wait for a decision (Đ.12.3).
//!
//! Owners hear of their own form at once (in the app and by e-mail). Leaders' alerts (a form
//! waits, the unit is behind) go into one daily digest e-mail instead of one mail per event.
//! Every alert is in the app whatever the account's e-mail choice.

use time::Date;

use crate::org::string_enum;
use crate::workflow::{Part, Status};

string_enum! {
    /// What an alert is about.
    Kind {
        SelfOpens = "self_opens",
        SelfClosing = "self_closing",
        Waiting = "waiting",
        Returned = "returned",
        UnitBehind = "unit_behind",
    }
}

/// How many days before self-assessment closes its owners are reminded.
pub const CLOSING_NOTICE_DAYS: i64 = 2;

/// The local hour (UTC+7) from which the day's digest is sent.
pub const DIGEST_HOUR: u8 = 7;

impl Kind {
    /// Leaders' alerts: e-mailed in the daily digest, not one by one.
    pub fn in_digest(self) -> bool {
        matches!(self, Kind::Waiting | Kind::UnitBehind)
    }

    /// The i18n key of the alert's text (with `{detail}` to fill).
    pub fn key(self) -> &'static str {
        match self {
            Kind::SelfOpens => "alert.kind.self_opens",
            Kind::SelfClosing => "alert.kind.self_closing",
            Kind::Waiting => "alert.kind.waiting",
            Kind::Returned => "alert.kind.returned",
            Kind::UnitBehind => "alert.kind.unit_behind",
        }
    }
}

/// The calendar's alerts due `today` for a period whose self-assessment runs from `self_opens`
/// to the day before `self_before`: opening while it is open, closing in its last
/// [`CLOSING_NOTICE_DAYS`] days. Each is sent once per form (the store keeps one per key), so a
/// job that missed a day still tells on the next.
pub fn calendar_alerts(self_opens: Date, self_before: Date, today: Date) -> Vec<Kind> {
    if today < self_opens || today >= self_before {
        return Vec::new();
    }
    let mut out = vec![Kind::SelfOpens];
    if (self_before - today).whole_days() <= CLOSING_NOTICE_DAYS {
        out.push(Kind::SelfClosing);
    }
    out
}

/// Whose move a form in `status` waits for: the reviewer after submission where there is
/// one, else the evaluator (Đ.10.3–10.4). Later steps (adjusting, publishing) are the head's
/// and the aggregator's and have their own pages, not alerts.
pub fn waiting_on(status: Status, has_reviewer: bool) -> Option<Part> {
    match status {
        Status::Submitted if has_reviewer => Some(Part::Reviewer),
        Status::Submitted | Status::Reviewed => Some(Part::Evaluator),
        _ => None,
    }
}

/// A unit's forms of a period, counted for [`behind`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Not yet submitted.
    pub drafts: u32,
    /// Submitted or reviewed, not yet decided.
    pub undecided: u32,
}

/// A unit is behind when self-assessment has closed (`today >= self_before`) and some of its
/// forms are still drafts, or the decision day has passed (`today >= decide_before`, Đ.12.3
/// "trước ngày 28") and some still wait for a decision.
pub fn behind(progress: Progress, self_before: Date, decide_before: Date, today: Date) -> bool {
    (today >= self_before && progress.drafts > 0)
        || (today >= decide_before && progress.undecided > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const OPENS: Date = date!(2026 - 11 - 20);
    const BEFORE: Date = date!(2026 - 11 - 25);
    const DECIDE: Date = date!(2026 - 11 - 28);

    #[test]
    fn self_assessment_opens_on_the_20th_and_closing_is_told_in_its_last_two_days() {
        // Đ.12.2: "từ ngày 20 đến trước ngày 25": open 20..=24; closes in 2 days on 23 and 24.
        assert!(calendar_alerts(OPENS, BEFORE, date!(2026 - 11 - 19)).is_empty());
        assert_eq!(
            calendar_alerts(OPENS, BEFORE, date!(2026 - 11 - 20)),
            vec![Kind::SelfOpens]
        );
        assert_eq!(
            calendar_alerts(OPENS, BEFORE, date!(2026 - 11 - 22)),
            vec![Kind::SelfOpens]
        );
        for day in [date!(2026 - 11 - 23), date!(2026 - 11 - 24)] {
            assert_eq!(
                calendar_alerts(OPENS, BEFORE, day),
                vec![Kind::SelfOpens, Kind::SelfClosing]
            );
        }
        assert!(calendar_alerts(OPENS, BEFORE, BEFORE).is_empty());
    }

    #[test]
    fn a_form_waits_for_the_reviewer_then_the_evaluator() {
        // Đ.10.3: in units of ≥ 20 a deputy reviews before the evaluator decides.
        assert_eq!(waiting_on(Status::Submitted, true), Some(Part::Reviewer));
        assert_eq!(waiting_on(Status::Submitted, false), Some(Part::Evaluator));
        assert_eq!(waiting_on(Status::Reviewed, true), Some(Part::Evaluator));
        for s in [
            Status::Draft,
            Status::Decided,
            Status::Adjusted,
            Status::Published,
        ] {
            assert_eq!(waiting_on(s, true), None, "{s}");
        }
    }

    #[test]
    fn a_unit_is_behind_after_each_deadline_it_missed() {
        let drafts = Progress {
            drafts: 1,
            undecided: 0,
        };
        let undecided = Progress {
            drafts: 0,
            undecided: 3,
        };
        let on_time = Progress::default();
        // Before 25: nobody is late yet.
        assert!(!behind(drafts, BEFORE, DECIDE, date!(2026 - 11 - 24)));
        // From 25: a draft is late; an undecided form is not, until 28 (Đ.12.3).
        assert!(behind(drafts, BEFORE, DECIDE, BEFORE));
        assert!(!behind(undecided, BEFORE, DECIDE, date!(2026 - 11 - 27)));
        assert!(behind(undecided, BEFORE, DECIDE, DECIDE));
        assert!(!behind(on_time, BEFORE, DECIDE, date!(2026 - 12 - 3)));
    }

    #[test]
    fn only_leaders_alerts_wait_for_the_digest() {
        let digest: Vec<Kind> = Kind::ALL
            .iter()
            .copied()
            .filter(|k| k.in_digest())
            .collect();
        assert_eq!(digest, vec![Kind::Waiting, Kind::UnitBehind]);
    }
}
