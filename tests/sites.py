"""A headquarters on SQLite or PostgreSQL driven over HTTP: staff, finished meetings, exports."""

import json
from datetime import datetime

from app import create_app
from reception import clock
from reception.config import Settings
from reception.database import connection
from reception.users import create_user, issue_token
from tests.databases import copy_seeded_sqlite

DAY = "2027-03-03"  # a Wednesday
ENGINES = ["sqlite", "postgresql"]


class Site:
    """One app and its test client, with the steps the tests repeat."""

    def __init__(self, engine: str, client):
        self.engine = engine
        self.client = client
        self.people = 0

    def staff(self, role: str = "officer") -> dict:
        """Create a staff account and return its bearer headers."""
        self.people += 1
        settings = Settings.of(self.client.application)
        with connection():
            user = create_user(f"{role}-{self.people}", "mat-khau-an-toan", role,
                               hash_method=settings.password_hash_method)
            token = issue_token(user, settings.token_hours)
        return {"Authorization": f"Bearer {token}"}

    def finish(self, headers: dict, record: dict):
        """Issue a ticket, call it at counter 1 and finish it with a record; return the answer."""
        ticket = self.client.post("/api/v1/tickets", json={"service": "A"})
        assert ticket.status_code == 201, ticket.json
        called = self.client.post("/api/v1/counters/1/call-next", headers=headers)
        assert called.status_code == 200, called.json
        # ASCII JSON: lone surrogates travel as \ud800 escapes, as a client could send them.
        return self.client.post(f"/api/v1/tickets/{ticket.json['ticket']['id']}/finish",
                                headers=headers, data=json.dumps(record),
                                content_type="application/json")

    def record(self, headers: dict, record: dict) -> dict:
        """Finish a meeting with a record and return the stored visit's JSON."""
        answer = self.finish(headers, record)
        assert answer.status_code == 200, answer.json
        return answer.json["visit"]

    def logbook(self, headers: dict, export: str):
        return self.client.get(f"/api/v1/logbook?from={DAY}&to={DAY}&format={export}",
                               headers=headers)


def open_site(request, tmp_path) -> Site:
    """Create the app on the engine named by request.param (a copy of the seeded database),
    the clock frozen on DAY at 9:00."""
    if request.param == "sqlite":
        database = tmp_path / "reception.db"
        copy_seeded_sqlite(database)
        url = f"sqlite:///{database}"
    else:
        url = request.getfixturevalue("seeded_postgres_database")
    application = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                              "DATABASE_URL": url, "CLOSING_TIME": "",
                              "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
                              "REALTIME_COALESCE_SECONDS": 0})
    clock.frozen_now = datetime(2027, 3, 3, 9, tzinfo=clock.TIMEZONE)
    return Site(request.param, application.test_client())


def close_site() -> None:
    """Undo what open_site changed: the frozen clock."""
    clock.frozen_now = None
