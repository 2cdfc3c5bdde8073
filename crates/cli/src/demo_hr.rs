//! The demo's personnel files (issue 11, SPEC M8.1): a plausible profile and career for every
//! current staff member of every demo body, so the file pages, the completeness report (M8.7)
//! and head counts on a past day have something to show.
//!
//! Everything is drawn deterministically from each person's unit code, position and name (not
//! from their random ids), so two loads of the demo give the same files. About one file in
//! twelve is left deliberately incomplete (no identity number, no salary process or no
//! qualification); every other file is complete by `hr::file_gaps`. Every profile and process
//! passes the checks a clerk's entry would (`hr::check_profile`, `hr::check`).
//!
//! Then the rest of the organisation's records (SPEC M8.2–M8.5): this year's staffing quotas
//! and the contacts of each body's root and its units; in the district, three courses with
//! their classes, last year's awards and this year's registrations, and the People's Council
//! and Committee of the district and each commune in this term, with the category of every
//! commune staff member.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result, bail};
use danhgia_domain::hr::{
    self, Decision, Details, Gender, PoliticalTheory, Process, ProcessKind, Profile, Qualification,
    StateManagement,
};
use danhgia_domain::org::{UnitKind, UnitLevel, is_within};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::points::Points;
use danhgia_store::{BulkFile, FileRow, Store, Unit};
use serde::Deserialize;
use time::{Date, Duration, Month};

/// Who wrote the files.
const BY: &str = "demo";

/// One file in this many is left incomplete.
const INCOMPLETE_EVERY: usize = 12;

/// Provinces and the first three digits of the identity numbers of people born there
/// (Thông tư 07/2016/TT-BCA, Phụ lục I).
const PROVINCES: &[(&str, &str)] = &[
    ("Hà Nội", "001"),
    ("Cao Bằng", "004"),
    ("Sơn La", "014"),
    ("Hòa Bình", "017"),
    ("Lạng Sơn", "020"),
    ("Hải Dương", "030"),
    ("Hưng Yên", "033"),
    ("Thái Bình", "034"),
    ("Hà Nam", "035"),
    ("Nam Định", "036"),
    ("Ninh Bình", "037"),
    ("Thanh Hóa", "038"),
    ("Nghệ An", "040"),
    ("Hà Tĩnh", "042"),
    ("Quảng Bình", "044"),
    ("Quảng Trị", "045"),
    ("Thừa Thiên Huế", "046"),
];

/// Hometowns of the district's staff (repeats weigh).
const DISTRICT_HOMETOWNS: &[&str] = &[
    "Nam Định",
    "Nam Định",
    "Thái Bình",
    "Thái Bình",
    "Thanh Hóa",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Hà Nội",
    "Ninh Bình",
    "Hải Dương",
    "Hưng Yên",
    "Hà Nam",
];

/// Hometowns of a provincial department's staff in Quảng Trị.
const QUANG_TRI_HOMETOWNS: &[&str] = &[
    "Quảng Trị",
    "Quảng Trị",
    "Quảng Trị",
    "Quảng Trị",
    "Quảng Bình",
    "Thừa Thiên Huế",
    "Nghệ An",
    "Hà Tĩnh",
];

/// Ethnic minorities and where their members come from.
const MINORITIES: &[(&str, &[&str])] = &[
    ("Tày", &["Cao Bằng", "Lạng Sơn"]),
    ("Mường", &["Hòa Bình", "Thanh Hóa"]),
    ("Thái", &["Sơn La", "Nghệ An"]),
];

const QT_STREETS: &[&str] = &[
    "Lê Duẩn",
    "Hùng Vương",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
    "Nguyễn Trãi",
    "Quốc lộ 9",
];

const QT_WARDS: &[&str] = &[
    "phường Đông Hà, tỉnh Quảng Trị",
    "phường Nam Đông Hà, tỉnh Quảng Trị",
];

/// Decisions of the People's Committee (tuyển dụng, nâng lương, bổ nhiệm).
const UBND: &str = "QĐ-UBND";
/// Resolutions of the People's Council (electing a chair or vice chair).
const HDND: &str = "NQ-HĐND";
/// Decisions of a provincial Department of Home Affairs.
const SNV: &str = "QĐ-SNV";

/// The name pools of `data/demo/huyen-mau.json`, to tell a name's gender.
#[derive(Deserialize)]
struct Data {
    names: Pools,
}

#[derive(Deserialize)]
struct Pools {
    /// Family names and how often they occur.
    family: Vec<(String, u32)>,
    middle_male: Vec<String>,
    middle_female: Vec<String>,
    given_male: Vec<String>,
    given_female: Vec<String>,
}

/// A small deterministic generator (FNV-1a of a key, then SplitMix64).
struct Dice(u64);

impl Dice {
    fn new(key: &str) -> Dice {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Dice(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number from `lo` to `hi`, both included.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            return lo;
        }
        let span = u64::from(hi.abs_diff(lo)) + 1;
        lo + i32::try_from(self.next() % span).unwrap_or(0)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let n = u64::try_from(items.len()).unwrap_or(1).max(1);
        &items[usize::try_from(self.next() % n).unwrap_or(0)]
    }

    /// A day of `year` (never the 29th to 31st, so it moves by whole years safely).
    fn day_in(&mut self, year: i32) -> Result<Date> {
        let month = Month::try_from(u8::try_from(self.range(1, 12))?)?;
        Ok(Date::from_calendar_date(
            year,
            month,
            u8::try_from(self.range(1, 28))?,
        )?)
    }
}

/// `d` moved by `years` whole years (`d` is never a 29 February: see `Dice::day_in`).
fn plus_years(d: Date, years: i32) -> Result<Date> {
    Ok(d.replace_year(d.year() + years)?)
}

/// What differs between the bodies: a district (communes, the district's People's Committee)
/// or a provincial department.
struct Body {
    provincial: bool,
    /// "xã An Phú, huyện Mẫu"…
    places: Vec<String>,
    /// The communes (id, name): where some office staff were first recruited.
    communes: Vec<(String, String)>,
}

/// "Xã An Phú" as it reads inside an address: "xã An Phú".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

impl Body {
    fn of(root: &Unit, units: &HashMap<String, Unit>) -> Body {
        let provincial = root.level == UnitLevel::Province;
        let mut communes: Vec<(String, String)> = units
            .values()
            .filter(|u| u.kind == UnitKind::Commune)
            .map(|u| (u.id.clone(), u.name.clone()))
            .collect();
        communes.sort_by(|a, b| a.1.cmp(&b.1));
        let places = if provincial {
            QT_WARDS.iter().map(|w| (*w).to_owned()).collect()
        } else if communes.is_empty() {
            vec![lower_first(&root.name)]
        } else {
            communes
                .iter()
                .map(|(_, c)| format!("{}, {}", lower_first(c), lower_first(&root.name)))
                .collect()
        };
        Body {
            provincial,
            places,
            communes,
        }
    }

    fn hometowns(&self) -> &'static [&'static str] {
        if self.provincial {
            QUANG_TRI_HOMETOWNS
        } else {
            DISTRICT_HOMETOWNS
        }
    }

    fn address(&self, dice: &mut Dice) -> String {
        let place = dice.pick(&self.places).clone();
        if self.provincial {
            format!("{} {}, {place}", dice.range(2, 240), dice.pick(QT_STREETS))
        } else {
            format!("Thôn {}, {place}", dice.range(1, 12))
        }
    }

    /// Who signed `agency`'s decisions in `year` (a chair serves five years; seven chairs
    /// cover the careers of the oldest staff without a name coming round again).
    fn signer(&self, agency: &str, year: i32) -> &'static str {
        let list: &[&str] = match (self.provincial, agency) {
            (false, HDND) => &[
                "Hoàng Văn Long",
                "Ngô Thị Lan",
                "Bùi Đức Thịnh",
                "Vũ Minh Khôi",
                "Đinh Thị Hạnh",
                "Trịnh Văn Sơn",
                "Lương Đức Toàn",
            ],
            (false, _) => &[
                "Nguyễn Văn Thắng",
                "Trần Đức Hòa",
                "Lê Quang Vinh",
                "Phạm Minh Tuấn",
                "Đỗ Văn Hùng",
                "Vương Đình Lộc",
                "Tạ Quang Huy",
            ],
            (true, SNV) => &[
                "Hồ Thị Thu Hà",
                "Phan Văn Dũng",
                "Trương Công Bình",
                "Lê Thị Hoài Thương",
                "Nguyễn Hữu Phước",
                "Đoàn Văn Lợi",
                "Cao Xuân Tịnh",
            ],
            (true, _) => &[
                "Trần Văn Thành",
                "Nguyễn Quang Minh",
                "Lê Đức Hải",
                "Hồ Sỹ Nguyên",
                "Mai Văn Tường",
                "Phạm Ngọc Hiền",
                "Võ Đình Khang",
            ],
        };
        let n = i32::try_from(list.len()).unwrap_or(1);
        list[usize::try_from((year / 5).rem_euclid(n)).unwrap_or(0)]
    }

    fn decision(&self, dice: &mut Dice, agency: &str, from: Date) -> Decision {
        let date = from - Duration::days(i64::from(dice.range(3, 25)));
        Decision {
            number: format!("{}/{agency}", dice.range(12, 1450)),
            date: Some(date),
            signer: self.signer(agency, date.year()).to_owned(),
        }
    }
}

fn pool_has(pool: &[String], word: &str) -> bool {
    pool.iter().any(|p| p == word)
}

/// The gender a Vietnamese name suggests (its middle names, then its given name), else a toss.
fn gender_of(full_name: &str, pools: &Pools, dice: &mut Dice) -> Gender {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    let middles = if words.len() > 2 {
        &words[1..words.len() - 1]
    } else {
        &[][..]
    };
    for m in middles {
        match (
            pool_has(&pools.middle_male, m),
            pool_has(&pools.middle_female, m),
        ) {
            (true, false) => return Gender::Male,
            (false, true) => return Gender::Female,
            _ => {}
        }
    }
    if let Some(g) = words.last() {
        match (
            pool_has(&pools.given_male, g),
            pool_has(&pools.given_female, g),
        ) {
            (true, false) => return Gender::Male,
            (false, true) => return Gender::Female,
            _ => {}
        }
    }
    if dice.chance(50) {
        Gender::Female
    } else {
        Gender::Male
    }
}

/// The highest qualification and major plausible for a position in a unit.
fn education(dice: &mut Dice, row: &FileRow, unit: &Unit) -> (Qualification, String) {
    let pos = row.position_title.to_lowercase();
    let unit_name = unit.name.as_str();
    let has = |s: &str| pos.contains(s);
    let leader = row.rank != PositionRank::Member;
    let (mut q, majors): (Qualification, &[&str]) = if row.employment == Employment::HopDong {
        if has("lái xe") {
            (Qualification::Elementary, &["Lái xe ô tô"])
        } else if has("nấu ăn") {
            (Qualification::Elementary, &["Kỹ thuật chế biến món ăn"])
        } else if has("bảo vệ") {
            (Qualification::Elementary, &["Nghiệp vụ bảo vệ"])
        } else if has("phục vụ") {
            (Qualification::Elementary, &["Nghiệp vụ lễ tân"])
        } else if has("y tế") {
            (Qualification::Intermediate, &["Y sĩ đa khoa"])
        } else if has("văn thư") {
            (Qualification::Intermediate, &["Văn thư – Lưu trữ"])
        } else {
            (
                Qualification::Intermediate,
                &["Tin học ứng dụng", "Kế toán", "Hành chính văn phòng"],
            )
        }
    } else if has("giáo viên") || has("hiệu trưởng") {
        let majors: &[&str] = if unit_name.contains("Mầm non") {
            &["Giáo dục Mầm non"]
        } else if unit_name.contains("Tiểu học") {
            &[
                "Giáo dục Tiểu học",
                "Giáo dục Tiểu học",
                "Giáo dục Tiểu học",
                "Sư phạm Tiếng Anh",
                "Sư phạm Âm nhạc",
                "Sư phạm Mỹ thuật",
                "Giáo dục Thể chất",
            ]
        } else {
            &[
                "Sư phạm Toán học",
                "Sư phạm Ngữ văn",
                "Sư phạm Tiếng Anh",
                "Sư phạm Vật lý",
                "Sư phạm Hóa học",
                "Sư phạm Sinh học",
                "Sư phạm Lịch sử",
                "Sư phạm Địa lý",
                "Sư phạm Tin học",
                "Giáo dục Thể chất",
            ]
        };
        let q = if unit_name.contains("Mầm non") && dice.chance(20) {
            Qualification::College
        } else {
            Qualification::Bachelor
        };
        (q, majors)
    } else if has("kế toán") {
        (
            Qualification::Bachelor,
            &["Kế toán", "Kế toán", "Tài chính – Ngân hàng"],
        )
    } else if has("y tế") {
        (Qualification::College, &["Điều dưỡng", "Y sĩ đa khoa"])
    } else if has("thư viện") {
        (Qualification::College, &["Thông tin – Thư viện"])
    } else if has("thiết bị") {
        (
            Qualification::College,
            &["Công nghệ thiết bị trường học", "Vật lý"],
        )
    } else if has("văn thư") {
        (
            Qualification::College,
            &["Văn thư – Lưu trữ", "Lưu trữ học"],
        )
    } else if has("quân sự") {
        (Qualification::College, &["Quân sự cơ sở"])
    } else if has("địa chính") {
        (
            Qualification::Bachelor,
            &["Quản lý đất đai", "Kỹ thuật xây dựng"],
        )
    } else if has("tư pháp") {
        (Qualification::Bachelor, &["Luật"])
    } else if has("văn hóa") {
        (
            Qualification::Bachelor,
            &["Văn hóa học", "Quản lý văn hóa", "Công tác xã hội"],
        )
    } else if has("thống kê") {
        (
            Qualification::Bachelor,
            &["Hành chính học", "Thống kê", "Quản trị văn phòng"],
        )
    } else if has("chủ tịch") {
        (
            Qualification::Bachelor,
            &[
                "Kinh tế",
                "Luật",
                "Quản lý nhà nước",
                "Kinh tế nông nghiệp",
                "Hành chính học",
            ],
        )
    } else {
        let majors: &[&str] = if unit_name.contains("Nội vụ") || unit_name.contains("Công chức")
        {
            &["Quản lý nhà nước", "Hành chính học", "Luật"]
        } else if unit_name.contains("Giáo dục") {
            &["Quản lý giáo dục", "Sư phạm Toán học", "Sư phạm Ngữ văn"]
        } else if unit_name.contains("Tài chính") {
            &["Tài chính – Ngân hàng", "Kế toán", "Kinh tế đầu tư"]
        } else if unit_name.contains("Tư pháp") {
            &["Luật"]
        } else if unit_name.contains("Tài nguyên") {
            &[
                "Quản lý đất đai",
                "Khoa học môi trường",
                "Trắc địa – Bản đồ",
            ]
        } else if unit_name.contains("Kinh tế") {
            &[
                "Kinh tế",
                "Kỹ thuật xây dựng",
                "Kinh tế nông nghiệp",
                "Kỹ thuật giao thông",
            ]
        } else {
            &[
                "Luật",
                "Hành chính học",
                "Kinh tế",
                "Công nghệ thông tin",
                "Quản trị văn phòng",
            ]
        };
        (Qualification::Bachelor, majors)
    };
    let major = (*dice.pick(majors)).to_owned();
    if q == Qualification::Bachelor && dice.chance(if leader { 40 } else { 10 }) {
        q = Qualification::Master;
    }
    (q, major)
}

/// A salary scale: code, coefficient of step 1 and the rise per step (hundredths).
struct Scale {
    code: &'static str,
    base: i64,
    rise: i64,
    /// Years of service before its first step.
    after: i32,
}

const A1: (i64, i64) = (234, 33);
const A0: (i64, i64) = (210, 31);

fn scale(row: &FileRow, unit: &Unit, q: Qualification, years: i32) -> Scale {
    let pos = row.position_title.to_lowercase();
    let has = |s: &str| pos.contains(s);
    let leader = row.rank != PositionRank::Member;
    let mk = |code, (base, rise): (i64, i64)| Scale {
        code,
        base,
        rise,
        after: 0,
    };
    let degree = matches!(
        q,
        Qualification::Bachelor | Qualification::Master | Qualification::Doctor
    );
    if unit.kind == UnitKind::School {
        if has("giáo viên") || has("hiệu trưởng") {
            return if unit.name.contains("Mầm non") {
                mk("V.07.02.26", A0)
            } else if unit.name.contains("Tiểu học") {
                mk("V.07.03.29", A1)
            } else {
                mk("V.07.04.32", A1)
            };
        }
        return if has("kế toán") {
            mk("06.031", A1)
        } else if has("văn thư") {
            mk("02.007", if degree { A1 } else { A0 })
        } else if has("thư viện") {
            mk("V.10.02.06", if degree { A1 } else { A0 })
        } else {
            mk("V.08.05.13", if degree { A1 } else { A0 })
        };
    }
    if leader && unit.kind != UnitKind::Commune && years >= 12 {
        // Chuyên viên chính (A2.1) after the exam that long-serving leaders have passed.
        return Scale {
            code: "01.002",
            base: 440,
            rise: 34,
            after: 9,
        };
    }
    if degree {
        mk("01.003", A1)
    } else {
        // Cán sự.
        mk("01.004", (186, 20))
    }
}

/// The leadership allowance of a position (hundredths of the base salary).
fn leader_allowance(row: &FileRow, unit: &Unit) -> i64 {
    let head = row.rank == PositionRank::Head;
    let (h, d) = match unit.kind {
        UnitKind::Province | UnitKind::Department => (90, 70),
        UnitKind::District => (70, 60),
        UnitKind::Commune => (25, 20),
        UnitKind::School => (40, 30),
        _ if unit.level == UnitLevel::Province => (60, 40),
        _ => (30, 20),
    };
    if head { h } else { d }
}

/// How a file is left incomplete.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    IdNumber,
    Salary,
    Qualification,
}

/// Draws the file of `row`.
#[allow(clippy::too_many_lines, clippy::too_many_arguments)]
fn draw(
    row: &FileRow,
    unit: &Unit,
    body: &Body,
    pools: &Pools,
    dice: &mut Dice,
    today: Date,
    ids: &mut HashSet<String>,
    gap: Option<Gap>,
) -> Result<BulkFile> {
    let gender = gender_of(&row.full_name, pools, dice);
    let female = gender == Gender::Female;
    let leader = row.rank != PositionRank::Member;
    let contract = row.employment == Employment::HopDong;

    // Age: leaders older; women retire earlier.
    let (lo, hi) = match row.rank {
        PositionRank::Head => (40, 56),
        PositionRank::Deputy => (35, 54),
        PositionRank::Member => (25, 58),
    };
    let hi = if female { hi.min(55) } else { hi };
    let target = dice.range(lo, hi);
    let born = dice.day_in(today.year() - target)?;
    let age = hr::age(born, today);

    // Origins.
    let (ethnicity, hometown) = if dice.chance(4) {
        let (e, places) = dice.pick(MINORITIES);
        ((*e).to_owned(), (*dice.pick(places)).to_owned())
    } else {
        ("Kinh".to_owned(), (*dice.pick(body.hometowns())).to_owned())
    };
    let birthplace = if body.provincial && dice.chance(60) {
        "Quảng Trị".to_owned()
    } else if dice.chance(85) {
        hometown.clone()
    } else {
        (*dice.pick(body.hometowns())).to_owned()
    };
    let code = PROVINCES
        .iter()
        .find(|(p, _)| *p == birthplace)
        .map_or("001", |(_, c)| c);
    // Luật Căn cước 2023, Thông tư 59/2021/TT-BCA: province, century and gender, year, serial.
    let century = match (born.year() >= 2000, female) {
        (false, false) => 0,
        (false, true) => 1,
        (true, false) => 2,
        (true, true) => 3,
    };
    let mut serial = u32::try_from(dice.range(0, 999_999))?;
    let mut id_number;
    loop {
        id_number = format!(
            "{code}{century}{:02}{serial:06}",
            born.year().rem_euclid(100)
        );
        if ids.insert(id_number.clone()) {
            break;
        }
        serial = (serial + 1) % 1_000_000;
    }

    // Party membership: leaders and elected officials, about half the others.
    let member = leader
        || row.employment == Employment::CanBo
        || dice.chance(if contract { 15 } else { 50 });
    let (joined, official) = if member {
        // Leaders joined before they were appointed.
        let at = dice.range(20, (age - 2).min(if leader { 30 } else { 38 }));
        let joined = dice.day_in(born.year() + at)?;
        let official = plus_years(joined, 1)?;
        (Some(joined), Some(official))
    } else {
        (None, None)
    };
    let religion = if member || dice.chance(80) {
        "Không"
    } else if dice.chance(60) {
        "Phật giáo"
    } else {
        "Công giáo"
    };
    let (qualification, major) = education(dice, row, unit);
    let at_root = unit.parent_id.is_none();
    let political_theory = match row.rank {
        PositionRank::Head => Some(PoliticalTheory::Advanced),
        PositionRank::Deputy => Some(PoliticalTheory::Intermediate),
        PositionRank::Member if member && dice.chance(70) => Some(PoliticalTheory::Elementary),
        PositionRank::Member => None,
    };
    let state_management = match row.rank {
        PositionRank::Head if at_root => Some(StateManagement::Senior),
        PositionRank::Head => Some(StateManagement::Principal),
        PositionRank::Deputy if at_root => Some(StateManagement::Principal),
        PositionRank::Deputy => Some(StateManagement::Specialist),
        PositionRank::Member
            if matches!(row.employment, Employment::CongChuc | Employment::CanBo)
                && dice.chance(40) =>
        {
            Some(StateManagement::Specialist)
        }
        PositionRank::Member => None,
    };
    let profile = Profile {
        birth_date: Some(born),
        gender: Some(gender),
        id_number: if gap == Some(Gap::IdNumber) {
            String::new()
        } else {
            id_number
        },
        birthplace,
        hometown,
        ethnicity,
        religion: religion.to_owned(),
        address: body.address(dice),
        general_education: "12/12".to_owned(),
        qualification: (gap != Some(Gap::Qualification)).then_some(qualification),
        major,
        political_theory,
        state_management,
        party_joined_on: joined,
        party_official_on: official,
    };

    // Career.
    let latest = today - Duration::days(400);
    let here = || Some(row.unit_id.clone());
    let mut career: Vec<(Process, String)> = Vec::new();
    let in_post_since;
    if contract {
        in_post_since = today - Duration::days(i64::from(dice.range(730, 1825)));
    } else {
        let agency = if body.provincial { SNV } else { UBND };
        let at = dice.range(22, 26).min(age - 2);
        let mut recruited = dice.day_in(born.year() + at)?;
        if recruited > latest {
            recruited = latest - Duration::days(i64::from(dice.range(0, 60)));
        }
        let school = unit.kind == UnitKind::School;
        let first_position = if !leader {
            row.position_title.clone()
        } else if school {
            "Giáo viên".to_owned()
        } else if unit.kind == UnitKind::Commune {
            "Công chức Văn phòng – Thống kê".to_owned()
        } else {
            "Chuyên viên".to_owned()
        };
        // Some office staff started in a commune and were moved up (điều động).
        let transferred = unit.kind == UnitKind::Office
            && !body.communes.is_empty()
            && hr::age(recruited, today) >= 6
            && dice.chance(15);
        let (first_unit, first_unit_name, first_position) = if transferred {
            let (id, name) = dice.pick(&body.communes);
            (
                Some(id.clone()),
                name.clone(),
                "Công chức Văn phòng – Thống kê".to_owned(),
            )
        } else {
            (here(), row.unit_name.clone(), first_position)
        };
        career.push((
            Process {
                kind: ProcessKind::Recruitment,
                from: Some(recruited),
                to: None,
                decision: body.decision(dice, agency, recruited),
                details: Details {
                    position_title: first_position,
                    unit_id: first_unit,
                    ..Details::default()
                },
            },
            first_unit_name,
        ));
        let mut since = recruited;
        if transferred {
            let moved = plus_years(recruited, dice.range(3, 6))?.min(latest - Duration::days(30));
            career.push((
                Process {
                    kind: ProcessKind::Transfer,
                    from: Some(moved),
                    to: None,
                    decision: body.decision(dice, UBND, moved),
                    details: Details {
                        position_title: if leader {
                            "Chuyên viên".to_owned()
                        } else {
                            row.position_title.clone()
                        },
                        unit_id: here(),
                        ..Details::default()
                    },
                },
                row.unit_name.clone(),
            ));
            since = moved;
        }
        let years = hr::age(recruited, today);
        let s = scale(row, unit, qualification, years);
        let step = (1 + (years - s.after) / 3).clamp(1, 8);
        let raised = plus_years(recruited, s.after + 3 * (step - 1))?;
        if gap != Some(Gap::Salary) {
            career.push((
                Process {
                    kind: ProcessKind::Salary,
                    from: Some(raised),
                    to: None,
                    decision: body.decision(dice, agency, raised),
                    details: Details {
                        scale_code: s.code.to_owned(),
                        step: Some(u8::try_from(step)?),
                        coefficient: Some(Points::from_hundredths(
                            s.base + s.rise * i64::from(step - 1),
                        )),
                        ..Details::default()
                    },
                },
                row.unit_name.clone(),
            ));
        }
        in_post_since = since;
    }
    let in_post_since = if leader {
        let elected = row.employment == Employment::CanBo;
        let agency = if elected {
            HDND
        } else if body.provincial && !at_root {
            SNV
        } else {
            UBND
        };
        let years_ago = dice.range(2, 5);
        let mut appointed = dice.day_in(today.year() - years_ago)?.min(latest);
        // Not before a year in the unit they lead.
        appointed = appointed.max(in_post_since + Duration::days(365));
        let decision = body.decision(dice, agency, appointed);
        // The council elects; the committee pays.
        let pay = if elected {
            body.decision(dice, UBND, appointed)
        } else {
            decision.clone()
        };
        career.push((
            Process {
                kind: ProcessKind::Appointment,
                from: Some(appointed),
                to: None,
                decision,
                details: Details {
                    position_title: row.position_title.clone(),
                    unit_id: here(),
                    rank: Some(row.rank),
                    ..Details::default()
                },
            },
            row.unit_name.clone(),
        ));
        career.push((
            Process {
                kind: ProcessKind::Allowance,
                from: Some(appointed),
                to: None,
                decision: pay,
                details: Details {
                    allowance: "Phụ cấp chức vụ lãnh đạo".to_owned(),
                    coefficient: Some(Points::from_hundredths(leader_allowance(row, unit))),
                    ..Details::default()
                },
            },
            row.unit_name.clone(),
        ));
        appointed
    } else {
        in_post_since
    };
    career.sort_by_key(|(p, _)| p.from);

    // What a clerk's entry would be refused for.
    let problems = hr::check_profile(&profile, today);
    if let Some(e) = problems.first() {
        bail!("demo file of {}: {} ({})", row.full_name, e.field, e.key);
    }
    for (p, _) in &career {
        if let Some(e) = hr::check(p).first() {
            bail!(
                "demo file of {}, {}: {} ({})",
                row.full_name,
                p.kind.as_str(),
                e.field,
                e.key
            );
        }
    }
    // Each change was entered a few working days after its decision; about one in ten later
    // than the five days Đồng Nai 3647 §4 allows, so the reports' "late" column has a few.
    let career = career
        .into_iter()
        .map(|(p, unit)| {
            let decided = p.decision.date.unwrap_or(today);
            let days = if dice.chance(10) {
                dice.range(6, 15)
            } else {
                dice.range(0, 4)
            };
            let day = danhgia_domain::calendar::working_days_after(
                decided,
                u32::try_from(days).unwrap_or(0),
            )
            .min(today);
            let at = day
                .with_hms(9, 0, 0)
                .map(|t| t.assume_offset(danhgia_domain::calendar::VN))
                .unwrap_or_else(|_| danhgia_store::now());
            (p, unit, at)
        })
        .collect();
    Ok(BulkFile {
        person_id: row.person_id.clone(),
        profile,
        career,
        in_post_since,
    })
}

/// Writes a personnel file for every current staff member of every demo body who has none.
/// Returns (files written, files left incomplete).
pub async fn load(store: &Store) -> Result<(usize, usize)> {
    let today = danhgia_store::today();
    let pools = serde_json::from_str::<Data>(crate::demo::DATA)
        .context("data/demo/huyen-mau.json is invalid")?
        .names;
    let mut ids: HashSet<String> = HashSet::new();
    let mut files = Vec::new();
    let mut incomplete = 0;
    for root in store.tenants().await? {
        let units: HashMap<String, Unit> = store
            .units_in_scope(std::slice::from_ref(&root.path), &[])
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let body = Body::of(&root, &units);
        let mut rows: Vec<(String, FileRow)> = Vec::new();
        for row in store.files_on(&root.path, today).await? {
            if row.profile.is_some() {
                continue;
            }
            let unit = units
                .get(&row.unit_id)
                .with_context(|| format!("unit of {}", row.full_name))?;
            let key = format!(
                "{}|{}|{}|{}|{}|{}",
                root.code,
                unit.code,
                row.rank.as_str(),
                row.employment.as_str(),
                row.position_title,
                row.full_name
            );
            rows.push((key, row));
        }
        // Ids are random: the order (and so the seeds) rest on what the demo data says.
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, (key, row)) in rows.iter().enumerate() {
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let mut dice = Dice::new(&format!("{key}#{n}"));
            let gap = (i % INCOMPLETE_EVERY == INCOMPLETE_EVERY / 2).then(|| {
                match (i / INCOMPLETE_EVERY) % 3 {
                    0 => Gap::IdNumber,
                    1 if row.employment != Employment::HopDong => Gap::Salary,
                    1 => Gap::IdNumber,
                    _ => Gap::Qualification,
                }
            });
            let unit = &units[&row.unit_id];
            let file = draw(row, unit, &body, &pools, &mut dice, today, &mut ids, gap)?;
            let held: Vec<ProcessKind> = file.career.iter().map(|(p, _, _)| p.kind).collect();
            let gaps = hr::file_gaps(row.employment, row.rank, &held, Some(&file.profile));
            if gaps.is_empty() == gap.is_some() {
                bail!("demo file of {}: gaps {gaps:?}", row.full_name);
            }
            incomplete += usize::from(!gaps.is_empty());
            files.push(file);
        }
    }
    store.bulk_files(&files, BY).await?;
    organisation(store, &pools, today).await?;
    Ok((files.len(), incomplete))
}

// The rest of issue 11 (SPEC M8.2–M8.5): staffing quotas and unit contacts in both bodies;
// courses, awards and registrations, and the councils and committees in the district. Drawn
// like the files: from codes, positions and names, never from the random ids.

/// A tenant as the organisation's data reads it.
struct Tenant {
    root: Unit,
    /// The root's direct children, by code.
    children: Vec<Unit>,
    /// Everyone placed today, by unit code, rank, position and name.
    staff: Vec<FileRow>,
}

fn rank_order(r: PositionRank) -> u8 {
    match r {
        PositionRank::Head => 0,
        PositionRank::Deputy => 1,
        PositionRank::Member => 2,
    }
}

impl Tenant {
    async fn load(store: &Store, root: Unit, today: Date) -> Result<Tenant> {
        let units: HashMap<String, Unit> = store
            .units_in_scope(std::slice::from_ref(&root.path), &[])
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let mut children: Vec<Unit> = units
            .values()
            .filter(|u| u.parent_id.as_deref() == Some(root.id.as_str()))
            .cloned()
            .collect();
        children.sort_by(|a, b| a.code.cmp(&b.code));
        let mut staff = store.files_on(&root.path, today).await?;
        let code = |r: &FileRow| units.get(&r.unit_id).map_or("", |u| u.code.as_str());
        staff.sort_by(|a, b| {
            (code(a), rank_order(a.rank), &a.position_title, &a.full_name).cmp(&(
                code(b),
                rank_order(b.rank),
                &b.position_title,
                &b.full_name,
            ))
        });
        Ok(Tenant {
            root,
            children,
            staff,
        })
    }

    fn provincial(&self) -> bool {
        self.root.level == UnitLevel::Province
    }

    /// The people placed in the unit itself.
    fn in_unit<'a>(&'a self, unit_id: &'a str) -> impl Iterator<Item = &'a FileRow> + 'a {
        self.staff.iter().filter(move |r| r.unit_id == unit_id)
    }

    fn head_of(&self, unit_id: &str) -> Option<&FileRow> {
        self.staff
            .iter()
            .find(|r| r.unit_id == unit_id && r.rank == PositionRank::Head)
    }

    /// The child whose code ends with `suffix` ("-NV": Phòng Nội vụ).
    fn child(&self, suffix: &str) -> Option<&Unit> {
        self.children.iter().find(|u| u.code.ends_with(suffix))
    }

    fn communes(&self) -> Vec<&Unit> {
        self.children
            .iter()
            .filter(|u| u.kind == UnitKind::Commune)
            .collect()
    }

    /// The name of whoever heads the root (who signs the body's decisions this year).
    fn chair(&self) -> String {
        self.head_of(&self.root.id)
            .map(|r| r.full_name.clone())
            .unwrap_or_default()
    }
}

/// Quotas, contacts, courses, awards and local government for every demo body.
async fn organisation(store: &Store, pools: &Pools, today: Date) -> Result<()> {
    for root in store.tenants().await? {
        let t = Tenant::load(store, root, today).await?;
        quotas(store, &t, today)
            .await
            .with_context(|| format!("demo staffing quotas of {}", t.root.name))?;
        contacts(store, &t, today)
            .await
            .with_context(|| format!("demo unit contacts of {}", t.root.name))?;
        if t.root.kind != UnitKind::District {
            continue;
        }
        training(store, &t, today)
            .await
            .with_context(|| format!("demo courses of {}", t.root.name))?;
        awards(store, &t, today)
            .await
            .with_context(|| format!("demo awards of {}", t.root.name))?;
        local_government(store, &t, pools, today)
            .await
            .with_context(|| format!("demo councils of {}", t.root.name))?;
    }
    Ok(())
}

/// This year's quotas (biên chế giao) of the root and of each of its children, per category
/// of staff on the payroll (contract workers have none): the head count or a few posts more,
/// and one child in five a post short, so the staffing page shows some units over quota. The
/// root's quota covers its children's and its own people.
async fn quotas(store: &Store, t: &Tenant, today: Date) -> Result<()> {
    let year = today.year();
    let mut dice = Dice::new(&format!("{}|quotas|{year}", t.root.code));
    let decision = format!("{}/{UBND}", dice.range(15, 190));
    let count = |path: &str, category: Employment| {
        u32::try_from(
            t.staff
                .iter()
                .filter(|r| r.employment == category && is_within(&r.unit_path, path))
                .count(),
        )
        .unwrap_or(u32::MAX)
    };
    let categories: Vec<Employment> = Employment::ALL
        .iter()
        .copied()
        .filter(|c| *c != Employment::HopDong)
        .collect();
    let mut given: HashMap<Employment, u32> = HashMap::new();
    for (i, u) in t.children.iter().enumerate() {
        let counts: Vec<(Employment, u32)> = categories
            .iter()
            .map(|c| (*c, count(&u.path, *c)))
            .filter(|(_, n)| *n > 0)
            .collect();
        let biggest = counts.iter().max_by_key(|(_, n)| *n).map(|(c, _)| *c);
        for (category, n) in counts {
            let mut dice = Dice::new(&format!("{}|{}|{year}", u.code, category.as_str()));
            let quota = if i % 5 == 1 && Some(category) == biggest && n > 1 {
                n - 1
            } else if dice.chance(40) {
                n
            } else {
                n + u32::try_from(dice.range(1, 3))?
            };
            store
                .set_quota(&u.id, year, category, quota, &decision, BY)
                .await?;
            *given.entry(category).or_default() += quota;
        }
    }
    for category in categories {
        let own = u32::try_from(
            t.in_unit(&t.root.id)
                .filter(|r| r.employment == category)
                .count(),
        )?;
        let extra = if own > 0 {
            u32::try_from(dice.range(0, 1))?
        } else {
            0
        };
        let quota = given.get(&category).copied().unwrap_or(0) + own + extra;
        if quota > 0 {
            store
                .set_quota(&t.root.id, year, category, quota, &decision, BY)
                .await?;
        }
    }
    Ok(())
}

/// The contacts and operating rules of the root and of each of its children.
async fn contacts(store: &Store, t: &Tenant, today: Date) -> Result<()> {
    let provincial = t.provincial();
    let domain = if provincial {
        "snv.quangtri.gov.vn".to_owned()
    } else {
        format!("{}.gov.vn", t.root.suffix.as_deref().unwrap_or("huyenmau"))
    };
    // Where the district's offices sit: its first commune.
    let seat = t
        .communes()
        .first()
        .map(|c| format!("{}, {}", lower_first(&c.name), lower_first(&t.root.name)))
        .unwrap_or_else(|| lower_first(&t.root.name));
    let mut root_dice = Dice::new(&format!("{}|contacts", t.root.code));
    let root_address = if provincial {
        format!(
            "Số {} đường {}, {}",
            root_dice.range(2, 120),
            root_dice.pick(QT_STREETS),
            root_dice.pick(QT_WARDS)
        )
    } else {
        format!("Số {} đường Hùng Vương, {seat}", root_dice.range(1, 9))
    };
    let agency = if provincial { SNV } else { UBND };
    for u in std::iter::once(&t.root).chain(t.children.iter()) {
        let mut dice = Dice::new(&format!("{}|contacts", u.code));
        let sub = u
            .code
            .strip_prefix(&format!("{}-", t.root.code))
            .unwrap_or(&u.code)
            .to_ascii_lowercase();
        let (address, email) = if u.id == t.root.id {
            (root_address.clone(), format!("vanphong@{domain}"))
        } else if u.kind == UnitKind::Commune {
            (
                format!(
                    "Thôn {}, {}, {}",
                    dice.range(1, 6),
                    lower_first(&u.name),
                    lower_first(&t.root.name)
                ),
                format!("vanphong@{sub}.{domain}"),
            )
        } else if provincial || dice.chance(40) {
            // In the root's building.
            (root_address.clone(), format!("{sub}@{domain}"))
        } else {
            (
                format!(
                    "Số {} đường {}, {seat}",
                    dice.range(10, 80),
                    dice.pick(&["Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi"])
                ),
                format!("vanphong@{sub}.{domain}"),
            )
        };
        let phone = if provincial {
            format!("0233 3{:02} {:04}", dice.range(50, 99), dice.range(0, 9999))
        } else {
            format!("0243 8{:02} {:04}", dice.range(10, 99), dice.range(0, 9999))
        };
        let years_ago = dice.range(2, 5);
        let rules_date = dice.day_in(today.year() - years_ago)?;
        let profile = danhgia_store::UnitProfile {
            address,
            phone,
            email,
            rules_number: format!("{}/{agency}", dice.range(5, 60)),
            rules_date: Some(rules_date),
        };
        store.save_unit_profile(&u.id, &profile, BY).await?;
    }
    Ok(())
}

/// `n` of `rows`, spread evenly from the `offset`th.
fn spread<'a>(rows: &[&'a FileRow], n: usize, offset: usize) -> Vec<&'a FileRow> {
    if rows.is_empty() {
        return Vec::new();
    }
    let step = (rows.len() / n.max(1)).max(1);
    let mut out: Vec<&FileRow> = Vec::new();
    for i in 0..n.min(rows.len()) {
        let r = rows[(offset + i * step) % rows.len()];
        if !out.iter().any(|o| o.person_id == r.person_id) {
            out.push(r);
        }
    }
    out
}

/// Three courses the district announces: one running, one near its end with most of its class
/// through, and one that starts in three weeks.
async fn training(store: &Store, t: &Tenant, today: Date) -> Result<()> {
    use danhgia_domain::training::{self, Course, CourseKind};
    let payroll: Vec<&FileRow> = t
        .staff
        .iter()
        .filter(|r| r.employment != Employment::HopDong)
        .collect();
    let civil: Vec<&FileRow> = payroll
        .iter()
        .copied()
        .filter(|r| r.employment == Employment::CongChuc && r.rank == PositionRank::Member)
        .collect();
    let commune_ids: HashSet<&str> = t.communes().iter().map(|u| u.id.as_str()).collect();
    let communal: Vec<&FileRow> = payroll
        .iter()
        .copied()
        .filter(|r| commune_ids.contains(r.unit_id.as_str()))
        .collect();
    let place = lower_first(&t.root.name);
    // (name, kind, organiser, start, end (days from today), seats, class, completed)
    let plans = [
        (
            "Bồi dưỡng kỹ năng số và chuyển đổi số cho cán bộ, công chức, viên chức".to_owned(),
            CourseKind::InformationTechnology,
            format!("Trung tâm Chính trị {place}"),
            -60,
            30,
            Some(30),
            spread(&payroll, 15, 3),
            6,
        ),
        (
            "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên".to_owned(),
            CourseKind::StateManagement,
            "Trường Chính trị tỉnh".to_owned(),
            -150,
            14,
            Some(40),
            spread(&civil, 10, 1),
            8,
        ),
        (
            "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4".to_owned(),
            CourseKind::DefenceSecurity,
            format!("Ban Chỉ huy Quân sự {place}"),
            21,
            25,
            Some(50),
            spread(&communal, 4, 2),
            0,
        ),
    ];
    let mut dice = Dice::new(&format!("{}|training|{}", t.root.code, today.year()));
    let mut certificate = dice.range(11, 30);
    for (name, kind, organiser, start, end, seats, class, completed) in plans {
        let starts_on = today + Duration::days(start);
        let course = Course {
            name,
            kind: Some(kind),
            organiser,
            starts_on: Some(starts_on),
            ends_on: Some(today + Duration::days(end)),
            seats,
        };
        if let Some(e) = training::check_course(&course).first() {
            bail!("demo course {}: {} ({})", course.name, e.field, e.key);
        }
        let id = store.create_course(&t.root.id, &course, BY).await?;
        for r in &class {
            store
                .enrol(&id, &r.person_id, BY)
                .await
                .with_context(|| format!("{} in {}", r.full_name, course.name))?;
        }
        // Those through so far, each on a day from the start to today; certificates are
        // numbered in the order they were issued.
        let span = i32::try_from((today - starts_on).whole_days()).unwrap_or(0);
        let mut through: Vec<(Date, &FileRow)> = Vec::new();
        if starts_on <= today {
            for r in class.iter().take(completed) {
                through.push((
                    starts_on + Duration::days(i64::from(dice.range(0, span))),
                    r,
                ));
            }
        }
        through.sort_by_key(|(on, _)| *on);
        for (on, r) in through {
            let number = format!("CC-{}-{certificate:03}", on.year());
            certificate += 1;
            store
                .finish_enrolment(&id, &r.person_id, Some(on), &number, BY)
                .await
                .with_context(|| format!("{} completing {}", r.full_name, course.name))?;
        }
    }
    Ok(())
}

/// Last year's awards, decided in January, and this year's registrations of two communes.
async fn awards(store: &Store, t: &Tenant, today: Date) -> Result<()> {
    use danhgia_domain::emulation::Award;
    use danhgia_store::NewAward;
    let year = today.year() - 1;
    let mut dice = Dice::new(&format!("{}|awards|{year}", t.root.code));
    let january = |day: i32| -> Result<Date> {
        Ok(Date::from_calendar_date(today.year(), Month::January, u8::try_from(day)?)?.min(today))
    };
    let chair = t.chair();
    let district_day = january(dice.range(15, 25))?;
    let district_decision = |dice: &mut Dice| format!("{}/{UBND}", dice.range(20, 160));
    let communes = t.communes();
    let mut records: Vec<NewAward> = Vec::new();
    let award = |unit_id: &str,
                 person_id: Option<&str>,
                 award: Award,
                 decision: &str,
                 date: Date,
                 signer: &str,
                 note: String| NewAward {
        unit_id: unit_id.to_owned(),
        person_id: person_id.map(str::to_owned),
        year,
        award,
        decision_number: decision.to_owned(),
        decision_date: date,
        decision_signer: signer.to_owned(),
        note,
    };
    // Lao động tiên tiến: a third of the staff on the payroll of two communes (decided by
    // each commune's chair) and of Phòng Nội vụ (by the district's).
    let mut advanced: Vec<Vec<&FileRow>> = Vec::new();
    let mut awarding: Vec<(&Unit, String, Date, String)> = communes
        .iter()
        .take(2)
        .map(|u| -> Result<(&Unit, String, Date, String)> {
            let signer = t
                .head_of(&u.id)
                .map(|r| r.full_name.clone())
                .unwrap_or_default();
            Ok((
                *u,
                format!("{}/{UBND}", dice.range(3, 40)),
                january(dice.range(8, 14))?,
                signer,
            ))
        })
        .collect::<Result<_>>()?;
    if let Some(nv) = t.child("-NV") {
        awarding.push((
            nv,
            district_decision(&mut dice),
            district_day,
            chair.clone(),
        ));
    }
    for (u, decision, date, signer) in &awarding {
        let chosen: Vec<&FileRow> = t
            .in_unit(&u.id)
            .filter(|r| r.employment != Employment::HopDong)
            .enumerate()
            .filter(|(i, _)| i % 3 == 0)
            .map(|(_, r)| r)
            .collect();
        for r in &chosen {
            records.push(award(
                &u.id,
                Some(&r.person_id),
                Award::AdvancedWorker,
                decision,
                *date,
                signer,
                String::new(),
            ));
        }
        advanced.push(chosen);
    }
    // Chiến sĩ thi đua cơ sở: from the Lao động tiên tiến, by the district's chair.
    let fighters: Vec<&FileRow> = advanced
        .iter()
        .flat_map(|a| a.iter().skip(1).take(if a.len() > 6 { 2 } else { 1 }))
        .copied()
        .take(4)
        .collect();
    let decision = district_decision(&mut dice);
    for r in &fighters {
        records.push(award(
            &r.unit_id,
            Some(&r.person_id),
            Award::BaseFighter,
            &decision,
            district_day,
            &chair,
            "Có sáng kiến được Hội đồng sáng kiến huyện công nhận".to_owned(),
        ));
    }
    // Giấy khen of the district's chair for two of Phòng Tư pháp.
    if let Some(tp) = t.child("-TP") {
        let decision = district_decision(&mut dice);
        let day = january(dice.range(5, 12))?;
        for r in t
            .in_unit(&tp.id)
            .filter(|r| r.rank == PositionRank::Member)
            .take(2)
        {
            records.push(award(
                &tp.id,
                Some(&r.person_id),
                Award::Certificate,
                &decision,
                day,
                &chair,
                format!(
                    "Có thành tích xuất sắc trong công tác phổ biến, giáo dục pháp luật năm {year}"
                ),
            ));
        }
    }
    // Tập thể lao động tiên tiến: the first commune.
    if let Some(u) = communes.first() {
        records.push(award(
            &u.id,
            None,
            Award::AdvancedCollective,
            &district_decision(&mut dice),
            district_day,
            &chair,
            String::new(),
        ));
    }
    for a in &records {
        store.record_award(a, BY).await?;
    }

    // This year's registrations: the first commune aims at "Tập thể lao động xuất sắc", the
    // second at "tiên tiến"; everyone on the payroll at Lao động tiên tiến, a few higher.
    for (i, u) in communes.iter().take(2).enumerate() {
        let own = if i == 0 {
            Award::ExcellentCollective
        } else {
            Award::AdvancedCollective
        };
        let people: Vec<(String, Award)> = store
            .people_in_unit(&u.id)
            .await?
            .into_iter()
            .filter(|p| p.employment != Employment::HopDong)
            .map(|p| {
                let title = if p.rank == PositionRank::Head || dice.chance(12) {
                    Award::BaseFighter
                } else {
                    Award::AdvancedWorker
                };
                (p.id, title)
            })
            .collect();
        store
            .save_pledges(&u.id, today.year(), Some(own), &people, BY)
            .await?;
    }
    Ok(())
}

/// A name drawn from the demo's pools that nobody in `taken` bears (a delegate who is not on
/// the staff); added to `taken`.
fn outsider(dice: &mut Dice, pools: &Pools, taken: &mut HashSet<String>) -> Result<String> {
    for _ in 0..200 {
        let total: u32 = pools.family.iter().map(|(_, w)| *w).sum();
        let mut roll = u32::try_from(dice.range(0, i32::try_from(total.max(1) - 1)?))?;
        let family = pools
            .family
            .iter()
            .find(|(_, w)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .map_or("Nguyễn", |(f, _)| f.as_str());
        let (middle, given) = if dice.chance(50) {
            (&pools.middle_male, &pools.given_male)
        } else {
            (&pools.middle_female, &pools.given_female)
        };
        let name = format!("{family} {} {}", dice.pick(middle), dice.pick(given));
        if taken.insert(name.clone()) {
            return Ok(name);
        }
    }
    bail!("no name left for a delegate")
}

/// The People's Council and Committee of the district and of each commune in this term, and
/// the category of every commune staff member.
async fn local_government(store: &Store, t: &Tenant, pools: &Pools, today: Date) -> Result<()> {
    use danhgia_domain::localgov::{self, CommuneCategory, Membership, Office};
    let term = localgov::term_of(today.year());
    let first = Date::from_calendar_date(term, Month::January, 1)?;
    let mut taken: HashSet<String> = t.staff.iter().map(|r| r.full_name.clone()).collect();
    let mut categories: Vec<(String, Option<CommuneCategory>)> = Vec::new();
    let levels: Vec<&Unit> = std::iter::once(&t.root)
        .chain(t.communes())
        .filter(|u| localgov::has_council(u.kind))
        .collect();
    for u in levels {
        let mut dice = Dice::new(&format!("{}|offices|{term}", u.code));
        // The first session of the new council, a few weeks after the election.
        let opened = (first + Duration::days(i64::from(dice.range(80, 110)))).min(today);
        let district = u.id == t.root.id;
        // (body, office, name, person)
        let mut seats: Vec<(localgov::Body, Office, String, Option<String>)> = Vec::new();
        let council = localgov::Body::Council;
        let committee = localgov::Body::Committee;
        seats.push((
            council,
            Office::Chair,
            outsider(&mut dice, pools, &mut taken)?,
            None,
        ));
        seats.push((
            council,
            Office::ViceChair,
            outsider(&mut dice, pools, &mut taken)?,
            None,
        ));
        for _ in 0..2 {
            seats.push((
                council,
                Office::BoardHead,
                outsider(&mut dice, pools, &mut taken)?,
                None,
            ));
        }
        let head = t.head_of(&u.id);
        if let Some(h) = head {
            // The committee's chair sits on the council too.
            seats.push((
                council,
                Office::Member,
                h.full_name.clone(),
                Some(h.person_id.clone()),
            ));
        }
        for _ in 0..dice.range(4, 6) {
            seats.push((
                council,
                Office::Member,
                outsider(&mut dice, pools, &mut taken)?,
                None,
            ));
        }
        if let Some(h) = head {
            seats.push((
                committee,
                Office::Chair,
                h.full_name.clone(),
                Some(h.person_id.clone()),
            ));
        }
        for d in t.in_unit(&u.id).filter(|r| r.rank == PositionRank::Deputy) {
            seats.push((
                committee,
                Office::ViceChair,
                d.full_name.clone(),
                Some(d.person_id.clone()),
            ));
        }
        // Committee members: at the district the heads of three offices; in a commune its
        // military commander and the commune's police chief (not on the staff).
        let members: Vec<&FileRow> = if district {
            ["-VP", "-NV", "-TC"]
                .iter()
                .filter_map(|s| t.child(s))
                .filter_map(|c| t.head_of(&c.id))
                .collect()
        } else {
            t.in_unit(&u.id)
                .filter(|r| r.position_title.contains("Quân sự"))
                .take(1)
                .collect()
        };
        for m in members {
            seats.push((
                committee,
                Office::Member,
                m.full_name.clone(),
                Some(m.person_id.clone()),
            ));
        }
        if !district {
            seats.push((
                committee,
                Office::Member,
                outsider(&mut dice, pools, &mut taken)?,
                None,
            ));
        }
        for (body, office, full_name, person) in seats {
            // Resolutions of the first session: delegates confirmed, then the council's
            // officers, then the committee's.
            let n = match (body, office) {
                (localgov::Body::Council, Office::Member) => 1,
                (localgov::Body::Council, Office::Chair) => 2,
                (localgov::Body::Council, _) => 3,
                (localgov::Body::Committee, Office::Chair) => 4,
                (localgov::Body::Committee, Office::ViceChair) => 5,
                (localgov::Body::Committee, _) => 6,
            };
            let m = Membership {
                body: Some(body),
                office: Some(office),
                term,
                full_name,
                from: Some(opened),
                to: None,
                decision_number: format!("{n:02}/{HDND}"),
            };
            if let Some(e) = localgov::check(&m).first() {
                bail!("demo office of {}: {} ({})", m.full_name, e.field, e.key);
            }
            store
                .add_office(&u.id, &m, person.as_deref(), BY)
                .await
                .with_context(|| format!("{} in {}", m.full_name, u.name))?;
        }
        if u.kind == UnitKind::Commune {
            for r in t.in_unit(&u.id) {
                let pos = r.position_title.to_lowercase();
                let category = if r.rank != PositionRank::Member
                    || ["bí thư", "mặt trận", "chủ tịch hội", "đoàn thanh niên"]
                        .iter()
                        .any(|w| pos.contains(w))
                {
                    CommuneCategory::FullTime
                } else if pos.starts_with("công chức") || pos.contains("chỉ huy trưởng") {
                    CommuneCategory::CivilServant
                } else {
                    CommuneCategory::PartTime
                };
                categories.push((r.person_id.clone(), Some(category)));
            }
        }
    }
    store.set_commune_categories(&categories, BY).await?;
    Ok(())
}
