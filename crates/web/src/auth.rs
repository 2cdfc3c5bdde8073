//! Login, sessions, the current user and CSRF (issue 2 §5; SPEC M2.6).
//!
//! Passwords are argon2id hashes, checked off the async threads. A session is a random token
//! in an HttpOnly, SameSite cookie (pages) or a bearer header (API); the database keeps only
//! its SHA-256, so several app servers share sessions and a database leak gives none away.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use danhgia_domain::access::{Grant, Scope};
use danhgia_domain::lockout::LoginState;
use danhgia_domain::password;
use danhgia_store::{StoreError, now};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use crate::AppState;
use crate::error::{ApiError, AppError, PageError};
use crate::throttle::Door;

pub const SESSION_COOKIE: &str = "danhgia_session";
pub const LOGIN_CSRF_COOKIE: &str = "danhgia_login_csrf";

/// A fresh random token (256 bits, hex).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// What the database stores for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Runs `job` on one of the password threads, one per core. An argon2id check takes 19 MiB and
/// tens of milliseconds of one core: a burst of logins waits its turn here instead of taking a
/// blocking thread each — on those, 30 logins at once held 2–5 GB, since the allocator keeps a
/// freed block in the arena of the thread that used it (measured, docs/benchmarks.md).
async fn on_password_thread<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    type Job = Box<dyn FnOnce() + Send>;
    static QUEUE: OnceLock<mpsc::Sender<Job>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("password-{i}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!("cannot start a password thread: {e}");
            }
        }
        tx
    });
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(job());
    });
    queue.send(job).ok()?;
    answer.await.ok()
}

/// argon2id hash of a password (default parameters: m = 19 MiB, t = 2, p = 1).
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let pw = password.to_owned();
    on_password_thread(move || {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let salt = SaltString::encode_b64(&bytes)?;
        Argon2::default()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or_else(|| AppError::Internal("the password threads are gone".into()))?
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// Whether `password` matches `hash`.
pub async fn verify_password(password: &str, hash: &str) -> bool {
    if let Some(rest) = hash.strip_prefix("$otp-sha256$") {
        return verify_one_time(password, rest);
    }
    let (pw, h) = (password.to_owned(), hash.to_owned());
    on_password_thread(move || {
        PasswordHash::new(&h).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(pw.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash nobody's password matches, verified when the account name is unknown so that a wrong
/// name takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

/// A successful login: the token to hand to the client.
#[derive(Debug)]
pub struct LoggedIn {
    pub token: String,
    pub must_change_password: bool,
    /// The token is only the first step: the account's second factor must follow
    /// ([`second_step`]); it opens nothing but the code page.
    pub needs_code: bool,
}

/// A session of this kind only waits for the second factor's code (5 minutes).
pub const PENDING_CODE: &str = "totp";

/// Checks a username and password, applying the rate limits and the lockout policy, and opens
/// a session of `kind` (`web` or `api`). Failure gives the message key to show. Every outcome is
/// an audit line (issue 9 §2), except attempts refused by the rate limit, which are only counted
/// in the log (a flood must not flood the audit log).
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    kind: &str,
    ip: Option<IpAddr>,
    code: Option<&str>,
) -> Result<LoggedIn, AppError> {
    let username = username.trim().to_lowercase();
    if !state.throttle.allow(Door::Login, ip, &username) {
        state.metrics.login(false);
        tracing::warn!(username = %username, ip = ?ip, "login attempts over the rate limit");
        return Err(AppError::TooManyAttempts);
    }
    let policy = state.config.lockout;
    let at = now();
    let refuse = |account: Option<&danhgia_store::Account>, reason: &'static str, key| {
        let entry = login_line(account, &username, ip, "login_failed", reason);
        async move {
            crate::audit::append(state, entry).await;
            state.metrics.login(false);
            Err(AppError::Forbidden(key))
        }
    };
    let account = match state.store.account_by_username(&username).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            verify_password(password, DUMMY_HASH).await;
            return refuse(None, "unknown_account", "err.bad_credentials").await;
        }
        Err(e) => return Err(e.into()),
    };
    let login_state = LoginState {
        failed_logins: u32::try_from(account.failed_logins).unwrap_or(u32::MAX),
        locked_until: account.locked_until,
    };
    if policy.is_locked(&login_state, at) {
        return refuse(Some(&account), "locked", "err.account_locked").await;
    }
    if !verify_password(password, &account.password_hash).await {
        let next = policy.after_failure(&login_state, at);
        state.store.record_login_failure(&account.id, &next).await?;
        tracing::info!(username = %username, failures = next.failed_logins, locked = next.locked_until.is_some(), "login failed");
        return if policy.is_locked(&next, at) {
            refuse(
                Some(&account),
                "wrong_password_locked",
                "err.account_locked",
            )
            .await
        } else {
            refuse(Some(&account), "wrong_password", "err.bad_credentials").await
        };
    }
    // Only a holder of the right password learns why the account cannot log in.
    if !account.disabled
        && password::past_deadline(account.must_change_password, account.password_deadline, at)
    {
        state
            .store
            .disable_account(&account.id, "password_deadline")
            .await?;
        crate::audit::record(
            state,
            None,
            "account_lock_password_deadline",
            "account",
            Some(&account.id),
            None,
            serde_json::json!({ "username": username }),
        )
        .await;
        return refuse(Some(&account), "password_deadline", "err.password_deadline").await;
    }
    if account.disabled {
        return if account.disabled_reason.as_deref() == Some("password_deadline") {
            refuse(Some(&account), "password_deadline", "err.password_deadline").await
        } else {
            refuse(Some(&account), "disabled", "err.account_disabled").await
        };
    }
    // The second factor: the page asks for it on a page of its own, the API in the same call.
    if let Some(secret) = state.store.totp_of(&account.id).await?.secret {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            None if kind == "web" => {
                let token = random_token();
                state
                    .store
                    .create_session(
                        &token_hash(&token),
                        &account.id,
                        PENDING_CODE,
                        &random_token(),
                        at + time::Duration::minutes(5),
                    )
                    .await?;
                return Ok(LoggedIn {
                    token,
                    must_change_password: account.must_change_password,
                    needs_code: true,
                });
            }
            None => {
                return refuse(Some(&account), "code_missing", "err.totp_required").await;
            }
            Some(c) => {
                if !crate::totp::verify(state, &account.id, &username, &secret, c).await? {
                    let next = policy.after_failure(&login_state, at);
                    state.store.record_login_failure(&account.id, &next).await?;
                    return refuse(Some(&account), "wrong_code", "err.totp_wrong").await;
                }
            }
        }
    }
    finish_login(state, &account, kind, ip, kind).await
}

/// The second step of a web login with a second factor: the code for the pending session of
/// `pending_token`. A wrong code counts towards the lockout; the right one ends the pending
/// session and opens a new one (a new token).
pub async fn second_step(
    state: &AppState,
    pending_token: &str,
    code: &str,
    ip: Option<IpAddr>,
) -> Result<LoggedIn, AppError> {
    let at = now();
    let pending = state
        .store
        .session(&token_hash(pending_token), at)
        .await?
        .filter(|s| s.kind == PENDING_CODE)
        .ok_or(AppError::Unauthenticated { expired: true })?;
    let account = state.store.account(&pending.account_id).await?;
    if !state.throttle.allow(Door::Login, ip, &account.username) {
        return Err(AppError::TooManyAttempts);
    }
    let policy = state.config.lockout;
    let login_state = LoginState {
        failed_logins: u32::try_from(account.failed_logins).unwrap_or(u32::MAX),
        locked_until: account.locked_until,
    };
    let line = |reason| {
        login_line(
            Some(&account),
            &account.username,
            ip,
            "login_failed",
            reason,
        )
    };
    if policy.is_locked(&login_state, at) {
        state.store.delete_session(&pending.id).await?;
        crate::audit::append(state, line("locked")).await;
        return Err(AppError::Forbidden("err.account_locked"));
    }
    let secret = state
        .store
        .totp_of(&account.id)
        .await?
        .secret
        .ok_or(AppError::Unauthenticated { expired: true })?;
    if !crate::totp::verify(state, &account.id, &account.username, &secret, code).await? {
        let next = policy.after_failure(&login_state, at);
        state.store.record_login_failure(&account.id, &next).await?;
        crate::audit::append(state, line("wrong_code")).await;
        state.metrics.login(false);
        return Err(AppError::Forbidden(if policy.is_locked(&next, at) {
            "err.account_locked"
        } else {
            "err.totp_wrong"
        }));
    }
    state.store.delete_session(&pending.id).await?;
    finish_login(state, &account, "web", ip, "web+totp").await
}

/// Opens the session of a login that passed every check, and writes its audit line.
async fn finish_login(
    state: &AppState,
    account: &danhgia_store::Account,
    kind: &str,
    ip: Option<IpAddr>,
    how: &str,
) -> Result<LoggedIn, AppError> {
    let at = now();
    state.store.record_login_success(&account.id).await?;
    let token = random_token();
    // An API token lasts 12 hours; a web session until it idles, never past the absolute end.
    let expires = at
        + if kind == "api" {
            time::Duration::hours(12)
        } else {
            state.config.idle_timeout
        }
        .min(state.config.absolute_timeout);
    state
        .store
        .create_session(
            &token_hash(&token),
            &account.id,
            kind,
            &random_token(),
            expires,
        )
        .await?;
    state.metrics.login(true);
    tracing::info!(username = %account.username, kind, "login");
    let mut line = login_line(Some(account), &account.username, ip, "login", how);
    line.unit_id = match &account.person_id {
        Some(p) => state.store.person(p).await.ok().map(|p| p.unit_id),
        None => None,
    };
    crate::audit::append(state, line).await;
    Ok(LoggedIn {
        token,
        must_change_password: account.must_change_password,
        needs_code: false,
    })
}

/// The audit line of a login attempt: by the account when it exists, else by the name typed
/// (cut to 64 characters).
fn login_line(
    account: Option<&danhgia_store::Account>,
    typed: &str,
    ip: Option<IpAddr>,
    action: &str,
    detail: &str,
) -> danhgia_store::AuditEntry {
    danhgia_store::AuditEntry {
        at: now(),
        actor_id: account.map(|a| a.id.clone()),
        actor_name: typed.chars().take(64).collect(),
        action: action.to_owned(),
        target_kind: "account".to_owned(),
        target_id: account.map(|a| a.id.clone()),
        unit_id: None,
        detail: serde_json::json!({ "reason": detail }).to_string(),
        ip: ip.map(|i| i.to_string()),
    }
}

/// The client's address: the connection's peer, or behind a trusted reverse proxy the last
/// address it appended to `X-Forwarded-For`. `None` when neither is known (tests, a socket).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    pub fn of(parts: &Parts, state: &AppState) -> ClientIp {
        if state.config.trust_proxy
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse::<IpAddr>().ok())
                .next_back()
        {
            return ClientIp(Some(ip));
        }
        ClientIp(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        )
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(ClientIp::of(parts, state))
    }
}

/// The logged-in account of a request, with its scope.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account_id: String,
    pub username: String,
    pub person_id: Option<String>,
    pub scope: Scope,
    /// The session's CSRF token, to embed in forms.
    pub csrf: String,
    /// Hash of the session token (to log out).
    pub session: String,
    pub must_change_password: bool,
    /// Alerts not yet read, for the header.
    pub unread_alerts: i64,
    /// The request's client address, for the audit log.
    pub ip: Option<String>,
}

impl CurrentUser {
    /// Checks a form's CSRF token against the session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if !sent.is_empty() && constant_time_eq(sent.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(AppError::Forbidden("err.csrf"))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value for the session cookie (`None` clears it).
pub fn session_cookie(state: &AppState, name: &str, token: Option<&str>) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    match token {
        Some(t) => format!("{name}={t}; Path=/; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

async fn authenticate(
    parts: &Parts,
    state: &AppState,
    allow_bearer: bool,
) -> Result<CurrentUser, AppError> {
    let bearer = if allow_bearer {
        parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
    } else {
        None
    };
    let Some(token) = bearer
        .or_else(|| cookie(&parts.headers, SESSION_COOKIE))
        .filter(|t| !t.is_empty())
    else {
        return Err(AppError::Unauthenticated { expired: false });
    };
    let id = token_hash(token);
    let at = now();
    let Some(session) = state.store.session(&id, at).await? else {
        return Err(AppError::Unauthenticated { expired: true });
    };
    // Halfway through a login with a second factor: nothing but the code page.
    if session.kind == PENDING_CODE {
        return Err(AppError::Unauthenticated { expired: false });
    }
    // The absolute end: a session in use all day still ends (ASVS 3.3.2).
    let absolute_end = session.created_at + state.config.absolute_timeout;
    if at >= absolute_end {
        state.store.delete_session(&id).await?;
        return Err(AppError::Unauthenticated { expired: true });
    }
    // Restart the idle timeout, at most once a minute per session to spare the writer.
    if session.kind == "web" && at - session.last_seen_at > time::Duration::minutes(1) {
        state
            .store
            .touch_session(&id, (at + state.config.idle_timeout).min(absolute_end))
            .await?;
    }
    let grants = state.store.grants_of(&session.account_id).await?;
    Ok(CurrentUser {
        account_id: session.account_id,
        username: session.username,
        person_id: session.person_id,
        scope: Scope::new(
            grants
                .into_iter()
                .map(|g| Grant {
                    role: g.role,
                    unit_path: g.unit_path,
                })
                .collect(),
        ),
        csrf: session.csrf_token,
        session: id,
        must_change_password: session.must_change_password,
        unread_alerts: session.unread_alerts,
        ip: ClientIp::of(parts, state).0.map(|i| i.to_string()),
    })
}

/// The current user of a page; anonymous visitors are sent to the login page, and accounts that
/// must change their password to the password page.
#[derive(Debug, Clone)]
pub struct PageUser(pub CurrentUser);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let user = authenticate(parts, state, false).await?;
        let path = parts.uri.path();
        if user.must_change_password && path != "/password" && path != "/logout" {
            return Err(PageError(AppError::PasswordChangeRequired));
        }
        Ok(PageUser(user))
    }
}

/// The current user of an API call (bearer token, or the session cookie).
#[derive(Debug, Clone)]
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = authenticate(parts, state, true).await?;
        if user.must_change_password {
            return Err(ApiError(AppError::PasswordChangeRequired));
        }
        Ok(ApiUser(user))
    }
}

/// A one-time password for a new or reset account: 16 letters and digits (≈ 79 random bits)
/// that cannot be confused when read aloud or copied from paper (no 0/o, 1/l/i), in groups of
/// four.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..16)
        .map(|_| char::from(ALPHABET[rand::Rng::random_range(&mut rng, 0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The stored form of a one-time password: salted SHA-256, not argon2. A machine-made secret of
/// ~79 random bits cannot be guessed offline even with a fast hash (argon2's cost protects
/// low-entropy human choices), and it lets an import issue 10,000 accounts in seconds. It
/// only lives until the first login, within 5 days; the user's own password is argon2id.
pub fn hash_one_time_password(otp: &str) -> String {
    let salt = random_token();
    format!(
        "$otp-sha256${salt}${}",
        hex::encode(Sha256::digest(format!("{salt}{}", otp.trim()).as_bytes()))
    )
}

fn verify_one_time(password: &str, stored: &str) -> bool {
    let Some((salt, digest)) = stored.split_once('$') else {
        return false;
    };
    let got = hex::encode(Sha256::digest(
        format!("{salt}{}", password.trim()).as_bytes(),
    ));
    constant_time_eq(got.as_bytes(), digest.as_bytes())
}

/// Opens a session for an account without a password, for tests and tools that already
/// authenticated the account; returns the token.
pub async fn open_session(
    state: &AppState,
    account_id: &str,
    kind: &str,
) -> Result<String, AppError> {
    let token = random_token();
    state
        .store
        .create_session(
            &token_hash(&token),
            account_id,
            kind,
            &random_token(),
            now() + state.config.idle_timeout,
        )
        .await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_round_trip() -> Result<(), AppError> {
        let h = hash_password("Demo@2026").await?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Demo@2026", &h).await);
        assert!(!verify_password("demo@2026", &h).await);
        assert!(!verify_password("anything", DUMMY_HASH).await);
        let otp = one_time_password();
        assert_eq!(otp.len(), 19);
        let stored = hash_one_time_password(&otp);
        assert!(verify_password(&otp, &stored).await);
        assert!(!verify_password("abcd-efgh-jkmn-pqrs", &stored).await);
        assert_ne!(stored, hash_one_time_password(&otp), "salted");
        Ok(())
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
    }
}
