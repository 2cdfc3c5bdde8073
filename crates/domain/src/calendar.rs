//! The monthly calendar of an evaluation period (SPEC M4.1; Hanoi Quy chế Đ.12): dates are
//! calendar days in Asia/Ho_Chi_Minh (UTC+7 all year).
//!
//! Đ.12.2: self-assessment "từ ngày 20 đến trước ngày 25 hằng tháng"; Đ.12.3: the decision
//! "trước ngày 28 hằng tháng"; Đ.12.4: publication "trước ngày 05 của tháng kế tiếp"; and
//! "Việc thực hiện đánh giá đối với tháng 12 hằng năm hoàn thành trước ngày 15/12 hằng năm".
//! The tenant may change every day; December's own days are settings too (decision D25).

use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Vietnam's offset: deadlines are calendar days there.
pub const VN: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// The days of a month's cycle. "Before day N" means the last allowed day is N − 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// Self-assessment opens on this day (20).
    pub self_from: u8,
    /// Self-assessment must be done before this day (25).
    pub self_before: u8,
    /// Decisions before this day (28).
    pub decide_before: u8,
    /// Publication before this day of the next month (5).
    pub publish_before_next: u8,
    /// December: the whole cycle ends before this day of December (15) …
    pub december_before: u8,
    /// … with self-assessment from this day (8) and before this day (12), and decisions before
    /// this day (14); publication before `december_before`.
    pub december_self_from: u8,
    pub december_self_before: u8,
    pub december_decide_before: u8,
}

impl Default for Calendar {
    /// Hanoi's days (Quy chế Đ.12).
    fn default() -> Self {
        Calendar {
            self_from: 20,
            self_before: 25,
            decide_before: 28,
            publish_before_next: 5,
            december_before: 15,
            december_self_from: 8,
            december_self_before: 12,
            december_decide_before: 14,
        }
    }
}

/// What a setting of days can get wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarError {
    /// A day outside 1..=28 (every month has it).
    DayOutOfRange,
    /// The days are not in order: self from < self before ≤ decide before, in December too.
    OutOfOrder,
}

impl Calendar {
    /// Checks a tenant's setting: every day in 1..=28 and the steps in order.
    pub fn validate(&self) -> Result<(), CalendarError> {
        let days = [
            self.self_from,
            self.self_before,
            self.decide_before,
            self.publish_before_next,
            self.december_before,
            self.december_self_from,
            self.december_self_before,
            self.december_decide_before,
        ];
        if days.iter().any(|d| !(1..=28).contains(d)) {
            return Err(CalendarError::DayOutOfRange);
        }
        let ordered = self.self_from < self.self_before
            && self.self_before <= self.decide_before
            && self.december_self_from < self.december_self_before
            && self.december_self_before <= self.december_decide_before
            && self.december_decide_before <= self.december_before;
        if ordered {
            Ok(())
        } else {
            Err(CalendarError::OutOfOrder)
        }
    }

    /// The deadlines of the period `year`/`month`.
    pub fn deadlines(&self, year: i32, month: Month) -> Option<Deadlines> {
        let day = |m: Month, y: i32, d: u8| Date::from_calendar_date(y, m, d).ok();
        if month == Month::December {
            Some(Deadlines {
                self_opens: day(month, year, self.december_self_from)?,
                self_before: day(month, year, self.december_self_before)?,
                decide_before: day(month, year, self.december_decide_before)?,
                publish_before: day(month, year, self.december_before)?,
            })
        } else {
            let (ny, nm) = (year, month.next());
            Some(Deadlines {
                self_opens: day(month, year, self.self_from)?,
                self_before: day(month, year, self.self_before)?,
                decide_before: day(month, year, self.decide_before)?,
                publish_before: day(nm, ny, self.publish_before_next)?,
            })
        }
    }
}

/// The dates of one period. Each `*_before` date is the first day that is too late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub self_opens: Date,
    pub self_before: Date,
    pub decide_before: Date,
    pub publish_before: Date,
}

/// Where a period stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Before self-assessment opens (staff may still prepare a draft).
    BeforeSelfAssessment,
    SelfAssessment,
    /// Self-assessment closed: reviewers comment, evaluators decide.
    Decision,
    /// Decisions closed: heads adjust, aggregators publish.
    Publication,
    /// Publication deadline passed (late publication is still possible and flagged).
    Overdue,
}

impl Deadlines {
    pub fn phase(&self, today: Date) -> Phase {
        if today < self.self_opens {
            Phase::BeforeSelfAssessment
        } else if today < self.self_before {
            Phase::SelfAssessment
        } else if today < self.decide_before {
            Phase::Decision
        } else if today < self.publish_before {
            Phase::Publication
        } else {
            Phase::Overdue
        }
    }

    /// The instant a `*_before` date begins in Vietnam: the moment a step becomes late.
    pub fn starts_at(date: Date) -> OffsetDateTime {
        date.midnight().assume_offset(VN)
    }
}

/// The day `n` working days after `day`, Saturdays and Sundays not counted (public holidays
/// are not known to the app yet).
pub fn working_days_after(day: Date, n: u32) -> Date {
    let mut day = day;
    let mut left = n;
    while left > 0 {
        day = day.next_day().unwrap_or(day);
        if !matches!(
            day.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        ) {
            left -= 1;
        }
    }
    day
}

/// Today's date in Vietnam for an instant.
pub fn local_date(at: OffsetDateTime) -> Date {
    at.to_offset(VN).date()
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn hanoi(y: i32, m: Month) -> Deadlines {
        Calendar::default()
            .deadlines(y, m)
            .unwrap_or_else(|| panic!("no deadlines"))
    }

    /// Đ.12.2–12.4: "từ ngày 20 đến trước ngày 25", "trước ngày 28", "trước ngày 05 của tháng
    /// kế tiếp".
    #[test]
    fn an_ordinary_month() {
        let d = hanoi(2026, Month::November);
        assert_eq!(d.self_opens, date!(2026 - 11 - 20));
        assert_eq!(d.self_before, date!(2026 - 11 - 25));
        assert_eq!(d.decide_before, date!(2026 - 11 - 28));
        assert_eq!(d.publish_before, date!(2026 - 12 - 05));
        assert_eq!(d.phase(date!(2026 - 11 - 19)), Phase::BeforeSelfAssessment);
        assert_eq!(d.phase(date!(2026 - 11 - 20)), Phase::SelfAssessment);
        assert_eq!(d.phase(date!(2026 - 11 - 24)), Phase::SelfAssessment);
        assert_eq!(d.phase(date!(2026 - 11 - 25)), Phase::Decision);
        assert_eq!(d.phase(date!(2026 - 11 - 28)), Phase::Publication);
        assert_eq!(d.phase(date!(2026 - 12 - 04)), Phase::Publication);
        assert_eq!(d.phase(date!(2026 - 12 - 05)), Phase::Overdue);
    }

    /// "Việc thực hiện đánh giá đối với tháng 12 hằng năm hoàn thành trước ngày 15/12".
    #[test]
    fn december_ends_before_the_fifteenth() {
        let d = hanoi(2026, Month::December);
        assert!(d.publish_before <= date!(2026 - 12 - 15));
        assert!(d.self_opens < d.self_before && d.self_before <= d.decide_before);
        assert_eq!(d.phase(date!(2026 - 12 - 14)), Phase::Publication);
        assert_eq!(d.phase(date!(2026 - 12 - 15)), Phase::Overdue);
        // January's publication runs into February, never past a short month.
        assert_eq!(
            hanoi(2027, Month::January).publish_before,
            date!(2027 - 02 - 05)
        );
    }

    #[test]
    fn days_are_calendar_days_in_vietnam() {
        // 17:30 UTC on the 24th is already 00:30 on the 25th in Hanoi: self-assessment closed.
        let at = datetime!(2026-11-24 17:30 UTC);
        assert_eq!(local_date(at), date!(2026 - 11 - 25));
        assert_eq!(
            hanoi(2026, Month::November).phase(local_date(at)),
            Phase::Decision
        );
        assert_eq!(
            Deadlines::starts_at(date!(2026 - 11 - 25)),
            datetime!(2026-11-24 17:00 UTC)
        );
    }

    #[test]
    fn settings_are_checked() {
        assert_eq!(Calendar::default().validate(), Ok(()));
        let bad = Calendar {
            self_before: 31,
            ..Calendar::default()
        };
        assert_eq!(bad.validate(), Err(CalendarError::DayOutOfRange));
        let bad = Calendar {
            decide_before: 22,
            ..Calendar::default()
        };
        assert_eq!(bad.validate(), Err(CalendarError::OutOfOrder));
    }

    proptest::proptest! {
        /// For every valid setting and month, the phases come in order and each deadline exists.
        #[test]
        fn phases_are_in_order(a in 1u8..=26, len in 1u8..=2, gap in 0u8..=2, y in 2020i32..2040, m in 1u8..=12) {
            let c = Calendar { self_from: a, self_before: a + len, decide_before: (a + len + gap).min(28), ..Calendar::default() };
            proptest::prop_assume!(c.validate().is_ok());
            let month = Month::try_from(m).unwrap_or(Month::January);
            let d = c.deadlines(y, month).unwrap_or_else(|| panic!("deadlines of {y}-{m}"));
            let mut last = Phase::BeforeSelfAssessment;
            let mut day = d.self_opens.previous_day().unwrap_or(d.self_opens);
            while day <= d.publish_before {
                let p = d.phase(day);
                proptest::prop_assert!(p >= last);
                last = p;
                day = day.next_day().unwrap_or(day);
            }
            proptest::prop_assert_eq!(last, Phase::Overdue);
        }
    }
}
