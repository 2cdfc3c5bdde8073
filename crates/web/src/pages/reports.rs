//! The lists behind the statistics (issue 8 §2): every number of the statistics table opens
//! the forms it counts, and the watch list shows the people graded D, or C two months running
//! (rules in `danhgia_domain::stats`). Both are for whoever follows the unit's evaluations.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use danhgia_domain::access::Action;
use danhgia_domain::grade::Grade;
use danhgia_domain::stats::{self, Bucket, Counts, Filter, Watch};
use danhgia_store::{Evaluation, Period, Unit};
use serde::Deserialize;

use super::evaluations::{PeriodInfo, pick_period, tenant_of};
use super::{Ctx, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
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
    #[serde(flatten)]
    pub filter: FilterQuery,
}

/// A statistics filter in the query string (`domain::stats::Filter`'s codes).
#[derive(Debug, Default, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    pub block: String,
    #[serde(default)]
    pub rank: String,
    #[serde(default)]
    pub employment: String,
}

impl FilterQuery {
    pub fn filter(&self) -> Filter {
        Filter::parse(&self.block, &self.rank, &self.employment)
    }
}

#[derive(Template)]
#[template(path = "report_forms.html")]
pub struct FormsPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub what: String,
    /// The column shown (`show=`), and the filter, to link the Excel file.
    pub show: String,
    pub filter: Filter,
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

async fn forms_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    q: &ListQuery,
) -> Result<FormsPage, AppError> {
    let unit = visible_unit(state, user, id, Action::FollowEvaluations).await?;
    let bucket = Bucket::parse(&q.show).ok_or(AppError::BadRequest("stats.err.show"))?;
    let (period, periods) = pick_period(state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let own = q.own.as_deref() == Some("1");
    let filter = q.filter.filter();
    let ctx = Ctx::for_user(user);
    let mut what = match bucket.grade() {
        Some(g) => format!("{} {}", ctx.t(bucket.key()), g.as_str()),
        None => ctx.t(bucket.key()).to_owned(),
    };
    for label in filter_labels(&ctx, &filter) {
        what.push_str(" · ");
        what.push_str(label);
    }
    let (forms, total) = match &period {
        Some(p) => {
            let list = state
                .store
                .forms_matching(
                    &p.id,
                    &unit.path,
                    own.then_some(unit.id.as_str()),
                    bucket,
                    &filter,
                    LISTED,
                )
                .await?;
            (list.forms, list.total)
        }
        None => (Vec::new(), 0),
    };
    Ok(FormsPage {
        ctx,
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        what,
        show: q.show.clone(),
        filter,
        own,
        forms,
        total,
    })
}

/// `GET /units/{id}/forms?period=&show=&own=`: the forms behind one number of the statistics.
pub async fn forms(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    Ok(render(&forms_page(&state, &user, &id, &q).await?))
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

async fn watch_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    q: &WatchQuery,
) -> Result<WatchPage, AppError> {
    let unit = visible_unit(state, user, id, Action::FollowEvaluations).await?;
    let (period, periods) = pick_period(state, &tenant_of(&unit.path), q.period.as_deref()).await?;
    let mut people = Vec::new();
    let mut previous = None;
    if let Some(p) = &period {
        // Periods are newest first: the one after this is the month before, if it follows on.
        previous = periods
            .iter()
            .skip_while(|x| x.id != p.id)
            .nth(1)
            .filter(|x| {
                !x.is_year() && !p.is_year() && x.year * 12 + x.month + 1 == p.year * 12 + p.month
            })
            .cloned();
        let mut low = Vec::new();
        for g in [Grade::D, Grade::C] {
            let list = state
                .store
                .forms_matching(
                    &p.id,
                    &unit.path,
                    None,
                    Bucket::Grade(g),
                    &Filter::default(),
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
    Ok(WatchPage {
        ctx: Ctx::for_user(user),
        unit,
        info: period.map(PeriodInfo::new),
        periods,
        previous,
        people,
    })
}

/// `GET /units/{id}/watch?period=`: the people of the subtree graded D this month, or C this
/// month and the month before.
pub async fn watch(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<WatchQuery>,
) -> Result<Response, PageError> {
    Ok(render(&watch_page(&state, &user, &id, &q).await?))
}

/// The names of what a filter keeps, for a heading.
fn filter_labels(ctx: &Ctx, f: &Filter) -> Vec<&'static str> {
    let mut out = Vec::new();
    if let Some(b) = f.block {
        out.push(ctx.label("block", &b));
    }
    if let Some(r) = f.rank {
        out.push(ctx.label("rank", &r));
    }
    if let Some(e) = f.employment {
        out.push(ctx.label("employment", &e));
    }
    out
}

#[derive(Debug, Default, Deserialize)]
pub struct TrendQuery {
    /// The first and last periods of the range (ids); by default the latest six.
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(flatten)]
    pub filter: FilterQuery,
}

/// One month of a trend.
pub struct TrendRow {
    pub period: Period,
    pub counts: Counts,
}

#[derive(Template)]
#[template(path = "report_trends.html")]
pub struct TrendsPage {
    pub ctx: Ctx,
    pub unit: Unit,
    /// The tenant's periods, newest first (for the range pickers).
    pub periods: Vec<Period>,
    pub from: String,
    pub to: String,
    pub filter: Filter,
    /// Oldest first.
    pub rows: Vec<TrendRow>,
    pub total: Counts,
}

impl TrendsPage {
    /// Where a number of period `p` leads: its forms, with the same filter.
    pub fn href(&self, p: &Period, show: &str) -> String {
        format!(
            "/units/{}/forms?period={}&show={show}{}",
            self.unit.id,
            p.id,
            self.filter.query()
        )
    }
    pub fn chart(&self) -> String {
        let series = crate::charts::grade_series(self.ctx.t("stats.grade"));
        let bars: Vec<crate::charts::Bar> = self
            .rows
            .iter()
            .map(|r| crate::charts::Bar {
                label: r.period.label(),
                href: Some(self.href(&r.period, "published")),
                parts: r.counts.grades.to_vec(),
            })
            .collect();
        crate::charts::stacked_bars(self.ctx.t("stats.trend_chart"), &series, &bars)
    }
    pub fn blocks(&self) -> &'static [danhgia_domain::org::Block] {
        danhgia_domain::org::Block::ALL
    }
    pub fn ranks(&self) -> &'static [danhgia_domain::people::PositionRank] {
        danhgia_domain::people::PositionRank::ALL
    }
    pub fn employments(&self) -> &'static [danhgia_domain::people::Employment] {
        danhgia_domain::people::Employment::ALL
    }
}

/// Periods shown by default: the latest six.
const DEFAULT_MONTHS: usize = 6;

async fn trends_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    q: &TrendQuery,
) -> Result<TrendsPage, AppError> {
    let unit = visible_unit(state, user, id, Action::FollowEvaluations).await?;
    // A trend runs over the months; the year's period (M6.3) is not one of them.
    let periods: Vec<Period> = state
        .store
        .periods(&tenant_of(&unit.path))
        .await?
        .into_iter()
        .filter(|p| !p.is_year())
        .collect();
    let filter = q.filter.filter();
    let index = |id: &Option<String>| -> Result<Option<usize>, AppError> {
        match id.as_deref().filter(|s| !s.is_empty()) {
            Some(id) => Ok(Some(
                periods
                    .iter()
                    .position(|p| p.id == id)
                    .ok_or(AppError::NotFound)?,
            )),
            None => Ok(None),
        }
    };
    // Newest first: `to` has the smaller index.
    let to = index(&q.to)?.unwrap_or(0);
    let from = index(&q.from)?
        .unwrap_or_else(|| (to + DEFAULT_MONTHS - 1).min(periods.len().saturating_sub(1)));
    let (newest, oldest) = (to.min(from), to.max(from));
    let chosen: Vec<Period> = periods
        .get(newest..=oldest)
        .unwrap_or_default()
        .iter()
        .rev()
        .cloned()
        .collect();
    // The months at once: each is one range of the (period, unit path) index, and the read
    // pool has a connection per core.
    let mut reads = tokio::task::JoinSet::new();
    for (i, p) in chosen.iter().enumerate() {
        let (store, period, path) = (state.store.clone(), p.id.clone(), unit.path.clone());
        reads.spawn(async move { (i, store.filtered_statistics(&period, &path, &filter).await) });
    }
    let mut months = vec![Counts::default(); chosen.len()];
    while let Some(done) = reads.join_next().await {
        let (i, tallies) = done.map_err(|e| AppError::Internal(e.to_string()))?;
        if let Some(c) = months.get_mut(i) {
            for t in tallies? {
                c.add(t.status, t.grade(), u64::try_from(t.forms).unwrap_or(0));
            }
        }
    }
    let mut total = Counts::default();
    let rows: Vec<TrendRow> = chosen
        .into_iter()
        .zip(months)
        .map(|(period, counts)| {
            total.merge(&counts);
            TrendRow { period, counts }
        })
        .collect();
    Ok(TrendsPage {
        ctx: Ctx::for_user(user),
        from: rows
            .first()
            .map(|r| r.period.id.clone())
            .unwrap_or_default(),
        to: rows.last().map(|r| r.period.id.clone()).unwrap_or_default(),
        unit,
        periods,
        filter,
        rows,
        total,
    })
}

/// `GET /units/{id}/trends?from=&to=&block=&rank=&employment=`: the published grades month by
/// month over a range of periods, for the people a filter keeps, with the range's total.
pub async fn trends(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<TrendQuery>,
) -> Result<Response, PageError> {
    Ok(render(&trends_page(&state, &user, &id, &q).await?))
}

/// A table page as an Excel file (issue 8 §3 "every table to .xlsx"), audited as an export.
async fn table_download(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    what: &str,
    file: &str,
    table: danhgia_sheets::Table,
) -> Result<Response, PageError> {
    let details = serde_json::json!({ "table": what, "rows": table.rows.len() });
    Ok(super::unit_table_xlsx(state, user, unit, "export_table", details, file, &table).await?)
}

/// The columns of a list of forms.
fn form_columns(ctx: &Ctx) -> Vec<String> {
    [
        "criteria.tt",
        "staff.full_name",
        "staff.position",
        "criteria.unit",
        "stats.status",
        "eval.final_grade",
    ]
    .map(|k| ctx.t(k).to_owned())
    .to_vec()
}

fn form_cells(ctx: &Ctx, i: usize, f: &Evaluation) -> Vec<danhgia_sheets::TableCell> {
    use danhgia_sheets::TableCell::{Number, Text};
    vec![
        Number((i + 1) as f64),
        Text(f.full_name.clone()),
        Text(f.position_title.clone()),
        Text(f.unit_name.clone()),
        Text(ctx.label("status", &f.status).to_owned()),
        Text(FormsPage::grade(f)),
    ]
}

/// `GET /units/{id}/forms.xlsx?…`: the list behind a number, as Excel.
pub async fn forms_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = forms_page(&state, &user, &id, &q).await?;
    let ctx = &page.ctx;
    let table = danhgia_sheets::Table {
        sheet: ctx.t("stats.list_sheet").to_owned(),
        title: format!("{}: {}", page.unit.name, page.what),
        subtitle: page
            .info
            .as_ref()
            .map(|i| super::period_title(&i.period))
            .unwrap_or_default(),
        headers: form_columns(ctx),
        rows: page
            .forms
            .iter()
            .enumerate()
            .map(|(i, f)| form_cells(ctx, i, f))
            .collect(),
        total: None,
    };
    table_download(&state, &user, &page.unit, "forms", "danh-sach-phieu", table).await
}

/// `GET /units/{id}/watch.xlsx?period=`: the watch list as Excel.
pub async fn watch_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<WatchQuery>,
) -> Result<Response, PageError> {
    use danhgia_sheets::TableCell::Text;
    let page = watch_page(&state, &user, &id, &q).await?;
    let ctx = &page.ctx;
    let mut headers = form_columns(ctx);
    headers.push(ctx.t("stats.watch_reason").to_owned());
    let table = danhgia_sheets::Table {
        sheet: ctx.t("stats.watch_title").to_owned(),
        title: format!("{}: {}", ctx.t("stats.watch_title"), page.unit.name),
        subtitle: page
            .info
            .as_ref()
            .map(|i| super::period_title(&i.period))
            .unwrap_or_default(),
        headers,
        rows: page
            .people
            .iter()
            .enumerate()
            .map(|(i, (f, w, _))| {
                let mut cells = form_cells(ctx, i, f);
                cells.push(Text(ctx.t(w.key()).to_owned()));
                cells
            })
            .collect(),
        total: None,
    };
    table_download(
        &state,
        &user,
        &page.unit,
        "watch",
        "nguoi-can-quan-tam",
        table,
    )
    .await
}

/// `GET /units/{id}/trends.xlsx?…`: the trend table as Excel, with the range's total.
pub async fn trends_xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<TrendQuery>,
) -> Result<Response, PageError> {
    use danhgia_sheets::TableCell::{Number, Text};
    let page = trends_page(&state, &user, &id, &q).await?;
    let ctx = &page.ctx;
    let line = |label: String, c: &Counts| {
        let n = |v: u64| Number(v as f64);
        vec![
            Text(label),
            n(c.forms),
            n(c.published),
            n(c.grades[0]),
            n(c.grades[1]),
            n(c.grades[2]),
            n(c.grades[3]),
            Text(format!("{}%", c.share_a())),
        ]
    };
    let mut subtitle: Vec<&str> = filter_labels(ctx, &page.filter);
    if subtitle.is_empty() {
        subtitle.push(ctx.t("stats.any"));
    }
    let table = danhgia_sheets::Table {
        sheet: ctx.t("stats.trend_title").to_owned(),
        title: format!("{}: {}", ctx.t("stats.trend_title"), page.unit.name),
        subtitle: subtitle.join(" · "),
        headers: [
            ctx.t("period.label"),
            ctx.t("stats.forms"),
            ctx.t("stats.published"),
            "A",
            "B",
            "C",
            "D",
            ctx.t("stats.share_a"),
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: page
            .rows
            .iter()
            .map(|r| line(r.period.label(), &r.counts))
            .collect(),
        total: Some(line(ctx.t("stats.range_total").to_owned(), &page.total)),
    };
    table_download(&state, &user, &page.unit, "trends", "xu-huong", table).await
}
