//! Criteria sets and their versions (M3.1), position overrides (M3.2) and the rule preset
//! chosen per tenant or block (M3.4).
//!
//! A version row is written once and never changed: an evaluation keeps the id of the version
//! it was scored on, so its text stays what it was when the set is later edited. The shipped
//! sets (`data/criteria/`) are loaded at start by [`Store::sync_shipped_sets`]; a shipped file
//! that changed becomes a new version.

use danhgia_domain::catalogue::Catalogue;
use danhgia_domain::criteria::CriteriaSet;
use danhgia_domain::text::fold;
use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A criteria set and its current version number.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetRow {
    pub id: String,
    pub key: String,
    pub preset: String,
    pub title: String,
    pub shipped: bool,
    pub copied_from: Option<String>,
    pub current_version: i64,
}

/// One stored version of a set.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetVersion {
    pub id: String,
    pub set_id: String,
    pub version: i64,
    /// The canonical TOML text (`CriteriaSet::to_toml`).
    pub body: String,
    pub note: String,
    pub created_at: time::OffsetDateTime,
    /// Account name of whoever saved it (none for shipped versions).
    pub created_by: Option<String>,
}

impl SetVersion {
    /// The set this version holds; a stored body that no longer parses is reported, not hidden.
    pub fn set(&self) -> Result<CriteriaSet> {
        danhgia_domain::criteria::parse(&format!("version {}", self.id), &self.body).map_err(|e| {
            StoreError::Corrupt(
                e.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    }
}

/// A unit admin's override: in the unit's subtree, people with this title get this set.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OverrideRow {
    pub id: String,
    pub unit_id: String,
    pub unit_path: String,
    pub unit_name: String,
    pub title: String,
    pub set_key: String,
    pub set_title: String,
}

/// The preset chosen for a tenant (root unit), or for one block of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RuleChoice {
    pub unit_id: String,
    pub unit_path: String,
    /// `""` for the whole tenant.
    pub block: String,
    pub preset: String,
}

/// What [`Store::sync_shipped_sets`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncOutcome {
    pub added: usize,
    pub new_versions: usize,
}

fn digest(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

const SET_COLUMNS: &str =
    "s.id, s.key, s.preset, s.title, s.shipped, f.key AS copied_from, s.current_version";
const VERSION_COLUMNS: &str =
    "v.id, v.set_id, v.version, v.body, v.note, v.created_at, a.username AS created_by";

impl Store {
    /// Loads the shipped sets: a new set gets version 1, a set whose canonical text changed
    /// gets a new version, an unchanged set is left alone. Runs in one transaction.
    pub async fn sync_shipped_sets(&self, catalogue: &Catalogue) -> Result<SyncOutcome> {
        let t = now();
        let postgres = self.backend() == crate::Backend::Postgres;
        write_tx!(self, |tx| {
            // Several app servers starting at once on PostgreSQL: one syncs, the others wait
            // and then find nothing to do (SQLite has a single writer anyway).
            if postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(7336154)")
                    .execute(&mut *tx)
                    .await?;
            }
            let mut out = SyncOutcome::default();
            for (_, set) in &catalogue.sets {
                let body = set.to_toml();
                let dig = digest(&body);
                let row: Option<(String, i64)> =
                    sqlx::query_as("SELECT id, current_version FROM criteria_sets WHERE key = $1")
                        .bind(&set.key)
                        .fetch_optional(&mut *tx)
                        .await?;
                let (set_id, version) = match row {
                    None => {
                        let id = new_id();
                        sqlx::query(
                            "INSERT INTO criteria_sets (id, key, preset, title, shipped, current_version, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, TRUE, 1, $5, $5)",
                        )
                        .bind(&id)
                        .bind(&set.key)
                        .bind(&set.preset)
                        .bind(&set.title)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                        out.added += 1;
                        (id, 1)
                    }
                    Some((id, current)) => {
                        let same: Option<String> = sqlx::query_scalar(
                            "SELECT digest FROM criteria_set_versions WHERE set_id = $1 AND version = $2",
                        )
                        .bind(&id)
                        .bind(current)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if same.as_deref() == Some(dig.as_str()) {
                            continue;
                        }
                        sqlx::query("UPDATE criteria_sets SET current_version = $2, title = $3, updated_at = $4 WHERE id = $1")
                            .bind(&id)
                            .bind(current + 1)
                            .bind(&set.title)
                            .bind(t)
                            .execute(&mut *tx)
                            .await?;
                        out.new_versions += 1;
                        (id, current + 1)
                    }
                };
                sqlx::query(
                    "INSERT INTO criteria_set_versions (id, set_id, version, body, digest, note, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(new_id())
                .bind(&set_id)
                .bind(version)
                .bind(&body)
                .bind(&dig)
                .bind("data/criteria")
                .bind(t)
                .execute(&mut *tx)
                .await?;
            }
            Ok(out)
        })
    }

    /// Every set, by preset then key.
    pub async fn criteria_sets(&self) -> Result<Vec<SetRow>> {
        let sql = format!(
            "SELECT {SET_COLUMNS} FROM criteria_sets s LEFT JOIN criteria_sets f ON f.id = s.copied_from ORDER BY s.preset, s.key"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, SetRow>(AssertSqlSafe(
            sql
        ))
        .fetch_all(p)
        .await?))
    }

    pub async fn criteria_set(&self, key: &str) -> Result<SetRow> {
        let sql = format!(
            "SELECT {SET_COLUMNS} FROM criteria_sets s LEFT JOIN criteria_sets f ON f.id = s.copied_from WHERE s.key = $1"
        );
        read!(self, |p| sqlx::query_as::<_, SetRow>(AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound)
    }

    /// The versions of a set, newest first.
    pub async fn set_versions(&self, set_id: &str) -> Result<Vec<SetVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM criteria_set_versions v LEFT JOIN accounts a ON a.id = v.created_by \
             WHERE v.set_id = $1 ORDER BY v.version DESC"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, SetVersion>(
            AssertSqlSafe(sql)
        )
        .bind(set_id)
        .fetch_all(p)
        .await?))
    }

    /// One version of a set (`None`: the current one).
    pub async fn set_version(&self, set: &SetRow, version: Option<i64>) -> Result<SetVersion> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM criteria_set_versions v LEFT JOIN accounts a ON a.id = v.created_by \
             WHERE v.set_id = $1 AND v.version = $2"
        );
        let n = version.unwrap_or(set.current_version);
        read!(self, |p| sqlx::query_as::<_, SetVersion>(AssertSqlSafe(
            sql
        ))
        .bind(&set.id)
        .bind(n)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// The parsed set of a version: read and parsed once per process, then shared (a form page
    /// opens one on every view, and versions never change).
    pub async fn set_of_version(&self, id: &str) -> Result<std::sync::Arc<CriteriaSet>> {
        if let Some(set) = self.sets.read().ok().and_then(|m| m.get(id).cloned()) {
            return Ok(set);
        }
        let set = std::sync::Arc::new(self.set_version_by_id(id).await?.set()?);
        if let Ok(mut m) = self.sets.write() {
            m.insert(id.to_owned(), std::sync::Arc::clone(&set));
        }
        Ok(set)
    }

    /// A version by its id: what an evaluation refers to.
    pub async fn set_version_by_id(&self, id: &str) -> Result<SetVersion> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM criteria_set_versions v LEFT JOIN accounts a ON a.id = v.created_by WHERE v.id = $1"
        );
        read!(self, |p| sqlx::query_as::<_, SetVersion>(AssertSqlSafe(
            sql
        ))
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Copies the current version of `from` into a new, editable set `set.key` whose first
    /// version is `set` (the caller sets the new key and title on it).
    pub async fn copy_set(&self, from: &SetRow, set: &CriteriaSet, by: &str) -> Result<SetRow> {
        let t = now();
        let id = new_id();
        let body = set.to_toml();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO criteria_sets (id, key, preset, title, shipped, copied_from, current_version, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, FALSE, $5, 1, $6, $7, $7)",
            )
            .bind(&id)
            .bind(&set.key)
            .bind(&set.preset)
            .bind(&set.title)
            .bind(&from.id)
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::unique_as("criteria_set_key"))?;
            sqlx::query(
                "INSERT INTO criteria_set_versions (id, set_id, version, body, digest, note, created_by, created_at) \
                 VALUES ($1, $2, 1, $3, $4, $5, $6, $7)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(&body)
            .bind(digest(&body))
            .bind(format!("copy of {} v{}", from.key, from.current_version))
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.criteria_set(&set.key).await
    }

    /// Saves an edit as a new version. Refused for shipped sets (copy them), and when the set
    /// moved on since the editor opened `expected` (`Refused("set_changed")`). An edit that
    /// changes nothing writes nothing and returns the current version.
    pub async fn save_set_version(
        &self,
        key: &str,
        expected: i64,
        set: &CriteriaSet,
        note: &str,
        by: &str,
    ) -> Result<i64> {
        let body = set.to_toml();
        let dig = digest(&body);
        let t = now();
        write_tx!(self, |tx| {
            let row: Option<(String, bool, i64)> = sqlx::query_as(
                "SELECT id, shipped, current_version FROM criteria_sets WHERE key = $1",
            )
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            let (id, shipped, current) = row.ok_or(StoreError::NotFound)?;
            if shipped {
                return Err(StoreError::Refused("set_shipped"));
            }
            if current != expected {
                return Err(StoreError::Refused("set_changed"));
            }
            let same: Option<String> = sqlx::query_scalar(
                "SELECT digest FROM criteria_set_versions WHERE set_id = $1 AND version = $2",
            )
            .bind(&id)
            .bind(current)
            .fetch_optional(&mut *tx)
            .await?;
            if same.as_deref() == Some(dig.as_str()) {
                return Ok(current);
            }
            let next = current + 1;
            // Compare-and-set: on PostgreSQL a concurrent save of the same version may have
            // committed since the read above (this UPDATE then waits for it and matches no row).
            let moved = sqlx::query(
                "UPDATE criteria_sets SET current_version = $2, title = $3, updated_at = $4 \
                 WHERE id = $1 AND current_version = $5",
            )
            .bind(&id)
            .bind(next)
            .bind(&set.title)
            .bind(t)
            .bind(current)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err(StoreError::Refused("set_changed"));
            }
            sqlx::query(
                "INSERT INTO criteria_set_versions (id, set_id, version, body, digest, note, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(next)
            .bind(&body)
            .bind(&dig)
            .bind(note)
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(next)
        })
    }

    /// Every override whose unit lies on `path`'s chain of ancestors or in its subtree (what a
    /// page about that unit needs), nearest units last.
    pub async fn criteria_overrides(&self, path: &str) -> Result<Vec<OverrideRow>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        let ancestors = danhgia_domain::org::ancestor_paths(path);
        let mut sql = String::from(
            "SELECT o.id, o.unit_id, u.path AS unit_path, u.name AS unit_name, o.title, s.key AS set_key, s.title AS set_title \
             FROM criteria_assignments o JOIN units u ON u.id = o.unit_id JOIN criteria_sets s ON s.id = o.set_id \
             WHERE (u.path >= $1 AND u.path < $2)",
        );
        for i in 0..ancestors.len() {
            sql.push_str(&format!(" OR u.path = ${}", i + 3));
        }
        sql.push_str(" ORDER BY length(u.path), o.title_fold");
        read!(self, |p| {
            let mut q = sqlx::query_as::<_, OverrideRow>(AssertSqlSafe(sql))
                .bind(&lo)
                .bind(&hi);
            for a in &ancestors {
                q = q.bind(a);
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// Sets (or, with `set_key = None`, removes) the override for `title` on the unit.
    pub async fn set_override(
        &self,
        unit_id: &str,
        title: &str,
        set_key: Option<&str>,
        by: &str,
    ) -> Result<()> {
        let title_fold = fold(title);
        write_tx!(self, |tx| {
            sqlx::query("DELETE FROM criteria_assignments WHERE unit_id = $1 AND title_fold = $2")
                .bind(unit_id)
                .bind(&title_fold)
                .execute(&mut *tx)
                .await?;
            if let Some(key) = set_key {
                let set_id: Option<String> =
                    sqlx::query_scalar("SELECT id FROM criteria_sets WHERE key = $1")
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                let set_id = set_id.ok_or(StoreError::Refused("unknown_set"))?;
                sqlx::query(
                    "INSERT INTO criteria_assignments (id, unit_id, title, title_fold, set_id, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(new_id())
                .bind(unit_id)
                .bind(title)
                .bind(&title_fold)
                .bind(&set_id)
                .bind(by)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }

    /// Every preset choice (a handful per deployment).
    pub async fn rule_choices(&self) -> Result<Vec<RuleChoice>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, RuleChoice>(
            "SELECT r.unit_id, u.path AS unit_path, r.block, r.preset FROM rule_choices r JOIN units u ON u.id = r.unit_id ORDER BY u.path, r.block"
        )
        .fetch_all(p)
        .await?
        }))
    }

    /// Chooses `preset` for the tenant rooted at `unit_id` (`block = ""`) or for one block of it.
    pub async fn set_rule_choice(
        &self,
        unit_id: &str,
        block: &str,
        preset: &str,
        by: &str,
    ) -> Result<()> {
        write_tx!(self, |tx| {
            sqlx::query("DELETE FROM rule_choices WHERE unit_id = $1 AND block = $2")
                .bind(unit_id)
                .bind(block)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO rule_choices (id, unit_id, block, preset, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(new_id())
            .bind(unit_id)
            .bind(block)
            .bind(preset)
            .bind(by)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }
}

/// The preset for a unit at `path` in `block`: the choice for that block of its tenant, else
/// the tenant's, else `default`.
pub fn preset_for<'a>(
    choices: &'a [RuleChoice],
    path: &str,
    block: &str,
    default: &'a str,
) -> &'a str {
    let root = danhgia_domain::org::ancestor_paths(path)
        .into_iter()
        .next()
        .unwrap_or_default();
    let of = |b: &str| {
        choices
            .iter()
            .find(|c| c.unit_path == root && c.block == b)
            .map(|c| c.preset.as_str())
    };
    of(block).or_else(|| of("")).unwrap_or(default)
}

/// How a set was chosen for a group of positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolvedBy {
    /// A unit admin's override on the unit at `unit_path`.
    Override { unit_path: String, title: String },
    /// A shipped mapping rule (its note and line in mapping.toml).
    Rule { note: String, line: usize },
    /// Nothing matched: an admin must assign a set.
    Nothing,
}

/// The preset and set that apply to one group of positions.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub preset: &'static danhgia_domain::preset::Preset,
    pub set_key: Option<String>,
    pub by: ResolvedBy,
}

impl Store {
    /// Resolves the preset and set of every position group under `path` (M3.2, M3.4): the
    /// tenant's (or block's) preset, then the nearest override, else the preset's mapping. One
    /// place for the preview pages and for opening a period.
    pub async fn resolve_sets(
        &self,
        path: &str,
        groups: &[crate::PositionGroup],
    ) -> Result<Vec<Resolution>> {
        use danhgia_domain::assign::{self, Choice, Holder, Override};
        use danhgia_domain::catalogue::DEFAULT_PRESET;
        let cat = Catalogue::get().map_err(|e| StoreError::Corrupt(format!("{e:?}")))?;
        let choices = self.rule_choices().await?;
        let overrides: Vec<Override> = self
            .criteria_overrides(path)
            .await?
            .into_iter()
            .map(|o| Override {
                unit_path: o.unit_path,
                title: o.title,
                set: o.set_key,
            })
            .collect();
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            let key = preset_for(&choices, &g.unit_path, g.block.as_str(), DEFAULT_PRESET);
            let preset = cat
                .preset(key)
                .or_else(|| cat.preset(DEFAULT_PRESET))
                .ok_or_else(|| StoreError::Corrupt("no default preset".into()))?;
            let mapping = cat
                .mapping(&preset.key)
                .ok_or_else(|| StoreError::Corrupt(format!("no mapping for {}", preset.key)))?;
            let h = Holder {
                title: &g.position_title,
                rank: g.rank,
                employment: g.employment,
                unit_name: &g.unit_name,
                unit_kind: g.kind,
                level: g.level,
                block: g.block,
            };
            let choice = assign::resolve(mapping, &overrides, &g.unit_path, &h);
            let by = match &choice {
                Choice::Override(o) => ResolvedBy::Override {
                    unit_path: o.unit_path.clone(),
                    title: o.title.clone(),
                },
                Choice::Rule(r) => ResolvedBy::Rule {
                    note: r.note.clone(),
                    line: r.line,
                },
                Choice::None => ResolvedBy::Nothing,
            };
            out.push(Resolution {
                preset,
                set_key: choice.set().map(str::to_owned),
                by,
            });
        }
        Ok(out)
    }

    /// The id of each set's current version, by set key.
    pub async fn current_versions(&self) -> Result<std::collections::HashMap<String, String>> {
        let rows: Vec<(String, String)> = read!(self, |p| sqlx::query_as(
            "SELECT s.key, v.id FROM criteria_sets s \
             JOIN criteria_set_versions v ON v.set_id = s.id AND v.version = s.current_version"
        )
        .fetch_all(p)
        .await?);
        Ok(rows.into_iter().collect())
    }
}
