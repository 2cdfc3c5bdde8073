//! Staff members and their positions (SPEC M2.1, glossary: "staff member", "position").

use crate::org::string_enum;

string_enum! {
    /// Where a position sits in its unit's leadership: the head (cấp trưởng), a deputy (cấp phó)
    /// or everyone else. Decides who evaluates whom (Hanoi Quy chế Đ.10).
    PositionRank {
        Head = "head",
        Deputy = "deputy",
        Member = "member",
    }
}

string_enum! {
    /// Employment type (SPEC glossary: cán bộ, công chức, viên chức, lao động hợp đồng).
    Employment {
        CanBo = "can_bo",
        CongChuc = "cong_chuc",
        VienChuc = "vien_chuc",
        HopDong = "hop_dong",
    }
}
