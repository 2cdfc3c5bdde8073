//! The monthly evaluation pages (issue 5, M4): the hub every role lands on, one form (self-
//! assessment, review, decision, adjustment, return), the leader's queue with the live quota
//! meter, a unit's progress and publication, the published list, and the periods (opened by
//! the jobs layer or by hand, dates per period). The rules are in `crate::evaluation`.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Redirect, Response};
use danhgia_domain::access::{Action, Role};
use danhgia_domain::calendar::{Calendar, Deadlines, Phase};
use danhgia_domain::criteria::{CriteriaSet, SectionKind};
use danhgia_domain::evaluation::{self as rules, Score, Sheet};
use danhgia_domain::grade::Grade;
use danhgia_domain::points::Points;
use danhgia_domain::workflow::{Move, Part, Status};
use danhgia_store::{
    Amendment, Answer, Attachment, Evaluation, EvaluationEvent, FormRequest, Period, StoreError,
    Unit,
};
use serde::Deserialize;

use super::{Ctx, Flash, render, visible_unit};
use crate::AppState;
use crate::attachments::ObjectStoreExt;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};
use crate::evaluation::{
    self as flow, ActError, CohortQuota, Command, Loaded, Statistics, TallyRow, day_vi, quota_text,
    waiting_for,
};

/// The tenant (root unit) id of a unit path.
pub fn tenant_of(path: &str) -> String {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The id of the unit at the end of a path.
pub fn unit_id_of(path: &str) -> String {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The tenants the caller belongs to or works in, each once.
pub fn tenants_of(user: &CurrentUser, own_path: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = own_path.map(tenant_of).into_iter().collect();
    for g in &user.scope.grants {
        let t = tenant_of(&g.unit_path);
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// `?period=ID` on lists; the newest period when absent.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub ok: Option<String>,
}

/// The period asked for, or the tenant's newest; it must belong to `tenant`.
pub(crate) async fn pick_period(
    state: &AppState,
    tenant: &str,
    wanted: Option<&str>,
) -> Result<(Option<Period>, Vec<Period>), AppError> {
    let all = state.store.periods(tenant).await?;
    let chosen = match wanted {
        Some(id) => Some(
            all.iter()
                .find(|p| p.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => all.first().cloned(),
    };
    Ok((chosen, all))
}

/// A unit the caller may `action` on, and the period asked for (the newest by default): what
/// every export starts from. 404 when the tenant has no such period.
pub(crate) async fn unit_period(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    wanted: Option<&str>,
    action: Action,
) -> Result<(Unit, Period), AppError> {
    let unit = visible_unit(state, user, id, action).await?;
    let (period, _) = pick_period(state, &tenant_of(&unit.path), wanted).await?;
    Ok((unit, period.ok_or(AppError::NotFound)?))
}

/// A unit code safe in a file name.
pub(crate) fn file_code(unit: &Unit) -> String {
    unit.code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// What a period looks like on a page.
pub struct PeriodInfo {
    pub period: Period,
    pub phase: Phase,
}

impl PeriodInfo {
    pub(crate) fn new(period: Period) -> Self {
        let phase = period.deadlines().phase(danhgia_store::today());
        PeriodInfo { period, phase }
    }
    pub fn phase_key(&self) -> &'static str {
        match self.phase {
            Phase::BeforeSelfAssessment => "period.phase.before",
            Phase::SelfAssessment => "period.phase.self",
            Phase::Decision => "period.phase.decision",
            Phase::Publication => "period.phase.publication",
            Phase::Overdue => "period.phase.overdue",
        }
    }
    pub fn self_opens(&self) -> String {
        day_vi(self.period.self_opens)
    }
    /// The last allowed day of each step ("before the 25th" → 24th).
    pub fn self_last(&self) -> String {
        last_day(self.period.self_before)
    }
    pub fn decide_last(&self) -> String {
        last_day(self.period.decide_before)
    }
    pub fn publish_last(&self) -> String {
        last_day(self.period.publish_before)
    }
}

fn last_day(d: time::Date) -> String {
    day_vi(d.previous_day().unwrap_or(d))
}

/// One row of a table of forms.
#[derive(Clone)]
pub struct Row {
    pub form: Evaluation,
    pub late: bool,
    pub waiting: Option<(Part, Option<String>)>,
}

impl Row {
    /// `11/2026`, or `2026` for the year's form.
    pub fn period_label(&self) -> String {
        danhgia_store::period_label(self.form.year, self.form.month)
    }

    fn new(form: Evaluation, period: &Period) -> Row {
        // Submitted on or after the closing day, or still not submitted once it has come
        // (also when the evaluator scored it without a self-assessment, M4.5).
        let late = rules::is_late(
            &period.deadlines(),
            form.submitted_on,
            danhgia_store::today(),
        );
        Row {
            waiting: waiting_for(&form),
            late,
            form,
        }
    }
    pub fn self_total(&self) -> String {
        self.form.self_total().map(Points::vi).unwrap_or_default()
    }
    pub fn leader_total(&self) -> String {
        self.form.leader_total().map(Points::vi).unwrap_or_default()
    }
    pub fn self_grade(&self) -> String {
        self.form.self_grade.clone().unwrap_or_default()
    }
    /// The standing grade: after publication, an amendment's if any.
    pub fn final_grade(&self) -> String {
        self.form
            .result_grade()
            .map(|g| g.as_str().to_owned())
            .unwrap_or_default()
    }
    pub fn waiting_key(&self) -> &'static str {
        match &self.waiting {
            Some((Part::Owner, _)) => "eval.waits.owner",
            Some((Part::Reviewer, _)) => "eval.waits.reviewer",
            Some((Part::Evaluator, _)) => "eval.waits.evaluator",
            Some(_) => "eval.waits.publication",
            None => "eval.waits.nobody",
        }
    }
    pub fn waiting_name(&self) -> String {
        match &self.waiting {
            Some((Part::Owner, _)) | None => String::new(),
            Some((_, name)) => name.clone().unwrap_or_default(),
        }
    }
}

/// A quota meter as the page shows it.
pub struct Meter {
    pub q: CohortQuota,
    pub text: String,
}

impl Meter {
    fn new(ctx: &Ctx, q: CohortQuota) -> Meter {
        let text = quota_text(ctx.lang, &q);
        Meter { q, text }
    }
    pub fn cohort(&self, ctx: &Ctx) -> String {
        self.q
            .cohort_name
            .clone()
            .unwrap_or_else(|| ctx.t("eval.no_cohort").to_owned())
    }
}

// ---------------------------------------------------------------------------------------------
// The hub

#[derive(Template)]
#[template(path = "eval_hub.html")]
pub struct HubPage {
    pub ctx: Ctx,
    pub current: Option<PeriodInfo>,
    pub mine: Option<Row>,
    pub history: Vec<Row>,
    pub waiting_me: usize,
    pub follow: Vec<Unit>,
    pub results_unit: Option<Unit>,
    pub manage_periods: bool,
    /// The current period is a 360° round (Quảng Trị): link to the ratings and the minutes.
    pub is_360: bool,
    /// My annual form still in progress (M6.3), whatever month it is.
    pub year_form: Option<Row>,
}

/// `GET /evaluations`: what every role sees first: my form this month, what waits for me, the
/// units I follow, the published results.
pub async fn hub(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<Flash>,
) -> Result<Response, PageError> {
    let me = match &user.person_id {
        Some(id) => state.store.person(id).await.ok(),
        None => None,
    };
    let own_unit = match &me {
        Some(p) => Some(state.store.unit(&p.unit_id).await?),
        None => None,
    };
    let tenants = tenants_of(&user, own_unit.as_ref().map(|u| u.path.as_str()));
    let mut current = None;
    if let Some(t) = tenants.first() {
        current = state
            .store
            .periods(t)
            .await?
            .into_iter()
            .next()
            .map(PeriodInfo::new);
    }
    let mut mine = None;
    let mut history = Vec::new();
    let mut waiting_me = 0;
    if let Some(p) = &me {
        let all = state.store.evaluations_of_person(&p.id).await?;
        for f in all {
            let period = state.store.period(&f.period_id).await?;
            let row = Row::new(f, &period);
            if current.as_ref().is_some_and(|c| c.period.id == period.id) {
                mine = Some(row);
            } else {
                history.push(row);
            }
        }
        if let Some(c) = &current {
            waiting_me = state
                .store
                .evaluations_acted_by(&c.period.id, &p.id)
                .await?
                .iter()
                .filter(|f| {
                    let parts = flow::parts_of(&user, f);
                    let m = flow::machine(&c.period, f, danhgia_store::today());
                    !danhgia_domain::workflow::moves(m, &parts)
                        .iter()
                        .all(|mv| *mv == Move::Publish)
                })
                .count();
        }
    }
    let mut follow = Vec::new();
    for g in &user.scope.grants {
        if g.role != Role::Staff
            && user.scope.allows(Action::FollowEvaluations, &g.unit_path)
            && !follow.iter().any(|u: &Unit| u.path == g.unit_path)
        {
            follow.push(state.store.unit(&unit_id_of(&g.unit_path)).await?);
        }
    }
    let is_360 = match &current {
        Some(c) => crate::peer::is_360(&state, &c.period).await?,
        None => false,
    };
    let year_form = history
        .iter()
        .find(|r| r.form.month == 0 && r.form.status != Status::Published)
        .cloned();
    let page = HubPage {
        is_360,
        year_form,
        ctx: Ctx::for_user(&user).with_flash(q.ok.as_deref()),
        current,
        mine,
        history,
        waiting_me,
        follow,
        results_unit: own_unit,
        manage_periods: user.scope.has_role(Role::SystemAdmin),
    };
    Ok(render(&page))
}

// ---------------------------------------------------------------------------------------------
// One form

/// A line of the form's table.
pub struct Line {
    /// Item id (`I.1`), or the section code for a section row / result section.
    pub id: String,
    pub code: String,
    pub title: String,
    pub guidance: String,
    pub max: String,
    pub kind: SectionKind,
    /// `criteria`, `result`, `bonus` or `deduction` (for the page's script and tests).
    pub kind_name: &'static str,
    /// A section heading (no score of its own unless it is a result section).
    pub heading: bool,
    pub scored: bool,
    pub reason_required: bool,
    pub self_value: String,
    pub self_reason: String,
    pub leader_value: String,
    pub leader_reason: String,
}

#[derive(Template)]
#[template(path = "eval_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub l: Loaded,
    pub info: PeriodInfo,
    pub lines: Vec<Line>,
    pub sections: Vec<(String, String)>,
    pub moves: Vec<Move>,
    pub edit_self: bool,
    pub edit_leader: bool,
    pub events: Vec<EvaluationEvent>,
    pub quotas: Vec<Meter>,
    /// The refusal of the last attempt, with the item errors by field name.
    pub error: Option<String>,
    pub field_errors: HashMap<String, String>,
    pub self_outcome: Option<rules::Graded>,
    pub leader_outcome: Option<rules::Graded>,
    pub late: bool,
    pub requests: Vec<FormRequest>,
    pub amendments: Vec<Amendment>,
    pub attachments: Vec<Attachment>,
    /// The owner may ask for an extension (a draft) or appeal (published, within the days).
    pub can_ask_extension: bool,
    pub can_appeal: bool,
    /// The evaluator answers extensions; the head answers appeals and amends.
    pub answers_extensions: bool,
    pub answers_appeals: bool,
    pub can_amend: bool,
    pub can_attach: bool,
    /// The month's plan, log and tasks of the form's person (SPEC M5.3).
    pub work: Option<crate::work::FormWork>,
    /// Under 360° review: the form's line in the unit's minutes (`Some(None)` before they are
    /// compiled); `None` when the tenant evaluates by the leader's decision.
    pub peer: Option<Option<danhgia_store::PeerResult>>,
    /// On an annual form: the person's months of the year and what they propose (M6.3).
    pub year: Option<crate::annual::YearRecord>,
    /// The caller may note a paper result or "not evaluated" on the annual form (its unit's
    /// admins, before the decision).
    pub can_note: bool,
}

impl FormPage {
    /// The computed result % of an NĐ 335 form, shown instead of an input.
    pub fn computed(&self) -> Option<String> {
        self.work.as_ref().and_then(|w| w.computed).map(|p| p.vi())
    }
    pub fn has(&self, m: &str) -> bool {
        self.moves.iter().any(|x| x.as_str() == m)
    }
    pub fn err(&self, name: &str) -> Option<&String> {
        self.field_errors.get(name)
    }
    pub fn grade_name(&self, g: &Option<String>) -> String {
        g.as_deref()
            .and_then(Grade::parse)
            .map(|g| format!("{g} — {}", g.name_vi()))
            .unwrap_or_default()
    }
    pub fn self_comment(&self, code: &str) -> &str {
        self.l.self_sheet.comment(code)
    }
    pub fn leader_comment(&self, code: &str) -> &str {
        self.l.leader_sheet.comment(code)
    }
    pub fn grades(&self) -> &'static [Grade] {
        Grade::ALL
    }
    pub fn size_text(&self, n: &i64) -> String {
        if *n >= 1024 * 1024 {
            format!("{:.1} MB", *n as f64 / 1048576.0).replace('.', ",")
        } else {
            format!("{} KB", (*n + 1023) / 1024)
        }
    }
    pub fn when_at(&self, t: &time::OffsetDateTime) -> String {
        flow::when_vi(*t)
    }
    /// The last day to answer an open appeal (NĐ 335 Đ.22: 7 working days).
    pub fn due(&self, r: &FormRequest) -> String {
        day_vi(rules::answer_due(danhgia_domain::calendar::local_date(
            r.asked_at,
        )))
    }
    pub fn day(&self, d: &time::Date) -> String {
        day_vi(*d)
    }
    pub fn self_grade_is(&self, g: &Grade) -> bool {
        self.l.self_sheet.self_grade == Some(*g)
    }
    pub fn when(&self, e: &EvaluationEvent) -> String {
        flow::when_vi(e.at)
    }
    pub fn hundredths(&self, v: &i64) -> String {
        Points::from_hundredths(*v).vi()
    }
    pub fn opt_points(&self, v: &Option<Points>) -> String {
        v.map(Points::vi).unwrap_or_default()
    }
    pub fn grade_text(&self, g: &Option<Grade>) -> String {
        g.map(|g| g.as_str().to_owned()).unwrap_or_default()
    }
    pub fn points(&self, v: &Option<i64>) -> String {
        v.map(|h| Points::from_hundredths(h).vi())
            .unwrap_or_default()
    }
    pub fn outcome_grade(&self, o: &rules::Graded) -> String {
        o.grade
            .map(|g| format!("{g} — {}", g.name_vi()))
            .unwrap_or_else(|| self.ctx.t("grade.why.not_graded").to_owned())
    }
}

fn kind_name(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Criteria => "criteria",
        SectionKind::Result => "result",
        SectionKind::Bonus => "bonus",
        SectionKind::Deduction => "deduction",
    }
}

fn value_of(sheet: &Sheet, id: &str) -> (String, String) {
    sheet
        .scores
        .get(id)
        .map(|s| (s.points.vi(), s.reason.clone()))
        .unwrap_or_default()
}

pub(crate) fn lines_of(set: &CriteriaSet, own: &Sheet, leader: &Sheet) -> Vec<Line> {
    let mut out = Vec::new();
    for s in &set.sections {
        let result = s.kind == SectionKind::Result;
        let (sv, _) = value_of(own, &s.code);
        let (lv, _) = value_of(leader, &s.code);
        out.push(Line {
            id: s.code.clone(),
            code: s.code.clone(),
            title: s.title.clone(),
            guidance: s.guidance.clone(),
            max: if result { "100%".into() } else { s.max.vi() },
            kind: s.kind,
            kind_name: kind_name(s.kind),
            heading: true,
            scored: result,
            reason_required: false,
            self_value: if result { sv } else { String::new() },
            self_reason: String::new(),
            leader_value: if result { lv } else { String::new() },
            leader_reason: String::new(),
        });
        for c in &s.criteria {
            let id = CriteriaSet::item_id(s, c);
            let (sv, sr) = value_of(own, &id);
            let (lv, lr) = value_of(leader, &id);
            out.push(Line {
                code: c.code.clone(),
                title: c.title.clone(),
                guidance: c.guidance.clone(),
                max: c.max.vi(),
                kind: s.kind,
                kind_name: kind_name(s.kind),
                heading: false,
                scored: true,
                reason_required: c.reason_required || s.kind == SectionKind::Deduction,
                self_value: sv,
                self_reason: sr,
                leader_value: lv,
                leader_reason: lr,
                id,
            });
        }
    }
    out
}

pub(crate) async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    l: Loaded,
) -> Result<FormPage, AppError> {
    let today = danhgia_store::today();
    let moves = flow::available(&l, today);
    let edit_self = flow::may_save_self(&l);
    // Under 360° the leader decides on the minutes' line, not on a sheet of their own.
    let peer = if crate::peer::is_360(state, &l.period).await? {
        Some(state.store.peer_result(&l.form.id).await?)
    } else {
        None
    };
    let year = crate::annual::record(state, &l).await?;
    // On an annual form, too, the leader decides the proposal (the year's months).
    // Under 360° a form never self-assessed is scored by its leader (M4.5): it has no line.
    let edit_leader = moves.contains(&Move::Decide)
        && (peer.is_none() || l.form.status == Status::Draft)
        && year.is_none();
    let can_note = year.is_some()
        && user.scope.allows(Action::ManageStaff, &l.form.unit_path)
        && matches!(
            l.form.status,
            Status::Draft | Status::Submitted | Status::Reviewed
        );
    // The annual self-assessment starts from each item's mean over the year's months.
    let mut l = l;
    if edit_self
        && l.self_sheet.scores.is_empty()
        && let Some(start) = crate::annual::prefill(state, &l).await?
    {
        l.self_sheet.scores = start.scores;
    }
    // The evaluator starts from the self-assessment when they have scored nothing yet.
    let leader_start = if edit_leader && l.leader_sheet.scores.is_empty() {
        let mut s = l.self_sheet.clone();
        s.comments.clear();
        s
    } else {
        l.leader_sheet.clone()
    };
    let lines = l
        .set
        .as_ref()
        .map(|s| lines_of(s, &l.self_sheet, &leader_start))
        .unwrap_or_default();
    let sections = l
        .set
        .as_ref()
        .map(|s| {
            s.sections
                .iter()
                .map(|x| (x.code.clone(), x.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let events = state.store.evaluation_events(&l.form.id).await?;
    let leads = l
        .parts
        .iter()
        .any(|p| matches!(p, Part::Evaluator | Part::Head | Part::Aggregator));
    let quotas = if leads {
        flow::unit_quotas(state, &l.form.period_id, &l.form.unit_id, l.preset, None)
            .await?
            .into_iter()
            .filter(|q| q.cohort_id == l.form.cohort_id)
            .map(|q| Meter::new(&Ctx::for_user(user), q))
            .collect()
    } else {
        Vec::new()
    };
    let self_outcome = l
        .set
        .as_ref()
        .and_then(|s| rules::grade(l.preset, s, &l.self_sheet).ok())
        .filter(|_| !l.self_sheet.scores.is_empty());
    let leader_outcome = l
        .set
        .as_ref()
        .and_then(|s| rules::grade(l.preset, s, &l.leader_sheet).ok())
        .filter(|_| !l.leader_sheet.scores.is_empty());
    let late = Row::new(l.form.clone(), &l.period).late;
    let requests = state.store.form_requests(&l.form.id).await?;
    let amendments = state.store.amendments(&l.form.id).await?;
    let attachments = state.store.attachments(&l.form.id).await?;
    let owner = l.parts.contains(&Part::Owner);
    let published = l.form.status == Status::Published;
    let open = |kind: &str| {
        requests
            .iter()
            .any(|r| r.kind == kind && r.answer.is_none())
    };
    let can_appeal = owner
        && published
        && !open("appeal")
        && l.form.published_at.is_some_and(|at| {
            rules::check_appeal(
                l.form.status,
                "x",
                danhgia_domain::calendar::local_date(at),
                l.period.appeal_days,
                today,
            )
            .is_ok()
        });
    Ok(FormPage {
        peer,
        year,
        can_note,
        can_ask_extension: owner && l.form.status == Status::Draft && !open("extension"),
        can_appeal,
        answers_extensions: l.parts.contains(&Part::Evaluator),
        answers_appeals: l.parts.contains(&Part::Head),
        can_amend: l.parts.contains(&Part::Head) && published,
        can_attach: crate::attachments::may_attach(&l),
        work: crate::work::form_work(state, &l).await?,
        requests,
        amendments,
        attachments,
        ctx: Ctx::for_user(user),
        info: PeriodInfo::new(l.period.clone()),
        lines,
        sections,
        moves,
        edit_self,
        edit_leader,
        events,
        quotas,
        error: None,
        field_errors: HashMap::new(),
        self_outcome,
        leader_outcome,
        late,
        l,
    })
}

/// `GET /evaluations/{id}`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<Flash>,
) -> Result<Response, PageError> {
    let l = flow::load(&state, &user, &id).await?;
    let mut page = form_page(&state, &user, l).await?;
    page.ctx = page.ctx.with_flash(q.ok.as_deref());
    Ok(render(&page))
}

/// Reads a sheet typed on the page: `{prefix}_{item}` scores, `{prefix}_reason_{item}`,
/// `{prefix}_comment_{section}`. Unreadable numbers are reported by field name.
pub fn sheet_from(
    prefix: &str,
    fields: &HashMap<String, String>,
    errors: &mut HashMap<String, String>,
    ctx: &Ctx,
) -> Sheet {
    let mut sheet = Sheet::default();
    let score_p = format!("{prefix}_score_");
    let reason_p = format!("{prefix}_reason_");
    let comment_p = format!("{prefix}_comment_");
    for (name, raw) in fields {
        if let Some(item) = name.strip_prefix(&score_p) {
            if raw.trim().is_empty() {
                continue;
            }
            match Points::parse(raw) {
                Some(points) => {
                    let reason = fields
                        .get(&format!("{reason_p}{item}"))
                        .map(|r| r.trim().to_owned())
                        .unwrap_or_default();
                    sheet
                        .scores
                        .insert(item.to_owned(), Score { points, reason });
                }
                None => {
                    errors.insert(
                        name.clone(),
                        format!("{} ({raw})", ctx.t("criteria.err.number")),
                    );
                }
            }
        } else if let Some(code) = name.strip_prefix(&comment_p)
            && !raw.trim().is_empty()
        {
            sheet
                .comments
                .insert(code.to_owned(), raw.trim().to_owned());
        }
    }
    sheet.half_days = fields.contains_key(&format!("{prefix}_half_days"));
    sheet.self_grade = fields
        .get(&format!("{prefix}_self_grade"))
        .and_then(|g| Grade::parse(g));
    sheet
}

/// `POST /evaluations/{id}`: `action` = save | submit | review | decide | accept | adjust |
/// return, with the `version` the page was read at. A refusal re-renders the form with what
/// was typed and the reason; with `X-Autosave: 1` the answer is JSON for the draft autosave.
pub async fn act(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields: HashMap<String, String> = fields.into_iter().collect();
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    user.check_csrf(get("csrf"))?;
    let autosave = headers.get("x-autosave").is_some();
    let l = flow::load(&state, &user, &id).await?;
    let ctx = Ctx::for_user(&user);
    let version: i64 = get("version").parse().unwrap_or(-1);
    let mut errors = HashMap::new();
    let cmd = match get("action") {
        "save" => Command::SaveSelf(sheet_from("self", &fields, &mut errors, &ctx)),
        "submit" => Command::Submit(sheet_from("self", &fields, &mut errors, &ctx)),
        "review" => Command::Review {
            comment: get("review_comment").to_owned(),
        },
        "decide" => Command::Decide {
            sheet: sheet_from("lead", &fields, &mut errors, &ctx),
        },
        "accept" => Command::AcceptSelf,
        "decide_proposed" => {
            let typed = get("proposed_total").trim();
            let total = if typed.is_empty() {
                None
            } else {
                let p = Points::parse(typed);
                if p.is_none() {
                    errors.insert(
                        "proposed_total".into(),
                        format!("{} ({typed})", ctx.t("criteria.err.number")),
                    );
                }
                p
            };
            Command::DecideProposed {
                total,
                reason: get("proposed_reason").to_owned(),
            }
        }
        "adjust" => match Grade::parse(get("adjust_grade")) {
            Some(grade) => Command::Adjust {
                grade,
                reason: get("adjust_reason").to_owned(),
            },
            None => {
                errors.insert("adjust_grade".into(), ctx.t("eval.err.grade").to_owned());
                Command::Adjust {
                    grade: Grade::C,
                    reason: String::new(),
                }
            }
        },
        "return" => Command::Return {
            reason: get("return_reason").to_owned(),
        },
        _ => return Err(AppError::BadRequest("eval.err.action").into()),
    };
    let outcome = if errors.is_empty() {
        flow::act(&state, &user, &l, cmd.clone(), version).await
    } else {
        Err(ActError::Scores(Vec::new()))
    };
    match outcome {
        Ok(saved) if autosave => Ok(Json(serde_json::json!({
            "version": saved.version,
            "total": saved.self_total().map(Points::vi),
            "grade": saved.self_grade,
        }))
        .into_response()),
        Ok(saved) => {
            let key = match get("action") {
                "save" => "eval.ok.saved",
                "submit" => "eval.ok.submitted",
                "review" => "eval.ok.reviewed",
                "decide" | "accept" | "decide_proposed" => "eval.ok.decided",
                "adjust" => "eval.ok.adjusted",
                _ => "eval.ok.returned",
            };
            Ok(Redirect::to(&format!("/evaluations/{}?ok={key}", saved.id)).into_response())
        }
        Err(e) => {
            if let ActError::App(a) = e {
                return Err(a.into());
            }
            let status = e.status();
            let message = e.message(ctx.lang);
            if autosave {
                return Ok((
                    status,
                    Json(serde_json::json!({"error": e.code(), "message": message})),
                )
                    .into_response());
            }
            if let ActError::Scores(list) = &e {
                let prefix = if matches!(cmd, Command::Decide { .. }) {
                    "lead"
                } else {
                    "self"
                };
                for se in list {
                    let detail = se.limit.map(Points::vi).unwrap_or_default();
                    errors.insert(
                        format!("{prefix}_score_{}", se.item),
                        format!("{} {detail}", ctx.t(se.key)).trim().to_owned(),
                    );
                }
            }
            // Show the form as typed: nothing is lost.
            let mut shown = l.clone();
            match &cmd {
                Command::SaveSelf(s) | Command::Submit(s) => shown.self_sheet = s.clone(),
                Command::Decide { sheet } => shown.leader_sheet = sheet.clone(),
                _ => {}
            }
            let fresh = flow::load(&state, &user, &id).await?;
            shown.form.version = fresh.form.version;
            shown.form.updated_by = fresh.form.updated_by;
            shown.form.updated_at = fresh.form.updated_at;
            let mut page = form_page(&state, &user, shown).await?;
            if let Command::Decide { sheet } = &cmd {
                page.lines = page
                    .l
                    .set
                    .as_ref()
                    .map(|s| lines_of(s, &page.l.self_sheet, sheet))
                    .unwrap_or_default();
            }
            page.error = Some(message);
            page.field_errors = errors;
            Ok((status, render(&page)).into_response())
        }
    }
}

/// The form again with a refusal's message, at the refusal's status.
pub(crate) async fn refused_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    e: ActError,
) -> Result<Response, PageError> {
    match e {
        ActError::App(AppError::Conflict(_) | AppError::BadRequest(_)) => {}
        ActError::App(a) => return Err(a.into()),
        _ => {}
    }
    let l = flow::load(state, user, id).await?;
    let mut page = form_page(state, user, l).await?;
    page.error = Some(e.message(page.ctx.lang));
    Ok((e.status(), render(&page)).into_response())
}

/// The form with a confirmation, or again with the refusal.
async fn back_to_form(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    outcome: Result<(), ActError>,
    ok: &str,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/evaluations/{id}?ok={ok}")).into_response()),
        Err(e) => refused_page(state, user, id, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub wanted: String,
}

/// `POST /evaluations/{id}/requests`: the owner asks for an extension or appeals.
pub async fn request(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<RequestForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let l = flow::load(&state, &user, &id).await?;
    let outcome = match f.kind.as_str() {
        "extension" => match parse_day(&f.wanted) {
            Some(day) => flow::ask_extension(&state, &user, &l, &f.reason, day).await,
            None => Err(ActError::Request(rules::RequestError::DayPassed)),
        },
        "appeal" => flow::appeal(&state, &user, &l, &f.reason).await,
        _ => return Err(AppError::BadRequest("eval.err.action").into()),
    };
    back_to_form(&state, &user, &id, outcome, "request.ok.asked").await
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub csrf: String,
    /// granted | refused | answered
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub amend_reason: String,
}

/// `POST /evaluations/{id}/requests/{request}`: the evaluator answers an extension, the head an
/// appeal (optionally amending the grade).
pub async fn answer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, request)): Path<(String, String)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let l = flow::load(&state, &user, &id).await?;
    let (answer, granted_until) = match f.answer.as_str() {
        "granted" => match parse_day(&f.until) {
            Some(d) => ("granted", Some(d)),
            None => {
                return refused_page(
                    &state,
                    &user,
                    &id,
                    ActError::Request(rules::RequestError::DayPassed),
                )
                .await;
            }
        },
        "refused" => ("refused", None),
        "answered" => ("answered", None),
        _ => return Err(AppError::BadRequest("eval.err.action").into()),
    };
    let amend = Grade::parse(f.grade.trim())
        .map(|g| (g.as_str().to_owned(), f.amend_reason.trim().to_owned()));
    let a = Answer {
        answer,
        note: f.note.trim().to_owned(),
        granted_until,
        amend,
    };
    back_to_form(
        &state,
        &user,
        &id,
        flow::answer(&state, &user, &l, &request, a).await,
        "request.ok.answered",
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct AmendForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /evaluations/{id}/amend`: the head corrects a published grade, with a reason.
pub async fn amend(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<AmendForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let l = flow::load(&state, &user, &id).await?;
    let Some(grade) = Grade::parse(f.grade.trim()) else {
        return refused_page(
            &state,
            &user,
            &id,
            ActError::App(AppError::BadRequest("eval.err.grade")),
        )
        .await;
    };
    back_to_form(
        &state,
        &user,
        &id,
        flow::amend(&state, &user, &l, grade, &f.reason).await,
        "request.ok.amended",
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// The leader's queue

#[derive(Template)]
#[template(path = "eval_queue.html")]
pub struct QueuePage {
    pub ctx: Ctx,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub rows: Vec<Row>,
    /// Forms whose self-assessment the caller may accept now.
    pub acceptable: Vec<String>,
    pub quotas: Vec<Meter>,
    pub error: Option<String>,
}

impl QueuePage {
    pub fn can_accept(&self, id: &str) -> bool {
        self.acceptable.iter().any(|a| a == id)
    }
}

async fn queue_page(
    state: &AppState,
    user: &CurrentUser,
    wanted: Option<&str>,
) -> Result<QueuePage, AppError> {
    let Some(me) = user.person_id.clone() else {
        return Err(AppError::Forbidden("eval.err.no_person"));
    };
    let person = state.store.person(&me).await?;
    let unit = state.store.unit(&person.unit_id).await?;
    let (period, periods) = pick_period(state, &tenant_of(&unit.path), wanted).await?;
    let mut rows = Vec::new();
    let mut acceptable = Vec::new();
    let mut quotas = Vec::new();
    if let Some(p) = &period {
        let today = danhgia_store::today();
        let forms = state.store.evaluations_acted_by(&p.id, &me).await?;
        let mut units: Vec<(String, String)> = Vec::new();
        for f in forms {
            let parts = flow::parts_of(user, &f);
            let m = flow::machine(p, &f, today);
            let late = flow::late_ok(p, &f, today);
            let can = danhgia_domain::workflow::apply(m, &parts, Move::Decide, "").is_ok()
                && rules::window(Move::Decide, &p.deadlines(), today, late).is_ok()
                && f.status != Status::Draft;
            if can {
                acceptable.push(f.id.clone());
            }
            if parts.contains(&Part::Evaluator) || parts.contains(&Part::Head) {
                let key = (f.unit_id.clone(), f.preset.clone());
                if !units.contains(&key) {
                    units.push(key);
                }
            }
            rows.push(Row::new(f, p));
        }
        let ctx = Ctx::for_user(user);
        for q in flow::quotas_of_units(state, &p.id, &units).await? {
            quotas.push(Meter::new(&ctx, q));
        }
    }
    Ok(QueuePage {
        ctx: Ctx::for_user(user),
        info: period.map(PeriodInfo::new),
        periods,
        rows,
        acceptable,
        quotas,
        error: None,
    })
}

/// `GET /evaluations/queue`: the forms I review, evaluate or head in a period.
pub async fn queue(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let mut page = queue_page(&state, &user, q.period.as_deref()).await?;
    page.ctx = page.ctx.with_flash(q.ok.as_deref());
    Ok(render(&page))
}

/// `POST /evaluations/queue/accept`: decide several forms with their self-assessment.
pub async fn accept(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    user.check_csrf(get("csrf"))?;
    let period = get("period").to_owned();
    let ids: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "form")
        .map(|(_, v)| v.clone())
        .collect();
    if ids.is_empty() {
        let mut page = queue_page(&state, &user, Some(&period)).await?;
        page.error = Some(page.ctx.t("eval.err.none_chosen").to_owned());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    match flow::accept_many(&state, &user, &ids).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/evaluations/queue?period={period}&ok=eval.ok.accepted"
        ))
        .into_response()),
        Err((_, ActError::App(e))) => Err(e.into()),
        Err((name, e)) => {
            let mut page = queue_page(&state, &user, Some(&period)).await?;
            page.error = Some(format!("{name}: {}", e.message(page.ctx.lang)));
            Ok((e.status(), render(&page)).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A unit's progress, publication and results

#[derive(Template)]
#[template(path = "eval_progress.html")]
pub struct ProgressPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub rows: Vec<Row>,
    /// The units below, each with its counts.
    pub below: Vec<TallyRow>,
    pub quotas: Vec<Meter>,
    pub may_publish: bool,
    pub to_publish: usize,
    pub not_submitted: u64,
    pub error: Option<String>,
}

async fn progress_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    wanted: Option<&str>,
) -> Result<ProgressPage, AppError> {
    let (period, periods) = pick_period(state, &tenant_of(&unit.path), wanted).await?;
    let mut rows = Vec::new();
    let mut quotas = Vec::new();
    let mut below = Vec::new();
    let mut not_submitted = 0;
    if let Some(p) = &period {
        // The unit's own forms one by one; the units below it as counts (a district or a city
        // has thousands of forms: they are opened unit by unit).
        let own = state.store.evaluations_of_unit(&p.id, &unit.id).await?;
        let stats = flow::statistics(state, &unit, &p.id).await?;
        not_submitted = stats.total.draft;
        below = stats.rows.into_iter().filter(|r| !r.own).collect();
        let cat = super::criteria::catalogue()?;
        let ctx = Ctx::for_user(user);
        if let Some(preset) = own.first().and_then(|f| cat.preset(&f.preset)) {
            quotas = flow::quotas_of(&own, preset, None)
                .into_iter()
                .map(|q| Meter::new(&ctx, q))
                .collect();
        }
        rows = own.into_iter().map(|f| Row::new(f, p)).collect();
    }
    let to_publish = rows
        .iter()
        .filter(|r| matches!(r.form.status, Status::Decided | Status::Adjusted))
        .count();
    Ok(ProgressPage {
        ctx: Ctx::for_user(user),
        may_publish: user.scope.allows(Action::PublishResults, &unit.path),
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        rows,
        below,
        quotas,
        to_publish,
        not_submitted,
        error: None,
    })
}

/// `GET /units/{id}/evaluations`: who has not submitted, who waits for whom, the quota.
pub async fn progress(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::FollowEvaluations).await?;
    let mut page = progress_page(&state, &user, unit, q.period.as_deref()).await?;
    page.ctx = page.ctx.with_flash(q.ok.as_deref());
    Ok(render(&page))
}

/// `POST /units/{id}/evaluations/publish`: publishes the unit's decided forms of a period.
pub async fn publish(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<PeriodForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::PublishResults).await?;
    let period = state.store.period(&f.period).await?;
    if tenant_of(&unit.path) != period.tenant_id {
        return Err(AppError::NotFound.into());
    }
    match flow::publish_unit(&state, &user, &period, &unit.id).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/units/{}/evaluations?period={}&ok=eval.ok.published",
            unit.id, period.id
        ))
        .into_response()),
        Err(ActError::App(e)) => Err(e.into()),
        Err(e) => {
            let mut page = progress_page(&state, &user, unit, Some(&period.id)).await?;
            page.error = Some(e.message(page.ctx.lang));
            Ok((e.status(), render(&page)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PeriodForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub period: String,
}

#[derive(Template)]
#[template(path = "eval_results.html")]
pub struct ResultsPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub rows: Vec<Row>,
    pub counts: [usize; 4],
    pub may_follow: bool,
}

/// `GET /units/{id}/results`: the unit's published list (M7.1 danh sách tổng hợp), seen by
/// everyone in the unit.
pub async fn results(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewResults).await?;
    let (period, periods) =
        pick_period(&state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let may_follow = user.scope.allows(Action::FollowEvaluations, &unit.path);
    let mut rows = Vec::new();
    let mut counts = [0usize; 4];
    if let Some(p) = &period {
        // The unit's own list; the units below are counted on the statistics page.
        let forms = state.store.evaluations_of_unit(&p.id, &unit.id).await?;
        for f in forms.into_iter().filter(|f| f.status == Status::Published) {
            if let Some(g) = f.result_grade() {
                counts[usize::from(4 - g.rank())] += 1;
            }
            rows.push(Row::new(f, p));
        }
    }
    Ok(render(&ResultsPage {
        ctx: Ctx::for_user(&user),
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        rows,
        counts,
        may_follow,
    }))
}

#[derive(Template)]
#[template(path = "eval_stats.html")]
pub struct StatsPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub stats: Option<Statistics>,
}

impl StatsPage {
    fn bars(
        &self,
        parts: impl Fn(&danhgia_domain::stats::Counts) -> Vec<u64>,
    ) -> Vec<crate::charts::Bar> {
        let period = self
            .info
            .as_ref()
            .map(|i| i.period.id.clone())
            .unwrap_or_default();
        self.stats
            .iter()
            .flat_map(|s| s.rows.iter())
            .map(|r| crate::charts::Bar {
                label: if r.own {
                    format!("{} ({})", r.name, self.ctx.t("stats.own"))
                } else {
                    r.name.clone()
                },
                href: (!r.own && r.has_children)
                    .then(|| format!("/units/{}/statistics?period={period}", r.unit_id)),
                parts: parts(&r.counts),
            })
            .collect()
    }
    /// Progress per unit: not submitted, waiting, waiting for publication, published (M7.2).
    pub fn progress_chart(&self) -> String {
        let series = [
            ("eval.not_submitted", "#b7bdc6"),
            ("stats.waiting", "#e0a100"),
            ("stats.decided", "#2f6db5"),
            ("stats.published", "#1b7f3b"),
        ]
        .map(|(k, color)| crate::charts::Series {
            name: self.ctx.t(k).to_owned(),
            color,
        });
        crate::charts::stacked_bars(
            self.ctx.t("stats.chart_progress"),
            &series,
            &self.bars(|c| vec![c.draft, c.waiting, c.decided, c.published]),
        )
    }
    /// Published grades per unit: A, B, C, D.
    pub fn grades_chart(&self) -> String {
        crate::charts::stacked_bars(
            self.ctx.t("stats.chart_grades"),
            &crate::charts::grade_series(self.ctx.t("stats.grade")),
            &self.bars(|c| c.grades.to_vec()),
        )
    }
}

/// `GET /units/{id}/statistics`: a period's forms under a unit, counted per unit below it, with
/// the published grades (M7.1); each line opens that unit's own statistics.
pub async fn statistics(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::FollowEvaluations).await?;
    let (period, periods) =
        pick_period(&state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let stats = match &period {
        Some(p) => Some(flow::statistics(&state, &unit, &p.id).await?),
        None => None,
    };
    Ok(render(&StatsPage {
        ctx: Ctx::for_user(&user),
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        stats,
    }))
}

// ---------------------------------------------------------------------------------------------
// Periods

pub struct TenantPeriods {
    pub tenant: Unit,
    pub periods: Vec<PeriodInfo>,
    pub setting: danhgia_store::TenantCalendar,
}

#[derive(Template)]
#[template(path = "eval_periods.html")]
pub struct PeriodsPage {
    pub ctx: Ctx,
    pub tenants: Vec<TenantPeriods>,
    pub error: Option<String>,
    pub year: i32,
    pub month: u8,
}

async fn periods_page(state: &AppState, user: &CurrentUser) -> Result<PeriodsPage, AppError> {
    let mut tenants = Vec::new();
    for t in state.store.tenants().await? {
        if user.scope.allows(Action::ManagePeriods, &t.path) {
            // The last year's periods: older ones are history, not settings.
            let periods = state
                .store
                .periods(&t.id)
                .await?
                .into_iter()
                .take(12)
                .map(PeriodInfo::new)
                .collect();
            let setting = state.store.tenant_calendar(&t.id).await?;
            tenants.push(TenantPeriods {
                tenant: t,
                periods,
                setting,
            });
        }
    }
    if tenants.is_empty() {
        return Err(AppError::Forbidden("err.forbidden"));
    }
    let today = danhgia_store::today();
    Ok(PeriodsPage {
        ctx: Ctx::for_user(user),
        tenants,
        error: None,
        year: today.year(),
        month: u8::from(today.month()),
    })
}

/// `GET /periods`: the tenants' periods, and opening one by hand.
pub async fn periods(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<Flash>,
) -> Result<Response, PageError> {
    let mut page = periods_page(&state, &user).await?;
    page.ctx = page.ctx.with_flash(q.ok.as_deref());
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub tenant: String,
    #[serde(default)]
    pub month: String,
}

/// Parses `MM/YYYY` or `YYYY-MM`.
/// A year alone, `2025`: the year's period (years 1900 to 9999, as months).
fn parse_year(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| (1900..=9999).contains(y))
}

fn parse_month(s: &str) -> Option<(i32, time::Month)> {
    let s = s.trim();
    let (y, m) = if let Some((m, y)) = s.split_once('/') {
        (y, m)
    } else {
        s.split_once('-')?
    };
    let year: i32 = y.trim().parse().ok()?;
    let month = time::Month::try_from(m.trim().parse::<u8>().ok()?).ok()?;
    (2000..=2100).contains(&year).then_some((year, month))
}

/// `POST /periods`: opens a month by hand (the jobs layer opens each month by itself).
pub async fn open(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let tenant = visible_unit(&state, &user, &f.tenant, Action::ManagePeriods).await?;
    let refuse = |key: &'static str, page: PeriodsPage| {
        let mut page = page;
        page.error = Some(page.ctx.t(key).to_owned());
        (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response()
    };
    // A year alone (`2025`) opens the year's period (M6.3), on the days of that year's December
    // cycle (NĐ 335 Đ.19: the annual evaluation is done before 15/12; D54).
    let whole_year = parse_year(&f.month);
    let Some((year, month)) = whole_year
        .map(|y| (y, time::Month::December))
        .or_else(|| parse_month(&f.month))
    else {
        return Ok(refuse(
            "period.err.month",
            periods_page(&state, &user).await?,
        ));
    };
    let setting = state.store.tenant_calendar(&tenant.id).await?;
    let Some(new) = setting.period(&tenant.id, year, month) else {
        return Ok(refuse(
            "period.err.month",
            periods_page(&state, &user).await?,
        ));
    };
    let opened = if whole_year.is_some() {
        state.store.open_year(&new, Some(&user.account_id)).await
    } else {
        state.store.open_period(&new, Some(&user.account_id)).await
    };
    match opened {
        Ok((period, forms)) => {
            crate::audit::record(
                &state,
                Some(&user),
                "period_open",
                "period",
                Some(&period.id),
                Some(&tenant.id),
                serde_json::json!({ "year": new.year, "month": period.month, "forms": forms }),
            )
            .await;
            Ok(Redirect::to("/periods?ok=period.ok.opened").into_response())
        }
        Err(StoreError::Duplicate(_)) => Ok(refuse(
            "period.err.exists",
            periods_page(&state, &user).await?,
        )),
        Err(e) => Err(AppError::from(e).into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CalendarForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub self_from: String,
    #[serde(default)]
    pub self_before: String,
    #[serde(default)]
    pub decide_before: String,
    #[serde(default)]
    pub publish_before_next: String,
    #[serde(default)]
    pub december_self_from: String,
    #[serde(default)]
    pub december_self_before: String,
    #[serde(default)]
    pub december_decide_before: String,
    #[serde(default)]
    pub december_before: String,
    pub late_submission: Option<String>,
    #[serde(default)]
    pub appeal_days: String,
}

/// `POST /periods/calendar/{tenant}`: the tenant's days for the periods to come (M4.1 "each
/// tenant can change the dates").
pub async fn set_calendar(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<CalendarForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let tenant = visible_unit(&state, &user, &id, Action::ManagePeriods).await?;
    if tenant.parent_id.is_some() {
        return Err(AppError::BadRequest("period.err.not_tenant").into());
    }
    let n = |s: &str| s.trim().parse::<u8>().ok();
    let parsed = (|| {
        Some(Calendar {
            self_from: n(&f.self_from)?,
            self_before: n(&f.self_before)?,
            decide_before: n(&f.decide_before)?,
            publish_before_next: n(&f.publish_before_next)?,
            december_self_from: n(&f.december_self_from)?,
            december_self_before: n(&f.december_self_before)?,
            december_decide_before: n(&f.december_decide_before)?,
            december_before: n(&f.december_before)?,
        })
    })();
    let appeal_days = f
        .appeal_days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=90).contains(d));
    let problem = match (parsed, appeal_days) {
        (None, _) => Some("period.err.calendar_range"),
        (_, None) => Some("period.err.appeal_days"),
        (Some(c), Some(_)) => match c.validate() {
            Ok(()) => None,
            Err(danhgia_domain::calendar::CalendarError::DayOutOfRange) => {
                Some("period.err.calendar_range")
            }
            Err(danhgia_domain::calendar::CalendarError::OutOfOrder) => {
                Some("period.err.calendar_order")
            }
        },
    };
    if let Some(key) = problem {
        let mut page = periods_page(&state, &user).await?;
        page.error = Some(page.ctx.t(key).to_owned());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let setting = danhgia_store::TenantCalendar {
        calendar: parsed.unwrap_or_default(),
        late_submission: f.late_submission.is_some(),
        appeal_days: appeal_days.unwrap_or(rules::DEFAULT_APPEAL_DAYS),
    };
    state
        .store
        .set_tenant_calendar(&tenant.id, &setting, Some(&user.account_id))
        .await?;
    crate::audit::record(
        &state,
        Some(&user),
        "calendar_change",
        "unit",
        Some(&tenant.id),
        Some(&tenant.id),
        serde_json::json!({ "setting": format!("{setting:?}") }),
    )
    .await;
    Ok(Redirect::to("/periods?ok=period.ok.calendar").into_response())
}

#[derive(Debug, Deserialize)]
pub struct DatesForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub self_opens: String,
    #[serde(default)]
    pub self_last: String,
    #[serde(default)]
    pub decide_last: String,
    #[serde(default)]
    pub publish_last: String,
    pub late_submission: Option<String>,
}

/// Parses `dd/mm/yyyy` or `yyyy-mm-dd` (what a date input sends).
pub(crate) fn parse_day(s: &str) -> Option<time::Date> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    time::Date::from_calendar_date(
        y.parse().ok()?,
        time::Month::try_from(m.parse::<u8>().ok()?).ok()?,
        d.parse().ok()?,
    )
    .ok()
}

/// `POST /periods/{id}`: changes a period's days (the last allowed day of each step) and
/// whether late submission is allowed.
pub async fn set_dates(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<DatesForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let period = state.store.period(&id).await?;
    visible_unit(&state, &user, &period.tenant_id, Action::ManagePeriods).await?;
    let next = |d: time::Date| d.next_day();
    let dates = (|| {
        Some(Deadlines {
            self_opens: parse_day(&f.self_opens)?,
            self_before: next(parse_day(&f.self_last)?)?,
            decide_before: next(parse_day(&f.decide_last)?)?,
            publish_before: next(parse_day(&f.publish_last)?)?,
        })
    })();
    let ordered = dates.is_some_and(|d| {
        d.self_opens < d.self_before
            && d.self_before <= d.decide_before
            && d.decide_before <= d.publish_before
    });
    match dates {
        Some(d) if ordered => {
            state
                .store
                .set_period_dates(&id, &d, f.late_submission.is_some())
                .await?;
            crate::audit::record(
                &state,
                Some(&user),
                "period_dates",
                "period",
                Some(&id),
                Some(&period.tenant_id),
                serde_json::json!({ "dates": format!("{d:?}"), "late_submission": f.late_submission.is_some() }),
            )
            .await;
            Ok(Redirect::to("/periods?ok=period.ok.saved").into_response())
        }
        _ => {
            let mut page = periods_page(&state, &user).await?;
            page.error = Some(page.ctx.t("period.err.dates").to_owned());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Attachments

/// `POST /evaluations/{id}/attachments` (multipart: `csrf`, `file`): attaches a file.
pub async fn attach(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(&mut multipart).await;
    if !upload.too_big {
        user.check_csrf(&upload.csrf)?;
    }
    let (file, name, too_big) = (upload.file, upload.name, upload.too_big);
    let l = flow::load(&state, &user, &id).await?;
    if !crate::attachments::may_attach(&l) {
        return refused_page(
            &state,
            &user,
            &id,
            ActError::Move(danhgia_domain::workflow::MoveError::NotYours),
        )
        .await;
    }
    let checked = if too_big {
        Err("attach.err.too_big")
    } else {
        crate::attachments::check(&file)
    };
    let content_type = match checked {
        Ok(t) => t,
        Err(key) => {
            return refused_page(&state, &user, &id, ActError::App(AppError::BadRequest(key)))
                .await;
        }
    };
    let attachment_id = danhgia_store::new_id();
    let key = crate::attachments::key(&id, &attachment_id);
    let size = i64::try_from(file.len()).unwrap_or(i64::MAX);
    state
        .config
        .files
        .put(&key, bytes::Bytes::from(file).into())
        .await
        .map_err(|e| AppError::Internal(format!("attachment store: {e}")))?;
    let a = Attachment {
        id: attachment_id,
        evaluation_id: id.clone(),
        file_name: crate::attachments::stored_name(
            if name.is_empty() {
                "tep-dinh-kem"
            } else {
                &name
            },
            content_type,
        ),
        content_type: content_type.to_owned(),
        size,
        storage_key: key.to_string(),
        uploaded_by_name: user.username.clone(),
        uploaded_at: danhgia_store::now(),
    };
    state.store.add_attachment(&a, flow::actor(&user)).await?;
    Ok(Redirect::to(&format!("/evaluations/{id}?ok=attach.ok.added#attachments")).into_response())
}

/// `GET /evaluations/{id}/attachments/{file}`: the file, to whoever may see the form.
pub async fn download(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let l = flow::load(&state, &user, &id).await?;
    let a = state
        .store
        .attachments(&l.form.id)
        .await?
        .into_iter()
        .find(|a| a.id == file)
        .ok_or(AppError::NotFound)?;
    let data = state
        .config
        .files
        .get(&object_store::path::Path::from(a.storage_key.as_str()))
        .await
        .map_err(|e| AppError::Internal(format!("attachment store: {e}")))?
        .bytes()
        .await
        .map_err(|e| AppError::Internal(format!("attachment store: {e}")))?;
    Ok(crate::attachments::file_response(
        &a.file_name,
        &a.content_type,
        data,
    ))
}

/// `POST /evaluations/{id}/attachments/{file}/delete`: removes a file from the form (who may
/// attach may remove; the history keeps its name).
pub async fn detach(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, file)): Path<(String, String)>,
    Form(f): Form<PeriodForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let l = flow::load(&state, &user, &id).await?;
    if !crate::attachments::may_attach(&l) {
        return refused_page(
            &state,
            &user,
            &id,
            ActError::Move(danhgia_domain::workflow::MoveError::NotYours),
        )
        .await;
    }
    if !state
        .store
        .attachments(&id)
        .await?
        .iter()
        .any(|a| a.id == file)
    {
        return Err(AppError::NotFound.into());
    }
    state
        .store
        .remove_attachment(&file, flow::actor(&user))
        .await?;
    Ok(Redirect::to(&format!(
        "/evaluations/{id}?ok=attach.ok.removed#attachments"
    ))
    .into_response())
}

/// `GET /units/{id}/summary.xlsx?period=`: the period's summary list of every form under the
/// unit (danh sách tổng hợp, Hanoi Đ.13.2; M7.3), grouped by unit in tree order, for whoever
/// follows the unit's evaluations. The export is recorded in the audit log.
pub async fn summary_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (unit, period) = unit_period(
        &state,
        &user,
        &id,
        q.period.as_deref(),
        Action::FollowEvaluations,
    )
    .await?;
    let forms = state.store.evaluations_in(&period.id, &unit.path).await?;
    let ctx = Ctx::for_user(&user);
    let rows = summary_rows(&forms, &ctx);
    let today = danhgia_store::today();
    let head = danhgia_sheets::SummaryHead {
        unit_name: unit.name.clone(),
        period: super::period_title(&period),
        place_date: format!(
            "Ngày {:02} tháng {:02} năm {}",
            today.day(),
            u8::from(today.month()),
            today.year()
        ),
    };
    let bytes = danhgia_sheets::write_summary(&head, &rows)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    crate::audit::record(
        &state,
        Some(&user),
        "export_summary",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "period": period.id, "rows": rows.len() }),
    )
    .await;
    Ok(super::xlsx_download(
        &format!(
            "tong-hop-{:04}-{:02}-{}.xlsx",
            period.year,
            period.month,
            file_code(&unit)
        ),
        bytes,
    ))
}

/// The summary list's lines (Excel and PDF): every form, its totals, the grade that stands and,
/// before publication, its status as the note.
pub fn summary_rows(forms: &[Evaluation], ctx: &Ctx) -> Vec<danhgia_sheets::SummaryRow> {
    forms
        .iter()
        .map(|f| danhgia_sheets::SummaryRow {
            unit: f.unit_name.clone(),
            full_name: f.full_name.clone(),
            position: f.position_title.clone(),
            self_total: f.self_total().map(|p| p.vi()).unwrap_or_default(),
            leader_total: f.leader_total().map(|p| p.vi()).unwrap_or_default(),
            grade: f
                .result_grade()
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            note: if f.status == Status::Published {
                String::new()
            } else {
                ctx.label("status", &f.status).to_owned()
            },
        })
        .collect()
}

/// `GET /units/{id}/statistics.xlsx?period=`: the statistics table as Excel (issue 8 §3), for
/// whoever may open the statistics page; the export is audited.
pub async fn statistics_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    use danhgia_sheets::TableCell::{Number, Text};
    let (unit, period) = unit_period(
        &state,
        &user,
        &id,
        q.period.as_deref(),
        Action::FollowEvaluations,
    )
    .await?;
    let stats = flow::statistics(&state, &unit, &period.id).await?;
    let ctx = Ctx::for_user(&user);
    let n = |v: u64| Number(v as f64);
    let line = |name: String, c: &danhgia_domain::stats::Counts| {
        vec![
            Text(name),
            n(c.forms),
            n(c.draft),
            n(c.waiting),
            n(c.decided),
            n(c.published),
            n(c.grades[0]),
            n(c.grades[1]),
            n(c.grades[2]),
            n(c.grades[3]),
            Text(format!("{}%", c.share_a())),
        ]
    };
    let table = danhgia_sheets::Table {
        sheet: ctx.t("stats.title").chars().take(31).collect(),
        title: format!("{}: {}", ctx.t("stats.title"), unit.name),
        subtitle: super::period_title(&period),
        headers: [
            ctx.t("criteria.unit"),
            ctx.t("stats.forms"),
            ctx.t("eval.not_submitted"),
            ctx.t("stats.waiting"),
            ctx.t("stats.decided"),
            ctx.t("stats.published"),
            "A",
            "B",
            "C",
            "D",
            ctx.t("stats.share_a"),
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: stats
            .rows
            .iter()
            .map(|r| {
                let name = if r.own {
                    format!("{} ({})", r.name, ctx.t("stats.own"))
                } else {
                    r.name.clone()
                };
                line(name, &r.counts)
            })
            .collect(),
        total: Some(line(ctx.t("stats.total").to_owned(), &stats.total)),
    };
    let bytes =
        danhgia_sheets::write_table(&table).map_err(|e| AppError::Internal(e.to_string()))?;
    crate::audit::record(
        &state,
        Some(&user),
        "export_statistics",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "period": period.id }),
    )
    .await;
    Ok(super::xlsx_download(
        &format!("thong-ke-{:04}-{:02}.xlsx", period.year, period.month),
        bytes,
    ))
}
