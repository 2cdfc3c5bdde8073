//! Which criteria set a person gets (SPEC M3.2: "each position maps to one set").
//!
//! Each preset ships a `mapping.toml`: rules tried in order, the first whose conditions all
//! hold gives the set (Hanoi Quy chế Đ.11 names its 19 sets by position and kind of body). A
//! unit admin may override it for a position title inside their subtree; [`resolve`] applies
//! the nearest such override before the shipped rules.

use serde::Deserialize;
use toml::Spanned;

use crate::criteria::{Errors, SetError};
use crate::org::{Block, UnitKind, UnitLevel};
use crate::people::{Employment, PositionRank};
use crate::text::fold;

/// What the rules look at: the person's position and unit.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub title: &'a str,
    pub rank: PositionRank,
    pub employment: Employment,
    pub unit_name: &'a str,
    pub unit_kind: UnitKind,
    pub level: UnitLevel,
    pub block: Block,
}

/// One rule of a mapping; empty lists match anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub set: String,
    pub note: String,
    /// 1-based line of the rule in its file.
    pub line: usize,
    pub level: Vec<UnitLevel>,
    pub unit_kind: Vec<UnitKind>,
    pub block: Vec<Block>,
    pub rank: Vec<PositionRank>,
    pub employment: Vec<Employment>,
    /// Folded (no accents, lower case).
    pub title_contains: Vec<String>,
    pub unit_name_contains: Vec<String>,
}

impl Rule {
    pub fn matches(&self, h: &Holder<'_>) -> bool {
        fn any<T: PartialEq>(list: &[T], v: &T) -> bool {
            list.is_empty() || list.contains(v)
        }
        fn contains(list: &[String], text: &str) -> bool {
            list.is_empty() || {
                let t = fold(text);
                list.iter().any(|w| t.contains(w.as_str()))
            }
        }
        any(&self.level, &h.level)
            && any(&self.unit_kind, &h.unit_kind)
            && any(&self.block, &h.block)
            && any(&self.rank, &h.rank)
            && any(&self.employment, &h.employment)
            && contains(&self.title_contains, h.title)
            && contains(&self.unit_name_contains, h.unit_name)
    }
}

/// A preset's mapping from positions to sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub preset: String,
    pub rules: Vec<Rule>,
}

impl Mapping {
    /// The first rule that matches.
    pub fn find(&self, h: &Holder<'_>) -> Option<&Rule> {
        self.rules.iter().find(|r| r.matches(h))
    }
}

/// A unit admin's choice: in `unit_path`'s subtree, people titled `title` get `set`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub unit_path: String,
    pub title: String,
    pub set: String,
}

/// How a person's set was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice<'a> {
    /// By a unit admin's override (the nearest to the person's unit).
    Override(&'a Override),
    /// By a shipped rule.
    Rule(&'a Rule),
    /// Nothing matched: an admin must assign a set.
    None,
}

impl Choice<'_> {
    pub fn set(&self) -> Option<&str> {
        match self {
            Choice::Override(o) => Some(&o.set),
            Choice::Rule(r) => Some(&r.set),
            Choice::None => None,
        }
    }
}

/// The set for a person in the unit at `unit_path`: the override of the nearest enclosing unit
/// for their title (compared folded), else the mapping's first matching rule.
pub fn resolve<'a>(
    mapping: &'a Mapping,
    overrides: &'a [Override],
    unit_path: &str,
    h: &Holder<'_>,
) -> Choice<'a> {
    let title = fold(h.title);
    let nearest = overrides
        .iter()
        .filter(|o| crate::org::is_within(unit_path, &o.unit_path) && fold(&o.title) == title)
        .max_by_key(|o| o.unit_path.len());
    match nearest {
        Some(o) => Choice::Override(o),
        None => mapping.find(h).map_or(Choice::None, Choice::Rule),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    preset: Spanned<String>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    set: Spanned<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    level: Vec<Spanned<String>>,
    #[serde(default)]
    unit_kind: Vec<Spanned<String>>,
    #[serde(default)]
    block: Vec<Spanned<String>>,
    #[serde(default)]
    rank: Vec<Spanned<String>>,
    #[serde(default)]
    employment: Vec<Spanned<String>>,
    #[serde(default)]
    title_contains: Vec<String>,
    #[serde(default)]
    unit_name_contains: Vec<String>,
}

fn codes<T>(
    errs: &mut Errors<'_>,
    list: &[Spanned<String>],
    parse: fn(&str) -> Option<T>,
) -> Vec<T> {
    list.iter()
        .filter_map(|v| {
            let p = parse(v.get_ref().trim());
            if p.is_none() {
                errs.at(v.span(), "mapping.err.value", v.get_ref().clone());
            }
            p
        })
        .collect()
}

/// Parses a `mapping.toml`. Whether each named set exists is the catalogue's check.
pub fn parse(file: &str, text: &str) -> Result<Mapping, Vec<SetError>> {
    let (raw, mut errs): (RawMapping, _) = Errors::read(file, text)?;
    let preset = errs.key(&raw.preset);
    let mut rules = Vec::new();
    for r in &raw.rule {
        let line = errs.line_of(r.span().start);
        let r = r.get_ref();
        let set = errs.key(&r.set);
        rules.push(Rule {
            set,
            note: r.note.trim().to_owned(),
            line,
            level: codes(&mut errs, &r.level, UnitLevel::parse),
            unit_kind: codes(&mut errs, &r.unit_kind, UnitKind::parse),
            block: codes(&mut errs, &r.block, Block::parse),
            rank: codes(&mut errs, &r.rank, PositionRank::parse),
            employment: codes(&mut errs, &r.employment, Employment::parse),
            title_contains: r.title_contains.iter().map(|s| fold(s)).collect(),
            unit_name_contains: r.unit_name_contains.iter().map(|s| fold(s)).collect(),
        });
    }
    if errs.list.is_empty() {
        Ok(Mapping { preset, rules })
    } else {
        Err(errs.list)
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    const MAP: &str = r#"preset = "hanoi-2021"

[[rule]]
set = "hd"
employment = ["hop_dong"]

[[rule]]
set = "pct-huyen"
level = ["district"]
unit_kind = ["district"]
rank = ["deputy"]
title_contains = ["Phó Chủ tịch"]

[[rule]]
set = "staff"
"#;

    fn holder<'a>(
        title: &'a str,
        rank: PositionRank,
        emp: Employment,
        kind: UnitKind,
    ) -> Holder<'a> {
        Holder {
            title,
            rank,
            employment: emp,
            unit_name: "Huyện Mẫu",
            unit_kind: kind,
            level: UnitLevel::District,
            block: Block::Government,
        }
    }

    #[test]
    fn first_matching_rule_wins_and_titles_ignore_accents() {
        let m = parse("mapping.toml", MAP).unwrap_or_else(|e| panic!("{e:?}"));
        let h = holder(
            "PHO CHU TICH UBND huyện",
            PositionRank::Deputy,
            Employment::CanBo,
            UnitKind::District,
        );
        assert_eq!(
            m.find(&h).map(|r| (r.set.as_str(), r.line)),
            Some(("pct-huyen", 7))
        );
        let d = holder(
            "Lái xe",
            PositionRank::Member,
            Employment::HopDong,
            UnitKind::District,
        );
        assert_eq!(m.find(&d).map(|r| r.set.as_str()), Some("hd"));
        let o = holder(
            "Chuyên viên",
            PositionRank::Member,
            Employment::CongChuc,
            UnitKind::Office,
        );
        assert_eq!(m.find(&o).map(|r| r.set.as_str()), Some("staff"));
    }

    #[test]
    fn nearest_override_beats_the_rules() {
        let m = parse("mapping.toml", MAP).unwrap_or_else(|e| panic!("{e:?}"));
        let ov = vec![
            Override {
                unit_path: "/r/".into(),
                title: "Chuyên viên".into(),
                set: "far".into(),
            },
            Override {
                unit_path: "/r/o/".into(),
                title: "chuyen vien".into(),
                set: "near".into(),
            },
            Override {
                unit_path: "/x/".into(),
                title: "Chuyên viên".into(),
                set: "elsewhere".into(),
            },
        ];
        let h = holder(
            "Chuyên viên",
            PositionRank::Member,
            Employment::CongChuc,
            UnitKind::Office,
        );
        assert_eq!(resolve(&m, &ov, "/r/o/t/", &h).set(), Some("near"));
        assert_eq!(resolve(&m, &ov, "/r/p/", &h).set(), Some("far"));
        assert_eq!(resolve(&m, &ov, "/y/", &h).set(), Some("staff"));
    }

    #[test]
    fn unknown_values_are_named_with_their_line() {
        let e = parse("mapping.toml", &MAP.replace("\"deputy\"", "\"vice\""))
            .err()
            .unwrap_or_default();
        assert_eq!(
            (e[0].key, e[0].line, e[0].detail.as_str()),
            ("mapping.err.value", 11, "vice")
        );
    }
}
