"""Check-in at the kiosk: a booked appointment becomes a ticket on the session's day.

The ticket is an ordinary one (reception.queue.issue_ticket): the same number sequence, the
same public view and printout as a walk-in's. It goes to the session's counter and, unless
RECEPTION_APPOINTMENTS_FIRST is off, is called there before walk-ins (priority tickets too).
Checking in twice gives the same ticket: the appointment's code is the ticket's
Idempotency-Key, so even two kiosks racing issue one ticket.
"""

from reception import clock, queue
from reception.booking import appointments, session_days
from reception.booking.models import BOOKED, CANCELLED, CHECKED_IN, Appointment
from reception.config import Settings
from reception.database import write_transaction
from reception.errors import Conflict
from reception.models import Ticket

# An appointment's rank while appointments go first; priority walk-ins have rank 1.
APPOINTMENT_RANK = 2


def check_in(text, kiosk: str | None = None, *, settings: Settings) -> tuple[Ticket, bool]:
    """Return the ticket of a booked appointment, issuing it on the first check-in.

    settings: the app's settings (appointments first or not; the queue's, see issue_ticket).

    :raises ReceptionError: no such appointment (NotFound); cancelled, or its session
        cancelled (Conflict appointment_cancelled); another day (Conflict
        appointment_not_today).
    """
    appointment = appointments.by_code(appointments.code_in(text) or text)
    if appointment.status == CHECKED_IN and appointment.ticket_id:
        return appointment.ticket, False
    occurrence = appointments.occurrence_of(appointment)
    if appointment.status == CANCELLED or occurrence is None or occurrence.cancelled:
        raise Conflict("appointment_cancelled", appointment=appointment.code)
    if occurrence.day != clock.today():
        raise Conflict("appointment_not_today", appointment=appointment.code,
                       day=occurrence.day.strftime("%d/%m/%Y"))
    rank = APPOINTMENT_RANK if settings.appointments_first else 0
    ticket, created = queue.issue_ticket(
        appointment.service.code, appointment.party_size, None,
        idempotency_key=f"appointment:{appointment.code}", kiosk=kiosk,
        routing=(session_days.counter_for(occurrence), rank), settings=settings)
    with write_transaction():
        (Appointment.update(status=CHECKED_IN, ticket=ticket, checked_in_at=clock.stored_now())
         .where((Appointment.id == appointment.id) & (Appointment.status == BOOKED)).execute())
    return ticket, created
