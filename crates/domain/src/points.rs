//! Points as exact decimals (ARCHITECTURE "Data": scores have halves, 2.5; never binary floats).
//!
//! A [`Points`] value is a whole number of hundredths of a point, so `89.99 < 90` and
//! `2.5 + 2.5 == 5` hold exactly; the store keeps the integer. Hundredths are enough for every
//! number the rules produce (halves in the forms; NĐ 335 Đ.17 result × 70 is rounded to
//! hundredths, see [`Points::of_percent`]).

use std::fmt;

/// A number of points in hundredths (`Points(250)` is 2.5 points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(pub i64);

/// In JSON a number of points is a plain decimal number (`2.5`), never hundredths.
impl serde::Serialize for Points {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A whole number of hundredths prints back exactly through f64's shortest form.
        #[allow(clippy::cast_precision_loss)]
        let v = self.0 as f64 / 100.0;
        s.serialize_f64(v)
    }
}

/// Accepts a JSON number (`2.5`) or a string as people type it (`"2,5"`), at most two decimals.
impl<'de> serde::Deserialize<'de> for Points {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        let parsed = match Raw::deserialize(d)? {
            Raw::Number(x) => Points::from_f64(x),
            Raw::Text(t) => Points::parse(&t),
        };
        parsed.ok_or_else(|| serde::de::Error::custom("points: a number with at most two decimals"))
    }
}

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points.
    pub const fn whole(n: i64) -> Points {
        Points(n * 100)
    }

    /// From stored hundredths.
    pub const fn from_hundredths(n: i64) -> Points {
        Points(n)
    }

    /// The hundredths, as stored.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// `self × percent / 100`, with `percent` in hundredths of a percent (6670 = 66.70 %),
    /// rounded half away from zero to the hundredth of a point. NĐ 335 Đ.17.1: result points =
    /// result % × 70.
    pub fn of_percent(self, percent: Points) -> Points {
        let num = i128::from(self.0) * i128::from(percent.0);
        let den: i128 = 10_000;
        let q = num / den;
        let r = num % den;
        let adj = if r.abs() * 2 >= den { num.signum() } else { 0 };
        Points(i64::try_from(q + adj).unwrap_or(i64::MAX))
    }

    /// Parses what a person types or a data file holds: `90`, `2.5`, `2,5`, `-1`, at most two
    /// decimals. Anything else is `None`.
    pub fn parse(s: &str) -> Option<Points> {
        let s = s.trim().replace(',', ".");
        if s.is_empty() || s.len() > 15 {
            return None;
        }
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty()
            || !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
            || body.ends_with('.')
        {
            return None;
        }
        let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut hundredths: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        if frac.len() == 1 {
            hundredths *= 10;
        }
        let v = whole.checked_mul(100)?.checked_add(hundredths)?;
        Some(Points(if neg { -v } else { v }))
    }

    /// A number from a data file (TOML integer or float): accepted only when it has at most two
    /// decimals, so a typo like `2.55555` is an error, not a silent rounding.
    pub fn from_f64(x: f64) -> Option<Points> {
        if !x.is_finite() || x.abs() > 1e12 {
            return None;
        }
        let scaled = (x * 100.0).round();
        if ((x * 100.0) - scaled).abs() > 1e-6 {
            return None;
        }
        // The value was checked to be a whole number of hundredths within range above.
        #[allow(clippy::cast_possible_truncation)]
        Some(Points(scaled as i64))
    }

    /// Vietnamese form with a decimal comma and no trailing zeros: `2,5`, `90`, `76,69`.
    pub fn vi(self) -> String {
        self.format(',')
    }

    fn format(self, sep: char) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (w, f) = (a / 100, a % 100);
        match f {
            0 => format!("{sign}{w}"),
            f if f % 10 == 0 => format!("{sign}{w}{sep}{}", f / 10),
            f => format!("{sign}{w}{sep}{f:02}"),
        }
    }
}

impl fmt::Display for Points {
    /// English form with a decimal point: `2.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format('.'))
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, o: Points) -> Points {
        Points(self.0.saturating_sub(o.0))
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_halves_and_commas() {
        assert_eq!(Points::parse("2,5"), Some(Points(250)));
        assert_eq!(Points::parse("2.5"), Some(Points(250)));
        assert_eq!(Points::parse("90"), Some(Points(9000)));
        assert_eq!(Points::parse("89.99"), Some(Points(8999)));
        assert_eq!(Points::parse(".5"), Some(Points(50)));
        assert_eq!(Points::parse("-3"), Some(Points(-300)));
        for bad in [
            "", "abc", "1.234", "1.", "1,2,3", "--1", "1e3", "NaN", " . ",
        ] {
            assert_eq!(Points::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn exact_at_the_boundary() {
        // "A: Đạt từ 90 điểm" (Hanoi Đ.13.1): 89.99 is below 90, with no float surprise.
        assert!(Points::parse("89.99").unwrap_or_default() < Points::whole(90));
        assert_eq!(
            Points::parse("45").unwrap_or_default() + Points(4500),
            Points::whole(90)
        );
    }

    #[test]
    fn formats_vietnamese() {
        assert_eq!(Points(250).vi(), "2,5");
        assert_eq!(Points(9000).vi(), "90");
        assert_eq!(Points(7669).vi(), "76,69");
        assert_eq!(Points(-50).vi(), "-0,5");
        assert_eq!(Points(705).to_string(), "7.05");
    }

    #[test]
    fn percent_of_points_rounds_half_up() {
        // Handbook example: result 66.7 % × 70 = 46.69 points.
        assert_eq!(Points::whole(70).of_percent(Points(6670)), Points(4669));
        assert_eq!(
            Points::whole(70).of_percent(Points::whole(100)),
            Points::whole(70)
        );
        assert_eq!(Points::whole(1).of_percent(Points(50)), Points(1)); // 0.005 → 0.01
    }

    #[test]
    fn data_file_numbers() {
        assert_eq!(Points::from_f64(2.5), Some(Points(250)));
        assert_eq!(Points::from_f64(0.1), Some(Points(10)));
        assert_eq!(Points::from_f64(2.555), None);
        assert_eq!(Points::from_f64(f64::NAN), None);
    }

    #[test]
    fn json_is_a_decimal_number() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::to_string(&Points(250))?, "2.5");
        assert_eq!(serde_json::to_string(&Points(9000))?, "90.0");
        assert_eq!(serde_json::from_str::<Points>("2.5")?, Points(250));
        assert_eq!(serde_json::from_str::<Points>("\"2,5\"")?, Points(250));
        assert!(serde_json::from_str::<Points>("2.555").is_err());
        Ok(())
    }

    proptest! {
        #[test]
        fn parse_inverts_display(h in -1_000_000i64..1_000_000) {
            prop_assert_eq!(Points::parse(&Points(h).to_string()), Some(Points(h)));
            prop_assert_eq!(Points::parse(&Points(h).vi()), Some(Points(h)));
        }
    }
}
