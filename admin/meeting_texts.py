"""Strings of the desk's meeting record (biên bản tiếp công dân), Vietnamese first.

(Vietnamese, English) pairs joined into admin/texts.py's table; keys starting "js_" go to
desk.js and meeting.js. The lists' Vietnamese names come from reception.cases.options (they
are the legal terms and configurable); the English names of the fixed lists are here.
"""

PAIRS = {
    "record_title": ("Biên bản tiếp công dân", "Meeting record"),
    "record_hint": (
        "Ghi trong lúc tiếp. “Kết thúc” (F8) lưu biên bản cùng lúc đóng phiếu; bản nháp được "
        "giữ trên máy này nếu trang bị tải lại.",
        "Fill it in during the meeting. “Finish” (F8) saves it as the ticket closes; the "
        "draft survives a page reload on this computer.",
    ),
    "record_for": ("Phiếu số", "Ticket"),
    "qr_label": ("Quét mã QR trên thẻ CCCD", "Scan the ID card's QR code"),
    "qr_hint": (
        "Đặt con trỏ vào ô này rồi quét; thông tin trên thẻ được điền tự động.",
        "Put the cursor here and scan; the card's details fill in by themselves.",
    ),
    "section_visitor": ("Công dân", "Visitor"),
    "f_full_name": ("Họ và tên", "Full name"),
    "f_id_number": ("Số định danh cá nhân (12 số)", "Personal ID number (12 digits)"),
    "f_birth_year": ("Năm sinh", "Birth year"),
    "f_sex": ("Giới tính", "Sex"),
    "sex_unknown": ("—", "—"),
    "sex_nam": ("Nam", "Male"),
    "sex_nu": ("Nữ", "Female"),
    "f_address": ("Địa chỉ", "Address"),
    "f_phone": ("Số điện thoại", "Phone"),
    "f_interpreter": ("Có người phiên dịch", "An interpreter was used"),
    "f_interpreter_language": ("Ngôn ngữ phiên dịch", "Interpreted language"),
    "section_group": ("Số người và người đại diện", "People and representatives"),
    "f_party_size": ("Số người đến", "Number of people"),
    "representatives_hint": (
        "Đoàn đông người cử từ 1 đến 5 người đại diện (Luật Tiếp công dân Điều 29).",
        "A large group appoints 1 to 5 representatives (Law on Citizen Reception art. 29).",
    ),
    "add_representative": ("Thêm người đại diện", "Add a representative"),
    "js_rep_name": ("Họ tên người đại diện", "Representative's name"),
    "js_rep_id": ("Số định danh", "ID number"),
    "js_remove": ("Xóa", "Remove"),
    "section_reception": ("Người tiếp", "Received by"),
    "f_reception_kind": ("Hình thức tiếp", "Received by"),
    "f_session_kind": ("Buổi tiếp", "Session"),
    "reception_officer": ("Cán bộ tiếp công dân", "A reception officer"),
    "reception_head_in_person": ("Thủ trưởng trực tiếp tiếp", "The head in person"),
    "reception_head_delegated": ("Người được thủ trưởng ủy quyền tiếp", "The head's delegate"),
    "session_scheduled": ("Định kỳ", "Scheduled"),
    "session_unscheduled": ("Đột xuất", "Unscheduled"),
    "section_matter": ("Nội dung vụ việc", "The matter"),
    "f_matter_type": ("Loại vụ việc", "Kind of matter"),
    "choose": ("— chọn —", "— choose —"),
    "matter_khieu_nai": ("Khiếu nại", "Complaint"),
    "matter_to_cao": ("Tố cáo", "Denunciation"),
    "matter_kien_nghi": ("Kiến nghị", "Petition"),
    "matter_phan_anh": ("Phản ánh", "Feedback"),
    "to_cao_hint": (
        "Tố cáo: danh tính người tố cáo chỉ cán bộ thụ lý, lãnh đạo và quản trị xem được.",
        "Denunciation: only the responsible officer, leaders and admins see who denounced.",
    ),
    "f_field": ("Lĩnh vực", "Field"),
    "f_summary": ("Tóm tắt nội dung", "Summary of the matter"),
    "f_requests": ("Yêu cầu của công dân", "What the visitor asks for"),
    "f_prior_handling": ("Cơ quan đã giải quyết (nếu có)", "Bodies that already handled it"),
    "section_documents": ("Tài liệu công dân nộp", "Documents received"),
    "add_document": ("Thêm tài liệu", "Add a document"),
    "js_doc_title": ("Tên tài liệu", "Document"),
    "js_doc_copies": ("Số bản", "Copies"),
    "js_doc_original": ("Bản gốc", "Original"),
    "section_handling": ("Hướng xử lý", "Handling"),
    "f_handling": ("Hướng xử lý", "Handling direction"),
    "handling_thu_ly": ("Thụ lý để giải quyết", "Accept for resolution"),
    "handling_huong_dan": ("Trả lại đơn và hướng dẫn", "Return with guidance"),
    "handling_chuyen_don": ("Chuyển đơn đến cơ quan có thẩm quyền", "Transfer to a competent body"),
    "handling_don_doc": ("Đôn đốc cấp dưới giải quyết", "Urge the lower level"),
    "handling_luu_don": ("Lưu đơn", "File away"),
    "handling_tu_choi": ("Từ chối tiếp", "Refuse reception"),
    "f_transfer_to": ("Chuyển đến cơ quan", "Transfer to"),
    "f_guidance": ("Hướng dẫn công dân đến", "Guidance given"),
    "f_refusal_reason": ("Lý do từ chối (Điều 9)", "Reason for refusal (art. 9)"),
    "f_refusal_detail": ("Diễn giải", "Details"),
    "section_case": ("Hồ sơ vụ việc", "Case file"),
    "f_case": ("Hồ sơ", "Case"),
    "case_auto": (
        "Tự động: mở hồ sơ mới khi thụ lý, chuyển đơn, đôn đốc",
        "Automatic: a new case for accept, transfer, urge",
    ),
    "case_new": ("Mở hồ sơ mới", "Open a new case"),
    "case_none": ("Không mở hồ sơ", "No case"),
    "js_case_attach": ("Gắn vào hồ sơ {code} – {title}", "Attach to case {code} – {title}"),
    "f_case_title": ("Tiêu đề hồ sơ mới (để trống: tự đặt)", "New case title (empty: automatic)"),
    "f_complex": ("Vụ việc phức tạp", "Complex matter"),
    "f_remote": ("Vùng sâu, vùng xa, đi lại khó khăn", "Remote area"),
    "f_note": ("Ghi chú", "Note"),
    "save_and_finish": ("Lưu biên bản và kết thúc", "Save the record and finish"),
    "finish_without_record": ("Kết thúc không ghi biên bản", "Finish without a record"),
    "clear_record": ("Xóa nội dung đã nhập", "Clear the form"),
    "section_deadlines": ("Hồ sơ của tôi sắp đến hạn / quá hạn", "My cases near or past deadline"),
    "all_cases": ("Tất cả hồ sơ", "All cases"),
    # desk.js / meeting.js
    "js_qr_read": ("Đã đọc thẻ CCCD của {name}.", "Read the ID card of {name}."),
    "js_kiosk_card_read": (
        "Công dân đã quét thẻ CCCD ở kiosk: {name}. Hãy kiểm tra lại với công dân.",
        "The visitor scanned the ID card at the kiosk: {name}. Check it with them.",
    ),
    "js_returning": (
        "Công dân đã đến {count} lần trước. Nếu cùng vụ việc, hãy gắn vào hồ sơ cũ "
        "(sẽ được ghi là tái diễn).",
        "This visitor came {count} times before. If it is the same matter, attach the "
        "old case (it will count as a repeat).",
    ),
    "js_first_visit": ("Lần đầu đến trụ sở.", "First visit to the office."),
    "js_earlier_hidden": ("(nội dung không thuộc hồ sơ của bạn)", "(not one of your cases)"),
    "js_recorded": (
        "Đã kết thúc số {number} và lưu biên bản.",
        "Number {number} finished and the record saved.",
    ),
    "js_recorded_case": ("Hồ sơ {code}", "Case {code}"),
    "js_print_receipt": ("In giấy biên nhận tài liệu", "Print the document receipt"),
    "js_print_refusal": ("In thông báo từ chối tiếp", "Print the refusal notice"),
    "js_view_case": ("Mở hồ sơ", "Open the case"),
    "js_draft_restored": (
        "Đã khôi phục bản nháp biên bản của phiếu này.",
        "The draft record of this ticket was restored.",
    ),
    "js_confirm_no_record": (
        "Kết thúc số {number} mà không ghi biên bản?",
        "Finish number {number} without a record?",
    ),
    # Leaving a meeting whose record is not saved (F2 / Gọi tiếp, F7 / Vắng mặt).
    "unsaved_title": ("Biên bản chưa được lưu", "The record is not saved"),
    "unsaved_keep": ("Tiếp tục ghi biên bản", "Keep writing the record"),
    "js_unsaved_call": (
        "Biên bản của phiếu số {number} đang ghi dở. Gọi tiếp sẽ kết thúc phiếu này. "
        "Anh/chị muốn làm gì?",
        "The record of number {number} is half written. Calling the next visitor finishes "
        "this ticket. What do you want to do?",
    ),
    "js_unsaved_no_show": (
        "Biên bản của phiếu số {number} đang ghi dở. Ghi vắng mặt sẽ đóng phiếu này và "
        "không lưu biên bản.",
        "The record of number {number} is half written. Marking a no-show closes this "
        "ticket without the record.",
    ),
    "js_unsaved_save_call": ("Lưu biên bản rồi gọi tiếp", "Save the record, then call next"),
    "js_unsaved_discard_call": ("Bỏ biên bản, gọi tiếp", "Discard the record and call next"),
    "js_unsaved_discard_no_show": (
        "Bỏ biên bản, ghi vắng mặt", "Discard the record and mark a no-show",
    ),
    "js_confirm_clear": (
        "Xóa toàn bộ nội dung biên bản đang ghi? Không thể khôi phục.",
        "Clear everything written in this record? It cannot be restored.",
    ),
    "js_record_fields_invalid": (
        "Biên bản chưa lưu được: {count} ô chưa hợp lệ, xem các ô được đánh dấu đỏ.",
        "The record was not saved: {count} fields are not valid, see those marked in red.",
    ),
    "js_qr_partial": (
        "Thẻ CCCD đọc được một phần: đã điền các thông tin đọc được. {message}",
        "The ID card was partly read: what could be read is filled in. {message}",
    ),
    "js_transfer_no_counter": (
        "Không có quầy nào khác tiếp nhận loại việc này.",
        "No other counter receives this matter.",
    ),
    "js_overdue": ("Quá hạn", "Overdue"),
    "js_near": ("Sắp đến hạn", "Due soon"),
    "js_due_on": ("hạn {date}", "due {date}"),
    "js_no_deadlines": (
        "Không có hồ sơ nào sắp đến hạn hoặc quá hạn.",
        "No case is near or past its deadline.",
    ),
    "js_print_failed": ("chưa in được phiếu", "ticket not printed"),
    "js_too_many_reps": (
        "Tối đa 5 người đại diện (Điều 29).", "At most 5 representatives (art. 29).",
    ),
}
