"""Interface strings of the officer desk and administration pages, Vietnamese first.

Written as (Vietnamese, English) pairs so no translation goes missing; TEXTS is the
{"vi": {...}, "en": {...}} table built from them. Keys starting "js_" go to desk.js.
"""

from admin.meeting_texts import PAIRS as MEETING_PAIRS
from admin.notify_texts import PAIRS as NOTIFY_PAIRS
from admin.records_texts import PAIRS as RECORDS_PAIRS

PAIRS = {
    # Layout, login, errors
    "app_title": ("Tiếp công dân · Cán bộ", "Citizen reception · Staff"),
    "nav_desk": ("Quầy tiếp dân", "Counter desk"),
    "nav_services": ("Loại việc", "Services"),
    "nav_counters": ("Quầy", "Counters"),
    "nav_users": ("Tài khoản", "Accounts"),
    "nav_organisation": ("Cơ quan", "Organisation"),
    "nav_crowd": ("Theo dõi đông người", "Crowd"),
    "nav_printers": ("Máy in", "Printers"),
    "nav_schedule": ("Lịch tiếp công dân", "Reception schedule"),
    "logout": ("Đăng xuất", "Log out"),
    "logged_out": ("Đã đăng xuất.", "You are logged out."),
    "logout_all": ("Đăng xuất mọi nơi", "Log out everywhere"),
    "logout_all_hint": (
        "Kết thúc mọi phiên đăng nhập của tài khoản này trên các máy khác và mọi mã truy cập API",
        "End every sign-in of this account on other computers and every API token",
    ),
    "logged_out_everywhere": (
        "Đã đăng xuất khỏi mọi nơi: mọi phiên đăng nhập và mã truy cập API của tài khoản đã "
        "bị hủy.",
        "Logged out everywhere: every sign-in and API token of this account has ended.",
    ),
    "login_title": ("Đăng nhập cán bộ", "Staff login"),
    "login_needed": ("Vui lòng đăng nhập để tiếp tục.", "Please log in to continue."),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "login_button": ("Đăng nhập", "Log in"),
    "switch_language": ("English", "Tiếng Việt"),
    "role_admin": ("Quản trị", "Administrator"),
    "role_officer": ("Cán bộ tiếp dân", "Reception officer"),
    "role_leader": ("Lãnh đạo", "Leader"),
    "role_security": ("Bảo vệ", "Security"),
    "forbidden_title": ("Không thực hiện được", "Not allowed"),
    "forbidden_text": (
        "Tài khoản của bạn không có quyền mở trang này. Nếu cần, hãy liên hệ quản trị hệ thống.",
        "Your account may not open this page. Ask the system administrator if you need it.",
    ),
    "back_home": ("Về trang chính", "Back to the start page"),
    "error_title": ("Chưa lưu được", "Not saved"),
    "save": ("Lưu", "Save"),
    "back": ("Quay lại", "Back"),
    "edit": ("Sửa", "Edit"),
    "yes": ("Có", "Yes"),
    "active": ("Đang hoạt động", "Active"),
    "inactive": ("Tạm ngừng", "Inactive"),
    # Counter picker
    "pick_counter": ("Chọn quầy làm việc", "Choose your counter"),
    "pick_counter_hint": (
        "Chọn quầy bạn đang ngồi. Máy này sẽ ghi nhớ lựa chọn.",
        "Choose the counter you sit at. This computer remembers it.",
    ),
    "last_used": ("Quầy lần trước", "Last used"),
    "no_counters": (
        "Chưa có quầy nào đang hoạt động. Quản trị viên cần tạo quầy trước.",
        "No counter is open. An administrator must create one first.",
    ),
    "no_desk_role": (
        "Tài khoản “{role}” không dùng quầy tiếp dân.",
        "A “{role}” account does not use the counter desk.",
    ),
    "nothing_served": ("Chưa giao loại việc", "No services assigned"),
    # Desk page
    "current_ticket": ("Đang gọi / đang tiếp", "Called / being received"),
    "no_current": ("Chưa gọi ai", "Nobody called"),
    "matter": ("Loại việc", "Matter"),
    "party_size": ("Số người", "People"),
    "elapsed": ("Từ lúc gọi", "Since called"),
    "action_call": ("Gọi tiếp", "Call next"),
    "action_recall": ("Gọi lại", "Recall"),
    "action_no_show": ("Vắng mặt", "No-show"),
    "action_start": ("Bắt đầu tiếp", "Start"),
    "action_finish": ("Kết thúc", "Finish"),
    "action_transfer": ("Chuyển", "Transfer"),
    "waiting_here": ("Đang chờ tại quầy này", "Waiting for this counter"),
    "other_counters": ("Các quầy khác", "Other counters"),
    "change_counter": ("Đổi quầy", "Change counter"),
    "transfer_hint": (
        "Chọn loại việc mới, một quầy cụ thể, hoặc cả hai. Phiếu giữ nguyên thứ tự theo giờ đến.",
        "Choose a new service, a specific counter, or both. The ticket keeps its place.",
    ),
    "transfer_service": ("Chuyển sang loại việc", "To service"),
    "transfer_counter": ("Chuyển đến quầy", "To counter"),
    "keep_service": ("— giữ nguyên loại việc —", "— keep the service —"),
    "any_counter": ("— quầy nào phục vụ loại việc đó —", "— any counter serving it —"),
    "cancel": ("Hủy", "Cancel"),
    "confirm_transfer": ("Chuyển phiếu", "Transfer"),
    # Services
    "services_title": ("Loại việc", "Services"),
    "new_service": ("Thêm loại việc", "Add a service"),
    "edit_service": ("Sửa loại việc {code}", "Edit service {code}"),
    "field_code": ("Mã", "Code"),
    "field_name_vi": ("Tên tiếng Việt", "Vietnamese name"),
    "field_name_en": ("Tên tiếng Anh", "English name"),
    "field_confidential": ("Bảo mật", "Confidential"),
    "confidential_hint": (
        "Danh tính người đến về việc này chỉ người được phân quyền xem (bắt buộc với Tố cáo: "
        "Luật Tố cáo Điều 47). Không loại việc nào được nêu trên bảng hiển thị, lời gọi loa, "
        "phiếu in hay trang tra cứu; mọi việc dùng chung một dãy số phiếu.",
        "Who came for this matter is shown only to authorised staff (required for "
        "denunciations). No matter is ever named on the board, in announcements, on tickets "
        "or the status page; all matters share one ticket sequence.",
    ),
    "field_service_active": ("Đang tiếp nhận (hiện trên kiosk)", "Open (shown on the kiosk)"),
    "field_sort_order": ("Thứ tự hiển thị", "Display order"),
    "served_by": ("Quầy phục vụ", "Served at"),
    "col_order": ("Thứ tự", "Order"),
    "uncovered_warning": (
        "Chưa có quầy nào đang hoạt động phục vụ: {names}. Công dân chọn loại việc này "
        "sẽ không được gọi. Hãy giao cho ít nhất một quầy.",
        "No open counter serves: {names}. Visitors who choose it will never be called. "
        "Assign it to at least one counter.",
    ),
    "service_saved": ("Đã lưu loại việc {code}.", "Service {code} saved."),
    # Counters
    "counters_title": ("Quầy tiếp dân", "Counters"),
    "new_counter": ("Thêm quầy", "Add a counter"),
    "edit_counter": ("Sửa {name}", "Edit {name}"),
    "field_number": ("Số quầy", "Number"),
    "field_counter_name": ("Tên quầy", "Name"),
    "counter_name_hint": ("Để trống: “Quầy <số>”.", "Leave empty for “Quầy <number>”."),
    "field_counter_active": ("Đang hoạt động", "Open"),
    "field_services": ("Loại việc quầy phục vụ", "Services served here"),
    "counter_saved": ("Đã lưu {name}.", "{name} saved."),
    # Accounts
    "users_title": ("Tài khoản cán bộ", "Staff accounts"),
    "new_user": ("Thêm tài khoản", "Add an account"),
    "edit_user": ("Tài khoản {username}", "Account {username}"),
    "field_full_name": ("Họ và tên", "Full name"),
    "field_role": ("Vai trò", "Role"),
    "field_password": ("Mật khẩu (ít nhất 8 ký tự)", "Password (at least 8 characters)"),
    "field_status": ("Trạng thái", "Status"),
    "account_inactive": ("Đã khóa", "Deactivated"),
    "you": ("bạn", "you"),
    "profile_section": ("Họ tên và vai trò", "Name and role"),
    "password_section": ("Đặt lại mật khẩu", "Reset the password"),
    "new_password": ("Mật khẩu mới (ít nhất 8 ký tự)", "New password (at least 8 characters)"),
    "status_section": ("Khóa / mở tài khoản", "Deactivate / reactivate"),
    "deactivate": ("Khóa tài khoản", "Deactivate"),
    "reactivate": ("Mở lại tài khoản", "Reactivate"),
    "deactivate_hint": (
        "Tài khoản bị khóa không đăng nhập được; lịch sử làm việc vẫn được giữ.",
        "A deactivated account cannot log in; its history is kept.",
    ),
    "user_created": ("Đã tạo tài khoản {username}.", "Account {username} created."),
    "user_saved": ("Đã lưu tài khoản {username}.", "Account {username} saved."),
    "user_deactivated": ("Đã khóa tài khoản {username}.", "Account {username} deactivated."),
    "user_reactivated": ("Đã mở lại tài khoản {username}.", "Account {username} reactivated."),
    "password_reset": (
        "Đã đặt lại mật khẩu cho {username}.", "The password of {username} was reset.",
    ),
    # Organisation
    "organisation_title": ("Thông tin cơ quan", "Organisation"),
    "org_section": ("Cơ quan, đơn vị", "Organisation"),
    "field_org_name": ("Tên cơ quan, đơn vị", "Name"),
    "field_org_level": ("Cấp / loại cơ quan", "Level or kind"),
    "org_level_hint": (
        "Ghi tự do, ví dụ: Cấp xã, Cấp tỉnh, Cơ quan hành chính.",
        "Free text, e.g. Cấp xã (commune), Cấp tỉnh (province), administrative agency.",
    ),
    "field_org_address": ("Địa chỉ", "Address"),
    "texts_section": ("Nội dung hiển thị và in", "Board and ticket texts"),
    "field_notice_text": ("Thông báo chạy trên bảng hiển thị", "Notice scrolling on the board"),
    "field_ticket_title": ("Tiêu đề phiếu", "Ticket title"),
    "field_ticket_notice": ("Lời dặn trên phiếu", "Notice printed on the ticket"),
    "groups_section": ("Đoàn đông người", "Large groups"),
    "field_group_threshold": (
        "Từ bao nhiêu người thì tính là đoàn đông người (2–100)",
        "Group threshold: people from which a ticket is a group (2–100)",
    ),
    "field_max_party_size": ("Số người tối đa trên một phiếu", "Most people on one ticket"),
    "priority_section": ("Đối tượng ưu tiên", "Priority groups"),
    "priority_hint": (
        "Theo nội quy của trụ sở. Phiếu ưu tiên được gọi trước trong các loại việc quầy "
        "phục vụ. Mã chỉ gồm chữ thường không dấu, chữ số, “-” hoặc “_”.",
        "From the headquarters' rules. Priority tickets are called first. Codes use "
        "lowercase letters, digits, “-” or “_”.",
    ),
    "add_row": ("Thêm dòng", "Add a row"),
    "remove_row": ("Xóa dòng", "Remove"),
    "organisation_saved": ("Đã lưu thông tin cơ quan.", "Organisation details saved."),
    # desk.js
    "js_connecting": ("Đang kết nối…", "Connecting…"),
    "js_online": ("Trực tuyến", "Online"),
    "js_offline": ("Mất kết nối, đang thử lại…", "Connection lost, retrying…"),
    "js_session_expired": (
        "Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.",
        "Your session has ended. Please log in again.",
    ),
    "js_login_again": ("Đăng nhập lại", "Log in again"),
    "js_network_error": (
        "Không gửi được yêu cầu: hãy kiểm tra kết nối mạng rồi thử lại.",
        "The request could not be sent: check the network and try again.",
    ),
    "js_http_error": ("Máy chủ trả lỗi {status}. Vui lòng thử lại.",
                      "The server answered {status}. Please try again."),
    "js_called": ("Đã gọi số {number}.", "Called number {number}."),
    "js_recalled": ("Đã gọi lại số {number}.", "Called number {number} again."),
    "js_nobody": ("Không còn công dân nào chờ tại quầy này.",
                  "Nobody is waiting for this counter."),
    "js_started": ("Bắt đầu tiếp số {number}.", "Receiving number {number}."),
    "js_finished": ("Đã kết thúc số {number}.", "Finished number {number}."),
    "js_no_show_done": ("Đã ghi số {number} vắng mặt.", "Number {number} marked as no-show."),
    "js_transferred": ("Đã chuyển số {number}.", "Number {number} transferred."),
    "js_choose_target": ("Hãy chọn loại việc hoặc quầy để chuyển đến.",
                         "Choose a service or a counter to transfer to."),
    "js_empty_waiting": ("Chưa có công dân chờ.", "Nobody is waiting."),
    "js_more": ("… và {count} phiếu khác", "… and {count} more"),
    "js_people": ("{count} người", "{count} people"),
    "js_group": ("Đoàn {count} người", "Group of {count}"),
    "js_priority": ("Ưu tiên", "Priority"),
    "js_waited": ("chờ {minutes} phút", "waited {minutes} min"),
    "js_targeted": ("chuyển riêng đến quầy này", "sent to this counter"),
    "js_waiting_count": ("{count} chờ", "{count} waiting"),
    "js_free": ("Trống", "Free"),
    "js_called_at": ("gọi lúc {time}", "called at {time}"),
    "js_status_called": ("Đã gọi, chờ công dân đến", "Called, waiting for the visitor"),
    "js_status_serving": ("Đang tiếp", "Being received"),
    "js_recalled_mark": ("đã gọi lại", "recalled"),
    "js_transfer_title": ("Chuyển phiếu số {number}", "Transfer ticket {number}"),
    "js_none_called": ("Chưa gọi ai", "Nobody called"),
    "js_counter_closed": (
        "Quầy này đang tạm nghỉ hoặc đã bị tắt. Hãy chọn quầy khác.",
        "This counter is closed. Choose another counter.",
    ),
}


def _join(*tables: dict) -> dict:
    """Join the screens' tables; a key two tables both define is a mistake (one would silently
    replace the other's words on every page that uses it)."""
    joined: dict = {}
    for table in tables:
        clash = sorted(key for key in table if key in joined and joined[key] != table[key])
        if clash:
            raise KeyError(f"admin text keys defined twice: {', '.join(clash)}")
        joined.update(table)
    return joined


PAIRS = _join(PAIRS, MEETING_PAIRS, RECORDS_PAIRS, NOTIFY_PAIRS)

TEXTS = {
    "vi": {key: pair[0] for key, pair in PAIRS.items()},
    "en": {key: pair[1] for key, pair in PAIRS.items()},
}


def text(key: str, lang: str = "vi", **params) -> str:
    """Return one interface string in the given language (Vietnamese unless "en")."""
    template = TEXTS["en" if lang == "en" else "vi"][key]
    return template.format(**params) if params else template


def translator(lang: str):
    """Return t(key, **params) bound to one language, for templates."""
    return lambda key, **params: text(key, lang, **params)


def script_texts(lang: str) -> dict:
    """Return the strings desk.js needs, keyed without their "js_" mark."""
    table = TEXTS["en" if lang == "en" else "vi"]
    return {key[3:]: value for key, value in table.items() if key.startswith("js_")}
