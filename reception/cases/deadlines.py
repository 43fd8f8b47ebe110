"""Legal time limits: working days skip weekends, Vietnam's public holidays (Tết included,
from the `holidays` package) and days off the admin adds; calendar-day limits ending on a day
off move to the next working day (Bộ luật Dân sự 2015 Điều 148.5, configurable).

Limits come from options "cases.deadline_limits" (defaults: the domain doc's table).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from reception import clock
from reception.cases import audit, options
from reception.cases.models import Case, CaseStep, DayOff, Deadline
from reception.database import write_transaction
from reception.errors import Conflict

RESOLUTION_KINDS = ("complaint_first", "complaint_second", "denunciation_resolve")


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset:
    """Return Vietnam's public holidays of a year (Tết, Hùng Kings, 30/4, 1/5, 2/9...)."""
    return frozenset(holidays.country_holidays("VN", years=year).keys())


class WorkCalendar:
    """Working days between two years: weekends, public holidays and admin days off skipped."""

    def __init__(self, first_year: int, last_year: int):
        self.days_off = set()
        for year in range(first_year, last_year + 1):
            self.days_off |= public_holidays(year)
        self.days_off |= {
            row.day
            for row in DayOff.select().where(
                (DayOff.day >= date(first_year, 1, 1)) & (DayOff.day <= date(last_year, 12, 31))
            )
        }

    def is_working(self, day: date) -> bool:
        """Tell whether a day is a working day."""
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: date, count: int) -> date:
        """Return the count-th working day after start (start itself is not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """Return day itself when it is a working day, else the next working day."""
        while not self.is_working(day):
            day += timedelta(days=1)
        return day


def calendar_for(start: date, span_days: int = 200) -> WorkCalendar:
    """Return a calendar covering start and the following span_days."""
    return WorkCalendar(start.year, (start + timedelta(days=span_days * 2)).year)


def add_working_days(start: date, count: int) -> date:
    """Return the count-th working day after start."""
    return calendar_for(start, count).add_working_days(start, count)


def limit_days(spec: dict, complex_case: bool = False, remote_area: bool = False) -> int:
    """Return the number of days a limit allows for a case's complexity and remoteness."""
    if remote_area and complex_case and "remote_complex" in spec:
        return int(spec["remote_complex"])
    if remote_area and "remote" in spec:
        return int(spec["remote"])
    if complex_case and "complex" in spec:
        return int(spec["complex"])
    return int(spec["days"])


def due_date(start: date, days: int, working: bool, calendar: WorkCalendar | None = None) -> date:
    """Return the due date of a limit of `days` (working or calendar) counted from start."""
    calendar = calendar or calendar_for(start, days)
    if working:
        return calendar.add_working_days(start, days)
    end = start + timedelta(days=days)
    if options.get("cases.roll_to_working_day"):
        end = calendar.next_working_day(end)
    return end


def kinds_for(matter_type: str, handling: str, resolution_round: int = 1) -> list[str]:
    """Return the kinds of limit that a visit with this matter and handling starts."""
    kinds = ["reply_visitor"]
    if handling == "chuyen_don":
        kinds.append("transfer_report")
    if handling == "thu_ly" and matter_type == "khieu_nai":
        kinds.append("complaint_second" if resolution_round == 2 else "complaint_first")
    if handling == "thu_ly" and matter_type == "to_cao":
        kinds += ["denunciation_accept", "denunciation_resolve"]
    return kinds


def plan(case: Case, visit, user=None) -> list[Deadline]:
    """Create the limits a visit starts on its case, skipping kinds already running."""
    limits = options.get("cases.deadline_limits")
    running = {
        row.kind for row in Deadline.select().where(
            (Deadline.case == case) & Deadline.met_at.is_null()
        )
    }
    created = []
    for kind in kinds_for(visit.matter_type, visit.handling, case.resolution_round):
        if kind in running or kind not in limits:
            continue
        spec = limits[kind]
        start = (case.accepted_on or visit.received_on) if kind in RESOLUTION_KINDS else (
            visit.received_on
        )
        days = limit_days(spec, case.complex_case, case.remote_area)
        created.append(Deadline.create(
            case=case, visit=visit, kind=kind, start_on=start, days=days,
            working_days=bool(spec.get("working")), due_on=due_date(start, days, spec["working"]),
            source=spec.get("source", ""),
        ))
    return created


def recompute(case: Case) -> None:
    """Recompute running resolution limits after acceptance date or complexity changed."""
    limits = options.get("cases.deadline_limits")
    for row in Deadline.select().where(
        (Deadline.case == case) & Deadline.met_at.is_null() & Deadline.kind.in_(RESOLUTION_KINDS)
    ):
        spec = limits.get(row.kind)
        if spec is None:
            continue
        row.start_on = case.accepted_on or row.start_on
        row.days = limit_days(spec, case.complex_case, case.remote_area)
        extra = row.extensions * int(spec.get("extension_days", 0))
        row.due_on = due_date(row.start_on, row.days + extra, bool(spec.get("working")))
        row.save()


def close_all(case: Case, moment) -> None:
    """Mark every running limit of a closed case as met."""
    Deadline.update(met_at=moment).where(
        (Deadline.case == case) & Deadline.met_at.is_null()
    ).execute()


def mark_met(deadline: Deadline, user) -> Deadline:
    """Mark one limit as met (reply sent, report received); the caller checked access."""
    with write_transaction():
        row = Deadline.get_by_id(deadline.id)
        if row.met_at is None:
            row.met_at = clock.stored_now()
            row.save()
            CaseStep.create(case=row.case, at=row.met_at, user=user, kind="deadline_met",
                            detail=_label(row.kind))
            audit.log(user, "deadline.met", "case", row.case_id, {"deadline": row.id})
        return row


def extend(deadline: Deadline, user) -> Deadline:
    """Extend a limit the law allows extending (a denunciation: once, twice if complex).

    :raises ReceptionError: the limit cannot be extended, or no extension is left.
    """
    with write_transaction():
        row = Deadline.get_by_id(deadline.id)
        spec = options.get("cases.deadline_limits").get(row.kind, {})
        if not spec.get("extension_days") or row.met_at is not None:
            raise Conflict("deadline_not_extendable")
        maximum = int(spec.get("max_extensions_complex" if row.case.complex_case
                               else "max_extensions", 1))
        if row.extensions >= maximum:
            raise Conflict("deadline_extension_limit", maximum=maximum)
        row.extensions += 1
        row.due_on = due_date(row.due_on, int(spec["extension_days"]), bool(spec.get("working")))
        row.save()
        CaseStep.create(case=row.case, at=clock.stored_now(), user=user, kind="deadline_extended",
                        detail=f"{_label(row.kind)}: đến {row.due_on:%d/%m/%Y}")
        audit.log(user, "deadline.extend", "case", row.case_id,
                  {"deadline": row.id, "due_on": row.due_on.isoformat()})
        return row


def near_limit(today: date | None = None) -> date:
    """Return the last date that still counts as "near" a deadline seen from today."""
    today = today or clock.today()
    return add_working_days(today, int(options.get("cases.near_working_days")))


def flag(rows, today: date, near: date) -> str | None:
    """Return "overdue", "near" or None for a case's limits."""
    running = [row.due_on for row in rows if row.met_at is None]
    if any(due < today for due in running):
        return "overdue"
    if any(due <= near for due in running):
        return "near"
    return None


def deadline_view(row: Deadline, today: date, near: date) -> dict:
    """Return the JSON shape of a limit."""
    state = "met" if row.met_at else ("overdue" if row.due_on < today else (
        "near" if row.due_on <= near else "running"))
    return {
        "id": row.id, "kind": row.kind, "label": _label(row.kind),
        "start_on": row.start_on.isoformat(), "days": row.days,
        "unit": "ngày làm việc" if row.working_days else "ngày",
        "due_on": row.due_on.isoformat(), "source": row.source,
        "extensions": row.extensions, "met_at": clock.iso(row.met_at), "state": state,
    }


def _label(kind: str) -> str:
    return options.DEFAULT_LIMITS.get(kind, {}).get("label", kind)


def days_off(year: int) -> list[dict]:
    """Return the public holidays and admin days off of a year."""
    listed = [{"day": day.isoformat(), "reason": str(name), "source": "holidays"}
              for day, name in sorted(holidays.country_holidays("VN", years=year).items())]
    listed += [{"day": row.day.isoformat(), "reason": row.reason, "source": "admin"}
               for row in DayOff.select().where(
                   (DayOff.day >= date(year, 1, 1)) & (DayOff.day <= date(year, 12, 31)))]
    return sorted(listed, key=lambda item: item["day"])


def add_day_off(day: date, reason: str, user) -> None:
    """Add (or rename) a day off; limits computed afterwards skip it."""
    with write_transaction():
        DayOff.insert(day=day, reason=reason, created_by=user).on_conflict(
            conflict_target=[DayOff.day], update={DayOff.reason: reason}
        ).execute()
        audit.log(user, "dayoff.add", "day_off", day.isoformat(), {"reason": reason})


def remove_day_off(day: date, user) -> bool:
    """Remove an admin day off; return whether there was one."""
    with write_transaction():
        removed = DayOff.delete().where(DayOff.day == day).execute()
        audit.log(user, "dayoff.remove", "day_off", day.isoformat())
        return bool(removed)
