//! 360° peer review (issue 10; rules in `danhgia_domain::peer`): the tenant's method, who rates
//! whom in a period, the ratings, and the digital minutes (biên bản số) of each unit.
//!
//! A rating may be written while the form it rates is self-assessed (submitted or reviewed)
//! and its line is not in the minutes; compiling the minutes freezes the ratings of every form
//! it takes in. A form sent back to its owner loses its line (see `save_forms_audited`), so a
//! re-score reopens its ratings and the next compilation counts them again.

use danhgia_domain::peer::{self, Method, Pair, Relation, Seat, Team};
use danhgia_domain::people::PositionRank;
use danhgia_domain::points::Points;
use time::OffsetDateTime;

use crate::db::{read, write_tx};
use crate::error::{Result, StoreError};
use crate::{Store, new_id, now};

/// A tenant's choice of method (issue 10 §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerSetting {
    pub method: Method,
    /// The gap above which a form is flagged (Đ.6.1).
    pub gap: Points,
}

/// One rater of one form, with what the rating pages show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct PeerRating {
    pub id: String,
    pub period_id: String,
    pub evaluation_id: String,
    pub rater_id: String,
    pub rater_name: String,
    #[sqlx(try_from = "String")]
    pub relation: Relation,
    pub manual: bool,
    pub removed: bool,
    /// JSON of `danhgia_domain::evaluation::Sheet`.
    #[serde(skip)]
    pub sheet: String,
    pub total: Option<i64>,
    pub comment: String,
    pub rated_at: Option<OffsetDateTime>,
    pub version: i64,
    /// The person rated, as their form has them.
    pub ratee_id: String,
    pub ratee_name: String,
    pub position_title: String,
    pub unit_id: String,
    pub unit_name: String,
    pub unit_path: String,
    pub form_status: String,
    pub self_total: Option<i64>,
    pub self_grade: Option<String>,
    #[serde(skip)]
    pub set_version_id: Option<String>,
    /// The form's line is in the minutes: the rating is frozen.
    pub compiled: bool,
}

const RATING_SELECT: &str = "SELECT r.id, r.period_id, r.evaluation_id, r.rater_id, r.rater_name, r.relation, r.manual, r.removed, \
     r.sheet, r.total, r.comment, r.rated_at, r.version, e.person_id AS ratee_id, e.full_name AS ratee_name, \
     e.position_title, e.unit_id, u.name AS unit_name, e.unit_path, e.status AS form_status, e.self_total, e.self_grade, \
     e.set_version_id, (pr.evaluation_id IS NOT NULL) AS compiled \
     FROM peer_ratings r JOIN evaluations e ON e.id = r.evaluation_id JOIN units u ON u.id = e.unit_id \
     LEFT JOIN peer_results pr ON pr.evaluation_id = r.evaluation_id";

/// The minutes of a unit for a period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct PeerMinutes {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub compiled_at: OffsetDateTime,
    pub compiled_by_name: String,
}

/// A form's line in the minutes (Đ.6.1), in hundredths.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct PeerResult {
    pub evaluation_id: String,
    pub minutes_id: String,
    pub self_total: i64,
    pub peer_total: Option<i64>,
    pub ratings: i64,
    pub total: i64,
    pub gap: i64,
    pub flagged: bool,
}

/// Locks (inside `$tx`) the form rated by rating `$id`: a no-op UPDATE, which on PostgreSQL
/// holds the row until the transaction ends (SQLite's write transactions are serial anyway).
macro_rules! lock_form_of_rating {
    ($tx:ident, $id:expr) => {
        sqlx::query(
            "UPDATE evaluations SET status = status WHERE id = (SELECT evaluation_id FROM peer_ratings WHERE id = $1)",
        )
        .bind($id)
        .execute(&mut *$tx)
        .await?;
    };
}

/// Pairs written by one INSERT (7 values each: well under SQLite's 32,766 and PostgreSQL's
/// 65,535 bound parameters).
const PAIRS_PER_INSERT: usize = 500;

/// Whether a form in `status` may be rated: its owner has self-assessed and nobody has decided.
fn rateable(status: &str) -> bool {
    matches!(status, "submitted" | "reviewed")
}

impl Store {
    /// The tenant's setting, if it has set one.
    pub async fn peer_setting(&self, tenant_id: &str) -> Result<Option<PeerSetting>> {
        let row: Option<(String, i64)> = read!(self, |p| sqlx::query_as(
            "SELECT method, gap FROM peer_settings WHERE tenant_id = $1"
        )
        .bind(tenant_id)
        .fetch_optional(p)
        .await?);
        row.map(|(m, gap)| {
            Ok(PeerSetting {
                method: Method::parse(&m)
                    .ok_or_else(|| StoreError::Corrupt(format!("peer method {m}")))?,
                gap: Points(gap),
            })
        })
        .transpose()
    }

    /// Sets the tenant's method and gap.
    pub async fn set_peer_setting(
        &self,
        tenant_id: &str,
        s: PeerSetting,
        by: Option<&str>,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO peer_settings (tenant_id, method, gap, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (tenant_id) DO UPDATE SET method = $2, gap = $3, updated_by = $4, updated_at = $5",
            )
            .bind(tenant_id)
            .bind(s.method.as_str())
            .bind(s.gap.hundredths())
            .bind(by)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Writes who rates whom in the period from the tree and the positions (Đ.3, via
    /// `danhgia_domain::peer::raters`): the pairs not there yet. A pair an admin removed stays
    /// removed; one they added stays. Returns how many pairs were added.
    pub async fn start_peer_round(&self, period_id: &str) -> Result<usize> {
        let t = now();
        write_tx!(self, |tx| {
            let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
                "SELECT e.id, e.person_id, e.unit_id, p.rank, u.parent_id FROM evaluations e \
                 JOIN people p ON p.id = e.person_id JOIN units u ON u.id = e.unit_id \
                 WHERE e.period_id = $1 ORDER BY e.unit_path, e.name_sort, e.id",
            )
            .bind(period_id)
            .fetch_all(&mut *tx)
            .await?;
            let names: Vec<(String, String)> =
                sqlx::query_as("SELECT person_id, full_name FROM evaluations WHERE period_id = $1")
                    .bind(period_id)
                    .fetch_all(&mut *tx)
                    .await?;
            let names: std::collections::HashMap<String, String> = names.into_iter().collect();
            let mut teams: Vec<Team<'_>> = Vec::new();
            for (_, _, unit, _, parent) in &rows {
                if !teams.iter().any(|t| t.unit_id == unit.as_str()) {
                    teams.push(Team {
                        unit_id: unit,
                        parent_id: parent.as_deref(),
                    });
                }
            }
            let seats: Vec<Seat<'_>> = rows
                .iter()
                .map(|(_, person, unit, rank, _)| Seat {
                    person_id: person,
                    unit_id: unit,
                    rank: PositionRank::parse(rank).unwrap_or(PositionRank::Member),
                })
                .collect();
            let form_of: std::collections::HashMap<&str, &str> = rows
                .iter()
                .map(|(id, person, ..)| (person.as_str(), id.as_str()))
                .collect();
            // Many rows per statement: a body of 600 took 17,780 round trips one pair at a
            // time (3 s on PostgreSQL, see benchmarks.md).
            let rows: Vec<(&str, Pair)> = peer::raters(&teams, &seats)
                .into_iter()
                .filter_map(|p| form_of.get(p.ratee.as_str()).map(|f| (*f, p)))
                .collect();
            let mut added = 0;
            for chunk in rows.chunks(PAIRS_PER_INSERT) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| {
                        let b = i * 7;
                        format!(
                            "(${}, ${}, ${}, ${}, ${}, ${}, FALSE, FALSE, '{{}}', NULL, '', NULL, 1, ${})",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5,
                            b + 6,
                            b + 7
                        )
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO peer_ratings (id, period_id, evaluation_id, rater_id, rater_name, relation, manual, removed, \
                     sheet, total, comment, rated_at, version, updated_at) VALUES {} \
                     ON CONFLICT (evaluation_id, rater_id) DO NOTHING",
                    values.join(", ")
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (form, pair) in chunk {
                    q = q
                        .bind(new_id())
                        .bind(period_id)
                        .bind(*form)
                        .bind(pair.rater.clone())
                        .bind(names.get(&pair.rater).cloned().unwrap_or_default())
                        .bind(pair.relation.as_str())
                        .bind(t);
                }
                added += q.execute(&mut *tx).await?.rows_affected();
            }
            Ok(usize::try_from(added).unwrap_or(usize::MAX))
        })
    }

    /// The ratings `rater_id` is to give in the period (not the removed ones), by unit and name.
    pub async fn peer_ratings_by(
        &self,
        rater_id: &str,
        period_id: &str,
    ) -> Result<Vec<PeerRating>> {
        let sql = format!(
            "{RATING_SELECT} WHERE r.rater_id = $1 AND r.period_id = $2 AND r.removed = FALSE \
             ORDER BY e.unit_path, e.name_sort, e.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, PeerRating>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(rater_id)
        .bind(period_id)
        .fetch_all(p)
        .await?))
    }

    /// Every rating of the forms of one unit in a period, removed ones included (the admin's
    /// list shows them), by ratee then rater.
    pub async fn peer_ratings_of_unit(
        &self,
        period_id: &str,
        unit_id: &str,
    ) -> Result<Vec<PeerRating>> {
        let sql = format!(
            "{RATING_SELECT} WHERE r.period_id = $1 AND e.unit_id = $2 \
             ORDER BY e.name_sort, e.id, r.rater_name, r.id"
        );
        Ok(read!(self, |p| sqlx::query_as::<_, PeerRating>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(period_id)
        .bind(unit_id)
        .fetch_all(p)
        .await?))
    }

    /// One rating.
    pub async fn peer_rating(&self, id: &str) -> Result<PeerRating> {
        let sql = format!("{RATING_SELECT} WHERE r.id = $1");
        read!(self, |p| sqlx::query_as::<_, PeerRating>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(id)
        .fetch_optional(p)
        .await?)
        .ok_or(StoreError::NotFound)
    }

    /// Writes a rating: the scores (a Sheet as JSON), their total and the comment. Refused with
    /// `peer.err.closed` when the form is not open to ratings (not self-assessed yet, decided,
    /// or its line already in the minutes) or the pair was removed, and `peer.err.changed` when
    /// someone saved it since `version` was read.
    pub async fn save_peer_rating(
        &self,
        id: &str,
        version: i64,
        sheet: &str,
        total: Points,
        comment: &str,
    ) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            // The form's row first, as compiling does (a no-op UPDATE locks it on PostgreSQL,
            // where transactions are READ COMMITTED): a rating and a compilation of the same
            // form take turns, so no rating lands after the minutes that froze it.
            lock_form_of_rating!(tx, id);
            let row: Option<(String, bool, bool, i64)> = sqlx::query_as(
                "SELECT e.status, r.removed, EXISTS (SELECT 1 FROM peer_results pr WHERE pr.evaluation_id = r.evaluation_id), \
                 r.version FROM peer_ratings r JOIN evaluations e ON e.id = r.evaluation_id WHERE r.id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let (status, removed, compiled, now_version) = row.ok_or(StoreError::NotFound)?;
            if removed || compiled || !rateable(&status) {
                return Err(StoreError::Refused("peer.err.closed"));
            }
            if now_version != version {
                return Err(StoreError::Refused("peer.err.changed"));
            }
            let saved = sqlx::query(
                "UPDATE peer_ratings SET sheet = $2, total = $3, comment = $4, rated_at = $5, version = version + 1, \
                 updated_at = $5 WHERE id = $1 AND version = $6",
            )
            .bind(id)
            .bind(sheet)
            .bind(total.hundredths())
            .bind(comment)
            .bind(t)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if saved == 0 {
                return Err(StoreError::Refused("peer.err.changed"));
            }
            Ok(())
        })
    }

    /// An admin adds `rater_id` as a rater of form `evaluation_id` (or brings back one they had
    /// removed). Refused with `peer.err.self` for the form's own person.
    pub async fn add_peer_rater(&self, evaluation_id: &str, rater_id: &str) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            let form: Option<(String, String)> =
                sqlx::query_as("SELECT period_id, person_id FROM evaluations WHERE id = $1")
                    .bind(evaluation_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (period_id, person_id) = form.ok_or(StoreError::NotFound)?;
            if person_id == rater_id {
                return Err(StoreError::Refused("peer.err.self"));
            }
            // Once the form's line is in the minutes its raters are fixed: a rater brought
            // back would show an old score the published mean does not hold.
            let compiled: Option<(String,)> =
                sqlx::query_as("SELECT evaluation_id FROM peer_results WHERE evaluation_id = $1")
                    .bind(evaluation_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if compiled.is_some() {
                return Err(StoreError::Refused("peer.err.closed"));
            }
            let name: Option<(String,)> =
                sqlx::query_as("SELECT full_name FROM people WHERE id = $1")
                    .bind(rater_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (name,) = name.ok_or(StoreError::NotFound)?;
            sqlx::query(
                "INSERT INTO peer_ratings (id, period_id, evaluation_id, rater_id, rater_name, relation, manual, removed, \
                 sheet, total, comment, rated_at, version, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, TRUE, FALSE, '{}', NULL, '', NULL, 1, $7) \
                 ON CONFLICT (evaluation_id, rater_id) DO UPDATE SET removed = FALSE, manual = TRUE, \
                 version = peer_ratings.version + 1, updated_at = $7",
            )
            .bind(new_id())
            .bind(&period_id)
            .bind(evaluation_id)
            .bind(rater_id)
            .bind(&name)
            .bind(Relation::Other.as_str())
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// An admin takes a rater off a form; the pair stays removed when the round is worked out
    /// again. Refused with `peer.err.closed` once the form's line is in the minutes.
    pub async fn remove_peer_rater(&self, rating_id: &str) -> Result<()> {
        let t = now();
        write_tx!(self, |tx| {
            lock_form_of_rating!(tx, rating_id);
            let compiled: Option<(bool,)> = sqlx::query_as(
                "SELECT EXISTS (SELECT 1 FROM peer_results pr WHERE pr.evaluation_id = r.evaluation_id) \
                 FROM peer_ratings r WHERE r.id = $1",
            )
            .bind(rating_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (compiled,) = compiled.ok_or(StoreError::NotFound)?;
            if compiled {
                return Err(StoreError::Refused("peer.err.closed"));
            }
            sqlx::query(
                "UPDATE peer_ratings SET removed = TRUE, version = version + 1, updated_at = $2 WHERE id = $1",
            )
            .bind(rating_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Compiles the minutes of `unit_id` for the period (Đ.5.2b): a line for each form that is
    /// self-assessed and not decided yet, from its ratings (Đ.6.1 via
    /// `danhgia_domain::peer::combine`); lines of decided forms stay as they were. Returns the
    /// minutes and how many lines were written.
    pub async fn compile_peer_minutes(
        &self,
        period_id: &str,
        unit_id: &str,
        gap: Points,
        by: Option<&str>,
        by_name: &str,
    ) -> Result<(PeerMinutes, usize)> {
        let t = now();
        write_tx!(self, |tx| {
            // One row per unit and period, whoever compiles first (two at once meet here).
            sqlx::query(
                "INSERT INTO peer_minutes (id, period_id, unit_id, compiled_at, compiled_by, compiled_by_name) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (period_id, unit_id) DO UPDATE \
                 SET compiled_at = $4, compiled_by = $5, compiled_by_name = $6",
            )
            .bind(new_id())
            .bind(period_id)
            .bind(unit_id)
            .bind(t)
            .bind(by)
            .bind(by_name)
            .execute(&mut *tx)
            .await?;
            let (minutes_id,): (String,) =
                sqlx::query_as("SELECT id FROM peer_minutes WHERE period_id = $1 AND unit_id = $2")
                    .bind(period_id)
                    .bind(unit_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let forms: Vec<(String, String, Option<i64>)> = sqlx::query_as(
                "SELECT id, status, self_total FROM evaluations WHERE period_id = $1 AND unit_id = $2",
            )
            .bind(period_id)
            .bind(unit_id)
            .fetch_all(&mut *tx)
            .await?;
            let mut lines = 0;
            for (form, status, self_total) in forms {
                let Some(self_total) = self_total.filter(|_| rateable(&status)) else {
                    continue;
                };
                // Lock the form and make sure it is still self-assessed: a return to draft
                // that commits meanwhile waits for this line and then deletes it, and a rating
                // saved meanwhile waits and then finds the line.
                let still = sqlx::query(
                    "UPDATE evaluations SET status = status WHERE id = $1 AND status IN ('submitted', 'reviewed')",
                )
                .bind(&form)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if still == 0 {
                    continue;
                }
                let totals: Vec<(i64,)> = sqlx::query_as(
                    "SELECT total FROM peer_ratings WHERE evaluation_id = $1 AND removed = FALSE AND total IS NOT NULL",
                )
                .bind(&form)
                .fetch_all(&mut *tx)
                .await?;
                let totals: Vec<Points> = totals.into_iter().map(|(v,)| Points(v)).collect();
                let c = peer::combine(Points(self_total), &totals, gap);
                sqlx::query("DELETE FROM peer_results WHERE evaluation_id = $1")
                    .bind(&form)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO peer_results (evaluation_id, minutes_id, self_total, peer_total, ratings, total, gap, flagged) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&form)
                .bind(&minutes_id)
                .bind(self_total)
                .bind(c.peer.map(Points::hundredths))
                .bind(i64::try_from(totals.len()).unwrap_or(i64::MAX))
                .bind(c.total.hundredths())
                .bind(c.gap.hundredths())
                .bind(c.flagged)
                .execute(&mut *tx)
                .await?;
                lines += 1;
            }
            let minutes = PeerMinutes {
                id: minutes_id,
                period_id: period_id.to_owned(),
                unit_id: unit_id.to_owned(),
                compiled_at: t,
                compiled_by_name: by_name.to_owned(),
            };
            Ok((minutes, lines))
        })
    }

    /// The unit's minutes of the period, if compiled, with their lines.
    pub async fn peer_minutes(
        &self,
        period_id: &str,
        unit_id: &str,
    ) -> Result<Option<(PeerMinutes, Vec<PeerResult>)>> {
        let minutes: Option<PeerMinutes> = read!(self, |p| sqlx::query_as(
            "SELECT id, period_id, unit_id, compiled_at, compiled_by_name FROM peer_minutes \
             WHERE period_id = $1 AND unit_id = $2"
        )
        .bind(period_id)
        .bind(unit_id)
        .fetch_optional(p)
        .await?);
        let Some(minutes) = minutes else {
            return Ok(None);
        };
        let lines = read!(self, |p| {
            sqlx::query_as::<_, PeerResult>(
            "SELECT evaluation_id, minutes_id, self_total, peer_total, ratings, total, gap, flagged \
             FROM peer_results WHERE minutes_id = $1"
        )
        .bind(&minutes.id)
        .fetch_all(p)
        .await?
        });
        Ok(Some((minutes, lines)))
    }

    /// A form's line in the minutes, if compiled.
    pub async fn peer_result(&self, evaluation_id: &str) -> Result<Option<PeerResult>> {
        Ok(read!(self, |p| {
            sqlx::query_as::<_, PeerResult>(
            "SELECT evaluation_id, minutes_id, self_total, peer_total, ratings, total, gap, flagged \
             FROM peer_results WHERE evaluation_id = $1"
        )
        .bind(evaluation_id)
        .fetch_optional(p)
        .await?
        }))
    }
}

impl Store {
    /// Whether who rates whom has been worked out for the period.
    pub async fn peer_round_started(&self, period_id: &str) -> Result<bool> {
        let row: Option<(String,)> = read!(self, |p| sqlx::query_as(
            "SELECT id FROM peer_ratings WHERE period_id = $1 LIMIT 1"
        )
        .bind(period_id)
        .fetch_optional(p)
        .await?);
        Ok(row.is_some())
    }
}
