//! The JSON API of the 360° round (issue 10; flow in `crate::peer`): the ratings I give, saving
//! one, a unit's minutes, and compiling them. Same rules as the pages: a rating is its rater's
//! alone (404 to anyone else), scores stay private until the minutes are compiled.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use danhgia_domain::access::Action;
use danhgia_domain::evaluation::Sheet;
use danhgia_domain::points::Points;
use danhgia_store::{PeerRating, Period, Unit};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::{ApiJson, ApiPath, ApiQuery};
use crate::api_evaluations::period_json;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::i18n::{Lang, t};
use crate::pages::evaluations::{pick_period, tenant_of};
use crate::pages::visible_unit;
use crate::peer::{self as flow, RateError};

fn points(v: Option<i64>) -> Value {
    v.map_or(Value::Null, |h| json!(Points::from_hundredths(h)))
}

fn rating_json(r: &PeerRating) -> Value {
    json!({
        "id": r.id, "evaluation_id": r.evaluation_id, "ratee_id": r.ratee_id,
        "ratee_name": r.ratee_name, "position_title": r.position_title, "unit_id": r.unit_id,
        "unit_name": r.unit_name, "relation": r.relation.as_str(), "form_status": r.form_status,
        "self_total": if r.form_status == "draft" { Value::Null } else { points(r.self_total) },
        "total": points(r.total), "comment": r.comment, "version": r.version,
        "open": !r.compiled && matches!(r.form_status.as_str(), "submitted" | "reviewed"),
    })
}

#[derive(Debug, Deserialize)]
pub struct PeriodParam {
    pub period: Option<String>,
}

/// The period asked for (default the newest) of `unit`'s tenant: 404 for another tenant's.
async fn period_of(
    state: &AppState,
    unit: &Unit,
    wanted: Option<&str>,
) -> Result<Period, AppError> {
    pick_period(state, &tenant_of(&unit.path), wanted)
        .await?
        .0
        .ok_or(AppError::NotFound)
}

/// `GET /api/v1/peer/ratings?period=` → `{period, is_360, ratings: [...]}`: whom I rate.
pub async fn mine(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<PeriodParam>,
) -> Result<Response, ApiError> {
    let (me, period, _) = flow::my_periods(&state, &user, q.period.as_deref()).await?;
    let period = period.ok_or(AppError::NotFound)?;
    let is_360 = flow::is_360(&state, &period).await?;
    let ratings = if is_360 {
        flow::ensure_round(&state, &period).await?;
        state.store.peer_ratings_by(&me, &period.id).await?
    } else {
        Vec::new()
    };
    Ok(Json(json!({
        "period": period_json(&period),
        "is_360": is_360,
        "ratings": ratings.iter().map(rating_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateBody {
    /// The version the caller read.
    pub version: i64,
    pub sheet: Sheet,
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/v1/peer/ratings/{id}` `{version, sheet, comment}` → the rating saved, or 422 with
/// the problems by item, 409 when closed or changed meanwhile.
pub async fn rate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<RateBody>,
) -> Result<Response, ApiError> {
    let r = flow::load_rating(&state, &user, &id).await?;
    match flow::rate(&state, &r, b.version, b.sheet, &b.comment).await {
        Ok(_) => Ok(Json(rating_json(&state.store.peer_rating(&id).await?)).into_response()),
        Err(RateError::App(e)) => Err(e.into()),
        Err(RateError::Scores(list)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "error": "invalid",
                "message": t(Lang::Vi, "peer.err.scores"),
                "problems": list.iter().map(|s| json!({
                    "item": s.item, "code": s.key, "message": t(Lang::Vi, s.key), "limit": s.limit,
                })).collect::<Vec<_>>(),
            })),
        )
            .into_response()),
        Err(RateError::Incomplete(missing)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "error": "incomplete",
                "message": t(Lang::Vi, "peer.err.incomplete"),
                "missing": missing,
            })),
        )
            .into_response()),
    }
}

/// `GET /api/v1/units/{id}/peer-minutes?period=` → the unit's minutes as the caller may see
/// them: `{period, compiled: {at, by} | null, lines: [...]}`.
pub async fn minutes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<PeriodParam>,
) -> Result<Response, ApiError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewResults).await?;
    let period = period_of(&state, &unit, q.period.as_deref()).await?;
    if !flow::is_360(&state, &period).await? {
        return Err(AppError::Conflict("peer.err.not_360").into());
    }
    let v = flow::minutes(&state, &user, &unit, &period).await?;
    let lines: Vec<Value> = v
        .lines
        .iter()
        .map(|x| {
            json!({
                "evaluation_id": x.form.id, "full_name": x.form.full_name,
                "position_title": x.form.position_title, "status": x.form.status.as_str(),
                "self_total": if x.form.status.as_str() == "draft" { Value::Null } else { points(x.form.self_total) },
                "self_grade": if x.form.status.as_str() == "draft" { None } else { x.form.self_grade.clone() },
                "rated": x.rated, "raters": x.raters,
                "peer_total": x.result.as_ref().map_or(Value::Null, |r| points(r.peer_total)),
                "total": x.result.as_ref().map_or(Value::Null, |r| points(Some(r.total))),
                "gap": x.result.as_ref().map_or(Value::Null, |r| points(Some(r.gap))),
                "flagged": x.result.as_ref().is_some_and(|r| r.flagged),
                "opinions": x.opinions,
            })
        })
        .collect();
    Ok(Json(json!({
        "period": period_json(&period),
        "compiled": v.minutes.as_ref().map(|m| json!({"at": m.compiled_at.to_string(), "by": m.compiled_by_name})),
        "lines": lines,
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileBody {
    pub period: String,
}

/// `POST /api/v1/units/{id}/peer-minutes` `{period}` → `{lines: n}`: compiles the minutes.
pub async fn compile(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<CompileBody>,
) -> Result<Response, ApiError> {
    let unit = visible_unit(&state, &user, &id, Action::FollowEvaluations).await?;
    let period = period_of(&state, &unit, Some(&b.period)).await?;
    let lines = flow::compile(&state, &user, &unit, &period).await?;
    Ok(Json(json!({ "lines": lines })).into_response())
}
