"""What anyone holding a ticket's status link may see: position and status, nothing personal."""

from reception import clock
from reception.errors import ReceptionError
from reception.models import WAITING, Ticket
from reception.waiting import position


def public_status(token: str) -> dict:
    """Return a ticket's public status by its unguessable token.

    :raises ReceptionError: no ticket has this token.
    """
    ticket = Ticket.get_or_none(Ticket.public_token == token)
    if ticket is None:
        raise ReceptionError("not_found", 404, what="phiếu")
    ahead, minutes = position(ticket) if ticket.status == WAITING else (0, 0)
    counter = ticket.counter
    return {
        "number": ticket.number,
        "date": ticket.day.isoformat() if hasattr(ticket.day, "isoformat") else str(ticket.day),
        "status": ticket.status,
        "ahead": ahead,
        "estimated_wait_minutes": minutes,
        "counter": {"number": counter.number, "name": counter.name} if counter else None,
        "issued_at": clock.iso(ticket.issued_at),
    }
