"""Print queue tickets after they are committed, on the printer chosen for their kiosk.

A ticket is stored before it is printed (reception.queue.issue_ticket commits), so a printer
that fails loses nothing: the result is recorded on the ticket and in its events, officers are
told through reception.realtime, and the ticket can be printed again. Jobs for one printer never
interleave (one lock per printer address) and every wait is bounded, so a hung printer delays
only the tickets meant for it.
"""

import json
import logging
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from reception import clock, realtime, statements
from reception import settings as org_settings
from reception.database import write_transaction
from reception.errors import Conflict, NotFound, Unavailable
from reception.models import EXPIRED, IN_HALL, Printer, Ticket, TicketEvent
from reception.printing import (
    WIDTH_58MM,
    WIDTH_80MM,
    FontMissingError,
    PrinterConfigError,
    PrinterError,
    TicketPrintout,
    print_ticket_at,
)
from reception.public import place_in_hall
from reception.queue import STATUS_LABELS

log = logging.getLogger(__name__)

PRINTED, FAILED = "printed", "failed"
PAPER_WIDTHS = {80: WIDTH_80MM, 58: WIDTH_58MM}
#: The name shown for the printer set by RECEPTION_PRINTER when no printer row applies.
CONFIGURED_PRINTER = "RECEPTION_PRINTER"
PRINTER_BUSY = "Máy in đang bận in phiếu khác và chưa xong trong thời gian chờ"
UNEXPECTED_FAILURE = "Lỗi không xác định khi in phiếu"
#: A job waits for a printer busy with another job at most this many print timeouts: enough for
#: an 80 mm ticket at 115200 baud (about 6 s) and for a hung job to time out first.
LOCK_WAIT_TIMEOUTS = 3

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class PrintSetup:
    """What printing needs from the application's configuration.

    :param fallback_address: RECEPTION_PRINTER, used when no printer row is the default.
    :param public_url: the base of the status link in the QR code, e.g. https://host/.
    :param timeout: seconds a printer may take to connect or to accept more of a job.
    :param service_minutes: minutes a meeting takes, for the printed wait, until the day has
        some to learn from.
    """

    fallback_address: str = "none"
    public_url: str = ""
    timeout: float = 5.0
    service_minutes: int = 10

    @classmethod
    def from_config(cls, config: Mapping, host_url: str) -> "PrintSetup":
        """Build the setup from the app's config; host_url stands in when PUBLIC_URL is unset."""
        return cls(
            fallback_address=str(config.get("PRINTER") or "none"),
            public_url=str(config.get("PUBLIC_URL") or host_url),
            timeout=float(config.get("PRINT_TIMEOUT") or 5.0),
            service_minutes=int(config.get("DEFAULT_SERVICE_MINUTES") or 10),
        )


@dataclass(frozen=True)
class PrintTarget:
    """The printer one job goes to; printer_id is None for the RECEPTION_PRINTER address."""

    name: str
    address: str
    width_px: int
    printer_id: int | None = None


def target_of(printer: Printer) -> PrintTarget:
    """Return where jobs for a configured printer go."""
    return PrintTarget(printer.name, printer.url, PAPER_WIDTHS[printer.paper_mm], printer.id)


def printer_for(kiosk: str | None, setup: PrintSetup) -> PrintTarget | None:
    """Return the kiosk's own printer, else the default printer, else RECEPTION_PRINTER.

    Returns None when printing is switched off (the address ``none``).
    """
    row = None
    # Written-out statements: every ticket issued asks (reception/statements.py).
    if kiosk:
        row = statements.first(Printer, "kiosk = {p}",
                               [unicodedata.normalize("NFC", kiosk).strip()])
    if row is None:
        row = statements.first(Printer, "is_default", [], order="id")
    target = target_of(row) if row else PrintTarget(
        CONFIGURED_PRINTER, setup.fallback_address.strip() or "none", WIDTH_80MM
    )
    return None if target.address.lower() == "none" else target


@contextmanager
def printer_lock(address: str, wait: float) -> Iterator[None]:
    """Hold the printer at address for one job, waiting at most wait seconds for it.

    :raises PrinterError: another job kept the printer busy for the whole wait.
    """
    key = address.strip()
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    if not lock.acquire(timeout=wait):
        raise PrinterError(PRINTER_BUSY, f"{key} busy for {wait:g} s")
    try:
        yield
    finally:
        lock.release()


def status_link(ticket: Ticket, public_url: str) -> str:
    """Return the absolute address of a ticket's public status page, for its QR code."""
    return public_url.rstrip("/") + ticket.status_path


def printout_for(ticket: Ticket, setup: PrintSetup) -> TicketPrintout:
    """Describe the printed ticket: no matter is named on it, whatever the matter.

    A ticket is left on benches and read over shoulders: naming the ordinary matters would
    make a denunciation's ticket the one without a name (Luật Tố cáo Điều 8.3).
    """
    values = org_settings.all_settings()
    group = org_settings.priority_group(ticket.priority, values["priority_groups"])
    # A group removed from the settings since the ticket was issued still prints its code.
    priority_label = (group["name_vi"] if group else ticket.priority) if ticket.priority else None
    ahead, minutes = place_in_hall(ticket, setup.service_minutes)
    return TicketPrintout(
        org_name=values["org_name"],
        title=values["ticket_title"],
        number=ticket.number,
        party_size=ticket.party_size,
        is_group=ticket.is_group,
        priority_label=priority_label,
        issued_at=clock.from_storage(ticket.issued_at),
        ahead=ahead,
        estimated_wait_minutes=minutes,
        status_url=status_link(ticket, setup.public_url),
        notice=values["ticket_notice"],
    )


def print_issued(ticket: Ticket, created: bool, setup: PrintSetup) -> Ticket:
    """Print a ticket just issued; a replayed request (created False) prints nothing again."""
    target = printer_for(ticket.kiosk, setup) if created else None
    if target is None:
        return ticket
    ticket, _error = send_to_printer(ticket, target, setup)
    return ticket


def send_to_printer(
    ticket: Ticket, target: PrintTarget, setup: PrintSetup, user=None
) -> tuple[Ticket, str | None]:
    """Print a committed ticket on target and record the result; return it and the failure.

    Never raises for a printer fault: the citizen keeps the ticket whatever the printer does.
    """
    error = detail = None
    try:
        printout = printout_for(ticket, setup)
        with printer_lock(target.address, LOCK_WAIT_TIMEOUTS * setup.timeout):
            print_ticket_at(target.address, printout, target.width_px, setup.timeout)
    except PrinterError as exc:
        error, detail = exc.message, exc.detail
    except (PrinterConfigError, FontMissingError) as exc:
        error = getattr(exc, "message", None) or str(exc)
    except Exception as exc:  # any fault: the ticket is committed and must reach the citizen
        log.exception("printing ticket %s failed", ticket.number)
        error, detail = UNEXPECTED_FAILURE, f"{type(exc).__name__}: {exc}"
    if error:
        log.warning("ticket %s not printed on %s: %s (%s)", ticket.number, target.name, error,
                    detail)
    return record_result(ticket.id, target, error, detail, user), error


def record_result(ticket_id: int, target: PrintTarget, error: str | None, detail: str | None,
                  user=None) -> Ticket:
    """Store a print result on the ticket, in its events and on the printer; tell officers."""
    moment = clock.stored_now()
    with write_transaction():
        # A targeted update: an officer may have called the ticket while it was printing.
        Ticket.update(print_status=FAILED if error else PRINTED, print_error=error).where(
            Ticket.id == ticket_id
        ).execute()
        ticket = Ticket.get_by_id(ticket_id)
        event = {"printer": target.name, **({"error": error, "detail": detail} if error else {})}
        TicketEvent.create(
            ticket=ticket,
            kind="print_failed" if error else "printed",
            at=moment,
            status_after=ticket.status,
            party_size=ticket.party_size,
            user=user,
            detail=json.dumps(event, ensure_ascii=False),
        )
        if target.printer_id is not None:
            changes = (
                {Printer.last_error: error, Printer.last_error_at: moment}
                if error
                else {Printer.last_printed_at: moment}
            )
            Printer.update(changes).where(Printer.id == target.printer_id).execute()
    realtime.queue_changed()
    return ticket


def reprint(ticket: Ticket | None, setup: PrintSetup, user=None) -> Ticket:
    """Print a ticket still in the hall again, for its holder at the kiosk or an officer.

    :raises ReceptionError: unknown ticket (NotFound); closed ticket or no printer (Conflict);
        the printer failed (Unavailable; the failure is recorded on the ticket, nothing else
        about it changes).
    """
    if ticket is None:
        raise NotFound("not_found", what="phiếu")
    if ticket.day != clock.today() or ticket.status not in IN_HALL:
        vi, en = STATUS_LABELS[ticket.status if ticket.day == clock.today() else EXPIRED]
        raise Conflict("reprint_closed", number=ticket.number, state=vi, state_en=en)
    target = printer_for(ticket.kiosk, setup)
    if target is None:
        raise Conflict("no_printer")
    ticket, error = send_to_printer(ticket, target, setup, user)
    if error:
        raise Unavailable("print_failed", number=ticket.number, reason=error)
    return ticket


def ticket_by_id(ticket_id: int) -> Ticket | None:
    """Return the ticket with this id, or None."""
    return Ticket.get_or_none(Ticket.id == ticket_id)


def ticket_by_token(token: str) -> Ticket | None:
    """Return the ticket behind a public status token, or None."""
    return Ticket.get_or_none(Ticket.public_token == token)


def failed_today() -> list[Ticket]:
    """Return today's tickets still in the hall whose last print failed, oldest first."""
    return list(
        Ticket.select()
        .where(
            (Ticket.day == clock.today())
            & (Ticket.print_status == FAILED)
            & Ticket.status.in_(IN_HALL)
        )
        .order_by(Ticket.issued_at, Ticket.id)
    )
