//! Local government of a province, district or commune (issue 11 §3, SPEC M8.3; rules in
//! `danhgia_domain::localgov`, rows in `danhgia_store::repo::localgov`): its People's Council
//! delegates and People's Committee members by term, and, for a commune, the category of each
//! staff member (chuyên trách, không chuyên trách, công chức cấp xã). The unit's admins'.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::localgov::{self, Body, CommuneCategory, Membership, Office};
use danhgia_domain::org::UnitKind;
use danhgia_domain::validate::FieldErrors;
use danhgia_store::{OfficeRow, StoreError, Unit};
use serde::Deserialize;

use super::{Ctx, Errors, Flash, Opt, enum_options, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

#[derive(Debug, Default, Deserialize)]
pub struct TermQuery {
    pub term: Option<i32>,
}

/// The term asked for (any year of it), else today's.
fn term_of(q: Option<i32>) -> i32 {
    localgov::term_of(
        q.filter(|y| (1990..=2100).contains(y))
            .unwrap_or_else(|| danhgia_store::today().year()),
    )
}

/// A staff member of a commune and their category picker.
pub struct CommuneLine {
    pub person_id: String,
    pub full_name: String,
    pub position_title: String,
    pub categories: Vec<Opt>,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct OfficeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub office: String,
    /// A staff member of the unit, or empty for someone not on the staff (then `full_name`).
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub decision_number: String,
}

#[derive(askama::Template)]
#[template(path = "localgov.html")]
pub struct LocalGovPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub term: i32,
    /// The council's members, then the committee's, each under its title key.
    pub sections: Vec<(&'static str, Vec<OfficeRow>)>,
    pub bodies: Vec<Opt>,
    pub offices: Vec<Opt>,
    pub people: Vec<Opt>,
    pub form: OfficeForm,
    pub commune: Option<Vec<CommuneLine>>,
    pub errors: Errors,
    pub today: String,
}

/// The unit, checked for `ManageStaff` and for having a council.
async fn government(state: &AppState, user: &CurrentUser, id: &str) -> Result<Unit, AppError> {
    let unit = visible_unit(state, user, id, Action::ManageStaff).await?;
    if !localgov::has_council(unit.kind) {
        return Err(AppError::NotFound);
    }
    Ok(unit)
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    term: i32,
    form: OfficeForm,
    errors: Errors,
) -> Result<LocalGovPage, AppError> {
    let ctx = Ctx::for_user(user);
    let (council, committee): (Vec<OfficeRow>, Vec<OfficeRow>) = state
        .store
        .offices(&unit.id, term)
        .await?
        .into_iter()
        .partition(|o| o.body == Body::Council);
    let staff = state.store.people_in_unit(&unit.id).await?;
    let people = staff
        .iter()
        .map(|p| Opt {
            value: p.id.clone(),
            label: format!("{} — {}", p.full_name, p.position_title),
            selected: p.id == form.person_id,
        })
        .collect();
    let commune = if unit.kind == UnitKind::Commune {
        let ids: Vec<String> = staff.iter().map(|p| p.id.clone()).collect();
        let held: HashMap<String, CommuneCategory> = state
            .store
            .commune_categories(&ids)
            .await?
            .into_iter()
            .collect();
        Some(
            staff
                .iter()
                .map(|p| CommuneLine {
                    categories: enum_options(
                        &ctx,
                        "localgov.category",
                        CommuneCategory::ALL,
                        held.get(&p.id).map_or("", |c| c.as_str()),
                    ),
                    person_id: p.id.clone(),
                    full_name: p.full_name.clone(),
                    position_title: p.position_title.clone(),
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(LocalGovPage {
        bodies: enum_options(&ctx, "localgov.body", Body::ALL, &form.body),
        offices: enum_options(&ctx, "localgov.office", Office::ALL, &form.office),
        ctx,
        unit,
        term,
        sections: vec![
            ("localgov.body.council", council),
            ("localgov.body.committee", committee),
        ],
        people,
        form,
        commune,
        errors,
        today: danhgia_store::today().to_string(),
    })
}

/// `GET /units/{id}/local-government?term=`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<TermQuery>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = government(&state, &user, &id).await?;
    let mut p = page(
        &state,
        &user,
        unit,
        term_of(q.term),
        OfficeForm::default(),
        Errors::default(),
    )
    .await?;
    p.ctx = p.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&p))
}

/// `POST /units/{id}/local-government/offices?term=`: a delegate or member of the term.
pub async fn add(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<TermQuery>,
    Form(f): Form<OfficeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = government(&state, &user, &id).await?;
    let term = term_of(q.term);
    let mut errs = FieldErrors::default();
    // A staff member of the unit, named as on their record; or someone else by name.
    let person = if f.person_id.trim().is_empty() {
        None
    } else {
        match state.store.person(f.person_id.trim()).await {
            Ok(p) if p.unit_id == unit.id => Some(p),
            Ok(_) | Err(StoreError::NotFound) => {
                errs.add("person_id", "localgov.err.person");
                None
            }
            Err(e) => return Err(AppError::from(e).into()),
        }
    };
    let from = super::career::day(&mut errs, "from", &f.from);
    let m = Membership {
        body: Body::parse(f.body.trim()),
        office: Office::parse(f.office.trim()),
        term,
        full_name: person
            .as_ref()
            .map_or_else(|| f.full_name.trim().to_owned(), |p| p.full_name.clone()),
        from,
        to: None,
        decision_number: f.decision_number.trim().to_owned(),
    };
    for e in localgov::check(&m) {
        if errs.get(e.field).is_none() {
            errs.add(e.field, e.key);
        }
    }
    if errs.is_empty() {
        match state
            .store
            .add_office(
                &unit.id,
                &m,
                person.as_ref().map(|p| p.id.as_str()),
                &user.username,
            )
            .await
        {
            Ok(office_id) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "local_office_added",
                    "unit",
                    Some(&unit.id),
                    Some(&unit.id),
                    serde_json::json!({ "id": office_id, "term": term, "body": f.body, "office": f.office, "name": m.full_name }),
                )
                .await;
                return Ok(Redirect::to(&format!(
                    "/units/{}/local-government?term={term}&ok=localgov.ok.added",
                    unit.id
                ))
                .into_response());
            }
            Err(StoreError::Refused(k)) => errs.add("office", k),
            Err(e) => return Err(AppError::from(e).into()),
        }
    }
    let p = page(&state, &user, unit, term, f, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct EndForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub ended_on: String,
}

/// `POST /units/{id}/local-government/offices/{office}/end`: the membership ends that day.
pub async fn end(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, office_id)): Path<(String, String)>,
    Form(f): Form<EndForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = government(&state, &user, &id).await?;
    let Some(on) = super::evaluations::parse_day(&f.ended_on) else {
        return Err(AppError::BadRequest("err.date").into());
    };
    match state.store.end_office(&unit.id, &office_id, on).await {
        Ok(()) => {}
        Err(StoreError::Refused(k)) => return Err(AppError::BadRequest(k).into()),
        Err(e) => return Err(AppError::from(e).into()),
    }
    crate::audit::record(
        &state,
        Some(&user),
        "local_office_ended",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "id": office_id, "ended_on": on.to_string() }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/units/{}/local-government?ok=localgov.ok.ended",
        unit.id
    ))
    .into_response())
}

/// `POST /units/{id}/local-government/commune-staff`: each staff member's commune-level
/// category (`person_{id}`; empty clears it).
pub async fn commune_staff(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    user.check_csrf(csrf)?;
    let unit = government(&state, &user, &id).await?;
    if unit.kind != UnitKind::Commune {
        return Err(AppError::NotFound.into());
    }
    let staff: Vec<String> = state
        .store
        .people_in_unit(&unit.id)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut rows = Vec::new();
    for (k, v) in &fields {
        let Some(person) = k.strip_prefix("person_") else {
            continue;
        };
        if !staff.iter().any(|s| s == person) {
            return Err(AppError::BadRequest("localgov.err.person").into());
        }
        let category = if v.trim().is_empty() {
            None
        } else {
            Some(CommuneCategory::parse(v.trim()).ok_or(AppError::BadRequest("err.choice"))?)
        };
        rows.push((person.to_owned(), category));
    }
    state
        .store
        .set_commune_categories(&rows, &user.username)
        .await
        .map_err(AppError::from)?;
    crate::audit::record(
        &state,
        Some(&user),
        "commune_staff_saved",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "people": rows.len() }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/units/{}/local-government?ok=localgov.ok.categories#commune",
        unit.id
    ))
    .into_response())
}
