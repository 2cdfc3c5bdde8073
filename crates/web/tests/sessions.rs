//! Session limits (issue 9 §1, OWASP ASVS 3.3): a session in constant use still ends at its
//! absolute timeout, and HTTPS deployments send HSTS.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World};
use danhgia_web::Config;

#[tokio::test]
async fn a_session_in_use_ends_at_its_absolute_timeout() {
    let w = World::with_config(Config {
        absolute_timeout: time::Duration::seconds(2),
        ..Config::default()
    })
    .await;
    let r = w
        .send(Actor::Staff, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = w.send(Actor::Staff, Method::GET, "/api/v1/me", None).await;
    assert_eq!(r.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    // Busy all along (the idle timeout is 30 minutes), the session has still ended.
    let r = w
        .send(Actor::Staff, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login")),
        "{:?}",
        r.location
    );
    let r = w.send(Actor::Staff, Method::GET, "/api/v1/me", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn hsts_is_sent_only_behind_https() {
    let plain = World::new().await;
    let r = plain
        .send(Actor::Anonymous, Method::GET, "/login", None)
        .await;
    assert!(r.headers.get("strict-transport-security").is_none());
    assert_eq!(
        r.headers
            .get("x-content-type-options")
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    let https = World::with_config(Config {
        secure_cookies: true,
        ..Config::default()
    })
    .await;
    let r = https
        .send(Actor::Anonymous, Method::GET, "/login", None)
        .await;
    assert_eq!(
        r.headers
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000; includeSubDomains")
    );
}
