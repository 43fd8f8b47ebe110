"""How many are ahead of a waiting ticket and how long it will likely wait."""

import math
from statistics import median

from reception import clock
from reception.extensions import db
from reception.models import SERVED, WAITING, Counter, CounterService, Ticket

# The tickets from a place on (offset 0: the next one) in a counter's line, in calling order:
# a higher priority rank first, then the earlier arrival (a transfer keeps it), then the lower
# id. Read off models.CALLING_ORDER_INDEX, which holds the waiting tickets in this order;
# written out once because every call and every desk snapshot runs it.
IN_LINE_SQL = (
    'SELECT {columns} FROM "ticket" t WHERE t.status = {p} AND t.day = {p}'
    " AND (t.target_counter_id = {p} OR (t.target_counter_id IS NULL AND t.service_id IN"
    ' (SELECT cs.service_id FROM "counter_service" cs WHERE cs.counter_id = {p})))'
    " ORDER BY t.priority_rank DESC, t.queued_at, t.id LIMIT {limit} OFFSET {offset}"
)


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


# The count behind every ticket answer, written out once: building it with peewee's query
# builder on each request cost more than running it (make bench: issuing tickets).
AHEAD_SQL = (
    "SELECT COUNT(*) FROM {ticket} t WHERE t.status = {p} AND t.day = {p}"
    " AND (t.target_counter_id IN ({counters}) OR (t.target_counter_id IS NULL"
    " AND t.service_id IN (SELECT cs.service_id FROM {links} cs"
    " WHERE cs.counter_id IN ({counters}))))"
    " AND (t.priority_rank > {p} OR (t.priority_rank = {p}"
    " AND (t.queued_at < {p} OR (t.queued_at = {p} AND t.id < {p}))))"
)


def ahead_of(ticket: Ticket, counters: list[int] | None = None) -> int:
    """Count the waiting tickets that any counter able to serve this one would call first.

    Those are the day's waiting tickets meant for one of these counters (sent to it, or of a
    service it serves) that come first: a higher priority rank, or the same rank and an
    earlier place (queued_at, then id).
    """
    if counters is None:
        counters = counters_for(ticket)
    if not counters:
        return 0
    param = db.obj.param
    marks = ", ".join([param] * len(counters))
    sql = AHEAD_SQL.format(ticket=Ticket._meta.table_name, links=CounterService._meta.table_name,
                           p=param, counters=marks)
    queued_at = Ticket.queued_at.db_value(ticket.queued_at)
    params = [WAITING, Ticket.day.db_value(ticket.day), *counters, *counters,
              ticket.priority_rank, ticket.priority_rank, queued_at, queued_at, ticket.id]
    return db.execute_sql(sql, params).fetchone()[0]


# The day's last meetings, read off the (status, day, finished_at) index: every ticket answer
# asks, so it is written out once rather than built on each request.
RECENT_MEETINGS_SQL = (
    'SELECT t.called_at, t.finished_at FROM "ticket" t WHERE t.status = {p} AND t.day = {p}'
    " AND t.called_at IS NOT NULL ORDER BY t.finished_at DESC LIMIT 20"
)


def typical_meeting_minutes(day, service_minutes: int) -> float:
    """Return the median length of the day's last meetings, or service_minutes (the
    configured default, RECEPTION_DEFAULT_SERVICE_MINUTES) before there are three."""
    sql = RECENT_MEETINGS_SQL.format(p=db.obj.param)
    called, finished = Ticket.called_at.python_value, Ticket.finished_at.python_value
    lengths = [
        (finished(end) - called(start)).total_seconds() / 60
        for start, end in db.execute_sql(sql, [SERVED, Ticket.day.db_value(day)]).fetchall()
    ]
    if len(lengths) < 3:
        return service_minutes
    return max(1.0, median(lengths))


def position(ticket: Ticket, service_minutes: int) -> tuple[int, int]:
    """Return (tickets ahead, estimated minutes until called) for a waiting ticket, meetings
    taking service_minutes until the day has three to learn from."""
    counters = counters_for(ticket)
    ahead = ahead_of(ticket, counters)
    if ahead == 0:
        return 0, 0
    typical = typical_meeting_minutes(ticket.day or clock.today(), service_minutes)
    minutes = ahead * typical / max(1, len(counters))
    return ahead, math.ceil(minutes)


# The hall's order, whatever the matter: what a citizen is told may not depend on the matter,
# or a ticket's wait would tell a denunciation from any other ticket (Luật Tố cáo Điều 8.3).
# Three counts of index ranges (a higher rank; the same rank, earlier; the same moment, a lower
# id) instead of one OR over every waiting ticket: SQLite walks only the entries ahead, without
# testing a condition on each (3× less CPU with 5,000 waiting, make bench).
HALL_AHEAD_SQL = (
    "SELECT (SELECT COUNT(*) FROM {ticket} t WHERE t.status = {p} AND t.day = {p}"
    " AND t.priority_rank > {p})"
    " + (SELECT COUNT(*) FROM {ticket} t WHERE t.status = {p} AND t.day = {p}"
    " AND t.priority_rank = {p} AND t.queued_at < {p})"
    " + (SELECT COUNT(*) FROM {ticket} t WHERE t.status = {p} AND t.day = {p}"
    " AND t.priority_rank = {p} AND t.queued_at = {p} AND t.id < {p}),"
    # The open counters, in the same statement: one round trip less on every ticket answer.
    ' (SELECT COUNT(*) FROM "counter" c WHERE c.active)'
)


def hall_position(ticket: Ticket, service_minutes: int) -> tuple[int, int]:
    """Return (tickets ahead in the whole hall, estimated minutes) for public screens.

    Counted over every waiting ticket of the day in calling order and every open counter, never
    over the counters of the ticket's own matter, so two tickets at the same place in the
    day's queue get the same answer whatever they came for.
    """
    param = db.obj.param
    sql = HALL_AHEAD_SQL.format(ticket=Ticket._meta.table_name, p=param)
    queued_at = Ticket.queued_at.db_value(ticket.queued_at)
    day, rank = Ticket.day.db_value(ticket.day), ticket.priority_rank
    params = [WAITING, day, rank, WAITING, day, rank, queued_at,
              WAITING, day, rank, queued_at, ticket.id]
    ahead, counters = db.execute_sql(sql, params).fetchone()
    if ahead == 0:
        return 0, 0
    typical = typical_meeting_minutes(ticket.day or clock.today(), service_minutes)
    minutes = ahead * typical / max(1, counters)
    return ahead, math.ceil(minutes)
