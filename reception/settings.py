"""Organisation-wide settings kept in the database, with defaults for a new headquarters."""

import json

from reception.extensions import db
from reception.models import Setting

DEFAULT_PRIORITY_GROUPS = [
    {"code": "elderly", "name_vi": "Người cao tuổi", "name_en": "Elderly person"},
    {"code": "disability", "name_vi": "Người khuyết tật", "name_en": "Person with disability"},
    {"code": "pregnant", "name_vi": "Phụ nữ mang thai", "name_en": "Pregnant woman"},
    {"code": "young_child", "name_vi": "Người đi cùng con nhỏ", "name_en": "With a young child"},
    {"code": "merit", "name_vi": "Người có công với cách mạng", "name_en": "Person with merit"},
]

DEFAULTS = {
    "org_name": "Trụ sở Tiếp công dân",
    # Free text on purpose: the administrative levels changed in 2025 and may change again.
    "org_level": "",
    "org_address": "",
    "notice_text": "Công dân vui lòng giữ trật tự, chờ đến lượt theo số thứ tự.",
    "ticket_title": "PHIẾU SỐ THỨ TỰ",
    "ticket_notice": "Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn.",
    "priority_groups": DEFAULT_PRIORITY_GROUPS,
    "group_threshold": 5,
    "max_party_size": 500,
}


def all_settings() -> dict:
    """Return every setting, stored values over defaults."""
    values = dict(DEFAULTS)
    # Written out: every ticket issued reads the settings (reception/statements.py).
    for key, value in db.execute_sql('SELECT "key", "value" FROM "setting"').fetchall():
        values[key] = json.loads(value)
    return values


def get(key: str):
    """Return one setting's value."""
    row = Setting.get_or_none(Setting.key == key)
    return json.loads(row.value) if row else DEFAULTS[key]


def put(key: str, value) -> None:
    """Store one setting; the caller owns the transaction."""
    if key not in DEFAULTS:
        raise KeyError(key)
    encoded = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=encoded).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: encoded}
    ).execute()


def priority_group(code: str | None, groups: list) -> dict | None:
    """Return the priority group with this code from a list of groups, or None."""
    return next((group for group in groups if group["code"] == code), None)
