"""Texts of the booking pages (/dat-lich, /hen/<code>, /tra-cuu): (Vietnamese, English)."""

TEXTS = {
    "book_title": ("Đặt lịch tiếp công dân", "Book a reception appointment"),
    "book_intro": ("Chọn buổi tiếp của lãnh đạo, điền thông tin và nhận mã hẹn. Đến đúng ngày, "
                   "đưa mã hẹn (hoặc mã QR) vào kiosk và chọn “Tôi đã đặt lịch” để lấy số.",
                   "Choose a leader's reception session, fill in the form and get an "
                   "appointment code. On the day, show the code (or its QR code) at the kiosk "
                   "and choose “I have an appointment” to take a number."),
    "no_sessions": ("Hiện chưa có buổi tiếp nào nhận đặt lịch. Vui lòng xem lại sau.",
                    "No session takes bookings at the moment. Please look again later."),
    "places_left": ("Còn {n}/{capacity} chỗ", "{n} of {capacity} places left"),
    "full": ("Đã hết chỗ", "Fully booked"),
    "closed": ("Không nhận đặt lịch", "Not bookable"),
    "choose": ("Đặt lịch buổi này", "Book this session"),
    "counter": ("Quầy {number}", "Counter {number}"),
    "form_title": ("Thông tin đặt lịch", "Your booking"),
    "session_label": ("Buổi tiếp", "Session"),
    "service": ("Loại việc", "Matter"),
    "name": ("Họ và tên", "Full name"),
    "phone": ("Số điện thoại", "Phone number"),
    "phone_hint": ("10 chữ số, bắt đầu bằng số 0", "10 digits starting with 0"),
    "email": ("Thư điện tử (không bắt buộc)", "Email (optional)"),
    "id_number": ("Số định danh cá nhân (không bắt buộc)", "Personal ID number (optional)"),
    "party_size": ("Số người sẽ đến", "How many people will come"),
    "summary": ("Tóm tắt nội dung (không bắt buộc, tối đa 2.000 ký tự)",
                "Summary of the matter (optional, at most 2,000 characters)"),
    "privacy": ("Thông tin của công dân chỉ cán bộ tiếp công dân được xem; danh tính người "
                "tố cáo được giữ bí mật theo Luật Tố cáo.",
                "Only reception staff see your details; a denouncer's identity is kept secret "
                "by law."),
    "submit": ("Đặt lịch", "Book"),
    "back_to_list": ("‹ Chọn buổi khác", "‹ Choose another session"),
    "appointment_title": ("Lịch hẹn tiếp công dân", "Reception appointment"),
    "code_label": ("Mã hẹn", "Appointment code"),
    "status_booked": ("Đã đặt lịch", "Booked"),
    "status_cancelled": ("Đã hủy", "Cancelled"),
    "status_checked_in": ("Đã lấy số tại kiosk", "Checked in at the kiosk"),
    "cancelled_by_office": ("Buổi tiếp đã bị hủy; trụ sở xin lỗi vì sự bất tiện. Vui lòng đặt "
                            "lịch buổi khác.",
                            "The session was cancelled; we apologise. Please book another "
                            "session."),
    "when": ("Thời gian", "When"),
    "host": ("Lãnh đạo tiếp", "Receiving leader"),
    "place": ("Địa điểm", "Place"),
    "people": ("Số người", "People"),
    "phone_on_file": ("Số điện thoại", "Phone"),
    "qr_hint": ("Đưa mã QR này vào máy quét của kiosk (hoặc gõ mã hẹn) vào đúng ngày hẹn.",
                "Hold this QR code to the kiosk's scanner (or type the code) on the day."),
    "keep_code": ("Giữ mã hẹn này: mã là chìa khóa để xem và hủy lịch hẹn.",
                  "Keep this code: it is the key to see and cancel the appointment."),
    "ticket_line": ("Số thứ tự của bạn: {number}", "Your number: {number}"),
    "ticket_link": ("Xem lượt chờ", "See your place in line"),
    "cancel_title": ("Hủy lịch hẹn", "Cancel the appointment"),
    "cancel_confirm": ("Tôi muốn hủy lịch hẹn này", "I want to cancel this appointment"),
    "cancel_button": ("Hủy lịch hẹn", "Cancel appointment"),
    "lookup_title": ("Tra cứu mã hẹn", "Look a code up"),
    "lookup_intro": ("Nhập mã hẹn để xem hoặc hủy lịch hẹn, hoặc mã đơn trực tuyến để xem đơn "
                     "đã được xử lý đến đâu.",
                     "Type an appointment code to see or cancel it, or an online petition's "
                     "code to see where it stands."),
    "lookup_label": ("Mã cần tra cứu", "Code"),
    "lookup_button": ("Tra cứu", "Look up"),
    "lookup_none": ("Không tìm thấy mã “{code}”. Vui lòng kiểm tra lại.",
                    "No record has the code “{code}”. Please check it."),
    "petition_heading": ("Đơn trực tuyến mã {code}", "Online petition {code}"),
    "petition_received": ("Đơn đã được tiếp nhận, đang chờ cán bộ xem xét, phân loại.",
                          "The petition was received and waits for an officer to review it."),
    "petition_classified": ("Đơn đã được cán bộ xem xét, phân loại.",
                            "An officer has reviewed and classified the petition."),
    "petition_received_on": ("Ngày nhận: {day}", "Received on {day}"),
    "petition_classified_on": ("Ngày phân loại: {day}", "Classified on {day}"),
    "book_link": ("Đặt lịch tiếp công dân", "Book an appointment"),
    "lookup_link": ("Tra cứu mã hẹn", "Look a code up"),
    "not_found": ("Không tìm thấy lịch hẹn này.", "This appointment was not found."),
    "session_gone": ("Buổi tiếp này không còn trên lịch.", "This session is no longer "
                     "scheduled."),
    "moved_from": ("dời từ ngày {day}", "moved from {day}"),
}


def texts_in(lang: str) -> dict:
    """Return every text in one language."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}
