"""The headquarters' details as an administrator edits them: name, address, the board's and
the ticket's texts, the group threshold, the largest party on a ticket, the priority groups.
"""

import re

from reception import realtime
from reception import settings as org_settings
from reception.database import write_transaction
from reception.errors import Conflict
from reception.form_input import clean_int, clean_text, invalid

PRIORITY_CODE = re.compile(r"^[a-z0-9_-]{1,32}$")
GROUP_THRESHOLD_RANGE = (2, 100)
# The API refuses party sizes above 500 whatever the setting says.
PARTY_SIZE_CEILING = 500
PRIORITY_LABELS = ("Mã đối tượng ưu tiên", "Tên đối tượng ưu tiên",
                   "Tên tiếng Anh đối tượng ưu tiên")
# Organisation texts typed in a textarea: they may hold line breaks.
MULTI_LINE_TEXTS = ("notice_text", "ticket_notice")
ORGANISATION_TEXTS = {
    # key: (label in messages, maximum length, required)
    "org_name": ("Tên cơ quan, đơn vị", 200, True),
    "org_level": ("Cấp / loại cơ quan", 100, False),
    "org_address": ("Địa chỉ", 300, False),
    "notice_text": ("Thông báo trên bảng hiển thị", 1000, False),
    "ticket_title": ("Tiêu đề phiếu", 60, True),
    "ticket_notice": ("Lời dặn trên phiếu", 300, False),
}


def save_organisation(fields: dict, priority_rows) -> dict:
    """Store the organisation's details, texts, group threshold and priority groups.

    :param fields: the keys of ORGANISATION_TEXTS, group_threshold and max_party_size.
    :param priority_rows: (code, name_vi, name_en) per row; entirely blank rows are skipped.
    :raises ReceptionError: a missing or too long text, a number out of range, or an invalid
        or repeated priority group code.
    """
    values = {
        key: clean_text(fields.get(key), label, maximum, required, key in MULTI_LINE_TEXTS)
        for key, (label, maximum, required) in ORGANISATION_TEXTS.items()
    }
    low, high = GROUP_THRESHOLD_RANGE
    threshold = clean_int(fields.get("group_threshold"), "Ngưỡng đoàn đông người", low, high)
    values["group_threshold"] = threshold
    values["max_party_size"] = clean_int(
        fields.get("max_party_size"), "Số người tối đa trên một phiếu", threshold,
        PARTY_SIZE_CEILING,
    )
    values["priority_groups"] = clean_priority_groups(priority_rows)
    with write_transaction():
        for key, value in values.items():
            org_settings.put(key, value)
    realtime.queue_changed()
    return values


def clean_priority_groups(rows) -> list[dict]:
    """Return the priority groups from form rows, in the order given."""
    groups = []
    for row in rows:
        code, name_vi, name_en = (
            clean_text(part, label, 120) for part, label in zip(row, PRIORITY_LABELS, strict=False)
        )
        if not (code or name_vi or name_en):
            continue
        code = code.lower()
        if not PRIORITY_CODE.match(code):
            raise invalid(
                "Mã đối tượng ưu tiên",
                f"“{code}”: 1–32 chữ thường không dấu, chữ số, “-” hoặc “_”",
            )
        if any(group["code"] == code for group in groups):
            raise Conflict("duplicate", what="Mã đối tượng ưu tiên", value=code)
        name_vi = clean_text(name_vi, f"Tên tiếng Việt của “{code}”", 120, required=True)
        name_en = clean_text(name_en, f"Tên tiếng Anh của “{code}”", 120) or name_vi
        groups.append({"code": code, "name_vi": name_vi, "name_en": name_en})
    return groups
