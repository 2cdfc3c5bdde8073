//! Password rules and the password lifecycle (SPEC M2.6; issue 3 §3; seed 000).
//!
//! Rules in the spirit of NIST SP 800-63B §5.1.1.2: at least 8 characters, no composition rules,
//! not the account name (nor containing it), not a commonly used password. A new or reset
//! account must change its one-time password within 5 days (a setting), else it is locked at
//! its next login (seed 000: "Sau 5 ngày kể từ ngày cấp mới nếu người sử dụng không thay đổi mật
//! khẩu thì hệ thống sẽ tự khóa tài khoản").

use time::{Duration, OffsetDateTime};

use crate::text::fold;
use crate::validate::FieldErrors;

/// Minimum length (NIST: at least 8 for user-chosen secrets).
pub const MIN_LEN: usize = 8;
/// Maximum length accepted (NIST: at least 64 must be allowed).
pub const MAX_LEN: usize = 128;

static COMMON: &str = include_str!("../../../data/passwords/common.txt");

fn is_common(password: &str) -> bool {
    let p: String = fold(password)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == p)
}

/// A password made of one repeated character or a run of consecutive characters ("aaaaaaaa",
/// "abcdefgh", "87654321").
fn is_trivial(password: &str) -> bool {
    let c: Vec<u32> = password.chars().map(u32::from).collect();
    c.windows(2).all(|w| w[0] == w[1])
        || c.windows(2).all(|w| w[1] == w[0] + 1)
        || c.windows(2).all(|w| w[0] == w[1] + 1)
}

/// Checks a new password for `username` and adds the problem (if any) to `errs` under `field`.
pub fn check(errs: &mut FieldErrors, field: &'static str, password: &str, username: &str) {
    let len = password.chars().count();
    let folded = fold(password).replace(' ', "");
    let name = username.split('_').next().unwrap_or(username);
    if len < MIN_LEN {
        errs.add(field, "err.password_short");
    } else if len > MAX_LEN {
        errs.add(field, "err.too_long");
    } else if !username.is_empty()
        && (folded.contains(&fold(username)) || (name.len() >= 4 && folded.contains(&fold(name))))
    {
        errs.add(field, "err.password_is_username");
    } else if is_common(password) || is_trivial(password) {
        errs.add(field, "err.password_common");
    }
}

/// The lifecycle settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    /// How long a one-time password may be used before the account locks (seed 000: 5 days).
    pub change_within: Duration,
    /// How long a "forgot password" link works (issue 3: 30 minutes).
    pub reset_link_valid: Duration,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self {
            change_within: Duration::days(5),
            reset_link_valid: Duration::minutes(30),
        }
    }
}

impl Lifecycle {
    /// The deadline of a one-time password issued at `issued`.
    pub fn deadline(&self, issued: OffsetDateTime) -> OffsetDateTime {
        issued + self.change_within
    }
}

/// Whether an account that still has to change its password is past its deadline at `now`.
pub fn past_deadline(
    must_change: bool,
    deadline: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> bool {
    must_change && deadline.is_some_and(|d| now >= d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn problem(p: &str, user: &str) -> Option<&'static str> {
        let mut e = FieldErrors::default();
        check(&mut e, "password", p, user);
        e.get("password")
    }

    #[test]
    fn nist_style_rules() {
        // "length ≥ 8, not the account name, not a common password" (issue 3 §3)
        assert_eq!(problem("ngan1", "x"), Some("err.password_short"));
        assert_eq!(
            problem("nguyenvana_badinh", "nguyenvana_badinh"),
            Some("err.password_is_username")
        );
        assert_eq!(
            problem("Nguyenvana2026", "nguyenvana_badinh"),
            Some("err.password_is_username")
        );
        assert_eq!(problem("Mật Khẩu 123", "x_y"), Some("err.password_common"));
        assert_eq!(problem("P@ssw0rd", "x_y"), Some("err.password_common"));
        assert_eq!(problem("12345678", "x_y"), Some("err.password_common"));
        assert_eq!(problem("zzzzzzzzzz", "x_y"), Some("err.password_common"));
        assert_eq!(
            problem("hoa sen nở giữa hồ", "x_y"),
            None,
            "no composition rules: a passphrase is fine"
        );
        assert_eq!(problem("Moi@2026abc", "nguyenvana_badinh"), None);
    }

    #[test]
    fn five_days_then_locked() {
        // seed 000: "trong thời hạn 05 ngày kể từ ngày cấp yêu cầu người sử dụng đổi mật khẩu"
        let l = Lifecycle::default();
        let issued = datetime!(2026-11-23 09:00 UTC);
        let d = l.deadline(issued);
        assert!(!past_deadline(
            true,
            Some(d),
            issued + Duration::days(4) + Duration::hours(23)
        ));
        assert!(past_deadline(true, Some(d), issued + Duration::days(5)));
        assert!(
            !past_deadline(false, Some(d), issued + Duration::days(9)),
            "changed in time: no lock"
        );
        assert!(!past_deadline(true, None, issued + Duration::days(9)));
    }

    proptest! {
        #[test]
        fn short_passwords_are_always_refused(p in "\\PC{0,7}") {
            prop_assert!(problem(&p, "abc_x").is_some());
        }

        #[test]
        fn a_password_containing_the_account_name_is_refused(pre in "[a-z0-9]{0,5}", post in "[a-z0-9]{0,5}") {
            let p = format!("{pre}tranthibinh{post}");
            prop_assert_eq!(problem(&p, "tranthibinh_huyenmau"), Some("err.password_is_username"));
        }
    }
}
