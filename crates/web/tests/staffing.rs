//! The personnel file's profile, the unit's staffing and the reports on the files through the
//! pages (issue 11 §1, §2, §7; "Done when": the June report and the completeness report
//! export). On both databases.

mod common;

use std::io::Cursor;

use axum::http::{Method, StatusCode};
use calamine::{Data, Reader, Xlsx};
use common::{Actor, World, form};
use danhgia_domain::hr::{Decision, Details, Process, ProcessKind};
use danhgia_domain::points::Points;

fn sheet(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn profile_form(id_number: &str, joined: &str, official: &str) -> String {
    form(&[
        ("profile_birth_date", "1988-03-08"),
        ("profile_gender", "female"),
        ("profile_id_number", id_number),
        ("profile_birthplace", "Hà Nội"),
        ("profile_hometown", "Nam Định"),
        ("profile_ethnicity", "Kinh"),
        ("profile_general_education", "12/12"),
        ("profile_qualification", "master"),
        ("profile_major", "Luật"),
        ("profile_political_theory", "intermediate"),
        ("profile_party_joined_on", joined),
        ("profile_party_official_on", official),
    ])
}

#[tokio::test]
async fn the_profile_is_written_by_the_admins_and_seen_by_the_person_and_them_only() {
    let w = World::new().await;
    let person = w.ids.staff_person.clone();
    let path = format!("/staff/{person}/profile");
    let good = profile_form("001188000123", "2012-05-19", "2013-05-19");

    // The person may read their file but not write it; another commune's admin sees nothing.
    let r = w.send(Actor::Staff, Method::POST, &path, Some(&good)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w
        .send(Actor::AdminB, Method::POST, &path, Some(&good))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Refusals are named by field, in Vietnamese, and nothing is written.
    let bad = profile_form("12345678", "2012-05-19", "2012-12-01");
    let r = w.send(Actor::AdminA, Method::POST, &path, Some(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("đúng 12 chữ số"), "{}", r.body);
    assert!(r.body.contains("12 tháng dự bị"));
    assert!(
        r.body.contains("value=\"12345678\""),
        "typed values are kept"
    );
    assert!(w.store.profile(&person).await.unwrap().is_none());

    let r = w
        .send(Actor::AdminA, Method::POST, &path, Some(&good))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = w.store.profile(&person).await.unwrap().unwrap().profile();
    assert_eq!(stored.id_number, "001188000123");
    assert_eq!(
        stored.qualification,
        Some(danhgia_domain::hr::Qualification::Master)
    );

    // The API gives the same file, with what it still lacks (no recruitment, no salary).
    let r = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/api/v1/staff/{person}/file"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let file = r.json();
    assert_eq!(file["profile"]["id_number"], "001188000123");
    assert_eq!(
        file["missing"],
        serde_json::json!(["hr.kind.recruitment", "hr.kind.salary"])
    );

    // The person and their admins see it; their leader does not (D56).
    for (actor, sees) in [
        (Actor::Staff, true),
        (Actor::AdminA, true),
        (Actor::SysAdmin, true),
        (Actor::Evaluator, false),
    ] {
        let page = w
            .send(actor, Method::GET, &format!("/staff/{person}"), None)
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.contains("001188000123"), sees, "{actor:?}");
    }
}

#[tokio::test]
async fn quotas_are_set_in_the_subtree_and_compared_with_the_head_count() {
    let w = World::new().await;
    let year = danhgia_store::today().year().to_string();
    let path = format!("/units/{}/staffing/quota", w.ids.a);
    let quota = |unit: &str, n: &str, decision: &str| {
        form(&[
            ("quota_unit", unit),
            ("quota_year", &year),
            ("quota_category", "cong_chuc"),
            ("quota", n),
            ("quota_decision", decision),
        ])
    };
    // Outside the admin's subtree, a negative number, a quota without its decision: refused.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&quota(&w.ids.b, "3", "12/QĐ-UBND")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("phạm vi quản lý"));
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&quota(&w.ids.a, "-1", "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("số nguyên từ 0"));
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&quota(&w.ids.a, "5", "")),
        )
        .await;
    assert!(r.body.contains("Cần số quyết định giao biên chế"));
    assert!(
        w.store
            .quotas(
                &w.store.unit(&w.ids.a).await.unwrap().path,
                danhgia_store::today().year()
            )
            .await
            .unwrap()
            .is_empty()
    );

    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&quota(&w.ids.a, "5", "12/QĐ-UBND")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/units/{}/staffing?year={year}", w.ids.a),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Commune A's civil servants against the quota of 5: the gap is the count less five.
    let a = w.store.unit(&w.ids.a).await.unwrap();
    let actual = w
        .store
        .files_on(&a.path, danhgia_store::today())
        .await
        .unwrap()
        .iter()
        .filter(|f| f.employment == danhgia_domain::people::Employment::CongChuc)
        .count() as i64;
    assert!(actual > 0);
    let row = format!(
        "<td class=\"num\">5</td><td class=\"num\">{actual}</td><td class=\"num\">{}</td>",
        actual - 5
    );
    assert!(page.body.contains(&row), "{}", page.body);
    // Another commune's admin does not see the page.
    let r = w
        .send(
            Actor::AdminB,
            Method::GET,
            &format!("/units/{}/staffing", w.ids.a),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

fn salary(from: time::Date, decided: time::Date) -> Process {
    Process {
        kind: ProcessKind::Salary,
        from: Some(from),
        to: None,
        decision: Decision {
            number: "77/QĐ-UBND".into(),
            date: Some(decided),
            signer: "Chủ tịch UBND huyện".into(),
        },
        details: Details {
            scale_code: "01.003".into(),
            step: Some(3),
            coefficient: Points::parse("3,00"),
            ..Details::default()
        },
    }
}

#[tokio::test]
async fn the_completeness_and_periodic_reports_export_what_the_files_say() {
    let w = World::new().await;
    let today = danhgia_store::today();
    let person = w.ids.staff_person.clone();
    // One salary step entered on time, one entered three weeks after its decision.
    w.store
        .record_process(&person, &salary(today, today), false, "", None, "t")
        .await
        .unwrap();
    let old = today - time::Duration::days(21);
    w.store
        .record_process(&person, &salary(old, old), false, "", None, "t")
        .await
        .unwrap();

    // The completeness report: everybody lacks a profile; the staff member also lacks their
    // recruitment, but no longer the salary.
    let rows = sheet(
        w.send_bytes(
            Actor::SysAdmin,
            &format!("/units/{}/staffing/completeness.xlsx", w.ids.district),
        )
        .await,
    );
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    let staff = w.store.person(&person).await.unwrap();
    let line = text
        .iter()
        .find(|l| l.contains(&staff.full_name))
        .expect("the staff member's line");
    assert!(
        line.contains("Tuyển dụng") && line.contains("Số CCCD"),
        "{line}"
    );
    assert!(!line.contains("Ngạch, bậc"), "{line}");
    let people = w
        .store
        .files_on(&w.store.unit(&w.ids.district).await.unwrap().path, today)
        .await
        .unwrap()
        .len();
    let listed = rows
        .iter()
        .filter(|r| r.first().is_some_and(|c| c.parse::<f64>().is_ok()))
        .count();
    assert_eq!(listed, people, "every file lacks something");

    // The year's report (its head count is today's while the year runs): a line per commune
    // and the total, with the two changes of the period and the late one.
    let year = today.year();
    let rows = sheet(
        w.send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/staffing/report.xlsx?year={year}&report=december",
                w.ids.district
            ),
        )
        .await,
    );
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Đơn vị"))
        .expect("a header");
    let col = |name: &str| rows[header].iter().position(|h| h == name).unwrap();
    let total = rows.last().unwrap();
    assert_eq!(total[0], "Tổng cộng");
    assert_eq!(total[col("Có mặt")], people.to_string());
    assert_eq!(total[col("Hồ sơ chưa đầy đủ")], people.to_string());
    assert_eq!(total[col("Biến động trong kỳ")], "2");
    assert_eq!(total[col("Cập nhật chậm (> 5 ngày làm việc)")], "1");
    let commune_a = w.store.unit(&w.ids.a).await.unwrap();
    let a_line = rows
        .iter()
        .find(|r| r[0] == commune_a.name)
        .expect("commune A's line");
    assert_eq!(a_line[col("Biến động trong kỳ")], "2");

    // The same as the signed paper; each export is in the audit log.
    let bytes = w
        .send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/staffing/report.pdf?year={year}&report=june",
                w.ids.district
            ),
        )
        .await;
    let text = common::pdf_text(&bytes);
    assert!(
        text.contains("BÁO CÁO CÔNG TÁC QUẢN LÝ HỒ SƠ ĐIỆN TỬ"),
        "{text}"
    );
    assert!(text.contains(&format!("6 tháng đầu năm {year}")));
    assert!(text.contains(&format!("14/06/{year}")));
    let audit = w.store.audit_of("unit", &w.ids.district, 10).await.unwrap();
    for action in [
        "export_completeness",
        "export_hr_report",
        "export_hr_report_pdf",
    ] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
    // Staff and other communes' admins get none of it.
    for actor in [Actor::Staff, Actor::AdminB] {
        let r = w
            .send(
                actor,
                Method::GET,
                &format!("/units/{}/staffing/report.xlsx", w.ids.a),
                None,
            )
            .await;
        assert!(r.status.is_client_error(), "{actor:?}");
    }
}

#[tokio::test]
async fn a_course_takes_the_units_people_up_to_its_seats_and_its_completions_are_reported() {
    let w = World::new().await;
    let today = danhgia_store::today();
    let course = w.ids.course.clone();
    let path = format!("/units/{}/training/{course}/enrolments", w.ids.a);
    let act = |person: &str, action: &str, on: &str| {
        form(&[
            ("person_id", person),
            ("action", action),
            ("completed_on", on),
            ("certificate", "CVC-2026-015"),
        ])
    };
    // Commune A's admin sees the district's course and enrols commune A's people, not B's.
    let r = w
        .send(
            Actor::AdminA,
            Method::GET,
            &format!("/units/{}/training", w.ids.a),
            None,
        )
        .await;
    assert!(r.body.contains("Bồi dưỡng ngạch chuyên viên chính"));
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&act(&w.ids.b_person, "enrol", "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("thuộc phạm vi quản lý"));
    for p in [&w.ids.staff_person, &w.ids.head_person] {
        let r = w
            .send(
                Actor::AdminA,
                Method::POST,
                &path,
                Some(&act(p, "enrol", "")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    // Two seats: commune B's admin finds the course full.
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/units/{}/training/{course}/enrolments", w.ids.b),
            Some(&act(&w.ids.b_person, "enrol", "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("đã đủ học viên"), "{}", r.body);
    // A completion in the future is refused; today's is recorded with its certificate.
    let tomorrow = (today + time::Duration::days(1)).to_string();
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&act(&w.ids.staff_person, "complete", &tomorrow)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không sau hôm nay"));
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&act(&w.ids.staff_person, "complete", &today.to_string())),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let theirs = w.store.enrolments_of(&w.ids.staff_person).await.unwrap();
    assert_eq!(
        (theirs[0].state, theirs[0].certificate.as_str()),
        (
            danhgia_domain::training::Enrolment::Completed,
            "CVC-2026-015"
        )
    );
    // A withdrawal frees a seat for commune B.
    let r = w
        .send(
            Actor::AdminA,
            Method::POST,
            &path,
            Some(&act(&w.ids.head_person, "withdraw", "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = w
        .send(
            Actor::SysAdmin,
            Method::POST,
            &format!("/units/{}/training/{course}/enrolments", w.ids.b),
            Some(&act(&w.ids.b_person, "enrol", "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The person's page and the year's report show the completion.
    let page = w
        .send(
            Actor::Staff,
            Method::GET,
            &format!("/staff/{}", w.ids.staff_person),
            None,
        )
        .await;
    assert!(page.body.contains("CVC-2026-015"));
    let rows = sheet(
        w.send_bytes(
            Actor::SysAdmin,
            &format!(
                "/units/{}/staffing/report.xlsx?year={}&report=december",
                w.ids.district,
                today.year()
            ),
        )
        .await,
    );
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Đơn vị"))
        .unwrap();
    let col = rows[header]
        .iter()
        .position(|h| h == "Hoàn thành đào tạo, bồi dưỡng")
        .unwrap();
    assert_eq!(rows.last().unwrap()[col], "1");
}
