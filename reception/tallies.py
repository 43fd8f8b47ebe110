"""Totals of a day's tickets in the hall by matter, status and the counter they were sent to.

One grouped count, read off the "ticket_hall_totals" index in its own order (it covers every
column the count needs: no ticket row is read and nothing is sorted), shared by the board's,
the desks' and the crowd view's snapshots of one publish.
"""

from dataclasses import dataclass

from peewee import fn

from reception.models import IN_HALL, WAITING, Ticket


@dataclass(frozen=True)
class Tally:
    """Tickets and people of one (matter, status, counter sent to) in the hall."""

    service_id: int
    status: str
    target_counter_id: int | None
    tickets: int
    people: int

    @property
    def waiting(self) -> bool:
        """Tell whether these tickets wait to be called."""
        return self.status == WAITING


def in_hall(day) -> list[Tally]:
    """Return the day's tickets waiting, called or being received, added up."""
    return [
        Tally(service_id, status, target, tickets, int(people or 0))
        for service_id, status, target, tickets, people in Ticket.select(
            Ticket.service, Ticket.status, Ticket.target_counter,
            fn.COUNT(Ticket.id), fn.SUM(Ticket.party_size))
        .where(Ticket.status.in_(IN_HALL) & (Ticket.day == day))
        .group_by(Ticket.service, Ticket.status, Ticket.target_counter)
        .tuples()
    ]
