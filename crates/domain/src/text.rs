//! Vietnamese text: normalisation, accent folding for search, and a collation key.
//!
//! SQLite's NOCASE and byte collation sort and match Vietnamese wrongly, so the store keeps a
//! folded search column and a sort key computed here, and both backends agree.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Trims, collapses inner whitespace and normalises to NFC, whatever form the input came in.
pub fn clean(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-case ASCII form without diacritics (`Đỗ Thị Hường` → `do thi huong`), for search.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters of the Vietnamese alphabet in order; other characters sort after them by code point.
const ALPHABET: [&str; 29] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ",
    "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
];

/// Tone marks in the traditional dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// A key whose byte order is Vietnamese dictionary order of the words: letters first (with
/// ă, â, đ, ê, ô, ơ, ư as letters of their own), tones only to break ties.
fn word_key(word: &str, primary: &mut String, secondary: &mut String) {
    for base in word
        .nfd()
        .collect::<String>()
        .to_lowercase()
        .chars()
        .collect::<Vec<_>>()
        .chunk_by(|_, b| is_combining_mark(*b))
    {
        let letter: String = base
            .iter()
            .filter(|c| !TONES.contains(c))
            .collect::<String>()
            .nfc()
            .collect();
        let tone = base
            .iter()
            .find_map(|c| TONES.iter().position(|t| t == c))
            .map_or(0, |p| p + 1);
        match ALPHABET.iter().position(|a| *a == letter) {
            Some(p) => primary.push(char::from(b'A' + u8::try_from(p).unwrap_or(0))),
            None => {
                primary.push('~');
                primary.push_str(&letter);
            }
        }
        secondary.push(char::from(b'0' + u8::try_from(tone).unwrap_or(0)));
    }
}

/// Sort key for a person's full name: Vietnamese lists sort by given name (the last word), then
/// by the rest from the family name on, as on the paper lists the seeds show.
pub fn name_sort_key(full_name: &str) -> String {
    let cleaned = clean(full_name);
    let mut words: Vec<&str> = cleaned.split(' ').collect();
    if let Some(given) = words.pop() {
        words.insert(0, given);
    }
    sort_key_words(&words)
}

/// Sort key for any text (unit names), word by word in reading order.
pub fn sort_key(text: &str) -> String {
    let cleaned = clean(text);
    sort_key_words(&cleaned.split(' ').collect::<Vec<_>>())
}

fn sort_key_words(words: &[&str]) -> String {
    let (mut primary, mut secondary) = (String::new(), String::new());
    for w in words {
        word_key(w, &mut primary, &mut secondary);
        primary.push(' ');
        secondary.push(' ');
    }
    format!("{primary}|{secondary}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fold_strips_every_mark_and_d_bar() {
        assert_eq!(fold("Đỗ Thị  Hường"), "do thi huong");
        assert_eq!(fold("NGUYỄN Văn Ánh"), "nguyen van anh");
    }

    #[test]
    fn nfd_and_nfc_input_fold_and_clean_the_same() {
        let nfc = "Nguyễn Thị Thủy";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(nfc), fold(&nfd));
        assert_eq!(clean(&nfd), nfc);
    }

    #[test]
    fn vietnamese_alphabet_order() {
        // a < ă < â < b ... d < đ < e; tones break ties only.
        let mut names = vec!["Đào", "Dũng", "Ánh", "Ấn", "Ăn", "Bình", "An", "Ân"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec!["An", "Ánh", "Ăn", "Ân", "Ấn", "Bình", "Dũng", "Đào"]
        );
    }

    #[test]
    fn people_sort_by_given_name_first() {
        let mut names = vec!["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An"];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(names, vec!["Lê Văn An", "Trần Thị An", "Nguyễn Văn Bình"]);
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let f = fold(&clean(&s));
            prop_assert_eq!(fold(&f), f.clone());
        }

        #[test]
        fn sort_key_ignores_unicode_form(s in "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệ ]{0,30}") {
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(sort_key(&s), sort_key(&nfd));
        }
    }
}

/// A search as typed, ready to match folded text (issue 8 §4: "nguyen van a" finds "Nguyễn Văn
/// A"): folded, and `None` when too short to mean anything (under 2 letters or digits).
pub fn search_key(query: &str) -> Option<String> {
    let f = fold(query);
    (f.chars().filter(|c| c.is_alphanumeric()).count() >= 2).then_some(f)
}

/// Whether `text` matches a search key from [`search_key`]: the folded text contains it.
pub fn matches_search(key: &str, text: &str) -> bool {
    fold(text).contains(key)
}

/// `key` for a SQL `LIKE … ESCAPE '\'` pattern that finds it anywhere: `%`, `_` and `\` typed
/// by the user match themselves.
pub fn like_anywhere(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('%');
    for c in key.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod search_tests {
    use super::*;

    #[test]
    fn diacritics_are_optional_in_a_search() {
        let key = search_key("nguyen van a").unwrap_or_default();
        assert!(matches_search(&key, "Nguyễn Văn A"));
        assert!(matches_search(&key, "NGUYỄN VĂN AN"));
        assert!(matches_search(
            &search_key("Đỗ").unwrap_or_default(),
            "Trần Đỗ Hường"
        ));
        assert!(!matches_search(&key, "Nguyễn Thị A"));
        assert_eq!(search_key(" a "), None);
        assert_eq!(search_key("đ"), None);
        // Decomposed input (NFD, as some keyboards send) folds the same.
        let nfd: String = "Hường".nfd().collect();
        assert_eq!(search_key(&nfd), search_key("huong"));
    }

    #[test]
    fn like_patterns_escape_what_the_user_typed() {
        assert_eq!(like_anywhere("an"), "%an%");
        assert_eq!(like_anywhere("50%_x\\"), "%50\\%\\_x\\\\%");
    }

    proptest::proptest! {
        #[test]
        fn a_name_always_finds_itself_without_its_marks(name in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ ]{2,30}") {
            if let Some(key) = search_key(&fold(&name)) {
                proptest::prop_assert!(matches_search(&key, &name));
            }
        }
    }
}
