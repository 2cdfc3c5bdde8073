//! The personnel file's career processes (issue 11 §1, SPEC M8.1; rules in
//! `danhgia_domain::hr`). A process that moves the person is written with the move, in one
//! transaction: their unit, position and rank; their placement (closed and reopened); those
//! who named them as reviewer or evaluator fall back to the derived leader; their leader roles
//! on the old unit end and those of the new position begin (a head evaluates, a deputy
//! reviews, as the demo and Hanoi Đ.10 have it).

use danhgia_domain::access::Role;
use danhgia_domain::hr::{
    Gender, PoliticalTheory, Process, ProcessKind, Profile, Qualification, StateManagement,
};
use danhgia_domain::people::PositionRank;
use danhgia_domain::points::Points;
use time::{Date, OffsetDateTime};

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::repo::accounts::insert_grant;
use crate::repo::people::{insert_placement, release_as_leader};
use crate::{Store, new_id, now};

/// One process of a file, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct CareerProcess {
    pub id: String,
    pub person_id: String,
    #[sqlx(try_from = "String")]
    pub kind: ProcessKind,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    pub decision_number: String,
    pub decision_date: Date,
    pub decision_signer: String,
    pub scan_key: Option<String>,
    pub unit_id: Option<String>,
    pub unit_name: String,
    pub position_title: String,
    pub rank: Option<String>,
    pub scale_code: String,
    pub step: Option<i64>,
    pub coefficient: Option<i64>,
    pub allowance: String,
    pub discipline: Option<String>,
    pub reason: String,
    pub note: String,
    pub created_by_name: String,
    pub created_at: OffsetDateTime,
}

/// A process with the code of the unit it names.
#[derive(sqlx::FromRow)]
struct CareerRow {
    #[sqlx(flatten)]
    process: CareerProcess,
    unit_code: Option<String>,
}

/// The columns of a [`CareerProcess`].
const PROCESS_COLUMNS: &str = "id, person_id, kind, started_on, ended_on, decision_number, decision_date, decision_signer, \
     scan_key, unit_id, unit_name, position_title, rank, scale_code, step, coefficient, allowance, discipline, reason, note, \
     created_by_name, created_at";

/// The leader role a position of `rank` carries on its unit.
pub(crate) fn leader_role(rank: PositionRank) -> Option<Role> {
    match rank {
        PositionRank::Head => Some(Role::Evaluator),
        PositionRank::Deputy => Some(Role::Reviewer),
        PositionRank::Member => None,
    }
}

/// Inside a write transaction `$tx`: writes the checked process `$p` (with id `$id`) to the
/// file of `$person` (the person as read before) and, with `$apply`, carries it out (see
/// `Store::record_process`). Leaves with `Err` from the enclosing function on a refusal.
macro_rules! write_process {
    ($tx:ident, $id:expr, $person:expr, $p:expr, $apply:expr, $note:expr, $by:expr, $by_name:expr) => {{
        let id: &str = $id;
        let person: &crate::models::Person = $person;
        let person_id: &str = &person.id;
        let p: &Process = $p;
        let apply: bool = $apply;
        let note: &str = $note;
        let by: Option<&str> = $by;
        let by_name: &str = $by_name;
        let (Some(from), Some(decided)) = (p.from, p.decision.date) else {
            return Err(StoreError::Refused("hr.err.from"));
        };
        let x = &p.details;
        let unit_name: String = match &x.unit_id {
            Some(u) => sqlx::query_scalar::<_, String>(
                "SELECT name FROM units WHERE id = $1 AND dissolved_at IS NULL",
            )
            .bind(u)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or(StoreError::NotFound)?,
            None => String::new(),
        };
        sqlx::query(
            "INSERT INTO career_processes (id, person_id, kind, started_on, ended_on, decision_number, decision_date, \
             decision_signer, scan_key, unit_id, unit_name, position_title, rank, scale_code, step, coefficient, allowance, \
             discipline, reason, note, created_by, created_by_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)",
        )
        .bind(id)
        .bind(person_id)
        .bind(p.kind.as_str())
        .bind(from)
        .bind(p.to)
        .bind(p.decision.number.trim())
        .bind(decided)
        .bind(p.decision.signer.trim())
        .bind(&x.unit_id)
        .bind(&unit_name)
        .bind(x.position_title.trim())
        .bind(x.rank.map(PositionRank::as_str))
        .bind(x.scale_code.trim())
        .bind(x.step.map(i64::from))
        .bind(x.coefficient.map(Points::hundredths))
        .bind(x.allowance.trim())
        .bind(x.discipline.map(|d| d.as_str()))
        .bind(x.reason.trim())
        .bind(note.trim())
        .bind(by)
        .bind(by_name)
        .bind(now())
        .execute(&mut *$tx)
        .await?;
        // (No early `return Ok` inside `write_tx!`: it would leave before the commit.)
        if apply && p.kind.moves_the_person() {
            let Some(unit_id) = x.unit_id.as_deref() else {
                return Err(StoreError::Refused("hr.err.unit"));
            };
            // A move takes effect on its day: one decided ahead is carried out on that day.
            if from > crate::today() {
                return Err(StoreError::Refused("hr.err.future_apply"));
            }
            let rank = x.rank.unwrap_or(person.rank);
            let title = x.position_title.trim();
            // The placement: closed and reopened when the unit or the position changes.
            if unit_id != person.unit_id || title != person.position_title {
                let started: Option<Date> = sqlx::query_scalar(
                "SELECT MAX(started_on) FROM placements WHERE person_id = $1 AND ended_on IS NULL",
            )
            .bind(person_id)
            .fetch_one(&mut *$tx)
            .await?;
                if started.is_some_and(|s| from < s) {
                    return Err(StoreError::Refused("hr.err.before_placement"));
                }
                sqlx::query(
                "UPDATE placements SET ended_on = $2, end_reason = $3 WHERE person_id = $1 AND ended_on IS NULL",
            )
            .bind(person_id)
            .bind(from)
            .bind(p.kind.as_str())
            .execute(&mut *$tx)
            .await?;
                insert_placement!($tx, person_id, unit_id, title, from);
            }
            let moves_unit = unit_id != person.unit_id;
            sqlx::query(
            "UPDATE people SET unit_id = $2, position_title = $3, rank = $4, \
             cohort_id = CASE WHEN $5 THEN NULL ELSE cohort_id END, reviewer_id = NULL, evaluator_id = NULL, \
             updated_at = $6 WHERE id = $1",
        )
        .bind(person_id)
        .bind(unit_id)
        .bind(title)
        .bind(rank.as_str())
        .bind(moves_unit)
        .bind(now())
        .execute(&mut *$tx)
        .await?;
            // Who evaluates whom follows the new position: those who named this person fall
            // back to the derived leader, and the leader roles follow the rank.
            let account = release_as_leader!($tx, person_id);
            if let Some(account_id) = account {
                for role in [Role::Evaluator, Role::Reviewer] {
                    sqlx::query(
                    "DELETE FROM role_grants WHERE account_id = $1 AND unit_id = $2 AND role = $3",
                )
                .bind(&account_id)
                .bind(&person.unit_id)
                .bind(role.as_str())
                .execute(&mut *$tx)
                .await?;
                }
                if moves_unit {
                    sqlx::query(
                        "DELETE FROM role_grants WHERE account_id = $1 AND role = 'staff'",
                    )
                    .bind(&account_id)
                    .execute(&mut *$tx)
                    .await?;
                    insert_grant!($tx, &account_id, Role::Staff, unit_id, None);
                }
                if let Some(role) = leader_role(rank) {
                    let held: Option<String> = sqlx::query_scalar(
                    "SELECT id FROM role_grants WHERE account_id = $1 AND unit_id = $2 AND role = $3",
                )
                .bind(&account_id)
                .bind(unit_id)
                .bind(role.as_str())
                .fetch_optional(&mut *$tx)
                .await?;
                    if held.is_none() {
                        insert_grant!($tx, &account_id, role, unit_id, None);
                    }
                }
                // A role change ends the holder's sessions (D52).
                sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(&account_id)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
    }};
}

pub(crate) use write_process;

impl Store {
    /// A person's career, oldest first.
    pub async fn career(&self, person_id: &str) -> Result<Vec<CareerProcess>> {
        let sql = format!(
            "SELECT {PROCESS_COLUMNS} FROM career_processes WHERE person_id = $1 ORDER BY started_on, created_at, id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, CareerProcess>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(person_id)
        .fetch_all(p)
        .await?))
    }

    /// The careers of the current staff of the subtree under `path`, person by person, each
    /// oldest first, with the code of the unit each process names (one query, for exports).
    pub async fn careers_under(&self, path: &str) -> Result<Vec<(CareerProcess, Option<String>)>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        let cols = PROCESS_COLUMNS
            .split(',')
            .map(|c| format!("c.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {cols}, n.code AS unit_code FROM career_processes c JOIN people p ON p.id = c.person_id \
             JOIN units u ON u.id = p.unit_id LEFT JOIN units n ON n.id = c.unit_id AND n.dissolved_at IS NULL \
             WHERE p.left_at IS NULL AND u.path >= $1 AND u.path < $2 \
             ORDER BY c.person_id, c.started_on, c.created_at, c.id"
        );
        let rows = read!(self, |p| sqlx::query_as::<_, CareerRow>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(p)
        .await?);
        Ok(rows.into_iter().map(|r| (r.process, r.unit_code)).collect())
    }

    /// Writes a checked process (`danhgia_domain::hr::check` found nothing) to the file of
    /// `person_id`. With `apply`, a process that moves the person is the business action: it
    /// moves them in the same transaction (see the module), from a day not before their current
    /// placement began (`hr.err.before_placement`). Without it, the process is a page of their
    /// past entered into the file, and nothing else changes. Returns the process id.
    pub async fn record_process(
        &self,
        person_id: &str,
        p: &Process,
        apply: bool,
        note: &str,
        by: Option<&str>,
        by_name: &str,
    ) -> Result<String> {
        let person = self.person(person_id).await?;
        let id = new_id();
        write_tx!(self, |tx| {
            write_process!(tx, &id, &person, p, apply, note, by, by_name);
            Ok(id.clone())
        })
    }
}

/// A person's profile as stored, with who wrote it last.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct StoredProfile {
    pub person_id: String,
    pub birth_date: Option<Date>,
    pub gender: Option<String>,
    pub id_number: String,
    pub birthplace: String,
    pub hometown: String,
    pub ethnicity: String,
    pub religion: String,
    pub address: String,
    pub general_education: String,
    pub qualification: Option<String>,
    pub major: String,
    pub political_theory: Option<String>,
    pub state_management: Option<String>,
    pub party_joined_on: Option<Date>,
    pub party_official_on: Option<Date>,
    pub updated_by_name: String,
    pub updated_at: OffsetDateTime,
}

impl StoredProfile {
    /// The profile the rules read.
    pub fn profile(&self) -> Profile {
        Profile {
            birth_date: self.birth_date,
            gender: self.gender.as_deref().and_then(Gender::parse),
            id_number: self.id_number.clone(),
            birthplace: self.birthplace.clone(),
            hometown: self.hometown.clone(),
            ethnicity: self.ethnicity.clone(),
            religion: self.religion.clone(),
            address: self.address.clone(),
            general_education: self.general_education.clone(),
            qualification: self.qualification.as_deref().and_then(Qualification::parse),
            major: self.major.clone(),
            political_theory: self
                .political_theory
                .as_deref()
                .and_then(PoliticalTheory::parse),
            state_management: self
                .state_management
                .as_deref()
                .and_then(StateManagement::parse),
            party_joined_on: self.party_joined_on,
            party_official_on: self.party_official_on,
        }
    }
}

pub(crate) const PROFILE_COLUMNS: &str = "birth_date, gender, id_number, birthplace, hometown, ethnicity, religion, address, \
     general_education, qualification, major, political_theory, state_management, party_joined_on, party_official_on";

/// Inside a write transaction: writes the profile `$p` of `$person_id` whole (insert or
/// replace).
macro_rules! upsert_profile {
    ($tx:ident, $person_id:expr, $p:expr, $by_name:expr) => {{
        let p: &Profile = $p;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO person_profiles (person_id, {PROFILE_COLUMNS}, updated_by_name, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
             ON CONFLICT (person_id) DO UPDATE SET birth_date = excluded.birth_date, gender = excluded.gender, \
             id_number = excluded.id_number, birthplace = excluded.birthplace, hometown = excluded.hometown, \
             ethnicity = excluded.ethnicity, religion = excluded.religion, address = excluded.address, \
             general_education = excluded.general_education, qualification = excluded.qualification, \
             major = excluded.major, political_theory = excluded.political_theory, \
             state_management = excluded.state_management, party_joined_on = excluded.party_joined_on, \
             party_official_on = excluded.party_official_on, updated_by_name = excluded.updated_by_name, \
             updated_at = excluded.updated_at"
        )))
        .bind($person_id)
        .bind(p.birth_date)
        .bind(p.gender.map(|g| g.as_str()))
        .bind(p.id_number.trim())
        .bind(p.birthplace.trim())
        .bind(p.hometown.trim())
        .bind(p.ethnicity.trim())
        .bind(p.religion.trim())
        .bind(p.address.trim())
        .bind(p.general_education.trim())
        .bind(p.qualification.map(|q| q.as_str()))
        .bind(p.major.trim())
        .bind(p.political_theory.map(|q| q.as_str()))
        .bind(p.state_management.map(|q| q.as_str()))
        .bind(p.party_joined_on)
        .bind(p.party_official_on)
        .bind($by_name)
        .bind(now())
        .execute(&mut *$tx)
        .await?;
    }};
}

impl Store {
    /// A person's profile, if one was written.
    pub async fn profile(&self, person_id: &str) -> Result<Option<StoredProfile>> {
        let sql = format!(
            "SELECT person_id, {PROFILE_COLUMNS}, updated_by_name, updated_at FROM person_profiles WHERE person_id = $1"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, StoredProfile>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(person_id)
        .fetch_optional(p)
        .await?))
    }

    /// Writes a checked profile (`danhgia_domain::hr::check_profile` found nothing) of a
    /// current staff member.
    pub async fn save_profile(&self, person_id: &str, p: &Profile, by_name: &str) -> Result<()> {
        self.person(person_id).await?;
        write_tx!(self, |tx| {
            upsert_profile!(tx, person_id, p, by_name);
            Ok(())
        })
    }
}

impl Store {
    /// Loads existing files from an import, all or nothing: each profile written whole, each
    /// process (checked by `hr::check`) entered as a page of the person's past (not carried
    /// out). Returns (profiles, processes) written.
    pub async fn import_files(
        &self,
        profiles: &[(String, Profile)],
        processes: &[(String, Process)],
        by: Option<&str>,
        by_name: &str,
    ) -> Result<(usize, usize)> {
        let mut people = std::collections::HashMap::new();
        for (id, _) in processes {
            if !people.contains_key(id) {
                people.insert(id.clone(), self.person(id).await?);
            }
        }
        for (id, _) in profiles {
            self.person(id).await?;
        }
        let ids: Vec<String> = processes.iter().map(|_| new_id()).collect();
        write_tx!(self, |tx| {
            for (person_id, p) in profiles {
                upsert_profile!(tx, person_id, p, by_name);
            }
            for ((person_id, p), id) in processes.iter().zip(&ids) {
                let person = people.get(person_id).ok_or(StoreError::NotFound)?;
                write_process!(tx, id, person, p, false, "", by, by_name);
            }
            Ok((profiles.len(), processes.len()))
        })
    }
}

impl Store {
    /// Records where the scan of a process's decision is kept (the process must be of
    /// `person_id`'s file).
    pub async fn set_process_scan(
        &self,
        person_id: &str,
        process_id: &str,
        key: &str,
    ) -> Result<()> {
        write_tx!(self, |tx| {
            let done = sqlx::query(
                "UPDATE career_processes SET scan_key = $3 WHERE id = $1 AND person_id = $2",
            )
            .bind(process_id)
            .bind(person_id)
            .bind(key)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }
}
