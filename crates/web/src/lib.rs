//! The web layer: axum routes, the current-user extractor that carries each request's scope,
//! server-rendered pages (askama), the JSON API, and the i18n catalogue.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod annual;
pub mod api;
pub mod api_criteria;
pub mod api_evaluations;
pub mod api_peer;
pub mod api_work;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod charts;
pub mod error;
pub mod evaluation;
pub mod i18n;
pub mod import;
pub mod kpi;
pub mod openapi;
pub mod ops;
pub mod pages;
pub mod peer;
pub mod routes;
pub mod search;
pub mod throttle;
pub mod totp;
pub mod work;

use std::sync::Arc;

use danhgia_domain::lockout::LockoutPolicy;
use danhgia_store::Store;

pub use routes::router;

/// Settings of the web layer (flags, environment, defaults).
#[derive(Debug, Clone)]
pub struct Config {
    /// Wrong passwords before a temporary lock, and for how long (issue 2: 5, 15 minutes).
    pub lockout: LockoutPolicy,
    /// A session unused this long ends; the next page asks to log in again (Ministry checklist).
    pub idle_timeout: time::Duration,
    /// A session ends this long after its login however busy it is (ASVS 3.3.2: 12 hours).
    pub absolute_timeout: time::Duration,
    /// Mark cookies `Secure` and send HSTS (behind HTTPS).
    pub secure_cookies: bool,
    /// The address users reach the app at, for links in e-mails (never taken from the request's
    /// Host header, which a caller controls).
    pub public_url: String,
    /// One-time passwords: change within 5 days; reset links: 30 minutes (M2.6).
    pub lifecycle: danhgia_domain::password::Lifecycle,
    /// Where attached files are kept (M4.6; see [`attachments::open`]).
    pub files: Arc<dyn object_store::ObjectStore>,
    /// Behind a reverse proxy: the client's address is the last one the proxy appended to
    /// `X-Forwarded-For` (otherwise the header, which anyone can send, is ignored).
    pub trust_proxy: bool,
    /// Login and password-reset attempts allowed per minute ([`throttle`]).
    pub limits: throttle::Limits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            lockout: LockoutPolicy::default(),
            idle_timeout: time::Duration::minutes(30),
            absolute_timeout: time::Duration::hours(12),
            secure_cookies: false,
            public_url: "http://127.0.0.1:8080".to_owned(),
            lifecycle: danhgia_domain::password::Lifecycle::default(),
            // A real directory (the server passes `--attachments`); tests share this one, each
            // file under its own new id.
            files: attachments::open(&std::env::temp_dir().join("danhgia-files").to_string_lossy())
                .unwrap_or_else(|_| Arc::new(object_store::memory::InMemory::new())),
            trust_proxy: false,
            limits: throttle::Limits::default(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub config: Config,
    pub metrics: ops::Metrics,
    pub throttle: throttle::Throttle,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        Self(Arc::new(Inner {
            store,
            throttle: throttle::Throttle::new(config.limits),
            config,
            metrics: ops::Metrics::default(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
