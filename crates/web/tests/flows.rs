//! HTTP behaviour through the real router: login and lockout, sessions, CSRF, forms with
//! Vietnamese field errors that keep the input, conflicts that change nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, csrf_in, form, session_cookie, web_login};
use danhgia_domain::lockout::LockoutPolicy;
use danhgia_web::Config;

#[tokio::test]
async fn login_sets_an_httponly_samesite_session_and_logout_ends_it() {
    let w = World::new().await;
    let ok = web_login(&w, "quantri_huyenmau", common::PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location.as_deref(), Some("/evaluations"));
    let session = ok
        .cookies
        .iter()
        .find(|c| c.starts_with("danhgia_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    let token = session.split(';').next().unwrap();
    let tree = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/units",
            None,
            &[("cookie", token)],
        )
        .await;
    assert_eq!(tree.status, StatusCode::OK);
    assert!(tree.body.contains("Huyện Mẫu"));

    // logout needs the session's CSRF token; afterwards the cookie is worthless
    let csrf = csrf_in(&tree.body);
    let out = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/logout",
            Some(&format!("csrf={csrf}")),
            &[("cookie", token)],
        )
        .await;
    assert_eq!(out.location.as_deref(), Some("/login?out=1"));
    let after = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/units",
            None,
            &[("cookie", token)],
        )
        .await;
    assert_eq!(after.location.as_deref(), Some("/login?expired=1"));
}

#[tokio::test]
async fn wrong_password_is_a_vietnamese_message_and_five_lock_for_fifteen_minutes() {
    let w = World::new().await;
    let bad = web_login(&w, "quantri_huyenmau", "sai-mat-khau").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.body.contains("Tên tài khoản hoặc mật khẩu không đúng."));
    assert!(
        bad.body.contains("value=\"quantri_huyenmau\""),
        "the typed name is kept"
    );
    let unknown = web_login(&w, "khongtontai", "x").await;
    assert!(
        unknown
            .body
            .contains("Tên tài khoản hoặc mật khẩu không đúng."),
        "unknown names get the same answer"
    );
    for _ in 0..3 {
        web_login(&w, "quantri_huyenmau", "sai-mat-khau").await;
    }
    let fifth = web_login(&w, "quantri_huyenmau", "sai-mat-khau").await;
    assert!(fifth.body.contains("tạm thời bị khóa"), "{}", fifth.body);
    // now even the right password is refused until the lock ends
    let right = web_login(&w, "quantri_huyenmau", common::PASSWORD).await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert!(right.body.contains("tạm thời bị khóa"));
    let api = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/login",
            Some(r#"{"username":"quantri_huyenmau","password":"Demo@2026"}"#),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.json()["error"], "login_refused");
}

#[tokio::test]
async fn lockout_numbers_are_settings() {
    let config = Config {
        lockout: LockoutPolicy {
            max_failures: 2,
            lock_for: time::Duration::minutes(1),
        },
        ..Config::default()
    };
    let w = World::with_config(config).await;
    web_login(&w, "quantri_huyenmau", "x1").await;
    let second = web_login(&w, "quantri_huyenmau", "x2").await;
    assert!(second.body.contains("tạm thời bị khóa"));
}

#[tokio::test]
async fn api_login_gives_a_bearer_token_and_json_errors() {
    let w = World::new().await;
    let ok = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/login",
            Some(r#"{"username":"quantri_anphu","password":"Demo@2026"}"#),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let token = ok.json()["token"].as_str().unwrap().to_owned();
    let auth = format!("Bearer {token}");
    let me = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/api/v1/me",
            None,
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(me.json()["username"], "quantri_anphu");
    assert_eq!(me.json()["roles"][0]["role"], "unit_admin");
    let staff = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            &format!("/api/v1/units/{}/staff", w.ids.a),
            None,
            &[("authorization", &auth)],
        )
        .await;
    let staff_json = staff.json();
    let names: Vec<&str> = staff_json["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["person"]["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Nguyễn Văn An", "Trần Thị Bích"]);
    // staff are evaluated by the head of their unit (< 20 staff: no reviewer, Đ.10.3)
    assert_eq!(staff.json()["staff"][0]["evaluator"], "Trần Thị Bích");
    assert_eq!(
        staff.json()["staff"][0]["reviewer"],
        serde_json::Value::Null
    );

    let garbage = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/api/v1/login",
            Some("{not json"),
        )
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert_eq!(garbage.json()["error"], "bad_request");
    assert!(garbage.json()["message"].as_str().unwrap().contains("JSON"));
    let unknown = w
        .send(Actor::Anonymous, Method::GET, "/api/v1/nothing-here", None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["error"], "not_found");
}

#[tokio::test]
async fn forms_without_csrf_or_from_another_site_are_refused() {
    let w = World::new().await;
    let path = format!("/units/{}/cohorts", w.ids.a);
    let no_token = w
        .send(Actor::AdminA, Method::POST, &path, Some("csrf=&name=Nhóm"))
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(no_token.body.contains("Biểu mẫu đã hết hạn"));
    let cross = w
        .send_with(
            Actor::AdminA,
            Method::POST,
            &path,
            Some("name=Nhóm"),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(
        w.store
            .cohorts(&w.ids.a)
            .await
            .unwrap()
            .iter()
            .all(|c| c.name != "Nhóm"),
        "nothing was written"
    );
}

#[tokio::test]
async fn expired_sessions_ask_to_log_in_again() {
    let config = Config {
        idle_timeout: time::Duration::seconds(-1),
        ..Config::default()
    };
    let w = World::with_config(config).await;
    let r = w.send(Actor::AdminA, Method::GET, "/units", None).await;
    assert_eq!(r.location.as_deref(), Some("/login?expired=1"));
    let page = w
        .send(Actor::Anonymous, Method::GET, "/login?expired=1", None)
        .await;
    assert!(page.body.contains("Phiên làm việc đã hết hạn"));
}

#[tokio::test]
async fn invalid_staff_form_keeps_input_and_names_each_field() {
    let w = World::new().await;
    let body = form(&[
        ("full_name", "Đỗ Thị Hường"),
        ("position_title", ""),
        ("rank", "member"),
        ("employment", "cong_chuc"),
        ("email", "khong-phai-email"),
        ("phone", "12ab"),
        ("create_account", "on"),
        ("initial_password", "ngan"),
    ]);
    let before = w.store.people_in_unit(&w.ids.a).await.unwrap().len();
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/staff", w.ids.a),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"Đỗ Thị Hường\""), "typed name kept");
    assert!(
        r.body.contains("value=\"khong-phai-email\""),
        "typed e-mail kept"
    );
    for (id, msg) in [
        ("position_title-error", "Vui lòng nhập thông tin này."),
        ("email-error", "Địa chỉ email không hợp lệ"),
        ("phone-error", "Số điện thoại gồm 9–11 chữ số."),
        ("initial_password-error", "Mật khẩu phải có ít nhất 8 ký tự"),
    ] {
        let at = r
            .body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}"));
        assert!(r.body[at..].contains(msg), "{id} should say {msg}");
    }
    assert_eq!(
        w.store.people_in_unit(&w.ids.a).await.unwrap().len(),
        before,
        "nothing half-written"
    );
}

#[tokio::test]
async fn new_staff_get_a_generated_account_that_must_change_its_password() {
    let w = World::new().await;
    let body = form(&[
        ("full_name", "Nguyễn  Văn   An"),
        ("position_title", "Chuyên viên"),
        ("rank", "member"),
        ("employment", "cong_chuc"),
        ("create_account", "on"),
        ("initial_password", "Tam@2026x"),
    ]);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/staff", w.ids.a),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // "Nguyễn Văn An" already has nguyenvanan_huyenmau: the clash gets a number (M2.4)
    let acc = w
        .store
        .account_by_username("nguyenvanan2_huyenmau")
        .await
        .expect("generated account");
    assert!(acc.must_change_password);
    let first = web_login(&w, "nguyenvanan2_huyenmau", "Tam@2026x").await;
    assert_eq!(first.location.as_deref(), Some("/password"));
    let token = session_cookie(&first);
    let elsewhere = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/units",
            None,
            &[("cookie", &token)],
        )
        .await;
    assert_eq!(
        elsewhere.location.as_deref(),
        Some("/password"),
        "nothing else before the change"
    );
    let page = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/password",
            None,
            &[("cookie", &token)],
        )
        .await;
    let csrf = csrf_in(&page.body);
    let mismatch = form(&[
        ("csrf", &csrf),
        ("current", "Tam@2026x"),
        ("new", "Moi@2026abc"),
        ("confirm", "Moi@2026abd"),
    ]);
    let bad = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/password",
            Some(&mismatch),
            &[("cookie", &token)],
        )
        .await;
    assert!(bad.body.contains("Hai mật khẩu mới không giống nhau."));
    let good = form(&[
        ("csrf", &csrf),
        ("current", "Tam@2026x"),
        ("new", "Moi@2026abc"),
        ("confirm", "Moi@2026abc"),
    ]);
    let done = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/password",
            Some(&good),
            &[("cookie", &token)],
        )
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some("/evaluations?ok=password.done")
    );
    let tree = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/units",
            None,
            &[("cookie", &token)],
        )
        .await;
    assert_eq!(tree.status, StatusCode::OK);
}

#[tokio::test]
async fn duplicate_code_and_cycles_are_clear_errors_that_change_nothing() {
    let w = World::new().await;
    let dup = form(&[
        ("parent_id", &w.ids.a),
        ("code", "hm-b"),
        ("name", "Trùng mã"),
        ("kind", "team"),
        ("level", "commune"),
        ("block", "government"),
    ]);
    let r = w
        .send(Actor::SysAdmin, Method::POST, "/units", Some(&dup))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Mã đơn vị này đã được sử dụng."));
    assert!(r.body.contains("value=\"Trùng mã\""));

    let before = w.store.unit(&w.ids.a).await.unwrap();
    let cycle = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/units/{}/move", w.ids.a),
            Some(&form(&[("parent_id", &w.ids.a1)])),
        )
        .await;
    assert_eq!(cycle.status, StatusCode::CONFLICT);
    assert!(cycle.body.contains("Không thể chuyển đơn vị vào chính nó"));
    assert_eq!(w.store.unit(&w.ids.a).await.unwrap(), before);

    let not_empty = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/units/{}/dissolve", w.ids.a),
            None,
        )
        .await;
    assert_eq!(not_empty.status, StatusCode::CONFLICT);
    assert!(not_empty.body.contains("vẫn còn cán bộ"));

    // a unit admin cannot move a unit of theirs out of their subtree
    let out = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/move", w.ids.a1),
            Some(&form(&[("parent_id", &w.ids.b)])),
        )
        .await;
    assert_eq!(out.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn admins_grant_roles_only_inside_their_subtree() {
    let w = World::new().await;
    let path = format!("/staff/{}/roles", w.ids.staff_person);
    let above = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&form(&[
                ("role", "unit_admin"),
                ("unit_id", &w.ids.district),
            ])),
        )
        .await;
    assert_eq!(above.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        above
            .body
            .contains("Bạn không được cấp vai trò này trên đơn vị đã chọn.")
    );
    let sys = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&form(&[("role", "system_admin"), ("unit_id", &w.ids.a)])),
        )
        .await;
    assert_eq!(sys.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&form(&[("role", "unit_admin"), ("unit_id", &w.ids.a1)])),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let again = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&form(&[("role", "unit_admin"), ("unit_id", &w.ids.a1)])),
        )
        .await;
    assert!(again.body.contains("Tài khoản đã có vai trò này"));
}

#[tokio::test]
async fn health_and_metrics() {
    let w = World::new().await;
    assert_eq!(
        w.send(Actor::Anonymous, Method::GET, "/healthz", None)
            .await
            .body,
        "ok"
    );
    w.send(
        Actor::Anonymous,
        Method::POST,
        "/api/v1/login",
        Some(r#"{"username":"x","password":"y"}"#),
    )
    .await;
    let m = w
        .send(Actor::Anonymous, Method::GET, "/metrics", None)
        .await;
    assert!(
        m.body.contains("danhgia_logins_total{result=\"failed\"} 1"),
        "{}",
        m.body
    );
    assert!(m.body.contains("danhgia_database_up 1"));
    assert!(
        m.body
            .contains("danhgia_http_requests_total{class=\"4xx\"} 1")
    );
}

/// Creates a staff member with an account through the form (no initial password typed: a
/// one-time password is generated and shown once) and returns (account name, password).
async fn staff_with_one_time_password(w: &World, name: &str) -> (String, String) {
    let body = form(&[
        ("full_name", name),
        ("position_title", "Chuyên viên"),
        ("rank", "member"),
        ("employment", "cong_chuc"),
        ("create_account", "on"),
    ]);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/staff", w.ids.a),
            Some(&body),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the page that shows the one-time password: {}",
        r.body
    );
    let otp = r
        .body
        .split("data-testid=\"one-time-password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let username = danhgia_domain::account_name::generate(name, "huyenmau", |_| false);
    assert!(r.body.contains(&username));
    (username, otp)
}

#[tokio::test]
async fn a_one_time_password_left_unchanged_past_the_deadline_locks_the_account() {
    // seed 000: "Sau 5 ngày kể từ ngày cấp mới nếu người sử dụng không thay đổi mật khẩu thì hệ
    // thống sẽ tự khóa tài khoản" — here the deadline is set to have passed already.
    let lifecycle = danhgia_domain::password::Lifecycle {
        change_within: time::Duration::seconds(-1),
        ..Default::default()
    };
    let w = World::with_config(Config {
        lifecycle,
        ..Config::default()
    })
    .await;
    let (username, otp) = staff_with_one_time_password(&w, "Hoàng Thị Lan").await;
    let r = web_login(&w, &username, &otp).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.body.contains("không được đổi trong 5 ngày") && r.body.contains("Quên mật khẩu"),
        "says what to do"
    );
    let acc = w.store.account_by_username(&username).await.unwrap();
    assert!(acc.disabled);
    assert_eq!(acc.disabled_reason.as_deref(), Some("password_deadline"));
    assert_eq!(
        w.store
            .audit_by_action("account_lock_password_deadline", 5)
            .await
            .unwrap()
            .len(),
        1
    );

    // the admin of the unit resets it: a new one-time password, shown once, and access is back
    let person = w
        .store
        .account_by_username(&username)
        .await
        .unwrap()
        .person_id
        .unwrap();
    let reset = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/staff/{person}/password-reset"),
            None,
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    let otp2 = reset
        .body
        .split("data-testid=\"one-time-password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(otp, otp2);
    assert!(
        !w.store
            .account_by_username(&username)
            .await
            .unwrap()
            .disabled
    );
    // the sibling commune's admin cannot reset it
    let outside = w
        .send(
            Actor::AdminB,
            Method::POST,
            &format!("/staff/{person}/password-reset"),
            None,
        )
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn first_login_changes_the_one_time_password_under_the_rules() {
    let w = World::new().await;
    let (username, otp) = staff_with_one_time_password(&w, "Vũ Đức Thắng").await;
    let first = web_login(&w, &username, &otp).await;
    assert_eq!(first.location.as_deref(), Some("/password"));
    let token = session_cookie(&first);
    let page = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/password",
            None,
            &[("cookie", &token)],
        )
        .await;
    let csrf = csrf_in(&page.body);
    for (new, msg) in [
        ("vuducthang2026", "không được trùng hoặc chứa tên tài khoản"),
        ("matkhau123", "quá phổ biến"),
        ("ngan", "ít nhất 8 ký tự"),
    ] {
        let b = form(&[
            ("csrf", &csrf),
            ("current", &otp),
            ("new", new),
            ("confirm", new),
        ]);
        let r = w
            .send_with(
                Actor::Anonymous,
                Method::POST,
                "/password",
                Some(&b),
                &[("cookie", &token)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert!(r.body.contains(msg), "{new} → {msg}");
    }
    let b = form(&[
        ("csrf", &csrf),
        ("current", &otp),
        ("new", "hoa sen nở giữa hồ"),
        ("confirm", "hoa sen nở giữa hồ"),
    ]);
    let ok = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/password",
            Some(&b),
            &[("cookie", &token)],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let acc = w.store.account_by_username(&username).await.unwrap();
    assert!(!acc.must_change_password && acc.password_deadline.is_none());
    let again = web_login(&w, &username, "hoa sen nở giữa hồ").await;
    assert_eq!(again.location.as_deref(), Some("/evaluations"));
}

#[tokio::test]
async fn admins_unlock_inside_their_scope_and_every_action_is_audited() {
    let w = World::new().await;
    for _ in 0..5 {
        web_login(&w, "nguyenvanan_huyenmau", "sai-mat-khau").await;
    }
    assert!(
        web_login(&w, "nguyenvanan_huyenmau", common::PASSWORD)
            .await
            .body
            .contains("tạm thời bị khóa")
    );
    let page = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/staff/{}", w.ids.staff_person),
            None,
        )
        .await;
    assert!(
        page.body
            .contains("Tạm khóa do nhập sai mật khẩu nhiều lần")
    );
    let outside = w
        .send(
            Actor::AdminB,
            Method::POST,
            &format!("/staff/{}/unlock", w.ids.staff_person),
            None,
        )
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/staff/{}/unlock", w.ids.staff_person),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        web_login(&w, "nguyenvanan_huyenmau", common::PASSWORD)
            .await
            .location
            .as_deref(),
        Some("/evaluations")
    );
    let history = w
        .store
        .audit_of("person", &w.ids.staff_person, 10)
        .await
        .unwrap();
    assert_eq!(history[0].action, "account_unlock");
    assert_eq!(history[0].actor_name, "quantri_anphu");
    let page = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/staff/{}", w.ids.staff_person),
            None,
        )
        .await;
    assert!(
        page.body.contains("Mở khóa tài khoản") && page.body.contains("quantri_anphu"),
        "history shown to the admin"
    );
}

#[tokio::test]
async fn transfers_stay_inside_the_scope_and_leaving_disables_the_account() {
    let w = World::new().await;
    let path = format!("/staff/{}/transfer", w.ids.staff_person);
    // commune A's admin cannot send someone to commune B: that is for the common superior
    let across = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&form(&[
                ("transfer_unit", &w.ids.b),
                ("transfer_position", "Chuyên viên"),
                ("transfer_rank", "member"),
            ])),
        )
        .await;
    assert_eq!(across.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        across
            .body
            .contains("Hãy chọn một đơn vị khác trong phạm vi quản lý của bạn.")
    );
    let future = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &path,
            Some(&form(&[
                ("transfer_unit", &w.ids.b),
                ("transfer_position", "Chuyên viên"),
                ("transfer_rank", "member"),
                ("transfer_date", "2099-01-01"),
            ])),
        )
        .await;
    assert!(future.body.contains("không được sau hôm nay"));
    let ok = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &path,
            Some(&form(&[
                ("transfer_unit", &w.ids.b),
                ("transfer_position", "Chuyên viên"),
                ("transfer_rank", "member"),
            ])),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    // access moves the same day: the person now belongs to B, A's admin no longer sees them
    assert_eq!(
        w.send(
            Actor::AdminA,
            Method::GET,
            &format!("/staff/{}", w.ids.staff_person),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.send(
            Actor::AdminB,
            Method::GET,
            &format!("/staff/{}", w.ids.staff_person),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let me = w
        .send(Actor::Staff, Method::GET, "/api/v1/units", None)
        .await;
    assert_eq!(me.json()["units"][0]["code"], "HM-B");

    let left = w
        .send(
            Actor::AdminB,
            Method::POST,
            &format!("/staff/{}/leave", w.ids.staff_person),
            Some(&form(&[("leave_reason", "retired")])),
        )
        .await;
    assert_eq!(left.status, StatusCode::SEE_OTHER);
    let acc = w
        .store
        .account_by_username("nguyenvanan_huyenmau")
        .await
        .unwrap();
    assert!(acc.disabled);
    assert_eq!(
        w.send(Actor::Staff, Method::GET, "/units", None)
            .await
            .location
            .as_deref(),
        Some("/login?expired=1"),
        "sessions end"
    );
    assert_eq!(
        w.store.placements(&w.ids.staff_person).await.unwrap().len(),
        2,
        "history stays"
    );
    let actions: Vec<String> = w
        .store
        .audit_of("person", &w.ids.staff_person, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, vec!["person_leave", "person_transfer"]);
}

#[tokio::test]
async fn a_reset_link_arrives_by_smtp_and_works_once() {
    let smtp = danhgia_testsmtp::TestSmtp::start().await;
    let w = World::new().await;
    // the staff member needs an e-mail on record
    let mut d = w.store.person(&w.ids.staff_person).await.unwrap();
    let up = danhgia_store::PersonUpdate {
        full_name: d.full_name.clone(),
        position_title: d.position_title.clone(),
        rank: d.rank,
        employment: d.employment,
        cohort_id: d.cohort_id.take(),
        email: Some("an.nguyen@huyenmau.gov.vn".into()),
        phone: None,
        reviewer_id: None,
        evaluator_id: None,
    };
    w.store
        .update_person(&w.ids.staff_person, &up)
        .await
        .unwrap();

    let unknown = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/forgot",
            Some(&form(&[("name", "ai_do_huyenmau")])),
        )
        .await;
    let known = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/forgot",
            Some(&form(&[("name", "an.nguyen@huyenmau.gov.vn")])),
        )
        .await;
    assert_eq!(unknown.status, known.status);
    assert!(
        unknown.body.contains("Nếu tài khoản tồn tại")
            && known.body.contains("Nếu tài khoản tồn tại"),
        "never reveals whether an account exists"
    );

    let cfg = danhgia_jobs::MailConfig::from_url(
        &smtp.url(),
        "Hệ thống đánh giá <noreply@huyenmau.gov.vn>",
    )
    .unwrap();
    assert_eq!(
        danhgia_jobs::deliver_due(&w.store, &cfg).await.unwrap(),
        1,
        "one mail: none for the unknown name"
    );
    let mails = smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
    assert_eq!(mails[0].subject().as_deref(), Some("Đặt lại mật khẩu"));
    let text = mails[0].text().unwrap_or_default();
    assert!(text.contains("nguyenvanan_huyenmau") && text.contains("30 phút"));
    let link = text
        .split_whitespace()
        .find(|t| t.contains("/reset/"))
        .unwrap()
        .to_owned();
    let path = &link[link.find("/reset/").unwrap()..];

    let form_page = w.send(Actor::Anonymous, Method::GET, path, None).await;
    assert_eq!(form_page.status, StatusCode::OK);
    let weak = w
        .send(
            Actor::Anonymous,
            Method::POST,
            path,
            Some(&form(&[("new", "12345678"), ("confirm", "12345678")])),
        )
        .await;
    assert!(weak.body.contains("quá phổ biến"));
    let ok = w
        .send(
            Actor::Anonymous,
            Method::POST,
            path,
            Some(&form(&[
                ("new", "mây trắng bay qua núi"),
                ("confirm", "mây trắng bay qua núi"),
            ])),
        )
        .await;
    assert_eq!(ok.location.as_deref(), Some("/login?reset=1"));
    let again = w
        .send(
            Actor::Anonymous,
            Method::POST,
            path,
            Some(&form(&[
                ("new", "một mật khẩu khác nữa"),
                ("confirm", "một mật khẩu khác nữa"),
            ])),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "single use");
    assert!(again.body.contains("đã được dùng hoặc đã hết hạn"));
    assert_eq!(
        web_login(&w, "nguyenvanan_huyenmau", "mây trắng bay qua núi")
            .await
            .location
            .as_deref(),
        Some("/evaluations")
    );
}

#[tokio::test]
async fn reset_links_expire() {
    let lifecycle = danhgia_domain::password::Lifecycle {
        reset_link_valid: time::Duration::seconds(-1),
        ..Default::default()
    };
    let w = World::with_config(Config {
        lifecycle,
        ..Config::default()
    })
    .await;
    let t = danhgia_web::auth::random_token();
    let acc = w
        .store
        .account_by_username("nguyenvanan_huyenmau")
        .await
        .unwrap();
    w.store
        .create_password_reset(
            &danhgia_web::auth::token_hash(&t),
            &acc.id,
            danhgia_store::now() - time::Duration::seconds(1),
            "a@b.vn",
            "s",
            "b",
        )
        .await
        .unwrap();
    let r = w
        .send(Actor::Anonymous, Method::GET, &format!("/reset/{t}"), None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}
