//! Emulation and rewards of a unit (issue 11 §4, SPEC M8.4; rules in
//! `danhgia_domain::emulation`): the year's registration for titles, the titles the year's
//! evaluation results open to each person and to the unit (the link from results to proposals;
//! the monthly one is the commendation list, D46), the proposal list as Excel, and the awards
//! decided, each with its decision. The unit's admins', like the files.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::emulation::{self, Award, PersonYear};
use danhgia_domain::grade::Grade;
use danhgia_domain::hr::{DisciplineForm, MAX_NUMBER, MAX_TEXT};
use danhgia_domain::validate::FieldErrors;
use danhgia_sheets::{Table, TableCell};
use danhgia_store::{AwardRow, NewAward, StoreError, Unit};
use serde::Deserialize;

use super::evaluations::tenant_of;
use super::{Ctx, Errors, Flash, Opt, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

fn year_of(q: Option<i32>) -> i32 {
    q.filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| danhgia_store::today().year())
}

/// One member of the unit and their year.
pub struct MemberLine {
    pub person_id: String,
    pub full_name: String,
    pub position_title: String,
    /// The registration picker, with their registered title selected.
    pub pledge: Vec<Opt>,
    pub pledged: Option<Award>,
    pub grade: Option<Grade>,
    pub disciplined: bool,
    /// Titles the year opens to them, best first.
    pub open: Vec<Award>,
    pub awards: Vec<AwardRow>,
}

/// The unit's year: each member's line, the titles open to the unit, the unit's own awards.
pub struct UnitYear {
    pub members: Vec<MemberLine>,
    pub unit_pledge: Option<Award>,
    pub unit_open: Vec<Award>,
    pub unit_awards: Vec<AwardRow>,
    /// Whether the year's evaluation results are known (its period exists).
    pub results_known: bool,
}

fn options(ctx: &Ctx, keep: impl Fn(Award) -> bool, selected: Option<Award>) -> Vec<Opt> {
    Award::ALL
        .iter()
        .filter(|a| keep(**a))
        .map(|a| Opt {
            value: a.as_str().to_owned(),
            label: ctx.label("emulation.award", a).to_owned(),
            selected: Some(*a) == selected,
        })
        .collect()
}

/// Reads what the year holds for `unit` and its current members.
pub async fn unit_year(
    state: &AppState,
    ctx: &Ctx,
    unit: &Unit,
    year: i32,
) -> Result<UnitYear, AppError> {
    let people = state.store.people_in_unit(&unit.id).await?;
    let pledges = state.store.pledges(&unit.id, year).await?;
    // The year's published results (the annual evaluation, M6.3).
    let period = state
        .store
        .periods(&tenant_of(&unit.path))
        .await?
        .into_iter()
        .find(|p| p.is_year() && p.year == i64::from(year));
    let mut grades: HashMap<String, Grade> = HashMap::new();
    if let Some(p) = &period {
        for f in state.store.evaluations_in(&p.id, &unit.path).await? {
            if f.status == danhgia_domain::workflow::Status::Published
                && let Some(g) = f.result_grade()
            {
                grades.insert(f.person_id.clone(), g);
            }
        }
    }
    let disciplined = state.store.disciplined_in(&unit.path, year).await?;
    let mut streaks: HashMap<String, u8> = HashMap::new();
    // Chiến sĩ thi đua cơ sở in the years just before, in a row.
    for back in 1..=2 {
        let held: Vec<String> = state
            .store
            .awards_in(&unit.path, year - back)
            .await?
            .into_iter()
            .filter(|a| a.award == Award::BaseFighter)
            .filter_map(|a| a.person_id)
            .collect();
        for p in &people {
            let s = streaks.entry(p.id.clone()).or_insert(0);
            if *s == u8::try_from(back - 1).unwrap_or(0) && held.contains(&p.id) {
                *s += 1;
            }
        }
    }
    let awards = state.store.awards_in(&unit.path, year).await?;
    let mut years = Vec::new();
    let mut members = Vec::new();
    for p in people {
        let forms: Vec<&str> = disciplined
            .iter()
            .filter(|(who, _)| *who == p.id)
            .map(|(_, f)| f.as_str())
            .collect();
        let y = PersonYear {
            grade: grades.get(&p.id).copied(),
            disciplined: !forms.is_empty(),
            disciplined_warning: forms
                .iter()
                .any(|f| DisciplineForm::parse(f).is_some_and(|d| d != DisciplineForm::Reprimand)),
            base_fighter_streak: streaks.get(&p.id).copied().unwrap_or(0),
        };
        years.push(y);
        let pledged = pledges
            .iter()
            .find(|x| x.person_id.as_deref() == Some(p.id.as_str()))
            .map(|x| x.award);
        members.push(MemberLine {
            pledge: options(ctx, |a| a.for_person() && a.is_title(), pledged),
            pledged,
            grade: y.grade,
            disciplined: y.disciplined,
            open: emulation::titles_open(&y),
            awards: awards
                .iter()
                .filter(|a| a.person_id.as_deref() == Some(p.id.as_str()))
                .cloned()
                .collect(),
            person_id: p.id,
            full_name: p.full_name,
            position_title: p.position_title,
        });
    }
    Ok(UnitYear {
        unit_pledge: pledges
            .iter()
            .find(|x| x.person_id.is_none())
            .map(|x| x.award),
        unit_open: emulation::collective_titles_open(&years),
        unit_awards: awards
            .into_iter()
            .filter(|a| a.person_id.is_none() && a.unit_id == unit.id)
            .collect(),
        members,
        results_known: period.is_some(),
    })
}

#[derive(askama::Template)]
#[template(path = "emulation.html")]
pub struct EmulationPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub year: i32,
    pub y: UnitYear,
    pub unit_pledge: Vec<Opt>,
    /// Recipients for an award: the unit, then each member.
    pub recipients: Vec<Opt>,
    pub awards: Vec<Opt>,
    pub errors: Errors,
    pub today: String,
}

impl EmulationPage {
    pub fn award_names(&self, list: &[Award]) -> String {
        list.iter()
            .map(|a| self.ctx.label("emulation.award", a))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn emulation_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    year: i32,
    errors: Errors,
) -> Result<EmulationPage, AppError> {
    let ctx = Ctx::for_user(user);
    let y = unit_year(state, &ctx, &unit, year).await?;
    let mut recipients = vec![Opt {
        value: String::new(),
        label: format!("{} ({})", unit.name, ctx.t("emulation.collective")),
        selected: false,
    }];
    recipients.extend(y.members.iter().map(|m| Opt {
        value: m.person_id.clone(),
        label: m.full_name.clone(),
        selected: false,
    }));
    Ok(EmulationPage {
        unit_pledge: options(&ctx, |a| a.for_collective() && a.is_title(), y.unit_pledge),
        awards: options(&ctx, |_| true, None),
        ctx,
        unit,
        year,
        y,
        recipients,
        errors,
        today: danhgia_store::today().to_string(),
    })
}

/// `GET /units/{id}/emulation?year=`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let mut page = emulation_page(&state, &user, unit, year_of(q.year), Errors::default()).await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

/// `POST /units/{id}/emulation/pledges?year=`: the year's registration, whole: `unit` for the
/// unit's own title and `person_{id}` for each member's (empty: none).
pub async fn pledges(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    user.check_csrf(csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let year = year_of(q.year);
    let mut errs = FieldErrors::default();
    let mut own = None;
    let mut people = Vec::new();
    for (k, v) in &fields {
        if v.trim().is_empty() || k == "csrf" {
            continue;
        }
        let award = Award::parse(v.trim());
        if k == "unit" {
            match award.filter(|a| a.for_collective() && a.is_title()) {
                Some(a) => own = Some(a),
                None => errs.add("unit", "err.choice"),
            }
        } else if let Some(person) = k.strip_prefix("person_") {
            match award.filter(|a| a.for_person() && a.is_title()) {
                Some(a) => people.push((person.to_owned(), a)),
                None => errs.add("pledges", "err.choice"),
            }
        }
    }
    if errs.is_empty() {
        match state
            .store
            .save_pledges(&unit.id, year, own, &people, &user.username)
            .await
        {
            Ok(()) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "emulation_pledges",
                    "unit",
                    Some(&unit.id),
                    Some(&unit.id),
                    serde_json::json!({ "year": year, "unit": own.map(Award::as_str), "people": people.len() }),
                )
                .await;
                return Ok(Redirect::to(&format!(
                    "/units/{}/emulation?year={year}&ok=emulation.ok.pledges",
                    unit.id
                ))
                .into_response());
            }
            Err(StoreError::NotFound) => errs.add("pledges", "emulation.err.member"),
            Err(e) => return Err(AppError::from(e).into()),
        }
    }
    let page = emulation_page(&state, &user, unit, year, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct AwardForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub award: String,
    #[serde(default)]
    pub decision_number: String,
    #[serde(default)]
    pub decision_date: String,
    #[serde(default)]
    pub decision_signer: String,
    #[serde(default)]
    pub note: String,
}

/// `POST /units/{id}/emulation/awards?year=`: records an award decided for the unit or one of
/// its members.
pub async fn award(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    Form(f): Form<AwardForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let year = year_of(q.year);
    let mut errs = FieldErrors::default();
    let person = Some(f.recipient.trim().to_owned()).filter(|p| !p.is_empty());
    if let Some(p) = &person {
        let members = state.store.people_in_unit(&unit.id).await?;
        if !members.iter().any(|m| &m.id == p) {
            errs.add("recipient", "emulation.err.member");
        }
    }
    let award = Award::parse(f.award.trim());
    match award {
        None => errs.add("award", "err.choice"),
        Some(a) if person.is_some() && !a.for_person() => {
            errs.add("award", "emulation.err.for_person");
        }
        Some(a) if person.is_none() && !a.for_collective() => {
            errs.add("award", "emulation.err.for_collective");
        }
        Some(_) => {}
    }
    if f.decision_number.trim().is_empty() || f.decision_number.chars().count() > MAX_NUMBER {
        errs.add("decision_number", "hr.err.decision_number");
    }
    if f.decision_signer.trim().is_empty() || f.decision_signer.chars().count() > MAX_TEXT {
        errs.add("decision_signer", "hr.err.decision_signer");
    }
    if f.note.chars().count() > MAX_TEXT {
        errs.add("note", "hr.err.too_long");
    }
    let decided = super::career::day(&mut errs, "decision_date", &f.decision_date);
    if decided.is_none() && errs.get("decision_date").is_none() {
        errs.add("decision_date", "hr.err.decision_date");
    }
    if decided.is_some_and(|d| d > danhgia_store::today()) {
        errs.add("decision_date", "emulation.err.future");
    }
    if let (Some(award), Some(decided), true) = (award, decided, errs.is_empty()) {
        let id = state
            .store
            .record_award(
                &NewAward {
                    unit_id: unit.id.clone(),
                    person_id: person.clone(),
                    year,
                    award,
                    decision_number: f.decision_number.clone(),
                    decision_date: decided,
                    decision_signer: f.decision_signer.clone(),
                    note: f.note.clone(),
                },
                &user.username,
            )
            .await
            .map_err(AppError::from)?;
        crate::audit::record(
            &state,
            Some(&user),
            "award_recorded",
            if person.is_some() { "person" } else { "unit" },
            Some(person.as_deref().unwrap_or(&unit.id)),
            Some(&unit.id),
            serde_json::json!({ "award": award.as_str(), "id": id, "year": year, "decision": f.decision_number.trim() }),
        )
        .await;
        return Ok(Redirect::to(&format!(
            "/units/{}/emulation?year={year}&ok=emulation.ok.award",
            unit.id
        ))
        .into_response());
    }
    let page = emulation_page(&state, &user, unit, year, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// `GET /units/{id}/emulation/proposals.xlsx?year=`: the year's proposal list — each member,
/// their registration, their result and the best title it opens — for the emulation council.
pub async fn proposals_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let year = year_of(q.year);
    let ctx = Ctx::for_user(&user);
    let y = unit_year(&state, &ctx, &unit, year).await?;
    let label = |a: Option<Award>| {
        a.map(|a| ctx.label("emulation.award", &a).to_owned())
            .unwrap_or_default()
    };
    let proposed: Vec<&MemberLine> = y.members.iter().filter(|m| !m.open.is_empty()).collect();
    let table = Table {
        sheet: "Đề nghị khen thưởng".into(),
        title: format!(
            "DANH SÁCH ĐỀ NGHỊ XÉT TẶNG DANH HIỆU THI ĐUA NĂM {year} — {}",
            unit.name
        ),
        subtitle: format!(
            "Tập thể đăng ký: {}; đủ điều kiện theo kết quả: {}",
            label(y.unit_pledge),
            y.unit_open
                .iter()
                .map(|a| ctx.label("emulation.award", a))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        headers: [
            "STT",
            "Họ và tên",
            "Chức vụ, chức danh",
            "Đăng ký",
            "Kết quả đánh giá năm",
            "Đề nghị",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: proposed
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![
                    TableCell::Number((i + 1) as f64),
                    TableCell::Text(m.full_name.clone()),
                    TableCell::Text(m.position_title.clone()),
                    TableCell::Text(label(m.pledged)),
                    TableCell::Text(m.grade.map(|g| g.name_vi().to_owned()).unwrap_or_default()),
                    TableCell::Text(label(m.open.first().copied())),
                ]
            })
            .collect(),
        total: None,
    };
    Ok(super::unit_table_xlsx(
        &state,
        &user,
        &unit,
        "export_emulation_proposals",
        serde_json::json!({ "year": year, "rows": proposed.len() }),
        &format!("de-nghi-thi-dua-{year}"),
        &table,
    )
    .await?)
}
