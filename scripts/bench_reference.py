"""Reference servers for the benchmark, served exactly as the application is.

`python scripts/bench_reference.py bare|minimal` serves on HOST:PORT with THREADS threads:
- bare: a bare Flask JSON endpoint, GET /ok answers {"ok": true} (the stack's ceiling);
- minimal: Flask + peewee + SQLite (WAL, synchronous=normal, busy_timeout), POST
  /api/v1/tickets numbers the ticket with one atomic upsert of the day's sequence and inserts
  it in one BEGIN IMMEDIATE transaction, a pooled connection taken per request and given back
  at teardown as the application does (the scale issue 12 quotes: what numbering and storing
  a ticket costs and no more).

Both run under gunicorn with the options of reception/server.py's `serve`: taken from
`reception.server.gunicorn_options(host, port, threads)` once the application has it, until
then from the one copy below (copied_options); the report names which was used.
"""

import os
import sys
import threading
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def copied_options(host: str, port: int, threads: int) -> dict:
    """The gunicorn options of reception.server.serve, copied (without its app hooks)."""
    return {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 0,
        "keepalive": 75,
        "graceful_timeout": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }


# Hooks of the application's own server that have no meaning for a reference app.
APP_HOOKS = ("post_worker_init", "on_starting", "when_ready", "post_fork", "pre_fork")


def gunicorn_options(host: str, port: int, threads: int) -> tuple[dict, str]:
    """Return the options and where they came from (the application's own function, or the copy)."""
    try:
        from reception.server import gunicorn_options as app_options
    except ImportError:
        return copied_options(host, port, threads), "copied in scripts/bench_reference.py"
    try:
        options = dict(app_options(host, port, threads))
    except TypeError:
        return copied_options(host, port, threads), "copied in scripts/bench_reference.py"
    options = {key: value for key, value in options.items() if key not in APP_HOOKS}
    options["workers"] = 1
    return options, "reception.server.gunicorn_options"


def bare_app():
    from flask import Flask, jsonify

    app = Flask("bare")

    @app.get("/ok")
    def ok():
        return jsonify({"ok": True})

    return app


def minimal_app(path: str):
    from flask import Flask, jsonify, request
    from peewee import CharField, DateField, DateTimeField, IntegerField, Model
    from playhouse.pool import PooledSqliteDatabase

    # Pooled, with the pragmas of reception.database.open_database.
    db = PooledSqliteDatabase(
        path,
        pragmas={
            "journal_mode": "wal",
            "synchronous": "normal",
            "foreign_keys": 1,
            "busy_timeout": 5000,
        },
        check_same_thread=False,
        max_connections=None,
        stale_timeout=600,
    )

    class Sequence(Model):
        day = DateField()
        last = IntegerField()

        class Meta:
            database = db
            indexes = ((("day",), True),)

    class Ticket(Model):
        day = DateField()
        sequence = IntegerField()
        number = CharField()
        service = CharField()
        status = CharField(default="waiting")
        issued_at = DateTimeField()

        class Meta:
            database = db

    with db:
        db.create_tables([Sequence, Ticket])
    app = Flask("minimal")
    writer = threading.Lock()  # as reception.database: threads queue, not poll SQLite

    @app.before_request
    def open_connection():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def close_connection(_error):
        if not db.is_closed():
            db.close()

    @app.post("/api/v1/tickets")
    def issue():
        body = request.get_json()
        today = date.today()
        with writer, db.atomic("IMMEDIATE"):
            (last,) = next(
                iter(
                    Sequence.insert(day=today, last=1)
                    .on_conflict(
                        conflict_target=[Sequence.day], update={Sequence.last: Sequence.last + 1}
                    )
                    .returning(Sequence.last)
                    .tuples()
                    .execute()
                )
            )
            ticket = Ticket.create(
                day=today,
                sequence=last,
                number=f"{last:03d}",
                service=body["service"],
                issued_at=datetime.now(),
            )
        response = jsonify(
            {"ticket": {"number": ticket.number, "status": ticket.status}, "created": True}
        )
        response.status_code = 201
        return response

    @app.get("/ok")
    def ok():
        return jsonify({"ok": True})

    return app


class ReferenceServer:
    """Start and stop one reference server (bare or minimal) on a free loopback port."""

    def __init__(self, kind: str, workdir: Path, threads: int):
        from tests.live import free_port

        self.kind, self.port = kind, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "THREADS": str(threads),
            "REFERENCE_DB": str(workdir / f"{kind}.db"),
        }
        self.log = open(workdir / f"{kind}.log", "ab")
        self.process = None

    def start(self) -> "ReferenceServer":
        import subprocess

        import requests

        from tests.live import wait_for

        self.process = subprocess.Popen(
            [sys.executable, __file__, self.kind],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )

        def answers():
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.kind} reference server exited ({self.process.returncode})"
                )
            try:
                return requests.get(self.url + "/ok", timeout=1).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                return False

        wait_for(answers, timeout=20, message=f"{self.kind} server on {self.url}")
        return self

    def stop(self) -> None:
        from tests.live import interrupt

        interrupt(self.process)
        self.log.close()


def main() -> int:
    from gunicorn.app.base import BaseApplication

    kind = sys.argv[1]
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])
    options, _source = gunicorn_options(host, port, int(os.environ.get("THREADS", "256")))
    app = bare_app() if kind == "bare" else minimal_app(os.environ["REFERENCE_DB"])

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    Server().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
