//! Emulation and rewards (thi đua, khen thưởng; SPEC M8.4, Đồng Nai letter 3647/SNV-VP §1.4:
//! "cập nhật thành tích thi đua khen thưởng cho cá nhân và tập thể, đồng thời đăng ký thi đua
//! hàng năm cho đơn vị mình"). A unit registers each year for the titles it aims at; at the
//! year's end the year's evaluation results say which titles are open to whom, and the awards
//! decided are recorded with their decision.
//!
//! The titles and their conditions are those of Luật Thi đua, khen thưởng 2022 as far as the
//! app knows them: the year's grade, discipline, and earlier titles. Conditions it cannot know
//! (an initiative recognised for "Chiến sĩ thi đua cơ sở") stay for the council to weigh.

use crate::grade::Grade;
use crate::org::string_enum;

string_enum! {
    /// A title (danh hiệu) or form of reward (hình thức khen thưởng).
    Award {
        /// Lao động tiên tiến.
        AdvancedWorker = "advanced_worker",
        /// Chiến sĩ thi đua cơ sở.
        BaseFighter = "base_fighter",
        /// Chiến sĩ thi đua cấp tỉnh (bộ, ngành).
        ProvincialFighter = "provincial_fighter",
        /// Chiến sĩ thi đua toàn quốc.
        NationalFighter = "national_fighter",
        /// Tập thể lao động tiên tiến.
        AdvancedCollective = "advanced_collective",
        /// Tập thể lao động xuất sắc.
        ExcellentCollective = "excellent_collective",
        /// Cờ thi đua cấp tỉnh.
        ProvincialFlag = "provincial_flag",
        /// Giấy khen (of the head of a body).
        Certificate = "certificate",
        /// Bằng khen của Chủ tịch UBND tỉnh.
        ProvincialMerit = "provincial_merit",
        /// Bằng khen của Thủ tướng Chính phủ.
        PrimeMinisterMerit = "prime_minister_merit",
        /// Huân chương Lao động.
        LabourOrder = "labour_order",
    }
}

impl Award {
    /// Whether a person (not a collective) may hold it.
    pub fn for_person(self) -> bool {
        !matches!(
            self,
            Award::AdvancedCollective | Award::ExcellentCollective | Award::ProvincialFlag
        )
    }

    /// Whether a collective may hold it.
    pub fn for_collective(self) -> bool {
        !matches!(
            self,
            Award::AdvancedWorker
                | Award::BaseFighter
                | Award::ProvincialFighter
                | Award::NationalFighter
        )
    }

    /// Whether it is a title one registers for at the start of the year (danh hiệu thi đua),
    /// not a reward given for an achievement.
    pub fn is_title(self) -> bool {
        matches!(
            self,
            Award::AdvancedWorker
                | Award::BaseFighter
                | Award::ProvincialFighter
                | Award::NationalFighter
                | Award::AdvancedCollective
                | Award::ExcellentCollective
                | Award::ProvincialFlag
        )
    }
}

/// What the app knows of a person's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PersonYear {
    /// The published grade of the year's evaluation, if any.
    pub grade: Option<Grade>,
    /// Disciplined in the year (any form).
    pub disciplined: bool,
    /// Disciplined at warning (cảnh cáo) or heavier in the year.
    pub disciplined_warning: bool,
    /// How many years in a row, up to the year before, they held "Chiến sĩ thi đua cơ sở".
    pub base_fighter_streak: u8,
}

/// The individual titles open to a person on their year, best first.
///
/// - Quảng Trị Quy chế (seed 003): "Cán bộ, công chức, viên chức xếp loại không hoàn thành
///   nhiệm vụ thì không được xét các danh hiệu thi đua khen thưởng trong năm"; nor is anyone
///   disciplined in the year, nor anyone without a year's result.
/// - "Lao động tiên tiến": "hoàn thành tốt nhiệm vụ" or better (B or A).
/// - "Chiến sĩ thi đua cơ sở": a Lao động tiên tiến who "hoàn thành xuất sắc nhiệm vụ" (A);
///   the recognised initiative it also needs is for the council.
/// - "Chiến sĩ thi đua cấp tỉnh": three years in a row of Chiến sĩ thi đua cơ sở, this one
///   included.
pub fn titles_open(y: &PersonYear) -> Vec<Award> {
    let Some(grade) = y.grade else {
        return Vec::new();
    };
    if y.disciplined || grade.rank() < Grade::B.rank() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if grade == Grade::A {
        if y.base_fighter_streak >= 2 {
            out.push(Award::ProvincialFighter);
        }
        out.push(Award::BaseFighter);
    }
    out.push(Award::AdvancedWorker);
    out
}

/// The collective titles open to a unit whose members had `members` years, best first.
///
/// - "Tập thể lao động tiên tiến": "có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động
///   tiên tiến" and nobody disciplined at warning or heavier.
/// - "Tập thể lao động xuất sắc": every member completed their tasks (C or better), at least
///   70% completed them well (B or better), someone is a Chiến sĩ thi đua cơ sở, and nobody is
///   disciplined at warning or heavier.
pub fn collective_titles_open(members: &[PersonYear]) -> Vec<Award> {
    let n = members.len();
    if n == 0 || members.iter().any(|m| m.disciplined_warning) {
        return Vec::new();
    }
    let advanced = members
        .iter()
        .filter(|m| titles_open(m).contains(&Award::AdvancedWorker))
        .count();
    let completed = members
        .iter()
        .filter(|m| m.grade.is_some_and(|g| g.rank() >= Grade::C.rank()))
        .count();
    let good = members
        .iter()
        .filter(|m| m.grade.is_some_and(|g| g.rank() >= Grade::B.rank()))
        .count();
    let fighter = members
        .iter()
        .any(|m| titles_open(m).contains(&Award::BaseFighter));
    let mut out = Vec::new();
    if completed == n && good * 10 >= n * 7 && fighter {
        out.push(Award::ExcellentCollective);
    }
    if advanced * 2 > n {
        out.push(Award::AdvancedCollective);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn year(grade: Grade) -> PersonYear {
        PersonYear {
            grade: Some(grade),
            ..PersonYear::default()
        }
    }

    #[test]
    fn the_years_grade_opens_the_titles() {
        // "hoàn thành tốt nhiệm vụ" → Lao động tiên tiến; "hoàn thành xuất sắc" → also CSTĐCS.
        assert_eq!(titles_open(&year(Grade::B)), vec![Award::AdvancedWorker]);
        assert_eq!(
            titles_open(&year(Grade::A)),
            vec![Award::BaseFighter, Award::AdvancedWorker]
        );
        // Seed 003: "xếp loại không hoàn thành nhiệm vụ thì không được xét".
        assert!(titles_open(&year(Grade::D)).is_empty());
        assert!(titles_open(&year(Grade::C)).is_empty());
        assert!(titles_open(&PersonYear::default()).is_empty());
        let mut disciplined = year(Grade::A);
        disciplined.disciplined = true;
        assert!(titles_open(&disciplined).is_empty());
        // Three CSTĐCS in a row open the province's title.
        let mut third = year(Grade::A);
        third.base_fighter_streak = 2;
        assert_eq!(titles_open(&third)[0], Award::ProvincialFighter);
    }

    #[test]
    fn a_collective_title_needs_most_of_its_people() {
        let a = year(Grade::A);
        let b = year(Grade::B);
        let c = year(Grade::C);
        // 2 of 3 LĐTT (> 50%) but only 67% good: advanced, not excellent.
        assert_eq!(
            collective_titles_open(&[a, b, c]),
            vec![Award::AdvancedCollective]
        );
        // 7 of 10 good, all completed, a CSTĐCS: excellent.
        let mut ten = vec![a];
        ten.extend([b; 6]);
        ten.extend([c; 3]);
        assert_eq!(
            collective_titles_open(&ten),
            vec![Award::ExcellentCollective, Award::AdvancedCollective]
        );
        // Half is not "trên 50%".
        assert!(collective_titles_open(&[b, c]).is_empty());
        let mut warned = b;
        warned.disciplined_warning = true;
        assert!(collective_titles_open(&[a, b, warned]).is_empty());
    }

    fn grade() -> impl Strategy<Value = Option<Grade>> {
        proptest::option::of(proptest::sample::select(Grade::ALL.to_vec()))
    }

    proptest! {
        #[test]
        fn titles_never_reward_a_weaker_year(g in grade(), streak in 0u8..5, disciplined in any::<bool>()) {
            let y = PersonYear { grade: g, disciplined, disciplined_warning: false, base_fighter_streak: streak };
            let open = titles_open(&y);
            if !open.is_empty() {
                prop_assert!(g.is_some_and(|g| g.rank() >= 3) && !disciplined);
            }
            prop_assert!(open.iter().all(|a| a.for_person() && a.is_title()));
        }

        #[test]
        fn an_excellent_collective_is_also_advanced(gs in proptest::collection::vec(grade(), 1..20)) {
            let members: Vec<PersonYear> = gs.into_iter().map(|grade| PersonYear { grade, ..PersonYear::default() }).collect();
            let open = collective_titles_open(&members);
            if open.contains(&Award::ExcellentCollective) {
                prop_assert!(open.contains(&Award::AdvancedCollective));
            }
        }
    }
}
