"""The reception logbook (Sổ tiếp công dân, Mẫu số 03, Thông tư 04/2021/TT-TTCP).

Exactly the form's 12 columns, in order. Only leaders and admins read it; every reading and
export is audited. A denouncer's identity is masked for anyone who may not see it.
"""

import json
from datetime import date, timedelta

from peewee import JOIN

from reception import clock
from reception.cases import access, audit, options
from reception.cases.models import Case, Visit, Visitor
from reception.errors import Invalid

LOGBOOK_COLUMNS = [
    ("stt", "STT"),
    ("ngay_tiep", "Ngày tiếp"),
    ("ho_ten_dia_chi", "Họ tên – Địa chỉ"),
    ("giay_to", "CMND/CCCD/Hộ chiếu"),
    ("noi_dung", "Nội dung vụ việc"),
    ("phan_loai", "Phân loại đơn / Số người"),
    ("co_quan_da_giai_quyet", "Cơ quan đã giải quyết"),
    ("thu_ly", "Hướng xử lý – Thụ lý để giải quyết"),
    ("tra_lai_huong_dan", "Hướng xử lý – Trả lại đơn và hướng dẫn"),
    ("chuyen_don", "Hướng xử lý – Chuyển đơn đến cơ quan có thẩm quyền"),
    ("theo_doi_ket_qua", "Theo dõi kết quả giải quyết"),
    ("ghi_chu", "Ghi chú"),
]
READER_ROLES = ("leader", "admin")


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """Return (from, to) local dates from YYYY-MM-DD strings.

    :raises ReceptionError: missing or unparseable dates, from after to, or a period longer
        than the configured maximum (366 days).
    """
    if not start or not end:
        raise Invalid("bad_period", detail="cần ghi ngày bắt đầu (from) và ngày kết thúc "
                      "(to) dạng YYYY-MM-DD", detail_en="from and to (YYYY-MM-DD) are "
                      "required")
    days = []
    for value in (start, end):
        try:
            days.append(date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None)
        except ValueError:
            days.append(None)
        if days[-1] is None:
            raise Invalid("bad_period", detail=f"ngày “{value}” phải có dạng YYYY-MM-DD",
                          detail_en=f"the date “{value}” must be YYYY-MM-DD")
    first, last = days
    if first > last:
        raise Invalid("bad_period", detail="ngày bắt đầu sau ngày kết thúc",
                      detail_en="the start date is after the end date")
    maximum = int(options.get("cases.max_period_days"))
    if (last - first).days + 1 > maximum:
        raise Invalid("bad_period", detail=f"dài hơn {maximum} ngày",
                      detail_en=f"longer than {maximum} days")
    return first, last


def require_reader(user, action: str) -> None:
    """Refuse (audited, Forbidden) anyone but leaders and admins."""
    if getattr(user, "role", None) not in READER_ROLES:
        access.deny(user, action, "logbook")


def logbook(start: date, end: date, user, export_format: str = "json") -> dict:
    """Return the logbook of a period for a leader or admin; the reading is audited."""
    action = "logbook.view" if export_format == "json" else "logbook.export"
    require_reader(user, action)
    rows = logbook_rows(start, end, user)
    audit.log(user, action, "logbook", f"{start.isoformat()}..{end.isoformat()}",
              {"format": export_format, "rows": len(rows)})
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "org_name": _org_name(),
        "columns": [{"key": key, "title": title} for key, title in LOGBOOK_COLUMNS],
        "rows": rows,
    }


def _org_name() -> str:
    from reception import settings as org_settings

    return org_settings.get("org_name")


def logbook_rows(start: date, end: date, user) -> list[dict]:
    """Return the period's visits as logbook rows (keys of LOGBOOK_COLUMNS, plus visit_id)."""
    fields = options.fields()
    visits = (
        Visit.select(Visit, Visitor, Case)
        .join(Visitor, on=(Visit.visitor == Visitor.id))
        .switch(Visit)
        .join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
        .where((Visit.received_on >= start) & (Visit.received_on <= end))
        .order_by(Visit.received_at, Visit.id)
    )
    return [row(number, visit, access.identity_visible(user, visit), fields)
            for number, visit in enumerate(visits, start=1)]


def row(number: int, visit: Visit, visible: bool, fields: dict) -> dict:
    """Return one logbook row for a visit."""
    person = visit.visitor
    representatives = json.loads(visit.representatives or "[]")
    mask = access.MASK
    name = person.full_name if visible else mask
    address = person.address if visible else mask
    who = [name]
    if visit.is_group or representatives:
        names = ", ".join(p["full_name"] if visible else mask for p in representatives)
        who.append(f"Đoàn {visit.party_size} người" + (f"; đại diện: {names}" if names else ""))
    if address:
        who.append(address)
    papers = [person.id_number or (f"CMND {person.old_id_number}" if person.old_id_number
                                   else "")]
    papers += [p["id_number"] for p in representatives if p.get("id_number")]
    papers = [p for p in papers if p]
    if not visible:
        papers = [mask] if papers else []
    content = visit.summary + (f"\nYêu cầu: {visit.requests}" if visit.requests else "")
    classified = (f"{options.MATTER_LABELS[visit.matter_type]} – "
                  f"{fields.get(visit.field, visit.field)} / {visit.party_size} người")
    if visit.is_group:
        classified += " (đoàn đông người)"
    case = visit.case
    handling = visit.handling
    return {
        "visit_id": visit.id,
        "stt": number,
        "ngay_tiep": clock.from_storage(visit.received_at).strftime("%d/%m/%Y"),
        "ho_ten_dia_chi": "\n".join(who),
        "giay_to": "; ".join(papers),
        "noi_dung": content,
        "phan_loai": classified,
        "co_quan_da_giai_quyet": visit.prior_handling,
        "thu_ly": ("x" + (f" ({case.code})" if case else "")) if handling == "thu_ly" else "",
        "tra_lai_huong_dan": ("x" + (f"\n{visit.guidance}" if visit.guidance else ""))
        if handling == "huong_dan" else "",
        "chuyen_don": visit.transfer_to if handling == "chuyen_don" else "",
        "theo_doi_ket_qua": _follow_up(visit, case),
        "ghi_chu": _notes(visit),
    }


def _follow_up(visit: Visit, case: Case | None) -> str:
    parts = []
    if case is not None:
        parts.append(f"{case.code}: {options.STATUS_LABELS.get(case.status, case.status)}")
        if case.result_note:
            parts.append(case.result_note)
    if visit.result_note:
        parts.append(visit.result_note)
    return "\n".join(parts)


def _notes(visit: Visit) -> str:
    parts = []
    if visit.handling in ("don_doc", "luu_don"):
        parts.append(options.HANDLING_LABELS[visit.handling])
    if visit.handling == "tu_choi":
        reason = options.REFUSAL_REASONS.get(visit.refusal_reason, visit.refusal_reason)
        parts.append(f"Từ chối tiếp: {reason}"
                     + (f" – {visit.refusal_detail}" if visit.refusal_detail else ""))
    if visit.is_repeat:
        parts.append("Tái diễn")
    if visit.reception_kind != "officer":
        parts.append(f"{options.RECEPTION_LABELS[visit.reception_kind]} "
                     f"({options.SESSION_LABELS[visit.session_kind].lower()})")
    if visit.interpreter_used:
        language = f": {visit.interpreter_language}" if visit.interpreter_language else ""
        parts.append(f"Có người phiên dịch{language}")
    if visit.note:
        parts.append(visit.note)
    return "\n".join(parts)


def period_bounds(start: date, end: date) -> tuple:
    """Return the stored (naive UTC) instants bounding a period of local dates."""
    from datetime import datetime, time

    first = datetime.combine(start, time(), tzinfo=clock.TIMEZONE)
    last = datetime.combine(end + timedelta(days=1), time(), tzinfo=clock.TIMEZONE)
    return clock.to_storage(first), clock.to_storage(last)
