//! KPI by work products (issue 7 §5, NĐ 335/2025 Đ.13–18), the part shared by the pages, the
//! API and the evaluation form: turning a person's stored tasks into the domain's tasks and
//! computing the month's a, b, c (and d, đ, e for leaders) and result %. The arithmetic is all in
//! `danhgia_domain::kpi`; nothing here types or rounds a number itself.

use danhgia_domain::kpi::{self, LeaderParts, Level, Origin, Parts, Quality, Rules, Task, Units};
use danhgia_domain::people::PositionRank;
use danhgia_domain::points::Points;
use danhgia_domain::work::PlanMonth;
use danhgia_store::{Person, TaskRow};

use crate::AppState;
use crate::error::AppError;

/// The preset under which the result part of the form is computed from tasks.
pub const PRESET: &str = "nd335-2026";

/// The rules in force: the decree's reading (docs/decisions.md D38).
pub fn rules() -> Rules {
    Rules::default()
}

/// One stored task as the domain counts it at the end of the month.
pub fn task_of(row: &TaskRow, rules: &Rules) -> Task {
    let coef = Units::from_thousandths(row.coefficient);
    let origin = match row.origin.as_str() {
        "taken_over" => Origin::TakenOver,
        "ad_hoc" => Origin::AdHoc,
        _ => Origin::Assigned,
    };
    let quality = match row.quality.as_str() {
        "met" => Quality::Met,
        "not_met" => Quality::NotMet,
        _ => Quality::Pending,
    };
    let delays = match (row.delay_excused, row.reported_on) {
        (false, Some(done_on)) => kpi::delays(row.due, done_on, rules.delay_count),
        _ => 0,
    };
    Task {
        origin,
        assigned: Units::from_thousandths(row.quantity).times(coef),
        done: Units::from_thousandths(row.done_quantity).times(coef),
        handed_back: row.handed_back,
        quality,
        quality_errors: u32::try_from((row.quality_errors - row.errors_excused).max(0))
            .unwrap_or(0),
        delays,
    }
}

/// A task as the pages show it.
pub struct TaskLine {
    pub row: TaskRow,
    pub task: Task,
    pub points: kpi::TaskPoints,
}

impl TaskLine {
    pub fn quantity(&self) -> String {
        Units::from_thousandths(self.row.quantity).vi()
    }
    pub fn done_quantity(&self) -> String {
        Units::from_thousandths(self.row.done_quantity).vi()
    }
    pub fn coefficient(&self) -> String {
        Units::from_thousandths(self.row.coefficient).vi()
    }
    pub fn assigned(&self) -> String {
        self.task.assigned.vi()
    }
    pub fn late(&self) -> bool {
        self.task.delays > 0
    }
    pub fn reported(&self) -> bool {
        self.row.reported_on.is_some() || self.row.handed_back
    }
}

/// A person's month of tasks, computed.
pub struct MonthKpi {
    pub lines: Vec<TaskLine>,
    pub parts: Parts,
    /// d, đ, e for a leader (Đ.16.2); `None` for staff.
    pub leader: Option<LeaderParts>,
    /// Whether đ and e were set by the evaluator (else they count as full until set).
    pub marks_set: bool,
    pub result: Points,
    /// Tasks reported but not rated yet (b counts them as nothing until rated).
    pub unrated: usize,
    pub assigned_total: Units,
}

impl MonthKpi {
    pub fn pct(p: Points) -> String {
        format!("{}%", p.vi())
    }
    pub fn a(&self) -> String {
        Self::pct(self.parts.quantity)
    }
    pub fn b(&self) -> String {
        Self::pct(self.parts.quality)
    }
    pub fn c(&self) -> String {
        Self::pct(self.parts.timeliness)
    }
    pub fn result_text(&self) -> String {
        Self::pct(self.result)
    }
    /// Points of the result criterion: result % × 70 (Đ.17.1).
    pub fn result_points(&self) -> String {
        Points::whole(70).of_percent(self.result).vi()
    }
    pub fn d(&self) -> String {
        self.leader
            .map(|l| Self::pct(l.unit_result))
            .unwrap_or_default()
    }
    pub fn dd(&self) -> String {
        self.leader
            .map(|l| Self::pct(l.organising.percent()))
            .unwrap_or_default()
    }
    pub fn e(&self) -> String {
        self.leader
            .map(|l| Self::pct(l.unity.percent()))
            .unwrap_or_default()
    }
}

fn level(n: i64) -> Level {
    if n >= 100 { Level::Full } else { Level::Half }
}

/// Whether a person is scored with the leaders' formula (Đ.16.2): heads and deputies.
pub fn is_leader(p: &Person) -> bool {
    matches!(p.rank, PositionRank::Head | PositionRank::Deputy)
}

/// The month's tasks of `person`, computed; `None` when they have no task that month (the
/// result part is then typed, docs/decisions.md D38).
pub async fn month_kpi(
    state: &AppState,
    person: &Person,
    month: PlanMonth,
) -> Result<Option<MonthKpi>, AppError> {
    let rows = state.store.tasks_of(&person.id, &month.key()).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let rules = rules();
    let tasks: Vec<Task> = rows.iter().map(|r| task_of(r, &rules)).collect();
    let parts = kpi::parts(&tasks, &rules);
    let unrated = kpi::unrated(&tasks);
    let assigned_total = kpi::assigned_total(&tasks);
    let lines = rows
        .into_iter()
        .zip(tasks)
        .map(|(row, task)| TaskLine {
            points: kpi::task_points(&task, &rules),
            row,
            task,
        })
        .collect();
    let (leader, marks_set) = if is_leader(person) {
        let marks = state.store.leader_marks(&person.id, &month.key()).await?;
        let scores = team_scores(state, person, month).await?;
        (
            Some(LeaderParts {
                unit_result: kpi::unit_result(&scores),
                organising: marks.as_ref().map_or(Level::Full, |m| level(m.organising)),
                unity: marks.as_ref().map_or(Level::Full, |m| level(m.unity)),
            }),
            marks.is_some(),
        )
    } else {
        (None, true)
    };
    let result = kpi::result_percent(&parts, leader.as_ref(), &rules);
    Ok(Some(MonthKpi {
        lines,
        parts,
        leader,
        marks_set,
        result,
        unrated,
        assigned_total,
    }))
}

/// The month's scores of the people a leader leads (d, Đ.15.3.a): each one's decided total, or
/// their own total while undecided; people with no scored form that month are not counted.
async fn team_scores(
    state: &AppState,
    leader: &Person,
    month: PlanMonth,
) -> Result<Vec<Points>, AppError> {
    let team = state.store.team_of(leader).await?;
    let unit = state.store.unit(&leader.unit_id).await?;
    let tenant = crate::pages::evaluations::tenant_of(&unit.path);
    let period =
        state.store.periods(&tenant).await?.into_iter().find(|p| {
            p.year == i64::from(month.year) && p.month == i64::from(u8::from(month.month))
        });
    let Some(period) = period else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for p in &team {
        if let Some(f) = state.store.evaluation_of(&period.id, &p.id).await?
            && let Some(total) = f.leader_total.or(f.self_total)
        {
            out.push(Points::from_hundredths(total));
        }
    }
    Ok(out)
}

/// A person's NĐ 335 scores of a year: each decided month, and the quarter, half-year and year
/// means (Đ.17.3: "bằng điểm trung bình cộng của 03 tháng … 06 tháng … 12 tháng"), over the months
/// that have a decided score.
pub struct YearScores {
    pub year: i32,
    /// (month, score) of the decided NĐ 335 forms.
    pub months: Vec<(u8, Points)>,
    pub quarters: [Option<Points>; 4],
    pub halves: [Option<Points>; 2],
    pub whole: Option<Points>,
}

impl YearScores {
    pub fn text(p: &Option<Points>) -> String {
        p.map(|p| p.vi()).unwrap_or_else(|| "—".into())
    }
    pub fn month_text(&self, m: &u8) -> String {
        self.months
            .iter()
            .find(|(n, _)| n == m)
            .map(|(_, p)| p.vi())
            .unwrap_or_else(|| "—".into())
    }
}

/// The year's scores of `person`, or `None` when none of their forms that year is under NĐ 335.
pub async fn year_scores(
    state: &AppState,
    person: &Person,
    year: i32,
) -> Result<Option<YearScores>, AppError> {
    let forms = state.store.evaluations_of_person(&person.id).await?;
    let mut months: Vec<(u8, Points)> = forms
        .iter()
        .filter(|f| f.year == i64::from(year) && f.preset == PRESET)
        .filter_map(|f| {
            Some((
                u8::try_from(f.month).ok()?,
                Points::from_hundredths(f.leader_total?),
            ))
        })
        .collect();
    if !forms
        .iter()
        .any(|f| f.year == i64::from(year) && f.preset == PRESET)
    {
        return Ok(None);
    }
    months.sort_by_key(|(m, _)| *m);
    let within = |from: u8, to: u8| -> Option<Points> {
        let s: Vec<Points> = months
            .iter()
            .filter(|(m, _)| (from..=to).contains(m))
            .map(|(_, p)| *p)
            .collect();
        kpi::mean_score(&s)
    };
    Ok(Some(YearScores {
        year,
        quarters: [within(1, 3), within(4, 6), within(7, 9), within(10, 12)],
        halves: [within(1, 6), within(7, 12)],
        whole: within(1, 12),
        months,
    }))
}
