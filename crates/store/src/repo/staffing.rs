//! Organisation and staffing (issue 11 §2, SPEC M8.2) and what the periodic reports read
//! (M8.7): a unit's contacts and operating rules, its staffing quotas, and the files of the
//! people placed in a subtree on a day.

use danhgia_domain::hr::ProcessKind;
use danhgia_domain::org::subtree_bounds;
use danhgia_domain::people::{Employment, PositionRank};
use time::{Date, OffsetDateTime};

use super::hr::{PROFILE_COLUMNS, StoredProfile};
use crate::db::{read, write_tx};
use crate::error::Result;
use crate::{Store, now};

/// A unit's contacts and operating rules (quy chế hoạt động).
#[derive(Debug, Clone, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct UnitProfile {
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The operating rules' decision number and date.
    pub rules_number: String,
    pub rules_date: Option<Date>,
}

/// A staffing quota: a unit, a year, a category, how many posts, and by which decision.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Quota {
    pub unit_id: String,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub category: Employment,
    pub quota: i64,
    pub decision_number: String,
    pub updated_by_name: String,
    pub updated_at: OffsetDateTime,
}

/// A person placed in a subtree on a day, with their file's profile (if written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub person_id: String,
    pub full_name: String,
    pub unit_id: String,
    pub unit_path: String,
    pub unit_name: String,
    pub position_title: String,
    pub rank: PositionRank,
    pub employment: Employment,
    pub profile: Option<StoredProfile>,
}

/// A process entered in a period: when it was decided and when entered (the five working days
/// of Đồng Nai 3647 §4).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    pub person_id: String,
    pub unit_path: String,
    #[sqlx(try_from = "String")]
    pub kind: ProcessKind,
    pub decision_date: Date,
    pub created_at: OffsetDateTime,
}

impl Store {
    /// A unit's contacts and rules, if written.
    pub async fn unit_profile(&self, unit_id: &str) -> Result<Option<UnitProfile>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, UnitProfile>(
            "SELECT address, phone, email, rules_number, rules_date FROM unit_profiles WHERE unit_id = $1"
        )
        .bind(unit_id)
        .fetch_optional(p)
        .await?
        }))
    }

    /// Writes a unit's contacts and rules whole.
    pub async fn save_unit_profile(
        &self,
        unit_id: &str,
        u: &UnitProfile,
        by_name: &str,
    ) -> Result<()> {
        self.unit(unit_id).await?;
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO unit_profiles (unit_id, address, phone, email, rules_number, rules_date, updated_by_name, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (unit_id) DO UPDATE SET address = excluded.address, \
                 phone = excluded.phone, email = excluded.email, rules_number = excluded.rules_number, \
                 rules_date = excluded.rules_date, updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at",
            )
            .bind(unit_id)
            .bind(u.address.trim())
            .bind(u.phone.trim())
            .bind(u.email.trim())
            .bind(u.rules_number.trim())
            .bind(u.rules_date)
            .bind(by_name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// The quotas of a year for the units of the subtree under `path`.
    pub async fn quotas(&self, path: &str, year: i32) -> Result<Vec<Quota>> {
        let (lo, hi) = subtree_bounds(path);
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Quota>(
            "SELECT q.unit_id, q.year, q.category, q.quota, q.decision_number, q.updated_by_name, q.updated_at \
             FROM staffing_quotas q JOIN units u ON u.id = q.unit_id \
             WHERE u.path >= $1 AND u.path < $2 AND q.year = $3 ORDER BY u.path, q.category"
        )
        .bind(lo)
        .bind(hi)
        .bind(i64::from(year))
        .fetch_all(p)
        .await?
        }))
    }

    /// Sets the quota of a unit, a year and a category (a quota of zero with no decision
    /// removes it).
    pub async fn set_quota(
        &self,
        unit_id: &str,
        year: i32,
        category: Employment,
        quota: u32,
        decision_number: &str,
        by_name: &str,
    ) -> Result<()> {
        self.unit(unit_id).await?;
        write_tx!(self, |tx| {
            if quota == 0 && decision_number.trim().is_empty() {
                sqlx::query(
                    "DELETE FROM staffing_quotas WHERE unit_id = $1 AND year = $2 AND category = $3",
                )
                .bind(unit_id)
                .bind(i64::from(year))
                .bind(category.as_str())
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "INSERT INTO staffing_quotas (unit_id, year, category, quota, decision_number, updated_by_name, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (unit_id, year, category) DO UPDATE SET \
                     quota = excluded.quota, decision_number = excluded.decision_number, \
                     updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at",
                )
                .bind(unit_id)
                .bind(i64::from(year))
                .bind(category.as_str())
                .bind(i64::from(quota))
                .bind(decision_number.trim())
                .bind(by_name)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }

    /// The people placed in the subtree under `path` on `on`, by unit path then name, with
    /// their profiles.
    pub async fn files_on(&self, path: &str, on: Date) -> Result<Vec<FileRow>> {
        let (lo, hi) = subtree_bounds(path);
        let cols = PROFILE_COLUMNS
            .split(", ")
            .map(|c| format!("f.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT p.id AS person_id, p.full_name, u.id AS unit_id, u.path AS unit_path, u.name AS unit_name, \
             pl.position_title, p.rank, p.employment, f.person_id AS profile_person_id, {cols}, \
             f.updated_by_name, f.updated_at \
             FROM placements pl JOIN people p ON p.id = pl.person_id JOIN units u ON u.id = pl.unit_id \
             LEFT JOIN person_profiles f ON f.person_id = p.id \
             WHERE u.path >= $1 AND u.path < $2 AND pl.started_on <= $3 AND (pl.ended_on IS NULL OR pl.ended_on > $3) \
             ORDER BY u.path, p.name_sort, p.id"
        );
        let rows = read!(self, |p| sqlx::query_as::<_, FileRowRaw>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(lo)
        .bind(hi)
        .bind(on)
        .fetch_all(p)
        .await?);
        Ok(rows.into_iter().map(FileRowRaw::into_row).collect())
    }

    /// The process kinds held by each person placed in the subtree under `path` today.
    pub async fn kinds_held(&self, path: &str) -> Result<Vec<(String, ProcessKind)>> {
        let (lo, hi) = subtree_bounds(path);
        let rows: Vec<(String, String)> = read!(self, |p| {
            sqlx::query_as(
            "SELECT DISTINCT c.person_id, c.kind FROM career_processes c JOIN people p ON p.id = c.person_id \
             JOIN units u ON u.id = p.unit_id WHERE u.path >= $1 AND u.path < $2 AND p.left_at IS NULL"
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(p)
        .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(p, k)| ProcessKind::parse(&k).map(|k| (p, k)))
            .collect())
    }

    /// The processes decided from `from` to `to` of people in the subtree under `path`.
    pub async fn entries(&self, path: &str, from: Date, to: Date) -> Result<Vec<Entry>> {
        let (lo, hi) = subtree_bounds(path);
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Entry>(
            "SELECT c.person_id, u.path AS unit_path, c.kind, c.decision_date, c.created_at FROM career_processes c \
             JOIN people p ON p.id = c.person_id JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $1 AND u.path < $2 AND c.decision_date >= $3 AND c.decision_date <= $4"
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

/// A [`FileRow`] as read: the profile's columns may all be NULL.
#[derive(sqlx::FromRow)]
struct FileRowRaw {
    person_id: String,
    full_name: String,
    unit_id: String,
    unit_path: String,
    unit_name: String,
    position_title: String,
    #[sqlx(try_from = "String")]
    rank: PositionRank,
    #[sqlx(try_from = "String")]
    employment: Employment,
    profile_person_id: Option<String>,
    birth_date: Option<Date>,
    gender: Option<String>,
    id_number: Option<String>,
    birthplace: Option<String>,
    hometown: Option<String>,
    ethnicity: Option<String>,
    religion: Option<String>,
    address: Option<String>,
    general_education: Option<String>,
    qualification: Option<String>,
    major: Option<String>,
    political_theory: Option<String>,
    state_management: Option<String>,
    party_joined_on: Option<Date>,
    party_official_on: Option<Date>,
    updated_by_name: Option<String>,
    updated_at: Option<OffsetDateTime>,
}

impl FileRowRaw {
    fn into_row(self) -> FileRow {
        let profile = match (self.profile_person_id, self.updated_at) {
            (Some(person_id), Some(updated_at)) => Some(StoredProfile {
                person_id,
                birth_date: self.birth_date,
                gender: self.gender,
                id_number: self.id_number.unwrap_or_default(),
                birthplace: self.birthplace.unwrap_or_default(),
                hometown: self.hometown.unwrap_or_default(),
                ethnicity: self.ethnicity.unwrap_or_default(),
                religion: self.religion.unwrap_or_default(),
                address: self.address.unwrap_or_default(),
                general_education: self.general_education.unwrap_or_default(),
                qualification: self.qualification,
                major: self.major.unwrap_or_default(),
                political_theory: self.political_theory,
                state_management: self.state_management,
                party_joined_on: self.party_joined_on,
                party_official_on: self.party_official_on,
                updated_by_name: self.updated_by_name.unwrap_or_default(),
                updated_at,
            }),
            _ => None,
        };
        FileRow {
            person_id: self.person_id,
            full_name: self.full_name,
            unit_id: self.unit_id,
            unit_path: self.unit_path,
            unit_name: self.unit_name,
            position_title: self.position_title,
            rank: self.rank,
            employment: self.employment,
            profile,
        }
    }
}
