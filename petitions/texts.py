"""Strings of the /gui-don page as Vietnamese source texts; "js_" keys go to petition.js."""

from reception.petitions.files import MAX_FILES
from reception.translations import C_, N_, translate_all

TEXTS = {
    "title": N_("Gửi đơn trực tuyến"),
    "intro": N_(
        "Ông/bà gửi đơn khiếu nại, tố cáo, kiến nghị, phản ánh tại đây. Cán bộ sẽ xem xét, phân "
        "loại và báo cho ông/bà qua điện thoại hoặc thư điện tử. Thông tin của người tố cáo "
        "được giữ bí mật theo Luật Tố cáo.",
    ),
    "name": N_("Họ và tên"),
    "phone": C_("form.phone", "Số điện thoại"),
    "phone_hint": N_("10 chữ số, bắt đầu bằng 0"),
    "email": C_("form.email", "Thư điện tử (không bắt buộc)"),
    "address": N_("Địa chỉ"),
    "id_number": N_("Số định danh cá nhân (CCCD, không bắt buộc)"),
    "service": C_("service", "Loại đơn"),
    "content": N_("Nội dung đơn"),
    "files": N_("Tệp kèm theo (ảnh chụp hoặc PDF)"),
    "files_hint": N_("Tối đa {max_files} tệp PDF, JPEG hoặc PNG, mỗi tệp không quá 10 MB."),
    "send": N_("Gửi đơn"),
    "js_sending": N_("Đang gửi đơn…"),
    "js_sent_title": N_("Đã nhận đơn"),
    "js_sent_text": N_("Mã tra cứu đơn của ông/bà:"),
    "js_keep_code": N_("Vui lòng ghi lại mã này để tra cứu tình trạng đơn."),
    "js_look_up": N_("Tra cứu tình trạng"),
    "js_network": N_("Không gửi được đơn (mất kết nối). Vui lòng thử lại."),
    "js_too_many_files": N_("Chỉ chọn tối đa {max_files} tệp."),
    "js_file_too_large": N_("Tệp “{name}” quá 10 MB."),
    "js_another": N_("Gửi đơn khác"),
}


def texts(lang: str) -> dict:
    """Return the page's strings in one language, the file limit written in."""
    return {key: value.replace("{max_files}", str(MAX_FILES))
            for key, value in translate_all(TEXTS, lang).items()}
