"""Who is in the hall now, derived from stored tickets and walk-ins (right after a restart).

People in the hall = the party sizes of today's tickets that are waiting, called or being
received, plus the walk-in delegations present. A no-show, a finished or an expired ticket
leaves the count; a transfer puts the ticket back to waiting, so it stays.

The count is made of totals the database adds up and the few rows a screen shows (the groups,
the oldest waiting ticket, the tickets at the counters): it costs the same, and is the same size,
with 50 or 5,000 people waiting.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import JOIN

from reception import clock, statements, tallies
from reception.crowd.models import WalkIn
from reception.extensions import db
from reception.models import IN_HALL, OPEN_AT_COUNTER, WAITING, Service, Ticket
from reception.tallies import Tally

# Groups listed at most (the crowd view shows them one per line; more would not fit a screen).
GROUPS_LISTED = 100


@dataclass
class HallCount:
    """The tickets and walk-in delegations in the hall at one moment, as totals."""

    day: date
    now: datetime
    tallies: list[Tally] = field(default_factory=list)
    # Tickets of at least the group threshold, largest first (at most GROUPS_LISTED).
    groups: list = field(default_factory=list)
    # Tickets called or being received at a counter (one or two per counter).
    at_counters: list = field(default_factory=list)
    walk_ins: list = field(default_factory=list)
    oldest_waiting: Ticket | None = None
    # Waiting tickets that arrived before the long-wait limit.
    late_tickets: int = 0

    @property
    def tickets_in_hall(self) -> int:
        """Return how many tickets are in the hall (waiting, called or being received)."""
        return sum(t.tickets for t in self.tallies)

    @property
    def ticket_people(self) -> int:
        """Return the people who came with tickets."""
        return sum(t.people for t in self.tallies)

    @property
    def tickets_waiting(self) -> int:
        """Return how many tickets wait to be called."""
        return sum(t.tickets for t in self.tallies if t.waiting)

    @property
    def people_waiting(self) -> int:
        """Return the people of the tickets waiting to be called."""
        return sum(t.people for t in self.tallies if t.waiting)

    @property
    def walk_in_people(self) -> int:
        """Return the people in walk-in delegations present."""
        return sum(walk_in.party_size for walk_in in self.walk_ins)

    @property
    def people_in_hall(self) -> int:
        """Return everyone in the hall: tickets and walk-ins."""
        return self.ticket_people + self.walk_in_people

    def waited_minutes(self, ticket) -> int:
        """Return the whole minutes a ticket has waited since it arrived (a transfer keeps it)."""
        return max(0, int((self.now - ticket.queued_at).total_seconds() // 60))

    def longest_wait_minutes(self) -> int:
        """Return how many minutes the longest-waiting ticket has waited (0: nobody)."""
        ticket = self.oldest_waiting
        return self.waited_minutes(ticket) if ticket is not None else 0


# The rows a crowd view shows, written out once: every queue change publishes a head count,
# and building these with peewee's query builder cost more than running them (make bench).
GROUPS_SQL = ('SELECT * FROM "ticket" WHERE status IN ({statuses}) AND day = {p}'
              " AND party_size >= {p} ORDER BY party_size DESC, queued_at, id LIMIT {limit}")
AT_COUNTERS_SQL = ('SELECT * FROM "ticket" WHERE status IN ({statuses}) AND day = {p}'
                   " AND counter_id IS NOT NULL ORDER BY called_at, id")
OLDEST_SQL = ('SELECT * FROM "ticket" WHERE status = {p} AND day = {p}'
              " ORDER BY queued_at, id LIMIT 1")
LATE_SQL = 'SELECT COUNT(*) FROM "ticket" WHERE status = {p} AND day = {p} AND queued_at <= {p}'


def _sql(template: str, statuses: tuple = ()) -> str:
    param = db.obj.param
    return template.format(p=param, statuses=", ".join([param] * len(statuses)),
                           limit=GROUPS_LISTED)


def count(group_threshold: int, long_wait_minutes: int, day: date | None = None,
          totals: list[Tally] | None = None) -> HallCount:
    """Return today's head count (or another local day's tickets still open) from the database.

    :param group_threshold: party size from which a ticket is listed as a group.
    :param long_wait_minutes: a waiting ticket that arrived longer ago than this counts as late.
    :param totals: tallies.in_hall(day) when the caller has just read them.
    """
    day = day or clock.today()
    now = clock.stored_now()
    stored_day = Ticket.day.db_value(day)
    groups = list(statements.rows(Ticket, _sql(GROUPS_SQL, IN_HALL),
                                  [*IN_HALL, stored_day, group_threshold]))
    if groups:
        statements.attach(groups, "service", statements.every(Service))
    at_counters = list(statements.rows(Ticket, _sql(AT_COUNTERS_SQL, OPEN_AT_COUNTER),
                                       [*OPEN_AT_COUNTER, stored_day]))
    oldest = next(statements.rows(Ticket, _sql(OLDEST_SQL), [WAITING, stored_day]), None)
    late_before = now - timedelta(minutes=long_wait_minutes + 1)
    late = 0
    if oldest is not None and oldest.queued_at <= late_before:
        late = db.execute_sql(_sql(LATE_SQL), [WAITING, stored_day,
                                               Ticket.queued_at.db_value(late_before)]
                              ).fetchone()[0]
    walk_ins = list(
        WalkIn.select(WalkIn, Service)
        .join(Service, JOIN.LEFT_OUTER)
        .where((WalkIn.day == day) & WalkIn.departed_at.is_null())
        .order_by(WalkIn.arrived_at, WalkIn.id)
    )
    return HallCount(day=day, now=now, tallies=tallies.in_hall(day) if totals is None else totals,
                     groups=groups, at_counters=at_counters, walk_ins=walk_ins,
                     oldest_waiting=oldest, late_tickets=late)
