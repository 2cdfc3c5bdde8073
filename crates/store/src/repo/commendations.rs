//! The commendation list of a unit and period (issue 8 §1; rules in
//! `danhgia_domain::commendation`). The rules are checked again inside each write transaction:
//! an approved list never changes, and every person on it has a published A of that unit and
//! period at the moment of writing.

use danhgia_domain::commendation::{CommendError, ListState, check_approval, eligible};
use danhgia_domain::grade::Grade;
use danhgia_domain::workflow::Status;
use time::OffsetDateTime;

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A list, without its entries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct CommendationList {
    pub id: String,
    pub unit_id: String,
    pub period_id: String,
    #[sqlx(try_from = "String")]
    pub state: ListState,
    pub doc_number: String,
    pub drafted_at: OffsetDateTime,
    pub approver_name: String,
    pub approved_at: Option<OffsetDateTime>,
}

/// One person on a list, as it is printed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct CommendationEntry {
    pub evaluation_id: String,
    pub full_name: String,
    pub position_title: String,
    pub leader_total: Option<i64>,
    pub grade: Option<String>,
    pub achievement: String,
}

/// The refusal of a rule, as the store reports it.
fn refused(e: CommendError) -> StoreError {
    StoreError::Refused(e.key())
}

/// Checks, inside `$tx`, that every evaluation id of `$ids` is a published A of unit `$unit`
/// and period `$period`.
macro_rules! check_eligible {
    ($tx:ident, $unit:expr, $period:expr, $ids:expr) => {{
        for evaluation_id in $ids {
            let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
                "SELECT unit_id, period_id, status, COALESCE(amended_grade, final_grade) FROM evaluations WHERE id = $1",
            )
            .bind(evaluation_id)
            .fetch_optional(&mut *$tx)
            .await?;
            let ok = row.is_some_and(|(unit, period, status, grade)| {
                unit == $unit
                    && period == $period
                    && Status::parse(&status)
                        .is_some_and(|s| eligible(s, grade.as_deref().and_then(Grade::parse)))
            });
            if !ok {
                return Err(refused(CommendError::NotEligible));
            }
        }
    }};
}

impl Store {
    /// The unit's list of the period, if one was drafted, with its entries in name order.
    pub async fn commendation_list(
        &self,
        unit_id: &str,
        period_id: &str,
    ) -> Result<Option<(CommendationList, Vec<CommendationEntry>)>> {
        let list: Option<CommendationList> = read!(self, |p| {
            sqlx::query_as(
            "SELECT id, unit_id, period_id, state, doc_number, drafted_at, approver_name, approved_at \
             FROM commendation_lists WHERE unit_id = $1 AND period_id = $2"
        )
        .bind(unit_id)
        .bind(period_id)
        .fetch_optional(p)
        .await?
        });
        let Some(list) = list else {
            return Ok(None);
        };
        let entries = read!(self, |p| sqlx::query_as::<_, CommendationEntry>(
            "SELECT e.id AS evaluation_id, e.full_name, e.position_title, e.leader_total, \
                    COALESCE(e.amended_grade, e.final_grade) AS grade, c.achievement \
             FROM commendation_entries c JOIN evaluations e ON e.id = c.evaluation_id \
             WHERE c.list_id = $1 ORDER BY e.name_sort, e.id"
        )
        .bind(&list.id)
        .fetch_all(p)
        .await?);
        Ok(Some((list, entries)))
    }

    /// Writes the draft of the unit's list of the period (creating it): the document number
    /// and the people with their achievements, replacing what the draft held. Refused with
    /// `commend.err.approved` once approved and `commend.err.not_eligible` when someone is not
    /// a published A of the unit and period; nothing is written then.
    pub async fn save_commendation_draft(
        &self,
        unit_id: &str,
        period_id: &str,
        doc_number: &str,
        entries: &[(String, String)],
        by: &str,
    ) -> Result<String> {
        let t = now();
        write_tx!(self, |tx| {
            let existing: Option<(String, String)> = sqlx::query_as(
                "SELECT id, state FROM commendation_lists WHERE unit_id = $1 AND period_id = $2",
            )
            .bind(unit_id)
            .bind(period_id)
            .fetch_optional(&mut *tx)
            .await?;
            let id = match existing {
                Some((id, state)) => {
                    if ListState::parse(&state) != Some(ListState::Draft) {
                        return Err(refused(CommendError::Approved));
                    }
                    // Only while still a draft: on PostgreSQL an approval may commit between
                    // the read above and this write (the row lock makes us wait, then see it).
                    let changed = sqlx::query(
                        "UPDATE commendation_lists SET doc_number = $2, drafted_by = $3, drafted_at = $4 \
                         WHERE id = $1 AND state = 'draft'",
                    )
                    .bind(&id)
                    .bind(doc_number)
                    .bind(by)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed == 0 {
                        return Err(refused(CommendError::Approved));
                    }
                    sqlx::query("DELETE FROM commendation_entries WHERE list_id = $1")
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
                None => {
                    let id = new_id();
                    sqlx::query(
                        "INSERT INTO commendation_lists (id, unit_id, period_id, state, doc_number, drafted_by, drafted_at, approver_name) \
                         VALUES ($1, $2, $3, 'draft', $4, $5, $6, '')",
                    )
                    .bind(&id)
                    .bind(unit_id)
                    .bind(period_id)
                    .bind(doc_number)
                    .bind(by)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
            };
            check_eligible!(tx, unit_id, period_id, entries.iter().map(|(id, _)| id));
            for (evaluation_id, achievement) in entries {
                sqlx::query(
                    "INSERT INTO commendation_entries (list_id, evaluation_id, achievement) VALUES ($1, $2, $3) \
                     ON CONFLICT (list_id, evaluation_id) DO UPDATE SET achievement = excluded.achievement",
                )
                .bind(&id)
                .bind(evaluation_id)
                .bind(achievement)
                .execute(&mut *tx)
                .await?;
            }
            Ok(id)
        })
    }

    /// Approves a draft list, by the head of its unit (`by_head` as the caller established it)
    /// named `approver_name`. Refused when approved already (also by another approval that
    /// committed first), empty, not by the head, or when someone on it no longer holds a
    /// published A (a grade amended since the draft).
    pub async fn approve_commendation_list(
        &self,
        list_id: &str,
        by: &str,
        approver_name: &str,
        by_head: bool,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let list: Option<(String, String, String)> = sqlx::query_as(
                "SELECT state, unit_id, period_id FROM commendation_lists WHERE id = $1",
            )
            .bind(list_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (state, unit_id, period_id) = list.ok_or(StoreError::NotFound)?;
            let state = ListState::parse(&state).ok_or(StoreError::NotFound)?;
            let ids: Vec<String> = sqlx::query_scalar(
                "SELECT evaluation_id FROM commendation_entries WHERE list_id = $1",
            )
            .bind(list_id)
            .fetch_all(&mut *tx)
            .await?;
            let entries = ids.len();
            // Everyone on it must still hold a published A (a grade amended since the draft
            // refuses the approval).
            check_eligible!(tx, unit_id, period_id, &ids);
            check_approval(state, entries, by_head).map_err(refused)?;
            let changed = sqlx::query(
                "UPDATE commendation_lists SET state = 'approved', approved_by = $2, approver_name = $3, approved_at = $4 \
                 WHERE id = $1 AND state = 'draft'",
            )
            .bind(list_id)
            .bind(by)
            .bind(approver_name)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(refused(CommendError::Approved));
            }
            Ok(())
        })
    }

    /// The head of a unit in a period: the person most of the unit's staff forms name as head.
    pub async fn unit_head(&self, unit_id: &str, period_id: &str) -> Result<Option<String>> {
        Ok(read!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT head_id FROM evaluations WHERE unit_id = $1 AND period_id = $2 \
             AND head_id IS NOT NULL AND head_id <> person_id \
             GROUP BY head_id ORDER BY COUNT(*) DESC, head_id LIMIT 1"
        )
        .bind(unit_id)
        .bind(period_id)
        .fetch_optional(p)
        .await?))
    }
}
