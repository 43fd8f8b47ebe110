"""Fresh databases for tests: SQLite files and PostgreSQL databases, schema built once.

schema.init_db() and headquarters.seed() build a seeded database; doing that for each of the
hundreds of tests that start on one was a large part of the suite's time. They now run once per
session into a template (a SQLite file, a PostgreSQL template database) that each test copies:
the same tables, triggers, indexes and demo data, made by the very same functions.
"""

import atexit
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

import psycopg
import pytest

from app import create_app
from demo import headquarters
from reception import schema
from reception.database import connection
from reception.extensions import db

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "CLOSING_TIME": "",
    # A cheap hash keeps sign-ins fast (tests/reception/test_passwords.py proves the production
    # default is scrypt); the idle timeout only where a test sets it.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    "SESSION_IDLE_MINUTES": 0,
    # No background re-check of sockets' sign-ins; tests call it when they need it.
    "SOCKET_RECHECK_SECONDS": 0,
    # Publish snapshots inline so Socket.IO test clients see them deterministically.
    "REALTIME_COALESCE_SECONDS": 0,
}
_seeded_sqlite: dict[str, Path] = {}


def seed(url: str) -> None:
    """Build and seed a database at url as a test app would; close every connection after."""
    create_app({**TEST_CONFIG, "DATABASE_URL": url})
    schema.init_db()
    headquarters.seed()


def copy_seeded_sqlite(target: Path) -> None:
    """Copy to target a SQLite file made by schema.init_db() and headquarters.seed()."""
    if "path" not in _seeded_sqlite:
        folder = Path(tempfile.mkdtemp(prefix="reception-seeded-"))
        atexit.register(shutil.rmtree, folder, True)
        work, template = folder / "work.db", folder / "seeded.db"
        seed(f"sqlite:///{work}")
        with connection():
            # One self-contained file, whatever the write-ahead log still holds.
            db.execute_sql("VACUUM INTO ?", (str(template),))
        db.obj.close_all()
        _seeded_sqlite["path"] = template
    shutil.copyfile(_seeded_sqlite["path"], target)


def postgres_url() -> str:
    return os.environ.get("RECEPTION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def server_url(name: str) -> str:
    """Return the URL of a database on the test PostgreSQL server."""
    return postgres_url().rsplit("/", 1)[0] + f"/{name}"


def postgres_admin():
    """Connect to the PostgreSQL server's maintenance database; skip (fail under CI) if down."""
    try:
        return psycopg.connect(server_url("postgres"), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI and unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")


class Drops:
    """Drop finished tests' PostgreSQL databases on a thread of their own, one after another.

    DROP DATABASE waits for a checkpoint (fsync of the whole cluster: a second or more on a
    busy disk); the next test need not wait for it. wait() at the end of the session.
    """

    def __init__(self):
        self.names: list[str] = []
        self.failures: list[str] = []
        self.changed = threading.Condition()
        self.thread: threading.Thread | None = None

    def later(self, name: str) -> None:
        with self.changed:
            self.names.append(name)
            self.changed.notify_all()
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="drop-databases",
                                               daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.names)
                name = self.names[0]
            try:
                with psycopg.connect(server_url("postgres"), autocommit=True,
                                     connect_timeout=5) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as error:  # reported by wait(); the thread goes on
                self.failures.append(f"{name}: {error}")
            with self.changed:
                self.names.pop(0)
                self.changed.notify_all()

    def wait(self) -> None:
        """Wait until every database handed over is dropped; fail on any that was not."""
        with self.changed:
            dropped = self.changed.wait_for(lambda: not self.names, timeout=300)
        assert dropped, f"databases still not dropped after 300 s: {self.names}"
        assert not self.failures, self.failures


drops = Drops()


def new_name(kind: str = "test") -> str:
    return f"reception_{kind}_{uuid.uuid4().hex[:10]}"


def close_bound_database() -> None:
    """Close the test process's connections to the database the last app bound."""
    if db.obj is not None:
        if not db.is_closed():
            db.close()
        if hasattr(db.obj, "close_all"):
            db.obj.close_all()
