//! The columns of Mẫu số 01 (seed 001) and the header spellings that name them.

use std::sync::OnceLock;

use danhgia_domain::text::fold;

/// A column of the Mẫu số 01 staff list, in the form's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Stt,
    FullName,
    Position,
    Username,
    Email,
    Phone,
    Unit,
    Role,
    IsUnitAdmin,
    Reviewer,
    Evaluator,
}

impl Column {
    /// Every column, in the form's order.
    pub const ALL: [Column; 11] = [
        Column::Stt,
        Column::FullName,
        Column::Position,
        Column::Username,
        Column::Email,
        Column::Phone,
        Column::Unit,
        Column::Role,
        Column::IsUnitAdmin,
        Column::Reviewer,
        Column::Evaluator,
    ];

    /// The columns a sheet must have for its header row to be recognised.
    pub const REQUIRED: [Column; 4] = [
        Column::FullName,
        Column::Position,
        Column::Unit,
        Column::Role,
    ];

    /// The form's Vietnamese header.
    pub fn title(self) -> &'static str {
        match self {
            Column::Stt => "STT",
            Column::FullName => "Họ và tên",
            Column::Position => "Chức vụ",
            Column::Username => "Tài khoản",
            Column::Email => "Email",
            Column::Phone => "SĐT liên hệ",
            Column::Unit => "Đơn vị",
            Column::Role => "Vai trò",
            Column::IsUnitAdmin => "Là quản trị đơn vị",
            Column::Reviewer => "Lãnh đạo phụ trách nhận xét",
            Column::Evaluator => "Lãnh đạo đánh giá",
        }
    }

    /// A stable snake_case name, for field names in messages and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Column::Stt => "stt",
            Column::FullName => "full_name",
            Column::Position => "position",
            Column::Username => "username",
            Column::Email => "email",
            Column::Phone => "phone",
            Column::Unit => "unit",
            Column::Role => "role",
            Column::IsUnitAdmin => "is_unit_admin",
            Column::Reviewer => "reviewer",
            Column::Evaluator => "evaluator",
        }
    }

    /// Whether the header row must have this column.
    pub fn is_required(self) -> bool {
        Column::REQUIRED.contains(&self)
    }

    /// Header spellings seen on the form and its variants (the title is always one of them).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Stt => &["STT", "TT", "Số TT", "Số thứ tự"],
            Column::FullName => &["Họ và tên", "Họ tên"],
            Column::Position => &["Chức vụ", "Chức vụ, chức danh", "Chức danh"],
            Column::Username => &["Tài khoản", "Tên tài khoản", "Tên đăng nhập"],
            Column::Email => &["Email", "E-mail", "Thư điện tử", "Địa chỉ email"],
            Column::Phone => &[
                "SĐT liên hệ",
                "SĐT",
                "Số điện thoại",
                "Điện thoại",
                "Điện thoại liên hệ",
            ],
            Column::Unit => &["Đơn vị", "Tên đơn vị", "Cơ quan, đơn vị", "Đơn vị công tác"],
            Column::Role => &["Vai trò"],
            Column::IsUnitAdmin => &["Là quản trị đơn vị", "Quản trị đơn vị"],
            Column::Reviewer => &["Lãnh đạo phụ trách nhận xét", "Lãnh đạo nhận xét"],
            Column::Evaluator => &["Lãnh đạo đánh giá"],
        }
    }

    /// The column a header cell names, if any: spellings are compared folded (case and
    /// diacritics off, đ→d) with everything but letters and digits dropped, so "ST T",
    /// "Là quản trị\nđơn vị", "E-mail" and NFD text all match.
    pub fn from_header(text: &str) -> Option<Column> {
        let key = header_key(text);
        if key.is_empty() {
            return None;
        }
        // Folded once: a sheet's first rows may hold hundreds of thousands of candidates.
        static KEYS: OnceLock<Vec<(String, Column)>> = OnceLock::new();
        KEYS.get_or_init(|| {
            Column::ALL
                .into_iter()
                .flat_map(|c| c.aliases().iter().map(move |a| (header_key(a), c)))
                .collect()
        })
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, c)| *c)
    }
}

/// Longest cell text tried as a column header: the longest spelling is a few dozen characters,
/// and folding a long text for every header candidate of a wide sheet is slow.
pub(crate) const MAX_HEADER_BYTES: usize = 1_000;

/// The comparison form of a header cell.
pub(crate) fn header_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The sheet column letters of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA".
pub fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_keys_are_distinct_and_titles_match_themselves() {
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.title()), Some(c), "{}", c.title());
            for a in c.aliases() {
                assert_eq!(Column::from_header(a), Some(c), "{a}");
            }
        }
        let keys: std::collections::BTreeSet<_> = Column::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(keys.len(), 11);
        let mut all = Column::ALL.to_vec();
        all.sort();
        assert_eq!(all, Column::ALL.to_vec(), "Ord follows the form's order");
    }

    #[test]
    fn header_spellings_are_folded() {
        assert_eq!(Column::from_header("ST T"), Some(Column::Stt));
        assert_eq!(
            Column::from_header("LÀ QUẢN TRỊ\nĐƠN VỊ"),
            Some(Column::IsUnitAdmin)
        );
        assert_eq!(
            Column::from_header("Ho\u{300} va\u{300} tên"),
            Some(Column::FullName)
        );
        assert_eq!(Column::from_header(" sđt  liên hệ "), Some(Column::Phone));
        assert_eq!(Column::from_header("E-mail"), Some(Column::Email));
        assert_eq!(
            Column::from_header("Chức vụ,\nchức danh"),
            Some(Column::Position)
        );
        assert_eq!(Column::from_header("Ghi chú"), None);
        assert_eq!(Column::from_header(""), None);
        assert_eq!(Column::from_header("(1)"), None);
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }
}
