"""Put messages in the outbox, inside the caller's write transaction, and read the log back.

enqueue() writes one row per channel given; nothing is sent here. Because it joins the
caller's transaction, a request that rolls back leaves nothing to send. The sender
(reception.notifications.sender) delivers the rows after commit.
"""

import unicodedata
from datetime import timedelta

from reception import clock
from reception.contacts import normal_phone, valid_email
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound
from reception.notifications.models import (
    CHANNELS,
    EMAIL,
    SMS,
    STATUSES,
    DeliveryAttempt,
    Notification,
)

SMS_MAX = 320
LOG_PAGE = 100


def enqueue(kind: str, *, email: str | None = None, phone: str | None = None, subject: str,
            body: str, sms: str | None = None, about: str = "", name: str = "") -> list:
    """Queue a message by e-mail and/or SMS; return the outbox rows written.

    Call it inside the caller's write transaction. An address that is not valid is skipped
    (the caller validated what the citizen typed). `sms` is the short text (default: body,
    cut to SMS_MAX characters). Wording must be neutral: a phone or mailbox may be read by
    someone else, so never name the matter (above all a denunciation).
    """
    rows = []
    moment = clock.stored_now()
    body = unicodedata.normalize("NFC", body)
    short = unicodedata.normalize("NFC", sms or body)
    if len(short) > SMS_MAX:
        short = short[:SMS_MAX - 1].rstrip() + "…"
    targets = []
    if valid_email(email):
        targets.append((EMAIL, email, body))
    if normal_phone(phone):
        targets.append((SMS, normal_phone(phone), short))
    with write_transaction():
        for channel, recipient, text in targets:
            rows.append(Notification.create(
                kind=kind, channel=channel, recipient=recipient, recipient_name=name[:120],
                subject=unicodedata.normalize("NFC", subject)[:200], body=text,
                about=about[:64], next_attempt_at=moment, created_at=moment))
    return rows


def delivery_log(filters: dict, page: int = 1) -> dict:
    """Return outbox rows, newest first, with their tries; filters: status, channel, kind.

    :raises ReceptionError: an unknown status or channel.
    """
    query = Notification.select()
    status, channel = filters.get("status") or "", filters.get("channel") or ""
    if status and status not in STATUSES:
        raise Invalid("unknown_choice", field="Trạng thái", field_en="Status",
                      value=status, choices=", ".join(STATUSES))
    if channel and channel not in CHANNELS:
        raise Invalid("unknown_choice", field="Kênh", field_en="Channel",
                      value=channel, choices=", ".join(CHANNELS))
    if status:
        query = query.where(Notification.status == status)
    if channel:
        query = query.where(Notification.channel == channel)
    if filters.get("kind"):
        query = query.where(Notification.kind == filters["kind"])
    total = query.count()
    rows = list(query.order_by(Notification.created_at.desc(), Notification.id.desc())
                .paginate(max(1, page), LOG_PAGE))
    tries: dict = {}
    if rows:
        for attempt in (DeliveryAttempt.select()
                        .where(DeliveryAttempt.notification.in_([r.id for r in rows]))
                        .order_by(DeliveryAttempt.at, DeliveryAttempt.id)):
            tries.setdefault(attempt.notification_id, []).append(attempt)
    return {"total": total, "page": page, "per_page": LOG_PAGE,
            "rows": [(row, tries.get(row.id, [])) for row in rows]}


def retry_now(notification_id: int) -> Notification:
    """Put a failed message back in the outbox for another round of tries.

    :raises ReceptionError: NotFound unknown, Conflict when it is not failed.
    """
    with write_transaction():
        row = Notification.get_or_none(Notification.id == notification_id)
        if row is None:
            raise NotFound("not_found", what=f"thông báo {notification_id}")
        if row.status != "failed":
            raise Conflict("notification_not_failed")
        row.status, row.attempts = "pending", 0
        row.next_attempt_at = clock.stored_now() - timedelta(seconds=1)
        row.save()
    return row


def counts() -> dict:
    """Return how many messages are in each status."""
    from peewee import fn

    found = dict(Notification.select(Notification.status, fn.COUNT(Notification.id))
                 .group_by(Notification.status).tuples())
    return {status: found.get(status, 0) for status in STATUSES}
