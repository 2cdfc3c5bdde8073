//! The audit log (issue 3 §5, issue 9 §2, SPEC M9.2): who did what, when, from where.
//!
//! The log is append-only (triggers refuse UPDATE and DELETE) and hash-chained: line `n` stores
//! `SHA-256(hash of line n-1 ‖ its own content)`, and `audit_head` keeps the last number and
//! hash. Deleting a line leaves a gap in `seq`, editing one breaks its hash, cutting the tail
//! disagrees with the head; [`Store::verify_audit`] finds each. Someone who can write the database
//! could recompute the whole chain, so the head's hash is also printed by `danhgia audit verify`
//! and by every backup, for keeping outside the database, and checked later as an anchor (D49).

use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::db::{read, write_tx};
use crate::error::Result;
use crate::models::AuditEntry;
use crate::{Store, new_id};

/// The hash of line `seq`, chained to `prev` (the previous line's hash, `""` for the first).
/// The content is a JSON array so that no two different lines encode alike; time counts in
/// whole microseconds, the precision both databases keep.
pub fn chain_hash(prev: &str, seq: i64, e: &AuditEntry) -> String {
    let micros = e.at.unix_timestamp_nanos() / 1000;
    let content = serde_json::json!([
        seq,
        micros.to_string(),
        e.actor_id,
        e.actor_name,
        e.action,
        e.target_kind,
        e.target_id,
        e.unit_id,
        e.ip,
        e.detail,
    ]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(content.to_string().as_bytes());
    hex::encode(h.finalize())
}

/// One line as the audit page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditLine {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub actor_name: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub unit_id: Option<String>,
    pub unit_name: Option<String>,
    pub ip: Option<String>,
    pub detail: String,
}

/// What the audit page searches for; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// The account name of whoever acted (exact, lower case).
    pub actor: String,
    /// The action code (exact).
    pub action: String,
    /// The id of what was acted on (exact).
    pub target_id: String,
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    /// Lines numbered below this (paging backwards from the newest).
    pub before_seq: Option<i64>,
}

/// Where the searcher may look: units under these paths, and, for a system admin, lines that
/// belong to no unit (logins of accounts without a person, system jobs, the command line).
#[derive(Debug, Clone, Default)]
pub struct AuditScope {
    pub unit_paths: Vec<String>,
    pub unitless: bool,
}

/// The first thing wrong with the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditBreak {
    /// Line numbers jump from `after` to `next`: the lines between were deleted.
    Missing { after: i64, next: i64 },
    /// Line `seq`'s content no longer matches its hash: it was edited.
    Altered { seq: i64 },
    /// The head says the last line is `head`, the log ends at `last`: lines at the end were
    /// deleted, or the head was rewritten.
    Head { head: i64, last: i64 },
    /// A line without a place in the chain (written around the store).
    Unsealed { id: String },
    /// The anchor kept outside says line `seq` had hash `expected`.
    Anchor { seq: i64, expected: String },
}

impl std::fmt::Display for AuditBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditBreak::Missing { after, next } => write!(
                f,
                "lines {} to {} are missing (deleted)",
                after + 1,
                next - 1
            ),
            AuditBreak::Altered { seq } => {
                write!(f, "line {seq} does not match its hash (edited)")
            }
            AuditBreak::Head { head, last } => write!(
                f,
                "the head says the log ends at line {head} but it ends at line {last}"
            ),
            AuditBreak::Unsealed { id } => write!(f, "line {id} is outside the chain"),
            AuditBreak::Anchor { seq, expected } => {
                write!(f, "line {seq} no longer has the anchored hash {expected}")
            }
        }
    }
}

/// What [`Store::verify_audit`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheck {
    /// Lines checked.
    pub lines: i64,
    /// The last line's number and hash: the anchor to keep.
    pub head_seq: i64,
    pub head_hash: String,
    pub broken: Option<AuditBreak>,
}

const LINE_COLUMNS: &str =
    "at, actor_id, actor_name, action, target_kind, target_id, unit_id, detail, ip";

/// Appends `$e` (an `&AuditEntry`) to the chain inside transaction `$tx`. Taking the head with
/// an UPDATE locks it until commit on PostgreSQL, so concurrent writers chain one after another
/// (SQLite has one writer anyway).
macro_rules! append {
    ($tx:expr, $e:expr) => {{
        let (seq, prev): (i64, String) = sqlx::query_as(
            "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
        )
        .fetch_one(&mut *$tx)
        .await?;
        let hash = $crate::repo::audit::chain_hash(&prev, seq, $e);
        sqlx::query(
            "INSERT INTO audit_log (id, seq, hash, at, actor_id, actor_name, action, target_kind, target_id, unit_id, detail, ip) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(new_id())
        .bind(seq)
        .bind(&hash)
        .bind($e.at)
        .bind(&$e.actor_id)
        .bind(&$e.actor_name)
        .bind(&$e.action)
        .bind(&$e.target_kind)
        .bind(&$e.target_id)
        .bind(&$e.unit_id)
        .bind(&$e.detail)
        .bind(&$e.ip)
        .execute(&mut *$tx)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&hash)
            .execute(&mut *$tx)
            .await?;
    }};
}

pub(crate) use append;

impl Store {
    /// Appends one entry to the chain.
    pub async fn audit(&self, e: &AuditEntry) -> Result<()> {
        write_tx!(self, |tx| {
            append!(tx, e);
            Ok(())
        })
    }

    /// Gives the lines written before the chain existed (migration 0014) their place in it, in
    /// the order they were written. Runs at every start; a no-op once done.
    pub(crate) async fn seal_audit(&self) -> Result<()> {
        loop {
            let sealed = write_tx!(self, |tx| {
                let rows: Vec<(String, AuditEntry)> = sqlx::query_as::<_, AuditRow>(AssertSqlSafe(
                    format!("SELECT id, {LINE_COLUMNS} FROM audit_log WHERE hash IS NULL ORDER BY at, id LIMIT 1000"),
                ))
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(AuditRow::split)
                .collect();
                let (mut seq, mut prev): (i64, String) =
                    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                        .fetch_one(&mut *tx)
                        .await?;
                for (id, e) in &rows {
                    seq += 1;
                    prev = chain_hash(&prev, seq, e);
                    sqlx::query("UPDATE audit_log SET seq = $1, hash = $2 WHERE id = $3")
                        .bind(seq)
                        .bind(&prev)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                    .bind(seq)
                    .bind(&prev)
                    .execute(&mut *tx)
                    .await?;
                Ok(rows.len())
            })?;
            if sealed < 1000 {
                return Ok(());
            }
        }
    }

    /// Walks the whole chain in order and reports the first break, if any; `anchor` is a
    /// (line, hash) pair kept outside the database from an earlier check.
    pub async fn verify_audit(&self, anchor: Option<(i64, &str)>) -> Result<AuditCheck> {
        const PAGE: i64 = 5000;
        let (head_seq, head_hash): (i64, String) = read!(self, |p| {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(p)
                .await?
        });
        let unsealed: Option<String> = read!(self, |p| {
            sqlx::query_scalar("SELECT id FROM audit_log WHERE hash IS NULL OR seq IS NULL LIMIT 1")
                .fetch_optional(p)
                .await?
        });
        let mut check = AuditCheck {
            lines: 0,
            head_seq,
            head_hash,
            broken: unsealed.map(|id| AuditBreak::Unsealed { id }),
        };
        let (mut last, mut prev) = (0_i64, String::new());
        while check.broken.is_none() {
            let sql = format!(
                "SELECT seq, hash, {LINE_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
            );
            let page: Vec<ChainRow> = read!(self, |p| {
                sqlx::query_as::<_, ChainRow>(AssertSqlSafe(sql))
                    .bind(last)
                    .bind(PAGE)
                    .fetch_all(p)
                    .await?
            });
            let n = page.len();
            for row in page {
                if row.seq != last + 1 {
                    check.broken = Some(AuditBreak::Missing {
                        after: last,
                        next: row.seq,
                    });
                    break;
                }
                if chain_hash(&prev, row.seq, &row.entry) != row.hash {
                    check.broken = Some(AuditBreak::Altered { seq: row.seq });
                    break;
                }
                if let Some((at, expected)) = anchor
                    && at == row.seq
                    && expected != row.hash
                {
                    check.broken = Some(AuditBreak::Anchor {
                        seq: at,
                        expected: expected.to_owned(),
                    });
                    break;
                }
                check.lines += 1;
                last = row.seq;
                prev = row.hash;
            }
            if n < PAGE as usize {
                break;
            }
        }
        if check.broken.is_none() {
            if last != check.head_seq || prev != check.head_hash {
                check.broken = Some(AuditBreak::Head {
                    head: check.head_seq,
                    last,
                });
            } else if let Some((at, expected)) = anchor
                && at > last
            {
                check.broken = Some(AuditBreak::Anchor {
                    seq: at,
                    expected: expected.to_owned(),
                });
            }
        }
        Ok(check)
    }

    /// Searches the log within `scope`, newest first, at most `limit` lines.
    pub async fn search_audit(
        &self,
        scope: &AuditScope,
        q: &AuditQuery,
        limit: i64,
    ) -> Result<Vec<AuditLine>> {
        if scope.unit_paths.is_empty() && !scope.unitless {
            return Ok(Vec::new());
        }
        let mut sql = String::from(
            "SELECT a.seq, a.at, a.actor_name, a.action, a.target_kind, a.target_id, a.unit_id, \
             u.name AS unit_name, a.ip, a.detail FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id WHERE (",
        );
        let mut n = 0;
        let mut arg = || {
            n += 1;
            format!("${n}")
        };
        let mut ors = Vec::new();
        for _ in &scope.unit_paths {
            ors.push(format!("u.path LIKE {} || '%'", arg()));
        }
        if scope.unitless {
            ors.push("a.unit_id IS NULL".to_owned());
        }
        sql.push_str(&ors.join(" OR "));
        sql.push(')');
        if !q.actor.is_empty() {
            sql.push_str(&format!(" AND a.actor_name = {}", arg()));
        }
        if !q.action.is_empty() {
            sql.push_str(&format!(" AND a.action = {}", arg()));
        }
        if !q.target_id.is_empty() {
            sql.push_str(&format!(" AND a.target_id = {}", arg()));
        }
        if q.from.is_some() {
            sql.push_str(&format!(" AND a.at >= {}", arg()));
        }
        if q.until.is_some() {
            sql.push_str(&format!(" AND a.at < {}", arg()));
        }
        if q.before_seq.is_some() {
            sql.push_str(&format!(" AND a.seq < {}", arg()));
        }
        sql.push_str(&format!(" ORDER BY a.seq DESC LIMIT {}", arg()));
        read!(self, |p| {
            let mut query = sqlx::query_as::<_, AuditLine>(AssertSqlSafe(sql));
            for path in &scope.unit_paths {
                query = query.bind(path);
            }
            if !q.actor.is_empty() {
                query = query.bind(&q.actor);
            }
            if !q.action.is_empty() {
                query = query.bind(&q.action);
            }
            if !q.target_id.is_empty() {
                query = query.bind(&q.target_id);
            }
            if let Some(t) = q.from {
                query = query.bind(t);
            }
            if let Some(t) = q.until {
                query = query.bind(t);
            }
            if let Some(s) = q.before_seq {
                query = query.bind(s);
            }
            Ok(query.bind(limit).fetch_all(p).await?)
        })
    }

    /// The actions that occur in the log, for the search form's choice.
    pub async fn audit_actions(&self) -> Result<Vec<String>> {
        read!(self, |p| {
            Ok(
                sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
                    .fetch_all(p)
                    .await?,
            )
        })
    }

    /// The latest entries about one thing, newest first.
    pub async fn audit_of(
        &self,
        target_kind: &str,
        target_id: &str,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM audit_log WHERE target_kind = $1 AND target_id = $2 ORDER BY seq DESC LIMIT $3"
        );
        read!(self, |p| {
            Ok(sqlx::query_as::<_, AuditEntry>(AssertSqlSafe(sql))
                .bind(target_kind)
                .bind(target_id)
                .bind(limit)
                .fetch_all(p)
                .await?)
        })
    }

    /// Entries by action, newest first (for tests and reports).
    pub async fn audit_by_action(&self, action: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT $2"
        );
        read!(self, |p| {
            Ok(sqlx::query_as::<_, AuditEntry>(AssertSqlSafe(sql))
                .bind(action)
                .bind(limit)
                .fetch_all(p)
                .await?)
        })
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: String,
    #[sqlx(flatten)]
    entry: AuditEntry,
}

impl AuditRow {
    fn split(self) -> (String, AuditEntry) {
        (self.id, self.entry)
    }
}

#[derive(sqlx::FromRow)]
struct ChainRow {
    seq: i64,
    hash: String,
    #[sqlx(flatten)]
    entry: AuditEntry,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(detail: &str) -> AuditEntry {
        AuditEntry {
            at: time::macros::datetime!(2026-11-24 07:00:00.123456 UTC),
            actor_id: Some("acc".into()),
            actor_name: "quantri".into(),
            action: "person_update".into(),
            target_kind: "person".into(),
            target_id: Some("p1".into()),
            unit_id: Some("u1".into()),
            detail: detail.into(),
            ip: Some("10.0.0.7".into()),
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_line() {
        let e = entry("{}");
        let h = chain_hash("", 1, &e);
        assert_eq!(h.len(), 64);
        assert_eq!(h, chain_hash("", 1, &e.clone()));
        assert_ne!(h, chain_hash("x", 1, &e), "previous hash");
        assert_ne!(h, chain_hash("", 2, &e), "line number");
        let mut other = e.clone();
        other.ip = Some("10.0.0.8".into());
        assert_ne!(h, chain_hash("", 1, &other), "ip");
        let mut other = e.clone();
        other.detail = "{ }".into();
        assert_ne!(h, chain_hash("", 1, &other), "detail");
        let mut other = e.clone();
        other.at += time::Duration::microseconds(1);
        assert_ne!(h, chain_hash("", 1, &other), "time");
        // A field's text cannot slide into its neighbour's.
        let mut a = e.clone();
        a.actor_name = "quantri,".into();
        a.action = "x".into();
        let mut b = e.clone();
        b.actor_name = "quantri".into();
        b.action = ",x".into();
        assert_ne!(chain_hash("", 1, &a), chain_hash("", 1, &b));
    }

    /// Runs raw SQL as someone with direct access to the database would.
    async fn tamper(s: &Store, sql: &str) -> Result<()> {
        match &s.db {
            crate::Db::Sqlite { write, .. } => {
                sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
                    .execute(write)
                    .await?;
            }
            crate::Db::Postgres(p) => {
                sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
                    .execute(p)
                    .await?;
            }
        }
        Ok(())
    }

    async fn logged(n: usize) -> Result<Store> {
        let (s, _) = crate::testing::fresh_store().await?;
        for i in 0..n {
            let mut e = entry(&format!("{{\"n\":{i}}}"));
            e.at = crate::now();
            s.audit(&e).await?;
        }
        Ok(s)
    }

    fn without_triggers(s: &Store) -> &'static str {
        match s.backend() {
            crate::Backend::Sqlite => {
                "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;"
            }
            crate::Backend::Postgres => "DROP TRIGGER audit_log_append_only ON audit_log;",
        }
    }

    #[tokio::test]
    async fn an_intact_chain_verifies_and_names_its_head() -> Result<()> {
        let s = logged(7).await?;
        let check = s.verify_audit(None).await?;
        assert_eq!(check.broken, None);
        assert_eq!((check.lines, check.head_seq), (7, 7));
        let again = s.verify_audit(Some((7, &check.head_hash))).await?;
        assert_eq!(again.broken, None, "its own head is a good anchor");
        s.close().await;
        Ok(())
    }

    #[tokio::test]
    async fn the_database_refuses_to_edit_or_delete_a_line() -> Result<()> {
        let s = logged(3).await?;
        for sql in [
            "DELETE FROM audit_log WHERE seq = 2",
            "UPDATE audit_log SET detail = '{}' WHERE seq = 2",
            "DELETE FROM audit_log",
        ] {
            let err = tamper(&s, sql).await.err();
            assert!(
                err.as_ref()
                    .is_some_and(|e| e.to_string().contains("append-only")),
                "{sql}: {err:?}"
            );
        }
        assert_eq!(s.verify_audit(None).await?.lines, 3);
        s.close().await;
        Ok(())
    }

    #[tokio::test]
    async fn a_deleted_line_is_found_by_its_gap() -> Result<()> {
        let s = logged(5).await?;
        tamper(&s, without_triggers(&s)).await?;
        tamper(&s, "DELETE FROM audit_log WHERE seq = 3").await?;
        let check = s.verify_audit(None).await?;
        assert_eq!(
            check.broken,
            Some(AuditBreak::Missing { after: 2, next: 4 })
        );
        assert_eq!(check.lines, 2);
        s.close().await;
        Ok(())
    }

    #[tokio::test]
    async fn an_edited_line_is_found_by_its_hash() -> Result<()> {
        let s = logged(5).await?;
        tamper(&s, without_triggers(&s)).await?;
        tamper(
            &s,
            "UPDATE audit_log SET actor_name = 'someone_else' WHERE seq = 4",
        )
        .await?;
        let check = s.verify_audit(None).await?;
        assert_eq!(check.broken, Some(AuditBreak::Altered { seq: 4 }));
        s.close().await;
        Ok(())
    }

    #[tokio::test]
    async fn a_cut_tail_disagrees_with_the_head_and_a_rewritten_head_with_the_anchor() -> Result<()>
    {
        let s = logged(5).await?;
        let anchor = s.verify_audit(None).await?;
        tamper(&s, without_triggers(&s)).await?;
        tamper(&s, "DELETE FROM audit_log WHERE seq >= 4").await?;
        let check = s.verify_audit(None).await?;
        assert_eq!(check.broken, Some(AuditBreak::Head { head: 5, last: 3 }));
        // Someone who also rewrites the head to match: only the anchor kept outside shows it.
        tamper(
            &s,
            "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)",
        )
        .await?;
        assert_eq!(s.verify_audit(None).await?.broken, None);
        let check = s
            .verify_audit(Some((anchor.head_seq, &anchor.head_hash)))
            .await?;
        assert_eq!(
            check.broken,
            Some(AuditBreak::Anchor {
                seq: 5,
                expected: anchor.head_hash.clone()
            })
        );
        s.close().await;
        Ok(())
    }

    #[tokio::test]
    async fn lines_from_before_the_chain_are_sealed_in_order_at_start() -> Result<()> {
        let s = logged(2).await?;
        tamper(
            &s,
            "INSERT INTO audit_log (id, at, actor_name, action, target_kind, detail) \
             VALUES ('legacy', '2026-11-24T06:04:38.019484001Z', 'cli', 'staff_import', 'unit', '{}')",
        )
        .await?;
        s.seal_audit().await?;
        let check = s.verify_audit(None).await?;
        assert_eq!(check.broken, None);
        assert_eq!(check.lines, 3);
        s.close().await;
        Ok(())
    }

    #[test]
    fn sub_microsecond_time_does_not_count() {
        let e = entry("{}");
        let mut later = e.clone();
        later.at += time::Duration::nanoseconds(1);
        assert_eq!(chain_hash("", 1, &e), chain_hash("", 1, &later));
    }
}
