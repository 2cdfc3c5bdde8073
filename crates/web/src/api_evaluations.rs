//! The JSON API of the monthly evaluation (issue 5 §6): periods, a unit's forms, one form, the
//! same commands as the pages, and publication. The rules are those of `crate::evaluation`;
//! scope is the same (a form outside one's reach is 404); a refusal is a 4xx with
//! `{error, message}` and, for scores, `problems` by item. Nothing is written on a refusal.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use danhgia_domain::access::Action;
use danhgia_domain::evaluation::Sheet;
use danhgia_domain::grade::Grade;
use danhgia_domain::workflow::Part;
use danhgia_store::{Evaluation, Period};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::{ApiJson, ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::evaluation::{self as flow, ActError, Command};
use crate::i18n::{Lang, t};
use crate::pages::evaluations::{tenant_of, tenants_of};

pub(crate) fn period_json(p: &Period) -> Value {
    json!({
        "id": p.id, "tenant_id": p.tenant_id, "year": p.year, "month": p.month,
        "self_opens": p.self_opens.to_string(), "self_before": p.self_before.to_string(),
        "decide_before": p.decide_before.to_string(), "publish_before": p.publish_before.to_string(),
        "late_submission": p.late_submission,
        "phase": format!("{:?}", p.deadlines().phase(danhgia_store::today())).to_lowercase(),
    })
}

fn form_json(f: &Evaluation) -> Value {
    let sheet = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    json!({
        "id": f.id, "period_id": f.period_id, "year": f.year, "month": f.month,
        "person_id": f.person_id, "full_name": f.full_name, "position_title": f.position_title,
        "unit_id": f.unit_id, "unit_name": f.unit_name, "cohort": f.cohort_name,
        "status": f.status, "version": f.version,
        "reviewer": f.reviewer_name, "evaluator": f.evaluator_name,
        "self": sheet(&f.self_sheet), "self_total": f.self_total().map(|p| p.hundredths() as f64 / 100.0),
        "self_grade": f.self_grade, "review_comment": f.review_comment,
        "leader": sheet(&f.leader_sheet), "leader_total": f.leader_total().map(|p| p.hundredths() as f64 / 100.0),
        "leader_grade": f.leader_grade, "adjusted_grade": f.adjusted_grade, "adjust_reason": f.adjust_reason,
        "final_grade": f.final_grade, "submitted_on": f.submitted_on.map(|d| d.to_string()),
        "published_at": f.published_at.map(|t| t.to_string()),
        "updated_by": f.updated_by, "updated_at": f.updated_at.to_string(),
    })
}

/// `GET /api/v1/periods` → the periods of the caller's tenants, newest first.
pub async fn periods(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let mut out = Vec::new();
    for t in tenants_of(&user, None) {
        for p in state.store.periods(&t).await? {
            out.push(period_json(&p));
        }
    }
    Ok(Json(json!({ "periods": out })))
}

#[derive(Debug, Deserialize)]
pub struct UnitParam {
    pub unit: Option<String>,
}

/// `GET /api/v1/periods/{id}/evaluations?unit=ID` → the forms of a unit's subtree the caller
/// follows; without `unit`, the forms the caller acts on (and their own).
pub async fn evaluations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<UnitParam>,
) -> Result<Json<Value>, ApiError> {
    let period = state.store.period(&id).await?;
    if !tenants_of(&user, None).contains(&period.tenant_id) {
        return Err(AppError::NotFound.into());
    }
    let forms = match q.unit {
        Some(unit_id) => {
            let unit = state.store.unit(&unit_id).await?;
            if !user.scope.allows(Action::ViewUnit, &unit.path) {
                return Err(AppError::NotFound.into());
            }
            if !user.scope.allows(Action::FollowEvaluations, &unit.path) {
                return Err(AppError::Forbidden("err.forbidden").into());
            }
            state.store.evaluations_in(&period.id, &unit.path).await?
        }
        None => {
            let Some(me) = &user.person_id else {
                return Ok(Json(json!({ "evaluations": [] })));
            };
            let mut v = state.store.evaluations_acted_by(&period.id, me).await?;
            if let Some(mine) = state.store.evaluation_of(&period.id, me).await? {
                v.insert(0, mine);
            }
            v
        }
    };
    let list: Vec<Value> = forms.iter().map(form_json).collect();
    Ok(Json(
        json!({ "period": period_json(&period), "evaluations": list }),
    ))
}

/// `GET /api/v1/evaluations/{id}` → one form, with what the caller plays on it and may do now.
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let l = flow::load(&state, &user, &id).await?;
    let moves = flow::available(&l, danhgia_store::today());
    let mut v = form_json(&l.form);
    v["parts"] = json!(
        l.parts
            .iter()
            .map(|p: &Part| p.as_str())
            .collect::<Vec<_>>()
    );
    v["moves"] = json!(moves.iter().map(|m| m.as_str()).collect::<Vec<_>>());
    v["may_save_draft"] = json!(flow::may_save_self(&l));
    v["set"] = json!(l.set);
    v["amended_grade"] = json!(l.form.amended_grade);
    let extra = requests_json(&state, &id).await?;
    v["requests"] = extra["requests"].clone();
    v["amendments"] = extra["amendments"].clone();
    v["attachments"] = json!(state
        .store
        .attachments(&id)
        .await?
        .iter()
        .map(|a| json!({ "id": a.id, "file_name": a.file_name, "content_type": a.content_type, "size": a.size,
                         "url": format!("/evaluations/{id}/attachments/{}", a.id) }))
        .collect::<Vec<_>>());
    Ok(Json(v))
}

/// A command on a form.
#[derive(Debug, Deserialize)]
pub struct ActBody {
    /// save | submit | review | decide | accept | adjust | return
    pub action: String,
    /// The version the caller read (optimistic locking).
    pub version: i64,
    #[serde(default)]
    pub sheet: Option<Sheet>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// `decide_proposed`: another total than the proposal's (with a `reason`).
    #[serde(default)]
    pub total: Option<danhgia_domain::points::Points>,
}

fn refusal(e: ActError) -> Response {
    if let ActError::App(a) = e {
        return ApiError(a).into_response();
    }
    let mut body = json!({ "error": e.code(), "message": e.message(Lang::Vi) });
    if let ActError::Scores(list) = &e {
        body["problems"] = json!(
            list.iter()
                .map(|s| json!({ "item": s.item, "code": s.key, "message": t(Lang::Vi, s.key), "limit": s.limit }))
                .collect::<Vec<_>>()
        );
    }
    (e.status(), Json(body)).into_response()
}

/// `POST /api/v1/evaluations/{id}` → the form after the command, or the refusal.
pub async fn act(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<ActBody>,
) -> Result<Response, ApiError> {
    let sheet = || b.sheet.clone().unwrap_or_default();
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    let cmd = match b.action.as_str() {
        "save" => Command::SaveSelf(sheet()),
        "submit" => Command::Submit(sheet()),
        "review" => Command::Review {
            comment: text(&b.comment),
        },
        "decide" => Command::Decide { sheet: sheet() },
        "accept" => Command::AcceptSelf,
        "decide_proposed" => Command::DecideProposed {
            total: b.total,
            reason: text(&b.reason),
        },
        "adjust" => Command::Adjust {
            grade: b
                .grade
                .as_deref()
                .and_then(Grade::parse)
                .ok_or(AppError::BadRequest("eval.err.grade"))?,
            reason: text(&b.reason),
        },
        "return" => Command::Return {
            reason: text(&b.reason),
        },
        _ => return Err(AppError::BadRequest("eval.err.action").into()),
    };
    let l = flow::load(&state, &user, &id).await?;
    match flow::act(&state, &user, &l, cmd, b.version).await {
        Ok(f) => Ok(Json(form_json(&f)).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct PublishBody {
    pub period: String,
}

/// `POST /api/v1/units/{id}/publish` `{period}` → `{published: n}`.
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<PublishBody>,
) -> Result<Response, ApiError> {
    let unit = state.store.unit(&id).await?;
    if !user.scope.allows(Action::ViewUnit, &unit.path) {
        return Err(AppError::NotFound.into());
    }
    let period = state.store.period(&b.period).await?;
    if tenant_of(&unit.path) != period.tenant_id {
        return Err(AppError::NotFound.into());
    }
    match flow::publish_unit(&state, &user, &period, &unit.id).await {
        Ok(n) => Ok(Json(json!({ "published": n })).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

/// A request about a form: `{kind: "extension", reason, wanted: "YYYY-MM-DD"}` or
/// `{kind: "appeal", reason}`.
#[derive(Debug, Deserialize)]
pub struct RequestBody {
    pub kind: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub wanted: Option<String>,
}

/// A day `YYYY-MM-DD` of years 1900 to 9999: the format reads years -9999 to 9999 too, beyond
/// PostgreSQL's `date` and ISO 8601's four digits (an OpenAPI fuzz finding).
fn iso_day(s: &str) -> Option<time::Date> {
    time::Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
    .filter(|d| (1900..=9999).contains(&d.year()))
}

/// `POST /api/v1/evaluations/{id}/requests` → `{requests: [...]}` after the request is filed.
pub async fn request(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<RequestBody>,
) -> Result<Response, ApiError> {
    let l = flow::load(&state, &user, &id).await?;
    let outcome = match b.kind.as_str() {
        "extension" => match b.wanted.as_deref().and_then(iso_day) {
            Some(day) => flow::ask_extension(&state, &user, &l, &b.reason, day).await,
            None => Err(ActError::Request(
                danhgia_domain::evaluation::RequestError::DayPassed,
            )),
        },
        "appeal" => flow::appeal(&state, &user, &l, &b.reason).await,
        _ => return Err(AppError::BadRequest("eval.err.action").into()),
    };
    match outcome {
        Ok(()) => Ok(Json(requests_json(&state, &id).await?).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

async fn requests_json(state: &AppState, id: &str) -> Result<Value, AppError> {
    let list: Vec<Value> = state
        .store
        .form_requests(id)
        .await?
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "kind": r.kind, "reason": r.reason,
                "wanted_until": r.wanted_until.map(|d| d.to_string()),
                "asked_by": r.asked_by_name, "asked_at": r.asked_at.to_string(),
                "answer": r.answer, "answer_note": r.answer_note,
                "granted_until": r.granted_until.map(|d| d.to_string()),
                "answered_by": r.answered_by_name,
            })
        })
        .collect();
    let amendments: Vec<Value> = state
        .store
        .amendments(id)
        .await?
        .iter()
        .map(|a| json!({ "old_grade": a.old_grade, "new_grade": a.new_grade, "reason": a.reason, "by": a.by_name, "at": a.at.to_string() }))
        .collect();
    Ok(json!({ "requests": list, "amendments": amendments }))
}

/// An answer: `{answer: "granted", until: "YYYY-MM-DD", note}`, `{answer: "refused", note}` or
/// `{answer: "answered", note, grade?, amend_reason?}`.
#[derive(Debug, Deserialize)]
pub struct AnswerBody {
    pub answer: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub amend_reason: String,
}

/// `POST /api/v1/evaluations/{id}/requests/{request}` → the requests after the answer.
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, request)): ApiPath<(String, String)>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> Result<Response, ApiError> {
    let l = flow::load(&state, &user, &id).await?;
    let (answer, granted_until) = match b.answer.as_str() {
        "granted" => match b.until.as_deref().and_then(iso_day) {
            Some(d) => ("granted", Some(d)),
            None => {
                return Ok(refusal(ActError::Request(
                    danhgia_domain::evaluation::RequestError::DayPassed,
                )));
            }
        },
        "refused" => ("refused", None),
        "answered" => ("answered", None),
        _ => return Err(AppError::BadRequest("eval.err.action").into()),
    };
    let amend = match b.grade.as_deref() {
        None | Some("") => None,
        Some(g) => Some((
            Grade::parse(g.trim())
                .ok_or(AppError::BadRequest("eval.err.grade"))?
                .as_str()
                .to_owned(),
            b.amend_reason.trim().to_owned(),
        )),
    };
    let a = danhgia_store::Answer {
        answer,
        note: b.note.trim().to_owned(),
        granted_until,
        amend,
    };
    match flow::answer(&state, &user, &l, &request, a).await {
        Ok(()) => Ok(Json(requests_json(&state, &id).await?).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct AmendBody {
    pub grade: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/evaluations/{id}/amend` `{grade, reason}` → the form after the amendment.
pub async fn amend(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<AmendBody>,
) -> Result<Response, ApiError> {
    let grade = Grade::parse(b.grade.trim()).ok_or(AppError::BadRequest("eval.err.grade"))?;
    let l = flow::load(&state, &user, &id).await?;
    match flow::amend(&state, &user, &l, grade, &b.reason).await {
        Ok(()) => Ok(Json(form_json(&state.store.evaluation(&id).await?)).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct StatsParam {
    pub period: Option<String>,
}

/// `GET /api/v1/units/{id}/statistics?period=` → the period's forms under the unit, counted per
/// unit below it (`{period, unit, total, rows: [{unit_id, name, own, has_children, counts}]}`);
/// without `period`, the newest of the unit's tenant.
pub async fn statistics(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<StatsParam>,
) -> Result<Response, ApiError> {
    let unit = state.store.unit(&id).await?;
    if !user.scope.allows(Action::ViewUnit, &unit.path) {
        return Err(AppError::NotFound.into());
    }
    if !user.scope.allows(Action::FollowEvaluations, &unit.path) {
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let tenant = tenant_of(&unit.path);
    let period = match q.period {
        Some(pid) => state.store.period(&pid).await?,
        None => state
            .store
            .periods(&tenant)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?,
    };
    if period.tenant_id != tenant {
        return Err(AppError::NotFound.into());
    }
    let stats = flow::statistics(&state, &unit, &period.id).await?;
    Ok(Json(json!({
        "period": period_json(&period),
        "unit": {"id": unit.id, "name": unit.name},
        "total": stats.total,
        "rows": stats.rows,
    }))
    .into_response())
}
