//! Finding people and units by name, account or e-mail within a scope (issue 8 §4, SPEC M7.2).
//! Names match with or without diacritics through the folded column `people.name_fold`;
//! `danhgia_domain::text` folds the query the same way.

use danhgia_domain::text::like_anywhere;

use crate::Store;
use crate::db::read;
use crate::error::Result;
use crate::models::Person;

/// A person found, with their unit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonHit {
    #[sqlx(flatten)]
    pub person: Person,
    pub unit_name: String,
}

impl Store {
    /// Current staff whose folded name contains `key` (from `text::search_key`), or whose account
    /// name or e-mail starts with it, in the units inside `subtrees` or equal to `singles`; by
    /// name, at most `limit`.
    pub async fn search_people(
        &self,
        key: &str,
        subtrees: &[String],
        singles: &[String],
        limit: i64,
    ) -> Result<Vec<PersonHit>> {
        let (filter, binds) = super::scope_filter("u.path", subtrees, singles, 4);
        let sql = format!(
            "SELECT p.id, p.unit_id, p.full_name, p.position_title, p.rank, p.employment, p.cohort_id, p.email, p.phone, \
             p.reviewer_id, p.evaluator_id, p.name_sort, a.username, u.name AS unit_name \
             FROM people p JOIN units u ON u.id = p.unit_id LEFT JOIN accounts a ON a.person_id = p.id \
             WHERE p.left_at IS NULL AND (p.name_fold LIKE $1 ESCAPE '\\' OR a.username LIKE $2 ESCAPE '\\' \
             OR LOWER(p.email) LIKE $2 ESCAPE '\\') AND {filter} ORDER BY p.name_sort, p.id LIMIT $3"
        );
        let anywhere = like_anywhere(key);
        // Account names and e-mails are ASCII: the folded key starts them.
        let prefix = format!("{}%", &anywhere[1..anywhere.len() - 1]);
        read!(self, |p| {
            let mut q = sqlx::query_as::<_, PersonHit>(sqlx::AssertSqlSafe(sql))
                .bind(&anywhere)
                .bind(&prefix)
                .bind(limit);
            for b in &binds {
                q = q.bind(b);
            }
            Ok(q.fetch_all(p).await?)
        })
    }
}
