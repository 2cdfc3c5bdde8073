//! The commendation list (danh sách đề nghị khen thưởng; Hanoi Quy chế Đ.13.2: the month's
//! records are "(1) Phiếu tự đánh giá … (2) Danh sách tổng hợp kết quả … (3) Danh sách đề nghị
//! khen thưởng"). The unit's aggregator drafts it from the published results and the head of
//! the unit approves it; an approved list is final (decision D46).
//!
//! Who may be proposed: a staff member of the unit whose form of that period is published with
//! the grade "Hoàn thành xuất sắc nhiệm vụ" (A), after any amendment. The seeds say no more;
//! Thanh Hóa's draft puts "publication and commendation before the 5th" together, and Quảng
//! Trị (seed 003 Đ.5) bars anyone who did not complete their tasks from emulation titles, so a
//! month's proposal draws on the best grade only.

use crate::grade::Grade;
use crate::org::string_enum;
use crate::workflow::Status;

string_enum! {
    /// Where a list is in its life.
    ListState {
        Draft = "draft",
        Approved = "approved",
    }
}

/// The longest achievement (thành tích) written for one person, in characters.
pub const MAX_ACHIEVEMENT: usize = 500;
/// The longest document number (số văn bản), in characters.
pub const MAX_NUMBER: usize = 50;

/// Why a list or an entry is refused; each is an i18n key (`commend.err.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommendError {
    /// The form is not published with grade A, or not the unit's in that period.
    NotEligible,
    /// An approved list does not change.
    Approved,
    /// Approving needs at least one person on the list.
    Empty,
    /// Only the head of the unit approves.
    NotHead,
    /// An achievement or a document number is too long.
    TooLong,
}

impl CommendError {
    pub fn key(self) -> &'static str {
        match self {
            CommendError::NotEligible => "commend.err.not_eligible",
            CommendError::Approved => "commend.err.approved",
            CommendError::Empty => "commend.err.empty",
            CommendError::NotHead => "commend.err.not_head",
            CommendError::TooLong => "commend.err.too_long",
        }
    }
}

/// Whether a form may be proposed: published, with A as the grade that stands (`grade` is the
/// amended grade if any, else the final one).
pub fn eligible(status: Status, grade: Option<Grade>) -> bool {
    status == Status::Published && grade == Some(Grade::A)
}

/// Checks one entry's achievement text.
pub fn check_achievement(text: &str) -> Result<(), CommendError> {
    if text.chars().count() > MAX_ACHIEVEMENT {
        Err(CommendError::TooLong)
    } else {
        Ok(())
    }
}

/// Checks that a list in `state` may change.
pub fn check_editable(state: Option<ListState>) -> Result<(), CommendError> {
    match state {
        Some(ListState::Approved) => Err(CommendError::Approved),
        _ => Ok(()),
    }
}

/// Checks an approval: a draft with at least one person, by the head of the unit.
pub fn check_approval(state: ListState, entries: usize, by_head: bool) -> Result<(), CommendError> {
    check_editable(Some(state))?;
    if !by_head {
        return Err(CommendError::NotHead);
    }
    if entries == 0 {
        return Err(CommendError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_published_a_may_be_proposed() {
        // Đ.13.2 list (3) is drawn from the month's results: published, "Hoàn thành xuất sắc".
        assert!(eligible(Status::Published, Some(Grade::A)));
        for g in [Grade::B, Grade::C, Grade::D] {
            assert!(!eligible(Status::Published, Some(g)), "{g}");
        }
        for s in [
            Status::Draft,
            Status::Submitted,
            Status::Decided,
            Status::Adjusted,
        ] {
            assert!(!eligible(s, Some(Grade::A)), "{s}: not yet published");
        }
        assert!(!eligible(Status::Published, None));
    }

    #[test]
    fn an_approved_list_is_final_and_only_the_head_approves_a_non_empty_draft() {
        assert_eq!(check_editable(None), Ok(()));
        assert_eq!(check_editable(Some(ListState::Draft)), Ok(()));
        assert_eq!(
            check_editable(Some(ListState::Approved)),
            Err(CommendError::Approved)
        );
        assert_eq!(check_approval(ListState::Draft, 2, true), Ok(()));
        assert_eq!(
            check_approval(ListState::Draft, 2, false),
            Err(CommendError::NotHead)
        );
        assert_eq!(
            check_approval(ListState::Draft, 0, true),
            Err(CommendError::Empty)
        );
        assert_eq!(
            check_approval(ListState::Approved, 2, true),
            Err(CommendError::Approved)
        );
    }

    #[test]
    fn achievements_have_a_length_limit() {
        assert_eq!(check_achievement(&"ệ".repeat(MAX_ACHIEVEMENT)), Ok(()));
        assert_eq!(
            check_achievement(&"ệ".repeat(MAX_ACHIEVEMENT + 1)),
            Err(CommendError::TooLong)
        );
    }
}
