//! Rule presets (SPEC M3.4, M4.3; `shared/RULES.md`): the grading policy of a body, as data
//! (`data/presets/<key>.toml`) interpreted by the pure functions here. A tenant, or a block
//! within it, picks one.
//!
//! [`Preset::grade`] turns a total and the facts the rules care about into a grade, with every
//! rule that moved it listed, so the form can say why.

use serde::Deserialize;
use toml::Spanned;

use crate::criteria::{Errors, SetError};
use crate::grade::Grade;
use crate::points::Points;

/// The lowest total of grades A, B and C; below C is D. Exact decimals: "A: từ 90 điểm".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub a: Points,
    pub b: Points,
    pub c: Points,
}

impl Bands {
    /// The grade a total earns by itself.
    pub fn grade(&self, total: Points) -> Grade {
        if total >= self.a {
            Grade::A
        } else if total >= self.b {
            Grade::B
        } else if total >= self.c {
            Grade::C
        } else {
            Grade::D
        }
    }
}

/// The quota of A grades (M4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaRule {
    /// A may be at most this percentage of the number graded B (20).
    pub a_percent_of_b: u32,
    /// The percentage for a unit recognised as outstanding by decision (NĐ 335 Đ.20.5b: 25).
    pub outstanding_percent: u32,
    /// A cohort with fewer people than this may have [`QuotaRule::small_cohort_a`] A's (Hanoi:
    /// "dưới 5 người … 01 đồng chí"); 0 turns the rule off.
    pub small_cohort_below: u32,
    pub small_cohort_a: u32,
}

/// A grading preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    pub key: String,
    pub name: String,
    pub source: String,
    /// Tracking period: `month` or `quarter`.
    pub period: String,
    pub bands: Bands,
    pub quota: QuotaRule,
    /// Worked ≤ 50 % of the month's working days → at most this grade (Hanoi 1841).
    pub half_days_cap: Option<Grade>,
    /// Any scored criterion at 0 → at most this grade (Quảng Trị Đ.6.1).
    pub zero_criterion_cap: Option<Grade>,
    /// The self-declared grade stands when it differs from the self score (Quảng Trị Đ.6.1).
    pub self_grade_wins: bool,
    /// D whatever the score on a degradation finding, a reprimand or more in the year, or (for
    /// leaders) corruption in their unit (NĐ 335 Đ.20.4 b–d).
    pub findings_make_d: bool,
    /// A head's grade is never above their organisation's (NĐ 335 Đ.20.6).
    pub head_capped_by_org: bool,
    /// Fewer months worked in the year → not graded (NĐ 335 Đ.11.1: 6); 0 = no such rule.
    pub min_months_for_year: u8,
    /// How a tenant on this preset evaluates unless it chooses otherwise (Quảng Trị Đ.5.1c:
    /// 360°).
    pub method: crate::peer::Method,
}

/// What the rules look at besides the total.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub total: Points,
    /// From scoring: the strictest cap of the set's knockout criteria scored 0.
    pub knockout: Option<Grade>,
    /// From scoring: some scored criterion is 0.
    pub any_criterion_zero: bool,
    /// Actual working days in the month were not above 50 %.
    pub worked_half_or_less: bool,
    /// The grade the person declared for themselves, where the form asks for one.
    pub self_declared: Option<Grade>,
    /// Competent authority found ideological, ethical or lifestyle degradation (Đ.20.4b).
    pub degradation_finding: bool,
    /// Disciplined with a reprimand or more for official duties in the year (Đ.20.4c).
    pub reprimand_or_more: bool,
    /// Holds a leadership post.
    pub is_leader: bool,
    /// The unit they lead was handled for corruption or waste (Đ.20.4d, leaders only).
    pub unit_corruption: bool,
    /// Heads the organisation, whose own grade is `org_grade` (Đ.20.6).
    pub is_head: bool,
    pub org_grade: Option<Grade>,
    /// For a yearly grade: months actually worked in the year.
    pub months_worked: Option<u8>,
}

/// Why a grade is what it is: each rule that applied, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The total's band.
    Band(Grade),
    /// Quảng Trị Đ.6.1: the self-declared grade replaces the band.
    SelfDeclared(Grade),
    /// A knockout criterion scored 0.
    Knockout(Grade),
    /// Quảng Trị Đ.6.1: a criterion scored 0.
    ZeroCriterion(Grade),
    /// Hanoi 1841: worked ≤ 50 % of working days.
    HalfDays(Grade),
    /// NĐ 335 Đ.20.6: not above the organisation's grade.
    HeadCappedByOrg(Grade),
    /// NĐ 335 Đ.20.4 b–d.
    Finding,
}

impl Reason {
    /// Message key in the i18n catalogue.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Band(_) => "grade.why.band",
            Reason::SelfDeclared(_) => "grade.why.self_declared",
            Reason::Knockout(_) => "grade.why.knockout",
            Reason::ZeroCriterion(_) => "grade.why.zero_criterion",
            Reason::HalfDays(_) => "grade.why.half_days",
            Reason::HeadCappedByOrg(_) => "grade.why.head_capped",
            Reason::Finding => "grade.why.finding",
        }
    }
}

/// The result of grading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Graded {
        grade: Grade,
        reasons: Vec<Reason>,
    },
    /// NĐ 335 Đ.11.1: fewer than 6 months worked in the year.
    NotGraded,
}

impl Outcome {
    pub fn grade(&self) -> Option<Grade> {
        match self {
            Outcome::Graded { grade, .. } => Some(*grade),
            Outcome::NotGraded => None,
        }
    }
}

impl Preset {
    /// Grades `facts` under this preset. Rules apply in this order: not graded (yearly, too
    /// few months) → the band of the total → the self-declared grade where it wins → caps
    /// (knockout, zero criterion, half the days, the organisation's grade for its head) →
    /// D on findings. Caps only lower a grade, so the grade never falls as the total rises.
    pub fn grade(&self, f: &Facts) -> Outcome {
        if let Some(m) = f.months_worked
            && self.min_months_for_year > 0
            && m < self.min_months_for_year
        {
            return Outcome::NotGraded;
        }
        let band = self.bands.grade(f.total);
        let mut grade = band;
        let mut reasons = vec![Reason::Band(band)];
        if self.self_grade_wins
            && let Some(d) = f.self_declared
            && d != band
        {
            grade = d;
            reasons.push(Reason::SelfDeclared(d));
        }
        let mut cap = |on: bool, c: Option<Grade>, why: fn(Grade) -> Reason| {
            if let (true, Some(c)) = (on, c)
                && grade.rank() > c.rank()
            {
                grade = c;
                reasons.push(why(c));
            }
        };
        cap(true, f.knockout, Reason::Knockout);
        cap(
            f.any_criterion_zero,
            self.zero_criterion_cap,
            Reason::ZeroCriterion,
        );
        cap(f.worked_half_or_less, self.half_days_cap, Reason::HalfDays);
        cap(
            f.is_head && self.head_capped_by_org,
            f.org_grade,
            Reason::HeadCappedByOrg,
        );
        if self.findings_make_d
            && (f.degradation_finding || f.reprimand_or_more || (f.is_leader && f.unit_corruption))
            && grade != Grade::D
        {
            grade = Grade::D;
            reasons.push(Reason::Finding);
        }
        Outcome::Graded { grade, reasons }
    }
}

/// NĐ 335 Đ.17.3: a quarter is the mean of 3 months, a half-year of 6, the year of 12 (or of
/// the months actually worked, Đ.11.2). Rounded half up to the hundredth; `None` when empty.
pub fn mean(points: &[Points]) -> Option<Points> {
    let n = i64::try_from(points.len()).ok().filter(|n| *n > 0)?;
    let sum: i64 = points.iter().map(|p| p.hundredths()).sum();
    let q = sum / n;
    let r = sum % n;
    Some(Points(if r * 2 >= n { q + 1 } else { q }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreset {
    key: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    source: String,
    period: Spanned<String>,
    bands: RawBands,
    quota: RawQuota,
    #[serde(default)]
    rules: RawRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBands {
    a: Spanned<f64>,
    b: Spanned<f64>,
    c: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuota {
    a_percent_of_b: u32,
    outstanding_percent: Option<u32>,
    #[serde(default)]
    small_cohort_below: u32,
    #[serde(default)]
    small_cohort_a: u32,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    half_days_cap: Option<Spanned<String>>,
    zero_criterion_cap: Option<Spanned<String>>,
    #[serde(default)]
    self_grade_wins: bool,
    #[serde(default)]
    findings_make_d: bool,
    #[serde(default)]
    head_capped_by_org: bool,
    #[serde(default)]
    min_months_for_year: u8,
    method: Option<Spanned<String>>,
}

/// Parses and validates a preset file.
pub fn parse(file: &str, text: &str) -> Result<Preset, Vec<SetError>> {
    let (raw, mut errs): (RawPreset, _) = Errors::read(file, text)?;
    let key = errs.key(&raw.key);
    let name = errs.text(&raw.name);
    let period = raw.period.get_ref().trim().to_owned();
    if !matches!(period.as_str(), "month" | "quarter") {
        errs.at(raw.period.span(), "preset.err.period", period.clone());
    }
    let mut band = |v: &Spanned<f64>| match Points::from_f64(*v.get_ref()) {
        Some(p) if p >= Points::ZERO => p,
        _ => {
            errs.at(v.span(), "criteria.err.number", v.get_ref().to_string());
            Points::ZERO
        }
    };
    let bands = Bands {
        a: band(&raw.bands.a),
        b: band(&raw.bands.b),
        c: band(&raw.bands.c),
    };
    if !(bands.a > bands.b && bands.b > bands.c) {
        errs.at(
            raw.bands.a.span(),
            "preset.err.bands",
            format!("{} > {} > {}", bands.a, bands.b, bands.c),
        );
    }
    let half_days_cap = raw.rules.half_days_cap.as_ref().and_then(|g| errs.grade(g));
    let zero_criterion_cap = raw
        .rules
        .zero_criterion_cap
        .as_ref()
        .and_then(|g| errs.grade(g));
    let quota = QuotaRule {
        a_percent_of_b: raw.quota.a_percent_of_b,
        outstanding_percent: raw
            .quota
            .outstanding_percent
            .unwrap_or(raw.quota.a_percent_of_b),
        small_cohort_below: raw.quota.small_cohort_below,
        small_cohort_a: raw.quota.small_cohort_a,
    };
    if quota.a_percent_of_b > 100 || quota.outstanding_percent < quota.a_percent_of_b {
        errs.at(
            raw.key.span(),
            "preset.err.quota",
            format!("{} / {}", quota.a_percent_of_b, quota.outstanding_percent),
        );
    }
    let method = match &raw.rules.method {
        None => crate::peer::Method::Leader,
        Some(m) => crate::peer::Method::parse(m.get_ref().trim()).unwrap_or_else(|| {
            errs.at(m.span(), "preset.err.method", m.get_ref().clone());
            crate::peer::Method::Leader
        }),
    };
    if !errs.list.is_empty() {
        return Err(errs.list);
    }
    Ok(Preset {
        method,
        key,
        name,
        source: raw.source.trim().to_owned(),
        period,
        bands,
        quota,
        half_days_cap,
        zero_criterion_cap,
        self_grade_wins: raw.rules.self_grade_wins,
        findings_make_d: raw.rules.findings_make_d,
        head_capped_by_org: raw.rules.head_capped_by_org,
        min_months_for_year: raw.rules.min_months_for_year,
    })
}
