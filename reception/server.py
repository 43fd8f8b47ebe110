"""Run the application under gunicorn with threads, plus the queue housekeeping loop."""

import logging
import threading

from gunicorn.app.base import BaseApplication

log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 30


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

    while not stop.wait(HOUSEKEEPING_SECONDS):
        try:
            with connection():
                queue.expire_stale()
            # Long waits grow with the clock alone; this also refreshes the waited minutes.
            crowd_live.crowd_changed()
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
