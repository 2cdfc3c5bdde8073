//! Alerts in the app (issue 8 §5): each account sees, counts and marks only its own alerts,
//! and chooses whether to get them by e-mail. (The job that writes them and the e-mails are
//! tested in crates/jobs/tests/alerts.rs.)

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form};
use danhgia_domain::alerts::Kind;
use danhgia_store::NewAlert;

fn alert(id: &str, account: &str, kind: Kind, detail: &str) -> NewAlert {
    NewAlert {
        id: id.into(),
        account_id: account.into(),
        kind,
        period_id: None,
        evaluation_id: None,
        unit_id: None,
        detail: detail.into(),
        link: "/evaluations".into(),
    }
}

#[tokio::test]
async fn each_account_sees_counts_and_marks_only_its_own_alerts() {
    let w = World::new().await;
    let staff = w
        .store
        .account_of_person(&w.ids.staff_person)
        .await
        .unwrap()
        .id;
    let head = w
        .store
        .account_of_person(&w.ids.head_person)
        .await
        .unwrap()
        .id;
    let now = danhgia_store::now();
    let added = w
        .store
        .add_alerts(
            &[
                alert(
                    "returned-1",
                    &staff,
                    Kind::Returned,
                    "Thiếu minh chứng <b>tuần 3</b>",
                ),
                alert("self_opens-1", &staff, Kind::SelfOpens, "11/2026"),
                alert("waiting-1", &head, Kind::Waiting, "Nguyễn Văn An"),
            ],
            now,
        )
        .await
        .unwrap();
    assert_eq!(added, 3);
    // Written again (another server): nothing new.
    let again = w
        .store
        .add_alerts(&[alert("waiting-1", &head, Kind::Waiting, "x")], now)
        .await
        .unwrap();
    assert_eq!(again, 0);

    let page = w.send(Actor::Staff, Method::GET, "/alerts", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(
            "Phiếu đánh giá của bạn đã bị trả lại: Thiếu minh chứng &#60;b&#62;tuần 3&#60;/b&#62;"
        ),
        "the detail is escaped: {}",
        page.body
    );
    assert!(
        page.body
            .contains("Đã mở tự đánh giá, xếp loại tháng 11/2026")
    );
    assert!(
        !page.body.contains("Nguyễn Văn An đang chờ"),
        "not the head's alert"
    );
    assert!(
        page.body
            .contains(r#"data-testid="nav-alerts">Thông báo <span class="alert-count""#)
    );

    // Marking the head's alert as the staff member changes nothing; their own, one.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/api/v1/alerts/read",
            Some(r#"{"id":"waiting-1"}"#),
        )
        .await;
    assert_eq!(r.json()["marked"], 0);
    // A body naming neither one alert nor all is refused, and marks nothing.
    for body in ["{}", r#"{"alert_id":"returned-1"}"#] {
        let r = w
            .send(
                Actor::Staff,
                Method::POST,
                "/api/v1/alerts/read",
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
    }
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/alerts/read",
            Some(&form(&[("id", "returned-1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let api = w
        .send(Actor::Staff, Method::GET, "/api/v1/alerts", None)
        .await
        .json();
    assert_eq!(api["unread"], 1);
    assert_eq!(api["alerts"].as_array().map(Vec::len), Some(2));
    let returned = api["alerts"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == "returned-1"))
        .cloned()
        .unwrap();
    assert_eq!(returned["read"], true);
    assert_eq!(returned["kind"], "returned");
    let head_api = w
        .send(Actor::Evaluator, Method::GET, "/api/v1/alerts", None)
        .await
        .json();
    assert_eq!(head_api["unread"], 1, "the head's alert is still unread");

    // All read: the header count is gone.
    w.send(Actor::Staff, Method::POST, "/alerts/read", Some(&form(&[])))
        .await;
    let page = w.send(Actor::Staff, Method::GET, "/alerts", None).await;
    assert!(!page.body.contains(r#"class="alert-count""#));

    // The e-mail choice is kept per account, and audited.
    assert!(!w.store.mute_email(&staff).await.unwrap());
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/alerts/email",
            Some(&form(&[("mute", "on")])),
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/alerts?ok=alert.email_saved"));
    assert!(w.store.mute_email(&staff).await.unwrap());
    assert!(!w.store.mute_email(&head).await.unwrap());
    let api = w
        .send(Actor::Staff, Method::GET, "/api/v1/alerts", None)
        .await
        .json();
    assert_eq!(api["mute_email"], true);
    w.send(
        Actor::Staff,
        Method::POST,
        "/alerts/email",
        Some(&form(&[])),
    )
    .await;
    assert!(!w.store.mute_email(&staff).await.unwrap());
}
