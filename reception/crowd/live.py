"""Socket.IO for the crowd view: namespace /crowd, its rooms, `crowd_state` and `crowd_alert`.

Two rooms, because the snapshot differs by role: leaders and admins (FULL_ROOM) see every
matter, security staff (LIMITED_ROOM) never see a confidential one. Alerts name no matter,
so every crowd view gets the same `crowd_alert`.
"""

import logging

from reception import notifications
from reception.crowd import alerts, snapshot, thresholds
from reception.database import connection
from reception.extensions import socketio

log = logging.getLogger(__name__)

NAMESPACE = "/crowd"
FULL_ROOM = "crowd_full"
LIMITED_ROOM = "crowd_limited"


def room_for(user) -> str:
    """Return the room a crowd view of this user joins."""
    return FULL_ROOM if snapshot.sees_confidential(user) else LIMITED_ROOM


def crowd_changed(totals=None) -> None:
    """Evaluate the alerts, announce new ones, and send a fresh `crowd_state` to every view.

    `crowd_alert` payload: an alert as snapshot.alert_view shows it (id, kind, severity,
    message, message_en, number, party_size, raised_at...). `crowd_state`: snapshot.crowd_state.

    :param totals: tallies.in_hall(today) when the caller (a queue publish) has just read them.
    """
    with connection():
        limits = thresholds.limits()  # read once for the count, the alerts and the snapshots
        hall = alerts.hall_now(limits, totals=totals)
        raised, changed = alerts.evaluate(hall, limits)
        if changed:
            hall = alerts.hall_now(limits)
        full, limited = snapshot.crowd_states(hall, limits)
        announced = [snapshot.alert_view(alert) for alert in raised]
    if raised:
        notifications.kick()  # the urgent e-mails and SMS queued with the alerts
    for payload in announced:
        socketio.emit("crowd_alert", payload, namespace=NAMESPACE)
    socketio.emit("crowd_state", full, namespace=NAMESPACE, to=FULL_ROOM)
    socketio.emit("crowd_state", limited, namespace=NAMESPACE, to=LIMITED_ROOM)


def after_queue_change(totals=None) -> None:
    """Follow a queue snapshot with the crowd's; a failure here never breaks the queue's."""
    try:
        crowd_changed(totals)
    except Exception:
        log.exception("could not publish the crowd state")
