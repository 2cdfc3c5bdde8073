//! The access matrix (issue 2 §10): every route × {anonymous, staff, evaluator, unit admin of
//! this subtree, unit admin of a sibling subtree, system admin}, with the exact status each
//! gets. The route list comes from the router's own table, so a route added without a row
//! here fails `every_route_is_in_the_matrix`.

mod common;

use axum::http::{Method, StatusCode};
use common::{ACTORS, Actor, COPY_KEY, Ids, MULTIPART, SHIPPED_SET, World, form};

const OK: u16 = 200;
const CREATED: u16 = 201;
const SEE: u16 = 303;
const UNAUTH: u16 = 401;
const FORBID: u16 = 403;
const NOTF: u16 = 404;
const INVALID: u16 = 422;
const BAD: u16 = 400;

/// One route: how to call it, whether it changes data (then each actor gets a fresh world),
/// and the expected status per actor in the order of `ACTORS`.
struct Case {
    method: Method,
    pattern: &'static str,
    path: fn(&Ids) -> String,
    body: fn(&Ids) -> Option<String>,
    mutates: bool,
    expect: [u16; 6],
}

fn today_iso() -> String {
    let d = danhgia_store::today();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn none(_: &Ids) -> Option<String> {
    None
}

macro_rules! case {
    ($m:ident $pattern:literal, $path:expr, $body:expr, $mutates:expr, [$an:expr, $st:expr, $ev:expr, $aa:expr, $ab:expr, $sy:expr]) => {
        Case {
            method: Method::$m,
            pattern: $pattern,
            path: $path,
            body: $body,
            mutates: $mutates,
            expect: [$an, $st, $ev, $aa, $ab, $sy],
        }
    };
}

fn staff_body(_: &Ids) -> Option<String> {
    Some(form(&[
        ("full_name", "Phạm Thị Dung"),
        ("position_title", "Công chức"),
        ("rank", "member"),
        ("employment", "cong_chuc"),
    ]))
}

fn unit_body(_: &Ids) -> Option<String> {
    Some(form(&[
        ("code", "HM-A-NEW"),
        ("name", "Xã An Phú mới"),
        ("kind", "commune"),
        ("level", "commune"),
        ("block", "government"),
    ]))
}

/// A valid set file for the full-text editor (its key and preset are replaced by the set's).
const SOURCE: &str = r#"key = "hn-15-ban-sao"
title = "Phiếu thử"
preset = "hanoi-2021"

[[section]]
code = "I"
title = "Kết quả thực hiện nhiệm vụ"
max = 100

[[section.criterion]]
code = "1"
title = "Hoàn thành nhiệm vụ được giao"
max = 100
"#;

/// A complete, valid trial scoring of hn-15 (10 + 10 + 65 = 85).
fn scores_body(_: &Ids) -> Option<String> {
    Some(form(&[
        ("score_I.1", "10"),
        ("score_I.2", "10"),
        ("score_II.1", "65"),
    ]))
}

/// The world of the matrix: the test world plus an editable copy of a shipped set
/// ([`COPY_KEY`]), so the set editor's routes have something the system admin may edit.
async fn matrix_world() -> World {
    // Every actor asks for the same name's reset link in one minute: the rate limits (tested in
    // sessions.rs) are widened so that the matrix sees the routes' own answers.
    let w = World::with_config(danhgia_web::Config {
        limits: danhgia_web::throttle::Limits {
            login_per_ip: 100_000,
            login_per_name: 100_000,
            reset_per_ip: 100_000,
            reset_per_name: 100_000,
        },
        ..danhgia_web::Config::default()
    })
    .await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    w
}

fn cases() -> Vec<Case> {
    vec![
        //                                                            anon  staff  eval  adminA adminB sys
        case!(GET "/", |_| "/".into(), none, false, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(GET "/login", |_| "/login".into(), none, false, [OK, OK, OK, OK, OK, OK]),
        // no pre-session CSRF cookie: refused whoever sends it
        case!(POST "/login", |_| "/login".into(), |_| Some(form(&[("username", "quantri_huyenmau"), ("password", "Demo@2026"), ("csrf", "x")])), false, [UNAUTH, UNAUTH, UNAUTH, UNAUTH, UNAUTH, UNAUTH]),
        case!(POST "/logout", |_| "/logout".into(), none, true, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(GET "/login/code", |_| "/login/code".into(), none, false, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(POST "/login/code", |_| "/login/code".into(), |_| Some(form(&[("code", "123456")])), false, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(GET "/account/2fa", |_| "/account/2fa".into(), none, true, [SEE, NOTF, NOTF, OK, OK, OK]),
        case!(POST "/account/2fa", |_| "/account/2fa".into(), |_| Some(form(&[("code", "123456")])), true, [SEE, NOTF, NOTF, SEE, SEE, SEE]),
        case!(POST "/account/2fa/disable", |_| "/account/2fa/disable".into(), |_| Some(form(&[("code", "123456")])), true, [SEE, NOTF, NOTF, SEE, SEE, SEE]),
        case!(GET "/audit", |_| "/audit".into(), none, false, [SEE, NOTF, NOTF, OK, OK, OK]),
        case!(POST "/audit/verify", |_| "/audit/verify".into(), none, false, [SEE, NOTF, NOTF, FORBID, FORBID, OK]),
        case!(POST "/logout/all", |_| "/logout/all".into(), none, true, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(GET "/forgot", |_| "/forgot".into(), none, false, [OK, OK, OK, OK, OK, OK]),
        // the same answer whether or not the account exists
        case!(POST "/forgot", |_| "/forgot".into(), |_| Some(form(&[("name", "khongtontai_huyenmau")])), false, [OK, OK, OK, OK, OK, OK]),
        case!(GET "/reset/{token}", |_| "/reset/khong-hop-le".into(), none, false, [409, 409, 409, 409, 409, 409]),
        case!(POST "/reset/{token}", |_| "/reset/khong-hop-le".into(), |_| Some(form(&[("new", "hoa sen nở giữa hồ"), ("confirm", "hoa sen nở giữa hồ")])), false, [409, 409, 409, 409, 409, 409]),
        case!(GET "/password", |_| "/password".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        // wrong current password: the form again
        case!(POST "/password", |_| "/password".into(), |_| Some(form(&[("current", "nope"), ("new", "Moi@2026x"), ("confirm", "Moi@2026x")])), false, [SEE, INVALID, INVALID, INVALID, INVALID, INVALID]),
        case!(GET "/units", |_| "/units".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        case!(GET "/units/new", |i| format!("/units/new?parent={}", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units", |_| "/units".into(), |i| unit_body(i).map(|b| format!("{b}&parent_id={}", i.a)), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(GET "/units/{id}", |i| format!("/units/{}", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/edit", |i| format!("/units/{}/edit", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/edit", |i| format!("/units/{}/edit", i.a), unit_body, true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        // A1 lies below A: the staff member (who sees A only) does not see it at all
        case!(POST "/units/{id}/move", |i| format!("/units/{}/move", i.a1), |i| Some(form(&[("parent_id", &i.a2)])), true, [SEE, NOTF, FORBID, SEE, NOTF, SEE]),
        case!(POST "/units/{id}/dissolve", |i| format!("/units/{}/dissolve", i.a2), none, true, [SEE, NOTF, FORBID, SEE, NOTF, SEE]),
        case!(POST "/units/{id}/cohorts", |i| format!("/units/{}/cohorts", i.a), |_| Some(form(&[("name", "Lao động hợp đồng")])), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(POST "/units/{id}/cohorts/{cohort}/delete", |i| format!("/units/{}/cohorts/{}/delete", i.a, i.cohort), none, true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(GET "/units/{id}/staff/new", |i| format!("/units/{}/staff/new", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/staff", |i| format!("/units/{}/staff", i.a), staff_body, true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        // the staff member's own record: they may read it, not change it
        case!(GET "/units/{id}/import", |i| format!("/units/{}/import", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/import", |i| format!("/units/{}/import", i.a), |_| Some(common::MULTIPART.into()), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        // an upload is its uploader's only (commune A's admin); its template row has problems
        case!(GET "/units/{id}/import/{upload}", |i| format!("/units/{}/import/{}", i.a, i.upload), none, false, [SEE, FORBID, FORBID, INVALID, NOTF, NOTF]),
        case!(GET "/units/{id}/import/{upload}/errors.xlsx", |i| format!("/units/{}/import/{}/errors.xlsx", i.a, i.upload), none, false, [SEE, FORBID, FORBID, OK, NOTF, NOTF]),
        case!(POST "/units/{id}/import/{upload}/confirm", |i| format!("/units/{}/import/{}/confirm", i.a, i.upload), none, true, [SEE, FORBID, FORBID, SEE, NOTF, NOTF]),
        // nothing was confirmed: no password sheet to hand out, to anyone
        case!(GET "/units/{id}/import/{upload}/accounts.xlsx", |i| format!("/units/{}/import/{}/accounts.xlsx", i.a, i.upload), none, false, [SEE, FORBID, FORBID, NOTF, NOTF, NOTF]),
        case!(GET "/units/{id}/staff.xlsx", |i| format!("/units/{}/staff.xlsx", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/import/template.xlsx", |_| "/import/template.xlsx".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        // criteria sets: everyone logged in reads them; copying and editing is the system admin's
        case!(GET "/criteria", |_| "/criteria".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        case!(GET "/criteria/{key}", |_| format!("/criteria/{SHIPPED_SET}"), none, false, [SEE, OK, OK, OK, OK, OK]),
        case!(GET "/criteria/{key}", |_| format!("/criteria/{COPY_KEY}?v=1"), none, false, [SEE, OK, OK, OK, OK, OK]),
        case!(GET "/criteria/{key}", |_| "/criteria/khong-co".into(), none, false, [SEE, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(POST "/criteria/{key}/copy", |_| format!("/criteria/{SHIPPED_SET}/copy"), |_| Some(form(&[("key", "hn-15-moi"), ("title", "Phiếu của huyện")])), true, [SEE, FORBID, FORBID, FORBID, FORBID, SEE]),
        case!(GET "/criteria/{key}/edit", |_| format!("/criteria/{COPY_KEY}/edit"), none, false, [SEE, FORBID, FORBID, FORBID, FORBID, OK]),
        // a shipped set is never edited in place, not even by the system admin (copy it)
        case!(GET "/criteria/{key}/edit", |_| format!("/criteria/{SHIPPED_SET}/edit"), none, false, [SEE, FORBID, FORBID, FORBID, FORBID, FORBID]),
        case!(POST "/criteria/{key}/edit", |_| format!("/criteria/{COPY_KEY}/edit"), |_| Some(form(&[("version", "1"), ("note", "sửa tên"), ("title", "Phiếu của huyện")])), true, [SEE, FORBID, FORBID, FORBID, FORBID, SEE]),
        case!(POST "/criteria/{key}/edit", |_| format!("/criteria/{SHIPPED_SET}/edit"), |_| Some(form(&[("version", "1"), ("title", "Phiếu của huyện")])), false, [SEE, FORBID, FORBID, FORBID, FORBID, FORBID]),
        case!(POST "/criteria/{key}/source", |_| format!("/criteria/{COPY_KEY}/source"), |_| Some(form(&[("version", "1"), ("note", "toàn văn"), ("body", SOURCE)])), true, [SEE, FORBID, FORBID, FORBID, FORBID, SEE]),
        // which set each position gets: AssignCriteria on the unit (unit and system admins)
        case!(GET "/units/{id}/criteria", |i| format!("/units/{}/criteria", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/criteria", |i| format!("/units/{}/criteria", i.a), |_| Some(form(&[("title", "Công chức"), ("set", "hn-13-lanh-dao-xa-phuong")])), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        // the form a person gets, and a trial scoring (nothing stored): whoever sees the record
        case!(GET "/staff/{id}/criteria", |i| format!("/staff/{}/criteria", i.staff_person), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(POST "/staff/{id}/criteria", |i| format!("/staff/{}/criteria", i.staff_person), scores_body, false, [SEE, OK, OK, OK, NOTF, OK]),
        // a colleague's form: the staff member does not see it at all
        case!(GET "/staff/{id}/criteria", |i| format!("/staff/{}/criteria", i.head_person), none, false, [SEE, NOTF, OK, OK, NOTF, OK]),
        // the preset per tenant: the system admin's; the tenant (the district root) lies outside
        // everyone else's scope, so posting about it is the same 404 as an unknown unit
        case!(GET "/settings/rules", |_| "/settings/rules".into(), none, false, [SEE, FORBID, FORBID, FORBID, FORBID, OK]),
        case!(POST "/settings/rules", |_| "/settings/rules".into(), |i| Some(form(&[("unit", &i.district), ("block", ""), ("preset", "quang-tri-2019")])), true, [SEE, NOTF, NOTF, NOTF, NOTF, SEE]),
        // a unit that is not a tenant: visible to A's people and admin, yet only the system
        // admin may choose rules, and only on a root unit
        case!(POST "/settings/rules", |_| "/settings/rules".into(), |i| Some(form(&[("unit", &i.a), ("block", ""), ("preset", "quang-tri-2019")])), false, [SEE, FORBID, FORBID, FORBID, NOTF, BAD]),
        // the monthly evaluation: everyone has the hub; a form is seen by those who play a part
        // on it and by those who follow its unit; nobody else learns it exists
        case!(GET "/evaluations", |_| "/evaluations".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        case!(GET "/evaluations/queue", |_| "/evaluations/queue".into(), none, false, [SEE, OK, OK, FORBID, FORBID, FORBID]),
        case!(GET "/evaluations/{id}", |i| format!("/evaluations/{}", i.staff_form), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(GET "/evaluations/{id}", |i| format!("/evaluations/{}", i.b_form), none, false, [SEE, NOTF, NOTF, NOTF, OK, OK]),
        // the printed form: whoever may open the form (tests/reports.rs)
        case!(GET "/evaluations/{id}/print.pdf", |i| format!("/evaluations/{}/print.pdf", i.staff_form), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(GET "/evaluations/{id}/print.pdf", |i| format!("/evaluations/{}/print.pdf", i.b_form), none, false, [SEE, NOTF, NOTF, NOTF, OK, OK]),
        // only the owner saves their draft; following a unit gives no right to write on a form
        case!(POST "/evaluations/{id}", |i| format!("/evaluations/{}", i.staff_form), |_| Some(form(&[("action", "save"), ("version", "1"), ("self_score_I.1", "10")])), true, [SEE, SEE, FORBID, FORBID, NOTF, FORBID]),
        // a draft cannot be decided while self-assessment is open
        case!(POST "/evaluations/{id}", |i| format!("/evaluations/{}", i.staff_form), |_| Some(form(&[("action", "accept"), ("version", "1")])), false, [SEE, FORBID, INVALID, FORBID, NOTF, FORBID]),
        // an extension is asked by the owner (one is already open: 409) and answered by the
        // evaluator; an amendment is the head's, of a published form only (this one is a draft)
        case!(POST "/evaluations/{id}/requests", |i| format!("/evaluations/{}/requests", i.staff_form), |_| Some(form(&[("kind", "extension"), ("reason", "Nghỉ phép"), ("wanted", "31/12/2099")])), false, [SEE, 409, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/evaluations/{id}/requests/{request}", |i| format!("/evaluations/{}/requests/{}", i.staff_form, i.request), |_| Some(form(&[("answer", "granted"), ("until", "31/12/2099")])), true, [SEE, FORBID, SEE, FORBID, NOTF, FORBID]),
        case!(POST "/evaluations/{id}/amend", |i| format!("/evaluations/{}/amend", i.staff_form), |_| Some(form(&[("grade", "B"), ("reason", "Theo kết luận")])), false, [SEE, FORBID, INVALID, FORBID, NOTF, FORBID]),
        // files: the owner attaches to their draft; whoever sees the form reads them
        case!(POST "/evaluations/{id}/attachments", |i| format!("/evaluations/{}/attachments", i.staff_form), |_| Some(common::MULTIPART.into()), true, [SEE, SEE, FORBID, FORBID, NOTF, FORBID]),
        case!(GET "/evaluations/{id}/attachments/{file}", |i| format!("/evaluations/{}/attachments/{}", i.staff_form, i.attachment), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(POST "/evaluations/{id}/attachments/{file}/delete", |i| format!("/evaluations/{}/attachments/{}/delete", i.staff_form, i.attachment), none, true, [SEE, SEE, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/evaluations/queue/accept", |_| "/evaluations/queue/accept".into(), |i| Some(form(&[("period", &i.period), ("form", &i.staff_form)])), false, [SEE, FORBID, INVALID, FORBID, NOTF, FORBID]),
        case!(GET "/units/{id}/evaluations", |i| format!("/units/{}/evaluations", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        // publication is the aggregator's (the head aggregates Thôn Một only)
        case!(POST "/units/{id}/evaluations/publish", |i| format!("/units/{}/evaluations/publish", i.a), |i| Some(form(&[("period", &i.period)])), true, [SEE, FORBID, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/units/{id}/evaluations/publish", |i| format!("/units/{}/evaluations/publish", i.a1), |i| Some(form(&[("period", &i.period)])), true, [SEE, NOTF, SEE, FORBID, NOTF, FORBID]),
        // the admin's note on an annual form (issue 10 §6): this form is a month's, so 409
        case!(POST "/evaluations/{id}/annual-note", |i| format!("/evaluations/{}/annual-note", i.staff_form), |_| Some(form(&[("kind", "")])), true, [SEE, FORBID, FORBID, 409, NOTF, 409]),
        // 360° review (issue 10): this world evaluates by the leader's decision, so the round's
        // writes are refused with 409 to those in scope (tests/peer.rs runs a 360° world).
        case!(GET "/peer", |_| "/peer".into(), none, false, [SEE, OK, OK, FORBID, FORBID, FORBID]),
        case!(GET "/peer/ratings/{id}", |_| "/peer/ratings/khong-co".into(), none, false, [SEE, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(POST "/peer/ratings/{id}", |_| "/peer/ratings/khong-co".into(), |_| Some(form(&[("version", "1"), ("comment", "x")])), true, [SEE, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(GET "/units/{id}/peer", |i| format!("/units/{}/peer", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(POST "/units/{id}/peer/compile", |i| format!("/units/{}/peer/compile", i.a), |i| Some(form(&[("period", &i.period)])), true, [SEE, FORBID, 409, 409, NOTF, 409]),
        case!(POST "/units/{id}/peer/round", |i| format!("/units/{}/peer/round", i.a), |i| Some(form(&[("period", &i.period)])), true, [SEE, FORBID, FORBID, 409, NOTF, 409]),
        case!(POST "/units/{id}/peer/raters", |i| format!("/units/{}/peer/raters", i.a), |i| Some(form(&[("period", &i.period), ("evaluation", &i.staff_form), ("rater", &i.head_person)])), true, [SEE, FORBID, FORBID, 409, NOTF, 409]),
        case!(POST "/units/{id}/peer/raters/{rating}/remove", |i| format!("/units/{}/peer/raters/khong-co/remove", i.a), |i| Some(form(&[("period", &i.period)])), true, [SEE, FORBID, FORBID, 409, NOTF, 409]),
        case!(POST "/settings/peer", |_| "/settings/peer".into(), |i| Some(form(&[("unit", &i.district), ("method", "peer360"), ("gap", "12,5")])), true, [SEE, NOTF, NOTF, NOTF, NOTF, SEE]),
        case!(GET "/units/{id}/results", |i| format!("/units/{}/results", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/results", |i| format!("/units/{}/results", i.b), none, false, [SEE, NOTF, NOTF, NOTF, OK, OK]),
        // statistics over a subtree: whoever follows the unit's evaluations
        case!(GET "/units/{id}/statistics", |i| format!("/units/{}/statistics", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/statistics", |i| format!("/units/{}/statistics", i.b), none, false, [SEE, NOTF, NOTF, NOTF, OK, OK]),
        // periods are the tenant's system admin's
        // the period's summary list of a subtree, as Excel: whoever follows the unit's evaluations
        case!(GET "/units/{id}/statistics.xlsx", |i| format!("/units/{}/statistics.xlsx", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        // commendation list: seen with the results, drafted by the aggregator (the head on A1),
        // approved by the head; no list exists yet in this world (tests/commendations.rs)
        case!(GET "/units/{id}/commendations", |i| format!("/units/{}/commendations", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(POST "/units/{id}/commendations", |i| format!("/units/{}/commendations", i.a), |i| Some(form(&[("period", &i.period), ("doc_number", "1/DS")])), true, [SEE, FORBID, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/units/{id}/commendations", |i| format!("/units/{}/commendations", i.a1), |i| Some(form(&[("period", &i.period), ("doc_number", "1/DS")])), true, [SEE, NOTF, SEE, FORBID, NOTF, FORBID]),
        case!(POST "/units/{id}/commendations/approve", |i| format!("/units/{}/commendations/approve", i.a), |i| Some(form(&[("period", &i.period)])), true, [SEE, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(GET "/units/{id}/commendations.xlsx", |i| format!("/units/{}/commendations.xlsx?period={}", i.a, i.period), none, false, [SEE, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(GET "/units/{id}/summary.xlsx", |i| format!("/units/{}/summary.xlsx", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        // the lists behind the statistics (tests/reports.rs)
        case!(GET "/units/{id}/forms", |i| format!("/units/{}/forms?period={}&show=draft", i.a, i.period), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/trends", |i| format!("/units/{}/trends?block=government", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/forms.xlsx", |i| format!("/units/{}/forms.xlsx?period={}&show=all", i.a, i.period), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/watch.xlsx", |i| format!("/units/{}/watch.xlsx?period={}", i.a, i.period), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/trends.xlsx", |i| format!("/units/{}/trends.xlsx", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/watch", |i| format!("/units/{}/watch?period={}", i.a, i.period), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/summary.pdf", |i| format!("/units/{}/summary.pdf", i.a), none, false, [SEE, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/commendations.pdf", |i| format!("/units/{}/commendations.pdf?period={}", i.a, i.period), none, false, [SEE, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(GET "/units/{id}/summary.xlsx", |i| format!("/units/{}/summary.xlsx?period={}", i.district, i.period), none, false, [SEE, NOTF, NOTF, NOTF, NOTF, OK]),
        // search: everyone logged in, results within their scope (tests/search.rs)
        case!(GET "/search", |_| "/search?q=nguyen".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        // alerts: everyone logged in, each their own (tests/alerts.rs)
        case!(GET "/alerts", |_| "/alerts".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        case!(POST "/alerts/read", |_| "/alerts/read".into(), none, true, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(POST "/alerts/email", |_| "/alerts/email".into(), |_| Some(form(&[("mute", "on")])), true, [SEE, SEE, SEE, SEE, SEE, SEE]),
        case!(GET "/api/v1/alerts", |_| "/api/v1/alerts".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(POST "/api/v1/alerts/read", |_| "/api/v1/alerts/read".into(), |_| Some(r#"{"all":true}"#.into()), true, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/search", |_| "/api/v1/search?q=nguyen".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        // work plans and logs (issue 7): own data for staff accounts; the direct leader reads,
        // approves, assigns and rates; followers of the unit read; accounts without a person
        // have no plan (403)
        case!(GET "/work", |_| "/work".into(), none, false, [SEE, OK, OK, FORBID, FORBID, FORBID]),
        case!(GET "/work/team", |_| "/work/team".into(), none, false, [SEE, OK, OK, FORBID, FORBID, FORBID]),
        case!(GET "/work/week.ics", |_| "/work/week.ics".into(), none, false, [SEE, OK, OK, FORBID, FORBID, FORBID]),
        case!(GET "/work/people/{id}", |i| format!("/work/people/{}", i.staff_person), none, false, [SEE, SEE, OK, OK, NOTF, OK]),
        case!(POST "/work/items", |_| "/work/items".into(), |_| Some(form(&[("kind", "month"), ("title", "Rà soát hồ sơ tồn"), ("weight", "2")])), true, [SEE, SEE, SEE, FORBID, FORBID, FORBID]),
        case!(POST "/work/items/{id}", |i| format!("/work/items/{}", i.work_item), |_| Some(form(&[("action", "outcome"), ("outcome", "done")])), true, [SEE, SEE, NOTF, NOTF, NOTF, NOTF]),
        // the head's own plan is empty: nothing to freeze
        case!(POST "/work/plan/freeze", |_| "/work/plan/freeze".into(), none, true, [SEE, SEE, 409, FORBID, FORBID, FORBID]),
        case!(POST "/work/copy-week", |_| "/work/copy-week".into(), none, true, [SEE, SEE, SEE, FORBID, FORBID, FORBID]),
        case!(POST "/work/logs", |_| "/work/logs".into(), |_| Some(form(&[("day", &today_iso()), ("what", "Họp giao ban")])), true, [SEE, SEE, SEE, FORBID, FORBID, FORBID]),
        case!(POST "/work/logs/{id}", |i| format!("/work/logs/{}", i.log_entry), |_| Some(form(&[("day", &today_iso()), ("what", "Họp giao ban tuần")])), true, [SEE, SEE, NOTF, FORBID, FORBID, FORBID]),
        // the head has nothing to submit
        case!(POST "/work/submit", |_| "/work/submit".into(), |_| Some(form(&[("from", &today_iso()), ("to", &today_iso())])), true, [SEE, SEE, 409, FORBID, FORBID, FORBID]),
        case!(POST "/work/reviews/{id}", |i| format!("/work/reviews/{}", i.review), |_| Some(form(&[("decision", "approve")])), true, [SEE, FORBID, SEE, FORBID, NOTF, FORBID]),
        case!(POST "/work/people/{id}/tasks", |i| format!("/work/people/{}/tasks", i.staff_person), |_| Some(form(&[("title", "Soạn báo cáo"), ("quantity", "1"), ("coefficient", "1,5"), ("due", &today_iso())])), true, [SEE, FORBID, SEE, FORBID, NOTF, FORBID]),
        // đ and e are for leaders only: the staff member has none
        case!(POST "/work/people/{id}/marks", |i| format!("/work/people/{}/marks", i.staff_person), |_| Some(form(&[("organising", "100"), ("unity", "50")])), true, [SEE, FORBID, 409, FORBID, NOTF, FORBID]),
        case!(POST "/work/tasks/{id}/report", |i| format!("/work/tasks/{}/report", i.task), |_| Some(form(&[("done", "2"), ("product_ref", "Tờ trình 15/TTr")])), true, [SEE, SEE, FORBID, FORBID, NOTF, FORBID]),
        // not reported yet: nothing to rate
        case!(POST "/work/tasks/{id}/rate", |i| format!("/work/tasks/{}/rate", i.task), |_| Some(form(&[("quality", "met")])), true, [SEE, FORBID, 409, FORBID, NOTF, FORBID]),
        case!(POST "/work/tasks/{id}/delete", |i| format!("/work/tasks/{}/delete", i.task), none, true, [SEE, FORBID, SEE, FORBID, NOTF, FORBID]),
        // the catalogue in force: whoever sees the unit; importing: whoever edits it (a file
        // that is not a spreadsheet is refused with 422, nothing saved)
        case!(GET "/units/{id}/catalogue", |i| format!("/units/{}/catalogue", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(GET "/units/{id}/catalogue.xlsx", |i| format!("/units/{}/catalogue.xlsx", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(POST "/units/{id}/catalogue", |i| format!("/units/{}/catalogue", i.a), |_| Some(MULTIPART.into()), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(GET "/units/{id}/plan", |i| format!("/units/{}/plan", i.a), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(POST "/units/{id}/plan/items", |i| format!("/units/{}/plan/items", i.a), |_| Some(form(&[("title", "Tổng kết 6 tháng")])), true, [SEE, FORBID, SEE, SEE, NOTF, SEE]),
        // no plan of the unit yet: nothing to publish
        case!(POST "/units/{id}/plan/publish", |i| format!("/units/{}/plan/publish", i.a), none, true, [SEE, FORBID, 409, 409, NOTF, 409]),
        case!(GET "/periods", |_| "/periods".into(), none, false, [SEE, FORBID, FORBID, FORBID, FORBID, OK]),
        case!(POST "/periods", |_| "/periods".into(), |i| Some(form(&[("tenant", &i.district), ("month", "01/2030")])), true, [SEE, NOTF, NOTF, NOTF, NOTF, SEE]),
        case!(POST "/periods/{id}", |i| format!("/periods/{}", i.period), |_| Some(form(&[("self_opens", "20/11/2026"), ("self_last", "24/11/2026"), ("decide_last", "27/11/2026"), ("publish_last", "04/12/2026")])), true, [SEE, NOTF, NOTF, NOTF, NOTF, SEE]),
        case!(POST "/periods/calendar/{id}", |i| format!("/periods/calendar/{}", i.district), |_| Some(form(&[("self_from", "18"), ("self_before", "23"), ("decide_before", "26"), ("publish_before_next", "5"), ("december_self_from", "8"), ("december_self_before", "12"), ("december_decide_before", "14"), ("december_before", "15"), ("appeal_days", "10")])), true, [SEE, NOTF, NOTF, NOTF, NOTF, SEE]),
        case!(GET "/staff/{id}", |i| format!("/staff/{}", i.staff_person), none, false, [SEE, OK, OK, OK, NOTF, OK]),
        case!(GET "/staff/{id}/edit", |i| format!("/staff/{}/edit", i.staff_person), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/staff/{id}/edit", |i| format!("/staff/{}/edit", i.staff_person), staff_body, true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(POST "/staff/{id}/roles", |i| format!("/staff/{}/roles", i.staff_person), |i| Some(form(&[("role", "aggregator"), ("unit_id", &i.a)])), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(POST "/staff/{id}/roles/{grant}/revoke", |i| format!("/staff/{}/roles/{}/revoke", i.head_person, i.grant), none, true, [SEE, NOTF, FORBID, SEE, NOTF, SEE]),
        case!(POST "/staff/{id}/password-reset", |i| format!("/staff/{}/password-reset", i.staff_person), none, true, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/staff/{id}/unlock", |i| format!("/staff/{}/unlock", i.staff_person), none, true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(POST "/staff/{id}/transfer", |i| format!("/staff/{}/transfer", i.staff_person), |i| Some(form(&[("transfer_unit", &i.a1), ("transfer_position", "Chuyên viên"), ("transfer_rank", "member")])), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        case!(POST "/staff/{id}/leave", |i| format!("/staff/{}/leave", i.staff_person), |_| Some(form(&[("leave_reason", "retired")])), true, [SEE, FORBID, FORBID, SEE, NOTF, SEE]),
        // a process for the personnel file (issue 11 §1): refused here for lack of a kind
        case!(POST "/staff/{id}/career", |i| format!("/staff/{}/career", i.staff_person), |_| Some(form(&[("career_kind", "")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        // a decision's scan (issue 11 §1): here of a process that is not in the file
        case!(POST "/staff/{id}/career/{process}/scan", |i| format!("/staff/{}/career/none/scan", i.staff_person), |_| Some(common::MULTIPART.into()), true, [SEE, FORBID, FORBID, NOTF, NOTF, NOTF]),
        case!(GET "/staff/{id}/career/{process}/scan", |i| format!("/staff/{}/career/none/scan", i.staff_person), none, false, [SEE, NOTF, FORBID, NOTF, NOTF, NOTF]),
        // the file's profile (issue 11 §1): refused here for a bad identification number
        case!(POST "/staff/{id}/profile", |i| format!("/staff/{}/profile", i.staff_person), |_| Some(form(&[("profile_id_number", "12")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        // organisation, staffing and the reports on the files (issue 11 §2, §7): the admins'
        case!(GET "/units/{id}/staffing", |i| format!("/units/{}/staffing", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/staffing/profile", |i| format!("/units/{}/staffing/profile", i.a), |_| Some(form(&[("email", "not-an-address")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(POST "/units/{id}/staffing/quota", |i| format!("/units/{}/staffing/quota", i.a), |_| Some(form(&[("quota", "x")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(GET "/units/{id}/staffing/completeness", |i| format!("/units/{}/staffing/completeness", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(GET "/units/{id}/staffing/completeness.xlsx", |i| format!("/units/{}/staffing/completeness.xlsx", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(GET "/units/{id}/staffing/report.xlsx", |i| format!("/units/{}/staffing/report.xlsx", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(GET "/units/{id}/staffing/report.pdf", |i| format!("/units/{}/staffing/report.pdf", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        // training (issue 11 §5): the admins of the unit or above; a course is seen from a unit under its announcer
        case!(GET "/units/{id}/training", |i| format!("/units/{}/training", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/training", |i| format!("/units/{}/training", i.a), |_| Some(form(&[("name", "")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(GET "/units/{id}/training/{course}", |i| format!("/units/{}/training/{}", i.a, i.course), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/training/{course}/enrolments", |i| format!("/units/{}/training/{}/enrolments", i.a, i.course), |i| Some(form(&[("person_id", &i.b_person), ("action", "enrol")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        // emulation and rewards (issue 11 §4): the unit's admins
        case!(GET "/units/{id}/emulation", |i| format!("/units/{}/emulation", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/emulation/pledges", |i| format!("/units/{}/emulation/pledges", i.a), |_| Some(form(&[("unit", "nonsense")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(POST "/units/{id}/emulation/awards", |i| format!("/units/{}/emulation/awards", i.a), |_| Some(form(&[("award", "")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(GET "/units/{id}/emulation/proposals.xlsx", |i| format!("/units/{}/emulation/proposals.xlsx", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        // moving a file out of the scope (issue 11 §6): asked by the unit's admins, refused here for an unknown unit code
        case!(POST "/staff/{id}/moves", |i| format!("/staff/{}/moves", i.staff_person), |_| Some(form(&[("move_unit_code", "NONE")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(GET "/moves", |_| "/moves".into(), none, false, [SEE, OK, OK, OK, OK, OK]),
        // decided only by the unit above both (a refusal without its reason is refused here, so nothing changes)
        case!(POST "/moves/{id}/decide", |i| format!("/moves/{}/decide", i.file_move), |_| Some(form(&[("decision", "refuse")])), true, [SEE, NOTF, NOTF, NOTF, FORBID, BAD]),
        // local government (issue 11 §3): the admins of a province, district or commune
        case!(GET "/units/{id}/local-government", |i| format!("/units/{}/local-government", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/local-government/offices", |i| format!("/units/{}/local-government/offices", i.a), |_| Some(form(&[("body", "")])), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(POST "/units/{id}/local-government/offices/{office}/end", |i| format!("/units/{}/local-government/offices/none/end", i.a), |_| Some(form(&[("ended_on", "")])), true, [SEE, FORBID, FORBID, BAD, NOTF, BAD]),
        case!(POST "/units/{id}/local-government/commune-staff", |i| format!("/units/{}/local-government/commune-staff", i.a), |i| Some(form(&[(format!("person_{}", i.b_person).as_str(), "part_time")])), true, [SEE, FORBID, FORBID, BAD, NOTF, BAD]),
        // files in and out of Excel (issue 11 §8): the unit's admins (the staff template, which has no file sheet, is refused here)
        case!(GET "/units/{id}/files/import", |i| format!("/units/{}/files/import", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        case!(POST "/units/{id}/files/import", |i| format!("/units/{}/files/import", i.a), |_| Some(common::MULTIPART.into()), true, [SEE, FORBID, FORBID, INVALID, NOTF, INVALID]),
        case!(GET "/units/{id}/files.xlsx", |i| format!("/units/{}/files.xlsx", i.a), none, false, [SEE, FORBID, FORBID, OK, NOTF, OK]),
        // The API's own description is public (tests/openapi.rs checks it).
        case!(GET "/api/openapi.json", |_| "/api/openapi.json".into(), none, false, [OK, OK, OK, OK, OK, OK]),
        case!(POST "/api/v1/login", |_| "/api/v1/login".into(), |_| Some(r#"{"username":"quantri_huyenmau","password":"wrong"}"#.into()), false, [UNAUTH, UNAUTH, UNAUTH, UNAUTH, UNAUTH, UNAUTH]),
        case!(POST "/api/v1/logout", |_| "/api/v1/logout".into(), none, true, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/audit", |_| "/api/v1/audit".into(), none, false, [UNAUTH, NOTF, NOTF, OK, OK, OK]),
        case!(POST "/api/v1/logout/all", |_| "/api/v1/logout/all".into(), none, true, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/me", |_| "/api/v1/me".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/units", |_| "/api/v1/units".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        // a person's file (issue 11): the person and their unit's admins
        case!(GET "/api/v1/staff/{id}/file", |i| format!("/api/v1/staff/{}/file", i.staff_person), none, false, [UNAUTH, OK, FORBID, OK, NOTF, OK]),
        case!(GET "/api/v1/units/{id}/staff", |i| format!("/api/v1/units/{}/staff", i.a), none, false, [UNAUTH, FORBID, OK, OK, NOTF, OK]),
        // The rules are public to every logged-in user (the forms everyone fills).
        case!(GET "/api/v1/criteria", |_| "/api/v1/criteria".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/criteria/{key}", |_| "/api/v1/criteria/hn-15-cong-chuc-quan-huyen-xa?version=1".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(POST "/api/v1/criteria/{key}/score", |_| "/api/v1/criteria/hn-15-cong-chuc-quan-huyen-xa/score".into(), |_| Some(r#"{"scores":{"I.1":10,"I.2":"9,5","II.1":70}}"#.into()), false, [UNAUTH, OK, OK, OK, OK, OK]),
        // the monthly evaluation in the API: the same scope and parts as the pages
        case!(GET "/api/v1/periods", |_| "/api/v1/periods".into(), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/periods/{id}/evaluations", |i| format!("/api/v1/periods/{}/evaluations?unit={}", i.period, i.a), none, false, [UNAUTH, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/api/v1/periods/{id}/evaluations", |i| format!("/api/v1/periods/{}/evaluations", i.period), none, false, [UNAUTH, OK, OK, OK, OK, OK]),
        case!(GET "/api/v1/evaluations/{id}", |i| format!("/api/v1/evaluations/{}", i.staff_form), none, false, [UNAUTH, OK, OK, OK, NOTF, OK]),
        case!(POST "/api/v1/evaluations/{id}", |i| format!("/api/v1/evaluations/{}", i.staff_form), |_| Some(r#"{"action":"save","version":1,"sheet":{"scores":{"I.1":{"points":10}}}}"#.into()), true, [UNAUTH, OK, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/api/v1/evaluations/{id}/requests", |i| format!("/api/v1/evaluations/{}/requests", i.staff_form), |_| Some(r#"{"kind":"appeal","reason":"Chưa thỏa đáng"}"#.into()), false, [UNAUTH, INVALID, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/api/v1/evaluations/{id}/requests/{request}", |i| format!("/api/v1/evaluations/{}/requests/{}", i.staff_form, i.request), |_| Some(r#"{"answer":"refused","note":"Không có căn cứ"}"#.into()), true, [UNAUTH, FORBID, OK, FORBID, NOTF, FORBID]),
        case!(POST "/api/v1/evaluations/{id}/amend", |i| format!("/api/v1/evaluations/{}/amend", i.staff_form), |_| Some(r#"{"grade":"B","reason":"Theo kết luận"}"#.into()), false, [UNAUTH, FORBID, INVALID, FORBID, NOTF, FORBID]),
        case!(POST "/api/v1/units/{id}/publish", |i| format!("/api/v1/units/{}/publish", i.a), |i| Some(format!(r#"{{"period":"{}"}}"#, i.period)), true, [UNAUTH, FORBID, FORBID, FORBID, NOTF, FORBID]),
        case!(POST "/api/v1/units/{id}/publish", |i| format!("/api/v1/units/{}/publish", i.a1), |i| Some(format!(r#"{{"period":"{}"}}"#, i.period)), true, [UNAUTH, NOTF, OK, FORBID, NOTF, FORBID]),
        // 360° review by the API (issue 10): a leader-method world, so 409 where in scope
        case!(GET "/api/v1/peer/ratings", |_| "/api/v1/peer/ratings".into(), none, false, [UNAUTH, OK, OK, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/peer/ratings/{id}", |_| "/api/v1/peer/ratings/khong-co".into(), |_| Some(r#"{"version":1,"sheet":{}}"#.into()), true, [UNAUTH, NOTF, NOTF, NOTF, NOTF, NOTF]),
        case!(GET "/api/v1/units/{id}/peer-minutes", |i| format!("/api/v1/units/{}/peer-minutes", i.a), none, false, [UNAUTH, 409, 409, 409, NOTF, 409]),
        case!(POST "/api/v1/units/{id}/peer-minutes", |i| format!("/api/v1/units/{}/peer-minutes", i.a), |i| Some(format!(r#"{{"period":"{}"}}"#, i.period)), true, [UNAUTH, FORBID, 409, 409, NOTF, 409]),
        case!(GET "/api/v1/units/{id}/statistics", |i| format!("/api/v1/units/{}/statistics", i.a), none, false, [UNAUTH, FORBID, OK, OK, NOTF, OK]),
        case!(GET "/api/v1/units/{id}/statistics", |i| format!("/api/v1/units/{}/statistics?period={}", i.b, i.period), none, false, [UNAUTH, NOTF, NOTF, NOTF, OK, OK]),
        // work plans, logs and KPI tasks in the API (issue 7 §8): the same parts as the pages;
        // "my" routes are 403 for accounts without a staff record
        case!(GET "/api/v1/work/plan", |_| "/api/v1/work/plan".into(), none, false, [UNAUTH, OK, OK, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/work/items", |_| "/api/v1/work/items".into(), |_| Some(r#"{"kind":"month","title":"Rà soát hồ sơ tồn","weight":2}"#.into()), true, [UNAUTH, CREATED, CREATED, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/work/items/{id}", |i| format!("/api/v1/work/items/{}", i.work_item), |_| Some(r#"{"action":"outcome","outcome":"done"}"#.into()), true, [UNAUTH, OK, NOTF, NOTF, NOTF, NOTF]),
        // the head's own plan is empty: nothing to freeze
        case!(POST "/api/v1/work/plan/freeze", |_| "/api/v1/work/plan/freeze".into(), |_| Some("{}".into()), true, [UNAUTH, OK, 409, FORBID, FORBID, FORBID]),
        case!(GET "/api/v1/work/log", |_| "/api/v1/work/log".into(), none, false, [UNAUTH, OK, OK, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/work/log", |_| "/api/v1/work/log".into(), |_| Some(format!(r#"{{"day":"{}","what":"Họp giao ban"}}"#, today_iso())), true, [UNAUTH, CREATED, CREATED, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/work/log/{id}", |i| format!("/api/v1/work/log/{}", i.log_entry), |_| Some(r#"{"action":"save","what":"Họp giao ban tuần"}"#.into()), true, [UNAUTH, OK, NOTF, FORBID, FORBID, FORBID]),
        // the head has nothing to submit
        case!(POST "/api/v1/work/log/submit", |_| "/api/v1/work/log/submit".into(), |_| Some(format!(r#"{{"from":"{0}","to":"{0}"}}"#, today_iso())), true, [UNAUTH, CREATED, 409, FORBID, FORBID, FORBID]),
        case!(GET "/api/v1/work/reviews", |_| "/api/v1/work/reviews".into(), none, false, [UNAUTH, OK, OK, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/work/reviews/{id}", |i| format!("/api/v1/work/reviews/{}", i.review), |_| Some(r#"{"decision":"approve"}"#.into()), true, [UNAUTH, FORBID, OK, FORBID, NOTF, FORBID]),
        case!(GET "/api/v1/work/people/{id}", |i| format!("/api/v1/work/people/{}", i.staff_person), none, false, [UNAUTH, OK, OK, OK, NOTF, OK]),
        // the head's work: not the staff member's to see
        case!(GET "/api/v1/work/people/{id}", |i| format!("/api/v1/work/people/{}", i.head_person), none, false, [UNAUTH, NOTF, OK, OK, NOTF, OK]),
        case!(GET "/api/v1/work/tasks", |_| "/api/v1/work/tasks".into(), none, false, [UNAUTH, OK, OK, FORBID, FORBID, FORBID]),
        case!(POST "/api/v1/work/people/{id}/tasks", |i| format!("/api/v1/work/people/{}/tasks", i.staff_person), |_| Some(format!(r#"{{"title":"Soạn báo cáo","quantity":1,"coefficient":"1,5","due":"{}"}}"#, today_iso())), true, [UNAUTH, FORBID, CREATED, FORBID, NOTF, FORBID]),
        case!(POST "/api/v1/work/tasks/{id}/report", |i| format!("/api/v1/work/tasks/{}/report", i.task), |_| Some(r#"{"done":2,"product_ref":"Tờ trình 15/TTr"}"#.into()), true, [UNAUTH, OK, FORBID, FORBID, NOTF, FORBID]),
        // not reported yet: nothing to rate
        case!(POST "/api/v1/work/tasks/{id}/rate", |i| format!("/api/v1/work/tasks/{}/rate", i.task), |_| Some(r#"{"quality":"met"}"#.into()), true, [UNAUTH, FORBID, 409, FORBID, NOTF, FORBID]),
        case!(GET "/api/v1/units/{id}/catalogue", |i| format!("/api/v1/units/{}/catalogue", i.a), none, false, [UNAUTH, OK, OK, OK, NOTF, OK]),
        case!(GET "/healthz", |_| "/healthz".into(), none, false, [OK, OK, OK, OK, OK, OK]),
        case!(GET "/metrics", |_| "/metrics".into(), none, false, [OK, OK, OK, OK, OK, OK]),
        case!(GET "/static/app.css", |_| "/static/app.css".into(), none, false, [OK, OK, OK, OK, OK, OK]),
        case!(GET "/static/app.js", |_| "/static/app.js".into(), none, false, [OK, OK, OK, OK, OK, OK]),
    ]
}

#[test]
fn every_route_is_in_the_matrix() {
    let table: Vec<(Method, &str)> = danhgia_web::routes::table()
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    let matrix: Vec<(Method, &str)> = cases().into_iter().map(|c| (c.method, c.pattern)).collect();
    for r in &table {
        assert!(
            matrix.contains(r),
            "route {} {} has no row in the access matrix",
            r.0,
            r.1
        );
    }
    for m in &matrix {
        assert!(
            table.contains(m),
            "matrix row {} {} is not a route",
            m.0,
            m.1
        );
    }
}

#[tokio::test]
async fn access_matrix() {
    let shared = matrix_world().await;
    let mut failures = Vec::new();
    for case in cases() {
        for (i, actor) in ACTORS.iter().enumerate() {
            let fresh;
            let world = if case.mutates {
                fresh = matrix_world().await;
                &fresh
            } else {
                &shared
            };
            let path = (case.path)(&world.ids);
            let body = (case.body)(&world.ids);
            let res = world
                .send(*actor, case.method.clone(), &path, body.as_deref())
                .await;
            let want = StatusCode::from_u16(case.expect[i]).unwrap_or(StatusCode::IM_A_TEAPOT);
            if res.status != want {
                failures.push(format!(
                    "{:?} {} {} ({:?}): got {}, want {}",
                    actor, case.method, case.pattern, path, res.status, want
                ));
            }
            // Anonymous page requests go to the login page; nothing else hints at the data.
            if *actor == Actor::Anonymous
                && res.status == StatusCode::SEE_OTHER
                && case.pattern != "/"
            {
                assert_eq!(
                    res.location.as_deref(),
                    Some("/login"),
                    "{} {}",
                    case.method,
                    case.pattern
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix mismatches:\n{}",
        failures.join("\n")
    );
}

/// Outside one's scope the answer is the same 404 as for an id that does not exist, whatever
/// the form of the id.
#[tokio::test]
async fn outside_scope_looks_like_nothing() {
    let w = World::new().await;
    let outside = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/units/{}", w.ids.a),
            None,
        )
        .await;
    let missing = w
        .send(
            Actor::AdminB,
            Method::GET,
            "/units/01234567-89ab-7cde-8f01-23456789abcd",
            None,
        )
        .await;
    let malformed = w
        .send(Actor::AdminB, Method::GET, "/units/%27%20OR%201=1--", None)
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(malformed.status, StatusCode::NOT_FOUND);
    assert_eq!(outside.body, missing.body);
    assert!(!outside.body.contains("Xã An Phú"));
    // a staff member sees their own record but not a colleague's
    let colleague = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/staff/{}", w.ids.head_person),
            None,
        )
        .await;
    assert_eq!(colleague.status, StatusCode::NOT_FOUND);
    let api = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/api/v1/units/{}/staff", w.ids.a),
            None,
        )
        .await;
    assert_eq!(api.json()["error"], "not_found");
}

/// What each actor's tree and API list hold: their subtree and nothing else.
#[tokio::test]
async fn trees_are_scoped() {
    let w = World::new().await;
    let names = |actor| {
        let w = &w;
        async move {
            let r = w.send(actor, Method::GET, "/api/v1/units", None).await;
            let mut v: Vec<String> = r.json()["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["code"].as_str().unwrap().to_owned())
                .collect();
            v.sort();
            v
        }
    };
    assert_eq!(names(Actor::AdminA).await, vec!["HM-A", "HM-A1", "HM-A2"]);
    assert_eq!(names(Actor::AdminB).await, vec!["HM-B"]);
    assert_eq!(names(Actor::Staff).await, vec!["HM-A"]);
    assert_eq!(names(Actor::SysAdmin).await.len(), 5);
    let page = w.send(Actor::AdminA, Method::GET, "/units", None).await;
    assert!(page.body.contains("Xã An Phú") && page.body.contains("Thôn Một"));
    assert!(!page.body.contains("Xã Bình Minh") && !page.body.contains("Huyện Mẫu</a>"));
}
