"""Migration 5 adds the outbox, its delivery log, the alert recipients and the petitions to a
database of schema version 3, and petitions work on it at once."""

import sqlite3

from app import create_app
from demo import headquarters
from reception import schema
from tests.petitions.conftest import form

NEW_TABLES = {"notification", "delivery_attempt", "alert_recipient", "petition", "petition_file"}


def test_a_version_3_database_gets_the_new_tables(tmp_path):
    path = tmp_path / "old.db"
    settings = {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}",
                "CLOSING_TIME": "", "PETITION_FOLDER": str(tmp_path / "don")}
    create_app(settings)
    schema.init_db()
    headquarters.seed()
    with sqlite3.connect(path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master "
                                                "WHERE type = 'table'")}
        assert NEW_TABLES <= tables
        for table in NEW_TABLES:
            raw.execute(f'DROP TABLE "{table}"')
        raw.execute("DELETE FROM schema_version")
        raw.execute("INSERT INTO schema_version (version, applied_at) VALUES (3, '2026-11-01')")
    assert schema.init_db() == max(number for number, _ in schema.MIGRATIONS) >= 5
    with sqlite3.connect(path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master "
                                                "WHERE type = 'table'")}
        versions = [row[0] for row in raw.execute("SELECT version FROM schema_version")]
    assert NEW_TABLES <= tables and 5 in versions
    client = create_app(settings).test_client()
    answer = client.post("/api/v1/petitions", data=form(), content_type="multipart/form-data")
    assert answer.status_code == 201, answer.json
