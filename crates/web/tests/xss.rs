//! Abuse tests (issue 9 §5): script written into any text a user can type comes back as text.
//!
//! Each test writes payloads (`<script>`, a quote that closes an attribute and opens an `<img
//! onerror>`, a `javascript:` URL, a JavaScript-string breakout, a `</textarea>` that opens an
//! `<svg onload>`) into the fields of one area through the real routes, then reads every page
//! that shows them. Each area is a table of [`Field`]s: what the field is, the value written, the
//! pages (and JSON answers) that show it; add a row to cover a new field or page.
//!
//! On every page read: the payload is in the page's text or in a quoted attribute, decoded
//! exactly as written (so it was rendered, not dropped), and the page's markup is only the
//! app's own: no `<img>`, `<iframe>` or other injected element, no `<svg>` but the charts, no
//! `<script>` but `/static/app.js`, no `on…` attribute, every attribute value quoted, and no
//! link, source or form action to `javascript:`. JSON answers carry the value exactly, as data,
//! typed `application/json` and not to be sniffed. (Excel and PDF exports are not HTML.)

mod common;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Actor, SHIPPED_SET, World, form, score_fields, score_sheet};
use danhgia_domain::access::Role;
use danhgia_domain::criteria::CriteriaSet;
use danhgia_domain::work::{PlanMonth, week_start};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

// ---------------------------------------------------------------------------------------------
// Payloads

/// What an attacker types, each aimed at another place a value could land.
const ATTACKS: [&str; 4] = [
    // element content
    "<script>alert(1)</script>",
    // a double-quoted attribute
    "\"><img src=x onerror=alert(1)>",
    // a JavaScript string in single quotes
    "'-alert(1)-'",
    // a textarea's content
    "</textarea><svg onload=alert(1)>",
];

/// The value written into a field: a `javascript:` URL (should the value ever become a link),
/// a tag naming the field, then as many of [`ATTACKS`] as fit in `max` characters.
fn payload(tag: &str, max: usize) -> String {
    let mut v = format!("javascript:alert(1)//xss-{tag}");
    for a in ATTACKS {
        if v.chars().count() + 1 + a.chars().count() <= max {
            v.push(' ');
            v.push_str(a);
        }
    }
    assert!(
        v.contains('<'),
        "{tag}: {max} characters leave room for no markup"
    );
    v
}

/// Markup that appears in a page only if a payload was written into it unescaped.
const RAW: [&str; 5] = [
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "</textarea><svg",
    "onerror=alert(1)>",
];

// ---------------------------------------------------------------------------------------------
// Reading a page as a browser would (enough of HTML's tokenizer for the checks)

#[derive(Debug)]
struct Attr {
    name: String,
    /// Decoded; `None` for a bare attribute (`checked`).
    value: Option<String>,
    quoted: bool,
}

#[derive(Debug)]
enum Node {
    /// Character data, decoded (a textarea's and a title's content included).
    Text(String),
    Tag {
        name: String,
        attrs: Vec<Attr>,
    },
    /// A script's or a style's content, which is never decoded.
    Raw(String),
}

/// Character references decoded (those the app and askama write, and the common named ones).
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn parse(html: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    let mut text_from = 0;
    let flush = |nodes: &mut Vec<Node>, from: usize, to: usize| {
        if from < to {
            nodes.push(Node::Text(decode(&html[from..to])));
        }
    };
    while i < b.len() {
        let starts_markup = b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!');
        if !starts_markup {
            i += 1;
            continue;
        }
        flush(&mut nodes, text_from, i);
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
        } else if b[i + 1] == b'/' || b[i + 1] == b'!' {
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
        } else {
            // A start tag: its name, then its attributes.
            i += 1;
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            let mut attrs = Vec::new();
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'>' {
                    i += 1;
                    break;
                }
                let from = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                    i += 1;
                }
                let attr = html[from..i].to_ascii_lowercase();
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && b[i] == b'=' {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                        let q = b[i];
                        let close = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                        attrs.push(Attr {
                            name: attr,
                            value: Some(decode(&html[i + 1..close])),
                            quoted: true,
                        });
                        i = close + 1;
                    } else {
                        let from = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        attrs.push(Attr {
                            name: attr,
                            value: Some(decode(&html[from..i])),
                            quoted: false,
                        });
                    }
                } else {
                    attrs.push(Attr {
                        name: attr,
                        value: None,
                        quoted: false,
                    });
                }
            }
            let raw_text = matches!(name.as_str(), "script" | "style" | "textarea" | "title");
            let tag_name = name.clone();
            nodes.push(Node::Tag { name, attrs });
            if raw_text {
                // The content runs to the matching end tag, whatever it holds.
                let lower = html[i.min(b.len())..].to_ascii_lowercase();
                let end = lower
                    .find(&format!("</{tag_name}"))
                    .map_or(b.len(), |e| i + e);
                let content = &html[i.min(end)..end];
                nodes.push(if matches!(tag_name.as_str(), "script" | "style") {
                    Node::Raw(content.to_owned())
                } else {
                    Node::Text(decode(content))
                });
                i = end;
            }
        }
        text_from = i.min(b.len());
    }
    flush(&mut nodes, text_from.min(b.len()), b.len());
    nodes
}

/// Elements no page of the app has: one in a page was injected.
const FOREIGN: [&str; 11] = [
    "img", "iframe", "frame", "frameset", "object", "embed", "base", "math", "video", "audio",
    "marquee",
];

/// Attributes whose value the browser follows as a URL.
const URL_ATTRS: [&str; 8] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
];

/// Asserts that `body` (the page `what`) holds only the app's own markup.
fn assert_safe(what: &str, body: &str) {
    for raw in RAW {
        assert!(
            !body.contains(raw),
            "{what}: raw `{raw}` in the page:\n{body}"
        );
    }
    for node in parse(body) {
        match node {
            Node::Tag { name, attrs } => {
                let attr = |n: &str| {
                    attrs
                        .iter()
                        .find(|a| a.name == n)
                        .and_then(|a| a.value.clone())
                        .unwrap_or_default()
                };
                assert!(
                    !FOREIGN.contains(&name.as_str()),
                    "{what}: an injected <{name}>"
                );
                if name == "svg" {
                    assert_eq!(attr("class"), "chart", "{what}: an <svg> that is no chart");
                }
                if name == "script" {
                    assert_eq!(
                        attr("src"),
                        "/static/app.js",
                        "{what}: a script not of the app"
                    );
                }
                for a in &attrs {
                    assert!(
                        !a.name.starts_with("on"),
                        "{what}: an event handler <{name} {}>",
                        a.name
                    );
                    let Some(v) = &a.value else { continue };
                    assert!(
                        a.quoted,
                        "{what}: <{name} {}={v}> has an unquoted value",
                        a.name
                    );
                    if URL_ATTRS.contains(&a.name.as_str()) {
                        let url: String = v
                            .chars()
                            .filter(|c| !c.is_whitespace() && !c.is_control())
                            .collect::<String>()
                            .to_ascii_lowercase();
                        for scheme in ["javascript:", "vbscript:", "data:"] {
                            assert!(
                                !url.starts_with(scheme),
                                "{what}: <{name} {}=\"{v}\">",
                                a.name
                            );
                        }
                    }
                }
            }
            Node::Raw(text) => assert!(
                text.trim().is_empty(),
                "{what}: an inline script or style: {text}"
            ),
            Node::Text(_) => {}
        }
    }
}

/// Where `value` shows in `body`: in character data or in a quoted attribute, decoded exactly.
fn shown_in(body: &str, value: &str) -> Option<String> {
    parse(body).into_iter().find_map(|n| match n {
        Node::Text(t) if t.contains(value) => Some("text".to_owned()),
        Node::Tag { name, attrs } => attrs
            .iter()
            .find(|a| a.quoted && a.value.as_deref().is_some_and(|v| v.contains(value)))
            .map(|a| format!("<{name} {}>", a.name)),
        _ => None,
    })
}

fn json_has(v: &Value, value: &str) -> bool {
    match v {
        Value::String(s) => s.contains(value),
        Value::Array(a) => a.iter().any(|x| json_has(x, value)),
        Value::Object(o) => o.values().any(|x| json_has(x, value)),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// The table

/// One user-writable field, the value written into it, and where it comes back.
struct Field {
    name: &'static str,
    value: String,
    /// Pages that show it, read as whom.
    pages: Vec<(Actor, String)>,
    /// JSON answers that carry it.
    api: Vec<(Actor, String)>,
}

fn field(name: &'static str, value: &str, pages: &[(Actor, &str)], api: &[(Actor, &str)]) -> Field {
    let own = |l: &[(Actor, &str)]| l.iter().map(|(a, p)| (*a, (*p).to_owned())).collect();
    Field {
        name,
        value: value.to_owned(),
        pages: own(pages),
        api: own(api),
    }
}

/// Reads every page and answer of `fields` (each once) and checks them.
async fn verify(w: &World, fields: &[Field]) {
    let mut pages: HashMap<(Actor, String), String> = HashMap::new();
    for f in fields {
        assert!(!f.pages.is_empty(), "{}: no page to read", f.name);
        for (actor, path) in &f.pages {
            let key = (*actor, path.clone());
            if let Entry::Vacant(slot) = pages.entry(key.clone()) {
                let r = w.send(*actor, Method::GET, path, None).await;
                assert_eq!(r.status, StatusCode::OK, "{actor:?} GET {path}: {}", r.body);
                assert_safe(&format!("{actor:?} GET {path}"), &r.body);
                slot.insert(r.body);
            }
            let body = &pages[&key];
            assert!(
                shown_in(body, &f.value).is_some(),
                "{}: {:?} not shown as text on {path} ({actor:?}):\n{body}",
                f.name,
                f.value
            );
        }
        for (actor, path) in &f.api {
            let r = w.send(*actor, Method::GET, path, None).await;
            assert_eq!(r.status, StatusCode::OK, "{actor:?} GET {path}: {}", r.body);
            let ct = r.headers[header::CONTENT_TYPE].to_str().unwrap();
            assert!(ct.starts_with("application/json"), "{path}: {ct}");
            assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert!(
                json_has(&r.json(), &f.value),
                "{}: {:?} not in {path}: {}",
                f.name,
                f.value,
                r.body
            );
        }
    }
}

/// A refused form that shows what was typed: the page is safe and keeps the value as text.
fn assert_kept(what: &str, r: &common::Resp, value: &str) {
    assert!(
        r.status.is_client_error(),
        "{what}: {} {}",
        r.status,
        r.body
    );
    assert_safe(what, &r.body);
    assert!(
        shown_in(&r.body, value).is_some(),
        "{what}: the typed value is not kept:\n{}",
        r.body
    );
}

async fn post(w: &World, actor: Actor, path: &str, pairs: &[(&str, &str)]) -> common::Resp {
    w.send(actor, Method::POST, path, Some(&form(pairs))).await
}

/// POSTs a form that must succeed (a redirect); returns where to.
async fn post_ok(w: &World, actor: Actor, path: &str, pairs: &[(&str, &str)]) -> String {
    let r = post(w, actor, path, pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "POST {path}: {}", r.body);
    r.location.unwrap_or_default()
}

/// POSTs one file as a browser would (multipart, with the actor's CSRF token).
async fn post_file(
    w: &World,
    actor: Actor,
    path: &str,
    file_name: &str,
    bytes: &[u8],
) -> common::Resp {
    const BOUNDARY: &str = "danhgia-xss-boundary";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n",
        w.csrf(actor)
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(
            header::COOKIE,
            format!(
                "{}={}",
                danhgia_web::auth::SESSION_COOKIE,
                w.token(actor).unwrap()
            ),
        )
        .body(Body::from(body))
        .unwrap();
    let res = w.app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    common::Resp {
        status,
        location,
        cookies: Vec::new(),
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn iso(d: time::Date) -> String {
    d.to_string()
}

fn today() -> time::Date {
    danhgia_store::today()
}

// ---------------------------------------------------------------------------------------------
// The checks themselves

#[test]
fn the_checks_catch_what_they_look_for() {
    let page = |inner: &str| {
        format!(
            "<!doctype html><html><head><script src=\"/static/app.js\" defer></script></head><body>{inner}</body></html>"
        )
    };
    let v = payload("t", 500);
    let escaped = v
        .replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;");
    // Escaped, in text, in a quoted attribute and in a textarea: shown, and safe.
    for ok in [
        format!("<p>{escaped}</p>"),
        format!("<input value=\"{escaped}\">"),
        format!("<textarea>{escaped}</textarea>"),
    ] {
        assert_safe("ok", &page(&ok));
        assert!(shown_in(&page(&ok), &v).is_some(), "{ok}");
    }
    // What a forgotten escape, an unquoted attribute or a link would give: all caught.
    for bad in [
        format!("<p>{v}</p>"),
        format!("<input value=\"{v}\">"),
        format!("<textarea>{v}</textarea>"),
        format!("<input value={escaped}>"),
        format!("<a href=\"{escaped}\">x</a>"),
        "<p title='x' onclick='go()'>x</p>".to_owned(),
        "<script>alert(1)</script>".to_owned(),
    ] {
        let caught = std::panic::catch_unwind(|| assert_safe("bad", &page(&bad)));
        assert!(caught.is_err(), "not caught: {bad}");
    }
    assert!(shown_in(&page("<p>autre</p>"), &v).is_none());
}

// ---------------------------------------------------------------------------------------------
// Units and staff

/// Unit names, cohort names and position titles (person names only take letters, spaces and
/// `'-.`: the markup is refused there, and the refused input comes back escaped).
#[tokio::test]
async fn units_cohorts_and_staff() {
    let w = World::new().await;
    let a = w.ids.a.clone();
    let unit_name = payload("unit-name", 200);
    let at = post_ok(
        &w,
        Actor::SysAdmin,
        "/units",
        &[
            ("parent_id", &a),
            ("code", "HM-A3"),
            ("name", &unit_name),
            ("kind", "team"),
            ("level", "commune"),
            ("block", "government"),
        ],
    )
    .await;
    let unit = at
        .trim_start_matches("/units/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let cohort_name = payload("cohort", 100);
    post_ok(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/cohorts"),
        &[("name", &cohort_name)],
    )
    .await;
    let cohort = w
        .store
        .cohorts(&a)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == cohort_name)
        .unwrap()
        .id;
    let position = payload("position", 200);
    let person_name = "Đỗ Thị O'Xét-Xuyên";
    let at = post_ok(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/staff"),
        &[
            ("full_name", person_name),
            ("position_title", &position),
            ("rank", "member"),
            ("employment", "cong_chuc"),
            ("cohort_id", &cohort),
        ],
    )
    .await;
    let person = at
        .trim_start_matches("/staff/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // The period's form of the new person (as the daily job adds it), with the names of then.
    assert_eq!(w.store.add_missing_forms(&w.ids.period).await.unwrap(), 1);
    let new_form = w
        .store
        .evaluation_of(&w.ids.period, &person)
        .await
        .unwrap()
        .unwrap()
        .id;

    let (unit_page, unit_edit) = (format!("/units/{unit}"), format!("/units/{unit}/edit"));
    let a_page = format!("/units/{a}");
    let person_page = format!("/staff/{person}");
    let person_edit = format!("/staff/{person}/edit");
    let person_criteria = format!("/staff/{person}/criteria");
    let new_staff = format!("/units/{a}/staff/new");
    let form_page = format!("/evaluations/{new_form}");
    let progress = format!("/units/{a}/evaluations");
    let a_stats = format!("/units/{a}/statistics");
    let a_assign = format!("/units/{a}/criteria");
    let unit_plan = format!("/units/{unit}/plan");
    let unit_catalogue = format!("/units/{unit}/catalogue");
    let unit_import = format!("/units/{unit}/import");
    let search_unit = format!("/search?q={}", "xss-unit-name");
    let search_person = format!(
        "/search?{}",
        serde_urlencoded::to_string([("q", "xuyên")]).unwrap()
    );
    let api_units = "/api/v1/units".to_owned();
    let api_staff = format!("/api/v1/units/{a}/staff");
    let api_form = format!("/api/v1/evaluations/{new_form}");
    let api_search = "/api/v1/search?q=xss-unit-name".to_owned();
    let fields = [
        field(
            "unit name",
            &unit_name,
            &[
                (Actor::SysAdmin, "/units"),
                (Actor::AdminA, "/units"),
                (Actor::AdminA, &a_page),
                (Actor::AdminA, &unit_page),
                (Actor::AdminA, &unit_edit),
                (Actor::AdminA, &a_stats),
                (Actor::SysAdmin, &a_stats),
                (Actor::AdminA, &unit_plan),
                (Actor::AdminA, &unit_catalogue),
                (Actor::AdminA, &unit_import),
                (Actor::SysAdmin, &person_page),
                (Actor::AdminA, &search_unit),
            ],
            &[(Actor::AdminA, &api_units), (Actor::AdminA, &api_search)],
        ),
        field(
            "cohort name",
            &cohort_name,
            &[
                (Actor::AdminA, &a_page),
                (Actor::AdminA, &person_page),
                (Actor::AdminA, &person_edit),
                (Actor::AdminA, &new_staff),
                (Actor::Evaluator, &form_page),
            ],
            &[(Actor::Evaluator, &api_form)],
        ),
        field(
            "position title",
            &position,
            &[
                (Actor::AdminA, &a_page),
                (Actor::AdminA, &person_page),
                (Actor::AdminA, &person_edit),
                (Actor::AdminA, &person_criteria),
                (Actor::AdminA, &a_assign),
                (Actor::Evaluator, &form_page),
                (Actor::SysAdmin, &progress),
                (Actor::Evaluator, "/work/team"),
                (Actor::AdminA, &search_person),
            ],
            &[(Actor::AdminA, &api_staff), (Actor::Evaluator, &api_form)],
        ),
        field(
            "full name with an apostrophe",
            person_name,
            &[
                (Actor::AdminA, &a_page),
                (Actor::AdminA, &person_page),
                (Actor::AdminA, &person_edit),
                (Actor::Evaluator, &form_page),
                (Actor::SysAdmin, &progress),
                (Actor::AdminA, &search_person),
            ],
            &[(Actor::AdminA, &api_staff)],
        ),
    ];
    verify(&w, &fields).await;
    // Over the A quota of the cohort, the refusal names the cohort and the unit in a sentence of
    // the catalogue (`quota.err.over`, its `{cohort}` and `{unit}` replaced): still text. A
    // second person in the cohort, both forms submitted with full marks; the first A passes,
    // the second is over the quota of a cohort under five.
    let second = post_ok(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/staff"),
        &[
            ("full_name", "Đỗ Văn Quyết"),
            ("position_title", &position),
            ("rank", "member"),
            ("employment", "cong_chuc"),
            ("cohort_id", &cohort),
        ],
    )
    .await;
    let second = second
        .trim_start_matches("/staff/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(w.store.add_missing_forms(&w.ids.period).await.unwrap(), 1);
    let second_form = w
        .store
        .evaluation_of(&w.ids.period, &second)
        .await
        .unwrap()
        .unwrap()
        .id;
    for (form, expected) in [
        (&new_form, StatusCode::SEE_OTHER),
        (&second_form, StatusCode::CONFLICT),
    ] {
        submit_full(&w, form).await;
        let v = version(&w, form).await;
        let r = post(
            &w,
            Actor::Evaluator,
            &format!("/evaluations/{form}"),
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        assert_eq!(r.status, expected, "{}", r.body);
        if expected == StatusCode::CONFLICT {
            assert!(r.body.contains("Vượt tỷ lệ loại A"), "{}", r.body);
            assert_kept("over the quota", &r, &format!("nhóm {cohort_name} ("));
        }
    }

    // Commune A's statistics draw its teams as bars in an SVG the app writes by hand (not
    // through the template's escaping), each label cut at 34 characters: a name with its
    // markup in front.
    let chart_name = "\"><svg onload=alert(1)>xss-chart'";
    post_ok(
        &w,
        Actor::SysAdmin,
        "/units",
        &[
            ("parent_id", &a),
            ("code", "HM-A4"),
            ("name", chart_name),
            ("kind", "team"),
            ("level", "commune"),
            ("block", "government"),
        ],
    )
    .await;
    for actor in [Actor::SysAdmin, Actor::AdminA] {
        let stats = w.send(actor, Method::GET, &a_stats, None).await;
        assert_eq!(stats.status, StatusCode::OK);
        assert_safe("the statistics with charts", &stats.body);
        for chart in stats.body.split("<svg").skip(1) {
            let chart = chart.split("</svg>").next().unwrap();
            assert!(
                chart.contains(">&quot;&gt;&lt;svg onload=alert(1)&gt;xss-chart&#39;</text>"),
                "the name is a label of each chart, escaped: {chart}"
            );
            assert!(
                chart.contains("javascript:alert(1)//xss-unit-nam…</text>"),
                "{chart}"
            );
        }
    }

    // Refused input comes back as typed, escaped: a unit code, a name with markup, an e-mail.
    let code = "<svg onload=alert(1)>";
    let r = post(
        &w,
        Actor::SysAdmin,
        "/units",
        &[
            ("parent_id", &a),
            ("code", code),
            ("name", &unit_name),
            ("kind", "team"),
            ("level", "commune"),
            ("block", "government"),
        ],
    )
    .await;
    assert_kept("a unit code with markup", &r, code);
    let markup_name = payload("name", 100);
    let email = "\"><img src=x onerror=alert(1)>@x.vn";
    let r = post(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/staff"),
        &[
            ("full_name", &markup_name),
            ("position_title", "Công chức"),
            ("rank", "member"),
            ("employment", "cong_chuc"),
            ("email", email),
        ],
    )
    .await;
    assert_kept("a name with markup", &r, &markup_name);
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(shown_in(&r.body, email).is_some(), "{}", r.body);
    let r = post(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/cohorts"),
        &[("name", &payload("cohort-too-long", 400))],
    )
    .await;
    assert_kept(
        "a cohort name too long",
        &r,
        &payload("cohort-too-long", 400),
    );
}

// ---------------------------------------------------------------------------------------------
// One evaluation form

/// Puts a form in `submitted` with full marks, as its owner would.
async fn submit_full(w: &World, id: &str) {
    let before = w.store.evaluation(id).await.unwrap();
    let sheet = score_sheet(&w.set_of(&before).await, 100);
    let mut after = before.clone();
    after.status = danhgia_domain::workflow::Status::Submitted;
    after.self_sheet = serde_json::to_string(&sheet).unwrap();
    after.submitted_on = Some(today());
    w.save_form(before, after, "submit").await;
}

async fn version(w: &World, id: &str) -> String {
    w.store.evaluation(id).await.unwrap().version.to_string()
}

/// The self-assessment's comments, an attachment's name, the answer to an extension, the
/// return reason, the leader's comment, the adjustment's reason, the appeal, its answer and
/// the amendment's reason, and a reviewer's comment.
#[tokio::test]
async fn one_evaluation_form() {
    let w = World::new().await;
    let id = w.ids.staff_form.clone();
    let path = format!("/evaluations/{id}");
    let f = w.store.evaluation(&id).await.unwrap();
    let set = w
        .store
        .set_version_by_id(f.set_version_id.as_deref().unwrap())
        .await
        .unwrap()
        .set()
        .unwrap();
    let self_comment = payload("self-comment", 2000);
    let mut pairs: Vec<(String, String)> = score_fields(&set, "self", 100);
    for s in &set.sections {
        pairs.push((format!("self_comment_{}", s.code), self_comment.clone()));
    }
    let with = |extra: &[(&str, &str)]| {
        let mut all = pairs.clone();
        all.extend(
            extra
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned())),
        );
        serde_urlencoded::to_string(&all).unwrap()
    };
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&with(&[("action", "save"), ("version", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The draft, as its owner edits it: the comments are inside their textareas.
    let draft = w.send(Actor::Staff, Method::GET, &path, None).await;
    assert_safe("the draft", &draft.body);
    assert!(
        draft.body.contains(&format!(
            "name=\"self_comment_{}\" rows=\"2\">",
            set.sections[0].code
        )),
        "{}",
        draft.body
    );
    assert!(shown_in(&draft.body, &self_comment).is_some());

    // An attachment whose name carries markup (no '/' or '"': those are dropped from names).
    let attach_name = "<img src=x onerror=alert(1)>xss-file'-alert(1)-'.pdf";
    let r = post_file(
        &w,
        Actor::Staff,
        &format!("{path}/attachments"),
        attach_name,
        common::PDF,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The evaluator answers the world's extension request.
    let note = payload("extension-note", 500);
    let until = (today() + time::Duration::days(1))
        .format(time::macros::format_description!("[day]/[month]/[year]"))
        .unwrap();
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("{path}/requests/{}", w.ids.request),
        &[("answer", "granted"), ("until", &until), ("note", &note)],
    )
    .await;

    // Submitted, returned with a reason, submitted again.
    let v = version(&w, &id).await;
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&with(&[("action", "submit"), ("version", &v)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let return_reason = payload("return-reason", 2000);
    let v = version(&w, &id).await;
    post_ok(
        &w,
        Actor::Evaluator,
        &path,
        &[
            ("action", "return"),
            ("version", &v),
            ("return_reason", &return_reason),
        ],
    )
    .await;
    let v = version(&w, &id).await;
    let r = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&with(&[("action", "submit"), ("version", &v)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The leader decides with a comment, then adjusts with a reason.
    let lead_comment = payload("leader-comment", 2000);
    let mut lead: Vec<(String, String)> = score_fields(&set, "lead", 85);
    let v = version(&w, &id).await;
    lead.extend([
        ("action".to_owned(), "decide".to_owned()),
        ("version".to_owned(), v),
        ("lead_comment_".to_owned(), lead_comment.clone()),
    ]);
    let r = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&serde_urlencoded::to_string(&lead).unwrap()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let adjust_reason = payload("adjust-reason", 2000);
    let v = version(&w, &id).await;
    post_ok(
        &w,
        Actor::Evaluator,
        &path,
        &[
            ("action", "adjust"),
            ("version", &v),
            ("adjust_grade", "C"),
            ("adjust_reason", &adjust_reason),
        ],
    )
    .await;
    // A reviewer's comment (the world's forms have no reviewer: written as the review would).
    let review_comment = payload("review-comment", 2000);
    let before = w.store.evaluation(&id).await.unwrap();
    let mut after = before.clone();
    after.review_comment.clone_from(&review_comment);
    w.store
        .save_forms(
            &[danhgia_store::FormChange {
                before,
                after,
                action: "review",
                reason: String::new(),
            }],
            None,
            "test",
        )
        .await
        .unwrap();

    // Published by the unit's aggregator; the owner appeals, the head answers and amends.
    let agg = w.store.account_by_username("quantri_anphu").await.unwrap();
    w.store
        .grant_role(&agg.id, Role::Aggregator, &w.ids.a, None)
        .await
        .unwrap();
    post_ok(
        &w,
        Actor::AdminA,
        &format!("/units/{}/evaluations/publish", w.ids.a),
        &[("period", &w.ids.period)],
    )
    .await;
    let appeal = payload("appeal", 2000);
    post_ok(
        &w,
        Actor::Staff,
        &format!("{path}/requests"),
        &[("kind", "appeal"), ("reason", &appeal)],
    )
    .await;
    let appeal_id = w
        .store
        .form_requests(&id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.kind == "appeal")
        .unwrap()
        .id;
    let answer = payload("appeal-answer", 2000);
    let amend_reason = payload("amend-reason", 2000);
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("{path}/requests/{appeal_id}"),
        &[
            ("answer", "answered"),
            ("note", &answer),
            ("grade", "B"),
            ("amend_reason", &amend_reason),
        ],
    )
    .await;

    let both: &[(Actor, &str)] = &[(Actor::Staff, &path), (Actor::Evaluator, &path)];
    let api = format!("/api/v1/evaluations/{id}");
    let api: &[(Actor, &str)] = &[(Actor::Evaluator, &api)];
    let none: &[(Actor, &str)] = &[];
    let fields = [
        field("self-assessment comment", &self_comment, both, api),
        field("attachment name", attach_name, both, api),
        field("answer to an extension", &note, both, api),
        field("return reason", &return_reason, both, none),
        field("leader's comment", &lead_comment, both, api),
        field("adjustment reason", &adjust_reason, both, api),
        field("reviewer's comment", &review_comment, both, api),
        field("appeal", &appeal, both, api),
        field("answer to the appeal", &answer, both, api),
        field("amendment reason", &amend_reason, both, api),
    ];
    verify(&w, &fields).await;

    // A request refused for its date keeps nothing, and an empty appeal says why, safely.
    let r = post(
        &w,
        Actor::Staff,
        &format!("{path}/requests"),
        &[
            ("kind", "extension"),
            ("reason", &appeal),
            ("wanted", "<b>"),
        ],
    )
    .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    assert_safe("a refused request", &r.body);
}

// ---------------------------------------------------------------------------------------------
// Work plans, logs and KPI tasks

/// Plan items (month and week), the unit's plan, log entries, the leader's return comment, a
/// task's title and its report's product reference.
#[tokio::test]
async fn work_plans_logs_and_tasks() {
    let w = World::new().await;
    let month = PlanMonth::of(today()).key();
    let week = iso(week_start(today()));
    let day = iso(today());
    let a = w.ids.a.clone();
    let item_title = payload("item-title", 300);
    let item_expected = payload("item-expected", 2000);
    post_ok(
        &w,
        Actor::Staff,
        "/work/items",
        &[
            ("kind", "month"),
            ("title", &item_title),
            ("expected", &item_expected),
            ("due", &day),
            ("weight", "2"),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;
    let week_title = payload("week-item", 300);
    post_ok(
        &w,
        Actor::Staff,
        "/work/items",
        &[
            ("kind", "week"),
            ("title", &week_title),
            ("day", &day),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;
    let (what, result, evidence) = (
        payload("log-what", 2000),
        payload("log-result", 2000),
        payload("log-evidence", 300),
    );
    post_ok(
        &w,
        Actor::Staff,
        "/work/logs",
        &[
            ("day", &day),
            ("what", &what),
            ("result", &result),
            ("evidence", &evidence),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;
    let unit_item = payload("unit-item", 300);
    let unit_expected = payload("unit-expected", 2000);
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("/units/{a}/plan/items"),
        &[
            ("kind", "month"),
            ("title", &unit_item),
            ("expected", &unit_expected),
            ("due", &day),
            ("weight", "1"),
            ("month", &month),
        ],
    )
    .await;
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("/units/{a}/plan/publish"),
        &[("month", &month)],
    )
    .await;
    let return_comment = payload("log-return", 2000);
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("/work/reviews/{}", w.ids.review),
        &[
            ("decision", "return"),
            ("comment", &return_comment),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;
    let task_title = payload("task-title", 300);
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("/work/people/{}/tasks", w.ids.staff_person),
        &[
            ("product", ""),
            ("title", &task_title),
            ("origin", "ad_hoc"),
            ("quantity", "1"),
            ("coefficient", "1"),
            ("due", &day),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;
    let product_ref = payload("product-ref", 300);
    post_ok(
        &w,
        Actor::Staff,
        &format!("/work/tasks/{}/report", w.ids.task),
        &[
            ("done", "2"),
            ("product_ref", &product_ref),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;

    let mine = format!("/work?month={month}&week={week}");
    let theirs = format!(
        "/work/people/{}?month={month}&week={week}",
        w.ids.staff_person
    );
    let plan = format!("/units/{a}/plan?month={month}");
    let yesterday_week = iso(week_start(today().previous_day().unwrap()));
    let returned_on = format!("/work?month={month}&week={yesterday_week}");
    let api_plan = format!("/api/v1/work/plan?month={month}");
    let api_log = format!("/api/v1/work/log?week={week}");
    let api_tasks = format!("/api/v1/work/tasks?month={month}");
    let api_person = format!("/api/v1/work/people/{}?month={month}", w.ids.staff_person);
    let both: &[(Actor, &str)] = &[(Actor::Staff, &mine), (Actor::Evaluator, &theirs)];
    let fields = [
        field(
            "plan item title",
            &item_title,
            both,
            &[(Actor::Staff, &api_plan), (Actor::Evaluator, &api_person)],
        ),
        field(
            "plan item's expected result",
            &item_expected,
            both,
            &[(Actor::Staff, &api_plan)],
        ),
        field(
            "schedule item",
            &week_title,
            both,
            &[(Actor::Staff, &api_plan)],
        ),
        field("log entry", &what, both, &[(Actor::Staff, &api_log)]),
        field("log result", &result, both, &[(Actor::Staff, &api_log)]),
        field("log evidence", &evidence, both, &[(Actor::Staff, &api_log)]),
        field(
            "unit plan item",
            &unit_item,
            &[
                (Actor::Evaluator, &plan),
                (Actor::Staff, &plan),
                (Actor::Staff, &mine),
            ],
            &[],
        ),
        field(
            "unit plan item's expected result",
            &unit_expected,
            &[(Actor::Evaluator, &plan), (Actor::Staff, &plan)],
            &[],
        ),
        field(
            "return comment on a log",
            &return_comment,
            &[(Actor::Staff, &returned_on)],
            &[],
        ),
        field(
            "task title",
            &task_title,
            both,
            &[(Actor::Staff, &api_tasks), (Actor::Evaluator, &api_person)],
        ),
        field(
            "task report's product reference",
            &product_ref,
            both,
            &[(Actor::Staff, &api_tasks)],
        ),
    ];
    verify(&w, &fields).await;

    // A refused item (its due date outside the month) comes back as typed, escaped.
    let outside = iso(PlanMonth::of(today()).next().first_day());
    let r = post(
        &w,
        Actor::Staff,
        "/work/items",
        &[
            ("kind", "month"),
            ("title", &item_title),
            ("expected", &item_expected),
            ("due", &outside),
            ("month", &month),
        ],
    )
    .await;
    assert_kept("a refused plan item", &r, &item_title);
    assert!(shown_in(&r.body, &item_expected).is_some());
    // A log entry too long: kept as typed.
    let r = post(
        &w,
        Actor::Staff,
        "/work/logs",
        &[
            ("day", &day),
            ("what", &what),
            ("evidence", &format!("{evidence}{}", "x".repeat(300))),
            ("month", &month),
            ("week", &week),
        ],
    )
    .await;
    assert_kept("a refused log entry", &r, &what);
}

// ---------------------------------------------------------------------------------------------
// The commendation list

/// The list's number and each person's achievement, in the draft and once approved.
#[tokio::test]
async fn commendation_list() {
    let w = World::new().await;
    let admin = w.store.account_by_username("quantri_anphu").await.unwrap();
    w.store
        .grant_role(&admin.id, Role::Aggregator, &w.ids.a, None)
        .await
        .unwrap();
    w.publish(&w.ids.staff_form, "A").await;
    let page = format!("/units/{}/commendations?period={}", w.ids.a, w.ids.period);
    let number = "\"><svg onload=alert(1)>xss-number'";
    let achievement = payload("achievement", 500);
    let ach_field = format!("achievement_{}", w.ids.staff_form);
    post_ok(
        &w,
        Actor::AdminA,
        &format!("/units/{}/commendations", w.ids.a),
        &[
            ("period", &w.ids.period),
            ("doc_number", number),
            ("pick", &w.ids.staff_form),
            (&ach_field, &achievement),
        ],
    )
    .await;
    // The draft, as its author edits it.
    verify(
        &w,
        &[
            field(
                "list number (draft)",
                number,
                &[(Actor::AdminA, &page)],
                &[],
            ),
            field(
                "achievement (draft)",
                &achievement,
                &[(Actor::AdminA, &page)],
                &[],
            ),
        ],
    )
    .await;
    post_ok(
        &w,
        Actor::Evaluator,
        &format!("/units/{}/commendations/approve", w.ids.a),
        &[("period", &w.ids.period)],
    )
    .await;
    let readers: &[(Actor, &str)] = &[
        (Actor::Staff, &page),
        (Actor::Evaluator, &page),
        (Actor::AdminA, &page),
    ];
    verify(
        &w,
        &[
            field("list number", number, readers, &[]),
            field("achievement", &achievement, readers, &[]),
        ],
    )
    .await;
    // Too long an achievement: refused, the draft kept, the page safe.
    let r = post(
        &w,
        Actor::AdminA,
        &format!("/units/{}/commendations", w.ids.a),
        &[
            ("period", &w.ids.period),
            ("pick", &w.ids.staff_form),
            (&ach_field, &payload("too-long", 900).repeat(2)),
        ],
    )
    .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    assert_safe("a refused list", &r.body);
}

// ---------------------------------------------------------------------------------------------
// Criteria sets

/// A copied set's title, its texts (scope, section and criterion titles and guidance), a
/// version's note, a position title of an override, and a refused source shown back.
#[tokio::test]
async fn criteria_sets() {
    let w = World::new().await;
    let key = "xss-ban-sao";
    let title = payload("set-title", 500);
    post_ok(
        &w,
        Actor::SysAdmin,
        &format!("/criteria/{SHIPPED_SET}/copy"),
        &[("key", key), ("title", &title)],
    )
    .await;
    let applies = payload("applies-to", 500);
    let s_title = payload("section-title", 500);
    let s_guidance = payload("section-guidance", 2000);
    let c_title = payload("criterion-title", 500);
    let c_guidance = payload("criterion-guidance", 2000);
    let note = payload("version-note", 500);
    post_ok(
        &w,
        Actor::SysAdmin,
        &format!("/criteria/{key}/edit"),
        &[
            ("version", "1"),
            ("applies_to", &applies),
            ("s0_title", &s_title),
            ("s0_guidance", &s_guidance),
            ("c0_0_title", &c_title),
            ("c0_0_guidance", &c_guidance),
            ("c0_0_present", "1"),
            ("c0_0_reason", "on"),
            ("note", &note),
        ],
    )
    .await;
    // The set goes to the world's "Công chức" of commune A, and to a position named with markup.
    let a = w.ids.a.clone();
    let position = payload("override-position", 200);
    for t in ["Công chức", position.as_str()] {
        post_ok(
            &w,
            Actor::SysAdmin,
            &format!("/units/{a}/criteria"),
            &[("title", t), ("set", key)],
        )
        .await;
    }
    let list = "/criteria";
    let show = format!("/criteria/{key}");
    let edit = format!("/criteria/{key}/edit");
    let assign = format!("/units/{a}/criteria");
    let person = format!("/staff/{}/criteria", w.ids.staff_person);
    let api = format!("/api/v1/criteria/{key}");
    let texts: &[(Actor, &str)] = &[
        (Actor::SysAdmin, &show),
        (Actor::SysAdmin, &edit),
        (Actor::Staff, &person),
    ];
    let api: &[(Actor, &str)] = &[(Actor::Staff, &api)];
    let fields = [
        field(
            "set title",
            &title,
            &[
                (Actor::SysAdmin, list),
                (Actor::Staff, list),
                (Actor::SysAdmin, &show),
                (Actor::SysAdmin, &edit),
                (Actor::SysAdmin, &assign),
                (Actor::Staff, &person),
            ],
            api,
        ),
        field("applies to", &applies, texts, api),
        field("section title", &s_title, texts, api),
        field("section guidance", &s_guidance, texts, api),
        field("criterion title", &c_title, texts, api),
        field("criterion guidance", &c_guidance, texts, api),
        field("version note", &note, &[(Actor::SysAdmin, &show)], &[]),
        field(
            "position of an override",
            &position,
            &[(Actor::SysAdmin, &assign)],
            &[],
        ),
    ];
    verify(&w, &fields).await;

    // Trying scores on the person's set: the reason the first criterion asks for is kept.
    let row = w.store.criteria_set(key).await.unwrap();
    let set = w
        .store
        .set_version(&row, None)
        .await
        .unwrap()
        .set()
        .unwrap();
    let section = set
        .sections
        .iter()
        .find(|s| !s.criteria.is_empty())
        .unwrap();
    let item = CriteriaSet::item_id(section, &section.criteria[0]);
    let reason = payload("trial-reason", 500);
    let r = post(
        &w,
        Actor::Staff,
        &person,
        &[
            (&format!("score_{item}"), "1"),
            (&format!("reason_{item}"), &reason),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_safe("a trial of scores", &r.body);
    assert!(shown_in(&r.body, &reason).is_some(), "{}", r.body);

    // A source that does not parse is shown back in its textarea, with the line's problem.
    let source = format!("title = \"{}\"\n[[ broken", payload("source", 500));
    let r = post(
        &w,
        Actor::SysAdmin,
        &format!("/criteria/{key}/source"),
        &[("version", "2"), ("body", &source), ("note", &note)],
    )
    .await;
    assert_kept("a refused source", &r, &source);
    // And a copy with a bad key keeps the typed title.
    let r = post(
        &w,
        Actor::SysAdmin,
        &format!("/criteria/{SHIPPED_SET}/copy"),
        &[("key", "<b>"), ("title", &title)],
    )
    .await;
    assert_kept("a refused copy", &r, &title);
}

// ---------------------------------------------------------------------------------------------
// Imported sheets

/// Texts that arrive in Excel files: the product catalogue's cells, and a staff list's cells
/// on its check page (the preview and the list of problems).
#[tokio::test]
async fn imported_sheets() {
    let w = World::new().await;
    let a = w.ids.a.clone();
    let (task, name, measure, note) = (
        payload("catalogue-task", 500),
        payload("catalogue-product", 500),
        payload("catalogue-measure", 200),
        payload("catalogue-note", 500),
    );
    let file = danhgia_sheets::write_catalogue(
        "Xã An Phú",
        &[danhgia_sheets::CatalogueOut {
            code: "XSS-01".into(),
            task: task.clone(),
            name: name.clone(),
            group: 2,
            measure: measure.clone(),
            coefficient: "1".into(),
            note: note.clone(),
            inherited_from: None,
        }],
    )
    .unwrap();
    let r = post_file(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/catalogue"),
        "danh-muc.xlsx",
        &file,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let catalogue = format!("/units/{a}/catalogue");
    let assign = format!("/work/people/{}", w.ids.staff_person);
    let api = format!("/api/v1/units/{a}/catalogue");
    let readers: &[(Actor, &str)] = &[(Actor::AdminA, &catalogue), (Actor::Staff, &catalogue)];
    let api: &[(Actor, &str)] = &[(Actor::Staff, &api)];
    verify(
        &w,
        &[
            field("catalogue task", &task, readers, api),
            field(
                "catalogue product",
                &name,
                &[
                    (Actor::AdminA, &catalogue),
                    (Actor::Staff, &catalogue),
                    (Actor::Evaluator, &assign),
                ],
                api,
            ),
            field("catalogue measure", &measure, readers, api),
            field("catalogue note", &note, readers, api),
        ],
    )
    .await;

    // A staff list: a position with markup to preview, then a row with problems to list.
    let row = |cells: &[(danhgia_sheets::Column, &str)]| danhgia_sheets::OutRow {
        cells: cells
            .iter()
            .map(|(c, v)| (*c, (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        error: None,
    };
    use danhgia_sheets::Column as C;
    let position = payload("sheet-position", 200);
    let staff = "Công chức, viên chức, lao động hợp đồng";
    let good = danhgia_sheets::write_staff_sheet(
        "DANH SÁCH",
        &[row(&[
            (C::Stt, "1"),
            (C::FullName, "Đoàn Thị Thu"),
            (C::Position, &position),
            (C::Unit, "Xã An Phú"),
            (C::Role, staff),
        ])],
        false,
    )
    .unwrap();
    let r = post_file(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/import"),
        "danh-sach.xlsx",
        &good,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let preview = r.location.unwrap();
    let (bad_email, bad_unit) = (payload("sheet-email", 200), payload("sheet-unit", 200));
    let bad = danhgia_sheets::write_staff_sheet(
        "DANH SÁCH",
        &[row(&[
            (C::Stt, "1"),
            (C::FullName, "Đoàn Thị Thu"),
            (C::Position, &position),
            (C::Email, &bad_email),
            (C::Unit, &bad_unit),
            (C::Role, staff),
        ])],
        false,
    )
    .unwrap();
    let r = post_file(
        &w,
        Actor::AdminA,
        &format!("/units/{a}/import"),
        "danh-sach.xlsx",
        &bad,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let problems = r.location.unwrap();
    let p = w.send(Actor::AdminA, Method::GET, &problems, None).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    assert_safe("the import's problems", &p.body);
    for v in [&bad_email, &bad_unit] {
        assert!(shown_in(&p.body, v).is_some(), "{v} not listed: {}", p.body);
    }
    verify(
        &w,
        &[field(
            "position in a staff list",
            &position,
            &[(Actor::AdminA, &preview)],
            &[],
        )],
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// What comes in the URL, the login form and alerts

/// Values that come back without being stored: a search, a refused login's account name, query
/// parameters the pages read; and an alert's detail (a unit's name, written by the alert job).
#[tokio::test]
async fn reflected_values_and_alerts() {
    let w = World::new().await;
    // (the search reads 100 characters at most)
    let q = payload("search", 100);
    let encoded = serde_urlencoded::to_string([("q", q.as_str())]).unwrap();
    verify(
        &w,
        &[field(
            "search words",
            &q,
            &[(Actor::Staff, &format!("/search?{encoded}"))],
            &[],
        )],
    )
    .await;
    let api = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/api/v1/search?{encoded}"),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert!(
        api.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );

    // A refused login shows the account name typed, escaped.
    let page = w.send(Actor::Anonymous, Method::GET, "/login", None).await;
    let cookie = page
        .cookies
        .iter()
        .find(|c| c.starts_with("danhgia_login_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let username = payload("login", 200);
    let r = w
        .send_with(
            Actor::Anonymous,
            Method::POST,
            "/login",
            Some(&form(&[
                ("username", &username),
                ("password", "sai mật khẩu"),
                ("csrf", &token),
            ])),
            &[("cookie", &cookie)],
        )
        .await;
    assert_kept("a refused login", &r, &username);
    // So does "forgot my password", for a name too long to be one.
    let name = format!("{username} {username}");
    let r = w
        .send(
            Actor::Anonymous,
            Method::POST,
            "/forgot",
            Some(&form(&[("name", &name)])),
        )
        .await;
    assert_kept("a refused password reset", &r, &name);

    // Query parameters with markup: whatever the answer, nothing of them is markup.
    let attack = serde_urlencoded::to_string([("x", ATTACKS.join(" ").as_str())])
        .unwrap()
        .trim_start_matches("x=")
        .to_owned();
    let (a, period) = (w.ids.a.clone(), w.ids.period.clone());
    for (actor, path) in [
        (Actor::Staff, format!("/evaluations?ok={attack}")),
        (Actor::Staff, format!("/alerts?ok={attack}")),
        (Actor::Staff, format!("/work?month={attack}")),
        (Actor::Staff, format!("/work?month=2026-01&week={attack}")),
        (
            Actor::SysAdmin,
            format!("/units/{a}/forms?period={period}&show={attack}"),
        ),
        (
            Actor::SysAdmin,
            format!("/units/{a}/forms?period={period}&show=all&block={attack}&rank={attack}"),
        ),
        (
            Actor::SysAdmin,
            format!("/units/{a}/statistics?period={attack}"),
        ),
        (
            Actor::SysAdmin,
            format!("/units/{a}/trends?from={attack}&to={attack}"),
        ),
        (
            Actor::SysAdmin,
            format!("/criteria/{SHIPPED_SET}?v={attack}"),
        ),
        (Actor::AdminA, format!("/units/new?parent={attack}")),
        (Actor::Anonymous, format!("/login?expired={attack}")),
        (Actor::Anonymous, format!("/reset/{attack}")),
        (Actor::Staff, format!("/{attack}")),
    ] {
        let r = w.send(actor, Method::GET, &path, None).await;
        assert!(
            r.status.is_success() || r.status.is_client_error() || r.status.is_redirection(),
            "{path}: {}",
            r.status
        );
        if r.body.trim_start().starts_with('{') {
            continue;
        }
        assert_safe(&format!("{actor:?} GET {path}"), &r.body);
    }

    // An alert about a unit behind schedule carries the unit's name.
    let detail = payload("alert", 200);
    let head = w
        .store
        .account_of_person(&w.ids.head_person)
        .await
        .unwrap()
        .id;
    w.store
        .add_alerts(
            &[danhgia_store::NewAlert {
                id: "unit_behind-xss".into(),
                account_id: head,
                kind: danhgia_domain::alerts::Kind::UnitBehind,
                period_id: Some(w.ids.period.clone()),
                evaluation_id: None,
                unit_id: Some(w.ids.a.clone()),
                detail: detail.clone(),
                link: format!("/units/{}/evaluations?period={}", w.ids.a, w.ids.period),
            }],
            danhgia_store::now(),
        )
        .await
        .unwrap();
    verify(
        &w,
        &[field(
            "alert detail",
            &detail,
            &[(Actor::Evaluator, "/alerts")],
            &[(Actor::Evaluator, "/api/v1/alerts")],
        )],
    )
    .await;
}
