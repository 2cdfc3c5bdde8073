//! Criteria sets (bộ tiêu chí chấm điểm, SPEC M3): the scoring form for a group of positions,
//! as data. A set is a TOML file (`data/criteria/<preset>/<key>.toml`, format in
//! `data/criteria/README.md`) of sections, each holding criteria with their maximum points and
//! guidance; sections are scored criteria, a computed result percentage (NĐ 335 Đ.17), bonus
//! items or deduction items, each with its limits; and the set's rules (the scale the total is
//! capped at, which items need a written reason, knockout criteria "điểm liệt").
//!
//! [`parse`] validates a file completely and reports every problem with the file name and
//! line, so an administrator's copy is either right or refused whole.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::grade::Grade;
use crate::points::Points;
use crate::text::clean;

/// How the points of a section are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Each criterion is scored 0..=max; the section's max is the sum of its criteria.
    Criteria,
    /// NĐ 335 Đ.17.1: one percentage 0–100 %, worth `percentage × max` points (max 70).
    Result,
    /// Bonus items (điểm thưởng), each 0..=its max; their sum may not exceed the section max.
    Bonus,
    /// Deduction items (điểm trừ), each 0..=its max and always with a written reason; their sum
    /// may not exceed the section max; subtracted from the total.
    Deduction,
}

impl SectionKind {
    fn parse(s: &str) -> Option<SectionKind> {
        match s {
            "criteria" => Some(SectionKind::Criteria),
            "result" => Some(SectionKind::Result),
            "bonus" => Some(SectionKind::Bonus),
            "deduction" => Some(SectionKind::Deduction),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Criteria => "criteria",
            SectionKind::Result => "result",
            SectionKind::Bonus => "bonus",
            SectionKind::Deduction => "deduction",
        }
    }
}

/// One criterion (or bonus/deduction item) of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub code: String,
    pub title: String,
    pub max: Points,
    pub guidance: String,
    /// Scored 0 → the grade is at most this ("điểm liệt").
    pub knockout: Option<Grade>,
    /// A written reason must accompany a non-zero score (always true for deductions).
    pub reason_required: bool,
    /// The text or number is not in a public source: an administrator must confirm it.
    pub confirm: bool,
}

/// A section of the form (I, II, III…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub code: String,
    pub title: String,
    pub kind: SectionKind,
    pub max: Points,
    pub guidance: String,
    pub confirm: bool,
    pub criteria: Vec<Criterion>,
}

/// A validated criteria set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriteriaSet {
    /// Stable identifier: lower-case ASCII letters, digits and `-`.
    pub key: String,
    pub title: String,
    /// The rule preset whose family this set belongs to (`hanoi-2021`…).
    pub preset: String,
    /// Who the set is for, in the words of the regulation.
    pub applies_to: String,
    /// Where the texts and numbers come from.
    pub source: String,
    /// The whole set awaits an administrator's confirmation.
    pub confirm: bool,
    /// The total is capped at this (100).
    pub scale: Points,
    pub sections: Vec<Section>,
}

impl CriteriaSet {
    /// Sum of the section maxima that score upwards (criteria and result).
    pub fn base_max(&self) -> Points {
        self.sections
            .iter()
            .filter(|s| matches!(s.kind, SectionKind::Criteria | SectionKind::Result))
            .map(|s| s.max)
            .sum()
    }

    /// The item id used for scores: `I.1` for a criterion, the section code for a result.
    pub fn item_id(section: &Section, criterion: &Criterion) -> String {
        format!("{}.{}", section.code, criterion.code)
    }

    /// Does any text or number still await confirmation?
    pub fn needs_confirmation(&self) -> bool {
        self.confirm
            || self
                .sections
                .iter()
                .any(|s| s.confirm || s.criteria.iter().any(|c| c.confirm))
    }

    /// The canonical TOML text of the set (what the store keeps per version); [`parse`] of it
    /// gives the same set back.
    pub fn to_toml(&self) -> String {
        let file = FileSet {
            key: self.key.clone(),
            title: self.title.clone(),
            preset: self.preset.clone(),
            applies_to: self.applies_to.clone(),
            source: self.source.clone(),
            confirm: self.confirm,
            scale: to_f64(self.scale),
            section: self
                .sections
                .iter()
                .map(|s| FileSection {
                    code: s.code.clone(),
                    title: s.title.clone(),
                    kind: s.kind.as_str().to_owned(),
                    max: to_f64(s.max),
                    guidance: non_empty(&s.guidance),
                    confirm: s.confirm.then_some(true),
                    criterion: s
                        .criteria
                        .iter()
                        .map(|c| FileCriterion {
                            code: c.code.clone(),
                            title: c.title.clone(),
                            max: to_f64(c.max),
                            guidance: non_empty(&c.guidance),
                            knockout: c.knockout.map(|g| g.as_str().to_owned()),
                            reason_required: (c.reason_required
                                && s.kind != SectionKind::Deduction)
                                .then_some(true),
                            confirm: c.confirm.then_some(true),
                        })
                        .collect(),
                })
                .collect(),
        };
        toml::to_string(&file).unwrap_or_default()
    }
}

fn to_f64(p: Points) -> f64 {
    // Hundredths print back exactly through f64's shortest representation.
    #[allow(clippy::cast_precision_loss)]
    let v = p.hundredths() as f64 / 100.0;
    v
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// One problem in a set file: where, which (a message key of the i18n catalogue, `criteria.err.*`)
/// and the offending detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub key: &'static str,
    pub detail: String,
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, message_en(self.key))?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

/// English text of an error key, for logs and the command line (the UI uses the catalogue).
pub fn message_en(key: &str) -> &'static str {
    match key {
        "criteria.err.syntax" => "not a valid set file",
        "criteria.err.key" => "the key must be 1-64 of a-z, 0-9 and -",
        "criteria.err.required" => "a required text is empty",
        "criteria.err.number" => "not a number of points with at most two decimals, >= 0",
        "criteria.err.kind" => "unknown section kind (criteria, result, bonus, deduction)",
        "criteria.err.grade" => "unknown grade (A, B, C, D)",
        "criteria.err.duplicate" => "this code is used twice",
        "criteria.err.no_sections" => "the set has no section",
        "criteria.err.empty_section" => "the section has no criterion",
        "criteria.err.result_items" => "a result section is one percentage and has no criteria",
        "criteria.err.sum" => "the criteria's maximum points do not add up to the section's",
        "criteria.err.item_over_cap" => "an item's maximum is above its section's limit",
        "criteria.err.scale" => "the sections do not add up to the scale",
        "criteria.err.knockout_kind" => "only scored criteria can be knockout criteria",
        _ => "invalid set",
    }
}

// ---- the file as written -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    key: Spanned<String>,
    title: Spanned<String>,
    preset: Spanned<String>,
    #[serde(default)]
    applies_to: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    confirm: bool,
    scale: Option<Spanned<f64>>,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    code: Spanned<String>,
    title: Spanned<String>,
    kind: Option<Spanned<String>>,
    max: Spanned<f64>,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    confirm: bool,
    #[serde(default)]
    criterion: Vec<Spanned<RawCriterion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    code: Spanned<String>,
    title: Spanned<String>,
    max: Spanned<f64>,
    #[serde(default)]
    guidance: String,
    knockout: Option<Spanned<String>>,
    #[serde(default)]
    reason_required: bool,
    #[serde(default)]
    confirm: bool,
}

#[derive(Serialize)]
struct FileSet {
    key: String,
    title: String,
    preset: String,
    applies_to: String,
    source: String,
    confirm: bool,
    scale: f64,
    section: Vec<FileSection>,
}

#[derive(Serialize)]
struct FileSection {
    code: String,
    title: String,
    kind: String,
    max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    guidance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confirm: Option<bool>,
    criterion: Vec<FileCriterion>,
}

#[derive(Serialize)]
struct FileCriterion {
    code: String,
    title: String,
    max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    guidance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    knockout: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confirm: Option<bool>,
}

/// Maps byte offsets of a text to 1-based line numbers.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        Lines(
            text.char_indices()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }
    pub(crate) fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|nl| *nl < offset) + 1
    }
}

pub(crate) struct Errors<'a> {
    file: &'a str,
    lines: Lines,
    pub(crate) list: Vec<SetError>,
}

impl<'a> Errors<'a> {
    pub(crate) fn new(file: &'a str, text: &str) -> Errors<'a> {
        Errors {
            file,
            lines: Lines::new(text),
            list: Vec::new(),
        }
    }
    pub(crate) fn at(
        &mut self,
        span: std::ops::Range<usize>,
        key: &'static str,
        detail: impl Into<String>,
    ) {
        let line = self.lines.of(span.start);
        self.list.push(SetError {
            file: self.file.to_owned(),
            line,
            key,
            detail: detail.into(),
        });
    }
    /// Deserializes `text` as `T`, or returns the syntax error (with its line) as the only
    /// problem of the file.
    pub(crate) fn read<T: serde::de::DeserializeOwned>(
        file: &'a str,
        text: &str,
    ) -> Result<(T, Errors<'a>), Vec<SetError>> {
        let mut errs = Errors::new(file, text);
        match toml::from_str(text) {
            Ok(r) => Ok((r, errs)),
            Err(e) => {
                errs.syntax(&e);
                Err(errs.list)
            }
        }
    }
    /// A key (`a-z 0-9 -`), trimmed; a bad one is reported at its place.
    pub(crate) fn key(&mut self, v: &Spanned<String>) -> String {
        let key = v.get_ref().trim().to_owned();
        if !is_valid_key(&key) {
            self.at(v.span(), "criteria.err.key", key.clone());
        }
        key
    }
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.lines.of(offset)
    }
    pub(crate) fn syntax(&mut self, e: &toml::de::Error) {
        let line = e.span().map_or(0, |s| self.lines.of(s.start));
        self.list.push(SetError {
            file: self.file.to_owned(),
            line,
            key: "criteria.err.syntax",
            detail: e.message().to_owned(),
        });
    }
    pub(crate) fn text(&mut self, v: &Spanned<String>) -> String {
        let t = clean(v.get_ref());
        if t.is_empty() {
            self.at(v.span(), "criteria.err.required", "");
        }
        t
    }
    fn points(&mut self, v: &Spanned<f64>) -> Points {
        match Points::from_f64(*v.get_ref()).filter(|p| *p >= Points::ZERO) {
            Some(p) => p,
            None => {
                self.at(v.span(), "criteria.err.number", v.get_ref().to_string());
                Points::ZERO
            }
        }
    }
    pub(crate) fn grade(&mut self, v: &Spanned<String>) -> Option<Grade> {
        let g = Grade::parse(v.get_ref().trim());
        if g.is_none() {
            self.at(v.span(), "criteria.err.grade", v.get_ref().clone());
        }
        g
    }
}

/// A set key: 1–64 of `a-z 0-9 -`.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Where in a set a structural problem lies, so a form can put the message next to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The set's `scale`.
    Scale,
    /// A whole section (index), or its `max` / `code`.
    Section(usize, Field),
    /// A criterion (section index, criterion index), or its `max` / `code` / `knockout`.
    Criterion(usize, usize, Field),
}

/// Which field of a section or criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Whole,
    Code,
    Title,
    Max,
    Knockout,
}

/// A problem of a set's structure: where, the message key, the detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub place: Place,
    pub key: &'static str,
    pub detail: String,
}

/// The structural rules of a set, in one place: codes unique, titles present, a criteria
/// section's max is the sum of its criteria, bonus/deduction items within their section's
/// limit, a result section has no criteria, knockouts only on scored criteria, and the scored
/// sections make the scale (or the scale minus the bonus limits: Hanoi 3814-QĐ/TU's 20 + 70 +
/// 10 bonus).
pub fn check(set: &CriteriaSet) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut push = |place, key, detail: String| out.push(Issue { place, key, detail });
    if set.sections.is_empty() {
        push(Place::Scale, "criteria.err.no_sections", String::new());
    }
    // Codes seen so far, in sets: a file of 40,000 criteria took 1.6 s compared pairwise.
    let mut section_codes: HashSet<&str> = HashSet::new();
    for (i, sec) in set.sections.iter().enumerate() {
        if sec.code.is_empty() {
            push(
                Place::Section(i, Field::Code),
                "criteria.err.required",
                String::new(),
            );
        }
        if sec.title.is_empty() {
            push(
                Place::Section(i, Field::Title),
                "criteria.err.required",
                String::new(),
            );
        }
        if !section_codes.insert(&sec.code) {
            push(
                Place::Section(i, Field::Code),
                "criteria.err.duplicate",
                sec.code.clone(),
            );
        }
        let mut criterion_codes: HashSet<&str> = HashSet::new();
        for (j, c) in sec.criteria.iter().enumerate() {
            let id = format!("{}.{}", sec.code, c.code);
            if c.code.is_empty() {
                push(
                    Place::Criterion(i, j, Field::Code),
                    "criteria.err.required",
                    String::new(),
                );
            }
            if c.title.is_empty() {
                push(
                    Place::Criterion(i, j, Field::Title),
                    "criteria.err.required",
                    String::new(),
                );
            }
            if !criterion_codes.insert(&c.code) {
                push(
                    Place::Criterion(i, j, Field::Code),
                    "criteria.err.duplicate",
                    id.clone(),
                );
            }
            if c.knockout.is_some() && sec.kind != SectionKind::Criteria {
                push(
                    Place::Criterion(i, j, Field::Knockout),
                    "criteria.err.knockout_kind",
                    id.clone(),
                );
            }
            if matches!(sec.kind, SectionKind::Bonus | SectionKind::Deduction) && c.max > sec.max {
                push(
                    Place::Criterion(i, j, Field::Max),
                    "criteria.err.item_over_cap",
                    format!("{id}: {} > {}", c.max.vi(), sec.max.vi()),
                );
            }
        }
        match sec.kind {
            SectionKind::Result if !sec.criteria.is_empty() => {
                push(
                    Place::Section(i, Field::Whole),
                    "criteria.err.result_items",
                    sec.code.clone(),
                );
            }
            SectionKind::Result => {}
            _ if sec.criteria.is_empty() => {
                push(
                    Place::Section(i, Field::Whole),
                    "criteria.err.empty_section",
                    sec.code.clone(),
                );
            }
            SectionKind::Criteria => {
                let sum: Points = sec.criteria.iter().map(|c| c.max).sum();
                if sum != sec.max {
                    let parts: Vec<String> = sec.criteria.iter().map(|c| c.max.vi()).collect();
                    push(
                        Place::Section(i, Field::Max),
                        "criteria.err.sum",
                        format!(
                            "{}: {} = {} ≠ {}",
                            sec.code,
                            parts.join(" + "),
                            sum.vi(),
                            sec.max.vi()
                        ),
                    );
                }
            }
            SectionKind::Bonus | SectionKind::Deduction => {}
        }
    }
    let base = set.base_max();
    let bonus: Points = set
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Bonus)
        .map(|s| s.max)
        .sum();
    if out.is_empty() && !set.sections.is_empty() && base != set.scale && base + bonus != set.scale
    {
        out.push(Issue {
            place: Place::Scale,
            key: "criteria.err.scale",
            detail: format!("{} + {} ≠ {}", base.vi(), bonus.vi(), set.scale.vi()),
        });
    }
    out
}

/// Spans of a section's and its criteria's fields in the file, to put [`check`]'s issues on
/// their lines.
struct SectionSpans {
    whole: std::ops::Range<usize>,
    code: std::ops::Range<usize>,
    title: std::ops::Range<usize>,
    max: std::ops::Range<usize>,
    criteria: Vec<[std::ops::Range<usize>; 4]>,
}

/// Parses and validates one set file. `file` names it in the errors.
pub fn parse(file: &str, text: &str) -> Result<CriteriaSet, Vec<SetError>> {
    let (raw, mut errs): (RawSet, _) = Errors::read(file, text)?;
    let key = errs.key(&raw.key);
    let title = errs.text(&raw.title);
    let preset = errs.key(&raw.preset);
    let scale = raw
        .scale
        .as_ref()
        .map_or(Points::whole(100), |s| errs.points(s));
    let mut sections = Vec::new();
    let mut spans = Vec::new();
    for rs in &raw.section {
        let whole = rs.span();
        let rs = rs.get_ref();
        let kind = match &rs.kind {
            None => SectionKind::Criteria,
            Some(k) => SectionKind::parse(k.get_ref().trim()).unwrap_or_else(|| {
                errs.at(k.span(), "criteria.err.kind", k.get_ref().clone());
                SectionKind::Criteria
            }),
        };
        let max = errs.points(&rs.max);
        let mut criteria = Vec::new();
        let mut cspans = Vec::new();
        for rc in &rs.criterion {
            let rc = rc.get_ref();
            let cmax = errs.points(&rc.max);
            let knockout = rc.knockout.as_ref().and_then(|k| errs.grade(k));
            cspans.push([
                rc.code.span(),
                rc.title.span(),
                rc.max.span(),
                rc.knockout.as_ref().map_or(rc.code.span(), Spanned::span),
            ]);
            criteria.push(Criterion {
                code: clean(rc.code.get_ref()),
                title: clean(rc.title.get_ref()),
                max: cmax,
                guidance: rc.guidance.trim().to_owned(),
                knockout,
                reason_required: rc.reason_required || kind == SectionKind::Deduction,
                confirm: rc.confirm,
            });
        }
        spans.push(SectionSpans {
            whole,
            code: rs.code.span(),
            title: rs.title.span(),
            max: rs.max.span(),
            criteria: cspans,
        });
        sections.push(Section {
            code: clean(rs.code.get_ref()),
            title: clean(rs.title.get_ref()),
            kind,
            max,
            guidance: rs.guidance.trim().to_owned(),
            confirm: rs.confirm,
            criteria,
        });
    }
    let set = CriteriaSet {
        key,
        title,
        preset,
        applies_to: clean(&raw.applies_to),
        source: raw.source.trim().to_owned(),
        confirm: raw.confirm,
        scale,
        sections,
    };
    // Sums only make sense on numbers that parsed; the other rules always apply.
    let numbers_ok = !errs.list.iter().any(|e| e.key == "criteria.err.number");
    {
        let arithmetic = [
            "criteria.err.sum",
            "criteria.err.scale",
            "criteria.err.item_over_cap",
        ];
        for issue in check(&set)
            .into_iter()
            .filter(|i| numbers_ok || !arithmetic.contains(&i.key))
        {
            let span = match issue.place {
                Place::Scale => raw.scale.as_ref().map(Spanned::span),
                Place::Section(i, f) => spans.get(i).map(|s| match f {
                    Field::Code => s.code.clone(),
                    Field::Title => s.title.clone(),
                    Field::Max => s.max.clone(),
                    Field::Whole | Field::Knockout => s.whole.clone(),
                }),
                Place::Criterion(i, j, f) => {
                    spans
                        .get(i)
                        .and_then(|s| s.criteria.get(j))
                        .map(|c| match f {
                            Field::Code | Field::Whole => c[0].clone(),
                            Field::Title => c[1].clone(),
                            Field::Max => c[2].clone(),
                            Field::Knockout => c[3].clone(),
                        })
                }
            };
            match span {
                Some(sp) => errs.at(sp, issue.key, issue.detail),
                None => errs.list.push(SetError {
                    file: file.to_owned(),
                    line: 0,
                    key: issue.key,
                    detail: issue.detail,
                }),
            }
        }
    }
    if errs.list.is_empty() {
        Ok(set)
    } else {
        Err(errs.list)
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../tests/fixtures/sample-set.toml");

    #[test]
    fn parses_a_valid_set() {
        let set = parse("mau.toml", SAMPLE).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(set.sections.len(), 4);
        assert_eq!(set.base_max(), Points::whole(90));
        assert_eq!(set.sections[0].criteria[1].knockout, Some(Grade::C));
        assert!(
            set.sections[3].criteria[0].reason_required,
            "deductions always need a reason"
        );
        assert_eq!(set.sections[2].criteria[1].max, Points(750));
    }

    #[test]
    fn canonical_text_round_trips() {
        let set = parse("mau.toml", SAMPLE).unwrap_or_else(|e| panic!("{e:?}"));
        let again = parse("again.toml", &set.to_toml()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(set, again);
    }

    fn errors(text: &str) -> Vec<SetError> {
        parse("bad.toml", text).err().unwrap_or_default()
    }

    #[test]
    fn criteria_that_do_not_add_up_name_the_section_and_line() {
        let text = SAMPLE.replacen(
            "max = 20\n[[section.criterion]]\ncode = \"1\"",
            "max = 25\n[[section.criterion]]\ncode = \"1\"",
            1,
        );
        let e = errors(&text);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].key, "criteria.err.sum");
        assert_eq!(e[0].file, "bad.toml");
        assert_eq!(e[0].line, 9);
        assert!(e[0].detail.contains("10 + 10 = 20 ≠ 25"), "{}", e[0].detail);
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = errors("key = \"x\"\ntitle = \n");
        assert_eq!(e[0].key, "criteria.err.syntax");
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let e = errors(&SAMPLE.replace("guidance = \"Chấp hành nghiêm túc.\"", "gudance = \"x\""));
        assert_eq!(e[0].key, "criteria.err.syntax");
        assert_eq!(e[0].line, 14);
    }

    #[test]
    fn every_problem_is_reported() {
        let text = SAMPLE
            .replace("max = 7.5", "max = 12")
            .replace("knockout = \"C\"", "knockout = \"E\"")
            .replace("title = \"Kỷ luật\"", "title = \"  \"");
        let keys: Vec<&str> = errors(&text).iter().map(|e| e.key).collect();
        for k in [
            "criteria.err.item_over_cap",
            "criteria.err.grade",
            "criteria.err.required",
        ] {
            assert!(keys.contains(&k), "{k} missing in {keys:?}");
        }
        // A number that does not parse is named; sums over it are not guessed at.
        let text = SAMPLE.replace(
            "max = 70\n[[section.criterion]]",
            "max = 70.333\n[[section.criterion]]",
        );
        let keys: Vec<&str> = errors(&text).iter().map(|e| e.key).collect();
        assert_eq!(keys, ["criteria.err.number"]);
    }

    #[test]
    fn the_scale_must_add_up() {
        let e = errors(&SAMPLE.replace("scale = 100", "scale = 95"));
        assert_eq!(e[0].key, "criteria.err.scale");
        assert_eq!(e[0].line, 4);
        assert_eq!(e[0].detail, "90 + 10 ≠ 95");
    }

    #[test]
    fn duplicate_codes_and_bad_kinds() {
        let text = SAMPLE
            .replace("code = \"II\"", "code = \"I\"")
            .replace("kind = \"bonus\"", "kind = \"thuong\"");
        let keys: Vec<&str> = errors(&text).iter().map(|e| e.key).collect();
        assert!(keys.contains(&"criteria.err.duplicate"), "{keys:?}");
        assert!(keys.contains(&"criteria.err.kind"), "{keys:?}");
    }

    /// Review finding (issue 9 §5): duplicate codes were found by comparing every pair, so a
    /// pasted set of 40,000 criteria (2 MB, the form's limit) took 1.6 s to check. Each
    /// duplicate is still reported once, at its place.
    #[test]
    fn duplicates_among_many_codes() {
        let mut text = String::from(
            "key = \"k\"\ntitle = \"T\"\npreset = \"p\"\n[[section]]\ncode = \"I\"\ntitle = \"t\"\nmax = 5000\n",
        );
        for i in 0..5_000 {
            let code = if i == 4_999 { 7 } else { i };
            text.push_str(&format!(
                "[[section.criterion]]\ncode = \"{code}\"\ntitle = \"t\"\nmax = 1\n"
            ));
        }
        text.push_str("[[section]]\ncode = \"I\"\ntitle = \"t\"\nmax = 0\nkind = \"result\"\n");
        let e = errors(&text);
        let dupes: Vec<(&str, usize)> = e
            .iter()
            .filter(|e| e.key == "criteria.err.duplicate")
            .map(|e| (e.detail.as_str(), e.line))
            .collect();
        assert_eq!(
            dupes,
            [("I.7", 9 + 4 * 4_999), ("I", 9 + 4 * 5_000)],
            "{e:?}"
        );
    }

    #[test]
    fn the_message_names_file_and_line() {
        let e = errors(&SAMPLE.replace("scale = 100", "scale = 95"));
        assert_eq!(
            e[0].to_string(),
            "bad.toml:4: the sections do not add up to the scale (90 + 10 ≠ 95)"
        );
    }
}
