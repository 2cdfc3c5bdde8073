//! KPI by work products (issue 7 §5, NĐ 335/2025 Đ.13–18): each unit's product catalogue,
//! inherited by the units below; the tasks leaders assign, the completion staff report and the
//! quality leaders rate; a leader's organising and unity marks. Quantities and coefficients are
//! thousandths (`danhgia_domain::kpi::Units`); the percentages are computed in `domain::kpi`.

use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::models::Unit;
use crate::{Store, new_id, now};

/// A product of a catalogue, with the unit that defined it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProductRow {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub code: String,
    /// The task (nhiệm vụ, công việc chi tiết) the product belongs to.
    pub task: String,
    pub name: String,
    pub group_no: i64,
    pub measure: String,
    /// Standard product units per product, thousandths.
    pub coefficient: i64,
    pub note: String,
}

/// A product as imported or typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInput {
    pub code: String,
    pub task: String,
    pub name: String,
    pub group_no: i64,
    pub measure: String,
    pub coefficient: i64,
    pub note: String,
}

/// What saving a catalogue did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CatalogueSaved {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Products missing from the new list but kept because tasks use them.
    pub kept: usize,
}

/// A task of a person in a month.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TaskRow {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub unit_id: String,
    pub month: String,
    pub product_id: Option<String>,
    pub product_code: Option<String>,
    pub title: String,
    /// `assigned`, `taken_over` or `ad_hoc` (Đ.18.1).
    pub origin: String,
    pub quantity: i64,
    pub coefficient: i64,
    pub due: Date,
    pub assigned_by: String,
    pub assigned_at: OffsetDateTime,
    pub done_quantity: i64,
    pub reported_on: Option<Date>,
    pub product_ref: String,
    pub handed_back: bool,
    /// `pending` until the leader rates it, then `met` or `not_met` (Đ.14.2.b).
    pub quality: String,
    pub quality_errors: i64,
    pub errors_excused: i64,
    pub delay_excused: bool,
    pub rated_by: Option<String>,
}

/// A new task.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub person_id: String,
    pub unit_id: String,
    pub month: String,
    pub product_id: Option<String>,
    pub title: String,
    pub origin: &'static str,
    pub quantity: i64,
    pub coefficient: i64,
    pub due: Date,
}

/// What the person reports.
#[derive(Debug, Clone)]
pub struct TaskReport {
    pub done_quantity: i64,
    pub reported_on: Option<Date>,
    pub product_ref: String,
    pub handed_back: bool,
}

/// What the leader rates (Đ.14.2: a major error −25 % unless an objective cause is certified).
#[derive(Debug, Clone, Copy)]
pub struct TaskRating {
    /// `met` or `not_met`.
    pub quality: &'static str,
    pub quality_errors: i64,
    pub errors_excused: i64,
    pub delay_excused: bool,
}

/// A leader's đ and e for a month, each 100 or 50 (Đ.15.3).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LeaderMarks {
    pub organising: i64,
    pub unity: i64,
    pub set_by: String,
}

const TASK_SELECT: &str = "SELECT t.id, t.person_id, p.full_name AS person_name, t.unit_id, t.month, t.product_id, \
     k.code AS product_code, t.title, t.origin, t.quantity, t.coefficient, t.due, t.assigned_by, t.assigned_at, \
     t.done_quantity, t.reported_on, t.product_ref, t.handed_back, t.quality, t.quality_errors, t.errors_excused, \
     t.delay_excused, t.rated_by \
     FROM kpi_tasks t JOIN people p ON p.id = t.person_id LEFT JOIN kpi_products k ON k.id = t.product_id";

impl Store {
    /// The catalogue in force for `unit`: its own products and those of the units above it; a
    /// code defined again lower down replaces the one above (inherit and extend, issue 7 §5).
    /// In group then code order.
    pub async fn catalogue(&self, unit: &Unit) -> Result<Vec<ProductRow>> {
        let mut ids: Vec<String> = self
            .ancestors(unit)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        ids.push(unit.id.clone());
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT k.id, k.unit_id, u.name AS unit_name, k.code, k.task, k.name, k.group_no, k.measure, k.coefficient, k.note \
             FROM kpi_products k JOIN units u ON u.id = k.unit_id WHERE k.unit_id IN ({}) ORDER BY u.path",
            marks.join(", ")
        );
        let rows: Vec<ProductRow> = read!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for id in &ids {
                q = q.bind(id);
            }
            q.fetch_all(p).await?
        });
        // Rows come top-down, so a later (lower) unit's code replaces an earlier one.
        let mut by_code: std::collections::BTreeMap<String, ProductRow> = Default::default();
        for r in rows {
            by_code.insert(r.code.clone(), r);
        }
        let mut out: Vec<ProductRow> = by_code.into_values().collect();
        out.sort_by(|a, b| (a.group_no, &a.code).cmp(&(b.group_no, &b.code)));
        Ok(out)
    }

    /// A product by id.
    pub async fn product(&self, id: &str) -> Result<ProductRow> {
        read!(self, |p| sqlx::query_as(
            "SELECT k.id, k.unit_id, u.name AS unit_name, k.code, k.task, k.name, k.group_no, k.measure, k.coefficient, k.note \
             FROM kpi_products k JOIN units u ON u.id = k.unit_id WHERE k.id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Replaces the unit's own products with `products` (already checked), matched by code:
    /// existing codes are updated, new ones added, missing ones removed unless a task uses them.
    /// One transaction: a failed save changes nothing.
    pub async fn save_catalogue(
        &self,
        unit_id: &str,
        products: &[ProductInput],
    ) -> Result<CatalogueSaved> {
        let t = now();
        write_tx!(self, |tx| {
            let existing: Vec<(String, String)> =
                sqlx::query_as("SELECT id, code FROM kpi_products WHERE unit_id = $1")
                    .bind(unit_id)
                    .fetch_all(&mut *tx)
                    .await?;
            let mut out = CatalogueSaved::default();
            for p in products {
                let found = existing.iter().find(|(_, c)| *c == p.code);
                match found {
                    Some((id, _)) => {
                        sqlx::query(
                            "UPDATE kpi_products SET name = $2, group_no = $3, measure = $4, coefficient = $5, note = $6, \
                             updated_at = $7, task = $8 WHERE id = $1",
                        )
                        .bind(id)
                        .bind(&p.name)
                        .bind(p.group_no)
                        .bind(&p.measure)
                        .bind(p.coefficient)
                        .bind(&p.note)
                        .bind(t)
                        .bind(&p.task)
                        .execute(&mut *tx)
                        .await?;
                        out.changed += 1;
                    }
                    None => {
                        sqlx::query(
                            "INSERT INTO kpi_products (id, unit_id, code, name, group_no, measure, coefficient, note, updated_at, task) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                        )
                        .bind(new_id())
                        .bind(unit_id)
                        .bind(&p.code)
                        .bind(&p.name)
                        .bind(p.group_no)
                        .bind(&p.measure)
                        .bind(p.coefficient)
                        .bind(&p.note)
                        .bind(t)
                        .bind(&p.task)
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::unique_as("product_code"))?;
                        out.added += 1;
                    }
                }
            }
            for (id, code) in &existing {
                if products.iter().any(|p| &p.code == code) {
                    continue;
                }
                let used: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM kpi_tasks WHERE product_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                if used > 0 {
                    out.kept += 1;
                } else {
                    sqlx::query("DELETE FROM kpi_products WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    out.removed += 1;
                }
            }
            Ok(out)
        })
    }

    /// Assigns a task.
    pub async fn assign_task(&self, new: &NewTask, by: &str) -> Result<String> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO kpi_tasks (id, person_id, unit_id, month, product_id, title, origin, quantity, coefficient, due, \
                 assigned_by, assigned_at, done_quantity, product_ref, handed_back, quality, quality_errors, errors_excused, \
                 delay_excused, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, '', FALSE, 'pending', 0, 0, FALSE, $12)",
            )
            .bind(&id)
            .bind(&new.person_id)
            .bind(&new.unit_id)
            .bind(&new.month)
            .bind(new.product_id.as_deref())
            .bind(new.title.trim())
            .bind(new.origin)
            .bind(new.quantity)
            .bind(new.coefficient)
            .bind(new.due)
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// A task by id.
    pub async fn task(&self, id: &str) -> Result<TaskRow> {
        let sql = format!("{TASK_SELECT} WHERE t.id = $1");
        read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// The tasks of a person in a month, by due date.
    pub async fn tasks_of(&self, person_id: &str, month: &str) -> Result<Vec<TaskRow>> {
        let sql = format!(
            "{TASK_SELECT} WHERE t.person_id = $1 AND t.month = $2 ORDER BY t.due, t.assigned_at, t.id"
        );
        Ok(read!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(month)
            .fetch_all(p)
            .await?))
    }

    /// The tasks of several people in a month (a leader's team), by person and due date.
    pub async fn tasks_of_people(&self, people: &[String], month: &str) -> Result<Vec<TaskRow>> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..people.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "{TASK_SELECT} WHERE t.month = $1 AND t.person_id IN ({}) ORDER BY p.name_sort, t.due, t.id",
            marks.join(", ")
        );
        read!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(month);
            for id in people {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// Records the person's report of completion. `Refused("task_rated")` once the leader has
    /// rated it.
    pub async fn report_task(&self, id: &str, r: &TaskReport) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE kpi_tasks SET done_quantity = $2, reported_on = $3, product_ref = $4, handed_back = $5, updated_at = $6 \
                 WHERE id = $1 AND quality = 'pending'",
            )
            .bind(id)
            .bind(r.done_quantity)
            .bind(r.reported_on)
            .bind(r.product_ref.trim())
            .bind(r.handed_back)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("task_rated"));
            }
            Ok(())
        })
    }

    /// Records the leader's rating of a reported task (may be changed until the month's form is
    /// decided). `Refused("task_unreported")` before the person reported it.
    pub async fn rate_task(&self, id: &str, r: TaskRating, by: &str) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE kpi_tasks SET quality = $7, quality_errors = $2, errors_excused = $3, delay_excused = $4, rated_by = $5, \
                 updated_at = $6 WHERE id = $1 AND (reported_on IS NOT NULL OR handed_back)",
            )
            .bind(id)
            .bind(r.quality_errors)
            .bind(r.errors_excused)
            .bind(r.delay_excused)
            .bind(by)
            .bind(t)
            .bind(r.quality)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("task_unreported"));
            }
            Ok(())
        })
    }

    /// Deletes a task that was not reported yet (assigned by mistake).
    pub async fn delete_task(&self, id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "DELETE FROM kpi_tasks WHERE id = $1 AND reported_on IS NULL AND quality = 'pending'",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("task_reported"));
            }
            Ok(())
        })
    }

    /// A leader's đ and e for `month`, if set.
    pub async fn leader_marks(&self, person_id: &str, month: &str) -> Result<Option<LeaderMarks>> {
        Ok(read!(self, |p| {
            sqlx::query_as(
            "SELECT organising, unity, set_by FROM kpi_leader_marks WHERE person_id = $1 AND month = $2"
        )
        .bind(person_id)
        .bind(month)
        .fetch_optional(p)
        .await?
        }))
    }

    /// Sets a leader's đ and e for `month` (each 100 or 50).
    pub async fn set_leader_marks(
        &self,
        person_id: &str,
        month: &str,
        organising: i64,
        unity: i64,
        by: &str,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO kpi_leader_marks (person_id, month, organising, unity, set_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id, month) DO UPDATE SET organising = $3, unity = $4, \
                 set_by = $5, updated_at = $6",
            )
            .bind(person_id)
            .bind(month)
            .bind(organising)
            .bind(unity)
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }
}
