"""Peewee models of the crowd view: walk-in delegations, alerts and the incident log.

Timestamps are naive UTC like every other model; `day` columns are local dates.
"""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from reception.models import BaseModel, Service, User

# Walk-in event kinds (the history replays these with the tickets' events).
ARRIVED, DEPARTED, UPDATED = "arrived", "departed", "updated"


class WalkIn(BaseModel):
    """A delegation that came without tickets, recorded by an officer or a guard."""

    day = DateField(index=True)
    party_size = IntegerField()
    service = ForeignKeyField(Service, null=True, on_delete="SET NULL", backref="+")
    note = TextField(default="")
    # JSON list of {"full_name"}: the representatives the group appoints (Luật TCD Điều 29).
    representatives = TextField(default="[]")
    arrived_at = DateTimeField(index=True)
    departed_at = DateTimeField(null=True)
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    departed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class WalkInEvent(BaseModel):
    """One arrival, change or departure of a walk-in delegation, with its size at the time."""

    walk_in = ForeignKeyField(WalkIn, backref="events", on_delete="CASCADE")
    kind = CharField(max_length=16)
    at = DateTimeField(index=True)
    party_size = IntegerField()
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class CrowdAlert(BaseModel):
    """One raising of an alert; it stays active until its condition clears.

    `active_key` equals `key` while the alert is active and is NULL afterwards: the unique
    index makes a second raise of a condition that is still active impossible, even when two
    processes evaluate at once, and a restart finds the alert instead of raising it again.
    """

    key = CharField(max_length=64, index=True)
    active_key = CharField(max_length=64, null=True, unique=True)
    kind = CharField(max_length=16)
    severity = CharField(max_length=8)
    day = DateField(index=True)
    payload = TextField(default="{}")
    raised_at = DateTimeField(index=True)
    cleared_at = DateTimeField(null=True)
    acknowledged_at = DateTimeField(null=True)
    acknowledged_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    ack_note = TextField(null=True)


class IncidentEntry(BaseModel):
    """A line of the incident log (sự việc): alerts, acknowledgements, notes, walk-ins."""

    day = DateField(index=True)
    at = DateTimeField(index=True)
    kind = CharField(max_length=24)
    alert = ForeignKeyField(CrowdAlert, null=True, on_delete="CASCADE", backref="entries")
    walk_in = ForeignKeyField(WalkIn, null=True, on_delete="CASCADE", backref="entries")
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    text = TextField(default="")


CROWD_MODELS = [WalkIn, WalkInEvent, CrowdAlert, IncidentEntry]
