//! Criteria sets through the real router (issue 4): copy a shipped set and edit the copy (each
//! save a new version, old versions kept), bad input that stores nothing, the form a person
//! gets with a trial scoring, unit admins' position overrides, the Hanoi mapping over the whole
//! demo district, and the preset per tenant.

mod common;

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use common::{Actor, COPY_KEY, SHIPPED_SET, World, form};
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_store::{NewPerson, NewUnit, PersonUpdate};
use danhgia_web::i18n::{Lang, t};

/// A catalogue text as a page shows it (HTML-escaped the way askama does).
fn vi(key: &str) -> String {
    esc(t(Lang::Vi, key))
}

fn esc(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn unesc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').filter(|e| *e < 10);
        let entity = end.map(|e| &after[1..e]);
        let ch = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some(n) if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            Some(n) if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in a tag's text (`<input … name="x" value="y">`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(unesc(&tag[start..end]))
}

fn has_flag(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '>')
        .any(|w| w == name)
}

/// What a browser submits for the form whose opening tag contains `marker`: every named input
/// (checkboxes only when checked), textarea and select (its selected option, else the first).
fn form_fields(html: &str, marker: &str) -> Vec<(String, String)> {
    let start = html.find(marker).expect("form on the page");
    let start = html[..start].rfind("<form").unwrap();
    let end = html[start..].find("</form>").unwrap() + start;
    let body = &html[start..end];
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = body[i..].find('<') {
        let at = i + rel;
        let tag_end = body[at..].find('>').unwrap() + at;
        let tag = &body[at..=tag_end];
        i = tag_end + 1;
        if tag.starts_with("<input") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let kind = attr(tag, "type").unwrap_or_default();
            if kind == "checkbox" {
                if has_flag(tag, "checked") {
                    out.push((name, attr(tag, "value").unwrap_or_else(|| "on".into())));
                }
            } else {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            let close = body[i..].find("</textarea>").unwrap() + i;
            out.push((attr(tag, "name").unwrap(), unesc(&body[i..close])));
            i = close;
        } else if tag.starts_with("<select") {
            let close = body[i..].find("</select>").unwrap() + i;
            let options: Vec<&str> = body[i..close]
                .split("<option")
                .skip(1)
                .map(|o| &o[..o.find('>').unwrap()])
                .collect();
            let chosen = options
                .iter()
                .find(|o| has_flag(o, "selected"))
                .or(options.first())
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            out.push((attr(tag, "name").unwrap(), chosen));
            i = close;
        }
    }
    out
}

fn set_field(fields: &mut [(String, String)], name: &str, value: &str) {
    let f = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_owned();
}

fn encode(fields: &[(String, String)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

/// The text inside the element with `data-testid="id"` (up to its closing tag `close`).
fn testid<'a>(html: &'a str, id: &str, close: &str) -> &'a str {
    let marker = format!("data-testid=\"{id}\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} on the page"));
    let start = html[start..].find('>').unwrap() + start + 1;
    let end = html[start..].find(close).unwrap() + start;
    &html[start..end]
}

/// The set a person's page shows (`/criteria/<key>` in the "Bộ tiêu chí" line).
async fn person_set(w: &World, actor: Actor, person: &str) -> (String, String) {
    let r = w
        .send(
            actor,
            Method::GET,
            &format!("/staff/{person}/criteria"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let set = testid(&r.body, "person-set", "</dd>");
    let key = set
        .split("href=\"/criteria/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    (key, r.body)
}

async fn current_version(w: &World, key: &str) -> i64 {
    w.store.criteria_set(key).await.unwrap().current_version
}

// ---- copy and edit ---------------------------------------------------------------------------

/// Done-when of issue 4: an admin copies a shipped set, changes one criterion's title, saves;
/// the set shows the new title at version 2 and version 1 still shows the old one.
#[tokio::test]
async fn a_copied_set_is_edited_into_a_new_version_and_the_old_one_stays() {
    let w = World::new().await;
    let old_title = "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ";
    let new_title = "Phẩm chất chính trị và văn hóa công vụ của Huyện Mẫu";
    let key = "hn-15-huyen-mau";

    let copied = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{SHIPPED_SET}/copy"),
            Some(&form(&[("key", key), ("title", "Phiếu của Huyện Mẫu")])),
        )
        .await;
    assert_eq!(copied.status, StatusCode::SEE_OTHER, "{}", copied.body);
    assert_eq!(
        copied.location.as_deref(),
        Some(format!("/criteria/{key}/edit?ok=criteria.copied").as_str())
    );
    let row = w.store.criteria_set(key).await.unwrap();
    assert!(!row.shipped);
    assert_eq!(row.copied_from.as_deref(), Some(SHIPPED_SET));
    assert_eq!(row.current_version, 1);
    assert_eq!(row.preset, "hanoi-2021");

    // The editor as a browser gets it; submitted back with one title changed.
    let page = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/criteria/{key}/edit?ok=criteria.copied"),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&vi("criteria.copied")));
    let mut fields = form_fields(&page.body, "id=\"edit-form\"");
    let typed: HashMap<_, _> = fields.iter().cloned().collect();
    assert_eq!(typed["version"], "1");
    assert_eq!(typed["title"], "Phiếu của Huyện Mẫu");
    assert_eq!(typed["c0_0_title"], old_title);
    assert_eq!(typed["c0_0_max"], "10");
    assert_eq!(typed["c2_0_max"], "2,5");
    set_field(&mut fields, "c0_0_title", new_title);
    set_field(&mut fields, "note", "Đổi tên tiêu chí I.1");
    let saved = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{key}/edit"),
            Some(&encode(&fields)),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("/criteria/{key}?ok=criteria.saved").as_str())
    );

    let now = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/criteria/{key}"),
            None,
        )
        .await;
    assert_eq!(now.status, StatusCode::OK);
    assert_eq!(testid(&now.body, "version", "<"), "2");
    assert!(now.body.contains(new_title));
    assert!(!now.body.contains(old_title));
    assert!(
        now.body.contains("Đổi tên tiêu chí I.1"),
        "the note is listed"
    );
    // Everyone logged in reads sets, old versions too.
    let v1 = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/criteria/{key}?v=1"),
            None,
        )
        .await;
    assert_eq!(v1.status, StatusCode::OK);
    assert_eq!(testid(&v1.body, "version", "<"), "1");
    assert!(v1.body.contains(old_title));
    assert!(!v1.body.contains(new_title));
    assert!(v1.body.contains(&vi("criteria.old_version")));

    // The browser round trip changed that title and nothing else.
    let row = w.store.criteria_set(key).await.unwrap();
    let before = w
        .store
        .set_version(&row, Some(1))
        .await
        .unwrap()
        .set()
        .unwrap();
    let after = w
        .store
        .set_version(&row, Some(2))
        .await
        .unwrap()
        .set()
        .unwrap();
    let mut expected = before.clone();
    expected.sections[0].criteria[0].title = new_title.to_owned();
    assert_eq!(after, expected);
    // The shipped set is untouched, and the list shows the copy as the admin's own.
    let shipped = w.store.criteria_set(SHIPPED_SET).await.unwrap();
    assert_eq!(shipped.current_version, 1);
    let list = w.send(Actor::Staff, Method::GET, "/criteria", None).await;
    assert!(list.body.contains(&format!("href=\"/criteria/{key}\"")));
    assert!(list.body.contains(&vi("criteria.local")));
    // Saving the same text again makes no new version.
    let again = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{key}/edit"),
            Some(&form(&[("version", "2"), ("c0_0_title", new_title)])),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(current_version(&w, key).await, 2);
}

#[tokio::test]
async fn a_criterion_max_that_breaks_the_section_sum_is_refused_next_to_the_section() {
    let w = World::new().await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/edit"),
            Some(&form(&[("version", "1"), ("c0_0_max", "15")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!(
            "id=\"s0_max-error\">{} (I: 15 + 10 = 25 ≠ 20)</p>",
            vi("criteria.err.sum")
        )),
        "{}",
        r.body
    );
    assert!(r.body.contains(&vi("form.has_errors")));
    // what was typed is kept
    assert!(
        r.body
            .contains("name=\"c0_0_max\" inputmode=\"decimal\" value=\"15\"")
    );
    assert_eq!(current_version(&w, COPY_KEY).await, 1);
    let v2 = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/criteria/{COPY_KEY}?v=2"),
            None,
        )
        .await;
    assert_eq!(v2.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_max_that_is_not_a_number_is_refused_next_to_its_field() {
    let w = World::new().await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/edit"),
            Some(&form(&[
                ("version", "1"),
                ("c0_0_max", "abc"),
                ("s1_max", "-5"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let number = vi("criteria.err.number");
    assert!(
        r.body
            .contains(&format!("id=\"c0_0_max-error\">{number} (abc)</p>")),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains(&format!("id=\"s1_max-error\">{number} (-5)</p>"))
    );
    assert!(r.body.contains("value=\"abc\""));
    assert_eq!(current_version(&w, COPY_KEY).await, 1);
}

#[tokio::test]
async fn a_save_over_a_newer_version_is_a_conflict_that_keeps_the_typed_text() {
    let w = World::new().await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    let first = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/edit"),
            Some(&form(&[("version", "1"), ("title", "Phiếu sửa lần một")])),
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(current_version(&w, COPY_KEY).await, 2);
    // a second editor who opened version 1
    let stale = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/edit"),
            Some(&form(&[
                ("version", "1"),
                ("title", "Phiếu sửa lần hai"),
                ("c1_0_title", "Kết quả công việc (bản nháp)"),
            ])),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains(&vi("criteria.err.changed")));
    assert!(stale.body.contains("value=\"Phiếu sửa lần hai\""));
    assert!(
        stale
            .body
            .contains("value=\"Kết quả công việc (bản nháp)\"")
    );
    assert_eq!(current_version(&w, COPY_KEY).await, 2);
    let now = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/criteria/{COPY_KEY}"),
            None,
        )
        .await;
    assert!(now.body.contains("Phiếu sửa lần một"));
    assert!(!now.body.contains("Phiếu sửa lần hai"));
    // the full-text editor checks the version the same way
    let source = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/source"),
            Some(&form(&[
                ("version", "1"),
                ("note", ""),
                ("body", GOOD_SOURCE),
            ])),
        )
        .await;
    assert_eq!(source.status, StatusCode::CONFLICT);
    assert!(source.body.contains(&vi("criteria.err.changed")));
    assert_eq!(current_version(&w, COPY_KEY).await, 2);
}

/// A set whose criteria (10 + 5, line 18) do not make their section's 20 (line 8).
const BAD_SOURCE: &str = r#"key = "hn-15-ban-sao"
title = "Phiếu thử"
preset = "hanoi-2021"

[[section]]
code = "I"
title = "Phẩm chất"
max = 20

[[section.criterion]]
code = "1"
title = "Tiêu chí một"
max = 10

[[section.criterion]]
code = "2"
title = "Tiêu chí hai"
max = 5

[[section]]
code = "II"
title = "Kết quả"
max = 80

[[section.criterion]]
code = "1"
title = "Kết quả thực hiện nhiệm vụ"
max = 80
"#;

/// A valid set of two sections (20 + 80) that removes the bonus and deduction sections.
const GOOD_SOURCE: &str = r#"key = "khac-ma"
title = "Phiếu rút gọn"
preset = "quang-tri-2019"

[[section]]
code = "I"
title = "Phẩm chất"
max = 20

[[section.criterion]]
code = "1"
title = "Tiêu chí một"
max = 10

[[section.criterion]]
code = "2"
title = "Tiêu chí hai"
max = 10

[[section]]
code = "II"
title = "Kết quả"
max = 80

[[section.criterion]]
code = "1"
title = "Kết quả thực hiện nhiệm vụ"
max = 80
"#;

#[tokio::test]
async fn the_full_text_editor_lists_each_problem_with_its_line_and_stores_nothing() {
    let w = World::new().await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/source"),
            Some(&form(&[
                ("version", "1"),
                ("note", "rút gọn"),
                ("body", BAD_SOURCE),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!(
            "<li>{} 8: {} (I: 10 + 5 = 15 ≠ 20)</li>",
            vi("criteria.line"),
            vi("criteria.err.sum")
        )),
        "{}",
        r.body
    );
    assert!(r.body.contains("Tiêu chí hai"), "the typed text is kept");
    assert!(
        r.body
            .contains("<details class=\"card\" id=\"source\" open>")
    );
    assert_eq!(current_version(&w, COPY_KEY).await, 1);

    // TOML that does not parse: a line too
    let broken = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/source"),
            Some(&form(&[
                ("version", "1"),
                ("note", ""),
                ("body", "key = \"x\"\ntitle = \n"),
            ])),
        )
        .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        broken.body.contains(&format!(
            "{} 2: {}",
            vi("criteria.line"),
            vi("criteria.err.syntax")
        )),
        "{}",
        broken.body
    );
    assert_eq!(current_version(&w, COPY_KEY).await, 1);

    // A valid text adds or removes sections; the key and preset stay the set's own.
    let ok = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/source"),
            Some(&form(&[
                ("version", "1"),
                ("note", "rút gọn"),
                ("body", GOOD_SOURCE),
            ])),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let row = w.store.criteria_set(COPY_KEY).await.unwrap();
    assert_eq!(row.current_version, 2);
    assert_eq!(row.preset, "hanoi-2021");
    assert_eq!(row.title, "Phiếu rút gọn");
    let set = w
        .store
        .set_version(&row, None)
        .await
        .unwrap()
        .set()
        .unwrap();
    assert_eq!(set.key, COPY_KEY);
    assert_eq!(set.sections.len(), 2);
    assert!(w.store.criteria_set("khac-ma").await.is_err());
}

/// The row of the set `key` in the list of sets.
fn list_row<'a>(html: &'a str, key: &str) -> &'a str {
    let at = html
        .find(&format!("href=\"/criteria/{key}\""))
        .unwrap_or_else(|| panic!("{key} is not listed"));
    let start = html[..at].rfind("<tr>").unwrap();
    let end = html[at..].find("</tr>").unwrap() + at;
    &html[start..end]
}

/// A copy of a set whose texts await confirmation still awaits it (its printed form says so
/// next to each item); once its text no longer asks for it, the list stops flagging it.
#[tokio::test]
async fn the_list_flags_sets_awaiting_confirmation_copies_included() {
    let w = World::new().await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    let to_confirm = vi("criteria.to_confirm");
    let list = w
        .send(Actor::SysAdmin, Method::GET, "/criteria", None)
        .await;
    assert!(list_row(&list.body, SHIPPED_SET).contains(&to_confirm));
    let copy = list_row(&list.body, COPY_KEY);
    assert!(copy.contains(&vi("criteria.local")), "{copy}");
    assert!(copy.contains(&to_confirm), "{copy}");
    let saved = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/source"),
            Some(&form(&[
                ("version", "1"),
                ("note", "đã xác nhận"),
                ("body", GOOD_SOURCE),
            ])),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let list = w
        .send(Actor::SysAdmin, Method::GET, "/criteria", None)
        .await;
    let copy = list_row(&list.body, COPY_KEY);
    assert!(!copy.contains(&to_confirm), "{copy}");
    assert!(copy.contains("<td>2</td>"), "current version: {copy}");
}

#[tokio::test]
async fn shipped_sets_are_not_edited_in_place() {
    let w = World::new().await;
    let shipped = vi("criteria.err.shipped");
    for (method, path, body) in [
        (Method::GET, format!("/criteria/{SHIPPED_SET}/edit"), None),
        (
            Method::POST,
            format!("/criteria/{SHIPPED_SET}/edit"),
            Some(form(&[("version", "1"), ("title", "Phiếu khác")])),
        ),
        (
            Method::POST,
            format!("/criteria/{SHIPPED_SET}/source"),
            Some(form(&[
                ("version", "1"),
                ("note", ""),
                ("body", GOOD_SOURCE),
            ])),
        ),
    ] {
        let r = w
            .send(Actor::SysAdmin, method.clone(), &path, body.as_deref())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert!(r.body.contains(&shipped), "{method} {path}: {}", r.body);
    }
    assert_eq!(current_version(&w, SHIPPED_SET).await, 1);
    // its page offers a copy, not an edit
    let page = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            &format!("/criteria/{SHIPPED_SET}"),
            None,
        )
        .await;
    assert!(!page.body.contains(&format!("/criteria/{SHIPPED_SET}/edit")));
    assert!(
        page.body
            .contains(&format!("action=\"/criteria/{SHIPPED_SET}/copy\""))
    );
    // and nobody but the system admin is offered the copy form
    let staff = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/criteria/{SHIPPED_SET}"),
            None,
        )
        .await;
    assert!(!staff.body.contains("/copy\""));
}

#[tokio::test]
async fn a_copy_needs_a_free_and_valid_key() {
    let w = World::new().await;
    w.copy_set(SHIPPED_SET, COPY_KEY).await;
    let before = w.store.criteria_sets().await.unwrap().len();
    let taken = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{SHIPPED_SET}/copy"),
            Some(&form(&[("key", COPY_KEY), ("title", "Bản sao nữa")])),
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken.body.contains(&format!(
            "id=\"key-error\">{}</p>",
            vi("criteria.err.key_taken")
        )),
        "{}",
        taken.body
    );
    assert!(taken.body.contains("value=\"Bản sao nữa\""));
    // a shipped key is taken too
    let shipped = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{COPY_KEY}/copy"),
            Some(&form(&[("key", "hn-19-lao-dong-hop-dong"), ("title", "X")])),
        )
        .await;
    assert_eq!(shipped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(shipped.body.contains(&vi("criteria.err.key_taken")));

    let bad = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{SHIPPED_SET}/copy"),
            Some(&form(&[("key", "Bad Key"), ("title", "")])),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains(&format!("id=\"key-error\">{}</p>", vi("criteria.err.key"))),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains(&format!("id=\"title-error\">{}</p>", vi("err.required")))
    );
    assert!(bad.body.contains("value=\"Bad Key\""));
    assert_eq!(w.store.criteria_sets().await.unwrap().len(), before);
    // upper case is folded to a valid key rather than refused
    let upper = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/criteria/{SHIPPED_SET}/copy"),
            Some(&form(&[("key", " HN-15-Moi "), ("title", "Phiếu mới")])),
        )
        .await;
    assert_eq!(upper.status, StatusCode::SEE_OTHER);
    assert_eq!(
        upper.location.as_deref(),
        Some("/criteria/hn-15-moi/edit?ok=criteria.copied")
    );
}

// ---- the form a person gets, with a trial scoring ------------------------------------------

fn scores(pairs: &[(&str, &str)]) -> String {
    form(pairs)
}

#[tokio::test]
async fn trial_scoring_checks_every_item_and_grades_by_the_preset() {
    let w = World::new().await;
    let person = w.ids.staff_person.clone();
    let (key, page) = person_set(&w, Actor::Evaluator, &person).await;
    assert_eq!(key, SHIPPED_SET);
    assert!(page.contains("Nguyễn Văn An"));
    assert!(page.contains("Đ.11 khoản 15"), "why: the mapping's note");
    let path = format!("/staff/{person}/criteria");

    let over = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&scores(&[("score_I.1", "11"), ("score_I.2", "10")])),
        )
        .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        over.body.contains(&format!(
            "id=\"err-I.1\">{} (10)</p>",
            vi("score.err.over_max")
        )),
        "{}",
        over.body
    );
    assert!(
        over.body
            .contains("name=\"score_I.1\" inputmode=\"decimal\" value=\"11\"")
    );
    assert!(!over.body.contains("data-testid=\"trial\""));

    let no_reason = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&scores(&[
                ("score_I.1", "10"),
                ("score_IV.1", "5"),
                ("reason_IV.1", "  "),
            ])),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason
            .body
            .contains(&format!("id=\"err-IV.1\">{}</p>", vi("score.err.reason"))),
        "{}",
        no_reason.body
    );

    let not_a_number = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&scores(&[("score_II.1", "bảy mươi")])),
        )
        .await;
    assert_eq!(not_a_number.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_number.body.contains(&format!(
        "id=\"err-II.1\">{} (bảy mươi)</p>",
        vi("criteria.err.number")
    )));

    // 10 + 10 + 65 + 2.5 − 5 = 82.5, typed with a decimal comma
    let ok = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&scores(&[
                ("score_I.1", "10"),
                ("score_I.2", "10"),
                ("score_II.1", "65"),
                ("score_III.1", "2,5"),
                ("reason_III.1", "Sáng kiến số hóa hồ sơ một cửa"),
                ("score_IV.1", "5"),
                ("reason_IV.1", "Chậm nộp báo cáo tháng"),
            ])),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let trial = testid(&ok.body, "trial", "</p>");
    assert!(trial.contains("<strong>82,5</strong>"), "{trial}");
    assert!(
        trial.contains("<strong>B — Hoàn thành tốt nhiệm vụ</strong>"),
        "{trial}"
    );
    assert!(trial.contains(&vi("grade.why.band")));
    // III.2–III.4 are left empty
    assert!(
        trial.contains(&format!("{}: 3", vi("criteria.missing"))),
        "{trial}"
    );

    // 90 points, but at most half of the working days: C (QĐ 1841)
    let half = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&scores(&[
                ("score_I.1", "10"),
                ("score_I.2", "10"),
                ("score_II.1", "70"),
                ("half_days", "on"),
            ])),
        )
        .await;
    assert_eq!(half.status, StatusCode::OK);
    let trial = testid(&half.body, "trial", "</p>");
    assert!(trial.contains("<strong>90</strong>"), "{trial}");
    assert!(
        trial.contains("<strong>C — Hoàn thành nhiệm vụ</strong>"),
        "{trial}"
    );
    assert!(trial.contains(&vi("grade.why.half_days")), "{trial}");
    // the same without the box: A
    let full = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some(&scores(&[
                ("score_I.1", "10"),
                ("score_I.2", "10"),
                ("score_II.1", "70"),
            ])),
        )
        .await;
    let trial = testid(&full.body, "trial", "</p>");
    assert!(
        trial.contains("<strong>A — Hoàn thành xuất sắc nhiệm vụ</strong>"),
        "{trial}"
    );

    // The staff member may try their own form; another unit's admin sees nothing.
    let own = w
        .send(
            Actor::Staff,
            Method::POST,
            &path,
            Some(&scores(&[("score_I.1", "9,5")])),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(testid(&own.body, "trial", "</p>").contains("<strong>9,5</strong>"));
    let outside = w
        .send(
            Actor::AdminB,
            Method::POST,
            &path,
            Some(&scores(&[("score_I.1", "9")])),
        )
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    // without the CSRF token nothing is computed
    let forged = w
        .send(
            Actor::Evaluator,
            Method::POST,
            &path,
            Some("csrf=sai&score_I.1=9"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

// ---- position overrides ----------------------------------------------------------------------

#[tokio::test]
async fn a_unit_admin_overrides_a_title_in_their_unit_and_can_remove_it() {
    let w = World::new().await;
    let staff = w.ids.staff_person.clone();
    let assign = format!("/units/{}/criteria", w.ids.a);
    let page = w.send(Actor::AdminA, Method::GET, &assign, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&vi("criteria.no_overrides")));
    assert!(
        page.body.contains("<option value=\"Công chức\">"),
        "titles offered"
    );

    let set = w
        .send(
            Actor::AdminA,
            Method::POST,
            &assign,
            Some(&form(&[
                ("title", "công  chức"),
                ("set", "hn-19-lao-dong-hop-dong"),
            ])),
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(
        set.location.as_deref(),
        Some(format!("{assign}?ok=criteria.assigned").as_str())
    );
    // the title matches whatever its case (and the doubled space is cleaned)
    let (key, body) = person_set(&w, Actor::AdminA, &staff).await;
    assert_eq!(key, "hn-19-lao-dong-hop-dong");
    assert!(
        body.contains(&format!(
            "{} Xã An Phú (công chức)",
            vi("criteria.why_override")
        )),
        "{body}"
    );
    let page = w.send(Actor::AdminA, Method::GET, &assign, None).await;
    assert!(
        page.body
            .contains("Xã An Phú: công chức → <a href=\"/criteria/hn-19-lao-dong-hop-dong\">")
    );
    // the same title in the sibling commune keeps the shipped rule
    let (other, _) = person_set(&w, Actor::SysAdmin, &w.ids.b_person).await;
    assert_eq!(other, SHIPPED_SET);

    // an unknown set is refused and the override in place stays
    let unknown = w
        .send(
            Actor::AdminA,
            Method::POST,
            &assign,
            Some(&form(&[("title", "Công chức"), ("set", "khong-co-bo-nay")])),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains(&format!(
            "id=\"assign-error\">{}</p>",
            vi("criteria.err.unknown_set")
        )),
        "{}",
        unknown.body
    );
    assert!(unknown.body.contains("value=\"Công chức\""));
    let (still, _) = person_set(&w, Actor::AdminA, &staff).await;
    assert_eq!(still, "hn-19-lao-dong-hop-dong");
    // no title: refused
    let untitled = w
        .send(
            Actor::AdminA,
            Method::POST,
            &assign,
            Some(&form(&[("title", " "), ("set", SHIPPED_SET)])),
        )
        .await;
    assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(untitled.body.contains(&vi("criteria.err.title_required")));
    // the sibling's admin cannot touch it
    let sibling = w
        .send(
            Actor::AdminB,
            Method::POST,
            &assign,
            Some(&form(&[("title", "Công chức"), ("set", "")])),
        )
        .await;
    assert_eq!(sibling.status, StatusCode::NOT_FOUND);

    // an empty set removes the override: the shipped rule again
    let removed = w
        .send(
            Actor::AdminA,
            Method::POST,
            &assign,
            Some(&form(&[("title", "Công chức"), ("set", "")])),
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let (back, body) = person_set(&w, Actor::AdminA, &staff).await;
    assert_eq!(back, SHIPPED_SET);
    assert!(body.contains("Đ.11 khoản 15"));
    let page = w.send(Actor::AdminA, Method::GET, &assign, None).await;
    assert!(page.body.contains(&vi("criteria.no_overrides")));
}

#[tokio::test]
async fn the_nearest_override_wins() {
    let w = World::new().await;
    // the district's admin assigns one set to every "Công chức" of the district …
    let district = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/units/{}/criteria", w.ids.district),
            Some(&form(&[
                ("title", "Công chức"),
                ("set", "hn-12-lanh-dao-phong-ubnd-huyen"),
            ])),
        )
        .await;
    assert_eq!(district.status, StatusCode::SEE_OTHER);
    let (b, _) = person_set(&w, Actor::SysAdmin, &w.ids.b_person).await;
    assert_eq!(b, "hn-12-lanh-dao-phong-ubnd-huyen");
    // … and commune A's admin another one inside A
    let a = w
        .send(
            Actor::AdminA,
            Method::POST,
            &format!("/units/{}/criteria", w.ids.a),
            Some(&form(&[
                ("title", "Công chức"),
                ("set", "hn-19-lao-dong-hop-dong"),
            ])),
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let (staff, _) = person_set(&w, Actor::SysAdmin, &w.ids.staff_person).await;
    assert_eq!(staff, "hn-19-lao-dong-hop-dong");
    let (b, _) = person_set(&w, Actor::SysAdmin, &w.ids.b_person).await;
    assert_eq!(b, "hn-12-lanh-dao-phong-ubnd-huyen");
    // A's admin sees the district's override that reaches A, among the overrides
    let page = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/units/{}/criteria", w.ids.a),
            None,
        )
        .await;
    assert!(page.body.contains("Huyện Mẫu: Công chức"), "{}", page.body);
}

// ---- the Hanoi mapping over the demo district -------------------------------------------------

/// The set the Hanoi mapping (data/criteria/hanoi-2021/mapping.toml) gives a demo position.
fn expected_hanoi_set(
    root: bool,
    kind: UnitKind,
    rank: PositionRank,
    emp: Employment,
) -> &'static str {
    let leader = rank != PositionRank::Member;
    if emp == Employment::HopDong {
        "hn-19-lao-dong-hop-dong"
    } else if root && rank == PositionRank::Head {
        "hn-09-thuong-truc-quan-huyen-uy"
    } else if root && rank == PositionRank::Deputy {
        "hn-10-pho-chu-tich-hdnd-ubnd-huyen"
    } else if leader && kind == UnitKind::Office {
        "hn-12-lanh-dao-phong-ubnd-huyen"
    } else if leader && kind == UnitKind::Commune {
        "hn-13-lanh-dao-xa-phuong"
    } else if leader && kind == UnitKind::School {
        "hn-14-hieu-truong-truong-hoc"
    } else {
        SHIPPED_SET
    }
}

/// Issue 4: "every staff member in the demo gets the right set for their position". The test
/// world is not the demo, and the demo loader lives in the `danhgia` binary crate (which this
/// crate cannot depend on), so this builds the demo's units and positions from the same data
/// file, `data/demo/huyen-mau.json` (names, accounts and roles do not take part in choosing a
/// set), and resolves every person with the function the person page uses.
#[tokio::test]
async fn every_demo_position_gets_the_set_the_hanoi_mapping_says() {
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../../../data/demo/huyen-mau.json")).unwrap();
    let (store, _) = danhgia_store::testing::fresh_store().await.unwrap();
    let state = danhgia_web::AppState::new(store.clone(), danhgia_web::Config::default());
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap().to_owned();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut expected = HashMap::new();
    let mut root_id = String::new();
    for u in demo["units"].as_array().unwrap() {
        let parent = u["parent"].as_str().map(|p| ids[p].clone());
        let kind = UnitKind::parse(&text(u, "kind")).unwrap();
        let unit = store
            .create_unit(&NewUnit {
                parent_id: parent.clone(),
                code: text(u, "code"),
                name: text(u, "name"),
                kind,
                level: UnitLevel::parse(&text(u, "level")).unwrap(),
                block: Block::parse(&text(u, "block")).unwrap(),
                suffix: u["suffix"].as_str().map(str::to_owned),
            })
            .await
            .unwrap();
        if parent.is_none() {
            root_id.clone_from(&unit.id);
        }
        ids.insert(text(u, "code"), unit.id.clone());
        for post in u["staff"].as_array().unwrap() {
            let rank = PositionRank::parse(&text(post, "rank")).unwrap();
            let employment = Employment::parse(&text(post, "employment")).unwrap();
            for n in 0..post["count"].as_u64().unwrap() {
                let p = store
                    .create_person(
                        &NewPerson {
                            unit_id: unit.id.clone(),
                            details: PersonUpdate {
                                full_name: format!("Người Thứ {n}"),
                                position_title: text(post, "position"),
                                rank,
                                employment,
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
                expected.insert(
                    p.id,
                    expected_hanoi_set(parent.is_none(), kind, rank, employment),
                );
            }
        }
    }
    let mut seen = 0;
    let mut per_set: HashMap<String, usize> = HashMap::new();
    let mut wrong = Vec::new();
    for unit in store.units_in_scope(&["/".to_owned()], &[]).await.unwrap() {
        for person in store.people_in_unit(&unit.id).await.unwrap() {
            seen += 1;
            let r = danhgia_web::pages::criteria::resolve_person(&state, &person, &unit)
                .await
                .unwrap();
            assert_eq!(r.preset.key, "hanoi-2021");
            let got = r.set_key.unwrap_or_default();
            if got != expected[&person.id] {
                wrong.push(format!(
                    "{} / {} ({}, {}): got {got}, want {}",
                    unit.name,
                    person.position_title,
                    person.rank,
                    person.employment,
                    expected[&person.id]
                ));
            }
            *per_set.entry(got).or_default() += 1;
        }
    }
    assert!(wrong.is_empty(), "wrong sets:\n{}", wrong.join("\n"));
    assert_eq!(seen, expected.len());
    assert!((280..=320).contains(&seen), "{seen} staff");
    // every branch of the mapping above is exercised by the demo
    for key in [
        "hn-09-thuong-truc-quan-huyen-uy",
        "hn-10-pho-chu-tich-hdnd-ubnd-huyen",
        "hn-12-lanh-dao-phong-ubnd-huyen",
        "hn-13-lanh-dao-xa-phuong",
        "hn-14-hieu-truong-truong-hoc",
        "hn-15-cong-chuc-quan-huyen-xa",
        "hn-19-lao-dong-hop-dong",
    ] {
        assert!(
            per_set.get(key).copied().unwrap_or(0) > 0,
            "nobody got {key}: {per_set:?}"
        );
    }
    assert_eq!(per_set["hn-09-thuong-truc-quan-huyen-uy"], 1);
    assert_eq!(per_set["hn-10-pho-chu-tich-hdnd-ubnd-huyen"], 2);
    assert!(!root_id.is_empty());
}

// ---- rule presets ----------------------------------------------------------------------------

#[tokio::test]
async fn switching_the_tenant_to_quang_tri_changes_sets_and_grading() {
    let w = World::new().await;
    let staff = w.ids.staff_person.clone();
    let page = w
        .send(Actor::SysAdmin, Method::GET, "/settings/rules", None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Huyện Mẫu"));
    assert!(
        !page.body.contains("Xã An Phú"),
        "only tenants (root units) are listed"
    );

    let saved = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/settings/rules",
            Some(&form(&[
                ("unit", &w.ids.district),
                ("block", ""),
                ("preset", "quang-tri-2019"),
            ])),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some("/settings/rules?ok=criteria.preset_saved")
    );
    let page = w
        .send(
            Actor::SysAdmin,
            Method::GET,
            saved.location.as_deref().unwrap(),
            None,
        )
        .await;
    assert!(page.body.contains(&vi("criteria.preset_saved")));
    assert!(
        page.body
            .contains("<option value=\"quang-tri-2019\" selected>"),
        "{}",
        page.body
    );

    let (key, body) = person_set(&w, Actor::AdminA, &staff).await;
    assert_eq!(key, "qt-3-cong-chuc");
    assert!(body.contains("Quảng Trị — Quy chế 2019"));
    let (head, _) = person_set(&w, Actor::AdminA, &w.ids.head_person).await;
    assert_eq!(head, "qt-2-cong-chuc-lanh-dao");

    // every criterion at its max but II.1 at 0: 97.5, yet not above C (Quảng Trị Đ.6.1)
    let path = format!("/staff/{staff}/criteria");
    let mut pairs = vec![("score_I.1", "5"), ("score_I.2", "5"), ("score_II.1", "0")];
    pairs.extend([
        ("score_II.2", "2,5"),
        ("score_II.3", "2,5"),
        ("score_II.4", "2,5"),
        ("score_III.1", "2,5"),
        ("score_III.2", "2,5"),
        ("score_III.3", "2,5"),
        ("score_III.4", "2,5"),
        ("score_IV.1", "70"),
    ]);
    let zero = w
        .send(Actor::AdminA, Method::POST, &path, Some(&form(&pairs)))
        .await;
    assert_eq!(zero.status, StatusCode::OK, "{}", zero.body);
    let trial = testid(&zero.body, "trial", "</p>");
    assert!(trial.contains("<strong>97,5</strong>"), "{trial}");
    assert!(
        trial.contains("<strong>C — Hoàn thành nhiệm vụ</strong>"),
        "{trial}"
    );
    assert!(trial.contains(&vi("grade.why.zero_criterion")), "{trial}");
    // Quảng Trị's B starts at 75 (Hanoi's at 70)
    let seventy = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&form(&[("score_I.1", "5"), ("score_IV.1", "67")])),
        )
        .await;
    let trial = testid(&seventy.body, "trial", "</p>");
    assert!(trial.contains("<strong>72</strong>"), "{trial}");
    assert!(
        trial.contains("<strong>C — Hoàn thành nhiệm vụ</strong>"),
        "{trial}"
    );

    // one block of the tenant may follow other rules: the government block on NĐ 335
    let block = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            "/settings/rules",
            Some(&form(&[
                ("unit", &w.ids.district),
                ("block", "government"),
                ("preset", "nd335-2026"),
            ])),
        )
        .await;
    assert_eq!(block.status, StatusCode::SEE_OTHER);
    let (key, _) = person_set(&w, Actor::AdminA, &staff).await;
    assert_eq!(key, "nd335-mau-01");

    // unknown presets and blocks, and units that are not tenants, are refused
    for (unit, block, preset) in [
        (w.ids.district.as_str(), "", "khong-co"),
        (w.ids.district.as_str(), "khoi-la", "hanoi-2021"),
        (w.ids.a.as_str(), "", "hanoi-2021"),
    ] {
        let r = w
            .send(
                Actor::SysAdmin,
                Method::POST,
                "/settings/rules",
                Some(&form(&[
                    ("unit", unit),
                    ("block", block),
                    ("preset", preset),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{unit} {block} {preset}");
    }
    let (key, _) = person_set(&w, Actor::AdminA, &staff).await;
    assert_eq!(key, "nd335-mau-01");
}

/// The JSON API: a set as data with decimal points, and scoring with every problem named by
/// item (a 422 with Vietnamese messages), or the total and grade.
#[tokio::test]
async fn the_api_scores_and_grades_or_names_each_problem() {
    let w = World::new().await;
    let actor = Actor::Staff;
    let r = w
        .send(actor, Method::GET, "/api/v1/criteria/nd335-mau-01", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let set = r.json();
    assert_eq!(
        set["set"]["sections"][1]["criteria"][0]["max"],
        serde_json::json!(2.5)
    );
    assert_eq!(set["set"]["sections"][3]["kind"], "result");

    let path = "/api/v1/criteria/hn-15-cong-chuc-quan-huyen-xa/score";
    let bad = r#"{"scores":{"I.1":11,"IV.1":5,"X.1":1}}"#;
    let r = w.send(actor, Method::POST, path, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems = r.json()["problems"].as_array().cloned().unwrap_or_default();
    let got: Vec<(String, String)> = problems
        .iter()
        .map(|p| {
            (
                p["item"].as_str().unwrap_or("").to_owned(),
                p["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("I.1".to_owned(), "score.err.over_max".to_owned()),
            ("IV.1".to_owned(), "score.err.reason".to_owned()),
            ("X.1".to_owned(), "score.err.unknown".to_owned()),
        ]
    );
    assert_eq!(problems[0]["limit"], serde_json::json!(10.0));
    assert_eq!(problems[0]["message"], t(Lang::Vi, "score.err.over_max"));

    let r = w
        .send(
            actor,
            Method::POST,
            path,
            Some(r#"{"scores":{"I.1":"2.555"}}"#),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "three decimals are not points"
    );

    let ok = r#"{"scores":{"I.1":10,"I.2":10,"II.1":70,"III.1":2.5},"reasons":{"III.1":"Sáng kiến"},"worked_half_or_less":true}"#;
    let r = w.send(actor, Method::POST, path, Some(ok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["total"], serde_json::json!(92.5));
    // Hanoi: 92.5 is A by the band, capped at C for ≤ 50 % of working days.
    assert_eq!(v["grade"], "C");
    assert_eq!(v["reasons"][1]["code"], "grade.why.half_days");
}
