//! Moving a file out of its unit's scope (issue 11 §6, SPEC M8.6; rule in
//! `danhgia_domain::hr::move_approver`): requested by the unit's admins, carried out or refused
//! by the admins of the lowest unit above both. Carrying it out writes the transfer process and
//! moves the person (as `Store::record_process` with "carry out") in the same transaction as
//! the approval, after locking the request so it is decided once.

use danhgia_domain::hr::{Decision, Details, Process, ProcessKind};
use danhgia_domain::org::subtree_bounds;
use danhgia_domain::people::PositionRank;
use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::repo::accounts::insert_grant;
use crate::repo::hr::{leader_role, write_process};
use crate::repo::people::{insert_placement, release_as_leader};
use crate::{Store, new_id, now};
use danhgia_domain::access::Role;
use danhgia_domain::points::Points;

/// A request to move a file, as stored, with names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FileMove {
    pub id: String,
    pub person_id: String,
    pub full_name: String,
    pub from_unit_id: String,
    pub from_unit_name: String,
    pub to_unit_id: String,
    pub to_unit_name: String,
    pub approver_path: String,
    pub position_title: String,
    #[sqlx(try_from = "String")]
    pub rank: PositionRank,
    pub effective_on: Date,
    pub decision_number: String,
    pub decision_date: Date,
    pub decision_signer: String,
    pub note: String,
    pub state: String,
    pub requested_by_name: String,
    pub requested_at: OffsetDateTime,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub answer: String,
}

impl FileMove {
    /// The transfer the request carries out.
    pub fn process(&self) -> Process {
        Process {
            kind: ProcessKind::Transfer,
            from: Some(self.effective_on),
            to: None,
            decision: Decision {
                number: self.decision_number.clone(),
                date: Some(self.decision_date),
                signer: self.decision_signer.clone(),
            },
            details: Details {
                position_title: self.position_title.clone(),
                unit_id: Some(self.to_unit_id.clone()),
                rank: Some(self.rank),
                ..Details::default()
            },
        }
    }
}

/// A request to write: the transfer (`process`, checked by `hr::check`, its unit the target)
/// and the approver's path (`hr::move_approver`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFileMove {
    pub person_id: String,
    pub from_unit_id: String,
    pub approver_path: String,
    pub process: Process,
    pub note: String,
}

const MOVE_SELECT: &str = "SELECT m.id, m.person_id, p.full_name, m.from_unit_id, f.name AS from_unit_name, m.to_unit_id, \
     t.name AS to_unit_name, m.approver_path, m.position_title, m.rank, m.effective_on, m.decision_number, m.decision_date, \
     m.decision_signer, m.note, m.state, m.requested_by_name, m.requested_at, m.decided_by_name, m.decided_at, m.answer \
     FROM file_moves m JOIN people p ON p.id = m.person_id JOIN units f ON f.id = m.from_unit_id JOIN units t ON t.id = m.to_unit_id";

impl Store {
    /// Files a request; one pending request per person (`move.err.pending`).
    pub async fn request_move(&self, m: &NewFileMove, by_name: &str) -> Result<String> {
        let p = &m.process;
        let (Some(from), Some(decided), Some(to), Some(rank)) = (
            p.from,
            p.decision.date,
            p.details.unit_id.as_deref(),
            p.details.rank,
        ) else {
            return Err(StoreError::Refused("hr.err.unit"));
        };
        let id = new_id();
        write_tx!(self, |tx| {
            let pending: Option<String> = sqlx::query_scalar(
                "SELECT id FROM file_moves WHERE person_id = $1 AND state = 'pending'",
            )
            .bind(&m.person_id)
            .fetch_optional(&mut *tx)
            .await?;
            if pending.is_some() {
                return Err(StoreError::Refused("move.err.pending"));
            }
            sqlx::query(
                "INSERT INTO file_moves (id, person_id, from_unit_id, to_unit_id, approver_path, position_title, rank, \
                 effective_on, decision_number, decision_date, decision_signer, note, state, requested_by_name, requested_at, answer) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', $13, $14, '')",
            )
            .bind(&id)
            .bind(&m.person_id)
            .bind(&m.from_unit_id)
            .bind(to)
            .bind(&m.approver_path)
            .bind(p.details.position_title.trim())
            .bind(rank.as_str())
            .bind(from)
            .bind(p.decision.number.trim())
            .bind(decided)
            .bind(p.decision.signer.trim())
            .bind(m.note.trim())
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// A request.
    pub async fn file_move(&self, id: &str) -> Result<FileMove> {
        let sql = format!("{MOVE_SELECT} WHERE m.id = $1");
        read!(self, |p| sqlx::query_as::<_, FileMove>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// A person's requests, newest first.
    pub async fn moves_of(&self, person_id: &str) -> Result<Vec<FileMove>> {
        let sql =
            format!("{MOVE_SELECT} WHERE m.person_id = $1 ORDER BY m.requested_at DESC, m.id");
        Ok(read!(self, |p| sqlx::query_as::<_, FileMove>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(person_id)
        .fetch_all(p)
        .await?))
    }

    /// The requests whose person left, or whose approver is, in the subtree under one of
    /// `roots`: newest first, at most `limit`.
    pub async fn file_moves_under(&self, roots: &[String], limit: i64) -> Result<Vec<FileMove>> {
        let mut out = Vec::new();
        for root in roots {
            let (lo, hi) = subtree_bounds(root);
            let sql = format!(
                "{MOVE_SELECT} WHERE (m.approver_path >= $1 AND m.approver_path < $2) OR (f.path >= $1 AND f.path < $2) \
                 ORDER BY m.requested_at DESC, m.id LIMIT $3"
            );
            let rows = read!(self, |p| sqlx::query_as::<_, FileMove>(
                sqlx::AssertSqlSafe(sql)
            )
            .bind(lo)
            .bind(hi)
            .bind(limit)
            .fetch_all(p)
            .await?);
            for r in rows {
                if !out.iter().any(|x: &FileMove| x.id == r.id) {
                    out.push(r);
                }
            }
        }
        out.sort_by_key(|m| std::cmp::Reverse(m.requested_at));
        Ok(out)
    }

    /// Carries a pending request out (`approve`: the transfer is written and the person moved)
    /// or refuses it with `answer`; `move.err.decided` when it is no longer pending.
    pub async fn decide_move(
        &self,
        id: &str,
        approve: bool,
        answer: &str,
        by: Option<&str>,
        by_name: &str,
    ) -> Result<()> {
        let m = self.file_move(id).await?;
        let person = self.person(&m.person_id).await?;
        let process = m.process();
        let process_id = new_id();
        write_tx!(self, |tx| {
            let claimed = sqlx::query(
                "UPDATE file_moves SET state = $2, decided_by_name = $3, decided_at = $4, answer = $5 \
                 WHERE id = $1 AND state = 'pending'",
            )
            .bind(id)
            .bind(if approve { "approved" } else { "refused" })
            .bind(by_name)
            .bind(now())
            .bind(answer.trim())
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 0 {
                return Err(StoreError::Refused("move.err.decided"));
            }
            if approve {
                // The person must still be where the request found them.
                if person.unit_id != m.from_unit_id {
                    return Err(StoreError::Refused("move.err.moved"));
                }
                write_process!(
                    tx,
                    &process_id,
                    &person,
                    &process,
                    true,
                    &m.note,
                    by,
                    by_name
                );
            }
            Ok(())
        })
    }
}
