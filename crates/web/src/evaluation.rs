//! The monthly evaluation as the pages and the API both use it (SPEC M4): who plays which part
//! on a form, what each command changes, the calendar and quota checks, publication. Handlers
//! only translate requests into [`Command`]s and answers into pages or JSON; the rules
//! themselves live in `danhgia_domain` (workflow, evaluation, quota).

use danhgia_domain::access::Action;
use danhgia_domain::criteria::{CriteriaSet, SectionKind};
use danhgia_domain::evaluation::{self, RequestError, Sheet, WindowError};
use danhgia_domain::grade::Grade;
use danhgia_domain::points::Points;
use danhgia_domain::preset::Preset;
use danhgia_domain::quota::{self, Counts, Verdict};
use danhgia_domain::scoring::ScoreError;
use danhgia_domain::stats;
use danhgia_domain::workflow::{self, Move, MoveError, Part, Status};
use danhgia_store::{Actor, Answer, Evaluation, FormChange, Period, StoreError};
use time::{Date, OffsetDateTime};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::{Lang, t};

/// A form with everything needed to show it or act on it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub form: Evaluation,
    pub period: Period,
    /// `None` when no set was assigned to the position when the period opened.
    pub set: Option<std::sync::Arc<CriteriaSet>>,
    pub preset: &'static Preset,
    /// What the caller plays on this form.
    pub parts: Vec<Part>,
    pub self_sheet: Sheet,
    pub leader_sheet: Sheet,
}

/// The parts `user` plays on `form`.
pub fn parts_of(user: &CurrentUser, form: &Evaluation) -> Vec<Part> {
    let me = user.person_id.as_deref();
    let is = |id: &Option<String>| me.is_some() && id.as_deref() == me;
    let mut parts = Vec::new();
    if me == Some(form.person_id.as_str()) {
        parts.push(Part::Owner);
    }
    if is(&form.reviewer_id) {
        parts.push(Part::Reviewer);
    }
    if is(&form.evaluator_id) {
        parts.push(Part::Evaluator);
    }
    if is(&form.head_id) {
        parts.push(Part::Head);
    }
    if user.scope.allows(Action::PublishResults, &form.unit_path) {
        parts.push(Part::Aggregator);
    }
    parts
}

/// Reads a form the caller may see: one they play a part on, or one of a unit they follow.
/// Anything else is 404, as if it did not exist (M1.2).
pub async fn load(state: &AppState, user: &CurrentUser, id: &str) -> Result<Loaded, AppError> {
    let form = state.store.evaluation(id).await?;
    let parts = parts_of(user, &form);
    if parts.is_empty()
        && !user
            .scope
            .allows(Action::FollowEvaluations, &form.unit_path)
    {
        return Err(AppError::NotFound);
    }
    let period = state.store.period(&form.period_id).await?;
    let set = match &form.set_version_id {
        Some(v) => Some(state.store.set_of_version(v).await?),
        None => None,
    };
    let cat = crate::pages::criteria::catalogue()?;
    let preset = cat
        .preset(&form.preset)
        .or_else(|| cat.preset(crate::pages::criteria::DEFAULT_PRESET))
        .ok_or_else(|| AppError::Internal("no preset".into()))?;
    let self_sheet = sheet_of(&form.self_sheet)?;
    let leader_sheet = sheet_of(&form.leader_sheet)?;
    Ok(Loaded {
        form,
        period,
        set,
        preset,
        parts,
        self_sheet,
        leader_sheet,
    })
}

fn sheet_of(text: &str) -> Result<Sheet, AppError> {
    if text.trim().is_empty() {
        return Ok(Sheet::default());
    }
    serde_json::from_str(text).map_err(|e| AppError::Internal(format!("stored sheet: {e}")))
}

fn json_of(sheet: &Sheet) -> String {
    serde_json::to_string(sheet).unwrap_or_else(|_| "{}".to_owned())
}

/// What someone does to a form.
#[derive(Debug, Clone)]
pub enum Command {
    /// The owner saves a draft (scores may be incomplete).
    SaveSelf(Sheet),
    /// The owner saves and submits (every item scored).
    Submit(Sheet),
    /// The reviewer comments and passes the form on.
    Review { comment: String },
    /// The evaluator scores, comments and decides.
    Decide { sheet: Sheet },
    /// The evaluator decides with the self-assessment as it is.
    AcceptSelf,
    /// The evaluator decides the proposal beside the form, or their own figure (`Some`) with a
    /// reason: under 360° review the minutes' total (Quảng Trị Đ.6.1: "căn cứ trên kết quả thực
    /// tế trong năm"); on an annual form the year's months (M6.3, [`Proposed`]).
    DecideProposed {
        total: Option<Points>,
        reason: String,
    },
    /// The head sets the final grade before publication, with a reason (Đ.12.3).
    Adjust { grade: Grade, reason: String },
    /// One step back, with a reason.
    Return { reason: String },
}

impl Command {
    fn action(&self) -> &'static str {
        match self {
            Command::SaveSelf(_) => "save",
            Command::Submit(_) => Move::Submit.as_str(),
            Command::Review { .. } => Move::Review.as_str(),
            Command::Decide { .. } | Command::AcceptSelf | Command::DecideProposed { .. } => {
                Move::Decide.as_str()
            }
            Command::Adjust { .. } => Move::Adjust.as_str(),
            Command::Return { .. } => Move::Return.as_str(),
        }
    }
}

/// A cohort's quota now (M4.4): what the live meter shows and what stops a decision or a
/// publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortQuota {
    pub unit_id: String,
    pub unit_name: String,
    pub cohort_id: Option<String>,
    pub cohort_name: Option<String>,
    /// Forms in the cohort (graded or not).
    pub people: usize,
    pub counts: Counts,
    pub verdict: Verdict,
}

/// Why a command was refused. Nothing was written.
#[derive(Debug)]
pub enum ActError {
    App(AppError),
    Move(MoveError),
    Window(WindowError),
    /// Scores out of range or missing reasons, by item.
    Scores(Vec<ScoreError>),
    /// A submission or decision with items left unscored.
    Incomplete(Vec<String>),
    /// The form has no criteria set: an admin must assign one.
    NoSet,
    /// The cohort would have more A's than its quota allows.
    Quota(Box<CohortQuota>),
    /// Someone else saved the form since it was read.
    Changed {
        by: String,
        at: OffsetDateTime,
    },
    /// A request, answer or amendment breaks a rule.
    Request(RequestError),
}

impl From<AppError> for ActError {
    fn from(e: AppError) -> Self {
        ActError::App(e)
    }
}
impl From<StoreError> for ActError {
    fn from(e: StoreError) -> Self {
        ActError::App(e.into())
    }
}

/// `dd/mm/yyyy`.
pub fn day_vi(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// An instant as read in Vietnam: `dd/mm/yyyy HH:MM`.
pub fn when_vi(at: OffsetDateTime) -> String {
    let l = at.to_offset(danhgia_domain::calendar::VN);
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        l.day(),
        u8::from(l.month()),
        l.year(),
        l.hour(),
        l.minute()
    )
}

/// A cohort's quota in words: "1 loại A, tối đa 1 (…)" while it holds, the over-quota message
/// (cohort, unit, counts, the rule) when it does not.
pub fn quota_text(lang: Lang, q: &CohortQuota) -> String {
    let cohort = q
        .cohort_name
        .clone()
        .unwrap_or_else(|| t(lang, "eval.no_cohort").to_owned());
    let why = if q.verdict.small_cohort {
        t(lang, "quota.small_cohort")
    } else {
        t(lang, "quota.percent")
    };
    let key = if q.verdict.allowed {
        "quota.ok"
    } else {
        "quota.err.over"
    };
    t(lang, key)
        .replace("{cohort}", &cohort)
        .replace("{unit}", &q.unit_name)
        .replace("{a}", &q.counts.a.to_string())
        .replace("{max}", &q.verdict.max_a.to_string())
        .replace("{b}", &q.counts.b.to_string())
        .replace("{why}", why)
}

impl ActError {
    /// The stable code of the API answer.
    pub fn code(&self) -> &'static str {
        match self {
            ActError::App(_) => "error",
            ActError::Move(_) => "not_allowed",
            ActError::Window(_) => "outside_window",
            ActError::Scores(_) => "invalid_scores",
            ActError::Incomplete(_) => "incomplete",
            ActError::NoSet => "no_set",
            ActError::Quota(_) => "over_quota",
            ActError::Changed { .. } => "changed",
            ActError::Request(_) => "refused",
        }
    }

    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            ActError::App(AppError::NotFound) => StatusCode::NOT_FOUND,
            ActError::App(AppError::Forbidden(_)) => StatusCode::FORBIDDEN,
            ActError::App(AppError::Internal(_)) => StatusCode::INTERNAL_SERVER_ERROR,
            ActError::App(AppError::BadRequest(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            ActError::App(_) | ActError::Move(MoveError::Frozen) | ActError::Changed { .. } => {
                StatusCode::CONFLICT
            }
            ActError::Move(MoveError::NotYours) => StatusCode::FORBIDDEN,
            ActError::Quota(_) => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The message shown to the user, in Vietnamese.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ActError::App(e) => t(lang, e.key()).to_owned(),
            ActError::Move(e) => t(lang, e.key()).to_owned(),
            ActError::Window(w) => t(lang, w.key()).replace("{day}", &day_vi(w.day())),
            ActError::Scores(_) => t(lang, "form.has_errors").to_owned(),
            ActError::Incomplete(items) => {
                format!("{} {}", t(lang, "eval.err.incomplete"), items.join(", "))
            }
            ActError::NoSet => t(lang, "criteria.no_set").to_owned(),
            ActError::Quota(q) => quota_text(lang, q),
            ActError::Changed { by, at } => t(lang, "eval.err.changed")
                .replace("{by}", by)
                .replace("{at}", &when_vi(*at)),
            ActError::Request(r) => {
                let day = match r {
                    RequestError::AppealClosed(d) => day_vi(*d),
                    _ => String::new(),
                };
                t(lang, r.key()).replace("{day}", &day)
            }
        }
    }
}

/// Whether the owner may still submit after the window: the tenant allows it, the evaluator
/// extended their date, or the form was sent back to them (M4.5).
pub fn late_ok(period: &Period, form: &Evaluation, today: Date) -> bool {
    period.late_submission || form.returned || form.extended_to.is_some_and(|d| today < d)
}

/// The form as the state machine sees it on `today`.
pub fn machine(period: &Period, form: &Evaluation, today: Date) -> workflow::Form {
    workflow::Form {
        status: form.status,
        has_reviewer: form.reviewer_id.is_some(),
        self_closed: today >= period.self_before && !late_ok(period, form, today),
    }
}

/// The moves the caller can make on the form today (the buttons of the page).
pub fn available(l: &Loaded, today: Date) -> Vec<Move> {
    let m = machine(&l.period, &l.form, today);
    let late = late_ok(&l.period, &l.form, today);
    workflow::moves(m, &l.parts)
        .into_iter()
        .filter(|mv| evaluation::window(*mv, &l.period.deadlines(), today, late).is_ok())
        .collect()
}

/// Whether the owner may save a draft now.
pub fn may_save_self(l: &Loaded) -> bool {
    l.form.status == Status::Draft && l.parts.contains(&Part::Owner)
}

/// The quota of every cohort of the unit of `unit_id` in the period, counting each form's
/// standing grade, with `replace` (a form id and its grade to be) applied first.
pub async fn unit_quotas(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
    preset: &Preset,
    replace: Option<(&str, Option<Grade>)>,
) -> Result<Vec<CohortQuota>, AppError> {
    let forms = state.store.evaluations_of_unit(period_id, unit_id).await?;
    Ok(quotas_of(&forms, preset, replace))
}

/// The quota of every cohort of each of `units` (unit id, preset key) in the period, from one
/// grouped count (the queue of a district's chairman spans dozens of units).
pub async fn quotas_of_units(
    state: &AppState,
    period_id: &str,
    units: &[(String, String)],
) -> Result<Vec<CohortQuota>, AppError> {
    let cat = crate::pages::criteria::catalogue()?;
    let ids: Vec<String> = units.iter().map(|(u, _)| u.clone()).collect();
    let mut out: Vec<CohortQuota> = Vec::new();
    for t in state.store.cohort_tallies(period_id, &ids).await? {
        let Some(preset) = units
            .iter()
            .find(|(u, _)| *u == t.unit_id)
            .and_then(|(_, p)| cat.preset(p))
        else {
            continue;
        };
        let grade = t.grade.as_deref().and_then(Grade::parse);
        let n = u32::try_from(t.forms).unwrap_or(0);
        count_in(&mut out, preset, QuotaKey::of(&t), grade, n);
    }
    out.sort_by(|a, b| {
        (a.unit_name.as_str(), &a.cohort_name).cmp(&(b.unit_name.as_str(), &b.cohort_name))
    });
    Ok(out)
}

/// Which cohort of which unit a count belongs to.
struct QuotaKey<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    cohort_id: &'a Option<String>,
    cohort_name: &'a Option<String>,
}

impl<'a> QuotaKey<'a> {
    fn of(t: &'a danhgia_store::CohortTally) -> Self {
        QuotaKey {
            unit_id: &t.unit_id,
            unit_name: &t.unit_name,
            cohort_id: &t.cohort_id,
            cohort_name: &t.cohort_name,
        }
    }
    fn of_form(f: &'a Evaluation) -> Self {
        QuotaKey {
            unit_id: &f.unit_id,
            unit_name: &f.unit_name,
            cohort_id: &f.cohort_id,
            cohort_name: &f.cohort_name,
        }
    }
}

/// Adds `n` people with `grade` to their cohort's quota in `out`, and checks it again.
fn count_in(
    out: &mut Vec<CohortQuota>,
    preset: &Preset,
    key: QuotaKey<'_>,
    grade: Option<Grade>,
    n: u32,
) {
    let i = match out
        .iter()
        .position(|q| q.unit_id == key.unit_id && q.cohort_id == *key.cohort_id)
    {
        Some(i) => i,
        None => {
            out.push(CohortQuota {
                unit_id: key.unit_id.to_owned(),
                unit_name: key.unit_name.to_owned(),
                cohort_id: key.cohort_id.clone(),
                cohort_name: key.cohort_name.clone(),
                people: 0,
                counts: Counts::default(),
                verdict: quota::check(&preset.quota, Counts::default(), false),
            });
            out.len() - 1
        }
    };
    let q = &mut out[i];
    q.people += n as usize;
    if let Some(g) = grade {
        q.counts.add(g, n);
    }
    q.verdict = quota::check(&preset.quota, q.counts, false);
}

/// The quota of each cohort among `forms` (all of one unit).
pub fn quotas_of(
    forms: &[Evaluation],
    preset: &Preset,
    replace: Option<(&str, Option<Grade>)>,
) -> Vec<CohortQuota> {
    let mut out: Vec<CohortQuota> = Vec::new();
    for f in forms {
        let grade = match replace {
            Some((id, g)) if id == f.id => g,
            _ => f.final_grade(),
        };
        count_in(&mut out, preset, QuotaKey::of_form(f), grade, 1);
    }
    out.sort_by(|a, b| a.cohort_name.cmp(&b.cohort_name));
    out
}

/// Applies `cmd` by `user` to the loaded form, which the caller read at `version`. On success
/// the form is saved and recorded; on any refusal nothing is written.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    cmd: Command,
    version: i64,
) -> Result<Evaluation, ActError> {
    let today = danhgia_store::today();
    let before = &l.form;
    if before.version != version {
        return Err(ActError::Changed {
            by: before.updated_by.clone(),
            at: before.updated_at,
        });
    }
    // Under 360° the leader decides on the minutes (Quảng Trị Đ.6.1), not on a sheet of their
    // own; and a first self-assessment works out who rates whom.
    let peer360 = match cmd {
        Command::Decide { .. } | Command::AcceptSelf | Command::Submit(_) => {
            crate::peer::is_360(state, &l.period).await?
        }
        _ => false,
    };
    // A form never self-assessed has no line in the minutes: its leader scores it (M4.5).
    if peer360
        && l.form.status != Status::Draft
        && matches!(cmd, Command::Decide { .. } | Command::AcceptSelf)
    {
        return Err(ActError::App(AppError::Conflict("peer.err.use_minutes")));
    }
    // The year's result is decided on the year's months (M6.3, D54), not on a sheet.
    if l.period.is_year() && matches!(cmd, Command::Decide { .. } | Command::AcceptSelf) {
        return Err(ActError::App(AppError::Conflict("annual.err.use_proposal")));
    }
    let mut after = before.clone();
    // NĐ 335: the result part is computed from the month's tasks, whatever was typed (M5.4).
    let computed = crate::work::form_result(state, l).await?;
    let result_code = l
        .set
        .as_ref()
        .and_then(|s| s.sections.iter().find(|s| s.kind == SectionKind::Result))
        .map(|s| s.code.clone());
    let with_result = |mut sheet: Sheet| -> Sheet {
        if let (Some(p), Some(code)) = (computed, &result_code) {
            sheet.scores.insert(
                code.clone(),
                evaluation::Score {
                    points: p,
                    reason: String::new(),
                },
            );
        }
        sheet
    };
    let cmd = match cmd {
        Command::SaveSelf(s) => Command::SaveSelf(with_result(s)),
        Command::Submit(s) => Command::Submit(with_result(s)),
        Command::Decide { sheet } => Command::Decide {
            sheet: with_result(sheet),
        },
        other => other,
    };
    let deadlines = l.period.deadlines();
    let late = late_ok(&l.period, before, today);
    let m = machine(&l.period, before, today);
    let mut reason = String::new();
    let check_move = |mv: Move, why: &str| -> Result<Status, ActError> {
        let to = workflow::apply(m, &l.parts, mv, why).map_err(ActError::Move)?;
        evaluation::window(mv, &deadlines, today, late).map_err(ActError::Window)?;
        Ok(to)
    };
    let set = l.set.as_ref();
    let graded = |sheet: &Sheet, whole: bool| -> Result<evaluation::Graded, ActError> {
        let set = set.ok_or(ActError::NoSet)?;
        let g = evaluation::grade(l.preset, set, sheet).map_err(ActError::Scores)?;
        if whole && !g.missing.is_empty() {
            return Err(ActError::Incomplete(g.missing));
        }
        Ok(g)
    };
    let mut quota_grade: Option<Option<Grade>> = None;
    match cmd.clone() {
        Command::SaveSelf(sheet) => {
            if before.status == Status::Published {
                return Err(ActError::Move(MoveError::Frozen));
            }
            if !l.parts.contains(&Part::Owner) {
                return Err(ActError::Move(MoveError::NotYours));
            }
            if before.status != Status::Draft {
                return Err(ActError::Move(MoveError::NotNow));
            }
            let g = graded(&sheet, false)?;
            after.self_sheet = json_of(&sheet);
            after.self_total = Some(g.total.hundredths());
            after.self_grade = g.grade.map(|g| g.as_str().to_owned());
        }
        Command::Submit(sheet) => {
            after.status = check_move(Move::Submit, "")?;
            let g = graded(&sheet, true)?;
            after.self_sheet = json_of(&sheet);
            after.self_total = Some(g.total.hundredths());
            after.self_grade = g.grade.map(|g| g.as_str().to_owned());
            after.submitted_on = Some(today);
        }
        Command::Review { comment } => {
            after.status = check_move(Move::Review, "")?;
            after.review_comment = comment.trim().to_owned();
        }
        Command::Decide { sheet } => {
            after.status = check_move(Move::Decide, "")?;
            let g = graded(&sheet, true)?;
            after.leader_sheet = json_of(&sheet);
            after.leader_total = Some(g.total.hundredths());
            after.leader_grade = g.grade.map(|g| g.as_str().to_owned());
            after.final_grade = after.leader_grade.clone();
            quota_grade = Some(g.grade);
        }
        Command::AcceptSelf => {
            after.status = check_move(Move::Decide, "")?;
            let mut sheet = with_result(l.self_sheet.clone());
            sheet.comments.clear();
            let g = graded(&sheet, true)?;
            after.leader_sheet = json_of(&sheet);
            after.leader_total = Some(g.total.hundredths());
            after.leader_grade = g.grade.map(|g| g.as_str().to_owned());
            after.final_grade = after.leader_grade.clone();
            quota_grade = Some(g.grade);
        }
        Command::DecideProposed { total, reason: why } => {
            after.status = check_move(Move::Decide, "")?;
            let p = proposed(state, l).await?;
            // The form shows the proposal in the field: sent back unchanged, it is the
            // proposal, not a figure of the leader's own.
            let total = total.filter(|t| Some(*t) != p.total);
            if !p.graded && total.is_some() {
                return Err(ActError::App(AppError::Conflict("annual.err.not_graded")));
            }
            let decided = total.or(p.total);
            if decided.is_some_and(|t| t < Points::ZERO || t > Points::whole(100)) {
                return Err(ActError::App(AppError::BadRequest("peer.err.total")));
            }
            if decided != p.total && why.trim().is_empty() {
                return Err(ActError::Move(MoveError::ReasonRequired));
            }
            let grade = match decided {
                Some(t) if p.graded && (total.is_some() || p.grade.is_none()) => {
                    let set = set.ok_or(ActError::NoSet)?;
                    evaluation::grade_decided_total(l.preset, set, &l.self_sheet, t)
                        .map_err(ActError::Scores)?
                        .grade
                }
                _ => p.grade,
            };
            let mut sheet = l.self_sheet.clone();
            sheet.comments.clear();
            if !why.trim().is_empty() {
                sheet.comments.insert(String::new(), why.trim().to_owned());
            }
            after.leader_sheet = json_of(&sheet);
            after.leader_total = decided.map(Points::hundredths);
            after.leader_grade = grade.map(|g| g.as_str().to_owned());
            after.final_grade = after.leader_grade.clone();
            reason = why.trim().to_owned();
            quota_grade = Some(grade);
        }
        Command::Adjust { grade, reason: why } => {
            after.status = check_move(Move::Adjust, &why)?;
            after.adjusted_grade = Some(grade.as_str().to_owned());
            after.adjust_reason = why.trim().to_owned();
            after.final_grade = after.adjusted_grade.clone();
            reason = why.trim().to_owned();
            quota_grade = Some(Some(grade));
        }
        Command::Return { reason: why } => {
            let to = check_move(Move::Return, &why)?;
            after.status = to;
            reason = why.trim().to_owned();
            match to {
                Status::Draft => {
                    after.returned = true;
                    after.submitted_on = None;
                }
                Status::Decided => {
                    after.adjusted_grade = None;
                    after.adjust_reason.clear();
                    after.final_grade = after.leader_grade.clone();
                }
                _ => {
                    // Back before the decision: the grade no longer stands (and no longer
                    // counts towards the quota).
                    after.leader_grade = None;
                    after.leader_total = None;
                    after.final_grade = None;
                }
            }
        }
    }
    // M4.4: a decision or adjustment that would put the cohort over its quota is stopped here,
    // and publication checks again.
    if let Some(grade) = quota_grade
        && grade == Some(Grade::A)
    {
        let quotas = unit_quotas(
            state,
            &before.period_id,
            &before.unit_id,
            l.preset,
            Some((&before.id, grade)),
        )
        .await?;
        if let Some(q) = quotas
            .into_iter()
            .find(|q| q.cohort_id == before.cohort_id && !q.verdict.allowed)
        {
            return Err(ActError::Quota(Box::new(q)));
        }
    }
    let change = FormChange {
        before: before.clone(),
        after,
        action: cmd.action(),
        reason,
    };
    save(state, user, &[change]).await?;
    if peer360 && let Err(e) = crate::peer::ensure_round(state, &l.period).await {
        // The submission is saved; the round is worked out again on the next visit of a
        // rating page.
        tracing::error!(error = ?e, period = %l.period.id, "working out the 360° round failed");
    }
    Ok(state.store.evaluation(&before.id).await?)
}

/// What a leader decides on instead of a sheet of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposed {
    pub total: Option<Points>,
    /// The grade that goes with `total` when the rule sets it (the year's months, a paper
    /// result); `None` with `graded` means "grade the total by the bands".
    pub grade: Option<Grade>,
    /// `false`: the rules say this person is not graded (NĐ 335 Đ.11.1, Quảng Trị Đ.2.8).
    pub graded: bool,
}

/// The proposal beside form `l`: the year's months on an annual form (M6.3), else the line of
/// the unit's 360° minutes (Quảng Trị Đ.6.1), which must be compiled first.
pub async fn proposed(state: &AppState, l: &Loaded) -> Result<Proposed, ActError> {
    if let Some(r) = crate::annual::record(state, l).await? {
        return Ok(Proposed {
            total: r.proposal.total,
            grade: r.proposal.grade,
            graded: r.proposal.grade.is_some(),
        });
    }
    if !crate::peer::is_360(state, &l.period).await? {
        return Err(ActError::App(AppError::Conflict("peer.err.not_360")));
    }
    let line = state
        .store
        .peer_result(&l.form.id)
        .await?
        .ok_or(ActError::App(AppError::Conflict("peer.err.minutes_first")))?;
    Ok(Proposed {
        total: Some(Points::from_hundredths(line.total)),
        grade: None,
        graded: true,
    })
}

/// Saves changes, turning a lost race into "changed by X at T".
async fn save(
    state: &AppState,
    user: &CurrentUser,
    changes: &[FormChange],
) -> Result<(), ActError> {
    match state
        .store
        .save_forms_audited(
            changes,
            Some(&user.account_id),
            &user.username,
            Some(user.ip.as_deref().unwrap_or_default()),
        )
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::Refused("evaluation_changed")) => {
            let mut first = None;
            for c in changes {
                let now = state.store.evaluation(&c.before.id).await?;
                if now.version != c.before.version {
                    first = Some(now);
                    break;
                }
            }
            let now = first.ok_or(ActError::App(AppError::Conflict(
                "eval.err.changed_unknown",
            )))?;
            Err(ActError::Changed {
                by: now.updated_by,
                at: now.updated_at,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// The evaluator accepts the self-assessments of several forms at once; each is checked as if
/// done alone (and the quota counts the ones accepted before it). Returns how many were
/// decided; the first refusal stops and names the person.
pub async fn accept_many(
    state: &AppState,
    user: &CurrentUser,
    ids: &[String],
) -> Result<usize, (String, ActError)> {
    let mut done = 0;
    for id in ids {
        let l = load(state, user, id)
            .await
            .map_err(|e| (id.clone(), ActError::App(e)))?;
        let name = l.form.full_name.clone();
        act(state, user, &l, Command::AcceptSelf, l.form.version)
            .await
            .map_err(|e| (name, e))?;
        done += 1;
    }
    Ok(done)
}

/// Publishes the decided forms of a unit in a period (Đ.12.4), all or none: refused while any
/// cohort of the unit is over its quota (M4.4 "cannot publish over it"). Returns how many
/// were published.
pub async fn publish_unit(
    state: &AppState,
    user: &CurrentUser,
    period: &Period,
    unit_id: &str,
) -> Result<usize, ActError> {
    let unit = state.store.unit(unit_id).await?;
    if !user.scope.allows(Action::PublishResults, &unit.path) {
        return Err(ActError::Move(MoveError::NotYours));
    }
    let forms = state.store.evaluations_of_unit(&period.id, unit_id).await?;
    let Some(first) = forms.first() else {
        return Ok(0);
    };
    let cat = crate::pages::criteria::catalogue()?;
    let preset = cat
        .preset(&first.preset)
        .ok_or_else(|| AppError::Internal("no preset".into()))?;
    if let Some(q) = quotas_of(&forms, preset, None)
        .into_iter()
        .find(|q| !q.verdict.allowed)
    {
        return Err(ActError::Quota(Box::new(q)));
    }
    let today = danhgia_store::today();
    let at = danhgia_store::now();
    let mut changes = Vec::new();
    for f in forms
        .iter()
        .filter(|f| matches!(f.status, Status::Decided | Status::Adjusted))
    {
        let to = workflow::apply(
            machine(period, f, today),
            &[Part::Aggregator],
            Move::Publish,
            "",
        )
        .map_err(ActError::Move)?;
        let mut after = f.clone();
        after.status = to;
        after.published_at = Some(at);
        changes.push(FormChange {
            before: f.clone(),
            after,
            action: Move::Publish.as_str(),
            reason: String::new(),
        });
    }
    save(state, user, &changes).await?;
    Ok(changes.len())
}

/// Who a form waits for now (the progress page).
pub fn waiting_for(f: &Evaluation) -> Option<(Part, Option<String>)> {
    match f.status {
        Status::Draft => Some((Part::Owner, Some(f.full_name.clone()))),
        Status::Submitted if f.reviewer_id.is_some() => {
            Some((Part::Reviewer, f.reviewer_name.clone()))
        }
        Status::Submitted | Status::Reviewed => Some((Part::Evaluator, f.evaluator_name.clone())),
        Status::Decided | Status::Adjusted => Some((Part::Aggregator, None)),
        Status::Published => None,
    }
}

/// Who acts, as the store records it.
pub fn actor(user: &CurrentUser) -> Actor<'_> {
    Actor {
        account_id: &user.account_id,
        name: &user.username,
    }
}

fn needs(l: &Loaded, part: Part) -> Result<(), ActError> {
    if l.parts.contains(&part) {
        Ok(())
    } else {
        Err(ActError::Move(MoveError::NotYours))
    }
}

/// M4.5: the owner asks for a later last day of self-assessment, with a reason.
pub async fn ask_extension(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    reason: &str,
    wanted: Date,
) -> Result<(), ActError> {
    needs(l, Part::Owner)?;
    evaluation::check_extension(l.form.status, reason, wanted, danhgia_store::today())
        .map_err(ActError::Request)?;
    state
        .store
        .ask(
            &l.form.id,
            "extension",
            reason.trim(),
            Some(wanted),
            actor(user),
        )
        .await?;
    Ok(())
}

/// Issue 5 §5: the owner appeals a published grade within the period's days, with a reason.
pub async fn appeal(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    reason: &str,
) -> Result<(), ActError> {
    needs(l, Part::Owner)?;
    let published_on = l
        .form
        .published_at
        .map(danhgia_domain::calendar::local_date)
        .ok_or(ActError::Request(RequestError::NotPublished))?;
    evaluation::check_appeal(
        l.form.status,
        reason,
        published_on,
        l.period.appeal_days,
        danhgia_store::today(),
    )
    .map_err(ActError::Request)?;
    state
        .store
        .ask(&l.form.id, "appeal", reason.trim(), None, actor(user))
        .await?;
    Ok(())
}

/// The answer to a request: the evaluator grants (with a last day) or refuses (with a reason) an
/// extension; the head answers an appeal, and may amend the grade in the same step.
pub async fn answer(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    request_id: &str,
    answer: Answer,
) -> Result<(), ActError> {
    let requests = state.store.form_requests(&l.form.id).await?;
    let r = requests
        .iter()
        .find(|r| r.id == request_id)
        .ok_or(ActError::App(AppError::NotFound))?;
    match r.kind.as_str() {
        "extension" => {
            needs(l, Part::Evaluator)?;
            match answer.granted_until {
                Some(d) if d < danhgia_store::today() => {
                    return Err(ActError::Request(RequestError::DayPassed));
                }
                None if answer.note.trim().is_empty() => {
                    return Err(ActError::Request(RequestError::ReasonRequired));
                }
                _ => {}
            }
        }
        _ => {
            needs(l, Part::Head)?;
            if answer.note.trim().is_empty()
                || answer
                    .amend
                    .as_ref()
                    .is_some_and(|(_, why)| why.trim().is_empty())
            {
                return Err(ActError::Request(RequestError::ReasonRequired));
            }
        }
    }
    state
        .store
        .answer_request(request_id, &answer, actor(user))
        .await?;
    Ok(())
}

/// M4.7: after publication a correction is an amendment by the head, with a reason.
pub async fn amend(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    grade: Grade,
    reason: &str,
) -> Result<(), ActError> {
    needs(l, Part::Head)?;
    if l.form.status != Status::Published {
        return Err(ActError::Request(RequestError::NotPublished));
    }
    if reason.trim().is_empty() {
        return Err(ActError::Request(RequestError::ReasonRequired));
    }
    state
        .store
        .amend(&l.form.id, grade.as_str(), reason.trim(), actor(user))
        .await?;
    Ok(())
}

/// One line of a subtree's statistics: the unit's own staff, or one child unit with everything
/// below it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TallyRow {
    pub unit_id: String,
    pub name: String,
    /// The unit's own staff rather than a child subtree.
    pub own: bool,
    /// Whether the unit has units below it (its line links to its own statistics).
    pub has_children: bool,
    pub counts: stats::Counts,
}

/// A period's forms under `unit`, counted per child subtree (SPEC M7.1), from one grouped query
/// over the tally index: the same for a commune and for a city of 250,000 people.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Statistics {
    pub rows: Vec<TallyRow>,
    pub total: stats::Counts,
}

pub async fn statistics(
    state: &AppState,
    unit: &danhgia_store::Unit,
    period_id: &str,
) -> Result<Statistics, AppError> {
    let tallies = state.store.grade_statistics(period_id, &unit.path).await?;
    let mut r = stats::roll_up(
        &unit.path,
        tallies.iter().map(|t| {
            (
                t.unit_path.as_str(),
                t.status,
                t.grade(),
                u64::try_from(t.forms).unwrap_or(0),
            )
        }),
    );
    let mut rows = Vec::new();
    if r.own.forms > 0 {
        rows.push(TallyRow {
            unit_id: unit.id.clone(),
            name: unit.name.clone(),
            own: true,
            has_children: false,
            counts: r.own,
        });
    }
    let parents: std::collections::HashSet<&str> = tallies
        .iter()
        .filter_map(|t| {
            let rest = t.unit_path.strip_prefix(unit.path.as_str())?;
            let mut parts = rest.split('/').filter(|s| !s.is_empty());
            let child = parts.next()?;
            parts.next().map(|_| child)
        })
        .collect();
    for child in state.store.children(&unit.id).await? {
        let counts = r.children.remove(&child.id).unwrap_or_default();
        rows.push(TallyRow {
            has_children: parents.contains(child.id.as_str()),
            unit_id: child.id,
            name: child.name,
            own: false,
            counts,
        });
    }
    Ok(Statistics {
        rows,
        total: r.total,
    })
}
