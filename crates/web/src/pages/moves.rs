//! Moving a file out of its unit's scope (issue 11 §6, SPEC M8.6; Đồng Nai 3647 §2.1; rule in
//! `danhgia_domain::hr::move_approver`, rows in `danhgia_store::repo::moves`). Inside their
//! scope the unit's admins move people themselves (the career form's "carry out", or the
//! transfer form). Out of it, they file a request on the person's page; the admins of the lowest
//! unit above both carry it out or refuse it on `/moves`.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::{Action, Role};
use danhgia_domain::hr::{self, Decision, Details, Process, ProcessKind};
use danhgia_domain::people::PositionRank;
use danhgia_domain::validate::FieldErrors;
use danhgia_store::{FileMove, NewFileMove, StoreError};
use serde::Deserialize;

use super::staff::person_page;
use super::{Ctx, Errors, Flash, render, visible_person};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub move_unit_code: String,
    #[serde(default)]
    pub move_position: String,
    #[serde(default)]
    pub move_rank: String,
    #[serde(default)]
    pub move_from: String,
    #[serde(default)]
    pub move_decision_number: String,
    #[serde(default)]
    pub move_decision_date: String,
    #[serde(default)]
    pub move_decision_signer: String,
    #[serde(default)]
    pub move_note: String,
}

/// The form's field for a rule's field.
fn field(f: &str) -> &'static str {
    match f {
        "from" => "move_from",
        "decision_number" => "move_decision_number",
        "decision_date" => "move_decision_date",
        "decision_signer" => "move_decision_signer",
        "position_title" => "move_position",
        "rank" => "move_rank",
        _ => "move_unit_code",
    }
}

/// `POST /staff/{id}/moves`: the unit's admins ask the unit above to move the person's file to
/// a unit outside their scope.
pub async fn request(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    let target = match state.store.unit_by_code(f.move_unit_code.trim()).await {
        Ok(t) => Some(t),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(AppError::from(e).into()),
    };
    let approver = target
        .as_ref()
        .and_then(|t| hr::move_approver(&unit.path, &t.path));
    match (&target, &approver) {
        (None, _) | (_, None) => errs.add("move_unit_code", "move.err.unit"),
        (Some(t), _) if user.scope.allows(Action::ManageStaff, &t.path) => {
            errs.add("move_unit_code", "move.err.in_scope");
        }
        _ => {}
    }
    let from = super::career::day(&mut errs, "move_from", &f.move_from);
    let decided = super::career::day(&mut errs, "move_decision_date", &f.move_decision_date);
    let process = Process {
        kind: ProcessKind::Transfer,
        from,
        to: None,
        decision: Decision {
            number: f.move_decision_number.trim().to_owned(),
            date: decided,
            signer: f.move_decision_signer.trim().to_owned(),
        },
        details: Details {
            position_title: f.move_position.trim().to_owned(),
            unit_id: target.as_ref().map(|t| t.id.clone()),
            rank: PositionRank::parse(f.move_rank.trim()),
            ..Details::default()
        },
    };
    if process.details.rank.is_none() {
        errs.add("move_rank", "err.choice");
    }
    for e in hr::check(&process) {
        let name = field(e.field);
        if errs.get(name).is_none() {
            errs.add(name, e.key);
        }
    }
    if f.move_note.chars().count() > 500 {
        errs.add("move_note", "hr.err.note");
    }
    if let (Some(approver_path), true) = (approver, errs.is_empty()) {
        match state
            .store
            .request_move(
                &NewFileMove {
                    person_id: person.id.clone(),
                    from_unit_id: unit.id.clone(),
                    approver_path,
                    process,
                    note: f.move_note.clone(),
                },
                &user.username,
            )
            .await
        {
            Ok(move_id) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "file_move_requested",
                    "person",
                    Some(&person.id),
                    Some(&unit.id),
                    serde_json::json!({ "move": move_id, "to": f.move_unit_code.trim() }),
                )
                .await;
                return Ok(Redirect::to(&format!(
                    "/staff/{}?ok=move.ok.requested#moves",
                    person.id
                ))
                .into_response());
            }
            Err(StoreError::Refused(k)) => errs.add("move_unit_code", k),
            Err(e) => return Err(AppError::from(e).into()),
        }
    }
    let mut page = person_page(&state, &user, person, unit, Errors(errs)).await?;
    page.move_form = f;
    page.move_open = true;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// A request on the list, with what the viewer may do.
pub struct MoveLine {
    pub m: FileMove,
    pub may_decide: bool,
}

#[derive(askama::Template)]
#[template(path = "moves.html")]
pub struct MovesPage {
    pub ctx: Ctx,
    pub lines: Vec<MoveLine>,
}

/// The most requests the list shows.
const LIST_LIMIT: i64 = 200;

/// `GET /moves`: the requests filed from, or to be decided in, the caller's scope.
pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Response, PageError> {
    let roots: Vec<String> = user
        .scope
        .grants
        .iter()
        .filter(|g| matches!(g.role, Role::SystemAdmin | Role::UnitAdmin))
        .map(|g| g.unit_path.clone())
        .collect();
    let lines = state
        .store
        .file_moves_under(&roots, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|m| MoveLine {
            may_decide: m.state == "pending"
                && user.scope.allows(Action::ManageStaff, &m.approver_path),
            m,
        })
        .collect();
    Ok(render(&MovesPage {
        ctx: Ctx::for_user(&user).with_flash(flash.ok.as_deref()),
        lines,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    pub csrf: String,
    /// `approve` or `refuse`.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub answer: String,
}

/// `POST /moves/{id}/decide`: the admins of the unit above both carry the move out or refuse
/// it (a refusal says why).
pub async fn decide(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let m = state.store.file_move(&id).await?;
    let from = state.store.unit(&m.from_unit_id).await?;
    if !user.scope.allows(Action::ManageStaff, &m.approver_path) {
        // Those who filed it see it; anyone else finds nothing.
        return Err(if user.scope.allows(Action::ManageStaff, &from.path) {
            AppError::Forbidden("move.err.not_approver")
        } else {
            AppError::NotFound
        }
        .into());
    }
    let approve = match f.decision.as_str() {
        "approve" => true,
        "refuse" if !f.answer.trim().is_empty() && f.answer.chars().count() <= 500 => false,
        "refuse" => return Err(AppError::BadRequest("move.err.answer").into()),
        _ => return Err(AppError::BadRequest("err.choice").into()),
    };
    match state
        .store
        .decide_move(
            &id,
            approve,
            &f.answer,
            Some(&user.account_id),
            &user.username,
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::Refused(k)) => return Err(AppError::Conflict(k).into()),
        Err(e) => return Err(AppError::from(e).into()),
    }
    crate::audit::record(
        &state,
        Some(&user),
        if approve {
            "file_move_approved"
        } else {
            "file_move_refused"
        },
        "person",
        Some(&m.person_id),
        Some(&m.to_unit_id),
        serde_json::json!({ "move": id, "from": m.from_unit_id, "to": m.to_unit_id, "answer": f.answer.trim() }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/moves?ok={}",
        if approve {
            "move.ok.approved"
        } else {
            "move.ok.refused"
        }
    ))
    .into_response())
}
