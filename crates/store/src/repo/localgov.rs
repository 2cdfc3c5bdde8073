//! Local government (issue 11 §3, SPEC M8.3; rules in `danhgia_domain::localgov`): council and
//! committee memberships by term, and commune-level staff categories.

use danhgia_domain::localgov::{self, Body, CommuneCategory, Membership, Office};
use time::Date;

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A membership as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OfficeRow {
    pub id: String,
    pub unit_id: String,
    pub term: i64,
    #[sqlx(try_from = "String")]
    pub body: Body,
    #[sqlx(try_from = "String")]
    pub office: Office,
    pub person_id: Option<String>,
    pub full_name: String,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    pub decision_number: String,
}

impl Store {
    /// The memberships of a unit's council and committee in a term, by body, office, start.
    pub async fn offices(&self, unit_id: &str, term: i32) -> Result<Vec<OfficeRow>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, OfficeRow>(
            "SELECT id, unit_id, term, body, office, person_id, full_name, started_on, ended_on, decision_number \
             FROM local_offices WHERE unit_id = $1 AND term = $2 ORDER BY body, office, started_on, full_name, id"
        )
        .bind(unit_id)
        .bind(i64::from(term))
        .fetch_all(p)
        .await?
        }))
    }

    /// Records a checked membership (`localgov::check` found nothing); a second serving chair
    /// of the same body and term is refused (`localgov.err.chair_taken`).
    pub async fn add_office(
        &self,
        unit_id: &str,
        m: &Membership,
        person_id: Option<&str>,
        by_name: &str,
    ) -> Result<String> {
        let (Some(body), Some(office), Some(from)) = (m.body, m.office, m.from) else {
            return Err(StoreError::Refused("localgov.err.body"));
        };
        let id = new_id();
        write_tx!(self, |tx| {
            // Lock the unit's row so two chairs are never added at once.
            sqlx::query("UPDATE units SET name = name WHERE id = $1")
                .bind(unit_id)
                .execute(&mut *tx)
                .await?;
            let serving: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM local_offices WHERE unit_id = $1 AND term = $2 AND body = $3 AND office = $4 \
                 AND ended_on IS NULL",
            )
            .bind(unit_id)
            .bind(i64::from(m.term))
            .bind(body.as_str())
            .bind(office.as_str())
            .fetch_one(&mut *tx)
            .await?;
            if !localgov::seat_free(office, usize::try_from(serving).unwrap_or(usize::MAX)) {
                return Err(StoreError::Refused("localgov.err.chair_taken"));
            }
            sqlx::query(
                "INSERT INTO local_offices (id, unit_id, term, body, office, person_id, full_name, started_on, ended_on, \
                 decision_number, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&id)
            .bind(unit_id)
            .bind(i64::from(m.term))
            .bind(body.as_str())
            .bind(office.as_str())
            .bind(person_id)
            .bind(m.full_name.trim())
            .bind(from)
            .bind(m.to)
            .bind(m.decision_number.trim())
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Ends a serving membership of `unit_id` on `on` (not before it began).
    pub async fn end_office(&self, unit_id: &str, id: &str, on: Date) -> Result<()> {
        write_tx!(self, |tx| {
            let started: Option<Date> = sqlx::query_scalar(
                "SELECT started_on FROM local_offices WHERE id = $1 AND unit_id = $2 AND ended_on IS NULL",
            )
            .bind(id)
            .bind(unit_id)
            .fetch_optional(&mut *tx)
            .await?;
            match started {
                None => return Err(StoreError::NotFound),
                Some(s) if on < s => return Err(StoreError::Refused("hr.err.to_before_from")),
                Some(_) => {}
            }
            sqlx::query("UPDATE local_offices SET ended_on = $2 WHERE id = $1")
                .bind(id)
                .bind(on)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// The commune-level categories of the given people.
    pub async fn commune_categories(
        &self,
        people: &[String],
    ) -> Result<Vec<(String, CommuneCategory)>> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=people.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT person_id, category FROM commune_staff WHERE person_id IN ({})",
            marks.join(", ")
        );
        let rows: Vec<(String, String)> = read!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for id in people {
                q = q.bind(id);
            }
            q.fetch_all(p).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(p, c)| CommuneCategory::parse(&c).map(|c| (p, c)))
            .collect())
    }

    /// Sets (or, with `None`, clears) the commune-level category of each person, in one
    /// transaction.
    pub async fn set_commune_categories(
        &self,
        rows: &[(String, Option<CommuneCategory>)],
        by_name: &str,
    ) -> Result<()> {
        write_tx!(self, |tx| {
            for (person, category) in rows {
                match category {
                    None => {
                        sqlx::query("DELETE FROM commune_staff WHERE person_id = $1")
                            .bind(person)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Some(c) => {
                        sqlx::query(
                            "INSERT INTO commune_staff (person_id, category, updated_by_name, updated_at) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (person_id) DO UPDATE SET category = excluded.category, \
                             updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at",
                        )
                        .bind(person)
                        .bind(c.as_str())
                        .bind(by_name)
                        .bind(now())
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            Ok(())
        })
    }
}
