"""Notifications: an outbox of e-mails and SMS, its sender, and urgent crowd alerts.

Hooking a new notification (booking, reminder, cancelled session, "your turn is near"):
inside the service's own write transaction call

    from reception import notifications
    notifications.enqueue("booking", email=..., phone=..., subject=..., body=..., about=...)

with a neutral text from reception.notifications.texts, and after the commit call
notifications.kick() (or leave it to the housekeeping loop, every 30 seconds).
"""

from reception.notifications import channels, urgent
from reception.notifications.outbox import enqueue
from reception.notifications.sender import kick, send_due


def configure(config) -> None:
    """Read the delivery settings and the default alert recipients from the app config."""
    channels.configure(config)
    urgent.configure(config)


__all__ = ["configure", "enqueue", "kick", "send_due"]
