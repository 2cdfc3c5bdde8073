//! 360° review through the router (issue 10; Quảng Trị Quy chế Đ.2.5, Đ.3, Đ.5.2b, Đ.6.1): a
//! tenant switched to 360°, a self-assessment that works out who rates whom, a rating only its
//! rater may open, scores private until the minutes are compiled, the minutes' total, and the
//! leader's decision on it. On both databases (the suite runs again on PostgreSQL).

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form, form_with, score_fields};
use danhgia_domain::peer::{self, Method as PeerMethod, Relation};
use danhgia_domain::points::Points;
use danhgia_store::PeerSetting;

async fn world_360() -> World {
    let w = World::new().await;
    w.store
        .set_peer_setting(
            &w.ids.district,
            PeerSetting {
                method: PeerMethod::Peer360,
                gap: Points::whole(10),
            },
            None,
        )
        .await
        .unwrap();
    w
}

#[tokio::test]
async fn a_round_from_self_assessment_to_the_decision_on_the_minutes() {
    let w = world_360().await;
    let form_id = w.ids.staff_form.clone();
    let f = w.store.evaluation(&form_id).await.unwrap();
    let set = w.set_of(&f).await;
    let path = format!("/evaluations/{form_id}");

    // The owner self-assesses; that works out who rates whom from the tree (Đ.3).
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(
                &score_fields(&set, "self", 100),
                &[("action", "submit"), ("version", "1")],
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let self_total = Points(
        w.store
            .evaluation(&form_id)
            .await
            .unwrap()
            .self_total
            .unwrap(),
    );
    let head_ratings = w
        .store
        .peer_ratings_by(&w.ids.head_person, &f.period_id)
        .await
        .unwrap();
    let rating = head_ratings
        .iter()
        .find(|r| r.evaluation_id == form_id)
        .expect("the head of the unit rates its staff (Đ.3.2)")
        .clone();
    assert_eq!(rating.relation, Relation::DirectLeader);
    let staff_ratings = w
        .store
        .peer_ratings_by(&w.ids.staff_person, &f.period_id)
        .await
        .unwrap();
    assert!(
        staff_ratings
            .iter()
            .any(|r| r.ratee_id == w.ids.head_person && r.relation == Relation::Subordinate),
        "staff rate their office's leaders (Đ.3.3)"
    );
    assert!(
        !staff_ratings.iter().any(|r| r.ratee_id == w.ids.b_person),
        "nobody outside the unit is theirs to rate"
    );

    // A rating is its rater's alone: anyone else gets 404, as if it did not exist.
    let rating_path = format!("/peer/ratings/{}", rating.id);
    for actor in [Actor::Staff, Actor::AdminA, Actor::AdminB, Actor::SysAdmin] {
        let r = w.send(actor, Method::GET, &rating_path, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{actor:?}");
    }
    let r = w
        .send(Actor::Evaluator, Method::GET, &rating_path, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // A score over its max, or a criterion left out: 422 by field, nothing saved.
    let mut over = score_fields(&set, "rate", 80);
    over[0].1 = "999".into();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &rating_path,
            Some(&form_with(&over, &[("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("field-error") && r.body.contains("999"));
    let part = score_fields(&set, "rate", 80);
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &rating_path,
            Some(&form_with(&part[1..], &[("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Chưa chấm đủ các tiêu chí"), "{}", r.body);
    assert_eq!(w.store.peer_rating(&rating.id).await.unwrap().total, None);

    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &rating_path,
            Some(&form_with(
                &part,
                &[("version", "1"), ("comment", "Cần chủ động hơn")],
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rated = Points(
        w.store
            .peer_rating(&rating.id)
            .await
            .unwrap()
            .total
            .unwrap(),
    );

    // Before the minutes, the unit sees no score and no comment (Đ.2.5).
    let minutes_path = format!("/units/{}/peer?period={}", w.ids.a, f.period_id);
    let page = w.send(Actor::Staff, Method::GET, &minutes_path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("Cần chủ động hơn"));
    assert!(page.body.contains("Biên bản số chưa được lập"));

    // No decision before the minutes, nor on a sheet of the leader's own.
    for action in ["decide_proposed", "accept"] {
        let r = w
            .send(
                Actor::Evaluator,
                Method::POST,
                &path,
                Some(&form(&[("action", action), ("version", "2")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{action}: {}", r.body);
    }

    // The head compiles; ratings freeze; the line is Đ.6.1's mean.
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/units/{}/peer/compile", w.ids.a),
            Some(&form(&[("period", &f.period_id)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let line = w
        .store
        .peer_result(&form_id)
        .await
        .unwrap()
        .expect("a line");
    let expected = peer::combine(self_total, &[rated], Points::whole(10));
    assert_eq!(line.total, expected.total.hundredths());
    assert_eq!(line.peer_total, expected.peer.map(Points::hundredths));
    assert_eq!(line.flagged, expected.flagged);
    let again = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &rating_path,
            Some(&form_with(
                &part,
                &[("version", "2"), ("comment", "Sửa lại")],
            )),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("biên bản đã lập"), "{}", again.body);

    // Its raters are fixed now: an admin cannot bring one in (an old score would show that
    // the published mean does not hold).
    assert!(matches!(
        w.store.add_peer_rater(&form_id, &w.ids.b_person).await,
        Err(danhgia_store::StoreError::Refused("peer.err.closed"))
    ));
    // Published in the unit: the leader's opinion is signed.
    let page = w.send(Actor::Staff, Method::GET, &minutes_path, None).await;
    assert!(page.body.contains("Cần chủ động hơn"));
    assert!(page.body.contains("Lãnh đạo trực tiếp:"));
    // Outside the unit's scope: 404.
    let r = w
        .send(Actor::AdminB, Method::GET, &minutes_path, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Another figure than the minutes' needs a reason; the minutes' total is decided as is.
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[
                ("action", "decide_proposed"),
                ("version", "2"),
                ("proposed_total", "99"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // The page sends the proposal back in the field: that is the proposal, no reason needed.
    let shown = expected.total.vi();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[
                ("action", "decide_proposed"),
                ("version", "2"),
                ("proposed_total", &shown),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let decided = w.store.evaluation(&form_id).await.unwrap();
    assert_eq!(decided.leader_total, Some(expected.total.hundredths()));
    assert!(decided.final_grade.is_some());
}

#[tokio::test]
async fn a_tenant_that_decides_by_the_leader_has_no_round() {
    let w = World::new().await;
    let page = w.send(Actor::Staff, Method::GET, "/peer", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("không chấm chéo"));
    let f = w.store.evaluation(&w.ids.staff_form).await.unwrap();
    assert!(!w.store.peer_round_started(&f.period_id).await.unwrap());
}

/// The same round by the JSON API: my ratings, a refused and a saved rating, the minutes before
/// and after compiling, and the decision on the minutes' total.
#[tokio::test]
async fn the_round_by_the_api() {
    let w = world_360().await;
    let f = w.store.evaluation(&w.ids.staff_form).await.unwrap();
    let set = w.set_of(&f).await;
    let mut after = f.clone();
    after.status = danhgia_domain::workflow::Status::Submitted;
    after.self_sheet = serde_json::to_string(&common::score_sheet(&set, 100)).unwrap();
    after.self_total = Some(9_000);
    w.save_form(f.clone(), after, "submit").await;

    let mine = w
        .send(Actor::Evaluator, Method::GET, "/api/v1/peer/ratings", None)
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    let ratings = mine.json()["ratings"].as_array().unwrap().clone();
    let rating = ratings
        .iter()
        .find(|r| r["evaluation_id"] == f.id.as_str())
        .expect("the head rates the staff member");
    assert_eq!(rating["relation"], "direct_leader");
    assert_eq!(rating["open"], true);
    let path = format!("/api/v1/peer/ratings/{}", rating["id"].as_str().unwrap());

    // Someone else's rating: 404 JSON.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(r#"{"version":1,"sheet":{}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"].is_string());
    // Nothing scored: 422 naming what is missing.
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(r#"{"version":1,"sheet":{}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(!r.json()["missing"].as_array().unwrap().is_empty());
    let sheet = serde_json::to_string(&common::score_sheet(&set, 80)).unwrap();
    let body = format!(r#"{{"version":1,"sheet":{sheet},"comment":"Tốt"}}"#);
    let r = w
        .send(Actor::Evaluator, Method::POST, &path, Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["total"].is_number());

    let minutes = format!("/api/v1/units/{}/peer-minutes", w.ids.a);
    let before = w.send(Actor::Staff, Method::GET, &minutes, None).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(before.json()["compiled"].is_null());
    assert!(
        !before.body.contains("Tốt"),
        "no opinion before the minutes"
    );
    let compiled = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &minutes,
            Some(&format!(r#"{{"period":"{}"}}"#, f.period_id)),
        )
        .await;
    assert_eq!(compiled.status, StatusCode::OK, "{}", compiled.body);
    let after = w.send(Actor::Staff, Method::GET, &minutes, None).await;
    let line = after.json()["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["evaluation_id"] == f.id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(line["opinions"][0]["comment"], "Tốt");
    assert!(line["total"].is_number());

    let decided = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/api/v1/evaluations/{}", f.id),
            Some(r#"{"action":"decide_proposed","version":2}"#),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert_eq!(decided.json()["status"], "decided");
}
