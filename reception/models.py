"""Peewee models. Models never commit: services in reception/ own the transactions.

Timestamps are stored as naive UTC (reception.clock converts); dates are local dates.
"""

from peewee import (
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from reception.extensions import db

ROLES = ("admin", "officer", "leader", "security")

# Ticket life: waiting → called → serving → served; called → no_show; waiting → expired.
# A transfer puts a called or serving ticket back to waiting in another queue.
WAITING, CALLED, SERVING, SERVED, NO_SHOW, EXPIRED = (
    "waiting",
    "called",
    "serving",
    "served",
    "no_show",
    "expired",
)
OPEN_AT_COUNTER = (CALLED, SERVING)
IN_HALL = (WAITING, CALLED, SERVING)
CLOSED = (SERVED, NO_SHOW, EXPIRED)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    """One organisation-wide setting, its value kept as JSON text."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Service(BaseModel):
    """A kind of matter a citizen chooses at the kiosk (Khiếu nại, Tố cáo, ...)."""

    code = CharField(max_length=8, unique=True)
    name_vi = CharField(max_length=120)
    name_en = CharField(max_length=120)
    confidential = BooleanField(default=False)
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Counter(BaseModel):
    """A reception counter (quầy) where officers call and receive visitors."""

    number = IntegerField(unique=True)
    name = CharField(max_length=80)
    active = BooleanField(default=True)


class CounterService(BaseModel):
    """Which services a counter serves."""

    counter = ForeignKeyField(Counter, backref="service_links", on_delete="CASCADE")
    service = ForeignKeyField(Service, backref="counter_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("counter", "service"), True),)


class User(BaseModel):
    """A staff account: admin, officer, leader or security."""

    username = CharField(max_length=64, unique=True)
    full_name = CharField(max_length=120, default="")
    password_hash = CharField(max_length=255)
    role = CharField(max_length=16)
    active = BooleanField(default=True)
    created_at = DateTimeField()

    # The attributes Flask-Login reads, spelled out so models stay free of Flask.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return str(self.id)


class ApiToken(BaseModel):
    """A bearer token for API clients; only its hash is stored."""

    user = ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField()
    expires_at = DateTimeField()


class StaffSession(BaseModel):
    """One sign-in of a staff member in a browser; the cookie carries a key, only its hash is here.

    Deleting the row ends the sign-in on every server process (reception.sessions).
    """

    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    key_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField()
    last_seen_at = DateTimeField()


class DailySequence(BaseModel):
    """The last number issued on a local date; every matter shares one sequence (prefix "").

    Numbers were once taken per matter prefix; a number must not tell what its holder came
    for, so the prefix is always empty now (kept in the key so old rows stay valid).
    """

    day = DateField()
    prefix = CharField(max_length=3)
    last = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("day", "prefix")


class Ticket(BaseModel):
    """A queue ticket; never deleted, so the day's history stays complete."""

    day = DateField(index=True)
    sequence = IntegerField()
    number = CharField(max_length=8)
    service = ForeignKeyField(Service, backref="tickets")
    party_size = IntegerField(default=1)
    is_group = BooleanField(default=False)
    priority = CharField(max_length=32, null=True)
    priority_rank = IntegerField(default=0)
    status = CharField(max_length=12, default=WAITING)
    issued_at = DateTimeField()
    # Arrival time used for ordering; a transfer keeps it so the visitor keeps their place.
    queued_at = DateTimeField()
    called_at = DateTimeField(null=True)
    started_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    counter = ForeignKeyField(Counter, null=True, backref="tickets", on_delete="SET NULL")
    target_counter = ForeignKeyField(Counter, null=True, on_delete="SET NULL")
    recalls = IntegerField(default=0)
    public_token = CharField(max_length=32, unique=True)
    kiosk = CharField(max_length=64, null=True)
    print_status = CharField(max_length=12, default="none")
    print_error = TextField(null=True)
    meeting_record = TextField(null=True)

    @property
    def status_path(self) -> str:
        """Return the path of the ticket's public status page (its QR code, the kiosk's link)."""
        return f"/t/{self.public_token}"


# The calling order (reception.waiting.IN_LINE_SQL) read straight off an index, so the next
# ticket and a desk's next few cost the same with 50 or 5,000 waiting. The trailing columns
# let a counter's filter run on the index alone.
CALLING_ORDER_INDEX = "ticket_calling_order"
Ticket.add_index(
    Ticket.index(Ticket.status, Ticket.day, Ticket.priority_rank.desc(), Ticket.queued_at,
                 Ticket.id, Ticket.service, Ticket.target_counter, Ticket.party_size,
                 name=CALLING_ORDER_INDEX))
# The day's last meetings, for the expected wait (reception.waiting.typical_meeting_minutes).
Ticket.add_index(Ticket.status, Ticket.day, Ticket.finished_at)
# The hall's totals by matter, status and counter sent to (reception.tallies), grouped in the
# index's own order: no sort of the day's tickets on every publish.
Ticket.add_index(Ticket.index(Ticket.day, Ticket.status, Ticket.service, Ticket.target_counter,
                              Ticket.party_size, name="ticket_hall_totals"))
# The crowd view's longest wait (reception.crowd.headcount): the oldest waiting ticket read first.
Ticket.add_index(Ticket.index(Ticket.status, Ticket.day, Ticket.queued_at, Ticket.id,
                              name="ticket_waiting_since"))
# The crowd view's groups, largest first, without reading the small parties.
Ticket.add_index(Ticket.index(Ticket.day, Ticket.party_size, name="ticket_party_size"))


class TicketEvent(BaseModel):
    """One transition of a ticket; the crowd history and statistics are derived from these."""

    ticket = ForeignKeyField(Ticket, backref="events", on_delete="CASCADE")
    kind = CharField(max_length=16)
    at = DateTimeField(index=True)
    status_after = CharField(max_length=12)
    party_size = IntegerField()
    counter = ForeignKeyField(Counter, null=True, on_delete="SET NULL")
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    detail = TextField(null=True)

    class Meta:
        # The board's last calls: the newest events of one kind (reception.state._last_calls).
        indexes = ((("kind", "at"), False),)


class IdempotencyRecord(BaseModel):
    """A remembered Idempotency-Key so a retried request returns the first answer."""

    key = CharField(primary_key=True, max_length=128)
    request_hash = CharField(max_length=64)
    ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
    created_at = DateTimeField(index=True)


class SchemaVersion(BaseModel):
    """The schema migrations applied to this database."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField()


class Printer(BaseModel):
    """A ticket printer: its address, paper, the kiosk that uses it and its last known state."""

    name = CharField(max_length=80, unique=True)
    # An address as reception.printing.open_printer reads it: network://HOST:9100, usb://...
    url = CharField(max_length=255)
    paper_mm = IntegerField(default=80)
    # The kiosk whose tickets go here; None for a printer used only as the default.
    kiosk = CharField(max_length=64, null=True, unique=True)
    is_default = BooleanField(default=False)
    status_online = BooleanField(null=True)
    status_paper = CharField(max_length=12, null=True)
    status_error = TextField(null=True)
    status_checked_at = DateTimeField(null=True)
    last_error = TextField(null=True)
    last_error_at = DateTimeField(null=True)
    last_printed_at = DateTimeField(null=True)


ALL_MODELS = [
    Setting,
    Service,
    Counter,
    CounterService,
    User,
    ApiToken,
    StaffSession,
    DailySequence,
    Ticket,
    TicketEvent,
    IdempotencyRecord,
    Printer,
    SchemaVersion,
]
