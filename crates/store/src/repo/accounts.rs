//! Accounts, role grants (M2.1, M2.2) and login bookkeeping (M2.6).

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::models::{Account, RoleGrant};
use crate::{Store, now};
use danhgia_domain::access::Role;
use danhgia_domain::lockout::LoginState;

const ACCOUNT_SELECT: &str = "SELECT id, person_id, username, password_hash, must_change_password, failed_logins, \
     locked_until, disabled, created_at, password_deadline, disabled_reason FROM accounts";

const GRANT_SELECT: &str = "SELECT g.id, g.account_id, g.role, g.unit_id, u.path AS unit_path, u.name AS unit_name \
     FROM role_grants g JOIN units u ON u.id = g.unit_id";

/// An account to create; the hash is made by the caller (argon2id, in the web layer).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub password_hash: String,
    pub must_change_password: bool,
    /// For a one-time password: when it must have been changed (M2.6).
    pub password_deadline: Option<time::OffsetDateTime>,
}

/// Inserts an account inside a caller's write transaction `$tx`; evaluates to its id.
macro_rules! insert_account {
    ($tx:ident, $acc:expr, $person_id:expr) => {{
        let id = $crate::new_id();
        let person_id: Option<&str> = $person_id;
        sqlx::query(
            "INSERT INTO accounts (id, person_id, username, password_hash, must_change_password, failed_logins, disabled, created_at, password_deadline) \
             VALUES ($1, $2, $3, $4, $5, 0, FALSE, $6, $7)",
        )
        .bind(&id)
        .bind(person_id)
        .bind(&$acc.username)
        .bind(&$acc.password_hash)
        .bind($acc.must_change_password)
        .bind($crate::now())
        .bind($acc.password_deadline)
        .execute(&mut *$tx)
        .await
        .map_err($crate::StoreError::unique_as("username"))?;
        id
    }};
}

/// Inserts a role grant inside a caller's write transaction `$tx`; evaluates to its id.
macro_rules! insert_grant {
    ($tx:ident, $account_id:expr, $role:expr, $unit_id:expr, $granted_by:expr) => {{
        let id = $crate::new_id();
        let granted_by: Option<&str> = $granted_by;
        sqlx::query(
            "INSERT INTO role_grants (id, account_id, role, unit_id, granted_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind($account_id)
        .bind($role.as_str())
        .bind($unit_id)
        .bind(granted_by)
        .bind($crate::now())
        .execute(&mut *$tx)
        .await
        .map_err($crate::StoreError::unique_as("role_grant"))?;
        id
    }};
}
pub(crate) use {insert_account, insert_grant};

impl Store {
    /// Creates an account not tied to a person (e.g. a block's system-admin account).
    pub async fn create_account(&self, acc: &NewAccount) -> Result<String> {
        write_tx!(self, |tx| Ok(insert_account!(tx, acc, None)))
    }

    /// Creates the account of an existing staff member, with the staff role on their unit.
    pub async fn create_account_for(&self, person_id: &str, acc: &NewAccount) -> Result<String> {
        let person = self.person(person_id).await?;
        write_tx!(self, |tx| {
            let existing: Option<String> =
                sqlx::query_scalar("SELECT id FROM accounts WHERE person_id = $1")
                    .bind(person_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if existing.is_some() {
                return Err(StoreError::Duplicate("person_account"));
            }
            let id = insert_account!(tx, acc, Some(person_id));
            insert_grant!(tx, &id, Role::Staff, &person.unit_id, None);
            Ok(id)
        })
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Account> {
        let sql = format!("{ACCOUNT_SELECT} WHERE username = $1");
        read!(self, |p| sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(
            sql
        ))
        .bind(username)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    pub async fn account(&self, id: &str) -> Result<Account> {
        let sql = format!("{ACCOUNT_SELECT} WHERE id = $1");
        read!(self, |p| sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(
            sql
        ))
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    pub async fn account_of_person(&self, person_id: &str) -> Result<Account> {
        let sql = format!("{ACCOUNT_SELECT} WHERE person_id = $1");
        read!(self, |p| sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(
            sql
        ))
        .bind(person_id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Whether an account name is in use.
    pub async fn username_taken(&self, username: &str) -> Result<bool> {
        let n: i64 = read!(self, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM accounts WHERE username = $1"
        )
        .bind(username)
        .fetch_one(p)
        .await?);
        Ok(n > 0)
    }

    /// Account names that start with `prefix` (to pick a free generated name, M2.4).
    pub async fn usernames_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        let hi = format!("{prefix}\u{10FFFF}");
        read!(self, |p| Ok(sqlx::query_scalar(
            "SELECT username FROM accounts WHERE username >= $1 AND username < $2"
        )
        .bind(prefix)
        .bind(&hi)
        .fetch_all(p)
        .await?))
    }

    /// Stores the login state after a failed attempt.
    pub async fn record_login_failure(&self, account_id: &str, state: &LoginState) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE accounts SET failed_logins = $2, locked_until = $3 WHERE id = $1")
                .bind(account_id)
                .bind(i64::from(state.failed_logins))
                .bind(state.locked_until)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Clears the failure count after a good password.
    pub async fn record_login_success(&self, account_id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1")
                .bind(account_id)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Sets a new password hash. `deadline` set: a one-time password (new or reset account)
    /// that must be changed by then; `None`: the user's own choice. Clears a temporary lock and
    /// re-enables an account locked for a missed deadline (seed 000: a reset gives access back).
    pub async fn set_password(
        &self,
        account_id: &str,
        hash: &str,
        deadline: Option<time::OffsetDateTime>,
    ) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE accounts SET password_hash = $2, must_change_password = $3, password_changed_at = $4, \
                 password_deadline = $5, failed_logins = 0, locked_until = NULL, \
                 disabled = CASE WHEN disabled_reason = 'password_deadline' THEN FALSE ELSE disabled END, \
                 disabled_reason = CASE WHEN disabled_reason = 'password_deadline' THEN NULL ELSE disabled_reason END \
                 WHERE id = $1",
            )
            .bind(account_id)
            .bind(hash)
            .bind(deadline.is_some())
            .bind(now())
            .bind(deadline)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    /// Disables an account (never deletes it) and ends its sessions.
    pub async fn disable_account(&self, account_id: &str, reason: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE accounts SET disabled = TRUE, disabled_reason = $2 WHERE id = $1",
            )
            .bind(account_id)
            .bind(reason)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            if n == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    /// Lifts a temporary lock (failed logins) and a lock for a missed password deadline; an
    /// account disabled because its holder left stays disabled.
    pub async fn unlock_account(&self, account_id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE accounts SET failed_logins = 0, locked_until = NULL, \
                 disabled = CASE WHEN disabled_reason = 'password_deadline' THEN FALSE ELSE disabled END, \
                 disabled_reason = CASE WHEN disabled_reason = 'password_deadline' THEN NULL ELSE disabled_reason END \
                 WHERE id = $1",
            )
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    /// Every role the account holds, with the unit paths (its scope).
    pub async fn grants_of(&self, account_id: &str) -> Result<Vec<RoleGrant>> {
        let sql = format!(
            "{GRANT_SELECT} WHERE g.account_id = $1 AND u.dissolved_at IS NULL ORDER BY u.path, g.role"
        );
        read!(self, |p| Ok(sqlx::query_as::<_, RoleGrant>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(account_id)
        .fetch_all(p)
        .await?))
    }

    /// Role grants held on a unit, with the holder's account name, for the unit's page.
    pub async fn grants_on_unit(&self, unit_id: &str) -> Result<Vec<(RoleGrant, String)>> {
        let sql = "SELECT g.id, g.account_id, g.role, g.unit_id, u.path AS unit_path, u.name AS unit_name, a.username \
             FROM role_grants g JOIN units u ON u.id = g.unit_id JOIN accounts a ON a.id = g.account_id \
             WHERE g.unit_id = $1 AND g.role <> 'staff' ORDER BY a.username, g.role";
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            grant: RoleGrant,
            username: String,
        }
        let rows: Vec<Row> = read!(self, |p| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
            .bind(unit_id)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(|r| (r.grant, r.username)).collect())
    }

    /// A single grant.
    pub async fn grant(&self, grant_id: &str) -> Result<RoleGrant> {
        let sql = format!("{GRANT_SELECT} WHERE g.id = $1");
        read!(self, |p| sqlx::query_as::<_, RoleGrant>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(grant_id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Grants `role` on `unit_id`; the same grant twice → `Duplicate("role_grant")`.
    pub async fn grant_role(
        &self,
        account_id: &str,
        role: Role,
        unit_id: &str,
        granted_by: Option<&str>,
    ) -> Result<String> {
        write_tx!(self, |tx| Ok(insert_grant!(
            tx, account_id, role, unit_id, granted_by
        )))
    }

    /// Revokes one grant.
    pub async fn revoke_role(&self, grant_id: &str) -> Result<()> {
        write_tx!(self, |tx| {
            let n = sqlx::query("DELETE FROM role_grants WHERE id = $1")
                .bind(grant_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }
}

/// An account's second factor: the secret in use (hex), and the one being set up.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Totp {
    pub secret: Option<String>,
    pub pending: Option<String>,
}

impl Store {
    /// The account's second factor.
    pub async fn totp_of(&self, account_id: &str) -> Result<Totp> {
        read!(self, |p| {
            sqlx::query_as::<_, Totp>(
                "SELECT totp_secret AS secret, totp_pending AS pending FROM accounts WHERE id = $1",
            )
            .bind(account_id)
            .fetch_optional(p)
            .await?
            .ok_or(StoreError::NotFound)
        })
    }

    /// Starts setting up a second factor with `secret` (replacing one being set up).
    pub async fn set_totp_pending(&self, account_id: &str, secret: Option<&str>) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE accounts SET totp_pending = $2 WHERE id = $1")
                .bind(account_id)
                .bind(secret)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Turns the second factor on with the secret being set up (its first code was right, at
    /// time step `step`), or off (`None`).
    pub async fn set_totp(&self, account_id: &str, on: Option<(&str, i64)>) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE accounts SET totp_secret = $2, totp_step = $3, totp_pending = NULL WHERE id = $1",
            )
            .bind(account_id)
            .bind(on.map(|o| o.0))
            .bind(on.map(|o| o.1))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records that the code of time step `step` was used; false when that step (or a later
    /// one) was used already: a code is accepted once (RFC 6238 §5.2).
    pub async fn use_totp_step(&self, account_id: &str, step: i64) -> Result<bool> {
        write_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE accounts SET totp_step = $2 WHERE id = $1 AND (totp_step IS NULL OR totp_step < $2)",
            )
            .bind(account_id)
            .bind(step)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Ok(n == 1)
        })
    }
}
