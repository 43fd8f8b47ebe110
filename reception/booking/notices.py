"""What a citizen who booked is told through the notification outbox: the booking, a reminder
the day before, the office cancelling the session, and their turn coming near.

Every message is worded by reception.notifications.texts (no matter, no officer: someone
else may read the phone) and queued inside the caller's transaction, so a refused or
rolled-back change tells nobody anything. `about` names the appointment (or ticket) and the
kind, so a reminder or a "turn near" is queued once however often the check runs.
"""

from reception import clock, notifications
from reception.booking.models import Appointment
from reception.database import write_transaction
from reception.extensions import db
from reception.models import WAITING, Ticket
from reception.notifications.models import Notification
from reception.notifications.texts import (
    booking_made,
    booking_reminder,
    session_cancelled,
    turn_near,
)
from reception.waiting import IN_LINE_SQL

# A ticket this many places from being called at the counter that just called is told.
TURN_NEAR_AHEAD = 3


def when(day, start) -> str:
    """Return a session's time as a citizen reads it: "07:30 ngày 14/12/2026"."""
    return f"{start:%H:%M} ngày {day:%d/%m/%Y}"


def manage_link(base_url: str, appointment: Appointment) -> str:
    """Return the full address of the appointment's page (see it, cancel it, its QR code)."""
    return f"{(base_url or '').rstrip('/')}{appointment.page}"


def _tell(kind: str, about: str, appointment: Appointment, texts: tuple[str, str, str]) -> None:
    subject, body, sms = texts
    notifications.enqueue(kind, email=appointment.email, phone=appointment.phone,
                          subject=subject, body=body, sms=sms, about=about,
                          name=appointment.name)


def booked(appointment: Appointment, occurrence, base_url: str) -> None:
    """Queue the booking's confirmation (inside the booking's transaction)."""
    _tell("booking_made", f"appointment:{appointment.id}:made", appointment,
          booking_made(appointment.code, when(occurrence.day, occurrence.start),
                       manage_link(base_url, appointment)))


def cancelled_by_office(appointments: list[Appointment], occurrence) -> None:
    """Queue "your session was cancelled" to each booking the office cancelled with it."""
    for appointment in appointments:
        _tell("session_cancelled", f"appointment:{appointment.id}:cancelled", appointment,
              session_cancelled(appointment.code, when(occurrence.day, occurrence.start)))


def _told(about: str) -> bool:
    return Notification.select().where(Notification.about == about).exists()


def remind(appointment: Appointment, occurrence, base_url: str) -> bool:
    """Queue the day-before reminder of one booking unless it was queued already (inside the
    caller's transaction); return whether it was queued now."""
    about = f"appointment:{appointment.id}:reminder"
    if _told(about):
        return False
    _tell("booking_reminder", about, appointment,
          booking_reminder(appointment.code, when(occurrence.day, occurrence.start),
                           manage_link(base_url, appointment)))
    return True


# Whether a ticket in a counter's line came from a booking, read with its place in line.
BOOKED = 'EXISTS (SELECT 1 FROM "booking_appointment" a WHERE a.ticket_id = t.id)'


def after_call(counter_id: int) -> bool:
    """Tell the holder of the ticket now TURN_NEAR_AHEAD places from the front of this
    counter's line that their turn is near, when it came from a booking with a phone or an
    e-mail; return whether a message was queued."""
    param = db.obj.param
    day = Ticket.day.db_value(clock.today())
    found = db.execute_sql(
        IN_LINE_SQL.format(columns=f"t.id, t.number, {BOOKED}", limit=1,
                           offset=TURN_NEAR_AHEAD, p=param),
        [WAITING, day, counter_id, counter_id]).fetchone()
    if found is None or not found[2]:
        return False
    ticket_id, number, _booked = found
    about = f"ticket:{ticket_id}:turn_near"
    with write_transaction():
        appointment = Appointment.get(Appointment.ticket == ticket_id)
        if Ticket.get_by_id(ticket_id).status != WAITING or _told(about):
            return False
        _tell("turn_near", about, appointment, turn_near(number, TURN_NEAR_AHEAD))
    return True
