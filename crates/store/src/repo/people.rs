//! Staff members and their positions (M2.1, M2.3).

use danhgia_domain::access::Role;
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::text;

use super::accounts::{NewAccount, insert_account, insert_grant};
use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::models::{Person, Placement};
use crate::{Store, new_id, now};

const PERSON_SELECT: &str = "SELECT p.id, p.unit_id, p.full_name, p.position_title, p.rank, p.employment, p.cohort_id, \
     p.email, p.phone, p.reviewer_id, p.evaluator_id, p.name_sort, a.username \
     FROM people p LEFT JOIN accounts a ON a.person_id = p.id";

/// A staff member to create.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub unit_id: String,
    pub details: PersonUpdate,
}

/// What an admin edits of a staff member.
#[derive(Debug, Clone)]
pub struct PersonUpdate {
    pub full_name: String,
    pub position_title: String,
    pub rank: PositionRank,
    pub employment: Employment,
    pub cohort_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub reviewer_id: Option<String>,
    pub evaluator_id: Option<String>,
}

/// Opens a placement (where a person works from a date) inside a write transaction.
macro_rules! insert_placement {
    ($tx:ident, $person_id:expr, $unit_id:expr, $title:expr, $from:expr) => {{
        let from: time::Date = $from;
        sqlx::query("INSERT INTO placements (id, person_id, unit_id, position_title, started_on) VALUES ($1, $2, $3, $4, $5)")
            .bind(crate::new_id())
            .bind($person_id)
            .bind($unit_id)
            .bind($title)
            .bind(from)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// Inside a write transaction: people who named `$person_id` as their reviewer or evaluator
/// fall back to the derived leader (the person moves or leaves); evaluates to the person's
/// account id, if any.
macro_rules! release_as_leader {
    ($tx:ident, $person_id:expr) => {{
        for sql in [
            "UPDATE people SET reviewer_id = NULL WHERE reviewer_id = $1",
            "UPDATE people SET evaluator_id = NULL WHERE evaluator_id = $1",
        ] {
            sqlx::query(sql).bind($person_id).execute(&mut *$tx).await?;
        }
        let account: Option<String> =
            sqlx::query_scalar("SELECT id FROM accounts WHERE person_id = $1")
                .bind($person_id)
                .fetch_optional(&mut *$tx)
                .await?;
        account
    }};
}

pub(crate) use {insert_placement, release_as_leader};

/// Checks that the cohort belongs to the unit and the chosen leaders are current staff other
/// than the person, inside the write transaction.
macro_rules! check_links {
    ($tx:ident, $unit_id:expr, $person_id:expr, $d:expr) => {{
        if let Some(c) = &$d.cohort_id {
            let ok: Option<String> =
                sqlx::query_scalar("SELECT id FROM cohorts WHERE id = $1 AND unit_id = $2")
                    .bind(c)
                    .bind($unit_id)
                    .fetch_optional(&mut *$tx)
                    .await?;
            if ok.is_none() {
                return Err(StoreError::Refused("cohort_other_unit"));
            }
        }
        for (leader, why) in [
            (&$d.reviewer_id, "reviewer_unknown"),
            (&$d.evaluator_id, "evaluator_unknown"),
        ] {
            if let Some(l) = leader {
                let ok: Option<String> =
                    sqlx::query_scalar("SELECT id FROM people WHERE id = $1 AND left_at IS NULL")
                        .bind(l)
                        .fetch_optional(&mut *$tx)
                        .await?;
                if ok.is_none() || l == $person_id {
                    return Err(StoreError::Refused(why));
                }
            }
        }
    }};
}

impl Store {
    /// Creates a staff member, and with `account` their account holding the staff role on
    /// their unit, all in one transaction. A taken account name → `Duplicate("username")`.
    pub async fn create_person(
        &self,
        new: &NewPerson,
        account: Option<&NewAccount>,
    ) -> Result<Person> {
        let id = new_id();
        let t = now();
        let d = &new.details;
        let full_name = text::clean(&d.full_name);
        write_tx!(self, |tx| {
            let unit: Option<String> =
                sqlx::query_scalar("SELECT id FROM units WHERE id = $1 AND dissolved_at IS NULL")
                    .bind(&new.unit_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if unit.is_none() {
                return Err(StoreError::NotFound);
            }
            check_links!(tx, &new.unit_id, &id, d);
            sqlx::query(
                "INSERT INTO people (id, unit_id, full_name, name_fold, name_sort, position_title, rank, employment, cohort_id, \
                 email, phone, reviewer_id, evaluator_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
            )
            .bind(&id)
            .bind(&new.unit_id)
            .bind(&full_name)
            .bind(text::fold(&full_name))
            .bind(text::name_sort_key(&full_name))
            .bind(text::clean(&d.position_title))
            .bind(d.rank.as_str())
            .bind(d.employment.as_str())
            .bind(&d.cohort_id)
            .bind(&d.email)
            .bind(&d.phone)
            .bind(&d.reviewer_id)
            .bind(&d.evaluator_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            if let Some(acc) = account {
                let account_id = insert_account!(tx, acc, Some(id.as_str()));
                insert_grant!(tx, &account_id, Role::Staff, &new.unit_id, None);
            }
            insert_placement!(
                tx,
                &id,
                &new.unit_id,
                text::clean(&d.position_title),
                crate::today()
            );
            Ok(())
        })?;
        self.person(&id).await
    }

    /// A current staff member.
    pub async fn person(&self, id: &str) -> Result<Person> {
        let sql = format!("{PERSON_SELECT} WHERE p.id = $1 AND p.left_at IS NULL");
        read!(self, |p| sqlx::query_as::<_, Person>(sqlx::AssertSqlSafe(
            sql
        ))
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Current staff of a unit, in Vietnamese name order.
    pub async fn people_in_unit(&self, unit_id: &str) -> Result<Vec<Person>> {
        let sql = format!(
            "{PERSON_SELECT} WHERE p.unit_id = $1 AND p.left_at IS NULL ORDER BY p.name_sort, p.id"
        );
        read!(self, |p| Ok(sqlx::query_as::<_, Person>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(unit_id)
        .fetch_all(p)
        .await?))
    }

    /// Current staff of the subtree at `path`, grouped by unit and position, in tree order.
    pub async fn positions_in(&self, path: &str) -> Result<Vec<crate::PositionGroup>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        Ok(read!(self, |p| {
            sqlx::query_as::<_, crate::PositionGroup>(
            "SELECT u.id AS unit_id, u.path AS unit_path, u.name AS unit_name, u.kind, u.level, u.block, \
             p.position_title, p.rank, p.employment, COUNT(*) AS people \
             FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $1 AND u.path < $2 AND p.left_at IS NULL \
             GROUP BY u.id, u.path, u.name, u.kind, u.level, u.block, p.position_title, p.rank, p.employment \
             ORDER BY u.path, p.position_title"
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(p)
        .await?
        }))
    }

    /// Edits a staff member's details.
    pub async fn update_person(&self, id: &str, d: &PersonUpdate) -> Result<Person> {
        let person = self.person(id).await?;
        let full_name = text::clean(&d.full_name);
        write_tx!(self, |tx| {
            check_links!(tx, &person.unit_id, id, d);
            sqlx::query(
                "UPDATE people SET full_name = $2, name_fold = $3, name_sort = $4, position_title = $5, rank = $6, employment = $7, \
                 cohort_id = $8, email = $9, phone = $10, reviewer_id = $11, evaluator_id = $12, updated_at = $13 WHERE id = $1",
            )
            .bind(id)
            .bind(&full_name)
            .bind(text::fold(&full_name))
            .bind(text::name_sort_key(&full_name))
            .bind(text::clean(&d.position_title))
            .bind(d.rank.as_str())
            .bind(d.employment.as_str())
            .bind(&d.cohort_id)
            .bind(&d.email)
            .bind(&d.phone)
            .bind(&d.reviewer_id)
            .bind(&d.evaluator_id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.person(id).await
    }
}

/// A move of a person to another unit (M2.7).
#[derive(Debug, Clone)]
pub struct Transfer {
    pub unit_id: String,
    pub position_title: String,
    pub rank: PositionRank,
    pub effective_on: time::Date,
}

impl Store {
    /// Moves a person to another unit from `effective_on`: the current placement ends that day
    /// and a new one starts; cohort and per-person leaders are cleared (they belonged to the old
    /// unit); every role the account held on the old unit ends and the staff role moves to the
    /// new unit. Past records keep pointing at the old placement. Returns the roles ended.
    pub async fn transfer_person(&self, person_id: &str, t: &Transfer) -> Result<Vec<String>> {
        let person = self.person(person_id).await?;
        if person.unit_id == t.unit_id {
            return Err(StoreError::Refused("transfer_same_unit"));
        }
        let title = text::clean(&t.position_title);
        write_tx!(self, |tx| {
            let unit: Option<String> =
                sqlx::query_scalar("SELECT id FROM units WHERE id = $1 AND dissolved_at IS NULL")
                    .bind(&t.unit_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if unit.is_none() {
                return Err(StoreError::NotFound);
            }
            let started: Option<time::Date> = sqlx::query_scalar(
                "SELECT MAX(started_on) FROM placements WHERE person_id = $1 AND ended_on IS NULL",
            )
            .bind(person_id)
            .fetch_one(&mut *tx)
            .await?;
            if started.is_some_and(|s| t.effective_on < s) {
                return Err(StoreError::Refused("transfer_before_start"));
            }
            sqlx::query("UPDATE placements SET ended_on = $2, end_reason = 'transfer' WHERE person_id = $1 AND ended_on IS NULL")
                .bind(person_id)
                .bind(t.effective_on)
                .execute(&mut *tx)
                .await?;
            insert_placement!(tx, person_id, &t.unit_id, &title, t.effective_on);
            sqlx::query(
                "UPDATE people SET unit_id = $2, position_title = $3, rank = $4, cohort_id = NULL, reviewer_id = NULL, \
                 evaluator_id = NULL, updated_at = $5 WHERE id = $1",
            )
            .bind(person_id)
            .bind(&t.unit_id)
            .bind(&title)
            .bind(t.rank.as_str())
            .bind(now())
            .execute(&mut *tx)
            .await?;
            let account = release_as_leader!(tx, person_id);
            let mut ended = Vec::new();
            if let Some(account_id) = account {
                ended = sqlx::query_scalar(
                    "DELETE FROM role_grants WHERE account_id = $1 AND unit_id = $2 RETURNING role",
                )
                .bind(&account_id)
                .bind(&person.unit_id)
                .fetch_all(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM role_grants WHERE account_id = $1 AND role = 'staff'")
                    .bind(&account_id)
                    .execute(&mut *tx)
                    .await?;
                insert_grant!(tx, &account_id, Role::Staff, &t.unit_id, None);
            }
            Ok(ended
                .into_iter()
                .filter(|r: &String| r != "staff")
                .collect())
        })
    }

    /// Records that a person left on `left_on` (retirement, resignation, moved out of the
    /// system): the placement ends, the account is disabled (never deleted) and loses its
    /// roles, and the person drops out of current lists. Their past records stay.
    pub async fn person_left(
        &self,
        person_id: &str,
        left_on: time::Date,
        reason: &str,
    ) -> Result<()> {
        self.person(person_id).await?;
        write_tx!(self, |tx| {
            sqlx::query("UPDATE placements SET ended_on = $2, end_reason = $3 WHERE person_id = $1 AND ended_on IS NULL")
                .bind(person_id)
                .bind(left_on)
                .bind(reason)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE people SET left_at = $2, reviewer_id = NULL, evaluator_id = NULL, updated_at = $2 WHERE id = $1")
                .bind(person_id)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            let account = release_as_leader!(tx, person_id);
            if let Some(account_id) = account {
                sqlx::query(
                    "UPDATE accounts SET disabled = TRUE, disabled_reason = 'left' WHERE id = $1",
                )
                .bind(&account_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM role_grants WHERE account_id = $1")
                    .bind(&account_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(&account_id)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        })
    }

    /// Where a person has worked, newest first.
    pub async fn placements(&self, person_id: &str) -> Result<Vec<Placement>> {
        read!(self, |p| {
            Ok(sqlx::query_as::<_, Placement>(
            "SELECT pl.unit_id, u.name AS unit_name, pl.position_title, pl.started_on, pl.ended_on, pl.end_reason \
             FROM placements pl JOIN units u ON u.id = pl.unit_id WHERE pl.person_id = $1 ORDER BY pl.started_on DESC, pl.id DESC"
        )
        .bind(person_id)
        .fetch_all(p)
        .await?)
        })
    }
}
