"""Bookable sessions: the leaders' reception sessions with a capacity, listed, added, changed
and cancelled one by one. Owns its transactions; the boards refresh after each commit.

A session's id is "<rule id>-<YYYYMMDD>" (stable before any row exists). Its row (SessionDay)
is created by an atomic INSERT ... ON CONFLICT DO NOTHING the first time something is stored.
"""

import json
import re
from datetime import date, datetime, timedelta

from reception import clock, notifications, realtime, schedule
from reception.booking import notices
from reception.booking.models import BOOKED, CANCELLED, Appointment, SessionDay
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound
from reception.models import Counter
from reception.schedule import edit as schedule_edit
from reception.schedule.models import DATES, KEEP, LeaderReception

SESSION_ID = re.compile(r"^([1-9]\d{0,17})-(\d{8})$")
MAX_CAPACITY = 1000
# How far GET /sessions looks by default, and at most.
DEFAULT_DAYS = 60
MAX_DAYS = 366
TIME = schedule_edit.TIME


def session_id(occurrence) -> str:
    """Return the stable id of one occurrence: "<rule id>-<YYYYMMDD>"."""
    return f"{occurrence.entry.id}-{occurrence.day:%Y%m%d}"


def parse_session_id(text) -> tuple[int, date] | None:
    """Return (rule id, day) of a session id, or None if it names no session."""
    match = SESSION_ID.match(str(text or ""))
    if not match:
        return None
    try:
        return int(match.group(1)), datetime.strptime(match.group(2), "%Y%m%d").date()
    except ValueError:
        return None


def find(text, cancelled: bool = False):
    """Return the occurrence a session id names, or None (cancelled ones only if asked)."""
    parts = parse_session_id(text)
    if parts is None:
        return None
    entry = LeaderReception.get_or_none((LeaderReception.id == parts[0])
                                        & LeaderReception.active)
    if entry is None:
        return None
    found = schedule.occurrences(parts[1], parts[1], entries=[entry], cancelled=cancelled)
    return found[0] if found else None


def session_row(occurrence) -> SessionDay:
    """Return the occurrence's row, creating it atomically (the caller holds a transaction)."""
    SessionDay.insert(entry=occurrence.entry.id, day=occurrence.day).on_conflict_ignore().execute()
    return SessionDay.get((SessionDay.entry == occurrence.entry.id)
                          & (SessionDay.day == occurrence.day))


def capacity_of(occurrence, row: SessionDay | None) -> int:
    """Return the places of a session: its own capacity, else its rule's."""
    if row is not None and row.capacity is not None:
        return row.capacity
    return occurrence.entry.capacity or 0


def ends_at(occurrence) -> datetime:
    """Return the moment a session ends, in local time."""
    return datetime.combine(occurrence.day, occurrence.end, tzinfo=clock.TIMEZONE)


def closed_reason(occurrence, row: SessionDay | None, now: datetime) -> tuple[str, str] | None:
    """Return why a session takes no booking (Vietnamese, English), or None while it does."""
    if occurrence.cancelled or (row is not None and row.cancelled):
        return "buổi tiếp đã bị hủy", "the session was cancelled"
    if capacity_of(occurrence, row) <= 0:
        return "buổi tiếp không nhận đặt lịch trực tuyến", "the session is not bookable online"
    if now >= ends_at(occurrence):
        return "buổi tiếp đã kết thúc", "the session is over"
    return None


def view(occurrence, row: SessionDay | None, now: datetime | None = None) -> dict:
    """Return a session as anyone may read it: totals only, never who booked or for what."""
    now = now or clock.now()
    capacity = capacity_of(occurrence, row)
    booked = row.booked if row is not None else 0
    entry = occurrence.entry
    return {
        "id": session_id(occurrence),
        "date": occurrence.day.isoformat(),
        "weekday": schedule.WEEKDAYS[occurrence.day.weekday()],
        "starts_at": occurrence.start.strftime("%H:%M"),
        "ends_at": occurrence.end.strftime("%H:%M"),
        "kind": entry.kind,
        "kind_label": schedule.KIND_LABELS.get(entry.kind, entry.kind),
        "host": {"name": entry.leader_name, "title": entry.leader_title},
        "location": entry.location,
        "counter_id": entry.counter_id,
        "capacity": capacity,
        "booked": booked,
        "bookable": closed_reason(occurrence, row, now) is None and booked < capacity,
        "cancelled": occurrence.cancelled,
        "recurring": entry.recurrence != DATES or len(json.loads(entry.dates or "[]")) > 1,
    }


def rows_for(found: list) -> dict:
    """Return {(rule id, day): SessionDay} of the occurrences' stored rows (one query)."""
    if not found:
        return {}
    days = [o.day for o in found]
    query = SessionDay.select().where(
        SessionDay.entry.in_({o.entry.id for o in found})
        & (SessionDay.day >= min(days)) & (SessionDay.day <= max(days)))
    return {(row.entry_id, row.day): row for row in query}


def list_sessions(first: date | None = None, last: date | None = None) -> list[dict]:
    """Return the sessions between two dates (default: today and the next 60 days).

    :raises ReceptionError: a range backwards or longer than MAX_DAYS.
    """
    first = first or clock.today()
    last = last or first + timedelta(days=DEFAULT_DAYS - 1)
    if last < first or (last - first).days >= MAX_DAYS:
        raise Invalid("bad_period", detail=f"“to” phải sau “from”, tối đa {MAX_DAYS} ngày",
                      detail_en=f"“to” must follow “from”, at most {MAX_DAYS} days")
    found = schedule.occurrences(first, last)
    rows = rows_for(found)
    now = clock.now()
    return [view(o, rows.get((o.entry.id, o.day)), now) for o in found]


def session_view(text) -> dict:
    """Return one session by id.

    :raises NotFound: not_found.
    """
    occurrence = _existing(text)
    return view(occurrence, rows_for([occurrence]).get((occurrence.entry.id, occurrence.day)))


def _existing(text, cancelled: bool = False):
    occurrence = find(text, cancelled=cancelled)
    if occurrence is None:
        raise NotFound("not_found", what=f"buổi tiếp {str(text)[:40]}")
    return occurrence


def _capacity(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_CAPACITY:
        raise Invalid("invalid_value", field="Sức chứa (capacity)",
                      detail=f"số nguyên từ 0 đến {MAX_CAPACITY}")
    return value


def _times(values: dict, start: str, end: str) -> tuple[str, str]:
    start = values.get("starts_at", start)
    end = values.get("ends_at", end)
    for text, label in ((start, "Giờ bắt đầu (starts_at)"), (end, "Giờ kết thúc (ends_at)")):
        if not isinstance(text, str) or not TIME.match(text):
            raise Invalid("invalid_value", field=label, detail="phải có dạng HH:MM")
    if start >= end:
        raise Invalid("invalid_value", field="Giờ kết thúc (ends_at)",
                      detail="phải sau giờ bắt đầu")
    return start, end


def create_session(values: dict, user=None) -> dict:
    """Add a one-day session a leader receives in, bookable with its capacity.

    :raises ReceptionError: a missing or invalid field; a day in the past.
    """
    day = schedule_edit.parse_date(values.get("date"), "Ngày tiếp (date)")
    if day < clock.today():
        raise Invalid("invalid_value", field="Ngày tiếp (date)",
                      detail="không được là ngày đã qua")
    start, end = _times(values, None, None)
    fields = schedule_edit.session_values({
        "recurrence": DATES, "dates": [day.isoformat()], "kind": values.get("kind") or "scheduled",
        "leader_name": values.get("host_name"), "leader_title": values.get("host_title") or "",
        "start_time": start, "end_time": end, "counter": values.get("counter_id"),
        "on_holiday": KEEP, "location": values.get("location") or "",
    })
    fields["capacity"] = _capacity(values.get("capacity"))
    with write_transaction():
        entry = LeaderReception.create(created_at=clock.stored_now(), updated_by=user, **fields)
    _changed()
    return session_view(f"{entry.id}-{day:%Y%m%d}")


RULE_FIELDS = ("host_name", "host_title", "kind", "counter_id", "location")


def update_session(text, values: dict, user=None) -> tuple[dict, list[Appointment]]:
    """Change one session: its capacity and hours (any session), or its leader, kind, counter
    and place (a one-day session). Return it and the appointments whose hours moved.

    :raises ReceptionError: not_found (NotFound); a rule field on a recurring session or a
        capacity below the places booked (Conflict); an invalid value (Invalid).
    """
    occurrence = _existing(text)
    current = view(occurrence, rows_for([occurrence]).get((occurrence.entry.id,
                                                           occurrence.day)))
    if "date" in values:
        raise Invalid("invalid_value", field="Ngày tiếp (date)",
                      detail="không đổi được; hãy hủy buổi này và tạo buổi mới")
    rule_values = {key: values[key] for key in RULE_FIELDS if key in values}
    if rule_values and current["recurring"]:
        raise Conflict("session_recurring_field")
    start, end = _times(values, current["starts_at"], current["ends_at"])
    capacity = _capacity(values["capacity"]) if "capacity" in values else None
    entry = occurrence.entry
    if rule_values:
        fields = schedule_edit.session_values({
            "recurrence": DATES, "dates": json.loads(entry.dates),
            "kind": rule_values.get("kind", entry.kind),
            "leader_name": rule_values.get("host_name", entry.leader_name),
            "leader_title": rule_values.get("host_title", entry.leader_title),
            "leader_user": entry.leader_user_id, "start_time": start, "end_time": end,
            "counter": rule_values.get("counter_id", entry.counter_id),
            "on_holiday": entry.on_holiday, "location": rule_values.get("location",
                                                                       entry.location),
            "route_tickets": entry.route_tickets,
            "route_services": json.loads(entry.route_services or "[]"),
        })
    moved = []
    with write_transaction():
        row = session_row(occurrence)
        if capacity is not None:
            # Conditional: a booking committed meanwhile is counted, never undercut.
            changed = (SessionDay.update(capacity=capacity)
                       .where((SessionDay.id == row.id) & (SessionDay.booked <= capacity))
                       .execute())
            if not changed:
                raise Conflict("capacity_below_booked",
                               booked=SessionDay.get_by_id(row.id).booked)
        if (start, end) != (current["starts_at"], current["ends_at"]):
            SessionDay.update(start_time=start, end_time=end).where(
                SessionDay.id == row.id).execute()
            moved = list(Appointment.select().where((Appointment.session_day == row.id)
                                                    & (Appointment.status == BOOKED)))
        if rule_values:
            for key, value in fields.items():
                setattr(entry, key, value)
            entry.updated_by = user
            entry.save()
    _changed()
    return session_view(text), moved


def cancel_session(text, user=None) -> tuple[dict, list[Appointment]]:
    """Cancel one session (one day of a recurring rule, or a one-day session) and every
    booking in it. Return the session and the appointments cancelled with it.

    :raises NotFound: not_found.
    """
    occurrence = _existing(text, cancelled=True)
    moment = clock.stored_now()
    with write_transaction():
        row = session_row(occurrence)
        SessionDay.update(cancelled=True, cancelled_at=moment, cancelled_by=user, booked=0
                          ).where((SessionDay.id == row.id) & ~SessionDay.cancelled).execute()
        cancelled = list(Appointment.select().where((Appointment.session_day == row.id)
                                                    & (Appointment.status == BOOKED)))
        Appointment.update(status=CANCELLED, cancelled_at=moment, cancelled_by="office").where(
            Appointment.id.in_([a.id for a in cancelled])).execute()
        notices.cancelled_by_office(cancelled, occurrence)
    _changed()
    if cancelled:
        notifications.kick()
    occurrence.cancelled = True
    return view(occurrence, SessionDay.get_by_id(row.id)), cancelled


def counter_for(occurrence) -> int | None:
    """Return the open counter a session's appointments go to, or None."""
    counter_id = occurrence.entry.counter_id
    if counter_id and Counter.select().where((Counter.id == counter_id) & Counter.active).exists():
        return counter_id
    return None


def _changed() -> None:
    schedule.invalidate()
    # The board shows today's sessions and the next leader day.
    realtime.queue_changed()
