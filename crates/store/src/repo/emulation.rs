//! Emulation registrations and awards (issue 11 §4, SPEC M8.4; rules in
//! `danhgia_domain::emulation`).

use danhgia_domain::emulation::Award;
use danhgia_domain::org::subtree_bounds;
use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A registration for a title: the unit's own (`person_id` none) or a person's.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pledge {
    pub person_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub award: Award,
    pub registered_by_name: String,
    pub registered_at: OffsetDateTime,
}

/// An award as recorded, with whom it went to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct AwardRow {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub person_id: Option<String>,
    pub full_name: Option<String>,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub award: Award,
    pub decision_number: String,
    pub decision_date: Date,
    pub decision_signer: String,
    pub note: String,
}

/// An award to record: for `person_id`, or for the collective `unit_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAward {
    pub unit_id: String,
    pub person_id: Option<String>,
    pub year: i32,
    pub award: Award,
    pub decision_number: String,
    pub decision_date: Date,
    pub decision_signer: String,
    pub note: String,
}

const AWARD_SELECT: &str = "SELECT a.id, a.unit_id, u.name AS unit_name, a.person_id, p.full_name, a.year, a.award, \
     a.decision_number, a.decision_date, a.decision_signer, a.note FROM awards a JOIN units u ON u.id = a.unit_id \
     LEFT JOIN people p ON p.id = a.person_id";

impl Store {
    /// A unit's registrations of a year.
    pub async fn pledges(&self, unit_id: &str, year: i32) -> Result<Vec<Pledge>> {
        Ok(read!(self, |p| sqlx::query_as::<_, Pledge>(
            "SELECT person_id, award, registered_by_name, registered_at FROM emulation_pledges \
             WHERE unit_id = $1 AND year = $2"
        )
        .bind(unit_id)
        .bind(i64::from(year))
        .fetch_all(p)
        .await?))
    }

    /// Replaces a unit's registrations of a year: its own title (if any) and its people's
    /// (each a current member of the unit).
    pub async fn save_pledges(
        &self,
        unit_id: &str,
        year: i32,
        own: Option<Award>,
        people: &[(String, Award)],
        by_name: &str,
    ) -> Result<()> {
        let members: Vec<String> = self
            .people_in_unit(unit_id)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        if people.iter().any(|(p, _)| !members.contains(p)) {
            return Err(StoreError::NotFound);
        }
        write_tx!(self, |tx| {
            sqlx::query("DELETE FROM emulation_pledges WHERE unit_id = $1 AND year = $2")
                .bind(unit_id)
                .bind(i64::from(year))
                .execute(&mut *tx)
                .await?;
            let at = now();
            let rows = own
                .map(|a| (unit_id.to_owned(), None, a))
                .into_iter()
                .chain(people.iter().map(|(p, a)| (p.clone(), Some(p.clone()), *a)));
            for (subject, person, award) in rows {
                sqlx::query(
                    "INSERT INTO emulation_pledges (year, subject_id, unit_id, person_id, award, registered_by_name, registered_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(i64::from(year))
                .bind(&subject)
                .bind(unit_id)
                .bind(&person)
                .bind(award.as_str())
                .bind(by_name)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }

    /// Records an award; returns its id.
    pub async fn record_award(&self, a: &NewAward, by_name: &str) -> Result<String> {
        let id = new_id();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO awards (id, unit_id, person_id, year, award, decision_number, decision_date, decision_signer, \
                 note, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(&id)
            .bind(&a.unit_id)
            .bind(&a.person_id)
            .bind(i64::from(a.year))
            .bind(a.award.as_str())
            .bind(a.decision_number.trim())
            .bind(a.decision_date)
            .bind(a.decision_signer.trim())
            .bind(a.note.trim())
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// The awards of a year in the subtree under `path` (persons by their unit then name).
    pub async fn awards_in(&self, path: &str, year: i32) -> Result<Vec<AwardRow>> {
        let (lo, hi) = subtree_bounds(path);
        let sql = format!(
            "{AWARD_SELECT} WHERE u.path >= $1 AND u.path < $2 AND a.year = $3 ORDER BY u.path, p.name_sort, a.decision_date, a.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, AwardRow>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(lo)
        .bind(hi)
        .bind(i64::from(year))
        .fetch_all(p)
        .await?))
    }

    /// A person's awards, newest first.
    pub async fn awards_of(&self, person_id: &str) -> Result<Vec<AwardRow>> {
        let sql = format!(
            "{AWARD_SELECT} WHERE a.person_id = $1 ORDER BY a.year DESC, a.decision_date DESC, a.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, AwardRow>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(person_id)
        .fetch_all(p)
        .await?))
    }

    /// The people of the subtree under `path` disciplined in `year`, with the form.
    pub async fn disciplined_in(&self, path: &str, year: i32) -> Result<Vec<(String, String)>> {
        let (lo, hi) = subtree_bounds(path);
        let (Ok(first), Ok(last)) = (
            Date::from_calendar_date(year, time::Month::January, 1),
            Date::from_calendar_date(year, time::Month::December, 31),
        ) else {
            return Err(StoreError::NotFound);
        };
        Ok(read!(self, |p| {
            sqlx::query_as::<_, (String, String)>(
            "SELECT c.person_id, COALESCE(c.discipline, '') FROM career_processes c JOIN people p ON p.id = c.person_id \
             JOIN units u ON u.id = p.unit_id WHERE c.kind = 'discipline' AND u.path >= $1 AND u.path < $2 \
             AND c.started_on >= $3 AND c.started_on <= $4"
        )
        .bind(lo)
        .bind(hi)
        .bind(first)
        .bind(last)
        .fetch_all(p)
        .await?
        }))
    }
}
