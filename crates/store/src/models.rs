//! Rows as the layers above see them.

use danhgia_domain::access::Role;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use serde::Serialize;
use time::OffsetDateTime;

/// A node of the organisation tree (đơn vị).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Unit {
    pub id: String,
    pub parent_id: Option<String>,
    pub path: String,
    pub code: String,
    pub name: String,
    #[serde(skip)]
    pub name_sort: String,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    #[sqlx(try_from = "String")]
    pub level: UnitLevel,
    #[sqlx(try_from = "String")]
    pub block: Block,
    pub suffix: Option<String>,
}

/// A group inside a unit within which grade quotas apply (nhóm đối tượng).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Cohort {
    pub id: String,
    pub unit_id: String,
    pub name: String,
    /// How many current staff are in it.
    pub members: i64,
}

/// A staff member holding a position in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: String,
    pub unit_id: String,
    pub full_name: String,
    pub position_title: String,
    #[sqlx(try_from = "String")]
    pub rank: PositionRank,
    #[sqlx(try_from = "String")]
    pub employment: Employment,
    pub cohort_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Set per person; `None` means derived (see `danhgia_domain::evaluators`).
    pub reviewer_id: Option<String>,
    pub evaluator_id: Option<String>,
    #[serde(skip)]
    pub name_sort: String,
    /// The person's account name, when they have an account.
    pub username: Option<String>,
}

/// A login account, with what login needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    pub person_id: Option<String>,
    pub username: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub failed_logins: i64,
    pub locked_until: Option<OffsetDateTime>,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
    /// A one-time password must be changed before this instant (M2.6).
    pub password_deadline: Option<OffsetDateTime>,
    /// Why the account is disabled: `left`, `password_deadline`, `admin`.
    pub disabled_reason: Option<String>,
}

/// A role granted to an account on a unit, with the unit's current path and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RoleGrant {
    pub id: String,
    pub account_id: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub unit_id: String,
    pub unit_path: String,
    pub unit_name: String,
}

/// A live session, joined with its account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub id: String,
    pub account_id: String,
    pub kind: String,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub username: String,
    pub person_id: Option<String>,
    pub must_change_password: bool,
    /// Alerts not yet read (the header's count).
    pub unread_alerts: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub at: OffsetDateTime,
    pub actor_id: Option<String>,
    pub actor_name: String,
    /// What happened, a stable code: `person.create`, `account.reset_password`, ...
    pub action: String,
    /// What it happened to: `unit`, `person`, `account`, `role_grant`, `import`.
    pub target_kind: String,
    pub target_id: Option<String>,
    pub unit_id: Option<String>,
    /// Details as JSON text (old → new values, counts).
    pub detail: String,
    /// The client's address, when a request caused the line.
    pub ip: Option<String>,
}

/// A span of time a person worked in a unit (M2.7, M8.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Placement {
    pub unit_id: String,
    pub unit_name: String,
    pub position_title: String,
    pub started_on: time::Date,
    pub ended_on: Option<time::Date>,
    /// `transfer`, or why the person left.
    pub end_reason: Option<String>,
}

/// People of one unit holding one position (what decides their criteria set, M3.2).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PositionGroup {
    pub unit_id: String,
    pub unit_path: String,
    pub unit_name: String,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    #[sqlx(try_from = "String")]
    pub level: UnitLevel,
    #[sqlx(try_from = "String")]
    pub block: Block,
    pub position_title: String,
    #[sqlx(try_from = "String")]
    pub rank: PositionRank,
    #[sqlx(try_from = "String")]
    pub employment: Employment,
    pub people: i64,
}
