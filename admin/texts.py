"""Interface strings of the officer desk and administration pages, Vietnamese first.

Each key names a Vietnamese source text; other languages come from the gettext catalogs in
translations/ (reception.translations). Keys starting "js_" go to desk.js.
"""

from admin.meeting_texts import TEXTS as MEETING_TEXTS
from admin.notify_texts import TEXTS as NOTIFY_TEXTS
from admin.records_texts import TEXTS as RECORDS_TEXTS
from reception.translations import C_, N_, translate

TEXTS = {
    # Layout, login, errors
    "app_title": N_("Tiếp công dân · Cán bộ"),
    "nav_desk": C_("nav_desk", "Quầy tiếp dân"),
    "nav_services": C_("nav_services", "Loại việc"),
    "nav_counters": N_("Quầy"),
    "nav_users": N_("Tài khoản"),
    "nav_organisation": N_("Cơ quan"),
    "nav_crowd": C_("nav_crowd", "Theo dõi đông người"),
    "nav_printers": N_("Máy in"),
    "nav_schedule": C_("nav_schedule", "Lịch tiếp công dân"),
    "logout": N_("Đăng xuất"),
    "logged_out": N_("Đã đăng xuất."),
    "logout_all": N_("Đăng xuất mọi nơi"),
    "logout_all_hint": N_(
        "Kết thúc mọi phiên đăng nhập của tài khoản này trên các máy khác và mọi mã truy cập API",
    ),
    "logged_out_everywhere": N_(
        "Đã đăng xuất khỏi mọi nơi: mọi phiên đăng nhập và mã truy cập API của tài khoản đã bị "
        "hủy.",
    ),
    "login_title": N_("Đăng nhập cán bộ"),
    "login_needed": N_("Vui lòng đăng nhập để tiếp tục."),
    "username": N_("Tên đăng nhập"),
    "password": N_("Mật khẩu"),
    "login_failed": N_("Sai tên đăng nhập hoặc mật khẩu."),
    "login_button": N_("Đăng nhập"),
    "role_admin": N_("Quản trị"),
    "role_officer": N_("Cán bộ tiếp dân"),
    "role_leader": N_("Lãnh đạo"),
    "role_security": N_("Bảo vệ"),
    "forbidden_title": N_("Không thực hiện được"),
    "forbidden_text": N_(
        "Tài khoản của bạn không có quyền mở trang này. Nếu cần, hãy liên hệ quản trị hệ thống.",
    ),
    "back_home": N_("Về trang chính"),
    "error_title": N_("Chưa lưu được"),
    "save": N_("Lưu"),
    "back": N_("Quay lại"),
    "edit": N_("Sửa"),
    "yes": N_("Có"),
    "active": C_("active", "Đang hoạt động"),
    "inactive": N_("Tạm ngừng"),
    # Counter picker
    "pick_counter": N_("Chọn quầy làm việc"),
    "pick_counter_hint": N_("Chọn quầy bạn đang ngồi. Máy này sẽ ghi nhớ lựa chọn."),
    "last_used": N_("Quầy lần trước"),
    "no_counters": N_("Chưa có quầy nào đang hoạt động. Quản trị viên cần tạo quầy trước."),
    "no_desk_role": N_("Tài khoản “{role}” không dùng quầy tiếp dân."),
    "nothing_served": N_("Chưa giao loại việc"),
    # Desk page
    "current_ticket": N_("Đang gọi / đang tiếp"),
    "no_current": N_("Chưa gọi ai"),
    "matter": C_("matter", "Loại việc"),
    "party_size": N_("Số người"),
    "elapsed": N_("Từ lúc gọi"),
    "action_call": N_("Gọi tiếp"),
    "action_recall": N_("Gọi lại"),
    "action_no_show": N_("Vắng mặt"),
    "action_start": N_("Bắt đầu tiếp"),
    "action_finish": N_("Kết thúc"),
    "action_transfer": N_("Chuyển"),
    "waiting_here": N_("Đang chờ tại quầy này"),
    "other_counters": N_("Các quầy khác"),
    "change_counter": N_("Đổi quầy"),
    "transfer_hint": N_(
        "Chọn loại việc mới, một quầy cụ thể, hoặc cả hai. Phiếu giữ nguyên thứ tự theo giờ đến.",
    ),
    "transfer_service": N_("Chuyển sang loại việc"),
    "transfer_counter": N_("Chuyển đến quầy"),
    "keep_service": N_("— giữ nguyên loại việc —"),
    "any_counter": N_("— quầy nào phục vụ loại việc đó —"),
    "cancel": N_("Hủy"),
    "confirm_transfer": N_("Chuyển phiếu"),
    # Services
    "services_title": C_("services_title", "Loại việc"),
    "new_service": N_("Thêm loại việc"),
    "edit_service": N_("Sửa loại việc {code}"),
    "field_code": N_("Mã"),
    "field_name_vi": N_("Tên tiếng Việt"),
    "field_name_en": N_("Tên tiếng Anh"),
    "field_confidential": N_("Bảo mật"),
    "confidential_hint": N_(
        "Danh tính người đến về việc này chỉ người được phân quyền xem (bắt buộc với Tố cáo: "
        "Luật Tố cáo Điều 47). Không loại việc nào được nêu trên bảng hiển thị, lời gọi loa, "
        "phiếu in hay trang tra cứu; mọi việc dùng chung một dãy số phiếu.",
    ),
    "field_service_active": N_("Đang tiếp nhận (hiện trên kiosk)"),
    "field_sort_order": N_("Thứ tự hiển thị"),
    "served_by": N_("Quầy phục vụ"),
    "col_order": N_("Thứ tự"),
    "uncovered_warning": N_(
        "Chưa có quầy nào đang hoạt động phục vụ: {names}. Công dân chọn loại việc này sẽ không "
        "được gọi. Hãy giao cho ít nhất một quầy.",
    ),
    "service_saved": N_("Đã lưu loại việc {code}."),
    # Counters
    "counters_title": C_("counters_title", "Quầy tiếp dân"),
    "new_counter": N_("Thêm quầy"),
    "edit_counter": N_("Sửa {name}"),
    "field_number": N_("Số quầy"),
    "field_counter_name": N_("Tên quầy"),
    "counter_name_hint": N_("Để trống: “Quầy <số>”."),
    "field_counter_active": C_("field_counter_active", "Đang hoạt động"),
    "field_services": N_("Loại việc quầy phục vụ"),
    "counter_saved": N_("Đã lưu {name}."),
    # Accounts
    "users_title": N_("Tài khoản cán bộ"),
    "new_user": N_("Thêm tài khoản"),
    "edit_user": N_("Tài khoản {username}"),
    "field_full_name": N_("Họ và tên"),
    "field_role": N_("Vai trò"),
    "field_password": N_("Mật khẩu (ít nhất 8 ký tự)"),
    "field_status": N_("Trạng thái"),
    "account_inactive": N_("Đã khóa"),
    "you": N_("bạn"),
    "profile_section": N_("Họ tên và vai trò"),
    "password_section": N_("Đặt lại mật khẩu"),
    "new_password": N_("Mật khẩu mới (ít nhất 8 ký tự)"),
    "status_section": N_("Khóa / mở tài khoản"),
    "deactivate": N_("Khóa tài khoản"),
    "reactivate": N_("Mở lại tài khoản"),
    "deactivate_hint": N_("Tài khoản bị khóa không đăng nhập được; lịch sử làm việc vẫn được giữ."),
    "user_created": N_("Đã tạo tài khoản {username}."),
    "user_saved": N_("Đã lưu tài khoản {username}."),
    "user_deactivated": N_("Đã khóa tài khoản {username}."),
    "user_reactivated": N_("Đã mở lại tài khoản {username}."),
    "password_reset": N_("Đã đặt lại mật khẩu cho {username}."),
    # Organisation
    "organisation_title": N_("Thông tin cơ quan"),
    "org_section": N_("Cơ quan, đơn vị"),
    "field_org_name": N_("Tên cơ quan, đơn vị"),
    "field_org_level": N_("Cấp / loại cơ quan"),
    "org_level_hint": N_("Ghi tự do, ví dụ: Cấp xã, Cấp tỉnh, Cơ quan hành chính."),
    "field_org_address": N_("Địa chỉ"),
    "texts_section": N_("Nội dung hiển thị và in"),
    "field_notice_text": N_("Thông báo chạy trên bảng hiển thị"),
    "field_ticket_title": N_("Tiêu đề phiếu"),
    "field_ticket_notice": N_("Lời dặn trên phiếu"),
    "groups_section": C_("groups_section", "Đoàn đông người"),
    "field_group_threshold": N_("Từ bao nhiêu người thì tính là đoàn đông người (2–100)"),
    "field_max_party_size": N_("Số người tối đa trên một phiếu"),
    "priority_section": N_("Đối tượng ưu tiên"),
    "priority_hint": N_(
        "Theo nội quy của trụ sở. Phiếu ưu tiên được gọi trước trong các loại việc quầy phục "
        "vụ. Mã chỉ gồm chữ thường không dấu, chữ số, “-” hoặc “_”.",
    ),
    "add_row": N_("Thêm dòng"),
    "remove_row": N_("Xóa dòng"),
    "organisation_saved": N_("Đã lưu thông tin cơ quan."),
    # desk.js
    "js_connecting": N_("Đang kết nối…"),
    "js_online": N_("Trực tuyến"),
    "js_offline": N_("Mất kết nối, đang thử lại…"),
    "js_session_expired": N_("Phiên đăng nhập đã hết. Vui lòng đăng nhập lại."),
    "js_login_again": N_("Đăng nhập lại"),
    "js_network_error": N_("Không gửi được yêu cầu: hãy kiểm tra kết nối mạng rồi thử lại."),
    "js_http_error": N_("Máy chủ trả lỗi {status}. Vui lòng thử lại."),
    "js_called": N_("Đã gọi số {number}."),
    "js_recalled": N_("Đã gọi lại số {number}."),
    "js_nobody": N_("Không còn công dân nào chờ tại quầy này."),
    "js_started": N_("Bắt đầu tiếp số {number}."),
    "js_finished": N_("Đã kết thúc số {number}."),
    "js_no_show_done": N_("Đã ghi số {number} vắng mặt."),
    "js_transferred": N_("Đã chuyển số {number}."),
    "js_choose_target": N_("Hãy chọn loại việc hoặc quầy để chuyển đến."),
    "js_empty_waiting": N_("Chưa có công dân chờ."),
    "js_more": N_("… và {count} phiếu khác"),
    "js_people": N_("{count} người"),
    "js_group": N_("Đoàn {count} người"),
    "js_priority": N_("Ưu tiên"),
    "js_waited": N_("chờ {minutes} phút"),
    "js_targeted": N_("chuyển riêng đến quầy này"),
    "js_waiting_count": N_("{count} chờ"),
    "js_free": N_("Trống"),
    "js_called_at": N_("gọi lúc {time}"),
    "js_status_called": N_("Đã gọi, chờ công dân đến"),
    "js_status_serving": C_("js_status_serving", "Đang tiếp"),
    "js_recalled_mark": N_("đã gọi lại"),
    "js_transfer_title": N_("Chuyển phiếu số {number}"),
    "js_none_called": N_("Chưa gọi ai"),
    "js_counter_closed": N_("Quầy này đang tạm nghỉ hoặc đã bị tắt. Hãy chọn quầy khác."),
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


TEXTS = _join(TEXTS, MEETING_TEXTS, RECORDS_TEXTS, NOTIFY_TEXTS)


def text(key: str, lang: str = "vi", **params) -> str:
    """Return one interface string in the given language (Vietnamese when not translated)."""
    template = translate(TEXTS[key], lang)
    return template.format(**params) if params else template


def translator(lang: str):
    """Return t(key, **params) bound to one language, for templates."""
    return lambda key, **params: text(key, lang, **params)


def script_texts(lang: str) -> dict:
    """Return the strings desk.js needs, keyed without their "js_" mark."""
    return {key[3:]: translate(value, lang) for key, value in TEXTS.items()
            if key.startswith("js_")}
