"""Domain errors, typed by what happened: a code, parameters and a Vietnamese message."""

MESSAGES = {
    "unknown_service": (
        "Không có loại việc “{service}”. Vui lòng chọn lại.",
        "There is no service “{service}”. Please choose again.",
    ),
    "service_closed": (
        "Loại việc này hiện không tiếp nhận.",
        "This service is not taking visitors now.",
    ),
    "invalid_party_size": (
        "Số người phải từ 1 đến {maximum}.",
        "The number of people must be between 1 and {maximum}.",
    ),
    "unknown_priority": (
        "Không có đối tượng ưu tiên “{priority}”.",
        "There is no priority group “{priority}”.",
    ),
    "closed_for_today": (
        "Đã hết giờ tiếp công dân hôm nay ({closing}). Mời quay lại vào ngày làm việc tiếp theo.",
        "Reception has closed for today ({closing}). Please come back on the next working day.",
    ),
    "idempotency_conflict": (
        "Yêu cầu này đã được gửi với nội dung khác. Vui lòng tạo yêu cầu mới.",
        "This request was already sent with a different body. Please make a new request.",
    ),
    "not_found": ("Không tìm thấy {what}.", "{what} not found."),
    "unknown_counter": ("Không có quầy số {counter}.", "There is no counter {counter}."),
    "counter_inactive": ("Quầy này đang tạm nghỉ.", "This counter is closed."),
    "counter_busy": (
        "Cán bộ {officer} đang tiếp công dân số {number} tại quầy này. Chỉ cán bộ đó kết thúc "
        "buổi tiếp được; vui lòng chờ hoặc chọn quầy khác.",
        "Officer {officer} is receiving visitor {number} at this counter. Only that officer "
        "can end the meeting; please wait or choose another counter.",
    ),
    "counter_serves_nothing": (
        "Quầy này chưa được giao loại việc nào.",
        "This counter has no services assigned.",
    ),
    "invalid_transition": (
        "Không thể {action} phiếu số {number} vì phiếu đang ở trạng thái “{state}”.",
        "Cannot {action_en} ticket {number}: it is “{state_en}”.",
    ),
    "transfer_counter_service": (
        "{counter} không tiếp nhận loại việc “{service}”. Vui lòng chọn quầy tiếp nhận loại "
        "việc này, hoặc để hệ thống tự chọn quầy.",
        "{counter} does not receive “{service_en}”. Choose a counter that receives it, or "
        "let any counter call it.",
    ),
    "transfer_no_counter": (
        "Chưa có quầy nào đang mở tiếp nhận loại việc “{service}”, nên phiếu chuyển sang sẽ "
        "không được gọi. Vui lòng chọn loại việc khác, hoặc mở quầy tiếp nhận loại việc này "
        "trước.",
        "No open counter receives “{service_en}”, so the ticket would never be called. Choose "
        "another matter, or open a counter for it first.",
    ),
    "transfer_target_required": (
        "Cần chọn loại việc hoặc quầy để chuyển đến.",
        "Choose a service or a counter to transfer to.",
    ),
    "malformed_json": (
        "Dữ liệu gửi lên không phải JSON hợp lệ.",
        "The request body is not valid JSON.",
    ),
    "json_required": (
        "Yêu cầu phải gửi dữ liệu dạng JSON (Content-Type: application/json).",
        "The request must be JSON (Content-Type: application/json).",
    ),
    "invalid_request": ("Dữ liệu không hợp lệ: {detail}", "Invalid request: {detail}"),
    "login_required": (
        "Vui lòng đăng nhập để thực hiện thao tác này.",
        "Please log in to do this.",
    ),
    "bad_credentials": (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong username or password.",
    ),
    "forbidden": (
        "Tài khoản của bạn không có quyền thực hiện thao tác này.",
        "Your account is not allowed to do this.",
    ),
    "csrf_failed": (
        "Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ. Vui lòng tải lại trang.",
        "The session expired or the security token is missing. Please reload the page.",
    ),
    "device_key_required": (
        "Thiết bị này chưa được đăng ký với trụ sở (thiếu mã thiết bị).",
        "This device is not registered with the headquarters (device key missing).",
    ),
    "rate_limited": (
        "Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.",
        "Too many requests. Please try again in a few minutes.",
    ),
    "too_many_sign_ins": (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
        "Too many failed sign-ins. Please try again in {minutes} minutes.",
    ),
    "duplicate": ("{what} “{value}” đã tồn tại.", "{what} “{value}” already exists."),
    "invalid_value": ("{field} không hợp lệ: {detail}", "{field} is not valid: {detail}"),
    "invalid_characters": (
        "{field} chứa ký tự không được phép ({code_point}: ký tự điều khiển hoặc ký tự không "
        "hiển thị được). Vui lòng xóa ký tự đó rồi gửi lại.",
        "{field_en} holds a character that is not allowed ({code_point}: a control or "
        "non-printable character). Please remove it and send again.",
    ),
    "method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    # Limits of the HTTP layer (web/) and of gunicorn itself (reception/server.py).
    "request_too_large": (
        "Dữ liệu gửi lên quá lớn (tối đa {limit}).",
        "The request body is too large (at most {limit}).",
    ),
    "json_too_deep": (
        "Dữ liệu JSON lồng nhau quá sâu (tối đa {maximum} cấp).",
        "The JSON body is nested too deeply (at most {maximum} levels).",
    ),
    "number_too_large": (
        "Dữ liệu gửi lên có số quá lớn (tối đa {maximum}).",
        "The request holds a number that is too large (at most {maximum}).",
    ),
    "bad_http_request": (
        "Yêu cầu HTTP không đúng định dạng.",
        "The HTTP request is malformed.",
    ),
    "request_line_too_long": (
        "Địa chỉ yêu cầu quá dài.",
        "The request address is too long.",
    ),
    "headers_too_large": (
        "Phần tiêu đề (header) của yêu cầu quá lớn.",
        "The request headers are too large.",
    ),
    "internal_error": (
        "Hệ thống gặp sự cố. Yêu cầu chưa được thực hiện; vui lòng thử lại.",
        "The system had a problem. Nothing was done; please try again.",
    ),
    # Case files, the logbook and statistics (reception/cases).
    "id_number_length": (
        "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "The personal ID number must have exactly 12 digits.",
    ),
    "id_number_province": (
        "Ba chữ số đầu của số định danh cá nhân ({province}) không phải mã tỉnh, thành phố "
        "nơi đăng ký khai sinh.",
        "The first three digits of the personal ID number ({province}) are not a province code.",
    ),
    "id_number_century": (
        "Chữ số thứ tư của số định danh cá nhân phải từ 0 đến 3 (mã thế kỷ và giới tính).",
        "The fourth digit of the personal ID number must be 0 to 3 (century and sex).",
    ),
    "id_number_mismatch": (
        "Số định danh cá nhân không khớp với {what} đã khai.",
        "The personal ID number does not match the {what_en} given.",
    ),
    "old_id_number": (
        "Số chứng minh nhân dân cũ phải gồm đúng 9 chữ số.",
        "The old identity card number must have exactly 9 digits.",
    ),
    "qr_format": (
        "Mã QR trên thẻ căn cước không đúng định dạng: {detail}.",
        "The ID card QR code is not in the expected format: {detail_en}.",
    ),
    "future_date": (
        "{field} không được là ngày trong tương lai.",
        "{field_en} cannot be in the future.",
    ),
    "invalid_record": (
        "Thông tin chưa hợp lệ: {detail}",
        "The record is not valid: {detail_en}",
    ),
    "unknown_choice": (
        "{field} “{value}” không có trong danh mục ({choices}).",
        "{field_en} “{value}” is not in the list ({choices}).",
    ),
    "representatives_count": (
        "Đoàn {size} người phải cử từ 1 đến {maximum} người đại diện "
        "(Luật Tiếp công dân Điều 29).",
        "A group of {size} people must appoint 1 to {maximum} representatives "
        "(Law on Citizen Reception, art. 29).",
    ),
    "transfer_to_required": (
        "Chuyển đơn phải ghi rõ cơ quan có thẩm quyền nhận đơn.",
        "A transfer must name the competent body it goes to.",
    ),
    "refusal_reason_required": (
        "Từ chối tiếp phải ghi rõ lý do theo Điều 9 Luật Tiếp công dân.",
        "A refusal must give its reason under art. 9 of the Law on Citizen Reception.",
    ),
    "visitor_identity_required": (
        "Cần ghi họ tên và địa chỉ, hoặc số giấy tờ tùy thân của công dân "
        "(Luật Tiếp công dân Điều 7.2).",
        "Record the visitor's name and address, or an identity document number "
        "(Law on Citizen Reception, art. 7.2).",
    ),
    "bad_period": (
        "Khoảng thời gian không hợp lệ: {detail}.",
        "Invalid period: {detail_en}.",
    ),
    "deadline_extension_limit": (
        "Thời hạn này đã được gia hạn tối đa {maximum} lần.",
        "This time limit was already extended the maximum {maximum} times.",
    ),
    "deadline_not_extendable": (
        "Thời hạn này không được gia hạn theo quy định.",
        "The law does not allow extending this time limit.",
    ),
    "not_refused": (
        "Lượt tiếp này không phải trường hợp từ chối tiếp.",
        "This visit was not a refusal.",
    ),
    "identity_protected": (
        "Danh tính người tố cáo được giữ bí mật (Luật Tố cáo Điều 47); tài khoản của bạn "
        "không được xem thông tin này.",
        "A denouncer's identity is protected (Law on Denunciation, art. 47); your account "
        "may not see it.",
    ),
    # Ticket printing (reception/printing/dispatch.py, reception/printing/printers.py).
    "print_failed": (
        "Không in được phiếu số {number}: {reason}. Phiếu vẫn còn hiệu lực.",
        "Could not print ticket {number}: {reason}. The ticket is still valid.",
    ),
    "no_printer": (
        "Chưa cấu hình máy in cho phiếu này; phiếu chỉ hiển thị trên màn hình.",
        "No printer is set up for this ticket; it is shown on screen only.",
    ),
    "reprint_closed": (
        "Phiếu số {number} đang ở trạng thái “{state}”, không in lại được.",
        "Ticket {number} is “{state_en}” and cannot be printed again.",
    ),
    "printer_address": ("{reason}", "The printer address cannot be used: {reason}"),
    "kiosk_has_printer": (
        "Kiosk “{kiosk}” đã có máy in “{name}”.",
        "Kiosk “{kiosk}” already has the printer “{name}”.",
    ),
    "test_page_failed": (
        "Không in được trang thử trên máy in “{name}”: {reason}.",
        "Could not print the test page on “{name}”: {reason}.",
    ),
    # Booking a leader's reception session (reception/booking).
    "unknown_session": (
        "Không có buổi tiếp “{session}”. Vui lòng chọn lại buổi tiếp.",
        "There is no reception session “{session}”. Please choose a session again.",
    ),
    "session_full": (
        "Buổi tiếp này đã hết chỗ. Vui lòng chọn buổi tiếp khác.",
        "This session is fully booked. Please choose another session.",
    ),
    "session_closed": (
        "Buổi tiếp này không còn nhận đặt lịch ({reason}). Vui lòng chọn buổi tiếp khác.",
        "This session no longer takes bookings ({reason_en}). Please choose another session.",
    ),
    "invalid_phone": (
        "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0 (ví dụ 0912345678).",
        "The phone number must have 10 digits starting with 0 (e.g. 0912345678).",
    ),
    "appointment_cancelled": (
        "Lịch hẹn {appointment} đã bị hủy, không dùng để lấy số được. Vui lòng lấy số như thường "
        "hoặc đặt lịch mới.",
        "Appointment {appointment} was cancelled and cannot be used. Please take a number as usual "
        "or book again.",
    ),
    "appointment_not_today": (
        "Lịch hẹn {appointment} là ngày {day}, không phải hôm nay. Vui lòng đến đúng ngày hẹn.",
        "Appointment {appointment} is on {day}, not today. Please come on the day of the "
        "appointment.",
    ),
    "appointment_checked_in": (
        "Lịch hẹn {appointment} đã được dùng để lấy số, không hủy được nữa.",
        "Appointment {appointment} was already used to take a number and cannot be cancelled.",
    ),
    "session_recurring_field": (
        "Buổi tiếp này thuộc lịch tiếp lặp lại; chỉ đổi được sức chứa và giờ của riêng buổi "
        "này. Đổi lãnh đạo, loại buổi tiếp hoặc quầy trên trang Lịch tiếp công dân.",
        "This session belongs to a recurring schedule: only its own capacity and hours can "
        "change here. Change the leader, kind or counter on the reception schedule page.",
    ),
    "capacity_below_booked": (
        "Đã có {booked} lượt đặt lịch; sức chứa không được nhỏ hơn số này.",
        "{booked} places are already booked; the capacity cannot be lower.",
    ),
    # Crowd safety (reception/crowd).
    "alert_already_acknowledged": (
        "Cảnh báo này đã được {who} xác nhận lúc {at}.",
        "{who} already acknowledged this alert at {at}.",
    ),
    # Online petitions and notifications (reception/petitions, reception/notifications).
    "multipart_required": (
        "Đơn phải gửi dạng biểu mẫu có tệp (Content-Type: multipart/form-data).",
        "The petition must be sent as a form with files (Content-Type: multipart/form-data).",
    ),
    "too_many_files": (
        "Chỉ gửi được tối đa {maximum} tệp kèm theo đơn.",
        "At most {maximum} files can be sent with a petition.",
    ),
    "empty_file": ("Tệp “{name}” không có nội dung.", "The file “{name}” is empty."),
    "file_too_large": (
        "Tệp “{name}” quá lớn (tối đa {limit} mỗi tệp).",
        "The file “{name}” is too large (at most {limit} each).",
    ),
    "unsupported_file_type": (
        "Tệp “{name}” không phải PDF, JPEG hoặc PNG. Vui lòng gửi bản chụp hoặc bản PDF.",
        "The file “{name}” is not a PDF, JPEG or PNG. Please send a photo or a PDF.",
    ),
    "notification_not_failed": (
        "Chỉ gửi lại được thông báo đã gửi không thành công.",
        "Only a notification that failed can be sent again.",
    ),
    "recipient_contact_required": (
        "Người nhận cảnh báo cần có thư điện tử hoặc số điện thoại hợp lệ.",
        "An alert recipient needs a valid e-mail address or phone number.",
    ),
    "walk_in_departed": (
        "Đoàn này đã được ghi nhận rời trụ sở lúc {at}.",
        "This group was already recorded as gone at {at}.",
    ),
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
    """Return the text of a message code, Vietnamese unless English is asked for."""
    vi, en = MESSAGES[code]
    template = en if language == "en" else vi
    return template.format(**params)
