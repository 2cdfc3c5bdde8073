//! The staff-list import pages (M2.5): upload, preview or the list of problems, confirm, and
//! the one-time password sheet; plus the blank template and a unit's export in the same layout.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::import::PlannedRow;
use danhgia_sheets::{Column, OutRow};
use danhgia_store::{ImportOutcome, Unit};

use super::{Ctx, render, visible_unit};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::import::{self, Problem};

/// Largest file accepted (a 100,000-row sheet is about 6 MB).
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn xlsx(file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (CONTENT_TYPE, XLSX.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "import.html")]
pub struct ImportPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub upload_id: Option<String>,
    pub file_name: String,
    pub error: Option<&'static str>,
    pub problems: Vec<Problem>,
    pub preview: Vec<PlannedRow>,
    pub new_count: usize,
    pub update_count: usize,
    pub outcome: Option<ImportOutcome>,
    pub has_credentials: bool,
}

impl ImportPage {
    fn new(ctx: Ctx, unit: Unit) -> Self {
        ImportPage {
            ctx,
            unit,
            upload_id: None,
            file_name: String::new(),
            error: None,
            problems: Vec::new(),
            preview: Vec::new(),
            new_count: 0,
            update_count: 0,
            outcome: None,
            has_credentials: false,
        }
    }
}

/// `GET /units/{id}/import`
pub async fn form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    Ok(render(&ImportPage::new(Ctx::for_user(&user), unit)))
}

/// `POST /units/{id}/import` (multipart: `csrf`, `file`): keeps the file and shows its check.
pub async fn upload(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let upload = super::Upload::read(&mut multipart).await;
    upload.check(&user)?;
    let (file, name) = (
        upload.file,
        if upload.name.is_empty() {
            "danh-sach.xlsx".to_owned()
        } else {
            upload.name
        },
    );
    if file.is_empty() {
        let mut page = ImportPage::new(Ctx::for_user(&user), unit);
        page.error = Some("err.upload_empty");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let upload = state
        .store
        .save_upload(&unit.id, &user.account_id, &name, &file)
        .await?;
    Ok(Redirect::to(&format!("/units/{}/import/{upload}", unit.id)).into_response())
}

/// `GET /units/{id}/import/{upload}`: the problems, the preview, or the result.
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, upload_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let up = state
        .store
        .upload(&upload_id, &unit.id, &user.account_id)
        .await?;
    let mut page = ImportPage::new(Ctx::for_user(&user), unit.clone());
    page.upload_id = Some(up.id.clone());
    page.file_name = up.file_name.clone();
    if let Some(outcome) = &up.outcome {
        page.outcome = serde_json::from_str::<(usize, usize, usize, usize)>(outcome)
            .ok()
            .map(
                |(created, updated, unchanged, roles_granted)| ImportOutcome {
                    created,
                    updated,
                    unchanged,
                    roles_granted,
                },
            );
        page.has_credentials = up.has_credentials;
        return Ok(render(&page));
    }
    match import::plan_file(&state.store, &up.file, &unit, Some(&user.scope)).await {
        Err(AppError::BadRequest(k)) => {
            page.error = Some(k);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
        Ok(planned) => match planned.plan {
            Err(errors) => {
                page.problems = import::problems(&planned.sheet, &errors);
                Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
            }
            Ok(rows) => {
                page.new_count = rows.iter().filter(|r| r.existing.is_none()).count();
                page.update_count = rows.len() - page.new_count;
                page.preview = rows.into_iter().take(200).collect();
                Ok(render(&page))
            }
        },
    }
}

/// `GET /units/{id}/import/{upload}/errors.xlsx`: the sheet with a "Lỗi" column.
pub async fn errors_sheet(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, upload_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let up = state
        .store
        .upload(&upload_id, &unit.id, &user.account_id)
        .await?;
    let planned = import::plan_file(&state.store, &up.file, &unit, Some(&user.scope)).await?;
    let problems = match &planned.plan {
        Err(errors) => import::problems(&planned.sheet, errors),
        Ok(_) => Vec::new(),
    };
    Ok(xlsx(
        "danh-sach-kiem-tra-loi.xlsx",
        import::error_sheet(&planned.sheet, &problems)?,
    ))
}

/// `POST /units/{id}/import/{upload}/confirm`: checks again (the data may have changed since
/// the preview) and writes everything or nothing.
pub async fn confirm(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, upload_id)): Path<(String, String)>,
    Form(f): Form<super::account::CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let up = state
        .store
        .upload(&upload_id, &unit.id, &user.account_id)
        .await?;
    if up.outcome.is_some() {
        return Ok(Redirect::to(&format!("/units/{}/import/{}", unit.id, up.id)).into_response());
    }
    let planned = import::plan_file(&state.store, &up.file, &unit, Some(&user.scope)).await?;
    let Ok(rows) = planned.plan else {
        return Ok(Redirect::to(&format!("/units/{}/import/{}", unit.id, up.id)).into_response());
    };
    // Roles given by the sheet must be the importer's to give (M2.2).
    for r in &rows {
        let target = state.store.unit(&r.unit_id).await?;
        if r.roles
            .iter()
            .any(|role| !user.scope.may_grant(*role, &target.path))
        {
            return Err(AppError::Forbidden("err.role_not_allowed").into());
        }
    }
    let (outcome, issued) = import::apply(
        &state.store,
        &rows,
        Some(&user.account_id),
        &state.config.lifecycle,
    )
    .await?;
    let credentials = if issued.is_empty() {
        None
    } else {
        Some(import::credentials_sheet(&issued)?)
    };
    let summary = serde_json::to_string(&(
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        outcome.roles_granted,
    ))
    .unwrap_or_default();
    state
        .store
        .finish_upload(&up.id, &summary, credentials.as_deref())
        .await?;
    crate::audit::record(&state, Some(&user), "staff_import", "unit", Some(&unit.id), Some(&unit.id), serde_json::json!({ "file": up.file_name, "rows": rows.len(), "created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged })).await;
    Ok(Redirect::to(&format!("/units/{}/import/{}", unit.id, up.id)).into_response())
}

/// `GET /units/{id}/import/{upload}/accounts.xlsx`: the one-time passwords, downloadable once.
pub async fn accounts_sheet(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, upload_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let sheet = state
        .store
        .take_credentials(&upload_id, &user.account_id)
        .await?;
    crate::audit::record(
        &state,
        Some(&user),
        "staff_import_credentials",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "upload": upload_id }),
    )
    .await;
    Ok(xlsx("tai-khoan-mat-khau-tam-thoi.xlsx", sheet))
}

/// `GET /import/template.xlsx`: the blank Mẫu số 01.
pub async fn template(PageUser(_): PageUser) -> Result<Response, PageError> {
    let bytes = danhgia_sheets::template().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(xlsx("mau-so-01-danh-sach-can-bo.xlsx", bytes))
}

/// `GET /units/{id}/staff.xlsx`: a unit's staff in the layout of Mẫu số 01 (re-importable).
pub async fn export(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewStaff).await?;
    let people = state.store.people_in_unit(&unit.id).await?;
    let rows = super::units::staff_rows(&state, &unit, people).await?;
    let grants = state.store.grants_on_unit(&unit.id).await?;
    let out: Vec<OutRow> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let p = &r.person;
            let roles: Vec<_> = grants
                .iter()
                .filter(|(_, u)| p.username.as_deref() == Some(u.as_str()))
                .map(|(g, _)| g.role)
                .collect();
            let sheet_role = if roles.contains(&danhgia_domain::access::Role::Aggregator) {
                danhgia_domain::import::SheetRole::Aggregator
            } else if p.rank == danhgia_domain::people::PositionRank::Member {
                danhgia_domain::import::SheetRole::Staff
            } else if unit.kind == danhgia_domain::org::UnitKind::Office {
                danhgia_domain::import::SheetRole::OfficeLeader
            } else {
                danhgia_domain::import::SheetRole::BodyLeader
            };
            let admin = if roles.contains(&danhgia_domain::access::Role::UnitAdmin) {
                "X"
            } else {
                ""
            };
            OutRow {
                cells: [
                    (Column::Stt, (i + 1).to_string()),
                    (Column::FullName, p.full_name.clone()),
                    (Column::Position, p.position_title.clone()),
                    (Column::Username, p.username.clone().unwrap_or_default()),
                    (Column::Email, p.email.clone().unwrap_or_default()),
                    (Column::Phone, p.phone.clone().unwrap_or_default()),
                    (Column::Unit, unit.name.clone()),
                    (
                        Column::Role,
                        danhgia_domain::import::sheet_role_text(sheet_role).to_owned(),
                    ),
                    (Column::IsUnitAdmin, admin.to_owned()),
                    (
                        Column::Reviewer,
                        p.reviewer_id
                            .as_ref()
                            .and(r.reviewer.clone())
                            .unwrap_or_default(),
                    ),
                    (
                        Column::Evaluator,
                        p.evaluator_id
                            .as_ref()
                            .and(r.evaluator.clone())
                            .unwrap_or_default(),
                    ),
                ]
                .into_iter()
                .collect(),
                error: None,
            }
        })
        .collect();
    let title = format!(
        "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, LAO ĐỘNG HỢP ĐỒNG — {}",
        unit.name.to_uppercase()
    );
    let bytes = danhgia_sheets::write_staff_sheet(&title, &out, false)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    crate::audit::record(
        &state,
        Some(&user),
        "staff_export",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "rows": out.len() }),
    )
    .await;
    Ok(xlsx(
        &format!("danh-sach-{}.xlsx", unit.code.to_lowercase()),
        bytes,
    ))
}
