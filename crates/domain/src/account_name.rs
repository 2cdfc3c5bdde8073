//! Account names (SPEC M2.4; Mẫu số 01 guidance, seed 001: "họvàtênviếtliềnkhôngdấu_badinh").
//!
//! `Nguyễn Văn A` in a unit whose suffix is `badinh` gets `nguyenvana_badinh`; a clash gets
//! `nguyenvana2_badinh`, then 3, and so on.

use crate::text::fold;

/// The part before the suffix: the full name folded (diacritics off, đ→d, lower case) with
/// everything but ASCII letters and digits dropped.
pub fn base(full_name: &str) -> String {
    fold(full_name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Joins a base and the unit's suffix, with an optional number to break a clash.
pub fn compose(base: &str, n: u32, suffix: &str) -> String {
    let number = if n <= 1 { String::new() } else { n.to_string() };
    if suffix.is_empty() {
        format!("{base}{number}")
    } else {
        format!("{base}{number}_{suffix}")
    }
}

/// The first free account name for `full_name`: `taken` answers whether a name is in use.
pub fn generate(full_name: &str, suffix: &str, taken: impl Fn(&str) -> bool) -> String {
    let b = base(full_name);
    let b = if b.is_empty() { "canbo".to_owned() } else { b };
    (1..)
        .map(|n| compose(&b, n, suffix))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

/// Whether `name` is an acceptable account name: 3–64 characters of `a-z`, `0-9`, `_`, `.`,
/// starting with a letter.
pub fn is_valid(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

/// Suffixes follow the account-name rules too (without the leading underscore).
pub fn is_valid_suffix(suffix: &str) -> bool {
    (2..=32).contains(&suffix.len())
        && suffix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn the_forms_own_examples() {
        // Mẫu số 01: "Ví dụ: nguyenvana_badinh; nguyenthib_badinh"
        assert_eq!(
            generate("Nguyễn Văn A", "badinh", |_| false),
            "nguyenvana_badinh"
        );
        assert_eq!(
            generate("Nguyễn Thị B", "badinh", |_| false),
            "nguyenthib_badinh"
        );
    }

    #[test]
    fn clashes_get_a_number() {
        // M2.4: "de-duplicated (nguyenvana2_badinh)"
        let taken: HashSet<&str> = ["nguyenvana_badinh"].into();
        assert_eq!(
            generate("Nguyễn Văn A", "badinh", |n| taken.contains(n)),
            "nguyenvana2_badinh"
        );
        let taken: HashSet<&str> = ["nguyenvana_badinh", "nguyenvana2_badinh"].into();
        assert_eq!(
            generate("Nguyễn Văn A", "badinh", |n| taken.contains(n)),
            "nguyenvana3_badinh"
        );
    }

    #[test]
    fn d_bar_punctuation_and_decomposed_input() {
        let nfd: String = "Đỗ Thị Hường".nfd().collect();
        assert_eq!(generate(&nfd, "huyenmau", |_| false), "dothihuong_huyenmau");
        assert_eq!(
            generate("  Lê-Văn  O'Thắm ", "x1", |_| false),
            "levanotham_x1"
        );
    }

    #[test]
    fn validity() {
        assert!(is_valid("nguyenvana_badinh"));
        assert!(!is_valid("Nguyenvana"));
        assert!(!is_valid("1abc"));
        assert!(!is_valid("ab"));
        assert!(is_valid_suffix("huyenmau"));
        assert!(!is_valid_suffix("_huyenmau"));
    }

    proptest! {
        #[test]
        fn generated_names_are_valid_and_free(name in "[A-Za-zĐđÀ-ỹ ]{1,30}", clashes in 0usize..4) {
            let first = generate(&name, "huyenmau", |_| false);
            let b = if base(&name).is_empty() { "canbo".to_owned() } else { base(&name) };
            let taken: HashSet<String> = (1..=clashes as u32).map(|n| compose(&b, n, "huyenmau")).collect();
            let next = generate(&name, "huyenmau", |n| taken.contains(n));
            prop_assert!(!taken.contains(&next));
            prop_assert!(first.ends_with("_huyenmau"));
            prop_assert!(next.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
        }
    }
}
