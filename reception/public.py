"""What anyone holding a ticket's status link may see: position and status, nothing personal."""

from reception import clock
from reception.errors import ReceptionError
from reception.models import WAITING, Ticket
from reception.waiting import ahead_of, estimated_wait_minutes


def public_status(token: str) -> dict:
    """Return a ticket's public status by its unguessable token.

    :raises ReceptionError: no ticket has this token.
    """
    ticket = Ticket.get_or_none(Ticket.public_token == token)
    if ticket is None:
        raise ReceptionError("not_found", 404, what="phiếu")
    waiting = ticket.status == WAITING
    counter = ticket.counter
    return {
        "number": ticket.number,
        "date": ticket.day.isoformat() if hasattr(ticket.day, "isoformat") else str(ticket.day),
        "status": ticket.status,
        "ahead": ahead_of(ticket) if waiting else 0,
        "estimated_wait_minutes": estimated_wait_minutes(ticket) if waiting else 0,
        "counter": {"number": counter.number, "name": counter.name} if counter else None,
        "issued_at": clock.iso(ticket.issued_at),
    }
