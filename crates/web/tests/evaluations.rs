//! One month through the router (issue 5, M4): the staff member saves and submits, the
//! evaluator decides, the quota stops a second A in a small cohort, the head adjusts with a
//! reason, the aggregator publishes, and the published form is frozen. Bad input is refused
//! with a clear message and nothing changes.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World, form, form_with, score_fields, score_sheet};
use danhgia_domain::people::PositionRank;
use danhgia_domain::points::Points;
use danhgia_domain::workflow::Status;
use danhgia_store::{Evaluation, FormChange, NewPerson, PersonUpdate};

async fn form_of(w: &World, id: &str) -> Evaluation {
    w.store.evaluation(id).await.unwrap()
}

/// Puts another person's form in `submitted` with a full self-assessment (as if they had
/// submitted it themselves).
async fn submitted(w: &World, f: &Evaluation, percent: i64) {
    let set = w.set_of(f).await;
    let mut after = f.clone();
    after.status = Status::Submitted;
    after.self_sheet = serde_json::to_string(&score_sheet(&set, percent)).unwrap();
    after.submitted_on = Some(danhgia_store::today());
    w.store
        .save_forms(
            &[FormChange {
                before: f.clone(),
                after,
                action: "submit",
                reason: String::new(),
            }],
            None,
            "test",
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn one_month_from_draft_to_published() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let f = form_of(&w, &id).await;
    let set = w.set_of(&f).await;
    let path = format!("/evaluations/{id}");

    // The owner's page shows the criteria with their max points.
    let page = w.send(Actor::Staff, Method::GET, &path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&set.sections[0].title));

    // A score over its max: 422, the message beside the item, nothing saved.
    let mut over = score_fields(&set, "self", 100);
    over[0].1 = "999".into();
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(&over, &[("action", "save"), ("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("field-error"), "{}", r.body);
    assert!(r.body.contains("999"), "what was typed is kept");
    assert_eq!(form_of(&w, &id).await.version, 1);

    // A draft, then the submission (full marks: 90 points, grade A under Hanoi's ≥ 90).
    let full = score_fields(&set, "self", 100);
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(
                &full[..1],
                &[("action", "save"), ("version", "1")],
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Submitting with items missing is refused and names them.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(
                &full[..1],
                &[("action", "submit"), ("version", "2")],
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&full[1].0.trim_start_matches("self_score_").to_string())
    );
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(&full, &[("action", "submit"), ("version", "2")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let f = form_of(&w, &id).await;
    assert_eq!(f.status, Status::Submitted);
    assert_eq!(f.self_grade.as_deref(), Some("A"));
    // Each move of the form is a line of the chained audit log, with the client address,
    // written with the change (issue 9 §2); the draft saved before it and the refused attempts
    // wrote none (the draft is in the form's history).
    let lines = w.store.audit_of("evaluation", &id, 10).await.unwrap();
    let actions: Vec<&str> = lines.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions, ["evaluation_submit"]);
    assert_eq!(lines[0].ip.as_deref(), Some("192.0.2.10"));
    assert!(
        lines[0].detail.contains(r#""new_grade":"A""#),
        "{}",
        lines[0].detail
    );
    assert!(
        lines[0].detail.contains(r#""to":"submitted""#),
        "{}",
        lines[0].detail
    );
    assert_eq!(w.store.verify_audit(None).await.unwrap().broken, None);

    // Two more people in the same cohort (a cohort of 3: "dưới 5 người … 01" A).
    for name in ["Phạm Thị Dung", "Hoàng Văn Em"] {
        w.store
            .create_person(
                &NewPerson {
                    unit_id: w.ids.a.clone(),
                    details: PersonUpdate {
                        full_name: name.into(),
                        position_title: f.position_title.clone(),
                        rank: PositionRank::Member,
                        employment: danhgia_domain::people::Employment::CongChuc,
                        cohort_id: None,
                        email: None,
                        phone: None,
                        reviewer_id: None,
                        evaluator_id: None,
                    },
                },
                None,
            )
            .await
            .unwrap();
    }
    assert_eq!(w.store.add_missing_forms(&w.ids.period).await.unwrap(), 2);
    let others: Vec<Evaluation> = w
        .store
        .evaluations_of_unit(&w.ids.period, &w.ids.a)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.person_id != w.ids.staff_person && e.person_id != w.ids.head_person)
        .collect();
    assert_eq!(others.len(), 2);
    submitted(&w, &others[0], 100).await;
    submitted(&w, &others[1], 80).await;

    // The evaluator (head of the unit) accepts the first self-assessment: A.
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[("action", "accept"), ("version", "3")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(form_of(&w, &id).await.final_grade.as_deref(), Some("A"));

    // M4.4: a second A in the cohort is stopped, with why; nothing changes.
    let second = format!("/evaluations/{}", others[0].id);
    let v = form_of(&w, &others[0].id).await.version.to_string();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &second,
            Some(&form(&[("action", "accept"), ("version", &v)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Vượt tỷ lệ loại A"), "{}", r.body);
    assert_eq!(form_of(&w, &others[0].id).await.status, Status::Submitted);
    // Scored lower by the evaluator (85 %: B), it passes.
    let lower = score_fields(&w.set_of(&others[0]).await, "lead", 85);
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &second,
            Some(&form_with(
                &lower,
                &[
                    ("action", "decide"),
                    ("version", &v),
                    ("lead_comment_", "Cần chủ động hơn"),
                ],
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        form_of(&w, &others[0].id).await.final_grade.as_deref(),
        Some("B")
    );

    // The evaluator returns the third form to its owner, with a reason.
    let third = format!("/evaluations/{}", others[1].id);
    let v3 = form_of(&w, &others[1].id).await.version.to_string();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &third,
            Some(&form(&[
                ("action", "return"),
                ("version", &v3),
                ("return_reason", ""),
            ])),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs a reason"
    );
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &third,
            Some(&form(&[
                ("action", "return"),
                ("version", &v3),
                ("return_reason", "Bổ sung minh chứng"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let back = form_of(&w, &others[1].id).await;
    assert_eq!(back.status, Status::Draft);
    assert!(back.returned);

    // The head adjusts the first form's grade before publication, with a reason (Đ.12.3).
    let v = form_of(&w, &id).await.version.to_string();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[
                ("action", "adjust"),
                ("version", &v),
                ("adjust_grade", "B"),
                ("adjust_reason", ""),
            ])),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an adjustment needs a reason"
    );
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[
                ("action", "adjust"),
                ("version", &v),
                ("adjust_grade", "B"),
                ("adjust_reason", "Theo kết quả chung của đơn vị"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let f = form_of(&w, &id).await;
    assert_eq!(
        (f.status, f.final_grade.as_deref()),
        (Status::Adjusted, Some("B"))
    );

    // The unit's aggregator publishes; the returned form stays out.
    let agg = w.store.account_by_username("quantri_anphu").await.unwrap();
    w.store
        .grant_role(
            &agg.id,
            danhgia_domain::access::Role::Aggregator,
            &w.ids.a,
            None,
        )
        .await
        .unwrap();
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/evaluations/publish", w.ids.a),
            Some(&form(&[("period", &w.ids.period)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let f = form_of(&w, &id).await;
    assert_eq!(f.status, Status::Published);
    assert_eq!(form_of(&w, &others[1].id).await.status, Status::Draft);

    // Published is frozen (M4.7) and every change was recorded with old → new.
    let v = f.version.to_string();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&form(&[
                ("action", "return"),
                ("version", &v),
                ("return_reason", "x"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let events = w.store.evaluation_events(&id).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    // (the world's staff member asked for an extension and attached a file before this test)
    assert_eq!(
        actions,
        [
            "open",
            "extension",
            "attach",
            "save",
            "submit",
            "decide",
            "adjust",
            "publish"
        ]
    );
    let adjust = &events[6];
    assert_eq!(adjust.old_grade.as_deref(), Some("A"));
    assert_eq!(adjust.new_grade.as_deref(), Some("B"));
    assert_eq!(adjust.reason, "Theo kết quả chung của đơn vị");

    // The staff member sees the published list of their unit with their grade.
    let r = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/units/{}/results", w.ids.a),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Nguyễn Văn An") && !r.body.contains("Hoàng Văn Em"));

    // The district's statistics count every form below it once, per unit below, and the
    // published B (the head's adjustment) among the grades (M7.1).
    let all = w
        .store
        .evaluations_in(
            &w.ids.period,
            &w.store.unit(&w.ids.district).await.unwrap().path,
        )
        .await
        .unwrap();
    let r = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/api/v1/units/{}/statistics", w.ids.district),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["total"]["forms"], all.len());
    let published: Vec<&Evaluation> = all
        .iter()
        .filter(|f| f.status == Status::Published)
        .collect();
    assert!(published.iter().any(|f| f.id == id));
    assert_eq!(j["total"]["published"], published.len());
    let mut grades = [0u64; 4];
    for f in &published {
        grades[usize::from(4 - f.result_grade().unwrap().rank())] += 1;
    }
    assert!(grades[1] >= 1, "the adjusted B is counted");
    assert_eq!(j["total"]["grades"], serde_json::json!(grades));
    let rows = j["rows"].as_array().unwrap();
    let summed: u64 = rows
        .iter()
        .map(|r| r["counts"]["forms"].as_u64().unwrap())
        .sum();
    assert_eq!(summed, all.len() as u64);
    let a = rows
        .iter()
        .find(|r| r["unit_id"] == w.ids.a.as_str())
        .unwrap();
    let in_a = all
        .iter()
        .filter(|f| f.unit_path.contains(&w.ids.a))
        .count();
    assert_eq!(a["counts"]["forms"], in_a);
    let page = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/units/{}/statistics", w.ids.district),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("/units/{}/statistics", w.ids.a))
    );
}

/// Two leaders saving the same form: the second gets "changed by X at T" and keeps what they
/// typed (M4.2 optimistic versioning).
#[tokio::test]
async fn a_stale_save_says_who_changed_the_form_and_keeps_the_input() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let path = format!("/evaluations/{id}");
    let set = w.set_of(&form_of(&w, &id).await).await;
    let first = score_fields(&set, "self", 90);
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(&first, &[("action", "save"), ("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The same page, still at version 1, saved again with other numbers.
    let mut stale = score_fields(&set, "self", 50);
    stale[0].1 = "1,25".into();
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(&stale, &[("action", "save"), ("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("nguyenvanan_huyenmau"), "{}", r.body);
    assert!(
        r.body.contains("1,25"),
        "the typed value is still on the page"
    );
    assert_eq!(form_of(&w, &id).await.version, 2);
}

/// Decisions outside the window, and forms outside one's scope.
#[tokio::test]
async fn decisions_after_the_deadline_are_refused() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let f = form_of(&w, &id).await;
    submitted(&w, &f, 90).await;
    // The decision deadline passed yesterday.
    let p = w.store.period(&w.ids.period).await.unwrap();
    let today = danhgia_store::today();
    let mut d = p.deadlines();
    d.self_opens = today - time::Duration::days(10);
    d.self_before = today - time::Duration::days(5);
    d.decide_before = today;
    w.store.set_period_dates(&p.id, &d, false).await.unwrap();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("/evaluations/{id}"),
            Some(&form(&[("action", "accept"), ("version", "2")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Đã hết hạn lãnh đạo đánh giá"),
        "{}",
        r.body
    );
    assert_eq!(form_of(&w, &id).await.status, Status::Submitted);
    // Commune B's admin cannot even see it.
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/evaluations/{id}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// The same month through the JSON API (issue 5 §6): a 422 names the item, a stale version is
/// a 409 naming who saved, and the form moves on as on the pages.
#[tokio::test]
async fn the_api_runs_the_same_rules() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let set = w.set_of(&form_of(&w, &id).await).await;
    let path = format!("/api/v1/evaluations/{id}");
    let r = w.send(Actor::Staff, Method::GET, &path, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["parts"], serde_json::json!(["owner"]));
    assert_eq!(r.json()["moves"], serde_json::json!(["submit"]));

    let mut bad = score_sheet(&set, 100);
    let first = bad.scores.keys().next().unwrap().clone();
    bad.scores.get_mut(&first).unwrap().points = Points::whole(999);
    let body = serde_json::json!({"action": "submit", "version": 1, "sheet": bad}).to_string();
    let r = w.send(Actor::Staff, Method::POST, &path, Some(&body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"], "invalid_scores");
    assert_eq!(r.json()["problems"][0]["item"], first.as_str());
    assert_eq!(form_of(&w, &id).await.version, 1);

    let good =
        serde_json::json!({"action": "submit", "version": 1, "sheet": score_sheet(&set, 100)})
            .to_string();
    let r = w.send(Actor::Staff, Method::POST, &path, Some(&good)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "submitted");
    assert_eq!(r.json()["self_grade"], "A");
    // The same (now stale) request again: 409 with who saved.
    let r = w.send(Actor::Staff, Method::POST, &path, Some(&good)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"], "changed");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("nguyenvanan_huyenmau")
    );

    let accept = serde_json::json!({"action": "accept", "version": 2}).to_string();
    let r = w
        .send(Actor::Evaluator, Method::POST, &path, Some(&accept))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["final_grade"], "A");
    let list = w
        .send(
            Actor::Evaluator,
            Method::GET,
            &format!("/api/v1/periods/{}/evaluations", w.ids.period),
            None,
        )
        .await;
    assert!(
        list.json()["evaluations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id.as_str())
    );
}

/// M4.5: once self-assessment has closed the form cannot be submitted, until the evaluator
/// grants the extension the staff member asked for; the form is then flagged late.
#[tokio::test]
async fn an_extension_lets_a_late_form_be_submitted() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let p = w.store.period(&w.ids.period).await.unwrap();
    let today = danhgia_store::today();
    let mut d = p.deadlines();
    d.self_opens = today - time::Duration::days(10);
    d.self_before = today;
    w.store.set_period_dates(&p.id, &d, false).await.unwrap();
    let set = w.set_of(&form_of(&w, &id).await).await;
    let full = score_fields(&set, "self", 100);
    let path = format!("/evaluations/{id}");
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(&full, &[("action", "submit"), ("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Đã hết hạn tự đánh giá"), "{}", r.body);

    // The staff member cannot answer their own request; the evaluator grants it.
    let answer = format!("/evaluations/{id}/requests/{}", w.ids.request);
    let until = (today + time::Duration::days(1))
        .format(time::macros::format_description!("[day]/[month]/[year]"))
        .unwrap();
    let grant = form(&[("answer", "granted"), ("until", &until), ("note", "Đồng ý")]);
    let r = w
        .send(Actor::Staff, Method::POST, &answer, Some(&grant))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w
        .send(Actor::Evaluator, Method::POST, &answer, Some(&grant))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = w
        .send(Actor::Evaluator, Method::POST, &answer, Some(&grant))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "answered once only");

    let v = form_of(&w, &id).await.version.to_string();
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&form_with(&full, &[("action", "submit"), ("version", &v)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = w.send(Actor::Evaluator, Method::GET, &path, None).await;
    assert!(page.body.contains("Trễ hạn"), "a late form is flagged");
    let actions: Vec<String> = w
        .store
        .evaluation_events(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"extension".to_owned())
            && actions.contains(&"extension_granted".to_owned())
    );
}

/// Issue 5 §5: a published form is frozen; the staff member appeals with a reason, the head
/// answers and amends; the original grade stays beside the amendment.
#[tokio::test]
async fn an_appeal_is_answered_and_the_amendment_kept_beside_the_original() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let f = form_of(&w, &id).await;
    let mut after = f.clone();
    after.status = Status::Published;
    after.leader_grade = Some("C".into());
    after.final_grade = Some("C".into());
    after.published_at = Some(danhgia_store::now());
    w.store
        .save_forms(
            &[FormChange {
                before: f,
                after,
                action: "publish",
                reason: String::new(),
            }],
            None,
            "test",
        )
        .await
        .unwrap();
    let requests = format!("/evaluations/{id}/requests");
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &requests,
            Some(&form(&[("kind", "appeal"), ("reason", " ")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cần ghi rõ lý do"));
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &requests,
            Some(&form(&[
                ("kind", "appeal"),
                ("reason", "Tôi đã hoàn thành vượt kế hoạch"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let appeal = w
        .store
        .form_requests(&id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.kind == "appeal")
        .unwrap();
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &format!("{requests}/{}", appeal.id),
            Some(&form(&[
                ("answer", "answered"),
                ("note", "Đã xem xét lại"),
                ("grade", "B"),
                ("amend_reason", "Kết quả xác minh"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let f = form_of(&w, &id).await;
    assert_eq!(
        f.final_grade.as_deref(),
        Some("C"),
        "the published grade stays"
    );
    assert_eq!(f.amended_grade.as_deref(), Some("B"));
    let amendments = w.store.amendments(&id).await.unwrap();
    assert_eq!(amendments.len(), 1);
    assert_eq!(amendments[0].old_grade.as_deref(), Some("C"));
    // The results list shows the amended grade.
    let r = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/units/{}/results", w.ids.a),
            None,
        )
        .await;
    assert!(r.body.contains("<strong>B</strong>"), "{}", r.body);
    // Frozen: no attachment after publication.
    let mut w = w;
    w.file = Some(common::PDF.to_vec());
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/evaluations/{id}/attachments"),
            Some(common::MULTIPART),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// M4.6: a disguised file is refused by its content, nothing is stored; a PDF is kept and read
/// back as it was.
#[tokio::test]
async fn attachments_are_checked_by_content() {
    let mut w = World::new().await;
    let id = w.ids.staff_form.clone();
    let path = format!("/evaluations/{id}/attachments");
    let before = w.store.attachments(&id).await.unwrap().len();
    w.file = Some(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff this is a program".to_vec());
    let r = w
        .send(Actor::Staff, Method::POST, &path, Some(common::MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Loại tệp không được chấp nhận"),
        "{}",
        r.body
    );
    assert_eq!(w.store.attachments(&id).await.unwrap().len(), before);
    // Over 10 MB, even a real PDF: refused, nothing stored.
    let mut big = common::PDF.to_vec();
    big.resize(danhgia_web::attachments::MAX_SIZE + 200 * 1024, b' ');
    w.file = Some(big);
    let r = w
        .send(Actor::Staff, Method::POST, &path, Some(common::MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("lớn hơn 10 MB"), "{}", r.body);
    assert_eq!(w.store.attachments(&id).await.unwrap().len(), before);
    w.file = Some(common::PDF.to_vec());
    let r = w
        .send(Actor::Staff, Method::POST, &path, Some(common::MULTIPART))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = w.store.attachments(&id).await.unwrap();
    assert_eq!(list.len(), before + 1);
    let new = list.last().unwrap();
    assert_eq!(new.content_type, "application/pdf");
    let r = w
        .send(
            Actor::Evaluator,
            Method::GET,
            &format!("{path}/{}", new.id),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), common::PDF);
}

/// M4.1 "each tenant can change the dates": the system admin's days are checked (1–28, in
/// order) and used by the next period opened.
#[tokio::test]
async fn a_tenant_sets_its_own_calendar() {
    let w = World::new().await;
    let path = format!("/periods/calendar/{}", w.ids.district);
    let days = |self_before: &str| {
        form(&[
            ("self_from", "18"),
            ("self_before", self_before),
            ("decide_before", "26"),
            ("publish_before_next", "5"),
            ("december_self_from", "8"),
            ("december_self_before", "12"),
            ("december_decide_before", "14"),
            ("december_before", "15"),
            ("appeal_days", "10"),
        ])
    };
    let r = w
        .send(Actor::SysAdmin, Method::POST, &path, Some(&days("27")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("chưa đúng thứ tự"), "{}", r.body);
    let r = w
        .send(Actor::SysAdmin, Method::POST, &path, Some(&days("31")))
        .await;
    assert!(r.body.contains("từ 1 đến 28"));
    let r = w
        .send(Actor::SysAdmin, Method::POST, &path, Some(&days("23")))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/periods",
            Some(&form(&[("tenant", &w.ids.district), ("month", "03/2031")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let p = w
        .store
        .period_of_month(&w.ids.district, 2031, time::Month::March)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.self_opens, time::macros::date!(2031 - 03 - 18));
    assert_eq!(p.appeal_days, 10);
}

/// The page's draft autosave: the same save, answered as JSON with the new version, total and
/// grade (what the script shows and keeps the form's version with).
#[tokio::test]
async fn the_autosave_answers_json() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let set = w.set_of(&form_of(&w, &id).await).await;
    let full = score_fields(&set, "self", 100);
    let r = w
        .send_with(
            Actor::Staff,
            Method::POST,
            &format!("/evaluations/{id}"),
            Some(&form_with(&full, &[("action", "save"), ("version", "1")])),
            &[("x-autosave", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    assert_eq!(r.json()["grade"], "A");
    assert_eq!(r.json()["total"], "90");
}

/// The queue counts each cohort's grades with one grouped query; it must give the same quota as
/// reading the unit's forms one by one (Quy chế Đ.4: at most 20 % A per cohort).
#[tokio::test]
async fn the_grouped_quota_equals_the_quota_read_form_by_form() {
    let w = World::new().await;
    let forms = w
        .store
        .evaluations_of_unit(&w.ids.period, &w.ids.a)
        .await
        .unwrap();
    // Decide a few forms with grades so the counts are not all zero.
    let mut changes = Vec::new();
    for (f, g) in forms.iter().zip(["A", "B", "A", "C"]) {
        let mut after = f.clone();
        after.final_grade = Some(g.into());
        changes.push(FormChange {
            before: f.clone(),
            after,
            action: "decide",
            reason: String::new(),
        });
    }
    w.store.save_forms(&changes, None, "test").await.unwrap();
    let preset_key = forms[0].preset.clone();
    let cat = danhgia_domain::catalogue::Catalogue::get().unwrap();
    let preset = cat.preset(&preset_key).unwrap();
    let one_by_one =
        danhgia_web::evaluation::unit_quotas(&w.state, &w.ids.period, &w.ids.a, preset, None)
            .await
            .unwrap();
    let grouped = danhgia_web::evaluation::quotas_of_units(
        &w.state,
        &w.ids.period,
        &[(w.ids.a.clone(), preset_key)],
    )
    .await
    .unwrap();
    assert!(!grouped.is_empty());
    assert_eq!(grouped.len(), one_by_one.len());
    for q in &one_by_one {
        let g = grouped.iter().find(|g| g.cohort_id == q.cohort_id).unwrap();
        assert_eq!(
            (g.people, g.counts, g.verdict.allowed),
            (q.people, q.counts, q.verdict.allowed)
        );
    }
}
