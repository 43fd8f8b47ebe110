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


def configure(settings) -> None:
    """Install this process's delivery settings and default alert recipients.

    :param settings: the app's reception.config.Settings.
    """
    channels.install(settings.delivery)
    urgent.configure(settings.alert_emails, settings.alert_phones)


__all__ = ["configure", "enqueue", "kick", "send_due"]
