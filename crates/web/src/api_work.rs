//! The JSON API of work planning and KPI tasks (issue 7 §8): my month's plan, my week's schedule
//! and log, the reviews waiting for me as a direct leader, a team member's month and week, tasks
//! with the computed KPI, and a unit's product catalogue. The rules and the scope are those of
//! the pages (`crate::work`, `crate::kpi` and the KPI checks of `pages::work`): "my" routes are
//! 403 for accounts without a staff record; a person outside one's reach is 404; visible but not
//! one's to change is 403; a store rule is 409; bad fields are 422 with
//! `problems: [{field, key, message}]`, named as in the request body. Nothing is written on a
//! refusal.
//!
//! Bodies take what the page forms take, as JSON: text fields as strings (numbers are accepted
//! too), check boxes as booleans. Percentages come back as JSON numbers (`Points`' serde form,
//! as in `api_evaluations`), quantities and coefficients as exact decimal strings (`"1.5"`), dates
//! as `YYYY-MM-DD`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use danhgia_domain::access::Action;
use danhgia_domain::kpi::Units;
use danhgia_domain::points::Points;
use danhgia_domain::work::{self, Decision, PlanMonth, WorkError};
use danhgia_store::{Item, LogEntry, Person, Plan, Review, TaskRow, Unit};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use time::Date;

use crate::AppState;
use crate::api::{ApiJson, ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::i18n::{Lang, t};
use crate::kpi::{self, MonthKpi, TaskLine};
use crate::pages::work::{TaskFields, assign_task, rate_task, report_task};
use crate::work::{self as flow, Fail, ItemFields, LogFields, Standing};

// ---------------------------------------------------------------------------------------------
// Bodies

/// A field sent as a JSON string or number, as the text a form would send; `null` is absent.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(serde::de::Error::custom("expected a string or a number")),
    }
}

/// A check box: `true` ticks it (as does a non-empty string other than `"false"`, what a form
/// sends); `false`, `null` and absence leave it unticked.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Bool(true) => Ok(Some("on".to_owned())),
        Value::Null | Value::Bool(false) => Ok(None),
        Value::String(s) if s.is_empty() || s == "false" => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(serde::de::Error::custom("expected a boolean")),
    }
}

fn or_empty(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A plan or schedule item (`crate::work::ItemFields`), with the plan's month for a new one and
/// the action on an existing one. On `save`, a field left out keeps its value.
#[derive(Debug, Default, Deserialize)]
pub struct ItemBody {
    /// `2026-11`; default this month. A week item goes to the plan of its day's month.
    #[serde(default, deserialize_with = "text")]
    pub month: Option<String>,
    /// `save` | `outcome` | `delete` (on `POST /api/v1/work/items/{id}`).
    #[serde(default)]
    pub action: String,
    /// `month` (default) or `week`.
    #[serde(default, deserialize_with = "text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub expected: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub due: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub day: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub weight: Option<String>,
    #[serde(default, alias = "link_id", deserialize_with = "text")]
    pub link: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub unplanned: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub recurring: Option<String>,
    /// `done` | `partly` | `not_done` | `carried`, or empty to clear (action `outcome`).
    #[serde(default, deserialize_with = "text")]
    pub outcome: Option<String>,
}

impl ItemBody {
    /// The form's fields; those left out come from `base` (the item being saved), if any.
    fn fields(&self, base: Option<&Item>) -> ItemFields {
        let keep = |v: &Option<String>, old: &dyn Fn(&Item) -> String| match v {
            Some(s) => s.clone(),
            None => base.map(old).unwrap_or_default(),
        };
        let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        ItemFields {
            kind: keep(&self.kind, &|i| i.kind.clone()),
            title: keep(&self.title, &|i| i.title.clone()),
            expected: keep(&self.expected, &|i| i.expected.clone()),
            due: keep(&self.due, &|i| day(i.due)),
            day: keep(&self.day, &|i| day(i.day)),
            weight: keep(&self.weight, &|i| i.weight.to_string()),
            link: keep(&self.link, &|i| i.link_id.clone().unwrap_or_default()),
            unplanned: self.unplanned.clone(),
            recurring: self.recurring.clone(),
        }
    }
}

/// A log entry (`crate::work::LogFields`); on `save`, a field left out keeps its value.
#[derive(Debug, Default, Deserialize)]
pub struct LogBody {
    /// `save` | `delete` (on `POST /api/v1/work/log/{id}`).
    #[serde(default)]
    pub action: String,
    #[serde(default, deserialize_with = "text")]
    pub day: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub what: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub result: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub evidence: Option<String>,
    /// One of the person's own plan items the entry advances.
    #[serde(default, alias = "item_id", deserialize_with = "text")]
    pub item: Option<String>,
}

impl LogBody {
    fn fields(&self, base: Option<&LogEntry>) -> LogFields {
        let keep = |v: &Option<String>, old: &dyn Fn(&LogEntry) -> String| match v {
            Some(s) => s.clone(),
            None => base.map(old).unwrap_or_default(),
        };
        LogFields {
            day: keep(&self.day, &|e| e.day.to_string()),
            what: keep(&self.what, &|e| e.what.clone()),
            result: keep(&self.result, &|e| e.result.clone()),
            evidence: keep(&self.evidence, &|e| e.evidence.clone()),
            item: keep(&self.item, &|e| e.item_id.clone().unwrap_or_default()),
        }
    }
}

/// `{month}`: which month's plan.
#[derive(Debug, Default, Deserialize)]
pub struct MonthBody {
    #[serde(default, deserialize_with = "text")]
    pub month: Option<String>,
}

/// `{from, to}`: a day (`from` = `to`) or days of one week.
#[derive(Debug, Default, Deserialize)]
pub struct SubmitBody {
    #[serde(default, deserialize_with = "text")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub to: Option<String>,
}

/// `{decision: "approve" | "return", comment}`; returning needs a comment.
#[derive(Debug, Default, Deserialize)]
pub struct DecideBody {
    #[serde(default)]
    pub decision: String,
    #[serde(default, deserialize_with = "text")]
    pub comment: Option<String>,
}

/// A task to assign (`pages::work::TaskFields` and the month), a report, or a rating.
#[derive(Debug, Default, Deserialize)]
pub struct TaskBody {
    /// The month the task counts in (`2026-11`); default this month. Assigning only.
    #[serde(default, deserialize_with = "text")]
    pub month: Option<String>,
    /// A product of the catalogue in force; without one, `title` and `coefficient` are typed.
    #[serde(default, alias = "product_id", deserialize_with = "text")]
    pub product: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    /// `assigned` (default) | `taken_over` | `ad_hoc`.
    #[serde(default, deserialize_with = "text")]
    pub origin: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub quantity: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub coefficient: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub due: Option<String>,
    /// Report: the quantity done, the product (a link or a document number), or handed back.
    #[serde(default, alias = "done_quantity", deserialize_with = "text")]
    pub done: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub product_ref: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub handed_back: Option<String>,
    /// Rating: `met` | `not_met`, failed assessments, how many of them excused, delay excused.
    #[serde(default, deserialize_with = "text")]
    pub quality: Option<String>,
    #[serde(default, alias = "quality_errors", deserialize_with = "text")]
    pub errors: Option<String>,
    #[serde(default, alias = "errors_excused", deserialize_with = "text")]
    pub excused: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub delay_excused: Option<String>,
}

impl TaskBody {
    fn fields(&self) -> TaskFields {
        TaskFields {
            product: or_empty(&self.product),
            title: or_empty(&self.title),
            origin: or_empty(&self.origin),
            quantity: or_empty(&self.quantity),
            coefficient: or_empty(&self.coefficient),
            due: or_empty(&self.due),
            done: or_empty(&self.done),
            product_ref: or_empty(&self.product_ref),
            handed_back: self.handed_back.clone(),
            quality: or_empty(&self.quality),
            errors: or_empty(&self.errors),
            excused: or_empty(&self.excused),
            delay_excused: self.delay_excused.clone(),
            ..TaskFields::default()
        }
    }
}

/// `?month=2026-11&week=2026-11-23` (any day of the week).
#[derive(Debug, Default, Deserialize)]
pub struct WorkParams {
    pub month: Option<String>,
    pub week: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Answers

fn created(id: String) -> Response {
    (StatusCode::CREATED, Json(json!({ "id": id }))).into_response()
}

/// 422 with every problem by field.
fn invalid(errs: &[WorkError]) -> Response {
    let problems: Vec<Value> = errs
        .iter()
        .map(|e| json!({ "field": e.field, "key": e.key, "message": t(Lang::Vi, e.key) }))
        .collect();
    let body = json!({ "error": "invalid", "message": t(Lang::Vi, "form.has_errors"), "problems": problems });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn refusal(e: Fail) -> Response {
    match e {
        Fail::Fields(errs) => invalid(&errs),
        Fail::App(a) => ApiError(a).into_response(),
    }
}

/// The task checks name the page's fields (`task_due`, `task_title`); the API names the body's.
fn task_refusal(e: Fail) -> Response {
    match e {
        Fail::Fields(errs) => {
            let errs: Vec<WorkError> = errs
                .into_iter()
                .map(|e| WorkError {
                    field: match e.field {
                        "task_due" => "due",
                        "task_title" => "title",
                        f => f,
                    },
                    key: e.key,
                })
                .collect();
            invalid(&errs)
        }
        e => refusal(e),
    }
}

/// 422 naming each day field that reads as a day outside [`flow::in_calendar`] (the flows check the
/// rest: the format, a day not come yet…).
fn outside_calendar(fields: &[(&'static str, &Option<String>)]) -> Option<Response> {
    let errs: Vec<WorkError> = fields
        .iter()
        .filter(|(_, v)| {
            v.as_deref()
                .and_then(flow::parse_day)
                .is_some_and(|d| !flow::in_calendar(d))
        })
        .map(|(field, _)| WorkError {
            field,
            key: "work.err.date",
        })
        .collect();
    (!errs.is_empty()).then(|| invalid(&errs))
}

fn day(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn units(thousandths: i64) -> String {
    Units::from_thousandths(thousandths).to_string()
}

fn standing_str(s: Standing) -> &'static str {
    match s {
        Standing::Own => "own",
        Standing::Leader => "leader",
        Standing::Follower => "follower",
    }
}

/// A plan; `id` is null for a month with no plan yet (reading never creates one).
fn plan_json(p: &Plan) -> Value {
    json!({
        "id": (!p.id.is_empty()).then_some(&p.id), "month": p.month, "state": p.state,
        "frozen_at": p.frozen_at.map(|t| t.to_string()),
    })
}

/// An item; with its plan, whether its planned fields may still change.
fn item_json(i: &Item, plan: Option<&Plan>) -> Value {
    let mut v = json!({
        "id": i.id, "kind": i.kind, "origin": i.origin, "title": i.title, "expected": i.expected,
        "due": day(i.due), "day": day(i.day), "weight": i.weight, "outcome": i.outcome,
        "finished_on": day(i.finished_on), "link": i.link_id, "recurring": i.recurring,
    });
    if let Some(p) = plan {
        v["editable"] = json!(work::plan_fields_editable(p.plan_state(), i.origin()));
    }
    v
}

fn entry_json(e: &LogEntry) -> Value {
    json!({
        "id": e.id, "day": e.day.to_string(), "what": e.what, "result": e.result,
        "evidence": e.evidence, "item_id": e.item_id, "review_id": e.review_id, "state": e.state,
        "editable": e.log_state().editable(),
    })
}

fn review_json(r: &Review) -> Value {
    json!({
        "id": r.id, "person_id": r.person_id, "person_name": r.person_name,
        "from": r.from_day.to_string(), "to": r.to_day.to_string(), "state": r.state,
        "comment": r.comment, "entries": r.entries, "submitted_at": r.submitted_at.to_string(),
        "decided_by": r.decided_by, "decided_at": r.decided_at.map(|t| t.to_string()),
    })
}

fn person_json(p: &Person, u: &Unit) -> Value {
    json!({
        "id": p.id, "full_name": p.full_name, "position_title": p.position_title,
        "unit_id": u.id, "unit_name": u.name, "leader": kpi::is_leader(p),
    })
}

/// A person's month: the plan and its items, the summary, the log's counts, and the published
/// unit items the plan may link to.
async fn month_json(
    state: &AppState,
    person: &Person,
    month: PlanMonth,
) -> Result<Value, AppError> {
    let m = flow::month_view(state, person, month).await?;
    let log = flow::log_counts(state, &person.id, month).await?;
    let items: Vec<Value> = m
        .items
        .iter()
        .map(|i| item_json(i, Some(&m.plan)))
        .collect();
    let unit_items: Vec<Value> = m
        .unit_items
        .iter()
        .map(|i| json!({ "id": i.id, "title": i.title, "due": day(i.due) }))
        .collect();
    Ok(json!({
        "month": month.key(), "plan": plan_json(&m.plan), "items": items,
        "summary": m.summary, "log": log, "unit_items": unit_items,
    }))
}

/// A person's week: schedule items, log entries, reviews touching it, and the monthly items of
/// the week's months (for linking entries and schedule items).
async fn week_json(state: &AppState, person: &Person, monday: Date) -> Result<Value, AppError> {
    let w = flow::week_view(state, person, monday).await?;
    Ok(json!({
        "week": monday.to_string(),
        "sunday": (monday + time::Duration::days(6)).to_string(),
        "items": w.items.iter().map(|i| item_json(i, None)).collect::<Vec<_>>(),
        "entries": w.entries.iter().map(entry_json).collect::<Vec<_>>(),
        "reviews": w.reviews.iter().map(review_json).collect::<Vec<_>>(),
        "month_items": w.month_items.iter().map(|i| item_json(i, None)).collect::<Vec<_>>(),
    }))
}

fn line_of(row: TaskRow) -> TaskLine {
    let rules = kpi::rules();
    let task = kpi::task_of(&row, &rules);
    TaskLine {
        points: danhgia_domain::kpi::task_points(&task, &rules),
        row,
        task,
    }
}

fn task_json(l: &TaskLine) -> Value {
    let r = &l.row;
    json!({
        "id": r.id, "person_id": r.person_id, "month": r.month, "title": r.title,
        "product_id": r.product_id, "product_code": r.product_code, "origin": r.origin,
        "quantity": units(r.quantity), "coefficient": units(r.coefficient),
        "assigned": l.task.assigned.to_string(), "due": r.due.to_string(),
        "assigned_by": r.assigned_by, "assigned_at": r.assigned_at.to_string(),
        "done": units(r.done_quantity), "reported_on": day(r.reported_on),
        "product_ref": r.product_ref, "handed_back": r.handed_back, "reported": l.reported(),
        "quality": r.quality, "quality_errors": r.quality_errors, "errors_excused": r.errors_excused,
        "delay_excused": r.delay_excused, "rated_by": r.rated_by, "late": l.late(),
        "counts": {
            "a": l.points.quantity.to_string(), "b": l.points.quality.to_string(),
            "c": l.points.timeliness.to_string(),
        },
    })
}

/// a, b, c (and d, đ as `dd`, e for a leader), the result % and its points (result % × 70).
fn kpi_json(k: &MonthKpi) -> Value {
    json!({
        "a": k.parts.quantity, "b": k.parts.quality, "c": k.parts.timeliness,
        "d": k.leader.map(|l| l.unit_result),
        "dd": k.leader.map(|l| l.organising.percent()),
        "e": k.leader.map(|l| l.unity.percent()),
        "marks_set": k.marks_set,
        "result": k.result,
        "result_points": Points::whole(70).of_percent(k.result),
        "assigned_total": k.assigned_total.to_string(),
        "unrated": k.unrated,
    })
}

fn tasks_json(month: PlanMonth, k: Option<&MonthKpi>) -> Value {
    let tasks: Vec<Value> = k
        .map(|k| k.lines.iter().map(task_json).collect())
        .unwrap_or_default();
    json!({ "month": month.key(), "tasks": tasks, "kpi": k.map(kpi_json) })
}

// ---------------------------------------------------------------------------------------------
// My plan

/// `GET /api/v1/work/plan?month=` → my month: plan, items, summary, log counts.
pub async fn plan(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<WorkParams>,
) -> Result<Json<Value>, ApiError> {
    let person = flow::me(&state, &user).await?;
    let month = flow::month_or_now(q.month.as_deref())?;
    Ok(Json(month_json(&state, &person, month).await?))
}

/// `POST /api/v1/work/items` → 201 `{id}`: a monthly item, a schedule item (`kind: "week"`,
/// `day`) or an unplanned task (`unplanned: true`) in my plan.
pub async fn add_item(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<ItemBody>,
) -> Result<Response, ApiError> {
    flow::me(&state, &user).await?;
    let month = flow::month_or_now(b.month.as_deref())?;
    if let Some(refused) = outside_calendar(&[("due", &b.due), ("day", &b.day)]) {
        return Ok(refused);
    }
    match flow::add_own_item(&state, &user, month, &b.fields(None)).await {
        Ok(id) => Ok(created(id)),
        Err(e) => Ok(refusal(e)),
    }
}

/// `POST /api/v1/work/items/{id}` `{action: "save" | "outcome" | "delete", …}` → the item after
/// the action (`{id, deleted: true}` after a deletion).
pub async fn item_action(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<ItemBody>,
) -> Result<Response, ApiError> {
    if !matches!(b.action.as_str(), "save" | "outcome" | "delete") {
        return Err(AppError::BadRequest("eval.err.action").into());
    }
    let (item, _) = flow::own_item(&state, &user, &id).await?;
    if let Some(refused) = outside_calendar(&[("due", &b.due), ("day", &b.day)]) {
        return Ok(refused);
    }
    let out = match b.action.as_str() {
        "save" => flow::update_item(&state, &user, &id, &b.fields(Some(&item))).await,
        "outcome" => {
            flow::set_outcome(&state, &user, &id, b.outcome.as_deref().unwrap_or("")).await
        }
        _ => {
            return match flow::delete_item(&state, &user, &id).await {
                Ok(_) => Ok(Json(json!({ "id": id, "deleted": true })).into_response()),
                Err(e) => Ok(refusal(e)),
            };
        }
    };
    match out {
        Ok(_) => {
            let (item, plan) = state.store.work_item(&id).await?;
            Ok(Json(item_json(&item, Some(&plan))).into_response())
        }
        Err(e) => Ok(refusal(e)),
    }
}

/// `POST /api/v1/work/plan/freeze` `{month}` → my month after freezing (chốt kế hoạch); 409 for
/// a plan with no monthly item.
pub async fn freeze(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<MonthBody>,
) -> Result<Response, ApiError> {
    let person = flow::me(&state, &user).await?;
    let month = flow::month_or_now(b.month.as_deref())?;
    match flow::freeze_own(&state, &user, month).await {
        Ok(()) => Ok(Json(month_json(&state, &person, month).await?).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

// ---------------------------------------------------------------------------------------------
// My week and log

/// `GET /api/v1/work/log?week=` → my week: schedule, log entries, reviews.
pub async fn log(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<WorkParams>,
) -> Result<Json<Value>, ApiError> {
    let person = flow::me(&state, &user).await?;
    let monday = flow::week_or_now(q.week.as_deref())?;
    Ok(Json(week_json(&state, &person, monday).await?))
}

/// `POST /api/v1/work/log` `{day, what, result, evidence, item}` → 201 `{id}`.
pub async fn add_log(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<LogBody>,
) -> Result<Response, ApiError> {
    if let Some(refused) = outside_calendar(&[("day", &b.day)]) {
        flow::me(&state, &user).await?;
        return Ok(refused);
    }
    match flow::add_log(&state, &user, &b.fields(None), None).await {
        Ok((id, _)) => Ok(created(id)),
        Err(e) => Ok(refusal(e)),
    }
}

/// `POST /api/v1/work/log/{id}` `{action: "save" | "delete", …}` → the entry after the change
/// (`{id, deleted: true}`); only a draft or returned entry changes (else 409).
pub async fn log_action(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<LogBody>,
) -> Result<Response, ApiError> {
    flow::me(&state, &user).await?;
    match b.action.as_str() {
        "save" => {
            let old = flow::own_log(&state, &user, &id).await?;
            if let Some(refused) = outside_calendar(&[("day", &b.day)]) {
                return Ok(refused);
            }
            match flow::update_log(&state, &user, &id, &b.fields(Some(&old))).await {
                Ok(_) => Ok(Json(entry_json(&state.store.log_entry(&id).await?)).into_response()),
                Err(e) => Ok(refusal(e)),
            }
        }
        "delete" => match flow::delete_log(&state, &user, &id).await {
            Ok(_) => Ok(Json(json!({ "id": id, "deleted": true })).into_response()),
            Err(e) => Ok(refusal(e)),
        },
        _ => Err(AppError::BadRequest("eval.err.action").into()),
    }
}

/// `POST /api/v1/work/log/submit` `{from, to}` → 201 `{id}` of the review sent to my direct
/// leader; 409 when there is nothing to submit or no leader.
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<SubmitBody>,
) -> Result<Response, ApiError> {
    flow::me(&state, &user).await?;
    if let Some(refused) = outside_calendar(&[("from", &b.from), ("to", &b.to)]) {
        return Ok(refused);
    }
    let from = b.from.as_deref().and_then(flow::parse_day);
    let to = b.to.as_deref().and_then(flow::parse_day);
    let (Some(from), Some(to)) = (from, to) else {
        let mut errs = Vec::new();
        for (field, d) in [("from", from), ("to", to)] {
            if d.is_none() {
                errs.push(WorkError {
                    field,
                    key: "work.err.date",
                });
            }
        }
        return Ok(invalid(&errs));
    };
    match flow::submit_log(&state, &user, from, to).await {
        Ok(id) => Ok(created(id)),
        Err(e) => Ok(refusal(e)),
    }
}

// ---------------------------------------------------------------------------------------------
// The leader's side

/// `GET /api/v1/work/reviews` → the logs submitted to me and not decided yet, oldest first,
/// each with its entries.
pub async fn reviews(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let me = flow::me(&state, &user).await?;
    let mut out = Vec::new();
    for r in state.store.reviews_waiting(&me.id).await? {
        let entries: Vec<Value> = state
            .store
            .log_entries(&r.person_id, r.from_day, r.to_day)
            .await?
            .iter()
            .filter(|e| e.review_id.as_deref() == Some(r.id.as_str()))
            .map(entry_json)
            .collect();
        let mut v = review_json(&r);
        v["log"] = json!(entries);
        out.push(v);
    }
    Ok(Json(json!({ "reviews": out })))
}

/// `POST /api/v1/work/reviews/{id}` `{decision: "approve" | "return", comment}` → the review
/// after the decision. Only the leader it was sent to decides (403 for others who see it).
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<DecideBody>,
) -> Result<Response, ApiError> {
    let d = match b.decision.as_str() {
        "approve" => Decision::Approve,
        "return" => Decision::Return,
        _ => return Err(AppError::BadRequest("work.err.decision").into()),
    };
    match flow::decide(&state, &user, &id, d, &or_empty(&b.comment)).await {
        Ok(_) => Ok(Json(review_json(&state.store.log_review(&id).await?)).into_response()),
        Err(e) => Ok(refusal(e)),
    }
}

/// `GET /api/v1/work/people/{id}?month=&week=` → a person's month, week and tasks, for their
/// direct leader or whoever follows their unit (and the person themselves); 404 for anyone else.
/// Without `week`: this week if it is in the month, else the month's first week.
pub async fn person(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<WorkParams>,
) -> Result<Json<Value>, ApiError> {
    let (person, unit, standing) = flow::person_for(&state, &user, &id).await?;
    let month = flow::month_or_now(q.month.as_deref())?;
    let monday = flow::week_shown(month, q.week.as_deref())?;
    let k = kpi::month_kpi(&state, &person, month).await?;
    Ok(Json(json!({
        "person": person_json(&person, &unit),
        "standing": standing_str(standing),
        "month": month_json(&state, &person, month).await?,
        "week": week_json(&state, &person, monday).await?,
        "tasks": tasks_json(month, k.as_ref()),
    })))
}

// ---------------------------------------------------------------------------------------------
// KPI tasks

/// `GET /api/v1/work/tasks?month=` → my tasks of the month and the KPI computed from them
/// (`kpi: null` without tasks).
pub async fn tasks(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<WorkParams>,
) -> Result<Json<Value>, ApiError> {
    let person = flow::me(&state, &user).await?;
    let month = flow::month_or_now(q.month.as_deref())?;
    let k = kpi::month_kpi(&state, &person, month).await?;
    Ok(Json(tasks_json(month, k.as_ref())))
}

/// `POST /api/v1/work/people/{id}/tasks` `{month, product | title + coefficient, origin,
/// quantity, due}` → 201 `{id}`: the direct leader assigns a task.
pub async fn assign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<TaskBody>,
) -> Result<Response, ApiError> {
    let (person, unit) = flow::as_leader(&state, &user, &id).await?;
    let month = flow::month_or_now(b.month.as_deref())?;
    if let Some(refused) = outside_calendar(&[("due", &b.due)]) {
        return Ok(refused);
    }
    match assign_task(&state, &user, &person, &unit, month, &b.fields()).await {
        Ok(id) => Ok(created(id)),
        Err(e) => Ok(task_refusal(e)),
    }
}

/// `POST /api/v1/work/tasks/{id}/report` `{done, product_ref, handed_back}` → the task: the
/// person reports what was done, with the product.
pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<TaskBody>,
) -> Result<Response, ApiError> {
    let task = state.store.task(&id).await?;
    if user.person_id.as_deref() != Some(task.person_id.as_str()) {
        flow::person_for(&state, &user, &task.person_id).await?;
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    match report_task(&state, &task, &b.fields()).await {
        Ok(()) => Ok(Json(task_json(&line_of(state.store.task(&id).await?))).into_response()),
        Err(e) => Ok(task_refusal(e)),
    }
}

/// `POST /api/v1/work/tasks/{id}/rate` `{quality, errors, excused, delay_excused}` → the task:
/// the direct leader rates a reported task.
pub async fn rate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(b): ApiJson<TaskBody>,
) -> Result<Response, ApiError> {
    let task = state.store.task(&id).await?;
    flow::as_leader(&state, &user, &task.person_id).await?;
    match rate_task(&state, &user, &task, &b.fields()).await {
        Ok(()) => Ok(Json(task_json(&line_of(state.store.task(&id).await?))).into_response()),
        Err(e) => Ok(task_refusal(e)),
    }
}

/// `GET /api/v1/units/{id}/catalogue` → the products in force for the unit: its own and those
/// inherited from the units above (`inherited_from` names the unit that defined them).
pub async fn catalogue(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let unit = crate::pages::visible_unit(&state, &user, &id, Action::ViewUnit).await?;
    let products: Vec<Value> = state
        .store
        .catalogue(&unit)
        .await?
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "code": p.code, "task": p.task, "name": p.name, "group": p.group_no,
                "measure": p.measure, "coefficient": units(p.coefficient), "note": p.note,
                "unit_id": p.unit_id,
                "inherited_from": (p.unit_id != unit.id).then(|| p.unit_name.clone()),
            })
        })
        .collect();
    Ok(Json(json!({
        "unit": { "id": unit.id, "name": unit.name },
        "products": products,
    })))
}
