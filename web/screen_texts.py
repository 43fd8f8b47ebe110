"""Interface strings of the public screens (kiosk, display board, ticket status), Vietnamese first.

Written as Vietnamese source texts; the other languages come from the gettext catalogs in
translations/. Each screen gets the strings it needs as {"vi": {...}, "en": {...}, ...}, one
table per language offered: the template renders the page's language and the page script
receives them all, so the kiosk can switch language without a reload and return to
Vietnamese for the next citizen. Placeholders are {name} in both Python and script.
The few wording rules (status_view, ahead_line, wait_line) live here too; the page scripts
word live updates the same way.
"""

from datetime import datetime

from reception.translations import C_, N_, languages, translate_all
from web.i18n import language_name, next_language

COMMON = {
    "disconnected": N_("Mất kết nối — đang kết nối lại…"),
    "not_registered": N_("Thiết bị này chưa được đăng ký với trụ sở (thiếu mã thiết bị)."),
    "ahead_none": N_("Không có ai đang chờ trước bạn"),
    "ahead_one": N_("Có 1 người đang chờ trước bạn"),
    "ahead": N_("Có {n} người đang chờ trước bạn"),
    "wait_soon": N_("Bạn sẽ được mời trong ít phút"),
    "wait_one": N_("Thời gian chờ dự kiến: khoảng 1 phút"),
    "wait": N_("Thời gian chờ dự kiến: khoảng {m} phút"),
}

KIOSK = {
    "page_title": N_("Lấy số thứ tự"),
    "kiosk_heading": N_("Lấy số thứ tự tiếp công dân"),
    "step_of": N_("Bước {n}/3"),
    "back": N_("Quay lại"),
    "start_over": N_("Về trang đầu"),
    "retry": N_("Thử lại"),
    "loading": N_("Đang tải…"),
    "services_failed": N_("Chưa tải được danh sách việc. Vui lòng chạm “Thử lại” hoặc báo cán bộ."),
    "step_matter_title": N_("Bạn đến để làm việc gì?"),
    "step_matter_hint": N_("Chạm vào một ô bên dưới"),
    "chosen": N_("Việc: {what}"),
    "unsure": N_("Chưa rõ — hỏi cán bộ"),
    "unsure_explain": N_("Cán bộ sẽ giúp bạn xác định việc cần làm"),
    "offline_title": N_("Máy lấy số tạm thời chưa hoạt động"),
    "offline_text": N_(
        "Máy chưa kết nối được với hệ thống. Xin vui lòng hỏi cán bộ tiếp công dân hoặc bảo vệ "
        "để được hướng dẫn.",
    ),
    "offline_recover": N_("Máy sẽ tự hoạt động lại khi có kết nối."),
    # Check-in of a booked appointment (issue 13): the QR code of /hen/<code>, or the code.
    "appointment_button": N_("Tôi đã đặt lịch"),
    "appointment_explain": N_("Quét mã QR hoặc nhập mã hẹn để lấy số"),
    "appointment_title": N_("Đưa mã QR lịch hẹn vào máy quét, hoặc nhập mã hẹn"),
    "appointment_hint": N_("Mã hẹn gồm 10 chữ cái và chữ số, trong tin nhắn hoặc trang lịch hẹn"),
    "appointment_label": N_("Mã hẹn"),
    "appointment_ok": N_("Lấy số"),
    "appointment_empty": N_("Vui lòng nhập mã hẹn."),
    "step_people_title": N_("Có bao nhiêu người cùng đến?"),
    "step_people_hint": N_("Tính cả bạn"),
    "people_one": N_("1 người"),
    "people": N_("{n} người"),
    "unit_one": C_("unit_one", "người"),
    "unit_many": C_("unit_many", "người"),
    "people_many": N_("{n} người trở lên"),
    "numpad_title": N_("Nhập số người cùng đến"),
    "numpad_hint": N_("Từ {min} đến {max} người"),
    "numpad_delete": C_("numpad_delete", "Xóa"),
    "numpad_ok": N_("Đồng ý"),
    "numpad_empty": N_("Vui lòng nhập số người."),
    "numpad_out_of_range": N_("Số người phải từ {min} đến {max}. Vui lòng nhập lại."),
    "group_note": N_("Từ {n} người trở lên là đoàn đông người. Đoàn vui lòng cử người đại diện."),
    "step_priority_title": N_("Bạn có thuộc đối tượng ưu tiên không?"),
    "step_priority_hint": N_("Người thuộc đối tượng ưu tiên được mời trước"),
    "priority_none": N_("Không thuộc đối tượng ưu tiên"),
    "sending": N_("Đang lấy số, vui lòng chờ…"),
    "ticket_heading": N_("Số thứ tự của bạn"),
    "group_badge": C_("group_badge", "Đoàn đông người"),
    "priority_badge": N_("Phiếu ưu tiên"),
    "print_printed": N_("Mời nhận phiếu in bên dưới"),
    "print_failed": N_(
        "Máy in đang gặp sự cố. Vui lòng ghi nhớ số phiếu của bạn hoặc chụp ảnh màn hình; cán "
        "bộ sẽ hỗ trợ in lại.",
    ),
    "print_none": N_("Vui lòng ghi nhớ số phiếu của bạn"),
    "qr_hint": N_("Quét mã QR bằng điện thoại để giữ số thứ tự và theo dõi lượt gọi"),
    "next_citizen": N_("Người tiếp theo: chạm vào màn hình để lấy số"),
    "watch_board": N_("Xin mời ngồi chờ và chú ý màn hình, loa gọi số"),
    "done": N_("Xong"),
    "card_hint": N_(
        "Có thẻ căn cước gắn chip? Đưa mã QR vào máy quét để cán bộ không phải ghi lại.",
    ),
    "card_read": N_("Đã nhận thông tin thẻ căn cước. Cán bộ tiếp sẽ không phải ghi lại."),
    "card_failed": N_(
        "Không đọc được thẻ. Bạn vẫn lấy số bình thường; cán bộ sẽ ghi thông tin sau.",
    ),
    "countdown": N_("Màn hình tự trở về trang đầu sau {s} giây"),
    "error_title": N_("Chưa lấy được số"),
    "error_network": N_(
        "Không kết nối được với hệ thống. Vui lòng chạm “Thử lại”. Nếu vẫn không được, xin báo "
        "cán bộ tiếp công dân.",
    ),
}

# One plain line under each matter's button, keyed by service code. The demo's codes (see
# demo/headquarters.py DEMO_SERVICES); a site whose services use other codes gets no line
# until it adds its codes here. Deliberately not admin data yet: the lines explain the legal
# kinds of matter (Luật Khiếu nại, Luật Tố cáo, Luật Tiếp công dân), which do not change per site.
MATTER_EXPLANATIONS = {
    "A": N_("Không đồng ý với quyết định, hành vi của cơ quan, cán bộ"),
    "B": N_("Báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật"),
    "C": N_("Góp ý, đề xuất hoặc cho biết một vấn đề cần cơ quan xem xét"),
    "D": N_("Nộp giấy tờ, đơn thư hoặc hỏi cách làm thủ tục"),
}
KIOSK.update({f"explain_{code}": text for code, text in MATTER_EXPLANATIONS.items()})

DISPLAY = {
    "page_title": N_("Bảng gọi số"),
    "now_calling": N_("Mời công dân số"),
    "recalling": N_("Xin mời lại công dân số"),
    "to_counter": N_("đến"),
    "no_calls": N_("Chưa có lượt gọi"),
    "counter_label": N_("Quầy {n}"),
    "counter_called": N_("Đang mời"),
    "counter_serving": C_("counter_serving", "Đang tiếp"),
    "counter_free": N_("Chưa có lượt"),
    "last_calls_title": N_("Vừa gọi"),
    "waiting_total": N_("Đang chờ: {n}"),
    "sound_note": N_("Chưa có âm thanh — chạm vào màn hình để bật"),
    "weekdays": [
        N_("Chủ nhật"),
        N_("Thứ Hai"),
        N_("Thứ Ba"),
        N_("Thứ Tư"),
        N_("Thứ Năm"),
        N_("Thứ Sáu"),
        N_("Thứ Bảy"),
    ],
}

STATUS = {
    "page_title": N_("Phiếu số thứ tự"),
    "number_label": N_("Số thứ tự của bạn"),
    "status_waiting": N_("Đang chờ"),
    "status_called": N_("Mời bạn đến quầy số {counter}"),
    "status_serving": N_("Đang được tiếp"),
    "status_served": N_("Đã tiếp xong"),
    "status_no_show": N_("Đã gọi nhưng vắng mặt"),
    "status_expired": N_("Phiếu đã hết hạn"),
    "issued": N_("Lấy số lúc {time} ngày {date}"),
    "live": N_("Trang này tự cập nhật"),
    "reload_hint": N_("Tải lại trang để xem trạng thái mới nhất"),
    "not_found_title": N_("Không tìm thấy phiếu"),
    "not_found_text": N_(
        "Đường dẫn này không ứng với phiếu nào. Vui lòng kiểm tra lại mã QR trên phiếu hoặc hỏi "
        "cán bộ tiếp công dân.",
    ),
}

SCREENS = {"kiosk": KIOSK, "display": DISPLAY, "status": STATUS}


def texts_for(screen: str) -> dict:
    """Return one screen's strings (with the common ones) as {"vi": {...}, "en": {...}, ...}.

    switch_language names the language the switch goes to next, next_language its code.
    """
    table = {**COMMON, **SCREENS[screen]}
    answer = {}
    for code in languages():
        following = next_language(code)
        answer[code] = {"switch_language": language_name(following),
                        "next_language": following, **translate_all(table, code)}
    return answer


def status_view(status: dict, t: dict) -> dict:
    """Turn a public status into the lines the status page shows (status.js words them alike)."""
    counter = status.get("counter") or {}
    waiting = status["status"] == "waiting"
    issued = datetime.fromisoformat(status["issued_at"]) if status.get("issued_at") else None
    return {
        "number": status["number"],
        "status": status["status"],
        "headline": t["status_" + status["status"]].format(counter=counter.get("number", "")),
        "ahead": ahead_line(status["ahead"], t) if waiting else None,
        "wait": wait_line(status["estimated_wait_minutes"], status["ahead"], t)
        if waiting else None,
        "issued": t["issued"].format(time=issued.strftime("%H:%M"),
                                     date=issued.strftime("%d/%m/%Y")) if issued else None,
    }


def ahead_line(ahead: int, t: dict) -> str:
    """Say how many are waiting before a ticket."""
    if ahead <= 0:
        return t["ahead_none"]
    return t["ahead_one"] if ahead == 1 else t["ahead"].format(n=ahead)


def wait_line(minutes: int, ahead: int, t: dict) -> str:
    """Say the estimated wait; "shortly" rather than "about 0 minutes"."""
    if minutes <= 0 or ahead <= 0:
        return t["wait_soon"]
    return t["wait_one"] if minutes == 1 else t["wait"].format(m=minutes)
