//! The optional second factor of admins (issue 9 §1, ASVS 2.8), and sessions ended when a
//! role is granted or revoked (ASVS 3.2.1).

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, PASSWORD, World, csrf_in, form, session_cookie, web_login};
use danhgia_web::totp::code_at;

const ADMIN: &str = "quantri_huyenmau";

async fn get_as(w: &World, cookie: &str, path: &str) -> common::Resp {
    w.send_with(
        Actor::Anonymous,
        Method::GET,
        path,
        None,
        &[("cookie", cookie)],
    )
    .await
}

async fn post_as(w: &World, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> common::Resp {
    w.send_with(
        Actor::Anonymous,
        Method::POST,
        path,
        Some(&form(pairs)),
        &[("cookie", cookie)],
    )
    .await
}

/// Turns the system admin's second factor on through the page; returns the secret.
async fn enrol(w: &World) -> String {
    let page = w
        .send(Actor::SysAdmin, Method::GET, "/account/2fa", None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"totp-qr\""));
    assert!(page.body.contains("<svg"), "the QR code is drawn");
    let account = w.store.account_by_username(ADMIN).await.unwrap();
    let secret = w.store.totp_of(&account.id).await.unwrap().pending.unwrap();
    let wrong = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/account/2fa",
            Some("code=000000"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("Mã xác thực không đúng"),
        "{}",
        wrong.body
    );
    assert!(w.store.totp_of(&account.id).await.unwrap().secret.is_none());
    let code = code_at(&secret, danhgia_store::now()).unwrap();
    let ok = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/account/2fa",
            Some(&format!("code={code}")),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(
        w.store
            .totp_of(&account.id)
            .await
            .unwrap()
            .secret
            .as_deref(),
        Some(secret.as_str())
    );
    secret
}

#[tokio::test]
async fn an_admin_turns_it_on_and_then_a_password_alone_opens_nothing() {
    let w = World::new().await;
    let secret = enrol(&w).await;
    assert_eq!(
        w.store
            .audit_by_action("totp_enable", 5)
            .await
            .unwrap()
            .len(),
        1
    );

    // The password is right: the browser gets only a pending session, for the code page.
    let first = web_login(&w, ADMIN, PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location.as_deref(), Some("/login/code"));
    let pending = session_cookie(&first);
    let r = get_as(&w, &pending, "/evaluations").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "nothing else opens");
    let r = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/api/v1/me",
            None,
            &[("cookie", &pending)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let page = get_as(&w, &pending, "/login/code").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("autocomplete=\"one-time-code\""));
    let csrf = csrf_in(&page.body);
    let wrong = post_as(
        &w,
        &pending,
        "/login/code",
        &[("csrf", &csrf), ("code", "123456")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Mã xác thực không đúng"));

    // The next step's code (this step's was used to turn it on) opens a new session.
    let code = code_at(&secret, danhgia_store::now() + time::Duration::seconds(30)).unwrap();
    let ok = post_as(
        &w,
        &pending,
        "/login/code",
        &[("csrf", &csrf), ("code", &code)],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let session = session_cookie(&ok);
    assert_ne!(session, pending, "a new session id");
    assert_eq!(
        get_as(&w, &session, "/evaluations").await.status,
        StatusCode::OK
    );
    assert_eq!(
        get_as(&w, &pending, "/login/code").await.status,
        StatusCode::SEE_OTHER,
        "the pending session is gone"
    );
    let login = w.store.audit_by_action("login", 5).await.unwrap();
    assert_eq!(login[0].detail, r#"{"reason":"web+totp"}"#);
    let failed = w.store.audit_by_action("login_failed", 5).await.unwrap();
    assert_eq!(failed[0].detail, r#"{"reason":"wrong_code"}"#);

    // A code is accepted once, and the API asks for it in the same call.
    let w = &w;
    let api = |body: String| async move {
        w.send(Actor::Anonymous, Method::POST, "/api/v1/login", Some(&body))
            .await
    };
    let none = api(format!(
        r#"{{"username":"{ADMIN}","password":"{PASSWORD}"}}"#
    ))
    .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(
        none.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("xác thực hai lớp")
    );
    let replay = api(format!(
        r#"{{"username":"{ADMIN}","password":"{PASSWORD}","code":"{code}"}}"#
    ))
    .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert!(
        replay.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("đã được dùng")
    );
}

#[tokio::test]
async fn wrong_codes_count_towards_the_lockout() {
    let w = World::new().await;
    enrol(&w).await;
    let first = web_login(&w, ADMIN, PASSWORD).await;
    let pending = session_cookie(&first);
    let csrf = csrf_in(&get_as(&w, &pending, "/login/code").await.body);
    let mut last = None;
    for _ in 0..5 {
        last = Some(
            post_as(
                &w,
                &pending,
                "/login/code",
                &[("csrf", &csrf), ("code", "000000")],
            )
            .await,
        );
    }
    let last = last.unwrap();
    assert!(last.body.contains("tạm thời bị khóa"), "{}", last.body);
}

#[tokio::test]
async fn only_admins_are_offered_it_and_turning_it_off_needs_a_code() {
    let w = World::new().await;
    for actor in [Actor::Staff, Actor::Evaluator] {
        let r = w.send(actor, Method::GET, "/account/2fa", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{actor:?}");
    }
    let secret = enrol(&w).await;
    let page = w
        .send(Actor::SysAdmin, Method::GET, "/account/2fa", None)
        .await;
    assert!(page.body.contains("data-testid=\"totp-on\""));
    let wrong = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/account/2fa/disable",
            Some("code=000000"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = code_at(&secret, danhgia_store::now() + time::Duration::seconds(30)).unwrap();
    let off = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/account/2fa/disable",
            Some(&format!("code={code}")),
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    let account = w.store.account_by_username(ADMIN).await.unwrap();
    assert_eq!(w.store.totp_of(&account.id).await.unwrap().secret, None);
    assert_eq!(
        w.store
            .audit_by_action("totp_disable", 5)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn granting_or_revoking_a_role_ends_the_holders_sessions() {
    let w = World::new().await;
    let r = w
        .send(Actor::Staff, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let granted = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/staff/{}/roles", w.ids.staff_person),
            Some(&format!("role=aggregator&unit_id={}", w.ids.a)),
        )
        .await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER, "{}", granted.body);
    let r = w
        .send(Actor::Staff, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "logged out: log in again");
    // The granter's own session goes on.
    let r = w
        .send(Actor::AdminA, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);

    let r = w
        .send(Actor::Evaluator, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let revoked = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/staff/{}/roles/{}/revoke", w.ids.head_person, w.ids.grant),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let r = w
        .send(Actor::Evaluator, Method::GET, "/evaluations", None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}
