//! Units (M1.1) and cohorts (M1.3).

use danhgia_domain::org::{self, Block, UnitKind, UnitLevel};
use danhgia_domain::text;
use sqlx::AssertSqlSafe;

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::models::{Cohort, Unit};
use crate::{Store, new_id, now};

const UNIT_COLUMNS: &str = "id, parent_id, path, code, name, name_sort, kind, level, block, suffix";

/// A unit to create.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub level: UnitLevel,
    pub block: Block,
    pub suffix: Option<String>,
}

/// The editable details of a unit (its place in the tree changes only by `move_unit`).
#[derive(Debug, Clone)]
pub struct UnitUpdate {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub level: UnitLevel,
    pub block: Block,
    pub suffix: Option<String>,
}

impl Store {
    /// Creates a unit under `parent_id` (or a root). Duplicate code → `Duplicate("unit_code")`.
    pub async fn create_unit(&self, new: &NewUnit) -> Result<Unit> {
        let id = new_id();
        let t = now();
        let name = text::clean(&new.name);
        let name_sort = text::sort_key(&name);
        write_tx!(self, |tx| {
            let parent_path = match &new.parent_id {
                Some(pid) => Some(
                    sqlx::query_scalar::<_, String>(
                        "SELECT path FROM units WHERE id = $1 AND dissolved_at IS NULL",
                    )
                    .bind(pid)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound)?,
                ),
                None => None,
            };
            let path = org::child_path(parent_path.as_deref(), &id);
            sqlx::query(
                "INSERT INTO units (id, parent_id, path, code, name, name_sort, kind, level, block, suffix, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
            )
            .bind(&id)
            .bind(&new.parent_id)
            .bind(&path)
            .bind(&new.code)
            .bind(&name)
            .bind(&name_sort)
            .bind(new.kind.as_str())
            .bind(new.level.as_str())
            .bind(new.block.as_str())
            .bind(&new.suffix)
            .bind(t)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::unique_as("unit_code"))?;
            Ok(Unit {
                id,
                parent_id: new.parent_id.clone(),
                path,
                code: new.code.clone(),
                name,
                name_sort,
                kind: new.kind,
                level: new.level,
                block: new.block,
                suffix: new.suffix.clone(),
            })
        })
    }

    /// A unit that exists and is not dissolved.
    pub async fn unit(&self, id: &str) -> Result<Unit> {
        let sql =
            format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1 AND dissolved_at IS NULL");
        read!(self, |p| sqlx::query_as::<_, Unit>(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// A unit by its code.
    pub async fn unit_by_code(&self, code: &str) -> Result<Unit> {
        let sql =
            format!("SELECT {UNIT_COLUMNS} FROM units WHERE code = $1 AND dissolved_at IS NULL");
        read!(self, |p| sqlx::query_as::<_, Unit>(AssertSqlSafe(sql))
            .bind(code)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Every live unit inside the given subtrees or equal to the given single paths, in path
    /// order (parents before children). One indexed range scan per root.
    pub async fn units_in_scope(
        &self,
        subtrees: &[String],
        singles: &[String],
    ) -> Result<Vec<Unit>> {
        let (filter, binds) = super::scope_filter("path", subtrees, singles, 1);
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE dissolved_at IS NULL AND {filter} ORDER BY path"
        );
        read!(self, |p| {
            let mut q = sqlx::query_as::<_, Unit>(AssertSqlSafe(sql));
            for b in &binds {
                q = q.bind(b);
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// Live children of a unit, sorted by name.
    pub async fn children(&self, id: &str) -> Result<Vec<Unit>> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE parent_id = $1 AND dissolved_at IS NULL ORDER BY name_sort"
        );
        read!(self, |p| Ok(sqlx::query_as::<_, Unit>(AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(p)
            .await?))
    }

    /// The units on the path of `unit`, root first (the breadcrumb).
    pub async fn ancestors(&self, unit: &Unit) -> Result<Vec<Unit>> {
        let ids: Vec<&str> = org::ancestors(&unit.path).collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1");
            if let Some(u) = read!(self, |p| sqlx::query_as::<_, Unit>(AssertSqlSafe(sql))
                .bind(id)
                .fetch_optional(p)
                .await?)
            {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// The account-name suffix that applies in `unit`: its own, or the nearest ancestor's.
    pub async fn suffix_for(&self, unit: &Unit) -> Result<Option<String>> {
        if unit.suffix.is_some() {
            return Ok(unit.suffix.clone());
        }
        Ok(self
            .ancestors(unit)
            .await?
            .into_iter()
            .rev()
            .find_map(|u| u.suffix))
    }

    /// Edits a unit's details.
    pub async fn update_unit(&self, id: &str, up: &UnitUpdate) -> Result<()> {
        let name = text::clean(&up.name);
        let done = write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE units SET code = $2, name = $3, name_sort = $4, kind = $5, level = $6, block = $7, suffix = $8, updated_at = $9 \
                 WHERE id = $1 AND dissolved_at IS NULL",
            )
            .bind(id)
            .bind(&up.code)
            .bind(&name)
            .bind(text::sort_key(&name))
            .bind(up.kind.as_str())
            .bind(up.level.as_str())
            .bind(up.block.as_str())
            .bind(&up.suffix)
            .bind(now())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::unique_as("unit_code"))?
            .rows_affected();
            Ok(n)
        })?;
        if done == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Moves a unit (and its subtree) under another unit. Refused with `Refused("move_cycle")`
    /// when the new parent lies in the unit's own subtree; nothing changes then.
    pub async fn move_unit(&self, id: &str, new_parent_id: &str) -> Result<Unit> {
        let unit = self.unit(id).await?;
        write_tx!(self, |tx| {
            let parent_path: String =
                sqlx::query_scalar("SELECT path FROM units WHERE id = $1 AND dissolved_at IS NULL")
                    .bind(new_parent_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound)?;
            let new_path = org::plan_move(&unit.path, &unit.id, &parent_path)
                .map_err(|_| StoreError::Refused("move_cycle"))?;
            let (lo, hi) = org::subtree_bounds(&unit.path);
            sqlx::query(
                "UPDATE units SET path = $1 || substr(path, CAST($2 AS INTEGER)), updated_at = $5 WHERE path >= $3 AND path < $4",
            )
            .bind(&new_path)
            .bind(i64::try_from(unit.path.len() + 1).unwrap_or(i64::MAX))
            .bind(&lo)
            .bind(&hi)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE units SET parent_id = $2 WHERE id = $1")
                .bind(id)
                .bind(new_parent_id)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })?;
        self.unit(id).await
    }

    /// Dissolves an empty unit: no live sub-unit and no current staff, else
    /// `Refused("unit_not_empty")`. The row stays (dissolved) so history can point at it.
    pub async fn dissolve_unit(&self, id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let children: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM units WHERE parent_id = $1 AND dissolved_at IS NULL",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let staff: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM people WHERE unit_id = $1 AND left_at IS NULL",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if children > 0 || staff > 0 {
                return Err(StoreError::Refused("unit_not_empty"));
            }
            let n = sqlx::query(
                "UPDATE units SET dissolved_at = $2 WHERE id = $1 AND dissolved_at IS NULL",
            )
            .bind(id)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM role_grants WHERE unit_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Current staff counts of the given units (direct members only).
    pub async fn staff_counts(
        &self,
        subtrees: &[String],
        singles: &[String],
    ) -> Result<Vec<(String, i64)>> {
        let (filter, binds) = super::scope_filter("u.path", subtrees, singles, 1);
        let sql = format!(
            "SELECT p.unit_id, COUNT(*) FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE p.left_at IS NULL AND {filter} GROUP BY p.unit_id"
        );
        read!(self, |p| {
            let mut q = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql));
            for b in &binds {
                q = q.bind(b);
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// Cohorts of a unit with their member counts, by name.
    pub async fn cohorts(&self, unit_id: &str) -> Result<Vec<Cohort>> {
        read!(self, |p| {
            Ok(sqlx::query_as::<_, Cohort>(
            "SELECT c.id, c.unit_id, c.name, \
             (SELECT COUNT(*) FROM people p WHERE p.cohort_id = c.id AND p.left_at IS NULL) AS members \
             FROM cohorts c WHERE c.unit_id = $1 ORDER BY c.name_sort"
        )
        .bind(unit_id)
        .fetch_all(p)
        .await?)
        })
    }

    /// Adds a cohort to a unit; a name already used in that unit → `Duplicate("cohort_name")`.
    pub async fn create_cohort(&self, unit_id: &str, name: &str) -> Result<Cohort> {
        let id = new_id();
        let name = text::clean(name);
        write_tx!(self, |tx| {
            sqlx::query("INSERT INTO cohorts (id, unit_id, name, name_sort, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&id)
                .bind(unit_id)
                .bind(&name)
                .bind(text::sort_key(&name))
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(StoreError::unique_as("cohort_name"))?;
            Ok(Cohort {
                id,
                unit_id: unit_id.to_owned(),
                name,
                members: 0,
            })
        })
    }

    /// Removes a cohort nobody is in; otherwise `Refused("cohort_not_empty")`.
    pub async fn delete_cohort(&self, unit_id: &str, cohort_id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let members: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM people WHERE cohort_id = $1 AND left_at IS NULL",
            )
            .bind(cohort_id)
            .fetch_one(&mut *tx)
            .await?;
            if members > 0 {
                return Err(StoreError::Refused("cohort_not_empty"));
            }
            sqlx::query("UPDATE people SET cohort_id = NULL WHERE cohort_id = $1")
                .bind(cohort_id)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM cohorts WHERE id = $1 AND unit_id = $2")
                .bind(cohort_id)
                .bind(unit_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }
}
