//! Training and refresher courses (issue 11 §5, SPEC M8.5; rules in
//! `danhgia_domain::training`, rows in `danhgia_store::repo::training`). A unit's admins announce
//! courses for their subtree; the admins of each unit under it enrol their people and record
//! completions and certificates. Everything is seen from a unit: its courses are those announced
//! by it or above it, and its people are those enrolled from its subtree.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::org::is_within;
use danhgia_domain::training::{self, Course, CourseKind};
use danhgia_domain::validate::FieldErrors;
use danhgia_store::{CourseRow, EnrolmentRow, StoreError, Unit};
use serde::Deserialize;

use super::{Ctx, Errors, Flash, Opt, enum_options, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct CourseForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub seats: String,
}

#[derive(askama::Template)]
#[template(path = "training.html")]
pub struct TrainingPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub courses: Vec<CourseRow>,
    pub can_manage: bool,
    pub form: CourseForm,
    pub kinds: Vec<Opt>,
    pub errors: Errors,
}

async fn training_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    form: CourseForm,
    errors: Errors,
) -> Result<TrainingPage, AppError> {
    let ctx = Ctx::for_user(user);
    Ok(TrainingPage {
        courses: state.store.courses_for(&unit.path).await?,
        can_manage: user.scope.allows(Action::ManageStaff, &unit.path),
        kinds: enum_options(&ctx, "training.kind", CourseKind::ALL, &form.kind),
        ctx,
        unit,
        form,
        errors,
    })
}

/// `GET /units/{id}/training`: the courses the unit may enrol into.
pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let mut page = training_page(
        &state,
        &user,
        unit,
        CourseForm::default(),
        Errors::default(),
    )
    .await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

fn read_course(f: &CourseForm) -> (Course, FieldErrors) {
    let mut errs = FieldErrors::default();
    let starts_on = super::career::day(&mut errs, "starts_on", &f.starts_on);
    let ends_on = super::career::day(&mut errs, "ends_on", &f.ends_on);
    let seats = if f.seats.trim().is_empty() {
        None
    } else {
        let s = f.seats.trim().parse::<u32>().ok();
        if s.is_none() {
            errs.add("seats", "training.err.seats");
        }
        s
    };
    let c = Course {
        name: f.name.trim().to_owned(),
        kind: CourseKind::parse(f.kind.trim()),
        organiser: f.organiser.trim().to_owned(),
        starts_on,
        ends_on,
        seats,
    };
    for e in training::check_course(&c) {
        if errs.get(e.field).is_none() {
            errs.add(e.field, e.key);
        }
    }
    (c, errs)
}

/// `POST /units/{id}/training`: the unit's admins announce a course.
pub async fn create(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<CourseForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let (course, errs) = read_course(&f);
    if errs.is_empty() {
        let course_id = state
            .store
            .create_course(&unit.id, &course, &user.username)
            .await
            .map_err(AppError::from)?;
        crate::audit::record(
            &state,
            Some(&user),
            "course_created",
            "unit",
            Some(&unit.id),
            Some(&unit.id),
            serde_json::json!({ "course": course_id, "name": course.name }),
        )
        .await;
        return Ok(Redirect::to(&format!(
            "/units/{}/training/{course_id}?ok=training.ok.created",
            unit.id
        ))
        .into_response());
    }
    let page = training_page(&state, &user, unit, f, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(askama::Template)]
#[template(path = "course.html")]
pub struct CoursePage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub course: CourseRow,
    pub enrolments: Vec<EnrolmentRow>,
    /// People of the unit's subtree not holding a seat.
    pub candidates: Vec<Opt>,
    pub errors: Errors,
    pub today: String,
}

/// The most candidates a course page offers (the unit's page narrows a large subtree).
const MAX_CANDIDATES: usize = 2000;

/// The unit (checked for `ManageStaff`) and a course it may enrol into.
async fn unit_course(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    course_id: &str,
) -> Result<(Unit, CourseRow), AppError> {
    let unit = visible_unit(state, user, id, Action::ManageStaff).await?;
    let course = state.store.course(course_id).await?;
    let owner = state.store.unit(&course.unit_id).await?;
    if !is_within(&unit.path, &owner.path) {
        return Err(AppError::NotFound);
    }
    Ok((unit, course))
}

async fn course_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    course: CourseRow,
    errors: Errors,
) -> Result<CoursePage, AppError> {
    let enrolments = state
        .store
        .course_enrolments(&course.id, &unit.path)
        .await?;
    let holding: std::collections::HashSet<&str> = enrolments
        .iter()
        .filter(|e| e.state != training::Enrolment::Withdrawn)
        .map(|e| e.person_id.as_str())
        .collect();
    let candidates = state
        .store
        .files_on(&unit.path, danhgia_store::today())
        .await?
        .into_iter()
        .filter(|f| !holding.contains(f.person_id.as_str()))
        .take(MAX_CANDIDATES)
        .map(|f| Opt {
            label: format!("{} — {}, {}", f.full_name, f.position_title, f.unit_name),
            value: f.person_id,
            selected: false,
        })
        .collect();
    Ok(CoursePage {
        ctx: Ctx::for_user(user),
        unit,
        course,
        enrolments,
        candidates,
        errors,
        today: danhgia_store::today().to_string(),
    })
}

/// `GET /units/{id}/training/{course}`: the course and the unit's people in it.
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, course_id)): Path<(String, String)>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let (unit, course) = unit_course(&state, &user, &id, &course_id).await?;
    let mut page = course_page(&state, &user, unit, course, Errors::default()).await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

#[derive(Debug, Default, Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub person_id: String,
    /// `enrol`, `complete` or `withdraw`.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub completed_on: String,
    #[serde(default)]
    pub certificate: String,
}

/// `POST /units/{id}/training/{course}/enrolments`: enrol a person of the unit's subtree,
/// record their completion, or withdraw them.
pub async fn enrolment(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, course_id)): Path<(String, String)>,
    Form(f): Form<EnrolForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (unit, course) = unit_course(&state, &user, &id, &course_id).await?;
    let mut errs = FieldErrors::default();
    // The person must be in the unit's subtree now.
    let person = match state.store.person(f.person_id.trim()).await {
        Ok(p) => {
            let their = state.store.unit(&p.unit_id).await?;
            if is_within(&their.path, &unit.path)
                && user.scope.allows(Action::ManageStaff, &their.path)
            {
                Some(p)
            } else {
                None
            }
        }
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(AppError::from(e).into()),
    };
    let Some(person) = person else {
        errs.add("person_id", "training.err.person");
        let page = course_page(&state, &user, unit, course, Errors(errs)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let result = match f.action.as_str() {
        "enrol" => {
            state
                .store
                .enrol(&course.id, &person.id, &user.username)
                .await
        }
        "complete" => {
            let on = super::career::day(&mut errs, "completed_on", &f.completed_on);
            match on {
                Some(on) => {
                    state
                        .store
                        .finish_enrolment(
                            &course.id,
                            &person.id,
                            Some(on),
                            &f.certificate,
                            &user.username,
                        )
                        .await
                }
                None => Err(StoreError::Refused("training.err.completed_on")),
            }
        }
        "withdraw" => {
            state
                .store
                .finish_enrolment(&course.id, &person.id, None, "", &user.username)
                .await
        }
        _ => Err(StoreError::Refused("err.choice")),
    };
    match result {
        Ok(()) => {
            crate::audit::record(
                &state,
                Some(&user),
                "course_enrolment",
                "person",
                Some(&person.id),
                Some(&person.unit_id),
                serde_json::json!({ "course": course.id, "action": f.action, "certificate": f.certificate.trim() }),
            )
            .await;
            Ok(Redirect::to(&format!(
                "/units/{}/training/{}?ok=training.ok.saved",
                unit.id, course.id
            ))
            .into_response())
        }
        Err(StoreError::Refused(k)) => {
            let field = if f.action == "complete" {
                "completed_on"
            } else {
                "person_id"
            };
            if errs.get(field).is_none() {
                errs.add(field, k);
            }
            let page = course_page(&state, &user, unit, course, Errors(errs)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(StoreError::NotFound) => {
            errs.add("person_id", "training.err.not_enrolled");
            let page = course_page(&state, &user, unit, course, Errors(errs)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}
