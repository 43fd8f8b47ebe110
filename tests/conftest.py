"""Shared fixtures: an app on a fresh database, HTTP and Socket.IO clients, staff factories."""

import itertools
import os

import pytest

from app import create_app
from reception import clock
from reception.config import Settings
from reception.database import connection
from reception.extensions import socketio
from reception.users import create_user, issue_token
from tests.databases import (
    TEST_CONFIG,
    close_bound_database,
    copy_seeded_sqlite,
    drops,
    new_name,
    postgres_admin,
    seed,
    server_url,
)
from tests.sites import ENGINES, close_site, open_site

_names = itertools.count(1)
# Under pytest-xdist (make test: -n 2 --dist loadgroup) these modules run one after another on
# one worker: each loads the whole machine (several server processes, hundreds of clients) or
# races processes against each other, and two at once would only slow both.
ONE_AT_A_TIME = {
    "tests/test_workers.py",
    "tests/test_workers_start.py",
    "tests/test_kill_server.py",
    "tests/browser/test_workers_browser.py",
    "tests/reception/test_concurrency.py",
    "tests/cases/test_visitor_race.py",
}


def pytest_sessionfinish(session):
    """End the session only once every test's PostgreSQL database is dropped."""
    drops.wait()


def pytest_collection_modifyitems(config, items):
    """Group tests for pytest-xdist's loadgroup: the ONE_AT_A_TIME modules together, and each
    module whose tests share a module-scoped fixture (one server) on a single worker."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in ONE_AT_A_TIME:
            group = "one-at-a-time"
        elif any(definitions[-1].scope in ("module", "package", "class")
                 for definitions in item._fixtureinfo.name2fixturedefs.values()):
            group = module
        else:
            continue
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def app(request, tmp_path):
    """Return an app on a new SQLite file seeded with the demo services and counters.

    A test marked @pytest.mark.app_config(KEY=value, ...) gets those settings on top.
    """
    database = tmp_path / "reception.db"
    copy_seeded_sqlite(database)
    marker = request.node.get_closest_marker("app_config")
    application = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{database}",
                              # Files sent with online petitions stay with the test's database.
                              "PETITION_FOLDER": str(tmp_path / "petitions"),
                              **(marker.kwargs if marker else {})})
    yield application
    clock.frozen_now = None


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
            user = create_user(username or f"{role}{next(_names)}", password, role,
                               hash_method=Settings.of(app).password_hash_method)
        return user, password

    return factory


@pytest.fixture
def auth_headers(app, make_user):
    """Return bearer headers for a new staff account of the given role."""

    def factory(role="officer"):
        user, _ = make_user(role)
        with connection():
            token = issue_token(user, Settings.of(app).token_hours)
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


@pytest.fixture
def live_server(tmp_path):
    """Return a started real server (gunicorn + websockets) on its own SQLite database."""
    from tests.live import LiveServer

    server = LiveServer(tmp_path).start()
    yield server
    server.discard()


@pytest.fixture
def postgres_database():
    """Create a fresh, empty PostgreSQL database for one test and drop it afterwards."""
    yield from _test_database()


def _test_database(template: str | None = None):
    """Yield the URL of a new database (a copy of template, if given); drop it afterwards."""
    admin = postgres_admin()
    name = new_name()
    copy = f' TEMPLATE "{template}"' if template else ""
    admin.execute(f'CREATE DATABASE "{name}"{copy}')
    admin.close()
    try:
        yield server_url(name)
    finally:
        close_bound_database()
        drops.later(name)


@pytest.fixture(scope="session")
def seeded_postgres_template():
    """Build once per session a PostgreSQL database with schema.init_db() and the demo seed;
    return its name, to copy with CREATE DATABASE ... TEMPLATE (drop it at the end)."""
    admin = postgres_admin()
    name = new_name("seeded")
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    try:
        seed(server_url(name))
        close_bound_database()
        yield name
    finally:
        drops.later(name)


@pytest.fixture
def seeded_postgres_database(seeded_postgres_template):
    """Create a PostgreSQL database for one test as a copy of the seeded template."""
    yield from _test_database(template=seeded_postgres_template)


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
