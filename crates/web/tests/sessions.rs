//! Sessions and logins per OWASP ASVS L2 (issue 9 §1): a session in constant use still ends at
//! its absolute timeout, HTTPS deployments send HSTS, a login never carries an old session over,
//! "log out everywhere" ends every session and token, logins and reset requests are rate-limited
//! per name and per address, and every login attempt is an audit line with the client address.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, PASSWORD, TEST_PEER, World, csrf_in, form, session_cookie, web_login};
use danhgia_web::Config;

/// A bearer token from the API login.
async fn api_token(w: &World, username: &str) -> String {
    let r = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/login",
            Some(&format!(
                r#"{{"username":"{username}","password":"{PASSWORD}"}}"#
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["token"].as_str().unwrap_or_default().to_owned()
}

async fn me_with(w: &World, cookie_or_bearer: (&str, &str)) -> StatusCode {
    w.send_with(
        Actor::Anonymous,
        Method::GET,
        "/api/v1/me",
        None,
        &[cookie_or_bearer],
    )
    .await
    .status
}

#[tokio::test]
async fn logging_in_again_ends_the_session_the_browser_held() {
    let w = World::new().await;
    let first = session_cookie(&web_login(&w, "quantri_huyenmau", PASSWORD).await);
    assert_eq!(me_with(&w, ("cookie", &first)).await, StatusCode::OK);
    // The same browser (still sending its cookie) logs in again: a new token, the old one dead.
    let (csrf_cookie, token) = common::login_token(&w).await;
    let body = form(&[
        ("username", "quantri_huyenmau"),
        ("password", PASSWORD),
        ("csrf", &token),
    ]);
    let again = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/login",
            Some(&body),
            &[("cookie", &format!("{csrf_cookie}; {first}"))],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let second = session_cookie(&again);
    assert_ne!(first, second);
    assert_eq!(me_with(&w, ("cookie", &second)).await, StatusCode::OK);
    assert_eq!(
        me_with(&w, ("cookie", &first)).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_and_token_of_the_account_only() {
    let w = World::new().await;
    let browser = session_cookie(&web_login(&w, "quantri_huyenmau", PASSWORD).await);
    let other_browser = session_cookie(&web_login(&w, "quantri_huyenmau", PASSWORD).await);
    let token = api_token(&w, "quantri_huyenmau").await;
    let bearer = format!("Bearer {token}");
    let someone_else = api_token(&w, "quantri_anphu").await;
    let someone_else = format!("Bearer {someone_else}");
    // The password page offers it.
    let page = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/password",
            None,
            &[("cookie", &browser)],
        )
        .await;
    assert!(
        page.body.contains("action=\"/logout/all\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Đăng xuất mọi nơi"));
    let csrf = csrf_in(&page.body);
    // A wrong CSRF token changes nothing.
    let refused = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/logout/all",
            Some(&form(&[("csrf", "forged")])),
            &[("cookie", &browser)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        me_with(&w, ("authorization", &bearer)).await,
        StatusCode::OK
    );

    let out = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/logout/all",
            Some(&form(&[("csrf", &csrf)])),
            &[("cookie", &browser)],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location.as_deref(), Some("/login?out=1"));
    for gone in [
        ("cookie", browser.as_str()),
        ("cookie", &other_browser),
        ("authorization", &bearer),
    ] {
        assert_eq!(
            me_with(&w, gone).await,
            StatusCode::UNAUTHORIZED,
            "{gone:?}"
        );
    }
    assert_eq!(
        me_with(&w, ("authorization", &someone_else)).await,
        StatusCode::OK,
        "another account keeps its sessions"
    );
    let lines = w
        .store
        .audit_by_action("logout_everywhere", 10)
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].actor_name, "quantri_huyenmau");

    // The API has it too.
    let token = api_token(&w, "quantri_huyenmau").await;
    let bearer = format!("Bearer {token}");
    let r = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/logout/all",
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        me_with(&w, ("authorization", &bearer)).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn logins_for_one_name_are_limited_per_minute_in_vietnamese() {
    let w = World::with_config(Config {
        // The lockout would answer first with its default of 5.
        lockout: danhgia_domain::lockout::LockoutPolicy {
            max_failures: 1000,
            lock_for: time::Duration::minutes(1),
        },
        ..Config::default()
    })
    .await;
    for _ in 0..10 {
        let r = web_login(&w, "quantri_huyenmau", "sai").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = web_login(&w, "quantri_huyenmau", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.body.contains("Có quá nhiều lần thử"),
        "even the right password waits: {}",
        r.body
    );
    let api = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/login",
            Some(&format!(
                r#"{{"username":"QUANTRI_HUYENMAU","password":"{PASSWORD}"}}"#
            )),
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.json()["error"], "too_many_attempts");
    assert!(
        api.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("đợi một phút")
    );
    // Another account, and the same account from elsewhere, are not held up by this name's...
    let other = web_login(&w, "quantri_anphu", PASSWORD).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_address_trying_many_names_is_limited() {
    let w = World::with_config(Config {
        limits: danhgia_web::throttle::Limits {
            login_per_ip: 4,
            ..Default::default()
        },
        ..Config::default()
    })
    .await;
    for i in 0..4 {
        let r = web_login(&w, &format!("doan{i}"), "x").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = web_login(&w, "quantri_huyenmau", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // From another address the account logs in.
    let elsewhere = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/login",
            Some(&format!(
                r#"{{"username":"quantri_huyenmau","password":"{PASSWORD}"}}"#
            )),
            &[("x-test-peer", "198.51.100.20")],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
}

#[tokio::test]
async fn reset_requests_for_one_name_are_few() {
    let w = World::new().await;
    for _ in 0..3 {
        let r = w
            .send(
                Actor::Anonymous,
                Method::POST,
                "/forgot",
                Some("csrf=x&name=quantri_anphu"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/forgot",
            Some("csrf=x&name=quantri_anphu"),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Có quá nhiều lần thử"), "{}", r.body);
    assert!(
        r.body.contains("aria-invalid=\"true\""),
        "shown at the field"
    );
}

#[tokio::test]
async fn every_login_attempt_is_an_audit_line_with_the_client_address() {
    let w = World::new().await;
    web_login(&w, "quantri_huyenmau", "sai").await;
    web_login(&w, "khongtontai", "x").await;
    let ok = session_cookie(&web_login(&w, "quantri_huyenmau", PASSWORD).await);
    let failed = w.store.audit_by_action("login_failed", 10).await.unwrap();
    let reasons: Vec<(&str, &str)> = failed
        .iter()
        .map(|l| (l.actor_name.as_str(), l.detail.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("khongtontai", r#"{"reason":"unknown_account"}"#),
            ("quantri_huyenmau", r#"{"reason":"wrong_password"}"#),
        ]
    );
    assert!(failed[0].actor_id.is_none() && failed[1].actor_id.is_some());
    let login = w.store.audit_by_action("login", 10).await.unwrap();
    assert_eq!(login.len(), 1);
    assert_eq!(login[0].detail, r#"{"reason":"web"}"#);
    let expected_ip = TEST_PEER.to_string();
    for line in failed.iter().chain(&login) {
        assert_eq!(line.ip.as_deref(), Some(expected_ip.as_str()));
    }
    // Logging out is one too, and the chain holds.
    let page = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/password",
            None,
            &[("cookie", &ok)],
        )
        .await;
    let csrf = csrf_in(&page.body);
    let out = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/logout",
            Some(&form(&[("csrf", &csrf)])),
            &[("cookie", &ok)],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        w.store.audit_by_action("logout", 10).await.unwrap().len(),
        1
    );
    assert_eq!(w.store.verify_audit(None).await.unwrap().broken, None);
}

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
    // The other headers of every answer (issue 9 §1), pinned.
    let header = |name: &str| {
        r.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header("content-security-policy"),
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("cache-control"), "no-store");
    let css = plain
        .send(Actor::Anonymous, Method::GET, "/static/app.css", None)
        .await;
    assert_eq!(
        css.headers.get("cache-control").map(|v| v.as_bytes()),
        Some(&b"public, max-age=3600"[..]),
        "static files stay cached"
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
