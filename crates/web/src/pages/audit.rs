//! The audit log for admins (issue 9 §2, SPEC M9.2): search who did what, when and from where,
//! within one's scope — a unit admin sees the lines of their subtree's units, a system admin
//! also the lines that belong to no unit (logins of accounts without a person, the command
//! line, jobs). A system admin can check the hash chain from here (`danhgia audit verify`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use danhgia_domain::access::{Action, Role};
use danhgia_domain::validate::FieldErrors;
use danhgia_store::{AuditCheck, AuditLine, AuditQuery, AuditScope};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, Errors, render};
use crate::AppState;
use crate::auth::{ApiUser, CurrentUser, PageUser};
use crate::error::{ApiError, AppError, PageError};

/// Lines per page.
pub const PAGE: i64 = 100;

/// The search as the form and the API send it.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Search {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub target: String,
    /// First day, dd/mm/yyyy or yyyy-mm-dd (Vietnam time).
    #[serde(default)]
    pub from: String,
    /// Last day, included.
    #[serde(default)]
    pub to: String,
    /// Show lines numbered below this (the next, older page).
    #[serde(default)]
    pub before: Option<i64>,
}

impl Search {
    /// The typed text of the day field `field` (`from` or `to`).
    pub fn day(&self, field: &str) -> &str {
        if field == "from" {
            &self.from
        } else {
            &self.to
        }
    }
}

/// Where `user` may search; `None` when they may not search at all.
fn scope_of(user: &CurrentUser) -> Option<AuditScope> {
    let (paths, _) = user.scope.roots_for(Action::ViewAudit);
    let unitless = user.scope.has_role(Role::SystemAdmin);
    (!paths.is_empty() || unitless).then_some(AuditScope {
        unit_paths: paths,
        unitless,
    })
}

/// The start of a Vietnam day, as an instant.
fn day_start(d: time::Date) -> time::OffsetDateTime {
    d.midnight().assume_offset(time::macros::offset!(+7))
}

/// Checks the search; errors name the field.
fn query_of(s: &Search, errs: &mut FieldErrors) -> AuditQuery {
    let mut day = |field: &'static str, text: &str| {
        if text.trim().is_empty() {
            return None;
        }
        let d = super::evaluations::parse_day(text);
        if d.is_none() {
            errs.add(field, "err.date");
        }
        d
    };
    let from = day("from", &s.from);
    let to = day("to", &s.to);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errs.add("to", "audit.err.range");
    }
    AuditQuery {
        actor: s.actor.trim().to_lowercase(),
        action: s.action.trim().to_owned(),
        target_id: s.target.trim().to_owned(),
        from: from.map(day_start),
        until: to.and_then(|t| t.next_day()).map(day_start),
        before_seq: s.before,
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub search: Search,
    pub errors: Errors,
    pub actions: Vec<String>,
    pub lines: Vec<AuditLine>,
    /// The query string of the next (older) page, when there may be one.
    pub older: Option<String>,
    pub may_verify: bool,
    pub check: Option<AuditCheck>,
}

impl AuditPage {
    /// A line's detail, cut for the table.
    pub fn short(&self, detail: &str) -> String {
        let cut: String = detail.chars().take(240).collect();
        if cut.len() < detail.len() {
            format!("{cut}…")
        } else {
            cut
        }
    }
}

async fn page_of(
    state: &AppState,
    user: &CurrentUser,
    search: Search,
    check: Option<AuditCheck>,
) -> Result<(AuditPage, bool), AppError> {
    let scope = scope_of(user).ok_or(AppError::NotFound)?;
    let mut errs = FieldErrors::default();
    let q = query_of(&search, &mut errs);
    let invalid = !errs.is_empty();
    let lines = if invalid {
        Vec::new()
    } else {
        state.store.search_audit(&scope, &q, PAGE).await?
    };
    let older = (lines.len() as i64 == PAGE)
        .then(|| lines.last().map(|l| l.seq))
        .flatten()
        .map(|seq| {
            serde_urlencoded::to_string([
                ("actor", search.actor.as_str()),
                ("action", search.action.as_str()),
                ("target", search.target.as_str()),
                ("from", search.from.as_str()),
                ("to", search.to.as_str()),
                ("before", &seq.to_string()),
            ])
            .unwrap_or_default()
        });
    Ok((
        AuditPage {
            ctx: Ctx::for_user(user),
            search,
            errors: Errors(errs),
            actions: state.store.audit_actions().await?,
            lines,
            older,
            may_verify: user.scope.has_role(Role::SystemAdmin),
            check,
        },
        invalid,
    ))
}

/// `GET /audit`
pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(search): Query<Search>,
) -> Result<Response, PageError> {
    let (page, invalid) = page_of(&state, &user, search, None).await?;
    let status = if invalid {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct VerifyForm {
    pub csrf: String,
}

/// `POST /audit/verify`: a system admin walks the whole chain (`danhgia audit verify`).
pub async fn verify(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<VerifyForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    if scope_of(&user).is_none() {
        return Err(AppError::NotFound.into());
    }
    if !user.scope.has_role(Role::SystemAdmin) {
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let check = state.store.verify_audit(None).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "audit_verify",
        "audit_log",
        None,
        None,
        json!({
            "lines": check.lines,
            "head": format!("{}:{}", check.head_seq, check.head_hash),
            "broken": check.broken.as_ref().map(ToString::to_string),
        }),
    )
    .await;
    let (page, _) = page_of(&state, &user, Search::default(), Some(check)).await?;
    Ok(render(&page))
}

/// `GET /api/v1/audit?actor=&action=&target=&from=&to=&before=`: the same search as JSON,
/// newest first, at most [`PAGE`] lines.
pub async fn api(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(search): Query<Search>,
) -> Result<Response, ApiError> {
    use crate::i18n::{Lang, t};
    let scope = scope_of(&user).ok_or(AppError::NotFound)?;
    let mut errs = FieldErrors::default();
    let q = query_of(&search, &mut errs);
    if !errs.is_empty() {
        let problems: Vec<Value> = errs
            .0
            .iter()
            .map(|e| json!({ "field": e.field, "key": e.key, "message": t(Lang::Vi, e.key) }))
            .collect();
        let body = json!({ "error": "invalid", "message": t(Lang::Vi, "form.has_errors"), "problems": problems });
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(body),
        )
            .into_response());
    }
    let lines = state.store.search_audit(&scope, &q, PAGE).await?;
    Ok(axum::Json(json!({
        "lines": lines.iter().map(|l| json!({
            "seq": l.seq,
            "at": l.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            "actor": l.actor_name,
            "action": l.action,
            "target_kind": l.target_kind,
            "target_id": l.target_id,
            "unit_id": l.unit_id,
            "unit_name": l.unit_name,
            "ip": l.ip,
            "detail": serde_json::from_str::<Value>(&l.detail).unwrap_or(Value::String(l.detail.clone())),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}
