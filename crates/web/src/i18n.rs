//! The i18n catalogue: every text the UI shows, in Vietnamese (first) and English.
//! Templates and handlers use keys; a missing key shows as the key itself and a test keeps
//! every key used in templates present here.

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// (key, Vietnamese, English)
pub static CATALOGUE: &[(&str, &str, &str)] = &[
    ("app.name", "Đánh giá, xếp loại CBCCVC", "Staff evaluation"),
    (
        "app.tagline",
        "Đánh giá, chấm điểm, xếp loại cán bộ, công chức, viên chức, lao động hợp đồng hằng tháng",
        "Monthly evaluation of public staff",
    ),
    ("nav.units", "Cơ cấu tổ chức", "Organisation"),
    ("nav.password", "Đổi mật khẩu", "Change password"),
    ("nav.logout", "Đăng xuất", "Log out"),
    ("nav.skip", "Chuyển đến nội dung chính", "Skip to content"),
    ("login.title", "Đăng nhập", "Log in"),
    ("login.username", "Tên tài khoản", "Account name"),
    ("login.password", "Mật khẩu", "Password"),
    ("login.submit", "Đăng nhập", "Log in"),
    (
        "login.expired",
        "Phiên làm việc đã hết hạn do không thao tác trong thời gian dài. Vui lòng đăng nhập lại.",
        "Your session ended after a period of inactivity. Please log in again.",
    ),
    (
        "login.logged_out",
        "Bạn đã đăng xuất.",
        "You have logged out.",
    ),
    ("password.title", "Đổi mật khẩu", "Change password"),
    (
        "password.must_change",
        "Tài khoản mới hoặc vừa được cấp lại mật khẩu: vui lòng đổi mật khẩu trước khi sử dụng.",
        "New or reset account: please change your password before going on.",
    ),
    ("password.current", "Mật khẩu hiện tại", "Current password"),
    ("password.new", "Mật khẩu mới", "New password"),
    (
        "password.confirm",
        "Nhập lại mật khẩu mới",
        "Repeat the new password",
    ),
    (
        "password.hint",
        "Ít nhất 8 ký tự; không trùng tên tài khoản; không dùng mật khẩu phổ biến. Có thể dùng một cụm từ dài, có dấu cách.",
        "At least 8 characters; not the account name; not a common password. A long phrase with spaces is fine.",
    ),
    ("password.submit", "Đổi mật khẩu", "Change password"),
    ("password.done", "Đã đổi mật khẩu.", "Password changed."),
    ("units.title", "Cơ cấu tổ chức", "Organisation"),
    ("units.expand_all", "Mở tất cả", "Expand all"),
    ("units.collapse_all", "Thu gọn", "Collapse all"),
    (
        "units.empty",
        "Chưa có đơn vị nào trong phạm vi của bạn.",
        "No unit in your scope yet.",
    ),
    ("units.new", "Thêm đơn vị", "Add a unit"),
    (
        "units.new_child",
        "Thêm đơn vị trực thuộc",
        "Add a sub-unit",
    ),
    ("units.edit", "Sửa thông tin đơn vị", "Edit unit"),
    ("units.staff_count", "người", "people"),
    ("unit.code", "Mã đơn vị", "Unit code"),
    ("unit.name", "Tên đơn vị", "Unit name"),
    ("unit.kind", "Loại hình", "Kind"),
    ("unit.level", "Cấp", "Level"),
    ("unit.block", "Khối", "Block"),
    ("unit.suffix", "Hậu tố tài khoản", "Account-name suffix"),
    (
        "unit.suffix_hint",
        "Ví dụ: huyenmau → tài khoản nguyenvana_huyenmau. Để trống để dùng hậu tố của đơn vị cấp trên.",
        "E.g. huyenmau → account nguyenvana_huyenmau. Leave empty to use the parent's.",
    ),
    ("unit.parent", "Đơn vị cấp trên", "Parent unit"),
    ("unit.no_parent", "(Đơn vị gốc)", "(Root unit)"),
    ("unit.children", "Đơn vị trực thuộc", "Sub-units"),
    (
        "unit.staff",
        "Danh sách cán bộ, công chức, viên chức, LĐHĐ",
        "Staff",
    ),
    (
        "unit.no_staff",
        "Đơn vị chưa có cán bộ nào.",
        "No staff in this unit yet.",
    ),
    ("unit.cohorts", "Nhóm đối tượng", "Cohorts"),
    (
        "unit.no_cohorts",
        "Chưa có nhóm đối tượng.",
        "No cohort yet.",
    ),
    ("unit.cohort_name", "Tên nhóm", "Cohort name"),
    ("unit.add_cohort", "Thêm nhóm", "Add cohort"),
    ("unit.delete_cohort", "Xóa nhóm", "Delete cohort"),
    ("unit.members", "thành viên", "members"),
    ("unit.roles", "Phân quyền trên đơn vị", "Roles on this unit"),
    (
        "unit.no_roles",
        "Chưa phân quyền nào.",
        "No role granted yet.",
    ),
    (
        "unit.move",
        "Chuyển sang đơn vị cấp trên khác",
        "Move under another unit",
    ),
    ("unit.move_submit", "Chuyển", "Move"),
    ("unit.dissolve", "Giải thể đơn vị", "Dissolve unit"),
    (
        "unit.dissolve_hint",
        "Chỉ giải thể được đơn vị không còn cán bộ và không còn đơn vị trực thuộc.",
        "Only a unit with no staff and no sub-unit can be dissolved.",
    ),
    (
        "unit.dissolved",
        "Đã giải thể đơn vị.",
        "The unit was dissolved.",
    ),
    ("unit.saved", "Đã lưu thông tin đơn vị.", "Unit saved."),
    ("unit.moved", "Đã chuyển đơn vị.", "Unit moved."),
    ("kind.province", "Tỉnh, thành phố", "Province or city"),
    ("kind.district", "Quận, huyện", "District"),
    ("kind.department", "Sở, ban, ngành", "Department"),
    ("kind.commune", "Xã, phường, thị trấn", "Commune"),
    ("kind.office", "Phòng, ban", "Office"),
    ("kind.school", "Trường học", "School"),
    ("kind.team", "Tổ, bộ phận", "Team"),
    ("level.province", "Cấp Thành phố", "City level"),
    ("level.district", "Cấp huyện", "District level"),
    ("level.commune", "Cấp xã", "Commune level"),
    (
        "block.party",
        "Khối Đảng, đoàn thể",
        "Party and mass organisations",
    ),
    ("block.government", "Khối Chính quyền", "Government"),
    (
        "block.assembly",
        "Khối Đoàn ĐBQH – HĐND",
        "NA delegation and People's Council",
    ),
    ("block.education", "Khối Giáo dục", "Education"),
    ("staff.new", "Thêm cán bộ", "Add a staff member"),
    ("staff.edit", "Sửa thông tin cán bộ", "Edit staff member"),
    ("staff.full_name", "Họ và tên", "Full name"),
    ("staff.position", "Chức vụ, chức danh", "Position"),
    ("staff.rank", "Vị trí lãnh đạo", "Leadership rank"),
    ("staff.employment", "Loại cán bộ", "Employment type"),
    ("staff.cohort", "Nhóm đối tượng", "Cohort"),
    ("staff.no_cohort", "(Chưa xếp nhóm)", "(No cohort)"),
    ("staff.email", "Email", "E-mail"),
    ("staff.phone", "SĐT liên hệ", "Phone"),
    ("staff.reviewer", "Lãnh đạo phụ trách nhận xét", "Reviewer"),
    ("staff.evaluator", "Lãnh đạo đánh giá", "Evaluator"),
    (
        "staff.derived",
        "(Tự động theo chức vụ và quy mô đơn vị)",
        "(Derived from position and unit size)",
    ),
    ("staff.none", "(Chưa có)", "(None)"),
    ("staff.account", "Tài khoản", "Account"),
    ("staff.no_account", "Chưa có tài khoản", "No account"),
    (
        "staff.create_account",
        "Tạo tài khoản đăng nhập",
        "Create a login account",
    ),
    ("staff.username", "Tên tài khoản", "Account name"),
    (
        "staff.username_hint",
        "Để trống để tạo tự động theo họ tên, ví dụ nguyenvana_huyenmau.",
        "Leave empty to generate from the name, e.g. nguyenvana_huyenmau.",
    ),
    (
        "staff.initial_password",
        "Mật khẩu ban đầu",
        "Initial password",
    ),
    (
        "staff.initial_password_hint",
        "Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
        "The user must change it at first login.",
    ),
    (
        "staff.saved",
        "Đã lưu thông tin cán bộ.",
        "Staff member saved.",
    ),
    ("staff.roles", "Vai trò", "Roles"),
    ("staff.grant", "Phân quyền", "Grant"),
    ("staff.revoke", "Thu hồi", "Revoke"),
    ("staff.on_unit", "trên đơn vị", "on unit"),
    ("staff.back", "Quay lại đơn vị", "Back to the unit"),
    (
        "account.one_time_password",
        "Mật khẩu tạm thời (chỉ hiện một lần, hãy trao tận tay người dùng; phải đổi trong 5 ngày):",
        "One-time password (shown once; hand it to the user; must be changed within 5 days):",
    ),
    ("account.reset", "Cấp lại mật khẩu", "Reset password"),
    (
        "account.reset_done",
        "Đã cấp lại mật khẩu tạm thời.",
        "A new one-time password was issued.",
    ),
    ("account.unlock", "Mở khóa tài khoản", "Unlock account"),
    (
        "account.unlocked",
        "Đã mở khóa tài khoản.",
        "Account unlocked.",
    ),
    ("account.state", "Trạng thái tài khoản", "Account state"),
    (
        "account.locked_deadline",
        "Bị khóa: không đổi mật khẩu tạm thời trong 5 ngày",
        "Locked: one-time password not changed within 5 days",
    ),
    (
        "account.locked_failures",
        "Tạm khóa do nhập sai mật khẩu nhiều lần",
        "Locked for a while after wrong passwords",
    ),
    ("account.disabled", "Đã vô hiệu hóa", "Disabled"),
    (
        "account.must_change",
        "Chưa đổi mật khẩu tạm thời",
        "One-time password not yet changed",
    ),
    ("account.history", "Lịch sử thao tác", "History"),
    (
        "audit.account_change_password",
        "Đổi mật khẩu",
        "Changed password",
    ),
    (
        "audit.account_lock_password_deadline",
        "Khóa do quá hạn đổi mật khẩu",
        "Locked: password deadline",
    ),
    (
        "audit.account_reset_password",
        "Cấp lại mật khẩu",
        "Password reset",
    ),
    (
        "audit.account_unlock",
        "Mở khóa tài khoản",
        "Account unlocked",
    ),
    ("audit.cohort_create", "Thêm nhóm đối tượng", "Cohort added"),
    (
        "audit.cohort_delete",
        "Xóa nhóm đối tượng",
        "Cohort deleted",
    ),
    ("audit.person_create", "Thêm cán bộ", "Staff member added"),
    (
        "audit.person_update",
        "Sửa thông tin cán bộ",
        "Staff member edited",
    ),
    ("audit.role_grant", "Phân quyền", "Role granted"),
    ("audit.role_revoke", "Thu hồi quyền", "Role revoked"),
    ("audit.unit_create", "Thêm đơn vị", "Unit created"),
    ("audit.unit_update", "Sửa đơn vị", "Unit edited"),
    ("audit.unit_move", "Chuyển đơn vị", "Unit moved"),
    ("audit.unit_dissolve", "Giải thể đơn vị", "Unit dissolved"),
    (
        "staff.transfer",
        "Điều động, luân chuyển sang đơn vị khác",
        "Transfer to another unit",
    ),
    ("staff.transfer_unit", "Đơn vị mới", "New unit"),
    (
        "staff.transfer_position",
        "Chức vụ tại đơn vị mới",
        "Position in the new unit",
    ),
    ("staff.transfer_date", "Ngày hiệu lực", "Effective date"),
    (
        "staff.transfer_hint",
        "Các quyền tại đơn vị cũ chấm dứt từ ngày này; kết quả đánh giá đã có vẫn gắn với đơn vị cũ.",
        "Roles at the old unit end on this day; past evaluations stay with the old unit.",
    ),
    ("staff.transfer_submit", "Điều chuyển", "Transfer"),
    (
        "staff.transferred",
        "Đã điều chuyển cán bộ.",
        "Staff member transferred.",
    ),
    (
        "staff.leave",
        "Nghỉ việc, nghỉ hưu, chuyển ra ngoài hệ thống",
        "Leaving",
    ),
    ("staff.left_on", "Ngày nghỉ", "Date of leaving"),
    ("staff.leave_reason", "Lý do", "Reason"),
    (
        "staff.leave_hint",
        "Tài khoản sẽ bị vô hiệu hóa (không bị xóa); hồ sơ và kết quả đánh giá cũ vẫn được lưu.",
        "The account is disabled, not deleted; past records stay.",
    ),
    ("staff.leave_submit", "Xác nhận nghỉ", "Record leaving"),
    (
        "staff.left",
        "Đã ghi nhận cán bộ nghỉ; tài khoản đã bị vô hiệu hóa.",
        "Leaving recorded; the account is disabled.",
    ),
    ("staff.placements", "Quá trình công tác", "Career"),
    ("staff.current", "nay", "now"),
    ("leave.retired", "Nghỉ hưu", "Retired"),
    ("leave.resigned", "Thôi việc", "Resigned"),
    (
        "leave.moved_out",
        "Chuyển công tác ra ngoài hệ thống",
        "Moved out of the system",
    ),
    ("leave.other", "Lý do khác", "Other"),
    ("audit.person_transfer", "Điều chuyển", "Transferred"),
    ("audit.person_leave", "Nghỉ việc", "Left"),
    (
        "err.date",
        "Ngày không hợp lệ (định dạng năm-tháng-ngày).",
        "Invalid date (yyyy-mm-dd).",
    ),
    (
        "err.date_future",
        "Ngày hiệu lực không được sau hôm nay; hãy thực hiện vào đúng ngày.",
        "The date cannot be after today; do it on the day.",
    ),
    (
        "err.transfer_unit",
        "Hãy chọn một đơn vị khác trong phạm vi quản lý của bạn.",
        "Pick another unit within your scope.",
    ),
    (
        "err.transfer_before_start",
        "Ngày hiệu lực không được trước ngày bắt đầu công tác tại đơn vị hiện tại.",
        "The date cannot be before the current placement began.",
    ),
    ("forgot.link", "Quên mật khẩu?", "Forgot your password?"),
    ("forgot.title", "Quên mật khẩu", "Forgot password"),
    (
        "forgot.name",
        "Tên tài khoản hoặc email công vụ",
        "Account name or work e-mail",
    ),
    (
        "forgot.hint",
        "Hệ thống sẽ gửi một liên kết đặt lại mật khẩu tới email đã đăng ký của tài khoản. Liên kết dùng được một lần, trong 30 phút.",
        "A single-use link, valid 30 minutes, is sent to the account's registered e-mail.",
    ),
    ("forgot.submit", "Gửi liên kết", "Send the link"),
    (
        "forgot.sent",
        "Nếu tài khoản tồn tại và có email đăng ký, một liên kết đặt lại mật khẩu vừa được gửi tới email đó. Nếu không nhận được thư, hãy liên hệ quản trị đơn vị.",
        "If the account exists and has an e-mail, a reset link was sent to it. If nothing arrives, ask your unit admin.",
    ),
    ("reset.title", "Đặt mật khẩu mới", "Set a new password"),
    ("reset.submit", "Đặt mật khẩu", "Set password"),
    (
        "reset.done",
        "Đã đặt mật khẩu mới. Vui lòng đăng nhập.",
        "New password set. Please log in.",
    ),
    (
        "err.reset_link",
        "Liên kết đặt lại mật khẩu không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy yêu cầu liên kết mới.",
        "The reset link is invalid, used or expired. Ask for a new one.",
    ),
    (
        "audit.account_reset_requested",
        "Yêu cầu đặt lại mật khẩu",
        "Password reset requested",
    ),
    (
        "audit.account_reset_completed",
        "Đặt lại mật khẩu qua email",
        "Password reset by e-mail",
    ),
    (
        "import.title",
        "Nhập danh sách cán bộ từ Excel (Mẫu số 01)",
        "Import the staff list (Mẫu số 01)",
    ),
    ("import.link", "Nhập từ Excel", "Import from Excel"),
    ("import.upload", "Tải lên danh sách", "Upload a list"),
    (
        "import.file",
        "Tệp Excel (.xlsx hoặc .xls)",
        "Excel file (.xlsx or .xls)",
    ),
    (
        "import.hint",
        "Bảng có thể bắt đầu bên dưới các dòng tiêu đề. Hệ thống kiểm tra toàn bộ danh sách trước; chỉ khi không còn lỗi nào mới ghi dữ liệu. Nhập lại cùng một tệp không làm thay đổi gì.",
        "The table may start below title lines. Everything is checked first; nothing is written while any row has a problem. Importing the same file again changes nothing.",
    ),
    ("import.check", "Kiểm tra danh sách", "Check the list"),
    (
        "import.template",
        "Tải mẫu danh sách trống (Mẫu số 01)",
        "Download the blank template",
    ),
    (
        "import.export",
        "Xuất danh sách cán bộ của đơn vị (cùng mẫu)",
        "Export this unit's staff (same layout)",
    ),
    (
        "import.has_errors",
        "Danh sách có lỗi, chưa ghi dữ liệu nào. Số lỗi",
        "The list has problems; nothing was written. Problems",
    ),
    (
        "import.error_sheet",
        "Tải tệp danh sách kèm cột Lỗi",
        "Download the sheet with an error column",
    ),
    (
        "import.fix_and_retry",
        "Sửa các dòng trên trong tệp Excel rồi tải lên lại.",
        "Fix these rows in the file and upload it again.",
    ),
    ("import.row", "Dòng", "Row"),
    ("import.column", "Cột", "Column"),
    ("import.value", "Giá trị", "Value"),
    ("import.problem", "Lỗi", "Problem"),
    ("import.ready", "Danh sách hợp lệ.", "The list is valid."),
    ("import.created", "Cán bộ mới", "New staff"),
    ("import.updated", "Cán bộ được cập nhật", "Updated"),
    (
        "import.updated_or_same",
        "Cán bộ đã có (cập nhật nếu khác)",
        "Already present (updated where different)",
    ),
    ("import.unchanged", "Không thay đổi", "Unchanged"),
    (
        "import.confirm",
        "Xác nhận nhập danh sách",
        "Confirm the import",
    ),
    ("import.existing", "Đã có", "Existing"),
    ("import.new", "Mới", "New"),
    (
        "import.done",
        "Đã nhập danh sách.",
        "The list was imported.",
    ),
    (
        "import.credentials",
        "Tải danh sách tài khoản và mật khẩu tạm thời",
        "Download the accounts and one-time passwords",
    ),
    (
        "import.credentials_hint",
        "Chỉ tải được một lần. Mỗi người phải đổi mật khẩu trong 5 ngày, nếu không tài khoản sẽ bị khóa.",
        "Downloadable once. Each person must change the password within 5 days or the account locks.",
    ),
    (
        "err.upload",
        "Không đọc được tệp tải lên. Vui lòng thử lại.",
        "The upload could not be read. Try again.",
    ),
    (
        "err.upload_empty",
        "Vui lòng chọn một tệp Excel.",
        "Choose an Excel file.",
    ),
    (
        "err.upload_too_big",
        "Tệp quá lớn (tối đa 20 MB).",
        "The file is too large (20 MB at most).",
    ),
    (
        "err.sheet_not_spreadsheet",
        "Tệp không phải bảng tính Excel (.xlsx hoặc .xls).",
        "The file is not an Excel workbook (.xlsx or .xls).",
    ),
    (
        "err.sheet_encrypted",
        "Tệp Excel đang đặt mật khẩu. Vui lòng bỏ mật khẩu rồi tải lên lại.",
        "The workbook is password-protected. Remove the password and upload it again.",
    ),
    (
        "err.sheet_no_sheet",
        "Tệp Excel không có trang tính nào.",
        "The workbook has no worksheet.",
    ),
    (
        "err.sheet_no_header",
        "Không tìm thấy dòng tiêu đề của Mẫu số 01 trong 30 dòng đầu của trang tính (cần các cột Họ và tên, Chức vụ, Đơn vị, Vai trò).",
        "No Mẫu số 01 header row in the first 30 rows (needs Họ và tên, Chức vụ, Đơn vị, Vai trò).",
    ),
    (
        "err.sheet_too_many_rows",
        "Danh sách có quá 100.000 dòng; vui lòng chia thành nhiều tệp.",
        "More than 100,000 rows; split the file.",
    ),
    (
        "err.sheet_unreadable",
        "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng. Vui lòng mở bằng Excel, lưu lại dạng .xlsx rồi tải lên lại.",
        "The spreadsheet could not be read. Save it as .xlsx and upload again.",
    ),
    (
        "err.import_role",
        "Vai trò phải là một trong bốn giá trị của mẫu: Là Lãnh đạo cấp trưởng, phó cơ quan đơn vị; Trưởng, phó các phòng, ban, ngành; Công chức, viên chức, lao động hợp đồng; Tổng hợp, tham mưu đánh giá.",
        "Role must be one of the form's four values.",
    ),
    (
        "err.import_admin_mark",
        "Cột \"Là quản trị đơn vị\" chỉ ghi X hoặc để trống.",
        "Write X or leave empty.",
    ),
    (
        "err.import_unit_unknown",
        "Không tìm thấy đơn vị này trong phạm vi quản lý của bạn (ghi đúng tên hoặc mã đơn vị).",
        "No such unit in your scope (write its name or code).",
    ),
    (
        "err.import_unit_ambiguous",
        "Có nhiều đơn vị cùng tên; hãy ghi mã đơn vị.",
        "Several units have this name; write the unit code.",
    ),
    (
        "err.import_unit_changed",
        "Cán bộ này đang thuộc đơn vị khác; việc chuyển đơn vị làm bằng chức năng Điều chuyển (có ngày hiệu lực).",
        "This person belongs to another unit; use Transfer (with a date).",
    ),
    (
        "err.import_username_changed",
        "Cán bộ này đã có tài khoản khác; không đổi tên tài khoản qua nhập danh sách.",
        "This person already has another account name.",
    ),
    (
        "err.import_duplicate_row",
        "Dòng này trùng với một dòng trước trong tệp (xem số dòng trong ngoặc).",
        "This row repeats an earlier one (row in brackets).",
    ),
    (
        "err.import_leader_unknown",
        "Không tìm thấy lãnh đạo này trong tệp hoặc trong đơn vị.",
        "No such leader in the file or the unit.",
    ),
    (
        "err.import_leader_ambiguous",
        "Có nhiều người trùng tên này; hãy ghi tên tài khoản của lãnh đạo thay cho họ tên.",
        "Several people share this name; write the leader's account name.",
    ),
    (
        "err.import_leader_self",
        "Một người không thể tự nhận xét, đánh giá chính mình.",
        "Nobody reviews or evaluates themselves.",
    ),
    (
        "audit.staff_import",
        "Nhập danh sách cán bộ",
        "Staff list imported",
    ),
    (
        "audit.staff_import_credentials",
        "Tải danh sách mật khẩu tạm thời",
        "One-time passwords downloaded",
    ),
    (
        "audit.staff_export",
        "Xuất danh sách cán bộ",
        "Staff list exported",
    ),
    ("rank.head", "Cấp trưởng", "Head"),
    ("rank.deputy", "Cấp phó", "Deputy"),
    ("rank.member", "Cán bộ, nhân viên", "Staff"),
    ("employment.can_bo", "Cán bộ", "Cán bộ"),
    ("employment.cong_chuc", "Công chức", "Civil servant"),
    ("employment.vien_chuc", "Viên chức", "Public employee"),
    (
        "employment.hop_dong",
        "Lao động hợp đồng",
        "Contract worker",
    ),
    ("role.system_admin", "Quản trị hệ thống", "System admin"),
    ("role.unit_admin", "Quản trị đơn vị", "Unit admin"),
    (
        "role.aggregator",
        "Tổng hợp, tham mưu đánh giá",
        "Aggregator",
    ),
    ("role.evaluator", "Lãnh đạo đánh giá", "Evaluator"),
    ("role.reviewer", "Lãnh đạo phụ trách nhận xét", "Reviewer"),
    ("role.staff", "Cán bộ, công chức, viên chức", "Staff member"),
    ("form.save", "Lưu", "Save"),
    ("form.cancel", "Hủy", "Cancel"),
    (
        "form.errors",
        "Vui lòng sửa các lỗi được đánh dấu bên dưới.",
        "Please fix the marked errors below.",
    ),
    ("form.required_mark", "bắt buộc", "required"),
    ("table.stt", "STT", "No."),
    ("table.actions", "Thao tác", "Actions"),
    ("error.title", "Có lỗi xảy ra", "Something went wrong"),
    ("error.back", "Về trang chủ", "Back to the start"),
    (
        "err.required",
        "Vui lòng nhập thông tin này.",
        "This field is required.",
    ),
    ("err.too_long", "Nội dung quá dài.", "Too long."),
    (
        "err.unit_code",
        "Mã đơn vị chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (tối đa 32 ký tự).",
        "Unit code: letters, digits and hyphens, at most 32.",
    ),
    (
        "err.suffix",
        "Hậu tố chỉ gồm chữ thường không dấu và chữ số (2–32 ký tự), ví dụ huyenmau.",
        "Suffix: 2–32 lower-case letters or digits.",
    ),
    (
        "err.person_name",
        "Họ và tên chỉ gồm chữ cái và khoảng trắng.",
        "A name has letters and spaces only.",
    ),
    (
        "err.email",
        "Địa chỉ email không hợp lệ (ví dụ: ten@hanoi.gov.vn).",
        "Invalid e-mail address.",
    ),
    (
        "err.phone",
        "Số điện thoại gồm 9–11 chữ số.",
        "A phone number has 9–11 digits.",
    ),
    (
        "err.username",
        "Tên tài khoản chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch dưới, bắt đầu bằng chữ (3–64 ký tự).",
        "Account name: 3–64 lower-case letters, digits, dots or underscores, starting with a letter.",
    ),
    (
        "err.password_short",
        "Mật khẩu phải có ít nhất 8 ký tự.",
        "At least 8 characters.",
    ),
    (
        "err.password_is_username",
        "Mật khẩu không được trùng hoặc chứa tên tài khoản.",
        "The password must not be or contain the account name.",
    ),
    (
        "err.password_common",
        "Mật khẩu này quá phổ biến hoặc dễ đoán (ví dụ 12345678, matkhau123). Hãy chọn mật khẩu khác, có thể là một cụm từ dài.",
        "This password is too common or easy to guess. Choose another; a long phrase works well.",
    ),
    (
        "err.password_deadline",
        "Tài khoản đã bị khóa vì mật khẩu tạm thời không được đổi trong 5 ngày kể từ ngày cấp. Hãy dùng chức năng \"Quên mật khẩu\" hoặc liên hệ quản trị đơn vị để được cấp lại.",
        "The account is locked: its one-time password was not changed within 5 days. Use \"Forgot password\" or ask your unit admin.",
    ),
    (
        "err.password_mismatch",
        "Hai mật khẩu mới không giống nhau.",
        "The two new passwords differ.",
    ),
    (
        "err.password_wrong",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
    ),
    (
        "err.password_same",
        "Mật khẩu mới phải khác mật khẩu hiện tại.",
        "The new password must differ from the current one.",
    ),
    (
        "err.choice",
        "Giá trị không hợp lệ, vui lòng chọn trong danh sách.",
        "Invalid value; pick one from the list.",
    ),
    (
        "err.bad_credentials",
        "Tên tài khoản hoặc mật khẩu không đúng.",
        "Wrong account name or password.",
    ),
    (
        "err.account_locked",
        "Tài khoản tạm thời bị khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị đơn vị.",
        "The account is locked for a while after repeated wrong passwords. Try again in 15 minutes or ask your unit admin.",
    ),
    ("audit.title", "Nhật ký hệ thống", "Audit log"),
    (
        "audit.hint",
        "Mọi lần đăng nhập, đăng nhập sai, thay đổi quyền, xuất dữ liệu và thay đổi dữ liệu trong phạm vi bạn quản lý, mới nhất trước. Nhật ký chỉ được ghi thêm, không sửa hay xóa được; mỗi dòng được nối chuỗi bằng mã băm để phát hiện mọi sửa đổi.",
        "Every login, failed login, permission change, export and data change within your scope, newest first. The log is append-only; each line is hash-chained so that any change is detected.",
    ),
    (
        "audit.actor",
        "Người thực hiện (tên tài khoản)",
        "Who (account name)",
    ),
    ("audit.action", "Hành động", "Action"),
    ("audit.any_action", "Tất cả", "Any"),
    ("audit.target", "Mã đối tượng", "Target id"),
    ("audit.from", "Từ ngày", "From"),
    ("audit.to", "Đến ngày", "To"),
    ("audit.search", "Tìm", "Search"),
    (
        "audit.none",
        "Không có dòng nhật ký nào khớp.",
        "No matching lines.",
    ),
    ("audit.seq", "Số", "No."),
    ("audit.when", "Thời điểm", "When"),
    ("audit.unit", "Đơn vị", "Unit"),
    ("audit.ip", "Địa chỉ IP", "IP address"),
    ("audit.detail", "Chi tiết", "Detail"),
    ("audit.older", "Xem các dòng cũ hơn", "Older lines"),
    (
        "audit.verify",
        "Kiểm tra tính toàn vẹn của nhật ký",
        "Check the log's integrity",
    ),
    (
        "audit.intact",
        "Nhật ký toàn vẹn: số dòng đã kiểm tra",
        "The log is intact: lines checked",
    ),
    (
        "audit.anchor",
        "Mốc cần lưu ngoài hệ thống:",
        "Anchor to keep outside the system:",
    ),
    (
        "audit.broken",
        "CẢNH BÁO: nhật ký đã bị can thiệp —",
        "WARNING: the log was tampered with —",
    ),
    (
        "audit.err.range",
        "Ngày kết thúc phải sau ngày bắt đầu.",
        "The last day must follow the first.",
    ),
    ("nav.audit", "Nhật ký", "Audit log"),
    (
        "err.totp_required",
        "Tài khoản này dùng xác thực hai lớp: vui lòng nhập mã 6 chữ số từ ứng dụng xác thực.",
        "This account uses two-factor authentication: enter the 6-digit code from the authenticator app.",
    ),
    (
        "err.totp_wrong",
        "Mã xác thực không đúng hoặc đã được dùng. Vui lòng nhập mã mới đang hiện trên ứng dụng.",
        "Wrong or already used code. Enter the new code the app shows.",
    ),
    (
        "totp.title",
        "Xác thực hai lớp",
        "Two-factor authentication",
    ),
    ("totp.code", "Mã xác thực (6 chữ số)", "Code (6 digits)"),
    (
        "totp.code_hint",
        "Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) trên điện thoại và nhập mã đang hiện cho tài khoản này.",
        "Open the authenticator app on your phone and enter the code it shows for this account.",
    ),
    ("totp.submit", "Xác nhận", "Confirm"),
    (
        "totp.on",
        "Xác thực hai lớp đang BẬT cho tài khoản này: mỗi lần đăng nhập cần thêm mã từ ứng dụng xác thực.",
        "Two-factor authentication is ON: each login also needs the app's code.",
    ),
    (
        "totp.off_hint",
        "Tài khoản quản trị có quyền trên cả cây đơn vị. Bật xác thực hai lớp để kẻ lấy được mật khẩu cũng không đăng nhập được: quét mã QR bằng ứng dụng xác thực trên điện thoại (hoặc gõ khóa bên dưới), rồi nhập mã 6 chữ số ứng dụng hiện ra.",
        "Admin accounts reach whole unit trees. Turn on two-factor authentication so that a stolen password is not enough: scan the QR code with an authenticator app (or type the key below), then enter the 6-digit code it shows.",
    ),
    (
        "totp.key",
        "Khóa (nếu không quét được mã QR):",
        "Key (if the QR code cannot be scanned):",
    ),
    ("totp.enable", "Bật xác thực hai lớp", "Turn on"),
    ("totp.disable", "Tắt xác thực hai lớp", "Turn off"),
    (
        "totp.disable_hint",
        "Để tắt, nhập mã hiện tại từ ứng dụng. Nếu mất điện thoại, nhờ quản trị cấp trên đặt lại mật khẩu: việc đó cũng tắt xác thực hai lớp.",
        "To turn it off, enter the app's current code. If the phone is lost, ask an admin above you to reset your password: that also turns it off.",
    ),
    (
        "totp.enabled",
        "Đã bật xác thực hai lớp.",
        "Two-factor authentication is on.",
    ),
    (
        "totp.disabled",
        "Đã tắt xác thực hai lớp.",
        "Two-factor authentication is off.",
    ),
    ("nav.totp", "Xác thực hai lớp", "Two-factor"),
    (
        "logout_all.title",
        "Đăng xuất trên mọi thiết bị",
        "Log out everywhere",
    ),
    (
        "logout_all.hint",
        "Kết thúc mọi phiên đăng nhập của tài khoản này, trên mọi máy tính và ứng dụng, kể cả máy này (khi mất điện thoại hoặc quên đăng xuất ở máy dùng chung).",
        "Ends every session of this account on every computer and app, this one included (after a lost phone or a shared computer).",
    ),
    (
        "logout_all.submit",
        "Đăng xuất mọi nơi",
        "Log out everywhere",
    ),
    (
        "err.too_many_attempts",
        "Có quá nhiều lần thử từ máy này hoặc cho tài khoản này. Vui lòng đợi một phút rồi thử lại.",
        "Too many attempts from this computer or for this account. Wait a minute and try again.",
    ),
    (
        "err.account_disabled",
        "Tài khoản đã bị khóa. Vui lòng liên hệ quản trị đơn vị.",
        "The account is disabled. Ask your unit admin.",
    ),
    (
        "err.login_required",
        "Vui lòng đăng nhập.",
        "Please log in.",
    ),
    (
        "eval.autosave_expired",
        "Phiên làm việc đã hết hạn nên nội dung vừa nhập CHƯA được lưu. Hãy sao chép lại phần vừa nhập, rồi đăng nhập lại (mở trang trong thẻ mới) và nhập lại.",
        "Your session has ended, so what you just typed was NOT saved. Copy it, log in again (in a new tab) and enter it again.",
    ),
    (
        "err.session_expired",
        "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
        "Your session has ended. Please log in again.",
    ),
    (
        "err.password_change_required",
        "Vui lòng đổi mật khẩu trước khi tiếp tục.",
        "Please change your password first.",
    ),
    (
        "err.not_found",
        "Không tìm thấy trang hoặc dữ liệu yêu cầu.",
        "Not found.",
    ),
    (
        "err.forbidden",
        "Bạn không có quyền thực hiện thao tác này.",
        "You may not do this.",
    ),
    (
        "err.csrf",
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.",
        "The form expired or is invalid. Reload the page and try again.",
    ),
    (
        "err.bad_request",
        "Yêu cầu không hợp lệ.",
        "Invalid request.",
    ),
    (
        "err.bad_json",
        "Dữ liệu gửi lên không đúng định dạng JSON mong đợi.",
        "The request body is not the expected JSON.",
    ),
    (
        "err.conflict",
        "Dữ liệu bị trùng hoặc không hợp lệ.",
        "Conflicting data.",
    ),
    (
        "err.unit_code_taken",
        "Mã đơn vị này đã được sử dụng.",
        "This unit code is already in use.",
    ),
    (
        "err.username_taken",
        "Tên tài khoản này đã được sử dụng.",
        "This account name is already in use.",
    ),
    (
        "err.person_has_account",
        "Cán bộ này đã có tài khoản.",
        "This staff member already has an account.",
    ),
    (
        "err.cohort_taken",
        "Đơn vị đã có nhóm đối tượng trùng tên.",
        "The unit already has a cohort of that name.",
    ),
    (
        "err.role_already",
        "Tài khoản đã có vai trò này trên đơn vị này.",
        "The account already holds this role on this unit.",
    ),
    (
        "err.move_cycle",
        "Không thể chuyển đơn vị vào chính nó hoặc vào đơn vị trực thuộc của nó.",
        "A unit cannot be moved under itself or its own sub-units.",
    ),
    (
        "err.unit_not_empty",
        "Không thể giải thể: đơn vị vẫn còn cán bộ hoặc đơn vị trực thuộc.",
        "Cannot dissolve: the unit still has staff or sub-units.",
    ),
    (
        "err.cohort_not_empty",
        "Không thể xóa: nhóm vẫn còn thành viên.",
        "Cannot delete: the cohort has members.",
    ),
    (
        "err.cohort_other_unit",
        "Nhóm đối tượng không thuộc đơn vị này.",
        "The cohort belongs to another unit.",
    ),
    (
        "err.reviewer_unknown",
        "Lãnh đạo phụ trách nhận xét không hợp lệ.",
        "Unknown reviewer.",
    ),
    (
        "err.evaluator_unknown",
        "Lãnh đạo đánh giá không hợp lệ.",
        "Unknown evaluator.",
    ),
    (
        "err.role_not_allowed",
        "Bạn không được cấp vai trò này trên đơn vị đã chọn.",
        "You may not grant this role on that unit.",
    ),
    (
        "err.no_account",
        "Cán bộ chưa có tài khoản để phân quyền.",
        "The staff member has no account to grant roles to.",
    ),
    ("nav.criteria", "Bộ tiêu chí", "Criteria sets"),
    (
        "form.has_errors",
        "Có thông tin chưa hợp lệ, xem thông báo bên cạnh từng ô.",
        "Some fields are not valid; see the message next to each.",
    ),
    (
        "paper.motto1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SOCIALIST REPUBLIC OF VIETNAM",
    ),
    (
        "paper.motto2",
        "Độc lập – Tự do – Hạnh phúc",
        "Independence – Freedom – Happiness",
    ),
    ("criteria.title", "Bộ tiêu chí chấm điểm", "Criteria sets"),
    (
        "criteria.intro",
        "Mỗi chức vụ, chức danh được chấm theo một bộ tiêu chí. Bộ tiêu chí có phiên bản: sửa một bộ tạo phiên bản mới, phiếu đã chấm giữ nguyên phiên bản cũ.",
        "Each position is scored on one criteria set. Sets are versioned: an edit makes a new version; scored forms keep theirs.",
    ),
    ("criteria.preset_bands", "Mức xếp loại", "Grade bands"),
    ("criteria.preset_quota", "Tỷ lệ A tối đa", "A at most"),
    ("criteria.set", "Bộ tiêu chí", "Criteria set"),
    ("criteria.key", "Mã", "Key"),
    ("criteria.version", "Phiên bản", "Version"),
    ("criteria.status", "Trạng thái", "Status"),
    ("criteria.copied_from", "Sao chép từ", "Copied from"),
    ("criteria.shipped", "Bộ mẫu của phần mềm", "Shipped"),
    ("criteria.local", "Bộ do quản trị lập", "Made by an admin"),
    (
        "criteria.to_confirm",
        "Cần quản trị xác nhận",
        "To be confirmed by the administrator",
    ),
    (
        "criteria.org_line",
        "TÊN CƠ QUAN, TỔ CHỨC, ĐƠN VỊ",
        "NAME OF THE BODY",
    ),
    ("criteria.unit", "Đơn vị công tác", "Unit"),
    ("criteria.applies_to", "Áp dụng đối với", "Applies to"),
    ("criteria.tt", "TT", "No."),
    ("criteria.criterion", "Tiêu chí chấm điểm", "Criterion"),
    ("criteria.max", "Điểm tối đa", "Max points"),
    (
        "criteria.kind.criteria",
        "tiêu chí chấm điểm",
        "scored criteria",
    ),
    (
        "criteria.kind.result",
        "tính theo tỷ lệ % kết quả × điểm tối đa",
        "result % × max points",
    ),
    ("criteria.kind.bonus", "điểm thưởng", "bonus"),
    ("criteria.kind.deduction", "điểm trừ", "deduction"),
    (
        "criteria.knockout",
        "Điểm liệt: chấm 0 điểm thì xếp loại không cao hơn",
        "Knockout: scored 0, the grade is at most",
    ),
    (
        "criteria.reason_required",
        "Phải ghi rõ lý do khi chấm điểm mục này",
        "A written reason is required",
    ),
    ("criteria.guidance", "Hướng dẫn chấm", "Guidance"),
    ("criteria.total", "Tổng điểm", "Total"),
    ("criteria.source", "Nguồn", "Source"),
    (
        "criteria.old_version",
        "Đây là phiên bản cũ, được giữ nguyên cho các phiếu đã chấm theo nó.",
        "This is an old version, kept as it was for the forms scored on it.",
    ),
    (
        "criteria.see_current",
        "Xem phiên bản hiện hành",
        "See the current version",
    ),
    ("criteria.edit", "Sửa bộ tiêu chí", "Edit the set"),
    ("criteria.print", "In phiếu", "Print"),
    ("criteria.versions", "Các phiên bản", "Versions"),
    ("criteria.saved_at", "Thời điểm lưu", "Saved at"),
    ("criteria.saved_by", "Người lưu", "Saved by"),
    ("criteria.note", "Ghi chú thay đổi", "Note on the change"),
    ("criteria.copy", "Sao chép để chỉnh sửa", "Copy to edit"),
    (
        "criteria.copy_hint",
        "Bộ mẫu của phần mềm không sửa trực tiếp: sao chép thành bộ mới rồi sửa bản sao, sau đó gán bản sao cho các chức vụ.",
        "Shipped sets are not edited in place: copy, edit the copy, then assign it to positions.",
    ),
    ("criteria.new_key", "Mã bộ mới", "New key"),
    (
        "criteria.key_hint",
        "Chữ thường không dấu, số và dấu gạch ngang, ví dụ hn-15-ban-sao.",
        "Lower-case letters, digits and dashes, e.g. hn-15-copy.",
    ),
    ("criteria.new_title", "Tên bộ mới", "New title"),
    ("criteria.copy_submit", "Sao chép", "Copy"),
    (
        "criteria.copied",
        "Đã sao chép. Bạn có thể sửa bộ mới.",
        "Copied. You can now edit the new set.",
    ),
    (
        "criteria.saved",
        "Đã lưu phiên bản mới của bộ tiêu chí.",
        "A new version of the set was saved.",
    ),
    (
        "criteria.edit_hint",
        "Sửa nội dung, điểm tối đa và hướng dẫn. Khi lưu, phần mềm tạo phiên bản mới; các phiếu đã chấm vẫn giữ phiên bản cũ.",
        "Edit texts, maximum points and guidance. Saving makes a new version; scored forms keep the old one.",
    ),
    (
        "criteria.reload",
        "Mở lại bản mới nhất",
        "Reload the latest",
    ),
    ("criteria.set_title", "Tên bộ tiêu chí", "Set title"),
    ("criteria.section_title", "Tên phần", "Section title"),
    (
        "criteria.section_max",
        "Điểm tối đa của phần (bằng tổng các tiêu chí; với điểm thưởng/trừ: mức tối đa)",
        "Section maximum (sum of its criteria; for bonus/deduction: the limit)",
    ),
    (
        "criteria.knockout_field",
        "Điểm liệt (chấm 0 thì xếp loại không cao hơn)",
        "Knockout (scored 0 caps the grade at)",
    ),
    ("criteria.no_knockout", "Không", "None"),
    ("criteria.save", "Lưu phiên bản mới", "Save a new version"),
    (
        "criteria.source_edit",
        "Sửa toàn văn (thêm, bớt phần hoặc tiêu chí)",
        "Edit the full text (add or remove sections and criteria)",
    ),
    (
        "criteria.source_hint",
        "Dành cho quản trị quen định dạng TOML (xem data/criteria/README.md). Mọi lỗi được báo theo số dòng; không lưu gì khi còn lỗi.",
        "For admins who know the TOML format (data/criteria/README.md). Every problem is listed by line; nothing is saved while any remains.",
    ),
    (
        "criteria.source_errors",
        "Bộ tiêu chí chưa được lưu vì:",
        "The set was not saved because:",
    ),
    ("criteria.line", "Dòng", "Line"),
    (
        "criteria.assign_title",
        "Gán bộ tiêu chí cho chức vụ",
        "Criteria sets by position",
    ),
    (
        "criteria.assign_hint",
        "Mỗi chức vụ trong đơn vị và các đơn vị trực thuộc được chấm theo bộ tiêu chí dưới đây. Có thể chọn bộ khác cho một chức vụ; lựa chọn áp dụng cho đơn vị này và các đơn vị trực thuộc.",
        "Each position in this unit and below is scored on the set shown. You may choose another set for a position; the choice applies to this unit and its sub-units.",
    ),
    ("criteria.people", "Số người", "People"),
    ("criteria.why", "Căn cứ", "Why"),
    (
        "criteria.why_override",
        "Quản trị gán tại",
        "Assigned by an admin at",
    ),
    (
        "criteria.no_set",
        "Chưa có bộ tiêu chí: quản trị đơn vị cần gán.",
        "No criteria set: the unit admin must assign one.",
    ),
    (
        "criteria.assign_form",
        "Chọn bộ tiêu chí cho một chức vụ",
        "Choose the set for a position",
    ),
    (
        "criteria.back_to_rules",
        "— Theo quy định mặc định (bỏ lựa chọn riêng) —",
        "— As the regulation's mapping (remove the choice) —",
    ),
    ("criteria.assign_submit", "Lưu lựa chọn", "Save"),
    (
        "criteria.assigned",
        "Đã lưu lựa chọn bộ tiêu chí.",
        "Saved.",
    ),
    (
        "criteria.overrides",
        "Các lựa chọn riêng đang áp dụng",
        "Choices in force",
    ),
    (
        "criteria.no_overrides",
        "Chưa có lựa chọn riêng: mọi chức vụ theo quy định mặc định.",
        "None: every position follows the regulation's mapping.",
    ),
    (
        "criteria.person_title",
        "Phiếu đánh giá sẽ dùng",
        "The form this person gets",
    ),
    ("criteria.preset", "Quy định áp dụng", "Rules in force"),
    ("criteria.try", "Chấm thử", "Trial scoring"),
    (
        "criteria.try_hint",
        "Nhập điểm để xem tổng điểm và mức xếp loại theo quy định. Không lưu gì.",
        "Type scores to see the total and grade under the rules. Nothing is saved.",
    ),
    ("criteria.try_submit", "Tính điểm", "Compute"),
    ("criteria.grade", "Xếp loại", "Grade"),
    ("criteria.missing", "Số mục chưa chấm", "Items not scored"),
    ("criteria.score", "Điểm chấm", "Score"),
    ("criteria.percent", "tỷ lệ % kết quả", "result %"),
    ("criteria.reason", "Lý do", "Reason"),
    (
        "criteria.half_days",
        "Thời gian làm việc thực tế trong tháng không quá 50% ngày công",
        "Worked 50% of the month's working days or less",
    ),
    (
        "criteria.self_grade",
        "Mức tự nhận xếp loại",
        "Self-declared grade",
    ),
    (
        "criteria.preset_saved",
        "Đã lưu quy định áp dụng.",
        "Rules saved.",
    ),
    (
        "criteria.err.syntax",
        "Tệp bộ tiêu chí không đúng định dạng",
        "Not a valid set file",
    ),
    (
        "criteria.err.key",
        "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang (1–64 ký tự)",
        "A key is 1–64 lower-case letters, digits and dashes",
    ),
    (
        "criteria.err.key_taken",
        "Mã này đã được dùng cho bộ tiêu chí khác",
        "This key is already used",
    ),
    (
        "criteria.err.required",
        "Chưa nhập nội dung bắt buộc",
        "A required text is empty",
    ),
    (
        "criteria.err.number",
        "Điểm không hợp lệ: nhập số không âm, tối đa hai chữ số thập phân (ví dụ 2,5)",
        "Not valid points: a non-negative number with at most two decimals (e.g. 2.5)",
    ),
    (
        "criteria.err.kind",
        "Loại phần không hợp lệ (criteria, result, bonus, deduction)",
        "Unknown section kind",
    ),
    (
        "criteria.err.grade",
        "Mức xếp loại không hợp lệ (A, B, C, D)",
        "Unknown grade (A, B, C, D)",
    ),
    (
        "criteria.err.duplicate",
        "Mã này bị trùng",
        "This code is used twice",
    ),
    (
        "criteria.err.no_sections",
        "Bộ tiêu chí chưa có phần nào",
        "The set has no section",
    ),
    (
        "criteria.err.empty_section",
        "Phần này chưa có tiêu chí nào",
        "The section has no criterion",
    ),
    (
        "criteria.err.result_items",
        "Phần tính theo tỷ lệ % kết quả không có tiêu chí con",
        "A result section has no criteria",
    ),
    (
        "criteria.err.sum",
        "Tổng điểm tối đa của các tiêu chí không bằng điểm tối đa của phần",
        "The criteria's maxima do not add up to the section's",
    ),
    (
        "criteria.err.item_over_cap",
        "Điểm tối đa của mục vượt mức tối đa của phần",
        "An item's maximum is above its section's limit",
    ),
    (
        "criteria.err.scale",
        "Tổng điểm các phần không bằng thang điểm",
        "The sections do not add up to the scale",
    ),
    (
        "criteria.err.knockout_kind",
        "Chỉ tiêu chí chấm điểm mới có thể là điểm liệt",
        "Only scored criteria can be knockouts",
    ),
    (
        "criteria.err.shipped",
        "Bộ mẫu của phần mềm không sửa trực tiếp: hãy sao chép rồi sửa bản sao.",
        "Shipped sets are not edited in place: copy one and edit the copy.",
    ),
    (
        "criteria.err.changed",
        "Bộ tiêu chí vừa được người khác lưu phiên bản mới. Nội dung bạn nhập vẫn còn dưới đây; mở lại bản mới nhất rồi sửa lại.",
        "Someone saved a newer version meanwhile. What you typed is still below; reload the latest and edit again.",
    ),
    (
        "criteria.err.title_required",
        "Nhập chức vụ, chức danh",
        "Type the position",
    ),
    (
        "criteria.err.unknown_set",
        "Bộ tiêu chí không tồn tại",
        "No such criteria set",
    ),
    (
        "criteria.err.no_set",
        "Người này chưa có bộ tiêu chí",
        "This person has no criteria set",
    ),
    (
        "criteria.err.not_tenant",
        "Chỉ chọn quy định cho đơn vị gốc",
        "Rules are chosen on a root unit",
    ),
    ("criteria.err.block", "Khối không hợp lệ", "Unknown block"),
    (
        "criteria.err.preset",
        "Quy định không tồn tại",
        "Unknown preset",
    ),
    (
        "catalogue.err.folder",
        "Bộ tiêu chí nằm sai thư mục quy định",
        "The set is in another preset's folder",
    ),
    (
        "catalogue.err.duplicate_key",
        "Mã bộ tiêu chí bị trùng",
        "Duplicate set key",
    ),
    (
        "catalogue.err.preset",
        "Quy định không tồn tại",
        "Unknown preset",
    ),
    (
        "catalogue.err.set",
        "Quy tắc gán chỉ đến bộ tiêu chí không có",
        "A mapping rule names an unknown set",
    ),
    (
        "catalogue.err.mapping",
        "Quy định chưa có tệp gán chức vụ",
        "The preset has no mapping",
    ),
    ("mapping.err.value", "Giá trị không hợp lệ", "Unknown value"),
    (
        "preset.err.bands",
        "Ngưỡng xếp loại phải giảm dần A > B > C",
        "Bands must decrease A > B > C",
    ),
    (
        "preset.err.period",
        "Kỳ theo dõi phải là month hoặc quarter",
        "Period must be month or quarter",
    ),
    (
        "preset.err.quota",
        "Tỷ lệ A không hợp lệ",
        "Invalid A quota",
    ),
    (
        "score.err.negative",
        "Điểm không được âm",
        "Points cannot be negative",
    ),
    (
        "score.err.over_max",
        "Điểm vượt điểm tối đa của tiêu chí",
        "Above the criterion's maximum",
    ),
    (
        "score.err.percent",
        "Tỷ lệ % phải từ 0 đến 100",
        "The percentage must be 0–100",
    ),
    (
        "score.err.reason",
        "Phải ghi rõ lý do",
        "A written reason is required",
    ),
    (
        "score.err.section_cap",
        "Tổng điểm của phần vượt mức tối đa",
        "The section's sum is above its limit",
    ),
    (
        "score.err.unknown",
        "Mục không có trong bộ tiêu chí",
        "Not an item of this set",
    ),
    ("grade.why.band", "Theo tổng điểm", "By the total"),
    (
        "grade.why.self_declared",
        "Lấy mức cá nhân tự nhận xếp loại (Quy chế Quảng Trị Đ.6.1)",
        "The self-declared grade stands (Quảng Trị Đ.6.1)",
    ),
    (
        "grade.why.knockout",
        "Có tiêu chí điểm liệt bị chấm 0",
        "A knockout criterion scored 0",
    ),
    (
        "grade.why.zero_criterion",
        "Có tiêu chí đạt 0 điểm: không được xếp loại tốt trở lên (Quy chế Quảng Trị Đ.6.1)",
        "A criterion scored 0: not above C (Quảng Trị Đ.6.1)",
    ),
    (
        "grade.why.half_days",
        "Làm việc không quá 50% ngày công: không được xếp loại B trở lên (QĐ 1841-QĐ/TU)",
        "Worked ≤ 50% of working days: not above C (Hanoi 1841)",
    ),
    (
        "grade.why.head_capped",
        "Người đứng đầu không cao hơn mức của tổ chức (NĐ 335 Đ.20.6)",
        "A head is not above their organisation (NĐ 335 Đ.20.6)",
    ),
    (
        "grade.why.finding",
        "Thuộc trường hợp không hoàn thành nhiệm vụ (NĐ 335 Đ.20.4)",
        "A case of 'not completed' (NĐ 335 Đ.20.4)",
    ),
    (
        "grade.why.not_graded",
        "Không xếp loại: chưa đủ 6 tháng công tác trong năm (NĐ 335 Đ.11.1)",
        "Not graded: under 6 months worked (NĐ 335 Đ.11.1)",
    ),
    ("rules.title", "Quy định đánh giá áp dụng", "Rules in force"),
    (
        "rules.hint",
        "Chọn quy định (mức xếp loại, tỷ lệ, bộ tiêu chí) cho toàn đơn vị gốc, hoặc riêng cho từng khối.",
        "Choose the rules (bands, quota, criteria sets) for the whole tenant, or per block.",
    ),
    ("rules.tenant", "Toàn đơn vị", "Whole tenant"),
    ("rules.save", "Lưu", "Save"),
    (
        "workflow.err.frozen",
        "Phiếu đã công khai: không sửa được nữa (muốn đính chính phải lập bản điều chỉnh).",
        "The form is published and frozen (a correction is an amendment).",
    ),
    (
        "workflow.err.not_now",
        "Phiếu không ở bước cho phép thao tác này.",
        "The form is not at a step that allows this.",
    ),
    (
        "workflow.err.not_yours",
        "Bạn không phải người thực hiện bước này của phiếu.",
        "This step of the form is not yours.",
    ),
    (
        "workflow.err.reason",
        "Phải ghi rõ lý do.",
        "A written reason is required.",
    ),
    (
        "err.storage_full",
        "Hệ thống tạm thời không lưu được dữ liệu vì ổ đĩa của cơ sở dữ liệu đã đầy. Nội dung vừa gửi CHƯA được lưu; vui lòng báo quản trị và thử lại sau.",
        "The system cannot save now: the database's disk is full. What you just sent was NOT saved; tell an admin and try again later.",
    ),
    (
        "err.storage_read_only",
        "Hệ thống tạm thời chỉ cho xem, không lưu được dữ liệu (cơ sở dữ liệu đang ở chế độ chỉ đọc). Nội dung vừa gửi CHƯA được lưu; vui lòng báo quản trị và thử lại sau.",
        "The system is read-only for now (the database cannot be written). What you just sent was NOT saved; tell an admin and try again later.",
    ),
    (
        "err.db_unreachable",
        "Tạm thời không kết nối được cơ sở dữ liệu. Nội dung vừa gửi CHƯA được lưu; vui lòng thử lại sau ít phút.",
        "The database cannot be reached for now. What you just sent was NOT saved; try again in a few minutes.",
    ),
    (
        "err.internal",
        "Lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị.",
        "Internal error. Try again later or tell an admin.",
    ),
    (
        "nav.evaluations",
        "Đánh giá hằng tháng",
        "Monthly evaluation",
    ),
    (
        "eval.hub_title",
        "Đánh giá, xếp loại hằng tháng",
        "Monthly evaluation",
    ),
    ("eval.mine", "Phiếu của tôi", "My form"),
    (
        "eval.open_mine",
        "Mở phiếu đánh giá của tôi",
        "Open my form",
    ),
    (
        "eval.no_form",
        "Bạn chưa có phiếu đánh giá trong kỳ này.",
        "You have no form in this period.",
    ),
    ("eval.history", "Các kỳ trước", "Earlier periods"),
    ("eval.status", "Trạng thái", "Status"),
    (
        "status.draft",
        "Đang soạn (chưa gửi)",
        "Draft (not submitted)",
    ),
    ("status.submitted", "Đã gửi, chờ lãnh đạo", "Submitted"),
    ("status.reviewed", "Đã có ý kiến nhận xét", "Reviewed"),
    ("status.decided", "Lãnh đạo đã đánh giá", "Decided"),
    ("status.adjusted", "Thủ trưởng đã điều chỉnh", "Adjusted"),
    ("status.published", "Đã công khai", "Published"),
    ("eval.act.open", "Mở phiếu", "Form opened"),
    ("eval.act.save", "Lưu nháp", "Draft saved"),
    ("eval.act.submit", "Gửi phiếu", "Submitted"),
    ("eval.act.review", "Nhận xét", "Reviewed"),
    ("eval.act.decide", "Đánh giá, xếp loại", "Decided"),
    ("eval.act.adjust", "Điều chỉnh xếp loại", "Adjusted"),
    ("eval.act.publish", "Công khai", "Published"),
    ("eval.act.return", "Trả lại", "Returned"),
    ("eval.late", "Trễ hạn", "Late"),
    ("eval.final_grade", "Xếp loại", "Grade"),
    ("eval.self_total", "Điểm tự chấm", "Self score"),
    ("eval.self_grade", "Tự xếp loại", "Self grade"),
    ("eval.leader_total", "Điểm lãnh đạo chấm", "Leader's score"),
    ("eval.self_score", "Tự chấm", "Self score"),
    ("eval.leader_score", "Lãnh đạo chấm", "Leader's score"),
    (
        "eval.queue_title",
        "Phiếu chờ tôi xử lý",
        "Forms waiting for me",
    ),
    (
        "eval.queue_empty",
        "Không có phiếu nào chờ bạn trong kỳ này.",
        "Nothing waits for you in this period.",
    ),
    (
        "eval.waiting_me",
        "Số phiếu chờ bạn nhận xét, đánh giá hoặc điều chỉnh",
        "Forms waiting for you",
    ),
    ("eval.open_queue", "Mở danh sách chờ xử lý", "Open my queue"),
    ("eval.follow", "Theo dõi tiến độ đơn vị", "Follow units"),
    (
        "eval.results_of",
        "Kết quả đã công khai của",
        "Published results of",
    ),
    (
        "eval.results_title",
        "Kết quả đánh giá, xếp loại đã công khai",
        "Published results",
    ),
    (
        "eval.nothing_published",
        "Chưa có kết quả nào được công khai trong kỳ này.",
        "Nothing has been published in this period.",
    ),
    (
        "eval.progress_title",
        "Tiến độ đánh giá",
        "Evaluation progress",
    ),
    ("eval.not_submitted", "Chưa gửi phiếu", "Not submitted"),
    (
        "stats.title",
        "Thống kê kết quả đánh giá, xếp loại",
        "Evaluation statistics",
    ),
    (
        "stats.help",
        "Mỗi dòng là một đơn vị trực thuộc cùng các đơn vị cấp dưới của nó; xếp loại chỉ tính phiếu đã công khai.",
        "Each line is a unit below with everything under it; grades count published forms only.",
    ),
    ("stats.forms", "Số phiếu", "Forms"),
    ("stats.waiting", "Chờ đánh giá", "Awaiting decision"),
    ("stats.decided", "Chờ công khai", "Awaiting publication"),
    ("stats.published", "Đã công khai", "Published"),
    ("stats.share_a", "Tỷ lệ A", "Share of A"),
    ("stats.own", "cán bộ của đơn vị", "own staff"),
    ("stats.total", "Tổng cộng", "Total"),
    ("stats.below", "Các đơn vị trực thuộc", "Units below"),
    (
        "stats.own_forms",
        "Phiếu của cán bộ thuộc đơn vị",
        "Forms of the unit's own staff",
    ),
    ("eval.to_publish", "Sẵn sàng công khai", "Ready to publish"),
    (
        "eval.publish",
        "Công khai kết quả của đơn vị",
        "Publish the unit's results",
    ),
    (
        "eval.publish_confirm",
        "Công khai kết quả? Sau khi công khai, phiếu không sửa được nữa (chỉ điều chỉnh bằng văn bản).",
        "Publish? Published forms are frozen.",
    ),
    ("eval.waits", "Đang chờ", "Waiting for"),
    (
        "eval.waits.owner",
        "Người được đánh giá gửi phiếu",
        "the staff member",
    ),
    ("eval.waits.reviewer", "Nhận xét của", "the reviewer"),
    ("eval.waits.evaluator", "Đánh giá của", "the evaluator"),
    ("eval.waits.publication", "Công khai", "publication"),
    ("eval.waits.nobody", "Đã xong", "done"),
    ("eval.cohort", "Nhóm", "Cohort"),
    ("eval.no_cohort", "(chưa xếp nhóm)", "(no cohort)"),
    ("eval.people", "người", "people"),
    ("eval.choose", "Chọn", "Choose"),
    (
        "eval.accept_chosen",
        "Chấp nhận kết quả tự đánh giá của những người đã chọn",
        "Accept the chosen self-assessments",
    ),
    (
        "eval.form_title",
        "Phiếu đánh giá, xếp loại tháng",
        "Evaluation form for",
    ),
    (
        "eval.section_comment",
        "Tự nhận xét mục",
        "Comment on section",
    ),
    ("eval.save_draft", "Lưu nháp", "Save draft"),
    ("eval.submit", "Gửi phiếu cho lãnh đạo", "Submit"),
    ("eval.decide", "Lưu điểm và xếp loại", "Decide"),
    (
        "eval.accept_self",
        "Chấp nhận kết quả tự đánh giá",
        "Accept the self-assessment",
    ),
    (
        "eval.leader_comment",
        "Nhận xét của lãnh đạo đánh giá",
        "Evaluator's comment",
    ),
    (
        "eval.review_comment",
        "Ý kiến nhận xét của lãnh đạo phụ trách",
        "Reviewer's comment",
    ),
    ("eval.review", "Gửi ý kiến nhận xét", "Send the comment"),
    (
        "eval.adjust_grade",
        "Mức xếp loại sau điều chỉnh",
        "Adjusted grade",
    ),
    (
        "eval.adjust_reason",
        "Lý do điều chỉnh",
        "Reason for the adjustment",
    ),
    ("eval.adjust", "Điều chỉnh xếp loại", "Adjust the grade"),
    (
        "eval.return_reason",
        "Lý do trả lại",
        "Reason for returning",
    ),
    ("eval.return", "Trả lại một bước", "Send back one step"),
    (
        "eval.events",
        "Lịch sử thay đổi của phiếu",
        "History of the form",
    ),
    ("eval.when", "Thời điểm", "When"),
    ("eval.who", "Người thực hiện", "Who"),
    ("eval.what", "Thao tác", "What"),
    (
        "eval.total_change",
        "Điểm (trước → sau)",
        "Score (old → new)",
    ),
    (
        "eval.grade_change",
        "Xếp loại (trước → sau)",
        "Grade (old → new)",
    ),
    ("eval.reason", "Lý do", "Reason"),
    (
        "eval.err.action",
        "Thao tác không hợp lệ.",
        "Unknown action.",
    ),
    (
        "eval.err.changed",
        "Phiếu vừa được {by} lưu lúc {at}. Những gì bạn nhập vẫn còn nguyên bên dưới; hãy xem lại rồi lưu lần nữa.",
        "The form was changed by {by} at {at}. What you typed is kept below; review it and save again.",
    ),
    (
        "eval.err.changed_unknown",
        "Phiếu vừa được người khác thay đổi. Hãy tải lại trang.",
        "The form was changed by someone else. Reload the page.",
    ),
    ("eval.err.grade", "Chọn mức xếp loại.", "Choose a grade."),
    (
        "eval.err.incomplete",
        "Còn tiêu chí chưa chấm điểm:",
        "Items not scored yet:",
    ),
    (
        "eval.err.no_person",
        "Tài khoản này không gắn với cán bộ nào nên không có phiếu để xử lý.",
        "This account is not a staff member.",
    ),
    (
        "eval.err.none_chosen",
        "Chưa chọn phiếu nào.",
        "No form chosen.",
    ),
    (
        "eval.autosaved",
        "Đã tự động lưu nháp lúc {at}: tổng điểm {total}, xếp loại {grade}.",
        "Draft saved at {at}: total {total}, grade {grade}.",
    ),
    (
        "eval.autosave_failed",
        "Chưa tự lưu được: {message}",
        "Could not save the draft: {message}",
    ),
    ("eval.ok.saved", "Đã lưu nháp.", "Draft saved."),
    (
        "eval.ok.submitted",
        "Đã gửi phiếu cho lãnh đạo.",
        "Form submitted.",
    ),
    (
        "eval.ok.reviewed",
        "Đã gửi ý kiến nhận xét.",
        "Comment sent.",
    ),
    (
        "eval.ok.decided",
        "Đã lưu đánh giá, xếp loại.",
        "Decision saved.",
    ),
    (
        "eval.ok.adjusted",
        "Đã điều chỉnh xếp loại.",
        "Grade adjusted.",
    ),
    ("eval.ok.returned", "Đã trả lại phiếu.", "Form sent back."),
    (
        "eval.ok.accepted",
        "Đã chấp nhận kết quả tự đánh giá của những phiếu đã chọn.",
        "Self-assessments accepted.",
    ),
    (
        "eval.ok.published",
        "Đã công khai kết quả của đơn vị.",
        "Results published.",
    ),
    ("period.label", "Kỳ", "Period"),
    (
        "period.none",
        "Chưa mở kỳ đánh giá nào.",
        "No period is open yet.",
    ),
    ("period.show", "Xem", "Show"),
    ("period.self_window", "Tự đánh giá", "Self-assessment"),
    (
        "period.decide_by",
        "Lãnh đạo đánh giá đến hết ngày",
        "Decisions by",
    ),
    (
        "period.publish_by",
        "Công khai đến hết ngày",
        "Publication by",
    ),
    (
        "period.phase.before",
        "Chưa đến ngày tự đánh giá (có thể soạn nháp)",
        "Before self-assessment (drafts allowed)",
    ),
    ("period.phase.self", "Đang tự đánh giá", "Self-assessment"),
    ("period.phase.decision", "Lãnh đạo đánh giá", "Decisions"),
    (
        "period.phase.publication",
        "Điều chỉnh, công khai",
        "Adjustment and publication",
    ),
    (
        "period.phase.overdue",
        "Đã qua hạn công khai",
        "Publication deadline passed",
    ),
    ("period.manage", "Kỳ đánh giá", "Periods"),
    (
        "period.hint",
        "Kỳ đánh giá của mỗi tháng được mở tự động vào ngày đầu tháng với lịch mặc định (tự đánh giá từ ngày 20 đến trước ngày 25, lãnh đạo đánh giá trước ngày 28, công khai trước ngày 05 tháng sau; tháng 12 xong trước ngày 15/12). Có thể mở một tháng bằng tay và sửa ngày của từng kỳ.",
        "Each month's period opens by itself on the 1st with the default calendar; you may open one by hand and change its days.",
    ),
    ("period.month_field", "Tháng (MM/YYYY)", "Month (MM/YYYY)"),
    ("period.open", "Mở kỳ đánh giá", "Open the period"),
    (
        "period.self_opens",
        "Bắt đầu tự đánh giá",
        "Self-assessment opens",
    ),
    (
        "period.self_last",
        "Hạn cuối tự đánh giá",
        "Last day of self-assessment",
    ),
    (
        "period.decide_last",
        "Hạn cuối lãnh đạo đánh giá",
        "Last day of decisions",
    ),
    (
        "period.publish_last",
        "Hạn cuối công khai",
        "Last day of publication",
    ),
    (
        "period.late_submission",
        "Cho phép gửi phiếu sau hạn (phiếu được đánh dấu trễ hạn)",
        "Allow late submission (flagged)",
    ),
    ("period.save", "Lưu lịch của kỳ", "Save the days"),
    (
        "period.ok.opened",
        "Đã mở kỳ đánh giá và tạo phiếu cho cán bộ.",
        "Period opened and forms written.",
    ),
    (
        "period.ok.saved",
        "Đã lưu lịch của kỳ đánh giá.",
        "Days saved.",
    ),
    (
        "period.err.month",
        "Tháng không hợp lệ: nhập theo dạng MM/YYYY, ví dụ 11/2026.",
        "Invalid month: use MM/YYYY.",
    ),
    (
        "period.err.exists",
        "Kỳ đánh giá của tháng này đã được mở.",
        "That month is already open.",
    ),
    (
        "period.err.dates",
        "Ngày không hợp lệ: nhập dd/mm/yyyy, và theo thứ tự bắt đầu tự đánh giá ≤ hạn tự đánh giá ≤ hạn lãnh đạo đánh giá ≤ hạn công khai.",
        "Invalid days: use dd/mm/yyyy, in order.",
    ),
    (
        "period.err.not_yet",
        "Chưa đến ngày tự đánh giá: phiếu được gửi từ ngày {day}. Bạn vẫn có thể lưu nháp.",
        "Self-assessment opens on {day}; you may save a draft.",
    ),
    (
        "period.err.self_closed",
        "Đã hết hạn tự đánh giá (hạn cuối {day}). Hãy đề nghị lãnh đạo gia hạn hoặc để lãnh đạo chấm phiếu.",
        "Self-assessment closed ({day} was the last day).",
    ),
    (
        "period.err.decision_closed",
        "Đã hết hạn lãnh đạo đánh giá (hạn cuối {day}). Quản trị hệ thống có thể sửa lịch của kỳ.",
        "Decisions closed ({day} was the last day).",
    ),
    (
        "quota.title",
        "Tỷ lệ loại A theo nhóm đối tượng",
        "A-grade quota per cohort",
    ),
    (
        "quota.ok",
        "{a} loại A, tối đa {max} ({b} loại B; {why})",
        "{a} A, at most {max} ({b} B; {why})",
    ),
    (
        "quota.percent",
        "A không quá 20% số loại B",
        "A at most 20% of B",
    ),
    (
        "quota.small_cohort",
        "nhóm dưới 5 người được 01 loại A",
        "a cohort under 5 may have one A",
    ),
    (
        "quota.err.over",
        "Vượt tỷ lệ loại A ở nhóm {cohort} ({unit}): {a} loại A trong khi tối đa {max} ({b} loại B; {why}). Hãy hạ mức của một người trước khi xếp loại A cho người khác.",
        "Over the A quota in {cohort} ({unit}): {a} A, at most {max} ({b} B; {why}).",
    ),
    (
        "request.title",
        "Đề nghị, khiếu nại và điều chỉnh",
        "Requests, appeals and amendments",
    ),
    (
        "request.kind.extension",
        "Đề nghị gia hạn tự đánh giá",
        "Extension request",
    ),
    (
        "request.kind.appeal",
        "Khiếu nại kết quả xếp loại",
        "Appeal",
    ),
    (
        "request.due",
        "Hạn trả lời (07 ngày làm việc, NĐ 335 Đ.22):",
        "Answer due (7 working days):",
    ),
    ("request.wanted", "đến hết ngày", "until"),
    ("request.until", "Gia hạn đến hết ngày", "Extended until"),
    ("request.answer.granted", "Đồng ý gia hạn", "Granted"),
    ("request.answer.refused", "Không đồng ý", "Refused"),
    ("request.answer.answered", "Đã trả lời", "Answered"),
    ("request.note", "Ghi chú / lý do", "Note / reason"),
    ("request.grant", "Đồng ý gia hạn", "Grant"),
    ("request.refuse", "Không đồng ý", "Refuse"),
    (
        "request.answer_text",
        "Nội dung trả lời khiếu nại",
        "Answer",
    ),
    ("request.new_grade", "Mức xếp loại mới", "New grade"),
    (
        "request.keep_grade",
        "Giữ nguyên xếp loại",
        "Keep the grade",
    ),
    (
        "request.amend_reason",
        "Lý do điều chỉnh",
        "Reason for the amendment",
    ),
    ("request.answer_send", "Gửi trả lời", "Send the answer"),
    (
        "request.amendment",
        "Điều chỉnh sau công khai",
        "Amendment after publication",
    ),
    (
        "request.ask_extension",
        "Xin gia hạn tự đánh giá (nghỉ phép, đi công tác…)",
        "Ask for an extension",
    ),
    (
        "request.ask_appeal",
        "Khiếu nại kết quả xếp loại",
        "Appeal the grade",
    ),
    ("request.reason", "Lý do", "Reason"),
    ("request.send", "Gửi đề nghị", "Send"),
    (
        "request.amend",
        "Điều chỉnh xếp loại sau công khai",
        "Amend the published grade",
    ),
    ("request.amend_send", "Lưu điều chỉnh", "Save the amendment"),
    ("request.ok.asked", "Đã gửi đề nghị.", "Request sent."),
    (
        "request.ok.answered",
        "Đã trả lời đề nghị.",
        "Answer saved.",
    ),
    (
        "request.ok.amended",
        "Đã điều chỉnh xếp loại; kết quả ban đầu vẫn được lưu.",
        "Amended; the original stays.",
    ),
    (
        "request.err.extension_not_now",
        "Chỉ xin gia hạn khi phiếu chưa gửi.",
        "Only a draft may be extended.",
    ),
    (
        "request.err.not_published",
        "Chỉ khiếu nại hoặc điều chỉnh kết quả đã công khai.",
        "Only a published result may be appealed or amended.",
    ),
    (
        "request.err.appeal_closed",
        "Đã hết thời hạn khiếu nại (hạn cuối {day}).",
        "The appeal period ended ({day}).",
    ),
    (
        "request.err.reason",
        "Cần ghi rõ lý do.",
        "A reason is required.",
    ),
    (
        "request.err.day_passed",
        "Ngày không hợp lệ hoặc đã qua: nhập dd/mm/yyyy, từ hôm nay trở đi.",
        "The day is invalid or past.",
    ),
    (
        "request.err.open",
        "Đã có một đề nghị cùng loại đang chờ trả lời.",
        "A request of this kind is already waiting.",
    ),
    (
        "request.err.answered",
        "Đề nghị này đã được trả lời.",
        "This request was already answered.",
    ),
    ("attach.title", "Tài liệu đính kèm", "Attachments"),
    (
        "attach.none",
        "Chưa có tài liệu đính kèm.",
        "No attachments.",
    ),
    ("attach.file", "Chọn tệp", "File"),
    (
        "attach.hint",
        "PDF, ảnh hoặc tệp Word, Excel, PowerPoint; tối đa 10 MB. Loại tệp được kiểm tra theo nội dung.",
        "PDF, images or Office files up to 10 MB, checked by content.",
    ),
    ("attach.add", "Đính kèm", "Attach"),
    ("attach.remove", "Gỡ bỏ", "Remove"),
    ("attach.ok.added", "Đã đính kèm tệp.", "File attached."),
    ("attach.ok.removed", "Đã gỡ tệp đính kèm.", "File removed."),
    (
        "attach.err.empty",
        "Chưa chọn tệp, hoặc tệp rỗng.",
        "No file, or an empty file.",
    ),
    (
        "attach.err.too_big",
        "Tệp lớn hơn 10 MB.",
        "The file is over 10 MB.",
    ),
    (
        "attach.err.type",
        "Loại tệp không được chấp nhận: chỉ PDF, ảnh (JPG, PNG…) hoặc tệp Office. Nội dung tệp không khớp với các loại này.",
        "File type not accepted: PDF, images or Office files only.",
    ),
    ("eval.act.extension", "Xin gia hạn", "Extension asked"),
    ("eval.act.appeal", "Khiếu nại", "Appeal"),
    (
        "eval.act.extension_granted",
        "Đồng ý gia hạn",
        "Extension granted",
    ),
    (
        "eval.act.extension_refused",
        "Không đồng ý gia hạn",
        "Extension refused",
    ),
    (
        "eval.act.appeal_answered",
        "Trả lời khiếu nại",
        "Appeal answered",
    ),
    ("eval.act.amend", "Điều chỉnh sau công khai", "Amended"),
    ("eval.act.attach", "Đính kèm tệp", "File attached"),
    ("eval.act.detach", "Gỡ tệp đính kèm", "File removed"),
    (
        "period.calendar",
        "Lịch mặc định của các kỳ (theo ngày trong tháng)",
        "Default calendar (days of the month)",
    ),
    (
        "period.calendar_hint",
        "Áp dụng cho các kỳ mở từ nay. \"Trước ngày N\" nghĩa là hạn cuối là ngày N − 1. Mặc định theo Quy chế 2021-QĐ/TU Đ.12 của Hà Nội.",
        "Applies to periods opened from now on.",
    ),
    (
        "period.cal.self_from",
        "Tự đánh giá từ ngày",
        "Self-assessment from day",
    ),
    ("period.cal.self_before", "đến trước ngày", "before day"),
    (
        "period.cal.decide_before",
        "Lãnh đạo đánh giá trước ngày",
        "Decisions before day",
    ),
    (
        "period.cal.publish_before_next",
        "Công khai trước ngày (tháng sau)",
        "Publication before day (next month)",
    ),
    (
        "period.cal.december_self_from",
        "Tháng 12: tự đánh giá từ ngày",
        "December: self-assessment from",
    ),
    (
        "period.cal.december_self_before",
        "Tháng 12: đến trước ngày",
        "December: before day",
    ),
    (
        "period.cal.december_decide_before",
        "Tháng 12: lãnh đạo đánh giá trước ngày",
        "December: decisions before",
    ),
    (
        "period.cal.december_before",
        "Tháng 12: hoàn thành trước ngày",
        "December: done before day",
    ),
    (
        "period.cal.appeal_days",
        "Số ngày được khiếu nại sau khi công khai",
        "Days to appeal after publication",
    ),
    (
        "period.calendar_save",
        "Lưu lịch mặc định",
        "Save the calendar",
    ),
    (
        "period.ok.calendar",
        "Đã lưu lịch mặc định; các kỳ mở từ nay dùng lịch này.",
        "Calendar saved.",
    ),
    (
        "period.err.calendar_range",
        "Các ngày phải là số từ 1 đến 28 (tháng nào cũng có).",
        "Days must be 1 to 28.",
    ),
    (
        "period.err.calendar_order",
        "Các ngày chưa đúng thứ tự: bắt đầu tự đánh giá < hạn tự đánh giá ≤ hạn lãnh đạo đánh giá (tháng 12 cũng vậy, và ≤ ngày hoàn thành).",
        "The days are out of order.",
    ),
    (
        "period.err.appeal_days",
        "Số ngày khiếu nại phải từ 1 đến 90.",
        "Appeal days must be 1 to 90.",
    ),
    (
        "period.err.not_tenant",
        "Lịch chỉ đặt cho đơn vị gốc.",
        "Only a root unit has a calendar.",
    ),
    ("nav.work", "Công việc", "Work"),
    (
        "work.title",
        "Kế hoạch và bảng kê công việc của tôi",
        "My plan and work log",
    ),
    (
        "work.of",
        "Kế hoạch và bảng kê công việc của",
        "Plan and work log of",
    ),
    (
        "work.team_title",
        "Công việc của đơn vị tôi phụ trách",
        "My team's work",
    ),
    ("work.month", "Tháng", "Month"),
    ("work.prev_month", "Tháng trước", "Previous month"),
    ("work.next_month", "Tháng sau", "Next month"),
    ("work.prev_week", "Tuần trước", "Previous week"),
    ("work.next_week", "Tuần sau", "Next week"),
    (
        "work.summary",
        "Tổng hợp kết quả thực hiện kế hoạch tháng",
        "Month's plan against results",
    ),
    ("work.plan", "Kế hoạch công tác tháng", "Monthly work plan"),
    ("work.frozen", "Đã chốt", "Frozen"),
    ("work.draft", "Đang xây dựng", "Draft"),
    ("work.plan_state.draft", "Đang xây dựng", "Draft"),
    ("work.plan_state.frozen", "Đã chốt", "Frozen"),
    (
        "work.plan_empty",
        "Chưa có công việc nào trong kế hoạch.",
        "No item in the plan yet.",
    ),
    ("work.no", "STT", "No."),
    ("work.item_title", "Nội dung công việc", "Task"),
    ("work.expected", "Kết quả dự kiến", "Expected result"),
    ("work.due", "Thời hạn", "Due"),
    ("work.weight", "Trọng số (1–5)", "Weight (1–5)"),
    ("work.outcome", "Kết quả", "Outcome"),
    ("work.outcome.open", "Chưa đánh dấu", "Not marked"),
    ("work.outcome.done", "Hoàn thành", "Done"),
    ("work.outcome.partly", "Hoàn thành một phần", "Partly done"),
    ("work.outcome.not_done", "Không hoàn thành", "Not done"),
    (
        "work.outcome.carried",
        "Chuyển sang tháng sau",
        "Carried over",
    ),
    (
        "work.origin.added",
        "Bổ sung sau khi chốt",
        "Added after freezing",
    ),
    ("work.origin.unplanned", "Đột xuất, phát sinh", "Unplanned"),
    ("work.origin.planned", "Theo kế hoạch", "Planned"),
    (
        "work.serves",
        "Thuộc nhiệm vụ của đơn vị",
        "Serves the unit's item",
    ),
    ("work.edit", "Sửa", "Edit"),
    ("work.delete", "Xóa", "Delete"),
    ("work.add", "Thêm", "Add"),
    (
        "work.add_item",
        "Thêm công việc vào kế hoạch tháng",
        "Add to the monthly plan",
    ),
    (
        "work.add_later",
        "Bổ sung công việc (kế hoạch đã chốt: công việc mới được đánh dấu là bổ sung)",
        "Add an item (the plan is frozen: new items are marked as added)",
    ),
    (
        "work.quick_hint",
        "Gõ nội dung rồi nhấn Enter để thêm nhanh; phím Tab để chuyển ô.",
        "Type and press Enter to add; Tab moves between fields.",
    ),
    (
        "work.freeze",
        "Chốt kế hoạch tháng",
        "Freeze the monthly plan",
    ),
    (
        "work.freeze_hint",
        "Sau khi chốt, công việc đã lập không sửa được nội dung; công việc thêm sau được đánh dấu bổ sung.",
        "After freezing, planned items keep their text; later items are marked as added.",
    ),
    (
        "work.week",
        "Lịch công tác và bảng kê công việc tuần",
        "Weekly schedule and work log",
    ),
    (
        "work.ics",
        "Tải lịch tuần (.ics)",
        "Download the week (.ics)",
    ),
    (
        "work.copy_week",
        "Chép các việc định kỳ của tuần trước",
        "Copy last week's recurring items",
    ),
    ("work.day", "Ngày", "Day"),
    ("work.days", "Các ngày", "Days"),
    ("work.schedule", "Lịch công tác", "Schedule"),
    ("work.log", "Bảng kê công việc đã làm", "Work log"),
    ("work.recurring", "Định kỳ", "Recurring"),
    (
        "work.recurring_hint",
        "Việc định kỳ hằng tuần (chép được sang tuần sau)",
        "Weekly recurring (can be copied to next week)",
    ),
    (
        "work.unplanned",
        "Việc đột xuất, phát sinh",
        "Unplanned task",
    ),
    (
        "work.beside_form",
        "Kế hoạch, bảng kê và kết quả công việc trong tháng",
        "The month's plan, log and work results",
    ),
    (
        "work.open_plan",
        "Xem chi tiết kế hoạch và bảng kê",
        "Open the plan and log",
    ),
    (
        "kpi.computed",
        "tính tự động từ sản phẩm (NĐ 335)",
        "computed from products (Decree 335)",
    ),
    (
        "kpi.confirm",
        "xác nhận theo kết quả tính",
        "confirmed as computed",
    ),
    ("import.cell", "Ô", "Cell"),
    (
        "err.sheet_catalogue_no_header",
        "Không tìm thấy dòng tiêu đề của danh mục sản phẩm trong 30 dòng đầu của trang tính (cần các cột Sản phẩm đầu ra, Phân nhóm, Hệ số quy đổi).",
        "No product catalogue header row in the first 30 rows (needs Sản phẩm đầu ra, Phân nhóm, Hệ số quy đổi).",
    ),
    (
        "kpi.catalogue",
        "Danh mục sản phẩm, công việc quy đổi",
        "Product catalogue",
    ),
    (
        "kpi.catalogue_help",
        "Danh mục theo Điều 13 Nghị định 335/2025/NĐ-CP: mỗi sản phẩm thuộc một trong 5 nhóm độ phức tạp và có hệ số quy đổi ra sản phẩm tiêu chuẩn. Đơn vị kế thừa danh mục của cấp trên và bổ sung sản phẩm riêng; mã trùng với cấp trên thì dùng của đơn vị.",
        "The catalogue of Decree 335 Art. 13: each product is in one of 5 complexity groups with a coefficient into standard products. A unit inherits its superiors' catalogue and adds its own; its own code replaces the superior's.",
    ),
    (
        "kpi.catalogue_export",
        "Tải danh mục (Excel, theo mẫu phụ lục Sổ tay)",
        "Download the catalogue (Excel, handbook layout)",
    ),
    (
        "kpi.catalogue_empty",
        "Chưa có sản phẩm nào trong danh mục.",
        "The catalogue is empty.",
    ),
    (
        "kpi.catalogue_import",
        "Nhập danh mục của đơn vị từ Excel",
        "Import the unit's catalogue from Excel",
    ),
    (
        "kpi.catalogue_import_help",
        "Tệp theo mẫu tải về ở trên. Dòng đánh dấu «Kế thừa từ» là của cấp trên và được bỏ qua. Nhập thay thế các sản phẩm riêng của đơn vị; sản phẩm đang được giao việc thì được giữ lại. Có lỗi thì không lưu gì.",
        "Use the layout downloaded above. Rows marked inherited belong to the superior and are skipped. The import replaces the unit's own products; products in use by tasks are kept. Nothing is saved if any row is wrong.",
    ),
    ("kpi.code", "Mã sản phẩm", "Code"),
    ("kpi.task", "Nhiệm vụ", "Task"),
    ("kpi.measure", "Đơn vị tính", "Measure"),
    ("kpi.note", "Ghi chú", "Note"),
    ("kpi.inherited", "Kế thừa từ", "Inherited from"),
    (
        "kpi.ok.imported",
        "Đã nhập danh mục sản phẩm của đơn vị.",
        "The unit's catalogue was imported.",
    ),
    (
        "kpi.err.catalogue_rows",
        "Danh mục có lỗi ở các dòng dưới đây; chưa lưu gì. Sửa tệp rồi nhập lại.",
        "The catalogue has errors in the rows below; nothing was saved.",
    ),
    (
        "kpi.err.catalogue_empty",
        "Tệp không có sản phẩm nào.",
        "The file has no product.",
    ),
    (
        "kpi.year_scores",
        "Điểm theo dõi, đánh giá hằng tháng năm",
        "Monthly scores of",
    ),
    (
        "kpi.quarters",
        "Điểm quý (trung bình 3 tháng)",
        "Quarters (mean of 3 months)",
    ),
    (
        "kpi.halves",
        "Điểm 6 tháng đầu năm · cuối năm",
        "Half-years",
    ),
    (
        "kpi.year_mean",
        "Điểm năm (trung bình các tháng)",
        "Year (mean of the months)",
    ),
    (
        "kpi.means_help",
        "Điều 17 khoản 3 Nghị định 335/2025/NĐ-CP: điểm quý, 6 tháng, năm là trung bình cộng điểm các tháng đã được đánh giá.",
        "Decree 335 Art. 17.3: quarter, half-year and year are the means of the months evaluated.",
    ),
    ("nav.alerts", "Thông báo", "Alerts"),
    ("alert.title", "Thông báo", "Alerts"),
    ("alert.unread", "thông báo chưa đọc", "unread alerts"),
    ("alert.none", "Chưa có thông báo nào.", "No alerts yet."),
    ("alert.when", "Thời gian", "When"),
    ("alert.what", "Nội dung", "What"),
    ("alert.read", "Đã đọc", "Read"),
    ("alert.mark_read", "Đánh dấu đã đọc", "Mark read"),
    ("alert.read_all", "Đánh dấu tất cả đã đọc", "Mark all read"),
    ("alert.marked", "Đã đánh dấu đã đọc.", "Marked read."),
    (
        "alert.email_title",
        "Nhận thông báo qua thư điện tử",
        "Alerts by e-mail",
    ),
    (
        "alert.mute",
        "Không nhận thông báo qua thư điện tử",
        "Do not send me alerts by e-mail",
    ),
    (
        "alert.mute_hint",
        "Thông báo vẫn hiện trên hệ thống. Lãnh đạo nhận một thư tổng hợp mỗi ngày thay cho từng thư riêng.",
        "Alerts still show here. Leaders get one digest a day instead of one mail per event.",
    ),
    ("alert.save", "Lưu lựa chọn", "Save"),
    (
        "alert.err.which",
        "Cần chỉ rõ một thông báo (id) hoặc tất cả (all: true).",
        "Name one alert (id) or all of them (all: true).",
    ),
    (
        "alert.email_saved",
        "Đã lưu lựa chọn nhận thư.",
        "E-mail choice saved.",
    ),
    (
        "alert.kind.self_opens",
        "Đã mở tự đánh giá, xếp loại tháng {detail}",
        "Self-assessment for {detail} is open",
    ),
    (
        "alert.kind.self_closing",
        "Tự đánh giá tháng {detail} sẽ đóng sau 2 ngày: bạn chưa gửi phiếu",
        "Self-assessment for {detail} closes in 2 days: your form is not submitted",
    ),
    (
        "alert.kind.waiting",
        "Phiếu của {detail} đang chờ bạn xử lý",
        "The form of {detail} waits for you",
    ),
    (
        "alert.kind.returned",
        "Phiếu đánh giá của bạn đã bị trả lại: {detail}",
        "Your form was returned: {detail}",
    ),
    (
        "alert.kind.unit_behind",
        "{detail} đang chậm tiến độ đánh giá",
        "{detail} is behind with its evaluations",
    ),
    (
        "commend.title",
        "Danh sách đề nghị khen thưởng",
        "Commendation list",
    ),
    ("commend.sheet", "Đề nghị khen thưởng", "Commendations"),
    ("commend.state", "Trạng thái", "State"),
    ("commend.state.draft", "Dự thảo", "Draft"),
    ("commend.state.approved", "Đã phê duyệt", "Approved"),
    ("commend.doc_number", "Số văn bản", "Document number"),
    ("commend.approved_by", "phê duyệt bởi", "approved by"),
    ("commend.export_xlsx", "Tải về Excel", "Download as Excel"),
    ("commend.export_pdf", "Bản in (PDF)", "Print (PDF)"),
    ("stats.status", "Trạng thái phiếu", "Form status"),
    ("stats.list_empty", "Không có phiếu nào.", "No forms."),
    (
        "stats.list_more",
        "Chỉ hiện 500 phiếu đầu; tải danh sách tổng hợp (Excel) để có đủ.",
        "Only the first 500 forms are shown; download the summary list (Excel) for all.",
    ),
    (
        "stats.err.show",
        "Cột thống kê không hợp lệ.",
        "Unknown statistics column.",
    ),
    ("stats.watch_title", "Người cần quan tâm", "People to watch"),
    ("stats.list_sheet", "Danh sách phiếu", "Forms"),
    ("stats.xlsx", "Tải về Excel", "Download as Excel"),
    ("stats.trend_title", "Xu hướng theo tháng", "Trend by month"),
    (
        "stats.trend_chart",
        "Xếp loại đã công khai theo tháng",
        "Published grades by month",
    ),
    ("stats.from", "Từ kỳ", "From"),
    ("stats.to", "Đến kỳ", "To"),
    ("stats.block", "Khối", "Block"),
    ("stats.rank", "Chức vụ", "Position"),
    ("stats.employment", "Loại cán bộ", "Employment"),
    ("stats.any", "Tất cả", "All"),
    ("stats.range_total", "Cả khoảng thời gian", "Whole range"),
    (
        "stats.watch_hint",
        "Người được công khai xếp loại D trong tháng, hoặc xếp loại C hai tháng liền.",
        "People graded D this month, or C two months running.",
    ),
    (
        "stats.watch_no_previous",
        "Không có kỳ tháng trước nên chưa xét được C hai tháng liền.",
        "There is no previous month, so C two months running cannot be told yet.",
    ),
    ("stats.watch_none", "Không có ai.", "Nobody."),
    ("stats.watch_reason", "Lý do", "Why"),
    (
        "stats.watch.d",
        "Không hoàn thành nhiệm vụ (D)",
        "Did not complete the tasks (D)",
    ),
    (
        "stats.watch.repeated_c",
        "Hoàn thành nhiệm vụ (C) hai tháng liền",
        "C two months running",
    ),
    (
        "stats.summary_pdf",
        "Danh sách tổng hợp (PDF)",
        "Summary list (PDF)",
    ),
    ("eval.print_pdf", "In phiếu (PDF)", "Print the form (PDF)"),
    (
        "commend.none",
        "Đơn vị chưa lập danh sách đề nghị khen thưởng cho kỳ này.",
        "The unit has not drafted a list for this period.",
    ),
    ("commend.draft_title", "Lập danh sách", "Draft the list"),
    (
        "commend.rule",
        "Chỉ đề nghị người có phiếu đã công khai với mức Hoàn thành xuất sắc nhiệm vụ (A) trong kỳ. Ghi thành tích cho từng người.",
        "Only people whose published grade this period is A may be proposed. Write each one's achievement.",
    ),
    (
        "commend.no_candidates",
        "Kỳ này đơn vị chưa có ai được công khai xếp loại A.",
        "Nobody of the unit has a published A this period.",
    ),
    ("commend.propose", "Đề nghị", "Propose"),
    ("commend.achievement", "Thành tích", "Achievement"),
    ("commend.save", "Lưu dự thảo", "Save the draft"),
    ("commend.saved", "Đã lưu dự thảo danh sách.", "Draft saved."),
    ("commend.approve", "Phê duyệt danh sách", "Approve the list"),
    (
        "commend.approve_hint",
        "Sau khi phê duyệt, danh sách không sửa được nữa.",
        "Once approved, the list cannot change.",
    ),
    (
        "commend.approved",
        "Đã phê duyệt danh sách.",
        "List approved.",
    ),
    (
        "commend.err.not_eligible",
        "Có người trong danh sách không có phiếu đã công khai với mức A của đơn vị trong kỳ này.",
        "Someone on the list has no published A of this unit this period.",
    ),
    (
        "commend.err.approved",
        "Danh sách đã được phê duyệt, không sửa được nữa.",
        "The list is approved and cannot change.",
    ),
    (
        "commend.err.empty",
        "Danh sách chưa có ai: chưa phê duyệt được.",
        "The list is empty and cannot be approved.",
    ),
    (
        "commend.err.not_head",
        "Chỉ thủ trưởng đơn vị mới phê duyệt danh sách.",
        "Only the head of the unit approves the list.",
    ),
    (
        "commend.err.too_long",
        "Thành tích dài quá 500 ký tự hoặc số văn bản dài quá 50 ký tự.",
        "An achievement is over 500 characters or the document number over 50.",
    ),
    ("search.title", "Tìm kiếm", "Search"),
    (
        "search.label",
        "Họ tên, tên tài khoản, e-mail hoặc tên đơn vị",
        "Name, account, e-mail or unit",
    ),
    (
        "search.hint",
        "Gõ có dấu hoặc không dấu đều được: «nguyen van a» tìm được «Nguyễn Văn A». Chỉ tìm trong phạm vi bạn được xem.",
        "With or without diacritics; only within what you may see.",
    ),
    ("search.submit", "Tìm", "Search"),
    (
        "search.placeholder",
        "Tìm người, đơn vị…",
        "Find people, units…",
    ),
    ("search.people", "Cán bộ, công chức, viên chức", "People"),
    ("search.units", "Đơn vị", "Units"),
    ("search.unit", "Đơn vị", "Unit"),
    ("search.none", "Không tìm thấy.", "Nothing found."),
    (
        "search.more",
        "Còn kết quả khác: gõ cụ thể hơn để thu hẹp.",
        "More matched: type more to narrow it down.",
    ),
    (
        "search.too_short",
        "Vui lòng gõ ít nhất 2 chữ cái hoặc chữ số.",
        "Type at least 2 letters or digits.",
    ),
    (
        "stats.summary_xlsx",
        "Tải danh sách tổng hợp kết quả (Excel)",
        "Download the summary list (Excel)",
    ),
    (
        "stats.chart_progress",
        "Tiến độ đánh giá theo đơn vị (tỷ lệ phiếu)",
        "Progress per unit (share of forms)",
    ),
    (
        "stats.chart_grades",
        "Kết quả xếp loại đã công khai theo đơn vị",
        "Published grades per unit",
    ),
    ("stats.grade", "Loại", "Grade"),
    (
        "stats.table_xlsx",
        "Tải bảng thống kê (Excel)",
        "Download this table (Excel)",
    ),
    ("work.state", "Trạng thái bảng kê", "Log state"),
    ("work.plan_state", "Trạng thái kế hoạch", "Plan state"),
    ("work.state.draft", "Chưa gửi", "Not submitted"),
    (
        "work.state.submitted",
        "Chờ lãnh đạo duyệt",
        "Awaiting approval",
    ),
    ("work.state.approved", "Đã duyệt", "Approved"),
    ("work.state.returned", "Bị trả lại", "Returned"),
    ("work.reviews", "Các lần gửi bảng kê", "Submissions"),
    ("work.entries", "mục", "entries"),
    ("work.comment", "Ý kiến", "Comment"),
    ("work.approve", "Duyệt", "Approve"),
    ("work.return", "Trả lại", "Return"),
    ("work.decision", "Xử lý", "Decision"),
    ("work.add_log", "Ghi bảng kê công việc", "Log work done"),
    ("work.what", "Công việc đã làm", "Work done"),
    ("work.result", "Kết quả", "Result"),
    (
        "work.evidence",
        "Sản phẩm, minh chứng (số văn bản, đường dẫn)",
        "Evidence (document number, link)",
    ),
    (
        "work.evidence_hint",
        "VD: Công văn số 123/UBND-VP",
        "e.g. Letter no. 123/UBND-VP",
    ),
    (
        "work.for_item",
        "Thuộc công việc trong kế hoạch",
        "For the plan item",
    ),
    (
        "work.add_schedule",
        "Thêm lịch công tác trong tuần",
        "Add to this week's schedule",
    ),
    (
        "work.submit_title",
        "Gửi bảng kê cho lãnh đạo trực tiếp duyệt",
        "Submit the log to my direct leader",
    ),
    ("work.from", "Từ ngày", "From"),
    ("work.to", "Đến ngày", "To"),
    ("work.submit", "Gửi duyệt", "Submit"),
    (
        "work.submit_hint",
        "Gửi theo ngày (chọn cùng một ngày) hoặc cả tuần. Mục đã gửi không sửa được cho đến khi được trả lại.",
        "Submit one day (same day twice) or the week. Submitted entries cannot change unless returned.",
    ),
    (
        "work.waiting",
        "Bảng kê chờ duyệt",
        "Logs awaiting approval",
    ),
    (
        "work.waiting_none",
        "Không có bảng kê nào chờ duyệt.",
        "No log awaits approval.",
    ),
    ("work.open_to_return", "Xem và trả lại", "Open to return"),
    (
        "work.members",
        "Công chức, viên chức do tôi quản lý trực tiếp",
        "People I lead directly",
    ),
    (
        "work.team_empty",
        "Không có ai do bạn quản lý trực tiếp.",
        "Nobody reports to you directly.",
    ),
    (
        "work.unit_plan",
        "Kế hoạch công tác tháng của đơn vị",
        "Unit's monthly plan",
    ),
    (
        "work.unit_plan_help",
        "Kế hoạch của đơn vị sau khi công bố là căn cứ để cán bộ liên kết công việc của mình.",
        "Once published, staff link their own items to the unit's plan.",
    ),
    (
        "work.publish",
        "Chốt và công bố kế hoạch của đơn vị",
        "Freeze and publish the unit's plan",
    ),
    ("work.published", "Đã công bố", "Published"),
    ("work.sum.planned", "Việc trong kế hoạch", "Planned"),
    ("work.sum.done", "Đã hoàn thành", "Done"),
    ("work.sum.partly", "Hoàn thành một phần", "Partly done"),
    ("work.sum.not_done", "Không hoàn thành", "Not done"),
    ("work.sum.carried", "Chuyển tháng sau", "Carried over"),
    ("work.sum.open", "Chưa đánh dấu", "Not marked"),
    ("work.sum.added", "Bổ sung sau khi chốt", "Added later"),
    (
        "work.sum.unplanned",
        "Việc đột xuất, phát sinh",
        "Unplanned",
    ),
    (
        "work.sum.extra_done",
        "Việc bổ sung, đột xuất đã xong",
        "Extra items done",
    ),
    ("work.sum.on_time", "Hoàn thành đúng hạn", "Done on time"),
    (
        "work.sum.percent",
        "Tỷ lệ hoàn thành kế hoạch (theo trọng số)",
        "Plan done (weighted)",
    ),
    ("work.sum.log", "Bảng kê trong tháng", "Log this month"),
    ("work.ok.item_added", "Đã thêm công việc.", "Item added."),
    ("work.ok.saved", "Đã lưu.", "Saved."),
    ("work.ok.outcome", "Đã cập nhật kết quả.", "Outcome saved."),
    ("work.ok.deleted", "Đã xóa.", "Deleted."),
    (
        "work.ok.frozen",
        "Đã chốt kế hoạch tháng.",
        "The monthly plan is frozen.",
    ),
    (
        "work.ok.copied",
        "Đã chép các việc định kỳ của tuần trước.",
        "Last week's recurring items copied.",
    ),
    (
        "work.ok.copied_none",
        "Tuần trước không có việc định kỳ nào chưa có trong tuần này.",
        "No recurring item of last week to copy.",
    ),
    ("work.ok.logged", "Đã ghi vào bảng kê.", "Logged."),
    (
        "work.ok.submitted",
        "Đã gửi bảng kê cho lãnh đạo trực tiếp.",
        "The log was sent to your direct leader.",
    ),
    ("work.ok.approved", "Đã duyệt bảng kê.", "Log approved."),
    (
        "work.ok.returned",
        "Đã trả lại bảng kê kèm ý kiến.",
        "Log returned with your comment.",
    ),
    (
        "work.ok.published",
        "Đã công bố kế hoạch của đơn vị.",
        "The unit's plan is published.",
    ),
    (
        "work.err.title_empty",
        "Vui lòng nhập nội dung công việc.",
        "Please enter the task.",
    ),
    ("work.err.too_long", "Nội dung quá dài.", "Too long."),
    (
        "work.err.due_outside",
        "Thời hạn phải nằm trong tháng của kế hoạch.",
        "The due date must be inside the plan's month.",
    ),
    (
        "work.err.day_outside",
        "Ngày phải nằm trong tuần đang xem.",
        "The day must be in the week shown.",
    ),
    (
        "work.err.day_missing",
        "Vui lòng chọn ngày.",
        "Please choose the day.",
    ),
    (
        "work.err.weight",
        "Trọng số là số nguyên từ 1 đến 5.",
        "Weight is a whole number from 1 to 5.",
    ),
    (
        "work.err.what_empty",
        "Vui lòng nhập công việc đã làm.",
        "Please enter the work done.",
    ),
    (
        "work.err.day_future",
        "Không ghi hoặc gửi bảng kê cho ngày chưa tới.",
        "Days that have not come cannot be logged or submitted.",
    ),
    (
        "work.err.comment_required",
        "Khi trả lại, vui lòng ghi rõ ý kiến để người được đánh giá biết cần sửa gì.",
        "When returning, say what needs fixing.",
    ),
    (
        "work.err.date",
        "Ngày không hợp lệ (dd/mm/yyyy).",
        "Invalid date (dd/mm/yyyy).",
    ),
    ("work.err.month", "Tháng không hợp lệ.", "Invalid month."),
    ("work.err.week", "Tuần không hợp lệ.", "Invalid week."),
    (
        "work.err.link",
        "Công việc liên kết không thuộc kế hoạch được phép chọn.",
        "The linked item is not one you may link to.",
    ),
    (
        "work.err.outcome",
        "Kết quả không hợp lệ.",
        "Invalid outcome.",
    ),
    (
        "work.err.range",
        "Chỉ gửi một ngày hoặc các ngày trong cùng một tuần.",
        "Submit one day or days of one week.",
    ),
    (
        "work.err.no_leader",
        "Chưa xác định được lãnh đạo trực tiếp của bạn; vui lòng báo quản trị đơn vị.",
        "Your direct leader is not known; tell your unit admin.",
    ),
    (
        "work.err.no_person",
        "Tài khoản này không gắn với cán bộ nào nên không có kế hoạch cá nhân.",
        "This account is not a staff member and has no personal plan.",
    ),
    (
        "work.err.not_your_team",
        "Chỉ lãnh đạo trực tiếp của người này được duyệt, giao việc hoặc chấm.",
        "Only this person's direct leader may do this.",
    ),
    (
        "work.err.decision",
        "Thao tác không hợp lệ.",
        "Invalid decision.",
    ),
    (
        "work.err.plan_empty",
        "Kế hoạch chưa có công việc nào nên chưa chốt được.",
        "The plan has no item to freeze.",
    ),
    (
        "work.err.item_frozen",
        "Kế hoạch đã chốt: không sửa, xóa được công việc đã lập (chỉ cập nhật kết quả).",
        "The plan is frozen: planned items keep their text (only the outcome changes).",
    ),
    (
        "work.err.log_frozen",
        "Ngày này đã gửi duyệt hoặc đã được duyệt: không thay đổi được.",
        "This day is submitted or approved: it cannot change.",
    ),
    (
        "work.err.log_nothing",
        "Không có mục nào chưa gửi trong các ngày đã chọn.",
        "Nothing unsent in the chosen days.",
    ),
    (
        "work.err.review_decided",
        "Bảng kê này đã được xử lý.",
        "This log was decided already.",
    ),
    (
        "kpi.title",
        "Kết quả thực hiện nhiệm vụ theo sản phẩm (Nghị định 335/2025/NĐ-CP)",
        "Results by work products (Decree 335/2025)",
    ),
    (
        "kpi.help",
        "Số lượng, chất lượng, tiến độ được tính tự động từ sản phẩm đã quy đổi (Điều 14); điểm kết quả = tỷ lệ × 70 (Điều 17).",
        "Quantity, quality and timeliness are computed from converted products (Art. 14); result points = rate × 70 (Art. 17).",
    ),
    ("kpi.tasks", "Nhiệm vụ được giao", "Tasks"),
    ("kpi.product", "Sản phẩm", "Product"),
    ("kpi.origin", "Nguồn nhiệm vụ", "Origin"),
    ("kpi.origin.assigned", "Được giao đầu kỳ", "Assigned"),
    (
        "kpi.origin.taken_over",
        "Nhận thay đồng nghiệp",
        "Taken over",
    ),
    ("kpi.origin.ad_hoc", "Đột xuất, phát sinh", "Ad hoc"),
    ("kpi.quantity", "Số lượng", "Quantity"),
    ("kpi.coefficient", "Hệ số quy đổi", "Coefficient"),
    (
        "kpi.coefficient_ad_hoc",
        "Hệ số quy đổi (việc ngoài danh mục)",
        "Coefficient (work outside the catalogue)",
    ),
    ("kpi.converted", "Sản phẩm quy đổi", "Converted"),
    ("kpi.done", "Đã hoàn thành", "Done"),
    ("kpi.done_quantity", "Số lượng hoàn thành", "Quantity done"),
    ("kpi.quality", "Chất lượng", "Quality"),
    (
        "kpi.quality.pending",
        "Chờ lãnh đạo đánh giá",
        "Awaiting rating",
    ),
    ("kpi.quality.met", "Đạt yêu cầu", "Meets requirements"),
    (
        "kpi.quality.not_met",
        "Chưa đạt yêu cầu",
        "Does not meet requirements",
    ),
    ("kpi.points", "Điểm SL/CL/TĐ", "Points Q/Q/T"),
    ("kpi.points_word", "điểm", "points"),
    ("kpi.assigned_by", "Giao bởi", "By"),
    ("kpi.handed_back", "Báo không thực hiện được", "Handed back"),
    (
        "kpi.hand_back",
        "Báo cáo không thực hiện được (vẫn tính vào tổng được giao)",
        "Cannot be done (still counts as assigned)",
    ),
    ("kpi.late", "Chậm tiến độ", "Late"),
    ("kpi.not_reported", "Chưa báo cáo", "Not reported"),
    ("kpi.report", "Báo cáo hoàn thành", "Report completion"),
    (
        "kpi.product_ref",
        "Sản phẩm (số văn bản, đường dẫn)",
        "Product (document number, link)",
    ),
    ("kpi.errors", "lỗi", "errors"),
    ("kpi.excused", "có nguyên nhân khách quan", "excused"),
    (
        "kpi.errors_label",
        "Số lần chưa đạt do sai sót lớn",
        "Major errors",
    ),
    (
        "kpi.excused_label",
        "Trong đó: có nguyên nhân khách quan được xác nhận",
        "Of which certified as objective",
    ),
    (
        "kpi.delay_excused",
        "Chậm do nguyên nhân khách quan được xác nhận",
        "Delay certified as objective",
    ),
    ("kpi.rate", "Đánh giá chất lượng", "Rate quality"),
    ("kpi.withdraw", "Thu hồi", "Withdraw"),
    ("kpi.a", "Số lượng (a)", "Quantity (a)"),
    ("kpi.b", "Chất lượng (b)", "Quality (b)"),
    ("kpi.c", "Tiến độ (c)", "Timeliness (c)"),
    (
        "kpi.d",
        "Kết quả lĩnh vực phụ trách (d)",
        "Unit results (d)",
    ),
    (
        "kpi.dd",
        "Khả năng tổ chức triển khai (đ)",
        "Organising (đ)",
    ),
    ("kpi.e", "Năng lực tập hợp, đoàn kết (e)", "Unity (e)"),
    (
        "kpi.result",
        "Điểm tiêu chí kết quả thực hiện nhiệm vụ",
        "Result criterion",
    ),
    (
        "kpi.unrated",
        "Sản phẩm chờ đánh giá chất lượng",
        "Products awaiting rating",
    ),
    (
        "kpi.marks_unset",
        "chưa đánh giá, tạm tính 100%",
        "not set, counted as 100%",
    ),
    (
        "kpi.marks",
        "Đánh giá đ và e của lãnh đạo (Điều 15 khoản 3)",
        "Leader's đ and e (Art. 15.3)",
    ),
    (
        "kpi.no_tasks",
        "Chưa có nhiệm vụ nào được giao trong tháng.",
        "No task assigned this month.",
    ),
    ("kpi.assign", "Giao nhiệm vụ", "Assign a task"),
    (
        "kpi.ad_hoc_product",
        "— Việc ngoài danh mục —",
        "— Outside the catalogue —",
    ),
    (
        "kpi.task_title",
        "Tên nhiệm vụ (để trống: tên sản phẩm)",
        "Task (blank: the product's name)",
    ),
    ("kpi.group", "nhóm", "group"),
    ("kpi.ok.assigned", "Đã giao nhiệm vụ.", "Task assigned."),
    (
        "kpi.ok.reported",
        "Đã báo cáo hoàn thành.",
        "Completion reported.",
    ),
    ("kpi.ok.rated", "Đã đánh giá chất lượng.", "Quality rated."),
    (
        "kpi.ok.withdrawn",
        "Đã thu hồi nhiệm vụ.",
        "Task withdrawn.",
    ),
    ("kpi.ok.marks", "Đã lưu đánh giá đ và e.", "đ and e saved."),
    (
        "kpi.err.quantity",
        "Số lượng là số không âm, tối đa 3 chữ số thập phân.",
        "Quantity is a non-negative number, up to 3 decimals.",
    ),
    (
        "kpi.err.done_over",
        "Số lượng hoàn thành không vượt quá số lượng được giao; việc làm thêm được giao thành nhiệm vụ riêng.",
        "Done cannot exceed assigned; extra work is a task of its own.",
    ),
    (
        "kpi.err.product_ref",
        "Vui lòng đính kèm hoặc ghi số, đường dẫn của sản phẩm.",
        "Please give the product (number or link).",
    ),
    (
        "kpi.err.origin",
        "Nguồn nhiệm vụ không hợp lệ.",
        "Invalid origin.",
    ),
    (
        "kpi.err.product",
        "Sản phẩm không thuộc danh mục đang áp dụng cho đơn vị.",
        "The product is not in the unit's catalogue.",
    ),
    (
        "kpi.err.quality",
        "Vui lòng chọn đạt hoặc chưa đạt.",
        "Choose met or not met.",
    ),
    (
        "kpi.err.count",
        "Số lần là số nguyên từ 0 đến 20.",
        "A count is a whole number from 0 to 20.",
    ),
    (
        "kpi.err.excused",
        "Số lần có nguyên nhân khách quan không vượt quá số lần chưa đạt.",
        "Excused errors cannot exceed errors.",
    ),
    (
        "kpi.err.level",
        "Chọn 100% hoặc 50%.",
        "Choose 100% or 50%.",
    ),
    (
        "kpi.err.not_leader",
        "Chỉ người giữ chức vụ lãnh đạo, quản lý mới có tiêu chí đ và e.",
        "Only leaders have đ and e.",
    ),
    (
        "kpi.err.code_required",
        "Thiếu mã sản phẩm.",
        "Product code missing.",
    ),
    (
        "kpi.err.code_duplicate",
        "Mã sản phẩm bị trùng.",
        "Duplicate product code.",
    ),
    (
        "kpi.err.name_required",
        "Thiếu tên sản phẩm.",
        "Product name missing.",
    ),
    (
        "kpi.err.unit_required",
        "Thiếu đơn vị tính.",
        "Unit of measure missing.",
    ),
    (
        "kpi.err.group_range",
        "Nhóm độ phức tạp là số từ 1 đến 5 (Điều 13).",
        "Complexity group is 1 to 5 (Art. 13).",
    ),
    (
        "kpi.err.coefficient_positive",
        "Hệ số quy đổi phải là số lớn hơn 0, tối đa 3 chữ số thập phân.",
        "The coefficient must be above 0, up to 3 decimals.",
    ),
    (
        "kpi.err.task_rated",
        "Nhiệm vụ đã được đánh giá chất lượng: không báo cáo lại được.",
        "The task was rated: it cannot be reported again.",
    ),
    (
        "kpi.err.task_unreported",
        "Nhiệm vụ chưa được báo cáo hoàn thành.",
        "The task was not reported yet.",
    ),
    (
        "kpi.err.task_reported",
        "Nhiệm vụ đã được báo cáo: không thu hồi được.",
        "The task was reported: it cannot be withdrawn.",
    ),
    (
        "kpi.err.product_code",
        "Mã sản phẩm đã có trong danh mục của đơn vị.",
        "The code is already in the unit's catalogue.",
    ),
];

/// The text of `key` in `lang`; the key itself when missing.
pub fn t(lang: Lang, key: &str) -> &'static str {
    CATALOGUE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("?", |(_, vi, en)| if lang == Lang::En { en } else { vi })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_texts_present() {
        let mut seen = HashSet::new();
        for (k, vi, en) in CATALOGUE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!vi.is_empty() && !en.is_empty(), "empty text for {k}");
        }
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let keys: HashSet<&str> = CATALOGUE.iter().map(|(k, _, _)| *k).collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut files = Vec::new();
        for sub in ["templates", "src", "src/pages"] {
            if let Ok(rd) = std::fs::read_dir(format!("{dir}{sub}")) {
                files.extend(
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.is_file() && !p.ends_with("i18n.rs")),
                );
            }
        }
        let mut missing = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            // t("key") in templates and code; "err.x"/"kind.x" style literals in code.
            for part in text.split('"').skip(1).step_by(2) {
                let looks_like_key = part.split_once('.').is_some_and(|(ns, rest)| {
                    [
                        "app",
                        "nav",
                        "login",
                        "password",
                        "units",
                        "unit",
                        "kind",
                        "level",
                        "block",
                        "staff",
                        "rank",
                        "employment",
                        "role",
                        "form",
                        "table",
                        "error",
                        "err",
                        "eval",
                        "period",
                        "quota",
                        "request",
                        "attach",
                        "work",
                        "kpi",
                        "search",
                        "alert",
                        "commend",
                        "stats",
                        "logout_all",
                        "audit",
                        "totp",
                    ]
                    .contains(&ns)
                        && !rest.is_empty()
                        && rest != "html"
                        && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                });
                if looks_like_key && !keys.contains(part) {
                    missing.push(format!("{}: {part}", f.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    /// Every status and move of a form has its label (`status.*`) and history text (`eval.act.*`).
    #[test]
    fn every_form_status_and_move_has_a_label() {
        use danhgia_domain::workflow::{Move, Status};
        let keys: HashSet<&str> = CATALOGUE.iter().map(|(k, _, _)| *k).collect();
        for s in Status::ALL {
            assert!(keys.contains(format!("status.{s}").as_str()), "status.{s}");
        }
        for m in Move::ALL.iter().map(|m| m.as_str()).chain(["open", "save"]) {
            assert!(
                keys.contains(format!("eval.act.{m}").as_str()),
                "eval.act.{m}"
            );
        }
    }

    /// The rules (crate `domain`) name their messages by key; each must be in the catalogue.
    #[test]
    fn every_key_the_rules_emit_exists() {
        let keys: HashSet<&str> = CATALOGUE.iter().map(|(k, _, _)| *k).collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../domain/src");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for part in text.split('"').skip(1).step_by(2) {
                let ns = part.split_once('.').map(|(ns, _)| ns);
                let is_key = matches!(
                    ns,
                    Some(
                        "criteria"
                            | "score"
                            | "grade"
                            | "workflow"
                            | "mapping"
                            | "catalogue"
                            | "work"
                            | "kpi"
                            | "preset"
                            | "alert"
                            | "commend"
                            | "stats"
                            | "period"
                            | "request"
                    )
                ) && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
                if is_key && !part.ends_with(".toml") && !keys.contains(part) {
                    missing.push(part.to_owned());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }
}
