"""How many are ahead of a waiting ticket and how long it will likely wait."""

import math
from statistics import median

from peewee import fn

from reception import clock
from reception.models import SERVED, WAITING, Counter, CounterService, Ticket

DEFAULT_SERVICE_MINUTES = 10


def counters_for(ticket: Ticket) -> list[int]:
    """Return the ids of active counters that may call this ticket."""
    if ticket.target_counter_id:
        return [ticket.target_counter_id]
    return [
        link.counter_id
        for link in CounterService.select(CounterService.counter)
        .join(Counter)
        .where((CounterService.service == ticket.service_id) & Counter.active)
    ]


def ahead_of(ticket: Ticket, counters: list[int] | None = None) -> int:
    """Count the waiting tickets that any counter able to serve this one would call first."""
    if counters is None:
        counters = counters_for(ticket)
    if not counters:
        return 0
    services = CounterService.select(CounterService.service).where(
        CounterService.counter.in_(counters)
    )
    before = (Ticket.priority_rank > ticket.priority_rank) | (
        (Ticket.priority_rank == ticket.priority_rank)
        & (
            (Ticket.queued_at < ticket.queued_at)
            | ((Ticket.queued_at == ticket.queued_at) & (Ticket.id < ticket.id))
        )
    )
    reachable = Ticket.target_counter.in_(counters) | (
        Ticket.target_counter.is_null() & Ticket.service.in_(services)
    )
    return (
        Ticket.select(fn.COUNT(Ticket.id))
        .where((Ticket.status == WAITING) & (Ticket.day == ticket.day) & reachable & before)
        .scalar()
    )


def typical_meeting_minutes(day) -> float:
    """Return the median length of the day's last meetings, or the default before any."""
    rows = (
        Ticket.select(Ticket.called_at, Ticket.finished_at)
        .where((Ticket.day == day) & (Ticket.status == SERVED) & Ticket.called_at.is_null(False))
        .order_by(Ticket.finished_at.desc())
        .limit(20)
    )
    lengths = [(row.finished_at - row.called_at).total_seconds() / 60 for row in rows]
    if len(lengths) < 3:
        return DEFAULT_SERVICE_MINUTES
    return max(1.0, median(lengths))


def position(ticket: Ticket) -> tuple[int, int]:
    """Return (tickets ahead, estimated minutes until called) for a waiting ticket."""
    counters = counters_for(ticket)
    ahead = ahead_of(ticket, counters)
    if ahead == 0:
        return 0, 0
    minutes = ahead * typical_meeting_minutes(ticket.day or clock.today()) / max(1, len(counters))
    return ahead, math.ceil(minutes)
