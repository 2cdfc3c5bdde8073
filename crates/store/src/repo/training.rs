//! Training courses and enrolments (issue 11 §5, SPEC M8.5; rules in
//! `danhgia_domain::training`). Each enrolment, completion or withdrawal locks its course's row
//! first, so two admins never fill the last seat twice (PostgreSQL READ COMMITTED; SQLite
//! writes one at a time anyway).

use danhgia_domain::org::{ancestor_paths, subtree_bounds};
use danhgia_domain::training::{self, Course, CourseKind, Enrolment};
use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A course as stored, with its unit and how many hold a seat.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseRow {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: CourseKind,
    pub organiser: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub seats: Option<i64>,
    /// Enrolled or completed.
    pub taken: i64,
    pub completed: i64,
}

impl CourseRow {
    /// The course the rules read.
    pub fn course(&self) -> Course {
        Course {
            name: self.name.clone(),
            kind: Some(self.kind),
            organiser: self.organiser.clone(),
            starts_on: Some(self.starts_on),
            ends_on: Some(self.ends_on),
            seats: self.seats.and_then(|s| u32::try_from(s).ok()),
        }
    }
}

/// One person's place in a course.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct EnrolmentRow {
    pub course_id: String,
    pub course_name: String,
    #[sqlx(try_from = "String")]
    pub kind: CourseKind,
    pub starts_on: Date,
    pub ends_on: Date,
    pub person_id: String,
    pub full_name: String,
    pub unit_id: String,
    pub unit_name: String,
    #[sqlx(try_from = "String")]
    pub state: Enrolment,
    pub completed_on: Option<Date>,
    pub certificate: String,
    pub updated_by_name: String,
    pub updated_at: OffsetDateTime,
}

/// A completion, for the reports: where the person was when enrolled, and when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Completion {
    pub person_id: String,
    pub unit_path: String,
    #[sqlx(try_from = "String")]
    pub kind: CourseKind,
    pub completed_on: Date,
}

const COURSE_SELECT: &str = "SELECT c.id, c.unit_id, u.name AS unit_name, c.name, c.kind, c.organiser, c.starts_on, \
     c.ends_on, c.seats, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.course_id = c.id AND e.state <> 'withdrawn') AS taken, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.course_id = c.id AND e.state = 'completed') AS completed \
     FROM courses c JOIN units u ON u.id = c.unit_id";

const ENROLMENT_SELECT: &str = "SELECT e.course_id, c.name AS course_name, c.kind, c.starts_on, c.ends_on, e.person_id, \
     p.full_name, e.unit_id, u.name AS unit_name, e.state, e.completed_on, e.certificate, e.updated_by_name, e.updated_at \
     FROM enrolments e JOIN courses c ON c.id = e.course_id JOIN people p ON p.id = e.person_id \
     JOIN units u ON u.id = e.unit_id";

fn refused(e: training::EnrolError) -> StoreError {
    StoreError::Refused(e.key())
}

/// Inside a write transaction: locks the course row and reads it with its seats taken.
macro_rules! lock_course {
    ($tx:ident, $id:expr) => {{
        let locked = sqlx::query("UPDATE courses SET name = name WHERE id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as::<_, CourseRow>(sqlx::AssertSqlSafe(format!(
            "{COURSE_SELECT} WHERE c.id = $1"
        )))
        .bind($id)
        .fetch_one(&mut *$tx)
        .await?
    }};
}

impl Store {
    /// Announces a checked course (`training::check_course` found nothing) of `unit_id`.
    pub async fn create_course(&self, unit_id: &str, c: &Course, by_name: &str) -> Result<String> {
        let (Some(kind), Some(starts_on), Some(ends_on)) = (c.kind, c.starts_on, c.ends_on) else {
            return Err(StoreError::Refused("training.err.kind"));
        };
        self.unit(unit_id).await?;
        let id = new_id();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO courses (id, unit_id, name, kind, organiser, starts_on, ends_on, seats, created_by_name, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&id)
            .bind(unit_id)
            .bind(c.name.trim())
            .bind(kind.as_str())
            .bind(c.organiser.trim())
            .bind(starts_on)
            .bind(ends_on)
            .bind(c.seats.map(i64::from))
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// A course.
    pub async fn course(&self, id: &str) -> Result<CourseRow> {
        let sql = format!("{COURSE_SELECT} WHERE c.id = $1");
        read!(self, |p| sqlx::query_as::<_, CourseRow>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// The courses a unit at `path` may enrol into: announced by it or a unit above it,
    /// newest first.
    pub async fn courses_for(&self, path: &str) -> Result<Vec<CourseRow>> {
        let paths = ancestor_paths(path);
        let marks: Vec<String> = (1..=paths.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "{COURSE_SELECT} WHERE u.path IN ({}) ORDER BY c.starts_on DESC, c.name, c.id",
            marks.join(", ")
        );
        Ok(read!(self, |p| {
            let mut q = sqlx::query_as::<_, CourseRow>(sqlx::AssertSqlSafe(sql));
            for a in &paths {
                q = q.bind(a);
            }
            q.fetch_all(p).await?
        }))
    }

    /// The enrolments of a course of people whose unit (when enrolled) is in the subtree under
    /// `path`, by unit then name.
    pub async fn course_enrolments(
        &self,
        course_id: &str,
        path: &str,
    ) -> Result<Vec<EnrolmentRow>> {
        let (lo, hi) = subtree_bounds(path);
        let sql = format!(
            "{ENROLMENT_SELECT} WHERE e.course_id = $1 AND u.path >= $2 AND u.path < $3 ORDER BY u.path, p.name_sort, p.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, EnrolmentRow>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(course_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(p)
        .await?))
    }

    /// A person's courses, newest first.
    pub async fn enrolments_of(&self, person_id: &str) -> Result<Vec<EnrolmentRow>> {
        let sql =
            format!("{ENROLMENT_SELECT} WHERE e.person_id = $1 ORDER BY c.starts_on DESC, c.id");
        Ok(read!(self, |p| sqlx::query_as::<_, EnrolmentRow>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(person_id)
        .fetch_all(p)
        .await?))
    }

    /// Enrols a current staff member in their unit, if the course takes them
    /// (`training::may_enrol`; refusals `training.err.*`).
    pub async fn enrol(&self, course_id: &str, person_id: &str, by_name: &str) -> Result<()> {
        let person = self.person(person_id).await?;
        let today = crate::today();
        write_tx!(self, |tx| {
            let course = lock_course!(tx, course_id);
            let held: Option<String> = sqlx::query_scalar(
                "SELECT state FROM enrolments WHERE course_id = $1 AND person_id = $2",
            )
            .bind(course_id)
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
            let held = held.as_deref().and_then(Enrolment::parse);
            training::may_enrol(
                &course.course(),
                u32::try_from(course.taken).unwrap_or(u32::MAX),
                held,
                today,
            )
            .map_err(refused)?;
            sqlx::query(
                "INSERT INTO enrolments (course_id, person_id, unit_id, state, completed_on, certificate, updated_by_name, updated_at) \
                 VALUES ($1, $2, $3, 'enrolled', NULL, '', $4, $5) ON CONFLICT (course_id, person_id) DO UPDATE SET \
                 unit_id = excluded.unit_id, state = 'enrolled', completed_on = NULL, certificate = '', \
                 updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at",
            )
            .bind(course_id)
            .bind(person_id)
            .bind(&person.unit_id)
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records that an enrolled person completed the course on `on` with `certificate`
    /// (`training::may_complete`), or withdraws them (`on` = `None`).
    pub async fn finish_enrolment(
        &self,
        course_id: &str,
        person_id: &str,
        on: Option<Date>,
        certificate: &str,
        by_name: &str,
    ) -> Result<()> {
        let today = crate::today();
        write_tx!(self, |tx| {
            let course = lock_course!(tx, course_id);
            let held: Option<String> = sqlx::query_scalar(
                "SELECT state FROM enrolments WHERE course_id = $1 AND person_id = $2",
            )
            .bind(course_id)
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
            let state = held
                .as_deref()
                .and_then(Enrolment::parse)
                .ok_or(StoreError::NotFound)?;
            match on {
                Some(day) => {
                    training::may_complete(&course.course(), state, day, certificate, today)
                        .map_err(refused)?;
                }
                None if state != Enrolment::Enrolled => {
                    return Err(refused(training::EnrolError::NotEnrolled));
                }
                None => {}
            }
            sqlx::query(
                "UPDATE enrolments SET state = $3, completed_on = $4, certificate = $5, updated_by_name = $6, updated_at = $7 \
                 WHERE course_id = $1 AND person_id = $2",
            )
            .bind(course_id)
            .bind(person_id)
            .bind(if on.is_some() {
                Enrolment::Completed.as_str()
            } else {
                Enrolment::Withdrawn.as_str()
            })
            .bind(on)
            .bind(certificate.trim())
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// The completions from `from` to `to` of people enrolled from the subtree under `path`.
    pub async fn completions(&self, path: &str, from: Date, to: Date) -> Result<Vec<Completion>> {
        let (lo, hi) = subtree_bounds(path);
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Completion>(
            "SELECT e.person_id, u.path AS unit_path, c.kind, e.completed_on FROM enrolments e \
             JOIN courses c ON c.id = e.course_id JOIN units u ON u.id = e.unit_id \
             WHERE e.state = 'completed' AND u.path >= $1 AND u.path < $2 AND e.completed_on >= $3 AND e.completed_on <= $4"
        )
        .bind(lo)
        .bind(hi)
        .bind(from)
        .bind(to)
        .fetch_all(p)
        .await?
        }))
    }
}
