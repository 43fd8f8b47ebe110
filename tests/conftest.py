"""Shared fixtures: an app on a fresh database, HTTP and Socket.IO clients, staff factories."""

import atexit
import itertools
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

from app import create_app
from reception import clock, realtime, schema
from reception.database import connection
from reception.extensions import db, socketio
from reception.users import create_user, issue_token
from tests.sites import ENGINES, close_site, open_site

_names = itertools.count(1)


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


def copy_seeded_sqlite(target: Path) -> None:
    """Copy to target the SQLite file that schema.init_db() and schema.seed_demo() make.

    The file is made once per test session by those very functions, then copied: the same
    tables, triggers and demo data as running them again, without rebuilding the schema for
    each of the hundreds of tests that start on a fresh database.
    """
    if "path" not in _seeded_sqlite:
        folder = Path(tempfile.mkdtemp(prefix="reception-seeded-"))
        atexit.register(shutil.rmtree, folder, True)
        work, template = folder / "work.db", folder / "seeded.db"
        create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{work}"})
        schema.init_db()
        schema.seed_demo()
        with connection():
            # One self-contained file, whatever the write-ahead log still holds.
            db.execute_sql("VACUUM INTO ?", (str(template),))
        db.obj.close_all()
        _seeded_sqlite["path"] = template
    shutil.copyfile(_seeded_sqlite["path"], target)


@pytest.fixture
def app(tmp_path):
    """Return an app on a new SQLite file seeded with the demo services and counters."""
    database = tmp_path / "reception.db"
    copy_seeded_sqlite(database)
    application = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{database}"})
    yield application
    clock.frozen_now = None
    realtime.COALESCE_SECONDS = 0.05


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a staff account: make_user(role) -> (user, password)."""

    def factory(role="officer", username=None, password="mat-khau-an-toan"):
        with connection():
            user = create_user(username or f"{role}{next(_names)}", password, role)
        return user, password

    return factory


@pytest.fixture
def auth_headers(make_user):
    """Return bearer headers for a new staff account of the given role."""

    def factory(role="officer"):
        user, _ = make_user(role)
        with connection():
            token = issue_token(user)
        return {"Authorization": f"Bearer {token}"}

    return factory


@pytest.fixture
def officer(auth_headers):
    return auth_headers("officer")


@pytest.fixture
def issue(client):
    """Issue a ticket through the API and return its JSON."""

    def factory(service="A", party_size=1, priority=None, **headers):
        response = client.post(
            "/api/v1/tickets",
            json={"service": service, "party_size": party_size, "priority": priority},
            headers=headers,
        )
        assert response.status_code == 201, response.json
        return response.json["ticket"]

    return factory


@pytest.fixture
def display_client(app, client):
    """Return a Socket.IO test client connected to the /display namespace."""
    sio = socketio.test_client(app, namespace="/display", flask_test_client=client)
    yield sio
    if sio.is_connected("/display"):
        sio.disconnect("/display")


def events_named(received, name):
    """Return the args of every received Socket.IO event with this name."""
    return [event["args"][0] for event in received if event["name"] == name]


def postgres_url() -> str:
    return os.environ.get("RECEPTION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def live_server(tmp_path):
    """Return a started real server (gunicorn + websockets) on its own SQLite database."""
    from tests.live import LiveServer

    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def postgres_database():
    """Create a fresh PostgreSQL database for one test and drop it afterwards."""
    admin_url = postgres_url().rsplit("/", 1)[0] + "/postgres"
    name = f"reception_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI and unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from reception.extensions import db

        if db.obj is not None and not db.is_closed():
            db.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=ENGINES)
def site(request, tmp_path):
    """A headquarters on SQLite, then on PostgreSQL, driven over HTTP (tests/sites.py)."""
    yield open_site(request, tmp_path)
    close_site()


@pytest.fixture
def redis_url():
    """Return the Redis URL for Socket.IO's message queue; under CI it must be reachable."""
    import redis

    url = os.environ.get("RECEPTION_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required under CI and unreachable: {error}")
        pytest.skip(f"Redis unreachable: {error}")
    return url


@pytest.fixture(scope="session")
def browser():
    """Start one headless Chromium for the whole session (tests/chromium.py); every test opens
    its own context or page, so cookies and storage never pass from one test to the next."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def pages(browser):
    """Return a fresh context in Vietnamese (tests.chromium.pages_in)."""
    from tests.chromium import pages_in

    yield from pages_in(browser, "vi-VN")
