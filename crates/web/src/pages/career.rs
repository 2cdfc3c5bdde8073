//! The personnel file's career processes on the person's page (issue 11 §1, SPEC M8.1; rules
//! in `danhgia_domain::hr`, rows in `danhgia_store::repo::hr`): the unit's admins enter a page
//! of the past, or carry out a business action (appointment, transfer, rotation) that moves the
//! person — their position, unit, rank and leader roles, and so who evaluates whom — in one
//! transaction.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::hr::{self, Decision, Details, DisciplineForm, Process, ProcessKind};
use danhgia_domain::people::PositionRank;
use danhgia_domain::points::Points;
use danhgia_domain::validate::FieldErrors;
use danhgia_store::StoreError;
use serde::Deserialize;

use super::staff::person_page;
use super::{Errors, render, visible_person};
use crate::AppState;
use crate::attachments::ObjectStoreExt;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct CareerForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub career_kind: String,
    #[serde(default)]
    pub career_from: String,
    #[serde(default)]
    pub career_to: String,
    #[serde(default)]
    pub career_decision_number: String,
    #[serde(default)]
    pub career_decision_date: String,
    #[serde(default)]
    pub career_decision_signer: String,
    #[serde(default)]
    pub career_unit: String,
    #[serde(default)]
    pub career_position: String,
    #[serde(default)]
    pub career_rank: String,
    #[serde(default)]
    pub career_scale_code: String,
    #[serde(default)]
    pub career_step: String,
    #[serde(default)]
    pub career_coefficient: String,
    #[serde(default)]
    pub career_allowance: String,
    #[serde(default)]
    pub career_discipline: String,
    #[serde(default)]
    pub career_reason: String,
    #[serde(default)]
    pub career_note: String,
    /// Carry the action out (move the person), not only enter it in the file.
    pub career_apply: Option<String>,
}

/// The form's field for a rule's field.
fn field(f: &str) -> &'static str {
    match f {
        "from" => "career_from",
        "to" => "career_to",
        "decision_number" => "career_decision_number",
        "decision_date" => "career_decision_date",
        "decision_signer" => "career_decision_signer",
        "position_title" => "career_position",
        "unit_id" => "career_unit",
        "rank" => "career_rank",
        "scale_code" => "career_scale_code",
        "step" => "career_step",
        "coefficient" => "career_coefficient",
        "allowance" => "career_allowance",
        "discipline" => "career_discipline",
        "reason" => "career_reason",
        _ => "career_kind",
    }
}

pub(super) fn day(errs: &mut FieldErrors, name: &'static str, value: &str) -> Option<time::Date> {
    if value.trim().is_empty() {
        return None;
    }
    let d = super::evaluations::parse_day(value).filter(|d| (1900..=9999).contains(&d.year()));
    if d.is_none() {
        errs.add(name, "err.date");
    }
    d
}

/// The process the form says, and every problem by field.
fn read(f: &CareerForm) -> (Option<Process>, FieldErrors) {
    let mut errs = FieldErrors::default();
    let kind = ProcessKind::parse(&f.career_kind);
    if kind.is_none() {
        errs.add("career_kind", "err.choice");
    }
    let from = day(&mut errs, "career_from", &f.career_from);
    let to = day(&mut errs, "career_to", &f.career_to);
    let decided = day(&mut errs, "career_decision_date", &f.career_decision_date);
    let number = |s: &str, name: &'static str, errs: &mut FieldErrors| {
        if s.trim().is_empty() {
            return None;
        }
        let p = Points::parse(s);
        if p.is_none() {
            errs.add(name, "criteria.err.number");
        }
        p
    };
    let coefficient = number(&f.career_coefficient, "career_coefficient", &mut errs);
    let step = if f.career_step.trim().is_empty() {
        None
    } else {
        let s = f.career_step.trim().parse::<u8>().ok();
        if s.is_none() {
            errs.add("career_step", "hr.err.step");
        }
        s
    };
    let Some(kind) = kind else {
        return (None, errs);
    };
    let p = Process {
        kind,
        from,
        to,
        decision: Decision {
            number: f.career_decision_number.trim().to_owned(),
            date: decided,
            signer: f.career_decision_signer.trim().to_owned(),
        },
        details: Details {
            position_title: f.career_position.trim().to_owned(),
            unit_id: Some(f.career_unit.trim().to_owned()).filter(|u| !u.is_empty()),
            rank: PositionRank::parse(&f.career_rank),
            scale_code: f.career_scale_code.trim().to_owned(),
            step,
            coefficient,
            allowance: f.career_allowance.trim().to_owned(),
            discipline: DisciplineForm::parse(&f.career_discipline),
            reason: f.career_reason.trim().to_owned(),
        },
    };
    for e in hr::check(&p) {
        let name = field(e.field);
        if errs.get(name).is_none() {
            errs.add(name, e.key);
        }
    }
    (Some(p), errs)
}

/// `POST /staff/{id}/career`: the unit's admins add a process to the person's file; with
/// `career_apply`, an appointment, transfer or rotation also moves the person, into a unit the
/// admin manages.
pub async fn add(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<CareerForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let (process, mut errs) = read(&f);
    if f.career_note.chars().count() > 500 {
        errs.add("career_note", "hr.err.note");
    }
    // A unit named must be one the admin manages (a move outside is the superior's, M8.6).
    if let Some(u) = process.as_ref().and_then(|p| p.details.unit_id.clone()) {
        match state.store.unit(&u).await {
            Ok(t) if user.scope.allows(Action::ManageStaff, &t.path) => {}
            Ok(_) | Err(StoreError::NotFound) => errs.add("career_unit", "hr.err.unit_scope"),
            Err(e) => return Err(AppError::from(e).into()),
        }
    }
    let apply = f.career_apply.is_some();
    if let (Some(p), true) = (&process, errs.is_empty()) {
        match state
            .store
            .record_process(
                &person.id,
                p,
                apply,
                &f.career_note,
                Some(&user.account_id),
                &user.username,
            )
            .await
        {
            Ok(pid) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "career_process",
                    "person",
                    Some(&person.id),
                    Some(&unit.id),
                    serde_json::json!({
                        "process": pid, "kind": p.kind.as_str(), "applied": apply && p.kind.moves_the_person(),
                        "decision": p.decision.number, "position": p.details.position_title, "unit": p.details.unit_id,
                    }),
                )
                .await;
                return Ok(
                    Redirect::to(&format!("/staff/{}?ok=hr.ok.recorded#career", person.id))
                        .into_response(),
                );
            }
            Err(StoreError::Refused(k)) => errs.add("career_from", k),
            Err(StoreError::NotFound) => errs.add("career_unit", "hr.err.unit_scope"),
            Err(e) => return Err(AppError::from(e).into()),
        }
    }
    let mut page = person_page(&state, &user, person, unit, Errors(errs)).await?;
    // The form as typed, its pickers on what was chosen.
    let ctx = &page.ctx;
    page.career_kinds = super::enum_options(ctx, "hr.kind", ProcessKind::ALL, &f.career_kind);
    page.disciplines = super::enum_options(
        ctx,
        "hr.discipline",
        DisciplineForm::ALL,
        &f.career_discipline,
    );
    page.career_ranks = super::enum_options(ctx, "rank", PositionRank::ALL, &f.career_rank);
    for o in &mut page.career_units {
        o.selected = o.value == f.career_unit;
    }
    page.career_form = f;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// `POST /staff/{id}/career/{process}/scan` (multipart: `csrf`, `file`): the unit's admins
/// attach the scan of a process's decision (a PDF or an image, 10 MB at most); a new scan
/// replaces the old.
pub async fn attach_scan(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, process_id)): Path<(String, String)>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(&mut multipart).await;
    if !upload.too_big {
        user.check_csrf(&upload.csrf)?;
    }
    let (file, too_big) = (upload.file, upload.too_big);
    let (person, _) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    if !state
        .store
        .career(&person.id)
        .await?
        .iter()
        .any(|c| c.id == process_id)
    {
        return Err(AppError::NotFound.into());
    }
    let checked = if too_big {
        Err("attach.err.too_big")
    } else {
        crate::attachments::check_scan(&file)
    };
    if let Err(key) = checked {
        return Err(AppError::BadRequest(key).into());
    }
    let key = crate::attachments::scan_key(&person.id, &process_id);
    state
        .config
        .files
        .put(&key, bytes::Bytes::from(file).into())
        .await
        .map_err(|e| AppError::Internal(format!("attachment store: {e}")))?;
    state
        .store
        .set_process_scan(&person.id, &process_id, key.as_ref())
        .await
        .map_err(AppError::from)?;
    crate::audit::record(
        &state,
        Some(&user),
        "career_scan",
        "person",
        Some(&person.id),
        Some(&person.unit_id),
        serde_json::json!({ "process": process_id }),
    )
    .await;
    Ok(Redirect::to(&format!("/staff/{}?ok=hr.ok.scan#career", person.id)).into_response())
}

/// `GET /staff/{id}/career/{process}/scan`: the decision's scan, to whoever sees the file (the
/// person and their unit's admins).
pub async fn scan(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, process_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (person, _) = super::visible_file(&state, &user, &id).await?;
    let process = state
        .store
        .career(&person.id)
        .await?
        .into_iter()
        .find(|c| c.id == process_id)
        .ok_or(AppError::NotFound)?;
    let key = process.scan_key.ok_or(AppError::NotFound)?;
    let data = state
        .config
        .files
        .get(&object_store::path::Path::from(key.as_str()))
        .await
        .map_err(|e| AppError::Internal(format!("attachment store: {e}")))?
        .bytes()
        .await
        .map_err(|e| AppError::Internal(format!("attachment store: {e}")))?;
    let mime = crate::attachments::check_scan(&data).unwrap_or("application/octet-stream");
    let ext = match mime {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    };
    let name = format!(
        "quyet-dinh-{}.{ext}",
        process
            .decision_number
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
    );
    Ok(crate::attachments::file_response(&name, mime, data))
}
