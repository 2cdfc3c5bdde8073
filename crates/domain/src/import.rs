//! Planning a staff-list import (SPEC M2.5; issue 3 §2; Mẫu số 01, seed 001): every row of the
//! sheet is checked and resolved against the units and people in the importer's scope, and the
//! result is either a complete plan or the full list of problems, each with its row, column,
//! value and message key. Nothing here touches storage: the store applies a plan in one
//! transaction, so one bad row means nothing is written.

use std::collections::HashMap;

use crate::access::Role;
use crate::account_name;
use crate::people::{Employment, PositionRank};
use crate::text::{clean, fold};
use crate::validate::{self, FieldErrors};

/// One data row as typed in the sheet (cells as text, 1-based sheet row number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub row: u32,
    pub full_name: String,
    pub position: String,
    pub username: String,
    pub email: String,
    pub phone: String,
    pub unit: String,
    pub role: String,
    pub is_unit_admin: String,
    pub reviewer: String,
    pub evaluator: String,
}

/// The four values of the "Vai trò" column (seed 001).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetRole {
    /// "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị"
    BodyLeader,
    /// "Trưởng, phó các phòng, ban, ngành"
    OfficeLeader,
    /// "Công chức, viên chức, lao động hợp đồng"
    Staff,
    /// "Tổng hợp, tham mưu đánh giá"
    Aggregator,
}

/// The form's spelling of each role, for templates and exports.
pub fn sheet_role_text(r: SheetRole) -> &'static str {
    match r {
        SheetRole::BodyLeader => "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị",
        SheetRole::OfficeLeader => "Trưởng, phó các phòng, ban, ngành",
        SheetRole::Staff => "Công chức, viên chức, lao động hợp đồng",
        SheetRole::Aggregator => "Tổng hợp, tham mưu đánh giá",
    }
}

/// Reads the "Vai trò" cell, tolerant of case, diacritics and abbreviations.
pub fn parse_sheet_role(s: &str) -> Option<SheetRole> {
    let f = fold(s);
    if f.contains("tong hop") || f.contains("tham muu") {
        Some(SheetRole::Aggregator)
    } else if f.contains("phong") || f.contains("ban, nganh") || f.contains("ban nganh") {
        Some(SheetRole::OfficeLeader)
    } else if f.contains("lanh dao") || f.contains("cap truong") {
        Some(SheetRole::BodyLeader)
    } else if f.contains("cong chuc")
        || f.contains("vien chuc")
        || f.contains("hop dong")
        || f == "nhan vien"
    {
        Some(SheetRole::Staff)
    } else {
        None
    }
}

/// The rank a leader row gets from its position title: "Phó …" is a deputy, else the head.
pub fn leader_rank(position: &str) -> PositionRank {
    if fold(position).starts_with("pho ") {
        PositionRank::Deputy
    } else {
        PositionRank::Head
    }
}

/// The employment type guessed from the title (Mẫu số 01 has no column for it; an admin
/// corrects it per person): contract work, teaching and other public-service posts, else
/// civil servant.
pub fn guess_employment(position: &str) -> Employment {
    let f = fold(position);
    if f.contains("hop dong")
        || f.contains("bao ve")
        || f.contains("lai xe")
        || f.contains("tap vu")
        || f.contains("phuc vu")
    {
        Employment::HopDong
    } else if f.contains("giao vien")
        || f.contains("hieu truong")
        || f.contains("vien chuc")
        || f.contains("bac si")
        || f.contains("y te")
    {
        Employment::VienChuc
    } else {
        Employment::CongChuc
    }
}

/// A unit the importer may place people in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeUnit {
    pub id: String,
    pub code: String,
    pub name: String,
    /// The account-name suffix that applies there (its own or the nearest ancestor's).
    pub suffix: String,
}

/// A current staff member in the importer's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopePerson {
    pub id: String,
    pub full_name: String,
    pub unit_id: String,
    pub username: Option<String>,
    pub email: Option<String>,
}

/// What the planner looks things up in.
pub struct Scope<'a> {
    pub units: &'a [ScopeUnit],
    /// The unit chosen for the import: rows with an empty "Đơn vị" go there.
    pub default_unit: &'a ScopeUnit,
    pub people: &'a [ScopePerson],
    /// Whether an account name is used by anyone at all (in scope or not).
    pub username_taken: &'a dyn Fn(&str) -> bool,
}

/// Who a leader cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaderRef {
    /// A current staff member.
    Person(String),
    /// The person of another row of this file (index into the plan).
    Row(usize),
}

/// One row, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    pub row: u32,
    /// The current staff member this row updates, if any (matched by account name, e-mail,
    /// then by the same name in the same unit).
    pub existing: Option<String>,
    pub unit_id: String,
    pub full_name: String,
    pub position: String,
    pub rank: PositionRank,
    pub employment: Employment,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub username: String,
    /// Roles granted on the row's unit besides the staff role.
    pub roles: Vec<Role>,
    pub reviewer: Option<LeaderRef>,
    pub evaluator: Option<LeaderRef>,
}

/// One problem: sheet row, column key, the value found, message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u32,
    pub column: &'static str,
    pub value: String,
    pub key: &'static str,
}

fn err(errors: &mut Vec<RowError>, row: u32, column: &'static str, value: &str, key: &'static str) {
    errors.push(RowError {
        row,
        column,
        value: value.to_owned(),
        key,
    });
}

/// A phone number typed as a number loses its leading zero in Excel: 9 digits not starting with
/// 0 get it back.
fn restore_phone(s: &str) -> String {
    let t = s.trim();
    if t.len() == 9 && t.chars().all(|c| c.is_ascii_digit()) && !t.starts_with('0') {
        format!("0{t}")
    } else {
        t.to_owned()
    }
}

/// Plans the import of `rows`; either every row resolves, or every problem is listed.
pub fn plan(rows: &[RawRow], scope: &Scope<'_>) -> Result<Vec<PlannedRow>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut out: Vec<PlannedRow> = Vec::with_capacity(rows.len());
    let units_by_key: HashMap<String, Vec<&ScopeUnit>> = {
        let mut m: HashMap<String, Vec<&ScopeUnit>> = HashMap::new();
        for u in scope.units {
            m.entry(fold(&u.name)).or_default().push(u);
            if fold(&u.code) != fold(&u.name) {
                m.entry(fold(&u.code)).or_default().push(u);
            }
        }
        m
    };
    let by_username: HashMap<&str, &ScopePerson> = scope
        .people
        .iter()
        .filter_map(|p| p.username.as_deref().map(|u| (u, p)))
        .collect();
    let by_email: HashMap<&str, &ScopePerson> = scope
        .people
        .iter()
        .filter_map(|p| p.email.as_deref().map(|e| (e, p)))
        .collect();
    let mut by_unit_and_name: HashMap<(String, String), Vec<&ScopePerson>> = HashMap::new();
    for p in scope.people {
        by_unit_and_name
            .entry((p.unit_id.clone(), fold(&p.full_name)))
            .or_default()
            .push(p);
    }
    // generated names already handed out in this file
    let mut used_names: HashMap<String, u32> = HashMap::new();
    let mut seen_emails: HashMap<String, u32> = HashMap::new();
    let mut seen_people: HashMap<(String, String), u32> = HashMap::new();
    let mut matched: HashMap<String, u32> = HashMap::new();

    for r in rows {
        let n = r.row;
        let before = errors.len();
        let mut fe = FieldErrors::default();
        let full_name = validate::person_name(&mut fe, "full_name", &r.full_name);
        let position = validate::required_text(&mut fe, "position", &r.position, 200);
        let email = validate::email(&mut fe, "email", &r.email);
        let phone = validate::phone(&mut fe, "phone", &restore_phone(&r.phone));
        for e in &fe.0 {
            let value = match e.field {
                "full_name" => &r.full_name,
                "position" => &r.position,
                "email" => &r.email,
                _ => &r.phone,
            };
            err(&mut errors, n, e.field, value, e.key);
        }
        let sheet_role = parse_sheet_role(&r.role);
        if sheet_role.is_none() {
            err(&mut errors, n, "role", &r.role, "err.import_role");
        }
        let admin_cell = fold(&r.is_unit_admin);
        let is_admin = match admin_cell.as_str() {
            "" => false,
            "x" | "co" | "1" => true,
            _ => {
                err(
                    &mut errors,
                    n,
                    "is_unit_admin",
                    &r.is_unit_admin,
                    "err.import_admin_mark",
                );
                false
            }
        };
        let unit = if r.unit.trim().is_empty() {
            Some(scope.default_unit)
        } else {
            match units_by_key.get(&fold(&r.unit)).map(Vec::as_slice) {
                Some([u]) => Some(*u),
                Some([_, _, ..]) => {
                    err(&mut errors, n, "unit", &r.unit, "err.import_unit_ambiguous");
                    None
                }
                _ => {
                    err(&mut errors, n, "unit", &r.unit, "err.import_unit_unknown");
                    None
                }
            }
        };
        // Which current staff member this row is.
        let typed_username = r.username.trim().to_lowercase();
        if !typed_username.is_empty() && !account_name::is_valid(&typed_username) {
            err(&mut errors, n, "username", &r.username, "err.username");
        }
        let existing = if !typed_username.is_empty() {
            by_username.get(typed_username.as_str()).copied()
        } else {
            None
        }
        .or_else(|| email.as_deref().and_then(|e| by_email.get(e).copied()))
        .or_else(|| {
            let unit_id = unit.map(|u| u.id.clone())?;
            match by_unit_and_name
                .get(&(unit_id, fold(&full_name)))
                .map(Vec::as_slice)
            {
                Some([p]) => Some(*p),
                _ => None,
            }
        });
        if let (Some(p), Some(u)) = (existing, unit)
            && p.unit_id != u.id
        {
            err(&mut errors, n, "unit", &r.unit, "err.import_unit_changed");
        }
        if let Some(p) = existing
            && let Some(first) = matched.insert(p.id.clone(), n)
        {
            err(
                &mut errors,
                n,
                "full_name",
                &format!("{} (= dòng {first})", r.full_name),
                "err.import_duplicate_row",
            );
        }
        // Duplicates inside the file.
        if let Some(e) = &email
            && let Some(first) = seen_emails.insert(e.clone(), n)
        {
            err(
                &mut errors,
                n,
                "email",
                &format!("{e} (= dòng {first})"),
                "err.import_duplicate_row",
            );
        }
        if let Some(u) = unit
            && let Some(first) = seen_people.insert((fold(&full_name), u.id.clone()), n)
            && existing.is_none()
        {
            err(
                &mut errors,
                n,
                "full_name",
                &format!("{} (= dòng {first})", r.full_name),
                "err.import_duplicate_row",
            );
        }
        // The account name: kept for people who have one, typed (valid, free) or generated.
        let username = match (
            existing.and_then(|p| p.username.clone()),
            typed_username.is_empty(),
        ) {
            (Some(current), true) => current,
            (Some(current), false) if current == typed_username => current,
            (Some(current), false) => {
                err(
                    &mut errors,
                    n,
                    "username",
                    &r.username,
                    "err.import_username_changed",
                );
                current
            }
            (None, false) => {
                if (scope.username_taken)(&typed_username) {
                    err(
                        &mut errors,
                        n,
                        "username",
                        &r.username,
                        "err.username_taken",
                    );
                }
                typed_username.clone()
            }
            (None, true) => {
                let suffix = unit.map(|u| u.suffix.as_str()).unwrap_or_default();
                account_name::generate(&full_name, suffix, |c| {
                    used_names.contains_key(c) || (scope.username_taken)(c)
                })
            }
        };
        if let Some(first) = used_names.insert(username.clone(), n)
            && first != n
        {
            err(
                &mut errors,
                n,
                "username",
                &format!("{username} (= dòng {first})"),
                "err.import_duplicate_row",
            );
        }
        if errors.len() > before {
            continue;
        }
        let (Some(unit), Some(sheet_role)) = (unit, sheet_role) else {
            continue;
        };
        let rank = match sheet_role {
            SheetRole::BodyLeader | SheetRole::OfficeLeader => leader_rank(&position),
            SheetRole::Staff | SheetRole::Aggregator => PositionRank::Member,
        };
        let mut roles = match (sheet_role, rank) {
            (SheetRole::Aggregator, _) => vec![Role::Aggregator],
            (_, PositionRank::Head) => vec![Role::Evaluator],
            (_, PositionRank::Deputy) => vec![Role::Reviewer],
            _ => Vec::new(),
        };
        if is_admin {
            roles.push(Role::UnitAdmin);
        }
        out.push(PlannedRow {
            row: n,
            existing: existing.map(|p| p.id.clone()),
            unit_id: unit.id.clone(),
            employment: guess_employment(&position),
            full_name,
            position: clean(&position),
            rank,
            email,
            phone,
            username,
            roles,
            reviewer: None,
            evaluator: None,
        });
    }
    // Leaders are checked even when other rows have problems, so one pass shows everything.
    // Leaders: an account name, or a full name that names exactly one person in the file or in
    // scope (two people of the same name: the sheet must give the account name instead).
    let index_of_row: HashMap<u32, usize> =
        out.iter().enumerate().map(|(i, p)| (p.row, i)).collect();
    // Indexes for the leader cells: by account name and by folded full name, over the rows of
    // the file and the people in scope that the file does not name.
    let in_file: std::collections::HashSet<&str> =
        out.iter().filter_map(|o| o.existing.as_deref()).collect();
    let mut leader_by_username: HashMap<String, Vec<LeaderRef>> = HashMap::new();
    let mut leader_by_name: HashMap<String, Vec<LeaderRef>> = HashMap::new();
    for (j, p) in out.iter().enumerate() {
        leader_by_username
            .entry(p.username.clone())
            .or_default()
            .push(LeaderRef::Row(j));
        leader_by_name
            .entry(fold(&p.full_name))
            .or_default()
            .push(LeaderRef::Row(j));
    }
    for p in scope
        .people
        .iter()
        .filter(|p| !in_file.contains(p.id.as_str()))
    {
        if let Some(u) = &p.username {
            leader_by_username
                .entry(u.clone())
                .or_default()
                .push(LeaderRef::Person(p.id.clone()));
        }
        leader_by_name
            .entry(fold(&p.full_name))
            .or_default()
            .push(LeaderRef::Person(p.id.clone()));
    }
    let bad_rows: std::collections::HashSet<String> = rows
        .iter()
        .filter(|o| !index_of_row.contains_key(&o.row))
        .flat_map(|o| [fold(&o.full_name), o.username.trim().to_lowercase()])
        .collect();
    let mut leaders = Vec::with_capacity(out.len());
    for r in rows {
        let Some(&i) = index_of_row.get(&r.row) else {
            continue;
        };
        let mut pick = |cell: &str, column: &'static str| -> Option<LeaderRef> {
            let t = clean(cell);
            if t.is_empty() {
                return None;
            }
            let lower = t.to_lowercase();
            let hits: &[LeaderRef] = if lower.contains('_') {
                leader_by_username
                    .get(&lower)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
            } else {
                leader_by_name
                    .get(&fold(&t))
                    .map(Vec::as_slice)
                    .unwrap_or_default()
            };
            match hits {
                [one] if *one == LeaderRef::Row(i) => {
                    err(&mut errors, r.row, column, cell, "err.import_leader_self");
                    None
                }
                [one] => Some(one.clone()),
                [] => {
                    // a row of the file that has problems of its own is not reported twice
                    if !bad_rows.contains(&fold(&t)) && !bad_rows.contains(&lower) {
                        err(
                            &mut errors,
                            r.row,
                            column,
                            cell,
                            "err.import_leader_unknown",
                        );
                    }
                    None
                }
                _ => {
                    err(
                        &mut errors,
                        r.row,
                        column,
                        cell,
                        "err.import_leader_ambiguous",
                    );
                    None
                }
            }
        };
        let reviewer = pick(&r.reviewer, "reviewer");
        let evaluator = pick(&r.evaluator, "evaluator");
        leaders.push((i, reviewer, evaluator));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (i, reviewer, evaluator) in leaders {
        out[i].reviewer = reviewer;
        out[i].evaluator = evaluator;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn units() -> Vec<ScopeUnit> {
        vec![
            ScopeUnit {
                id: "u1".into(),
                code: "HM-XAP".into(),
                name: "Xã An Phú".into(),
                suffix: "huyenmau".into(),
            },
            ScopeUnit {
                id: "u2".into(),
                code: "HM-VP".into(),
                name: "Văn phòng".into(),
                suffix: "huyenmau".into(),
            },
            ScopeUnit {
                id: "u3".into(),
                code: "HM-XBM-VP".into(),
                name: "Văn phòng".into(),
                suffix: "huyenmau".into(),
            },
        ]
    }

    fn row(n: u32, name: &str, position: &str, role: &str) -> RawRow {
        RawRow {
            row: n,
            full_name: name.into(),
            position: position.into(),
            unit: "Xã An Phú".into(),
            role: role.into(),
            ..RawRow::default()
        }
    }

    fn run(
        rows: &[RawRow],
        people: &[ScopePerson],
        taken: &[&str],
    ) -> Result<Vec<PlannedRow>, Vec<RowError>> {
        let u = units();
        let taken: HashSet<String> = taken.iter().map(|s| (*s).to_owned()).collect();
        let f = |n: &str| taken.contains(n);
        plan(
            rows,
            &Scope {
                units: &u,
                default_unit: &u[0],
                people,
                username_taken: &f,
            },
        )
    }

    const STAFF: &str = "Công chức, viên chức, lao động hợp đồng";
    const BODY: &str = "Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị";

    #[test]
    fn the_forms_four_roles() {
        // seed 001: "Vai trò: cập nhật đúng vai trò tương ứng với chức vụ"
        assert_eq!(
            parse_sheet_role("Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị"),
            Some(SheetRole::BodyLeader)
        );
        assert_eq!(
            parse_sheet_role("Trưởng, phó các phòng, ban, ngành"),
            Some(SheetRole::OfficeLeader)
        );
        assert_eq!(
            parse_sheet_role("CÔNG CHỨC, VIÊN CHỨC, LAO ĐỘNG HĐ"),
            Some(SheetRole::Staff)
        );
        assert_eq!(
            parse_sheet_role("Tổng hợp, tham mưu đánh giá"),
            Some(SheetRole::Aggregator)
        );
        assert_eq!(parse_sheet_role("Giám đốc"), None);
        assert_eq!(leader_rank("Phó Chủ tịch UBND xã"), PositionRank::Deputy);
        assert_eq!(leader_rank("Chủ tịch UBND xã"), PositionRank::Head);
    }

    #[test]
    fn a_clean_sheet_plans_people_roles_and_leaders() {
        let rows = vec![
            RawRow {
                is_unit_admin: "X".into(),
                ..row(5, "Nguyễn Văn A", "Chuyên viên", STAFF)
            },
            row(6, "Trần Thị Chủ", "Chủ tịch UBND xã", BODY),
            RawRow {
                evaluator: "Trần Thị Chủ".into(),
                phone: "912345678".into(),
                ..row(7, "Lê Văn Bốn", "Chuyên viên", STAFF)
            },
        ];
        let p = run(&rows, &[], &["nguyenvana_huyenmau"]).unwrap_or_default();
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[0].username, "nguyenvana2_huyenmau",
            "a taken name gets a number (M2.4)"
        );
        assert_eq!(p[0].roles, vec![Role::UnitAdmin]);
        assert_eq!(
            (p[1].rank, p[1].roles.clone()),
            (PositionRank::Head, vec![Role::Evaluator])
        );
        assert_eq!(p[2].evaluator, Some(LeaderRef::Row(1)));
        assert_eq!(
            p[2].phone.as_deref(),
            Some("0912345678"),
            "Excel dropped the leading zero"
        );
    }

    #[test]
    fn every_problem_is_reported_with_row_and_column() {
        let rows = vec![
            RawRow {
                email: "sai@".into(),
                ..row(5, "Nguyễn Văn 1", "", "Giám đốc")
            },
            RawRow {
                unit: "Văn phòng".into(),
                ..row(6, "Phạm Thị B", "Chuyên viên", STAFF)
            },
            RawRow {
                unit: "Xã Không Có".into(),
                is_unit_admin: "có lẽ".into(),
                ..row(7, "Phạm Thị C", "Chuyên viên", STAFF)
            },
            row(8, "Phạm Thị D", "Chuyên viên", STAFF),
            row(9, "Phạm Thị D", "Chuyên viên", STAFF),
        ];
        let errs = run(&rows, &[], &[]).err().unwrap_or_default();
        let got: Vec<(u32, &str, &str)> = errs.iter().map(|e| (e.row, e.column, e.key)).collect();
        assert_eq!(
            got,
            vec![
                (5, "full_name", "err.person_name"),
                (5, "position", "err.required"),
                (5, "email", "err.email"),
                (5, "role", "err.import_role"),
                (6, "unit", "err.import_unit_ambiguous"),
                (7, "is_unit_admin", "err.import_admin_mark"),
                (7, "unit", "err.import_unit_unknown"),
                (9, "full_name", "err.import_duplicate_row"),
            ]
        );
    }

    #[test]
    fn leaders_must_name_exactly_one_person() {
        let people = vec![
            ScopePerson {
                id: "p1".into(),
                full_name: "Đỗ Văn Hùng".into(),
                unit_id: "u1".into(),
                username: Some("dovanhung_huyenmau".into()),
                email: None,
            },
            ScopePerson {
                id: "p2".into(),
                full_name: "Đỗ Văn Hùng".into(),
                unit_id: "u2".into(),
                username: Some("dovanhung2_huyenmau".into()),
                email: None,
            },
        ];
        let ambiguous = vec![RawRow {
            evaluator: "Đỗ Văn Hùng".into(),
            ..row(5, "Lê Thị E", "Chuyên viên", STAFF)
        }];
        let errs = run(&ambiguous, &people, &[]).err().unwrap_or_default();
        assert_eq!(errs[0].key, "err.import_leader_ambiguous");
        let by_account = vec![RawRow {
            evaluator: "dovanhung2_huyenmau".into(),
            ..row(5, "Lê Thị E", "Chuyên viên", STAFF)
        }];
        assert_eq!(
            run(&by_account, &people, &[]).unwrap_or_default()[0].evaluator,
            Some(LeaderRef::Person("p2".into()))
        );
        let unknown = vec![RawRow {
            reviewer: "Ai Đó".into(),
            ..row(5, "Lê Thị E", "Chuyên viên", STAFF)
        }];
        assert_eq!(
            run(&unknown, &people, &[]).err().unwrap_or_default()[0].key,
            "err.import_leader_unknown"
        );
    }

    #[test]
    fn existing_people_are_matched_and_keep_their_account() {
        let people = vec![ScopePerson {
            id: "p1".into(),
            full_name: "Nguyễn Văn A".into(),
            unit_id: "u1".into(),
            username: Some("nguyenvana_huyenmau".into()),
            email: Some("a@hm.gov.vn".into()),
        }];
        let by_email = vec![RawRow {
            email: "a@hm.gov.vn".into(),
            ..row(5, "Nguyễn Văn A", "Chuyên viên chính", STAFF)
        }];
        let p = run(&by_email, &people, &["nguyenvana_huyenmau"]).unwrap_or_default();
        assert_eq!(
            (p[0].existing.as_deref(), p[0].username.as_str()),
            (Some("p1"), "nguyenvana_huyenmau")
        );
        let by_name = vec![row(5, "Nguyễn Văn A", "Chuyên viên", STAFF)];
        assert_eq!(
            run(&by_name, &people, &["nguyenvana_huyenmau"]).unwrap_or_default()[0]
                .existing
                .as_deref(),
            Some("p1")
        );
        let moved = vec![RawRow {
            unit: "HM-VP".into(),
            email: "a@hm.gov.vn".into(),
            ..row(5, "Nguyễn Văn A", "Chuyên viên", STAFF)
        }];
        assert_eq!(
            run(&moved, &people, &[]).err().unwrap_or_default()[0].key,
            "err.import_unit_changed",
            "a move is a transfer, with a date"
        );
        let renamed = vec![RawRow {
            username: "khac_huyenmau".into(),
            email: "a@hm.gov.vn".into(),
            ..row(5, "Nguyễn Văn A", "Chuyên viên", STAFF)
        }];
        assert_eq!(
            run(&renamed, &people, &[]).err().unwrap_or_default()[0].key,
            "err.import_username_changed"
        );
    }

    proptest! {
        /// Whatever the rows, the planner either plans every row or reports at least one
        /// problem, and every reported row number is a row of the sheet.
        #[test]
        fn all_or_nothing(names in proptest::collection::vec("[A-Za-zĐđÀ-ỹ ]{0,12}", 1..12), roles in proptest::collection::vec(0usize..5, 12)) {
            let texts = [STAFF, BODY, "Tổng hợp, tham mưu đánh giá", "Trưởng, phó các phòng, ban, ngành", "???"];
            let rows: Vec<RawRow> = names.iter().enumerate().map(|(i, n)| row(u32::try_from(i).unwrap_or(0) + 5, n, "Chuyên viên", texts[roles[i]])).collect();
            match run(&rows, &[], &[]) {
                Ok(p) => {
                    prop_assert_eq!(p.len(), rows.len());
                    let names: HashSet<&str> = p.iter().map(|r| r.username.as_str()).collect();
                    prop_assert_eq!(names.len(), p.len(), "account names unique");
                }
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    prop_assert!(e.iter().all(|x| rows.iter().any(|r| r.row == x.row)));
                }
            }
        }
    }
}
