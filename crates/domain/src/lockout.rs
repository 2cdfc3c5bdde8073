//! Temporary lock after repeated failed logins (issue 2: 5 wrong passwords lock the account for
//! 15 minutes; SPEC M2.6 "repeated failed logins lock temporarily"; the Ministry's checklist asks
//! for login-attempt limits). Both numbers are settings.

use time::{Duration, OffsetDateTime};

/// The two settings of the lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: u32,
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_for: Duration::minutes(15),
        }
    }
}

/// The account's login state as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginState {
    pub failed_logins: u32,
    pub locked_until: Option<OffsetDateTime>,
}

impl LockoutPolicy {
    /// Whether the account is locked at `now`.
    pub fn is_locked(&self, state: &LoginState, now: OffsetDateTime) -> bool {
        state.locked_until.is_some_and(|t| now < t)
    }

    /// The state after a wrong password at `now`: the failure that reaches the limit locks the
    /// account and starts counting afresh.
    pub fn after_failure(&self, state: &LoginState, now: OffsetDateTime) -> LoginState {
        let failed = if state.locked_until.is_some_and(|t| now >= t) {
            1
        } else {
            state.failed_logins + 1
        };
        if failed >= self.max_failures {
            LoginState {
                failed_logins: 0,
                locked_until: Some(now + self.lock_for),
            }
        } else {
            LoginState {
                failed_logins: failed,
                locked_until: state.locked_until.filter(|t| now < *t),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn five_wrong_passwords_lock_for_fifteen_minutes() {
        let p = LockoutPolicy::default();
        let t0 = datetime!(2026-11-23 09:00 UTC);
        let mut s = LoginState::default();
        for i in 1..5 {
            s = p.after_failure(&s, t0);
            assert_eq!(s.failed_logins, i);
            assert!(!p.is_locked(&s, t0));
        }
        s = p.after_failure(&s, t0);
        assert!(p.is_locked(&s, t0));
        assert!(p.is_locked(&s, t0 + Duration::minutes(14)));
        assert!(!p.is_locked(&s, t0 + Duration::minutes(15)));
    }

    proptest! {
        #[test]
        fn fewer_failures_than_the_limit_never_lock(n in 0u32..5, max in 5u32..10) {
            let p = LockoutPolicy { max_failures: max, lock_for: Duration::minutes(15) };
            let t0 = datetime!(2026-11-23 09:00 UTC);
            let mut s = LoginState::default();
            for _ in 0..n { s = p.after_failure(&s, t0); }
            prop_assert!(!p.is_locked(&s, t0));
        }
    }
}
