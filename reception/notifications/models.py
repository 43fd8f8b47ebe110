"""Peewee models of the notification outbox, its delivery log and the urgent-alert recipients.

Timestamps are naive UTC (reception.clock). Models never commit: the services do.
"""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from reception.models import BaseModel, User

EMAIL, SMS = "email", "sms"
CHANNELS = (EMAIL, SMS)
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATUSES = (PENDING, SENDING, SENT, FAILED)


class Notification(BaseModel):
    """One message to one address over one channel, waiting in the outbox or delivered.

    Written inside the caller's transaction (a rolled-back request leaves nothing to send);
    the sender (reception.notifications.sender) delivers it later, never during a request.
    """

    kind = CharField(max_length=32, index=True)
    channel = CharField(max_length=8)
    recipient = CharField(max_length=254)
    recipient_name = CharField(max_length=120, default="")
    subject = CharField(max_length=200, default="")
    body = TextField()
    # What the message is about, e.g. "petition:12" or "crowd_alert:5" (the crowd view lists
    # who was told of an alert by it).
    about = CharField(max_length=64, default="", index=True)
    status = CharField(max_length=12, default=PENDING, index=True)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(index=True)
    claimed_at = DateTimeField(null=True)
    created_at = DateTimeField(index=True)
    sent_at = DateTimeField(null=True)
    last_error = TextField(default="")


class DeliveryAttempt(BaseModel):
    """One try at delivering a notification: when, whether it worked, and the error if not."""

    notification = ForeignKeyField(Notification, backref="delivery_attempts",
                                   on_delete="CASCADE")
    at = DateTimeField(index=True)
    ok = BooleanField()
    error = TextField(default="")
    milliseconds = IntegerField(default=0)


class AlertRecipient(BaseModel):
    """Someone told at once of an urgent crowd alert (e-mail and SMS).

    kind "leader": told only on days the duty roster has them on duty (matched by their
    account, or by the name on the roster); other kinds (inspectorate, police post, other)
    are told of every alert while active.
    """

    kind = CharField(max_length=16)
    name = CharField(max_length=120)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    email = CharField(max_length=254, default="")
    phone = CharField(max_length=20, default="")
    active = BooleanField(default=True)
    created_at = DateTimeField()


NOTIFICATION_MODELS = [Notification, DeliveryAttempt, AlertRecipient]
