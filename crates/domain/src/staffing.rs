//! Organisation and staffing (tổ chức biên chế; SPEC M8.2, Đồng Nai letter 3647/SNV-VP §1.2)
//! and the periodic report on the personnel files (M8.7, §4: "Thực hiện chế độ báo cáo định kỳ
//! công tác quản lý hồ sơ điện tử (trước ngày 15/6 và 15/12 hàng năm)").
//!
//! Pure: the staffing quota (biên chế) against the head count, the period a report covers, and
//! the head count's make-up.

use time::{Date, Month};

use crate::hr::{Gender, PoliticalTheory, Profile, Qualification, age};
use crate::people::Employment;

/// The largest quota of one category in one unit.
pub const MAX_QUOTA: u32 = 100_000;

/// Actual head count against the quota: above zero, over the quota (vượt biên chế); below
/// zero, unfilled posts (còn thiếu).
pub fn gap(quota: u32, actual: u32) -> i64 {
    i64::from(actual) - i64::from(quota)
}

/// The two periodic reports of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Report {
    /// Due before 15 June: the first six months.
    June,
    /// Due before 15 December: the year.
    December,
}

impl Report {
    pub fn as_str(self) -> &'static str {
        match self {
            Report::June => "june",
            Report::December => "december",
        }
    }

    pub fn parse(s: &str) -> Option<Report> {
        match s {
            "june" => Some(Report::June),
            "december" => Some(Report::December),
            _ => None,
        }
    }
}

/// What a report covers: changes from `from` to `to` (both included), the head count as at
/// `to`, and the day it is due before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    pub from: Date,
    pub to: Date,
    pub due_before: Date,
}

fn day(year: i32, month: Month, d: u8) -> Date {
    Date::from_calendar_date(year, month, d).unwrap_or(Date::MIN)
}

/// The period of `report` of `year`. Nghị định 09/2019/NĐ-CP Đ.12.2 (chế độ báo cáo của cơ
/// quan hành chính nhà nước): "Báo cáo định kỳ 6 tháng: Thời gian chốt số liệu 6 tháng đầu
/// năm được tính từ ngày 15 tháng 12 năm trước kỳ báo cáo đến ngày 14 tháng 6 của kỳ báo
/// cáo"; "Báo cáo định kỳ hằng năm: … từ ngày 15 tháng 12 năm trước kỳ báo cáo đến ngày 14
/// tháng 12 của kỳ báo cáo" — which fits the letter's "trước ngày 15/6 và 15/12" (D56).
pub fn report_period(year: i32, report: Report) -> ReportPeriod {
    let from = day(year - 1, Month::December, 15);
    match report {
        Report::June => ReportPeriod {
            from,
            to: day(year, Month::June, 14),
            due_before: day(year, Month::June, 15),
        },
        Report::December => ReportPeriod {
            from,
            to: day(year, Month::December, 14),
            due_before: day(year, Month::December, 15),
        },
    }
}

/// The report being prepared on `today`: the next one due (after 14 December, next year's
/// June report).
pub fn next_report(today: Date) -> (i32, Report) {
    let y = today.year();
    if today < day(y, Month::June, 15) {
        (y, Report::June)
    } else if today < day(y, Month::December, 15) {
        (y, Report::December)
    } else {
        (y + 1, Report::June)
    }
}

/// One person counted: how they are employed and what their file says.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub employment: Employment,
    pub profile: Option<&'a Profile>,
    /// Whether the whole file is complete ([`crate::hr::file_gaps`] is empty).
    pub complete: bool,
}

/// The make-up of a head count as at a day (the quality table of the report, "số lượng, chất
/// lượng"). Each field counts people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeadCount {
    pub total: u32,
    /// By [`Employment`], in its declaration order.
    pub by_employment: [u32; 4],
    pub female: u32,
    /// Dân tộc thiểu số: any ethnicity other than Kinh.
    pub minority: u32,
    pub party: u32,
    /// Under 30, 30–39, 40–49, 50 and over; unknown birth dates are not counted here.
    pub age_bands: [u32; 4],
    /// Sau đại học (master, doctor), đại học, below.
    pub postgraduate: u32,
    pub bachelor: u32,
    pub below_bachelor: u32,
    /// Cao cấp, trung cấp lý luận chính trị.
    pub theory_advanced: u32,
    pub theory_intermediate: u32,
    /// Files that are not complete (see [`crate::hr::file_gaps`]).
    pub incomplete: u32,
}

/// The index of an employment in [`HeadCount::by_employment`].
pub fn employment_index(e: Employment) -> usize {
    Employment::ALL.iter().position(|x| *x == e).unwrap_or(0)
}

/// Counts `members` as at `on`.
pub fn head_count(members: &[Member<'_>], on: Date) -> HeadCount {
    let mut c = HeadCount::default();
    for m in members {
        c.total += 1;
        c.by_employment[employment_index(m.employment)] += 1;
        if !m.complete {
            c.incomplete += 1;
        }
        let Some(p) = m.profile else {
            continue;
        };
        // A Party member from the day they joined (probation included).
        if p.party_joined_on.is_some_and(|j| j <= on) {
            c.party += 1;
        }
        if p.gender == Some(Gender::Female) {
            c.female += 1;
        }
        let ethnicity = crate::text::fold(p.ethnicity.trim());
        if !ethnicity.is_empty() && ethnicity != "kinh" {
            c.minority += 1;
        }
        if let Some(born) = p.birth_date {
            let band = match age(born, on) {
                ..30 => 0,
                30..40 => 1,
                40..50 => 2,
                _ => 3,
            };
            c.age_bands[band] += 1;
        }
        match p.qualification {
            Some(Qualification::Master | Qualification::Doctor) => c.postgraduate += 1,
            Some(Qualification::Bachelor) => c.bachelor += 1,
            Some(_) => c.below_bachelor += 1,
            None => {}
        }
        match p.political_theory {
            Some(PoliticalTheory::Advanced) => c.theory_advanced += 1,
            Some(PoliticalTheory::Intermediate) => c.theory_intermediate += 1,
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn the_reports_close_on_14_june_and_14_december() {
        // NĐ 09/2019 Đ.12.2 and the letter's "trước ngày 15/6 và 15/12 hàng năm".
        let june = report_period(2026, Report::June);
        assert_eq!(
            (june.from, june.to, june.due_before),
            (
                date!(2025 - 12 - 15),
                date!(2026 - 06 - 14),
                date!(2026 - 06 - 15)
            )
        );
        let december = report_period(2026, Report::December);
        assert_eq!(
            (december.from, december.to),
            (date!(2025 - 12 - 15), date!(2026 - 12 - 14))
        );
        assert_eq!(next_report(date!(2026 - 06 - 14)), (2026, Report::June));
        assert_eq!(next_report(date!(2026 - 06 - 15)), (2026, Report::December));
        assert_eq!(next_report(date!(2026 - 12 - 15)), (2027, Report::June));
    }

    #[test]
    fn the_gap_is_the_head_count_less_the_quota() {
        assert_eq!(gap(10, 8), -2);
        assert_eq!(gap(10, 12), 2);
    }

    #[test]
    fn a_head_count_counts_each_person_once_by_what_their_file_says() {
        let woman = Profile {
            birth_date: Some(date!(1996 - 06 - 30)),
            gender: Some(Gender::Female),
            id_number: "001196000001".into(),
            hometown: "Hà Nội".into(),
            ethnicity: "Tày".into(),
            qualification: Some(Qualification::Master),
            political_theory: Some(PoliticalTheory::Intermediate),
            party_joined_on: Some(date!(2020 - 01 - 01)),
            ..Profile::default()
        };
        let members = [
            Member {
                employment: Employment::CongChuc,
                profile: Some(&woman),
                complete: true,
            },
            Member {
                employment: Employment::HopDong,
                profile: None,
                complete: false,
            },
        ];
        let c = head_count(&members, date!(2026 - 06 - 14));
        assert_eq!(c.total, 2);
        assert_eq!(c.by_employment, [0, 1, 0, 1]);
        assert_eq!((c.female, c.minority, c.party), (1, 1, 1));
        // 29 on 14 June 2026, 30 from the 30th.
        assert_eq!(c.age_bands, [1, 0, 0, 0]);
        assert_eq!((c.postgraduate, c.theory_intermediate), (1, 1));
        assert_eq!(c.incomplete, 1);
    }

    proptest! {
        #[test]
        fn every_person_is_in_one_employment_and_at_most_one_band(
            kinds in proptest::collection::vec(0usize..4, 0..40),
        ) {
            let members: Vec<Member<'_>> = kinds
                .iter()
                .map(|k| Member { employment: Employment::ALL[*k], profile: None, complete: false })
                .collect();
            let c = head_count(&members, date!(2026 - 06 - 14));
            prop_assert_eq!(c.by_employment.iter().sum::<u32>(), c.total);
            prop_assert!(c.age_bands.iter().sum::<u32>() <= c.total);
            prop_assert_eq!(c.incomplete, c.total);
        }
    }
}
