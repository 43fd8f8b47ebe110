"""The reception schedule: leaders' reception days, the duty roster, and what they imply.

Occurrences are expanded from the rules on demand (nothing is materialised), conflicts and
days without anyone on duty are found over any range, and on a leader's reception day the
tickets issued during the session can be routed to the leader's counter. The rules and shifts
are in models.py; edit.py checks and saves what the schedule forms and the API send.
"""

import calendar
import json
import threading
import time as monotonic_time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from reception import clock
from reception import settings as org_settings
from reception.booking.models import SessionDay
from reception.cases.deadlines import WorkCalendar
from reception.models import Counter, User
from reception.schedule.models import (
    DATES,
    KEEP,
    MONTHLY_DAY,
    MONTHLY_WEEKDAY,
    SKIP,
    UNSCHEDULED,
    WEEKLY,
    DutyShift,
    LeaderReception,
)

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
KIND_LABELS = {"scheduled": "Tiếp định kỳ", UNSCHEDULED: "Tiếp đột xuất"}
DUTY_LABELS = {"tiep_dan": "Trực tiếp công dân", "bao_ve": "Trực bảo vệ", "khac": "Khác"}
DEFAULT_OPTIONS = {
    # Which days need someone on reception duty: "all" (the seed plan: days off, holidays and
    # Tết too), "working_and_holidays" (not ordinary weekends) or "working".
    "duty_days": "all",
    # How many days ahead the public page lists.
    "public_days": 60,
}
OPTIONS_KEY = org_settings.declare("schedule.options", DEFAULT_OPTIONS)
CACHE_SECONDS = 30.0
LOOKAHEAD_DAYS = 400

_cache: dict = {}
_cache_lock = threading.Lock()


@dataclass
class Occurrence:
    """One session of a leader on one day."""

    day: date
    entry: LeaderReception
    start: time
    end: time
    moved_from: date | None = None
    cancelled: bool = False


def options() -> dict:
    """Return the schedule options: stored values over the defaults."""
    return org_settings.merged(OPTIONS_KEY)


def parse_time(value: str) -> time:
    """Return a stored "HH:MM" as a time."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@lru_cache(maxsize=32)
def holiday_names(year: int) -> dict:
    """Return {date: Vietnamese name} of Vietnam's public holidays in a year (Tết included)."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def days_off(first: date, last: date) -> dict:
    """Return {date: name} of public holidays and the admin's days off between two dates."""
    names = {}
    for year in range(first.year, last.year + 1):
        names.update(holiday_names(year))
    work = WorkCalendar(first.year, last.year)
    for day in work.days_off:
        names.setdefault(day, "Ngày nghỉ")
    return {day: name for day, name in names.items() if first <= day <= last}


def _candidates(entry: LeaderReception, first: date, last: date):
    if entry.recurrence == DATES:
        for text in json.loads(entry.dates or "[]"):
            yield date.fromisoformat(text)
        return
    if entry.recurrence == WEEKLY:
        day = first + timedelta(days=(entry.weekday - first.weekday()) % 7)
        while day <= last:
            yield day
            day += timedelta(days=7)
        return
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        length = calendar.monthrange(year, month)[1]
        if entry.recurrence == MONTHLY_DAY:
            yield date(year, month, min(entry.month_day, length))
        elif entry.recurrence == MONTHLY_WEEKDAY:
            days = [date(year, month, d) for d in range(1, length + 1)
                    if date(year, month, d).weekday() == entry.weekday]
            yield days[-1] if entry.week_of_month == -1 else days[entry.week_of_month - 1]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def occurrences(first: date, last: date, entries=None, cancelled: bool = False
                ) -> list[Occurrence]:
    """Return the leaders' sessions between two dates, by day and time.

    A session on a public holiday or day off is moved to the next working day, skipped or
    kept, as its entry says; a day that is a weekend by rule (a Saturday reception) stays.
    One session of a rule cancelled on its own (reception.booking) is left out unless
    cancelled is true; its own hours, when changed, replace the rule's.
    """
    if entries is None:
        entries = list(LeaderReception.select().where(LeaderReception.active))
    # Sessions moved forward from a holiday may come from a little before the range.
    early = first - timedelta(days=21)
    off = days_off(early, last + timedelta(days=21))
    work = WorkCalendar(early.year, last.year + 1)
    found: dict = {}
    for entry in entries:
        for day in _candidates(entry, early, last):
            if entry.valid_from and day < entry.valid_from:
                continue
            if entry.valid_until and day > entry.valid_until:
                continue
            moved_from = None
            if day in off and entry.on_holiday != KEEP:
                if entry.on_holiday == SKIP:
                    continue
                moved_from, day = day, work.next_working_day(day)
            # A session moved off a holiday may land on the rule's own next day: one session,
            # the regular one.
            key = (entry.id, day)
            if first <= day <= last and (key not in found or moved_from is None):
                found[key] = Occurrence(day, entry, parse_time(entry.start_time),
                                        parse_time(entry.end_time), moved_from)
    _apply_session_days(found, first, last)
    return sorted((o for o in found.values() if cancelled or not o.cancelled),
                  key=lambda o: (o.day, o.start, o.entry.id))


def _apply_session_days(found: dict, first: date, last: date) -> None:
    """Mark the sessions cancelled one by one and put in their own hours (reception.booking)."""
    if not found:
        return
    ids = {entry_id for entry_id, _ in found}
    for row in SessionDay.select().where((SessionDay.day >= first) & (SessionDay.day <= last)
                                         & SessionDay.entry.in_(ids)):
        occurrence = found.get((row.entry_id, row.day))
        if occurrence is not None:
            occurrence.cancelled = row.cancelled
            occurrence.start = parse_time(row.start_time) if row.start_time else occurrence.start
            occurrence.end = parse_time(row.end_time) if row.end_time else occurrence.end


def shifts(first: date, last: date) -> list[DutyShift]:
    """Return the duty roster between two dates, by day and time."""
    return list(DutyShift.select().where((DutyShift.day >= first) & (DutyShift.day <= last))
                .order_by(DutyShift.day, DutyShift.start_time, DutyShift.id))


def duty_required(day: date, off: dict, work: WorkCalendar, rule: str) -> bool:
    """Tell whether a day needs someone on reception duty under the options' rule."""
    if rule == "all":
        return True
    if rule == "working_and_holidays":
        return work.is_working(day) or day in off
    return work.is_working(day)


def _person_keys(user_id, name: str) -> set:
    keys = {("name", " ".join(unicodedata.normalize("NFC", name).casefold().split()))}
    if user_id:
        keys.add(("user", user_id))
    return keys


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def review(first: date, last: date) -> list[dict]:
    """Return every day between two dates with its sessions, duty shifts, day off and flags.

    Flags: a leader session without an open counter, the same person in two places at once,
    two sessions at one counter at once, and a day that needs someone on duty but has none.
    """
    sessions = occurrences(first, last)
    roster = shifts(first, last)
    off = days_off(first, last)
    work = WorkCalendar(first.year, last.year)
    rule = options()["duty_days"]
    counters = {c.id: c for c in Counter.select()}
    days = []
    day = first
    while day <= last:
        today_sessions = [o for o in sessions if o.day == day]
        today_shifts = [s for s in roster if s.day == day]
        flags = []
        for occurrence in today_sessions:
            counter = counters.get(occurrence.entry.counter_id)
            if counter is None or not counter.active:
                flags.append({"kind": "no_counter", "message":
                              f"Buổi tiếp của {occurrence.entry.leader_name} chưa bố trí quầy "
                              "đang hoạt động."})
        flags += _clashes(today_sessions, today_shifts, counters)
        if duty_required(day, off, work, rule) and not any(
            s.duty == "tiep_dan" for s in today_shifts
        ):
            flags.append({"kind": "no_duty", "message": "Chưa có cán bộ trực tiếp công dân."})
        days.append({"date": day, "weekday": WEEKDAYS[day.weekday()], "day_off": off.get(day),
                     "working": work.is_working(day), "sessions": today_sessions,
                     "shifts": today_shifts, "flags": flags})
        day += timedelta(days=1)
    return days


def _clashes(sessions, roster, counters) -> list[dict]:
    items = [(_person_keys(o.entry.leader_user_id, o.entry.leader_name), o.start, o.end,
              o.entry.leader_name) for o in sessions]
    items += [(_person_keys(s.user_id, s.person_name), parse_time(s.start_time),
               parse_time(s.end_time), s.person_name) for s in roster]
    flags, named = [], set()
    for index, (keys, start, end, name) in enumerate(items):
        for other_keys, other_start, other_end, _ in items[index + 1:]:
            if keys & other_keys and _overlap(start, end, other_start, other_end) and (
                name not in named
            ):
                named.add(name)
                flags.append({"kind": "double_booked",
                              "message": f"{name} có hai việc trùng giờ trong ngày."})
    for index, one in enumerate(sessions):
        for other in sessions[index + 1:]:
            same = one.entry.counter_id and one.entry.counter_id == other.entry.counter_id
            if same and _overlap(one.start, one.end, other.start, other.end):
                counter = counters[one.entry.counter_id]
                flags.append({"kind": "counter_clash",
                              "message": f"{counter.name} có hai buổi tiếp trùng giờ."})
    return flags


def session_view(occurrence: Occurrence) -> dict:
    """Return one leader session as public JSON (the schedule is posted publicly by law)."""
    entry = occurrence.entry
    counter = entry.counter if entry.counter_id else None
    return {
        "date": occurrence.day.isoformat(),
        "weekday": WEEKDAYS[occurrence.day.weekday()],
        "weekday_index": occurrence.day.weekday(),
        "start": occurrence.start.strftime("%H:%M"),
        "end": occurrence.end.strftime("%H:%M"),
        "leader_name": entry.leader_name,
        "leader_title": entry.leader_title,
        "kind": entry.kind,
        "kind_label": KIND_LABELS.get(entry.kind, entry.kind),
        "location": entry.location,
        "counter": {"number": counter.number, "name": counter.name} if counter else None,
        "moved_from": occurrence.moved_from.isoformat() if occurrence.moved_from else None,
        "note": entry.note,
    }


WEEK_NAMES = {1: "thứ nhất", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", -1: "cuối cùng"}


def describe(entry: LeaderReception) -> str:
    """Return a rule in Vietnamese words: "Thứ Năm hằng tuần", "Ngày 15 hằng tháng"..."""
    if entry.recurrence == WEEKLY:
        rule = f"{WEEKDAYS[entry.weekday]} hằng tuần"
    elif entry.recurrence == MONTHLY_DAY:
        rule = f"Ngày {entry.month_day} hằng tháng"
    elif entry.recurrence == MONTHLY_WEEKDAY:
        rule = f"{WEEKDAYS[entry.weekday]} tuần {WEEK_NAMES[entry.week_of_month]} hằng tháng"
    else:
        days = [date.fromisoformat(d).strftime("%d/%m/%Y") for d in json.loads(entry.dates)]
        rule = "Ngày " + ", ".join(days)
    return f"{rule}, {entry.start_time}–{entry.end_time}"


def invalidate() -> None:
    """Forget the cached sessions (called after every change to the schedule)."""
    with _cache_lock:
        _cache.clear()


def _cached(name: str, day: date, compute):
    key = (name, day)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] > monotonic_time.monotonic():
            return hit[1]
    value = compute()
    with _cache_lock:
        _cache[key] = (monotonic_time.monotonic() + CACHE_SECONDS, value)
    return value


def board_schedule(today: date | None = None) -> dict:
    """Return today's leader sessions and the next leader reception day, for the board."""
    today = today or clock.today()

    def compute():
        """Expand the sessions of the next LOOKAHEAD_DAYS days."""
        sessions = occurrences(today, today + timedelta(days=LOOKAHEAD_DAYS))
        current = [session_view(o) for o in sessions if o.day == today]
        later = [o for o in sessions if o.day > today]
        upcoming = None
        if later:
            first_day = later[0].day
            upcoming = {"date": first_day.isoformat(), "weekday": WEEKDAYS[first_day.weekday()],
                        "sessions": [session_view(o) for o in later if o.day == first_day]}
        on_duty = DutyShift.select().where((DutyShift.day == today)
                                           & (DutyShift.duty == "tiep_dan")).exists()
        return {"today": current, "next_leader_day": upcoming, "duty_today": on_duty}

    return _cached("board", today, compute)


def routing_counter(service, now: datetime) -> int | None:
    """Return the counter id a ticket issued now goes to on a leader's reception day, or None.

    Only sessions whose entry routes tickets, during the session's hours, for all services or
    the listed ones, and only to an open counter.
    """
    day = now.date()

    def compute():
        """List today's routing sessions as (start, end, counter id, service codes)."""
        return [(o.start, o.end, o.entry.counter_id, json.loads(o.entry.route_services or "[]"))
                for o in occurrences(day, day) if o.entry.route_tickets and o.entry.counter_id]

    moment = now.time()
    for start, end, counter_id, codes in _cached("routing", day, compute):
        if start <= moment < end and (not codes or service.code in codes):
            if Counter.select().where((Counter.id == counter_id) & Counter.active).exists():
                return counter_id
    return None


def leader_choices() -> list[User]:
    """Return the active leader and admin accounts a session may be linked to."""
    return list(User.select().where(User.active & User.role.in_(("leader", "admin")))
                .order_by(User.full_name, User.username))
