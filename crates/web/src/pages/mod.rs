//! Server-rendered pages (askama templates in `crates/web/templates/`), one module per area.
//! Every handler takes a [`PageUser`](crate::auth::PageUser) and checks the unit it touches with
//! [`visible_unit`], so nothing outside the caller's scope is ever read into a page.

pub mod account;
pub mod alerts;
pub mod annual;
pub mod audit;
pub mod career;
pub mod catalogue;
pub mod commendations;
pub mod criteria;
pub mod emulation;
pub mod evaluations;
pub mod file_import;
pub mod import;
pub mod localgov;
pub mod moves;
pub mod peer;
pub mod printed;
pub mod profile;
pub mod reports;
pub mod search;
pub mod staff;
pub mod staffing;
pub mod training;
pub mod units;
pub mod work;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use danhgia_domain::access::Action;
use danhgia_domain::validate::FieldErrors;
use danhgia_store::{Person, Unit};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::{self, Lang};

/// Renders a template to HTML, or a plain 500 when the template itself fails.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "template error",
            )
                .into_response()
        }
    }
}

/// What every page's layout needs.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub lang: Lang,
    pub username: Option<String>,
    pub csrf: String,
    /// A message key to confirm the last action (`?ok=unit.saved`), checked against the
    /// catalogue so no text can be injected through the URL.
    pub flash: Option<&'static str>,
    /// Alerts not yet read (the header's count).
    pub alerts: i64,
    /// The menu links to the audit log (admins).
    pub audit: bool,
}

impl Ctx {
    pub fn for_user(user: &CurrentUser) -> Self {
        Ctx {
            lang: Lang::Vi,
            username: Some(user.username.clone()),
            csrf: user.csrf.clone(),
            flash: None,
            alerts: user.unread_alerts,
            audit: !user
                .scope
                .roots_for(danhgia_domain::access::Action::ViewAudit)
                .0
                .is_empty(),
        }
    }
    pub fn with_flash(mut self, key: Option<&str>) -> Self {
        self.flash = key.and_then(|k| {
            i18n::CATALOGUE
                .iter()
                .find(|(c, _, _)| *c == k)
                .map(|(c, _, _)| *c)
        });
        self
    }
    /// Catalogue text.
    pub fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }
    /// An instant as people in Vietnam read it: `dd/mm/yyyy HH:MM`, Asia/Ho_Chi_Minh (UTC+7,
    /// no daylight saving), whatever the server's zone.
    pub fn when(&self, t: &time::OffsetDateTime) -> String {
        let local = t.to_offset(time::macros::offset!(+7));
        format!(
            "{:02}/{:02}/{} {:02}:{:02}",
            local.day(),
            u8::from(local.month()),
            local.year(),
            local.hour(),
            local.minute()
        )
    }
    /// A calendar day as people in Vietnam write it: `dd/mm/yyyy`.
    pub fn day(&self, d: &time::Date) -> String {
        vn_day(*d)
    }
    /// Catalogue text of `prefix.value` (enum labels).
    pub fn label(&self, prefix: &str, value: &dyn std::fmt::Display) -> &'static str {
        i18n::t(self.lang, &format!("{prefix}.{value}"))
    }
}

/// What an upload form sent (multipart: `csrf`, `file`): the CSRF token, the file's bytes and
/// its name (control characters, quotes and slashes dropped, at most 120 characters), and
/// whether the body was cut short (over the size limit, or broken).
#[derive(Debug, Default)]
pub struct Upload {
    pub csrf: String,
    pub file: Vec<u8>,
    pub name: String,
    pub too_big: bool,
}

impl Upload {
    /// Reads the form; a broken or oversized body stops the reading with `too_big`.
    pub async fn read(multipart: &mut axum::extract::Multipart) -> Upload {
        let mut u = Upload::default();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(_) => {
                    u.too_big = true;
                    break;
                }
            };
            match field.name() {
                Some("csrf") => u.csrf = field.text().await.unwrap_or_default(),
                Some("file") => {
                    u.name = field
                        .file_name()
                        .unwrap_or_default()
                        .chars()
                        .filter(|c| !c.is_control() && !matches!(c, '"' | '/' | '\\'))
                        .take(120)
                        .collect();
                    match field.bytes().await {
                        Ok(b) => u.file = b.to_vec(),
                        Err(_) => u.too_big = true,
                    }
                }
                _ => {}
            }
        }
        u
    }

    /// The CSRF check, and a 400 for a body cut short.
    pub fn check(&self, user: &crate::auth::CurrentUser) -> Result<(), AppError> {
        if self.too_big {
            return Err(AppError::BadRequest("err.upload_too_big"));
        }
        user.check_csrf(&self.csrf)
    }
}

/// A calendar day as `dd/mm/yyyy`.
pub fn vn_day(d: time::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// A table of `unit` as an Excel download named `{name}-{unit code}.xlsx` (issue 8 §3 "every
/// table to .xlsx"); the export is an audit line `action` with `details` on the unit (M9.2).
pub(crate) async fn unit_table_xlsx(
    state: &crate::AppState,
    user: &crate::auth::CurrentUser,
    unit: &danhgia_store::Unit,
    action: &str,
    details: serde_json::Value,
    name: &str,
    table: &danhgia_sheets::Table,
) -> Result<Response, AppError> {
    let bytes =
        danhgia_sheets::write_table(table).map_err(|e| AppError::Internal(e.to_string()))?;
    crate::audit::record(
        state,
        Some(user),
        action,
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        details,
    )
    .await;
    Ok(xlsx_download(
        &format!("{name}-{}.xlsx", evaluations::file_code(unit)),
        bytes,
    ))
}

/// An .xlsx file to download as `file_name`.
pub fn xlsx_download(file_name: &str, bytes: Vec<u8>) -> Response {
    download(
        file_name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
}

/// A PDF to download as `file_name`.
pub fn pdf_download(file_name: &str, bytes: Vec<u8>) -> Response {
    download(file_name, "application/pdf", bytes)
}

fn download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub lang: Lang,
    pub status: u16,
    pub message: &'static str,
}

impl ErrorPage {
    pub fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options for a string enum with labels from the catalogue.
pub fn enum_options<E: Copy + std::fmt::Display>(
    ctx: &Ctx,
    prefix: &str,
    all: &[E],
    selected: &str,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt {
            value: v.to_string(),
            label: ctx.label(prefix, v).to_owned(),
            selected: v.to_string() == selected,
        })
        .collect()
}

/// Form errors as a template reads them.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub FieldErrors);

impl Errors {
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field)
    }
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

/// A unit the caller may at least see, checked for `action`: outside the scope (or unknown)
/// is 404, visible but not allowed is 403.
pub async fn visible_unit(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    action: Action,
) -> Result<Unit, AppError> {
    let unit = state.store.unit(id).await?;
    if !user.scope.allows(Action::ViewUnit, &unit.path) {
        return Err(AppError::NotFound);
    }
    if !user.scope.allows(action, &unit.path) {
        return Err(AppError::Forbidden("err.forbidden"));
    }
    Ok(unit)
}

/// A staff member the caller may see (their own record, or `ViewStaff` on the unit), checked
/// for `action` on the unit.
pub async fn visible_person(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    action: Action,
) -> Result<(Person, Unit), AppError> {
    let person = state.store.person(id).await?;
    let unit = state.store.unit(&person.unit_id).await?;
    let is_self = user.person_id.as_deref() == Some(person.id.as_str());
    if !is_self && !user.scope.allows(Action::ViewStaff, &unit.path) {
        return Err(AppError::NotFound);
    }
    if !(user.scope.allows(action, &unit.path) || action == Action::ViewStaff && is_self) {
        return Err(AppError::Forbidden("err.forbidden"));
    }
    Ok((person, unit))
}

/// Whether the caller sees a person's personnel file (profile, career, scans; D56): it is
/// their own, or they manage the staff of its unit.
pub fn sees_file(user: &CurrentUser, person: &Person, unit: &Unit) -> bool {
    user.person_id.as_deref() == Some(person.id.as_str())
        || user.scope.allows(Action::ManageStaff, &unit.path)
}

/// The person (see [`visible_person`]) whose file the caller sees; 403 when they see the
/// person but not the file.
pub async fn visible_file(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Person, Unit), AppError> {
    let (person, unit) = visible_person(state, user, id, Action::ViewStaff).await?;
    if !sees_file(user, &person, &unit) {
        return Err(AppError::Forbidden("err.forbidden"));
    }
    Ok((person, unit))
}

/// The units the caller sees that pass `keep`, as options indented by depth in tree order, with
/// `selected` marked (for "move under…" and "grant on…" pickers).
pub async fn unit_options(
    state: &AppState,
    user: &CurrentUser,
    selected: Option<&str>,
    keep: impl Fn(&Unit) -> bool,
) -> Result<Vec<Opt>, AppError> {
    Ok(units::visible_tree(state, user)
        .await?
        .into_iter()
        .filter(|row| keep(&row.unit))
        .map(|row| Opt {
            selected: selected == Some(row.unit.id.as_str()),
            label: format!(
                "{}{}",
                "— ".repeat(danhgia_domain::org::depth(&row.unit.path).saturating_sub(1)),
                row.unit.name
            ),
            value: row.unit.id,
        })
        .collect())
}

/// `?ok=key` of a redirect after a successful action.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Flash {
    pub ok: Option<String>,
}

/// "Tháng 11/2026", or "Năm 2025" for the year's period (M6.3): how printed and exported
/// documents name a period.
pub fn period_title(p: &danhgia_store::Period) -> String {
    if p.is_year() {
        format!("Năm {}", p.year)
    } else {
        format!("Tháng {:02}/{}", p.month, p.year)
    }
}
