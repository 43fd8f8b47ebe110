"""ID cards scanned at the kiosk: kept with the open ticket so the desk need not retype them.

Personal data on a kiosk is kept as briefly as possible: only the officer whose counter called
the ticket reads it, or an admin who gives a reason (every read and refusal audited), and it is
deleted as soon as the ticket is closed.
"""

from reception import clock, desk_access
from reception.cases import access, audit, identity
from reception.cases.models import ArrivalIdentity
from reception.database import write_transaction
from reception.errors import NotFound
from reception.models import IN_HALL, Ticket

REASON_MAX = 300


def checked(qr_text: str | None) -> str | None:
    """Return the QR text if it reads as a valid card (None when absent).

    :raises ReceptionError: the text is not a valid chip ID card QR code.
    """
    if not qr_text:
        return None
    identity.parse_cccd_qr(qr_text)
    return qr_text.strip()


def remember(ticket: Ticket, qr_text: str) -> None:
    """Keep a checked QR text with a new ticket; the caller owns the transaction."""
    ArrivalIdentity.insert(ticket=ticket, qr=qr_text, scanned_at=clock.stored_now()
                           ).on_conflict_ignore().execute()


def for_ticket(ticket_id: int, user, reason: str | None = None) -> dict | None:
    """Return the identity scanned at the kiosk for a ticket, or None (audited).

    reason: why an admin who is not receiving the ticket reads it (kept in the audit log).

    :raises ReceptionError: unknown ticket (NotFound); the user neither called the ticket at their
        counter nor is an admin giving a reason (Forbidden, audited).
    """
    access.require_records_role(user, "arrival.view", "ticket", ticket_id)
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFound("not_found", what=f"phiếu {ticket_id}")
    reason = (reason or "").strip()[:REASON_MAX] or None
    receiving = desk_access.is_receiving(user, ticket)
    if not receiving and not desk_access.reads_for_a_reason(user, reason):
        access.deny(user, "arrival.view", "ticket", ticket_id)
    row = ArrivalIdentity.get_or_none(ArrivalIdentity.ticket == ticket_id)
    detail = {"found": row is not None}
    if not receiving:
        detail["reason"] = reason
    audit.log(user, "arrival.view", "ticket", ticket_id, detail)
    return identity.parse_cccd_qr(row.qr).as_dict() if row else None


def forget(ticket: Ticket) -> None:
    """Delete the scanned identity of a ticket; the caller owns the transaction."""
    ArrivalIdentity.delete().where(ArrivalIdentity.ticket == ticket).execute()


def purge_closed() -> int:
    """Delete scanned identities of tickets no longer open; return how many went."""
    with write_transaction():
        return (ArrivalIdentity.delete()
                .where(ArrivalIdentity.ticket.not_in(
                    Ticket.select(Ticket.id).where(Ticket.status.in_(IN_HALL))))
                .execute())
