//! The lists behind the statistics (issue 8 §2): every number of the statistics table opens
//! the forms it counts, and the watch list shows the people graded D, or C two months running
//! (rules in `danhgia_domain::stats`). Both are for whoever follows the unit's evaluations.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use danhgia_domain::access::Action;
use danhgia_domain::grade::Grade;
use danhgia_domain::stats::{self, Bucket, Watch};
use danhgia_store::{Evaluation, Period, Unit};
use serde::Deserialize;

use super::evaluations::{PeriodInfo, pick_period, tenant_of};
use super::{Ctx, render, visible_unit};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};

/// Forms listed on one page at most.
pub const LISTED: usize = 500;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub period: Option<String>,
    /// A column of the statistics table: `all`, `draft`, `waiting`, `decided`, `published`,
    /// or a grade `A`…`D`.
    #[serde(default)]
    pub show: String,
    /// `1`: the unit's own staff only (the table's "own" row).
    #[serde(default)]
    pub own: Option<String>,
}

#[derive(Template)]
#[template(path = "report_forms.html")]
pub struct FormsPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub what: String,
    pub own: bool,
    pub forms: Vec<Evaluation>,
    pub total: i64,
}

impl FormsPage {
    pub fn grade(f: &Evaluation) -> String {
        f.result_grade()
            .map(|g| g.as_str().to_owned())
            .unwrap_or_default()
    }
    pub fn more(&self) -> bool {
        self.total > self.forms.len() as i64
    }
}

/// `GET /units/{id}/forms?period=&show=&own=`: the forms behind one number of the statistics.
pub async fn forms(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::FollowEvaluations).await?;
    let bucket = Bucket::parse(&q.show).ok_or(AppError::BadRequest("stats.err.show"))?;
    let (period, periods) =
        pick_period(&state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let own = q.own.as_deref() == Some("1");
    let ctx = Ctx::for_user(&user);
    let what = match bucket.grade() {
        Some(g) => format!("{} {}", ctx.t(bucket.key()), g.as_str()),
        None => ctx.t(bucket.key()).to_owned(),
    };
    let (forms, total) = match &period {
        Some(p) => {
            let list = state
                .store
                .forms_matching(
                    &p.id,
                    &unit.path,
                    own.then_some(unit.id.as_str()),
                    bucket.statuses(),
                    bucket.grade(),
                    LISTED,
                )
                .await?;
            (list.forms, list.total)
        }
        None => (Vec::new(), 0),
    };
    Ok(render(&FormsPage {
        ctx,
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        what,
        own,
        forms,
        total,
    }))
}

#[derive(Template)]
#[template(path = "report_watch.html")]
pub struct WatchPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    /// The previous month's period, if it was open.
    pub previous: Option<Period>,
    pub people: Vec<(Evaluation, Watch, Option<Grade>)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct WatchQuery {
    pub period: Option<String>,
}

/// `GET /units/{id}/watch?period=`: the people of the subtree graded D this month, or C this
/// month and the month before.
pub async fn watch(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<WatchQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::FollowEvaluations).await?;
    let (period, periods) =
        pick_period(&state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let mut people = Vec::new();
    let mut previous = None;
    if let Some(p) = &period {
        // Periods are newest first: the one after this is the month before, if it follows on.
        previous = periods
            .iter()
            .skip_while(|x| x.id != p.id)
            .nth(1)
            .filter(|x| x.year * 12 + x.month + 1 == p.year * 12 + p.month)
            .cloned();
        let mut low = Vec::new();
        for g in [Grade::D, Grade::C] {
            let list = state
                .store
                .forms_matching(
                    &p.id,
                    &unit.path,
                    None,
                    Bucket::Grade(g).statuses(),
                    Some(g),
                    usize::MAX,
                )
                .await?;
            low.extend(list.forms);
        }
        let before: std::collections::HashMap<String, Option<Grade>> = match &previous {
            Some(prev) => {
                let ids: Vec<String> = low
                    .iter()
                    .filter(|f| f.result_grade() == Some(Grade::C))
                    .map(|f| f.person_id.clone())
                    .collect();
                state
                    .store
                    .published_grades(&prev.id, &ids)
                    .await?
                    .into_iter()
                    .map(|(person, g)| (person, g.as_deref().and_then(Grade::parse)))
                    .collect()
            }
            None => Default::default(),
        };
        for f in low {
            let prev = before.get(&f.person_id).copied().flatten();
            if let Some(w) = stats::watch(f.result_grade(), prev) {
                people.push((f, w, prev));
            }
        }
        people.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.unit_path.cmp(&b.0.unit_path)));
    }
    Ok(render(&WatchPage {
        ctx: Ctx::for_user(&user),
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        previous,
        people,
    }))
}
