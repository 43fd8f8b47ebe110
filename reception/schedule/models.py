"""Peewee models of the reception schedule: leaders' reception days and the duty roster."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from reception.models import BaseModel, Counter, User

SCHEDULED, UNSCHEDULED = "scheduled", "unscheduled"
WEEKLY, MONTHLY_DAY, MONTHLY_WEEKDAY, DATES = "weekly", "monthly_day", "monthly_weekday", "dates"
NEXT_WORKING_DAY, SKIP, KEEP = "next_working_day", "skip", "keep"


class LeaderReception(BaseModel):
    """A leader's reception of citizens: a weekly or monthly rule, or explicit dates.

    Commune chairmen receive at least one day a week (Luật TCD Điều 15.2.d), province
    chairmen and heads of agencies at least one day a month (Điều 12.5, 18.2); an unscheduled
    session (Điều 18.3) is kind "unscheduled" on explicit dates.
    """

    leader_name = CharField(max_length=120)
    leader_title = CharField(max_length=160, default="")
    # The leader's account, when there is one: conflicts are found by account and by name.
    leader_user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    kind = CharField(max_length=16, default=SCHEDULED)
    recurrence = CharField(max_length=16, default=WEEKLY)
    weekday = IntegerField(null=True)  # 0 = Monday (thứ Hai) … 6 = Sunday
    month_day = IntegerField(null=True)  # 1–31; a short month uses its last day
    week_of_month = IntegerField(null=True)  # 1–4, or -1 for the last one
    dates = TextField(default="[]")  # JSON list of YYYY-MM-DD for recurrence "dates"
    valid_from = DateField(null=True)
    valid_until = DateField(null=True)
    start_time = CharField(max_length=5, default="07:30")
    end_time = CharField(max_length=5, default="11:30")
    counter = ForeignKeyField(Counter, null=True, on_delete="SET NULL", backref="+")
    # Tickets issued during the session go to the leader's counter (all services, or these).
    route_tickets = BooleanField(default=False)
    route_services = TextField(default="[]")
    # A day that falls on a public holiday or a day off: moved, skipped or kept.
    on_holiday = CharField(max_length=20, default=NEXT_WORKING_DAY)
    location = CharField(max_length=200, default="")
    # Citizens may book this many places in each session online (0: not bookable).
    capacity = IntegerField(default=0)
    note = TextField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class DutyShift(BaseModel):
    """One person on duty on one day (weekends, public holidays and Tết included)."""

    day = DateField(index=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    person_name = CharField(max_length=120)
    duty = CharField(max_length=16, default="tiep_dan")
    start_time = CharField(max_length=5, default="07:30")
    end_time = CharField(max_length=5, default="17:00")
    counter = ForeignKeyField(Counter, null=True, on_delete="SET NULL", backref="+")
    note = CharField(max_length=200, default="")
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


SCHEDULE_MODELS = [LeaderReception, DutyShift]
