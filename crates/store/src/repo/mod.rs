//! The repository API, one file per concept.
pub mod accounts;
pub mod alerts;
pub mod annual;
pub mod audit;
pub mod bulk;
pub mod commendations;
pub mod criteria;
pub mod emulation;
pub mod evaluations;
pub mod hr;
pub mod import;
pub mod kpi;
pub mod localgov;
pub mod mail;
pub mod moves;
pub mod peer;
pub mod people;
pub mod requests;
pub mod resets;
pub mod search;
pub mod sessions;
pub mod staffing;
pub mod stats;
pub mod training;
pub mod units;
pub mod uploads;
pub mod work;

/// `(path >= $a AND path < $b) OR ... OR path IN (...)` over the given subtree roots and single
/// paths, with placeholders numbered from `first`; returns the SQL and the values to bind in
/// order. An empty scope gives `FALSE`-equivalent `1 = 0`.
pub(crate) fn scope_filter(
    column: &str,
    subtrees: &[String],
    singles: &[String],
    first: usize,
) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut binds = Vec::new();
    let mut n = first;
    for root in subtrees {
        let (lo, hi) = danhgia_domain::org::subtree_bounds(root);
        parts.push(format!("({column} >= ${n} AND {column} < ${})", n + 1));
        binds.push(lo);
        binds.push(hi);
        n += 2;
    }
    for single in singles {
        parts.push(format!("{column} = ${n}"));
        binds.push(single.clone());
        n += 1;
    }
    if parts.is_empty() {
        ("1 = 0".to_owned(), binds)
    } else {
        (format!("({})", parts.join(" OR ")), binds)
    }
}
