//! Applying a planned staff-list import (M2.5) in one transaction: all rows or none.

use std::collections::HashMap;

use danhgia_domain::import::{LeaderRef, PlannedRow};
use danhgia_domain::text;

use super::accounts::{NewAccount, insert_account};
use crate::db::write_tx;
use crate::error::Result;
use crate::{Store, new_id, now, today};

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub roles_granted: usize,
}

#[derive(sqlx::FromRow)]
struct Current {
    full_name: String,
    position_title: String,
    rank: String,
    email: Option<String>,
    phone: Option<String>,
}

impl Store {
    /// Writes a plan: new people (with their accounts from `new_accounts`, keyed by index in
    /// `rows`), updates of the people it names whose values differ, role grants, and leaders.
    /// Applying the same plan twice changes nothing the second time.
    pub async fn apply_import(
        &self,
        rows: &[PlannedRow],
        new_accounts: &HashMap<usize, NewAccount>,
        granted_by: Option<&str>,
    ) -> Result<ImportOutcome> {
        let ids: Vec<String> = rows
            .iter()
            .map(|r| r.existing.clone().unwrap_or_else(new_id))
            .collect();
        let t = now();
        let day = today();
        write_tx!(self, |tx| {
            let mut out = ImportOutcome::default();
            let mut changed = vec![false; rows.len()];
            for (i, r) in rows.iter().enumerate() {
                let id = &ids[i];
                if r.existing.is_some() {
                    let cur: Current = sqlx::query_as(
                        "SELECT full_name, position_title, rank, email, phone FROM people WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let same = cur.full_name == r.full_name
                        && cur.position_title == r.position
                        && cur.rank == r.rank.as_str()
                        && cur.email == r.email
                        && cur.phone == r.phone;
                    if !same {
                        // The employment type is not in Mẫu số 01: an admin's correction stays.
                        sqlx::query(
                            "UPDATE people SET full_name = $2, name_fold = $3, name_sort = $4, position_title = $5, rank = $6, \
                             email = $7, phone = $8, updated_at = $9 WHERE id = $1",
                        )
                        .bind(id)
                        .bind(&r.full_name)
                        .bind(text::fold(&r.full_name))
                        .bind(text::name_sort_key(&r.full_name))
                        .bind(&r.position)
                        .bind(r.rank.as_str())
                        .bind(&r.email)
                        .bind(&r.phone)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                        changed[i] = true;
                    }
                } else {
                    sqlx::query(
                        "INSERT INTO people (id, unit_id, full_name, name_fold, name_sort, position_title, rank, employment, \
                         email, phone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
                    )
                    .bind(id)
                    .bind(&r.unit_id)
                    .bind(&r.full_name)
                    .bind(text::fold(&r.full_name))
                    .bind(text::name_sort_key(&r.full_name))
                    .bind(&r.position)
                    .bind(r.rank.as_str())
                    .bind(r.employment.as_str())
                    .bind(&r.email)
                    .bind(&r.phone)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("INSERT INTO placements (id, person_id, unit_id, position_title, started_on) VALUES ($1, $2, $3, $4, $5)")
                        .bind(new_id())
                        .bind(id)
                        .bind(&r.unit_id)
                        .bind(&r.position)
                        .bind(day)
                        .execute(&mut *tx)
                        .await?;
                    if let Some(acc) = new_accounts.get(&i) {
                        insert_account!(tx, acc, Some(id.as_str()));
                    }
                    out.created += 1;
                }
                let account: Option<String> =
                    sqlx::query_scalar("SELECT id FROM accounts WHERE person_id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(account_id) = account {
                    let staff = std::iter::once("staff");
                    for role in staff.chain(r.roles.iter().map(|r| r.as_str())) {
                        let n = sqlx::query(
                            "INSERT INTO role_grants (id, account_id, role, unit_id, granted_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
                             ON CONFLICT (account_id, role, unit_id) DO NOTHING",
                        )
                        .bind(new_id())
                        .bind(&account_id)
                        .bind(role)
                        .bind(&r.unit_id)
                        .bind(granted_by)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if n > 0 && role != "staff" {
                            out.roles_granted += 1;
                            if r.existing.is_some() {
                                changed[i] = true;
                            }
                        }
                    }
                }
            }
            // Leaders, once every row has its id.
            let leader = |l: &Option<LeaderRef>| -> Option<String> {
                match l {
                    Some(LeaderRef::Person(p)) => Some(p.clone()),
                    Some(LeaderRef::Row(j)) => ids.get(*j).cloned(),
                    None => None,
                }
            };
            for (i, r) in rows.iter().enumerate() {
                let (reviewer, evaluator) = (leader(&r.reviewer), leader(&r.evaluator));
                let n = sqlx::query(
                    "UPDATE people SET reviewer_id = $2, evaluator_id = $3 WHERE id = $1 \
                     AND (reviewer_id IS DISTINCT FROM $2 OR evaluator_id IS DISTINCT FROM $3)",
                )
                .bind(&ids[i])
                .bind(&reviewer)
                .bind(&evaluator)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n > 0 && r.existing.is_some() {
                    changed[i] = true;
                }
            }
            for (i, r) in rows.iter().enumerate() {
                if r.existing.is_some() {
                    if changed[i] {
                        out.updated += 1
                    } else {
                        out.unchanged += 1
                    }
                }
            }
            Ok(out)
        })
    }
}
