//! The admin's note on an annual form (issue 10 §6; Quảng Trị Quy chế 2019 Đ.2.8–2.9): a paper
//! result confirmed by the old unit's head for someone transferred in under 6 months, or "not
//! evaluated" for full-time study over half the year. The rest of the annual form is the
//! evaluation form's page (`pages/evaluations.rs`, with `crate::annual`).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::annual::Note;
use danhgia_domain::grade::Grade;
use danhgia_domain::points::Points;
use serde::Deserialize;

use super::evaluations::refused_page;
use crate::AppState;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::evaluation::{self as flow, ActError};

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    pub csrf: String,
    /// `paper`, `not_evaluated`, or empty to remove the note.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub total: String,
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
}

/// What the form says, as the rules see it; the refusal names the field.
fn read(f: &NoteForm) -> Result<Option<Note>, &'static str> {
    match f.kind.as_str() {
        "" => Ok(None),
        "not_evaluated" => {
            if f.note.trim().is_empty() {
                return Err("annual.err.note_required");
            }
            Ok(Some(Note::NotEvaluated))
        }
        "paper" => {
            let total = Points::parse(&f.total)
                .filter(|t| *t >= Points::ZERO && *t <= Points::whole(100))
                .ok_or("annual.err.paper_total")?;
            let grade = Grade::parse(f.grade.trim()).ok_or("annual.err.paper_grade")?;
            if f.source.trim().is_empty() {
                return Err("annual.err.source_required");
            }
            Ok(Some(Note::Paper { total, grade }))
        }
        _ => Err("annual.err.kind"),
    }
}

/// `POST /evaluations/{id}/annual-note`: the unit's admins, on an annual form not yet decided.
pub async fn note(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let l = flow::load(&state, &user, &id).await?;
    if !user.scope.allows(Action::ManageStaff, &l.form.unit_path) {
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let note = match read(&f) {
        Ok(n) => n,
        Err(key) => {
            return refused_page(&state, &user, &id, ActError::App(AppError::BadRequest(key)))
                .await;
        }
    };
    let (source, text) = (f.source.trim(), f.note.trim());
    if source.chars().count() > 200 || text.chars().count() > 500 {
        return refused_page(
            &state,
            &user,
            &id,
            ActError::App(AppError::BadRequest("annual.err.too_long")),
        )
        .await;
    }
    match state
        .store
        .set_annual_note(
            &l.form.id,
            note.as_ref().map(|n| (n, source, text)),
            Some(&user.account_id),
            &user.username,
        )
        .await
    {
        Ok(()) => {}
        Err(danhgia_store::StoreError::Refused(k)) => {
            return refused_page(&state, &user, &id, ActError::App(AppError::Conflict(k))).await;
        }
        Err(e) => return Err(AppError::from(e).into()),
    }
    crate::audit::record(
        &state,
        Some(&user),
        "annual_note",
        "evaluation",
        Some(&l.form.id),
        Some(&l.form.unit_id),
        serde_json::json!({ "person": l.form.full_name, "kind": f.kind, "total": f.total, "grade": f.grade, "source": source, "note": text }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/evaluations/{}?ok=annual.ok.noted#year",
        l.form.id
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(kind: &str, total: &str, grade: &str, source: &str, note: &str) -> NoteForm {
        NoteForm {
            csrf: String::new(),
            kind: kind.into(),
            total: total.into(),
            grade: grade.into(),
            source: source.into(),
            note: note.into(),
        }
    }

    #[test]
    fn a_paper_result_needs_its_total_grade_and_old_unit() {
        // Quảng Trị Đ.2.9: "bằng giấy có xác nhận của Thủ trưởng cơ quan cũ".
        assert_eq!(
            read(&f("paper", "80", "B", "Sở Tư pháp", "")),
            Ok(Some(Note::Paper {
                total: Points::whole(80),
                grade: Grade::B
            }))
        );
        assert_eq!(
            read(&f("paper", "180", "B", "Sở Tư pháp", "")),
            Err("annual.err.paper_total")
        );
        assert_eq!(
            read(&f("paper", "80", "X", "Sở Tư pháp", "")),
            Err("annual.err.paper_grade")
        );
        assert_eq!(
            read(&f("paper", "80", "B", " ", "")),
            Err("annual.err.source_required")
        );
        assert_eq!(
            read(&f("not_evaluated", "", "", "", "")),
            Err("annual.err.note_required")
        );
        assert_eq!(read(&f("", "", "", "", "")), Ok(None));
        assert_eq!(read(&f("other", "", "", "", "")), Err("annual.err.kind"));
    }
}
