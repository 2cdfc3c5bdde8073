//! The JSON API of work planning and KPI tasks (issue 7 §8): the same rules and scope as the
//! pages, driven over HTTP as a document-management or task system would.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, World};
use danhgia_domain::work::PlanMonth;
use serde_json::{Value, json};
use time::Date;

fn iso(d: Date) -> String {
    d.to_string()
}

fn this_month() -> PlanMonth {
    PlanMonth::of(danhgia_store::today())
}

async fn post(w: &World, actor: Actor, path: &str, body: Value) -> common::Resp {
    w.send(actor, Method::POST, path, Some(&body.to_string()))
        .await
}

async fn get(w: &World, actor: Actor, path: &str) -> Value {
    let r = w.send(actor, Method::GET, path, None).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
    r.json()
}

fn item<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("item {id} not in {plan}"))
}

fn entry<'a>(week: &'a Value, id: &str) -> &'a Value {
    week["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("entry {id} not in {week}"))
}

/// A month's plan and two days of log, from the first item to the leader's decisions: items
/// added after freezing are marked, planned ones no longer change, each day's log goes to the
/// direct leader who approves one and returns the other, and the returned day is editable again.
#[tokio::test]
async fn a_month_and_a_log_round_trip() {
    let w = World::new().await;
    let month = this_month();
    let key = month.key();
    let today = danhgia_store::today();

    // My month: the world's planned item, a draft plan.
    let plan = get(&w, Actor::Staff, &format!("/api/v1/work/plan?month={key}")).await;
    assert_eq!(plan["month"], key.as_str());
    assert_eq!(plan["plan"]["state"], "draft");
    assert_eq!(item(&plan, &w.ids.work_item)["origin"], "planned");
    // A month nobody planned yet reads as an empty draft, without creating a plan.
    let next = get(
        &w,
        Actor::Staff,
        &format!("/api/v1/work/plan?month={}", month.next().key()),
    )
    .await;
    assert_eq!(next["plan"]["id"], Value::Null);
    assert_eq!(next["plan"]["state"], "draft");
    assert_eq!(next["items"], json!([]));
    let r = w
        .send(
            Actor::Staff,
            Method::GET,
            "/api/v1/work/plan?month=13-2026",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/items",
        json!({"month": key, "title": "Tổng hợp số liệu quý", "expected": "Biểu tổng hợp",
               "due": iso(month.last_day()), "weight": 2}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let planned = r.json()["id"].as_str().unwrap().to_owned();
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/items",
        json!({"month": key, "kind": "week", "title": "Trực tiếp dân", "day": iso(today),
               "recurring": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let week_item = r.json()["id"].as_str().unwrap().to_owned();

    // A due date outside the month: 422 naming the field, nothing added.
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/items",
        json!({"month": key, "title": "Việc tháng sau", "due": iso(month.next().first_day())}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["problems"][0]["field"], "due");
    assert_eq!(body["problems"][0]["key"], "work.err.due_outside");
    assert!(body["problems"][0]["message"].as_str().unwrap().len() > 5);
    // Not JSON at all: 400.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            "/api/v1/work/items",
            Some("{\"title\": "),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"], "bad_request");
    let plan = get(&w, Actor::Staff, &format!("/api/v1/work/plan?month={key}")).await;
    assert_eq!(plan["items"].as_array().unwrap().len(), 3, "{plan}");
    assert_eq!(item(&plan, &week_item)["kind"], "week");
    assert_eq!(item(&plan, &week_item)["recurring"], true);

    // Freeze (chốt): the plan is frozen, and an item added afterwards is marked "added".
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/plan/freeze",
        json!({"month": key}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["plan"]["state"], "frozen");
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/items",
        json!({"month": key, "title": "Rà soát hồ sơ tồn đọng"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let added = r.json()["id"].as_str().unwrap().to_owned();
    let plan = get(&w, Actor::Staff, &format!("/api/v1/work/plan?month={key}")).await;
    assert_eq!(item(&plan, &added)["origin"], "added");
    assert_eq!(item(&plan, &added)["editable"], true);
    assert_eq!(item(&plan, &planned)["origin"], "planned");
    assert_eq!(item(&plan, &planned)["editable"], false);
    assert_eq!(item(&plan, &planned)["weight"], 2);
    assert_eq!(plan["summary"]["planned"], 2);
    assert_eq!(plan["summary"]["added"], 1);

    // A frozen planned item's fields no longer change (409); its outcome still does.
    let path = format!("/api/v1/work/items/{planned}");
    let r = post(
        &w,
        Actor::Staff,
        &path,
        json!({"action": "save", "title": "Đổi tên"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"], "conflict");
    let r = post(&w, Actor::Staff, &path, json!({"action": "delete"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = post(
        &w,
        Actor::Staff,
        &path,
        json!({"action": "outcome", "outcome": "done"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["outcome"], "done");
    assert_eq!(r.json()["title"], "Tổng hợp số liệu quý");
    // The added item may change; fields left out keep their value.
    let r = post(
        &w,
        Actor::Staff,
        &format!("/api/v1/work/items/{added}"),
        json!({"action": "save", "expected": "Danh sách hồ sơ"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["title"], "Rà soát hồ sơ tồn đọng");
    assert_eq!(r.json()["expected"], "Danh sách hồ sơ");
    let r = post(&w, Actor::Staff, &path, json!({"action": "rename"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Someone else's item: as if it did not exist.
    let r = post(
        &w,
        Actor::Evaluator,
        &path,
        json!({"action": "outcome", "outcome": "done"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let plan = get(&w, Actor::Staff, &format!("/api/v1/work/plan?month={key}")).await;
    assert_eq!(plan["summary"]["planned_done"], 1);

    // Two days of log (three and two days ago: yesterday is with the leader already, today has
    // a draft), each submitted on its own.
    let (day1, day2) = (
        today - time::Duration::days(3),
        today - time::Duration::days(2),
    );
    // An entry may name an item of its own month's plan (early in a month, day1 is last month's).
    let linked = PlanMonth::of(day1) == month;
    let link = if linked { planned.as_str() } else { "" };
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log",
        json!({"day": iso(day1), "what": "Tổng hợp số liệu", "result": "Xong 2 biểu", "item": link}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let e1 = r.json()["id"].as_str().unwrap().to_owned();
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log",
        json!({"day": iso(day2), "what": "Tiếp công dân", "evidence": "Sổ tiếp dân"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let e2 = r.json()["id"].as_str().unwrap().to_owned();
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log",
        json!({"day": iso(today + time::Duration::days(1)), "what": ""}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let problems = r.json()["problems"].clone();
    let fields: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"what") && fields.contains(&"day"),
        "{}",
        r.body
    );

    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log/submit",
        json!({"from": iso(day1), "to": iso(day1)}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r1 = r.json()["id"].as_str().unwrap().to_owned();
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log/submit",
        json!({"from": iso(day2), "to": iso(day2)}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r2 = r.json()["id"].as_str().unwrap().to_owned();
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log/submit",
        json!({"from": "hôm qua", "to": iso(day2)}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "from");
    let week = get(
        &w,
        Actor::Staff,
        &format!("/api/v1/work/log?week={}", iso(day1)),
    )
    .await;
    assert_eq!(entry(&week, &e1)["state"], "submitted");
    assert_eq!(entry(&week, &e1)["editable"], false);
    if linked {
        assert_eq!(entry(&week, &e1)["item_id"], planned.as_str());
    }

    // The leader's queue: both days (and the world's yesterday), each with its entries.
    let waiting = get(&w, Actor::Evaluator, "/api/v1/work/reviews").await;
    let list = waiting["reviews"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{waiting}");
    let mine = list.iter().find(|r| r["id"] == r1.as_str()).unwrap();
    assert_eq!(mine["person_id"], w.ids.staff_person.as_str());
    assert_eq!(mine["log"][0]["what"], "Tổng hợp số liệu");
    assert_eq!(
        get(&w, Actor::Staff, "/api/v1/work/reviews").await["reviews"],
        json!([])
    );

    // Only the leader it was sent to decides: the person and the unit's admin see it, 403.
    let decide = |id: &str| format!("/api/v1/work/reviews/{id}");
    for who in [Actor::Staff, Actor::AdminA, Actor::SysAdmin] {
        let r = post(&w, who, &decide(&r1), json!({"decision": "approve"})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who:?}: {}", r.body);
    }
    let r = post(
        &w,
        Actor::AdminB,
        &decide(&r1),
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post(
        &w,
        Actor::Evaluator,
        &decide(&r1),
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["state"], "approved");
    assert_eq!(r.json()["decided_by"], "Trần Thị Bích");
    let r = post(
        &w,
        Actor::Evaluator,
        &decide(&r1),
        json!({"decision": "return", "comment": "x"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "decided once");
    // Returning needs a comment.
    let r = post(
        &w,
        Actor::Evaluator,
        &decide(&r2),
        json!({"decision": "return"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "comment");
    let r = post(
        &w,
        Actor::Evaluator,
        &decide(&r2),
        json!({"decision": "return", "comment": "Ghi rõ số lượt tiếp dân"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["state"], "returned");
    let r = post(
        &w,
        Actor::Evaluator,
        &decide(&r2),
        json!({"decision": "maybe"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // The returned day is editable again, and goes back; the approved one does not change.
    let week2 = get(
        &w,
        Actor::Staff,
        &format!("/api/v1/work/log?week={}", iso(day2)),
    )
    .await;
    assert_eq!(entry(&week2, &e2)["state"], "returned");
    assert_eq!(entry(&week2, &e2)["editable"], true);
    let rv = week2["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == r2.as_str())
        .unwrap();
    assert_eq!(rv["comment"], "Ghi rõ số lượt tiếp dân");
    let r = post(
        &w,
        Actor::Staff,
        &format!("/api/v1/work/log/{e2}"),
        json!({"action": "save", "result": "Tiếp 7 lượt công dân"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["what"], "Tiếp công dân");
    assert_eq!(r.json()["result"], "Tiếp 7 lượt công dân");
    assert_eq!(r.json()["evidence"], "Sổ tiếp dân");
    let r = post(
        &w,
        Actor::Staff,
        &format!("/api/v1/work/log/{e1}"),
        json!({"action": "save", "result": "Sửa sau khi duyệt"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = post(
        &w,
        Actor::Evaluator,
        &format!("/api/v1/work/log/{e2}"),
        json!({"action": "delete"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post(
        &w,
        Actor::Staff,
        "/api/v1/work/log/submit",
        json!({"from": iso(day2), "to": iso(day2)}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The leader reads the same month and week from the person's page in the API.
    let p = get(
        &w,
        Actor::Evaluator,
        &format!(
            "/api/v1/work/people/{}?month={key}&week={}",
            w.ids.staff_person,
            iso(day2)
        ),
    )
    .await;
    assert_eq!(p["standing"], "leader");
    assert_eq!(p["person"]["full_name"], "Nguyễn Văn An");
    assert_eq!(p["month"]["plan"]["state"], "frozen");
    assert_eq!(entry(&p["week"], &e2)["state"], "submitted");
    // The month of the approved day counts it.
    let p = get(
        &w,
        Actor::Evaluator,
        &format!(
            "/api/v1/work/people/{}?month={}",
            w.ids.staff_person,
            PlanMonth::of(day1).key()
        ),
    )
    .await;
    assert_eq!(p["month"]["log"]["approved"], 1, "{}", p["month"]);
}

/// Who reads a person's work: the person, their direct leader, whoever follows their unit;
/// nobody else learns it exists. Accounts without a staff record have no "my" work.
#[tokio::test]
async fn scope_of_a_persons_work() {
    let w = World::new().await;
    let path = format!("/api/v1/work/people/{}", w.ids.staff_person);
    // A staff member of commune B, through a bearer token as an integration would call.
    let acc = w.store.account_of_person(&w.ids.b_person).await.unwrap();
    let token = danhgia_web::auth::open_session(&w.state, &acc.id, "api")
        .await
        .unwrap();
    let bearer = format!("Bearer {token}");
    let r = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            &path,
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(r.json()["error"], "not_found");
    let missing = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/api/v1/work/people/01234567-89ab-7cde-8f01-23456789abcd",
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.body, missing.body);
    // Their own work they read, through the same token.
    let r = w
        .send_with(
            Actor::Anonymous,
            Method::GET,
            "/api/v1/work/plan",
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = w.send(Actor::AdminB, Method::GET, &path, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A follower of the unit reads it; the person gets their own.
    assert_eq!(get(&w, Actor::AdminA, &path).await["standing"], "follower");
    assert_eq!(get(&w, Actor::Staff, &path).await["standing"], "own");
    // An admin account has no plan of its own.
    let r = w
        .send(Actor::AdminA, Method::GET, "/api/v1/work/plan", None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"], "forbidden");
    let r = w
        .send(Actor::Anonymous, Method::GET, "/api/v1/work/plan", None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"], "unauthenticated");
}

/// KPI by work products: the leader assigns a task outside the catalogue (coefficient 1,5, two
/// products), the person reports it done with a link to the product, the leader rates it met;
/// a, b, c and the result come out at 100 % and the result criterion at 70 points.
#[tokio::test]
async fn a_task_from_assignment_to_the_result() {
    let w = World::new().await;
    // Next month, so the world's task of this month does not count.
    let month = this_month().next();
    let key = month.key();
    let assign = format!("/api/v1/work/people/{}/tasks", w.ids.staff_person);
    let body = |due: Date| {
        json!({"month": key, "title": "Báo cáo chuyên đề cải cách hành chính", "quantity": 2,
               "coefficient": "1,5", "due": iso(due)})
    };
    // Due outside the month: 422 naming the body's field.
    let r = post(
        &w,
        Actor::Evaluator,
        &assign,
        body(this_month().first_day()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["problems"][0]["field"], "due");
    // Only the direct leader assigns.
    let r = post(&w, Actor::Staff, &assign, body(month.last_day())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(&w, Actor::AdminA, &assign, body(month.last_day())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(&w, Actor::Evaluator, &assign, body(month.last_day())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();

    let tasks_path = format!("/api/v1/work/tasks?month={key}");
    let t = get(&w, Actor::Staff, &tasks_path).await;
    assert_eq!(t["tasks"].as_array().unwrap().len(), 1, "{t}");
    let task = &t["tasks"][0];
    assert_eq!(task["id"], id.as_str());
    assert_eq!(task["origin"], "assigned");
    assert_eq!(task["quantity"], "2");
    assert_eq!(task["coefficient"], "1.5");
    assert_eq!(task["assigned"], "3");
    assert_eq!(task["assigned_by"], "Trần Thị Bích");
    assert_eq!(t["kpi"]["a"], 0.0);
    assert_eq!(t["kpi"]["assigned_total"], "3");
    assert_eq!(t["kpi"]["d"], Value::Null);

    // The report needs the product once something is done.
    let report = format!("/api/v1/work/tasks/{id}/report");
    let r = post(&w, Actor::Staff, &report, json!({"done": 2})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["problems"][0]["field"], "product_ref");
    let r = post(
        &w,
        Actor::Evaluator,
        &report,
        json!({"done": 2, "product_ref": "x"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(
        &w,
        Actor::Staff,
        &report,
        json!({"done": "2", "product_ref": "https://vanban.anphu.gov.vn/bc/15-BC-UBND"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["reported"], true);
    assert_eq!(r.json()["done"], "2");
    assert_eq!(r.json()["late"], false);
    // Done and on time, not rated yet: b waits for the leader.
    let t = get(&w, Actor::Staff, &tasks_path).await;
    assert_eq!(t["kpi"]["a"], 100.0);
    assert_eq!(t["kpi"]["b"], 0.0);
    assert_eq!(t["kpi"]["c"], 100.0);
    assert_eq!(t["kpi"]["unrated"], 1);

    let rate = format!("/api/v1/work/tasks/{id}/rate");
    let r = post(&w, Actor::Staff, &rate, json!({"quality": "met"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(&w, Actor::Evaluator, &rate, json!({"quality": "perfect"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "quality");
    let r = post(&w, Actor::Evaluator, &rate, json!({"quality": "met"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["quality"], "met");
    assert_eq!(r.json()["counts"]["b"], "3");

    let t = get(&w, Actor::Staff, &tasks_path).await;
    let k = &t["kpi"];
    assert_eq!(k["a"], 100.0, "{t}");
    assert_eq!(k["b"], 100.0);
    assert_eq!(k["c"], 100.0);
    assert_eq!(k["result"], 100.0);
    assert_eq!(k["result_points"], 70.0);
    assert_eq!(k["unrated"], 0);
    // The leader sees the same on the person's page.
    let p = get(
        &w,
        Actor::Evaluator,
        &format!("/api/v1/work/people/{}?month={key}", w.ids.staff_person),
    )
    .await;
    assert_eq!(p["tasks"]["kpi"]["result"], 100.0);
    // No tasks: no KPI.
    let none = get(&w, Actor::Evaluator, &tasks_path).await;
    assert_eq!(none["kpi"], Value::Null);
    assert_eq!(none["tasks"], json!([]));
}

/// The catalogue in force for a unit: its own products and those inherited from above, with
/// the coefficient as an exact decimal; a task assigned by product takes its name and coefficient.
#[tokio::test]
async fn the_catalogue_in_force() {
    let w = World::new().await;
    let product = |code: &str, name: &str, coefficient: i64| danhgia_store::ProductInput {
        code: code.into(),
        task: "Tham mưu tổng hợp".into(),
        name: name.into(),
        group_no: 2,
        measure: "Báo cáo".into(),
        coefficient,
        note: String::new(),
    };
    w.store
        .save_catalogue(&w.ids.district, &[product("BC-01", "Báo cáo tháng", 1_500)])
        .await
        .unwrap();
    w.store
        .save_catalogue(&w.ids.a, &[product("TT-01", "Tờ trình", 800)])
        .await
        .unwrap();
    let c = get(
        &w,
        Actor::Staff,
        &format!("/api/v1/units/{}/catalogue", w.ids.a),
    )
    .await;
    let list = c["products"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{c}");
    let bc = list.iter().find(|p| p["code"] == "BC-01").unwrap();
    assert_eq!(bc["coefficient"], "1.5");
    assert_eq!(bc["inherited_from"], "Huyện Mẫu");
    assert_eq!(bc["group"], 2);
    let tt = list.iter().find(|p| p["code"] == "TT-01").unwrap();
    assert_eq!(tt["coefficient"], "0.8");
    assert_eq!(tt["inherited_from"], Value::Null);
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/api/v1/units/{}/catalogue", w.ids.a),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let key = this_month().key();
    let r = post(
        &w,
        Actor::Evaluator,
        &format!("/api/v1/work/people/{}/tasks", w.ids.staff_person),
        json!({"month": key, "product": bc["id"], "quantity": "1", "due": iso(this_month().last_day())}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let t = get(&w, Actor::Staff, &format!("/api/v1/work/tasks?month={key}")).await;
    let task = t["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id.as_str())
        .unwrap();
    assert_eq!(task["title"], "Báo cáo tháng");
    assert_eq!(task["product_code"], "BC-01");
    assert_eq!(task["coefficient"], "1.5");
}
