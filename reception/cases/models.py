"""Peewee models of the case-file records. Models never commit: the services do.

Timestamps are naive UTC (reception.clock); dates (received_on, due_on) are local dates.
The audit log and the record history are append-only: database triggers refuse UPDATE and
DELETE on them (reception.cases.storage).
"""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from reception.models import BaseModel, Ticket, User

MATTER_TYPES = ("khieu_nai", "to_cao", "kien_nghi", "phan_anh")
HANDLINGS = ("thu_ly", "huong_dan", "chuyen_don", "don_doc", "luu_don", "tu_choi")
RECEPTION_KINDS = ("officer", "head_in_person", "head_delegated")
SESSION_KINDS = ("scheduled", "unscheduled")
CASE_STATUSES = ("open", "in_progress", "transferred", "resolved", "filed")
CLOSED_STATUSES = ("resolved", "filed")
DENUNCIATION = "to_cao"


class Visitor(BaseModel):
    """A citizen who came in person; recognised again by the 12-digit personal ID number."""

    full_name = CharField(max_length=120)
    # Unique when present; people without an ID get a new row on each visit.
    id_number = CharField(max_length=12, null=True, unique=True)
    old_id_number = CharField(max_length=9, null=True)
    birth_year = IntegerField(null=True)
    birth_date = DateField(null=True)
    sex = CharField(max_length=3, null=True)
    address = TextField(default="")
    phone = CharField(max_length=20, default="")
    id_issued_on = DateField(null=True)
    search_key = TextField(default="")
    created_at = DateTimeField()
    updated_at = DateTimeField()


class CaseSequence(BaseModel):
    """The last case number given in a year (codes HS-2026-000123)."""

    year = IntegerField(primary_key=True)
    last = IntegerField(default=0)


class Case(BaseModel):
    """A case file (hồ sơ vụ việc): every visit, step and deadline of one matter."""

    code = CharField(max_length=20, unique=True)
    matter_type = CharField(max_length=12, index=True)
    field = CharField(max_length=32)
    title = CharField(max_length=300)
    status = CharField(max_length=16, default="open", index=True)
    responsible = ForeignKeyField(User, null=True, backref="cases", on_delete="SET NULL")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    opened_at = DateTimeField()
    opened_on = DateField(index=True)
    accepted_on = DateField(null=True)
    closed_at = DateTimeField(null=True)
    complex_case = BooleanField(default=False)
    remote_area = BooleanField(default=False)
    resolution_round = IntegerField(default=1)
    result_note = TextField(default="")
    updated_at = DateTimeField()

    class Meta:
        # "case" is an SQL keyword: a plain name keeps hand-written SQL simple.
        table_name = "case_file"


class Visit(BaseModel):
    """One reception of a visitor (or a group): one row of the logbook."""

    ticket = ForeignKeyField(Ticket, null=True, unique=True, on_delete="SET NULL")
    visitor = ForeignKeyField(Visitor, backref="visits")
    received_at = DateTimeField()
    received_on = DateField(index=True)
    received_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    reception_kind = CharField(max_length=16, default="officer")
    session_kind = CharField(max_length=12, default="scheduled")
    party_size = IntegerField(default=1)
    is_group = BooleanField(default=False)
    representatives = TextField(default="[]")
    interpreter_used = BooleanField(default=False)
    interpreter_language = CharField(max_length=60, default="")
    matter_type = CharField(max_length=12, index=True)
    field = CharField(max_length=32)
    summary = TextField()
    requests = TextField(default="")
    prior_handling = TextField(default="")
    documents = TextField(default="[]")
    handling = CharField(max_length=12)
    transfer_to = CharField(max_length=200, default="")
    guidance = TextField(default="")
    refusal_reason = CharField(max_length=32, default="")
    refusal_detail = TextField(default="")
    is_repeat = BooleanField(default=False)
    case = ForeignKeyField(Case, null=True, backref="visits", on_delete="SET NULL")
    note = TextField(default="")
    result_note = TextField(default="")
    # Normalised (no diacritics, lower case) search text, split so that a denouncer's
    # identity can be excluded from searches by people who may not see it.
    content_key = TextField(default="")
    identity_key = TextField(default="")
    updated_at = DateTimeField()


class VisitIdentity(BaseModel):
    """An ID number present at a visit (the visitor's or a representative's): repeat lookup."""

    visit = ForeignKeyField(Visit, backref="identities", on_delete="CASCADE")
    id_number = CharField(max_length=12, index=True)

    class Meta:
        indexes = ((("visit", "id_number"), True),)


class CaseStep(BaseModel):
    """One event in a case's history: opened, a visit, a status change, a note..."""

    case = ForeignKeyField(Case, backref="steps", on_delete="CASCADE")
    at = DateTimeField()
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    kind = CharField(max_length=24)
    detail = TextField(default="")


class Deadline(BaseModel):
    """A legal time limit of a case (kind, due date, the article it comes from)."""

    case = ForeignKeyField(Case, backref="deadlines", on_delete="CASCADE")
    visit = ForeignKeyField(Visit, null=True, on_delete="SET NULL", backref="+")
    kind = CharField(max_length=32)
    start_on = DateField()
    days = IntegerField()
    working_days = BooleanField()
    due_on = DateField(index=True)
    source = CharField(max_length=120)
    extensions = IntegerField(default=0)
    met_at = DateTimeField(null=True, index=True)


class DayOff(BaseModel):
    """A day off added by the admin (bridge days, local holidays) beyond the public holidays."""

    day = DateField(primary_key=True)
    reason = CharField(max_length=200, default="")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class AuditLog(BaseModel):
    """Who viewed, changed or exported what, from where. Append-only (database triggers)."""

    at = DateTimeField(index=True)
    # Plain columns, not foreign keys: a cascade on a user must never touch these rows.
    user_id = IntegerField(null=True, index=True)
    username = CharField(max_length=64, default="")
    role = CharField(max_length=16, default="")
    action = CharField(max_length=40, index=True)
    object_type = CharField(max_length=24)
    object_id = CharField(max_length=40, default="")
    ip = CharField(max_length=64, default="")
    detail = TextField(default="")


class RecordHistory(BaseModel):
    """What a visitor, visit or case looked like before a change, and who changed it."""

    at = DateTimeField()
    user_id = IntegerField(null=True)
    username = CharField(max_length=64, default="")
    object_type = CharField(max_length=24)
    object_id = IntegerField()
    action = CharField(max_length=16)
    before = TextField(null=True)
    after = TextField()

    class Meta:
        indexes = ((("object_type", "object_id"), False),)


class ArrivalIdentity(BaseModel):
    """The ID card a citizen scanned at the kiosk, kept only while the ticket is open.

    The raw QR text (it is what the card says); the desk fills the meeting record from it.
    Deleted once the ticket is closed (reception.cases.arrivals.purge_closed).
    """

    ticket = ForeignKeyField(Ticket, unique=True, on_delete="CASCADE")
    qr = TextField()
    scanned_at = DateTimeField()


CASE_MODELS = [
    Visitor,
    CaseSequence,
    Case,
    Visit,
    VisitIdentity,
    CaseStep,
    Deadline,
    DayOff,
    AuditLog,
    RecordHistory,
    ArrivalIdentity,
]
