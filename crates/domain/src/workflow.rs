//! The life of an evaluation form (SPEC M4.2; Hanoi Quy chế Đ.10, Đ.12): draft → submitted →
//! reviewed (only where a reviewer exists) → decided → adjusted (optional, by the head before
//! publication) → published. Each step may send the form one step back, with a reason. Only the
//! right person may move it; a published form is frozen (M4.7).
//!
//! Who is who on a form comes from the evaluators module (Đ.10): the owner self-assesses, the
//! reviewer (a deputy, in units of ≥ 20) comments, the evaluator decides, the head of the unit
//! may adjust (Đ.12.3: "điều chỉnh và quyết định mức xếp loại cuối cùng … trước khi thông báo
//! công khai"), the aggregator publishes.

use crate::org::string_enum;

string_enum! {
    /// Where a form is in its life.
    Status {
        Draft = "draft",
        Submitted = "submitted",
        Reviewed = "reviewed",
        Decided = "decided",
        Adjusted = "adjusted",
        Published = "published",
    }
}

string_enum! {
    /// The part someone plays on one form. One person may play several (a head who is also the
    /// evaluator).
    Part {
        Owner = "owner",
        Reviewer = "reviewer",
        Evaluator = "evaluator",
        Head = "head",
        Aggregator = "aggregator",
    }
}

string_enum! {
    /// A move on a form.
    Move {
        Submit = "submit",
        Review = "review",
        Decide = "decide",
        Adjust = "adjust",
        Publish = "publish",
        /// One step back, with a reason.
        Return = "return",
    }
}

/// Why a move is refused. Each is a message key of the i18n catalogue (`workflow.err.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveError {
    /// The form is published: frozen (corrections are amendments, M4.7).
    Frozen,
    /// The move does not start from the form's status.
    NotNow,
    /// The caller does not play the part this move needs.
    NotYours,
    /// A return or an adjustment without a written reason.
    ReasonRequired,
}

impl MoveError {
    pub fn key(self) -> &'static str {
        match self {
            MoveError::Frozen => "workflow.err.frozen",
            MoveError::NotNow => "workflow.err.not_now",
            MoveError::NotYours => "workflow.err.not_yours",
            MoveError::ReasonRequired => "workflow.err.reason",
        }
    }
}

/// A form as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    pub status: Status,
    /// A reviewer comments before the decision (Đ.10.3: units of ≥ 20 staff).
    pub has_reviewer: bool,
    /// Self-assessment has closed for this form (its window passed and it may not be submitted
    /// late): the evaluator may score a form still in draft (M4.5 "evaluator may score it").
    pub self_closed: bool,
}

/// The status before `status` on this form's path (what a return goes back to).
pub fn previous(form: Form) -> Option<Status> {
    match form.status {
        Status::Draft => None,
        Status::Submitted => Some(Status::Draft),
        Status::Reviewed => Some(Status::Submitted),
        Status::Decided if form.has_reviewer => Some(Status::Reviewed),
        Status::Decided => Some(Status::Submitted),
        Status::Adjusted => Some(Status::Decided),
        Status::Published => None,
    }
}

/// Who may send a form back from `status`: whoever acts on it next.
fn returner(form: Form) -> Option<Part> {
    match form.status {
        Status::Submitted if form.has_reviewer => Some(Part::Reviewer),
        Status::Submitted | Status::Reviewed => Some(Part::Evaluator),
        Status::Decided | Status::Adjusted => Some(Part::Head),
        Status::Draft | Status::Published => None,
    }
}

/// Applies `mv` by someone playing `parts` on `form`; returns the new status. `reason` is the
/// written reason that returns and adjustments need.
pub fn apply(form: Form, parts: &[Part], mv: Move, reason: &str) -> Result<Status, MoveError> {
    if form.status == Status::Published {
        return Err(MoveError::Frozen);
    }
    let (from_ok, part, to) = match mv {
        Move::Submit => (form.status == Status::Draft, Part::Owner, Status::Submitted),
        Move::Review => (
            form.has_reviewer && form.status == Status::Submitted,
            Part::Reviewer,
            Status::Reviewed,
        ),
        Move::Decide => {
            let ready = if form.has_reviewer {
                Status::Reviewed
            } else {
                Status::Submitted
            };
            // A decided form may be decided again by its evaluator until the head acts; a form
            // never submitted may be scored once self-assessment has closed (M4.5).
            (
                form.status == ready
                    || form.status == Status::Decided
                    || (form.status == Status::Draft && form.self_closed),
                Part::Evaluator,
                Status::Decided,
            )
        }
        Move::Adjust => (
            matches!(form.status, Status::Decided | Status::Adjusted),
            Part::Head,
            Status::Adjusted,
        ),
        Move::Publish => (
            matches!(form.status, Status::Decided | Status::Adjusted),
            Part::Aggregator,
            Status::Published,
        ),
        Move::Return => match (previous(form), returner(form)) {
            (Some(to), Some(part)) => (true, part, to),
            _ => (false, Part::Owner, form.status),
        },
    };
    // Someone who never plays the part a move needs is told so whatever the status (a move by
    // the wrong person is refused as such); a return's part depends on the status.
    if mv != Move::Return && !parts.contains(&part) {
        return Err(MoveError::NotYours);
    }
    if !from_ok {
        return Err(MoveError::NotNow);
    }
    if !parts.contains(&part) {
        return Err(MoveError::NotYours);
    }
    if matches!(mv, Move::Return | Move::Adjust) && reason.trim().is_empty() {
        return Err(MoveError::ReasonRequired);
    }
    Ok(to)
}

/// The moves someone playing `parts` can make on `form` now (for the buttons of a page).
pub fn moves(form: Form, parts: &[Part]) -> Vec<Move> {
    Move::ALL
        .iter()
        .copied()
        .filter(|m| apply(form, parts, *m, "lý do").is_ok())
        .collect()
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STAFF: &[Part] = &[Part::Owner];
    const ALL: &[Part] = &[
        Part::Owner,
        Part::Reviewer,
        Part::Evaluator,
        Part::Head,
        Part::Aggregator,
    ];

    fn form(status: Status, has_reviewer: bool) -> Form {
        Form {
            status,
            has_reviewer,
            self_closed: false,
        }
    }

    /// M4.5: "evaluator may score it" — a form not submitted by the deadline.
    #[test]
    fn a_missing_form_may_be_scored_once_self_assessment_closed() {
        let open = form(Status::Draft, true);
        assert_eq!(
            apply(open, &[Part::Evaluator], Move::Decide, ""),
            Err(MoveError::NotNow)
        );
        let closed = Form {
            self_closed: true,
            ..open
        };
        assert_eq!(
            apply(closed, &[Part::Evaluator], Move::Decide, ""),
            Ok(Status::Decided)
        );
        assert_eq!(
            apply(closed, &[Part::Reviewer], Move::Decide, ""),
            Err(MoveError::NotYours)
        );
    }

    /// M4.2: staff self-score → reviewer comments (if any) → evaluator decides → head may adjust
    /// → aggregator publishes.
    #[test]
    fn the_whole_path_with_a_reviewer() {
        let mut f = form(Status::Draft, true);
        for (parts, mv, reason, to) in [
            (STAFF, Move::Submit, "", Status::Submitted),
            (&[Part::Reviewer][..], Move::Review, "", Status::Reviewed),
            (&[Part::Evaluator][..], Move::Decide, "", Status::Decided),
            (
                &[Part::Head][..],
                Move::Adjust,
                "Kết quả của đơn vị",
                Status::Adjusted,
            ),
            (
                &[Part::Aggregator][..],
                Move::Publish,
                "",
                Status::Published,
            ),
        ] {
            f.status = apply(f, parts, mv, reason).unwrap_or_else(|e| panic!("{mv:?}: {e:?}"));
            assert_eq!(f.status, to);
        }
        assert_eq!(
            apply(f, ALL, Move::Return, "x"),
            Err(MoveError::Frozen),
            "M4.7: published is frozen"
        );
    }

    /// Đ.10.3: below 20 staff there is no reviewer; the evaluator decides a submitted form.
    #[test]
    fn without_a_reviewer_the_evaluator_decides_directly() {
        let f = form(Status::Submitted, false);
        assert_eq!(
            apply(f, &[Part::Reviewer], Move::Review, ""),
            Err(MoveError::NotNow)
        );
        assert_eq!(
            apply(f, &[Part::Evaluator], Move::Decide, ""),
            Ok(Status::Decided)
        );
        // With a reviewer, the evaluator waits for the comment.
        assert_eq!(
            apply(
                form(Status::Submitted, true),
                &[Part::Evaluator],
                Move::Decide,
                ""
            ),
            Err(MoveError::NotNow)
        );
    }

    #[test]
    fn only_the_right_person_moves_it() {
        let f = form(Status::Draft, false);
        assert_eq!(
            apply(f, &[Part::Evaluator, Part::Head], Move::Submit, ""),
            Err(MoveError::NotYours)
        );
        let d = form(Status::Decided, false);
        assert_eq!(apply(d, STAFF, Move::Publish, ""), Err(MoveError::NotYours));
        assert_eq!(
            apply(d, &[Part::Evaluator], Move::Adjust, "x"),
            Err(MoveError::NotYours)
        );
    }

    /// M4.2: "Any step can return the form one step back with a reason."
    #[test]
    fn returns_go_one_step_back_with_a_reason() {
        let s = form(Status::Submitted, true);
        assert_eq!(
            apply(s, &[Part::Reviewer], Move::Return, "  "),
            Err(MoveError::ReasonRequired)
        );
        assert_eq!(
            apply(s, &[Part::Reviewer], Move::Return, "Thiếu minh chứng"),
            Ok(Status::Draft)
        );
        assert_eq!(
            apply(
                form(Status::Reviewed, true),
                &[Part::Evaluator],
                Move::Return,
                "x"
            ),
            Ok(Status::Submitted)
        );
        assert_eq!(
            apply(
                form(Status::Decided, true),
                &[Part::Head],
                Move::Return,
                "x"
            ),
            Ok(Status::Reviewed)
        );
        assert_eq!(
            apply(
                form(Status::Decided, false),
                &[Part::Head],
                Move::Return,
                "x"
            ),
            Ok(Status::Submitted)
        );
        assert_eq!(
            apply(
                form(Status::Adjusted, false),
                &[Part::Head],
                Move::Return,
                "x"
            ),
            Ok(Status::Decided)
        );
        assert_eq!(
            apply(form(Status::Draft, false), ALL, Move::Return, "x"),
            Err(MoveError::NotNow)
        );
        assert_eq!(
            apply(
                form(Status::Adjusted, false),
                &[Part::Head],
                Move::Adjust,
                ""
            ),
            Err(MoveError::ReasonRequired)
        );
    }

    #[test]
    fn the_buttons_follow_the_rules() {
        assert_eq!(moves(form(Status::Draft, false), STAFF), vec![Move::Submit]);
        assert_eq!(
            moves(form(Status::Submitted, false), STAFF),
            Vec::<Move>::new()
        );
        assert_eq!(
            moves(form(Status::Decided, false), &[Part::Head]),
            vec![Move::Adjust, Move::Return]
        );
    }

    fn parts() -> impl Strategy<Value = Vec<Part>> {
        proptest::sample::subsequence(Part::ALL.to_vec(), 0..=Part::ALL.len())
    }

    proptest! {
        /// Whatever sequence of moves anyone tries: a move succeeds only for the part it needs,
        /// every status reached lies on the form's path, a return goes exactly one step back,
        /// and nothing leaves Published.
        #[test]
        fn random_moves_keep_the_rules(
            has_reviewer in any::<bool>(),
            self_closed in any::<bool>(),
            steps in proptest::collection::vec((parts(), 0usize..6, any::<bool>()), 1..40),
        ) {
            let mut f = Form { self_closed, ..form(Status::Draft, has_reviewer) };
            for (ps, m, with_reason) in steps {
                let mv = Move::ALL[m];
                let reason = if with_reason { "lý do" } else { "" };
                let before = f;
                match apply(f, &ps, mv, reason) {
                    Ok(to) => {
                        prop_assert!(before.status != Status::Published);
                        prop_assert!(has_reviewer || to != Status::Reviewed);
                        if mv == Move::Return {
                            prop_assert_eq!(Some(to), previous(before));
                            prop_assert!(with_reason);
                        }
                        f.status = to;
                    }
                    Err(MoveError::Frozen) => prop_assert_eq!(before.status, Status::Published),
                    Err(_) => prop_assert_eq!(f, before),
                }
            }
        }
    }
}
