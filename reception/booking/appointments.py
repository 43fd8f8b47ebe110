"""Appointments: a citizen books a place in a session, looks it up and cancels it by its code.

Never more bookings than places, under any concurrency: a place is taken by one conditional
UPDATE (booked = booked + 1 WHERE booked + 1 <= capacity), in the same transaction as the
appointment, so a refused or failed booking takes nothing.
"""

import hashlib
import json
import re
import secrets
import unicodedata
from datetime import timedelta

from peewee import IntegrityError, fn

from reception import characters, clock, notifications
from reception import settings as org_settings
from reception.booking import notices, session_days
from reception.booking.models import BOOKED, CANCELLED, CHECKED_IN, Appointment, SessionDay
from reception.cases.identity import validate_id_number
from reception.contacts import normal_phone, valid_email
from reception.database import connection, write_transaction
from reception.errors import Conflict, Invalid, NotFound
from reception.models import Service
from reception.schedule.models import LeaderReception

# No 0/O, 1/I/L: a code read aloud or typed from a screen cannot be mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31¹⁰ ≈ 8·10¹⁴ codes: unguessable at any rate a server answers
MAX_SUMMARY = 2000
MAX_NAME = 120


def new_code() -> str:
    """Return a new appointment code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text) -> str | None:
    """Return a code as stored (upper case, no spaces or dashes), or None if it cannot be one."""
    if not isinstance(text, str) or not characters.is_clean(text):
        return None
    code = re.sub(r"[\s\-.]", "", text).upper()
    if len(code) != CODE_LENGTH or any(letter not in CODE_ALPHABET for letter in code):
        return None
    return code


def code_in(text) -> str | None:
    """Return the appointment code in what a scanner typed: the code, or its /hen/<code> link."""
    if not isinstance(text, str):
        return None
    tail = text.strip().rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    return normalise_code(tail)


def _text(value, field: str, field_en: str, maximum: int, required: bool = False,
          multiline: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid("invalid_value", field=field, detail="phải là chuỗi ký tự")
    characters.check(value, field, multiline=multiline, field_en=field_en)
    text = unicodedata.normalize("NFC", value).strip()
    if not multiline:
        text = " ".join(text.split())
    if required and not text:
        raise Invalid("invalid_value", field=field, detail="không được để trống",
                      fields=[field_en.lower()])
    if len(text) > maximum:
        raise Invalid("invalid_value", field=field, detail=f"tối đa {maximum} ký tự",
                      fields=[field_en.lower()])
    return text


def booking_values(values: dict) -> dict:
    """Return a booking's validated fields.

    :raises Invalid: unknown service, empty name, bad phone, e-mail, ID number or party size,
        oversize summary.
    """
    code = values.get("service")
    service = Service.get_or_none(Service.code == code) if isinstance(code, str) else None
    if service is None or not service.active:
        raise Invalid("unknown_service", service=str(code)[:20], fields=["service"])
    phone = normal_phone(values.get("phone") if isinstance(values.get("phone"), str) else "")
    if not phone:
        raise Invalid("invalid_phone", fields=["phone"])
    email = _text(values.get("email"), "Thư điện tử", "Email", 254) or None
    if email and not valid_email(email):
        raise Invalid("invalid_value", field="Thư điện tử", detail="không đúng dạng",
                      fields=["email"])
    id_number = values.get("id_number") or None
    if id_number is not None:
        id_number = validate_id_number(str(id_number).strip())
    maximum = int(org_settings.get("max_party_size"))
    party = values.get("party_size", 1)
    if not isinstance(party, int) or isinstance(party, bool) or not 1 <= party <= maximum:
        raise Invalid("invalid_party_size", maximum=maximum, fields=["party_size"])
    return {
        "service": service,
        "name": _text(values.get("name"), "Họ tên", "Name", MAX_NAME, required=True),
        "phone": phone,
        "email": email,
        "id_number": id_number,
        "party_size": party,
        "summary": _text(values.get("summary"), "Nội dung", "Summary", MAX_SUMMARY,
                         multiline=True),
    }


def _fingerprint(values: dict) -> str:
    body = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _remembered(key: str, fingerprint: str) -> Appointment | None:
    earlier = Appointment.get_or_none(Appointment.idempotency_key == key)
    if earlier is not None and earlier.request_hash != fingerprint:
        raise Conflict("idempotency_conflict")
    return earlier


def book(values: dict, idempotency_key: str | None = None,
         base_url: str = "") -> tuple[Appointment, bool]:
    """Book a place in a session; return the appointment and whether it was made now.

    The same Idempotency-Key with the same body returns the first appointment. The citizen
    is sent the code and the address of its page (base_url + /hen/<code>) by e-mail and SMS.

    :raises ReceptionError: unknown session or service, invalid fields (Invalid); the session
        full (Conflict session_full), past, cancelled or not bookable (Conflict
        session_closed); the key reused with another body (Conflict).
    """
    fingerprint = _fingerprint({key: values.get(key) for key in (
        "session_id", "service", "name", "phone", "email", "id_number", "party_size",
        "summary")})
    if idempotency_key:
        earlier = _remembered(idempotency_key, fingerprint)
        if earlier is not None:
            return earlier, False
    occurrence = session_days.find(values.get("session_id"), cancelled=True)
    if occurrence is None:
        raise Invalid("unknown_session", session=str(values.get("session_id"))[:40],
                      fields=["session_id"])
    fields = booking_values(values)
    try:
        with write_transaction():
            row = session_days.session_row(occurrence)
            reason = session_days.closed_reason(occurrence, row, clock.now())
            if reason:
                raise Conflict("session_closed", reason=reason[0],
                               reason_en=reason[1])
            _take_place(row, occurrence)
            appointment = Appointment.create(
                code=new_code(), session_day=row, created_at=clock.stored_now(),
                idempotency_key=idempotency_key, request_hash=fingerprint, **fields)
            notices.booked(appointment, occurrence, base_url)
    except IntegrityError:
        # Two retries with one key raced (the other stored first), or, once in 10¹⁴, a code
        # was drawn twice: nothing of this attempt was stored.
        if idempotency_key:
            with connection():
                earlier = _remembered(idempotency_key, fingerprint)
            if earlier is not None:
                return earlier, False
        raise
    notifications.kick()
    return appointment, True


def _take_place(row: SessionDay, occurrence) -> None:
    """Take one place in one conditional UPDATE, or refuse: full (or cancelled meanwhile)."""
    rule_capacity = (LeaderReception.select(LeaderReception.capacity)
                     .where(LeaderReception.id == occurrence.entry.id))
    capacity = fn.COALESCE(SessionDay.capacity, rule_capacity)
    taken = (SessionDay.update(booked=SessionDay.booked + 1)
             .where((SessionDay.id == row.id) & ~SessionDay.cancelled
                    & (SessionDay.booked + 1 <= capacity))
             .execute())
    if not taken:
        if SessionDay.get_by_id(row.id).cancelled:
            raise Conflict("session_closed", reason="buổi tiếp đã bị hủy",
                           reason_en="the session was cancelled")
        raise Conflict("session_full")


def by_code(text) -> Appointment:
    """Return the appointment with this code.

    :raises NotFound: not_found for any text that is no appointment's code.
    """
    code = normalise_code(text)
    appointment = Appointment.get_or_none(Appointment.code == code) if code else None
    if appointment is None:
        raise NotFound("not_found", what="lịch hẹn")
    return appointment


def cancel(text) -> Appointment:
    """Cancel a booking by its code and free its place; cancelling again changes nothing.

    :raises ReceptionError: not_found (NotFound); already used to take a number (Conflict).
    """
    code = normalise_code(text)
    with write_transaction():
        appointment = by_code(code)
        if appointment.status == CHECKED_IN:
            raise Conflict("appointment_checked_in", appointment=appointment.code)
        if appointment.status == BOOKED:
            changed = (Appointment.update(status=CANCELLED, cancelled_at=clock.stored_now(),
                                          cancelled_by="citizen")
                       .where((Appointment.id == appointment.id)
                              & (Appointment.status == BOOKED)).execute())
            if changed:
                SessionDay.update(booked=SessionDay.booked - 1).where(
                    (SessionDay.id == appointment.session_day_id) & (SessionDay.booked > 0)
                ).execute()
    return by_code(code)


def occurrence_of(appointment: Appointment):
    """Return the session an appointment is in (cancelled ones too), or None if it is gone."""
    row = appointment.session_day
    return session_days.find(f"{row.entry_id}-{row.day:%Y%m%d}", cancelled=True)


def masked_phone(phone: str) -> str:
    """Return a phone number with all but its last three digits hidden."""
    return "•" * (len(phone) - 3) + phone[-3:]


def public_view(appointment: Appointment) -> dict:
    """Return an appointment as its code holder reads it, on a phone anyone may glance at:
    no matter, no name, the phone masked; a denunciation's booking reads like any other."""
    occurrence = occurrence_of(appointment)
    row = SessionDay.get_by_id(appointment.session_day_id)
    session = session_days.view(occurrence, row) if occurrence is not None else None
    ticket = appointment.ticket
    return {
        "code": appointment.code,
        "status": appointment.status,
        "session": session,
        "party_size": appointment.party_size,
        "phone": masked_phone(appointment.phone),
        "created_at": clock.iso(appointment.created_at),
        "cancelled_at": clock.iso(appointment.cancelled_at),
        "cancelled_by": appointment.cancelled_by,
        "checked_in_at": clock.iso(appointment.checked_in_at),
        "ticket": {"number": ticket.number, "status_url": ticket.status_path}
        if ticket else None,
        "manage_url": appointment.page,
    }


def staff_view(appointment: Appointment, user) -> dict:
    """Return an appointment as reception staff see it. A denunciation's booking names its
    matter and citizen only to leaders and admins (Luật Tố cáo Điều 8.3, 47)."""
    protected = appointment.service.confidential and getattr(user, "role", None) not in (
        "leader", "admin")
    answer = {**public_view(appointment), "session": None,
              "session_id": f"{appointment.session_day.entry_id}-"
                            f"{appointment.session_day.day:%Y%m%d}",
              "protected": protected}
    if protected:
        answer.update(service=None, name=None, phone=None, email=None, id_number=None,
                      summary=None)
    else:
        answer.update(service=appointment.service.code, name=appointment.name,
                      phone=appointment.phone, email=appointment.email,
                      id_number=appointment.id_number, summary=appointment.summary)
    return answer


def session_appointments(text, user) -> list[dict]:
    """Return the appointments of one session, by booking time, as staff see them.

    :raises NotFound: not_found.
    """
    occurrence = session_days.find(text, cancelled=True)
    if occurrence is None:
        raise NotFound("not_found", what=f"buổi tiếp {str(text)[:40]}")
    row = SessionDay.get_or_none((SessionDay.entry == occurrence.entry.id)
                                 & (SessionDay.day == occurrence.day))
    if row is None:
        return []
    query = (Appointment.select().where(Appointment.session_day == row)
             .order_by(Appointment.created_at, Appointment.id))
    return [staff_view(appointment, user) for appointment in query]


def booked_on(day) -> list[Appointment]:
    """Return the bookings still standing for sessions on a day (for the day-before reminder)."""
    return list(Appointment.select().join(SessionDay)
                .where((SessionDay.day == day) & ~SessionDay.cancelled
                       & (Appointment.status == BOOKED))
                .order_by(Appointment.id))


def send_reminders(base_url: str = "") -> int:
    """Queue the day-before reminder of every booking of tomorrow's sessions that has not had
    it (the housekeeping loop runs this); return how many were queued."""
    queued = 0
    with write_transaction():
        for appointment in booked_on(clock.today() + timedelta(days=1)):
            occurrence = occurrence_of(appointment)
            if occurrence is not None and notices.remind(appointment, occurrence, base_url):
                queued += 1
    if queued:
        notifications.kick()
    return queued


def for_ticket(ticket_id: int) -> Appointment | None:
    """Return the appointment a ticket was checked in from (its phone and e-mail), or None."""
    return Appointment.get_or_none(Appointment.ticket == ticket_id)
