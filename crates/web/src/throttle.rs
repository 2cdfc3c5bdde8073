//! Rate limits on the doors a guesser knocks at: logging in and asking for a password reset,
//! counted per client address and per account name (issue 9 §1, ASVS 2.2.1). The lockout of
//! `domain::lockout` stops guessing one account's password; these stop a script from trying many
//! names, or one name very fast, and from flooding someone's mailbox with reset links.
//!
//! Counts live in this process (a generic cell rate algorithm, `governor`); with several app
//! servers each counts its own share, which still bounds a guesser to a few times the limit.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota};

/// Attempts allowed per minute. An office behind one address (NAT) logs in together at eight
/// o'clock, so the per-address limits are wide; a name gets only a few tries.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub login_per_ip: u32,
    pub login_per_name: u32,
    pub reset_per_ip: u32,
    pub reset_per_name: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            login_per_ip: 120,
            login_per_name: 10,
            reset_per_ip: 20,
            reset_per_name: 3,
        }
    }
}

/// Which door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Login,
    Reset,
}

pub struct Throttle {
    login_ip: DefaultKeyedRateLimiter<IpAddr>,
    login_name: DefaultKeyedRateLimiter<String>,
    reset_ip: DefaultKeyedRateLimiter<IpAddr>,
    reset_name: DefaultKeyedRateLimiter<String>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl Throttle {
    pub fn new(l: Limits) -> Self {
        Self {
            login_ip: DefaultKeyedRateLimiter::keyed(per_minute(l.login_per_ip)),
            login_name: DefaultKeyedRateLimiter::keyed(per_minute(l.login_per_name)),
            reset_ip: DefaultKeyedRateLimiter::keyed(per_minute(l.reset_per_ip)),
            reset_name: DefaultKeyedRateLimiter::keyed(per_minute(l.reset_per_name)),
        }
    }

    /// Counts one attempt at `door` from `ip` for account `name`; false when either count is
    /// spent (the attempt is then refused without looking at the password). A name is counted
    /// as typed, trimmed and in lower case, whether or not such an account exists.
    pub fn allow(&self, door: Door, ip: Option<IpAddr>, name: &str) -> bool {
        let (by_ip, by_name) = match door {
            Door::Login => (&self.login_ip, &self.login_name),
            Door::Reset => (&self.reset_ip, &self.reset_name),
        };
        let ip_ok = ip.is_none_or(|ip| by_ip.check_key(&ip).is_ok());
        // A refused address does not spend the name's count (a flood from elsewhere must not
        // lock its owner out).
        ip_ok && by_name.check_key(&name.trim().to_lowercase()).is_ok()
    }

    /// Forgets counts that are full again (called by the session sweeper's tick).
    pub fn forget_idle(&self) {
        for l in [&self.login_ip, &self.reset_ip] {
            l.retain_recent();
        }
        for l in [&self.login_name, &self.reset_name] {
            l.retain_recent();
        }
    }
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("login_names", &self.login_name.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 7)));

    #[test]
    fn a_name_gets_its_few_tries_a_minute_then_waits() {
        let t = Throttle::new(Limits::default());
        for _ in 0..10 {
            assert!(t.allow(Door::Login, IP, "nguyenvana"));
        }
        assert!(!t.allow(Door::Login, IP, " NguyenVanA "), "the 11th try");
        assert!(
            t.allow(Door::Login, IP, "tranthib"),
            "another name is counted apart"
        );
        assert!(
            t.allow(Door::Reset, IP, "nguyenvana"),
            "resets are counted apart"
        );
    }

    #[test]
    fn an_address_trying_many_names_is_stopped_without_spending_their_counts() {
        let t = Throttle::new(Limits {
            login_per_ip: 5,
            ..Limits::default()
        });
        for i in 0..5 {
            assert!(t.allow(Door::Login, IP, &format!("user{i}")));
        }
        assert!(!t.allow(Door::Login, IP, "victim"));
        let other = Some(IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 1)));
        for _ in 0..5 {
            assert!(
                t.allow(Door::Login, other, "victim"),
                "the victim's own tries"
            );
        }
    }

    #[test]
    fn reset_requests_for_one_name_are_few() {
        let t = Throttle::new(Limits::default());
        for _ in 0..3 {
            assert!(t.allow(Door::Reset, IP, "nguyenvana"));
        }
        assert!(!t.allow(Door::Reset, None, "nguyenvana"));
    }
}
