"""Printable papers: the receipt of documents, the refusal notice and the case file sheet."""

import json

from reception import clock
from reception import settings as org_settings
from reception.cases import access, audit, casefiles, options
from reception.cases.pdf import Document
from reception.errors import Conflict
from reception.users import display_name

SEX_TITLE = {"nam": "Ông", "nu": "Bà"}
STATES = {"met": "Đã xong", "overdue": "Quá hạn", "near": "Sắp đến hạn", "running": "Đang tính"}


def _day(iso: str) -> str:
    return "/".join(reversed(iso.split("-")))


def _moment_text(stored) -> str:
    local = clock.from_storage(stored)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _person_line(visitor) -> str:
    title = SEX_TITLE.get(visitor.sex, "Ông/Bà")
    parts = [f"{title}: {visitor.full_name}"]
    if visitor.id_number:
        parts.append(f"Số định danh cá nhân: {visitor.id_number}")
    if visitor.address:
        parts.append(f"Địa chỉ: {visitor.address}")
    return "\n".join(parts)


def receipt(visit_id: int, user) -> bytes:
    """Return the receipt of the documents a visitor handed in (Giấy biên nhận), audited."""
    visit = access.require_visit(user, visit_id, "visit.receipt")
    access.require_identity(user, visit, "visit.receipt")
    values = org_settings.all_settings()
    document = Document(footer_text="Giấy biên nhận thông tin, tài liệu")
    document.state_header(values["org_name"])
    document.line_of("GIẤY BIÊN NHẬN", size=14, bold=True, align="C")
    document.line_of("Thông tin, tài liệu, bằng chứng", size=11, align="C")
    document.ln(4)
    officer = display_name(visit.received_by)
    place = values.get("org_address") or values["org_name"]
    document.line_of(f"Vào hồi {_moment_text(visit.received_at)}, tại {place}.")
    document.line_of(f"Người nhận: {officer}.")
    document.line_of("Đã nhận của:")
    document.line_of(_person_line(visit.visitor))
    document.line_of("các thông tin, tài liệu, bằng chứng sau đây:")
    document.ln(2)
    items = json.loads(visit.documents or "[]")
    rows = [[number, item["title"], item.get("copies", 1),
             "Bản chính" if item.get("original") else "Bản sao", item.get("note", "")]
            for number, item in enumerate(items, start=1)]
    if not rows:
        rows = [["", "Không có tài liệu kèm theo", "", "", ""]]
    document.grid(["STT", "Tên tài liệu", "Số bản", "Loại bản", "Ghi chú"], rows,
                  [10, 90, 15, 25, 45], size=9)
    document.ln(4)
    document.line_of("Giấy biên nhận được lập thành 02 bản, mỗi bên giữ 01 bản.")
    _signatures(document, "NGƯỜI NỘP", "NGƯỜI NHẬN", right_name=officer)
    audit.log(user, "visit.receipt", "visit", visit.id)
    return document.bytes()


def refusal_notice(visit_id: int, user) -> bytes:
    """Return the written notice of refusal to receive (Luật Tiếp công dân Điều 9), audited."""
    visit = access.require_visit(user, visit_id, "visit.refusal_notice")
    if visit.handling != "tu_choi":
        raise Conflict("not_refused")
    access.require_identity(user, visit, "visit.refusal_notice")
    values = org_settings.all_settings()
    document = Document(footer_text="Thông báo từ chối tiếp công dân")
    document.state_header(values["org_name"])
    document.line_of("THÔNG BÁO", size=14, bold=True, align="C")
    document.line_of("Về việc từ chối tiếp công dân", size=11, bold=True, align="C")
    document.ln(4)
    document.line_of("Căn cứ Điều 9 Luật Tiếp công dân năm 2013;")
    document.line_of(f"Vào hồi {_moment_text(visit.received_at)}, {values['org_name']} "
                     "từ chối tiếp:")
    document.line_of(_person_line(visit.visitor))
    reason = options.REFUSAL_REASONS.get(visit.refusal_reason, visit.refusal_reason)
    document.line_of(f"Lý do: {reason}." + (f" {visit.refusal_detail}" if visit.refusal_detail
                                            else ""))
    document.line_of("Công dân có thể đến trụ sở tiếp công dân vào buổi tiếp khác khi không "
                     "còn thuộc trường hợp bị từ chối theo quy định của pháp luật.")
    _signatures(document, "NGƯỜI ĐƯỢC THÔNG BÁO", "NGƯỜI TIẾP CÔNG DÂN",
                right_name=display_name(visit.received_by))
    audit.log(user, "visit.refusal_notice", "visit", visit.id)
    return document.bytes()


def _signatures(document: Document, left: str, right: str, right_name: str = "") -> None:
    document.ln(8)
    half = (document.w - document.l_margin - document.r_margin) / 2
    document.set_font("vn", "B", 10)
    document.cell(half, 6, left, align="C")
    document.cell(half, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    document.set_font("vn", "", 9)
    document.cell(half, 5, "(Ký, ghi rõ họ tên)", align="C")
    document.cell(half, 5, "(Ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")
    if right_name:  # the officer's full name under the signature space, never a username
        document.ln(18)
        document.set_font("vn", "B", 10)
        document.cell(half, 6, "")
        document.cell(half, 6, right_name, align="C", new_x="LMARGIN", new_y="NEXT")


def case_pdf(case_id: int, user) -> bytes:
    """Return a case file sheet; a protected denouncer's identity stays masked. Audited."""
    view = casefiles.case_view(case_id, user, "case.export")
    document = Document(footer_text=f"Hồ sơ {view['code']}")
    document.state_header(org_settings.get("org_name"))
    document.line_of(f"HỒ SƠ VỤ VIỆC {view['code']}", size=14, bold=True, align="C")
    document.ln(2)
    responsible = view["responsible"] or {}
    for label, value in (
        ("Tiêu đề", view["title"]), ("Loại vụ việc", view["matter_label"]),
        ("Lĩnh vực", view["field_label"]), ("Trạng thái", view["status_label"]),
        # The full name; the username only for an old account created without one.
        ("Cán bộ phụ trách", (responsible.get("full_name") or "").strip()
         or responsible.get("username", "")),
        ("Ngày mở hồ sơ", _day(view["opened_on"])), ("Kết quả", view["result_note"]),
    ):
        document.line_of(f"{label}: {value or ''}")
    document.ln(2)
    document.line_of("Thời hạn", bold=True)
    document.grid(["Việc", "Hạn", "Căn cứ", "Tình trạng"],
                  [[d["label"], _day(d["due_on"]), d["source"], STATES[d["state"]]]
                   for d in view["deadlines"]] or [["", "", "", ""]], [70, 25, 60, 30], size=9)
    document.ln(2)
    document.line_of("Các lượt tiếp", bold=True)
    rows = []
    for visit in view["visits"]:
        person = visit["visitor"]
        who = f"{person['full_name']}\n{person['id_number'] or ''}"
        rows.append([_day(visit["received_on"]), who, visit["summary"], visit["handling_label"]])
    document.grid(["Ngày", "Công dân", "Nội dung", "Hướng xử lý"], rows or [["", "", "", ""]],
                  [22, 45, 85, 34], size=9)
    return document.bytes()
