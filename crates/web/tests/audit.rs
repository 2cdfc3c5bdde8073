//! The audit log page and API (issue 9 §2, SPEC M9.2): admins search it within their scope —
//! a unit admin the lines of their subtree's units, the system admin also lines of no unit —,
//! bad dates are named at their field, and the system admin checks the hash chain from the page.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World};
use danhgia_store::AuditEntry;

fn line(action: &str, unit: Option<&str>, detail: &str) -> AuditEntry {
    AuditEntry {
        at: danhgia_store::now(),
        actor_id: None,
        actor_name: "tester".into(),
        action: action.into(),
        target_kind: "unit".into(),
        target_id: unit.map(str::to_owned),
        unit_id: unit.map(str::to_owned),
        detail: detail.into(),
        ip: Some("203.0.113.9".into()),
    }
}

async fn world_with_lines() -> World {
    let w = World::new().await;
    for (action, unit, detail) in [
        ("probe_a", Some(w.ids.a.clone()), r#"{"mark":"zz-a-zz"}"#),
        ("probe_a1", Some(w.ids.a1.clone()), r#"{"mark":"zz-a1-zz"}"#),
        ("probe_b", Some(w.ids.b.clone()), r#"{"mark":"zz-b-zz"}"#),
        ("probe_none", None, r#"{"mark":"zz-none-zz"}"#),
    ] {
        w.store
            .audit(&line(action, unit.as_deref(), detail))
            .await
            .unwrap();
    }
    w
}

#[tokio::test]
async fn each_admin_sees_the_lines_of_their_scope_only() {
    let w = world_with_lines().await;
    let marks = |body: &str| {
        ["zz-a1-zz", "zz-a-zz", "zz-b-zz", "zz-none-zz"]
            .into_iter()
            .filter(|m| body.contains(m))
            .collect::<Vec<_>>()
    };
    let a = w.send(Actor::AdminA, Method::GET, "/audit", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(marks(&a.body), ["zz-a1-zz", "zz-a-zz"]);
    assert!(
        a.body.contains("203.0.113.9"),
        "the client address is shown"
    );
    let b = w.send(Actor::AdminB, Method::GET, "/audit", None).await;
    assert_eq!(marks(&b.body), ["zz-b-zz"]);
    let sys = w.send(Actor::SysAdmin, Method::GET, "/audit", None).await;
    assert_eq!(
        marks(&sys.body),
        ["zz-a1-zz", "zz-a-zz", "zz-b-zz", "zz-none-zz"]
    );
    assert!(sys.body.contains("href=\"/audit\""), "the menu links to it");
    // Not an admin: the page does not exist for them, nor the link.
    for actor in [Actor::Staff, Actor::Evaluator] {
        let r = w.send(actor, Method::GET, "/audit", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{actor:?}");
        let home = w.send(actor, Method::GET, "/evaluations", None).await;
        assert!(!home.body.contains("href=\"/audit\""), "{actor:?}");
    }
    // The API answers alike.
    let api = w
        .send(Actor::AdminB, Method::GET, "/api/v1/audit", None)
        .await;
    assert_eq!(api.status, StatusCode::OK);
    let lines = api.json()["lines"].as_array().cloned().unwrap_or_default();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["action"], "probe_b");
    assert_eq!(lines[0]["detail"]["mark"], "zz-b-zz");
    assert_eq!(lines[0]["ip"], "203.0.113.9");
    let staff = w
        .send(Actor::Staff, Method::GET, "/api/v1/audit", None)
        .await;
    assert_eq!(staff.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_search_filters_by_action_actor_and_day() {
    let w = world_with_lines().await;
    let r = w
        .send(Actor::SysAdmin, Method::GET, "/audit?action=probe_b", None)
        .await;
    assert_eq!(r.body.matches("data-testid=\"audit-line\"").count(), 1);
    assert!(r.body.contains("data-action=\"probe_b\""));
    let r = w
        .send(Actor::SysAdmin, Method::GET, "/audit?actor=TESTER", None)
        .await;
    assert_eq!(r.body.matches("data-testid=\"audit-line\"").count(), 4);
    let r = w
        .send(Actor::SysAdmin, Method::GET, "/audit?actor=someone", None)
        .await;
    assert!(r.body.contains("Không có dòng nhật ký nào khớp."));
    let today = danhgia_store::today();
    let (y, m, d) = (today.year(), u8::from(today.month()), today.day());
    let r = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/audit?from={y}-{m:02}-{d:02}&to={d:02}/{m:02}/{y}&action=probe_a"),
            None,
        )
        .await;
    assert_eq!(r.body.matches("data-testid=\"audit-line\"").count(), 1);
    let tomorrow = today + time::Duration::days(2);
    let r = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/audit?from={tomorrow}"),
            None,
        )
        .await;
    assert_eq!(r.body.matches("data-testid=\"audit-line\"").count(), 0);
}

#[tokio::test]
async fn a_bad_day_is_named_at_its_field() {
    let w = world_with_lines().await;
    let r = w
        .send(
            Actor::AdminA,
            Method::GET,
            "/audit?from=31/02/2026&to=2026-01-01",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"from-error\""), "{}", r.body);
    assert!(r.body.contains("value=\"31/02/2026\""), "the input is kept");
    let r = w
        .send(
            Actor::AdminA,
            Method::GET,
            "/audit?from=2026-03-01&to=2026-01-01",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ngày kết thúc phải sau ngày bắt đầu."));
    let api = w
        .send(Actor::AdminA, Method::GET, "/api/v1/audit?to=hôm-qua", None)
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["problems"][0]["field"], "to");
}

#[tokio::test]
async fn the_system_admin_checks_the_chain_from_the_page() {
    let w = world_with_lines().await;
    let page = w.send(Actor::SysAdmin, Method::GET, "/audit", None).await;
    assert!(page.body.contains("data-testid=\"audit-verify\""));
    let unit_admin = w.send(Actor::AdminA, Method::GET, "/audit", None).await;
    assert!(!unit_admin.body.contains("data-testid=\"audit-verify\""));
    let r = w
        .send(Actor::SysAdmin, Method::POST, "/audit/verify", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("data-testid=\"audit-intact\""),
        "{}",
        r.body
    );
    // The anchor shown is the last line checked (the check's own line comes after it).
    let anchor = r
        .body
        .split("data-testid=\"audit-intact\"")
        .nth(1)
        .and_then(|p| p.split("<code>").nth(1))
        .and_then(|c| c.split("</code>").next())
        .unwrap_or_default()
        .to_owned();
    let (seq, hash) = anchor.split_once(':').unwrap_or_default();
    let head = w.store.verify_audit(None).await.unwrap().head_seq;
    assert_eq!(seq.parse::<i64>().ok(), Some(head - 1), "{anchor}");
    assert_eq!(hash.len(), 64, "{anchor}");
    let seq: i64 = seq.parse().unwrap_or_default();
    let still = w.store.verify_audit(Some((seq, hash))).await.unwrap();
    assert_eq!(still.broken, None, "the anchor holds");
    // The check is itself a line of the log.
    let lines = w.store.audit_by_action("audit_verify", 5).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].detail.contains("\"broken\":null"));
    let refused = w
        .send(Actor::AdminA, Method::POST, "/audit/verify", None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
