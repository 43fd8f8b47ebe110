"""`flask notifications send` and `flask notifications status`: the outbox from a terminal."""

import click
from flask.cli import AppGroup

from reception.database import connection
from reception.notifications import outbox, sender

notifications_cli = AppGroup("notifications", help="Thông báo e-mail / SMS (hàng đợi gửi).")


@notifications_cli.command("send")
def send_command():
    """Send every message that is due now (for a cron job or a systemd timer)."""
    total = {"sent": 0, "failed": 0}
    while True:
        outcome = sender.send_due()
        total["sent"] += outcome["sent"]
        total["failed"] += outcome["failed"]
        if outcome["sent"] + outcome["failed"] < sender.BATCH:
            break
    click.echo(f"Đã gửi {total['sent']} thông báo; {total['failed']} lần gửi không thành công.")


@notifications_cli.command("status")
def status_command():
    """Show how many messages wait, are sent or failed."""
    with connection():
        counts = outbox.counts()
    click.echo(f"Chờ gửi: {counts['pending'] + counts['sending']} · đã gửi: {counts['sent']} · "
               f"không gửi được: {counts['failed']}")
