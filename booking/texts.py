"""Texts of the booking pages (/dat-lich, /hen/<code>, /tra-cuu): Vietnamese source texts."""

from reception.translations import C_, N_, translate_all

TEXTS = {
    "book_title": C_("book_title", "Đặt lịch tiếp công dân"),
    "book_intro": N_(
        "Chọn buổi tiếp của lãnh đạo, điền thông tin và nhận mã hẹn. Đến đúng ngày, đưa mã hẹn "
        "(hoặc mã QR) vào kiosk và chọn “Tôi đã đặt lịch” để lấy số.",
    ),
    "no_sessions": N_("Hiện chưa có buổi tiếp nào nhận đặt lịch. Vui lòng xem lại sau."),
    "places_left": N_("Còn {n}/{capacity} chỗ"),
    "full": N_("Đã hết chỗ"),
    "closed": N_("Không nhận đặt lịch"),
    "choose": N_("Đặt lịch buổi này"),
    "counter": N_("Quầy {number}"),
    "form_title": N_("Thông tin đặt lịch"),
    "session_label": N_("Buổi tiếp"),
    "service": C_("service", "Loại việc"),
    "name": N_("Họ và tên"),
    "phone": C_("form.phone", "Số điện thoại"),
    "phone_hint": N_("10 chữ số, bắt đầu bằng số 0"),
    "email": C_("email", "Thư điện tử (không bắt buộc)"),
    "id_number": N_("Số định danh cá nhân (không bắt buộc)"),
    "party_size": N_("Số người sẽ đến"),
    "summary": N_("Tóm tắt nội dung (không bắt buộc, tối đa 2.000 ký tự)"),
    "privacy": N_(
        "Thông tin của công dân chỉ cán bộ tiếp công dân được xem; danh tính người tố cáo được "
        "giữ bí mật theo Luật Tố cáo.",
    ),
    "submit": N_("Đặt lịch"),
    "back_to_list": N_("‹ Chọn buổi khác"),
    "appointment_title": N_("Lịch hẹn tiếp công dân"),
    "code_label": N_("Mã hẹn"),
    "status_booked": N_("Đã đặt lịch"),
    "status_cancelled": N_("Đã hủy"),
    "status_checked_in": N_("Đã lấy số tại kiosk"),
    "cancelled_by_office": N_(
        "Buổi tiếp đã bị hủy; trụ sở xin lỗi vì sự bất tiện. Vui lòng đặt lịch buổi khác.",
    ),
    "when": C_("when", "Thời gian"),
    "host": N_("Lãnh đạo tiếp"),
    "place": N_("Địa điểm"),
    "people": N_("Số người"),
    "phone_on_file": C_("phone_on_file", "Số điện thoại"),
    "qr_hint": N_("Đưa mã QR này vào máy quét của kiosk (hoặc gõ mã hẹn) vào đúng ngày hẹn."),
    "keep_code": N_("Giữ mã hẹn này: mã là chìa khóa để xem và hủy lịch hẹn."),
    "ticket_line": N_("Số thứ tự của bạn: {number}"),
    "ticket_link": N_("Xem lượt chờ"),
    "cancel_title": C_("cancel_title", "Hủy lịch hẹn"),
    "cancel_confirm": N_("Tôi muốn hủy lịch hẹn này"),
    "cancel_button": C_("cancel_button", "Hủy lịch hẹn"),
    "lookup_title": N_("Tra cứu mã hẹn"),
    "lookup_intro": N_(
        "Nhập mã hẹn để xem hoặc hủy lịch hẹn, hoặc mã đơn trực tuyến để xem đơn đã được xử lý "
        "đến đâu.",
    ),
    "lookup_label": N_("Mã cần tra cứu"),
    "lookup_button": N_("Tra cứu"),
    "lookup_none": N_("Không tìm thấy mã “{code}”. Vui lòng kiểm tra lại."),
    "petition_heading": N_("Đơn trực tuyến mã {code}"),
    "petition_received": N_("Đơn đã được tiếp nhận, đang chờ cán bộ xem xét, phân loại."),
    "petition_classified": N_("Đơn đã được cán bộ xem xét, phân loại."),
    "petition_received_on": N_("Ngày nhận: {day}"),
    "petition_classified_on": N_("Ngày phân loại: {day}"),
    "book_link": C_("book_link", "Đặt lịch tiếp công dân"),
    "lookup_link": N_("Tra cứu mã hẹn"),
    "not_found": N_("Không tìm thấy lịch hẹn này."),
    "session_gone": N_("Buổi tiếp này không còn trên lịch."),
    "moved_from": N_("dời từ ngày {day}"),
}


def texts_in(lang: str) -> dict:
    """Return every text in one language."""
    return translate_all(TEXTS, lang)
