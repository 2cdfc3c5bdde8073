//! Periods (kỳ đánh giá), evaluation forms (phiếu đánh giá) and every move on them (SPEC M4).
//!
//! Opening a period writes one form per current staff member of the tenant, each carrying the
//! unit, cohort, position, criteria set version and the people who act on it as they are that
//! month (M2.7: a later transfer leaves the form where it was made). A form is changed only by
//! [`Store::save_forms`], which compares versions (optimistic locking: a second writer gets
//! `Refused("evaluation_changed")`, never a silent overwrite) and records each change as an
//! event with who, when, and the old and new total and grade (M4.7).

use std::collections::{HashMap, HashSet};

use danhgia_domain::calendar::Deadlines;
use danhgia_domain::evaluators::{self, Holder, Leaders};
use danhgia_domain::grade::Grade;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::points::Points;
use danhgia_domain::workflow::Status;
use sqlx::AssertSqlSafe;

use crate::models::AuditEntry;
use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{PositionGroup, Store, Unit, new_id, now};

/// A period to open.
#[derive(Debug, Clone)]
pub struct NewPeriod {
    pub tenant_id: String,
    pub year: i32,
    pub month: time::Month,
    pub deadlines: Deadlines,
    /// Whether a form may still be submitted after the window (M4.5; a tenant setting).
    pub late_submission: bool,
    /// Days after publication within which a grade may be appealed.
    pub appeal_days: i64,
}

/// A month's period of one tenant.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Period {
    pub id: String,
    pub tenant_id: String,
    pub year: i64,
    pub month: i64,
    pub self_opens: Date,
    pub self_before: Date,
    pub decide_before: Date,
    pub publish_before: Date,
    pub late_submission: bool,
    pub opened_at: OffsetDateTime,
    /// Days after publication within which a staff member may appeal.
    pub appeal_days: i64,
}

impl Period {
    pub fn deadlines(&self) -> Deadlines {
        Deadlines {
            self_opens: self.self_opens,
            self_before: self.self_before,
            decide_before: self.decide_before,
            publish_before: self.publish_before,
        }
    }

    /// `11/2026`, or `2026` for the year's period.
    pub fn label(&self) -> String {
        period_label(self.year, self.month)
    }

    /// The year's period (annual evaluation, M6.3): stored with month 0.
    pub fn is_year(&self) -> bool {
        self.month == 0
    }
}

/// A period's short name from its year and month: `11/2026`, or `2026` for the year's period
/// (month 0, M6.3). Forms carry their period's year and month, so they name it the same way.
pub fn period_label(year: i64, month: i64) -> String {
    if month == 0 {
        year.to_string()
    } else {
        format!("{month:02}/{year}")
    }
}

pub(crate) const PERIOD_SELECT: &str = "SELECT id, tenant_id, year, month, self_opens, self_before, decide_before, publish_before, \
     late_submission, opened_at, appeal_days FROM periods";

/// One person's form for one period, with the names the pages show.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Evaluation {
    pub id: String,
    pub period_id: String,
    pub year: i64,
    pub month: i64,
    pub person_id: String,
    pub full_name: String,
    pub unit_id: String,
    pub unit_path: String,
    pub unit_name: String,
    pub cohort_id: Option<String>,
    pub cohort_name: Option<String>,
    pub position_title: String,
    pub set_version_id: Option<String>,
    pub preset: String,
    pub reviewer_id: Option<String>,
    pub reviewer_name: Option<String>,
    pub evaluator_id: Option<String>,
    pub evaluator_name: Option<String>,
    pub head_id: Option<String>,
    pub head_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: Status,
    /// JSON of `danhgia_domain::evaluation::Sheet`.
    pub self_sheet: String,
    pub self_total: Option<i64>,
    pub self_grade: Option<String>,
    pub review_comment: String,
    pub leader_sheet: String,
    pub leader_total: Option<i64>,
    pub leader_grade: Option<String>,
    pub adjusted_grade: Option<String>,
    pub adjust_reason: String,
    /// The grade that counts: the head's adjustment, else the evaluator's.
    pub final_grade: Option<String>,
    /// The grade after the latest amendment of the published form, if any.
    pub amended_grade: Option<String>,
    pub submitted_on: Option<Date>,
    pub extended_to: Option<Date>,
    /// Sent back to its owner at least once (may then be resubmitted after the window).
    pub returned: bool,
    pub published_at: Option<OffsetDateTime>,
    pub version: i64,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

fn grade_of(s: &Option<String>) -> Option<Grade> {
    s.as_deref().and_then(Grade::parse)
}

impl Evaluation {
    pub fn self_grade(&self) -> Option<Grade> {
        grade_of(&self.self_grade)
    }
    pub fn leader_grade(&self) -> Option<Grade> {
        grade_of(&self.leader_grade)
    }
    pub fn adjusted_grade(&self) -> Option<Grade> {
        grade_of(&self.adjusted_grade)
    }
    pub fn final_grade(&self) -> Option<Grade> {
        grade_of(&self.final_grade)
    }
    /// The grade that stands after publication: the latest amendment's, else the published one.
    pub fn result_grade(&self) -> Option<Grade> {
        grade_of(&self.amended_grade).or_else(|| self.final_grade())
    }
    pub fn self_total(&self) -> Option<Points> {
        self.self_total.map(Points::from_hundredths)
    }
    pub fn leader_total(&self) -> Option<Points> {
        self.leader_total.map(Points::from_hundredths)
    }
    /// The total and grade that stand now (what an event records as old and new).
    pub fn standing(&self) -> (Option<i64>, Option<String>) {
        let total = self.leader_total.or(self.self_total);
        let grade = self
            .final_grade
            .clone()
            .or_else(|| self.leader_grade.clone())
            .or_else(|| self.self_grade.clone());
        (total, grade)
    }
}

pub(crate) const EVALUATION_SELECT: &str = "SELECT e.id, e.period_id, pe.year, pe.month, e.person_id, e.full_name, e.unit_id, e.unit_path, \
     u.name AS unit_name, e.cohort_id, c.name AS cohort_name, e.position_title, e.set_version_id, e.preset, \
     e.reviewer_id, r.full_name AS reviewer_name, e.evaluator_id, ev.full_name AS evaluator_name, \
     e.head_id, h.full_name AS head_name, e.status, e.self_sheet, e.self_total, e.self_grade, e.review_comment, \
     e.leader_sheet, e.leader_total, e.leader_grade, e.adjusted_grade, e.adjust_reason, e.final_grade, \
     e.amended_grade, e.submitted_on, e.extended_to, e.returned, e.published_at, e.version, e.updated_at, e.updated_by \
     FROM evaluations e JOIN periods pe ON pe.id = e.period_id JOIN units u ON u.id = e.unit_id \
     LEFT JOIN cohorts c ON c.id = e.cohort_id LEFT JOIN people r ON r.id = e.reviewer_id \
     LEFT JOIN people ev ON ev.id = e.evaluator_id LEFT JOIN people h ON h.id = e.head_id";

/// One recorded change to a form (M4.7).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvaluationEvent {
    pub at: OffsetDateTime,
    pub actor_name: String,
    /// `open`, `save`, or a `workflow::Move` code.
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub old_total: Option<i64>,
    pub new_total: Option<i64>,
    pub old_grade: Option<String>,
    pub new_grade: Option<String>,
    pub reason: String,
}

/// A change to one form: the form as it should be after, the version it was read at, what was
/// done and why.
#[derive(Debug, Clone)]
pub struct FormChange {
    pub before: Evaluation,
    pub after: Evaluation,
    pub action: &'static str,
    pub reason: String,
}

/// A current staff member as opening a period needs them.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Member {
    id: String,
    full_name: String,
    name_sort: String,
    unit_id: String,
    unit_path: String,
    unit_name: String,
    parent_id: Option<String>,
    #[sqlx(try_from = "String")]
    kind: UnitKind,
    #[sqlx(try_from = "String")]
    level: UnitLevel,
    #[sqlx(try_from = "String")]
    block: Block,
    position_title: String,
    #[sqlx(try_from = "String")]
    rank: PositionRank,
    #[sqlx(try_from = "String")]
    employment: Employment,
    cohort_id: Option<String>,
    reviewer_id: Option<String>,
    evaluator_id: Option<String>,
}

/// Inserts the period `$new` with id `$id` inside the write transaction `$tx`; a second period
/// of the same tenant and month is `Duplicate("period")`.
macro_rules! insert_period {
    ($tx:ident, $id:expr, $new:expr, $by:expr, $at:expr) => {{
        let new: &NewPeriod = $new;
        $crate::repo::evaluations::insert_period!($tx, $id, new, $by, $at, i64::from(u8::from(new.month)))
    }};
    ($tx:ident, $id:expr, $new:expr, $by:expr, $at:expr, $month:expr) => {{
        let new: &NewPeriod = $new;
        let by: Option<&str> = $by;
        let d = &new.deadlines;
        sqlx::query(
            "INSERT INTO periods (id, tenant_id, year, month, self_opens, self_before, decide_before, publish_before, \
             late_submission, opened_by, opened_at, updated_at, appeal_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)",
        )
        .bind($id)
        .bind(&new.tenant_id)
        .bind(i64::from(new.year))
        .bind($month)
        .bind(d.self_opens)
        .bind(d.self_before)
        .bind(d.decide_before)
        .bind(d.publish_before)
        .bind(new.late_submission)
        .bind(by)
        .bind($at)
        .bind(new.appeal_days)
        .execute(&mut *$tx)
        .await
        .map_err($crate::StoreError::unique_as("period"))?;
    }};
}
pub(crate) use insert_period;

impl Store {
    /// The tenants: root units still in use.
    pub async fn tenants(&self) -> Result<Vec<Unit>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Unit>(
            "SELECT id, parent_id, path, code, name, name_sort, kind, level, block, suffix FROM units \
             WHERE parent_id IS NULL AND dissolved_at IS NULL ORDER BY name_sort"
        )
        .fetch_all(p)
        .await?
        }))
    }

    /// Opens a period and writes the forms of every current staff member of the tenant.
    /// `Duplicate("period")` when the month is already open.
    pub async fn open_period(&self, new: &NewPeriod, by: Option<&str>) -> Result<(Period, usize)> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            insert_period!(tx, &id, new, by, t);
            Ok(())
        })?;
        let created = self.add_missing_forms(&id).await?;
        Ok((self.period(&id).await?, created))
    }

    /// Opens the year's period of `new.year` (its month is stored as 0; `new.month` is not
    /// used) and writes the annual forms of every current staff member (issue 10 §6, M6.3).
    /// `Duplicate("period")` when the year's period is already open.
    pub async fn open_year(&self, new: &NewPeriod, by: Option<&str>) -> Result<(Period, usize)> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            insert_period!(tx, &id, new, by, t, 0_i64);
            Ok(())
        })?;
        let created = self.add_missing_forms(&id).await?;
        Ok((self.period(&id).await?, created))
    }

    pub async fn period(&self, id: &str) -> Result<Period> {
        let sql = format!("{PERIOD_SELECT} WHERE id = $1");
        read!(self, |p| sqlx::query_as::<_, Period>(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// The tenant's period of a month, if open.
    pub async fn period_of_month(
        &self,
        tenant_id: &str,
        year: i32,
        month: time::Month,
    ) -> Result<Option<Period>> {
        let sql = format!("{PERIOD_SELECT} WHERE tenant_id = $1 AND year = $2 AND month = $3");
        Ok(read!(self, |p| sqlx::query_as::<_, Period>(AssertSqlSafe(
            sql
        ))
        .bind(tenant_id)
        .bind(i64::from(year))
        .bind(i64::from(u8::from(month)))
        .fetch_optional(p)
        .await?))
    }

    /// The tenant's periods, newest first.
    pub async fn periods(&self, tenant_id: &str) -> Result<Vec<Period>> {
        let sql = format!("{PERIOD_SELECT} WHERE tenant_id = $1 ORDER BY year DESC, month DESC");
        Ok(read!(self, |p| sqlx::query_as::<_, Period>(AssertSqlSafe(
            sql
        ))
        .bind(tenant_id)
        .fetch_all(p)
        .await?))
    }

    /// Changes a period's dates and its late-submission setting.
    pub async fn set_period_dates(&self, id: &str, d: &Deadlines, late: bool) -> Result<Period> {
        let t = now();
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE periods SET self_opens = $2, self_before = $3, decide_before = $4, publish_before = $5, \
                 late_submission = $6, updated_at = $7 WHERE id = $1",
            )
            .bind(id)
            .bind(d.self_opens)
            .bind(d.self_before)
            .bind(d.decide_before)
            .bind(d.publish_before)
            .bind(late)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })?;
        self.period(id).await
    }

    /// Writes a form for every current staff member of the period's tenant who has none (those
    /// who joined after the period opened); returns how many were written. Idempotent.
    pub async fn add_missing_forms(&self, period_id: &str) -> Result<usize> {
        let period = self.period(period_id).await?;
        let tenant = self.unit(&period.tenant_id).await?;
        let (lo, hi) = danhgia_domain::org::subtree_bounds(&tenant.path);
        // The opener runs every hour: on a city, reading 250,000 people to find nobody missing
        // cost seconds and a quarter of a gigabyte each time. Count the missing first.
        let missing: i64 = read!(self, |p| {
            sqlx::query_scalar(
            "SELECT COUNT(*) FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $2 AND u.path < $3 AND p.left_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.period_id = $1 AND e.person_id = p.id)"
        )
        .bind(period_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_one(p)
        .await?
        });
        if missing == 0 {
            return Ok(0);
        }
        let members: Vec<Member> = read!(self, |p| {
            sqlx::query_as::<_, Member>(
            "SELECT p.id, p.full_name, p.name_sort, p.unit_id, u.path AS unit_path, u.name AS unit_name, u.parent_id, \
             u.kind, u.level, u.block, p.position_title, p.rank, p.employment, p.cohort_id, p.reviewer_id, p.evaluator_id \
             FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $1 AND u.path < $2 AND p.left_at IS NULL ORDER BY u.path, p.name_sort, p.id"
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(p)
        .await?
        });
        let have: HashSet<String> = read!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT person_id FROM evaluations WHERE period_id = $1"
        )
        .bind(period_id)
        .fetch_all(p)
        .await?)
        .into_iter()
        .collect();
        let todo: Vec<&Member> = members.iter().filter(|m| !have.contains(&m.id)).collect();
        if todo.is_empty() {
            return Ok(0);
        }

        // Who acts on each form (Đ.10): derived from the unit and its parent unless set.
        let mut holders: HashMap<&str, Vec<Holder<'_>>> = HashMap::new();
        for m in &members {
            holders.entry(&m.unit_id).or_default().push(Holder {
                person_id: &m.id,
                rank: m.rank,
            });
        }
        // Each unit's size and leaders, once (a unit may have thousands of members).
        let by_unit: HashMap<&str, Leaders<'_>> =
            holders.iter().map(|(u, h)| (*u, Leaders::of(h))).collect();
        // The criteria set of each position group (M3.2), resolved once per group.
        type GroupKey = (String, String, PositionRank, Employment);
        let mut groups: Vec<PositionGroup> = Vec::new();
        let mut group_of: HashMap<GroupKey, usize> = HashMap::new();
        for m in &todo {
            let key = (
                m.unit_id.clone(),
                m.position_title.clone(),
                m.rank,
                m.employment,
            );
            group_of.entry(key).or_insert_with(|| {
                groups.push(PositionGroup {
                    unit_id: m.unit_id.clone(),
                    unit_path: m.unit_path.clone(),
                    unit_name: m.unit_name.clone(),
                    kind: m.kind,
                    level: m.level,
                    block: m.block,
                    position_title: m.position_title.clone(),
                    rank: m.rank,
                    employment: m.employment,
                    people: 1,
                });
                groups.len() - 1
            });
        }
        let resolved = self.resolve_sets(&tenant.path, &groups).await?;
        let versions = self.current_versions().await?;

        let t = now();
        let empty = Leaders::default();
        let mut rows = Vec::with_capacity(todo.len());
        for m in &todo {
            let unit = by_unit.get(m.unit_id.as_str()).unwrap_or(&empty);
            let parent = m
                .parent_id
                .as_deref()
                .and_then(|p| by_unit.get(p))
                .unwrap_or(&empty);
            let me = Holder {
                person_id: &m.id,
                rank: m.rank,
            };
            let who = evaluators::resolve(
                evaluators::derive_with(&me, unit, parent),
                m.reviewer_id.as_deref(),
                m.evaluator_id.as_deref(),
            );
            // The head who may adjust (Đ.12.3): the unit's head, or for the head's own form
            // the one who evaluates them.
            let head = unit
                .first(PositionRank::Head, &m.id)
                .map(str::to_owned)
                .or_else(|| who.evaluator.clone());
            let key = (
                m.unit_id.clone(),
                m.position_title.clone(),
                m.rank,
                m.employment,
            );
            let r = group_of.get(&key).and_then(|i| resolved.get(*i));
            let version = r
                .and_then(|r| r.set_key.as_ref())
                .and_then(|k| versions.get(k))
                .cloned();
            let preset = r.map_or(danhgia_domain::catalogue::DEFAULT_PRESET, |r| {
                r.preset.key.as_str()
            });
            rows.push((*m, who, head, version, preset.to_owned()));
        }
        // Multi-row inserts, a few hundred forms per statement (a province opens 250,000 at once);
        // only the rows actually inserted get their history line.
        let chunk_rows = self.rows_per_insert(15);
        let mut count = 0;
        write_tx!(self, |tx| {
            for chunk in rows.chunks(chunk_rows) {
                let mut sql = String::from(
                    "INSERT INTO evaluations (id, period_id, person_id, full_name, name_sort, unit_id, unit_path, cohort_id, \
                     position_title, set_version_id, preset, reviewer_id, evaluator_id, head_id, status, self_sheet, \
                     review_comment, leader_sheet, adjust_reason, returned, version, updated_at, updated_by) VALUES ",
                );
                for i in 0..chunk.len() {
                    let b = i * 15;
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    sql.push('(');
                    for k in 1..=14 {
                        sql.push_str(&format!("${}, ", b + k));
                    }
                    sql.push_str("'draft', '{}', '', '{}', '', FALSE, 1, ");
                    sql.push_str(&format!("${}, '')", b + 15));
                }
                sql.push_str(" ON CONFLICT (period_id, person_id) DO NOTHING RETURNING id");
                let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql));
                for (m, who, head, version, preset) in chunk {
                    q = q
                        .bind(new_id())
                        .bind(period_id)
                        .bind(&m.id)
                        .bind(&m.full_name)
                        .bind(&m.name_sort)
                        .bind(&m.unit_id)
                        .bind(&m.unit_path)
                        .bind(&m.cohort_id)
                        .bind(&m.position_title)
                        .bind(version)
                        .bind(preset)
                        .bind(&who.reviewer)
                        .bind(&who.evaluator)
                        .bind(head)
                        .bind(t);
                }
                let inserted: Vec<String> = q.fetch_all(&mut *tx).await?;
                count += inserted.len();
                if inserted.is_empty() {
                    continue;
                }
                let mut sql = String::from(
                    "INSERT INTO evaluation_events (id, evaluation_id, at, actor_id, actor_name, action, from_status, \
                     to_status, reason) VALUES ",
                );
                for i in 0..inserted.len() {
                    let b = i * 3;
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!(
                        "(${}, ${}, ${}, NULL, '', 'open', 'draft', 'draft', '')",
                        b + 1,
                        b + 2,
                        b + 3
                    ));
                }
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for eid in &inserted {
                    q = q.bind(new_id()).bind(eid).bind(t);
                }
                q.execute(&mut *tx).await?;
            }
            Ok(())
        })?;
        Ok(count)
    }

    /// One form.
    pub async fn evaluation(&self, id: &str) -> Result<Evaluation> {
        let sql = format!("{EVALUATION_SELECT} WHERE e.id = $1");
        read!(self, |p| sqlx::query_as::<_, Evaluation>(AssertSqlSafe(
            sql
        ))
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// A person's form in a period.
    pub async fn evaluation_of(
        &self,
        period_id: &str,
        person_id: &str,
    ) -> Result<Option<Evaluation>> {
        let sql = format!("{EVALUATION_SELECT} WHERE e.period_id = $1 AND e.person_id = $2");
        Ok(read!(self, |p| sqlx::query_as::<_, Evaluation>(
            AssertSqlSafe(sql)
        )
        .bind(period_id)
        .bind(person_id)
        .fetch_optional(p)
        .await?))
    }

    /// Every form of a person, newest period first (M2.7: they stay with the person).
    pub async fn evaluations_of_person(&self, person_id: &str) -> Result<Vec<Evaluation>> {
        let sql = format!(
            "{EVALUATION_SELECT} WHERE e.person_id = $1 ORDER BY pe.year DESC, pe.month DESC"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, Evaluation>(
            AssertSqlSafe(sql)
        )
        .bind(person_id)
        .fetch_all(p)
        .await?))
    }

    /// The forms of a period made in the subtree at `path`, in tree and name order.
    pub async fn evaluations_in(&self, period_id: &str, path: &str) -> Result<Vec<Evaluation>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        let sql = format!(
            "{EVALUATION_SELECT} WHERE e.period_id = $1 AND e.unit_path >= $2 AND e.unit_path < $3 \
             ORDER BY e.unit_path, e.name_sort, e.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, Evaluation>(
            AssertSqlSafe(sql)
        )
        .bind(period_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(p)
        .await?))
    }

    /// The forms of a period made in exactly the unit `unit_id` (a cohort's quota lives there).
    pub async fn evaluations_of_unit(
        &self,
        period_id: &str,
        unit_id: &str,
    ) -> Result<Vec<Evaluation>> {
        let sql = format!(
            "{EVALUATION_SELECT} WHERE e.period_id = $1 AND e.unit_id = $2 ORDER BY e.name_sort, e.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, Evaluation>(
            AssertSqlSafe(sql)
        )
        .bind(period_id)
        .bind(unit_id)
        .fetch_all(p)
        .await?))
    }

    /// The forms of a period on which `person_id` reviews, evaluates or heads.
    pub async fn evaluations_acted_by(
        &self,
        period_id: &str,
        person_id: &str,
    ) -> Result<Vec<Evaluation>> {
        let sql = format!(
            "{EVALUATION_SELECT} WHERE e.period_id = $1 AND (e.reviewer_id = $2 OR e.evaluator_id = $2 OR e.head_id = $2) \
             AND e.person_id <> $2 ORDER BY e.unit_path, e.name_sort, e.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, Evaluation>(
            AssertSqlSafe(sql)
        )
        .bind(period_id)
        .bind(person_id)
        .fetch_all(p)
        .await?))
    }

    /// The recorded changes of a form, oldest first.
    pub async fn evaluation_events(&self, id: &str) -> Result<Vec<EvaluationEvent>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, EvaluationEvent>(
            "SELECT at, actor_name, action, from_status, to_status, old_total, new_total, old_grade, new_grade, reason \
             FROM evaluation_events WHERE evaluation_id = $1 ORDER BY at, id"
        )
        .bind(id)
        .fetch_all(p)
        .await?
        }))
    }

    /// Writes every change in one transaction, each only if its form is still at the version it
    /// was read at; otherwise nothing is written and the answer is
    /// `Refused("evaluation_changed")`. Each change is recorded as an event. (Loaders and tests;
    /// people's changes go through [`Store::save_forms_audited`].)
    pub async fn save_forms(
        &self,
        changes: &[FormChange],
        actor_id: Option<&str>,
        actor_name: &str,
    ) -> Result<()> {
        self.save_forms_audited(changes, actor_id, actor_name, None)
            .await
    }

    /// [`Store::save_forms`] for a person's request from `ip`: each move (not a draft saved as
    /// it is typed) is also a line of the hash-chained audit log (`evaluation_<action>`, with the status, total and grade before
    /// and after), written in the same transaction, so a result never changes without its line
    /// (issue 9 §2: the Ministry's log of evaluation results).
    pub async fn save_forms_audited(
        &self,
        changes: &[FormChange],
        actor_id: Option<&str>,
        actor_name: &str,
        ip: Option<&str>,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            for c in changes {
                let a = &c.after;
                let moved = sqlx::query(
                    "UPDATE evaluations SET status = $2, self_sheet = $3, self_total = $4, self_grade = $5, review_comment = $6, \
                     leader_sheet = $7, leader_total = $8, leader_grade = $9, adjusted_grade = $10, adjust_reason = $11, \
                     final_grade = $12, submitted_on = $13, extended_to = $14, returned = $15, published_at = $16, \
                     version = version + 1, updated_at = $17, updated_by = $18 WHERE id = $1 AND version = $19",
                )
                .bind(&a.id)
                .bind(a.status.as_str())
                .bind(&a.self_sheet)
                .bind(a.self_total)
                .bind(&a.self_grade)
                .bind(&a.review_comment)
                .bind(&a.leader_sheet)
                .bind(a.leader_total)
                .bind(&a.leader_grade)
                .bind(&a.adjusted_grade)
                .bind(&a.adjust_reason)
                .bind(&a.final_grade)
                .bind(a.submitted_on)
                .bind(a.extended_to)
                .bind(a.returned)
                .bind(a.published_at)
                .bind(t)
                .bind(actor_name)
                .bind(c.before.version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved == 0 {
                    return Err(StoreError::Refused("evaluation_changed"));
                }
                // Sent back (to its owner for a re-score, Quảng Trị Đ.6.1, or a step back from
                // the decision): the form's line leaves the 360° minutes, so its ratings reopen
                // and the next compilation counts them again.
                if c.action == "return"
                    || (a.status == Status::Draft && c.before.status != Status::Draft)
                {
                    sqlx::query("DELETE FROM peer_results WHERE evaluation_id = $1")
                        .bind(&a.id)
                        .execute(&mut *tx)
                        .await?;
                }
                let (old_total, old_grade) = c.before.standing();
                let (new_total, new_grade) = a.standing();
                sqlx::query(
                    "INSERT INTO evaluation_events (id, evaluation_id, at, actor_id, actor_name, action, from_status, to_status, \
                     old_total, new_total, old_grade, new_grade, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(new_id())
                .bind(&a.id)
                .bind(t)
                .bind(actor_id)
                .bind(actor_name)
                .bind(c.action)
                .bind(c.before.status.as_str())
                .bind(a.status.as_str())
                .bind(old_total)
                .bind(new_total)
                .bind(&old_grade)
                .bind(&new_grade)
                .bind(&c.reason)
                .execute(&mut *tx)
                .await?;
                // A draft saved as it is typed (every few seconds, D49) stays in the form's
                // history only; every move, and so every result, is an audit line.
                let draft = c.action == "save" && c.before.status == a.status;
                if let Some(ip) = ip.filter(|_| !draft) {
                    let line = AuditEntry {
                        at: t,
                        actor_id: actor_id.map(str::to_owned),
                        actor_name: actor_name.to_owned(),
                        action: format!("evaluation_{}", c.action),
                        target_kind: "evaluation".to_owned(),
                        target_id: Some(a.id.clone()),
                        unit_id: Some(a.unit_id.clone()),
                        detail: serde_json::json!({
                            "person": a.full_name,
                            "from": c.before.status.as_str(),
                            "to": a.status.as_str(),
                            "old_total": old_total,
                            "new_total": new_total,
                            "old_grade": old_grade,
                            "new_grade": new_grade,
                            "reason": c.reason,
                        })
                        .to_string(),
                        ip: (!ip.is_empty()).then(|| ip.to_owned()),
                    };
                    crate::repo::audit::append!(tx, &line);
                }
            }
            Ok(())
        })
    }
}

/// A tenant's calendar setting (M4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantCalendar {
    pub calendar: danhgia_domain::calendar::Calendar,
    pub late_submission: bool,
    pub appeal_days: i64,
}

impl Default for TenantCalendar {
    /// Hanoi's days, no late submission, 15 days to appeal (decisions D25, D27, D32).
    fn default() -> Self {
        TenantCalendar {
            calendar: danhgia_domain::calendar::Calendar::default(),
            late_submission: false,
            appeal_days: danhgia_domain::evaluation::DEFAULT_APPEAL_DAYS,
        }
    }
}

impl TenantCalendar {
    /// The period of `year`/`month` for `tenant_id` under this calendar.
    pub fn period(&self, tenant_id: &str, year: i32, month: time::Month) -> Option<NewPeriod> {
        Some(NewPeriod {
            tenant_id: tenant_id.to_owned(),
            year,
            month,
            deadlines: self.calendar.deadlines(year, month)?,
            late_submission: self.late_submission,
            appeal_days: self.appeal_days,
        })
    }
}

type CalendarRowT = (i64, i64, i64, i64, i64, i64, i64, i64, bool, i64);

fn day(n: i64) -> Result<u8> {
    u8::try_from(n).map_err(|_| StoreError::Corrupt(format!("calendar day {n}")))
}

impl Store {
    /// The tenant's calendar, or the default when it has set none.
    pub async fn tenant_calendar(&self, tenant_id: &str) -> Result<TenantCalendar> {
        let row: Option<CalendarRowT> = read!(self, |p| {
            sqlx::query_as(
            "SELECT self_from, self_before, decide_before, publish_before_next, december_self_from, \
             december_self_before, december_decide_before, december_before, late_submission, appeal_days \
             FROM calendars WHERE tenant_id = $1"
        )
        .bind(tenant_id)
        .fetch_optional(p)
        .await?
        });
        let Some(r) = row else {
            return Ok(TenantCalendar::default());
        };
        Ok(TenantCalendar {
            calendar: danhgia_domain::calendar::Calendar {
                self_from: day(r.0)?,
                self_before: day(r.1)?,
                decide_before: day(r.2)?,
                publish_before_next: day(r.3)?,
                december_self_from: day(r.4)?,
                december_self_before: day(r.5)?,
                december_decide_before: day(r.6)?,
                december_before: day(r.7)?,
            },
            late_submission: r.8,
            appeal_days: r.9,
        })
    }

    /// Sets the tenant's calendar (the caller has checked it with `Calendar::validate`); periods
    /// opened from now on use it.
    pub async fn set_tenant_calendar(
        &self,
        tenant_id: &str,
        c: &TenantCalendar,
        by: Option<&str>,
    ) -> Result<()> {
        let t = now();
        let k = &c.calendar;
        write_tx!(self, |tx| {
            sqlx::query("DELETE FROM calendars WHERE tenant_id = $1")
                .bind(tenant_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO calendars (tenant_id, self_from, self_before, decide_before, publish_before_next, \
                 december_self_from, december_self_before, december_decide_before, december_before, late_submission, \
                 appeal_days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(tenant_id)
            .bind(i64::from(k.self_from))
            .bind(i64::from(k.self_before))
            .bind(i64::from(k.decide_before))
            .bind(i64::from(k.publish_before_next))
            .bind(i64::from(k.december_self_from))
            .bind(i64::from(k.december_self_before))
            .bind(i64::from(k.december_decide_before))
            .bind(i64::from(k.december_before))
            .bind(c.late_submission)
            .bind(c.appeal_days)
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }
}
