//! The organisation tree (SPEC M1): units of any depth, their kind, level and block, and the
//! materialised path that makes "everything under unit X" one indexed range query.
//!
//! A unit's path is the list of its ancestors' ids and its own, each followed by `/`, starting
//! with `/`: `/root/child/grandchild/`. A unit is inside X's subtree exactly when its path starts
//! with X's path.

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The stable code stored in the database and used in the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            /// Parses the stable code; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                Self::parse(&s).ok_or_else(|| format!("unknown {} `{s}`", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// What a unit is (đơn vị, cơ quan).
    UnitKind {
        Province = "province",
        District = "district",
        Department = "department",
        Commune = "commune",
        Office = "office",
        School = "school",
        Team = "team",
    }
}

string_enum! {
    /// Administrative level of a unit (Hanoi Quy chế 2021 Đ.6: city, district, commune level).
    UnitLevel {
        Province = "province",
        District = "district",
        Commune = "commune",
    }
}

string_enum! {
    /// Block (khối) a unit belongs to; each block has its own system admin (Hanoi Đ.7.2–7.4).
    Block {
        Party = "party",
        Government = "government",
        Assembly = "assembly",
        Education = "education",
    }
}

/// The path of a unit whose parent has path `parent` (or a root when `None`).
pub fn child_path(parent: Option<&str>, id: &str) -> String {
    format!("{}{id}/", parent.unwrap_or("/"))
}

/// Whether the unit with path `path` is inside the subtree rooted at `root` (itself included).
pub fn is_within(path: &str, root: &str) -> bool {
    path.starts_with(root)
}

/// Whether `path` is strictly below `root`.
pub fn is_strictly_within(path: &str, root: &str) -> bool {
    path.len() > root.len() && path.starts_with(root)
}

/// Bounds `[low, high)` such that `low <= p < high` (byte order) holds exactly for the paths in
/// the subtree of `root`. Paths end with `/`; the next byte after `/` is `0`. Used as an indexed
/// range scan on both backends (PostgreSQL column uses `COLLATE "C"`).
pub fn subtree_bounds(root: &str) -> (String, String) {
    let stem = root.strip_suffix('/').unwrap_or(root);
    (root.to_owned(), format!("{stem}0"))
}

/// Depth of a unit: 1 for a root.
pub fn depth(path: &str) -> usize {
    path.matches('/').count().saturating_sub(1)
}

/// Ids on the path, root first.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The paths of the unit at `path` and of each of its ancestors, root first (`/a/`, `/a/b/`).
pub fn ancestor_paths(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::from("/");
    for id in ancestors(path) {
        cur.push_str(id);
        cur.push('/');
        out.push(cur.clone());
    }
    out
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// Moving a unit under itself or one of its descendants would create a cycle.
    #[error("a unit cannot be moved under itself or its own subtree")]
    IntoOwnSubtree,
}

/// Checks a move of the unit at `unit_path` under the unit at `new_parent_path` and returns the
/// new path of the moved unit. Rule: not under its own subtree (issue 2, M1.1).
pub fn plan_move(
    unit_path: &str,
    unit_id: &str,
    new_parent_path: &str,
) -> Result<String, MoveError> {
    if is_within(new_parent_path, unit_path) {
        return Err(MoveError::IntoOwnSubtree);
    }
    Ok(child_path(Some(new_parent_path), unit_id))
}

/// Re-roots a descendant path after its ancestor moved from `old_root` to `new_root`.
pub fn rebase(path: &str, old_root: &str, new_root: &str) -> Option<String> {
    path.strip_prefix(old_root)
        .map(|rest| format!("{new_root}{rest}"))
}

/// Collapses a set of subtree roots to the minimal set covering the same units.
pub fn minimal_roots(mut roots: Vec<&str>) -> Vec<&str> {
    roots.sort_unstable();
    roots.dedup();
    let mut out: Vec<&str> = Vec::new();
    for r in roots {
        if !out.iter().any(|o| is_within(r, o)) {
            out.push(r);
        }
    }
    out
}

/// The path of the lowest unit both `a` and `b` are within (themselves included); `None` when
/// they share no root (two tenants).
pub fn common_ancestor(a: &str, b: &str) -> Option<String> {
    let mut out = String::from("/");
    let mut any = false;
    for (x, y) in ancestors(a).zip(ancestors(b)) {
        if x != y {
            break;
        }
        out.push_str(x);
        out.push('/');
        any = true;
    }
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn child_and_within() {
        let root = child_path(None, "a");
        let child = child_path(Some(&root), "b");
        assert_eq!(root, "/a/");
        assert_eq!(child, "/a/b/");
        assert!(is_within(&child, &root));
        assert!(is_within(&root, &root));
        assert!(!is_strictly_within(&root, &root));
        assert!(
            !is_within("/ab/", "/a/"),
            "a sibling sharing a prefix is not inside"
        );
        assert_eq!(depth(&child), 2);
        assert_eq!(ancestors(&child).collect::<Vec<_>>(), vec!["a", "b"]);
    }

    #[test]
    fn move_under_own_subtree_is_refused() {
        assert_eq!(
            plan_move("/a/b/", "b", "/a/b/c/"),
            Err(MoveError::IntoOwnSubtree)
        );
        assert_eq!(
            plan_move("/a/b/", "b", "/a/b/"),
            Err(MoveError::IntoOwnSubtree)
        );
        assert_eq!(plan_move("/a/b/", "b", "/a/x/"), Ok("/a/x/b/".to_owned()));
        assert_eq!(
            rebase("/a/b/c/", "/a/b/", "/a/x/b/").as_deref(),
            Some("/a/x/b/c/")
        );
    }

    #[test]
    fn minimal_roots_drops_nested() {
        assert_eq!(
            minimal_roots(vec!["/a/b/", "/a/", "/c/", "/a/"]),
            vec!["/a/", "/c/"]
        );
    }

    #[test]
    fn enums_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Block::parse("nonsense"), None);
    }

    fn id() -> impl Strategy<Value = String> {
        "[0-9a-f-]{1,8}"
    }

    proptest! {
        /// The range scan selects exactly the paths that start with the root.
        #[test]
        fn subtree_bounds_match_prefix(a in id(), b in id(), c in id(), d in id()) {
            let root = child_path(Some(&child_path(None, &a)), &b);
            let (lo, hi) = subtree_bounds(&root);
            let candidates = [
                child_path(Some(&root), &c),
                child_path(Some(&child_path(Some(&root), &c)), &d),
                child_path(Some(&child_path(None, &a)), &c),
                child_path(None, &d),
                root.clone(),
            ];
            for p in candidates {
                let in_range = p.as_str() >= lo.as_str() && p.as_str() < hi.as_str();
                prop_assert_eq!(in_range, is_within(&p, &root), "path {} root {}", p, root);
            }
        }

        #[test]
        fn moves_never_create_cycles(a in id(), b in id(), c in id()) {
            let unit = child_path(Some(&child_path(None, &a)), &b);
            let below = child_path(Some(&unit), &c);
            prop_assert!(plan_move(&unit, &b, &below).is_err());
            if let Ok(new_path) = plan_move(&unit, &b, &child_path(None, &c)) {
                prop_assert!(!is_within(&child_path(None, &c), &new_path));
            }
        }
    }
}
