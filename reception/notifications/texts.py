"""Neutral wording for messages to citizens: what a phone or a mailbox may safely say.

Someone else may hold the citizen's phone or read their mail: no message names the matter
(above all a denunciation, Luật Tố cáo Điều 8.3, 47), the content or the officer handling it.
Each helper returns (subject, body, sms), all with their Vietnamese diacritics (SMS are
sent as Unicode); pass them to enqueue(subject=, body=, sms=).
"""

from reception import settings as org_settings


def _org() -> str:
    return org_settings.get("org_name") or "Trụ sở Tiếp công dân"


def _signed(text: str) -> str:
    return f"{text}\n\n{_org()}\n(Thư gửi tự động, vui lòng không trả lời thư này.)"


def petition_received(code: str, status_url: str) -> tuple[str, str, str]:
    """A petition sent online arrived; the code looks it up."""
    return (
        f"Đã nhận đơn trực tuyến – mã {code}",
        _signed(f"Chúng tôi đã nhận đơn của ông/bà, mã tra cứu {code}.\n"
                f"Tra cứu tình trạng: {status_url}\n\n"
                f"We have received your petition; reference {code}."),
        f"{_org()}: đã nhận đơn của ông/bà, mã tra cứu {code}. Tra cứu: {status_url}",
    )


def petition_classified(code: str, status_url: str) -> tuple[str, str, str]:
    """An officer has classified the petition (what it was classified as is not said)."""
    return (
        f"Đơn mã {code} đã được xử lý bước đầu",
        _signed(f"Đơn mã {code} của ông/bà đã được cán bộ xem xét, phân loại.\n"
                f"Tra cứu tình trạng: {status_url}\n\n"
                f"Your petition {code} has been reviewed and classified."),
        f"{_org()}: đơn mã {code} đã được xem xét, phân loại. Tra cứu: {status_url}",
    )


def booking_made(code: str, when: str, manage_url: str) -> tuple[str, str, str]:
    """An appointment was booked (for the booking helper to call)."""
    return (
        f"Đã đặt lịch tiếp công dân – mã {code}",
        _signed(f"Ông/bà đã đặt lịch tiếp công dân lúc {when}, mã {code}.\n"
                f"Xem hoặc hủy lịch: {manage_url}"),
        f"{_org()}: đã đặt lịch {when}, mã {code}. Xem/hủy: {manage_url}",
    )


def booking_reminder(code: str, when: str, manage_url: str) -> tuple[str, str, str]:
    """The day before an appointment."""
    return (
        f"Nhắc lịch tiếp công dân – mã {code}",
        _signed(f"Nhắc ông/bà lịch tiếp công dân lúc {when}, mã {code}.\n"
                f"Xem hoặc hủy lịch: {manage_url}"),
        f"{_org()}: nhắc lịch {when}, mã {code}. Xem/hủy: {manage_url}",
    )


def session_cancelled(code: str, when: str) -> tuple[str, str, str]:
    """A booked session was cancelled by the office."""
    return (
        f"Lịch tiếp công dân mã {code} đã bị hủy",
        _signed(f"Buổi tiếp công dân lúc {when} (mã {code}) đã bị hủy. Ông/bà vui lòng đặt "
                "lịch khác. Xin lỗi vì sự bất tiện."),
        f"{_org()}: buổi tiếp {when} (mã {code}) đã bị hủy. Vui lòng đặt lịch khác.",
    )


def turn_near(number: str, ahead: int) -> tuple[str, str, str]:
    """A ticket with a phone or e-mail is close to being called."""
    return (
        f"Sắp đến lượt số {number}",
        _signed(f"Còn {ahead} người trước số {number}. Ông/bà vui lòng có mặt tại trụ sở."),
        f"{_org()}: còn {ahead} người trước số {number}. Vui lòng có mặt.",
    )
