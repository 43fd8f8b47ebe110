"""Domain errors with a code, an HTTP status and a message in Vietnamese and English."""

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
    "counter_serves_nothing": (
        "Quầy này chưa được giao loại việc nào.",
        "This counter has no services assigned.",
    ),
    "invalid_transition": (
        "Không thể {action} phiếu số {number} vì phiếu đang ở trạng thái “{state}”.",
        "Cannot {action_en} ticket {number}: it is “{state_en}”.",
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
    "duplicate": ("{what} “{value}” đã tồn tại.", "{what} “{value}” already exists."),
    "invalid_value": ("{field} không hợp lệ: {detail}", "{field} is not valid: {detail}"),
    "method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    "internal_error": (
        "Hệ thống gặp sự cố. Yêu cầu chưa được thực hiện; vui lòng thử lại.",
        "The system had a problem. Nothing was done; please try again.",
    ),
}


class ReceptionError(Exception):
    """A refused request: nothing was changed. Carries a code, an HTTP status and parameters."""

    def __init__(self, code: str, status: int = 400, **params):
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params

    def message(self, language: str = "vi") -> str:
        """Return the message in the given language ("vi" or "en")."""
        return message(self.code, language, **self.params)


def message(code: str, language: str = "vi", **params) -> str:
    """Return the text of a message code, Vietnamese unless English is asked for."""
    vi, en = MESSAGES[code]
    template = en if language == "en" else vi
    return template.format(**params)
