//! The JSON API of the rules (issue 4): criteria sets as data, and the scoring and grading of
//! a form under a preset, for document-management and task systems (M9.4) and for the form's
//! live total (issue 5). Same scope rules as the pages; bad input answers 422 with every
//! problem named by item.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use danhgia_domain::criteria::CriteriaSet;
use danhgia_domain::grade::Grade;
use danhgia_domain::points::Points;
use danhgia_domain::preset::{Facts, Outcome};
use danhgia_domain::scoring::{self, Entries, Entry};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::{ApiJson, ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::i18n::{Lang, t};
use crate::pages::criteria::{DEFAULT_PRESET, catalogue};

/// `GET /api/v1/criteria` → every set with its current version.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let rows = state.store.criteria_sets().await?;
    let sets: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({ "key": r.key, "preset": r.preset, "title": r.title, "version": r.current_version,
                    "shipped": r.shipped, "copied_from": r.copied_from })
        })
        .collect();
    Ok(Json(json!({ "sets": sets })))
}

#[derive(Debug, Deserialize)]
pub struct VersionParam {
    pub version: Option<i64>,
}

/// `GET /api/v1/criteria/{key}?version=N` → the set as data (points as decimal numbers).
pub async fn show(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Json<Value>, ApiError> {
    let row = state.store.criteria_set(&key).await?;
    let v = state.store.set_version(&row, q.version).await?;
    let set = v.set()?;
    Ok(Json(
        json!({ "version": v.version, "version_id": v.id, "current_version": row.current_version, "set": set }),
    ))
}

/// A form to score: points per item id (`"I.1"`; a result section by its code, in percent),
/// reasons per item, and the facts the preset looks at.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    pub scores: BTreeMap<String, Points>,
    #[serde(default)]
    pub reasons: BTreeMap<String, String>,
    /// A preset key; default: the tenant's default.
    pub preset: Option<String>,
    #[serde(default)]
    pub worked_half_or_less: bool,
    /// `"A"` … `"D"`.
    pub self_declared: Option<String>,
}

/// `POST /api/v1/criteria/{key}/score` → `{total, grade, reasons, missing}`, or 422 with
/// `problems: [{item, code, message, limit}]`. Nothing is stored.
pub async fn score(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(b): ApiJson<ScoreBody>,
) -> Result<Response, ApiError> {
    let self_declared = match b.self_declared.as_deref() {
        None => None,
        Some(g) => Some(Grade::parse(g.trim()).ok_or(AppError::BadRequest("criteria.err.grade"))?),
    };
    let row = state.store.criteria_set(&key).await?;
    let set: CriteriaSet = state.store.set_version(&row, None).await?.set()?;
    let cat = catalogue()?;
    let preset = cat
        .preset(b.preset.as_deref().unwrap_or(DEFAULT_PRESET))
        .ok_or(AppError::BadRequest("criteria.err.preset"))?;
    let entries: Entries = b
        .scores
        .iter()
        .map(|(id, p)| {
            let reason = b.reasons.get(id).cloned().unwrap_or_default();
            (id.clone(), Entry { points: *p, reason })
        })
        .collect();
    match scoring::score(&set, &entries) {
        Err(errs) => {
            let problems: Vec<Value> = errs
                .iter()
                .map(|e| json!({ "item": e.item, "code": e.key, "message": t(Lang::Vi, e.key), "limit": e.limit }))
                .collect();
            let body = json!({ "error": "invalid", "message": t(Lang::Vi, "form.has_errors"), "problems": problems });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
        Ok(s) => {
            let facts = Facts {
                total: s.total,
                knockout: s.knockout,
                any_criterion_zero: s.any_criterion_zero,
                worked_half_or_less: b.worked_half_or_less,
                self_declared,
                ..Facts::default()
            };
            let (grade, reasons) = match preset.grade(&facts) {
                Outcome::Graded { grade, reasons } => {
                    (Some(grade), reasons.iter().map(|r| r.key()).collect())
                }
                Outcome::NotGraded => (None, vec!["grade.why.not_graded"]),
            };
            let reasons: Vec<Value> = reasons
                .iter()
                .map(|k| json!({ "code": k, "message": t(Lang::Vi, k) }))
                .collect();
            Ok(Json(json!({ "preset": preset.key, "total": s.total, "grade": grade.map(Grade::as_str), "reasons": reasons, "missing": s.missing }))
                .into_response())
        }
    }
}
