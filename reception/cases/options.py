"""Labels and the configurable lists of case files: fields, refusal reasons, time limits.

Configurable values live in the shared Setting table under keys starting "cases." so the
admin can change them without a deploy; the defaults below apply until then.
"""

import copy

from reception import settings as store

MATTER_LABELS = {
    "khieu_nai": "Khiếu nại",
    "to_cao": "Tố cáo",
    "kien_nghi": "Kiến nghị",
    "phan_anh": "Phản ánh",
}
HANDLING_LABELS = {
    "thu_ly": "Thụ lý để giải quyết",
    "huong_dan": "Trả lại đơn và hướng dẫn",
    "chuyen_don": "Chuyển đơn đến cơ quan có thẩm quyền",
    "don_doc": "Đôn đốc cấp dưới giải quyết",
    "luu_don": "Lưu đơn",
    "tu_choi": "Từ chối tiếp",
}
STATUS_LABELS = {
    "open": "Mới mở",
    "in_progress": "Đang giải quyết",
    "transferred": "Đã chuyển cơ quan có thẩm quyền",
    "resolved": "Đã giải quyết",
    "filed": "Đã lưu hồ sơ",
}
RECEPTION_LABELS = {
    "officer": "Cán bộ tiếp công dân",
    "head_in_person": "Thủ trưởng trực tiếp tiếp",
    "head_delegated": "Người được thủ trưởng ủy quyền tiếp",
}
SESSION_LABELS = {"scheduled": "Định kỳ", "unscheduled": "Đột xuất"}
SEX_LABELS = {"nam": "Nam", "nu": "Nữ"}

DEFAULT_FIELDS = {
    "dat_dai": "Đất đai",
    "nha_o": "Nhà ở",
    "chinh_sach": "Chính sách",
    "tu_phap": "Tư pháp",
    "dang_doan_the": "Đảng – đoàn thể",
    "tham_nhung": "Tham nhũng",
    "khac": "Khác",
}
# Form 02/XLD classifies letters by content: administrative (land and housing, policy, other),
# judicial, Party and mass organisations, other.
CONTENT_GROUPS = {
    "hanh_chinh_dat_dai_nha_o": "Hành chính – Đất đai, nhà ở",
    "hanh_chinh_chinh_sach": "Hành chính – Chính sách",
    "hanh_chinh_khac": "Hành chính – Khác",
    "tu_phap": "Tư pháp",
    "dang_doan_the": "Đảng, đoàn thể",
    "khac": "Khác",
}
# Which content group each field's matters count under. Corruption (tham nhũng) is a conduct
# of officials in administrative work: "Hành chính – Khác". A field the admin adds counts as
# "Hành chính – Khác" too unless cases.field_groups says otherwise.
DEFAULT_FIELD_GROUPS = {
    "dat_dai": "hanh_chinh_dat_dai_nha_o",
    "nha_o": "hanh_chinh_dat_dai_nha_o",
    "chinh_sach": "hanh_chinh_chinh_sach",
    "tu_phap": "tu_phap",
    "dang_doan_the": "dang_doan_the",
    "tham_nhung": "hanh_chinh_khac",
    "khac": "khac",
}
UNLISTED_FIELD_GROUP = "hanh_chinh_khac"
# Luật Tiếp công dân 2013 Điều 9.
REFUSAL_REASONS = {
    "say_chat_kich_thich": "Người trong tình trạng say do dùng chất kích thích (Điều 9.1)",
    "mat_nang_luc": "Người mắc bệnh tâm thần hoặc bệnh khác làm mất khả năng nhận thức, "
    "điều khiển hành vi (Điều 9.1)",
    "de_doa_xuc_pham": "Người có hành vi đe dọa, xúc phạm cơ quan, người tiếp công dân, "
    "người thi hành công vụ (Điều 9.2)",
    "vi_pham_noi_quy": "Người có hành vi vi phạm nội quy nơi tiếp công dân (Điều 9.2)",
    "da_giai_quyet": "Vụ việc đã được giải quyết đúng chính sách, pháp luật, đã được kiểm tra, "
    "rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn (Điều 9.3)",
    "khac_theo_luat": "Trường hợp khác theo quy định của pháp luật (Điều 9.4)",
}

# Time limits from the domain table; "working": counted in working days.
DEFAULT_LIMITS = {
    "reply_visitor": {"days": 10, "working": True, "source": "Luật Tiếp công dân Điều 28.1",
                      "label": "Thông báo kết quả xử lý cho công dân"},
    "transfer_report": {"days": 7, "working": True, "source": "Luật Tiếp công dân Điều 27.2",
                        "label": "Cơ quan nhận đơn chuyển thông báo kết quả"},
    "complaint_first": {"days": 30, "complex": 45, "remote": 45, "remote_complex": 60,
                        "working": False, "source": "Luật Khiếu nại 2011 Điều 28",
                        "label": "Giải quyết khiếu nại lần đầu"},
    "complaint_second": {"days": 45, "complex": 60, "remote": 60, "remote_complex": 70,
                         "working": False, "source": "Luật Khiếu nại 2011 Điều 37",
                         "label": "Giải quyết khiếu nại lần hai"},
    "denunciation_accept": {"days": 7, "working": True, "source": "Luật Tố cáo 2018 Điều 24",
                            "label": "Xử lý ban đầu, thụ lý tố cáo"},
    "denunciation_resolve": {"days": 30, "working": False, "extension_days": 30,
                             "max_extensions": 1, "max_extensions_complex": 2,
                             "source": "Luật Tố cáo 2018 Điều 30",
                             "label": "Giải quyết tố cáo"},
}
DEFAULTS = {
    "cases.fields": DEFAULT_FIELDS,
    "cases.deadline_limits": DEFAULT_LIMITS,
    "cases.field_groups": DEFAULT_FIELD_GROUPS,
    # A case is "near" its deadline this many working days before it.
    "cases.near_working_days": 2,
    # Bộ luật Dân sự 2015 Điều 148.5: a limit in days ending on a day off ends on the next
    # working day.
    "cases.roll_to_working_day": True,
    # Longest period of a logbook or report, in days.
    "cases.max_period_days": 366,
}


for _key, _default in DEFAULTS.items():
    store.declare(_key, _default)


def get(key: str):
    """Return a case-file setting: the stored value, else the default (limits are merged)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    value = store.get(key)
    if key != "cases.deadline_limits":
        return value
    limits = copy.deepcopy(DEFAULTS[key])  # a stored limit keeps the default's other entries
    for kind, values in value.items():
        limits.setdefault(kind, {}).update(values)
    return limits


def put(key: str, value) -> None:
    """Store a case-file setting; the caller owns the transaction."""
    if key not in DEFAULTS:
        raise KeyError(key)
    store.put(key, value)


def fields() -> dict:
    """Return the classification fields (lĩnh vực) as {code: Vietnamese name}."""
    return get("cases.fields")


def content_group(field_code: str, groups: dict | None = None) -> str:
    """Return the form 02/XLD content group a field's matters count under."""
    groups = groups if groups is not None else get("cases.field_groups")
    return groups.get(field_code, DEFAULT_FIELD_GROUPS.get(field_code, UNLISTED_FIELD_GROUP))


def field_label(code: str) -> str:
    """Return the Vietnamese name of a field code (the code itself if it was removed)."""
    return fields().get(code, code)


def catalogue() -> dict:
    """Return every list the desk needs to fill in a meeting record."""
    return {
        "matter_types": MATTER_LABELS,
        "fields": fields(),
        "handlings": HANDLING_LABELS,
        "refusal_reasons": REFUSAL_REASONS,
        "reception_kinds": RECEPTION_LABELS,
        "session_kinds": SESSION_LABELS,
        "statuses": STATUS_LABELS,
        "content_groups": CONTENT_GROUPS,
        "field_groups": get("cases.field_groups"),
        "deadline_limits": get("cases.deadline_limits"),
        "near_working_days": get("cases.near_working_days"),
    }
