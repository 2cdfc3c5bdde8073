//! KPI by work products: the result criterion of NĐ 335/2025/NĐ-CP (Đ.13–18), with the worked
//! examples of the Ministry of Home Affairs handbook (Sổ tay 2026, chương VI–VII, Phụ lục IV).
//!
//! The chain, as a form shows it:
//!
//! 1. A unit's catalogue of products, each in one of at most five complexity groups, with a
//!    coefficient converting it to standard product units (Đ.13; [`Product`], [`check_catalogue`],
//!    [`coefficient`]).
//! 2. Each person's tasks of the month or quarter in converted units ([`Task`]), from which the
//!    quantity, quality and timeliness percentages a, b, c (Đ.14.2, Đ.18.1; [`parts`]).
//! 3. For a head or deputy, three more percentages d, đ, e of 100 % or 50 % (Đ.15.3;
//!    [`LeaderParts`], [`unit_result`]).
//! 4. The result percentage (a + b + c) / 3 or (a + … + e) / 6 (Đ.16; [`result_percent`]), the
//!    period score general + result % × 70 (Đ.17.1; [`period_score`]) and the quarter, half-year
//!    and year as means of the months (Đ.17.3; [`mean_score`]).
//!
//! Every quantity is exact: units are thousandths ([`Units`]), percentages are [`Points`] holding
//! hundredths of a percent (100 % = `Points::whole(100)`), and each function computes with `i128`
//! fractions and rounds once, at its end, half away from zero.
//!
//! Where the decree and the handbook disagree, [`Rules::default`] follows the decree and
//! [`Rules::handbook`] reproduces the handbook.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::points::Points;

/// At most five complexity groups in a catalogue. NĐ 335 Đ.13.1.a: "phân loại tối đa thành 05
/// nhóm theo cấp độ phức tạp của vị trí việc làm".
pub const MAX_GROUPS: u8 = 5;

/// The lowest score of "Hoàn thành nhiệm vụ" (NĐ 335 Đ.20.3: "Đạt từ 50 điểm"), the threshold of
/// d in Đ.15.3.a (handbook chương IV 3.2.a: "(≥ 50 điểm)").
pub const PASS_SCORE: Points = Points::whole(50);

/// 100 % in hundredths of a percent.
const FULL: i64 = 10_000;

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

/// A quantity of products or of standard (converted) product units, in thousandths (1.5 = 1500).
/// Exact, never f64. The handbook's own tables need thousandths: 3.7 × 0.8 = 2.96 and
/// 8.1 × 75 % = 6.075 (Sổ tay chương VI, Bảng 1–3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Units(pub i64);

impl Units {
    pub const ZERO: Units = Units(0);

    /// Whole units.
    pub const fn whole(n: i64) -> Units {
        Units(n.saturating_mul(1000))
    }

    /// From stored thousandths.
    pub const fn from_thousandths(n: i64) -> Units {
        Units(n)
    }

    /// The thousandths, as stored.
    pub const fn thousandths(self) -> i64 {
        self.0
    }

    /// Parses what a person types or a catalogue holds: `2`, `1.5`, `1,5`, `0,8`, `2.96`, at most
    /// three decimals, never negative. Anything else is `None`. (Both `,` and `.` are decimal
    /// marks, as in [`Points::parse`]; there is no thousands separator.)
    pub fn parse(s: &str) -> Option<Units> {
        let s = s.trim().replace(',', ".");
        if s.is_empty() || s.len() > 16 {
            return None;
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s.as_str(), ""),
        };
        if int.is_empty() && frac.is_empty()
            || !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 3
            || s.ends_with('.')
        {
            return None;
        }
        let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut thousandths: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..3 {
            thousandths *= 10;
        }
        whole.checked_mul(1000)?.checked_add(thousandths).map(Units)
    }

    /// Vietnamese form with a decimal comma and no trailing zeros: `1,5`, `2`, `2,96`, `6,075`.
    pub fn vi(self) -> String {
        self.format(',')
    }

    /// `self × other`, rounded half away from zero to the thousandth: the converted quantity of
    /// the handbook's column (7) = (5) × (6), coefficient × number of products (Sổ tay chương VI,
    /// Bảng 1).
    pub fn times(self, other: Units) -> Units {
        let v = round_div(i128::from(self.0) * i128::from(other.0), 1000);
        Units(clamp_i64(v))
    }

    fn format(self, sep: char) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (w, mut f) = (a / 1000, a % 1000);
        if f == 0 {
            return format!("{sign}{w}");
        }
        let mut digits = 3;
        while f % 10 == 0 {
            f /= 10;
            digits -= 1;
        }
        format!("{sign}{w}{sep}{f:0digits$}")
    }
}

impl fmt::Display for Units {
    /// English form with a decimal point: `1.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format('.'))
    }
}

impl std::ops::Add for Units {
    type Output = Units;
    fn add(self, o: Units) -> Units {
        Units(self.0.saturating_add(o.0))
    }
}

impl std::iter::Sum for Units {
    fn sum<I: Iterator<Item = Units>>(iter: I) -> Units {
        iter.fold(Units::ZERO, |a, b| a + b)
    }
}

// ---------------------------------------------------------------------------------------------
// Catalogue (Đ.13)
// ---------------------------------------------------------------------------------------------

/// One product of a unit's catalogue (NĐ 335 Đ.13.1: "Danh mục sản phẩm/công việc", grouped by
/// complexity, converted to the standard product unit; handbook Phụ lục I and III).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// The catalogue's own code (`II.A.1` in the Thanh Hóa catalogue).
    pub code: String,
    pub name: String,
    /// Complexity group, 1 ..= [`MAX_GROUPS`] (Đ.13.1.a).
    pub group: u8,
    /// Đơn vị tính: what one product is (`Công văn`, `Báo cáo`, `Lượt`).
    pub unit: String,
    /// Standard units per product (Đ.13.1.c; handbook Bước 3: "Hệ số quy đổi"); the standard
    /// product itself has 1.
    pub coefficient: Units,
}

/// One problem of a catalogue: the row (index in the slice), the field and an i18n message key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueError {
    pub row: usize,
    /// `"code"`, `"name"`, `"group"`, `"unit"` or `"coefficient"`.
    pub field: &'static str,
    /// `kpi.err.code_required`, `kpi.err.code_duplicate`, `kpi.err.name_required`,
    /// `kpi.err.unit_required`, `kpi.err.group_range`, `kpi.err.coefficient_positive`.
    pub key: &'static str,
}

/// Every problem of a catalogue, in row order (empty when it is valid):
/// - a code, a name and a unit on every row, codes unique (compared trimmed and ignoring case;
///   the later row is reported) — Đ.13.1.a asks for a catalogue with duplicates removed
///   ("loại bỏ các nhiệm vụ gắn với sản phẩm/công việc trùng lặp");
/// - group in 1 ..= 5 (Đ.13.1.a: "tối đa thành 05 nhóm");
/// - coefficient above zero (Đ.13.1.c: every product converts to standard units; handbook
///   Bước 3: coefficient = the product's points ÷ the standard product's points, both positive).
pub fn check_catalogue(products: &[Product]) -> Vec<CatalogueError> {
    let mut errors = Vec::new();
    let mut seen: Vec<String> = Vec::with_capacity(products.len());
    for (row, p) in products.iter().enumerate() {
        let mut err = |field, key| errors.push(CatalogueError { row, field, key });
        let code = p.code.trim().to_lowercase();
        if code.is_empty() {
            err("code", "kpi.err.code_required");
        } else if seen.contains(&code) {
            err("code", "kpi.err.code_duplicate");
        }
        if p.name.trim().is_empty() {
            err("name", "kpi.err.name_required");
        }
        if !(1..=MAX_GROUPS).contains(&p.group) {
            err("group", "kpi.err.group_range");
        }
        if p.unit.trim().is_empty() {
            err("unit", "kpi.err.unit_required");
        }
        if p.coefficient <= Units::ZERO {
            err("coefficient", "kpi.err.coefficient_positive");
        }
        if !code.is_empty() {
            seen.push(code);
        }
    }
    errors
}

/// The most points a product of `group` may be given: 100, 200, 300, 400, 500 for groups 1–5
/// (handbook chương II, Bước 1: "khung điểm từ 01 đến tối đa 500 điểm đối với 05 nhóm"; "không
/// thay đổi khung điểm tối đa của từng nhóm"; Phụ lục IV.2 column "Khung điểm tối đa"). `None`
/// outside 1 ..= 5.
pub fn group_max_points(group: u8) -> Option<u32> {
    (1..=MAX_GROUPS)
        .contains(&group)
        .then(|| 100 * u32::from(group))
}

/// A product's coefficient from the experts' points (handbook chương II, Bước 3: "Hệ số quy đổi
/// sản phẩm/công việc (i) = Điểm của sản phẩm/công việc (i) / Điểm của đơn vị sản phẩm/công việc
/// chuẩn"), rounded half away from zero to `decimals` (at most 3; the handbook rounds "đến 1 số
/// thập phân"). `None` when the standard has no points or `decimals > 3`.
pub fn coefficient(points: u32, standard_points: u32, decimals: u8) -> Option<Units> {
    if standard_points == 0 || decimals > 3 {
        return None;
    }
    let step = 10_i128.pow(3 - u32::from(decimals));
    let v = round_div(
        i128::from(points) * 1000,
        i128::from(standard_points) * step,
    ) * step;
    Some(Units(clamp_i64(v)))
}

// ---------------------------------------------------------------------------------------------
// Tasks (Đ.14, Đ.18)
// ---------------------------------------------------------------------------------------------

/// Where a task comes from (NĐ 335 Đ.18.1.d).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Part of the work assigned for the period: its assigned units make the denominator of a, b
    /// and c.
    #[default]
    Assigned,
    /// Taken over from a colleague who could not do it: "được tính ngoài tổng số nhiệm vụ được
    /// giao ban đầu và được tính thêm điểm" — numerator only.
    TakenOver,
    /// Urgent or new work outside the plan: "nhiệm vụ đột xuất, phát sinh mới ngoài kế hoạch …
    /// được tính ngoài số nhiệm vụ được giao ban đầu và được tính thêm điểm" — numerator only.
    AdHoc,
}

/// The leader's verdict on a product's content at the end of the period (Đ.14.2.b: "hoàn thành
/// đạt yêu cầu về chất lượng nội dung").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// Not rated yet: nothing counts for b until the leader rates it (see [`unrated`]).
    #[default]
    Pending,
    /// Meets the content requirements, possibly after failed assessments counted in
    /// [`Task::quality_errors`].
    Met,
    /// Still does not meet them: the product counts for a and c but adds nothing to b.
    NotMet,
}

/// One task as it stands at the end of the period, in converted units.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Task {
    pub origin: Origin,
    /// Converted units assigned (handbook column (7) = coefficient × number of products).
    pub assigned: Units,
    /// Converted units completed (column (9)); "partly done" is `done < assigned`. Counted at
    /// most up to `assigned`: work beyond what was given is given as another task (Đ.18.1.d).
    pub done: Units,
    /// Reported as impossible and given to someone else (Đ.18.1.d: "vẫn tính trong tổng nhiệm vụ
    /// được giao, nhưng không được tính vào kết quả hoàn thành").
    pub handed_back: bool,
    /// The leader's verdict on the content.
    pub quality: Quality,
    /// Assessments "chưa đạt" for major content errors without an objective cause certified by
    /// the competent level (Đ.14.2.b); each takes [`Rules::penalty_percent`] of this product's
    /// quality points. Errors with a certified cause are not counted here.
    pub quality_errors: u32,
    /// Delays without a certified objective cause (Đ.14.2.c), counted as [`Rules::delay_count`]
    /// says (see [`delays`]); each takes [`Rules::penalty_percent`] of this product's timeliness
    /// points.
    pub delays: u32,
}

impl Task {
    /// A task of `origin` with `assigned` converted units, nothing done yet.
    pub fn new(origin: Origin, assigned: Units) -> Task {
        Task {
            origin,
            assigned,
            ..Task::default()
        }
    }
}

/// How delays are counted (Đ.14.2.c).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelayCount {
    /// The decree: "mỗi lần chậm bị trừ 25%" — each time a product is late.
    #[default]
    PerTime,
    /// The handbook (chương VI 2): "mỗi lần/ngày chậm bị trừ 25%" — each calendar day late; its
    /// Bảng 2 is reproduced only this way (15/11 → 19/11 is 4 days and scores 0).
    PerDay,
}

/// The delays of a product due on `deadline` and finished on `finished`: 0 when on time or early
/// ("đạt tiến độ trở lên", Đ.14.2.c); else 1 ([`DelayCount::PerTime`]) or the calendar days late
/// ([`DelayCount::PerDay`], as the handbook's Bảng 2 counts them).
pub fn delays(deadline: Date, finished: Date, count: DelayCount) -> u32 {
    let days = (finished - deadline).whole_days();
    if days <= 0 {
        return 0;
    }
    match count {
        DelayCount::PerTime => 1,
        DelayCount::PerDay => u32::try_from(days).unwrap_or(u32::MAX),
    }
}

/// The settings of the result criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Taken from a product's quality or timeliness points per error or delay, in hundredths of a
    /// percent: 25 % (Đ.14.2.b–c: "bị trừ 25% điểm … của sản phẩm/công việc đó"). A product never
    /// goes below 0.
    pub penalty_percent: Points,
    /// What a delay is (Đ.14.2.c vs the handbook).
    pub delay_count: DelayCount,
    /// Decimals of every percentage shown (a, b, c, result), 0 ..= 2; the handbook shows 1
    /// ("89,6"). Neither text says more; values above 2 act as 2.
    pub decimals: u8,
    /// Cap a, b and c at 100 % each. Off by default: the decree caps only the criterion (Đ.12.3:
    /// "chấm tối đa là 70 điểm"), so extra work (Đ.18.1.d: "được tính thêm điểm") may make a part
    /// exceed 100 % and make up for another; the result is capped at 100 % either way.
    pub cap_parts: bool,
}

impl Default for Rules {
    /// The decree's reading: 25 % per error or delay, a delay is each time late, one decimal (the
    /// handbook's; the decree says nothing), parts uncapped.
    fn default() -> Rules {
        Rules {
            penalty_percent: Points::whole(25),
            delay_count: DelayCount::PerTime,
            decimals: 1,
            cap_parts: false,
        }
    }
}

impl Rules {
    /// The handbook's reading: as the decree, but each day late is a delay (Sổ tay chương VI 2).
    pub fn handbook() -> Rules {
        Rules {
            delay_count: DelayCount::PerDay,
            ..Rules::default()
        }
    }

    fn step(&self) -> i128 {
        10_i128.pow(2 - u32::from(self.decimals.min(2)))
    }
}

/// The three percentages of Đ.14.2: a (quantity), b (quality), c (timeliness), each rounded to
/// [`Rules::decimals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Parts {
    pub quantity: Points,
    pub quality: Points,
    pub timeliness: Points,
}

/// What one task adds to the numerators of a, b and c, in converted units (the handbook's columns
/// (9), (12) and (14)), rounded half up to the thousandth for display; [`parts`] sums the exact
/// values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskPoints {
    pub quantity: Units,
    pub quality: Units,
    pub timeliness: Units,
}

/// A task's contributions in thousandths × hundredths of a percent (exact).
fn contributions(t: &Task, rules: &Rules) -> (i128, i128, i128) {
    if t.handed_back {
        return (0, 0, 0);
    }
    let done = i128::from(t.done.0.clamp(0, t.assigned.0.max(0)));
    let keep = |n: u32| -> i128 {
        let cut = i128::from(n) * i128::from(rules.penalty_percent.hundredths());
        (i128::from(FULL) - cut).clamp(0, i128::from(FULL))
    };
    let quality = match t.quality {
        Quality::Met => done * keep(t.quality_errors),
        Quality::Pending | Quality::NotMet => 0,
    };
    (done * i128::from(FULL), quality, done * keep(t.delays))
}

/// What `task` adds to a, b and c (see [`TaskPoints`]).
pub fn task_points(task: &Task, rules: &Rules) -> TaskPoints {
    let (q, b, c) = contributions(task, rules);
    let u = |v: i128| Units(clamp_i64(round_div(v, i128::from(FULL))));
    TaskPoints {
        quantity: u(q),
        quality: u(b),
        timeliness: u(c),
    }
}

/// The denominator of a, b and c: the converted units assigned at the start, handed back or not
/// (Đ.14.1; Đ.18.1.d). Taken-over and ad-hoc tasks are outside it.
pub fn assigned_total(tasks: &[Task]) -> Units {
    tasks
        .iter()
        .filter(|t| t.origin == Origin::Assigned)
        .map(|t| Units(t.assigned.0.max(0)))
        .sum()
}

/// The tasks done at least in part whose quality the leader has not rated yet: b is final only
/// when this is 0.
pub fn unrated(tasks: &[Task]) -> usize {
    tasks
        .iter()
        .filter(|t| !t.handed_back && t.done > Units::ZERO && t.quality == Quality::Pending)
        .count()
}

/// a, b and c of NĐ 335 Đ.14.2 over the tasks of a month or quarter:
/// - a = converted units completed ÷ converted units assigned (Đ.14.2.a);
/// - b = converted units completed that meet the content requirements ÷ assigned, each failed
///   assessment taking [`Rules::penalty_percent`] of that product's quality points, never below 0
///   (Đ.14.2.b);
/// - c = converted units completed on time or early ÷ assigned, each delay taking
///   [`Rules::penalty_percent`] of that product's timeliness points, never below 0 (Đ.14.2.c).
///
/// A product's quality and timeliness points are its completed units: a part-done product counts
/// what was done (the handbook's report 0.8 × 3.7 = 2.96 counts 2.96 in b and c). The denominator
/// is [`assigned_total`]; a handed-back task stays in it and adds nothing; taken-over and ad-hoc
/// tasks add to the numerators only (Đ.18.1.d). Each part is computed exactly and rounded once to
/// [`Rules::decimals`]; with nothing assigned every part is 0 (Đ.18.1.d requires every person to be
/// given work; check [`assigned_total`] first).
pub fn parts(tasks: &[Task], rules: &Rules) -> Parts {
    let den = i128::from(assigned_total(tasks).0);
    let (mut q, mut b, mut c) = (0_i128, 0_i128, 0_i128);
    for t in tasks {
        let (tq, tb, tc) = contributions(t, rules);
        q += tq;
        b += tb;
        c += tc;
    }
    let pct = |num: i128| -> Points {
        if den <= 0 {
            return Points::ZERO;
        }
        // num / (den × 100 %) as hundredths of a percent: num / den.
        let step = rules.step();
        let v = round_div(num, den * step) * step;
        let v = if rules.cap_parts {
            v.min(i128::from(FULL))
        } else {
            v
        };
        Points(clamp_i64(v))
    };
    Parts {
        quantity: pct(q),
        quality: pct(b),
        timeliness: pct(c),
    }
}

// ---------------------------------------------------------------------------------------------
// Leaders (Đ.15.3–15.4)
// ---------------------------------------------------------------------------------------------

/// The two levels of d, đ and e: 100 % or 50 % (Đ.15.3.a–c: "được tính đạt điểm tỷ lệ bằng
/// 100%" / "bằng 50%").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    #[default]
    Full,
    Half,
}

impl Level {
    /// 100 % or 50 %, in hundredths of a percent.
    pub const fn percent(self) -> Points {
        match self {
            Level::Full => Points::whole(100),
            Level::Half => Points::whole(50),
        }
    }
}

/// A head's (or, on their own field, a deputy's: Đ.15.4) three extra percentages (Đ.15.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderParts {
    /// d: the unit's results (Đ.15.3.a), normally [`unit_result`] of the subordinates' scores.
    pub unit_result: Points,
    /// đ: organising ability (Đ.15.3.b): full when the unit did all planned work on time and to
    /// standard with initiative; half when it had shortcomings or long delays.
    pub organising: Level,
    /// e: rallying and uniting the staff (Đ.15.3.c): half when complaints about internal conflict
    /// dragged on in the period.
    pub unity: Level,
}

/// d of Đ.15.3.a: 100 % when every civil servant under the leader's authority scored at the level
/// of "Hoàn thành nhiệm vụ" or above, that is ≥ 50 (Đ.20.3; handbook chương IV 3.2.a "(≥ 50
/// điểm)"); 50 % as soon as one scored below 50. With nobody to count, 100 % ("100% công chức"
/// holds of none).
pub fn unit_result(subordinate_scores: &[Points]) -> Points {
    if subordinate_scores.iter().all(|s| *s >= PASS_SCORE) {
        Level::Full.percent()
    } else {
        Level::Half.percent()
    }
}

// ---------------------------------------------------------------------------------------------
// Result and score (Đ.16, Đ.17)
// ---------------------------------------------------------------------------------------------

/// The result percentage of NĐ 335 Đ.16: (a + b + c) / 3 for staff (Đ.16.1), (a + b + c + d + đ +
/// e) / 6 for leaders (Đ.16.2), from the parts as given (as shown on the form), capped at 100 %
/// because the criterion is worth at most 70 points (Đ.12.3), never below 0, rounded once to
/// [`Rules::decimals`].
pub fn result_percent(parts: &Parts, leader: Option<&LeaderParts>, rules: &Rules) -> Points {
    let mut sum = i128::from(parts.quantity.hundredths())
        + i128::from(parts.quality.hundredths())
        + i128::from(parts.timeliness.hundredths());
    let mut n: i128 = 3;
    if let Some(l) = leader {
        sum += i128::from(l.unit_result.hundredths())
            + i128::from(l.organising.percent().hundredths())
            + i128::from(l.unity.percent().hundredths());
        n = 6;
    }
    let full = i128::from(FULL);
    if sum >= full * n {
        return Points(FULL);
    }
    if sum <= 0 {
        return Points::ZERO;
    }
    let step = rules.step();
    Points(clamp_i64(round_div(sum, n * step) * step))
}

/// The score of a month or quarter (NĐ 335 Đ.17.1): general criteria + result % × 70, to the
/// hundredth of a point (the handbook's 30 + 66.7 % × 70 = 76.69, which it shows as "76,7"; see
/// [`round_to`]). The result is taken within 0 ..= 100 % (Đ.12.3); `general` is taken as given
/// (at most 30 by Đ.12.2, checked where it is scored).
pub fn period_score(general: Points, result_percent: Points) -> Points {
    let r = result_percent.clamp(Points::ZERO, Points(FULL));
    general + Points::whole(70).of_percent(r)
}

/// The score of a quarter, half-year or year: the mean of its months' scores (NĐ 335 Đ.17.3:
/// "bằng điểm trung bình cộng của 03 tháng … 06 tháng … 12 tháng"), rounded half up to the
/// hundredth as [`crate::preset::mean`] does. Pass only the months actually worked (Đ.11.2).
/// `None` when there are none.
pub fn mean_score(scores: &[Points]) -> Option<Points> {
    crate::preset::mean(scores)
}

/// `p` rounded half away from zero to `decimals` (0 ..= 2) decimals, as the handbook shows numbers
/// ("76,69" → "76,7").
pub fn round_to(p: Points, decimals: u8) -> Points {
    let step = 10_i128.pow(2 - u32::from(decimals.min(2)));
    Points(clamp_i64(
        round_div(i128::from(p.hundredths()), step) * step,
    ))
}

// ---------------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------------

/// `num / den` rounded half away from zero; `den > 0`.
fn round_div(num: i128, den: i128) -> i128 {
    if den <= 0 {
        return 0;
    }
    let q = num / den;
    let r = num % den;
    if r.abs() * 2 >= den {
        q + num.signum()
    } else {
        q
    }
}

fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}
