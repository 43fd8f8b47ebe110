"""The hall's history, replayed from the stored logs of ticket and walk-in transitions.

Nothing here is a live counter: the day chart and the hourly counts are recomputed from
TicketEvent and WalkInEvent rows, so they survive restarts and can be recomputed at will.
"""

from datetime import date, datetime, timedelta

from reception import clock
from reception.crowd.models import DEPARTED, WalkIn, WalkInEvent
from reception.errors import Invalid
from reception.models import IN_HALL, Ticket, TicketEvent

MAX_DAYS = 366


def _events(first: date, last: date) -> list[tuple]:
    """Return (at, subject, people_after, arrived_people, local_day) for the days, in order.

    people_after is what the subject (a ticket or a walk-in delegation) adds to the hall after
    the event; arrived_people is its size when the event is an arrival, else 0.
    """
    rows = []
    for at, ticket_id, kind, status, size, day in (
        TicketEvent.select(TicketEvent.at, TicketEvent.ticket, TicketEvent.kind,
                           TicketEvent.status_after, TicketEvent.party_size, Ticket.day)
        .join(Ticket)
        .where((Ticket.day >= first) & (Ticket.day <= last))
        .tuples()
    ):
        rows.append((at, ("t", ticket_id), size if status in IN_HALL else 0,
                     size if kind == "issued" else 0, _as_date(day)))
    for at, walk_in_id, kind, size, day in (
        WalkInEvent.select(WalkInEvent.at, WalkInEvent.walk_in, WalkInEvent.kind,
                           WalkInEvent.party_size, WalkIn.day)
        .join(WalkIn)
        .where((WalkIn.day >= first) & (WalkIn.day <= last))
        .tuples()
    ):
        rows.append((at, ("w", walk_in_id), 0 if kind == DEPARTED else size,
                     size if kind == "arrived" else 0, _as_date(day)))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _replay(rows):
    """Yield (local_time, people_in_hall, row) after each event.

    The count is kept per ticket day, so a ticket of yesterday that is expired this morning
    never shows in today's figures.
    """
    present: dict = {}
    people: dict[date, int] = {}
    for row in rows:
        at, subject, after, _arrived, day = row
        people[day] = people.get(day, 0) + after - present.get(subject, 0)
        present[subject] = after
        yield clock.from_storage(at), people[day], row


def day_series(day: date) -> dict:
    """Return people in the hall through one local day, minute by minute where it changed."""
    points: dict[int, dict] = {}
    peak = {"people": 0, "at": None}
    arrivals = tickets = walk_ins = 0
    for local, people, row in _replay(_events(day, day)):
        minute = local.hour * 60 + local.minute if local.date() == day else 24 * 60 - 1
        point = points.setdefault(minute, {"minute": minute, "people": people, "peak": people})
        point["people"] = people
        point["peak"] = max(point["peak"], people)
        if people > peak["people"]:
            peak = {"people": people, "at": local.isoformat(timespec="seconds")}
        if row[3]:
            arrivals += row[3]
            tickets += row[1][0] == "t"
            walk_ins += row[1][0] == "w"
    series = [points[minute] for minute in sorted(points)]
    for point in series:
        point["time"] = f"{point['minute'] // 60:02d}:{point['minute'] % 60:02d}"
    return {"date": day.isoformat(), "points": series, "peak": peak,
            "people_arrived": arrivals, "tickets": tickets, "walk_ins": walk_ins}


def hourly(days: int = 30, last: date | None = None) -> dict:
    """Return arrivals and the peak head count by hour of the day over the last `days` days.

    :raises ReceptionError: days outside 1–366.
    """
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise Invalid("bad_period", detail=f"số ngày phải từ 1 đến {MAX_DAYS}",
                      detail_en=f"days must be between 1 and {MAX_DAYS}")
    last = last or clock.today()
    first = last - timedelta(days=days - 1)
    per_day: dict[date, dict] = {}
    now = clock.now()
    for local, people, row in _replay(_events(first, last)):
        day = row[4]
        record = per_day.setdefault(day, {"arrivals": [0] * 24, "peak": [0] * 24,
                                          "level": 0, "hour": 0})
        hour = local.hour if local.date() == day else 23
        # Hours without events keep the count the previous hour ended with.
        for gap in range(record["hour"] + 1, hour + 1):
            record["peak"][gap] = max(record["peak"][gap], record["level"])
        record["hour"] = max(record["hour"], hour)
        record["peak"][hour] = max(record["peak"][hour], people)
        record["level"] = people
        record["arrivals"][hour] += row[3]
    for day, record in per_day.items():
        end = now.hour if day == now.date() else 23
        for gap in range(record["hour"] + 1, end + 1):
            record["peak"][gap] = max(record["peak"][gap], record["level"])
    open_days = [d for d in sorted(per_day) if sum(per_day[d]["arrivals"])]
    by_hour = []
    for hour in range(24):
        arrived = [per_day[d]["arrivals"][hour] for d in open_days]
        peaks = [per_day[d]["peak"][hour] for d in open_days]
        by_hour.append({
            "hour": hour,
            "people_arrived": sum(arrived),
            "average_arrivals": round(sum(arrived) / len(open_days), 1) if open_days else 0,
            "max_arrivals": max(arrived, default=0),
            "average_peak": round(sum(peaks) / len(open_days), 1) if open_days else 0,
            "max_peak": max(peaks, default=0),
        })
    return {
        "from": first.isoformat(), "to": last.isoformat(), "days": days,
        "open_days": len(open_days),
        "by_hour": by_hour,
        "by_day": [{"date": d.isoformat(), "arrivals": per_day[d]["arrivals"],
                    "peak": per_day[d]["peak"]} for d in open_days],
    }


def parse_day(value: str | None) -> date:
    """Return the local date a query asks for (YYYY-MM-DD), today when none is given.

    :raises ReceptionError: a malformed date, an empty one included.
    """
    if value is None:
        return clock.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise Invalid("bad_period", detail="ngày phải có dạng YYYY-MM-DD",
                      detail_en="the date must be YYYY-MM-DD") from error

