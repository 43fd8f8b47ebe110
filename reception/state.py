"""Snapshots of the queue for the display board, the API and the officer desks."""

from dataclasses import dataclass
from datetime import datetime, time

from reception import clock, schedule, statements, tallies
from reception import settings as org_settings
from reception.desk_access import SEE_ALL_ROLES
from reception.extensions import db
from reception.models import (
    CALLED,
    OPEN_AT_COUNTER,
    WAITING,
    Counter,
    Service,
    Ticket,
    TicketEvent,
)
from reception.waiting import IN_LINE_SQL

LAST_CALLS = 6
# Waiting tickets a desk lists (static/js/desk.js MAX_LISTED); the rest is a count.
DESK_LISTED = 40


# What every publish reads of the counters, written out once (reception.statements).
COUNTERS_SQL = 'SELECT * FROM "counter" WHERE active ORDER BY number'
LINKS_SQL = 'SELECT counter_id, service_id FROM "counter_service"'
OPEN_TICKETS_SQL = ('SELECT * FROM "ticket" WHERE status IN ({p}, {p})'
                    " AND counter_id IS NOT NULL ORDER BY called_at")


def _counter_rows(services: dict):
    counters = list(statements.rows(Counter, COUNTERS_SQL, []))
    links: dict[int, set[int]] = {}
    for counter_id, service_id in db.execute_sql(LINKS_SQL).fetchall():
        links.setdefault(counter_id, set()).add(service_id)
    open_rows = list(statements.rows(Ticket, OPEN_TICKETS_SQL.format(p=db.obj.param),
                                     list(OPEN_AT_COUNTER)))
    statements.attach(open_rows, "service", services)
    open_tickets = {ticket.counter_id: ticket for ticket in open_rows}
    return counters, links, open_tickets


@dataclass
class Facts:
    """What the board's, the desks' and the API's snapshots share, read once per publish."""

    day: object
    totals: list
    services: dict
    counters: list
    links: dict
    open_tickets: dict

    @property
    def groups(self) -> list[tuple]:
        """Return (service_id, target_counter_id, tickets, people) of the waiting tickets."""
        return [(t.service_id, t.target_counter_id, t.tickets, t.people)
                for t in self.totals if t.waiting]


def facts() -> Facts:
    """Read today's waiting totals and the counters once, for several snapshots."""
    day = clock.today()
    services = statements.every(Service)
    return Facts(day, tallies.in_hall(day), services, *_counter_rows(services))


def _waiting_at(counter_id, links, groups) -> int:
    served = links.get(counter_id, set())
    return sum(
        tickets
        for service_id, target, tickets, _people in groups
        if target == counter_id or (target is None and service_id in served)
    )


# A board's last calls: the newest calls and recalls of the day, read off the (kind, at)
# index one kind at a time (a query that joined every event of the day would walk back over
# every ticket issued since the calls); written out once because every publish runs it.
LAST_CALLS_SQL = (
    'SELECT e.at, e.id, t.number, c.id, c.number, c.name FROM "ticket_event" e'
    ' JOIN "ticket" t ON t.id = e.ticket_id JOIN "counter" c ON c.id = e.counter_id'
    " WHERE e.kind = {p} AND e.at >= {p} ORDER BY e.at DESC, e.id DESC LIMIT {limit}"
)


def _last_calls(day) -> list[dict]:
    since = TicketEvent.at.db_value(
        clock.to_storage(datetime.combine(day, time.min, tzinfo=clock.TIMEZONE)))
    sql = LAST_CALLS_SQL.format(p=db.obj.param, limit=LAST_CALLS)
    at = TicketEvent.at.python_value
    events = []
    for kind in ("called", "recalled"):
        events.extend((at(row[0]), *row[1:]) for row in db.execute_sql(sql, [kind, since]))
    events = sorted(events, key=lambda e: (e[0], e[1]), reverse=True)[:LAST_CALLS]
    return [
        {
            "number": number,
            "counter": {"id": counter_id, "number": counter_number, "name": counter_name},
            "called_at": clock.iso(moment),
        }
        for moment, _id, number, counter_id, counter_number, counter_name in events
    ]


def display_state(shared: Facts | None = None) -> dict:
    """Return the display board's snapshot, which anyone in the hall may read.

    It holds no matter and no count that could be narrowed down to one (a count per matter, or
    per counter where counters serve different matters, would tell the hall how many came to
    denounce, and when): the waiting total, what each counter is calling, the last calls.
    """
    shared = shared or facts()
    day, groups, counters, open_tickets = (shared.day, shared.groups, shared.counters,
                                           shared.open_tickets)
    values = org_settings.all_settings()
    return {
        "date": day.isoformat(),
        "org_name": values["org_name"],
        "notice_text": values["notice_text"],
        "waiting_total": sum(g[2] for g in groups),
        "counters": [
            {
                "id": counter.id,
                "number": counter.number,
                "name": counter.name,
                "serving": open_tickets[counter.id].number if counter.id in open_tickets else None,
                "status": open_tickets[counter.id].status if counter.id in open_tickets else None,
            }
            for counter in counters
        ],
        "last_calls": _last_calls(day),
        # Today's leader sessions and the next leader reception day (public by law).
        "schedule": schedule.board_schedule(day),
    }


def queue_summary(staff: bool = False) -> dict:
    """Return the /api/v1/queue document: totals and who is served at which counter.

    :param staff: add the waiting count per matter and each served ticket's matter, which
        only signed-in reception staff may read.
    """
    shared = facts()
    day, groups, open_tickets = shared.day, shared.groups, shared.open_tickets
    summary = {
        "date": day.isoformat(),
        "tickets_waiting": sum(g[2] for g in groups),
        "people_waiting": int(sum(g[3] or 0 for g in groups)),
        "serving": [
            {"number": ticket.number, "status": ticket.status, "counter": {"id": ticket.counter_id}}
            for ticket in open_tickets.values()
        ],
    }
    if staff:
        services = shared.services
        waiting = {s.code: 0 for s in services.values() if s.active}
        for service_id, _target, tickets, _people in groups:
            code = services[service_id].code
            waiting[code] = waiting.get(code, 0) + tickets
        summary["waiting"] = waiting
        for row, ticket in zip(summary["serving"], open_tickets.values(), strict=True):
            row["service"] = ticket.service.code
    return summary


# The columns of a desk's waiting list, read with waiting.IN_LINE_SQL (once per counter) and
# DESK_PUBLIC_SQL: every publish runs them.
DESK_COLUMNS = ("id", "number", "service_id", "party_size", "is_group", "priority",
                "priority_rank", "target_counter_id", "print_status", "queued_at")
# A desk at no counter: the next tickets of every matter but the confidential ones.
DESK_PUBLIC_SQL = (
    'SELECT {columns} FROM "ticket" t WHERE t.status = {p} AND t.day = {p}'
    ' AND t.service_id NOT IN (SELECT s.id FROM "service" s WHERE s.confidential)'
    " ORDER BY t.priority_rank DESC, t.queued_at, t.id LIMIT {limit}"
)


def desk_state(shared: Facts | None = None) -> dict:
    """Return the officers' snapshot: each counter, and the next tickets in calling order.

    The waiting list holds, for every open counter, the next DESK_LISTED tickets it would
    call, and the next DESK_LISTED of every non-confidential matter (a desk at no counter):
    its size follows the counters, never the length of the queue. Each counter's `waiting`
    is its whole count.
    """
    shared = shared or facts()
    day, groups, counters, links, open_tickets = (
        shared.day, shared.groups, shared.counters, shared.links, shared.open_tickets)
    now = clock.stored_now()
    services = shared.services
    param, columns = db.obj.param, ", ".join(f"t.{c}" for c in DESK_COLUMNS)
    by_counter = IN_LINE_SQL.format(columns=columns, p=param, limit=DESK_LISTED, offset=0)
    day_value = Ticket.day.db_value(day)
    listed: dict[int, tuple] = {}
    for c in counters:
        for row in db.execute_sql(by_counter, [WAITING, day_value, c.id, c.id]).fetchall():
            listed.setdefault(row[0], row)
    public = DESK_PUBLIC_SQL.format(columns=columns, p=param, limit=DESK_LISTED)
    for row in db.execute_sql(public, [WAITING, day_value]).fetchall():
        listed.setdefault(row[0], row)
    queued = Ticket.queued_at.python_value
    waiting = sorted(((row, queued(row[9])) for row in listed.values()),
                     key=lambda pair: (-pair[0][6], pair[1], pair[0][0]))
    return {
        "date": day.isoformat(),
        "listed": DESK_LISTED,
        "waiting": [
            {
                "id": ticket_id,
                "number": number,
                "service": services[service_id].code,
                "service_name": services[service_id].name_vi,
                "party_size": party_size,
                "is_group": bool(is_group),
                "priority": priority,
                "target_counter": target,
                "print_status": print_status,
                "waited_minutes": int((now - queued_at).total_seconds() // 60),
            }
            for (ticket_id, number, service_id, party_size, is_group, priority, _rank, target,
                 print_status, _stored), queued_at in waiting
        ],
        "counters": [
            {
                "id": c.id,
                "number": c.number,
                "name": c.name,
                "services": sorted(links.get(c.id, set())),
                "service_codes": sorted(services[i].code for i in links.get(c.id, set())
                                        if i in services),
                "waiting": _waiting_at(c.id, links, groups),
                "ticket": _open_view(open_tickets.get(c.id)),
            }
            for c in counters
        ],
    }


def _open_view(ticket: Ticket | None) -> dict | None:
    if ticket is None:
        return None
    return {
        "id": ticket.id,
        "number": ticket.number,
        "status": ticket.status,
        "service": ticket.service.code,
        "service_name": ticket.service.name_vi,
        "party_size": ticket.party_size,
        "is_group": ticket.is_group,
        "priority": ticket.priority,
        "called_at": clock.iso(ticket.called_at),
        "started_at": clock.iso(ticket.started_at),
        "recalled": ticket.status == CALLED and ticket.recalls > 0,
    }


def confidential_codes(services: dict | None = None) -> set[str]:
    """Return the codes of confidential matters (denunciations).

    :param services: every matter by id (Facts.services) when the caller has just read them.
    """
    services = services if services is not None else statements.every(Service)
    return {service.code for service in services.values() if service.confidential}


def desk_view(snapshot: dict, counter_id: int | None, secret: set[str]) -> dict:
    """Return what an officer's desk at a counter (or at none) shows of the desk snapshot.

    A confidential matter is named only where this counter can call it: the waiting list keeps
    the tickets this counter would call (a desk at no counter: only non-confidential ones), and
    other counters' open tickets carry no matter. Leaders and admins get the snapshot whole.
    """
    counter = next((c for c in snapshot["counters"] if c["id"] == counter_id), None)
    if counter is None:
        waiting = [t for t in snapshot["waiting"] if t["service"] not in secret]
    else:
        codes = set(counter["service_codes"])
        waiting = [
            t for t in snapshot["waiting"]
            if (t["target_counter"] == counter_id if t["target_counter"] is not None
                else t["service"] in codes)
        ]
    waiting = waiting[:snapshot["listed"]]
    counters = [
        c if c is counter or c["ticket"] is None else {
            **c, "ticket": {k: v for k, v in c["ticket"].items()
                            if k not in ("service", "service_name")}}
        for c in snapshot["counters"]
    ]
    return {**snapshot, "waiting": waiting, "counters": counters}


def desk_state_for(user, counter_id: int | None = None) -> dict:
    """Return the desk snapshot as this staff user may see it at this counter."""
    snapshot = desk_state()
    if getattr(user, "role", None) in SEE_ALL_ROLES:
        return snapshot
    return desk_view(snapshot, counter_id, confidential_codes())
