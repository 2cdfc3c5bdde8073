//! Search (issue 8 §4): diacritics optional, by account and e-mail too, never past the caller's
//! scope.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World};

fn names(r: &common::Resp) -> Vec<String> {
    r.json()["people"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h["person"]["full_name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn names_are_found_with_or_without_diacritics_inside_the_scope_only() {
    let w = World::new().await;
    for q in [
        "nguyen%20van%20an",
        "Nguy%E1%BB%85n%20V%C4%83n%20An",
        "NGUYEN%20VAN",
        "nguyenvanan_huyenmau",
    ] {
        let r = w
            .send(
                Actor::AdminA,
                Method::GET,
                &format!("/api/v1/search?q={q}"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert_eq!(names(&r), vec!["Nguyễn Văn An".to_owned()], "{q}");
    }
    // Commune B's admin sees nobody of commune A; commune A's unit is not found either.
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            "/api/v1/search?q=nguyen%20van%20an",
            None,
        )
        .await;
    assert!(names(&r).is_empty(), "{}", r.body);
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            "/api/v1/search?q=an%20phu",
            None,
        )
        .await;
    assert_eq!(
        r.json()["units"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.body
    );
    let r = w
        .send(
            Actor::AdminA,
            Method::GET,
            "/api/v1/search?q=an%20phu",
            None,
        )
        .await;
    assert_eq!(r.json()["units"][0]["name"], "Xã An Phú");
    // A staff member finds themselves, not their colleagues.
    let r = w
        .send(
            Actor::Staff,
            Method::GET,
            "/api/v1/search?q=tran%20thi",
            None,
        )
        .await;
    assert!(names(&r).is_empty(), "{}", r.body);
    let r = w
        .send(Actor::Staff, Method::GET, "/api/v1/search?q=van%20an", None)
        .await;
    assert_eq!(names(&r), vec!["Nguyễn Văn An".to_owned()]);
    // LIKE wildcards typed by the user match themselves.
    let r = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            "/api/v1/search?q=%25%25",
            None,
        )
        .await;
    assert!(names(&r).is_empty(), "{}", r.body);
}

#[tokio::test]
async fn a_search_too_short_is_refused_with_a_message() {
    let w = World::new().await;
    let r = w
        .send(Actor::SysAdmin, Method::GET, "/api/v1/search?q=a", None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "q");
    let page = w
        .send(Actor::SysAdmin, Method::GET, "/search?q=%C4%91", None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Vui lòng gõ ít nhất 2 chữ cái hoặc chữ số.")
    );
    let page = w
        .send(Actor::SysAdmin, Method::GET, "/search?q=binh%20minh", None)
        .await;
    assert!(page.body.contains("Xã Bình Minh"), "{}", page.body);
}
