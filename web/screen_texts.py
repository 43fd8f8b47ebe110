"""Interface strings of the public screens (kiosk, display board, ticket status), Vietnamese first.

Written as (Vietnamese, English) pairs so no translation goes missing. Each screen gets the
strings it needs as {"vi": {...}, "en": {...}}: the template renders the page's language and
the page script receives both, so the kiosk can switch language without a reload and return
to Vietnamese for the next citizen. Placeholders are {name} in both Python and script.
The few wording rules (status_view, ahead_line, wait_line) live here too; the page scripts
word live updates the same way.
"""

from datetime import datetime

COMMON = {
    "switch_language": ("English", "Tiếng Việt"),
    "disconnected": ("Mất kết nối — đang kết nối lại…", "Connection lost — reconnecting…"),
    "not_registered": (
        "Thiết bị này chưa được đăng ký với trụ sở (thiếu mã thiết bị).",
        "This device is not registered with the headquarters (device key missing).",
    ),
    "ahead_none": ("Không có ai đang chờ trước bạn", "Nobody is waiting before you"),
    "ahead_one": ("Có 1 người đang chờ trước bạn", "1 person is waiting before you"),
    "ahead": ("Có {n} người đang chờ trước bạn", "{n} people are waiting before you"),
    "wait_soon": ("Bạn sẽ được mời trong ít phút", "You will be called shortly"),
    "wait_one": ("Thời gian chờ dự kiến: khoảng 1 phút", "Expected wait: about 1 minute"),
    "wait": ("Thời gian chờ dự kiến: khoảng {m} phút", "Expected wait: about {m} minutes"),
}

KIOSK = {
    "page_title": ("Lấy số thứ tự", "Take a queue number"),
    "kiosk_heading": ("Lấy số thứ tự tiếp công dân", "Take a number to be received"),
    "step_of": ("Bước {n}/3", "Step {n} of 3"),
    "back": ("Quay lại", "Back"),
    "start_over": ("Về trang đầu", "Start over"),
    "retry": ("Thử lại", "Try again"),
    "loading": ("Đang tải…", "Loading…"),
    "services_failed": (
        "Chưa tải được danh sách việc. Vui lòng chạm “Thử lại” hoặc báo cán bộ.",
        "The list of matters could not be loaded. Please touch “Try again” or ask an officer.",
    ),
    "step_matter_title": ("Bạn đến để làm việc gì?", "What have you come for?"),
    "step_matter_hint": ("Chạm vào một ô bên dưới", "Touch one of the buttons below"),
    "chosen": ("Việc: {what}", "Matter: {what}"),
    "unsure": ("Chưa rõ — hỏi cán bộ", "Not sure — ask an officer"),
    "unsure_explain": (
        "Cán bộ sẽ giúp bạn xác định việc cần làm",
        "An officer will help you find out what to do",
    ),
    "offline_title": ("Máy lấy số tạm thời chưa hoạt động", "Queue numbers are not available now"),
    "offline_text": (
        "Máy chưa kết nối được với hệ thống. Xin vui lòng hỏi cán bộ tiếp công dân "
        "hoặc bảo vệ để được hướng dẫn.",
        "This machine cannot reach the system. Please ask a reception officer or the "
        "security guard for help.",
    ),
    "offline_recover": (
        "Máy sẽ tự hoạt động lại khi có kết nối.",
        "It will work again by itself once the connection is back.",
    ),
    # Check-in of a booked appointment (issue 13): the QR code of /hen/<code>, or the code.
    "appointment_button": ("Tôi đã đặt lịch", "I have an appointment"),
    "appointment_explain": ("Quét mã QR hoặc nhập mã hẹn để lấy số",
                            "Scan the QR code or type the code to get your number"),
    "appointment_title": ("Đưa mã QR lịch hẹn vào máy quét, hoặc nhập mã hẹn",
                          "Hold your appointment's QR code to the scanner, or type the code"),
    "appointment_hint": ("Mã hẹn gồm 10 chữ cái và chữ số, trong tin nhắn hoặc trang lịch hẹn",
                         "The code has 10 letters and digits, on your appointment page"),
    "appointment_label": ("Mã hẹn", "Appointment code"),
    "appointment_ok": ("Lấy số", "Take my number"),
    "appointment_empty": ("Vui lòng nhập mã hẹn.", "Please type the appointment code."),
    "step_people_title": ("Có bao nhiêu người cùng đến?", "How many people came together?"),
    "step_people_hint": ("Tính cả bạn", "Count yourself too"),
    "people_one": ("1 người", "1 person"),
    "people": ("{n} người", "{n} people"),
    "unit_one": ("người", "person"),
    "unit_many": ("người", "people"),
    "people_many": ("{n} người trở lên", "{n} or more people"),
    "numpad_title": ("Nhập số người cùng đến", "Enter the number of people"),
    "numpad_hint": ("Từ {min} đến {max} người", "From {min} to {max} people"),
    "numpad_delete": ("Xóa", "Delete"),
    "numpad_ok": ("Đồng ý", "OK"),
    "numpad_empty": ("Vui lòng nhập số người.", "Please enter the number of people."),
    "numpad_out_of_range": (
        "Số người phải từ {min} đến {max}. Vui lòng nhập lại.",
        "The number of people must be from {min} to {max}. Please enter it again.",
    ),
    "group_note": (
        "Từ {n} người trở lên là đoàn đông người. Đoàn vui lòng cử người đại diện.",
        "{n} or more people are a group delegation. Please choose representatives.",
    ),
    "step_priority_title": ("Bạn có thuộc đối tượng ưu tiên không?",
                            "Do you belong to a priority group?"),
    "step_priority_hint": (
        "Người thuộc đối tượng ưu tiên được mời trước",
        "People in a priority group are called first",
    ),
    "priority_none": ("Không thuộc đối tượng ưu tiên", "Not in a priority group"),
    "sending": ("Đang lấy số, vui lòng chờ…", "Getting your number, please wait…"),
    "ticket_heading": ("Số thứ tự của bạn", "Your number"),
    "group_badge": ("Đoàn đông người", "Group delegation"),
    "priority_badge": ("Phiếu ưu tiên", "Priority ticket"),
    "print_printed": ("Mời nhận phiếu in bên dưới", "Please take your printed ticket below"),
    "print_failed": (
        "Máy in đang gặp sự cố. Vui lòng ghi nhớ số phiếu của bạn hoặc chụp ảnh màn hình; "
        "cán bộ sẽ hỗ trợ in lại.",
        "The printer has a problem. Please remember your number or take a photo of the "
        "screen; an officer will help you reprint it.",
    ),
    "print_none": ("Vui lòng ghi nhớ số phiếu của bạn", "Please remember your number"),
    "qr_hint": (
        "Quét mã QR bằng điện thoại để giữ số thứ tự và theo dõi lượt gọi",
        "Scan the QR code with your phone to keep your number and follow the calls",
    ),
    "next_citizen": (
        "Người tiếp theo: chạm vào màn hình để lấy số",
        "Next person: touch the screen to take a number",
    ),
    "watch_board": (
        "Xin mời ngồi chờ và chú ý màn hình, loa gọi số",
        "Please take a seat and watch the board for your number",
    ),
    "done": ("Xong", "Done"),
    "card_hint": (
        "Có thẻ căn cước gắn chip? Đưa mã QR vào máy quét để cán bộ không phải ghi lại.",
        "Have a chip ID card? Hold its QR code to the scanner so the officer need not copy it.",
    ),
    "card_read": (
        "Đã nhận thông tin thẻ căn cước. Cán bộ tiếp sẽ không phải ghi lại.",
        "Your ID card was read. The officer will not need to copy it.",
    ),
    "card_failed": (
        "Không đọc được thẻ. Bạn vẫn lấy số bình thường; cán bộ sẽ ghi thông tin sau.",
        "The card could not be read. You can still take a number; the officer will note it.",
    ),
    "countdown": (
        "Màn hình tự trở về trang đầu sau {s} giây",
        "This screen returns to the start in {s} seconds",
    ),
    "error_title": ("Chưa lấy được số", "Could not get a number"),
    "error_network": (
        "Không kết nối được với hệ thống. Vui lòng chạm “Thử lại”. "
        "Nếu vẫn không được, xin báo cán bộ tiếp công dân.",
        "The system cannot be reached. Please touch “Try again”. "
        "If it still fails, please ask a reception officer.",
    ),
}

# One plain line under each matter's button, keyed by service code. The demo's codes (see
# reception/schema.py DEMO_SERVICES); a site whose services use other codes gets no line
# until it adds its codes here. Deliberately not admin data yet: the lines explain the legal
# kinds of matter (Luật Khiếu nại, Luật Tố cáo, Luật Tiếp công dân), which do not change per site.
MATTER_EXPLANATIONS = {
    "A": (
        "Không đồng ý với quyết định, hành vi của cơ quan, cán bộ",
        "You disagree with a decision or an action of an agency or an official",
    ),
    "B": (
        "Báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật",
        "You report a breach of the law to the competent authority",
    ),
    "C": (
        "Góp ý, đề xuất hoặc cho biết một vấn đề cần cơ quan xem xét",
        "You suggest, propose or point out a problem for the authorities to look into",
    ),
    "D": (
        "Nộp giấy tờ, đơn thư hoặc hỏi cách làm thủ tục",
        "You hand in papers or a letter, or ask how a procedure works",
    ),
}
KIOSK.update({f"explain_{code}": pair for code, pair in MATTER_EXPLANATIONS.items()})

DISPLAY = {
    "page_title": ("Bảng gọi số", "Call board"),
    "now_calling": ("Mời công dân số", "Now calling number"),
    "recalling": ("Xin mời lại công dân số", "Calling again number"),
    "to_counter": ("đến", "to"),
    "no_calls": ("Chưa có lượt gọi", "No calls yet"),
    "counter_label": ("Quầy {n}", "Counter {n}"),
    "counter_called": ("Đang mời", "Calling"),
    "counter_serving": ("Đang tiếp", "Serving"),
    "counter_free": ("Chưa có lượt", "No one yet"),
    "last_calls_title": ("Vừa gọi", "Recent calls"),
    "waiting_total": ("Đang chờ: {n}", "Waiting: {n}"),
    "sound_note": (
        "Chưa có âm thanh — chạm vào màn hình để bật",
        "Sound is off — touch the screen to turn it on",
    ),
    "weekdays": (
        ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    ),
}

STATUS = {
    "page_title": ("Phiếu số thứ tự", "Queue ticket"),
    "number_label": ("Số thứ tự của bạn", "Your number"),
    "status_waiting": ("Đang chờ", "Waiting"),
    "status_called": ("Mời bạn đến quầy số {counter}", "Please go to counter {counter}"),
    "status_serving": ("Đang được tiếp", "Being received"),
    "status_served": ("Đã tiếp xong", "Finished"),
    "status_no_show": ("Đã gọi nhưng vắng mặt", "Called but absent"),
    "status_expired": ("Phiếu đã hết hạn", "This ticket has expired"),
    "issued": ("Lấy số lúc {time} ngày {date}", "Taken at {time} on {date}"),
    "live": ("Trang này tự cập nhật", "This page updates by itself"),
    "reload_hint": (
        "Tải lại trang để xem trạng thái mới nhất",
        "Reload the page for the latest status",
    ),
    "not_found_title": ("Không tìm thấy phiếu", "Ticket not found"),
    "not_found_text": (
        "Đường dẫn này không ứng với phiếu nào. Vui lòng kiểm tra lại mã QR trên phiếu "
        "hoặc hỏi cán bộ tiếp công dân.",
        "This link does not belong to any ticket. Please check the QR code on your ticket "
        "or ask a reception officer.",
    ),
}

SCREENS = {"kiosk": KIOSK, "display": DISPLAY, "status": STATUS}


def texts_for(screen: str) -> dict:
    """Return one screen's strings (with the common ones) as {"vi": {...}, "en": {...}}."""
    pairs = {**COMMON, **SCREENS[screen]}
    return {
        "vi": {key: vi for key, (vi, _en) in pairs.items()},
        "en": {key: en for key, (_vi, en) in pairs.items()},
    }


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
