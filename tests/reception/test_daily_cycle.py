"""Numbering restarts each local day; tickets left waiting at closing time expire."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from demo import headquarters
from reception import clock, queue
from reception.config import Settings
from reception.database import connection
from reception.models import Ticket, TicketEvent

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts):
    return datetime(*parts, tzinfo=HCM)


def test_numbering_restarts_at_local_midnight(client, issue):
    clock.frozen_now = at(2026, 11, 27, 23, 59)
    assert issue("A")["number"] == "001"
    assert issue("A")["number"] == "002"
    # 00:01 in Hồ Chí Minh City is still the previous day in UTC: the local date counts.
    clock.frozen_now = at(2026, 11, 28, 0, 1)
    assert issue("A")["number"] == "001"


def test_every_matter_shares_one_sequence(client, issue):
    # A number of its own per matter would tell a denunciation's ticket apart.
    assert [issue(code)["number"] for code in "ACBDB"] == ["001", "002", "003", "004", "005"]


def test_an_old_database_with_number_prefixes_is_migrated(tmp_path):
    """A site that set a prefix before numbers were shared keeps its data and numbers anew."""
    import sqlite3

    from app import create_app
    from reception import schema

    path = tmp_path / "old.db"
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}",
                "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0})
    schema.init_db()
    headquarters.seed()
    with sqlite3.connect(path) as raw:  # the schema as version 1 had it
        raw.execute("ALTER TABLE service ADD COLUMN prefix VARCHAR(3) NOT NULL DEFAULT ''")
        raw.execute("UPDATE service SET prefix = 'K' WHERE code = 'A'")
        raw.execute("DELETE FROM schema_version")
        raw.execute("INSERT INTO schema_version (version, applied_at) VALUES (1, '2026-01-01')")
    assert schema.init_db() == max(number for number, _ in schema.MIGRATIONS)
    with sqlite3.connect(path) as raw:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(service)")]
        assert "prefix" not in columns
        assert raw.execute("SELECT COUNT(*) FROM service").fetchone()[0] == 4
    client = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}",
                         "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0}).test_client()
    answer = client.post("/api/v1/tickets", json={"service": "A", "party_size": 1})
    assert answer.status_code == 201 and answer.json["ticket"]["number"] == "001"


@pytest.mark.app_config(CLOSING_TIME="17:00")
def test_tickets_waiting_at_closing_time_expire_and_history_is_kept(app, client, issue, officer):
    closing_time = Settings.of(app).closing_time
    clock.frozen_now = at(2026, 11, 27, 16, 0)
    served = issue("A")
    left = issue("A", party_size=3)
    client.post("/api/v1/counters/1/call-next", headers=officer)
    clock.frozen_now = at(2026, 11, 27, 17, 1)
    refused = client.post("/api/v1/tickets", json={"service": "A"})
    assert refused.status_code == 409
    assert "Đã hết giờ tiếp công dân hôm nay (17:00)" in refused.json["error"]["message"]
    with connection():
        assert queue.expire_stale(closing_time) == 1
        assert Ticket.get_by_id(left["id"]).status == "expired"
        assert Ticket.get_by_id(served["id"]).status == "called"
        kinds = [e.kind for e in TicketEvent.select().where(TicketEvent.ticket == left["id"])]
    assert kinds == ["issued", "expired"]
    # The next morning: yesterday's open ticket is closed and numbering starts again.
    clock.frozen_now = at(2026, 11, 28, 7, 30)
    with connection():
        queue.expire_stale(closing_time)
        assert Ticket.get_by_id(served["id"]).status == "no_show"
        assert Ticket.select().count() == 2, "history is kept"
    assert issue("A")["number"] == "001"


def test_yesterdays_waiting_tickets_are_never_called(client, issue, officer):
    clock.frozen_now = at(2026, 11, 27, 10, 0)
    issue("A")
    clock.frozen_now = at(2026, 11, 28, 8, 0)
    assert client.post("/api/v1/counters/1/call-next", headers=officer).status_code == 204
