"""Strings of the /gui-don page as (Vietnamese, English) pairs; "js_" keys go to petition.js."""

from reception.petitions.files import MAX_FILES

PAIRS = {
    "title": ("Gửi đơn trực tuyến", "Send a petition online"),
    "intro": (
        "Ông/bà gửi đơn khiếu nại, tố cáo, kiến nghị, phản ánh tại đây. Cán bộ sẽ xem xét, "
        "phân loại và báo cho ông/bà qua điện thoại hoặc thư điện tử. Thông tin của người "
        "tố cáo được giữ bí mật theo Luật Tố cáo.",
        "Send a complaint, denunciation, petition or report here. An officer will review and "
        "classify it and tell you by phone or e-mail. A denouncer's details are kept secret "
        "under the Law on Denunciation.",
    ),
    "name": ("Họ và tên", "Full name"),
    "phone": ("Số điện thoại", "Phone number"),
    "phone_hint": ("10 chữ số, bắt đầu bằng 0", "10 digits starting with 0"),
    "email": ("Thư điện tử (không bắt buộc)", "E-mail (optional)"),
    "address": ("Địa chỉ", "Address"),
    "id_number": ("Số định danh cá nhân (CCCD, không bắt buộc)", "Personal ID number "
                  "(optional)"),
    "service": ("Loại đơn", "Kind of petition"),
    "content": ("Nội dung đơn", "Content"),
    "files": ("Tệp kèm theo (ảnh chụp hoặc PDF)", "Attached files (photos or PDF)"),
    "files_hint": (f"Tối đa {MAX_FILES} tệp PDF, JPEG hoặc PNG, mỗi tệp không quá 10 MB.",
                   f"Up to {MAX_FILES} PDF, JPEG or PNG files, 10 MB each at most."),
    "send": ("Gửi đơn", "Send"),
    "js_sending": ("Đang gửi đơn…", "Sending…"),
    "js_sent_title": ("Đã nhận đơn", "Petition received"),
    "js_sent_text": ("Mã tra cứu đơn của ông/bà:", "Your reference code:"),
    "js_keep_code": ("Vui lòng ghi lại mã này để tra cứu tình trạng đơn.",
                     "Please note this code to look up your petition."),
    "js_look_up": ("Tra cứu tình trạng", "Look up the status"),
    "js_network": ("Không gửi được đơn (mất kết nối). Vui lòng thử lại.",
                   "Could not send (no connection). Please try again."),
    "js_too_many_files": (f"Chỉ chọn tối đa {MAX_FILES} tệp.",
                          f"Choose at most {MAX_FILES} files."),
    "js_file_too_large": ("Tệp “{name}” quá 10 MB.", "The file “{name}” is over 10 MB."),
    "js_another": ("Gửi đơn khác", "Send another"),
}


def texts(lang: str) -> dict:
    """Return the page's strings in one language."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in PAIRS.items()}
