"""Peewee models of bookings: one row per booked or changed session day, and appointments."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from reception.models import BaseModel, Service, Ticket, User
from reception.schedule.models import LeaderReception

BOOKED, CANCELLED, CHECKED_IN = "booked", "cancelled", "checked_in"


class SessionDay(BaseModel):
    """One occurrence of a leader's reception rule on one day, once something is stored for it.

    capacity None: the rule's capacity. booked counts live appointments (booked or checked
    in); it only ever moves in one conditional UPDATE, so it never exceeds the capacity.
    """

    entry = ForeignKeyField(LeaderReception, on_delete="CASCADE", backref="+")
    day = DateField()
    capacity = IntegerField(null=True)
    booked = IntegerField(default=0)
    start_time = CharField(max_length=5, null=True)
    end_time = CharField(max_length=5, null=True)
    cancelled = BooleanField(default=False)
    cancelled_at = DateTimeField(null=True)
    cancelled_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        table_name = "booking_session_day"
        indexes = ((("entry", "day"), True),)


class Appointment(BaseModel):
    """A citizen's booking of a place in a session; the code is the citizen's key."""

    code = CharField(max_length=16, unique=True)
    session_day = ForeignKeyField(SessionDay, on_delete="CASCADE", backref="appointments")
    service = ForeignKeyField(Service, backref="+")
    name = CharField(max_length=120)
    phone = CharField(max_length=10)
    email = CharField(max_length=254, null=True)
    id_number = CharField(max_length=12, null=True)
    party_size = IntegerField(default=1)
    summary = TextField(default="")
    status = CharField(max_length=12, default=BOOKED)
    created_at = DateTimeField()
    cancelled_at = DateTimeField(null=True)
    # "citizen" (the code holder) or "office" (the session was cancelled).
    cancelled_by = CharField(max_length=8, null=True)
    checked_in_at = DateTimeField(null=True)
    ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL", backref="+")
    # A retried booking (Idempotency-Key) returns the first answer instead of a second place.
    idempotency_key = CharField(max_length=128, null=True, unique=True)
    request_hash = CharField(max_length=64, null=True)

    @property
    def page(self) -> str:
        """Return the path of the appointment's page (see it, cancel it, its QR code)."""
        return f"/hen/{self.code}"

    class Meta:
        table_name = "booking_appointment"


BOOKING_MODELS = [SessionDay, Appointment]
