//! The annual evaluation's rows (issue 10 §6; rules in `danhgia_domain::annual`): a person's
//! monthly results of a year, the sheets they were decided on (to pre-fill the annual form),
//! and the admin's note on an annual form.

use danhgia_domain::annual::{Month, Note};
use danhgia_domain::grade::Grade;
use danhgia_domain::points::Points;
use time::OffsetDateTime;

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, now};

/// An admin's note on an annual form, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct AnnualNote {
    pub evaluation_id: String,
    /// `paper` or `not_evaluated`.
    pub kind: String,
    pub total: Option<i64>,
    pub grade: Option<String>,
    /// The old unit, for a paper result.
    pub source: String,
    pub note: String,
    pub entered_by_name: String,
    pub entered_at: OffsetDateTime,
}

impl AnnualNote {
    /// The note as the rules see it; `None` for a row the rules do not know.
    pub fn rule(&self) -> Option<Note> {
        match self.kind.as_str() {
            "not_evaluated" => Some(Note::NotEvaluated),
            "paper" => Some(Note::Paper {
                total: Points(self.total?),
                grade: Grade::parse(self.grade.as_deref()?)?,
            }),
            _ => None,
        }
    }
}

impl Store {
    /// The person's published monthly results of `year`, wherever their forms were made (NĐ 335
    /// Đ.19.1: a transferred person's months at the old unit count), by month.
    pub async fn year_months(&self, person_id: &str, year: i64) -> Result<Vec<Month>> {
        let rows: Vec<(i64, Option<i64>, Option<String>)> = read!(self, |p| {
            sqlx::query_as(
            "SELECT p.month, e.leader_total, COALESCE(e.amended_grade, e.final_grade) FROM evaluations e \
             JOIN periods p ON p.id = e.period_id \
             WHERE e.person_id = $1 AND p.year = $2 AND p.month > 0 AND e.status = 'published' \
             ORDER BY p.month"
        )
        .bind(person_id)
        .bind(year)
        .fetch_all(p)
        .await?
        });
        Ok(rows
            .into_iter()
            .map(|(m, total, grade)| Month {
                month: u8::try_from(m).unwrap_or(0),
                total: total.map(Points),
                grade: grade.as_deref().and_then(Grade::parse),
            })
            .collect())
    }

    /// The sheets (JSON) the person's published months of `year` were decided on.
    pub async fn year_sheets(&self, person_id: &str, year: i64) -> Result<Vec<String>> {
        Ok(read!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT e.leader_sheet FROM evaluations e JOIN periods p ON p.id = e.period_id \
             WHERE e.person_id = $1 AND p.year = $2 AND p.month > 0 AND e.status = 'published' \
             ORDER BY p.month"
        )
        .bind(person_id)
        .bind(year)
        .fetch_all(p)
        .await?))
    }

    /// The admin's note on an annual form, if any.
    pub async fn annual_note(&self, evaluation_id: &str) -> Result<Option<AnnualNote>> {
        Ok(read!(self, |p| sqlx::query_as::<_, AnnualNote>(
            "SELECT evaluation_id, kind, total, grade, source, note, entered_by_name, entered_at \
             FROM annual_notes WHERE evaluation_id = $1"
        )
        .bind(evaluation_id)
        .fetch_optional(p)
        .await?))
    }

    /// Writes (or replaces, or with `None` removes) the note on an annual form. Refused with
    /// `annual.err.decided` once the form is decided: the note is what the decision starts from.
    pub async fn set_annual_note(
        &self,
        evaluation_id: &str,
        note: Option<(&Note, &str, &str)>,
        by: Option<&str>,
        by_name: &str,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let status: Option<(String, i64)> = sqlx::query_as(
                "SELECT e.status, p.month FROM evaluations e JOIN periods p ON p.id = e.period_id \
                     WHERE e.id = $1",
            )
            .bind(evaluation_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (status, month) = status.ok_or(StoreError::NotFound)?;
            if month != 0 {
                return Err(StoreError::Refused("annual.err.not_annual"));
            }
            if !matches!(status.as_str(), "draft" | "submitted" | "reviewed") {
                return Err(StoreError::Refused("annual.err.decided"));
            }
            // The decision starts from the note: one read before it changed is stale.
            sqlx::query("UPDATE evaluations SET version = version + 1 WHERE id = $1")
                .bind(evaluation_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM annual_notes WHERE evaluation_id = $1")
                .bind(evaluation_id)
                .execute(&mut *tx)
                .await?;
            if let Some((rule, source, text)) = note {
                let (kind, total, grade) = match rule {
                    Note::NotEvaluated => ("not_evaluated", None, None),
                    Note::Paper { total, grade } => {
                        ("paper", Some(total.hundredths()), Some(grade.as_str()))
                    }
                };
                sqlx::query(
                    "INSERT INTO annual_notes (evaluation_id, kind, total, grade, source, note, entered_by, entered_by_name, entered_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(evaluation_id)
                .bind(kind)
                .bind(total)
                .bind(grade)
                .bind(source)
                .bind(text)
                .bind(by)
                .bind(by_name)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }
}
