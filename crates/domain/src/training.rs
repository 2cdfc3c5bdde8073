//! Training and refresher courses (đào tạo, bồi dưỡng; SPEC M8.5, Đồng Nai letter 3647/SNV-VP
//! §1.5: "Các đơn vị tiếp tục đăng ký học viên, theo dõi các lớp đào tạo bồi dưỡng theo thông
//! báo của Sở Nội vụ"). A unit announces a course; the units under it enrol their people; a
//! completion is recorded with its day and certificate.

use time::Date;

use crate::hr::{FieldError, MAX_NUMBER, MAX_TEXT};
use crate::org::string_enum;

string_enum! {
    /// What a course teaches (the programmes of Nghị định 101/2017/NĐ-CP Đ.17 and its
    /// amendment 89/2021: political theory, state management by rank, leadership, knowledge and
    /// skills of the post, national defence and security, languages, IT).
    CourseKind {
        PoliticalTheory = "political_theory",
        StateManagement = "state_management",
        Leadership = "leadership",
        Professional = "professional",
        DefenceSecurity = "defence_security",
        Language = "language",
        InformationTechnology = "it",
    }
}

string_enum! {
    /// Where an enrolment is.
    Enrolment {
        Enrolled = "enrolled",
        Completed = "completed",
        Withdrawn = "withdrawn",
    }
}

/// A course as announced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Course {
    pub name: String,
    pub kind: Option<CourseKind>,
    /// Cơ sở đào tạo (the school or academy).
    pub organiser: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    /// The most people it takes; `None`: no limit.
    pub seats: Option<u32>,
}

/// The most seats a course may say.
pub const MAX_SEATS: u32 = 10_000;

const fn err(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

/// Every problem of a course, by field (`training.err.*`).
pub fn check_course(c: &Course) -> Vec<FieldError> {
    let mut out = Vec::new();
    if c.name.trim().is_empty() || c.name.chars().count() > MAX_TEXT {
        out.push(err("name", "training.err.name"));
    }
    if c.kind.is_none() {
        out.push(err("kind", "training.err.kind"));
    }
    if c.organiser.chars().count() > MAX_TEXT {
        out.push(err("organiser", "hr.err.too_long"));
    }
    match (c.starts_on, c.ends_on) {
        (None, _) => out.push(err("starts_on", "training.err.starts_on")),
        (Some(s), Some(e)) if e < s => out.push(err("ends_on", "training.err.ends_on")),
        (Some(_), None) => out.push(err("ends_on", "training.err.ends_on")),
        _ => {}
    }
    if c.seats.is_some_and(|s| s == 0 || s > MAX_SEATS) {
        out.push(err("seats", "training.err.seats"));
    }
    out
}

/// Why an enrolment or a completion is refused (`training.err.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolError {
    /// The course has ended: nobody joins it afterwards.
    Ended,
    /// Every seat is taken.
    Full,
    /// Already enrolled (or completed).
    Already,
    /// A completion before the course began, or after today.
    CompletedOutside,
    /// The certificate number is too long.
    Certificate,
    /// Only an enrolment in progress is completed or withdrawn.
    NotEnrolled,
}

impl EnrolError {
    pub fn key(self) -> &'static str {
        match self {
            EnrolError::Ended => "training.err.ended",
            EnrolError::Full => "training.err.full",
            EnrolError::Already => "training.err.already",
            EnrolError::CompletedOutside => "training.err.completed_on",
            EnrolError::Certificate => "training.err.certificate",
            EnrolError::NotEnrolled => "training.err.not_enrolled",
        }
    }
}

/// Whether one more person may join `c` on `today`, given the `taken` seats and whether they
/// already hold an enrolment (`held`: enrolled or completed; a withdrawn one may join again).
pub fn may_enrol(
    c: &Course,
    taken: u32,
    held: Option<Enrolment>,
    today: Date,
) -> Result<(), EnrolError> {
    if matches!(held, Some(Enrolment::Enrolled | Enrolment::Completed)) {
        return Err(EnrolError::Already);
    }
    if c.ends_on.is_some_and(|e| e < today) {
        return Err(EnrolError::Ended);
    }
    if c.seats.is_some_and(|s| taken >= s) {
        return Err(EnrolError::Full);
    }
    Ok(())
}

/// Whether an enrolment in `state` may be completed on `on` (entered `today`) with
/// `certificate`: not before the course began, not in the future.
pub fn may_complete(
    c: &Course,
    state: Enrolment,
    on: Date,
    certificate: &str,
    today: Date,
) -> Result<(), EnrolError> {
    if state != Enrolment::Enrolled {
        return Err(EnrolError::NotEnrolled);
    }
    if c.starts_on.is_none_or(|s| on < s) || on > today {
        return Err(EnrolError::CompletedOutside);
    }
    if certificate.chars().count() > MAX_NUMBER {
        return Err(EnrolError::Certificate);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn course() -> Course {
        Course {
            name: "Bồi dưỡng ngạch chuyên viên chính".into(),
            kind: Some(CourseKind::StateManagement),
            organiser: "Trường Chính trị tỉnh".into(),
            starts_on: Some(date!(2026 - 09 - 01)),
            ends_on: Some(date!(2026 - 11 - 30)),
            seats: Some(2),
        }
    }

    #[test]
    fn a_course_says_what_when_and_how_many() {
        assert!(check_course(&course()).is_empty());
        let mut c = course();
        c.ends_on = Some(date!(2026 - 08 - 31));
        c.seats = Some(0);
        let fields: Vec<_> = check_course(&c).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["ends_on", "seats"]);
        let fields: Vec<_> = check_course(&Course::default())
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["name", "kind", "starts_on"]);
    }

    #[test]
    fn people_join_a_running_course_with_seats_once() {
        // §1.5: the units "đăng ký học viên" for the courses announced.
        let today = date!(2026 - 11 - 24);
        let c = course();
        assert_eq!(may_enrol(&c, 0, None, today), Ok(()));
        assert_eq!(may_enrol(&c, 2, None, today), Err(EnrolError::Full));
        assert_eq!(
            may_enrol(&c, 0, Some(Enrolment::Enrolled), today),
            Err(EnrolError::Already)
        );
        assert_eq!(may_enrol(&c, 0, Some(Enrolment::Withdrawn), today), Ok(()));
        assert_eq!(
            may_enrol(&c, 0, None, date!(2026 - 12 - 01)),
            Err(EnrolError::Ended)
        );
    }

    #[test]
    fn a_completion_falls_within_the_course_and_not_in_the_future() {
        let today = date!(2026 - 11 - 24);
        let c = course();
        assert_eq!(
            may_complete(&c, Enrolment::Enrolled, today, "CC-123", today),
            Ok(())
        );
        assert_eq!(
            may_complete(&c, Enrolment::Enrolled, date!(2026 - 08 - 31), "", today),
            Err(EnrolError::CompletedOutside)
        );
        assert_eq!(
            may_complete(&c, Enrolment::Enrolled, date!(2026 - 11 - 25), "", today),
            Err(EnrolError::CompletedOutside)
        );
        assert_eq!(
            may_complete(&c, Enrolment::Completed, today, "", today),
            Err(EnrolError::NotEnrolled)
        );
    }

    proptest! {
        #[test]
        fn never_more_people_than_seats(seats in 1u32..50, taken in 0u32..60) {
            let mut c = course();
            c.seats = Some(seats);
            let ok = may_enrol(&c, taken, None, date!(2026 - 10 - 01)).is_ok();
            prop_assert_eq!(ok, taken < seats);
        }
    }
}
