"""Alerts raised once when many threads evaluate at the same moment, on SQLite and PostgreSQL.

Under CI=true the PostgreSQL case fails, never skips, when the server cannot be reached.
"""

import threading

import pytest

from app import create_app
from demo import headquarters
from reception import queue, realtime, schema
from reception.config import Settings
from reception.crowd import alerts
from reception.crowd.models import CrowdAlert, IncidentEntry
from reception.database import connection

THREADS = 8


def together(function) -> list:
    """Run function in THREADS threads released at the same moment; return their results."""
    barrier = threading.Barrier(THREADS)
    results, failures = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(function())
        except Exception as error:  # reported by the caller's assertion
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    return results


def evaluate_together(url, monkeypatch):
    settings = Settings.of(create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url,
                                       "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0}))
    schema.init_db()
    headquarters.seed()
    # Change the queue without publishing, so that nothing evaluates the alerts meanwhile.
    monkeypatch.setattr(realtime, "queue_changed", lambda: None)
    tickets = [queue.issue_ticket("A", size, settings=settings)[0] for size in (6, 45, 3, 9)]
    results = together(alerts.evaluate)
    raised = sorted(alert.key for new, _changed in results for alert in new)
    expected = sorted({f"group:ticket:{tickets[i].id}" for i in (0, 1, 3)} | {"hall:crowded"})
    assert raised == expected
    with connection():
        assert sorted(a.key for a in CrowdAlert.select()) == expected

    # Every ticket leaves: each alert is cleared, and logged as cleared, exactly once.
    for _ticket in tickets:
        called, _ = queue.call_next(1, settings=settings)
        queue.finish(called.id)
    together(alerts.evaluate)
    with connection():
        assert CrowdAlert.select().where(CrowdAlert.cleared_at.is_null()).count() == 0
        cleared = IncidentEntry.select().where(IncidentEntry.kind == alerts.CLEARED).count()
    assert cleared == len(expected)


def test_alerts_raised_once_under_concurrent_evaluation_sqlite(tmp_path, monkeypatch):
    evaluate_together(f"sqlite:///{tmp_path / 'crowd.db'}", monkeypatch)


@pytest.mark.postgres
def test_alerts_raised_once_under_concurrent_evaluation_postgres(postgres_database, monkeypatch):
    evaluate_together(postgres_database, monkeypatch)
