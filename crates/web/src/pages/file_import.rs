//! Personnel files in and out of Excel (issue 11 §8: "import of existing files from Excel";
//! exported like the rest). One workbook, two worksheets: "Lý lịch" (a profile per person) and
//! "Quá trình" (a process per row), each person named by their account. The export writes the
//! same workbook for the unit's subtree, so a unit can fill it in and bring it back. An import
//! is checked whole first — every problem named by sheet, row and column, in Vietnamese — and
//! written in one transaction only when there is none; processes are entered as pages of the
//! past (nothing is carried out).

use std::collections::HashMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::hr::{
    self, Decision, Details, DisciplineForm, Gender, PoliticalTheory, Process, ProcessKind,
    Profile, Qualification, StateManagement,
};
use danhgia_domain::people::PositionRank;
use danhgia_domain::points::Points;
use danhgia_domain::text::fold;
use danhgia_sheets::{RecordSheet, SheetSpec, read_records, write_records};
use danhgia_store::Unit;

use super::evaluations::{file_code, parse_day};
use super::{Ctx, Flash, render, visible_unit, vn_day, xlsx_download};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};
use crate::i18n::{self, Lang};

const PROFILE: SheetSpec = SheetSpec {
    name: "Lý lịch",
    columns: &[
        ("username", "Tài khoản"),
        ("full_name", "Họ và tên"),
        ("birth_date", "Ngày sinh"),
        ("gender", "Giới tính"),
        ("id_number", "Số CCCD"),
        ("birthplace", "Nơi sinh"),
        ("hometown", "Quê quán"),
        ("ethnicity", "Dân tộc"),
        ("religion", "Tôn giáo"),
        ("address", "Nơi ở hiện nay"),
        ("general_education", "Giáo dục phổ thông"),
        ("qualification", "Trình độ chuyên môn"),
        ("major", "Chuyên ngành"),
        ("political_theory", "Lý luận chính trị"),
        ("state_management", "Quản lý nhà nước"),
        ("party_joined_on", "Ngày vào Đảng"),
        ("party_official_on", "Ngày chính thức"),
    ],
};

const CAREER: SheetSpec = SheetSpec {
    name: "Quá trình",
    columns: &[
        ("username", "Tài khoản"),
        ("full_name", "Họ và tên"),
        ("kind", "Loại quá trình"),
        ("from", "Từ ngày"),
        ("to", "Đến ngày"),
        ("decision_number", "Số quyết định"),
        ("decision_date", "Ngày quyết định"),
        ("decision_signer", "Người ký"),
        ("unit_code", "Mã đơn vị"),
        ("position_title", "Chức vụ, chức danh"),
        ("rank", "Vị trí lãnh đạo"),
        ("scale_code", "Mã ngạch"),
        ("step", "Bậc"),
        ("coefficient", "Hệ số"),
        ("allowance", "Loại phụ cấp"),
        ("discipline", "Hình thức kỷ luật"),
        ("reason", "Lý do"),
    ],
};

/// A problem of the workbook: where, and what (a message key).
pub struct Problem {
    pub sheet: &'static str,
    pub row: u32,
    pub column: String,
    pub title: &'static str,
    pub key: &'static str,
}

#[derive(askama::Template)]
#[template(path = "file_import.html")]
pub struct FileImportPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub problems: Vec<Problem>,
    /// More problems than shown.
    pub more: usize,
    pub error: Option<&'static str>,
}

/// The most problems a page lists.
const SHOWN: usize = 200;

/// `GET /units/{id}/files/import`
pub async fn form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    Ok(render(&FileImportPage {
        ctx: Ctx::for_user(&user).with_flash(flash.ok.as_deref()),
        unit,
        problems: Vec::new(),
        more: 0,
        error: None,
    }))
}

/// The value of an enum from its Vietnamese label (or its code), case and accents aside.
fn by_label<E: Copy + std::fmt::Display>(prefix: &str, all: &[E], text: &str) -> Option<E> {
    let t = fold(text.trim());
    all.iter().copied().find(|v| {
        let code = v.to_string();
        fold(i18n::t(Lang::Vi, &format!("{prefix}.{code}"))) == t || code == text.trim()
    })
}

/// A row's cells by key.
struct Cells<'a>(&'a [(&'static str, String)]);

impl Cells<'_> {
    fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, v)| v.trim())
    }
}

/// Checks the rows of one sheet with `read`, which names problems by column key.
struct Checker<'a> {
    sheet: &'a RecordSheet,
    spec: &'static SheetSpec,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn add(&mut self, row: u32, key_col: &str, key: &'static str) {
        let title = self
            .spec
            .columns
            .iter()
            .find(|(k, _)| *k == key_col)
            .map_or("", |(_, t)| *t);
        self.problems.push(Problem {
            sheet: self.spec.name,
            row,
            column: self.sheet.letter(key_col),
            title,
            key,
        });
    }

    fn day(&mut self, row: u32, c: &Cells<'_>, col: &str) -> Option<time::Date> {
        let v = c.get(col);
        if v.is_empty() {
            return None;
        }
        let d = parse_day(v);
        if d.is_none() {
            self.add(row, col, "err.date");
        }
        d
    }

    fn choice<E: Copy + std::fmt::Display>(
        &mut self,
        row: u32,
        c: &Cells<'_>,
        col: &str,
        prefix: &str,
        all: &[E],
    ) -> Option<E> {
        let v = c.get(col);
        if v.is_empty() {
            return None;
        }
        let e = by_label(prefix, all, v);
        if e.is_none() {
            self.add(row, col, "err.choice");
        }
        e
    }
}

/// People of the unit's subtree by account name.
async fn people_by_account(
    state: &AppState,
    unit: &Unit,
) -> Result<HashMap<String, String>, AppError> {
    Ok(state
        .store
        .people_in_subtree(&unit.path)
        .await?
        .into_iter()
        .filter_map(|(id, _, _, username, _)| username.map(|u| (u.to_lowercase(), id)))
        .collect())
}

/// Everything the workbook says, or every problem in it.
#[allow(clippy::type_complexity)]
async fn check(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    sheets: &[RecordSheet],
) -> Result<(Vec<(String, Profile)>, Vec<(String, Process)>, Vec<Problem>), AppError> {
    let people = people_by_account(state, unit).await?;
    let today = danhgia_store::today();
    let mut problems = Vec::new();
    let mut profiles = Vec::new();
    let mut processes = Vec::new();
    let mut units: HashMap<String, Option<String>> = HashMap::new();
    for (sheet, spec) in sheets.iter().zip([&PROFILE, &CAREER]) {
        let mut ck = Checker {
            sheet,
            spec,
            problems: &mut problems,
        };
        if !sheet.rows.is_empty() && sheet.letter("username").is_empty() {
            ck.add(1, "username", "files.err.no_username");
            continue;
        }
        let mut seen: HashMap<String, u32> = HashMap::new();
        for (row, cells) in &sheet.rows {
            let row = *row;
            let c = Cells(cells);
            let Some(person) = people.get(&c.get("username").to_lowercase()).cloned() else {
                ck.add(row, "username", "files.err.person");
                continue;
            };
            if spec.name == PROFILE.name {
                if seen.insert(person.clone(), row).is_some() {
                    ck.add(row, "username", "files.err.twice");
                }
                let p = Profile {
                    birth_date: ck.day(row, &c, "birth_date"),
                    gender: ck.choice(row, &c, "gender", "hr.gender", Gender::ALL),
                    id_number: c.get("id_number").to_owned(),
                    birthplace: c.get("birthplace").to_owned(),
                    hometown: c.get("hometown").to_owned(),
                    ethnicity: c.get("ethnicity").to_owned(),
                    religion: c.get("religion").to_owned(),
                    address: c.get("address").to_owned(),
                    general_education: c.get("general_education").to_owned(),
                    qualification: ck.choice(
                        row,
                        &c,
                        "qualification",
                        "hr.qualification",
                        Qualification::ALL,
                    ),
                    major: c.get("major").to_owned(),
                    political_theory: ck.choice(
                        row,
                        &c,
                        "political_theory",
                        "hr.theory",
                        PoliticalTheory::ALL,
                    ),
                    state_management: ck.choice(
                        row,
                        &c,
                        "state_management",
                        "hr.state_mgmt",
                        StateManagement::ALL,
                    ),
                    party_joined_on: ck.day(row, &c, "party_joined_on"),
                    party_official_on: ck.day(row, &c, "party_official_on"),
                };
                for e in hr::check_profile(&p, today) {
                    ck.add(row, e.field, e.key);
                }
                profiles.push((person, p));
            } else {
                let Some(kind) = ck.choice(row, &c, "kind", "hr.kind", ProcessKind::ALL) else {
                    if c.get("kind").is_empty() {
                        ck.add(row, "kind", "err.choice");
                    }
                    continue;
                };
                let code = c.get("unit_code").to_owned();
                let unit_id = if code.is_empty() {
                    None
                } else {
                    if !units.contains_key(&code) {
                        let found = match state.store.unit_by_code(&code).await {
                            Ok(u) if user.scope.allows(Action::ViewUnit, &u.path) => Some(u.id),
                            Ok(_) | Err(danhgia_store::StoreError::NotFound) => None,
                            Err(e) => return Err(e.into()),
                        };
                        units.insert(code.clone(), found);
                    }
                    let id = units.get(&code).cloned().flatten();
                    if id.is_none() {
                        ck.add(row, "unit_code", "move.err.unit");
                    }
                    id
                };
                let step = match c.get("step") {
                    "" => None,
                    s => {
                        let v = s.parse::<u8>().ok();
                        if v.is_none() {
                            ck.add(row, "step", "hr.err.step");
                        }
                        v
                    }
                };
                let coefficient = match c.get("coefficient") {
                    "" => None,
                    s => {
                        let v = Points::parse(&s.replace('.', ","));
                        if v.is_none() {
                            ck.add(row, "coefficient", "criteria.err.number");
                        }
                        v
                    }
                };
                let p = Process {
                    kind,
                    from: ck.day(row, &c, "from"),
                    to: ck.day(row, &c, "to"),
                    decision: Decision {
                        number: c.get("decision_number").to_owned(),
                        date: ck.day(row, &c, "decision_date"),
                        signer: c.get("decision_signer").to_owned(),
                    },
                    details: Details {
                        position_title: c.get("position_title").to_owned(),
                        unit_id,
                        rank: ck.choice(row, &c, "rank", "rank", PositionRank::ALL),
                        scale_code: c.get("scale_code").to_owned(),
                        step,
                        coefficient,
                        allowance: c.get("allowance").to_owned(),
                        discipline: ck.choice(
                            row,
                            &c,
                            "discipline",
                            "hr.discipline",
                            DisciplineForm::ALL,
                        ),
                        reason: c.get("reason").to_owned(),
                    },
                };
                for e in hr::check(&p) {
                    let col = match e.field {
                        "unit_id" => "unit_code",
                        f => f,
                    };
                    ck.add(row, col, e.key);
                }
                processes.push((person, p));
            }
        }
    }
    Ok((profiles, processes, problems))
}

/// `POST /units/{id}/files/import` (multipart: `csrf`, `file`): checks the workbook and, when
/// it has no problem, writes it all.
pub async fn upload(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let upload = super::Upload::read(&mut multipart).await;
    upload.check(&user)?;
    let file = upload.file;
    let refuse = |unit: Unit, error: Option<&'static str>, problems: Vec<Problem>| {
        let more = problems.len().saturating_sub(SHOWN);
        let mut problems = problems;
        problems.truncate(SHOWN);
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&FileImportPage {
                ctx: Ctx::for_user(&user),
                unit,
                problems,
                more,
                error,
            }),
        )
            .into_response()
    };
    if file.is_empty() {
        return Ok(refuse(unit, Some("err.upload_empty"), Vec::new()));
    }
    let sheets = match read_records(&file, &[PROFILE, CAREER]) {
        Ok(s) => s,
        Err(e) => return Ok(refuse(unit, Some(e.key()), Vec::new())),
    };
    if sheets.iter().all(|s| s.rows.is_empty()) {
        return Ok(refuse(unit, Some("files.err.empty"), Vec::new()));
    }
    let (profiles, processes, problems) = check(&state, &user, &unit, &sheets).await?;
    if !problems.is_empty() {
        return Ok(refuse(unit, None, problems));
    }
    let (p, c) = state
        .store
        .import_files(
            &profiles,
            &processes,
            Some(&user.account_id),
            &user.username,
        )
        .await
        .map_err(AppError::from)?;
    crate::audit::record(
        &state,
        Some(&user),
        "files_imported",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "profiles": p, "processes": c }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/units/{}/files/import?ok=files.ok.imported",
        unit.id
    ))
    .into_response())
}

fn label(prefix: &str, code: Option<&str>) -> String {
    code.map(|c| i18n::t(Lang::Vi, &format!("{prefix}.{c}")).to_owned())
        .unwrap_or_default()
}

fn day_text(d: Option<time::Date>) -> String {
    d.map(vn_day).unwrap_or_default()
}

/// `GET /units/{id}/files.xlsx`: the subtree's files in the import's workbook.
pub async fn export(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let files = state
        .store
        .files_on(&unit.path, danhgia_store::today())
        .await?;
    let accounts: HashMap<String, String> = people_by_account(&state, &unit)
        .await?
        .into_iter()
        .map(|(u, p)| (p, u))
        .collect();
    let mut profiles = Vec::new();
    let mut career = Vec::new();
    // Every career of the subtree in one query, by person.
    let mut careers: HashMap<String, Vec<(danhgia_store::CareerProcess, Option<String>)>> =
        HashMap::new();
    for (c, code) in state.store.careers_under(&unit.path).await? {
        careers
            .entry(c.person_id.clone())
            .or_default()
            .push((c, code));
    }
    for f in &files {
        let username = accounts.get(&f.person_id).cloned().unwrap_or_default();
        let p = f.profile.as_ref().map(|p| p.profile()).unwrap_or_default();
        profiles.push(vec![
            username.clone(),
            f.full_name.clone(),
            day_text(p.birth_date),
            label("hr.gender", p.gender.map(|g| g.as_str())),
            p.id_number,
            p.birthplace,
            p.hometown,
            p.ethnicity,
            p.religion,
            p.address,
            p.general_education,
            label("hr.qualification", p.qualification.map(|g| g.as_str())),
            p.major,
            label("hr.theory", p.political_theory.map(|g| g.as_str())),
            label("hr.state_mgmt", p.state_management.map(|g| g.as_str())),
            day_text(p.party_joined_on),
            day_text(p.party_official_on),
        ]);
        for (c, code) in careers.remove(&f.person_id).unwrap_or_default() {
            career.push(vec![
                username.clone(),
                f.full_name.clone(),
                i18n::t(Lang::Vi, &c.kind.key()).to_owned(),
                vn_day(c.started_on),
                day_text(c.ended_on),
                c.decision_number,
                vn_day(c.decision_date),
                c.decision_signer,
                code.unwrap_or_default(),
                c.position_title,
                label("rank", c.rank.as_deref()),
                c.scale_code,
                c.step.map(|s| s.to_string()).unwrap_or_default(),
                c.coefficient
                    .map(|h| Points::from_hundredths(h).vi())
                    .unwrap_or_default(),
                c.allowance,
                label("hr.discipline", c.discipline.as_deref()),
                c.reason,
            ]);
        }
    }
    let bytes = write_records(&[(PROFILE, profiles), (CAREER, career)])
        .map_err(|e| AppError::Internal(e.to_string()))?;
    crate::audit::record(
        &state,
        Some(&user),
        "files_exported",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "files": files.len() }),
    )
    .await;
    Ok(xlsx_download(
        &format!("ho-so-{}.xlsx", file_code(&unit)),
        bytes,
    ))
}
