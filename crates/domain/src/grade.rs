//! Grades (xếp loại): A Hoàn thành xuất sắc nhiệm vụ, B Hoàn thành tốt, C Hoàn thành,
//! D Không hoàn thành (SPEC glossary; Hanoi Quy chế Đ.13.1; NĐ 335 Đ.20).

use crate::org::string_enum;

string_enum! {
    /// A grade. Declared best first; [`Grade::at_most`] caps one grade by another.
    Grade {
        #[serde(rename = "A")]
        A = "A",
        #[serde(rename = "B")]
        B = "B",
        #[serde(rename = "C")]
        C = "C",
        #[serde(rename = "D")]
        D = "D",
    }
}

impl Grade {
    /// Higher is better: A = 4 … D = 1.
    pub fn rank(self) -> u8 {
        match self {
            Grade::A => 4,
            Grade::B => 3,
            Grade::C => 2,
            Grade::D => 1,
        }
    }

    /// `self`, but never better than `cap`.
    pub fn at_most(self, cap: Grade) -> Grade {
        if self.rank() > cap.rank() { cap } else { self }
    }

    /// The full Vietnamese name, as the forms print it.
    pub fn name_vi(self) -> &'static str {
        match self {
            Grade::A => "Hoàn thành xuất sắc nhiệm vụ",
            Grade::B => "Hoàn thành tốt nhiệm vụ",
            Grade::C => "Hoàn thành nhiệm vụ",
            Grade::D => "Không hoàn thành nhiệm vụ",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_never_raise() {
        assert_eq!(Grade::A.at_most(Grade::C), Grade::C);
        assert_eq!(Grade::D.at_most(Grade::C), Grade::D);
        assert_eq!(Grade::B.at_most(Grade::B), Grade::B);
        assert_eq!(Grade::parse("A"), Some(Grade::A));
        assert_eq!(Grade::parse("a"), None);
        // In JSON too a grade is its letter, as the forms print it.
        assert_eq!(
            serde_json::to_string(&Grade::C).ok().as_deref(),
            Some("\"C\"")
        );
    }
}
