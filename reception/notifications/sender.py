"""Deliver what the outbox holds: due messages, tried again with exponential back-off.

Run from the server's housekeeping loop (reception.server), by `flask notifications send`,
and, right after a commit that queued something, by kick() in a background thread. Never
inside a request: a slow mail server or SMS gateway must not hold anyone up.

A message is claimed (status "sending") by one conditional UPDATE, so two senders never
deliver it twice; one left "sending" by a process that died is claimed again after
STALE_MINUTES. A failed try waits backoff_seconds × 2^(tries − 1) (capped) before the next;
after max_attempts tries the message is "failed" and stays in the log (the admin page can
put it back). A channel with nothing configured fails at once, without retries.
"""

import logging
import threading
import time
from datetime import timedelta

from reception import clock
from reception.config import DeliverySettings
from reception.database import connection, write_transaction
from reception.notifications import channels
from reception.notifications.channels import DeliveryError
from reception.notifications.models import (
    EMAIL,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    DeliveryAttempt,
    Notification,
)

log = logging.getLogger(__name__)
STALE_MINUTES = 10
BATCH = 50
_running = threading.Lock()
_again = threading.Event()


def backoff(attempts: int, settings: DeliverySettings) -> float:
    """Return the seconds to wait after the given number of failed tries."""
    return min(settings.backoff_seconds * 2 ** max(0, attempts - 1),
               settings.backoff_max_seconds)


def _claim(limit: int) -> list[Notification]:
    now = clock.stored_now()
    stale = now - timedelta(minutes=STALE_MINUTES)
    due = (Notification.select(Notification.id)
           .where(((Notification.status == PENDING) & (Notification.next_attempt_at <= now))
                  | ((Notification.status == SENDING) & (Notification.claimed_at < stale)))
           .order_by(Notification.next_attempt_at, Notification.id).limit(limit))
    claimed = []
    # Read the ids to the end first: an SQLite read still open on this connection would pin an
    # old snapshot, and BEGIN IMMEDIATE after another sender's commit fails with "locked".
    for row_id in [row_id for (row_id,) in due.tuples()]:
        with write_transaction():
            taken = Notification.update(status=SENDING, claimed_at=now).where(
                (Notification.id == row_id)
                & ((Notification.status == PENDING)
                   | ((Notification.status == SENDING) & (Notification.claimed_at < stale)))
            ).execute()
        if taken:
            claimed.append(Notification.get_by_id(row_id))
    return claimed


def _deliver(row: Notification, settings: DeliverySettings) -> None:
    if row.channel == EMAIL:
        channels.send_email(settings, row.recipient, row.subject, row.body, f"n{row.id}")
    else:
        channels.send_sms(settings, row.recipient, row.body, str(row.id))


def _record(row: Notification, error: str | None, started: float,
            settings: DeliverySettings) -> None:
    moment = clock.stored_now()
    attempts = row.attempts + 1
    if error is None:
        changes = {"status": SENT, "sent_at": moment, "last_error": ""}
    elif attempts >= settings.max_attempts or not settings.configured(row.channel):
        changes = {"status": FAILED, "last_error": error}
    else:
        changes = {"status": PENDING, "last_error": error,
                   "next_attempt_at": moment + timedelta(seconds=backoff(attempts, settings))}
    with write_transaction():
        Notification.update(attempts=attempts, claimed_at=None, **changes).where(
            Notification.id == row.id).execute()
        DeliveryAttempt.create(notification=row.id, at=moment, ok=error is None,
                               error=error or "",
                               milliseconds=int((time.monotonic() - started) * 1000))


def send_due(limit: int = BATCH, touched: set | None = None) -> dict:
    """Try every message that is due (up to limit); return {"sent": n, "failed": n}.

    touched, when given, collects what the tried messages were about.
    """
    settings = channels.delivery()
    outcome = {"sent": 0, "failed": 0}
    with connection():
        for row in _claim(limit):
            if touched is not None:
                touched.add(row.about)
            started = time.monotonic()
            try:
                _deliver(row, settings)
                error = None
            except DeliveryError as failure:
                error = str(failure)[:500]
            except Exception as failure:  # a bug in a channel must not stop the others
                log.exception("notification %s could not be delivered", row.id)
                error = f"Lỗi không xác định: {failure}"[:500]
            _record(row, error, started, settings)
            outcome["sent" if error is None else "failed"] += 1
    return outcome


def send_due_safely() -> None:
    """Send what is due, logging instead of raising (the housekeeping loop must go on)."""
    if not _running.acquire(blocking=False):
        _again.set()
        return
    touched: set = set()
    try:
        while True:
            _again.clear()
            send_due(touched=touched)
            if not _again.is_set():
                break
        if any(about.startswith("crowd_alert:") for about in touched):
            # The crowd view lists who was told of each alert: show the delivery now.
            from reception.crowd import live

            live.after_queue_change()
    except Exception:
        log.exception("sending notifications failed")
    finally:
        _running.release()


def kick() -> None:
    """Start sending now in a background thread; call after the commit that queued messages."""
    settings = channels.delivery()
    if not settings.send_immediately or not (settings.smtp_url or settings.sms_url):
        return
    threading.Thread(target=send_due_safely, daemon=True, name="notifications").start()
