//! One evaluation form (phiếu đánh giá) as the rules see it: what is typed on it (a
//! [`Sheet`]: scores, comments per section, the half-days box, the self-declared grade), the
//! grade those give under a preset, and when each move is allowed in the period's calendar
//! (SPEC M4.1, M4.3, M4.5; Hanoi Quy chế Đ.12).
//!
//! The same sheet shape holds the staff member's self-assessment and the evaluator's scores; a
//! head's adjustment is a grade with a reason (Đ.12.3), kept beside them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::Deadlines;
use crate::criteria::{CriteriaSet, SectionKind};
use crate::grade::Grade;
use crate::points::Points;
use crate::preset::{Facts, Outcome, Preset};
use crate::scoring::{self, Entries, Entry, ScoreError};
use crate::workflow::{Move, Status};

/// One typed score.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub points: Points,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// What one person types on a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// By item id (`I.1`; a result section by its code, holding a percentage).
    #[serde(default)]
    pub scores: BTreeMap<String, Score>,
    /// By section code (`I`, `II`…), and `""` for the comment on the whole form.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<String, String>,
    /// Worked no more than half of the month's working days (Hanoi 1841: caps the grade).
    #[serde(default)]
    pub half_days: bool,
    /// The grade declared, where the preset lets it win (Quảng Trị Đ.6.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_grade: Option<Grade>,
}

impl Sheet {
    fn entries(&self) -> Entries {
        self.scores
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    Entry {
                        points: s.points,
                        reason: s.reason.clone(),
                    },
                )
            })
            .collect()
    }

    /// The comment on a section (or `""` for the whole form).
    pub fn comment(&self, section: &str) -> &str {
        self.comments.get(section).map_or("", String::as_str)
    }
}

/// A sheet totalled and graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graded {
    pub total: Points,
    /// `None`: not graded (yearly rule only).
    pub grade: Option<Grade>,
    /// Message keys of every rule that applied, in order (`grade.why.*`).
    pub reasons: Vec<&'static str>,
    /// Criteria (and result sections) not scored yet; bonus and deduction items may stay empty.
    pub missing: Vec<String>,
}

/// Totals and grades `sheet` on `set` under `preset` (M4.3). Every scoring problem is returned
/// at once (M3.3).
pub fn grade(preset: &Preset, set: &CriteriaSet, sheet: &Sheet) -> Result<Graded, Vec<ScoreError>> {
    let scored = scoring::score(set, &sheet.entries())?;
    let facts = Facts {
        total: scored.total,
        knockout: scored.knockout,
        any_criterion_zero: scored.any_criterion_zero,
        worked_half_or_less: sheet.half_days,
        self_declared: sheet.self_grade,
        ..Facts::default()
    };
    let (grade, reasons) = match preset.grade(&facts) {
        Outcome::Graded { grade, reasons } => {
            (Some(grade), reasons.iter().map(|r| r.key()).collect())
        }
        Outcome::NotGraded => (None, vec!["grade.why.not_graded"]),
    };
    // Bonus and deduction items count 0 when left empty; the criteria and the result must be
    // scored.
    let optional: Vec<String> = set
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Bonus | SectionKind::Deduction))
        .flat_map(|s| s.criteria.iter().map(|c| CriteriaSet::item_id(s, c)))
        .collect();
    let missing = scored
        .missing
        .into_iter()
        .filter(|m| !optional.contains(m))
        .collect();
    Ok(Graded {
        total: scored.total,
        grade,
        reasons,
        missing,
    })
}

/// The grade of a total the leader decides under 360° review (Quảng Trị Đ.6.1): the total is
/// the mean of the self score and the 360° score (or the leader's own figure, "căn cứ trên kết
/// quả thực tế trong năm"), graded by the preset's bands with the caps the self-assessment
/// carries ("Trường hợp có 1 tiêu chí … đạt điểm 0 thì không được xếp loại hoàn thành tốt nhiệm
/// vụ trở lên"; knockouts; the half-days cap). The self-declared grade is the self-assessment's
/// own result, not the decision's: it does not replace the decided total (D53).
pub fn grade_decided_total(
    preset: &Preset,
    set: &CriteriaSet,
    self_sheet: &Sheet,
    total: Points,
) -> Result<Graded, Vec<ScoreError>> {
    let scored = scoring::score(set, &self_sheet.entries())?;
    let facts = Facts {
        total,
        knockout: scored.knockout,
        any_criterion_zero: scored.any_criterion_zero,
        worked_half_or_less: self_sheet.half_days,
        ..Facts::default()
    };
    let (grade, reasons) = match preset.grade(&facts) {
        Outcome::Graded { grade, reasons } => {
            (Some(grade), reasons.iter().map(|r| r.key()).collect())
        }
        Outcome::NotGraded => (None, vec!["grade.why.not_graded"]),
    };
    Ok(Graded {
        total,
        grade,
        reasons,
        missing: Vec::new(),
    })
}

/// A submitted form must be complete: every item scored (M4.2 "self-scores").
pub fn complete(graded: &Graded) -> bool {
    graded.missing.is_empty()
}

/// Why a move is refused by the calendar. Each is a message key (`period.err.*`) shown with
/// the date it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// Self-assessment opens on this day (Đ.12.2 "từ ngày 20").
    NotYet(Date),
    /// Self-assessment closed on this day (the first day too late) and late submission is not
    /// allowed for this form.
    SelfClosed(Date),
    /// Decisions closed on this day (Đ.12.3 "trước ngày 28").
    DecisionClosed(Date),
}

impl WindowError {
    pub fn key(self) -> &'static str {
        match self {
            WindowError::NotYet(_) => "period.err.not_yet",
            WindowError::SelfClosed(_) => "period.err.self_closed",
            WindowError::DecisionClosed(_) => "period.err.decision_closed",
        }
    }

    /// The day the message names: the opening day, or the last day that was allowed.
    pub fn day(self) -> Date {
        match self {
            WindowError::NotYet(d) => d,
            WindowError::SelfClosed(d) | WindowError::DecisionClosed(d) => {
                d.previous_day().unwrap_or(d)
            }
        }
    }
}

/// Whether `mv` is allowed on `today` in a period with these deadlines.
///
/// - Submit: from the opening day (Đ.12.2); after the window only when `late_ok` — the
///   tenant allows late submission, the evaluator granted an extension to a later day, or the
///   form was sent back to its owner (M4.5).
/// - Review and decide: before the decision deadline (Đ.12.3). The evaluator need not wait for
///   the window to close: a form submitted early may be decided early.
/// - Adjust, publish and return: any day before publication; a late publication is flagged,
///   not refused (Đ.12.4 sets the day, and results must still reach the unit).
pub fn window(mv: Move, d: &Deadlines, today: Date, late_ok: bool) -> Result<(), WindowError> {
    match mv {
        Move::Submit if today < d.self_opens => Err(WindowError::NotYet(d.self_opens)),
        Move::Submit if today >= d.self_before && !late_ok => {
            Err(WindowError::SelfClosed(d.self_before))
        }
        Move::Review | Move::Decide if today >= d.decide_before => {
            Err(WindowError::DecisionClosed(d.decide_before))
        }
        _ => Ok(()),
    }
}

/// Days after publication within which a published grade may be appealed, unless the period
/// says otherwise (decision D32).
pub const DEFAULT_APPEAL_DAYS: i64 = 15;

/// Why a request about a form is refused. Each is a message key (`request.err.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestError {
    /// An extension is asked while the form is still a draft, for a day not yet past.
    ExtensionNotNow,
    /// An appeal is of a published form.
    NotPublished,
    /// The appeal window ended on this day (its last day).
    AppealClosed(Date),
    /// A request, refusal, answer or amendment without a written reason.
    ReasonRequired,
    /// A date already past.
    DayPassed,
}

impl RequestError {
    pub fn key(self) -> &'static str {
        match self {
            RequestError::ExtensionNotNow => "request.err.extension_not_now",
            RequestError::NotPublished => "request.err.not_published",
            RequestError::AppealClosed(_) => "request.err.appeal_closed",
            RequestError::ReasonRequired => "request.err.reason",
            RequestError::DayPassed => "request.err.day_passed",
        }
    }
}

/// M4.5: a staff member who cannot make the window asks, with a reason, for a later day; the
/// form must still be a draft and the day not past.
pub fn check_extension(
    status: Status,
    reason: &str,
    wanted: Date,
    today: Date,
) -> Result<(), RequestError> {
    if status != Status::Draft {
        return Err(RequestError::ExtensionNotNow);
    }
    if reason.trim().is_empty() {
        return Err(RequestError::ReasonRequired);
    }
    if wanted < today {
        return Err(RequestError::DayPassed);
    }
    Ok(())
}

/// Issue 5 §5: a published grade may be appealed, with a reason, within `days` of publication
/// (the publication day counts as day 0).
pub fn check_appeal(
    status: Status,
    reason: &str,
    published_on: Date,
    days: i64,
    today: Date,
) -> Result<(), RequestError> {
    if status != Status::Published {
        return Err(RequestError::NotPublished);
    }
    if reason.trim().is_empty() {
        return Err(RequestError::ReasonRequired);
    }
    let last = published_on + time::Duration::days(days);
    if today > last {
        return Err(RequestError::AppealClosed(last));
    }
    Ok(())
}

/// NĐ 335 Đ.22: an appeal (kiến nghị) is resolved "trong thời hạn 07 ngày làm việc kể từ ngày
/// nhận được kiến nghị". The last day to answer one received on `asked_on`: seven working days
/// later, Saturdays and Sundays not counted (public holidays are not known to the app yet).
pub fn answer_due(asked_on: Date) -> Date {
    crate::calendar::working_days_after(asked_on, 7)
}

/// A form is late when it was submitted on or after the first day too late, or is still not
/// submitted once that day has come (M4.5: flagged).
pub fn is_late(d: &Deadlines, submitted_on: Option<Date>, today: Date) -> bool {
    match submitted_on {
        Some(day) => day >= d.self_before,
        None => today >= d.self_before,
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::catalogue::Catalogue;
    use proptest::prelude::*;
    use time::Month;
    use time::macros::date;

    fn november() -> Deadlines {
        Calendar::default()
            .deadlines(2026, Month::November)
            .unwrap_or_else(|| panic!("deadlines"))
    }

    /// Đ.12.2: "Từ ngày 20 đến trước ngày 25 hằng tháng, CBCCVC tự đánh giá".
    #[test]
    fn submission_opens_on_the_twentieth_and_closes_before_the_twenty_fifth() {
        let d = november();
        assert_eq!(
            window(Move::Submit, &d, date!(2026 - 11 - 19), false),
            Err(WindowError::NotYet(date!(2026 - 11 - 20)))
        );
        assert_eq!(
            window(Move::Submit, &d, date!(2026 - 11 - 20), false),
            Ok(())
        );
        assert_eq!(
            window(Move::Submit, &d, date!(2026 - 11 - 24), false),
            Ok(())
        );
        let closed = window(Move::Submit, &d, date!(2026 - 11 - 25), false);
        assert_eq!(closed, Err(WindowError::SelfClosed(date!(2026 - 11 - 25))));
        // The message names the last allowed day.
        assert_eq!(
            closed.err().map(WindowError::day),
            Some(date!(2026 - 11 - 24))
        );
        // M4.5: a late submission where it is allowed.
        assert_eq!(
            window(Move::Submit, &d, date!(2026 - 11 - 26), true),
            Ok(())
        );
    }

    /// Đ.12.3: the decision "trước ngày 28 hằng tháng"; publication may be late, and is flagged.
    #[test]
    fn decisions_close_before_the_twenty_eighth() {
        let d = november();
        assert_eq!(
            window(Move::Decide, &d, date!(2026 - 11 - 21), false),
            Ok(())
        );
        assert_eq!(
            window(Move::Decide, &d, date!(2026 - 11 - 28), false),
            Err(WindowError::DecisionClosed(date!(2026 - 11 - 28)))
        );
        assert_eq!(
            window(Move::Review, &d, date!(2026 - 11 - 28), true),
            Err(WindowError::DecisionClosed(date!(2026 - 11 - 28)))
        );
        assert_eq!(
            window(Move::Publish, &d, date!(2026 - 12 - 09), false),
            Ok(())
        );
        assert_eq!(
            window(Move::Adjust, &d, date!(2026 - 12 - 09), false),
            Ok(())
        );
    }

    #[test]
    fn late_is_flagged() {
        let d = november();
        assert!(!is_late(
            &d,
            Some(date!(2026 - 11 - 24)),
            date!(2026 - 11 - 30)
        ));
        assert!(is_late(
            &d,
            Some(date!(2026 - 11 - 25)),
            date!(2026 - 11 - 30)
        ));
        assert!(!is_late(&d, None, date!(2026 - 11 - 24)));
        assert!(is_late(&d, None, date!(2026 - 11 - 25)));
    }

    /// M4.3 on a real shipped set: Hanoi A ≥ 90; an incomplete sheet says what is missing.
    #[test]
    fn a_sheet_is_graded_by_its_preset() {
        let cat = Catalogue::get().unwrap_or_else(|e| panic!("{e:?}"));
        let preset = cat.preset("hanoi-2021").unwrap_or_else(|| panic!("preset"));
        let set = cat
            .set("hn-15-cong-chuc-quan-huyen-xa")
            .unwrap_or_else(|| panic!("set"));
        let mut sheet = Sheet::default();
        let empty = grade(preset, set, &sheet).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!complete(&empty));
        for s in &set.sections {
            if s.kind == SectionKind::Result {
                sheet.scores.insert(
                    s.code.clone(),
                    Score {
                        points: Points::whole(100),
                        reason: String::new(),
                    },
                );
            }
            if s.kind == SectionKind::Criteria {
                for c in &s.criteria {
                    sheet.scores.insert(
                        CriteriaSet::item_id(s, c),
                        Score {
                            points: c.max,
                            reason: String::new(),
                        },
                    );
                }
            }
        }
        let full = grade(preset, set, &sheet).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            complete(&full),
            "bonus and deduction may stay empty: {:?}",
            full.missing
        );
        assert!(full.total >= Points::whole(90), "{:?}", full.total);
        assert_eq!(full.grade, Some(Grade::A));
        // Hanoi 1841: "không quá 50%" of the working days → not B or above.
        sheet.half_days = true;
        let capped = grade(preset, set, &sheet).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(capped.grade, Some(Grade::C));
        assert_eq!(capped.total, full.total);
        // Stored as JSON and read back unchanged.
        let text = serde_json::to_string(&sheet).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Sheet>(&text).ok(), Some(sheet));
    }

    /// Issue 5 §5: "within a set number of days, with a reason".
    #[test]
    fn appeals_need_a_reason_and_come_within_the_days() {
        let on = date!(2026 - 12 - 03);
        let ok = |today| check_appeal(Status::Published, "Chưa đúng", on, 15, today);
        assert_eq!(ok(date!(2026 - 12 - 18)), Ok(()));
        assert_eq!(
            ok(date!(2026 - 12 - 19)),
            Err(RequestError::AppealClosed(date!(2026 - 12 - 18)))
        );
        assert_eq!(
            check_appeal(Status::Published, " ", on, 15, on),
            Err(RequestError::ReasonRequired)
        );
        assert_eq!(
            check_appeal(Status::Decided, "x", on, 15, on),
            Err(RequestError::NotPublished)
        );
    }

    /// NĐ 335 Đ.22: "07 ngày làm việc kể từ ngày nhận được kiến nghị".
    #[test]
    fn appeals_are_answered_within_seven_working_days() {
        // Thursday 3 Dec 2026 → Fri 4, Mon 7 … Fri 11, Mon 14.
        assert_eq!(answer_due(date!(2026 - 12 - 03)), date!(2026 - 12 - 14));
        // Received on a Saturday: Mon 7 is the first working day, Tue 15 the seventh.
        assert_eq!(answer_due(date!(2026 - 12 - 05)), date!(2026 - 12 - 15));
    }

    /// M4.5: "asks for an extension with a reason" — of a draft, for a day not past.
    #[test]
    fn extensions_are_asked_of_drafts_with_a_reason() {
        let today = date!(2026 - 11 - 26);
        assert_eq!(
            check_extension(Status::Draft, "Đi công tác", today, today),
            Ok(())
        );
        assert_eq!(
            check_extension(Status::Draft, "", today, today),
            Err(RequestError::ReasonRequired)
        );
        assert_eq!(
            check_extension(Status::Draft, "x", date!(2026 - 11 - 25), today),
            Err(RequestError::DayPassed)
        );
        assert_eq!(
            check_extension(Status::Submitted, "x", today, today),
            Err(RequestError::ExtensionNotNow)
        );
    }

    proptest! {
        /// Whatever the day: submission is refused exactly before the opening day, or on/after
        /// the closing day without leave to be late; decisions exactly on/after their deadline.
        #[test]
        fn windows_follow_the_deadlines(offset in -40i64..60, late_ok in any::<bool>()) {
            let d = november();
            let today = d.self_opens + time::Duration::days(offset);
            let submit = window(Move::Submit, &d, today, late_ok);
            let expect_ok = today >= d.self_opens && (today < d.self_before || late_ok);
            prop_assert_eq!(submit.is_ok(), expect_ok);
            prop_assert_eq!(window(Move::Decide, &d, today, late_ok).is_ok(), today < d.decide_before);
            prop_assert!(window(Move::Publish, &d, today, late_ok).is_ok());
        }
    }
}
