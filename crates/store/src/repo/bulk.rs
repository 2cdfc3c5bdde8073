//! Loading a whole organisation and its history at once: the city-sized demo (issue 6) and, later,
//! a province moving from an older system. Rows are written as multi-row INSERTs, a few hundred
//! rows per statement, each table in one transaction; the rules that shape the rows (account
//! names, who evaluates whom, grades and quotas) are applied by the caller, as everywhere.
//!
//! Nothing here checks business rules: callers hand in rows that the regular paths would have
//! produced. The audit log records each load as one line.

use danhgia_domain::access::Role;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::text;
use sqlx::AssertSqlSafe;
use time::{Date, OffsetDateTime};

use crate::db::write_tx;
use crate::error::Result;
use crate::{Evaluation, NewPeriod, Period, Store, new_id, now};

/// One value of a bulk row.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(bool),
    Time(Option<OffsetDateTime>),
    Day(Option<Date>),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(Some(s.to_owned()))
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(Some(s))
    }
}
impl From<&String> for Cell {
    fn from(s: &String) -> Self {
        Cell::Text(Some(s.clone()))
    }
}
impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        Cell::Text(s)
    }
}
impl From<&Option<String>> for Cell {
    fn from(s: &Option<String>) -> Self {
        Cell::Text(s.clone())
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(Some(v))
    }
}
impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Self {
        Cell::Int(v)
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Self {
        Cell::Bool(v)
    }
}
impl From<OffsetDateTime> for Cell {
    fn from(v: OffsetDateTime) -> Self {
        Cell::Time(Some(v))
    }
}
impl From<Option<OffsetDateTime>> for Cell {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Cell::Time(v)
    }
}
impl From<Date> for Cell {
    fn from(v: Date) -> Self {
        Cell::Day(Some(v))
    }
}
impl From<Option<Date>> for Cell {
    fn from(v: Option<Date>) -> Self {
        Cell::Day(v)
    }
}

/// Inserts `rows` into `table` inside the write transaction `$tx`, `$per` rows per statement
/// (`Store::rows_per_insert`).
macro_rules! insert_rows {
    ($tx:ident, $per:expr, $table:expr, $columns:expr, $rows:expr) => {{
        let columns: &[&str] = $columns;
        let rows: &[Vec<Cell>] = $rows;
        let per: usize = $per(columns.len());
        for chunk in rows.chunks(per) {
            let mut sql = format!("INSERT INTO {} ({}) VALUES ", $table, columns.join(", "));
            let mut n = 0;
            for (i, row) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for k in 0..row.len() {
                    n += 1;
                    if k > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("${n}"));
                }
                sql.push(')');
            }
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for row in chunk {
                for cell in row {
                    q = match cell {
                        Cell::Text(v) => q.bind(v.clone()),
                        Cell::Int(v) => q.bind(*v),
                        Cell::Bool(v) => q.bind(*v),
                        Cell::Time(v) => q.bind(*v),
                        Cell::Day(v) => q.bind(*v),
                    };
                }
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}

/// A unit to load; `path` is its parent's path and its id (`org::child_path`).
#[derive(Debug, Clone)]
pub struct BulkUnit {
    pub id: String,
    pub parent_id: Option<String>,
    pub path: String,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub level: UnitLevel,
    pub block: Block,
    pub suffix: Option<String>,
}

/// A cohort of a unit to load.
#[derive(Debug, Clone)]
pub struct BulkCohort {
    pub id: String,
    pub unit_id: String,
    pub name: String,
}

/// A staff member to load, with their account (staff role on their unit, as `create_person`).
#[derive(Debug, Clone)]
pub struct BulkPerson {
    pub id: String,
    pub unit_id: String,
    pub full_name: String,
    pub position_title: String,
    pub rank: PositionRank,
    pub employment: Employment,
    pub cohort_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// (account id, account name)
    pub account: Option<(String, String)>,
}

/// A move recorded on a loaded form (the history M4.7 keeps).
#[derive(Debug, Clone)]
pub struct BulkEvent {
    pub evaluation_id: String,
    pub at: OffsetDateTime,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub action: &'static str,
    pub from_status: &'static str,
    pub to_status: &'static str,
    pub old_total: Option<i64>,
    pub new_total: Option<i64>,
    pub new_grade: Option<String>,
}

impl Store {
    /// Loads units (parents before children) and their cohorts.
    pub async fn bulk_units(&self, units: &[BulkUnit], cohorts: &[BulkCohort]) -> Result<()> {
        let t = now();
        let unit_rows: Vec<Vec<Cell>> = units
            .iter()
            .map(|u| {
                let name = text::clean(&u.name);
                vec![
                    u.id.as_str().into(),
                    (&u.parent_id).into(),
                    u.path.as_str().into(),
                    u.code.as_str().into(),
                    text::sort_key(&name).into(),
                    name.into(),
                    u.kind.as_str().into(),
                    u.level.as_str().into(),
                    u.block.as_str().into(),
                    (&u.suffix).into(),
                    t.into(),
                    t.into(),
                ]
            })
            .collect();
        let cohort_rows: Vec<Vec<Cell>> = cohorts
            .iter()
            .map(|c| {
                vec![
                    c.id.as_str().into(),
                    c.unit_id.as_str().into(),
                    c.name.as_str().into(),
                    text::sort_key(&c.name).into(),
                    t.into(),
                ]
            })
            .collect();
        write_tx!(self, |tx| {
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "units",
                &[
                    "id",
                    "parent_id",
                    "path",
                    "code",
                    "name_sort",
                    "name",
                    "kind",
                    "level",
                    "block",
                    "suffix",
                    "created_at",
                    "updated_at"
                ],
                &unit_rows
            );
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "cohorts",
                &["id", "unit_id", "name", "name_sort", "created_at"],
                &cohort_rows
            );
            Ok(())
        })
    }

    /// Loads staff members with their accounts (all with `password_hash`, no change required),
    /// their staff role and their first placement.
    pub async fn bulk_people(&self, people: &[BulkPerson], password_hash: &str) -> Result<()> {
        let t = now();
        let today = crate::today();
        let mut person_rows = Vec::with_capacity(people.len());
        let mut account_rows = Vec::with_capacity(people.len());
        let mut grant_rows = Vec::with_capacity(people.len());
        let mut placement_rows = Vec::with_capacity(people.len());
        for p in people {
            let full_name = text::clean(&p.full_name);
            let title = text::clean(&p.position_title);
            person_rows.push(vec![
                p.id.as_str().into(),
                p.unit_id.as_str().into(),
                text::fold(&full_name).into(),
                text::name_sort_key(&full_name).into(),
                full_name.into(),
                title.as_str().into(),
                p.rank.as_str().into(),
                p.employment.as_str().into(),
                (&p.cohort_id).into(),
                (&p.email).into(),
                (&p.phone).into(),
                t.into(),
                t.into(),
            ]);
            placement_rows.push(vec![
                new_id().into(),
                p.id.as_str().into(),
                p.unit_id.as_str().into(),
                title.into(),
                today.into(),
            ]);
            if let Some((account_id, username)) = &p.account {
                account_rows.push(vec![
                    account_id.as_str().into(),
                    p.id.as_str().into(),
                    username.as_str().into(),
                    password_hash.into(),
                    false.into(),
                    0i64.into(),
                    false.into(),
                    t.into(),
                ]);
                grant_rows.push(vec![
                    new_id().into(),
                    account_id.as_str().into(),
                    Role::Staff.as_str().into(),
                    p.unit_id.as_str().into(),
                    t.into(),
                ]);
            }
        }
        write_tx!(self, |tx| {
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "people",
                &[
                    "id",
                    "unit_id",
                    "name_fold",
                    "name_sort",
                    "full_name",
                    "position_title",
                    "rank",
                    "employment",
                    "cohort_id",
                    "email",
                    "phone",
                    "created_at",
                    "updated_at"
                ],
                &person_rows
            );
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "accounts",
                &[
                    "id",
                    "person_id",
                    "username",
                    "password_hash",
                    "must_change_password",
                    "failed_logins",
                    "disabled",
                    "created_at"
                ],
                &account_rows
            );
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "role_grants",
                &["id", "account_id", "role", "unit_id", "created_at"],
                &grant_rows
            );
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "placements",
                &["id", "person_id", "unit_id", "position_title", "started_on"],
                &placement_rows
            );
            Ok(())
        })
    }

    /// Grants roles: (account id, role, unit id).
    pub async fn bulk_grants(&self, grants: &[(String, Role, String)]) -> Result<()> {
        let t = now();
        let rows: Vec<Vec<Cell>> = grants
            .iter()
            .map(|(a, r, u)| {
                vec![
                    new_id().into(),
                    a.as_str().into(),
                    r.as_str().into(),
                    u.as_str().into(),
                    t.into(),
                ]
            })
            .collect();
        write_tx!(self, |tx| {
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "role_grants",
                &["id", "account_id", "role", "unit_id", "created_at"],
                &rows
            );
            Ok(())
        })
    }

    /// Loads a past month as it ended: the period, its forms as given (their `period_id` is
    /// replaced by the new period's) and their history, in one transaction.
    pub async fn bulk_period(
        &self,
        new: &NewPeriod,
        forms: &[Evaluation],
        events: &[BulkEvent],
    ) -> Result<Period> {
        let id = new_id();
        let t = now();
        let form_rows: Vec<Vec<Cell>> = forms
            .iter()
            .map(|f| {
                vec![
                    f.id.as_str().into(),
                    id.as_str().into(),
                    f.person_id.as_str().into(),
                    f.full_name.as_str().into(),
                    text::name_sort_key(&f.full_name).into(),
                    f.unit_id.as_str().into(),
                    f.unit_path.as_str().into(),
                    (&f.cohort_id).into(),
                    f.position_title.as_str().into(),
                    (&f.set_version_id).into(),
                    f.preset.as_str().into(),
                    (&f.reviewer_id).into(),
                    (&f.evaluator_id).into(),
                    (&f.head_id).into(),
                    f.status.as_str().into(),
                    f.self_sheet.as_str().into(),
                    f.self_total.into(),
                    (&f.self_grade).into(),
                    f.review_comment.as_str().into(),
                    f.leader_sheet.as_str().into(),
                    f.leader_total.into(),
                    (&f.leader_grade).into(),
                    (&f.adjusted_grade).into(),
                    f.adjust_reason.as_str().into(),
                    (&f.final_grade).into(),
                    f.submitted_on.into(),
                    f.returned.into(),
                    f.published_at.into(),
                    f.version.into(),
                    f.updated_at.into(),
                    f.updated_by.as_str().into(),
                ]
            })
            .collect();
        let event_rows: Vec<Vec<Cell>> = events
            .iter()
            .map(|e| {
                vec![
                    new_id().into(),
                    e.evaluation_id.as_str().into(),
                    e.at.into(),
                    (&e.actor_id).into(),
                    e.actor_name.as_str().into(),
                    e.action.into(),
                    e.from_status.into(),
                    e.to_status.into(),
                    e.old_total.into(),
                    e.new_total.into(),
                    (&e.new_grade).into(),
                    "".into(),
                ]
            })
            .collect();
        write_tx!(self, |tx| {
            crate::repo::evaluations::insert_period!(tx, &id, new, None, t);
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "evaluations",
                &[
                    "id",
                    "period_id",
                    "person_id",
                    "full_name",
                    "name_sort",
                    "unit_id",
                    "unit_path",
                    "cohort_id",
                    "position_title",
                    "set_version_id",
                    "preset",
                    "reviewer_id",
                    "evaluator_id",
                    "head_id",
                    "status",
                    "self_sheet",
                    "self_total",
                    "self_grade",
                    "review_comment",
                    "leader_sheet",
                    "leader_total",
                    "leader_grade",
                    "adjusted_grade",
                    "adjust_reason",
                    "final_grade",
                    "submitted_on",
                    "returned",
                    "published_at",
                    "version",
                    "updated_at",
                    "updated_by"
                ],
                &form_rows
            );
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "evaluation_events",
                &[
                    "id",
                    "evaluation_id",
                    "at",
                    "actor_id",
                    "actor_name",
                    "action",
                    "from_status",
                    "to_status",
                    "old_total",
                    "new_total",
                    "new_grade",
                    "reason"
                ],
                &event_rows
            );
            Ok(())
        })?;
        self.period(&id).await
    }
}

/// A personnel file to load: the profile, the career (each process checked by
/// `danhgia_domain::hr::check`), and the day the person took up their current post (their open
/// placement starts then).
#[derive(Debug, Clone)]
pub struct BulkFile {
    pub person_id: String,
    pub profile: danhgia_domain::hr::Profile,
    /// Each process, with the unit name it happened in and when it was entered.
    pub career: Vec<(danhgia_domain::hr::Process, String, OffsetDateTime)>,
    pub in_post_since: Date,
}

impl Store {
    /// Loads personnel files (profiles and careers) and dates the open placements.
    pub async fn bulk_files(&self, files: &[BulkFile], by_name: &str) -> Result<()> {
        let mut profiles = Vec::with_capacity(files.len());
        let mut processes = Vec::new();
        let t = now();
        for f in files {
            let p = &f.profile;
            profiles.push(vec![
                f.person_id.as_str().into(),
                p.birth_date.into(),
                Cell::Text(p.gender.map(|g| g.as_str().to_owned())),
                p.id_number.as_str().into(),
                p.birthplace.as_str().into(),
                p.hometown.as_str().into(),
                p.ethnicity.as_str().into(),
                p.religion.as_str().into(),
                p.address.as_str().into(),
                p.general_education.as_str().into(),
                Cell::Text(p.qualification.map(|g| g.as_str().to_owned())),
                p.major.as_str().into(),
                Cell::Text(p.political_theory.map(|g| g.as_str().to_owned())),
                Cell::Text(p.state_management.map(|g| g.as_str().to_owned())),
                p.party_joined_on.into(),
                p.party_official_on.into(),
                by_name.into(),
                t.into(),
            ]);
            for (c, unit_name, entered_at) in &f.career {
                let x = &c.details;
                processes.push(vec![
                    new_id().into(),
                    f.person_id.as_str().into(),
                    c.kind.as_str().into(),
                    c.from.into(),
                    c.to.into(),
                    c.decision.number.as_str().into(),
                    c.decision.date.into(),
                    c.decision.signer.as_str().into(),
                    (&x.unit_id).into(),
                    unit_name.into(),
                    x.position_title.as_str().into(),
                    Cell::Text(x.rank.map(|r| r.as_str().to_owned())),
                    x.scale_code.as_str().into(),
                    Cell::Int(x.step.map(i64::from)),
                    Cell::Int(
                        x.coefficient
                            .map(danhgia_domain::points::Points::hundredths),
                    ),
                    x.allowance.as_str().into(),
                    Cell::Text(x.discipline.map(|d| d.as_str().to_owned())),
                    x.reason.as_str().into(),
                    "".into(),
                    by_name.into(),
                    (*entered_at).into(),
                ]);
            }
        }
        write_tx!(self, |tx| {
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "person_profiles",
                &[
                    "person_id",
                    "birth_date",
                    "gender",
                    "id_number",
                    "birthplace",
                    "hometown",
                    "ethnicity",
                    "religion",
                    "address",
                    "general_education",
                    "qualification",
                    "major",
                    "political_theory",
                    "state_management",
                    "party_joined_on",
                    "party_official_on",
                    "updated_by_name",
                    "updated_at"
                ],
                &profiles
            );
            insert_rows!(
                tx,
                |n| self.rows_per_insert(n),
                "career_processes",
                &[
                    "id",
                    "person_id",
                    "kind",
                    "started_on",
                    "ended_on",
                    "decision_number",
                    "decision_date",
                    "decision_signer",
                    "unit_id",
                    "unit_name",
                    "position_title",
                    "rank",
                    "scale_code",
                    "step",
                    "coefficient",
                    "allowance",
                    "discipline",
                    "reason",
                    "note",
                    "created_by_name",
                    "created_at"
                ],
                &processes
            );
            for f in files {
                sqlx::query(
                    "UPDATE placements SET started_on = $2 WHERE person_id = $1 AND ended_on IS NULL",
                )
                .bind(&f.person_id)
                .bind(f.in_post_since)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }
}
