//! Work planning pages (issue 7, SPEC M5): my month (plan, summary, KPI tasks) and my week
//! (schedule, work log, submission) on one page; the same page read by a leader for a member of
//! their team, with approve/return, task assignment and rating; the leader's team overview; a
//! unit's own monthly plan; the week as an .ics calendar. The flows are in `crate::work` and
//! `crate::kpi`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::kpi::Units;
use danhgia_domain::validate::FieldErrors;
use danhgia_domain::work::{self, Decision, Outcome, PlanMonth, WorkError};
use danhgia_store::{
    Item, LogEntry, NewTask, Person, Plan, ProductRow, Review, TaskRating, TaskReport, Unit,
};
use serde::Deserialize;
use time::Date;

use super::{Ctx, Errors, Opt, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};
use crate::kpi::{self, MonthKpi};
use crate::work::{self as flow, Fail, ItemFields, LogFields, MonthView, Standing, WeekView};

/// `?month=2026-11&week=2026-11-23&ok=…`
#[derive(Debug, Default, Deserialize)]
pub struct WorkQuery {
    pub month: Option<String>,
    pub week: Option<String>,
    pub ok: Option<String>,
}

/// The form that failed, with what was typed, so the page shows it again beside its errors.
#[derive(Debug, Clone, Default)]
pub struct Retry {
    /// `item`, `week_item`, `log`, `submit`, `decide`, `task`, `report`, `rate`, `marks`.
    pub form: &'static str,
    pub item: ItemFields,
    pub log: LogFields,
    pub task: TaskFields,
    /// The row the form belongs to (an entry, a review, a task), if any.
    pub target: String,
    pub comment: String,
}

/// A day of the week on the page.
pub struct DayRow {
    pub date: Date,
    pub items: Vec<Item>,
    pub entries: Vec<LogEntry>,
}

impl DayRow {
    pub fn name(&self) -> &'static str {
        work::weekday_vi(self.date)
    }
    pub fn label(&self) -> String {
        day(self.date)
    }
    pub fn iso(&self) -> String {
        iso(self.date)
    }
}

#[derive(Template)]
#[template(path = "work.html")]
pub struct WorkPage {
    pub ctx: Ctx,
    pub person: Person,
    pub unit: Unit,
    pub standing: Standing,
    pub month: PlanMonth,
    pub m: MonthView,
    pub w: WeekView,
    pub days: Vec<DayRow>,
    pub kpi: Option<MonthKpi>,
    /// The year's NĐ 335 scores and their means (Đ.17.3), when the person has such forms.
    pub scores: Option<kpi::YearScores>,
    pub products: Vec<ProductRow>,
    pub retry: Retry,
    pub errors: Errors,
    pub today: Date,
}

impl WorkPage {
    pub fn own(&self) -> bool {
        self.standing == Standing::Own
    }
    pub fn leader(&self) -> bool {
        self.standing == Standing::Leader
    }
    pub fn frozen(&self) -> bool {
        self.m.plan.state == "frozen"
    }
    /// The page's address for this person, month and week (forms come back here).
    pub fn here(&self) -> String {
        let base = if self.own() {
            "/work".to_owned()
        } else {
            format!("/work/people/{}", self.person.id)
        };
        format!(
            "{base}?month={}&week={}",
            self.month.key(),
            iso(self.w.monday)
        )
    }
    pub fn month_label(&self) -> String {
        format!("{:02}/{}", u8::from(self.month.month), self.month.year)
    }
    pub fn prev_month(&self) -> String {
        let first = self.month.first_day();
        PlanMonth::of(first.previous_day().unwrap_or(first)).key()
    }
    pub fn next_month(&self) -> String {
        self.month.next().key()
    }
    pub fn week_label(&self) -> String {
        format!(
            "{} – {}",
            day(self.w.monday),
            day(self.w.monday + time::Duration::days(6))
        )
    }
    pub fn prev_week(&self) -> String {
        iso(self.w.monday - time::Duration::days(7))
    }
    pub fn next_week(&self) -> String {
        iso(self.w.monday + time::Duration::days(7))
    }
    pub fn sunday(&self) -> String {
        iso(self.w.monday + time::Duration::days(6))
    }
    pub fn monday(&self) -> String {
        iso(self.w.monday)
    }
    pub fn month_items(&self) -> Vec<&Item> {
        self.m.items.iter().filter(|i| i.kind == "month").collect()
    }
    /// Planned fields may change (`work::plan_fields_editable`).
    pub fn editable(&self, i: &Item) -> bool {
        self.own() && work::plan_fields_editable(self.m.plan.plan_state(), i.origin())
    }
    pub fn outcome_opts(&self, i: &Item) -> Vec<Opt> {
        Outcome::ALL
            .iter()
            .map(|o| Opt {
                value: o.as_str().to_owned(),
                label: self
                    .ctx
                    .t(&format!("work.outcome.{}", o.as_str()))
                    .to_owned(),
                selected: i.outcome.as_deref() == Some(o.as_str()),
            })
            .collect()
    }
    pub fn outcome_label(&self, i: &Item) -> &'static str {
        match &i.outcome {
            Some(o) => self.ctx.t(&format!("work.outcome.{o}")),
            None => self.ctx.t("work.outcome.open"),
        }
    }
    pub fn link_title(&self, i: &Item) -> String {
        let Some(id) = &i.link_id else {
            return String::new();
        };
        self.m
            .unit_items
            .iter()
            .chain(self.w.month_items.iter())
            .find(|u| &u.id == id)
            .map(|u| u.title.clone())
            .unwrap_or_default()
    }
    pub fn item_title(&self, id: &Option<String>) -> String {
        let Some(id) = id else {
            return String::new();
        };
        self.w
            .month_items
            .iter()
            .chain(self.w.items.iter())
            .find(|u| &u.id == id)
            .map(|u| u.title.clone())
            .unwrap_or_default()
    }
    pub fn waiting(&self) -> Vec<&Review> {
        self.w
            .reviews
            .iter()
            .filter(|r| r.state == "submitted")
            .collect()
    }
    pub fn can_submit(&self) -> bool {
        self.own() && self.w.entries.iter().any(|e| e.log_state().editable())
    }
    pub fn entry_editable(&self, e: &LogEntry) -> bool {
        self.own() && e.log_state().editable()
    }
    pub fn retry_is(&self, form: &str, target: &str) -> bool {
        self.retry.form == form && self.retry.target == target
    }
    /// The value to show in a field of form `form`: what was typed when it failed, else `default`.
    pub fn typed(&self, form: &str, target: &str, field: &str, default: impl AsRef<str>) -> String {
        let default = default.as_ref();
        if !self.retry_is(form, target) {
            return default.to_owned();
        }
        let (i, l, t) = (&self.retry.item, &self.retry.log, &self.retry.task);
        match field {
            "title" => i.title.clone(),
            "expected" => i.expected.clone(),
            "due" => i.due.clone(),
            "day" if form == "log" => l.day.clone(),
            "day" => i.day.clone(),
            "weight" => i.weight.clone(),
            "what" => l.what.clone(),
            "result" => l.result.clone(),
            "evidence" => l.evidence.clone(),
            "task_title" => t.title.clone(),
            "quantity" => t.quantity.clone(),
            "task_due" => t.due.clone(),
            "coefficient" => t.coefficient.clone(),
            "done" => t.done.clone(),
            "product_ref" => t.product_ref.clone(),
            "comment" => self.retry.comment.clone(),
            _ => default.to_owned(),
        }
    }
    /// The error of `field` if form `form` (on `target`) failed.
    pub fn err(&self, form: &str, target: &str, field: &str) -> Option<&'static str> {
        if self.retry_is(form, target) {
            self.errors.get(field)
        } else {
            None
        }
    }
    pub fn iso(&self, d: impl AsDay) -> String {
        d.as_day().map(iso).unwrap_or_default()
    }
    pub fn day(&self, d: impl AsDay) -> String {
        d.as_day().map(day).unwrap_or_default()
    }
    pub fn has_kpi(&self) -> bool {
        self.kpi.is_some() || self.leader() || self.scores.is_some()
    }
    pub fn months_of_year(&self) -> Vec<u8> {
        (1..=12).collect()
    }
    pub fn units(&self, thousandths: &i64) -> String {
        Units::from_thousandths(*thousandths).vi()
    }
}

/// A date, or none, however a template holds it.
pub trait AsDay {
    fn as_day(&self) -> Option<Date>;
}
impl AsDay for Date {
    fn as_day(&self) -> Option<Date> {
        Some(*self)
    }
}
impl AsDay for Option<Date> {
    fn as_day(&self) -> Option<Date> {
        *self
    }
}
impl AsDay for Option<&Date> {
    fn as_day(&self) -> Option<Date> {
        self.copied()
    }
}
impl<T: AsDay> AsDay for &T {
    fn as_day(&self) -> Option<Date> {
        (*self).as_day()
    }
}

/// `dd/mm/yyyy`.
pub fn day(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// `yyyy-mm-dd`, for links and `<input type=date>`.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn work_page(
    state: &AppState,
    user: &CurrentUser,
    (person, unit, standing): (Person, Unit, Standing),
    q: &WorkQuery,
    retry: Retry,
    errors: Vec<WorkError>,
) -> Result<WorkPage, AppError> {
    let month = flow::month_or_now(q.month.as_deref())?;
    let monday = flow::week_shown(month, q.week.as_deref())?;
    let m = flow::month_view(state, &person, month).await?;
    let w = flow::week_view(state, &person, monday).await?;
    let days = work::week_days(monday)
        .into_iter()
        .map(|d| DayRow {
            date: d,
            items: w
                .items
                .iter()
                .filter(|i| i.day == Some(d))
                .cloned()
                .collect(),
            entries: w.entries.iter().filter(|e| e.day == d).cloned().collect(),
        })
        .collect();
    let kpi = kpi::month_kpi(state, &person, month).await?;
    let scores = kpi::year_scores(state, &person, month.year).await?;
    let products = if standing == Standing::Leader {
        state.store.catalogue(&unit).await?
    } else {
        Vec::new()
    };
    let mut fe = FieldErrors::default();
    for e in errors {
        fe.add(e.field, e.key);
    }
    Ok(WorkPage {
        ctx: Ctx::for_user(user).with_flash(q.ok.as_deref()),
        person,
        unit,
        standing,
        month,
        m,
        w,
        days,
        kpi,
        scores,
        products,
        retry,
        errors: Errors(fe),
        today: danhgia_store::today(),
    })
}

/// `GET /work`: my month and my week.
pub async fn mine(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<WorkQuery>,
) -> Result<Response, PageError> {
    let person = flow::me(&state, &user).await?;
    let unit = state.store.unit(&person.unit_id).await?;
    let page = work_page(
        &state,
        &user,
        (person, unit, Standing::Own),
        &q,
        Retry::default(),
        Vec::new(),
    )
    .await?;
    Ok(render(&page))
}

/// `GET /work/people/{id}`: a member's month and week, for their leader or whoever follows
/// their unit.
pub async fn person(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<WorkQuery>,
) -> Result<Response, PageError> {
    let (person, unit, standing) = flow::person_for(&state, &user, &id).await?;
    if standing == Standing::Own {
        return Ok(Redirect::to("/work").into_response());
    }
    let page = work_page(
        &state,
        &user,
        (person, unit, standing),
        &q,
        Retry::default(),
        Vec::new(),
    )
    .await?;
    Ok(render(&page))
}

/// Back to the page after an action: a redirect with a confirmation, or the page again with the
/// failed form's errors (422) and what was typed.
async fn after(
    state: &AppState,
    user: &CurrentUser,
    person_id: Option<&str>,
    q: WorkQuery,
    outcome: Result<&'static str, Fail>,
    retry: Retry,
) -> Result<Response, PageError> {
    let (person, unit, standing) = match person_id {
        Some(id) => flow::person_for(state, user, id).await?,
        None => {
            let p = flow::me(state, user).await?;
            let u = state.store.unit(&p.unit_id).await?;
            (p, u, Standing::Own)
        }
    };
    let base = if standing == Standing::Own {
        "/work".to_owned()
    } else {
        format!("/work/people/{}", person.id)
    };
    match outcome {
        Ok(ok) => {
            let mut url = format!("{base}?ok={ok}");
            if let Some(m) = q.month.as_deref().filter(|s| !s.is_empty()) {
                url.push_str(&format!("&month={}", urlencode(m)));
            }
            if let Some(w) = q.week.as_deref().filter(|s| !s.is_empty()) {
                url.push_str(&format!("&week={}", urlencode(w)));
            }
            Ok(Redirect::to(&url).into_response())
        }
        Err(Fail::Fields(errs)) => {
            let page = work_page(state, user, (person, unit, standing), &q, retry, errs).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(Fail::App(AppError::Conflict(key))) => {
            let errs = vec![WorkError {
                field: "_form",
                key,
            }];
            let page = work_page(state, user, (person, unit, standing), &q, retry, errs).await?;
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(Fail::App(e)) => Err(e.into()),
    }
}

/// Only dates and month keys travel in these links; anything else is dropped.
fn urlencode(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect()
}

/// Fields every work form carries besides its own.
#[derive(Debug, Default, Deserialize)]
pub struct Back {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub week: String,
}

impl Back {
    fn query(&self) -> WorkQuery {
        WorkQuery {
            month: Some(self.month.clone()),
            week: Some(self.week.clone()),
            ok: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ItemForm {
    #[serde(flatten)]
    pub back: Back,
    #[serde(flatten)]
    pub item: ItemFields,
    /// `save` | `outcome` | `delete` on an existing item.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub outcome: String,
}

/// `POST /work/items`: a monthly item, a schedule item or an unplanned task.
pub async fn add_item(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<ItemForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let q = f.back.query();
    let month = flow::month_or_now(q.month.as_deref())?;
    let week = f.item.kind == "week";
    let out = flow::add_own_item(&state, &user, month, &f.item)
        .await
        .map(|_| "work.ok.item_added");
    let retry = Retry {
        form: if week { "week_item" } else { "item" },
        item: f.item.clone(),
        ..Retry::default()
    };
    after(&state, &user, None, q, out, retry).await
}

/// `POST /work/items/{id}`: save, set the outcome, or delete.
pub async fn item_action(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let q = f.back.query();
    let (_, plan) = flow::own_item(&state, &user, &id).await?;
    let out = match f.action.as_str() {
        "outcome" => flow::set_outcome(&state, &user, &id, &f.outcome)
            .await
            .map(|_| "work.ok.outcome"),
        "delete" => flow::delete_item(&state, &user, &id)
            .await
            .map(|_| "work.ok.deleted"),
        _ => flow::update_item(&state, &user, &id, &f.item)
            .await
            .map(|_| "work.ok.saved"),
    };
    if plan.owner_kind == "unit" {
        return unit_after(&state, &user, &plan, out).await;
    }
    let retry = Retry {
        form: "edit_item",
        item: f.item.clone(),
        target: id,
        ..Retry::default()
    };
    after(&state, &user, None, q, out, retry).await
}

/// `POST /work/plan/freeze`: chốt kế hoạch tháng.
pub async fn freeze(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<Back>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let q = f.query();
    let month = flow::month_or_now(q.month.as_deref())?;
    let out = flow::freeze_own(&state, &user, month)
        .await
        .map(|_| "work.ok.frozen");
    after(
        &state,
        &user,
        None,
        q,
        out,
        Retry {
            form: "freeze",
            ..Retry::default()
        },
    )
    .await
}

/// `POST /work/copy-week`: last week's recurring items into this week.
pub async fn copy_week(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<Back>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let q = f.query();
    let monday = flow::week_or_now(q.week.as_deref())?;
    let out = flow::copy_last_week(&state, &user, monday).await.map(|n| {
        if n == 0 {
            "work.ok.copied_none"
        } else {
            "work.ok.copied"
        }
    });
    after(&state, &user, None, q, out, Retry::default()).await
}

#[derive(Debug, Default, Deserialize)]
pub struct LogForm {
    #[serde(flatten)]
    pub back: Back,
    #[serde(flatten)]
    pub log: LogFields,
    /// `save` | `delete` on an existing entry.
    #[serde(default)]
    pub action: String,
}

/// `POST /work/logs`: an entry of my work log.
pub async fn add_log(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<LogForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let q = f.back.query();
    let out = flow::add_log(
        &state,
        &user,
        &f.log,
        flow::parse_day(&f.back.week).map(work::week_start),
    )
    .await
    .map(|_| "work.ok.logged");
    let retry = Retry {
        form: "log",
        log: f.log.clone(),
        ..Retry::default()
    };
    after(&state, &user, None, q, out, retry).await
}

/// `POST /work/logs/{id}`: change or delete an entry that is not submitted or approved.
pub async fn log_action(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<LogForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let q = f.back.query();
    let out = match f.action.as_str() {
        "delete" => flow::delete_log(&state, &user, &id)
            .await
            .map(|_| "work.ok.deleted"),
        _ => flow::update_log(&state, &user, &id, &f.log)
            .await
            .map(|_| "work.ok.saved"),
    };
    let retry = Retry {
        form: "edit_log",
        log: f.log.clone(),
        target: id,
        ..Retry::default()
    };
    after(&state, &user, None, q, out, retry).await
}

#[derive(Debug, Default, Deserialize)]
pub struct SubmitForm {
    #[serde(flatten)]
    pub back: Back,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// `POST /work/submit`: submit a day's or the week's log to my direct leader.
pub async fn submit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<SubmitForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let q = f.back.query();
    let out = match (flow::parse_day(&f.from), flow::parse_day(&f.to)) {
        (Some(from), Some(to)) => flow::submit_log(&state, &user, from, to)
            .await
            .map(|_| "work.ok.submitted"),
        _ => Err(Fail::Fields(vec![WorkError {
            field: "from",
            key: "work.err.date",
        }])),
    };
    after(
        &state,
        &user,
        None,
        q,
        out,
        Retry {
            form: "submit",
            ..Retry::default()
        },
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct DecideForm {
    #[serde(flatten)]
    pub back: Back,
    /// `approve` | `return`
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub comment: String,
    /// `team` to come back to the team page.
    #[serde(default)]
    pub from: String,
}

/// `POST /work/reviews/{id}`: the direct leader approves or returns a submitted log.
pub async fn decide(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let d = match f.decision.as_str() {
        "approve" => Decision::Approve,
        "return" => Decision::Return,
        _ => return Err(AppError::BadRequest("work.err.decision").into()),
    };
    let (review, _) = flow::review_for(&state, &user, &id).await?;
    let out = flow::decide(&state, &user, &id, d, &f.comment)
        .await
        .map(|_| {
            if d == Decision::Approve {
                "work.ok.approved"
            } else {
                "work.ok.returned"
            }
        });
    if f.from == "team" && out.is_ok() {
        return Ok(
            Redirect::to(&format!("/work/team?ok={}", out.unwrap_or_default())).into_response(),
        );
    }
    let mut q = f.back.query();
    if q.week.as_deref().is_none_or(str::is_empty) {
        q.week = Some(iso(review.from_day));
        q.month = Some(PlanMonth::of(review.from_day).key());
    }
    let retry = Retry {
        form: "decide",
        target: id,
        comment: f.comment.clone(),
        ..Retry::default()
    };
    after(&state, &user, Some(&review.person_id), q, out, retry).await
}

/// A member of the team on the team page.
pub struct Member {
    pub person: Person,
    pub plan_state: String,
    pub summary: work::Summary,
    pub waiting: usize,
    pub tasks: usize,
}

#[derive(Template)]
#[template(path = "work_team.html")]
pub struct TeamPage {
    pub ctx: Ctx,
    pub month: PlanMonth,
    pub members: Vec<Member>,
    pub waiting: Vec<Review>,
}

impl TeamPage {
    pub fn month_label(&self) -> String {
        format!("{:02}/{}", u8::from(self.month.month), self.month.year)
    }
    pub fn day(&self, d: &Date) -> String {
        day(*d)
    }
    pub fn iso(&self, d: &Date) -> String {
        iso(*d)
    }
    pub fn week_of(&self, d: &Date) -> String {
        iso(work::week_start(*d))
    }
    pub fn month_of(&self, d: &Date) -> String {
        PlanMonth::of(*d).key()
    }
}

/// `GET /work/team`: the people I lead, their month at a glance, and the logs waiting for me.
pub async fn team(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<WorkQuery>,
) -> Result<Response, PageError> {
    let me = flow::me(&state, &user).await?;
    let month = flow::month_or_now(q.month.as_deref())?;
    let team = state.store.team_of(&me).await?;
    let waiting = state.store.reviews_waiting(&me.id).await?;
    let ids: Vec<String> = team.iter().map(|p| p.id.clone()).collect();
    let tasks = state.store.tasks_of_people(&ids, &month.key()).await?;
    let mut members = Vec::new();
    for p in team {
        let plan_state = state
            .store
            .find_person_plan(&p.id, &month.key())
            .await?
            .map_or_else(|| "draft".to_owned(), |p| p.state);
        let items = state.store.person_items(&p.id, &month.key()).await?;
        members.push(Member {
            summary: flow::summary_of(&items),
            plan_state,
            waiting: waiting.iter().filter(|r| r.person_id == p.id).count(),
            tasks: tasks.iter().filter(|t| t.person_id == p.id).count(),
            person: p,
        });
    }
    let page = TeamPage {
        ctx: Ctx::for_user(&user).with_flash(q.ok.as_deref()),
        month,
        members,
        waiting,
    };
    Ok(render(&page))
}

/// `GET /work/week.ics?week=…`: my week as an iCalendar file.
pub async fn ics(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<WorkQuery>,
) -> Result<Response, PageError> {
    let person = flow::me(&state, &user).await?;
    let monday = flow::week_or_now(q.week.as_deref())?;
    let view = flow::week_view(&state, &person, monday).await?;
    let body = flow::week_ics(&person, &view);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lich-tuan-{}.ics\"", iso(monday)),
            ),
        ],
        body,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// KPI tasks

/// What a leader types to assign a task, a person to report it, a leader to rate it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskFields {
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub title: String,
    /// `assigned` | `taken_over` | `ad_hoc`
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub quantity: String,
    /// For an ad-hoc task with no product: its coefficient.
    #[serde(default)]
    pub coefficient: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub product_ref: String,
    #[serde(default)]
    pub handed_back: Option<String>,
    /// `met` | `not_met`
    #[serde(default)]
    pub quality: String,
    #[serde(default)]
    pub errors: String,
    #[serde(default)]
    pub excused: String,
    #[serde(default)]
    pub delay_excused: Option<String>,
    #[serde(default)]
    pub organising: String,
    #[serde(default)]
    pub unity: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct TaskForm {
    #[serde(flatten)]
    pub back: Back,
    #[serde(flatten)]
    pub task: TaskFields,
}

fn field(field: &'static str, key: &'static str) -> WorkError {
    WorkError { field, key }
}

/// Checks an assignment; the product must be in the catalogue in force for the person's unit.
pub async fn checked_task(
    state: &AppState,
    person: &Person,
    unit: &Unit,
    month: PlanMonth,
    f: &TaskFields,
) -> Result<NewTask, Fail> {
    let mut errs = Vec::new();
    let quantity = Units::parse(&f.quantity).filter(|q| q.0 > 0);
    if quantity.is_none() {
        errs.push(field("quantity", "kpi.err.quantity"));
    }
    let due = flow::parse_day(&f.due);
    match due {
        None => errs.push(field("task_due", "work.err.date")),
        Some(d) if !month.contains(d) => errs.push(field("task_due", "work.err.due_outside")),
        _ => {}
    }
    let origin = match f.origin.as_str() {
        "" | "assigned" => "assigned",
        "taken_over" => "taken_over",
        "ad_hoc" => "ad_hoc",
        _ => {
            errs.push(field("origin", "kpi.err.origin"));
            "assigned"
        }
    };
    let (product_id, coefficient, mut title) = if f.product.is_empty() {
        let c = Units::parse(&f.coefficient).filter(|c| c.0 > 0);
        if c.is_none() {
            errs.push(field("coefficient", "kpi.err.coefficient_positive"));
        }
        (None, c.unwrap_or(Units::ZERO), String::new())
    } else {
        match state
            .store
            .catalogue(unit)
            .await?
            .into_iter()
            .find(|p| p.id == f.product)
        {
            Some(p) => (Some(p.id), Units::from_thousandths(p.coefficient), p.name),
            None => {
                errs.push(field("product", "kpi.err.product"));
                (None, Units::ZERO, String::new())
            }
        }
    };
    if !f.title.trim().is_empty() {
        title = f.title.trim().to_owned();
    }
    if title.is_empty() {
        errs.push(field("task_title", "work.err.title_empty"));
    } else if title.chars().count() > work::MAX_TITLE {
        errs.push(field("task_title", "work.err.too_long"));
    }
    if !errs.is_empty() {
        return Err(Fail::Fields(errs));
    }
    Ok(NewTask {
        person_id: person.id.clone(),
        unit_id: person.unit_id.clone(),
        month: month.key(),
        product_id,
        title,
        origin,
        quantity: quantity.map_or(0, |q| q.0),
        coefficient: coefficient.0,
        due: due.unwrap_or(month.first_day()),
    })
}

/// Checks and stores an assignment by the caller (the person's direct leader), recorded in the
/// audit log (the Ministry's checklist: "task assignment and edits").
pub async fn assign_task(
    state: &AppState,
    user: &CurrentUser,
    person: &Person,
    unit: &Unit,
    month: PlanMonth,
    f: &TaskFields,
) -> Result<String, Fail> {
    let t = checked_task(state, person, unit, month, f).await?;
    let me = flow::me(state, user).await?;
    let id = state.store.assign_task(&t, &me.full_name).await?;
    crate::audit::record(
        state,
        Some(user),
        "kpi_task_assign",
        "person",
        Some(&person.id),
        Some(&person.unit_id),
        serde_json::json!({ "task": id, "title": t.title, "month": t.month, "origin": t.origin,
            "quantity": Units::from_thousandths(t.quantity).to_string(),
            "coefficient": Units::from_thousandths(t.coefficient).to_string(), "due": iso(t.due) }),
    )
    .await;
    Ok(id)
}

/// `POST /work/people/{id}/tasks`: the direct leader assigns a task.
pub async fn assign(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let (person, unit) = flow::as_leader(&state, &user, &id).await?;
    let q = f.back.query();
    let month = flow::month_or_now(q.month.as_deref())?;
    let out = assign_task(&state, &user, &person, &unit, month, &f.task)
        .await
        .map(|_| "kpi.ok.assigned");
    let retry = Retry {
        form: "task",
        task: f.task.clone(),
        ..Retry::default()
    };
    after(&state, &user, Some(&id), q, out, retry).await
}

/// `POST /work/tasks/{id}/report`: the person reports what was done, with the product.
pub async fn report(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let task = state.store.task(&id).await?;
    if user.person_id.as_deref() != Some(task.person_id.as_str()) {
        flow::person_for(&state, &user, &task.person_id).await?;
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let q = f.back.query();
    let out = report_task(&state, &task, &f.task)
        .await
        .map(|_| "kpi.ok.reported");
    let retry = Retry {
        form: "report",
        task: f.task.clone(),
        target: id,
        ..Retry::default()
    };
    after(&state, &user, None, q, out, retry).await
}

/// Checks and stores a report.
pub async fn report_task(
    state: &AppState,
    task: &danhgia_store::TaskRow,
    f: &TaskFields,
) -> Result<(), Fail> {
    let handed_back = f.handed_back.is_some();
    let done = if handed_back && f.done.trim().is_empty() {
        Some(Units::ZERO)
    } else {
        Units::parse(&f.done)
    };
    let mut errs = Vec::new();
    match done {
        None => errs.push(field("done", "kpi.err.quantity")),
        Some(d) if d.0 > task.quantity => errs.push(field("done", "kpi.err.done_over")),
        _ => {}
    }
    let today = danhgia_store::today();
    if f.product_ref.chars().count() > work::MAX_TITLE {
        errs.push(field("product_ref", "work.err.too_long"));
    }
    if !handed_back && done.is_some_and(|d| d.0 > 0) && f.product_ref.trim().is_empty() {
        errs.push(field("product_ref", "kpi.err.product_ref"));
    }
    if !errs.is_empty() {
        return Err(Fail::Fields(errs));
    }
    let r = TaskReport {
        done_quantity: done.map_or(0, |d| d.0),
        reported_on: (!handed_back).then_some(today),
        product_ref: f.product_ref.clone(),
        handed_back,
    };
    state.store.report_task(&task.id, &r).await?;
    Ok(())
}

/// `POST /work/tasks/{id}/rate`: the direct leader rates quality (and certifies causes).
pub async fn rate(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let task = state.store.task(&id).await?;
    flow::as_leader(&state, &user, &task.person_id).await?;
    let q = f.back.query();
    let out = rate_task(&state, &user, &task, &f.task)
        .await
        .map(|_| "kpi.ok.rated");
    let retry = Retry {
        form: "rate",
        task: f.task.clone(),
        target: id,
        ..Retry::default()
    };
    after(&state, &user, Some(&task.person_id), q, out, retry).await
}

/// Checks and stores a rating.
pub async fn rate_task(
    state: &AppState,
    user: &CurrentUser,
    task: &danhgia_store::TaskRow,
    f: &TaskFields,
) -> Result<(), Fail> {
    let count = |s: &str| -> Option<i64> {
        if s.trim().is_empty() {
            Some(0)
        } else {
            s.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=20).contains(n))
        }
    };
    let mut errs = Vec::new();
    let quality = match f.quality.as_str() {
        "met" => "met",
        "not_met" => "not_met",
        _ => {
            errs.push(field("quality", "kpi.err.quality"));
            "met"
        }
    };
    let errors = count(&f.errors);
    let excused = count(&f.excused);
    if errors.is_none() {
        errs.push(field("errors", "kpi.err.count"));
    }
    if excused.is_none() || errors.is_some_and(|e| excused.is_some_and(|x| x > e)) {
        errs.push(field("excused", "kpi.err.excused"));
    }
    if !errs.is_empty() {
        return Err(Fail::Fields(errs));
    }
    let me = flow::me(state, user).await?;
    let r = TaskRating {
        quality,
        quality_errors: errors.unwrap_or(0),
        errors_excused: excused.unwrap_or(0),
        delay_excused: f.delay_excused.is_some(),
    };
    state.store.rate_task(&task.id, r, &me.full_name).await?;
    crate::audit::record(
        state,
        Some(user),
        "kpi_task_rate",
        "person",
        Some(&task.person_id),
        Some(&task.unit_id),
        serde_json::json!({ "task": task.id, "quality": r.quality, "errors": r.quality_errors,
            "excused": r.errors_excused, "delay_excused": r.delay_excused }),
    )
    .await;
    Ok(())
}

/// `POST /work/tasks/{id}/delete`: the leader withdraws a task not reported yet.
pub async fn withdraw(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let task = state.store.task(&id).await?;
    flow::as_leader(&state, &user, &task.person_id).await?;
    let out = state
        .store
        .delete_task(&id)
        .await
        .map(|_| "kpi.ok.withdrawn")
        .map_err(Fail::from);
    after(
        &state,
        &user,
        Some(&task.person_id),
        f.back.query(),
        out,
        Retry::default(),
    )
    .await
}

/// `POST /work/people/{id}/marks`: the leader's evaluator sets đ and e (Đ.15.3) for the month.
pub async fn marks(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let (person, _) = flow::as_leader(&state, &user, &id).await?;
    let q = f.back.query();
    let month = flow::month_or_now(q.month.as_deref())?;
    let level = |s: &str| match s {
        "100" => Some(100),
        "50" => Some(50),
        _ => None,
    };
    let out = match (
        kpi::is_leader(&person),
        level(&f.task.organising),
        level(&f.task.unity),
    ) {
        (false, _, _) => Err(Fail::App(AppError::Conflict("kpi.err.not_leader"))),
        (true, Some(o), Some(u)) => {
            let me = flow::me(&state, &user).await?;
            state
                .store
                .set_leader_marks(&person.id, &month.key(), o, u, &me.full_name)
                .await
                .map(|_| "kpi.ok.marks")
                .map_err(Fail::from)
        }
        _ => Err(Fail::Fields(vec![field("organising", "kpi.err.level")])),
    };
    after(
        &state,
        &user,
        Some(&id),
        q,
        out,
        Retry {
            form: "marks",
            ..Retry::default()
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// A unit's own monthly plan

#[derive(Template)]
#[template(path = "work_unit_plan.html")]
pub struct UnitPlanPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub month: PlanMonth,
    pub plan: Option<Plan>,
    pub items: Vec<Item>,
    pub may_edit: bool,
    pub retry: ItemFields,
    pub errors: Errors,
}

impl UnitPlanPage {
    pub fn month_label(&self) -> String {
        format!("{:02}/{}", u8::from(self.month.month), self.month.year)
    }
    pub fn published(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| p.published_at.is_some())
    }
    pub fn day(&self, d: impl AsDay) -> String {
        d.as_day().map(day).unwrap_or_default()
    }
}

async fn unit_plan_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    month: PlanMonth,
    flash: Option<&str>,
    retry: ItemFields,
    errors: Vec<WorkError>,
) -> Result<UnitPlanPage, AppError> {
    let plan = state.store.unit_plan(&unit.id, &month.key()).await?;
    let items = match &plan {
        Some(p) => state.store.plan_items(&p.id).await?,
        None => Vec::new(),
    };
    let may_edit = flow::may_plan_unit(state, user, &unit).await?;
    let mut fe = FieldErrors::default();
    for e in errors {
        fe.add(e.field, e.key);
    }
    Ok(UnitPlanPage {
        ctx: Ctx::for_user(user).with_flash(flash),
        unit,
        month,
        plan,
        items,
        may_edit,
        retry,
        errors: Errors(fe),
    })
}

/// `GET /units/{id}/plan?month=`: the unit's own monthly plan, published to its staff.
pub async fn unit_plan(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<WorkQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, danhgia_domain::access::Action::ViewUnit).await?;
    let month = flow::month_or_now(q.month.as_deref())?;
    let page = unit_plan_page(
        &state,
        &user,
        unit,
        month,
        q.ok.as_deref(),
        ItemFields::default(),
        Vec::new(),
    )
    .await?;
    Ok(render(&page))
}

async fn unit_after(
    state: &AppState,
    user: &CurrentUser,
    plan: &Plan,
    out: Result<&'static str, Fail>,
) -> Result<Response, PageError> {
    match out {
        Ok(ok) => Ok(Redirect::to(&format!(
            "/units/{}/plan?month={}&ok={ok}",
            plan.unit_id, plan.month
        ))
        .into_response()),
        Err(Fail::Fields(errs)) => {
            let unit = state.store.unit(&plan.unit_id).await?;
            let month = PlanMonth::parse(&plan.month).ok_or(AppError::NotFound)?;
            let page =
                unit_plan_page(state, user, unit, month, None, ItemFields::default(), errs).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(Fail::App(e)) => Err(e.into()),
    }
}

/// `POST /units/{id}/plan/items`: an item of the unit's plan.
pub async fn unit_add_item(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.back.csrf)?;
    let unit = visible_unit(&state, &user, &id, danhgia_domain::access::Action::ViewUnit).await?;
    let month = flow::month_or_now(Some(&f.back.month))?;
    match flow::add_unit_item(&state, &user, &unit, month, &f.item).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/units/{}/plan?month={}&ok=work.ok.item_added",
            unit.id,
            month.key()
        ))
        .into_response()),
        Err(Fail::Fields(errs)) => {
            let page =
                unit_plan_page(&state, &user, unit, month, None, f.item.clone(), errs).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(Fail::App(e)) => Err(e.into()),
    }
}

/// `POST /units/{id}/plan/publish`: freeze and publish the unit's plan for its staff to link to.
pub async fn unit_publish(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<Back>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, danhgia_domain::access::Action::ViewUnit).await?;
    if !flow::may_plan_unit(&state, &user, &unit).await? {
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let month = flow::month_or_now(Some(&f.month))?;
    let plan = state
        .store
        .unit_plan(&unit.id, &month.key())
        .await?
        .ok_or(AppError::Conflict("work.err.plan_empty"))?;
    state.store.freeze_plan(&plan.id, true).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "unit_plan_publish",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "month": month.key() }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/units/{}/plan?month={}&ok=work.ok.published",
        unit.id,
        month.key()
    ))
    .into_response())
}
