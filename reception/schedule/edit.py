"""Changes to the reception schedule: leaders' sessions, duty shifts, options. Owns its
transactions; after each commit the cached sessions are dropped and the boards refreshed."""

import json
import re
import unicodedata
from datetime import date, datetime, timedelta

from reception import characters, clock, realtime, schedule
from reception import settings as org_settings
from reception.database import write_transaction
from reception.errors import Invalid, NotFound
from reception.models import Counter, Service, User
from reception.schedule.models import (
    DATES,
    KEEP,
    MONTHLY_DAY,
    MONTHLY_WEEKDAY,
    NEXT_WORKING_DAY,
    SKIP,
    WEEKLY,
    DutyShift,
    LeaderReception,
)

RECURRENCES = (WEEKLY, MONTHLY_DAY, MONTHLY_WEEKDAY, DATES)
HOLIDAY_POLICIES = (NEXT_WORKING_DAY, SKIP, KEEP)
SHIFT_DAYS = ("all", "working", "off")
MAX_DATES = 100
MAX_SHIFT_DAYS = 366
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _text(values: dict, key: str, label: str, maximum: int, required: bool = False) -> str:
    raw = values.get(key) or ""
    if not isinstance(raw, str):
        raise Invalid("invalid_value", field=label, detail="phải là chuỗi ký tự")
    text = " ".join(unicodedata.normalize("NFC", raw).split()) if key != "note" else (
        unicodedata.normalize("NFC", raw).strip())
    characters.check(text, label, multiline=key == "note")
    if required and not text:
        raise Invalid("invalid_value", field=label, detail="không được để trống")
    if len(text) > maximum:
        raise Invalid("invalid_value", field=label, detail=f"tối đa {maximum} ký tự")
    return text


def _number(values: dict, key: str, label: str, allowed) -> int:
    try:
        number = int(str(values.get(key, "")).strip())
    except ValueError:
        number = None
    if number not in allowed:
        raise Invalid("invalid_value", field=label, detail="chưa chọn hoặc không hợp lệ")
    return number


def parse_date(value, label: str) -> date:
    """Return a date written YYYY-MM-DD or dd/mm/yyyy.

    :raises ReceptionError: any other text.
    """
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise Invalid("invalid_value", field=label, detail=f"“{text}” không phải ngày")


def _optional_date(values: dict, key: str, label: str) -> date | None:
    return parse_date(values[key], label) if values.get(key) else None


def _times(values: dict) -> tuple[str, str]:
    start, end = (str(values.get(k) or "").strip() for k in ("start_time", "end_time"))
    for text, label in ((start, "Giờ bắt đầu"), (end, "Giờ kết thúc")):
        if not TIME.match(text):
            raise Invalid("invalid_value", field=label, detail="phải có dạng HH:MM")
    if start >= end:
        raise Invalid("invalid_value", field="Giờ kết thúc", detail="phải sau giờ bắt đầu")
    return start, end


def _row(model, value, label: str):
    if value in (None, ""):
        return None
    row = model.get_or_none(model.id == _number({"id": value}, "id", label, range(1, 2**31)))
    if row is None:
        raise Invalid("invalid_value", field=label, detail="không tồn tại")
    return row


def _dates(raw) -> list[str]:
    parts = raw if isinstance(raw, list) else re.split(r"[\s,;]+", str(raw or ""))
    found = sorted({parse_date(part, "Ngày tiếp").isoformat() for part in parts if part})
    if not found or len(found) > MAX_DATES:
        raise Invalid("invalid_value", field="Ngày tiếp",
                      detail=f"cần từ 1 đến {MAX_DATES} ngày")
    return found


def _services(raw) -> list[str]:
    codes = raw if isinstance(raw, list) else [c for c in re.split(r"[\s,;]+", raw or "") if c]
    known = {s.code for s in Service.select(Service.code)}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Invalid("unknown_service", service=", ".join(unknown))
    return sorted(set(codes))


def session_values(values: dict) -> dict:
    """Return validated fields of a leader session from a form or JSON body.

    :raises ReceptionError: a missing or invalid field, with its Vietnamese label.
    """
    recurrence = values.get("recurrence")
    if recurrence not in RECURRENCES:
        raise Invalid("invalid_value", field="Cách lặp lại", detail="chưa chọn")
    fields = {
        "leader_name": _text(values, "leader_name", "Họ tên lãnh đạo", 120, required=True),
        "leader_title": _text(values, "leader_title", "Chức vụ", 160),
        "leader_user": _row(User, values.get("leader_user"), "Tài khoản lãnh đạo"),
        "kind": values.get("kind") if values.get("kind") in schedule.KIND_LABELS else None,
        "recurrence": recurrence,
        "weekday": None, "month_day": None, "week_of_month": None, "dates": "[]",
        "valid_from": _optional_date(values, "valid_from", "Áp dụng từ ngày"),
        "valid_until": _optional_date(values, "valid_until", "Áp dụng đến ngày"),
        "counter": _row(Counter, values.get("counter"), "Quầy tiếp"),
        "route_tickets": values.get("route_tickets") in (True, "on", "1", "true"),
        "route_services": json.dumps(_services(values.get("route_services") or [])),
        "on_holiday": values.get("on_holiday") or NEXT_WORKING_DAY,
        "location": _text(values, "location", "Địa điểm", 200),
        "note": _text(values, "note", "Ghi chú", 1000),
    }
    if values.get("capacity") not in (None, ""):
        # Places citizens can book online in each session (reception.booking); 0: none.
        fields["capacity"] = _number(values, "capacity", "Số chỗ đặt lịch", range(0, 1001))
    if fields["kind"] is None:
        raise Invalid("invalid_value", field="Loại buổi tiếp", detail="chưa chọn")
    if fields["on_holiday"] not in HOLIDAY_POLICIES:
        raise Invalid("invalid_value", field="Khi trùng ngày nghỉ", detail="chưa chọn")
    fields["start_time"], fields["end_time"] = _times(values)
    if recurrence in (WEEKLY, MONTHLY_WEEKDAY):
        fields["weekday"] = _number(values, "weekday", "Thứ trong tuần", range(7))
    if recurrence == MONTHLY_DAY:
        fields["month_day"] = _number(values, "month_day", "Ngày trong tháng", range(1, 32))
    if recurrence == MONTHLY_WEEKDAY:
        fields["week_of_month"] = _number(values, "week_of_month", "Tuần trong tháng",
                                          (1, 2, 3, 4, -1))
    if recurrence == DATES:
        fields["dates"] = json.dumps(_dates(values.get("dates")))
    if fields["valid_from"] and fields["valid_until"] and (
        fields["valid_until"] < fields["valid_from"]
    ):
        raise Invalid("invalid_value", field="Áp dụng đến ngày",
                      detail="phải sau ngày bắt đầu áp dụng")
    if fields["route_tickets"] and fields["counter"] is None:
        raise Invalid("invalid_value", field="Chuyển phiếu đến quầy lãnh đạo",
                      detail="cần chọn quầy tiếp của lãnh đạo")
    return fields


def save_session(values: dict, session_id: int | None = None, user=None) -> LeaderReception:
    """Create or change a leader session and refresh the boards."""
    fields = session_values(values)
    with write_transaction():
        if session_id is None:
            entry = LeaderReception.create(created_at=clock.stored_now(), updated_by=user,
                                           **fields)
        else:
            entry = _session(session_id)
            for key, value in fields.items():
                setattr(entry, key, value)
            entry.updated_by = user
            entry.save()
    _changed()
    return entry


def cancel_session(session_id: int, user=None) -> LeaderReception:
    """Take a leader session off the schedule (kept, inactive, for the record)."""
    with write_transaction():
        entry = _session(session_id)
        entry.active = False
        entry.updated_by = user
        entry.save()
    _changed()
    return entry


def _session(session_id) -> LeaderReception:
    entry = LeaderReception.get_or_none(LeaderReception.id == session_id)
    if entry is None:
        raise NotFound("not_found", what=f"lịch tiếp {session_id}")
    return entry


def add_shifts(values: dict, user=None) -> int:
    """Put a person on duty on every chosen day of a range; return how many shifts were added.

    Days: "all", "working" (working days) or "off" (weekends, public holidays, Tết, days off).
    """
    person = _row(User, values.get("user"), "Cán bộ trực")
    name = _text(values, "person_name", "Họ tên cán bộ trực", 120)
    if not name and person is not None:
        name = person.full_name or person.username
    if not name:
        raise Invalid("invalid_value", field="Cán bộ trực", detail="chọn tài khoản "
                      "hoặc ghi họ tên")
    first = parse_date(values.get("first_day"), "Từ ngày")
    last = _optional_date(values, "last_day", "Đến ngày") or first
    if last < first or (last - first).days >= MAX_SHIFT_DAYS:
        raise Invalid("invalid_value", field="Đến ngày",
                      detail=f"phải từ “Từ ngày” đến tối đa {MAX_SHIFT_DAYS} ngày sau")
    which = values.get("days") or "all"
    duty = values.get("duty") or "tiep_dan"
    if which not in SHIFT_DAYS or duty not in schedule.DUTY_LABELS:
        raise Invalid("invalid_value", field="Ngày trực", detail="chưa chọn")
    start, end = _times(values)
    counter = _row(Counter, values.get("counter"), "Quầy")
    note = _text(values, "note", "Ghi chú", 200)
    off = schedule.days_off(first, last)
    work = schedule.WorkCalendar(first.year, last.year)
    added = 0
    with write_transaction():
        day = first
        while day <= last:
            working = work.is_working(day) and day not in off
            if which == "all" or (which == "working") == working:
                exists = DutyShift.select().where(
                    (DutyShift.day == day) & (DutyShift.person_name == name)
                    & (DutyShift.start_time == start) & (DutyShift.duty == duty)).exists()
                if not exists:
                    DutyShift.create(day=day, user=person, person_name=name, duty=duty,
                                     start_time=start, end_time=end, counter=counter, note=note,
                                     created_at=clock.stored_now(), created_by=user)
                    added += 1
            day += timedelta(days=1)
    _changed()
    return added


def delete_shift(shift_id: int) -> None:
    """Remove one duty shift from the roster."""
    with write_transaction():
        deleted = DutyShift.delete().where(DutyShift.id == shift_id).execute()
    if not deleted:
        raise NotFound("not_found", what=f"ca trực {shift_id}")
    _changed()


def save_options(values: dict) -> dict:
    """Store the schedule options (which days need duty, how far the public page looks)."""
    rule = values.get("duty_days")
    if rule not in ("all", "working_and_holidays", "working"):
        raise Invalid("invalid_value", field="Ngày cần trực", detail="chưa chọn")
    days = _number(values, "public_days", "Số ngày công khai", range(7, 367))
    with write_transaction():
        org_settings.put(schedule.OPTIONS_KEY, {"duty_days": rule, "public_days": days})
    _changed()
    return schedule.options()


def _changed() -> None:
    schedule.invalidate()
    # The board shows today's sessions and the next leader day.
    realtime.queue_changed()
