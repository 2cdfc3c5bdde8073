//! Local government (xây dựng chính quyền; SPEC M8.3, Đồng Nai letter 3647/SNV-VP §1.3: "cập
//! nhật thông tin liên quan đến Đại biểu HĐND, thành viên UBND cùng cấp; … CBCC cấp xã bao gồm:
//! cán bộ chuyên trách, cán bộ không chuyên trách và công chức cấp xã"). The People's Council
//! delegates and People's Committee members of a level of government, by term, and the
//! category of each commune-level staff member.

use time::Date;

use crate::hr::{FieldError, MAX_NUMBER, MAX_TEXT};
use crate::org::{UnitKind, string_enum};

/// Luật Tổ chức chính quyền địa phương Đ.6 (and Hiến pháp Đ.113): "Nhiệm kỳ của mỗi khóa Hội
/// đồng nhân dân là 05 năm"; the committee's term follows the council's.
pub const TERM_YEARS: i32 = 5;

/// The first year of the term the 2021 elections began; terms follow every five years.
pub const TERM_EPOCH: i32 = 2021;

/// The first year of the term that holds `year` (2021–2026 for 2021 to 2025; 2026–2031 from
/// 2026: a term ends the year the next one is elected).
pub fn term_of(year: i32) -> i32 {
    TERM_EPOCH + (year - TERM_EPOCH).div_euclid(TERM_YEARS) * TERM_YEARS
}

/// Whether a unit of `kind` is a level of government with a council and a committee.
pub fn has_council(kind: UnitKind) -> bool {
    matches!(
        kind,
        UnitKind::Province | UnitKind::District | UnitKind::Commune
    )
}

string_enum! {
    /// The council or the committee.
    Body {
        /// Hội đồng nhân dân.
        Council = "council",
        /// Ủy ban nhân dân.
        Committee = "committee",
    }
}

string_enum! {
    /// What a member is in their body.
    Office {
        Chair = "chair",
        ViceChair = "vice_chair",
        /// Trưởng ban, phó trưởng ban of the council.
        BoardHead = "board_head",
        /// Ủy viên (committee) or đại biểu (council).
        Member = "member",
    }
}

string_enum! {
    /// Commune-level staff (CBCC cấp xã).
    CommuneCategory {
        /// Cán bộ chuyên trách.
        FullTime = "full_time",
        /// Người hoạt động không chuyên trách.
        PartTime = "part_time",
        /// Công chức cấp xã.
        CivilServant = "civil_servant",
    }
}

/// A membership to record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Membership {
    pub body: Option<Body>,
    pub office: Option<Office>,
    /// The first year of the term.
    pub term: i32,
    pub full_name: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// The resolution or decision (nghị quyết bầu, quyết định phê chuẩn…).
    pub decision_number: String,
}

const fn err(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

/// Every problem of a membership, by field (`localgov.err.*`): the body and office, a name, a
/// start inside the term, an end after the start, a decision. A board head sits on a council
/// only.
pub fn check(m: &Membership) -> Vec<FieldError> {
    let mut out = Vec::new();
    if m.body.is_none() {
        out.push(err("body", "localgov.err.body"));
    }
    match (m.body, m.office) {
        (_, None) => out.push(err("office", "localgov.err.office")),
        (Some(Body::Committee), Some(Office::BoardHead)) => {
            out.push(err("office", "localgov.err.board_head"));
        }
        _ => {}
    }
    if m.full_name.trim().is_empty() || m.full_name.chars().count() > MAX_TEXT {
        out.push(err("full_name", "localgov.err.name"));
    }
    match m.from {
        None => out.push(err("from", "localgov.err.from")),
        Some(f) if f.year() < m.term || f.year() > m.term + TERM_YEARS => {
            out.push(err("from", "localgov.err.outside_term"));
        }
        Some(_) => {}
    }
    if let (Some(f), Some(t)) = (m.from, m.to)
        && t < f
    {
        out.push(err("to", "hr.err.to_before_from"));
    }
    if m.decision_number.trim().is_empty() || m.decision_number.chars().count() > MAX_NUMBER {
        out.push(err("decision_number", "hr.err.decision_number"));
    }
    out
}

/// Whether one more `office` may be added to a body that has `current` serving members of that
/// office: a body has one chair at a time.
pub fn seat_free(office: Office, current: usize) -> bool {
    office != Office::Chair || current == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn a_term_is_five_years_from_2021() {
        // "Nhiệm kỳ của mỗi khóa Hội đồng nhân dân là 05 năm".
        assert_eq!(term_of(2021), 2021);
        assert_eq!(term_of(2025), 2021);
        assert_eq!(term_of(2026), 2026);
        assert_eq!(term_of(2030), 2026);
        assert_eq!(term_of(2020), 2016);
    }

    fn chair() -> Membership {
        Membership {
            body: Some(Body::Committee),
            office: Some(Office::Chair),
            term: 2021,
            full_name: "Nguyễn Văn An".into(),
            from: Some(date!(2021 - 06 - 25)),
            to: None,
            decision_number: "01/NQ-HĐND".into(),
        }
    }

    #[test]
    fn a_membership_sits_in_its_term_with_its_decision() {
        assert!(check(&chair()).is_empty());
        let mut m = chair();
        m.office = Some(Office::BoardHead);
        m.from = Some(date!(2019 - 01 - 01));
        m.decision_number = String::new();
        let fields: Vec<_> = check(&m).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["office", "from", "decision_number"]);
        assert!(seat_free(Office::ViceChair, 2));
        assert!(!seat_free(Office::Chair, 1));
    }

    proptest! {
        #[test]
        fn every_year_is_in_exactly_one_term(y in 1990i32..2100) {
            let t = term_of(y);
            prop_assert!(t <= y && y < t + TERM_YEARS);
            prop_assert_eq!((t - TERM_EPOCH).rem_euclid(TERM_YEARS), 0);
        }
    }
}
