//! The database: one repository API over SQLite (embedded, default) and PostgreSQL.
//!
//! Queries are written once with `$n` placeholders, which both sqlx drivers accept, and run on
//! the native driver of the backend picked from the URL at start (see docs/decisions.md for why
//! not sqlx's `Any`). SQLite writes go through a pool of one connection with `BEGIN IMMEDIATE`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod backup;
mod db;
mod error;
pub mod models;
mod repo;
pub mod testing;

pub use db::{Backend, Db, Store};
pub use error::{Outage, StoreError};
pub use models::*;
pub use repo::accounts::{NewAccount, Totp};
pub use repo::alerts::{ALERT_BATCH, Alert, AlertMail, AlertToMail, NewAlert, UnitProgress};
pub use repo::annual::AnnualNote;
pub use repo::audit::{AuditBreak, AuditCheck, AuditLine, AuditQuery, AuditScope, chain_hash};
pub use repo::bulk::{BulkCohort, BulkEvent, BulkFile, BulkPerson, BulkUnit};
pub use repo::commendations::{CommendationEntry, CommendationList};
pub use repo::criteria::{
    OverrideRow, Resolution, ResolvedBy, RuleChoice, SetRow, SetVersion, SyncOutcome, preset_for,
};
pub use repo::emulation::{AwardRow, NewAward, Pledge};
pub use repo::evaluations::{
    Evaluation, EvaluationEvent, FormChange, NewPeriod, Period, TenantCalendar, period_label,
};
pub use repo::hr::{CareerProcess, StoredProfile};
pub use repo::import::ImportOutcome;
pub use repo::kpi::{
    CatalogueSaved, LeaderMarks, NewTask, ProductInput, ProductRow, TaskRating, TaskReport, TaskRow,
};
pub use repo::localgov::OfficeRow;
pub use repo::mail::{MAIL_MAX_ATTEMPTS, OutboxEntry, OutgoingMail};
pub use repo::moves::{FileMove, NewFileMove};
pub use repo::peer::{PeerMinutes, PeerRating, PeerResult, PeerSetting};
pub use repo::people::{NewPerson, PersonUpdate, Transfer};
pub use repo::requests::{Actor, Amendment, Answer, Attachment, FormRequest};
pub use repo::resets::ResetTarget;
pub use repo::search::PersonHit;
pub use repo::staffing::{Entry, FileRow, Quota, UnitProfile};
pub use repo::stats::{CohortTally, FormList, Tally};
pub use repo::training::{Completion, CourseRow, EnrolmentRow};
pub use repo::units::{NewUnit, UnitUpdate};
pub use repo::uploads::Upload;
pub use repo::work::{Item, LogEntry, NewItem, Plan, Review};

/// A new application-generated id (UUIDv7: time-ordered, so inserts stay index-friendly).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Today's date in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year): deadlines and effective dates
/// are calendar days there.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+7))
        .date()
}

/// Current instant, in UTC, at microsecond precision (what PostgreSQL keeps) plus one
/// nanosecond. sqlx writes instants to SQLite as RFC 3339 text, and the `time` crate drops
/// trailing zeros of the fraction (`…:59.1Z`, `…:59.12Z`), so plain text comparison in SQL would
/// sort `.1Z` after `.12Z`. The extra nanosecond makes every stored fraction nine digits long,
/// so SQLite compares instants as time; PostgreSQL rounds it away. Every instant the store
/// writes comes from here (or from here plus a duration).
pub fn now() -> time::OffsetDateTime {
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000 + 1)
        .unwrap_or(t)
}
