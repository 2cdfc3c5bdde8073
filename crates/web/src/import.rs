//! The staff-list import (SPEC M2.5; issue 3 §2), shared by the web pages and the CLI:
//! read the sheet, plan it against the importer's scope, and either report every problem or
//! apply everything in one transaction and hand out one-time passwords for the new accounts.

use std::collections::{BTreeMap, HashMap, HashSet};

use danhgia_domain::access::{Action, Scope as AccessScope};
use danhgia_domain::import::{self, PlannedRow, RawRow, RowError, ScopePerson, ScopeUnit};
use danhgia_domain::org;
use danhgia_sheets::{Column, OutRow, StaffSheet};
use danhgia_store::{ImportOutcome, NewAccount, Store, Unit};

use crate::auth;
use crate::error::AppError;
use crate::i18n::{Lang, t};

/// A read and planned sheet.
pub struct Planned {
    pub sheet: StaffSheet,
    pub plan: Result<Vec<PlannedRow>, Vec<RowError>>,
}

/// One problem as people read it: "row 12, column F (SĐT liên hệ): '12ab' — message".
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub row: u32,
    pub column: String,
    pub column_title: &'static str,
    pub value: String,
    pub message: &'static str,
}

fn column_of(key: &str) -> Option<Column> {
    Column::ALL.into_iter().find(|c| c.key() == key)
}

/// Reads `bytes` and plans the import into `unit`, limited to the units where `scope` may
/// manage staff (`None`: the operator's CLI, the whole subtree).
pub async fn plan_file(
    store: &Store,
    bytes: &[u8],
    unit: &Unit,
    scope: Option<&AccessScope>,
) -> Result<Planned, AppError> {
    let sheet =
        danhgia_sheets::read_staff_sheet(bytes).map_err(|e| AppError::BadRequest(e.key()))?;
    let allowed = |path: &str| scope.is_none_or(|s| s.allows(Action::ManageStaff, path));
    // Suffixes: nearest unit with one, walking down from the root of the target's path.
    let mut suffix_of: HashMap<String, Option<String>> = HashMap::new();
    for a in store.ancestors(unit).await? {
        suffix_of.insert(a.id.clone(), a.suffix.clone());
    }
    let units = store
        .units_in_scope(std::slice::from_ref(&unit.path), &[])
        .await?;
    for u in &units {
        suffix_of.insert(u.id.clone(), u.suffix.clone());
    }
    let suffix = |path: &str| -> String {
        org::ancestors(path)
            .filter_map(|id| suffix_of.get(id).cloned().flatten())
            .last()
            .unwrap_or_default()
    };
    let scope_units: Vec<ScopeUnit> = units
        .iter()
        .filter(|u| allowed(&u.path))
        .map(|u| ScopeUnit {
            id: u.id.clone(),
            code: u.code.clone(),
            name: u.name.clone(),
            suffix: suffix(&u.path),
        })
        .collect();
    let Some(default_unit) = scope_units.iter().find(|u| u.id == unit.id).cloned() else {
        return Err(AppError::NotFound);
    };
    let in_scope: HashSet<&str> = scope_units.iter().map(|u| u.id.as_str()).collect();
    let people: Vec<ScopePerson> = store
        .people_in_subtree(&unit.path)
        .await?
        .into_iter()
        .filter(|p| in_scope.contains(p.2.as_str()))
        .map(|(id, full_name, unit_id, username, email)| ScopePerson {
            id,
            full_name,
            unit_id,
            username,
            email,
        })
        .collect();
    let taken: HashSet<String> = store.all_usernames().await?.into_iter().collect();
    let taken_fn = |n: &str| taken.contains(n);
    let rows: Vec<RawRow> = sheet
        .rows
        .iter()
        .map(|r| RawRow {
            row: r.row,
            full_name: r.get(Column::FullName).to_owned(),
            position: r.get(Column::Position).to_owned(),
            username: r.get(Column::Username).to_owned(),
            email: r.get(Column::Email).to_owned(),
            phone: r.get(Column::Phone).to_owned(),
            unit: r.get(Column::Unit).to_owned(),
            role: r.get(Column::Role).to_owned(),
            is_unit_admin: r.get(Column::IsUnitAdmin).to_owned(),
            reviewer: r.get(Column::Reviewer).to_owned(),
            evaluator: r.get(Column::Evaluator).to_owned(),
        })
        .collect();
    let plan = import::plan(
        &rows,
        &import::Scope {
            units: &scope_units,
            default_unit: &default_unit,
            people: &people,
            username_taken: &taken_fn,
        },
    );
    Ok(Planned { sheet, plan })
}

/// The problems of a plan, in sheet order, with column letters and Vietnamese messages.
pub fn problems(sheet: &StaffSheet, errors: &[RowError]) -> Vec<Problem> {
    let mut out: Vec<Problem> = errors
        .iter()
        .map(|e| {
            let col = column_of(e.column);
            Problem {
                row: e.row,
                column: col.and_then(|c| sheet.column_letter(c)).unwrap_or_default(),
                column_title: col.map_or("", Column::title),
                value: e.value.clone(),
                message: t(Lang::Vi, e.key),
            }
        })
        .collect();
    out.sort_by_key(|p| p.row);
    out
}

/// A copy of the sheet with a "Lỗi" column holding each row's problems.
pub fn error_sheet(sheet: &StaffSheet, problems: &[Problem]) -> Result<Vec<u8>, AppError> {
    let mut by_row: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for p in problems {
        by_row
            .entry(p.row)
            .or_default()
            .push(format!("{} ({}): {}", p.column_title, p.column, p.message));
    }
    let rows: Vec<OutRow> = sheet
        .rows
        .iter()
        .map(|r| OutRow {
            cells: r.cells.clone(),
            error: by_row.get(&r.row).map(|v| v.join("; ")),
        })
        .collect();
    danhgia_sheets::write_staff_sheet(
        "DANH SÁCH CÁN BỘ — CÁC DÒNG CẦN SỬA GHI Ở CỘT LỖI",
        &rows,
        true,
    )
    .map_err(|e| AppError::BadRequest(e.key()))
}

/// An account created by an import, with its one-time password.
#[derive(Debug, Clone)]
pub struct Issued {
    pub full_name: String,
    pub username: String,
    pub password: String,
}

/// Applies a plan; new people get accounts with one-time passwords (5-day deadline).
pub async fn apply(
    store: &Store,
    plan: &[PlannedRow],
    granted_by: Option<&str>,
    lifecycle: &danhgia_domain::password::Lifecycle,
) -> Result<(ImportOutcome, Vec<Issued>), AppError> {
    let deadline = lifecycle.deadline(danhgia_store::now());
    let mut accounts = HashMap::new();
    let mut issued = Vec::new();
    for (i, r) in plan
        .iter()
        .enumerate()
        .filter(|(_, r)| r.existing.is_none())
    {
        let otp = auth::one_time_password();
        accounts.insert(
            i,
            NewAccount {
                username: r.username.clone(),
                password_hash: auth::hash_one_time_password(&otp),
                must_change_password: true,
                password_deadline: Some(deadline),
            },
        );
        issued.push(Issued {
            full_name: r.full_name.clone(),
            username: r.username.clone(),
            password: otp,
        });
    }
    let outcome = store.apply_import(plan, &accounts, granted_by).await?;
    Ok((outcome, issued))
}

/// The sheet of new accounts and their one-time passwords, for the admin to hand out.
pub fn credentials_sheet(issued: &[Issued]) -> Result<Vec<u8>, AppError> {
    let rows: Vec<OutRow> = issued
        .iter()
        .enumerate()
        .map(|(i, c)| OutRow {
            cells: [
                (Column::Stt, (i + 1).to_string()),
                (Column::FullName, c.full_name.clone()),
                (Column::Username, c.username.clone()),
            ]
            .into_iter()
            .collect(),
            error: Some(c.password.clone()),
        })
        .collect();
    danhgia_sheets::write_staff_sheet_with_note(
        "DANH SÁCH TÀI KHOẢN VÀ MẬT KHẨU TẠM THỜI (PHẢI ĐỔI TRONG 5 NGÀY)",
        &rows,
        Some("Mật khẩu tạm thời"),
    )
    .map_err(|e| AppError::BadRequest(e.key()))
}
