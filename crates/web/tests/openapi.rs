//! The OpenAPI description of the JSON API (issue 9 §5): it parses, it describes exactly the
//! `/api/` routes of the route table, the router serves it, and the answers the API fuzz
//! (`scripts/api-fuzz`) found wrong stay fixed.

mod common;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode, header};
use common::{Actor, World};
use serde_json::Value;

fn document() -> Value {
    serde_json::from_str(danhgia_web::openapi::DOCUMENT).expect("openapi.json is JSON")
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// (method, path) of every operation the document describes.
fn described(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, _) in item.as_object().expect("path item") {
            if METHODS.contains(&method.as_str()) {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn the_document_is_openapi_3_0_with_named_operations() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        assert!(path.starts_with("/api/"), "{path}");
        for (method, op) in item.as_object().unwrap() {
            assert!(METHODS.contains(&method.as_str()), "{method} {path}");
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} twice");
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: no success answer"
            );
            // Every operation behind the login says what a missing or ended token gets.
            let public = op["security"].as_array().is_some_and(Vec::is_empty);
            assert!(
                public || responses.contains_key("401"),
                "{method} {path}: no 401"
            );
            // Every `{name}` of the path is a declared path parameter.
            let declared: BTreeSet<String> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| resolve(&doc, p))
                        .filter(|p| p["in"] == "path")
                        .map(|p| p["name"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            let in_path: BTreeSet<String> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(str::to_owned)
                .collect();
            assert_eq!(declared, in_path, "{method} {path}: path parameters");
        }
    }
}

/// The component a `$ref` names (or the value itself).
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str() {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("a local $ref");
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("{r} names nothing"))
        }
        None => v,
    }
}

#[test]
fn every_ref_names_a_component() {
    fn walk(doc: &Value, v: &Value) {
        match v {
            Value::Object(m) => {
                if m.contains_key("$ref") {
                    resolve(doc, v);
                }
                m.values().for_each(|x| walk(doc, x));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(doc, x)),
            _ => {}
        }
    }
    let doc = document();
    walk(&doc, &doc);
}

#[test]
fn the_document_describes_every_api_route_and_nothing_else() {
    let doc = document();
    // axum's `{id}` is OpenAPI's `{id}`: the patterns compare as they are.
    let routes: BTreeSet<(String, String)> = danhgia_web::routes::table()
        .into_iter()
        .filter(|(_, path, _)| path.starts_with("/api/"))
        .map(|(m, path, _)| (m.to_string(), path.to_owned()))
        .collect();
    let described = described(&doc);
    let missing: Vec<_> = routes.difference(&described).collect();
    let extra: Vec<_> = described.difference(&routes).collect();
    assert!(
        missing.is_empty(),
        "routes not in openapi.json: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "openapi.json describes no route: {extra:?}"
    );
}

#[tokio::test]
async fn the_router_serves_the_document_to_anyone() {
    let w = World::new().await;
    for actor in [Actor::Anonymous, Actor::Staff] {
        let r = w.send(actor, Method::GET, "/api/openapi.json", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.headers.get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
        assert_eq!(r.json(), document());
    }
}

/// A JSON refusal with the given status and code.
fn refused(r: &common::Resp, status: u16, code: &str) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    assert_eq!(
        r.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/json",
        "{}",
        r.body
    );
    assert_eq!(r.json()["error"], code, "{}", r.body);
}

/// Fuzz finding: a query string the handler cannot read (a field given twice, a number out of
/// range) was axum's plain-text 400; the API answers JSON like its other refusals.
#[tokio::test]
async fn an_unreadable_query_is_a_json_400() {
    let w = World::new().await;
    let ids = &w.ids;
    for path in [
        "/api/v1/work/plan?month=2026-11&month=2026-12".to_owned(),
        "/api/v1/work/tasks?month=a&month=b".to_owned(),
        "/api/v1/work/log?week=null&week=null".to_owned(),
        format!("/api/v1/work/people/{}?week=a&week=b", ids.staff_person),
        format!(
            "/api/v1/criteria/{}?version=9223372036854775808",
            common::SHIPPED_SET
        ),
        format!("/api/v1/criteria/{}?version=abc", common::SHIPPED_SET),
        "/api/v1/search?q=nguyen&q=van".to_owned(),
        format!("/api/v1/periods/{}/evaluations?unit=a&unit=b", ids.period),
        format!("/api/v1/units/{}/statistics?period=a&period=b", ids.a),
    ] {
        let r = w.send(Actor::Evaluator, Method::GET, &path, None).await;
        refused(&r, 400, "bad_request");
    }
}

/// Fuzz finding: a week in the last days of year 9999 parsed, and computing its Sunday
/// overflowed the calendar (a panic: the connection dropped with no answer); a week before year
/// 1 came back as no ISO date. The API keeps to years 1900 to 9999, as months do.
#[tokio::test]
async fn a_week_outside_the_calendar_is_refused_not_a_panic() {
    let w = World::new().await;
    let person = w.ids.staff_person.clone();
    for path in [
        "/api/v1/work/log?week=9999-12-31".to_owned(),
        "/api/v1/work/log?week=27/12/9999".to_owned(),
        "/api/v1/work/log?week=0000-01-01".to_owned(),
        "/api/v1/work/log?week=-9999-01-01".to_owned(),
        "/api/v1/work/log?week=1899-12-31".to_owned(),
        format!("/api/v1/work/people/{person}?week=9999-12-31"),
        format!("/api/v1/work/people/{person}?month=9999-12&week=9999-12-29"),
    ] {
        let r = w.send(Actor::Staff, Method::GET, &path, None).await;
        refused(&r, 400, "bad_request");
    }
    // The calendar's last whole week and its first one still read.
    for path in [
        "/api/v1/work/log?week=9999-12-26".to_owned(),
        "/api/v1/work/log?week=1900-01-01".to_owned(),
        format!("/api/v1/work/people/{person}?month=9999-12"),
        format!("/api/v1/work/people/{person}?month=1900-01"),
    ] {
        let r = w.send(Actor::Staff, Method::GET, &path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(r.json()["week"].as_str().is_some() || r.json()["week"]["week"].is_string());
    }
}

/// Fuzz finding: the work API stored days of any year `time` reads (-9999 to 9999), beyond
/// PostgreSQL's `date`; a day outside years 1900 to 9999 is a 422 naming the field, and nothing
/// is written.
#[tokio::test]
async fn a_day_outside_the_calendar_is_a_422_by_field() {
    let w = World::new().await;
    let ids = w.ids.clone();
    let cases = [
        (
            Actor::Staff,
            "/api/v1/work/log".to_owned(),
            r#"{"day":"-9999-01-01","what":"Họp"}"#,
            "day",
        ),
        (
            Actor::Staff,
            "/api/v1/work/log".to_owned(),
            r#"{"day":"01/01/0001","what":"Họp"}"#,
            "day",
        ),
        (
            Actor::Staff,
            format!("/api/v1/work/log/{}", ids.log_entry),
            r#"{"action":"save","day":"0000-01-01"}"#,
            "day",
        ),
        (
            Actor::Staff,
            "/api/v1/work/log/submit".to_owned(),
            r#"{"from":"-0001-12-27","to":"-0001-12-27"}"#,
            "from",
        ),
        (
            Actor::Staff,
            "/api/v1/work/items".to_owned(),
            r#"{"kind":"week","day":"-9999-01-01","title":"Tiếp dân"}"#,
            "day",
        ),
        (
            Actor::Staff,
            "/api/v1/work/items".to_owned(),
            r#"{"title":"Báo cáo","due":"0001-01-01"}"#,
            "due",
        ),
        (
            Actor::Staff,
            format!("/api/v1/work/items/{}", ids.work_item),
            r#"{"action":"save","due":"1000-01-01"}"#,
            "due",
        ),
        (
            Actor::Evaluator,
            format!("/api/v1/work/people/{}/tasks", ids.staff_person),
            r#"{"title":"Soạn báo cáo","quantity":1,"coefficient":"1","due":"-5000-01-01"}"#,
            "due",
        ),
    ];
    for (actor, path, body, field) in cases {
        let r = w.send(actor, Method::POST, &path, Some(body)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}: {}",
            r.body
        );
        let problems = r.json()["problems"].clone();
        assert_eq!(problems[0]["field"], field, "{path} {body}: {}", r.body);
        assert_eq!(
            problems[0]["key"], "work.err.date",
            "{path} {body}: {}",
            r.body
        );
    }
    // Nothing was written: the staff member's log still holds the world's two entries.
    let old = w.store.log_entry(&ids.log_entry).await.unwrap();
    assert_eq!(old.day, danhgia_store::today());
    let month = w
        .send(Actor::Staff, Method::GET, "/api/v1/work/plan", None)
        .await
        .json();
    assert_eq!(month["items"].as_array().unwrap().len(), 1, "{month}");
    // An extension to a day outside the calendar is refused like a day that passed.
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &format!("/api/v1/evaluations/{}/requests", ids.staff_form),
            Some(r#"{"kind":"extension","reason":"Ốm","wanted":"-9999-01-01"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

/// Fuzz finding: serde reads a struct from an array of its fields in order, so `[]` froze the
/// caller's plan as `{}` would; a body must be a JSON object.
#[tokio::test]
async fn a_body_that_is_not_an_object_is_a_400() {
    let w = World::new().await;
    for (path, body) in [
        ("/api/v1/work/plan/freeze", "[]"),
        ("/api/v1/work/log/submit", r#"["2026-11-02", "2026-11-02"]"#),
        ("/api/v1/alerts/read", "[null, true]"),
        ("/api/v1/work/items", "\"Báo cáo\""),
    ] {
        let r = send_json(&w, Actor::Staff, path, body).await;
        refused(&r, 400, "bad_request");
    }
    // The plan was not frozen; `{}` freezes it (the month has an item).
    let plan = w
        .send(Actor::Staff, Method::GET, "/api/v1/work/plan", None)
        .await;
    assert_eq!(plan.json()["plan"]["state"], "draft", "{}", plan.body);
    let r = send_json(&w, Actor::Staff, "/api/v1/work/plan/freeze", "{}").await;
    assert_eq!(r.json()["plan"]["state"], "frozen", "{}", r.body);
}

/// POSTs `body` as JSON whatever it starts with (`World::send` reads a body starting with `{`
/// as JSON, any other as a form).
async fn send_json(w: &World, actor: Actor, path: &str, body: &str) -> common::Resp {
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::COOKIE,
            format!(
                "{}={}",
                danhgia_web::auth::SESSION_COOKIE,
                w.token(actor).unwrap()
            ),
        )
        .body(axum::body::Body::from(body.to_owned()))
        .unwrap();
    let res = w.app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    common::Resp {
        status,
        location: None,
        cookies: Vec::new(),
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Fuzz finding on PostgreSQL: U+0000 in an id, a query string or a JSON body reached a query,
/// which PostgreSQL refuses for any text (500). An id with it (or not UTF-8 once decoded) names
/// nothing, 404; a query string or a body with it is a 400; JSON answers all.
#[tokio::test]
async fn a_nul_character_never_reaches_the_database() {
    let w = World::new().await;
    for path in [
        "/api/v1/units/a%00b/staff",
        "/api/v1/evaluations/%00",
        "/api/v1/criteria/hn%00",
        "/api/v1/work/people/%FF%FE",
        "/api/v1/units/%C3/catalogue",
    ] {
        let r = w.send(Actor::SysAdmin, Method::GET, path, None).await;
        refused(&r, 404, "not_found");
    }
    for path in ["/api/v1/search?q=ng%00uyen", "/api/v1/work/plan?month=%00"] {
        let r = w.send(Actor::Staff, Method::GET, path, None).await;
        refused(&r, 400, "bad_request");
    }
    for (path, body) in [
        ("/api/v1/work/items", r#"{"title":"Báo\u0000cáo"}"#),
        ("/api/v1/alerts/read", r#"{"id":"a\u0000"}"#),
        (
            "/api/v1/work/log",
            r#"{"day":"2026-11-02","what":"x","x\u0000":1}"#,
        ),
    ] {
        let r = w.send(Actor::Staff, Method::POST, path, Some(body)).await;
        refused(&r, 400, "bad_request");
    }
}
