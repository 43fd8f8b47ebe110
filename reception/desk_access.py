"""Who at the desks may see a ticket's matter and the ID card scanned with it.

A confidential matter (a denunciation) is named only to the officer receiving the ticket, to
desks whose counter can call it, and to leaders and admins (Luật Tố cáo Điều 8.3, 47). The ID
card scanned at the kiosk is read only by the officer whose counter called the ticket, or by an
admin who gives a reason (both audited by the caller).
"""

from reception.models import OPEN_AT_COUNTER, Ticket, TicketEvent

# Events by which an officer takes a ticket at a counter: the last one names its receiver.
RECEIVING_EVENTS = ("called", "recalled", "started")
SEE_ALL_ROLES = ("leader", "admin")


def receiving_user_id(ticket: Ticket) -> int | None:
    """Return the id of the officer who called or is receiving an open ticket, or None."""
    if ticket.status not in OPEN_AT_COUNTER or ticket.counter_id is None:
        return None
    event = (
        TicketEvent.select(TicketEvent.user)
        .where(
            (TicketEvent.ticket == ticket)
            & (TicketEvent.counter == ticket.counter_id)
            & TicketEvent.kind.in_(RECEIVING_EVENTS)
        )
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .first()
    )
    return event.user_id if event else None


def is_receiving(user, ticket: Ticket) -> bool:
    """Tell whether this user is the officer who called or is receiving the ticket."""
    return user is not None and receiving_user_id(ticket) == user.id


def may_see_matter(user, ticket: Ticket) -> bool:
    """Tell whether a staff user may see which matter a ticket is for."""
    if not ticket.service.confidential or getattr(user, "role", None) in SEE_ALL_ROLES:
        return True
    return is_receiving(user, ticket)


def reads_for_a_reason(user, reason: str | None) -> bool:
    """Tell whether a user who is not receiving a ticket may still read its scanned ID card:
    an admin who gives a reason (kept in the audit log)."""
    return getattr(user, "role", None) == "admin" and bool(reason)
