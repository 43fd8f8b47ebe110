"""Run the application under gunicorn (one or several worker processes, each with threads),
plus the queue housekeeping loop, which only one process runs at a time."""

import json
import logging
import threading
from urllib.parse import urlsplit

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication

from reception.errors import message

log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 30
# pg_try_advisory_lock key of the housekeeping lease: "TCD" + 1 (any constant no one else uses).
HOUSEKEEPING_LOCK = 0x544344_01


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


class WorkersRefused(ValueError):
    """Several worker processes were asked for on a set-up that cannot share state between them."""


def check_workers(workers, database_url: str, message_queue: str | None) -> int:
    """Return the number of worker processes to run, or refuse a set-up that would misbehave.

    Several processes must share one database that takes concurrent writers (PostgreSQL: SQLite
    serialises writers per process only) and one Socket.IO message queue (Redis), or a call made
    through one process would never reach the boards connected to another.

    :raises WorkersRefused: with a Vietnamese then English message.
    """
    text = str(workers).strip()
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise WorkersRefused(
            f"Số tiến trình (RECEPTION_WORKERS) phải là số nguyên từ 1 đến 64, không phải "
            f"{text!r}. / RECEPTION_WORKERS must be a whole number from 1 to 64.")
    count = int(text)
    if count == 1:
        return 1
    scheme = urlsplit(database_url or "").scheme.split("+")[0]
    if scheme not in ("postgres", "postgresql"):
        scheme = "SQLite" if scheme.startswith("sqlite") else scheme
        raise WorkersRefused(
            f"Không thể chạy {count} tiến trình với cơ sở dữ liệu {scheme or 'SQLite'}: nhiều "
            "tiến trình cần PostgreSQL (RECEPTION_DATABASE_URL=postgresql://...). Hãy đặt "
            "RECEPTION_WORKERS=1 hoặc chuyển sang PostgreSQL (xem deploy/README.md). / "
            f"Cannot run {count} worker processes on {scheme or 'SQLite'}: several processes "
            "need PostgreSQL. Set RECEPTION_WORKERS=1 or move to PostgreSQL.")
    if not (message_queue or "").startswith(("redis://", "rediss://")):
        raise WorkersRefused(
            f"Không thể chạy {count} tiến trình khi chưa có hàng đợi tin nhắn Redis: bảng hiển "
            "thị nối vào tiến trình này sẽ không thấy lượt gọi từ tiến trình kia. Hãy đặt "
            "RECEPTION_SOCKETIO_MESSAGE_QUEUE=redis://... (xem deploy/README.md). / "
            f"Cannot run {count} worker processes without a Redis message queue "
            "(RECEPTION_SOCKETIO_MESSAGE_QUEUE=redis://...): boards connected to one process "
            "would miss the calls made through another.")
    return count


class HousekeepingLease:
    """Let one process at a time do the housekeeping, however many processes and hosts serve.

    On PostgreSQL the lease is a session advisory lock held on a connection of its own: the
    process holding it does the rounds; the others keep asking each round and take over as soon
    as its holder dies (PostgreSQL frees the lock with the connection). Two processes expiring
    the same tickets at once would each log an expiry and announce it. On SQLite there is only
    one process (check_workers), so the lease is always held.
    """

    def __init__(self, database):
        from peewee import PostgresqlDatabase

        self.shared = isinstance(database, PostgresqlDatabase)
        # A connection of its own, outside the pool: the lock lives exactly as long as it does.
        self._lock_db = (PostgresqlDatabase(database.database, **database.connect_params)
                         if self.shared else None)
        self._mine = False

    def held(self) -> bool:
        """Tell whether this process holds the lease now, taking it when it is free."""
        if not self.shared:
            return True
        try:
            if self._mine:
                # Still ours while the connection that holds it is alive.
                self._lock_db.execute_sql("SELECT 1")
                return True
            self._lock_db.connect(reuse_if_open=True)
            self._mine = bool(self._lock_db.execute_sql(
                "SELECT pg_try_advisory_lock(%s)", (HOUSEKEEPING_LOCK,)).fetchone()[0])
            return self._mine
        except Exception:  # the database went away: ask again next round
            log.warning("housekeeping lease lost; asking again next round", exc_info=True)
            self.release()
            return False

    def release(self) -> None:
        """Drop the lease (closing its connection frees the lock)."""
        self._mine = False
        if self._lock_db is not None:
            try:
                self._lock_db.close()
            except Exception:  # the connection was already broken
                log.debug("closing the lease connection failed", exc_info=True)


def housekeeping_round(settings) -> None:
    """Expire stale tickets, queue the day-before reminders of bookings, re-evaluate
    time-based crowd alerts and send what the outbox holds, once.

    :param settings: the app's reception.config.Settings.
    """
    from reception import queue
    from reception.booking import appointments
    from reception.crowd import live as crowd_live
    from reception.database import connection
    from reception.notifications import sender as notification_sender

    with connection():
        queue.expire_stale(settings.closing_time)
        appointments.send_reminders(settings.delivery.public_url)
    # Long waits grow with the clock alone; this also refreshes the waited minutes.
    crowd_live.crowd_changed()
    notification_sender.send_due_safely()  # the e-mail / SMS outbox, with back-off


def housekeeping(stop: threading.Event, settings, seconds: float = HOUSEKEEPING_SECONDS,
                 lease: HousekeepingLease | None = None) -> None:
    """Run housekeeping_round every `seconds` while this process holds the lease."""
    while not stop.wait(seconds):
        try:
            if lease is None or lease.held():
                housekeeping_round(settings)
        except Exception:  # keep the loop alive; the next round retries
            log.exception("housekeeping failed")
    if lease is not None:
        lease.release()


def _post_worker_init(worker):
    from reception import clock, schedule
    from reception.config import Settings
    from reception.extensions import db

    # The holiday calendar (Tết follows the lunar calendar) takes a moment to load the first
    # time: load it before the first display board asks for today's schedule.
    schedule.holiday_names(clock.today().year)
    config = getattr(worker.wsgi, "config", {})
    seconds = float(config.get("HOUSEKEEPING_SECONDS") or HOUSEKEEPING_SECONDS)
    stop = threading.Event()
    threading.Thread(target=housekeeping,
                     args=(stop, Settings.of(worker.wsgi), seconds, HousekeepingLease(db.obj)),
                     daemon=True, name="housekeeping").start()


def gunicorn_options(host: str, port: int, threads: int, workers: int = 1,
                     housekeeping: bool = True) -> dict:
    """Return the gunicorn settings the server runs with (the benchmark reuses them).

    Each worker is a process with `threads` threads. With several workers gunicorn shares the
    one listening socket between them: a websocket stays with the process that accepted it,
    which is why every client of ours connects with a websocket first (Socket.IO's long-polling
    would need every request of a session to reach the same process).

    :param housekeeping: start the housekeeping thread in each worker (False for an app that
        is not this one, such as the benchmark's bare endpoint).
    """
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # Display boards hold long-lived websocket connections.
        "timeout": 0,
        "keepalive": 75,
        "graceful_timeout": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # gunicorn's control socket (gunicornc) sits at one path per user by default, so every
        # server of the machine (several sites, the tests' servers) would fight over it and
        # recreate it around each fork; nothing here uses it.
        "control_socket_disable": True,
    }
    if housekeeping:
        options["post_worker_init"] = _post_worker_init
    return options


class _Server(BaseApplication):
    def __init__(self, options, app_factory):
        self.options = options
        self.app_factory = app_factory
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # In each worker after the fork: every process builds its own app and connections.
        return self.app_factory()


def serve(host: str, port: int, threads: int, app_factory, workers: int = 1) -> None:
    """Serve on host:port until interrupted, with `workers` processes (check_workers first).

    :param app_factory: returns the app to serve, called in each worker process.
    """
    # The worker calls gunicorn.util.write_error by module attribute: replace it there.
    gunicorn_util.write_error = write_json_error
    _Server(gunicorn_options(host, port, threads, workers), app_factory).run()
