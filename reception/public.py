"""What anyone may read of a ticket without a staff sign-in: never its matter.

The kiosk's answer, the status page and the printed ticket are read in the hall; for two
tickets at the same place in the day's queue they say the same, whatever each came for, so
nobody can tell a denunciation's ticket from another (Luật Tố cáo Điều 8.3, 47.2).
"""

from reception import characters, clock, statements
from reception.errors import NotFound
from reception.models import WAITING, Ticket
from reception.waiting import hall_position


def place_in_hall(ticket: Ticket, service_minutes: int) -> tuple[int, int]:
    """Return (tickets ahead, estimated minutes) as public screens show them.

    :param service_minutes: minutes a meeting takes until the day has some to learn from.
    """
    return hall_position(ticket, service_minutes) if ticket.status == WAITING else (0, 0)


def ticket_view(ticket: Ticket, service_minutes: int) -> dict:
    """Return the ticket as the kiosk that issued it and its holder see it: no matter."""
    return ticket_fields(ticket, *place_in_hall(ticket, service_minutes))


def ticket_fields(ticket: Ticket, ahead: int, minutes: int) -> dict:
    """Return what every view of a ticket shows, staff's too, given its place and wait."""
    counter = statements.related(ticket, "counter")
    return {
        "id": ticket.id,
        "number": ticket.number,
        "party_size": ticket.party_size,
        "is_group": ticket.is_group,
        "priority": ticket.priority,
        "status": ticket.status,
        "ahead": ahead,
        "estimated_wait_minutes": minutes,
        "issued_at": clock.iso(ticket.issued_at),
        "called_at": clock.iso(ticket.called_at),
        "counter": {"id": counter.id, "number": counter.number, "name": counter.name}
        if counter else None,
        "status_url": ticket.status_path,
        "print_status": ticket.print_status,
        "print_error": ticket.print_error if ticket.print_status == "failed" else None,
    }


def public_status(token: str, service_minutes: int) -> dict:
    """Return a ticket's public status by its unguessable token.

    :raises ReceptionError: no ticket has this token.
    """
    # A token with a control character matches no ticket (and PostgreSQL refuses NUL).
    clean = characters.is_clean(token)
    ticket = Ticket.get_or_none(Ticket.public_token == token) if clean else None
    if ticket is None:
        raise NotFound("not_found", what="phiếu")
    ahead, minutes = place_in_hall(ticket, service_minutes)
    counter = statements.related(ticket, "counter")
    return {
        "number": ticket.number,
        "date": ticket.day.isoformat() if hasattr(ticket.day, "isoformat") else str(ticket.day),
        "status": ticket.status,
        "ahead": ahead,
        "estimated_wait_minutes": minutes,
        "counter": {"number": counter.number, "name": counter.name} if counter else None,
        "issued_at": clock.iso(ticket.issued_at),
    }
