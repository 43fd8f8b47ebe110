"""Open the configured database and give services a write transaction that serialises safely."""

import threading
from contextlib import contextmanager, nullcontext

from peewee import PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect

from reception.extensions import db

# Re-entrant: a service may call another service's write inside its own transaction.
_SQLITE_WRITER = threading.RLock()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
}


def open_database(url: str, pool_size: int = 32):
    """Create the peewee database for a URL and bind the shared proxy to it.

    Connections are pooled: a request "closes" its connection back to the pool, so the SQLite
    pragmas and the PostgreSQL handshake are paid once per connection, not once per request.
    """
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite":
        database = connect(f"sqlite+pool://{rest}", pragmas=SQLITE_PRAGMAS,
                           check_same_thread=False, max_connections=None, stale_timeout=600)
    elif scheme in ("postgres", "postgresql"):
        database = connect(f"postgresql+pool://{rest}", max_connections=pool_size,
                           stale_timeout=300, timeout=10)
    else:
        database = connect(url)
    db.initialize(database)
    return database


def is_postgres() -> bool:
    """Tell whether the bound database is PostgreSQL (for SKIP LOCKED and similar)."""
    return isinstance(db.obj, PostgresqlDatabase)


def is_sqlite() -> bool:
    """Tell whether the bound database is SQLite."""
    return isinstance(db.obj, SqliteDatabase)


@contextmanager
def write_transaction():
    """Run a block as one transaction that takes the write lock up front on SQLite.

    A deferred SQLite transaction that reads and then writes fails with "database is locked"
    under contention; BEGIN IMMEDIATE waits for the lock instead (busy_timeout).
    """
    with connection():
        if is_sqlite():
            # Threads of this process queue on a lock instead of polling SQLite's busy handler,
            # whose growing sleeps (up to 100 ms) made the slowest requests wait hundreds of ms.
            with _SQLITE_WRITER, db.atomic("IMMEDIATE") as transaction:
                yield transaction
        else:
            with db.atomic() as transaction:
                yield transaction


def hold_key(key: str) -> None:
    """Make the other transactions that hold the same key wait until this one ends.

    Retries of one request (one Idempotency-Key) must run one after another: on PostgreSQL two
    racing copies could otherwise each call a ticket, the loser's rolled back, and the one
    called be the second in line while the first waits on. SQLite's write transaction
    (BEGIN IMMEDIATE) already runs them one at a time.
    """
    if is_postgres():
        db.execute_sql("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def connection():
    """Return a context that opens a connection for this thread only if none is open.

    peewee's connection_context closes the connection on exit even when a request had opened
    it, so it is used only where no connection exists (socket handlers, CLI, background work).
    """
    return db.connection_context() if db.is_closed() else nullcontext()
