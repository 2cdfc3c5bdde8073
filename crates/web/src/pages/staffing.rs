//! Organisation and staffing, and the periodic reports on the personnel files (issue 11 §2 and
//! §7, SPEC M8.2 and M8.7; rules in `danhgia_domain::staffing` and `danhgia_domain::hr`): a
//! unit's contacts, head and operating rules; its staffing quotas (biên chế) by year and
//! category against the head count; the completeness report (which files lack what — the
//! letter's complaint); and the report due before 15 June and 15 December, as Excel and PDF.
//! All of it is the unit's admins' (`ManageStaff`), over the unit's subtree.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::hr::{self, ProcessKind, Profile};
use danhgia_domain::org::is_within;
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::staffing::{self, HeadCount, Member, Report, ReportPeriod};
use danhgia_domain::validate::FieldErrors;
use danhgia_print::{Align, Col, Document, Orientation, Signer};
use danhgia_sheets::{Table, TableCell};
use danhgia_store::{FileRow, Unit, UnitProfile};
use serde::Deserialize;
use time::Date;

use super::evaluations::file_code;
use super::printed::{heading_for, own_name, pdf};
use super::{Ctx, Errors, Opt, enum_options, pdf_download, render, visible_unit, vn_day};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

/// The files of a subtree on a day: each person with their profile and what their file lacks.
pub struct Census {
    pub on: Date,
    pub files: Vec<FileRow>,
    pub profiles: Vec<Option<Profile>>,
    /// What each file lacks, as message keys (`hr::file_gaps`), worked out once.
    pub gaps: Vec<Vec<String>>,
}

impl Census {
    pub async fn load(state: &AppState, unit: &Unit, on: Date) -> Result<Census, AppError> {
        let files = state.store.files_on(&unit.path, on).await?;
        let profiles: Vec<Option<Profile>> = files
            .iter()
            .map(|f| f.profile.as_ref().map(|p| p.profile()))
            .collect();
        let mut held: HashMap<String, Vec<ProcessKind>> = HashMap::new();
        for (person, kind) in state.store.kinds_held(&unit.path).await? {
            held.entry(person).or_default().push(kind);
        }
        let gaps = files
            .iter()
            .zip(&profiles)
            .map(|(f, p)| {
                hr::file_gaps(
                    f.employment,
                    f.rank,
                    held.get(&f.person_id).map_or(&[][..], Vec::as_slice),
                    p.as_ref(),
                )
            })
            .collect();
        Ok(Census {
            on,
            files,
            profiles,
            gaps,
        })
    }

    /// The head count of the files under `path` (all when `None`), excluding those under any
    /// of `except`.
    pub fn count(&self, path: Option<&str>, except: &[&str]) -> HeadCount {
        let members: Vec<Member<'_>> = (0..self.files.len())
            .filter(|i| {
                let p = &self.files[*i].unit_path;
                path.is_none_or(|root| is_within(p, root))
                    && !except.iter().any(|e| is_within(p, e))
            })
            .map(|i| Member {
                employment: self.files[i].employment,
                profile: self.profiles[i].as_ref(),
                complete: self.gaps[i].is_empty(),
            })
            .collect();
        staffing::head_count(&members, self.on)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// One line of the quota table: a unit, a category, the quota, the head count, the gap.
pub struct QuotaLine {
    pub unit_name: String,
    pub category: Employment,
    pub quota: Option<i64>,
    pub decision_number: String,
    pub actual: u32,
    pub gap: Option<i64>,
    /// Over the quota.
    pub over: bool,
}

#[derive(askama::Template)]
#[template(path = "staffing.html")]
pub struct StaffingPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub head: Option<String>,
    pub profile: UnitProfile,
    pub year: i32,
    pub lines: Vec<QuotaLine>,
    pub quota_units: Vec<Opt>,
    pub categories: Vec<Opt>,
    pub errors: Errors,
    pub total: u32,
    pub incomplete: u32,
    pub report_year: i32,
    pub report_june: bool,
    pub today: String,
    pub rules_day: String,
    /// The unit is a level of government (council and committee, M8.3).
    pub has_council: bool,
}

impl StaffingPage {
    pub fn signed(&self, v: &Option<i64>) -> String {
        match v {
            Some(g) if *g > 0 => format!("+{g}"),
            Some(g) => g.to_string(),
            None => String::new(),
        }
    }
}

/// The head of a unit: who holds the head's rank in it today.
async fn head_of(state: &AppState, unit: &Unit) -> Result<Option<String>, AppError> {
    Ok(state
        .store
        .people_in_unit(&unit.id)
        .await?
        .into_iter()
        .find(|p| p.rank == PositionRank::Head)
        .map(|p| format!("{} ({})", p.full_name, p.position_title)))
}

async fn staffing_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    year: i32,
    profile: Option<UnitProfile>,
    errors: Errors,
) -> Result<StaffingPage, AppError> {
    let ctx = Ctx::for_user(user);
    let today = danhgia_store::today();
    let census = Census::load(state, &unit, today).await?;
    let children = state.store.children(&unit.id).await?;
    let quotas = state.store.quotas(&unit.path, year).await?;
    // The unit itself, then each child: its quota per category against its subtree's count.
    let mut lines = Vec::new();
    for u in std::iter::once(&unit).chain(children.iter()) {
        let count = census.count(Some(&u.path), &[]);
        for category in Employment::ALL {
            let q = quotas
                .iter()
                .find(|q| q.unit_id == u.id && q.category == *category);
            let actual = count.by_employment[staffing::employment_index(*category)];
            if q.is_none() && actual == 0 {
                continue;
            }
            lines.push(QuotaLine {
                unit_name: if u.id == unit.id && !children.is_empty() {
                    format!("{} ({})", u.name, ctx.t("staffing.whole"))
                } else {
                    u.name.clone()
                },
                category: *category,
                quota: q.map(|q| q.quota),
                decision_number: q.map(|q| q.decision_number.clone()).unwrap_or_default(),
                actual,
                gap: q.map(|q| staffing::gap(u32::try_from(q.quota).unwrap_or(0), actual)),
                over: q.is_some_and(|q| i64::from(actual) > q.quota),
            });
        }
    }
    let all = census.count(None, &[]);
    let quota_units = super::unit_options(state, user, Some(&unit.id), |u| {
        is_within(&u.path, &unit.path) && user.scope.allows(Action::ManageStaff, &u.path)
    })
    .await?;
    let (report_year, report) = staffing::next_report(today);
    let profile = match profile {
        Some(p) => p,
        None => state
            .store
            .unit_profile(&unit.id)
            .await?
            .unwrap_or_default(),
    };
    Ok(StaffingPage {
        has_council: danhgia_domain::localgov::has_council(unit.kind),
        head: head_of(state, &unit).await?,
        rules_day: profile
            .rules_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        profile,
        categories: enum_options(&ctx, "employment", Employment::ALL, ""),
        ctx,
        unit,
        year,
        lines,
        quota_units,
        errors,
        total: all.total,
        incomplete: all.incomplete,
        report_year,
        report_june: report == Report::June,
        today: today.to_string(),
    })
}

/// `GET /units/{id}/staffing?year=`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    Query(flash): Query<super::Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let year = q
        .year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| danhgia_store::today().year());
    let mut page = staffing_page(&state, &user, unit, year, None, Errors::default()).await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

#[derive(Debug, Default, Deserialize)]
pub struct UnitProfileForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub rules_number: String,
    #[serde(default)]
    pub rules_date: String,
}

/// `POST /units/{id}/staffing/profile`: the unit's contacts and operating rules.
pub async fn save_profile(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<UnitProfileForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    for (name, v) in [
        ("address", &f.address),
        ("phone", &f.phone),
        ("rules_number", &f.rules_number),
    ] {
        if v.chars().count() > hr::MAX_TEXT {
            errs.add(name, "hr.err.too_long");
        }
    }
    let email = f.email.trim();
    if !email.is_empty() && (!email.contains('@') || email.chars().count() > hr::MAX_TEXT) {
        errs.add("email", "err.email");
    }
    let rules_date = super::career::day(&mut errs, "rules_date", &f.rules_date);
    let profile = UnitProfile {
        address: f.address.trim().to_owned(),
        phone: f.phone.trim().to_owned(),
        email: email.to_owned(),
        rules_number: f.rules_number.trim().to_owned(),
        rules_date,
    };
    if errs.is_empty() {
        state
            .store
            .save_unit_profile(&unit.id, &profile, &user.username)
            .await
            .map_err(AppError::from)?;
        crate::audit::record(
            &state,
            Some(&user),
            "unit_profile_saved",
            "unit",
            Some(&unit.id),
            Some(&unit.id),
            serde_json::json!({ "rules": profile.rules_number }),
        )
        .await;
        return Ok(Redirect::to(&format!(
            "/units/{}/staffing?ok=staffing.ok.profile",
            unit.id
        ))
        .into_response());
    }
    let year = danhgia_store::today().year();
    let page = staffing_page(&state, &user, unit, year, Some(profile), Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct QuotaForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub quota_unit: String,
    #[serde(default)]
    pub quota_year: String,
    #[serde(default)]
    pub quota_category: String,
    #[serde(default)]
    pub quota: String,
    #[serde(default)]
    pub quota_decision: String,
}

/// `POST /units/{id}/staffing/quota`: sets the quota of a unit of the subtree for a year and a
/// category (zero with no decision removes it).
pub async fn save_quota(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<QuotaForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    let target = match state.store.unit(f.quota_unit.trim()).await {
        Ok(t)
            if is_within(&t.path, &unit.path)
                && user.scope.allows(Action::ManageStaff, &t.path) =>
        {
            Some(t)
        }
        _ => {
            errs.add("quota_unit", "hr.err.unit_scope");
            None
        }
    };
    let year = f
        .quota_year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errs.add("quota_year", "staffing.err.year");
    }
    let category = Employment::parse(f.quota_category.trim());
    if category.is_none() {
        errs.add("quota_category", "err.choice");
    }
    let quota = f
        .quota
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|q| *q <= staffing::MAX_QUOTA);
    if quota.is_none() {
        errs.add("quota", "staffing.err.quota");
    }
    let decision = f.quota_decision.trim();
    if (quota.is_some_and(|q| q > 0) && decision.is_empty())
        || decision.chars().count() > hr::MAX_NUMBER
    {
        errs.add("quota_decision", "staffing.err.decision");
    }
    if let (Some(t), Some(year), Some(category), Some(quota), true) =
        (&target, year, category, quota, errs.is_empty())
    {
        state
            .store
            .set_quota(&t.id, year, category, quota, decision, &user.username)
            .await
            .map_err(AppError::from)?;
        crate::audit::record(
            &state,
            Some(&user),
            "staffing_quota",
            "unit",
            Some(&t.id),
            Some(&t.id),
            serde_json::json!({ "year": year, "category": category.as_str(), "quota": quota, "decision": decision }),
        )
        .await;
        return Ok(Redirect::to(&format!(
            "/units/{}/staffing?year={year}&ok=staffing.ok.quota",
            unit.id
        ))
        .into_response());
    }
    let page = staffing_page(
        &state,
        &user,
        unit,
        year.unwrap_or_else(|| danhgia_store::today().year()),
        None,
        Errors(errs),
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// One incomplete file.
pub struct GapRow {
    pub person_id: String,
    pub full_name: String,
    pub unit_name: String,
    pub position_title: String,
    pub gaps: Vec<String>,
}

/// Files per unit: how many, how many incomplete.
pub struct UnitGaps {
    pub unit_name: String,
    pub total: u32,
    pub incomplete: u32,
}

#[derive(askama::Template)]
#[template(path = "completeness.html")]
pub struct CompletenessPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub units: Vec<UnitGaps>,
    pub rows: Vec<GapRow>,
    /// Rows beyond those shown (the Excel file has them all).
    pub more: usize,
}

/// The most incomplete files a page lists.
const PAGE_ROWS: usize = 500;

fn completeness(census: &Census) -> (Vec<UnitGaps>, Vec<GapRow>) {
    let mut units: Vec<UnitGaps> = Vec::new();
    let mut rows = Vec::new();
    for (f, gaps) in census.files.iter().zip(&census.gaps) {
        if units.last().is_none_or(|u| u.unit_name != f.unit_name) {
            units.push(UnitGaps {
                unit_name: f.unit_name.clone(),
                total: 0,
                incomplete: 0,
            });
        }
        if let Some(u) = units.last_mut() {
            u.total += 1;
            if !gaps.is_empty() {
                u.incomplete += 1;
            }
        }
        if !gaps.is_empty() {
            rows.push(GapRow {
                person_id: f.person_id.clone(),
                full_name: f.full_name.clone(),
                unit_name: f.unit_name.clone(),
                position_title: f.position_title.clone(),
                gaps: gaps.clone(),
            });
        }
    }
    (units, rows)
}

/// `GET /units/{id}/staffing/completeness`: which files of the subtree lack what.
pub async fn completeness_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let census = Census::load(&state, &unit, danhgia_store::today()).await?;
    let (units, mut rows) = completeness(&census);
    let more = rows.len().saturating_sub(PAGE_ROWS);
    rows.truncate(PAGE_ROWS);
    Ok(render(&CompletenessPage {
        ctx: Ctx::for_user(&user),
        unit,
        units,
        rows,
        more,
    }))
}

/// `GET /units/{id}/staffing/completeness.xlsx`: the completeness report as Excel.
pub async fn completeness_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let today = danhgia_store::today();
    let census = Census::load(&state, &unit, today).await?;
    let (units, rows) = completeness(&census);
    let ctx = Ctx::for_user(&user);
    let total: u32 = units.iter().map(|u| u.total).sum();
    let table = Table {
        sheet: "Hồ sơ chưa đầy đủ".into(),
        title: format!("BÁO CÁO MỨC ĐỘ ĐẦY ĐỦ CỦA HỒ SƠ CBCCVC — {}", unit.name),
        subtitle: format!(
            "Ngày {}: {} hồ sơ, {} hồ sơ chưa đầy đủ",
            vn_day(today),
            total,
            rows.len()
        ),
        headers: [
            "STT",
            "Họ và tên",
            "Đơn vị",
            "Chức vụ, chức danh",
            "Còn thiếu",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    TableCell::Number((i + 1) as f64),
                    TableCell::Text(r.full_name.clone()),
                    TableCell::Text(r.unit_name.clone()),
                    TableCell::Text(r.position_title.clone()),
                    TableCell::Text(
                        r.gaps
                            .iter()
                            .map(|k| ctx.t(k))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ]
            })
            .collect(),
        total: None,
    };
    Ok(super::unit_table_xlsx(
        &state,
        &user,
        &unit,
        "export_completeness",
        serde_json::json!({ "files": total, "incomplete": rows.len() }),
        "ho-so-chua-day-du",
        &table,
    )
    .await?)
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    pub year: Option<i32>,
    pub report: Option<String>,
}

/// One line of the periodic report.
struct ReportLine {
    name: String,
    quota: Option<i64>,
    count: HeadCount,
    changes: u32,
    late: u32,
    /// Training completed in the period.
    trained: u32,
}

/// The periodic report's lines (each child's subtree, then the unit's own staff, then the
/// total), its period and the day the head count is taken.
async fn report_lines(
    state: &AppState,
    unit: &Unit,
    year: i32,
    report: Report,
) -> Result<(ReportPeriod, Date, Vec<ReportLine>), AppError> {
    let period = staffing::report_period(year, report);
    let today = danhgia_store::today();
    let on = period.to.min(today);
    let census = Census::load(state, unit, on).await?;
    let children = state.store.children(&unit.id).await?;
    let quotas = state.store.quotas(&unit.path, year).await?;
    let entries = state.store.entries(&unit.path, period.from, on).await?;
    let completions = state.store.completions(&unit.path, period.from, on).await?;
    let quota_of = |u: &Unit| -> Option<i64> {
        let qs: Vec<i64> = quotas
            .iter()
            .filter(|q| q.unit_id == u.id && q.category != Employment::HopDong)
            .map(|q| q.quota)
            .collect();
        (!qs.is_empty()).then(|| qs.iter().sum())
    };
    let inside = |path: &str, root: Option<&str>, except: &[&str]| {
        root.is_none_or(|r| is_within(path, r)) && !except.iter().any(|x| is_within(path, x))
    };
    // Changes, those entered late, and training completed, under `root` but not `except`.
    let changes = |root: Option<&str>, except: &[&str]| -> (u32, u32, u32) {
        let mut n = (0, 0, 0);
        for e in entries
            .iter()
            .filter(|e| inside(&e.unit_path, root, except))
        {
            n.0 += 1;
            if hr::entered_late(
                e.decision_date,
                danhgia_domain::calendar::local_date(e.created_at),
            ) {
                n.1 += 1;
            }
        }
        n.2 = completions
            .iter()
            .filter(|c| inside(&c.unit_path, root, except))
            .count() as u32;
        n
    };
    let mut lines = Vec::new();
    for c in &children {
        let (changes, late, trained) = changes(Some(&c.path), &[]);
        lines.push(ReportLine {
            name: c.name.clone(),
            quota: quota_of(c),
            count: census.count(Some(&c.path), &[]),
            changes,
            late,
            trained,
        });
    }
    let child_paths: Vec<&str> = children.iter().map(|c| c.path.as_str()).collect();
    let own = census.count(Some(&unit.path), &child_paths);
    if own.total > 0 || children.is_empty() {
        let (changes, late, trained) = changes(Some(&unit.path), &child_paths);
        lines.push(ReportLine {
            name: if children.is_empty() {
                unit.name.clone()
            } else {
                format!("{} (cơ quan, không kể đơn vị trực thuộc)", unit.name)
            },
            quota: None,
            count: own,
            changes,
            late,
            trained,
        });
    }
    let (changes, late, trained) = changes(None, &[]);
    let own_quota = quota_of(unit);
    let children_quota: Vec<i64> = lines.iter().filter_map(|l| l.quota).collect();
    lines.push(ReportLine {
        name: "Tổng cộng".into(),
        quota: own_quota.or((!children_quota.is_empty()).then(|| children_quota.iter().sum())),
        count: census.count(None, &[]),
        changes,
        late,
        trained,
    });
    Ok((period, on, lines))
}

const REPORT_COLUMNS: [&str; 18] = [
    "Đơn vị",
    "Biên chế giao",
    "Có mặt",
    "Chênh lệch",
    "Cán bộ",
    "Công chức",
    "Viên chức",
    "Hợp đồng",
    "Nữ",
    "Dân tộc thiểu số",
    "Đảng viên",
    "Sau đại học",
    "Đại học",
    "LLCT cao cấp",
    "Hồ sơ chưa đầy đủ",
    "Biến động trong kỳ",
    "Cập nhật chậm (> 5 ngày làm việc)",
    "Hoàn thành đào tạo, bồi dưỡng",
];

fn report_cells(l: &ReportLine) -> Vec<TableCell> {
    let n = |v: u32| TableCell::Number(f64::from(v));
    let c = &l.count;
    let mut out = vec![
        TableCell::Text(l.name.clone()),
        l.quota.map_or(TableCell::Text(String::new()), |q| {
            TableCell::Number(q as f64)
        }),
        n(c.total),
        l.quota.map_or(TableCell::Text(String::new()), |q| {
            TableCell::Number((i64::from(c.total) - q) as f64)
        }),
    ];
    out.extend(c.by_employment.iter().map(|v| n(*v)));
    out.extend([
        n(c.female),
        n(c.minority),
        n(c.party),
        n(c.postgraduate),
        n(c.bachelor),
        n(c.theory_advanced),
        n(c.incomplete),
        n(l.changes),
        n(l.late),
        n(l.trained),
    ]);
    out
}

fn report_title(year: i32, report: Report) -> String {
    match report {
        Report::June => format!("6 tháng đầu năm {year}"),
        Report::December => format!("năm {year}"),
    }
}

/// The report's year and kind from the query, else the next one due.
fn which_report(q: &ReportQuery) -> (i32, Report) {
    let (y, r) = staffing::next_report(danhgia_store::today());
    (
        q.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(y),
        q.report.as_deref().and_then(Report::parse).unwrap_or(r),
    )
}

const REPORT_TITLE: &str = "BÁO CÁO CÔNG TÁC QUẢN LÝ HỒ SƠ ĐIỆN TỬ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC";

fn report_subtitle(year: i32, report: Report, period: &ReportPeriod, on: Date) -> String {
    format!(
        "Kỳ báo cáo {} (số liệu từ {} đến {}; số lượng tính đến {})",
        report_title(year, report),
        vn_day(period.from),
        vn_day(period.to),
        vn_day(on)
    )
}

/// `GET /units/{id}/staffing/report.xlsx?year=&report=june|december`
pub async fn report_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let (year, report) = which_report(&q);
    let (period, on, lines) = report_lines(&state, &unit, year, report).await?;
    let (total, body) = lines.split_last().ok_or(AppError::NotFound)?;
    let table = Table {
        sheet: "Báo cáo".into(),
        title: format!("{REPORT_TITLE} — {}", unit.name),
        subtitle: report_subtitle(year, report, &period, on),
        headers: REPORT_COLUMNS.map(str::to_owned).to_vec(),
        rows: body.iter().map(report_cells).collect(),
        total: Some(report_cells(total)),
    };
    Ok(super::unit_table_xlsx(
        &state,
        &user,
        &unit,
        "export_hr_report",
        report_details(year, report, total),
        &format!("bao-cao-ho-so-{year}-{}", report.as_str()),
        &table,
    )
    .await?)
}

async fn audit_report(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    action: &str,
    year: i32,
    report: Report,
    total: &ReportLine,
) {
    crate::audit::record(
        state,
        Some(user),
        action,
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        report_details(year, report, total),
    )
    .await;
}

/// What an export of the report says in the audit log.
fn report_details(year: i32, report: Report, total: &ReportLine) -> serde_json::Value {
    serde_json::json!({ "year": year, "report": report.as_str(), "people": total.count.total })
}

/// `GET /units/{id}/staffing/report.pdf?year=&report=`: the same report as the signed paper.
pub async fn report_pdf(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let (year, report) = which_report(&q);
    let (period, on, lines) = report_lines(&state, &unit, year, report).await?;
    let text = |c: TableCell| match c {
        TableCell::Text(s) => s,
        TableCell::Number(n) => format!("{n}"),
    };
    let mut columns = vec![Col::new(REPORT_COLUMNS[0], 16.0, Align::Left)];
    columns.extend(
        REPORT_COLUMNS[1..]
            .iter()
            .map(|t| Col::new(t, 5.0, Align::Center)),
    );
    let total = lines.last().ok_or(AppError::NotFound)?;
    let doc = Document {
        heading: heading_for(
            &state,
            &unit,
            "....../BC",
            REPORT_TITLE,
            report_subtitle(year, report, &period, on),
        )
        .await?,
        orientation: Orientation::Landscape,
        before: Vec::new(),
        columns,
        rows: lines
            .iter()
            .map(|l| report_cells(l).into_iter().map(text).collect())
            .collect(),
        after: vec![format!(
            "Tổng số {} người; {} hồ sơ chưa đầy đủ; {} biến động trong kỳ, trong đó {} cập nhật quá 05 ngày làm việc kể từ ngày ban hành văn bản; {} lượt hoàn thành đào tạo, bồi dưỡng.",
            total.count.total, total.count.incomplete, total.changes, total.late, total.trained
        )],
        signers: vec![
            Signer {
                title: "NGƯỜI LẬP BIỂU".into(),
                name: own_name(&state, &user).await?,
            },
            Signer {
                title: "THỦ TRƯỞNG ĐƠN VỊ".into(),
                name: String::new(),
            },
        ],
    };
    let bytes = pdf(&doc)?;
    audit_report(
        &state,
        &user,
        &unit,
        "export_hr_report_pdf",
        year,
        report,
        total,
    )
    .await;
    Ok(pdf_download(
        &format!(
            "bao-cao-ho-so-{year}-{}-{}.pdf",
            report.as_str(),
            file_code(&unit)
        ),
        bytes,
    ))
}
