"""The settings store: JSON values in the Setting table, each key with its default.

The organisation's own settings (DEFAULTS) are declared here; other modules declare theirs
with declare() (crowd thresholds, case-file lists, schedule options) and read and write them
through get(), merged() and put(), so every key is stored the same way.
"""

import copy
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

# Every key the store knows, with its default: the organisation's and those declared by
# the modules that own them.
_defaults: dict = dict(DEFAULTS)


def declare(key: str, default) -> str:
    """Make a key known to the store with its default; return the key."""
    _defaults[key] = default
    return key


def all_settings() -> dict:
    """Return the organisation's settings and every stored value, stored values over defaults."""
    values = dict(DEFAULTS)
    # Written out: every ticket issued reads the settings (reception/statements.py).
    for key, value in db.execute_sql('SELECT "key", "value" FROM "setting"').fetchall():
        values[key] = json.loads(value)
    return values


def get(key: str):
    """Return one setting's value: the stored one, else a copy of its default.

    :raises KeyError: a key nobody declared.
    """
    default = _defaults[key]
    row = Setting.get_or_none(Setting.key == key)
    return json.loads(row.value) if row else copy.deepcopy(default)


def merged(key: str) -> dict:
    """Return a setting kept as an object: its stored entries over the default's, entries the
    default does not have left out."""
    default = _defaults[key]
    values = dict(default)
    row = Setting.get_or_none(Setting.key == key)
    if row is not None:
        values.update({name: value for name, value in json.loads(row.value).items()
                       if name in default})
    return values


def put(key: str, value) -> None:
    """Store one setting as JSON; the caller owns the transaction.

    :raises KeyError: a key nobody declared.
    """
    if key not in _defaults:
        raise KeyError(key)
    encoded = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=encoded).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: encoded}
    ).execute()


def priority_group(code: str | None, groups: list) -> dict | None:
    """Return the priority group with this code from a list of groups, or None."""
    return next((group for group in groups if group["code"] == code), None)
