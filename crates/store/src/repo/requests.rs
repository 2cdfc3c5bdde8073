//! What happens around a form besides its moves (issue 5 §4–5, M4.5–M4.7): a staff member asks
//! for a later self-assessment date and the evaluator grants or refuses it; after publication a
//! staff member appeals and the head answers; the head amends a published grade with a reason,
//! kept beside the original; files are attached. Each answer and amendment is also recorded in
//! the form's history.

use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A request about a form and its answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FormRequest {
    pub id: String,
    pub evaluation_id: String,
    /// `extension` or `appeal`.
    pub kind: String,
    pub reason: String,
    pub wanted_until: Option<Date>,
    pub asked_by_name: String,
    pub asked_at: OffsetDateTime,
    /// `granted`, `refused` or `answered`; `None` while open.
    pub answer: Option<String>,
    pub answer_note: String,
    pub granted_until: Option<Date>,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<OffsetDateTime>,
}

/// An amendment of a published form.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Amendment {
    pub old_grade: Option<String>,
    pub new_grade: String,
    pub reason: String,
    pub by_name: String,
    pub at: OffsetDateTime,
}

/// A file attached to a form.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attachment {
    pub id: String,
    pub evaluation_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub storage_key: String,
    pub uploaded_by_name: String,
    pub uploaded_at: OffsetDateTime,
}

/// Who does something.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub account_id: &'a str,
    pub name: &'a str,
}

/// An answer to a request.
#[derive(Debug, Clone)]
pub struct Answer {
    /// `granted`, `refused` or `answered`.
    pub answer: &'static str,
    pub note: String,
    /// An extension's new last day.
    pub granted_until: Option<Date>,
    /// An appeal answered with a new grade: (grade, reason).
    pub amend: Option<(String, String)>,
}

macro_rules! event {
    ($tx:expr, $form:expr, $t:expr, $by:expr, $action:expr, $status:expr, $old:expr, $new:expr, $reason:expr) => {
        sqlx::query(
            "INSERT INTO evaluation_events (id, evaluation_id, at, actor_id, actor_name, action, from_status, to_status, \
             old_grade, new_grade, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)",
        )
        .bind(new_id())
        .bind($form)
        .bind($t)
        .bind($by.account_id)
        .bind($by.name)
        .bind($action)
        .bind($status)
        .bind($old)
        .bind($new)
        .bind($reason)
        .execute(&mut *$tx)
        .await?
    };
}

/// Inserts an amendment, sets the form's standing grade and records it, inside `$tx`.
macro_rules! amend_in {
    ($tx:expr, $form:expr, $request:expr, $old:expr, $new_grade:expr, $reason:expr, $by:expr, $t:expr, $status:expr) => {{
        sqlx::query(
            "INSERT INTO amendments (id, evaluation_id, request_id, old_grade, new_grade, reason, by_id, by_name, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind($form)
        .bind($request)
        .bind($old.clone())
        .bind($new_grade)
        .bind($reason)
        .bind($by.account_id)
        .bind($by.name)
        .bind($t)
        .execute(&mut *$tx)
        .await?;
        sqlx::query("UPDATE evaluations SET amended_grade = $2, updated_at = $3, updated_by = $4 WHERE id = $1")
            .bind($form)
            .bind($new_grade)
            .bind($t)
            .bind($by.name)
            .execute(&mut *$tx)
            .await?;
        event!($tx, $form, $t, $by, "amend", $status, $old, Some($new_grade), $reason);
    }};
}

/// The status of form `$id`, read inside `$tx`.
macro_rules! status_of {
    ($tx:expr, $id:expr) => {{
        let status: String = sqlx::query_scalar("SELECT status FROM evaluations WHERE id = $1")
            .bind($id)
            .fetch_one(&mut *$tx)
            .await?;
        status
    }};
}

impl Store {
    /// The requests of a form, oldest first.
    pub async fn form_requests(&self, evaluation_id: &str) -> Result<Vec<FormRequest>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, FormRequest>(
            "SELECT id, evaluation_id, kind, reason, wanted_until, asked_by_name, asked_at, answer, answer_note, \
             granted_until, answered_by_name, answered_at FROM form_requests WHERE evaluation_id = $1 ORDER BY asked_at, id"
        )
        .bind(evaluation_id)
        .fetch_all(p)
        .await?
        }))
    }

    /// Files a request; `Refused("request_open")` while one of the same kind awaits its answer.
    pub async fn ask(
        &self,
        evaluation_id: &str,
        kind: &str,
        reason: &str,
        wanted_until: Option<Date>,
        by: Actor<'_>,
    ) -> Result<String> {
        let id = new_id();
        let t = now();
        write_tx!(self, |tx| {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM form_requests WHERE evaluation_id = $1 AND kind = $2 AND answer IS NULL",
            )
            .bind(evaluation_id)
            .bind(kind)
            .fetch_one(&mut *tx)
            .await?;
            if open > 0 {
                return Err(StoreError::Refused("request_open"));
            }
            sqlx::query(
                "INSERT INTO form_requests (id, evaluation_id, kind, reason, wanted_until, asked_by, asked_by_name, asked_at, \
                 answer_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '')",
            )
            .bind(&id)
            .bind(evaluation_id)
            .bind(kind)
            .bind(reason)
            .bind(wanted_until)
            .bind(by.account_id)
            .bind(by.name)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let status = status_of!(tx, evaluation_id);
            event!(
                tx,
                evaluation_id,
                t,
                by,
                kind,
                &status,
                None::<String>,
                None::<String>,
                reason
            );
            Ok(())
        })?;
        Ok(id)
    }

    /// Answers an open request, with its effect in the same transaction: a granted extension
    /// moves the form's last self-assessment day; an appeal may amend the grade.
    /// `Refused("request_answered")` when someone answered first.
    pub async fn answer_request(&self, request_id: &str, a: &Answer, by: Actor<'_>) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let row: Option<(String, String)> =
                sqlx::query_as("SELECT evaluation_id, kind FROM form_requests WHERE id = $1")
                    .bind(request_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (form, kind) = row.ok_or(StoreError::NotFound)?;
            let n = sqlx::query(
                "UPDATE form_requests SET answer = $2, answer_note = $3, granted_until = $4, answered_by = $5, \
                 answered_by_name = $6, answered_at = $7 WHERE id = $1 AND answer IS NULL",
            )
            .bind(request_id)
            .bind(a.answer)
            .bind(&a.note)
            .bind(a.granted_until)
            .bind(by.account_id)
            .bind(by.name)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Refused("request_answered"));
            }
            let (status, grade): (String, Option<String>) = sqlx::query_as(
                "SELECT status, COALESCE(amended_grade, final_grade) FROM evaluations WHERE id = $1",
            )
            .bind(&form)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(until) = a.granted_until.filter(|_| kind == "extension") {
                let before = until.next_day().ok_or(StoreError::Refused("date"))?;
                sqlx::query(
                    "UPDATE evaluations SET extended_to = $2, version = version + 1, updated_at = $3, updated_by = $4 WHERE id = $1",
                )
                .bind(&form)
                .bind(before)
                .bind(t)
                .bind(by.name)
                .execute(&mut *tx)
                .await?;
            }
            let action = format!("{kind}_{}", a.answer);
            event!(
                tx,
                &form,
                t,
                by,
                &action,
                &status,
                grade.clone(),
                grade.clone(),
                &a.note
            );
            if let Some((new_grade, reason)) = &a.amend {
                amend_in!(
                    tx,
                    &form,
                    Some(request_id),
                    grade,
                    new_grade.as_str(),
                    reason,
                    by,
                    t,
                    &status
                );
            }
            Ok(())
        })
    }

    /// Amends a published form's grade with a reason (M4.7); the original stays.
    pub async fn amend(
        &self,
        evaluation_id: &str,
        new_grade: &str,
        reason: &str,
        by: Actor<'_>,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let (status, grade): (String, Option<String>) = sqlx::query_as(
                "SELECT status, COALESCE(amended_grade, final_grade) FROM evaluations WHERE id = $1",
            )
            .bind(evaluation_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            if status != "published" {
                return Err(StoreError::Refused("not_published"));
            }
            amend_in!(
                tx,
                evaluation_id,
                None::<&str>,
                grade,
                new_grade,
                reason,
                by,
                t,
                &status
            );
            Ok(())
        })
    }

    /// The amendments of a form, oldest first.
    pub async fn amendments(&self, evaluation_id: &str) -> Result<Vec<Amendment>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Amendment>(
            "SELECT old_grade, new_grade, reason, by_name, at FROM amendments WHERE evaluation_id = $1 ORDER BY at, id"
        )
        .bind(evaluation_id)
        .fetch_all(p)
        .await?
        }))
    }

    /// Records an attached file (stored by the caller under `storage_key`).
    pub async fn add_attachment(&self, a: &Attachment, by: Actor<'_>) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO attachments (id, evaluation_id, file_name, content_type, size, storage_key, uploaded_by, \
                 uploaded_by_name, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&a.id)
            .bind(&a.evaluation_id)
            .bind(&a.file_name)
            .bind(&a.content_type)
            .bind(a.size)
            .bind(&a.storage_key)
            .bind(by.account_id)
            .bind(by.name)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let status = status_of!(tx, &a.evaluation_id);
            event!(
                tx,
                &a.evaluation_id,
                t,
                by,
                "attach",
                &status,
                None::<String>,
                None::<String>,
                &a.file_name
            );
            Ok(())
        })
    }

    /// The files of a form still attached, oldest first.
    pub async fn attachments(&self, evaluation_id: &str) -> Result<Vec<Attachment>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Attachment>(
            "SELECT id, evaluation_id, file_name, content_type, size, storage_key, uploaded_by_name, uploaded_at \
             FROM attachments WHERE evaluation_id = $1 AND deleted_at IS NULL ORDER BY uploaded_at, id"
        )
        .bind(evaluation_id)
        .fetch_all(p)
        .await?
        }))
    }

    /// Marks a file removed (it stays stored: the history names it).
    pub async fn remove_attachment(&self, id: &str, by: Actor<'_>) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let row: Option<(String, String)> = sqlx::query_as(
                "SELECT evaluation_id, file_name FROM attachments WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let (form, name) = row.ok_or(StoreError::NotFound)?;
            sqlx::query("UPDATE attachments SET deleted_at = $2 WHERE id = $1")
                .bind(id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            let status = status_of!(tx, &form);
            event!(
                tx,
                &form,
                t,
                by,
                "detach",
                &status,
                None::<String>,
                None::<String>,
                &name
            );
            Ok(())
        })
    }
}
