"""Run the application under gunicorn with threads, plus the queue housekeeping loop."""

import json
import logging
import threading

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication

from reception.errors import message

log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 30


# gunicorn's own refusals (before Flask sees the request) → our message codes.
GUNICORN_ERRORS = {
    400: "bad_http_request",
    403: "forbidden",
    414: "request_line_too_long",
    431: "headers_too_large",
}


def write_json_error(sock, status_int, reason, mesg):
    """Answer a request gunicorn refused itself in our JSON error form, not its HTML page.

    Replaces gunicorn.util.write_error (same signature); gunicorn's own detail is not sent back.
    """
    code = GUNICORN_ERRORS.get(status_int, "bad_http_request" if status_int < 500 else
                               "internal_error")
    body = json.dumps({"error": {"code": code, "message": message(code)}},
                      ensure_ascii=False).encode("utf-8")
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Cache-Control: no-store\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


class _Server(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from app import create_app

        return create_app()


def housekeeping(stop: threading.Event) -> None:
    """Expire stale tickets and re-evaluate time-based crowd alerts every HOUSEKEEPING_SECONDS."""
    from reception import queue
    from reception.crowd import live as crowd_live
    from reception.database import connection
    from reception.notifications import sender as notification_sender

    while not stop.wait(HOUSEKEEPING_SECONDS):
        try:
            with connection():
                queue.expire_stale()
            # Long waits grow with the clock alone; this also refreshes the waited minutes.
            crowd_live.crowd_changed()
            notification_sender.send_due_safely()  # the e-mail / SMS outbox, with back-off
        except Exception:  # keep the loop alive; the next round retries
            log.exception("housekeeping failed")


def _post_worker_init(worker):
    from reception import clock, schedule

    # The holiday calendar (Tết follows the lunar calendar) takes a moment to load the first
    # time: load it before the first display board asks for today's schedule.
    schedule.holiday_names(clock.today().year)
    stop = threading.Event()
    threading.Thread(target=housekeeping, args=(stop,), daemon=True, name="housekeeping").start()


def serve(host: str, port: int, threads: int) -> None:
    """Serve on host:port until interrupted (one process: Socket.IO needs sticky sessions)."""
    # The worker calls gunicorn.util.write_error by module attribute: replace it there.
    gunicorn_util.write_error = write_json_error
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            # Display boards hold long-lived websocket connections.
            "timeout": 0,
            "keepalive": 75,
            "graceful_timeout": 5,
            "post_worker_init": _post_worker_init,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
        }
    ).run()
