//! The personnel file (hồ sơ CBCCVC; SPEC M8.1, Đồng Nai letter 3647/SNV-VP §1.1, seed 004):
//! a staff member's career "từ khi được tuyển dụng vào cơ quan nhà nước đến khi nghỉ hưu, thôi
//! việc" as dated processes, each resting on a decision (number, date, signer). No
//! social-insurance or asset-declaration process: the letter says "Không cập nhật thông tin quá
//! trình Bảo hiểm xã hội và kê khai tài sản".
//!
//! Pure rules: what a process must say ([`check`]), and which processes a file still lacks
//! ([`missing`], the completeness report of M8.7: the letter's complaint is "việc cập nhật thông
//! tin chi tiết ở các quá trình vẫn còn nhiều thiếu sót").

use time::Date;

use crate::org::string_enum;
use crate::people::{Employment, PositionRank};
use crate::points::Points;

string_enum! {
    /// A kind of career process (quá trình). The business actions of the letter ("bổ nhiệm,
    /// điều động, thuyên chuyển, luân chuyển…") each write one.
    ProcessKind {
        /// Tuyển dụng: entering the public service.
        Recruitment = "recruitment",
        /// Bổ nhiệm: to a leadership position.
        Appointment = "appointment",
        /// Bổ nhiệm lại: the same position for a new term.
        Reappointment = "reappointment",
        /// Điều động, thuyên chuyển: to another unit.
        Transfer = "transfer",
        /// Luân chuyển: rotation of a leader to another post.
        Rotation = "rotation",
        /// Biệt phái: seconded for a time, the file staying home.
        Secondment = "secondment",
        /// Ngạch, bậc lương, hệ số.
        Salary = "salary",
        /// Phụ cấp (chức vụ, thâm niên…).
        Allowance = "allowance",
        /// Kỷ luật.
        Discipline = "discipline",
        /// Nghỉ hưu, thôi việc.
        Leaving = "leaving",
    }
}

impl ProcessKind {
    /// Message key of the kind's name (`hr.kind.*`).
    pub fn key(self) -> String {
        format!("hr.kind.{}", self.as_str())
    }

    /// Whether the process moves the person: their unit, position or rank change with it, in
    /// the same transaction (the letter: "Sử dụng các chức năng nghiệp vụ … để quản lý công tác
    /// cán bộ").
    pub fn moves_the_person(self) -> bool {
        matches!(
            self,
            ProcessKind::Appointment
                | ProcessKind::Reappointment
                | ProcessKind::Transfer
                | ProcessKind::Rotation
        )
    }
}

string_enum! {
    /// Forms of discipline (Luật Cán bộ, công chức Đ.79; Luật Viên chức Đ.52).
    DisciplineForm {
        Reprimand = "reprimand",
        Warning = "warning",
        Demotion = "demotion",
        Dismissal = "dismissal",
        Removal = "removal",
        ForcedResignation = "forced_resignation",
    }
}

/// The decision a process rests on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
    /// Số quyết định, `125/QĐ-UBND`.
    pub number: String,
    pub date: Option<Date>,
    /// Người ký.
    pub signer: String,
}

/// What a process says beyond its kind, dates and decision.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Details {
    /// The position (appointment, reappointment, rotation, transfer, recruitment).
    pub position_title: String,
    /// The unit it happens in or moves to (by id).
    pub unit_id: Option<String>,
    /// The rank the position carries.
    pub rank: Option<PositionRank>,
    /// Salary: mã ngạch (`01.003`), bậc (1–16), hệ số (`3,33`).
    pub scale_code: String,
    pub step: Option<u8>,
    pub coefficient: Option<Points>,
    /// Allowance: its name and coefficient.
    pub allowance: String,
    pub discipline: Option<DisciplineForm>,
    /// Leaving: retirement, resignation…
    pub reason: String,
}

/// One dated process of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub kind: ProcessKind,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub decision: Decision,
    pub details: Details,
}

/// A refusal naming the field (`field`) and its message key (`hr.err.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

const fn err(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

/// The longest decision number and signer, in characters.
pub const MAX_NUMBER: usize = 50;
pub const MAX_TEXT: usize = 200;

/// Every problem of `p`, by field (empty: it may be written).
pub fn check(p: &Process) -> Vec<FieldError> {
    let mut out = Vec::new();
    let Some(from) = p.from else {
        out.push(err("from", "hr.err.from"));
        return out;
    };
    if p.to.is_some_and(|to| to < from) {
        out.push(err("to", "hr.err.to_before_from"));
    }
    let d = &p.decision;
    if d.number.trim().is_empty() || d.number.chars().count() > MAX_NUMBER {
        out.push(err("decision_number", "hr.err.decision_number"));
    }
    if d.signer.trim().is_empty() || d.signer.chars().count() > MAX_TEXT {
        out.push(err("decision_signer", "hr.err.decision_signer"));
    }
    match d.date {
        None => out.push(err("decision_date", "hr.err.decision_date")),
        // A decision takes effect on or after the day it is signed.
        Some(date) if date > from => out.push(err("decision_date", "hr.err.decision_after")),
        Some(_) => {}
    }
    let x = &p.details;
    let needs_position = matches!(
        p.kind,
        ProcessKind::Recruitment
            | ProcessKind::Appointment
            | ProcessKind::Reappointment
            | ProcessKind::Rotation
            | ProcessKind::Transfer
    );
    if needs_position
        && (x.position_title.trim().is_empty() || x.position_title.chars().count() > MAX_TEXT)
    {
        out.push(err("position_title", "hr.err.position"));
    }
    if p.kind.moves_the_person() && x.unit_id.is_none() {
        out.push(err("unit_id", "hr.err.unit"));
    }
    if matches!(
        p.kind,
        ProcessKind::Appointment | ProcessKind::Reappointment
    ) && !matches!(x.rank, Some(PositionRank::Head | PositionRank::Deputy))
    {
        out.push(err("rank", "hr.err.leader_rank"));
    }
    match p.kind {
        ProcessKind::Salary => {
            if x.scale_code.trim().is_empty() || x.scale_code.chars().count() > 20 {
                out.push(err("scale_code", "hr.err.scale_code"));
            }
            if !x.step.is_some_and(|s| (1..=16).contains(&s)) {
                out.push(err("step", "hr.err.step"));
            }
            if !x
                .coefficient
                .is_some_and(|c| c >= Points::whole(1) && c <= Points::whole(15))
            {
                out.push(err("coefficient", "hr.err.coefficient"));
            }
        }
        ProcessKind::Allowance => {
            if x.allowance.trim().is_empty() {
                out.push(err("allowance", "hr.err.allowance"));
            }
            if !x
                .coefficient
                .is_some_and(|c| c > Points::ZERO && c <= Points::whole(5))
            {
                out.push(err("coefficient", "hr.err.allowance_coefficient"));
            }
        }
        ProcessKind::Discipline if x.discipline.is_none() => {
            out.push(err("discipline", "hr.err.discipline"));
        }
        ProcessKind::Leaving if x.reason.trim().is_empty() => {
            out.push(err("reason", "hr.err.reason"));
        }
        _ => {}
    }
    out
}

/// The processes a complete file has at least once, for a person of `employment` holding
/// `rank` (M8.7's completeness report): everyone was recruited and is paid on a scale; a
/// leader was appointed. Contract workers (lao động hợp đồng) are not recruited into the public
/// service and have no civil-service scale.
pub fn required(employment: Employment, rank: PositionRank) -> Vec<ProcessKind> {
    let mut out = Vec::new();
    if employment != Employment::HopDong {
        out.push(ProcessKind::Recruitment);
        out.push(ProcessKind::Salary);
    }
    if rank != PositionRank::Member {
        out.push(ProcessKind::Appointment);
    }
    out
}

/// What the file of a person of `employment` and `rank` lacks, given the kinds it holds.
pub fn missing(
    employment: Employment,
    rank: PositionRank,
    held: &[ProcessKind],
) -> Vec<ProcessKind> {
    required(employment, rank)
        .into_iter()
        .filter(|k| {
            // A reappointment is a later term of an appointment.
            let held_as_term =
                *k == ProcessKind::Appointment && held.contains(&ProcessKind::Reappointment);
            !(held.contains(k) || held_as_term)
        })
        .collect()
}

/// Đồng Nai 3647 §4: "Việc cập nhật các nội dung biến động vào phần mềm … phải được thực hiện
/// trong thời gian không quá 05 ngày làm việc kể từ ngày các văn bản được phát hành." The last
/// day a process decided on `decided` may be entered on time.
pub fn entry_due(decided: Date) -> Date {
    crate::calendar::working_days_after(decided, ENTRY_WORKING_DAYS)
}

/// The working days allowed to enter a change (§4).
pub const ENTRY_WORKING_DAYS: u32 = 5;

/// Whether a process decided on `decided` and entered on `entered` was entered late (§4).
pub fn entered_late(decided: Date, entered: Date) -> bool {
    entered > entry_due(decided)
}

string_enum! {
    /// Giới tính.
    Gender {
        Male = "male",
        Female = "female",
    }
}

string_enum! {
    /// Trình độ chuyên môn cao nhất (highest professional qualification).
    Qualification {
        Elementary = "elementary",
        Intermediate = "intermediate",
        College = "college",
        Bachelor = "bachelor",
        Master = "master",
        Doctor = "doctor",
    }
}

string_enum! {
    /// Trình độ lý luận chính trị.
    PoliticalTheory {
        Elementary = "elementary",
        Intermediate = "intermediate",
        Advanced = "advanced",
    }
}

string_enum! {
    /// Trình độ quản lý nhà nước: the programmes for chuyên viên, chuyên viên chính and
    /// chuyên viên cao cấp.
    StateManagement {
        Specialist = "specialist",
        Principal = "principal",
        Senior = "senior",
    }
}

/// The identity, contact, education and party part of a file (M8.1; no social insurance, no
/// asset declaration).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    pub birth_date: Option<Date>,
    pub gender: Option<Gender>,
    /// Số định danh cá nhân (CCCD), 12 digits.
    pub id_number: String,
    pub birthplace: String,
    /// Quê quán.
    pub hometown: String,
    /// Dân tộc.
    pub ethnicity: String,
    pub religion: String,
    /// Nơi ở hiện nay.
    pub address: String,
    /// Trình độ giáo dục phổ thông, `12/12`.
    pub general_education: String,
    pub qualification: Option<Qualification>,
    /// Chuyên ngành.
    pub major: String,
    pub political_theory: Option<PoliticalTheory>,
    pub state_management: Option<StateManagement>,
    /// Ngày vào Đảng, ngày chính thức.
    pub party_joined_on: Option<Date>,
    pub party_official_on: Option<Date>,
}

/// The youngest age a person on a file can be: the working age of Bộ luật Lao động 2019 (15),
/// since viên chức and contract workers may start before a civil servant's 18.
pub const MIN_AGE: i32 = 15;
/// The oldest a serving person can be: the retirement ages of Bộ luật Lao động 2019 Đ.169 plus
/// the extensions it allows for the highly qualified.
pub const MAX_AGE: i32 = 70;
/// Điều lệ Đảng Đ.1: "Công dân Việt Nam từ mười tám tuổi trở lên" may join the Party.
pub const PARTY_MIN_AGE: i32 = 18;
/// Điều lệ Đảng Đ.5: the probation (dự bị) is twelve months before official membership.
pub const PARTY_PROBATION_MONTHS: i32 = 12;

/// Whole years from `born` to `on`.
pub fn age(born: Date, on: Date) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        years -= 1;
    }
    years
}

/// `day` moved by `months` whole months (the last day of a shorter month if needed).
fn add_months(day: Date, months: i32) -> Date {
    let total = day.year() * 12 + i32::from(day.month() as u8) - 1 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = time::Month::try_from(u8::try_from(month0 + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let last = month.length(year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// Every problem of a profile entered on `today`, by field (`profile_*` keys `hr.err.*`).
pub fn check_profile(p: &Profile, today: Date) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(born) = p.birth_date {
        let a = age(born, today);
        if !(MIN_AGE..=MAX_AGE).contains(&a) {
            out.push(err("birth_date", "hr.err.birth_date"));
        }
    }
    // Luật Căn cước 2023 Đ.12: the personal identification number has twelve digits.
    let id = p.id_number.trim();
    let twelve_digits = id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit());
    if !id.is_empty() && !twelve_digits {
        out.push(err("id_number", "hr.err.id_number"));
    }
    for (field, value) in [
        ("birthplace", &p.birthplace),
        ("hometown", &p.hometown),
        ("ethnicity", &p.ethnicity),
        ("religion", &p.religion),
        ("address", &p.address),
        ("general_education", &p.general_education),
        ("major", &p.major),
    ] {
        if value.chars().count() > MAX_TEXT {
            out.push(err(field, "hr.err.too_long"));
        }
    }
    match (p.party_joined_on, p.party_official_on) {
        (None, Some(_)) => out.push(err("party_joined_on", "hr.err.party_joined")),
        (Some(joined), official) => {
            if joined > today || p.birth_date.is_some_and(|b| age(b, joined) < PARTY_MIN_AGE) {
                out.push(err("party_joined_on", "hr.err.party_joined"));
            }
            if official.is_some_and(|o| o < add_months(joined, PARTY_PROBATION_MONTHS) || o > today)
            {
                out.push(err("party_official_on", "hr.err.party_official"));
            }
        }
        (None, None) => {}
    }
    out
}

/// The fields of a profile every file has (the completeness report, M8.7), as `hr.field.*`
/// keys, that `p` lacks.
pub fn profile_missing(p: &Profile) -> Vec<&'static str> {
    let mut out = Vec::new();
    if p.birth_date.is_none() {
        out.push("hr.field.birth_date");
    }
    if p.gender.is_none() {
        out.push("hr.field.gender");
    }
    if p.id_number.trim().is_empty() {
        out.push("hr.field.id_number");
    }
    if p.hometown.trim().is_empty() {
        out.push("hr.field.hometown");
    }
    if p.ethnicity.trim().is_empty() {
        out.push("hr.field.ethnicity");
    }
    if p.qualification.is_none() {
        out.push("hr.field.qualification");
    }
    out
}

/// Everything a file lacks, as message keys: the processes its person must have
/// ([`missing`]) then the profile's key facts ([`profile_missing`]; all of them when no profile
/// was written). Empty: the file is complete (the completeness report, M8.7).
pub fn file_gaps(
    employment: Employment,
    rank: PositionRank,
    held: &[ProcessKind],
    profile: Option<&Profile>,
) -> Vec<String> {
    let mut out: Vec<String> = missing(employment, rank, held)
        .into_iter()
        .map(ProcessKind::key)
        .collect();
    let empty = Profile::default();
    out.extend(
        profile_missing(profile.unwrap_or(&empty))
            .into_iter()
            .map(str::to_owned),
    );
    out
}

/// Who moves a file (Đồng Nai 3647 §2.1: "đơn vị chỉ quản lý dữ liệu thuộc phạm vi quản lý của
/// đơn vị mình; Đơn vị cấp trên quản lý toàn bộ dữ liệu của cấp dưới. Do đó việc điều chuyển hồ
/// sơ CBCCVC các đơn vị chủ động thực hiện trong phạm vi quản lý; những trường hợp chuyển hồ sơ
/// ra khỏi đơn vị, đơn vị có văn bản báo cáo cho cấp trên thực hiện"). The unit, as a path, that
/// carries out a move from `from` to `to`: the lowest unit above both. `None`: the two are in
/// different tenants, which no one here moves between.
pub fn move_approver(from: &str, to: &str) -> Option<String> {
    crate::org::common_ancestor(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn process(kind: ProcessKind) -> Process {
        Process {
            kind,
            from: Some(date!(2026 - 03 - 01)),
            to: None,
            decision: Decision {
                number: "125/QĐ-UBND".into(),
                date: Some(date!(2026 - 02 - 20)),
                signer: "Nguyễn Văn A".into(),
            },
            details: Details {
                position_title: "Trưởng phòng".into(),
                unit_id: Some("u1".into()),
                rank: Some(PositionRank::Head),
                ..Details::default()
            },
        }
    }

    fn fields(p: &Process) -> Vec<&'static str> {
        check(p).iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_appointment_rests_on_a_signed_decision_before_it_takes_effect() {
        // Đồng Nai 3647 §1.1: "kiểm tra hồ sơ … đầy đủ, chính xác trước khi ban hành văn bản
        // liên quan đến … bổ nhiệm".
        assert!(check(&process(ProcessKind::Appointment)).is_empty());
        let mut p = process(ProcessKind::Appointment);
        p.decision = Decision::default();
        assert_eq!(
            fields(&p),
            vec!["decision_number", "decision_signer", "decision_date"]
        );
        let mut late = process(ProcessKind::Appointment);
        late.decision.date = Some(date!(2026 - 03 - 02));
        assert_eq!(fields(&late), vec!["decision_date"]);
        let mut member = process(ProcessKind::Appointment);
        member.details.rank = Some(PositionRank::Member);
        assert_eq!(fields(&member), vec!["rank"]);
    }

    #[test]
    fn a_process_ends_after_it_starts_and_moves_need_a_unit() {
        let mut p = process(ProcessKind::Transfer);
        p.to = Some(date!(2026 - 02 - 01));
        p.details.unit_id = None;
        assert_eq!(fields(&p), vec!["to", "unit_id"]);
        let mut none = process(ProcessKind::Secondment);
        none.from = None;
        assert_eq!(fields(&none), vec!["from"]);
    }

    #[test]
    fn salary_allowance_discipline_and_leaving_say_what_they_are() {
        let mut s = process(ProcessKind::Salary);
        assert_eq!(fields(&s), vec!["scale_code", "step", "coefficient"]);
        s.details.scale_code = "01.003".into();
        s.details.step = Some(3);
        s.details.coefficient = Points::parse("3,33");
        assert!(check(&s).is_empty());
        s.details.step = Some(17);
        assert_eq!(fields(&s), vec!["step"]);
        assert_eq!(
            fields(&process(ProcessKind::Allowance)),
            vec!["allowance", "coefficient"]
        );
        assert_eq!(
            fields(&process(ProcessKind::Discipline)),
            vec!["discipline"]
        );
        assert_eq!(fields(&process(ProcessKind::Leaving)), vec!["reason"]);
    }

    #[test]
    fn a_file_lacks_what_its_person_must_have() {
        // M8.7: "which files lack which processes".
        use ProcessKind::*;
        assert_eq!(
            missing(Employment::CongChuc, PositionRank::Head, &[Salary]),
            vec![Recruitment, Appointment]
        );
        assert!(
            missing(
                Employment::CongChuc,
                PositionRank::Deputy,
                &[Recruitment, Salary, Reappointment]
            )
            .is_empty()
        );
        assert!(missing(Employment::HopDong, PositionRank::Member, &[]).is_empty());
        assert_eq!(
            missing(Employment::VienChuc, PositionRank::Member, &[Recruitment]),
            vec![Salary]
        );
    }

    #[test]
    fn a_file_leaves_its_scope_through_the_unit_above_both() {
        // §2.1: "những trường hợp chuyển hồ sơ ra khỏi đơn vị, đơn vị có văn bản báo cáo cho
        // cấp trên thực hiện".
        assert_eq!(move_approver("/d/a/a1/", "/d/b/").as_deref(), Some("/d/"));
        assert_eq!(
            move_approver("/d/a/a1/", "/d/a/a2/").as_deref(),
            Some("/d/a/")
        );
        assert_eq!(move_approver("/d/a/", "/q/x/"), None);
    }

    #[test]
    fn a_change_is_entered_within_five_working_days() {
        // Đồng Nai 3647 §4: "không quá 05 ngày làm việc kể từ ngày các văn bản được phát hành".
        let friday = date!(2026 - 11 - 20);
        assert_eq!(entry_due(friday), date!(2026 - 11 - 27));
        assert!(!entered_late(friday, date!(2026 - 11 - 27)));
        assert!(entered_late(friday, date!(2026 - 11 - 28)));
    }

    fn profile() -> Profile {
        Profile {
            birth_date: Some(date!(1985 - 04 - 12)),
            gender: Some(Gender::Female),
            id_number: "001185012345".into(),
            hometown: "Thanh Hóa".into(),
            ethnicity: "Kinh".into(),
            qualification: Some(Qualification::Bachelor),
            party_joined_on: Some(date!(2010 - 05 - 19)),
            party_official_on: Some(date!(2011 - 05 - 19)),
            ..Profile::default()
        }
    }

    #[test]
    fn a_profile_says_a_true_identity_and_party_membership() {
        let today = date!(2026 - 11 - 24);
        assert!(check_profile(&profile(), today).is_empty());
        // Luật Căn cước 2023 Đ.12: twelve digits.
        let mut p = profile();
        p.id_number = "12345678".into();
        assert_eq!(check_profile(&p, today)[0].field, "id_number");
        // Điều lệ Đảng Đ.5: twelve months' probation before official membership.
        let mut p = profile();
        p.party_official_on = Some(date!(2011 - 05 - 18));
        assert_eq!(check_profile(&p, today)[0].field, "party_official_on");
        // Điều lệ Đảng Đ.1: from eighteen.
        let mut p = profile();
        p.party_joined_on = Some(date!(2002 - 05 - 19));
        p.party_official_on = None;
        assert_eq!(check_profile(&p, today)[0].field, "party_joined_on");
        let mut p = profile();
        p.birth_date = Some(date!(2015 - 01 - 01));
        p.party_joined_on = None;
        p.party_official_on = None;
        assert_eq!(check_profile(&p, today)[0].field, "birth_date");
    }

    #[test]
    fn a_complete_file_has_its_processes_and_its_profile() {
        use ProcessKind::*;
        let p = profile();
        assert!(
            file_gaps(
                Employment::CongChuc,
                PositionRank::Member,
                &[Recruitment, Salary],
                Some(&p)
            )
            .is_empty()
        );
        let gaps = file_gaps(Employment::CongChuc, PositionRank::Head, &[Salary], None);
        assert_eq!(gaps[..2], ["hr.kind.recruitment", "hr.kind.appointment"]);
        assert_eq!(gaps.len(), 2 + 6);
    }

    #[test]
    fn a_file_lacks_the_identity_it_does_not_say() {
        assert!(profile_missing(&profile()).is_empty());
        assert_eq!(
            profile_missing(&Profile::default()),
            vec![
                "hr.field.birth_date",
                "hr.field.gender",
                "hr.field.id_number",
                "hr.field.hometown",
                "hr.field.ethnicity",
                "hr.field.qualification"
            ]
        );
    }

    fn kind() -> impl Strategy<Value = ProcessKind> {
        proptest::sample::select(ProcessKind::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn what_is_missing_is_required_and_not_held(
            held in proptest::collection::vec(kind(), 0..6),
            leader in any::<bool>(),
        ) {
            let rank = if leader { PositionRank::Head } else { PositionRank::Member };
            let m = missing(Employment::CongChuc, rank, &held);
            let req = required(Employment::CongChuc, rank);
            for k in &m {
                prop_assert!(req.contains(k));
                prop_assert!(!held.contains(k));
            }
            for k in req {
                prop_assert!(held.contains(&k) || m.contains(&k)
                    || (k == ProcessKind::Appointment && held.contains(&ProcessKind::Reappointment)));
            }
        }

        #[test]
        fn the_approver_is_above_both_and_lowest(a in "[ab]{1,4}", b in "[ab]{1,4}") {
            let path = |s: &str| format!("/r/{}", s.chars().map(|c| format!("{c}/")).collect::<String>());
            let (pa, pb) = (path(&a), path(&b));
            let up = move_approver(&pa, &pb).unwrap_or_default();
            prop_assert!(pa.starts_with(&up) && pb.starts_with(&up));
            // Lowest: below it, the two paths part at once (or one of them ends there).
            let next = |p: &str| p[up.len()..].split('/').find(|s| !s.is_empty()).map(str::to_owned);
            let (na, nb) = (next(&pa), next(&pb));
            prop_assert!(na.is_none() || nb.is_none() || na != nb);
        }

        #[test]
        fn an_entry_is_late_only_after_five_working_days(offset in 0i64..40, y in 2020i32..2030, d in 1u16..365) {
            let decided = Date::from_ordinal_date(y, d).unwrap_or(date!(2026 - 01 - 01));
            let entered = decided + time::Duration::days(offset);
            // Five working days span at least 5 and at most 9 calendar days (weekends).
            if offset <= 5 { prop_assert!(!entered_late(decided, entered)); }
            if offset > 9 { prop_assert!(entered_late(decided, entered)); }
            prop_assert!(entered_late(decided, entered) == (entered > entry_due(decided)));
        }
    }
}
