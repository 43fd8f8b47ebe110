"""Domain errors, typed by what happened: a code, parameters and a message.

MESSAGES holds the Vietnamese source texts; translations/ holds the other languages.
"""

from reception.translations import N_, translate

MESSAGES = {
    "unknown_service": N_("Không có loại việc “{service}”. Vui lòng chọn lại."),
    "service_closed": N_("Loại việc này hiện không tiếp nhận."),
    "invalid_party_size": N_("Số người phải từ 1 đến {maximum}."),
    "unknown_priority": N_("Không có đối tượng ưu tiên “{priority}”."),
    "closed_for_today": N_(
        "Đã hết giờ tiếp công dân hôm nay ({closing}). Mời quay lại vào ngày làm việc tiếp theo.",
    ),
    "idempotency_conflict": N_(
        "Yêu cầu này đã được gửi với nội dung khác. Vui lòng tạo yêu cầu mới.",
    ),
    "not_found": N_("Không tìm thấy {what}."),
    "unknown_counter": N_("Không có quầy số {counter}."),
    "counter_inactive": N_("Quầy này đang tạm nghỉ."),
    "counter_busy": N_(
        "Cán bộ {officer} đang tiếp công dân số {number} tại quầy này. Chỉ cán bộ đó kết thúc "
        "buổi tiếp được; vui lòng chờ hoặc chọn quầy khác.",
    ),
    "counter_serves_nothing": N_("Quầy này chưa được giao loại việc nào."),
    "invalid_transition": N_(
        "Không thể {action} phiếu số {number} vì phiếu đang ở trạng thái “{state}”.",
    ),
    "transfer_counter_service": N_(
        "{counter} không tiếp nhận loại việc “{service}”. Vui lòng chọn quầy tiếp nhận loại "
        "việc này, hoặc để hệ thống tự chọn quầy.",
    ),
    "transfer_no_counter": N_(
        "Chưa có quầy nào đang mở tiếp nhận loại việc “{service}”, nên phiếu chuyển sang sẽ "
        "không được gọi. Vui lòng chọn loại việc khác, hoặc mở quầy tiếp nhận loại việc này "
        "trước.",
    ),
    "transfer_target_required": N_("Cần chọn loại việc hoặc quầy để chuyển đến."),
    "malformed_json": N_("Dữ liệu gửi lên không phải JSON hợp lệ."),
    "json_required": N_("Yêu cầu phải gửi dữ liệu dạng JSON (Content-Type: application/json)."),
    "invalid_request": N_("Dữ liệu không hợp lệ: {detail}"),
    "login_required": N_("Vui lòng đăng nhập để thực hiện thao tác này."),
    "bad_credentials": N_("Tên đăng nhập hoặc mật khẩu không đúng."),
    "forbidden": N_("Tài khoản của bạn không có quyền thực hiện thao tác này."),
    "csrf_failed": N_("Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ. Vui lòng tải lại trang."),
    "device_key_required": N_("Thiết bị này chưa được đăng ký với trụ sở (thiếu mã thiết bị)."),
    "rate_limited": N_("Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."),
    "too_many_sign_ins": N_("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."),
    "duplicate": N_("{what} “{value}” đã tồn tại."),
    "invalid_value": N_("{field} không hợp lệ: {detail}"),
    "invalid_characters": N_(
        "{field} chứa ký tự không được phép ({code_point}: ký tự điều khiển hoặc ký tự không "
        "hiển thị được). Vui lòng xóa ký tự đó rồi gửi lại.",
    ),
    "method_not_allowed": N_("Phương thức không được hỗ trợ."),
    # Limits of the HTTP layer (web/) and of gunicorn itself (reception/server.py).
    "request_too_large": N_("Dữ liệu gửi lên quá lớn (tối đa {limit})."),
    "json_too_deep": N_("Dữ liệu JSON lồng nhau quá sâu (tối đa {maximum} cấp)."),
    "number_too_large": N_("Dữ liệu gửi lên có số quá lớn (tối đa {maximum})."),
    "bad_http_request": N_("Yêu cầu HTTP không đúng định dạng."),
    "request_line_too_long": N_("Địa chỉ yêu cầu quá dài."),
    "headers_too_large": N_("Phần tiêu đề (header) của yêu cầu quá lớn."),
    "internal_error": N_("Hệ thống gặp sự cố. Yêu cầu chưa được thực hiện; vui lòng thử lại."),
    # Case files, the logbook and statistics (reception/cases).
    "id_number_length": N_("Số định danh cá nhân phải gồm đúng 12 chữ số."),
    "id_number_province": N_(
        "Ba chữ số đầu của số định danh cá nhân ({province}) không phải mã tỉnh, thành phố nơi "
        "đăng ký khai sinh.",
    ),
    "id_number_century": N_(
        "Chữ số thứ tư của số định danh cá nhân phải từ 0 đến 3 (mã thế kỷ và giới tính).",
    ),
    "id_number_mismatch": N_("Số định danh cá nhân không khớp với {what} đã khai."),
    "old_id_number": N_("Số chứng minh nhân dân cũ phải gồm đúng 9 chữ số."),
    "qr_format": N_("Mã QR trên thẻ căn cước không đúng định dạng: {detail}."),
    "future_date": N_("{field} không được là ngày trong tương lai."),
    "invalid_record": N_("Thông tin chưa hợp lệ: {detail}"),
    "unknown_choice": N_("{field} “{value}” không có trong danh mục ({choices})."),
    "representatives_count": N_(
        "Đoàn {size} người phải cử từ 1 đến {maximum} người đại diện (Luật Tiếp công dân Điều "
        "29).",
    ),
    "transfer_to_required": N_("Chuyển đơn phải ghi rõ cơ quan có thẩm quyền nhận đơn."),
    "refusal_reason_required": N_("Từ chối tiếp phải ghi rõ lý do theo Điều 9 Luật Tiếp công dân."),
    "visitor_identity_required": N_(
        "Cần ghi họ tên và địa chỉ, hoặc số giấy tờ tùy thân của công dân (Luật Tiếp công dân "
        "Điều 7.2).",
    ),
    "bad_period": N_("Khoảng thời gian không hợp lệ: {detail}."),
    "deadline_extension_limit": N_("Thời hạn này đã được gia hạn tối đa {maximum} lần."),
    "deadline_not_extendable": N_("Thời hạn này không được gia hạn theo quy định."),
    "not_refused": N_("Lượt tiếp này không phải trường hợp từ chối tiếp."),
    "identity_protected": N_(
        "Danh tính người tố cáo được giữ bí mật (Luật Tố cáo Điều 47); tài khoản của bạn không "
        "được xem thông tin này.",
    ),
    # Ticket printing (reception/printing/dispatch.py, reception/printing/printers.py).
    "print_failed": N_("Không in được phiếu số {number}: {reason}. Phiếu vẫn còn hiệu lực."),
    "no_printer": N_("Chưa cấu hình máy in cho phiếu này; phiếu chỉ hiển thị trên màn hình."),
    "reprint_closed": N_("Phiếu số {number} đang ở trạng thái “{state}”, không in lại được."),
    "printer_address": N_("{reason}"),
    "kiosk_has_printer": N_("Kiosk “{kiosk}” đã có máy in “{name}”."),
    "test_page_failed": N_("Không in được trang thử trên máy in “{name}”: {reason}."),
    # Booking a leader's reception session (reception/booking).
    "unknown_session": N_("Không có buổi tiếp “{session}”. Vui lòng chọn lại buổi tiếp."),
    "session_full": N_("Buổi tiếp này đã hết chỗ. Vui lòng chọn buổi tiếp khác."),
    "session_closed": N_(
        "Buổi tiếp này không còn nhận đặt lịch ({reason}). Vui lòng chọn buổi tiếp khác.",
    ),
    "invalid_phone": N_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0 (ví dụ 0912345678)."),
    "appointment_cancelled": N_(
        "Lịch hẹn {appointment} đã bị hủy, không dùng để lấy số được. Vui lòng lấy số như "
        "thường hoặc đặt lịch mới.",
    ),
    "appointment_not_today": N_(
        "Lịch hẹn {appointment} là ngày {day}, không phải hôm nay. Vui lòng đến đúng ngày hẹn.",
    ),
    "appointment_checked_in": N_(
        "Lịch hẹn {appointment} đã được dùng để lấy số, không hủy được nữa.",
    ),
    "session_recurring_field": N_(
        "Buổi tiếp này thuộc lịch tiếp lặp lại; chỉ đổi được sức chứa và giờ của riêng buổi "
        "này. Đổi lãnh đạo, loại buổi tiếp hoặc quầy trên trang Lịch tiếp công dân.",
    ),
    "capacity_below_booked": N_(
        "Đã có {booked} lượt đặt lịch; sức chứa không được nhỏ hơn số này.",
    ),
    # Crowd safety (reception/crowd).
    "alert_already_acknowledged": N_("Cảnh báo này đã được {who} xác nhận lúc {at}."),
    # Online petitions and notifications (reception/petitions, reception/notifications).
    "multipart_required": N_(
        "Đơn phải gửi dạng biểu mẫu có tệp (Content-Type: multipart/form-data).",
    ),
    "too_many_files": N_("Chỉ gửi được tối đa {maximum} tệp kèm theo đơn."),
    "empty_file": N_("Tệp “{name}” không có nội dung."),
    "file_too_large": N_("Tệp “{name}” quá lớn (tối đa {limit} mỗi tệp)."),
    "unsupported_file_type": N_(
        "Tệp “{name}” không phải PDF, JPEG hoặc PNG. Vui lòng gửi bản chụp hoặc bản PDF.",
    ),
    "notification_not_failed": N_("Chỉ gửi lại được thông báo đã gửi không thành công."),
    "recipient_contact_required": N_(
        "Người nhận cảnh báo cần có thư điện tử hoặc số điện thoại hợp lệ.",
    ),
    "walk_in_departed": N_("Đoàn này đã được ghi nhận rời trụ sở lúc {at}."),
}


class ReceptionError(Exception):
    """A refused request: nothing was changed. Carries a code and parameters, never a status.

    Raise one of its kinds below, named for what happened; the web layer maps each kind to
    its HTTP status (web/errors.py). The base itself cannot be raised.

    fields names the input fields at fault, for forms to mark them: each a dotted path
    ("visitor.id_number", "documents.0.copies"), or a (path, message_vi, message_en) tuple
    when the field's own message differs from the error's. extra: more keys for the error
    body (what a refused ID card QR still said).
    """

    def __init__(self, code: str, *, fields=None, extra=None, **params):
        if type(self) is ReceptionError:
            raise TypeError("raise a kind of ReceptionError (Invalid, NotFound, ...), not the base")
        super().__init__(code)
        self.code = code
        self.params = params
        self.fields = list(fields or [])
        self.extra = dict(extra or {})

    def field_errors(self, language: str = "vi") -> list[dict]:
        """Return [{"field": path, "message": text}] in the given language."""
        answer = []
        for item in self.fields:
            if isinstance(item, str):
                answer.append({"field": item, "message": self.message(language)})
            else:
                path, vi, en = item
                answer.append({"field": path, "message": en if language == "en" else vi})
        return answer

    def message(self, language: str = "vi") -> str:
        """Return the message in the given language ("vi" or "en")."""
        return message(self.code, language, **self.params)


class Invalid(ReceptionError):
    """The input breaks a rule: a wrong or missing value, a malformed body."""


class NotSignedIn(ReceptionError):
    """The caller is not signed in, or gave a wrong username or password."""


class Forbidden(ReceptionError):
    """The caller is known (or the device is not) and may not do this."""


class NotFound(ReceptionError):
    """What the request names does not exist."""


class Conflict(ReceptionError):
    """The request clashes with what is stored: a duplicate, a ticket or record already closed."""


class TooLarge(ReceptionError):
    """A file or body is over its size limit."""


class UnsupportedType(ReceptionError):
    """A body or file is not of a kind that is accepted."""


class RateLimited(ReceptionError):
    """The caller tried too often; the parameter retry_after says in how many seconds to retry."""


class Unavailable(ReceptionError):
    """A device the request relies on (a printer) failed."""


def message(code: str, language: str = "vi", **params) -> str:
    """Return the text of a message code, Vietnamese unless another language is asked for."""
    return translate(MESSAGES[code], language).format(**params)
