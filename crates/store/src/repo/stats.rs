//! Counting a period's forms over a subtree (progress summaries and statistics, SPEC M7).
//!
//! One grouped, index-only query (`evaluations_tally`) answers both: how many forms each unit
//! has in each status, and with which standing grade. The web layer rolls the rows up.

use danhgia_domain::grade::Grade;
use danhgia_domain::workflow::Status;

use crate::Store;
use crate::db::read;
use crate::error::Result;

/// How many forms of a period one unit holds in one status with one standing grade (the
/// latest amendment's, else the published or decided one).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Tally {
    pub unit_path: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub grade: Option<String>,
    pub forms: i64,
}

impl Tally {
    pub fn grade(&self) -> Option<Grade> {
        self.grade.as_deref().and_then(Grade::parse)
    }
}

impl Store {
    /// The tallies of the forms of `period_id` made in the subtree at `path`, in path order.
    pub async fn grade_statistics(&self, period_id: &str, path: &str) -> Result<Vec<Tally>> {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(path);
        Ok(read!(self, |p| {
            sqlx::query_as::<_, Tally>(
            "SELECT unit_path, status, COALESCE(amended_grade, final_grade) AS grade, COUNT(*) AS forms \
             FROM evaluations WHERE period_id = $1 AND unit_path >= $2 AND unit_path < $3 \
             GROUP BY unit_path, status, COALESCE(amended_grade, final_grade) ORDER BY unit_path"
        )
        .bind(period_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(p)
        .await?
        }))
    }
}
