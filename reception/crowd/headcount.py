"""Who is in the hall now, derived from stored tickets and walk-ins (right after a restart).

People in the hall = the party sizes of today's tickets that are waiting, called or being
received, plus the walk-in delegations present. A no-show, a finished or an expired ticket
leaves the count; a transfer puts the ticket back to waiting, so it stays.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from peewee import JOIN

from reception import clock
from reception.crowd.models import WalkIn
from reception.models import IN_HALL, WAITING, Service, Ticket


@dataclass
class HallCount:
    """The tickets and walk-in delegations in the hall at one moment."""

    day: date
    now: datetime
    tickets: list = field(default_factory=list)
    walk_ins: list = field(default_factory=list)

    @property
    def ticket_people(self) -> int:
        """Return the people who came with tickets."""
        return sum(ticket.party_size for ticket in self.tickets)

    @property
    def walk_in_people(self) -> int:
        """Return the people in walk-in delegations present."""
        return sum(walk_in.party_size for walk_in in self.walk_ins)

    @property
    def people_in_hall(self) -> int:
        """Return everyone in the hall: tickets and walk-ins."""
        return self.ticket_people + self.walk_in_people

    @property
    def waiting(self) -> list:
        """Return the tickets still waiting to be called."""
        return [ticket for ticket in self.tickets if ticket.status == WAITING]

    def waited_minutes(self, ticket) -> int:
        """Return the whole minutes a ticket has waited since it arrived (a transfer keeps it)."""
        return max(0, int((self.now - ticket.queued_at).total_seconds() // 60))

    def longest_waiting(self):
        """Return the ticket that has waited longest, or None when nobody waits."""
        return min(self.waiting, key=lambda t: (t.queued_at, t.id), default=None)

    def longest_wait_minutes(self) -> int:
        """Return how many minutes the longest-waiting ticket has waited (0: nobody)."""
        ticket = self.longest_waiting()
        return self.waited_minutes(ticket) if ticket is not None else 0


def count(day: date | None = None) -> HallCount:
    """Return today's head count (or another local day's tickets still open) from the database."""
    day = day or clock.today()
    tickets = list(
        Ticket.select(Ticket, Service)
        .join(Service)
        .where(Ticket.status.in_(IN_HALL) & (Ticket.day == day))
        .order_by(Ticket.queued_at, Ticket.id)
    )
    walk_ins = list(
        WalkIn.select(WalkIn, Service)
        .join(Service, JOIN.LEFT_OUTER)
        .where((WalkIn.day == day) & WalkIn.departed_at.is_null())
        .order_by(WalkIn.arrived_at, WalkIn.id)
    )
    return HallCount(day=day, now=clock.stored_now(), tickets=tickets, walk_ins=walk_ins)
