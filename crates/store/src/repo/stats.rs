//! Counting a period's forms over a subtree (progress summaries and statistics, SPEC M7).
//!
//! One grouped, index-only query (`evaluations_tally`) answers both: how many forms each unit
//! has in each status, and with which standing grade. The web layer rolls the rows up.

use danhgia_domain::grade::Grade;
use danhgia_domain::workflow::Status;

use danhgia_domain::stats::{Bucket, Filter};

use crate::Store;
use crate::db::read;
use crate::error::Result;

/// How many forms of a period one unit holds in one status with one decided and amended grade.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Tally {
    pub unit_path: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub final_grade: Option<String>,
    pub amended_grade: Option<String>,
    pub forms: i64,
}

impl Tally {
    /// The standing grade: the latest amendment's, else the published or decided one.
    pub fn grade(&self) -> Option<Grade> {
        self.amended_grade
            .as_deref()
            .or(self.final_grade.as_deref())
            .and_then(Grade::parse)
    }
}

impl Store {
    /// The tallies of the forms of `period_id` made in the subtree at `path`, in path order.
    pub async fn grade_statistics(&self, period_id: &str, path: &str) -> Result<Vec<Tally>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Tally>(
                // Grouped in the index's own order, so SQLite needs no sort (61 ms instead of 214 ms
                // for a city's month); the standing grade is taken in `Tally::grade`.
                "SELECT unit_path, status, final_grade, amended_grade, COUNT(*) AS forms \
             FROM evaluations WHERE period_id = $1 AND unit_path >= $2 AND unit_path < $3 \
             GROUP BY unit_path, status, final_grade, amended_grade ORDER BY unit_path",
            )
            .bind(period_id)
            .bind(&lo)
            .bind(&hi)
            .fetch_all(p)
            .await?
        }))
    }
}

/// How many forms of a period one cohort of one unit holds with one decided grade: what the
/// A quota of each cohort is checked against (Quy chế Đ.4), without reading the forms.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CohortTally {
    pub unit_id: String,
    pub unit_name: String,
    pub cohort_id: Option<String>,
    pub cohort_name: Option<String>,
    pub grade: Option<String>,
    pub forms: i64,
}

impl Store {
    /// The cohort tallies of the forms of `period_id` made in the units `unit_ids` (a leader's
    /// queue spans the heads of a whole district: one grouped query instead of one per unit).
    pub async fn cohort_tallies(
        &self,
        period_id: &str,
        unit_ids: &[String],
    ) -> Result<Vec<CohortTally>> {
        if unit_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (0..unit_ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT e.unit_id, u.name AS unit_name, e.cohort_id, c.name AS cohort_name, e.final_grade AS grade, \
             COUNT(*) AS forms FROM evaluations e JOIN units u ON u.id = e.unit_id \
             LEFT JOIN cohorts c ON c.id = e.cohort_id \
             WHERE e.period_id = $1 AND e.unit_id IN ({}) \
             GROUP BY e.unit_id, u.name, e.cohort_id, c.name, e.final_grade",
            list.join(", ")
        );
        Ok(read!(self, |p| {
            let mut q = sqlx::query_as::<_, CohortTally>(sqlx::AssertSqlSafe(sql)).bind(period_id);
            for id in unit_ids {
                q = q.bind(id);
            }
            q.fetch_all(p).await?
        }))
    }
}

/// The forms behind one number of the statistics, and how many there are in all.
#[derive(Debug, Clone)]
pub struct FormList {
    pub forms: Vec<crate::repo::evaluations::Evaluation>,
    pub total: i64,
}

impl Store {
    /// The forms of `period_id` in the subtree at `path` (or, with `own`, of that unit only)
    /// that `bucket` counts (its statuses and standing grade), of the people `filter` keeps: the first `limit` in tree and name
    /// order, and the total count.
    pub async fn forms_matching(
        &self,
        period_id: &str,
        path: &str,
        own: Option<&str>,
        bucket: Bucket,
        filter: &Filter,
        limit: usize,
    ) -> Result<FormList> {
        let (statuses, grade) = (bucket.statuses(), bucket.grade());
        use crate::repo::evaluations::{EVALUATION_SELECT, Evaluation};
        let filter_sql = filter_sql(filter);
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        // Statuses are the enum's own codes, never user text.
        let status_sql = if statuses.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = statuses
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            format!(" AND e.status IN ({})", list.join(", "))
        };
        let filter = format!(
            "e.period_id = $1 AND e.unit_path >= $2 AND e.unit_path < $3 \
             AND ($4 IS NULL OR e.unit_id = $4) \
             AND ($5 IS NULL OR COALESCE(e.amended_grade, e.final_grade) = $5){status_sql}{filter_sql}"
        );
        let grade = grade.map(|g| g.as_str());
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let list_sql = format!(
            "{EVALUATION_SELECT} WHERE {filter} ORDER BY e.unit_path, e.name_sort, e.id LIMIT $6"
        );
        let count_sql = format!("SELECT COUNT(*) FROM evaluations e WHERE {filter}");
        let forms = read!(self, |p| sqlx::query_as::<_, Evaluation>(
            sqlx::AssertSqlSafe(list_sql)
        )
        .bind(period_id)
        .bind(&lo)
        .bind(&hi)
        .bind(own)
        .bind(grade)
        .bind(limit)
        .fetch_all(p)
        .await?);
        let total: i64 = read!(self, |p| sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql))
            .bind(period_id)
            .bind(&lo)
            .bind(&hi)
            .bind(own)
            .bind(grade)
            .fetch_one(p)
            .await?);
        Ok(FormList { forms, total })
    }

    /// The published standing grades of `period_id` for the people `person_ids`.
    pub async fn published_grades(
        &self,
        period_id: &str,
        person_ids: &[String],
    ) -> Result<Vec<(String, Option<String>)>> {
        let mut out = Vec::new();
        for chunk in person_ids.chunks(200) {
            let rows: Vec<(String, Option<String>)> = read!(self, |p| {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT person_id, COALESCE(amended_grade, final_grade) FROM evaluations WHERE status = 'published' AND period_id = ",
                );
                q.push_bind(period_id).push(" AND person_id IN (");
                let mut ids = q.separated(", ");
                for id in chunk {
                    ids.push_bind(id);
                }
                q.push(")");
                q.build_query_as().fetch_all(p).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }
}

/// The conditions of a filter on a form `e`: its unit's block, its person's rank and
/// employment, as the enum's own codes (never user text).
fn filter_sql(f: &Filter) -> String {
    let mut sql = String::new();
    if let Some(b) = f.block {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM units fu WHERE fu.id = e.unit_id AND fu.block = '{b}')"
        ));
    }
    if f.rank.is_some() || f.employment.is_some() {
        sql.push_str(" AND EXISTS (SELECT 1 FROM people fp WHERE fp.id = e.person_id");
        if let Some(r) = f.rank {
            sql.push_str(&format!(" AND fp.rank = '{r}'"));
        }
        if let Some(em) = f.employment {
            sql.push_str(&format!(" AND fp.employment = '{em}'"));
        }
        sql.push(')');
    }
    sql
}

impl Store {
    /// The tallies of the forms of `period_id` in the subtree at `path` of the people `filter`
    /// keeps (a month of a trend). Without a filter this is [`Store::grade_statistics`]; with
    /// one, the same grouping in the index's order, so no sort is needed either.
    pub async fn filtered_statistics(
        &self,
        period_id: &str,
        path: &str,
        filter: &Filter,
    ) -> Result<Vec<Tally>> {
        if filter.is_empty() {
            return self.grade_statistics(period_id, path).await;
        }
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        let sql = format!(
            "SELECT e.unit_path, e.status, e.final_grade, e.amended_grade, COUNT(*) AS forms \
             FROM evaluations e WHERE e.period_id = $1 AND e.unit_path >= $2 AND e.unit_path < $3{} \
             GROUP BY e.unit_path, e.status, e.final_grade, e.amended_grade ORDER BY e.unit_path",
            filter_sql(filter)
        );
        Ok(read!(self, |p| sqlx::query_as::<_, Tally>(
            sqlx::AssertSqlSafe(sql)
        )
        .bind(period_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(p)
        .await?))
    }
}
