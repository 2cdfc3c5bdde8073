//! The bare baseline of the deadline-day load test (issue 6): the same store calls the app's
//! pages make, behind minimal axum handlers that take ids in the URL and answer JSON. No
//! session, no template, no middleware: what is left is the framework and the database, the
//! floor the app is measured against.
//!
//! Routes (mirroring the mix of `load`):
//! - `GET /form/{id}`: a form as its page loads it (form, period, criteria set, events,
//!   requests, amendments, attachments).
//! - `POST /form/{id}`: `action=save|submit|accept` with `version` and `self_score_*` fields,
//!   as the page posts them; graded and written with `save_forms` as the page's save does.
//! - `GET /queue/{person_id}`: the forms a leader acts on in the newest period.
//! - `GET /progress/{unit_id}`: a unit's forms in the newest period.
//! - `GET /stats/{unit_id}/{period_id}`: `grade_statistics` over the unit's subtree.
//! - `GET /healthz`: a database ping.

use std::collections::HashMap;

use anyhow::Context;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use axum::{Form, Router};
use clap::Parser;
use danhgia_domain::catalogue::{Catalogue, DEFAULT_PRESET};
use danhgia_domain::criteria::{CriteriaSet, SectionKind};
use danhgia_domain::evaluation::{Score, Sheet};
use danhgia_domain::points::Points;
use danhgia_domain::preset::Preset;
use danhgia_domain::workflow::Status;
use danhgia_store::{Evaluation, FormChange, Store, StoreError};
use serde_json::{Value, json};

/// The bare baseline server: store calls behind minimal JSON handlers.
#[derive(Parser)]
#[command(name = "bare")]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    listen: std::net::SocketAddr,
    /// Database URL: sqlite://FILE or postgres://… (already migrated, e.g. by `danhgia demo`).
    #[arg(long, env = "DANHGIA_DATABASE_URL")]
    database: String,
}

#[derive(Clone)]
struct App {
    store: Store,
}

/// A refusal or a failure, as JSON.
struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Failure(StatusCode::NOT_FOUND, "not found".into()),
            StoreError::Refused(why) => Failure(StatusCode::CONFLICT, why.into()),
            other => Failure(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

fn refused(why: &str) -> Failure {
    Failure(StatusCode::CONFLICT, why.to_owned())
}

type Answer = Result<Json<Value>, Failure>;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let store = Store::open(&cli.database)
            .await
            .with_context(|| format!("cannot open {}", cli.database))?;
        let app = Router::new()
            .route("/healthz", get(healthz))
            .route("/form/{id}", get(form).post(act))
            .route("/queue/{person}", get(queue))
            .route("/progress/{unit}", get(progress))
            .route("/stats/{unit}/{period}", get(stats))
            .with_state(App { store });
        let listener = tokio::net::TcpListener::bind(cli.listen)
            .await
            .with_context(|| format!("cannot listen on {}", cli.listen))?;
        eprintln!("bare: listening on http://{}", cli.listen);
        axum::serve(listener, app).await?;
        Ok(())
    })
}

async fn healthz(State(app): State<App>) -> Response {
    match app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// The tenant (root unit) id of a unit path (`/root/…/unit`).
fn tenant_of(path: &str) -> String {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn kind_name(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Criteria => "criteria",
        SectionKind::Result => "result",
        SectionKind::Bonus => "bonus",
        SectionKind::Deduction => "deduction",
    }
}

fn preset_of(form: &Evaluation) -> Result<&'static Preset, Failure> {
    let cat = Catalogue::get()
        .map_err(|_| Failure(StatusCode::INTERNAL_SERVER_ERROR, "catalogue".into()))?;
    cat.preset(&form.preset)
        .or_else(|| cat.preset(DEFAULT_PRESET))
        .ok_or_else(|| Failure(StatusCode::INTERNAL_SERVER_ERROR, "no preset".into()))
}

/// The form, its period and its criteria set: what every form request loads first.
async fn load(store: &Store, id: &str) -> Result<(Evaluation, Option<CriteriaSet>), Failure> {
    let form = store.evaluation(id).await?;
    let _period = store.period(&form.period_id).await?;
    let set = match &form.set_version_id {
        Some(v) => Some(store.set_version_by_id(v).await?.set()?),
        None => None,
    };
    Ok((form, set))
}

fn sheet_of(text: &str) -> Sheet {
    serde_json::from_str(text).unwrap_or_default()
}

/// `GET /form/{id}`
async fn form(State(app): State<App>, Path(id): Path<String>) -> Answer {
    let s = &app.store;
    let (form, set) = load(s, &id).await?;
    let events = s.evaluation_events(&id).await?;
    let requests = s.form_requests(&id).await?;
    let amendments = s.amendments(&id).await?;
    let attachments = s.attachments(&id).await?;
    let own = sheet_of(&form.self_sheet);
    let mut items = Vec::new();
    for sec in set.iter().flat_map(|s| &s.sections) {
        if sec.kind == SectionKind::Result {
            items.push(json!({ "id": sec.code, "max": "100", "kind": "result" }));
        }
        for c in &sec.criteria {
            let item = CriteriaSet::item_id(sec, c);
            items.push(json!({
                "value": own.scores.get(&item).map(|s| s.points.vi()),
                "id": item,
                "max": c.max.vi(),
                "kind": kind_name(sec.kind),
                "reason_required": c.reason_required || sec.kind == SectionKind::Deduction,
            }));
        }
    }
    Ok(Json(json!({
        "id": form.id,
        "status": form.status.as_str(),
        "version": form.version,
        "full_name": form.full_name,
        "unit": form.unit_name,
        "self_total": form.self_total,
        "self_grade": form.self_grade,
        "has_reviewer": form.reviewer_id.is_some(),
        "items": items,
        "events": events.len(),
        "requests": requests.len(),
        "amendments": amendments.len(),
        "attachments": attachments.len(),
    })))
}

/// The `self_score_*` fields of a post, as the page reads them.
fn sheet_from(fields: &HashMap<String, String>) -> Result<Sheet, Failure> {
    let mut sheet = Sheet::default();
    for (name, raw) in fields {
        let Some(item) = name.strip_prefix("self_score_") else {
            continue;
        };
        if raw.trim().is_empty() {
            continue;
        }
        let points = Points::parse(raw)
            .ok_or_else(|| Failure(StatusCode::UNPROCESSABLE_ENTITY, format!("{name}: {raw}")))?;
        let reason = fields
            .get(&format!("self_reason_{item}"))
            .map(|r| r.trim().to_owned())
            .unwrap_or_default();
        sheet
            .scores
            .insert(item.to_owned(), Score { points, reason });
    }
    sheet.half_days = fields.contains_key("self_half_days");
    Ok(sheet)
}

/// `POST /form/{id}`: `action` = save | submit | accept, with the `version` read.
async fn act(
    State(app): State<App>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Answer {
    let s = &app.store;
    let fields: HashMap<String, String> = fields.into_iter().collect();
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let (before, set) = load(s, &id).await?;
    let set = set.ok_or_else(|| refused("no criteria set"))?;
    let preset = preset_of(&before)?;
    if get("version").parse::<i64>().ok() != Some(before.version) {
        return Err(refused("evaluation_changed"));
    }
    let mut after = before.clone();
    let grade = |sheet: &Sheet, whole: bool| {
        let g = danhgia_domain::evaluation::grade(preset, &set, sheet)
            .map_err(|e| Failure(StatusCode::UNPROCESSABLE_ENTITY, format!("{e:?}")))?;
        if whole && !g.missing.is_empty() {
            return Err(Failure(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("missing {:?}", g.missing),
            ));
        }
        Ok(g)
    };
    let action = match get("action") {
        "save" | "submit" => {
            if before.status != Status::Draft {
                return Err(refused("not a draft"));
            }
            let submit = get("action") == "submit";
            let sheet = sheet_from(&fields)?;
            let g = grade(&sheet, submit)?;
            after.self_sheet = serde_json::to_string(&sheet).unwrap_or_default();
            after.self_total = Some(g.total.hundredths());
            after.self_grade = g.grade.map(|g| g.as_str().to_owned());
            if submit {
                after.status = Status::Submitted;
                after.submitted_on = Some(danhgia_store::today());
                "submit"
            } else {
                "save"
            }
        }
        "accept" => {
            if !matches!(before.status, Status::Submitted | Status::Reviewed) {
                return Err(refused("not waiting for a decision"));
            }
            let mut sheet = sheet_of(&before.self_sheet);
            sheet.comments.clear();
            let g = grade(&sheet, true)?;
            // The quota check reads the unit's forms, as the app's does.
            let _unit = s
                .evaluations_of_unit(&before.period_id, &before.unit_id)
                .await?;
            after.status = Status::Decided;
            after.leader_sheet = serde_json::to_string(&sheet).unwrap_or_default();
            after.leader_total = Some(g.total.hundredths());
            after.leader_grade = g.grade.map(|g| g.as_str().to_owned());
            after.final_grade = after.leader_grade.clone();
            "decide"
        }
        other => {
            return Err(Failure(
                StatusCode::BAD_REQUEST,
                format!("unknown action {other:?}"),
            ));
        }
    };
    s.save_forms(
        &[FormChange {
            before: before.clone(),
            after: after.clone(),
            action,
            reason: String::new(),
        }],
        None,
        "bare",
    )
    .await?;
    Ok(Json(json!({
        "version": before.version + 1,
        "status": after.status.as_str(),
        "total": after.self_total.map(|t| Points::from_hundredths(t).vi()),
        "grade": after.self_grade,
    })))
}

/// `GET /queue/{person_id}`: the forms the person reviews, evaluates or heads in the newest
/// period of their tenant, with the quota reads of the units they evaluate.
async fn queue(State(app): State<App>, Path(person): Path<String>) -> Answer {
    let s = &app.store;
    let p = s.person(&person).await?;
    let unit = s.unit(&p.unit_id).await?;
    let periods = s.periods(&tenant_of(&unit.path)).await?;
    let Some(period) = periods.first() else {
        return Ok(Json(json!({ "forms": [] })));
    };
    let forms = s.evaluations_acted_by(&period.id, &person).await?;
    // The quota of the cohorts decided here, counted in one grouped query as the app does.
    let mut units: Vec<String> = Vec::new();
    for f in &forms {
        if f.evaluator_id.as_deref() == Some(person.as_str()) && !units.contains(&f.unit_id) {
            units.push(f.unit_id.clone());
        }
    }
    s.cohort_tallies(&period.id, &units).await?;
    let rows: Vec<Value> = forms
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "status": f.status.as_str(),
                "version": f.version,
                "has_reviewer": f.reviewer_id.is_some(),
                "evaluator": f.evaluator_id.as_deref() == Some(person.as_str()),
                "self_grade": f.self_grade,
            })
        })
        .collect();
    Ok(Json(json!({ "period": period.id, "forms": rows })))
}

/// `GET /progress/{unit_id}`: the unit's forms in the newest period, counted by status.
async fn progress(State(app): State<App>, Path(unit): Path<String>) -> Answer {
    let s = &app.store;
    let unit = s.unit(&unit).await?;
    let periods = s.periods(&tenant_of(&unit.path)).await?;
    let Some(period) = periods.first() else {
        return Ok(Json(json!({ "forms": 0 })));
    };
    // What the app's progress page reads: the unit's own forms, and the units below counted.
    let forms = s.evaluations_of_unit(&period.id, &unit.id).await?;
    let tallies = s.grade_statistics(&period.id, &unit.path).await?;
    let children = s.children(&unit.id).await?;
    let mut by_status: HashMap<&str, i64> = HashMap::new();
    for t in &tallies {
        *by_status.entry(t.status.as_str()).or_default() += t.forms;
    }
    Ok(Json(json!({
        "period": period.id,
        "forms": forms.len(),
        "units_below": children.len(),
        "by_status": by_status,
    })))
}

/// `GET /stats/{unit_id}/{period_id}`: the grade statistics of the unit's subtree.
async fn stats(State(app): State<App>, Path((unit, period)): Path<(String, String)>) -> Answer {
    let s = &app.store;
    let unit = s.unit(&unit).await?;
    let tallies = s.grade_statistics(&period, &unit.path).await?;
    let mut by_grade: HashMap<String, i64> = HashMap::new();
    for t in &tallies {
        *by_grade
            .entry(
                t.grade()
                    .map_or_else(|| "-".into(), |g| g.as_str().to_owned()),
            )
            .or_default() += t.forms;
    }
    Ok(Json(json!({
        "unit": unit.id,
        "rows": tallies.len(),
        "by_grade": by_grade,
    })))
}
