//! Monthly plans, weekly schedules and the work log with its reviews (issue 7, SPEC M5.1–M5.3).
//! What may change is decided by `danhgia_domain::work`; this file keeps the rows and checks those
//! rules again inside the write transaction, so two people acting at once cannot get round them.

use danhgia_domain::evaluators::{self, Holder, Leaders};
use danhgia_domain::work::{self, Decision, LogState, Origin, PlanState};
use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::models::Person;
use crate::{Store, new_id, now};

/// A monthly plan of a person (`owner_kind = "person"`) or a unit (`"unit"`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Plan {
    pub id: String,
    pub owner_kind: String,
    pub person_id: Option<String>,
    pub unit_id: String,
    pub unit_path: String,
    pub month: String,
    pub state: String,
    pub frozen_at: Option<OffsetDateTime>,
    pub published_at: Option<OffsetDateTime>,
}

impl Plan {
    pub fn plan_state(&self) -> PlanState {
        plan_state(&self.state)
    }
}

/// A plan's stored state (`draft` or `frozen`).
fn plan_state(stored: &str) -> PlanState {
    if stored == "frozen" {
        PlanState::Frozen
    } else {
        PlanState::Draft
    }
}

/// Inside `$tx`: `Refused("item_frozen")` unless item `$id`'s planned fields may still change
/// (`work::plan_fields_editable`), `NotFound` when there is no such item.
macro_rules! check_editable {
    ($tx:expr, $id:expr) => {{
        let (origin, state): (String, String) = sqlx::query_as(
            "SELECT i.origin, w.state FROM work_items i JOIN work_plans w ON w.id = i.plan_id WHERE i.id = $1",
        )
        .bind($id)
        .fetch_optional(&mut *$tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let origin = Origin::parse(&origin).unwrap_or(Origin::Planned);
        if !work::plan_fields_editable(plan_state(&state), origin) {
            return Err(StoreError::Refused("item_frozen"));
        }
    }};
}

/// An item of a plan.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Item {
    pub id: String,
    pub plan_id: String,
    /// `month` or `week`.
    pub kind: String,
    /// `planned`, `added` or `unplanned`.
    pub origin: String,
    pub title: String,
    pub expected: String,
    pub due: Option<Date>,
    pub day: Option<Date>,
    pub weight: i64,
    pub link_id: Option<String>,
    pub recurring: bool,
    pub outcome: Option<String>,
    pub finished_on: Option<Date>,
}

impl Item {
    pub fn origin(&self) -> Origin {
        Origin::parse(&self.origin).unwrap_or(Origin::Planned)
    }
    pub fn summary_item(&self) -> work::SummaryItem {
        work::SummaryItem {
            origin: self.origin(),
            outcome: self.outcome.as_deref().and_then(work::Outcome::parse),
            due: self.due,
            finished_on: self.finished_on,
            weight: u8::try_from(self.weight).unwrap_or(1),
        }
    }
}

/// A new item.
#[derive(Debug, Clone)]
pub struct NewItem {
    /// `month` or `week`.
    pub kind: &'static str,
    pub unplanned: bool,
    pub input: work::ItemInput,
    pub link_id: Option<String>,
    pub recurring: bool,
}

/// A work-log entry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LogEntry {
    pub id: String,
    pub person_id: String,
    pub day: Date,
    pub what: String,
    pub result: String,
    pub evidence: String,
    pub item_id: Option<String>,
    pub review_id: Option<String>,
    pub state: String,
}

impl LogEntry {
    pub fn log_state(&self) -> LogState {
        LogState::parse(&self.state).unwrap_or(LogState::Draft)
    }
}

/// A submission of a day's or a week's log to the direct leader.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Review {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub leader_id: String,
    pub from_day: Date,
    pub to_day: Date,
    /// `submitted`, `approved` or `returned`.
    pub state: String,
    pub comment: String,
    pub submitted_at: OffsetDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub entries: i64,
}

const PLAN_COLS: &str =
    "id, owner_kind, person_id, unit_id, unit_path, month, state, frozen_at, published_at";
const ITEM_COLS: &str = "id, plan_id, kind, origin, title, expected, due, day, weight, link_id, recurring, outcome, finished_on";
/// The same columns of `work_items i` in a join.
const ITEM_COLS_I: &str = "i.id, i.plan_id, i.kind, i.origin, i.title, i.expected, i.due, i.day, i.weight, i.link_id, \
     i.recurring, i.outcome, i.finished_on";
const LOG_COLS: &str = "id, person_id, day, what, result, evidence, item_id, review_id, state";
const REVIEW_SELECT: &str = "SELECT r.id, r.person_id, p.full_name AS person_name, r.leader_id, r.from_day, r.to_day, r.state, \
     r.comment, r.submitted_at, r.decided_by, r.decided_at, \
     (SELECT COUNT(*) FROM work_logs l WHERE l.review_id = r.id) AS entries \
     FROM work_log_reviews r JOIN people p ON p.id = r.person_id";

impl Store {
    /// The plan of `person` for `month` (`2026-11`), created as a draft the first time.
    pub async fn person_plan(&self, person: &Person, month: &str) -> Result<Plan> {
        if let Some(plan) = self.find_person_plan(&person.id, month).await? {
            return Ok(plan);
        }
        let unit = self.unit(&person.unit_id).await?;
        self.create_plan("person", Some(&person.id), &unit.id, &unit.path, month)
            .await?;
        self.find_person_plan(&person.id, month)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The plan of a person for `month`, if one was started (reading never creates one).
    pub async fn find_person_plan(&self, person_id: &str, month: &str) -> Result<Option<Plan>> {
        let sql = format!(
            "SELECT {PLAN_COLS} FROM work_plans WHERE owner_kind = 'person' AND person_id = $1 AND month = $2"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(month)
            .fetch_optional(p)
            .await?))
    }

    /// The items of a person's plan for `month` (none when no plan was started).
    pub async fn person_items(&self, person_id: &str, month: &str) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {} FROM work_items i JOIN work_plans w ON w.id = i.plan_id \
             WHERE w.owner_kind = 'person' AND w.person_id = $1 AND w.month = $2 ORDER BY i.kind, i.day, i.due, i.created_at, i.id",
            ITEM_COLS_I
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(month)
            .fetch_all(p)
            .await?))
    }

    /// The plan of unit `unit_id` for `month`, if one was started.
    pub async fn unit_plan(&self, unit_id: &str, month: &str) -> Result<Option<Plan>> {
        let sql = format!(
            "SELECT {PLAN_COLS} FROM work_plans WHERE owner_kind = 'unit' AND unit_id = $1 AND month = $2"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(unit_id)
            .bind(month)
            .fetch_optional(p)
            .await?))
    }

    /// The plan of a unit for `month`, created as a draft the first time.
    pub async fn unit_plan_or_new(&self, unit_id: &str, month: &str) -> Result<Plan> {
        if let Some(p) = self.unit_plan(unit_id, month).await? {
            return Ok(p);
        }
        let unit = self.unit(unit_id).await?;
        self.create_plan("unit", None, &unit.id, &unit.path, month)
            .await?;
        self.unit_plan(unit_id, month)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn create_plan(
        &self,
        kind: &str,
        person: Option<&str>,
        unit_id: &str,
        unit_path: &str,
        month: &str,
    ) -> Result<()> {
        let t = now();
        // Two first visits at once: the second insert meets the unique index and is ignored.
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO work_plans (id, owner_kind, person_id, unit_id, unit_path, month, state, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7) ON CONFLICT DO NOTHING",
            )
            .bind(new_id())
            .bind(kind)
            .bind(person)
            .bind(unit_id)
            .bind(unit_path)
            .bind(month)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// A plan by id.
    pub async fn plan(&self, id: &str) -> Result<Plan> {
        let sql = format!("SELECT {PLAN_COLS} FROM work_plans WHERE id = $1");
        read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// The items of a plan: the month's by due date, then the week's by day.
    pub async fn plan_items(&self, plan_id: &str) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {ITEM_COLS} FROM work_items WHERE plan_id = $1 ORDER BY kind, day, due, created_at, id"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(plan_id)
            .fetch_all(p)
            .await?))
    }

    /// An item and its plan.
    pub async fn work_item(&self, id: &str) -> Result<(Item, Plan)> {
        let sql = format!("SELECT {ITEM_COLS} FROM work_items WHERE id = $1");
        let item: Item = read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)?;
        let plan = self.plan(&item.plan_id).await?;
        Ok((item, plan))
    }

    /// Adds an item; its origin follows the plan's state read in the same transaction
    /// (`work::new_item_origin`): after freezing, a monthly item is marked added.
    pub async fn add_item(&self, plan_id: &str, new: &NewItem, by: &str) -> Result<String> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            let state: String = sqlx::query_scalar("SELECT state FROM work_plans WHERE id = $1")
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            let origin = work::new_item_origin(plan_state(&state), new.unplanned);
            sqlx::query(
                "INSERT INTO work_items (id, plan_id, kind, origin, title, expected, due, day, weight, link_id, recurring, \
                 created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
            )
            .bind(&id)
            .bind(plan_id)
            .bind(new.kind)
            .bind(origin.as_str())
            .bind(new.input.title.trim())
            .bind(new.input.expected.trim())
            .bind(new.input.due)
            .bind(new.input.day)
            .bind(i64::from(new.input.weight))
            .bind(new.link_id.as_deref())
            .bind(new.recurring)
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Changes an item's planned fields; `Refused("item_frozen")` when its plan is frozen and it
    /// was planned (`work::plan_fields_editable`).
    pub async fn update_item(
        &self,
        id: &str,
        input: &work::ItemInput,
        link_id: Option<&str>,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            check_editable!(tx, id);
            sqlx::query(
                "UPDATE work_items SET title = $2, expected = $3, due = $4, day = $5, weight = $6, link_id = $7, updated_at = $8 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(input.title.trim())
            .bind(input.expected.trim())
            .bind(input.due)
            .bind(input.day)
            .bind(i64::from(input.weight))
            .bind(link_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Sets how an item ended (or clears it with `None`); the day it was finished is kept for
    /// the on-time count.
    pub async fn set_outcome(
        &self,
        id: &str,
        outcome: Option<work::Outcome>,
        on: Date,
    ) -> Result<()> {
        let t = now();
        let finished = outcome
            .filter(|o| matches!(o, work::Outcome::Done | work::Outcome::Partly))
            .map(|_| on);
        write_tx!(self, |tx| {
            let n = sqlx::query("UPDATE work_items SET outcome = $2, finished_on = $3, updated_at = $4 WHERE id = $1")
                .bind(id)
                .bind(outcome.map(work::Outcome::as_str))
                .bind(finished)
                .bind(t)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Deletes an item whose planned fields may still change; log entries that named it keep
    /// their text and lose the link.
    pub async fn delete_item(&self, id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            check_editable!(tx, id);
            sqlx::query("UPDATE work_logs SET item_id = NULL WHERE item_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE work_items SET link_id = NULL WHERE link_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM work_items WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Freezes a plan (chốt kế hoạch); `publish` also publishes a unit's plan to its staff.
    /// `Refused("plan_empty")` for a plan with no monthly item.
    pub async fn freeze_plan(&self, id: &str, publish: bool) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM work_items WHERE plan_id = $1 AND kind = 'month'",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if n == 0 {
                return Err(StoreError::Refused("plan_empty"));
            }
            sqlx::query(
                "UPDATE work_plans SET state = 'frozen', frozen_at = COALESCE(frozen_at, $2), \
                 published_at = CASE WHEN $3 THEN COALESCE(published_at, $2) ELSE published_at END, updated_at = $2 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(t)
            .bind(publish)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// The published monthly items of the unit `unit_id` and its ancestors for `month`, which a
    /// person may link their own items to.
    pub async fn published_unit_items(
        &self,
        unit_ids: &[String],
        month: &str,
    ) -> Result<Vec<Item>> {
        if unit_ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..unit_ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT {} FROM work_items i JOIN work_plans w ON w.id = i.plan_id \
             WHERE w.owner_kind = 'unit' AND w.month = $1 AND w.published_at IS NOT NULL AND i.kind = 'month' \
             AND w.unit_id IN ({}) ORDER BY w.unit_path, i.due, i.id",
            ITEM_COLS_I,
            marks.join(", ")
        );
        read!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(month);
            for u in unit_ids {
                q = q.bind(u);
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// The log of `person_id` from `from` to `to`, both included, by day.
    pub async fn log_entries(
        &self,
        person_id: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<LogEntry>> {
        let sql = format!(
            "SELECT {LOG_COLS} FROM work_logs WHERE person_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, created_at, id"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?))
    }

    /// A log entry.
    pub async fn log_entry(&self, id: &str) -> Result<LogEntry> {
        let sql = format!("SELECT {LOG_COLS} FROM work_logs WHERE id = $1");
        read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Adds a draft entry; `Refused("log_frozen")` when the day is inside a part of the log that
    /// is waiting for the leader or approved.
    pub async fn add_log(
        &self,
        person_id: &str,
        input: &work::LogInput,
        item_id: Option<&str>,
    ) -> Result<String> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            let locked: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM work_log_reviews WHERE person_id = $1 AND state IN ('submitted', 'approved') \
                 AND from_day <= $2 AND to_day >= $2",
            )
            .bind(person_id)
            .bind(input.day)
            .fetch_one(&mut *tx)
            .await?;
            if locked > 0 {
                return Err(StoreError::Refused("log_frozen"));
            }
            sqlx::query(
                "INSERT INTO work_logs (id, person_id, day, what, result, evidence, item_id, state, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $8)",
            )
            .bind(&id)
            .bind(person_id)
            .bind(input.day)
            .bind(input.what.trim())
            .bind(input.result.trim())
            .bind(input.evidence.trim())
            .bind(item_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Changes a draft or returned entry; `Refused("log_frozen")` otherwise.
    pub async fn update_log(
        &self,
        id: &str,
        input: &work::LogInput,
        item_id: Option<&str>,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE work_logs SET day = $2, what = $3, result = $4, evidence = $5, item_id = $6, updated_at = $7 \
                 WHERE id = $1 AND state IN ('draft', 'returned') AND NOT EXISTS (SELECT 1 FROM work_log_reviews r \
                 WHERE r.person_id = work_logs.person_id AND r.state IN ('submitted', 'approved') AND r.from_day <= $2 AND r.to_day >= $2)",
            )
            .bind(id)
            .bind(input.day)
            .bind(input.what.trim())
            .bind(input.result.trim())
            .bind(input.evidence.trim())
            .bind(item_id)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("log_frozen"));
            }
            Ok(())
        })
    }

    /// Deletes a draft or returned entry; `Refused("log_frozen")` otherwise.
    pub async fn delete_log(&self, id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "DELETE FROM work_logs WHERE id = $1 AND state IN ('draft', 'returned')",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("log_frozen"));
            }
            Ok(())
        })
    }

    /// Submits the draft and returned entries of `from..=to` to `leader_id`.
    /// `Refused("log_nothing")` when there is none to submit.
    pub async fn submit_log(
        &self,
        person_id: &str,
        from: Date,
        to: Date,
        leader_id: &str,
    ) -> Result<String> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM work_logs WHERE person_id = $1 AND day >= $2 AND day <= $3 AND state IN ('draft', 'returned')",
            )
            .bind(person_id)
            .bind(from)
            .bind(to)
            .fetch_one(&mut *tx)
            .await?;
            if n == 0 {
                return Err(StoreError::Refused("log_nothing"));
            }
            sqlx::query(
                "INSERT INTO work_log_reviews (id, person_id, leader_id, from_day, to_day, state, comment, submitted_at) \
                 VALUES ($1, $2, $3, $4, $5, 'submitted', '', $6)",
            )
            .bind(&id)
            .bind(person_id)
            .bind(leader_id)
            .bind(from)
            .bind(to)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE work_logs SET state = 'submitted', review_id = $4, updated_at = $5 \
                 WHERE person_id = $1 AND day >= $2 AND day <= $3 AND state IN ('draft', 'returned')",
            )
            .bind(person_id)
            .bind(from)
            .bind(to)
            .bind(&id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// A review by id.
    pub async fn log_review(&self, id: &str) -> Result<Review> {
        let sql = format!("{REVIEW_SELECT} WHERE r.id = $1");
        read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Reviews waiting for `leader_id`, oldest first.
    pub async fn reviews_waiting(&self, leader_id: &str) -> Result<Vec<Review>> {
        let sql = format!(
            "{REVIEW_SELECT} WHERE r.leader_id = $1 AND r.state = 'submitted' ORDER BY r.submitted_at, r.id"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(leader_id)
            .fetch_all(p)
            .await?))
    }

    /// Reviews of `person_id` that touch `from..=to`, newest first.
    pub async fn reviews_of(&self, person_id: &str, from: Date, to: Date) -> Result<Vec<Review>> {
        let sql = format!(
            "{REVIEW_SELECT} WHERE r.person_id = $1 AND r.from_day <= $3 AND r.to_day >= $2 ORDER BY r.submitted_at DESC, r.id"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?))
    }

    /// Approves or returns a submitted review with its entries; approved entries are frozen.
    /// `Refused("review_decided")` when it was decided already.
    pub async fn decide_log(&self, id: &str, d: Decision, comment: &str, by: &str) -> Result<()> {
        let t = now();
        let state = match d {
            Decision::Approve => LogState::Approved,
            Decision::Return => LogState::Returned,
        }
        .as_str();
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE work_log_reviews SET state = $2, comment = $3, decided_by = $4, decided_at = $5 \
                 WHERE id = $1 AND state = 'submitted'",
            )
            .bind(id)
            .bind(state)
            .bind(comment.trim())
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("review_decided"));
            }
            sqlx::query("UPDATE work_logs SET state = $2, updated_at = $3 WHERE review_id = $1")
                .bind(id)
                .bind(state)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Who a person's direct leader is: the one who evaluates them (set per person, else
    /// derived from the tree and positions, `danhgia_domain::evaluators`).
    pub async fn direct_leader(&self, person: &Person) -> Result<Option<String>> {
        let unit = self.unit(&person.unit_id).await?;
        let own = self.people_in_unit(&unit.id).await?;
        let parent = match &unit.parent_id {
            Some(p) => self.people_in_unit(p).await?,
            None => Vec::new(),
        };
        Ok(leader_among(person, &own, &parent))
    }

    /// The people whose direct leader is `leader`: staff of the leader's unit and heads of the
    /// units right below it, as `direct_leader` works them out, in name order.
    pub async fn team_of(&self, leader: &Person) -> Result<Vec<Person>> {
        let unit = self.unit(&leader.unit_id).await?;
        let own = self.people_in_unit(&unit.id).await?;
        let parent = match &unit.parent_id {
            Some(p) => self.people_in_unit(p).await?,
            None => Vec::new(),
        };
        let mut out: Vec<Person> = own
            .iter()
            .filter(|p| {
                p.id != leader.id
                    && leader_among(p, &own, &parent).as_deref() == Some(leader.id.as_str())
            })
            .cloned()
            .collect();
        for child in self.children(&unit.id).await? {
            let members = self.people_in_unit(&child.id).await?;
            out.extend(
                members
                    .iter()
                    .filter(|p| {
                        leader_among(p, &members, &own).as_deref() == Some(leader.id.as_str())
                    })
                    .cloned(),
            );
        }
        out.sort_by(|a, b| a.name_sort.cmp(&b.name_sort));
        Ok(out)
    }
}

/// The evaluator of `person`, among the people of their unit and of its parent.
fn leader_among(person: &Person, unit: &[Person], parent: &[Person]) -> Option<String> {
    fn holders(ps: &[Person]) -> Vec<Holder<'_>> {
        ps.iter()
            .map(|p| Holder {
                person_id: &p.id,
                rank: p.rank,
            })
            .collect()
    }
    let (own_h, parent_h) = (holders(unit), holders(parent));
    let me = Holder {
        person_id: &person.id,
        rank: person.rank,
    };
    evaluators::resolve(
        evaluators::derive_with(&me, &Leaders::of(&own_h), &Leaders::of(&parent_h)),
        person.reviewer_id.as_deref(),
        person.evaluator_id.as_deref(),
    )
    .evaluator
}
