//! A unit's product catalogue (issue 7 §5, NĐ 335 Đ.13): the products in force for the unit
//! (its own and those inherited from the units above), exported and imported as Excel in the
//! layout of the Ministry handbook's appendix. An import replaces the unit's own products in one
//! transaction, or changes nothing and lists every problem by row and column.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::kpi::{self, Product, Units};
use danhgia_sheets::{CatalogueOut, CatalogueSheet, read_catalogue, write_catalogue};
use danhgia_store::{ProductInput, ProductRow, Unit};

use super::{Ctx, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// A catalogue is a few hundred rows; 5 MB is far more than any.
pub const MAX_UPLOAD: usize = 5 * 1024 * 1024;

/// One problem of an imported sheet: where, and the message key.
pub struct Problem {
    pub row: u32,
    pub cell: String,
    pub key: &'static str,
}

#[derive(Template)]
#[template(path = "kpi_catalogue.html")]
pub struct CataloguePage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub products: Vec<ProductRow>,
    pub may_edit: bool,
    pub error: Option<&'static str>,
    pub problems: Vec<Problem>,
}

impl CataloguePage {
    pub fn coefficient(&self, p: &ProductRow) -> String {
        Units::from_thousandths(p.coefficient).vi()
    }
    pub fn inherited(&self, p: &ProductRow) -> bool {
        p.unit_id != self.unit.id
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct Flash {
    pub ok: Option<String>,
    pub added: Option<usize>,
    pub changed: Option<usize>,
    pub removed: Option<usize>,
    pub kept: Option<usize>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    flash: Option<&str>,
) -> Result<CataloguePage, AppError> {
    let products = state.store.catalogue(&unit).await?;
    let may_edit = user.scope.allows(Action::EditUnit, &unit.path);
    Ok(CataloguePage {
        ctx: Ctx::for_user(user).with_flash(flash),
        unit,
        products,
        may_edit,
        error: None,
        problems: Vec::new(),
    })
}

/// `GET /units/{id}/catalogue`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewUnit).await?;
    Ok(render(&page(&state, &user, unit, q.ok.as_deref()).await?))
}

/// `GET /units/{id}/catalogue.xlsx`: the catalogue in force, inherited rows marked.
pub async fn export(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewUnit).await?;
    let rows: Vec<CatalogueOut> = state
        .store
        .catalogue(&unit)
        .await?
        .into_iter()
        .map(|p| CatalogueOut {
            inherited_from: (p.unit_id != unit.id).then(|| p.unit_name.clone()),
            code: p.code,
            task: p.task,
            name: p.name,
            group: u8::try_from(p.group_no).unwrap_or(1),
            measure: p.measure,
            coefficient: Units::from_thousandths(p.coefficient).vi(),
            note: p.note,
        })
        .collect();
    let bytes =
        write_catalogue(&unit.name, &rows).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, XLSX.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"danh-muc-san-pham-{}.xlsx\"",
                    safe(&unit.code)
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn safe(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The unit's own products of a sheet (inherited rows are the superior's and are skipped), or
/// every problem by row and column.
pub fn products_of(sheet: &CatalogueSheet) -> Result<Vec<ProductInput>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut rows_of = Vec::new();
    let cell = |row: u32, field: &str| {
        sheet
            .cell_ref(row, field)
            .unwrap_or_else(|| format!("{row}"))
    };
    for r in sheet
        .rows
        .iter()
        .filter(|r| r.inherited_from.trim().is_empty())
    {
        let group = r
            .group
            .parse::<u8>()
            .ok()
            .filter(|g| (1..=kpi::MAX_GROUPS).contains(g));
        if group.is_none() {
            problems.push(Problem {
                row: r.row,
                cell: cell(r.row, "group"),
                key: "kpi.err.group_range",
            });
        }
        let coefficient = Units::parse(&r.coefficient).filter(|c| c.0 > 0);
        if coefficient.is_none() {
            problems.push(Problem {
                row: r.row,
                cell: cell(r.row, "coefficient"),
                key: "kpi.err.coefficient_positive",
            });
        }
        let measure = if r.measure.trim().is_empty() {
            "Sản phẩm".to_owned()
        } else {
            r.measure.trim().to_owned()
        };
        out.push(ProductInput {
            code: r.code.trim().to_owned(),
            task: r.task.trim().to_owned(),
            name: r.name.trim().to_owned(),
            group_no: i64::from(group.unwrap_or(1)),
            measure,
            coefficient: coefficient.map_or(1, |c| c.0),
            note: r.note.trim().to_owned(),
        });
        rows_of.push(r.row);
    }
    // The catalogue-wide rules (codes unique and present, names) in one place: domain::kpi.
    let products: Vec<Product> = out
        .iter()
        .map(|p| Product {
            code: p.code.clone(),
            name: p.name.clone(),
            group: u8::try_from(p.group_no).unwrap_or(0),
            unit: p.measure.clone(),
            coefficient: Units::from_thousandths(p.coefficient),
        })
        .collect();
    for e in kpi::check_catalogue(&products) {
        if matches!(e.field, "group" | "coefficient") {
            continue;
        }
        let row = rows_of.get(e.row).copied().unwrap_or(0);
        let field = if e.field == "unit" {
            "measure"
        } else {
            e.field
        };
        problems.push(Problem {
            row,
            cell: cell(row, field),
            key: e.key,
        });
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem {
            row: sheet.header_row,
            cell: String::new(),
            key: "kpi.err.catalogue_empty",
        });
    }
    problems.sort_by_key(|p| p.row);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// `POST /units/{id}/catalogue`: import an Excel catalogue as the unit's own.
pub async fn import(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::EditUnit).await?;
    let upload = super::Upload::read(&mut multipart).await;
    upload.check(&user)?;
    let file = upload.file;
    let mut p = page(&state, &user, unit.clone(), None).await?;
    if file.is_empty() {
        p.error = Some("err.upload_empty");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response());
    }
    let sheet = match read_catalogue(&file) {
        Ok(s) => s,
        Err(e) => {
            p.error = Some(e.key());
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response());
        }
    };
    match products_of(&sheet) {
        Err(problems) => {
            p.error = Some("kpi.err.catalogue_rows");
            p.problems = problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
        Ok(products) => {
            let saved = state.store.save_catalogue(&unit.id, &products).await?;
            crate::audit::record(
                &state,
                Some(&user),
                "kpi_catalogue_import",
                "unit",
                Some(&unit.id),
                Some(&unit.id),
                serde_json::json!({ "products": products.len(), "added": saved.added, "changed": saved.changed,
                    "removed": saved.removed, "kept": saved.kept }),
            )
            .await;
            Ok(Redirect::to(&format!(
                "/units/{}/catalogue?ok=kpi.ok.imported&added={}&changed={}&removed={}&kept={}",
                unit.id, saved.added, saved.changed, saved.removed, saved.kept
            ))
            .into_response())
        }
    }
}
