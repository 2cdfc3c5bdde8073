//! Work planning and logs (issue 7, SPEC M5), the part shared by the pages and the JSON API:
//! who may see and change whose plan and log, and each action with its checks. The rules are in
//! `danhgia_domain::work`; the rows in `danhgia_store::repo::work`.
//!
//! Access: a person's own plan and log are theirs to write. Their direct leader (the one who
//! evaluates them) reads them, approves or returns the log, assigns and rates their tasks.
//! Whoever follows evaluations on their unit (aggregators, admins) may read them. Anyone else
//! gets the same 404 as for a person that does not exist.

use danhgia_domain::access::Action;
use danhgia_domain::people::PositionRank;
use danhgia_domain::work::{self, Decision, ItemInput, LogInput, Outcome, PlanMonth, WorkError};
use danhgia_store::{Item, LogEntry, NewItem, Person, Plan, Review, Unit};
use time::Date;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// Why an action failed: bad input by field (the form again, 422), or anything else.
#[derive(Debug)]
pub enum Fail {
    Fields(Vec<WorkError>),
    App(AppError),
}

impl From<AppError> for Fail {
    fn from(e: AppError) -> Self {
        Fail::App(e)
    }
}

impl From<danhgia_store::StoreError> for Fail {
    fn from(e: danhgia_store::StoreError) -> Self {
        Fail::App(e.into())
    }
}

pub type Done<T> = Result<T, Fail>;

/// How the caller stands to a person's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Own,
    /// Their direct leader: reads, approves, assigns, rates.
    Leader,
    /// Follows evaluations on their unit: reads only.
    Follower,
}

/// The caller's own staff record; `Forbidden("work.err.no_person")` for accounts that are not
/// staff (admins): they have no plan or log.
pub async fn me(state: &AppState, user: &CurrentUser) -> Result<Person, AppError> {
    match &user.person_id {
        Some(id) => Ok(state.store.person(id).await?),
        None => Err(AppError::Forbidden("work.err.no_person")),
    }
}

/// A person whose work the caller may see, and how; 404 otherwise.
pub async fn person_for(
    state: &AppState,
    user: &CurrentUser,
    person_id: &str,
) -> Result<(Person, Unit, Standing), AppError> {
    let person = state.store.person(person_id).await?;
    let unit = state.store.unit(&person.unit_id).await?;
    if user.person_id.as_deref() == Some(person.id.as_str()) {
        return Ok((person, unit, Standing::Own));
    }
    if let Some(me) = &user.person_id
        && state.store.direct_leader(&person).await?.as_deref() == Some(me.as_str())
    {
        return Ok((person, unit, Standing::Leader));
    }
    if user.scope.allows(Action::FollowEvaluations, &unit.path) {
        return Ok((person, unit, Standing::Follower));
    }
    Err(AppError::NotFound)
}

/// A person the caller leads directly, or 403 (visible but not theirs) / 404 (outside scope).
pub async fn as_leader(
    state: &AppState,
    user: &CurrentUser,
    person_id: &str,
) -> Result<(Person, Unit), AppError> {
    let (p, u, standing) = person_for(state, user, person_id).await?;
    if standing != Standing::Leader {
        return Err(AppError::Forbidden("work.err.not_your_team"));
    }
    Ok((p, u))
}

/// The month asked for (`2026-11`), or this month.
pub fn month_or_now(s: Option<&str>) -> Result<PlanMonth, AppError> {
    match s.filter(|s| !s.is_empty()) {
        Some(s) => PlanMonth::parse(s).ok_or(AppError::BadRequest("work.err.month")),
        None => Ok(PlanMonth::of(danhgia_store::today())),
    }
}

/// The Monday of the week asked for (any day of it, `2026-11-25`), or of this week.
pub fn week_or_now(s: Option<&str>) -> Result<Date, AppError> {
    match s.filter(|s| !s.is_empty()) {
        Some(s) => parse_day(s)
            .map(work::week_start)
            .and_then(whole_week)
            .ok_or(AppError::BadRequest("work.err.week")),
        None => Ok(work::week_start(danhgia_store::today())),
    }
}

/// Whether the app keeps day `d`: years 1900 to 9999, as it keeps months (`PlanMonth`).
/// [`parse_day`] reads any day `time` holds (years -9999 to 9999): the OpenAPI fuzz found
/// that a week before year 1 came back as no ISO date, and such days are beyond PostgreSQL's
/// `date`.
pub fn in_calendar(d: Date) -> bool {
    (1900..=9999).contains(&d.year())
}

/// The Monday of a week the calendar holds from its Monday to its Sunday. The last days of
/// year 9999 parse as a day, but their week runs past `Date::MAX`: computing its Sunday
/// overflowed (a panic, found by the OpenAPI fuzz, on the API and the pages alike).
fn whole_week(monday: Date) -> Option<Date> {
    monday
        .checked_add(time::Duration::days(6))
        .filter(|sunday| in_calendar(monday) && in_calendar(*sunday))
        .map(|_| monday)
}

/// The Monday of the week shown with `month`: the week asked for, else this week if it is in
/// the month, else the month's first week.
pub fn week_shown(month: PlanMonth, week: Option<&str>) -> Result<Date, AppError> {
    if week.is_some_and(|s| !s.is_empty()) {
        return week_or_now(week);
    }
    let today = danhgia_store::today();
    Ok(if month.contains(today) {
        work::week_start(today)
    } else {
        work::week_start(month.first_day())
    })
}

/// `yyyy-mm-dd` (what `<input type=date>` sends) or `dd/mm/yyyy`.
pub fn parse_day(s: &str) -> Option<Date> {
    let s = s.trim();
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let vn = time::macros::format_description!("[day]/[month]/[year]");
    Date::parse(s, iso).or_else(|_| Date::parse(s, vn)).ok()
}

/// A plan item the caller may change (their own plan), with its plan; 404 otherwise.
pub async fn own_item(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Item, Plan), AppError> {
    let (item, plan) = state.store.work_item(id).await?;
    if plan.owner_kind == "person" && plan.person_id.is_some() && plan.person_id == user.person_id {
        return Ok((item, plan));
    }
    if plan.owner_kind == "unit" {
        let unit = state.store.unit(&plan.unit_id).await?;
        if may_plan_unit(state, user, &unit).await? {
            return Ok((item, plan));
        }
    }
    Err(AppError::NotFound)
}

/// Whether the caller writes the unit's own monthly plan: its head or deputies, or whoever edits
/// the unit.
pub async fn may_plan_unit(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
) -> Result<bool, AppError> {
    if user.scope.allows(Action::EditUnit, &unit.path) {
        return Ok(true);
    }
    let Some(me) = &user.person_id else {
        return Ok(false);
    };
    let Ok(p) = state.store.person(me).await else {
        return Ok(false);
    };
    Ok(p.unit_id == unit.id && matches!(p.rank, PositionRank::Head | PositionRank::Deputy))
}

/// What a person types for an item, as the form or the API sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ItemFields {
    /// `month` (default) or `week`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub expected: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub weight: String,
    /// The unit plan item (for a monthly item) or monthly item (for a week item) it serves.
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub unplanned: Option<String>,
    #[serde(default)]
    pub recurring: Option<String>,
}

impl ItemFields {
    fn is_week(&self) -> bool {
        self.kind == "week"
    }
    /// The typed input, or the field errors of what could not even be read.
    fn input(&self) -> Result<ItemInput, Vec<WorkError>> {
        let mut errs = Vec::new();
        let day_of = |s: &str, field: &'static str, errs: &mut Vec<WorkError>| {
            if s.trim().is_empty() {
                None
            } else {
                let d = parse_day(s);
                if d.is_none() {
                    errs.push(WorkError {
                        field,
                        key: "work.err.date",
                    });
                }
                d
            }
        };
        let due = day_of(&self.due, "due", &mut errs);
        let day = day_of(&self.day, "day", &mut errs);
        let weight = if self.weight.trim().is_empty() {
            1
        } else {
            match self.weight.trim().parse::<u8>() {
                Ok(w) => w,
                Err(_) => {
                    errs.push(WorkError {
                        field: "weight",
                        key: "work.err.weight",
                    });
                    1
                }
            }
        };
        if errs.is_empty() {
            Ok(ItemInput {
                title: self.title.clone(),
                expected: self.expected.clone(),
                due,
                day,
                weight,
            })
        } else {
            Err(errs)
        }
    }
}

fn checked(f: &ItemFields, month: PlanMonth) -> Done<ItemInput> {
    let input = f.input().map_err(Fail::Fields)?;
    let week = if f.is_week() {
        Some(
            input
                .day
                .map_or(work::week_start(month.first_day()), work::week_start),
        )
    } else {
        None
    };
    // A week item belongs to the plan of its day's month; the month checked is that one. It has
    // a day, not a due date.
    let mut input = input;
    if f.is_week() {
        input.due = None;
    }
    let errs = work::check_item(&input, month, week);
    let errs: Vec<WorkError> = if f.is_week() {
        errs.into_iter().filter(|e| e.field != "due").collect()
    } else {
        errs
    };
    if errs.is_empty() {
        Ok(input)
    } else {
        Err(Fail::Fields(errs))
    }
}

/// A link to another item: it must be one the person may link to (a published unit item of
/// their unit or above for a monthly item; one of their own monthly items for a week item).
async fn checked_link(
    state: &AppState,
    person: &Person,
    plan: &Plan,
    f: &ItemFields,
) -> Done<Option<String>> {
    let link = f.link.trim();
    if link.is_empty() {
        return Ok(None);
    }
    let allowed = if f.is_week() {
        state
            .store
            .plan_items(&plan.id)
            .await?
            .iter()
            .any(|i| i.id == link && i.kind == "month")
    } else {
        unit_items_for(state, person, &plan.month)
            .await?
            .iter()
            .any(|i| i.id == link)
    };
    if allowed {
        Ok(Some(link.to_owned()))
    } else {
        Err(Fail::Fields(vec![WorkError {
            field: "link",
            key: "work.err.link",
        }]))
    }
}

/// The published unit plan items a person may link to: their unit's and those above it.
pub async fn unit_items_for(
    state: &AppState,
    person: &Person,
    month: &str,
) -> Result<Vec<Item>, AppError> {
    let unit = state.store.unit(&person.unit_id).await?;
    let mut ids: Vec<String> = state
        .store
        .ancestors(&unit)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    ids.push(unit.id);
    Ok(state.store.published_unit_items(&ids, month).await?)
}

/// Adds an item to the caller's own plan: a monthly item to the month's plan, a week item
/// (schedule or unplanned task) to the plan of its day's month.
pub async fn add_own_item(
    state: &AppState,
    user: &CurrentUser,
    month: PlanMonth,
    f: &ItemFields,
) -> Done<String> {
    let person = me(state, user).await?;
    let target_month = if f.is_week() {
        f.input()
            .ok()
            .and_then(|i| i.day)
            .map_or(month, PlanMonth::of)
    } else {
        month
    };
    let input = checked(f, target_month)?;
    let plan = state
        .store
        .person_plan(&person, &target_month.key())
        .await?;
    let link = checked_link(state, &person, &plan, f).await?;
    let new = NewItem {
        kind: if f.is_week() { "week" } else { "month" },
        unplanned: f.unplanned.is_some(),
        input,
        link_id: link,
        recurring: f.recurring.is_some(),
    };
    Ok(state.store.add_item(&plan.id, &new, &user.username).await?)
}

/// Adds an item to a unit's plan.
pub async fn add_unit_item(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    month: PlanMonth,
    f: &ItemFields,
) -> Done<String> {
    if !may_plan_unit(state, user, unit).await? {
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let f = ItemFields {
        kind: "month".into(),
        link: String::new(),
        ..f.clone()
    };
    let input = checked(&f, month)?;
    let plan = state.store.unit_plan_or_new(&unit.id, &month.key()).await?;
    let new = NewItem {
        kind: "month",
        unplanned: false,
        input,
        link_id: None,
        recurring: false,
    };
    Ok(state.store.add_item(&plan.id, &new, &user.username).await?)
}

/// Changes an item's fields (refused for a frozen plan's planned items).
pub async fn update_item(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    f: &ItemFields,
) -> Done<Plan> {
    let (item, plan) = own_item(state, user, id).await?;
    let month = PlanMonth::parse(&plan.month).ok_or(AppError::Internal("plan month".into()))?;
    let f = ItemFields {
        kind: item.kind.clone(),
        ..f.clone()
    };
    let input = checked(&f, month)?;
    let link = match &plan.person_id {
        Some(pid) => {
            let person = state.store.person(pid).await?;
            checked_link(state, &person, &plan, &f).await?
        }
        None => None,
    };
    state.store.update_item(id, &input, link.as_deref()).await?;
    Ok(plan)
}

/// Sets or clears how an item ended; the day it ends is today.
pub async fn set_outcome(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    outcome: &str,
) -> Done<Plan> {
    let (_, plan) = own_item(state, user, id).await?;
    let o = if outcome.is_empty() {
        None
    } else {
        Some(Outcome::parse(outcome).ok_or(Fail::Fields(vec![WorkError {
            field: "outcome",
            key: "work.err.outcome",
        }]))?)
    };
    state
        .store
        .set_outcome(id, o, danhgia_store::today())
        .await?;
    Ok(plan)
}

/// Deletes an item that may still change.
pub async fn delete_item(state: &AppState, user: &CurrentUser, id: &str) -> Done<Plan> {
    let (_, plan) = own_item(state, user, id).await?;
    state.store.delete_item(id).await?;
    Ok(plan)
}

/// Freezes the caller's plan of `month` (chốt kế hoạch).
pub async fn freeze_own(state: &AppState, user: &CurrentUser, month: PlanMonth) -> Done<()> {
    let person = me(state, user).await?;
    let plan = state
        .store
        .find_person_plan(&person.id, &month.key())
        .await?
        .ok_or(AppError::Conflict("work.err.plan_empty"))?;
    state.store.freeze_plan(&plan.id, false).await?;
    Ok(())
}

/// Copies last week's recurring items of the caller into the week starting `monday`; returns
/// how many were copied (items already there with the same title and day are not doubled).
pub async fn copy_last_week(state: &AppState, user: &CurrentUser, monday: Date) -> Done<usize> {
    let person = me(state, user).await?;
    let last_monday = monday - time::Duration::days(7);
    let mut source = Vec::new();
    for m in months_of_week(last_monday) {
        for i in state.store.person_items(&person.id, &m.key()).await? {
            if i.kind == "week"
                && i.recurring
                && i.day.is_some_and(|d| work::week_start(d) == last_monday)
            {
                source.push(i);
            }
        }
    }
    let mut existing = Vec::new();
    for m in months_of_week(monday) {
        existing.extend(state.store.person_items(&person.id, &m.key()).await?);
    }
    let mut n = 0;
    for i in source {
        let copy = work::copy_recurring(&[ItemInput {
            title: i.title.clone(),
            expected: i.expected.clone(),
            due: None,
            day: i.day,
            weight: u8::try_from(i.weight).unwrap_or(1),
        }]);
        for c in copy {
            if existing
                .iter()
                .any(|e| e.kind == "week" && e.title == c.title && e.day == c.day)
            {
                continue;
            }
            let Some(day) = c.day else { continue };
            let plan = state
                .store
                .person_plan(&person, &PlanMonth::of(day).key())
                .await?;
            let new = NewItem {
                kind: "week",
                unplanned: false,
                input: c,
                link_id: None,
                recurring: true,
            };
            state.store.add_item(&plan.id, &new, &user.username).await?;
            n += 1;
        }
    }
    Ok(n)
}

/// The months a week touches (one, or two at a month's turn).
pub fn months_of_week(monday: Date) -> Vec<PlanMonth> {
    let first = PlanMonth::of(monday);
    let last = PlanMonth::of(monday + time::Duration::days(6));
    if first == last {
        vec![first]
    } else {
        vec![first, last]
    }
}

/// What a person types into the log.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct LogFields {
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub evidence: String,
    /// One of the person's own plan items this entry advances.
    #[serde(default)]
    pub item: String,
}

async fn checked_log(
    state: &AppState,
    person: &Person,
    f: &LogFields,
    week: Option<Date>,
) -> Done<(LogInput, Option<String>)> {
    let Some(day) = parse_day(&f.day) else {
        return Err(Fail::Fields(vec![WorkError {
            field: "day",
            key: "work.err.date",
        }]));
    };
    let input = LogInput {
        day,
        what: f.what.clone(),
        result: f.result.clone(),
        evidence: f.evidence.clone(),
    };
    let monday = week.unwrap_or_else(|| work::week_start(day));
    let errs = work::check_log(&input, monday, danhgia_store::today());
    if !errs.is_empty() {
        return Err(Fail::Fields(errs));
    }
    let item = f.item.trim();
    let item = if item.is_empty() {
        None
    } else {
        if !state
            .store
            .person_items(&person.id, &PlanMonth::of(day).key())
            .await?
            .iter()
            .any(|i| i.id == item)
        {
            return Err(Fail::Fields(vec![WorkError {
                field: "item",
                key: "work.err.link",
            }]));
        }
        Some(item.to_owned())
    };
    Ok((input, item))
}

/// Adds an entry to the caller's log.
/// `week` (its Monday) is the week being written, when known.
pub async fn add_log(
    state: &AppState,
    user: &CurrentUser,
    f: &LogFields,
    week: Option<Date>,
) -> Done<(String, Date)> {
    let person = me(state, user).await?;
    let (input, item) = checked_log(state, &person, f, week).await?;
    let id = state
        .store
        .add_log(&person.id, &input, item.as_deref())
        .await?;
    Ok((id, input.day))
}

/// One of the caller's own log entries; 404 otherwise.
pub async fn own_log(state: &AppState, user: &CurrentUser, id: &str) -> Result<LogEntry, AppError> {
    let e = state.store.log_entry(id).await?;
    if user.person_id.as_deref() == Some(e.person_id.as_str()) {
        Ok(e)
    } else {
        Err(AppError::NotFound)
    }
}

/// Changes one of the caller's entries (draft or returned).
pub async fn update_log(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    f: &LogFields,
) -> Done<Date> {
    let person = me(state, user).await?;
    let old = own_log(state, user, id).await?;
    let (input, item) = checked_log(state, &person, f, Some(work::week_start(old.day))).await?;
    state.store.update_log(id, &input, item.as_deref()).await?;
    Ok(input.day)
}

/// Deletes one of the caller's entries (draft or returned).
pub async fn delete_log(state: &AppState, user: &CurrentUser, id: &str) -> Done<Date> {
    let e = own_log(state, user, id).await?;
    state.store.delete_log(id).await?;
    Ok(e.day)
}

/// Submits the caller's log of `from..=to` (a day or a week) to their direct leader.
pub async fn submit_log(
    state: &AppState,
    user: &CurrentUser,
    from: Date,
    to: Date,
) -> Done<String> {
    let person = me(state, user).await?;
    if to < from || (to - from).whole_days() > 6 || work::week_start(from) != work::week_start(to) {
        return Err(Fail::Fields(vec![WorkError {
            field: "to",
            key: "work.err.range",
        }]));
    }
    // Days still to come are not part of the submission: they could not be logged afterwards.
    let to = to.min(danhgia_store::today());
    if from > danhgia_store::today() {
        return Err(Fail::Fields(vec![WorkError {
            field: "from",
            key: "work.err.day_future",
        }]));
    }
    let leader = state
        .store
        .direct_leader(&person)
        .await?
        .ok_or(AppError::Conflict("work.err.no_leader"))?;
    Ok(state
        .store
        .submit_log(&person.id, from, to, &leader)
        .await?)
}

/// A review the caller may see: their own, one sent to them, or one on a person they follow.
pub async fn review_for(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Review, Standing), AppError> {
    let r = state.store.log_review(id).await?;
    if user.person_id.as_deref() == Some(r.leader_id.as_str()) {
        return Ok((r, Standing::Leader));
    }
    let (_, _, standing) = person_for(state, user, &r.person_id).await?;
    Ok((r, standing))
}

/// Approves or returns a submitted part of a log: only the leader it was sent to.
pub async fn decide(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    d: Decision,
    comment: &str,
) -> Done<Review> {
    let (r, standing) = review_for(state, user, id).await?;
    if standing != Standing::Leader || user.person_id.as_deref() != Some(r.leader_id.as_str()) {
        return Err(AppError::Forbidden("work.err.not_your_team").into());
    }
    if let Err(e) = work::check_decision(d, comment) {
        return Err(Fail::Fields(vec![e]));
    }
    let me = me(state, user).await?;
    state
        .store
        .decide_log(id, d, comment, &me.full_name)
        .await?;
    let action = match d {
        Decision::Approve => "work_log_approve",
        Decision::Return => "work_log_return",
    };
    crate::audit::record(
        state,
        Some(user),
        action,
        "person",
        Some(&r.person_id),
        Some(&me.unit_id),
        serde_json::json!({ "review": r.id, "from": r.from_day.to_string(), "to": r.to_day.to_string(), "comment": comment.trim() }),
    )
    .await;
    Ok(r)
}

/// A person's month: the plan, its items, the summary, the published unit items to link to.
pub struct MonthView {
    pub plan: Plan,
    pub items: Vec<Item>,
    pub summary: work::Summary,
    pub unit_items: Vec<Item>,
}

/// Loads a person's month (creating the draft plan on first sight).
pub async fn month_view(
    state: &AppState,
    person: &Person,
    month: PlanMonth,
) -> Result<MonthView, AppError> {
    // Reading never creates a plan: until the first item, the month shows an empty draft.
    let plan = match state
        .store
        .find_person_plan(&person.id, &month.key())
        .await?
    {
        Some(p) => p,
        None => Plan {
            id: String::new(),
            owner_kind: "person".into(),
            person_id: Some(person.id.clone()),
            unit_id: person.unit_id.clone(),
            unit_path: String::new(),
            month: month.key(),
            state: "draft".into(),
            frozen_at: None,
            published_at: None,
        },
    };
    let items = state.store.person_items(&person.id, &month.key()).await?;
    let summary = summary_of(&items);
    let unit_items = unit_items_for(state, person, &plan.month).await?;
    Ok(MonthView {
        plan,
        items,
        summary,
        unit_items,
    })
}

/// The month's summary counts monthly items and unplanned tasks; the week's planned schedule
/// only breaks the monthly items down, so it is not counted twice.
pub fn summary_of(items: &[Item]) -> work::Summary {
    let rows: Vec<work::SummaryItem> = items
        .iter()
        .filter(|i| i.kind == "month" || i.origin == "unplanned")
        .map(Item::summary_item)
        .collect();
    work::summarize(&rows)
}

/// A person's week: schedule items of the week, log entries, reviews touching it.
pub struct WeekView {
    pub monday: Date,
    pub items: Vec<Item>,
    pub entries: Vec<LogEntry>,
    pub reviews: Vec<Review>,
    /// Monthly items of the week's months, for linking.
    pub month_items: Vec<Item>,
}

pub async fn week_view(
    state: &AppState,
    person: &Person,
    monday: Date,
) -> Result<WeekView, AppError> {
    let sunday = monday + time::Duration::days(6);
    let mut items = Vec::new();
    let mut month_items = Vec::new();
    for m in months_of_week(monday) {
        for i in state.store.person_items(&person.id, &m.key()).await? {
            if i.kind == "week" && i.day.is_some_and(|d| d >= monday && d <= sunday) {
                items.push(i);
            } else if i.kind == "month" {
                month_items.push(i);
            }
        }
    }
    items.sort_by_key(|i| i.day);
    let entries = state.store.log_entries(&person.id, monday, sunday).await?;
    let reviews = state.store.reviews_of(&person.id, monday, sunday).await?;
    Ok(WeekView {
        monday,
        items,
        entries,
        reviews,
        month_items,
    })
}

/// A month's log: entries approved, waiting, returned and not submitted (for the summary shown
/// beside the evaluation form).
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct LogCounts {
    pub entries: usize,
    pub approved: usize,
    pub submitted: usize,
    pub returned: usize,
    pub draft: usize,
}

pub async fn log_counts(
    state: &AppState,
    person_id: &str,
    month: PlanMonth,
) -> Result<LogCounts, AppError> {
    let entries = state
        .store
        .log_entries(person_id, month.first_day(), month.last_day())
        .await?;
    let mut c = LogCounts {
        entries: entries.len(),
        ..LogCounts::default()
    };
    for e in &entries {
        match e.log_state() {
            work::LogState::Approved => c.approved += 1,
            work::LogState::Submitted => c.submitted += 1,
            work::LogState::Returned => c.returned += 1,
            work::LogState::Draft => c.draft += 1,
        }
    }
    Ok(c)
}

/// An iCalendar file of a person's week (issue 7 §8): one all-day event per schedule item and
/// one per monthly item due that week, and one event per log entry.
pub fn week_ics(person: &Person, view: &WeekView) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let mut cal = Calendar::new();
    cal.name(&format!("Lịch công tác tuần — {}", person.full_name));
    let sunday = view.monday + time::Duration::days(6);
    let to_naive = |d: Date| {
        chrono::NaiveDate::from_ymd_opt(
            d.year(),
            u32::from(u8::from(d.month())),
            u32::from(d.day()),
        )
    };
    let due_this_week = view
        .month_items
        .iter()
        .filter(|i| i.due.is_some_and(|d| d >= view.monday && d <= sunday))
        .map(|i| (i, i.due));
    let schedule = view.items.iter().map(|i| (i, i.day));
    for (item, day) in schedule.chain(due_this_week) {
        let Some(day) = day.and_then(to_naive) else {
            continue;
        };
        let mut ev = Event::new();
        ev.uid(&format!("{}@danhgia", item.id))
            .summary(&item.title)
            .all_day(day);
        if !item.expected.is_empty() {
            ev.description(&item.expected);
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

/// What the month's plan, log and tasks add up to, shown beside a form (SPEC M5.3): to the person
/// as they assess themselves and to the evaluator as they decide.
pub struct FormWork {
    pub person_id: String,
    pub month: PlanMonth,
    pub summary: work::Summary,
    pub log: LogCounts,
    pub kpi: Option<crate::kpi::MonthKpi>,
    /// The result % the form takes, computed from the tasks (NĐ 335 preset with tasks).
    pub computed: Option<danhgia_domain::points::Points>,
}

impl FormWork {
    pub fn month_key(&self) -> String {
        self.month.key()
    }
    pub fn computed_text(&self) -> String {
        self.computed.map(|p| p.vi()).unwrap_or_default()
    }
}

/// The month of a form's period.
pub fn month_of_period(p: &danhgia_store::Period) -> Option<PlanMonth> {
    let month = time::Month::try_from(u8::try_from(p.month).ok()?).ok()?;
    Some(PlanMonth {
        year: i32::try_from(p.year).ok()?,
        month,
    })
}

/// The month's work of a form's person (`None` when they have left: their plan is not shown).
pub async fn form_work(
    state: &AppState,
    l: &crate::evaluation::Loaded,
) -> Result<Option<FormWork>, AppError> {
    let Some(month) = month_of_period(&l.period) else {
        return Ok(None);
    };
    let Ok(person) = state.store.person(&l.form.person_id).await else {
        return Ok(None);
    };
    let items = state.store.person_items(&person.id, &month.key()).await?;
    let log = log_counts(state, &person.id, month).await?;
    let kpi = crate::kpi::month_kpi(state, &person, month).await?;
    let computed = computed_result(l, kpi.as_ref());
    Ok(Some(FormWork {
        person_id: person.id,
        month,
        summary: summary_of(&items),
        log,
        kpi,
        computed,
    }))
}

/// Only the computed result % of a form (what a save needs, without the plan and the log).
pub async fn form_result(
    state: &AppState,
    l: &crate::evaluation::Loaded,
) -> Result<Option<danhgia_domain::points::Points>, AppError> {
    if l.form.preset != crate::kpi::PRESET {
        return Ok(None);
    }
    let Some(month) = month_of_period(&l.period) else {
        return Ok(None);
    };
    let Ok(person) = state.store.person(&l.form.person_id).await else {
        return Ok(None);
    };
    let kpi = crate::kpi::month_kpi(state, &person, month).await?;
    Ok(computed_result(l, kpi.as_ref()))
}

/// Under the NĐ 335 preset, the result part of a form whose person has tasks that month is the
/// computed result %, never typed (SPEC M5.4; docs/decisions.md D38).
pub fn computed_result(
    l: &crate::evaluation::Loaded,
    kpi: Option<&crate::kpi::MonthKpi>,
) -> Option<danhgia_domain::points::Points> {
    (l.form.preset == crate::kpi::PRESET).then_some(())?;
    kpi.map(|k| k.result)
}
