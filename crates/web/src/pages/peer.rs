//! The 360° round's pages (issue 10; flow in `crate::peer`): the people I rate, the rating form,
//! and a unit's digital minutes (biên bản số) with the leader's compile button and the admin's
//! list of who rates whom.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::points::Points;
use danhgia_store::{PeerRating, Period, Unit};

use super::evaluations::{
    Line, PeriodInfo, PeriodQuery, lines_of, pick_period, sheet_from, tenant_of,
};
use super::{Ctx, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};
use crate::peer::{self as flow, MinutesView, OpenRating, RateError};

fn points(v: Option<i64>) -> String {
    v.map(|t| Points::from_hundredths(t).vi())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "peer_mine.html")]
pub struct MinePage {
    pub ctx: Ctx,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub is_360: bool,
    pub ratings: Vec<PeerRating>,
}

impl MinePage {
    pub fn points(&self, v: &Option<i64>) -> String {
        points(*v)
    }
    /// `open`, `done`, `waiting` (not self-assessed yet) or `closed` (in the minutes, decided).
    pub fn state_of(&self, r: &PeerRating) -> &'static str {
        if r.compiled || !matches!(r.form_status.as_str(), "draft" | "submitted" | "reviewed") {
            "peer.state.closed"
        } else if r.form_status == "draft" {
            "peer.state.waiting"
        } else if r.total.is_some() {
            "peer.state.done"
        } else {
            "peer.state.open"
        }
    }
}

/// `GET /peer`: the people I rate in the period (Đ.5.2b).
pub async fn mine(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (me, period, periods) = flow::my_periods(&state, &user, q.period.as_deref()).await?;
    let mut page = MinePage {
        ctx: Ctx::for_user(&user).with_flash(q.ok.as_deref()),
        info: None,
        periods,
        is_360: false,
        ratings: Vec::new(),
    };
    if let Some(period) = period {
        page.is_360 = flow::is_360(&state, &period).await?;
        if page.is_360 {
            flow::ensure_round(&state, &period).await?;
            page.ratings = state.store.peer_ratings_by(&me, &period.id).await?;
        }
        page.info = Some(PeriodInfo::new(period));
    }
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "peer_rate.html")]
pub struct RatePage {
    pub ctx: Ctx,
    pub r: OpenRating,
    pub lines: Vec<Line>,
    pub comment: String,
    pub error: Option<String>,
    pub field_errors: HashMap<String, String>,
}

impl RatePage {
    pub fn err(&self, name: &str) -> Option<&String> {
        self.field_errors.get(name)
    }
    pub fn points(&self, v: &Option<i64>) -> String {
        points(*v)
    }
    pub fn relation(&self) -> &'static str {
        self.ctx.t(self.r.rating.relation.key())
    }
}

fn rate_page(ctx: Ctx, r: OpenRating) -> RatePage {
    let lines = r
        .set
        .as_ref()
        .map(|s| lines_of(s, &r.self_sheet, &r.sheet))
        .unwrap_or_default();
    RatePage {
        ctx,
        comment: r.rating.comment.clone(),
        r,
        lines,
        error: None,
        field_errors: HashMap::new(),
    }
}

/// `GET /peer/ratings/{id}`: the rating form, beside the person's own scores.
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = flow::load_rating(&state, &user, &id).await?;
    Ok(render(&rate_page(Ctx::for_user(&user), r)))
}

/// `POST /peer/ratings/{id}`: saves the rating (`rate_score_<item>`, `comment`, `version`). A
/// refusal shows the form again as typed, with each wrong field named.
pub async fn rate(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields: HashMap<String, String> = fields.into_iter().collect();
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    user.check_csrf(get("csrf"))?;
    let r = flow::load_rating(&state, &user, &id).await?;
    let ctx = Ctx::for_user(&user);
    let mut errors = HashMap::new();
    let sheet = sheet_from("rate", &fields, &mut errors, &ctx);
    let version: i64 = get("version").parse().unwrap_or(-1);
    let comment = get("comment");
    let outcome = if errors.is_empty() {
        flow::rate(&state, &r, version, sheet.clone(), comment).await
    } else {
        Err(RateError::Scores(Vec::new()))
    };
    let message = match outcome {
        Ok(_) => {
            return Ok(Redirect::to(&format!(
                "/peer?period={}&ok=peer.ok.rated",
                r.rating.period_id
            ))
            .into_response());
        }
        Err(RateError::App(AppError::Conflict(k) | AppError::BadRequest(k))) => ctx.t(k).to_owned(),
        Err(RateError::App(e)) => return Err(e.into()),
        Err(RateError::Scores(list)) => {
            for se in list {
                let detail = se.limit.map(Points::vi).unwrap_or_default();
                errors.insert(
                    format!("rate_score_{}", se.item),
                    format!("{} {detail}", ctx.t(se.key)).trim().to_owned(),
                );
            }
            ctx.t("peer.err.scores").to_owned()
        }
        Err(RateError::Incomplete(missing)) => {
            for item in &missing {
                errors.insert(
                    format!("rate_score_{item}"),
                    ctx.t("peer.err.missing").to_owned(),
                );
            }
            format!("{} {}", ctx.t("peer.err.incomplete"), missing.join(", "))
        }
    };
    let mut shown = r;
    shown.sheet = sheet;
    let mut page = rate_page(ctx, shown);
    page.comment = comment.to_owned();
    page.error = Some(message);
    page.field_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "peer_minutes.html")]
pub struct MinutesPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub is_360: bool,
    pub view: Option<MinutesView>,
    /// People of the unit an admin may add as raters: (person id, name).
    pub people: Vec<(String, String)>,
}

impl MinutesPage {
    pub fn points(&self, v: &Option<i64>) -> String {
        points(*v)
    }
    pub fn hundredths(&self, v: &i64) -> String {
        Points::from_hundredths(*v).vi()
    }
    pub fn opinion_points(&self, v: &Option<Points>) -> String {
        v.map(Points::vi).unwrap_or_default()
    }
    pub fn relation(&self, r: &danhgia_domain::peer::Relation) -> &'static str {
        self.ctx.t(r.key())
    }
    pub fn grade_of(&self, g: &Option<String>) -> String {
        g.clone().unwrap_or_default()
    }
}

/// `GET /units/{id}/peer?period=`: the unit's minutes (Đ.5.2b), published in the unit.
pub async fn minutes(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewResults).await?;
    let (period, periods) =
        pick_period(&state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let mut page = MinutesPage {
        ctx: Ctx::for_user(&user).with_flash(q.ok.as_deref()),
        unit,
        info: None,
        periods,
        is_360: false,
        view: None,
        people: Vec::new(),
    };
    if let Some(period) = period {
        page.is_360 = flow::is_360(&state, &period).await?;
        if page.is_360 {
            flow::ensure_round(&state, &period).await?;
            let view = flow::minutes(&state, &user, &page.unit, &period).await?;
            if view.may_adjust {
                page.people = state
                    .store
                    .people_in_unit(&page.unit.id)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.full_name))
                    .collect();
            }
            page.view = Some(view);
        }
        page.info = Some(PeriodInfo::new(period));
    }
    Ok(render(&page))
}

#[derive(Debug, serde::Deserialize)]
pub struct UnitPeriodForm {
    pub csrf: String,
    pub period: String,
}

async fn posted_period(
    state: &AppState,
    user: &CurrentUser,
    unit_id: &str,
    period_id: &str,
    action: Action,
) -> Result<(Unit, Period), AppError> {
    let unit = visible_unit(state, user, unit_id, action).await?;
    let (period, _) = pick_period(state, &tenant_of(&unit.path), Some(period_id)).await?;
    let period = period.ok_or(AppError::NotFound)?;
    Ok((unit, period))
}

/// The unit and period whose list of raters an admin changes: a 360° period only.
async fn adjusting(
    state: &AppState,
    user: &CurrentUser,
    unit_id: &str,
    period_id: &str,
) -> Result<(Unit, Period), AppError> {
    let (unit, period) =
        posted_period(state, user, unit_id, period_id, Action::ManageStaff).await?;
    if !flow::is_360(state, &period).await? {
        return Err(AppError::Conflict("peer.err.not_360"));
    }
    Ok((unit, period))
}

fn back(unit: &Unit, period: &Period, ok: &str) -> Response {
    Redirect::to(&format!(
        "/units/{}/peer?period={}&ok={ok}",
        unit.id, period.id
    ))
    .into_response()
}

/// `POST /units/{id}/peer/compile`: compiles the minutes (the unit's leaders, aggregator, admins).
pub async fn compile(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<UnitPeriodForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (unit, period) =
        posted_period(&state, &user, &id, &f.period, Action::FollowEvaluations).await?;
    flow::compile(&state, &user, &unit, &period).await?;
    Ok(back(&unit, &period, "peer.ok.compiled"))
}

/// `POST /units/{id}/peer/round`: the admin adds the pairs the tree gives that are missing
/// (newcomers), keeping their own changes.
pub async fn round(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<UnitPeriodForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (unit, period) = adjusting(&state, &user, &id, &f.period).await?;
    let added = state.store.start_peer_round(&period.id).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "peer_round",
        "period",
        Some(&period.id),
        Some(&unit.id),
        serde_json::json!({ "added": added }),
    )
    .await;
    Ok(back(&unit, &period, "peer.ok.round"))
}

#[derive(Debug, serde::Deserialize)]
pub struct AddRaterForm {
    pub csrf: String,
    pub period: String,
    /// The form rated.
    pub evaluation: String,
    /// The person added as a rater.
    pub rater: String,
}

/// `POST /units/{id}/peer/raters`: the admin adds a rater to a form of the unit.
pub async fn add_rater(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<AddRaterForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (unit, period) = adjusting(&state, &user, &id, &f.period).await?;
    let form = state.store.evaluation(&f.evaluation).await?;
    if form.unit_id != unit.id || form.period_id != period.id {
        return Err(AppError::NotFound.into());
    }
    // The rater must be someone the admin sees.
    let rater = state.store.person(&f.rater).await?;
    let rater_unit = state.store.unit(&rater.unit_id).await?;
    if !user.scope.allows(Action::ViewStaff, &rater_unit.path) {
        return Err(AppError::NotFound.into());
    }
    state.store.add_peer_rater(&form.id, &rater.id).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "peer_rater_add",
        "evaluation",
        Some(&form.id),
        Some(&unit.id),
        serde_json::json!({ "person": form.full_name, "rater": rater.full_name }),
    )
    .await;
    Ok(back(&unit, &period, "peer.ok.rater_added"))
}

/// `POST /units/{id}/peer/raters/{rating}/remove`: the admin takes a rater off a form.
pub async fn remove_rater(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, rating)): Path<(String, String)>,
    Form(f): Form<UnitPeriodForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (unit, period) = adjusting(&state, &user, &id, &f.period).await?;
    let r = state.store.peer_rating(&rating).await?;
    if r.unit_id != unit.id || r.period_id != period.id {
        return Err(AppError::NotFound.into());
    }
    state.store.remove_peer_rater(&r.id).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "peer_rater_remove",
        "evaluation",
        Some(&r.evaluation_id),
        Some(&unit.id),
        serde_json::json!({ "person": r.ratee_name, "rater": r.rater_name }),
    )
    .await;
    Ok(back(&unit, &period, "peer.ok.rater_removed"))
}
